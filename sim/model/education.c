/* education.c: school careers — achievement in primary school, the school advice at 12 that
 * sets the track, early school leaving, completion, higher education and re-entry.
 *
 * Achievement is a latent z-score (NL mean 0, SD 1) that moves each month towards an expected
 * level set by parental attainment, household poverty and debt, the neighbourhood's pupils
 * (peers) and school quality, with individual noise; at 12 it is frozen and sets the track.
 * Pupils without a basic qualification (startkwalificatie) may drop out; the hazard rises on
 * the vmbo-b/k track, in poverty and debt, with offending, distress and low achievement. The
 * area's base hazard is solved so that the starting early-school-leaving rate holds.
 */
#include "world.h"

#include <gsl/gsl_cdf.h>
#include <math.h>

#define AGE12 (12 * 12)
#define AGE18 (18 * 12)

/* Mean parental attainment score (0 low .. 2 high) of the adults 25+ of household h. */
static double parent_score(const ws_world *w, int32_t h)
{
    const ws_households *H = &w->hh;
    double s = 0;
    int n = 0;
    for (int32_t j = 0; j < H->nmem[h]; j++) {
        int32_t i = w->members[H->first[h] + j];
        if (w->pers.age_m[i] >= 25 * 12 && w->pers.attain[i] != WS_AT_NONE) {
            s += w->pers.attain[i] == WS_AT_HIGH ? 2 : w->pers.attain[i] == WS_AT_MID ? 1 : 0;
            n++;
        }
    }
    return n ? s / n : 1.0;
}

/* Expected achievement of pupil i without the area intercept. */
static double achieve_x(const ws_world *w, int32_t i)
{
    const ws_params *P = w->p;
    int32_t h = w->pers.hh[i];
    const ws_nbh *nb = &w->nbh[w->dw.nbh[w->hh.dwelling[h]]];
    double x = P->edu_beta_parent * (parent_score(w, h) - 1.0);
    if (w->hh.lowinc[h]) x -= P->edu_beta_poverty;
    if (w->hh.debt[h]) x -= P->edu_beta_debt;
    x += P->edu_beta_peer * (nb->mean_achieve - w->area->achievement_z);
    x += P->edu_beta_school * w->inst.school_quality;
    return x;
}

static double drop_hr(const ws_world *w, int32_t i)
{
    const ws_params *P = w->p;
    const ws_persons *p = &w->pers;
    int age = p->age_m[i] / 12;
    double r = age < 15 ? P->edu_drop_rel_u15 : age < 18 ? 1.0 : P->edu_drop_rel_18p;
    int32_t h = p->hh[i];
    if (p->track[i] == WS_TR_LOW) r *= P->edu_drop_hr_low_track;
    if (w->hh.lowinc[h]) r *= P->edu_drop_hr_poverty;
    if (w->hh.debt[h]) r *= P->edu_drop_hr_debt;
    if (p->offender[i]) r *= P->edu_drop_hr_offender;
    if (p->distress[i]) r *= P->edu_drop_hr_distress;
    r *= exp(-w->cal.log_drop_sd * (p->achieve[i] - w->area->achievement_z));
    return r;
}

/* Pupils at risk of early school leaving: in secondary (vo/mbo) without qualification. */
static bool at_risk(const ws_persons *p, int32_t i)
{
    return p->stage[i] == WS_ST_SECONDARY && p->attain[i] < WS_AT_MID && p->age_m[i] >= AGE12 &&
           p->age_m[i] < 24 * 12;
}

/* dropout (transitions.def): the dropout hazard ratio of pupil i, 0 when not at risk. */
double ws__risk_dropout(const ws_world *w, int32_t i)
{
    return at_risk(&w->pers, i) ? drop_hr(w, i) : 0;
}

/* achievement (transitions.def): the pupil's current achievement (lowest first). */
double ws__risk_achievement(const ws_world *w, int32_t i)
{
    return w->pers.achieve[i];
}

