-- bad_constraint.lua: a constraint that returns a number, not true or false (line 8).
return wijksim.sweep {
  name = "bad constraint",
  factors = {
    { name = "a", values = { 1, 2 } },
    { name = "b", values = { 1, 2 } },
  },
  constraint = function(v) return v.a + v.b end,
  scenario = function(v) return wijksim.scenario { name = "s" } end,
}
