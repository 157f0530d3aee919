/* lua_internal.h: the Lua sandbox shared by the scenario loader and the yearly policy hooks
 * (internal to the ws_lua library; the only headers besides the .c files that include lua.h).
 *
 * One `sandbox` holds a lua_State made by ws__sb_load: chosen libraries only (base without
 * load, loadfile, dofile and collectgarbage; string without dump; table; math with a fixed seed;
 * utf8), text chunks only, a counting allocator (memory cap SB_MEM_CAP), a count hook
 * (instruction cap SB_INSTR_CAP, counted in sb->instr) and `require` restricted to the scenario's
 * folder. The loader (lua_scenario.c, with lua_policy.c for packages and interventions, the
 * field readers of lua_fields.c and the key locators of lua_lex.c) also keeps its validation
 * state here; the hooks (lua_hooks.c) keep the state alive to call the scenario's hook
 * functions between years.
 * Invariant: every Lua call that can raise runs below a lua_pcall with ws__sb_msgh as handler.
 */
#ifndef WIJKSIM_LUA_INTERNAL_H
#define WIJKSIM_LUA_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <lauxlib.h>
#include <lua.h>

#include "wijksim/area.h"
#include "wijksim/err.h"
#include "wijksim/scenario.h"

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

/* Kinds of tables the wijksim constructors make (sb_place.kind). */
enum { PK_SCEN, PK_COMP, PK_PKG, PK_IV, PK_TYPE, PK_SWEEP };

#define SB_MAX_PLACES (1 << 20) /* constructor calls one script may make */

/* Where a constructor (wijksim.scenario, .comparison, .package, .intervention, a catalogue
 * constructor) was called; REG_TAGS maps the table it returned to the index of its place. */
typedef struct sb_place {
    int kind;       /* PK_* */
    int chunk;      /* chunk holding the call */
    int line;       /* line of the call (0 if unknown) */
    int sec;        /* catalogue-made intervention: place of the catalogue defaults, else -1 */
    bool ctor_done; /* ctor has been looked up */
    size_t ctor;    /* offset of the '{' of the call's literal table, SIZE_MAX if none */
    char fname[64]; /* name the constructor was called by ("" unknown) */
} sb_place;

/* A line in a chunk, and the offset after the '=' of the key found there (SIZE_MAX: none). */
typedef struct sb_loc {
    int chunk, line;
    size_t after;
} sb_loc;

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
    ws_scenario res;         /* the scenario (or a comparison's run-level part) being built */
    sb_place *place;         /* constructor calls (owned) */
    int n_place, cap_place;
    bool want_run;      /* ws_lua_load_run: a comparison is welcome */
    bool is_comparison; /* the script returned a wijksim.comparison */
    ws_scenario *scen;  /* comparison: baseline and options (owned until moved out) */
    int n_scen;
    /* validation context of policy tables (lua_policy.c) */
    ws_scenario *v_scen; /* scenario whose policy is being filled */
    int v_place;         /* place of the table being validated */
    int v_pkg;           /* package of the interventions being validated, -1 none */
    char v_what[160];    /* "intervention 'x'": message prefix */
    int v_iv_place[WS_MAX_INTERVENTIONS]; /* place of each intervention of v_scen's policy */
    int v_pk_place[WS_MAX_PACKAGES];      /* ... and of each package */
} sandbox;

/* The sandbox of a lua_State (its allocator's user data). */
static inline sandbox *ws__sb_get(lua_State *L)
{
    void *ud = NULL;
    lua_getallocf(L, &ud);
    return ud;
}

/* Copies src into dst of size n, truncating; always NUL-terminated. Can't fail. */
void ws__sb_copy_str(char *dst, size_t n, const char *src);

/* Copies src into dst (size n) as one line: control characters become spaces. Can't fail. */
void ws__sb_one_line(char *dst, size_t n, const char *src);

/* Reads a whole file into a new NUL-terminated buffer. Returns 0, or an errno value (EFBIG when
 * it is larger than SB_MAX_FILE). On success *buf is malloc'd and owned by the caller. */
int ws__sb_read_file(const char *path, char **buf, size_t *len);

/* Index of the chunk whose Lua source string (lua_Debug.source, "=name") is src, or -1. */
int ws__sb_chunk_by_source(const sandbox *sb, const char *src);

