return wijksim.scenario {
  name = "bad area",
  area_data = "../../../scenarios/areas/nplv2022.csv",
  areas = { "rotterdam_zuid",
            "atlantis_noord" },
}
