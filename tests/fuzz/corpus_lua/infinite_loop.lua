-- infinite_loop: test scenario for tests/test_lua.c (see the case of the same name).
local n = 0
while true do n = n + 1 end
