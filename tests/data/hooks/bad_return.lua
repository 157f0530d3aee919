-- bad_return.lua: a hook (defined on line 7) that returns a number.
local common = require "common"
return wijksim.scenario {
  name = "bad return", start_year = 2026, years = 2, replications = 1, seed = 5, scale = 0.1,
  area_data = "../../../scenarios/areas/nplv2022.csv", areas = { "delft_west" },
  params = { burn_in_months = 12 }, packages = { common.package() },
  hook = function(year, areas)
    return 42
  end,
}
