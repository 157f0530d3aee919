/* intervention.c: the intervention engine — budgets become places, places become
 * participants, participants get changed hazards; place programmes change dwellings,
 * neighbourhoods and institutions (include/wijksim/intervention.h).
 *
 * Design:
 *  - Budgets. A package's yearly envelope (by payer, all its areas together) is split over
 *    the areas where its interventions run in proportion to their residents in the area file
 *    (the starting population). The split is fixed, so every area can be simulated on its
 *    own (in parallel, bit-identical for any thread count) and spend never exceeds the
 *    envelope. Money not spent in a year lapses. Each month fixed costs are charged first,
 *    then places or units as far as the money of every paying payer reaches; when the money
 *    runs out, capacity drops for the rest of the year. All money is held in "scaled EUR"
 *    (EUR x scale): one simulated participant stands for 1/scale persons and costs
 *    cost_per_participant scaled EUR.
 *    A yearly policy hook (model.h) may change the split between years: ws__iv_set_shares sets
 *    every area's share from relative weights, serially, before the next year's envelopes are
 *    drawn (month 0), so spend still never exceeds the envelope.
 *  - Allocation (serial, slot order). Eligible persons (selector, not in a programme) draw
 *    take-up once per calendar year (a refusal holds for the year); the willing are ranked by
 *    priority and the first `places` enter; the other willing persons are the waiting list.
 *    RISK ranks by the transition's risk function in the order transitions.def gives it
 *    (highest onset risk first; lowest exit hazard or achievement first; for debt exit and
 *    distress recovery, whose hazards are the same for everyone, the most precarious first).
 *    RANDOM ranks by a keyed uniform, FIRST_COME by months on the waiting list (ties: slot).
 *  - Effects. The effect is drawn once per (seed, replication, intervention) with a key that
 *    does not depend on the area. Completion is drawn at entry; non-completers leave after
 *    half the programme and keep no effect. Completers keep the full effect for
 *    effect_months after the programme, then the effect (log ratio, or shift) halves every
 *    decay_months; the record is cleared after 7 half-lives (< 1 %), when the person becomes
 *    eligible again.
 *  - Spillover (level programmes only). After each year, serially and with every area's
 *    world at hand (ws__iv_spillover), each area's mean level of a programme with spillover s
 *    in that year is passed on: s x level goes to the other areas of the scenario, split over
 *    them by residents (area file). It acts during the whole NEXT year (a one-year lag, so the
 *    areas stay independent inside a year). Capacities (police FTE, debt-service and care
 *    starts) add up: area b gets s x level x residents_b / residents of the others. Shifts
 *    (cohesion points, school SD, allocation logit) are intensities: the person-weighted amount
 *    s x level x residents_a is spread over the others' residents, so every other area gets
 *    the same shift s x level x min(1, residents_a / residents of the others) (never more than
 *    s x level). Received levels are not passed on again. s < 0 (displacement) lowers the
 *    others' level; a capacity (own programmes plus what spilled in) is then floored at
 *    WS_SPILL_FLOOR of its starting capacity: displacement moves crime and demand, it does not
 *    disband the local police team or service (and the model's responses, (capacity /
 *    start)^elasticity, need a capacity > 0: at 0 they switch off and would read as "no
 *    change").
 *  - Random numbers: own purpose codes only (WS_RP_IV_*), so a policy that buys nothing
 *    leaves every other draw, and so every result, exactly as in the baseline.
 */
#include "world.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A slot with its sort key (priority, quality). */
typedef struct keyed {
    double key;
    int32_t slot;
} keyed;

/* Runtime state of one intervention in one area. */
typedef struct ws_iv_rt {
    bool here;              /* runs in this area */
    double effect;          /* drawn effect: ratio (> 0) or shift */
    double log_effect;      /* log of a ratio effect */
    double frac;            /* fraction of a place or dwelling carried to the next month */
    double level;           /* level programmes: current level (real units, unscaled) */
    double last_level;      /* level programmes: mean level of the latest recorded year (real
                               units); what spills over to the other areas next year */
    long waiting;           /* waiting list after the latest allocation */
    /* this year: simulated persons/dwellings; for level programmes the sum of the monthly
     * levels / 12 (the year's mean level, real units); scaled EUR */
    double y_starts, y_places, y_spend[WS_PAY_N];
} ws_iv_rt;

