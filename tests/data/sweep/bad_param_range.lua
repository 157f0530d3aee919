-- bad_param_range.lua: a parameter factor whose values leave the parameter's range (the factor is
-- on line 6; mort_hr_male is allowed 1.0 .. 1.6).
return wijksim.sweep {
  name = "bad parameter range",
  factors = {
    { name = "mhr", param = "mort_hr_male", values = { 1.2, 2.5 } },
  },
  scenario = function(v)
    return wijksim.scenario { name = "s", years = 1, scale = 0.01, areas = { "delft_west" }, area_data = "../../../scenarios/areas/nplv2022.csv", }
  end,
}
