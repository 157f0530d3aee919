/* test_fields.c: intervention_fields.def as the one authority on intervention and package keys.
 *
 * Table-driven: every bounded key of the .def (numbers, whole numbers, age ranges, shares) is
 * set just outside its bounds (lo - 1, hi + 1, and an open bound itself) twice — in a generated
 * scenario file loaded as `wijksim check` loads it (ws_lua_load_run), and in C
 * (ws_intervention_defaults or ws_package_defaults, the key set, ws_policy_check on a minimal
 * scenario) — and both must refuse it with the same message; the loader's error must name the
 * file, the line where the key is written and the dotted key. At the closed bounds themselves
 * neither may give the key's range message. Plus the defaults, the sign rule of amount_per_year
 * and one-line messages. Inputs are fixed; each group of keys is its own ctest. */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "wt.h"
#include "wt_lua_file.h"
#include "wijksim/intervention.h"
#include "wijksim/lua_scenario.h"

/* Line of the generated file holding the key under test (see gen_iv and gen_pk). */
#define KEY_LINE 7

/* The context a key needs (the other keys of the generated intervention), by the key's kind,
 * effect form or distribution: Lua text for the file, and the same in C. */
typedef struct ctx {
    char lua[300];     /* keys written on the line above the key under test */
    ws_intervention c; /* the same in C, before the key is set */
} ctx;

/* Builds the context of intervention key f (value v under test): a person programme on
 * job_finding with places, or a place programme on cohesion (a level whose amount may be < 0,
 * so the sign rule and spillover apply), with the effect or distribution the key belongs to. */
static void make_ctx(const ws_field *f, ctx *x)
{
    ws_intervention *iv = &x->c;
    ws_intervention_defaults(iv);
    snprintf(iv->name, sizeof iv->name, "t");
    bool place = f->prog == WS_FP_PLACE, score = f->when == WS_FW_SHIFT;
    const char *own = f->key; /* the key under test is not written twice */
    if (place) {
        iv->kind = WS_IV_PLACE;
        iv->place_target = WS_PL_COHESION;
        iv->amount_per_year = 1;
        snprintf(x->lua, sizeof x->lua, "place_target = \"cohesion\",%s",
                 strcmp(own, "amount_per_year") ? " amount_per_year = 1," : "");
    } else {
        iv->transition = score ? WS_TX_ACHIEVEMENT : WS_TX_JOB_FINDING;
        iv->places_per_year = 10;
        if (score) {
            iv->effect_type = WS_EF_SHIFT;
            iv->effect.a = 0;
        }
        snprintf(x->lua, sizeof x->lua, "transition = \"%s\",%s",
                 score ? "achievement" : "job_finding",
                 strcmp(own, "places_per_year") ? " places_per_year = 10," : "");
    }
    if (f->when == WS_FW_NORMAL || f->when == WS_FW_LOGNORMAL) { /* of an effect hr = 1 */
        size_t len = strlen(x->lua);
        snprintf(x->lua + len, sizeof x->lua - len, " effect = { hr = 1 },");
    }
}

/* The Lua text of intervention key f at value v (for a uniform's min or max also its partner
 * and an effect between them), and sets the same in iv. */
