/* h5_info.c: describes a results file in plain text (`wijksim info FILE`; see h5.h).
 *
 * The description is built in memory and written to `out` only when the whole file could be
 * read, so a failure prints nothing but the error. Reading is tolerant of how a string was
 * stored (variable or fixed length) and of integer or float attributes, so a file touched by
 * another tool (h5py, HDFView) still describes; what makes a file a wijksim results file is the
 * root attribute file_kind = "run" and the objects /input, /scenarios, /year, /area and
 * /replication. HDF5's automatic error printing is off during the call and restored after.
 */
#include "wijksim/h5.h"
#include "h5_common.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <hdf5.h>
#include <hdf5_hl.h>

#define READ_BLOCK_VALUES ((size_t)1 << 20) /* doubles read at once when averaging */

typedef struct reader {
    const char *path; /* file described (never NULL) */
    ws_error *e;      /* may be NULL */
    int rc;           /* first failure, 0 while all is well */
} reader;

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

/* Records the first failure with the innermost HDF5 message (call right after the failing HDF5
 * call). code is WS_EIO for unreadable data, WS_EINPUT for a file that is not a wijksim file.
 * Returns rd->rc. */
static int fail(reader *rd, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(reader *rd, int code, const char *fmt, ...)
{
    stack_msg m = {{0}, false};
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, innermost_cb, &m);
    if (rd->rc) return rd->rc;
    char what[700];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    rd->rc = ws_error_set(rd->e, code, rd->path, 0, NULL, "%s%s%s%s", what, m.got ? " (HDF5: " : "",
                          m.got ? m.desc : "", m.got ? ")" : "");
    return rd->rc;
}

/* Closes *id whatever kind of id it is; sets it to H5I_INVALID_HID. */
static void drop(reader *rd, hid_t *id)
{
    if (*id < 0) return;
    herr_t st = ws__h5_close_any(*id);
    if (st < 0) fail(rd, WS_EIO, "closing an HDF5 object failed");
    *id = H5I_INVALID_HID;
}

/* ---- values ------------------------------------------------------------------------------ */

/* Reads every element of an attribute (is_attr) or dataset as memory type mt. */
static herr_t read_all(hid_t obj, bool is_attr, hid_t mt, void *buf)
{
    return is_attr ? H5Aread(obj, mt, buf) : H5Dread(obj, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf);
}

