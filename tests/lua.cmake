# Lua scenario loader: language, validation, sandbox, limits (tests/test_lua.c).
ws_c_tests(lua LABELS unit lua LIBS ws_lua)
