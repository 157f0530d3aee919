/* lua_scenario.c: runs a scenario script in a sandboxed Lua 5.4 state and resolves the table it
 * returns into a validated ws_scenario (see include/wijksim/lua_scenario.h for the language).
 *
 * Design. Each call builds one fresh lua_State and closes it before returning; no Lua value
 * leaves the loader (this file and sim/lua/lua_policy.c). The sandbox (sim/lua/lua_sandbox.c, shared with
 * the yearly hooks of sim/lua/lua_hooks.c) is made by choosing what to open (base without load,
 * loadfile, dofile and collectgarbage; string without dump; table; math with a fixed seed; utf8),
 * by loading text chunks only, by a counting allocator (memory cap) and by a count hook
 * (instruction cap). `require` reads modules from the scenario file's folder only. This file adds
 * the wijksim table (ws__lua_scenario_setup) and the validation of scenarios and comparisons;
 * packages and interventions are validated by sim/lua/lua_policy.c (ws__check_policy).
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
 * tags its table with it (REG_TAGS). Validation then finds `key =` in the source with a small
 * lexer that knows comments and strings: inside the literal table constructor of that call (for
 * a catalogue-made intervention: the override's constructor, then the catalogue's defaults),
 * for scenario keys then anywhere in the chunk, and else it reports the call's line.
 *
 * Policy. Scenarios, packages and interventions are validated after the chunk returns, each by
 * a C function lua_call'ed with its table at index 1 (so the field helpers read index 1) and the
 * context (scenario, package, place) in the sandbox; packages and interventions in
 * sim/lua/lua_policy.c. Only unknown keys of catalogue defaults and overrides are raised while the
 * script runs, at the line where they are written.
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


/* ---- Small helpers ------------------------------------------------------------------------ */

/* Optimal string alignment distance (edits incl. adjacent swaps), case-insensitive; words longer
 * than 63 characters are "far" (1000). */
static int edit_distance(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    if (n > 63 || m > 63) return 1000;
    int d[64][64];
    for (size_t i = 0; i <= n; i++)
        d[i][0] = (int)i;
    for (size_t j = 0; j <= m; j++)
        d[0][j] = (int)j;
    for (size_t i = 1; i <= n; i++)
        for (size_t j = 1; j <= m; j++) {
            int ca = tolower((unsigned char)a[i - 1]), cb = tolower((unsigned char)b[j - 1]);
            int cost = ca != cb;
            int v = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < v) v = d[i][j - 1] + 1;
            if (d[i - 1][j - 1] + cost < v) v = d[i - 1][j - 1] + cost;
            if (i > 1 && j > 1 && ca == tolower((unsigned char)b[j - 2]) &&
                tolower((unsigned char)a[i - 2]) == cb && d[i - 2][j - 2] + 1 < v)
                v = d[i - 2][j - 2] + 1;
            d[i][j] = v;
        }
    return d[n][m];
}

/* Nearest candidate to a misspelt word, if close enough to be a likely typo. */
typedef struct sb_near {
    const char *word;
    const char *best; /* NULL until a candidate was tried */
    int dist;
} sb_near;

static void near_try(sb_near *nr, const char *cand)
{
    int d = edit_distance(nr->word, cand);
    if (!nr->best || d < nr->dist) {
        nr->best = cand;
        nr->dist = d;
    }
}

static const char *near_result(const sb_near *nr)
{
    size_t len = strlen(nr->word);
    int limit = len <= 4 ? 1 : len <= 8 ? 2 : 3;
    return nr->best && nr->dist > 0 && nr->dist <= limit ? nr->best : NULL;
}


/* ---- A tiny Lua lexer, to find where keys are written ------------------------------------- */

enum { TK_EOF, TK_NAME, TK_STRING, TK_NUMBER, TK_OP };

typedef struct sb_tok {
    int kind;
    int op;          /* TK_OP: the character; 'E' for "==", 'N' for "~=", "<=", ">=" */
    size_t off, len; /* TK_NAME: the name; TK_STRING: the text between the delimiters */
    int line;        /* line of the token's first character */
} sb_tok;

typedef struct sb_lex {
    const char *s;
    size_t n, i; /* source, its length, read position */
    int line;    /* line at position i */
} sb_lex;

/* If s[i] opens a long bracket "[", "="*k, "[", returns k + 1, else 0. */
static size_t long_open(const sb_lex *x, size_t i)
{
    if (i >= x->n || x->s[i] != '[') return 0;
    size_t j = i + 1;
    while (j < x->n && x->s[j] == '=')
        j++;
    return j < x->n && x->s[j] == '[' ? j - i : 0;
}

/* Skips a long bracket of level lv - 1 whose opener starts at x->i; returns where its content
 * ends (the closer's offset). Counts lines. */
static size_t long_skip(sb_lex *x, size_t lv)
{
    x->i += lv + 1;
    while (x->i < x->n) {
        char c = x->s[x->i];
        if (c == '\n') x->line++;
        if (c == ']') {
            size_t j = x->i + 1;
            while (j < x->n && x->s[j] == '=')
                j++;
            if (j < x->n && x->s[j] == ']' && j - x->i == lv) {
                size_t end = x->i;
                x->i = j + 1;
                return end;
            }
        }
        x->i++;
    }
    return x->n;
}

