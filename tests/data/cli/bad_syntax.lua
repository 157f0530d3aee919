return wijksim.scenario {
  name = "bad syntax",
  years = 20
  seed = 3,
}
