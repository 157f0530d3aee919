-- cat_defaults_unknown: test scenario for tests/test_lua.c (see the case of the same name).
local cat = require "lib.cat_bad"
return wijksim.scenario { name = "x", area_data = "areas3.csv" }
