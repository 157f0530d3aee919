/* cli_run.c: `wijksim run` — load a scenario or comparison, simulate every replication of
 * every scenario, write the HDF5 file (with its summaries).
 *
 * A comparison runs one calibration (the baseline's burn-in: it ignores policies, and the
 * comparison fixes seed, params and areas, so every option shares it) and then each
 * scenario's replications with the same seed and replication numbers, so options and
 * baseline see the same random numbers (common random numbers).
 * Command-line values override every scenario's (replications, seed, scale). Progress goes to
 * stderr once per simulated year; --quiet silences it. SIGINT/SIGTERM stop the run after the
 * current year: nothing is written (the output file appears only when complete; exit 130).
 * Scenarios with a `hook` (yearly policy hooks, lua_hooks.h) have it called serially between
 * years; a hook error stops the run like bad input (exit 2, nothing written).
 */
#include "cli.h"
#include "ws_version.h"
#include "wijksim/h5.h"
#include "wijksim/lua_hooks.h"
#include "wijksim/lua_scenario.h"
#include "wijksim/model.h"

#include <limits.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static void usage(FILE *f)
{
    fputs("usage: wijksim run SCENARIO.lua [-o FILE.h5] [--threads N] [--replications R]\n"
          "                   [--seed S] [--scale F] [--quiet]\n"
          "\n"
          "Simulates the scenario, or every scenario of a comparison (wijksim.comparison: a\n"
          "baseline and options on the same random numbers), and writes one HDF5 results file\n"
          "with summaries (see wijksim summary).\n"
          "  -o FILE.h5          output file (default results/<scenario file name>.h5)\n"
          "  --threads N         OpenMP threads (default: all cores); results do not depend on it\n"
          "  --replications R    override the replications of every scenario (1..100000)\n"
          "  --seed S            override the seed of every scenario (0..4294967295)\n"
          "  --scale F           simulate this fraction of households, 0 < F <= 1\n"
          "                      (rates are comparable across scales; counts are scaled up)\n"
          "  --quiet             no progress on stderr\n"
          "Exit status: 0 ok, 1 runtime failure, 2 bad usage or bad input.\n",
          f);
}

static int bad_usage(const char *fmt, const char *arg)
{
    return ws_cli_bad_usage("run", fmt, arg);
}

typedef struct progress_ctx {
    int replications;
    int start_year;
    bool quiet;
    int scen, n_scen;       /* scenario being run (0-based) and how many */
    const char *scen_name;
} progress_ctx;

static void progress(void *ud, int rep, int year_index, int years, double pm, double elapsed)
{
    const progress_ctx *c = ud;
    if (c->quiet) return;
    if (c->n_scen > 1)
        fprintf(stderr, "  scenario %d/%d '%s'", c->scen + 1, c->n_scen, c->scen_name);
    fprintf(stderr, "  replication %d/%d  year %d (%d/%d)  %6.1f s  %.2f M person-months/s\n",
            rep + 1, c->replications, c->start_year + year_index, year_index + 1, years, elapsed,
            elapsed > 0 ? pm / elapsed / 1e6 : 0.0);
}

/* Prints a line (prefix + text) for every budget shortfall of scenario s (ws_policy_shortfalls). */
static void print_shortfalls(FILE *f, const char *prefix, const ws_scenario *s)
{
    ws_shortfall sf[32];
    int n = ws_policy_shortfalls(&s->policy, s, sf, 32);
    for (int k = 0; k < n && k < 32; k++) {
        char line[1024];
        ws_shortfall_text(&sf[k], s, line, sizeof line);
        fprintf(f, "%s%s\n", prefix, line);
    }
    if (n > 32) fprintf(f, "%s... and %d more budget shortfalls\n", prefix, n - 32);
}

/* Runs every scenario of c on one calibration (the baseline's). res[k] are initialised here
 * (the caller closes them, also on failure). Returns 0 or a WS_E* code with err filled. */