struct ws_iv_state {
    const ws_policy *pol;
    int start_year;         /* calendar year of month 0 */
    bool any_person;        /* a person programme runs here */
    bool any_demolition;
    bool has_target[WS_PL_N]; /* a place programme of this target runs here */
    ws_iv_rt rt[WS_MAX_INTERVENTIONS];
    double share[WS_MAX_PACKAGES];          /* this area's share of each package envelope */
    double pool[WS_MAX_PACKAGES][WS_PAY_N]; /* money left this year, scaled EUR */
    double spill_in[WS_PL_N]; /* level received from the other areas' programmes this year
                                 (real units; set between years by ws__iv_spillover) */
    ws_inst inst0;          /* institutions without the programmes */
    unsigned rebuilt;       /* demolished-and-rebuilt dwellings so far (tenure alternation) */
    keyed *cand;            /* scratch: candidates (persons or dwellings) */
    size_t cap;
};

static double draw_effect(const ws_dist *d, const double u[4])
{
    switch (d->kind) {
    case WS_DIST_NORMAL: return d->a + d->b * ws_normal(u[0], u[1]);
    case WS_DIST_LOGNORMAL: return d->a * exp(d->b * ws_normal(u[0], u[1]));
    case WS_DIST_UNIFORM: return d->a + (d->b - d->a) * u[2];
    default: return d->a;
    }
}

int ws__iv_init(ws_world *w, const ws_scenario *s, int a, uint32_t rep)
{
    const ws_policy *pol = &s->policy;
    if (pol->n_interventions <= 0) return 0;
    struct ws_iv_state *st = calloc(1, sizeof *st);
    if (!st) return WS_ENOMEM;
    st->pol = pol;
    st->start_year = s->start_year;
    st->inst0 = w->inst;
    /* effects: keyed by (seed, rep) and the intervention only, so all areas share them */
    ws_rng er = ws_rng_make(s->seed, rep, 0);
    for (int k = 0; k < pol->n_interventions; k++) {
        const ws_intervention *iv = &pol->iv[k];
        ws_iv_rt *rt = &st->rt[k];
        rt->here = ws_intervention_runs_in(iv, s, a);
        double u[4];
        ws_u01x4(&er, (uint32_t)k, 0, WS_RP_IV_EFFECT, 0, u);
        rt->effect = draw_effect(&iv->effect, u);
        if (iv->kind == WS_IV_PERSON && iv->effect_type != WS_EF_SHIFT) {
            if (rt->effect < 0.01) rt->effect = 0.01; /* a ratio stays > 0 */
            rt->log_effect = log(rt->effect);
        }
        if (!rt->here) continue;
        if (iv->kind == WS_IV_PERSON) {
            st->any_person = true;
            w->iv_txmask |= 1u << iv->transition;
        } else {
            st->has_target[iv->place_target] = true;
            if (iv->place_target == WS_PL_DEMOLITION_NEWBUILD) st->any_demolition = true;
        }
    }
    /* package envelopes: shares by residents (area file) over the areas the package runs in */
    for (int p = 0; p < pol->n_packages; p++) {
        double total = 0;
        bool here = false;
        for (int b = 0; b < s->n_areas; b++) {
            bool in = false;
            for (int k = 0; k < pol->n_interventions && !in; k++)
                in = pol->iv[k].package == p && ws_intervention_runs_in(&pol->iv[k], s, b);
            if (!in) continue;
            total += s->areas.area[s->area_sel[b]].residents;
            if (b == a) here = true;
        }
        st->share[p] = here && total > 0 ? s->areas.area[s->area_sel[a]].residents / total : 0;
    }
    w->iv = st;
    w->iv_free = ws__iv_free;
    w->n_iv = pol->n_interventions;
    return 0;
}

void ws__iv_free(ws_world *w)
{
    if (!w || !w->iv) return;
    free(w->iv->cand);
    free(w->iv);
    w->iv = NULL;
}

/* Effects ---------------------------------------------------------------------------------- */

