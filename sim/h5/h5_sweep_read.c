/* h5_sweep_read.c: reading the HDF5 sweep file (layout in include/wijksim/h5_sweep.h) — for a
 * merge (ws_h5_sweep_open/get), for sensitivity analysis (ws_h5_sweep_point_means) and for
 * `wijksim info` (ws_h5_sweep_info). Every shape is checked against the root attributes before
 * anything is read; errors name the file and what is wrong. Not thread-safe (HDF5).
 */
#include "wijksim/h5_sweep.h"
#include "h5_common.h"
#include "h5_sweep_internal.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <hdf5.h>
#include <hdf5_hl.h>

#include "wijksim/summary.h"

/* ---- reader ------------------------------------------------------------------------------ */

/* ---- reader: the parts of the file ------------------------------------------------------- */

/* file_kind, file_format_version and the root attributes: meta and shape. */
static int read_root(ws__h5r *r, ws_h5_sweep_in *in)
{
    hid_t f = in->file;
    char kind[64];
    int version = 0;
    if (H5Aexists(f, "file_kind") == 0)
        return ws__h5r_fail(r, WS_EINPUT, false,
                            "not a wijksim sweep file: the root attribute file_kind is missing");
    if (ws__h5r_attr_text(r, f, "file_kind", true, kind, sizeof kind)) return r->rc;
    if (strcmp(kind, "sweep") != 0 && strcmp(kind, "sweep_part") != 0)
        return ws__h5r_fail(
            r, WS_EINPUT, false,
            "not a sweep file: file_kind is '%s', expected 'sweep' or 'sweep_part'%s", kind,
            strcmp(kind, "run") == 0 || strcmp(kind, "comparison") == 0
                ? " (a results file: see `wijksim info`)"
                : "");
    in->part = strcmp(kind, "sweep_part") == 0;
    if (ws__h5r_attr_num(r, f, "file_format_version", true, H5T_NATIVE_INT, &version) < 0)
        return r->rc;
    if (version != SWEEP_FORMAT_VERSION)
        return ws__h5r_fail(r, WS_EINPUT, false,
                            "unsupported sweep file: file_format_version is %d, this wijksim reads "
                            "version %d",
                            version, SWEEP_FORMAT_VERSION);
    ws_sweep_meta *m = &in->meta;
    struct {
        const char *name;
        char *buf;
        size_t cap;
    } texts[] = {
        {"wijksim_version", m->run.version, sizeof m->run.version},
        {"git_revision", m->run.git_revision, sizeof m->run.git_revision},
        {"command_line", m->run.command_line, sizeof m->run.command_line},
        {"created", m->run.created, sizeof m->run.created},
        {"finished", m->run.finished, sizeof m->run.finished},
        {"sweep_name", m->name, sizeof m->name},
        {"sweep_description", m->description, sizeof m->description},
        {"sweep_file", m->sweep_file, sizeof m->sweep_file},
        {"sweep_sha256", m->sweep_sha256, sizeof m->sweep_sha256},
        {"split", m->split, sizeof m->split},
    };
    for (size_t k = 0; k < sizeof texts / sizeof texts[0]; k++)
        ws__h5r_attr_text(r, f, texts[k].name, false, texts[k].buf, texts[k].cap);
    long long seed = 0, runs = 0, complete = 0;
    char store[32];
    ws_sweep_shape *sh = &in->sh;
    m->processes = 1;
    ws__h5r_attr_num(r, f, "threads", false, H5T_NATIVE_INT, &m->run.threads);
    ws__h5r_attr_num(r, f, "processes", false, H5T_NATIVE_INT, &m->processes);
    ws__h5r_attr_num(r, f, "seed", false, H5T_NATIVE_LLONG, &seed);
    ws__h5r_attr_num(r, f, "points", true, H5T_NATIVE_INT, &sh->n_points);
    ws__h5r_attr_num(r, f, "replications", true, H5T_NATIVE_INT, &sh->n_rep);
    ws__h5r_attr_num(r, f, "runs", true, H5T_NATIVE_LLONG, &runs);
    ws__h5r_attr_num(r, f, "start_year", true, H5T_NATIVE_INT, &sh->start_year);
    ws__h5r_attr_num(r, f, "years", true, H5T_NATIVE_INT, &sh->n_year);
    ws__h5r_attr_num(r, f, "complete", false, H5T_NATIVE_LLONG, &complete);
    int ref = -1;
    ws__h5r_attr_num(r, f, "reference_point", false, H5T_NATIVE_INT, &ref);
    ws__h5r_attr_text(r, f, "store", true, store, sizeof store);
    if (r->rc) return r->rc;
    m->seed = (uint32_t)seed;
    m->has_reference = ref >= 0;
    m->reference = ref;
    if (ref >= sh->n_points)
        return ws__h5r_fail(r, WS_EINPUT, false,
                            "damaged sweep file: reference_point %d is not one of the %d points",
                            ref, sh->n_points);
    if (strcmp(store, "areas") != 0 && strcmp(store, "totals") != 0)
        return ws__h5r_fail(r, WS_EINPUT, false,
                            "damaged sweep file: store is '%s', expected 'areas' or 'totals'",
                            store);
    sh->store_areas = strcmp(store, "areas") == 0;
    if (sh->n_points < 1 || sh->n_points > WS_SWEEP_MAX_POINTS || sh->n_rep < 1 ||
        sh->n_rep > WS_MAX_REPLICATIONS || sh->n_year < 1 || sh->n_year > WS_MAX_YEARS ||
        runs != (long long)sh->n_points * sh->n_rep)
        return ws__h5r_fail(
            r, WS_EINPUT, false,
            "damaged sweep file: %d points x %d replications x %d years with runs = %lld",
            sh->n_points, sh->n_rep, sh->n_year, runs);
    if (!in->part && complete != 1)
        return ws__h5r_fail(r, WS_EINPUT, false,
                            "not a finished sweep file: its attribute complete is %lld, not 1",
                            complete);
    return 0;
}

