/* lua_policy.c: reads the wijksim.package and wijksim.intervention tables of a scenario script
 * into the scenario's ws_policy, key by key as intervention_fields.def declares them, and has
 * ws_policy_check_at (sim/base/policy.c) judge them, for the loader (lua_scenario.c).
 *
 * Design. The loader calls ws__check_policy (lua_internal.h) with the scenario table at index 1
 * after the chunk has returned, below its protected call. Each package and each intervention is
 * read by a C function lua_call'ed with its table at index 1; the context is in the sandbox:
 * the scenario being filled (sb->v_scen), the package paying (sb->v_pkg), the place of the
 * table (sb->v_place) and the message prefix (sb->v_what). This file converts: Lua values into
 * the struct's types (the field readers of lua_fields.c), names into enum values (the core's
 * name lists), area ids into rows; and it knows the shape of a table: which keys exist, which
 * belong to the other kind of programme, which a kind requires, that an effect gives one form
 * and an uncertainty the keys of its distribution. Every rule on the values — each bound, the
 * rules across keys — is ws_policy_check_at's: after each table is read, the policy so far is
 * checked and the fault's key is located in the source (judge()), so a message is the C
 * check's, with the file and line of the key added. One rule is this file's because the struct
 * does not keep what it needs: a uniform uncertainty's min..max must contain the effect.
 *
 * Invariants:
 * - Tables are read with raw accesses only, so no script code runs during validation.
 * - Validation stops at the first error, which goes to sb->verr with the file and line where
 *   the key is written and the dotted key ("who.age"). Lua errors (memory) propagate to the
 *   loader's lua_pcall.
 * - Nothing is allocated on the heap here: interventions and packages are filled in place in
 *   the fixed arrays of sb->v_scen->policy.
 */
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <lua.h>

#include "lua_internal.h"
#include "wijksim/intervention.h"

/* ---- Keys ------------------------------------------------------------------------------------ */

const char **ws__iv_keys(const char **keys)
{
    int n = 0;
    for (int f = 0; f < WS_IVF_N; f++)
        if (!strchr(ws_iv_field_get(f)->key, '.')) keys[n++] = ws_iv_field_get(f)->key;
    keys[n] = NULL;
    return keys;
}

/* The last part of a dotted key. */
static const char *leaf(const char *key)
{
    const char *d = strrchr(key, '.');
    return d ? d + 1 : key;
}

/* Whether key f sits directly in the table that key `parent` is ("who" -> "who.age"). */
static bool child_of(const ws_field *f, const char *parent)
{
    size_t n = strlen(parent);
    return strncmp(f->key, parent, n) == 0 && f->key[n] == '.' && !strchr(f->key + n + 1, '.');
}

/* Fills keys (WS_IVF_N + 1 entries) with the leaves of the keys inside table key `parent`
 * (with a `when` of `when`, or any when < 0), NULL-ended. Returns keys. */
static const char **children(const char *parent, int when, const char **keys)
{
    int n = 0;
    for (int f = 0; f < WS_IVF_N; f++) {
        const ws_field *fd = ws_iv_field_get(f);
        if (child_of(fd, parent) && (when < 0 || fd->when == when)) keys[n++] = leaf(fd->key);
    }
    keys[n] = NULL;
    return keys;
}

/* The effect type that a `when` of the effect's keys selects. */
static int effect_type_of(int when)
{
    return when == WS_FW_ODDS ? WS_EF_ODDS_RATIO : when == WS_FW_SHIFT ? WS_EF_SHIFT
                                                                       : WS_EF_HAZARD_RATIO;
}

/* The `when` of the keys of distribution `kind` (-1: a fixed effect has none). */
static int when_of_dist(int kind)
{
    return kind == WS_DIST_NORMAL      ? WS_FW_NORMAL
           : kind == WS_DIST_LOGNORMAL ? WS_FW_LOGNORMAL
           : kind == WS_DIST_UNIFORM   ? WS_FW_UNIFORM
                                       : -1;
}

/* ---- Reading an intervention ------------------------------------------------------------------ */