static void key_text(const ws_field *f, double v, char *out, size_t n, ws_intervention *iv)
{
    const char *leaf = strrchr(f->key, '.') ? strrchr(f->key, '.') + 1 : f->key;
    char *at = (char *)iv + f->offset;
    switch (f->when) {
    case WS_FW_HR:
    case WS_FW_ODDS:
    case WS_FW_SHIFT:
        snprintf(out, n, "effect = { %s = %.17g },", leaf, v);
        iv->effect_type = f->when == WS_FW_HR     ? WS_EF_HAZARD_RATIO
                          : f->when == WS_FW_ODDS ? WS_EF_ODDS_RATIO
                                                  : WS_EF_SHIFT;
        iv->effect.a = v;
        return;
    case WS_FW_NORMAL:
    case WS_FW_LOGNORMAL:
        snprintf(out, n, "uncertainty = { dist = \"%s\", %s = %.17g },",
                 f->when == WS_FW_NORMAL ? "normal" : "lognormal", leaf, v);
        iv->effect.kind = f->when == WS_FW_NORMAL ? WS_DIST_NORMAL : WS_DIST_LOGNORMAL;
        iv->effect.a = 1;
        iv->effect.b = v;
        return;
    case WS_FW_UNIFORM: { /* the partner inside the effect's bounds when it can be */
        bool is_min = strcmp(leaf, "min") == 0;
        double other = is_min ? (v < 50 ? 50 : v + 1) : (v > 50 ? 50 : v - 1);
        double lo = is_min ? v : other, hi = is_min ? other : v;
        /* the effect between them (the loader's own rule), its bounds those of hr */
        snprintf(out, n, "effect = { hr = %.17g }, uncertainty = { dist = \"uniform\", "
                 "min = %.17g, max = %.17g },", (lo + hi) / 2, lo, hi);
        iv->effect.kind = WS_DIST_UNIFORM;
        iv->effect.a = lo;
        iv->effect.b = hi;
        return;
    }
    default: break;
    }
    switch (f->type) {
    case WS_FT_NUMBER:
        snprintf(out, n, "%s = %.17g,", f->key, v);
        memcpy(at, &v, sizeof v);
        return;
    case WS_FT_INTEGER:
        snprintf(out, n, "%s = %d,", f->key, (int)v);
        *(int *)at = (int)v;
        return;
    case WS_FT_AGES: { /* { v, hi } or { lo, v }: the other end at its bound */
        int a = v < f->lo ? (int)v : (int)f->lo, b = v < f->lo ? (int)f->hi : (int)v;
        snprintf(out, n, "who = { age = { %d, %d } },", a, b);
        ((int *)at)[0] = a;
        ((int *)at)[1] = b;
        return;
    }
    case WS_FT_SHARES:
        snprintf(out, n, "%s = { rijk = %.17g },", f->key, v);
        ((double *)at)[WS_PAY_RIJK] = v;
        return;
    default: WT_FAIL("%s: not a bounded key", f->key);
    }
}

/* The dotted key the loader names for key f (a share: its first payer's). */
static void lua_key(const ws_field *f, char *out, size_t n)
{
    if (f->type == WS_FT_SHARES)
        snprintf(out, n, "%s.%s", f->key, ws_payer_name(WS_PAY_RIJK));
    else
        snprintf(out, n, "%s", f->key);
}

/* Loads the generated file through ws_lua_load_run; returns its status with the error in e. */
static int load(const wt_dir *d, const char *text, ws_error *e)
{
    wt_dir_write(d, text);
    ws_comparison c;
    int rc = ws_lua_load_run(d->scen, &c, e);
    if (!rc) ws_comparison_close(&c);
    return rc;
}

/* C's check of the one-intervention (or one-package) policy. */
static int check_c(const ws_intervention *iv, const ws_package *pk, ws_error *e)
{
    static ws_scenario s; /* large: a policy holds 64 interventions */
    memset(&s, 0, sizeof s);
    snprintf(s.name, sizeof s.name, "bounds");
    if (iv) s.policy.iv[s.policy.n_interventions++] = *iv;
    if (pk) s.policy.pk[s.policy.n_packages++] = *pk;
    ws_error_clear(e);
    return ws_policy_check(&s.policy, &s, e);
}

/* The values just outside bounds lo..hi (and an open bound itself); returns how many. */
static int outside(double lo, double hi, unsigned open, double vals[4])
{
    int n = 0;
    vals[n++] = lo - 1;
    vals[n++] = hi + 1;
    if (open & WS_FF_LO_OPEN) vals[n++] = lo;
    if (open & WS_FF_HI_OPEN) vals[n++] = hi;
    return n;
}

/* Whether intervention key f has bounds of its own to walk. */
static bool bounded(const ws_field *f)
{
    return f->type == WS_FT_NUMBER || f->type == WS_FT_INTEGER || f->type == WS_FT_AGES ||
           f->type == WS_FT_SHARES;
}

/* Key f at value v through both paths: refused (want_refused) by both with the same message,
 * the loader naming the file, KEY_LINE and the key; or not refused by its range (at a bound). */
