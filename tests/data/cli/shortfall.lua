-- shortfall.lua: a package whose Rijk money pays half of what its programme plans (for the
-- cli budget_shortfall test): 400 places a year per area at EUR 5,000 = EUR 2 m per area, two
-- areas, EUR 2 m of Rijk money a year; from 2028 the plan doubles (a second programme).
return wijksim.scenario {
  name = "short", start_year = 2026, years = 4, replications = 1, seed = 3, scale = 0.1,
  area_data = "../../../scenarios/areas/nplv2022.csv",
  areas = { "vlaardingen_west", "delft_west" },
  params = { burn_in_months = 0 },
  packages = {
    wijksim.package {
      name = "werk", rijk_eur_per_year = 2e6,
      interventions = {
        wijksim.intervention {
          name = "coaching", transition = "job_finding", effect = { hr = 1.2 },
          who = { labour = { "unemployed" } }, places_per_year = 200,
          cost_per_participant = 5000,
        },
        wijksim.intervention {
          name = "more coaching", transition = "bijstand_exit", effect = { hr = 1.2 },
          who = { labour = { "bijstand" } }, places_per_year = 200, start_year = 2028,
          cost_per_participant = 5000,
        },
      },
    },
  },
}
