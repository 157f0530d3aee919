/* test_fidelity.c: effect fidelity (issue #10) — every kind of effect an intervention states is
 * measured on the simulated population the way an evaluation would measure it, and must equal
 * the configured effect within an interval derived from the sample.
 *
 * Person programmes (one case per transition and priority). Participants are compared with
 * COMPARABLE ELIGIBLE NON-PARTICIPANTS in the same months:
 *  - priority "random", capacity binding (about 40 % of the eligible in the programme, places
 *    sized per area from its eligible pool): the willing who were not chosen this month (the
 *    waiting list). The keyed order randomises who gets a place, so the two groups differ
 *    only by the programme.
 *  - priority "risk", take_up 0.5: participants are the highest-priority willing, so the
 *    waiting list is not comparable. Refusals are drawn at random (a keyed draw per person and
 *    year), so refusers are a random half of the eligible: participants are compared with
 *    eligible refusers OF THE SAME RISK. Both groups are stratified by area and by the
 *    transition's risk value (bins of 5 % on the log scale; it is the person's factor on the
 *    hazard the phase uses), and for the transitions whose hazard is the same for everyone in
 *    an area and month (debt exit, distress recovery) by the month; recruitment into networks
 *    by neighbourhood and year (its hazard is the neighbourhood's undermining). Desistance, whose
 *    risk value is its monthly probability itself, the same function in every area, is
 *    stratified by the risk value alone: the areas share its strata. (Split by area they held 10
 *    to 280 control events, and control events / control months overstates a proportion in a
 *    small stratum, as a control's months end at its event: the ratio came out 0.8 % low on
 *    average, 0.2 of its SE; pooled, the strata hold 1,500 to 2,000 events.) Participants in
 *    strata with fewer than 5 control months are left out (the count is printed).
 * The same stratified comparison serves the random priority (where it only removes the
 * difference in area mix between the places and the waiting lists).
 * Measured over the months participants carry the full effect: in the programme (6 months,
 * every one a completer here), at risk of the transition at the start of the month.
 *
 * The estimate: the ratio theta for which the participants' expected events, from the control
 * proportion p of their stratum pushed through the phase's use of the ratio (the link),
 * equal their observed events (indirect standardisation). Links, read from the phases: most
 * draw u < p x ratio (the ratio of proportions); job finding (and bijstand exit to work) draws
 * u < 1 - exp(-h x ratio) (complementary log-log); an odds ratio multiplies p / (1 - p). A
 * stratum's p is corrected for the bias of a curved link in a small stratum (second order).
 * Its variance (delta method) adds the binomial variance of the participants' events and that
 * of the control proportions: without strata and with the ratio link it is the familiar
 * log-ratio SE sqrt(1/e_p + 1/e_c) (times the binomial (1 - p)). The interval is 99.9 % (z =
 * 3.29); some 37 such intervals (the place programmes' identities and brackets cannot fail
 * by chance), so a false failure about once in 27 full runs of the file.
 *
 * Shifts (achievement): change of a pupil's score from entry to the end of the programme (the
 * month the full shift is reached), participants against waiting pupils (random) or eligible
 * refusers (risk, followed only within a year, over which a refusal holds) over the same
 * months, each pupil once, stratified by area and starting score
 * (bins of 0.5 SD around the area's mean); the drift of a score towards its expected level
 * (which makes the change depend on where it starts) is taken out by a slope pooled within
 * strata (analysis of covariance). SE from the residual variances and the slope's.
 *
 * Place programmes: against the baseline world with common random numbers (the same seed), in
 * the first month, which differs only by the programme: exact identities where the mechanism
 * is deterministic (police, cohesion, school quality, renovation, demolition), and for the
 * capacity targets (debt service, care) the hazard ratio bracketed in every area by the keyed
 * draws of those who exited and stayed. The allocation rule is measured over a run: its
 * refusals per covered letting give the refusal probability (99.9 % interval).
 * Eligibility units: household conditions select the right members; household programmes
 * count households (participants, waiting, spend).
 * Every case prints one row of the effect-fidelity table (grep FIDELITY).
 */
#include "wt.h"
#include "wt_scenario.h"
#include "world.h"

#include <math.h>
#include <omp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define Z999 3.2905267314919255 /* two-sided 99.9 % normal quantile */
#define LEN 6                   /* programme months of the person cases */
#define FRAC_IN 0.4             /* share of the willing the places are sized for */
#define MIN_CTRL 5              /* control months a stratum needs to be used */
#define BIN 0.05                /* width of a risk stratum on the log scale */

static const char *priority_name(int pr)
{
    return pr == WS_PR_RISK ? "risk" : pr == WS_PR_RANDOM ? "random" : "first";
}

/* One row of the effect-fidelity table: what, effect kind, priority, configured, measured,
 * the 99.9 % interval of the measurement and the sample it rests on. */
static void table_row(const char *what, const char *kind, const char *pr, double configured,
                      double measured, double lo, double hi, const char *n)
{
    printf("FIDELITY | %-22s | %-10s | %-6s | %9.4f | %9.4f | %9.4f .. %-9.4f | %s |\n", what, kind,
           pr, configured, measured, lo, hi, n);
    fflush(stdout);
}

/* Fails the case when `configured` lies outside lo..hi (the row is printed before). */
static void within(const char *what, double configured, double lo, double hi)
{
    if (!(lo <= configured && configured <= hi))
        WT_FAIL("%s: configured %.4f outside the measured 99.9 %% interval %.4f..%.4f", what,
                configured, lo, hi);
}

/* realloc that fails the case when out of memory. */
static void *grow(void *p, size_t n, size_t size)
{
    void *q = realloc(p, (n ? n : 1) * size);
    if (!q) WT_FAIL("out of memory");
    return q;
}

/* The risk functions of the transitions (transitions.def), as the engine ranks by them. */
static double (*const g_risk[WS_TX_N])(const ws_world *, int32_t) = {
#define WS_TRANSITION(id, lua, effect, takes, rank, fn, unit, doc) fn,
#include "wijksim/transitions.def"
#undef WS_TRANSITION
};

static bool household_tx(int tx)
{
    return ws_transition_get(tx)->takes == WS_TXW_HOUSEHOLD;
}

/* ---- Worlds --------------------------------------------------------------------------------- */

/* Who is who before a step, to recognise the same person or household after it (a freed slot
 * may hold someone new: earnings multipliers and ages tell them apart). */
typedef struct ident {
    size_t np, nh, capp, caph;
    uint8_t *alive, *sex;
    uint16_t *age;
    float *earn, *achieve;
    uint8_t *h_alive;
    uint16_t *h_res;
    int32_t *h_dw;
} ident;

static void ident_take(ident *s, const ws_world *w)
{
    const ws_persons *p = &w->pers;
    s->np = p->n;
    if (s->np > s->capp) {
        s->capp = 2 * s->np;
        s->alive = grow(s->alive, s->capp, 1);
        s->sex = grow(s->sex, s->capp, 1);
        s->age = grow(s->age, s->capp, sizeof *s->age);
        s->earn = grow(s->earn, s->capp, sizeof *s->earn);
        s->achieve = grow(s->achieve, s->capp, sizeof *s->achieve);
    }
    memcpy(s->alive, p->alive, s->np);
    memcpy(s->sex, p->sex, s->np);
    memcpy(s->age, p->age_m, s->np * sizeof *s->age);
    memcpy(s->earn, p->earn, s->np * sizeof *s->earn);
    memcpy(s->achieve, p->achieve, s->np * sizeof *s->achieve);
    const ws_households *H = &w->hh;
    s->nh = H->n;
    if (s->nh > s->caph) {
        s->caph = 2 * s->nh;
        s->h_alive = grow(s->h_alive, s->caph, 1);
        s->h_res = grow(s->h_res, s->caph, sizeof *s->h_res);
        s->h_dw = grow(s->h_dw, s->caph, sizeof *s->h_dw);
    }
    memcpy(s->h_alive, H->alive, s->nh);
    memcpy(s->h_res, H->res_m, s->nh * sizeof *s->h_res);
    memcpy(s->h_dw, H->dwelling, s->nh * sizeof *s->h_dw);
}

static void ident_free(ident *s)
{
    free(s->alive);
    free(s->sex);
    free(s->age);
    free(s->earn);
    free(s->achieve);
    free(s->h_alive);
    free(s->h_res);
    free(s->h_dw);
}

/* Whether slot i held a person before the step and holds the same person, alive, after it. */
static bool same_person(const ident *s, const ws_world *w, int32_t i)
{
    const ws_persons *p = &w->pers;
    return (size_t)i < s->np && s->alive[i] && p->alive[i] && p->age_m[i] == s->age[i] + 1 &&
           p->sex[i] == s->sex[i] && p->earn[i] == s->earn[i];
}

/* The same for household slot h (still in its dwelling, a month longer in the area). */
static bool same_household(const ident *s, const ws_world *w, int32_t h)
{
    const ws_households *H = &w->hh;
    return (size_t)h < s->nh && s->h_alive[h] && H->alive[h] && H->dwelling[h] == s->h_dw[h] &&
           (H->res_m[h] == s->h_res[h] + 1 || (H->res_m[h] == 65535 && s->h_res[h] == 65535));
}

/* A run of every area's world, year by year as run.c runs them: `start` sees each new world
 * before the policy is set up and may size the policy for its area (own: a shallow copy of
 * the scenario for that area alone, sharing the area table); `before` and `after` see the
 * option's world (and the baseline's, without the policy and with the same draws, when
 * `baseline`) around every month's step. Areas run in parallel within a year, each with its
 * own context ctxs + a * size (callers merge them in area order, so nothing depends on the
 * threads); between years every world's year is recorded (out, out_base) and level programmes
 * spill over as in a run. */
typedef struct runner {
    void (*start)(void *ctx, ws_scenario *own, const ws_world *w);
    void (*before)(void *ctx, ws_world *w, ws_world *base);
    void (*after)(void *ctx, ws_world *w, ws_world *base);
    bool baseline;
} runner;

/* The yearly results of a run (option and, with a baseline, the baseline). */
typedef struct outputs {
    ws_results opt, base;
} outputs;

static void outputs_close(outputs *o)
{
    ws_results_close(&o->opt);
    ws_results_close(&o->base);
}

static void simulate(const ws_scenario *s, const runner *r, void *ctxs, size_t size, outputs *out)
{
    ws_error e;
    int na = s->n_areas;
    if (ws_policy_check(&s->policy, s, &e)) WT_FAIL("policy: %s", e.msg);
    memset(out, 0, sizeof *out);
    if (ws_results_init(&out->opt, 1, s->years, na, s->start_year, &e) ||
        ws_results_iv_init(&out->opt, s->policy.n_interventions, &e) ||
        ws_results_init(&out->base, 1, s->years, na, s->start_year, &e))
        WT_FAIL("results: %s", e.msg);
    ws_world *w = calloc((size_t)na, sizeof *w), *b = calloc((size_t)na, sizeof *b);
    ws_scenario *own = calloc((size_t)na, sizeof *own);
    WT_CHECK(w && b && own);
#pragma omp parallel for schedule(dynamic, 1)
    for (int a = 0; a < na; a++) {
        int ai = s->area_sel[a];
        ws_error we;
        own[a] = *s; /* shares the area table; never closed */
        if (ws__world_init(&w[a], &s->areas.area[ai], ai, &s->params, s->scale, s->seed, 0, &we) ||
            (r->baseline &&
             ws__world_init(&b[a], &s->areas.area[ai], ai, &s->params, s->scale, s->seed, 0, &we)))
            WT_FAIL("area %s: %s", s->areas.area[ai].id, we.msg);
        if (r->start) r->start((char *)ctxs + (size_t)a * size, &own[a], &w[a]);
        if (ws__iv_init(&w[a], &own[a], a, 0)) WT_FAIL("out of memory");
    }
    for (int y = 0; y < s->years; y++) {
#pragma omp parallel for schedule(dynamic, 1)
        for (int a = 0; a < na; a++) {
            void *ctx = (char *)ctxs + (size_t)a * size;
            ws_world *base = r->baseline ? &b[a] : NULL;
            for (int m = 0; m < 12; m++) {
                if (r->before) r->before(ctx, &w[a], base);
                if (ws__world_step(&w[a]) || (base && ws__world_step(base)))
                    WT_FAIL("month %d in %s failed", w[a].month, w[a].area->id);
                if (r->after) r->after(ctx, &w[a], base);
            }
            ws__record_year(&w[a], &out->opt, 0, y, a);
            if (base) ws__record_year(base, &out->base, 0, y, a);
        }
        ws__iv_spillover(w, na, s);
    }
    for (int a = 0; a < na; a++) {
        ws__world_close(&w[a]);
        ws__world_close(&b[a]);
    }
    free(w);
    free(b);
    free(own);
}

/* Whether person i meets selector s in this month's allocation, judged on the world before
 * the step with the age a month on (the README's `who`; the keys these tests use). household:
 * a household transition, taken by the head. */
static bool tri_is(int want, int have)
{
    return want < 0 || (want != 0) == (have != 0);
}

static bool who_match(const ws_selector *s, bool household, const ws_world *w, int32_t i)
{
    const ws_persons *p = &w->pers;
    WT_CHECK(s->track_mask == 0 && s->tenure_mask == 0 && s->sex < 0);
    int age_m = p->age_m[i] + 1, h = p->hh[i];
    if (age_m / 12 < s->age_min || age_m / 12 > s->age_max) return false;
    if (s->labour_mask && !((s->labour_mask >> p->labour[i]) & 1u)) return false;
    if (s->stage_mask && !((s->stage_mask >> p->stage[i]) & 1u)) return false;
    bool states = tri_is(s->low_income, w->hh.lowinc[h]) &&
                  tri_is(s->bijstand, w->hh.bijstand[h]) && tri_is(s->debt, w->hh.debt[h]) &&
                  tri_is(s->offender, p->offender[i]) && tri_is(s->network, p->network[i]) &&
                  tri_is(s->distress, p->distress[i]) && tri_is(s->good_health, p->health[i]) &&
                  tri_is(s->lonely, p->lonely[i]) &&
                  tri_is(s->no_qualification, p->attain[i] < WS_AT_MID);
    if (!states) return false;
    bool hh_cond = s->low_income >= 0 || s->bijstand >= 0 || s->debt >= 0;
    int member = household        ? WS_MB_HEAD
                 : s->member >= 0 ? s->member
                 : hh_cond        ? WS_MB_ADULT
                                  : WS_MB_ANY;
    bool child = (p->flags[i] & WS_PF_CHILD) != 0, head = ws__household_head(w, h) == i;
    switch (member) {
    case WS_MB_ADULT:
        return age_m >= 18 * 12;
    case WS_MB_CHILD:
        return child;
    case WS_MB_HEAD:
        return head;
    case WS_MB_PARTNER:
        return !child && age_m >= 18 * 12 && !head;
    default:
        return true;
    }
}

/* Whether eligible person i refuses programme k this year (the engine's keyed take-up draw). */
static bool refuses(const ws_world *w, int32_t i, int k, double take_up)
{
    uint32_t year = (uint32_t)w->month / 12;
    double u =
        ws_u32_to_u01(ws_rng_block(&w->rng, (uint32_t)i, year, WS_RP_IV_TAKEUP, (uint32_t)k).v[0]);
    return take_up < 1 && u >= take_up;
}

/* ---- How a phase uses a ratio: the links ---------------------------------------------------- */

enum { LINK_NONE, LINK_RATIO, LINK_CLOGLOG, LINK_ODDS };

/* The month's probability of an event with ratio th whose probability without it is p, and its
 * derivatives by th, by p and (second) by p. */
