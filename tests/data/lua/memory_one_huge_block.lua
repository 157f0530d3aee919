-- memory_one_huge_block: test scenario for tests/test_lua.c (see the case of the same name).
local s = string.rep("x", 1 << 27)
local u = s .. s .. "y"
