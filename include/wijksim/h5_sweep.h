/* h5_sweep.h: the HDF5 sweep file — writing it run by run (sim/h5/h5_sweep.c), reading parts
 * back for a merge, describing it, and reading a design with one output for sensitivity
 * analysis (sim/h5/h5_sweep_read.c).
 *
 * File layout (file_kind "sweep"; a shard's part file is "sweep_part", same layout, holding only
 * the runs its /runs/done marks, and no /summary):
 *   /                  attributes file_kind, file_format_version, wijksim_version, git_revision,
 *                      command_line, created, finished, threads, processes, split (how the runs
 *                      were distributed, e.g. "mpi 3 ranks", "shard 2/3", "merge of 3 parts"),
 *                      sweep_name, sweep_description, sweep_file, sweep_sha256, seed (int64),
 *                      design ("grid", ...), points, replications, runs, start_year, years,
 *                      reference_point (int32; -1: none), store ("areas" or "totals"),
 *                      indicators (list), complete (int8: 1 only in a finished sweep file)
 *   /input/sweep.lua   the exact sweep source (as /input/scenario.lua of a run file)
 *   /input/parameters, /input/areas   as in a run file, of design point 0
 *   /year, /area, /replication, /point, /payer   dimension scales (/point: int32 0..P-1)
 *   /design/factor     dimension scale: the factor names
 *   /design/values     float64 [point, factor]; attributes per factor in /design/factors
 *   /design/factors    compound table, one row per factor: name, param, kind ("levels" or
 *                      "range"), min, max, steps, dist ("uniform"/"loguniform"), integer (int8),
 *                      levels (string: the levels or labels, comma-separated; a comma or
 *                      backslash inside a label is escaped with a backslash), labelled (int8:
 *                      the levels are names and the values their indices)
 *                      /design has attributes kind, seed (the design's; also the bootstrap
 *                      seed of `wijksim sensitivity`), n_factors, n_points
 *   /design/block, /design/base   int32 [point] (saltelli designs only); attribute n_base
 *   /runs/done         int8 [point, replication]: 1 where the run's outputs are stored
 *   /runs/totals/<indicator>   float64 [point, replication, year] (all areas, summary.h rule);
 *                      attributes units, description, domain, label (strings) and better
 *                      (int8: +1 more is better, -1 less is better, 0 neither), all from
 *                      indicators.def; chunked, shuffle + deflate
 *   /runs/areas/<indicator>    float64 [point, replication, year, area] (store "areas" only;
 *                      the same attributes)
 *   /runs/spend        float64 [point, replication, year, payer], EUR, all interventions
 *   /summary/<indicator>       group with the indicator's attributes units, description, domain,
 *                      label, better (as on /runs/totals/<indicator>), holding
 *   /summary/<indicator>/{mean,p05,p50,p95}   float64 [point, year]: the totals over the
 *                      replications (ws_summary_band)
 *   /summary/<indicator>/{diff_mean,diff_p05,diff_p50,diff_p95}   (only with a reference point,
 *                      root attribute reference_point >= 0) the same of the per-replication
 *                      differences point - reference point: runs with the same replication
 *                      number share their random numbers, so these pairs are sharp
 * Unwritten runs of a part file hold NaN (the fill value). Files are written to "<path>.tmp" and
 * renamed when complete; on failure the temporary file is removed and path is untouched.
 */
#ifndef WIJKSIM_H5_SWEEP_H
#define WIJKSIM_H5_SWEEP_H

#include <stdbool.h>
#include <stdio.h>
#include "wijksim/err.h"
#include "wijksim/results.h"
#include "wijksim/scenario.h"
#include "wijksim/sweep.h"

/* Everything about a sweep the file records besides the design and the runs. */
typedef struct ws_sweep_meta {
    ws_run_meta run;          /* version, git revision, command line, created, finished, threads */
    char name[128], description[512];
    char sweep_file[512];     /* the sweep file as given */
    char sweep_sha256[65];    /* hex SHA-256 of its bytes */
    const char *source;       /* its exact bytes (not owned) */
    size_t source_len;
    uint32_t seed;
    int processes;            /* MPI ranks, or 1 */
    char split[64];           /* how the runs were distributed */
    bool has_reference;       /* the sweep names a reference point (its `reference` key) */
    int reference;            /* ... its index: /summary holds differences to it */
} ws_sweep_meta;

