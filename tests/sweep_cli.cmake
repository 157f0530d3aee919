# Sweep command-line tests (tests/sweep_test.sh CASE): one 1-process reference sweep of
# scenarios/sweep_demo.lua (fixture), then the same sweep split by threads, MPI ranks and shards
# compared with it bit for bit, resume after SIGINT/SIGTERM/SIGKILL, Sobol indices on a design
# with a known answer, and bad input.
set(WS_SWEEP_REF ${CMAKE_BINARY_DIR}/sweep_ref)
foreach(case reference info one_thread mpi2 mpi3 shards3 resume_sigint resume_sigterm
        resume_sigkill journal_guard cluster_scripts sensitivity_known bad_sweep_key bad_factor_key bad_design
        bad_param_range bad_point_scenario bad_constraint bad_frame bad_reference bad_run_sweep)
  ws_script_test(sweepcli.${case} LABELS sweep cli
    COMMAND env SWEEP_REF_DIR=${WS_SWEEP_REF} bash ${CMAKE_CURRENT_SOURCE_DIR}/sweep_test.sh ${case})
endforeach()
set_tests_properties(sweepcli.reference PROPERTIES FIXTURES_SETUP sweep_ref)
set_tests_properties(sweepcli.info sweepcli.one_thread sweepcli.mpi2 sweepcli.mpi3
  sweepcli.shards3 sweepcli.cluster_scripts sweepcli.resume_sigint sweepcli.resume_sigterm sweepcli.resume_sigkill
  sweepcli.sensitivity_known PROPERTIES FIXTURES_REQUIRED sweep_ref)
set_tests_properties(sweepcli.bad_sweep_key sweepcli.bad_factor_key sweepcli.bad_design
  sweepcli.bad_param_range sweepcli.bad_point_scenario sweepcli.bad_constraint sweepcli.bad_frame
  sweepcli.bad_reference sweepcli.bad_run_sweep PROPERTIES LABELS "sweep;cli;badinput")
find_program(WS_MPIRUN mpirun)
if(NOT WS_MPIRUN OR NOT MPI_C_FOUND)
  set_tests_properties(sweepcli.mpi2 sweepcli.mpi3 PROPERTIES DISABLED TRUE)
endif()
