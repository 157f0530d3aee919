/* test_model.c: whole runs of the model core — baseline stability over 20 years, bit-identical
 * results for any thread count, area independence (common random numbers), world invariants
 * through time, and sanity of every indicator. */
#include "wt.h"
#include "wt_scenario.h"
#include "world.h"
#include "wijksim/model.h"

#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>


/* Resident-weighted mean over areas of indicator i in year y (replication 0). */
static double area_mean(const ws_results *r, int i, int y)
{
    double s = 0, w = 0;
    for (int a = 0; a < r->n_area; a++) {
        double pop = *ws_results_at(r, WS_IND_population, 0, y, a);
        s += pop * *ws_results_at(r, i, 0, y, a);
        w += pop;
    }
    return s / w;
}

/* Resident-weighted mean of an area-data column. */
static double data_mean(const ws_scenario *s, size_t offset)
{
    double sum = 0, w = 0;
    for (int a = 0; a < s->n_areas; a++) {
        const ws_area *ar = &s->areas.area[s->area_sel[a]];
        sum += ar->residents * *(const double *)((const char *)ar + offset);
        w += ar->residents;
    }
    return sum / w;
}

typedef struct band {
    int ind;
    size_t data;   /* offsetof(ws_area, column) of the starting value, or 0: use year 1 */
    double abs;    /* allowed absolute deviation (0: use rel) */
    double rel;    /* allowed relative deviation */
} band;

#define COL(c) offsetof(ws_area, c)

/* The stated bands (README, "Baseline stability"): how far the 20-area mean of each headline
 * indicator may move from its starting value in any year of a 20-year baseline. */
static const band g_bands[] = {
    {WS_IND_population, COL(residents), 0, 0.08},
    {WS_IND_households, 0, 0, 0.03},
    {WS_IND_edu_early_school_leaving, COL(early_school_leaving), 1.0, 0},
    {WS_IND_edu_achievement, COL(achievement_z), 0.15, 0},
    {WS_IND_work_employment_rate, COL(employment_rate), 3.0, 0},
    {WS_IND_work_bijstand_households, COL(bijstand_hh), 2.0, 0},
    {WS_IND_work_low_income_households, COL(low_income_hh), 3.0, 0},
    {WS_IND_work_problem_debt_households, COL(problem_debt_hh), 2.0, 0},
    {WS_IND_work_child_poverty, COL(child_poverty), 5.0, 0},
    {WS_IND_safety_crime_per_1000, COL(crime_per_1000), 0, 0.15},
    {WS_IND_safety_youth_offending, COL(youth_suspects), 1.0, 0},
    {WS_IND_safety_feel_unsafe, COL(feel_unsafe), 4.0, 0},
    {WS_IND_health_good_selfrated, COL(good_health), 3.0, 0},
    {WS_IND_health_psych_distress, COL(psych_distress), 2.0, 0},
    {WS_IND_health_lonely, COL(lonely), 2.0, 0},
    {WS_IND_housing_social_rent_share, COL(tenure_social), 2.0, 0},
    {WS_IND_housing_moves_out_rate, COL(moves_out_rate), 1.5, 0},
    {WS_IND_housing_quality_index, 0, 5.0, 0},
    {WS_IND_safety_undermining_index, 0, 10.0, 0},
    {WS_IND_liveability_score, 0, 0.03, 0},
    {WS_IND_social_cohesion, COL(cohesion), 0.3, 0},
    {WS_IND_health_mortality_per_1000, 0, 0, 0.20},
};

WT_CASE(baseline_stability_20y)
{
    ws_scenario s;
    make_scenario(&s, NULL, 20, 1, 0.1);
    ws_results r;
    run(&s, &r);
    int bad = 0;
    printf("%-32s %9s", "indicator (20-area mean)", "start");
    for (int y = 0; y < 20; y += 3) printf(" %8d", 2026 + y);
    printf(" %8d  band\n", 2045);
    for (size_t k = 0; k < sizeof g_bands / sizeof g_bands[0]; k++) {
        const band *b = &g_bands[k];
        double start = b->data ? data_mean(&s, b->data) : area_mean(&r, b->ind, 0);
        double tol = b->abs > 0 ? b->abs : b->rel * fabs(start);
        if (b->ind == WS_IND_population || b->ind == WS_IND_households) {
            start = b->ind == WS_IND_population ? data_mean(&s, COL(residents)) : 0;
            double tot0 = 0;
            for (int a = 0; a < r.n_area; a++) tot0 += *ws_results_at(&r, b->ind, 0, 0, a);
            if (b->ind == WS_IND_households) start = tot0;
            else {
                start = 0;
                for (int a = 0; a < s.n_areas; a++) start += s.areas.area[s.area_sel[a]].residents;
            }
            tol = b->rel * start;
        }
        printf("%-32s %9.3f", ws_indicators[b->ind].name, start);
        double worst = 0;
        for (int y = 0; y < 20; y++) {
            double v;
            if (b->ind == WS_IND_population || b->ind == WS_IND_households) {
                v = 0;
                for (int a = 0; a < r.n_area; a++) v += *ws_results_at(&r, b->ind, 0, y, a);
            } else {
                v = area_mean(&r, b->ind, y);
            }
            if (y % 3 == 0 || y == 19) printf(" %8.3f", v);
            if (fabs(v - start) > fabs(worst)) worst = v - start;
        }
        bool out = fabs(worst) > tol;
        printf("  +-%.3g%s\n", tol, out ? "  <-- OUT" : "");
        bad += out;
    }
    ws_results_close(&r);
    ws_scenario_close(&s);
    if (bad) WT_FAIL("%d headline indicators left their band", bad);
}

