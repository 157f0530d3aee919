/* cli_common.c: what every wijksim subcommand shares — exit codes, usage errors, number
 * arguments, provenance of a run, default output paths and the stop flag set by SIGINT/SIGTERM.
 *
 * The stop flag is the one piece of process-wide state of the tool: a signal handler can only
 * set a flag, and every long-running command polls it (the model through ws_run_opts.stop, the
 * sweep pool through its opts.stop), stops at the next safe point and writes nothing half done.
 */
#include "cli.h"
#include "ws_version.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int ws_cli_exit_code(int status)
{
    return status == 0 ? WS_EXIT_OK : status == WS_EINPUT ? WS_EXIT_USAGE : WS_EXIT_RUNTIME;
}

int ws_cli_bad_usage(const char *cmd, const char *fmt, const char *arg)
{
    fprintf(stderr, "wijksim %s: ", cmd);
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry 'wijksim %s --help'.\n", cmd);
    return WS_EXIT_USAGE;
}

int ws_cli_parse_long(const char *s, long long lo, long long hi, long long *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi) return -1;
    *out = v;
    return 0;
}

void ws_cli_iso_now(char *buf, size_t n)
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void ws_cli_meta_start(ws_run_meta *m, const char *command_line, int threads)
{
    memset(m, 0, sizeof *m);
    snprintf(m->version, sizeof m->version, "%s", WS_VERSION_STRING);
    snprintf(m->git_revision, sizeof m->git_revision, "%s", WS_GIT_REVISION);
    snprintf(m->command_line, sizeof m->command_line, "%s", command_line);
    ws_cli_iso_now(m->created, sizeof m->created);
    m->threads = threads;
}

/* Default output: results/<scenario file base name>.h5 */
void ws_cli_default_output(const char *scen, char *out, size_t n)
{
    const char *b = strrchr(scen, '/');
    b = b ? b + 1 : scen;
    size_t len = strlen(b);
    if (len > 4 && strcmp(b + len - 4, ".lua") == 0) len -= 4;
    snprintf(out, n, "results/%.*s.h5", (int)len, b);
}

static volatile sig_atomic_t g_stop;

static void on_signal(int sig)
{
    (void)sig;
    g_stop = 1;
}

void ws_cli_catch_signals(void)
{
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
}

volatile const int *ws_cli_stop_flag(void)
{
    return (volatile const int *)&g_stop;
}