/* /area (names, attribute ids) and /year. */
static int read_dims(ws__h5r *r, ws_h5_sweep_in *in)
{
    size_t n = 0, n_ids = 0;
    hid_t d = ws__h5r_open_ds(r, in->file, "area", H5P_DEFAULT);
    if (d >= 0 && !ws__h5r_texts(r, d, false, "dataset /area", &in->area_name, &n) &&
        ws__h5r_attr_texts(r, d, "ids", true, &in->area_id, &n_ids) == 1 &&
        (n != n_ids || n < 1 || n > WS_MAX_AREAS)) {
        ws__h5r_fail(r, WS_EINPUT, false, "damaged sweep file: /area holds %zu names and %zu ids",
                     n, n_ids);
        ws__h5_free_texts(in->area_id, n_ids); /* both lists are freed as n_area long */
        in->area_id = NULL;
    }
    ws__h5r_drop(&d);
    in->sh.n_area = (int)n;
    if (r->rc) return r->rc;
    int *years = malloc((size_t)in->sh.n_year * sizeof *years);
    if (!years) return ws__h5r_fail(r, WS_ENOMEM, false, "out of memory");
    hsize_t ny = (hsize_t)in->sh.n_year;
    if (!ws__h5r_read_ds(r, in->file, "year", 1, &ny, "years", H5T_NATIVE_INT, years))
        for (int y = 0; y < in->sh.n_year && !r->rc; y++)
            if (years[y] != in->sh.start_year + y)
                ws__h5r_fail(r, WS_EINPUT, false,
                             "damaged sweep file: /year[%d] is %d, expected %d (start_year + %d)",
                             y, years[y], in->sh.start_year + y, y);
    free(years);
    return r->rc;
}

/* /input/sweep.lua: its exact bytes into in->source. */
static int read_source(ws__h5r *r, ws_h5_sweep_in *in)
{
    const char *p = "input/sweep.lua";
    hid_t d = ws__h5r_open_ds(r, in->file, p, H5P_DEFAULT);
    char enc[32] = "", **v = NULL;
    size_t n = 0, len = 0;
    if (d < 0 || ws__h5r_attr_text(r, d, "encoding", false, enc, sizeof enc)) goto done;
    if (strcmp(enc, "uint8") == 0) {
        long long rows = ws__h5r_rows(r, in->file, p);
        if (rows < 0) goto done;
        len = (size_t)rows;
        if (!(in->source = malloc(len + 1))) {
            ws__h5r_fail(r, WS_ENOMEM, false, "out of memory for the sweep source");
            goto done;
        }
        if (H5Dread(d, H5T_NATIVE_UCHAR, H5S_ALL, H5S_ALL, H5P_DEFAULT, in->source) < 0)
            ws__h5r_fail(r, WS_EIO, true, "cannot read '%s'", p);
    } else if (!ws__h5r_texts(r, d, false, p, &v, &n)) {
        if (n != 1)
            ws__h5r_fail(r, WS_EINPUT, false, "damaged sweep file: '%s' holds %zu strings", p, n);
        else
            len = strlen(v[0]), in->source = v[0], v[0] = NULL;
    }
    if (!r->rc) {
        in->source[len] = '\0';
        in->meta.source = in->source;
        in->meta.source_len = len;
    }
done:
    ws__h5_free_texts(v, n);
    ws__h5r_drop(&d);
    return r->rc;
}

/* The levels text of a factor (levels_text) back into values or labels. */
static int parse_levels(ws__h5r *r, ws_factor *f, const char *text, bool labelled)
{
    size_t len = strlen(text), n = 1;
    for (size_t k = 0; k < len; k++) {
        if (text[k] == '\\' && k + 1 < len)
            k++;
        else if (text[k] == ',')
            n++;
    }
    char *tok = malloc(len + 1);
    f->levels = malloc(n * sizeof *f->levels);
    f->labels = labelled ? calloc(n, sizeof *f->labels) : NULL;
    if (!tok || !f->levels || (labelled && !f->labels)) {
        free(tok);
        return ws__h5r_fail(r, WS_ENOMEM, false, "out of memory for the levels of factor '%s'",
                            f->name);
    }
    f->n_levels = (int)n;
    size_t t = 0, k = 0;
    for (size_t i = 0; i <= len && !r->rc; i++) {
        if (i < len && text[i] == '\\' && i + 1 < len) {
            tok[t++] = text[++i];
            continue;
        }
        if (i < len && text[i] != ',') {
            tok[t++] = text[i];
            continue;
        }
        tok[t] = '\0';
        char *end = NULL;
        f->levels[k] = labelled ? (double)k : strtod(tok, &end);
        if (labelled && !(f->labels[k] = strdup(tok)))
            ws__h5r_fail(r, WS_ENOMEM, false, "out of memory for the levels of factor '%s'",
                         f->name);
        else if (!labelled && (end == tok || *end))
            ws__h5r_fail(r, WS_EINPUT, false,
                         "damaged sweep file: level '%s' of factor '%s' is not a number", tok,
                         f->name);
        k++;
        t = 0;
    }
    free(tok);
    return r->rc;
}

