-- sandbox_string_dump: test scenario for tests/test_lua.c (see the case of the same name).
local d = string.dump(print)
return wijksim.scenario { name = "x", area_data = "areas3.csv" }
