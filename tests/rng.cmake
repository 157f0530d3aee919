# The RNG rule (sim/model/rng.h): no counter read by two decisions (a traced build of the core,
# ws_model_trace) and no draw rescaled for a second decision (a source scan).
ws_c_tests(rng LABELS unit model LIBS ws_model_trace TIMEOUT 300)
