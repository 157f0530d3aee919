/* lua_hooks.c: yearly policy hooks — keeps each scenario's Lua `hook` function alive in the
 * loader's sandbox and calls it between years (include/wijksim/lua_hooks.h).
 *
 * Design. ws_lua_hooks_open runs the scenario file a second time with the loader's set-up
 * (ws__lua_scenario_setup: same libraries, limits and constructors; math.random has a fixed
 * seed, so the run is the same) and stores each scenario's hook in the registry. The
 * scenario's structure was validated by the loader; here we only pick the functions out.
 * Every call builds its arguments, calls the hook and reads the result inside one protected C
 * function, so a Lua error (or a memory error while building tables) never reaches the panic
 * handler; the result is read with raw accesses only, so no script code runs after the hook
 * returns.
 */
#include "wijksim/lua_hooks.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lua_internal.h"

#define HOOK_MAX_SCEN 65 /* a comparison: the baseline and at most 64 options */

struct ws_lua_hooks {
    sandbox *sb;              /* the sandbox holding the Lua state (owned) */
    const ws_comparison *c;   /* the loaded comparison (not owned) */
    int ref[HOOK_MAX_SCEN];   /* registry reference of scenario k's hook, LUA_NOREF: none */
    int chunk[HOOK_MAX_SCEN]; /* chunk and line where each hook is defined */
    int line[HOOK_MAX_SCEN];
    int any; /* hooks found */
};

/* Protected (lua_pcall'd with the handle as light userdata at 1 and the chunk's value at 2):
 * stores the hook of every scenario of the returned scenario or comparison. */
static int p_pick(lua_State *L)
{
    ws_lua_hooks *hk = lua_touserdata(L, 1);
    int n = hk->c->n;
    bool comp = false;
    if (lua_istable(L, 2)) {
        lua_pushliteral(L, "baseline");
        comp = lua_rawget(L, 2) == LUA_TTABLE;
        lua_pop(L, 1);
    }
    for (int k = 0; k < n; k++) {
        if (!comp) {
            lua_pushvalue(L, 2);
        } else if (k == 0) {
            lua_pushliteral(L, "baseline");
            lua_rawget(L, 2);
        } else {
            lua_pushliteral(L, "options");
            if (lua_rawget(L, 2) != LUA_TTABLE) return luaL_error(L, "options changed");
            lua_rawgeti(L, -1, k);
            lua_remove(L, -2);
        }
        if (!lua_istable(L, -1)) return luaL_error(L, "the scenario file changed since loading");
        lua_pushliteral(L, "hook");
        if (lua_rawget(L, -2) == LUA_TFUNCTION) {
            lua_Debug ar;
            lua_pushvalue(L, -1);
            lua_getinfo(L, ">S", &ar);
            hk->chunk[k] = ws__sb_chunk_by_source(hk->sb, ar.source);
            if (hk->chunk[k] < 0) hk->chunk[k] = 0;
            hk->line[k] = ar.linedefined;
            hk->ref[k] = luaL_ref(L, LUA_REGISTRYINDEX); /* pops the function */
            hk->any++;
        } else {
            lua_pop(L, 1);
        }
        lua_pop(L, 1);
    }
    return 0;
}

void ws_lua_hooks_close(ws_lua_hooks *h)
{
    if (!h) return;
    if (h->sb) ws__sb_free(h->sb);
    free(h);
}