/* Finds the innermost Lua frame at or above stack level `level` that belongs to one of the
 * sandbox's chunks. Returns true and sets *chunk, *line when there is one. Does not allocate. */
bool ws__sb_place(lua_State *L, const sandbox *sb, int level, int *chunk, int *line);

/* Message handler for lua_pcall: turns the error into a string and remembers where it happened
 * (sb->err_chunk, sb->err_line). Runs no script code. */
int ws__sb_msgh(lua_State *L);

/* Opens the sandbox's libraries and replacements (print, pcall, xpcall, setmetatable, require)
 * and its registry tables in L. Call protected (it allocates); raises on failure. */
void ws__sb_open_libs(lua_State *L);

/* Reads the scenario file at path as chunk 0 (sb->dir set from it), makes sb->L with the
 * limits, runs setup (protected; it calls ws__sb_open_libs and adds what the caller needs) and
 * runs the chunk. On success returns 0 with the message handler at stack index *h and the
 * chunk's results above it. Errors: WS_EIO (unreadable file), WS_ENOMEM, WS_ERUNTIME (set-up),
 * WS_EINPUT (bytecode, syntax or runtime error, limit) with file and line in e. Whatever was
 * made stays owned by sb (free with ws__sb_free). */
int ws__sb_load(sandbox *sb, const char *path, lua_CFunction setup, int *h, ws_error *e);

/* Turns a failed protected Lua call (status st, error value on top) into e: the place from the
 * message, the message handler or the limit, and the text on one line. Returns e->code. */
int ws__sb_failure(sandbox *sb, int st, ws_error *e);

/* Frees everything the sandbox owns (Lua state, chunks, area files, scenarios being built,
 * places) and sb itself. sb must not be NULL. */
void ws__sb_free(sandbox *sb);

/* The loader's set-up (lua_scenario.c): ws__sb_open_libs plus the wijksim table (constructors
 * that tag tables for line numbers). Pass to ws__sb_load to run a scenario file exactly as the
 * loader does. Protected; raises on failure. */
int ws__lua_scenario_setup(lua_State *L);

/* Place index of the table at idx if a wijksim constructor of kind `kind` (any kind if < 0)
 * made it (the REG_TAGS registry table; lua_sandbox.c), else -1. Does not raise. */
int ws__tag_of(lua_State *L, sandbox *sb, int idx, int kind);

/* Message part listing a few valid area ids of t, with a suggestion for `id` if one is close,
 * into out (size n) (lua_lex.c, with the other suggestions). */
void ws__area_hint(const ws_area_table *t, const char *id, char *out, size_t n);

/* ---- What the scenario loader (lua_scenario.c) gives the sweep loader ---- */

/* Protected (lua_call it with a wijksim.scenario table at index 1): validates it as a stand-alone
 * scenario into sb->res, which must be empty (memset 0) and is the caller's to move out and
 * close. Validation errors go to sb->verr (code 0 when valid); Lua errors propagate. */
int ws__lua_resolve_scenario(lua_State *L);

/* Restarts the limits for a new call into the sandbox: instruction count 0, no limit hit, no
 * error in flight, the count hook at its normal period. Memory in use stays counted (the same
 * cap). Can't fail. */
void ws__sb_reset_limits(sandbox *sb);

/* ---- Where keys are written (lua_lex.c) ---- */

/* The nearest of the candidates given to ws__near_try to a misspelt word. */
typedef struct sb_near {
    const char *word;
    const char *best; /* NULL until a candidate was tried */
    int dist;
} sb_near;

/* Tries candidate cand; ws__near_result gives the nearest if it is close enough to be a likely
 * typo (1 edit for up to 4 letters, 2 up to 8, else 3), else NULL. Can't fail. */
void ws__near_try(sb_near *nr, const char *cand);
const char *ws__near_result(const sb_near *nr);

/* The entry of the NULL-terminated list nearest to a misspelt word, or NULL if none is close. */
const char *ws__suggest(const char *word, const char *const *list);

/* Line of the last `return` of chunk c outside any braces or parentheses, else of its last
 * token. */
int ws__return_line(const sb_chunk *c);

