/* neighbourhood.c: monthly neighbourhood aggregates and the slow neighbourhood states —
 * crime, disorder, cohesion, undermining — and the Leefbaarometer-style liveability score.
 *
 * Every slow state is anchored at its starting value: it moves only when its drivers move
 * away from their starting values (turnover, disorder, network presence, offences), so the
 * no-intervention baseline stays put unless the population changes. Liveability has the five
 * Leefbaarometer dimensions (housing stock, physical environment, amenities, social cohesion,
 * nuisance and unsafety) as deviations from the NL average; amenities is held at the value
 * that makes the area's starting score match its share of dwellings in weak-or-worse zones.
 */
#include "world.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <string.h>

#define INC_BIN 25.0
#define INC_BINS 800

/* Class 1-9 of a Leefbaarometer score (deviation from NL); classes 1-4 are weak or worse. */
int ws__lbm_class(double score)
{
    static const double cut[8] = {-0.30, -0.20, -0.10, -0.05, 0.05, 0.10, 0.20, 0.30};
    int c = 1;
    while (c <= 8 && score >= cut[c - 1]) c++;
    return c;
}

static double disorder_of(const ws_params *P, const ws_nbh *nb, double poor_share)
{
    double cr = nb->crime / P->disorder_crime_full;
    return P->disorder_w_poor * poor_share + P->disorder_w_crime * (cr > 1 ? 1 : cr) +
           P->disorder_w_underm * nb->undermining / 100.0;
}

/* Recomputes aggregates; when advance is true also moves the slow states one month. */
static void aggregate(ws_world *w, bool advance)
{
    const ws_params *P = w->p;
    const ws_persons *p = &w->pers;
    const ws_households *H = &w->hh;
    int nn = w->n_nbh;
    double ach[WS_MAX_NBH] = {0}, ach_n[WS_MAX_NBH] = {0}, qsum[WS_MAX_NBH] = {0};
    long ndw[WS_MAX_NBH] = {0}, nsoc[WS_MAX_NBH] = {0}, npoor[WS_MAX_NBH] = {0};
    static _Thread_local uint32_t hist[WS_MAX_NBH][INC_BINS];
    memset(hist, 0, sizeof hist);
    for (int k = 0; k < nn; k++) {
        ws_nbh *nb = &w->nbh[k];
        nb->residents = nb->households = nb->youth = nb->offenders = nb->adults15 = 0;
        nb->unsafe_n = nb->net16_34 = nb->network = 0;
    }
    for (size_t i = 0; i < p->n; i++) {
        if (!p->alive[i]) continue;
        int k = w->dw.nbh[H->dwelling[p->hh[i]]];
        ws_nbh *nb = &w->nbh[k];
        int am = p->age_m[i];
        nb->residents++;
        if (am >= 12 * 12 && am < 25 * 12) {
            nb->youth++;
            nb->offenders += p->offender[i];
        }
        if (am >= 15 * 12) {
            nb->adults15++;
            nb->unsafe_n += p->unsafe[i];
        }
        if (am >= P->net_age_min * 12 && am < P->net_age_end * 12) {
            nb->net16_34++;
            nb->network += p->network[i];
        }
        if (p->stage[i] == WS_ST_PRIMARY) {
            ach[k] += p->achieve[i];
            ach_n[k]++;
        }
    }
    for (size_t d = 0; d < w->dw.n; d++) {
        int k = w->dw.nbh[d];
        ndw[k]++;
        qsum[k] += w->dw.quality[d];
        nsoc[k] += w->dw.tenure[d] == WS_TEN_SOCIAL;
        npoor[k] += w->dw.quality[d] < P->dw_poor_below;
    }
    for (size_t h = 0; h < H->n; h++) {
        if (!H->alive[h]) continue;
        int k = w->dw.nbh[H->dwelling[h]];
        w->nbh[k].households++;
        int b = (int)(H->income[h] / INC_BIN);
        hist[k][b < 0 ? 0 : b >= INC_BINS ? INC_BINS - 1 : b]++;
    }
    double area_res = 0;
    for (int k = 0; k < nn; k++) area_res += (double)w->nbh[k].residents;
    double police = area_res > 0 ? w->inst.police_fte / area_res * 1000 : 0;
    for (int k = 0; k < nn; k++) {
        ws_nbh *nb = &w->nbh[k];
        nb->peer_share = nb->youth ? (double)nb->offenders / nb->youth : 0;
        nb->unsafe_share = nb->adults15 ? (double)nb->unsafe_n / nb->adults15 : 0;
        nb->quality_mean = ndw[k] ? qsum[k] / ndw[k] : 0;
        nb->social_share = ndw[k] ? (double)nsoc[k] / ndw[k] : 0;
        nb->mean_achieve = ach_n[k] ? ach[k] / ach_n[k] : w->area->achievement_z;
        nb->police = police;
        long half = (nb->households + 1) / 2, cum = 0;
        int b = 0;
        while (b < INC_BINS - 1 && cum + (long)hist[k][b] < half) cum += hist[k][b++];
        nb->median_income = (b + 0.5) * INC_BIN;
        double poor_share = ndw[k] ? (double)npoor[k] / ndw[k] : 0;
        if (advance) {
            double res = nb->residents > 0 ? (double)nb->residents : 1;
            /* crime by others grows with disorder and undermining; linear in both, so noise
             * in small neighbourhoods does not bias the mean */
            double ext = w->cal.ext_crime *
                         (1 + P->crime_ext_disorder * (nb->disorder - nb->disorder0) +
                          P->crime_ext_underm * (nb->undermining - nb->undermining0) / 100);
            if (ext < 0) ext = 0;
            double inst = ext + nb->offences * 12 * 1000 / res;
            /* police programmes: their stated factor on the area's offences */
            if (w->iv && w->inst.offence_lratio != 0) inst *= exp(w->inst.offence_lratio);
            nb->crime += (inst - nb->crime) / 12;
            w->acc.offences += inst * res / 1000 / 12;
            double turn = nb->households ? nb->moves_m * 12 / (double)nb->households : 0;
            nb->turnover += (turn - nb->turnover) / 12;
            nb->disorder = disorder_of(P, nb, poor_share);
            double target = nb->cohesion0 + P->coh_beta_turnover * (nb->turnover - nb->turnover0) +
                            P->coh_beta_disorder * (nb->disorder - nb->disorder0);
            if (w->iv) target += w->inst.cohesion_shift; /* community work (interventions) */
            if (target < 0) target = 0;
            if (target > 10) target = 10;
            nb->cohesion += (target - nb->cohesion) / P->coh_adjust_months;
            /* Undermining follows network presence relative to the start: linear (so noise
             * in small neighbourhoods does not bias the mean) with the slope of the
             * saturating curve U = 100 (1 - exp(-share / k)) at the start, an elasticity
             * below 1. Not proportional: recruitment is itself proportional to undermining,
             * so an elasticity of 1 closes a loop of gain 1 in which any level is an
             * equilibrium and a small lasting change in offending made undermining drift
             * without bound (at scale 1: 41 -> 58 in ten years). */
            double share = nb->net16_34 ? nb->net_mf / nb->net16_34 : 0;
            double u0 = nb->undermining0 / 100;
            if (u0 > 0.95) u0 = 0.95;
            double x0 = -log(1 - u0);
            double elast = u0 > 0 ? x0 * (1 - u0) / u0 : 1;
            double ut = nb->net0 > 0
                            ? nb->undermining0 * (1 + elast * (share / nb->net0 - 1))
                            : nb->undermining0;
            if (ut < 0) ut = 0;
            if (ut > 100) ut = 100;
            nb->undermining += (ut - nb->undermining) / P->underm_adjust_months;
        } else {
            nb->disorder = disorder_of(P, nb, poor_share);
        }
        nb->lbm[0] = P->lbm_w_housing * (nb->quality_mean - P->nl_quality) -
                     P->lbm_w_social * (100 * nb->social_share - P->nl_social_pct);
        nb->lbm[1] = -P->lbm_w_environment * nb->disorder;
        nb->lbm[2] = nb->amenities;
        nb->lbm[3] = P->lbm_w_cohesion * (nb->cohesion - P->nl_cohesion);
        nb->lbm[4] = -P->lbm_w_nuisance * log(nb->crime / P->nl_crime_per_1000) -
                     P->lbm_w_unsafe * (100 * nb->unsafe_share - P->nl_unsafe_pct);
        nb->lbm_score = nb->lbm[0] + nb->lbm[1] + nb->lbm[2] + nb->lbm[3] + nb->lbm[4];
        nb->move_live_hr = pow(P->move_hr_liveability, -(nb->lbm_score - nb->lbm0) / 0.1);
        nb->lone_coh_hr = pow(P->lone_hr_cohesion, nb->cohesion - nb->cohesion0);
    }
}

