-- xpcall_handler_loops: test scenario for tests/test_lua.c (see the case of the same name).
xpcall(function() while true do end end, function(m) while true do end end)
