-- areas_bad_selector: test scenario for tests/test_lua.c (see the case of the same name).
local ids = wijksim.areas("most", "areas3.csv")
return wijksim.scenario { name = "x", area_data = "areas3.csv", areas = ids }
