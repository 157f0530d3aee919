/* test_summary.c: the summary statistics (summary.h) on synthetic results — known quantiles,
 * the "all areas" weighting, differences of identical scenarios, cost per unit with known
 * spend and improvement, and the "not distinguishable from zero" rule. */
#include "wijksim/summary.h"

#include <math.h>

#include "wt.h"

#define N_REP 21
#define N_YEAR 3
#define N_AREA 2

typedef struct fixture {
    ws_area areas[N_AREA];
    int sel[N_AREA];
    ws_scenario s[2];
    ws_results r[2];
    const ws_scenario *sp[2];
    const ws_results *rp[2];
} fixture;

/* Two scenarios (both "baseline-like", no interventions) with every indicator = value(r, y, a)
 * and population 1000 (area 0) and 3000 (area 1). */
static void fixture_init(fixture *f)
{
    memset(f, 0, sizeof *f);
    for (int a = 0; a < N_AREA; a++) {
        f->areas[a].index = a;
        snprintf(f->areas[a].id, sizeof f->areas[a].id, "area%d", a);
        f->sel[a] = a;
    }
    for (int k = 0; k < 2; k++) {
        ws_scenario *s = &f->s[k];
        snprintf(s->name, sizeof s->name, "%s", k ? "option" : "baseline");
        s->start_year = 2026;
        s->years = N_YEAR;
        s->replications = N_REP;
        s->scale = 1;
        s->areas.n = N_AREA;
        s->areas.area = f->areas;
        s->n_areas = N_AREA;
        s->area_sel = f->sel;
        WT_EQ_INT(ws_results_init(&f->r[k], N_REP, N_YEAR, N_AREA, 2026, NULL), 0);
        for (int i = 0; i < WS_N_INDICATORS; i++)
            for (int r = 0; r < N_REP; r++)
                for (int y = 0; y < N_YEAR; y++)
                    for (int a = 0; a < N_AREA; a++)
                        *ws_results_at(&f->r[k], i, r, y, a) =
                            i == WS_IND_population   ? (a ? 3000 : 1000)
                            : i == WS_IND_households ? (a ? 1500 : 500)
                                                     : 10.0 * r + y + 0.5 * a;
        f->sp[k] = s;
        f->rp[k] = &f->r[k];
    }
}

static void fixture_close(fixture *f)
{
    ws_results_close(&f->r[0]);
    ws_results_close(&f->r[1]);
}

static const ws_ce_row *ce_of(const ws_summary *m, int s, int ind)
{
    for (int k = 0; k < m->n_ce[s]; k++)
        if (m->ce[s * WS_SUMMARY_MAX_CE + k].indicator == ind)
            return &m->ce[s * WS_SUMMARY_MAX_CE + k];
    return NULL;
}

/* Values 0, 10, ..., 200 (+ y + 0.5 a): mean 100, quantiles by linear interpolation of 21
 * sorted values: p05 = 10 (index 1.0), p50 = 100, p95 = 190. */
WT_CASE(known_quantiles)
{
    fixture f;
    fixture_init(&f);
    ws_summary m;
    WT_EQ_INT(ws_summary_compute(&m, 1, f.sp, f.rp, NULL), 0);
    int i = WS_IND_work_employment_rate;
    for (int y = 0; y < N_YEAR; y++)
        for (int a = 0; a < N_AREA; a++) {
            double off = y + 0.5 * a;
            WT_NEAR(*ws_summary_at(&m, 0, i, WS_SUM_MEAN, y, a), 100 + off, 1e-12);
            WT_NEAR(*ws_summary_at(&m, 0, i, WS_SUM_P05, y, a), 10 + off, 1e-12);
            WT_NEAR(*ws_summary_at(&m, 0, i, WS_SUM_P50, y, a), 100 + off, 1e-12);
            WT_NEAR(*ws_summary_at(&m, 0, i, WS_SUM_P95, y, a), 190 + off, 1e-12);
            WT_CHECK(isnan(*ws_summary_at(&m, 0, i, WS_SUM_DIFF_MEAN, y, a)));
        }
    /* all areas: population-weighted (1000, 3000): offset 0.5 * 3/4 = 0.375 */
    WT_NEAR(*ws_summary_at(&m, 0, i, WS_SUM_MEAN, 1, N_AREA), 101.375, 1e-12);
    WT_NEAR(*ws_summary_at(&m, 0, i, WS_SUM_P95, 1, N_AREA), 191.375, 1e-12);
    /* counts are summed */
    WT_NEAR(*ws_summary_at(&m, 0, WS_IND_population, WS_SUM_MEAN, 0, N_AREA), 4000, 0);
    WT_NEAR(*ws_summary_at(&m, 0, WS_IND_households, WS_SUM_P05, 2, N_AREA), 2000, 0);
    WT_EQ_INT(m.n_ce[0], 0);
    ws_summary_close(&m);
    ws_summary_close(&m); /* twice is fine */
    fixture_close(&f);
}

