-- require_cycle: test scenario for tests/test_lua.c (see the case of the same name).
local a = require "lib.cycle_a"
return wijksim.scenario { name = "x", area_data = "areas3.csv" }