static double link_f(int link, double th, double p, double *d_th, double *d_p, double *d_pp)
{
    if (p > 1 - 1e-12) p = 1 - 1e-12;
    switch (link) {
    case LINK_CLOGLOG: {
        double q = 1 - p, qt = pow(q, th);
        *d_th = -qt * log(q);
        *d_p = th * qt / q;
        *d_pp = -th * (th - 1) * qt / (q * q);
        return 1 - qt;
    }
    case LINK_ODDS: {
        double o = p / (1 - p), den = 1 + th * o, b = 1 / ((1 - p) * (1 - p));
        *d_th = o / (den * den);
        *d_p = th * b / (den * den);
        *d_pp = th * (2 / (den * den * (1 - p) * (1 - p) * (1 - p)) -
                      2 * th * b * b / (den * den * den));
        return th * o / den;
    }
    default:
        *d_th = p;
        *d_p = th;
        *d_pp = 0;
        return th * p;
    }
}

/* ---- Counts and the estimate ---------------------------------------------------------------- */

/* Control months and events by stratum (a 64-bit key: area, time, risk bin), and the
 * participant months one by one (stratum, effect modifier, event route). */
typedef struct tally {
    size_t ns, caps, hcap;
    int64_t *key;
    double *nc, *ec; /* control months; events by route, ec[2 s + r - 1] */
    int32_t *hash;   /* open addressing: stratum + 1, 0 empty */
    size_t np, capp;
    int32_t *ps;   /* participant month: its stratum */
    float *pmod;   /* its effect modifier (the record's) */
    uint8_t *pr;   /* its event: 0 none, else the route */
    long entrants; /* participants who entered (units) */
} tally;

static uint64_t mix(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    return x;
}

static int32_t stratum(tally *t, int64_t key)
{
    if (2 * (t->ns + 1) > t->hcap) {
        size_t nc = t->hcap ? 2 * t->hcap : 1024;
        free(t->hash);
        t->hash = calloc(nc, sizeof *t->hash);
        WT_CHECK(t->hash != NULL);
        t->hcap = nc;
        for (size_t s = 0; s < t->ns; s++) {
            size_t h = mix((uint64_t)t->key[s]) & (nc - 1);
            while (t->hash[h])
                h = (h + 1) & (nc - 1);
            t->hash[h] = (int32_t)s + 1;
        }
    }
    size_t h = mix((uint64_t)key) & (t->hcap - 1);
    while (t->hash[h]) {
        if (t->key[t->hash[h] - 1] == key) return t->hash[h] - 1;
        h = (h + 1) & (t->hcap - 1);
    }
    if (t->ns == t->caps) {
        t->caps = t->caps ? 2 * t->caps : 1024;
        t->key = grow(t->key, t->caps, sizeof *t->key);
        t->nc = grow(t->nc, t->caps, sizeof *t->nc);
        t->ec = grow(t->ec, 2 * t->caps, sizeof *t->ec);
    }
    t->key[t->ns] = key;
    t->nc[t->ns] = t->ec[2 * t->ns] = t->ec[2 * t->ns + 1] = 0;
    t->hash[h] = (int32_t)t->ns + 1;
    return (int32_t)t->ns++;
}

static void add_control(tally *t, int64_t key, int route)
{
    int32_t s = stratum(t, key);
    t->nc[s] += 1;
    if (route > 0) t->ec[2 * s + route - 1] += 1;
}

static void add_participant(tally *t, int64_t key, double mod, int route)
{
    int32_t s = stratum(t, key);
    if (t->np == t->capp) {
        t->capp = t->capp ? 2 * t->capp : 4096;
        t->ps = grow(t->ps, t->capp, sizeof *t->ps);
        t->pmod = grow(t->pmod, t->capp, sizeof *t->pmod);
        t->pr = grow(t->pr, t->capp, 1);
    }
    t->ps[t->np] = s;
    t->pmod[t->np] = (float)mod;
    t->pr[t->np++] = (uint8_t)route;
}

static void tally_close(tally *t)
{
    free(t->key);
    free(t->nc);
    free(t->ec);
    free(t->hash);
    free(t->ps);
    free(t->pmod);
    free(t->pr);
    memset(t, 0, sizeof *t);
}

/* Adds `from` (another area's: its keys are new here, but for the strata the areas share) to
 * `into` and closes it. */
static void tally_merge(tally *into, tally *from)
{
    int32_t *map = grow(NULL, from->ns, sizeof *map);
    for (size_t s = 0; s < from->ns; s++) {
        int32_t d = map[s] = stratum(into, from->key[s]);
        into->nc[d] += from->nc[s];
        into->ec[2 * d] += from->ec[2 * s];
        into->ec[2 * d + 1] += from->ec[2 * s + 1];
    }
    for (size_t i = 0; i < from->np; i++)
        add_participant(into, into->key[map[from->ps[i]]], from->pmod[i], from->pr[i]);
    into->entrants += from->entrants;
    free(map);
    tally_close(from);
}

/* The risk bin of a stratum key (see key_of). */
static int64_t key_bin(int64_t key)
{
    return (key & 0xFFFFF) - (1 << 19);
}

/* A stratum key: the area, a time or place part (0..2^20) and a risk bin (|bin| < 2^19). */
static int64_t key_of(int a, int64_t part, int64_t bin)
{
    return ((int64_t)a << 40) | (part << 20) | (bin + (1 << 19));
}

static int64_t risk_bin(double risk)
{
    return risk > 0 ? (int64_t)floor(log(risk) / BIN) : -(1 << 19) + 1;
}

/* The fitted ratio (see the design note) with its 99.9 % interval. */
typedef struct fit {
    double theta, se, lo, hi; /* ratio, SE of its log, interval */
    double pm, pe, left_out;  /* participant months and events used; months left out (no
                                 comparable controls) */
    double cm, ce;            /* control months and events of the strata used */
    double base;              /* participants' expected events without the programme */
} fit;

/* Participant-months of one stratum with one ratio: their expected events (bias-corrected),
 * and what the variance needs. */
typedef struct part_sum {
    double e, de, var, dp[2]; /* events, d events / d log theta, binomial variance, d / dp */
} part_sum;

static void expect(part_sum *ps, const int link[2], double n, double lth, double mod,
                   const double p[2], const double v[2])
{
    double th = exp(lth * mod);
    for (int r = 0; r < 2; r++) {
        if (link[r] == LINK_NONE) continue;
        double d_th, d_p, d_pp, f = link_f(link[r], th, p[r], &d_th, &d_p, &d_pp);
        ps->e += n * (f - 0.5 * d_pp * v[r]);
        ps->de += n * d_th * th * mod;
        ps->var += n * f * (1 - f);
        ps->dp[r] += n * d_p;
    }
}

/* Fits the ratio from the participant months whose stratum has at least MIN_CTRL control
 * months and whose risk bin is in bin_lo..bin_hi; with_mod: each participant's ratio is
 * theta^(its stored modifier), else theta. */
static fit fit_ratio(const tally *t, const int link[2], bool with_mod, int64_t bin_lo,
                     int64_t bin_hi)
{
    fit f = {0};
    double *cnt = calloc(t->ns + 1, sizeof *cnt), *p = grow(NULL, 2 * t->ns, sizeof *p);
    double *v = grow(NULL, 2 * t->ns, sizeof *v);
    uint8_t *used = calloc(t->ns + 1, 1);
    WT_CHECK(cnt != NULL && used != NULL);
    for (size_t s = 0; s < t->ns; s++)
        for (int r = 0; r < 2; r++) {
            double n = t->nc[s];
            p[2 * s + r] = n > 0 ? t->ec[2 * s + r] / n : 0;
            v[2 * s + r] = n > 1 ? p[2 * s + r] * (1 - p[2 * s + r]) / (n - 1) : 0;
        }
    /* participants: counted by stratum when their ratio is theta itself, else one by one */
    size_t *odd = grow(NULL, t->np, sizeof *odd), n_odd = 0;
    double base = 0;
    for (size_t i = 0; i < t->np; i++) {
        int32_t s = t->ps[i];
        int64_t b = key_bin(t->key[s]);
        if (b < bin_lo || b > bin_hi) continue;
        if (t->nc[s] < MIN_CTRL) {
            f.left_out += 1;
            continue;
        }
        f.pm += 1;
        f.pe += t->pr[i] > 0;
        base += p[2 * s] + p[2 * s + 1];
        used[s] = 1;
        if (with_mod && t->pmod[i] != 1.0f)
            odd[n_odd++] = i;
        else
            cnt[s] += 1;
    }
    for (size_t s = 0; s < t->ns; s++)
        if (used[s]) {
            f.cm += t->nc[s];
            f.ce += t->ec[2 * s] + t->ec[2 * s + 1];
        }
    /* Newton on log theta: expected events = observed */
    double lth = base > 0 && f.pe > 0 ? log(f.pe / base) : 0;
    part_sum tot = {0};
    for (int it = 0; it < 60; it++) {
        memset(&tot, 0, sizeof tot);
        for (size_t s = 0; s < t->ns; s++)
            if (cnt[s] > 0) expect(&tot, link, cnt[s], lth, 1, &p[2 * s], &v[2 * s]);
        for (size_t j = 0; j < n_odd; j++) {
            size_t i = odd[j];
            expect(&tot, link, 1, lth, t->pmod[i], &p[2 * t->ps[i]], &v[2 * t->ps[i]]);
        }
        double step = (f.pe - tot.e) / tot.de;
        if (step > 2) step = 2;
        if (step < -2) step = -2;
        lth += step;
        if (fabs(step) < 1e-12) break;
    }
    /* variance at the fit: the participants' events, and the control proportions through
     * every participant of their stratum */
    double var_e = tot.var;
    double *dp = calloc(2 * t->ns, sizeof *dp);
    WT_CHECK(dp != NULL);
    for (size_t s = 0; s < t->ns; s++)
        if (cnt[s] > 0) {
            part_sum one = {0};
            expect(&one, link, cnt[s], lth, 1, &p[2 * s], &v[2 * s]);
            dp[2 * s] += one.dp[0];
            dp[2 * s + 1] += one.dp[1];
        }
    for (size_t j = 0; j < n_odd; j++) {
        size_t i = odd[j], s = (size_t)t->ps[i];
        part_sum one = {0};
        expect(&one, link, 1, lth, t->pmod[i], &p[2 * s], &v[2 * s]);
        dp[2 * s] += one.dp[0];
        dp[2 * s + 1] += one.dp[1];
    }
    for (size_t s = 0; s < 2 * t->ns; s++)
        var_e += dp[s] * dp[s] * v[s];
    f.theta = exp(lth);
    f.base = base;
    f.se = sqrt(var_e) / tot.de;
    f.lo = f.theta * exp(-Z999 * f.se);
    f.hi = f.theta * exp(Z999 * f.se);
    free(cnt);
    free(p);
    free(v);
    free(odd);
    free(dp);
    free(used);
    return f;
}

/* ---- Person programmes ---------------------------------------------------------------------- */

/* A programme's `who` for transition tx: those who can make it, in the ages it concerns. */
static void who_for(int tx, ws_selector *s)
{
    static const struct {
        int tx, lo, hi;
        uint32_t labour, stage;
    } row[] = {
        {WS_TX_JOB_FINDING, 18, 59, 1u << WS_LB_UNEMPLOYED, 0},
        {WS_TX_JOB_LOSS, 18, 59, 1u << WS_LB_EMPLOYED, 0},
        {WS_TX_BIJSTAND_EXIT, 18, 59, 1u << WS_LB_BIJSTAND, 0},
        {WS_TX_DEBT_EXIT, 0, 120, 0, 0},
        {WS_TX_DEBT_ONSET, 0, 120, 0, 0},
        {WS_TX_DROPOUT, 12, 22, 0, 1u << WS_ST_SECONDARY},
        {WS_TX_ACHIEVEMENT, 6, 7, 0, 1u << WS_ST_PRIMARY},
        {WS_TX_OFFENDING_ONSET, 12, 23, 0, 0},
        {WS_TX_DESISTANCE, 12, 28, 0, 0},
        {WS_TX_NETWORK_RECRUIT, 16, 33, 0, 0},
        {WS_TX_DISTRESS_ONSET, 18, 64, 0, 0},
        {WS_TX_DISTRESS_RECOVERY, 18, 64, 0, 0},
        {WS_TX_HEALTH_DECLINE, 18, 79, 0, 0},
        {WS_TX_LONELY_ONSET, 18, 79, 0, 0},
    };
    for (size_t j = 0; j < sizeof row / sizeof row[0]; j++) {
        if (row[j].tx != tx) continue;
        s->age_min = row[j].lo;
        s->age_max = row[j].hi;
        s->labour_mask = row[j].labour;
        s->stage_mask = row[j].stage;
    }
    switch (tx) {
    case WS_TX_DEBT_EXIT:
        s->debt = 1;
        break;
    case WS_TX_DEBT_ONSET:
        s->low_income = 1, s->debt = 0;
        break;
    case WS_TX_DROPOUT:
        s->no_qualification = 1;
        break;
    case WS_TX_OFFENDING_ONSET:
        s->offender = 0;
        break;
    case WS_TX_DESISTANCE:
        s->offender = 1;
        break;
    case WS_TX_NETWORK_RECRUIT:
        s->offender = 1, s->network = 0;
        break;
    case WS_TX_DISTRESS_ONSET:
        s->distress = 0;
        break;
    case WS_TX_DISTRESS_RECOVERY:
        s->distress = 1;
        break;
    case WS_TX_HEALTH_DECLINE:
        s->good_health = 1;
        break;
    case WS_TX_LONELY_ONSET:
        s->lonely = 0;
        break;
    default:
        break;
    }
}

/* Whether unit u (a person; a household for debt) can make transition tx this month, judged
 * on the state before the step with ages a month on, as the phase sees them. */
static bool at_risk(int tx, const ws_world *w, int32_t u)
{
    if (household_tx(tx)) return w->hh.debt[u] == (tx == WS_TX_DEBT_EXIT);
    const ws_persons *p = &w->pers;
    int am = p->age_m[u] + 1;
    switch (tx) {
    case WS_TX_JOB_FINDING:
        return p->labour[u] == WS_LB_UNEMPLOYED;
    case WS_TX_JOB_LOSS:
        return p->labour[u] == WS_LB_EMPLOYED;
    case WS_TX_BIJSTAND_EXIT:
        return p->labour[u] == WS_LB_BIJSTAND;
    case WS_TX_DROPOUT:
        return p->stage[u] == WS_ST_SECONDARY && p->attain[u] < WS_AT_MID && am >= 144 && am < 288;
    case WS_TX_OFFENDING_ONSET:
        return !p->offender[u] && am >= 144 && am < 300;
    case WS_TX_DESISTANCE:
        return p->offender[u] && am < 360; /* at 30 it is not drawn */
    case WS_TX_NETWORK_RECRUIT:
        return !p->network[u] && am >= 192 && am < 420;
    case WS_TX_DISTRESS_ONSET:
        return !p->distress[u] && am >= 216;
    case WS_TX_DISTRESS_RECOVERY:
        return p->distress[u] && am >= 216;
    case WS_TX_HEALTH_DECLINE:
        return p->health[u] && am >= 216;
    case WS_TX_LONELY_ONSET:
        return !p->lonely[u] && am >= 216;
    default:
        return false;
    }
}

/* Unit u's outcome after the step: the route of its transition (1; bijstand exit: 1 to work,
 * 2 to inactivity), 0 none, -1 not at risk after all (recruitment needs an offender when the
 * safety phase draws it, which the state after the step shows). */