/* An intervention being read. */
typedef struct iv_read {
    sb_tab t;               /* its table */
    ws_intervention *iv;    /* filled in place */
    bool given[WS_IVF_N];   /* which keys are written */
    double effect;          /* the effect as written (a uniform replaces effect.a by its min) */
} iv_read;

static int read_key(iv_read *r, const sb_tab *t, const ws_field *f);

/* A string key; a cost note (WS_FF_COST_NOTE) is appended to its member as " | cost: ...". */
static int read_string(const sb_tab *t, const ws_field *f, char *at, bool *given)
{
    if (!(f->flags & WS_FF_COST_NOTE)) return ws__f_string(t, leaf(f->key), at, f->size, given);
    char note[1024];
    if (ws__f_string(t, leaf(f->key), note, f->size < sizeof note ? f->size : sizeof note, given))
        return -1;
    size_t len = strlen(at);
    if (*given && note[0] && len < f->size)
        snprintf(at + len, f->size - len, "%scost: %s", len ? " | " : "", note);
    return 0;
}

/* An age range { min, max }: two whole numbers (their bounds are ws_policy_check's). */
static int read_ages(const sb_tab *t, const ws_field *f, int *at, bool *given)
{
    lua_State *L = t->L;
    const char *k = leaf(f->key);
    int ty = ws__f_push(t, k), v = lua_gettop(L);
    *given = ty != LUA_TNIL;
    if (ty == LUA_TNIL) {
        lua_pop(L, 1);
        return 0;
    }
    double a[2] = {0, 0};
    bool ok = ty == LUA_TTABLE && lua_rawlen(L, v) == 2;
    for (int i = 0; ok && i < 2; i++) {
        ok = lua_rawgeti(L, v, i + 1) == LUA_TNUMBER;
        a[i] = lua_tonumber(L, -1);
        lua_pop(L, 1);
        ok = ok && a[i] == floor(a[i]) && fabs(a[i]) <= INT_MAX;
    }
    if (!ok) {
        char expect[300];
        ws_field_expect(f, NULL, expect, sizeof expect);
        return ws__f_bad(t, k, expect);
    }
    at[0] = (int)a[0];
    at[1] = (int)a[1];
    lua_pop(L, 1);
    return 0;
}

/* cofinance = { payer = share, ... }: a number per payer (absent payers 0). */
static int read_shares(iv_read *r, const sb_tab *t, const ws_field *f, bool *given)
{
    sb_tab sub;
    int rc = ws__f_table(t, leaf(f->key),
                         "a table of payer = share, e.g. { rijk = 0.7, municipality = 0.3 }", &sub);
    *given = rc > 0;
    if (rc <= 0) return rc;
    const ws_state_names *pay = ws_name_list_get(f->names);
    const char *keys[WS_PAY_N + 1] = {NULL};
    for (int p = 0; p < pay->n && p < WS_PAY_N; p++)
        keys[p] = pay->lua[p];
    if (ws__f_known(&sub, keys, NULL)) return -1;
    char expect[300];
    ws_field_expect(f, r->iv, expect, sizeof expect);
    double *at = (double *)((char *)r->iv + f->offset);
    for (int p = 0; keys[p]; p++) {
        double v = 0;
        if (ws__f_number(&sub, keys[p], expect, &v, NULL)) return -1;
        at[p] = v;
    }
    lua_pop(t->L, 1);
    return 0;
}

/* areas = { "id", ... } | "all": rows of the scenario's area table (whether they are simulated,
 * and listed once, is ws_policy_check's). */
