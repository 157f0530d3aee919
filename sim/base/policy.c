/* policy.c: interventions as data — name tables, defaults and the validation of a policy
 * against its scenario (include/wijksim/intervention.h). Plain C, part of ws_base, so the
 * Lua loader can name and check what the model core (sim/model/intervention.c) executes.
 */
#include "wijksim/intervention.h"
#include "wijksim/scenario.h"
#include "wijksim/states.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const ws_transition_info g_tx[WS_TX_N] = {
#define WS_TRANSITION(id, lua, effect, rank, risk_fn, unit, doc) {lua, effect, rank, unit, doc},
#include "wijksim/transitions.def"
#undef WS_TRANSITION
};

static const ws_place_target_info g_pl[WS_PL_N] = {
#define WS_PLACE_DWELLINGS(id, lua, unit, doc) {lua, WS_PLF_DWELLINGS, false, unit, doc},
#define WS_PLACE_LEVEL(id, lua, form, field, negative, unit, doc) {lua, form, negative, unit, doc},
#include "wijksim/place_targets.def"
#undef WS_PLACE_DWELLINGS
#undef WS_PLACE_LEVEL
};

static const char *const g_pay_names[WS_PAY_N] = {"rijk", "municipality", "corporation",
                                                   "other"};

const ws_transition_info *ws_transition_get(int t)
{
    return t >= 0 && t < WS_TX_N ? &g_tx[t] : NULL;
}

const ws_place_target_info *ws_place_target_get(int t)
{
    return t >= 0 && t < WS_PL_N ? &g_pl[t] : NULL;
}

const char *ws_transition_name(int t)
{
    return t >= 0 && t < WS_TX_N ? g_tx[t].name : NULL;
}

const char *ws_place_target_name(int t)
{
    return t >= 0 && t < WS_PL_N ? g_pl[t].name : NULL;
}

const char *ws_payer_name(int p)
{
    return p >= 0 && p < WS_PAY_N ? g_pay_names[p] : NULL;
}

static int find(const char *const *tab, int n, const char *name)
{
    if (!name) return -1;
    for (int i = 0; i < n; i++)
        if (strcmp(tab[i], name) == 0) return i;
    return -1;
}

int ws_transition_find(const char *name)
{
    for (int t = 0; name && t < WS_TX_N; t++)
        if (strcmp(g_tx[t].name, name) == 0) return t;
    return -1;
}

int ws_place_target_find(const char *name)
{
    for (int t = 0; name && t < WS_PL_N; t++)
        if (strcmp(g_pl[t].name, name) == 0) return t;
    return -1;
}

int ws_payer_find(const char *name)
{
    return find(g_pay_names, WS_PAY_N, name);
}

/* States (states.h) -------------------------------------------------------------------------- */

#define STATE_TABLES(NAME, LIST)                                                                   \
    static const char *const NAME##_lua[] = {LIST(STATE_LUA)};                                      \
    static const char *const NAME##_doc[] = {LIST(STATE_DOC)};
#define STATE_LUA(id, lua, doc) lua,
#define STATE_DOC(id, lua, doc) doc,
STATE_TABLES(labour, WS_LABOUR_STATES)
STATE_TABLES(stage, WS_STAGE_STATES)
STATE_TABLES(track, WS_TRACK_STATES)
STATE_TABLES(tenure, WS_TENURE_STATES)
STATE_TABLES(sex, WS_SEX_STATES)
#undef STATE_LUA
#undef STATE_DOC
#undef STATE_TABLES

static const ws_state_names g_states[WS_SL_N] = {
    [WS_SL_LABOUR] = {"labour", WS_LB_N, labour_lua, labour_doc},
    [WS_SL_STAGE] = {"stage", WS_ST_N, stage_lua, stage_doc},
    [WS_SL_TRACK] = {"track", WS_TR_N, track_lua, track_doc},
    [WS_SL_TENURE] = {"tenure", WS_TEN_N, tenure_lua, tenure_doc},
    [WS_SL_SEX] = {"sex", WS_SEX_N, sex_lua, sex_doc},
};

