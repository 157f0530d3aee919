-- hook_error.lua: a hook that indexes a missing area (runtime error on line 9): exit 2,
-- file:line, nothing written.
return wijksim.scenario {
  name = "hook error", start_year = 2026, years = 2, replications = 1, seed = 7, scale = 0.1,
  area_data = "../../../scenarios/areas/nplv2022.csv",
  areas = { "delft_west" },
  params = { burn_in_months = 12 },
  hook = function(year, areas)
    return { safety = { delft_west = areas.atlantis.population } }
  end,
}
