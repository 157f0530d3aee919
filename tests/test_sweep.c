/* test_sweep.c: sweep designs, the per-run payload and Sobol' indices (sweep.h) — grid order,
 * list allocation, random and Sobol' designs against GSL's own streams, the Saltelli scheme,
 * filtering, factor checks, payload layout and packing on a hand-filled ws_results, and the
 * Sobol' estimators on the Ishigami function and an additive linear model with known indices.
 *
 * Statistical tolerances are derived from the sample size in each case's comment; seeds are
 * fixed and were not chosen by looking at results.
 */
#include "wijksim/sweep.h"

#include <math.h>
#include <stdbool.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_qrng.h>
#include <gsl/gsl_rng.h>

#include "wijksim/summary.h"
#include "wt.h"

/* Every case starts like main does: GSL reports errors by return code, never aborts. */
#define SETUP() gsl_set_error_handler_off()

/* A range factor named `name` on line `line`. */
static ws_factor range(const char *name, int line, double min, double max)
{
    ws_factor f;
    memset(&f, 0, sizeof f);
    snprintf(f.name, sizeof f.name, "%s", name);
    f.line = line;
    f.min = min;
    f.max = max;
    f.steps = 2;
    f.dist = WS_FDIST_UNIFORM;
    return f;
}

/* A levels factor over the n values lv (not copied: the caller keeps lv alive). */
static ws_factor levels(const char *name, int line, double *lv, int n)
{
    ws_factor f = range(name, line, 0, 0);
    f.n_levels = n;
    f.levels = lv;
    return f;
}

static double X(const ws_design *d, int p, int i)
{
    return d->x[(size_t)p * d->n_factors + i];
}

/* Whether d is the empty design (what a failed builder leaves). */
static bool is_empty(const ws_design *d)
{
    return d->n_points == 0 && d->n_factors == 0 && !d->x && !d->factor && !d->block && !d->base &&
           d->n_base == 0;
}

/* ---- Design kinds and grids ----------------------------------------------------------------- */

WT_CASE(kind_names)
{
    for (int k = 0; k < WS_DESIGN_N; k++)
        WT_EQ_INT(ws_design_kind_find(ws_design_kind_name(k)), k);
    WT_EQ_STR(ws_design_kind_name(WS_DESIGN_SALTELLI), "saltelli");
    WT_EQ_STR(ws_design_kind_name(WS_DESIGN_GRID), "grid");
    WT_CHECK(ws_design_kind_name(-1) == NULL && ws_design_kind_name(WS_DESIGN_N) == NULL);
    WT_EQ_INT(ws_design_kind_find("latin"), -1);
    WT_EQ_INT(ws_design_kind_find(NULL), -1);
}

/* Grid over levels {1, 2, 3} x range [0, 1] in 3 steps: the first factor slowest, the range
 * evenly spaced 0, 0.5, 1 (max exactly); labels and levels are deep copies. */
WT_CASE(grid_order)
{
    SETUP();
    double lv[3] = {1, 2, 3};
    char *lab[3] = {"low", "mid", "high"};
    ws_factor f[2] = {levels("budget", 3, lv, 3), range("share", 4, 0, 1)};
    f[0].labels = lab;
    f[1].steps = 3;
    ws_design d;
    WT_EQ_INT(ws_design_make(&d, WS_DESIGN_GRID, f, 2, 999, 7, NULL), 0);
    lv[0] = -1; /* the design owns copies */
    lab[1] = "changed";
    WT_EQ_INT(d.n_points, 9);
    WT_EQ_INT(d.kind, WS_DESIGN_GRID);
    WT_CHECK(d.block == NULL && d.base == NULL && d.n_base == 0);
    const double step[3] = {0, 0.5, 1};
    for (int p = 0; p < 9; p++) {
        WT_NEAR(X(&d, p, 0), 1 + p / 3, 0);
        WT_NEAR(X(&d, p, 1), step[p % 3], 0);
    }
    WT_NEAR(d.factor[0].levels[0], 1, 0);
    WT_EQ_STR(d.factor[0].labels[1], "mid");
    WT_EQ_STR(d.factor[1].name, "share");
    WT_EQ_INT(d.factor[1].line, 4);
    ws_design_free(&d);
    WT_CHECK(is_empty(&d));
    ws_design_free(&d); /* twice, and NULL, are fine */
    ws_design_free(NULL);
}

/* Steps of a range: [0, 10] in 4 steps is 0, 10/3, 20/3, 10; as an integer factor 0, 3, 7, 10.
 * A log-uniform range is still spaced linearly in a grid. Three factors: 4 x 2 x 3 = 24. */
WT_CASE(grid_steps_integer)
{
    SETUP();
    double lv[2] = {0.25, 0.75};
    ws_factor f[3] = {range("n", 1, 0, 10), levels("p", 2, lv, 2), range("lg", 3, 1, 3)};
    f[0].steps = 4;
    f[2].steps = 3;
    f[2].dist = WS_FDIST_LOGUNIFORM;
    ws_design d;
    WT_EQ_INT(ws_design_make(&d, WS_DESIGN_GRID, f, 3, 0, 0, NULL), 0);
    WT_EQ_INT(d.n_points, 24);
    const double want0[4] = {0, 10.0 / 3, 20.0 / 3, 10};
    for (int p = 0; p < 24; p++) {
        WT_NEAR(X(&d, p, 0), want0[p / 6], 1e-15);
        WT_NEAR(X(&d, p, 1), lv[(p / 3) % 2], 0);
        WT_NEAR(X(&d, p, 2), 1 + (p % 3), 0);
    }
    ws_design_free(&d);
    f[0].integer = true;
    WT_EQ_INT(ws_design_make(&d, WS_DESIGN_GRID, f, 3, 0, 0, NULL), 0);
    const double want_int[4] = {0, 3, 7, 10};
    for (int p = 0; p < 24; p++)
        WT_NEAR(X(&d, p, 0), want_int[p / 6], 0);
    ws_design_free(&d);
}

