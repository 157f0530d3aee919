/* wt_world.h: tiny hand-built worlds for the per-mechanism tests (tests/test_mech_*.c).
 *
 * A case builds a world of a few dwellings, households and persons by hand (no synthesis),
 * switches on the base rates (ws_calib) and parameters of ONE mechanism, runs ONE phase for one
 * month (wt_run, which then checks the world's invariants) and checks every person against the
 * keyed draw the phase uses: a transition must happen iff u < p, with p from the formula the
 * phase documents (WT_IFF). Every base rate starts at 0 and every neighbourhood at its anchors,
 * so nothing happens that the case did not switch on; branches are checked by setting a rate to
 * 0 or 1. A tally of each checked transition must see both outcomes (WT_BOTH), so a case cannot
 * pass by testing nothing.
 *
 * Ownership: wt_world_new allocates (calloc; the world points into the same block, so the
 * block must not be copied), wt_world_free frees it. Tests only; not thread-safe.
 */
#ifndef WT_WORLD_H
#define WT_WORLD_H

#include "wt.h"
#include "world.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define WT_YM(years, months) ((years) * 12 + (months)) /* an age in months */

typedef struct wt_world {
    ws_world w;
    ws_area area;           /* w.area */
    ws_params p;            /* w.p: the defaults, changed by the cases */
    ws_scenario s;          /* the policy of intervention cases (the world keeps a pointer) */
    int sel0;               /* s.area_sel: the one area */
} wt_world;

/* A world of n_dw vacant dwellings (social rent, 3 rooms, quality 70) split evenly over n_nbh
 * neighbourhoods, the default parameters, key (seed, 0, 0), month 0, every base rate 0. */
static inline wt_world *wt_world_new(int n_dw, int n_nbh, uint32_t seed)
{
    wt_world *t = calloc(1, sizeof *t);
    WT_CHECK(t != NULL);
    ws_params_defaults(&t->p);
    ws_area *a = &t->area;
    snprintf(a->id, sizeof a->id, "mech");
    a->residents = 1000;
    a->dwellings = n_dw;
    a->n_nbh = n_nbh;
    a->achievement_z = -0.3;
    a->crime_per_1000 = 60;
    ws_world *w = &t->w;
    w->area = a;
    w->p = &t->p;
    w->scale = 1;
    w->rng = ws_rng_make(seed, 0, 0);
    WT_CHECK(ws__world_alloc_dwellings(w, (size_t)n_dw) == 0);
    WT_CHECK(ws__world_reserve(w, 64, 64) == 0);
    w->n_nbh = n_nbh;
    for (int d = 0; d < n_dw; d++) {
        w->dw.nbh[d] = (uint8_t)(d * n_nbh / n_dw);
        w->dw.tenure[d] = WS_TEN_SOCIAL;
        w->dw.rooms[d] = 3;
        w->dw.quality[d] = 70;
    }
    for (int k = 0; k < n_nbh; k++) {
        ws_nbh *nb = &w->nbh[k];
        snprintf(nb->code, sizeof nb->code, "WK%02d", k);
        nb->cohesion = nb->cohesion0 = 6;
        nb->crime = nb->crime0 = 60;
        nb->undermining = nb->undermining0 = 40;
        nb->turnover = nb->turnover0 = 0.1;
        nb->disorder = nb->disorder0 = 0.3;
        nb->peer_share = nb->peer0 = 0.05;
        nb->net0 = 0.05;
        nb->police = 1.6;
        nb->move_live_hr = 1;
        nb->lone_coh_hr = 1;
        nb->median_income = 2000;
        nb->mean_achieve = a->achievement_z;
    }
    ws__health_tables(w);
    /* job-finding duration factors as ws__world_init fills them (checked there by
     * work.job_finding_duration_table) */
    for (int k = 0; k <= 60; k++) {
        double dur = pow(t->p.work_find_per_month_dur, k);
        w->dur_tab[k] = dur < 0.3 ? 0.3 : dur;
    }
    ws_calib *c = &w->cal;
    c->earn_factor = 1;
    c->achieve_sd = 1;
    c->log_move_income = log(t->p.move_hr_income);
    c->log_drop_sd = log(t->p.edu_drop_hr_per_sd);
    c->police0 = 1.6;
    /* in-movers (housing): plain shares, every adult age band alike */
    c->inmove_young = c->inmove_ya = c->inmove_family = 1;
    /* the burn-in's multipliers of re-activation without income and of leaving home: neutral */
    c->react_noinc = c->leave_mult = c->loss_par = 1;
    c->syn_kids_lambda = 0.5;
    for (int k = 0; k < 4; k++) c->syn_adult_w[k] = 1;
    for (int k = 0; k < WS_OLD_YEARS; k++) w->old_cdf[k] = (k + 1.0) / WS_OLD_YEARS;
    return t;
}

