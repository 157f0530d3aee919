-- require_absolute: test scenario for tests/test_lua.c (see the case of the same name).
local x = require "/etc/passwd"
return wijksim.scenario { name = "x", area_data = "areas3.csv" }
