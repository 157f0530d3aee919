-- iv_achievement_hr.lua: test scenario for tests/test_lua.c (see the case of the same name).
return wijksim.scenario {
  name = "x", area_data = "areas3.csv",
  interventions = {
    wijksim.intervention {
      name = "tut", transition = "achievement", places_per_year = 10,
      effect = { hr = 1.2 },
    },
  },
}
