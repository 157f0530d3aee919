-- catalogue.lua: the shipped interventions, with sourced default effects, costs and uncertainty.
--
-- Use:  local cat = require "catalogue"
--       cat.debt_counselling { places_per_year = 800 }   -- defaults, with keys overridden
--
-- Every entry is plain data passed to wijksim.intervention_type; calling the constructor returns
-- an intervention table (see include/wijksim/lua_scenario.h for every key). Overriding a nested
-- table (who, effect, uncertainty, cofinance) replaces it whole. An unknown key in an override is
-- an error at the override's line.
--
-- Honesty rules (DESIGN.md section 7): most area programmes show small or no measurable effect.
-- Where evidence is weak or null the default effect is small and says so, and `evidence` is
-- "weak" or "none" (the run shows a warning). `cost_source` says "estimate" where the cost is
-- ours. Effects are per participant (person programmes) or per area at the default amount
-- (place programmes). Capacities (places_per_year, amount_per_year) are per area per year.
--
-- Conversions used below:
--   * +x pp job finding -> hazard ratio: with a yearly base probability p0 = 0.25 (mix of
--     unemployed, ~40%/quarter nationally, and bijstand, ~12%/yr outflow to work; deprived areas
--     lower), HR = ln(1 - p0 - x) / ln(1 - p0). +3 pp -> 1.14; +1 pp -> 1.05; +5 pp -> 1.24.
--   * Hedges g -> odds ratio: ln OR = g * pi / sqrt(3) (Chinn 2000). g = 0.22 -> OR 1.49 on a
--     favourable outcome; as a hazard ratio on offending onset ~0.75, on desistance ~1.35.
--   * Months of learning -> SD: EEF toolkit, about 0.035 SD per month of progress.

local T = wijksim.intervention_type
local M = {}

-- ---- School ---------------------------------------------------------------------------------

M.vve = T {
  type = "vve", kind = "person", transition = "achievement",
  who = { age = { 2, 5 } }, priority = "risk",
  effect = { shift = 0.02 }, uncertainty = { dist = "normal", sd = 0.04 },
  effect_months = 96, decay_months = 36, programme_months = 24,
  cost_per_participant = 6000, take_up = 0.7, completion = 0.9,
  evidence = "weak",
  source = "VVE: -1 to -3 pp grade retention (boys) in CPB evaluation; Dutch meta-analysis ~0 "
        .. "(Fukkink et al. 2015). Default +0.02 SD, SD 0.04: effect may be zero.",
  cost_source = "estimate: ~EUR 3,000/yr per child for two years of 16 h/week",
}

M.extended_school_day = T {
  type = "extended_school_day", transition = "achievement",
  who = { age = { 6, 14 }, stage = { "primary", "secondary" } }, priority = "risk",
  effect = { shift = 0.05 }, uncertainty = { dist = "uniform", min = 0.0, max = 0.10 },
  effect_months = 24, decay_months = 24, programme_months = 12,
  cost_per_participant = 1200, take_up = 0.6, completion = 0.8,
  evidence = "weak",
  source = "Extended school day: small positive, 0 to +3 months of learning (CPB 2018; EEF "
        .. "toolkit 'extending school time'); 1.5 months ~ 0.05 SD",
  cost_source = "estimate: EUR 1,200 per pupil per year",
}

M.summer_school = T {
  type = "summer_school", transition = "achievement",
  who = { age = { 10, 14 } }, priority = "risk",
  effect = { shift = 0.04 }, uncertainty = { dist = "uniform", min = 0.0, max = 0.08 },
  effect_months = 12, decay_months = 12, programme_months = 1,
  cost_per_participant = 1000, take_up = 0.5, completion = 0.85,
  evidence = "weak",
  source = "Summer school: small positive, 0 to +2 months of learning (CPB 2018; EEF toolkit "
        .. "'summer schools')",
  cost_source = "estimate: EUR 1,000 per pupil (3-4 weeks)",
}

M.tutoring = T {
  type = "tutoring", transition = "achievement",
  who = { age = { 8, 16 }, stage = { "primary", "secondary" } }, priority = "risk",
  effect = { shift = 0.10 }, uncertainty = { dist = "normal", sd = 0.04 },
  effect_months = 12, decay_months = 24, programme_months = 4,
  cost_per_participant = 1500, take_up = 0.7, completion = 0.85,
  evidence = "moderate",
  source = "Small-group tutoring: about +3 to +4 months of learning in EEF trials (EEF toolkit); "
        .. "Dutch NPO evaluations smaller; default +0.10 SD",
  cost_source = "estimate: EUR 1,500 per pupil for a 12-week block",
}

-- ---- Work and income ----------------------------------------------------------------------------

