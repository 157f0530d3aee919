-- stack_overflow: test scenario for tests/test_lua.c (see the case of the same name).
local function f(n) return 1 + f(n + 1) end
local x = f(1)
