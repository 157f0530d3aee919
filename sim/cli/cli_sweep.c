/* cli_sweep.c: `wijksim sweep` — runs every (design point, replication) of a sweep on this
 * machine's threads, across MPI ranks, or for one shard of a job array, keeps each finished run
 * in a journal, and writes the HDF5 sweep file when all runs are in.
 *
 * Flow: load the sweep (lua_sweep.h); build and check every point's scenario before any run, so
 * a bad value fails in seconds rather than hours; open the journal (<output>.journal; with
 * --resume the runs it holds are not run again); hand the runs to the worker pool one by one
 * (and, under MPI, to the other ranks as they ask); append each finished run to the journal; at
 * the end write the file from the journal in run order and delete the journal. The output file
 * exists only when complete (a fresh sweep removes an old file of the same name first; writing
 * goes through "<output>.tmp" and a rename). SIGINT/SIGTERM stop after the runs in flight are
 * interrupted; the finished ones stay in the journal for --resume (exit 130). SIGKILL loses only
 * the runs in flight.
 */
#include "cli.h"
#include "cli_mpi.h"
#include "ws_version.h"
#include "wijksim/h5_sweep.h"
#include "wijksim/lua_sweep.h"
#include "wijksim/sweep_run.h"

#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>


typedef struct sweep_cli {
    const char *path;           /* sweep file */
    char out[1024], journal[1100];
    int threads, parallel;      /* 0: defaults */
    int shard_i, shard_n;       /* 1-based shard of n */
    bool resume, quiet;
    const char *command_line;
    int rank, size;             /* MPI rank and ranks (0 and 1 without MPI) */
    ws_lua_sweep *sw;
    const ws_design *d;
    const ws_sweep_def *def;
    ws_scenario s0;             /* point 0: /input of the file, and the reference frame */
    ws_sweep_shape sh;
    size_t len;                 /* payload doubles */
    int n_runs, n_shard, n_done_before;
    double t0;
    ws_run_meta meta;
} sweep_cli;

static void usage(FILE *f)
{
    fputs("usage: wijksim sweep SWEEP.lua [-o FILE.h5] [--threads N] [--parallel-runs P]\n"
          "                     [--shard I/N] [--resume] [--quiet]\n"
          "\n"
          "Runs every design point of a sweep (wijksim.sweep) times its replications and writes\n"
          "one HDF5 file: the design, every run's indicators, and summaries per point.\n"
          "  -o FILE.h5          output (default results/<sweep file name>.h5); finished runs\n"
          "                      are kept in FILE.h5.journal until the file is written\n"
          "  --threads N         threads of this process (default: all cores; under mpirun: 1,\n"
          "                      or OMP_NUM_THREADS); results do not depend on it\n"
          "  --parallel-runs P   runs simulated at once in this process (default: one per\n"
          "                      thread); each run gets N/P threads for its areas\n"
          "  --shard I/N         run only shard I of N (runs with index mod N = I-1) and write a\n"
          "                      part file; combine the parts with `wijksim merge`\n"
          "  --resume            finish an interrupted sweep: runs in the journal are kept\n"
          "  --quiet             no progress on stderr\n"
          "Under `mpirun -np R wijksim sweep ...` rank 0 hands runs to all ranks as they ask\n"
          "(itself included) and writes the file. The numbers are the same however the runs are\n"
          "split. Exit status: 0 ok, 1 runtime failure, 2 bad usage or input, 130 interrupted.\n",
          f);
}

static int bad_usage(const char *fmt, const char *arg)
{
    return ws_cli_bad_usage("sweep", fmt, arg);
}