static int read_areas(iv_read *r, const sb_tab *t, const ws_field *f, bool *given)
{
    lua_State *L = t->L;
    const ws_scenario *s = t->sb->v_scen;
    ws_intervention *iv = r->iv;
    const char *k = leaf(f->key);
    int ty = ws__f_push(t, k);
    *given = ty != LUA_TNIL;
    iv->n_areas = 0;
    if (ty == LUA_TNIL || (ty == LUA_TSTRING && strcmp(lua_tostring(L, -1), "all") == 0)) {
        lua_pop(L, 1);
        return 0;
    }
    char expect[300];
    ws_field_expect(f, iv, expect, sizeof expect);
    if (ty != LUA_TTABLE) return ws__f_bad(t, k, expect);
    sb_loc loc = ws__f_loc(t, k);
    lua_Unsigned n = 0;
    size_t max = sizeof iv->area_index / sizeof iv->area_index[0];
    if (!ws__f_is_list(L, -1, &n) || n == 0)
        return ws__f_fail(t, loc, f->key,
                          "'%s' must be a non-empty list of area ids like { \"a\", \"b\" }", f->key);
    if (n > (lua_Unsigned)max)
        return ws__f_fail(t, loc, f->key, "'%s' lists %llu areas; at most %zu are allowed", f->key,
                          (unsigned long long)n, max);
    for (lua_Unsigned e = 1; e <= n; e++) {
        int et = lua_rawgeti(L, -1, (lua_Integer)e);
        char got[96];
        ws__describe(L, -1, got, sizeof got);
        if (et != LUA_TSTRING)
            return ws__f_fail(t, loc, f->key, "'%s' entry #%llu must be an area id, not %s",
                              f->key, (unsigned long long)e, got);
        size_t len;
        const char *id = lua_tolstring(L, -1, &len);
        char shown[64];
        ws__sb_one_line(shown, sizeof shown, id);
        int idx = strlen(id) == len ? ws_area_table_find(&s->areas, id) : -1;
        if (idx < 0) {
            char hint[600];
            ws__area_hint(&s->areas, shown, hint, sizeof hint);
            return ws__f_fail(t, ws__value_loc(t->sb, loc, id, true, 1), f->key,
                              "unknown area '%s' in '%s'; %s", shown, f->key, hint);
        }
        iv->area_index[iv->n_areas++] = idx;
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    return 0;
}

/* Table-valued key f of t: returns 0 when absent, -1 after failing (not a table, an unknown
 * key: keys are its dotted keys' leaves), or 1 with it pushed and *sub set to read it; keys
 * (WS_IVF_N + 1 entries) gets those leaves. */
static int open_table(iv_read *r, const sb_tab *t, const ws_field *f, sb_tab *sub,
                      const char **keys, bool *given)
{
    char shape[300];
    ws_field_expect(f, r->iv, shape, sizeof shape);
    int rc = ws__f_table(t, leaf(f->key), shape, sub);
    *given = rc > 0;
    if (rc <= 0) return rc;
    return ws__f_known(sub, children(f->key, -1, keys), NULL) ? -1 : 1;
}

/* effect = { <one of its keys> = x }: the form (effect_type) and the value. */
static int read_effect(iv_read *r, const sb_tab *t, const ws_field *f, bool *given)
{
    sb_tab sub;
    const char *keys[WS_IVF_N + 1];
    int rc = open_table(r, t, f, &sub, keys, given);
    if (rc <= 0) return rc;
    int n = 0;
    for (int i = 0; keys[i]; i++) {
        n += ws__f_push(&sub, keys[i]) != LUA_TNIL;
        lua_pop(t->L, 1);
    }
    if (n != 1) {
        char all[200];
        ws__list_text(keys, " or ", all, sizeof all);
        return ws__f_fail(&sub, sub.at, f->key, "'%s' must give exactly one of %s (got %d)",
                          f->key, all, n);
    }
    for (int i = 0; i < WS_IVF_N; i++) { /* the one written */
        const ws_field *fd = ws_iv_field_get(i);
        if (!child_of(fd, f->key)) continue;
        bool has = ws__f_push(&sub, leaf(fd->key)) != LUA_TNIL;
        lua_pop(t->L, 1);
        if (!has) continue;
        r->iv->effect_type = effect_type_of(fd->when);
        if (read_key(r, &sub, fd)) return -1;
        r->effect = r->iv->effect.a;
    }
    r->iv->effect.kind = WS_DIST_FIXED;
    r->iv->effect.b = 0;
    lua_pop(t->L, 1);
    return 0;
}

/* uncertainty = "none" | { dist = ..., <the keys of that distribution> }. */
static int read_dist(iv_read *r, const sb_tab *t, const ws_field *f, bool *given)
{
    lua_State *L = t->L;
    const char *k = leaf(f->key);
    int ty = ws__f_push(t, k);
    bool none = ty == LUA_TNIL || (ty == LUA_TSTRING && strcmp(lua_tostring(L, -1), "none") == 0);
    lua_pop(L, 1);
    *given = !none;
    if (none) return 0;
    char shape[300];
    ws_field_expect(f, r->iv, shape, sizeof shape);
    sb_tab sub;
    if (ws__f_table(t, k, shape, &sub) < 0) return -1;
    bool effect = false;
    for (int i = 0; i < WS_IVF_N; i++)
        effect |= ws_iv_field_get(i)->type == WS_FT_EFFECT && r->given[i];
    if (!effect)
        return ws__f_fail(&sub, sub.at, f->key, "'%s' needs an 'effect' to be uncertain about",
                          f->key);
    const char *keys[WS_IVF_N + 1], *with[WS_IVF_N + 1];
    if (ws__f_known(&sub, children(f->key, -1, keys), NULL)) return -1;
    const ws_field *fdist = NULL;
    for (int i = 0; i < WS_IVF_N && !fdist; i++)
        if (child_of(ws_iv_field_get(i), f->key) && ws_iv_field_get(i)->type == WS_FT_ENUM)
            fdist = ws_iv_field_get(i);
    int kind = -1;
    bool g = false;
    if (ws__f_enum(&sub, leaf(fdist->key), fdist->names, &kind, &g)) return -1;
    char names[300], which[400];
    if (!g) {
        ws_name_list_text(fdist->names, names, sizeof names);
        return ws__f_fail(&sub, sub.at, fdist->key, "'%s' is required: %s", fdist->key, names);
    }
    /* which keys go with which distribution, for the messages: "fixed: nothing; normal: sd" */
    const ws_state_names *dn = ws_name_list_get(fdist->names);
    size_t len = 0;
    which[0] = '\0';
    for (int d = 0; d < dn->n && len < sizeof which; d++) {
        with[0] = NULL;
        if (when_of_dist(d) >= 0) children(f->key, when_of_dist(d), with);
        ws__list_text(with, " and ", names, sizeof names);
        len += (size_t)snprintf(which + len, sizeof which - len, "%s%s: %s", d ? "; " : "",
                                dn->lua[d], with[0] ? names : "nothing");
    }
    /* pass 0 reports a key that does not belong, pass 1 one that is missing */
    int want = when_of_dist(kind);
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < WS_IVF_N; i++) {
            const ws_field *fd = ws_iv_field_get(i);
            if (!child_of(fd, f->key) || fd->when == WS_FW_ALWAYS) continue;
            bool has = ws__f_push(&sub, leaf(fd->key)) != LUA_TNIL;
            lua_pop(L, 1);
            if (has != (fd->when == want) && has == (pass == 0))
                return ws__f_fail(&sub, has ? ws__f_loc(&sub, leaf(fd->key)) : sub.at, fd->key,
                                  "'%s' %s with dist = \"%s\" (%s)", fd->key,
                                  has ? "does not go" : "is required", dn->lua[kind], which);
        }
    r->iv->effect.kind = kind;
    const ws_field *first = NULL, *last = NULL;
    for (int i = 0; i < WS_IVF_N; i++) {
        const ws_field *fd = ws_iv_field_get(i);
        if (!child_of(fd, f->key) || fd->when != want) continue;
        if (!first) first = fd;
        last = fd;
        if (read_key(r, &sub, fd)) return -1;
    }
    /* the one rule that needs the effect as written: a uniform's min..max contains it (the
     * struct keeps only min and max; min < max is ws_policy_check's) */
    double lo = r->iv->effect.a, hi = r->iv->effect.b;
    if (kind == WS_DIST_UNIFORM && first && lo < hi && (r->effect < lo || r->effect > hi))
        return ws__f_fail(&sub, ws__f_loc(&sub, leaf(first->key)), first->key,
                          "'%s' and '%s' (%g, %g) must contain the effect %g", first->key,
                          last->key, lo, hi, r->effect);
    lua_pop(L, 1);
    return 0;
}

