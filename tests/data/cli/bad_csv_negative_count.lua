return wijksim.scenario {
  name = "bad csv negative_count",
  area_data = "badcsv/negative_count.csv",
  areas = "all",
}
