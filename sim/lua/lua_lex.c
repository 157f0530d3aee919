/* lua_lex.c: where keys are written — a tiny Lua lexer over the scenario's chunks, and the
 * key locators the loaders use to put a file:line on every message (lua_internal.h).
 *
 * Design. Lua tables do not remember where a field was written. Every wijksim constructor
 * records a place (chunk, line, the name it was called by; lua_scenario.c) and tags its table;
 * a key is then found by lexing the source: `key =` or `["key"] =` at the top level of the
 * literal table constructor of that call (for a catalogue-made intervention: the override's
 * constructor, then the catalogue's defaults), for scenario keys then anywhere in the chunk,
 * and else the call's line. The lexer knows comments, strings and long brackets, and nothing
 * else of Lua: the chunk has compiled, so it only has to skip what could hide a `key =`.
 * Also here: the nearest-word suggestions ("did you mean ...?") of every unknown name.
 * Nothing here allocates or calls Lua.
 */
#include <ctype.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lua_internal.h"

/* ---- Suggestions ----------------------------------------------------------------------------- */

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

void ws__near_try(sb_near *nr, const char *cand)
{
    int d = edit_distance(nr->word, cand);
    if (!nr->best || d < nr->dist) {
        nr->best = cand;
        nr->dist = d;
    }
}

const char *ws__near_result(const sb_near *nr)
{
    size_t len = strlen(nr->word);
    int limit = len <= 4 ? 1 : len <= 8 ? 2 : 3;
    return nr->best && nr->dist > 0 && nr->dist <= limit ? nr->best : NULL;
}

const char *ws__suggest(const char *word, const char *const *list)
{
    sb_near nr = {word, NULL, 0};
    for (const char *const *p = list; *p; p++)
        ws__near_try(&nr, *p);
    return ws__near_result(&nr);
}

void ws__area_hint(const ws_area_table *t, const char *id, char *out, size_t n)
{
    sb_near nr = {id, NULL, 0};
    for (int i = 0; i < t->n; i++)
        ws__near_try(&nr, t->area[i].id);
    const char *sug = ws__near_result(&nr);
    size_t len = 0;
    if (sug) len += (size_t)snprintf(out, n, "did you mean '%s'? ", sug);
    if (len < n) len += (size_t)snprintf(out + len, n - len, "valid ids in %s include ", t->path);
    for (int i = 0; i < t->n && i < 5 && len < n; i++)
        len += (size_t)snprintf(out + len, n - len, "%s'%s'", i ? ", " : "", t->area[i].id);
    if (t->n > 5 && len < n)
        snprintf(out + len, n - len, " and %d more (see wijksim.areas(\"all\"))", t->n - 5);
}

/* ---- A tiny Lua lexer ---------------------------------------------------------------------- */

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

int ws__return_line(const sb_chunk *c)
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

sb_loc ws__call_key_loc(const sandbox *sb, const char *key)
{
    const sb_chunk *c = sb->chunk[sb->call.chunk];
    size_t after = SIZE_MAX;
    int line = 0;
    if (sb->call.ctor != SIZE_MAX) {
        sb_find f = {key, false, 1, sb->call.ctor, true};
        line = find_in_source(c, &f, &after);
    }
    if (!line) {
        sb_find f = {key, false, 1, 0, false};
        line = find_in_source(c, &f, &after);
    }
    return (sb_loc){sb->call.chunk, line ? line : sb->call.line, line ? after : SIZE_MAX};
}

/* ---- Key locators ---------------------------------------------------------------------------- */

size_t ws__place_ctor(sandbox *sb, int pi)
{
    sb_place *p = &sb->place[pi];
    if (!p->ctor_done) {
        p->ctor = find_ctor(sb->chunk[p->chunk], p->line, p->fname);
        p->ctor_done = true;
    }
    return p->ctor;
}

sb_loc ws__key_loc(sandbox *sb, int pi, const char *key)
{
    for (int q = pi; q >= 0; q = sb->place[q].sec) {
        size_t ctor = ws__place_ctor(sb, q);
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
static bool lex_table_at(const sb_chunk *c, size_t after, sb_lex *x, sb_tok *t)
{
    *x = (sb_lex){c->src, c->len, 0, 1};
    for (lex_next(x, t); t->kind != TK_EOF && t->off < after;)
        lex_next(x, t);
    return tok_op(t, '{');
}

sb_loc ws__value_loc(const sandbox *sb, sb_loc at, const char *text, bool literal, int nth)
{
    sb_loc r = {at.chunk, at.line, SIZE_MAX};
    if (at.after == SIZE_MAX) return r;
    const sb_chunk *c = sb->chunk[at.chunk];
    sb_lex x;
    sb_tok t;
    if (!lex_table_at(c, at.after, &x, &t)) return r;
    sb_find f = {text, literal, nth, t.off, true};
    size_t after = SIZE_MAX;
    int line = find_in_source(c, &f, &after);
    if (line) {
        r.line = line;
        r.after = after;
    }
    return r;
}


sb_loc ws__path_loc(sandbox *sb, int pi, const char *path)
{
    char first[128];
    size_t k = strcspn(path, ".");
    snprintf(first, sizeof first, "%.*s", (int)k, path);
    sb_loc loc = ws__key_loc(sb, pi, first);
    while (path[k] == '.' && loc.after != SIZE_MAX) {
        path += k + 1;
        k = strcspn(path, ".");
        snprintf(first, sizeof first, "%.*s", (int)k, path);
        loc = ws__value_loc(sb, loc, first, false, 1);
    }
    return loc;
}

sb_loc ws__entry_loc(const sandbox *sb, sb_loc at, int nth)
{
    sb_loc r = {at.chunk, at.line, SIZE_MAX};
    if (at.after == SIZE_MAX) return r;
    sb_lex x;
    sb_tok t;
    if (!lex_table_at(sb->chunk[at.chunk], at.after, &x, &t)) return r;
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