/* Opens a case: t, a new world of n_dw dwellings in n_nbh neighbourhoods with key seed, and
 * the names every case uses for its parts: w (the ws_world), p (its persons), P (the
 * parameters the world reads, which the case may change). wt_world_free(t) closes it. */
#define WT_WORLD(t, n_dw, n_nbh, seed)                                                            \
    wt_world *t = wt_world_new((n_dw), (n_nbh), (seed));                                        \
    ws_world *w = &(t)->w;                                                                     \
    ws_persons *p = &w->pers;                                                                  \
    ws_params *P = &(t)->p;                                                                    \
    (void)p, (void)P

static inline void wt_world_free(wt_world *t)
{
    if (!t) return;
    ws__world_close(&t->w);
    free(t);
}

/* A new household of the given type (enum ws_hhtype) in vacant dwelling d. */
static inline int32_t wt_household(wt_world *t, int32_t d, int type)
{
    ws_world *w = &t->w;
    WT_CHECK(d >= 0 && (size_t)d < w->dw.n && w->dw.hh[d] == -1);
    int32_t h = ws__household_new(w);
    WT_CHECK(h >= 0);
    w->hh.type[h] = (uint8_t)type;
    w->hh.dwelling[h] = d;
    w->dw.hh[d] = h;
    return h;
}

/* A new household of the given type in the first vacant dwelling at or after d0. */
static inline int32_t wt_household_from(wt_world *t, int32_t d0, int type)
{
    int32_t d = d0;
    while ((size_t)d < t->w.dw.n && t->w.dw.hh[d] != -1) d++;
    return wt_household(t, d, type);
}

/* A new person of age_m months in household h: a minor is a child of the household in the
 * stage of its age (labour child); an adult has left education with a basic qualification and
 * works, or is retired from the AOW age. Cases change what they test. */
static inline int32_t wt_person(wt_world *t, int32_t h, int age_m, int sex)
{
    ws_world *w = &t->w;
    int32_t i = ws__person_new(w);
    WT_CHECK(i >= 0);
    ws_persons *p = &w->pers;
    p->hh[i] = h;
    p->age_m[i] = (uint16_t)age_m;
    p->sex[i] = (uint8_t)sex;
    p->earn[i] = 1;
    if (age_m < 18 * 12) {
        p->flags[i] = WS_PF_CHILD;
        p->stage[i] = age_m < 4 * 12 ? WS_ST_NONE : age_m < 12 * 12 ? WS_ST_PRIMARY
                                                                    : WS_ST_SECONDARY;
    } else {
        p->stage[i] = WS_ST_DONE;
        p->attain[i] = WS_AT_MID;
        p->labour[i] = age_m >= WS_AOW_AGE_M ? WS_LB_RETIRED : WS_LB_EMPLOYED;
    }
    return i;
}

/* A person of age_m months living alone (household type single) in the first vacant dwelling
 * at or after d0. */
static inline int32_t wt_single(wt_world *t, int32_t d0, int age_m, int sex)
{
    return wt_person(t, wt_household_from(t, d0, WS_HT_SINGLE), age_m, sex);
}

/* Adds a retired adult (two years over the AOW age) to the household of minor i, so the
 * household has an adult, as every household in the model does (ws__world_check). Call after
 * the persons a case checks by slot are made; returns the adult's slot. */
static inline int32_t wt_guardian(wt_world *t, int32_t i)
{
    WT_CHECK(t->w.pers.age_m[i] < 18 * 12);
    return wt_person(t, t->w.pers.hh[i], WS_AOW_AGE_M + 24, WS_SEX_FEMALE);
}

