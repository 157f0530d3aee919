-- bad_weight.lua: hooks (defined on line 8) with an unknown package, unknown area, negative
-- weight; the option index picks which.
local common = require "common"
local bad = { { nope = { delft_west = 1 } }, { work = { atlantis = 1 } }, { work = { delft_west = -1 } } }
local function opt(k)
  return wijksim.scenario { name = "bad" .. k, packages = { common.package() },
    hook =
      function(year, areas) return bad[k] end }
end
return wijksim.comparison {
  name = "bad weights", start_year = 2026, years = 1, replications = 1, seed = 5, scale = 0.1,
  area_data = "../../../scenarios/areas/nplv2022.csv", areas = { "delft_west" },
  params = { burn_in_months = 12 },
  baseline = wijksim.scenario { name = "plain" },
  options = { opt(1), opt(2), opt(3) },
}