/* A table of keys (who): each of its keys read as its own line says. */
static int read_table(iv_read *r, const sb_tab *t, const ws_field *f, bool *given)
{
    sb_tab sub;
    const char *keys[WS_IVF_N + 1];
    int rc = open_table(r, t, f, &sub, keys, given);
    if (rc <= 0) return rc;
    for (int i = 0; i < WS_IVF_N; i++)
        if (child_of(ws_iv_field_get(i), f->key) && read_key(r, &sub, ws_iv_field_get(i)))
            return -1;
    lua_pop(t->L, 1);
    return 0;
}

/* Reads key f of table t into r->iv (its member), converting the value as its type says. */
static int read_key(iv_read *r, const sb_tab *t, const ws_field *f)
{
    int i = (int)(f - ws_iv_field_get(0));
    char *at = (char *)r->iv + f->offset;
    const char *k = leaf(f->key);
    char expect[700];
    ws_field_expect(f, r->iv, expect, sizeof expect);
    bool g = false;
    int rc = 0;
    long long v = 0;
    switch (f->type) {
    case WS_FT_NUMBER: rc = ws__f_number(t, k, expect, (double *)at, &g); break;
    case WS_FT_INTEGER:
        rc = ws__f_whole(t, k, expect, INT_MIN, INT_MAX, &v, &g);
        if (!rc && g) *(int *)at = (int)v;
        break;
    case WS_FT_STRING: rc = read_string(t, f, at, &g); break;
    case WS_FT_ENUM: rc = ws__f_enum(t, k, f->names, (int *)at, &g); break;
    case WS_FT_YESNO: rc = ws__f_yesno(t, k, (int *)at, &g); break;
    case WS_FT_NAMES: rc = ws__f_names(t, k, f->names, (uint32_t *)at, &g); break;
    case WS_FT_AGES: rc = read_ages(t, f, (int *)at, &g); break;
    case WS_FT_SHARES: rc = read_shares(r, t, f, &g); break;
    case WS_FT_AREAS: rc = read_areas(r, t, f, &g); break;
    case WS_FT_EFFECT: rc = read_effect(r, t, f, &g); break;
    case WS_FT_DIST: rc = read_dist(r, t, f, &g); break;
    case WS_FT_TABLE: rc = read_table(r, t, f, &g); break;
    default: break;
    }
    r->given[i] = g;
    return rc;
}

