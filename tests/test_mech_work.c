/* test_mech_work.c: the work, income and debt mechanisms one at a time on tiny hand-built
 * worlds — job loss, job finding with its duration table, bijstand inflow and exit,
 * re-activation, disability, household income (benefits, allowances, the student rule, the
 * poverty line) and problematic debt (onset, exit with debt-service capacity).
 *
 * Each case runs one phase for one month and checks every person (or household) against the
 * phase's keyed draw: a transition happened iff u < p, with p from the documented hazard ratios
 * restated here from the parameters. See wt_world.h.
 */
#include "wt.h"
#include "wt_world.h"

#include <math.h>


/* Labour market ------------------------------------------------------------------------------ */

/* Gives adult i covariate mix v: attainment (none, low, middle, high by v % 4), age (21, 40,
 * 58 by v % 3), poor health (v % 5 == 1), distress (v % 7 == 2), limited Dutch (odd v) and
 * months in its labour state (v * 9 % 70: 0 to 69, past the table's 60). */
static void covariates(wt_world *t, int32_t i, int v)
{
    ws_persons *p = &t->w.pers;
    p->attain[i] = (uint8_t)(v % 4);
    p->age_m[i] = (uint16_t)(v % 3 == 0 ? WT_YM(21, 0) : v % 3 == 1 ? WT_YM(40, 0) : WT_YM(58, 0));
    p->health[i] = v % 5 != 1;
    p->distress[i] = v % 7 == 2;
    if (v % 2) p->flags[i] |= WS_PF_LANGUAGE;
    p->lab_m[i] = (uint16_t)(v * 9 % 70);
}

/* Job-loss hazard ratio: no basic qualification, under 25, poor health. */
static double loss_ratio(const wt_world *t, int32_t i)
{
    const ws_params *P = &t->p;
    const ws_persons *p = &t->w.pers;
    return (p->attain[i] <= WS_AT_LOW ? P->work_loss_hr_low : 1) *
           (p->age_m[i] < WT_YM(25, 0) ? P->work_loss_hr_young : 1) *
           (p->health[i] ? 1 : P->work_loss_hr_health);
}

/* Job-finding hazard ratio with lab_m months out of work: attainment, limited Dutch, 55+,
 * health, distress, and the duration factor work_find_per_month_dur per month (up to 60
 * months, floor 0.3). */
static double find_ratio(const wt_world *t, int32_t i, int lab_m)
{
    const ws_params *P = &t->p;
    const ws_persons *p = &t->w.pers;
    double r = p->attain[i] <= WS_AT_LOW ? P->work_find_hr_low
             : p->attain[i] == WS_AT_HIGH ? P->work_find_hr_high : 1;
    if (p->flags[i] & WS_PF_LANGUAGE) r *= P->work_find_hr_language;
    if (p->age_m[i] >= WT_YM(55, 0)) r *= P->work_find_hr_55;
    if (!p->health[i]) r *= P->work_find_hr_health;
    if (p->distress[i]) r *= P->work_find_hr_distress;
    double dur = pow(P->work_find_per_month_dur, lab_m < 60 ? lab_m : 60);
    return r * (dur < 0.3 ? 0.3 : dur);
}

/* Competing transitions out of one labour state, drawn with one uniform u (WS_RP_LABOUR):
 * rung k (to[k], probability pr[k]) is taken iff u falls in its slice after the rungs before
 * it; a person taking none stays, the spell one month longer. Checks person i (in state from,
 * lab_m0 months) and counts rung k in tally[k]. */
static void check_rungs(const wt_world *t, int32_t i, int from, int lab_m0, const int *to,
                        const double *pr, int n, wt_tally *tally)
{
    const ws_persons *p = &t->w.pers;
    double u = wt_u(t, i, WS_RP_LABOUR), c = 0;
    int expect = from;
    for (int k = 0; k < n && u >= c; k++) {
        if (pr[k] > 0) WT_IFF(&tally[k], i, p->labour[i] == to[k], u, c + pr[k]);
        if (u < c + pr[k]) expect = to[k];
        c += pr[k];
    }
    WT_EQ_INT(p->labour[i], expect);
    WT_EQ_INT(p->lab_m[i], expect == from ? lab_m0 + 1 : 0);
}

/* n adults in labour state s, each alone, with covariate mixes 0..n-1 in consecutive slots
 * from the returned one; with a partner, every fourth also lives with an employed partner. */