static int outcome(int tx, const ws_world *w, int32_t u)
{
    const ws_persons *p = &w->pers;
    switch (tx) {
    case WS_TX_JOB_FINDING:
        return p->labour[u] == WS_LB_EMPLOYED;
    case WS_TX_JOB_LOSS:
        return p->labour[u] == WS_LB_UNEMPLOYED;
    case WS_TX_BIJSTAND_EXIT:
        return p->labour[u] == WS_LB_EMPLOYED ? 1 : p->labour[u] == WS_LB_INACTIVE ? 2 : 0;
    case WS_TX_DEBT_EXIT:
        return !w->hh.debt[u];
    case WS_TX_DEBT_ONSET:
        return w->hh.debt[u];
    case WS_TX_DROPOUT:
        return p->stage[u] == WS_ST_DONE && p->attain[u] == WS_AT_LOW;
    case WS_TX_OFFENDING_ONSET:
        return p->offender[u];
    case WS_TX_DESISTANCE:
        return !p->offender[u];
    case WS_TX_NETWORK_RECRUIT:
        return p->offender[u] ? p->network[u] : -1;
    case WS_TX_DISTRESS_ONSET:
        return p->distress[u];
    case WS_TX_DISTRESS_RECOVERY:
        return !p->distress[u];
    case WS_TX_HEALTH_DECLINE:
        return !p->health[u];
    case WS_TX_LONELY_ONSET:
        return p->lonely[u];
    default:
        return 0;
    }
}

/* How the phase uses the ratio, per route (see the design note; an odds ratio is only
 * configured on transitions drawn as u < p). */
static void links_of(int tx, int effect_type, int link[2])
{
    bool odds = effect_type == WS_EF_ODDS_RATIO,
         hazard = tx == WS_TX_JOB_FINDING || tx == WS_TX_BIJSTAND_EXIT;
    WT_CHECK(!(odds && hazard));
    link[0] = odds ? LINK_ODDS : hazard ? LINK_CLOGLOG : LINK_RATIO;
    link[1] = tx == WS_TX_BIJSTAND_EXIT ? LINK_RATIO : LINK_NONE;
}

/* The stratum of unit u whose risk is person i's, in area slot a this month (before the step):
 * the risk bin; the month where the hazard is the same for everyone; recruitment: the
 * neighbourhood and year (its hazard is the neighbourhood's undermining); desistance: the risk
 * bin in every area alike (its risk value is its hazard, see the design note). */
static int64_t stratum_for(int tx, const ws_world *w, int a, int32_t i)
{
    switch (tx) {
    case WS_TX_DESISTANCE:
        return key_of(0, 0, risk_bin(g_risk[tx](w, i)));
    case WS_TX_DEBT_EXIT:
    case WS_TX_DISTRESS_RECOVERY:
        return key_of(a, w->month + 1, 0);
    case WS_TX_NETWORK_RECRUIT: {
        int nbh = w->dw.nbh[w->hh.dwelling[w->pers.hh[i]]];
        return key_of(a, 64 * nbh + w->month / 12 + 1, 0);
    }
    default:
        return key_of(a, 0, risk_bin(g_risk[tx](w, i)));
    }
}

/* A person-programme case: a programme on one transition, its priority and effect, and the
 * size of the run. tune: parameters that make a rare transition frequent enough (any valid
 * parameters serve: the claim is about the programme, not the base rate). */
typedef struct pcase {
    int tx, priority, effect_type;
    double ratio, effect_by_risk, scale;
    int years;
    void (*tune)(ws_params *);
} pcase;

/* What one measurement compares, for programme k of the scenario:
 *   M_PLAIN   participants of k against comparable non-participants (see the design note);
 *   M_WITH    the same among units whose person is in programme `other` too;
 *   M_SWITCH  participants of k who still carried the after-effect of programme `other` (on
 *             the same transition) when they entered, against those waiting for k who carry
 *             it still. */
enum { M_PLAIN, M_WITH, M_SWITCH };

typedef struct measure {
    int k, mode, other;
    const ws_intervention *iv; /* the area's programme k */
    size_t cap;
    uint8_t *on, *ctl;        /* per unit: at risk; an eligible refuser */
    uint8_t *prev;            /* per person: state of the record of `other` before the step */
    int32_t *who;             /* per unit: the person whose record counts (a household's head) */
    int64_t *key;             /* per unit: stratum */
    float *switched;          /* per person: M_SWITCH participant (its earnings multiplier, to
                                 know the person again), 0 none */
    long sw_entries, sw_left; /* M_SWITCH: entries out of the after-effect; those whose record
                                 of `other` was still there after entering */
    tally t;
} measure;

/* One area's part of a person-programme case. */
typedef struct pctx {
    int a, n; /* scenario slot; measurements */
    measure m[2];
    double frac[2]; /* places sized for this share of the willing (0: as set) */
    ident id;
    size_t cap;
    uint8_t *cand;             /* per person: a candidate of this month's allocation of the first
                                  measure's programme (checked when effect_by_risk > 0) */
    double *risk;              /* its risk value */
    long mod_checked, mod_bad; /* entrants whose stored modifier was checked; wrong ones */
} pctx;

/* Sizes each programme's places (frac > 0) so that about frac of its willing eligible are in
 * it: capacity binds in every area whatever its size. */
static void pstart(void *v, ws_scenario *own, const ws_world *w)
{
    pctx *x = v;
    for (int k = 0; k < own->policy.n_interventions; k++) {
        ws_intervention *iv = &own->policy.iv[k];
        if (k < 2 && x->frac[k] > 0) {
            double pool = 0;
            for (size_t i = 0; i < w->pers.n; i++)
                pool += w->pers.alive[i] &&
                        who_match(&iv->who, household_tx(iv->transition), w, (int32_t)i);
            WT_CHECK(pool > 0);
            iv->places_per_year =
                12.0 * x->frac[k] * pool * iv->take_up / iv->programme_months / w->scale;
        }
        for (int j = 0; j < x->n; j++)
            if (x->m[j].k == k) x->m[j].iv = iv;
    }
}

static void measure_before(measure *m, int a, ws_world *w)
{
    const ws_intervention *iv = m->iv;
    int tx = iv->transition;
    bool hh = household_tx(tx);
    size_t n = hh ? w->hh.n : w->pers.n, need = n > w->pers.n ? n : w->pers.n;
    if (need > m->cap) {
        size_t old = m->cap;
        m->cap = 2 * need;
        m->on = grow(m->on, m->cap, 1);
        m->ctl = grow(m->ctl, m->cap, 1);
        m->prev = grow(m->prev, m->cap, 1);
        m->who = grow(m->who, m->cap, sizeof *m->who);
        m->key = grow(m->key, m->cap, sizeof *m->key);
        m->switched = grow(m->switched, m->cap, sizeof *m->switched);
        memset(m->switched + old, 0, (m->cap - old) * sizeof *m->switched);
    }
    for (size_t s = 0; s < n; s++) {
        int32_t u = (int32_t)s;
        m->on[u] = 0;
        if (!(hh ? w->hh.alive[u] : w->pers.alive[u]) || !at_risk(tx, w, u)) continue;
        int32_t i = hh ? ws__household_head(w, u) : u;
        m->on[u] = 1;
        m->who[u] = i;
        m->key[u] = stratum_for(tx, w, a, i);
        m->ctl[u] = iv->priority == WS_PR_RISK && who_match(&iv->who, hh, w, i) &&
                    refuses(w, i, m->k, iv->take_up);
    }
    if (m->mode == M_SWITCH)
        for (size_t i = 0; i < w->pers.n; i++)
            m->prev[i] = (uint8_t)ws__iv_record_get(w, (int32_t)i, m->other, NULL, NULL, NULL);
}

static void pbefore(void *v, ws_world *w, ws_world *base)
{
    pctx *x = v;
    ident_take(&x->id, w);
    for (int j = 0; j < x->n; j++)
        measure_before(&x->m[j], x->a, w);
    const ws_intervention *iv = x->m[0].iv;
    if (iv->effect_by_risk <= 0) return;
    /* this month's candidates: eligible, willing, and not in the programme once the records
     * advance (a record in its last month ends) */
    WT_CHECK(!household_tx(iv->transition));
    if (w->pers.n > x->cap) {
        x->cap = 2 * w->pers.n;
        x->cand = grow(x->cand, x->cap, 1);
        x->risk = grow(x->risk, x->cap, sizeof *x->risk);
    }
    for (size_t s = 0; s < w->pers.n; s++) {
        int32_t i = (int32_t)s;
        int months = 0, st = ws__iv_record_get(w, i, x->m[0].k, &months, NULL, NULL);
        x->cand[i] = w->pers.alive[i] && who_match(&iv->who, false, w, i) &&
                     !refuses(w, i, x->m[0].k, iv->take_up) &&
                     (st != WS_REC_IN || months >= iv->programme_months - 1);
        if (x->cand[i]) x->risk[i] = g_risk[iv->transition](w, i);
    }
}

/* The stored modifiers of this month's entrants must be (mean risk of the candidates / own
 * risk)^1 unless capped (iv_mod_cap). The mean is bracketed: whether a candidate who is gone
 * after the step died before the allocation or left after it is not known, so the mean lies
 * between its values with and without them. */
static void check_modifiers(pctx *x, const ws_world *w)
{
    const ws_intervention *iv = x->m[0].iv;
    WT_CHECK(iv->effect_by_risk == 1);
    double s_all = 0, n_all = 0, s_alive = 0, n_alive = 0;
    for (size_t s = 0; s < x->id.np; s++) {
        if (!x->cand[s]) continue;
        s_all += x->risk[s];
        n_all += 1;
        if (same_person(&x->id, w, (int32_t)s)) {
            s_alive += x->risk[s];
            n_alive += 1;
        }
    }
    double lo = s_alive / n_all, hi = s_all / n_alive, cap = w->p->iv_mod_cap;
    for (size_t s = 0; s < x->id.np; s++) {
        int32_t i = (int32_t)s;
        int months = -1;
        double mod = 0;
        if (!same_person(&x->id, w, i) ||
            ws__iv_record_get(w, i, x->m[0].k, &months, NULL, &mod) != WS_REC_IN || months != 0)
            continue;
        if (mod <= 1 / cap * (1 + 1e-6) || mod >= cap * (1 - 1e-6)) continue; /* capped */
        double mean = mod * x->risk[i];
        x->mod_checked++;
        if (x->cand[i] && mean >= lo * (1 - 1e-6) && mean <= hi * (1 + 1e-6)) continue;
        if (x->mod_bad++ < 5)
            fprintf(stderr,
                    "entrant %d: modifier %.6f x risk %.6f = %.6f; candidates' mean "
                    "%.6f..%.6f\n",
                    (int)i, mod, x->risk[i], mean, lo, hi);
    }
}

static void measure_after(measure *m, const ident *id, ws_world *w, pctx *x)
{
    const ws_intervention *iv = m->iv;
    int tx = iv->transition;
    bool hh = household_tx(tx), random = iv->priority == WS_PR_RANDOM;
    /* entrants first (their stored modifier; who came out of another programme's after-effect),
     * then the month of every unit at risk */
    for (size_t s = 0; s < w->pers.n; s++) {
        int32_t i = (int32_t)s;
        int months = -1;
        double mod = 0;
        if (!w->pers.alive[i] || w->pers.prog[i] < 0 ||
            ws__iv_record_get(w, i, m->k, &months, NULL, &mod) != WS_REC_IN || months != 0)
            continue;
        m->t.entrants++;
        if (iv->effect_by_risk <= 0) { /* the same ratio for every participant */
            x->mod_checked++;
            if (mod != 1) x->mod_bad++;
        }
        if (m->mode != M_SWITCH || !same_person(id, w, i)) continue;
        m->switched[i] = m->prev[i] == WS_REC_AFTER ? w->pers.earn[i] : 0;
        if (m->prev[i] != WS_REC_AFTER) continue;
        m->sw_entries++;
        m->sw_left += ws__iv_record_get(w, i, m->other, NULL, NULL, NULL) != WS_REC_NONE;
    }
    size_t n = hh ? id->nh : id->np;
    for (size_t s = 0; s < n; s++) {
        int32_t u = (int32_t)s, i = m->who[u];
        if (!m->on[u]) continue;
        if (hh ? !same_household(id, w, u) || !same_person(id, w, i) : !same_person(id, w, u))
            continue;
        int ev = outcome(tx, w, u);
        if (ev < 0) continue;
        int months = 0;
        bool done = false;
        double mod = 1;
        int st = ws__iv_record_get(w, i, m->k, &months, &done, &mod);
        int other = m->mode == M_PLAIN ? -1 : ws__iv_record_get(w, i, m->other, NULL, NULL, NULL);
        bool part = st == WS_REC_IN && done,
             ctrl = random ? st == WS_REC_WAITING : st == WS_REC_NONE && m->ctl[u];
        if (m->mode == M_WITH && other != WS_REC_IN) continue;
        if (m->mode == M_SWITCH) {
            part = part && m->switched[i] == w->pers.earn[i];
            ctrl = st == WS_REC_WAITING && other == WS_REC_AFTER;
        }
        if (part) add_participant(&m->t, m->key[u], mod, ev);
        if (ctrl) add_control(&m->t, m->key[u], ev);
    }
}

static void pafter(void *v, ws_world *w, ws_world *base)
{
    pctx *x = v;
    for (int j = 0; j < x->n; j++)
        measure_after(&x->m[j], &x->id, w, x);
    if (x->m[0].iv->effect_by_risk > 0) check_modifiers(x, w);
}

/* What a person-programme run measured (measurements merged over the areas). */
typedef struct presult {
    int n;
    measure m[2]; /* tallies and counts (per-unit arrays freed) */
    int link[2][2];
    long mod_checked, mod_bad;
} presult;

/* Runs scenario s (its person programmes set up) with the measurements of proto[0..n-1] (k,
 * mode, other) in every area, places of programme k sized for frac[k] of its willing. */
static void person_run(ws_scenario *s, int n, const measure *proto, const double frac[2],
                       presult *out)
{
    pctx *ctx = calloc((size_t)s->n_areas, sizeof *ctx);
    WT_CHECK(ctx != NULL && n <= 2);
    for (int a = 0; a < s->n_areas; a++) {
        ctx[a].a = a;
        ctx[a].n = n;
        for (int j = 0; j < n; j++)
            ctx[a].m[j] = proto[j];
        ctx[a].frac[0] = frac[0];
        ctx[a].frac[1] = frac[1];
    }
    const runner r = {pstart, pbefore, pafter, false};
    outputs o;
    simulate(s, &r, ctx, sizeof *ctx, &o);
    outputs_close(&o);
    memset(out, 0, sizeof *out);
    out->n = n;
    for (int j = 0; j < n; j++) {
        out->m[j] = proto[j];
        const ws_intervention *iv = &s->policy.iv[proto[j].k];
        links_of(iv->transition, iv->effect_type, out->link[j]);
    }
    for (int a = 0; a < s->n_areas; a++) {
        pctx *x = &ctx[a];
        for (int j = 0; j < n; j++) {
            measure *m = &x->m[j];
            tally_merge(&out->m[j].t, &m->t);
            out->m[j].sw_entries += m->sw_entries;
            out->m[j].sw_left += m->sw_left;
            free(m->on);
            free(m->ctl);
            free(m->prev);
            free(m->who);
            free(m->key);
            free(m->switched);
        }
        out->mod_checked += x->mod_checked;
        out->mod_bad += x->mod_bad;
        ident_free(&x->id);
        free(x->cand);
        free(x->risk);
    }
    free(ctx);
}