static void lex_next(sb_lex *x, sb_tok *t)
{
    for (;;) {
        if (x->i >= x->n) {
            t->kind = TK_EOF;
            t->off = x->n;
            t->len = 0;
            t->line = x->line;
            return;
        }
        char c = x->s[x->i];
        if (c == '\n') {
            x->line++;
            x->i++;
        } else if (isspace((unsigned char)c) || c == '\0') {
            x->i++;
        } else if (c == '-' && x->i + 1 < x->n && x->s[x->i + 1] == '-') {
            x->i += 2;
            size_t lv = long_open(x, x->i);
            if (lv) {
                long_skip(x, lv);
            } else {
                while (x->i < x->n && x->s[x->i] != '\n')
                    x->i++;
            }
        } else {
            break;
        }
    }
    const char *s = x->s;
    char c = s[x->i];
    t->line = x->line;
    t->off = x->i;
    t->op = 0;
    if (isalpha((unsigned char)c) || c == '_') {
        while (x->i < x->n && (isalnum((unsigned char)s[x->i]) || s[x->i] == '_'))
            x->i++;
        t->kind = TK_NAME;
        t->len = x->i - t->off;
    } else if (isdigit((unsigned char)c) ||
               (c == '.' && x->i + 1 < x->n && isdigit((unsigned char)s[x->i + 1]))) {
        while (x->i < x->n) {
            char d = s[x->i];
            if (isalnum((unsigned char)d) || d == '.' || d == '_') {
                x->i++;
            } else if ((d == '+' || d == '-') && strchr("eEpP", s[x->i - 1])) {
                x->i++;
            } else {
                break;
            }
        }
        t->kind = TK_NUMBER;
        t->len = x->i - t->off;
    } else if (c == '"' || c == '\'') {
        /* The chunk compiled, so every string is terminated. */
        x->i++;
        t->off = x->i;
        while (x->i < x->n && s[x->i] != c) {
            if (s[x->i] == '\\' && x->i + 1 < x->n) x->i++;
            if (s[x->i] == '\n') x->line++;
            x->i++;
        }
        t->kind = TK_STRING;
        t->len = x->i - t->off;
        if (x->i < x->n) x->i++;
    } else if (c == '[' && long_open(x, x->i)) {
        size_t lv = long_open(x, x->i);
        size_t start = x->i + lv + 1;
        size_t end = long_skip(x, lv);
        t->kind = TK_STRING;
        t->off = start;
        t->len = end - start;
    } else {
        char d = x->i + 1 < x->n ? s[x->i + 1] : '\0';
        t->kind = TK_OP;
        t->len = 1;
        t->op = c;
        if (d == '=' && (c == '=' || c == '~' || c == '<' || c == '>')) {
            t->op = c == '=' ? 'E' : 'N';
            t->len = 2;
        }
        x->i += t->len;
    }
}

static bool tok_is(const sb_lex *x, const sb_tok *t, int kind, const char *text)
{
    return t->kind == kind && strlen(text) == t->len && memcmp(x->s + t->off, text, t->len) == 0;
}

static bool tok_op(const sb_tok *t, int op)
{
    return t->kind == TK_OP && t->op == op;
}

/* What to look for in a chunk's source. */
typedef struct sb_find {
    const char *text; /* the key of `text =` / `["text"] =`, or a string literal's contents */
    bool literal;     /* look for a string literal instead of a key */
    int nth;          /* which occurrence, 1-based */
    size_t from;      /* where to start: a '{' (in_table) or any offset */
    bool in_table;    /* search only the top level of the table constructor at `from` */
} sb_find;

/* Returns the line of the match (0: none) and, if after is non-NULL, the offset just after it
 * (after the '=' for keys). */
static int find_in_source(const sb_chunk *c, const sb_find *f, size_t *after)
{
    sb_lex x = {c->src, c->len, 0, 1};
    sb_tok t;
    int depth = 0, seen = 0;
    bool started = false;
    for (;;) {
        lex_next(&x, &t);
        if (t.kind == TK_EOF) return 0;
        if (!started) {
            if (t.off < f->from) continue;
            started = true;
            if (f->in_table) {
                if (!tok_op(&t, '{')) return 0;
                depth = 1;
                continue;
            }
        }
        if (tok_op(&t, '{')) {
            depth++;
            continue;
        }
        if (tok_op(&t, '}')) {
            depth--;
            if (f->in_table && depth <= 0) return 0;
            continue;
        }
        if (f->in_table && depth != 1) continue;
        if (f->literal) {
            if (tok_is(&x, &t, TK_STRING, f->text) && ++seen == f->nth) {
                if (after) *after = x.i;
                return t.line;
            }
            continue;
        }
        sb_lex y = x;
        sb_tok u;
        bool match = false;
        if (tok_is(&x, &t, TK_NAME, f->text)) {
            lex_next(&y, &u);
            match = tok_op(&u, '=');
        } else if (tok_op(&t, '[')) {
            lex_next(&y, &u);
            if (tok_is(&y, &u, TK_STRING, f->text)) {
                lex_next(&y, &u);
                if (tok_op(&u, ']')) {
                    lex_next(&y, &u);
                    match = tok_op(&u, '=');
                }
            }
        }
        if (match && ++seen == f->nth) {
            if (after) *after = y.i;
            return t.line;
        }
    }
}

/* Offset of the '{' of the table constructor passed to the call of `fname` (written
 * `x.fname {`, `fname {` or `fname({`) nearest to `line`, or SIZE_MAX when the call's argument is
 * not a literal table or no such call exists. */
static size_t find_ctor(const sb_chunk *c, int line, const char *fname)
{
    if (!fname || !fname[0]) return SIZE_MAX;
    sb_lex x = {c->src, c->len, 0, 1};
    sb_tok t, prev = {TK_EOF, 0, 0, 0, 0};
    size_t best = SIZE_MAX;
    int best_dist = INT_MAX;
    for (;;) {
        lex_next(&x, &t);
        if (t.kind == TK_EOF) return best;
        if (tok_is(&x, &t, TK_NAME, fname) && !tok_is(&x, &prev, TK_NAME, "function") &&
            !tok_is(&x, &prev, TK_NAME, "local")) {
            sb_lex y = x;
            sb_tok u;
            lex_next(&y, &u);
            if (!tok_op(&u, '(') && !tok_op(&u, '{')) {
                prev = t;
                continue;
            }
            if (tok_op(&u, '(')) lex_next(&y, &u);
            int dist = abs(t.line - line) * 2 + (t.line > line); /* ties: the earlier one */
            if (dist < best_dist) {
                best_dist = dist;
                best = tok_op(&u, '{') ? u.off : SIZE_MAX;
            }
        }
        prev = t;
    }
}