/* /design/factors into in->d.factor (K rows, as counted by the caller). */
static int read_factors(ws__h5r *r, ws_h5_sweep_in *in, size_t K)
{
    void *raw = NULL;
    size_t n = 0;
    ws_design *des = &in->d;
    if (ws__h5r_table(r, in->file, "design/factors", ws__sweep_factor_cols,
                      WS__SWEEP_N_FACTOR_COLS, sizeof(factor_row), &raw, &n))
        return r->rc;
    const factor_row *rows = raw;
    if (n != K)
        ws__h5r_fail(r, WS_EINPUT, false, "damaged sweep file: /design/factors changed while read");
    else if (!(des->factor = calloc(K, sizeof *des->factor)))
        ws__h5r_fail(r, WS_ENOMEM, false, "out of memory for the factors");
    else
        des->n_factors = (int)K;
    for (size_t k = 0; k < K && !r->rc; k++) {
        const factor_row *row = &rows[k];
        ws_factor *f = &des->factor[k];
        if (strlen(row->name) >= sizeof f->name || strlen(row->param) >= sizeof f->param) {
            ws__h5r_fail(r, WS_EINPUT, false,
                         "damaged sweep file: factor %zu has a name over 63 bytes", k);
            break;
        }
        snprintf(f->name, sizeof f->name, "%s", row->name);
        snprintf(f->param, sizeof f->param, "%s", row->param);
        f->integer = row->integer != 0;
        f->dist = strcmp(row->dist, "loguniform") == 0 ? WS_FDIST_LOGUNIFORM : WS_FDIST_UNIFORM;
        if (strcmp(row->kind, "levels") == 0) {
            parse_levels(r, f, row->levels, row->labelled != 0);
        } else if (strcmp(row->kind, "range") == 0) {
            f->min = row->min;
            f->max = row->max;
            f->steps = row->steps;
        } else {
            ws__h5r_fail(
                r, WS_EINPUT, false,
                "damaged sweep file: factor '%s' has kind '%s', expected 'levels' or 'range'",
                f->name, row->kind);
        }
    }
    ws__h5_table_free(ws__sweep_factor_cols, WS__SWEEP_N_FACTOR_COLS, sizeof(factor_row), raw, n);
    return r->rc;
}

/* /design: kind, factors, values and (saltelli) blocks and base rows, checked. */
static int read_design(ws__h5r *r, ws_h5_sweep_in *in)
{
    char kind[64];
    ws_design *d = &in->d;
    hid_t g = H5I_INVALID_HID, b = H5I_INVALID_HID;
    if (ws__h5r_attr_text(r, in->file, "design", true, kind, sizeof kind)) return r->rc;
    if ((d->kind = ws_design_kind_find(kind)) < 0)
        return ws__h5r_fail(r, WS_EINPUT, false, "unsupported sweep file: design '%s' is unknown",
                            kind);
    long long K = ws__h5r_rows(r, in->file, "design/factors");
    if (K < 0) return r->rc;
    if (K < 1 || K > WS_SWEEP_MAX_FACTORS)
        return ws__h5r_fail(r, WS_EINPUT, false, "damaged sweep file: %lld factors (1..%d allowed)",
                            K, WS_SWEEP_MAX_FACTORS);
    if (read_factors(r, in, (size_t)K)) return r->rc;
    size_t P = (size_t)in->sh.n_points;
    d->n_points = in->sh.n_points;
    d->seed = in->meta.seed;
    if (!(d->x = malloc(P * (size_t)K * sizeof *d->x)))
        return ws__h5r_fail(r, WS_ENOMEM, false, "out of memory for the design");
    hsize_t dims[2] = {P, (hsize_t)K};
    if (ws__h5r_read_ds(r, in->file, "design/values", 2, dims, "points x factors",
                        H5T_NATIVE_DOUBLE, d->x))
        return r->rc;
    if ((g = H5Oopen(in->file, "design", H5P_DEFAULT)) >= 0) {
        long long seed;
        if (ws__h5r_attr_num(r, g, "seed", false, H5T_NATIVE_LLONG, &seed) == 1)
            d->seed = (uint32_t)seed;
        ws__h5r_drop(&g);
    }
    if (d->kind != WS_DESIGN_SALTELLI) return r->rc;
    d->block = malloc(P * sizeof *d->block);
    d->base = malloc(P * sizeof *d->base);
    if (!d->block || !d->base)
        return ws__h5r_fail(r, WS_ENOMEM, false, "out of memory for the design");
    if (ws__h5r_read_ds(r, in->file, "design/block", 1, dims, "points", H5T_NATIVE_INT, d->block) ||
        ws__h5r_read_ds(r, in->file, "design/base", 1, dims, "points", H5T_NATIVE_INT, d->base))
        return r->rc;
    b = ws__h5r_open_ds(r, in->file, "design/block", H5P_DEFAULT);
    ws__h5r_attr_num(r, b, "n_base", true, H5T_NATIVE_INT, &d->n_base);
    ws__h5r_drop(&b);
    if (r->rc) return r->rc;
    if (d->n_base < 1 || (long long)d->n_base * (K + 2) != (long long)P)
        return ws__h5r_fail(
            r, WS_EINPUT, false,
            "damaged sweep file: a saltelli design of %d base rows over %lld factors "
            "has %lld points, not %zu",
            d->n_base, K, (long long)d->n_base * (K + 2), P);
    for (size_t p = 0; p < P; p++)
        if (d->block[p] < 0 || d->block[p] >= K + 2 || d->base[p] < 0 || d->base[p] >= d->n_base)
            return ws__h5r_fail(
                r, WS_EINPUT, false,
                "damaged sweep file: point %zu has block %d and base row %d (blocks "
                "0..%lld, rows 0..%d)",
                p, d->block[p], d->base[p], K + 1, d->n_base - 1);
    return 0;
}