/* ---- Judging what was read ------------------------------------------------------------------- */

/* Has ws_policy_check_at judge the policy of sb->v_scen as read so far; a finding goes to
 * sb->verr at the line where its key is written (its other key when that one is not written,
 * the entry of a list it names). Returns 0, or -1 with sb->verr set. */
static int judge(sandbox *sb)
{
    ws_scenario *s = sb->v_scen;
    ws_policy_fault f;
    ws_error e;
    if (!ws_policy_check_at(&s->policy, s, &f, &e)) return 0;
    const char *key = f.key;
    sb_loc loc;
    if (f.iv >= 0 || f.pk >= 0) {
        int pi = f.iv >= 0 ? sb->v_iv_place[f.iv] : sb->v_pk_place[f.pk];
        loc = ws__path_loc(sb, pi, key);
        sb_loc other = f.alt[0] ? ws__path_loc(sb, pi, f.alt) : loc;
        if (loc.after == SIZE_MAX && other.after != SIZE_MAX) {
            loc = other;
            key = f.alt;
        }
    } else {
        loc = ws__call_key_loc(sb, key);
    }
    if (f.literal[0]) loc = ws__value_loc(sb, loc, f.literal, true, f.nth);
    ws_error_set(&sb->verr, e.code, sb->chunk[loc.chunk]->path, loc.line, key[0] ? key : NULL,
                 "%s", e.msg);
    return -1;
}

/* ---- Interventions and packages ----------------------------------------------------------- */

/* The message prefix of table k of kind `kind` called name: as ws_policy_check words it. */
static void set_what(sandbox *sb, const char *kind, const char *name, int k)
{
    if (ws_label_ok(name))
        snprintf(sb->v_what, sizeof sb->v_what, "%s '%s'", kind, name);
    else
        snprintf(sb->v_what, sizeof sb->v_what, "%s #%d", kind, k + 1);
}