/* Offset of the '{' of the literal table passed to the constructor call at place pi, SIZE_MAX
 * when the argument is not a literal (looked up once, then cached in the place). */
size_t ws__place_ctor(sandbox *sb, int pi);

/* Where scenario key `key` is written: in the literal table of the scenario's call (sb->call),
 * else anywhere in its chunk (a table built in steps), else the call's line (after: SIZE_MAX). */
sb_loc ws__call_key_loc(const sandbox *sb, const char *key);

/* Where `key` is written in the literal table of the constructor call at place pi (for a
 * catalogue-made intervention then in the catalogue's defaults), else the call's line; where
 * the nth `text` (a key, or a string literal if literal) is written inside the table that is
 * the value at `at` (at itself when not found); and where a dotted key ("who.age") of the table
 * made at place pi is written (as far as its parts are found). `after` is SIZE_MAX when the
 * key itself was not found. */
sb_loc ws__key_loc(sandbox *sb, int pi, const char *key);
sb_loc ws__value_loc(const sandbox *sb, sb_loc at, const char *text, bool literal, int nth);
sb_loc ws__path_loc(sandbox *sb, int pi, const char *path);

/* Where the nth entry (1-based) that is itself a table constructor is written at the top level
 * of the table that is the value at `at` (its '{' line); at itself when not found. */
sb_loc ws__entry_loc(const sandbox *sb, sb_loc at, int nth);

/* ---- The field readers (lua_fields.c) ---- */

/* Describes the value at idx for a message: `a string ("x")`, `12`, `a table`, ... */
void ws__describe(lua_State *L, int idx, char *out, size_t n);

/* Whether k is in the NULL-terminated list. */
bool ws__in_list(const char *const *list, const char *k);

/* Writes "a, b, c<last>d" of the NULL-terminated list into out (size n), truncating; last is
 * " and ", " or ", ... */
void ws__list_text(const char *const *list, const char *last, char *out, size_t n);

/* Writes the names of list l (enum ws_name_list) as "\"a\", \"b\" or \"c\"", with
 * " (did you mean \"x\"?)" when got (may be NULL) is close to one, into out (size n). */
void ws__names_text(int list, const char *got, char *out, size_t n);

/* Raises err as a Lua error at the caller's position, remembering its structured form so that
 * ws__sb_failure gives err back; and the same for a WS_EINPUT error about key at loc. Never
 * return. */
int ws__raise_error(lua_State *L, sandbox *sb, const ws_error *err);
int ws__raise_at(lua_State *L, sandbox *sb, sb_loc loc, const char *key, const char *msg);

/* How the keys of a table being read are found in the source (sb_tab.how). */
enum {
    SB_AT_PLACE, /* in the literal of the constructor call at `place` (ws__key_loc) */
    SB_AT_CALL,  /* scenario keys: the scenario's call, then its chunk (ws__call_key_loc) */
    SB_AT_VALUE, /* inside the literal table written at `at` (ws__value_loc), else at `at` */
    SB_AT_FIXED  /* every key at `at` */
};

/* A table being read by the field readers. */
typedef struct sb_tab {
    sandbox *sb;
    lua_State *L;
    int idx;         /* absolute stack index of the table */
    char path[128];  /* dotted key of the table itself ("who"), "" at the top */
    const char *what; /* message prefix ("intervention 'x'"), NULL or "" none */
    int how;         /* SB_AT_* */
    int place;       /* SB_AT_PLACE: the constructor's place */
    sb_loc at;       /* SB_AT_VALUE, SB_AT_FIXED: where the table is written */
    bool raise;      /* failures raise a structured Lua error instead of going to sb->verr */
} sb_tab;

/* Where key of t is written (see sb_tab.how), and its dotted key ("who.age") into out. */
sb_loc ws__f_loc(const sb_tab *t, const char *key);
void ws__f_key(const sb_tab *t, const char *key, char *out, size_t n);

/* Fails at loc about key (a full dotted key; NULL none) with the message "<t->what>: <fmt>":
 * records it in sb->verr and returns -1, or raises it (t->raise). */
