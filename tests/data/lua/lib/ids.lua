-- lib/ids.lua: a module for tests (require "lib.ids"); returns area id lists.
local M = {}
M.some = { "centrum", "noord_oost" }
M.not_2020 = {}
for _, a in ipairs(wijksim.area_table("areas3.csv")) do
  if not a.in_2020 then M.not_2020[#M.not_2020 + 1] = a.id end
end
return M
