/* lua_fields.c: the one family of field readers (luaL_check* style) that the scenario, policy
 * and sweep loaders read their tables with, and the messages they fail with.
 *
 * Design. A reader takes an sb_tab — the table on the stack, the dotted path of its keys, the
 * message prefix and how its keys are found in the source (lua_lex.c) — and one key; it
 * converts the key's value to C or fails with "'<key>' must be <what it accepts>, not <what it
 * got>" at the line where the key is written (sb_tab.how). A failure is recorded in sb->verr
 * (the scenario and policy validators stop at the first) or, for tables read while the script
 * runs and for sweeps (sb_tab.raise), raised as a structured Lua error that ws__sb_failure
 * turns back into the same ws_error. The words of a range are ws_range_text's and those of a
 * key of intervention_fields.def ws_field_expect's (sim/base/policy.c), so a type error here
 * and a range error of ws_policy_check read alike.
 *
 * Invariants: tables are read with raw accesses only (no script code runs); a reader leaves the
 * stack as it found it, except ws__f_table, which pushes the sub-table it returns.
 */
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "lua_internal.h"

/* ---- Describing values and lists ------------------------------------------------------------- */

void ws__describe(lua_State *L, int idx, char *out, size_t n)
{
    int t = lua_type(L, idx);
    if (t == LUA_TSTRING) {
        char v[64];
        ws__sb_one_line(v, sizeof v, lua_tostring(L, idx));
        snprintf(out, n, "a string (\"%s\")", v);
    } else if (t == LUA_TNUMBER && lua_isinteger(L, idx)) {
        snprintf(out, n, "%lld", (long long)lua_tointeger(L, idx));
    } else if (t == LUA_TNUMBER) {
        ws_number_text(lua_tonumber(L, idx), out, n);
    } else if (t == LUA_TNONE || t == LUA_TNIL) {
        snprintf(out, n, "nil");
    } else {
        const char *tn = lua_typename(L, t);
        snprintf(out, n, "a%s %s", strchr("aeiou", tn[0]) ? "n" : "", tn);
    }
}

bool ws__in_list(const char *const *list, const char *k)
{
    for (const char *const *p = list; *p; p++)
        if (strcmp(*p, k) == 0) return true;
    return false;
}

void ws__list_text(const char *const *list, const char *last, char *out, size_t n)
{
    size_t len = 0, cnt = 0;
    out[0] = '\0';
    while (list[cnt])
        cnt++;
    for (size_t i = 0; i < cnt && len < n; i++)
        len += (size_t)snprintf(out + len, n - len, "%s%s",
                                i == 0 ? "" : i + 1 == cnt ? last : ", ", list[i]);
}

void ws__names_text(int list, const char *got, char *out, size_t n)
{
    ws_name_list_text(list, out, n);
    const ws_state_names *t = ws_name_list_get(list);
    if (!got || !t) return;
    sb_near nr = {got, NULL, 0};
    for (int v = 0; v < t->n; v++)
        if (t->lua[v]) ws__near_try(&nr, t->lua[v]);
    const char *sug = ws__near_result(&nr);
    size_t len = strlen(out);
    if (sug && len < n) snprintf(out + len, n - len, " (did you mean \"%s\"?)", sug);
}

/* ---- Failing ------------------------------------------------------------------------------- */

int ws__raise_error(lua_State *L, sandbox *sb, const ws_error *err)
{
    char buf[1400];
    ws_error_format(err, buf, sizeof buf);
    luaL_where(L, 1);
    lua_pushstring(L, buf);
    lua_concat(L, 2);
    ws__sb_copy_str(sb->pending_text, sizeof sb->pending_text, lua_tostring(L, -1));
    sb->pending = *err;
    sb->has_pending = true;
    return lua_error(L);
}

int ws__raise_at(lua_State *L, sandbox *sb, sb_loc loc, const char *key, const char *msg)
{
    ws_error err;
    ws_error_set(&err, WS_EINPUT, sb->chunk[loc.chunk]->path, loc.line, key, "%s", msg);
    return ws__raise_error(L, sb, &err);
}

