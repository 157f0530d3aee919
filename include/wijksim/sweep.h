/* sweep.h: scenario sweeps — designs, the outputs kept per run, and Sobol sensitivity indices
 * (plain C + GSL: sim/sweep/sweep_design.c, sim/sweep/sobol.c, sim/sweep/sweep_run.c).
 *
 * A sweep varies named factors (scenario values or model parameters) over a design; every
 * design point is simulated `replications` times. A run is one (point, replication) pair; its
 * index is run = point * n_rep + rep. Runs with the same replication number share their random
 * numbers whatever the point (common random numbers), so differences between points are pairs.
 *
 * Designs (ws_design_make):
 *   grid      the cross product of every factor's values (its levels, or `steps` evenly spaced
 *             values from min to max inclusive, linearly even for a log-uniform dist); the first
 *             factor varies slowest.
 *   list      points given one by one (the Lua layer fills x; ws_design_alloc).
 *   random    n points; each factor independently uniform on [min, max] (log-uniform when
 *             dist is log-uniform), or uniform over its levels; drawn with gsl_rng_mt19937
 *             seeded with the design seed, point by point, factor by factor: one
 *             gsl_rng_uniform u per (point, factor), mapped as for sobol.
 *   sobol     n points of GSL's Sobol sequence (gsl_qrng_sobol, dimension k) mapped to the
 *             factors: u -> min + u (max - min) (log scale for log-uniform), levels -> level
 *             floor(u * n_levels). The sequence's first point (all zeros) is not used: GSL
 *             never returns it (its first point is (1/2, ..., 1/2)), so no point is discarded.
 *   saltelli  Saltelli's scheme for Sobol indices with N = n base rows: a Sobol sequence of
 *             dimension 2k (as for sobol, after skipping its first 2^m >= N points, whose
 *             columns 1..k and k+1..2k coincide early on) gives A (first k columns) and B (last k);
 *             the points are, for each base row j in order: A_j, B_j, then A_j with column i
 *             taken from B_j for i = 0..k-1 (block 2 + i). n_points = N (k + 2).
 * Whole-number factors (`integer`) are rounded to the nearest whole number after mapping.
 */
#ifndef WIJKSIM_SWEEP_H
#define WIJKSIM_SWEEP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "wijksim/err.h"
#include "wijksim/intervention.h"
#include "wijksim/results.h"

#define WS_SWEEP_MAX_FACTORS 20 /* Saltelli uses 2k Sobol dimensions; GSL's sobol goes to 40 */
#define WS_SWEEP_MAX_LEVELS 10000
#define WS_SWEEP_MAX_POINTS 10000000

enum ws_design_kind { WS_DESIGN_GRID, WS_DESIGN_LIST, WS_DESIGN_RANDOM, WS_DESIGN_SOBOL,
                      WS_DESIGN_SALTELLI, WS_DESIGN_N };

enum ws_factor_dist { WS_FDIST_UNIFORM, WS_FDIST_LOGUNIFORM }; /* (WS_DIST_* are effect distributions) */

/* Saltelli blocks (ws_design.block): A, B, then WS_BLOCK_AB + i for factor i. */
enum { WS_BLOCK_A = 0, WS_BLOCK_B = 1, WS_BLOCK_AB = 2 };

typedef struct ws_factor {
    char name[64];      /* name the scenario function sees (v.name) */
    char param[64];     /* model parameter this factor sets, "" when none */
    int line;           /* line of the factor in the sweep file (messages), 0 unknown */
    /* values: a list of levels (n_levels > 0) or a range [min, max] */
    int n_levels;
    double *levels;     /* n_levels values (owned); for labelled levels the index 0..n-1 */
    char **labels;      /* NULL, or n_levels strings (owned): the factor's values are names */
    double min, max;    /* range (when n_levels == 0) */
    int steps;          /* grid over a range: this many values from min to max (>= 2) */
    int dist;           /* enum ws_factor_dist, for a range in random, sobol and saltelli */
    bool integer;       /* values are rounded to whole numbers */
} ws_factor;

typedef struct ws_design {
    int kind;           /* enum ws_design_kind */
    int n_factors;
    ws_factor *factor;  /* n_factors (owned) */
    int n_points;
    double *x;          /* n_points * n_factors values, point-major (owned) */
    int n_base;         /* saltelli: N; otherwise 0 */
    int *block;         /* saltelli: n_points blocks (WS_BLOCK_*); otherwise NULL */
    int *base;          /* saltelli: n_points base rows 0..N-1; otherwise NULL */
    uint32_t seed;      /* seed of random designs (and of the bootstrap) */
} ws_design;

/* Name of a design kind ("grid", ...) or NULL; and the kind of a name, or -1. */
const char *ws_design_kind_name(int kind);
int ws_design_kind_find(const char *name);

