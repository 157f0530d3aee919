# Effect fidelity (issue #10): every kind of effect an intervention states, measured on
# participants against comparable non-participants (person programmes) or against the baseline
# with common random numbers (place programmes). Each case prints a row of the effect-fidelity
# table: ctest -L stat -R fidelity -V | grep FIDELITY
ws_c_tests(fidelity LABELS stat model LIBS ws_model TIMEOUT 900)
