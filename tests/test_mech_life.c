/* test_mech_life.c: the life-course mechanisms one at a time on tiny hand-built worlds —
 * demography (ageing and retirement, mortality, births, leaving home) and education (school
 * entry, achievement, advice and track, dropout, completion, higher education, return).
 *
 * Each case runs one phase for one month and checks every person against the phase's own
 * keyed draw: a transition happened iff u < p, with p from the documented formula, restated
 * here from the parameters (not taken from the model's helpers) so that a change in the
 * mechanism fails the case named after it. See wt_world.h.
 */
#include "wt.h"
#include "wt_world.h"

#include <gsl/gsl_cdf.h>
#include <math.h>


/* Demography --------------------------------------------------------------------------------- */

/* Annual NL mortality of mortality band b (0, 1-14, 15-44, 45-64, 65-79, 80+): params.def. */
static double band_q(const ws_params *P, int b)
{
    const double q[6] = {P->mort_q0,     P->mort_q1_14,  P->mort_q15_44,
                         P->mort_q45_64, P->mort_q65_79, P->mort_q80p};
    return q[b];
}

static int band_of(int years)
{
    return years < 1 ? 0 : years < 15 ? 1 : years < 45 ? 2 : years < 65 ? 3 : years < 80 ? 4 : 5;
}

/* Monthly death probability of person i aged age0 months before ageing: the annual NL
 * probability of the band of its age after ageing (mort_old_mult times from mort_old_age),
 * times the area's band multiplier, mort_hr_male for men and mort_hr_poor_health in poor
 * health, capped at mort_q_max. */
static double death_p(const wt_world *t, int32_t i, int age0)
{
    const ws_params *P = &t->p;
    int age = (age0 + 1) / 12, b = band_of(age);
    double old = age >= P->mort_old_age ? P->mort_old_mult : 1;
    double q = band_q(P, b) * old * t->w.cal.mort_mult[b];
    if (t->w.pers.sex[i] == WS_SEX_MALE) q *= P->mort_hr_male;
    if (!t->w.pers.health[i]) q *= P->mort_hr_poor_health;
    return 1 - pow(1 - (q > P->mort_q_max ? P->mort_q_max : q), 1.0 / 12);
}

/* Ageing adds a month to everyone; the month a person reaches the AOW age (67) they retire
 * from any labour state, once: before and after that month nothing changes. */
WT_CASE(ageing_retirement)
{
    WT_WORLD(t, 8, 1, 1);
    t->p.leave_home_p = 0; /* mortality and fertility multipliers are 0 */
    int32_t emp = wt_single(t, 0, WS_AOW_AGE_M - 1, WS_SEX_MALE);
    int32_t dis = wt_single(t, 0, WS_AOW_AGE_M - 1, WS_SEX_FEMALE);
    int32_t young = wt_single(t, 0, WS_AOW_AGE_M - 2, WS_SEX_MALE);
    int32_t old = wt_single(t, 0, WS_AOW_AGE_M, WS_SEX_FEMALE);
    int32_t early = wt_single(t, 0, WS_AOW_AGE_M - 1, WS_SEX_FEMALE);
    int32_t late = wt_single(t, 0, WT_YM(70, 0), WS_SEX_MALE);
    int32_t baby = wt_person(t, p->hh[late], 0, WS_SEX_FEMALE);
    p->labour[dis] = WS_LB_DISABLED;
    p->lab_m[dis] = 30;
    p->lab_m[young] = 7;
    p->lab_m[old] = 12;
    p->labour[early] = WS_LB_RETIRED;
    p->lab_m[early] = 5;
    p->labour[late] = WS_LB_EMPLOYED; /* past the AOW age without having retired */
    p->lab_m[late] = 3;
    wt_index(t);
    uint16_t age0[8];
    for (size_t i = 0; i < p->n; i++) age0[i] = p->age_m[i];
    wt_run(t, WT_DEMOGRAPHY);
    for (size_t i = 0; i < p->n; i++) {
        WT_CHECK(p->alive[i]);
        WT_EQ_INT(p->age_m[i], age0[i] + 1);
    }
    WT_EQ_INT(p->labour[emp], WS_LB_RETIRED);
    WT_EQ_INT(p->lab_m[emp], 0);
    WT_EQ_INT(p->labour[dis], WS_LB_RETIRED);
    WT_EQ_INT(p->lab_m[dis], 0);
    WT_EQ_INT(p->labour[young], WS_LB_EMPLOYED);
    WT_EQ_INT(p->lab_m[young], 7);
    WT_EQ_INT(p->labour[old], WS_LB_RETIRED);
    WT_EQ_INT(p->lab_m[old], 12);
    WT_EQ_INT(p->labour[early], WS_LB_RETIRED);
    WT_EQ_INT(p->lab_m[early], 5); /* already retired: the spell goes on */
    WT_EQ_INT(p->labour[late], WS_LB_EMPLOYED);
    WT_EQ_INT(p->age_m[baby], 1);
    WT_EQ_INT(w->acc.deaths + w->acc.births, 0);
    wt_world_free(t);
}

