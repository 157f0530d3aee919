/* lua_scenario.c: runs a scenario script in a sandboxed Lua 5.4 state and resolves the table it
 * returns into a validated ws_scenario (see include/wijksim/lua_scenario.h for the language).
 *
 * Design. Each call builds one fresh lua_State and closes it before returning; no Lua value
 * leaves this file. The sandbox is made by choosing what to open (base without load, loadfile,
 * dofile and collectgarbage; string without dump; table; math with a fixed seed; utf8), by
 * loading text chunks only, by a counting allocator (memory cap) and by a count hook
 * (instruction cap). `require` reads modules from the scenario file's folder only.
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
 * Line numbers. Lua tables do not remember where a field was written. wijksim.scenario records
 * the line (and chunk) of its call; validation then finds `key =` in the source with a small
 * lexer that knows comments and strings: first inside the literal table constructor of that
 * call, then anywhere in the chunk, and else it reports the call's line.
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

#include "sha256.h"

#define SB_MEM_CAP ((size_t)256 << 20)  /* bytes a script may have allocated */
#define SB_MEM_SLACK ((size_t)64 << 20) /* extra bytes allowed while the limit error unwinds */
#define SB_INSTR_CAP 200000000LL        /* Lua VM instructions per script */
#define SB_HOOK_EVERY 1000              /* instructions between two count-hook calls */
#define SB_MAX_FILE ((size_t)16 << 20)  /* largest scenario or module file, bytes */
#define SB_MAX_CHUNKS 64                /* the scenario file plus required modules */
#define SB_MAX_AREA_FILES 8             /* distinct area files one script may open */
#define SB_DEFAULT_AREA_FILE "areas/nplv2022.csv"
#define SB_PATH 1024 /* path buffers */

#define REG_TAGS "wijksim.tags"       /* registry: weak table scenario table -> call place */
#define REG_MODULES "wijksim.modules" /* registry: module name -> value (require's cache) */

/* One Lua source file: the scenario (index 0) or a module it required. */
typedef struct sb_chunk {
    char name[256];     /* chunk name without the '=': file relative to the scenario folder */
    char path[SB_PATH]; /* file as opened */
    char *src;          /* file bytes, NUL-terminated (owned) */
    size_t len;         /* bytes in src, without the NUL */
} sb_chunk;

/* An area file read on behalf of the script (wijksim.areas) or of its area_data key. */
typedef struct sb_areafile {
    char path[SB_PATH]; /* resolved path: scenario folder + relative path */
    ws_area_table t;    /* owned until moved into the scenario */
} sb_areafile;

/* Where the scenario table was made: the wijksim.scenario call. */
typedef struct sb_call {
    int chunk;   /* chunk holding the call */
    int line;    /* line of the call (0 if unknown) */
    size_t ctor; /* offset of the '{' of its literal table constructor, SIZE_MAX if none */
} sb_call;

typedef struct sandbox {
    lua_State *L;
    size_t mem;                  /* bytes currently allocated by Lua */
    bool fatal;                  /* a limit was hit: the script may not catch the error */
    bool mem_hit;                /* ... and it was the memory limit */
    long long instr;             /* VM instructions run, counted in hook periods */
    int hook_every;              /* current count-hook period (instructions) */
    int hook_chunk, hook_line;   /* last place the hook saw running (0/0 if none) */
    int limit_chunk, limit_line; /* where the limit error was first raised */
    int err_chunk, err_line; /* innermost Lua frame of the error in flight (msgh), line 0: none */
    char dir[SB_PATH];       /* scenario folder: "" or a path ending in '/' */
    sb_chunk *chunk[SB_MAX_CHUNKS]; /* chunk[0] is the scenario file (each owned) */
    int n_chunks;
    sb_areafile area[SB_MAX_AREA_FILES]; /* area files read so far */
    int n_area;
    bool has_pending;        /* a C function raised an error that has a structured form */
    ws_error pending;        /* ... that form */
    char pending_text[2048]; /* ... and the Lua message it raised, to recognise it */
    sb_call call;            /* the scenario table's wijksim.scenario call (validation) */
    ws_error verr;           /* validation outcome; code 0 when valid */
    ws_scenario res;         /* the scenario being built (owned until moved out) */
} sandbox;

static sandbox *get_sb(lua_State *L)
{
    void *ud = NULL;
    lua_getallocf(L, &ud);
    return ud;
}

/* ---- Small helpers ------------------------------------------------------------------------ */

