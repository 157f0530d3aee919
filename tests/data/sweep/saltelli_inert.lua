-- saltelli_inert.lua: a Saltelli design with a known answer by construction. jobs_budget pays
-- for job coaching from the first year; late_budget pays for a package that starts after the
-- horizon, so it cannot change any indicator: its total Sobol index is exactly 0, and the
-- jobs budget carries all the variance (total index ~1). The coaching effect is strong (hr 3)
-- so that the budget moves employment by more than chance: at scale 0.05 the budgets buy about
-- 5 to 37 places a year (both areas) for the hardest to place, and with hr 1.3 the 64 points'
-- employment in 2030 took only two values (one job found or not), or one, by the draws.
local function JOBS_() return wijksim.intervention {
      name = "coaching", type = "job_coaching", transition = "job_finding",
      who = { age = { 18, 66 }, labour = { "unemployed", "bijstand" } }, priority = "risk",
      effect = { hr = 3 }, programme_months = 9, effect_months = 12, decay_months = 12,
      cost_per_participant = 5000,
      payer = "rijk", evidence = "moderate", source = "test: a strong job-finding effect" } end
local function DEBT_() return wijksim.intervention {
      name = "counselling", type = "debt_counselling", transition = "debt_exit",
      who = { debt = true }, effect = { hr = 1.5 }, programme_months = 18,
      cost_per_participant = 3500, payer = "rijk", evidence = "moderate", source = "test" } end

return wijksim.sweep {
  name = "saltelli with an inert factor",
  replications = 1,
  seed = 11,
  design = "saltelli",
  n = 16,
  factors = {
    { name = "jobs_budget", min = 0.5e6, max = 4e6 },
    { name = "late_budget", min = 0.5e6, max = 4e6 },
  },
  store = "totals",
  scenario = function(v)
    return wijksim.scenario {
      name = "point", start_year = 2026, years = 5, scale = 0.05,
      areas = { "delft_west", "heerlen_noord" }, area_data = "../../../scenarios/areas/nplv2022.csv", 
      packages = {
        wijksim.package { name = "jobs", rijk_eur_per_year = v.jobs_budget,
                          interventions = { JOBS_() } },
        wijksim.package { name = "late", rijk_eur_per_year = v.late_budget,
                          start_year = 2040, end_year = 2045,
                          interventions = { DEBT_() } },
      },
    }
  end,
}