/* Line of the last `return` outside any braces or parentheses, else the last non-blank line. */
static int return_line(const sb_chunk *c)
{
    sb_lex x = {c->src, c->len, 0, 1};
    sb_tok t;
    int depth = 0, line = 0, last = 1;
    for (;;) {
        lex_next(&x, &t);
        if (t.kind == TK_EOF) return line ? line : last;
        last = x.line;
        if (t.kind == TK_OP && (t.op == '{' || t.op == '(')) depth++;
        if (t.kind == TK_OP && (t.op == '}' || t.op == ')')) depth--;
        if (depth == 0 && tok_is(&x, &t, TK_NAME, "return")) line = t.line;
    }
}

/* Line where scenario key `key` is written (see the file comment); sets *after to the offset
 * after its '=' when found, else SIZE_MAX. */
static int key_line(const sandbox *sb, const char *key, size_t *after)
{
    const sb_chunk *c = sb->chunk[sb->call.chunk];
    size_t dummy;
    if (!after) after = &dummy;
    *after = SIZE_MAX;
    int line = 0;
    if (sb->call.ctor != SIZE_MAX) {
        sb_find f = {key, false, 1, sb->call.ctor, true};
        line = find_in_source(c, &f, after);
    }
    if (!line) {
        sb_find f = {key, false, 1, 0, false};
        line = find_in_source(c, &f, after);
    }
    return line ? line : sb->call.line;
}

/* Line of the nth `text` (a key if !literal, else a string literal) inside the table written
 * right after offset `after`; 0 when that value is not a literal table or has no such item. */
static int line_in_value(const sandbox *sb, size_t after, const char *text, bool literal, int nth)
{
    if (after == SIZE_MAX) return 0;
    const sb_chunk *c = sb->chunk[sb->call.chunk];
    sb_find f = {text, literal, nth, after, false};
    /* The value must start with '{': find the first token at or after `after`. */
    sb_lex x = {c->src, c->len, 0, 1};
    sb_tok t;
    for (lex_next(&x, &t); t.kind != TK_EOF && t.off < after;)
        lex_next(&x, &t);
    if (!tok_op(&t, '{')) return 0;
    f.from = t.off;
    f.in_table = true;
    return find_in_source(c, &f, NULL);
}

/* ---- The wijksim table -------------------------------------------------------------------- */

/* Appends " (<what> at <chunk>:<line>)" to an area reader's message, so that the error names
 * the scenario as well as the area file. */
static void add_context(ws_error *err, const char *what, const sb_chunk *c, int line)
{
    size_t len = strlen(err->msg);
    snprintf(err->msg + len, sizeof err->msg - len, " (%s at %s:%d)", what, c->name, line);
}

/* Raises err as a Lua error at the caller's position, remembering its structured form. */
static int raise_ws_error(lua_State *L, sandbox *sb, const ws_error *err)
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
    raise_ws_error(L, sb, &err);
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

static bool in_list(const char *const *list, const char *k)
{
    for (const char *const *p = list; *p; p++)
        if (strcmp(*p, k) == 0) return true;
    return false;
}

/* Writes "a, b, c and d" of list into out. */
static void list_text(const char *const *list, char *out, size_t n)
{
    size_t len = 0, cnt = 0;
    out[0] = '\0';
    while (list[cnt])
        cnt++;
    for (size_t i = 0; i < cnt && len < n; i++)
        len += (size_t)snprintf(out + len, n - len, "%s%s",
                                i == 0         ? ""
                                : i + 1 == cnt ? " and "
                                               : ", ",
                                list[i]);
}

/* Offset of the literal constructor of place pi (looked up once). */
static size_t place_ctor(sandbox *sb, int pi)
{
    sb_place *p = &sb->place[pi];
    if (!p->ctor_done) {
        p->ctor = find_ctor(sb->chunk[p->chunk], p->line, p->fname);
        p->ctor_done = true;
    }
    return p->ctor;
}

/* Where key is written for the table made at place pi: in its literal constructor, else (for
 * catalogue-made interventions) in the catalogue's defaults, else the line of the call. */
static sb_loc key_loc(sandbox *sb, int pi, const char *key)
{
    for (int q = pi; q >= 0; q = sb->place[q].sec) {
        size_t ctor = place_ctor(sb, q);
        if (ctor == SIZE_MAX) continue;
        sb_find f = {key, false, 1, ctor, true};
        size_t after = SIZE_MAX;
        int line = find_in_source(sb->chunk[sb->place[q].chunk], &f, &after);
        if (line) return (sb_loc){sb->place[q].chunk, line, after};
    }
    return (sb_loc){sb->place[pi].chunk, sb->place[pi].line, SIZE_MAX};
}

/* Starts x on chunk c and reads tokens into t up to the first at or after offset `after`;
 * returns whether that token opens a table constructor. */
static bool table_at(const sb_chunk *c, size_t after, sb_lex *x, sb_tok *t)
{
    *x = (sb_lex){c->src, c->len, 0, 1};
    for (lex_next(x, t); t->kind != TK_EOF && t->off < after;)
        lex_next(x, t);
    return tok_op(t, '{');
}

