/* lua_scenario.c: runs a scenario script in a sandboxed Lua 5.4 state and resolves the table it
 * returns into a validated ws_scenario (see include/wijksim/lua_scenario.h for the language).
 *
 * Design. Each call builds one fresh lua_State and closes it before returning; no Lua value
 * leaves the loader. The sandbox (lua_sandbox.c, shared with the yearly hooks of lua_hooks.c)
 * is made by choosing what to open (base without load, loadfile, dofile and collectgarbage;
 * string without dump; table; math with a fixed seed; utf8), by loading text chunks only, by a
 * counting allocator (memory cap) and by a count hook (instruction cap). `require` reads
 * modules from the scenario file's folder only. This file adds the wijksim table
 * (ws__lua_scenario_setup) and the validation of scenarios and comparisons; packages and
 * interventions are read by lua_policy.c (ws__check_policy) and judged by ws_policy_check_at;
 * values are read with the field readers of lua_fields.c, and keys located by lua_lex.c.
 *
 * Invariants:
 * - Every Lua call that can raise an error runs below a lua_pcall, so Lua's panic handler (which
 *   aborts) is never reached. Validation also runs as a protected C function.
 * - Everything C allocates while Lua may raise is reachable from the sandbox struct (`sandbox`),
 *   so a longjmp out of a C function leaks nothing; ws_lua_load_scenario frees it all at the end.
 * - Once a limit is hit (sb->fatal), the script cannot catch it: the sandbox's pcall and xpcall
 *   rethrow, and the hook raises again on every call.
 * - Script code never runs with hooks off, where no limit would stop it: Lua turns hooks off
 *   inside a hook (so inside a message handler of an error the hook raised) and in finalizers.
 *   Hence setmetatable refuses __gc, xpcall calls its handler after unwinding, and the message
 *   handler calls no metamethod. No script code runs after the chunk returns either:
 *   validation reads tables with raw accesses only.
 * - The message handler records where an error happened instead of appending a traceback: a
 *   ws_error is one line, and the place is what the modeller needs.
 *
 * Line numbers. Lua tables do not remember where a field was written. Every constructor
 * (wijksim.scenario, .comparison, .package, .intervention, .intervention_type and the catalogue
 * constructors it returns) records a place — chunk, line and the name it was called by — and
 * tags its table with it (REG_TAGS); lua_lex.c then finds `key =` in the source.
 *
 * Policy. Scenarios, packages and interventions are validated after the chunk returns, each by
 * a C function lua_call'ed with its table at index 1 (so the field readers read index 1) and the
 * context (scenario, package, place) in the sandbox. Only unknown keys of catalogue defaults and
 * overrides are raised while the script runs, at the line where they are written.
 */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700 /* realpath */
#endif
#include "wijksim/lua_scenario.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "lua_internal.h"
#include "sha256.h"

/* ---- The wijksim table -------------------------------------------------------------------- */

/* Appends " (<what> at <chunk>:<line>)" to an area reader's message, so that the error names
 * the scenario as well as the area file. */
static void add_context(ws_error *err, const char *what, const sb_chunk *c, int line)
{
    size_t len = strlen(err->msg);
    snprintf(err->msg + len, sizeof err->msg - len, " (%s at %s:%d)", what, c->name, line);
}

/* Resolves a path relative to the scenario folder into out. Returns false (with a reason in why)
 * for an empty, absolute or too long path. */
static bool resolve_rel(const sandbox *sb, const char *rel, size_t rlen, char *out, size_t n,
                        const char **why)
{
    if (rlen == 0 || strlen(rel) != rlen) {
        *why = "an empty path";
        return false;
    }
    if (rel[0] == '/') {
        *why = "an absolute path; give it relative to the scenario file's folder so the scenario "
               "works on every machine";
        return false;
    }
    if (snprintf(out, n, "%s%s", sb->dir, rel) >= (int)n || strlen(out) >= sizeof sb->res.path) {
        *why = "too long a path";
        return false;
    }
    return true;
}

/* Loads (once) the area file at resolved path `path` into the cache. Returns its cache index, or
 * -1 with err filled (code, file, line, key as ws_area_table_load gave them). */
static int area_file(sandbox *sb, const char *path, ws_error *err)
{
    for (int i = 0; i < sb->n_area; i++)
        if (strcmp(sb->area[i].path, path) == 0) return i;
    if (sb->n_area == SB_MAX_AREA_FILES) {
        ws_error_set(err, WS_EINPUT, NULL, 0, NULL, "more than %d different area files",
                     SB_MAX_AREA_FILES);
        return -1;
    }
    sb_areafile *a = &sb->area[sb->n_area];
    memset(a, 0, sizeof *a);
    ws__sb_copy_str(a->path, sizeof a->path, path);
    ws_error_clear(err);
    if (ws_area_table_load(path, &a->t, err) != 0) {
        memset(&a->t, 0, sizeof a->t);
        if (!err->code) err->code = WS_EINPUT;
        return -1;
    }
    return sb->n_area++;
}

/* The area table named by argument `arg` (optional, default SB_DEFAULT_AREA_FILE) of a
 * wijksim.* function; raises on failure. */
static const ws_area_table *lua_area_table(lua_State *L, sandbox *sb, int arg)
{
    size_t rlen;
    const char *rel = lua_isnoneornil(L, arg) ? SB_DEFAULT_AREA_FILE : NULL;
    if (rel) {
        rlen = strlen(rel);
    } else {
        luaL_checktype(L, arg, LUA_TSTRING);
        rel = lua_tolstring(L, arg, &rlen);
    }
    char path[SB_PATH];
    const char *why = NULL;
    if (!resolve_rel(sb, rel, rlen, path, sizeof path, &why))
        luaL_argerror(L, arg, lua_pushfstring(L, "area file '%s' is %s", rel, why));
    ws_error err;
    int i = area_file(sb, path, &err);
    if (i >= 0) return &sb->area[i].t;
    if (err.code == WS_EIO || err.code == WS_ENOMEM || !err.file[0]) {
        int c = 0, line = 0;
        ws__sb_place(L, sb, 1, &c, &line);
        char msg[sizeof err.msg];
        ws__sb_copy_str(msg, sizeof msg, err.msg);
        ws_error_set(&err, WS_EINPUT, sb->chunk[c]->path, line, NULL,
                     "cannot read area file %s: %s", path, msg);
    }
    err.code = WS_EINPUT;
    int c = 0, line = 0;
    ws__sb_place(L, sb, 1, &c, &line);
    add_context(&err, "area file read by a wijksim function", sb->chunk[c], line);
    ws__raise_error(L, sb, &err);
    return NULL;
}

