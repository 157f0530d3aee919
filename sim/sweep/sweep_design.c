/* sweep_design.c: sweep designs (grid, list, random, Sobol', Saltelli) and the per-run payload
 * (include/wijksim/sweep.h).
 *
 * Invariants:
 *  - A ws_design is either empty (all fields zero / NULL) or complete: its factors are deep
 *    copies (levels, labels and each label string malloc'd), x holds n_points * n_factors
 *    values point-major, and block / base are set exactly for saltelli designs. Builders work
 *    on a zeroed design and free it on any failure, so callers never see a half-built one.
 *  - Every value of a built design comes from map_unit(factor, u) with u in [0, 1) (random,
 *    sobol, saltelli) or from grid_value (grid), followed by finish() (integer rounding); a
 *    list design's values are set by its caller (ws_design_alloc leaves NaN).
 *  - Random designs draw exactly one gsl_rng_uniform per (point, factor), point by point, factor
 *    by factor, so a design is a pure function of (factors, n, seed). (GSL seeds mt19937 with
 *    its default 4357 when given 0, so seeds 0 and 4357 give the same design.)
 * GSL: the error handler is off in the tool; gsl_rng_alloc and gsl_qrng_alloc return NULL on
 * failure, which is the only failure checked (dimensions are within GSL's limit of 40).
 */
#include "wijksim/sweep.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_qrng.h>
#include <gsl/gsl_rng.h>

#include "wijksim/summary.h"

static const char *const kind_names[WS_DESIGN_N] = {"grid", "list", "random", "sobol", "saltelli"};

const char *ws_design_kind_name(int kind)
{
    return kind >= 0 && kind < WS_DESIGN_N ? kind_names[kind] : NULL;
}

int ws_design_kind_find(const char *name)
{
    if (!name) return -1;
    for (int k = 0; k < WS_DESIGN_N; k++)
        if (strcmp(kind_names[k], name) == 0) return k;
    return -1;
}

/* ---- Checking factors ----------------------------------------------------------------------- */

/* Whether a fixed-size name field holds a terminated string. */
static bool terminated(const char *s, size_t n)
{
    return memchr(s, '\0', n) != NULL;
}

/* Checks what copying a factor relies on: terminated non-empty name, a level count within
 * 0..WS_SWEEP_MAX_LEVELS with finite levels, and label strings when labels are given. */
static int check_shape(const ws_factor *f, ws_error *e)
{
    if (!terminated(f->name, sizeof f->name) || !f->name[0] ||
        !terminated(f->param, sizeof f->param))
        return ws_error_set(e, WS_EINPUT, NULL, f->line, NULL,
                            "a factor needs a name of 1 to %zu characters", sizeof f->name - 1);
    if (f->n_levels < 0 || f->n_levels > WS_SWEEP_MAX_LEVELS)
        return ws_error_set(e, WS_EINPUT, NULL, f->line, f->name,
                            "a factor has 1 to %d levels (got %d)", WS_SWEEP_MAX_LEVELS,
                            f->n_levels);
    if (f->n_levels > 0 && !f->levels)
        return ws_error_set(e, WS_EINPUT, NULL, f->line, f->name, "the levels are missing");
    for (int k = 0; k < f->n_levels; k++) {
        if (!isfinite(f->levels[k]))
            return ws_error_set(e, WS_EINPUT, NULL, f->line, f->name,
                                "level %d is not a finite number", k + 1);
        if (f->labels && !f->labels[k])
            return ws_error_set(e, WS_EINPUT, NULL, f->line, f->name, "label %d is missing", k + 1);
    }
    return 0;
}

/* Checks a factor for a design of `kind`: its shape, and for a range finite min < max
 * (positive for log-uniform) and, in a grid, steps >= 2. */
