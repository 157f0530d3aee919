-- iv_unknown_area.lua: test scenario for tests/test_lua.c (see the case of the same name).
return wijksim.scenario {
  name = "x", area_data = "areas3.csv",
  interventions = {
    wijksim.intervention {
      name = "coach", transition = "job_finding", places_per_year = 10,
      areas = { "centrum", "zuid_wset" },
    },
  },
}
