/* test_mech_safety.c: the safety mechanisms one at a time on tiny hand-built worlds —
 * offending onset (peers, police, cohesion), desistance, registered offences, recruitment into
 * and exit from criminal networks, victimisation, and the yearly reassessment of unsafety.
 *
 * Each case runs the safety phase for one month and checks every person against the phase's
 * keyed draws (WS_RP_OFFEND: word 0 onset or desistance, 1 offence, 2 network, 3
 * victimisation; WS_RP_UNSAFE: word 0 reassessment, 1 the answer): a transition happened iff
 * u < p, with p from the documented formula restated here. See wt_world.h.
 */
#include "wt.h"
#include "wt_world.h"

#include <math.h>


/* A young person of age_m months in neighbourhood k living with a parent of 45 (who is past
 * every mechanism here). */
static int32_t youth(wt_world *t, int k, int age_m, int sex)
{
    int32_t h = wt_household_from(t, (int32_t)t->w.dw.n / t->w.n_nbh * k, WS_HT_SINGLE_PARENT);
    wt_person(t, h, WT_YM(45, 0), WS_SEX_FEMALE);
    return wt_person(t, h, age_m, sex);
}

/* Three neighbourhoods for the onset case: 0 at its anchors; 1 with more offending peers
 * (+2 SD), twice the starting police and a point more cohesion; 2 with far fewer offending
 * peers (the ratio's floor of 0.2), no police figure (no police term) and two points less
 * cohesion. */
static void onset_neighbourhoods(wt_world *t)
{
    ws_nbh *nb = t->w.nbh;
    nb[1].peer_share = nb[1].peer0 + 2 * t->p.off_peer_sd;
    nb[1].police = 2 * t->w.cal.police0;
    nb[1].cohesion = nb[1].cohesion0 + 1;
    nb[2].peer_share = nb[2].peer0 - 25 * t->p.off_peer_sd;
    nb[2].police = 0;
    nb[2].cohesion = nb[2].cohesion0 - 2;
}

/* The neighbourhood's onset ratio: 1 + log(off_peer_hr_sd) per SD of the peer share above its
 * start (at least 0.2), police relative to the start to off_police_elast, off_cohesion_hr per
 * point of cohesion above the start. */
static double nbh_ratio(const wt_world *t, int k)
{
    const ws_params *P = &t->p;
    const ws_nbh *nb = &t->w.nbh[k];
    double r = 1 + log(P->off_peer_hr_sd) * (nb->peer_share - nb->peer0) / P->off_peer_sd;
    r = r < 0.2 ? 0.2 : r;
    if (nb->police > 0) r *= pow(nb->police / t->w.cal.police0, P->off_police_elast);
    return r * pow(P->off_cohesion_hr, nb->cohesion - nb->cohesion0);
}

/* Offending onset: non-offenders 12-24 start at off_on_h times the personal ratio (male,
 * poverty, early school leaving, 18+ out of school and work) times the neighbourhood's. */
WT_CASE(offending_onset)
{
    WT_WORLD(t, 96, 3, 51);
    onset_neighbourhoods(t);
    w->cal.off_on_h = 0.07;
    static const int ages[] = {WT_YM(12, 0), WT_YM(15, 0),  WT_YM(17, 0), WT_YM(18, 0),
                               WT_YM(20, 0), WT_YM(24, 11), WT_YM(25, 0), WT_YM(11, 11)};
    int32_t x[48];
    for (int j = 0; j < 48; j++) {
        int a = j % 8;
        int32_t i = x[j] = youth(t, j % 3, ages[a], (j / 8) % 2);
        w->hh.lowinc[p->hh[i]] = j % 5 == 1;
        if (ages[a] >= WT_YM(18, 0)) { /* out of school: working, seeking work or an early leaver */
            p->stage[i] = WS_ST_DONE;
            p->attain[i] = (uint8_t)(j % 3 == 1 ? WS_AT_LOW : WS_AT_MID);
            p->labour[i] = (uint8_t)(j % 4 == 0 ? WS_LB_EMPLOYED : WS_LB_UNEMPLOYED);
        } else if (j % 7 == 2) {
            p->stage[i] = WS_ST_DONE;
            p->attain[i] = WS_AT_LOW;
        }
    }
    wt_index(t);
    wt_run(t, WT_SAFETY);
    wt_tally on = WT_TALLY("offending onset");
    for (int j = 0; j < 48; j++) {
        int32_t i = x[j];
        if (p->age_m[i] < WT_YM(12, 0) || p->age_m[i] >= WT_YM(25, 0)) {
            WT_CHECK(!p->offender[i]);
            continue;
        }
        double r = p->sex[i] == WS_SEX_MALE ? P->off_hr_male : 1;
        if (w->hh.lowinc[p->hh[i]]) r *= P->off_hr_poverty;
        if (p->stage[i] == WS_ST_DONE && p->attain[i] == WS_AT_LOW) r *= P->off_hr_dropout;
        if (p->age_m[i] >= WT_YM(18, 0) && p->labour[i] != WS_LB_EMPLOYED) r *= P->off_hr_jobless;
        double u[4];
        wt_u4(t, i, WS_RP_OFFEND, u);
        WT_IFF(&on, i, p->offender[i], u[0], 0.07 * r * nbh_ratio(t, j % 3));
    }
    WT_BOTH(on);
    wt_world_free(t);
}

