/* h5_write.c: writes the results file of a run (layout in include/wijksim/h5.h), atomically.
 *
 * The file is built in memory (HDF5 core driver, no backing store), then written by our own
 * code to "<path>.tmp", fsync'ed, closed and renamed over path, so a reader never sees a
 * half-written file under the final name. On any failure the temporary file is unlinked and
 * path is left as it was. Building in memory keeps HDF5 away from the disk: a full disk or a
 * quota fails in our write() with a plain message, whereas in HDF5 1.10 a failed final flush
 * makes H5Fclose fail, leaves the file id open and crashes the process at exit. The cost is
 * memory: the compressed file image is held once (twice for a moment while it is copied out).
 *
 * HDF5's automatic error printing is switched off for the duration of the call (and restored
 * afterwards); the innermost message of HDF5's error stack goes into the ws_error instead.
 * Every HDF5 id is held by exactly one local variable and released through drop(), on the
 * success and the failure path alike; the first failure wins and later steps are skipped.
 *
 * Choices that readers rely on:
 *  - Strings are variable-length UTF-8 everywhere (attributes, table columns, /area), so h5py
 *    returns str for attributes. Text that is not valid UTF-8 is repaired (U+FFFD) first.
 *  - /input/scenario.lua is a scalar variable-length string holding the exact source bytes
 *    (cset UTF-8 when they are valid UTF-8, ASCII otherwise), with attributes path, bytes,
 *    sha256 and encoding ("utf-8" or "bytes"). A source containing a NUL byte cannot be a C
 *    string; it is stored as a 1-D uint8 dataset with encoding "uint8".
 *  - Indicators are float64 (little-endian) [replication, year, area]; chunks hold whole
 *    replications, as many as fit in about CHUNK_TARGET_BYTES (at least one); shuffle + deflate
 *    level 4 when the filters are available; fill value NaN. No object stores a timestamp, so
 *    the same inputs (and metadata) give a byte-identical file, and the same results with other
 *    metadata give byte-identical datasets.
 *  - Objects use the oldest format that holds them, at most the HDF5 1.8 format (readable by
 *    HDF5 >= 1.8, h5py, netCDF-4, hdf5r). Newer superblocks are avoided on purpose: HDF5 before
 *    2025 writes a wrong superblock checksum into file images of version-2 superblocks.
 *    /scenarios and every indicators group track link creation order, so readers list
 *    scenarios and indicators in the order they were written.
 */
#include "wijksim/h5.h"
#include "h5_common.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hdf5.h>
#include <hdf5_hl.h>

#include "wijksim/params.h"

#define FILE_FORMAT_VERSION 1           /* bump when the layout changes incompatibly */
#define CHUNK_TARGET_BYTES (128 * 1024) /* indicator chunk size aimed at */
#define GROUP_NAME_MAX 128              /* bytes of a /scenarios/<name> link name, with NUL */

typedef struct writer {
    const char *path; /* final file name (never NULL) */
    char tmp[4096];   /* "<path>.tmp" */
    ws_error *e;      /* may be NULL */
    int rc;           /* first failure, 0 while all is well */
    hid_t str;        /* variable-length UTF-8 string type (owned) */
    char **fixed;     /* repaired copies of invalid UTF-8 strings (owned) */
    size_t n_fixed, cap_fixed;
    hobj_ref_t scale_ref[3]; /* references to /replication, /year, /area */
    hobj_ref_t *attached;    /* references to every dataset the scales are attached to (owned) */
    size_t n_attached, cap_attached;
} writer;

/* ---- errors ------------------------------------------------------------------------------ */

typedef struct stack_msg {
    char desc[512];
    bool got;
} stack_msg;

static herr_t innermost_cb(unsigned n, const H5E_error2_t *err, void *ud)
{
    stack_msg *m = ud;
    if (!m->got && err && err->desc && err->desc[0]) {
        snprintf(m->desc, sizeof m->desc, "%s", err->desc);
        for (char *c = m->desc; *c; c++)
            if (*c == '\n' || *c == '\r') *c = ' '; /* HDF5 puts newlines in some messages */
        m->got = true;
    }
    return 0;
}

/* Records the first failure: what failed (printf-style), at which object (obj >= 0 names it)
 * and the innermost HDF5 message. Must be called right after the failing HDF5 call, before any
 * other API call clears the error stack. Returns w->rc. */
static int fail_h5(writer *w, int code, hid_t obj, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int fail_h5(writer *w, int code, hid_t obj, const char *fmt, ...)
{
    stack_msg m = {{0}, false};
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, innermost_cb, &m);
    if (w->rc) return w->rc;
    char what[512], where[300] = "";
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    if (obj >= 0) {
        char on[256];
        if (H5Iget_name(obj, on, sizeof on) > 0) snprintf(where, sizeof where, " at %s", on);
    }
    w->rc =
        ws_error_set(w->e, code, w->path, 0, NULL, "cannot write results file: %s%s failed%s%s%s",
                     what, where, m.got ? " (HDF5: " : "", m.got ? m.desc : "", m.got ? ")" : "");
    return w->rc;
}

/* Records the first failure of an operating-system call (errno describes it). */
static int fail_os(writer *w, int code, const char *what, const char *file)
{
    int err = errno;
    if (w->rc) return w->rc;
    w->rc =
        ws_error_set(w->e, code, w->path, 0, NULL, "cannot write results file: %s '%s' failed: %s",
                     what, file, strerror(err));
    return w->rc;
}

