-- xpcall_semantics: test scenario for tests/test_lua.c (see the case of the same name).
local ok, m = xpcall(function() error("boom") end, function(m) return "handled: " .. m end)
assert(not ok and m == "handled: xpcall_semantics.lua:2: boom", m)
local ok2, a, b = xpcall(function(x, y) return x + y, x * y end, print, 3, 4)
assert(ok2 and a == 7 and b == 12)
local ok3, e3 = pcall(error, { code = 1 })
assert(not ok3 and e3.code == 1)
assert(select("#", pcall(function() return 1, 2, 3 end)) == 4)
-- math.random is seeded the same way on every run, and cannot be reseeded
assert(math.randomseed == nil)
return wijksim.scenario { name = "r" .. math.random(1, 1000000), area_data = "areas/nplv2022.csv" }
