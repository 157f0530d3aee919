-- hook.lua: a yearly policy hook for the CLI tests — two areas, three years, one safety
-- package over both; after each year the hook doubles the envelope weight of the area whose
-- youth offending is highest, and prints what it did (stderr).
return wijksim.scenario {
  name = "hook", start_year = 2026, years = 3, replications = 2, seed = 7, scale = 0.1,
  area_data = "areas/nplv2022.csv",
  areas = { "vlaardingen_west", "delft_west" },
  params = { burn_in_months = 12 },
  packages = {
    wijksim.package {
      name = "safety", rijk_eur_per_year = 2e6,
      interventions = {
        wijksim.intervention {
          name = "youth_mentoring", transition = "offending_onset",
          who = { age = { 12, 24 } }, priority = "risk",
          cost_per_participant = 2500, programme_months = 12, effect = { hr = 0.8 },
        },
      },
    },
  },
  hook = function(year, areas)
    local worst, most = nil, -1
    for id, a in pairs(areas) do
      if a.safety_youth_offending > most or
         (a.safety_youth_offending == most and id < worst) then
        worst, most = id, a.safety_youth_offending
      end
    end
    local w = areas[worst].budget_weight.safety * 2
    print(string.format("hook %d: %s %.2f %% -> weight %.0f", year, worst, most, w))
    return { safety = { [worst] = w } }
  end,
}
