/* test_mech_health.c: the health mechanisms one at a time on tiny hand-built worlds — decline
 * and recovery of self-rated health, onset of psychological distress and recovery with care
 * capacity, loneliness.
 *
 * Each case runs the health phase for one month and checks every adult against the phase's
 * keyed draws (WS_RP_HEALTH: word 0 health, 1 distress, 2 loneliness): a transition happened
 * iff u < p, with p from the documented ratios restated here. See wt_world.h.
 */
#include "wt.h"
#include "wt_world.h"

#include <math.h>

#define N_ADULTS 48

/* N_ADULTS adults, each alone (every fourth with a partner) in dwellings over two
 * neighbourhoods, with covariate mix k: age 18 to 102, low income, debt, a poor dwelling,
 * distress, loneliness, unemployment or bijstand, a victimisation 5 months ago (recent) or
 * 12 months ago (no longer: the health phase reads the months as the safety phase left
 * them); the partners are 50, healthy and free of everything. The adults' slots go to x; a
 * minor in poor health, distress and loneliness lives with the first (check_minor). */
static void adults(wt_world *t, int32_t x[N_ADULTS])
{
    ws_world *w = &t->w;
    ws_persons *p = &w->pers;
    for (int k = 0; k < N_ADULTS; k++) {
        int32_t i = x[k] = wt_single(t, k < N_ADULTS / 2 ? 0 : 32, WT_YM(18 + (k * 7) % 85, k % 12),
                                     k % 2);
        int32_t h = p->hh[i];
        if (k % 4 == 3) {
            w->hh.type[h] = WS_HT_COUPLE;
            wt_person(t, h, WT_YM(50, 0), 1 - k % 2);
        }
        w->hh.lowinc[h] = k % 3 == 1;
        w->hh.debt[h] = k % 5 == 2;
        w->dw.quality[w->hh.dwelling[h]] = k % 6 == 4 ? 39.9f : 40.0f;
        p->distress[i] = k % 7 == 3;
        p->lonely[i] = k % 8 == 5;
        p->labour[i] = (uint8_t)(k % 9 == 1 ? WS_LB_UNEMPLOYED : k % 9 == 6 ? WS_LB_BIJSTAND
                                                                            : WS_LB_INACTIVE);
        p->victim_m[i] = (uint8_t)(k % 10 == 7 ? 5 : k % 10 == 8 ? 12 : 255);
    }
    /* a minor in poor health with a lonely, distressed parent: the phase passes minors by */
    int32_t kid = wt_person(t, p->hh[x[0]], WT_YM(17, 11), WS_SEX_FEMALE);
    p->health[kid] = 0;
    p->distress[kid] = p->lonely[kid] = 1;
    wt_index(t);
}

/* The minor added by adults() is untouched. */
static void check_minor(const wt_world *t)
{
    const ws_persons *p = &t->w.pers;
    int32_t kid = (int32_t)p->n - 1;
    WT_CHECK(!p->health[kid] && p->distress[kid] && p->lonely[kid]);
}

/* Decline: adults in good health lose it at hlth_decl_h times hlth_hr_age10 per decade from
 * 40, times low income, debt, a dwelling below dw_poor_below and distress. */
WT_CASE(health_decline)
{
    WT_WORLD(t, 64, 2, 41);
    int32_t x[N_ADULTS];
    adults(t, x);
    t->w.cal.hlth_decl_h = 0.08;
    wt_run(t, WT_HEALTH);
    wt_tally decl = WT_TALLY("health decline");
    for (int k = 0; k < N_ADULTS; k++) {
        int32_t i = x[k], h = p->hh[i];
        double r = pow(P->hlth_hr_age10, (p->age_m[i] / 12 - 40) / 10.0);
        if (t->w.hh.lowinc[h]) r *= P->hlth_hr_lowinc;
        if (t->w.hh.debt[h]) r *= P->hlth_hr_debt;
        if (t->w.dw.quality[t->w.hh.dwelling[h]] < 40) r *= P->hlth_hr_poor_dwelling;
        if (p->distress[i]) r *= P->hlth_hr_distress;
        WT_IFF(&decl, i, !p->health[i], wt_uc(t, i, WS_RP_HEALTH, 0), 0.08 * r);
    }
    WT_BOTH(decl);
    check_minor(t);
    wt_world_free(t);
}

