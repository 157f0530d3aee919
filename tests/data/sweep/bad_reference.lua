-- bad_reference.lua: a reference point that is not in the design (line 6: 5 is not a level).
return wijksim.sweep {
  name = "bad reference",
  factors = { { name = "x", values = { 1, 2 } } },
  scenario = function(v) return wijksim.scenario { name = "s" } end,
  reference = { x = 5 },
}
