-- sweep_bench.lua: the sweep scripts/bench_sweep.sh times — sweep_demo.lua's two budgets on a
-- 5 x 5 grid x 8 replications = 200 small runs (four areas, scale 0.05, 10 years).
local demo_areas = { "leeuwarden_oost", "heerlen_noord", "schiedam_nieuwland_oost", "delft_west" }
local cat = require "catalogue"

return wijksim.sweep {
  name = "benchmark: debt and job budgets",
  replications = 8,
  seed = 7,
  design = "grid",
  factors = {
    { name = "debt_budget", min = 0, max = 4e6, steps = 5 },
    { name = "jobs_budget", min = 0, max = 4e6, steps = 5 },
  },
  store = "totals",
  scenario = function(v)
    local packages = {}
    if v.debt_budget > 0 then
      packages[#packages + 1] = wijksim.package { name = "debt", rijk_eur_per_year = v.debt_budget,
        interventions = { cat.debt_counselling { payer = "rijk" } } }
    end
    if v.jobs_budget > 0 then
      packages[#packages + 1] = wijksim.package { name = "jobs", rijk_eur_per_year = v.jobs_budget,
        interventions = { cat.job_coaching { payer = "rijk" } } }
    end
    return wijksim.scenario { name = "point", start_year = 2026, years = 10, scale = 0.05,
                              areas = demo_areas, packages = packages }
  end,
}
