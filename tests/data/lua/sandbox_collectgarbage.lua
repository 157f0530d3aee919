-- sandbox_collectgarbage: test scenario for tests/test_lua.c (see the case of the same name).
collectgarbage()
return wijksim.scenario { name = "x", area_data = "areas3.csv" }
