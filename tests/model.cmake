# Model core: synthesis marginals, invariants, stability, determinism.
ws_c_tests(synth LABELS stat model LIBS ws_model TIMEOUT 600)
ws_c_tests(model LABELS stat model LIBS ws_model TIMEOUT 900)