/* Offenders aged 12 to 31 in two neighbourhoods, listed in x (n_x of them). */
static int offenders(wt_world *t, int32_t *x)
{
    int n = 0;
    for (int a = 12; a < 32; a++)
        for (int k = 0; k < 2; k++) {
            x[n] = youth(t, k, WT_YM(a, (a * 5) % 12), (a + k) % 2);
            t->w.pers.offender[x[n++]] = 1;
        }
    wt_index(t);
    return n;
}

/* Desistance: offenders stop at 1 / off_spell_months a month, twice that from 25, and all
 * of them at 30. */
WT_CASE(desistance)
{
    WT_WORLD(t, 96, 3, 52);
    t->p.off_spell_months = 5;
    int32_t x[48];
    int n = offenders(t, x);
    /* an offender of 27 stops with a draw in the top third below 2 / 5 (twice from 25) */
    const wt_window win = {x[2 * (27 - 12)], WS_RP_OFFEND, 0, 0.7 * 0.4, 0.4};
    wt_pick_month_in(t, &win, 1);
    wt_run(t, WT_SAFETY);
    wt_tally stop = WT_TALLY("desistance");
    for (int j = 0; j < n; j++) {
        int32_t i = x[j];
        if (p->age_m[i] >= WT_YM(30, 0)) {
            WT_CHECK(!p->offender[i]);
            continue;
        }
        double d = (p->age_m[i] >= WT_YM(25, 0) ? 2 : 1) / 5.0;
        WT_IFF(&stop, i, !p->offender[i], wt_uc(t, i, WS_RP_OFFEND, 0), d);
    }
    WT_BOTH(stop);
    wt_world_free(t);
}

/* Registered offences: an offender who goes on offending this month commits a registered
 * offence with off_reg_p; the neighbourhood counts offence_rate offences for each. */
WT_CASE(registered_offences)
{
    WT_WORLD(t, 96, 3, 53);
    int32_t x[48];
    int n = offenders(t, x);
    P->off_spell_months = 1e6;
    P->off_reg_p = 0.45;
    w->cal.offence_rate = 0.7;
    int32_t none = youth(t, 0, WT_YM(17, 0), WS_SEX_MALE); /* not an offender (no onset rate) */
    wt_index(t);
    w->nbh[0].offences = w->nbh[1].offences = 99; /* last month's: reset */
    wt_run(t, WT_SAFETY);
    wt_tally off = WT_TALLY("registered offence");
    double count[2] = {0, 0};
    for (int j = 0; j < n; j++) {
        int32_t i = x[j];
        bool reg = (p->flags[i] & WS_PF_OFFENDED_Y) != 0;
        double u[4];
        wt_u4(t, i, WS_RP_OFFEND, u);
        if (p->age_m[i] >= WT_YM(30, 0) || u[0] < 1e-6) {
            WT_CHECK(!reg && !p->offender[i]); /* stopped: no offence */
            continue;
        }
        WT_IFF(&off, i, reg, u[1], 0.45);
        count[j % 2] += reg;
    }
    WT_BOTH(off);
    WT_CHECK(!(p->flags[none] & WS_PF_OFFENDED_Y));
    for (int k = 0; k < 2; k++) WT_DOUBLE(w->nbh[k].offences, 0.7 * count[k]);
    WT_DOUBLE(w->nbh[2].offences, 0);
    wt_world_free(t);
}

/* Networks (16-34): members leave at the monthly net_exit_p times police relative to the
 * start; offenders (as they are after this month's desistance) join at net_rec_h times the
 * undermining index / 50. Outside 16-34 nobody is a member. */
