# The source tree mirrors the link units and the library boundaries (tests/layout_test.sh).
foreach(case boundaries folders readme)
  ws_script_test(layout.${case} LABELS unit COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/layout_test.sh ${case})
endforeach()
