-- wrong_type: test scenario for tests/test_lua.c (see the case of the same name).
return wijksim.scenario {
  name = "x",
  area_data = "areas/nplv2022.csv",
  years = "20",
}