void ws__f_key(const sb_tab *t, const char *key, char *out, size_t n)
{
    if (!t->path[0]) {
        ws__sb_copy_str(out, n, key);
        return;
    }
    int w = snprintf(out, n, "%s.%s", t->path, key);
    if (w < 0 || (size_t)w >= n) out[n - 1] = '\0'; /* cut: keys are short */
}

sb_loc ws__f_loc(const sb_tab *t, const char *key)
{
    switch (t->how) {
    case SB_AT_PLACE: return ws__key_loc(t->sb, t->place, key);
    case SB_AT_CALL: return ws__call_key_loc(t->sb, key);
    case SB_AT_VALUE: return ws__value_loc(t->sb, t->at, key, false, 1);
    default: return t->at;
    }
}

int ws__f_vfail(const sb_tab *t, sb_loc loc, const char *key, const char *fmt, va_list ap)
{
    char msg[sizeof t->sb->verr.msg];
    vsnprintf(msg, sizeof msg, fmt, ap);
    ws_error err;
    const char *file = t->sb->chunk[loc.chunk]->path;
    if (t->what && t->what[0])
        ws_error_set(&err, WS_EINPUT, file, loc.line, key, "%s: %s", t->what, msg);
    else
        ws_error_set(&err, WS_EINPUT, file, loc.line, key, "%s", msg);
    if (t->raise) ws__raise_error(t->L, t->sb, &err);
    t->sb->verr = err;
    return -1;
}

int ws__f_fail(const sb_tab *t, sb_loc loc, const char *key, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = ws__f_vfail(t, loc, key, fmt, ap);
    va_end(ap);
    return rc;
}

int ws__f_bad(const sb_tab *t, const char *key, const char *expect)
{
    char full[128], got[96];
    ws__f_key(t, key, full, sizeof full);
    ws__describe(t->L, -1, got, sizeof got);
    lua_pop(t->L, 1);
    return ws__f_fail(t, ws__f_loc(t, key), full, "'%s' must be %s, not %s", full, expect, got);
}

/* ---- Readers ------------------------------------------------------------------------------- */

bool ws__f_is_list(lua_State *L, int idx, lua_Unsigned *n)
{
    idx = lua_absindex(L, idx);
    lua_Unsigned count = 0;
    *n = lua_rawlen(L, idx);
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        count++;
        lua_pop(L, 1);
    }
    return count == *n;
}

int ws__f_push(const sb_tab *t, const char *key)
{
    lua_pushstring(t->L, key);
    return lua_rawget(t->L, t->idx);
}

/* Pushes t[key] and returns its type; when it is nil pops it, sets *given false and returns
 * LUA_TNIL. */
static int push_given(const sb_tab *t, const char *key, bool *given)
{
    int ty = ws__f_push(t, key);
    if (given) *given = ty != LUA_TNIL;
    if (ty == LUA_TNIL) lua_pop(t->L, 1);
    return ty;
}

int ws__f_number(const sb_tab *t, const char *key, const char *expect, double *out, bool *given)
{
    int ty = push_given(t, key, given);
    if (ty == LUA_TNIL) return 0;
    if (ty != LUA_TNUMBER) return ws__f_bad(t, key, expect);
    *out = lua_tonumber(t->L, -1);
    lua_pop(t->L, 1);
    return 0;
}

int ws__f_whole(const sb_tab *t, const char *key, const char *expect, long long lo, long long hi,
                long long *out, bool *given)
{
    int ty = push_given(t, key, given);
    if (ty == LUA_TNIL) return 0;
    lua_State *L = t->L;
    long long v;
    if (ty != LUA_TNUMBER) return ws__f_bad(t, key, expect);
    if (lua_isinteger(L, -1)) {
        v = (long long)lua_tointeger(L, -1);
    } else {
        double d = lua_tonumber(L, -1);
        if (!(d == floor(d) && d >= (double)lo && d <= (double)hi))
            return ws__f_bad(t, key, expect);
        v = (long long)d;
    }
    if (v < lo || v > hi) return ws__f_bad(t, key, expect);
    *out = v;
    lua_pop(L, 1);
    return 0;
}

int ws__f_int_in(const sb_tab *t, const char *key, long long lo, long long hi, long long *out,
                 bool *given)
{
    char expect[160];
    ws_range_text(true, (double)lo, (double)hi, 0, expect, sizeof expect);
    return ws__f_whole(t, key, expect, lo, hi, out, given);
}