/* Deaths: the annual probability of the band of the age after ageing (2.5 times from 95)
 * times the area's band multiplier, 1.2 for men, 2 in poor health, capped at 0.9, as a
 * monthly probability. Minors whose last adult died leave with the household (no deaths). */
WT_CASE(mortality)
{
    WT_WORLD(t, 64, 1, 2);
    t->p.leave_home_p = 0;
    /* annual 0.6-0.75 a band, 0.25 at 80+ so that most of 95+ stay below the 0.9 cap */
    for (int b = 0; b < 6; b++)
        w->cal.mort_mult[b] = (b < 5 ? 0.6 : 0.25) / band_q(P, b) * (1 + 0.05 * b);
    int32_t parents[4];
    static const int kid_age[] = {0, WT_YM(0, 11), WT_YM(14, 11), WT_YM(8, 0)};
    for (int f = 0; f < 4; f++) {
        int32_t h = wt_household_from(t, 0, WS_HT_SINGLE_PARENT);
        parents[f] = wt_person(t, h, WT_YM(30, 0), WS_SEX_FEMALE);
        for (int j = 0; j < 4; j++) {
            int32_t k = wt_person(t, h, kid_age[j], (f + j) % 2);
            p->health[k] = (f + j) % 3 != 0;
        }
    }
    static const int ages[] = {WT_YM(20, 0),  WT_YM(44, 11), WT_YM(50, 0), WT_YM(64, 11),
                               WT_YM(70, 0),  WT_YM(79, 11), WT_YM(85, 0), WT_YM(94, 6),
                               WT_YM(94, 11), WT_YM(96, 0),  WT_YM(99, 0), WT_YM(103, 4)};
    int32_t old = -1; /* a healthy woman of 96 */
    for (int a = 0; a < 12; a++)
        for (int k = 0; k < 4; k++) {
            int32_t i = wt_single(t, 0, ages[a], k & 1 ? WS_SEX_MALE : WS_SEX_FEMALE);
            p->health[i] = (uint8_t)(k >> 1);
            if (ages[a] == WT_YM(96, 0) && k == 2) old = i;
        }
    wt_index(t);
    /* a month in which one mother dies and another does not (orphans are seen), and the woman
     * of 96 dies with a draw in the top fifth below her probability (her 95+ factor is seen) */
    double pm = death_p(t, parents[0], WT_YM(30, 0)), po = death_p(t, old, WT_YM(96, 0));
    const wt_window win[3] = {{parents[0], WS_RP_MORTALITY, 0, 0, pm},
                              {parents[1], WS_RP_MORTALITY, 0, pm, 1},
                              {old, WS_RP_MORTALITY, 0, 0.8 * po, po}};
    wt_pick_month_in(t, win, 3);
    size_t n = p->n;
    WT_CHECK(n <= 80);
    uint16_t age0[80];
    int32_t hh0[80];
    for (size_t i = 0; i < n; i++) {
        age0[i] = p->age_m[i];
        hh0[i] = p->hh[i];
    }
    wt_run(t, WT_DEMOGRAPHY);
    bool dead[80], orphan[80] = {false};
    double deaths = 0;
    for (size_t i = 0; i < n; i++) {
        deaths += dead[i] = wt_u(t, (int32_t)i, WS_RP_MORTALITY) < death_p(t, (int32_t)i, age0[i]);
    }
    for (int f = 0; f < 4; f++)
        for (size_t i = 0; i < n; i++) orphan[i] |= hh0[i] == hh0[parents[f]] && dead[parents[f]];
    wt_tally died = WT_TALLY("death");
    for (size_t i = 0; i < n; i++) {
        if (orphan[i])
            WT_CHECK(!p->alive[i]); /* the household went with its last adult */
        else
            WT_IFF(&died, i, !p->alive[i], wt_u(t, (int32_t)i, WS_RP_MORTALITY),
                   death_p(t, (int32_t)i, age0[i]));
    }
    WT_BOTH(died);
    WT_EQ_INT(w->acc.deaths, deaths); /* minors sent to family are not deaths */
    for (int f = 0; f < 4; f++) {
        WT_EQ_INT(w->hh.alive[hh0[parents[f]]], !dead[parents[f]]);
        WT_EQ_INT(w->dw.hh[f] == -1, dead[parents[f]]); /* families live in dwellings 0-3 */
    }
    for (size_t i = 0; i < n; i++)
        if (p->alive[i]) WT_EQ_INT(p->age_m[i], age0[i] + 1);
    wt_world_free(t);
}

/* Births: women 15-49 (after ageing) give birth with the fertility of their age band (per
 * 1000, times the area multiplier and its calibration) as a monthly probability, times
 * fert_hr_single without a partner (a second adult) in the household. The newborn joins the
 * household as its child, with sex and earnings multiplier from their own draws; a single or
 * couple household becomes a family. */