const ws_state_names *ws_state_list_names(int l)
{
    return l >= 0 && l < WS_SL_N ? &g_states[l] : NULL;
}

int ws_state_find(int l, const char *name)
{
    const ws_state_names *t = ws_state_list_names(l);
    for (int v = 0; t && name && v < t->n; v++)
        if (t->lua[v] && strcmp(t->lua[v], name) == 0) return v;
    return -1;
}

void ws_intervention_defaults(ws_intervention *iv)
{
    memset(iv, 0, sizeof *iv);
    iv->evidence = WS_EV_NONE;
    iv->kind = WS_IV_PERSON;
    iv->package = -1;
    iv->payer = WS_PAY_RIJK;
    iv->start_year = 1990;
    iv->end_year = 2100;
    iv->who.age_min = 0;
    iv->who.age_max = 120;
    iv->who.sex = -1;
    iv->who.low_income = iv->who.bijstand = iv->who.debt = iv->who.offender = -1;
    iv->who.network = iv->who.distress = iv->who.good_health = iv->who.lonely = -1;
    iv->who.no_qualification = -1;
    iv->priority = WS_PR_RANDOM;
    iv->take_up = 1;
    iv->completion = 1;
    iv->programme_months = 12;
    iv->transition = WS_TX_JOB_FINDING;
    iv->effect_type = WS_EF_HAZARD_RATIO;
    iv->effect.kind = WS_DIST_FIXED;
    iv->effect.a = 1;
    iv->place_target = WS_PL_RENOVATION;
}

bool ws_intervention_runs_in(const ws_intervention *iv, const ws_scenario *s, int a)
{
    if (iv->n_areas == 0) return true;
    for (int j = 0; j < iv->n_areas; j++)
        if (iv->area_index[j] == s->area_sel[a]) return true;
    return false;
}

double ws_intervention_share(const ws_intervention *iv, int p)
{
    double sum = 0;
    for (int k = 0; k < WS_PAY_N; k++) sum += iv->cofinance[k];
    if (sum == 0) return p == iv->payer ? 1.0 : 0.0;
    return iv->cofinance[p];
}

#define BAD(key, ...) ws_error_set(e, WS_EINPUT, NULL, 0, key, __VA_ARGS__)

/* Checks an effect distribution: multiplicative effects must stay > 0. */
static int check_effect(const ws_intervention *iv, ws_error *e)
{
    const ws_dist *d = &iv->effect;
    const char *n = iv->name;
    if (d->kind < WS_DIST_FIXED || d->kind > WS_DIST_UNIFORM)
        return BAD("effect", "intervention '%s': unknown effect distribution %d", n, d->kind);
    if (!isfinite(d->a) || !isfinite(d->b))
        return BAD("effect", "intervention '%s': effect parameters must be finite", n);
    if ((d->kind == WS_DIST_NORMAL || d->kind == WS_DIST_LOGNORMAL) && d->b < 0)
        return BAD("effect", "intervention '%s': effect SD %g is negative", n, d->b);
    if (d->kind == WS_DIST_UNIFORM && d->b < d->a)
        return BAD("effect", "intervention '%s': effect uniform range %g..%g is reversed", n,
                   d->a, d->b);
    bool shift = g_tx[iv->transition].effect == WS_TXE_SHIFT;
    if (iv->effect_type == WS_EF_SHIFT) {
        if (!shift)
            return BAD("effect", "intervention '%s': a shift applies only to a score; "
                       "'%s' takes a hazard or odds ratio", n, ws_transition_name(iv->transition));
        return 0;
    }
    if (iv->effect_type != WS_EF_HAZARD_RATIO && iv->effect_type != WS_EF_ODDS_RATIO)
        return BAD("effect", "intervention '%s': unknown effect type %d", n, iv->effect_type);
    if (shift)
        return BAD("effect", "intervention '%s': '%s' takes a shift (SD), not a ratio", n,
                   ws_transition_name(iv->transition));
    /* the lower end of the distribution must be a ratio > 0 (normal: its mean; draws below
     * 0.01 are raised to 0.01) */
    double lo = d->a;
    if (!(lo > 0))
        return BAD("effect", "intervention '%s': %s %g must be > 0", n,
                   iv->effect_type == WS_EF_HAZARD_RATIO ? "hazard ratio" : "odds ratio", lo);
    return 0;
}

