-- lib/make.lua: builds a scenario inside a module; errors must point here (line 6).
local M = {}
function M.make(y)
  return wijksim.scenario {
    name = "made", area_data = "areas3.csv",
    years = y,
  }
end
return M
