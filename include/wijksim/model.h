/* model.h: running the simulation — a run is a function of (scenario, replication).
 *
 * ws_run_replication fills one replication's slice of a ws_results; ws_run_scenario runs all
 * replications in order. Within a replication the areas are simulated in parallel (an OpenMP
 * loop over areas, one year at a time, largest first); inside an area everything is serial.
 * Each area has its own random streams keyed by (seed, replication, area index in the area
 * file), so its numbers do not depend on the thread that ran it (results are bit-identical for
 * any number of threads) nor on which other areas are simulated — except through the spillover
 * of level programmes (intervention.h) and yearly policy hooks, which are exchanged serially
 * between years and act from the next year. Replications and the scenarios of a comparison run
 * one after another.
 * Thread-safety: distinct replications may run concurrently on the same scenario (read-only).
 */
#ifndef WIJKSIM_MODEL_H
#define WIJKSIM_MODEL_H

#include <stddef.h>
#include <stdint.h>
#include "wijksim/err.h"
#include "wijksim/results.h"
#include "wijksim/scenario.h"

/* Called once after each simulated year of a replication (all its areas), serially; must be
 * cheap. */
typedef void (*ws_progress_fn)(void *ud, int rep, int year_index, int years,
                               double person_months_done, double elapsed_s);

/* Yearly policy hook: called serially after each simulated year (year_index 0..years-1) of
 * replication rep, after the spillover exchange, with that year's indicators in r (slice rep,
 * year year_index) and the current envelope weights in w. It may change w (non-negative
 * finite weights, only where w->in is 1); the run then applies w to every area's envelope
 * share from the next year on (after the last year the weights have no effect). Returns 0, or
 * a WS_E* code with e filled, which stops the run with that code. Never called from a parallel
 * region, so it may call into a non-thread-safe interpreter (the Lua hooks, lua_hooks.h). */
typedef int (*ws_year_hook_fn)(void *ud, int scenario_index, int rep, int year_index,
                               const ws_results *r, ws_budget_weights *w, ws_error *e);

typedef struct ws_run_opts {
    ws_progress_fn progress;     /* NULL: no progress reports */
    void *progress_ud;
    volatile const int *stop;    /* when non-NULL and *stop != 0 before a year starts: stop
                                    with WS_EINTERRUPTED */
    ws_year_hook_fn year_hook;   /* NULL: no hook; envelopes split by residents throughout */
    void *year_hook_ud;
    int scenario_index;          /* passed to year_hook (index in the comparison) */
} ws_run_opts;

typedef struct ws_run_stats {
    double person_months;        /* person-months simulated */
    double seconds;              /* wall time of the replications (burn-in included when
                                    ws_run_replication computed it itself) */
    size_t peak_state_bytes;     /* largest model state held at once (all areas of a run) */
    long peak_persons;           /* largest number of persons held at once */
    double calib_seconds;        /* wall time of the burn-in calibration (set by
                                    ws_run_scenario, not by ws_run_replication) */
    long checks;                 /* world consistency checks run (0 unless the model was built
                                    with WS_CHECK: one per area after every phase) */
} ws_run_stats;

/* Burned-in base rates of a scenario's areas (opaque). The model's base rates are solved at
 * the start so the starting figures are an equilibrium of the direct flows; a burn-in (one
 * per area, shared by all replications, independent of --scale) then steers the rates that
 * selective migration, ageing and school-leaving would otherwise pull away, so the
 * no-intervention baseline holds the starting figures. */
typedef struct ws_calibration ws_calibration;

/* Runs the burn-in for every area of s. On success *out is owned by the caller (free with
 * ws_calibration_free); on failure *out is NULL. Returns 0, WS_ENOMEM, WS_EINPUT (an area too
 * small for the burn-in scale) or, in a WS_CHECK build, WS_ERUNTIME (a failed consistency
 * check), with e filled. Uses OpenMP over areas; reads s only. */
int ws_calibrate(const ws_scenario *s, ws_calibration **out, ws_error *e);

/* Frees a calibration; NULL is a no-op. */
void ws_calibration_free(ws_calibration *c);

/* Simulates replication rep (0 <= rep < out->n_rep) of s and writes its slice of out.
 * cal is the scenario's calibration (NULL: computed here, which costs a burn-in).
 * out must have been initialised (ws_results_init) with more than rep replications, at least
 * s->years years and exactly s->n_areas areas, and hold no intervention arrays or arrays for
 * s's interventions (ws_results_iv_init). o may be NULL. st (optional) receives statistics,
 * added to what it holds. With o->year_hook, the hook is called after each year (see
 * ws_year_hook_fn) and its weights are checked (WS_EINPUT, key "hook", when one is negative,
 * non-finite or outside the package's areas) and applied; without it the results are those of
 * a run without hooks, bit for bit. Returns 0; WS_EINPUT (out does not fit, the policy fails
 * ws_policy_check, a bad hook weight, an area too small for the scale); WS_ENOMEM;
 * WS_EINTERRUPTED; WS_ERUNTIME (WS_CHECK builds: a failed consistency check); or the hook's
 * code; e is filled. On failure the slice is partly written. Reads s and cal only. */
int ws_run_replication(const ws_scenario *s, const ws_calibration *cal, int rep,
                       const ws_run_opts *o, ws_results *out, ws_run_stats *st, ws_error *e);

/* As ws_run_replication, but replication rep's outputs go to slice `slice` of out (0 <= slice <
 * out->n_rep), so a sweep can keep one replication at a time in results of one slice; the
 * numbers depend on rep only. The year hook sees the slice as its replication. */
int ws_run_replication_slice(const ws_scenario *s, const ws_calibration *cal, int rep, int slice,
                             const ws_run_opts *o, ws_results *out, ws_run_stats *st,
                             ws_error *e);

/* Runs every replication of s into out: initialises out (ws_results_init and
 * ws_results_iv_init), runs one burn-in (its time goes to st->calib_seconds) and then
 * ws_run_replication for rep = 0 .. s->replications - 1. Returns 0 or the first error as
 * ws_run_replication does. The caller closes out with ws_results_close, also on failure. */
int ws_run_scenario(const ws_scenario *s, const ws_run_opts *o, ws_results *out,
                    ws_run_stats *st, ws_error *e);

#endif