static void presult_close(presult *r)
{
    for (int j = 0; j < r->n; j++)
        tally_close(&r->m[j].t);
}

/* A scenario over every area with one person programme as case c says (6 months, every
 * participant completing, take-up 1 under random priority and 0.5 under risk). */
static ws_intervention *person_scenario(ws_scenario *s, const pcase *c)
{
    make_scenario(s, NULL, c->years, 1, c->scale);
    if (c->tune) c->tune(&s->params);
    ws_intervention *iv = add_iv(s, ws_transition_name(c->tx), WS_IV_PERSON);
    iv->transition = c->tx;
    who_for(c->tx, &iv->who);
    iv->priority = c->priority;
    iv->take_up = c->priority == WS_PR_RISK ? 0.5 : 1;
    iv->effect_type = c->effect_type;
    iv->effect.a = c->ratio;
    iv->effect_by_risk = c->effect_by_risk;
    iv->programme_months = LEN;
    iv->places_per_year = 1; /* sized per area (pstart) */
    return iv;
}

/* Prints the table row of fit f (what: the row's label; kind, priority, configured as case c
 * says) and fails when the configured ratio is outside the measured interval. */
static void fit_row(const char *what, const char *kind, int priority, double configured,
                    long entrants, const fit *f)
{
    char n[256];
    snprintf(n, sizeof n,
             "%ld participants; %.0f participant-months, %.0f events; controls "
             "%.0f months, %.0f events; %.0f participant-months without controls",
             entrants, f->pm, f->pe, f->cm, f->ce, f->left_out);
    table_row(what, kind, priority_name(priority), configured, f->theta, f->lo, f->hi, n);
    /* the comparison rests on enough events to mean something */
    WT_CHECK(f->pe >= 100 && f->ce >= 100);
    within(what, configured, f->lo, f->hi);
}

static const char *kind_of(const pcase *c)
{
    return c->effect_type == WS_EF_ODDS_RATIO ? "odds_ratio"
           : c->effect_by_risk > 0            ? "hr by risk"
                                              : "hr";
}

/* The standard person case: the ratio of participants against comparable non-participants is
 * the configured one, and every participant's stored modifier is 1 (effect_by_risk 0). */
static void person_case(const pcase *c)
{
    ws_scenario s;
    person_scenario(&s, c);
    presult r;
    person_run(&s, 1, &(measure){.k = 0, .mode = M_PLAIN}, (double[2]){FRAC_IN, 0}, &r);
    fit f = fit_ratio(&r.m[0].t, r.link[0], true, INT64_MIN, INT64_MAX);
    fit_row(ws_transition_name(c->tx), kind_of(c), c->priority, c->ratio, r.m[0].t.entrants, &f);
    WT_CHECK(r.mod_checked > 0);
    WT_EQ_INT(r.mod_bad, 0);
    presult_close(&r);
    ws_scenario_close(&s);
}

/* A hazard-ratio case on transition tx (see person_case). */
static void hr_case(int tx, int priority, double hr, double scale, int years,
                    void (*tune)(ws_params *))
{
    person_case(&(pcase){tx, priority, WS_EF_HAZARD_RATIO, hr, 0, scale, years, tune});
}

/* Rare transitions made frequent enough (any valid parameters serve; the claims are about
 * the programmes). */
static void tune_bijstand(ws_params *p)
{
    p->work_bij_out_p = 0.04; /* bijstand outflow, about three times the default */
}

static void tune_offending(ws_params *p)
{
    p->off_spell_months = 9; /* twice the desistance, and onset balances it */
}

static void tune_networks(ws_params *p)
{
    p->net_exit_p = 0.5; /* recruitment balances exits: six times the default */
}

/* Effect fidelity, one case per transition and priority. Ratios go either way; the rare
 * transitions are given runs long enough for a few hundred events a side (network recruitment,
 * rarest of all, a ratio of 2 so participants add events). */
WT_CASE(job_finding_random)
{
    hr_case(WS_TX_JOB_FINDING, WS_PR_RANDOM, 1.5, 0.1, 6, NULL);
}

WT_CASE(job_finding_risk)
{
    hr_case(WS_TX_JOB_FINDING, WS_PR_RISK, 1.5, 0.2, 6, NULL);
}

WT_CASE(job_loss_random)
{
    hr_case(WS_TX_JOB_LOSS, WS_PR_RANDOM, 0.7, 0.1, 6, NULL);
}

WT_CASE(job_loss_risk)
{
    hr_case(WS_TX_JOB_LOSS, WS_PR_RISK, 0.7, 0.1, 6, NULL);
}

WT_CASE(bijstand_exit_random)
{
    hr_case(WS_TX_BIJSTAND_EXIT, WS_PR_RANDOM, 1.5, 0.1, 6, tune_bijstand);
}

WT_CASE(bijstand_exit_risk)
{
    hr_case(WS_TX_BIJSTAND_EXIT, WS_PR_RISK, 1.5, 0.15, 6, tune_bijstand);
}

WT_CASE(debt_exit_random)
{
    hr_case(WS_TX_DEBT_EXIT, WS_PR_RANDOM, 1.6, 0.1, 6, NULL);
}

WT_CASE(debt_exit_risk)
{
    hr_case(WS_TX_DEBT_EXIT, WS_PR_RISK, 1.6, 0.1, 6, NULL);
}

WT_CASE(debt_onset_random)
{
    hr_case(WS_TX_DEBT_ONSET, WS_PR_RANDOM, 0.7, 0.2, 6, NULL);
}

WT_CASE(debt_onset_risk)
{
    hr_case(WS_TX_DEBT_ONSET, WS_PR_RISK, 0.7, 0.25, 6, NULL);
}

WT_CASE(dropout_random)
{
    hr_case(WS_TX_DROPOUT, WS_PR_RANDOM, 0.7, 0.3, 6, NULL);
}

WT_CASE(dropout_risk)
{
    hr_case(WS_TX_DROPOUT, WS_PR_RISK, 0.7, 0.3, 6, NULL);
}

WT_CASE(offending_onset_random)
{
    hr_case(WS_TX_OFFENDING_ONSET, WS_PR_RANDOM, 0.7, 0.1, 6, tune_offending);
}

WT_CASE(offending_onset_risk)
{
    hr_case(WS_TX_OFFENDING_ONSET, WS_PR_RISK, 0.7, 0.15, 6, tune_offending);
}

WT_CASE(desistance_random)
{
    hr_case(WS_TX_DESISTANCE, WS_PR_RANDOM, 1.5, 0.1, 6, tune_offending);
}

WT_CASE(desistance_risk)
{
    hr_case(WS_TX_DESISTANCE, WS_PR_RISK, 1.5, 0.1, 6, tune_offending);
}

WT_CASE(network_recruitment_random)
{
    hr_case(WS_TX_NETWORK_RECRUIT, WS_PR_RANDOM, 2.0, 0.35, 8, tune_networks);
}

WT_CASE(network_recruitment_risk)
{
    hr_case(WS_TX_NETWORK_RECRUIT, WS_PR_RISK, 2.0, 0.35, 8, tune_networks);
}

WT_CASE(distress_onset_random)
{
    hr_case(WS_TX_DISTRESS_ONSET, WS_PR_RANDOM, 0.7, 0.05, 6, NULL);
}

WT_CASE(distress_onset_risk)
{
    hr_case(WS_TX_DISTRESS_ONSET, WS_PR_RISK, 0.7, 0.05, 6, NULL);
}

WT_CASE(distress_recovery_random)
{
    hr_case(WS_TX_DISTRESS_RECOVERY, WS_PR_RANDOM, 1.5, 0.05, 6, NULL);
}

WT_CASE(distress_recovery_risk)
{
    hr_case(WS_TX_DISTRESS_RECOVERY, WS_PR_RISK, 1.5, 0.05, 6, NULL);
}

WT_CASE(health_decline_random)
{
    hr_case(WS_TX_HEALTH_DECLINE, WS_PR_RANDOM, 0.7, 0.05, 6, NULL);
}

WT_CASE(health_decline_risk)
{
    hr_case(WS_TX_HEALTH_DECLINE, WS_PR_RISK, 0.7, 0.05, 6, NULL);
}

WT_CASE(lonely_onset_random)
{
    hr_case(WS_TX_LONELY_ONSET, WS_PR_RANDOM, 0.7, 0.05, 6, NULL);
}

WT_CASE(lonely_onset_risk)
{
    hr_case(WS_TX_LONELY_ONSET, WS_PR_RISK, 0.7, 0.05, 6, NULL);
}

/* Odds ratios: desistance (the most frequent transition, where odds and hazard ratios differ
 * most) under random priority, recovery from distress under risk. */
WT_CASE(desistance_odds_random)
{
    person_case(
        &(pcase){WS_TX_DESISTANCE, WS_PR_RANDOM, WS_EF_ODDS_RATIO, 1.8, 0, 0.1, 6, tune_offending});
}

WT_CASE(distress_recovery_odds_risk)
{
    person_case(
        &(pcase){WS_TX_DISTRESS_RECOVERY, WS_PR_RISK, WS_EF_ODDS_RATIO, 1.6, 0, 0.05, 6, NULL});
}

/* ---- Effect modification (effect_by_risk) -------------------------------------------------- */

/* The median risk bin of the participant months that have controls. */
static int64_t median_bin(const tally *t)
{
    int64_t *b = grow(NULL, t->np, sizeof *b);
    size_t n = 0;
    for (size_t i = 0; i < t->np; i++)
        if (t->nc[t->ps[i]] >= MIN_CTRL) b[n++] = key_bin(t->key[t->ps[i]]);
    WT_CHECK(n > 0);
    /* counting sort would do; a selection by halving the range is enough */
    int64_t lo = INT64_MAX, hi = INT64_MIN;
    for (size_t i = 0; i < n; i++) {
        if (b[i] < lo) lo = b[i];
        if (b[i] > hi) hi = b[i];
    }
    while (lo < hi) {
        int64_t mid = lo + (hi - lo) / 2;
        size_t below = 0;
        for (size_t i = 0; i < n; i++)
            below += b[i] <= mid;
        if (2 * below >= n)
            hi = mid;
        else
            lo = mid + 1;
    }
    free(b);
    return lo;
}

/* Absolute change per participant-month in risk bins lo..hi (ratio link): observed (events
 * minus the control proportions), expected from the participants' own modified ratios
 * hr^modifier, and the configured ratio's change at the candidates' mean risk, p x modifier x
 * (hr - 1) (an unclamped modifier is mean risk / own risk, and p is proportional to risk). */
static void gains(const tally *t, int64_t lo, int64_t hi, double hr, double g[3])
{
    double n = 0;
    g[0] = g[1] = g[2] = 0;
    for (size_t i = 0; i < t->np; i++) {
        int32_t s = t->ps[i];
        int64_t b = key_bin(t->key[s]);
        if (b < lo || b > hi || t->nc[s] < MIN_CTRL) continue;
        double p = t->ec[2 * s] / t->nc[s], m = t->pmod[i];
        n += 1;
        g[0] += (t->pr[i] > 0) - p;
        g[1] += p * (pow(hr, m) - 1);
        g[2] += p * m * (hr - 1);
    }
    for (int k = 0; k < 3; k++)
        g[k] /= n;
}

/* effect_by_risk = 1 under priority risk (distress onset, hr 0.5; participants are the highest
 * risks, so their modifiers are below 1): every entrant's stored modifier is (mean risk of the
 * willing candidates / own risk) unless capped, and participants' events equal those expected
 * from their own modified ratios hr^modifier (the fit with the stored modifiers recovers the
 * configured hr; ignoring them gives a ratio nearer 1, which the test must be able to tell).
 * The absolute change per participant-month is then about the configured ratio's change at
 * the mean risk in the lower and the upper half of risk alike (printed). */
WT_CASE(modification_by_risk)
{
    pcase c = {WS_TX_DISTRESS_ONSET, WS_PR_RISK, WS_EF_HAZARD_RATIO, 0.5, 1, 0.1, 6, NULL};
    ws_scenario s;
    person_scenario(&s, &c);
    presult r;
    person_run(&s, 1, &(measure){.k = 0, .mode = M_PLAIN}, (double[2]){FRAC_IN, 0}, &r);
    const tally *t = &r.m[0].t;
    printf("stored modifiers checked against the candidates' mean risk: %ld entrants, %ld "
           "wrong\n",
           r.mod_checked, r.mod_bad);
    fit f = fit_ratio(t, r.link[0], true, INT64_MIN, INT64_MAX);
    fit g = fit_ratio(t, r.link[0], false, INT64_MIN, INT64_MAX);
    printf("ignoring the stored modifiers: ratio %.4f (%.4f..%.4f)\n", g.theta, g.lo, g.hi);
    int64_t mid = median_bin(t);
    double lo[3], hi[3];
    gains(t, INT64_MIN, mid, c.ratio, lo);
    gains(t, mid + 1, INT64_MAX, c.ratio, hi);
    printf("absolute change per participant-month, lower / upper half of risk: observed %.5f / "
           "%.5f, own modified ratios %.5f / %.5f, configured ratio at the mean risk %.5f / "
           "%.5f\n",
           lo[0], hi[0], lo[1], hi[1], lo[2], hi[2]);
    fit_row("distress_onset", kind_of(&c), c.priority, c.ratio, t->entrants, &f);
    WT_CHECK(r.mod_checked > 1000);
    WT_EQ_INT(r.mod_bad, 0);
    WT_CHECK(!(g.lo <= c.ratio && c.ratio <= g.hi)); /* the modifiers matter, measurably */
    presult_close(&r);
    ws_scenario_close(&s);
}

/* effect_by_risk = 0 under priority risk: every participant's stored modifier is 1 and the
 * ratio is the configured one in the lower and in the upper half of participants' risk. */
WT_CASE(modification_none)
{
    pcase c = {WS_TX_DISTRESS_ONSET, WS_PR_RISK, WS_EF_HAZARD_RATIO, 0.5, 0, 0.1, 6, NULL};
    ws_scenario s;
    person_scenario(&s, &c);
    presult r;
    person_run(&s, 1, &(measure){.k = 0, .mode = M_PLAIN}, (double[2]){FRAC_IN, 0}, &r);
    const tally *t = &r.m[0].t;
    WT_CHECK(r.mod_checked > 1000);
    WT_EQ_INT(r.mod_bad, 0);
    int64_t mid = median_bin(t);
    fit lo = fit_ratio(t, r.link[0], true, INT64_MIN, mid);
    fit hi = fit_ratio(t, r.link[0], true, mid + 1, INT64_MAX);
    fit_row("distress_onset, lower half of risk", "hr", c.priority, c.ratio, t->entrants, &lo);
    fit_row("distress_onset, upper half of risk", "hr", c.priority, c.ratio, t->entrants, &hi);
    presult_close(&r);
    ws_scenario_close(&s);
}

/* ---- Several programmes per person -------------------------------------------------------- */

/* A person programme on transition tx for every area, random priority, as the fidelity cases
 * set it up (places sized by person_run). */
static ws_intervention *programme(ws_scenario *s, const char *name, int tx, double hr)
{
    ws_intervention *iv = add_iv(s, name, WS_IV_PERSON);
    iv->transition = tx;
    who_for(tx, &iv->who);
    iv->priority = WS_PR_RANDOM;
    iv->effect.a = hr;
    iv->programme_months = LEN;
    iv->places_per_year = 1;
    return iv;
}

/* A person can be in a job-finding and a debt programme at once, each with its own effect:
 * coaching for unemployed heads of indebted households (hr 1.6 on job finding) and debt
 * counselling (hr 1.8 on debt exit), both random with binding places. Coaching's effect is
 * measured among those also in debt counselling, debt counselling's among households whose
 * head is also in coaching. */
