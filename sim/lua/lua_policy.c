/* lua_policy.c: validates the wijksim.package and wijksim.intervention tables of a scenario
 * script into the scenario's ws_policy (include/wijksim/intervention.h), for the loader
 * (lua_scenario.c).
 *
 * Design. The loader calls ws__check_policy (lua_internal.h) with the scenario table at index 1
 * after the chunk has returned, below its protected call. Each package and each intervention is
 * validated by a C function lua_call'ed with its table at index 1 (so the field helpers read
 * index 1); the context is in the sandbox: the scenario being filled (sb->v_scen), the package
 * paying (sb->v_pkg), the place of the table (sb->v_place) and the message prefix (sb->v_what).
 *
 * Invariants:
 * - Tables are read with raw accesses only, so no script code runs during validation.
 * - Validation stops at the first error, which goes to sb->verr with the file and line where
 *   the key is written (ws__key_loc, ws__value_loc: see lua_scenario.c) and the dotted key
 *   ("who.age"). Lua errors (memory) propagate to the loader's lua_pcall.
 * - Nothing is allocated on the heap here: interventions and packages are filled in place in
 *   the fixed arrays of sb->v_scen->policy.
 */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <lua.h>

#include "lua_internal.h"
#include "wijksim/intervention.h"

/* ---- Keys ----------------------------------------------------------------------------------- */

/* Keys of each kind of table (the language; see include/wijksim/lua_scenario.h). */
const char *const ws__iv_keys[] = {"name",
                                   "type",
                                   "source",
                                   "cost_source",
                                   "evidence",
                                   "kind",
                                   "areas",
                                   "payer",
                                   "cofinance",
                                   "start_year",
                                   "end_year",
                                   "ramp_up_years",
                                   "who",
                                   "priority",
                                   "places_per_year",
                                   "cost_per_participant",
                                   "fixed_cost_per_year",
                                   "take_up",
                                   "completion",
                                   "programme_months",
                                   "transition",
                                   "effect",
                                   "uncertainty",
                                   "effect_months",
                                   "decay_months",
                                   "place_target",
                                   "amount_per_year",
                                   "cost_per_unit",
                                   "spillover",
                                   NULL};
static const char *const pkg_keys[] = {"name",
                                       "rijk_eur_per_year",
                                       "municipality_eur_per_year",
                                       "corporation_eur_per_year",
                                       "other_eur_per_year",
                                       "start_year",
                                       "end_year",
                                       "interventions",
                                       NULL};

/* ---- Names ---------------------------------------------------------------------------------- */

/* Lua names of the enums of intervention.h and sim/model/world.h. Transitions, place targets and
 * payers take the core's names (core_names); the others are named here. The numbers of the
 * world.h enums are copied here (the core headers are internal to the model); tests/test_lua.c
 * checks that they agree with sim/model/world.h. */
typedef struct sb_name {
    const char *name;
    int value;
} sb_name;

#define SB_MAX_NAMES 32 /* entries of the longest name table, with room to spare */

/* Fills t (n + 1 entries) with the core's names of the values 0..n-1 (name: ws_transition_name,
 * ws_place_target_name or ws_payer_name of sim/base/policy.c) and the NULL end; returns t. */
static const sb_name *core_names(sb_name *t, int n, const char *(*name)(int))
{
    for (int v = 0; v < n; v++)
        t[v] = (sb_name){name(v), v};
    t[n] = (sb_name){NULL, 0};
    return t;
}

static const sb_name evidence_names[] = {
    {"strong", WS_EV_STRONG},
    {"moderate", WS_EV_MODERATE},
    {"weak", WS_EV_WEAK},
    {"none", WS_EV_NONE},
    {NULL, 0},
};
static const sb_name kind_names[] = {{"person", WS_IV_PERSON}, {"place", WS_IV_PLACE}, {NULL, 0}};
static const sb_name priority_names[] = {
    {"risk", WS_PR_RISK}, {"random", WS_PR_RANDOM}, {"first_come", WS_PR_FIRST_COME}, {NULL, 0}};
static const sb_name dist_names[] = {{"fixed", WS_DIST_FIXED},
                                     {"normal", WS_DIST_NORMAL},
                                     {"lognormal", WS_DIST_LOGNORMAL},
                                     {"uniform", WS_DIST_UNIFORM},
                                     {NULL, 0}};
/* sim/model/world.h: enum ws_labour, ws_stage, ws_track, ws_tenure, WS_SEX_*. */
static const sb_name labour_names[] = {
    {"child", 0},    {"student", 1},  {"employed", 2}, {"unemployed", 3}, {"bijstand", 4},
    {"inactive", 5}, {"disabled", 6}, {"retired", 7},  {NULL, 0},
};
static const sb_name stage_names[] = {
    {"none", 0}, {"primary", 1}, {"secondary", 2}, {"post", 3}, {"done", 4}, {NULL, 0},
};
static const sb_name track_names[] = {{"vmbo_bk", 1}, {"mid", 2}, {"vwo", 3}, {NULL, 0}};
static const sb_name tenure_names[] = {{"social", 0}, {"private", 1}, {"owner", 2}, {NULL, 0}};
static const sb_name sex_names[] = {{"male", 0}, {"female", 1}, {NULL, 0}};

static int name_find(const sb_name *t, const char *s)
{
    for (; t->name; t++)
        if (strcmp(t->name, s) == 0) return t->value;
    return -1;
}

/* "a", "b" or "c" for a message, with a suggestion for `got` if one is close. */
static void names_text(const sb_name *t, const char *got, char *out, size_t n)
{
    const char *tried[SB_MAX_NAMES + 1]; /* the names listed, for the suggestion */
    size_t len = 0, cnt = 0, i = 0;
    while (t[cnt].name)
        cnt++;
    for (; i < cnt && i < SB_MAX_NAMES && len < n; i++) {
        tried[i] = t[i].name;
        len += (size_t)snprintf(out + len, n - len, "%s\"%s\"",
                                i == 0         ? ""
                                : i + 1 == cnt ? " or "
                                               : ", ",
                                t[i].name);
    }
    tried[i] = NULL;
    const char *sug = got ? ws__suggest(got, tried) : NULL;
    if (sug && len < n) snprintf(out + len, n - len, " (did you mean \"%s\"?)", sug);
}

/* ---- Fields of a policy table ------------------------------------------------------------- */

