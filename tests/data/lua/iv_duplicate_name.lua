-- iv_duplicate_name: test scenario for tests/test_lua.c (see the case of the same name).
return wijksim.scenario {
  name = "x", area_data = "areas3.csv",
  interventions = {
    wijksim.intervention { name = "coach", transition = "job_finding", places_per_year = 10 },
    wijksim.intervention { name = "coach", transition = "job_loss", places_per_year = 10 },
  },
}
