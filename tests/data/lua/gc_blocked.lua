-- gc_blocked: test scenario for tests/test_lua.c (see the case of the same name).
local t = setmetatable({}, { __gc = function() while true do end end })
return wijksim.scenario { name = "x", area_data = "areas3.csv" }