/* A name usable as a link in /runs/totals: not empty, no '/', not "." or "..". */
static bool link_name_ok(const char *s)
{
    return s[0] && !strchr(s, '/') && strcmp(s, ".") != 0 && strcmp(s, "..") != 0;
}

/* /runs: done flags and every listed indicator's datasets (shapes checked); keeps this
 * build's indicators open (chunk cache sized for reading runs one by one). */
static int read_runs(ws__h5r *r, ws_h5_sweep_in *in)
{
    const ws_sweep_shape *sh = &in->sh;
    hsize_t P = (hsize_t)sh->n_points, R = (hsize_t)sh->n_rep, Y = (hsize_t)sh->n_year;
    hsize_t A = (hsize_t)sh->n_area;
    char **names = NULL;
    size_t n = 0;
    hid_t dapl = H5Pcreate(H5P_DATASET_ACCESS);
    if (dapl < 0 || H5Pset_chunk_cache(dapl, 521, READ_CACHE_BYTES, 1.0) < 0) {
        ws__h5r_fail(r, WS_EIO, true, "cannot set up reading the runs");
        goto done;
    }
    if (!(in->done = malloc((size_t)(P * R)))) {
        ws__h5r_fail(r, WS_ENOMEM, false, "out of memory for the done flags");
        goto done;
    }
    hsize_t dd[2] = {P, R}, td[3] = {P, R, Y}, ad[4] = {P, R, Y, A}, sd[4] = {P, R, Y, WS_PAY_N};
    if (ws__h5r_read_ds(r, in->file, "runs/done", 2, dd, "points x replications", H5T_NATIVE_UCHAR,
                        in->done) ||
        ws__h5r_attr_texts(r, in->file, "indicators", true, &names, &n) < 0)
        goto done;
    for (size_t k = 0; k < n && !r->rc; k++) {
        char p[300];
        if (!link_name_ok(names[k]) || strlen(names[k]) > 200) {
            ws__h5r_fail(r, WS_EINPUT, false, "damaged sweep file: indicator name '%.200s'",
                         names[k]);
            break;
        }
        int i = ws_indicator_find(names[k]);
        for (int part = 0; part < (sh->store_areas ? 2 : 1) && !r->rc; part++) {
            snprintf(p, sizeof p, "runs/%s/%s", part ? "areas" : "totals", names[k]);
            hid_t d = ws__h5r_open_ds(r, in->file, p, dapl);
            if (d >= 0)
                ws__h5r_check_dims(r, d, p, part ? 4 : 3, part ? ad : td,
                                   part ? "points x replications x years x areas"
                                        : "points x replications x years");
            hid_t *keep = i < 0 ? NULL : part ? &in->area[i] : &in->tot[i];
            if (keep && *keep < 0 && !r->rc) {
                *keep = d;
                d = H5I_INVALID_HID;
            }
            ws__h5r_drop(&d);
        }
    }
    if ((in->spend = ws__h5r_open_ds(r, in->file, "runs/spend", dapl)) >= 0)
        ws__h5r_check_dims(r, in->spend, "runs/spend", 4, sd,
                           "points x replications x years x payers");
    for (int i = 0; i < WS_N_INDICATORS; i++)
        in->n_missing += in->tot[i] < 0 || (sh->store_areas && in->area[i] < 0);
done:
    ws__h5_free_texts(names, n);
    ws__h5r_drop(&dapl);
    return r->rc;
}

