-- rijksinzet.lua: what extra national money (Rijksinzet) for the 20 NPLV areas buys over
-- 2026-2045, compared at equal or realistic budgets with common random numbers.
--
-- Budgets are EUR per year for all areas together (payer by payer), near the real ones
-- (DESIGN.md section 7): NPLV 2022 announced EUR 600 m for housing, 82 m for youth crime and
-- 20 m for poverty and debt; the NPRZ Regio Deal 2018-22 matched EUR 130 m Rijk with 130 m from
-- the city. Options:
--   spread            integrated package, every area gets the same per-area capacity
--   concentrate_5     the same money in the 5 worst areas (area data: bijstand, low income,
--                     debts, crime), capacities x4 there
--   nprz_style        school + werk + wonen + safety, Rijk matched 1:1 by municipalities
--   safety_only       the youth-crime budget alone (82 m Rijk)
-- Run: wijksim run scenarios/rijksinzet.lua, then wijksim summary results/rijksinzet.h5
-- (scale 0.1 and 8 replications: a few minutes on 2 cores; raise both for decisions).
-- Every option's packages pay what their interventions plan: `wijksim check` prints no budget
-- warning (a shortfall would deliver fewer places than written here).

local cat = require "catalogue"

-- The 5 worst areas: mean of bijstand, low income, problem debt and crime, each relative to the
-- mean of the 20 areas.
local function worst(n)
  local rows = wijksim.area_table()
  local cols = { "bijstand_hh", "low_income_hh", "problem_debt_hh", "crime_per_1000" }
  local mean = {}
  for _, c in ipairs(cols) do
    local s = 0
    for _, a in ipairs(rows) do s = s + a[c] end
    mean[c] = s / #rows
  end
  local scored = {}
  for _, a in ipairs(rows) do
    local s = 0
    for _, c in ipairs(cols) do s = s + a[c] / mean[c] end
    scored[#scored + 1] = { id = a.id, score = s }
  end
  table.sort(scored, function(x, y)
    if x.score ~= y.score then return x.score > y.score end
    return x.id < y.id
  end)
  local ids = {}
  for i = 1, n do ids[i] = scored[i].id end
  return ids
end

local WORST5 = worst(5)
local RIJK_MUN = { rijk = 0.7, municipality = 0.3 } -- Rijk pays most of the programme cost

-- The integrated package's interventions; `areas` nil = all, else a list with capacity x `k`.
local function integrated(areas, k)
  k = k or 1
  return {
    cat.housing_renovation { amount_per_year = 100 * k, areas = areas },
    cat.debt_counselling { places_per_year = 400 * k, payer = "rijk", cofinance = RIJK_MUN,
                           areas = areas },
    cat.job_coaching { places_per_year = 500 * k, payer = "rijk", cofinance = RIJK_MUN,
                       areas = areas },
    cat.tutoring { places_per_year = 600 * k, areas = areas },
    cat.youth_mentoring { places_per_year = 300 * k, areas = areas },
    cat.cbt_youth { places_per_year = 60 * k, areas = areas },
    cat.hotspot_policing { amount_per_year = 4 * k, areas = areas },
    cat.mental_health_access { places_per_year = 200 * k, payer = "rijk", cofinance = RIJK_MUN,
                               areas = areas },
  }
end

return wijksim.comparison {
  name = "Rijksinzet 2026-2045",
  description = "No extra Rijksinzet vs spread, concentrated, NPRZ-style and safety-only "
             .. "packages for the 20 NPLV areas",
  start_year = 2026, years = 20, replications = 8, seed = 2026,
  scale = 0.1, areas = "all",

  baseline = wijksim.scenario { name = "no extra Rijksinzet" },

  options = {
    wijksim.scenario {
      name = "spread",
      description = "EUR 150 m Rijk + 50 m municipalities + 100 m corporations a year, all areas",
      packages = {
        wijksim.package {
          name = "integrated", start_year = 2026, end_year = 2045,
          rijk_eur_per_year = 150e6, municipality_eur_per_year = 50e6,
          corporation_eur_per_year = 100e6,
          interventions = integrated(nil, 1),
        },
      },
    },

    wijksim.scenario {
      name = "concentrate_5",
      description = "the same money as 'spread', in the 5 worst areas only",
      packages = {
        wijksim.package {
          name = "integrated", start_year = 2026, end_year = 2045,
          rijk_eur_per_year = 150e6, municipality_eur_per_year = 50e6,
          corporation_eur_per_year = 100e6,
          interventions = integrated(WORST5, 4),
        },
      },
    },

    wijksim.scenario {
      name = "nprz_style",
      description = "school, werk, wonen and safety; Rijk matched 1:1 by municipalities "
                 .. "(as the NPRZ Regio Deal)",
      packages = {
        wijksim.package {
          name = "school", start_year = 2026, end_year = 2045,
          rijk_eur_per_year = 20e6, municipality_eur_per_year = 20e6,
          interventions = {
            cat.tutoring { places_per_year = 500, cofinance = { rijk = 0.5, municipality = 0.5 } },
            cat.extended_school_day { places_per_year = 600,
                                      cofinance = { rijk = 0.5, municipality = 0.5 } },
            cat.summer_school { places_per_year = 200,
                                cofinance = { rijk = 0.5, municipality = 0.5 } },
          },
        },
        wijksim.package {
          name = "werk", start_year = 2026, end_year = 2045,
          rijk_eur_per_year = 30e6, municipality_eur_per_year = 30e6,
          interventions = {
            cat.job_coaching { places_per_year = 300, payer = "rijk",
                               cofinance = { rijk = 0.5, municipality = 0.5 } },
            cat.language_course { places_per_year = 200, payer = "rijk",
                                  cofinance = { rijk = 0.5, municipality = 0.5 } },
            cat.debt_counselling { places_per_year = 250, payer = "rijk",
                                   cofinance = { rijk = 0.5, municipality = 0.5 } },
          },
        },
        wijksim.package {
          name = "wonen", start_year = 2026, end_year = 2045,
          rijk_eur_per_year = 15e6, corporation_eur_per_year = 90e6,
          interventions = {
            -- the corporations renovate from their own money; the Rijk pays 1/4 of renewal
            cat.housing_renovation { amount_per_year = 50, payer = "corporation",
                                     cofinance = { corporation = 1 } },
            cat.demolition_newbuild { amount_per_year = 10 },
          },
        },
        wijksim.package {
          name = "veilig", start_year = 2026, end_year = 2045,
          rijk_eur_per_year = 10e6, municipality_eur_per_year = 10e6,
          interventions = {
            cat.hotspot_policing { cofinance = { rijk = 0.5, municipality = 0.5 } },
            cat.youth_mentoring { places_per_year = 100,
                                  cofinance = { rijk = 0.5, municipality = 0.5 } },
          },
        },
      },
    },

    wijksim.scenario {
      name = "safety_only",
      description = "the NPLV youth-crime budget (EUR 82 m Rijk a year) on safety alone",
      packages = {
        wijksim.package {
          name = "safety", start_year = 2026, end_year = 2045,
          rijk_eur_per_year = 82e6,
          interventions = {
            cat.youth_mentoring { places_per_year = 500 },
            cat.cbt_youth { places_per_year = 150 },
            cat.hotspot_policing { amount_per_year = 8 },
            cat.community_policing {},
            cat.undermining_enforcement { payer = "rijk" },
          },
        },
      },
    },
  },
}