/* Parses the options into c. Returns -1 when they are fine, else an exit code. */
static int parse_args(sweep_cli *c, int argc, char **argv)
{
    const char *out = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
        long long v;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage(stdout);
            return WS_EXIT_OK;
        } else if (!strcmp(a, "--quiet") || !strcmp(a, "-q")) {
            c->quiet = true;
        } else if (!strcmp(a, "--resume")) {
            c->resume = true;
        } else if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
            if (!val) return bad_usage("%s needs a file name", a);
            out = argv[++i];
        } else if (!strcmp(a, "--threads") || !strcmp(a, "--parallel-runs")) {
            if (!val || ws_cli_parse_long(val, 1, 1024, &v))
                return bad_usage("this option needs a whole number 1..1024, got '%s'",
                                 val ? val : "");
            *(!strcmp(a, "--threads") ? &c->threads : &c->parallel) = (int)v;
            i++;
        } else if (!strcmp(a, "--shard")) {
            char *end;
            long si = val ? strtol(val, &end, 10) : 0, sn = 0;
            if (val && *end == '/') sn = strtol(end + 1, &end, 10);
            if (!val || *end || sn < 1 || sn > 100000 || si < 1 || si > sn)
                return bad_usage("--shard needs I/N with 1 <= I <= N (e.g. 2/8), got '%s'",
                                 val ? val : "");
            c->shard_i = (int)si;
            c->shard_n = (int)sn;
            i++;
        } else if (a[0] == '-' && a[1]) {
            return bad_usage("unknown option '%s'", a);
        } else if (!c->path) {
            c->path = a;
        } else {
            return bad_usage("unexpected argument '%s' (one sweep file)", a);
        }
    }
    if (!c->path) return bad_usage("%s", "missing SWEEP.lua");
    if (out)
        snprintf(c->out, sizeof c->out, "%s", out);
    else
        ws_cli_default_output(c->path, c->out, sizeof c->out);
    snprintf(c->journal, sizeof c->journal, "%s.journal", c->out);
    return -1;
}

static int report(const char *what, const ws_error *e, int rc)
{
    char msg[2048];
    fprintf(stderr, "wijksim sweep: %s%s\n", what, ws_error_format(e, msg, sizeof msg));
    return rc == WS_EINTERRUPTED ? 130 : ws_cli_exit_code(rc);
}

/* The pool's scenario maker: point p's scenario, checked like `wijksim run` checks. */
static int point_scenario(void *ud, int point, ws_scenario *s, ws_error *e)
{
    sweep_cli *c = ud;
    int rc = ws_lua_sweep_scenario(c->sw, point, point ? &c->s0 : NULL, s, e);
    if (!rc) {
        rc = ws_policy_check(&s->policy, s, e);
        if (rc && !e->file[0]) snprintf(e->file, sizeof e->file, "%s", c->path);
        if (rc) ws_scenario_close(s);
    }
    return rc;
}

/* Loads the sweep and point 0; on rank 0 also builds and checks every other point. */
static int load(sweep_cli *c, ws_error *e)
{
    int rc = ws_lua_sweep_load(c->path, &c->sw, e);
    if (rc) return rc;
    c->d = ws_lua_sweep_design(c->sw);
    c->def = ws_lua_sweep_def(c->sw);
    rc = point_scenario(c, 0, &c->s0, e);
    if (rc) return rc;
    c->sh = (ws_sweep_shape){c->d->n_points, c->def->replications, c->s0.years, c->s0.n_areas,
                             c->s0.start_year, c->def->store_areas};
    c->len = ws_sweep_payload_len(&c->sh);
    if ((long long)c->d->n_points * c->def->replications > 2000000000LL)
        return ws_error_set(e, WS_EINPUT, c->path, 0, "replications",
                            "%d points x %d replications is more runs than one sweep holds (2e9)",
                            c->d->n_points, c->def->replications);
    c->n_runs = c->d->n_points * c->def->replications;
    if (c->rank != 0) return 0;
    double t = omp_get_wtime();
    for (int p = 1; p < c->d->n_points && !rc && !*ws_cli_stop_flag(); p++) {
        ws_scenario s;
        rc = point_scenario(c, p, &s, e);
        if (!rc) ws_scenario_close(&s);
    }
    if (!rc && *ws_cli_stop_flag())
        rc = ws_error_set(e, WS_EINTERRUPTED, NULL, 0, NULL, "interrupted");
    if (!rc && !c->quiet && omp_get_wtime() - t > 1)
        fprintf(stderr, "checked the scenarios of %d points in %.1f s\n", c->d->n_points,
                omp_get_wtime() - t);
    return rc;
}

static bool in_shard(const sweep_cli *c, int run)
{
    return c->shard_n <= 1 || run % c->shard_n == c->shard_i - 1;
}

