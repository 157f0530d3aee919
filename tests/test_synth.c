/* test_synth.c: the starting population matches the area data (marginals), and the world's
 * invariants hold after synthesis and after simulated months. */
#include "wt.h"
#include "world.h"
#include "wijksim/area.h"

#include <math.h>

static ws_area_table g_areas;
static ws_params g_params;

static void load(void)
{
    if (g_areas.n) return;
    ws_error e;
    int rc = ws_area_table_load(WS_SRC_DIR "/scenarios/areas/nplv2022.csv", &g_areas, &e);
    if (rc) WT_FAIL("cannot load area data: %s", e.msg);
    ws_params_defaults(&g_params);
}

/* Tolerance for a share p (0..1) measured on n units: 4 standard errors, with a design effect
 * of 2 for attributes shared within households. */
static double tol(double p, double n)
{
    double deff = 2.0;
    return 4.0 * sqrt(p * (1 - p) * deff / (n > 1 ? n : 1));
}

typedef struct marg {
    double n[8], k[8];
} marg;

static int g_failures;

/* Prints every marginal; counts those outside the tolerance (the case fails at its end, so
 * one run shows them all). */
static void check_share(const char *area, const char *what, double k, double n, double target_pct)
{
    double p = target_pct / 100, got = n > 0 ? k / n : 0, t = tol(p, n);
    bool bad = fabs(got - p) > t;
    printf("%-24s %-22s target %6.2f %%  got %6.2f %%  tol %5.2f  (n=%.0f)%s\n", area, what,
           target_pct, 100 * got, 100 * t, n, bad ? "  <-- OUT" : "");
    g_failures += bad;
}

static void marginals_of(int ai, double scale)
{
    load();
    const ws_area *a = &g_areas.area[ai];
    ws_world w;
    ws_error e;
    int rc = ws__world_init(&w, a, ai, &g_params, scale, 2026, 0, &e);
    if (rc) WT_FAIL("world init: %s", e.msg);
    WT_EQ_INT(ws__world_check(&w, &e), 0);
    const ws_persons *p = &w.pers;
    double pop = 0, band[5] = {0}, n25 = 0, low = 0, high = 0, n1866 = 0, emp = 0, n18 = 0;
    double good = 0, dist = 0, lone = 0, n15 = 0, unsafe = 0, n18_lang = 0, lang = 0;
    double minors = 0, minors_poor = 0;
    for (size_t i = 0; i < p->n; i++) {
        if (!p->alive[i]) continue;
        int age = p->age_m[i] / 12;
        pop++;
        band[age < 15 ? 0 : age < 25 ? 1 : age < 45 ? 2 : age < 65 ? 3 : 4]++;
        if (age >= 25) {
            n25++;
            low += p->attain[i] == WS_AT_LOW;
            high += p->attain[i] == WS_AT_HIGH;
        }
        if (age >= 18 && age < 67) {
            n1866++;
            emp += p->labour[i] == WS_LB_EMPLOYED;
            n18_lang++;
            lang += (p->flags[i] & WS_PF_LANGUAGE) != 0;
        }
        if (age >= 18) {
            n18++;
            good += p->health[i];
            dist += p->distress[i];
            lone += p->lonely[i];
        }
        if (age >= 15) {
            n15++;
            unsafe += p->unsafe[i];
        }
        if (age < 18) {
            minors++;
            minors_poor += w.hh.lowinc[p->hh[i]];
        }
    }
    double soc = 0;
    for (size_t d = 0; d < w.dw.n; d++) soc += w.dw.tenure[d] == WS_TEN_SOCIAL;
    double hh = 0, bij = 0, lowinc = 0, debt = 0, stud = 0, type[4] = {0};
    for (size_t h = 0; h < w.hh.n; h++) {
        if (!w.hh.alive[h]) continue;
        hh++;
        bij += w.hh.bijstand[h];
        lowinc += w.hh.lowinc[h];
        stud += w.hh.student[h];
        debt += w.hh.debt[h];
        type[w.hh.type[h]]++;
    }
    const char *id = a->id;
    /* residents: households x mean size; the mean size is fitted on a pilot sample of 6000
     * households, so the tolerance is 4 standard errors of a sum of n household sizes plus
     * 4 standard errors of the pilot's mean */
    double want = a->residents * scale, s1 = 0, s2 = 0;
    for (size_t h = 0; h < w.hh.n; h++)
        if (w.hh.alive[h]) {
            s1 += w.hh.nmem[h];
            s2 += (double)w.hh.nmem[h] * w.hh.nmem[h];
        }
    double sd = sqrt(s2 / hh - (s1 / hh) * (s1 / hh));
    double tol_pop = 4 * sd * sqrt(hh) + 4 * sd / sqrt(6000.0) * hh;
    printf("%-24s residents target %.0f got %.0f (tol %.0f)\n", id, want, pop, tol_pop);
    if (fabs(pop - want) > tol_pop) g_failures++;
    check_share(id, "age 0-14", band[0], pop, a->age_0_15);
    check_share(id, "age 15-24", band[1], pop, a->age_15_25);
    check_share(id, "age 25-44", band[2], pop, a->age_25_45);
    check_share(id, "age 45-64", band[3], pop, a->age_45_65);
    check_share(id, "age 65+", band[4], pop, a->age_65p);
    check_share(id, "one-person hh", type[WS_HT_SINGLE], hh, a->hh_one_person);
    check_share(id, "single-parent hh", type[WS_HT_SINGLE_PARENT], hh, a->hh_single_parent);
    check_share(id, "couple+children hh", type[WS_HT_COUPLE_KIDS], hh, a->hh_couple_children);
    check_share(id, "social rent", soc, (double)w.dw.n, a->tenure_social);
    check_share(id, "edu low 25+", low, n25, a->edu_low);
    check_share(id, "edu high 25+", high, n25, a->edu_high);
    check_share(id, "language gap 18-66", lang, n18_lang, a->language_gap);
    check_share(id, "employment 18-66", emp, n1866, a->employment_rate);
    check_share(id, "bijstand hh", bij, hh, a->bijstand_hh);
    check_share(id, "low income hh (no students)", lowinc, hh - stud, a->low_income_hh);
    check_share(id, "problem debt hh", debt, hh, a->problem_debt_hh);
    check_share(id, "child poverty", minors_poor, minors, a->child_poverty);
    check_share(id, "good health 18+", good, n18, a->good_health);
    check_share(id, "distress 18+", dist, n18, a->psych_distress);
    check_share(id, "lonely 18+", lone, n18, a->lonely);
    check_share(id, "feel unsafe 15+", unsafe, n15, a->feel_unsafe);
    ws__world_close(&w);
    if (g_failures) WT_FAIL("%d marginals outside their tolerance (see above)", g_failures);
}

WT_CASE(marginals_rotterdam_zuid)
{
    load();
    marginals_of(ws_area_table_find(&g_areas, "rotterdam_zuid"), 0.25);
}

WT_CASE(marginals_heerlen_noord)
{
    load();
    marginals_of(ws_area_table_find(&g_areas, "heerlen_noord"), 0.5);
}

WT_CASE(marginals_vlaardingen_west)
{
    load();
    marginals_of(ws_area_table_find(&g_areas, "vlaardingen_west"), 1.0);
}

WT_CASE(marginals_all_areas_small)
{
    load();
    for (int a = 0; a < g_areas.n; a++) marginals_of(a, 0.1);
}

WT_MAIN(WT_REG(marginals_rotterdam_zuid), WT_REG(marginals_heerlen_noord),
        WT_REG(marginals_vlaardingen_west), WT_REG(marginals_all_areas_small))