static int32_t adults_in(wt_world *t, int n, int s, bool partner)
{
    int32_t first = -1;
    for (int v = 0; v < n; v++) {
        int32_t i = wt_single(t, 0, WT_YM(40, 0), v % 2);
        t->w.pers.labour[i] = (uint8_t)s;
        covariates(t, i, v);
        if (first < 0) first = i;
    }
    for (int v = 0; partner && v < n; v += 4)
        wt_person(t, t->w.pers.hh[first + v], WT_YM(45, 0), WS_SEX_FEMALE);
    return first;
}

/* The probabilities of the rungs out of a labour state for person i (covariate mix v). */
typedef void (*rungs_fn)(const wt_world *t, int32_t i, int v, double *pr);

/* A labour-market case: n adults in state `from` (adults_in), one month of the work phase,
 * every adult checked against the nr rungs (to, rungs) and every rung seen both taken and
 * not taken (tallies tl). */
static void labour_case(wt_world *t, int n, int from, bool partner, const int *to, int nr,
                        rungs_fn rungs, wt_tally *tl)
{
    int32_t first = adults_in(t, n, from, partner);
    wt_index(t);
    wt_run(t, WT_WORK);
    for (int v = 0; v < n; v++) {
        double pr[4];
        rungs(t, first + v, v, pr);
        check_rungs(t, first + v, from, v * 9 % 70, to, pr, nr, tl);
    }
    for (int k = 0; k < nr; k++) WT_BOTH(tl[k]);
}

/* Disability in poor health (dis_h), 0 in good health. */
static double dis_of(const wt_world *t, int32_t i)
{
    return t->w.pers.health[i] ? 0 : t->w.cal.dis_h;
}

static void loss_rungs(const wt_world *t, int32_t i, int v, double *pr)
{
    pr[0] = t->w.cal.loss_h * loss_ratio(t, i);
    pr[1] = dis_of(t, i);
}

/* Job loss: employed persons 18-66 out of education lose their job at loss_h times their
 * ratio; in poor health they may instead become disabled (dis_h). Persons outside the labour
 * ages or still in education are left alone. */
WT_CASE(job_loss)
{
    WT_WORLD(t, 48, 1, 21);
    w->cal.loss_h = 0.15;
    w->cal.dis_h = 0.12;
    int32_t minor = wt_single(t, 0, WT_YM(17, 11), WS_SEX_MALE);
    wt_single(t, 0, WS_AOW_AGE_M, WS_SEX_FEMALE);
    p->stage[wt_single(t, 0, WT_YM(20, 0), WS_SEX_MALE)] = WS_ST_POST;
    for (int k = 0; k < 3; k++) {
        p->labour[minor + k] = WS_LB_EMPLOYED;
        p->health[minor + k] = 0;
        p->lab_m[minor + k] = 4;
    }
    wt_guardian(t, minor); /* retired: outside the labour market */
    wt_tally tl[2] = {WT_TALLY("job loss"), WT_TALLY("disability of the employed")};
    const int to[2] = {WS_LB_UNEMPLOYED, WS_LB_DISABLED};
    labour_case(t, 40, WS_LB_EMPLOYED, false, to, 2, loss_rungs, tl);
    for (int k = 0; k < 3; k++) { /* under 18, at the AOW age, in education: untouched */
        WT_EQ_INT(p->labour[minor + k], WS_LB_EMPLOYED);
        WT_EQ_INT(p->lab_m[minor + k], 4);
    }
    wt_world_free(t);
}

static void find_rungs(const wt_world *t, int32_t i, int v, double *pr)
{
    pr[0] = 1 - exp(-t->w.cal.find_h * find_ratio(t, i, v * 9 % 70));
    pr[1] = v % 4 ? t->w.cal.bij_in_h : 0; /* every fourth has an employed partner */
    pr[2] = dis_of(t, i);
}

/* Job finding: the unemployed find work with probability 1 - exp(-find_h x ratio), the ratio
 * falling with months out of work (the duration table); else, without an earner in the
 * household, they move to bijstand at bij_in_h; else, in poor health, to disability. */
WT_CASE(job_finding)
{
    WT_WORLD(t, 64, 1, 22);
    w->cal.find_h = 0.3;
    w->cal.bij_in_h = 0.15;
    w->cal.dis_h = 0.1;
    wt_tally tl[3] = {WT_TALLY("job finding"), WT_TALLY("bijstand inflow"),
                      WT_TALLY("disability of the unemployed")};
    const int to[3] = {WS_LB_EMPLOYED, WS_LB_BIJSTAND, WS_LB_DISABLED};
    labour_case(t, 48, WS_LB_UNEMPLOYED, true, to, 3, find_rungs, tl);
    wt_world_free(t);
}

