/* main.c: the wijksim command-line tool — dispatches subcommands and decides exit codes.
 *
 * This is the only file allowed to end the process. GSL's aborting error handler is switched
 * off here, before anything else runs, so library errors come back as return codes.
 */
#include "cli.h"
#include "ws_version.h"
#include "wijksim/h5.h"
#include "wijksim/params.h"

#include <gsl/gsl_errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *f)
{
    fputs("usage: wijksim COMMAND [options]\n"
          "\n"
          "Agent-based simulation of neighbourhood interventions in the NPLV areas.\n"
          "\n"
          "commands:\n"
          "  run SCENARIO.lua   simulate a scenario or comparison, write an HDF5 results file\n"
          "  sweep SWEEP.lua    run a sweep (design x replications) on threads, MPI or shards\n"
          "  merge PARTS -o F   combine the part files of a sharded sweep\n"
          "  sensitivity FILE   Sobol indices of a saltelli sweep\n"
          "  params             list every model parameter (name, default, unit, range, source)\n"
          "  interventions      list transitions, place targets, states and intervention keys\n"
          "  catalogue [FILE]   the catalogue's interventions: domain, who, effect, cost, evidence\n"
          "  info FILE.h5       describe what a results file holds\n"
          "  check SCENARIO.lua validate a scenario or comparison without simulating\n"
          "  summary FILE.h5    the board table: options against the baseline, cost per unit\n"
          "  help COMMAND       help for one command\n"
          "  --version          version and git revision\n"
          "\n"
          "Exit status: 0 ok, 1 runtime failure, 2 bad usage or bad input.\n",
          f);
}

static void params_usage(FILE *f)
{
    fputs("usage: wijksim params [--csv]\n"
          "\n"
          "Lists every model parameter with its default, unit, allowed range and source.\n"
          "Scenarios override them by name in their `params` table.\n"
          "  --csv   machine-readable output (name,type,default,min,max,unit,source,doc)\n",
          f);
}

static void info_usage(FILE *f)
{
    fputs("usage: wijksim info FILE.h5\n"
          "\n"
          "Describes a results file: provenance, dimensions, scenarios and indicators with\n"
          "their units and the mean of the first and last year.\n",
          f);
}

static void summary_usage(FILE *f)
{
    fputs("usage: wijksim summary FILE.h5 [--years Y1,Y2,...] [--area ID] [--csv]\n"
          "\n"
          "Prints the board table of a results file, read from its /summary: for each option\n"
          "and headline indicator the baseline and option means, the difference with its 90 %\n"
          "band (per replication pair), the option's spend over the horizon (total and Rijk)\n"
          "and the cost per unit of improvement, or \"not distinguishable from zero\" when the\n"
          "improvement's 90 % band contains zero. A file with one scenario shows its means\n"
          "with 90 % bands.\n"
          "  --years Y1,Y2,...   calendar years to show (default: years 5 and 10 of the horizon\n"
          "                      and its last year)\n"
          "  --area ID           one area (an id as in wijksim info; default: all areas,\n"
          "                      population-weighted); cost per unit is always all areas\n"
          "  --csv               comma-separated values with a header line, full precision\n"
          "Exit status: 0 ok, 1 runtime failure, 2 bad usage or bad input.\n",
          f);
}

/* Parses "Y1,Y2,..." into o->years. Returns 0, or -1 when it is not a list of years. */
static int parse_years(const char *s, ws_h5_summary_opts *o)
{
    o->n_years = 0;
    const char *p = s;
    while (*p) {
        char *end;
        long v = strtol(p, &end, 10);
        if (end == p || v < 1900 || v > 2200 || o->n_years >= WS_MAX_YEARS) return -1;
        o->years[o->n_years++] = (int)v;
        if (*end == ',' && end[1])
            p = end + 1;
        else if (*end == '\0')
            p = end;
        else
            return -1;
    }
    return o->n_years > 0 ? 0 : -1;
}

static int cmd_summary(int argc, char **argv)
{
    ws_h5_summary_opts o;
    memset(&o, 0, sizeof o);
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            summary_usage(stdout);
            return WS_EXIT_OK;
        } else if (!strcmp(a, "--csv")) {
            o.csv = true;
        } else if (!strcmp(a, "--years")) {
            if (!val || parse_years(val, &o)) {
                fprintf(stderr, "wijksim summary: --years needs a list like 2030,2035, got '%s'\n",
                        val ? val : "");
                return WS_EXIT_USAGE;
            }
            i++;
        } else if (!strcmp(a, "--area")) {
            if (!val) {
                fprintf(stderr, "wijksim summary: --area needs an area id\n");
                return WS_EXIT_USAGE;
            }
            o.area = argv[++i];
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "wijksim summary: unknown option '%s'\n", a);
            summary_usage(stderr);
            return WS_EXIT_USAGE;
        } else if (!path) {
            path = a;
        } else {
            fprintf(stderr, "wijksim summary: unexpected argument '%s' (one file)\n", a);
            return WS_EXIT_USAGE;
        }
    }
    if (!path) {
        summary_usage(stderr);
        return WS_EXIT_USAGE;
    }
    ws_error err;
    ws_error_clear(&err);
    int rc = ws_h5_summary(path, &o, stdout, &err);
    if (rc) {
        char msg[2048];
        fprintf(stderr, "wijksim summary: %s\n", ws_error_format(&err, msg, sizeof msg));
    }
    return ws_cli_exit_code(rc);
}

