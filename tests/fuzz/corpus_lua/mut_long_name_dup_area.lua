return wijksim.scenario { name = string.rep("x", 100000), area_data = "areas/nplv2022.csv", areas = { "delft_west", "delft_west" }, params = { [1] = 2, burn_in_months = -1/0 } }
