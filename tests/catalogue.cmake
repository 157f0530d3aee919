# `wijksim catalogue` (sim/cli/cli_catalogue.c): help, the listing of every catalogue entry, bad
# usage, the README's catalogue table against `wijksim catalogue --markdown`, and every entry's
# source text fitting its 1,023 bytes with the cost note (tests/catalogue_cli_test.sh).
foreach(case help list bad_usage readme_table sources)
  ws_script_test(catalogue_cli.${case} LABELS cli COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/catalogue_cli_test.sh ${case})
endforeach()
