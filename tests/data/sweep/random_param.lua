-- random_param.lua: a random design over one parameter, with a scenario table shared by every
-- point (test_sweep_run.c).
return wijksim.sweep {
  name = "r", design = "random", n = 50, seed = 9,
  factors = { { name = "m", param = "mort_hr_male", min = 1.0, max = 1.6 } },
  scenario = wijksim.scenario { name = "s", years = 1, scale = 0.01, areas = { "delft_west" },
                                area_data = "../../../scenarios/areas/nplv2022.csv" },
}
