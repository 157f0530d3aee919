-- pkg_unknown_key: test scenario for tests/test_lua.c (see the case of the same name).
return wijksim.scenario {
  name = "x", area_data = "areas3.csv",
  packages = {
    wijksim.package {
      name = "p", rijk_eur_per_year = 1e6,
      rijk_eur_per_yaer = 2e6,
      interventions = { wijksim.intervention { transition = "job_finding", name = "a",
                                               cost_per_participant = 10 } },
    },
  },
}