/* Weight (0..1) of person i's effect now, 0 when it has none. */
static double effect_weight(const ws_world *w, const ws_intervention *iv, int32_t i)
{
    int t = w->pers.prog_m[i], len = iv->programme_months;
    bool done = (w->pers.prog_f[i] & WS_PG_COMPLETER) != 0;
    if (t < len) return done || t < (len + 1) / 2 ? 1.0 : 0.0;
    if (!done) return 0;
    double after = t - len;
    if (after < iv->effect_months) return 1;
    if (iv->decay_months <= 0) return 0;
    return exp2(-(after - iv->effect_months) / iv->decay_months);
}

static double apply_effect(const ws_iv_rt *rt, const ws_intervention *iv, double wt, double h)
{
    if (wt <= 0) return h;
    switch (iv->effect_type) {
    case WS_EF_SHIFT: return h + wt * rt->effect;
    case WS_EF_ODDS_RATIO: {
        double p = h < 0 ? 0 : h > 0.999999 ? 0.999999 : h;
        double odds = p / (1 - p) * (wt == 1 ? rt->effect : exp(wt * rt->log_effect));
        return odds / (1 + odds);
    }
    default: return h * (wt == 1 ? rt->effect : exp(wt * rt->log_effect));
    }
}

double ws__iv_apply_slow(const ws_world *w, int32_t i, int tx, double h)
{
    const struct ws_iv_state *st = w->iv;
    if (!st) return h;
    int k = w->pers.prog[i] - 1;
    const ws_intervention *iv = &st->pol->iv[k];
    if (iv->transition != tx) return h;
    return apply_effect(&st->rt[k], iv, effect_weight(w, iv, i), h);
}

double ws__iv_apply_hh_slow(const ws_world *w, int32_t hh, int tx, double h)
{
    const ws_households *H = &w->hh;
    for (int32_t j = 0; j < H->nmem[hh]; j++) {
        int32_t i = w->members[H->first[hh] + j];
        int k = w->pers.prog[i] - 1;
        if (k >= 0 && w->iv->pol->iv[k].transition == tx) return ws__iv_apply_slow(w, i, tx, h);
    }
    return h;
}

/* Allocation --------------------------------------------------------------------------------- */

static bool tri_ok(int want, int have)
{
    return want < 0 || (want != 0) == (have != 0);
}

/* Does person i match selector s? */
static bool selected(const ws_world *w, const ws_selector *s, int32_t i)
{
    const ws_persons *p = &w->pers;
    int age = p->age_m[i] / 12;
    if (age < s->age_min || age > s->age_max) return false;
    if (s->sex >= 0 && p->sex[i] != s->sex) return false;
    if (s->labour_mask && !(s->labour_mask & (1u << p->labour[i]))) return false;
    if (s->stage_mask && !(s->stage_mask & (1u << p->stage[i]))) return false;
    if (s->track_mask && !(s->track_mask & (1u << p->track[i]))) return false;
    int32_t h = p->hh[i];
    if (s->tenure_mask && !(s->tenure_mask & (1u << w->dw.tenure[w->hh.dwelling[h]])))
        return false;
    return tri_ok(s->low_income, w->hh.lowinc[h]) && tri_ok(s->bijstand, w->hh.bijstand[h]) &&
           tri_ok(s->debt, w->hh.debt[h]) && tri_ok(s->offender, p->offender[i]) &&
           tri_ok(s->network, p->network[i]) && tri_ok(s->distress, p->distress[i]) &&
           tri_ok(s->good_health, p->health[i]) && tri_ok(s->lonely, p->lonely[i]) &&
           tri_ok(s->no_qualification, p->attain[i] < WS_AT_MID);
}

/* Risk functions and orders of the transitions (transitions.def): priority RISK sorts by
 * rank x risk (ascending = first served). */
typedef double (*risk_fn)(const ws_world *w, int32_t i);
static const risk_fn g_risk[WS_TX_N] = {
#define WS_TRANSITION(id, lua, effect, rank, fn, unit, doc) fn,
#include "wijksim/transitions.def"
#undef WS_TRANSITION
};
static const int g_rank[WS_TX_N] = {
#define WS_TRANSITION(id, lua, effect, rank, fn, unit, doc) rank,
#include "wijksim/transitions.def"
#undef WS_TRANSITION
};