/* A list design: n_points points of NaN, factors copied, no Saltelli arrays. */
WT_CASE(list_alloc)
{
    SETUP();
    double lv[2] = {0, 1};
    char *lab[2] = {"no", "yes"};
    ws_factor f[2] = {levels("mode", 5, lv, 2), range("x", 6, 0, 0)}; /* list: no range check */
    f[0].labels = lab;
    ws_design d;
    WT_EQ_INT(ws_design_alloc(&d, f, 2, 4, NULL), 0);
    WT_EQ_INT(d.kind, WS_DESIGN_LIST);
    WT_EQ_INT(d.n_points, 4);
    WT_EQ_INT(d.n_factors, 2);
    for (int v = 0; v < 8; v++)
        WT_CHECK(isnan(d.x[v]));
    WT_CHECK(d.factor[0].labels != lab && d.factor[0].labels[0] != lab[0]);
    WT_EQ_STR(d.factor[0].labels[1], "yes");
    WT_CHECK(d.block == NULL && d.base == NULL);
    ws_design_free(&d);
    ws_error e = {0};
    WT_EQ_INT(ws_design_alloc(&d, f, 2, 0, &e), WS_EINPUT);
    WT_CHECK(is_empty(&d));
    WT_EQ_INT(ws_design_alloc(&d, f, 2, WS_SWEEP_MAX_POINTS + 1, &e), WS_EINPUT);
    WT_EQ_INT(ws_design_alloc(&d, f, 0, 3, &e), WS_EINPUT);
    WT_CHECK(is_empty(&d));
}

/* ---- Random designs ------------------------------------------------------------------------- */

/* The contract: one gsl_rng_uniform u per (point, factor) from mt19937 seeded with the seed,
 * point by point, factor by factor, mapped min + u (max - min). Reproduced here with GSL
 * directly; the same seed gives the same design, another seed another. */
WT_CASE(random_reproducible)
{
    SETUP();
    ws_factor f[2] = {range("a", 1, 2, 5), range("b", 2, -1, 1)};
    ws_design d1, d2, d3;
    WT_EQ_INT(ws_design_make(&d1, WS_DESIGN_RANDOM, f, 2, 50, 12345, NULL), 0);
    WT_EQ_INT(ws_design_make(&d2, WS_DESIGN_RANDOM, f, 2, 50, 12345, NULL), 0);
    WT_EQ_INT(ws_design_make(&d3, WS_DESIGN_RANDOM, f, 2, 50, 12346, NULL), 0);
    WT_EQ_INT(d1.n_points, 50);
    WT_EQ_INT((int)d1.seed, 12345);
    WT_CHECK(memcmp(d1.x, d2.x, 100 * sizeof *d1.x) == 0);
    int differ = 0;
    for (int v = 0; v < 100; v++)
        differ += d1.x[v] != d3.x[v];
    WT_EQ_INT(differ, 100);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    WT_CHECK(r);
    gsl_rng_set(r, 12345);
    for (int p = 0; p < 50; p++)
        for (int i = 0; i < 2; i++) {
            double u = gsl_rng_uniform(r);
            WT_NEAR(X(&d1, p, i), f[i].min + u * (f[i].max - f[i].min), 0);
        }
    gsl_rng_free(r);
    ws_design_free(&d1);
    ws_design_free(&d2);
    ws_design_free(&d3);
}

/* Ranges, integers and levels over n = 6000 points (seed 2026):
 *  - every value lies in its range; integer values are whole;
 *  - uniform on [-3, 5]: mean 1, SD 8 / sqrt(12); the sample mean lies within 4 standard
 *    errors (4 * 2.309 / sqrt(6000) = 0.119);
 *  - integer on [0, 4] rounds a uniform: 0 and 4 have probability 1/8, 1..3 have 1/4;
 *  - levels {10, 20, 30}: each count is Binomial(6000, 1/3), SD sqrt(6000 * 2/9) = 36.5, within
 *    4 SD (146) of 2000. For an integer range the ends have Binomial(6000, 1/8) counts, SD 25.6. */
WT_CASE(random_ranges_levels)
{
    SETUP();
    double lv[3] = {10, 20, 30};
    ws_factor f[3] = {range("u", 1, -3, 5), range("k", 2, 0, 4), levels("l", 3, lv, 3)};
    f[1].integer = true;
    const int n = 6000;
    ws_design d;
    WT_EQ_INT(ws_design_make(&d, WS_DESIGN_RANDOM, f, 3, n, 2026, NULL), 0);
    double sum = 0;
    int kc[5] = {0}, lc[3] = {0};
    for (int p = 0; p < n; p++) {
        double u = X(&d, p, 0), k = X(&d, p, 1), l = X(&d, p, 2);
        WT_CHECK(u >= -3 && u <= 5);
        WT_CHECK(k >= 0 && k <= 4 && k == floor(k));
        WT_CHECK(l == 10 || l == 20 || l == 30);
        sum += u;
        kc[(int)k]++;
        lc[(int)l / 10 - 1]++;
    }
    WT_NEAR(sum / n, 1, 4 * (8 / sqrt(12.0)) / sqrt(n));
    for (int j = 0; j < 3; j++)
        WT_NEAR(lc[j], n / 3.0, 4 * sqrt(n * 2.0 / 9));
    WT_NEAR(kc[0], n / 8.0, 4 * sqrt(n * 7.0 / 64));
    WT_NEAR(kc[4], n / 8.0, 4 * sqrt(n * 7.0 / 64));
    WT_NEAR(kc[2], n / 4.0, 4 * sqrt(n * 3.0 / 16));
    ws_design_free(&d);
}

