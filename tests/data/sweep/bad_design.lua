-- bad_design.lua: an unknown design (line 4).
return wijksim.sweep {
  name = "bad design",
  design = "latin",
  factors = { { name = "x", values = { 1, 2 } } },
  scenario = function(v) return wijksim.scenario { name = "s" } end,
}
