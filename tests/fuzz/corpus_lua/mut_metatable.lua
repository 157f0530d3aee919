local t = {} t.__index = t setmetatable(t, t)
return wijksim.scenario(setmetatable({ name = "m", area_data = "areas/nplv2022.csv" }, { __index = function() error("boom") end }))
