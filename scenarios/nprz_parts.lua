-- nprz_parts.lua: scenarios/nprz.lua split into its parts. Each option runs ONE of the package's
-- interventions alone, in its own package with the same budgets and years, against the same
-- baseline with the same seed (common random numbers), plus the whole package for reference.
-- nprz.lua pays every intervention's plan in full, so alone each one gets the same places and
-- spends the same as inside the package; what differs is only the company it keeps (people
-- turned away because another programme on the same transition holds them, area-level effects
-- that interact).
--
--   wijksim run scenarios/nprz_parts.lua -o results/nprz_parts.h5
--   wijksim summary results/nprz_parts.h5

local nprz = require "nprz"
local whole = nprz.options[1]
local BUDGETS = { "rijk_eur_per_year", "municipality_eur_per_year", "corporation_eur_per_year",
                  "other_eur_per_year" }

local options = { whole }
for _, pk in ipairs(whole.packages) do
  for _, iv in ipairs(pk.interventions) do
    local alone = { name = pk.name, start_year = pk.start_year, end_year = pk.end_year,
                    interventions = { iv } }
    for _, b in ipairs(BUDGETS) do alone[b] = pk[b] end
    options[#options + 1] = wijksim.scenario {
      name = (iv.name or iv.type) .. " alone",
      packages = { wijksim.package(alone) },
    }
  end
end

return wijksim.comparison {
  name = nprz.name .. ", by intervention",
  description = "each intervention of the NPRZ-like package alone vs none, Rotterdam-Zuid",
  start_year = nprz.start_year, years = nprz.years, replications = nprz.replications,
  seed = nprz.seed, scale = nprz.scale, areas = nprz.areas,
  baseline = nprz.baseline,
  options = options,
}
