/* demography.c: ageing, mortality by age, sex and health, births, and young adults leaving
 * the parental home.
 *
 * Runs serially in slot order (it creates and removes persons). Uses and updates the member
 * counts of the household index (nmem, nkids) as it goes, and rebuilds the index at the end.
 * A household whose last adult dies is dissolved: remaining minors move to family outside
 * the area. Home-leavers either leave the area or wait (WS_PF_SEEKER) for a vacant dwelling,
 * which the housing phase offers them before outside applicants.
 */
#include "world.h"

#include <math.h>

int ws__mort_band(int age)
{
    return age < 1 ? 0 : age < 15 ? 1 : age < 45 ? 2 : age < 65 ? 3 : age < 80 ? 4 : 5;
}

/* Relative mortality of person i within its age band (sex and health). */
double ws__mort_rel(const ws_world *w, int32_t i)
{
    double r = 1;
    if (w->pers.sex[i] == WS_SEX_MALE) r *= w->p->mort_hr_male;
    if (!w->pers.health[i]) r *= w->p->mort_hr_poor_health;
    return r;
}

/* Annual NL mortality of age band b. The annual probability of a person is this times the
 * area's band multiplier times its sex and health ratios (the multiplier divides out their
 * mean), and mort_old_mult times more from mort_old_age (the open band hides a steep rise). */
static double band_q(const ws_params *P, int b)
{
    return b == 0 ? P->mort_q0 : b == 1 ? P->mort_q1_14 : b == 2 ? P->mort_q15_44
         : b == 3 ? P->mort_q45_64 : b == 4 ? P->mort_q65_79 : P->mort_q80p;
}

/* Annual NL mortality at a year of age (band probability, mort_old_mult times from
 * mort_old_age). */
double ws__mort_q_age(const ws_params *P, int age)
{
    return band_q(P, ws__mort_band(age)) * (age >= P->mort_old_age ? P->mort_old_mult : 1.0);
}

/* Annual fertility (births per woman) at age band 15-24 .. 40-49 (0..4). */
static double fertility(const ws_world *w, int band)
{
    const ws_params *P = w->p;
    double f = band == 0 ? P->fert_15_24 : band == 1 ? P->fert_25_29 : band == 2 ? P->fert_30_34
             : band == 3 ? P->fert_35_39 : P->fert_40_49;
    return f / 1000.0 * P->fert_area_mult * w->cal.fert_mult;
}

/* Removes person i from the area (death or moving away); keeps nmem/nkids current.
 * Households left without an adult are dissolved by dissolve_orphans. */
static void remove_person(ws_world *w, int32_t i)
{
    int32_t h = w->pers.hh[i];
    bool kid = w->pers.age_m[i] < 18 * 12;
    ws__person_free(w, i);
    w->hh.nmem[h]--;
    if (kid) w->hh.nkids[h]--;
}

