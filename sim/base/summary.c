/* summary.c: bands over replications, differences to the baseline, cost per unit (summary.h).
 *
 * Everything is computed from the results arrays alone, in a fixed order, so the same results
 * give bit-identical summaries. Quantiles come from GSL on sorted copies of the finite values;
 * GSL's error handler is off in the tool (main.c), and the functions used here cannot fail on
 * the inputs given (n >= 1, sorted data, f in [0, 1]).
 */
#include "wijksim/summary.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

/* Natural units of the headline indicators (which way is better comes from indicators.def).
 * The denominators named count_* are looked up by name at run time: a build without them
 * simply has no cost-effectiveness row for those. */
static const ws_headline headlines[] = {
    {"edu_early_school_leaving", "count_pupils_12_23", 100, "prevented early school leaver"},
    {"work_employment_rate", "count_18_66", 100, "extra person-year in work"},
    {"work_bijstand_households", "households", 100, "household-year off bijstand"},
    {"work_problem_debt_households", "households", 100,
     "household-year out of problematic debt"},
    {"work_child_poverty", "count_minors", 100, "child-year out of poverty"},
    {"safety_crime_per_1000", "population", 1000, "offence prevented"},
    {"safety_youth_offending", "count_12_24", 100, "young offender prevented"},
    {"health_psych_distress", "count_18plus", 100,
     "person-year without psychological distress"},
    {"health_good_selfrated", "count_18plus", 100, "extra person-year in good health"},
};
#define N_HEADLINES ((int)(sizeof headlines / sizeof headlines[0]))

static const char *const stat_names[WS_SUM_N] = {"mean",      "p05",      "p50",      "p95",
                                                 "diff_mean", "diff_p05", "diff_p50", "diff_p95"};

const char *ws_sum_stat_name(int k)
{
    return k >= 0 && k < WS_SUM_N ? stat_names[k] : NULL;
}

int ws_summary_n_headlines(void)
{
    return N_HEADLINES;
}

const ws_headline *ws_summary_headline(int k)
{
    return k >= 0 && k < N_HEADLINES ? &headlines[k] : NULL;
}

/* Whether indicator i is a count (summed over areas) rather than a rate (weighted mean). */
static bool is_count(int i)
{
    const ws_indicator_info *in = &ws_indicators[i];
    return strcmp(in->units, "persons") == 0 || strcmp(in->units, "households") == 0 ||
           strncmp(in->name, "count_", 6) == 0;
}

void ws_summary_band(const double *x, int n, double *work, double out[4])
{
    size_t m = 0;
    double sum = 0;
    for (int k = 0; k < n; k++)
        if (isfinite(x[k])) {
            work[m++] = x[k];
            sum += x[k];
        }
    if (!m) {
        out[0] = out[1] = out[2] = out[3] = NAN;
        return;
    }
    gsl_sort(work, 1, m);
    out[0] = sum / (double)m;
    out[1] = gsl_stats_quantile_from_sorted_data(work, 1, m, 0.05);
    out[2] = gsl_stats_quantile_from_sorted_data(work, 1, m, 0.50);
    out[3] = gsl_stats_quantile_from_sorted_data(work, 1, m, 0.95);
}

/* Value of indicator i for column a (an area, or n_area: all areas) of scenario results r. */
static double cell(const ws_results *r, int n_area, int i, int rep, int y, int a)
{
    if (a < n_area) return *ws_results_at(r, i, rep, y, a);
    double num = 0, den = 0;
    bool count = is_count(i);
    for (int b = 0; b < n_area; b++) {
        double v = *ws_results_at(r, i, rep, y, b);
        if (count) {
            num += v;
            continue;
        }
        double w = *ws_results_at(r, WS_IND_population, rep, y, b);
        if (!isfinite(v) || !isfinite(w)) return NAN;
        num += v * w;
        den += w;
    }
    if (count) return num;
    return den > 0 ? num / den : NAN;
}

double ws_summary_all_areas(const ws_results *r, int i, int rep, int y)
{
    return cell(r, r->n_area, i, rep, y, r->n_area);
}

