-- unknown_key: test scenario for tests/test_lua.c (see the case of the same name).
return wijksim.scenario {
  name = "x",
  yeers = 20,
  area_data = "areas/nplv2022.csv",
}