/* Sort key for priority RISK (ascending = first served). */
static double risk_key(const ws_world *w, int tx, int32_t i)
{
    return g_rank[tx] * g_risk[tx](w, i);
}

static int cmp_keyed(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    if (x->key < y->key) return -1;
    if (x->key > y->key) return 1;
    return (x->slot > y->slot) - (x->slot < y->slot);
}

/* The largest total amount (scaled EUR) iv's paying payers can still cover together, each its
 * share (the scarcest payer decides); HUGE_VAL when iv has no package. */
static double affordable(const struct ws_iv_state *st, const ws_intervention *iv)
{
    if (iv->package < 0) return HUGE_VAL;
    double best = HUGE_VAL;
    for (int q = 0; q < WS_PAY_N; q++) {
        double sh = ws_intervention_share(iv, q);
        if (sh <= 0) continue;
        double can = st->pool[iv->package][q] / sh;
        if (can < best) best = can;
    }
    return best < 0 ? 0 : best;
}

/* Charges amount (scaled EUR) to iv's payers and records it as spend. */
static void charge(struct ws_iv_state *st, int k, double amount)
{
    const ws_intervention *iv = &st->pol->iv[k];
    for (int q = 0; q < WS_PAY_N; q++) {
        double sh = ws_intervention_share(iv, q);
        if (sh <= 0) continue;
        if (iv->package >= 0) {
            st->pool[iv->package][q] -= amount * sh;
            if (st->pool[iv->package][q] < 0) st->pool[iv->package][q] = 0; /* rounding */
        }
        st->rt[k].y_spend[q] += amount * sh;
    }
}

/* Pays the monthly fixed cost of intervention k; false when the money does not reach. */
static bool pay_fixed(struct ws_iv_state *st, int k, double scale)
{
    const ws_intervention *iv = &st->pol->iv[k];
    double fixed = iv->fixed_cost_per_year * scale / 12;
    if (fixed <= 0) return true;
    double can = affordable(st, iv);
    if (can < fixed * (1 - 1e-12)) {
        charge(st, k, can); /* what is left goes to overheads; nothing is delivered */
        return false;
    }
    charge(st, k, fixed);
    return true;
}

/* Units (places, dwellings) this month: capacity with its carried fraction, then the money.
 * cap_year <= 0 means no capacity limit (budget only). */
static long units_this_month(struct ws_iv_state *st, int k, double cap_year, double ramp,
                             double unit_cost, double scale)
{
    ws_iv_rt *rt = &st->rt[k];
    double n_money = unit_cost > 0 ? floor(affordable(st, &st->pol->iv[k]) / unit_cost + 1e-9)
                                   : HUGE_VAL;
    if (cap_year <= 0) return n_money > 1e9 ? 1000000000L : (long)n_money;
    double avail = rt->frac + cap_year * scale / 12 * ramp;
    double n_cap = floor(avail + 1e-9);
    if (n_money < n_cap) {
        rt->frac = 0; /* money-bound: nothing carries over */
        return (long)n_money;
    }
    rt->frac = avail - n_cap;
    if (rt->frac < 0) rt->frac = 0;
    return (long)n_cap;
}

static int reserve(struct ws_iv_state *st, size_t n)
{
    if (n <= st->cap) return 0;
    size_t nc = st->cap ? st->cap : 1024;
    while (nc < n) nc *= 2;
    keyed *c = realloc(st->cand, nc * sizeof *c);
    if (!c) return WS_ENOMEM;
    st->cand = c;
    st->cap = nc;
    return 0;
}

