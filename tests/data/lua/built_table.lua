-- built_table: test scenario for tests/test_lua.c (see the case of the same name).
local s = { name = "x", area_data = "areas3.csv" }
s.years = 0
return wijksim.scenario(s)