WT_CASE(births)
{
    WT_WORLD(t, 64, 1, 3);
    P->leave_home_p = 0;
    P->fert_15_24 = 950; /* per 1000 a year, neighbours far apart so a band is seen */
    P->fert_25_29 = 450;
    P->fert_30_34 = 900;
    P->fert_35_39 = 300;
    P->fert_40_49 = 800;
    P->fert_hr_single = 0.5;
    w->cal.fert_mult = 0.95;
    w->cal.earn_factor = 1.3;
    static const int ages[] = {WT_YM(14, 11), WT_YM(15, 0),  WT_YM(20, 0),  WT_YM(24, 5),
                               WT_YM(24, 11), WT_YM(27, 0),  WT_YM(29, 11), WT_YM(32, 0),
                               WT_YM(34, 11), WT_YM(37, 0),  WT_YM(39, 11), WT_YM(45, 0),
                               WT_YM(49, 10), WT_YM(49, 11), WT_YM(55, 0)};
    int32_t women[64];
    bool partnered[64];
    int nw = 0;
    for (int a = 0; a < 15; a++)
        for (int v = 0; v < 4; v++) {
            bool minor = ages[a] < WT_YM(18, 0), couple = v < 2 && !minor;
            int type = couple ? WS_HT_COUPLE : v == 3 || minor ? WS_HT_SINGLE_PARENT
                                                                : WS_HT_SINGLE;
            int32_t h = wt_household_from(t, 0, type);
            women[nw] = wt_person(t, h, ages[a], WS_SEX_FEMALE);
            partnered[nw++] = couple; /* a minor's father is not a partner */
            if (couple || minor) wt_person(t, h, ages[a] + WT_YM(30, 0), WS_SEX_MALE);
            if (type == WS_HT_SINGLE_PARENT) wt_person(t, h, WT_YM(5, 0), WS_SEX_MALE);
        }
    wt_index(t);
    size_t n0 = p->n;
    int type0[64], nkids0[64];
    for (size_t h = 0; h < w->hh.n; h++) {
        type0[h] = w->hh.type[h];
        nkids0[h] = w->hh.nkids[h];
    }
    wt_run(t, WT_DEMOGRAPHY);
    const double f[5] = {P->fert_15_24, P->fert_25_29, P->fert_30_34, P->fert_35_39,
                         P->fert_40_49};
    wt_tally born = WT_TALLY("birth");
    size_t next = n0;
    for (int j = 0; j < nw; j++) {
        int32_t i = women[j];
        int age = p->age_m[i] / 12;
        double pm = 0;
        if (age >= 15 && age < 50) {
            int b = age < 25 ? 0 : age < 30 ? 1 : age < 35 ? 2 : age < 40 ? 3 : 4;
            double fy = f[b] / 1000 * P->fert_area_mult * w->cal.fert_mult;
            if (!partnered[j]) fy *= P->fert_hr_single;
            pm = 1 - pow(1 - fy, 1.0 / 12);
        }
        int32_t h = p->hh[i];
        double u = wt_u(t, i, WS_RP_BIRTH);
        bool birth = u < pm;
        WT_IFF(&born, i, w->hh.nkids[h] == nkids0[h] + 1, u, pm);
        if (!birth) {
            WT_EQ_INT(w->hh.type[h], type0[h]);
            continue;
        }
        int32_t b = (int32_t)next++; /* newborns take new slots in their mothers' order */
        WT_EQ_INT(p->hh[b], h);
        WT_EQ_INT(p->age_m[b], 0);
        WT_EQ_INT(p->flags[b], WS_PF_CHILD);
        WT_EQ_INT(p->stage[b], WS_ST_NONE);
        WT_EQ_INT(p->sex[b], wt_u(t, i, WS_RP_BIRTH_SEX) < P->birth_male_share ? WS_SEX_MALE
                                                                  : WS_SEX_FEMALE);
        double ue[4];
        wt_u4(t, b, WS_RP_EARNINGS, ue);
        WT_FLOAT(p->earn[b], exp(P->work_earn_sd * ws_normal(ue[0], ue[1])) * 1.3);
        WT_EQ_INT(w->hh.type[h], type0[h] == WS_HT_COUPLE ? WS_HT_COUPLE_KIDS
                                                           : WS_HT_SINGLE_PARENT);
    }
    WT_BOTH(born);
    WT_EQ_INT(p->n, next);
    WT_EQ_INT(w->acc.births, born.yes);
    wt_world_free(t);
}

/* Leaving home: children of the household aged 18-34 (after ageing) who left education leave
 * with leave_home_p a year (monthly, times the burn-in's leave_mult); of those, leave_stay_p wait in the area for a dwelling (seekers),
 * the others leave the area. A household left with minors only is dissolved. */