/* Whether a programme of kind `kind` takes key f. */
static bool kind_takes(const ws_field *f, int kind)
{
    return f->prog == WS_FP_BOTH || (f->prog == WS_FP_PERSON) == (kind == WS_IV_PERSON);
}

/* The key a programme of kind `kind` requires (transition, place_target), or NULL. */
static const ws_field *required_key(int kind)
{
    for (int i = 0; i < WS_IVF_N; i++) {
        const ws_field *f = ws_iv_field_get(i);
        if ((f->flags & WS_FF_REQUIRED) && f->prog != WS_FP_BOTH && kind_takes(f, kind)) return f;
    }
    return NULL;
}

/* Whether the table of r writes key f. */
static bool writes(const iv_read *r, const ws_field *f)
{
    bool has = f && ws__f_push(&r->t, f->key) != LUA_TNIL;
    if (f) lua_pop(r->t.L, 1);
    return has;
}

/* Protected (lua_call'd with the intervention table at 1): reads it into the next slot of
 * sb->v_scen->policy and has the policy judged. Errors go to sb->verr. */
static int v_intervention(lua_State *L)
{
    sandbox *sb = ws__sb_get(L);
    ws_scenario *s = sb->v_scen;
    ws_policy *pol = &s->policy;
    int pi = sb->v_place, k = pol->n_interventions;
    ws_intervention iv;
    ws_intervention_defaults(&iv);
    iv_read r;
    memset(&r, 0, sizeof r);
    r.t = (sb_tab){sb, L, 1, "", sb->v_what, SB_AT_PLACE, pi, {0, 0, SIZE_MAX}, false};
    r.iv = &iv;
    snprintf(sb->v_what, sizeof sb->v_what, "intervention #%d", k + 1);
    if (k == WS_MAX_INTERVENTIONS)
        return ws__f_fail(&r.t, ws__key_loc(sb, pi, ""), NULL,
                          "more than %d interventions in one scenario", WS_MAX_INTERVENTIONS),
               0;
    iv.package = sb->v_pkg;
    const ws_package *pk = sb->v_pkg >= 0 ? &pol->pk[sb->v_pkg] : NULL;
    if (pk) {
        iv.start_year = pk->start_year;
        iv.end_year = pk->end_year;
    }
    /* the name first (the type when none is given): it starts every message */
    if (read_key(&r, &r.t, ws_iv_field_get(WS_IVF_NAME)) ||
        read_key(&r, &r.t, ws_iv_field_get(WS_IVF_TYPE)))
        return 0;
    if (!r.given[WS_IVF_NAME]) ws__sb_copy_str(iv.name, sizeof iv.name, iv.type);
    set_what(sb, "intervention", iv.name, k);
    const char *keys[WS_IVF_N + 1];
    if (ws__f_known(&r.t, ws__iv_keys(keys), NULL)) return 0;
    /* the kind: given, else place when only a place programme's required key is written */
    const ws_field *need_person = required_key(WS_IV_PERSON), *need_place = required_key(WS_IV_PLACE);
    bool has_person = writes(&r, need_person), has_place = writes(&r, need_place);
    iv.kind = has_place && !has_person ? WS_IV_PLACE : WS_IV_PERSON;
    for (int i = 0; i < WS_IVF_N; i++) {
        const ws_field *f = ws_iv_field_get(i);
        if (strchr(f->key, '.') || i == WS_IVF_NAME || i == WS_IVF_TYPE)
            continue; /* read with its table, or above */
        bool person = iv.kind == WS_IV_PERSON;
        if (!kind_takes(f, iv.kind)) {
            if (writes(&r, f)) {
                const ws_field *need = person ? need_person : need_place;
                char hint[160] = "";
                if (person && !has_person && need)
                    snprintf(hint, sizeof hint, " (it has no '%s'; set kind = \"place\")",
                             need->key);
                else if (!person && !has_place)
                    snprintf(hint, sizeof hint, " (set kind = \"person\")");
                return ws__f_fail(&r.t, ws__f_loc(&r.t, f->key), f->key,
                                  "'%s' is a %s-programme key, but this is a %s programme%s",
                                  f->key, person ? "place" : "person", person ? "person" : "place",
                                  hint),
                       0;
            }
            continue;
        }
        if (read_key(&r, &r.t, f)) return 0;
        if (!r.given[i] && (f->flags & WS_FF_REQUIRED)) {
            const ws_state_names *t = ws_name_list_get(f->names);
            return ws__f_fail(&r.t, ws__f_loc(&r.t, f->key), f->key,
                              "'%s' is required for a %s programme (what it changes): e.g. "
                              "\"%s\", \"%s\", \"%s\"; `wijksim interventions` lists them all",
                              f->key, person ? "person" : "place", t->lua[0], t->lua[1],
                              t->lua[2]),
                   0;
        }
    }
    /* without cost shares the payer pays everything; without a payer the largest share pays */
    if (!r.given[WS_IVF_COFINANCE]) {
        for (int p = 0; p < WS_PAY_N; p++)
            iv.cofinance[p] = p == iv.payer;
    } else if (!r.given[WS_IVF_PAYER]) {
        double best = -1;
        for (int p = 0; p < WS_PAY_N; p++)
            if (iv.cofinance[p] > best) {
                best = iv.cofinance[p];
                iv.payer = p;
            }
    }
    /* without an effect: no change, in the form the transition takes ({ shift = 0 } for a
     * score; ws_intervention_defaults gave { hr = 1 }) */
    const ws_transition_info *tx = ws_transition_get(iv.transition);
    if (iv.kind == WS_IV_PERSON && !r.given[WS_IVF_EFFECT] && tx && tx->effect == WS_TXE_SHIFT)
        for (int i = 0; i < WS_IVF_N; i++) {
            const ws_field *f = ws_iv_field_get(i);
            if (child_of(f, ws_iv_field_get(WS_IVF_EFFECT)->key) && f->when == WS_FW_SHIFT) {
                iv.effect_type = effect_type_of(f->when);
                iv.effect.a = f->def;
            }
        }
    pol->iv[k] = iv;
    sb->v_iv_place[k] = pi;
    pol->n_interventions++;
    judge(sb);
    return 0;
}

