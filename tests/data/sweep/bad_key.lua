-- bad_key.lua: a misspelt sweep key (line 5).
return wijksim.sweep {
  name = "bad key",
  factors = { { name = "x", values = { 1, 2 } } },
  replicatons = 3,
  scenario = function(v) return wijksim.scenario { name = "s" } end,
}
