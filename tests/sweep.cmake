# Sweep designs, per-run payload and Sobol' indices (test_sweep.c). Every case is a unit test;
# the cases whose checks are statistical (tolerances from the sample size) also carry "stat".
ws_c_tests(sweep LABELS unit LIBS ws_sweep_design)
set_tests_properties(sweep.random_ranges_levels sweep.random_loguniform sweep.sobol_low_discrepancy
                     sweep.sobol_ishigami sweep.sobol_additive PROPERTIES LABELS "unit;stat")
