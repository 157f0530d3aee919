/* h5_info.c: describes a results file in plain text (`wijksim info FILE`; see h5.h).
 *
 * The description is built in memory and written to `out` only when the whole file could be
 * read, so a failure prints nothing but the error. Reading goes through h5_common's reader
 * (ws__h5r_*), which is tolerant of how a string was stored (variable or fixed length) and of
 * integer or float attributes, so a file touched by another tool (h5py, HDFView) still
 * describes; what makes a file a wijksim results file is the root attribute file_kind = "run"
 * or "comparison" and the objects /input, /scenarios, /year, /area and /replication
 * (ws__h5r_check_run_file). Sweep files are handed to ws_h5_sweep_info. HDF5's automatic error
 * printing is off during the call and restored after.
 */
#include "wijksim/h5.h"
#include "wijksim/h5_sweep.h"
#include "h5_common.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <hdf5.h>
#include <hdf5_hl.h>

#define READ_BLOCK_VALUES ((size_t)1 << 20) /* doubles read at once when averaging */

/* ---- values as text ---------------------------------------------------------------------- */

/* Element k of v as text. */
static void element_text(const ws__h5_value *v, size_t k, char *buf, size_t n)
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

/* v as text: one element as itself, several as "first .. last" (with_count: and
 * " (n values)"), none as "(empty)". */
static void value_text(const ws__h5_value *v, char *buf, size_t n, bool with_count)
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

