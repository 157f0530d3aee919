# Model core: synthesis marginals, invariants, stability, determinism.
ws_c_tests(synth LABELS stat model LIBS ws_model TIMEOUT 600)
ws_c_tests(model LABELS stat model LIBS ws_model TIMEOUT 900)
# The per-area baseline bands (issue #10 item 8) still FAIL on a few (area, indicator) pairs
# (README, "Calibration and baseline stability"). They carry the label known_drift, which
# scripts/test.sh leaves out until they pass; run them with `ctest -L known_drift`. The
# full-scale cases (about 1.2 M persons) are labelled slow.
set_tests_properties(model.baseline_per_area_s005 PROPERTIES LABELS "stat;model;known_drift")
set_tests_properties(model.baseline_start_matches_inputs_full PROPERTIES LABELS "stat;model;slow")
set_tests_properties(model.baseline_per_area_full PROPERTIES LABELS "stat;model;slow;known_drift"
  TIMEOUT 1800)
