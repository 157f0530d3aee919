/* policy.c: interventions as data — name tables, the key table of intervention_fields.def,
 * defaults and the one validation of a policy against its scenario (intervention.h).
 *
 * Design. Plain C, part of ws_base, so the Lua loader can name and check what the model core
 * (sim/model/intervention.c) executes. Every rule on interventions and packages lives in
 * ws_policy_check_at, each with one bound, and its message is the same whichever way the
 * policy was made: the Lua loader only converts values and adds the file and line of the key
 * the fault names. Bounds, defaults and types come from intervention_fields.def; names from
 * transitions.def, place_targets.def and states.h. All data here is static and read-only.
 */
#include "wijksim/intervention.h"
#include "wijksim/scenario.h"
#include "wijksim/states.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const ws_transition_info g_tx[WS_TX_N] = {
#define WS_TRANSITION(id, lua, effect, takes, rank, risk_fn, unit, doc) {lua, effect, takes, rank, unit, doc},
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

/* ---- Name lists ------------------------------------------------------------------------ */

static const char *const g_pay_names[WS_PAY_N] = {"rijk", "municipality", "corporation",
                                                   "other"};
static const char *const g_pay_docs[WS_PAY_N] = {
    "the national government", "the municipality", "the housing corporation",
    "other payers (insurers, funds)"};
static const char *const g_ev_names[] = {"strong", "moderate", "weak", "none"};
static const char *const g_ev_docs[] = {
    "replicated trials or a strong meta-analysis", "one good trial or consistent quasi-experiments",
    "observational or small studies", "no evaluation of the effect"};
static const char *const g_kind_names[] = {"person", "place"};
static const char *const g_kind_docs[] = {
    "changes a transition of each participant",
    "changes dwellings, neighbourhoods or institutions of its areas"};
static const char *const g_pr_names[] = {"risk", "random", "first_come"};
static const char *const g_pr_docs[] = {"highest risk first, in the transition's order",
                                        "in random order", "in order of becoming eligible"};
static const char *const g_ef_names[] = {"hazard_ratio", "odds_ratio", "shift"};
static const char *const g_ef_docs[] = {"{ hr = x }: multiplies a hazard",
                                        "{ odds_ratio = x }: multiplies the odds of a probability",
                                        "{ shift = x }: added to a score"};
static const char *const g_mb_names[] = {"any", "adult", "head", "partner", "child"};
static const char *const g_mb_docs[] = {
    "anyone the other conditions select", "members aged 18 or more",
    "the household's oldest member who is not a child of it",
    "another adult who is not a child of the household", "a child of the household"};
static const char *const g_dist_names[] = {"fixed", "normal", "lognormal", "uniform"};
static const char *const g_dist_docs[] = {"the effect itself", "mean the effect, SD sd",
                                          "median the effect, SD of the log sd_log",
                                          "from min to max"};
static const char *const g_tx_names[WS_TX_N] = {
#define WS_TRANSITION(id, lua, effect, takes, rank, risk_fn, unit, doc) lua,
#include "wijksim/transitions.def"
#undef WS_TRANSITION
};
static const char *const g_tx_docs[WS_TX_N] = {
#define WS_TRANSITION(id, lua, effect, takes, rank, risk_fn, unit, doc) doc,
#include "wijksim/transitions.def"
#undef WS_TRANSITION
};
static const char *const g_pl_names[WS_PL_N] = {
#define WS_PLACE_DWELLINGS(id, lua, unit, doc) lua,
#define WS_PLACE_LEVEL(id, lua, form, field, negative, unit, doc) lua,
#include "wijksim/place_targets.def"
#undef WS_PLACE_DWELLINGS
#undef WS_PLACE_LEVEL
};
static const char *const g_pl_docs[WS_PL_N] = {
#define WS_PLACE_DWELLINGS(id, lua, unit, doc) doc,
#define WS_PLACE_LEVEL(id, lua, form, field, negative, unit, doc) doc,
#include "wijksim/place_targets.def"
#undef WS_PLACE_DWELLINGS
#undef WS_PLACE_LEVEL
};

#define N_OF(a) ((int)(sizeof(a) / sizeof((a)[0])))
_Static_assert(sizeof g_ev_names / sizeof g_ev_names[0] == WS_EV_NONE + 1, "evidence names");
_Static_assert(sizeof g_kind_names / sizeof g_kind_names[0] == WS_IV_PLACE + 1, "kind names");
_Static_assert(sizeof g_pr_names / sizeof g_pr_names[0] == WS_PR_FIRST_COME + 1, "priorities");
_Static_assert(sizeof g_ef_names / sizeof g_ef_names[0] == WS_EF_SHIFT + 1, "effect names");
_Static_assert(sizeof g_dist_names / sizeof g_dist_names[0] == WS_DIST_UNIFORM + 1, "dists");
_Static_assert(sizeof g_mb_names / sizeof g_mb_names[0] == WS_MB_CHILD + 1, "members");

static const ws_state_names g_lists[WS_NL_SEX] = {
    [WS_NL_EVIDENCE] = {"evidence", N_OF(g_ev_names), g_ev_names, g_ev_docs},
    [WS_NL_KIND] = {"kind", N_OF(g_kind_names), g_kind_names, g_kind_docs},
    [WS_NL_PRIORITY] = {"priority", N_OF(g_pr_names), g_pr_names, g_pr_docs},
    [WS_NL_EFFECT] = {"effect", N_OF(g_ef_names), g_ef_names, g_ef_docs},
    [WS_NL_DIST] = {"uncertainty.dist", N_OF(g_dist_names), g_dist_names, g_dist_docs},
    [WS_NL_PAYER] = {"payer", WS_PAY_N, g_pay_names, g_pay_docs},
    [WS_NL_TRANSITION] = {"transition", WS_TX_N, g_tx_names, g_tx_docs},
    [WS_NL_PLACE_TARGET] = {"place_target", WS_PL_N, g_pl_names, g_pl_docs},
    [WS_NL_MEMBER] = {"who.member", N_OF(g_mb_names), g_mb_names, g_mb_docs},
};

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

