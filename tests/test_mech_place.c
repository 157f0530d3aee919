/* test_mech_place.c: the housing and neighbourhood mechanisms one at a time on tiny hand-built
 * worlds — dwelling quality decay and renovation, moving out, vacancies offered to the area's
 * home-leavers before households from outside, the escalator's income sums; neighbourhood
 * aggregates, the smoothing of crime, turnover, cohesion and undermining, and liveability with
 * its Leefbaarometer class.
 *
 * Each case runs one phase for one month and checks it against the phase's keyed draws (a
 * transition happened iff u < p) or, where nothing is drawn, against the documented formula
 * restated here. See wt_world.h.
 */
#include "wt.h"
#include "wt_world.h"

#include <math.h>
#include <string.h>


/* Housing --------------------------------------------------------------------------------- */

/* Quality decays dw_decay a year (monthly, in float as stored); a dwelling below dw_poor_below
 * is renovated to dw_renov_quality at renov_p a month; quality never goes below 0. */
WT_CASE(dwelling_quality)
{
    WT_WORLD(t, 40, 1, 61);
    P->vacancy_fill_p = 0; /* the dwellings stay empty */
    w->cal.renov_p = 0.4;
    float q0[40];
    for (int d = 0; d < 40; d++)
        q0[d] = w->dw.quality[d] = d < 30 ? 28.0f + 0.5f * (float)d /* around the poor line */
                                 : d < 34 ? 0.05f                     /* decays below 0 */
                                 : 50.0f + (float)d;
    wt_run(t, WT_HOUSING);
    wt_tally ren = WT_TALLY("renovation");
    for (int d = 0; d < 40; d++) {
        float q = q0[d] - (float)(P->dw_decay / 12);
        if (q < P->dw_poor_below) {
            double u = wt_u(t, d, WS_RP_QUALITY);
            WT_IFF(&ren, d, w->dw.quality[d] == (float)P->dw_renov_quality, u, 0.4);
            if (u < 0.4) q = (float)P->dw_renov_quality;
        }
        WT_CHECK(w->dw.quality[d] == (q < 0 ? 0 : q));
    }
    WT_BOTH(ren);
    wt_world_free(t);
}

/* Households with every moving covariate: 30 in dwellings over two neighbourhoods (median
 * income 2000 and 3000; liveability ratio 1 and 1.5), income 800 to 8050, owners (k % 5 == 0),
 * a young head (k % 3 == 0, 25; else 45 with a partner of 28), the head feeling unsafe
 * (k % 4 == 1) or only the partner (k % 4 == 3), overcrowded (k % 6 == 1: one room, a child). */
static void movers(wt_world *t, int32_t head[30])
{
    ws_world *w = &t->w;
    ws_persons *p = &w->pers;
    w->nbh[0].median_income = 2000;
    w->nbh[1].median_income = 3000;
    w->nbh[1].move_live_hr = 1.5;
    for (int k = 0; k < 30; k++) {
        int32_t h = wt_household_from(t, k % 2 ? 20 : 0, WS_HT_COUPLE);
        int32_t d = w->hh.dwelling[h];
        /* the partner comes first in slot order: the head is the oldest, not the first */
        int32_t partner = k % 3 ? wt_person(t, h, WT_YM(28, 0), WS_SEX_FEMALE) : -1;
        head[k] = wt_person(t, h, k % 3 ? WT_YM(45, 0) : WT_YM(25, 0), WS_SEX_MALE);
        p->unsafe[head[k]] = k % 4 == 1;
        if (partner >= 0) p->unsafe[partner] = k % 4 == 3;
        if (k % 6 == 1) {
            w->dw.rooms[d] = 1;
            wt_person(t, h, WT_YM(6, 0), WS_SEX_FEMALE);
        }
        if (k % 5 == 0) w->dw.tenure[d] = WS_TEN_OWNER;
        w->hh.income[h] = (float)(800 + 250 * k);
        w->hh.res_m[h] = (uint16_t)(k == 7 ? 65535 : 10 * k);
    }
    wt_index(t);
}

/* The moving ratio of household h: income above the neighbourhood median (move_hr_income per
 * doubling), a head (oldest adult who is not a child of the household) feeling unsafe or
 * aged 20-34, owners, more persons than rooms + 1, the neighbourhood's liveability ratio. */