/* The duration table as the world starts with it: work_find_per_month_dur to the power of the
 * months out of work, floored at 0.3 (and the age tables of health: decline hlth_hr_age10 per
 * decade from 40, recovery the monthly hlth_recover_p times hlth_recover_hr_age10 per decade
 * from 40). */
WT_CASE(job_finding_duration_table)
{
    ws_area_table at;
    ws_error e;
    if (ws_area_table_load(WS_SRC_DIR "/scenarios/areas/nplv2022.csv", &at, &e))
        WT_FAIL("area data: %s", e.msg);
    int a = ws_area_table_find(&at, "vlaardingen_west");
    WT_CHECK(a >= 0);
    ws_params P;
    ws_params_defaults(&P);
    P.work_find_per_month_dur = 0.95;
    P.hlth_hr_age10 = 1.4;
    ws_world w;
    if (ws__world_init(&w, &at.area[a], a, &P, 0.01, 1, 0, &e)) WT_FAIL("init: %s", e.msg);
    for (int k = 0; k <= 60; k++) WT_DOUBLE(w.dur_tab[k], fmax(0.3, pow(0.95, k)));
    WT_CHECK(w.dur_tab[10] > 0.3 && w.dur_tab[60] == 0.3);
    for (int age = 0; age < 128; age++) {
        WT_DOUBLE(w.age_tab[0][age], pow(1.4, (age - 40) / 10.0));
        WT_DOUBLE(w.age_tab[1][age], (1 - pow(1 - P.hlth_recover_p, 1.0 / 12)) *
                                         pow(P.hlth_recover_hr_age10, (age - 40) / 10.0));
    }
    ws__world_close(&w);
    ws_area_table_close(&at);
}

/* Bijstand inflow only without an earner: with certain inflow and no job finding, the
 * unemployed of a household with an employed member (at the start of the month, even one who
 * loses the job now) stay unemployed, the others go on bijstand. */
WT_CASE(bijstand_inflow)
{
    WT_WORLD(t, 8, 1, 23);
    t->w.cal.bij_in_h = 1;
    t->w.cal.loss_h = 0;
    int32_t alone = wt_single(t, 0, WT_YM(30, 0), WS_SEX_MALE);
    int32_t with_earner = wt_single(t, 0, WT_YM(30, 0), WS_SEX_FEMALE);
    wt_person(t, p->hh[with_earner], WT_YM(33, 0), WS_SEX_MALE);
    int32_t with_retired = wt_single(t, 0, WT_YM(50, 0), WS_SEX_FEMALE);
    wt_person(t, p->hh[with_retired], WT_YM(70, 0), WS_SEX_MALE);
    int32_t with_loser = wt_single(t, 0, WT_YM(30, 0), WS_SEX_FEMALE);
    int32_t loser = wt_person(t, p->hh[with_loser], WT_YM(33, 0), WS_SEX_MALE);
    int32_t two = wt_single(t, 0, WT_YM(40, 0), WS_SEX_FEMALE);
    int32_t two_b = wt_person(t, p->hh[two], WT_YM(42, 0), WS_SEX_MALE);
    const int32_t un[6] = {alone, with_earner, with_retired, with_loser, two, two_b};
    for (int k = 0; k < 6; k++) p->labour[un[k]] = WS_LB_UNEMPLOYED;
    p->health[loser] = 0;
    t->w.cal.dis_h = 1; /* the earner of with_loser leaves work this month */
    wt_index(t);
    wt_run(t, WT_WORK);
    WT_EQ_INT(p->labour[loser], WS_LB_DISABLED);
    const int expect[6] = {WS_LB_BIJSTAND, WS_LB_UNEMPLOYED, WS_LB_BIJSTAND,
                           WS_LB_UNEMPLOYED, WS_LB_BIJSTAND, WS_LB_BIJSTAND};
    for (int k = 0; k < 6; k++) WT_EQ_INT(p->labour[un[k]], expect[k]);
    wt_world_free(t);
}

