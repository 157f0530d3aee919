-- sweep_demo.lua: a small sweep — how do debt-counselling and job-coaching budgets (Rijk, EUR per
-- year for the four areas together) move problem debt and employment?
--
-- 3 x 3 budgets (a grid, 0 included: the point with both at 0 is the no-intervention baseline,
-- the `reference`, and every point shares its random numbers, so differences are paired) x 3
-- replications = 27 runs, in four areas at scale 0.05 for 10 years: well under a minute on two
-- cores. It is also the sweep the tests split over threads, MPI ranks and shards.
-- Run: wijksim sweep scenarios/sweep_demo.lua -o results/sweep_demo.h5
--      wijksim info results/sweep_demo.h5

local cat = require "catalogue"

local AREAS = { "leeuwarden_oost", "heerlen_noord", "schiedam_nieuwland_oost", "delft_west" }

return wijksim.sweep {
  name = "debt and job budgets",
  description = "Grid over the yearly Rijk budgets for debt counselling and job coaching",
  replications = 3,
  seed = 2026,
  design = "grid",
  factors = {
    { name = "debt_budget", values = { 0, 1.5e6, 3e6 } },
    { name = "jobs_budget", values = { 0, 1.5e6, 3e6 } },
  },
  store = "areas",
  -- the point without either budget: /summary also holds every point's difference to it,
  -- replication by replication (the runs share their random numbers)
  reference = { debt_budget = 0, jobs_budget = 0 },
  scenario = function(v)
    local packages = {}
    if v.debt_budget > 0 then
      packages[#packages + 1] = wijksim.package {
        name = "debt", rijk_eur_per_year = v.debt_budget,
        interventions = { cat.debt_counselling { payer = "rijk" } },
      }
    end
    if v.jobs_budget > 0 then
      packages[#packages + 1] = wijksim.package {
        name = "jobs", rijk_eur_per_year = v.jobs_budget,
        interventions = { cat.job_coaching { payer = "rijk" } },
      }
    end
    return wijksim.scenario {
      name = string.format("debt %.1fm, jobs %.1fm", v.debt_budget / 1e6, v.jobs_budget / 1e6),
      start_year = 2026, years = 10, scale = 0.05, areas = AREAS,
      packages = packages,
    }
  end,
}
