-- memory_bomb: test scenario for tests/test_lua.c (see the case of the same name).
local t, s = {}, string.rep("x", 1 << 20)
for i = 1, 1e9 do
  t[i] = s .. i
end
