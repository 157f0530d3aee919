/* indicators.c: the yearly indicators of an area — one tally of the December state and the
 * year's flows, then one function per indicator of include/wijksim/indicators.def.
 *
 * Design. ws__record_year walks persons, households, dwellings and neighbourhoods once into a
 * `tally` (counts in slot order, so sums are the same for any thread count), then fills every
 * indicator from its function ind_<name>(world, tally). The function table is generated from
 * indicators.def, so an indicator without a function does not compile, and a function without
 * an indicator is an unused-function warning: a new indicator is its .def line, its function
 * here and, when it needs a new count, a field of `tally` counted in tally_year. Rates whose
 * denominator is empty are NaN (e.g. achievement in a year when no pupil turned 12); counts are
 * scaled up by 1/scale. Stocks are measured in December; flows (births, deaths, dropouts,
 * offences, moves) come from the year's accumulators (ws_year_acc), which this resets.
 */
#include "world.h"

#include <math.h>
#include <string.h>

/* Age limits (years) of the indicators: fixed by their definitions in
 * include/wijksim/indicators.def (and the statistics they follow), not model coefficients. */
#define AGE_ADULT 18     /* minors are 0-17 (age of majority; CBS child poverty counts minors) */
#define AGE_OLD 65       /* share 65+: CBS age band */
#define AGE_YOUNG_END 25 /* basic qualification at 18-24, youth offending at 12-24 */
#define AGE_YOUTH 12     /* youth offending from 12 (age of criminal responsibility) */
#define AGE_NET 16       /* network members 16-34 */
#define AGE_NET_END 35
#define AGE_SURVEY 15 /* feeling unsafe and victimisation: CBS Veiligheidsmonitor, 15+ */

/* What the indicators are computed from: December stocks (persons, households, dwellings,
 * neighbourhood scores) counted in slot order. */
typedef struct tally {
    /* persons */
    double pop, minors, minors_poor, old, n1824, sk1824, n1866, emp, unemp;
    double n1224, offended, n1634, net, n15, unsafe, victims, n18, good, distress, lonely;
    /* households */
    double hh, stud, bij, low, debt, inc;
    /* dwellings */
    double ndw, quality, social, vacant;
    /* neighbourhoods: household-weighted Leefbaarometer dimensions and cohesion, resident-
     * weighted undermining */
    double lbm[5], score, cohesion, wsum, undermining;
    /* the year's flows per resident and household: mean population over the months */
    double mean_pop, mean_hh;
} tally;
_Static_assert(sizeof((tally *)0)->lbm == sizeof((ws_nbh *)0)->lbm,
               "tally and neighbourhood hold the same Leefbaarometer dimensions");

static void tally_year(const ws_world *w, tally *t)
{
    const ws_persons *p = &w->pers;
    const ws_households *H = &w->hh;
    memset(t, 0, sizeof *t);
    for (size_t i = 0; i < p->n; i++) {
        if (!p->alive[i]) continue;
        int am = p->age_m[i];
        t->pop++;
        if (am < AGE_ADULT * 12) {
            t->minors++;
            t->minors_poor += H->lowinc[p->hh[i]];
        }
        if (am >= AGE_OLD * 12) t->old++;
        if (am >= AGE_ADULT * 12 && am < AGE_YOUNG_END * 12) {
            t->n1824++;
            t->sk1824 += p->attain[i] >= WS_AT_MID;
        }
        if (am >= AGE_ADULT * 12 && am < WS_AOW_AGE_M) {
            t->n1866++;
            t->emp += p->labour[i] == WS_LB_EMPLOYED;
            t->unemp += p->labour[i] == WS_LB_UNEMPLOYED;
        }
        if (am >= AGE_YOUTH * 12 && am < AGE_YOUNG_END * 12) {
            t->n1224++;
            t->offended += (p->flags[i] & WS_PF_OFFENDED_Y) != 0;
        }
        if (am >= AGE_NET * 12 && am < AGE_NET_END * 12) {
            t->n1634++;
            t->net += p->network[i];
        }
        if (am >= AGE_SURVEY * 12) {
            t->n15++;
            t->unsafe += p->unsafe[i];
            t->victims += (p->flags[i] & WS_PF_VICTIM_Y) != 0;
        }
        if (am >= AGE_ADULT * 12) {
            t->n18++;
            t->good += p->health[i];
            t->distress += p->distress[i];
            t->lonely += p->lonely[i];
        }
    }
    for (size_t h = 0; h < H->n; h++) {
        if (!H->alive[h]) continue;
        t->hh++;
        t->stud += H->student[h];
        t->bij += H->bijstand[h];
        t->low += H->lowinc[h];
        t->debt += H->debt[h];
        t->inc += H->income[h];
    }
    for (size_t d = 0; d < w->dw.n; d++) {
        t->quality += w->dw.quality[d];
        t->social += w->dw.tenure[d] == WS_TEN_SOCIAL;
        t->vacant += w->dw.hh[d] < 0;
    }
    t->ndw = (double)w->dw.n;
    for (int k = 0; k < w->n_nbh; k++) {
        const ws_nbh *nb = &w->nbh[k];
        double wt = (double)nb->households;
        for (size_t j = 0; j < sizeof t->lbm / sizeof t->lbm[0]; j++)
            t->lbm[j] += wt * nb->lbm[j];
        t->cohesion += wt * nb->cohesion;
        t->undermining += (double)nb->residents * nb->undermining;
        t->wsum += wt;
    }
    for (size_t j = 0; j < sizeof t->lbm / sizeof t->lbm[0]; j++) {
        t->lbm[j] = t->wsum > 0 ? t->lbm[j] / t->wsum : 0;
        t->score += t->lbm[j];
    }
    t->mean_pop = w->acc.person_months / 12;
    t->mean_hh = w->acc.hh_months / 12;
}

