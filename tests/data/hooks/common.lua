-- common.lua: the package the hook tests share (job coaching under one envelope over two areas;
-- no places_per_year, so the money sets the capacity).
local M = {}
function M.package()
  return wijksim.package {
    name = "work", rijk_eur_per_year = 1.2e6,
    interventions = {
      wijksim.intervention {
        name = "coaching", transition = "job_finding",
        who = { age = { 18, 59 }, labour = { "unemployed" } },
        cost_per_participant = 3000, programme_months = 3, effect = { hr = 1.5 },
      },
    },
  }
end
return M