/* Natural units of headline h in scenario results r, replication rep: sum over years and
 * areas of rate * denominator / divisor (NaN if any value is not finite). */
static double horizon_units(const ws_results *r, int n_year, int n_area, int ind, int den,
                            double divisor, int rep)
{
    double sum = 0;
    for (int y = 0; y < n_year; y++)
        for (int a = 0; a < n_area; a++)
            sum += *ws_results_at(r, ind, rep, y, a) * *ws_results_at(r, den, rep, y, a) / divisor;
    return sum;
}

/* Spend of payer (or every payer when payer < 0) in replication rep over the horizon. */
static double horizon_spend(const ws_results *r, int n_year, int n_area, int payer, int rep)
{
    if (!r->spend || r->n_iv <= 0) return 0;
    double sum = 0;
    for (int y = 0; y < n_year; y++)
        for (int a = 0; a < n_area; a++)
            for (int k = 0; k < r->n_iv; k++)
                for (int p = 0; p < WS_PAY_N; p++) {
                    if (payer >= 0 && p != payer) continue;
                    double v = *ws_results_spend_at(r, rep, y, a, k, p);
                    if (isfinite(v)) sum += v;
                }
    return sum;
}

/* p05 and p95 of the ratios spend[k] / imp[k] (an improvement <= 0 ranks as +inf). */
static void ratio_band(const double *spend, const double *imp, int n, double *work, double out[2])
{
    for (int k = 0; k < n; k++)
        work[k] = imp[k] > 0 ? spend[k] / imp[k] : INFINITY;
    gsl_sort(work, 1, (size_t)n);
    out[0] = gsl_stats_quantile_from_sorted_data(work, 1, (size_t)n, 0.05);
    out[1] = gsl_stats_quantile_from_sorted_data(work, 1, (size_t)n, 0.95);
}

/* Cost-effectiveness rows of option o against baseline b. buf holds 6 * n_rep doubles. */
static int ce_rows(const ws_results *rb, const ws_results *ro, int n_rep, int n_year, int n_area,
                   double *buf, ws_ce_row *rows)
{
    double *imp = buf, *sr = buf + n_rep, *st = buf + 2 * n_rep, *work = buf + 3 * n_rep;
    int n_rows = 0;
    for (int h = 0; h < N_HEADLINES && n_rows < WS_SUMMARY_MAX_CE; h++) {
        int ind = ws_indicator_find(headlines[h].indicator);
        int den = ws_indicator_find(headlines[h].denominator);
        if (ind < 0 || den < 0) continue;
        int n = 0;
        for (int rep = 0; rep < n_rep; rep++) {
            double ub = horizon_units(rb, n_year, n_area, ind, den, headlines[h].divisor, rep);
            double uo = horizon_units(ro, n_year, n_area, ind, den, headlines[h].divisor, rep);
            if (!isfinite(ub) || !isfinite(uo)) continue;
            imp[n] = ws_indicators[ind].better * (uo - ub) + 0.0; /* no -0 */
            sr[n] = horizon_spend(ro, n_year, n_area, WS_PAY_RIJK, rep) -
                    horizon_spend(rb, n_year, n_area, WS_PAY_RIJK, rep);
            st[n] = horizon_spend(ro, n_year, n_area, -1, rep) -
                    horizon_spend(rb, n_year, n_area, -1, rep);
            n++;
        }
        ws_ce_row *c = &rows[n_rows++];
        memset(c, 0, sizeof *c);
        c->indicator = ind;
        c->headline = h;
        c->n_pairs = n;
        double band[4], sb[4], tb[4], q[2];
        ws_summary_band(imp, n, work, band);
        ws_summary_band(sr, n, work, sb);
        ws_summary_band(st, n, work, tb);
        c->improvement_mean = band[0];
        c->improvement_p05 = band[1];
        c->improvement_p95 = band[3];
        c->spend_rijk = sb[0];
        c->spend_total = tb[0];
        c->distinguishable = !n                 ? 0
                             : band[1] > 0      ? 1
                             : band[3] < 0      ? -1
                                                : 0;
        c->eur_per_unit_rijk_mean = c->eur_per_unit_rijk_p05 = c->eur_per_unit_rijk_p95 = NAN;
        c->eur_per_unit_total_mean = c->eur_per_unit_total_p05 = c->eur_per_unit_total_p95 = NAN;
        if (c->distinguishable == 1) {
            c->eur_per_unit_rijk_mean = sb[0] / band[0];
            c->eur_per_unit_total_mean = tb[0] / band[0];
            ratio_band(sr, imp, n, work, q);
            c->eur_per_unit_rijk_p05 = q[0];
            c->eur_per_unit_rijk_p95 = q[1];
            ratio_band(st, imp, n, work, q);
            c->eur_per_unit_total_p05 = q[0];
            c->eur_per_unit_total_p95 = q[1];
        }
    }
    return n_rows;
}