/* Records the first failure that is not a library call (bad arguments, memory). */
static int fail_msg(writer *w, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail_msg(writer *w, int code, const char *fmt, ...)
{
    if (w->rc) return w->rc;
    char what[900];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    w->rc = ws_error_set(w->e, code, w->path, 0, NULL, "cannot write results file: %s", what);
    return w->rc;
}

/* Closes *id whatever kind of id it is and sets it to H5I_INVALID_HID; a failed close is
 * recorded (it can be the first sign of a failed write). Does nothing for an invalid id. */
static void drop(writer *w, hid_t *id)
{
    if (*id < 0) return;
    herr_t st = ws__h5_close_any(*id);
    if (st < 0) fail_h5(w, WS_EIO, -1, "closing an HDF5 object");
    *id = H5I_INVALID_HID;
}

/* ---- text -------------------------------------------------------------------------------- */

/* Length of the valid UTF-8 sequence starting at s (n bytes available), or 0 if invalid. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    if (c < 0x80) return 1;
    size_t len;
    unsigned cp, min;
    if (c >= 0xC2 && c <= 0xDF)
        len = 2, cp = c & 0x1F, min = 0x80;
    else if (c >= 0xE0 && c <= 0xEF)
        len = 3, cp = c & 0x0F, min = 0x800;
    else if (c >= 0xF0 && c <= 0xF4)
        len = 4, cp = c & 0x07, min = 0x10000;
    else
        return 0;
    if (len > n) return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return len;
}

static bool utf8_valid(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        size_t k = utf8_seq(u + i, n - i);
        if (!k) return false;
        i += k;
    }
    return true;
}

/* s as valid UTF-8: s itself, or a repaired copy owned by w (invalid bytes become U+FFFD).
 * NULL becomes "". On allocation failure records WS_ENOMEM and returns "?". */
static const char *txt(writer *w, const char *s)
{
    if (!s) return "";
    size_t n = strlen(s);
    if (utf8_valid(s, n)) return s;
    if (w->n_fixed == w->cap_fixed) {
        size_t cap = w->cap_fixed ? 2 * w->cap_fixed : 16;
        char **f = realloc(w->fixed, cap * sizeof *f);
        if (!f) {
            fail_msg(w, WS_ENOMEM, "out of memory repairing a string");
            return "?";
        }
        w->fixed = f;
        w->cap_fixed = cap;
    }
    char *c = malloc(3 * n + 1);
    if (!c) {
        fail_msg(w, WS_ENOMEM, "out of memory repairing a string");
        return "?";
    }
    const unsigned char *u = (const unsigned char *)s;
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        size_t k = utf8_seq(u + i, n - i);
        if (k) {
            memcpy(c + o, s + i, k);
            o += k;
            i += k;
        } else {
            memcpy(c + o, "\xEF\xBF\xBD", 3);
            o += 3;
            i++;
        }
    }
    c[o] = '\0';
    w->fixed[w->n_fixed++] = c;
    return c;
}

/* ---- attributes -------------------------------------------------------------------------- */

/* Writes attribute name on obj: scalar when rank is 0, else 1-D of n elements. */
static int put_attr(writer *w, hid_t obj, const char *name, hid_t ftype, hid_t mtype, int rank,
                    hsize_t n, const void *buf)
{
    if (w->rc) return w->rc;
    hid_t sp = rank ? H5Screate_simple(1, &n, NULL) : H5Screate(H5S_SCALAR);
    hid_t a = H5I_INVALID_HID;
    if (sp < 0) {
        fail_h5(w, WS_ERUNTIME, obj, "creating the dataspace of attribute '%s'", name);
        goto done;
    }
    a = H5Acreate2(obj, name, ftype, sp, H5P_DEFAULT, H5P_DEFAULT);
    if (a < 0) {
        fail_h5(w, WS_ERUNTIME, obj, "creating attribute '%s'", name);
        goto done;
    }
    if (H5Awrite(a, mtype, buf) < 0) fail_h5(w, WS_EIO, obj, "writing attribute '%s'", name);
done:
    drop(w, &a);
    drop(w, &sp);
    return w->rc;
}

static int attr_str(writer *w, hid_t obj, const char *name, const char *value)
{
    const char *v = txt(w, value);
    return put_attr(w, obj, name, w->str, w->str, 0, 1, &v);
}

/* Bounded copy of a fixed-size char field that may lack its terminator. */
static int attr_field(writer *w, hid_t obj, const char *name, const char *field, size_t cap)
{
    char buf[4097];
    size_t n = strnlen(field, cap < sizeof buf ? cap : sizeof buf - 1);
    memcpy(buf, field, n);
    buf[n] = '\0';
    return attr_str(w, obj, name, buf);
}

static int attr_strs(writer *w, hid_t obj, const char *name, const char *const *values, size_t n)
{
    if (w->rc) return w->rc;
    const char **v = malloc((n ? n : 1) * sizeof *v);
    if (!v) return fail_msg(w, WS_ENOMEM, "out of memory for attribute '%s'", name);
    for (size_t i = 0; i < n; i++)
        v[i] = txt(w, values[i]);
    put_attr(w, obj, name, w->str, w->str, 1, n, v);
    free(v);
    return w->rc;
}

static int attr_i32(writer *w, hid_t obj, const char *name, int value)
{
    return put_attr(w, obj, name, H5T_STD_I32LE, H5T_NATIVE_INT, 0, 1, &value);
}

static int attr_i64(writer *w, hid_t obj, const char *name, long long value)
{
    return put_attr(w, obj, name, H5T_STD_I64LE, H5T_NATIVE_LLONG, 0, 1, &value);
}

static int attr_f64(writer *w, hid_t obj, const char *name, double value)
{
    return put_attr(w, obj, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 0, 1, &value);
}

/* ---- objects ----------------------------------------------------------------------------- */

/* Creates group name in loc with no timestamps and, when ordered, tracked creation order.
 * Returns the group id or H5I_INVALID_HID (failure recorded). */
static hid_t make_group(writer *w, hid_t loc, const char *name, bool ordered)
{
    if (w->rc) return H5I_INVALID_HID;
    hid_t g = H5I_INVALID_HID, lcpl = H5I_INVALID_HID;
    hid_t gcpl = H5Pcreate(H5P_GROUP_CREATE);
    if (gcpl < 0 || H5Pset_obj_track_times(gcpl, 0) < 0 ||
        (ordered &&
         H5Pset_link_creation_order(gcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED) < 0)) {
        fail_h5(w, WS_ERUNTIME, loc, "setting up group '%s'", name);
        goto done;
    }
    lcpl = H5Pcreate(H5P_LINK_CREATE);
    if (lcpl < 0 || H5Pset_char_encoding(lcpl, H5T_CSET_UTF8) < 0) {
        fail_h5(w, WS_ERUNTIME, loc, "setting up the link to group '%s'", name);
        goto done;
    }
    g = H5Gcreate2(loc, name, lcpl, gcpl, H5P_DEFAULT);
    if (g < 0) fail_h5(w, WS_ERUNTIME, loc, "creating group '%s'", name);
done:
    drop(w, &lcpl);
    drop(w, &gcpl);
    return g;
}