WT_CASE(network)
{
    WT_WORLD(t, 96, 3, 54);
    t->p.off_spell_months = 1e9;
    t->p.net_exit_p = 0.9;
    w->cal.net_rec_h = 0.3;
    w->nbh[1].undermining = 80;
    w->nbh[1].police = 2 * w->cal.police0;
    static const int ages[] = {WT_YM(16, 0), WT_YM(19, 0), WT_YM(24, 0), WT_YM(29, 0),
                               WT_YM(34, 11)};
    int32_t x[40];
    for (int j = 0; j < 40; j++) {
        int32_t i = x[j] = youth(t, j % 2, ages[j % 5], j % 3 != 0);
        p->network[i] = (j / 2) % 2;
        p->offender[i] = (j / 2) % 2 == 0 && ages[j % 5] < WT_YM(30, 0);
    }
    int32_t young = youth(t, 0, WT_YM(15, 11), WS_SEX_MALE), old = youth(t, 1, WT_YM(35, 0), 0);
    int32_t quit = youth(t, 1, WT_YM(31, 0), WS_SEX_MALE); /* stops offending at 30+: no recruit */
    p->network[young] = p->network[old] = 1;
    p->offender[young] = p->offender[quit] = 1;
    wt_index(t);
    wt_run(t, WT_SAFETY);
    double ex = 1 - pow(1 - 0.9, 1.0 / 12);
    wt_tally out = WT_TALLY("network exit"), in = WT_TALLY("network recruitment");
    for (int j = 0; j < 40; j++) {
        int32_t i = x[j];
        const ws_nbh *nb = &w->nbh[j % 2];
        double u = wt_uc(t, i, WS_RP_OFFEND, 2);
        if ((j / 2) % 2)
            WT_IFF(&out, i, !p->network[i], u, ex * nb->police / w->cal.police0);
        else if (p->offender[i])
            WT_IFF(&in, i, p->network[i], u, 0.3 * nb->undermining / 50);
        else
            WT_CHECK(!p->network[i]);
    }
    WT_BOTH(out);
    WT_BOTH(in);
    WT_CHECK(!p->network[young] && !p->network[old] && !p->network[quit] && !p->offender[quit]);
    wt_world_free(t);
}

/* Victimisation: residents 15+ are victimised with the monthly victim_nl_p x (crime / NL
 * crime)^victim_elast (at most 0.95 a year); the months since the last victimisation count
 * up for everyone (capped at 255) and restart at 0. */
WT_CASE(victimisation)
{
    WT_WORLD(t, 96, 3, 55);
    t->p.victim_nl_p = 0.5;
    w->nbh[1].crime = w->nbh[1].crime0 = 200; /* far above NL: the 0.95 cap */
    static const int ages[] = {WT_YM(10, 0), WT_YM(14, 11), WT_YM(15, 0), WT_YM(30, 0),
                               WT_YM(70, 0)};
    static const uint8_t since[] = {0, 5, 254, 255};
    int32_t x[40];
    for (int j = 0; j < 40; j++) {
        int32_t i = x[j] = youth(t, j % 2, ages[j % 5], j % 2);
        p->victim_m[i] = since[(j / 2) % 4];
    }
    wt_index(t);
    wt_run(t, WT_SAFETY);
    wt_tally vic = WT_TALLY("victimisation");
    for (int j = 0; j < 40; j++) {
        int32_t i = x[j];
        int next = since[(j / 2) % 4] + 1;
        if (p->age_m[i] < WT_YM(15, 0)) {
            WT_EQ_INT(p->victim_m[i], next > 255 ? 255 : next);
            continue;
        }
        double py = P->victim_nl_p * pow(w->nbh[j % 2].crime / P->nl_crime_per_1000,
                                         P->victim_elast);
        double pm = 1 - pow(1 - (py > 0.95 ? 0.95 : py), 1.0 / 12);
        double u[4];
        wt_u4(t, i, WS_RP_OFFEND, u);
        WT_IFF(&vic, i, p->victim_m[i] == 0 && (p->flags[i] & WS_PF_VICTIM_Y), u[3], pm);
        if (u[3] >= pm) WT_EQ_INT(p->victim_m[i], next > 255 ? 255 : next);
    }
    WT_BOTH(vic);
    wt_world_free(t);
}

