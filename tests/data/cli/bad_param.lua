return wijksim.scenario {
  name = "bad param",
  area_data = "../../../scenarios/areas/nplv2022.csv",
  params = {
    mort_hr_poor_health = 9.5,
  },
}