static int check_factor(const ws_factor *f, int kind, ws_error *e)
{
    int rc = check_shape(f, e);
    if (rc) return rc;
    if (f->n_levels > 0) return 0;
    if (f->dist != WS_FDIST_UNIFORM && f->dist != WS_FDIST_LOGUNIFORM)
        return ws_error_set(e, WS_EINPUT, NULL, f->line, f->name,
                            "unknown distribution %d (uniform or log-uniform)", f->dist);
    if (!isfinite(f->min) || !isfinite(f->max) || !(f->min < f->max))
        return ws_error_set(e, WS_EINPUT, NULL, f->line, f->name,
                            "a range needs finite min < max (got %g, %g)", f->min, f->max);
    if (f->dist == WS_FDIST_LOGUNIFORM && !(f->min > 0))
        return ws_error_set(e, WS_EINPUT, NULL, f->line, f->name,
                            "a log-uniform range needs min > 0 (got %g)", f->min);
    if (kind == WS_DESIGN_GRID && (f->steps < 2 || f->steps > WS_SWEEP_MAX_LEVELS))
        return ws_error_set(e, WS_EINPUT, NULL, f->line, f->name,
                            "a grid over a range needs 2 to %d steps (got %d)", WS_SWEEP_MAX_LEVELS,
                            f->steps);
    return 0;
}

/* Checks the factor count and the names (unique); checks each factor with check_factor when
 * kind >= 0, or only its shape (list designs) when kind < 0. */
static int check_factors(const ws_factor *f, int n_factors, int kind, ws_error *e)
{
    if (n_factors < 1 || !f)
        return ws_error_set(e, WS_EINPUT, NULL, 0, NULL, "a sweep needs at least one factor");
    if (n_factors > WS_SWEEP_MAX_FACTORS)
        return ws_error_set(e, WS_EINPUT, NULL, f[WS_SWEEP_MAX_FACTORS].line, NULL,
                            "a sweep has at most %d factors (got %d)", WS_SWEEP_MAX_FACTORS,
                            n_factors);
    for (int i = 0; i < n_factors; i++) {
        int rc = kind >= 0 ? check_factor(&f[i], kind, e) : check_shape(&f[i], e);
        if (rc) return rc;
        for (int j = 0; j < i; j++)
            if (strcmp(f[j].name, f[i].name) == 0)
                return ws_error_set(e, WS_EINPUT, NULL, f[i].line, f[i].name,
                                    "factor names must be unique (also on line %d)", f[j].line);
    }
    return 0;
}

/* ---- Owning factors ------------------------------------------------------------------------- */

static void factor_free(ws_factor *f)
{
    if (f->labels)
        for (int k = 0; k < f->n_levels; k++)
            free(f->labels[k]);
    free(f->labels);
    free(f->levels);
    f->labels = NULL;
    f->levels = NULL;
}

static char *dup_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *c = malloc(n);
    if (c) memcpy(c, s, n);
    return c;
}

/* Deep copy of src into dst (levels, labels and label strings). Returns 0 or WS_ENOMEM with
 * dst owning nothing. */
static int factor_copy(ws_factor *dst, const ws_factor *src)
{
    *dst = *src;
    dst->levels = NULL;
    dst->labels = NULL;
    if (src->n_levels == 0) return 0;
    size_t n = (size_t)src->n_levels;
    dst->levels = malloc(n * sizeof *dst->levels);
    if (!dst->levels) return WS_ENOMEM;
    memcpy(dst->levels, src->levels, n * sizeof *dst->levels);
    if (!src->labels) return 0;
    dst->labels = calloc(n, sizeof *dst->labels);
    if (!dst->labels) goto fail;
    for (size_t k = 0; k < n; k++)
        if (!(dst->labels[k] = dup_str(src->labels[k]))) goto fail;
    return 0;
fail:
    factor_free(dst);
    return WS_ENOMEM;
}

void ws_design_free(ws_design *d)
{
    if (!d) return;
    if (d->factor)
        for (int i = 0; i < d->n_factors; i++)
            factor_free(&d->factor[i]);
    free(d->factor);
    free(d->x);
    free(d->block);
    free(d->base);
    memset(d, 0, sizeof *d);
}

/* Sets up d (zeroed by the caller) with copies of the factors and room for n_points points
 * (block and base too when saltelli). Returns 0 or WS_ENOMEM (d freed). */
static int design_setup(ws_design *d, int kind, const ws_factor *f, int n_factors, int n_points,
                        ws_error *e)
{
    d->kind = kind;
    d->factor = calloc((size_t)n_factors, sizeof *d->factor);
    if (!d->factor) goto oom;
    for (int i = 0; i < n_factors; i++) {
        if (factor_copy(&d->factor[i], &f[i])) goto oom;
        d->n_factors = i + 1; /* only complete copies are freed */
    }
    d->n_points = n_points;
    d->x = malloc((size_t)n_points * (size_t)n_factors * sizeof *d->x);
    if (!d->x) goto oom;
    if (kind == WS_DESIGN_SALTELLI) {
        d->block = malloc((size_t)n_points * sizeof *d->block);
        d->base = malloc((size_t)n_points * sizeof *d->base);
        if (!d->block || !d->base) goto oom;
    }
    return 0;
oom:
    ws_design_free(d);
    return ws_error_set(e, WS_ENOMEM, NULL, 0, NULL, "cannot allocate a design of %d points",
                        n_points);
}

