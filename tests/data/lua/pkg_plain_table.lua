-- pkg_plain_table: test scenario for tests/test_lua.c (see the case of the same name).
return wijksim.scenario {
  name = "x", area_data = "areas3.csv",
  packages = {
    { name = "p", rijk_eur_per_year = 1e6 },
  },
}