static double move_ratio(const wt_world *t, int32_t h, int32_t head)
{
    const ws_params *P = &t->p;
    const ws_world *w = &t->w;
    int32_t d = w->hh.dwelling[h];
    const ws_nbh *nb = &w->nbh[w->dw.nbh[d]];
    double rel = w->hh.income[h] / nb->median_income;
    double r = rel > 1 ? pow(rel, log2(P->move_hr_income)) : 1;
    if (w->pers.unsafe[head]) r *= P->move_hr_unsafe;
    if (w->pers.age_m[head] >= WT_YM(20, 0) && w->pers.age_m[head] < WT_YM(35, 0))
        r *= P->move_hr_young;
    if (w->dw.tenure[d] == WS_TEN_OWNER) r *= P->move_hr_owner;
    if (w->hh.nmem[h] > w->dw.rooms[d] + 1) r *= P->move_hr_crowded;
    return r * nb->move_live_hr;
}

/* Moving out: a household leaves the area with 1 - exp(-move_h x its ratio); its members and
 * its dwelling are freed; the month's moves and the incomes of those who left are counted. */
WT_CASE(move_out)
{
    WT_WORLD(t, 40, 2, 62);
    P->vacancy_fill_p = 0;
    w->cal.move_h = 0.12;
    int32_t head[30], mem0[30];
    movers(t, head);
    double pm[30], inc_out = 0, moved_nbh[2] = {0, 0};
    uint16_t res0[30];
    for (int32_t h = 0; h < 30; h++) {
        mem0[h] = w->members[w->hh.first[h]];
        res0[h] = w->hh.res_m[h];
        pm[h] = 1 - exp(-0.12 * move_ratio(t, h, head[h]));
    }
    /* a month in which an owner (household 5) stays with a draw less than twice his
     * probability and an overcrowded household (1) moves with a draw in the top third below
     * its probability: the owner and crowding ratios are seen */
    const wt_window win[2] = {{5, WS_RP_MOVE, 0, pm[5], 2 * pm[5]},
                              {1, WS_RP_MOVE, 0, 0.7 * pm[1], pm[1]}};
    wt_pick_month_in(t, win, 2);
    wt_run(t, WT_HOUSING);
    wt_tally mv = WT_TALLY("moving out");
    for (int32_t h = 0; h < 30; h++) {
        bool gone = !w->hh.alive[h];
        WT_IFF(&mv, h, gone, wt_u(t, h, WS_RP_MOVE), pm[h]);
        WT_EQ_INT(p->alive[head[h]], !gone);
        WT_EQ_INT(p->alive[mem0[h]], !gone);
        if (gone) {
            inc_out += 800 + 250 * h;
            moved_nbh[h % 2]++;
        } else {
            WT_EQ_INT(w->hh.res_m[h], res0[h] == 65535 ? 65535 : res0[h] + 1);
        }
    }
    WT_BOTH(mv);
    for (int d = 0; d < 40; d++) { /* household k lives in dwelling k / 2 (+ 20 when odd) */
        int32_t k = d < 20 ? 2 * d : 2 * (d - 20) + 1;
        WT_EQ_INT(w->dw.hh[d], d % 20 < 15 && w->hh.alive[k] ? k : -1);
    }
    WT_EQ_INT(w->acc.moves_out, mv.yes);
    WT_EQ_INT(w->acc_moves_month, mv.yes);
    WT_DOUBLE(w->acc.inc_out, inc_out);
    for (int k = 0; k < 2; k++) WT_EQ_INT(w->nbh[k].moves_m, moved_nbh[k]);
    wt_world_free(t);
}

/* Vacancies: each vacant dwelling is let with vacancy_fill_p a month, in dwelling order,
 * first to the area's home-leavers waiting for one (in slot order; each gives up and leaves
 * at 1/24 a month), then to households from outside (synthesised in-movers, whose number and
 * incomes are counted). A seeker who was the last adult at home leaves the minors behind
 * without one: that household goes. */
