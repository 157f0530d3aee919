/* lua_sandbox.c: the sandboxed Lua 5.4 state shared by the scenario loader and the yearly
 * policy hooks — limits (memory, instructions), the replaced base functions, require, running
 * the scenario file and turning Lua errors into ws_error (sim/lua/lua_internal.h).
 *
 * Invariants (kept from the loader, which first held this code):
 * - Once a limit is hit (sb->fatal), the script cannot catch it: the sandbox's pcall and xpcall
 *   rethrow, and the hook raises again on every call.
 * - Script code never runs with hooks off, where no limit would stop it: Lua turns hooks off
 *   inside a hook (so inside a message handler of an error the hook raised) and in finalizers.
 *   Hence setmetatable refuses __gc, xpcall calls its handler after unwinding, and the message
 *   handler calls no metamethod.
 * - The message handler records where an error happened instead of appending a traceback: a
 *   ws_error is one line, and the place is what the modeller needs.
 */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700 /* realpath */
#endif
#include "lua_internal.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lualib.h>

void ws__sb_copy_str(char *dst, size_t n, const char *src)
{
    snprintf(dst, n, "%s", src ? src : "");
}

/* Copies src into dst (size n) as one line: control characters become spaces. */
void ws__sb_one_line(char *dst, size_t n, const char *src)
{
    size_t i = 0;
    for (; src[i] && i + 1 < n; i++) {
        unsigned char c = (unsigned char)src[i];
        dst[i] = (c < 32 || c == 127) ? ' ' : (char)c;
    }
    dst[i] = '\0';
}

/* Reads a whole file into a new NUL-terminated buffer. Returns 0, or an errno value (EFBIG when
 * it is larger than SB_MAX_FILE). On success *buf is malloc'd and owned by the caller. */
