/* sobol.c: Sobol' sensitivity indices from a saltelli design, with bootstrap intervals
 * (include/wijksim/sweep.h).
 *
 * The outputs are first regrouped by base row j into f(A_j), f(B_j) and f(AB^i_j) (using the
 * design's block and base arrays, not the point order). One estimator, estimate(), turns any
 * multiset of base rows into V, S_i and ST_i; the point estimate uses rows 0..N-1 once each, a
 * bootstrap resample uses N rows drawn with replacement. Because the same function serves both,
 * the bootstrap distribution is the sampling distribution of exactly the reported estimator.
 *
 * Centring: f(B_j) in the first-order sum is taken minus m, the mean of the 2N values f(A_j),
 * f(B_j) of the same (re)sample. Its expectation is unchanged (E[f(AB^i) - f(A)] = 0), but the
 * estimate no longer depends on an additive constant in y; without it, an output with mean mu
 * and spread sigma adds noise of order mu / sigma to S_i (an indicator of 70 % varying by 1
 * point would swamp the estimate). The differences f(AB^i_j) - f(A_j) are taken as is, so an
 * inert factor gives S_i = ST_i = 0 exactly.
 */
#include "wijksim/sweep.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

/* Outputs by base row: fa[j], fb[j], fab[i * n + j]. */
typedef struct rows {
    int n, k;        /* base rows, factors */
    double *fa, *fb; /* n values each */
    double *fab;     /* k * n values */
} rows;

static void rows_free(rows *r)
{
    free(r->fa);
    free(r->fb);
    free(r->fab);
    memset(r, 0, sizeof *r);
}

/* Checks the design's Saltelli structure (every (block, base) cell exactly once). */
static int check_design(const ws_design *d, ws_error *e)
{
    if (d->kind != WS_DESIGN_SALTELLI || !d->block || !d->base || d->n_base < 1 ||
        d->n_factors < 2 || d->n_factors > WS_SWEEP_MAX_FACTORS ||
        (long long)d->n_points != (long long)d->n_base * (d->n_factors + 2))
        return ws_error_set(e, WS_EINPUT, NULL, 0, NULL,
                            "Sobol' indices need a complete saltelli design (this one is %s)",
                            ws_design_kind_name(d->kind) ? ws_design_kind_name(d->kind) : "?");
    for (int p = 0; p < d->n_points; p++)
        if (d->block[p] < 0 || d->block[p] >= WS_BLOCK_AB + d->n_factors || d->base[p] < 0 ||
            d->base[p] >= d->n_base)
            return ws_error_set(e, WS_EINPUT, NULL, 0, NULL,
                                "design point %d has block %d, base row %d out of range", p,
                                d->block[p], d->base[p]);
    return 0;
}

/* Regroups y by base row into r. Returns 0, WS_EINPUT (a y value not finite, or a cell of the
 * scheme missing) or WS_ENOMEM, r owning nothing on failure. */
static int rows_gather(rows *r, const ws_design *d, const double *y, ws_error *e)
{
    int n = d->n_base, k = d->n_factors;
    memset(r, 0, sizeof *r);
    r->n = n;
    r->k = k;
    r->fa = malloc((size_t)n * sizeof *r->fa);
    r->fb = malloc((size_t)n * sizeof *r->fb);
    r->fab = malloc((size_t)n * (size_t)k * sizeof *r->fab);
    if (!r->fa || !r->fb || !r->fab) {
        rows_free(r);
        return ws_error_set(e, WS_ENOMEM, NULL, 0, NULL, "cannot allocate %d base rows", n);
    }
    for (int j = 0; j < n; j++)
        r->fa[j] = r->fb[j] = NAN;
    for (size_t v = 0; v < (size_t)n * (size_t)k; v++)
        r->fab[v] = NAN;
    for (int p = 0; p < d->n_points; p++) {
        if (!isfinite(y[p])) {
            rows_free(r);
            return ws_error_set(e, WS_EINPUT, NULL, 0, NULL,
                                "the output of design point %d is not a finite number", p);
        }
        int b = d->block[p], j = d->base[p];
        double *cell = b == WS_BLOCK_A   ? &r->fa[j]
                       : b == WS_BLOCK_B ? &r->fb[j]
                                         : &r->fab[(size_t)(b - WS_BLOCK_AB) * n + j];
        *cell = y[p];
    }
    bool complete = true;
    for (int j = 0; j < n; j++)
        complete = complete && !isnan(r->fa[j]) && !isnan(r->fb[j]);
    for (size_t v = 0; v < (size_t)n * (size_t)k; v++)
        complete = complete && !isnan(r->fab[v]);
    if (!complete) {
        rows_free(r);
        return ws_error_set(e, WS_EINPUT, NULL, 0, NULL,
                            "the saltelli design lacks some of its A, B, AB points");
    }
    return 0;
}

/* Base row number t of a (re)sample: idx[t], or t itself when idx is NULL. */
static inline int row_at(const int *idx, int t)
{
    return idx ? idx[t] : t;
}

/* Estimates from the N rows idx[0..N-1] (idx NULL: every row once): returns V and writes
 * s1[i], st[i] for every factor (NaN when V == 0). Can't fail. */
