# Per-mechanism unit tests: one case per mechanism, one phase for one month on a tiny
# hand-built world (tests/wt_world.h), exact against the phase's keyed draws.
ws_c_tests(mech_life LABELS unit model mech LIBS ws_model TIMEOUT 60)
ws_c_tests(mech_work LABELS unit model mech LIBS ws_model TIMEOUT 60)
ws_c_tests(mech_health LABELS unit model mech LIBS ws_model TIMEOUT 60)
ws_c_tests(mech_safety LABELS unit model mech LIBS ws_model TIMEOUT 60)
ws_c_tests(mech_place LABELS unit model mech LIBS ws_model TIMEOUT 60)
ws_c_tests(mech_intervention LABELS unit model mech LIBS ws_model TIMEOUT 60)