/* ---- Values --------------------------------------------------------------------------------- */

/* Rounds the value of an integer factor. */
static double finish(const ws_factor *f, double v)
{
    return f->integer ? round(v) : v;
}

/* Maps u in [0, 1) to factor f: level floor(u * n_levels), or min + u (max - min) (on the log
 * scale for log-uniform, clamped to [min, max] against rounding). Not yet rounded. */
static double map_unit(const ws_factor *f, double u)
{
    if (f->n_levels > 0) {
        int k = (int)floor(u * f->n_levels);
        if (k < 0) k = 0;
        if (k >= f->n_levels) k = f->n_levels - 1;
        return f->levels[k];
    }
    double v;
    if (f->dist == WS_FDIST_LOGUNIFORM) {
        double lo = log(f->min), hi = log(f->max);
        v = exp(lo + u * (hi - lo));
    } else {
        v = f->min + u * (f->max - f->min);
    }
    return fmin(fmax(v, f->min), f->max);
}

/* Number of grid values of factor f. */
static int grid_count(const ws_factor *f)
{
    return f->n_levels > 0 ? f->n_levels : f->steps;
}

/* Grid value idx (0..grid_count - 1) of factor f: a level, or evenly spaced from min to max
 * (the last exactly max). Linear spacing whatever dist says. Not yet rounded. */
static double grid_value(const ws_factor *f, int idx)
{
    if (f->n_levels > 0) return f->levels[idx];
    if (idx == f->steps - 1) return f->max;
    return f->min + (f->max - f->min) * idx / (f->steps - 1);
}

/* ---- Builders (d set up by design_setup) ---------------------------------------------------- */

static void fill_grid(ws_design *d)
{
    int k = d->n_factors;
    for (int p = 0; p < d->n_points; p++) {
        int rest = p; /* mixed radix, the last factor fastest */
        for (int i = k - 1; i >= 0; i--) {
            const ws_factor *f = &d->factor[i];
            int n = grid_count(f);
            d->x[(size_t)p * k + i] = finish(f, grid_value(f, rest % n));
            rest /= n;
        }
    }
}

static int fill_random(ws_design *d, ws_error *e)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    if (!r) return ws_error_set(e, WS_ENOMEM, NULL, 0, NULL, "cannot allocate a random stream");
    gsl_rng_set(r, d->seed);
    int k = d->n_factors;
    for (int p = 0; p < d->n_points; p++)
        for (int i = 0; i < k; i++) {
            const ws_factor *f = &d->factor[i];
            d->x[(size_t)p * k + i] = finish(f, map_unit(f, gsl_rng_uniform(r)));
        }
    gsl_rng_free(r);
    return 0;
}

/* GSL's Sobol' generator of dimension dim, or NULL. GSL never returns the sequence's first
 * point (all zeros): its first point is (1/2, ..., 1/2), so nothing is drawn to skip it. */
static gsl_qrng *sobol_open(int dim)
{
    return gsl_qrng_alloc(gsl_qrng_sobol, (unsigned)dim);
}

static int fill_sobol(ws_design *d, ws_error *e)
{
    int k = d->n_factors;
    gsl_qrng *q = sobol_open(k);
    if (!q) return ws_error_set(e, WS_ENOMEM, NULL, 0, NULL, "cannot allocate a Sobol' sequence");
    double u[WS_SWEEP_MAX_FACTORS];
    for (int p = 0; p < d->n_points; p++) {
        gsl_qrng_get(q, u);
        for (int i = 0; i < k; i++)
            d->x[(size_t)p * k + i] = finish(&d->factor[i], map_unit(&d->factor[i], u[i]));
    }
    gsl_qrng_free(q);
    return 0;
}

/* Writes point p: block, base row j, and the row whose column i comes from b when
 * i == from_b, otherwise from a (from_b < 0: all from a). */
static void put_saltelli(ws_design *d, int p, int block, int j, const double *a, const double *b,
                         int from_b)
{
    int k = d->n_factors;
    for (int i = 0; i < k; i++)
        d->x[(size_t)p * k + i] = i == from_b ? b[i] : a[i];
    d->block[p] = block;
    d->base[p] = j;
}

