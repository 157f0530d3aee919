-- param_range: test scenario for tests/test_lua.c (see the case of the same name).
return wijksim.scenario {
  name = "x", area_data = "areas3.csv",
  params = {
    mort_hr_poor_health = 9,
  },
}