typedef struct ws_h5_sweep ws_h5_sweep;

/* Starts writing a sweep file (part == false) or a part file (part == true) at path: creates
 * "<path>.tmp" with the root attributes, /input, the dimension scales, the design and empty
 * (NaN-filled) run datasets. /input comes from s0 (design point 0's scenario; its areas give
 * /area) or, when s0 is NULL, is copied from the part file input_from (a merge). Returns 0 with
 * *out set, or WS_EIO / WS_ERUNTIME / WS_ENOMEM, or WS_EINPUT (input_from of another shape,
 * more than 2^31 - 1 runs); nothing is left on disk on failure. */
int ws_h5_sweep_create(ws_h5_sweep **out, const char *path, const ws_sweep_meta *m,
                       const ws_design *d, const ws_sweep_shape *sh, const ws_scenario *s0,
                       const char *input_from, bool part, ws_error *e);

/* Stores run (point, rep)'s payload (ws_sweep_payload_len doubles, sweep.h). Runs must come in
 * increasing run order (point-major); a part file may skip runs. Returns 0 or WS_EIO /
 * WS_ERUNTIME / WS_EINPUT (out of order or out of range). */
int ws_h5_sweep_put(ws_h5_sweep *w, int point, int rep, const double *payload, ws_error *e);

/* Finishes the file: writes /runs/done; for a sweep file (not a part) checks that every run is
 * stored (WS_EINPUT otherwise), computes /summary and sets complete = 1; sets `finished`, closes,
 * syncs and renames "<path>.tmp" to path. Frees w whatever happens; on failure removes the
 * temporary file. Returns 0 or an error. */
int ws_h5_sweep_finish(ws_h5_sweep *w, const char *finished, ws_error *e);

/* Abandons the file: closes it and removes "<path>.tmp". w may be NULL. Can't fail. */
void ws_h5_sweep_abort(ws_h5_sweep *w);

/* A sweep or part file opened for reading. */
typedef struct ws_h5_sweep_in ws_h5_sweep_in;

/* Opens a sweep or part file: reads its meta (source into an owned buffer), design and shape.
 * A file written by a build with other indicators opens: ws_h5_sweep_get then needs every
 * indicator of this build (it names the missing one), ws_h5_sweep_point_means any in the file.
 * Returns 0, WS_EIO (unreadable) or WS_EINPUT (not a wijksim sweep file) with e filled. */
int ws_h5_sweep_open(const char *path, ws_h5_sweep_in **out, ws_error *e);

/* What an open file holds. The pointers stay valid until ws_h5_sweep_close. */
const ws_sweep_meta *ws_h5_sweep_meta(const ws_h5_sweep_in *in);
const ws_design *ws_h5_sweep_design(const ws_h5_sweep_in *in);
const ws_sweep_shape *ws_h5_sweep_shape(const ws_h5_sweep_in *in);
bool ws_h5_sweep_is_part(const ws_h5_sweep_in *in);
const unsigned char *ws_h5_sweep_done(const ws_h5_sweep_in *in); /* n_points * n_rep flags */

/* Reads run (point, rep)'s payload into payload. Returns 0, WS_EINPUT (run not stored) or
 * WS_EIO / WS_ERUNTIME. */
int ws_h5_sweep_get(ws_h5_sweep_in *in, int point, int rep, double *payload, ws_error *e);

/* Closes the file and frees everything; in may be NULL. */
void ws_h5_sweep_close(ws_h5_sweep_in *in);

/* For sensitivity: the mean over replications of indicator `indicator`'s totals in calendar
 * year `year` for every design point, into a malloc'd array *y (n_points values, caller frees).
 * Returns 0, or WS_EINPUT (unknown indicator or year, a part file, runs missing) / WS_EIO. */
int ws_h5_sweep_point_means(ws_h5_sweep_in *in, const char *indicator, int year, double **y,
                            ws_error *e);

/* Describes a sweep or part file (called by ws_h5_info for those kinds): provenance, design
 * (factors with their ranges or levels), points, replications, runs done, stored outputs, and
 * per headline indicator the range of the point means in the last year. */
int ws_h5_sweep_info(const char *path, FILE *out, ws_error *e);

#endif
