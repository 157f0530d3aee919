-- comp_good: test scenario for tests/test_lua.c (see the case of the same name).
return wijksim.comparison {
  name = "cmp", description = "a comparison", area_data = "areas/nplv2022.csv",
  start_year = 2030, years = 5, replications = 3, seed = 7, scale = 0.5,
  areas = { "delft_west", "vlaardinge