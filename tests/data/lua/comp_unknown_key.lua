-- comp_unknown_key: test scenario for tests/test_lua.c (see the case of the same name).
return wijksim.comparison {
  name = "cmp", description = "a comparison", area_data = "areas3.csv",
  start_year = 2030, years = 5, replications = 3, seed = 7, scale = 0.5,
  areas = { "centrum", "zuid_west" }, params = { mort_hr_poor_health = 2.0 },
  baseline = wijksim.scenario { name = "base" },
  optoins = { wijksim.scenario { name = "o" } },
}