static void both_paths(const wt_dir *d, const ws_field *f, double v, bool want_refused)
{
    ctx x;
    char text[1200], kt[300], key[128], range[160];
    make_ctx(f, &x);
    key_text(f, v, kt, sizeof kt, &x.c);
    snprintf(text, sizeof text,
             "-- generated by test_fields.c: %s = %.17g\n"
             "return wijksim.scenario {\n"
             "  name = \"bounds\", area_data = \"areas3.csv\",\n"
             "  interventions = {\n"
             "    wijksim.intervention {\n"
             "      name = \"t\", %s\n"
             "      %s\n"
             "    },\n"
             "  },\n"
             "}\n",
             f->key, v, x.lua, kt);
    lua_key(f, key, sizeof key);
    snprintf(range, sizeof range, "'%s' must be ", key);
    ws_error el, ec;
    int rl = load(d, text, &el), rc = check_c(&x.c, NULL, &ec);
    char buf[2048];
    fprintf(stderr, "%s = %.17g\n  lua: %s\n  C:   %s\n", f->key, v,
            rl ? ws_error_format(&el, buf, sizeof buf) : "accepted", rc ? ec.msg : "accepted");
    if (!want_refused) {
        if (rl && strstr(el.msg, range)) WT_FAIL("%s = %g refused by the loader's range", key, v);
        if (rc && strstr(ec.msg, range)) WT_FAIL("%s = %g refused by the C range", key, v);
        return;
    }
    WT_EQ_INT(rl, WS_EINPUT);
    WT_EQ_INT(rc, WS_EINPUT);
    WT_EQ_STR(el.file, d->scen);
    WT_EQ_INT(el.line, KEY_LINE);
    WT_EQ_STR(el.key, key);
    WT_EQ_STR(el.msg, ec.msg);
    char member[128];
    snprintf(member, sizeof member, "%.*s", (int)strcspn(f->key, "."), f->key);
    WT_EQ_STR(ec.key, member);
    if (!strstr(ec.msg, range)) WT_FAIL("not a range message: %s", ec.msg);
}

/* Walks the bounded intervention keys that `pick` selects. */
static void walk(bool (*pick)(const ws_field *))
{
    wt_dir d;
    wt_dir_make(&d);
    int walked = 0;
    for (int k = 0; k < WS_IVF_N; k++) {
        const ws_field *f = ws_iv_field_get(k);
        if (!bounded(f) || !pick(f)) continue;
        /* the bounds in the key's context: the effect's for a uniform's ends (hr here), the
         * sign rule's for amount_per_year (cohesion: below 0 allowed) */
        ctx x;
        make_ctx(f, &x);
        double lo, hi, vals[4];
        unsigned open;
        ws_field_bounds(f, &x.c, &lo, &hi, &open);
        int n = outside(lo, hi, open, vals);
        for (int i = 0; i < n; i++) {
            /* a uniform's max at or below the lower bound leaves no min below it: its min is
             * refused first (tested with uncertainty.min) */
            if (f->when == WS_FW_UNIFORM && strstr(f->key, ".max") && vals[i] <= 0) continue;
            both_paths(&d, f, vals[i], true);
        }
        if (!(open & WS_FF_LO_OPEN)) both_paths(&d, f, lo, false);
        if (!(open & WS_FF_HI_OPEN)) both_paths(&d, f, hi, false);
        walked++;
    }
    wt_dir_remove(&d);
    WT_CHECK(walked > 0);
}

static bool pick_person(const ws_field *f)
{
    return f->prog == WS_FP_PERSON && f->when == WS_FW_ALWAYS;
}

static bool pick_place(const ws_field *f)
{
    return f->prog == WS_FP_PLACE;
}

static bool pick_both(const ws_field *f)
{
    return f->prog == WS_FP_BOTH && f->when == WS_FW_ALWAYS;
}

static bool pick_effect(const ws_field *f)
{
    return f->when != WS_FW_ALWAYS;
}

/* Person-programme keys (take_up, completion, places, costs, months, who.age, ...). */
WT_CASE(bounds_person_keys)
{
    walk(pick_person);
}

/* Place-programme keys (amount_per_year on a target that may go below 0, cost, spillover). */
WT_CASE(bounds_place_keys)
{
    walk(pick_place);
}

/* Keys of both kinds (years, ramp, fixed cost, cost shares). */
WT_CASE(bounds_common_keys)
{
    walk(pick_both);
}

