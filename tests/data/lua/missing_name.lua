-- missing_name: test scenario for tests/test_lua.c (see the case of the same name).
return wijksim.scenario {
  area_data = "areas3.csv",
}
