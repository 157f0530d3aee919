-- comp_good: test scenario for tests/test_lua.c (see the case of the same name).
return wijksim.comparison {
  name = "cmp", description = "a comparison", area_data = "areas3.csv",
  start_year = 2030, years = 5, replications = 3, seed = 7, scale = 0.5,
  areas = { "centrum", "zuid_west" }, params = { mort_hr_poor_health = 2.0 },
  baseline = wijksim.scenario { name = "base" },
  options = {
    wijksim.scenario { name = "opt A", description = "A",
      interventions = { wijksim.intervention { name = "a", transition = "job_finding",
                                               places_per_year = 5, areas = { "centrum" } } } },
    wijksim.scenario { name = "opt B",
      packages = { wijksim.package { name = "p", municipality_eur_per_year = 2e6,
                                     other_eur_per_year = 1e6,
        interventions = { wijksim.intervention { name = "b", transition = "debt_exit",
                                                 payer = "municipality",
                                                 cost_per_participant = 100 } } } } },
  },
}