/* The effect's keys and its distribution's (open lower bounds of the ratios included). */
WT_CASE(bounds_effect_keys)
{
    walk(pick_effect);
}

/* Package keys: budgets and years, in a package of one intervention. */
WT_CASE(bounds_package_keys)
{
    wt_dir d;
    wt_dir_make(&d);
    for (int k = 0; k < WS_PKF_N; k++) {
        const ws_field *f = ws_pk_field_get(k);
        if (f->type != WS_FT_NUMBER && f->type != WS_FT_INTEGER) continue;
        double vals[4];
        int n = outside(f->lo, f->hi, f->flags, vals);
        for (int i = 0; i < n; i++) {
            double v = vals[i];
            ws_package pk;
            ws_package_defaults(&pk);
            snprintf(pk.name, sizeof pk.name, "p");
            bool own_budget = strcmp(f->key, "rijk_eur_per_year") == 0;
            pk.budget_per_year[WS_PAY_RIJK] = 1e6;
            char *at = (char *)&pk + f->offset, kt[200], text[1200];
            if (f->type == WS_FT_NUMBER) {
                memcpy(at, &v, sizeof v);
                snprintf(kt, sizeof kt, "%s = %.17g,", f->key, v);
            } else {
                *(int *)at = (int)v;
                snprintf(kt, sizeof kt, "%s = %d,", f->key, (int)v);
            }
            snprintf(text, sizeof text,
                     "-- generated by test_fields.c: package %s = %.17g\n"
                     "return wijksim.scenario {\n"
                     "  name = \"bounds\", area_data = \"areas3.csv\",\n"
                     "  packages = {\n"
                     "    wijksim.package {\n"
                     "      name = \"p\",%s\n"
                     "      %s\n"
                     "      interventions = { wijksim.intervention { name = \"t\", transition = "
                     "\"job_finding\", places_per_year = 10 } },\n"
                     "    },\n"
                     "  },\n"
                     "}\n",
                     f->key, v, own_budget ? "" : " rijk_eur_per_year = 1e6,", kt);
            ws_error el, ec;
            int rl = load(&d, text, &el), rc = check_c(NULL, &pk, &ec);
            char buf[2048];
            fprintf(stderr, "%s = %.17g\n  lua: %s\n  C:   %s\n", f->key, v,
                    rl ? ws_error_format(&el, buf, sizeof buf) : "accepted", ec.msg);
            WT_EQ_INT(rl, WS_EINPUT);
            WT_EQ_INT(rc, WS_EINPUT);
            WT_EQ_STR(el.file, d.scen);
            WT_EQ_INT(el.line, KEY_LINE);
            WT_EQ_STR(el.key, f->key);
            WT_EQ_STR(el.msg, ec.msg);
            char member[128];
            snprintf(member, sizeof member, "%.*s", (int)strcspn(f->member, "["), f->member);
            WT_EQ_STR(ec.key, member);
        }
    }
    wt_dir_remove(&d);
}

/* amount_per_year below 0: refused for a dwelling or capacity target (place_targets.def
 * `negative` 0), with the same message both ways; taken for a shift target. */
WT_CASE(amount_sign_rule)
{
    wt_dir d;
    wt_dir_make(&d);
    for (int t = 0; t < WS_PL_N; t++) {
        const ws_place_target_info *pt = ws_place_target_get(t);
        char text[800];
        snprintf(text, sizeof text,
                 "return wijksim.scenario {\n"
                 "  name = \"sign\", area_data = \"areas3.csv\",\n"
                 "  interventions = { wijksim.intervention { name = \"t\",\n"
                 "    place_target = \"%s\",\n"
                 "    amount_per_year = -2 } },\n"
                 "}\n",
                 pt->name);
        ws_intervention iv;
        ws_intervention_defaults(&iv);
        snprintf(iv.name, sizeof iv.name, "t");
        iv.kind = WS_IV_PLACE;
        iv.place_target = t;
        iv.amount_per_year = -2;
        ws_error el, ec;
        int rl = load(&d, text, &el), rc = check_c(&iv, NULL, &ec);
        fprintf(stderr, "%s: %s\n", pt->name, rl ? el.msg : "accepted");
        if (pt->negative) {
            WT_EQ_INT(rl, 0);
            WT_EQ_INT(rc, 0);
        } else {
            WT_EQ_INT(rl, WS_EINPUT);
            WT_EQ_INT(el.line, 5);
            WT_EQ_STR(el.key, "amount_per_year");
            WT_EQ_STR(el.msg, ec.msg);
            char want[200];
            snprintf(want, sizeof want, "'amount_per_year' must be a number from 0 to 1e+07 for "
                     "'%s', not -2", pt->name);
            if (!strstr(ec.msg, want)) WT_FAIL("%s lacks \"%s\"", ec.msg, want);
        }
    }
    wt_dir_remove(&d);
}