static void bij_rungs(const wt_world *t, int32_t i, int v, double *pr)
{
    double share = t->p.work_bij_work_share, out = t->w.cal.bij_out_h;
    pr[0] = 1 - exp(-out * share * find_ratio(t, i, v * 9 % 70));
    pr[1] = out * (1 - share);
    pr[2] = dis_of(t, i);
}

/* Bijstand exit: to work with 1 - exp(-bij_out_h x work_bij_work_share x job-finding ratio),
 * else to inactivity with bij_out_h x (1 - work_bij_work_share), else, in poor health, to
 * disability at dis_h (as from every other labour state of the labour ages). */
WT_CASE(bijstand_exit)
{
    const int to[3] = {WS_LB_EMPLOYED, WS_LB_INACTIVE, WS_LB_DISABLED};
    wt_tally tl[3] = {WT_TALLY("bijstand exit to work"), WT_TALLY("bijstand exit to inactivity"),
                      WT_TALLY("disability of bijstand recipients")};
    WT_WORLD(t, 48, 1, 24);
    w->cal.bij_out_h = 0.35;
    w->cal.dis_h = 0.3;
    labour_case(t, 40, WS_LB_BIJSTAND, false, to, 3, bij_rungs, tl);
    wt_world_free(t);
}

static void react_rungs(const wt_world *t, int32_t i, int v, double *pr)
{
    /* adults_in: every fourth (v % 4 == 0) lives with an employed partner; the others are a
     * household with no income at all */
    pr[0] = t->w.cal.react_h * (v % 4 == 0 ? 1 : t->w.cal.react_noinc);
    pr[1] = dis_of(t, i);
}

/* Re-activation: the inactive start seeking work at react_h a month, times react_noinc when
 * their household has no income at all (here: alone, against those with an employed
 * partner); else, in poor health, become disabled at dis_h. */
WT_CASE(reactivation)
{
    WT_WORLD(t, 48, 1, 25);
    w->cal.react_h = 0.25;
    w->cal.react_noinc = 1.6;
    w->cal.dis_h = 0.3;
    wt_tally tl[2] = {WT_TALLY("re-activation"), WT_TALLY("disability of the inactive")};
    const int to[2] = {WS_LB_UNEMPLOYED, WS_LB_DISABLED};
    labour_case(t, 40, WS_LB_INACTIVE, true, to, 2, react_rungs, tl);
    wt_world_free(t);
}

/* Disability: with certain onset and every other hazard 0, persons in poor health who work,
 * seek work, are on bijstand or are inactive become disabled; those in good health, the
 * disabled, students and the retired stay as they are. */
WT_CASE(disability)
{
    WT_WORLD(t, 16, 1, 26);
    t->w.cal.dis_h = 1;
    static const int from[7] = {WS_LB_EMPLOYED, WS_LB_UNEMPLOYED, WS_LB_BIJSTAND, WS_LB_INACTIVE,
                                WS_LB_DISABLED, WS_LB_STUDENT, WS_LB_RETIRED};
    int32_t x[14];
    for (int k = 0; k < 14; k++) {
        x[k] = wt_single(t, 0, from[k % 7] == WS_LB_RETIRED ? WT_YM(70, 0) : WT_YM(45, 0), k % 2);
        p->labour[x[k]] = (uint8_t)from[k % 7];
        p->health[x[k]] = k >= 7;
        if (from[k % 7] == WS_LB_STUDENT) p->stage[x[k]] = WS_ST_SECONDARY;
    }
    wt_index(t);
    wt_run(t, WT_WORK);
    for (int k = 0; k < 14; k++)
        WT_EQ_INT(p->labour[x[k]], k < 4 ? WS_LB_DISABLED : from[k % 7]);
    wt_world_free(t);
}

/* Household income ------------------------------------------------------------------------- */

/* Monthly net earnings of person i: NL level by attainment x age profile (work_earn_age_*)
 * x multiplier. */
static double earnings(const wt_world *t, int32_t i)
{
    const ws_params *P = &t->p;
    const ws_persons *p = &t->w.pers;
    double lvl = p->attain[i] == WS_AT_HIGH ? P->work_earn_high
               : p->attain[i] == WS_AT_MID ? P->work_earn_mid : P->work_earn_low;
    int age = p->age_m[i] / 12;
    double prof = age < 25 ? P->work_earn_age_u25 : age < 35 ? P->work_earn_age_25_34
                : age < 55 ? P->work_earn_age_35_54 : 1.0;
    return lvl * prof * p->earn[i];
}