WT_CASE(job_and_debt_programmes_at_once)
{
    ws_scenario s;
    /* scale 0.75: unemployment starts at its stated level (about 6 % of the labour force, not
     * 17-20 %), so unemployed heads of indebted households are a third as many as at 0.25 */
    make_scenario(&s, NULL, 8, 1, 0.75);
    ws_intervention *job = programme(&s, "coaching", WS_TX_JOB_FINDING, 1.6);
    job->who.debt = 1;
    job->who.member = WS_MB_HEAD;
    programme(&s, "debt counselling", WS_TX_DEBT_EXIT, 1.8);
    presult r;
    const measure m[2] = {{.k = 0, .mode = M_WITH, .other = 1},
                          {.k = 1, .mode = M_WITH, .other = 0}};
    person_run(&s, 2, m, (double[2]){FRAC_IN, FRAC_IN}, &r);
    fit fj = fit_ratio(&r.m[0].t, r.link[0], true, INT64_MIN, INT64_MAX);
    fit fd = fit_ratio(&r.m[1].t, r.link[1], true, INT64_MIN, INT64_MAX);
    fit_row("job_finding, in debt counselling too", "hr", WS_PR_RANDOM, 1.6, r.m[0].t.entrants,
            &fj);
    fit_row("debt_exit, head in coaching too", "hr", WS_PR_RANDOM, 1.8, r.m[1].t.entrants, &fd);
    presult_close(&r);
    ws_scenario_close(&s);
}

/* A new programme on a transition ends an older one's after-effect: programme A (job finding,
 * hr 2, 2 months, full effect 36 months after) and B (job finding, hr 1). Whoever enters B
 * while carrying A's after-effect loses A's record, and with it the effect: against those
 * waiting for B who still carry A's effect, B's entrants find work at 1 / 2 the rate. */
WT_CASE(new_programme_ends_after_effect)
{
    ws_scenario s;
    make_scenario(&s, NULL, 6, 1, 0.15);
    ws_intervention *a = programme(&s, "A", WS_TX_JOB_FINDING, 2);
    a->programme_months = 2;
    a->effect_months = 36;
    programme(&s, "B", WS_TX_JOB_FINDING, 1);
    presult r;
    person_run(&s, 1, &(measure){.k = 1, .mode = M_SWITCH, .other = 0},
               (double[2]){FRAC_IN, FRAC_IN}, &r);
    fit f = fit_ratio(&r.m[0].t, r.link[0], true, INT64_MIN, INT64_MAX);
    printf("entries into B out of A's after-effect: %ld; A's record left after entering: %ld\n",
           r.m[0].sw_entries, r.m[0].sw_left);
    fit_row("job_finding, B ends A's after-effect", "hr B / A", WS_PR_RANDOM, 0.5,
            r.m[0].sw_entries, &f);
    WT_CHECK(r.m[0].sw_entries > 1000);
    WT_EQ_INT(r.m[0].sw_left, 0);
    presult_close(&r);
    ws_scenario_close(&s);
}

/* Two programmes on the same transition, checked month by month: A (k = 0) and B (k = 1), both
 * for the same `who`; offers to those in the other are counted per year and area. */
typedef struct dual {
    int a;
    const ws_scenario *own;
    ident id;
    size_t cap;
    uint8_t *elig;      /* per person: eligible for both before the step */
    long both;          /* person-months in both at once */
    double offer[2][8]; /* per programme and year: eligible persons in the other one
                           (they must have been turned away, and counted) */
    double gone[8];     /* per year: eligible persons who died or left in the month
                           (may or may not have been offered a place) */
} dual;

/* A's places sized for FRAC_IN of its willing in each area, as in the fidelity cases. */
static void dual_start(void *v, ws_scenario *own, const ws_world *w)
{
    ((dual *)v)->own = own;
    pctx sizing = {.frac = {FRAC_IN, 0}};
    pstart(&sizing, own, w);
}

static void dual_before(void *v, ws_world *w, ws_world *base)
{
    dual *x = v;
    ident_take(&x->id, w);
    if (w->pers.n > x->cap) {
        x->cap = 2 * w->pers.n;
        x->elig = grow(x->elig, x->cap, 1);
    }
    const ws_intervention *iv = &x->own->policy.iv[0];
    for (size_t i = 0; i < w->pers.n; i++)
        x->elig[i] = w->pers.alive[i] && who_match(&iv->who, false, w, (int32_t)i);
}

static void dual_after(void *v, ws_world *w, ws_world *base)
{
    dual *x = v;
    int y = (w->month - 1) / 12;
    for (size_t s = 0; s < x->id.np; s++) {
        int32_t i = (int32_t)s;
        int in[2];
        for (int k = 0; k < 2; k++)
            in[k] = ws__iv_record_get(w, i, k, NULL, NULL, NULL) == WS_REC_IN;
        if (w->pers.alive[i]) x->both += in[0] && in[1];
        if (!x->elig[i]) continue;
        if (!same_person(&x->id, w, i)) {
            x->gone[y] += 1;
            continue;
        }
        /* in the other programme at this month's allocation: A allocates first, so whoever is
         * in A now was in A when B allocated; whoever is in B now was in B when A allocated
         * unless B took them this month (then A's allocation found them free) */
        int months = -1;
        bool new_b = in[1] && ws__iv_record_get(w, i, 1, &months, NULL, NULL) && months == 0;
        x->offer[1][y] += in[0];
        x->offer[0][y] += in[1] && !new_b;
    }
}

/* Two programmes on the same transition: nobody is in both at once, and an offer to someone
 * already in the other programme is turned away and counted in `turned_away`. A (job finding,
 * places binding, random) and B (the same people, places for everyone): B offers a place to
 * every eligible person, so its turned_away is exactly the eligible who are in A, month by
 * month (bracketed by those who died or left during a month: whether they were still there
 * when B allocated is not known). A offers its places in random order and turns away those
 * in B it reaches: at least one a year, at most all of them. */
WT_CASE(same_transition_turned_away)
{
    ws_scenario s;
    make_scenario(&s, NULL, 3, 1, 0.05);
    programme(&s, "A", WS_TX_JOB_FINDING, 1.5);
    programme(&s, "B", WS_TX_JOB_FINDING, 1.2)->places_per_year = 1e7;
    dual *ctx = calloc((size_t)s.n_areas, sizeof *ctx);
    WT_CHECK(ctx != NULL);
    for (int a = 0; a < s.n_areas; a++)
        ctx[a].a = a;
    const runner r = {dual_start, dual_before, dual_after, false};
    outputs o;
    simulate(&s, &r, ctx, sizeof *ctx, &o);
    double counted[2] = {0, 0}, want[2] = {0, 0}, gone = 0;
    long both = 0;
    for (int a = 0; a < s.n_areas; a++) {
        dual *x = &ctx[a];
        both += x->both;
        for (int y = 0; y < s.years; y++) {
            double got[2];
            for (int k = 0; k < 2; k++) {
                got[k] = *ws_results_iv_at(&o.opt, WS_IVO_TURNED_AWAY, 0, y, a, k) * s.scale;
                counted[k] += got[k];
                want[k] += x->offer[k][y];
            }
            gone += x->gone[y];
            if (got[1] < x->offer[1][y] - 1e-6 || got[1] > x->offer[1][y] + x->gone[y] + 1e-6)
                WT_FAIL("area %d year %d: B turned away %.0f, in A and eligible %.0f (+ %.0f "
                        "who left)",
                        a, y, got[1], x->offer[1][y], x->gone[y]);
            if (got[0] < 1 || got[0] > x->offer[0][y] + x->gone[y] + 1e-6)
                WT_FAIL("area %d year %d: A turned away %.0f of %.0f in B", a, y, got[0],
                        x->offer[0][y]);
        }
        ident_free(&x->id);
        free(x->elig);
    }
    char n[200];
    snprintf(n, sizeof n,
             "B: %.0f turned away of %.0f eligible in A (+%.0f who left); A: %.0f "
             "of %.0f in B; %ld person-months in both",
             counted[1], want[1], gone, counted[0], want[0], both);
    table_row("turned away (same transition)", "count", "random", want[1], counted[1], want[1],
              want[1] + gone, n);
    WT_EQ_INT(both, 0);
    WT_CHECK(want[1] > 1000);
    outputs_close(&o);
    free(ctx);
    ws_scenario_close(&s);
}

/* ---- Shifts: achievement ------------------------------------------------------------------- */

#define SBIN 0.5 /* width of a starting-score stratum (SD from the area's mean) */

/* One area's part of an achievement case: pupils followed from the month they enter (or, as
 * controls, from the month they wait / refuse) for LEN months. role: 1 participant, 2 control;
 * a pupil is a control once. Each finished pupil adds (stratum, change) to its group. */
typedef struct sctx {
    int a;
    const ws_intervention *iv;
    ident id;
    size_t cap;
    uint8_t *role, *used, *ctl;
    int16_t *left;    /* months still to follow */
    float *z0, *earn; /* starting score; identity */
    size_t n[2], capn[2];
    int64_t *key[2];
    double *z[2], *d[2]; /* starting score and change */
} sctx;

static void sstart(void *v, ws_scenario *own, const ws_world *w)
{
    sctx *x = v;
    ws_intervention *iv = &own->policy.iv[0];
    double pool = 0;
    for (size_t i = 0; i < w->pers.n; i++)
        pool += w->pers.alive[i] && who_match(&iv->who, false, w, (int32_t)i);
    WT_CHECK(pool > 0);
    iv->places_per_year = 12.0 * FRAC_IN * pool * iv->take_up / iv->programme_months / w->scale;
    x->iv = iv;
}

static void sbefore(void *v, ws_world *w, ws_world *base)
{
    sctx *x = v;
    ident_take(&x->id, w);
    if (w->pers.n > x->cap) {
        size_t old = x->cap;
        x->cap = 2 * w->pers.n;
        x->role = grow(x->role, x->cap, 1);
        x->used = grow(x->used, x->cap, 1);
        x->ctl = grow(x->ctl, x->cap, 1);
        x->left = grow(x->left, x->cap, sizeof *x->left);
        x->z0 = grow(x->z0, x->cap, sizeof *x->z0);
        x->earn = grow(x->earn, x->cap, sizeof *x->earn);
        memset(x->role + old, 0, x->cap - old);
        memset(x->used + old, 0, x->cap - old);
    }
    const ws_intervention *iv = x->iv;
    for (size_t s = 0; s < w->pers.n; s++) {
        int32_t i = (int32_t)s;
        x->ctl[i] = iv->priority == WS_PR_RISK && w->pers.alive[i] &&
                    who_match(&iv->who, false, w, i) && refuses(w, i, 0, iv->take_up);
    }
}

static void sadd(sctx *x, int g, int64_t key, double z, double d)
{
    if (x->n[g] == x->capn[g]) {
        x->capn[g] = x->capn[g] ? 2 * x->capn[g] : 1024;
        x->key[g] = grow(x->key[g], x->capn[g], sizeof *x->key[g]);
        x->z[g] = grow(x->z[g], x->capn[g], sizeof *x->z[g]);
        x->d[g] = grow(x->d[g], x->capn[g], sizeof *x->d[g]);
    }
    x->key[g][x->n[g]] = key;
    x->z[g][x->n[g]] = z;
    x->d[g][x->n[g]++] = d;
}

static void safter(void *v, ws_world *w, ws_world *base)
{
    sctx *x = v;
    const ws_persons *p = &w->pers;
    bool random = x->iv->priority == WS_PR_RANDOM;
    /* a refusal holds for the year: a refuser followed into the next year could be chosen
     * then, and being chosen (lowest score first) depends on the score it is followed for, so
     * refusers are followed only over months of one year */
    bool in_year = (w->month - 1) % 12 + LEN <= 12;
    for (size_t s = 0; s < x->id.np; s++) {
        int32_t i = (int32_t)s;
        if (!same_person(&x->id, w, i)) {
            x->role[i] = x->used[i] = 0; /* gone (a new person may take the slot) */
            continue;
        }
        int months = -1;
        int st = ws__iv_record_get(w, i, 0, &months, NULL, NULL);
        if (x->role[i] == 0) {
            double z = x->id.achieve[i];
            if (st == WS_REC_IN && months == 0) {
                x->role[i] = 1;
            } else if (!x->used[i] && (random ? st == WS_REC_WAITING
                                              : st == WS_REC_NONE && x->ctl[i] && in_year)) {
                x->role[i] = 2;
                x->used[i] = 1;
            } else {
                continue;
            }
            x->z0[i] = (float)z;
            x->left[i] = LEN;
        } else if (x->role[i] == 2 && st != WS_REC_WAITING && st != WS_REC_NONE) {
            x->role[i] = 0; /* a control who entered: no longer untreated */
            continue;
        } else if (x->role[i] == 1 && st != WS_REC_IN) {
            WT_FAIL("participant %d left the programme early (state %d)", (int)i, st);
        }
        if (--x->left[i] > 0) continue;
        /* the end of the programme (participants: the month their record is LEN - 1 old) */
        if (x->role[i] == 1) WT_EQ_INT(months, LEN - 1);
        int64_t bin = (int64_t)floor((x->z0[i] - w->area->achievement_z) / SBIN);
        sadd(x, x->role[i] - 1, key_of(x->a, 0, bin), x->z0[i], p->achieve[i] - x->z0[i]);
        x->role[i] = 0;
    }
}

/* An achievement (shift) case: pupils 6-7 in primary school, a programme of LEN months with a
 * shift of `shift` SD held 12 months after; the change of participants' scores over the
 * programme against that of comparable non-participants (the design note) is the shift. The
 * estimate is stratified by area and starting score (SBIN): the participants' mean change
 * less their stratum's control mean, over participants in strata with MIN_CTRL controls; its
 * variance from the pooled within-stratum variances of the two groups. */
