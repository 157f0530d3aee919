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
 *    cost_per_participant scaled EUR. The plan (capacity x ramp) and what the money bought
 *    are both recorded, so a shortfall shows.
 *    A yearly policy hook (model.h) may change the split between years: ws__iv_set_shares sets
 *    every area's share from relative weights, serially, before the next year's envelopes are
 *    drawn (month 0), so spend still never exceeds the envelope.
 *  - Programme records. A person may hold several records at once, one per intervention it
 *    waits for, is in or still benefits from: a record is WAITING, IN the programme, or AFTER
 *    it (carrying the effect). Records live in a pool (struct-of-arrays, no per-person heap
 *    object) chained per person from pers.prog. At most one programme acts on a transition at
 *    a time: a person IN a programme on a transition is turned away from the others on the same
 *    transition (counted), and entering one ends the after-effect of an earlier one on it.
 *    A record ends when its person dies or leaves, a non-completer leaves the programme (at half
 *    its length), or the effect has faded below 2^-iv_clear_halflives.
 *  - Units. A transition is a person's or a household's (transitions.def). A household
 *    programme (debt) is taken by the household's head, one place per household, and acts on
 *    the household's hazard; household conditions in `who` (low_income, bijstand, debt) select
 *    the household's adults unless who.member says otherwise.
 *  - Allocation (serial, slot order). Eligible persons draw take-up once per calendar year (a
 *    refusal holds for the year); the willing are ranked by priority and the first `places`
 *    enter; those turned away by a conflict do not use a place; the other willing persons
 *    wait. RISK ranks by the transition's risk function in the order transitions.def gives it;
 *    RANDOM ranks by a keyed uniform; FIRST_COME by months waiting for this programme (ties:
 *    slot). A person does not re-enter a programme while its full effect lasts.
 *  - Effects. The effect is drawn once per (seed, replication, intervention) with a key that
 *    does not depend on the area. Completion is drawn at entry; non-completers leave after
 *    half the programme, with the effect while in it and nothing after. Completers keep the
 *    full effect for effect_months after the programme, then the log ratio halves every
 *    decay_months. A ratio effect is the same for every participant unless effect_by_risk > 0:
 *    then a participant's log ratio is scaled by (mean risk of the willing candidates / own
 *    risk)^effect_by_risk at entry (the transition's risk function; within iv_mod_cap either
 *    way), so that with 1 the absolute change, not the ratio, is about the same for everyone.
 *    A shift effect on a score (achievement) is delivered, not only aimed at: ws__iv_shift
 *    gives the phase the gain that raises the score by the shift over the programme.
 *  - Place programmes. Dwelling programmes renovate or demolish-and-rebuild the worst
 *    dwellings. Level programmes act on a ws_inst field by their form (place_targets.def):
 *    capacities and shifts add their level, a ratio target (police) adds
 *    level / effect_per x log(effect) to the log factor on offences, a rule (allocation) adds
 *    its share of covered lettings (the housing phase refuses newcomers without income from
 *    work there; refusals are this programme's turned_away).
 *  - Spillover (level programmes only, not rules). After each year, serially and with every
 *    area's world at hand (ws__iv_spillover), each area's mean level of a programme with
 *    spillover s in that year is passed on: s x level goes to the other areas of the scenario,
 *    split over them by residents (area file). It acts during the whole NEXT year (a one-year
 *    lag, so the areas stay independent inside a year). Capacities (debt-service and care
 *    starts) add up: area b gets s x level x residents_b / residents of the others. Shifts and
 *    ratios (cohesion points, school SD, the log factor on offences) are intensities: the
 *    person-weighted amount s x level x residents_a is spread over the others' residents, so
 *    every other area gets the same s x level x min(1, residents_a / residents of the others)
 *    (never more than s x level). Received levels are not passed on again. s < 0
 *    (displacement) lowers the others' level; a capacity (own programmes plus what spilled in)
 *    is then floored at iv_spill_floor of its starting capacity: displacement moves demand, it
 *    does not disband a service (and the model's responses, (capacity / start)^elasticity,
 *    need a capacity > 0).
 *  - Random numbers: own purpose codes only (WS_RP_IV_*), so a policy that buys nothing
 *    leaves every other draw, and so every result, exactly as in the baseline.
 */
#include "world.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A slot with its sort key (priority, quality), and whether a conflict turns it away. */
typedef struct keyed {
    double key;
    int32_t slot;
    int32_t conflict; /* 1: in another programme on the same transition (turned away) */
} keyed;

/* Record states. */
enum { REC_FREE, REC_WAIT, REC_IN, REC_AFTER };
/* Record flags. */
enum { RF_COMPLETER = 1, RF_SEEN = 2 };

/* The programme records of an area (see the design note): struct-of-arrays, free slots on a
 * stack, each used record chained from its person's pers.prog. */
typedef struct ws_recs {
    size_t n, cap;          /* slots in use (high-water mark) and allocated */
    int32_t *next;          /* next record of the same person, -1 last */
    int32_t *person;        /* person slot */
    uint8_t *iv;            /* intervention index */
    uint8_t *state;         /* REC_* */
    uint8_t *flags;         /* RF_* */
    uint16_t *m;            /* WAIT: months waiting; IN/AFTER: months since the start (0 in the
                               month of entry) */
    float *mod;             /* effect modifier: the log ratio is multiplied by it (1: as drawn) */
    int32_t *free;          /* stack of free slots */
    size_t n_free;
} ws_recs;

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
    double y_starts, y_places, y_planned, y_turned, y_spend[WS_PAY_N];
} ws_iv_rt;

