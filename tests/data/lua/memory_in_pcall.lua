-- memory_in_pcall: test scenario for tests/test_lua.c (see the case of the same name).
local t = {}
while true do
  pcall(function() t[#t + 1] = string.rep("y", 1 << 24) .. #t end)
end
