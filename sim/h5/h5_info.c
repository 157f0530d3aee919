/* h5_info.c: describes a results file in plain text (`wijksim info FILE`; see h5.h).
 *
 * The description is built in memory and written to `out` only when the whole file could be
 * read, so a failure prints nothing but the error. Reading is tolerant of how a string was
 * stored (variable or fixed length) and of integer or float attributes, so a file touched by
 * another tool (h5py, HDFView) still describes; what makes a file a wijksim results file is the
 * root attribute file_kind = "run" or "comparison" and the objects /input, /scenarios, /year, /area and
 * /replication. HDF5's automatic error printing is off during the call and restored after.
 */
#include "wijksim/h5.h"
#include "wijksim/h5_sweep.h"
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


/* Records the first failure with the innermost HDF5 message (call right after the failing HDF5
 * call). code is WS_EIO for unreadable data, WS_EINPUT for a file that is not a wijksim file.
 * Returns rd->rc. */
static int fail(reader *rd, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(reader *rd, int code, const char *fmt, ...)
{
    ws__h5_stack_msg m;
    ws__h5_innermost_error(&m);
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
    "comparison_name",
    "baseline",
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
            if (strcmp(root_attrs[k], "comparison_name") != 0)
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

/* One line listing a scenario's interventions (from interventions/intervention), if any. */
static int describe_interventions(reader *rd, hid_t g, FILE *o)
{
    if (!has_link(rd, g, "interventions")) return rd->rc;
    hid_t ig = open_obj(rd, g, "interventions", true, ""), d = H5I_INVALID_HID;
    if (ig < 0) return rd->rc;
    d = open_obj(rd, ig, "intervention", false, " in interventions");
    value v;
    if (d >= 0 && read_value(rd, d, false, &v, "the intervention names") == 0) {
        fprintf(o, "  %zu intervention%s:", v.n, v.n == 1 ? "" : "s");
        for (size_t k = 0; k < v.n && v.cls == H5T_STRING; k++)
            fprintf(o, "%s %s", k ? "," : "", v.s[k]);
        fprintf(o, " (participants, active, waiting, places, spend per payer in "
                   "interventions/)\n");
        value_free(&v);
    }
    drop(rd, &d);
    drop(rd, &ig);
    return rd->rc;
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
    if (describe_interventions(rd, g, o)) goto done;
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
    bool ok = v.cls == H5T_STRING && v.n == 1 &&
              (strcmp(v.s[0], "run") == 0 || strcmp(v.s[0], "comparison") == 0);
    char buf[200];
    value_text(&v, buf, sizeof buf, false);
    value_free(&v);
    if (!ok)
        return fail(rd, WS_EINPUT,
                    "unsupported file: file_kind is '%s', this version reads 'run' and "
                    "'comparison' files",
                    buf);
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

/* Opens path read-only (no file locking) after checking it is a readable HDF5 file. Returns
 * the file id or H5I_INVALID_HID with the failure recorded. */
static hid_t open_file(reader *rd, const char *path)
{
    hid_t fapl = H5I_INVALID_HID, file = H5I_INVALID_HID;
    struct stat st;
    if (!path || !path[0]) {
        fail(rd, WS_EIO, "no file name given");
        goto done;
    }
    if (stat(path, &st) != 0) {
        int err = errno;
        fail(rd, WS_EIO, "cannot open the file: %s", strerror(err));
        goto done;
    }
    if (S_ISDIR(st.st_mode)) {
        fail(rd, WS_EIO, "is a directory, not a results file");
        goto done;
    }
    if (access(path, R_OK) != 0) {
        int err = errno;
        fail(rd, WS_EIO, "cannot read the file: %s", strerror(err));
        goto done;
    }
#if H5_VERSION_GE(1, 12, 0)
    htri_t is = H5Fis_accessible(path, H5P_DEFAULT);
#else
    htri_t is = H5Fis_hdf5(path);
#endif
    if (is <= 0) {
        fail(rd, WS_EIO, "not an HDF5 file (or unreadable)");
        goto done;
    }
    fapl = H5Pcreate(H5P_FILE_ACCESS);
    if (fapl < 0) {
        fail(rd, WS_EIO, "cannot create file access properties");
        goto done;
    }
#if H5_VERSION_GE(1, 10, 7)
    if (H5Pset_file_locking(fapl, 0, 1) < 0) {
        fail(rd, WS_EIO, "cannot set file locking properties");
        goto done;
    }
#endif
    file = H5Fopen(path, H5F_ACC_RDONLY, fapl);
    if (file < 0) {
        fail(rd, WS_EIO, "cannot open the HDF5 file");
        goto done;
    }
done:
    drop(rd, &fapl);
    return file;
}

int ws_h5_info(const char *path, FILE *out, ws_error *e)
{
    reader rd = {.path = path ? path : "(null)", .e = e};
    H5E_auto2_t old_fn = NULL;
    void *old_data = NULL;
    bool restore = H5Eget_auto2(H5E_DEFAULT, &old_fn, &old_data) >= 0;
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    H5Eclear2(H5E_DEFAULT); /* so no earlier failure shows up in our messages */
    hid_t file = H5I_INVALID_HID;
    char *text = NULL;
    size_t text_len = 0;
    FILE *mem = NULL;

    file = open_file(&rd, path);
    if (file < 0) goto done;
    value kind; /* sweep files have their own description (h5_sweep.c) */
    if (read_attr(&rd, file, "file_kind", &kind) > 0 && kind.cls == H5T_STRING && kind.n == 1 &&
        (strcmp(kind.s[0], "sweep") == 0 || strcmp(kind.s[0], "sweep_part") == 0)) {
        value_free(&kind);
        drop(&rd, &file);
        if (restore) H5Eset_auto2(H5E_DEFAULT, old_fn, old_data);
        return rd.rc ? rd.rc : ws_h5_sweep_info(path, out, e);
    }
    value_free(&kind);
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
    if (restore) H5Eset_auto2(H5E_DEFAULT, old_fn, old_data);
    return rd.rc;
}

/* ---- the board table (`wijksim summary`) ------------------------------------------------- */

/* Reads the float64 [n_year, n_col] dataset path (relative to loc) into buf. Missing is
 * WS_EINPUT. */
static int read_grid(reader *rd, hid_t loc, const char *path, size_t n_year, size_t n_col,
                     double *buf)
{
    if (rd->rc) return rd->rc;
    htri_t ex = H5Lexists(loc, path, H5P_DEFAULT);
    if (ex <= 0) {
        /* H5Lexists fails when an intermediate group is missing: the same answer */
        return fail(rd, WS_EINPUT, "not a complete wijksim summary: '%s' is missing", path);
    }
    hid_t d = H5Dopen2(loc, path, H5P_DEFAULT), sp = H5I_INVALID_HID;
    if (d < 0) return fail(rd, WS_EIO, "cannot open summary dataset '%s'", path);
    sp = H5Dget_space(d);
    hsize_t dims[2] = {0, 0};
    if (sp < 0 || H5Sget_simple_extent_ndims(sp) != 2 ||
        H5Sget_simple_extent_dims(sp, dims, NULL) < 0 || dims[0] != n_year || dims[1] != n_col)
        fail(rd, WS_EINPUT, "summary dataset '%s' is not [year, area + 1] = [%zu, %zu]", path,
             n_year, n_col);
    else if (H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0)
        fail(rd, WS_EIO, "cannot read summary dataset '%s'", path);
    drop(rd, &sp);
    drop(rd, &d);
    return rd->rc;
}

/* A row of /summary/<option>/cost_effectiveness as read back. */
typedef struct ce_read {
    char *indicator;
    double imp[3];   /* mean, p05, p95 */
    double spend[2]; /* rijk, total */
    double rijk[3], total[3];
    signed char distinguishable;
} ce_read;

/* Reads the cost-effectiveness table of an option group (absent: *n = 0). */
static int read_ce(reader *rd, hid_t g, ce_read **rows, size_t *n)
{
    *rows = NULL;
    *n = 0;
    if (!has_link(rd, g, "cost_effectiveness")) return rd->rc;
    hid_t d = H5Dopen2(g, "cost_effectiveness", H5P_DEFAULT), sp = H5I_INVALID_HID;
    hid_t mt = H5I_INVALID_HID, st = H5I_INVALID_HID;
    if (d < 0) return fail(rd, WS_EIO, "cannot open the cost-effectiveness table");
    sp = H5Dget_space(d);
    hssize_t np = sp < 0 ? -1 : H5Sget_simple_extent_npoints(sp);
    st = H5Tcopy(H5T_C_S1);
    mt = H5Tcreate(H5T_COMPOUND, sizeof(ce_read));
    if (np < 0 || st < 0 || mt < 0 || H5Tset_size(st, H5T_VARIABLE) < 0 ||
        H5Tset_cset(st, H5T_CSET_UTF8) < 0 ||
        H5Tinsert(mt, "indicator", HOFFSET(ce_read, indicator), st) < 0 ||
        H5Tinsert(mt, "improvement_mean", HOFFSET(ce_read, imp[0]), H5T_NATIVE_DOUBLE) < 0 ||
        H5Tinsert(mt, "improvement_p05", HOFFSET(ce_read, imp[1]), H5T_NATIVE_DOUBLE) < 0 ||
        H5Tinsert(mt, "improvement_p95", HOFFSET(ce_read, imp[2]), H5T_NATIVE_DOUBLE) < 0 ||
        H5Tinsert(mt, "spend_rijk", HOFFSET(ce_read, spend[0]), H5T_NATIVE_DOUBLE) < 0 ||
        H5Tinsert(mt, "spend_total", HOFFSET(ce_read, spend[1]), H5T_NATIVE_DOUBLE) < 0 ||
        H5Tinsert(mt, "eur_per_unit_rijk_mean", HOFFSET(ce_read, rijk[0]), H5T_NATIVE_DOUBLE) < 0 ||
        H5Tinsert(mt, "eur_per_unit_rijk_p05", HOFFSET(ce_read, rijk[1]), H5T_NATIVE_DOUBLE) < 0 ||
        H5Tinsert(mt, "eur_per_unit_rijk_p95", HOFFSET(ce_read, rijk[2]), H5T_NATIVE_DOUBLE) < 0 ||
        H5Tinsert(mt, "eur_per_unit_total_mean", HOFFSET(ce_read, total[0]), H5T_NATIVE_DOUBLE) <
            0 ||
        H5Tinsert(mt, "eur_per_unit_total_p05", HOFFSET(ce_read, total[1]), H5T_NATIVE_DOUBLE) <
            0 ||
        H5Tinsert(mt, "eur_per_unit_total_p95", HOFFSET(ce_read, total[2]), H5T_NATIVE_DOUBLE) <
            0 ||
        H5Tinsert(mt, "distinguishable", HOFFSET(ce_read, distinguishable), H5T_NATIVE_SCHAR) <
            0) {
        fail(rd, WS_EIO, "cannot set up reading the cost-effectiveness table");
        goto done;
    }
    ce_read *raw = calloc(np ? (size_t)np : 1, sizeof *raw);
    if (!raw) {
        fail(rd, WS_EIO, "out of memory reading the cost-effectiveness table");
        goto done;
    }
    if (np && H5Dread(d, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, raw) < 0) {
        free(raw);
        fail(rd, WS_EIO, "cannot read the cost-effectiveness table");
        goto done;
    }
    /* own copies of the strings, then give HDF5's back */
    for (hssize_t k = 0; k < np; k++) {
        char *c = strdup(raw[k].indicator ? raw[k].indicator : "");
        if (!c) fail(rd, WS_EIO, "out of memory reading the cost-effectiveness table");
        H5free_memory(raw[k].indicator); /* HDF5 allocated it */
        raw[k].indicator = c;
    }
    *rows = raw;
    *n = (size_t)np;
done:
    drop(rd, &mt);
    drop(rd, &st);
    drop(rd, &sp);
    drop(rd, &d);
    return rd->rc;
}

static void ce_free(ce_read *rows, size_t n)
{
    if (!rows) return;
    for (size_t k = 0; k < n; k++)
        free(rows[k].indicator);
    free(rows);
}

/* A number for the text table: "-" for NaN, "inf" for infinity, else %.4g. */
static const char *num(char *buf, size_t n, double v)
{
    if (isnan(v))
        snprintf(buf, n, "-");
    else if (isinf(v))
        snprintf(buf, n, "%sinf", v < 0 ? "-" : "");
    else
        snprintf(buf, n, "%.4g", v);
    return buf;
}

/* A number for the text table with a sign. */
static const char *snum(char *buf, size_t n, double v)
{
    if (v == 0)
        snprintf(buf, n, "0");
    else if (isfinite(v))
        snprintf(buf, n, "%+.4g", v);
    else
        num(buf, n, v);
    return buf;
}

/* EUR amounts: "EUR 1.23 mln", "EUR 45,600", "-" for NaN. */
static const char *eur(char *buf, size_t n, double v)
{
    if (!isfinite(v))
        return num(buf, n, v);
    double a = fabs(v);
    if (a >= 1e9)
        snprintf(buf, n, "EUR %.3g bn", v / 1e9);
    else if (a >= 1e6)
        snprintf(buf, n, "EUR %.3g mln", v / 1e6);
    else
        snprintf(buf, n, "EUR %.0f", v);
    return buf;
}

/* An amount per unit without the currency: "12,345", "1.23 mln", "inf", "-". */
static const char *per_unit(char *buf, size_t n, double v)
{
    if (!isfinite(v) || fabs(v) >= 1e6) {
        eur(buf, n, v);
        if (!strncmp(buf, "EUR ", 4)) memmove(buf, buf + 4, strlen(buf + 4) + 1);
        return buf;
    }
    char raw[40];
    snprintf(raw, sizeof raw, "%.0f", fabs(v));
    size_t len = strlen(raw), o = 0;
    if (v < 0 && o + 1 < n) buf[o++] = '-';
    for (size_t k = 0; k < len && o + 2 < n; k++) {
        if (k && (len - k) % 3 == 0) buf[o++] = ',';
        buf[o++] = raw[k];
    }
    buf[o] = '\0';
    return buf;
}

/* CSV number: empty for NaN, else %.17g (exact). */
static void csv_num(FILE *o, double v)
{
    if (!isnan(v)) fprintf(o, "%.17g", v);
}

static void csv_str(FILE *o, const char *s)
{
    fputc('"', o);
    for (; *s; s++) {
        if (*s == '"') fputc('"', o);
        fputc(*s, o);
    }
    fputc('"', o);
}

/* Everything the board table needs from the file. */
typedef struct board {
    size_t n_year, n_col;    /* years; areas + 1 */
    long long *year;         /* calendar years (owned) */
    int col;                 /* column shown */
    char area_label[300];
    int n_show, show[WS_MAX_YEARS]; /* year indices shown */
    char **scen;             /* /summary link names, baseline first (owned) */
    char **scen_name;        /* their `name` attributes (owned) */
    size_t n_scen;
    value head, units;       /* headline indicators and their natural units */
} board;

static void board_free(board *b)
{
    free(b->year);
    free_strings(b->scen, b->n_scen);
    free_strings(b->scen_name, b->n_scen);
    value_free(&b->head);
    value_free(&b->units);
}

/* Reads years, areas, scenarios and headlines, and resolves the options' years and area. */
static int board_read(reader *rd, hid_t file, hid_t sum, const ws_h5_summary_opts *o, board *b)
{
    value v;
    hid_t d = open_obj(rd, file, "year", false, "");
    if (d < 0) return rd->rc;
    int st = read_value(rd, d, false, &v, "/year");
    drop(rd, &d);
    if (st) return st;
    if (v.cls != H5T_INTEGER || !v.n) {
        value_free(&v);
        return fail(rd, WS_EINPUT, "not a wijksim results file: /year holds no years");
    }
    b->n_year = v.n;
    b->year = v.i;
    v.i = NULL;
    value_free(&v);
    d = open_obj(rd, sum, "area", false, " in /summary");
    if (d < 0) return rd->rc;
    value names;
    st = read_value(rd, d, false, &names, "/summary/area");
    if (!st && read_attr(rd, d, "ids", &v) < 0) st = rd->rc;
    drop(rd, &d);
    if (st) {
        value_free(&names);
        return rd->rc;
    }
    b->n_col = names.n;
    b->col = (int)names.n - 1;
    if (o->area) {
        b->col = -1;
        for (size_t k = 0; k + 1 < v.n && v.cls == H5T_STRING; k++)
            if (strcmp(v.s[k], o->area) == 0) b->col = (int)k;
    }
    if (b->col >= 0 && names.cls == H5T_STRING)
        snprintf(b->area_label, sizeof b->area_label, "%s", names.s[b->col]);
    value_free(&v);
    value_free(&names);
    if (b->col < 0 || b->n_col < 2)
        return fail(rd, WS_EINPUT, "area '%s' is not in this file (see wijksim info)",
                    o->area ? o->area : "");
    if (o->n_years > 0) {
        for (int k = 0; k < o->n_years; k++) {
            int idx = -1;
            for (size_t y = 0; y < b->n_year; y++)
                if (b->year[y] == o->years[k]) idx = (int)y;
            if (idx < 0)
                return fail(rd, WS_EINPUT, "year %d is not in this file (%lld..%lld)",
                            o->years[k], b->year[0], b->year[b->n_year - 1]);
            b->show[b->n_show++] = idx;
        }
    } else {
        static const int want[] = {4, 9};
        for (int k = 0; k < 2; k++)
            if ((size_t)want[k] < b->n_year - 1) b->show[b->n_show++] = want[k];
        b->show[b->n_show++] = (int)b->n_year - 1;
    }
    if (link_names(rd, sum, "/summary", &b->scen, &b->n_scen)) return rd->rc;
    /* keep the scenario groups only (the area scale is a dataset) */
    size_t m = 0;
    for (size_t k = 0; k < b->n_scen; k++) {
        H5O_info_t oi;
#if H5_VERSION_GE(1, 12, 0)
        herr_t e = H5Oget_info_by_name3(sum, b->scen[k], &oi, H5O_INFO_BASIC, H5P_DEFAULT);
#else
        herr_t e = H5Oget_info_by_name2(sum, b->scen[k], &oi, H5O_INFO_BASIC, H5P_DEFAULT);
#endif
        if (e < 0) return fail(rd, WS_EIO, "cannot inspect /summary/%s", b->scen[k]);
        if (oi.type == H5O_TYPE_GROUP)
            b->scen[m++] = b->scen[k];
        else
            free(b->scen[k]);
    }
    b->n_scen = m;
    if (!m) return fail(rd, WS_EINPUT, "the file's /summary holds no scenarios");
    b->scen_name = calloc(m, sizeof *b->scen_name);
    if (!b->scen_name) return fail(rd, WS_EIO, "out of memory");
    for (size_t k = 0; k < m && !rd->rc; k++) {
        char name[600];
        hid_t g = open_obj(rd, sum, b->scen[k], true, " in /summary");
        if (g < 0) break;
        attr_text(rd, g, "name", name, sizeof name);
        drop(rd, &g);
        b->scen_name[k] = strdup(name[0] ? name : b->scen[k]);
        if (!b->scen_name[k]) fail(rd, WS_EIO, "out of memory");
    }
    if (rd->rc) return rd->rc;
    if (read_attr(rd, sum, "headline_indicators", &b->head) < 0 ||
        read_attr(rd, sum, "headline_units", &b->units) < 0)
        return rd->rc;
    if (b->head.cls != H5T_STRING || b->units.cls != H5T_STRING || b->head.n != b->units.n)
        return fail(rd, WS_EINPUT, "/summary lacks its headline_indicators and headline_units");
    return 0;
}

/* Units attribute of /summary/<scen>/<indicator> into buf. */
static void indicator_units(reader *rd, hid_t sum, const char *scen, const char *ind, char *buf,
                            size_t n)
{
    char p[600];
    snprintf(p, sizeof p, "%s/%s", scen, ind);
    buf[0] = '\0';
    if (H5Lexists(sum, scen, H5P_DEFAULT) <= 0 || H5Lexists(sum, p, H5P_DEFAULT) <= 0) return;
    hid_t g = H5Oopen(sum, p, H5P_DEFAULT);
    if (g < 0) return;
    attr_text(rd, g, "units", buf, n);
    drop(rd, &g);
}

/* The plain run: the scenario's means with their 90 % bands. */
static int board_single(reader *rd, hid_t sum, const board *b, bool csv, FILE *o)
{
    double *g[3];
    size_t cells = b->n_year * b->n_col;
    double *buf = malloc(3 * cells * sizeof *buf);
    if (!buf) return fail(rd, WS_EIO, "out of memory");
    for (int k = 0; k < 3; k++)
        g[k] = buf + k * cells;
    static const char *const stat[3] = {"mean", "p05", "p95"};
    if (csv)
        fprintf(o, "scenario,indicator,units,year,area,mean,p05,p95\n");
    else
        fprintf(o, "scenario \"%s\" (no options): means over replications with 90 %% bands, "
                   "%s\n\n  %-30s %-30s %6s %12s  %s\n",
                b->scen_name[0], b->area_label, "indicator", "units", "year", "mean",
                "[p05, p95]");
    for (size_t h = 0; h < b->head.n && !rd->rc; h++) {
        char p[600], units[200];
        for (int k = 0; k < 3; k++) {
            snprintf(p, sizeof p, "%s/%s/%s", b->scen[0], b->head.s[h], stat[k]);
            if (read_grid(rd, sum, p, b->n_year, b->n_col, g[k])) break;
        }
        if (rd->rc) break;
        indicator_units(rd, sum, b->scen[0], b->head.s[h], units, sizeof units);
        for (int t = 0; t < b->n_show; t++) {
            size_t c = (size_t)b->show[t] * b->n_col + (size_t)b->col;
            if (csv) {
                csv_str(o, b->scen_name[0]);
                fprintf(o, ",%s,", b->head.s[h]);
                csv_str(o, units);
                fprintf(o, ",%lld,", b->year[b->show[t]]);
                csv_str(o, b->area_label);
                for (int k = 0; k < 3; k++) {
                    fputc(',', o);
                    csv_num(o, g[k][c]);
                }
                fputc('\n', o);
            } else {
                char m[40], lo[40], hi[40];
                fprintf(o, "  %-30s %-30s %6lld %12s  [%s, %s]\n", t ? "" : b->head.s[h],
                        t ? "" : units, b->year[b->show[t]], num(m, sizeof m, g[0][c]),
                        num(lo, sizeof lo, g[1][c]), num(hi, sizeof hi, g[2][c]));
            }
        }
    }
    free(buf);
    return rd->rc;
}

/* The comparison: per option and headline the values at the chosen years and the CE. */
static int board_options(reader *rd, hid_t sum, const board *b, bool csv, FILE *o)
{
    size_t cells = b->n_year * b->n_col;
    double *buf = malloc(5 * cells * sizeof *buf);
    if (!buf) return fail(rd, WS_EIO, "out of memory");
    double *base = buf, *opt = buf + cells, *dm = buf + 2 * cells, *d05 = buf + 3 * cells,
           *d95 = buf + 4 * cells;
    if (csv)
        fprintf(o, "option,indicator,units,year,area,baseline_mean,option_mean,diff_mean,diff_p05,"
                   "diff_p95,spend_total_eur,spend_rijk_eur,ce_unit,improvement_mean,"
                   "improvement_p05,improvement_p95,eur_per_unit_total,eur_per_unit_total_p05,"
                   "eur_per_unit_total_p95,eur_per_unit_rijk,eur_per_unit_rijk_p05,"
                   "eur_per_unit_rijk_p95,ce_status\n");
    for (size_t s = 1; s < b->n_scen && !rd->rc; s++) {
        ce_read *ce = NULL;
        size_t n_ce = 0;
        hid_t g = open_obj(rd, sum, b->scen[s], true, " in /summary");
        if (g < 0 || read_ce(rd, g, &ce, &n_ce)) {
            drop(rd, &g);
            break;
        }
        drop(rd, &g);
        double spend_total = NAN, spend_rijk = NAN;
        if (n_ce) {
            spend_total = ce[0].spend[1];
            spend_rijk = ce[0].spend[0];
        }
        if (!csv) {
            char e1[40], e2[40];
            fprintf(o, "%soption \"%s\" vs baseline \"%s\" (%s; difference = option - baseline, "
                       "per replication pair)\n",
                    s > 1 ? "\n" : "", b->scen_name[s], b->scen_name[0], b->area_label);
            fprintf(o, "  spend %lld-%lld over the baseline: total %s, Rijk %s\n\n", b->year[0],
                    b->year[b->n_year - 1], eur(e1, sizeof e1, spend_total),
                    eur(e2, sizeof e2, spend_rijk));
            fprintf(o, "  %-30s %-30s %6s %12s %12s  %s\n", "indicator", "units", "year",
                    "baseline", "option", "difference [90% band]");
        }
        for (size_t h = 0; h < b->head.n && !rd->rc; h++) {
            const char *ind = b->head.s[h];
            char p[600], units[200];
            struct {
                double *dst;
                size_t scen;
                const char *stat;
            } parts[5] = {{base, 0, "mean"},
                          {opt, s, "mean"},
                          {dm, s, "diff_mean"},
                          {d05, s, "diff_p05"},
                          {d95, s, "diff_p95"}};
            for (int k = 0; k < 5 && !rd->rc; k++) {
                snprintf(p, sizeof p, "%s/%s/%s", b->scen[parts[k].scen], ind, parts[k].stat);
                read_grid(rd, sum, p, b->n_year, b->n_col, parts[k].dst);
            }
            if (rd->rc) break;
            indicator_units(rd, sum, b->scen[s], ind, units, sizeof units);
            const ce_read *c = NULL;
            for (size_t k = 0; k < n_ce; k++)
                if (strcmp(ce[k].indicator, ind) == 0) c = &ce[k];
            const char *status = !c                         ? "n/a"
                                 : c->distinguishable == 1  ? "ok"
                                 : c->distinguishable == -1 ? "worse"
                                                            : "not distinguishable from zero";
            for (int t = 0; t < b->n_show; t++) {
                size_t x = (size_t)b->show[t] * b->n_col + (size_t)b->col;
                if (csv) {
                    csv_str(o, b->scen_name[s]);
                    fprintf(o, ",%s,", ind);
                    csv_str(o, units);
                    fprintf(o, ",%lld,", b->year[b->show[t]]);
                    csv_str(o, b->area_label);
                    double vals[5] = {base[x], opt[x], dm[x], d05[x], d95[x]};
                    for (int k = 0; k < 5; k++) {
                        fputc(',', o);
                        csv_num(o, vals[k]);
                    }
                    fputc(',', o);
                    csv_num(o, spend_total);
                    fputc(',', o);
                    csv_num(o, spend_rijk);
                    fputc(',', o);
                    csv_str(o, c ? b->units.s[h] : "");
                    double cev[9] = {NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN};
                    if (c) {
                        double t9[9] = {c->imp[0],   c->imp[1],   c->imp[2],
                                        c->total[0], c->total[1], c->total[2],
                                        c->rijk[0],  c->rijk[1],  c->rijk[2]};
                        memcpy(cev, t9, sizeof cev);
                    }
                    for (int k = 0; k < 9; k++) {
                        fputc(',', o);
                        csv_num(o, cev[k]);
                    }
                    fprintf(o, ",%s\n", status);
                } else {
                    char v1[40], v2[40], v3[40], v4[40], v5[40];
                    fprintf(o, "  %-30s %-30s %6lld %12s %12s  %s [%s, %s]\n", t ? "" : ind,
                            t ? "" : units, b->year[b->show[t]], num(v1, sizeof v1, base[x]),
                            num(v2, sizeof v2, opt[x]), snum(v3, sizeof v3, dm[x]),
                            snum(v4, sizeof v4, d05[x]), snum(v5, sizeof v5, d95[x]));
                }
            }
        }
        if (!csv && !rd->rc) {
            fprintf(o, "\n  cost per unit over %lld-%lld, all areas: improvement in natural units "
                       "with its 90%% band;\n  EUR per unit = mean spend / mean improvement, band "
                       "from the per-replication ratios\n",
                    b->year[0], b->year[b->n_year - 1]);
            fprintf(o, "  %-30s %-28s %-40s %-28s %s\n", "indicator", "improvement [90% band]",
                    "unit", "EUR per unit, total", "EUR per unit, Rijk");
            for (size_t h = 0; h < b->head.n; h++) {
                const char *ind = b->head.s[h];
                const ce_read *c = NULL;
                for (size_t k = 0; k < n_ce; k++)
                    if (strcmp(ce[k].indicator, ind) == 0) c = &ce[k];
                if (!c) {
                    fprintf(o, "  %-30s n/a (its denominator count is not an indicator of this "
                               "file)\n", ind);
                    continue;
                }
                char i1[40], i2[40], i3[40], band[130];
                snprintf(band, sizeof band, "%s [%s, %s]", snum(i1, sizeof i1, c->imp[0]),
                         snum(i2, sizeof i2, c->imp[1]), snum(i3, sizeof i3, c->imp[2]));
                fprintf(o, "  %-30s %-28s %-40s ", ind, band, b->units.s[h]);
                if (c->distinguishable == 1) {
                    char a1[40], a2[40], a3[40], t1[130];
                    snprintf(t1, sizeof t1, "%s [%s, %s]", per_unit(a1, sizeof a1, c->total[0]),
                             per_unit(a2, sizeof a2, c->total[1]),
                             per_unit(a3, sizeof a3, c->total[2]));
                    fprintf(o, "%-28s %s [%s, %s]\n", t1, per_unit(a1, sizeof a1, c->rijk[0]),
                            per_unit(a2, sizeof a2, c->rijk[1]), per_unit(a3, sizeof a3, c->rijk[2]));
                } else if (c->distinguishable == -1) {
                    fprintf(o, "worse than the baseline (no cost per unit)\n");
                } else {
                    fprintf(o, "not distinguishable from zero\n");
                }
            }
        }
        ce_free(ce, n_ce);
    }
    free(buf);
    return rd->rc;
}

int ws_h5_summary(const char *path, const ws_h5_summary_opts *o, FILE *out, ws_error *e)
{
    reader rd = {.path = path ? path : "(null)", .e = e};
    static const ws_h5_summary_opts none = {0};
    if (!o) o = &none;
    H5E_auto2_t old_fn = NULL;
    void *old_data = NULL;
    bool restore = H5Eget_auto2(H5E_DEFAULT, &old_fn, &old_data) >= 0;
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    H5Eclear2(H5E_DEFAULT);
    hid_t file = H5I_INVALID_HID, sum = H5I_INVALID_HID;
    char *text = NULL;
    size_t text_len = 0;
    FILE *mem = NULL;
    board b;
    memset(&b, 0, sizeof b);

    file = open_file(&rd, path);
    if (file < 0 || check_layout(&rd, file)) goto done;
    if (!has_link(&rd, file, "summary")) {
        fail(&rd, WS_EINPUT, "the file has no /summary (written by an older wijksim?)");
        goto done;
    }
    sum = open_obj(&rd, file, "summary", true, "");
    if (sum < 0 || board_read(&rd, file, sum, o, &b)) goto done;
    mem = open_memstream(&text, &text_len);
    if (!mem) {
        fail(&rd, WS_EIO, "out of memory building the table");
        goto done;
    }
    if (b.n_scen == 1 ? board_single(&rd, sum, &b, o->csv, mem)
                      : board_options(&rd, sum, &b, o->csv, mem))
        goto done;
    if (fclose(mem) != 0) {
        mem = NULL;
        fail(&rd, WS_EIO, "out of memory building the table");
        goto done;
    }
    mem = NULL;
    if (fwrite(text, 1, text_len, out) != text_len || fflush(out) != 0 || ferror(out))
        fail(&rd, WS_EIO, "cannot write the table");
done:
    if (mem) fclose(mem);
    free(text);
    board_free(&b);
    drop(&rd, &sum);
    drop(&rd, &file);
    if (restore) H5Eset_auto2(H5E_DEFAULT, old_fn, old_data);
    return rd.rc;
}
