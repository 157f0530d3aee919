# Every model number is a named parameter (issue #10 item 9): tests/params_scan.py scans the
# model's phase files (sim/model/*.c) for numeric literals against tests/params_allow.txt
# (params.scan); params.scan_fails shows on fixtures (tests/data/params_scan/) that it can fail.
ws_script_test(params.scan LABELS params TIMEOUT 60
  COMMAND ${WS_PY} ${CMAKE_CURRENT_SOURCE_DIR}/params_scan.py)
ws_script_test(params.scan_fails LABELS params TIMEOUT 60
  COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/params_scan_test.sh)
