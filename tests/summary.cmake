# Summaries over replications, differences to the baseline and cost per unit (test_summary.c).
ws_c_tests(summary LABELS unit stat LIBS ws_base)
