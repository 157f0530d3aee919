/* safety.c: offending and desistance of young people, recruitment into criminal networks,
 * victimisation and feeling unsafe.
 *
 * Onset of offending (from 12 to off_onset_max_age) rises with early school leaving,
 * joblessness, poverty, being male, and the share of offending peers in the neighbourhood
 * (contagion, Damm & Dustmann 2014), and falls with police presence and cohesion relative to
 * the start. Active offenders commit registered offences; the neighbourhood's crime rate adds
 * offences by others, which grow with disorder and undermining. Victimisation follows the
 * neighbourhood crime rate and feeds distress and unsafety; unsafety is reassessed about once
 * a year.
 */
#include "world.h"

#include <math.h>

#define AGE12 (12 * 12)

/* Logit covariates of offending onset for person i: sex, household poverty, early school
 * leaving, joblessness (also used by synthesis for the starting offenders). */
double ws__x_offend(const ws_world *w, int32_t i)
{
    const ws_params *P = w->p;
    const ws_persons *p = &w->pers;
    double x = 0;
    if (p->sex[i] == WS_SEX_MALE) x += log(P->off_hr_male);
    if (w->hh.lowinc[p->hh[i]]) x += log(P->off_hr_poverty);
    if (p->stage[i] == WS_ST_DONE && p->attain[i] == WS_AT_LOW) x += log(P->off_hr_dropout);
    if (p->age_m[i] >= 18 * 12 && p->stage[i] == WS_ST_DONE && p->labour[i] != WS_LB_EMPLOYED)
        x += log(P->off_hr_jobless);
    return x;
}

/* Annual victimisation probability of a resident 15+ at neighbourhood crime level crime. */
double ws__victim_p(const ws_world *w, double crime)
{
    double r = crime / w->p->nl_crime_per_1000;
    double pv = w->p->victim_nl_p * pow(r > 0 ? r : 0, w->p->victim_elast);
    return pv > 0.95 ? 0.95 : pv;
}

static const ws_nbh *nbh_of(const ws_world *w, int32_t i)
{
    return &w->nbh[w->dw.nbh[w->hh.dwelling[w->pers.hh[i]]]];
}

/* Onset hazard ratio of the neighbourhood: peers, police, cohesion relative to the start. */
static double nbh_onset_hr(const ws_world *w, const ws_nbh *nb)
{
    const ws_params *P = w->p;
    /* linear in the peer share (not exponential): sampling noise in small neighbourhoods
     * then leaves the mean hazard unbiased */
    double peer = (nb->peer_share - nb->peer0) / P->off_peer_sd;
    double r = 1 + log(P->off_peer_hr_sd) * peer;
    if (r < P->off_peer_hr_min) r = P->off_peer_hr_min;
    if (w->cal.police0 > 0 && nb->police > 0)
        r *= pow(nb->police / w->cal.police0, P->off_police_elast);
    r *= pow(P->off_cohesion_hr, nb->cohesion - nb->cohesion0);
    return r;
}

static double desist_p(const ws_world *w, int32_t i)
{
    double d = 1.0 / w->p->off_spell_months;
    return w->pers.age_m[i] >= w->p->off_desist_age * 12 ? w->p->off_desist_hr_adult * d : d;
}

/* Undermining index -> recruitment multiplier (1 at index 50). */
static double underm_factor(const ws_nbh *nb)
{
    return nb->undermining / 50.0;
}

static double net_exit(const ws_world *w, const ws_nbh *nb)
{
    double e = ws__monthly(w->p->net_exit_p);
    if (w->cal.police0 > 0 && nb->police > 0) e *= nb->police / w->cal.police0;
    return e;
}

/* Risk functions (transitions.def). offending_onset: the onset hazard ratio, personal
 * covariates times the neighbourhood's. */
double ws__risk_offending_onset(const ws_world *w, int32_t i)
{
    return exp(ws__x_offend(w, i)) * nbh_onset_hr(w, nbh_of(w, i));
}

/* desistance: the monthly desistance probability (lowest first). */
double ws__risk_desistance(const ws_world *w, int32_t i)
{
    return desist_p(w, i);
}

/* network_recruitment: the undermining factor of an offender's neighbourhood (0 for others). */
double ws__risk_network_recruit(const ws_world *w, int32_t i)
{
    return w->pers.offender[i] ? underm_factor(nbh_of(w, i)) : 0;
}