static void copy_str(char *dst, size_t n, const char *src)
{
    snprintf(dst, n, "%s", src ? src : "");
}

/* Copies src into dst (size n) as one line: control characters become spaces. */
static void one_line(char *dst, size_t n, const char *src)
{
    size_t i = 0;
    for (; src[i] && i + 1 < n; i++) {
        unsigned char c = (unsigned char)src[i];
        dst[i] = (c < 32 || c == 127) ? ' ' : (char)c;
    }
    dst[i] = '\0';
}

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

/* Reads a whole file into a new NUL-terminated buffer. Returns 0, or an errno value (EFBIG when
 * it is larger than SB_MAX_FILE). On success *buf is malloc'd and owned by the caller. */
static int read_file(const char *path, char **buf, size_t *len)
{
    *buf = NULL;
    *len = 0;
    errno = 0;
    FILE *f = fopen(path, "rb");
    if (!f) return errno ? errno : EIO;
    size_t cap = 4096, n = 0;
    char *b = malloc(cap);
    int err = b ? 0 : ENOMEM;
    while (!err) {
        if (n + 1 >= cap) {
            if (cap > SB_MAX_FILE) {
                err = EFBIG;
                break;
            }
            char *nb = realloc(b, cap * 2);
            if (!nb) {
                err = ENOMEM;
                break;
            }
            b = nb;
            cap *= 2;
        }
        size_t got = fread(b + n, 1, cap - 1 - n, f);
        n += got;
        if (got == 0) {
            if (ferror(f)) err = errno ? errno : EIO;
            break;
        }
    }
    fclose(f);
    if (!err && n > SB_MAX_FILE) err = EFBIG;
    if (err) {
        free(b);
        return err;
    }
    b[n] = '\0';
    *buf = b;
    *len = n;
    return 0;
}

/* ---- Chunks and places -------------------------------------------------------------------- */

/* Index of the chunk whose Lua source string (lua_Debug.source, "=name") is src, or -1. */
static int chunk_by_source(const sandbox *sb, const char *src)
{
    if (!src || src[0] != '=') return -1;
    for (int i = 0; i < sb->n_chunks; i++)
        if (strcmp(sb->chunk[i]->name, src + 1) == 0) return i;
    return -1;
}

/* If msg starts with "<chunk>:<line>:" for one of our chunks (as Lua writes it, the name cut to
 * LUA_IDSIZE - 1 characters), sets *chunk and *line and returns the text after the prefix;
 * otherwise returns msg and leaves *chunk, *line alone. */
static const char *strip_position(const sandbox *sb, const char *msg, int *chunk, int *line)
{
    for (int i = 0; i < sb->n_chunks; i++) {
        size_t nl = strlen(sb->chunk[i]->name);
        if (nl > LUA_IDSIZE - 1) nl = LUA_IDSIZE - 1;
        if (strncmp(msg, sb->chunk[i]->name, nl) != 0 || msg[nl] != ':' ||
            !isdigit((unsigned char)msg[nl + 1]))
            continue;
        const char *p = msg + nl + 1;
        long v = 0;
        while (isdigit((unsigned char)*p) && v < 100000000)
            v = v * 10 + (*p++ - '0');
        if (*p != ':') continue;
        p++;
        while (*p == ' ')
            p++;
        *chunk = i;
        *line = (int)v;
        return p;
    }
    return msg;
}

/* Finds the innermost Lua frame at or above stack level `level` that belongs to one of our
 * chunks. Returns true and sets *chunk, *line when there is one. */