/* Rebuilds the household member index (after building or changing households by hand). */
static inline void wt_index(wt_world *t)
{
    WT_CHECK(ws__world_index(&t->w) == 0);
}

/* What wt_run runs: the monthly phases (and the household income rebuild between work and
 * debt) in the order of ws__world_step. */
enum wt_phase { WT_DEMOGRAPHY, WT_INTERVENTIONS, WT_EDUCATION, WT_WORK, WT_INCOME, WT_DEBT,
                WT_HEALTH, WT_SAFETY, WT_HOUSING, WT_NEIGHBOURHOOD };

/* Runs one phase for the current month (w->month is not advanced) and checks the invariants. */
static inline void wt_run(wt_world *t, int phase)
{
    ws_world *w = &t->w;
    int rc = 0;
    switch (phase) {
    case WT_DEMOGRAPHY: rc = ws__phase_demography(w); break;
    case WT_INTERVENTIONS: rc = ws__phase_interventions(w); break;
    case WT_EDUCATION: ws__phase_education(w); break;
    case WT_WORK: ws__phase_work(w); break;
    case WT_INCOME: ws__household_income(w); break;
    case WT_DEBT: ws__phase_debt(w); break;
    case WT_HEALTH: ws__phase_health(w); break;
    case WT_SAFETY: ws__phase_safety(w); break;
    case WT_HOUSING: rc = ws__phase_housing(w); break;
    case WT_NEIGHBOURHOOD: ws__phase_neighbourhood(w); break;
    default: WT_FAIL("unknown phase %d", phase);
    }
    if (rc) WT_FAIL("phase %d returned %d", phase, rc);
    ws_error e;
    ws_error_clear(&e);
    if (ws__world_check(w, &e)) WT_FAIL("invariant broken after phase %d: %s", phase, e.msg);
}

/* The phase's uniform for (slot, this month, purpose), index 0, first word. */
static inline double wt_u(const wt_world *t, int32_t slot, int purpose)
{
    return ws_u01(&t->w.rng, (uint32_t)slot, (uint32_t)t->w.month, (uint32_t)purpose);
}

/* The phase's four uniforms for (slot, this month, purpose, index 0). */
static inline void wt_u4(const wt_world *t, int32_t slot, int purpose, double u[4])
{
    ws_u01x4(&t->w.rng, (uint32_t)slot, (uint32_t)t->w.month, (uint32_t)purpose, 0, u);
}

/* Word c (0..3) of the phase's uniforms for (slot, this month, purpose, index 0). */
static inline double wt_uc(const wt_world *t, int32_t slot, int purpose, int c)
{
    double u[4];
    wt_u4(t, slot, purpose, u);
    return u[c];
}

/* A keyed uniform of the intervention engine: word 0 of block (slot, month, purpose, k). */
static inline double wt_u_block(const wt_world *t, int32_t slot, uint32_t month, int purpose, int k)
{
    return ws_u32_to_u01(
        ws_rng_block(&t->w.rng, (uint32_t)slot, month, (uint32_t)purpose, (uint32_t)k).v[0]);
}

/* Picks w->month: the first month in which, among the n slots, word c of (slot, month,
 * purpose, 0) is below thr for at least k slots and not below it for at least k. Lets a case
 * see a rare event (1/12, 1/24 a month) happen to some persons and not to others. */
static inline void wt_pick_month(wt_world *t, const int32_t *slots, int n, int purpose, int c,
                          double thr, int k)
{
    for (int m = 0; m < 100000; m++) {
        t->w.month = m;
        int below = 0;
        for (int j = 0; j < n; j++) {
            double u[4];
            wt_u4(t, slots[j], purpose, u);
            below += u[c] < thr;
        }
        if (below >= k && n - below >= k) return;
    }
    WT_FAIL("no month with %d of %d draws below %g", k, n, thr);
}

/* A window for wt_pick_month_in: word c of (slot, month, purpose, index 0) in [lo, hi). */
typedef struct wt_window {
    int32_t slot;
    int purpose, c;
    double lo, hi;
} wt_window;

/* Picks w->month: the first month in which every one of the n windows holds. A case puts a
 * person's draw just below (or above) the probability it expects for that person, so that
 * any change of that probability by more than the window's width flips the outcome and fails
 * the case: the exact check then does not depend on luck to see a small change. */