/* Log-uniform on [1, 10^4]: log10 x is uniform on [0, 4]. Over n = 4000 points the share below
 * 100 is 1/2 (SE sqrt(1/4 / 4000) = 0.0079; linear-uniform would give 0.0099) and the mean of
 * log10 x is 2 (SE sqrt(16/12 / 4000) = 0.018); both within 4 SE. */
WT_CASE(random_loguniform)
{
    SETUP();
    ws_factor f = range("budget", 9, 1, 1e4);
    f.dist = WS_FDIST_LOGUNIFORM;
    const int n = 4000;
    ws_design d;
    WT_EQ_INT(ws_design_make(&d, WS_DESIGN_RANDOM, &f, 1, n, 99, NULL), 0);
    int below = 0;
    double mlog = 0;
    for (int p = 0; p < n; p++) {
        WT_CHECK(d.x[p] >= 1 && d.x[p] <= 1e4);
        below += d.x[p] < 100;
        mlog += log10(d.x[p]);
    }
    WT_NEAR((double)below / n, 0.5, 4 * sqrt(0.25 / n));
    WT_NEAR(mlog / n, 2, 4 * sqrt(16.0 / 12 / n));
    ws_design_free(&d);
}

/* ---- Sobol' designs ------------------------------------------------------------------------- */

/* The points are GSL's Sobol' sequence of dimension k, mapped to the ranges (log scale for
 * log-uniform) and levels floor(u * n_levels). The sequence's first point (all zeros) is never
 * used: GSL does not return it (checked here), so the first design point is the sequence's
 * second point, u = (1/2, ..., 1/2), and no u is 0 in every coordinate. */
WT_CASE(sobol_points)
{
    SETUP();
    double lv[4] = {7, 8, 9, 10};
    ws_factor f[3] = {range("a", 1, -2, 2), levels("b", 2, lv, 4), range("c", 3, 1, 100)};
    f[2].dist = WS_FDIST_LOGUNIFORM;
    const int n = 200;
    ws_design d;
    WT_EQ_INT(ws_design_make(&d, WS_DESIGN_SOBOL, f, 3, n, 0, NULL), 0);
    WT_EQ_INT(d.n_points, n);
    WT_NEAR(X(&d, 0, 0), 0, 0);      /* u = 1/2 */
    WT_NEAR(X(&d, 0, 1), 9, 0);      /* floor(2) = level 2 */
    WT_NEAR(X(&d, 0, 2), 10, 1e-12); /* sqrt(1 * 100) */
    gsl_qrng *q = gsl_qrng_alloc(gsl_qrng_sobol, 3);
    WT_CHECK(q);
    double u[3];
    for (int p = 0; p < n; p++) {
        gsl_qrng_get(q, u);
        if (p == 0) WT_CHECK(u[0] == 0.5 && u[1] == 0.5 && u[2] == 0.5);
        WT_CHECK(u[0] != 0 || u[1] != 0 || u[2] != 0);
        WT_NEAR(X(&d, p, 0), -2 + 4 * u[0], 0);
        WT_NEAR(X(&d, p, 1), lv[(int)floor(4 * u[1])], 0);
        WT_NEAR(X(&d, p, 2), exp(log(100) * u[2]), 1e-12);
        WT_CHECK(X(&d, p, 0) >= -2 && X(&d, p, 0) <= 2);
        WT_CHECK(X(&d, p, 2) >= 1 && X(&d, p, 2) <= 100);
    }
    gsl_qrng_free(q);
    ws_design_free(&d);
}

/* Low discrepancy. Each coordinate of a Sobol' sequence is a (0,1)-sequence in base 2: every
 * aligned block of 2^m consecutive points has exactly one point in each [i/2^m, (i+1)/2^m), so
 * its sum is (2^m - 1)/2 + (something in [0, 1)): within 1/2 of 2^m / 2. Splitting the points
 * 0..n (point 0, all zeros, is the one GSL does not return) by the binary digits of n + 1:
 *  - n = 4095 (points 1..4095): 4096 = 2^12, one block whose points are exactly
 *    i / 4096 (the first 12 direction numbers only touch the top 12 bits), so the mean of the
 *    4095 design points is exactly 2047.5 / 4095 = 1/2;
 *  - n = 4000: 4001 = 111110100001b has 7 one-bits, so |sum - 4001/2| <= 7/2 and
 *    |mean - 1/2| <= 3.5 / 4000 = 0.000875, a fifth of the standard error of a random design
 *    (sqrt(1/12 / 4000) = 0.0046): a random design meets it in about 15 % of dimensions. */
WT_CASE(sobol_low_discrepancy)
{
    SETUP();
    ws_factor f[5];
    char name[8];
    for (int i = 0; i < 5; i++) {
        snprintf(name, sizeof name, "f%d", i);
        f[i] = range(name, i + 1, 0, 1);
    }
    const int ns[2] = {4095, 4000};
    const double tol[2] = {1e-12, 3.5 / 4000};
    for (int c = 0; c < 2; c++) {
        ws_design d;
        WT_EQ_INT(ws_design_make(&d, WS_DESIGN_SOBOL, f, 5, ns[c], 0, NULL), 0);
        for (int i = 0; i < 5; i++) {
            double sum = 0;
            for (int p = 0; p < ns[c]; p++)
                sum += X(&d, p, i);
            WT_NEAR(sum / ns[c], 0.5, tol[c]);
        }
        ws_design_free(&d);
    }
}