/* The monthly recovery probability of adult i: the monthly hlth_recover_p times
 * hlth_recover_hr_age10 per decade of age from 40. */
static double recovery_p(const wt_world *t, int32_t i)
{
    double pm = 1 - pow(1 - t->p.hlth_recover_p, 1.0 / 12);
    return pm * pow(t->p.hlth_recover_hr_age10, (t->w.pers.age_m[i] / 12 - 40) / 10.0);
}

/* Recovery: adults in poor health regain good health with the monthly hlth_recover_p at 40,
 * times hlth_recover_hr_age10 per decade of age from 40 (the age table). */
WT_CASE(health_recovery)
{
    WT_WORLD(t, 64, 2, 42);
    int32_t x[N_ADULTS];
    adults(t, x);
    t->p.hlth_recover_p = 0.95;
    ws__health_tables(&t->w); /* the age tables follow the parameters */
    /* no decline rate: the healthy stay healthy */
    for (int k = 0; k < N_ADULTS; k++) p->health[x[k]] = k % 5 != 0;
    /* a month in which the adult of 93 recovers with a draw in the top fifth below his
     * probability: his age factor is seen */
    const wt_window win = {x[35], WS_RP_HEALTH, 0, 0.8 * recovery_p(t, x[35]),
                           recovery_p(t, x[35])};
    wt_pick_month_in(t, &win, 1);
    wt_run(t, WT_HEALTH);
    wt_tally rec = WT_TALLY("health recovery");
    for (int k = 0; k < N_ADULTS; k++) {
        int32_t i = x[k];
        if (k % 5 == 0)
            WT_IFF(&rec, i, p->health[i], wt_uc(t, i, WS_RP_HEALTH, 0), recovery_p(t, i));
        else
            WT_CHECK(p->health[i]);
    }
    WT_BOTH(rec);
    check_minor(t);
    wt_world_free(t);
}

/* Distress-onset ratio of adult i: debt, unemployment or bijstand, victimised in the last 12
 * months, loneliness, low income. */
static double distress_ratio(const wt_world *t, int32_t i)
{
    const ws_params *P = &t->p;
    const ws_persons *p = &t->w.pers;
    int32_t h = p->hh[i];
    bool jobless = p->labour[i] == WS_LB_UNEMPLOYED || p->labour[i] == WS_LB_BIJSTAND;
    return (t->w.hh.debt[h] ? P->dist_hr_debt : 1) * (jobless ? P->dist_hr_jobless : 1) *
           (p->victim_m[i] < 12 ? P->dist_hr_victim : 1) * (p->lonely[i] ? P->dist_hr_lonely : 1) *
           (t->w.hh.lowinc[h] ? P->dist_hr_lowinc : 1);
}

/* Distress onset: adults without distress get it at dist_on_h times debt, unemployment or
 * bijstand, victimisation in the last 12 months, loneliness and low income. */
WT_CASE(distress_onset)
{
    WT_WORLD(t, 64, 2, 43);
    int32_t x[N_ADULTS];
    adults(t, x);
    t->w.cal.dist_on_h = 0.07;
    bool had[N_ADULTS];
    for (int k = 0; k < N_ADULTS; k++) had[k] = p->distress[x[k]];
    /* a month in which an adult victimised 5 months ago falls ill with a draw in the top
     * third below his probability, and one victimised 12 months ago (no longer recent) stays
     * well with a draw less than half his probability above it: the 12 months are seen */
    double p7 = 0.07 * distress_ratio(t, x[7]), p8 = 0.07 * distress_ratio(t, x[8]);
    const wt_window win[2] = {{x[7], WS_RP_HEALTH, 1, 0.7 * p7, p7},
                              {x[8], WS_RP_HEALTH, 1, p8, 1.5 * p8}};
    wt_pick_month_in(t, win, 2);
    wt_run(t, WT_HEALTH);
    wt_tally on = WT_TALLY("distress onset");
    for (int k = 0; k < N_ADULTS; k++) {
        int32_t i = x[k];
        if (had[k]) { /* no recovery without a recovery rate */
            WT_CHECK(p->distress[i]);
            continue;
        }
        WT_IFF(&on, i, p->distress[i], wt_uc(t, i, WS_RP_HEALTH, 1), 0.07 * distress_ratio(t, i));
    }
    WT_BOTH(on);
    check_minor(t);
    wt_world_free(t);
}