WT_CASE(leave_home)
{
    WT_WORLD(t, 24, 1, 4);
    t->p.leave_home_p = 0.998; /* monthly 0.40, x leave_mult 0.75: 0.30 */
    t->p.leave_stay_p = 0.5;
    t->w.cal.leave_mult = 0.75;
    static const int ages[] = {WT_YM(17, 11), WT_YM(20, 0), WT_YM(25, 0), WT_YM(34, 10),
                               WT_YM(34, 11)};
    int32_t kids[64], sibling[2];
    int nk = 0;
    for (int f = 0; f < 8; f++) {
        int32_t h = wt_household_from(t, 0, WS_HT_COUPLE_KIDS);
        wt_person(t, h, WT_YM(52, 0), WS_SEX_FEMALE);
        wt_person(t, h, WT_YM(54, 0), WS_SEX_MALE);
        for (int a = 0; a < 5; a++) {
            int32_t i = kids[nk++] = wt_person(t, h, ages[a], (f + a) % 2);
            p->flags[i] = WS_PF_CHILD;
            p->stage[i] = WS_ST_DONE;
        }
        int32_t x = kids[nk++] = wt_person(t, h, WT_YM(21, 0), WS_SEX_MALE);
        p->flags[x] = (uint8_t)(f == 0 ? 0 : WS_PF_CHILD); /* a housemate, not a child */
        if (f == 1) p->stage[x] = WS_ST_POST;
        if (f == 2) p->flags[x] |= WS_PF_SEEKER;
    }
    for (int f = 0; f < 2; f++) { /* an adult child and a minor, the parents gone */
        int32_t h = wt_household_from(t, 0, WS_HT_SINGLE_PARENT);
        int32_t i = kids[nk++] = wt_person(t, h, WT_YM(21, 0), WS_SEX_FEMALE);
        p->flags[i] = WS_PF_CHILD;
        sibling[f] = wt_person(t, h, WT_YM(12, 0), WS_SEX_MALE);
    }
    wt_index(t);
    uint8_t flags0[64], stage0[64];
    for (int j = 0; j < nk; j++) {
        flags0[j] = p->flags[kids[j]];
        stage0[j] = p->stage[kids[j]];
    }
    wt_run(t, WT_DEMOGRAPHY);
    double pl = (1 - pow(1 - t->p.leave_home_p, 1.0 / 12)) * t->w.cal.leave_mult;
    wt_tally left = WT_TALLY("leaving home"), stayed = WT_TALLY("waiting in the area");
    for (int j = 0; j < nk; j++) {
        int32_t i = kids[j];
        bool seeker = p->alive[i] && (p->flags[i] & WS_PF_SEEKER);
        bool eligible = (flags0[j] & WS_PF_CHILD) && !(flags0[j] & WS_PF_SEEKER) &&
                        stage0[j] == WS_ST_DONE && p->age_m[i] >= WT_YM(18, 0) &&
                        p->age_m[i] < WT_YM(35, 0);
        if (!eligible) {
            WT_CHECK(p->alive[i]);
            WT_EQ_INT(p->flags[i], flags0[j]);
            continue;
        }
        double u = wt_u(t, i, WS_RP_LEAVE_HOME);
        WT_IFF(&left, i, seeker || !p->alive[i], u, pl);
        if (u < pl) WT_IFF(&stayed, i, seeker, wt_u(t, i, WS_RP_LEAVE_AREA), 0.5);
    }
    WT_BOTH(left);
    WT_BOTH(stayed);
    for (int f = 0; f < 2; f++) {
        int32_t i = kids[nk - 2 + f];
        WT_EQ_INT(p->alive[sibling[f]], p->alive[i]); /* no adult left: the household goes */
    }
    wt_world_free(t);
}

/* Education ---------------------------------------------------------------------------------- */

/* Thresholds of the school advice: the national shares of vmbo-b/k and vwo advice. */
static double adv_lo(const ws_params *P)
{
    return gsl_cdf_ugaussian_Pinv(P->edu_adv_low_nl / 100);
}
static double adv_hi(const ws_params *P)
{
    return gsl_cdf_ugaussian_Qinv(P->edu_adv_high_nl / 100);
}


/* Households for pupils: in dwellings 0..7 (neighbourhood 0) and 8..15 (neighbourhood 1),
 * parents' attainment scores 2 (both high), 0.5 (low and middle), 1 (the only parent is under
 * 25 and does not count) and 2 (one high, one without attainment, who does not count). The
 * first is low-income, the second in debt, the fourth in the other neighbourhood. */
static void school_households(wt_world *t, int32_t hh[4])
{
    static const int attain[4][2] = {{WS_AT_HIGH, WS_AT_HIGH}, {WS_AT_LOW, WS_AT_MID},
                                     {WS_AT_HIGH, -1}, {WS_AT_HIGH, WS_AT_NONE}};
    for (int k = 0; k < 4; k++) {
        hh[k] = wt_household_from(t, k == 3 ? 8 : 0, WS_HT_COUPLE_KIDS);
        for (int j = 0; j < 2 && attain[k][j] >= 0; j++) {
            int32_t i = wt_person(t, hh[k], k == 2 ? WT_YM(24, 11) : WT_YM(40, 0), j);
            t->w.pers.attain[i] = (uint8_t)attain[k][j];
        }
    }
    t->w.hh.lowinc[hh[0]] = 1;
    t->w.hh.debt[hh[1]] = 1;
    t->w.nbh[1].mean_achieve = 0.4;
    t->w.inst.school_quality = 0.25;
    t->w.cal.achieve_mu = 0.2;
    t->w.cal.achieve_sd = 0.9;
}

