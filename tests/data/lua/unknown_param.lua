-- unknown_param: test scenario for tests/test_lua.c (see the case of the same name).
return wijksim.scenario {
  name = "x", area_data = "areas3.csv",
  params = {
    mort_hr_poor_healt = 2.0,
  },
}
