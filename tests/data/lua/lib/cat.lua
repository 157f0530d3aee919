-- lib/cat.lua: a two-entry catalogue for tests/test_lua.c.
local M = {}
M.coach = wijksim.intervention_type {
  type = "coach", transition = "job_finding", evidence = "moderate",
  who = { age = { 18, 66 }, labour = { "unemployed", "bijstand" } },
  effect = { hr = 1.14 }, uncertainty = { dist = "lognormal", sd_log = 0.05 },
  cost_per_participant = 5000, take_up = 0.6,
  source = "test",
}
M.patrol = wijksim.intervention_type {
  type = "patrol", place_target = "police", amount_per_year = 2, cost_per_unit = 80000,
  take_up = 0.5,
}
return M