static void progress(sweep_cli *c, int done_now, int total, int run, bool force)
{
    static double last;
    double t = omp_get_wtime();
    if (c->quiet || (!force && t - last < 1.0)) return;
    last = t;
    double el = t - c->t0;
    double rate = el > 0 ? done_now / el * 60 : 0;
    int left = total - done_now - c->n_done_before;
    fprintf(stderr, "  run %d/%d done (point %d, replication %d)  %7.1f s  %.1f runs/min",
            done_now + c->n_done_before, total, run / c->sh.n_rep, run % c->sh.n_rep, el, rate);
    double eta = rate > 0 ? left / rate * 60 : 0;
    if (eta >= 120)
        fprintf(stderr, "  about %.0f min left", eta / 60);
    else if (eta > 0)
        fprintf(stderr, "  about %.0f s left", eta);
    fputc('\n', stderr);
}

/* Worker ranks (MPI rank > 0): ask rank 0 for runs, simulate them, send them back. */
static int serve_rank0(sweep_cli *c, ws_sweep_pool *pool, int workers)
{
    int outstanding = 0, rc = 0;
    bool closed = false;
    ws_error e;
    while (!*ws_cli_stop_flag()) {
        while (!closed && !rc &&
               ws_sweep_pool_queued(pool) + ws_sweep_pool_busy(pool) + outstanding < workers) {
            ws_mpi_request();
            outstanding++;
        }
        int run;
        while (outstanding > 0 && ws_mpi_poll_assign(&run)) {
            outstanding--;
            if (run < 0)
                closed = true;
            else if (!rc && ws_sweep_pool_add(pool, run, &e))
                rc = WS_ENOMEM;
        }
        double *payload;
        int t = ws_sweep_pool_take(pool, 2, &run, &payload, &e);
        if (t == 1) {
            ws_mpi_send_result(run, payload, c->len);
            free(payload);
        } else if (t == WS_EINTERRUPTED) {
            break; /* a signal: rank 0 got it too and stops the sweep */
        } else if (t < 0 && !rc) {
            rc = t;
            char msg[2048];
            ws_error_format(&e, msg, sizeof msg);
            ws_mpi_send_failed(msg);
            ws_sweep_pool_drop_queued(pool);
        }
        if ((closed || rc) && outstanding == 0 && ws_sweep_pool_queued(pool) == 0 &&
            ws_sweep_pool_busy(pool) == 0)
            break;
    }
    ws_mpi_bye();
    return rc;
}

/* Rank 0 (or the only process): hands out the runs in todo to the local pool and to the other
 * ranks, and appends every finished run to the journal. Returns 0 when all are in. */
static int coordinate(sweep_cli *c, ws_sweep_pool *pool, int workers, ws_journal *j,
                      const int *todo, int n_todo, ws_error *e)
{
    int next = 0, journaled = 0, alive = c->size - 1, rc = 0;
    int total = c->n_shard;
    double *buf = malloc(sizeof *buf * c->len);
    if (!buf) return ws_error_set(e, WS_ENOMEM, NULL, 0, NULL, "out of memory");
    for (;;) {
        if (*ws_cli_stop_flag() && !rc) {
            rc = ws_error_set(e, WS_EINTERRUPTED, NULL, 0, NULL, "interrupted");
            ws_sweep_pool_drop_queued(pool);
        }
        while (!rc && next < n_todo &&
               ws_sweep_pool_queued(pool) + ws_sweep_pool_busy(pool) < workers + 1)
            if ((rc = ws_sweep_pool_add(pool, todo[next++], e))) break;
        int src, run, kind;
        char text[2048];
        while (c->size > 1 &&
               (kind = ws_mpi_poll0(&src, &run, buf, c->len, text, sizeof text)) != WS_MPI_NONE) {
            if (kind == WS_MPI_REQUEST) {
                ws_mpi_assign(src, !rc && next < n_todo ? todo[next++] : -1);
            } else if (kind == WS_MPI_RESULT) {
                int jr = ws_journal_append(j, run, buf, rc ? NULL : e);
                if (jr && !rc) rc = jr;
                if (!jr) progress(c, ++journaled, total, run, false);
            } else if (kind == WS_MPI_BYE) {
                alive--;
            } else if (!rc) {
                rc = kind == WS_MPI_FAILED
                         ? ws_error_set(e, WS_ERUNTIME, NULL, 0, NULL, "rank %d: %s", src, text)
                         : ws_error_set(e, WS_ERUNTIME, NULL, 0, NULL,
                                        "rank %d sent a result of the wrong size (another build "
                                        "or sweep?)",
                                        src);
                ws_sweep_pool_drop_queued(pool);
            }
        }
        double *payload;
        ws_error te;
        int t = ws_sweep_pool_take(pool, c->size > 1 ? 2 : 50, &run, &payload, &te);
        if (t == 1) {
            int jr = ws_journal_append(j, run, payload, rc ? NULL : e);
            free(payload);
            if (jr && !rc) rc = jr;
            if (!jr) {
                journaled++;
                progress(c, journaled, total, run, journaled == n_todo);
            }
        } else if (t < 0 && !rc) {
            rc = t;
            *e = te;
            ws_sweep_pool_drop_queued(pool);
        }
        bool local_idle = ws_sweep_pool_queued(pool) == 0 && ws_sweep_pool_busy(pool) == 0;
        bool finished = rc || (journaled == n_todo && next == n_todo);
        if (finished && local_idle && (alive == 0 || *ws_cli_stop_flag())) break;
    }
    free(buf);
    return rc;
}

