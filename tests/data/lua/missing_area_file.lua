-- missing_area_file: test scenario for tests/test_lua.c (see the case of the same name).
return wijksim.scenario {
  name = "x",
  area_data = "no_such_areas.csv",
}
