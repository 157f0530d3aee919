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
#include "wijksim/summary.h"

#define FILE_FORMAT_VERSION 1           /* bump when the layout changes incompatibly */
#define CHUNK_TARGET_BYTES (128 * 1024) /* indicator chunk size aimed at */
#define GROUP_NAME_MAX 128              /* bytes of a /scenarios/<name> link name, with NUL */

typedef struct writer {
    const char *path; /* final file name (never NULL) */
    char tmp[4096];   /* "<path>.tmp" */
    ws_error *e;      /* may be NULL */
    int rc;           /* first failure, 0 while all is well */
    const char *cmp_name, *cmp_desc; /* comparison name and description (NULL: none) */
    hid_t str;        /* variable-length UTF-8 string type (owned) */
    char **fixed;     /* repaired copies of invalid UTF-8 strings (owned) */
    size_t n_fixed, cap_fixed;
    struct scale *sc;        /* dimension scales (owned): 0 /replication, 1 /year, 2 /area,
                                3 /payer, 4 /summary/area, then one per intervention list */
    size_t n_sc, cap_sc;
} writer;

/* ---- errors ------------------------------------------------------------------------------ */


/* Records the first failure: what failed (printf-style), at which object (obj >= 0 names it)
 * and the innermost HDF5 message. Must be called right after the failing HDF5 call, before any
 * other API call clears the error stack. Returns w->rc. */