/* Rank 0 when it cannot coordinate (bad input, journal in the way): tells every other rank
 * there is nothing to do and waits until each has said BYE, so no rank waits forever. */
static void release_ranks(sweep_cli *c)
{
    int alive = c->size - 1, src, run;
    char text[256];
    double *buf = malloc(sizeof *buf * (c->len ? c->len : 1));
    while (alive > 0 && buf) {
        int kind = ws_mpi_poll0(&src, &run, buf, c->len, text, sizeof text);
        if (kind == WS_MPI_REQUEST) ws_mpi_assign(src, -1);
        if (kind == WS_MPI_BYE) alive--;
        if (kind == WS_MPI_NONE) nanosleep(&(struct timespec){0, 2000000}, NULL);
    }
    free(buf);
}

/* Writes the sweep (or part) file from the journal, in run order. */
static int write_file(sweep_cli *c, ws_journal *j, ws_error *e)
{
    ws_sweep_meta m;
    memset(&m, 0, sizeof m);
    m.run = c->meta;
    snprintf(m.name, sizeof m.name, "%s", c->def->name);
    snprintf(m.description, sizeof m.description, "%s", c->def->description);
    snprintf(m.sweep_file, sizeof m.sweep_file, "%s", c->path);
    memcpy(m.sweep_sha256, c->def->sha256, sizeof m.sweep_sha256);
    m.source = c->def->source;
    m.source_len = c->def->source_len;
    m.seed = c->def->seed;
    m.processes = c->size;
    m.has_reference = c->def->reference >= 0;
    m.reference = c->def->reference;
    if (c->shard_n > 1)
        snprintf(m.split, sizeof m.split, "shard %d/%d", c->shard_i, c->shard_n);
    else if (c->size > 1)
        snprintf(m.split, sizeof m.split, "mpi %d ranks", c->size);
    else
        snprintf(m.split, sizeof m.split, "1 process");
    ws_h5_sweep *w = NULL;
    int rc = ws_h5_sweep_create(&w, c->out, &m, c->d, &c->sh, &c->s0, NULL, c->shard_n > 1, e);
    double *buf = malloc(sizeof *buf * c->len);
    if (!rc && !buf) rc = ws_error_set(e, WS_ENOMEM, NULL, 0, NULL, "out of memory");
    for (int run = 0; run < c->n_runs && !rc; run++) {
        if (!in_shard(c, run)) continue;
        rc = ws_journal_read(j, run, buf, e);
        if (!rc) rc = ws_h5_sweep_put(w, run / c->sh.n_rep, run % c->sh.n_rep, buf, e);
    }
    free(buf);
    char finished[40];
    ws_cli_iso_now(finished, sizeof finished);
    if (rc) {
        ws_h5_sweep_abort(w);
        return rc;
    }
    return ws_h5_sweep_finish(w, finished, e);
}

