/* h5.h: the HDF5 run file — writing results (sim/h5/h5_write.c), describing a file
 * (h5_info.c) and its board table (h5_summary.c).
 *
 * File layout (all written by ws_h5_write_run):
 *   /                         attributes file_kind = "run" (one scenario) or "comparison"
 *                             (several: the first is the baseline), file_format_version,
 *                             wijksim_version, git_revision, command_line, created, finished,
 *                             scenario_name, scenario_file, scenario_sha256, area_file, baseline
 *                             (strings); comparison_name, comparison_description (comparisons
 *                             written by ws_h5_write_comparison); threads, replications,
 *                             start_year, years (int32); seed (int64); scale (double);
 *                             scenarios (names in order, baseline first), indicators (lists)
 *   /input/scenario.lua       the exact scenario source: a scalar UTF-8 string (attribute
 *                             encoding "utf-8"), raw bytes ("bytes") or uint8 ("uint8") when
 *                             the source is not valid UTF-8 or holds NUL; attributes path,
 *                             bytes, sha256
 *   /input/parameters         compound table (name, value, default, min, max, type, unit,
 *                             source, doc)
 *   /input/areas              compound table of the simulated areas (id, name, municipality,
 *                             gm_code, file_index, in_2020_programme, residents, dwellings)
 *   /year, /area, /replication  dimension scales (int32 years, strings with area names,
 *                             int32 replication numbers); /area has attribute `ids`
 *   /payer                    dimension scale: rijk, municipality, corporation, other
 *   /scenarios/<name>/indicators/<indicator>  float64 [replication, year, area] with
 *                             attributes units, description, domain, label (strings) and
 *                             better (int8: +1 more is better, -1 less is better, 0 neither),
 *                             all from indicators.def; dims attached
 *   /scenarios/<name>/interventions/  (only when the scenario has interventions)
 *       intervention          dimension scale: the intervention names
 *       participants, active, waiting, places  float64 [replication, year, area, intervention]
 *                             (see enum ws_iv_output in results.h)
 *       spend                 float64 [replication, year, area, intervention, payer], EUR
 *       definitions           compound table, one row per intervention (name, type, kind,
 *                             target, evidence, source, payer, share_<payer>, package,
 *                             start_year, end_year, cost_per_participant, places_per_year,
 *                             cost_per_unit, amount_per_year, effect, ...)
 *   /scenarios/<name>/packages  compound table (name, budget_<payer> EUR/yr, start/end year)
 *   /summary                  attributes baseline, headline_indicators, headline_units
 *   /summary/area             dimension scale: the areas, then "all areas" (attribute ids)
 *   /summary/<name>/<indicator>  group with the indicator's attributes units, description,
 *                             domain, label, better (as on its /scenarios dataset), holding
 *       mean, p05, p50, p95   float64 [year, area + 1] (summary.h); for options also
 *                             diff_mean, diff_p05, diff_p50, diff_p95
 *   /summary/<name>/cost_effectiveness  compound table of an option (summary.h: indicator, unit,
 *                             n_pairs, improvement_mean/p05/p95, spend_rijk, spend_total,
 *                             eur_per_unit_rijk_mean/p05/p95, eur_per_unit_total_mean/p05/p95,
 *                             distinguishable int8); absent when no headline has a denominator
 * The file is built in memory, written to "<path>.tmp", synced, and renamed to path only when
 * complete (HDF5 1.10 cannot report a failed final flush of a file on disk cleanly).
 */
#ifndef WIJKSIM_H5_H
#define WIJKSIM_H5_H

#include <stdbool.h>
#include <stdio.h>
#include "wijksim/err.h"
#include "wijksim/results.h"
#include "wijksim/scenario.h"

/* Writes a results file for n_scen scenarios that share years, areas and replications
 * (s[0] provides /input and the dimensions). Creates parent-less path atomically: on any
 * failure the temporary file is removed and path is untouched. Returns 0, WS_EIO, WS_ENOMEM
 * or WS_ERUNTIME with e filled. Not thread-safe (HDF5 is built without thread-safety). */
int ws_h5_write_run(const char *path, const ws_run_meta *m, int n_scen,
                    const ws_scenario *const *s, const ws_results *const *r, ws_error *e);

/* As ws_h5_write_run for the scenarios of a comparison (c->scen[0] the baseline, r[k] the
 * results of c->scen[k]); also stores the comparison's name and description. */
int ws_h5_write_comparison(const char *path, const ws_run_meta *m, const ws_comparison *c,
                           const ws_results *const *r, ws_error *e);

/* Prints a human-readable description of a results file to out: root attributes, dimensions,
 * scenarios, indicators with units and shape, and for each indicator the replication-mean of
 * the first and last year over all areas. Returns 0, or WS_EIO / WS_EINPUT (not a wijksim
 * file) with e filled. */
int ws_h5_info(const char *path, FILE *out, ws_error *e);

/* What `wijksim summary` shows. */
typedef struct ws_h5_summary_opts {
    int n_years;              /* 0: years 5 and 10 of the horizon and its last year */
    int years[WS_MAX_YEARS];  /* calendar years to show */
    const char *area;         /* area id; NULL: all areas */
    bool csv;                 /* comma-separated values with a header line */
} ws_h5_summary_opts;

/* Prints the board table of a results file (from /summary) to out: for each option and headline
 * indicator at the chosen years the baseline and option means, the difference with its 90 %
 * band, and the option's spend and cost per unit over the horizon; for a file with one
 * scenario its means with their 90 % bands. Nothing is printed on failure. Returns 0, WS_EIO
 * (unreadable), or WS_EINPUT (not a wijksim file, no /summary, a year or area not in the file)
 * with e filled. */
int ws_h5_summary(const char *path, const ws_h5_summary_opts *o, FILE *out, ws_error *e);

#endif