static int fail_h5(writer *w, int code, hid_t obj, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int fail_h5(writer *w, int code, hid_t obj, const char *fmt, ...)
{
    ws__h5_stack_msg m;
    ws__h5_innermost_error(&m);
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

/* Dimension scales, the way H5DSattach_scale stores them (HDF5 Dimension Scale specification):
 * the dataset gets DIMENSION_LIST (per dimension a variable-length list of references to its
 * scales) and each scale gets REFERENCE_LIST (compound "dataset" reference + "dimension" int,
 * one entry per attached dataset dimension). H5DSattach_scale rewrites a scale's whole
 * REFERENCE_LIST on every call: with thousands of datasets (a sweep) that is quadratic in time
 * and every old copy stays behind as dead space (300 scenarios: 16 s and 740 MB extra). So the
 * dataset side is written here per dataset (attach) and each scale's REFERENCE_LIST once, by
 * finish_scales, at the end. H5DSis_attached, h5py, netCDF-4 and HDFView read the result like
 * any H5DS file; labels go through H5DSset_label. */
typedef struct ref_entry {
    hobj_ref_t dataset; /* the dataset a scale is attached to */
    int dimension;      /* which of its dimensions */
} ref_entry;

typedef struct scale {
    hid_t id;        /* the open scale dataset (owned until finish_scales) */
    hobj_ref_t ref;  /* reference to it */
    ref_entry *list; /* datasets attached to it (owned) */
    size_t n, cap;
} scale;

enum { SC_REP, SC_YEAR, SC_AREA, SC_PAYER, SC_SUM_AREA }; /* fixed scale slots */

/* Makes dataset d (ownership passes to w, also on failure) the dimension scale called name
 * with a description. Returns its slot, or -1 with the failure recorded. */
static int add_scale(writer *w, hid_t d, const char *name, const char *doc)
{
    if (w->rc || d < 0) {
        drop(w, &d);
        return -1;
    }
    if (w->n_sc == w->cap_sc) {
        size_t cap = w->cap_sc ? 2 * w->cap_sc : 16;
        scale *n = realloc(w->sc, cap * sizeof *n);
        if (!n) {
            drop(w, &d);
            fail_msg(w, WS_ENOMEM, "out of memory for dimension scales");
            return -1;
        }
        w->sc = n;
        w->cap_sc = cap;
    }
    scale *sc = &w->sc[w->n_sc];
    memset(sc, 0, sizeof *sc);
    sc->id = d;
    w->n_sc++;
    if (H5DSset_scale(d, name) < 0) {
        fail_h5(w, WS_ERUNTIME, d, "making a dimension scale");
        return -1;
    }
    attr_str(w, d, "description", doc);
    if (!w->rc && H5Rcreate(&sc->ref, d, ".", H5R_OBJECT, -1) < 0) {
        fail_h5(w, WS_ERUNTIME, d, "referencing a dimension scale");
        return -1;
    }
    return w->rc ? -1 : (int)(w->n_sc - 1);
}

/* Attaches scales slot[0..rank-1] to the dimensions of dataset d and labels them. */
static int attach(writer *w, hid_t d, int rank, const int *slot, const char *const *label)
{
    if (w->rc) return w->rc;
    hvl_t lists[8];
    for (int k = 0; k < rank; k++) {
        lists[k].len = 1;
        lists[k].p = &w->sc[slot[k]].ref;
    }
    hid_t t = H5Tvlen_create(H5T_STD_REF_OBJ);
    if (t < 0) return fail_h5(w, WS_ERUNTIME, d, "creating the DIMENSION_LIST type");
    put_attr(w, d, "DIMENSION_LIST", t, t, 1, (hsize_t)rank, lists);
    drop(w, &t);
    for (int k = 0; k < rank && !w->rc; k++)
        if (H5DSset_label(d, (unsigned)k, label[k]) < 0)
            fail_h5(w, WS_ERUNTIME, d, "labelling dimension %d", k);
    if (w->rc) return w->rc;
    hobj_ref_t ref;
    if (H5Rcreate(&ref, d, ".", H5R_OBJECT, -1) < 0)
        return fail_h5(w, WS_ERUNTIME, d, "referencing the dataset");
    for (int k = 0; k < rank; k++) {
        scale *sc = &w->sc[slot[k]];
        if (sc->n == sc->cap) {
            size_t cap = sc->cap ? 2 * sc->cap : 64;
            ref_entry *n = realloc(sc->list, cap * sizeof *n);
            if (!n) return fail_msg(w, WS_ENOMEM, "out of memory for dataset references");
            sc->list = n;
            sc->cap = cap;
        }
        sc->list[sc->n].dataset = ref;
        sc->list[sc->n].dimension = k;
        sc->n++;
    }
    return 0;
}

/* Writes the REFERENCE_LIST of every scale (when all went well) and releases the scales. */
static int finish_scales(writer *w)
{
    hid_t t = H5I_INVALID_HID;
    if (!w->rc) {
        t = H5Tcreate(H5T_COMPOUND, sizeof(ref_entry));
        if (t < 0 ||
            H5Tinsert(t, "dataset", HOFFSET(ref_entry, dataset), H5T_STD_REF_OBJ) < 0 ||
            H5Tinsert(t, "dimension", HOFFSET(ref_entry, dimension), H5T_NATIVE_INT) < 0)
            fail_h5(w, WS_ERUNTIME, -1, "creating the REFERENCE_LIST type");
    }
    for (size_t k = 0; k < w->n_sc; k++) {
        scale *sc = &w->sc[k];
        if (!w->rc) {
            htri_t ex = H5Aexists(sc->id, "REFERENCE_LIST"); /* only if H5DS made one */
            if (ex < 0 || (ex > 0 && H5Adelete(sc->id, "REFERENCE_LIST") < 0))
                fail_h5(w, WS_ERUNTIME, sc->id, "replacing REFERENCE_LIST");
            else if (sc->n)
                put_attr(w, sc->id, "REFERENCE_LIST", t, t, 1, sc->n, sc->list);
        }
        drop(w, &sc->id);
        free(sc->list);
        sc->list = NULL;
    }
    w->n_sc = 0;
    drop(w, &t);
    return w->rc;
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

    attr_str(w, file, "file_kind", n_scen > 1 ? "comparison" : "run");
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
    attr_field(w, file, "baseline", s0->name, sizeof s0->name);
    if (w->cmp_name) {
        attr_str(w, file, "comparison_name", w->cmp_name);
        attr_str(w, file, "comparison_description", w->cmp_desc ? w->cmp_desc : "");
    }
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

/* The shared dimension scales, in their fixed slots: /replication, /year, /area (SC_REP,
 * SC_YEAR, SC_AREA), /payer (SC_PAYER) and /summary/area (SC_SUM_AREA: the areas and "all
 * areas"), the last inside the group summary. */
static int write_scales(writer *w, hid_t file, hid_t summary, const ws_scenario *s, hid_t dcpl)
{
    if (w->rc) return w->rc;
    size_t n_rep = (size_t)s->replications, n_year = (size_t)s->years, n_area = (size_t)s->n_areas;
    int *ints = malloc((n_rep > n_year ? n_rep : n_year) * sizeof *ints);
    const char **names = malloc((n_area + 1) * sizeof *names);
    const char **ids = malloc((n_area + 1) * sizeof *ids);
    if (!ints || !names || !ids) {
        fail_msg(w, WS_ENOMEM, "out of memory for the dimension scales");
        goto done;
    }
    for (size_t i = 0; i < n_rep; i++)
        ints[i] = (int)i;
    add_scale(w,
              make_dataset_1d(w, file, "replication", H5T_STD_I32LE, n_rep, dcpl, H5T_NATIVE_INT,
                              ints),
              "replication",
              "replication number (0-based); replications differ only in their random streams");
    for (size_t i = 0; i < n_year; i++)
        ints[i] = s->start_year + (int)i;
    add_scale(w,
              make_dataset_1d(w, file, "year", H5T_STD_I32LE, n_year, dcpl, H5T_NATIVE_INT, ints),
              "year", "calendar year; stocks are measured in December, flows counted over the year");
    for (size_t i = 0; i < n_area; i++) {
        names[i] = txt(w, s->areas.area[s->area_sel[i]].name);
        ids[i] = s->areas.area[s->area_sel[i]].id;
    }
    int k = add_scale(w, make_dataset_1d(w, file, "area", w->str, n_area, dcpl, w->str, names),
                      "area",
                      "simulated area (display name); attribute ids holds the area ids, "
                      "/input/areas the rest");
    if (k >= 0) attr_strs(w, w->sc[k].id, "ids", ids, n_area);
    const char *payers[WS_PAY_N];
    for (int p = 0; p < WS_PAY_N; p++)
        payers[p] = ws_payer_name(p);
    add_scale(w, make_dataset_1d(w, file, "payer", w->str, WS_PAY_N, dcpl, w->str, payers),
              "payer", "who pays an intervention's cost (Rijk = national government)");
    names[n_area] = "all areas";
    ids[n_area] = "all";
    k = add_scale(w,
                  make_dataset_1d(w, summary, "area", w->str, n_area + 1, dcpl, w->str, names),
                  "area",
                  "the simulated areas (as /area) and, last, all areas together "
                  "(population-weighted per replication; counts summed)");
    if (k >= 0) attr_strs(w, w->sc[k].id, "ids", ids, n_area + 1);
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

/* Creation properties of an n-D float64 dataset (rank <= 8): chunks of whole first-index
 * slices, about CHUNK_TARGET_BYTES each, shuffle + deflate when available, NaN fill, no
 * timestamps. Returns the list or H5I_INVALID_HID (failure recorded). */
static hid_t chunked_dcpl(writer *w, int rank, const hsize_t *dims)
{
    if (w->rc) return H5I_INVALID_HID;
    hid_t p = H5Pcreate(H5P_DATASET_CREATE);
    if (p < 0) {
        fail_h5(w, WS_ERUNTIME, -1, "creating dataset properties");
        return p;
    }
    hsize_t chunk[8];
    size_t slice = sizeof(double);
    for (int k = 1; k < rank; k++) {
        chunk[k] = dims[k] ? dims[k] : 1;
        slice *= (size_t)chunk[k];
    }
    size_t n0 = CHUNK_TARGET_BYTES / slice;
    if (n0 < 1) n0 = 1;
    if (n0 > dims[0]) n0 = dims[0] ? (size_t)dims[0] : 1;
    chunk[0] = n0;
    double nan = NAN;
    unsigned cfg = 0;
    if (H5Pset_chunk(p, rank, chunk) < 0 || H5Pset_obj_track_times(p, 0) < 0 ||
        H5Pset_fill_value(p, H5T_NATIVE_DOUBLE, &nan) < 0 ||
        (H5Zfilter_avail(H5Z_FILTER_SHUFFLE) > 0 && H5Pset_shuffle(p) < 0) ||
        (H5Zfilter_avail(H5Z_FILTER_DEFLATE) > 0 &&
         H5Zget_filter_info(H5Z_FILTER_DEFLATE, &cfg) >= 0 &&
         (cfg & H5Z_FILTER_CONFIG_ENCODE_ENABLED) && H5Pset_deflate(p, 4) < 0)) {
        fail_h5(w, WS_ERUNTIME, -1, "setting dataset properties");
        drop(w, &p);
    }
    return p;
}

/* Creates the float64 dataset name [dims] in loc from buf (contiguous, C order), with units
 * and description, and attaches the scales slot[0..rank-1] labelled label[]. */
static int write_array(writer *w, hid_t loc, const char *name, int rank, const hsize_t *dims,
                       const double *buf, bool chunked, hid_t plain, const int *slot,
                       const char *const *label, const char *units, const char *desc)
{
    if (w->rc) return w->rc;
    hid_t sp = H5Screate_simple(rank, dims, NULL), d = H5I_INVALID_HID;
    hid_t dcpl = chunked ? chunked_dcpl(w, rank, dims) : H5I_INVALID_HID;
    if (sp < 0) {
        fail_h5(w, WS_ERUNTIME, loc, "creating the dataspace of '%s'", name);
        goto done;
    }
    d = make_dataset(w, loc, name, H5T_IEEE_F64LE, sp, chunked ? dcpl : plain, H5T_NATIVE_DOUBLE,
                     buf);
    if (d < 0) goto done;
    attr_str(w, d, "units", units);
    attr_str(w, d, "description", desc);
    attach(w, d, rank, slot, label);
done:
    drop(w, &d);
    drop(w, &dcpl);
    drop(w, &sp);
    return w->rc;
}

static const char *const kind_names[] = {"person", "place"};
static const char *const effect_type_names[] = {"hazard_ratio", "odds_ratio", "shift"};
static const char *const dist_names[] = {"fixed", "normal", "lognormal", "uniform"};
static const char *const evidence_names[] = {"strong", "moderate", "weak", "none"};

/* names[k] if 0 <= k < n, else "?" */
static const char *name_of(const char *const *names, int n, int k)
{
    return k >= 0 && k < n ? names[k] : "?";
}

typedef struct iv_row {
    const char *name, *type, *kind, *target, *evidence, *source, *payer, *package;
    double share[WS_PAY_N];
    int start_year, end_year, n_areas, programme_months;
    double ramp_up_years, cost_per_participant, places_per_year, cost_per_unit, amount_per_year,
        fixed_cost_per_year, take_up, completion;
    const char *effect_type, *effect_dist;
    double effect_a, effect_b, effect_months, decay_months, spillover;
} iv_row;

/* /scenarios/<g>/interventions/definitions: one row per intervention of the policy. */
static int write_iv_table(writer *w, hid_t ig, const ws_policy *pol, hid_t plain)
{
    if (w->rc) return w->rc;
    static const col cols[] = {
        {"name", offsetof(iv_row, name), COL_STR},
        {"type", offsetof(iv_row, type), COL_STR},
        {"kind", offsetof(iv_row, kind), COL_STR},
        {"target", offsetof(iv_row, target), COL_STR},
        {"evidence", offsetof(iv_row, evidence), COL_STR},
        {"source", offsetof(iv_row, source), COL_STR},
        {"payer", offsetof(iv_row, payer), COL_STR},
        {"share_rijk", offsetof(iv_row, share[WS_PAY_RIJK]), COL_F64},
        {"share_municipality", offsetof(iv_row, share[WS_PAY_MUNICIPALITY]), COL_F64},
        {"share_corporation", offsetof(iv_row, share[WS_PAY_CORPORATION]), COL_F64},
        {"share_other", offsetof(iv_row, share[WS_PAY_OTHER]), COL_F64},
        {"package", offsetof(iv_row, package), COL_STR},
        {"start_year", offsetof(iv_row, start_year), COL_I32},
        {"end_year", offsetof(iv_row, end_year), COL_I32},
        {"ramp_up_years", offsetof(iv_row, ramp_up_years), COL_F64},
        {"n_areas", offsetof(iv_row, n_areas), COL_I32},
        {"cost_per_participant", offsetof(iv_row, cost_per_participant), COL_F64},
        {"places_per_year", offsetof(iv_row, places_per_year), COL_F64},
        {"cost_per_unit", offsetof(iv_row, cost_per_unit), COL_F64},
        {"amount_per_year", offsetof(iv_row, amount_per_year), COL_F64},
        {"fixed_cost_per_year", offsetof(iv_row, fixed_cost_per_year), COL_F64},
        {"take_up", offsetof(iv_row, take_up), COL_F64},
        {"completion", offsetof(iv_row, completion), COL_F64},
        {"programme_months", offsetof(iv_row, programme_months), COL_I32},
        {"effect_type", offsetof(iv_row, effect_type), COL_STR},
        {"effect", offsetof(iv_row, effect_a), COL_F64},
        {"effect_dist", offsetof(iv_row, effect_dist), COL_STR},
        {"effect_b", offsetof(iv_row, effect_b), COL_F64},
        {"effect_months", offsetof(iv_row, effect_months), COL_F64},
        {"decay_months", offsetof(iv_row, decay_months), COL_F64},
        {"spillover", offsetof(iv_row, spillover), COL_F64},
    };
    size_t n = (size_t)pol->n_interventions;
    iv_row *rows = calloc(n ? n : 1, sizeof *rows);
    if (!rows) return fail_msg(w, WS_ENOMEM, "out of memory for the intervention table");
    char(*nm)[4][260] = calloc(n ? n : 1, sizeof *nm); /* bounded copies of the char fields */
    if (!nm) {
        free(rows);
        return fail_msg(w, WS_ENOMEM, "out of memory for the intervention table");
    }
    for (size_t k = 0; k < n; k++) {
        const ws_intervention *iv = &pol->iv[k];
        iv_row *r = &rows[k];
        snprintf(nm[k][0], sizeof nm[k][0], "%.*s", (int)sizeof iv->name, iv->name);
        snprintf(nm[k][1], sizeof nm[k][1], "%.*s", (int)sizeof iv->type, iv->type);
        snprintf(nm[k][2], sizeof nm[k][2], "%.*s", (int)sizeof iv->source, iv->source);
        nm[k][3][0] = '\0';
        if (iv->package >= 0 && iv->package < pol->n_packages)
            snprintf(nm[k][3], sizeof nm[k][3], "%.*s", (int)sizeof pol->pk[0].name,
                     pol->pk[iv->package].name);
        const char *target = iv->kind == WS_IV_PLACE ? ws_place_target_name(iv->place_target)
                                                     : ws_transition_name(iv->transition);
        r->name = txt(w, nm[k][0]);
        r->type = txt(w, nm[k][1]);
        r->kind = name_of(kind_names, 2, iv->kind);
        r->target = target ? target : "?";
        r->evidence = name_of(evidence_names, 4, iv->evidence);
        r->source = txt(w, nm[k][2]);
        const char *payer = ws_payer_name(iv->payer);
        r->payer = payer ? payer : "?";
        r->package = txt(w, nm[k][3]);
        for (int p = 0; p < WS_PAY_N; p++)
            r->share[p] = ws_intervention_share(iv, p);
        r->start_year = iv->start_year;
        r->end_year = iv->end_year;
        r->n_areas = iv->n_areas;
        r->programme_months = iv->programme_months;
        r->ramp_up_years = iv->ramp_up_years;
        r->cost_per_participant = iv->cost_per_participant;
        r->places_per_year = iv->places_per_year;
        r->cost_per_unit = iv->cost_per_unit;
        r->amount_per_year = iv->amount_per_year;
        r->fixed_cost_per_year = iv->fixed_cost_per_year;
        r->take_up = iv->take_up;
        r->completion = iv->completion;
        r->effect_type = name_of(effect_type_names, 3, iv->effect_type);
        r->effect_dist = name_of(dist_names, 4, iv->effect.kind);
        r->effect_a = iv->effect.a;
        r->effect_b = iv->effect.b;
        r->effect_months = iv->effect_months;
        r->decay_months = iv->decay_months;
        r->spillover = iv->spillover;
    }
    hid_t d = make_table(w, ig, "definitions", cols, (int)(sizeof cols / sizeof cols[0]),
                         sizeof *rows, rows, n, plain);
    if (d >= 0) {
        attr_str(w, d, "description",
                 "the scenario's interventions in the order of the intervention dimension: "
                 "kind person (target: a transition) or place (target: what it changes); "
                 "payer and cost shares; capacities and costs per area per year (EUR); "
                 "n_areas 0 means every simulated area; effect (hazard or odds ratio, or "
                 "shift) with its uncertainty (effect_dist, effect_b: SD, SD of log or max)");
    }
    drop(w, &d);
    free(nm);
    free(rows);
    return w->rc;
}

typedef struct pk_row {
    const char *name;
    double budget[WS_PAY_N];
    int start_year, end_year;
} pk_row;

/* /scenarios/<g>/packages: name, yearly budget per payer and years of every package. */
static int write_pk_table(writer *w, hid_t g, const ws_policy *pol, hid_t plain)
{
    if (w->rc || pol->n_packages <= 0) return w->rc;
    static const col cols[] = {
        {"name", offsetof(pk_row, name), COL_STR},
        {"budget_rijk", offsetof(pk_row, budget[WS_PAY_RIJK]), COL_F64},
        {"budget_municipality", offsetof(pk_row, budget[WS_PAY_MUNICIPALITY]), COL_F64},
        {"budget_corporation", offsetof(pk_row, budget[WS_PAY_CORPORATION]), COL_F64},
        {"budget_other", offsetof(pk_row, budget[WS_PAY_OTHER]), COL_F64},
        {"start_year", offsetof(pk_row, start_year), COL_I32},
        {"end_year", offsetof(pk_row, end_year), COL_I32},
    };
    pk_row rows[WS_MAX_PACKAGES];
    char names[WS_MAX_PACKAGES][80];
    int n = pol->n_packages < WS_MAX_PACKAGES ? pol->n_packages : WS_MAX_PACKAGES;
    for (int k = 0; k < n; k++) {
        const ws_package *pk = &pol->pk[k];
        snprintf(names[k], sizeof names[k], "%.*s", (int)sizeof pk->name, pk->name);
        rows[k].name = txt(w, names[k]);
        for (int p = 0; p < WS_PAY_N; p++)
            rows[k].budget[p] = pk->budget_per_year[p];
        rows[k].start_year = pk->start_year;
        rows[k].end_year = pk->end_year;
    }
    hid_t d = make_table(w, g, "packages", cols, (int)(sizeof cols / sizeof cols[0]), sizeof *rows,
                         rows, (size_t)n, plain);
    if (d >= 0)
        attr_str(w, d, "description",
                 "packages: budget envelope per payer in EUR per year for all areas together");
    drop(w, &d);
    return w->rc;
}

/* /scenarios/<g>/interventions: the intervention scale, the yearly outputs and spend, and the
 * definitions table. Nothing when the scenario has no interventions. */
static int write_interventions(writer *w, hid_t g, const ws_scenario *s, const ws_results *r,
                               hid_t plain)
{
    const ws_policy *pol = &s->policy;
    if (w->rc || pol->n_interventions <= 0) return w->rc;
    hid_t ig = make_group(w, g, "interventions", true);
    if (ig < 0) return w->rc;
    int n_iv = pol->n_interventions;
    const char **names = malloc((size_t)n_iv * sizeof *names);
    char(*buf)[80] = malloc((size_t)n_iv * sizeof *buf);
    if (!names || !buf) {
        fail_msg(w, WS_ENOMEM, "out of memory for intervention names");
        goto done;
    }
    for (int k = 0; k < n_iv; k++) {
        snprintf(buf[k], sizeof buf[k], "%.*s", (int)sizeof pol->iv[k].name, pol->iv[k].name);
        names[k] = txt(w, buf[k]);
    }
    int slot = add_scale(
        w, make_dataset_1d(w, ig, "intervention", w->str, (hsize_t)n_iv, plain, w->str, names),
        "intervention", "the scenario's interventions (rows of definitions)");
    if (slot < 0) goto done;
    hsize_t dims[5] = {(hsize_t)s->replications, (hsize_t)s->years, (hsize_t)s->n_areas,
                       (hsize_t)n_iv, WS_PAY_N};
    int slots[5] = {SC_REP, SC_YEAR, SC_AREA, slot, SC_PAYER};
    static const char *const label[5] = {"replication", "year", "area", "intervention", "payer"};
    static const char *const out_name[WS_IVO_N] = {"participants", "active", "waiting", "places"};
    static const char *const out_units[WS_IVO_N] = {
        "persons per year (dwellings, or mean level, for place programmes)",
        "persons in December (level in December for place programmes)",
        "persons in December", "places per year (planned dwellings or mean level)"};
    static const char *const out_desc[WS_IVO_N] = {
        "new participants in the year; place programmes: dwellings done, or the year's mean "
        "level (FTE, points, SD, starts per month)",
        "participants still in the programme in December; level programmes: December level",
        "waiting list in December (eligible persons who were not offered a place)",
        "places offered in the year within capacity and budget; dwelling programmes: planned"};
    for (int k = 0; k < WS_IVO_N && !w->rc; k++)
        write_array(w, ig, out_name[k], 4, dims, ws_results_iv_at(r, k, 0, 0, 0, 0), true, plain,
                    slots, label, out_units[k], out_desc[k]);
    write_array(w, ig, "spend", 5, dims, ws_results_spend_at(r, 0, 0, 0, 0, 0), true, plain, slots,
                label, "EUR",
                "money spent in the year by each payer (fixed and variable cost), at full scale");
    write_iv_table(w, ig, pol, plain);
done:
    free(names);
    free(buf);
    drop(w, &ig);
    return w->rc;
}

/* /scenarios/<gname>: description, one dataset per indicator with scales attached, the
 * interventions and the packages. */
static int write_scenario(writer *w, hid_t scen_root, const char *gname, const ws_scenario *s,
                          const ws_results *r, hid_t dcpl, hid_t plain)
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
    static const int slots[3] = {SC_REP, SC_YEAR, SC_AREA};
    static const char *const label[3] = {"replication", "year", "area"};
    for (int i = 0; i < WS_N_INDICATORS && !w->rc; i++) {
        const ws_indicator_info *info = &ws_indicators[i];
        /* The first s->replications replications of indicator i are contiguous in r. */
        d = make_dataset(w, ig, info->name, H5T_IEEE_F64LE, sp, dcpl, H5T_NATIVE_DOUBLE,
                         ws_results_at(r, i, 0, 0, 0));
        if (d < 0) break;
        attr_str(w, d, "units", info->units);
        attr_str(w, d, "description", info->description);
        attr_str(w, d, "domain", info->domain);
        attach(w, d, 3, slots, label);
        drop(w, &d);
    }
    drop(w, &ig);
    write_interventions(w, g, s, r, plain);
    write_pk_table(w, g, &s->policy, plain);
done:
    drop(w, &d);
    drop(w, &sp);
    drop(w, &ig);
    drop(w, &g);
    return w->rc;
}

typedef struct ce_out {
    const char *indicator, *unit;
    int n_pairs;
    double imp_mean, imp_p05, imp_p95, spend_rijk, spend_total;
    double rijk_mean, rijk_p05, rijk_p95, total_mean, total_p05, total_p95;
    signed char distinguishable;
} ce_out;

/* /summary/<gname>/cost_effectiveness: the rows of an option. */
static int write_ce(writer *w, hid_t g, const ws_summary *m, int sc, hid_t plain)
{
    if (w->rc || m->n_ce[sc] <= 0) return w->rc;
    static const col cols[] = {
        {"indicator", offsetof(ce_out, indicator), COL_STR},
        {"unit", offsetof(ce_out, unit), COL_STR},
        {"n_pairs", offsetof(ce_out, n_pairs), COL_I32},
        {"improvement_mean", offsetof(ce_out, imp_mean), COL_F64},
        {"improvement_p05", offsetof(ce_out, imp_p05), COL_F64},
        {"improvement_p95", offsetof(ce_out, imp_p95), COL_F64},
        {"spend_rijk", offsetof(ce_out, spend_rijk), COL_F64},
        {"spend_total", offsetof(ce_out, spend_total), COL_F64},
        {"eur_per_unit_rijk_mean", offsetof(ce_out, rijk_mean), COL_F64},
        {"eur_per_unit_rijk_p05", offsetof(ce_out, rijk_p05), COL_F64},
        {"eur_per_unit_rijk_p95", offsetof(ce_out, rijk_p95), COL_F64},
        {"eur_per_unit_total_mean", offsetof(ce_out, total_mean), COL_F64},
        {"eur_per_unit_total_p05", offsetof(ce_out, total_p05), COL_F64},
        {"eur_per_unit_total_p95", offsetof(ce_out, total_p95), COL_F64},
        {"distinguishable", offsetof(ce_out, distinguishable), COL_I8},
    };
    ce_out rows[WS_SUMMARY_MAX_CE];
    int n = m->n_ce[sc];
    for (int k = 0; k < n; k++) {
        const ws_ce_row *c = &m->ce[(size_t)sc * WS_SUMMARY_MAX_CE + k];
        rows[k] = (ce_out){ws_indicators[c->indicator].name,
                           ws_summary_headline(c->headline)->unit,
                           c->n_pairs,
                           c->improvement_mean,
                           c->improvement_p05,
                           c->improvement_p95,
                           c->spend_rijk,
                           c->spend_total,
                           c->eur_per_unit_rijk_mean,
                           c->eur_per_unit_rijk_p05,
                           c->eur_per_unit_rijk_p95,
                           c->eur_per_unit_total_mean,
                           c->eur_per_unit_total_p05,
                           c->eur_per_unit_total_p95,
                           (signed char)c->distinguishable};
    }
    hid_t d = make_table(w, g, "cost_effectiveness", cols, (int)(sizeof cols / sizeof cols[0]),
                         sizeof *rows, rows, (size_t)n, plain);
    if (d >= 0)
        attr_str(w, d, "description",
                 "cost per natural unit of improvement over the whole horizon, all areas, "
                 "against the baseline (see include/wijksim/summary.h): improvement = direction "
                 "x (units in the option - units in the baseline) per replication pair, units = "
                 "sum over years and areas of rate x denominator / divisor; spend = incremental "
                 "EUR (option - baseline), mean over replications; eur_per_unit_*_mean = mean "
                 "spend / mean improvement, p05/p95 from the per-replication ratios; "
                 "distinguishable 1: the improvement's 90 % band excludes zero (better), 0: it "
                 "contains zero (no EUR per unit, NaN), -1: the option is worse");
    drop(w, &d);
    return w->rc;
}

/* /summary/<gname>: per indicator a group with the statistics as [year, area + 1], then the
 * cost-effectiveness table of an option. */
static int write_summary_scenario(writer *w, hid_t sum, const char *gname, const ws_scenario *s,
                                  const ws_summary *m, int sc, hid_t plain)
{
    if (w->rc) return w->rc;
    hid_t g = make_group(w, sum, gname, true), ig = H5I_INVALID_HID;
    if (g < 0) return w->rc;
    attr_field(w, g, "name", s->name, sizeof s->name);
    attr_str(w, g, "role", sc == 0 ? "baseline" : "option");
    hsize_t dims[2] = {(hsize_t)m->n_year, (hsize_t)m->n_area + 1};
    static const int slots[2] = {SC_YEAR, SC_SUM_AREA};
    static const char *const label[2] = {"year", "area"};
    static const char *const stat_desc[WS_SUM_N] = {
        "mean over replications",
        "5 % quantile over replications",
        "median over replications",
        "95 % quantile over replications",
        "mean over replications of (this option - baseline), per replication pair",
        "5 % quantile of the per-replication difference to the baseline",
        "median of the per-replication difference to the baseline",
        "95 % quantile of the per-replication difference to the baseline"};
    int n_stat = sc == 0 ? 4 : WS_SUM_N;
    for (int i = 0; i < WS_N_INDICATORS && !w->rc; i++) {
        const ws_indicator_info *info = &ws_indicators[i];
        ig = make_group(w, g, info->name, true);
        if (ig < 0) break;
        attr_str(w, ig, "units", info->units);
        attr_str(w, ig, "description", info->description);
        for (int k = 0; k < n_stat && !w->rc; k++)
            write_array(w, ig, ws_sum_stat_name(k), 2, dims, ws_summary_at(m, sc, i, k, 0, 0),
                        false, plain, slots, label, info->units, stat_desc[k]);
        drop(w, &ig);
    }
    if (sc > 0) write_ce(w, g, m, sc, plain);
    drop(w, &ig);
    drop(w, &g);
    return w->rc;
}

/* /summary: attributes, then every scenario's summaries (the area scale is written earlier by
 * write_scales). */
static int write_summary(writer *w, hid_t sum, int n_scen, const ws_scenario *const *s,
                         char (*gname)[GROUP_NAME_MAX], const ws_summary *m, hid_t plain)
{
    if (w->rc) return w->rc;
    const char *head[WS_SUMMARY_MAX_CE];
    const char *units[WS_SUMMARY_MAX_CE];
    int nh = ws_summary_n_headlines();
    if (nh > WS_SUMMARY_MAX_CE) nh = WS_SUMMARY_MAX_CE;
    for (int k = 0; k < nh; k++) {
        head[k] = ws_summary_headline(k)->indicator;
        units[k] = ws_summary_headline(k)->unit;
    }
    attr_str(w, sum, "description",
             "summaries over replications: per scenario and indicator the statistics mean, p05, "
             "p50, p95 (and for options diff_mean .. diff_p95 of the per-replication difference "
             "to the baseline) as [year, area], the last area column being all areas; "
             "quantiles by linear interpolation between order statistics (GSL)");
    attr_field(w, sum, "baseline", s[0]->name, sizeof s[0]->name);
    attr_strs(w, sum, "headline_indicators", head, (size_t)nh);
    attr_strs(w, sum, "headline_units", units, (size_t)nh);
    for (int k = 0; k < n_scen && !w->rc; k++)
        write_summary_scenario(w, sum, gname[k], s[k], m, k, plain);
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
        int n_iv = sk->policy.n_interventions;
        if (n_iv < 0 || n_iv > WS_MAX_INTERVENTIONS ||
            (n_iv > 0 && (rk->n_iv != n_iv || !rk->iv || !rk->spend)))
            return fail_msg(w, WS_ERUNTIME,
                            "internal error: scenario '%.128s' has %d interventions but its "
                            "results hold outputs for %d",
                            sk->name, n_iv, rk->iv && rk->spend ? rk->n_iv : 0);
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
    hid_t scale_dcpl = H5I_INVALID_HID, sum = H5I_INVALID_HID;
    unsigned char *image = NULL;
    ws_summary summ;
    memset(&summ, 0, sizeof summ);
    *size = 0;

    int st = ws_summary_compute(&summ, n_scen, s, r, w->e);
    if (st != 0) {
        w->rc = st;
        goto done;
    }
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
    sum = make_group(w, file, "summary", true);
    write_scales(w, file, sum, s[0], scale_dcpl);
    ind = indicator_dcpl(w, s[0]);
    scen_root = make_group(w, file, "scenarios", true);
    for (int k = 0; k < n_scen && !w->rc; k++)
        write_scenario(w, scen_root, gname[k], s[k], r[k], ind, plain);
    write_summary(w, sum, n_scen, s, gname, &summ, plain);
    finish_scales(w);

    drop(w, &ind);
    drop(w, &scen_root);
    drop(w, &sum);
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
    finish_scales(w); /* releases the scales after a failure */
    ws_summary_close(&summ);
    drop(w, &ind);
    drop(w, &scen_root);
    drop(w, &sum);
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

static int write_file(const char *path, const ws_run_meta *m, int n_scen,
                      const ws_scenario *const *s, const ws_results *const *r,
                      const char *cmp_name, const char *cmp_desc, ws_error *e)
{
    writer w = {.path = path ? path : "(null)",
                .e = e,
                .str = H5I_INVALID_HID,
                .cmp_name = cmp_name,
                .cmp_desc = cmp_desc};
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
    free(w.sc);
    free(gname);
    if (restore) H5Eset_auto2(H5E_DEFAULT, old_fn, old_data);
    return w.rc;
}

int ws_h5_write_run(const char *path, const ws_run_meta *m, int n_scen, const ws_scenario *const *s,
                    const ws_results *const *r, ws_error *e)
{
    return write_file(path, m, n_scen, s, r, NULL, NULL, e);
}

int ws_h5_write_comparison(const char *path, const ws_run_meta *m, const ws_comparison *c,
                           const ws_results *const *r, ws_error *e)
{
    if (!c || c->n < 1 || !c->scen)
        return ws_error_set(e, WS_ERUNTIME, path, 0, NULL,
                            "cannot write results file: internal error: empty comparison");
    const ws_scenario **s = malloc((size_t)c->n * sizeof *s);
    if (!s) return ws_error_set(e, WS_ENOMEM, path, 0, NULL, "cannot write results file: out of memory");
    for (int k = 0; k < c->n; k++)
        s[k] = &c->scen[k];
    char name[sizeof c->name + 1], desc[sizeof c->description + 1];
    snprintf(name, sizeof name, "%.*s", (int)sizeof c->name, c->name);
    snprintf(desc, sizeof desc, "%.*s", (int)sizeof c->description, c->description);
    int rc = write_file(path, m, c->n, s, r, c->n > 1 ? name : NULL, desc, e);
    free(s);
    return rc;
}
