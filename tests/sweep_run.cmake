# The sweep loader (Lua), the worker pool and the journal (test_sweep_run.c).
ws_c_tests(sweep_run LABELS sweep lua unit LIBS ws_lua ws_sweep_run)