/* ---- Constructors: tagging tables with the place of their call ------------------------------ */

/* Keys of each kind of table (the language; see include/wijksim/lua_scenario.h); those of
 * interventions and packages are with their validation (lua_policy.c). run_keys: the keys a
 * comparison fixes for all its scenarios (common random numbers). */
static const char *const run_keys[] = {"start_year", "years", "replications", "seed", "scale",
                                       "area_data",  "areas", "params",       NULL};
static const char *const scen_keys[] = {
    "name",      "description", "start_year", "years",    "replications",  "seed", "scale",
    "area_data", "areas",       "params",     "packages", "interventions", "hook", NULL};
static const char *const scen_in_comp_keys[] = {"name",          "description", "packages",
                                                "interventions", "hook",        NULL};
static const char *const comp_keys[] = {
    "name",      "description", "start_year", "years",    "replications", "seed", "scale",
    "area_data", "areas",       "params",     "baseline", "options",      NULL};

/* Records a new place of kind `kind` for the table at idx, at the caller's position, and tags
 * the table with it. Raises on out of memory or too many calls. Returns the place index. */
static int tag_table(lua_State *L, sandbox *sb, int idx, int kind, const char *fname, int sec)
{
    idx = lua_absindex(L, idx);
    if (sb->n_place == sb->cap_place) {
        if (sb->cap_place >= SB_MAX_PLACES)
            return luaL_error(L, "more than %d wijksim constructor calls", SB_MAX_PLACES);
        int cap = sb->cap_place ? sb->cap_place * 2 : 64;
        sb_place *np = realloc(sb->place, sizeof *np * (size_t)cap);
        if (!np) return luaL_error(L, "out of memory");
        sb->place = np;
        sb->cap_place = cap;
    }
    sb_place *p = &sb->place[sb->n_place];
    memset(p, 0, sizeof *p);
    p->kind = kind;
    p->sec = sec;
    ws__sb_copy_str(p->fname, sizeof p->fname, fname);
    ws__sb_place(L, sb, 1, &p->chunk, &p->line);
    lua_getfield(L, LUA_REGISTRYINDEX, REG_TAGS);
    lua_pushvalue(L, idx);
    lua_pushinteger(L, sb->n_place);
    lua_rawset(L, -3);
    lua_pop(L, 1);
    return sb->n_place++;
}

/* Checks, while the script runs, that every key of the table at idx (made at place pi) is a key
 * of an intervention; raises at the unknown key written first (what: the table, for messages). */
static void iv_keys_now(lua_State *L, sandbox *sb, int idx, int pi, const char *what)
{
    const char *keys[WS_IVF_N + 1];
    sb_tab t = {sb, L, lua_absindex(L, idx), "", NULL, SB_AT_PLACE, pi, {0, 0, SIZE_MAX}, true};
    ws__f_known(&t, ws__iv_keys(keys), what);
}

/* Name the running C function was called by ("" when unknown). */
static const char *called_name(lua_State *L)
{
    lua_Debug ar;
    if (lua_getstack(L, 0, &ar) && lua_getinfo(L, "n", &ar) && ar.name) return ar.name;
    return "";
}

static int tag_ctor(lua_State *L, int kind, const char *fname)
{
    sandbox *sb = ws__sb_get(L);
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 1);
    tag_table(L, sb, 1, kind, fname, -1);
    return 1;
}

/* wijksim.scenario(t), .comparison(t), .package(t), .intervention(t): mark t as made here (for
 * line numbers and kind) and return it; validation happens when the script has returned. */
static int w_scenario(lua_State *L)
{
    return tag_ctor(L, PK_SCEN, "scenario");
}

static int w_comparison(lua_State *L)
{
    return tag_ctor(L, PK_COMP, "comparison");
}

static int w_sweep(lua_State *L)
{
    return tag_ctor(L, PK_SWEEP, "sweep");
}

static int w_package(lua_State *L)
{
    return tag_ctor(L, PK_PKG, "package");
}

static int w_intervention(lua_State *L)
{
    return tag_ctor(L, PK_IV, "intervention");
}

/* Pushes a copy of the value at idx: tables are copied deeply (depth <= 8; metatables are
 * dropped), everything else as is. */
static void push_copy(lua_State *L, int idx, int depth)
{
    idx = lua_absindex(L, idx);
    if (lua_type(L, idx) != LUA_TTABLE) {
        lua_pushvalue(L, idx);
        return;
    }
    if (depth > 8) luaL_error(L, "catalogue defaults nested deeper than 8 tables");
    luaL_checkstack(L, 4, "catalogue defaults");
    lua_newtable(L);
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        lua_pushvalue(L, -2);
        push_copy(L, -2, depth + 1);
        lua_rawset(L, -5);
        lua_pop(L, 1);
    }
}

/* A catalogue constructor (upvalues: defaults table, its place): returns a new intervention
 * table = copy of the defaults with the keys of the argument (optional table) replacing theirs.
 * Unknown keys in the argument are raised at once, at the argument's line. */