static bool lua_place(lua_State *L, const sandbox *sb, int level, int *chunk, int *line)
{
    lua_Debug ar;
    for (; lua_getstack(L, level, &ar); level++) {
        if (!lua_getinfo(L, "Sl", &ar) || ar.currentline <= 0) continue;
        int c = chunk_by_source(sb, ar.source);
        if (c >= 0) {
            *chunk = c;
            *line = ar.currentline;
            return true;
        }
    }
    return false;
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

/* Offset of the '{' of the table constructor passed to the `.scenario` call nearest to `line`,
 * or SIZE_MAX when the call's argument is not a literal table. */
static size_t find_ctor(const sb_chunk *c, int line)
{
    sb_lex x = {c->src, c->len, 0, 1};
    sb_tok t, prev = {TK_EOF, 0, 0, 0, 0};
    size_t best = SIZE_MAX;
    int best_dist = INT_MAX;
    for (;;) {
        lex_next(&x, &t);
        if (t.kind == TK_EOF) return best;
        if (tok_is(&x, &t, TK_NAME, "scenario") && (tok_op(&prev, '.') || tok_op(&prev, ':'))) {
            sb_lex y = x;
            sb_tok u;
            lex_next(&y, &u);
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

/* ---- Limits: allocator and hook ----------------------------------------------------------- */

static void sb_hook(lua_State *L, lua_Debug *ar);

/* lua_Alloc with a cap. Crossing SB_MEM_CAP marks the script fatal and turns the count hook to
 * every instruction, so the error is raised at the next instruction with its line; allocations
 * past SB_MEM_CAP + SB_MEM_SLACK fail outright (Lua then raises a memory error). */
static void *sb_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    sandbox *sb = ud;
    size_t old = ptr ? osize : 0;
    if (nsize == 0) {
        free(ptr);
        sb->mem -= old;
        return NULL;
    }
    size_t after = sb->mem - old + nsize;
    if (nsize > old && after > SB_MEM_CAP) {
        sb->fatal = sb->mem_hit = true;
        if (after > SB_MEM_CAP + SB_MEM_SLACK) {
            /* One huge request: Lua raises a memory error, without position and without the
             * message handler, so note the place now. lua_getstack/lua_getinfo("Sl") only read
             * CallInfo and Proto fields and do not allocate; in Lua 5.4 these are consistent
             * whenever the allocator is asked to grow a block. */
            if (sb->L && !sb->limit_line)
                lua_place(sb->L, sb, 0, &sb->limit_chunk, &sb->limit_line);
            return NULL;
        }
        if (sb->L && sb->hook_every != 1) {
            sb->hook_every = 1;
            lua_sethook(sb->L, sb_hook, LUA_MASKCOUNT, 1); /* safe here: signal-safe by design */
        }
    }
    void *p = realloc(ptr, nsize);
    if (p) sb->mem = after;
    return p;
}

static void sb_hook(lua_State *L, lua_Debug *ar)
{
    sandbox *sb = get_sb(L);
    sb->instr += sb->hook_every;
    if (lua_getinfo(L, "Sl", ar) && ar->currentline > 0) {
        int c = chunk_by_source(sb, ar->source);
        if (c >= 0) {
            sb->hook_chunk = c;
            sb->hook_line = ar->currentline;
        }
    }
    if (sb->instr > SB_INSTR_CAP) sb->fatal = true;
    if (!sb->fatal) return;
    if (!sb->limit_line) {
        sb->limit_chunk = sb->hook_chunk;
        sb->limit_line = sb->hook_line;
    }
    if (sb->mem_hit)
        lua_pushfstring(L, "%s:%d: memory limit exceeded: more than %d MiB allocated",
                        ar->short_src, ar->currentline, (int)(SB_MEM_CAP >> 20));
    else
        lua_pushfstring(L,
                        "%s:%d: instruction limit exceeded: more than %d Lua instructions "
                        "(an endless loop?)",
                        ar->short_src, ar->currentline, (int)SB_INSTR_CAP);
    lua_error(L);
}

/* Message handler: turns the error into a string and remembers the innermost Lua frame of the
 * first error since the last one the script caught (a one-line ws_error has no room for a
 * traceback, so the place is what we keep). Runs no script code. */
static int sb_msgh(lua_State *L)
{
    sandbox *sb = get_sb(L);
    if (lua_type(L, 1) != LUA_TSTRING) {
        /* No __tostring: script code must not run inside a message handler (see sb_xpcall). */
        lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
        lua_replace(L, 1);
    }
    lua_settop(L, 1);
    if (!sb->err_line) {
        int c = 0, line = 0;
        if (lua_place(L, sb, 1, &c, &line)) {
            sb->err_chunk = c;
            sb->err_line = line;
        }
    }
    return 1;
}

/* ---- Replacements for base functions ------------------------------------------------------ */

static int sb_print(lua_State *L)
{
    int n = lua_gettop(L);
    for (int i = 1; i <= n; i++) {
        size_t len;
        const char *s = luaL_tolstring(L, i, &len);
        if (i > 1) fputc('\t', stderr);
        fwrite(s, 1, len, stderr);
        lua_pop(L, 1);
    }
    fputc('\n', stderr);
    fflush(stderr);
    return 0;
}

/* pcall and xpcall as in lbaselib.c, except that a limit error is never caught. */
static int sb_pcall(lua_State *L)
{
    sandbox *sb = get_sb(L);
    luaL_checkany(L, 1);
    lua_pushboolean(L, 1);
    lua_insert(L, 1);
    int st = lua_pcall(L, lua_gettop(L) - 2, LUA_MULTRET, 0);
    if (sb->fatal) return lua_error(L);
    if (st != LUA_OK) {
        sb->err_line = 0;
        lua_pushboolean(L, 0);
        lua_pushvalue(L, -2);
        return 2;
    }
    return lua_gettop(L);
}

/* xpcall(f, handler, ...): the handler runs after the stack has unwound, not as a message
 * handler. A message handler of an error raised by the count hook would run inside the hook,
 * with hooks off, i.e. beyond the instruction limit; without the debug library a script cannot
 * tell the difference. An error in the handler is returned like the handler's result. */
static int sb_xpcall(lua_State *L)
{
    sandbox *sb = get_sb(L);
    int n = lua_gettop(L);
    luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_pushboolean(L, 1);
    lua_pushvalue(L, 1);
    lua_rotate(L, 3, 2); /* f, handler, true, f, args... */
    int st = lua_pcall(L, n - 2, LUA_MULTRET, 0);
    if (sb->fatal) return lua_error(L);
    if (st == LUA_OK) return lua_gettop(L) - 2;
    sb->err_line = 0;
    lua_pushvalue(L, 2);
    lua_insert(L, -2); /* handler, err */
    lua_pcall(L, 1, 1, 0);
    if (sb->fatal) return lua_error(L);
    sb->err_line = 0;
    lua_pushboolean(L, 0);
    lua_insert(L, -2);
    return 2;
}

/* setmetatable as in lbaselib.c, refusing __gc: finalizers run with hooks off, beyond limits. */
static int sb_setmetatable(lua_State *L)
{
    int t = lua_type(L, 2);
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_argexpected(L, t == LUA_TNIL || t == LUA_TTABLE, 2, "nil or table");
    if (t == LUA_TTABLE) {
        lua_pushliteral(L, "__gc");
        if (lua_rawget(L, 2) != LUA_TNIL)
            return luaL_error(L, "__gc metamethods are not allowed in scenario scripts");
        lua_pop(L, 1);
    }
    if (luaL_getmetafield(L, 1, "__metatable") != LUA_TNIL)
        return luaL_error(L, "cannot change a protected metatable");
    lua_settop(L, 2);
    lua_setmetatable(L, 1);
    return 1;
}

/* A module name is dot-separated words of [A-Za-z0-9_-]: no "..", no '/', no absolute path. */
static bool module_name_ok(const char *name, size_t len)
{
    if (len == 0 || len > 200 || strlen(name) != len) return false;
    bool word = false;
    for (size_t i = 0; i < len; i++) {
        char c = name[i];
        if (c == '.') {
            if (!word) return false;
            word = false;
        } else if (isalnum((unsigned char)c) || c == '_' || c == '-') {
            word = true;
        } else {
            return false;
        }
    }
    return word;
}

static const char loading_mark = 0; /* address marks a module being loaded (cycle check) */

/* require(name): loads <scenario folder>/<name with '.' -> '/'>.lua once, as text, in the same
 * sandbox, and caches its value. */
static int sb_require(lua_State *L)
{
    sandbox *sb = get_sb(L);
    luaL_checktype(L, 1, LUA_TSTRING);
    size_t nlen;
    const char *name = lua_tolstring(L, 1, &nlen);
    lua_settop(L, 1);
    if (!module_name_ok(name, nlen))
        return luaL_error(L,
                          "require '%s': not allowed; modules are .lua files inside the "
                          "scenario's folder, named with dots (e.g. require 'lib.areas')",
                          name);
    lua_getfield(L, LUA_REGISTRYINDEX, REG_MODULES); /* 2 */
    lua_pushvalue(L, 1);
    lua_rawget(L, 2);
    if (lua_touserdata(L, -1) == &loading_mark)
        return luaL_error(L, "require '%s': circular require (the module requires itself)", name);
    if (!lua_isnil(L, -1)) return 1;
    lua_pop(L, 1);

    char rel[256], full[SB_PATH];
    snprintf(rel, sizeof rel, "%s.lua", name);
    for (char *p = rel; *p && strcmp(p, ".lua") != 0; p++)
        if (*p == '.') *p = '/';
    if (snprintf(full, sizeof full, "%s%s", sb->dir, rel) >= (int)sizeof full)
        return luaL_error(L, "require '%s': path too long", name);

    /* The file must resolve (after symbolic links) to a place inside the scenario folder. */
    char rdir[PATH_MAX], rfile[PATH_MAX];
    bool found = realpath(full, rfile) != NULL;
    bool dir_ok = realpath(sb->dir[0] ? sb->dir : ".", rdir) != NULL;
    if (!found) return luaL_error(L, "require '%s': module not found (no file %s)", name, full);
    size_t dl = strlen(rdir);
    if (!dir_ok || strncmp(rfile, rdir, dl) != 0 || (rfile[dl] != '/' && dl != 1))
        return luaL_error(L, "require '%s': %s lies outside the scenario's folder", name, full);

    int idx = -1;
    for (int i = 0; i < sb->n_chunks; i++)
        if (strcmp(sb->chunk[i]->name, rel) == 0) idx = i;
    if (idx < 0) {
        if (sb->n_chunks == SB_MAX_CHUNKS)
            return luaL_error(L, "require '%s': more than %d modules", name, SB_MAX_CHUNKS - 1);
        sb_chunk *c = calloc(1, sizeof *c);
        if (!c) return luaL_error(L, "require '%s': out of memory", name);
        sb->chunk[sb->n_chunks++] = c; /* anchored before anything can raise */
        copy_str(c->name, sizeof c->name, rel);
        copy_str(c->path, sizeof c->path, full);
        int err = read_file(full, &c->src, &c->len);
        if (err)
            return luaL_error(L, "require '%s': cannot read %s: %s", name, full,
                              err == EFBIG ? "file larger than 16 MiB" : strerror(err));
        idx = sb->n_chunks - 1;
    }
    const sb_chunk *c = sb->chunk[idx];
    if (c->len > 0 && c->src[0] == LUA_SIGNATURE[0])
        return luaL_error(L,
                          "require '%s': %s is precompiled Lua (bytecode); only Lua source "
                          "text is accepted",
                          name, full);
    char chunkname[260];
    snprintf(chunkname, sizeof chunkname, "=%s", c->name);
    if (luaL_loadbufferx(L, c->src, c->len, chunkname, "t") != LUA_OK) return lua_error(L);
    /* stack: name, modules, fn */
    lua_pushvalue(L, 1);
    lua_pushlightuserdata(L, (void *)&loading_mark);
    lua_rawset(L, 2);
    lua_pushcfunction(L, sb_msgh);
    lua_insert(L, 3); /* name, modules, msgh, fn */
    lua_pushvalue(L, 1);
    if (lua_pcall(L, 1, 1, 3) != LUA_OK) {
        lua_pushvalue(L, 1);
        lua_pushnil(L);
        lua_rawset(L, 2);
        return lua_error(L); /* the error is still on top */
    }
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        lua_pushboolean(L, 1);
    }
    lua_pushvalue(L, 1);
    lua_pushvalue(L, -2);
    lua_rawset(L, 2);
    return 1;
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
    copy_str(sb->pending_text, sizeof sb->pending_text, lua_tostring(L, -1));
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
    copy_str(a->path, sizeof a->path, path);
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
        lua_place(L, sb, 1, &c, &line);
        char msg[sizeof err.msg];
        copy_str(msg, sizeof msg, err.msg);
        ws_error_set(&err, WS_EINPUT, sb->chunk[c]->path, line, NULL,
                     "cannot read area file %s: %s", path, msg);
    }
    err.code = WS_EINPUT;
    int c = 0, line = 0;
    lua_place(L, sb, 1, &c, &line);
    add_context(&err, "area file read by a wijksim function", sb->chunk[c], line);
    raise_ws_error(L, sb, &err);
    return NULL;
}

/* wijksim.scenario(t): marks t as a scenario made here (for line numbers) and returns it. */
static int w_scenario(lua_State *L)
{
    sandbox *sb = get_sb(L);
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 1);
    int c = 0, line = 0;
    lua_place(L, sb, 1, &c, &line);
    lua_getfield(L, LUA_REGISTRYINDEX, REG_TAGS);
    lua_pushvalue(L, 1);
    lua_pushinteger(L, (lua_Integer)c * 0x100000000LL + line);
    lua_rawset(L, -3);
    lua_settop(L, 1);
    return 1;
}