/* a as a percentage of b; NaN when b is 0 (no one to count) */
#define PCT(a, b) ((b) > 0 ? 100.0 * (a) / (b) : NAN)
/* a flow per 1000 mean residents */
#define PER1000(a) (t->mean_pop > 0 ? (a) / t->mean_pop * 1000 : NAN)
#define IND(name) static double ind_##name(const ws_world *w, const tally *t)

/* One line per indicator, as in indicators.def. */
/* clang-format off */
/* demography */
IND(population) { return t->pop / w->scale; }
IND(households) { return t->hh / w->scale; }
IND(share_minors) { return PCT(t->minors, t->pop); }
IND(share_65plus) { return PCT(t->old, t->pop); }
IND(births_per_1000) { return PER1000(w->acc.births); }
/* education */
IND(edu_early_school_leaving) { return PCT(w->acc.dropouts, w->acc.pupil_months / 12); }
IND(edu_basic_qualification) { return PCT(t->sk1824, t->n1824); }
IND(edu_achievement) { return w->acc.ach_n > 0 ? w->acc.ach_sum / w->acc.ach_n : NAN; }
IND(edu_low_advice) { return PCT(w->acc.adv_low, w->acc.ach_n); }
/* work, income and debt */
IND(work_employment_rate) { return PCT(t->emp, t->n1866); }
IND(work_unemployment_rate) { return PCT(t->unemp, t->emp + t->unemp); }
IND(work_bijstand_households) { return PCT(t->bij, t->hh); }
/* CBS leaves student households out of its low-income figures */
IND(work_low_income_households) { return PCT(t->low, t->hh - t->stud); }
IND(work_problem_debt_households) { return PCT(t->debt, t->hh); }
IND(work_child_poverty) { return PCT(t->minors_poor, t->minors); }
IND(work_mean_household_income) { return t->hh > 0 ? t->inc / t->hh : NAN; }
/* safety */
IND(safety_crime_per_1000) { return PER1000(w->acc.offences); }
IND(safety_youth_offending) { return PCT(t->offended, t->n1224); }
IND(safety_network_members) { return PCT(t->net, t->n1634); }
IND(safety_undermining_index) { return t->pop > 0 ? t->undermining / t->pop : NAN; }
IND(safety_feel_unsafe) { return PCT(t->unsafe, t->n15); }
IND(safety_victimisation) { return PCT(t->victims, t->n15); }
/* housing */
IND(housing_quality_index) { return t->ndw > 0 ? t->quality / t->ndw : NAN; }
IND(housing_social_rent_share) { return PCT(t->social, t->ndw); }
IND(housing_moves_out_rate) { return PCT(w->acc.moves_out, t->mean_hh); }
IND(housing_moves_in_rate) { return PCT(w->acc.moves_in, t->mean_hh); }
IND(housing_income_gap_movers)
{
    const ws_year_acc *a = &w->acc;
    return a->moves_out > 0 && a->moves_in > 0
               ? a->inc_out / a->moves_out - a->inc_in / a->moves_in
               : NAN;
}
IND(housing_vacancy_rate) { return PCT(t->vacant, t->ndw); }
/* health */
IND(health_good_selfrated) { return PCT(t->good, t->n18); }
IND(health_psych_distress) { return PCT(t->distress, t->n18); }
IND(health_lonely) { return PCT(t->lonely, t->n18); }
IND(health_mortality_per_1000) { return PER1000(w->acc.deaths); }
/* liveability */
IND(liveability_score) { return t->score; }
IND(liveability_class) { return (double)ws__lbm_class(t->score); }
IND(liveability_housing) { return t->lbm[0]; }
IND(liveability_environment) { return t->lbm[1]; }
IND(liveability_amenities) { return t->lbm[2]; }
IND(liveability_cohesion) { return t->lbm[3]; }
IND(liveability_nuisance) { return t->lbm[4]; }
IND(social_cohesion) { return t->wsum > 0 ? t->cohesion / t->wsum : NAN; }
/* denominators for costs per unit of improvement (scaled up like the counts) */
IND(count_pupils_12_23) { return w->acc.pupil_months / 12 / w->scale; }
IND(count_18_66) { return t->n1866 / w->scale; }
IND(count_12_24) { return t->n1224 / w->scale; }
IND(count_minors) { return t->minors / w->scale; }
IND(count_18plus) { return t->n18 / w->scale; }

/* clang-format on */

#undef IND
#undef PER1000
#undef PCT

/* One function per indicator, in indicators.def order (a missing one does not compile). */
static double (*const g_ind[WS_N_INDICATORS])(const ws_world *, const tally *) = {
#define WS_INDICATOR(name, domain, units, better, label, desc) ind_##name,
#include "wijksim/indicators.def"
#undef WS_INDICATOR
};

void ws__record_year(ws_world *w, ws_results *out, int rep, int y, int a)
{
    tally t;
    tally_year(w, &t);
    for (int i = 0; i < WS_N_INDICATORS; i++)
        *ws_results_at(out, i, rep, y, a) = g_ind[i](w, &t);
    ws__iv_record(w, out, rep, y, a);
    /* new year: clear yearly flags and counters */
    for (size_t i = 0; i < w->pers.n; i++)
        w->pers.flags[i] &= (uint8_t) ~(WS_PF_OFFENDED_Y | WS_PF_VICTIM_Y | WS_PF_DROPPED_Y);
    memset(&w->acc, 0, sizeof w->acc);
}
