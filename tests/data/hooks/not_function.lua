-- not_function.lua: `hook` must be a function (line 6).
return wijksim.scenario {
  name = "not a function", years = 1,
  area_data = "../../../scenarios/areas/nplv2022.csv", areas = { "delft_west" },
  params = { burn_in_months = 12 },
  hook = 3,
}