WT_CASE(vacancies_seekers_first)
{
    WT_WORLD(t, 30, 1, 63);
    P->vacancy_fill_p = 0.6;
    int32_t seeker[10], sibling[2], parent[8];
    for (int k = 0; k < 10; k++) {
        int32_t h = wt_household(t, k, k < 8 ? WS_HT_COUPLE_KIDS : WS_HT_SINGLE_PARENT);
        if (k < 8) parent[k] = wt_person(t, h, WT_YM(50, 0), WS_SEX_FEMALE);
        seeker[k] = wt_person(t, h, WT_YM(22, k), k % 2);
        p->flags[seeker[k]] = WS_PF_CHILD | WS_PF_SEEKER;
        if (k >= 8) sibling[k - 8] = wt_person(t, h, WT_YM(12, 0), WS_SEX_MALE);
    }
    wt_index(t);
    /* someone gives up */
    wt_pick_month(t, seeker, 10, WS_RP_SEEK_GIVE_UP, 0, 1.0 / P->leave_wait_months, 1);
    int32_t hh0[10];
    for (int k = 0; k < 10; k++) hh0[k] = p->hh[seeker[k]];
    wt_run(t, WT_HOUSING);
    wt_tally quit = WT_TALLY("giving up"), let = WT_TALLY("letting a vacancy");
    int queue[10], nq = 0, next = 0, in = 0; /* queue: the seekers left, by k */
    bool placed[10] = {false};
    for (int k = 0; k < 10; k++)
        if (wt_u(t, seeker[k], WS_RP_SEEK_GIVE_UP) >= 1.0 / P->leave_wait_months) queue[nq++] = k;
    double inc_in = 0;
    for (int32_t d = 10; d < 30; d++) {
        int32_t h = w->dw.hh[d];
        WT_IFF(&let, d, h >= 0, wt_u(t, d, WS_RP_FILL), 0.6);
        if (h < 0) continue;
        WT_EQ_INT(w->hh.res_m[h], 1);
        if (next == nq) { /* from outside */
            in++;
            inc_in += w->hh.income[h];
            continue;
        }
        int k = queue[next++]; /* a home-leaver from the area, alone */
        placed[k] = true;
        WT_EQ_INT(p->hh[seeker[k]], h);
        WT_EQ_INT(w->hh.nmem[h], 1);
        WT_EQ_INT(w->hh.type[h], WS_HT_SINGLE);
        WT_EQ_INT(p->flags[seeker[k]] & (WS_PF_SEEKER | WS_PF_CHILD), 0);
    }
    WT_BOTH(let);
    WT_CHECK(next > 0 && in > 0);
    WT_EQ_INT(w->acc.moves_in, in); /* home-leavers are not in-movers */
    WT_DOUBLE(w->acc.inc_in, inc_in);
    for (int k = 0; k < 10; k++) {
        int32_t i = seeker[k]; /* a freed slot may be an in-mover now: not a seeker at home */
        bool home = p->alive[i] && p->hh[i] == hh0[k] && (p->flags[i] & WS_PF_SEEKER);
        WT_IFF(&quit, i, !home && !placed[k], wt_u(t, i, WS_RP_SEEK_GIVE_UP),
               1.0 / P->leave_wait_months);
        if (k < 8) {
            WT_CHECK(p->alive[parent[k]] && p->hh[parent[k]] == hh0[k]);
        } else { /* the minor stays only while the seeker waits at home */
            WT_EQ_INT(p->alive[sibling[k - 8]] && p->hh[sibling[k - 8]] == hh0[k], home);
        }
    }
    WT_BOTH(quit);
    wt_world_free(t);
}

/* The escalator's sums: with every vacancy let to households from outside, the incomes of
 * the households that moved out and of those that moved in are summed (and counted) so
 * their gap shows. */
WT_CASE(escalator_income_sums)
{
    WT_WORLD(t, 40, 1, 64);
    P->vacancy_fill_p = 1;
    w->cal.move_h = 0.4;
    for (int k = 0; k < 20; k++) {
        int32_t i = wt_single(t, 2 * k, WT_YM(45, 0), k % 2);
        w->hh.income[p->hh[i]] = (float)(1500 + 100 * k); /* below the median 2000 or not */
        w->hh.res_m[p->hh[i]] = 50;
    }
    wt_index(t);
    double pm = 1 - exp(-0.4 * 1.0), inc_out = 0;
    int out = 0;
    wt_run(t, WT_HOUSING);
    for (int32_t h = 0; h < 20; h++) {
        double rel = (1500 + 100 * h) / 2000.0;
        double pr = rel > 1 ? 1 - exp(-0.4 * pow(rel, log2(P->move_hr_income))) : pm;
        bool moved = wt_u(t, h, WS_RP_MOVE) < pr;
        out += moved;
        inc_out += moved ? 1500 + 100 * h : 0;
    }
    double inc_in = 0;
    int in = 0;
    for (int32_t d = 0; d < 40; d++) {
        int32_t h = w->dw.hh[d];
        WT_CHECK(h >= 0); /* every vacancy let */
        if (w->hh.res_m[h] == 1) {
            in++;
            inc_in += w->hh.income[h];
        }
    }
    WT_CHECK(out > 0 && out < 20);
    WT_EQ_INT(w->acc.moves_out, out);
    WT_DOUBLE(w->acc.inc_out, inc_out);
    WT_EQ_INT(in, 20 + out);
    WT_EQ_INT(w->acc.moves_in, in);
    WT_DOUBLE(w->acc.inc_in, inc_in);
    wt_world_free(t);
}

