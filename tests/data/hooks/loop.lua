-- loop.lua: a hook that never ends (line 8): the instruction limit stops it.
local common = require "common"
return wijksim.scenario {
  name = "loop", start_year = 2026, years = 1, replications = 1, seed = 5, scale = 0.1,
  area_data = "../../../scenarios/areas/nplv2022.csv", areas = { "delft_west" },
  params = { burn_in_months = 12 }, packages = { common.package() },
  hook = function(year, areas)
    local n = 0; while true do n = n + 1 end
  end,
}
