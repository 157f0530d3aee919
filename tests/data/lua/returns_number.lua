-- returns_number: test scenario for tests/test_lua.c (see the case of the same name).
local s = wijksim.scenario { name = "x", area_data = "areas3.csv" }
return 42