/* ws_intervention_defaults gives what it always gave (the loader fills from it, so results
 * depend on it), now from the .def; every default passes the check; ws_package_defaults too. */
WT_CASE(defaults_from_def)
{
    ws_intervention iv, old;
    ws_intervention_defaults(&iv);
    memset(&old, 0, sizeof old);
    old.evidence = WS_EV_NONE;
    old.kind = WS_IV_PERSON;
    old.package = -1;
    old.payer = WS_PAY_RIJK;
    old.start_year = 1990;
    old.end_year = 2100;
    old.who.age_min = 0;
    old.who.age_max = 120;
    old.who.sex = -1;
    old.who.low_income = old.who.bijstand = old.who.debt = old.who.offender = -1;
    old.who.network = old.who.distress = old.who.good_health = old.who.lonely = -1;
    old.who.no_qualification = -1;
    old.who.member = WS_MB_AUTO;
    old.effect_per = 1;
    old.priority = WS_PR_RANDOM;
    old.take_up = 1;
    old.completion = 1;
    old.programme_months = 12;
    old.transition = WS_TX_JOB_FINDING;
    old.effect_type = WS_EF_HAZARD_RATIO;
    old.effect.kind = WS_DIST_FIXED;
    old.effect.a = 1;
    old.place_target = WS_PL_RENOVATION;
    WT_CHECK(memcmp(&iv, &old, sizeof iv) == 0);
    for (int k = 0; k < WS_IVF_N; k++) {
        const ws_field *f = ws_iv_field_get(k);
        if (f->type == WS_FT_NUMBER && !isnan(f->def) && f->when == WS_FW_ALWAYS)
            WT_NEAR(*(const double *)((const char *)&iv + f->offset), f->def, 0);
        if (f->type == WS_FT_INTEGER) WT_EQ_INT(*(const int *)((const char *)&iv + f->offset), f->def);
    }
    snprintf(iv.name, sizeof iv.name, "d");
    iv.places_per_year = 10; /* a person programme outside a package needs a capacity */
    ws_error e;
    WT_EQ_INT(check_c(&iv, NULL, &e), 0);
    ws_package pk;
    ws_package_defaults(&pk);
    WT_EQ_INT(pk.start_year, 1990);
    WT_EQ_INT(pk.end_year, 2100);
    for (int p = 0; p < WS_PAY_N; p++) WT_NEAR(pk.budget_per_year[p], 0, 0);
    WT_EQ_STR(pk.name, "");
}

/* A C-made name with a newline still gives a one-line message (the name is not a label, so the
 * message counts it: "intervention #1"). */
WT_CASE(messages_one_line)
{
    ws_intervention iv;
    ws_intervention_defaults(&iv);
    snprintf(iv.name, sizeof iv.name, "bad\nname");
    iv.places_per_year = 10;
    ws_error e;
    WT_EQ_INT(check_c(&iv, NULL, &e), WS_EINPUT);
    WT_EQ_STR(e.key, "name");
    WT_CHECK(strchr(e.msg, '\n') == NULL);
    WT_CHECK(strncmp(e.msg, "intervention #1: 'name' \"bad name\"", 34) == 0);
}

WT_MAIN(WT_REG(bounds_person_keys), WT_REG(bounds_place_keys), WT_REG(bounds_common_keys),
        WT_REG(bounds_effect_keys), WT_REG(bounds_package_keys), WT_REG(amount_sign_rule),
        WT_REG(defaults_from_def), WT_REG(messages_one_line))