int ws_h5_sweep_open(const char *path, ws_h5_sweep_in **out, ws_error *e)
{
    if (out) *out = NULL;
    ws__h5r r = {.kind = "sweep file", .path = path ? path : "", .e = e};
    ws__h5_quiet quiet;
    ws__h5_quiet_begin(&quiet);
    ws_h5_sweep_in *in = calloc(1, sizeof *in);
    if (!out || !in || !(in->path = strdup(r.path))) {
        ws__h5r_fail(&r, out ? WS_ENOMEM : WS_ERUNTIME, false, "cannot open the sweep file: %s",
                     out ? "out of memory" : "internal error: nowhere to return it");
        if (in) free(in->path);
        free(in);
        ws__h5_quiet_end(&quiet);
        return r.rc;
    }
    in->file = in->spend = H5I_INVALID_HID;
    for (int i = 0; i < WS_N_INDICATORS; i++)
        in->tot[i] = in->area[i] = H5I_INVALID_HID;
    if ((in->file = ws__h5r_open_file(&r)) >= 0 && !read_root(&r, in) && !read_dims(&r, in) &&
        !read_source(&r, in) && !read_design(&r, in))
        read_runs(&r, in);
    if (r.rc)
        ws_h5_sweep_close(in);
    else
        *out = in;
    ws__h5_quiet_end(&quiet);
    return r.rc;
}

const ws_sweep_meta *ws_h5_sweep_meta(const ws_h5_sweep_in *in)
{
    return &in->meta;
}

const ws_design *ws_h5_sweep_design(const ws_h5_sweep_in *in)
{
    return &in->d;
}

const ws_sweep_shape *ws_h5_sweep_shape(const ws_h5_sweep_in *in)
{
    return &in->sh;
}

bool ws_h5_sweep_is_part(const ws_h5_sweep_in *in)
{
    return in->part;
}

const unsigned char *ws_h5_sweep_done(const ws_h5_sweep_in *in)
{
    return in->done;
}

void ws_h5_sweep_close(ws_h5_sweep_in *in)
{
    if (!in) return;
    ws__h5_quiet quiet;
    ws__h5_quiet_begin(&quiet);
    for (int i = 0; i < WS_N_INDICATORS; i++) {
        ws__h5r_drop(&in->tot[i]);
        ws__h5r_drop(&in->area[i]);
    }
    ws__h5r_drop(&in->spend);
    ws__h5r_drop(&in->file);
    ws__h5_quiet_end(&quiet);
    ws_design_free(&in->d);
    ws__h5_free_texts(in->area_name, (size_t)in->sh.n_area);
    ws__h5_free_texts(in->area_id, (size_t)in->sh.n_area);
    free(in->done);
    free(in->source);
    free(in->path);
    free(in);
}

/* Reads n values of run (point, rep) of dataset d (rank 3 or 4, inner dims after point and
 * replication) into dst. */
static int read_run(ws__h5r *r, hid_t d, int rank, const hsize_t *inner, int point, int rep,
                    double *dst)
{
    if (r->rc) return r->rc;
    hsize_t start[4] = {(hsize_t)point, (hsize_t)rep, 0, 0};
    hsize_t count[4] = {1, 1, inner[0], rank > 3 ? inner[1] : 1};
    hsize_t n = count[2] * count[3];
    hid_t fsp = H5Dget_space(d), msp = H5Screate_simple(1, &n, NULL);
    if (fsp < 0 || msp < 0 ||
        H5Sselect_hyperslab(fsp, H5S_SELECT_SET, start, NULL, count, NULL) < 0 ||
        H5Dread(d, H5T_NATIVE_DOUBLE, msp, fsp, H5P_DEFAULT, dst) < 0)
        ws__h5r_fail(r, WS_EIO, true, "cannot read run (point %d, replication %d)", point, rep);
    ws__h5r_drop(&msp);
    ws__h5r_drop(&fsp);
    return r->rc;
}

int ws_h5_sweep_get(ws_h5_sweep_in *in, int point, int rep, double *payload, ws_error *e)
{
    ws__h5r r = {.kind = "sweep file", .path = in ? in->path : "", .e = e};
    if (!in || !payload)
        return ws__h5r_fail(&r, WS_ERUNTIME, false, "internal error: no sweep file or no payload");
    const ws_sweep_shape *sh = &in->sh;
    if (point < 0 || point >= sh->n_points || rep < 0 || rep >= sh->n_rep)
        return ws__h5r_fail(&r, WS_EINPUT, false,
                            "run (point %d, replication %d) is outside the file's %d points x %d "
                            "replications",
                            point, rep, sh->n_points, sh->n_rep);
    if (!in->done[(size_t)point * (size_t)sh->n_rep + (size_t)rep])
        return ws__h5r_fail(&r, WS_EINPUT, false,
                            "run (point %d, replication %d) is not stored in it", point, rep);
    for (int i = 0; i < WS_N_INDICATORS; i++)
        if (in->tot[i] < 0 || (sh->store_areas && in->area[i] < 0))
            return ws__h5r_fail(
                &r, WS_EINPUT, false,
                "the file lacks indicator '%s' of this wijksim (%d missing): it was "
                "written by another version",
                ws_indicators[i].name, in->n_missing);
    ws__h5_quiet quiet;
    ws__h5_quiet_begin(&quiet);
    hsize_t Y = (hsize_t)sh->n_year, inner[2] = {Y, (hsize_t)sh->n_area};
    hsize_t sinner[2] = {Y, WS_PAY_N};
    size_t areas_at = ws_sweep_payload_areas_at(sh), spend_at = ws_sweep_payload_spend_at(sh);
    for (int i = 0; i < WS_N_INDICATORS; i++) {
        read_run(&r, in->tot[i], 3, inner, point, rep, payload + (size_t)i * Y);
        if (sh->store_areas)
            read_run(&r, in->area[i], 4, inner, point, rep,
                     payload + areas_at + (size_t)i * Y * (size_t)sh->n_area);
    }
    read_run(&r, in->spend, 4, sinner, point, rep, payload + spend_at);
    ws__h5_quiet_end(&quiet);
    return r.rc;
}