int ws_transition_find(const char *name)
{
    return ws_name_list_find(WS_NL_TRANSITION, name);
}

int ws_place_target_find(const char *name)
{
    return ws_name_list_find(WS_NL_PLACE_TARGET, name);
}

int ws_payer_find(const char *name)
{
    return ws_name_list_find(WS_NL_PAYER, name);
}

const ws_state_names *ws_name_list_get(int l)
{
    switch (l) {
    case WS_NL_SEX: return ws_state_list_names(WS_SL_SEX);
    case WS_NL_LABOUR: return ws_state_list_names(WS_SL_LABOUR);
    case WS_NL_STAGE: return ws_state_list_names(WS_SL_STAGE);
    case WS_NL_TRACK: return ws_state_list_names(WS_SL_TRACK);
    case WS_NL_TENURE: return ws_state_list_names(WS_SL_TENURE);
    default: return l >= 0 && l < WS_NL_SEX ? &g_lists[l] : NULL;
    }
}

int ws_name_list_find(int l, const char *name)
{
    const ws_state_names *t = ws_name_list_get(l);
    for (int v = 0; t && name && v < t->n; v++)
        if (t->lua[v] && strcmp(t->lua[v], name) == 0) return v;
    return -1;
}

void ws_name_list_text(int l, char *out, size_t n)
{
    const ws_state_names *t = ws_name_list_get(l);
    int cnt = 0, k = 0;
    size_t len = 0;
    out[0] = '\0';
    for (int v = 0; t && v < t->n; v++) cnt += t->lua[v] != NULL;
    for (int v = 0; t && v < t->n && len < n; v++) {
        if (!t->lua[v]) continue;
        k++;
        len += (size_t)snprintf(out + len, n - len, "%s\"%s\"",
                                k == 1 ? "" : k == cnt ? " or " : ", ", t->lua[v]);
    }
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
    return ws_name_list_find(l == WS_SL_LABOUR   ? WS_NL_LABOUR
                             : l == WS_SL_STAGE  ? WS_NL_STAGE
                             : l == WS_SL_TRACK  ? WS_NL_TRACK
                             : l == WS_SL_TENURE ? WS_NL_TENURE
                             : l == WS_SL_SEX    ? WS_NL_SEX
                                                 : WS_NL_NONE,
                             name);
}

/* ---- The key table (intervention_fields.def) ------------------------------------------------ */

/* Whether a member of `size` bytes can hold a key of `type` (checked for every line below). */
#define SIZE_FITS(type, size)                                                                      \
    ((type) == WS_FT_NUMBER                                                ? (size) == sizeof(double) \
     : (type) == WS_FT_INTEGER || (type) == WS_FT_ENUM || (type) == WS_FT_YESNO ||                 \
             (type) == WS_FT_EFFECT || (type) == WS_FT_AGES || (type) == WS_FT_AREAS              \
         ? (size) == sizeof(int)                                                                   \
     : (type) == WS_FT_NAMES  ? (size) == sizeof(uint32_t)                                         \
     : (type) == WS_FT_SHARES ? (size) == WS_PAY_N * sizeof(double)                                \
     : (type) == WS_FT_STRING ? (size) > 1                                                         \
                              : 1)
#define IV_SIZE(member) sizeof(((ws_intervention *)0)->member)
#define PK_SIZE(member) sizeof(((ws_package *)0)->member)

#define WS_IV_FIELD(id, key, type, member, names, def, lo, hi, flags, prog, when, h5, unit, doc)   \
    _Static_assert(SIZE_FITS(type, IV_SIZE(member)), "member of " key " does not fit its type");
#define WS_PK_FIELD(id, key, type, member, def, lo, hi, unit, doc)                                 \
    _Static_assert(SIZE_FITS(type, PK_SIZE(member)), "member of " key " does not fit its type");
#define WS_PK_LIST(id, key, doc)
#include "wijksim/intervention_fields.def"
#undef WS_IV_FIELD
#undef WS_PK_FIELD
#undef WS_PK_LIST
_Static_assert(offsetof(ws_selector, age_max) == offsetof(ws_selector, age_min) + sizeof(int),
               "who.age fills age_min and the age_max after it");
_Static_assert(WS_PAY_N == 4, "one budget key per payer in intervention_fields.def");