/* Saltelli with k = 3, N = 16: n_points = N (k + 2) = 80; for base row j the points
 * j (k + 2) + 0 .. are A_j, B_j, AB^0_j, AB^1_j, AB^2_j; AB^i_j equals A_j except column i,
 * which equals B_j's; A and B are the first and last k columns of GSL's 2k-dimensional Sobol'
 * sequence after its first 2^m >= N points. */
WT_CASE(saltelli_structure)
{
    SETUP();
    double lv[3] = {1, 2, 3};
    ws_factor f[3] = {range("a", 1, 0, 1), levels("b", 2, lv, 3), range("c", 3, 10, 20)};
    f[2].integer = true;
    const int N = 16, k = 3;
    ws_design d;
    WT_EQ_INT(ws_design_make(&d, WS_DESIGN_SALTELLI, f, k, N, 5, NULL), 0);
    WT_EQ_INT(d.n_points, N * (k + 2));
    WT_EQ_INT(d.n_base, N);
    gsl_qrng *q = gsl_qrng_alloc(gsl_qrng_sobol, 2 * k);
    WT_CHECK(q);
    double u[6];
    for (int s = 0; s < 16; s++) gsl_qrng_get(q, u); /* skipped: the power of two >= N */
    for (int j = 0; j < N; j++) {
        gsl_qrng_get(q, u);
        int pa = j * (k + 2), pb = pa + 1;
        bool same = true; /* and no row has A = B */
        for (int c = 0; c < k; c++) same &= u[c] == u[k + c];
        WT_CHECK(!same);
        WT_EQ_INT(d.block[pa], WS_BLOCK_A);
        WT_EQ_INT(d.block[pb], WS_BLOCK_B);
        WT_NEAR(X(&d, pa, 0), u[0], 0);
        WT_NEAR(X(&d, pb, 0), u[3], 0);
        WT_NEAR(X(&d, pa, 1), lv[(int)floor(3 * u[1])], 0);
        WT_NEAR(X(&d, pb, 2), round(10 + 10 * u[5]), 0);
        for (int b = 0; b < k + 2; b++)
            WT_EQ_INT(d.base[pa + b], j);
        for (int i = 0; i < k; i++) {
            int p = pa + 2 + i;
            WT_EQ_INT(d.block[p], WS_BLOCK_AB + i);
            for (int c = 0; c < k; c++)
                WT_NEAR(X(&d, p, c), X(&d, c == i ? pb : pa, c), 0);
        }
    }
    gsl_qrng_free(q);
    ws_design_free(&d);
}

/* ---- Filtering and factor checks ------------------------------------------------------------ */

/* Filtering a 3 x 3 grid keeps the even points 0, 2, 4, 6, 8 in order; keeping none fails and
 * leaves the design as it was; a saltelli design cannot be filtered. */
WT_CASE(filter)
{
    SETUP();
    ws_factor f[2] = {range("a", 1, 0, 2), range("b", 2, 0, 2)};
    f[0].steps = f[1].steps = 3;
    ws_design d;
    WT_EQ_INT(ws_design_make(&d, WS_DESIGN_GRID, f, 2, 0, 0, NULL), 0);
    unsigned char none[9] = {0}, even[9];
    for (int p = 0; p < 9; p++)
        even[p] = p % 2 == 0;
    ws_error e = {0};
    WT_EQ_INT(ws_design_filter(&d, none, &e), WS_EINPUT);
    WT_EQ_INT(d.n_points, 9);
    WT_EQ_INT(ws_design_filter(&d, even, &e), 0);
    WT_EQ_INT(d.n_points, 5);
    for (int q = 0; q < 5; q++) {
        int p = 2 * q;
        WT_NEAR(X(&d, q, 0), p / 3, 0);
        WT_NEAR(X(&d, q, 1), p % 3, 0);
    }
    ws_design_free(&d);
    WT_EQ_INT(ws_design_make(&d, WS_DESIGN_SALTELLI, f, 2, 4, 0, NULL), 0);
    unsigned char all[16];
    memset(all, 1, sizeof all);
    WT_EQ_INT(ws_design_filter(&d, all, &e), WS_EINPUT);
    WT_EQ_INT(d.n_points, 16);
    ws_design_free(&d);
}

/* Each bad factor (the second of two, on line 42, named "bad") gives WS_EINPUT with the factor's
 * name as key and its line, and an empty design. */
WT_CASE(bad_factors)
{
    SETUP();
    double lv[1] = {1};
    enum { N_BAD = 9 };
    ws_factor bad[N_BAD];
    int kind[N_BAD];
    for (int c = 0; c < N_BAD; c++) {
        bad[c] = range("bad", 42, 0, 1);
        kind[c] = WS_DESIGN_RANDOM;
    }
    bad[0].max = 0;                    /* min == max */
    bad[1].max = NAN;                  /* not finite */
    bad[2].min = -INFINITY;            /* not finite */
    bad[3].dist = WS_FDIST_LOGUNIFORM; /* min 0 on a log scale */
    bad[4].steps = 1;                  /* grid needs steps >= 2 */
    kind[4] = WS_DESIGN_GRID;
    bad[5].n_levels = -1;                /* negative level count */
    bad[6] = levels("bad", 42, NULL, 3); /* levels missing */
    bad[7] = levels("bad", 42, lv, 1);   /* a NaN level */
    lv[0] = NAN;
    bad[8] = range("first", 42, 0, 1); /* duplicate name; key is the second one's */
    for (int c = 0; c < N_BAD; c++) {
        ws_factor f[2] = {range("first", 41, 0, 1), bad[c]};
        f[0].steps = 2;
        ws_design d;
        ws_error e = {0};
        int rc = ws_design_make(&d, kind[c], f, 2, 10, 1, &e);
        if (rc != WS_EINPUT) WT_FAIL("case %d: rc %d", c, rc);
        WT_EQ_STR(e.key, c == 8 ? "first" : "bad");
        WT_EQ_INT(e.line, 42);
        WT_CHECK(e.msg[0] != '\0');
        WT_CHECK(is_empty(&d));
    }
}