int ws__sb_read_file(const char *path, char **buf, size_t *len)
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
int ws__sb_chunk_by_source(const sandbox *sb, const char *src)
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
bool ws__sb_place(lua_State *L, const sandbox *sb, int level, int *chunk, int *line)
{
    lua_Debug ar;
    for (; lua_getstack(L, level, &ar); level++) {
        if (!lua_getinfo(L, "Sl", &ar) || ar.currentline <= 0) continue;
        int c = ws__sb_chunk_by_source(sb, ar.source);
        if (c >= 0) {
            *chunk = c;
            *line = ar.currentline;
            return true;
        }
    }
    return false;
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
                ws__sb_place(sb->L, sb, 0, &sb->limit_chunk, &sb->limit_line);
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
    sandbox *sb = ws__sb_get(L);
    sb->instr += sb->hook_every;
    if (lua_getinfo(L, "Sl", ar) && ar->currentline > 0) {
        int c = ws__sb_chunk_by_source(sb, ar->source);
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
int ws__sb_msgh(lua_State *L)
{
    sandbox *sb = ws__sb_get(L);
    if (lua_type(L, 1) != LUA_TSTRING) {
        /* No __tostring: script code must not run inside a message handler (see sb_xpcall). */
        lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
        lua_replace(L, 1);
    }
    lua_settop(L, 1);
    if (!sb->err_line) {
        int c = 0, line = 0;
        if (ws__sb_place(L, sb, 1, &c, &line)) {
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
    sandbox *sb = ws__sb_get(L);
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
    sandbox *sb = ws__sb_get(L);
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
    sandbox *sb = ws__sb_get(L);
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
        ws__sb_copy_str(c->name, sizeof c->name, rel);
        ws__sb_copy_str(c->path, sizeof c->path, full);
        int err = ws__sb_read_file(full, &c->src, &c->len);
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
    lua_pushcfunction(L, ws__sb_msgh);
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

/* Turns a failed Lua call (status st, error value on top) into e. */
int ws__sb_failure(sandbox *sb, int st, ws_error *e)
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
        ws__sb_one_line(body1, sizeof body1, body);
        snprintf(text, sizeof text, "%s%s", st == LUA_ERRSYNTAX ? "syntax error: " : "", body1);
    }
    return ws_error_set(e, code, sb->chunk[chunk]->path, line, NULL, "%s", text);
}

/* Frees everything the sandbox owns, the scenarios being built included. */
void ws__sb_free(sandbox *sb)
{
    if (sb->L) lua_close(sb->L);
    for (int i = 0; i < sb->n_chunks; i++) {
        free(sb->chunk[i]->src);
        free(sb->chunk[i]);
    }
    for (int i = 0; i < sb->n_area; i++)
        ws_area_table_close(&sb->area[i].t);
    ws_scenario_close(&sb->res);
    for (int i = 0; i < sb->n_scen; i++)
        ws_scenario_close(&sb->scen[i]);
    free(sb->scen);
    free(sb->place);
    free(sb);
}

void ws__sb_open_libs(lua_State *L)
{
    static const luaL_Reg libs[] = {
        {LUA_GNAME, luaopen_base},
        {LUA_STRLIBNAME, luaopen_string},
        {LUA_TABLIBNAME, luaopen_table},
        {LUA_MATHLIBNAME, luaopen_math},
        {LUA_UTF8LIBNAME, luaopen_utf8},
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
    lua_setfield(L, LUA_REGISTRYINDEX, REG_MODULES);
}

int ws__sb_load(sandbox *sb, const char *path, lua_CFunction setup, int *h, ws_error *e)
{
    const char *slash = strrchr(path, '/');
    size_t dlen = slash ? (size_t)(slash - path) + 1 : 0;
    if (dlen >= sizeof sb->dir) return ws_error_set(e, WS_EINPUT, path, 0, NULL, "path too long");
    memcpy(sb->dir, path, dlen);
    sb->dir[dlen] = '\0';

    sb_chunk *c = calloc(1, sizeof *c);
    if (!c) return ws_error_set(e, WS_ENOMEM, path, 0, NULL, "out of memory");
    sb->chunk[sb->n_chunks++] = c;
    ws__sb_copy_str(c->name, sizeof c->name, path + dlen);
    ws__sb_copy_str(c->path, sizeof c->path, path);
    int err = ws__sb_read_file(path, &c->src, &c->len);
    if (err == EFBIG)
        return ws_error_set(e, WS_EINPUT, path, 0, NULL, "scenario file is larger than %d MiB",
                            (int)(SB_MAX_FILE >> 20));
    if (err == ENOMEM) return ws_error_set(e, WS_ENOMEM, path, 0, NULL, "out of memory");
    if (err)
        return ws_error_set(e, WS_EIO, path, 0, NULL, "cannot read scenario file: %s",
                            strerror(err));
    if (c->len > 0 && c->src[0] == LUA_SIGNATURE[0])
        return ws_error_set(e, WS_EINPUT, path, 0, NULL,
                            "this is precompiled Lua (bytecode); "
                            "only Lua source text is accepted as a scenario");

    lua_State *L = lua_newstate(sb_alloc, sb);
    if (!L) return ws_error_set(e, WS_ENOMEM, path, 0, NULL, "out of memory (Lua state)");
    sb->L = L;
    sb->hook_every = SB_HOOK_EVERY;
    lua_sethook(L, sb_hook, LUA_MASKCOUNT, SB_HOOK_EVERY);
    lua_pushcfunction(L, setup);
    int st = lua_pcall(L, 0, 0, 0);
    if (st != LUA_OK)
        return ws_error_set(e, st == LUA_ERRMEM ? WS_ENOMEM : WS_ERUNTIME, path, 0, NULL,
                            "cannot set up the Lua sandbox: %s",
                            lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "?");

    lua_pushcfunction(L, ws__sb_msgh);
    *h = lua_gettop(L);
    const char *src = c->src;
    size_t len = c->len;
    if (len >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0) { /* UTF-8 byte order mark */
        src += 3;
        len -= 3;
    }
    char chunkname[260];
    snprintf(chunkname, sizeof chunkname, "=%s", c->name);
    st = luaL_loadbufferx(L, src, len, chunkname, "t");
    if (st != LUA_OK) return ws__sb_failure(sb, st, e);
    st = lua_pcall(L, 0, LUA_MULTRET, *h);
    if (st != LUA_OK) return ws__sb_failure(sb, st, e);
    return 0;
}

void ws__sb_reset_limits(sandbox *sb)
{
    sb->instr = 0;
    sb->fatal = sb->mem_hit = false;
    sb->hook_chunk = sb->hook_line = 0;
    sb->limit_chunk = sb->limit_line = 0;
    sb->err_chunk = sb->err_line = 0;
    sb->has_pending = false;
    sb->hook_every = SB_HOOK_EVERY;
    if (sb->L) lua_sethook(sb->L, sb_hook, LUA_MASKCOUNT, SB_HOOK_EVERY);
}

int ws__tag_of(lua_State *L, sandbox *sb, int idx, int kind)
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
