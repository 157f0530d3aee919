-- cat_override: test scenario for tests/test_lua.c (see the case of the same name).
local cat = require "lib.cat"
return wijksim.scenario {
  name = "x", area_data = "areas3.csv",
  packages = {
    wijksim.package { name = "p", rijk_eur_per_year = 1e6, interventions = {
      cat.coach { places_per_year = 800 },
      cat.coach { name = "coach2", take_up = 0.9, areas = { "centrum" } },
    } },
  },
}