/* Whole-design limits: saltelli with one factor (key: that factor), more than
 * WS_SWEEP_MAX_POINTS grid points (key: the factor that crosses the limit), n < 1, too many
 * saltelli base rows, too many factors, no factors, and the list kind (built by alloc). */
WT_CASE(bad_designs)
{
    SETUP();
    ws_factor f[WS_SWEEP_MAX_FACTORS + 1];
    char name[8];
    for (int i = 0; i <= WS_SWEEP_MAX_FACTORS; i++) {
        snprintf(name, sizeof name, "g%d", i);
        f[i] = range(name, 10 + i, 0, 1);
        f[i].steps = 1000;
    }
    ws_design d;
    ws_error e = {0};
    WT_EQ_INT(ws_design_make(&d, WS_DESIGN_SALTELLI, f, 1, 10, 0, &e), WS_EINPUT);
    WT_EQ_STR(e.key, "g0");
    WT_EQ_INT(e.line, 10);
    WT_CHECK(is_empty(&d));
    WT_EQ_INT(ws_design_make(&d, WS_DESIGN_GRID, f, 3, 0, 0, &e), WS_EINPUT); /* 10^9 */
    WT_EQ_STR(e.key, "g2");
    WT_EQ_INT(e.line, 12);
    WT_CHECK(is_empty(&d));
    WT_EQ_INT(ws_design_make(&d, WS_DESIGN_RANDOM, f, 2, 0, 0, &e), WS_EINPUT);
    WT_EQ_INT(ws_design_make(&d, WS_DESIGN_SOBOL, f, 2, -5, 0, &e), WS_EINPUT);
    /* saltelli: N (k + 2) points: 2 500 000 * 4 = 10^7 is allowed, one row more is not */
    WT_EQ_INT(ws_design_make(&d, WS_DESIGN_SALTELLI, f, 2, WS_SWEEP_MAX_POINTS / 4 + 1, 0, &e),
              WS_EINPUT);
    WT_EQ_INT(ws_design_make(&d, WS_DESIGN_RANDOM, f, WS_SWEEP_MAX_FACTORS + 1, 5, 0, &e),
              WS_EINPUT);
    WT_EQ_INT(ws_design_make(&d, WS_DESIGN_RANDOM, f, 0, 5, 0, &e), WS_EINPUT);
    WT_EQ_INT(ws_design_make(&d, WS_DESIGN_LIST, f, 2, 5, 0, &e), WS_EINPUT);
    WT_EQ_INT(ws_design_make(&d, 17, f, 2, 5, 0, &e), WS_EINPUT);
    WT_CHECK(is_empty(&d));
    /* the largest allowed: 20 factors in a random design */
    WT_EQ_INT(ws_design_make(&d, WS_DESIGN_RANDOM, f, WS_SWEEP_MAX_FACTORS, 5, 0, &e), 0);
    ws_design_free(&d);
}

/* ---- Payload -------------------------------------------------------------------------------- */

/* Layout: totals WS_N_INDICATORS * n_year, then (store_areas) WS_N_INDICATORS * n_year * n_area,
 * then n_year * WS_PAY_N spend values. */
WT_CASE(payload_layout)
{
    ws_sweep_shape sh = {.n_points = 5, .n_rep = 3, .n_year = 4, .n_area = 6, .start_year = 2026};
    size_t tot = (size_t)WS_N_INDICATORS * 4;
    WT_EQ_INT(ws_sweep_payload_areas_at(&sh), tot);
    WT_EQ_INT(ws_sweep_payload_spend_at(&sh), tot);
    WT_EQ_INT(ws_sweep_payload_len(&sh), tot + 4 * WS_PAY_N);
    sh.store_areas = true;
    WT_EQ_INT(ws_sweep_payload_areas_at(&sh), tot);
    WT_EQ_INT(ws_sweep_payload_spend_at(&sh), tot + tot * 6);
    WT_EQ_INT(ws_sweep_payload_len(&sh), tot * 7 + 4 * WS_PAY_N);
}

/* Values of the hand-filled results: population 100 (area 0) and 300 (area 1); every other
 * indicator i + 10 rep + y + 0.5 a. */
static double fill_value(int i, int rep, int y, int a)
{
    if (i == WS_IND_population) return a ? 300 : 100;
    if (i == WS_IND_households) return a ? 150 : 50;
    return i + 10.0 * rep + y + 0.5 * a;
}

/* Spend of (rep, y, a, iv, payer): 1000 y + 100 a + 10 iv + p + 0.5 rep EUR. */
static double spend_value(int rep, int y, int a, int iv, int p)
{
    return 1000.0 * y + 100 * a + 10 * iv + p + 0.5 * rep;
}

/* Pack replication 1 of a 2-rep, 2-year, 2-area run with 2 interventions. By hand:
 *  - rates: population-weighted (1/4, 3/4): i + 10 + y + 0.5 * 3/4 = i + 10.375 + y;
 *  - counts summed: population 400, households 200;
 *  - spend of payer p in year y: over 2 areas x 2 interventions,
 *    4 (1000 y + p + 0.5) + 2 * 100 + 2 * 10 = 4000 y + 4 p + 222, except (y 1, payer 2), where
 *    the NaN cell (area 0, intervention 1) is left out: 4230 - 1012.5 = 3217.5;
 *  - without interventions the spend is 0. */