/* Enters the labour market after leaving education at age >= 18. */
static void enter_labour(ws_world *w, int32_t i, double u)
{
    ws_persons *p = &w->pers;
    if (p->age_m[i] < AGE18) {
        p->labour[i] = WS_LB_CHILD;
        return;
    }
    double pe = p->attain[i] >= WS_AT_MID ? w->p->work_leaver_emp_p
                                           : w->p->work_leaver_emp_low * w->p->work_leaver_emp_p;
    p->labour[i] = u < pe ? WS_LB_EMPLOYED : WS_LB_UNEMPLOYED;
    p->lab_m[i] = 0;
}

/* One month of achievement for pupil i towards its expected level mu (plus a programme's gain,
 * which the score then follows exactly: see ws__iv_shift), with noise from u0, u1. */
static void drift(ws_world *w, int32_t i, double mu, double u0, double u1)
{
    double z = w->pers.achieve[i], g = 0, g_next = 0;
    if (w->iv_txmask & (1u << WS_TX_ACHIEVEMENT)) ws__iv_shift(w, i, WS_TX_ACHIEVEMENT, &g, &g_next);
    z += w->p->edu_adjust_rate * (mu + g - z) + w->cal.drop_sd_noise * ws_normal(u0, u1) +
         (g_next - g);
    w->pers.achieve[i] = (float)z;
}

/* Expected achievement of a secondary pupil: the primary-school level plus the track's
 * difference from the middle track (edu_track_sd per step). */
static double secondary_mu(const ws_world *w, int32_t i)
{
    int step = w->pers.track[i] == WS_TR_LOW ? -1 : w->pers.track[i] == WS_TR_HIGH ? 1 : 0;
    return w->cal.achieve_mu + achieve_x(w, i) + w->p->edu_track_sd * step;
}

