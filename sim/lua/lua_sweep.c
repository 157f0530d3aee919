/* lua_sweep.c: the sweep loader (lua_sweep.h) — validates a wijksim.sweep table, builds its
 * design and makes each design point's scenario by calling the script's scenario function.
 *
 * The script runs once, in the scenario sandbox (lua_sandbox.c, with the constructors of
 * lua_scenario.c plus wijksim.sweep); the state stays open so the scenario function and the
 * constraint can be called per point. Every call into Lua is protected and starts with fresh
 * limits (ws__sb_reset_limits). Validation errors are raised as structured errors at the line of
 * the offending key (ws__raise_at), so ws__sb_failure turns them into file:line:key.
 */
#include "wijksim/lua_sweep.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lua_internal.h"
#include "sha256.h"

struct ws_lua_sweep {
    sandbox *sb;
    int h;             /* stack index of the message handler */
    int sweep;         /* stack index of the sweep table (1 inside v_sweep's frame) */
    int pi;            /* its place */
    int design_kind;
    int n;             /* `n` of random, sobol, saltelli */
    ws_factor *f;      /* factors while validating (moved into design) */
    int n_f;
    int n_list;        /* list design: points (their values land in design.x) */
    double *list_x;
    double *ref_x;     /* `reference`: one value per factor, NULL when not given */
    ws_design design;
    ws_sweep_def def;
};

static const char *const sweep_keys[] = {"name",   "description", "replications", "seed",
                                         "design", "n",           "factors",      "points",
                                         "constraint", "scenario", "store",       "reference",
                                         NULL};
static const char *const factor_keys[] = {"name", "param", "values",  "min",
                                          "max",  "steps", "dist",    "integer", NULL};

/* ---- Validation (protected; raises structured errors) ------------------------------------ */

/* The sweep table, for the field readers: keys in its constructor, failures raised. */
static sb_tab sweep_tab(lua_State *L, ws_lua_sweep *sw)
{
    return (sb_tab){sw->sb, L, sw->sweep, "", NULL, SB_AT_PLACE, sw->pi, {0, 0, SIZE_MAX}, true};
}

