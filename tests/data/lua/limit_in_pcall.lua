-- limit_in_pcall: test scenario for tests/test_lua.c (see the case of the same name).
for i = 1, 1e9 do
  pcall(function() while true do end end)
end
