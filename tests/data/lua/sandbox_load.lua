-- sandbox_load: test scenario for tests/test_lua.c (see the case of the same name).
local f = load("return 1")
return wijksim.scenario { name = "x", area_data = "areas3.csv" }