static void shift_case(int priority, double shift, double scale, int years)
{
    ws_scenario s;
    make_scenario(&s, NULL, years, 1, scale);
    ws_intervention *iv = add_iv(&s, "achievement", WS_IV_PERSON);
    iv->transition = WS_TX_ACHIEVEMENT;
    who_for(WS_TX_ACHIEVEMENT, &iv->who);
    iv->priority = priority;
    iv->take_up = priority == WS_PR_RISK ? 0.5 : 1;
    iv->effect_type = WS_EF_SHIFT;
    iv->effect.a = shift;
    iv->effect_months = 12;
    iv->programme_months = LEN;
    iv->places_per_year = 1; /* sized per area (sstart) */
    sctx *ctx = calloc((size_t)s.n_areas, sizeof *ctx);
    WT_CHECK(ctx != NULL);
    for (int a = 0; a < s.n_areas; a++)
        ctx[a].a = a;
    const runner r = {sstart, sbefore, safter, false};
    outputs o;
    simulate(&s, &r, ctx, sizeof *ctx, &o);
    outputs_close(&o);
    /* per stratum and group: n, sums of z0, d, z0^2, z0 d, d^2 */
    tally t = {0};
    for (int a = 0; a < s.n_areas; a++)
        for (int g = 0; g < 2; g++)
            for (size_t j = 0; j < ctx[a].n[g]; j++)
                (void)stratum(&t, ctx[a].key[g][j]);
    size_t ns = t.ns;
    double(*m)[2][6] = calloc(ns, sizeof *m);
    WT_CHECK(m != NULL);
    for (int a = 0; a < s.n_areas; a++)
        for (int g = 0; g < 2; g++)
            for (size_t j = 0; j < ctx[a].n[g]; j++) {
                double *q = m[stratum(&t, ctx[a].key[g][j])][g], z = ctx[a].z[g][j],
                       d = ctx[a].d[g][j];
                q[0] += 1, q[1] += z, q[2] += d, q[3] += z * z, q[4] += z * d, q[5] += d * d;
            }
    /* the slope of the change on the starting score within strata, pooled over both groups
     * (it is the drift towards the expected level; the programme adds a constant) */
    double sxx = 0, sxy = 0;
    for (size_t k = 0; k < ns; k++)
        for (int g = 0; g < 2; g++) {
            double *q = m[k][g];
            if (q[0] < 2) continue;
            sxx += q[3] - q[1] * q[1] / q[0];
            sxy += q[4] - q[1] * q[2] / q[0];
        }
    double beta = sxy / sxx;
    /* residual variances of each group around its stratum line */
    double rss[2] = {0, 0}, df[2] = {0, 0};
    for (size_t k = 0; k < ns; k++)
        for (int g = 0; g < 2; g++) {
            double *q = m[k][g];
            if (q[0] < 2) continue;
            double syy = q[5] - q[2] * q[2] / q[0], xy = q[4] - q[1] * q[2] / q[0],
                   xx = q[3] - q[1] * q[1] / q[0];
            rss[g] += syy - 2 * beta * xy + beta * beta * xx;
            df[g] += q[0] - 1;
        }
    double v1 = rss[0] / df[0], v0 = rss[1] / df[1], vp = (rss[0] + rss[1]) / (df[0] + df[1] - 1);
    double np = 0, nc = 0, est = 0, var = 0, left = 0, allp = 0, gap = 0;
    for (size_t k = 0; k < ns; k++) {
        double *q1 = m[k][0], *q0 = m[k][1], n1 = q1[0], n0 = q0[0];
        allp += n1;
        if (n1 == 0) continue;
        if (n0 < MIN_CTRL) {
            left += n1;
            continue;
        }
        double dz = q1[1] / n1 - q0[1] / n0;
        est += n1 * (q1[2] / n1 - q0[2] / n0 - beta * dz);
        var += n1 * v1 + n1 * n1 * v0 / n0;
        gap += n1 * dz;
        np += n1;
        nc += n0;
    }
    est /= np;
    gap /= np;
    var += gap * gap * np * np * vp / sxx; /* the slope's own uncertainty */
    double se = sqrt(var) / np;
    char n[256];
    snprintf(n, sizeof n,
             "%.0f participants (%.0f without controls), %.0f controls; residual "
             "SD %.3f / %.3f; drift slope %.3f, starting-score gap %.3f SD",
             np, left, nc, sqrt(v1), sqrt(v0), beta, gap);
    table_row("achievement", "shift (SD)", priority_name(priority), shift, est, est - Z999 * se,
              est + Z999 * se, n);
    WT_CHECK(np >= 1000 && nc >= 1000 && left < 0.05 * allp);
    within("achievement", shift, est - Z999 * se, est + Z999 * se);
    free(m);
    for (int a = 0; a < s.n_areas; a++) {
        sctx *x = &ctx[a];
        ident_free(&x->id);
        free(x->role);
        free(x->used);
        free(x->ctl);
        free(x->left);
        free(x->z0);
        free(x->earn);
        for (int g = 0; g < 2; g++) {
            free(x->key[g]);
            free(x->z[g]);
            free(x->d[g]);
        }
    }
    free(ctx);
    tally_close(&t);
    ws_scenario_close(&s);
}

WT_CASE(achievement_shift_random)
{
    shift_case(WS_PR_RANDOM, 0.3, 0.25, 3);
}

WT_CASE(achievement_shift_risk)
{
    shift_case(WS_PR_RISK, 0.3, 0.25, 3);
}

/* ---- Place programmes ----------------------------------------------------------------------- */

/* A place case's part for one area: the state before the first month (of the option's world,
 * the same as the baseline's), and what the first month showed. */
typedef struct plx {
    int a;
    const ws_intervention *iv;
    ident id;
    uint8_t *flag0; /* per unit: a state before the step (case by case) */
    float *q0;      /* per dwelling: quality before the step */
    int32_t *set;   /* the dwellings the programme should take, in order */
    size_t n_set;
    int32_t *gone; /* persons of demolished dwellings */
    size_t n_gone;
    double acc0, want; /* an accumulator before the step; the configured value here */
    double v[4];       /* measured: sum, min, max of per-unit values; units */
    double lo, hi;     /* a bracket (ratio cases) */
    long bad;          /* units that break the identity */
} plx;

static void plx_value(plx *x, double v)
{
    if (x->v[3] == 0) x->v[1] = x->v[2] = v;
    x->v[0] += v;
    x->v[1] = v < x->v[1] ? v : x->v[1];
    x->v[2] = v > x->v[2] ? v : x->v[2];
    x->v[3] += 1;
}

/* The first month of every area with and without place programme 0 of s (common random
 * numbers: the same seed, so the two worlds differ only by the programme). setup sizes the
 * programme for the area (its own copy of the policy), pre sees the option's world before the
 * step, post both after it. Place programmes act from their first month, so the first month
 * shows their effect before anything else has diverged. */
static void place_month(ws_scenario *s, void (*setup)(plx *, ws_intervention *, const ws_world *),
                        void (*pre)(plx *, const ws_world *),
                        void (*post)(plx *, const ws_world *, const ws_world *), plx *ctx)
{
    ws_error e;
    if (ws_policy_check(&s->policy, s, &e)) WT_FAIL("policy: %s", e.msg);
    ws_scenario *own = calloc((size_t)s->n_areas, sizeof *own);
    WT_CHECK(own != NULL);
#pragma omp parallel for schedule(dynamic, 1)
    for (int a = 0; a < s->n_areas; a++) {
        int ai = s->area_sel[a];
        ws_world w, b;
        ws_error we;
        own[a] = *s;
        plx *x = &ctx[a];
        x->a = a;
        if (ws__world_init(&w, &s->areas.area[ai], ai, &s->params, s->scale, s->seed, 0, &we) ||
            ws__world_init(&b, &s->areas.area[ai], ai, &s->params, s->scale, s->seed, 0, &we))
            WT_FAIL("area %s: %s", s->areas.area[ai].id, we.msg);
        x->iv = &own[a].policy.iv[0];
        if (setup) setup(x, &own[a].policy.iv[0], &w);
        if (ws__iv_init(&w, &own[a], a, 0)) WT_FAIL("out of memory");
        ident_take(&x->id, &w);
        if (pre) pre(x, &w);
        if (ws__world_step(&w) || ws__world_step(&b)) WT_FAIL("step failed");
        post(x, &w, &b);
        ws__world_close(&w);
        ws__world_close(&b);
    }
    free(own);
}

static void plx_free(plx *ctx, int n)
{
    for (int a = 0; a < n; a++) {
        ident_free(&ctx[a].id);
        free(ctx[a].flag0);
        free(ctx[a].q0);
        free(ctx[a].set);
        free(ctx[a].gone);
    }
    free(ctx);
}

/* A place scenario: every area, one place programme on target t with amount `amount`. */
static ws_intervention *place_scenario(ws_scenario *s, int t, double amount, double scale)
{
    make_scenario(s, NULL, 1, 1, scale);
    ws_intervention *iv = add_iv(s, ws_place_target_name(t), WS_IV_PLACE);
    iv->place_target = t;
    iv->amount_per_year = amount;
    return iv;
}

/* Sums the areas' measurements into one row: the mean of the per-unit values with their
 * range (an identity: every unit gives the configured value, within rounding `tol`). */
static void identity_row(const char *what, const char *kind, double configured, plx *ctx, int na,
                         double tol, const char *unit)
{
    double v[4] = {0, HUGE_VAL, -HUGE_VAL, 0};
    long bad = 0;
    for (int a = 0; a < na; a++) {
        v[0] += ctx[a].v[0];
        v[3] += ctx[a].v[3];
        bad += ctx[a].bad;
        if (ctx[a].v[3] > 0) {
            v[1] = ctx[a].v[1] < v[1] ? ctx[a].v[1] : v[1];
            v[2] = ctx[a].v[2] > v[2] ? ctx[a].v[2] : v[2];
        }
    }
    char n[200];
    snprintf(n, sizeof n,
             "identity over %.0f %s in %d areas (range of the per-unit values); "
             "%ld break it",
             v[3], unit, na, bad);
    table_row(what, kind, "-", configured, v[0] / v[3], v[1], v[2], n);
    WT_CHECK(v[3] > 0);
    WT_EQ_INT(bad, 0);
    within(what, configured, v[1] - tol, v[2] + tol);
    if (v[2] - v[1] > 2 * tol)
        WT_FAIL("%s: per-unit values spread %.3g > %.3g", what, v[2] - v[1], 2 * tol);
}

/* Police: the month's registered offences (acc.offences) of the funded area are the
 * baseline's x effect^(FTE / effect_per), log-linear. */
static void police_pre(plx *x, const ws_world *w)
{
    x->acc0 = w->acc.offences;
}

static void police_post(plx *x, const ws_world *w, const ws_world *b)
{
    double f = (w->acc.offences - x->acc0) / (b->acc.offences - x->acc0);
    WT_CHECK(b->acc.offences > x->acc0);
    plx_value(x, f);
}

WT_CASE(place_police)
{
    ws_scenario s;
    ws_intervention *iv = place_scenario(&s, WS_PL_POLICE, 10, 0.05);
    iv->effect.a = 0.9;
    iv->effect_per = 4; /* x0.9 per 4 FTE: 0.9^2.5 at 10 FTE */
    plx *ctx = calloc((size_t)s.n_areas, sizeof *ctx);
    WT_CHECK(ctx != NULL);
    place_month(&s, NULL, police_pre, police_post, ctx);
    identity_row("police (10 FTE, 0.9/4)", "offences x", pow(0.9, 10.0 / 4), ctx, s.n_areas, 1e-9,
                 "areas");
    plx_free(ctx, s.n_areas);
    ws_scenario_close(&s);
}

/* Cohesion: the target every neighbourhood's cohesion moves to is shifted by the amount, so
 * the first month's difference from the baseline is amount / coh_adjust_months. */
static void cohesion_post(plx *x, const ws_world *w, const ws_world *b)
{
    for (int k = 0; k < w->n_nbh; k++)
        plx_value(x, (w->nbh[k].cohesion - b->nbh[k].cohesion) * w->p->coh_adjust_months);
}

WT_CASE(place_cohesion)
{
    ws_scenario s;
    place_scenario(&s, WS_PL_COHESION, 0.5, 0.05);
    plx *ctx = calloc((size_t)s.n_areas, sizeof *ctx);
    WT_CHECK(ctx != NULL);
    place_month(&s, NULL, NULL, cohesion_post, ctx);
    identity_row("cohesion (+0.5)", "target +", 0.5, ctx, s.n_areas, 1e-9, "neighbourhoods");
    plx_free(ctx, s.n_areas);
    ws_scenario_close(&s);
}

/* School quality: every pupil's expected achievement rises by edu_beta_school x amount, so in
 * the first month a pupil's score moves edu_adjust_rate of that more than in the baseline, and
 * a child starting school starts that much higher. The per-pupil value is the amount this
 * implies (the score is a float: rounding tolerance). */
static void school_pre(plx *x, const ws_world *w)
{
    x->flag0 = grow(NULL, w->pers.n, 1);
    memcpy(x->flag0, w->pers.stage, w->pers.n);
}

static void school_post(plx *x, const ws_world *w, const ws_world *b)
{
    const ws_params *P = w->p;
    for (size_t s = 0; s < x->id.np; s++) {
        int32_t i = (int32_t)s;
        if (!same_person(&x->id, w, i) || !same_person(&x->id, b, i)) continue;
        int am = w->pers.age_m[i], st = x->flag0[i];
        double d = (double)w->pers.achieve[i] - b->pers.achieve[i], per;
        if (st == WS_ST_NONE && am >= 48)
            per = P->edu_beta_school; /* starts school */
        else if ((st == WS_ST_PRIMARY && am < 144) || (st == WS_ST_SECONDARY && am <= 360))
            per = P->edu_beta_school * P->edu_adjust_rate; /* drifts */
        else {
            x->bad += d != 0; /* no achievement this month: unchanged */
            continue;
        }
        /* float scores: the difference is exact to a few units in the last place */
        double tol = 4e-7 * (1 + fabs(w->pers.achieve[i]));
        if (fabs(d - per * x->want) > tol) x->bad++;
        plx_value(x, d / per);
    }
}

static void school_setup(plx *x, ws_intervention *iv, const ws_world *w)
{
    x->want = iv->amount_per_year;
}

WT_CASE(place_school_quality)
{
    ws_scenario s;
    place_scenario(&s, WS_PL_SCHOOL_QUALITY, 0.2, 0.05);
    plx *ctx = calloc((size_t)s.n_areas, sizeof *ctx);
    WT_CHECK(ctx != NULL);
    place_month(&s, school_setup, school_pre, school_post, ctx);
    identity_row("school_quality (+0.2 SD)", "shift (SD)", 0.2, ctx, s.n_areas,
                 4e-7 * 4 / (s.params.edu_beta_school * s.params.edu_adjust_rate), "pupils");
    plx_free(ctx, s.n_areas);
    ws_scenario_close(&s);
}

/* Capacity targets (debt service, care): the programme doubles the area's capacity (its
 * amount is the starting capacity, per area), so in the first month (the same cases in both
 * worlds) the exit hazard is the baseline's x 2^elasticity for every unit at risk. The hazard is
 * bracketed from the keyed draws: an exit means u < hazard, a stay u >= hazard. A small area
 * may see no exit in a world in that month (debt exit is about 1 % a month): its bracket then
 * has no lower or no upper end, and the other areas' bound the ratio (capacity_row). */
#define CAP_K 2.0

static void bracket(double *lo, double *hi, double u, bool exit)
{
    if (exit && u > *lo) *lo = u;
    if (!exit && u < *hi) *hi = u;
}

/* An area's bracket of the hazard ratio: the option's hazard lies in o[0]..o[1] (the largest u
 * of an exit, 0 without one; the smallest u of a stay, 1 without one), the baseline's in
 * bs[0]..bs[1], so their ratio lies in o[0] / bs[1] .. o[1] / bs[0]. Without an exit in the
 * option's world the area gives no lower bound (0), without one in the baseline's no upper
 * bound (infinity). */
static void ratio_bracket(plx *x, const double o[2], const double bs[2])
{
    x->lo = o[0] > 0 && bs[1] > 0 ? o[0] / bs[1] : 0;
    x->hi = bs[0] > 0 ? o[1] / bs[0] : HUGE_VAL;
}

static void debt_setup(plx *x, ws_intervention *iv, const ws_world *w)
{
    iv->amount_per_year = (CAP_K - 1) * w->inst.debt_service / w->scale;
}

static void debt_pre(plx *x, const ws_world *w)
{
    x->flag0 = grow(NULL, w->hh.n, 1);
    memcpy(x->flag0, w->hh.debt, w->hh.n);
    x->set = grow(NULL, w->hh.n, sizeof *x->set); /* heads: to know the household again */
    for (size_t h = 0; h < w->hh.n; h++)
        x->set[h] = w->hh.alive[h] && w->hh.nmem[h] > 0 ? ws__household_head(w, (int32_t)h) : -1;
}

/* Whether household h is the one that was there before the step, in both worlds. */
static bool same_hh_both(const plx *x, const ws_world *w, const ws_world *b, int32_t h)
{
    int32_t i = x->set[h];
    return i >= 0 && same_household(&x->id, w, h) && same_household(&x->id, b, h) &&
           same_person(&x->id, w, i) && same_person(&x->id, b, i) && w->pers.hh[i] == h &&
           b->pers.hh[i] == h;
}