/* Income plus the allowances of a household with this poverty line: the full allowance below
 * the line, tapering to 0 at (1 + ben_allowance_taper) x the line. */
static double with_allowance(const ws_params *P, double inc, double line)
{
    double top = (1 + P->ben_allowance_taper) * line;
    if (inc >= top) return inc;
    double taper = (top - inc) / (P->ben_allowance_taper * line);
    return inc + P->ben_allowance * (inc < line ? 1 : taper);
}

static double line_of(const ws_params *P, int adults, int kids)
{
    return P->pov_line_single * (1 + P->pov_eq_adult * (adults - 1) + P->pov_eq_child * kids);
}

/* An adult of age_m months in household h (a new one in the next dwelling when h < 0) in
 * labour state s with attainment at. */
static int32_t member(wt_world *t, int32_t h, int age_m, int s, int at, double earn)
{
    int32_t i = h < 0 ? wt_single(t, 0, age_m, WS_SEX_FEMALE)
                      : wt_person(t, h, age_m, WS_SEX_MALE);
    t->w.pers.labour[i] = (uint8_t)s;
    t->w.pers.attain[i] = (uint8_t)at;
    t->w.pers.earn[i] = (float)earn;
    return i;
}

/* Checks household h's income (float), bijstand and low-income flags. */
static void check_income(const wt_world *t, int32_t h, double inc, bool bij, bool low)
{
    WT_FLOAT(t->w.hh.income[h], inc);
    WT_EQ_INT(t->w.hh.bijstand[h], bij);
    WT_EQ_INT(t->w.hh.lowinc[h], low);
}

/* Benefits: earnings, unemployment benefit (a share of the earnings), bijstand topping the
 * household up to its norm (single or couple) whatever else it has, disability benefit, AOW
 * (ben_aow_couple each for two) with a pension by attainment, child benefits per minor. */
WT_CASE(income_benefits)
{
    WT_WORLD(t, 16, 1, 27);
    const int32_t *hh = t->w.pers.hh;
    int32_t a = member(t, -1, WT_YM(40, 0), WS_LB_EMPLOYED, WS_AT_MID, 1.2);
    int32_t b = member(t, -1, WT_YM(45, 0), WS_LB_BIJSTAND, WS_AT_LOW, 1);
    int32_t c = member(t, -1, WT_YM(35, 0), WS_LB_BIJSTAND, WS_AT_LOW, 1);
    int32_t c2 = member(t, hh[c], WT_YM(30, 0), WS_LB_UNEMPLOYED, WS_AT_LOW, 1);
    wt_person(t, hh[c], WT_YM(5, 0), WS_SEX_MALE);
    wt_person(t, hh[c], WT_YM(17, 11), WS_SEX_FEMALE);
    int32_t d = member(t, -1, WT_YM(40, 0), WS_LB_BIJSTAND, WS_AT_LOW, 1);
    int32_t d2 = member(t, hh[d], WT_YM(40, 0), WS_LB_UNEMPLOYED, WS_AT_HIGH, 1.5);
    int32_t e = member(t, -1, WT_YM(70, 0), WS_LB_RETIRED, WS_AT_LOW, 1);
    int32_t f = member(t, -1, WT_YM(70, 0), WS_LB_RETIRED, WS_AT_HIGH, 1);
    member(t, hh[f], WT_YM(68, 0), WS_LB_RETIRED, WS_AT_MID, 1);
    int32_t g = member(t, -1, WT_YM(50, 0), WS_LB_DISABLED, WS_AT_MID, 1);
    wt_person(t, hh[g], WT_YM(10, 0), WS_SEX_FEMALE);
    int32_t k = member(t, -1, WT_YM(30, 0), WS_LB_INACTIVE, WS_AT_MID, 1);
    int32_t k2 = member(t, hh[k], WT_YM(30, 0), WS_LB_EMPLOYED, WS_AT_MID, 1);
    wt_index(t);
    wt_run(t, WT_INCOME);
    check_income(t, hh[a], earnings(t, a), 0, 0);
    check_income(t, hh[b], with_allowance(P, P->ben_bijstand_single, P->pov_line_single), 1, 0);
    double ww = P->ben_ww_repl * earnings(t, c2);
    WT_CHECK(ww < P->ben_bijstand_couple);
    double inc_c = with_allowance(P, P->ben_bijstand_couple + 2 * P->ben_child, line_of(P, 2, 2));
    check_income(t, hh[c], inc_c, 1, inc_c < line_of(P, 2, 2));
    ww = P->ben_ww_repl * earnings(t, d2);
    WT_CHECK(ww > P->ben_bijstand_couple); /* above the norm: no top-up */
    check_income(t, hh[d], with_allowance(P, ww, line_of(P, 2, 0)), 1, 0);
    double aow = P->ben_aow + P->ben_pension_low * P->ben_pension_mid; /* no basic qualification */
    check_income(t, hh[e], with_allowance(P, aow, line_of(P, 1, 0)), 0, 0);
    check_income(t, hh[f], 2 * P->ben_aow_couple * P->ben_aow +
                               (P->ben_pension_high + 1) * P->ben_pension_mid, 0, 0);
    double inc_g = with_allowance(P, P->ben_disability + P->ben_child, line_of(P, 1, 1));
    check_income(t, hh[g], inc_g, 0, inc_g < line_of(P, 1, 1));
    check_income(t, hh[k], with_allowance(P, earnings(t, k2), line_of(P, 2, 0)), 0, 0);
    WT_CHECK(t->w.hh.lowinc[hh[c]] && t->w.hh.lowinc[hh[g]]);
    wt_world_free(t);
}