static int w_make_intervention(lua_State *L)
{
    sandbox *sb = ws__sb_get(L);
    if (!lua_isnoneornil(L, 1)) luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 1);
    if (lua_isnil(L, 1)) {
        lua_newtable(L);
        lua_replace(L, 1);
    }
    int def_place = (int)lua_tointeger(L, lua_upvalueindex(2));
    const char *fname = called_name(L);
    int pi = tag_table(L, sb, 1, PK_IV, fname, def_place);
    char what[160];
    snprintf(what, sizeof what, "the overrides of catalogue intervention '%s'",
             fname[0] ? fname : "?");
    iv_keys_now(L, sb, 1, pi, what);
    push_copy(L, lua_upvalueindex(1), 0); /* 2: the new table */
    lua_pushnil(L);
    while (lua_next(L, 1)) {
        lua_pushvalue(L, -2);
        lua_insert(L, -2);
        lua_rawset(L, 2);
    }
    lua_getfield(L, LUA_REGISTRYINDEX, REG_TAGS); /* the new table takes the call's place */
    lua_pushvalue(L, 2);
    lua_pushinteger(L, pi);
    lua_rawset(L, -3);
    lua_settop(L, 2);
    return 1;
}

/* wijksim.intervention_type(defaults): checks the keys of defaults and returns a constructor
 * `f(overrides)` (see w_make_intervention). The defaults are copied, so later changes to the
 * table do not leak into interventions. */
static int w_intervention_type(lua_State *L)
{
    sandbox *sb = ws__sb_get(L);
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 1);
    int pi = tag_table(L, sb, 1, PK_TYPE, "intervention_type", -1);
    iv_keys_now(L, sb, 1, pi, "wijksim.intervention_type");
    push_copy(L, 1, 0);
    lua_pushinteger(L, pi);
    lua_pushcclosure(L, w_make_intervention, 2);
    return 1;
}
/* wijksim.areas(selector [, area_file]): list of area ids, "all" or "nplv2020", file order. */
static int w_areas(lua_State *L)
{
    sandbox *sb = ws__sb_get(L);
    luaL_checktype(L, 1, LUA_TSTRING);
    const char *sel = lua_tostring(L, 1);
    bool all = strcmp(sel, "all") == 0;
    if (!all && strcmp(sel, "nplv2020") != 0)
        return luaL_error(L,
                          "wijksim.areas: the selector must be \"all\" or \"nplv2020\", "
                          "not \"%s\"",
                          sel);
    const ws_area_table *t = lua_area_table(L, sb, 2);
    lua_createtable(L, t->n, 0);
    int k = 0;
    for (int i = 0; i < t->n; i++) {
        if (!all && !t->area[i].in_2020) continue;
        lua_pushstring(L, t->area[i].id);
        lua_rawseti(L, -2, ++k);
    }
    return 1;
}

/* wijksim.area_table([area_file]): one table per area with its id, name, municipality, gm_code,
 * in_2020 (boolean), neighbourhoods (list of CBS wijk codes) and every numeric column. */
static int w_area_table(lua_State *L)
{
    sandbox *sb = ws__sb_get(L);
    const ws_area_table *t = lua_area_table(L, sb, 1);
    lua_createtable(L, t->n, 0);
    for (int i = 0; i < t->n; i++) {
        const ws_area *a = &t->area[i];
        lua_createtable(L, 0, 8 + ws_area_n_fields);
        lua_pushstring(L, a->id);
        lua_setfield(L, -2, "id");
        lua_pushstring(L, a->name);
        lua_setfield(L, -2, "name");
        lua_pushstring(L, a->municipality);
        lua_setfield(L, -2, "municipality");
        lua_pushstring(L, a->gm_code);
        lua_setfield(L, -2, "gm_code");
        lua_pushboolean(L, a->in_2020);
        lua_setfield(L, -2, "in_2020");
        lua_createtable(L, a->n_nbh, 0);
        for (int j = 0; j < a->n_nbh && j < WS_MAX_NBH; j++) {
            lua_pushstring(L, a->nbh_code[j]);
            lua_rawseti(L, -2, j + 1);
        }
        lua_setfield(L, -2, "neighbourhoods");
        for (int f = 0; f < ws_area_n_fields; f++) {
            lua_pushnumber(L, *(const double *)((const char *)a + ws_area_fields[f].offset));
            lua_setfield(L, -2, ws_area_fields[f].name);
        }
        lua_rawseti(L, -2, i + 1);
    }
    return 1;
}

/* wijksim.param_defaults(): table of every model parameter's default value, by name. */
static int w_param_defaults(lua_State *L)
{
    lua_createtable(L, 0, ws_n_params);
    for (int i = 0; i < ws_n_params; i++) {
        lua_pushnumber(L, ws_param_table[i].def);
        lua_setfield(L, -2, ws_param_table[i].name);
    }
    return 1;
}

static int open_wijksim(lua_State *L)
{
    static const luaL_Reg fns[] = {
        {"scenario", w_scenario},
        {"comparison", w_comparison},
        {"sweep", w_sweep},
        {"package", w_package},
        {"intervention", w_intervention},
        {"intervention_type", w_intervention_type},
        {"areas", w_areas},
        {"area_table", w_area_table},
        {"param_defaults", w_param_defaults},
        {NULL, NULL},
    };
    luaL_newlib(L, fns);
    lua_pushinteger(L, WS_MAX_YEARS);
    lua_setfield(L, -2, "MAX_YEARS");
    return 1;
}

/* Builds the sandbox's globals (protected: opening libraries allocates). */
int ws__lua_scenario_setup(lua_State *L)
{
    ws__sb_open_libs(L);
    luaL_requiref(L, "wijksim", open_wijksim, 1);
    lua_pop(L, 1);
    lua_newtable(L);
    lua_createtable(L, 0, 1);
    lua_pushliteral(L, "k");
    lua_setfield(L, -2, "__mode");
    lua_setmetatable(L, -2);
    lua_setfield(L, LUA_REGISTRYINDEX, REG_TAGS);
    return 0;
}

/* ---- Validation of the returned table ----------------------------------------------------- */