void ws__phase_neighbourhood(ws_world *w)
{
    aggregate(w, true);
}

void ws__calib_nbh_pre(ws_world *w)
{
    aggregate(w, false);
    for (int k = 0; k < w->n_nbh; k++) {
        ws_nbh *nb = &w->nbh[k];
        nb->peer0 = nb->peer_share;
        nb->unsafe0 = nb->unsafe_share;
        nb->quality0 = nb->quality_mean;
        nb->social0 = nb->social_share;
    }
}

void ws__calib_neighbourhood(ws_world *w)
{
    const ws_params *P = w->p;
    const ws_area *A = w->area;
    ws_calib *c = &w->cal;
    /* the area's expected network share at the start (the mean field undermining follows) */
    aggregate(w, false);
    ws__net_mf_balance(w);
    double net = 0;
    long n1634 = 0;
    for (int k = 0; k < w->n_nbh; k++) {
        net += w->nbh[k].net_mf;
        n1634 += w->nbh[k].net16_34;
    }
    double s0 = n1634 ? net / n1634 : 0;
    c->lbm_target = -0.05 - P->lbm_zone_sd * gsl_cdf_ugaussian_Pinv(A->lbm_weak / 100);
    for (int k = 0; k < w->n_nbh; k++) {
        ws_nbh *nb = &w->nbh[k];
        /* expected crime of this neighbourhood at the start: outsiders plus its offenders */
        double res = nb->residents > 0 ? (double)nb->residents : 1;
        nb->crime = nb->crime0 =
            c->ext_crime + nb->offenders * P->off_reg_p * c->offence_rate * 12 * 1000 / res;
        /* every neighbourhood starts at the area's undermining; its network share is the
         * area's (a neighbourhood's own share at the start is mostly sampling noise) */
        nb->undermining = nb->undermining0 = A->undermining;
        nb->net0 = s0;
    }
    /* disorder and liveability with the final anchors; amenities takes the residual */
    aggregate(w, false);
    for (int k = 0; k < w->n_nbh; k++) {
        ws_nbh *nb = &w->nbh[k];
        nb->disorder0 = nb->disorder;
        nb->amenities = c->lbm_target - (nb->lbm_score - nb->amenities);
    }
    aggregate(w, false);
    for (int k = 0; k < w->n_nbh; k++) w->nbh[k].lbm0 = w->nbh[k].lbm_score;
    c->police0 = w->nbh[0].police;
}
