/* cli_run.c: placeholder until written. */