static int run_all(ws_comparison *c, ws_lua_hooks *hooks, ws_results *res, progress_ctx *pc,
                   ws_run_stats *st, ws_error *err)
{
    const ws_scenario *b = &c->scen[0];
    for (int k = 0; k < c->n; k++) {
        const ws_scenario *s = &c->scen[k];
        int rc = ws_results_init(&res[k], b->replications, b->years, b->n_areas, b->start_year,
                                 err);
        if (!rc) rc = ws_results_iv_init(&res[k], s->policy.n_interventions, err);
        if (rc) return rc;
    }
    ws_calibration *cal = NULL;
    double t0 = omp_get_wtime();
    int rc = ws_calibrate(b, &cal, err);
    st->calib_seconds += omp_get_wtime() - t0;
    if (!rc && *ws_cli_stop_flag())
        rc = ws_error_set(err, WS_EINTERRUPTED, NULL, 0, NULL, "interrupted");
    ws_run_opts opts = {progress, pc, ws_cli_stop_flag(), NULL, NULL, 0};
    for (int k = 0; k < c->n && !rc; k++) {
        pc->scen = k;
        opts.year_hook = hooks ? ws_lua_hooks_call : NULL; /* serial; NULL handle: no hooks */
        opts.year_hook_ud = hooks;
        opts.scenario_index = k;
        pc->scen_name = c->scen[k].name;
        for (int r = 0; r < b->replications && !rc; r++)
            rc = ws_run_replication(&c->scen[k], cal, r, &opts, &res[k], st, err);
    }
    ws_calibration_free(cal);
    return rc;
}

