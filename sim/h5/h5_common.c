/* h5_common.c: helpers shared by the HDF5 writers and readers (see h5_common.h). */
#include "h5_common.h"
#include "wijksim/summary.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <hdf5_hl.h>

herr_t ws__h5_close_any(hid_t id)
{
    switch (H5Iget_type(id)) {
    case H5I_FILE:
        return H5Fclose(id);
    case H5I_GROUP:
        return H5Gclose(id);
    case H5I_DATASET:
        return H5Dclose(id);
    case H5I_ATTR:
        return H5Aclose(id);
    case H5I_DATATYPE:
        return H5Tclose(id);
    case H5I_DATASPACE:
        return H5Sclose(id);
    case H5I_GENPROP_LST:
        return H5Pclose(id);
    default:
        return H5Idec_ref(id) < 0 ? -1 : 0;
    }
}

static herr_t innermost_cb(unsigned n, const H5E_error2_t *err, void *ud)
{
    ws__h5_stack_msg *m = ud;
    (void)n;
    if (!m->got && err && err->desc && err->desc[0]) {
        snprintf(m->desc, sizeof m->desc, "%s", err->desc);
        for (char *c = m->desc; *c; c++)
            if (*c == '\n' || *c == '\r') *c = ' '; /* HDF5 puts newlines in some messages */
        m->got = true;
    }
    return 0;
}

void ws__h5_innermost_error(ws__h5_stack_msg *m)
{
    m->desc[0] = '\0';
    m->got = false;
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, innermost_cb, m);
}

int ws__h5_fail_v(ws_error *e, int code, const char *file, const char *prefix, const char *suffix,
                  hid_t obj, const char *fmt, va_list ap)
{
    ws__h5_stack_msg m;
    ws__h5_innermost_error(&m);
    char what[900], where[300] = "";
    vsnprintf(what, sizeof what, fmt, ap);
    if (obj >= 0) {
        char on[256];
        if (H5Iget_name(obj, on, sizeof on) > 0) snprintf(where, sizeof where, " at %s", on);
    }
    return ws_error_set(e, code, file, 0, NULL, "%s%s%s%s%s%s%s", prefix, what, suffix, where,
                        m.got ? " (HDF5: " : "", m.got ? m.desc : "", m.got ? ")" : "");
}

void ws__h5_quiet_begin(ws__h5_quiet *q)
{
    q->fn = NULL;
    q->data = NULL;
    q->restore = H5Eget_auto2(H5E_DEFAULT, &q->fn, &q->data) >= 0;
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    H5Eclear2(H5E_DEFAULT);
}

void ws__h5_quiet_end(const ws__h5_quiet *q)
{
    if (q->restore) H5Eset_auto2(H5E_DEFAULT, q->fn, q->data);
}

void ws__h5_sync_parent(const char *path)
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

int ws__h5_text_open(ws__h5_text *t, ws_error *e, const char *path, const char *what)
{
    t->buf = NULL;
    t->len = 0;
    t->mem = open_memstream(&t->buf, &t->len);
    if (t->mem) return 0;
    return ws_error_set(e, WS_ENOMEM, path, 0, NULL, "out of memory building %s", what);
}

int ws__h5_text_emit(ws__h5_text *t, int rc, FILE *out, ws_error *e, const char *path,
                     const char *what)
{
    if (t->mem && fclose(t->mem) != 0 && !rc)
        rc = ws_error_set(e, WS_ENOMEM, path, 0, NULL, "out of memory building %s", what);
    t->mem = NULL;
    if (!rc && (fwrite(t->buf, 1, t->len, out) != t->len || fflush(out) != 0 || ferror(out)))
        rc = ws_error_set(e, WS_EIO, path, 0, NULL, "cannot write %s", what);
    free(t->buf);
    t->buf = NULL;
    t->len = 0;
    return rc;
}

/* ---- writers: errors --------------------------------------------------------------------- */

/* Records the first failure: "cannot write <what>: <message>[ failed at <obj>][ (HDF5: ...)]".
 * h5: the message is about a failed HDF5 call (" failed" and HDF5's innermost message are
 * added); otherwise the HDF5 error stack is cleared so that nothing unrelated is added. */
static int wfail_v(ws__h5w *w, int code, bool h5, hid_t obj, const char *fmt, va_list ap)
{
    if (w->rc) return w->rc;
    if (!h5) H5Eclear2(H5E_DEFAULT);
    char prefix[96];
    snprintf(prefix, sizeof prefix, "cannot write %s: ", w->what ? w->what : "file");
    return w->rc = ws__h5_fail_v(w->e, code, w->path, prefix, h5 ? " failed" : "", obj, fmt, ap);
}

int ws__h5w_fail(ws__h5w *w, int code, hid_t obj, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    wfail_v(w, code, true, obj, fmt, ap);
    va_end(ap);
    return w->rc;
}

int ws__h5w_fail_msg(ws__h5w *w, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    wfail_v(w, code, false, -1, fmt, ap);
    va_end(ap);
    return w->rc;
}

int ws__h5w_fail_os(ws__h5w *w, int code, const char *what, const char *file)
{
    int err = errno;
    if (w->rc) return w->rc;
    w->rc = ws_error_set(w->e, code, w->path, 0, NULL, "cannot write %s: %s '%s' failed: %s",
                         w->what ? w->what : "file", what, file, strerror(err));
    return w->rc;
}

int ws__h5w_string_type(ws__h5w *w)
{
    if (w->rc) return w->rc;
    w->str = H5Tcopy(H5T_C_S1);
    if (w->str < 0 || H5Tset_size(w->str, H5T_VARIABLE) < 0 ||
        H5Tset_cset(w->str, H5T_CSET_UTF8) < 0)
        ws__h5w_fail(w, WS_ERUNTIME, -1, "creating the string type");
    return w->rc;
}

void ws__h5w_release(ws__h5w *w)
{
    int rc = w->rc;
    w->rc = rc ? rc : WS_ERUNTIME; /* nothing below may record a failure now */
    ws__h5w_finish_scales(w);
    ws__h5w_drop(w, &w->str);
    while (w->n_fixed)
        free(w->fixed[--w->n_fixed]);
    free(w->fixed);
    free(w->sc);
    *w = (ws__h5w){.path = w->path, .what = w->what, .e = w->e, .rc = rc, .str = H5I_INVALID_HID};
}

void ws__h5w_drop(ws__h5w *w, hid_t *id)
{
    if (*id < 0) return;
    herr_t st = ws__h5_close_any(*id);
    if (st < 0) ws__h5w_fail(w, WS_EIO, -1, "closing an HDF5 object");
    *id = H5I_INVALID_HID;
}

size_t ws__h5_utf8_seq(const unsigned char *s, size_t n)
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

bool ws__h5_utf8_valid(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        size_t k = ws__h5_utf8_seq(u + i, n - i);
        if (!k) return false;
        i += k;
    }
    return true;
}

/* s as valid UTF-8: s itself, or a repaired copy owned by w (invalid bytes become U+FFFD).
 * NULL becomes "". On allocation failure records WS_ENOMEM and returns "?". */