/* Neighbourhood -------------------------------------------------------------------------- */

/* Two neighbourhoods of 10 dwellings. Neighbourhood 0: quality 20 to 95 (three poor), half
 * social, three private, two owner-occupied; four households with incomes 1010, 1990, 2600,
 * 30000 and 11 residents: two pupils (achievement 0.4, -0.2), offenders of 13, 20 and 25, the
 * unsafe at 40, 20, 15 and 14 years 11 months, network members at 20, 34 years 11 months and
 * 35. Neighbourhood 1: social, quality 70; three households (incomes -5, 1200, 1210) of four
 * adults. Police: 3 FTE. */
static void aggregate_world(wt_world *t)
{
    ws_world *w = &t->w;
    ws_persons *p = &w->pers;
    static const float q[10] = {30, 35, 50, 60, 70, 80, 90, 95, 20, 45};
    for (int d = 0; d < 10; d++) {
        w->dw.quality[d] = q[d];
        w->dw.tenure[d] = (uint8_t)(d < 5 ? WS_TEN_SOCIAL : d < 8 ? WS_TEN_PRIVATE : WS_TEN_OWNER);
    }
    static const int age[11] = {WT_YM(40, 0), WT_YM(5, 0),   WT_YM(8, 0),  WT_YM(45, 0),
                                WT_YM(13, 0), WT_YM(20, 0),  WT_YM(25, 0), WT_YM(34, 11),
                                WT_YM(35, 0), WT_YM(14, 11), WT_YM(15, 0)};
    static const int home[11] = {0, 0, 0, 1, 1, 1, 2, 2, 3, 3, 3};
    static const char *flags[11] = {"u", "a", "b", "", "o", "oun", "o", "n", "n", "u", "u"};
    static const float income[4] = {1010, 1990, 2600, 30000};
    for (int k = 0; k < 4; k++) w->hh.income[wt_household(t, k, WS_HT_COUPLE_KIDS)] = income[k];
    for (int j = 0; j < 11; j++) {
        int32_t i = wt_person(t, home[j], age[j], j % 2);
        p->offender[i] = strchr(flags[j], 'o') != NULL;
        p->unsafe[i] = strchr(flags[j], 'u') != NULL;
        p->network[i] = strchr(flags[j], 'n') != NULL;
        if (strchr(flags[j], 'a')) p->achieve[i] = 0.4f;
        if (strchr(flags[j], 'b')) p->achieve[i] = -0.2f;
    }
    static const float income1[3] = {-5, 1200, 1210};
    for (int k = 0; k < 3; k++) {
        int32_t h = wt_household(t, 10 + k, WS_HT_SINGLE);
        w->hh.income[h] = income1[k];
        wt_person(t, h, WT_YM(30 + 20 * k, 0), k % 2);
        if (k == 1) wt_person(t, h, WT_YM(31, 0), WS_SEX_FEMALE);
    }
    w->inst.police_fte = 3;
    wt_index(t);
}

/* Aggregates: residents, households, the 12-24 and their offenders, the 15+ and the unsafe,
 * the 16-34 and network members, mean dwelling quality and social share (vacant dwellings
 * too), mean achievement of primary pupils (the area's without any), police per 1000
 * residents of the area, and the median household income (25 EUR bins, the lower middle). */