struct ws_iv_state {
    const ws_policy *pol;
    const ws_scenario *scen; /* the scenario (the envelope split reads its areas) */
    int slot;               /* this area's slot in the scenario */
    bool hooked;            /* a policy hook set the shares (ws__iv_set_shares): keep them */
    int start_year;         /* calendar year of month 0 */
    bool any_person;        /* a person programme runs here */
    bool has_target[WS_PL_N]; /* a place programme of this target runs here */
    ws_iv_rt rt[WS_MAX_INTERVENTIONS];
    double share[WS_MAX_PACKAGES];          /* this area's share of each package envelope */
    double pool[WS_MAX_PACKAGES][WS_PAY_N]; /* money left this year, scaled EUR */
    double spill_in[WS_PL_N]; /* level received from the other areas' programmes this year
                                 (in the target's own terms, see level_terms; set between years
                                 by ws__iv_spillover) */
    ws_inst inst0;          /* institutions without the programmes */
    unsigned rebuilt;       /* demolished-and-rebuilt dwellings so far (tenure alternation) */
    ws_recs rec;            /* programme records */
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

static int check_records(const ws_world *w, ws_error *e);

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
        if (iv->effect_type != WS_EF_SHIFT) {
            /* a ratio stays > 0 */
            if (rt->effect < w->p->iv_ratio_floor) rt->effect = w->p->iv_ratio_floor;
            rt->log_effect = log(rt->effect);
        }
        if (!rt->here) continue;
        if (iv->kind == WS_IV_PERSON) {
            st->any_person = true;
            w->iv_txmask |= 1u << iv->transition;
        } else {
            st->has_target[iv->place_target] = true;
        }
    }
    st->scen = s;
    st->slot = a;
    w->iv = st;
    w->iv_free = ws__iv_free;
    w->iv_check = check_records;
    w->n_iv = pol->n_interventions;
    return 0;
}

void ws__iv_free(ws_world *w)
{
    if (!w || !w->iv) return;
    ws_recs *r = &w->iv->rec;
    free(r->next);
    free(r->person);
    free(r->iv);
    free(r->state);
    free(r->flags);
    free(r->m);
    free(r->mod);
    free(r->free);
    free(w->iv->cand);
    free(w->iv);
    w->iv = NULL;
}

/* Programme records ---------------------------------------------------------------------- */

/* A free record slot (the arrays grow by doubling); -1 when out of memory. */
static int32_t rec_slot(ws_recs *r)
{
    if (r->n_free) return r->free[--r->n_free];
    if (r->n == r->cap) {
        size_t nc = r->cap ? 2 * r->cap : 256;
#define GROW(f)                                                                                    \
    do {                                                                                           \
        void *np_ = realloc(r->f, nc * sizeof *r->f);                                              \
        if (!np_) return -1;                                                                       \
        r->f = np_;                                                                                \
    } while (0)
        GROW(next);
        GROW(person);
        GROW(iv);
        GROW(state);
        GROW(flags);
        GROW(m);
        GROW(mod);
        GROW(free);
#undef GROW
        r->cap = nc;
    }
    return (int32_t)r->n++;
}

/* A new record of person i for intervention k in `state`, first in i's chain; -1 when out of
 * memory. */