/* Person programme k this month: places, the willing in priority order, entries. */
static int allocate(ws_world *w, int k, double ramp)
{
    struct ws_iv_state *st = w->iv;
    const ws_intervention *iv = &st->pol->iv[k];
    ws_iv_rt *rt = &st->rt[k];
    ws_persons *p = &w->pers;
    uint32_t m = (uint32_t)w->month;
    long n = pay_fixed(st, k, w->scale)
                 ? units_this_month(st, k, iv->places_per_year, ramp, iv->cost_per_participant,
                                    w->scale)
                 : 0;
    rt->y_places += (double)n;
    if (reserve(st, p->n)) return WS_ENOMEM;
    keyed *c = st->cand;
    size_t nc = 0;
    for (size_t s = 0; s < p->n; s++) {
        int32_t i = (int32_t)s;
        if (!p->alive[i] || p->prog[i] || !selected(w, &iv->who, i)) continue;
        /* take-up: one draw per person, intervention and year (a refusal holds for the year) */
        if (iv->take_up < 1 &&
            ws_u32_to_u01(ws_rng_block(&w->rng, (uint32_t)i, m / 12, WS_RP_IV_TAKEUP,
                                       (uint32_t)k).v[0]) >= iv->take_up)
            continue;
        double key;
        switch (iv->priority) {
        case WS_PR_RISK: key = risk_key(w, iv->transition, i); break;
        case WS_PR_FIRST_COME: key = -(double)p->wait_m[i]; break;
        default:
            key = ws_u32_to_u01(ws_rng_block(&w->rng, (uint32_t)i, m, WS_RP_IV_ORDER,
                                             (uint32_t)k).v[0]);
        }
        c[nc].key = key;
        c[nc].slot = i;
        nc++;
    }
    size_t take = (size_t)n < nc ? (size_t)n : nc;
    if (take < nc) qsort(c, nc, sizeof *c, cmp_keyed); /* else everyone gets a place */
    for (size_t j = 0; j < nc; j++) {
        int32_t i = c[j].slot;
        if (j < take) {
            double u = ws_u32_to_u01(ws_rng_block(&w->rng, (uint32_t)i, m, WS_RP_IV_COMPLETE,
                                                  (uint32_t)k).v[0]);
            p->prog[i] = (uint8_t)(k + 1);
            p->prog_m[i] = 0;
            p->prog_f[i] = u < iv->completion ? WS_PG_COMPLETER : 0;
            p->wait_m[i] = 0;
        } else {
            p->prog_f[i] |= WS_PG_WAITED;
        }
    }
    if (take) charge(st, k, (double)take * iv->cost_per_participant);
    rt->y_starts += (double)take;
    rt->waiting = (long)(nc - take);
    return 0;
}

/* Advances every programme record one month and clears those whose effect is over. */
static void advance_persons(ws_world *w)
{
    ws_persons *p = &w->pers;
    const ws_policy *pol = w->iv->pol;
    for (size_t s = 0; s < p->n; s++) {
        if (!p->prog[s]) continue;
        if (!p->alive[s]) {
            p->prog[s] = 0;
            continue;
        }
        const ws_intervention *iv = &pol->iv[p->prog[s] - 1];
        if (p->prog_m[s] < 65535) p->prog_m[s]++;
        int t = p->prog_m[s], len = iv->programme_months;
        bool done = (p->prog_f[s] & WS_PG_COMPLETER) != 0;
        double end = !done ? (len + 1) / 2
                           : len + iv->effect_months + 7 * iv->decay_months;
        if (t >= end) {
            p->prog[s] = 0;
            p->prog_m[s] = 0;
            p->prog_f[s] = 0;
        }
    }
}

/* Waiting months: +1 for persons on a waiting list this month, 0 for everyone else. */
static void update_waiting(ws_world *w)
{
    ws_persons *p = &w->pers;
    for (size_t s = 0; s < p->n; s++) {
        if (!p->prog[s] && (p->prog_f[s] & WS_PG_WAITED)) {
            if (p->wait_m[s] < 255) p->wait_m[s]++;
            p->prog_f[s] = 0;
        } else {
            p->wait_m[s] = 0;
        }
    }
}

/* Place programmes ----------------------------------------------------------------------- */

/* Up to n dwellings with the lowest quality (ties: slot) among those with quality < below
 * (social rent only when social_only), into st->cand; returns how many. */
