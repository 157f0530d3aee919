return wijksim.scenario {
  name = "bad key",
  area_data = "../../../scenarios/areas/nplv2022.csv",
  yeers = 10,
}