static int32_t rec_add(ws_world *w, int32_t i, int k, int state)
{
    ws_recs *r = &w->iv->rec;
    int32_t x = rec_slot(r);
    if (x < 0) return -1;
    r->person[x] = i;
    r->iv[x] = (uint8_t)k;
    r->state[x] = (uint8_t)state;
    r->flags[x] = 0;
    r->m[x] = 0;
    r->mod[x] = 1;
    r->next[x] = w->pers.prog[i];
    w->pers.prog[i] = x;
    return x;
}

/* Unlinks record x from person i's chain (when it is there) and frees its slot. */
static void rec_drop(ws_world *w, int32_t i, int32_t x)
{
    ws_recs *r = &w->iv->rec;
    for (int32_t *at = &w->pers.prog[i]; *at >= 0; at = &r->next[*at])
        if (*at == x) {
            *at = r->next[x];
            break;
        }
    r->state[x] = REC_FREE;
    r->free[r->n_free++] = x;
}

/* Whether record x is in person i's chain (a slot reused by a new person starts a new chain). */
static bool rec_owned(const ws_world *w, int32_t i, int32_t x)
{
    const ws_recs *r = &w->iv->rec;
    for (int32_t y = w->pers.prog[i]; y >= 0; y = r->next[y])
        if (y == x) return true;
    return false;
}

/* Person i's record for intervention k, -1 none. */
static int32_t rec_of(const ws_world *w, int32_t i, int k)
{
    const ws_recs *r = &w->iv->rec;
    for (int32_t x = w->pers.prog[i]; x >= 0; x = r->next[x])
        if (r->iv[x] == k) return x;
    return -1;
}

/* Person i's record in `state` for any intervention on transition tx other than k (k < 0:
 * any), -1 none. */
static int32_t rec_on(const ws_world *w, int32_t i, int tx, int state, int k)
{
    const struct ws_iv_state *st = w->iv;
    const ws_recs *r = &st->rec;
    for (int32_t x = w->pers.prog[i]; x >= 0; x = r->next[x])
        if (r->state[x] == state && r->iv[x] != k && st->pol->iv[r->iv[x]].transition == tx)
            return x;
    return -1;
}

int ws__iv_record_get(const ws_world *w, int32_t i, int k, int *months, bool *completer,
                      double *mod)
{
    if (!w->iv || w->pers.prog[i] < 0) return WS_REC_NONE;
    const ws_recs *r = &w->iv->rec;
    int32_t x = rec_of(w, i, k);
    if (x < 0) return WS_REC_NONE;
    if (months) *months = r->m[x];
    if (completer) *completer = (r->flags[x] & RF_COMPLETER) != 0;
    if (mod) *mod = r->mod[x];
    return r->state[x] == REC_WAIT ? WS_REC_WAITING : r->state[x] == REC_IN ? WS_REC_IN
                                                                             : WS_REC_AFTER;
}

int ws__iv_record_set(ws_world *w, int32_t i, int k, int state, int months, bool completer)
{
    if (!w->iv || k < 0 || k >= w->n_iv || state < WS_REC_WAITING || state > WS_REC_AFTER)
        return WS_EINPUT;
    int32_t x = w->pers.prog[i] >= 0 ? rec_of(w, i, k) : -1;
    if (x >= 0) rec_drop(w, i, x);
    static const uint8_t map[] = {REC_FREE, REC_WAIT, REC_IN, REC_AFTER};
    if ((x = rec_add(w, i, k, map[state])) < 0) return WS_ENOMEM;
    w->iv->rec.m[x] = (uint16_t)months;
    w->iv->rec.flags[x] = completer ? RF_COMPLETER : 0;
    return 0;
}

/* The world check's part (w->iv_check): every chain holds used records of its own person, no
 * cycle, at most one record per intervention and at most one IN record per transition. */