int ws__f_num_in(const sb_tab *t, const char *key, double lo, double hi, unsigned open,
                 double *out, bool *given)
{
    char expect[160];
    ws_range_text(false, lo, hi, open, expect, sizeof expect);
    int ty = push_given(t, key, given);
    if (ty == LUA_TNIL) return 0;
    double v = ty == LUA_TNUMBER ? lua_tonumber(t->L, -1) : NAN;
    bool ok = ((open & WS_FF_LO_OPEN) ? v > lo : v >= lo) &&
              ((open & WS_FF_HI_OPEN) ? v < hi : v <= hi);
    if (!ok) return ws__f_bad(t, key, expect);
    *out = v;
    lua_pop(t->L, 1);
    return 0;
}

int ws__f_text(const sb_tab *t, const char *key, const char **out, size_t *len, bool *given)
{
    int ty = push_given(t, key, given);
    if (ty == LUA_TNIL) return 0;
    if (ty != LUA_TSTRING) return ws__f_bad(t, key, "a string");
    const char *v = lua_tolstring(t->L, -1, len);
    lua_pop(t->L, 1); /* the string stays: the table holds it */
    if (strlen(v) != *len) {
        char full[128];
        ws__f_key(t, key, full, sizeof full);
        return ws__f_fail(t, ws__f_loc(t, key), full, "'%s' must not contain NUL bytes", full);
    }
    *out = v;
    return 0;
}

int ws__f_string(const sb_tab *t, const char *key, char *out, size_t n, bool *given)
{
    const char *v = NULL;
    size_t len = 0;
    bool g = false;
    if (ws__f_text(t, key, &v, &len, &g)) return -1;
    if (given) *given = g;
    if (!g) return 0;
    if (len >= n) {
        char full[128];
        ws__f_key(t, key, full, sizeof full);
        return ws__f_fail(t, ws__f_loc(t, key), full,
                          "'%s' is %zu bytes long; at most %zu are allowed", full, len, n - 1);
    }
    memcpy(out, v, len + 1);
    return 0;
}

int ws__f_enum(const sb_tab *t, const char *key, int list, int *out, bool *given)
{
    int ty = push_given(t, key, given);
    if (ty == LUA_TNIL) return 0;
    const char *v = ty == LUA_TSTRING ? lua_tostring(t->L, -1) : NULL;
    int val = ws_name_list_find(list, v);
    if (val >= 0) {
        *out = val;
        lua_pop(t->L, 1);
        return 0;
    }
    char shown[64], names[700];
    ws__sb_one_line(shown, sizeof shown, v ? v : "");
    ws__names_text(list, v ? shown : NULL, names, sizeof names);
    return ws__f_bad(t, key, names);
}

int ws__f_yesno(const sb_tab *t, const char *key, int *out, bool *given)
{
    int ty = push_given(t, key, given);
    if (ty == LUA_TNIL) return 0;
    if (ty != LUA_TBOOLEAN)
        return ws__f_bad(t, key, "true or false (leave it out for \"either\")");
    *out = lua_toboolean(t->L, -1);
    lua_pop(t->L, 1);
    return 0;
}