static void free_strings(char **v, size_t n)
{
    if (!v) return;
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

/* A value read from an attribute or dataset: strings, integers or floats, n elements. */
typedef struct value {
    H5T_class_t cls; /* H5T_STRING, H5T_INTEGER, H5T_FLOAT or another class (not read) */
    size_t n;
    char **s;     /* n strings (cls == H5T_STRING), owned */
    long long *i; /* n integers, owned */
    double *f;    /* n floats, owned */
} value;

static void value_free(value *v)
{
    free_strings(v->s, v->n);
    free(v->i);
    free(v->f);
    memset(v, 0, sizeof *v);
}

/* Reads the strings of obj (variable- or fixed-length) into freshly allocated copies. */
static int read_strings(reader *rd, hid_t obj, bool is_attr, hid_t ft, hid_t sp, value *v,
                        const char *what)
{
    hid_t mt = H5I_INVALID_HID;
    char **raw = NULL;
    char *fixed = NULL;
    size_t n = v->n;
    v->s = calloc(n ? n : 1, sizeof *v->s);
    if (!v->s) return fail(rd, WS_EIO, "out of memory reading %s", what);
    htri_t vl = H5Tis_variable_str(ft);
    if (vl < 0) return fail(rd, WS_EIO, "cannot inspect the string type of %s", what);
    mt = H5Tcopy(ft);
    if (mt < 0) return fail(rd, WS_EIO, "cannot copy the string type of %s", what);
    if (vl) {
        raw = calloc(n ? n : 1, sizeof *raw);
        if (!raw) {
            fail(rd, WS_EIO, "out of memory reading %s", what);
            goto done;
        }
        if (read_all(obj, is_attr, mt, raw) < 0) {
            fail(rd, WS_EIO, "cannot read %s", what);
            goto done;
        }
        for (size_t k = 0; k < n && !rd->rc; k++) {
            v->s[k] = strdup(raw[k] ? raw[k] : "");
            if (!v->s[k]) fail(rd, WS_EIO, "out of memory reading %s", what);
        }
#if H5_VERSION_GE(1, 12, 0)
        if (H5Treclaim(mt, sp, H5P_DEFAULT, raw) < 0)
#else
        if (H5Dvlen_reclaim(mt, sp, H5P_DEFAULT, raw) < 0)
#endif
            fail(rd, WS_EIO, "cannot release the strings of %s", what);
    } else {
        size_t size = H5Tget_size(ft);
        if (!size || H5Tset_size(mt, size + 1) < 0 || H5Tset_strpad(mt, H5T_STR_NULLTERM) < 0) {
            fail(rd, WS_EIO, "cannot set up reading the strings of %s", what);
            goto done;
        }
        fixed = calloc(n ? n : 1, size + 1);
        if (!fixed) {
            fail(rd, WS_EIO, "out of memory reading %s", what);
            goto done;
        }
        if (read_all(obj, is_attr, mt, fixed) < 0) {
            fail(rd, WS_EIO, "cannot read %s", what);
            goto done;
        }
        for (size_t k = 0; k < n && !rd->rc; k++) {
            v->s[k] = strndup(fixed + k * (size + 1), size);
            if (!v->s[k]) fail(rd, WS_EIO, "out of memory reading %s", what);
        }
    }
done:
    free(raw);
    free(fixed);
    drop(rd, &mt);
    return rd->rc;
}

/* Reads all elements of attribute or dataset obj into v (strings, integers or floats; other
 * classes are left unread with v->cls set). Returns 0 or a failure (WS_EIO). */
static int read_value(reader *rd, hid_t obj, bool is_attr, value *v, const char *what)
{
    memset(v, 0, sizeof *v);
    if (rd->rc) return rd->rc;
    hid_t ft = is_attr ? H5Aget_type(obj) : H5Dget_type(obj);
    hid_t sp = is_attr ? H5Aget_space(obj) : H5Dget_space(obj);
    if (ft < 0 || sp < 0) {
        fail(rd, WS_EIO, "cannot read the type of %s", what);
        goto done;
    }
    hssize_t np = H5Sget_simple_extent_npoints(sp);
    H5T_class_t cls = H5Tget_class(ft);
    if (np < 0 || cls == H5T_NO_CLASS) {
        fail(rd, WS_EIO, "cannot read the shape of %s", what);
        goto done;
    }
    v->n = (size_t)np;
    v->cls = cls;
    if (cls == H5T_STRING) {
        read_strings(rd, obj, is_attr, ft, sp, v, what);
    } else if (cls == H5T_INTEGER) {
        v->i = calloc(v->n ? v->n : 1, sizeof *v->i);
        if (!v->i)
            fail(rd, WS_EIO, "out of memory reading %s", what);
        else if (read_all(obj, is_attr, H5T_NATIVE_LLONG, v->i) < 0)
            fail(rd, WS_EIO, "cannot read %s", what);
    } else if (cls == H5T_FLOAT) {
        v->f = calloc(v->n ? v->n : 1, sizeof *v->f);
        if (!v->f)
            fail(rd, WS_EIO, "out of memory reading %s", what);
        else if (read_all(obj, is_attr, H5T_NATIVE_DOUBLE, v->f) < 0)
            fail(rd, WS_EIO, "cannot read %s", what);
    }
done:
    drop(rd, &sp);
    drop(rd, &ft);
    if (rd->rc) value_free(v);
    return rd->rc;
}

/* Element k of v as text. */
static void element_text(const value *v, size_t k, char *buf, size_t n)
{
    if (v->cls == H5T_STRING)
        snprintf(buf, n, "%s", v->s[k]);
    else if (v->cls == H5T_INTEGER)
        snprintf(buf, n, "%lld", v->i[k]);
    else if (v->cls == H5T_FLOAT)
        snprintf(buf, n, "%.10g", v->f[k]);
    else
        snprintf(buf, n, "(value not shown)");
}

/* v as text: one element as itself, several as "first .. last (n values)", none as "". */
static void value_text(const value *v, char *buf, size_t n, bool with_count)
{
    if (v->n == 0) {
        snprintf(buf, n, "(empty)");
    } else if (v->n == 1) {
        element_text(v, 0, buf, n);
    } else {
        char a[256], b[256];
        element_text(v, 0, a, sizeof a);
        element_text(v, v->n - 1, b, sizeof b);
        if (with_count)
            snprintf(buf, n, "%s .. %s (%zu values)", a, b, v->n);
        else
            snprintf(buf, n, "%s .. %s", a, b);
    }
}

/* Reads attribute name of obj into v. Returns 1 when present, 0 when absent, <0 on failure. */
static int read_attr(reader *rd, hid_t obj, const char *name, value *v)
{
    memset(v, 0, sizeof *v);
    if (rd->rc) return rd->rc;
    htri_t ex = H5Aexists(obj, name);
    if (ex < 0) return fail(rd, WS_EIO, "cannot look up attribute '%s'", name);
    if (!ex) return 0;
    hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
    if (a < 0) return fail(rd, WS_EIO, "cannot open attribute '%s'", name);
    char what[200];
    snprintf(what, sizeof what, "attribute '%s'", name);
    read_value(rd, a, true, v, what);
    drop(rd, &a);
    return rd->rc ? rd->rc : 1;
}

/* Attribute name of obj as text into buf ("" when absent). Returns 0 or a failure. */
static int attr_text(reader *rd, hid_t obj, const char *name, char *buf, size_t n)
{
    value v;
    buf[0] = '\0';
    int st = read_attr(rd, obj, name, &v);
    if (st < 0) return st;
    if (st > 0) value_text(&v, buf, n, true);
    value_free(&v);
    return 0;
}

/* ---- structure --------------------------------------------------------------------------- */

/* Whether loc has a link called name (an HDF5 failure is recorded and reads as false). */
static bool has_link(reader *rd, hid_t loc, const char *name)
{
    htri_t ex = H5Lexists(loc, name, H5P_DEFAULT);
    if (ex < 0) fail(rd, WS_EIO, "cannot look up '%s'", name);
    return ex > 0;
}

/* Names of the links in group g, in creation order when the group tracks it, else by name.
 * Returns 0 and a freshly allocated array (free_strings), or a failure. */
static int link_names(reader *rd, hid_t g, const char *what, char ***names, size_t *n)
{
    *names = NULL;
    *n = 0;
    H5G_info_t gi;
    if (H5Gget_info(g, &gi) < 0) return fail(rd, WS_EIO, "cannot list %s", what);
    char **v = calloc(gi.nlinks ? gi.nlinks : 1, sizeof *v);
    if (!v) return fail(rd, WS_EIO, "out of memory listing %s", what);
    H5_index_t idx = H5_INDEX_CRT_ORDER;
    if (gi.nlinks && H5Lget_name_by_idx(g, ".", idx, H5_ITER_INC, 0, NULL, 0, H5P_DEFAULT) < 0)
        idx = H5_INDEX_NAME;
    for (hsize_t k = 0; k < gi.nlinks; k++) {
        ssize_t len = H5Lget_name_by_idx(g, ".", idx, H5_ITER_INC, k, NULL, 0, H5P_DEFAULT);
        if (len < 0 || !(v[k] = malloc((size_t)len + 1)) ||
            H5Lget_name_by_idx(g, ".", idx, H5_ITER_INC, k, v[k], (size_t)len + 1, H5P_DEFAULT) <
                0) {
            free_strings(v, (size_t)gi.nlinks);
            return fail(rd, WS_EIO, "cannot list %s", what);
        }
    }
    *names = v;
    *n = (size_t)gi.nlinks;
    return 0;
}

/* Opens object name in loc and checks it is a group (want_group) or a dataset. A missing or
 * wrong object is WS_EINPUT (not a wijksim layout). Returns the id or H5I_INVALID_HID. */
static hid_t open_obj(reader *rd, hid_t loc, const char *name, bool want_group, const char *where)
{
    if (rd->rc) return H5I_INVALID_HID;
    if (!has_link(rd, loc, name)) {
        if (!rd->rc)
            fail(rd, WS_EINPUT, "not a wijksim results file: %s '%s' is missing%s",
                 want_group ? "group" : "dataset", name, where);
        return H5I_INVALID_HID;
    }
    hid_t o = H5Oopen(loc, name, H5P_DEFAULT);
    if (o < 0) {
        fail(rd, WS_EIO, "cannot open '%s'%s", name, where);
        return o;
    }
    H5I_type_t t = H5Iget_type(o);
    if (t != (want_group ? H5I_GROUP : H5I_DATASET)) {
        drop(rd, &o);
        fail(rd, WS_EINPUT, "not a wijksim results file: '%s'%s is not a %s", name, where,
             want_group ? "group" : "dataset");
    }
    return o;
}

/* ---- the description --------------------------------------------------------------------- */

static const char *const root_attrs[] = {
    "file_kind",
    "file_format_version",
    "wijksim_version",
    "git_revision",
    "command_line",
    "created",
    "finished",
    "threads",
    "seed",
    "replications",
    "start_year",
    "years",
    "scale",
    "scenario_name",
    "scenario_file",
    "scenario_sha256",
    "area_file",
    "scenarios",
    "indicators",
};

static int describe_root(reader *rd, hid_t file, FILE *o)
{
    fprintf(o, "wijksim results file %s\n", rd->path);
    char buf[5000];
    for (size_t k = 0; k < sizeof root_attrs / sizeof root_attrs[0]; k++) {
        value v;
        int st = read_attr(rd, file, root_attrs[k], &v);
        if (st < 0) return st;
        if (st == 0) {
            fprintf(o, "  %-20s (missing)\n", root_attrs[k]);
            continue;
        }
        value_text(&v, buf, sizeof buf, true);
        fprintf(o, "  %-20s %s\n", root_attrs[k], buf);
        value_free(&v);
    }
    return 0;
}

/* One line per dimension scale: name, size, first and last label. years[0..1] receive the
 * first and last year (for the table headers). */
static int describe_dims(reader *rd, hid_t file, FILE *o, long long years[2])
{
    static const char *const dims[] = {"replication", "year", "area"};
    fprintf(o, "\ndimensions\n");
    for (int k = 0; k < 3 && !rd->rc; k++) {
        hid_t d = open_obj(rd, file, dims[k], false, "");
        if (d < 0) break;
        value v;
        char what[64], buf[600];
        snprintf(what, sizeof what, "dataset /%s", dims[k]);
        if (read_value(rd, d, false, &v, what) == 0) {
            value_text(&v, buf, sizeof buf, false);
            htri_t is = H5DSis_scale(d);
            fprintf(o, "  %-12s %7zu  %s%s\n", dims[k], v.n, buf,
                    is > 0 ? "" : "  [not a dimension scale]");
            if (k == 1 && v.cls == H5T_INTEGER && v.n) {
                years[0] = v.i[0];
                years[1] = v.i[v.n - 1];
            }
            value_free(&v);
        }
        drop(rd, &d);
    }
    return rd->rc;
}

static int describe_input(reader *rd, hid_t file, FILE *o)
{
    hid_t in = open_obj(rd, file, "input", true, ""), d = H5I_INVALID_HID;
    hid_t sp = H5I_INVALID_HID;
    if (in < 0) return rd->rc;
    fprintf(o, "\ninput\n");
    static const char *const parts[] = {"scenario.lua", "parameters", "areas"};
    for (int k = 0; k < 3 && !rd->rc; k++) {
        if (!has_link(rd, in, parts[k])) {
            if (!rd->rc) fprintf(o, "  %-14s (missing)\n", parts[k]);
            continue;
        }
        d = open_obj(rd, in, parts[k], false, " in /input");
        if (d < 0) break;
        char bytes[64] = "", sha[128] = "";
        if (k == 0) {
            attr_text(rd, d, "bytes", bytes, sizeof bytes);
            attr_text(rd, d, "sha256", sha, sizeof sha);
            fprintf(o, "  %-14s %s bytes, sha256 %s\n", parts[k], bytes[0] ? bytes : "?",
                    sha[0] ? sha : "?");
        } else {
            sp = H5Dget_space(d);
            hssize_t np = sp < 0 ? -1 : H5Sget_simple_extent_npoints(sp);
            if (np < 0) {
                fail(rd, WS_EIO, "cannot read the shape of /input/%s", parts[k]);
                break;
            }
            fprintf(o, "  %-14s %lld rows\n", parts[k], (long long)np);
            drop(rd, &sp);
        }
        drop(rd, &d);
    }
    drop(rd, &sp);
    drop(rd, &d);
    drop(rd, &in);
    return rd->rc;
}

/* A row of the indicator table. */
typedef struct ind_row {
    char name[128], domain[64], units[128], shape[64], first[32], last[32];
} ind_row;

/* Mean over replications and areas of year index y of a [rep, year, area] dataset; NaN when
 * nothing is finite. Reads in blocks of whole replications. */
static int year_mean(reader *rd, hid_t d, hid_t fsp, const hsize_t dims[3], hsize_t y, double *mean)
{
    *mean = NAN;
    if (!dims[0] || !dims[2]) return 0;
    hsize_t per = READ_BLOCK_VALUES / dims[2];
    if (per < 1) per = 1;
    if (per > dims[0]) per = dims[0];
    double *buf = malloc((size_t)(per * dims[2]) * sizeof *buf);
    if (!buf) return fail(rd, WS_EIO, "out of memory averaging an indicator");
    double sum = 0;
    size_t count = 0;
    for (hsize_t r0 = 0; r0 < dims[0] && !rd->rc; r0 += per) {
        hsize_t nr = dims[0] - r0 < per ? dims[0] - r0 : per;
        hsize_t start[3] = {r0, y, 0}, cnt[3] = {nr, 1, dims[2]}, mcnt = nr * dims[2];
        hid_t msp = H5Screate_simple(1, &mcnt, NULL);
        if (msp < 0 || H5Sselect_hyperslab(fsp, H5S_SELECT_SET, start, NULL, cnt, NULL) < 0 ||
            H5Dread(d, H5T_NATIVE_DOUBLE, msp, fsp, H5P_DEFAULT, buf) < 0) {
            fail(rd, WS_EIO, "cannot read indicator values");
        } else {
            for (hsize_t k = 0; k < mcnt; k++)
                if (isfinite(buf[k])) sum += buf[k], count++;
        }
        drop(rd, &msp);
    }
    free(buf);
    if (count) *mean = sum / (double)count;
    return rd->rc;
}

static int indicator_row(reader *rd, hid_t ig, const char *name, ind_row *row)
{
    memset(row, 0, sizeof *row);
    snprintf(row->name, sizeof row->name, "%s", name);
    snprintf(row->first, sizeof row->first, "-");
    snprintf(row->last, sizeof row->last, "-");
    hid_t d = H5Oopen(ig, name, H5P_DEFAULT), sp = H5I_INVALID_HID, t = H5I_INVALID_HID;
    if (d < 0) return fail(rd, WS_EIO, "cannot open indicator '%s'", name);
    if (H5Iget_type(d) != H5I_DATASET) {
        drop(rd, &d);
        return 1; /* not a dataset: not listed */
    }
    attr_text(rd, d, "domain", row->domain, sizeof row->domain);
    attr_text(rd, d, "units", row->units, sizeof row->units);
    sp = H5Dget_space(d);
    t = H5Dget_type(d);
    hsize_t dims[H5S_MAX_RANK];
    int rank = sp < 0 ? -1 : H5Sget_simple_extent_dims(sp, dims, NULL);
    H5T_class_t cls = t < 0 ? H5T_NO_CLASS : H5Tget_class(t);
    if (rank < 0 || cls == H5T_NO_CLASS) {
        fail(rd, WS_EIO, "cannot read the shape of indicator '%s'", name);
        goto done;
    }
    size_t o = 0;
    for (int k = 0; k < rank && o < sizeof row->shape; k++)
        o += (size_t)snprintf(row->shape + o, sizeof row->shape - o, "%s%llu", k ? "x" : "",
                              (unsigned long long)dims[k]);
    if (rank == 0) snprintf(row->shape, sizeof row->shape, "scalar");
    if (rank == 3 && dims[1] > 0 && (cls == H5T_FLOAT || cls == H5T_INTEGER)) {
        double m0, m1;
        if (year_mean(rd, d, sp, dims, 0, &m0) || year_mean(rd, d, sp, dims, dims[1] - 1, &m1))
            goto done;
        snprintf(row->first, sizeof row->first, "%.6g", m0);
        snprintf(row->last, sizeof row->last, "%.6g", m1);
    }
done:
    drop(rd, &t);
    drop(rd, &sp);
    drop(rd, &d);
    return rd->rc;
}

static size_t widest(size_t w, const char *s)
{
    size_t n = strlen(s);
    return n > w ? n : w;
}

/* Header line and indicator table of one scenario. */
static int describe_scenario(reader *rd, hid_t root, const char *link, int num, int of,
                             const long long years[2], FILE *o)
{
    char where[300];
    snprintf(where, sizeof where, " in /scenarios/%s", link);
    hid_t g = open_obj(rd, root, link, true, " in /scenarios"), ig = H5I_INVALID_HID;
    char **names = NULL;
    size_t n = 0;
    ind_row *rows = NULL;
    if (g < 0) goto done;
    char name[600], desc[600];
    if (attr_text(rd, g, "name", name, sizeof name) ||
        attr_text(rd, g, "description", desc, sizeof desc))
        goto done;
    ig = open_obj(rd, g, "indicators", true, where);
    if (ig < 0 || link_names(rd, ig, "the indicators", &names, &n)) goto done;
    rows = calloc(n ? n : 1, sizeof *rows);
    if (!rows) {
        fail(rd, WS_EIO, "out of memory describing scenario '%s'", link);
        goto done;
    }
    size_t m = 0;
    for (size_t k = 0; k < n && !rd->rc; k++)
        if (indicator_row(rd, ig, names[k], &rows[m]) == 0) m++;
    if (rd->rc) goto done;

    fprintf(o, "\nscenario %d of %d: %s\n", num, of, name[0] ? name : link);
    if (desc[0]) fprintf(o, "  %s\n", desc);
    char h_first[40], h_last[40];
    snprintf(h_first, sizeof h_first, "mean %lld", years[0]);
    snprintf(h_last, sizeof h_last, "mean %lld", years[1]);
    size_t wn = strlen("indicator"), wd = strlen("domain"), wu = strlen("units");
    size_t ws = strlen("shape"), wf = strlen(h_first), wl = strlen(h_last);
    for (size_t k = 0; k < m; k++) {
        wn = widest(wn, rows[k].name);
        wd = widest(wd, rows[k].domain);
        wu = widest(wu, rows[k].units);
        ws = widest(ws, rows[k].shape);
        wf = widest(wf, rows[k].first);
        wl = widest(wl, rows[k].last);
    }
    fprintf(o,
            "  %zu indicators; shape is replication x year x area; means are over all "
            "replications and areas (unweighted)\n",
            m);
    fprintf(o, "  %-*s  %-*s  %-*s  %-*s  %*s  %*s\n", (int)wn, "indicator", (int)wd, "domain",
            (int)wu, "units", (int)ws, "shape", (int)wf, h_first, (int)wl, h_last);
    for (size_t k = 0; k < m; k++)
        fprintf(o, "  %-*s  %-*s  %-*s  %-*s  %*s  %*s\n", (int)wn, rows[k].name, (int)wd,
                rows[k].domain, (int)wu, rows[k].units, (int)ws, rows[k].shape, (int)wf,
                rows[k].first, (int)wl, rows[k].last);
done:
    free(rows);
    free_strings(names, n);
    drop(rd, &ig);
    drop(rd, &g);
    return rd->rc;
}

static int describe_scenarios(reader *rd, hid_t file, const long long years[2], FILE *o)
{
    hid_t root = open_obj(rd, file, "scenarios", true, "");
    char **names = NULL;
    size_t n = 0;
    if (root < 0 || link_names(rd, root, "/scenarios", &names, &n)) goto done;
    fprintf(o, "\nscenarios (%zu)\n", n);
    size_t w = 0;
    for (size_t k = 0; k < n; k++)
        w = widest(w, names[k]);
    for (size_t k = 0; k < n && !rd->rc; k++) {
        char desc[600] = "";
        hid_t g = open_obj(rd, root, names[k], true, " in /scenarios");
        if (g < 0) break;
        attr_text(rd, g, "description", desc, sizeof desc);
        fprintf(o, "  %-*s  %s\n", (int)w, names[k], desc);
        drop(rd, &g);
    }
    for (size_t k = 0; k < n && !rd->rc; k++)
        describe_scenario(rd, root, names[k], (int)k + 1, (int)n, years, o);
done:
    free_strings(names, n);
    drop(rd, &root);
    return rd->rc;
}

/* Checks that file is a wijksim run file: file_kind = "run" and the top-level objects. */
static int check_layout(reader *rd, hid_t file)
{
    value v;
    int st = read_attr(rd, file, "file_kind", &v);
    if (st < 0) return st;
    if (st == 0)
        return fail(rd, WS_EINPUT,
                    "not a wijksim results file: the root attribute file_kind is missing");
    bool ok = v.cls == H5T_STRING && v.n == 1 && strcmp(v.s[0], "run") == 0;
    char buf[200];
    value_text(&v, buf, sizeof buf, false);
    value_free(&v);
    if (!ok)
        return fail(rd, WS_EINPUT,
                    "unsupported file: file_kind is '%s', this version describes 'run' files", buf);
    static const char *const groups[] = {"input", "scenarios"};
    static const char *const dsets[] = {"year", "area", "replication"};
    for (int k = 0; k < 2; k++) {
        hid_t g = open_obj(rd, file, groups[k], true, "");
        drop(rd, &g);
    }
    for (int k = 0; k < 3; k++) {
        hid_t d = open_obj(rd, file, dsets[k], false, "");
        drop(rd, &d);
    }
    return rd->rc;
}

int ws_h5_info(const char *path, FILE *out, ws_error *e)
{
    reader rd = {.path = path ? path : "(null)", .e = e};
    H5E_auto2_t old_fn = NULL;
    void *old_data = NULL;
    bool restore = H5Eget_auto2(H5E_DEFAULT, &old_fn, &old_data) >= 0;
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    H5Eclear2(H5E_DEFAULT); /* so no earlier failure shows up in our messages */
    hid_t fapl = H5I_INVALID_HID, file = H5I_INVALID_HID;
    char *text = NULL;
    size_t text_len = 0;
    FILE *mem = NULL;
    struct stat st;

    if (!path || !path[0]) {
        fail(&rd, WS_EIO, "no file name given");
        goto done;
    }
    if (stat(path, &st) != 0) {
        int err = errno;
        fail(&rd, WS_EIO, "cannot open the file: %s", strerror(err));
        goto done;
    }
    if (S_ISDIR(st.st_mode)) {
        fail(&rd, WS_EIO, "is a directory, not a results file");
        goto done;
    }
    if (access(path, R_OK) != 0) {
        int err = errno;
        fail(&rd, WS_EIO, "cannot read the file: %s", strerror(err));
        goto done;
    }
#if H5_VERSION_GE(1, 12, 0)
    htri_t is = H5Fis_accessible(path, H5P_DEFAULT);
#else
    htri_t is = H5Fis_hdf5(path);
#endif
    if (is <= 0) {
        fail(&rd, WS_EIO, "not an HDF5 file (or unreadable)");
        goto done;
    }
    fapl = H5Pcreate(H5P_FILE_ACCESS);
    if (fapl < 0) {
        fail(&rd, WS_EIO, "cannot create file access properties");
        goto done;
    }
#if H5_VERSION_GE(1, 10, 7)
    if (H5Pset_file_locking(fapl, 0, 1) < 0) {
        fail(&rd, WS_EIO, "cannot set file locking properties");
        goto done;
    }
#endif
    file = H5Fopen(path, H5F_ACC_RDONLY, fapl);
    if (file < 0) {
        fail(&rd, WS_EIO, "cannot open the HDF5 file");
        goto done;
    }
    if (check_layout(&rd, file)) goto done;

    mem = open_memstream(&text, &text_len);
    FILE *o = mem ? mem : out;
    long long years[2] = {0, 0};
    if (describe_root(&rd, file, o) || describe_dims(&rd, file, o, years) ||
        describe_input(&rd, file, o) || describe_scenarios(&rd, file, years, o))
        goto done;
    if (mem) {
        if (fclose(mem) != 0) {
            mem = NULL;
            fail(&rd, WS_EIO, "out of memory building the description");
            goto done;
        }
        mem = NULL;
        if (fwrite(text, 1, text_len, out) != text_len) {
            fail(&rd, WS_EIO, "cannot write the description");
            goto done;
        }
    }
    if (fflush(out) != 0 || ferror(out)) fail(&rd, WS_EIO, "cannot write the description");

done:
    if (mem) fclose(mem);
    free(text);
    drop(&rd, &file);
    drop(&rd, &fapl);
    if (restore) H5Eset_auto2(H5E_DEFAULT, old_fn, old_data);
    return rd.rc;
}