/* Distress recovery: at dist_off_h times the care capacity per person in distress relative
 * to the start (care0), to the power care_elast. */
WT_CASE(distress_recovery_care)
{
    WT_WORLD(t, 64, 2, 44);
    int32_t x[N_ADULTS];
    adults(t, x);
    long nd = 0;
    for (int k = 0; k < N_ADULTS; k++) {
        p->distress[x[k]] = k % 3 != 2;
        nd += p->distress[x[k]];
    }
    nd += 1; /* the minor */
    w->cal.dist_off_h = 0.25;
    w->cal.care0 = 0.1;
    w->inst.care = 0.1 * 2.25 * (double)nd; /* 2.25 times the starting care per case */
    double off = 0.25 * pow(2.25, t->p.care_elast);
    wt_run(t, WT_HEALTH);
    wt_tally rec = WT_TALLY("distress recovery");
    for (int k = 0; k < N_ADULTS; k++) {
        int32_t i = x[k];
        if (k % 3 != 2)
            WT_IFF(&rec, i, !p->distress[i], wt_uc(t, i, WS_RP_HEALTH, 1), off);
        else
            WT_CHECK(!p->distress[i]); /* no onset rate */
    }
    WT_BOTH(rec);
    check_minor(t);
    wt_world_free(t);
}

/* Loneliness: onset at lone_on_h times living alone, 75+ and the neighbourhood's cohesion
 * ratio; recovery at lone_off_h. */
WT_CASE(loneliness)
{
    WT_WORLD(t, 64, 2, 45);
    int32_t x[N_ADULTS];
    adults(t, x);
    w->nbh[1].lone_coh_hr = 0.6;
    w->cal.lone_on_h = 0.12;
    w->cal.lone_off_h = 0.3;
    bool had[N_ADULTS];
    for (int k = 0; k < N_ADULTS; k++) {
        had[k] = k % 4 == 1;
        p->lonely[x[k]] = had[k];
    }
    /* a month in which a lonely adult recovers with a draw in the top fifth below lone_off_h */
    const wt_window win = {x[1], WS_RP_HEALTH, 2, 0.8 * 0.3, 0.3};
    wt_pick_month_in(t, &win, 1);
    wt_run(t, WT_HEALTH);
    wt_tally on = WT_TALLY("loneliness onset"), off = WT_TALLY("loneliness recovery");
    for (int k = 0; k < N_ADULTS; k++) {
        int32_t i = x[k], h = p->hh[i];
        if (had[k]) {
            WT_IFF(&off, i, !p->lonely[i], wt_uc(t, i, WS_RP_HEALTH, 2), 0.3);
            continue;
        }
        double r = (w->hh.nmem[h] == 1 ? P->lone_hr_single : 1) *
                   (p->age_m[i] >= WT_YM(75, 0) ? P->lone_hr_75 : 1) *
                   w->nbh[w->dw.nbh[w->hh.dwelling[h]]].lone_coh_hr;
        WT_IFF(&on, i, p->lonely[i], wt_uc(t, i, WS_RP_HEALTH, 2), 0.12 * r);
    }
    WT_BOTH(on);
    WT_BOTH(off);
    check_minor(t);
    wt_world_free(t);
}

WT_MAIN(WT_REG(health_decline), WT_REG(health_recovery), WT_REG(distress_onset),
        WT_REG(distress_recovery_care), WT_REG(loneliness))
