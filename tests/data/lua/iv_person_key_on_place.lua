-- iv_person_key_on_place.lua: test scenario for tests/test_lua.c (see the case of the same name).
return wijksim.scenario {
  name = "x", area_data = "areas3.csv",
  interventions = {
    wijksim.intervention {
      name = "reno", place_target = "renovation", amount_per_year = 5,
      take_up = 0.5,
    },
  },
}
