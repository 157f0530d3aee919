/* cli.h: the subcommands of the wijksim command-line tool (main.c dispatches) and the helpers
 * they share (cli_common.c). */
#ifndef WS_CLI_H
#define WS_CLI_H

#include "wijksim/model.h"

/* Exit codes of every subcommand. */
enum { WS_EXIT_OK = 0, WS_EXIT_RUNTIME = 1, WS_EXIT_USAGE = 2 };

/* `wijksim run SCENARIO.lua [options]`; argv[0] is "run". Returns an exit code (130 when
 * interrupted). */
int ws_cli_run(int argc, char **argv, const char *command_line);

/* `wijksim check SCENARIO.lua`: validate without simulating. Returns an exit code. */
int ws_cli_check(int argc, char **argv);

/* `wijksim sweep SWEEP.lua [options]` (cli_sweep.c), `wijksim merge PARTS... -o FILE.h5` and
 * `wijksim sensitivity FILE.h5 --indicator NAME --year Y` (cli_sweep_tools.c). Exit codes
 * (sweep: 130 when interrupted). */
int ws_cli_sweep(int argc, char **argv, const char *command_line);
int ws_cli_merge(int argc, char **argv, const char *command_line);
int ws_cli_sensitivity(int argc, char **argv);

/* `wijksim interventions [--markdown]`: lists transitions, place targets, selector states and
 * every intervention and package key from the .def tables (cli_list.c). Exit code. */
int ws_cli_interventions(int argc, char **argv);

/* `wijksim catalogue [FILE.lua] [--markdown]`: one row per intervention of a scenario (default
 * scenarios/catalogue_all.lua), read with ws_lua_load_scenario: name, domain, who, effect, cost,
 * evidence (cli_catalogue.c). Exit code. */
int ws_cli_catalogue(int argc, char **argv);

/* `wijksim check SWEEP.lua`: validates a sweep and every point's scenario (cli_sweep.c).
 * Exit code. */
int ws_cli_check_sweep(const char *path);

/* ---- Shared by the subcommands (cli_common.c) ---- */

/* Prints "wijksim CMD: <fmt with arg>" and a hint to --help on stderr; returns WS_EXIT_USAGE. */
int ws_cli_bad_usage(const char *cmd, const char *fmt, const char *arg);

/* Parses a whole decimal number in [lo, hi] (strtoll: leading white space and a sign are
 * allowed, nothing may follow) into *out: 0, or -1 (out untouched). */
int ws_cli_parse_long(const char *s, long long lo, long long hi, long long *out);

/* The current time as ISO 8601 UTC ("2026-12-03T08:02:17Z") into buf of size n. */
void ws_cli_iso_now(char *buf, size_t n);

/* The default output of a script: results/<file name without .lua>.h5, into out (size n). */
void ws_cli_default_output(const char *script, char *out, size_t n);

/* Fills m with this build's version and git revision, the command line, the start time and
 * the thread count (finished is left empty for the caller). */
void ws_cli_meta_start(ws_run_meta *m, const char *command_line, int threads);

/* Maps a WS_E* status to an exit code: 0 -> 0, bad input -> 2, anything else -> 1. */
int ws_cli_exit_code(int status);

/* Installs the SIGINT/SIGTERM handler that sets the stop flag (once per process is enough). */
void ws_cli_catch_signals(void);

/* The stop flag: non-zero once SIGINT or SIGTERM arrived. Poll it; never write it. */
volatile const int *ws_cli_stop_flag(void);

#endif
