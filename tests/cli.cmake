# Command-line tests: tests/cli_test.sh CASE, one ctest per case.
foreach(case readme_examples check help version params bad_usage bad_key bad_area bad_range bad_type bad_syntax
        bad_param bad_csv_missing_column bad_csv_negative_count bad_csv_share_over_100
        run_info_readback quiet threads_identical overrides interrupted budget_shortfall
        compare_run compare_summary compare_interrupted hook_run hook_error decompose)
  ws_script_test(cli.${case} LABELS cli COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli_test.sh ${case})
endforeach()
set_tests_properties(cli.bad_key cli.bad_area cli.bad_range cli.bad_type cli.bad_syntax
  cli.bad_param cli.bad_csv_missing_column cli.bad_csv_negative_count
  cli.bad_csv_share_over_100 PROPERTIES LABELS "cli;badinput")
