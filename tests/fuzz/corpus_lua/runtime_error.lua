-- runtime_error: test scenario for tests/test_lua.c (see the case of the same name).
local n = 3
local x = nothing(n)
return wijksim.scenario { name = "x", area_data = "areas/nplv2022.csv" }