/* The expected achievement of a pupil in school_households k, intercept included: parents,
 * poverty, debt, the neighbourhood's pupils against the area, school added value. */
static double school_target(const wt_world *t, int k)
{
    static const double score[4] = {2, 0.5, 1, 2};
    const ws_params *P = &t->p;
    const ws_world *w = &t->w;
    double x = P->edu_beta_parent * (score[k] - 1);
    if (k == 0) x -= P->edu_beta_poverty;
    if (k == 1) x -= P->edu_beta_debt;
    x += P->edu_beta_peer * (w->nbh[k == 3].mean_achieve - t->area.achievement_z);
    return w->cal.achieve_mu + x + P->edu_beta_school * w->inst.school_quality;
}

/* School entry at 4: the pupil's achievement starts at its expected level plus a normal
 * deviation of achieve_sd; younger children wait. */
WT_CASE(school_entry)
{
    WT_WORLD(t, 16, 2, 5);
    int32_t hh[4], kid[4][3];
    school_households(t, hh);
    static const int ages[3] = {WT_YM(3, 11), WT_YM(4, 0), WT_YM(4, 5)};
    for (int k = 0; k < 4; k++)
        for (int a = 0; a < 3; a++) {
            kid[k][a] = wt_person(t, hh[k], ages[a], a % 2);
            p->stage[kid[k][a]] = WS_ST_NONE;
        }
    wt_index(t);
    wt_run(t, WT_EDUCATION);
    for (int k = 0; k < 4; k++)
        for (int a = 0; a < 3; a++) {
            int32_t i = kid[k][a];
            if (a == 0) {
                WT_EQ_INT(p->stage[i], WS_ST_NONE);
                WT_FLOAT(p->achieve[i], 0);
                continue;
            }
            double u[4];
            wt_u4(t, i, WS_RP_ACHIEVE, u);
            WT_EQ_INT(p->stage[i], WS_ST_PRIMARY);
            WT_FLOAT(p->achieve[i], school_target(t, k) + 0.9 * ws_normal(u[0], u[1]));
        }
    wt_world_free(t);
}

/* In primary school (4-11) achievement moves each month edu_adjust_rate of the way to its
 * expected level, plus normal noise of SD drop_sd_noise. */
WT_CASE(achievement_drift)
{
    WT_WORLD(t, 16, 2, 6);
    int32_t hh[4], kid[4][3];
    school_households(t, hh);
    t->w.cal.drop_sd_noise = 0.25;
    static const double z0[3] = {-1.0, 0.5, 2.0};
    for (int k = 0; k < 4; k++)
        for (int a = 0; a < 3; a++) {
            kid[k][a] = wt_person(t, hh[k], WT_YM(5 + 2 * a, k), a % 2);
            p->achieve[kid[k][a]] = (float)z0[a];
        }
    wt_index(t);
    wt_run(t, WT_EDUCATION);
    double kappa = t->p.edu_adjust_rate;
    for (int k = 0; k < 4; k++)
        for (int a = 0; a < 3; a++) {
            int32_t i = kid[k][a];
            double u[4], z = (float)z0[a];
            wt_u4(t, i, WS_RP_ACHIEVE, u);
            WT_EQ_INT(p->stage[i], WS_ST_PRIMARY);
            WT_FLOAT(p->achieve[i],
                     z + kappa * (school_target(t, k) - z) + 0.25 * ws_normal(u[0], u[1]));
        }
    wt_world_free(t);
}

/* At 12 the school advice follows achievement against the national advice thresholds (low
 * below the vmbo-b/k quantile, vwo above the vwo quantile) and sets the secondary track; the
 * year's counts of pupils turning 12 and of low advice grow. */
WT_CASE(advice_track)
{
    WT_WORLD(t, 12, 1, 7);
    const ws_year_acc *acc = &t->w.acc;
    double lo = adv_lo(&t->p), hi = adv_hi(&t->p);
    const double z[8] = {lo - 0.001, lo + 0.001, 0, hi - 0.001, hi + 0.001, -2, 2, 0.1};
    const int track[8] = {WS_TR_LOW, WS_TR_MID, WS_TR_MID, WS_TR_MID,
                          WS_TR_HIGH, WS_TR_LOW, WS_TR_HIGH, WS_TR_MID};
    int32_t kid[9];
    int32_t h = wt_household(t, 0, WS_HT_COUPLE_KIDS);
    wt_person(t, h, WT_YM(40, 0), WS_SEX_FEMALE);
    double sum = 0;
    for (int j = 0; j < 9; j++) {
        kid[j] = wt_person(t, h,
                           j == 7   ? WT_YM(12, 6)
                           : j == 8 ? WT_YM(11, 11)
                                    : WT_YM(12, 0),
                           j % 2);
        p->stage[kid[j]] = WS_ST_PRIMARY;
        p->achieve[kid[j]] = (float)(j < 8 ? z[j] : -2);
        if (j < 8) sum += p->achieve[kid[j]];
    }
    wt_index(t);
    wt_run(t, WT_EDUCATION);
    int low = 0;
    for (int j = 0; j < 8; j++) {
        WT_EQ_INT(p->stage[kid[j]], WS_ST_SECONDARY);
        WT_EQ_INT(p->track[kid[j]], track[j]);
        low += track[j] == WS_TR_LOW;
    }
    WT_EQ_INT(p->stage[kid[8]], WS_ST_PRIMARY); /* 11: not yet */
    WT_EQ_INT(p->track[kid[8]], WS_TR_NONE);
    WT_EQ_INT(acc->ach_n, 8);
    WT_EQ_INT(acc->adv_low, low);
    WT_DOUBLE(acc->ach_sum, sum);
    wt_world_free(t);
}