/* Creates dataset name (type ftype, space sp, creation properties dcpl) and writes buf of
 * memory type mtype into it. Returns the open dataset or H5I_INVALID_HID. */
static hid_t make_dataset(writer *w, hid_t loc, const char *name, hid_t ftype, hid_t sp, hid_t dcpl,
                          hid_t mtype, const void *buf)
{
    if (w->rc) return H5I_INVALID_HID;
    hid_t d = H5Dcreate2(loc, name, ftype, sp, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    if (d < 0) {
        fail_h5(w, WS_ERUNTIME, loc, "creating dataset '%s'", name);
        return d;
    }
    if (H5Dwrite(d, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0) {
        fail_h5(w, WS_EIO, d, "writing dataset");
        drop(w, &d);
    }
    return d;
}

/* 1-D dataset of n elements. */
static hid_t make_dataset_1d(writer *w, hid_t loc, const char *name, hid_t ftype, hsize_t n,
                             hid_t dcpl, hid_t mtype, const void *buf)
{
    if (w->rc) return H5I_INVALID_HID;
    hid_t sp = H5Screate_simple(1, &n, NULL);
    if (sp < 0) {
        fail_h5(w, WS_ERUNTIME, loc, "creating the dataspace of '%s'", name);
        return H5I_INVALID_HID;
    }
    hid_t d = make_dataset(w, loc, name, ftype, sp, dcpl, mtype, buf);
    drop(w, &sp);
    return d;
}

/* A column of a compound table: its name, offset in the row struct and kind. */
enum col_kind { COL_STR, COL_F64, COL_I8, COL_I32 };
typedef struct col {
    const char *name;
    size_t off;
    int kind;
} col;

/* Writes rows (row_size bytes each, string columns as const char *) as a 1-D compound dataset
 * with little-endian, packed file types. Returns the open dataset or H5I_INVALID_HID. */
static hid_t make_table(writer *w, hid_t loc, const char *name, const col *cols, int n_cols,
                        size_t row_size, const void *rows, size_t n_rows, hid_t dcpl)
{
    if (w->rc) return H5I_INVALID_HID;
    hid_t d = H5I_INVALID_HID;
    hid_t mt = H5Tcreate(H5T_COMPOUND, row_size);
    size_t fsize = 0;
    for (int c = 0; c < n_cols; c++)
        fsize += cols[c].kind == COL_STR   ? H5Tget_size(w->str)
                 : cols[c].kind == COL_F64 ? 8
                 : cols[c].kind == COL_I8  ? 1
                                           : 4;
    hid_t ft = H5Tcreate(H5T_COMPOUND, fsize);
    if (mt < 0 || ft < 0) {
        fail_h5(w, WS_ERUNTIME, loc, "creating the compound type of '%s'", name);
        goto done;
    }
    size_t foff = 0;
    for (int c = 0; c < n_cols; c++) {
        hid_t m_member = cols[c].kind == COL_STR   ? w->str
                         : cols[c].kind == COL_F64 ? H5T_NATIVE_DOUBLE
                         : cols[c].kind == COL_I8  ? H5T_NATIVE_SCHAR
                                                   : H5T_NATIVE_INT;
        hid_t f_member = cols[c].kind == COL_STR   ? w->str
                         : cols[c].kind == COL_F64 ? H5T_IEEE_F64LE
                         : cols[c].kind == COL_I8  ? H5T_STD_I8LE
                                                   : H5T_STD_I32LE;
        if (H5Tinsert(mt, cols[c].name, cols[c].off, m_member) < 0 ||
            H5Tinsert(ft, cols[c].name, foff, f_member) < 0) {
            fail_h5(w, WS_ERUNTIME, loc, "adding column '%s' to '%s'", cols[c].name, name);
            goto done;
        }
        foff += H5Tget_size(f_member);
    }
    d = make_dataset_1d(w, loc, name, ft, (hsize_t)n_rows, dcpl, mt, rows);
done:
    drop(w, &ft);
    drop(w, &mt);
    return d;
}

/* ---- the parts of the file --------------------------------------------------------------- */

static int write_root_attrs(writer *w, hid_t file, const ws_run_meta *m, int n_scen,
                            const ws_scenario *const *s)
{
    static const ws_run_meta none = {{0}, {0}, {0}, {0}, {0}, 0};
    if (!m) m = &none;
    const ws_scenario *s0 = s[0];
    const char *ind[WS_N_INDICATORS];
    for (int i = 0; i < WS_N_INDICATORS; i++)
        ind[i] = ws_indicators[i].name;
    const char **names = malloc((size_t)n_scen * sizeof *names);
    if (!names) return fail_msg(w, WS_ENOMEM, "out of memory for scenario names");
    for (int k = 0; k < n_scen; k++)
        names[k] = s[k]->name;

    attr_str(w, file, "file_kind", "run");
    attr_i32(w, file, "file_format_version", FILE_FORMAT_VERSION);
    attr_field(w, file, "wijksim_version", m->version, sizeof m->version);
    attr_field(w, file, "git_revision", m->git_revision, sizeof m->git_revision);
    attr_field(w, file, "command_line", m->command_line, sizeof m->command_line);
    attr_field(w, file, "created", m->created, sizeof m->created);
    attr_field(w, file, "finished", m->finished, sizeof m->finished);
    attr_i32(w, file, "threads", m->threads);
    attr_i64(w, file, "seed", (long long)s0->seed);
    attr_i32(w, file, "replications", s0->replications);
    attr_i32(w, file, "start_year", s0->start_year);
    attr_i32(w, file, "years", s0->years);
    attr_f64(w, file, "scale", s0->scale);
    attr_field(w, file, "scenario_name", s0->name, sizeof s0->name);
    attr_field(w, file, "scenario_file", s0->path, sizeof s0->path);
    attr_field(w, file, "scenario_sha256", s0->sha256, sizeof s0->sha256);
    attr_field(w, file, "area_file", s0->areas.path, sizeof s0->areas.path);
    attr_strs(w, file, "scenarios", names, (size_t)n_scen);
    attr_strs(w, file, "indicators", ind, WS_N_INDICATORS);
    free(names);
    return w->rc;
}

/* /input/scenario.lua: the exact source bytes. */
static int write_source(writer *w, hid_t input, const ws_scenario *s, hid_t dcpl)
{
    if (w->rc) return w->rc;
    const char *src = s->source ? s->source : "";
    size_t len = s->source ? s->source_len : 0;
    bool has_nul = memchr(src, '\0', len) != NULL;
    hid_t t = H5I_INVALID_HID, sp = H5I_INVALID_HID, d = H5I_INVALID_HID;
    const char *encoding;
    if (has_nul) {
        encoding = "uint8";
        d = make_dataset_1d(w, input, "scenario.lua", H5T_STD_U8LE, (hsize_t)len, dcpl,
                            H5T_NATIVE_UCHAR, src);
    } else {
        bool utf8 = utf8_valid(src, len);
        encoding = utf8 ? "utf-8" : "bytes";
        t = H5Tcopy(H5T_C_S1);
        if (t < 0 || H5Tset_size(t, H5T_VARIABLE) < 0 ||
            H5Tset_cset(t, utf8 ? H5T_CSET_UTF8 : H5T_CSET_ASCII) < 0) {
            fail_h5(w, WS_ERUNTIME, input, "creating the string type of scenario.lua");
            goto done;
        }
        sp = H5Screate(H5S_SCALAR);
        if (sp < 0) {
            fail_h5(w, WS_ERUNTIME, input, "creating the dataspace of scenario.lua");
            goto done;
        }
        d = make_dataset(w, input, "scenario.lua", t, sp, dcpl, t, &src);
    }
    if (d < 0) goto done;
    attr_field(w, d, "path", s->path, sizeof s->path);
    attr_i64(w, d, "bytes", (long long)len);
    attr_field(w, d, "sha256", s->sha256, sizeof s->sha256);
    attr_str(w, d, "encoding", encoding);
done:
    drop(w, &d);
    drop(w, &sp);
    drop(w, &t);
    return w->rc;
}

typedef struct param_row {
    const char *name;
    double value, def, min, max;
    const char *type, *unit, *source, *doc;
} param_row;

static int write_params(writer *w, hid_t input, const ws_scenario *s, hid_t dcpl)
{
    if (w->rc) return w->rc;
    static const col cols[] = {
        {"name", offsetof(param_row, name), COL_STR},
        {"value", offsetof(param_row, value), COL_F64},
        {"default", offsetof(param_row, def), COL_F64},
        {"min", offsetof(param_row, min), COL_F64},
        {"max", offsetof(param_row, max), COL_F64},
        {"type", offsetof(param_row, type), COL_STR},
        {"unit", offsetof(param_row, unit), COL_STR},
        {"source", offsetof(param_row, source), COL_STR},
        {"doc", offsetof(param_row, doc), COL_STR},
    };
    size_t n = (size_t)ws_n_params;
    param_row *rows = calloc(n ? n : 1, sizeof *rows);
    if (!rows) return fail_msg(w, WS_ENOMEM, "out of memory for the parameter table");
    for (size_t i = 0; i < n; i++) {
        const ws_param_info *p = &ws_param_table[i];
        rows[i] = (param_row){txt(w, p->name), ws_params_get(&s->params, (int)i),
                              p->def,          p->min,
                              p->max,          p->type == WS_PT_INT ? "int" : "real",
                              txt(w, p->unit), txt(w, p->source),
                              txt(w, p->doc)};
    }
    hid_t d = make_table(w, input, "parameters", cols, (int)(sizeof cols / sizeof cols[0]),
                         sizeof *rows, rows, n, dcpl);
    if (d >= 0)
        attr_str(w, d, "description",
                 "model parameters as used by this run (value) "
                 "with their defaults, ranges, units and sources");
    drop(w, &d);
    free(rows);
    return w->rc;
}

typedef struct area_row {
    const char *id, *name, *municipality, *gm_code;
    int index;
    signed char in_2020_programme;
    double residents, dwellings;
} area_row;

static int write_areas(writer *w, hid_t input, const ws_scenario *s, hid_t dcpl)
{
    if (w->rc) return w->rc;
    static const col cols[] = {
        {"id", offsetof(area_row, id), COL_STR},
        {"name", offsetof(area_row, name), COL_STR},
        {"municipality", offsetof(area_row, municipality), COL_STR},
        {"gm_code", offsetof(area_row, gm_code), COL_STR},
        {"file_index", offsetof(area_row, index), COL_I32},
        {"in_2020_programme", offsetof(area_row, in_2020_programme), COL_I8},
        {"residents", offsetof(area_row, residents), COL_F64},
        {"dwellings", offsetof(area_row, dwellings), COL_F64},
    };
    size_t n = (size_t)s->n_areas;
    area_row *rows = calloc(n, sizeof *rows);
    if (!rows) return fail_msg(w, WS_ENOMEM, "out of memory for the area table");
    for (size_t i = 0; i < n; i++) {
        const ws_area *a = &s->areas.area[s->area_sel[i]];
        rows[i] = (area_row){txt(w, a->id),      txt(w, a->name), txt(w, a->municipality),
                             txt(w, a->gm_code), a->index,        (signed char)(a->in_2020 ? 1 : 0),
                             a->residents,       a->dwellings};
    }
    hid_t d = make_table(w, input, "areas", cols, (int)(sizeof cols / sizeof cols[0]), sizeof *rows,
                         rows, n, dcpl);
    if (d >= 0) {
        attr_str(w, d, "description",
                 "simulated areas in the order of the area dimension; "
                 "file_index is the row in the area file (keys random "
                 "streams); residents and dwellings as in the area file");
        attr_field(w, d, "area_file", s->areas.path, sizeof s->areas.path);
    }
    drop(w, &d);
    free(rows);
    return w->rc;
}

/* The three dimension scales; ids returned open in sc[0..2] (replication, year, area). */
static int write_scales(writer *w, hid_t file, const ws_scenario *s, hid_t dcpl, hid_t sc[3])
{
    if (w->rc) return w->rc;
    size_t n_rep = (size_t)s->replications, n_year = (size_t)s->years, n_area = (size_t)s->n_areas;
    int *ints = malloc((n_rep > n_year ? n_rep : n_year) * sizeof *ints);
    const char **names = malloc(n_area * sizeof *names);
    const char **ids = malloc(n_area * sizeof *ids);
    if (!ints || !names || !ids) {
        fail_msg(w, WS_ENOMEM, "out of memory for the dimension scales");
        goto done;
    }
    for (size_t i = 0; i < n_rep; i++)
        ints[i] = (int)i;
    sc[0] =
        make_dataset_1d(w, file, "replication", H5T_STD_I32LE, n_rep, dcpl, H5T_NATIVE_INT, ints);
    for (size_t i = 0; i < n_year; i++)
        ints[i] = s->start_year + (int)i;
    sc[1] = make_dataset_1d(w, file, "year", H5T_STD_I32LE, n_year, dcpl, H5T_NATIVE_INT, ints);
    for (size_t i = 0; i < n_area; i++) {
        names[i] = txt(w, s->areas.area[s->area_sel[i]].name);
        ids[i] = s->areas.area[s->area_sel[i]].id;
    }
    sc[2] = make_dataset_1d(w, file, "area", w->str, n_area, dcpl, w->str, names);
    if (w->rc) goto done;
    static const char *const dim_name[3] = {"replication", "year", "area"};
    static const char *const dim_doc[3] = {
        "replication number (0-based); replications differ only in their random streams",
        "calendar year; stocks are measured in December, flows counted over the year",
        "simulated area (display name); attribute ids holds the area ids, /input/areas the rest"};
    for (int k = 0; k < 3; k++) {
        if (H5DSset_scale(sc[k], dim_name[k]) < 0) {
            fail_h5(w, WS_ERUNTIME, sc[k], "making a dimension scale");
            goto done;
        }
        attr_str(w, sc[k], "description", dim_doc[k]);
        if (H5Rcreate(&w->scale_ref[k], sc[k], ".", H5R_OBJECT, -1) < 0) {
            fail_h5(w, WS_ERUNTIME, sc[k], "referencing a dimension scale");
            goto done;
        }
    }
    attr_strs(w, sc[2], "ids", ids, n_area);
done:
    free(ints);
    free(names);
    free(ids);
    return w->rc;
}

/* Creation properties of the indicator datasets: chunks of whole replications, shuffle +
 * deflate when available, NaN fill, no timestamps. Returns the list or H5I_INVALID_HID. */
static hid_t indicator_dcpl(writer *w, const ws_scenario *s)
{
    hid_t p = H5Pcreate(H5P_DATASET_CREATE);
    if (p < 0) {
        fail_h5(w, WS_ERUNTIME, -1, "creating dataset properties");
        return p;
    }
    size_t per_rep = (size_t)s->years * (size_t)s->n_areas * sizeof(double);
    size_t k = CHUNK_TARGET_BYTES / per_rep;
    if (k < 1) k = 1;
    if (k > (size_t)s->replications) k = (size_t)s->replications;
    hsize_t chunk[3] = {(hsize_t)k, (hsize_t)s->years, (hsize_t)s->n_areas};
    double nan = NAN;
    if (H5Pset_chunk(p, 3, chunk) < 0 || H5Pset_obj_track_times(p, 0) < 0 ||
        H5Pset_fill_value(p, H5T_NATIVE_DOUBLE, &nan) < 0) {
        fail_h5(w, WS_ERUNTIME, -1, "setting indicator dataset properties");
        drop(w, &p);
        return p;
    }
    unsigned cfg = 0;
    if (H5Zfilter_avail(H5Z_FILTER_SHUFFLE) > 0 && H5Pset_shuffle(p) < 0) {
        fail_h5(w, WS_ERUNTIME, -1, "enabling the shuffle filter");
        drop(w, &p);
        return p;
    }
    if (H5Zfilter_avail(H5Z_FILTER_DEFLATE) > 0 &&
        H5Zget_filter_info(H5Z_FILTER_DEFLATE, &cfg) >= 0 &&
        (cfg & H5Z_FILTER_CONFIG_ENCODE_ENABLED) && H5Pset_deflate(p, 4) < 0) {
        fail_h5(w, WS_ERUNTIME, -1, "enabling the deflate filter");
        drop(w, &p);
    }
    return p;
}

/* Dimension scales, the way H5DSattach_scale stores them (HDF5 Dimension Scale specification):
 * the dataset gets DIMENSION_LIST (per dimension a variable-length list of references to its
 * scales) and each scale gets REFERENCE_LIST (compound "dataset" reference + "dimension" int,
 * one entry per attached dataset dimension). H5DSattach_scale rewrites a scale's whole
 * REFERENCE_LIST on every call: with thousands of datasets (a sweep) that is quadratic in time
 * and every old copy stays behind as dead space (300 scenarios: 16 s and 740 MB extra). So the
 * dataset side is written here per dataset and each REFERENCE_LIST once, by
 * write_reference_list, at the end. H5DSis_attached, h5py, netCDF-4 and HDFView read the
 * result like any H5DS file; labels go through H5DSset_label. */
typedef struct ref_entry {
    hobj_ref_t dataset; /* the dataset a scale is attached to */
    int dimension;      /* which of its dimensions */
} ref_entry;

static int attach_scales(writer *w, hid_t d)
{
    if (w->rc) return w->rc;
    static const char *const label[3] = {"replication", "year", "area"};
    hvl_t lists[3];
    for (int k = 0; k < 3; k++) {
        lists[k].len = 1;
        lists[k].p = &w->scale_ref[k];
    }
    hid_t t = H5Tvlen_create(H5T_STD_REF_OBJ);
    if (t < 0) return fail_h5(w, WS_ERUNTIME, d, "creating the DIMENSION_LIST type");
    put_attr(w, d, "DIMENSION_LIST", t, t, 1, 3, lists);
    drop(w, &t);
    for (unsigned k = 0; k < 3 && !w->rc; k++)
        if (H5DSset_label(d, k, label[k]) < 0)
            fail_h5(w, WS_ERUNTIME, d, "labelling dimension %u", k);
    if (w->rc) return w->rc;
    if (w->n_attached == w->cap_attached) {
        size_t cap = w->cap_attached ? 2 * w->cap_attached : 64;
        hobj_ref_t *a = realloc(w->attached, cap * sizeof *a);
        if (!a) return fail_msg(w, WS_ENOMEM, "out of memory for dataset references");
        w->attached = a;
        w->cap_attached = cap;
    }
    if (H5Rcreate(&w->attached[w->n_attached], d, ".", H5R_OBJECT, -1) < 0)
        return fail_h5(w, WS_ERUNTIME, d, "referencing the dataset");
    w->n_attached++;
    return 0;
}

/* REFERENCE_LIST of scale k (dimension k of every attached dataset). */
static int write_reference_list(writer *w, hid_t scale, int k)
{
    if (w->rc) return w->rc;
    size_t n = w->n_attached;
    ref_entry *e = calloc(n ? n : 1, sizeof *e);
    if (!e) return fail_msg(w, WS_ENOMEM, "out of memory for a REFERENCE_LIST");
    for (size_t j = 0; j < n; j++) {
        e[j].dataset = w->attached[j];
        e[j].dimension = k;
    }
    hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(ref_entry));
    if (t < 0 || H5Tinsert(t, "dataset", HOFFSET(ref_entry, dataset), H5T_STD_REF_OBJ) < 0 ||
        H5Tinsert(t, "dimension", HOFFSET(ref_entry, dimension), H5T_NATIVE_INT) < 0) {
        fail_h5(w, WS_ERUNTIME, scale, "creating the REFERENCE_LIST type");
        goto done;
    }
    htri_t ex = H5Aexists(scale, "REFERENCE_LIST"); /* none unless H5DSset_scale made one */
    if (ex < 0 || (ex > 0 && H5Adelete(scale, "REFERENCE_LIST") < 0)) {
        fail_h5(w, WS_ERUNTIME, scale, "replacing REFERENCE_LIST");
        goto done;
    }
    if (n) put_attr(w, scale, "REFERENCE_LIST", t, t, 1, n, e);
done:
    drop(w, &t);
    free(e);
    return w->rc;
}

/* /scenarios/<gname>: description and one dataset per indicator with scales attached. */
static int write_scenario(writer *w, hid_t scen_root, const char *gname, const ws_scenario *s,
                          const ws_results *r, hid_t dcpl)
{
    if (w->rc) return w->rc;
    hid_t g = make_group(w, scen_root, gname, false), ig = H5I_INVALID_HID;
    hid_t sp = H5I_INVALID_HID, d = H5I_INVALID_HID;
    if (g < 0) goto done;
    attr_field(w, g, "name", s->name, sizeof s->name);
    attr_field(w, g, "description", s->description, sizeof s->description);
    ig = make_group(w, g, "indicators", true);
    if (w->rc) goto done;
    hsize_t dims[3] = {(hsize_t)s->replications, (hsize_t)s->years, (hsize_t)s->n_areas};
    sp = H5Screate_simple(3, dims, NULL);
    if (sp < 0) {
        fail_h5(w, WS_ERUNTIME, g, "creating the indicator dataspace");
        goto done;
    }
    for (int i = 0; i < WS_N_INDICATORS && !w->rc; i++) {
        const ws_indicator_info *info = &ws_indicators[i];
        /* The first s->replications replications of indicator i are contiguous in r. */
        d = make_dataset(w, ig, info->name, H5T_IEEE_F64LE, sp, dcpl, H5T_NATIVE_DOUBLE,
                         ws_results_at(r, i, 0, 0, 0));
        if (d < 0) break;
        attr_str(w, d, "units", info->units);
        attr_str(w, d, "description", info->description);
        attr_str(w, d, "domain", info->domain);
        attach_scales(w, d);
        drop(w, &d);
    }
done:
    drop(w, &d);
    drop(w, &sp);
    drop(w, &ig);
    drop(w, &g);
    return w->rc;
}

/* ---- checks before anything is created --------------------------------------------------- */

/* Link name for a scenario: the name with '/' (and invalid UTF-8) replaced by '_'; "", "."
 * and ".." are not valid link names. */
static void group_name(const char *name, char out[GROUP_NAME_MAX])
{
    size_t n = strnlen(name, GROUP_NAME_MAX - 1), o = 0;
    const unsigned char *u = (const unsigned char *)name;
    for (size_t i = 0; i < n;) {
        size_t k = utf8_seq(u + i, n - i);
        if (!k || name[i] == '/') {
            out[o++] = '_';
            i++;
        } else {
            memcpy(out + o, name + i, k);
            o += k;
            i += k;
        }
    }
    out[o] = '\0';
    if (!out[0] || strcmp(out, ".") == 0 || strcmp(out, "..") == 0)
        snprintf(out, GROUP_NAME_MAX, "%s", !out[0] ? "unnamed" : out[1] ? "__" : "_");
}

static int check_args(writer *w, int n_scen, const ws_scenario *const *s,
                      const ws_results *const *r, char (*gname)[GROUP_NAME_MAX])
{
    if (n_scen < 1 || !s || !r)
        return fail_msg(w, WS_ERUNTIME, "internal error: no scenarios to write");
    for (int k = 0; k < n_scen; k++)
        if (!s[k] || !r[k] || !r[k]->data)
            return fail_msg(w, WS_ERUNTIME, "internal error: scenario %d has no results", k);
    const ws_scenario *s0 = s[0];
    if (s0->years < 1 || s0->replications < 1 || s0->n_areas < 1 || !s0->area_sel ||
        !s0->areas.area)
        return fail_msg(w, WS_ERUNTIME,
                        "internal error: scenario '%.128s' has an empty shape (%d replications, "
                        "%d years, %d areas)",
                        s0->name, s0->replications, s0->years, s0->n_areas);
    for (int a = 0; a < s0->n_areas; a++)
        if (s0->area_sel[a] < 0 || s0->area_sel[a] >= s0->areas.n)
            return fail_msg(w, WS_ERUNTIME,
                            "internal error: area %d of scenario '%.128s' is "
                            "outside the area table",
                            a, s0->name);
    for (int k = 0; k < n_scen; k++) {
        const ws_scenario *sk = s[k];
        const ws_results *rk = r[k];
        if (sk->years != s0->years || sk->start_year != s0->start_year ||
            sk->replications != s0->replications || sk->n_areas != s0->n_areas)
            return fail_msg(w, WS_ERUNTIME,
                            "internal error: scenario '%.128s' does not share years, "
                            "replications and areas with scenario '%.128s'",
                            sk->name, s0->name);
        for (int a = 0; a < s0->n_areas; a++) {
            int ak = sk->area_sel ? sk->area_sel[a] : -1;
            if (ak < 0 || ak >= sk->areas.n || !sk->areas.area ||
                strcmp(sk->areas.area[ak].id, s0->areas.area[s0->area_sel[a]].id) != 0)
                return fail_msg(w, WS_ERUNTIME,
                                "internal error: scenario '%.128s' simulates other areas than "
                                "scenario '%.128s' (area %d differs)",
                                sk->name, s0->name, a);
        }
        if (rk->n_year != s0->years || rk->n_area != s0->n_areas || rk->n_rep < s0->replications ||
            rk->start_year != s0->start_year)
            return fail_msg(w, WS_ERUNTIME,
                            "internal error: results of scenario '%.128s' have shape %d x %d x "
                            "%d from %d, expected %d x %d x %d from %d",
                            sk->name, rk->n_rep, rk->n_year, rk->n_area, rk->start_year,
                            s0->replications, s0->years, s0->n_areas, s0->start_year);
        group_name(sk->name, gname[k]);
        for (int j = 0; j < k; j++)
            if (strcmp(gname[j], gname[k]) == 0)
                return fail_msg(w, WS_ERUNTIME,
                                "two scenarios are both stored as '%s' (names '%.128s' and "
                                "'%.128s'); scenario names must be unique in one file",
                                gname[k], s[j]->name, sk->name);
    }
    return 0;
}

/* ---- the file ---------------------------------------------------------------------------- */

/* Writes all n bytes of buf to fd (retrying short writes and EINTR). Returns 0 or -1 (errno). */
static int write_all(int fd, const unsigned char *buf, size_t n)
{
    while (n) {
        ssize_t k = write(fd, buf, n > ((size_t)1 << 30) ? (size_t)1 << 30 : n);
        if (k < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        buf += k;
        n -= (size_t)k;
    }
    return 0;
}

/* Makes the rename durable; failures are ignored (not every file system can sync a
 * directory, and the file itself is complete either way). */
static void sync_parent(const char *path)
{
    char dir[4096];
    const char *slash = strrchr(path, '/');
    if (!slash)
        snprintf(dir, sizeof dir, ".");
    else if (slash == path)
        snprintf(dir, sizeof dir, "/");
    else
        snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    (void)fsync(fd);
    close(fd);
}

/* Growth step of the in-memory file: about a quarter of the raw indicator bytes, 1-64 MiB. */
static size_t core_increment(int n_scen, const ws_scenario *s)
{
    double raw = (double)n_scen * WS_N_INDICATORS * s->replications * s->years * s->n_areas * 8;
    double inc = raw / 4;
    if (inc < 1 << 20) inc = 1 << 20;
    if (inc > 64 << 20) inc = 64 << 20;
    return (size_t)inc;
}

/* Builds the whole file in memory (HDF5 core driver, no backing store) and returns its image
 * (malloc'ed, *size bytes) with every HDF5 id closed. Building in memory means HDF5 never
 * writes to disk: a full disk or a quota shows up in our own write(), not in a failing
 * H5Fclose, which in HDF5 1.10 leaves the file id open and crashes at exit. */
static unsigned char *build_image(writer *w, const ws_run_meta *m, int n_scen,
                                  const ws_scenario *const *s, const ws_results *const *r,
                                  char (*gname)[GROUP_NAME_MAX], size_t *size)
{
    hid_t fapl = H5I_INVALID_HID, file = H5I_INVALID_HID, input = H5I_INVALID_HID;
    hid_t scen_root = H5I_INVALID_HID, plain = H5I_INVALID_HID, ind = H5I_INVALID_HID;
    hid_t scale_dcpl = H5I_INVALID_HID;
    hid_t sc[3] = {H5I_INVALID_HID, H5I_INVALID_HID, H5I_INVALID_HID};
    unsigned char *image = NULL;
    *size = 0;

    fapl = H5Pcreate(H5P_FILE_ACCESS);
    if (fapl < 0 || H5Pset_fapl_core(fapl, core_increment(n_scen, s[0]), 0) < 0 ||
        H5Pset_libver_bounds(fapl, H5F_LIBVER_EARLIEST, H5F_LIBVER_V18) < 0) {
        fail_h5(w, WS_ERUNTIME, -1, "setting file access properties");
        goto done;
    }
    file = H5Fcreate(w->tmp, H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
    if (file < 0) {
        fail_h5(w, WS_ERUNTIME, -1, "creating the file in memory");
        goto done;
    }
    plain = H5Pcreate(H5P_DATASET_CREATE);
    if (plain < 0 || H5Pset_obj_track_times(plain, 0) < 0) {
        fail_h5(w, WS_ERUNTIME, -1, "creating dataset properties");
        goto done;
    }
    /* A scale's REFERENCE_LIST outgrows 64 KiB beyond ~4000 attached datasets; tracking
     * attribute order gives the scales version-2 object headers, which store such large
     * attributes densely. */
    scale_dcpl = H5Pcopy(plain);
    if (scale_dcpl < 0 || H5Pset_attr_creation_order(scale_dcpl, H5P_CRT_ORDER_TRACKED) < 0) {
        fail_h5(w, WS_ERUNTIME, -1, "creating dimension scale properties");
        goto done;
    }
    if (write_root_attrs(w, file, m, n_scen, s)) goto done;
    input = make_group(w, file, "input", false);
    write_source(w, input, s[0], plain);
    write_params(w, input, s[0], plain);
    write_areas(w, input, s[0], plain);
    write_scales(w, file, s[0], scale_dcpl, sc);
    ind = indicator_dcpl(w, s[0]);
    scen_root = make_group(w, file, "scenarios", true);
    for (int k = 0; k < n_scen && !w->rc; k++)
        write_scenario(w, scen_root, gname[k], s[k], r[k], ind);
    for (int k = 0; k < 3 && !w->rc; k++)
        write_reference_list(w, sc[k], k);

    drop(w, &ind);
    drop(w, &scen_root);
    for (int k = 0; k < 3; k++)
        drop(w, &sc[k]);
    drop(w, &scale_dcpl);
    drop(w, &plain);
    drop(w, &input);
    if (w->rc) goto done;
    if (H5Fflush(file, H5F_SCOPE_GLOBAL) < 0) {
        fail_h5(w, WS_ERUNTIME, -1, "flushing the file in memory");
        goto done;
    }
    ssize_t n = H5Fget_file_image(file, NULL, 0);
    if (n <= 0) {
        fail_h5(w, WS_ERUNTIME, -1, "sizing the file image");
        goto done;
    }
    image = malloc((size_t)n);
    if (!image) {
        fail_msg(w, WS_ENOMEM, "out of memory for a file image of %zd bytes", n);
        goto done;
    }
    if (H5Fget_file_image(file, image, (size_t)n) != n) {
        fail_h5(w, WS_ERUNTIME, -1, "copying the file image");
        goto done;
    }
    *size = (size_t)n;
done:
    drop(w, &ind);
    drop(w, &scen_root);
    for (int k = 0; k < 3; k++)
        drop(w, &sc[k]);
    drop(w, &scale_dcpl);
    drop(w, &plain);
    drop(w, &input);
    drop(w, &file); /* frees the in-memory file: no disk I/O, so nothing to fail here */
    drop(w, &fapl);
    if (w->rc) {
        free(image);
        image = NULL;
        *size = 0;
    }
    return image;
}

int ws_h5_write_run(const char *path, const ws_run_meta *m, int n_scen, const ws_scenario *const *s,
                    const ws_results *const *r, ws_error *e)
{
    writer w = {.path = path ? path : "(null)", .e = e, .str = H5I_INVALID_HID};
    H5E_auto2_t old_fn = NULL;
    void *old_data = NULL;
    bool restore = H5Eget_auto2(H5E_DEFAULT, &old_fn, &old_data) >= 0;
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    H5Eclear2(H5E_DEFAULT); /* so no earlier failure shows up in our messages */

    int fd = -1;
    bool created = false; /* the temporary file exists and is ours to remove */
    unsigned char *image = NULL;
    size_t size = 0;
    char(*gname)[GROUP_NAME_MAX] = NULL;

    if (!path || !path[0]) {
        fail_msg(&w, WS_EIO, "no file name given");
        goto done;
    }
    if (n_scen >= 1 && !(gname = calloc((size_t)n_scen, sizeof *gname))) {
        fail_msg(&w, WS_ENOMEM, "out of memory");
        goto done;
    }
    if (check_args(&w, n_scen, s, r, gname)) goto done;
    if ((size_t)snprintf(w.tmp, sizeof w.tmp, "%s.tmp", path) >= sizeof w.tmp) {
        fail_msg(&w, WS_EIO, "the file name is too long");
        goto done;
    }
    /* Create the temporary file first, so a bad directory fails before any work is done. */
    fd = open(w.tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0) {
        fail_os(&w, WS_EIO, "creating temporary file", w.tmp);
        goto done;
    }
    created = true;

    w.str = H5Tcopy(H5T_C_S1);
    if (w.str < 0 || H5Tset_size(w.str, H5T_VARIABLE) < 0 ||
        H5Tset_cset(w.str, H5T_CSET_UTF8) < 0) {
        fail_h5(&w, WS_ERUNTIME, -1, "creating the string type");
        goto done;
    }
    image = build_image(&w, m, n_scen, s, r, gname, &size);
    drop(&w, &w.str);
    if (!image) goto done;

    if (write_all(fd, image, size) != 0) {
        fail_os(&w, WS_EIO, "writing", w.tmp);
        goto done;
    }
    free(image);
    image = NULL;
    if (fsync(fd) != 0 && errno != EINVAL && errno != ENOTSUP) {
        fail_os(&w, WS_EIO, "syncing", w.tmp);
        goto done;
    }
    int st = close(fd); /* network file systems may report write errors only here */
    fd = -1;
    if (st != 0) {
        fail_os(&w, WS_EIO, "closing", w.tmp);
        goto done;
    }
    if (rename(w.tmp, path) != 0) {
        fail_os(&w, WS_EIO, "renaming the temporary file to", path);
        goto done;
    }
    created = false;
    sync_parent(path);

done:
    if (fd >= 0) close(fd);
    if (w.rc && created) unlink(w.tmp);
    drop(&w, &w.str);
    free(image);
    for (size_t i = 0; i < w.n_fixed; i++)
        free(w.fixed[i]);
    free(w.fixed);
    free(w.attached);
    free(gname);
    if (restore) H5Eset_auto2(H5E_DEFAULT, old_fn, old_data);
    return w.rc;
}