/* Where the nth `text` (key, or string literal if literal) is written inside the table that is
 * the value after at.after; at itself (without `after`) when not found. */
static sb_loc value_loc(const sandbox *sb, sb_loc at, const char *text, bool literal, int nth)
{
    sb_loc r = {at.chunk, at.line, SIZE_MAX};
    if (at.after == SIZE_MAX) return r;
    const sb_chunk *c = sb->chunk[at.chunk];
    sb_lex x;
    sb_tok t;
    if (!table_at(c, at.after, &x, &t)) return r;
    sb_find f = {text, literal, nth, t.off, true};
    size_t after = SIZE_MAX;
    int line = find_in_source(c, &f, &after);
    if (line) {
        r.line = line;
        r.after = after;
    }
    return r;
}

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

/* Place index of the table at idx if a constructor of kind `kind` made it, else -1. */
static int tag_of(lua_State *L, sandbox *sb, int idx, int kind)
{
    if (lua_type(L, idx) != LUA_TTABLE) return -1;
    idx = lua_absindex(L, idx);
    lua_getfield(L, LUA_REGISTRYINDEX, REG_TAGS);
    lua_pushvalue(L, idx);
    int pi = -1;
    if (lua_rawget(L, -2) == LUA_TNUMBER) pi = (int)lua_tointeger(L, -1);
    lua_pop(L, 2);
    if (pi < 0 || pi >= sb->n_place || (kind >= 0 && sb->place[pi].kind != kind)) return -1;
    return pi;
}

/* Raises a structured error about key at loc (file = loc's chunk). */
static int raise_at(lua_State *L, sandbox *sb, sb_loc loc, const char *key, const char *msg)
{
    ws_error err;
    ws_error_set(&err, WS_EINPUT, sb->chunk[loc.chunk]->path, loc.line, key, "%s", msg);
    return raise_ws_error(L, sb, &err);
}

/* Checks, while the script runs, that every key of the table at idx (made at place pi) is in
 * keys; raises at the unknown key written first. */
static void keys_now(lua_State *L, sandbox *sb, int idx, int pi, const char *const *keys,
                     const char *what)
{
    idx = lua_absindex(L, idx);
    char msg[900], bad[128] = "";
    sb_loc best = {0, INT_MAX, SIZE_MAX};
    if (lua_rawlen(L, idx) > 0) {
        snprintf(msg, sizeof msg,
                 "%s has a value without a key (entry #1): write every entry as key = value", what);
        raise_at(L, sb, key_loc(sb, pi, ""), NULL, msg);
    }
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        if (lua_type(L, -2) != LUA_TSTRING) {
            snprintf(msg, sizeof msg, "%s has a key that is not a name: write key = value", what);
            raise_at(L, sb, key_loc(sb, pi, ""), NULL, msg);
        }
        const char *k = lua_tostring(L, -2);
        if (!in_list(keys, k)) {
            sb_loc l = key_loc(sb, pi, k);
            if (l.line < best.line || (l.line == best.line && strcmp(k, bad) < 0)) {
                best = l;
                ws__sb_one_line(bad, sizeof bad, k);
            }
        }
        lua_pop(L, 1);
    }
    if (best.line == INT_MAX) return;
    sb_near nr = {bad, NULL, 0};
    for (const char *const *p = keys; *p; p++)
        near_try(&nr, *p);
    const char *sug = near_result(&nr);
    char all[600];
    list_text(keys, all, sizeof all);
    if (sug)
        snprintf(msg, sizeof msg, "unknown key '%s' in %s (did you mean '%s'?)", bad, what, sug);
    else
        snprintf(msg, sizeof msg, "unknown key '%s' in %s; its keys are %s", bad, what, all);
    raise_at(L, sb, best, bad, msg);
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
    keys_now(L, sb, 1, pi, ws__iv_keys, what);
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
    keys_now(L, sb, 1, pi, ws__iv_keys, "wijksim.intervention_type");
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