/* A school leaver enters the labour market: under 18 nothing changes (labour child); from 18
 * in work with probability pe (uniform u) or seeking work, the spell starting at 0. */
static void check_enter_labour(const wt_world *t, int32_t i, double u, double pe, wt_tally *work)
{
    const ws_persons *p = &t->w.pers;
    if (p->age_m[i] < WT_YM(18, 0)) {
        WT_EQ_INT(p->labour[i], WS_LB_CHILD);
        return;
    }
    WT_IFF(work, i, p->labour[i] == WS_LB_EMPLOYED, u, pe);
    if (p->labour[i] != WS_LB_EMPLOYED) WT_EQ_INT(p->labour[i], WS_LB_UNEMPLOYED);
    WT_EQ_INT(p->lab_m[i], 0);
}

/* Checks a pupil in secondary who did not drop out: at exactly 18, or older (returners) with
 * u[3] < 1/24, they qualify (middle attainment); at exactly 18 they go on to hbo/wo with their
 * track's probability (u[2] against edu_post_*_p), otherwise they leave and enter the labour
 * market with work_leaver_emp_p (their own draw, WS_RP_LEAVER_WORK: u[0] and u[1] moved their
 * achievement this month). Others stay. */
static void check_completion(const wt_world *t, int32_t i, int attain0, wt_tally *post,
                             wt_tally *work)
{
    const ws_persons *p = &t->w.pers;
    const ws_params *P = &t->p;
    int am = p->age_m[i];
    double u[4];
    wt_u4(t, i, WS_RP_ACHIEVE, u);
    if (!(am == WT_YM(18, 0) || (am > WT_YM(18, 0) && u[3] < 1.0 / P->edu_return_months))) {
        WT_EQ_INT(p->stage[i], WS_ST_SECONDARY);
        WT_EQ_INT(p->attain[i], attain0);
        return;
    }
    WT_EQ_INT(p->attain[i], WS_AT_MID);
    double go = p->track[i] == WS_TR_HIGH ? P->edu_post_high_p
              : p->track[i] == WS_TR_MID ? P->edu_post_mid_p : 0;
    if (am == WT_YM(18, 0) && go > 0) WT_IFF(post, i, p->stage[i] == WS_ST_POST, u[2], go);
    if (p->stage[i] == WS_ST_POST) return;
    WT_EQ_INT(p->stage[i], WS_ST_DONE);
    check_enter_labour(t, i, wt_u(t, i, WS_RP_LEAVER_WORK), P->work_leaver_emp_p, work);
}

/* Dropout: pupils in secondary without a basic qualification, 12-23, leave school with the
 * monthly hazard drop_h times their ratio (0.05 under 15, 1 at 15-17, 2 from 18; the low
 * track, poverty, debt, offending, distress; edu_drop_hr_per_sd per SD of achievement below
 * the area's mean). They leave with low attainment and, from 18, start in work with
 * 0.3 x work_leaver_emp_p or seek it. */
