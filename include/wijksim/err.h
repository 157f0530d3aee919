/* err.h: status codes and the error object every fallible wijksim function fills.
 *
 * Contract: functions return 0 on success or a negative WS_E* code, and when given a
 * non-NULL ws_error they describe the failure there: which input (file), where (line, or 0
 * when there is no line), which key, and a sentence saying what is wrong and what is allowed.
 * Only the command-line tool (sim/cli: main.c returns what its subcommands decide,
 * ws_cli_exit_code) turns a code into an exit status: WS_EINPUT means bad usage or bad input
 * (exit 2); WS_EINTERRUPTED exits 130 from `run` and `sweep`; every other code is a runtime
 * failure (exit 1).
 */
#ifndef WIJKSIM_ERR_H
#define WIJKSIM_ERR_H

#include <stddef.h>

enum {
    WS_OK = 0,
    WS_ENOMEM = -1,       /* an allocation failed */
    WS_EINPUT = -2,       /* bad scenario, parameter, area data or command line */
    WS_EIO = -3,          /* a file could not be read or written */
    WS_ERUNTIME = -4,     /* a library or system call (HDF5, GSL, Lua, pthreads) failed
                             unexpectedly, or an internal check found a fault (the WS_CHECK
                             world check, mismatched shapes, a failed MPI rank) */
    WS_EINTERRUPTED = -5, /* stopped on request (signal) */
};

typedef struct ws_error {
    int code;        /* one of WS_E*, 0 when no error was recorded */
    char file[512];  /* input file the error is about, "" when none */
    int line;        /* 1-based line in that file, 0 when unknown */
    char key[128];   /* scenario key, column or parameter name, "" when none */
    char msg[1024];  /* one sentence: what is wrong and what is allowed */
} ws_error;

/* Records an error in e (if e is non-NULL; an earlier error is overwritten) and returns code,
 * so callers can write `return ws_error_set(e, WS_EINPUT, path, line, key, "...", ...)`.
 * file and key may be NULL. This function can't fail; long texts are truncated. */
int ws_error_set(ws_error *e, int code, const char *file, int line, const char *key,
                 const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* Clears e to "no error"; NULL is a no-op. */
void ws_error_clear(ws_error *e);

/* Writes "file:line: key 'k': message" (parts that are empty are left out; the message is
 * ws_strerror(code) when e has none; "" when e is NULL) into buf of size n, truncated and
 * NUL-terminated when n > 0 (n == 0 writes nothing). Returns buf. */
char *ws_error_format(const ws_error *e, char *buf, size_t n);

/* Short name of a status code ("bad input", "out of memory", ...). Never NULL. */
const char *ws_strerror(int code);

#endif