WT_CASE(payload_pack)
{
    SETUP();
    ws_results r;
    WT_EQ_INT(ws_results_init(&r, 2, 2, 2, 2026, NULL), 0);
    for (int i = 0; i < WS_N_INDICATORS; i++)
        for (int rep = 0; rep < 2; rep++)
            for (int y = 0; y < 2; y++)
                for (int a = 0; a < 2; a++)
                    *ws_results_at(&r, i, rep, y, a) = fill_value(i, rep, y, a);
    ws_sweep_shape sh = {.n_points = 1,
                         .n_rep = 2,
                         .n_year = 2,
                         .n_area = 2,
                         .start_year = 2026,
                         .store_areas = true};
    size_t len = ws_sweep_payload_len(&sh);
    double *pl = malloc(len * sizeof *pl);
    WT_CHECK(pl);
    ws_sweep_pack(&sh, &r, 1, pl);
    WT_NEAR(pl[WS_IND_population * 2 + 0], 400, 0);
    WT_NEAR(pl[WS_IND_households * 2 + 1], 200, 0);
    int emp = WS_IND_work_employment_rate;
    WT_NEAR(pl[emp * 2 + 0], emp + 10.375, 1e-12);
    WT_NEAR(pl[emp * 2 + 1], emp + 11.375, 1e-12);
    for (int i = 0; i < WS_N_INDICATORS; i++)
        for (int y = 0; y < 2; y++) {
            WT_NEAR(pl[i * 2 + y], ws_summary_all_areas(&r, i, 1, y), 0);
            for (int a = 0; a < 2; a++)
                WT_NEAR(pl[ws_sweep_payload_areas_at(&sh) + (i * 2 + y) * 2 + a],
                        fill_value(i, 1, y, a), 0);
        }
    const double *sp = pl + ws_sweep_payload_spend_at(&sh);
    for (int v = 0; v < 2 * WS_PAY_N; v++)
        WT_NEAR(sp[v], 0, 0); /* no interventions */
    WT_EQ_INT(ws_results_iv_init(&r, 2, NULL), 0);
    for (int rep = 0; rep < 2; rep++)
        for (int y = 0; y < 2; y++)
            for (int a = 0; a < 2; a++)
                for (int iv = 0; iv < 2; iv++)
                    for (int p = 0; p < WS_PAY_N; p++)
                        *ws_results_spend_at(&r, rep, y, a, iv, p) = spend_value(rep, y, a, iv, p);
    *ws_results_spend_at(&r, 1, 1, 0, 1, 2) = NAN;
    ws_sweep_pack(&sh, &r, 1, pl);
    for (int y = 0; y < 2; y++)
        for (int p = 0; p < WS_PAY_N; p++) {
            double want = 4000.0 * y + 4 * p + 222;
            if (y == 1 && p == 2) want -= spend_value(1, 1, 0, 1, 2);
            WT_NEAR(sp[y * WS_PAY_N + p], want, 1e-9);
        }
    WT_NEAR(sp[1 * WS_PAY_N + 2], 3217.5, 1e-9);
    /* totals only: the spend follows the totals directly */
    sh.store_areas = false;
    ws_sweep_pack(&sh, &r, 0, pl);
    WT_EQ_INT(ws_sweep_payload_spend_at(&sh), ws_sweep_payload_areas_at(&sh));
    WT_NEAR(pl[ws_sweep_payload_spend_at(&sh) + WS_PAY_N + 1], 4000 + 4 + 220, 1e-9);
    WT_NEAR(pl[emp * 2 + 0], emp + 0.375, 1e-12);
    free(pl);
    ws_results_close(&r);
}

/* ---- Sobol' indices ------------------------------------------------------------------------- */

/* A saltelli design over k range factors [lo[i], hi[i]] with N base rows (seed 2026). */
static void saltelli(ws_design *d, int k, const double *lo, const double *hi, int N)
{
    ws_factor f[WS_SWEEP_MAX_FACTORS];
    char name[8];
    for (int i = 0; i < k; i++) {
        snprintf(name, sizeof name, "x%d", i + 1);
        f[i] = range(name, i + 1, lo[i], hi[i]);
    }
    WT_EQ_INT(ws_design_make(d, WS_DESIGN_SALTELLI, f, k, N, 2026, NULL), 0);
}

/* Checks estimate est with 95 % interval [lo, hi] against the truth. The bootstrap standard
 * error is taken as the interval's width over 2 * 1.96 (its normal-theory half-width); the
 * estimate must lie within 4 such errors of the truth (two-sided normal tail 6e-5 per check,
 * under 1e-3 over every check of this file), and the interval must contain the truth. The
 * bootstrap treats base rows as independent; on Sobol' points the true error is smaller than
 * that, so both checks are conservative. */
static void check_index(const char *what, int i, double est, double lo, double hi, double truth)
{
    double se = (hi - lo) / (2 * 1.959964);
    printf("%s%d: estimate %.4f  95%% [%.4f, %.4f]  truth %.4f  (|err| / se = %.2f)\n", what, i + 1,
           est, lo, hi, truth, fabs(est - truth) / se);
    if (!(se > 0) || !(fabs(est - truth) <= 4 * se))
        WT_FAIL("%s%d = %.5f, truth %.5f, se %.5f", what, i + 1, est, truth, se);
    if (!(lo <= truth && truth <= hi))
        WT_FAIL("%s%d: 95 %% interval [%.5f, %.5f] misses %.5f", what, i + 1, lo, hi, truth);
}

