-- good_defaults: test scenario for tests/test_lua.c (see the case of the same name).
return wijksim.scenario {
  name = "defaults",
  area_data = "areas/nplv2022.csv",
}
