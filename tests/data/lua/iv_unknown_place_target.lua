-- iv_unknown_place_target.lua: test scenario for tests/test_lua.c (see the case of the same name).
return wijksim.scenario {
  name = "x", area_data = "areas3.csv",
  interventions = {
    wijksim.intervention {
      name = "reno", amount_per_year = 10,
      place_target = "renovaton",
    },
  },
}
