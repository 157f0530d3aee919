# Unit tests of the board report's words and numbers (tests/report_unit_test.py, Python's
# unittest): one ctest per test method, "report_unit.<Class>.<test>", labels unit and report.
# The list comes from the file itself: every "class Test..." and its "    def test_...".
set(WS_REPORT_UNIT ${CMAKE_CURRENT_SOURCE_DIR}/report_unit_test.py)
file(STRINGS ${WS_REPORT_UNIT} ws_report_unit_lines
     REGEX "^(class Test[A-Za-z0-9_]+|    def test_[A-Za-z0-9_]+)")
set(ws_report_unit_class "")
foreach(line ${ws_report_unit_lines})
  if(line MATCHES "^class (Test[A-Za-z0-9_]+)")
    set(ws_report_unit_class ${CMAKE_MATCH_1})
  elseif(line MATCHES "^    def (test_[A-Za-z0-9_]+)" AND ws_report_unit_class)
    set(ws_case ${ws_report_unit_class}.${CMAKE_MATCH_1})
    ws_script_test(report_unit.${ws_case} LABELS unit report TIMEOUT 60
      COMMAND ${WS_PY} ${WS_REPORT_UNIT} ${ws_case})
  endif()
endforeach()
