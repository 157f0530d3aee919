-- iv_unknown_transition.lua: test scenario for tests/test_lua.c (see the case of the same name).
return wijksim.scenario {
  name = "x", area_data = "areas3.csv",
  interventions = {
    wijksim.intervention {
      name = "coach", places_per_year = 10,
      transition = "job_findng",
    },
  },
}
