-- bad_point_scenario.lua: one design point makes a bad scenario (a negative budget, line 12).
return wijksim.sweep {
  name = "bad point",
  factors = { { name = "budget", values = { 1e6, -1e6 } } },
  scenario = function(v)
    return wijksim.scenario {
      name = "s", years = 1, scale = 0.01, areas = { "delft_west" }, area_data = "../../../scenarios/areas/nplv2022.csv", 
      packages = {
        wijksim.package {
          name = "debt",
          rijk_eur_per_year = v.budget,
          interventions = { wijksim.intervention { type = "debt", transition = "debt_exit", cost_per_participant = 3500 } },
        },
      },
    }
  end,
}