/* ws_summary_band leaves out non-finite values; none finite gives NaN. */
WT_CASE(band_nonfinite)
{
    double x[5] = {NAN, 1, 2, INFINITY, 3}, w[5], out[4];
    ws_summary_band(x, 5, w, out);
    WT_NEAR(out[0], 2, 0);
    WT_NEAR(out[1], 1.1, 1e-12);
    WT_NEAR(out[2], 2, 0);
    WT_NEAR(out[3], 2.9, 1e-12);
    double y[2] = {NAN, NAN};
    ws_summary_band(y, 2, w, out);
    WT_CHECK(isnan(out[0]) && isnan(out[1]) && isnan(out[2]) && isnan(out[3]));
}

/* An option identical to the baseline: every difference is exactly 0, the improvement is 0
 * and therefore not distinguishable from zero. */
WT_CASE(identical_diff_zero)
{
    fixture f;
    fixture_init(&f);
    ws_summary m;
    WT_EQ_INT(ws_summary_compute(&m, 2, f.sp, f.rp, NULL), 0);
    for (int i = 0; i < WS_N_INDICATORS; i++)
        for (int y = 0; y < N_YEAR; y++)
            for (int a = 0; a <= N_AREA; a++)
                for (int k = WS_SUM_DIFF_MEAN; k <= WS_SUM_DIFF_P95; k++) {
                    double v = *ws_summary_at(&m, 1, i, k, y, a);
                    if (v != 0 || signbit(v))
                        WT_FAIL("%s %s [%d,%d] = %g, expected 0", ws_indicators[i].name,
                                ws_sum_stat_name(k), y, a, v);
                }
    WT_CHECK(m.n_ce[1] >= 3); /* households and population denominators always exist */
    for (int k = 0; k < m.n_ce[1]; k++) {
        const ws_ce_row *c = &m.ce[WS_SUMMARY_MAX_CE + k];
        WT_EQ_INT(c->distinguishable, 0);
        WT_EQ_INT(c->n_pairs, N_REP);
        WT_CHECK(c->improvement_mean == 0 && !signbit(c->improvement_mean));
        WT_CHECK(isnan(c->eur_per_unit_total_mean) && isnan(c->eur_per_unit_rijk_p05));
    }
    ws_summary_close(&m);
    fixture_close(&f);
}

/* Known cost-effectiveness: the option lowers problem-debt households by 1 percentage point in
 * every year and area, in replication r by (1 + r / 20) pp, and spends EUR 1000 per area and
 * year from the Rijk and 500 from the municipality. Households 500 + 1500 = 2000, 3 years:
 * improvement(r) = 3 * 2000 * (1 + r / 20) / 100 = 60 * (1 + r / 20) household-years;
 * spend: Rijk 3 * 2 * 1000 = 6000, total 9000 in every replication. */
WT_CASE(known_ce)
{
    fixture f;
    fixture_init(&f);
    WT_EQ_INT(ws_results_iv_init(&f.r[1], 1, NULL), 0);
    int i = WS_IND_work_problem_debt_households;
    for (int r = 0; r < N_REP; r++)
        for (int y = 0; y < N_YEAR; y++)
            for (int a = 0; a < N_AREA; a++) {
                *ws_results_at(&f.r[1], i, r, y, a) -= 1 + r / 20.0;
                for (int p = 0; p < WS_PAY_N; p++)
                    *ws_results_spend_at(&f.r[1], r, y, a, 0, p) =
                        p == WS_PAY_RIJK ? 1000 : p == WS_PAY_MUNICIPALITY ? 500 : 0;
            }
    ws_summary m;
    WT_EQ_INT(ws_summary_compute(&m, 2, f.sp, f.rp, NULL), 0);
    const ws_ce_row *c = ce_of(&m, 1, i);
    WT_CHECK(c);
    WT_EQ_INT(c->distinguishable, 1);
    /* improvements 60 * (1 + r / 20), r = 0..20: mean 90, p05 = 63, p95 = 117 */
    WT_NEAR(c->improvement_mean, 90, 1e-9);
    WT_NEAR(c->improvement_p05, 63, 1e-9);
    WT_NEAR(c->improvement_p95, 117, 1e-9);
    WT_NEAR(c->spend_rijk, 6000, 1e-9);
    WT_NEAR(c->spend_total, 9000, 1e-9);
    WT_NEAR(c->eur_per_unit_rijk_mean, 6000.0 / 90, 1e-9);
    WT_NEAR(c->eur_per_unit_total_mean, 100, 1e-9);
    /* ratios 9000 / improvement(r), decreasing in r: the p05 of the ratios is 9000 / the p95
     * of the improvements interpolated on the ratio scale: sorted ratios q_k = 9000 / (60 * (1 +
     * (20 - k) / 20)); p05 at index 1.0 -> q_1 = 9000 / 117; p95 at index 19.0 -> 9000 / 63 */
    WT_NEAR(c->eur_per_unit_total_p05, 9000.0 / 117, 1e-9);
    WT_NEAR(c->eur_per_unit_total_p95, 9000.0 / 63, 1e-9);
    WT_NEAR(c->eur_per_unit_rijk_p95, 6000.0 / 63, 1e-9);
    /* the differences: -(1 + r / 20) */
    WT_NEAR(*ws_summary_at(&m, 1, i, WS_SUM_DIFF_MEAN, 0, 0), -1.5, 1e-12);
    WT_NEAR(*ws_summary_at(&m, 1, i, WS_SUM_DIFF_P05, 0, N_AREA), -1.95, 1e-12);
    WT_NEAR(*ws_summary_at(&m, 1, i, WS_SUM_DIFF_P95, 0, N_AREA), -1.05, 1e-12);
    /* a headline without an effect: spend but no improvement */
    const ws_ce_row *crime = ce_of(&m, 1, WS_IND_safety_crime_per_1000);
    WT_CHECK(crime);
    WT_EQ_INT(crime->distinguishable, 0);
    WT_NEAR(crime->spend_total, 9000, 1e-9);
    ws_summary_close(&m);
    fixture_close(&f);
}