/* The poverty line: the single threshold times the equivalence scale (second adult, each
 * minor); allowances in full below it and tapering to 1.4 x the line; low income is income
 * after allowances below the line, except in student households (every adult a student),
 * which CBS leaves out. */
WT_CASE(income_poverty_line)
{
    WT_WORLD(t, 16, 1, 28);
    const ws_households *H = &t->w.hh;
    double line = P->pov_line_single;
    /* singles earning (before allowances): well below, just below and just above line - 250,
     * in the taper, above 1.4 x the line */
    const double gross[5] = {900, line - P->ben_allowance - 1, line - P->ben_allowance + 1,
                             1.2 * line, 1.5 * line};
    int32_t s[5];
    double mid40 = P->work_earn_mid * P->work_earn_age_35_54; /* employed, 40, middle */
    for (int k = 0; k < 5; k++)
        s[k] = member(t, -1, WT_YM(40, 0), WS_LB_EMPLOYED, WS_AT_MID, gross[k] / mid40);
    int32_t fam = member(t, -1, WT_YM(40, 0), WS_LB_EMPLOYED, WS_AT_MID, 0.8);
    member(t, H->n - 1, WT_YM(38, 0), WS_LB_INACTIVE, WS_AT_MID, 1);
    for (int k = 0; k < 3; k++) wt_person(t, (int32_t)H->n - 1, WT_YM(2 + 4 * k, 0), k % 2);
    int32_t stu = member(t, -1, WT_YM(20, 0), WS_LB_STUDENT, WS_AT_MID, 1);
    int32_t stu2 = member(t, -1, WT_YM(21, 0), WS_LB_STUDENT, WS_AT_MID, 1);
    member(t, t->w.pers.hh[stu2], WT_YM(22, 0), WS_LB_STUDENT, WS_AT_MID, 1);
    int32_t mix = member(t, -1, WT_YM(21, 0), WS_LB_STUDENT, WS_AT_MID, 1);
    member(t, t->w.pers.hh[mix], WT_YM(22, 0), WS_LB_UNEMPLOYED, WS_AT_LOW, 0.5);
    wt_index(t);
    wt_run(t, WT_INCOME);
    const int32_t *hh = t->w.pers.hh;
    for (int k = 0; k < 5; k++) {
        double inc = with_allowance(P, earnings(t, s[k]), line);
        check_income(t, hh[s[k]], inc, 0, inc < line);
        WT_EQ_INT(H->lowinc[hh[s[k]]], k < 2);
    }
    WT_FLOAT(H->income[hh[s[3]]], 1.2 * line + P->ben_allowance * 0.2 / 0.4); /* the taper */
    WT_FLOAT(H->income[hh[s[4]]], 1.5 * line);
    double fam_line = line * (1 + P->pov_eq_adult + 3 * P->pov_eq_child);
    double inc = with_allowance(P, earnings(t, fam) + 3 * P->ben_child, fam_line);
    check_income(t, hh[fam], inc, 0, inc < fam_line);
    WT_EQ_INT(H->lowinc[hh[fam]], 1);
    WT_EQ_INT(H->student[hh[stu]], 1);
    /* below the line, left out */
    check_income(t, hh[stu], with_allowance(P, P->ben_student, line), 0, 0);
    WT_EQ_INT(H->student[hh[stu2]], 1);
    WT_EQ_INT(H->lowinc[hh[stu2]], 0);
    WT_EQ_INT(H->student[hh[mix]], 0); /* one adult is not a student: counted */
    double ww_mix = P->ben_ww_repl * P->work_earn_low * P->work_earn_age_u25 * 0.5;
    double inc_mix = with_allowance(P, P->ben_student + ww_mix, line_of(P, 2, 0));
    check_income(t, hh[mix], inc_mix, 0, 1);
    wt_world_free(t);
}

