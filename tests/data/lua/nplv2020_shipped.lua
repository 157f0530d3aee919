-- nplv2020_shipped: test scenario for tests/test_lua.c (see the case of the same name).
return wijksim.scenario {
  name = "nplv2020",
  area_data = "../../../scenarios/areas/nplv2022.csv",
  areas = "nplv2020",
  params = { mort_hr_poor_health = 1.25 },
}