int ws_lua_hooks_open(const char *path, const ws_comparison *c, ws_lua_hooks **out, ws_error *e)
{
    *out = NULL;
    if (!c || c->n < 1 || c->n > HOOK_MAX_SCEN)
        return ws_error_set(e, WS_EINPUT, path, 0, NULL, "no loaded comparison for the hooks");
    ws_lua_hooks *hk = calloc(1, sizeof *hk);
    if (hk) hk->sb = calloc(1, sizeof *hk->sb);
    if (!hk || !hk->sb) {
        ws_lua_hooks_close(hk);
        return ws_error_set(e, WS_ENOMEM, path, 0, NULL, "out of memory");
    }
    hk->c = c;
    for (int k = 0; k < HOOK_MAX_SCEN; k++)
        hk->ref[k] = LUA_NOREF;
    int h = 0;
    int rc = ws__sb_load(hk->sb, path, ws__lua_scenario_setup, &h, e);
    if (!rc) {
        lua_State *L = hk->sb->L;
        lua_settop(L, h + 1); /* handler, value (nil if none) */
        lua_pushcfunction(L, p_pick);
        lua_pushlightuserdata(L, hk);
        lua_pushvalue(L, h + 1);
        int st = lua_pcall(L, 2, 0, h);
        if (st != LUA_OK) rc = ws__sb_failure(hk->sb, st, e);
        lua_settop(L, 0);
    }
    if (rc || !hk->any) {
        ws_lua_hooks_close(hk);
        return rc;
    }
    *out = hk;
    return 0;
}

/* What one hook call works on (the protected function's context). */
typedef struct hook_call {
    ws_lua_hooks *hk;
    const ws_scenario *s;
    int k, rep, y;
    const ws_results *r;
    ws_budget_weights *w;
    ws_error verr; /* a bad return: code 0 when the return was fine */
} hook_call;

/* Records a bad return at the hook's definition line. Returns 0 (for the protected function). */
static int bad_return(hook_call *hc, const char *fmt, const char *a, const char *b)
{
    char msg[700];
    snprintf(msg, sizeof msg, fmt, a ? a : "", b ? b : "");
    const sandbox *sb = hc->hk->sb;
    ws_error_set(&hc->verr, WS_EINPUT, sb->chunk[hc->hk->chunk[hc->k]]->path, hc->hk->line[hc->k],
                 "hook", "hook of scenario '%s' after year %d: %s", hc->s->name,
                 hc->s->start_year + hc->y, msg);
    return 0;
}

static int area_slot(const ws_scenario *s, const char *id)
{
    for (int a = 0; a < s->n_areas; a++)
        if (strcmp(s->areas.area[s->area_sel[a]].id, id) == 0) return a;
    return -1;
}

/* Protected (light userdata hook_call at 1): builds (year, areas), calls the hook and applies
 * what it returns to the weights. */
