-- syntax_error: test scenario for tests/test_lua.c (see the case of the same name).
return wijksim.scenario {
  name = "x"
  years = 20,
}