/* Debt ------------------------------------------------------------------------------------- */

/* Households for the debt cases: 40 of them, in debt or not, low-income or not, with or
 * without an employed adult, single parents or not (by k). */
static void debt_households(wt_world *t, bool debt_of_k(int k))
{
    ws_world *w = &t->w;
    for (int k = 0; k < 40; k++) {
        int32_t i = wt_single(t, 0, WT_YM(35, 0), k % 2);
        int32_t h = w->pers.hh[i];
        w->pers.labour[i] = k % 3 ? WS_LB_UNEMPLOYED : WS_LB_EMPLOYED;
        if (k % 5 == 1) {
            w->hh.type[h] = WS_HT_SINGLE_PARENT;
            wt_person(t, h, WT_YM(8, 0), WS_SEX_MALE);
        }
        w->hh.lowinc[h] = k % 4 == 1;
        w->hh.debt[h] = debt_of_k(k);
    }
    wt_index(t);
}

static bool debt_none(int k)
{
    return k % 8 == 7; /* a few already in debt: they stay (no exit) */
}

static bool debt_all(int k)
{
    return k % 8 != 7; /* a few not in debt: they stay out (no onset) */
}

/* Debt onset: households not in debt get problematic debt at debt_on_h times their ratio (low
 * income, no employed member, single parent). */
WT_CASE(debt_onset)
{
    WT_WORLD(t, 40, 1, 29);
    debt_households(t, debt_none);
    w->cal.debt_on_h = 0.12;
    wt_run(t, WT_DEBT);
    wt_tally on = WT_TALLY("debt onset");
    for (int32_t h = 0; h < 40; h++) {
        if (debt_none(h)) {
            WT_EQ_INT(w->hh.debt[h], 1);
            continue;
        }
        int32_t i = w->members[w->hh.first[h]];
        double r = (w->hh.lowinc[h] ? P->debt_hr_lowinc : 1) *
                   (w->pers.labour[i] == WS_LB_EMPLOYED ? 1 : P->debt_hr_joblessness) *
                   (w->hh.type[h] == WS_HT_SINGLE_PARENT ? P->debt_hr_single_parent : 1);
        WT_IFF(&on, h, w->hh.debt[h], wt_u(t, h, WS_RP_DEBT), 0.12 * r);
    }
    WT_BOTH(on);
    wt_world_free(t);
}

/* Debt exit: households in debt leave it at debt_off_h times the debt service's capacity per
 * household in debt relative to the start (debt_serv0), to the power debt_service_elast. */
WT_CASE(debt_exit)
{
    WT_WORLD(t, 40, 1, 30);
    debt_households(t, debt_all);
    long in_debt = 0;
    for (int k = 0; k < 40; k++) in_debt += debt_all(k);
    w->cal.debt_off_h = 0.2;
    w->cal.debt_serv0 = 0.05;
    w->inst.debt_service = 0.1 * (double)in_debt; /* twice the starting capacity per case */
    wt_run(t, WT_DEBT);
    double off = 0.2 * pow(2.0, t->p.debt_service_elast);
    wt_tally ex = WT_TALLY("debt exit");
    for (int32_t h = 0; h < 40; h++) {
        if (debt_all(h))
            WT_IFF(&ex, h, !w->hh.debt[h], wt_u(t, h, WS_RP_DEBT), off);
        else
            WT_EQ_INT(w->hh.debt[h], 0);
    }
    WT_BOTH(ex);
    wt_world_free(t);
}

WT_MAIN(WT_REG(job_loss), WT_REG(job_finding), WT_REG(job_finding_duration_table),
        WT_REG(bijstand_inflow), WT_REG(bijstand_exit), WT_REG(reactivation),
        WT_REG(disability), WT_REG(income_benefits), WT_REG(income_poverty_line),
        WT_REG(debt_onset), WT_REG(debt_exit))