/* Builds the design of `kind` over the n_factors factors f (copied, with their levels and labels)
 * with n points (random, sobol) or base rows (saltelli); n is ignored for grid. seed seeds
 * random. Checks the factors (a range needs finite min < max, positive for log-uniform; grid
 * ranges need steps >= 2; levels need n_levels >= 1; at most WS_SWEEP_MAX_FACTORS factors;
 * saltelli at least 2 factors) and the size (<= WS_SWEEP_MAX_POINTS points). On failure
 * returns WS_EINPUT (key = the factor's name, line = its line) or WS_ENOMEM, and *d is empty.
 * The caller frees d with ws_design_free. */
int ws_design_make(ws_design *d, int kind, const ws_factor *f, int n_factors, int n,
                   uint32_t seed, ws_error *e);

/* Allocates a list design of n_points points over copies of the factors, x filled with NaN for
 * the caller to set. Checks the factors' shape and unique names (not their ranges). Returns 0,
 * WS_EINPUT (no or too many factors, a bad factor, n_points outside 1..WS_SWEEP_MAX_POINTS)
 * or WS_ENOMEM; on failure *d is empty. The caller frees d with ws_design_free. */
int ws_design_alloc(ws_design *d, const ws_factor *f, int n_factors, int n_points,
                    ws_error *e);

/* Keeps only the points with keep[p] != 0 (keep has n_points flags), in order (constraints).
 * Returns 0, or WS_EINPUT with d unchanged: a saltelli design (cannot be filtered), no keep or
 * empty d, or no point left. */
int ws_design_filter(ws_design *d, const unsigned char *keep, ws_error *e);

/* Frees what d owns; d may be NULL or empty. */
void ws_design_free(ws_design *d);

/* ---- Per-run outputs ------------------------------------------------------------------------
 * What a sweep keeps of one run, as one flat array of doubles ("payload"):
 *   totals  WS_N_INDICATORS * n_year: indicator i, year y at [i * n_year + y], over all areas
 *           by the rule of summary.h (population-weighted mean; counts summed)
 *   areas   (store_areas only) WS_N_INDICATORS * n_year * n_area at [(i * n_year + y) * n_area + a]
 *   spend   n_year * WS_PAY_N: EUR spent in year y by payer p at [y * WS_PAY_N + p], all areas
 *           and interventions together
 */
typedef struct ws_sweep_shape {
    int n_points, n_rep, n_year, n_area, start_year;
    bool store_areas;   /* per-area indicator arrays kept; otherwise only the totals */
} ws_sweep_shape;

/* Number of doubles in one run's payload, and the offsets of its parts. */
size_t ws_sweep_payload_len(const ws_sweep_shape *sh);
size_t ws_sweep_payload_areas_at(const ws_sweep_shape *sh); /* == totals length */
size_t ws_sweep_payload_spend_at(const ws_sweep_shape *sh);

/* Fills payload (ws_sweep_payload_len doubles) from replication slice rep of r (a run of one
 * point; r->n_year and r->n_area must equal the shape's). Can't fail. */
void ws_sweep_pack(const ws_sweep_shape *sh, const ws_results *r, int rep, double *payload);

/* ---- Sobol sensitivity indices (sim/sweep/sobol.c) -----------------------------------------------
 * From a saltelli design d and one output value y[p] per point (e.g. the mean over the
 * replications of an indicator's all-areas value in one year):
 *   V    = variance (divisor 2N) of the 2N values f(A_j), f(B_j); m = their mean
 *   S_i  = (1/N) sum_j (f(B_j) - m) (f(AB^i_j) - f(A_j)) / V     (Saltelli et al. 2010)
 *   ST_i = (1/(2N)) sum_j (f(A_j) - f(AB^i_j))^2 / V              (Jansen 1999)
 * Centring f(B_j) by m leaves the expectation unchanged but makes S_i independent of a
 * constant added to y (uncentred, an output of mean mu adds noise of order mu / sqrt(V)).
 * Intervals: percentile bootstrap over the base rows j (n_boot resamples with replacement,
 * gsl_rng_mt19937 seeded with `seed`; resample b draws its N rows with gsl_rng_uniform_int;
 * each resample is estimated by the same formulas, m and V included), the central `level` share
 * (e.g. 0.95): the (1 - level)/2 and (1 + level)/2 quantiles of the finite resample values by
 * gsl_stats_quantile_from_sorted_data. */
typedef struct ws_sobol_index {
    double s1, s1_lo, s1_hi;   /* first-order index and its interval */
    double st, st_lo, st_hi;   /* total index and its interval */
} ws_sobol_index;

/* Computes the indices of every factor of d into out[0..n_factors-1] and the output variance
 * into *var (var may be NULL). Returns 0; WS_EINPUT when d is not a saltelli design, a y value
 * is not finite, n_boot < 10 or level not in (0, 1); WS_ENOMEM. With V == 0 the indices and
 * intervals are NaN (returns 0). Reads d and y only; thread-safe for distinct out. */
int ws_sobol_indices(const ws_design *d, const double *y, int n_boot, double level,
                     uint32_t seed, ws_sobol_index *out, double *var, ws_error *e);

#endif