/* Records a validation error at loc about key, prefixed with sb->v_what. Returns -1. */
static int vfail(sandbox *sb, sb_loc loc, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int vfail(sandbox *sb, sb_loc loc, const char *key, const char *fmt, ...)
{
    char msg[sizeof sb->verr.msg];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    ws_error_set(&sb->verr, WS_EINPUT, sb->chunk[loc.chunk]->path, loc.line, key, "%s: %s",
                 sb->v_what, msg);
    return -1;
}

/* A field of a policy table: the table's stack index, its key, the dotted key for messages,
 * and where the table is written (parent: NULL for a top-level table at sb->v_place). */
typedef struct sb_fld {
    int t;
    const char *key;
    const sb_loc *parent;
    char full[128];
} sb_fld;

static sb_fld fld(int t, const char *key, const sb_loc *parent, const char *prefix)
{
    sb_fld f = {t, key, parent, ""};
    if (prefix)
        snprintf(f.full, sizeof f.full, "%s.%s", prefix, key);
    else
        ws__sb_copy_str(f.full, sizeof f.full, key);
    return f;
}

static sb_loc fld_loc(sandbox *sb, const sb_fld *f)
{
    return f->parent ? ws__value_loc(sb, *f->parent, f->key, false, 1)
                     : ws__key_loc(sb, sb->v_place, f->key);
}

/* Pushes the field's value; returns its type. */
static int fld_get(lua_State *L, const sb_fld *f)
{
    lua_pushstring(L, f->key);
    return lua_rawget(L, f->t);
}

/* Pushes the value of f and describes it into got (96 bytes) for messages; sets *given (if
 * non-NULL). Returns its type; LUA_TNIL, with nothing left pushed, when it is absent. */
static int opt_value(lua_State *L, const sb_fld *f, bool *given, char *got)
{
    int ty = fld_get(L, f);
    if (given) *given = ty != LUA_TNIL;
    if (ty == LUA_TNIL) {
        lua_pop(L, 1);
        return LUA_TNIL;
    }
    ws__describe(L, -1, got, 96);
    return ty;
}

/* Optional number in a range; bounds are closed unless lo_open/hi_open. Returns 0 and sets
 * *given (if non-NULL); leaves *out alone when absent. */
static int opt_num(sandbox *sb, lua_State *L, const sb_fld *f, double lo, bool lo_open, double hi,
                   bool hi_open, double *out, bool *given)
{
    char got[96];
    int ty = opt_value(L, f, given, got);
    if (ty == LUA_TNIL) return 0;
    double v = ty == LUA_TNUMBER ? lua_tonumber(L, -1) : NAN;
    lua_pop(L, 1);
    if (ty != LUA_TNUMBER || !isfinite(v) || (lo_open ? v <= lo : v < lo) ||
        (hi_open ? v >= hi : v > hi))
        return vfail(sb, fld_loc(sb, f), f->full, "'%s' must be a number %s %g and %s %g, not %s",
                     f->full, lo_open ? "greater than" : "from", lo,
                     hi_open ? "less than" : "at most", hi, got);
    *out = v;
    return 0;
}

static int opt_int(sandbox *sb, lua_State *L, const sb_fld *f, long long lo, long long hi, int *out,
                   bool *given)
{
    char got[96];
    int ty = opt_value(L, f, given, got);
    if (ty == LUA_TNIL) return 0;
    double v = ty == LUA_TNUMBER ? lua_tonumber(L, -1) : NAN;
    lua_pop(L, 1);
    if (ty != LUA_TNUMBER || v != floor(v) || v < (double)lo || v > (double)hi)
        return vfail(sb, fld_loc(sb, f), f->full,
                     "'%s' must be a whole number from %lld to %lld, not %s", f->full, lo, hi, got);
    *out = (int)v;
    return 0;
}

/* Optional string of at most n - 1 bytes into out (untouched when absent). */
static int opt_str(sandbox *sb, lua_State *L, const sb_fld *f, char *out, size_t n, bool *given)
{
    char got[96];
    int ty = opt_value(L, f, given, got);
    if (ty == LUA_TNIL) return 0;
    size_t len = 0;
    const char *v = ty == LUA_TSTRING ? lua_tolstring(L, -1, &len) : NULL;
    if (!v || strlen(v) != len) {
        lua_pop(L, 1);
        return vfail(sb, fld_loc(sb, f), f->full, "'%s' must be a string, not %s", f->full, got);
    }
    if (len >= n) {
        lua_pop(L, 1);
        return vfail(sb, fld_loc(sb, f), f->full, "'%s' is %zu bytes long; at most %zu are allowed",
                     f->full, len, n - 1);
    }
    memcpy(out, v, len + 1);
    lua_pop(L, 1);
    return 0;
}

/* Optional name from table t (untouched when absent). */
static int opt_enum(sandbox *sb, lua_State *L, const sb_fld *f, const sb_name *t, int *out,
                    bool *given)
{
    char got[96], names[400];
    int ty = opt_value(L, f, given, got);
    if (ty == LUA_TNIL) return 0;
    const char *v = ty == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
    int val = v ? name_find(t, v) : -1;
    char shown[64];
    ws__sb_one_line(shown, sizeof shown, v ? v : "");
    lua_pop(L, 1);
    if (val < 0) {
        names_text(t, v ? shown : NULL, names, sizeof names);
        return vfail(sb, fld_loc(sb, f), f->full, "'%s' must be %s, not %s", f->full, names, got);
    }
    *out = val;
    return 0;
}

/* Optional boolean as a tri-state (-1 absent, 0 false, 1 true). */
static int opt_tri(sandbox *sb, lua_State *L, const sb_fld *f, int *out)
{
    char got[96];
    int ty = opt_value(L, f, NULL, got);
    *out = -1;
    if (ty == LUA_TNIL) return 0;
    if (ty != LUA_TBOOLEAN) {
        lua_pop(L, 1);
        return vfail(sb, fld_loc(sb, f), f->full,
                     "'%s' must be true or false (leave it out for \"either\"), not %s", f->full,
                     got);
    }
    *out = lua_toboolean(L, -1);
    lua_pop(L, 1);
    return 0;
}

/* Pushes the field's value if it is a table (returns 1), nothing if absent (0), or fails (-1).
 * *loc is set to where the field is written. */
static int opt_table(sandbox *sb, lua_State *L, const sb_fld *f, sb_loc *loc, const char *shape)
{
    int ty = fld_get(L, f);
    if (ty == LUA_TNIL) {
        lua_pop(L, 1);
        return 0;
    }
    *loc = fld_loc(sb, f);
    if (ty != LUA_TTABLE) {
        char got[96];
        ws__describe(L, -1, got, sizeof got);
        lua_pop(L, 1);
        return vfail(sb, *loc, f->full, "'%s' must be %s, not %s", f->full, shape, got);
    }
    return 1;
}

/* Keys of the sub-table at t (written at loc) must be in keys. */
static int sub_keys(sandbox *sb, lua_State *L, int t, sb_loc loc, const char *full,
                    const char *const *keys)
{
    char all[400];
    ws__list_text(keys, all, sizeof all);
    lua_pushnil(L);
    while (lua_next(L, t)) {
        if (lua_type(L, -2) != LUA_TSTRING)
            return vfail(sb, loc, full, "'%s' takes only keys (%s), written as key = value", full,
                         all);
        const char *k = lua_tostring(L, -2);
        if (!ws__in_list(keys, k)) {
            char shown[64], fk[128];
            ws__sb_one_line(shown, sizeof shown, k);
            snprintf(fk, sizeof fk, "%s.%s", full, shown);
            const char *sug = ws__suggest(shown, keys);
            sb_loc l = ws__value_loc(sb, loc, k, false, 1);
            if (sug) return vfail(sb, l, fk, "unknown key '%s' (did you mean '%s'?)", fk, sug);
            return vfail(sb, l, fk, "unknown key '%s'; the keys of '%s' are %s", fk, full, all);
        }
        lua_pop(L, 1);
    }
    return 0;
}

/* A list of names (or one name) into a bit mask. */
static int opt_mask(sandbox *sb, lua_State *L, int t, const char *key, const sb_loc *parent,
                    const char *prefix, const sb_name *names, uint32_t *mask)
{
    sb_fld f = fld(t, key, parent, prefix);
    int ty = fld_get(L, &f);
    *mask = 0;
    if (ty == LUA_TNIL) {
        lua_pop(L, 1);
        return 0;
    }
    sb_loc loc = fld_loc(sb, &f);
    char got[96], txt[400];
    if (ty == LUA_TSTRING) { /* one name */
        lua_createtable(L, 1, 0);
        lua_insert(L, -2);
        lua_rawseti(L, -2, 1);
    } else if (ty != LUA_TTABLE) {
        ws__describe(L, -1, got, sizeof got);
        names_text(names, NULL, txt, sizeof txt);
        lua_pop(L, 1);
        return vfail(sb, loc, f.full, "'%s' must be a list of %s, not %s", f.full, txt, got);
    }
    lua_Unsigned n = lua_rawlen(L, -1), count = 0;
    lua_pushnil(L);
    while (lua_next(L, -2)) {
        count++;
        lua_pop(L, 1);
    }
    names_text(names, NULL, txt, sizeof txt);
    if (n == 0 || count != n) {
        lua_pop(L, 1);
        return vfail(sb, loc, f.full, "'%s' must be a non-empty list of %s (leave it out for any)",
                     f.full, txt);
    }
    for (lua_Unsigned k = 1; k <= n; k++) {
        int et = lua_rawgeti(L, -1, (lua_Integer)k);
        const char *v = et == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
        int val = v ? name_find(names, v) : -1;
        if (val < 0) {
            ws__describe(L, -1, got, sizeof got);
            char shown[64];
            ws__sb_one_line(shown, sizeof shown, v ? v : "");
            names_text(names, v ? shown : NULL, txt, sizeof txt);
            sb_loc l = v ? ws__value_loc(sb, loc, v, true, 1) : loc;
            lua_pop(L, 2);
            return vfail(sb, l, f.full, "'%s' entry #%llu must be %s, not %s", f.full,
                         (unsigned long long)k, txt, got);
        }
        *mask |= 1u << val;
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    return 0;
}

/* ---- Parts of an intervention ------------------------------------------------------------- */

static const char *const who_keys[] = {"age",         "sex",      "labour",           "stage",
                                       "track",       "tenure",   "low_income",       "bijstand",
                                       "debt",        "offender", "network",          "distress",
                                       "good_health", "lonely",   "no_qualification", NULL};

static int check_who(sandbox *sb, lua_State *L, ws_selector *w)
{
    sb_fld f = fld(1, "who", NULL, NULL);
    sb_loc loc;
    int r = opt_table(sb, L, &f, &loc, "a table like { age = {16, 27}, labour = {\"bijstand\"} }");
    if (r <= 0) return r;
    int t = lua_gettop(L);
    if (lua_rawlen(L, t) > 0)
        return vfail(sb, loc, "who", "'who' takes only keys (age, sex, labour, ...), not a list");
    if (sub_keys(sb, L, t, loc, "who", who_keys)) return -1;
    /* age = {lo, hi} */
    sb_fld fa = fld(t, "age", &loc, "who");
    int ty = fld_get(L, &fa);
    if (ty != LUA_TNIL) {
        bool ok = ty == LUA_TTABLE && lua_rawlen(L, -1) == 2;
        double lo = 0, hi = 0;
        if (ok) {
            lua_rawgeti(L, -1, 1);
            lua_rawgeti(L, -2, 2);
            ok = lua_type(L, -2) == LUA_TNUMBER && lua_type(L, -1) == LUA_TNUMBER;
            lo = lua_tonumber(L, -2);
            hi = lua_tonumber(L, -1);
            lua_pop(L, 2);
            ok = ok && lo == floor(lo) && hi == floor(hi) && lo >= 0 && hi <= 120 && lo <= hi;
        }
        lua_pop(L, 1);
        if (!ok)
            return vfail(sb, fld_loc(sb, &fa), "who.age",
                         "'who.age' must be { min, max }: whole years from 0 to 120 with min <= "
                         "max, e.g. { 16, 27 }");
        w->age_min = (int)lo;
        w->age_max = (int)hi;
    } else {
        lua_pop(L, 1);
    }
    sb_fld fs = fld(t, "sex", &loc, "who");
    if (opt_enum(sb, L, &fs, sex_names, &w->sex, NULL)) return -1;
    if (opt_mask(sb, L, t, "labour", &loc, "who", labour_names, &w->labour_mask) ||
        opt_mask(sb, L, t, "stage", &loc, "who", stage_names, &w->stage_mask) ||
        opt_mask(sb, L, t, "track", &loc, "who", track_names, &w->track_mask) ||
        opt_mask(sb, L, t, "tenure", &loc, "who", tenure_names, &w->tenure_mask))
        return -1;
    struct {
        const char *k;
        int *p;
    } tri[] = {{"low_income", &w->low_income},
               {"bijstand", &w->bijstand},
               {"debt", &w->debt},
               {"offender", &w->offender},
               {"network", &w->network},
               {"distress", &w->distress},
               {"good_health", &w->good_health},
               {"lonely", &w->lonely},
               {"no_qualification", &w->no_qualification}};
    for (size_t i = 0; i < sizeof tri / sizeof tri[0]; i++) {
        sb_fld ft = fld(t, tri[i].k, &loc, "who");
        if (opt_tri(sb, L, &ft, tri[i].p)) return -1;
    }
    lua_settop(L, t - 1);
    return 0;
}

static const char *const effect_keys[] = {"hr", "odds_ratio", "shift", NULL};
static const char *const unc_keys[] = {"dist", "sd", "sd_log", "min", "max", NULL};

/* effect = { hr = x } | { odds_ratio = x } | { shift = x }; uncertainty = { dist = ... }. */
static int check_effect(sandbox *sb, lua_State *L, ws_intervention *iv, bool *given)
{
    sb_fld f = fld(1, "effect", NULL, NULL);
    sb_loc loc;
    *given = false;
    int r = opt_table(sb, L, &f, &loc,
                      "a table like { hr = 1.2 }, { odds_ratio = 0.8 } or { shift = 0.1 }");
    if (r < 0) return -1;
    if (r > 0) {
        int t = lua_gettop(L);
        if (sub_keys(sb, L, t, loc, "effect", effect_keys)) return -1;
        int n = 0;
        for (int i = 0; effect_keys[i]; i++) {
            lua_getfield(L, t, effect_keys[i]); /* plain table: raw in effect */
            n += !lua_isnil(L, -1);
            lua_pop(L, 1);
        }
        if (n != 1)
            return vfail(sb, loc, "effect",
                         "'effect' must give exactly one of hr, odds_ratio or shift (got %d)", n);
        double v = 1;
        sb_fld fh = fld(t, "hr", &loc, "effect"), fo = fld(t, "odds_ratio", &loc, "effect"),
               fs = fld(t, "shift", &loc, "effect");
        bool g;
        if (opt_num(sb, L, &fh, 0, true, 100, false, &v, &g)) return -1;
        if (g) iv->effect_type = WS_EF_HAZARD_RATIO;
        if (opt_num(sb, L, &fo, 0, true, 100, false, &v, &g)) return -1;
        if (g) iv->effect_type = WS_EF_ODDS_RATIO;
        if (opt_num(sb, L, &fs, -10, false, 10, false, &v, &g)) return -1;
        if (g) iv->effect_type = WS_EF_SHIFT;
        iv->effect.kind = WS_DIST_FIXED;
        iv->effect.a = v;
        iv->effect.b = 0;
        *given = true;
        lua_settop(L, t - 1);
    }
    sb_fld fu = fld(1, "uncertainty", NULL, NULL);
    int tyu = fld_get(L, &fu);
    if (tyu == LUA_TSTRING && strcmp(lua_tostring(L, -1), "none") == 0) tyu = LUA_TNIL;
    lua_pop(L, 1);
    if (tyu == LUA_TNIL) return 0;
    r = opt_table(sb, L, &fu, &loc,
                  "a table like { dist = \"lognormal\", sd_log = 0.2 }, or \"none\"");
    if (r < 0) return -1;
    int t = lua_gettop(L);
    if (!*given)
        return vfail(sb, loc, "uncertainty",
                     "'uncertainty' needs an 'effect' to be uncertain about");
    if (sub_keys(sb, L, t, loc, "uncertainty", unc_keys)) return -1;
    int kind = -1;
    sb_fld fd = fld(t, "dist", &loc, "uncertainty");
    bool g;
    if (opt_enum(sb, L, &fd, dist_names, &kind, &g)) return -1;
    if (!g)
        return vfail(sb, loc, "uncertainty.dist",
                     "'uncertainty.dist' is required: \"lognormal\", \"normal\", \"uniform\" or "
                     "\"fixed\"");
    const char *need[4][3] = {
        {NULL, NULL, NULL}, {"sd", NULL, NULL}, {"sd_log", NULL, NULL}, {"min", "max", NULL}};
    /* pass 0 reports a key that does not belong, pass 1 one that is missing */
    for (int pass = 0; pass < 2; pass++)
        for (int i = 1; unc_keys[i]; i++) {
            lua_getfield(L, t, unc_keys[i]);
            bool has = !lua_isnil(L, -1);
            lua_pop(L, 1);
            bool wanted = false;
            for (int j = 0; need[kind][j]; j++)
                wanted |= strcmp(need[kind][j], unc_keys[i]) == 0;
            char fk[64];
            snprintf(fk, sizeof fk, "uncertainty.%s", unc_keys[i]);
            if (has != wanted && has == (pass == 0))
                return vfail(sb, has ? ws__value_loc(sb, loc, unc_keys[i], false, 1) : loc, fk,
                             "'%s' %s with dist = \"%s\" (fixed: nothing; normal: sd; lognormal: "
                             "sd_log; uniform: min and max)",
                             fk, has ? "does not go" : "is required", dist_names[kind].name);
        }
    bool ratio = iv->effect_type != WS_EF_SHIFT;
    double a = iv->effect.a, b = 0;
    if (kind == WS_DIST_NORMAL) {
        sb_fld fsd = fld(t, "sd", &loc, "uncertainty");
        if (opt_num(sb, L, &fsd, 0, false, 10, false, &b, NULL)) return -1;
        if (ratio && a - 3 * b <= 0)
            return vfail(sb, fld_loc(sb, &fsd), "uncertainty.sd",
                         "'uncertainty.sd' = %g lets the ratio %g fall to 0 or below (mean - 3 sd "
                         "<= 0); use dist = \"lognormal\" for ratios",
                         b, a);
    } else if (kind == WS_DIST_LOGNORMAL) {
        sb_fld fsl = fld(t, "sd_log", &loc, "uncertainty");
        if (opt_num(sb, L, &fsl, 0, false, 3, false, &b, NULL)) return -1;
        if (!ratio && a <= 0)
            return vfail(sb, loc, "uncertainty.dist",
                         "'uncertainty.dist' = \"lognormal\" needs a positive effect; a shift of "
                         "%g can use \"normal\" or \"uniform\"",
                         a);
    } else if (kind == WS_DIST_UNIFORM) {
        sb_fld fmin = fld(t, "min", &loc, "uncertainty"), fmax = fld(t, "max", &loc, "uncertainty");
        double lo = 0, hi = 0;
        if (opt_num(sb, L, &fmin, ratio ? 0 : -10, ratio, ratio ? 100 : 10, false, &lo, NULL) ||
            opt_num(sb, L, &fmax, ratio ? 0 : -10, ratio, ratio ? 100 : 10, false, &hi, NULL))
            return -1;
        if (!(lo < hi) || a < lo || a > hi)
            return vfail(sb, fld_loc(sb, &fmin), "uncertainty.min",
                         "'uncertainty.min' and 'uncertainty.max' (%g, %g) must satisfy min < "
                         "max and contain the effect %g",
                         lo, hi, a);
        a = lo;
        b = hi;
    }
    iv->effect.kind = kind;
    iv->effect.a = a;
    iv->effect.b = b;
    lua_settop(L, t - 1);
    return 0;
}

/* cofinance = { rijk = 0.7, municipality = 0.3 }: shares in [0, 1] summing to 1. */
static int check_cofinance(sandbox *sb, lua_State *L, ws_intervention *iv, bool payer_given)
{
    sb_fld f = fld(1, "cofinance", NULL, NULL);
    sb_loc loc;
    int r = opt_table(sb, L, &f, &loc,
                      "a table of payer = share, e.g. { rijk = 0.7, municipality = 0.3 }");
    if (r <= 0) {
        if (r == 0) {
            for (int p = 0; p < WS_PAY_N; p++)
                iv->cofinance[p] = p == iv->payer;
        }
        return r;
    }
    int t = lua_gettop(L);
    const char *pay_keys[WS_PAY_N + 1] = {NULL}; /* the payers' names (sim/base/policy.c) */
    for (int p = 0; p < WS_PAY_N; p++)
        pay_keys[p] = ws_payer_name(p);
    if (sub_keys(sb, L, t, loc, "cofinance", pay_keys)) return -1;
    double sum = 0, best = -1;
    int best_p = WS_PAY_RIJK;
    for (int p = 0; p < WS_PAY_N; p++) {
        sb_fld fp = fld(t, pay_keys[p], &loc, "cofinance");
        double v = 0;
        if (opt_num(sb, L, &fp, 0, false, 1, false, &v, NULL)) return -1;
        iv->cofinance[p] = v;
        sum += v;
        if (v > best) {
            best = v;
            best_p = p;
        }
    }
    if (fabs(sum - 1) > 1e-6)
        return vfail(sb, loc, "cofinance", "the shares in 'cofinance' must add up to 1 (got %g)",
                     sum);
    if (!payer_given) iv->payer = best_p;
    lua_settop(L, t - 1);
    return 0;
}

/* areas = { "id", ... } | "all": indices into the scenario's area table; each must be simulated
 * by the scenario. */
static int check_iv_areas(sandbox *sb, lua_State *L, ws_intervention *iv)
{
    const ws_scenario *s = sb->v_scen;
    sb_fld f = fld(1, "areas", NULL, NULL);
    int ty = fld_get(L, &f);
    if (ty == LUA_TNIL || (ty == LUA_TSTRING && strcmp(lua_tostring(L, -1), "all") == 0)) {
        lua_pop(L, 1);
        iv->n_areas = 0;
        return 0;
    }
    sb_loc loc = fld_loc(sb, &f);
    char got[96];
    ws__describe(L, -1, got, sizeof got);
    if (ty != LUA_TTABLE) {
        lua_pop(L, 1);
        return vfail(sb, loc, "areas", "'areas' must be \"all\" or a list of area ids, not %s",
                     got);
    }
    lua_Unsigned n = lua_rawlen(L, -1), count = 0;
    lua_pushnil(L);
    while (lua_next(L, -2)) {
        count++;
        lua_pop(L, 1);
    }
    if (n == 0 || count != n)
        return vfail(sb, loc, "areas",
                     "'areas' must be a non-empty list of area ids like { \"a\", \"b\" }");
    if (n > (lua_Unsigned)(sizeof iv->area_index / sizeof iv->area_index[0]))
        return vfail(sb, loc, "areas", "'areas' lists %llu areas; at most %zu are allowed",
                     (unsigned long long)n, sizeof iv->area_index / sizeof iv->area_index[0]);
    for (lua_Unsigned k = 1; k <= n; k++) {
        int et = lua_rawgeti(L, -1, (lua_Integer)k);
        if (et != LUA_TSTRING) {
            ws__describe(L, -1, got, sizeof got);
            return vfail(sb, loc, "areas", "'areas' entry #%llu must be an area id, not %s",
                         (unsigned long long)k, got);
        }
        size_t len;
        const char *id = lua_tolstring(L, -1, &len);
        char shown[64];
        ws__sb_one_line(shown, sizeof shown, id);
        int idx = strlen(id) == len ? ws_area_table_find(&s->areas, id) : -1;
        if (idx < 0) {
            char hint[600];
            ws__area_hint(&s->areas, shown, hint, sizeof hint);
            return vfail(sb, ws__value_loc(sb, loc, id, true, 1), "areas",
                         "unknown area '%s' in 'areas'; %s", shown, hint);
        }
        bool sim = false;
        for (int j = 0; j < s->n_areas; j++)
            sim |= s->area_sel[j] == idx;
        if (!sim)
            return vfail(sb, ws__value_loc(sb, loc, id, true, 1), "areas",
                         "area '%s' in 'areas' is not simulated by the scenario (see its "
                         "'areas')",
                         shown);
        for (int j = 0; j < iv->n_areas; j++)
            if (iv->area_index[j] == idx)
                return vfail(sb, ws__value_loc(sb, loc, id, true, 2), "areas",
                             "area '%s' is listed twice in 'areas'", shown);
        iv->area_index[iv->n_areas++] = idx;
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    return 0;
}

/* ---- Interventions and packages ----------------------------------------------------------- */

/* Fails (vfail) on the first key of the table at index 1 that is not in keys, suggesting the
 * nearest known key; `what` names the kind of table. Returns 1 when every key is known, 0 after
 * a failure. */
static int known_keys_only(sandbox *sb, lua_State *L, int pi, const char *const *keys,
                           const char *what)
{
    lua_pushnil(L);
    while (lua_next(L, 1)) {
        if (lua_type(L, -2) != LUA_TSTRING || !ws__in_list(keys, lua_tostring(L, -2))) {
            char bad[64] = "?", all[800];
            if (lua_type(L, -2) == LUA_TSTRING)
                ws__sb_one_line(bad, sizeof bad, lua_tostring(L, -2));
            const char *sug = ws__suggest(bad, keys);
            ws__list_text(keys, all, sizeof all);
            if (sug)
                return vfail(sb, ws__key_loc(sb, pi, bad), bad,
                             "unknown key '%s' (did you mean '%s'?)", bad, sug),
                       0;
            return vfail(sb, ws__key_loc(sb, pi, bad), bad, "unknown key '%s'; %s keys are %s", bad,
                         what, all),
                   0;
        }
        lua_pop(L, 1);
    }
    return 1;
}

/* Name rule shared by interventions and packages (HDF5 labels): letters, digits, _ . - + ( ) ,
 * and spaces inside. */
static bool label_ok(const char *v)
{
    size_t len = strlen(v);
    if (len == 0 || v[0] == ' ' || v[len - 1] == ' ' || strspn(v, ".") == len) return false;
    for (size_t i = 0; i < len; i++)
        if (!(isalnum((unsigned char)v[i]) || strchr(" _.,+()-", v[i]))) return false;
    return true;
}

/* Keys that only a person or only a place programme takes. */
static const char *const person_only[] = {
    "who",        "priority",         "places_per_year", "cost_per_participant", "take_up",
    "completion", "programme_months", "transition",      "effect_months",        "decay_months",
    NULL};
static const char *const place_only[] = {"place_target", "amount_per_year", "cost_per_unit",
                                         "spillover", NULL};

/* Fills iv the way ws_intervention_defaults (intervention.h) does, plus 12 programme months. */
static void iv_defaults(ws_intervention *iv)
{
    ws_intervention_defaults(iv);   /* the core's defaults (sim/base/policy.c) */
    iv->cofinance[WS_PAY_RIJK] = 1; /* explicit: the whole cost to the default payer */
}

/* Protected (lua_call'd with the intervention table at 1): validates it into the next slot of
 * sb->v_scen->policy. Errors go to sb->verr. */
static int v_intervention(lua_State *L)
{
    sandbox *sb = ws__sb_get(L);
    ws_scenario *s = sb->v_scen;
    ws_policy *pol = &s->policy;
    int pi = sb->v_place;
    if (pol->n_interventions == WS_MAX_INTERVENTIONS)
        return vfail(sb, ws__key_loc(sb, pi, ""), NULL,
                     "more than %d interventions in one scenario", WS_MAX_INTERVENTIONS),
               0;
    ws_intervention iv;
    iv_defaults(&iv);
    iv.package = sb->v_pkg;
    const ws_package *pk = sb->v_pkg >= 0 ? &pol->pk[sb->v_pkg] : NULL;
    if (pk) {
        iv.start_year = pk->start_year;
        iv.end_year = pk->end_year;
    }
    /* name first, for the messages */
    bool g_name = false, g_type = false, g;
    snprintf(sb->v_what, sizeof sb->v_what, "intervention");
    sb_fld f;
    f = fld(1, "type", NULL, NULL);
    if (opt_str(sb, L, &f, iv.type, sizeof iv.type, &g_type)) return 0;
    f = fld(1, "name", NULL, NULL);
    if (opt_str(sb, L, &f, iv.name, sizeof iv.name, &g_name)) return 0;
    if (!g_name) ws__sb_copy_str(iv.name, sizeof iv.name, iv.type);
    if (!iv.name[0])
        return vfail(sb, ws__key_loc(sb, pi, "name"), "name",
                     "'name' is required (or a 'type' to take it from)"),
               0;
    if (!label_ok(iv.name))
        return vfail(sb, ws__key_loc(sb, pi, g_name ? "name" : "type"), g_name ? "name" : "type",
                     "'name' \"%s\" may only contain letters, digits, spaces inside and "
                     "_ . , + ( ) - (it labels results)",
                     iv.name),
               0;
    snprintf(sb->v_what, sizeof sb->v_what, "intervention '%s'", iv.name);
    for (int i = 0; i < pol->n_interventions; i++)
        if (strcmp(pol->iv[i].name, iv.name) == 0)
            return vfail(sb, ws__key_loc(sb, pi, g_name ? "name" : "type"),
                         g_name ? "name" : "type",
                         "'name' \"%s\" is used by two interventions of scenario '%s'; give "
                         "each its own name",
                         iv.name, s->name),
                   0;
    if (!known_keys_only(sb, L, pi, ws__iv_keys, "intervention")) return 0;
    if (lua_rawlen(L, 1) > 0)
        return vfail(sb, ws__key_loc(sb, pi, ""), NULL,
                     "the intervention table has a value without a key: write key = value"),
               0;
    char cost_src[256] = "";
    f = fld(1, "source", NULL, NULL);
    if (opt_str(sb, L, &f, iv.source, sizeof iv.source, NULL)) return 0;
    f = fld(1, "cost_source", NULL, NULL);
    if (opt_str(sb, L, &f, cost_src, sizeof cost_src, NULL)) return 0;
    if (cost_src[0]) {
        size_t len = strlen(iv.source);
        snprintf(iv.source + len, sizeof iv.source - len, "%scost: %s", len ? " | " : "", cost_src);
    }
    f = fld(1, "evidence", NULL, NULL);
    if (opt_enum(sb, L, &f, evidence_names, &iv.evidence, NULL)) return 0;
    /* kind: given, or from transition / place_target */
    bool has_tx, has_pl;
    f = fld(1, "transition", NULL, NULL);
    has_tx = fld_get(L, &f) != LUA_TNIL;
    f = fld(1, "place_target", NULL, NULL);
    has_pl = fld_get(L, &f) != LUA_TNIL;
    lua_settop(L, 1);
    iv.kind = has_pl && !has_tx ? WS_IV_PLACE : WS_IV_PERSON;
    bool g_kind;
    f = fld(1, "kind", NULL, NULL);
    if (opt_enum(sb, L, &f, kind_names, &iv.kind, &g_kind)) return 0;
    bool person = iv.kind == WS_IV_PERSON;
    const char *const *wrong = person ? place_only : person_only;
    for (const char *const *k = wrong; *k; k++) {
        f = fld(1, *k, NULL, NULL);
        bool has = fld_get(L, &f) != LUA_TNIL;
        lua_pop(L, 1);
        if (has)
            return vfail(sb, ws__key_loc(sb, pi, *k), *k,
                         "'%s' is a %s-programme key, but this is a %s programme%s", *k,
                         person ? "place" : "person", person ? "person" : "place",
                         person ? (has_tx ? "" : " (it has no 'transition'; set kind = \"place\")")
                                : (has_pl ? "" : " (set kind = \"person\")")),
                   0;
    }
    if (check_iv_areas(sb, L, &iv)) return 0;
    bool g_payer;
    f = fld(1, "payer", NULL, NULL);
    sb_name pay_names[WS_PAY_N + 1];
    if (opt_enum(sb, L, &f, core_names(pay_names, WS_PAY_N, ws_payer_name), &iv.payer, &g_payer))
        return 0;
    if (check_cofinance(sb, L, &iv, g_payer)) return 0;
    bool g_start, g_end;
    f = fld(1, "start_year", NULL, NULL);
    if (opt_int(sb, L, &f, 1990, 2100, &iv.start_year, &g_start)) return 0;
    f = fld(1, "end_year", NULL, NULL);
    if (opt_int(sb, L, &f, 1990, 2100, &iv.end_year, &g_end)) return 0;
    if (iv.start_year > iv.end_year)
        return vfail(sb, ws__key_loc(sb, pi, g_start ? "start_year" : "end_year"),
                     g_start ? "start_year" : "end_year", "'start_year' %d is after 'end_year' %d",
                     iv.start_year, iv.end_year),
               0;
    if (pk && (iv.start_year < pk->start_year || iv.end_year > pk->end_year))
        return vfail(sb, ws__key_loc(sb, pi, g_start ? "start_year" : "end_year"),
                     g_start ? "start_year" : "end_year",
                     "'start_year'..'end_year' (%d..%d) lies outside the years of its package "
                     "'%s' (%d..%d), which pays for it",
                     iv.start_year, iv.end_year, pk->name, pk->start_year, pk->end_year),
               0;
    f = fld(1, "ramp_up_years", NULL, NULL);
    if (opt_num(sb, L, &f, 0, false, 30, false, &iv.ramp_up_years, NULL)) return 0;
    f = fld(1, "fixed_cost_per_year", NULL, NULL);
    if (opt_num(sb, L, &f, 0, false, 1e10, false, &iv.fixed_cost_per_year, NULL)) return 0;
    bool g_effect;
    if (check_effect(sb, L, &iv, &g_effect)) return 0;
    double budget = 0;
    if (pk)
        for (int p = 0; p < WS_PAY_N; p++)
            budget += pk->budget_per_year[p];
    if (person) {
        if (check_who(sb, L, &iv.who)) return 0;
        f = fld(1, "priority", NULL, NULL);
        if (opt_enum(sb, L, &f, priority_names, &iv.priority, NULL)) return 0;
        f = fld(1, "places_per_year", NULL, NULL);
        if (opt_num(sb, L, &f, 0, false, 1e7, false, &iv.places_per_year, NULL)) return 0;
        f = fld(1, "cost_per_participant", NULL, NULL);
        if (opt_num(sb, L, &f, 0, false, 1e7, false, &iv.cost_per_participant, NULL)) return 0;
        f = fld(1, "take_up", NULL, NULL);
        if (opt_num(sb, L, &f, 0, true, 1, false, &iv.take_up, NULL)) return 0;
        f = fld(1, "completion", NULL, NULL);
        if (opt_num(sb, L, &f, 0, true, 1, false, &iv.completion, NULL)) return 0;
        f = fld(1, "programme_months", NULL, NULL);
        if (opt_int(sb, L, &f, 1, 120, &iv.programme_months, NULL)) return 0;
        f = fld(1, "transition", NULL, NULL);
        sb_name tx_names[WS_TX_N + 1];
        if (opt_enum(sb, L, &f, core_names(tx_names, WS_TX_N, ws_transition_name), &iv.transition,
                     &g))
            return 0;
        if (!g)
            return vfail(sb, ws__key_loc(sb, pi, "transition"), "transition",
                         "'transition' is required for a person programme (what it changes): "
                         "e.g. \"job_finding\", \"debt_exit\", \"offending_onset\""),
                   0;
        f = fld(1, "effect_months", NULL, NULL);
        if (opt_num(sb, L, &f, 0, false, 600, false, &iv.effect_months, NULL)) return 0;
        f = fld(1, "decay_months", NULL, NULL);
        if (opt_num(sb, L, &f, 0, false, 600, false, &iv.decay_months, NULL)) return 0;
        bool achieve = iv.transition == WS_TX_ACHIEVEMENT;
        if (g_effect && achieve != (iv.effect_type == WS_EF_SHIFT))
            return vfail(sb, ws__key_loc(sb, pi, "effect"), "effect",
                         achieve ? "transition \"achievement\" is a score: its 'effect' must be "
                                   "{ shift = <SD units> }"
                                 : "transition \"%s\" is a hazard: its 'effect' must be { hr = x } "
                                   "or { odds_ratio = x }, not a shift",
                         ws_transition_name(iv.transition)),
                   0;
        if (!g_effect && achieve) {
            iv.effect_type = WS_EF_SHIFT;
            iv.effect.a = 0;
        }
        if (!pk && iv.places_per_year <= 0)
            return vfail(sb, ws__key_loc(sb, pi, "places_per_year"), "places_per_year",
                         "a person programme outside a package needs 'places_per_year' > 0 "
                         "(its capacity; its budget is places x cost_per_participant)"),
                   0;
        if (pk && iv.places_per_year <= 0 && budget <= 0)
            return vfail(sb, ws__key_loc(sb, pi, "places_per_year"), "places_per_year",
                         "a person programme needs 'places_per_year' > 0 or a package budget"),
                   0;
        if (pk && iv.places_per_year <= 0 && iv.cost_per_participant <= 0)
            return vfail(sb, ws__key_loc(sb, pi, "cost_per_participant"), "cost_per_participant",
                         "without 'places_per_year' the package budget sets the capacity, so "
                         "'cost_per_participant' must be > 0"),
                   0;
    } else {
        f = fld(1, "place_target", NULL, NULL);
        sb_name pl_names[WS_PL_N + 1];
        if (opt_enum(sb, L, &f, core_names(pl_names, WS_PL_N, ws_place_target_name),
                     &iv.place_target, &g))
            return 0;
        if (!g)
            return vfail(sb, ws__key_loc(sb, pi, "place_target"), "place_target",
                         "'place_target' is required for a place programme (what it changes): "
                         "e.g. \"renovation\", \"police\", \"cohesion\""),
                   0;
        f = fld(1, "amount_per_year", NULL, NULL);
        if (opt_num(sb, L, &f, 0, false, 1e7, false, &iv.amount_per_year, NULL)) return 0;
        f = fld(1, "cost_per_unit", NULL, NULL);
        if (opt_num(sb, L, &f, 0, false, 1e9, false, &iv.cost_per_unit, NULL)) return 0;
        f = fld(1, "spillover", NULL, NULL);
        if (opt_num(sb, L, &f, -1, false, 1, false, &iv.spillover, NULL)) return 0;
        if (iv.spillover != 0 &&
            (iv.place_target == WS_PL_RENOVATION || iv.place_target == WS_PL_DEMOLITION_NEWBUILD))
            return vfail(sb, ws__key_loc(sb, pi, "spillover"), "spillover",
                         "'spillover' applies only to place programmes that set a level "
                         "(police, cohesion, school_quality, debt_service, care, allocation), "
                         "not to '%s'; leave it 0",
                         ws_place_target_name(iv.place_target)),
                   0;
        if (iv.amount_per_year <= 0 && (!pk || budget <= 0))
            return vfail(sb, ws__key_loc(sb, pi, "amount_per_year"), "amount_per_year",
                         "a place programme %s needs 'amount_per_year' > 0",
                         pk ? "in a package without budget" : "outside a package"),
                   0;
        if (pk && iv.amount_per_year <= 0 && iv.cost_per_unit <= 0)
            return vfail(sb, ws__key_loc(sb, pi, "cost_per_unit"), "cost_per_unit",
                         "without 'amount_per_year' the package budget sets the amount, so "
                         "'cost_per_unit' must be > 0"),
                   0;
    }
    pol->iv[pol->n_interventions++] = iv;
    return 0;
}

/* Validates the list at field `key` of the table at 1: each entry must be a table made by
 * constructor kind `kind`; calls fn on each with sb->v_place set. */
static int each_tagged(sandbox *sb, lua_State *L, const char *key, int kind, lua_CFunction fn,
                       const char *ctor)
{
    sb_fld f = fld(1, key, NULL, NULL);
    int ty = fld_get(L, &f);
    if (ty == LUA_TNIL) {
        lua_pop(L, 1);
        return 0;
    }
    int t = lua_gettop(L);
    sb_loc loc = fld_loc(sb, &f);
    char got[96];
    ws__describe(L, -1, got, sizeof got);
    if (ty != LUA_TTABLE)
        return vfail(sb, loc, key, "'%s' must be a list of %s { ... }, not %s", key, ctor, got);
    lua_Unsigned n = lua_rawlen(L, t), count = 0;
    lua_pushnil(L);
    while (lua_next(L, t)) {
        count++;
        lua_pop(L, 1);
    }
    if (count != n)
        return vfail(sb, loc, key, "'%s' must be a list of %s { ... }, without keys", key, ctor);
    int saved_place = sb->v_place;
    char saved_what[sizeof sb->v_what];
    memcpy(saved_what, sb->v_what, sizeof saved_what);
    for (lua_Unsigned k = 1; k <= n; k++) {
        lua_rawgeti(L, t, (lua_Integer)k);
        int pi = ws__tag_of(L, sb, -1, kind);
        if (pi < 0) {
            ws__describe(L, -1, got, sizeof got);
            return vfail(sb, loc, key,
                         "'%s' entry #%llu must be made by %s { ... }, but it is %s%s", key,
                         (unsigned long long)k, ctor, got,
                         lua_type(L, -1) == LUA_TTABLE ? " made otherwise" : "");
        }
        sb->v_place = pi;
        lua_pushcfunction(L, fn);
        lua_insert(L, -2);
        lua_call(L, 1, 0);
        sb->v_place = saved_place;
        memcpy(sb->v_what, saved_what, sizeof saved_what);
        if (sb->verr.code) return -1;
    }
    lua_settop(L, t - 1);
    return 0;
}

/* Protected (lua_call'd with the package table at 1): validates a package into the next slot of
 * sb->v_scen->policy, then its interventions. */
static int v_package(lua_State *L)
{
    sandbox *sb = ws__sb_get(L);
    ws_scenario *s = sb->v_scen;
    ws_policy *pol = &s->policy;
    int pi = sb->v_place;
    snprintf(sb->v_what, sizeof sb->v_what, "package");
    if (pol->n_packages == WS_MAX_PACKAGES)
        return vfail(sb, ws__key_loc(sb, pi, ""), NULL, "more than %d packages in one scenario",
                     WS_MAX_PACKAGES),
               0;
    if (!known_keys_only(sb, L, pi, pkg_keys, "package")) return 0;
    ws_package pk;
    memset(&pk, 0, sizeof pk);
    pk.start_year = 1990;
    pk.end_year = 2100;
    bool g;
    sb_fld f = fld(1, "name", NULL, NULL);
    if (opt_str(sb, L, &f, pk.name, sizeof pk.name, &g)) return 0;
    if (!g || !label_ok(pk.name))
        return vfail(sb, ws__key_loc(sb, pi, "name"), "name",
                     "'name' is required: letters, digits, spaces inside and _ . , + ( ) -"),
               0;
    snprintf(sb->v_what, sizeof sb->v_what, "package '%s'", pk.name);
    for (int i = 0; i < pol->n_packages; i++)
        if (strcmp(pol->pk[i].name, pk.name) == 0)
            return vfail(sb, ws__key_loc(sb, pi, "name"), "name",
                         "'name' \"%s\" is used by two packages of scenario '%s'", pk.name,
                         s->name),
                   0;
    static const char *const bkeys[WS_PAY_N] = {"rijk_eur_per_year", "municipality_eur_per_year",
                                                "corporation_eur_per_year", "other_eur_per_year"};
    double total = 0;
    for (int p = 0; p < WS_PAY_N; p++) {
        f = fld(1, bkeys[p], NULL, NULL);
        if (opt_num(sb, L, &f, 0, false, 1e11, false, &pk.budget_per_year[p], NULL)) return 0;
        total += pk.budget_per_year[p];
    }
    if (total <= 0)
        return vfail(sb, ws__key_loc(sb, pi, "rijk_eur_per_year"), "rijk_eur_per_year",
                     "a package needs a budget: set rijk_eur_per_year, municipality_eur_per_year, "
                     "corporation_eur_per_year and/or other_eur_per_year (EUR per year, all "
                     "areas together)"),
               0;
    bool g_start;
    f = fld(1, "start_year", NULL, NULL);
    if (opt_int(sb, L, &f, 1990, 2100, &pk.start_year, &g_start)) return 0;
    f = fld(1, "end_year", NULL, NULL);
    if (opt_int(sb, L, &f, 1990, 2100, &pk.end_year, NULL)) return 0;
    if (pk.start_year > pk.end_year)
        return vfail(sb, ws__key_loc(sb, pi, g_start ? "start_year" : "end_year"),
                     g_start ? "start_year" : "end_year", "'start_year' %d is after 'end_year' %d",
                     pk.start_year, pk.end_year),
               0;
    f = fld(1, "interventions", NULL, NULL);
    int ty = fld_get(L, &f);
    bool empty = ty != LUA_TTABLE || lua_rawlen(L, -1) == 0;
    lua_pop(L, 1);
    if (ty == LUA_TNIL || (ty == LUA_TTABLE && empty))
        return vfail(sb, ws__key_loc(sb, pi, "interventions"), "interventions",
                     "'interventions' is required: a package spends its budget on a list of "
                     "interventions"),
               0;
    int idx = pol->n_packages++;
    pol->pk[idx] = pk;
    int saved_pkg = sb->v_pkg;
    sb->v_pkg = idx;
    each_tagged(sb, L, "interventions", PK_IV, v_intervention,
                "wijksim.intervention or a "
                "catalogue constructor");
    sb->v_pkg = saved_pkg;
    return 0;
}

/* ---- The scenario's policy (lua_internal.h) ------------------------------------------------ */

int ws__check_policy(sandbox *sb, lua_State *L, ws_scenario *r)
{
    memset(&r->policy, 0, sizeof r->policy);
    ws_scenario *saved = sb->v_scen;
    int saved_place = sb->v_place, saved_pkg = sb->v_pkg;
    sb->v_scen = r;
    sb->v_pkg = -1;
    snprintf(sb->v_what, sizeof sb->v_what, "scenario '%s'", r->name);
    int rc = each_tagged(sb, L, "packages", PK_PKG, v_package, "wijksim.package");
    if (!rc) {
        snprintf(sb->v_what, sizeof sb->v_what, "scenario '%s'", r->name);
        rc = each_tagged(sb, L, "interventions", PK_IV, v_intervention,
                         "wijksim.intervention or a catalogue constructor");
    }
    sb->v_scen = saved;
    sb->v_place = saved_place;
    sb->v_pkg = saved_pkg;
    return rc;
}
