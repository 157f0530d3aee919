/* cli.h: the subcommands of the wijksim command-line tool (sim/cli/main.c dispatches). */
#ifndef WS_CLI_H
#define WS_CLI_H

#include "wijksim/model.h"

/* Exit codes of every subcommand. */
enum { WS_EXIT_OK = 0, WS_EXIT_RUNTIME = 1, WS_EXIT_USAGE = 2 };

/* `wijksim run SCENARIO.lua [options]`; argv[0] is "run". Returns an exit code. */
int ws_cli_run(int argc, char **argv, const char *command_line);

/* `wijksim check SCENARIO.lua`: validate without simulating. Returns an exit code. */
int ws_cli_check(int argc, char **argv);

/* `wijksim sweep SWEEP.lua [options]`, `wijksim merge PARTS... -o FILE.h5` and
 * `wijksim sensitivity FILE.h5 --indicator NAME --year Y` (cli_sweep.c). Exit codes. */
int ws_cli_sweep(int argc, char **argv, const char *command_line);
int ws_cli_merge(int argc, char **argv, const char *command_line);
int ws_cli_sensitivity(int argc, char **argv);

/* `wijksim check SWEEP.lua`: validates a sweep and every point's scenario. Exit code. */
int ws_cli_check_sweep(const char *path);

/* Shared by the subcommands (cli_run.c). */
/* Prints "wijksim CMD: <fmt with arg>" and a hint to --help; returns WS_EXIT_USAGE. */
int ws_cli_bad_usage(const char *cmd, const char *fmt, const char *arg);
int ws_cli_parse_long(const char *s, long long lo, long long hi, long long *out); /* 0 ok */
void ws_cli_iso_now(char *buf, size_t n);                     /* ISO 8601 UTC time */
void ws_cli_default_output(const char *script, char *out, size_t n); /* results/<name>.h5 */
void ws_cli_meta_start(ws_run_meta *m, const char *command_line, int threads);

/* Maps a WS_E* status to an exit code: bad input -> 2, anything else -> 1. */
int ws_cli_exit_code(int status);

#endif