int ws_cli_run(int argc, char **argv, const char *command_line)
{
    const char *scen_path = NULL, *out_path = NULL;
    long long threads = 0, reps = -1, seed = -1;
    double scale = -1;
    bool quiet = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage(stdout);
            return WS_EXIT_OK;
        } else if (!strcmp(a, "--quiet") || !strcmp(a, "-q")) {
            quiet = true;
        } else if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
            if (!val) return bad_usage("%s needs a file name", a);
            out_path = argv[++i];
        } else if (!strcmp(a, "--threads")) {
            if (!val || ws_cli_parse_long(val, 1, 1024, &threads))
                return bad_usage("--threads needs a whole number 1..1024, got '%s'", val ? val : "");
            i++;
        } else if (!strcmp(a, "--replications")) {
            if (!val || ws_cli_parse_long(val, 1, WS_MAX_REPLICATIONS, &reps))
                return bad_usage("--replications needs a whole number 1..100000, got '%s'",
                                 val ? val : "");
            i++;
        } else if (!strcmp(a, "--seed")) {
            if (!val || ws_cli_parse_long(val, 0, 4294967295LL, &seed))
                return bad_usage("--seed needs a whole number 0..4294967295, got '%s'",
                                 val ? val : "");
            i++;
        } else if (!strcmp(a, "--scale")) {
            char *end;
            if (!val) return bad_usage("--scale needs a number, got '%s'", "");
            scale = strtod(val, &end);
            if (end == val || *end || !(scale > 0 && scale <= 1))
                return bad_usage("--scale needs a number with 0 < F <= 1, got '%s'", val);
            i++;
        } else if (a[0] == '-' && a[1]) {
            return bad_usage("unknown option '%s'", a);
        } else if (!scen_path) {
            scen_path = a;
        } else {
            return bad_usage("unexpected argument '%s' (one scenario per run)", a);
        }
    }
    if (!scen_path) return bad_usage("%s", "missing SCENARIO.lua");

    ws_comparison c;
    ws_error err;
    ws_error_clear(&err);
    char msg[2048];
    int rc = ws_lua_load_run(scen_path, &c, &err);
    if (rc) {
        fprintf(stderr, "wijksim: %s\n", ws_error_format(&err, msg, sizeof msg));
        return ws_cli_exit_code(rc);
    }
    for (int k = 0; k < c.n; k++) {
        ws_scenario *s = &c.scen[k];
        if (reps > 0) s->replications = (int)reps;
        if (seed >= 0) s->seed = (uint32_t)seed;
        if (scale > 0) s->scale = scale;
        /* the core's own check of every policy, before any time is spent simulating */
        rc = ws_policy_check(&s->policy, s, &err);
        if (rc) {
            if (!err.file[0]) snprintf(err.file, sizeof err.file, "%s", scen_path);
            fprintf(stderr, "wijksim: %s\n", ws_error_format(&err, msg, sizeof msg));
            ws_comparison_close(&c);
            return ws_cli_exit_code(rc);
        }
    }
    /* yearly policy hooks: the scenarios' `hook` functions, kept in a sandbox of their own */
    ws_lua_hooks *hooks = NULL;
    rc = ws_lua_hooks_open(scen_path, &c, &hooks, &err);
    if (rc) {
        fprintf(stderr, "wijksim: %s\n", ws_error_format(&err, msg, sizeof msg));
        ws_comparison_close(&c);
        return ws_cli_exit_code(rc);
    }
    const ws_scenario *b = &c.scen[0];
    char out_buf[1024];
    if (!out_path) {
        ws_cli_default_output(scen_path, out_buf, sizeof out_buf);
        out_path = out_buf;
    }
    if (threads > 0) omp_set_num_threads((int)threads);
    int nthreads = omp_get_max_threads();

    ws_run_meta meta;
    ws_cli_meta_start(&meta, command_line, nthreads);

    ws_cli_catch_signals();
    if (!quiet) {
        if (c.n > 1)
            fprintf(stderr,
                    "wijksim %s: comparison '%s' (%s): baseline '%s' and %d option%s: %d areas, "
                    "%d years from %d, %d replications, seed %u, scale %g, %d threads\n",
                    WS_VERSION_STRING, c.name, scen_path, b->name, c.n - 1, c.n > 2 ? "s" : "",
                    b->n_areas, b->years, b->start_year, b->replications, b->seed, b->scale,
                    nthreads);
        else
            fprintf(stderr,
                    "wijksim %s: scenario '%s' (%s): %d areas, %d years from %d, %d "
                    "replications, seed %u, scale %g, %d threads\n",
                    WS_VERSION_STRING, b->name, scen_path, b->n_areas, b->years, b->start_year,
                    b->replications, b->seed, b->scale, nthreads);
        for (int k = 0; k < c.n; k++) {
            for (int i = 0; i < c.scen[k].policy.n_interventions; i++) {
                const ws_intervention *iv = &c.scen[k].policy.iv[i];
                if (iv->evidence == WS_EV_WEAK || iv->evidence == WS_EV_NONE)
                    fprintf(stderr, "warning: scenario '%s': intervention '%s' rests on %s "
                                    "evidence; read its effect as an assumption\n",
                            c.scen[k].name, iv->name,
                            iv->evidence == WS_EV_WEAK ? "weak" : "no");
            }
            print_shortfalls(stderr, "warning: ", &c.scen[k]);
        }
    }
    progress_ctx pc = {b->replications, b->start_year, quiet, 0, c.n, b->name};
    ws_run_stats st;
    memset(&st, 0, sizeof st);
    ws_results *res = calloc((size_t)c.n, sizeof *res);
    const ws_results **rp = calloc((size_t)c.n, sizeof *rp);
    if (!res || !rp) {
        free(res);
        free(rp);
        ws_lua_hooks_close(hooks);
        ws_comparison_close(&c);
        fprintf(stderr, "wijksim: out of memory; nothing written\n");
        return WS_EXIT_RUNTIME;
    }
    rc = run_all(&c, hooks, res, &pc, &st, &err);
    ws_lua_hooks_close(hooks);
    if (rc) {
        fprintf(stderr, "wijksim: %s; nothing written\n", ws_error_format(&err, msg, sizeof msg));
        for (int k = 0; k < c.n; k++)
            ws_results_close(&res[k]);
        free(res);
        free(rp);
        ws_comparison_close(&c);
        return rc == WS_EINTERRUPTED ? 130 : ws_cli_exit_code(rc);
    }
    ws_cli_iso_now(meta.finished, sizeof meta.finished);
    for (int k = 0; k < c.n; k++)
        rp[k] = &res[k];
    rc = ws_h5_write_comparison(out_path, &meta, &c, rp, &err);
    if (rc) {
        fprintf(stderr, "wijksim: %s\n", ws_error_format(&err, msg, sizeof msg));
    } else if (!quiet) {
        struct rusage ru;
        getrusage(RUSAGE_SELF, &ru);
        double persons = st.peak_persons > 0 ? (double)st.peak_persons : 1;
        fprintf(stderr,
                "wrote %s\n"
                "performance: %.4g person-months in %.1f s = %.2f M person-months/s "
                "(simulation, %d threads)\n"
                "calibration: burn-in %.1f s (once, shared by %d scenario%s)\n"
                "memory: peak RSS %.0f MiB = %.0f bytes per person (%ld persons)\n",
                out_path, st.person_months, st.seconds,
                st.seconds > 0 ? st.person_months / st.seconds / 1e6 : 0.0, nthreads,
                st.calib_seconds, c.n, c.n > 1 ? "s" : "", ru.ru_maxrss / 1024.0,
                ru.ru_maxrss * 1024.0 / persons, st.peak_persons);
    }
    for (int k = 0; k < c.n; k++)
        ws_results_close(&res[k]);
    free(res);
    free(rp);
    ws_comparison_close(&c);
    return ws_cli_exit_code(rc);
}