static int p_call(lua_State *L)
{
    hook_call *hc = lua_touserdata(L, 1);
    const ws_scenario *s = hc->s;
    const ws_policy *pol = &s->policy;
    ws_budget_weights *w = hc->w;
    int na = s->n_areas;
    lua_rawgeti(L, LUA_REGISTRYINDEX, hc->hk->ref[hc->k]);
    lua_pushinteger(L, s->start_year + hc->y);
    lua_createtable(L, 0, na);
    for (int a = 0; a < na; a++) {
        lua_createtable(L, 0, WS_N_INDICATORS + 1);
        for (int i = 0; i < WS_N_INDICATORS; i++) {
            lua_pushnumber(L, *ws_results_at(hc->r, i, hc->rep, hc->y, a));
            lua_setfield(L, -2, ws_indicators[i].name);
        }
        lua_createtable(L, 0, pol->n_packages);
        for (int p = 0; p < pol->n_packages; p++) {
            size_t i = (size_t)p * (size_t)na + (size_t)a;
            if (!w->in[i]) continue;
            lua_pushnumber(L, w->weight[i]);
            lua_setfield(L, -2, pol->pk[p].name);
        }
        lua_setfield(L, -2, "budget_weight");
        lua_setfield(L, -2, s->areas.area[s->area_sel[a]].id);
    }
    lua_call(L, 2, 1);
    int t = lua_type(L, -1);
    if (t == LUA_TNIL) return 0;
    if (t != LUA_TTABLE)
        return bad_return(hc,
                          "it returned a %s; return nothing (keep the weights) or "
                          "{ [package] = { [area_id] = weight, ... } }",
                          luaL_typename(L, -1), NULL);
    int ret = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, ret)) {
        if (lua_type(L, -2) != LUA_TSTRING)
            return bad_return(hc, "a key of the returned table is a %s; keys are package names",
                              luaL_typename(L, -2), NULL);
        const char *pname = lua_tostring(L, -2);
        int p = -1;
        for (int q = 0; q < pol->n_packages && p < 0; q++)
            if (strcmp(pol->pk[q].name, pname) == 0) p = q;
        if (p < 0) return bad_return(hc, "unknown package '%s'%s", pname, "");
        if (!lua_istable(L, -1))
            return bad_return(hc, "the value of package '%s' is a %s; write { [area_id] = weight }",
                              pname, luaL_typename(L, -1));
        int pt = lua_gettop(L);
        lua_pushnil(L);
        while (lua_next(L, pt)) {
            if (lua_type(L, -2) != LUA_TSTRING)
                return bad_return(hc, "package '%s' has a key that is a %s; keys are area ids",
                                  pname, luaL_typename(L, -2));
            const char *id = lua_tostring(L, -2);
            int a = area_slot(s, id);
            if (a < 0) return bad_return(hc, "unknown area '%s' (package '%s')", id, pname);
            size_t i = (size_t)p * (size_t)na + (size_t)a;
            if (!w->in[i])
                return bad_return(hc, "area '%s' is not one of package '%s''s areas", id, pname);
            double v = lua_type(L, -1) == LUA_TNUMBER ? lua_tonumber(L, -1) : NAN;
            if (!isfinite(v) || v < 0)
                return bad_return(hc,
                                  "the weight of area '%s' in package '%s' must be a finite "
                                  "number >= 0",
                                  id, pname);
            w->weight[i] = v;
            lua_pop(L, 1);
        }
        lua_pop(L, 1);
    }
    return 0;
}

int ws_lua_hooks_call(void *ud, int scenario_index, int rep, int year_index, const ws_results *r,
                      ws_budget_weights *w, ws_error *e)
{
    ws_lua_hooks *hk = ud;
    if (!hk || scenario_index < 0 || scenario_index >= hk->c->n ||
        hk->ref[scenario_index] == LUA_NOREF)
        return 0;
    const ws_scenario *s = &hk->c->scen[scenario_index];
    if (!r || r->n_area != s->n_areas || w->n_areas != s->n_areas ||
        w->n_packages != s->policy.n_packages)
        return ws_error_set(e, WS_ERUNTIME, s->path, 0, "hook",
                            "hook of scenario '%s': results or weights do not fit the scenario",
                            s->name);
    sandbox *sb = hk->sb;
    lua_State *L = sb->L;
    ws__sb_reset_limits(sb);
    hook_call hc = {hk, s, scenario_index, rep, year_index, r, w, {0}};
    lua_settop(L, 0);
    lua_pushcfunction(L, ws__sb_msgh);
    lua_pushcfunction(L, p_call);
    lua_pushlightuserdata(L, &hc);
    int st = lua_pcall(L, 1, 0, 1);
    int rc = 0;
    if (st != LUA_OK) {
        ws_error err;
        rc = ws__sb_failure(sb, st, &err);
        if (!err.line) { /* no place in the message: the hook's definition */
            err.line = hk->line[scenario_index];
            ws__sb_copy_str(err.file, sizeof err.file, sb->chunk[hk->chunk[scenario_index]]->path);
        }
        ws_error_set(e, rc, err.file, err.line, "hook", "hook of scenario '%s' after year %d: %s",
                     s->name, s->start_year + year_index, err.msg);
    } else if (hc.verr.code) {
        rc = hc.verr.code;
        if (e) *e = hc.verr;
    }
    lua_settop(L, 0);
    return rc;
}