static void final_report(sweep_cli *c, ws_sweep_pool *pool, int workers, int tpr, int n_todo)
{
    if (c->quiet) return;
    double pm, run_s, cal_s, el = omp_get_wtime() - c->t0;
    int n_cal;
    ws_sweep_pool_stats(pool, &pm, &run_s, &n_cal, &cal_s);
    struct stat st;
    double bytes = stat(c->out, &st) == 0 ? (double)st.st_size : 0;
    int in_file = c->n_shard;
    fprintf(stderr,
            "wrote %s\n"
            "performance: %d runs in %.1f s = %.1f runs/min (%d rank%s x %d parallel runs x %d "
            "thread%s); rank 0 simulated %.4g person-months at %.2f M/s per run\n"
            "calibration: %d burn-in%s on rank 0, %.1f s\n"
            "file: %.0f bytes = %.0f bytes per run (%s)\n",
            c->out, n_todo, el, el > 0 ? n_todo / el * 60 : 0.0, c->size, c->size > 1 ? "s" : "",
            workers, tpr, tpr > 1 ? "s" : "", pm, run_s > 0 ? pm / run_s / 1e6 : 0.0, n_cal,
            n_cal == 1 ? "" : "s", cal_s, bytes, in_file ? bytes / in_file : 0.0,
            c->sh.store_areas ? "per-area arrays" : "all-area totals");
}

/* Runs the sweep once loaded; returns an exit code. */
static int sweep_main(sweep_cli *c)
{
    ws_error e;
    ws_error_clear(&e);
    int max_threads = c->threads ? c->threads
                      : c->size > 1 ? (getenv("OMP_NUM_THREADS") ? omp_get_max_threads() : 1)
                                    : omp_get_max_threads();
    c->n_shard = 0;
    for (int r = 0; r < c->n_runs; r++) c->n_shard += in_shard(c, r);
    int workers = c->parallel ? c->parallel : max_threads;
    if (workers > c->n_shard && c->size == 1) workers = c->n_shard > 0 ? c->n_shard : 1;
    int tpr = max_threads / workers > 0 ? max_threads / workers : 1;
    ws_cli_meta_start(&c->meta, c->command_line, max_threads);
    ws_sweep_pool_opts po = {workers, tpr, c->sh, point_scenario, c, ws_cli_stop_flag()};
    ws_sweep_pool *pool = NULL;

    if (c->rank != 0) { /* an MPI worker rank */
        int rc = ws_sweep_pool_start(&pool, &po, &e);
        if (rc) {
            ws_mpi_bye();
            return report("", &e, rc);
        }
        rc = serve_rank0(c, pool, workers);
        ws_sweep_pool_free(pool);
        return rc ? ws_cli_exit_code(rc) : WS_EXIT_OK;
    }

    struct stat st;
    if (c->resume && stat(c->journal, &st) != 0 && stat(c->out, &st) == 0) {
        if (!c->quiet) fprintf(stderr, "wijksim sweep: %s is complete; nothing to resume\n", c->out);
        if (c->size > 1) release_ranks(c);
        return WS_EXIT_OK;
    }
    unsigned char *done = calloc((size_t)c->n_runs, 1);
    int *todo = malloc(sizeof *todo * (size_t)(c->n_runs > 0 ? c->n_runs : 1));
    if (!done || !todo) {
        free(done);
        free(todo);
        fprintf(stderr, "wijksim sweep: out of memory\n");
        if (c->size > 1) release_ranks(c);
        return WS_EXIT_RUNTIME;
    }
    ws_journal_head jh = {"", ws_design_hash(c->d), c->sh, c->shard_n > 1 ? c->shard_i : 1,
                          c->shard_n > 1 ? c->shard_n : 1};
    memcpy(jh.sweep_sha256, c->def->sha256, sizeof jh.sweep_sha256);
    ws_journal *j = NULL;
    int rc = ws_journal_open(&j, c->journal, &jh, c->resume, done, &e);
    if (!rc && !c->resume) unlink(c->out); /* a fresh sweep: no stale file that looks whole */
    int n_todo = 0;
    for (int r = 0; r < c->n_runs; r++)
        if (in_shard(c, r) && !done[r]) todo[n_todo++] = r;
    c->n_done_before = c->n_shard - n_todo;
    if (!rc && !c->quiet) {
        fprintf(stderr,
                "wijksim %s: sweep '%s' (%s): %s design, %d factor%s, %d points x %d "
                "replications = %d runs",
                WS_VERSION_STRING, c->def->name, c->path, ws_design_kind_name(c->d->kind),
                c->d->n_factors, c->d->n_factors > 1 ? "s" : "", c->d->n_points,
                c->sh.n_rep, c->n_runs);
        if (c->shard_n > 1) fprintf(stderr, "; shard %d/%d: %d runs", c->shard_i, c->shard_n,
                                    c->n_shard);
        if (c->n_done_before) fprintf(stderr, "; %d already done", c->n_done_before);
        fprintf(stderr, "\n  %d years from %d, %d areas, seed %u; %d rank%s x %d parallel runs x "
                        "%d thread%s\n",
                c->sh.n_year, c->sh.start_year, c->sh.n_area, c->def->seed, c->size,
                c->size > 1 ? "s" : "", workers, tpr, tpr > 1 ? "s" : "");
    }
    if (!rc) rc = ws_sweep_pool_start(&pool, &po, &e);
    if (!rc)
        rc = coordinate(c, pool, workers, j, todo, n_todo, &e);
    else if (c->size > 1)
        release_ranks(c);
    if (!rc) rc = write_file(c, j, &e);
    if (!rc) final_report(c, pool, workers, tpr, n_todo);
    ws_sweep_pool_free(pool);
    int code = WS_EXIT_OK;
    if (rc == WS_EINTERRUPTED || (rc && j)) {
        int kept = j ? ws_journal_count(j) : 0;
        char msg[2048];
        fprintf(stderr,
                "wijksim sweep: %s; %d of %d runs are finished and kept in %s: run the same "
                "command with --resume to finish\n",
                ws_error_format(&e, msg, sizeof msg), kept, c->n_shard, c->journal);
        code = rc == WS_EINTERRUPTED ? 130 : ws_cli_exit_code(rc);
    } else if (rc) {
        code = report("", &e, rc);
    }
    ws_journal_close(j, rc == 0);
    free(done);
    free(todo);
    return code;
}