WT_CASE(dropout)
{
    WT_WORLD(t, 64, 1, 8);
    w->cal.drop_h = 0.12;
    static const int ages[] = {WT_YM(13, 0), WT_YM(14, 11), WT_YM(15, 0), WT_YM(16, 6),
                               WT_YM(17, 11), WT_YM(19, 0), WT_YM(21, 0), WT_YM(23, 11)};
    const int np = 41;
    int32_t pupil[41];
    uint8_t attain0[41];
    for (int j = 0; j < np - 1; j++) { /* age j / 5, covariate mix j % 5 */
        int a = j / 5, v = j % 5;
        int32_t h = wt_household_from(t, 0, WS_HT_SINGLE_PARENT);
        wt_person(t, h, WT_YM(45, 0), WS_SEX_FEMALE);
        int32_t i = pupil[j] = wt_person(t, h, ages[a], v % 2);
        p->stage[i] = WS_ST_SECONDARY;
        p->labour[i] = ages[a] >= WT_YM(16, 0) ? WS_LB_STUDENT : WS_LB_CHILD;
        p->track[i] = (uint8_t)(WS_TR_LOW + (a + v) % 3);
        p->achieve[i] = (float)(-1.5 + 0.6 * v);
        w->hh.lowinc[h] = v == 1 || v == 4;
        w->hh.debt[h] = v == 2;
        p->offender[i] = v == 3;
        p->distress[i] = v == 4;
        attain0[j] = p->attain[i] = v == 0 && a == 3 ? WS_AT_MID : WS_AT_NONE;
    }
    int32_t old = pupil[np - 1] = wt_single(t, 0, WT_YM(24, 0), WS_SEX_MALE); /* never at risk */
    p->stage[old] = WS_ST_SECONDARY;
    attain0[np - 1] = p->attain[old] = WS_AT_LOW;
    wt_index(t);
    wt_run(t, WT_EDUCATION);
    wt_tally out = WT_TALLY("dropout"), work = WT_TALLY("starting in work");
    wt_tally post = WT_TALLY("hbo/wo entry");
    int at_risk = 0;
    for (int j = 0; j < np; j++) {
        int32_t i = pupil[j];
        int am = p->age_m[i];
        bool dropped = (p->flags[i] & WS_PF_DROPPED_Y) != 0;
        if (attain0[j] >= WS_AT_MID || am >= WT_YM(24, 0)) {
            WT_CHECK(!dropped);
            check_completion(t, i, attain0[j], &post, &work);
            continue;
        }
        at_risk++;
        double r = am < WT_YM(15, 0)   ? P->edu_drop_rel_u15
                   : am < WT_YM(18, 0) ? 1
                                       : P->edu_drop_rel_18p;
        if (p->track[i] == WS_TR_LOW) r *= P->edu_drop_hr_low_track;
        if (w->hh.lowinc[p->hh[i]]) r *= P->edu_drop_hr_poverty;
        if (w->hh.debt[p->hh[i]]) r *= P->edu_drop_hr_debt;
        if (p->offender[i]) r *= P->edu_drop_hr_offender;
        if (p->distress[i]) r *= P->edu_drop_hr_distress;
        r *= pow(P->edu_drop_hr_per_sd, -(p->achieve[i] - t->area.achievement_z));
        WT_IFF(&out, i, dropped, wt_u(t, i, WS_RP_DROPOUT), 0.12 * r);
        if (!dropped) {
            check_completion(t, i, attain0[j], &post, &work);
            continue;
        }
        WT_EQ_INT(p->stage[i], WS_ST_DONE);
        WT_EQ_INT(p->attain[i], WS_AT_LOW);
        double u[4];
        wt_u4(t, i, WS_RP_ACHIEVE, u);
        check_enter_labour(t, i, u[2], P->work_leaver_emp_low * P->work_leaver_emp_p, &work);
    }
    WT_BOTH(out);
    WT_BOTH(work);
    WT_EQ_INT(w->acc.dropouts, out.yes);
    WT_EQ_INT(w->acc.pupil_months, at_risk);
    wt_world_free(t);
}

/* Completion: pupils qualify on schedule at 18 and go on to hbo/wo by track or leave for the
 * labour market; returners older than 18 finish at 1/24 a month and never go on. At 16 a
 * pupil becomes a student in the labour statistics. */
WT_CASE(completion)
{
    WT_WORLD(t, 40, 1, 9);
    t->p.edu_post_mid_p = 0.5;
    t->p.edu_post_high_p = 0.7;
    int32_t pupil[40], returner[16];
    int np = 0, nr = 0;
    for (int j = 0; j < 36; j++) {
        int am = j < 18    ? WT_YM(18, 0)
                 : j < 34  ? WT_YM(19, 2)
                 : j == 34 ? WT_YM(16, 8)
                           : WT_YM(16, 0);
        int32_t i = pupil[np++] = wt_single(t, 0, am, j % 2);
        if (j >= 18 && j < 34) returner[nr++] = i;
        p->stage[i] = WS_ST_SECONDARY;
        p->attain[i] = WS_AT_NONE;
        p->labour[i] = am == WT_YM(16, 0) ? WS_LB_CHILD : WS_LB_STUDENT;
        p->track[i] = (uint8_t)(WS_TR_LOW + j % 3);
    }
    for (int j = 34; j < 36; j++) wt_guardian(t, pupil[j]); /* retired: no school career */
    wt_index(t);
    /* a month in which some returner finishes and some does not */
    wt_pick_month(t, returner, nr, WS_RP_ACHIEVE, 3, 1.0 / P->edu_return_months, 1);
    wt_run(t, WT_EDUCATION);
    wt_tally post = WT_TALLY("hbo/wo entry"), work = WT_TALLY("starting in work");
    for (int j = 0; j < np; j++) check_completion(t, pupil[j], WS_AT_NONE, &post, &work);
    WT_EQ_INT(p->labour[pupil[np - 1]], WS_LB_STUDENT); /* turned 16 */
    int done = 0;
    for (int j = 0; j < nr; j++) done += p->stage[returner[j]] == WS_ST_DONE;
    WT_CHECK(done > 0 && done < nr);
    WT_BOTH(post);
    WT_BOTH(work);
    wt_world_free(t);
}

/* Higher education: hbo (middle track) ends at 22, wo (vwo track) at 23 with high attainment;
 * before that students leave without a degree at edu_post_drop_p a year (keeping middle
 * attainment). Either way they enter the labour market with work_leaver_emp_p. */
