# Model core: synthesis marginals, invariants, stability, determinism.
ws_c_tests(synth LABELS stat model LIBS ws_core TIMEOUT 600)
ws_c_tests(model LABELS stat model LIBS ws_core TIMEOUT 900)
