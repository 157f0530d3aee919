-- bad_frame.lua: points that simulate different horizons (the scenario function, line 7): a
-- sweep file stores one set of years.
return wijksim.sweep {
  name = "bad frame",
  replications = 1,
  factors = { { name = "y", values = { 1, 2 } } },
  scenario = function(v)
    return wijksim.scenario { name = "s", years = v.y, scale = 0.01, areas = { "delft_west" }, area_data = "../../../scenarios/areas/nplv2022.csv", }
  end,
}