/* Same results with 1 and 2 threads, bit for bit. */
WT_CASE(threads_bit_identical)
{
    const char *ids[] = {"vlaardingen_west", "delft_west", "breda_noord", NULL};
    ws_scenario s;
    make_scenario(&s, ids, 4, 2, 0.2);
    ws_results r1, r2;
    omp_set_num_threads(1);
    run(&s, &r1);
    omp_set_num_threads(2);
    run(&s, &r2);
    size_t n = (size_t)WS_N_INDICATORS * r1.n_rep * r1.n_year * r1.n_area;
    WT_CHECK(memcmp(r1.data, r2.data, n * sizeof(double)) == 0);
    /* and something was computed */
    WT_CHECK(*ws_results_at(&r1, WS_IND_population, 1, 3, 0) > 1000);
    ws_results_close(&r1);
    ws_results_close(&r2);
    ws_scenario_close(&s);
}

/* An area's results do not depend on which other areas are simulated (each area has its own
 * random streams keyed by its row in the area file). */
WT_CASE(area_results_independent_of_selection)
{
    const char *both[] = {"breda_noord", "vlaardingen_west", NULL};
    const char *one[] = {"vlaardingen_west", NULL};
    ws_scenario s2, s1;
    make_scenario(&s2, both, 3, 1, 0.3);
    make_scenario(&s1, one, 3, 1, 0.3);
    ws_results r2, r1;
    run(&s2, &r2);
    run(&s1, &r1);
    for (int i = 0; i < WS_N_INDICATORS; i++)
        for (int y = 0; y < 3; y++) {
            double a = *ws_results_at(&r2, i, 0, y, 1), b = *ws_results_at(&r1, i, 0, y, 0);
            if (memcmp(&a, &b, sizeof a) != 0)
                WT_FAIL("%s year %d: %.17g (with Breda) != %.17g (alone)", ws_indicators[i].name,
                        y, a, b);
        }
    ws_results_close(&r1);
    ws_results_close(&r2);
    ws_scenario_close(&s1);
    ws_scenario_close(&s2);
}

/* Replications differ (independent streams), and a different seed gives different numbers. */
WT_CASE(replications_and_seeds_differ)
{
    const char *ids[] = {"delft_west", NULL};
    ws_scenario s;
    make_scenario(&s, ids, 2, 2, 0.3);
    ws_results r, q;
    run(&s, &r);
    s.seed = 7;
    run(&s, &q);
    double a = *ws_results_at(&r, WS_IND_population, 0, 1, 0);
    double b = *ws_results_at(&r, WS_IND_population, 1, 1, 0);
    double c = *ws_results_at(&q, WS_IND_population, 0, 1, 0);
    WT_CHECK(a != b);
    WT_CHECK(a != c);
    ws_results_close(&r);
    ws_results_close(&q);
    ws_scenario_close(&s);
}

/* The world's invariants hold at the start and after every month of three years. */
WT_CASE(world_invariants_monthly)
{
    ws_area_table t;
    ws_error e;
    WT_EQ_INT(ws_area_table_load(WS_SRC_DIR "/scenarios/areas/nplv2022.csv", &t, &e), 0);
    ws_params p;
    ws_params_defaults(&p);
    int ai = ws_area_table_find(&t, "schiedam_nieuwland_oost");
    ws_world w;
    WT_EQ_INT(ws__world_init(&w, &t.area[ai], ai, &p, 0.3, 1, 0, &e), 0);
    if (ws__world_check(&w, &e)) WT_FAIL("after synthesis: %s", e.msg);
    for (int m = 0; m < 36; m++) {
        WT_EQ_INT(ws__world_step(&w), 0);
        if (ws__world_check(&w, &e)) WT_FAIL("after month %d: %s", m + 1, e.msg);
    }
    ws__world_close(&w);
    ws_area_table_close(&t);
}

/* Every indicator is finite and inside its natural range in every year and area. */
WT_CASE(indicators_finite_and_in_range)
{
    const char *ids[] = {"heerlen_noord", "amsterdam_zuidoost", NULL};
    ws_scenario s;
    make_scenario(&s, ids, 5, 1, 0.1);
    ws_results r;
    run(&s, &r);
    for (int i = 0; i < WS_N_INDICATORS; i++) {
        bool pct = strchr(ws_indicators[i].units, '%') != NULL;
        for (int y = 0; y < r.n_year; y++)
            for (int a = 0; a < r.n_area; a++) {
                double v = *ws_results_at(&r, i, 0, y, a);
                if (!isfinite(v)) WT_FAIL("%s year %d area %d is %g", ws_indicators[i].name, y, a, v);
                if (pct && (v < 0 || v > 100))
                    WT_FAIL("%s year %d area %d = %g is not a percentage", ws_indicators[i].name,
                            y, a, v);
            }
    }
    ws_results_close(&r);
    ws_scenario_close(&s);
}

WT_MAIN(WT_REG(baseline_stability_20y), WT_REG(threads_bit_identical),
        WT_REG(area_results_independent_of_selection), WT_REG(replications_and_seeds_differ),
        WT_REG(world_invariants_monthly), WT_REG(indicators_finite_and_in_range))
