-- areas_call_bad_file: test scenario for tests/test_lua.c (see the case of the same name).
local ids = wijksim.areas("all", "areas3_bad.csv")
return wijksim.scenario { name = "x", area_data = "areas3.csv", areas = ids }
