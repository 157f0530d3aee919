-- bad_factor_key.lua: a misspelt key in the second factor (its name is on line 7).
return wijksim.sweep {
  name = "bad factor key",
  design = "grid",
  factors = {
    { name = "x", values = { 1, 2 } },
    { name = "y", min = 0, max = 1, stpes = 3 },
  },
  scenario = function(v) return wijksim.scenario { name = "s" } end,
}
