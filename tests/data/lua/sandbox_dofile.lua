-- sandbox_dofile: test scenario for tests/test_lua.c (see the case of the same name).
dofile("/etc/passwd")
return wijksim.scenario { name = "x", area_data = "areas3.csv" }