static int check_records(const ws_world *w, ws_error *e)
{
    const struct ws_iv_state *st = w->iv;
    const ws_recs *r = &st->rec;
    for (size_t i = 0; i < w->pers.n; i++) {
        if (!w->pers.alive[i]) continue;
        uint32_t seen_iv[(WS_MAX_INTERVENTIONS + 31) / 32] = {0}, in_tx = 0;
        size_t len = 0;
        for (int32_t x = w->pers.prog[i]; x >= 0; x = r->next[x]) {
            if ((size_t)x >= r->n || r->state[x] == REC_FREE || r->person[x] != (int32_t)i ||
                r->iv[x] >= st->pol->n_interventions || ++len > r->n)
                return ws_error_set(e, WS_ERUNTIME, NULL, 0, NULL,
                                    "person %zu has a broken programme record %d", i, (int)x);
            int k = r->iv[x], tx = st->pol->iv[k].transition;
            if (seen_iv[k / 32] & (1u << (k % 32)))
                return ws_error_set(e, WS_ERUNTIME, NULL, 0, NULL,
                                    "person %zu holds two records of intervention %d", i, k);
            seen_iv[k / 32] |= 1u << (k % 32);
            if (r->state[x] == REC_IN) {
                if (in_tx & (1u << tx))
                    return ws_error_set(e, WS_ERUNTIME, NULL, 0, NULL,
                                        "person %zu is in two programmes on transition %s", i,
                                        ws_transition_name(tx));
                in_tx |= 1u << tx;
            }
        }
    }
    return 0;
}

/* Effects ---------------------------------------------------------------------------------- */

/* Weight (0..1) of record x's ratio effect now (t: its months since the start), 0 when it
 * has none. */
static double effect_weight(const ws_intervention *iv, int t, bool completer)
{
    int len = iv->programme_months;
    if (t < len) return completer || t < (len + 1) / 2 ? 1.0 : 0.0;
    if (!completer) return 0;
    double after = t - len;
    if (after < iv->effect_months) return 1;
    if (iv->decay_months <= 0) return 0;
    return exp2(-(after - iv->effect_months) / iv->decay_months);
}

static double apply_ratio(const ws_iv_rt *rt, const ws_intervention *iv, double wt, double mod,
                          double h)
{
    if (wt <= 0) return h;
    double f = wt == 1 && mod == 1 ? rt->effect : exp(wt * mod * rt->log_effect);
    if (iv->effect_type == WS_EF_ODDS_RATIO) {
        double p = h < 0 ? 0 : h > 0.999999 ? 0.999999 : h;
        double odds = p / (1 - p) * f;
        return odds / (1 + odds);
    }
    return h * f;
}

double ws__iv_apply_slow(const ws_world *w, int32_t i, int tx, double h)
{
    const struct ws_iv_state *st = w->iv;
    if (!st) return h;
    const ws_recs *r = &st->rec;
    for (int32_t x = w->pers.prog[i]; x >= 0; x = r->next[x]) {
        if (r->state[x] == REC_WAIT) continue;
        int k = r->iv[x];
        const ws_intervention *iv = &st->pol->iv[k];
        if (iv->transition != tx || iv->effect_type == WS_EF_SHIFT) continue;
        double wt = effect_weight(iv, r->m[x], (r->flags[x] & RF_COMPLETER) != 0);
        return apply_ratio(&st->rt[k], iv, wt, r->mod[x], h);
    }
    return h;
}

double ws__iv_apply_hh_slow(const ws_world *w, int32_t hh, int tx, double h)
{
    const ws_households *H = &w->hh;
    for (int32_t j = 0; j < H->nmem[hh]; j++) {
        int32_t i = w->members[H->first[hh] + j];
        if (w->pers.prog[i] < 0) continue;
        if (rec_on(w, i, tx, REC_IN, -1) >= 0 || rec_on(w, i, tx, REC_AFTER, -1) >= 0)
            return ws__iv_apply_slow(w, i, tx, h);
    }
    return h;
}

/* Gain (share of the shift) t months after the start: rising linearly over the programme,
 * then held and halving as a ratio effect's weight; a non-completer's ends where they leave. */
static double gain_at(const ws_intervention *iv, int t, bool completer)
{
    int len = iv->programme_months;
    if (t <= 0) return 0;
    if (!completer && t >= (len + 1) / 2) return 0;
    if (t < len) return (double)t / len;
    return effect_weight(iv, t, true);
}

void ws__iv_shift(const ws_world *w, int32_t i, int tx, double *now, double *next)
{
    *now = *next = 0;
    const struct ws_iv_state *st = w->iv;
    if (!st || !(w->iv_txmask & (1u << tx)) || w->pers.prog[i] < 0) return;
    const ws_recs *r = &st->rec;
    for (int32_t x = w->pers.prog[i]; x >= 0; x = r->next[x]) {
        if (r->state[x] == REC_WAIT) continue;
        int k = r->iv[x];
        const ws_intervention *iv = &st->pol->iv[k];
        if (iv->transition != tx || iv->effect_type != WS_EF_SHIFT) continue;
        bool done = (r->flags[x] & RF_COMPLETER) != 0;
        *now = st->rt[k].effect * gain_at(iv, r->m[x], done);
        *next = st->rt[k].effect * gain_at(iv, r->m[x] + 1, done);
        return;
    }
}

