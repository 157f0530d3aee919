return wijksim.scenario {
  name = "bad type",
  area_data = "../../../scenarios/areas/nplv2022.csv",
  replications = "ten",
}