WT_CASE(post_secondary)
{
    WT_WORLD(t, 40, 1, 10);
    t->p.edu_post_drop_p = 0.99;
    static const int ages[] = {WT_YM(23, 0), WT_YM(23, 4), WT_YM(22, 11), WT_YM(22, 0),
                               WT_YM(21, 11)};
    static const int track[] = {WS_TR_HIGH, WS_TR_HIGH, WS_TR_HIGH, WS_TR_MID, WS_TR_MID};
    int32_t st[40];
    for (int j = 0; j < 40; j++) {
        int32_t i = st[j] = wt_single(t, 0, ages[j % 5], j % 2);
        p->stage[i] = WS_ST_POST;
        p->labour[i] = WS_LB_STUDENT;
        p->track[i] = (uint8_t)track[j % 5];
    }
    wt_index(t);
    wt_run(t, WT_EDUCATION);
    double drop = 1 - pow(1 - P->edu_post_drop_p, 1.0 / 12);
    wt_tally left = WT_TALLY("leaving without a degree"), work = WT_TALLY("starting in work");
    for (int j = 0; j < 40; j++) {
        int32_t i = st[j];
        double u[4];
        wt_u4(t, i, WS_RP_ACHIEVE, u);
        bool end = p->age_m[i] >= (track[j % 5] == WS_TR_HIGH ? WT_YM(23, 0) : WT_YM(22, 0));
        if (end) {
            WT_EQ_INT(p->attain[i], WS_AT_HIGH);
        } else {
            WT_IFF(&left, i, p->stage[i] == WS_ST_DONE, u[3], drop);
            WT_EQ_INT(p->attain[i], WS_AT_MID);
        }
        if (p->stage[i] == WS_ST_DONE)
            check_enter_labour(t, i, u[1], P->work_leaver_emp_p, &work);
        else
            WT_EQ_INT(p->labour[i], WS_LB_STUDENT);
    }
    WT_BOTH(left);
    WT_BOTH(work);
    wt_world_free(t);
}

/* Return to school: early leavers (low attainment) aged 18-22 go back to mbo at return_h a
 * month as students; an early leaver still counted as a child enters the labour market at 18
 * (with 0.3 x work_leaver_emp_p, being unqualified). */
WT_CASE(return_to_school)
{
    WT_WORLD(t, 48, 1, 11);
    t->w.cal.return_h = 0.3;
    static const int ages[] = {WT_YM(18, 0), WT_YM(19, 5), WT_YM(20, 0), WT_YM(22, 11),
                               WT_YM(23, 0), WT_YM(17, 11), WT_YM(20, 1)};
    int32_t x[48];
    for (int j = 0; j < 42; j++) {
        int a = j % 7;
        int32_t i = x[j] = wt_single(t, 0, ages[a], j % 2);
        p->stage[i] = WS_ST_DONE;
        p->attain[i] = a == 6 ? WS_AT_MID : WS_AT_LOW;
        p->labour[i] = (j / 7) % 2 || a == 5 ? WS_LB_CHILD : WS_LB_UNEMPLOYED;
        p->lab_m[i] = 9;
    }
    for (int j = 5; j < 42; j += 7) wt_guardian(t, x[j]); /* the 17-year-olds */
    wt_index(t);
    wt_run(t, WT_EDUCATION);
    wt_tally back = WT_TALLY("return to school"), work = WT_TALLY("starting in work");
    for (int j = 0; j < 42; j++) {
        int32_t i = x[j];
        int am = p->age_m[i];
        double u[4];
        wt_u4(t, i, WS_RP_ACHIEVE, u);
        bool eligible = p->attain[i] == WS_AT_LOW && am >= WT_YM(18, 0) && am < WT_YM(23, 0);
        bool child0 = (j / 7) % 2 || j % 7 == 5;
        if (eligible) {
            WT_IFF(&back, i, p->stage[i] == WS_ST_SECONDARY, u[3], 0.3);
            if (p->stage[i] == WS_ST_SECONDARY) {
                WT_EQ_INT(p->labour[i], WS_LB_STUDENT);
                continue;
            }
        }
        WT_EQ_INT(p->stage[i], WS_ST_DONE);
        double pe = (p->attain[i] >= WS_AT_MID ? 1 : 0.3) * P->work_leaver_emp_p;
        if (child0 && am >= WT_YM(18, 0))
            check_enter_labour(t, i, u[1], pe, &work);
        else
            WT_EQ_INT(p->labour[i], child0 ? WS_LB_CHILD : WS_LB_UNEMPLOYED);
    }
    WT_BOTH(back);
    WT_BOTH(work);
    wt_world_free(t);
}

WT_MAIN(WT_REG(ageing_retirement), WT_REG(mortality), WT_REG(births), WT_REG(leave_home),
        WT_REG(school_entry), WT_REG(achievement_drift), WT_REG(advice_track), WT_REG(dropout),
        WT_REG(completion), WT_REG(post_secondary), WT_REG(return_to_school))