/* Attribute name of obj, of any type, as text into buf ("" when absent). Returns r->rc. */
static int attr_shown(ws__h5r *r, hid_t obj, const char *name, char *buf, size_t n)
{
    ws__h5_value v;
    buf[0] = '\0';
    if (ws__h5r_attr_value(r, obj, name, &v) == 1) value_text(&v, buf, n, true);
    ws__h5_value_free(&v);
    return r->rc;
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

static int describe_root(ws__h5r *r, hid_t file, FILE *o)
{
    fprintf(o, "wijksim results file %s\n", r->path);
    char buf[5000];
    for (size_t k = 0; k < sizeof root_attrs / sizeof root_attrs[0]; k++) {
        ws__h5_value v;
        int st = ws__h5r_attr_value(r, file, root_attrs[k], &v);
        if (st < 0) return st;
        if (st == 0) {
            if (strcmp(root_attrs[k], "comparison_name") != 0)
                fprintf(o, "  %-20s (missing)\n", root_attrs[k]);
            continue;
        }
        value_text(&v, buf, sizeof buf, true);
        fprintf(o, "  %-20s %s\n", root_attrs[k], buf);
        ws__h5_value_free(&v);
    }
    return 0;
}

/* One line per dimension scale: name, size, first and last label. years[0..1] receive the
 * first and last year (for the table headers). */
static int describe_dims(ws__h5r *r, hid_t file, FILE *o, long long years[2])
{
    static const char *const dims[] = {"replication", "year", "area"};
    fprintf(o, "\ndimensions\n");
    for (int k = 0; k < 3 && !r->rc; k++) {
        hid_t d = ws__h5r_open_obj(r, file, dims[k], false, "");
        if (d < 0) break;
        ws__h5_value v;
        char what[64], buf[600];
        snprintf(what, sizeof what, "dataset /%s", dims[k]);
        if (ws__h5r_value(r, d, false, what, &v) == 0) {
            value_text(&v, buf, sizeof buf, false);
            htri_t is = H5DSis_scale(d);
            fprintf(o, "  %-12s %7zu  %s%s\n", dims[k], v.n, buf,
                    is > 0 ? "" : "  [not a dimension scale]");
            if (k == 1 && v.cls == H5T_INTEGER && v.n) {
                years[0] = v.i[0];
                years[1] = v.i[v.n - 1];
            }
            ws__h5_value_free(&v);
        }
        ws__h5r_drop(&d);
    }
    return r->rc;
}

static int describe_input(ws__h5r *r, hid_t file, FILE *o)
{
    hid_t in = ws__h5r_open_obj(r, file, "input", true, ""), d = H5I_INVALID_HID;
    if (in < 0) return r->rc;
    fprintf(o, "\ninput\n");
    static const char *const parts[] = {"scenario.lua", "parameters", "areas"};
    for (int k = 0; k < 3 && !r->rc; k++) {
        if (!ws__h5r_has(r, in, parts[k])) {
            if (!r->rc) fprintf(o, "  %-14s (missing)\n", parts[k]);
            continue;
        }
        d = ws__h5r_open_obj(r, in, parts[k], false, " in /input");
        if (d < 0) break;
        if (k == 0) {
            char bytes[64] = "", sha[128] = "";
            attr_shown(r, d, "bytes", bytes, sizeof bytes);
            attr_shown(r, d, "sha256", sha, sizeof sha);
            fprintf(o, "  %-14s %s bytes, sha256 %s\n", parts[k], bytes[0] ? bytes : "?",
                    sha[0] ? sha : "?");
        } else {
            char path[64];
            snprintf(path, sizeof path, "/input/%s", parts[k]);
            long long rows = ws__h5r_rows(r, file, path);
            if (rows >= 0) fprintf(o, "  %-14s %lld rows\n", parts[k], rows);
        }
        ws__h5r_drop(&d);
    }
    ws__h5r_drop(&d);
    ws__h5r_drop(&in);
    return r->rc;
}

/* A row of the indicator table. */
typedef struct ind_row {
    char name[128], domain[64], units[128], shape[64], first[32], last[32];
} ind_row;

/* Mean over replications and areas of year index y of a [rep, year, area] dataset; NaN when
 * nothing is finite. Reads in blocks of whole replications. */
static int year_mean(ws__h5r *r, hid_t d, hid_t fsp, const hsize_t dims[3], hsize_t y, double *mean)
{
    *mean = NAN;
    if (!dims[0] || !dims[2]) return 0;
    hsize_t per = READ_BLOCK_VALUES / dims[2];
    if (per < 1) per = 1;
    if (per > dims[0]) per = dims[0];
    double *buf = malloc((size_t)(per * dims[2]) * sizeof *buf);
    if (!buf) return ws__h5r_fail(r, WS_ENOMEM, false, "out of memory averaging an indicator");
    double sum = 0;
    size_t count = 0;
    for (hsize_t r0 = 0; r0 < dims[0] && !r->rc; r0 += per) {
        hsize_t nr = dims[0] - r0 < per ? dims[0] - r0 : per;
        hsize_t start[3] = {r0, y, 0}, cnt[3] = {nr, 1, dims[2]}, mcnt = nr * dims[2];
        hid_t msp = H5Screate_simple(1, &mcnt, NULL);
        if (msp < 0 || H5Sselect_hyperslab(fsp, H5S_SELECT_SET, start, NULL, cnt, NULL) < 0 ||
            H5Dread(d, H5T_NATIVE_DOUBLE, msp, fsp, H5P_DEFAULT, buf) < 0) {
            ws__h5r_fail(r, WS_EIO, true, "cannot read indicator values");
        } else {
            for (hsize_t k = 0; k < mcnt; k++)
                if (isfinite(buf[k])) sum += buf[k], count++;
        }
        ws__h5r_drop(&msp);
    }
    free(buf);
    if (count) *mean = sum / (double)count;
    return r->rc;
}

/* The table row of indicator name in group ig. Returns 0, 1 when name is not a dataset (not
 * listed), or the failure. */
static int indicator_row(ws__h5r *r, hid_t ig, const char *name, ind_row *row)
{
    memset(row, 0, sizeof *row);
    snprintf(row->name, sizeof row->name, "%s", name);
    snprintf(row->first, sizeof row->first, "-");
    snprintf(row->last, sizeof row->last, "-");
    hid_t d = H5Oopen(ig, name, H5P_DEFAULT), sp = H5I_INVALID_HID, t = H5I_INVALID_HID;
    if (d < 0) return ws__h5r_fail(r, WS_EIO, true, "cannot open indicator '%s'", name);
    if (H5Iget_type(d) != H5I_DATASET) {
        ws__h5r_drop(&d);
        return 1;
    }
    attr_shown(r, d, "domain", row->domain, sizeof row->domain);
    attr_shown(r, d, "units", row->units, sizeof row->units);
    sp = H5Dget_space(d);
    t = H5Dget_type(d);
    hsize_t dims[H5S_MAX_RANK];
    int rank = sp < 0 ? -1 : H5Sget_simple_extent_dims(sp, dims, NULL);
    H5T_class_t cls = t < 0 ? H5T_NO_CLASS : H5Tget_class(t);
    if (r->rc) goto done;
    if (rank < 0 || cls == H5T_NO_CLASS) {
        ws__h5r_fail(r, WS_EIO, true, "cannot read the shape of indicator '%s'", name);
        goto done;
    }
    size_t o = 0;
    for (int k = 0; k < rank && o < sizeof row->shape; k++)
        o += (size_t)snprintf(row->shape + o, sizeof row->shape - o, "%s%llu", k ? "x" : "",
                              (unsigned long long)dims[k]);
    if (rank == 0) snprintf(row->shape, sizeof row->shape, "scalar");
    if (rank == 3 && dims[1] > 0 && (cls == H5T_FLOAT || cls == H5T_INTEGER)) {
        double m0, m1;
        if (year_mean(r, d, sp, dims, 0, &m0) || year_mean(r, d, sp, dims, dims[1] - 1, &m1))
            goto done;
        snprintf(row->first, sizeof row->first, "%.6g", m0);
        snprintf(row->last, sizeof row->last, "%.6g", m1);
    }
done:
    ws__h5r_drop(&t);
    ws__h5r_drop(&sp);
    ws__h5r_drop(&d);
    return r->rc;
}

static size_t widest(size_t w, const char *s)
{
    size_t n = strlen(s);
    return n > w ? n : w;
}

/* One line listing a scenario's interventions (from interventions/intervention), if any. */
static int describe_interventions(ws__h5r *r, hid_t g, FILE *o)
{
    if (!ws__h5r_has(r, g, "interventions")) return r->rc;
    hid_t ig = ws__h5r_open_obj(r, g, "interventions", true, ""), d = H5I_INVALID_HID;
    if (ig < 0) return r->rc;
    d = ws__h5r_open_obj(r, ig, "intervention", false, " in interventions");
    ws__h5_value v;
    if (d >= 0 && ws__h5r_value(r, d, false, "the intervention names", &v) == 0) {
        fprintf(o, "  %zu intervention%s:", v.n, v.n == 1 ? "" : "s");
        for (size_t k = 0; k < v.n && v.cls == H5T_STRING; k++)
            fprintf(o, "%s %s", k ? "," : "", v.s[k]);
        fprintf(o, " (participants, active, waiting, places, spend per payer in "
                   "interventions/)\n");
        ws__h5_value_free(&v);
    }
    ws__h5r_drop(&d);
    ws__h5r_drop(&ig);
    return r->rc;
}

/* Header line and indicator table of one scenario. */
static int describe_scenario(ws__h5r *r, hid_t root, const char *link, int num, int of,
                             const long long years[2], FILE *o)
{
    char where[300];
    snprintf(where, sizeof where, " in /scenarios/%s", link);
    hid_t g = ws__h5r_open_obj(r, root, link, true, " in /scenarios"), ig = H5I_INVALID_HID;
    char **names = NULL;
    size_t n = 0;
    ind_row *rows = NULL;
    if (g < 0) goto done;
    char name[600], desc[600];
    if (attr_shown(r, g, "name", name, sizeof name) ||
        attr_shown(r, g, "description", desc, sizeof desc))
        goto done;
    ig = ws__h5r_open_obj(r, g, "indicators", true, where);
    if (ig < 0 || ws__h5r_links(r, ig, "the indicators", &names, &n)) goto done;
    rows = calloc(n ? n : 1, sizeof *rows);
    if (!rows) {
        ws__h5r_fail(r, WS_ENOMEM, false, "out of memory describing scenario '%s'", link);
        goto done;
    }
    size_t m = 0;
    for (size_t k = 0; k < n && !r->rc; k++)
        if (indicator_row(r, ig, names[k], &rows[m]) == 0) m++;
    if (r->rc) goto done;

    fprintf(o, "\nscenario %d of %d: %s\n", num, of, name[0] ? name : link);
    if (desc[0]) fprintf(o, "  %s\n", desc);
    if (describe_interventions(r, g, o)) goto done;
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
    ws__h5_free_texts(names, n);
    ws__h5r_drop(&ig);
    ws__h5r_drop(&g);
    return r->rc;
}

static int describe_scenarios(ws__h5r *r, hid_t file, const long long years[2], FILE *o)
{
    hid_t root = ws__h5r_open_obj(r, file, "scenarios", true, "");
    char **names = NULL;
    size_t n = 0;
    if (root < 0 || ws__h5r_links(r, root, "/scenarios", &names, &n)) goto done;
    fprintf(o, "\nscenarios (%zu)\n", n);
    size_t w = 0;
    for (size_t k = 0; k < n; k++)
        w = widest(w, names[k]);
    for (size_t k = 0; k < n && !r->rc; k++) {
        char desc[600] = "";
        hid_t g = ws__h5r_open_obj(r, root, names[k], true, " in /scenarios");
        if (g < 0) break;
        attr_shown(r, g, "description", desc, sizeof desc);
        fprintf(o, "  %-*s  %s\n", (int)w, names[k], desc);
        ws__h5r_drop(&g);
    }
    for (size_t k = 0; k < n && !r->rc; k++)
        describe_scenario(r, root, names[k], (int)k + 1, (int)n, years, o);
done:
    ws__h5_free_texts(names, n);
    ws__h5r_drop(&root);
    return r->rc;
}

/* Whether file is a sweep or part file (root attribute file_kind); false on any failure, which
 * is left for the run-file checks to report. */
static bool is_sweep_file(hid_t file)
{
    ws__h5r probe = {.path = "", .kind = "results file"};
    char kind[32];
    ws__h5r_attr_text(&probe, file, "file_kind", false, kind, sizeof kind);
    return !probe.rc && (strcmp(kind, "sweep") == 0 || strcmp(kind, "sweep_part") == 0);
}

int ws_h5_info(const char *path, FILE *out, ws_error *e)
{
    ws__h5r r = {.path = path ? path : "(null)", .kind = "results file", .e = e};
    ws__h5_quiet quiet;
    ws__h5_quiet_begin(&quiet);
    ws__h5_text t = {0};
    long long years[2] = {0, 0};
    hid_t file = ws__h5r_open_file(&r);
    if (file < 0) goto done;
    if (is_sweep_file(file)) { /* sweep files have their own description (h5_sweep_read.c) */
        ws__h5r_drop(&file);
        ws__h5_quiet_end(&quiet);
        return ws_h5_sweep_info(path, out, e);
    }
    H5Eclear2(H5E_DEFAULT);
    if (ws__h5r_check_run_file(&r, file) ||
        (r.rc = ws__h5_text_open(&t, e, r.path, "the description")))
        goto done;
    if (!describe_root(&r, file, t.mem) && !describe_dims(&r, file, t.mem, years))
        if (!describe_input(&r, file, t.mem)) describe_scenarios(&r, file, years, t.mem);
done:
    r.rc = ws__h5_text_emit(&t, r.rc, out, e, r.path, "the description");
    ws__h5r_drop(&file);
    ws__h5_quiet_end(&quiet);
    return r.rc;
}
