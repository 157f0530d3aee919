-- error.lua: a hook that fails at run time (line 9) in its second call.
local common = require "common"
local calls = 0
return wijksim.scenario {
  name = "error", start_year = 2026, years = 3, replications = 1, seed = 5, scale = 0.1,
  area_data = "../../../scenarios/areas/nplv2022.csv", areas = { "delft_west" },
  params = { burn_in_months = 12 }, packages = { common.package() },
  hook = function(year, areas)
    calls = calls + 1; if calls == 2 then error("no data for " .. year) end
  end,
}