WT_CASE(neighbourhood_aggregates)
{
    WT_WORLD(t, 20, 2, 65);
    aggregate_world(t);
    wt_run(t, WT_NEIGHBOURHOOD);
    const ws_nbh *a = &w->nbh[0], *b = &w->nbh[1];
    WT_EQ_INT(a->residents, 11);
    WT_EQ_INT(a->households, 4);
    WT_EQ_INT(a->youth, 4);     /* 13, 14y11m, 15, 20 */
    WT_EQ_INT(a->offenders, 2); /* not the 25-year-old */
    WT_EQ_INT(a->adults15, 7);
    WT_EQ_INT(a->unsafe_n, 3); /* not the 14-year-old */
    WT_EQ_INT(a->net16_34, 3);
    WT_EQ_INT(a->network, 2); /* not the 35-year-old */
    WT_DOUBLE(a->peer_share, 0.5);
    WT_DOUBLE(a->unsafe_share, 3.0 / 7);
    WT_DOUBLE(a->quality_mean, 57.5);
    WT_DOUBLE(a->social_share, 0.5);
    WT_DOUBLE(a->mean_achieve, ((double)0.4f + (double)-0.2f) / 2);
    WT_DOUBLE(a->median_income, 79.5 * 25); /* 1990: the second of four */
    WT_EQ_INT(b->residents, 4);
    WT_EQ_INT(b->youth + b->offenders + b->unsafe_n + b->network, 0);
    WT_EQ_INT(b->net16_34, 2);
    WT_DOUBLE(b->peer_share, 0);
    WT_DOUBLE(b->quality_mean, 70);
    WT_DOUBLE(b->social_share, 1);
    WT_DOUBLE(b->mean_achieve, t->area.achievement_z); /* no pupils */
    WT_DOUBLE(b->median_income, 48.5 * 25);            /* 1200: the second of three */
    WT_DOUBLE(a->police, 3.0 / 15 * 1000);
    WT_DOUBLE(b->police, 3.0 / 15 * 1000);
    wt_world_free(t);
}

/* Slow states away from their anchors: neighbourhood 0 with more crime, disorder,
 * undermining (network share 2/3 against 0.1 at the start: the target is capped at 100),
 * turnover and cohesion than at the start; neighbourhood 1 with far less disorder and
 * undermining (crime by others floored at 0) and high turnover (cohesion's target floored at
 * 0). Offences this month as the safety phase left them. */
static void unsettle(wt_world *t)
{
    ws_nbh *a = &t->w.nbh[0], *b = &t->w.nbh[1];
    t->w.cal.ext_crime = 40;
    a->crime = 80;
    a->disorder = 0.4;
    a->undermining = 45;
    a->net0 = 0.1;
    /* undermining follows the expected members (the mean field the safety phase keeps); here
     * they are the members drawn: two of neighbourhood 0's three 16-34, none in 1 */
    a->net_mf = 2;
    b->net_mf = 0;
    a->turnover = 0.12;
    a->cohesion = 6.2;
    a->moves_m = 1;
    a->offences = 0.9;
    b->crime = 300;
    b->disorder0 = 0.9;
    b->disorder = 0;
    b->undermining0 = 60;
    b->undermining = 10;
    b->turnover = 0.5;
    b->moves_m = 3;
    b->offences = 0;
}

/* Smoothing: crime moves 1/12 of the way to this month's rate (crime by others, growing with
 * disorder and undermining above their start, plus the residents' offences per 1000);
 * turnover 1/12 of the way to this month's moves per household a year; disorder follows poor
 * dwellings, crime (capped at 150) and undermining; cohesion moves 1/coh_adjust_months of the
 * way to a target that falls with turnover and disorder above their start (community work
 * only with a policy); undermining 1/underm_adjust_months of the way to its target from the
 * expected network share relative to the start, with the elasticity of the saturating curve. */