/* Per point the mean over replications of the finite values of year index yi of the totals
 * dataset d (NaN where none is finite), into y[0..n_points-1]. */
static int point_means(ws__h5r *r, const ws_h5_sweep_in *in, hid_t d, int yi, double *y)
{
    size_t P = (size_t)in->sh.n_points, R = (size_t)in->sh.n_rep;
    size_t step = clamp_sz(SUMMARY_READ_MAX / (R * sizeof(double)), 1, P);
    double *buf = malloc(step * R * sizeof *buf);
    if (!buf) return ws__h5r_fail(r, WS_ENOMEM, false, "out of memory for the point means");
    for (size_t p0 = 0; p0 < P && !r->rc; p0 += step) {
        size_t np = P - p0 < step ? P - p0 : step;
        hsize_t start[3] = {p0, 0, (hsize_t)yi}, count[3] = {np, R, 1}, n = np * R;
        hid_t fsp = H5Dget_space(d), msp = H5Screate_simple(1, &n, NULL);
        if (fsp < 0 || msp < 0 ||
            H5Sselect_hyperslab(fsp, H5S_SELECT_SET, start, NULL, count, NULL) < 0 ||
            H5Dread(d, H5T_NATIVE_DOUBLE, msp, fsp, H5P_DEFAULT, buf) < 0)
            ws__h5r_fail(r, WS_EIO, true, "cannot read the totals of points %zu..%zu", p0,
                         p0 + np - 1);
        ws__h5r_drop(&msp);
        ws__h5r_drop(&fsp);
        for (size_t pp = 0; pp < np && !r->rc; pp++) {
            double sum = 0;
            size_t m = 0;
            for (size_t k = 0; k < R; k++)
                if (isfinite(buf[pp * R + k])) sum += buf[pp * R + k], m++;
            y[p0 + pp] = m ? sum / (double)m : NAN;
        }
    }
    free(buf);
    return r->rc;
}

/* The totals dataset of indicator name: this build's (kept open) or, for an indicator only
 * the file knows, opened now (*opened set; the caller closes it). Missing is WS_EINPUT. */
static hid_t totals_of(ws__h5r *r, const ws_h5_sweep_in *in, const char *name, hid_t *opened)
{
    *opened = H5I_INVALID_HID;
    int i = ws_indicator_find(name);
    if (i >= 0 && in->tot[i] >= 0) return in->tot[i];
    char p[300];
    if (link_name_ok(name) && strlen(name) < 200) {
        snprintf(p, sizeof p, "runs/totals/%s", name);
        if (H5Lexists(in->file, p, H5P_DEFAULT) > 0)
            return *opened = ws__h5r_open_ds(r, in->file, p, H5P_DEFAULT);
    }
    ws__h5r_fail(r, WS_EINPUT, false, "indicator '%s' is not in the file (see `wijksim info %s`)",
                 name, in->path);
    return H5I_INVALID_HID;
}

int ws_h5_sweep_point_means(ws_h5_sweep_in *in, const char *indicator, int year, double **y,
                            ws_error *e)
{
    ws__h5r r = {.kind = "sweep file", .path = in ? in->path : "", .e = e};
    if (y) *y = NULL;
    if (!in || !indicator || !y)
        return ws__h5r_fail(&r, WS_ERUNTIME, false, "internal error: no sweep file or indicator");
    const ws_sweep_shape *sh = &in->sh;
    if (in->part)
        return ws__h5r_fail(
            &r, WS_EINPUT, false,
            "a part file (file_kind sweep_part) holds only some runs: merge the parts "
            "into a sweep file first");
    if (year < sh->start_year || year >= sh->start_year + sh->n_year)
        return ws__h5r_fail(&r, WS_EINPUT, false, "year %d is not in the file (%d..%d)", year,
                            sh->start_year, sh->start_year + sh->n_year - 1);
    size_t n_runs = (size_t)sh->n_points * (size_t)sh->n_rep, missing = 0;
    for (size_t k = 0; k < n_runs; k++)
        missing += !in->done[k];
    if (missing)
        return ws__h5r_fail(&r, WS_EINPUT, false, "%zu of its %zu runs are not stored", missing,
                            n_runs);
    ws__h5_quiet quiet;
    ws__h5_quiet_begin(&quiet);
    hid_t opened;
    hid_t d = totals_of(&r, in, indicator, &opened);
    double *v = d < 0 ? NULL : malloc((size_t)sh->n_points * sizeof *v);
    if (d >= 0 && !v) ws__h5r_fail(&r, WS_ENOMEM, false, "out of memory for the point means");
    if (v && !point_means(&r, in, d, year - sh->start_year, v)) {
        *y = v;
        v = NULL;
    }
    free(v);
    ws__h5r_drop(&opened);
    ws__h5_quiet_end(&quiet);
    return r.rc;
}

