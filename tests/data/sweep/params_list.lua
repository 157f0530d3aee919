-- params_list.lua: a list design with a parameter factor and a labelled factor, and a constraint
-- that drops one point (test_sweep_run.c).
return wijksim.sweep {
  name = "p", replications = 2, seed = 5, design = "list",
  factors = { { name = "m", param = "mort_hr_male" }, { name = "k", values = { "a", "b" } } },
  points = { { m = 1.1, k = "b" }, { m = 1.5, k = "a" }, { m = 1.3, k = "a" } },
  constraint = function(v) return v.m < 1.45 end,
  scenario = function(v)
    return wijksim.scenario { name = "x" .. v.k, years = 1, scale = 0.01, areas = { "delft_west" },
                              area_data = "../../../scenarios/areas/nplv2022.csv" }
  end,
}