/* The 90 % band decides: an improvement whose band reaches below zero is not distinguishable;
 * one entirely below zero is harm (-1); neither gives a cost per unit. */
WT_CASE(not_distinguishable)
{
    fixture f;
    fixture_init(&f);
    int i = WS_IND_work_bijstand_households;
    /* improvement(r) in pp: r - 3 for r = 0..20: p05 at index 1 is -2 < 0 < p95 */
    for (int r = 0; r < N_REP; r++)
        for (int y = 0; y < N_YEAR; y++)
            for (int a = 0; a < N_AREA; a++)
                *ws_results_at(&f.r[1], i, r, y, a) -= (r - 3) / 3.0;
    ws_summary m;
    WT_EQ_INT(ws_summary_compute(&m, 2, f.sp, f.rp, NULL), 0);
    const ws_ce_row *c = ce_of(&m, 1, i);
    WT_CHECK(c);
    WT_CHECK(c->improvement_p05 < 0 && c->improvement_p95 > 0 && c->improvement_mean > 0);
    WT_EQ_INT(c->distinguishable, 0);
    WT_CHECK(isnan(c->eur_per_unit_total_mean));
    ws_summary_close(&m);
    /* harm: bijstand up by 1 pp everywhere */
    for (int r = 0; r < N_REP; r++)
        for (int y = 0; y < N_YEAR; y++)
            for (int a = 0; a < N_AREA; a++)
                *ws_results_at(&f.r[1], i, r, y, a) = *ws_results_at(&f.r[0], i, r, y, a) + 1;
    WT_EQ_INT(ws_summary_compute(&m, 2, f.sp, f.rp, NULL), 0);
    c = ce_of(&m, 1, i);
    WT_EQ_INT(c->distinguishable, -1);
    WT_NEAR(c->improvement_mean, -60, 1e-9);
    WT_CHECK(isnan(c->eur_per_unit_rijk_mean));
    ws_summary_close(&m);
    fixture_close(&f);
}

/* Headlines whose denominator is missing have no row; the table has the known units. */
WT_CASE(headlines)
{
    WT_CHECK(ws_summary_n_headlines() >= 9);
    WT_CHECK(ws_summary_headline(-1) == NULL);
    WT_CHECK(ws_summary_headline(ws_summary_n_headlines()) == NULL);
    for (int k = 0; k < ws_summary_n_headlines(); k++) {
        const ws_headline *h = ws_summary_headline(k);
        if (ws_indicator_find(h->indicator) < 0) WT_FAIL("headline %s unknown", h->indicator);
        int b = ws_indicators[ws_indicator_find(h->indicator)].better;
        WT_CHECK(b == 1 || b == -1); /* a headline needs a better direction */
        WT_CHECK(h->divisor > 0);
    }
    WT_EQ_STR(ws_sum_stat_name(WS_SUM_DIFF_P95), "diff_p95");
    WT_CHECK(ws_sum_stat_name(WS_SUM_N) == NULL);
    fixture f;
    fixture_init(&f);
    ws_summary m;
    WT_EQ_INT(ws_summary_compute(&m, 2, f.sp, f.rp, NULL), 0);
    int want = 0;
    for (int k = 0; k < ws_summary_n_headlines(); k++)
        if (ws_indicator_find(ws_summary_headline(k)->denominator) >= 0) want++;
    WT_EQ_INT(m.n_ce[1], want);
    ws_summary_close(&m);
    /* shapes that differ are refused */
    f.r[1].n_year = N_YEAR - 1;
    ws_error e = {0};
    WT_EQ_INT(ws_summary_compute(&m, 2, f.sp, f.rp, &e), WS_ERUNTIME);
    WT_CHECK(m.v == NULL);
    f.r[1].n_year = N_YEAR;
    fixture_close(&f);
}

WT_MAIN(WT_REG(known_quantiles), WT_REG(band_nonfinite), WT_REG(identical_diff_zero),
        WT_REG(known_ce), WT_REG(not_distinguishable), WT_REG(headlines))
