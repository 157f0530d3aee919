-- move.lua: hooks for tests/test_hooks.c — the baseline has none; "keep" returns nothing
-- (weights stay the residents); "move" puts the whole envelope on vlaardingen_west from the
-- second year on.
local common = require "common"
return wijksim.comparison {
  name = "hook test", start_year = 2026, years = 3, replications = 1, seed = 5, scale = 0.1,
  area_data = "../../../scenarios/areas/nplv2022.csv",
  areas = { "vlaardingen_west", "delft_west" },
  params = { burn_in_months = 12 },
  baseline = wijksim.scenario { name = "plain", packages = { common.package() } },
  options = {
    wijksim.scenario { name = "keep", packages = { common.package() },
      hook = function(year, areas)
        assert(areas.delft_west.budget_weight.work > 0)
        assert(areas.vlaardingen_west.population > 0)
      end },
    wijksim.scenario { name = "move", packages = { common.package() },
      hook = function(year, areas)
        return { work = { delft_west = 0, vlaardingen_west = 1 } }
      end },
  },
}
