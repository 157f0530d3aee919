-- iv_who_unknown_key.lua: test scenario for tests/test_lua.c (see the case of the same name).
return wijksim.scenario {
  name = "x", area_data = "areas3.csv",
  interventions = {
    wijksim.intervention {
      name = "coach", transition = "job_finding", places_per_year = 10,
      who = { age = { 16, 27 },
              bijstnd = true },
    },
  },
}
