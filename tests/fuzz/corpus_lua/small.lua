-- small.lua: two real areas, three years, a fifth of the households (CLI tests).
return wijksim.scenario {
  name = "small",
  start_year = 2026,
  years = 3,
  replications = 2,
  seed = 11,
  scale = 0.2,
  area_data = "areas/nplv2022.csv",
  areas = { "vlaardingen_west", "delft_west" },
  params = { burn_in_months = 24 },
}