/* The scenario (or comparison) table at index 1, for the field readers: its keys are found
 * where its call writes them; errors go to sb->verr. */
static sb_tab scen_tab(sandbox *sb, lua_State *L)
{
    return (sb_tab){sb, L, 1, "", NULL, SB_AT_CALL, -1, {0, 0, SIZE_MAX}, false};
}

/* Line `line` of the chunk holding the scenario's call. */
static sb_loc call_line(const sandbox *sb, int line)
{
    return (sb_loc){sb->call.chunk, line, SIZE_MAX};
}

/* Every key must be one of the scenario's, a comparison's, or those of a scenario inside a
 * comparison. Reports the unknown key written first in the source. */
static int check_keys(sandbox *sb, lua_State *L, ws_scenario *r)
{
    (void)r;
    const char *const *keys = sb->is_comparison && sb->v_scen == NULL ? comp_keys
                              : sb->is_comparison                     ? scen_in_comp_keys
                                                                      : scen_keys;
    sb_tab t = scen_tab(sb, L);
    char bad[128];
    sb_loc loc;
    int u = ws__f_unknown(&t, keys, bad, sizeof bad, &loc);
    if (u == 1 && keys == scen_in_comp_keys && ws__in_list(run_keys, bad))
        return ws__f_fail(&t, loc, bad,
                          "'%s' cannot be set on a scenario inside a comparison: the comparison "
                          "fixes start_year, years, replications, seed, scale, area_data, areas "
                          "and params for all its scenarios (common random numbers); set it on "
                          "wijksim.comparison, or limit an intervention with its own 'areas'",
                          bad);
    return u ? ws__f_known(&t, keys, NULL) : 0;
}

static int check_name(sandbox *sb, lua_State *L, ws_scenario *r)
{
    sb_tab t = scen_tab(sb, L);
    const char *v = NULL;
    size_t len = 0;
    bool given = false;
    if (ws__f_text(&t, "name", &v, &len, &given)) return -1;
    if (!given)
        return ws__f_fail(&t, call_line(sb, sb->call.line), "name",
                          "'name' is required: every scenario needs a name "
                          "(it names the results group /scenarios/<name>)");
    sb_loc loc = ws__f_loc(&t, "name");
    if (len == 0 || len >= sizeof r->name)
        return ws__f_fail(&t, loc, "name", "'name' must be 1 to %zu characters long (got %zu)",
                          sizeof r->name - 1, len);
    for (size_t i = 0; i < len; i++) {
        char c = v[i];
        if (!(isalnum((unsigned char)c) || (c && strchr(" _.,+()-", c))))
            return ws__f_fail(&t, loc, "name",
                              "'name' may only contain letters, digits, spaces and "
                              "_ . , + ( ) - (it becomes an HDF5 group name); found '%c' at "
                              "position %zu",
                              isprint((unsigned char)c) ? c : '?', i + 1);
    }
    if (v[0] == ' ' || v[len - 1] == ' ')
        return ws__f_fail(&t, loc, "name", "'name' must not start or end with a space");
    if (strspn(v, ".") == len)
        return ws__f_fail(&t, loc, "name",
                          "'name' must not be only dots (\"%s\" has a special meaning in HDF5 "
                          "paths)", v);
    memcpy(r->name, v, len + 1);
    return 0;
}

/* `hook` (yearly policy hook, lua_hooks.h) must be a function; the loader only checks its type
 * (ws_scenario has no Lua in it): ws_lua_hooks_open picks the function up. */
static int check_hook(sandbox *sb, lua_State *L, ws_scenario *r)
{
    (void)r;
    sb_tab t = scen_tab(sb, L);
    int ty = ws__f_push(&t, "hook");
    if (ty == LUA_TNIL || ty == LUA_TFUNCTION) return 0;
    return ws__f_bad(&t, "hook", "a function(year, areas) ... end (a yearly policy hook)");
}

static int check_description(sandbox *sb, lua_State *L, ws_scenario *r)
{
    sb_tab t = scen_tab(sb, L);
    return ws__f_string(&t, "description", r->description, sizeof r->description, NULL);
}

static int check_ints(sandbox *sb, lua_State *L, ws_scenario *r)
{
    sb_tab t = scen_tab(sb, L);
    long long start = 2026, years = 20, reps = 10, seed = 1;
    if (ws__f_int_in(&t, "start_year", 1990, 2100, &start, NULL) ||
        ws__f_int_in(&t, "years", 1, WS_MAX_YEARS, &years, NULL) ||
        ws__f_int_in(&t, "replications", 1, WS_MAX_REPLICATIONS, &reps, NULL) ||
        ws__f_int_in(&t, "seed", 0, 4294967295LL, &seed, NULL))
        return -1;
    r->start_year = (int)start;
    r->years = (int)years;
    r->replications = (int)reps;
    r->seed = (uint32_t)seed;
    return 0;
}

static int check_scale(sandbox *sb, lua_State *L, ws_scenario *r)
{
    sb_tab t = scen_tab(sb, L);
    r->scale = 1.0; /* the fraction of households simulated */
    return ws__f_num_in(&t, "scale", 0, 1, WS_FF_LO_OPEN, &r->scale, NULL);
}