static inline void wt_pick_month_in(wt_world *t, const wt_window *win, int n)
{
    for (int m = 0; m < 1000000; m++) {
        t->w.month = m;
        int ok = 0;
        for (int j = 0; j < n; j++) {
            double u = wt_uc(t, win[j].slot, win[j].purpose, win[j].c);
            ok += u >= win[j].lo && u < win[j].hi;
        }
        if (ok == n) return;
    }
    WT_FAIL("no month in which all %d windows hold", n);
}

/* Outcomes of one checked transition. */
typedef struct wt_tally {
    const char *what;
    int yes, no;
} wt_tally;

#define WT_TALLY(what) {(what), 0, 0}

/* Checks that `what` happened to slot iff u < p, and counts the outcome. */
#define WT_IFF(tally, slot, happened, u, p)                                                        \
    wt_iff_at(__FILE__, __LINE__, (tally), (long)(slot), (happened), (u), (p))

static inline void wt_iff_at(const char *file, int line, wt_tally *t, long slot, bool happened,
                      double u, double p)
{
    if (happened != (u < p)) {
        fprintf(stderr, "%s:%d: %s of slot %ld %s, but u = %.9f and p = %.9f\n", file, line,
                t->what, slot, happened ? "happened" : "did not happen", u, p);
        exit(1);
    }
    if (happened)
        t->yes++;
    else
        t->no++;
}

/* Checks that a tally saw the transition both happen and not happen. */
#define WT_BOTH(tally)                                                                             \
    do {                                                                                           \
        if ((tally).yes == 0 || (tally).no == 0)                                                   \
            WT_FAIL("%s: needs both outcomes to mean anything (%d happened, %d did not)",         \
                    (tally).what, (tally).yes, (tally).no);                                        \
    } while (0)

/* Floats the model stores (achievement, income, quality): computed in double, stored as float,
 * so equal to the double formula within float rounding (relative 1e-6). */
#define WT_FLOAT(a, b) WT_NEAR((a), (b), 1e-6 * (1 + fabs((double)(b))))

/* Doubles the model computes (neighbourhood states): equal up to the order of operations. */
#define WT_DOUBLE(a, b) WT_NEAR((a), (b), 1e-12 * (1 + fabs((double)(b))))

/* Interventions ------------------------------------------------------------------------------ */

/* Adds a programme with the defaults (ws_intervention_defaults) to the world's policy. */
static inline ws_intervention *wt_iv_add(wt_world *t, int kind)
{
    ws_policy *pol = &t->s.policy;
    WT_CHECK(pol->n_interventions < WS_MAX_INTERVENTIONS);
    ws_intervention *iv = &pol->iv[pol->n_interventions];
    ws_intervention_defaults(iv);
    snprintf(iv->name, sizeof iv->name, "iv%d", pol->n_interventions);
    iv->kind = kind;
    pol->n_interventions++;
    return iv;
}

/* Adds a package paid by the Rijk with this yearly budget (EUR); returns its index. */
static inline int wt_package(wt_world *t, double rijk)
{
    ws_policy *pol = &t->s.policy;
    ws_package *pk = &pol->pk[pol->n_packages];
    snprintf(pk->name, sizeof pk->name, "pk%d", pol->n_packages);
    pk->budget_per_year[WS_PAY_RIJK] = rijk;
    pk->start_year = 1990;
    pk->end_year = 2100;
    return pol->n_packages++;
}

/* Sets up the policy in the world (a one-area scenario starting in 2030, seed 7), as a run
 * does after calibration: institutions as they are now are the starting ones. */
static inline void wt_iv_start(wt_world *t)
{
    ws_scenario *s = &t->s;
    s->start_year = 2030;
    s->years = 5;
    s->replications = 1;
    s->seed = 7;
    s->scale = t->w.scale;
    s->areas.n = 1;
    s->areas.area = &t->area;
    s->n_areas = 1;
    t->sel0 = 0;
    s->area_sel = &t->sel0;
    ws_params_defaults(&s->params);
    WT_CHECK(ws__iv_init(&t->w, s, 0, 0) == 0);
    WT_CHECK(t->w.iv != NULL);
}

#endif