WT_CASE(neighbourhood_smoothing)
{
    WT_WORLD(t, 20, 2, 66);
    aggregate_world(t);
    unsettle(t);
    w->inst.cohesion_shift = 1.5; /* no policy: not applied */
    ws_nbh nb0[2] = {w->nbh[0], w->nbh[1]};
    static const double poor[2] = {0.3, 0}, res[2] = {11, 4}, hh[2] = {4, 3};
    static const double share[2] = {2.0 / 3, 0}; /* network share of the 16-34 */
    int floored = 0;
    wt_run(t, WT_NEIGHBOURHOOD);
    double offences = 0;
    for (int k = 0; k < 2; k++) {
        const ws_nbh *o = &nb0[k], *nb = &w->nbh[k];
        double ext = 40 * (1 + P->crime_ext_disorder * (o->disorder - o->disorder0) +
                           P->crime_ext_underm * (o->undermining - o->undermining0) / 100);
        double rate = (ext > 0 ? ext : 0) + o->offences * 12 * 1000 / res[k];
        floored += ext < 0;
        WT_DOUBLE(nb->crime, o->crime + (rate - o->crime) / 12);
        offences += rate * res[k] / 1000 / 12;
        double turnover = o->turnover + (o->moves_m * 12 / hh[k] - o->turnover) / 12;
        WT_DOUBLE(nb->turnover, turnover);
        double dis = P->disorder_w_poor * poor[k] +
                     P->disorder_w_crime * fmin(1, nb->crime / P->disorder_crime_full) +
                     P->disorder_w_underm * o->undermining / 100;
        WT_DOUBLE(nb->disorder, dis);
        double target = o->cohesion0 + P->coh_beta_turnover * (turnover - o->turnover0) +
                        P->coh_beta_disorder * (dis - o->disorder0);
        floored += target < 0;
        target = fmax(0, fmin(10, target));
        WT_DOUBLE(nb->cohesion, o->cohesion + (target - o->cohesion) / P->coh_adjust_months);
        double u0 = o->undermining0 / 100, x0 = -log(1 - u0);
        double ut = o->undermining0 * (1 + x0 * (1 - u0) / u0 * (share[k] / o->net0 - 1));
        floored += ut > 100;
        ut = fmax(0, fmin(100, ut));
        double und = o->undermining + (ut - o->undermining) / P->underm_adjust_months;
        WT_DOUBLE(nb->undermining, und);
    }
    WT_DOUBLE(w->acc.offences, offences);
    WT_EQ_INT(floored, 3); /* crime by others, cohesion's target, undermining's target */
    wt_world_free(t);
}

/* Liveability: the five Leefbaarometer dimensions (housing stock from quality against NL and
 * the social share; environment from disorder; amenities as held; cohesion against NL;
 * nuisance from log crime against NL and the unsafe share) add up to the score; its change
 * from the start sets the moving ratio (move_hr_liveability per 0.1 points lower), cohesion
 * above its start the loneliness ratio; the class 1-9 cuts at -0.30, -0.20, -0.10, -0.05,
 * 0.05, 0.10, 0.20, 0.30. */
WT_CASE(liveability_class)
{
    WT_WORLD(t, 20, 2, 67);
    aggregate_world(t);
    unsettle(t);
    w->nbh[0].amenities = 0.07;
    w->nbh[0].lbm0 = -0.1;
    w->nbh[1].amenities = -0.02;
    w->nbh[1].lbm0 = 0.05;
    wt_run(t, WT_NEIGHBOURHOOD);
    static const double social[2] = {0.5, 1}, quality[2] = {57.5, 70}, unsafe[2] = {3.0 / 7, 0};
    for (int k = 0; k < 2; k++) {
        const ws_nbh *nb = &w->nbh[k];
        double dim[5] = {P->lbm_w_housing * (quality[k] - P->nl_quality) -
                             0.001 * (100 * social[k] - 29),
                         -P->lbm_w_environment * nb->disorder, nb->amenities,
                         P->lbm_w_cohesion * (nb->cohesion - P->nl_cohesion),
                         -P->lbm_w_nuisance * log(nb->crime / P->nl_crime_per_1000) -
                             0.002 * (100 * unsafe[k] - 15)};
        double score = 0;
        for (int j = 0; j < 5; j++) {
            WT_DOUBLE(nb->lbm[j], dim[j]);
            score += dim[j];
        }
        WT_DOUBLE(nb->lbm_score, score);
        WT_DOUBLE(nb->move_live_hr, pow(P->move_hr_liveability, -(score - nb->lbm0) / 0.1));
        WT_DOUBLE(nb->lone_coh_hr, pow(P->lone_hr_cohesion, nb->cohesion - nb->cohesion0));
    }
    static const double score[] = {-1, -0.3001, -0.30, -0.2, -0.1, -0.0501, -0.05, 0,
                                   0.0499, 0.05, 0.1, 0.2, 0.2999, 0.3, 2};
    static const int cls[] = {1, 1, 2, 3, 4, 4, 5, 5, 5, 6, 7, 8, 8, 9, 9};
    for (int j = 0; j < 15; j++) WT_EQ_INT(ws__lbm_class(score[j]), cls[j]);
    wt_world_free(t);
}

WT_MAIN(WT_REG(dwelling_quality), WT_REG(move_out), WT_REG(vacancies_seekers_first),
        WT_REG(escalator_income_sums), WT_REG(neighbourhood_aggregates),
        WT_REG(neighbourhood_smoothing), WT_REG(liveability_class))