/* Validates the list at field `key` of the scenario or package table at 1 (read as t): each
 * entry must be a table made by constructor kind `kind`; calls fn on each with sb->v_place set.
 * Returns 0 or -1 (sb->verr set). */
static int each_tagged(const sb_tab *t, const char *key, int kind, lua_CFunction fn,
                       const char *ctor)
{
    sandbox *sb = t->sb;
    lua_State *L = t->L;
    int ty = ws__f_push(t, key);
    if (ty == LUA_TNIL) {
        lua_pop(L, 1);
        return 0;
    }
    int list = lua_gettop(L);
    sb_loc loc = ws__f_loc(t, key);
    char got[96];
    ws__describe(L, -1, got, sizeof got);
    if (ty != LUA_TTABLE)
        return ws__f_fail(t, loc, key, "'%s' must be a list of %s { ... }, not %s", key, ctor, got);
    lua_Unsigned n = lua_rawlen(L, list), count = 0;
    lua_pushnil(L);
    while (lua_next(L, list)) {
        count++;
        lua_pop(L, 1);
    }
    if (count != n)
        return ws__f_fail(t, loc, key, "'%s' must be a list of %s { ... }, without keys", key,
                          ctor);
    int saved_place = sb->v_place;
    char saved_what[sizeof sb->v_what];
    memcpy(saved_what, sb->v_what, sizeof saved_what);
    for (lua_Unsigned e = 1; e <= n; e++) {
        lua_rawgeti(L, list, (lua_Integer)e);
        int pi = ws__tag_of(L, sb, -1, kind);
        if (pi < 0) {
            ws__describe(L, -1, got, sizeof got);
            return ws__f_fail(t, loc, key, "'%s' entry #%llu must be made by %s { ... }, but it "
                              "is %s%s", key, (unsigned long long)e, ctor, got,
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
    lua_settop(L, list - 1);
    return 0;
}

/* Protected (lua_call'd with the package table at 1): reads a package into the next slot of
 * sb->v_scen->policy, has the policy judged, then reads its interventions. */
static int v_package(lua_State *L)
{
    sandbox *sb = ws__sb_get(L);
    ws_policy *pol = &sb->v_scen->policy;
    int pi = sb->v_place, k = pol->n_packages;
    sb_tab t = {sb, L, 1, "", sb->v_what, SB_AT_PLACE, pi, {0, 0, SIZE_MAX}, false};
    snprintf(sb->v_what, sizeof sb->v_what, "package #%d", k + 1);
    if (k == WS_MAX_PACKAGES)
        return ws__f_fail(&t, ws__key_loc(sb, pi, ""), NULL,
                          "more than %d packages in one scenario", WS_MAX_PACKAGES),
               0;
    const char *keys[WS_PKF_N + 1], *budgets[WS_PKF_N + 1];
    int nb = 0;
    for (int i = 0; i < WS_PKF_N; i++) {
        keys[i] = ws_pk_field_get(i)->key;
        if (ws_pk_field_get(i)->type == WS_FT_NUMBER) budgets[nb++] = keys[i];
    }
    keys[WS_PKF_N] = budgets[nb] = NULL;
    ws_package pk;
    ws_package_defaults(&pk);
    const ws_field *fname = ws_pk_field_get(WS_PKF_NAME);
    if (ws__f_string(&t, fname->key, (char *)&pk + fname->offset, fname->size, NULL)) return 0;
    set_what(sb, "package", pk.name, k);
    if (ws__f_known(&t, keys, NULL)) return 0;
    bool budget = false;
    const ws_field *list = NULL;
    for (int i = 0; i < WS_PKF_N; i++) {
        const ws_field *f = ws_pk_field_get(i);
        char *at = (char *)&pk + f->offset, expect[300];
        ws_field_expect(f, NULL, expect, sizeof expect);
        bool g = false;
        long long v = 0;
        int rc = 0;
        if (f->type == WS_FT_NUMBER) rc = ws__f_number(&t, f->key, expect, (double *)at, &g);
        if (f->type == WS_FT_INTEGER) {
            rc = ws__f_whole(&t, f->key, expect, INT_MIN, INT_MAX, &v, &g);
            if (g) *(int *)at = (int)v;
        }
        if (f->type == WS_FT_LIST) list = f;
        if (rc) return 0;
        budget |= g && f->type == WS_FT_NUMBER;
    }
    if (!budget) {
        char all[400];
        ws__list_text(budgets, " and/or ", all, sizeof all);
        return ws__f_fail(&t, ws__f_loc(&t, budgets[0]), budgets[0],
                          "a package needs a budget: set %s (EUR per year, all areas together)",
                          all),
               0;
    }
    int ty = ws__f_push(&t, list->key);
    bool empty = ty != LUA_TTABLE || lua_rawlen(L, -1) == 0;
    lua_pop(L, 1);
    if (ty == LUA_TNIL || (ty == LUA_TTABLE && empty))
        return ws__f_fail(&t, ws__f_loc(&t, list->key), list->key,
                          "'%s' is required: a package spends its budget on a list of "
                          "interventions", list->key),
               0;
    pol->pk[k] = pk;
    sb->v_pk_place[k] = pi;
    pol->n_packages++;
    if (judge(sb)) return 0;
    int saved_pkg = sb->v_pkg;
    sb->v_pkg = k;
    each_tagged(&t, list->key, PK_IV, v_intervention,
                "wijksim.intervention or a catalogue constructor");
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
    /* the scenario's own keys are found where its call writes them */
    sb_tab t = {sb, L, 1, "", sb->v_what, SB_AT_CALL, -1, {0, 0, SIZE_MAX}, false};
    int rc = each_tagged(&t, "packages", PK_PKG, v_package, "wijksim.package");
    if (!rc) {
        snprintf(sb->v_what, sizeof sb->v_what, "scenario '%s'", r->name);
        rc = each_tagged(&t, "interventions", PK_IV, v_intervention,
                         "wijksim.intervention or a catalogue constructor");
    }
    sb->v_scen = saved;
    sb->v_place = saved_place;
    sb->v_pkg = saved_pkg;
    return rc;
}