static void debt_post(plx *x, const ws_world *w, const ws_world *b)
{
    double o[2] = {0, 1}, bs[2] = {0, 1};
    uint32_t m = (uint32_t)w->month - 1;
    for (size_t s = 0; s < x->id.nh; s++) {
        int32_t h = (int32_t)s;
        if (!x->flag0[h] || !same_hh_both(x, w, b, h)) continue;
        double u = ws_u01(&w->rng, (uint32_t)h, m, WS_RP_DEBT);
        bracket(&o[0], &o[1], u, !w->hh.debt[h]);
        bracket(&bs[0], &bs[1], u, !b->hh.debt[h]);
        x->v[3] += 1;
    }
    ratio_bracket(x, o, bs);
}

static void care_setup(plx *x, ws_intervention *iv, const ws_world *w)
{
    iv->amount_per_year = (CAP_K - 1) * w->inst.care / w->scale;
}

static void care_pre(plx *x, const ws_world *w)
{
    x->flag0 = grow(NULL, w->pers.n, 1);
    memcpy(x->flag0, w->pers.distress, w->pers.n);
}

static void care_post(plx *x, const ws_world *w, const ws_world *b)
{
    double o[2] = {0, 1}, bs[2] = {0, 1};
    uint32_t m = (uint32_t)w->month - 1;
    for (size_t s = 0; s < x->id.np; s++) {
        int32_t i = (int32_t)s;
        if (!x->flag0[i] || w->pers.age_m[i] < 18 * 12 || !same_person(&x->id, w, i) ||
            !same_person(&x->id, b, i))
            continue;
        double u[4];
        ws_u01x4(&w->rng, (uint32_t)i, m, WS_RP_HEALTH, 0, u);
        bracket(&o[0], &o[1], u[1], !w->pers.distress[i]);
        bracket(&bs[0], &bs[1], u[1], !b->pers.distress[i]);
        x->v[3] += 1;
    }
    ratio_bracket(x, o, bs);
}

/* The row of a capacity case: every area's bracket must hold 2^elasticity (the ratio is the same
 * in every area); the row shows their intersection, which must be bounded on both sides (an
 * area without an exit in a world bounds one side only, see ratio_bracket), so a wrong ratio
 * outside it fails the case. */
static void capacity_row(const char *what, double want, plx *ctx, int na, const char *unit)
{
    double lo = 0, hi = HUGE_VAL, n = 0;
    int one_sided = 0;
    for (int a = 0; a < na; a++) {
        n += ctx[a].v[3];
        one_sided += !(ctx[a].lo > 0 && ctx[a].hi < HUGE_VAL);
        if (!(ctx[a].lo <= want && want <= ctx[a].hi))
            WT_FAIL("%s, area %d: hazard ratio %.4f outside the draws' bracket %.4f..%.4f", what, a,
                    want, ctx[a].lo, ctx[a].hi);
        lo = ctx[a].lo > lo ? ctx[a].lo : lo;
        hi = ctx[a].hi < hi ? ctx[a].hi : hi;
    }
    char note[240];
    snprintf(note, sizeof note,
             "bracket from the keyed draws of %.0f %s at risk in %d areas "
             "(every area's holds it; %d without an exit in a world bound one side only)",
             n, unit, na, one_sided);
    table_row(what, "hr", "-", want, sqrt(lo * hi), lo, hi, note);
    WT_CHECK(lo > 0 && hi < HUGE_VAL);
    within(what, want, lo, hi);
}

WT_CASE(place_debt_service)
{
    ws_scenario s;
    place_scenario(&s, WS_PL_DEBT_SERVICE, 1, 0.2);
    plx *ctx = calloc((size_t)s.n_areas, sizeof *ctx);
    WT_CHECK(ctx != NULL);
    place_month(&s, debt_setup, debt_pre, debt_post, ctx);
    capacity_row("debt_service (x2 capacity)", pow(CAP_K, s.params.debt_service_elast), ctx,
                 s.n_areas, "households");
    plx_free(ctx, s.n_areas);
    ws_scenario_close(&s);
}

WT_CASE(place_care)
{
    ws_scenario s;
    place_scenario(&s, WS_PL_CARE, 1, 0.2);
    plx *ctx = calloc((size_t)s.n_areas, sizeof *ctx);
    WT_CHECK(ctx != NULL);
    place_month(&s, care_setup, care_pre, care_post, ctx);
    capacity_row("care (x2 capacity)", pow(CAP_K, s.params.care_elast), ctx, s.n_areas, "persons");
    plx_free(ctx, s.n_areas);
    ws_scenario_close(&s);
}

/* Dwelling programmes: in the first month exactly amount x scale / 12 dwellings are done
 * (amounts chosen so that is whole), and they are the worst ones by quality (ties: slot;
 * renovation: below the renovated quality; demolition: social rent). Renovated dwellings have
 * the renovated quality (less the month's decay); demolished ones are rebuilt for sale and
 * private rent alternately at new-build quality and their households have left the area;
 * every other dwelling is the baseline's. The per-area value is dwellings done x 12 / scale. */
static const ws_world *g_sort_w;

static int cmp_quality(const void *a, const void *b)
{
    const float *q = g_sort_w ? g_sort_w->dw.quality : NULL;
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    if (q[x] != q[y]) return q[x] < q[y] ? -1 : 1;
    return (x > y) - (x < y);
}

static void dwellings_pre(plx *x, const ws_world *w)
{
    const ws_dwellings *D = &w->dw;
    bool demolish = x->iv->place_target == WS_PL_DEMOLITION_NEWBUILD;
    x->q0 = grow(NULL, D->n, sizeof *x->q0);
    memcpy(x->q0, D->quality, D->n * sizeof *x->q0);
    x->set = grow(NULL, D->n, sizeof *x->set);
    x->n_set = 0;
    for (size_t d = 0; d < D->n; d++)
        if (demolish ? D->tenure[d] == WS_TEN_SOCIAL : D->quality[d] < w->p->dw_renov_quality)
            x->set[x->n_set++] = (int32_t)d;
#pragma omp critical(fidelity_sort)
    {
        g_sort_w = w;
        qsort(x->set, x->n_set, sizeof *x->set, cmp_quality);
        g_sort_w = NULL;
    }
    double n = x->iv->amount_per_year * w->scale / 12;
    WT_CHECK(fabs(n - round(n)) < 1e-9 && x->n_set >= (size_t)n);
    x->n_set = (size_t)round(n);
    x->gone = grow(NULL, w->pers.n, sizeof *x->gone);
    x->n_gone = 0;
    for (size_t j = 0; demolish && j < x->n_set; j++) {
        int32_t h = D->hh[x->set[j]];
        if (h < 0) continue;
        for (int32_t k = 0; k < w->hh.nmem[h]; k++)
            x->gone[x->n_gone++] = w->members[w->hh.first[h] + k];
    }
}

static void dwellings_post(plx *x, const ws_world *w, const ws_world *b)
{
    const ws_dwellings *D = &w->dw;
    const ws_params *P = w->p;
    bool demolish = x->iv->place_target == WS_PL_DEMOLITION_NEWBUILD;
    float decay = (float)(P->dw_decay / 12);
    uint8_t *in = calloc(D->n, 1);
    WT_CHECK(in != NULL);
    for (size_t j = 0; j < x->n_set; j++) {
        int32_t d = x->set[j];
        in[d] = 1;
        float q = (float)(demolish ? P->dw_newbuild_quality : P->dw_renov_quality) - decay;
        x->bad += D->quality[d] != q;
        if (demolish) x->bad += D->tenure[d] != ((j & 1) ? WS_TEN_PRIVATE : WS_TEN_OWNER);
    }
    for (size_t d = 0; d < D->n; d++)
        if (!in[d]) x->bad += D->quality[d] != b->dw.quality[d] || D->tenure[d] != b->dw.tenure[d];
    for (size_t j = 0; j < x->n_gone; j++)
        x->bad += same_person(&x->id, w, x->gone[j]);
    plx_value(x, (double)x->n_set * 12 / w->scale);
    free(in);
}

static void dwellings_case(int target, const char *what)
{
    ws_scenario s;
    place_scenario(&s, target, 600, 0.1); /* 5 dwellings a month in every area */
    plx *ctx = calloc((size_t)s.n_areas, sizeof *ctx);
    WT_CHECK(ctx != NULL);
    place_month(&s, NULL, dwellings_pre, dwellings_post, ctx);
    long hh = 0;
    for (int a = 0; a < s.n_areas; a++)
        hh += (long)ctx[a].n_gone;
    if (target == WS_PL_DEMOLITION_NEWBUILD) {
        printf("residents of demolished dwellings, all gone from the area: %ld\n", hh);
        WT_CHECK(hh > 0);
    }
    identity_row(what, "dwellings/yr", 600, ctx, s.n_areas, 1e-9, "areas");
    plx_free(ctx, s.n_areas);
    ws_scenario_close(&s);
}

WT_CASE(place_renovation)
{
    dwellings_case(WS_PL_RENOVATION, "renovation (600/yr)");
}

WT_CASE(place_demolition_newbuild)
{
    dwellings_case(WS_PL_DEMOLITION_NEWBUILD, "demolition_newbuild (600/yr)");
}

/* Allocation rule: in the share of social lettings to outside households it covers, each
 * applicant without income from work is refused with probability alloc_refuse_p and the next
 * one drawn, up to alloc_tries applicants (the last gets the dwelling). Over a run, per area:
 * the social dwellings let to households from outside this month (in the dwelling since this
 * month, none of its members there before), whether the rule covered the letting (its keyed
 * draw) and whether the newcomers work, and the refusals the month counted. */
typedef struct alx {
    ident id;
    double refused0;
    double cov, unc, nw_cov, nw_unc, refused;
} alx;

static void al_before(void *v, ws_world *w, ws_world *base)
{
    alx *x = v;
    ident_take(&x->id, w);
    x->refused0 = w->acc.refused;
}

static void al_after(void *v, ws_world *w, ws_world *base)
{
    alx *x = v;
    uint32_t m = (uint32_t)w->month - 1;
    const ws_households *H = &w->hh;
    x->refused += w->acc.refused - x->refused0;
    for (size_t s = 0; s < w->dw.n; s++) {
        int32_t d = (int32_t)s, h = w->dw.hh[d];
        if (h < 0 || w->dw.tenure[d] != WS_TEN_SOCIAL || H->res_m[h] != 1) continue;
        bool outside = true, work = false;
        for (int32_t k = 0; k < H->nmem[h]; k++) {
            int32_t i = w->members[H->first[h] + k];
            outside = outside && !same_person(&x->id, w, i);
            work = work || w->pers.labour[i] == WS_LB_EMPLOYED;
        }
        if (!outside) continue;
        bool cov = ws_u01(&w->rng, (uint32_t)d, m, WS_RP_IV_ALLOC) < w->inst.alloc_share;
        *(cov ? &x->cov : &x->unc) += 1;
        *(cov ? &x->nw_cov : &x->nw_unc) += !work;
    }
}

/* The refusal probability: refusals per covered letting are a count truncated at T - 1 with
 * P(R >= j) = r^j, r = (share of applicants without work) x p; the share without work is that
 * of uncovered lettings' newcomers (the same applicants, no rule). Solves the mean for r and
 * gives p = r / share with a delta-method interval (the count's variance from r). */
WT_CASE(place_allocation)
{
    ws_scenario s;
    place_scenario(&s, WS_PL_ALLOCATION, 0.5, 0.1);
    s.years = 2;
    s.params.alloc_refuse_p = 0.6;
    alx *ctx = calloc((size_t)s.n_areas, sizeof *ctx);
    WT_CHECK(ctx != NULL);
    const runner run_ = {NULL, al_before, al_after, false};
    outputs o;
    simulate(&s, &run_, ctx, sizeof *ctx, &o);
    double cov = 0, unc = 0, nwc = 0, nwu = 0, R = 0, counted = 0;
    for (int a = 0; a < s.n_areas; a++) {
        cov += ctx[a].cov;
        unc += ctx[a].unc;
        nwc += ctx[a].nw_cov;
        nwu += ctx[a].nw_unc;
        R += ctx[a].refused;
        for (int y = 0; y < s.years; y++)
            counted += *ws_results_iv_at(&o.opt, WS_IVO_TURNED_AWAY, 0, y, a, 0) * s.scale;
        ident_free(&ctx[a].id);
    }
    int T = (int)s.params.alloc_tries;
    double mean = R / cov, qn = nwu / unc, r = 0.5;
    for (int it = 0; it < 100; it++) { /* Newton on sum_{j=1}^{T-1} r^j = mean */
        double g = 0, dg = 0;
        for (int j = 1; j < T; j++) {
            g += pow(r, j);
            dg += j * pow(r, j - 1);
        }
        double step = (g - mean) / dg;
        r -= step;
        if (r < 1e-9) r = 1e-9;
        if (r > 1 - 1e-9) r = 1 - 1e-9;
        if (fabs(step) < 1e-14) break;
    }
    double e1 = 0, e2 = 0, dg = 0;
    for (int j = 1; j < T; j++) {
        e1 += pow(r, j);
        e2 += (2 * j - 1) * pow(r, j);
        dg += j * pow(r, j - 1);
    }
    double var_r = (e2 - e1 * e1) / cov / (dg * dg), var_q = qn * (1 - qn) / unc;
    double p = r / qn, se = sqrt(var_r / (r * r) + var_q / (qn * qn));
    double lo = p * exp(-Z999 * se), hi = p * exp(Z999 * se);
    /* the newcomers without work the rule lets through: predicted from p and the share */
    double rr = qn * s.params.alloc_refuse_p;
    double pred =
        qn * ((1 - s.params.alloc_refuse_p) * (1 - pow(rr, T - 1)) / (1 - rr) + pow(rr, T - 1));
    printf("outside social lettings: %.0f covered (share %.4f, rule 0.5), %.0f not; without work "
           "among newcomers: %.4f not covered, %.4f covered (%.4f expected from alloc_refuse_p); "
           "refused %.0f (turned_away %.0f)\n",
           cov, cov / (cov + unc), unc, qn, nwc / cov, pred, R, counted);
    char n[200];
    snprintf(n, sizeof n,
             "%.0f refusals in %.0f covered lettings; applicants without work "
             "%.4f (%.0f uncovered lettings)",
             R, cov, qn, unc);
    table_row("allocation (share 0.5)", "refusal p", "-", s.params.alloc_refuse_p, p, lo, hi, n);
    WT_NEAR(counted, R, 1e-6 * R);
    WT_CHECK(R >= 200 && cov >= 200 && unc >= 200);
    within("allocation", s.params.alloc_refuse_p, lo, hi);
    outputs_close(&o);
    free(ctx);
    ws_scenario_close(&s);
}

/* ---- Eligibility on the right unit ------------------------------------------------------------
 */

#define EU_N 5
/* One area's part of the unit case: who was eligible for each programme before the step, and
 * what the months showed. */
typedef struct eux {
    const ws_scenario *own;
    ident id;
    size_t cap;
    uint8_t *elig; /* per person: bit k eligible for programme k before the step */
    int32_t *hh0;  /* per person: household before the step */
    uint8_t *fl0;  /* per person: flags before the step */
    long entrants[EU_N], bad[EU_N];
    long unknown[EU_N]; /* entrants eligible neither before nor after the step whose household
                           or child flag changed in the month: demography (before the
                           allocation) and the housing phase (after it) may both have changed
                           it, so their state at the allocation is not observable here */
    long child_in_debt; /* a child (under 18) in or waiting for a `who = { debt }` place */
    long two_per_hh;    /* household-months with two records of the debt programme */
    long not_head;      /* debt-programme records (in, waiting) of someone not the head */
    long older;         /* head-programme entrants with an older adult who is no child */
    double starts[8], waiting[8], active[8]; /* debt programme, per year: entrants; at the
                                                year's end waiting and in it */
    double gone[8], gone_end[8]; /* eligible for it before a step and gone after (dead, moved
                                    away: they may have entered or waited at the allocation),
                                    in the year and in its last month */
} eux;