/* Ishigami: f = sin x1 + a sin^2 x2 + b x3^4 sin x1, x_i ~ U[-pi, pi], a = 7, b = 0.1.
 * Moments: E sin^2 = 1/2, E sin^4 = 3/8, E x^4 = pi^4/5, E x^8 = pi^8/9, E sin = 0.
 *   E[f|x1] = sin x1 (1 + b pi^4/5) + a/2      -> V1 = (1 + b pi^4/5)^2 / 2
 *   E[f|x2] = a sin^2 x2 + const               -> V2 = a^2 (3/8 - 1/4) = a^2/8
 *   E[f|x3] = a/2 (E sin x1 = 0)               -> V3 = 0
 *   the rest, b sin x1 (x3^4 - pi^4/5), is the x1-x3 interaction:
 *   V13 = b^2 (1/2) (pi^8/9 - pi^8/25) = 8 b^2 pi^8 / 225; V12 = V23 = V123 = 0.
 *   V = V1 + V2 + V13; S_i = V_i / V; ST1 = (V1 + V13)/V, ST2 = V2/V, ST3 = V13/V.
 * Numerically S = (0.3139, 0.4424, 0), ST = (0.5576, 0.4424, 0.2437).
 * N = 2^13 base rows (40 960 runs), 2000 bootstrap resamples, seed 2026. */
WT_CASE(sobol_ishigami)
{
    SETUP();
    const double a = 7, b = 0.1, pi4 = pow(M_PI, 4), pi8 = pow(M_PI, 8);
    const double v1 = 0.5 * pow(1 + b * pi4 / 5, 2), v2 = a * a / 8, v13 = 8 * b * b * pi8 / 225;
    const double V = v1 + v2 + v13;
    const double s1[3] = {v1 / V, v2 / V, 0}, st[3] = {(v1 + v13) / V, v2 / V, v13 / V};
    WT_NEAR(s1[0], 0.3139, 1e-4); /* the published values */
    WT_NEAR(st[2], 0.2437, 1e-4);
    const double lo[3] = {-M_PI, -M_PI, -M_PI}, hi[3] = {M_PI, M_PI, M_PI};
    const int N = 1 << 13;
    ws_design d;
    saltelli(&d, 3, lo, hi, N);
    double *y = malloc((size_t)d.n_points * sizeof *y);
    WT_CHECK(y);
    for (int p = 0; p < d.n_points; p++) {
        double x1 = X(&d, p, 0), x2 = X(&d, p, 1), x3 = X(&d, p, 2);
        y[p] = sin(x1) + a * pow(sin(x2), 2) + b * pow(x3, 4) * sin(x1);
    }
    ws_sobol_index out[3];
    double var;
    WT_EQ_INT(ws_sobol_indices(&d, y, 2000, 0.95, 2026, out, &var, NULL), 0);
    /* V from 2N = 16 384 values: the SE of a sample variance is about V sqrt((kurtosis - 1) /
     * 2N); f's kurtosis is 3.5 (Monte Carlo, 4e5 draws), so the SE is 1.24 % of V, and 4 SE
     * is 4.9 % */
    printf("V: estimate %.4f  truth %.4f\n", var, V);
    WT_NEAR(var, V, 4 * sqrt(2.5 / (2.0 * N)) * V);
    for (int i = 0; i < 3; i++) {
        check_index("S", i, out[i].s1, out[i].s1_lo, out[i].s1_hi, s1[i]);
        check_index("ST", i, out[i].st, out[i].st_lo, out[i].st_hi, st[i]);
    }
    free(y);
    ws_design_free(&d);
}

/* Additive linear model y = sum c_i x_i, x_i ~ U[lo_i, hi_i] independent: V_i = c_i^2 (hi_i -
 * lo_i)^2 / 12, no interactions, so S_i = ST_i = V_i / sum_j V_j exactly. c = (3, 1, -2, 0) on
 * [0, 1], [-2, 2], [5, 6], [0, 100]: V_i = 0.75, 4/3, 1/3, 0. The inert fourth factor changes
 * nothing, so f(AB^4) = f(A) bit for bit and S_4 = ST_4 = 0 exactly, intervals too.
 * N = 2^12, 1000 resamples, tolerances as in check_index. */
WT_CASE(sobol_additive)
{
    SETUP();
    const double c[4] = {3, 1, -2, 0}, lo[4] = {0, -2, 5, 0}, hi[4] = {1, 2, 6, 100};
    double vi[4], V = 0;
    for (int i = 0; i < 4; i++)
        V += vi[i] = c[i] * c[i] * (hi[i] - lo[i]) * (hi[i] - lo[i]) / 12;
    ws_design d;
    saltelli(&d, 4, lo, hi, 1 << 12);
    double *y = malloc((size_t)d.n_points * sizeof *y);
    WT_CHECK(y);
    for (int p = 0; p < d.n_points; p++) {
        y[p] = 0;
        for (int i = 0; i < 4; i++)
            y[p] += c[i] * X(&d, p, i);
    }
    ws_sobol_index out[4];
    double var;
    WT_EQ_INT(ws_sobol_indices(&d, y, 1000, 0.95, 7, out, &var, NULL), 0);
    for (int i = 0; i < 3; i++) {
        check_index("S", i, out[i].s1, out[i].s1_lo, out[i].s1_hi, vi[i] / V);
        check_index("ST", i, out[i].st, out[i].st_lo, out[i].st_hi, vi[i] / V);
    }
    WT_CHECK(out[3].s1 == 0 && out[3].st == 0);
    WT_CHECK(out[3].s1_lo == 0 && out[3].s1_hi == 0 && out[3].st_lo == 0 && out[3].st_hi == 0);
    free(y);
    ws_design_free(&d);
}

