-- iv_spillover_dwelling.lua: test scenario for tests/test_lua.c (see the case of the same name).
return wijksim.scenario {
  name = "x", area_data = "areas3.csv",
  interventions = {
    wijksim.intervention {
      name = "reno", place_target = "renovation", amount_per_year = 10,
      spillover = 0.1,
    },
  },
}
