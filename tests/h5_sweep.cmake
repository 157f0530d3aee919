# HDF5 sweep file: writer/reader unit tests (test_h5_sweep.c), a check of a sample file with h5py
# (h5_sweep_readback.py), and `wijksim sensitivity` on the Ishigami function (sweep_ishigami.py).
# The case h5_sweep.write_sample writes the sample files; the readback depends on it through the
# h5_sweep_sample fixture.
ws_c_tests(h5_sweep LABELS unit h5 LIBS ws_h5)
target_include_directories(test_h5_sweep PRIVATE ${HDF5_INCLUDE_DIRS})
target_compile_definitions(test_h5_sweep PRIVATE ${HDF5_DEFINITIONS})
set_tests_properties(h5_sweep.write_sample PROPERTIES FIXTURES_SETUP h5_sweep_sample)
# A measurement (bytes per run of sweeps of 1,000 to 10,000 runs; prints them), not a unit
# test: ~10-15 s.
set_tests_properties(h5_sweep.bytes_per_run PROPERTIES LABELS "perf;h5")

ws_script_test(h5_sweep.readback_sample LABELS h5
  COMMAND ${WS_PY} ${CMAKE_CURRENT_SOURCE_DIR}/h5_sweep_readback.py
          ${CMAKE_BINARY_DIR}/h5_sweep_sample.h5 ${CMAKE_BINARY_DIR}/h5_sweep_sample_part.h5)
set_tests_properties(h5_sweep.readback_sample PROPERTIES FIXTURES_REQUIRED h5_sweep_sample)

# Sobol indices of the Ishigami function from a sweep file written by h5py in the sweep layout.
ws_script_test(h5_sweep.sensitivity_ishigami LABELS stat h5
  COMMAND ${WS_PY} ${CMAKE_CURRENT_SOURCE_DIR}/sweep_ishigami.py
          ${CMAKE_BINARY_DIR}/h5_sweep_ishigami.h5)