/* Loads the area file named by area_data (default SB_DEFAULT_AREA_FILE) into r->areas. */
static int check_area_data(sandbox *sb, lua_State *L, ws_scenario *r)
{
    sb_tab t = scen_tab(sb, L);
    const char *rel = NULL;
    size_t len = 0;
    bool given = false;
    if (ws__f_text(&t, "area_data", &rel, &len, &given)) return -1;
    if (!given) {
        rel = SB_DEFAULT_AREA_FILE;
        len = strlen(rel);
    }
    sb_loc loc = given ? ws__f_loc(&t, "area_data") : call_line(sb, sb->call.line);
    char path[SB_PATH];
    const char *why = NULL;
    if (!resolve_rel(sb, rel, len, path, sizeof path, &why))
        return ws__f_fail(&t, loc, "area_data", "'area_data' is %s", why);
    ws_error err;
    int i = area_file(sb, path, &err);
    if (i < 0) {
        if (err.code == WS_EIO || err.code == WS_ENOMEM || !err.file[0])
            return ws__f_fail(&t, loc, "area_data", "cannot read the area file %s %s (%s)", path,
                              given ? "named by 'area_data'"
                                    : "(the default 'area_data'; set area_data to use another "
                                      "file)",
                              err.msg);
        sb->verr = err;
        sb->verr.code = WS_EINPUT;
        add_context(&sb->verr, "area file named by 'area_data'", sb->chunk[sb->call.chunk],
                    loc.line);
        return -1;
    }
    r->areas = sb->area[i].t; /* moved: the scenario owns the rows now */
    memset(&sb->area[i].t, 0, sizeof sb->area[i].t);
    memmove(&sb->area[i], &sb->area[i + 1], (size_t)(sb->n_area - i - 1) * sizeof sb->area[0]);
    sb->n_area--;
    return 0;
}