/* Records a validation error about the scenario (file = chunk of the call). Returns -1. */
static int verr(sandbox *sb, int line, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int verr(sandbox *sb, int line, const char *key, const char *fmt, ...)
{
    char msg[sizeof sb->verr.msg];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    ws_error_set(&sb->verr, WS_EINPUT, sb->chunk[sb->call.chunk]->path, line, key, "%s", msg);
    return -1;
}

/* Describes the value at idx for a message: `a string ("x")`, `a boolean`, ... */
static void describe(lua_State *L, int idx, char *out, size_t n)
{
    int t = lua_type(L, idx);
    if (t == LUA_TSTRING) {
        char v[64];
        ws__sb_one_line(v, sizeof v, lua_tostring(L, idx));
        snprintf(out, n, "a string (\"%s\")", v);
    } else if (t == LUA_TNUMBER && lua_isinteger(L, idx)) {
        snprintf(out, n, "%lld", (long long)lua_tointeger(L, idx));
    } else if (t == LUA_TNUMBER) {
        double d = lua_tonumber(L, idx);
        if (isnan(d))
            snprintf(out, n, "nan");
        else
            snprintf(out, n, "%.15g", d);
    } else if (t == LUA_TNONE || t == LUA_TNIL) {
        snprintf(out, n, "nil");
    } else {
        const char *tn = lua_typename(L, t);
        snprintf(out, n, "a%s %s", strchr("aeiou", tn[0]) ? "n" : "", tn);
    }
}

/* Pushes t[key] (raw; the table is at stack index 1) and returns its type. */
static int field(lua_State *L, const char *key)
{
    lua_pushstring(L, key);
    return lua_rawget(L, 1);
}

/* Integer key in [lo, hi] with default def. Floats must be whole. */
static int get_int(sandbox *sb, lua_State *L, const char *key, long long lo, long long hi,
                   long long def, long long *out)
{
    int ty = field(L, key);
    *out = def;
    if (ty == LUA_TNIL) return 0;
    char got[96];
    describe(L, -1, got, sizeof got);
    if (ty != LUA_TNUMBER)
        return verr(sb, key_line(sb, key, NULL), key,
                    "'%s' must be an integer from %lld to %lld, not %s", key, lo, hi, got);
    long long v;
    if (lua_isinteger(L, -1)) {
        v = (long long)lua_tointeger(L, -1);
    } else {
        double d = lua_tonumber(L, -1);
        if (!isfinite(d) || d != floor(d))
            return verr(sb, key_line(sb, key, NULL), key,
                        "'%s' must be a whole number from %lld to %lld, not %s", key, lo, hi, got);
        v = d < (double)lo ? lo - 1 : d > (double)hi ? hi + 1 : (long long)d;
    }
    if (v < lo || v > hi)
        return verr(sb, key_line(sb, key, NULL), key,
                    "'%s' must be an integer from %lld to %lld "
                    "(got %s)",
                    key, lo, hi, got);
    *out = v;
    lua_pop(L, 1);
    return 0;
}

/* Optional string key; *out is NULL when absent. Rejects embedded NUL bytes. */
static int get_str(sandbox *sb, lua_State *L, const char *key, const char **out, size_t *len)
{
    int ty = field(L, key);
    *out = NULL;
    *len = 0;
    if (ty == LUA_TNIL) return 0;
    if (ty != LUA_TSTRING) {
        char got[96];
        describe(L, -1, got, sizeof got);
        return verr(sb, key_line(sb, key, NULL), key, "'%s' must be a string, not %s", key, got);
    }
    *out = lua_tolstring(L, -1, len);
    if (strlen(*out) != *len)
        return verr(sb, key_line(sb, key, NULL), key, "'%s' must not contain NUL bytes", key);
    return 0; /* the string stays on the stack (it is anchored in the table anyway) */
}

/* Every key must be one of sb->keys (the scenario's, or a comparison's, or those of a
 * scenario inside a comparison). Reports the unknown key written first in the source. */
static int check_keys(sandbox *sb, lua_State *L, ws_scenario *r)
{
    const char *const *keys = sb->is_comparison && sb->v_scen == NULL ? comp_keys
                              : sb->is_comparison                     ? scen_in_comp_keys
                                                                      : scen_keys;
    const char *what = keys == comp_keys ? "comparison" : "scenario";
    if (lua_rawlen(L, 1) > 0)
        return verr(sb, sb->call.line, NULL,
                    "the %s table has a value without a key "
                    "(entry #1): write every entry as key = value",
                    what);
    char bad[128] = "";
    int bad_line = INT_MAX;
    lua_pushnil(L);
    while (lua_next(L, 1)) {
        if (lua_type(L, -2) != LUA_TSTRING) {
            char got[96];
            describe(L, -2, got, sizeof got);
            return verr(sb, sb->call.line, NULL,
                        "the %s table has a key that is %s: "
                        "keys are names, written as key = value",
                        what, got);
        }
        const char *k = lua_tostring(L, -2);
        if (!in_list(keys, k)) {
            int line = key_line(sb, k, NULL);
            if (line < bad_line || (line == bad_line && strcmp(k, bad) < 0)) {
                bad_line = line;
                ws__sb_one_line(bad, sizeof bad, k);
            }
        }
        lua_pop(L, 1);
    }
    if (bad_line == INT_MAX) return 0;
    if (keys == scen_in_comp_keys && in_list(run_keys, bad))
        return verr(sb, bad_line, bad,
                    "'%s' cannot be set on a scenario inside a comparison: the comparison fixes "
                    "start_year, years, replications, seed, scale, area_data, areas and params "
                    "for all its scenarios (common random numbers); set it on "
                    "wijksim.comparison, or limit an intervention with its own 'areas'",
                    bad);
    sb_near nr = {bad, NULL, 0};
    for (const char *const *p = keys; *p; p++)
        near_try(&nr, *p);
    const char *sug = near_result(&nr);
    if (sug) return verr(sb, bad_line, bad, "unknown key '%s' (did you mean '%s'?)", bad, sug);
    char all[600];
    list_text(keys, all, sizeof all);
    return verr(sb, bad_line, bad, "unknown key '%s'; %s keys are %s", bad, what, all);
}

static int check_name(sandbox *sb, lua_State *L, ws_scenario *r)
{
    const char *v;
    size_t len;
    if (get_str(sb, L, "name", &v, &len)) return -1;
    if (!v)
        return verr(sb, sb->call.line, "name",
                    "'name' is required: every scenario needs a name "
                    "(it names the results group /scenarios/<name>)");
    int line = key_line(sb, "name", NULL);
    if (len == 0 || len >= sizeof r->name)
        return verr(sb, line, "name", "'name' must be 1 to %zu characters long (got %zu)",
                    sizeof r->name - 1, len);
    for (size_t i = 0; i < len; i++) {
        char c = v[i];
        if (!(isalnum((unsigned char)c) || (c && strchr(" _.,+()-", c))))
            return verr(sb, line, "name",
                        "'name' may only contain letters, digits, spaces and "
                        "_ . , + ( ) - (it becomes an HDF5 group name); found '%c' at position "
                        "%zu",
                        isprint((unsigned char)c) ? c : '?', i + 1);
    }
    if (v[0] == ' ' || v[len - 1] == ' ')
        return verr(sb, line, "name", "'name' must not start or end with a space");
    if (strspn(v, ".") == len)
        return verr(sb, line, "name",
                    "'name' must not be only dots (\"%s\" has a special "
                    "meaning in HDF5 paths)",
                    v);
    memcpy(r->name, v, len + 1);
    lua_pop(L, 1);
    return 0;
}

/* `hook` (yearly policy hook, lua_hooks.h) must be a function; the loader only checks its type
 * (ws_scenario has no Lua in it): ws_lua_hooks_open picks the function up. */
static int check_hook(sandbox *sb, lua_State *L, ws_scenario *r)
{
    (void)r;
    int t = field(L, "hook");
    if (t == LUA_TNIL || t == LUA_TFUNCTION) return 0;
    char got[96];
    describe(L, -1, got, sizeof got);
    return verr(sb, key_line(sb, "hook", NULL), "hook",
                "'hook' must be a function(year, areas) ... end (a yearly policy hook), not %s",
                got);
}

static int check_description(sandbox *sb, lua_State *L, ws_scenario *r)
{
    const char *v;
    size_t len;
    if (get_str(sb, L, "description", &v, &len)) return -1;
    if (!v) return 0;
    if (len >= sizeof r->description)
        return verr(sb, key_line(sb, "description", NULL), "description",
                    "'description' is %zu bytes long; at most %zu are allowed", len,
                    sizeof r->description - 1);
    memcpy(r->description, v, len + 1);
    lua_pop(L, 1);
    return 0;
}

static int check_ints(sandbox *sb, lua_State *L, ws_scenario *r)
{
    long long v;
    if (get_int(sb, L, "start_year", 1990, 2100, 2026, &v)) return -1;
    r->start_year = (int)v;
    if (get_int(sb, L, "years", 1, WS_MAX_YEARS, 20, &v)) return -1;
    r->years = (int)v;
    if (get_int(sb, L, "replications", 1, WS_MAX_REPLICATIONS, 10, &v)) return -1;
    r->replications = (int)v;
    if (get_int(sb, L, "seed", 0, 4294967295LL, 1, &v)) return -1;
    r->seed = (uint32_t)v;
    return 0;
}

static int check_scale(sandbox *sb, lua_State *L, ws_scenario *r)
{
    int ty = field(L, "scale");
    r->scale = 1.0;
    if (ty == LUA_TNIL) return 0;
    char got[96];
    describe(L, -1, got, sizeof got);
    double v = ty == LUA_TNUMBER ? lua_tonumber(L, -1) : NAN;
    if (ty != LUA_TNUMBER)
        return verr(sb, key_line(sb, "scale", NULL), "scale",
                    "'scale' must be a number greater than 0 and at most 1, not %s", got);
    if (!(v > 0.0 && v <= 1.0))
        return verr(sb, key_line(sb, "scale", NULL), "scale",
                    "'scale' must be a number greater than 0 and at most 1 (got %s); it is the "
                    "fraction of households simulated",
                    got);
    r->scale = v;
    lua_pop(L, 1);
    return 0;
}

/* Loads the area file named by area_data (default SB_DEFAULT_AREA_FILE) into r->areas. */
static int check_area_data(sandbox *sb, lua_State *L, ws_scenario *r)
{
    const char *rel;
    size_t len;
    if (get_str(sb, L, "area_data", &rel, &len)) return -1;
    bool given = rel != NULL;
    if (!rel) {
        rel = SB_DEFAULT_AREA_FILE;
        len = strlen(rel);
    }
    int line = given ? key_line(sb, "area_data", NULL) : sb->call.line;
    char path[SB_PATH];
    const char *why = NULL;
    if (!resolve_rel(sb, rel, len, path, sizeof path, &why))
        return verr(sb, line, "area_data", "'area_data' is %s", why);
    ws_error err;
    int i = area_file(sb, path, &err);
    if (i < 0) {
        if (err.code == WS_EIO || err.code == WS_ENOMEM || !err.file[0])
            return verr(sb, line, "area_data", "cannot read the area file %s %s (%s)", path,
                        given ? "named by 'area_data'"
                              : "(the default 'area_data'; set area_data to use another file)",
                        err.msg);
        sb->verr = err;
        sb->verr.code = WS_EINPUT;
        add_context(&sb->verr, "area file named by 'area_data'", sb->chunk[sb->call.chunk], line);
        return -1;
    }
    r->areas = sb->area[i].t; /* moved: the scenario owns the rows now */
    memset(&sb->area[i].t, 0, sizeof sb->area[i].t);
    memmove(&sb->area[i], &sb->area[i + 1], (size_t)(sb->n_area - i - 1) * sizeof sb->area[0]);
    sb->n_area--;
    return 0;
}

/* Message part listing a few valid area ids, with a suggestion for `id` if one is close. */
static void area_hint(const ws_area_table *t, const char *id, char *out, size_t n)
{
    sb_near nr = {id, NULL, 0};
    for (int i = 0; i < t->n; i++)
        near_try(&nr, t->area[i].id);
    const char *sug = near_result(&nr);
    size_t len = 0;
    if (sug) len += (size_t)snprintf(out, n, "did you mean '%s'? ", sug);
    if (len < n) len += (size_t)snprintf(out + len, n - len, "valid ids in %s include ", t->path);
    for (int i = 0; i < t->n && i < 5 && len < n; i++)
        len += (size_t)snprintf(out + len, n - len, "%s'%s'", i ? ", " : "", t->area[i].id);
    if (t->n > 5 && len < n)
        snprintf(out + len, n - len, " and %d more (see wijksim.areas(\"all\"))", t->n - 5);
}

static int check_areas(sandbox *sb, lua_State *L, ws_scenario *r)
{
    const ws_area_table *t = &r->areas;
    int ty = field(L, "areas");
    size_t after = SIZE_MAX;
    int line = ty == LUA_TNIL ? sb->call.line : key_line(sb, "areas", &after);
    char got[96];
    describe(L, -1, got, sizeof got);
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
                return verr(sb, line, "areas",
                            "'areas' must be \"all\", \"nplv2020\" or a list "
                            "of area ids; for one area write areas = { \"%s\" }",
                            sel);
            return verr(sb, line, "areas",
                        "'areas' must be \"all\", \"nplv2020\" or a list of "
                        "area ids, not %s",
                        got);
        }
        for (int i = 0; i < t->n; i++)
            if (all || t->area[i].in_2020) r->area_sel[r->n_areas++] = i;
        if (r->n_areas == 0)
            return verr(sb, line, "areas",
                        "'areas' = \"%s\" selects no area: no row of %s has "
                        "in_2020_programme = 1",
                        sel, t->path);
        lua_pop(L, 1);
        return 0;
    }
    if (ty != LUA_TTABLE)
        return verr(sb, line, "areas",
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
        return verr(sb, line, "areas",
                    "'areas' must be a list of area ids like "
                    "{ \"a\", \"b\" }, without keys");
    if (n == 0)
        return verr(sb, line, "areas",
                    "'areas' is an empty list: name at least one area, or "
                    "use \"all\"");
    if (n > (lua_Unsigned)t->n) n = (lua_Unsigned)t->n + 1; /* more than exist: a duplicate */
    for (lua_Unsigned k = 1; k <= n; k++) {
        int et = lua_rawgeti(L, -1, (lua_Integer)k);
        if (et != LUA_TSTRING) {
            describe(L, -1, got, sizeof got);
            return verr(sb, line, "areas", "'areas' entry #%llu must be an area id string, not %s",
                        (unsigned long long)k, got);
        }
        size_t idlen;
        const char *id = lua_tolstring(L, -1, &idlen);
        char shown[64];
        ws__sb_one_line(shown, sizeof shown, id);
        int idx = strlen(id) == idlen ? ws_area_table_find(t, id) : -1;
        if (idx < 0) {
            char hint[600];
            area_hint(t, shown, hint, sizeof hint);
            int ln = line_in_value(sb, after, id, true, 1);
            return verr(sb, ln ? ln : line, "areas", "unknown area '%s' in 'areas'; %s", shown,
                        hint);
        }
        for (int j = 0; j < r->n_areas; j++)
            if (r->area_sel[j] == idx) {
                int ln = line_in_value(sb, after, id, true, 2);
                return verr(sb, ln ? ln : line, "areas", "area '%s' is listed twice in 'areas'",
                            shown);
            }
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
    int ty = field(L, "params");
    if (ty == LUA_TNIL) return 0;
    size_t after = SIZE_MAX;
    int line = key_line(sb, "params", &after);
    char got[96];
    if (ty != LUA_TTABLE) {
        describe(L, -1, got, sizeof got);
        return verr(sb, line, "params", "'params' must be a table of name = number, not %s", got);
    }
    if (lua_rawlen(L, -1) > 0)
        return verr(sb, line, "params",
                    "'params' has a value without a name (entry #1): write "
                    "name = number");
    ws_error best;
    int best_line = INT_MAX;
    char best_name[128] = "";
    lua_pushnil(L);
    while (lua_next(L, -2)) {
        if (lua_type(L, -2) != LUA_TSTRING) {
            describe(L, -2, got, sizeof got);
            return verr(sb, line, "params", "'params' has a key that is %s: write name = number",
                        got);
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
                near_try(&nr, ws_param_table[i].name);
            const char *sug = near_result(&nr);
            ws_error_set(&e1, WS_EINPUT, NULL, 0, key,
                         "unknown model parameter '%s'%s%s%s; "
                         "`wijksim params` lists them",
                         key, sug ? " (did you mean '" : "", sug ? sug : "", sug ? "'?)" : "");
        } else if (lua_type(L, -1) != LUA_TNUMBER) {
            describe(L, -1, got, sizeof got);
            ws_error_set(&e1, WS_EINPUT, NULL, 0, key, "'%s' must be a number, not %s", key, got);
        } else {
            ws_error e2;
            ws_error_clear(&e2);
            if (ws_params_set(&r->params, k, lua_tonumber(L, -1), &e2) != 0)
                ws_error_set(&e1, e2.code ? e2.code : WS_EINPUT, NULL, 0, key, "'%s': %s", key,
                             e2.msg);
        }
        if (e1.code) {
            int ln = line_in_value(sb, after, k, false, 1);
            if (!ln) ln = line;
            if (ln < best_line || (ln == best_line && strcmp(name, best_name) < 0)) {
                best = e1;
                best_line = ln;
                ws__sb_copy_str(best_name, sizeof best_name, name);
            }
        }
        lua_pop(L, 1);
    }
    if (best_line == INT_MAX) return 0;
    return verr(sb, best_line, best.key, "%s", best.msg);
}

/* ---- Scenarios and comparisons -------------------------------------------------------------- */

/* Sets sb->call to place pi. */
static void call_from_place(sandbox *sb, int pi)
{
    sb->call.chunk = sb->place[pi].chunk;
    sb->call.line = sb->place[pi].line;
    sb->call.ctor = place_ctor(sb, pi);
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
    if (!rc) {
        for (int i = 0; i < sb->n_scen; i++)
            if (strcmp(sb->scen[i].name, r->name) == 0) {
                rc = verr(sb, key_line(sb, "name", NULL), "name",
                          "'name' \"%s\" is used twice in the comparison (%s): baseline and "
                          "options need different names",
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
    int tb = field(L, "baseline");
    int pb = tag_of(L, sb, -1, PK_SCEN);
    lua_pop(L, 1);
    if (pb < 0) {
        char got[96];
        field(L, "baseline");
        describe(L, -1, got, sizeof got);
        lua_pop(L, 1);
        return verr(sb, tb == LUA_TNIL ? sb->call.line : key_line(sb, "baseline", NULL), "baseline",
                    "'baseline' is required and must be wijksim.scenario { ... } (the "
                    "reference the options are compared with), not %s",
                    got);
    }
    size_t after = SIZE_MAX;
    int ty = field(L, "options");
    int oline = ty == LUA_TNIL ? sb->call.line : key_line(sb, "options", &after);
    lua_Unsigned n = ty == LUA_TTABLE ? lua_rawlen(L, -1) : 0, count = 0;
    if (ty == LUA_TTABLE) {
        lua_pushnil(L);
        while (lua_next(L, -2)) {
            count++;
            lua_pop(L, 1);
        }
    }
    if (ty != LUA_TTABLE || n == 0 || count != n)
        return verr(sb, oline, "options",
                    "'options' is required: a non-empty list of wijksim.scenario { ... } to "
                    "compare with the baseline");
    if (n > 64)
        return verr(sb, oline, "options", "'options' has %llu scenarios; at most 64",
                    (unsigned long long)n);
    for (lua_Unsigned k = 1; k <= n; k++) {
        lua_rawgeti(L, -1, (lua_Integer)k);
        bool ok = tag_of(L, sb, -1, PK_SCEN) >= 0;
        lua_pop(L, 1);
        if (!ok)
            return verr(sb, oline, "options",
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
            field(L, "baseline");
        } else {
            field(L, "options");
            lua_rawgeti(L, -1, (lua_Integer)k);
            lua_remove(L, -2);
        }
        sb->v_place = tag_of(L, sb, -1, PK_SCEN);
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
    sb->call.line = return_line(sb->chunk[0]);
    sb->call.ctor = SIZE_MAX;
    if (!lua_istable(L, 1)) {
        char got[96];
        describe(L, 1, got, sizeof got);
        verr(sb, sb->call.line, NULL,
             "the script must end with "
             "`return wijksim.scenario { ... }` (or wijksim.comparison), but it returned %s",
             got);
        return 0;
    }
    int pi = tag_of(L, sb, 1, -1);
    if (pi < 0) {
        verr(sb, sb->call.line, NULL,
             "the script returned a plain table: write "
             "`return wijksim.scenario { ... }` so it is checked as a scenario");
        return 0;
    }
    int kind = sb->place[pi].kind;
    if (kind == PK_SWEEP) {
        verr(sb, sb->call.line, "sweep",
             "this file returns a wijksim.sweep (a design of scenarios); run it with "
             "`wijksim sweep FILE.lua -o FILE.h5`, not `wijksim run`");
        return 0;
    }
    if (kind != PK_SCEN && kind != PK_COMP) {
        verr(sb, sb->call.line, NULL,
             "the script returned a wijksim.%s table; it must return wijksim.scenario { ... } "
             "or wijksim.comparison { ... }",
             kind == PK_PKG ? "package" : "intervention");
        return 0;
    }
    call_from_place(sb, pi);
    if (kind == PK_COMP) {
        sb->is_comparison = true;
        if (!sb->want_run) {
            verr(sb, sb->call.line, NULL,
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
    int pi = tag_of(L, sb, 1, PK_SCEN);
    if (pi < 0) {
        verr(sb, sb->call.line, NULL, "expected a table made by wijksim.scenario { ... }");
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
        return ws_error_set(e, WS_EINPUT, path, return_line(c), NULL,
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

int ws__tag_of(lua_State *L, sandbox *sb, int idx, int kind)
{
    return tag_of(L, sb, idx, kind);
}

sb_loc ws__key_loc(sandbox *sb, int pi, const char *key)
{
    return key_loc(sb, pi, key);
}

sb_loc ws__value_loc(const sandbox *sb, sb_loc at, const char *text, bool literal, int nth)
{
    return value_loc(sb, at, text, literal, nth);
}

void ws__describe(lua_State *L, int idx, char *out, size_t n)
{
    describe(L, idx, out, n);
}

const char *ws__suggest(const char *word, const char *const *list)
{
    sb_near nr = {word, NULL, 0};
    for (const char *const *p = list; *p; p++) near_try(&nr, *p);
    return near_result(&nr);
}

bool ws__in_list(const char *const *list, const char *k)
{
    return in_list(list, k);
}

void ws__list_text(const char *const *list, char *out, size_t n)
{
    list_text(list, out, n);
}

void ws__area_hint(const ws_area_table *t, const char *id, char *out, size_t n)
{
    area_hint(t, id, out, n);
}

void ws__keys_now(lua_State *L, sandbox *sb, int idx, int pi, const char *const *keys,
                  const char *what)
{
    keys_now(L, sb, idx, pi, keys, what);
}

int ws__raise_at(lua_State *L, sandbox *sb, sb_loc loc, const char *key, const char *msg)
{
    return raise_at(L, sb, loc, key, msg);
}

sb_loc ws__entry_loc(const sandbox *sb, sb_loc at, int nth)
{
    sb_loc r = {at.chunk, at.line, SIZE_MAX};
    if (at.after == SIZE_MAX) return r;
    sb_lex x;
    sb_tok t;
    if (!table_at(sb->chunk[at.chunk], at.after, &x, &t)) return r;
    int depth = 1, seen = 0;
    for (lex_next(&x, &t); t.kind != TK_EOF && depth > 0; lex_next(&x, &t)) {
        if (tok_op(&t, '{') && depth++ == 1 && ++seen == nth) {
            r.line = t.line;
            r.after = t.off; /* the entry's own '{': a value_loc `at` */
            return r;
        }
        if (tok_op(&t, '}')) depth--;
    }
    return r;
}