/* `wijksim check FILE.lua`: loads and validates a scenario or comparison exactly as `run`
 * does, prints what would be simulated, and simulates nothing. */
int ws_cli_check(int argc, char **argv)
{
    if (argc != 2 || argv[1][0] == '-') {
        FILE *f = argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) ? stdout
                                                                                      : stderr;
        fputs("usage: wijksim check SCENARIO.lua\n"
              "\n"
              "Loads and validates a scenario or comparison as `wijksim run` would (every key,\n"
              "area, parameter and intervention) and prints what would be simulated, without\n"
              "simulating; for a sweep, its design and every design point's scenario.\n"
              "Exit status 0 when valid, 2 with file:line:key when not.\n",
              f);
        return f == stdout ? WS_EXIT_OK : WS_EXIT_USAGE;
    }
    ws_comparison c;
    ws_error err;
    ws_error_clear(&err);
    char msg[2048];
    int rc = ws_lua_load_run(argv[1], &c, &err);
    if (rc == WS_EINPUT && strcmp(err.key, "sweep") == 0) return ws_cli_check_sweep(argv[1]);
    for (int k = 0; !rc && k < c.n; k++) {
        rc = ws_policy_check(&c.scen[k].policy, &c.scen[k], &err);
        if (rc && !err.file[0]) snprintf(err.file, sizeof err.file, "%s", argv[1]);
    }
    if (rc) {
        fprintf(stderr, "wijksim: %s\n", ws_error_format(&err, msg, sizeof msg));
        if (c.scen) ws_comparison_close(&c);
        return ws_cli_exit_code(rc);
    }
    const ws_scenario *b = &c.scen[0];
    printf("%s: valid. %d scenario(s), %d areas, %d years from %d, %d replications, seed %u, "
           "scale %g\n",
           argv[1], c.n, b->n_areas, b->years, b->start_year, b->replications, b->seed,
           b->scale);
    for (int k = 0; k < c.n; k++) {
        const ws_policy *p = &c.scen[k].policy;
        printf("  %s '%s': %d package(s), %d intervention(s)\n", k ? "option" : "baseline",
               c.scen[k].name, p->n_packages, p->n_interventions);
        for (int j = 0; j < p->n_packages; j++) {
            double tot = 0;
            for (int q = 0; q < WS_PAY_N; q++) tot += p->pk[j].budget_per_year[q];
            printf("    package %-24s EUR %.4g m a year (Rijk %.4g m)\n", p->pk[j].name, tot / 1e6,
                   p->pk[j].budget_per_year[WS_PAY_RIJK] / 1e6);
        }
        for (int j = 0; j < p->n_interventions; j++) {
            const ws_intervention *iv = &p->iv[j];
            printf("    %-26s %-6s %-20s %s%s\n", iv->name,
                   iv->kind == WS_IV_PERSON ? "person" : "place",
                   iv->kind == WS_IV_PERSON ? ws_transition_name(iv->transition)
                                            : ws_place_target_name(iv->place_target),
                   iv->evidence >= WS_EV_WEAK ? "evidence: " : "",
                   iv->evidence == WS_EV_WEAK ? "weak" : iv->evidence == WS_EV_NONE ? "none" : "");
        }
        print_shortfalls(stdout, "    warning: ", &c.scen[k]);
    }
    ws_comparison_close(&c);
    return WS_EXIT_OK;
}