static int check_areas(sandbox *sb, lua_State *L, ws_scenario *r)
{
    const ws_area_table *t = &r->areas;
    sb_tab st = scen_tab(sb, L);
    int ty = ws__f_push(&st, "areas");
    sb_loc loc = ty == LUA_TNIL ? call_line(sb, sb->call.line) : ws__f_loc(&st, "areas");
    char got[96];
    ws__describe(L, -1, got, sizeof got);
    r->area_sel = malloc(sizeof *r->area_sel * (size_t)(t->n > 0 ? t->n : 1));
    if (!r->area_sel) {
        ws_error_set(&sb->verr, WS_ENOMEM, NULL, 0, NULL, "out of memory");
        return -1;
    }
    if (ty == LUA_TNIL || ty == LUA_TSTRING) {
        const char *sel = ty == LUA_TNIL ? "all" : lua_tostring(L, -1);
        bool all = strcmp(sel, "all") == 0;
        if (!all && strcmp(sel, "nplv2020") != 0) {
            if (ws_area_table_find(t, sel) >= 0)
                return ws__f_fail(&st, loc, "areas",
                                  "'areas' must be \"all\", \"nplv2020\" or a list "
                                  "of area ids; for one area write areas = { \"%s\" }",
                                  sel);
            return ws__f_fail(&st, loc, "areas",
                              "'areas' must be \"all\", \"nplv2020\" or a list of "
                              "area ids, not %s",
                              got);
        }
        for (int i = 0; i < t->n; i++)
            if (all || t->area[i].in_2020) r->area_sel[r->n_areas++] = i;
        if (r->n_areas == 0)
            return ws__f_fail(&st, loc, "areas",
                              "'areas' = \"%s\" selects no area: no row of %s has "
                              "in_2020_programme = 1",
                              sel, t->path);
        lua_pop(L, 1);
        return 0;
    }
    if (ty != LUA_TTABLE)
        return ws__f_fail(&st, loc, "areas",
                          "'areas' must be \"all\", \"nplv2020\" or a list of area "
                          "ids, not %s",
                          got);
    lua_Unsigned n = lua_rawlen(L, -1);
    lua_Unsigned count = 0;
    lua_pushnil(L);
    while (lua_next(L, -2)) {
        count++;
        lua_pop(L, 1);
    }
    if (count != n || (n == 0 && count > 0))
        return ws__f_fail(&st, loc, "areas",
                          "'areas' must be a list of area ids like "
                          "{ \"a\", \"b\" }, without keys");
    if (n == 0)
        return ws__f_fail(&st, loc, "areas",
                          "'areas' is an empty list: name at least one area, or "
                          "use \"all\"");
    if (n > (lua_Unsigned)t->n) n = (lua_Unsigned)t->n + 1; /* more than exist: a duplicate */
    for (lua_Unsigned k = 1; k <= n; k++) {
        int et = lua_rawgeti(L, -1, (lua_Integer)k);
        if (et != LUA_TSTRING) {
            ws__describe(L, -1, got, sizeof got);
            return ws__f_fail(&st, loc, "areas",
                              "'areas' entry #%llu must be an area id string, not %s",
                              (unsigned long long)k, got);
        }
        size_t idlen;
        const char *id = lua_tolstring(L, -1, &idlen);
        char shown[64];
        ws__sb_one_line(shown, sizeof shown, id);
        int idx = strlen(id) == idlen ? ws_area_table_find(t, id) : -1;
        if (idx < 0) {
            char hint[600];
            ws__area_hint(t, shown, hint, sizeof hint);
            return ws__f_fail(&st, ws__value_loc(sb, loc, id, true, 1), "areas",
                              "unknown area '%s' in 'areas'; %s", shown, hint);
        }
        for (int j = 0; j < r->n_areas; j++)
            if (r->area_sel[j] == idx)
                return ws__f_fail(&st, ws__value_loc(sb, loc, id, true, 2), "areas",
                                  "area '%s' is listed twice in 'areas'", shown);
        r->area_sel[r->n_areas++] = idx;
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    return 0;
}

/* params = { name = number, ... }: each set through ws_params_set. Reports the bad entry written
 * first in the source. */
static int check_params(sandbox *sb, lua_State *L, ws_scenario *r)
{
    ws_params_defaults(&r->params);
    sb_tab st = scen_tab(sb, L);
    int ty = ws__f_push(&st, "params");
    if (ty == LUA_TNIL) return 0;
    sb_loc loc = ws__f_loc(&st, "params");
    char got[96];
    if (ty != LUA_TTABLE) return ws__f_bad(&st, "params", "a table of name = number");
    if (lua_rawlen(L, -1) > 0)
        return ws__f_fail(&st, loc, "params",
                          "'params' has a value without a name (entry #1): write "
                          "name = number");
    ws_error best;
    sb_loc best_loc = {0, INT_MAX, SIZE_MAX};
    char best_name[128] = "";
    lua_pushnil(L);
    while (lua_next(L, -2)) {
        if (lua_type(L, -2) != LUA_TSTRING) {
            ws__describe(L, -2, got, sizeof got);
            return ws__f_fail(&st, loc, "params",
                              "'params' has a key that is %s: write name = number", got);
        }
        size_t klen;
        const char *k = lua_tolstring(L, -2, &klen);
        char name[100], key[128];
        ws__sb_one_line(name, sizeof name, k);
        snprintf(key, sizeof key, "params.%s", name);
        ws_error e1;
        ws_error_clear(&e1);
        if (strlen(k) != klen || ws_params_find(k) < 0) {
            sb_near nr = {name, NULL, 0};
            for (int i = 0; i < ws_n_params; i++)
                ws__near_try(&nr, ws_param_table[i].name);
            const char *sug = ws__near_result(&nr);
            ws_error_set(&e1, WS_EINPUT, NULL, 0, key,
                         "unknown model parameter '%s'%s%s%s; "
                         "`wijksim params` lists them",
                         key, sug ? " (did you mean '" : "", sug ? sug : "", sug ? "'?)" : "");
        } else if (lua_type(L, -1) != LUA_TNUMBER) {
            ws__describe(L, -1, got, sizeof got);
            ws_error_set(&e1, WS_EINPUT, NULL, 0, key, "'%s' must be a number, not %s", key, got);
        } else {
            ws_error e2;
            ws_error_clear(&e2);
            if (ws_params_set(&r->params, k, lua_tonumber(L, -1), &e2) != 0)
                ws_error_set(&e1, e2.code ? e2.code : WS_EINPUT, NULL, 0, key, "'%s': %s", key,
                             e2.msg);
        }
        if (e1.code) {
            sb_loc ln = ws__value_loc(sb, loc, k, false, 1);
            if (ln.line < best_loc.line ||
                (ln.line == best_loc.line && strcmp(name, best_name) < 0)) {
                best = e1;
                best_loc = ln;
                ws__sb_copy_str(best_name, sizeof best_name, name);
            }
        }
        lua_pop(L, 1);
    }
    if (best_loc.line == INT_MAX) return 0;
    return ws__f_fail(&st, best_loc, best.key, "%s", best.msg);
}

/* ---- Scenarios and comparisons -------------------------------------------------------------- */

/* Sets sb->call to place pi. */
static void call_from_place(sandbox *sb, int pi)
{
    sb->call.chunk = sb->place[pi].chunk;
    sb->call.line = sb->place[pi].line;
    sb->call.ctor = ws__place_ctor(sb, pi);
}

/* Copies the run-level part of src (times, seed, scale, areas, params, path) into the empty dst.
 * Returns 0, or -1 with sb->verr set when out of memory. */
static int copy_run(sandbox *sb, ws_scenario *dst, const ws_scenario *src)
{
    dst->start_year = src->start_year;
    dst->years = src->years;
    dst->replications = src->replications;
    dst->seed = src->seed;
    dst->scale = src->scale;
    dst->params = src->params;
    memcpy(dst->path, src->path, sizeof dst->path);
    memcpy(dst->sha256, src->sha256, sizeof dst->sha256);
    memcpy(dst->areas.path, src->areas.path, sizeof dst->areas.path);
    dst->areas.area =
        malloc(sizeof *dst->areas.area * (size_t)(src->areas.n > 0 ? src->areas.n : 1));
    dst->area_sel = malloc(sizeof *dst->area_sel * (size_t)(src->n_areas > 0 ? src->n_areas : 1));
    if (!dst->areas.area || !dst->area_sel) {
        ws_error_set(&sb->verr, WS_ENOMEM, NULL, 0, NULL, "out of memory");
        return -1;
    }
    memcpy(dst->areas.area, src->areas.area, sizeof *dst->areas.area * (size_t)src->areas.n);
    dst->areas.n = src->areas.n;
    memcpy(dst->area_sel, src->area_sel, sizeof *dst->area_sel * (size_t)src->n_areas);
    dst->n_areas = src->n_areas;
    return 0;
}

/* Protected (lua_call'd with a scenario table at 1, place in sb->v_place): validates a scenario
 * of a comparison into sb->scen[sb->n_scen]. */
static int v_comp_scenario(lua_State *L)
{
    sandbox *sb = ws__sb_get(L);
    ws_scenario *r = &sb->scen[sb->n_scen];
    sb_call saved = sb->call;
    call_from_place(sb, sb->v_place);
    sb->v_scen = r; /* check_keys: keys of a scenario inside a comparison */
    int rc = check_keys(sb, L, r);
    lua_settop(L, 1);
    if (!rc) rc = check_name(sb, L, r);
    lua_settop(L, 1);
    if (!rc) rc = check_description(sb, L, r);
    lua_settop(L, 1);
    if (!rc) rc = check_hook(sb, L, r);
    lua_settop(L, 1);
    sb->v_scen = NULL;
    sb_tab st = scen_tab(sb, L);
    if (!rc) {
        for (int i = 0; i < sb->n_scen; i++)
            if (strcmp(sb->scen[i].name, r->name) == 0) {
                rc = ws__f_fail(&st, ws__call_key_loc(sb, "name"), "name",
                                "'name' \"%s\" is used twice in the comparison (%s): baseline "
                                "and options need different names",
                                r->name, i == 0 ? "the baseline has it" : "another option has it");
                break;
            }
    }
    if (!rc) rc = copy_run(sb, r, &sb->res);
    if (!rc) rc = ws__check_policy(sb, L, r);
    sb->n_scen++; /* owned by the array from now on */
    sb->call = saved;
    return 0;
}

/* Validates a wijksim.comparison table at 1 (place pi). */
static int resolve_comparison(sandbox *sb, lua_State *L, int pi)
{
    ws_scenario *r = &sb->res;
    static int (*const checks[])(sandbox *, lua_State *, ws_scenario *) = {
        check_keys,  check_name,      check_description, check_ints,
        check_scale, check_area_data, check_areas,       check_params,
    };
    for (size_t i = 0; i < sizeof checks / sizeof checks[0]; i++) {
        if (checks[i](sb, L, r)) return -1;
        lua_settop(L, 1);
    }
    /* baseline and options */
    sb_tab st = scen_tab(sb, L);
    int tb = ws__f_push(&st, "baseline");
    int pb = ws__tag_of(L, sb, -1, PK_SCEN);
    lua_pop(L, 1);
    if (pb < 0) {
        char got[96];
        ws__f_push(&st, "baseline");
        ws__describe(L, -1, got, sizeof got);
        lua_pop(L, 1);
        return ws__f_fail(&st,
                          tb == LUA_TNIL ? call_line(sb, sb->call.line)
                                         : ws__call_key_loc(sb, "baseline"),
                          "baseline",
                          "'baseline' is required and must be wijksim.scenario { ... } (the "
                          "reference the options are compared with), not %s",
                          got);
    }
    int ty = ws__f_push(&st, "options");
    sb_loc oloc = ty == LUA_TNIL ? call_line(sb, sb->call.line) : ws__call_key_loc(sb, "options");
    lua_Unsigned n = ty == LUA_TTABLE ? lua_rawlen(L, -1) : 0, count = 0;
    if (ty == LUA_TTABLE) {
        lua_pushnil(L);
        while (lua_next(L, -2)) {
            count++;
            lua_pop(L, 1);
        }
    }
    if (ty != LUA_TTABLE || n == 0 || count != n)
        return ws__f_fail(&st, oloc, "options",
                    "'options' is required: a non-empty list of wijksim.scenario { ... } to "
                    "compare with the baseline");
    if (n > 64)
        return ws__f_fail(&st, oloc, "options", "'options' has %llu scenarios; at most 64",
                    (unsigned long long)n);
    for (lua_Unsigned k = 1; k <= n; k++) {
        lua_rawgeti(L, -1, (lua_Integer)k);
        bool ok = ws__tag_of(L, sb, -1, PK_SCEN) >= 0;
        lua_pop(L, 1);
        if (!ok)
            return ws__f_fail(&st, oloc, "options",
                        "'options' entry #%llu must be made by wijksim.scenario { ... }",
                        (unsigned long long)k);
    }
    lua_settop(L, 1);
    sb->scen = calloc((size_t)n + 1, sizeof *sb->scen);
    if (!sb->scen) {
        ws_error_set(&sb->verr, WS_ENOMEM, NULL, 0, NULL, "out of memory");
        return -1;
    }
    for (lua_Unsigned k = 0; k <= n; k++) {
        if (k == 0) {
            ws__f_push(&st, "baseline");
        } else {
            ws__f_push(&st, "options");
            lua_rawgeti(L, -1, (lua_Integer)k);
            lua_remove(L, -2);
        }
        sb->v_place = ws__tag_of(L, sb, -1, PK_SCEN);
        lua_pushcfunction(L, v_comp_scenario);
        lua_insert(L, -2);
        lua_call(L, 1, 0);
        if (sb->verr.code) return -1;
    }
    return 0;
}

/* Validates the stand-alone scenario table at index 1 into r (sb->call set to its place), in
 * the documented key order; stops at the first error (in sb->verr). */
static void check_scenario(sandbox *sb, lua_State *L, ws_scenario *r)
{
    static int (*const checks[])(sandbox *, lua_State *, ws_scenario *) = {
        check_keys,      check_name,  check_description, check_ints,       check_scale,
        check_area_data, check_areas, check_params,      ws__check_policy, check_hook,
    };
    for (size_t i = 0; i < sizeof checks / sizeof checks[0]; i++) {
        if (checks[i](sb, L, r)) return;
        lua_settop(L, 1);
    }
}

/* Protected: validates the value at index 1 (what the chunk returned) into sb->res (a scenario)
 * or sb->res + sb->scen (a comparison). Validation errors go to sb->verr; Lua errors (memory)
 * propagate. */
static int sb_resolve(lua_State *L)
{
    sandbox *sb = ws__sb_get(L);
    ws_scenario *r = &sb->res;
    lua_settop(L, 1);
    sb->call.chunk = 0;
    sb->call.line = ws__return_line(sb->chunk[0]);
    sb->call.ctor = SIZE_MAX;
    sb_tab st = scen_tab(sb, L);
    sb_loc at = call_line(sb, sb->call.line);
    if (!lua_istable(L, 1)) {
        char got[96];
        ws__describe(L, 1, got, sizeof got);
        ws__f_fail(&st, at, NULL,
                   "the script must end with "
             "`return wijksim.scenario { ... }` (or wijksim.comparison), but it returned %s",
             got);
        return 0;
    }
    int pi = ws__tag_of(L, sb, 1, -1);
    if (pi < 0) {
        ws__f_fail(&st, at, NULL,
                   "the script returned a plain table: write "
             "`return wijksim.scenario { ... }` so it is checked as a scenario");
        return 0;
    }
    int kind = sb->place[pi].kind;
    if (kind == PK_SWEEP) {
        ws__f_fail(&st, at, "sweep",
                   "this file returns a wijksim.sweep (a design of scenarios); run it with "
             "`wijksim sweep FILE.lua -o FILE.h5`, not `wijksim run`");
        return 0;
    }
    if (kind != PK_SCEN && kind != PK_COMP) {
        ws__f_fail(&st, at, NULL,
                   "the script returned a wijksim.%s table; it must return wijksim.scenario { ... } "
             "or wijksim.comparison { ... }",
             kind == PK_PKG ? "package" : "intervention");
        return 0;
    }
    call_from_place(sb, pi);
    if (kind == PK_COMP) {
        sb->is_comparison = true;
        if (!sb->want_run) {
            ws__f_fail(&st, at, NULL,
                       "this file returns a wijksim.comparison (a baseline and options); load it with a "
                 "comparison-aware command (ws_lua_load_run), not as a single scenario");
            return 0;
        }
        resolve_comparison(sb, L, pi);
        return 0;
    }
    check_scenario(sb, L, r);
    return 0;
}

int ws__lua_resolve_scenario(lua_State *L)
{
    sandbox *sb = ws__sb_get(L);
    lua_settop(L, 1);
    int pi = ws__tag_of(L, sb, 1, PK_SCEN);
    if (pi < 0) {
        sb_tab st = scen_tab(sb, L);
        ws__f_fail(&st, call_line(sb, sb->call.line), NULL,
                   "expected a table made by wijksim.scenario { ... }");
        return 0;
    }
    sb_call saved = sb->call;
    call_from_place(sb, pi);
    check_scenario(sb, L, &sb->res);
    sb->call = saved;
    return 0;
}

/* ---- Driver ------------------------------------------------------------------------------- */

static int run(sandbox *sb, const char *path, ws_error *e)
{
    ws_scenario *r = &sb->res;
    ws__sb_copy_str(r->path, sizeof r->path, path);
    int h = 0;
    int st = ws__sb_load(sb, path, ws__lua_scenario_setup, &h, e);
    if (st) return st;
    lua_State *L = sb->L;
    const sb_chunk *c = sb->chunk[0];
    ws_sha256_hex(c->src, c->len, r->sha256);
    if (lua_gettop(L) == h)
        return ws_error_set(e, WS_EINPUT, path, ws__return_line(c), NULL,
                            "the script returned nothing: end it with "
                            "`return wijksim.scenario { ... }`");
    lua_settop(L, h + 1);
    lua_pushcfunction(L, sb_resolve);
    lua_insert(L, h + 1);
    st = lua_pcall(L, 1, 0, h);
    if (st != LUA_OK) return ws__sb_failure(sb, st, e);
    if (sb->verr.code) {
        *e = sb->verr;
        return e->code;
    }
    return 0;
}



/* Checks the arguments shared by both entry points; returns 0 or an error code. */
static int check_path(const char *path, ws_error *e)
{
    if (!path || !path[0])
        return ws_error_set(e, WS_EINPUT, NULL, 0, NULL, "no scenario file given");
    if (strlen(path) >= sizeof((ws_scenario *)0)->path)
        return ws_error_set(e, WS_EINPUT, NULL, 0, NULL,
                            "scenario path is longer than %zu characters",
                            sizeof((ws_scenario *)0)->path - 1);
    return 0;
}

/* Gives s its own copy of the scenario file's bytes. Returns 0 or WS_ENOMEM. */
static int give_source(ws_scenario *s, const sb_chunk *c, ws_error *e)
{
    s->source = malloc(c->len + 1);
    if (!s->source) return ws_error_set(e, WS_ENOMEM, c->path, 0, NULL, "out of memory");
    memcpy(s->source, c->src, c->len + 1);
    s->source_len = c->len;
    return 0;
}

int ws_lua_load_scenario(const char *path, ws_scenario *s, ws_error *e)
{
    ws_error local;
    if (!e) e = &local;
    ws_error_clear(e);
    if (!s) return ws_error_set(e, WS_EINPUT, path, 0, NULL, "no scenario struct to fill");
    memset(s, 0, sizeof *s);
    int rc = check_path(path, e);
    if (rc) return rc;
    sandbox *sb = calloc(1, sizeof *sb);
    if (!sb) return ws_error_set(e, WS_ENOMEM, path, 0, NULL, "out of memory");
    rc = run(sb, path, e);
    if (rc == 0) {
        *s = sb->res;
        memset(&sb->res, 0, sizeof sb->res);
        s->source = sb->chunk[0]->src;
        s->source_len = sb->chunk[0]->len;
        sb->chunk[0]->src = NULL;
    }
    ws__sb_free(sb);
    return rc;
}

int ws_lua_load_run(const char *path, ws_comparison *c, ws_error *e)
{
    ws_error local;
    if (!e) e = &local;
    ws_error_clear(e);
    if (!c) return ws_error_set(e, WS_EINPUT, path, 0, NULL, "no comparison struct to fill");
    memset(c, 0, sizeof *c);
    int rc = check_path(path, e);
    if (rc) return rc;
    sandbox *sb = calloc(1, sizeof *sb);
    if (!sb) return ws_error_set(e, WS_ENOMEM, path, 0, NULL, "out of memory");
    sb->want_run = true;
    rc = run(sb, path, e);
    if (rc == 0 && !sb->is_comparison) {
        sb->scen = calloc(1, sizeof *sb->scen);
        if (!sb->scen) {
            rc = ws_error_set(e, WS_ENOMEM, path, 0, NULL, "out of memory");
        } else {
            sb->scen[0] = sb->res;
            memset(&sb->res, 0, sizeof sb->res);
            sb->n_scen = 1;
        }
    }
    for (int i = 0; rc == 0 && i < sb->n_scen; i++) {
        ws_scenario *s = &sb->scen[i];
        memcpy(s->path, sb->res.path[0] ? sb->res.path : s->path, sizeof s->path);
        memcpy(s->sha256, sb->res.sha256[0] ? sb->res.sha256 : s->sha256, sizeof s->sha256);
        rc = give_source(s, sb->chunk[0], e);
    }
    if (rc == 0) {
        if (sb->is_comparison) {
            memcpy(c->name, sb->res.name, sizeof c->name);
            memcpy(c->description, sb->res.description, sizeof c->description);
        } else {
            memcpy(c->name, sb->scen[0].name, sizeof c->name);
            memcpy(c->description, sb->scen[0].description, sizeof c->description);
        }
        c->n = sb->n_scen;
        c->scen = sb->scen;
        sb->scen = NULL;
        sb->n_scen = 0;
    }
    ws__sb_free(sb);
    return rc;
}

/* ---- For the sweep loader and the policy validator (lua_internal.h) ----------------------- */