static size_t lowest_dwellings(ws_world *w, size_t n, double below, bool social_only)
{
    struct ws_iv_state *st = w->iv;
    const ws_dwellings *D = &w->dw;
    long hist[102] = {0};
    for (size_t d = 0; d < D->n; d++) {
        if (D->quality[d] >= below || (social_only && D->tenure[d] != WS_TEN_SOCIAL)) continue;
        int b = (int)D->quality[d];
        hist[b < 0 ? 0 : b > 100 ? 101 : b]++;
    }
    long cum = 0;
    int top = 0;
    while (top < 101 && cum + hist[top] < (long)n) cum += hist[top++];
    keyed *c = st->cand;
    size_t nc = 0;
    for (size_t d = 0; d < D->n; d++) {
        if (D->quality[d] >= below || (social_only && D->tenure[d] != WS_TEN_SOCIAL)) continue;
        int b = (int)D->quality[d];
        if ((b < 0 ? 0 : b > 100 ? 101 : b) > top) continue;
        c[nc].key = D->quality[d];
        c[nc].slot = (int32_t)d;
        nc++;
    }
    qsort(c, nc, sizeof *c, cmp_keyed);
    return nc < n ? nc : n;
}

/* The household in dwelling d moves out of the area (its dwelling is demolished). */
static void move_out(ws_world *w, int32_t d)
{
    ws_households *H = &w->hh;
    int32_t h = w->dw.hh[d];
    if (h < 0) return;
    w->acc.moves_out++;
    w->acc.inc_out += H->income[h];
    for (int32_t j = 0; j < H->nmem[h]; j++) ws__person_free(w, w->members[H->first[h] + j]);
    H->nmem[h] = 0;
    ws__household_free(w, h);
}

/* Dwelling programme k (renovation, demolition and new build) this month. Returns whether
 * households moved out (the index must be rebuilt). */
static bool dwellings(ws_world *w, int k, double ramp)
{
    struct ws_iv_state *st = w->iv;
    const ws_intervention *iv = &st->pol->iv[k];
    const ws_params *P = w->p;
    ws_iv_rt *rt = &st->rt[k];
    if (!pay_fixed(st, k, w->scale)) return false;
    long n = units_this_month(st, k, iv->amount_per_year > 0 ? iv->amount_per_year : 0, ramp,
                              iv->cost_per_unit, w->scale);
    if (iv->amount_per_year <= 0) n = 0;
    rt->y_places += (double)n;
    if (n <= 0 || reserve(st, w->dw.n)) return false;
    bool demolish = iv->place_target == WS_PL_DEMOLITION_NEWBUILD;
    size_t got = demolish ? lowest_dwellings(w, (size_t)n, 101, true)
                          : lowest_dwellings(w, (size_t)n, P->dw_renov_quality, false);
    const keyed *c = st->cand;
    bool moved = false;
    for (size_t j = 0; j < got; j++) {
        int32_t d = c[j].slot;
        if (demolish) {
            if (w->dw.hh[d] >= 0) moved = true;
            move_out(w, d);
            /* rebuilt for sale and private rent, alternately */
            w->dw.tenure[d] = (st->rebuilt++ & 1) ? WS_TEN_PRIVATE : WS_TEN_OWNER;
            w->dw.quality[d] = 95;
        } else {
            w->dw.quality[d] = (float)P->dw_renov_quality;
        }
    }
    charge(st, k, (double)got * iv->cost_per_unit);
    rt->y_starts += (double)got;
    return moved;
}

/* Level programme k (police, cohesion, school quality, debt service, care, allocation):
 * its level this month (real units) as far as the money reaches. */
static void level(ws_world *w, int k, bool on, double ramp)
{
    struct ws_iv_state *st = w->iv;
    const ws_intervention *iv = &st->pol->iv[k];
    ws_iv_rt *rt = &st->rt[k];
    rt->level = 0;
    if (!on || !pay_fixed(st, k, w->scale)) return;
    double lv = iv->amount_per_year * ramp;
    double cost = fabs(lv) * iv->cost_per_unit * w->scale / 12;
    if (cost > 0) {
        double can = affordable(st, iv);
        if (can < cost) {
            lv *= can / cost;
            cost = can;
        }
        charge(st, k, cost);
    }
    rt->level = lv;
    rt->y_places += iv->amount_per_year * ramp / 12;
    rt->y_starts += lv / 12;
}

/* Lowest share of its starting capacity that displacement can leave an institution. */
#define WS_SPILL_FLOOR 0.5

/* x, or WS_SPILL_FLOOR x start when x is below that (bit for bit x otherwise). */
static double spill_floor(double x, double start)
{
    double lo = WS_SPILL_FLOOR * start;
    return x < lo ? lo : x;
}