static int fill_saltelli(ws_design *d, ws_error *e)
{
    int k = d->n_factors;
    gsl_qrng *q = sobol_open(2 * k);
    if (!q) return ws_error_set(e, WS_ENOMEM, NULL, 0, NULL, "cannot allocate a Sobol' sequence");
    double u[2 * WS_SWEEP_MAX_FACTORS], a[WS_SWEEP_MAX_FACTORS], b[WS_SWEEP_MAX_FACTORS];
    /* The first points of a low-dimensional Sobol' sequence repeat columns 1..k in k+1..2k
     * (GSL's points 0-2 have A = B for k = 2), which wastes rows; skipping the smallest power of
     * two >= N points (as SALib does) leaves no such row (checked for k = 2..6, N = 4..4096). */
    long skip = 1;
    while (skip < d->n_base) skip *= 2;
    for (long s = 0; s < skip; s++) gsl_qrng_get(q, u);
    for (int j = 0; j < d->n_base; j++) {
        gsl_qrng_get(q, u);
        for (int i = 0; i < k; i++) {
            a[i] = finish(&d->factor[i], map_unit(&d->factor[i], u[i]));
            b[i] = finish(&d->factor[i], map_unit(&d->factor[i], u[k + i]));
        }
        int p = j * (k + 2);
        put_saltelli(d, p, WS_BLOCK_A, j, a, b, -1);
        put_saltelli(d, p + 1, WS_BLOCK_B, j, b, b, -1);
        for (int i = 0; i < k; i++)
            put_saltelli(d, p + 2 + i, WS_BLOCK_AB + i, j, a, b, i);
    }
    gsl_qrng_free(q);
    return 0;
}

/* ---- Public builders ------------------------------------------------------------------------ */

/* Number of points of a design of `kind` with n, or an error (too many, n < 1). */
static int count_points(int kind, const ws_factor *f, int n_factors, int n, int *n_points,
                        ws_error *e)
{
    if (kind == WS_DESIGN_GRID) {
        long long total = 1;
        for (int i = 0; i < n_factors; i++) {
            total *= grid_count(&f[i]);
            if (total > WS_SWEEP_MAX_POINTS)
                return ws_error_set(e, WS_EINPUT, NULL, f[i].line, f[i].name,
                                    "the grid has more than %d points", WS_SWEEP_MAX_POINTS);
        }
        *n_points = (int)total;
        return 0;
    }
    long long per = kind == WS_DESIGN_SALTELLI ? n_factors + 2 : 1;
    if (n < 1 || (long long)n * per > WS_SWEEP_MAX_POINTS)
        return ws_error_set(e, WS_EINPUT, NULL, 0, NULL, "a %s design needs 1 to %lld %s (got %d)",
                            kind_names[kind], WS_SWEEP_MAX_POINTS / per,
                            kind == WS_DESIGN_SALTELLI ? "base rows" : "points", n);
    *n_points = (int)(n * per);
    return 0;
}

int ws_design_make(ws_design *d, int kind, const ws_factor *f, int n_factors, int n, uint32_t seed,
                   ws_error *e)
{
    memset(d, 0, sizeof *d);
    if (kind == WS_DESIGN_LIST || !ws_design_kind_name(kind))
        return ws_error_set(e, WS_EINPUT, NULL, 0, NULL,
                            "design kind %d cannot be built here (grid, random, sobol, saltelli;"
                            " list designs come from ws_design_alloc)",
                            kind);
    int rc = check_factors(f, n_factors, kind, e);
    if (rc) return rc;
    if (kind == WS_DESIGN_SALTELLI && n_factors < 2)
        return ws_error_set(e, WS_EINPUT, NULL, f[0].line, f[0].name,
                            "a saltelli design needs at least 2 factors");
    int n_points = 0;
    if ((rc = count_points(kind, f, n_factors, n, &n_points, e))) return rc;
    if ((rc = design_setup(d, kind, f, n_factors, n_points, e))) return rc;
    d->seed = seed;
    if (kind == WS_DESIGN_SALTELLI) d->n_base = n;
    switch (kind) {
    case WS_DESIGN_GRID:
        fill_grid(d);
        break;
    case WS_DESIGN_RANDOM:
        rc = fill_random(d, e);
        break;
    case WS_DESIGN_SOBOL:
        rc = fill_sobol(d, e);
        break;
    default:
        rc = fill_saltelli(d, e);
        break;
    }
    if (rc) ws_design_free(d);
    return rc;
}

