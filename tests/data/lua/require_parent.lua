-- require_parent: test scenario for tests/test_lua.c (see the case of the same name).
local x = require "../x"
return wijksim.scenario { name = "x", area_data = "areas3.csv" }