void ws_summary_close(ws_summary *m)
{
    if (!m) return;
    free(m->v);
    free(m->n_ce);
    free(m->ce);
    memset(m, 0, sizeof *m);
}

int ws_summary_compute(ws_summary *out, int n_scen, const ws_scenario *const *s,
                       const ws_results *const *r, ws_error *e)
{
    memset(out, 0, sizeof *out);
    if (n_scen < 1 || !s || !r || !s[0])
        return ws_error_set(e, WS_ERUNTIME, NULL, 0, NULL, "summary: no scenarios");
    const int n_rep = s[0]->replications, n_year = s[0]->years, n_area = s[0]->n_areas;
    for (int k = 0; k < n_scen; k++)
        if (!s[k] || !r[k] || !r[k]->data || r[k]->n_rep < n_rep || r[k]->n_year != n_year ||
            r[k]->n_area != n_area || n_rep < 1 || n_year < 1 || n_area < 1)
            return ws_error_set(e, WS_ERUNTIME, NULL, 0, NULL,
                                "summary: scenario %d does not share the shape of the baseline "
                                "(%d replications, %d years, %d areas)",
                                k, n_rep, n_year, n_area);
    const int cols = n_area + 1;
    size_t n_v = (size_t)n_scen * WS_N_INDICATORS * WS_SUM_N * n_year * cols;
    out->v = malloc(n_v * sizeof *out->v);
    out->n_ce = calloc((size_t)n_scen, sizeof *out->n_ce);
    out->ce = calloc((size_t)n_scen * WS_SUMMARY_MAX_CE, sizeof *out->ce);
    double *buf = malloc((size_t)6 * n_rep * sizeof *buf);
    if (!out->v || !out->n_ce || !out->ce || !buf) {
        free(buf);
        ws_summary_close(out);
        return ws_error_set(e, WS_ENOMEM, NULL, 0, NULL, "summary: out of memory");
    }
    out->n_scen = n_scen;
    out->n_rep = n_rep;
    out->n_year = n_year;
    out->n_area = n_area;
    out->start_year = s[0]->start_year;
    double *x = buf, *d = buf + n_rep, *work = buf + 2 * n_rep;
    for (int sc = 0; sc < n_scen; sc++)
        for (int i = 0; i < WS_N_INDICATORS; i++)
            for (int y = 0; y < n_year; y++)
                for (int a = 0; a < cols; a++) {
                    double band[4], dband[4] = {NAN, NAN, NAN, NAN};
                    for (int rep = 0; rep < n_rep; rep++) {
                        x[rep] = cell(r[sc], n_area, i, rep, y, a);
                        if (sc > 0) d[rep] = x[rep] - cell(r[0], n_area, i, rep, y, a);
                    }
                    ws_summary_band(x, n_rep, work, band);
                    if (sc > 0) ws_summary_band(d, n_rep, work, dband);
                    for (int k = 0; k < 4; k++) {
                        *ws_summary_at(out, sc, i, k, y, a) = band[k];
                        *ws_summary_at(out, sc, i, 4 + k, y, a) = dband[k];
                    }
                }
    for (int sc = 1; sc < n_scen; sc++)
        out->n_ce[sc] = ce_rows(r[0], r[sc], n_rep, n_year, n_area, buf,
                                out->ce + (size_t)sc * WS_SUMMARY_MAX_CE);
    free(buf);
    return 0;
}