M.job_coaching = T {
  type = "job_coaching", transition = "job_finding",
  who = { age = { 18, 66 }, labour = { "unemployed", "bijstand" } }, priority = "risk",
  effect = { hr = 1.14 }, uncertainty = { dist = "lognormal", sd_log = 0.045 },
  effect_months = 12, decay_months = 12, programme_months = 9,
  cost_per_participant = 5000, take_up = 0.6, completion = 0.7,
  payer = "municipality", evidence = "moderate",
  source = "Re-integration: +3 pp job finding (range +1 to +5), Dutch policy reviews "
        .. "('small, positive'); HR 1.14 (1.05-1.24) at a yearly base of 25%",
  cost_source = "estimate: EUR 5,000 per trajectory (re-integration budgets EUR 2-8k)",
}

M.language_course = T {
  type = "language_course", transition = "job_finding",
  who = { age = { 18, 66 }, labour = { "unemployed", "bijstand", "inactive" } },
  effect = { hr = 1.05 }, uncertainty = { dist = "lognormal", sd_log = 0.04 },
  effect_months = 24, decay_months = 24, programme_months = 12,
  cost_per_participant = 3000, take_up = 0.5, completion = 0.6,
  payer = "municipality", evidence = "weak",
  source = "Dutch language courses for job seekers: no Dutch impact estimate found; default "
        .. "+1 pp job finding (HR 1.05), uncertainty includes 1",
  cost_source = "estimate: EUR 3,000 per participant (one year, part-time)",
}

M.debt_counselling = T {
  type = "debt_counselling", transition = "debt_exit",
  who = { debt = true }, priority = "first_come",
  effect = { hr = 1.5 }, uncertainty = { dist = "lognormal", sd_log = 0.2 },
  effect_months = 24, decay_months = 12, programme_months = 18,
  cost_per_participant = 3500, take_up = 0.6, completion = 0.6,
  payer = "municipality", evidence = "moderate",
  source = "Debt counselling raises outflow from problem debt and bijstand; ~EUR 2 social "
        .. "return per EUR 1 (1.5-3) (Koning 2014; Regioplan 2011); HR 1.5 is our reading",
  cost_source = "estimate: EUR 3,500 per trajectory (Regioplan 2011 order of magnitude)",
}

M.income_support = T {
  type = "income_support", transition = "debt_onset",
  who = { low_income = true }, priority = "risk",
  effect = { hr = 0.9 }, uncertainty = { dist = "lognormal", sd_log = 0.1 },
  effect_months = 0, decay_months = 0, programme_months = 12,
  cost_per_participant = 1200, take_up = 0.7,
  payer = "municipality", evidence = "weak",
  source = "Supplementary income support (bijzondere bijstand, kindpakket): lower debt onset "
        .. "plausible, no Dutch causal estimate found; HR 0.9 while paid",
  cost_source = "estimate: EUR 1,200 per household per year",
}

-- ---- Safety ---------------------------------------------------------------------------------

M.youth_mentoring = T {
  type = "youth_mentoring", transition = "offending_onset",
  who = { age = { 10, 18 } }, priority = "risk",
  effect = { hr = 0.82 }, uncertainty = { dist = "lognormal", sd_log = 0.12 },
  effect_months = 24, decay_months = 24, programme_months = 12,
  cost_per_participant = 2500, take_up = 0.6, completion = 0.7,
  evidence = "moderate",
  source = "Dutch youth crime interventions: Hedges g = 0.22 (0.02-0.42), meta-analysis 2025; "
        .. "mentoring at the lower half: HR 0.82 on onset (95% ~0.65-1.04)",
  cost_source = "estimate: EUR 2,500 per youth per year",
}

M.cbt_youth = T {
  type = "cbt_youth", transition = "desistance",
  who = { age = { 12, 24 }, offender = true }, priority = "risk",
  effect = { hr = 1.35 }, uncertainty = { dist = "lognormal", sd_log = 0.15 },
  effect_months = 24, decay_months = 24, programme_months = 6,
  cost_per_participant = 6000, take_up = 0.5, completion = 0.65,
  evidence = "moderate",
  source = "Cognitive-behavioural programmes for young offenders: Hedges g = 0.22 (0.02-0.42), "
        .. "meta-analysis 2025 -> OR 1.49; HR 1.35 on desistance (95% ~1.0-1.8)",
  cost_source = "estimate: EUR 6,000 per trajectory (custody >= EUR 100k per year)",
}

M.hotspot_policing = T {
  type = "hotspot_policing", place_target = "police",
  amount_per_year = 4, cost_per_unit = 80000,
  effect = { hr = 0.95 }, effect_per = 4, uncertainty = { dist = "lognormal", sd_log = 0.03 },
  spillover = 0.1, evidence = "strong",
  source = "Hot-spot policing: d ~ 0.13 (0.1-0.2) at the hot spots; diffusion of benefits more "
        .. "common than displacement (Braga et al. 2019). Default: offences in the area x0.95 "
        .. "at 4 extra FTE; spillover +0.1",
  cost_source = "estimate: EUR 80,000 per police FTE per year",
}

