-- good_full: test scenario for tests/test_lua.c (see the case of the same name).
local ids = require "lib.ids"   -- a module next to this file: lib/ids.lua

-- years = 20 would be the default; this comment must not confuse line finding
return wijksim.scenario {
  name = "Full (all keys) v1.0, test-case_2",
  description = "every key set; areas from a module, in a chosen order",
  start_year = 2030,
  years = 60,
  replications = 100000,
  seed = 4294967295,
  scale = 0.5,
  area_data = "areas3.csv",
  areas = ids.some,
  params = { mort_hr_poor_health = 2.5 },
}
