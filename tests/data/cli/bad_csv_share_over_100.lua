return wijksim.scenario {
  name = "bad csv share_over_100",
  area_data = "badcsv/share_over_100.csv",
  areas = "all",
}