void ws__phase_safety(ws_world *w)
{
    ws_persons *p = &w->pers;
    const ws_params *P = w->p;
    const ws_calib *c = &w->cal;
    uint32_t m = (uint32_t)w->month;
    double victim_m[WS_MAX_NBH], nbh_hr[WS_MAX_NBH], rec[WS_MAX_NBH];
    for (int k = 0; k < w->n_nbh; k++) {
        rec[k] = 0;
        victim_m[k] = ws__monthly(ws__victim_p(w, w->nbh[k].crime));
        nbh_hr[k] = nbh_onset_hr(w, &w->nbh[k]);
        w->nbh[k].offences = 0;
    }
    for (size_t k = 0; k < p->n; k++) {
        int32_t i = (int32_t)k;
        if (!p->alive[i]) continue;
        int am = p->age_m[i];
        if (p->victim_m[i] < 255) p->victim_m[i]++;
        if (am < AGE12) continue;
        int nk = w->dw.nbh[w->hh.dwelling[p->hh[i]]];
        ws_nbh *nb = &w->nbh[nk];
        double u[4];
        ws_u01x4(&w->rng, (uint32_t)i, m, WS_RP_OFFEND, 0, u);
        /* offending */
        if (p->offender[i]) {
            if (am >= P->off_max_age * 12 ||
                u[0] < ws__iv_apply(w, i, WS_TX_DESISTANCE, desist_p(w, i))) {
                p->offender[i] = 0;
            } else if (u[1] < P->off_reg_p) {
                p->flags[i] |= WS_PF_OFFENDED_Y;
                nb->offences += c->offence_rate;
            }
        } else if (am < P->off_onset_max_age * 12) {
            double h = c->off_on_h * exp(ws__x_offend(w, i)) * nbh_hr[nk];
            if (u[0] < ws__iv_apply(w, i, WS_TX_OFFENDING_ONSET, h)) p->offender[i] = 1;
        }
        /* networks (net_age_min up to net_age_end) */
        if (am >= P->net_age_min * 12 && am < P->net_age_end * 12) {
            if (p->network[i]) {
                if (u[2] < net_exit(w, nb)) p->network[i] = 0;
            } else if (p->offender[i]) {
                double pr = ws__iv_apply(w, i, WS_TX_NETWORK_RECRUIT,
                                         c->net_rec_h * underm_factor(nb));
                rec[nk] += pr;
                if (u[2] < pr) p->network[i] = 1;
            }
        } else if (p->network[i]) {
            p->network[i] = 0;
        }
        if (am < 15 * 12) continue;
        /* victimisation */
        if (u[3] < victim_m[nk]) {
            p->victim_m[i] = 0;
            p->flags[i] |= WS_PF_VICTIM_Y;
        }
        /* feeling unsafe: reassessed about once a year */
        double v[4];
        ws_u01x4(&w->rng, (uint32_t)i, m, WS_RP_UNSAFE, 0, v);
        if (v[0] < 1.0 / 12) {
            double x = c->unsafe_a;
            if (p->sex[i] == WS_SEX_FEMALE) x += P->unsafe_beta_female;
            if (am >= 65 * 12) x += P->unsafe_beta_65;
            if (p->victim_m[i] < 12) x += log(P->unsafe_or_victim);
            x += P->unsafe_beta_crime * log(nb->crime / nb->crime0);
            x += P->unsafe_beta_cohesion * (nb->cohesion - nb->cohesion0);
            x += P->unsafe_beta_disorder * (nb->disorder - nb->disorder0);
            p->unsafe[i] = v[1] < ws__logistic(x);
        }
    }
    /* the mean field of network membership: this month's recruitment probabilities in, exit
     * and the other losses out (see ws__net_mf_balance) */
    for (int k = 0; k < w->n_nbh; k++) {
        ws_nbh *nb = &w->nbh[k];
        nb->net_mf += rec[k] - nb->net_mf * (net_exit(w, nb) + c->net_loss_h);
        if (nb->net_mf < 0) nb->net_mf = 0;
    }
}

double ws__x_offend_start(const ws_world *w, int32_t i)
{
    const ws_params *P = w->p;
    int am = w->pers.age_m[i];
    double x = ws__x_offend(w, i);
    if (am >= P->off_desist_age * 12)
        x += (am - P->off_desist_age * 12) * log(1 - P->off_desist_hr_adult / P->off_spell_months);
    return x;
}

/* The probability synthesis gives person i (12 up to off_max_age) of being an active
 * offender: the expected offenders, whatever a small world happened to draw. */
static double p_offender_expected(const ws_world *w, int32_t i)
{
    return ws__logistic(w->cal.syn_offend + ws__x_offend_start(w, i));
}

/* The same for an offender old enough for a network (net_age_min up to off_max_age; 0
 * outside). */
static double p_offender_syn(const ws_world *w, int32_t i)
{
    const ws_params *P = w->p;
    int am = w->pers.age_m[i];
    if (am < P->net_age_min * 12 || am >= P->off_max_age * 12) return 0;
    return p_offender_expected(w, i);
}