/* wijksim.areas(selector [, area_file]): list of area ids, "all" or "nplv2020", file order. */
static int w_areas(lua_State *L)
{
    sandbox *sb = get_sb(L);
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
    sandbox *sb = get_sb(L);
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
static int sb_setup(lua_State *L)
{
    static const luaL_Reg libs[] = {
        {LUA_GNAME, luaopen_base},
        {LUA_STRLIBNAME, luaopen_string},
        {LUA_TABLIBNAME, luaopen_table},
        {LUA_MATHLIBNAME, luaopen_math},
        {LUA_UTF8LIBNAME, luaopen_utf8},
        {"wijksim", open_wijksim},
        {NULL, NULL},
    };
    for (const luaL_Reg *lib = libs; lib->func; lib++) {
        luaL_requiref(L, lib->name, lib->func, 1);
        lua_pop(L, 1);
    }
    lua_pushglobaltable(L);
    static const char *const drop[] = {"load", "loadfile", "dofile", "collectgarbage", NULL};
    for (const char *const *d = drop; *d; d++) {
        lua_pushnil(L);
        lua_setfield(L, -2, *d);
    }
    static const luaL_Reg over[] = {
        {"print", sb_print},     {"pcall", sb_pcall},
        {"xpcall", sb_xpcall},   {"setmetatable", sb_setmetatable},
        {"require", sb_require}, {NULL, NULL},
    };
    luaL_setfuncs(L, over, 0);
    lua_getfield(L, -1, LUA_STRLIBNAME);
    lua_pushnil(L);
    lua_setfield(L, -2, "dump");
    lua_pop(L, 1);
    /* math.random repeats run to run: seeded once, and scripts may not reseed (randomseed() with
     * no argument would seed from the clock). */
    lua_getfield(L, -1, LUA_MATHLIBNAME);
    lua_getfield(L, -1, "randomseed");
    lua_pushinteger(L, 2026);
    lua_call(L, 1, 0);
    lua_pushnil(L);
    lua_setfield(L, -2, "randomseed");
    lua_pop(L, 2);

    lua_newtable(L);
    lua_createtable(L, 0, 1);
    lua_pushliteral(L, "k");
    lua_setfield(L, -2, "__mode");
    lua_setmetatable(L, -2);
    lua_setfield(L, LUA_REGISTRYINDEX, REG_TAGS);
    lua_newtable(L);
    lua_setfield(L, LUA_REGISTRYINDEX, REG_MODULES);
    return 0;
}

/* ---- Validation of the returned table ----------------------------------------------------- */

static const char *const scen_keys[] = {"name",         "description", "start_year", "years",
                                        "replications", "seed",        "scale",      "area_data",
                                        "areas",        "params",      NULL};

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
        one_line(v, sizeof v, lua_tostring(L, idx));
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

static bool is_scen_key(const char *k)
{
    for (const char *const *p = scen_keys; *p; p++)
        if (strcmp(*p, k) == 0) return true;
    return false;
}

/* Every key must be one of scen_keys. Reports the unknown key written first in the source. */
static int check_keys(sandbox *sb, lua_State *L, ws_scenario *r)
{
    if (lua_rawlen(L, 1) > 0)
        return verr(sb, sb->call.line, NULL,
                    "the scenario table has a value without a key "
                    "(entry #1): write every entry as key = value");
    char bad[128] = "";
    int bad_line = INT_MAX;
    lua_pushnil(L);
    while (lua_next(L, 1)) {
        if (lua_type(L, -2) != LUA_TSTRING) {
            char got[96];
            describe(L, -2, got, sizeof got);
            return verr(sb, sb->call.line, NULL,
                        "the scenario table has a key that is %s: "
                        "keys are names, written as key = value",
                        got);
        }
        const char *k = lua_tostring(L, -2);
        if (!is_scen_key(k)) {
            int line = key_line(sb, k, NULL);
            if (line < bad_line || (line == bad_line && strcmp(k, bad) < 0)) {
                bad_line = line;
                one_line(bad, sizeof bad, k);
            }
        }
        lua_pop(L, 1);
    }
    if (bad_line == INT_MAX) return 0;
    sb_near nr = {bad, NULL, 0};
    for (const char *const *p = scen_keys; *p; p++)
        near_try(&nr, *p);
    const char *sug = near_result(&nr);
    if (sug) return verr(sb, bad_line, bad, "unknown key '%s' (did you mean '%s'?)", bad, sug);
    return verr(sb, bad_line, bad,
                "unknown key '%s'; scenario keys are name, description, "
                "start_year, years, replications, seed, scale, area_data, areas and params",
                bad);
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
        one_line(shown, sizeof shown, id);
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
        one_line(name, sizeof name, k);
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
                copy_str(best_name, sizeof best_name, name);
            }
        }
        lua_pop(L, 1);
    }
    if (best_line == INT_MAX) return 0;
    return verr(sb, best_line, best.key, "%s", best.msg);
}

