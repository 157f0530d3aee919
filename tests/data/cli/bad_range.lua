return wijksim.scenario {
  name = "bad range",
  area_data = "../../../scenarios/areas/nplv2022.csv",
  years = 20,
  scale = 1.5,
}