int ws__f_fail(const sb_tab *t, sb_loc loc, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
int ws__f_vfail(const sb_tab *t, sb_loc loc, const char *key, const char *fmt, va_list ap);

/* Whether the table at idx is a list (keys 1..n only), with its length in *n. Does not fail. */
bool ws__f_is_list(lua_State *L, int idx, lua_Unsigned *n);

/* Pushes t[key] (raw) and returns its type. */
int ws__f_push(const sb_tab *t, const char *key);

/* Fails about the value of key, on top of the stack (popped): "'<key>' must be <expect>, not
 * <the value>". Returns -1. */
int ws__f_bad(const sb_tab *t, const char *key, const char *expect);

/* The readers. Each reads t[key]: when absent sets *given (if non-NULL) false and leaves *out
 * alone; else converts it into *out or fails (ws__f_fail) with "'<key>' must be <what it
 * takes>, not <the value>" at the key's line. Return 0, or -1 after a recorded failure.
 *   ws__f_number  any number; `expect` words the type error
 *   ws__f_whole   a whole number in lo..hi (else the `expect` error)
 *   ws__f_int_in  a whole number in lo..hi, worded by ws_range_text
 *   ws__f_num_in  a number within lo..hi (open bounds: WS_FF_LO_OPEN / WS_FF_HI_OPEN)
 *   ws__f_text    a string without NUL bytes: *out points into the table (valid while it is)
 *   ws__f_string  a string without NUL bytes, shorter than n, copied into out
 *   ws__f_enum    a name of list `list` (enum ws_name_list), its value into *out
 *   ws__f_yesno   true or false into *out (1 / 0)
 *   ws__f_names   a name of list `list` or a non-empty list of them: a bit per value */
int ws__f_number(const sb_tab *t, const char *key, const char *expect, double *out, bool *given);
int ws__f_whole(const sb_tab *t, const char *key, const char *expect, long long lo, long long hi,
                long long *out, bool *given);
int ws__f_int_in(const sb_tab *t, const char *key, long long lo, long long hi, long long *out,
                 bool *given);
int ws__f_num_in(const sb_tab *t, const char *key, double lo, double hi, unsigned open,
                 double *out, bool *given);
int ws__f_text(const sb_tab *t, const char *key, const char **out, size_t *len, bool *given);
int ws__f_string(const sb_tab *t, const char *key, char *out, size_t n, bool *given);
int ws__f_enum(const sb_tab *t, const char *key, int list, int *out, bool *given);
int ws__f_yesno(const sb_tab *t, const char *key, int *out, bool *given);
int ws__f_names(const sb_tab *t, const char *key, int list, uint32_t *mask, bool *given);

/* Sub-table t[key]: returns 0 when absent, -1 after failing when it is not a table ("must be
 * <shape>"), or 1 with the table pushed and *sub set to read it (path "<t's path>.key", keys
 * found inside its literal, same prefix and failure mode). */
int ws__f_table(const sb_tab *t, const char *key, const char *shape, sb_tab *sub);

/* The key of t written first in the source that is not in keys (NULL-ended): returns 0 when
 * there is none, 1 with its name in bad (size n) and its place in *loc, 2 when t has a list
 * entry, 3 when a key is not a name (bad: what it is). Does not fail. */
int ws__f_unknown(const sb_tab *t, const char *const *keys, char *bad, size_t n, sb_loc *loc);

/* Fails unless every key of t is in keys: "unknown key 'x'[ in <what>] (did you mean 'y'?)",
 * "... ; the keys are ...", or about a list entry or a key that is not a name (what: the
 * table for messages, NULL: its path). Returns 0 or -1. */
int ws__f_known(const sb_tab *t, const char *const *keys, const char *what);

/* ---- What the scenario loader uses of the policy validator (lua_policy.c) ---- */

/* Fills keys (WS_IVF_N + 1 entries) with the keys of a wijksim.intervention table (and of
 * catalogue defaults and overrides), NULL-ended. Returns keys. */
const char **ws__iv_keys(const char **keys);

/* Validates `packages` and `interventions` of the scenario table at index 1 into r->policy
 * (cleared first). Call below a protected call: Lua errors (memory) propagate. Returns 0, or -1
 * with the first validation error in sb->verr. Restores sb's validation context (v_scen,
 * v_place, v_pkg) before it returns; leaves r->policy partly filled on error. */
int ws__check_policy(sandbox *sb, lua_State *L, ws_scenario *r);

#endif
