-- lib/cat_bad.lua: a catalogue entry with a misspelt key (line 4).
local M = {}
M.coach = wijksim.intervention_type {
  type = "coach", transition = "job_finding", take_upp = 0.5,
}
return M