static const ws_field g_iv_fields[WS_IVF_N] = {
#define WS_IV_FIELD(id, key, type, member, names, def, lo, hi, flags, prog, when, h5, unit, doc)   \
    {key,  type, names, offsetof(ws_intervention, member), IV_SIZE(member), def, lo, hi, flags,   \
     prog, when, #member, h5,   unit,                                            doc},
#define WS_PK_FIELD(id, key, type, member, def, lo, hi, unit, doc)
#define WS_PK_LIST(id, key, doc)
#include "wijksim/intervention_fields.def"
#undef WS_IV_FIELD
#undef WS_PK_FIELD
#undef WS_PK_LIST
};

static const ws_field g_pk_fields[WS_PKF_N] = {
#define WS_IV_FIELD(id, key, type, member, names, def, lo, hi, flags, prog, when, h5, unit, doc)
#define WS_PK_FIELD(id, key, type, member, def, lo, hi, unit, doc)                                 \
    {key, type, WS_NL_NONE, offsetof(ws_package, member), PK_SIZE(member), def, lo, hi, 0,        \
     WS_FP_PACKAGE, WS_FW_ALWAYS, #member, "", unit, doc},
#define WS_PK_LIST(id, key, doc)                                                                   \
    {key, WS_FT_LIST, WS_NL_NONE, 0, 0, NAN, 0, 0, 0, WS_FP_PACKAGE, WS_FW_ALWAYS, "", "", "", doc},
#include "wijksim/intervention_fields.def"
#undef WS_IV_FIELD
#undef WS_PK_FIELD
#undef WS_PK_LIST
};

const ws_field *ws_iv_field_get(int f)
{
    return f >= 0 && f < WS_IVF_N ? &g_iv_fields[f] : NULL;
}

const ws_field *ws_pk_field_get(int f)
{
    return f >= 0 && f < WS_PKF_N ? &g_pk_fields[f] : NULL;
}

static int field_find(const ws_field *t, int n, const char *key)
{
    for (int f = 0; key && f < n; f++)
        if (strcmp(t[f].key, key) == 0) return f;
    return -1;
}

int ws_iv_field_find(const char *key)
{
    return field_find(g_iv_fields, WS_IVF_N, key);
}

int ws_pk_field_find(const char *key)
{
    return field_find(g_pk_fields, WS_PKF_N, key);
}

const char *ws_field_type_name(int type)
{
    static const char *const names[WS_FT_N] = {
        [WS_FT_NUMBER] = "number",      [WS_FT_INTEGER] = "whole number",
        [WS_FT_STRING] = "string",      [WS_FT_ENUM] = "name",
        [WS_FT_YESNO] = "true/false",   [WS_FT_NAMES] = "list of names",
        [WS_FT_AGES] = "age range",     [WS_FT_SHARES] = "shares",
        [WS_FT_AREAS] = "area ids",     [WS_FT_EFFECT] = "effect",
        [WS_FT_DIST] = "distribution",  [WS_FT_TABLE] = "table",
        [WS_FT_LIST] = "list",
    };
    return type >= 0 && type < WS_FT_N ? names[type] : "?";
}

/* Whether condition `when` holds for iv's effect form and distribution. */
static bool when_holds(int when, const ws_intervention *iv)
{
    bool uniform = iv->effect.kind == WS_DIST_UNIFORM;
    switch (when) {
    case WS_FW_HR: return iv->effect_type == WS_EF_HAZARD_RATIO && !uniform;
    case WS_FW_ODDS: return iv->effect_type == WS_EF_ODDS_RATIO && !uniform;
    case WS_FW_SHIFT: return iv->effect_type == WS_EF_SHIFT && !uniform;
    case WS_FW_NORMAL: return iv->effect.kind == WS_DIST_NORMAL;
    case WS_FW_LOGNORMAL: return iv->effect.kind == WS_DIST_LOGNORMAL;
    case WS_FW_UNIFORM: return uniform;
    default: return true;
    }
}

bool ws_field_applies(const ws_field *f, const ws_intervention *iv)
{
    if (f->prog == WS_FP_PACKAGE || !iv) return true;
    if (f->prog == WS_FP_PERSON && iv->kind != WS_IV_PERSON) return false;
    if (f->prog == WS_FP_PLACE && iv->kind != WS_IV_PLACE) return false;
    return when_holds(f->when, iv);
}

/* The key of the effect's form (effect.hr, effect.odds_ratio, effect.shift), or NULL. */
static const ws_field *effect_key(int effect_type)
{
    int when = effect_type == WS_EF_HAZARD_RATIO  ? WS_FW_HR
               : effect_type == WS_EF_ODDS_RATIO ? WS_FW_ODDS
               : effect_type == WS_EF_SHIFT      ? WS_FW_SHIFT
                                                 : -1;
    for (int f = 0; f < WS_IVF_N; f++)
        if (g_iv_fields[f].when == when && g_iv_fields[f].type == WS_FT_NUMBER)
            return &g_iv_fields[f];
    return NULL;
}

void ws_field_bounds(const ws_field *f, const ws_intervention *iv, double *lo, double *hi,
                     unsigned *open)
{
    *lo = f->lo;
    *hi = f->hi;
    *open = f->flags & (WS_FF_LO_OPEN | WS_FF_HI_OPEN);
    if (!iv) return;
    if (f->flags & WS_FF_AS_EFFECT) {
        const ws_field *e = effect_key(iv->effect_type);
        if (e) ws_field_bounds(e, iv, lo, hi, open);
    }
    const ws_place_target_info *t = ws_place_target_get(iv->place_target);
    if ((f->flags & WS_FF_SIGNED) && t && !t->negative && *lo < 0) {
        *lo = 0;
        *open &= ~(unsigned)WS_FF_LO_OPEN;
    }
}

void ws_number_text(double v, char *out, size_t n)
{
    if (isnan(v))
        snprintf(out, n, "nan");
    else
        snprintf(out, n, "%.15g", v);
}

void ws_range_text(bool whole, double lo, double hi, unsigned open, char *out, size_t n)
{
    bool lo_open = open & WS_FF_LO_OPEN, hi_open = open & WS_FF_HI_OPEN;
    const char *from = lo_open ? "greater than" : "from";
    const char *to = hi_open ? "and less than" : lo_open ? "and at most" : "to";
    if (whole)
        snprintf(out, n, "a whole number %s %.0f %s %.0f", from, lo, to, hi);
    else
        snprintf(out, n, "a number %s %g %s %g", from, lo, to, hi);
}

/* The words of a table-valued key's shape, for messages. */
static const char *shape_text(int type)
{
    switch (type) {
    case WS_FT_EFFECT: return "a table like { hr = 1.2 }, { odds_ratio = 0.8 } or { shift = 0.1 }";
    case WS_FT_DIST: return "a table like { dist = \"lognormal\", sd_log = 0.2 }, or \"none\"";
    case WS_FT_TABLE: return "a table like { age = {16, 27}, labour = {\"bijstand\"} }";
    case WS_FT_AREAS: return "\"all\" or a list of area ids";
    case WS_FT_LIST: return "a list of tables";
    default: return "a table";
    }
}

void ws_field_expect(const ws_field *f, const ws_intervention *iv, char *out, size_t n)
{
    double lo, hi;
    unsigned open;
    char names[600];
    switch (f->type) {
    case WS_FT_NUMBER:
    case WS_FT_INTEGER:
    case WS_FT_SHARES: {
        ws_field_bounds(f, iv, &lo, &hi, &open);
        ws_range_text(f->type == WS_FT_INTEGER, lo, hi, open, out, n);
        const char *t = iv ? ws_place_target_name(iv->place_target) : NULL;
        size_t len = strlen(out);
        if ((f->flags & WS_FF_SIGNED) && t && len < n)
            snprintf(out + len, n - len, " for '%s'", t);
        return;
    }
    case WS_FT_AGES:
        snprintf(out, n, "{ min, max }: whole years from %.0f to %.0f with min <= max, e.g. { 16, 27 }",
                 f->lo, f->hi);
        return;
    case WS_FT_STRING: snprintf(out, n, "a string"); return;
    case WS_FT_YESNO: snprintf(out, n, "true or false (leave it out for \"either\")"); return;
    case WS_FT_ENUM:
        ws_name_list_text(f->names, names, sizeof names);
        snprintf(out, n, "%s", names);
        return;
    case WS_FT_NAMES:
        ws_name_list_text(f->names, names, sizeof names);
        snprintf(out, n, "a list of %s", names);
        return;
    default: snprintf(out, n, "%s", shape_text(f->type)); return;
    }
}

bool ws_label_ok(const char *v)
{
    size_t len = strlen(v);
    if (len == 0 || len > 63 || v[0] == ' ' || v[len - 1] == ' ' || strspn(v, ".") == len)
        return false;
    for (size_t i = 0; i < len; i++)
        if (!(isalnum((unsigned char)v[i]) || strchr(" _.,+()-", v[i]))) return false;
    return true;
}

/* ---- Defaults ------------------------------------------------------------------------------ */

void ws_intervention_defaults(ws_intervention *iv)
{
    memset(iv, 0, sizeof *iv);
    for (int k = 0; k < WS_IVF_N; k++) {
        const ws_field *f = &g_iv_fields[k];
        char *at = (char *)iv + f->offset;
        /* a nested number of one effect form or distribution: only the default one's */
        if (!when_holds(f->when, iv)) continue;
        switch (f->type) {
        case WS_FT_NUMBER:
            if (!isnan(f->def)) memcpy(at, &f->def, sizeof f->def);
            break;
        case WS_FT_INTEGER:
        case WS_FT_ENUM:
        case WS_FT_YESNO:
        case WS_FT_EFFECT:
            if (!isnan(f->def)) *(int *)at = (int)f->def;
            break;
        case WS_FT_AGES:
            ((int *)at)[0] = (int)f->lo; /* any age */
            ((int *)at)[1] = (int)f->hi;
            break;
        default: break; /* strings, masks, shares, areas: zero */
        }
    }
    iv->package = -1;
}

void ws_package_defaults(ws_package *pk)
{
    memset(pk, 0, sizeof *pk);
    for (int k = 0; k < WS_PKF_N; k++) {
        const ws_field *f = &g_pk_fields[k];
        char *at = (char *)pk + f->offset;
        if (isnan(f->def)) continue;
        if (f->type == WS_FT_NUMBER) memcpy(at, &f->def, sizeof f->def);
        if (f->type == WS_FT_INTEGER) *(int *)at = (int)f->def;
    }
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

/* ---- The check ----------------------------------------------------------------------------- */

/* A check in progress: where its findings go and what its messages start with. */
typedef struct chk {
    const ws_policy *p;
    const ws_scenario *s;    /* may be NULL */
    ws_policy_fault *fault;  /* never NULL */
    ws_error *e;             /* never NULL */
    bool package;            /* checking a package's own keys */
    char what[160];          /* "intervention 'x'", "package #2", "scenario 'y'" */
} chk;

/* Sets c->what to "<kind> '<name>'", or "<kind> #<k + 1>" when the name is not a label. */
static void set_what(chk *c, const char *kind, const char *name, int k)
{
    if (ws_label_ok(name))
        snprintf(c->what, sizeof c->what, "%s '%s'", kind, name);
    else
        snprintf(c->what, sizeof c->what, "%s #%d", kind, k + 1);
}

/* Records a finding about `key` (as written in a scenario) with the message "<what>: <text>":
 * e->key is the member it fills (the key up to its '.'; for a package key its ws_package
 * member), e->msg one line. Returns WS_EINPUT. */
static int fail(chk *c, const char *key, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int fail(chk *c, const char *key, const char *fmt, ...)
{
    char text[900], ckey[128];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    const ws_field *f = c->package ? ws_pk_field_get(ws_pk_field_find(key)) : NULL;
    const char *src = f ? f->member : key;
    snprintf(ckey, sizeof ckey, "%.*s", (int)strcspn(src, ".["), src);
    ws_error_set(c->e, WS_EINPUT, NULL, 0, ckey, "%s: %s", c->what, text);
    for (char *m = c->e->msg; *m; m++)
        if (iscntrl((unsigned char)*m)) *m = ' '; /* names may hold anything: one line */
    snprintf(c->fault->key, sizeof c->fault->key, "%s", key);
    return WS_EINPUT;
}

/* Sets the fault's other key, or the list entry to point at, for the next fail. Returns c. */
static chk *alt(chk *c, const char *key)
{
    snprintf(c->fault->alt, sizeof c->fault->alt, "%s", key);
    return c;
}

static chk *entry(chk *c, const char *literal, int nth)
{
    snprintf(c->fault->literal, sizeof c->fault->literal, "%s", literal);
    c->fault->nth = nth;
    return c;
}

/* Checks that enumerated key f of iv holds a value of its list (or -1 when "any" is its
 * default). */
static int check_enum(chk *c, const ws_field *f, const ws_intervention *iv)
{
    int v = *(const int *)((const char *)iv + f->offset);
    const ws_state_names *t = ws_name_list_get(f->names);
    if ((t && v >= 0 && v < t->n && t->lua[v]) || (v == -1 && f->def == -1)) return 0;
    char names[600];
    ws_name_list_text(f->names, names, sizeof names);
    return fail(c, f->key, "'%s' must be %s, not %d", f->key, names, v);
}

/* Checks number v of key `key` (key f; base: the struct holding it) against its bounds. */
static int check_bounds(chk *c, const ws_field *f, const char *key, double v,
                        const ws_intervention *iv)
{
    double lo, hi;
    unsigned open;
    ws_field_bounds(f, iv, &lo, &hi, &open);
    bool ok = ((open & WS_FF_LO_OPEN) ? v > lo : v >= lo) &&
              ((open & WS_FF_HI_OPEN) ? v < hi : v <= hi);
    if (ok) return 0;
    char expect[300], got[64];
    ws_field_expect(f, iv, expect, sizeof expect);
    ws_number_text(v, got, sizeof got);
    return fail(c, key, "'%s' must be %s, not %s", key, expect, got);
}

/* Checks the value of key f in the struct at base (iv: its intervention, NULL for a package)
 * against every bound intervention_fields.def gives it. */
static int check_value(chk *c, const ws_field *f, const void *base, const ws_intervention *iv)
{
    const char *at = (const char *)base + f->offset;
    switch (f->type) {
    case WS_FT_NUMBER: return check_bounds(c, f, f->key, *(const double *)at, iv);
    case WS_FT_INTEGER: return check_bounds(c, f, f->key, *(const int *)at, iv);
    case WS_FT_SHARES:
        for (int q = 0; q < WS_PAY_N; q++) {
            char key[128];
            snprintf(key, sizeof key, "%s.%s", f->key, ws_payer_name(q));
            int rc = check_bounds(c, f, key, ((const double *)at)[q], iv);
            if (rc) return rc;
        }
        return 0;
    case WS_FT_AGES: {
        int lo = ((const int *)at)[0], hi = ((const int *)at)[1];
        if (lo >= f->lo && hi <= f->hi && lo <= hi) return 0;
        char expect[300];
        ws_field_expect(f, iv, expect, sizeof expect);
        return fail(c, f->key, "'%s' must be %s, not { %d, %d }", f->key, expect, lo, hi);
    }
    case WS_FT_YESNO: {
        int v = *(const int *)at;
        if (v >= -1 && v <= 1) return 0;
        return fail(c, f->key, "'%s' must be true or false (leave it out for \"either\"), not %d",
                    f->key, v);
    }
    case WS_FT_NAMES: {
        uint32_t m = *(const uint32_t *)at, ok = 0;
        const ws_state_names *t = ws_name_list_get(f->names);
        for (int v = 0; t && v < t->n && v < 32; v++)
            if (t->lua[v]) ok |= 1u << v;
        if (!(m & ~ok)) return 0;
        char expect[600];
        ws_field_expect(f, iv, expect, sizeof expect);
        return fail(c, f->key, "'%s' must be %s, not the states 0x%x", f->key, expect,
                    (unsigned)m);
    }
    default: return 0;
    }
}

/* The package's yearly budget over all payers (0 without a package). */
static double package_budget(const ws_policy *p, int k)
{
    double total = 0;
    for (int q = 0; k >= 0 && k < p->n_packages && q < WS_PAY_N; q++)
        total += p->pk[k].budget_per_year[q];
    return total;
}

/* "police, cohesion, ..." — the place targets that set a level that may spill over. */
static void level_targets(char *out, size_t n)
{
    size_t len = 0;
    out[0] = '\0';
    for (int t = 0; t < WS_PL_N && len < n; t++)
        if (g_pl[t].form != WS_PLF_DWELLINGS && g_pl[t].form != WS_PLF_RULE)
            len += (size_t)snprintf(out + len, n - len, "%s%s", len ? ", " : "", g_pl[t].name);
}

/* The package budget key of payer q ("rijk_eur_per_year"). */
static const char *budget_key(int q)
{
    for (int f = 0; f < WS_PKF_N; f++)
        if (g_pk_fields[f].type == WS_FT_NUMBER &&
            g_pk_fields[f].offset == offsetof(ws_package, budget_per_year) + (size_t)q * sizeof(double))
            return g_pk_fields[f].key;
    return "?";
}

/* Package k: its name and every bound of its keys. */
static int check_package(chk *c, int k)
{
    const ws_package *pk = &c->p->pk[k];
    c->fault->pk = k;
    c->package = true;
    set_what(c, "package", pk->name, k);
    if (!pk->name[0])
        return fail(c, "name", "'name' is required: letters, digits, spaces inside and "
                    "_ . , + ( ) -");
    if (!ws_label_ok(pk->name))
        return fail(c, "name", "'name' \"%s\" may only contain letters, digits, spaces inside "
                    "and _ . , + ( ) - (it labels results)", pk->name);
    for (int j = 0; j < k; j++)
        if (strcmp(c->p->pk[j].name, pk->name) == 0)
            return fail(c, "name", "'name' \"%s\" is used by two packages of scenario '%s'",
                        pk->name, c->s ? c->s->name : "?");
    for (int f = 0; f < WS_PKF_N; f++) {
        int rc = check_value(c, &g_pk_fields[f], pk, NULL);
        if (rc) return rc;
    }
    if (pk->start_year > pk->end_year)
        return fail(alt(c, "end_year"), "start_year", "'start_year' %d is after 'end_year' %d",
                    pk->start_year, pk->end_year);
    c->package = false;
    c->fault->pk = -1;
    return 0;
}

/* The rules on areas, years, cost shares and spillover of intervention iv. */
static int check_frame(chk *c, const ws_intervention *iv)
{
    const ws_scenario *s = c->s;
    for (int j = 0; s && j < iv->n_areas; j++) {
        int ai = iv->area_index[j], found = 0;
        for (int a = 0; a < s->n_areas; a++) found |= s->area_sel[a] == ai;
        const char *id = ai >= 0 && ai < s->areas.n ? s->areas.area[ai].id : "?";
        if (!found)
            return fail(entry(c, id, 1), "areas", "area '%s' in 'areas' is not simulated by the "
                        "scenario (see its 'areas')", id);
        for (int i = 0; i < j; i++)
            if (iv->area_index[i] == ai)
                return fail(entry(c, id, 2), "areas", "area '%s' is listed twice in 'areas'", id);
    }
    double sum = 0;
    for (int q = 0; q < WS_PAY_N; q++) sum += iv->cofinance[q];
    if (sum != 0 && fabs(sum - 1) > 1e-6)
        return fail(c, "cofinance", "the shares in 'cofinance' must add up to 1 (got %g)", sum);
    if (iv->start_year > iv->end_year)
        return fail(alt(c, "end_year"), "start_year", "'start_year' %d is after 'end_year' %d",
                    iv->start_year, iv->end_year);
    if (iv->package >= 0) {
        const ws_package *pk = &c->p->pk[iv->package];
        bool early = iv->start_year < pk->start_year;
        if (early || iv->end_year > pk->end_year)
            return fail(alt(c, early ? "end_year" : "start_year"), early ? "start_year" : "end_year",
                        "'start_year'..'end_year' (%d..%d) lies outside the years of its package "
                        "'%s' (%d..%d), which pays for it",
                        iv->start_year, iv->end_year, pk->name, pk->start_year, pk->end_year);
        /* a payer with a cost share needs money in the package (unless the package has no
         * budget at all: then nothing runs, which is a valid zero-budget option) */
        for (int q = 0; q < WS_PAY_N && package_budget(c->p, iv->package) > 0; q++)
            if (ws_intervention_share(iv, q) > 0 && pk->budget_per_year[q] == 0)
                return fail(alt(c, "cofinance"), "payer", "it is paid by %s, but its package "
                            "'%s' has no %s budget (%s)", ws_payer_name(q), pk->name,
                            ws_payer_name(q), budget_key(q));
    }
    /* spillover moves a level between areas; persons and dwellings stay where they are */
    const ws_place_target_info *t = ws_place_target_get(iv->place_target);
    bool person = iv->kind == WS_IV_PERSON;
    if (iv->spillover != 0 && (person || !t || t->form == WS_PLF_DWELLINGS || t->form == WS_PLF_RULE)) {
        char levels[200], what[120];
        level_targets(levels, sizeof levels);
        if (person)
            snprintf(what, sizeof what, "a person programme");
        else
            snprintf(what, sizeof what, "'%s'", t ? t->name : "?");
        return fail(c, "spillover", "'spillover' applies only to place programmes that set a "
                    "level (%s), not to %s; leave it 0", levels, what);
    }
    return 0;
}

/* Whether iv states an effect other than the default { hr = 1 } without uncertainty. */
static bool effect_given(const ws_intervention *iv)
{
    return iv->effect_type != WS_EF_HAZARD_RATIO || iv->effect.a != 1 ||
           iv->effect.kind != WS_DIST_FIXED;
}

/* The rules on the effect and its distribution of intervention iv. */
static int check_effect(chk *c, const ws_intervention *iv)
{
    const ws_dist *d = &iv->effect;
    if (iv->kind == WS_IV_PLACE) {
        const ws_place_target_info *t = ws_place_target_get(iv->place_target);
        bool ratio = t->form == WS_PLF_RATIO;
        if (!ratio && effect_given(iv))
            return fail(c, "effect", "'%s' acts through its amount_per_year (%s), so it takes no "
                        "'effect'; only a ratio target such as police states one", t->name,
                        t->unit);
        if (!ratio && iv->effect_per != 1)
            return fail(c, "effect_per", "'effect_per' applies only to a ratio target such as "
                        "police, not to '%s'; leave it out", t->name);
        if (ratio && iv->effect_type == WS_EF_SHIFT)
            return fail(c, "effect", "'%s' multiplies a rate: its 'effect' must be { hr = x }, "
                        "not a shift", t->name);
        if (t->form == WS_PLF_RULE && iv->amount_per_year > 1)
            return fail(c, "amount_per_year", "'amount_per_year' of '%s' is a share of decisions "
                        "(%s): at most 1, not %g", t->name, t->unit, iv->amount_per_year);
    }
    if (iv->kind == WS_IV_PERSON) {
        const ws_transition_info *tx = ws_transition_get(iv->transition);
        int m = iv->who.member;
        if (tx->takes == WS_TXW_HOUSEHOLD && m != WS_MB_AUTO && m != WS_MB_HEAD)
            return fail(c, "who.member", "transition \"%s\" is the household's: the head takes "
                        "part for it, so 'who.member' must be \"head\" or left out, not \"%s\"",
                        tx->name, ws_name_list_get(WS_NL_MEMBER)->lua[m]);
    }
    if (iv->kind == WS_IV_PERSON) {
        const ws_transition_info *t = ws_transition_get(iv->transition);
        bool score = t->effect == WS_TXE_SHIFT;
        if (score && iv->effect_type != WS_EF_SHIFT)
            return fail(c, "effect", "transition \"%s\" is a score: its 'effect' must be "
                        "{ shift = x }; x shifts the %s", t->name, t->unit);
        if (!score && iv->effect_type == WS_EF_SHIFT)
            return fail(c, "effect", "transition \"%s\" is a hazard: its 'effect' must be "
                        "{ hr = x } or { odds_ratio = x }, not a shift", t->name);
    }
    bool ratio = iv->effect_type != WS_EF_SHIFT;
    if (d->kind == WS_DIST_NORMAL && ratio && d->a - 3 * d->b <= 0)
        return fail(c, "uncertainty.sd", "'uncertainty.sd' = %g lets the ratio %g fall to 0 or "
                    "below (mean - 3 sd <= 0); use dist = \"lognormal\" for ratios", d->b, d->a);
    if (d->kind == WS_DIST_LOGNORMAL && !(d->a > 0))
        return fail(c, "uncertainty.dist", "'uncertainty.dist' = \"lognormal\" needs a positive "
                    "effect; a shift of %g can use \"normal\" or \"uniform\"", d->a);
    if (d->kind == WS_DIST_UNIFORM && !(d->a < d->b))
        return fail(c, "uncertainty.min", "'uncertainty.min' and 'uncertainty.max' (%g, %g) "
                    "must satisfy min < max", d->a, d->b);
    return 0;
}

/* The rules on capacity: a programme whose capacity nothing bounds is refused. */
static int check_capacity(chk *c, const ws_intervention *iv)
{
    bool pk = iv->package >= 0;
    double budget = package_budget(c->p, iv->package);
    if (iv->kind == WS_IV_PERSON) {
        if (!pk && !(iv->places_per_year > 0))
            return fail(c, "places_per_year", "a person programme outside a package needs "
                        "'places_per_year' > 0 (its capacity; its budget is places x "
                        "cost_per_participant)");
        if (pk && !(iv->places_per_year > 0) && !(budget > 0))
            return fail(c, "places_per_year", "a person programme needs 'places_per_year' > 0 "
                        "or a package budget");
        if (pk && !(iv->places_per_year > 0) && !(iv->cost_per_participant > 0))
            return fail(c, "cost_per_participant", "without 'places_per_year' the package "
                        "budget sets the capacity, so 'cost_per_participant' must be > 0");
        return 0;
    }
    if (iv->amount_per_year == 0 && (!pk || !(budget > 0)))
        return fail(c, "amount_per_year", "a place programme %s needs 'amount_per_year' %s",
                    pk ? "in a package without budget" : "outside a package",
                    g_pl[iv->place_target].negative ? "other than 0" : "> 0");
    if (pk && iv->amount_per_year == 0 && !(iv->cost_per_unit > 0))
        return fail(c, "cost_per_unit", "without 'amount_per_year' the package budget sets the "
                    "amount, so 'cost_per_unit' must be > 0");
    return 0;
}

/* Intervention k: its name, enumerated values, bounds, then the rules across keys. */
static int check_intervention(chk *c, int k)
{
    const ws_intervention *iv = &c->p->iv[k];
    c->fault->iv = k;
    set_what(c, "intervention", iv->name, k);
    if (!iv->name[0])
        return fail(alt(c, "type"), "name", "'name' is required (or a 'type' to take it from): "
                    "letters, digits, spaces inside and _ . , + ( ) -");
    if (!ws_label_ok(iv->name))
        return fail(alt(c, "type"), "name", "'name' \"%s\" may only contain letters, digits, "
                    "spaces inside and _ . , + ( ) - (it labels results)", iv->name);
    for (int j = 0; j < k; j++)
        if (strcmp(c->p->iv[j].name, iv->name) == 0)
            return fail(alt(c, "type"), "name", "'name' \"%s\" is used by two interventions of "
                        "scenario '%s'; give each its own name", iv->name,
                        c->s ? c->s->name : "?");
    /* enumerated values first: the kind, target and effect form decide what applies */
    for (int f = 0; f < WS_IVF_N; f++) {
        const ws_field *fd = &g_iv_fields[f];
        bool named = fd->type == WS_FT_ENUM || fd->type == WS_FT_EFFECT;
        int rc = named && ws_field_applies(fd, iv) ? check_enum(c, fd, iv) : 0;
        if (rc) return rc;
    }
    if (iv->package < -1 || iv->package >= c->p->n_packages)
        return fail(c, "package", "'package' %d is not one of the scenario's %d packages (-1: "
                    "none)", iv->package, c->p->n_packages);
    int max_areas = (int)(sizeof iv->area_index / sizeof iv->area_index[0]);
    if (iv->n_areas < 0 || iv->n_areas > max_areas)
        return fail(c, "areas", "'areas' lists %d areas; at most %d are allowed", iv->n_areas,
                    max_areas);
    for (int f = 0; f < WS_IVF_N; f++) {
        const ws_field *fd = &g_iv_fields[f];
        int rc = ws_field_applies(fd, iv) ? check_value(c, fd, iv, iv) : 0;
        if (rc) return rc;
    }
    int rc = check_frame(c, iv);
    if (!rc) rc = check_effect(c, iv);
    if (!rc) rc = check_capacity(c, iv);
    if (!rc) c->fault->iv = -1;
    return rc;
}

int ws_policy_check_at(const ws_policy *p, const ws_scenario *s, ws_policy_fault *fault,
                       ws_error *e)
{
    ws_policy_fault local_fault;
    ws_error local_e;
    chk c = {p, s, fault ? fault : &local_fault, e ? e : &local_e, false, ""};
    memset(c.fault, 0, sizeof *c.fault);
    c.fault->iv = c.fault->pk = -1;
    snprintf(c.what, sizeof c.what, "scenario '%s'", s ? s->name : "?");
    if (p->n_interventions < 0 || p->n_interventions > WS_MAX_INTERVENTIONS)
        return fail(&c, "interventions", "%d interventions; at most %d are allowed",
                    p->n_interventions, WS_MAX_INTERVENTIONS);
    if (p->n_packages < 0 || p->n_packages > WS_MAX_PACKAGES)
        return fail(&c, "packages", "%d packages; at most %d are allowed", p->n_packages,
                    WS_MAX_PACKAGES);
    for (int k = 0; k < p->n_packages; k++) {
        int rc = check_package(&c, k);
        if (rc) return rc;
    }
    for (int k = 0; k < p->n_interventions; k++) {
        int rc = check_intervention(&c, k);
        if (rc) return rc;
    }
    return 0;
}

int ws_policy_check(const ws_policy *p, const ws_scenario *s, ws_error *e)
{
    return ws_policy_check_at(p, s, NULL, e);
}

/* Budget shortfalls ----------------------------------------------------------------------- */

/* Mean capacity ramp of iv over calendar year y (0 outside its years). */
static double ramp_mean(const ws_intervention *iv, int y)
{
    if (y < iv->start_year || y > iv->end_year) return 0;
    if (iv->ramp_up_years <= 0) return 1;
    double sum = 0;
    for (int moy = 0; moy < 12; moy++) {
        double r = ((y - iv->start_year) * 12 + moy + 1) / (12 * iv->ramp_up_years);
        sum += r > 1 ? 1 : r;
    }
    return sum / 12;
}

/* EUR that iv plans to spend from payer q in one of its areas in year y. */
static double planned_spend(const ws_intervention *iv, int q, int y)
{
    double sh = ws_intervention_share(iv, q);
    if (sh <= 0 || y < iv->start_year || y > iv->end_year) return 0;
    double r = ramp_mean(iv, y), v = iv->fixed_cost_per_year;
    if (iv->kind == WS_IV_PERSON)
        v += iv->places_per_year * r * iv->cost_per_participant;
    else
        v += fabs(iv->amount_per_year) * r * iv->cost_per_unit;
    return sh * v;
}

/* Whether package k has an intervention running in scenario slot a. */
static bool package_in(const ws_policy *p, const ws_scenario *s, int k, int a)
{
    for (int i = 0; i < p->n_interventions; i++)
        if (p->iv[i].package == k && ws_intervention_runs_in(&p->iv[i], s, a)) return true;
    return false;
}

/* EUR package k plans to spend from payer q (q < 0: every payer) in scenario slot a in year y. */
static double area_plan(const ws_policy *p, const ws_scenario *s, int k, int a, int q, int y)
{
    double need = 0;
    for (int i = 0; i < p->n_interventions; i++) {
        if (p->iv[i].package != k || !ws_intervention_runs_in(&p->iv[i], s, a)) continue;
        for (int r = 0; r < WS_PAY_N; r++)
            if (q < 0 || r == q) need += planned_spend(&p->iv[i], r, y);
    }
    return need;
}

double ws_policy_split(const ws_policy *p, const ws_scenario *s, int k, int y, double *weight)
{
    double total = 0;
    for (int a = 0; a < s->n_areas; a++) {
        weight[a] = package_in(p, s, k, a) ? area_plan(p, s, k, a, -1, y) : 0;
        total += weight[a];
    }
    if (total > 0) return total;
    for (int a = 0; a < s->n_areas; a++) { /* nothing planned: by residents */
        weight[a] = package_in(p, s, k, a) ? s->areas.area[s->area_sel[a]].residents : 0;
        total += weight[a];
    }
    return total;
}

int ws_policy_shortfalls(const ws_policy *p, const ws_scenario *s, ws_shortfall *out, int max)
{
    int n = 0;
    double *share = malloc((size_t)(s->n_areas > 0 ? s->n_areas : 1) * sizeof *share);
    if (!share) return 0; /* a check that cannot run finds nothing */
    for (int k = 0; k < p->n_packages; k++) {
        const ws_package *pk = &p->pk[k];
        for (int q = 0; q < WS_PAY_N; q++) {
            ws_shortfall cur = {k, q, 0, 0, 1, -1};
            bool open = false;
            for (int y = s->start_year; y <= s->start_year + s->years; y++) {
                double worst = 1, total = 0;
                int worst_a = -1;
                bool in_run = y < s->start_year + s->years;
                if (in_run) total = ws_policy_split(p, s, k, y, share);
                for (int a = 0; a < s->n_areas && in_run && total > 0; a++) {
                    double need = area_plan(p, s, k, a, q, y);
                    if (!(need > 0)) continue;
                    bool on = y >= pk->start_year && y <= pk->end_year;
                    double money = on ? pk->budget_per_year[q] * share[a] / total : 0;
                    double f = money / need;
                    if (f < worst) {
                        worst = f;
                        worst_a = a;
                    }
                }
                bool short_y = worst < 1 - 1e-9;
                if (short_y && !open) {
                    cur.first_year = y;
                    cur.funded = worst;
                    cur.worst_area = worst_a;
                    open = true;
                } else if (short_y && worst < cur.funded) {
                    cur.funded = worst;
                    cur.worst_area = worst_a;
                }
                if (open && !short_y) {
                    cur.last_year = y - 1;
                    if (n < max) out[n] = cur;
                    n++;
                    open = false;
                }
                if (short_y) cur.last_year = y;
            }
        }
    }
    free(share);
    return n;
}

void ws_shortfall_text(const ws_shortfall *f, const ws_scenario *s, char *out, size_t n)
{
    const ws_policy *p = &s->policy;
    const ws_package *pk = &p->pk[f->package];
    char names[400] = "";
    size_t len = 0;
    for (int i = 0; i < p->n_interventions && len < sizeof names; i++) {
        const ws_intervention *iv = &p->iv[i];
        if (iv->package != f->package || planned_spend(iv, f->payer, f->first_year) <= 0) continue;
        len += (size_t)snprintf(names + len, sizeof names - len, "%s%s", len ? ", " : "", iv->name);
    }
    const char *area = f->worst_area >= 0 ? s->areas.area[s->area_sel[f->worst_area]].id : "?";
    snprintf(out, n, "scenario '%s': package '%s' pays only %.0f %% of what %s plan%s to spend "
             "from the %s budget in %d-%d (area '%s' shortest); fewer places or units are "
             "delivered there: compare 'planned' with 'places' in the file",
             s->name, pk->name, 100 * f->funded, names, strchr(names, ',') ? "" : "s",
             ws_payer_name(f->payer), f->first_year, f->last_year, area);
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
    /* the same membership and default split as the model's (ws__iv_init): the first year's */
    for (int p = 0; p < pol->n_packages; p++) {
        double *wt = w->weight + (size_t)p * (size_t)s->n_areas;
        ws_policy_split(pol, s, p, s->start_year, wt);
        for (int b = 0; b < s->n_areas; b++)
            w->in[(size_t)p * (size_t)s->n_areas + (size_t)b] = package_in(pol, s, p, b);
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
