-- pkg_budget_no_cost: test scenario for tests/test_lua.c (see the case of the same name).
return wijksim.scenario {
  name = "x", area_data = "areas/nplv2022.csv",
  packages = {
    wijksim.package {
      name = "p", rijk_eur_per_year = 1e6,
      interventions = {
        wijksim.intervention { name = "a", transition = "job_finding" },
      },
    },
  },
}
