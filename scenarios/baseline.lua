-- baseline.lua: the 20 NPLV areas with no extra interventions — the reference every other
-- scenario is compared with.
--
-- How a scenario file works (read this once; other scenarios build on it):
--
--   * A scenario is a Lua 5.4 script. It *describes* what to simulate; the model itself runs in
--     C. The script must end with `return wijksim.scenario { ... }`.
--   * Every key below is checked when the file is loaded. A misspelt key ("yeers"), a wrong
--     type (years = "20"), a value out of range (scale = 1.5) or an unknown area id is an error
--     that names this file, the line and the key. Keys you leave out get the default shown.
--   * The script runs in a sandbox: no files, no operating system, no `load`. You may use
--     local variables, functions, loops, string/table/math/utf8, and `require "name"` for
--     other .lua files in this folder (name.lua; "lib.areas" means lib/areas.lua).
--   * Helpers: wijksim.areas("all" | "nplv2020") lists area ids; wijksim.area_table() gives
--     every area's data as a table (to pick areas by their numbers); wijksim.param_defaults()
--     gives the default of every model parameter (see `wijksim params`).

return wijksim.scenario {
  -- Required. Letters, digits, spaces and _ . , + ( ) - ; it names the results group
  -- /scenarios/baseline in the HDF5 file.
  name = "baseline",
  description = "All 20 NPLV areas, current policy, no extra Rijksinzet",

  -- Time: the first simulated year and how many years to run (1..60). Steps are monthly.
  start_year = 2026,
  years = 20,

  -- Uncertainty: independent runs (1..100000) and the seed that fixes their random numbers.
  -- Scenarios compared with this one should use the same seed (common random numbers).
  replications = 4,
  seed = 2026,

  -- Fraction of households simulated, in (0, 1]. 1.0 is the full population; 0.05 is enough
  -- for a quick look (see baseline_quick.lua). Results are scaled back to the full areas.
  scale = 1.0,

  -- Where the area data comes from, relative to this file's folder (this is the default).
  area_data = "areas/nplv2022.csv",

  -- Which areas: "all" rows of the area file, "nplv2020" (the 16 areas of the 2020
  -- programme), or a list of ids, e.g. { "rotterdam_zuid", "den_haag_zuidwest" }.
  areas = "all",

  -- Overrides of model parameters, by name, e.g. params = { mort_hr_poor_health = 2.0 }.
  -- Each value is checked against the parameter's plausible range. None: the defaults.
  params = {},
}