/* The probability that person i, victimised since_m months ago, says they feel unsafe:
 * logistic of unsafe_a, +0.4 for women, +0.2 from 65, log unsafe_or_victim when victimised
 * in the last 12 months, and the neighbourhood's crime (log ratio), cohesion and disorder
 * against their start. */
static double unsafe_p(const wt_world *t, int32_t i, int since_m)
{
    const ws_params *P = &t->p;
    const ws_persons *p = &t->w.pers;
    const ws_nbh *nb = &t->w.nbh[t->w.dw.nbh[t->w.hh.dwelling[p->hh[i]]]];
    double x = t->w.cal.unsafe_a + (p->sex[i] == WS_SEX_FEMALE ? 0.4 : 0) +
               (p->age_m[i] >= WT_YM(65, 0) ? 0.2 : 0) +
               (since_m < 12 ? log(P->unsafe_or_victim) : 0) +
               P->unsafe_beta_crime * log(nb->crime / nb->crime0) +
               P->unsafe_beta_cohesion * (nb->cohesion - nb->cohesion0) +
               P->unsafe_beta_disorder * (nb->disorder - nb->disorder0);
    return 1 / (1 + exp(-x));
}

/* Unsafety: about once a year (1/12 a month) residents 15+ reassess whether they feel unsafe:
 * logistic of unsafe_a, +0.4 for women, +0.2 from 65, log unsafe_or_victim when victimised in
 * the last 12 months, and the neighbourhood's crime (log ratio), cohesion and disorder
 * relative to their start. Others keep their answer. */
WT_CASE(unsafety)
{
    WT_WORLD(t, 96, 3, 56);
    t->p.victim_nl_p = 0; /* no new victims: victim_m only counts up */
    w->cal.unsafe_a = -0.8;
    ws_nbh *nb1 = &w->nbh[1];
    nb1->crime = 1.5 * nb1->crime0;
    nb1->cohesion = nb1->cohesion0 - 1;
    nb1->disorder = nb1->disorder0 + 0.2;
    static const int ages[] = {WT_YM(14, 11), WT_YM(15, 0), WT_YM(40, 0), WT_YM(64, 11),
                               WT_YM(65, 0)};
    static const uint8_t since[] = {4, 10, 11, 255}; /* months, one less than after the phase */
    int32_t x[48];
    for (int j = 0; j < 48; j++) {
        int32_t i = x[j] = youth(t, j % 2, ages[j % 5], (j / 2) % 2);
        p->victim_m[i] = since[(j / 3) % 4];
        p->unsafe[i] = (j / 4) % 2;
    }
    wt_index(t);
    /* a month in which three reassess: a man of 65 victimised 11 months ago and a woman of
     * 40 victimised 12 months ago (no longer recent) stay at ease with draws just above their
     * probabilities (the age term and the 12 months are seen), a man of 15 feels unsafe */
    double p4 = unsafe_p(t, x[4], since[1] + 1), p7 = unsafe_p(t, x[7], since[2] + 1);
    double p2 = unsafe_p(t, x[2], since[0] + 1);
    const wt_window win[6] = {{x[4], WS_RP_UNSAFE, 0, 0, 1.0 / 12},
                              {x[4], WS_RP_UNSAFE, 1, p4, 1.15 * p4},
                              {x[7], WS_RP_UNSAFE, 0, 0, 1.0 / 12},
                              {x[7], WS_RP_UNSAFE, 1, p7, 1.3 * p7},
                              {x[2], WS_RP_UNSAFE, 0, 0, 1.0 / 12},
                              {x[2], WS_RP_UNSAFE, 1, 0, p2}};
    wt_pick_month_in(t, win, 6);
    wt_run(t, WT_SAFETY);
    wt_tally un = WT_TALLY("feeling unsafe");
    for (int j = 0; j < 48; j++) {
        int32_t i = x[j];
        if (p->age_m[i] < WT_YM(15, 0) || wt_uc(t, i, WS_RP_UNSAFE, 0) >= 1.0 / 12) {
            WT_EQ_INT(p->unsafe[i], (j / 4) % 2); /* not reassessed */
            continue;
        }
        WT_IFF(&un, i, p->unsafe[i], wt_uc(t, i, WS_RP_UNSAFE, 1), unsafe_p(t, i, p->victim_m[i]));
    }
    WT_BOTH(un);
    wt_world_free(t);
}

WT_MAIN(WT_REG(offending_onset), WT_REG(desistance), WT_REG(registered_offences),
        WT_REG(network), WT_REG(victimisation), WT_REG(unsafety))