/* Protected: validates the value at index 1 (what the chunk returned) into sb->res. Validation
 * errors go to sb->verr; Lua errors (memory) propagate. */
static int sb_resolve(lua_State *L)
{
    sandbox *sb = get_sb(L);
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
             "`return wijksim.scenario { ... }`, but it returned %s",
             got);
        return 0;
    }
    lua_getfield(L, LUA_REGISTRYINDEX, REG_TAGS);
    lua_pushvalue(L, 1);
    if (lua_rawget(L, -2) != LUA_TNUMBER) {
        verr(sb, sb->call.line, NULL,
             "the script returned a plain table: write "
             "`return wijksim.scenario { ... }` so it is checked as a scenario");
        return 0;
    }
    lua_Integer tag = lua_tointeger(L, -1);
    lua_settop(L, 1);
    sb->call.chunk = (int)(tag >> 32);
    sb->call.line = (int)(tag & 0xffffffff);
    if (sb->call.chunk < 0 || sb->call.chunk >= sb->n_chunks) sb->call.chunk = 0;
    sb->call.ctor = find_ctor(sb->chunk[sb->call.chunk], sb->call.line);

    /* Checks in the documented key order; each leaves junk on the stack only on failure. */
    static int (*const checks[])(sandbox *, lua_State *, ws_scenario *) = {
        check_keys,  check_name,      check_description, check_ints,
        check_scale, check_area_data, check_areas,       check_params,
    };
    for (size_t i = 0; i < sizeof checks / sizeof checks[0]; i++) {
        if (checks[i](sb, L, r)) return 0;
        lua_settop(L, 1);
    }
    return 0;
}