int ws_policy_check(const ws_policy *p, const ws_scenario *s, ws_error *e)
{
    if (p->n_interventions < 0 || p->n_interventions > WS_MAX_INTERVENTIONS)
        return BAD("interventions", "%d interventions; at most %d are allowed",
                   p->n_interventions, WS_MAX_INTERVENTIONS);
    if (p->n_packages < 0 || p->n_packages > WS_MAX_PACKAGES)
        return BAD("packages", "%d packages; at most %d are allowed", p->n_packages,
                   WS_MAX_PACKAGES);
    for (int k = 0; k < p->n_packages; k++) {
        const ws_package *pk = &p->pk[k];
        if (!pk->name[0]) return BAD("name", "package %d has no name", k + 1);
        for (int j = 0; j < k; j++)
            if (strcmp(p->pk[j].name, pk->name) == 0)
                return BAD("name", "package '%s' is defined twice", pk->name);
        for (int q = 0; q < WS_PAY_N; q++)
            if (!(pk->budget_per_year[q] >= 0) || !isfinite(pk->budget_per_year[q]))
                return BAD("budget_per_year", "package '%s': budget of %s %g must be >= 0 EUR",
                           pk->name, ws_payer_name(q), pk->budget_per_year[q]);
        if (pk->start_year > pk->end_year)
            return BAD("start_year", "package '%s': start_year %d is after end_year %d",
                       pk->name, pk->start_year, pk->end_year);
    }
    for (int k = 0; k < p->n_interventions; k++) {
        const ws_intervention *iv = &p->iv[k];
        const char *n = iv->name;
        if (!n[0]) return BAD("name", "intervention %d has no name", k + 1);
        for (int j = 0; j < k; j++)
            if (strcmp(p->iv[j].name, n) == 0)
                return BAD("name", "intervention '%s' is defined twice", n);
        if (iv->kind != WS_IV_PERSON && iv->kind != WS_IV_PLACE)
            return BAD("kind", "intervention '%s': unknown kind %d", n, iv->kind);
        if (iv->n_areas < 0 || iv->n_areas > 64)
            return BAD("areas", "intervention '%s': %d areas (0..64 allowed)", n, iv->n_areas);
        for (int j = 0; j < iv->n_areas; j++) {
            int ai = iv->area_index[j], found = 0;
            for (int a = 0; s && a < s->n_areas; a++) found |= s->area_sel[a] == ai;
            if (s && !found)
                return BAD("areas", "intervention '%s': area row %d is not simulated in "
                           "scenario '%s'", n, ai, s->name);
        }
        if (iv->package < -1 || iv->package >= p->n_packages)
            return BAD("package", "intervention '%s': unknown package %d", n, iv->package);
        if (iv->payer < 0 || iv->payer >= WS_PAY_N)
            return BAD("payer", "intervention '%s': unknown payer %d", n, iv->payer);
        double sum = 0;
        for (int q = 0; q < WS_PAY_N; q++) {
            if (!(iv->cofinance[q] >= 0 && iv->cofinance[q] <= 1))
                return BAD("cofinance", "intervention '%s': share of %s %g is outside 0..1", n,
                           ws_payer_name(q), iv->cofinance[q]);
            sum += iv->cofinance[q];
        }
        if (sum != 0 && fabs(sum - 1) > 1e-6)
            return BAD("cofinance", "intervention '%s': cost shares sum to %g, not 1", n, sum);
        if (iv->start_year > iv->end_year)
            return BAD("start_year", "intervention '%s': start_year %d is after end_year %d", n,
                       iv->start_year, iv->end_year);
        if (!(iv->ramp_up_years >= 0 && iv->ramp_up_years <= 50))
            return BAD("ramp_up_years", "intervention '%s': ramp_up_years %g is outside 0..50",
                       n, iv->ramp_up_years);
        if (!(iv->fixed_cost_per_year >= 0) || !isfinite(iv->fixed_cost_per_year))
            return BAD("fixed_cost_per_year", "intervention '%s': fixed_cost_per_year %g must "
                       "be >= 0 EUR", n, iv->fixed_cost_per_year);
        if (!(iv->spillover >= -1 && iv->spillover <= 1))
            return BAD("spillover", "intervention '%s': spillover %g is outside -1..1", n,
                       iv->spillover);
        /* spillover moves a level between areas; persons and dwellings stay where they are */
        if (iv->spillover != 0 && iv->kind == WS_IV_PERSON)
            return BAD("spillover", "intervention '%s': spillover %g applies only to place "
                       "programmes that set a level (police, cohesion, school_quality, "
                       "debt_service, care, allocation), not to a person programme; leave it 0",
                       n, iv->spillover);
        if (iv->spillover != 0 && iv->kind == WS_IV_PLACE &&
            ws_place_target_get(iv->place_target) &&
            ws_place_target_get(iv->place_target)->form == WS_PLF_DWELLINGS)
            return BAD("spillover", "intervention '%s': spillover %g applies only to place "
                       "programmes that set a level (police, cohesion, school_quality, "
                       "debt_service, care, allocation), not to the dwelling programme '%s'; "
                       "leave it 0", n, iv->spillover, ws_place_target_name(iv->place_target));
        /* a payer with a cost share must have money in the package (unless the package
         * has no budget at all: then nothing runs, which is a valid zero-budget option) */
        if (iv->package >= 0) {
            const ws_package *pk = &p->pk[iv->package];
            double total = 0;
            for (int q = 0; q < WS_PAY_N; q++) total += pk->budget_per_year[q];
            for (int q = 0; q < WS_PAY_N && total > 0; q++)
                if (ws_intervention_share(iv, q) > 0 && pk->budget_per_year[q] == 0)
                    return BAD("payer", "intervention '%s' is paid by %s, but package '%s' has "
                               "no %s budget", n, ws_payer_name(q), pk->name, ws_payer_name(q));
        }
        if (iv->kind == WS_IV_PERSON) {
            const ws_selector *w = &iv->who;
            if (iv->transition < 0 || iv->transition >= WS_TX_N)
                return BAD("transition", "intervention '%s': unknown transition %d", n,
                           iv->transition);
            if (!(iv->cost_per_participant >= 0) || !isfinite(iv->cost_per_participant))
                return BAD("cost_per_participant", "intervention '%s': cost_per_participant %g "
                           "must be >= 0 EUR", n, iv->cost_per_participant);
            if (!(iv->places_per_year >= 0) || !isfinite(iv->places_per_year))
                return BAD("places_per_year", "intervention '%s': places_per_year %g must be "
                           ">= 0", n, iv->places_per_year);
            if (iv->places_per_year == 0 && (iv->package < 0 || iv->cost_per_participant <= 0))
                return BAD("places_per_year", "intervention '%s' has neither places_per_year "
                           "nor a budget with a cost_per_participant: capacity is unbounded", n);
            if (!(iv->take_up >= 0 && iv->take_up <= 1))
                return BAD("take_up", "intervention '%s': take_up %g is outside 0..1", n,
                           iv->take_up);
            if (!(iv->completion >= 0 && iv->completion <= 1))
                return BAD("completion", "intervention '%s': completion %g is outside 0..1", n,
                           iv->completion);
            if (iv->programme_months < 1 || iv->programme_months > 120)
                return BAD("programme_months", "intervention '%s': programme_months %d is "
                           "outside 1..120", n, iv->programme_months);
            if (!(iv->effect_months >= 0 && iv->effect_months <= 600))
                return BAD("effect_months", "intervention '%s': effect_months %g is outside "
                           "0..600", n, iv->effect_months);
            if (!(iv->decay_months >= 0 && iv->decay_months <= 600))
                return BAD("decay_months", "intervention '%s': decay_months %g is outside "
                           "0..600", n, iv->decay_months);
            if (iv->priority < WS_PR_RISK || iv->priority > WS_PR_FIRST_COME)
                return BAD("priority", "intervention '%s': unknown priority %d", n,
                           iv->priority);
            if (w->age_min < 0 || w->age_max > 120 || w->age_min > w->age_max)
                return BAD("who", "intervention '%s': age range %d..%d is not within 0..120", n,
                           w->age_min, w->age_max);
            if (w->sex < -1 || w->sex > 1)
                return BAD("who", "intervention '%s': sex %d (-1 any, 0 male, 1 female)", n,
                           w->sex);
            const int tri[] = {w->low_income, w->bijstand, w->debt, w->offender, w->network,
                               w->distress, w->good_health, w->lonely, w->no_qualification};
            for (size_t j = 0; j < sizeof tri / sizeof tri[0]; j++)
                if (tri[j] < -1 || tri[j] > 1)
                    return BAD("who", "intervention '%s': a yes/no condition is %d (-1 any, 0 "
                               "no, 1 yes)", n, tri[j]);
            int rc = check_effect(iv, e); /* after the transition is known to be valid */
            if (rc) return rc;
        } else {
            if (iv->place_target < 0 || iv->place_target >= WS_PL_N)
                return BAD("target", "intervention '%s': unknown place target %d", n,
                           iv->place_target);
            if (!isfinite(iv->amount_per_year) ||
                (iv->amount_per_year < 0 && !g_pl[iv->place_target].negative))
                return BAD("amount_per_year", "intervention '%s': amount_per_year %g must be "
                           ">= 0 for '%s'", n, iv->amount_per_year,
                           ws_place_target_name(iv->place_target));
            if (!(iv->cost_per_unit >= 0) || !isfinite(iv->cost_per_unit))
                return BAD("cost_per_unit", "intervention '%s': cost_per_unit %g must be >= 0 "
                           "EUR", n, iv->cost_per_unit);
        }
    }
    return 0;
}

