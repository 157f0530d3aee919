# Intervention and package keys (include/wijksim/intervention_fields.def): every bound refused
# alike by the Lua loader and the C check, defaults, the sign rule (tests/test_fields.c); and
# `wijksim interventions`, `wijksim check` on generated files and the README's key tables
# (tests/fields_cli_test.sh).
ws_c_tests(fields LABELS unit lua LIBS ws_lua)
foreach(case interventions_help interventions_list interventions_bad_usage check_generated
        readme_keys)
  ws_script_test(fields.${case} LABELS cli COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/fields_cli_test.sh ${case})
endforeach()