void ws__phase_education(ws_world *w)
{
    ws_persons *p = &w->pers;
    const ws_params *P = w->p;
    const ws_calib *c = &w->cal;
    uint32_t m = (uint32_t)w->month;
    double lo = gsl_cdf_ugaussian_Pinv(P->edu_adv_low_nl / 100);
    double hi = gsl_cdf_ugaussian_Qinv(P->edu_adv_high_nl / 100);
    double post_drop = ws__monthly(P->edu_post_drop_p), ret = c->return_h;
    for (size_t k = 0; k < p->n; k++) {
        int32_t i = (int32_t)k;
        if (!p->alive[i]) continue;
        int am = p->age_m[i];
        if (am > P->edu_max_age * 12) continue;
        double u[4];
        ws_u01x4(&w->rng, (uint32_t)i, m, WS_RP_ACHIEVE, 0, u);
        switch (p->stage[i]) {
        case WS_ST_NONE:
            if (am >= 4 * 12) {
                p->stage[i] = WS_ST_PRIMARY;
                /* a pre-school programme's gain (early childhood education) starts with school */
                double g = 0, g_next = 0;
                if (w->iv_txmask & (1u << WS_TX_ACHIEVEMENT))
                    ws__iv_shift(w, i, WS_TX_ACHIEVEMENT, &g, &g_next);
                p->achieve[i] = (float)(c->achieve_mu + achieve_x(w, i) +
                                        c->achieve_sd * ws_normal(u[0], u[1]) + g);
            }
            break;
        case WS_ST_PRIMARY:
            if (am < AGE12) {
                drift(w, i, c->achieve_mu + achieve_x(w, i), u[0], u[1]);
            } else {
                p->track[i] = p->achieve[i] < lo ? WS_TR_LOW : p->achieve[i] > hi ? WS_TR_HIGH
                                                                                  : WS_TR_MID;
                p->stage[i] = WS_ST_SECONDARY;
                w->acc.ach_sum += p->achieve[i];
                w->acc.ach_n += 1;
                w->acc.adv_low += p->track[i] == WS_TR_LOW;
            }
            break;
        case WS_ST_SECONDARY:
            /* achievement keeps developing in secondary school (track, school quality, peers,
             * programmes) until the pupil leaves; dropout responds to it */
            drift(w, i, secondary_mu(w, i), u[0], u[1]);
            if (am == 16 * 12) p->labour[i] = WS_LB_STUDENT;
            w->acc.pupil_months += at_risk(p, i);
            if (at_risk(p, i) &&
                ws_u01(&w->rng, (uint32_t)i, m, WS_RP_DROPOUT) <
                    ws__iv_apply(w, i, WS_TX_DROPOUT, c->drop_h * drop_hr(w, i))) {
                p->stage[i] = WS_ST_DONE;
                p->attain[i] = WS_AT_LOW;
                p->flags[i] |= WS_PF_DROPPED_Y;
                w->acc.dropouts++;
                enter_labour(w, i, u[2]);
                break;
            }
            /* completion: at 18 on schedule; returners (older) finish at 1/edu_return_months
             * per month */
            if (am == AGE18 || (am > AGE18 && u[3] < 1.0 / P->edu_return_months)) {
                p->attain[i] = WS_AT_MID;
                double go = p->track[i] == WS_TR_HIGH  ? P->edu_post_high_p
                            : p->track[i] == WS_TR_MID ? P->edu_post_mid_p
                                                       : 0;
                if (am == AGE18 && u[2] < go) {
                    p->stage[i] = WS_ST_POST;
                } else { /* u[0], u[1] moved achievement above: a draw of its own */
                    p->stage[i] = WS_ST_DONE;
                    enter_labour(w, i, ws_u01(&w->rng, (uint32_t)i, m, WS_RP_LEAVER_WORK));
                }
            }
            break;
        case WS_ST_POST: {
            int end_age =
                p->track[i] == WS_TR_HIGH ? (int)P->edu_wo_end_age : (int)P->edu_hbo_end_age;
            int end = end_age * 12;
            if (am >= end) {
                p->attain[i] = WS_AT_HIGH;
                p->stage[i] = WS_ST_DONE;
                enter_labour(w, i, u[1]);
            } else if (u[3] < post_drop) {
                p->stage[i] = WS_ST_DONE;
                enter_labour(w, i, u[1]);
            }
            break;
        }
        case WS_ST_DONE:
            if (p->attain[i] == WS_AT_LOW && am >= AGE18 && am < 23 * 12 && u[3] < ret) {
                p->stage[i] = WS_ST_SECONDARY; /* second chance: back to mbo */
                p->labour[i] = WS_LB_STUDENT;
            } else if (p->labour[i] == WS_LB_CHILD && am >= AGE18) {
                enter_labour(w, i, u[1]);
            }
            break;
        default: break;
        }
    }
}

void ws__calib_education(ws_world *w)
{
    const ws_persons *p = &w->pers;
    ws_calib *c = &w->cal;
    const ws_params *P = w->p;
    /* achievement: intercept so the expected level of pupils averages the area's z, noise so
     * the spread holds */
    double sx = 0, sxx = 0, n = 0, sum_hr = 0, n_risk = 0;
    for (size_t k = 0; k < p->n; k++) {
        int32_t i = (int32_t)k;
        if (!p->alive[i]) continue;
        if (p->stage[i] == WS_ST_PRIMARY) {
            double x = achieve_x(w, i);
            sx += x;
            sxx += x * x;
            n++;
        }
        if (at_risk(p, i)) {
            sum_hr += drop_hr(w, i);
            n_risk++;
        }
    }
    double mx = n ? sx / n : 0, vx = n ? sxx / n - mx * mx : 0;
    c->achieve_mu = w->area->achievement_z - mx;
    double resid = c->achieve_sd * c->achieve_sd - vx;
    if (resid < 0.05) resid = 0.05;
    double k = P->edu_adjust_rate;
    c->drop_sd_noise = sqrt(resid * (2 * k - k * k));
    /* dropout: monthly base so the yearly share of pupils 12-23 leaving matches */
    double target_m = ws__monthly(w->area->early_school_leaving / 100);
    c->drop_h = sum_hr > 0 ? target_m * n_risk / sum_hr : 0;
    c->return_h = ws__monthly(P->edu_return_p);
}
