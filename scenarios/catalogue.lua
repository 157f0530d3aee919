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
-- Conversions used below (scenarios/CATALOGUE_AUDIT.md gives each entry's reasoning):
--   * +x pp job finding -> hazard ratio: with a yearly base probability p0 = 0.25 (mix of
--     unemployed, ~40%/quarter nationally, and bijstand, ~12%/yr outflow to work; deprived areas
--     lower), HR = ln(1 - p0 - x) / ln(1 - p0). +3 pp -> 1.14; +1 pp -> 1.05; +5 pp -> 1.24.
--   * Hedges g (or Cohen's d) -> odds ratio: ln OR = g * pi / sqrt(3) (Chinn 2000); g = 0.22 ->
--     OR 1.49 on a favourable outcome. An odds ratio overstates a hazard ratio when the outcome
--     is common over the follow-up, so HR = OR^0.75: g = 0.22 -> 1.35 on desistance, 0.74 on
--     onset.
--   * Transfer: where the estimate comes from foreign trials and no Dutch estimate exists, the
--     default keeps half the log effect (ratios) or a share the entry states (shifts).
--   * Months of learning -> SD: the EEF toolkit's own table (1 month 0.02-0.09 SD, 2 months
--     0.10-0.18, 3 months 0.19-0.26, 4 months 0.27-0.35), about 0.08 SD per month; a school year
--     is about 0.9-1.2 SD (Fitzpatrick et al. 2011, in CPB 2018).
--   * An SROI or cost-benefit ratio, or a process evaluation, is not an effect estimate: an entry
--     resting on one says "weak" and its effect is small (HR within 0.9-1.1, shift <= 0.05 SD).
--   * Police entries give their effect per `effect_per` FTE (log-linear in the level).

local T = wijksim.intervention_type
local M = {}

-- ---- School ---------------------------------------------------------------------------------

-- VVE is for toddlers with a VVE indication (mostly low parental education; the model has no
-- parental education, low household income stands in), 16 h a week, 960 h over 18 months from
-- age 2.5 (the norm since 2020). Toddlers have no achievement yet, so places are offered at random.
M.vve = T {
  type = "vve", kind = "person", transition = "achievement",
  who = { age = { 2, 3 }, low_income = true, member = "child" }, priority = "random",
  effect = { shift = 0.02 }, uncertainty = { dist = "normal", sd = 0.04 },
  effect_months = 36, decay_months = 36, programme_months = 18,
  cost_per_participant = 12000, take_up = 0.7, completion = 0.9,
  evidence = "weak",
  source = "VVE: the Dutch meta-analysis of 21 evaluations finds about 0 on cognitive and "
        .. "social-emotional outcomes (Fukkink, Jilink & Oostdam 2015); CPB finds no Dutch study "
        .. "that meets its standards; -1 to -3 pp grade retention (boys) in a CPB evaluation "
        .. "(DESIGN.md section 7). Default +0.02 SD, SD 0.04: the effect may be zero; a gain "
        .. "starts with primary school and fades after 3 years (our judgement)",
  cost_source = "VVE hourly rates of municipalities, about EUR 12.7 per toddler hour in 2024 "
             .. "(e.g. Beverwijk), x 960 h = ~EUR 12,000 per child",
}

M.extended_school_day = T {
  type = "extended_school_day", transition = "achievement",
  who = { age = { 6, 14 }, stage = { "primary", "secondary" } }, priority = "risk",
  effect = { shift = 0.05 }, uncertainty = { dist = "uniform", min = 0.0, max = 0.10 },
  effect_months = 24, decay_months = 24, programme_months = 12,
  cost_per_participant = 1200, take_up = 0.6, completion = 0.8,
  evidence = "weak",
  source = "Extended school day: neutral to weakly positive, no firm Dutch estimate (CPB 2018 "
        .. "section 3.1; NRO Kennisrotonde); e.g. 10 extra school days +0.01 SD. The EEF "
        .. "toolkit's +3 months (0.19-0.26 SD by its own table) comes from foreign trials. "
        .. "Default 0 to +0.10 SD (at most about a month of learning), nominal 0.05",
  cost_source = "estimate: EUR 1,200 per pupil per year",
}

M.summer_school = T {
  type = "summer_school", transition = "achievement",
  who = { age = { 10, 14 } }, priority = "risk",
  effect = { shift = 0.04 }, uncertainty = { dist = "uniform", min = 0.0, max = 0.08 },
  effect_months = 12, decay_months = 12, programme_months = 1,
  cost_per_participant = 1000, take_up = 0.5, completion = 0.85,
  evidence = "weak",
  source = "Summer school: small positive on average, larger for disadvantaged pupils but not "
        .. "consistently (CPB 2018 ch. 8; EEF toolkit +3 months = 0.19-0.26 SD, foreign "
        .. "trials); attendance is the weak point (EEF Future Foundations trial: not "
        .. "definitive). Default 0 to +0.08 SD (about a month), nominal 0.04",
  cost_source = "estimate: EUR 1,000 per pupil (3-4 weeks)",
}

M.tutoring = T {
  type = "tutoring", transition = "achievement",
  who = { age = { 8, 16 }, stage = { "primary", "secondary" } }, priority = "risk",
  effect = { shift = 0.10 }, uncertainty = { dist = "normal", sd = 0.05 },
  effect_months = 12, decay_months = 24, programme_months = 4,
  cost_per_participant = 1500, take_up = 0.7, completion = 0.85,
  evidence = "moderate",
  source = "Small-group tutoring: +4 months of learning in the EEF toolkit, i.e. 0.27-0.35 SD "
        .. "by the EEF's own table (foreign efficacy trials); no Dutch causal estimate of "
        .. "tutoring at programme scale. Default +0.10 SD, about a third of the trial effect "
        .. "(our transfer to scaled-up delivery), SD 0.05",
  cost_source = "estimate: EUR 1,500 per pupil for a 12-week block",
}

-- ---- Work and income ----------------------------------------------------------------------------

M.job_coaching = T {
  type = "job_coaching", transition = "job_finding",
  who = { age = { 18, 66 }, labour = { "unemployed", "bijstand" } }, priority = "risk",
  effect = { hr = 1.14 }, uncertainty = { dist = "lognormal", sd_log = 0.045 },
  effect_by_risk = 1,
  effect_months = 12, decay_months = 12, programme_months = 9,
  cost_per_participant = 5000, take_up = 0.6, completion = 0.7,
  payer = "municipality", evidence = "moderate",
  source = "Re-integration: +3 pp job finding (range +1 to +5), Dutch policy reviews "
        .. "('small, positive'); HR 1.14 (1.05-1.24) at a yearly base of 25%. Impacts are "
        .. "larger for participants entering from long-term unemployment (Card, Kluve & Weber "
        .. "2018, 200+ evaluations): effect_by_risk 1 keeps about the same absolute gain for "
        .. "those with low job-finding chances, whom priority risk serves first",
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
        .. "+1 pp job finding (HR 1.05), uncertainty includes 1. The model cannot select by "
        .. "language need, so every job seeker is eligible",
  cost_source = "estimate: EUR 3,000 per participant (one year, part-time)",
}

-- A household programme (debt_exit): the household's head takes the place for the household.
M.debt_counselling = T {
  type = "debt_counselling", transition = "debt_exit",
  who = { debt = true }, priority = "first_come",
  effect = { hr = 1.08 }, uncertainty = { dist = "lognormal", sd_log = 0.1 },
  effect_months = 24, decay_months = 12, programme_months = 18,
  cost_per_participant = 3500, take_up = 0.6, completion = 0.6,
  payer = "municipality", evidence = "weak",
  source = "Debt counselling: no estimate of its effect on leaving problem debt. Koning 2014 "
        .. "(Amsterdam 2008-12) finds more outflow from bijstand, mostly not to work; "
        .. "Regioplan 2011's ~EUR 2 social return per EUR 1 (1.5-3) is a cost-benefit (SROI) "
        .. "ratio, not an effect estimate. Hence weak and small: HR 1.08 on debt exit "
        .. "(95% 0.89-1.31)",
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
        .. "plausible, no Dutch causal estimate found; HR 0.9 while paid (95% 0.74-1.09)",
  cost_source = "estimate: EUR 1,200 per household per year",
}

-- ---- Safety ---------------------------------------------------------------------------------

M.youth_mentoring = T {
  type = "youth_mentoring", transition = "offending_onset",
  who = { age = { 10, 18 } }, priority = "risk",
  effect = { hr = 0.87 }, uncertainty = { dist = "lognormal", sd_log = 0.12 },
  effect_months = 24, decay_months = 24, programme_months = 12,
  cost_per_participant = 2500, take_up = 0.6, completion = 0.7,
  evidence = "moderate",
  source = "Mentoring youth at risk: modest effect on delinquency, d about 0.2 (effects 0.11-0.29 "
        .. "across outcomes), 46 mostly US studies (Tolan et al. 2013, Campbell review); the "
        .. "Dutch 2025 meta-analysis covers judicial programmes, not mentoring. d 0.21 -> OR "
        .. "1.46 -> HR 0.75 on onset; half the log effect for transfer: HR 0.87 (95% 0.69-1.10)",
  cost_source = "estimate: EUR 2,500 per youth per year",
}

M.cbt_youth = T {
  type = "cbt_youth", transition = "desistance",
  who = { age = { 12, 24 }, offender = true }, priority = "risk",
  effect = { hr = 1.35 }, uncertainty = { dist = "lognormal", sd_log = 0.15 },
  effect_months = 24, decay_months = 24, programme_months = 6,
  cost_per_participant = 6000, take_up = 0.5, completion = 0.65,
  evidence = "moderate",
  source = "Dutch judicial youth programmes: g = 0.22 (0.02-0.42) over 10 (quasi-)experiments; "
        .. "responsive CBT (Re-ART, Re-SST) effective, MST, MDFT and TOOLS4U not (Meulen et al. "
        .. "2025); European young-offender CBT OR 1.73 (Koehler et al. 2013). g 0.22 -> OR 1.49 "
        .. "-> HR 1.35 on desistance (95% ~1.0-1.8)",
  cost_source = "estimate: EUR 6,000 per trajectory (custody >= EUR 100k per year)",
}

M.hotspot_policing = T {
  type = "hotspot_policing", place_target = "police",
  amount_per_year = 4, cost_per_unit = 80000,
  effect = { hr = 0.95 }, effect_per = 4, uncertainty = { dist = "lognormal", sd_log = 0.03 },
  spillover = 0.05, evidence = "moderate",
  source = "Hot-spot policing: small mean effect at the hot spots (d ~0.13, 0.1-0.2), and "
        .. "diffusion of benefits to the blocks around them more common than displacement "
        .. "(Braga et al. 2019, 65 studies, mostly US). Effect per 4 extra FTE: the area's "
        .. "offences x0.95 (our conversion, local diffusion included); spillover +0.05 to the "
        .. "other areas (sign from Braga, size ours)",
  cost_source = "estimate: EUR 80,000 per police FTE per year",
}

M.community_policing = T {
  type = "community_policing", place_target = "police",
  amount_per_year = 2, cost_per_unit = 75000,
  effect = { hr = 1.0 }, effect_per = 2, uncertainty = { dist = "normal", sd = 0.02 },
  evidence = "weak",
  source = "Community policing: satisfaction, legitimacy and perceived disorder improve; crime "
        .. "and fear of crime about 0 (Gill et al. 2014). Effect per 2 extra FTE: offences "
        .. "x1.0 (none), SD 0.02",
  cost_source = "estimate: EUR 75,000 per wijkagent FTE per year",
}

M.undermining_enforcement = T {
  type = "undermining_enforcement", place_target = "police",
  amount_per_year = 2, cost_per_unit = 90000,
  effect = { hr = 0.99 }, effect_per = 2, uncertainty = { dist = "normal", sd = 0.02 },
  evidence = "none",
  source = "Undermining (ondermijning) enforcement: no effect evidence found. Effect per 2 "
        .. "extra FTE: offences x0.99 (tiny), uncertainty centred near 0",
  cost_source = "estimate: EUR 90,000 per FTE (police, municipality, tax) per year",
}

-- ---- Housing and neighbourhood ------------------------------------------------------------------

M.housing_renovation = T {
  type = "housing_renovation", place_target = "renovation",
  amount_per_year = 150, cost_per_unit = 60000,
  payer = "corporation", cofinance = { corporation = 0.8, rijk = 0.2 },
  evidence = "moderate",
  source = "Restructuring (demolition, new build and renovation together) improved liveability "
        .. "and safety, the only part of the krachtwijken programme that did (SCP 2013, "
        .. "quasi-experimental; renovation's own share not separated); Leefbaarometer "
        .. "krachtwijken +11% vs NL +5% 2006-12 (Hooimeijer 2013). Acts through dwelling quality",
  cost_source = "estimate: EUR 60,000 per thorough renovation (rijk share as "
             .. "Volkshuisvestingsfonds)",
}

M.demolition_newbuild = T {
  type = "demolition_newbuild", place_target = "demolition_newbuild",
  amount_per_year = 40, cost_per_unit = 200000,
  payer = "corporation", cofinance = { corporation = 0.75, rijk = 0.25 },
  evidence = "weak",
  source = "Demolition and new build changes the tenure mix and who lives there; the area "
        .. "gains in liveability (SCP 2013) are partly the displacement of poorer households, "
        .. "not better lives for the same residents",
  cost_source = "Investico: renewal loss EUR 200k per thoroughly renewed dwelling (100-600k)",
}

M.allocation_rule = T {
  type = "allocation_rule", place_target = "allocation",
  amount_per_year = 0.25, cost_per_unit = 0, fixed_cost_per_year = 100000,
  payer = "municipality", evidence = "weak",
  source = "Selective allocation (Rotterdamwet / Wbmgp art. 8): newcomers without income from "
        .. "work refused in designated streets. Rotterdam's evaluation found no demonstrable "
        .. "gain in liveability or safety, refused applicants moved to the city's edges (UvA "
        .. "2015; TwynstraGudde 2017 alike); the 2021 national evaluation (RIGO) is a process "
        .. "evaluation. Default: a quarter of social lettings covered (our estimate)",
  cost_source = "estimate: EUR 100,000 per area per year (administration)",
}

M.community_work = T {
  type = "community_work", place_target = "cohesion",
  amount_per_year = 0.05, cost_per_unit = 4000000,
  payer = "municipality", evidence = "weak",
  source = "Area-wide programmes (krachtwijken 2008-12): about 0 net effect, the social "
        .. "measures included (SCP 2013); default cohesion +0.05 points per year",
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
  source = "Area health programmes: no impact on self-reported health or health behaviour 6.5 "
        .. "years after the krachtwijken start (Droomers et al. 2017, difference in "
        .. "differences); default HR 0.98 with uncertainty covering 1",
  cost_source = "estimate: EUR 400 per participant per year",
}

M.mental_health_access = T {
  type = "mental_health_access", transition = "distress_recovery",
  who = { age = { 16, 120 }, distress = true }, priority = "risk",
  effect = { hr = 1.2 }, uncertainty = { dist = "lognormal", sd_log = 0.1 },
  effect_months = 12, decay_months = 12, programme_months = 6,
  cost_per_participant = 2500, take_up = 0.5, completion = 0.7,
  payer = "municipality", evidence = "moderate",
  source = "Psychological treatment in primary care vs usual care: SMD about 0.3 (face-to-face "
        .. "CBT 0.30, 0.13-0.48; Linde et al. 2015, 30 trials) -> OR 1.72 -> HR 1.50 on recovery; "
        .. "half the log effect for people who did not seek help and delivery in deprived areas "
        .. "(no Dutch estimate): HR 1.2 (95% 0.99-1.46)",
  cost_source = "estimate: EUR 2,500 per treatment (basic GGZ)",
}

return M