const char *ws__h5w_txt(ws__h5w *w, const char *s)
{
    if (!s) return "";
    size_t n = strlen(s);
    if (ws__h5_utf8_valid(s, n)) return s;
    if (w->n_fixed == w->cap_fixed) {
        size_t cap = w->cap_fixed ? 2 * w->cap_fixed : 16;
        char **f = realloc(w->fixed, cap * sizeof *f);
        if (!f) {
            ws__h5w_fail_msg(w, WS_ENOMEM, "out of memory repairing a string");
            return "?";
        }
        w->fixed = f;
        w->cap_fixed = cap;
    }
    char *c = malloc(3 * n + 1);
    if (!c) {
        ws__h5w_fail_msg(w, WS_ENOMEM, "out of memory repairing a string");
        return "?";
    }
    const unsigned char *u = (const unsigned char *)s;
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        size_t k = ws__h5_utf8_seq(u + i, n - i);
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

/* Writes attribute name on obj: scalar when rank is 0, else 1-D of n elements. */
int ws__h5w_put_attr(ws__h5w *w, hid_t obj, const char *name, hid_t ftype, hid_t mtype, int rank,
                     hsize_t n, const void *buf)
{
    if (w->rc) return w->rc;
    hid_t sp = rank ? H5Screate_simple(1, &n, NULL) : H5Screate(H5S_SCALAR);
    hid_t a = H5I_INVALID_HID;
    if (sp < 0) {
        ws__h5w_fail(w, WS_ERUNTIME, obj, "creating the dataspace of attribute '%s'", name);
        goto done;
    }
    a = H5Acreate2(obj, name, ftype, sp, H5P_DEFAULT, H5P_DEFAULT);
    if (a < 0) {
        ws__h5w_fail(w, WS_ERUNTIME, obj, "creating attribute '%s'", name);
        goto done;
    }
    if (H5Awrite(a, mtype, buf) < 0) ws__h5w_fail(w, WS_EIO, obj, "writing attribute '%s'", name);
done:
    ws__h5w_drop(w, &a);
    ws__h5w_drop(w, &sp);
    return w->rc;
}

int ws__h5w_attr_str(ws__h5w *w, hid_t obj, const char *name, const char *value)
{
    const char *v = ws__h5w_txt(w, value);
    return ws__h5w_put_attr(w, obj, name, w->str, w->str, 0, 1, &v);
}

/* Bounded copy of a fixed-size char field that may lack its terminator. */
int ws__h5w_attr_field(ws__h5w *w, hid_t obj, const char *name, const char *field, size_t cap)
{
    char buf[4097];
    size_t n = strnlen(field, cap < sizeof buf ? cap : sizeof buf - 1);
    memcpy(buf, field, n);
    buf[n] = '\0';
    return ws__h5w_attr_str(w, obj, name, buf);
}

int ws__h5w_attr_strs(ws__h5w *w, hid_t obj, const char *name, const char *const *values, size_t n)
{
    if (w->rc) return w->rc;
    const char **v = malloc((n ? n : 1) * sizeof *v);
    if (!v) return ws__h5w_fail_msg(w, WS_ENOMEM, "out of memory for attribute '%s'", name);
    for (size_t i = 0; i < n; i++)
        v[i] = ws__h5w_txt(w, values[i]);
    ws__h5w_put_attr(w, obj, name, w->str, w->str, 1, n, v);
    free(v);
    return w->rc;
}

int ws__h5w_headline_attrs(ws__h5w *w, hid_t obj)
{
    const char *head[WS_SUMMARY_MAX_CE], *units[WS_SUMMARY_MAX_CE];
    int nh = ws_summary_n_headlines();
    if (nh > WS_SUMMARY_MAX_CE) nh = WS_SUMMARY_MAX_CE;
    for (int k = 0; k < nh; k++) {
        head[k] = ws_summary_headline(k)->indicator;
        units[k] = ws_summary_headline(k)->unit;
    }
    ws__h5w_attr_strs(w, obj, "headline_indicators", head, (size_t)nh);
    return ws__h5w_attr_strs(w, obj, "headline_units", units, (size_t)nh);
}

int ws__h5w_indicator_attrs(ws__h5w *w, hid_t obj, int i)
{
    const ws_indicator_info *in = &ws_indicators[i];
    signed char better = (signed char)in->better;
    ws__h5w_attr_str(w, obj, "domain", in->domain);
    ws__h5w_attr_str(w, obj, "label", in->label);
    return ws__h5w_put_attr(w, obj, "better", H5T_STD_I8LE, H5T_NATIVE_SCHAR, 0, 1, &better);
}

int ws__h5w_attr_i32(ws__h5w *w, hid_t obj, const char *name, int value)
{
    return ws__h5w_put_attr(w, obj, name, H5T_STD_I32LE, H5T_NATIVE_INT, 0, 1, &value);
}

int ws__h5w_attr_i64(ws__h5w *w, hid_t obj, const char *name, long long value)
{
    return ws__h5w_put_attr(w, obj, name, H5T_STD_I64LE, H5T_NATIVE_LLONG, 0, 1, &value);
}

int ws__h5w_attr_f64(ws__h5w *w, hid_t obj, const char *name, double value)
{
    return ws__h5w_put_attr(w, obj, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 0, 1, &value);
}

/* ---- objects ----------------------------------------------------------------------------- */

/* Creates group name in loc with no timestamps and, when ordered, tracked creation order.
 * Returns the group id or H5I_INVALID_HID (failure recorded). */
hid_t ws__h5w_group(ws__h5w *w, hid_t loc, const char *name, bool ordered)
{
    if (w->rc) return H5I_INVALID_HID;
    hid_t g = H5I_INVALID_HID, lcpl = H5I_INVALID_HID;
    hid_t gcpl = H5Pcreate(H5P_GROUP_CREATE);
    if (gcpl < 0 || H5Pset_obj_track_times(gcpl, 0) < 0 ||
        (ordered &&
         H5Pset_link_creation_order(gcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED) < 0)) {
        ws__h5w_fail(w, WS_ERUNTIME, loc, "setting up group '%s'", name);
        goto done;
    }
    lcpl = H5Pcreate(H5P_LINK_CREATE);
    if (lcpl < 0 || H5Pset_char_encoding(lcpl, H5T_CSET_UTF8) < 0) {
        ws__h5w_fail(w, WS_ERUNTIME, loc, "setting up the link to group '%s'", name);
        goto done;
    }
    g = H5Gcreate2(loc, name, lcpl, gcpl, H5P_DEFAULT);
    if (g < 0) ws__h5w_fail(w, WS_ERUNTIME, loc, "creating group '%s'", name);
done:
    ws__h5w_drop(w, &lcpl);
    ws__h5w_drop(w, &gcpl);
    return g;
}

/* Creates dataset name (type ftype, space sp, creation properties dcpl) and writes buf of
 * memory type mtype into it. Returns the open dataset or H5I_INVALID_HID. */
hid_t ws__h5w_dataset(ws__h5w *w, hid_t loc, const char *name, hid_t ftype, hid_t sp, hid_t dcpl,
                      hid_t mtype, const void *buf)
{
    if (w->rc) return H5I_INVALID_HID;
    hid_t d = H5Dcreate2(loc, name, ftype, sp, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    if (d < 0) {
        ws__h5w_fail(w, WS_ERUNTIME, loc, "creating dataset '%s'", name);
        return d;
    }
    if (buf && H5Dwrite(d, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0) {
        ws__h5w_fail(w, WS_EIO, d, "writing dataset");
        ws__h5w_drop(w, &d);
    }
    return d;
}

/* 1-D dataset of n elements. */
hid_t ws__h5w_dataset_1d(ws__h5w *w, hid_t loc, const char *name, hid_t ftype, hsize_t n,
                         hid_t dcpl, hid_t mtype, const void *buf)
{
    if (w->rc) return H5I_INVALID_HID;
    hid_t sp = H5Screate_simple(1, &n, NULL);
    if (sp < 0) {
        ws__h5w_fail(w, WS_ERUNTIME, loc, "creating the dataspace of '%s'", name);
        return H5I_INVALID_HID;
    }
    hid_t d = ws__h5w_dataset(w, loc, name, ftype, sp, dcpl, mtype, buf);
    ws__h5w_drop(w, &sp);
    return d;
}

/* Writes rows (row_size bytes each, string columns as const char *) as a 1-D compound dataset
 * with little-endian, packed file types. Returns the open dataset or H5I_INVALID_HID. */
hid_t ws__h5_row_type(const ws__h5_col *cols, int n_cols, size_t row_size, hid_t str)
{
    hid_t mt = H5Tcreate(H5T_COMPOUND, row_size);
    for (int c = 0; mt >= 0 && c < n_cols; c++) {
        hid_t member = cols[c].kind == WS__COL_STR   ? str
                       : cols[c].kind == WS__COL_F64 ? H5T_NATIVE_DOUBLE
                       : cols[c].kind == WS__COL_I8  ? H5T_NATIVE_SCHAR
                                                     : H5T_NATIVE_INT;
        if (H5Tinsert(mt, cols[c].name, cols[c].off, member) < 0) {
            H5Tclose(mt);
            mt = H5I_INVALID_HID;
        }
    }
    return mt;
}

hid_t ws__h5w_table(ws__h5w *w, hid_t loc, const char *name, const ws__h5_col *cols, int n_cols,
                    size_t row_size, const void *rows, size_t n_rows, hid_t dcpl)
{
    if (w->rc) return H5I_INVALID_HID;
    hid_t d = H5I_INVALID_HID;
    hid_t mt = ws__h5_row_type(cols, n_cols, row_size, w->str);
    size_t fsize = 0;
    for (int c = 0; c < n_cols; c++)
        fsize += cols[c].kind == WS__COL_STR   ? H5Tget_size(w->str)
                 : cols[c].kind == WS__COL_F64 ? 8
                 : cols[c].kind == WS__COL_I8  ? 1
                                               : 4;
    hid_t ft = H5Tcreate(H5T_COMPOUND, fsize);
    if (mt < 0 || ft < 0) {
        ws__h5w_fail(w, WS_ERUNTIME, loc, "creating the compound type of '%s'", name);
        goto done;
    }
    size_t foff = 0;
    for (int c = 0; c < n_cols; c++) {
        hid_t f_member = cols[c].kind == WS__COL_STR   ? w->str
                         : cols[c].kind == WS__COL_F64 ? H5T_IEEE_F64LE
                         : cols[c].kind == WS__COL_I8  ? H5T_STD_I8LE
                                                       : H5T_STD_I32LE;
        if (H5Tinsert(ft, cols[c].name, foff, f_member) < 0) {
            ws__h5w_fail(w, WS_ERUNTIME, loc, "adding column '%s' to '%s'", cols[c].name, name);
            goto done;
        }
        foff += H5Tget_size(f_member);
    }
    d = ws__h5w_dataset_1d(w, loc, name, ft, (hsize_t)n_rows, dcpl, mt, rows);
done:
    ws__h5w_drop(w, &ft);
    ws__h5w_drop(w, &mt);
    return d;
}

/* Dimension scales, the way H5DSattach_scale stores them (HDF5 Dimension Scale specification):
 * the dataset gets DIMENSION_LIST (per dimension a variable-length list of references to its
 * scales) and each scale gets REFERENCE_LIST (compound "dataset" reference + "dimension" int,
 * one entry per attached dataset dimension). H5DSattach_scale rewrites a scale's whole
 * REFERENCE_LIST on every call: with thousands of datasets (a sweep) that is quadratic in time
 * and every old copy stays behind as dead space (300 scenarios: 16 s and 740 MB extra). So the
 * dataset side is written here per dataset (ws__h5w_attach) and each scale's REFERENCE_LIST once,
 * by ws__h5w_finish_scales, at the end. H5DSis_attached, h5py, netCDF-4 and HDFView read the result
 * like any H5DS file; labels go through H5DSset_label. */
typedef struct ref_entry {
    hobj_ref_t dataset; /* the dataset a scale is attached to */
    int dimension;      /* which of its dimensions */
} ref_entry;

struct ws__h5_scale {
    hid_t id;        /* the open scale dataset (owned until ws__h5w_finish_scales) */
    hobj_ref_t ref;  /* reference to it */
    ref_entry *list; /* datasets attached to it (owned) */
    size_t n, cap;
};

/* Makes dataset d (ownership passes to w, also on failure) the dimension scale called name
 * with a description. Returns its slot, or -1 with the failure recorded. */
int ws__h5w_add_scale(ws__h5w *w, hid_t d, const char *name, const char *doc)
{
    if (w->rc || d < 0) {
        ws__h5w_drop(w, &d);
        return -1;
    }
    if (w->n_sc == w->cap_sc) {
        size_t cap = w->cap_sc ? 2 * w->cap_sc : 16;
        ws__h5_scale *n = realloc(w->sc, cap * sizeof *n);
        if (!n) {
            ws__h5w_drop(w, &d);
            ws__h5w_fail_msg(w, WS_ENOMEM, "out of memory for dimension scales");
            return -1;
        }
        w->sc = n;
        w->cap_sc = cap;
    }
    ws__h5_scale *sc = &w->sc[w->n_sc];
    memset(sc, 0, sizeof *sc);
    sc->id = d;
    w->n_sc++;
    if (H5DSset_scale(d, name) < 0) {
        ws__h5w_fail(w, WS_ERUNTIME, d, "making a dimension scale");
        return -1;
    }
    ws__h5w_attr_str(w, d, "description", doc);
    if (!w->rc && H5Rcreate(&sc->ref, d, ".", H5R_OBJECT, -1) < 0) {
        ws__h5w_fail(w, WS_ERUNTIME, d, "referencing a dimension scale");
        return -1;
    }
    return w->rc ? -1 : (int)(w->n_sc - 1);
}

/* Attaches scales slot[0..rank-1] to the dimensions of dataset d and labels them. */
int ws__h5w_attach(ws__h5w *w, hid_t d, int rank, const int *slot, const char *const *label)
{
    if (w->rc) return w->rc;
    hvl_t lists[8];
    for (int k = 0; k < rank; k++) {
        lists[k].len = 1;
        lists[k].p = &w->sc[slot[k]].ref;
    }
    hid_t t = H5Tvlen_create(H5T_STD_REF_OBJ);
    if (t < 0) return ws__h5w_fail(w, WS_ERUNTIME, d, "creating the DIMENSION_LIST type");
    ws__h5w_put_attr(w, d, "DIMENSION_LIST", t, t, 1, (hsize_t)rank, lists);
    ws__h5w_drop(w, &t);
    for (int k = 0; k < rank && !w->rc; k++)
        if (H5DSset_label(d, (unsigned)k, label[k]) < 0)
            ws__h5w_fail(w, WS_ERUNTIME, d, "labelling dimension %d", k);
    if (w->rc) return w->rc;
    hobj_ref_t ref;
    if (H5Rcreate(&ref, d, ".", H5R_OBJECT, -1) < 0)
        return ws__h5w_fail(w, WS_ERUNTIME, d, "referencing the dataset");
    for (int k = 0; k < rank; k++) {
        ws__h5_scale *sc = &w->sc[slot[k]];
        if (sc->n == sc->cap) {
            size_t cap = sc->cap ? 2 * sc->cap : 64;
            ref_entry *n = realloc(sc->list, cap * sizeof *n);
            if (!n) return ws__h5w_fail_msg(w, WS_ENOMEM, "out of memory for dataset references");
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
int ws__h5w_finish_scales(ws__h5w *w)
{
    hid_t t = H5I_INVALID_HID;
    if (!w->rc) {
        t = H5Tcreate(H5T_COMPOUND, sizeof(ref_entry));
        if (t < 0 || H5Tinsert(t, "dataset", HOFFSET(ref_entry, dataset), H5T_STD_REF_OBJ) < 0 ||
            H5Tinsert(t, "dimension", HOFFSET(ref_entry, dimension), H5T_NATIVE_INT) < 0)
            ws__h5w_fail(w, WS_ERUNTIME, -1, "creating the REFERENCE_LIST type");
    }
    for (size_t k = 0; k < w->n_sc; k++) {
        ws__h5_scale *sc = &w->sc[k];
        if (!w->rc) {
            htri_t ex = H5Aexists(sc->id, "REFERENCE_LIST"); /* only if H5DS made one */
            if (ex < 0 || (ex > 0 && H5Adelete(sc->id, "REFERENCE_LIST") < 0))
                ws__h5w_fail(w, WS_ERUNTIME, sc->id, "replacing REFERENCE_LIST");
            else if (sc->n)
                ws__h5w_put_attr(w, sc->id, "REFERENCE_LIST", t, t, 1, sc->n, sc->list);
        }
        ws__h5w_drop(w, &sc->id);
        free(sc->list);
        sc->list = NULL;
    }
    w->n_sc = 0;
    ws__h5w_drop(w, &t);
    return w->rc;
}

int ws__h5w_source(ws__h5w *w, hid_t input, const char *name, const char *src, size_t len,
                   const char *path, size_t path_cap, const char *sha256, size_t sha_cap,
                   hid_t dcpl)
{
    if (w->rc) return w->rc;
    if (!src) src = "", len = 0;
    bool has_nul = memchr(src, '\0', len) != NULL;
    hid_t t = H5I_INVALID_HID, sp = H5I_INVALID_HID, d = H5I_INVALID_HID;
    const char *encoding;
    if (has_nul) {
        encoding = "uint8";
        d = ws__h5w_dataset_1d(w, input, name, H5T_STD_U8LE, (hsize_t)len, dcpl, H5T_NATIVE_UCHAR,
                               src);
    } else {
        bool utf8 = ws__h5_utf8_valid(src, len);
        encoding = utf8 ? "utf-8" : "bytes";
        t = H5Tcopy(H5T_C_S1);
        if (t < 0 || H5Tset_size(t, H5T_VARIABLE) < 0 ||
            H5Tset_cset(t, utf8 ? H5T_CSET_UTF8 : H5T_CSET_ASCII) < 0) {
            ws__h5w_fail(w, WS_ERUNTIME, input, "creating the string type of %s", name);
            goto done;
        }
        sp = H5Screate(H5S_SCALAR);
        if (sp < 0) {
            ws__h5w_fail(w, WS_ERUNTIME, input, "creating the dataspace of %s", name);
            goto done;
        }
        d = ws__h5w_dataset(w, input, name, t, sp, dcpl, t, &src);
    }
    if (d < 0) goto done;
    ws__h5w_attr_field(w, d, "path", path, path_cap);
    ws__h5w_attr_i64(w, d, "bytes", (long long)len);
    ws__h5w_attr_field(w, d, "sha256", sha256, sha_cap);
    ws__h5w_attr_str(w, d, "encoding", encoding);
done:
    ws__h5w_drop(w, &d);
    ws__h5w_drop(w, &sp);
    ws__h5w_drop(w, &t);
    return w->rc;
}

typedef struct param_row {
    const char *name;
    double value, def, min, max;
    const char *type, *unit, *source, *doc;
} param_row;

int ws__h5w_params(ws__h5w *w, hid_t input, const ws_params *params, hid_t dcpl)
{
    if (w->rc) return w->rc;
    static const ws__h5_col cols[] = {
        {"name", offsetof(param_row, name), WS__COL_STR},
        {"value", offsetof(param_row, value), WS__COL_F64},
        {"default", offsetof(param_row, def), WS__COL_F64},
        {"min", offsetof(param_row, min), WS__COL_F64},
        {"max", offsetof(param_row, max), WS__COL_F64},
        {"type", offsetof(param_row, type), WS__COL_STR},
        {"unit", offsetof(param_row, unit), WS__COL_STR},
        {"source", offsetof(param_row, source), WS__COL_STR},
        {"doc", offsetof(param_row, doc), WS__COL_STR},
    };
    size_t n = (size_t)ws_n_params;
    param_row *rows = calloc(n ? n : 1, sizeof *rows);
    if (!rows) return ws__h5w_fail_msg(w, WS_ENOMEM, "out of memory for the parameter table");
    for (size_t i = 0; i < n; i++) {
        const ws_param_info *p = &ws_param_table[i];
        rows[i] = (param_row){ws__h5w_txt(w, p->name),
                              ws_params_get(params, (int)i),
                              p->def,
                              p->min,
                              p->max,
                              p->type == WS_PT_INT ? "int" : "real",
                              ws__h5w_txt(w, p->unit),
                              ws__h5w_txt(w, p->source),
                              ws__h5w_txt(w, p->doc)};
    }
    hid_t d = ws__h5w_table(w, input, "parameters", cols, (int)(sizeof cols / sizeof cols[0]),
                            sizeof *rows, rows, n, dcpl);
    if (d >= 0)
        ws__h5w_attr_str(w, d, "description",
                         "model parameters as used by this run (value) "
                         "with their defaults, ranges, units and sources");
    ws__h5w_drop(w, &d);
    free(rows);
    return w->rc;
}

typedef struct area_row {
    const char *id, *name, *municipality, *gm_code;
    int index;
    signed char in_2020_programme;
    double residents, dwellings;
} area_row;

int ws__h5w_areas(ws__h5w *w, hid_t input, const ws_scenario *s, hid_t dcpl)
{
    if (w->rc) return w->rc;
    static const ws__h5_col cols[] = {
        {"id", offsetof(area_row, id), WS__COL_STR},
        {"name", offsetof(area_row, name), WS__COL_STR},
        {"municipality", offsetof(area_row, municipality), WS__COL_STR},
        {"gm_code", offsetof(area_row, gm_code), WS__COL_STR},
        {"file_index", offsetof(area_row, index), WS__COL_I32},
        {"in_2020_programme", offsetof(area_row, in_2020_programme), WS__COL_I8},
        {"residents", offsetof(area_row, residents), WS__COL_F64},
        {"dwellings", offsetof(area_row, dwellings), WS__COL_F64},
    };
    size_t n = (size_t)s->n_areas;
    area_row *rows = calloc(n, sizeof *rows);
    if (!rows) return ws__h5w_fail_msg(w, WS_ENOMEM, "out of memory for the area table");
    for (size_t i = 0; i < n; i++) {
        const ws_area *a = &s->areas.area[s->area_sel[i]];
        rows[i] = (area_row){ws__h5w_txt(w, a->id),
                             ws__h5w_txt(w, a->name),
                             ws__h5w_txt(w, a->municipality),
                             ws__h5w_txt(w, a->gm_code),
                             a->index,
                             (signed char)(a->in_2020 ? 1 : 0),
                             a->residents,
                             a->dwellings};
    }
    hid_t d = ws__h5w_table(w, input, "areas", cols, (int)(sizeof cols / sizeof cols[0]),
                            sizeof *rows, rows, n, dcpl);
    if (d >= 0) {
        ws__h5w_attr_str(w, d, "description",
                         "simulated areas in the order of the area dimension; "
                         "file_index is the row in the area file (keys random "
                         "streams); residents and dwellings as in the area file");
        ws__h5w_attr_field(w, d, "area_file", s->areas.path, sizeof s->areas.path);
    }
    ws__h5w_drop(w, &d);
    free(rows);
    return w->rc;
}

hid_t ws__h5w_chunk_dcpl(ws__h5w *w, int rank, const hsize_t *chunk, bool nan_fill)
{
    if (w->rc) return H5I_INVALID_HID;
    hid_t p = H5Pcreate(H5P_DATASET_CREATE);
    if (p < 0) {
        ws__h5w_fail(w, WS_ERUNTIME, -1, "creating dataset properties");
        return p;
    }
    double nan = NAN;
    unsigned cfg = 0;
    if (H5Pset_chunk(p, rank, chunk) < 0 || H5Pset_obj_track_times(p, 0) < 0 ||
        (nan_fill && H5Pset_fill_value(p, H5T_NATIVE_DOUBLE, &nan) < 0) ||
        (H5Zfilter_avail(H5Z_FILTER_SHUFFLE) > 0 && H5Pset_shuffle(p) < 0) ||
        (H5Zfilter_avail(H5Z_FILTER_DEFLATE) > 0 &&
         H5Zget_filter_info(H5Z_FILTER_DEFLATE, &cfg) >= 0 &&
         (cfg & H5Z_FILTER_CONFIG_ENCODE_ENABLED) && H5Pset_deflate(p, 4) < 0)) {
        ws__h5w_fail(w, WS_ERUNTIME, -1, "setting dataset properties");
        ws__h5w_drop(w, &p);
    }
    return p;
}

hid_t ws__h5w_f64(ws__h5w *w, hid_t loc, const char *name, int rank, const hsize_t *dims,
                  hid_t dcpl, hid_t dapl, const double *buf, const int *slot,
                  const char *const *label, const char *units, const char *desc)
{
    if (w->rc) return H5I_INVALID_HID;
    hid_t sp = H5Screate_simple(rank, dims, NULL), d = H5I_INVALID_HID;
    if (sp < 0) {
        ws__h5w_fail(w, WS_ERUNTIME, loc, "creating the dataspace of '%s'", name);
        return d;
    }
    d = H5Dcreate2(loc, name, H5T_IEEE_F64LE, sp, H5P_DEFAULT, dcpl, dapl);
    if (d < 0)
        ws__h5w_fail(w, WS_ERUNTIME, loc, "creating dataset '%s'", name);
    else if (buf && H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0)
        ws__h5w_fail(w, WS_EIO, d, "writing dataset");
    ws__h5w_drop(w, &sp);
    ws__h5w_attr_str(w, d, "units", units);
    ws__h5w_attr_str(w, d, "description", desc);
    ws__h5w_attach(w, d, rank, slot, label);
    if (w->rc) ws__h5w_drop(w, &d);
    return d;
}

hid_t ws__h5w_scale_id(const ws__h5w *w, int k)
{
    return k >= 0 && (size_t)k < w->n_sc ? w->sc[k].id : H5I_INVALID_HID;
}

int ws__h5w_scales(ws__h5w *w, hid_t loc, int n_rep, int start_year, int n_year, int n_area,
                   const char *const *names, const char *const *ids, hid_t dcpl)
{
    if (w->rc) return -1;
    size_t nr = (size_t)n_rep, ny = (size_t)n_year, na = (size_t)n_area;
    int *ints = malloc((nr > ny ? nr : ny) * sizeof *ints);
    const char **fixed = malloc((na ? na : 1) * sizeof *fixed);
    int first = -1;
    if (!ints || !fixed) {
        ws__h5w_fail_msg(w, WS_ENOMEM, "out of memory for the dimension scales");
        goto done;
    }
    for (size_t i = 0; i < nr; i++)
        ints[i] = (int)i;
    first = ws__h5w_add_scale(
        w, ws__h5w_dataset_1d(w, loc, "replication", H5T_STD_I32LE, nr, dcpl, H5T_NATIVE_INT, ints),
        "replication",
        "replication number (0-based); replications differ only in their random streams");
    for (size_t i = 0; i < ny; i++)
        ints[i] = start_year + (int)i;
    ws__h5w_add_scale(
        w, ws__h5w_dataset_1d(w, loc, "year", H5T_STD_I32LE, ny, dcpl, H5T_NATIVE_INT, ints),
        "year", "calendar year; stocks are measured in December, flows counted over the year");
    for (size_t i = 0; i < na; i++)
        fixed[i] = ws__h5w_txt(w, names[i]);
    int k = ws__h5w_add_scale(
        w, ws__h5w_dataset_1d(w, loc, "area", w->str, na, dcpl, w->str, fixed), "area",
        "simulated area (display name); attribute ids holds the area ids, /input/areas the rest");
    if (k >= 0) ws__h5w_attr_strs(w, w->sc[k].id, "ids", ids, na);
    const char *payers[WS_PAY_N];
    for (int p = 0; p < WS_PAY_N; p++)
        payers[p] = ws_payer_name(p);
    ws__h5w_add_scale(w,
                      ws__h5w_dataset_1d(w, loc, "payer", w->str, WS_PAY_N, dcpl, w->str, payers),
                      "payer", "who pays an intervention's cost (Rijk = national government)");
done:
    free(ints);
    free(fixed);
    return w->rc ? -1 : first;
}

/* ---- readers ----------------------------------------------------------------------------- */

/* Records the first failure. h5: an HDF5 call failed (its innermost message is added); else
 * the file's content is wrong and the message says what. Returns r->rc. */
int ws__h5r_fail(ws__h5r *r, int code, bool h5, const char *fmt, ...)
{
    if (r->rc) return r->rc;
    if (!h5) H5Eclear2(H5E_DEFAULT);
    va_list ap;
    va_start(ap, fmt);
    r->rc = ws__h5_fail_v(r->e, code, r->path, "", "", -1, fmt, ap);
    va_end(ap);
    return r->rc;
}

void ws__h5r_drop(hid_t *id)
{
    if (*id >= 0) (void)ws__h5_close_any(*id);
    *id = H5I_INVALID_HID;
}

void ws__h5_free_texts(char **v, size_t n)
{
    for (size_t k = 0; v && k < n; k++)
        free(v[k]);
    free(v);
}

/* The n strings held by attribute (is_attr) or dataset obj, variable- or fixed-length, as
 * malloc'd copies in a malloc'd array (ws__h5_free_texts). what names obj in messages. */
int ws__h5r_texts(ws__h5r *r, hid_t obj, bool is_attr, const char *what, char ***out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (r->rc) return r->rc;
    hid_t ft = is_attr ? H5Aget_type(obj) : H5Dget_type(obj);
    hid_t sp = is_attr ? H5Aget_space(obj) : H5Dget_space(obj), mt = H5I_INVALID_HID;
    hssize_t count = sp < 0 ? -1 : H5Sget_simple_extent_npoints(sp);
    char **v = NULL, *flat = NULL;
    if (ft < 0 || count < 0) {
        ws__h5r_fail(r, WS_EIO, true, "cannot read the type of %s", what);
        goto done;
    }
    if (H5Tget_class(ft) != H5T_STRING) {
        ws__h5r_fail(r, WS_EINPUT, false, "damaged %s: %s is not text", r->kind, what);
        goto done;
    }
    size_t k = (size_t)count, width = H5Tget_size(ft);
    htri_t var = H5Tis_variable_str(ft);
    v = calloc(k ? k : 1, sizeof *v);
    mt = H5Tcopy(ft);
    if (!v || mt < 0 || var < 0 ||
        (!var && (H5Tset_size(mt, width + 1) < 0 || H5Tset_strpad(mt, H5T_STR_NULLTERM) < 0))) {
        ws__h5r_fail(r, WS_EIO, true, "cannot set up reading %s", what);
        goto done;
    }
    void *dst = v;
    if (!var && !(dst = flat = malloc(k * (width + 1) + 1))) {
        ws__h5r_fail(r, WS_ENOMEM, false, "out of memory reading %s", what);
        goto done;
    }
    herr_t st =
        is_attr ? H5Aread(obj, mt, dst) : H5Dread(obj, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, dst);
    if (st < 0) {
        memset(v, 0, k * sizeof *v);
        ws__h5r_fail(r, WS_EIO, true, "cannot read %s", what);
        goto done;
    }
    for (size_t i = 0; i < k; i++) {
        char *raw = var ? v[i] : flat + i * (width + 1);
        char *copy = var ? strdup(raw ? raw : "") : strndup(raw, width);
        if (var) H5free_memory(raw);
        v[i] = copy;
        if (!copy) ws__h5r_fail(r, WS_ENOMEM, false, "out of memory reading %s", what);
    }
done:
    free(flat);
    ws__h5r_drop(&mt);
    ws__h5r_drop(&sp);
    ws__h5r_drop(&ft);
    if (r->rc) {
        ws__h5_free_texts(v, v ? (size_t)(count > 0 ? count : 0) : 0);
        return r->rc;
    }
    *out = v;
    *n = (size_t)count;
    return 0;
}

/* Opens attribute name of obj. Returns the id; H5I_INVALID_HID when it is absent (an error
 * when need) or on failure. */
hid_t ws__h5r_attr_open(ws__h5r *r, hid_t obj, const char *name, bool need)
{
    if (r->rc) return H5I_INVALID_HID;
    htri_t ex = H5Aexists(obj, name);
    if (ex < 0) ws__h5r_fail(r, WS_EIO, true, "cannot look up attribute '%s'", name);
    if (ex == 0 && need)
        ws__h5r_fail(r, WS_EINPUT, false, "not a complete %s: attribute '%s' is missing", r->kind,
                     name);
    if (ex <= 0) return H5I_INVALID_HID;
    hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
    if (a < 0) ws__h5r_fail(r, WS_EIO, true, "cannot open attribute '%s'", name);
    return a;
}

/* Scalar number attribute name of obj read as memory type mt into v. Returns 1 when read, 0
 * when absent and not needed, or the failure. */
int ws__h5r_attr_num(ws__h5r *r, hid_t obj, const char *name, bool need, hid_t mt, void *v)
{
    hid_t a = ws__h5r_attr_open(r, obj, name, need), t = H5I_INVALID_HID, sp = H5I_INVALID_HID;
    if (a < 0) return r->rc;
    t = H5Aget_type(a);
    sp = H5Aget_space(a);
    H5T_class_t cls = t < 0 ? H5T_NO_CLASS : H5Tget_class(t);
    if (sp < 0 || (cls != H5T_INTEGER && cls != H5T_FLOAT) || H5Sget_simple_extent_npoints(sp) != 1)
        ws__h5r_fail(r, WS_EINPUT, false, "damaged %s: attribute '%s' is not a number", r->kind,
                     name);
    else if (H5Aread(a, mt, v) < 0)
        ws__h5r_fail(r, WS_EIO, true, "cannot read attribute '%s'", name);
    ws__h5r_drop(&sp);
    ws__h5r_drop(&t);
    ws__h5r_drop(&a);
    return r->rc ? r->rc : 1;
}

/* Text attribute name of obj: its strings (ws__h5_free_texts). Returns 1, 0 when absent and not
 * needed, or the failure. */
int ws__h5r_attr_texts(ws__h5r *r, hid_t obj, const char *name, bool need, char ***v, size_t *n)
{
    *v = NULL;
    *n = 0;
    hid_t a = ws__h5r_attr_open(r, obj, name, need);
    if (a < 0) return r->rc;
    char what[160];
    snprintf(what, sizeof what, "attribute '%s'", name);
    ws__h5r_texts(r, a, true, what, v, n);
    ws__h5r_drop(&a);
    return r->rc ? r->rc : 1;
}

/* A one-string attribute into buf (cap bytes, cut if longer; "" when absent and not needed). */
int ws__h5r_attr_text(ws__h5r *r, hid_t obj, const char *name, bool need, char *buf, size_t cap)
{
    char **v;
    size_t n;
    buf[0] = '\0';
    int st = ws__h5r_attr_texts(r, obj, name, need, &v, &n);
    if (st == 1 && n != 1)
        ws__h5r_fail(r, WS_EINPUT, false, "damaged %s: attribute '%s' holds %zu strings, not one",
                     r->kind, name, n);
    else if (st == 1)
        snprintf(buf, cap, "%s", v[0]);
    ws__h5_free_texts(v, n);
    return r->rc;
}

/* Opens dataset path (relative to loc) with access properties dapl; missing is WS_EINPUT. */
hid_t ws__h5r_open_ds(ws__h5r *r, hid_t loc, const char *path, hid_t dapl)
{
    if (r->rc) return H5I_INVALID_HID;
    if (H5Lexists(loc, path, H5P_DEFAULT) <= 0) { /* fails when a group on the way is missing */
        ws__h5r_fail(r, WS_EINPUT, false, "not a complete %s: '%s' is missing", r->kind, path);
        return H5I_INVALID_HID;
    }
    hid_t d = H5Dopen2(loc, path, dapl);
    if (d < 0) ws__h5r_fail(r, WS_EIO, true, "cannot open dataset '%s'", path);
    return d;
}

/* Checks that dataset d (at path) has the n dimensions want (named in legend). */
int ws__h5r_check_dims(ws__h5r *r, hid_t d, const char *path, int n, const hsize_t *want,
                       const char *legend)
{
    if (r->rc) return r->rc;
    hsize_t got[H5S_MAX_RANK];
    hid_t sp = H5Dget_space(d);
    int rank = sp < 0 ? -1 : H5Sget_simple_extent_dims(sp, got, NULL);
    ws__h5r_drop(&sp);
    if (rank < 0) return ws__h5r_fail(r, WS_EIO, true, "cannot read the shape of '%s'", path);
    bool same = rank == n;
    for (int k = 0; same && k < n; k++)
        same = got[k] == want[k];
    if (same) return 0;
    char g[200] = "", x[200] = "";
    for (int k = 0, og = 0, ox = 0; k < (rank > n ? rank : n); k++) {
        if (k < rank && og < (int)sizeof g)
            og += snprintf(g + og, sizeof g - (size_t)og, "%s%llu", k ? " x " : "",
                           (unsigned long long)got[k]);
        if (k < n && ox < (int)sizeof x)
            ox += snprintf(x + ox, sizeof x - (size_t)ox, "%s%llu", k ? " x " : "",
                           (unsigned long long)want[k]);
    }
    return ws__h5r_fail(r, WS_EINPUT, false, "damaged %s: '%s' is %s, expected %s (%s)", r->kind,
                        path, rank ? g : "a scalar", x, legend);
}

/* Reads the whole dataset path, which must have the n dimensions want, as memory type mt. */
int ws__h5r_read_ds(ws__h5r *r, hid_t loc, const char *path, int n, const hsize_t *want,
                    const char *legend, hid_t mt, void *buf)
{
    hid_t d = ws__h5r_open_ds(r, loc, path, H5P_DEFAULT);
    if (d >= 0 && !ws__h5r_check_dims(r, d, path, n, want, legend) &&
        H5Dread(d, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0)
        ws__h5r_fail(r, WS_EIO, true, "cannot read '%s'", path);
    ws__h5r_drop(&d);
    return r->rc;
}

/* Rows of dataset path (1-D), or -1 (failure recorded). */
long long ws__h5r_rows(ws__h5r *r, hid_t loc, const char *path)
{
    hid_t d = ws__h5r_open_ds(r, loc, path, H5P_DEFAULT),
          sp = d < 0 ? H5I_INVALID_HID : H5Dget_space(d);
    hssize_t n = sp < 0 ? -1 : H5Sget_simple_extent_npoints(sp);
    if (d >= 0 && n < 0) ws__h5r_fail(r, WS_EIO, true, "cannot read the shape of '%s'", path);
    ws__h5r_drop(&sp);
    ws__h5r_drop(&d);
    return r->rc ? -1 : (long long)n;
}

/* Opens path read-only without file locking, after checking it is a readable HDF5 file. */
hid_t ws__h5r_open_file(ws__h5r *r)
{
    struct stat st;
    if (!r->path[0]) {
        ws__h5r_fail(r, WS_EIO, false, "no file name given");
        return H5I_INVALID_HID;
    }
    int err = stat(r->path, &st) != 0      ? errno
              : S_ISDIR(st.st_mode)        ? EISDIR
              : access(r->path, R_OK) != 0 ? errno
                                           : 0;
    if (err == EISDIR) {
        ws__h5r_fail(r, WS_EIO, false, "is a directory, not a %s", r->kind);
        return H5I_INVALID_HID;
    }
    if (err) {
        ws__h5r_fail(r, WS_EIO, false, "cannot read the %s: %s", r->kind, strerror(err));
        return H5I_INVALID_HID;
    }
#if H5_VERSION_GE(1, 12, 0)
    htri_t is = H5Fis_accessible(r->path, H5P_DEFAULT);
#else
    htri_t is = H5Fis_hdf5(r->path);
#endif
    if (is <= 0) {
        ws__h5r_fail(r, WS_EIO, false, "not an HDF5 file (or unreadable)");
        return H5I_INVALID_HID;
    }
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS), file = H5I_INVALID_HID;
    if (fapl < 0
#if H5_VERSION_GE(1, 10, 7)
        || H5Pset_file_locking(fapl, 0, 1) < 0
#endif
    )
        ws__h5r_fail(r, WS_EIO, true, "cannot set up file access");
    else if ((file = H5Fopen(r->path, H5F_ACC_RDONLY, fapl)) < 0)
        ws__h5r_fail(r, WS_EIO, true, "cannot open the HDF5 file");
    ws__h5r_drop(&fapl);
    return file;
}

/* ---- readers: values, links, objects and tables ----------------------------------------- */

void ws__h5_value_free(ws__h5_value *v)
{
    ws__h5_free_texts(v->s, v->s ? v->n : 0);
    free(v->i);
    free(v->f);
    memset(v, 0, sizeof *v);
}

int ws__h5r_value(ws__h5r *r, hid_t obj, bool is_attr, const char *what, ws__h5_value *v)
{
    memset(v, 0, sizeof *v);
    if (r->rc) return r->rc;
    hid_t ft = is_attr ? H5Aget_type(obj) : H5Dget_type(obj);
    hid_t sp = is_attr ? H5Aget_space(obj) : H5Dget_space(obj);
    hssize_t np = sp < 0 ? -1 : H5Sget_simple_extent_npoints(sp);
    H5T_class_t cls = ft < 0 ? H5T_NO_CLASS : H5Tget_class(ft);
    ws__h5r_drop(&sp);
    ws__h5r_drop(&ft);
    if (np < 0 || cls == H5T_NO_CLASS)
        return ws__h5r_fail(r, WS_EIO, true, "cannot read the type and shape of %s", what);
    if (cls == H5T_STRING) {
        ws__h5r_texts(r, obj, is_attr, what, &v->s, &v->n);
        v->cls = cls;
        return r->rc;
    }
    v->cls = cls;
    v->n = (size_t)np;
    if (cls != H5T_INTEGER && cls != H5T_FLOAT) return 0;
    void *buf = calloc(v->n ? v->n : 1, cls == H5T_INTEGER ? sizeof *v->i : sizeof *v->f);
    hid_t mt = cls == H5T_INTEGER ? H5T_NATIVE_LLONG : H5T_NATIVE_DOUBLE;
    if (cls == H5T_INTEGER)
        v->i = buf;
    else
        v->f = buf;
    if (!buf)
        ws__h5r_fail(r, WS_ENOMEM, false, "out of memory reading %s", what);
    else if ((is_attr ? H5Aread(obj, mt, buf)
                      : H5Dread(obj, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf)) < 0)
        ws__h5r_fail(r, WS_EIO, true, "cannot read %s", what);
    if (r->rc) ws__h5_value_free(v);
    return r->rc;
}

int ws__h5r_attr_value(ws__h5r *r, hid_t obj, const char *name, ws__h5_value *v)
{
    memset(v, 0, sizeof *v);
    hid_t a = ws__h5r_attr_open(r, obj, name, false);
    if (a < 0) return r->rc;
    char what[160];
    snprintf(what, sizeof what, "attribute '%s'", name);
    ws__h5r_value(r, a, true, what, v);
    ws__h5r_drop(&a);
    return r->rc ? r->rc : 1;
}

bool ws__h5r_has(ws__h5r *r, hid_t loc, const char *name)
{
    if (r->rc) return false;
    htri_t ex = H5Lexists(loc, name, H5P_DEFAULT);
    if (ex < 0 && strchr(name, '/')) { /* a group on the way is missing */
        H5Eclear2(H5E_DEFAULT);
        return false;
    }
    if (ex < 0) ws__h5r_fail(r, WS_EIO, true, "cannot look up '%s'", name);
    return ex > 0;
}

int ws__h5r_links(ws__h5r *r, hid_t g, const char *what, char ***names, size_t *n)
{
    *names = NULL;
    *n = 0;
    if (r->rc) return r->rc;
    H5G_info_t gi;
    if (H5Gget_info(g, &gi) < 0) return ws__h5r_fail(r, WS_EIO, true, "cannot list %s", what);
    size_t count = (size_t)gi.nlinks;
    char **v = calloc(count ? count : 1, sizeof *v);
    if (!v) return ws__h5r_fail(r, WS_ENOMEM, false, "out of memory listing %s", what);
    H5_index_t idx = H5_INDEX_CRT_ORDER; /* fails on a group that does not track it */
    if (count && H5Lget_name_by_idx(g, ".", idx, H5_ITER_INC, 0, NULL, 0, H5P_DEFAULT) < 0) {
        H5Eclear2(H5E_DEFAULT);
        idx = H5_INDEX_NAME;
    }
    for (size_t k = 0; k < count; k++) {
        ssize_t len = H5Lget_name_by_idx(g, ".", idx, H5_ITER_INC, k, NULL, 0, H5P_DEFAULT);
        if (len < 0 || !(v[k] = malloc((size_t)len + 1)) ||
            H5Lget_name_by_idx(g, ".", idx, H5_ITER_INC, k, v[k], (size_t)len + 1, H5P_DEFAULT) <
                0) {
            ws__h5_free_texts(v, count);
            return ws__h5r_fail(r, WS_EIO, true, "cannot list %s", what);
        }
    }
    *names = v;
    *n = count;
    return 0;
}

hid_t ws__h5r_open_obj(ws__h5r *r, hid_t loc, const char *name, bool want_group, const char *where)
{
    const char *kind = want_group ? "group" : "dataset";
    if (!ws__h5r_has(r, loc, name)) {
        if (!r->rc)
            ws__h5r_fail(r, WS_EINPUT, false, "not a wijksim %s: %s '%s' is missing%s", r->kind,
                         kind, name, where);
        return H5I_INVALID_HID;
    }
    hid_t o = H5Oopen(loc, name, H5P_DEFAULT);
    if (o < 0) {
        ws__h5r_fail(r, WS_EIO, true, "cannot open '%s'%s", name, where);
        return o;
    }
    if (H5Iget_type(o) != (want_group ? H5I_GROUP : H5I_DATASET)) {
        ws__h5r_drop(&o);
        ws__h5r_fail(r, WS_EINPUT, false, "not a wijksim %s: '%s'%s is not a %s", r->kind, name,
                     where, kind);
    }
    return o;
}

void ws__h5_table_free(const ws__h5_col *cols, int n_cols, size_t row_size, void *rows, size_t n)
{
    for (size_t k = 0; rows && k < n; k++)
        for (int c = 0; c < n_cols; c++)
            if (cols[c].kind == WS__COL_STR)
                free(*(char **)((char *)rows + k * row_size + cols[c].off));
    free(rows);
}

int ws__h5r_table(ws__h5r *r, hid_t loc, const char *path, const ws__h5_col *cols, int n_cols,
                  size_t row_size, void **rows, size_t *n)
{
    *rows = NULL;
    *n = 0;
    long long count = ws__h5r_rows(r, loc, path);
    if (count < 0) return r->rc;
    hid_t d = ws__h5r_open_ds(r, loc, path, H5P_DEFAULT), str = H5Tcopy(H5T_C_S1);
    hid_t mt = H5I_INVALID_HID;
    char *buf = calloc(count ? (size_t)count : 1, row_size);
    if (!buf) {
        ws__h5r_fail(r, WS_ENOMEM, false, "out of memory reading '%s'", path);
        goto done;
    }
    if (d < 0 || str < 0 || H5Tset_size(str, H5T_VARIABLE) < 0 ||
        H5Tset_cset(str, H5T_CSET_UTF8) < 0 ||
        (mt = ws__h5_row_type(cols, n_cols, row_size, str)) < 0) {
        ws__h5r_fail(r, WS_EIO, true, "cannot set up reading '%s'", path);
        goto done;
    }
    if (count && H5Dread(d, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0) {
        memset(buf, 0, (size_t)count * row_size); /* no string of HDF5's to give back */
        char names[600] = "";
        for (int c = 0, o = 0; c < n_cols && o < (int)sizeof names; c++)
            o += snprintf(names + o, sizeof names - (size_t)o, "%s%s", c ? ", " : "", cols[c].name);
        ws__h5r_fail(r, WS_EINPUT, true, "damaged %s: cannot read '%s' as a table of %s", r->kind,
                     path, names);
        goto done;
    }
    /* own copies of the strings; HDF5's go back to HDF5 */
    for (size_t k = 0; k < (size_t)count; k++)
        for (int c = 0; c < n_cols; c++) {
            if (cols[c].kind != WS__COL_STR) continue;
            char **s = (char **)(buf + k * row_size + cols[c].off);
            char *copy = strdup(*s ? *s : "");
            if (*s) H5free_memory(*s);
            *s = copy;
            if (!copy) ws__h5r_fail(r, WS_ENOMEM, false, "out of memory reading '%s'", path);
        }
done:
    ws__h5r_drop(&mt);
    ws__h5r_drop(&str);
    ws__h5r_drop(&d);
    if (r->rc) {
        ws__h5_table_free(cols, n_cols, row_size, buf, buf ? (size_t)count : 0);
        return r->rc;
    }
    *rows = buf;
    *n = (size_t)count;
    return 0;
}

int ws__h5r_check_run_file(ws__h5r *r, hid_t file)
{
    ws__h5_value v;
    int st = ws__h5r_attr_value(r, file, "file_kind", &v);
    if (st < 0) return st;
    if (st == 0)
        return ws__h5r_fail(r, WS_EINPUT, false,
                            "not a wijksim %s: the root attribute file_kind is missing", r->kind);
    bool ok = v.cls == H5T_STRING && v.n == 1 &&
              (strcmp(v.s[0], "run") == 0 || strcmp(v.s[0], "comparison") == 0);
    char kind[200];
    snprintf(kind, sizeof kind, "%s", v.cls == H5T_STRING && v.n ? v.s[0] : "(not a string)");
    ws__h5_value_free(&v);
    if (!ok)
        return ws__h5r_fail(r, WS_EINPUT, false,
                            "unsupported file: file_kind is '%s', this version reads 'run' and "
                            "'comparison' files",
                            kind);
    static const char *const groups[] = {"input", "scenarios"};
    static const char *const dsets[] = {"year", "area", "replication"};
    for (int k = 0; k < 2; k++) {
        hid_t g = ws__h5r_open_obj(r, file, groups[k], true, "");
        ws__h5r_drop(&g);
    }
    for (int k = 0; k < 3; k++) {
        hid_t d = ws__h5r_open_obj(r, file, dsets[k], false, "");
        ws__h5r_drop(&d);
    }
    return r->rc;
}