/* ---- Driver ------------------------------------------------------------------------------- */

/* Turns a failed Lua call (status st, error value on top) into e. */
static int lua_failure(sandbox *sb, int st, ws_error *e)
{
    lua_State *L = sb->L;
    const char *msg =
        lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "(error object is not a string)";
    if (sb->has_pending && !sb->fatal && strcmp(msg, sb->pending_text) == 0) {
        *e = sb->pending;
        return e->code;
    }
    int chunk = 0, line = 0, code = WS_EINPUT;
    const char *body = strip_position(sb, msg, &chunk, &line);
    if (!line && sb->err_line) {
        chunk = sb->err_chunk;
        line = sb->err_line;
    }
    char text[900];
    if (sb->fatal) {
        if (sb->limit_line) {
            chunk = sb->limit_chunk;
            line = sb->limit_line;
        } else if (!line) {
            chunk = sb->hook_chunk;
            line = sb->hook_line;
        }
        if (sb->mem_hit)
            snprintf(text, sizeof text,
                     "memory limit exceeded: the script allocated more than "
                     "%d MiB",
                     (int)(SB_MEM_CAP >> 20));
        else
            snprintf(text, sizeof text,
                     "instruction limit exceeded: the script ran more than "
                     "%lld Lua instructions (an endless loop?)",
                     SB_INSTR_CAP);
    } else if (st == LUA_ERRMEM) {
        code = WS_ENOMEM;
        snprintf(text, sizeof text, "out of memory while running the script");
    } else {
        char body1[800];
        one_line(body1, sizeof body1, body);
        snprintf(text, sizeof text, "%s%s", st == LUA_ERRSYNTAX ? "syntax error: " : "", body1);
    }
    return ws_error_set(e, code, sb->chunk[chunk]->path, line, NULL, "%s", text);
}

