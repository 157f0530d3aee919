# HDF5 results file: writer/reader unit tests (test_h5.c), then checks of a sample file with
# h5py (h5_readback.py, h5compare.py) and h5dump. The case h5.write_sample writes the sample
# files into the build directory; the script tests depend on it through the h5_sample fixture.
ws_c_tests(h5 LABELS unit h5 LIBS ws_h5 ws_model)
target_include_directories(test_h5 PRIVATE ${HDF5_INCLUDE_DIRS})
target_compile_definitions(test_h5 PRIVATE ${HDF5_DEFINITIONS})
set_tests_properties(h5.write_sample PROPERTIES FIXTURES_SETUP h5_sample)

set(WS_H5_SAMPLE ${CMAKE_BINARY_DIR}/h5_sample.h5)

ws_script_test(h5.readback_sample LABELS h5
  COMMAND ${WS_PY} ${CMAKE_CURRENT_SOURCE_DIR}/h5_readback.py ${WS_H5_SAMPLE}
          ${CMAKE_BINARY_DIR}/h5_sample.lua)
ws_script_test(h5.compare_same LABELS h5
  COMMAND ${WS_PY} ${CMAKE_CURRENT_SOURCE_DIR}/h5compare.py ${WS_H5_SAMPLE}
          ${CMAKE_BINARY_DIR}/h5_sample_again.h5)
# h5compare must exit exactly 1 (not 2, not a crash) when one value differs.
ws_script_test(h5.compare_changed LABELS h5
  COMMAND ${WS_PY} -c "import subprocess, sys\nsys.exit(0 if subprocess.call(sys.argv[1:]) == 1 else 1)"
          ${WS_PY} ${CMAKE_CURRENT_SOURCE_DIR}/h5compare.py ${WS_H5_SAMPLE}
          ${CMAKE_BINARY_DIR}/h5_sample_changed.h5)
set_tests_properties(h5.readback_sample h5.compare_same h5.compare_changed PROPERTIES
  FIXTURES_REQUIRED h5_sample)

find_program(WS_H5DUMP h5dump)
if(WS_H5DUMP)
  ws_script_test(h5.h5dump_sample LABELS h5 COMMAND ${WS_H5DUMP} -H ${WS_H5_SAMPLE})
  set_tests_properties(h5.h5dump_sample PROPERTIES FIXTURES_REQUIRED h5_sample)
endif()