/* Raises "msg" about key of the sweep table, at the line where the key is written. */
static int sweep_fail(lua_State *L, ws_lua_sweep *sw, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int sweep_fail(lua_State *L, ws_lua_sweep *sw, const char *key, const char *fmt, ...)
{
    sb_tab t = sweep_tab(L, sw);
    va_list ap;
    va_start(ap, fmt);
    int rc = ws__f_vfail(&t, ws__f_loc(&t, key), key, fmt, ap); /* raises */
    va_end(ap);
    return rc;
}

/* Where factor k (1-based) is written: its k-th `name` inside `factors`. */
static sb_loc factor_loc(ws_lua_sweep *sw, int k)
{
    sb_loc at = ws__key_loc(sw->sb, sw->pi, "factors");
    sb_loc entry = ws__entry_loc(sw->sb, at, k);
    if (entry.after == SIZE_MAX) return entry;
    /* the entry's `name =` when written, else its '{' */
    sb_loc name = ws__value_loc(sw->sb, (sb_loc){entry.chunk, entry.line, entry.after}, "name",
                                false, 1);
    return name.after == SIZE_MAX ? entry : name;
}

/* Factor k's table at stack index t, for the field readers: every key reported where the factor
 * is written (factor_loc), messages starting "factor 'name'" (or "factor #k" before its name is
 * known; the words go to what, 80 bytes), failures raised. */
static sb_tab factor_tab(lua_State *L, ws_lua_sweep *sw, int k, int t, char *what)
{
    const ws_factor *f = &sw->f[k - 1];
    if (f->name[0])
        snprintf(what, 80, "factor '%s'", f->name);
    else
        snprintf(what, 80, "factor #%d", k);
    return (sb_tab){sw->sb, L, t, "", what, SB_AT_FIXED, -1, factor_loc(sw, k), true};
}

static int factor_fail(lua_State *L, ws_lua_sweep *sw, int k, const char *key, const char *fmt,
                       ...) __attribute__((format(printf, 5, 6)));

/* Raises "msg" about key of factor k (at the factor's line). */
static int factor_fail(lua_State *L, ws_lua_sweep *sw, int k, const char *key, const char *fmt,
                       ...)
{
    char what[80];
    sb_tab t = factor_tab(L, sw, k, 0, what);
    va_list ap;
    va_start(ap, fmt);
    int rc = ws__f_vfail(&t, t.at, key, fmt, ap); /* raises */
    va_end(ap);
    return rc;
}

/* Number at key of factor k's table t (NaN when absent); raises when not a finite number. */
static double factor_number(lua_State *L, ws_lua_sweep *sw, int k, int t, const char *key)
{
    char what[80];
    sb_tab ft = factor_tab(L, sw, k, t, what);
    double v = NAN;
    ws__f_number(&ft, key, "a finite number", &v, NULL);
    if (!isnan(v) && !isfinite(v)) {
        char got[64];
        ws_number_text(v, got, sizeof got);
        factor_fail(L, sw, k, key, "'%s' must be a finite number, not %s", key, got);
    }
    return v;
}

/* Reads the factor's `values` list (numbers, or strings that become labelled levels). */
static void factor_values(lua_State *L, ws_lua_sweep *sw, int k, int t, ws_factor *f)
{
    lua_pushliteral(L, "values");
    int ty = lua_rawget(L, t);
    if (ty == LUA_TNIL) {
        lua_pop(L, 1);
        return;
    }
    int v = lua_gettop(L);
    lua_Unsigned n = ty == LUA_TTABLE ? lua_rawlen(L, v) : 0;
    if (n == 0 || n > WS_SWEEP_MAX_LEVELS)
        factor_fail(L, sw, k, "values",
                    "'values' must be a list of 1 to %d numbers or strings", WS_SWEEP_MAX_LEVELS);
    f->levels = calloc(n, sizeof *f->levels);
    if (!f->levels) luaL_error(L, "out of memory");
    f->n_levels = (int)n;
    lua_rawgeti(L, v, 1);
    bool strings = lua_type(L, -1) == LUA_TSTRING;
    lua_pop(L, 1);
    if (strings) {
        f->labels = calloc(n, sizeof *f->labels);
        if (!f->labels) luaL_error(L, "out of memory");
    }
    for (lua_Unsigned i = 1; i <= n; i++) {
        int et = lua_rawgeti(L, v, (lua_Integer)i);
        char got[96];
        ws__describe(L, -1, got, sizeof got);
        if (strings) {
            if (et != LUA_TSTRING)
                factor_fail(L, sw, k, "values",
                            "'values' mixes strings and other values (entry #%llu is %s)",
                            (unsigned long long)i, got);
            f->labels[i - 1] = strdup(lua_tostring(L, -1));
            if (!f->labels[i - 1]) luaL_error(L, "out of memory");
            f->levels[i - 1] = (double)(i - 1);
        } else {
            double d = et == LUA_TNUMBER ? lua_tonumber(L, -1) : NAN;
            if (!isfinite(d))
                factor_fail(L, sw, k, "values",
                            "'values' entry #%llu must be a finite number (or every entry a "
                            "string), not %s",
                            (unsigned long long)i, got);
            f->levels[i - 1] = d;
        }
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
}

static bool is_identifier(const char *s)
{
    if (!(isalpha((unsigned char)s[0]) || s[0] == '_')) return false;
    for (const char *p = s; *p; p++)
        if (!(isalnum((unsigned char)*p) || *p == '_')) return false;
    return true;
}

/* Validates factor k (1-based; the table at t) into sw->f[k - 1]. */
static void check_factor(lua_State *L, ws_lua_sweep *sw, int k, int t)
{
    ws_factor *f = &sw->f[k - 1];
    f->line = factor_loc(sw, k).line;
    lua_pushliteral(L, "name");
    if (lua_rawget(L, t) != LUA_TSTRING || lua_rawlen(L, -1) >= sizeof f->name ||
        !is_identifier(lua_tostring(L, -1)))
        factor_fail(L, sw, k, "name",
                    "'name' is required: a name of letters, digits and _ (at most %zu characters) "
                    "that the scenario function reads as v.<name>",
                    sizeof f->name - 1);
    snprintf(f->name, sizeof f->name, "%s", lua_tostring(L, -1));
    lua_pop(L, 1);
    char what[80];
    sb_tab ft = factor_tab(L, sw, k, t, what);
    ws__f_known(&ft, factor_keys, NULL);
    for (int j = 0; j < k - 1; j++)
        if (strcmp(sw->f[j].name, f->name) == 0)
            factor_fail(L, sw, k, "name", "the name '%s' is used by factor #%d too", f->name,
                        j + 1);
    int ty = ws__f_push(&ft, "param");
    if (ty != LUA_TNIL) {
        const char *p = ty == LUA_TSTRING ? lua_tostring(L, -1) : "";
        if (ws_params_find(p) < 0)
            factor_fail(L, sw, k, "param",
                        "'param' must name a model parameter (see `wijksim params`), not '%s'",
                        p);
        snprintf(f->param, sizeof f->param, "%s", p);
    }
    lua_pop(L, 1);
    factor_values(L, sw, k, t, f);
    f->min = factor_number(L, sw, k, t, "min");
    f->max = factor_number(L, sw, k, t, "max");
    double steps = factor_number(L, sw, k, t, "steps");
    bool range = !isnan(f->min) || !isnan(f->max);
    if (f->n_levels && range)
        factor_fail(L, sw, k, "values", "give either 'values' or 'min' and 'max', not both");
    if (range && (isnan(f->min) || isnan(f->max) || !(f->min < f->max)))
        factor_fail(L, sw, k, isnan(f->max) ? "max" : "min",
                    "a range needs both 'min' and 'max' with min < max");
    if (!isnan(steps)) {
        if (!range || steps != floor(steps) || steps < 2 || steps > WS_SWEEP_MAX_LEVELS)
            factor_fail(L, sw, k, "steps",
                        "'steps' (a whole number 2..%d) spreads a range's min..max over a grid",
                        WS_SWEEP_MAX_LEVELS);
        f->steps = (int)steps;
    }
    ty = ws__f_push(&ft, "dist");
    if (ty != LUA_TNIL) {
        const char *d = ty == LUA_TSTRING ? lua_tostring(L, -1) : "";
        if (strcmp(d, "uniform") == 0)
            f->dist = WS_FDIST_UNIFORM;
        else if (strcmp(d, "loguniform") == 0)
            f->dist = WS_FDIST_LOGUNIFORM;
        else
            factor_fail(L, sw, k, "dist", "'dist' must be \"uniform\" or \"loguniform\"");
        if (!range) factor_fail(L, sw, k, "dist", "'dist' is for a range (min and max)");
    }
    lua_pop(L, 1);
    ty = ws__f_push(&ft, "integer");
    if (ty != LUA_TNIL && ty != LUA_TBOOLEAN)
        factor_fail(L, sw, k, "integer", "'integer' must be true or false");
    f->integer = lua_toboolean(L, -1);
    lua_pop(L, 1);
    if (f->param[0] && f->labels)
        factor_fail(L, sw, k, "values", "a parameter factor takes numbers, not strings");
    if (!f->n_levels && !range && sw->design_kind != WS_DESIGN_LIST)
        factor_fail(L, sw, k, "values",
                    "a factor needs 'values' (a list) or 'min' and 'max' (a range)");
    if (sw->design_kind == WS_DESIGN_GRID && range && !f->steps)
        factor_fail(L, sw, k, "steps", "a range in a grid design needs 'steps' (2 or more)");
}

/* Validates the `factors` list. */
static void check_factors(lua_State *L, ws_lua_sweep *sw)
{
    sb_tab st = sweep_tab(L, sw);
    int ty = ws__f_push(&st, "factors");
    int t = lua_gettop(L);
    lua_Unsigned n = ty == LUA_TTABLE ? lua_rawlen(L, t) : 0;
    if (n == 0 || n > WS_SWEEP_MAX_FACTORS)
        sweep_fail(L, sw, "factors",
                   "'factors' is required: a list of 1 to %d factor tables { name = ..., ... }",
                   WS_SWEEP_MAX_FACTORS);
    sw->f = calloc(n, sizeof *sw->f);
    if (!sw->f) luaL_error(L, "out of memory");
    sw->n_f = (int)n;
    for (int k = 1; k <= (int)n; k++) {
        if (lua_rawgeti(L, t, k) != LUA_TTABLE)
            factor_fail(L, sw, k, NULL, "each factor must be a table { name = ..., ... }");
        check_factor(L, sw, k, lua_gettop(L));
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
}

/* Index of the factor called name, or -1. */
static int factor_index(const ws_lua_sweep *sw, const char *name)
{
    for (int j = 0; j < sw->n_f; j++)
        if (strcmp(sw->f[j].name, name) == 0) return j;
    return -1;
}

/* The value on top of the stack for factor j, given under `key` (`what` names the entry in
 * messages, e.g. "point #3"): a number, or a string that must be one of its labels; within the
 * factor's levels or range when it has them. */
static double factor_value(lua_State *L, ws_lua_sweep *sw, int j, const char *key,
                           const char *what)
{
    const ws_factor *f = &sw->f[j];
    char got[96];
    ws__describe(L, -1, got, sizeof got);
    if (f->labels) {
        const char *s = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
        for (int i = 0; s && i < f->n_levels; i++)
            if (strcmp(f->labels[i], s) == 0) return (double)i;
        sweep_fail(L, sw, key, "%s: factor '%s' must be one of its values, not %s", what,
                   f->name, got);
    }
    double d = lua_type(L, -1) == LUA_TNUMBER ? lua_tonumber(L, -1) : NAN;
    if (!isfinite(d))
        sweep_fail(L, sw, key, "%s: factor '%s' must be a finite number, not %s", what,
                   f->name, got);
    if (f->n_levels) {
        bool found = false;
        for (int i = 0; i < f->n_levels; i++) found |= f->levels[i] == d;
        if (!found)
            sweep_fail(L, sw, key, "%s: factor '%s' = %s is not one of its values", what,
                       f->name, got);
    } else if (!isnan(f->min) && (d < f->min || d > f->max)) {
        sweep_fail(L, sw, key, "%s: factor '%s' = %s is outside its range %g..%g", what,
                   f->name, got, f->min, f->max);
    }
    return d;
}

/* Value of factor j in list point p. */
static double list_value(lua_State *L, ws_lua_sweep *sw, int p, int j)
{
    char what[32];
    snprintf(what, sizeof what, "point #%d", p + 1);
    return factor_value(L, sw, j, "points", what);
}

/* Value of factor j in `reference`. */
static double ref_value(lua_State *L, ws_lua_sweep *sw, int j)
{
    return factor_value(L, sw, j, "reference", "'reference'");
}

/* Validates `points` (list designs): every point sets every factor. */
static void check_points(lua_State *L, ws_lua_sweep *sw)
{
    sb_tab st = sweep_tab(L, sw);
    int ty = ws__f_push(&st, "points");
    if (sw->design_kind != WS_DESIGN_LIST) {
        if (ty != LUA_TNIL)
            sweep_fail(L, sw, "points", "'points' is for design = \"list\"");
        lua_pop(L, 1);
        return;
    }
    int t = lua_gettop(L);
    lua_Unsigned n = ty == LUA_TTABLE ? lua_rawlen(L, t) : 0;
    if (n == 0 || n > WS_SWEEP_MAX_POINTS)
        sweep_fail(L, sw, "points",
                   "design = \"list\" needs 'points': a list of tables { factor = value, ... }");
    sw->list_x = malloc(sizeof *sw->list_x * n * (size_t)sw->n_f);
    if (!sw->list_x) luaL_error(L, "out of memory");
    sw->n_list = (int)n;
    for (int p = 0; p < (int)n; p++) {
        if (lua_rawgeti(L, t, p + 1) != LUA_TTABLE)
            sweep_fail(L, sw, "points", "point #%d must be a table { factor = value, ... }", p + 1);
        int pt = lua_gettop(L);
        lua_pushnil(L);
        while (lua_next(L, pt)) {
            lua_pop(L, 1);
            const char *k = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "";
            if (factor_index(sw, k) < 0)
                sweep_fail(L, sw, "points", "point #%d sets '%s', which is not a factor", p + 1,
                           k);
        }
        for (int j = 0; j < sw->n_f; j++) {
            if (lua_getfield(L, pt, sw->f[j].name) == LUA_TNIL)
                sweep_fail(L, sw, "points", "point #%d does not set factor '%s'", p + 1,
                           sw->f[j].name);
            sw->list_x[(size_t)p * (size_t)sw->n_f + (size_t)j] = list_value(L, sw, p, j);
            lua_pop(L, 1);
        }
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
}

/* Validates `reference = { factor = value, ... }` (every factor, values as in a list point). */
static void check_reference(lua_State *L, ws_lua_sweep *sw)
{
    sb_tab st = sweep_tab(L, sw);
    int ty = ws__f_push(&st, "reference");
    if (ty == LUA_TNIL) {
        lua_pop(L, 1);
        return;
    }
    int t = lua_gettop(L);
    if (ty != LUA_TTABLE)
        sweep_fail(L, sw, "reference",
                   "'reference' must be a table { factor = value, ... } naming one design point");
    sw->ref_x = malloc(sizeof *sw->ref_x * (size_t)sw->n_f);
    if (!sw->ref_x) luaL_error(L, "out of memory");
    lua_pushnil(L);
    while (lua_next(L, t)) {
        lua_pop(L, 1);
        const char *k = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "";
        if (factor_index(sw, k) < 0)
            sweep_fail(L, sw, "reference", "'reference' sets '%s', which is not a factor", k);
    }
    for (int j = 0; j < sw->n_f; j++) {
        if (lua_getfield(L, t, sw->f[j].name) == LUA_TNIL)
            sweep_fail(L, sw, "reference", "'reference' does not set factor '%s'",
                       sw->f[j].name);
        sw->ref_x[j] = ref_value(L, sw, j);
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
}

/* Protected: validates the sweep table (argument 1; the ws_lua_sweep is argument 2). */
static int v_sweep(lua_State *L)
{
    ws_lua_sweep *sw = lua_touserdata(L, 2);
    sw->sweep = 1; /* in this frame; ws_lua_sweep_load restores the outer index */
    sb_tab st = sweep_tab(L, sw);
    ws__f_known(&st, sweep_keys, "sweep");
    ws_sweep_def *d = &sw->def;
    bool named = false;
    ws__f_string(&st, "name", d->name, sizeof d->name, &named);
    if (!named || !d->name[0])
        sweep_fail(L, sw, "name", "'name' is required: a short name for the sweep");
    ws__f_string(&st, "description", d->description, sizeof d->description, NULL);
    ws__sb_one_line(d->name, sizeof d->name, d->name); /* one line in listings */
    ws__sb_one_line(d->description, sizeof d->description, d->description);
    long long reps = 10, seed = 1, n = 0;
    ws__f_int_in(&st, "replications", 1, WS_SWEEP_MAX_REPLICATIONS, &reps, NULL);
    ws__f_int_in(&st, "seed", 0, 4294967295LL, &seed, NULL);
    d->replications = (int)reps;
    d->seed = (uint32_t)seed;
    char kind[32] = "grid";
    ws__f_string(&st, "design", kind, sizeof kind, NULL);
    ws__sb_one_line(kind, sizeof kind, kind);
    sw->design_kind = ws_design_kind_find(kind);
    if (sw->design_kind < 0)
        sweep_fail(L, sw, "design",
                   "'design' must be \"grid\", \"list\", \"random\", \"sobol\" or \"saltelli\", "
                   "not \"%s\"",
                   kind);
    bool sized = sw->design_kind == WS_DESIGN_RANDOM || sw->design_kind == WS_DESIGN_SOBOL ||
                 sw->design_kind == WS_DESIGN_SALTELLI;
    ws__f_int_in(&st, "n", 0, WS_SWEEP_MAX_POINTS, &n, NULL);
    sw->n = (int)n;
    if (sized && sw->n < 1)
        sweep_fail(L, sw, "n", "design = \"%s\" needs 'n': the number of %s", kind,
                   sw->design_kind == WS_DESIGN_SALTELLI ? "base rows (points = n (factors + 2))"
                                                         : "points");
    if (!sized && sw->n)
        sweep_fail(L, sw, "n", "'n' is for random, sobol and saltelli designs");
    check_factors(L, sw);
    check_points(L, sw);
    int ty = ws__f_push(&st, "constraint");
    if (ty != LUA_TNIL && ty != LUA_TFUNCTION)
        sweep_fail(L, sw, "constraint", "'constraint' must be a function(v) returning true or false");
    if (ty == LUA_TFUNCTION && sw->design_kind == WS_DESIGN_SALTELLI)
        sweep_fail(L, sw, "constraint",
                   "a saltelli design cannot have a constraint (dropping points breaks the "
                   "scheme the indices are estimated from)");
    lua_pop(L, 1);
    ty = ws__f_push(&st, "scenario");
    bool table = ws__tag_of(L, sw->sb, -1, PK_SCEN) >= 0;
    if (ty != LUA_TFUNCTION && !table)
        sweep_fail(L, sw, "scenario",
                   "'scenario' is required: function(v) return wijksim.scenario { ... } end, "
                   "or a wijksim.scenario table when every factor sets a 'param'");
    for (int j = 0; table && j < sw->n_f; j++)
        if (!sw->f[j].param[0])
            sweep_fail(L, sw, "scenario",
                       "factor '%s' sets no 'param', so 'scenario' must be a function(v) that "
                       "uses v.%s",
                       sw->f[j].name, sw->f[j].name);
    lua_pop(L, 1);
    char store[16] = "areas";
    ws__f_string(&st, "store", store, sizeof store, NULL);
    ws__sb_one_line(store, sizeof store, store);
    if (strcmp(store, "areas") && strcmp(store, "totals"))
        sweep_fail(L, sw, "store",
                   "'store' must be \"areas\" (every area's indicators per run) or \"totals\" "
                   "(all areas together only), not \"%s\"",
                   store);
    d->store_areas = strcmp(store, "areas") == 0;
    check_reference(L, sw);
    return 0;
}

/* ---- Calls per point ------------------------------------------------------------------------ */

/* Pushes the table v of point p: v[factor] = value (a level's label, or a number; whole numbers
 * as Lua integers when the factor is `integer`). */
static int push_values(lua_State *L)
{
    ws_lua_sweep *sw = lua_touserdata(L, 1);
    int p = (int)lua_tointeger(L, 2);
    const ws_design *d = &sw->design;
    lua_createtable(L, 0, d->n_factors);
    for (int j = 0; j < d->n_factors; j++) {
        const ws_factor *f = &d->factor[j];
        double x = d->x[(size_t)p * (size_t)d->n_factors + (size_t)j];
        if (f->labels)
            lua_pushstring(L, f->labels[(int)x]);
        else if (f->integer && fabs(x) < 9e15)
            lua_pushinteger(L, (lua_Integer)x);
        else
            lua_pushnumber(L, x);
        lua_setfield(L, -2, f->name);
    }
    return 1;
}

/* "debt_budget = 2e+06, police_budget = 0" for point p. */
static void point_text(const ws_design *d, int p, char *out, size_t n)
{
    size_t len = 0;
    out[0] = '\0';
    for (int j = 0; j < d->n_factors && len < n; j++) {
        const ws_factor *f = &d->factor[j];
        double x = d->x[(size_t)p * (size_t)d->n_factors + (size_t)j];
        if (f->labels)
            len += (size_t)snprintf(out + len, n - len, "%s%s = \"%s\"", j ? ", " : "", f->name,
                                    f->labels[(int)x]);
        else
            len += (size_t)snprintf(out + len, n - len, "%s%s = %.10g", j ? ", " : "", f->name, x);
    }
}

/* Adds " (design point p: values)" to e's message. */
static void add_point(ws_error *e, const ws_design *d, int p)
{
    char vals[400];
    point_text(d, p, vals, sizeof vals);
    size_t len = strlen(e->msg);
    snprintf(e->msg + len, sizeof e->msg - len, " (design point %d: %s)", p, vals);
}

/* Calls sweep[key](v) for point p, protected, leaving its first result on top. Returns 0 or an
 * error in e (with the point). */
static int call_with_point(ws_lua_sweep *sw, const char *key, int p, ws_error *e)
{
    lua_State *L = sw->sb->L;
    ws__sb_reset_limits(sw->sb);
    lua_settop(L, sw->sweep);
    lua_getfield(L, sw->sweep, key);
    if (lua_type(L, -1) != LUA_TFUNCTION) return 0; /* a scenario table: used as it is */
    lua_pushcfunction(L, push_values);
    lua_pushlightuserdata(L, sw);
    lua_pushinteger(L, p);
    int st = lua_pcall(L, 2, 1, sw->h);
    if (st == LUA_OK) st = lua_pcall(L, 1, 1, sw->h);
    if (st != LUA_OK) {
        ws__sb_failure(sw->sb, st, e);
        add_point(e, &sw->design, p);
        return e->code;
    }
    return 0;
}

/* Applies the constraint to every point. */
static int apply_constraint(ws_lua_sweep *sw, ws_error *e)
{
    lua_State *L = sw->sb->L;
    lua_settop(L, sw->sweep);
    if (lua_getfield(L, sw->sweep, "constraint") != LUA_TFUNCTION) return 0;
    ws_design *d = &sw->design;
    unsigned char *keep = malloc((size_t)d->n_points);
    if (!keep) return ws_error_set(e, WS_ENOMEM, NULL, 0, NULL, "out of memory");
    int rc = 0;
    for (int p = 0; p < d->n_points && !rc; p++) {
        rc = call_with_point(sw, "constraint", p, e);
        if (!rc && lua_type(L, -1) != LUA_TBOOLEAN) {
            char got[96];
            ws__describe(L, -1, got, sizeof got);
            sb_loc loc = ws__key_loc(sw->sb, sw->pi, "constraint");
            rc = ws_error_set(e, WS_EINPUT, sw->sb->chunk[loc.chunk]->path, loc.line,
                              "constraint", "'constraint' must return true or false, not %s", got);
            add_point(e, d, p);
        }
        if (!rc) keep[p] = (unsigned char)lua_toboolean(L, -1);
    }
    if (!rc) {
        rc = ws_design_filter(d, keep, e);
        if (rc) {
            sb_loc loc = ws__key_loc(sw->sb, sw->pi, "constraint");
            ws__sb_copy_str(e->file, sizeof e->file, sw->sb->chunk[loc.chunk]->path);
            e->line = loc.line;
            snprintf(e->key, sizeof e->key, "constraint");
        }
    }
    free(keep);
    lua_settop(L, sw->sweep);
    return rc;
}

/* Sets def.reference to the design point whose values are `reference` (after the constraint;
 * grid steps and rounding included), or fails naming the key. */
static int find_reference(ws_lua_sweep *sw, ws_error *e)
{
    sw->def.reference = -1;
    if (!sw->ref_x) return 0;
    const ws_design *d = &sw->design;
    for (int p = 0; p < d->n_points; p++) {
        const double *x = d->x + (size_t)p * (size_t)d->n_factors;
        bool same = true;
        for (int j = 0; j < d->n_factors; j++) same &= x[j] == sw->ref_x[j];
        if (same) {
            sw->def.reference = p;
            return 0;
        }
    }
    sb_loc loc = ws__key_loc(sw->sb, sw->pi, "reference");
    return ws_error_set(e, WS_EINPUT, sw->def.path, loc.line, "reference",
                        "'reference' is not one of the %d design points (after the constraint): "
                        "name the values of a point the design holds, e.g. every budget 0 in a "
                        "grid that includes 0",
                        d->n_points);
}

/* ---- Public ----------------------------------------------------------------------------- */

int ws_lua_sweep_load(const char *path, ws_lua_sweep **out, ws_error *e)
{
    ws_error local;
    if (!e) e = &local;
    ws_error_clear(e);
    *out = NULL;
    if (!path || !path[0] || strlen(path) >= sizeof((ws_sweep_def *)0)->path)
        return ws_error_set(e, WS_EINPUT, path, 0, NULL, "no sweep file given, or path too long");
    ws_lua_sweep *sw = calloc(1, sizeof *sw);
    if (sw) sw->sb = calloc(1, sizeof *sw->sb);
    if (!sw || !sw->sb) {
        free(sw);
        return ws_error_set(e, WS_ENOMEM, path, 0, NULL, "out of memory");
    }
    sandbox *sb = sw->sb;
    int rc = ws__sb_load(sb, path, ws__lua_scenario_setup, &sw->h, e);
    lua_State *L = sb->L;
    if (!rc) {
        lua_settop(L, sw->h + 1);
        sw->sweep = sw->h + 1;
        sw->pi = ws__tag_of(L, sb, sw->sweep, PK_SWEEP);
        if (sw->pi < 0)
            rc = ws_error_set(e, WS_EINPUT, path, 0, NULL,
                              "a sweep file must end with `return wijksim.sweep { ... }`");
    }
    if (!rc) {
        const sb_chunk *c = sb->chunk[0];
        ws_sweep_def *d = &sw->def;
        snprintf(d->path, sizeof d->path, "%s", path);
        ws_sha256_hex(c->src, c->len, d->sha256);
        d->source = c->src;
        d->source_len = c->len;
        ws__sb_reset_limits(sb);
        lua_pushcfunction(L, v_sweep);
        lua_pushvalue(L, sw->sweep);
        lua_pushlightuserdata(L, sw);
        int st = lua_pcall(L, 2, 0, sw->h);
        sw->sweep = sw->h + 1;
        if (st != LUA_OK) rc = ws__sb_failure(sb, st, e);
    }
    if (!rc) {
        if (sw->design_kind == WS_DESIGN_LIST) {
            rc = ws_design_alloc(&sw->design, sw->f, sw->n_f, sw->n_list, e);
            if (!rc)
                memcpy(sw->design.x, sw->list_x,
                       sizeof *sw->list_x * (size_t)sw->n_list * (size_t)sw->n_f);
        } else {
            rc = ws_design_make(&sw->design, sw->design_kind, sw->f, sw->n_f, sw->n,
                                sw->def.seed, e);
        }
        if (rc && e->line && !e->file[0]) snprintf(e->file, sizeof e->file, "%s", path);
        if (rc && !e->file[0]) {
            sb_loc loc = ws__key_loc(sb, sw->pi, "factors");
            snprintf(e->file, sizeof e->file, "%s", path);
            e->line = loc.line;
        }
    }
    if (!rc) rc = apply_constraint(sw, e);
    if (!rc) rc = find_reference(sw, e);
    if (rc) {
        ws_lua_sweep_close(sw);
        return rc;
    }
    *out = sw;
    return 0;
}

const ws_sweep_def *ws_lua_sweep_def(const ws_lua_sweep *sw)
{
    return &sw->def;
}

const ws_design *ws_lua_sweep_design(const ws_lua_sweep *sw)
{
    return &sw->design;
}

/* Sets the parameter factors of point p in s. */
static int set_params(ws_lua_sweep *sw, int p, ws_scenario *s, ws_error *e)
{
    const ws_design *d = &sw->design;
    for (int j = 0; j < d->n_factors; j++) {
        const ws_factor *f = &d->factor[j];
        if (!f->param[0]) continue;
        double x = d->x[(size_t)p * (size_t)d->n_factors + (size_t)j];
        int rc = ws_params_set(&s->params, f->param, x, e);
        if (rc) {
            snprintf(e->file, sizeof e->file, "%s", sw->def.path);
            e->line = f->line;
            add_point(e, d, p);
            return rc;
        }
    }
    return 0;
}

/* Checks that s simulates what ref does (same years and areas). */
static int same_frame(const ws_lua_sweep *sw, int p, const ws_scenario *ref, const ws_scenario *s,
                      ws_error *e)
{
    const char *key = NULL;
    if (s->start_year != ref->start_year) key = "start_year";
    else if (s->years != ref->years) key = "years";
    else if (s->n_areas != ref->n_areas ||
             memcmp(s->area_sel, ref->area_sel, sizeof *s->area_sel * (size_t)s->n_areas) ||
             strcmp(s->areas.path, ref->areas.path))
        key = "areas";
    if (!key) return 0;
    sb_loc loc = ws__key_loc(sw->sb, sw->pi, "scenario");
    ws_error_set(e, WS_EINPUT, sw->def.path, loc.line, key,
                 "design point %d's scenario has other %s than point 0's; every point of a sweep "
                 "simulates the same start_year, years and areas (the file stores them once)",
                 p, strcmp(key, "areas") ? key : "areas (or area_data)");
    add_point(e, &sw->design, p);
    return WS_EINPUT;
}

int ws_lua_sweep_scenario(ws_lua_sweep *sw, int point, const ws_scenario *ref, ws_scenario *s,
                          ws_error *e)
{
    memset(s, 0, sizeof *s);
    if (point < 0 || point >= sw->design.n_points)
        return ws_error_set(e, WS_EINPUT, sw->def.path, 0, NULL, "no design point %d", point);
    sandbox *sb = sw->sb;
    lua_State *L = sb->L;
    int rc = call_with_point(sw, "scenario", point, e);
    if (rc) return rc;
    if (ws__tag_of(L, sb, -1, PK_SCEN) < 0) {
        char got[96];
        ws__describe(L, -1, got, sizeof got);
        sb_loc loc = ws__key_loc(sb, sw->pi, "scenario");
        ws_error_set(e, WS_EINPUT, sw->def.path, loc.line, "scenario",
                     "the scenario function must return wijksim.scenario { ... }, not %s%s", got,
                     ws__tag_of(L, sb, -1, PK_COMP) >= 0 ? " (a comparison)" : "");
        add_point(e, &sw->design, point);
        return WS_EINPUT;
    }
    lua_getfield(L, -1, "hook");
    bool hook = !lua_isnil(L, -1);
    lua_pop(L, 1);
    if (hook) {
        sb_loc loc = ws__key_loc(sb, sw->pi, "scenario");
        return ws_error_set(e, WS_EINPUT, sw->def.path, loc.line, "hook",
                            "yearly policy hooks are not supported in sweeps; sweep the values "
                            "the hook would set instead");
    }
    memset(&sb->res, 0, sizeof sb->res);
    ws_error_clear(&sb->verr);
    ws__sb_reset_limits(sb);
    lua_pushcfunction(L, ws__lua_resolve_scenario);
    lua_insert(L, -2);
    int st = lua_pcall(L, 1, 0, sw->h);
    if (st != LUA_OK) {
        ws_scenario_close(&sb->res);
        ws__sb_failure(sb, st, e);
        add_point(e, &sw->design, point);
        return e->code;
    }
    if (sb->verr.code) {
        ws_scenario_close(&sb->res);
        *e = sb->verr;
        add_point(e, &sw->design, point);
        return e->code;
    }
    *s = sb->res;
    memset(&sb->res, 0, sizeof sb->res);
    snprintf(s->path, sizeof s->path, "%s", sw->def.path);
    memcpy(s->sha256, sw->def.sha256, sizeof s->sha256);
    s->source = malloc(sw->def.source_len + 1);
    if (!s->source) {
        ws_scenario_close(s);
        return ws_error_set(e, WS_ENOMEM, sw->def.path, 0, NULL, "out of memory");
    }
    memcpy(s->source, sw->def.source, sw->def.source_len + 1);
    s->source_len = sw->def.source_len;
    s->seed = sw->def.seed;
    s->replications = sw->def.replications;
    rc = set_params(sw, point, s, e);
    if (!rc && ref) rc = same_frame(sw, point, ref, s, e);
    if (rc) ws_scenario_close(s);
    lua_settop(L, sw->sweep);
    return rc;
}

void ws_lua_sweep_close(ws_lua_sweep *sw)
{
    if (!sw) return;
    ws_design_free(&sw->design);
    if (sw->f) {
        ws_design tmp = {.n_factors = sw->n_f, .factor = sw->f};
        ws_design_free(&tmp); /* the validated factors (the design holds copies) */
    }
    free(sw->list_x);
    free(sw->ref_x);
    if (sw->sb) ws__sb_free(sw->sb);
    free(sw);
}
