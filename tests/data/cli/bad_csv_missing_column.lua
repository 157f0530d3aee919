return wijksim.scenario {
  name = "bad csv missing_column",
  area_data = "badcsv/missing_column.csv",
  areas = "all",
}