/* ---- description (`wijksim info`) -------------------------------------------------------- */

/* A factor's values in words: its levels (the first few) or its range. */
static void factor_values(const ws_factor *f, int kind, char *buf, size_t n)
{
    size_t o = 0;
    if (f->n_levels > 0) {
        o += (size_t)snprintf(buf, n, "levels ");
        for (int k = 0; k < f->n_levels && k < 8 && o < n; k++)
            o += f->labels ? (size_t)snprintf(buf + o, n - o, "%s%s", k ? ", " : "", f->labels[k])
                           : (size_t)snprintf(buf + o, n - o, "%s%g", k ? ", " : "", f->levels[k]);
        if (f->n_levels > 8 && o < n) snprintf(buf + o, n - o, ", ... (%d levels)", f->n_levels);
        return;
    }
    o += (size_t)snprintf(buf, n, "range [%g, %g]", f->min, f->max);
    if (kind == WS_DESIGN_GRID && o < n)
        o += (size_t)snprintf(buf + o, n - o, ", %d steps", f->steps);
    else if (kind != WS_DESIGN_LIST && o < n)
        o += (size_t)snprintf(buf + o, n - o, ", %s",
                              f->dist == WS_FDIST_LOGUNIFORM ? "log-uniform" : "uniform");
    if (f->integer && o < n) snprintf(buf + o, n - o, ", whole numbers");
}

static void describe_meta(const ws_h5_sweep_in *in, FILE *o)
{
    const ws_sweep_meta *m = &in->meta;
    const ws_sweep_shape *sh = &in->sh;
    fprintf(o, "wijksim sweep file %s\n", in->path);
    const char *rows[][2] = {
        {"file_kind", in->part ? "sweep_part" : "sweep"},
        {"wijksim_version", m->run.version},
        {"git_revision", m->run.git_revision},
        {"command_line", m->run.command_line},
        {"created", m->run.created},
        {"finished", m->run.finished},
        {"split", m->split},
        {"sweep_name", m->name},
        {"sweep_description", m->description},
        {"sweep_file", m->sweep_file},
        {"sweep_sha256", m->sweep_sha256},
        {"store", sh->store_areas ? "areas" : "totals"},
    };
    for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++)
        fprintf(o, "  %-20s %s\n", rows[k][0], rows[k][1][0] ? rows[k][1] : "(none)");
    fprintf(o, "  %-20s %d\n  %-20s %d\n  %-20s %lu\n", "threads", m->run.threads, "processes",
            m->processes, "seed", (unsigned long)m->seed);
}

static void describe_dims(const ws_h5_sweep_in *in, FILE *o)
{
    const ws_sweep_shape *sh = &in->sh;
    const ws_design *d = &in->d;
    fprintf(o, "\ndimensions\n");
    fprintf(o, "  %-12s %8d  0 .. %d\n", "point", sh->n_points, sh->n_points - 1);
    fprintf(o, "  %-12s %8d  0 .. %d\n", "replication", sh->n_rep, sh->n_rep - 1);
    fprintf(o, "  %-12s %8d  %d .. %d\n", "year", sh->n_year, sh->start_year,
            sh->start_year + sh->n_year - 1);
    fprintf(o, "  %-12s %8d  %s .. %s\n", "area", sh->n_area, in->area_name[0],
            in->area_name[sh->n_area - 1]);
    fprintf(o, "  %-12s %8d  %s .. %s\n", "payer", WS_PAY_N, ws_payer_name(0),
            ws_payer_name(WS_PAY_N - 1));
    fprintf(o, "  %-12s %8d  %s .. %s\n", "factor", d->n_factors, d->factor[0].name,
            d->factor[d->n_factors - 1].name);
}

static int describe_input(ws__h5r *r, const ws_h5_sweep_in *in, FILE *o)
{
    long long np = ws__h5r_rows(r, in->file, "input/parameters");
    long long na = np < 0 ? -1 : ws__h5r_rows(r, in->file, "input/areas");
    if (na < 0) return r->rc;
    fprintf(o, "\ninput\n  %-14s %zu bytes, sha256 %s\n  %-14s %lld rows\n  %-14s %lld rows\n",
            "sweep.lua", in->meta.source_len,
            in->meta.sweep_sha256[0] ? in->meta.sweep_sha256 : "?", "parameters", np, "areas", na);
    return 0;
}