int ws__f_names(const sb_tab *t, const char *key, int list, uint32_t *mask, bool *given)
{
    lua_State *L = t->L;
    int ty = push_given(t, key, given);
    if (ty == LUA_TNIL) return 0;
    char full[128], txt[700], expect[720];
    ws__f_key(t, key, full, sizeof full);
    ws_name_list_text(list, txt, sizeof txt);
    snprintf(expect, sizeof expect, "a list of %s", txt);
    if (ty == LUA_TSTRING) { /* one name */
        lua_createtable(L, 1, 0);
        lua_insert(L, -2);
        lua_rawseti(L, -2, 1);
    } else if (ty != LUA_TTABLE) {
        return ws__f_bad(t, key, expect);
    }
    sb_loc loc = ws__f_loc(t, key);
    lua_Unsigned n = 0;
    if (!ws__f_is_list(L, -1, &n) || n == 0) {
        lua_pop(L, 1);
        return ws__f_fail(t, loc, full, "'%s' must be a non-empty list of %s (leave it out for any)",
                          full, txt);
    }
    uint32_t m = 0;
    for (lua_Unsigned k = 1; k <= n; k++) {
        int et = lua_rawgeti(L, -1, (lua_Integer)k);
        const char *v = et == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
        int val = ws_name_list_find(list, v);
        if (val < 0 || val >= 32) {
            char got[96], shown[64];
            ws__describe(L, -1, got, sizeof got);
            ws__sb_one_line(shown, sizeof shown, v ? v : "");
            ws__names_text(list, v ? shown : NULL, txt, sizeof txt);
            sb_loc l = v ? ws__value_loc(t->sb, loc, v, true, 1) : loc;
            lua_pop(L, 2);
            return ws__f_fail(t, l, full, "'%s' entry #%llu must be %s, not %s", full,
                              (unsigned long long)k, txt, got);
        }
        m |= 1u << val;
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    *mask = m;
    return 0;
}

int ws__f_table(const sb_tab *t, const char *key, const char *shape, sb_tab *sub)
{
    int ty = push_given(t, key, NULL);
    if (ty == LUA_TNIL) return 0;
    if (ty != LUA_TTABLE) return ws__f_bad(t, key, shape);
    *sub = *t;
    sub->idx = lua_gettop(t->L);
    ws__f_key(t, key, sub->path, sizeof sub->path);
    sub->how = SB_AT_VALUE;
    sub->at = ws__f_loc(t, key);
    return 1;
}

/* ---- Keys ---------------------------------------------------------------------------------- */

int ws__f_unknown(const sb_tab *t, const char *const *keys, char *bad, size_t n, sb_loc *loc)
{
    lua_State *L = t->L;
    sb_loc self = t->how == SB_AT_PLACE ? ws__key_loc(t->sb, t->place, "")
                  : t->how == SB_AT_CALL ? (sb_loc){t->sb->call.chunk, t->sb->call.line, SIZE_MAX}
                                         : t->at;
    if (lua_rawlen(L, t->idx) > 0) {
        *loc = self;
        return 2;
    }
    int found = 0;
    bad[0] = '\0';
    lua_pushnil(L);
    while (lua_next(L, t->idx)) {
        if (lua_type(L, -2) != LUA_TSTRING) {
            ws__describe(L, -2, bad, n);
            *loc = self;
            lua_pop(L, 2);
            return 3;
        }
        const char *k = lua_tostring(L, -2);
        if (!ws__in_list(keys, k)) {
            sb_loc l = ws__f_loc(t, k);
            if (!found || l.line < loc->line || (l.line == loc->line && strcmp(k, bad) < 0)) {
                *loc = l;
                ws__sb_one_line(bad, n, k);
            }
            found = 1;
        }
        lua_pop(L, 1);
    }
    return found;
}

int ws__f_known(const sb_tab *t, const char *const *keys, const char *what)
{
    char bad[128], full[160], all[800];
    sb_loc loc;
    int r = ws__f_unknown(t, keys, bad, sizeof bad, &loc);
    if (r == 0) return 0;
    char subject[200];
    if (what)
        snprintf(subject, sizeof subject, "%s", what);
    else if (t->path[0])
        snprintf(subject, sizeof subject, "'%s'", t->path);
    else
        snprintf(subject, sizeof subject, "the table");
    if (r == 2)
        return ws__f_fail(t, loc, t->path[0] ? t->path : NULL,
                          "%s has a value without a key (entry #1): write every entry as "
                          "key = value", subject);
    if (r == 3)
        return ws__f_fail(t, loc, t->path[0] ? t->path : NULL,
                          "%s has a key that is %s: keys are names, written as key = value",
                          subject, bad);
    ws__f_key(t, bad, full, sizeof full);
    char in[220] = "";
    if (what) snprintf(in, sizeof in, " in %s", what);
    const char *sug = ws__suggest(bad, keys);
    if (sug)
        return ws__f_fail(t, loc, full, "unknown key '%s'%s (did you mean '%s'?)", full, in, sug);
    ws__list_text(keys, " and ", all, sizeof all);
    return ws__f_fail(t, loc, full, "unknown key '%s'%s; the keys are %s", full, in, all);
}
