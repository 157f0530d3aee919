-- compare.lua: a small comparison for the CLI tests — two real areas, three years, a fifth of
-- the households; the option adds debt counselling (the catalogue's debt_counselling entry,
-- written out here because modules load only from the scenario's folder), with a strong fixed
-- effect so the difference shows within three replications.
return wijksim.comparison {
  name = "debt counselling test",
  description = "baseline against one person programme",
  start_year = 2026,
  years = 3,
  replications = 3,
  seed = 11,
  scale = 0.2,
  area_data = "../../../scenarios/areas/nplv2022.csv",
  areas = { "vlaardingen_west", "delft_west" },
  params = { burn_in_months = 24 },
  baseline = wijksim.scenario { name = "base", description = "no extra programme" },
  options = {
    wijksim.scenario {
      name = "debt_help",
      description = "debt counselling, 400 places per area per year",
      interventions = {
        wijksim.intervention {
          name = "debt_counselling", type = "debt_counselling", transition = "debt_exit",
          who = { debt = true }, priority = "first_come",
          effect = { hr = 3.0 }, uncertainty = "none",
          effect_months = 24, decay_months = 12, programme_months = 12,
          places_per_year = 400, cost_per_participant = 3500, take_up = 0.8, completion = 0.8,
          payer = "rijk", cofinance = { rijk = 0.7, municipality = 0.3 },
          evidence = "moderate",
          source = "catalogue.lua debt_counselling (Koning 2014; Regioplan 2011), effect raised "
                .. "for the test",
        },
      },
    },
  },
}
