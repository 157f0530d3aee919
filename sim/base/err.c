/* err.c: the error object (see include/wijksim/err.h). */
#include "wijksim/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static void copy_str(char *dst, size_t n, const char *src)
{
    if (!src) src = "";
    snprintf(dst, n, "%s", src);
}

int ws_error_set(ws_error *e, int code, const char *file, int line, const char *key,
                 const char *fmt, ...)
{
    if (!e) return code;
    e->code = code;
    copy_str(e->file, sizeof e->file, file);
    e->line = line;
    copy_str(e->key, sizeof e->key, key);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    return code;
}

void ws_error_clear(ws_error *e)
{
    if (e) memset(e, 0, sizeof *e);
}

char *ws_error_format(const ws_error *e, char *buf, size_t n)
{
    if (!n) return buf;
    buf[0] = '\0';
    if (!e) return buf;
    size_t len = 0;
#define WS_APPEND(...)                                                                             \
    do {                                                                                           \
        if (len < n) {                                                                             \
            int k_ = snprintf(buf + len, n - len, __VA_ARGS__);                                    \
            if (k_ > 0) len += (size_t)k_;                                                         \
        }                                                                                          \
    } while (0)
    if (e->file[0]) {
        if (e->line > 0)
            WS_APPEND("%s:%d: ", e->file, e->line);
        else
            WS_APPEND("%s: ", e->file);
    }
    if (e->key[0]) WS_APPEND("key '%s': ", e->key);
    WS_APPEND("%s", e->msg[0] ? e->msg : ws_strerror(e->code));
#undef WS_APPEND
    return buf;
}

const char *ws_strerror(int code)
{
    switch (code) {
    case WS_OK: return "ok";
    case WS_ENOMEM: return "out of memory";
    case WS_EINPUT: return "bad input";
    case WS_EIO: return "input/output error";
    case WS_ERUNTIME: return "runtime failure";
    case WS_EINTERRUPTED: return "interrupted";
    default: return "unknown error";
    }
}