static void describe_design(const ws_h5_sweep_in *in, FILE *o)
{
    const ws_design *d = &in->d;
    const char *kind = ws_design_kind_name(d->kind);
    fprintf(o, "\ndesign: %s over %d factor%s, %d points", kind ? kind : "?", d->n_factors,
            d->n_factors == 1 ? "" : "s", d->n_points);
    if (d->kind == WS_DESIGN_SALTELLI) fprintf(o, " (%d base rows)", d->n_base);
    if (d->kind == WS_DESIGN_RANDOM) fprintf(o, " (seed %lu)", (unsigned long)d->seed);
    int wn = 6, wp = 9;
    for (int k = 0; k < d->n_factors; k++) {
        int a = (int)strlen(d->factor[k].name), b = (int)strlen(d->factor[k].param);
        wn = a > wn ? a : wn;
        wp = b > wp ? b : wp;
    }
    fprintf(o, "\n  %-*s  %-*s  %s\n", wn, "factor", wp, "parameter", "values");
    for (int k = 0; k < d->n_factors; k++) {
        char v[400];
        factor_values(&d->factor[k], d->kind, v, sizeof v);
        fprintf(o, "  %-*s  %-*s  %s\n", wn, d->factor[k].name, wp,
                d->factor[k].param[0] ? d->factor[k].param : "-", v);
    }
    if (in->meta.has_reference) {
        int p = in->meta.reference;
        fprintf(o, "reference point %d (", p);
        for (int k = 0; k < d->n_factors; k++) {
            const ws_factor *f = &d->factor[k];
            double x = d->x[(size_t)p * (size_t)d->n_factors + (size_t)k];
            if (f->labels && x >= 0 && x < f->n_levels)
                fprintf(o, "%s%s = %s", k ? ", " : "", f->name, f->labels[(int)x]);
            else
                fprintf(o, "%s%s = %.10g", k ? ", " : "", f->name, x);
        }
        fprintf(o, "): /summary also holds every point's difference to it (diff_*)\n");
    }
}

static void describe_runs(const ws_h5_sweep_in *in, FILE *o)
{
    const ws_sweep_shape *sh = &in->sh;
    size_t n = (size_t)sh->n_points * (size_t)sh->n_rep, stored = 0;
    for (size_t k = 0; k < n; k++)
        stored += in->done[k] != 0;
    fprintf(o, "\nruns: %zu of %zu stored (%d points x %d replication%s)\n", stored, n,
            sh->n_points, sh->n_rep, sh->n_rep == 1 ? "" : "s");
    fprintf(o, "  %-8s %d indicators, point x replication x year, all areas together\n", "totals",
            WS_N_INDICATORS - in->n_missing);
    if (sh->store_areas)
        fprintf(o, "  %-8s the same per area: point x replication x year x area\n", "areas");
    else
        fprintf(o, "  %-8s not stored (store = totals)\n", "areas");
    fprintf(o, "  %-8s EUR per payer: point x replication x year x payer\n", "spend");
    if (in->part)
        fprintf(o, "  %-8s none in a part file\n", "summary");
    else
        fprintf(o, "  %-8s mean, p05, p50, p95 over the replications: point x year\n", "summary");
}

/* Per headline indicator the range over the points of the replication means in the last year
 * (stored runs only). */
static int describe_headlines(ws__h5r *r, const ws_h5_sweep_in *in, FILE *o)
{
    const ws_sweep_shape *sh = &in->sh;
    int last = sh->start_year + sh->n_year - 1;
    double *y = malloc((size_t)sh->n_points * sizeof *y);
    if (!y) return ws__h5r_fail(r, WS_ENOMEM, false, "out of memory");
    fprintf(o,
            "\nheadline indicators in %d: the mean over replications of every point, its "
            "range over the points\n",
            last);
    fprintf(o, "  %-30s %-30s %14s %8s %14s %8s\n", "indicator", "units", "min", "(point)", "max",
            "(point)");
    for (int h = 0; h < ws_summary_n_headlines() && !r->rc; h++) {
        const char *name = ws_summary_headline(h)->indicator;
        int i = ws_indicator_find(name);
        if (i < 0 || in->tot[i] < 0 || point_means(r, in, in->tot[i], sh->n_year - 1, y)) continue;
        int lo = -1, hi = -1;
        for (int p = 0; p < sh->n_points; p++) {
            if (!isfinite(y[p])) continue;
            if (lo < 0 || y[p] < y[lo]) lo = p;
            if (hi < 0 || y[p] > y[hi]) hi = p;
        }
        if (lo < 0)
            fprintf(o, "  %-30s %-30s %14s\n", name, ws_indicators[i].units, "(no values)");
        else
            fprintf(o, "  %-30s %-30s %14.6g %8d %14.6g %8d\n", name, ws_indicators[i].units, y[lo],
                    lo, y[hi], hi);
    }
    free(y);
    return r->rc;
}

int ws_h5_sweep_info(const char *path, FILE *out, ws_error *e)
{
    ws_h5_sweep_in *in = NULL;
    int rc = ws_h5_sweep_open(path, &in, e);
    if (rc) return rc;
    ws__h5r r = {.kind = "sweep file", .path = in->path, .e = e};
    ws__h5_quiet quiet;
    ws__h5_quiet_begin(&quiet);
    ws__h5_text t;
    if (!(r.rc = ws__h5_text_open(&t, e, r.path, "the description"))) {
        describe_meta(in, t.mem);
        describe_dims(in, t.mem);
        if (!describe_input(&r, in, t.mem)) {
            describe_design(in, t.mem);
            describe_runs(in, t.mem);
            describe_headlines(&r, in, t.mem);
        }
    }
    r.rc = ws__h5_text_emit(&t, r.rc, out, e, r.path, "the description");
    ws_h5_sweep_close(in);
    ws__h5_quiet_end(&quiet);
    return r.rc;
}