int ws_design_alloc(ws_design *d, const ws_factor *f, int n_factors, int n_points, ws_error *e)
{
    memset(d, 0, sizeof *d);
    int rc = check_factors(f, n_factors, -1, e);
    if (rc) return rc;
    if (n_points < 1 || n_points > WS_SWEEP_MAX_POINTS)
        return ws_error_set(e, WS_EINPUT, NULL, 0, NULL,
                            "a list design has 1 to %d points (got %d)", WS_SWEEP_MAX_POINTS,
                            n_points);
    if ((rc = design_setup(d, WS_DESIGN_LIST, f, n_factors, n_points, e))) return rc;
    for (size_t v = 0; v < (size_t)n_points * (size_t)n_factors; v++)
        d->x[v] = NAN;
    return 0;
}

int ws_design_filter(ws_design *d, const unsigned char *keep, ws_error *e)
{
    if (d->kind == WS_DESIGN_SALTELLI)
        return ws_error_set(e, WS_EINPUT, NULL, 0, NULL,
                            "a saltelli design cannot be filtered (its blocks belong together)");
    if (!keep || !d->x) return ws_error_set(e, WS_EINPUT, NULL, 0, NULL, "nothing to filter");
    int kept = 0;
    for (int p = 0; p < d->n_points; p++)
        kept += keep[p] != 0;
    if (!kept)
        return ws_error_set(e, WS_EINPUT, NULL, 0, NULL,
                            "the constraints leave none of the %d design points", d->n_points);
    size_t k = (size_t)d->n_factors;
    int q = 0;
    for (int p = 0; p < d->n_points; p++) {
        if (!keep[p]) continue;
        if (q != p) memmove(d->x + (size_t)q * k, d->x + (size_t)p * k, k * sizeof *d->x);
        q++;
    }
    d->n_points = kept;
    return 0;
}

/* ---- Per-run payload ------------------------------------------------------------------------ */

size_t ws_sweep_payload_areas_at(const ws_sweep_shape *sh)
{
    return (size_t)WS_N_INDICATORS * (size_t)sh->n_year;
}

size_t ws_sweep_payload_spend_at(const ws_sweep_shape *sh)
{
    size_t at = ws_sweep_payload_areas_at(sh);
    if (sh->store_areas) at += (size_t)WS_N_INDICATORS * (size_t)sh->n_year * (size_t)sh->n_area;
    return at;
}

size_t ws_sweep_payload_len(const ws_sweep_shape *sh)
{
    return ws_sweep_payload_spend_at(sh) + (size_t)sh->n_year * WS_PAY_N;
}

/* EUR spent in replication rep, year y by payer p over all areas and interventions (NaN cells
 * left out; 0 without interventions). */
static double spend_sum(const ws_results *r, int rep, int y, int p)
{
    double sum = 0;
    if (r->n_iv <= 0 || !r->spend) return 0;
    for (int a = 0; a < r->n_area; a++)
        for (int v = 0; v < r->n_iv; v++) {
            double s = *ws_results_spend_at(r, rep, y, a, v, p);
            if (!isnan(s)) sum += s;
        }
    return sum;
}

void ws_sweep_pack(const ws_sweep_shape *sh, const ws_results *r, int rep, double *payload)
{
    int ny = sh->n_year, na = sh->n_area;
    for (int i = 0; i < WS_N_INDICATORS; i++)
        for (int y = 0; y < ny; y++)
            payload[(size_t)i * ny + y] = ws_summary_all_areas(r, i, rep, y);
    if (sh->store_areas) {
        double *areas = payload + ws_sweep_payload_areas_at(sh);
        for (int i = 0; i < WS_N_INDICATORS; i++)
            for (int y = 0; y < ny; y++)
                for (int a = 0; a < na; a++)
                    areas[((size_t)i * ny + y) * na + a] = *ws_results_at(r, i, rep, y, a);
    }
    double *spend = payload + ws_sweep_payload_spend_at(sh);
    for (int y = 0; y < ny; y++)
        for (int p = 0; p < WS_PAY_N; p++)
            spend[(size_t)y * WS_PAY_N + p] = spend_sum(r, rep, y, p);
}
