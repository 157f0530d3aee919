-- nprz.lua: Rotterdam-Zuid with an NPRZ-like package (Nationaal Programma Rotterdam Zuid:
-- school, werk, wonen, plus safety), against Rotterdam-Zuid without it, 2026-2045.
--
-- Money as in the Regio Deal 2018-22 (DESIGN.md section 7): EUR 130 m Rijk over five years, i.e.
-- 26 m a year (school 6, werk 12, wonen 5, veilig 3), matched by the city for school, werk and
-- safety, plus the housing corporations' renewal money: they pay the 600 renovations a year
-- themselves and 3/4 of demolition and new build, the Rijk's wonen money the other 1/4.
-- `wijksim check scenarios/nprz.lua` prints no budget warning: every package pays its plan.

local cat = require "catalogue"
local HALF = { rijk = 0.5, municipality = 0.5 }

return wijksim.comparison {
  name = "NPRZ Rotterdam-Zuid 2026-2045",
  description = "NPRZ-like package (school, werk, wonen, veilig) vs none, Rotterdam-Zuid",
  start_year = 2026, years = 20, replications = 10, seed = 2026,
  scale = 0.1, areas = { "rotterdam_zuid" },

  baseline = wijksim.scenario { name = "no NPRZ" },

  options = {
    wijksim.scenario {
      name = "NPRZ",
      packages = {
        wijksim.package {
          name = "school", rijk_eur_per_year = 6e6, municipality_eur_per_year = 6e6,
          start_year = 2026, end_year = 2045,
          interventions = {
            -- 500 VVE places: at the audited EUR 12,000 a child (960 h, CATALOGUE_AUDIT.md)
            -- 600 would cost 7.2 m and the school envelope of 12 m would pay only 92 % of it
            cat.vve { places_per_year = 500, cofinance = HALF },
            cat.extended_school_day { places_per_year = 3000, cofinance = HALF },
            cat.tutoring { places_per_year = 1500, cofinance = HALF },
          },
        },
        wijksim.package {
          name = "werk", rijk_eur_per_year = 12e6, municipality_eur_per_year = 12e6,
          start_year = 2026, end_year = 2045,
          interventions = {
            cat.job_coaching { places_per_year = 2500, payer = "rijk", cofinance = HALF },
            cat.language_course { places_per_year = 800, payer = "rijk", cofinance = HALF },
            cat.debt_counselling { places_per_year = 1200, payer = "rijk", cofinance = HALF },
          },
        },
        wijksim.package {
          name = "wonen", rijk_eur_per_year = 5e6, municipality_eur_per_year = 1e6,
          corporation_eur_per_year = 60e6,
          start_year = 2026, end_year = 2045,
          interventions = {
            cat.housing_renovation { amount_per_year = 600, payer = "corporation",
                                     cofinance = { corporation = 1 } },
            cat.demolition_newbuild { amount_per_year = 100 },
            cat.allocation_rule {},
          },
        },
        wijksim.package {
          name = "veilig", rijk_eur_per_year = 3e6, municipality_eur_per_year = 3e6,
          start_year = 2026, end_year = 2045,
          interventions = {
            cat.hotspot_policing { amount_per_year = 10, cofinance = HALF },
            cat.youth_mentoring { places_per_year = 400, cofinance = HALF },
            cat.cbt_youth { places_per_year = 100, cofinance = HALF },
          },
        },
      },
    },
  },
}
