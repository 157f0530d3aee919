/* cli.h: the subcommands of the wijksim command-line tool (sim/main.c dispatches). */
#ifndef WS_CLI_H
#define WS_CLI_H

/* Exit codes of every subcommand. */
enum { WS_EXIT_OK = 0, WS_EXIT_RUNTIME = 1, WS_EXIT_USAGE = 2 };

/* `wijksim run SCENARIO.lua [options]`; argv[0] is "run". Returns an exit code. */
int ws_cli_run(int argc, char **argv, const char *command_line);

/* `wijksim check SCENARIO.lua`: validate without simulating. Returns an exit code. */
int ws_cli_check(int argc, char **argv);

/* Maps a WS_E* status to an exit code: bad input -> 2, anything else -> 1. */
int ws_cli_exit_code(int status);

#endif
