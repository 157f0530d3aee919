-- baseline_quick.lua: the baseline at 5% of households, 2 runs of 10 years — for a quick check
-- that everything works (seconds, not minutes). Not for conclusions: at this scale the
-- uncertainty bands are wide. See baseline.lua for what each key means.

return wijksim.scenario {
  name = "baseline_quick",
  description = "Quick check: baseline at 5% scale, 2 replications, 10 years",
  start_year = 2026,
  years = 10,
  replications = 2,
  seed = 2026,
  scale = 0.05,
  areas = "all",
}