/* Allocation --------------------------------------------------------------------------------- */

static bool tri_ok(int want, int have)
{
    return want < 0 || (want != 0) == (have != 0);
}

/* Whether person i is the member selector s asks for in its household (who.member; a
 * household transition always asks for the head). */
static bool member_ok(const ws_world *w, const ws_selector *s, bool household, int32_t i)
{
    int m = household ? WS_MB_HEAD : s->member;
    if (m == WS_MB_AUTO)
        m = s->low_income >= 0 || s->bijstand >= 0 || s->debt >= 0 ? WS_MB_ADULT : WS_MB_ANY;
    const ws_persons *p = &w->pers;
    switch (m) {
    case WS_MB_ADULT: return p->age_m[i] >= 18 * 12;
    case WS_MB_CHILD: return (p->flags[i] & WS_PF_CHILD) != 0;
    case WS_MB_HEAD: return ws__household_head(w, p->hh[i]) == i;
    case WS_MB_PARTNER:
        return !(p->flags[i] & WS_PF_CHILD) && p->age_m[i] >= 18 * 12 &&
               ws__household_head(w, p->hh[i]) != i;
    default: return true;
    }
}

/* Does person i match selector s? */
static bool selected(const ws_world *w, const ws_selector *s, bool household, int32_t i)
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
           tri_ok(s->no_qualification, p->attain[i] < WS_AT_MID) &&
           member_ok(w, s, household, i);
}

/* Risk functions and orders of the transitions (transitions.def): priority RISK sorts by
 * rank x risk (ascending = first served). */
typedef double (*risk_fn)(const ws_world *w, int32_t i);
static const risk_fn g_risk[WS_TX_N] = {
#define WS_TRANSITION(id, lua, effect, takes, rank, fn, unit, doc) fn,
#include "wijksim/transitions.def"
#undef WS_TRANSITION
};
static const int g_rank[WS_TX_N] = {
#define WS_TRANSITION(id, lua, effect, takes, rank, fn, unit, doc) rank,
#include "wijksim/transitions.def"
#undef WS_TRANSITION
};

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
 * cap_year <= 0 means no capacity limit (budget only). Adds the plan to y_planned. */
