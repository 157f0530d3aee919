-- pkg_years_outside: test scenario for tests/test_lua.c (see the case of the same name).
return wijksim.scenario {
  name = "x", area_data = "areas3.csv",
  packages = {
    wijksim.package {
      name = "p", rijk_eur_per_year = 1e6, start_year = 2026, end_year = 2030,
      interventions = {
        wijksim.intervention { name = "a", transition = "job_finding", places_per_year = 5,
                               end_year = 2035 },
      },
    },
  },
}
