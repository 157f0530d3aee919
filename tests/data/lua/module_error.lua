-- module_error: test scenario for tests/test_lua.c (see the case of the same name).
local b = require "lib.broken"
return wijksim.scenario { name = "x", area_data = "areas3.csv" }