int ws__phase_demography(ws_world *w)
{
    ws_persons *p = &w->pers;
    const ws_params *P = w->p;
    uint32_t m = (uint32_t)w->month;
    size_t n = p->n;
    /* ageing and retirement */
    for (size_t k = 0; k < n; k++) {
        if (!p->alive[k]) continue;
        p->age_m[k]++;
        if (p->age_m[k] == WS_AOW_AGE_M && p->labour[k] != WS_LB_RETIRED) {
            p->labour[k] = WS_LB_RETIRED;
            p->lab_m[k] = 0;
        }
    }
    /* deaths: monthly probabilities by (band or mort_old_age+, sex, health) computed once */
    double qm[7][2][2];
    for (int b = 0; b < 7; b++)
        for (int sx = 0; sx < 2; sx++)
            for (int hl = 0; hl < 2; hl++) {
                double q = band_q(P, b < 6 ? b : 5) * (b == 6 ? P->mort_old_mult : 1.0) *
                           w->cal.mort_mult[b < 6 ? b : 5];
                if (sx == WS_SEX_MALE) q *= P->mort_hr_male;
                if (!hl) q *= P->mort_hr_poor_health;
                qm[b][sx][hl] = ws__monthly(q > P->mort_q_max ? P->mort_q_max : q);
            }
    for (size_t k = 0; k < n; k++) {
        int32_t i = (int32_t)k;
        if (!p->alive[i]) continue;
        int age = p->age_m[i] / 12;
        int b = age >= P->mort_old_age ? 6 : ws__mort_band(age);
        if (ws_u01(&w->rng, (uint32_t)i, m, WS_RP_MORTALITY) < qm[b][p->sex[i]][p->health[i]]) {
            w->acc.deaths++;
            remove_person(w, i);
        }
    }
    /* births (newborns get slots; the loop bound is the pre-birth high-water mark); monthly
     * probabilities by age band and partnership */
    double fm[5][2];
    for (int b = 0; b < 5; b++) {
        fm[b][1] = ws__monthly(fertility(w, b));
        fm[b][0] = ws__monthly(fertility(w, b) * P->fert_hr_single);
    }
    for (size_t k = 0; k < n; k++) {
        int32_t i = (int32_t)k;
        if (!p->alive[i] || p->sex[i] != WS_SEX_FEMALE) continue;
        int age = p->age_m[i] / 12;
        if (age < 15 || age >= 50) continue;
        int fb = age < 25 ? 0 : age < 30 ? 1 : age < 35 ? 2 : age < 40 ? 3 : 4;
        int32_t hh = p->hh[i];
        int partnered = w->hh.nmem[hh] - w->hh.nkids[hh] >= 2;
        if (ws_u01(&w->rng, (uint32_t)i, m, WS_RP_BIRTH) >= fm[fb][partnered]) continue;
        int32_t b = ws__person_new(w);
        if (b < 0) return WS_ENOMEM;
        p = &w->pers; /* arrays may have moved */
        int32_t h = p->hh[i];
        p->hh[b] = h;
        p->sex[b] = ws_u01(&w->rng, (uint32_t)i, m, WS_RP_BIRTH_SEX) < P->birth_male_share
                     ? WS_SEX_MALE
                     : WS_SEX_FEMALE;
        p->flags[b] = WS_PF_CHILD;
        /* personal earnings multiplier for later working life, as in synthesis */
        double ue[4];
        ws_u01x4(&w->rng, (uint32_t)b, m, WS_RP_EARNINGS, 0, ue);
        p->earn[b] = (float)(exp(P->work_earn_sd * ws_normal(ue[0], ue[1])) * w->cal.earn_factor);
        w->hh.nmem[h]++;
        w->hh.nkids[h]++;
        if (w->hh.type[h] == WS_HT_SINGLE) w->hh.type[h] = WS_HT_SINGLE_PARENT;
        if (w->hh.type[h] == WS_HT_COUPLE) w->hh.type[h] = WS_HT_COUPLE_KIDS;
        w->acc.births++;
    }
    /* leaving the parental home */
    double pl = ws__monthly(P->leave_home_p) * w->cal.leave_mult;
    for (size_t k = 0; k < n; k++) {
        int32_t i = (int32_t)k;
        if (!p->alive[i] || !(p->flags[i] & WS_PF_CHILD) || (p->flags[i] & WS_PF_SEEKER)) continue;
        if (p->age_m[i] < 18 * 12 || p->age_m[i] >= 35 * 12) continue;
        if (p->stage[i] != WS_ST_DONE) continue;
        double u = ws_u01(&w->rng, (uint32_t)i, m, WS_RP_LEAVE_HOME);
        if (u >= pl) continue;
        if (ws_u01(&w->rng, (uint32_t)i, m, WS_RP_LEAVE_AREA) < P->leave_stay_p)
            p->flags[i] |= WS_PF_SEEKER;
        else
            remove_person(w, i);
    }
    if (ws__world_index(w) || ws__world_dissolve_orphans(w)) return WS_ENOMEM;
    return 0;
}
