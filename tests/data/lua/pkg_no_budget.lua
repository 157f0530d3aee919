-- pkg_no_budget: test scenario for tests/test_lua.c (see the case of the same name).
return wijksim.scenario {
  name = "x", area_data = "areas3.csv",
  packages = {
    wijksim.package {
      name = "p",
      interventions = { wijksim.intervention { transition = "job_finding", name = "a" } },
    },
  },
}