/* Envelope weights (yearly policy hooks) ------------------------------------------------- */

int ws_budget_weights_init(ws_budget_weights *w, const ws_scenario *s, ws_error *e)
{
    const ws_policy *pol = &s->policy;
    memset(w, 0, sizeof *w);
    size_t n = (size_t)pol->n_packages * (size_t)s->n_areas;
    w->n_packages = pol->n_packages;
    w->n_areas = s->n_areas;
    if (n == 0) return 0;
    w->weight = calloc(n, sizeof *w->weight);
    w->in = calloc(n, sizeof *w->in);
    if (!w->weight || !w->in) {
        ws_budget_weights_close(w);
        return ws_error_set(e, WS_ENOMEM, NULL, 0, NULL, "out of memory for budget weights");
    }
    /* the same membership and default weights as the model's envelope split (ws__iv_init) */
    for (int p = 0; p < pol->n_packages; p++)
        for (int b = 0; b < s->n_areas; b++) {
            bool in = false;
            for (int k = 0; k < pol->n_interventions && !in; k++)
                in = pol->iv[k].package == p && ws_intervention_runs_in(&pol->iv[k], s, b);
            size_t i = (size_t)p * (size_t)s->n_areas + (size_t)b;
            w->in[i] = in;
            w->weight[i] = in ? s->areas.area[s->area_sel[b]].residents : 0;
        }
    return 0;
}

void ws_budget_weights_close(ws_budget_weights *w)
{
    if (!w) return;
    free(w->weight);
    free(w->in);
    memset(w, 0, sizeof *w);
}