static void eu_start(void *v, ws_scenario *own, const ws_world *w)
{
    eux *x = v;
    x->own = own;
    for (int k = 0; k < own->policy.n_interventions; k++) {
        ws_intervention *iv = &own->policy.iv[k];
        double pool = 0;
        for (size_t i = 0; i < w->pers.n; i++)
            pool += w->pers.alive[i] &&
                    who_match(&iv->who, household_tx(iv->transition), w, (int32_t)i);
        WT_CHECK(pool > 0);
        iv->places_per_year = 12.0 * FRAC_IN * pool / iv->programme_months / w->scale;
    }
}

static void eu_before(void *v, ws_world *w, ws_world *base)
{
    eux *x = v;
    ident_take(&x->id, w);
    if (w->pers.n > x->cap) {
        x->cap = 2 * w->pers.n;
        x->elig = grow(x->elig, x->cap, 1);
        x->hh0 = grow(x->hh0, x->cap, sizeof *x->hh0);
        x->fl0 = grow(x->fl0, x->cap, 1);
    }
    memcpy(x->hh0, w->pers.hh, w->pers.n * sizeof *x->hh0);
    memcpy(x->fl0, w->pers.flags, w->pers.n);
    for (size_t s = 0; s < w->pers.n; s++) {
        x->elig[s] = 0;
        for (int k = 0; k < EU_N && w->pers.alive[s]; k++) {
            const ws_intervention *iv = &x->own->policy.iv[k];
            x->elig[s] |=
                (uint8_t)(who_match(&iv->who, household_tx(iv->transition), w, (int32_t)s) << k);
        }
    }
}

/* who_match on the world after the step (ages already a month on; a child born this month
 * is as old in years either way). */
static bool who_after(const ws_selector *sel, bool hh, ws_world *w, int32_t i)
{
    int back = w->pers.age_m[i] > 0;
    w->pers.age_m[i] -= (uint16_t)back;
    bool ok = who_match(sel, hh, w, i);
    w->pers.age_m[i] += (uint16_t)back;
    return ok;
}

static void eu_after(void *v, ws_world *w, ws_world *base)
{
    eux *x = v;
    const ws_persons *p = &w->pers;
    const ws_households *H = &w->hh;
    int y = (w->month - 1) / 12;
    bool year_end = w->month % 12 == 0;
    for (size_t s = 0; s < p->n; s++) {
        int32_t i = (int32_t)s;
        if (!p->alive[i] || p->prog[i] < 0) continue;
        for (int k = 0; k < EU_N; k++) {
            const ws_intervention *iv = &x->own->policy.iv[k];
            bool hh = household_tx(iv->transition);
            int months = -1, st = ws__iv_record_get(w, i, k, &months, NULL, NULL);
            if (st == WS_REC_NONE) continue;
            bool head = ws__household_head(w, p->hh[i]) == i;
            /* selected this month (an entrant, or waiting: a waiting record not selected
             * again ends), at this month's age */
            if (k == 1 && (st == WS_REC_WAITING || (st == WS_REC_IN && months == 0)) &&
                p->age_m[i] < 18 * 12)
                x->child_in_debt++;
            if (k == 0 && (st == WS_REC_IN || st == WS_REC_WAITING) && !head) x->not_head++;
            if (k == 0 && year_end) {
                x->waiting[y] += st == WS_REC_WAITING;
                x->active[y] += st == WS_REC_IN;
            }
            if (st != WS_REC_IN || months != 0) continue;
            x->entrants[k]++;
            if (k == 0) x->starts[y] += 1;
            /* eligible when the programme allocated: before the step or, where the month
             * changed the household (a death, a move), after it */
            bool ok =
                ((size_t)i < x->id.np && same_person(&x->id, w, i) && ((x->elig[i] >> k) & 1)) ||
                who_after(&iv->who, hh, w, i);
            bool changed = (size_t)i >= x->id.np || !same_person(&x->id, w, i) ||
                           x->hh0[i] != p->hh[i] ||
                           ((x->fl0[i] ^ p->flags[i]) & WS_PF_CHILD);
            x->bad[k] += !ok && !changed;
            x->unknown[k] += !ok && changed;
            if (iv->who.member == WS_MB_HEAD) { /* the oldest adult who is no child of it */
                int32_t h = p->hh[i];
                for (int32_t j = 0; j < H->nmem[h]; j++) {
                    int32_t o = w->members[H->first[h] + j];
                    x->older += !(p->flags[o] & WS_PF_CHILD) && p->age_m[o] > p->age_m[i];
                }
            }
        }
    }
    for (size_t s = 0; s < x->id.np; s++)
        if ((x->elig[s] & 1) && !same_person(&x->id, w, (int32_t)s)) {
            x->gone[y] += 1;
            x->gone_end[y] += year_end;
        }
    /* one debt-programme record per household */
    for (size_t h = 0; h < H->n; h++) {
        if (!H->alive[h]) continue;
        int n = 0;
        for (int32_t j = 0; j < H->nmem[h]; j++) {
            int st = ws__iv_record_get(w, w->members[H->first[h] + j], 0, NULL, NULL, NULL);
            n += st == WS_REC_IN || st == WS_REC_WAITING;
        }
        x->two_per_hh += n > 1;
    }
}

/* Household conditions select the right members and household programmes count households:
 * a debt programme (debt_exit, who = { debt = true }) is taken by the head, one record per
 * household, and its participants, waiting list, places and spend count those households; a
 * person programme with who = { debt = true } takes the adults of indebted households (never
 * a child), and who.member = child / head / partner select the children, the head (the oldest
 * member who is not a child of the household) and the other adults. Every entrant met its
 * `who` when it entered. */
WT_CASE(eligibility_units)
{
    ws_scenario s;
    make_scenario(&s, NULL, 2, 1, 0.05);
    static const struct {
        const char *name;
        int tx, member, debt, lowinc;
    } pg[EU_N] = {
        {"debt counselling", WS_TX_DEBT_EXIT, WS_MB_AUTO, 1, -1},
        {"adults of indebted households", WS_TX_HEALTH_DECLINE, WS_MB_AUTO, 1, -1},
        {"children of indebted households", WS_TX_DROPOUT, WS_MB_CHILD, 1, -1},
        {"heads of indebted households", WS_TX_JOB_LOSS, WS_MB_HEAD, 1, -1},
        {"partners in low-income households", WS_TX_LONELY_ONSET, WS_MB_PARTNER, -1, 1},
    };
    for (int k = 0; k < EU_N; k++) {
        ws_intervention *iv = add_iv(&s, pg[k].name, WS_IV_PERSON);
        iv->transition = pg[k].tx;
        iv->who.debt = pg[k].debt;
        iv->who.low_income = pg[k].lowinc;
        iv->who.member = pg[k].member;
        iv->priority = WS_PR_RANDOM;
        iv->programme_months = LEN;
        iv->cost_per_participant = 1000;
        iv->places_per_year = 1; /* sized per area (eu_start) */
    }
    eux *ctx = calloc((size_t)s.n_areas, sizeof *ctx);
    WT_CHECK(ctx != NULL);
    const runner r = {eu_start, eu_before, eu_after, false};
    outputs o;
    simulate(&s, &r, ctx, sizeof *ctx, &o);
    long ent[EU_N] = {0}, bad[EU_N] = {0}, unknown[EU_N] = {0};
    long child = 0, two = 0, not_head = 0, older = 0;
    double d_start = 0, d_wait = 0, d_act = 0, f_start = 0, f_wait = 0, f_act = 0, f_spend = 0,
           f_places = 0, gone = 0, gone_end = 0;
    for (int a = 0; a < s.n_areas; a++) {
        eux *x = &ctx[a];
        for (int k = 0; k < EU_N; k++) {
            ent[k] += x->entrants[k];
            bad[k] += x->bad[k];
            unknown[k] += x->unknown[k];
        }
        child += x->child_in_debt;
        two += x->two_per_hh;
        not_head += x->not_head;
        older += x->older;
        for (int y = 0; y < s.years; y++) {
            double ws_ = s.scale;
            d_start += x->starts[y];
            gone += x->gone[y];
            gone_end += x->gone_end[y];
            /* the file counts at the allocation; the test sees who is still there after it */
            double fs = *ws_results_iv_at(&o.opt, WS_IVO_PARTICIPANTS, 0, y, a, 0) * ws_,
                   fw = *ws_results_iv_at(&o.opt, WS_IVO_WAITING, 0, y, a, 0) * ws_;
            if (fs < x->starts[y] - 1e-6 || fs > x->starts[y] + x->gone[y] + 1e-6 ||
                fw < x->waiting[y] - 1e-6 || fw > x->waiting[y] + x->gone_end[y] + 1e-6)
                WT_FAIL("area %d year %d: entrants %.0f in the file, %.0f heads seen (+%.0f "
                        "gone); waiting %.0f, %.0f seen (+%.0f gone)",
                        a, y, fs, x->starts[y], x->gone[y], fw, x->waiting[y], x->gone_end[y]);
            d_wait += x->waiting[y];
            d_act += x->active[y];
            f_start += *ws_results_iv_at(&o.opt, WS_IVO_PARTICIPANTS, 0, y, a, 0) * ws_;
            f_wait += *ws_results_iv_at(&o.opt, WS_IVO_WAITING, 0, y, a, 0) * ws_;
            f_act += *ws_results_iv_at(&o.opt, WS_IVO_ACTIVE, 0, y, a, 0) * ws_;
            f_places += *ws_results_iv_at(&o.opt, WS_IVO_PLACES, 0, y, a, 0) * ws_;
            for (int q = 0; q < WS_PAY_N; q++)
                f_spend += *ws_results_spend_at(&o.opt, 0, y, a, 0, q) * ws_;
        }
        ident_free(&x->id);
        free(x->elig);
        free(x->hh0);
        free(x->fl0);
    }
    for (int k = 0; k < EU_N; k++)
        printf("%-34s %7ld entrants, %ld who did not meet `who`, %ld not observable (household "
               "changed in the month)\n", pg[k].name, ent[k], bad[k], unknown[k]);
    printf("debt programme: heads entering %.0f (file %.0f; %.0f eligible gone in the months), "
           "waiting at year ends %.0f (file %.0f; %.0f gone), in it %.0f (file %.0f), places "
           "%.0f, spend %.0f (file entrants x 1000: %.0f)\n",
           d_start, f_start, gone, d_wait, f_wait, gone_end, d_act, f_act, f_places, f_spend,
           1000 * f_start);
    printf("children in or waiting for a `who = { debt = true }` place: %ld; household-months "
           "with two debt records: %ld; debt records not of the head: %ld; head entrants with "
           "an older adult: %ld\n",
           child, two, not_head, older);
    char n[200];
    snprintf(n, sizeof n,
             "file's participants against heads seen entering (+ eligible gone "
             "in the month); %ld household-months with two records",
             two);
    table_row("debt_exit entrants", "households", "random", f_start, d_start, d_start,
              d_start + gone, n);
    for (int k = 0; k < EU_N; k++) {
        WT_CHECK(ent[k] >= 100);
        WT_EQ_INT(bad[k], 0);
    }
    WT_EQ_INT(child, 0);
    WT_EQ_INT(two, 0);
    WT_EQ_INT(not_head, 0);
    WT_EQ_INT(older, 0);
    WT_NEAR(f_act, d_act, 1e-6 * (1 + d_act)); /* both at the end of the year */
    WT_NEAR(f_spend, 1000 * f_start, 1e-6 * f_spend);
    WT_CHECK(f_start <= f_places + 1e-6);
    WT_CHECK(d_wait > 0);
    outputs_close(&o);
    free(ctx);
    ws_scenario_close(&s);
}

/* Every transition in transitions.def has its cases above (random and risk): a new transition
 * fails here until it has them. */
WT_CASE(every_transition_covered)
{
    static const int covered[] = {
        WS_TX_JOB_FINDING,    WS_TX_JOB_LOSS,        WS_TX_BIJSTAND_EXIT,  WS_TX_DEBT_EXIT,
        WS_TX_DEBT_ONSET,     WS_TX_DROPOUT,         WS_TX_ACHIEVEMENT,    WS_TX_OFFENDING_ONSET,
        WS_TX_DESISTANCE,     WS_TX_NETWORK_RECRUIT, WS_TX_DISTRESS_ONSET, WS_TX_DISTRESS_RECOVERY,
        WS_TX_HEALTH_DECLINE, WS_TX_LONELY_ONSET,
    };
    bool seen[WS_TX_N] = {false};
    for (size_t j = 0; j < sizeof covered / sizeof covered[0]; j++)
        seen[covered[j]] = true;
    for (int t = 0; t < WS_TX_N; t++)
        if (!seen[t]) WT_FAIL("transition %s has no fidelity case", ws_transition_name(t));
    static const int places[] = {WS_PL_RENOVATION, WS_PL_DEMOLITION_NEWBUILD, WS_PL_POLICE,
                                 WS_PL_COHESION,   WS_PL_SCHOOL_QUALITY,      WS_PL_DEBT_SERVICE,
                                 WS_PL_CARE,       WS_PL_ALLOCATION};
    bool pseen[WS_PL_N] = {false};
    for (size_t j = 0; j < sizeof places / sizeof places[0]; j++)
        pseen[places[j]] = true;
    for (int t = 0; t < WS_PL_N; t++)
        if (!pseen[t]) WT_FAIL("place target %s has no fidelity case", ws_place_target_name(t));
}

WT_MAIN(WT_REG(job_finding_random), WT_REG(job_finding_risk), WT_REG(job_loss_random),
        WT_REG(job_loss_risk), WT_REG(bijstand_exit_random), WT_REG(bijstand_exit_risk),
        WT_REG(debt_exit_random), WT_REG(debt_exit_risk), WT_REG(debt_onset_random),
        WT_REG(debt_onset_risk), WT_REG(dropout_random), WT_REG(dropout_risk),
        WT_REG(offending_onset_random), WT_REG(offending_onset_risk), WT_REG(desistance_random),
        WT_REG(desistance_risk), WT_REG(network_recruitment_random),
        WT_REG(network_recruitment_risk), WT_REG(distress_onset_random),
        WT_REG(distress_onset_risk), WT_REG(distress_recovery_random),
        WT_REG(distress_recovery_risk), WT_REG(health_decline_random), WT_REG(health_decline_risk),
        WT_REG(lonely_onset_random), WT_REG(lonely_onset_risk), WT_REG(desistance_odds_random),
        WT_REG(distress_recovery_odds_risk), WT_REG(modification_by_risk),
        WT_REG(modification_none), WT_REG(job_and_debt_programmes_at_once),
        WT_REG(new_programme_ends_after_effect), WT_REG(same_transition_turned_away),
        WT_REG(achievement_shift_random), WT_REG(achievement_shift_risk), WT_REG(place_police),
        WT_REG(place_cohesion), WT_REG(place_school_quality), WT_REG(place_debt_service),
        WT_REG(place_care), WT_REG(place_renovation), WT_REG(place_demolition_newbuild),
        WT_REG(place_allocation), WT_REG(eligibility_units), WT_REG(every_transition_covered))