static int run(sandbox *sb, const char *path, ws_error *e)
{
    ws_scenario *r = &sb->res;
    copy_str(r->path, sizeof r->path, path);
    const char *slash = strrchr(path, '/');
    size_t dlen = slash ? (size_t)(slash - path) + 1 : 0;
    memcpy(sb->dir, path, dlen);
    sb->dir[dlen] = '\0';

    sb_chunk *c = calloc(1, sizeof *c);
    if (!c) return ws_error_set(e, WS_ENOMEM, path, 0, NULL, "out of memory");
    sb->chunk[sb->n_chunks++] = c;
    copy_str(c->name, sizeof c->name, path + dlen);
    copy_str(c->path, sizeof c->path, path);
    int err = read_file(path, &c->src, &c->len);
    if (err == EFBIG)
        return ws_error_set(e, WS_EINPUT, path, 0, NULL, "scenario file is larger than %d MiB",
                            (int)(SB_MAX_FILE >> 20));
    if (err == ENOMEM) return ws_error_set(e, WS_ENOMEM, path, 0, NULL, "out of memory");
    if (err)
        return ws_error_set(e, WS_EIO, path, 0, NULL, "cannot read scenario file: %s",
                            strerror(err));
    ws_sha256_hex(c->src, c->len, r->sha256);
    if (c->len > 0 && c->src[0] == LUA_SIGNATURE[0])
        return ws_error_set(e, WS_EINPUT, path, 0, NULL,
                            "this is precompiled Lua (bytecode); "
                            "only Lua source text is accepted as a scenario");

    lua_State *L = lua_newstate(sb_alloc, sb);
    if (!L) return ws_error_set(e, WS_ENOMEM, path, 0, NULL, "out of memory (Lua state)");
    sb->L = L;
    sb->hook_every = SB_HOOK_EVERY;
    lua_sethook(L, sb_hook, LUA_MASKCOUNT, SB_HOOK_EVERY);
    lua_pushcfunction(L, sb_setup);
    int st = lua_pcall(L, 0, 0, 0);
    if (st != LUA_OK)
        return ws_error_set(e, st == LUA_ERRMEM ? WS_ENOMEM : WS_ERUNTIME, path, 0, NULL,
                            "cannot set up the Lua sandbox: %s",
                            lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "?");

    lua_pushcfunction(L, sb_msgh);
    int h = lua_gettop(L);
    const char *src = c->src;
    size_t len = c->len;
    if (len >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0) { /* UTF-8 byte order mark */
        src += 3;
        len -= 3;
    }
    char chunkname[260];
    snprintf(chunkname, sizeof chunkname, "=%s", c->name);
    st = luaL_loadbufferx(L, src, len, chunkname, "t");
    if (st != LUA_OK) return lua_failure(sb, st, e);
    st = lua_pcall(L, 0, LUA_MULTRET, h);
    if (st != LUA_OK) return lua_failure(sb, st, e);
    if (lua_gettop(L) == h)
        return ws_error_set(e, WS_EINPUT, path, return_line(c), NULL,
                            "the script returned nothing: end it with "
                            "`return wijksim.scenario { ... }`");
    lua_settop(L, h + 1);
    lua_pushcfunction(L, sb_resolve);
    lua_insert(L, h + 1);
    st = lua_pcall(L, 1, 0, h);
    if (st != LUA_OK) return lua_failure(sb, st, e);
    if (sb->verr.code) {
        *e = sb->verr;
        return e->code;
    }
    return 0;
}

