/* model.h: running the simulation — a run is a function of (scenario, replication).
 *
 * ws_run_replication fills one replication's slice of a ws_results; ws_run_scenario runs all
 * replications in order. Within a replication the areas are simulated one after another and
 * the persons of an area in parallel (OpenMP), so results are bit-identical for any number of
 * threads. Each area has its own random streams keyed by (seed, replication, area index in the
 * area file), so an area's results do not depend on which other areas are simulated — except
 * through the spillover of level programmes (intervention.h), which is exchanged serially
 * between years and acts one year later.
 * Thread-safety: distinct replications may run concurrently on the same scenario (read-only).
 */
#ifndef WIJKSIM_MODEL_H
#define WIJKSIM_MODEL_H

#include <stddef.h>
#include <stdint.h>
#include "wijksim/err.h"
#include "wijksim/results.h"
#include "wijksim/scenario.h"

/* Called after each simulated year of each area group; must be cheap. */
typedef void (*ws_progress_fn)(void *ud, int rep, int year_index, int years,
                               double person_months_done, double elapsed_s);

typedef struct ws_run_opts {
    ws_progress_fn progress;     /* NULL: no progress reports */
    void *progress_ud;
    volatile const int *stop;    /* when non-NULL and *stop != 0: stop with WS_EINTERRUPTED */
} ws_run_opts;

typedef struct ws_run_stats {
    double person_months;        /* person-months simulated */
    double seconds;              /* wall time */
    size_t peak_state_bytes;     /* largest model state held at once (all areas of a run) */
    long peak_persons;           /* largest number of persons held at once */
    double calib_seconds;        /* wall time of the burn-in calibration */
} ws_run_stats;

/* Burned-in base rates of a scenario's areas (opaque). The model's base rates are solved at
 * the start so the starting figures are an equilibrium of the direct flows; a burn-in (one
 * per area, shared by all replications, independent of --scale) then steers the rates that
 * selective migration, ageing and school-leaving would otherwise pull away, so the
 * no-intervention baseline holds the starting figures. */
typedef struct ws_calibration ws_calibration;

/* Runs the burn-in for every area of s. On success *out is owned by the caller (free with
 * ws_calibration_free). Returns 0, WS_ENOMEM or WS_EINPUT. Uses OpenMP over areas. */
int ws_calibrate(const ws_scenario *s, ws_calibration **out, ws_error *e);

/* Frees a calibration; NULL is a no-op. */
void ws_calibration_free(ws_calibration *c);

/* Metadata of a run, stored with the results. Filled by the caller (CLI). */
typedef struct ws_run_meta {
    char version[32];
    char git_revision[64];
    char command_line[4096];
    char created[40];            /* ISO 8601 UTC start time */
    char finished[40];           /* ISO 8601 UTC end time */
    int threads;
} ws_run_meta;

/* Simulates replication rep (0 <= rep < out->n_rep) of s and writes its slice of out.
 * cal is the scenario's calibration (NULL: computed here, which costs a burn-in).
 * out must have been initialised with s->replications (or more), s->years and s->n_areas.
 * st (optional) receives statistics, added to what it holds. Returns 0, WS_ENOMEM,
 * WS_EINTERRUPTED or WS_ERUNTIME; on failure the slice is partly written. */
int ws_run_replication(const ws_scenario *s, const ws_calibration *cal, int rep,
                       const ws_run_opts *o, ws_results *out, ws_run_stats *st, ws_error *e);

/* Runs every replication of s into out (initialised here; the caller closes it). */
int ws_run_scenario(const ws_scenario *s, const ws_run_opts *o, ws_results *out,
                    ws_run_stats *st, ws_error *e);

#endif
