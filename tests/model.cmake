# Model core: synthesis marginals, invariants, stability, determinism.
ws_c_tests(synth LABELS stat model LIBS ws_model TIMEOUT 600)
ws_c_tests(model LABELS stat model LIBS ws_model TIMEOUT 900)
# the full-scale baseline (about 1.2 M persons, 20 years): label slow, so `ctest -LE slow` skips it
set_tests_properties(model.baseline_per_area_full PROPERTIES LABELS "stat;model;slow" TIMEOUT 1800)