static double estimate(const rows *r, const int *idx, double *s1, double *st)
{
    int n = r->n;
    double m = 0, v = 0;
    for (int t = 0; t < n; t++) {
        int j = row_at(idx, t);
        m += r->fa[j] + r->fb[j];
    }
    m /= 2.0 * n;
    for (int t = 0; t < n; t++) {
        int j = row_at(idx, t);
        v += (r->fa[j] - m) * (r->fa[j] - m) + (r->fb[j] - m) * (r->fb[j] - m);
    }
    v /= 2.0 * n;
    for (int i = 0; i < r->k; i++) {
        const double *ab = r->fab + (size_t)i * n;
        double first = 0, total = 0;
        for (int t = 0; t < n; t++) {
            int j = row_at(idx, t);
            double diff = ab[j] - r->fa[j];
            first += (r->fb[j] - m) * diff;
            total += diff * diff;
        }
        s1[i] = v > 0 ? first / n / v : NAN;
        st[i] = v > 0 ? total / (2.0 * n) / v : NAN;
    }
    return v;
}

/* Draws n_boot resamples of the base rows and stores their estimates in s1b / stb[b * k + i].
 * Returns 0 or WS_ENOMEM. */
static int bootstrap(const rows *r, int n_boot, uint32_t seed, double *s1b, double *stb,
                     ws_error *e)
{
    int *idx = malloc((size_t)r->n * sizeof *idx);
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    if (!idx || !g) {
        free(idx);
        if (g) gsl_rng_free(g);
        return ws_error_set(e, WS_ENOMEM, NULL, 0, NULL, "cannot allocate the bootstrap");
    }
    gsl_rng_set(g, seed);
    for (int b = 0; b < n_boot; b++) {
        for (int t = 0; t < r->n; t++)
            idx[t] = (int)gsl_rng_uniform_int(g, (unsigned long)r->n);
        estimate(r, idx, s1b + (size_t)b * r->k, stb + (size_t)b * r->k);
    }
    gsl_rng_free(g);
    free(idx);
    return 0;
}

/* Percentile interval of column i of the n_boot x k table t: the (1 -+ level) / 2 quantiles
 * (gsl type-7) of its finite values, NaN when none is. work holds n_boot doubles. */
static void interval(const double *t, int n_boot, int k, int i, double level, double *work,
                     double *lo, double *hi)
{
    size_t m = 0;
    for (int b = 0; b < n_boot; b++)
        if (isfinite(t[(size_t)b * k + i])) work[m++] = t[(size_t)b * k + i];
    if (!m) {
        *lo = *hi = NAN;
        return;
    }
    gsl_sort(work, 1, m);
    *lo = gsl_stats_quantile_from_sorted_data(work, 1, m, (1 - level) / 2);
    *hi = gsl_stats_quantile_from_sorted_data(work, 1, m, (1 + level) / 2);
}

/* Point estimates into out (intervals NaN); returns V. */
static double point_estimates(const rows *r, ws_sobol_index *out)
{
    double s1[WS_SWEEP_MAX_FACTORS], st[WS_SWEEP_MAX_FACTORS];
    double v = estimate(r, NULL, s1, st);
    for (int i = 0; i < r->k; i++)
        out[i] = (ws_sobol_index){s1[i], NAN, NAN, st[i], NAN, NAN};
    return v;
}

/* Bootstrap intervals into out. Returns 0 or WS_ENOMEM. */
static int intervals(const rows *r, int n_boot, double level, uint32_t seed, ws_sobol_index *out,
                     ws_error *e)
{
    size_t cells = (size_t)n_boot * (size_t)r->k;
    double *s1b = malloc(cells * sizeof *s1b);
    double *stb = malloc(cells * sizeof *stb);
    double *work = malloc((size_t)n_boot * sizeof *work);
    int rc = !s1b || !stb || !work
                 ? ws_error_set(e, WS_ENOMEM, NULL, 0, NULL, "cannot allocate %d resamples", n_boot)
                 : bootstrap(r, n_boot, seed, s1b, stb, e);
    for (int i = 0; !rc && i < r->k; i++) {
        interval(s1b, n_boot, r->k, i, level, work, &out[i].s1_lo, &out[i].s1_hi);
        interval(stb, n_boot, r->k, i, level, work, &out[i].st_lo, &out[i].st_hi);
    }
    free(s1b);
    free(stb);
    free(work);
    return rc;
}

int ws_sobol_indices(const ws_design *d, const double *y, int n_boot, double level, uint32_t seed,
                     ws_sobol_index *out, double *var, ws_error *e)
{
    int rc = check_design(d, e);
    if (rc) return rc;
    if (n_boot < 10)
        return ws_error_set(e, WS_EINPUT, NULL, 0, NULL,
                            "the bootstrap needs at least 10 resamples (got %d)", n_boot);
    if (!(level > 0 && level < 1))
        return ws_error_set(e, WS_EINPUT, NULL, 0, NULL,
                            "the interval level must lie strictly between 0 and 1 (got %g)", level);
    rows r;
    if ((rc = rows_gather(&r, d, y, e))) return rc;
    double v = point_estimates(&r, out);
    if (var) *var = v;
    if (v > 0) rc = intervals(&r, n_boot, level, seed, out, e);
    rows_free(&r);
    return rc;
}