static void csv_field(const char *s)
{
    putchar('"');
    for (; *s; s++) {
        if (*s == '"') putchar('"');
        putchar(*s);
    }
    putchar('"');
}

static int cmd_params(int argc, char **argv)
{
    bool csv = false;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--csv")) {
            csv = true;
        } else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            params_usage(stdout);
            return WS_EXIT_OK;
        } else {
            fprintf(stderr, "wijksim params: unknown argument '%s'\n", argv[i]);
            params_usage(stderr);
            return WS_EXIT_USAGE;
        }
    }
    if (csv) puts("name,type,default,min,max,unit,source,doc");
    for (int i = 0; i < ws_n_params; i++) {
        const ws_param_info *p = &ws_param_table[i];
        const char *type = p->type == WS_PT_INT ? "int" : "real";
        if (csv) {
            printf("%s,%s,%.10g,%.10g,%.10g,", p->name, type, p->def, p->min, p->max);
            csv_field(p->unit);
            putchar(',');
            csv_field(p->source);
            putchar(',');
            csv_field(p->doc);
            putchar('\n');
        } else {
            printf("%-26s %10.6g  [%g .. %g] %s\n    %s\n    source: %s\n", p->name, p->def,
                   p->min, p->max, p->unit, p->doc, p->source);
        }
    }
    return WS_EXIT_OK;
}

static int cmd_info(int argc, char **argv)
{
    if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
        info_usage(stdout);
        return WS_EXIT_OK;
    }
    if (argc != 2 || argv[1][0] == '-') {
        info_usage(stderr);
        return WS_EXIT_USAGE;
    }
    ws_error err;
    ws_error_clear(&err);
    int rc = ws_h5_info(argv[1], stdout, &err);
    if (rc) {
        char msg[2048];
        fprintf(stderr, "wijksim info: %s\n", ws_error_format(&err, msg, sizeof msg));
    }
    return ws_cli_exit_code(rc);
}

/* The command line as one string, arguments with spaces quoted. */
static void join_args(int argc, char **argv, char *buf, size_t n)
{
    size_t len = 0;
    buf[0] = '\0';
    for (int i = 0; i < argc && len < n; i++) {
        const char *q = strpbrk(argv[i], " \t\"'") ? "'" : "";
        int k = snprintf(buf + len, n - len, "%s%s%s%s", i ? " " : "", q, argv[i], q);
        if (k < 0) break;
        len += (size_t)k;
    }
}

/* The commands, in the order of usage(). */
static const char *const g_commands[] = {"run",    "sweep",         "merge",     "sensitivity",
                                         "params", "interventions", "catalogue", "info",
                                         "check",  "summary"};

static bool is_command(const char *s)
{
    for (size_t i = 0; i < sizeof g_commands / sizeof *g_commands; i++)
        if (!strcmp(s, g_commands[i])) return true;
    return false;
}

/* Runs command argv[0] (one of g_commands) with its arguments; returns the exit status. */
static int dispatch(int argc, char **argv, const char *cmdline)
{
    const char *cmd = argv[0];
    if (!strcmp(cmd, "check")) return ws_cli_check(argc, argv);
    if (!strcmp(cmd, "run")) return ws_cli_run(argc, argv, cmdline);
    if (!strcmp(cmd, "sweep")) return ws_cli_sweep(argc, argv, cmdline);
    if (!strcmp(cmd, "merge")) return ws_cli_merge(argc, argv, cmdline);
    if (!strcmp(cmd, "sensitivity")) return ws_cli_sensitivity(argc, argv);
    if (!strcmp(cmd, "params")) return cmd_params(argc, argv);
    if (!strcmp(cmd, "interventions")) return ws_cli_interventions(argc, argv);
    if (!strcmp(cmd, "catalogue")) return ws_cli_catalogue(argc, argv);
    if (!strcmp(cmd, "info")) return cmd_info(argc, argv);
    return cmd_summary(argc, argv);
}

int main(int argc, char **argv)
{
    gsl_set_error_handler_off();
    if (argc < 2) {
        usage(stderr);
        return WS_EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "version")) {
        printf("wijksim %s (git %s)\n", WS_VERSION_STRING, WS_GIT_REVISION);
        return WS_EXIT_OK;
    }
    if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help")) {
        usage(stdout);
        return WS_EXIT_OK;
    }
    if (!strcmp(cmd, "help")) {
        /* `wijksim help X` is `wijksim X --help`; no topic is the general usage */
        if (argc < 3) {
            usage(stdout);
            return WS_EXIT_OK;
        }
        if (argc > 3 || !is_command(argv[2])) {
            fprintf(stderr, argc > 3 ? "wijksim help: one command at a time\n"
                                     : "wijksim help: unknown command '%s'\n", argv[2]);
            usage(stderr);
            return WS_EXIT_USAGE;
        }
        char *args[] = {argv[2], "--help", NULL};
        return dispatch(2, args, "");
    }
    char cmdline[4096];
    join_args(argc, argv, cmdline, sizeof cmdline);
    if (!is_command(cmd)) {
        fprintf(stderr, "wijksim: unknown command '%s'\n", cmd);
        usage(stderr);
        return WS_EXIT_USAGE;
    }
    return dispatch(argc - 1, argv + 1, cmdline);
}
