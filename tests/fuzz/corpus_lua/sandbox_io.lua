-- sandbox_io: test scenario for tests/test_lua.c (see the case of the same name).
local f = io.open("/etc/passwd")
return wijksim.scenario { name = "x", area_data = "areas/nplv2022.csv" }