M.community_policing = T {
  type = "community_policing", place_target = "police",
  amount_per_year = 2, cost_per_unit = 75000,
  effect = { hr = 1.0 }, effect_per = 2, uncertainty = { dist = "normal", sd = 0.02 },
  evidence = "weak",
  source = "Community policing: legitimacy and satisfaction up; crime and fear of crime ~0 "
        .. "(Gill et al. 2014). Default: no effect on offences",
  cost_source = "estimate: EUR 75,000 per wijkagent FTE per year",
}

M.undermining_enforcement = T {
  type = "undermining_enforcement", place_target = "police",
  amount_per_year = 2, cost_per_unit = 90000,
  effect = { hr = 0.99 }, effect_per = 2, uncertainty = { dist = "normal", sd = 0.02 },
  evidence = "none",
  source = "Undermining (ondermijning) enforcement: no effect evidence found; tiny default "
        .. "(offences x0.99), uncertainty centred near 0",
  cost_source = "estimate: EUR 90,000 per FTE (police, municipality, tax) per year",
}

-- ---- Housing and neighbourhood ------------------------------------------------------------------

M.housing_renovation = T {
  type = "housing_renovation", place_target = "renovation",
  amount_per_year = 150, cost_per_unit = 60000,
  payer = "corporation", cofinance = { corporation = 0.8, rijk = 0.2 },
  evidence = "moderate",
  source = "Large-scale restructuring improved liveability and safety while area programmes "
        .. "as a whole showed ~0 net effect (SCP 2013); Leefbaarometer krachtwijken +11% vs NL "
        .. "+5% 2006-12 (Hooimeijer). Effect runs through dwelling quality in the model",
  cost_source = "estimate: EUR 60,000 per thorough renovation (rijk share as "
             .. "Volkshuisvestingsfonds)",
}

M.demolition_newbuild = T {
  type = "demolition_newbuild", place_target = "demolition_newbuild",
  amount_per_year = 40, cost_per_unit = 200000,
  payer = "corporation", cofinance = { corporation = 0.75, rijk = 0.25 },
  evidence = "weak",
  source = "Demolition and new build changes the tenure mix and who lives there; gains are "
        .. "partly displacement (SCP 2013)",
  cost_source = "Investico: renewal loss EUR 200k per thoroughly renewed dwelling (100-600k)",
}

M.allocation_rule = T {
  type = "allocation_rule", place_target = "allocation",
  amount_per_year = 0.25, cost_per_unit = 0, fixed_cost_per_year = 100000,
  payer = "municipality", evidence = "weak",
  source = "Selective allocation (Rotterdamwet / Wbmgp art. 8-9): designated streets cover about "
        .. "a fifth to a third of the social stock of a focus area; newcomers without income "
        .. "from work are refused there (alloc_refuse_p) and counted; evaluations found little "
        .. "measurable effect on liveability. Default: a quarter of social lettings",
  cost_source = "estimate: EUR 100,000 per area per year (administration)",
}

M.community_work = T {
  type = "community_work", place_target = "cohesion",
  amount_per_year = 0.05, cost_per_unit = 4000000,
  payer = "municipality", evidence = "weak",
  source = "Area-wide programmes (krachtwijken 2008-12): ~0 net effect (SCP 2013); default "
        .. "cohesion +0.05 points per year",
  cost_source = "estimate: EUR 200,000 per area per year for +0.05 points",
}

-- ---- Health ---------------------------------------------------------------------------------

M.neighbourhood_health = T {
  type = "neighbourhood_health", transition = "health_decline",
  who = { age = { 18, 120 }, low_income = true }, priority = "random",
  effect = { hr = 0.98 }, uncertainty = { dist = "normal", sd = 0.03 },
  effect_months = 12, decay_months = 12, programme_months = 12,
  cost_per_participant = 400, take_up = 0.4,
  payer = "municipality", evidence = "weak",
  source = "Area health programmes: ~0 on health in the long run (Droomers et al. 2017); "
        .. "default HR 0.98 with uncertainty covering 1",
  cost_source = "estimate: EUR 400 per participant per year",
}

M.mental_health_access = T {
  type = "mental_health_access", transition = "distress_recovery",
  who = { age = { 16, 120 }, distress = true }, priority = "risk",
  effect = { hr = 1.2 }, uncertainty = { dist = "lognormal", sd_log = 0.1 },
  effect_months = 12, decay_months = 12, programme_months = 6,
  cost_per_participant = 2500, take_up = 0.5, completion = 0.7,
  payer = "municipality", evidence = "moderate",
  source = "Low-threshold mental health care in deprived areas: mental health slope +0.19 "
        .. "(0.01-0.38) (JECH 2016; Droomers 2017); HR 1.2 on recovery from distress",
  cost_source = "estimate: EUR 2,500 per treatment (basic GGZ)",
}

return M