static long units_this_month(struct ws_iv_state *st, int k, double cap_year, double ramp,
                             double unit_cost, double scale)
{
    ws_iv_rt *rt = &st->rt[k];
    double n_money = unit_cost > 0 ? floor(affordable(st, &st->pol->iv[k]) / unit_cost + 1e-9)
                                   : HUGE_VAL;
    if (cap_year <= 0) return n_money > 1e9 ? 1000000000L : (long)n_money;
    rt->y_planned += cap_year * scale / 12 * ramp;
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

/* Effect modifier of a participant of iv with risk ri when the willing candidates' mean risk is
 * mean (effect_by_risk; 1 when it is 0 or a risk is not positive). */
static float modifier(const ws_world *w, const ws_intervention *iv, double ri, double mean)
{
    if (iv->effect_by_risk <= 0 || iv->effect_type == WS_EF_SHIFT || !(ri > 0) || !(mean > 0))
        return 1;
    double cap = w->p->iv_mod_cap, m = pow(mean / ri, iv->effect_by_risk);
    return (float)(m > cap ? cap : m < 1 / cap ? 1 / cap : m);
}

/* Person i enters programme k (record x waiting for it, or -1): its after-effect on the same
 * transition ends and its waiting for other programmes on it stops; completion is drawn.
 * Returns 0 or WS_ENOMEM. */
static int enter(ws_world *w, int k, int32_t i, int32_t x, float mod)
{
    struct ws_iv_state *st = w->iv;
    const ws_intervention *iv = &st->pol->iv[k];
    ws_recs *r = &st->rec;
    for (int32_t y = w->pers.prog[i], nx; y >= 0; y = nx) {
        nx = r->next[y];
        if (y != x && st->pol->iv[r->iv[y]].transition == iv->transition &&
            (r->state[y] == REC_AFTER || r->state[y] == REC_WAIT))
            rec_drop(w, i, y);
    }
    if (x < 0 && (x = rec_add(w, i, k, REC_IN)) < 0) return WS_ENOMEM;
    uint32_t m = (uint32_t)w->month;
    double u = ws_u32_to_u01(
        ws_rng_block(&w->rng, (uint32_t)i, m, WS_RP_IV_COMPLETE, (uint32_t)k).v[0]);
    r->state[x] = REC_IN;
    r->m[x] = 0;
    r->flags[x] = u < iv->completion ? RF_COMPLETER : 0;
    r->mod[x] = mod;
    return 0;
}

/* Person programme k this month: places, the willing in priority order, entries, waiting. */
static int allocate(ws_world *w, int k, double ramp)
{
    struct ws_iv_state *st = w->iv;
    const ws_intervention *iv = &st->pol->iv[k];
    ws_iv_rt *rt = &st->rt[k];
    ws_persons *p = &w->pers;
    ws_recs *r = &st->rec;
    uint32_t m = (uint32_t)w->month;
    int tx = iv->transition;
    bool household = ws_transition_get(tx)->takes == WS_TXW_HOUSEHOLD;
    bool want_risk = iv->priority == WS_PR_RISK || iv->effect_by_risk > 0;
    long n = pay_fixed(st, k, w->scale)
                 ? units_this_month(st, k, iv->places_per_year, ramp, iv->cost_per_participant,
                                    w->scale)
                 : 0;
    rt->y_places += (double)n;
    if (reserve(st, p->n)) return WS_ENOMEM;
    keyed *c = st->cand;
    size_t nc = 0;
    double risk_sum = 0;
    long risk_n = 0;
    for (size_t s = 0; s < p->n; s++) {
        int32_t i = (int32_t)s;
        if (!p->alive[i] || !selected(w, &iv->who, household, i)) continue;
        int32_t own = p->prog[i] >= 0 ? rec_of(w, i, k) : -1;
        if (own >= 0 && r->state[own] == REC_IN) continue; /* a participant already */
        if (own >= 0 && r->state[own] == REC_AFTER &&
            r->m[own] < iv->programme_months + iv->effect_months)
            continue; /* no re-entry while the full effect lasts */
        /* take-up: one draw per person, intervention and year (a refusal holds for the year) */
        if (iv->take_up < 1 &&
            ws_u32_to_u01(ws_rng_block(&w->rng, (uint32_t)i, m / 12, WS_RP_IV_TAKEUP,
                                       (uint32_t)k).v[0]) >= iv->take_up)
            continue;
        bool busy = p->prog[i] >= 0 && rec_on(w, i, tx, REC_IN, k) >= 0;
        double key, risk = 0;
        if (want_risk) {
            risk = g_risk[tx](w, i);
            risk_sum += risk;
            risk_n++;
        }
        switch (iv->priority) {
        case WS_PR_RISK: key = g_rank[tx] * risk; break;
        case WS_PR_FIRST_COME: key = own >= 0 && r->state[own] == REC_WAIT ? -(double)r->m[own] : 0;
            break;
        default:
            key = ws_u32_to_u01(ws_rng_block(&w->rng, (uint32_t)i, m, WS_RP_IV_ORDER,
                                             (uint32_t)k).v[0]);
        }
        c[nc].key = key;
        c[nc].slot = i;
        c[nc].conflict = busy;
        nc++;
    }
    double mean_risk = risk_n ? risk_sum / (double)risk_n : 0;
    qsort(c, nc, sizeof *c, cmp_keyed);
    long left = n, taken = 0, waiting = 0;
    for (size_t j = 0; j < nc; j++) {
        int32_t i = c[j].slot;
        int32_t own = p->prog[i] >= 0 ? rec_of(w, i, k) : -1;
        if (c[j].conflict) {
            if (left > 0) rt->y_turned += 1; /* offered a place, but in another programme */
            if (own >= 0 && r->state[own] == REC_WAIT) rec_drop(w, i, own);
            continue;
        }
        if (left > 0) {
            float mod = want_risk ? modifier(w, iv, g_risk[tx](w, i), mean_risk) : 1;
            if (enter(w, k, i, own >= 0 && r->state[own] == REC_WAIT ? own : -1, mod))
                return WS_ENOMEM;
            left--;
            taken++;
            continue;
        }
        /* waits: a record counting its months (a new one starts at 1, as after one month) */
        if (own < 0) {
            if ((own = rec_add(w, i, k, REC_WAIT)) < 0) return WS_ENOMEM;
        } else if (r->state[own] == REC_AFTER) {
            continue; /* past the full effect: eligible again, not yet waiting */
        }
        if (r->m[own] < 65535) r->m[own]++;
        r->flags[own] |= RF_SEEN;
        waiting++;
    }
    /* waiting for k without a break: a record not seen this month ends */
    for (size_t x = 0; x < r->n; x++) {
        if (r->state[x] != REC_WAIT || r->iv[x] != k) continue;
        if (r->flags[x] & RF_SEEN)
            r->flags[x] &= (uint8_t)~RF_SEEN;
        else if (p->alive[r->person[x]] && rec_owned(w, r->person[x], (int32_t)x))
            rec_drop(w, r->person[x], (int32_t)x);
    }
    if (taken) charge(st, k, (double)taken * iv->cost_per_participant);
    rt->y_starts += (double)taken;
    rt->waiting = waiting;
    return 0;
}

/* Advances every programme record one month; ends those of persons gone, of non-completers at
 * half the programme, and of effects faded out. */
static void advance_records(ws_world *w)
{
    struct ws_iv_state *st = w->iv;
    ws_recs *r = &st->rec;
    const ws_policy *pol = st->pol;
    double halflives = w->p->iv_clear_halflives;
    for (size_t s = 0; s < r->n; s++) {
        int32_t x = (int32_t)s, i = r->person[x];
        if (r->state[x] == REC_FREE) continue;
        if (!w->pers.alive[i] || !rec_owned(w, i, x)) { /* gone; a reused slot starts anew */
            if (w->pers.alive[i]) { /* the slot's new person has its own chain: just free */
                r->state[x] = REC_FREE;
                r->free[r->n_free++] = x;
            } else {
                rec_drop(w, i, x);
            }
            continue;
        }
        if (r->state[x] == REC_WAIT) continue; /* counted by allocate */
        const ws_intervention *iv = &pol->iv[r->iv[x]];
        if (r->m[x] < 65535) r->m[x]++;
        int t = r->m[x], len = iv->programme_months;
        bool done = (r->flags[x] & RF_COMPLETER) != 0;
        double end = !done ? (len + 1) / 2 : len + iv->effect_months + halflives * iv->decay_months;
        if (t >= end)
            rec_drop(w, i, x);
        else if (t >= len)
            r->state[x] = REC_AFTER;
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
        c[nc].conflict = 0;
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
            w->dw.quality[d] = (float)P->dw_newbuild_quality;
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
    rt->y_planned += iv->amount_per_year * ramp / 12;
    rt->y_places += iv->amount_per_year * ramp / 12;
    rt->y_starts += lv / 12;
}

/* Level lv of programme iv in the terms its target's field adds up (place_targets.def): the
 * level itself, or for a ratio target the log factor it gives (lv / effect_per x log effect). */
static double level_terms(const ws_intervention *iv, const ws_iv_rt *rt, double lv)
{
    if (ws_place_target_get(iv->place_target)->form == WS_PLF_RATIO)
        return lv / iv->effect_per * rt->log_effect;
    return lv;
}

/* x, or iv_spill_floor x start when x is below that (bit for bit x otherwise). */
static double spill_floor(const ws_world *w, double x, double start)
{
    double lo = w->p->iv_spill_floor * start;
    return x < lo ? lo : x;
}

/* Does place target t act as a level (not a dwelling programme)? */
static bool is_level(int t)
{
    return ws_place_target_get(t)->form != WS_PLF_DWELLINGS;
}

/* This area's share of each package's envelope in year `year`: the scenario's split
 * (ws_policy_split: planned spend, or residents when nothing is planned). 0 or WS_ENOMEM. */
static int split_shares(ws_world *w, int year)
{
    struct ws_iv_state *st = w->iv;
    const ws_scenario *s = st->scen;
    double *wt = malloc((size_t)s->n_areas * sizeof *wt);
    if (!wt) return WS_ENOMEM;
    for (int p = 0; p < st->pol->n_packages; p++) {
        double total = ws_policy_split(st->pol, s, p, year, wt);
        st->share[p] = total > 0 ? wt[st->slot] / total : 0;
    }
    free(wt);
    return 0;
}

int ws__phase_interventions(ws_world *w)
{
    struct ws_iv_state *st = w->iv;
    if (!st) return 0;
    const ws_policy *pol = st->pol;
    int year = st->start_year + w->month / 12, moy = w->month % 12;
    if (moy == 0) {
        if (!st->hooked && pol->n_packages > 0 && split_shares(w, year)) return WS_ENOMEM;
        for (int p = 0; p < pol->n_packages; p++) {
            const ws_package *pk = &pol->pk[p];
            bool on = year >= pk->start_year && year <= pk->end_year;
            for (int q = 0; q < WS_PAY_N; q++)
                st->pool[p][q] = on ? pk->budget_per_year[q] * st->share[p] * w->scale : 0;
        }
    }
    if (st->any_person) advance_records(w);
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
            lv[iv->place_target] += level_terms(iv, rt, rt->level);
        }
    }
    /* institutions (place_targets.def): the starting value plus the programmes' levels
     * (capacities in simulated units, floored for displacement; programmes alone are >= 0, so
     * never floored); a rule's shares cover at most every letting */
    const ws_inst *i0 = &st->inst0;
#define WS_PLACE_DWELLINGS(id, lua, unit, doc)
#define WS_PLACE_LEVEL(id, lua, form, field, negative, unit, doc)                                  \
    if (st->has_target[WS_PL_##id]) {                                                             \
        double v_ = form == WS_PLF_CAPACITY ? spill_floor(w, i0->field + lv[WS_PL_##id] * w->scale, \
                                                          i0->field)                              \
                                             : i0->field + lv[WS_PL_##id];                       \
        w->inst.field = form == WS_PLF_RULE && v_ > 1 ? 1 : v_;                                   \
    }
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
    const ws_recs *r = &st->rec;
    bool write = out && out->n_iv == pol->n_interventions && out->iv && out->spend;
    long active[WS_MAX_INTERVENTIONS] = {0};
    for (size_t x = 0; write && x < r->n; x++)
        if (r->state[x] == REC_IN && w->pers.alive[r->person[x]] &&
            rec_owned(w, r->person[x], (int32_t)x))
            active[r->iv[x]]++;
    /* households an allocation rule refused: the rule programmes' in proportion to their share */
    double rule_total = 0;
    for (int k = 0; k < pol->n_interventions; k++)
        if (st->rt[k].here && pol->iv[k].kind == WS_IV_PLACE &&
            ws_place_target_get(pol->iv[k].place_target)->form == WS_PLF_RULE)
            rule_total += st->rt[k].y_starts;
    double inv = 1.0 / w->scale;
    for (int k = 0; write && k < pol->n_interventions; k++) {
        const ws_intervention *iv = &pol->iv[k];
        const ws_iv_rt *rt = &st->rt[k];
        bool lvl = iv->kind == WS_IV_PLACE && is_level(iv->place_target);
        bool rule = lvl && ws_place_target_get(iv->place_target)->form == WS_PLF_RULE;
        double f = lvl ? 1 : inv;
        double turned = rule ? (rule_total > 0 ? w->acc.refused * rt->y_starts / rule_total : 0)
                             : rt->y_turned;
        *ws_results_iv_at(out, WS_IVO_PARTICIPANTS, rep, y, a, k) = rt->here ? rt->y_starts * f : 0;
        *ws_results_iv_at(out, WS_IVO_PLACES, rep, y, a, k) = rt->here ? rt->y_places * f : 0;
        *ws_results_iv_at(out, WS_IVO_PLANNED, rep, y, a, k) = rt->here ? rt->y_planned * f : 0;
        *ws_results_iv_at(out, WS_IVO_ACTIVE, rep, y, a, k) =
            !rt->here ? 0 : lvl ? rt->level : (double)active[k] * inv;
        *ws_results_iv_at(out, WS_IVO_WAITING, rep, y, a, k) =
            rt->here ? (double)rt->waiting * inv : 0;
        *ws_results_iv_at(out, WS_IVO_TURNED_AWAY, rep, y, a, k) = rt->here ? turned * inv : 0;
        for (int q = 0; q < WS_PAY_N; q++)
            *ws_results_spend_at(out, rep, y, a, k, q) = rt->y_spend[q] * inv;
    }
    for (int k = 0; k < pol->n_interventions; k++) {
        ws_iv_rt *rt = &st->rt[k];
        /* a level programme's y_starts is its mean level in the year (real units) */
        if (pol->iv[k].kind == WS_IV_PLACE && is_level(pol->iv[k].place_target))
            rt->last_level = rt->here ? rt->y_starts : 0;
        rt->y_starts = rt->y_places = rt->y_planned = rt->y_turned = 0;
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
            double amount = level_terms(iv, &src->rt[k], iv->spillover * src->rt[k].last_level);
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
            worlds[b].iv->hooked = true;
        }
    }
}
