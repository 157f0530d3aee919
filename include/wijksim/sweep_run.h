/* sweep_run.h: running a sweep's runs in one process — a pool of worker threads (each run with
 * its own OpenMP team) and the journal of finished runs that makes a sweep resumable
 * (sim/sweep/sweep_run.c, sim/sweep/sweep_journal.c; plain C + pthreads, no Lua, HDF5 or MPI).
 *
 * A run is (point, rep) with index run = point * n_rep + rep (sweep.h). Its outputs depend only
 * on the point's scenario, rep and the calibration of the point's parameters, so any split of
 * the runs over threads, processes or shards gives the same payloads bit for bit.
 */
#ifndef WIJKSIM_SWEEP_RUN_H
#define WIJKSIM_SWEEP_RUN_H

#include <stdbool.h>
#include <stdint.h>
#include "wijksim/err.h"
#include "wijksim/scenario.h"
#include "wijksim/sweep.h"

/* ---- Worker pool --------------------------------------------------------------------------- */

/* Builds design point `point`'s scenario into s. The pool owns s afterwards, also after a
 * failure, and closes it (ws_scenario_close) before building another point or when the worker
 * stops. The pool calls it from its worker threads with its own lock held, so one call at a
 * time (the Lua state is not thread-safe). Returns 0 or a WS_E* code with e filled. */
typedef int (*ws_point_scenario_fn)(void *ud, int point, ws_scenario *s, ws_error *e);

typedef struct ws_sweep_pool_opts {
    int workers;                 /* runs simulated at once, >= 1 */
    int threads_per_run;         /* OpenMP threads of each run, >= 1 */
    ws_sweep_shape shape;        /* n_rep, n_year, n_area and what the payload keeps */
    ws_point_scenario_fn scenario;
    void *scenario_ud;
    volatile const int *stop;    /* non-NULL and set: runs in progress stop (WS_EINTERRUPTED) */
} ws_sweep_pool_opts;

typedef struct ws_sweep_pool ws_sweep_pool;

/* Starts the worker threads (idle until runs are added). Every pool function takes the pool's
 * lock, so any thread may call them; ws_sweep_pool_free once, when no other thread uses p.
 * Returns 0 with *out set, or WS_EINPUT (bad opts), WS_ENOMEM or WS_ERUNTIME (a thread could
 * not start) with *out NULL. */
int ws_sweep_pool_start(ws_sweep_pool **out, const ws_sweep_pool_opts *o, ws_error *e);

/* Queues run for simulation. Any thread. Returns 0 or WS_ENOMEM. */
int ws_sweep_pool_add(ws_sweep_pool *p, int run, ws_error *e);

/* Runs queued but not yet started, and runs in progress. */
int ws_sweep_pool_queued(ws_sweep_pool *p);
int ws_sweep_pool_busy(ws_sweep_pool *p);

/* Takes one finished run (in the order they finished), waiting up to wait_ms milliseconds
 * (<= 0: not at all) for one. Returns 1 with *run and *payload (ws_sweep_payload_len doubles,
 * malloc'd, the caller frees) when a run finished; 0 when none finished in time; the run's
 * error code (< 0, e filled, *run set) when it failed; or WS_ENOMEM with *run = -1 once a
 * finished run was lost for want of memory (then on every later call). */
int ws_sweep_pool_take(ws_sweep_pool *p, int wait_ms, int *run, double **payload, ws_error *e);

/* Removes the runs queued but not started (a failing or stopping sweep); returns how many. */
int ws_sweep_pool_drop_queued(ws_sweep_pool *p);

/* Statistics so far: person-months simulated and the seconds of simulation summed over runs;
 * calibrations computed and their seconds. */
void ws_sweep_pool_stats(ws_sweep_pool *p, double *person_months, double *run_seconds,
                         int *calibrations, double *calib_seconds);

/* Stops the workers (a run in progress finishes unless opts.stop is set), joins them and frees
 * everything, finished runs not taken included. p may be NULL. */
void ws_sweep_pool_free(ws_sweep_pool *p);

/* ---- Journal of finished runs ---------------------------------------------------------------
 * An append-only file beside the output ("<output>.journal"): a header naming the sweep (SHA-256
 * of its source, design hash, shape, shard), then one fixed-size record per finished run: magic,
 * run index, payload, FNV-1a checksum. Each record is flushed and synced before the run counts as
 * done, so a crash or SIGKILL loses at most the runs in flight; a torn last record fails its
 * checksum and is cut off when the journal is reopened. */
typedef struct ws_journal_head {
    char sweep_sha256[65];
    uint64_t design_hash;        /* ws_design_hash of the sweep's design */
    ws_sweep_shape shape;
    int shard_i, shard_n;        /* 1-based shard i of n (1/1: the whole sweep) */
} ws_journal_head;

typedef struct ws_journal ws_journal;

/* FNV-1a hash of the design's kind, size, factor names and parameters and point values (what a
 * resumed journal must match; levels and labels are not hashed). */
uint64_t ws_design_hash(const ws_design *d);

/* Opens the journal at path. resume == false: creates it (WS_EINPUT when it exists: an earlier
 * sweep was interrupted). resume == true: opens it, checks its header equals h (WS_EINPUT
 * naming what differs) and reads its good records (a torn tail is truncated), or creates it
 * when absent. done (n_points * n_rep flags, zeroed by the caller) gets 1 for every run
 * recorded. Returns 0 with *out set (close with ws_journal_close), or WS_EINPUT, WS_EIO or
 * WS_ENOMEM with *out NULL (a journal created by this call is removed again). A journal is
 * used by one thread at a time. */
int ws_journal_open(ws_journal **out, const char *path, const ws_journal_head *h, bool resume,
                    unsigned char *done, ws_error *e);

/* Appends run's payload, flushes and syncs (fdatasync). Returns 0, WS_EINPUT (run outside
 * the sweep) or WS_EIO. A run already recorded is ignored (returns 0). */
int ws_journal_append(ws_journal *j, int run, const double *payload, ws_error *e);

/* Reads run's payload back. Returns 0, WS_EINPUT (not recorded) or WS_EIO. */
int ws_journal_read(ws_journal *j, int run, double *payload, ws_error *e);

/* Runs recorded. */
int ws_journal_count(const ws_journal *j);

/* Closes the journal (remove: also deletes the file). j may be NULL. */
void ws_journal_close(ws_journal *j, bool remove);

#endif