/* Does place target t act as a level (not a dwelling programme)? */
static bool is_level(int t)
{
    return ws_place_target_get(t)->form != WS_PLF_DWELLINGS;
}

int ws__phase_interventions(ws_world *w)
{
    struct ws_iv_state *st = w->iv;
    if (!st) return 0;
    const ws_policy *pol = st->pol;
    int year = st->start_year + w->month / 12, moy = w->month % 12;
    if (moy == 0)
        for (int p = 0; p < pol->n_packages; p++) {
            const ws_package *pk = &pol->pk[p];
            bool on = year >= pk->start_year && year <= pk->end_year;
            for (int q = 0; q < WS_PAY_N; q++)
                st->pool[p][q] = on ? pk->budget_per_year[q] * st->share[p] * w->scale : 0;
        }
    if (st->any_person) advance_persons(w);
    bool moved = false;
    double lv[WS_PL_N] = {0};
    for (int t = 0; t < WS_PL_N; t++)
        if (st->spill_in[t] != 0) lv[t] = st->spill_in[t]; /* other areas' (last year) */
    for (int k = 0; k < pol->n_interventions; k++) {
        ws_iv_rt *rt = &st->rt[k];
        if (!rt->here) continue;
        const ws_intervention *iv = &pol->iv[k];
        bool on = year >= iv->start_year && year <= iv->end_year;
        double ramp = 1;
        if (iv->ramp_up_years > 0) {
            double since = (year - iv->start_year) * 12 + moy + 1;
            ramp = since / (12 * iv->ramp_up_years);
            if (ramp > 1) ramp = 1;
        }
        if (iv->kind == WS_IV_PERSON) {
            rt->waiting = 0;
            if (!on) continue;
            int rc = allocate(w, k, ramp);
            if (rc) return rc;
        } else if (!is_level(iv->place_target)) {
            if (on) moved |= dwellings(w, k, ramp);
        } else {
            level(w, k, on, ramp);
            lv[iv->place_target] += rt->level;
        }
    }
    if (st->any_person) update_waiting(w);
    /* institutions and shifts (place_targets.def): the starting value plus the programmes'
     * levels (capacities in simulated units, floored for displacement; programmes alone are
     * >= 0, so never floored) */
    const ws_inst *i0 = &st->inst0;
#define WS_PLACE_DWELLINGS(id, lua, unit, doc)
#define WS_PLACE_LEVEL(id, lua, form, field, negative, unit, doc)                                  \
    if (st->has_target[WS_PL_##id])                                                               \
        w->inst.field = form == WS_PLF_CAPACITY                                                  \
                            ? spill_floor(i0->field + lv[WS_PL_##id] * w->scale, i0->field)      \
                            : i0->field + lv[WS_PL_##id];
#include "wijksim/place_targets.def"
#undef WS_PLACE_DWELLINGS
#undef WS_PLACE_LEVEL
    if (moved && (ws__world_index(w) || ws__world_dissolve_orphans(w))) return WS_ENOMEM;
    return 0;
}

/* Outputs --------------------------------------------------------------------------------- */

void ws__iv_record(ws_world *w, ws_results *out, int rep, int y, int a)
{
    struct ws_iv_state *st = w->iv;
    if (!st) return;
    const ws_policy *pol = st->pol;
    bool write = out && out->n_iv == pol->n_interventions && out->iv && out->spend;
    long active[WS_MAX_INTERVENTIONS] = {0};
    if (write && st->any_person)
        for (size_t s = 0; s < w->pers.n; s++) {
            int k = w->pers.prog[s] - 1;
            if (k >= 0 && w->pers.alive[s] && w->pers.prog_m[s] < pol->iv[k].programme_months)
                active[k]++;
        }
    double inv = 1.0 / w->scale;
    for (int k = 0; write && k < pol->n_interventions; k++) {
        const ws_intervention *iv = &pol->iv[k];
        const ws_iv_rt *rt = &st->rt[k];
        bool lvl = iv->kind == WS_IV_PLACE && is_level(iv->place_target);
        double f = lvl ? 1 : inv;
        *ws_results_iv_at(out, WS_IVO_PARTICIPANTS, rep, y, a, k) = rt->here ? rt->y_starts * f : 0;
        *ws_results_iv_at(out, WS_IVO_PLACES, rep, y, a, k) = rt->here ? rt->y_places * f : 0;
        *ws_results_iv_at(out, WS_IVO_ACTIVE, rep, y, a, k) =
            !rt->here ? 0 : lvl ? rt->level : (double)active[k] * inv;
        *ws_results_iv_at(out, WS_IVO_WAITING, rep, y, a, k) =
            rt->here ? (double)rt->waiting * inv : 0;
        for (int q = 0; q < WS_PAY_N; q++)
            *ws_results_spend_at(out, rep, y, a, k, q) = rt->y_spend[q] * inv;
    }
    for (int k = 0; k < pol->n_interventions; k++) {
        ws_iv_rt *rt = &st->rt[k];
        /* a level programme's y_starts is its mean level in the year (real units) */
        if (pol->iv[k].kind == WS_IV_PLACE && is_level(pol->iv[k].place_target))
            rt->last_level = rt->here ? rt->y_starts : 0;
        rt->y_starts = rt->y_places = 0;
        for (int q = 0; q < WS_PAY_N; q++) rt->y_spend[q] = 0;
    }
}

/* Spillover ------------------------------------------------------------------------------- */

void ws__iv_spillover(ws_world *worlds, int na, const ws_scenario *s)
{
    const ws_policy *pol = &s->policy;
    bool any = false;
    for (int k = 0; k < pol->n_interventions; k++)
        any |= pol->iv[k].kind == WS_IV_PLACE && is_level(pol->iv[k].place_target) &&
               pol->iv[k].spillover != 0;
    if (!any) return;
    double total = 0;
    for (int a = 0; a < na; a++) total += s->areas.area[s->area_sel[a]].residents;
    for (int b = 0; b < na; b++)
        if (worlds[b].iv) memset(worlds[b].iv->spill_in, 0, sizeof worlds[b].iv->spill_in);
    /* serial, fixed order (k, source a, receiver b): the same sums for any thread count */
    for (int k = 0; k < pol->n_interventions; k++) {
        const ws_intervention *iv = &pol->iv[k];
        if (iv->kind != WS_IV_PLACE || !is_level(iv->place_target) || iv->spillover == 0)
            continue;
        int t = iv->place_target;
        bool capacity = ws_place_target_get(t)->form == WS_PLF_CAPACITY;
        for (int a = 0; a < na; a++) {
            const struct ws_iv_state *src = worlds[a].iv;
            if (!src || !src->rt[k].here || src->rt[k].last_level == 0) continue;
            double res_a = s->areas.area[s->area_sel[a]].residents;
            double others = total - res_a;
            if (!(others > 0)) continue; /* no other area: nothing to spill into */
            double amount = iv->spillover * src->rt[k].last_level;
            double ratio = res_a / others;
            double shift = amount * (ratio < 1 ? ratio : 1);
            for (int b = 0; b < na; b++) {
                if (b == a || !worlds[b].iv) continue;
                double res_b = s->areas.area[s->area_sel[b]].residents;
                worlds[b].iv->spill_in[t] += capacity ? amount * res_b / others : shift;
            }
        }
    }
    for (int b = 0; b < na; b++)
        for (int t = 0; worlds[b].iv && t < WS_PL_N; t++)
            if (worlds[b].iv->spill_in[t] != 0) worlds[b].iv->has_target[t] = true; /* sticky */
}

/* Envelope weights (yearly policy hooks) ------------------------------------------------- */

void ws__iv_set_shares(ws_world *worlds, int na, const ws_budget_weights *bw)
{
    for (int p = 0; p < bw->n_packages; p++) {
        double total = 0;
        for (int b = 0; b < na; b++) {
            size_t i = (size_t)p * (size_t)na + (size_t)b;
            if (bw->in[i]) total += bw->weight[i];
        }
        for (int b = 0; b < na; b++) {
            if (!worlds[b].iv) continue;
            size_t i = (size_t)p * (size_t)na + (size_t)b;
            worlds[b].iv->share[p] = bw->in[i] && total > 0 ? bw->weight[i] / total : 0;
        }
    }
}