/* Undermining follows network presence, but at a small --scale an area has only a handful of
 * simulated members (Rotterdam-Zuid at 0.05: about 4), so the realised share jumps by 25-100 %
 * when one joins or leaves, and a world that draws none at the start has no anchor at all (the
 * index froze). Undermining therefore follows the expected number of members: the sum of the
 * recruitment probabilities of the area's offenders (a pool ten times larger, and every policy
 * on recruitment or exit acts on it) less exit, a mean field whose noise shrinks with the
 * offenders, not the members. It starts at the members synthesis expects (its network
 * probability times its expected offenders of network age in each neighbourhood, so a world that drew
 * none still has its anchor) and net_loss_h, the loss besides exit, is set so it is
 * stationary under the starting rates; called by the analytic balance. Its sums (expected
 * recruitment and exit a month, expected members) are kept in net_bal_*, so that the burned-in
 * schedule can reset net_loss_h each month for that month's recruitment rate
 * (ws__calibration_month) without moving the mean field itself. */
void ws__net_mf_balance(ws_world *w)
{
    const ws_persons *p = &w->pers;
    ws_calib *c = &w->cal;
    double q = ws__logistic(c->syn_net), rec = 0, off[WS_MAX_NBH] = {0};
    for (size_t k = 0; k < p->n; k++) {
        int32_t i = (int32_t)k;
        if (!p->alive[i]) continue;
        double po = p_offender_syn(w, i);
        if (po <= 0) continue;
        off[w->dw.nbh[w->hh.dwelling[p->hh[i]]]] += po;
        rec += po * (1 - q) * c->net_rec_h * underm_factor(nbh_of(w, i));
    }
    double mf = 0, ex = 0;
    for (int k = 0; k < w->n_nbh; k++) {
        ws_nbh *nb = &w->nbh[k];
        nb->net_mf = q * off[k];
        mf += nb->net_mf;
        ex += nb->net_mf * net_exit(w, nb);
    }
    c->net_loss_h = mf > 0 ? (rec - ex) / mf : 0;
    c->net_bal_rec = rec;
    c->net_bal_exit = ex;
    c->net_bal_mf = mf;
}

void ws__calib_safety(ws_world *w)
{
    const ws_persons *p = &w->pers;
    const ws_params *P = w->p;
    ws_calib *c = &w->cal;
    double s_on = 0, s_des = 0, s_rec = 0, s_exit = 0, offenders = 0, residents = 0;
    double q = ws__logistic(c->syn_net);
    for (size_t k = 0; k < p->n; k++) {
        int32_t i = (int32_t)k;
        if (!p->alive[i]) continue;
        residents++;
        int am = p->age_m[i];
        if (am < AGE12) continue;
        const ws_nbh *nb = nbh_of(w, i);
        /* onset balances the desistance of the offenders synthesis expects (its probability
         * of each person), not of the few it drew: at a small --scale a world could draw none,
         * and a balance on the drawn ones then set onset to 0, so youth offending stayed at 0
         * for all 20 years (Vlaardingen West at scale 0.03: 1 replication in 12) */
        if (am < P->off_max_age * 12) {
            double pe = p_offender_expected(w, i);
            s_des += pe * desist_p(w, i);
            offenders += pe;
            if (am < P->off_onset_max_age * 12)
                s_on += (1 - pe) * exp(ws__x_offend(w, i)) * nbh_onset_hr(w, nb);
        }
        /* recruitment balances the exit of the members synthesis expects (its network
         * probability times its expected offenders), not of the few it drew at a small scale */
        double po = p_offender_syn(w, i);
        s_exit += po * q * net_exit(w, nb);
        s_rec += po * (1 - q) * underm_factor(nb);
    }
    /* onset replaces desistance plus those ageing out at off_max_age (off_ageout_mult: a
     * flat share on top of the desistance flow) */
    c->off_on_h = s_on > 0 ? (s_des * P->off_ageout_mult) / s_on : 0;
    c->net_rec_h = s_rec > 0 ? s_exit / s_rec : 0;
    /* offences: resident offenders (the expected ones, as above) account for the youth share of
     * the starting crime rate */
    double crime_year = w->area->crime_per_1000 * residents / 1000.0;
    double events_year = offenders * P->off_reg_p * 12;
    c->offence_rate = events_year > 0 ? crime_year * P->off_youth_crime_share / events_year : 0;
    c->ext_crime = w->area->crime_per_1000 * (1 - P->off_youth_crime_share);
    c->unsafe_a = c->syn_unsafe;
}
