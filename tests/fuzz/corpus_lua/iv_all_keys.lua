-- iv_all_keys: test scenario for tests/test_lua.c (see the case of the same name).
return wijksim.scenario {
  name = "x", area_data = "areas/nplv2022.csv",
  interventions = {
    wijksim.intervention {
      name = "all keys", type = "test_type", source = "a source", cost_source = "estimate",
      evidence = "weak", kind = "person", areas = { "vlaardingen_west", "delft_west" },
      cofinance = { rijk = 0.25, municipality = 0.75 },
      start_year = 2027, end_year = 2040, ramp_up_years = 2.5,
      who = { age = { 16, 27 }, sex = "female", labour = { "bijstand", "retired" },
              stage = { "done" }, track = { "vwo", "vmbo_bk" }, tenure = "owner",
              low_income = true, bijstand = true, debt = false, offender = true,
              network = false, distress = true, good_health = false, lonely = true,
              no_qualification = true, member = "partner" },
      priority = "risk", places_per_year = 12.5, cost_per_participant = 3000,
      fixed_cost_per_year = 1e5, take_up = 0.6, completion = 0.8, programme_months = 9,
      transition = "desistance", effect = { odds_ratio = 1.4 },
      uncertainty = { dist = "uniform", min = 1.1, max = 1.8 },
      effect_months = 24, decay_months = 6, effect_by_risk = 0.5,
    },
    wijksim.intervention {
      name = "place", place_target = "police", amount_per_year = 10,
      cost_per_unit = 2e5, spillover = -0.2, payer = "corporation",
      effect = { hr = 0.9 }, effect_per = 4, uncertainty = { dist = "normal", sd = 0.1 },
    },
  },
}
