-- error_table: test scenario for tests/test_lua.c (see the case of the same name).
local x = 1
error({ code = 1 })
