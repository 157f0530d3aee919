-- unknown_area: test scenario for tests/test_lua.c (see the case of the same name).
return wijksim.scenario {
  name = "x", area_data = "areas3.csv",
  areas = {
    "noord_oost",
    "zuid_wset",
  },
}