int ws_cli_sweep(int argc, char **argv, const char *command_line)
{
    sweep_cli c;
    memset(&c, 0, sizeof c);
    c.command_line = command_line;
    c.size = 1;
    int code = parse_args(&c, argc, argv);
    if (code >= 0) return code;
    bool mpi = ws_mpi_launched();
    if (mpi) {
        char msg[512];
        if (ws_mpi_start(&c.rank, &c.size, msg, sizeof msg)) {
            fprintf(stderr, "wijksim sweep: %s\n", msg);
            return WS_EXIT_RUNTIME;
        }
        if (c.rank != 0) c.quiet = true;
    }
    ws_cli_catch_signals();
    c.t0 = omp_get_wtime();
    ws_error e;
    ws_error_clear(&e);
    int rc = load(&c, &e);
    if (rc) {
        if (c.rank == 0) code = report("", &e, rc);
        else code = ws_cli_exit_code(rc);
        if (mpi && c.rank != 0) ws_mpi_bye();
        if (mpi && c.rank == 0) release_ranks(&c);
    } else {
        code = sweep_main(&c);
    }
    ws_scenario_close(&c.s0);
    ws_lua_sweep_close(c.sw);
    if (mpi) ws_mpi_end();
    return code;
}

int ws_cli_check_sweep(const char *path)
{
    sweep_cli c;
    memset(&c, 0, sizeof c);
    c.path = path;
    c.size = 1;
    c.quiet = true;
    ws_error e;
    ws_error_clear(&e);
    int rc = load(&c, &e);
    int code = WS_EXIT_OK;
    if (rc) {
        char msg[2048];
        fprintf(stderr, "wijksim: %s\n", ws_error_format(&e, msg, sizeof msg));
        code = ws_cli_exit_code(rc);
    } else {
        const ws_design *d = c.d;
        printf("%s: valid sweep '%s'. %s design, %d points x %d replications = %d runs; "
               "%d areas, %d years from %d, seed %u; stores %s\n",
               path, c.def->name, ws_design_kind_name(d->kind), d->n_points, c.sh.n_rep,
               c.n_runs, c.sh.n_area, c.sh.n_year, c.sh.start_year, c.def->seed,
               c.sh.store_areas ? "per-area arrays" : "all-area totals");
        for (int j = 0; j < d->n_factors; j++) {
            const ws_factor *f = &d->factor[j];
            double lo = d->x[j], hi = d->x[j];
            for (int p = 1; p < d->n_points; p++) {
                double x = d->x[(size_t)p * (size_t)d->n_factors + (size_t)j];
                lo = x < lo ? x : lo;
                hi = x > hi ? x : hi;
            }
            printf("  factor %-24s %s%s%s values %.6g .. %.6g\n", f->name,
                   f->param[0] ? "(parameter " : "", f->param, f->param[0] ? ") " : "", lo, hi);
        }
    }
    ws_scenario_close(&c.s0);
    ws_lua_sweep_close(c.sw);
    return code;
}