/* Exact properties on a small design (k = 2, N = 64): a constant added to y changes no index
 * (the first-order sum is centred); the same seed gives the same intervals, another seed other
 * ones; a factor without effect has S = ST = 0 exactly; a constant output has V = 0 and NaN
 * indices. */
WT_CASE(sobol_exact)
{
    SETUP();
    const double lo[2] = {0, 0}, hi[2] = {1, 1};
    ws_design d;
    saltelli(&d, 2, lo, hi, 64);
    double y[256], ys[256];
    for (int p = 0; p < d.n_points; p++) {
        y[p] = exp(X(&d, p, 0)); /* x2 inert */
        ys[p] = y[p] + 1e6;
    }
    ws_sobol_index o1[2], o2[2], o3[2], o4[2];
    double v1, v2;
    WT_EQ_INT(ws_sobol_indices(&d, y, 200, 0.9, 11, o1, &v1, NULL), 0);
    WT_EQ_INT(ws_sobol_indices(&d, ys, 200, 0.9, 11, o2, &v2, NULL), 0);
    WT_EQ_INT(ws_sobol_indices(&d, y, 200, 0.9, 11, o3, NULL, NULL), 0);
    WT_EQ_INT(ws_sobol_indices(&d, y, 200, 0.9, 12, o4, NULL, NULL), 0);
    WT_NEAR(v2, v1, 1e-6 * v1);
    WT_NEAR(o2[0].s1, o1[0].s1, 1e-6);
    WT_NEAR(o2[0].st, o1[0].st, 1e-6);
    WT_NEAR(o2[0].s1_lo, o1[0].s1_lo, 1e-6);
    WT_CHECK(memcmp(o1, o3, sizeof o1) == 0);
    WT_CHECK(o4[0].s1_lo != o1[0].s1_lo && o4[0].st_hi != o1[0].st_hi);
    WT_CHECK(o1[0].s1 == o4[0].s1); /* the point estimate does not depend on the seed */
    WT_CHECK(o1[1].s1 == 0 && o1[1].st == 0 && o1[1].st_hi == 0);
    WT_CHECK(o1[0].s1 > 0.9 && o1[0].st > 0.9); /* all variance is x1's */
    for (int p = 0; p < d.n_points; p++)
        y[p] = 3;
    WT_EQ_INT(ws_sobol_indices(&d, y, 200, 0.9, 11, o1, &v1, NULL), 0);
    WT_NEAR(v1, 0, 0);
    for (int i = 0; i < 2; i++)
        WT_CHECK(isnan(o1[i].s1) && isnan(o1[i].st) && isnan(o1[i].s1_lo) && isnan(o1[i].st_hi));
    ws_design_free(&d);
}

/* Refusals: not a saltelli design, a non-finite output, fewer than 10 resamples, a level
 * outside (0, 1). */
WT_CASE(sobol_errors)
{
    SETUP();
    const double lo[2] = {0, 0}, hi[2] = {1, 1};
    ws_design d;
    saltelli(&d, 2, lo, hi, 8);
    double y[32];
    for (int p = 0; p < 32; p++)
        y[p] = X(&d, p, 0) + X(&d, p, 1);
    ws_sobol_index out[2];
    double var;
    ws_error e = {0};
    WT_EQ_INT(ws_sobol_indices(&d, y, 9, 0.95, 1, out, &var, &e), WS_EINPUT);
    WT_EQ_INT(ws_sobol_indices(&d, y, 10, 0, 1, out, &var, &e), WS_EINPUT);
    WT_EQ_INT(ws_sobol_indices(&d, y, 10, 1, 1, out, &var, &e), WS_EINPUT);
    WT_EQ_INT(ws_sobol_indices(&d, y, 10, NAN, 1, out, &var, &e), WS_EINPUT);
    WT_EQ_INT(ws_sobol_indices(&d, y, 10, 0.5, 1, out, &var, &e), 0);
    y[5] = NAN;
    WT_EQ_INT(ws_sobol_indices(&d, y, 10, 0.5, 1, out, &var, &e), WS_EINPUT);
    y[5] = INFINITY;
    WT_EQ_INT(ws_sobol_indices(&d, y, 10, 0.5, 1, out, &var, &e), WS_EINPUT);
    ws_design_free(&d);
    ws_factor f[2] = {range("a", 1, 0, 1), range("b", 2, 0, 1)};
    WT_EQ_INT(ws_design_make(&d, WS_DESIGN_SOBOL, f, 2, 32, 0, NULL), 0);
    y[5] = 0;
    WT_EQ_INT(ws_sobol_indices(&d, y, 10, 0.5, 1, out, &var, &e), WS_EINPUT);
    WT_CHECK(e.msg[0] != '\0');
    ws_design_free(&d);
}

WT_MAIN(WT_REG(kind_names), WT_REG(grid_order), WT_REG(grid_steps_integer), WT_REG(list_alloc),
        WT_REG(random_reproducible), WT_REG(random_ranges_levels), WT_REG(random_loguniform),
        WT_REG(sobol_points), WT_REG(sobol_low_discrepancy), WT_REG(saltelli_structure),
        WT_REG(filter), WT_REG(bad_factors), WT_REG(bad_designs), WT_REG(payload_layout),
        WT_REG(payload_pack), WT_REG(sobol_ishigami), WT_REG(sobol_additive), WT_REG(sobol_exact),
        WT_REG(sobol_errors))
