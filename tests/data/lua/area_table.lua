-- area_table: test scenario for tests/test_lua.c (see the case of the same name).
local ids = require "lib.ids"
local n2020 = #wijksim.areas("nplv2020", "areas3.csv")
assert(n2020 == 2, "expected 2 areas of 2020, got " .. n2020)
local rows = wijksim.area_table("areas3.csv")
assert(rows[2].name == "Zuid, West" and rows[2].residents == 10000)
assert(#rows[1].neighbourhoods == 2 and rows[1].neighbourhoods[2] == "WK999102")
assert(type(wijksim.param_defaults().mort_hr_poor_health) == "number")
return wijksim.scenario { name = "not 2020", area_data = "areas3.csv", areas = ids.not_2020 }
