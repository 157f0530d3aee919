-- cat_default_range: test scenario for tests/test_lua.c (see the case of the same name).
local cat = require "lib.cat"
return wijksim.scenario {
  name = "x", area_data = "areas3.csv",
  interventions = { cat.patrol { } },
}