/* Frees everything the sandbox owns, the scenario being built included. */
static void sb_free(sandbox *sb)
{
    if (sb->L) lua_close(sb->L);
    for (int i = 0; i < sb->n_chunks; i++) {
        free(sb->chunk[i]->src);
        free(sb->chunk[i]);
    }
    for (int i = 0; i < sb->n_area; i++)
        ws_area_table_close(&sb->area[i].t);
    ws_scenario_close(&sb->res);
    free(sb);
}

int ws_lua_load_scenario(const char *path, ws_scenario *s, ws_error *e)
{
    ws_error local;
    if (!e) e = &local;
    ws_error_clear(e);
    if (!s) return ws_error_set(e, WS_EINPUT, path, 0, NULL, "no scenario struct to fill");
    memset(s, 0, sizeof *s);
    if (!path || !path[0])
        return ws_error_set(e, WS_EINPUT, NULL, 0, NULL, "no scenario file given");
    if (strlen(path) >= sizeof s->path)
        return ws_error_set(e, WS_EINPUT, NULL, 0, NULL,
                            "scenario path is longer than %zu characters", sizeof s->path - 1);
    sandbox *sb = calloc(1, sizeof *sb);
    if (!sb) return ws_error_set(e, WS_ENOMEM, path, 0, NULL, "out of memory");
    int rc = run(sb, path, e);
    if (rc == 0) {
        *s = sb->res;
        memset(&sb->res, 0, sizeof sb->res);
        s->source = sb->chunk[0]->src;
        s->source_len = sb->chunk[0]->len;
        sb->chunk[0]->src = NULL;
    }
    sb_free(sb);
    return rc;
}
