/* summary.h: summaries of a run or comparison — bands over replications, differences to the
 * baseline per replication pair, and cost per unit of outcome (sim/base/summary.c; plain C + GSL).
 *
 * Statistics. For scenario s, indicator i, year y and area column a (0..n_area-1 the areas,
 * n_area "all areas") the values over the replications r = 0..n_rep-1 are summarised by their
 * mean and the 5 %, 50 % and 95 % quantiles (gsl_stats_quantile_from_sorted_data on a sorted
 * copy: linear interpolation between order statistics, the "type 7" rule). Non-finite values
 * are left out; a cell with no finite value is NaN. "All areas" is, per replication, the
 * population-weighted mean of the areas (weights: the `population` indicator of that
 * replication and year), except for count indicators (units "persons" or "households", or a
 * name starting with "count_"), which are summed. For an option (s > 0) the same four
 * statistics are taken of the per-replication differences option[r] - baseline[r] (common
 * random numbers make these pairs sharp); identical scenarios give exactly 0.
 *
 * Cost-effectiveness (options only, all areas, whole horizon). Each headline indicator has a
 * natural unit (ws_summary_headline): a rate v (per `divisor` of a denominator count D) becomes
 * a number of persons, households or events, units(s, r) = sum over years and areas of
 * v * D / divisor, where D is the denominator indicator of the same scenario, replication, year
 * and area. The improvement of an option in replication r is
 *   improvement(r) = direction * (units(option, r) - units(baseline, r))
 * (direction: the indicator's `better` in indicators.def, +1 when more is better, -1 when
 * less is better; every headline has one), and its incremental spend is the
 * option's spend minus the baseline's over all years, areas and interventions (Rijk alone, and
 * all payers together). Reported: the improvement's mean, p05 and p95; the mean spends; EUR per
 * unit as mean spend / mean improvement (a ratio of means) with a 90 % band from the p05 and
 * p95 of the per-replication ratios spend(r) / improvement(r), where a replication with no
 * improvement (<= 0) counts as an infinite cost per unit. When the improvement's 90 % band
 * [p05, p95] contains zero the option is "not distinguishable from zero" (distinguishable = 0)
 * and no EUR per unit is given (NaN); a band entirely below zero (the option does harm) gives
 * distinguishable = -1, also without EUR per unit. A headline whose denominator indicator does
 * not exist in this build has no row (reported as "n/a").
 */
#ifndef WIJKSIM_SUMMARY_H
#define WIJKSIM_SUMMARY_H

#include "wijksim/err.h"
#include "wijksim/results.h"
#include "wijksim/scenario.h"

/* The statistics of a summary cell, in this order in ws_summary and in the HDF5 file. */
enum ws_sum_stat {
    WS_SUM_MEAN, WS_SUM_P05, WS_SUM_P50, WS_SUM_P95,
    WS_SUM_DIFF_MEAN, WS_SUM_DIFF_P05, WS_SUM_DIFF_P50, WS_SUM_DIFF_P95,
    WS_SUM_N
};

/* Name of a statistic ("mean", ..., "diff_p95"), or NULL if out of range. */
const char *ws_sum_stat_name(int k);

/* A headline indicator and its natural unit for cost-effectiveness. */
typedef struct ws_headline {
    const char *indicator;   /* indicator name (indicators.def) */
    const char *denominator; /* indicator counting the persons/households the rate is of */
    double divisor;          /* the rate is per this many of the denominator (100: %) */
    const char *unit;        /* one natural unit of improvement, e.g. "offence prevented" */
} ws_headline;

/* Number of headline indicators, and headline k (0 <= k < n), or NULL. Static data. */
int ws_summary_n_headlines(void);
const ws_headline *ws_summary_headline(int k);

/* Cost-effectiveness of one option for one headline indicator (see the top of this file). */
typedef struct ws_ce_row {
    int indicator;           /* ws_indicator_id of the headline */
    int headline;            /* index in ws_summary_headline */
    int n_pairs;             /* replication pairs with finite values (the rest are left out) */
    double improvement_mean, improvement_p05, improvement_p95; /* natural units, horizon */
    double spend_rijk, spend_total;                 /* mean incremental EUR, horizon */
    double eur_per_unit_rijk_mean, eur_per_unit_rijk_p05, eur_per_unit_rijk_p95;
    double eur_per_unit_total_mean, eur_per_unit_total_p05, eur_per_unit_total_p95;
    int distinguishable;     /* 1 improvement, 0 band contains zero, -1 harm */
} ws_ce_row;

/* Summaries of n_scen scenarios sharing years, areas and replications; scen 0 the baseline. */
typedef struct ws_summary {
    int n_scen, n_rep, n_year, n_area; /* columns per year: n_area + 1 ("all areas" last) */
    int start_year;
    double *v;     /* n_scen * WS_N_INDICATORS * WS_SUM_N * n_year * (n_area + 1); the diff
                      statistics of the baseline are NaN (ws_summary_at) */
    int *n_ce;     /* rows per scenario (0 for the baseline) */
    ws_ce_row *ce; /* n_scen * WS_SUMMARY_MAX_CE rows; scenario s's rows start at
                      s * WS_SUMMARY_MAX_CE */
} ws_summary;

#define WS_SUMMARY_MAX_CE 16

/* Pointer to statistic k (enum ws_sum_stat) of (scenario, indicator, year, column). */
static inline double *ws_summary_at(const ws_summary *m, int s, int i, int k, int y, int a)
{
    return m->v +
           ((((size_t)s * WS_N_INDICATORS + i) * WS_SUM_N + k) * m->n_year + y) * (m->n_area + 1) +
           a;
}

/* Computes the summaries of n_scen scenarios s[k] with results r[k] (s[0] the baseline; the
 * first s[0]->replications replications are used; r[k] may hold spare ones). The scenarios
 * must share years, areas and replications. out is caller-owned; free with
 * ws_summary_close. Returns 0, WS_ENOMEM, or WS_ERUNTIME (shapes differ) with e filled; on
 * failure out is left empty. Reads only; thread-safe for distinct out. */
int ws_summary_compute(ws_summary *out, int n_scen, const ws_scenario *const *s,
                       const ws_results *const *r, ws_error *e);

/* Frees what a summary owns; m may be NULL or already closed. */
void ws_summary_close(ws_summary *m);

/* The all-areas value of indicator i in replication rep, year index y of r, by the rule above
 * (population-weighted mean; counts summed; NaN when a needed value is not finite). */
double ws_summary_all_areas(const ws_results *r, int i, int rep, int y);

/* The band statistics of n values x (mean, p05, p50, p95 into out[0..3]) over the finite
 * values; NaN when none is finite. work must hold n doubles (overwritten). Can't fail. */
void ws_summary_band(const double *x, int n, double *work, double out[4]);

#endif
