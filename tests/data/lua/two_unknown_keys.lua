-- two_unknown_keys: test scenario for tests/test_lua.c (see the case of the same name).
return wijksim.scenario {
  name = "x",
  zzz_second = 1,
  area_data = "areas3.csv",
  ["zzz_third"] = 2,
}
