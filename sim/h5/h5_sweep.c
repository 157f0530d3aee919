/* h5_sweep.c: writing the HDF5 sweep file (layout in include/wijksim/h5_sweep.h) run by run;
 * h5_sweep_read.c reads it back for a merge, for sensitivity analysis and for `wijksim info`.
 *
 * Writing. Unlike a run file, a sweep file is too large to build in memory (10,000 runs with
 * per-area outputs are hundreds of MB), so it is written on disk through HDF5's sec2 driver to
 * "<path>.tmp" and renamed when complete. Runs arrive in run order; each run's payload is
 * copied into two block buffers (runblock) that hold exactly the runs of one chunk of the run
 * datasets: for totals and spend a few whole points (about CHUNK_TARGET_BYTES), for the
 * per-area arrays a few whole points, or one point's replications in slices when one point
 * alone would make a chunk over AREA_CHUNK_MAX. A block is written when the first run of a
 * later block arrives or at finish, so every chunk is compressed and written whole, once; runs
 * a part file skips stay NaN. Run datasets have no chunk cache: a write goes straight to disk
 * and fails there, not later in a flush. The summary is computed at finish by reading the
 * totals back, point block by point block.
 *
 * Failure. In HDF5 1.10 a failed H5Fclose leaves the file open, and touching it again (or the
 * library's cleanup at exit) crashes the process; and once a metadata flush has failed half-way
 * (disk full, quota, file size limit) no later flush or close of that file can succeed. So:
 * after any failure, and on abort, the driver's descriptor is first pointed at an anonymous
 * memory file (memfd; the soft RLIMIT_FSIZE raised to the hard limit meanwhile), so HDF5's last
 * writes land there and the close succeeds; then "<path>.tmp" is removed (without memfd the
 * temporary file is truncated to nothing first, which frees the disk space those writes need).
 * Raw data is written by our H5Dwrite calls and fails there; the one metadata flush that could
 * fail, the final one, gets its disk space reserved beforehand (close_file). Residual risk: an
 * I/O error (EIO) during that flush still leaves HDF5 unable to close the file.
 *
 * Errors go into the writer's own ws_error (the first failure wins) and are copied to the
 * caller's e by every public call, so a put after a failure reports the original cause. HDF5's
 * automatic error printing is off during every public call. Not thread-safe (HDF5 is built
 * without thread-safety); one writer or reader per thread of control.
 */
#define _GNU_SOURCE /* memfd_create */
#include "wijksim/h5_sweep.h"
#include "h5_common.h"
#include "h5_sweep_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <hdf5.h>
#include <hdf5_hl.h>

#include "wijksim/summary.h"

#define DONE_CHUNK_BYTES (64 * 1024)        /* /runs/done chunks */
#define FLUSH_RESERVE_BYTES (4 * 1024 * 1024) /* disk kept free for the final flush */

const char *const ws__sweep_stat_names[N_STAT] = {"mean", "p05", "p50", "p95"};

/* ---- writer state ------------------------------------------------------------------------ */

/* A block of runs kept until its chunks can be written whole: points [p0, p0 + pts) by
 * replications [r0, r0 + reps) of the datasets it feeds. */
typedef struct runblock {
    int pts, reps; /* chunk extent in points and replications */
    int n_rb;      /* replication blocks per point: ceil(n_rep / reps) */
    long long key; /* block held: (point / pts) * n_rb + rep / reps; -1 none */
    bool any;      /* a run was put into it */
    size_t width;  /* doubles kept per run */
    double *buf;   /* pts * reps * width, run (pp, rr) at (pp * reps + rr) * width; NaN unset */
} runblock;

/* Dimension scale slots of a sweep file. */
typedef struct slots {
    int point, rep, year, area, payer, factor;
} slots;

struct ws_h5_sweep {
    ws__h5w h;    /* shared writer state; h.e points at err */
    ws_error err; /* the first failure */
    bool part;    /* a shard's part file (no /summary, runs may be missing) */
    ws_sweep_shape sh;
    size_t tot_len, area_len, spend_len; /* payload parts (doubles) */
    size_t areas_at, spend_at;           /* their offsets in a payload */
    hid_t file, runs, tot_g, area_g;
    hid_t tot[WS_N_INDICATORS], area[WS_N_INDICATORS], spend, done_d;
    slots sl;
    int sp;              /* points per summary chunk */
    runblock tb, ab;     /* totals + spend; per-area arrays (store_areas) */
    double *scratch;     /* one dataset's share of a block */
    unsigned char *done; /* n_points * n_rep flags */
    long long last_run;  /* last run stored, -1 before the first */
    bool created;        /* "<path>.tmp" exists and is ours to remove */
    int ref;             /* reference point (summary differences), -1 none */
};

static const slots no_slots = {-1, -1, -1, -1, -1, -1};


/* Chunk geometry: totals blocks of whole points, area blocks of whole points or, when one
 * point's replications exceed AREA_CHUNK_MAX, of one point's replications in slices. */
static void plan_blocks(struct ws_h5_sweep *w)
{
    const ws_sweep_shape *sh = &w->sh;
    size_t P = (size_t)sh->n_points, R = (size_t)sh->n_rep, Y = (size_t)sh->n_year;
    size_t A = (size_t)sh->n_area;
    size_t per_point = R * Y * sizeof(double);
    w->tb = (runblock){.pts = (int)clamp_sz(CHUNK_TARGET_BYTES / per_point, 1, P),
                       .reps = (int)R,
                       .n_rb = 1,
                       .key = -1,
                       .width = w->tot_len + w->spend_len};
    w->sp = (int)clamp_sz(CHUNK_TARGET_BYTES / (Y * sizeof(double)), 1, P);
    size_t sp_mem = SUMMARY_READ_MAX / per_point; /* totals read back per summary block */
    if ((size_t)w->sp > sp_mem) w->sp = (int)clamp_sz(sp_mem, 1, P);
    if (!sh->store_areas) {
        w->ab = (runblock){.key = -1};
        return;
    }
    size_t area_point = per_point * A;
    if (area_point <= AREA_CHUNK_MAX) {
        w->ab =
            (runblock){.pts = (int)clamp_sz(CHUNK_TARGET_BYTES / area_point, 1, P), .reps = (int)R};
    } else {
        size_t reps = clamp_sz(CHUNK_TARGET_BYTES / (Y * A * sizeof(double)), 1, R);
        w->ab = (runblock){.pts = 1, .reps = (int)reps};
    }
    w->ab.n_rb = (int)((R + (size_t)w->ab.reps - 1) / (size_t)w->ab.reps);
    w->ab.key = -1;
    w->ab.width = w->area_len;
}

static int block_alloc(struct ws_h5_sweep *w, runblock *b)
{
    if (!b->pts) return 0;
    size_t n = (size_t)b->pts * (size_t)b->reps * b->width;
    b->buf = malloc((n ? n : 1) * sizeof *b->buf);
    if (!b->buf)
        return ws__h5w_fail_msg(&w->h, WS_ENOMEM, "out of memory for a block of %zu values", n);
    return 0;
}

/* ---- writer: creation -------------------------------------------------------------------- */

/* Creates the float64 dataset name [dims] in loc, empty (NaN), chunked by chunk, with scales,
 * units and description (ws__h5w_f64). Returns the open dataset or H5I_INVALID_HID. */
static hid_t make_f64(ws__h5w *w, hid_t loc, const char *name, int rank, const hsize_t *dims,
                      const hsize_t *chunk, hid_t dapl, const int *slot, const char *const *label,
                      const char *units, const char *desc)
{
    hid_t dcpl = ws__h5w_chunk_dcpl(w, rank, chunk, true);
    hid_t d = ws__h5w_f64(w, loc, name, rank, dims, dcpl, dapl, NULL, slot, label, units, desc);
    ws__h5w_drop(w, &dcpl);
    return d;
}

static int write_root(struct ws_h5_sweep *w, const ws_sweep_meta *m, const ws_design *d)
{
    ws__h5w *h = &w->h;
    hid_t f = w->file;
    const ws_sweep_shape *sh = &w->sh;
    const char *ind[WS_N_INDICATORS];
    for (int i = 0; i < WS_N_INDICATORS; i++)
        ind[i] = ws_indicators[i].name;
    const char *kind = ws_design_kind_name(d->kind);
    ws__h5w_attr_str(h, f, "file_kind", w->part ? "sweep_part" : "sweep");
    ws__h5w_attr_i32(h, f, "file_format_version", SWEEP_FORMAT_VERSION);
    ws__h5w_attr_field(h, f, "wijksim_version", m->run.version, sizeof m->run.version);
    ws__h5w_attr_field(h, f, "git_revision", m->run.git_revision, sizeof m->run.git_revision);
    ws__h5w_attr_field(h, f, "command_line", m->run.command_line, sizeof m->run.command_line);
    ws__h5w_attr_field(h, f, "created", m->run.created, sizeof m->run.created);
    ws__h5w_attr_i32(h, f, "threads", m->run.threads);
    ws__h5w_attr_i32(h, f, "processes", m->processes);
    ws__h5w_attr_field(h, f, "split", m->split, sizeof m->split);
    ws__h5w_attr_field(h, f, "sweep_name", m->name, sizeof m->name);
    ws__h5w_attr_field(h, f, "sweep_description", m->description, sizeof m->description);
    ws__h5w_attr_field(h, f, "sweep_file", m->sweep_file, sizeof m->sweep_file);
    ws__h5w_attr_field(h, f, "sweep_sha256", m->sweep_sha256, sizeof m->sweep_sha256);
    ws__h5w_attr_i64(h, f, "seed", (long long)m->seed);
    ws__h5w_attr_str(h, f, "design", kind ? kind : "?");
    ws__h5w_attr_i32(h, f, "points", sh->n_points);
    ws__h5w_attr_i32(h, f, "replications", sh->n_rep);
    ws__h5w_attr_i32(h, f, "runs", sh->n_points * sh->n_rep); /* checked to fit */
    ws__h5w_attr_i32(h, f, "start_year", sh->start_year);
    ws__h5w_attr_i32(h, f, "years", sh->n_year);
    ws__h5w_attr_i32(h, f, "reference_point", m->has_reference ? m->reference : -1);
    ws__h5w_attr_str(h, f, "store", sh->store_areas ? "areas" : "totals");
    ws__h5w_attr_strs(h, f, "indicators", ind, WS_N_INDICATORS);
    return h->rc;
}

/* levels column of /design/factors: the values (%.17g) or the labels, comma-separated; a
 * comma or backslash inside a label is escaped with a backslash. Returns a malloc'd string. */
static char *levels_text(const ws_factor *f)
{
    size_t cap = 1;
    for (int k = 0; k < f->n_levels; k++)
        cap += (f->labels ? 2 * strlen(f->labels[k] ? f->labels[k] : "") : 32) + 1;
    char *s = malloc(cap), *o = s;
    if (!s) return NULL;
    for (int k = 0; k < f->n_levels; k++) {
        if (k) *o++ = ',';
        if (!f->labels) {
            o += snprintf(o, 32, "%.17g", f->levels[k]);
            continue;
        }
        for (const char *c = f->labels[k] ? f->labels[k] : ""; *c; c++) {
            if (*c == ',' || *c == '\\') *o++ = '\\';
            *o++ = *c;
        }
    }
    *o = '\0';
    return s;
}

/* The columns of /design/factors (factor_row, h5_sweep_internal.h). */
/* /design/factors (one row per factor) and the /design/factor scale of the factor names (its
 * slot into *slot). */
static int write_factors(ws__h5w *w, hid_t g, const ws_design *d, hid_t plain, int *slot)
{
    size_t n = (size_t)d->n_factors;
    factor_row *rows = calloc(n, sizeof *rows);
    const char **names = calloc(n, sizeof *names);
    char **text = calloc(n, sizeof *text);
    char(*field)[2][65] = calloc(n, sizeof *field); /* bounded copies of name and param */
    if (!rows || !names || !text || !field) {
        ws__h5w_fail_msg(w, WS_ENOMEM, "out of memory for the factor table");
        goto done;
    }
    for (size_t k = 0; k < n && !w->rc; k++) {
        const ws_factor *f = &d->factor[k];
        bool lv = f->n_levels > 0;
        snprintf(field[k][0], sizeof field[k][0], "%.*s", (int)sizeof f->name, f->name);
        snprintf(field[k][1], sizeof field[k][1], "%.*s", (int)sizeof f->param, f->param);
        if (!(text[k] = levels_text(f))) ws__h5w_fail_msg(w, WS_ENOMEM, "out of memory");
        rows[k] = (factor_row){ws__h5w_txt(w, field[k][0]),
                               ws__h5w_txt(w, field[k][1]),
                               lv ? "levels" : "range",
                               lv ? NAN : f->min,
                               lv ? NAN : f->max,
                               lv ? 0 : f->steps,
                               f->dist == WS_FDIST_LOGUNIFORM ? "loguniform" : "uniform",
                               (signed char)(f->integer ? 1 : 0),
                               ws__h5w_txt(w, text[k]),
                               (signed char)(f->labels ? 1 : 0)};
        names[k] = rows[k].name;
    }
    *slot =
        ws__h5w_add_scale(w, ws__h5w_dataset_1d(w, g, "factor", w->str, n, plain, w->str, names),
                          "factor", "the factors varied by the sweep (rows of /design/factors)");
    hid_t t =
        ws__h5w_table(w, g, "factors", ws__sweep_factor_cols, WS__SWEEP_N_FACTOR_COLS,
                      sizeof *rows, rows, n, plain);
    if (t >= 0)
        ws__h5w_attr_str(w, t, "description",
                         "one row per factor (the order of /design/factor): kind levels (the "
                         "values, or labels when labelled = 1, the values then being the "
                         "label numbers 0..n-1; commas in labels escaped by a backslash) or "
                         "range [min, max] (steps values in a grid; dist uniform or "
                         "loguniform in random, sobol and saltelli designs); integer: values "
                         "rounded to whole numbers");
    ws__h5w_drop(w, &t);
done:
    for (size_t k = 0; text && k < n; k++)
        free(text[k]);
    free(text);
    free(field);
    free(names);
    free(rows);
    return w->rc;
}

/* /design: the factor table and scale, values [point, factor], Saltelli's block and base row
 * of every point. */
static int write_design(struct ws_h5_sweep *w, const ws_design *d, hid_t plain)
{
    ws__h5w *h = &w->h;
    hid_t g = ws__h5w_group(h, w->file, "design", true), ds = H5I_INVALID_HID;
    if (g < 0) return h->rc;
    size_t K = (size_t)d->n_factors, P = (size_t)d->n_points;
    const char *kind = ws_design_kind_name(d->kind);
    ws__h5w_attr_str(h, g, "kind", kind ? kind : "?");
    ws__h5w_attr_i64(h, g, "seed", (long long)d->seed);
    ws__h5w_attr_i32(h, g, "n_factors", d->n_factors);
    ws__h5w_attr_i32(h, g, "n_points", d->n_points);
    ws__h5w_attr_str(h, g, "description",
                     "the design: values[point, factor] are the factor values of every point "
                     "(see sweep.h for how each kind of design is built)");
    if (write_factors(h, g, d, plain, &w->sl.factor)) goto done;
    hsize_t dims[2] = {P, K};
    hsize_t chunk[2] = {clamp_sz(CHUNK_TARGET_BYTES / (K * sizeof(double)), 1, P), K};
    static const char *const label[2] = {"point", "factor"};
    int sl2[2] = {w->sl.point, w->sl.factor};
    ds = make_f64(h, g, "values", 2, dims, chunk, H5P_DEFAULT, sl2, label, "factor units",
                  "value of every factor at every design point");
    if (ds >= 0 && !h->rc &&
        H5Dwrite(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, d->x) < 0)
        ws__h5w_fail(h, WS_EIO, ds, "writing the design values");
    ws__h5w_drop(h, &ds);
    if (d->kind == WS_DESIGN_SALTELLI) {
        static const char *const plabel[1] = {"point"};
        const int *arr[2] = {d->block, d->base};
        static const char *const nm[2] = {"block", "base"};
        static const char *const doc[2] = {
            "Saltelli block of the point: 0 A, 1 B, 2 + i A with factor i from B",
            "base row j (0..n_base-1) of the point: A_j, B_j and AB^i_j share it"};
        for (int k = 0; k < 2 && !h->rc; k++) {
            ds = ws__h5w_dataset_1d(h, g, nm[k], H5T_STD_I32LE, P, plain, H5T_NATIVE_INT, arr[k]);
            if (ds < 0) break;
            ws__h5w_attr_i32(h, ds, "n_base", d->n_base);
            ws__h5w_attr_str(h, ds, "description", doc[k]);
            ws__h5w_attach(h, ds, 1, &w->sl.point, plabel);
            ws__h5w_drop(h, &ds);
        }
    }
done:
    ws__h5w_drop(h, &ds);
    ws__h5w_drop(h, &g);
    return h->rc;
}

/* /runs: done flags, totals and per-area arrays per indicator, spend; all left open. */
static int create_runs(struct ws_h5_sweep *w, hid_t nocache)
{
    ws__h5w *h = &w->h;
    const ws_sweep_shape *sh = &w->sh;
    hsize_t P = (hsize_t)sh->n_points, R = (hsize_t)sh->n_rep, Y = (hsize_t)sh->n_year;
    hsize_t A = (hsize_t)sh->n_area;
    w->runs = ws__h5w_group(h, w->file, "runs", true);
    if (w->runs < 0) return h->rc;
    ws__h5w_attr_str(h, w->runs, "description",
                     "the outputs of every run (point, replication); done marks the runs "
                     "stored, the others hold NaN");
    hsize_t ddims[2] = {P, R};
    hsize_t dchunk[2] = {clamp_sz(DONE_CHUNK_BYTES / R, 1, P), clamp_sz(R, 1, DONE_CHUNK_BYTES)};
    hid_t dcpl = ws__h5w_chunk_dcpl(h, 2, dchunk, false), sp = H5Screate_simple(2, ddims, NULL);
    if (sp < 0) ws__h5w_fail(h, WS_ERUNTIME, w->runs, "creating the dataspace of 'done'");
    w->done_d = ws__h5w_dataset(h, w->runs, "done", H5T_STD_I8LE, sp, dcpl, H5T_NATIVE_UCHAR, NULL);
    ws__h5w_drop(h, &sp);
    ws__h5w_drop(h, &dcpl);
    static const char *const label[4] = {"point", "replication", "year", "area"};
    static const char *const slabel[4] = {"point", "replication", "year", "payer"};
    int sl[4] = {w->sl.point, w->sl.rep, w->sl.year, w->sl.area};
    int ssl[4] = {w->sl.point, w->sl.rep, w->sl.year, w->sl.payer};
    if (w->done_d >= 0) {
        ws__h5w_attr_str(h, w->done_d, "description", "1 where the run's outputs are stored");
        ws__h5w_attach(h, w->done_d, 2, sl, label);
    }
    w->tot_g = ws__h5w_group(h, w->runs, "totals", true);
    if (sh->store_areas) w->area_g = ws__h5w_group(h, w->runs, "areas", true);
    hsize_t tdims[3] = {P, R, Y}, tchunk[3] = {(hsize_t)w->tb.pts, R, Y};
    hsize_t adims[4] = {P, R, Y, A};
    hsize_t achunk[4] = {(hsize_t)w->ab.pts, (hsize_t)w->ab.reps, Y, A};
    for (int i = 0; i < WS_N_INDICATORS && !h->rc; i++) {
        const ws_indicator_info *in = &ws_indicators[i];
        w->tot[i] = make_f64(h, w->tot_g, in->name, 3, tdims, tchunk, nocache, sl, label, in->units,
                             in->description);
        ws__h5w_indicator_attrs(h, w->tot[i], i);
        if (!sh->store_areas) continue;
        w->area[i] = make_f64(h, w->area_g, in->name, 4, adims, achunk, nocache, sl, label,
                              in->units, in->description);
        ws__h5w_indicator_attrs(h, w->area[i], i);
    }
    if (!h->rc)
        ws__h5w_attr_str(h, w->tot_g, "description",
                         "per run and year the value over all simulated areas: the "
                         "population-weighted mean of the areas, counts summed (summary.h)");
    hsize_t sdims[4] = {P, R, Y, WS_PAY_N}, schunk[4] = {(hsize_t)w->tb.pts, R, Y, WS_PAY_N};
    w->spend = make_f64(h, w->runs, "spend", 4, sdims, schunk, nocache, ssl, slabel, "EUR",
                        "money spent in the year by each payer, all areas and interventions");
    return h->rc;
}

/* /summary/<indicator>/{mean,p05,p50,p95}: created empty; filled by write_summary. */
static int create_summary(struct ws_h5_sweep *w)
{
    ws__h5w *h = &w->h;
    hid_t sum = ws__h5w_group(h, w->file, "summary", true), g = H5I_INVALID_HID;
    if (sum < 0) return h->rc;
    ws__h5w_attr_str(h, sum, "description",
                     "per design point and year the statistics of the totals over the "
                     "replications: mean, p05, p50, p95 (linear interpolation between order "
                     "statistics; non-finite values left out)");
    ws__h5w_headline_attrs(h, sum);
    hsize_t dims[2] = {(hsize_t)w->sh.n_points, (hsize_t)w->sh.n_year};
    hsize_t chunk[2] = {(hsize_t)w->sp, (hsize_t)w->sh.n_year};
    static const char *const label[2] = {"point", "year"};
    static const char *const desc[N_STAT] = {
        "mean over replications", "5 % quantile over replications", "median over replications",
        "95 % quantile over replications"};
    int sl[2] = {w->sl.point, w->sl.year};
    for (int i = 0; i < WS_N_INDICATORS && !h->rc; i++) {
        const ws_indicator_info *in = &ws_indicators[i];
        g = ws__h5w_group(h, sum, in->name, true);
        ws__h5w_attr_str(h, g, "units", in->units);
        ws__h5w_attr_str(h, g, "description", in->description);
        ws__h5w_indicator_attrs(h, g, i);
        for (int k = 0; k < N_STAT * (w->ref >= 0 ? 2 : 1) && !h->rc; k++) {
            char name[32], text[160];
            snprintf(name, sizeof name, "%s%s", k < N_STAT ? "" : "diff_",
                     ws__sweep_stat_names[k % N_STAT]);
            snprintf(text, sizeof text, "%s%s", desc[k % N_STAT],
                     k < N_STAT ? "" : " of the difference point - reference point, per "
                                       "replication pair");
            hid_t d = make_f64(h, g, name, 2, dims, chunk, H5P_DEFAULT, sl, label, in->units,
                               text);
            ws__h5w_drop(h, &d);
        }
        ws__h5w_drop(h, &g);
    }
    ws__h5w_drop(h, &sum);
    return h->rc;
}

/* Reasons not to write the file, checked before anything is created. */
static int check_create(struct ws_h5_sweep *w, const ws_sweep_meta *m, const ws_design *d,
                        const ws_sweep_shape *sh, const ws_scenario *s0, const char *input_from)
{
    ws__h5w *h = &w->h;
    if (!m || !d || !sh)
        return ws__h5w_fail_msg(h, WS_ERUNTIME, "internal error: no meta, design or shape");
    if ((s0 == NULL) == (input_from == NULL))
        return ws__h5w_fail_msg(h, WS_ERUNTIME,
                                "internal error: give either design point 0's scenario or a "
                                "part file to copy /input from");
    if (sh->n_points < 1 || sh->n_rep < 1 || sh->n_year < 1 || sh->n_area < 1)
        return ws__h5w_fail_msg(h, WS_ERUNTIME,
                                "internal error: empty shape (%d points, %d replications, %d "
                                "years, %d areas)",
                                sh->n_points, sh->n_rep, sh->n_year, sh->n_area);
    if ((long long)sh->n_points * sh->n_rep > INT_MAX)
        return ws__h5w_fail_msg(h, WS_EINPUT, "%d points x %d replications is too many runs",
                                sh->n_points, sh->n_rep);
    if (m->has_reference && (m->reference < 0 || m->reference >= sh->n_points))
        return ws__h5w_fail_msg(h, WS_ERUNTIME, "internal error: reference point %d of %d",
                                m->reference, sh->n_points);
    if (d->n_points != sh->n_points || d->n_factors < 1 || d->n_factors > WS_SWEEP_MAX_FACTORS ||
        !d->factor || !d->x)
        return ws__h5w_fail_msg(h, WS_ERUNTIME,
                                "internal error: the design (%d points, %d factors) does not "
                                "fit the shape (%d points)",
                                d->n_points, d->n_factors, sh->n_points);
    for (int k = 0; k < d->n_factors; k++)
        if (d->factor[k].n_levels < 0 || (d->factor[k].n_levels > 0 && !d->factor[k].levels))
            return ws__h5w_fail_msg(h, WS_ERUNTIME, "internal error: factor %d has no levels", k);
    if (d->kind == WS_DESIGN_SALTELLI && (!d->block || !d->base || d->n_base < 1 ||
                                          (long long)d->n_base * (d->n_factors + 2) != d->n_points))
        return ws__h5w_fail_msg(h, WS_ERUNTIME,
                                "internal error: saltelli design without its blocks (%d base "
                                "rows, %d factors, %d points)",
                                d->n_base, d->n_factors, d->n_points);
    if (s0 && (s0->n_areas != sh->n_area || s0->years != sh->n_year ||
               s0->start_year != sh->start_year || !s0->area_sel || !s0->areas.area))
        return ws__h5w_fail_msg(h, WS_ERUNTIME,
                                "internal error: design point 0's scenario (%d areas, %d years "
                                "from %d) does not fit the shape (%d, %d from %d)",
                                s0->n_areas, s0->years, s0->start_year, sh->n_area, sh->n_year,
                                sh->start_year);
    for (int a = 0; s0 && a < s0->n_areas; a++)
        if (s0->area_sel[a] < 0 || s0->area_sel[a] >= s0->areas.n)
            return ws__h5w_fail_msg(h, WS_ERUNTIME,
                                    "internal error: area %d is outside the "
                                    "area table",
                                    a);
    return 0;
}

/* /input from design point 0's scenario, or copied from the part file src (a merge); then the
 * shared scales, whose /area labels come from the same place. */
static int write_input_and_scales(struct ws_h5_sweep *w, const ws_sweep_meta *m,
                                  const ws_scenario *s0, const ws_h5_sweep_in *src, hid_t plain)
{
    ws__h5w *h = &w->h;
    const ws_sweep_shape *sh = &w->sh;
    const char **names = NULL, **ids = NULL;
    if (s0) {
        hid_t in = ws__h5w_group(h, w->file, "input", false);
        if (in < 0) return h->rc;
        ws__h5w_attr_str(h, in, "description",
                         "the sweep source; parameters and areas as simulated at design point "
                         "0 (factors change parameters per point: see /design)");
        ws__h5w_source(h, in, "sweep.lua", m->source, m->source_len, m->sweep_file,
                       sizeof m->sweep_file, m->sweep_sha256, sizeof m->sweep_sha256, plain);
        ws__h5w_params(h, in, &s0->params, plain);
        ws__h5w_areas(h, in, s0, plain);
        ws__h5w_drop(h, &in);
        names = malloc((size_t)sh->n_area * sizeof *names);
        ids = malloc((size_t)sh->n_area * sizeof *ids);
        if (!names || !ids) {
            ws__h5w_fail_msg(h, WS_ENOMEM, "out of memory for the area names");
            goto done;
        }
        for (int a = 0; a < sh->n_area; a++) {
            names[a] = s0->areas.area[s0->area_sel[a]].name;
            ids[a] = s0->areas.area[s0->area_sel[a]].id;
        }
    } else if (!h->rc) {
        hid_t ocpypl = H5Pcreate(H5P_OBJECT_COPY);
        if (ocpypl < 0 || H5Ocopy(src->file, "input", w->file, "input", ocpypl, H5P_DEFAULT) < 0)
            ws__h5w_fail(h, WS_EIO, -1, "copying /input from '%s'", src->path);
        ws__h5w_drop(h, &ocpypl);
    }
    if (h->rc) goto done;
    const char *const *nm = s0 ? names : (const char *const *)src->area_name;
    const char *const *id = s0 ? ids : (const char *const *)src->area_id;
    int k0 = ws__h5w_scales(h, w->file, sh->n_rep, sh->start_year, sh->n_year, sh->n_area, nm, id,
                            plain);
    if (k0 >= 0) {
        w->sl.rep = k0;
        w->sl.year = k0 + 1;
        w->sl.area = k0 + 2;
        w->sl.payer = k0 + 3;
    }
done:
    free(names);
    free(ids);
    return h->rc;
}

/* The /point scale: int32 0..n_points-1. */
static int write_point_scale(struct ws_h5_sweep *w, hid_t plain)
{
    ws__h5w *h = &w->h;
    size_t P = (size_t)w->sh.n_points;
    int *pts = malloc(P * sizeof *pts);
    if (!pts) return ws__h5w_fail_msg(h, WS_ENOMEM, "out of memory for the point scale");
    for (size_t p = 0; p < P; p++)
        pts[p] = (int)p;
    w->sl.point = ws__h5w_add_scale(
        h, ws__h5w_dataset_1d(h, w->file, "point", H5T_STD_I32LE, P, plain, H5T_NATIVE_INT, pts),
        "point", "design point number (0-based): the rows of /design/values");
    free(pts);
    return h->rc;
}

/* ---- writer: closing --------------------------------------------------------------------- */

/* Closes every object the writer holds open except the file. Failures are recorded. */
static void close_objects(struct ws_h5_sweep *w)
{
    ws__h5w *h = &w->h;
    for (int i = 0; i < WS_N_INDICATORS; i++) {
        ws__h5w_drop(h, &w->tot[i]);
        ws__h5w_drop(h, &w->area[i]);
    }
    ws__h5w_drop(h, &w->spend);
    ws__h5w_drop(h, &w->done_d);
    ws__h5w_drop(h, &w->tot_g);
    ws__h5w_drop(h, &w->area_g);
    ws__h5w_drop(h, &w->runs);
}

/* Throws the file away: HDF5's last writes are sent to an anonymous memory file (see the top
 * of this file), every id is closed and "<path>.tmp" is removed. Keeps w->rc. Can't fail. */
static void discard(struct ws_h5_sweep *w)
{
    int rc = w->h.rc;
    w->h.rc = rc ? rc : WS_ERUNTIME; /* nothing below is recorded */
    struct rlimit old;
    bool raised = false;
    void *handle = NULL;
    if (w->file >= 0 && H5Fget_vfd_handle(w->file, H5P_DEFAULT, &handle) >= 0 && handle) {
        int fd = *(int *)handle, mem = -1;
#ifdef MFD_CLOEXEC
        mem = memfd_create("wijksim-discard", MFD_CLOEXEC);
#endif
        if (mem >= 0 && dup2(mem, fd) >= 0) {
            if (getrlimit(RLIMIT_FSIZE, &old) == 0 && old.rlim_cur != old.rlim_max) {
                struct rlimit up = {old.rlim_max, old.rlim_max};
                raised = setrlimit(RLIMIT_FSIZE, &up) == 0;
            }
        } else {
            (void)ftruncate(fd, 0); /* frees the disk space the last writes need */
        }
        if (mem >= 0) close(mem);
    }
    ws__h5w_finish_scales(&w->h); /* only releases them, w->h.rc being set */
    close_objects(w);
    if (w->file >= 0) (void)H5Fclose(w->file);
    w->file = H5I_INVALID_HID;
    if (raised) (void)setrlimit(RLIMIT_FSIZE, &old);
    if (w->created) unlink(w->h.tmp);
    w->created = false;
    w->h.rc = rc;
}

static void writer_free(struct ws_h5_sweep *w)
{
    free(w->tb.buf);
    free(w->ab.buf);
    free(w->scratch);
    free(w->done);
    ws__h5w_release(&w->h);
    free(w);
}

/* Copies the writer's first failure to e and returns its code. */
static int report(const struct ws_h5_sweep *w, ws_error *e)
{
    if (w->h.rc && e) *e = w->err;
    return w->h.rc;
}

/* ---- writer: public ---------------------------------------------------------------------- */

/* Opens the part file a merge copies /input from and checks it has the merge's shape. */
static int open_source(struct ws_h5_sweep *w, const char *input_from, ws_h5_sweep_in **src)
{
    int rc = ws_h5_sweep_open(input_from, src, &w->err);
    if (rc) return w->h.rc = rc;
    const ws_sweep_shape *a = &(*src)->sh, *b = &w->sh;
    if (a->n_points != b->n_points || a->n_rep != b->n_rep || a->n_year != b->n_year ||
        a->n_area != b->n_area || a->start_year != b->start_year ||
        a->store_areas != b->store_areas)
        return ws__h5w_fail_msg(&w->h, WS_EINPUT,
                                "'%s' holds %d points x %d replications x %d years from %d x %d "
                                "areas (%s), the merge expects %d x %d x %d from %d x %d (%s)",
                                input_from, a->n_points, a->n_rep, a->n_year, a->start_year,
                                a->n_area, a->store_areas ? "areas" : "totals", b->n_points,
                                b->n_rep, b->n_year, b->start_year, b->n_area,
                                b->store_areas ? "areas" : "totals");
    return 0;
}

/* Creates "<path>.tmp" (first with open(), so a bad directory gets a plain message) and opens
 * it for HDF5 with the sec2 driver, the 1.8 file format at most and no file locking. */
static int create_file(struct ws_h5_sweep *w)
{
    ws__h5w *h = &w->h;
    int fd = open(h->tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0) return ws__h5w_fail_os(h, WS_EIO, "creating temporary file", h->tmp);
    w->created = true;
    close(fd);
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    if (fapl < 0 || H5Pset_fapl_sec2(fapl) < 0 ||
        H5Pset_libver_bounds(fapl, H5F_LIBVER_EARLIEST, H5F_LIBVER_V18) < 0
#if H5_VERSION_GE(1, 10, 7)
        || H5Pset_file_locking(fapl, 0, 1) < 0
#endif
    ) {
        ws__h5w_fail(h, WS_ERUNTIME, -1, "setting file access properties");
    } else {
        w->file = H5Fcreate(h->tmp, H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
        if (w->file < 0) ws__h5w_fail(h, WS_EIO, -1, "creating '%s'", h->tmp);
    }
    ws__h5w_drop(h, &fapl);
    return h->rc;
}

int ws_h5_sweep_create(ws_h5_sweep **out, const char *path, const ws_sweep_meta *m,
                       const ws_design *d, const ws_sweep_shape *sh, const ws_scenario *s0,
                       const char *input_from, bool part, ws_error *e)
{
    if (out) *out = NULL;
    struct ws_h5_sweep *w = calloc(1, sizeof *w);
    if (!w)
        return ws_error_set(e, WS_ENOMEM, path, 0, NULL, "cannot write sweep file: out of memory");
    ws__h5_quiet quiet;
    ws__h5_quiet_begin(&quiet);
    w->h = (ws__h5w){.path = path ? path : "(null)",
                     .what = part ? "sweep part file" : "sweep file",
                     .e = &w->err,
                     .str = H5I_INVALID_HID};
    w->file = w->runs = w->tot_g = w->area_g = w->spend = w->done_d = H5I_INVALID_HID;
    for (int i = 0; i < WS_N_INDICATORS; i++)
        w->tot[i] = w->area[i] = H5I_INVALID_HID;
    w->sl = no_slots;
    w->last_run = -1;
    w->part = part;
    ws__h5w *h = &w->h;
    ws_h5_sweep_in *src = NULL;
    hid_t plain = H5I_INVALID_HID, nocache = H5I_INVALID_HID;

    if (!out) {
        ws__h5w_fail_msg(h, WS_ERUNTIME, "internal error: nowhere to return the writer");
        goto done;
    }
    if (!path || !path[0]) {
        ws__h5w_fail_msg(h, WS_EIO, "no file name given");
        goto done;
    }
    if (check_create(w, m, d, sh, s0, input_from)) goto done;
    if ((size_t)snprintf(h->tmp, sizeof h->tmp, "%s.tmp", path) >= sizeof h->tmp) {
        ws__h5w_fail_msg(h, WS_EIO, "the file name is too long");
        goto done;
    }
    w->sh = *sh;
    w->tot_len = ws_sweep_payload_areas_at(sh);
    w->areas_at = w->tot_len;
    w->spend_at = ws_sweep_payload_spend_at(sh);
    w->area_len = w->spend_at - w->areas_at;
    w->spend_len = ws_sweep_payload_len(sh) - w->spend_at;
    if (input_from && open_source(w, input_from, &src)) goto done;
    plan_blocks(w);
    size_t n_runs = (size_t)sh->n_points * (size_t)sh->n_rep;
    size_t scr_t = (size_t)w->tb.pts * (size_t)sh->n_rep * (size_t)sh->n_year * WS_PAY_N;
    size_t scr_a = (size_t)w->ab.pts * (size_t)w->ab.reps * (size_t)sh->n_year * (size_t)sh->n_area;
    w->scratch = malloc((scr_t > scr_a ? scr_t : scr_a) * sizeof *w->scratch);
    w->done = calloc(n_runs, 1);
    if (!w->scratch || !w->done) {
        ws__h5w_fail_msg(h, WS_ENOMEM, "out of memory for %zu runs", n_runs);
        goto done;
    }
    if (block_alloc(w, &w->tb) || block_alloc(w, &w->ab)) goto done;
    if (create_file(w) || ws__h5w_string_type(h)) goto done;
    plain = H5Pcreate(H5P_DATASET_CREATE);
    nocache = H5Pcreate(H5P_DATASET_ACCESS);
    if (plain < 0 || H5Pset_obj_track_times(plain, 0) < 0 || nocache < 0 ||
        H5Pset_chunk_cache(nocache, 0, 0, 1.0) < 0) {
        ws__h5w_fail(h, WS_ERUNTIME, -1, "creating dataset properties");
        goto done;
    }
    w->ref = m->has_reference ? m->reference : -1;
    write_root(w, m, d);
    write_input_and_scales(w, m, s0, src, plain);
    write_point_scale(w, plain);
    write_design(w, d, plain);
    create_runs(w, nocache);
    if (!part) create_summary(w);
done:
    ws__h5w_drop(h, &plain);
    ws__h5w_drop(h, &nocache);
    ws_h5_sweep_close(src);
    int rc = report(w, e);
    if (rc) {
        discard(w);
        writer_free(w);
    } else {
        *out = w;
    }
    ws__h5_quiet_end(&quiet);
    return rc;
}

/* Writes dataset d's share of block b: for every run in it the len doubles at offset off of
 * the run's slot, as the hyperslab [p0, p0 + np) x [r0, r0 + nr) x inner[0] (x inner[1]). */
static int write_share(struct ws_h5_sweep *w, const runblock *b, hid_t d, int rank,
                       const hsize_t *inner, size_t off, size_t len)
{
    ws__h5w *h = &w->h;
    if (h->rc) return h->rc;
    hsize_t P = (hsize_t)w->sh.n_points, R = (hsize_t)w->sh.n_rep;
    hsize_t p0 = (hsize_t)(b->key / b->n_rb) * (hsize_t)b->pts;
    hsize_t r0 = (hsize_t)(b->key % b->n_rb) * (hsize_t)b->reps;
    hsize_t np = P - p0 < (hsize_t)b->pts ? P - p0 : (hsize_t)b->pts;
    hsize_t nr = R - r0 < (hsize_t)b->reps ? R - r0 : (hsize_t)b->reps;
    for (hsize_t pp = 0; pp < np; pp++)
        for (hsize_t rr = 0; rr < nr; rr++)
            memcpy(w->scratch + (pp * nr + rr) * len,
                   b->buf + (pp * (hsize_t)b->reps + rr) * b->width + off, len * sizeof(double));
    hsize_t start[4] = {p0, r0, 0, 0}, count[4] = {np, nr, inner[0], rank > 3 ? inner[1] : 1};
    hsize_t n = np * nr * len;
    hid_t fsp = H5Dget_space(d), msp = H5Screate_simple(1, &n, NULL);
    if (fsp < 0 || msp < 0 ||
        H5Sselect_hyperslab(fsp, H5S_SELECT_SET, start, NULL, count, NULL) < 0)
        ws__h5w_fail(h, WS_ERUNTIME, d, "selecting points %llu..%llu", (unsigned long long)p0,
                     (unsigned long long)(p0 + np - 1));
    else if (H5Dwrite(d, H5T_NATIVE_DOUBLE, msp, fsp, H5P_DEFAULT, w->scratch) < 0)
        ws__h5w_fail(h, WS_EIO, d, "writing points %llu..%llu", (unsigned long long)p0,
                     (unsigned long long)(p0 + np - 1));
    ws__h5w_drop(h, &msp);
    ws__h5w_drop(h, &fsp);
    return h->rc;
}

/* Writes the block held in b (totals and spend, or the per-area arrays) and empties it. */
static int flush_block(struct ws_h5_sweep *w, runblock *b)
{
    if (b->key < 0 || !b->any) return w->h.rc;
    hsize_t Y = (hsize_t)w->sh.n_year, A = (hsize_t)w->sh.n_area;
    if (b == &w->tb) {
        for (int i = 0; i < WS_N_INDICATORS; i++)
            write_share(w, b, w->tot[i], 3, &Y, (size_t)i * Y, Y);
        hsize_t inner[2] = {Y, WS_PAY_N};
        write_share(w, b, w->spend, 4, inner, w->tot_len, w->spend_len);
    } else {
        hsize_t inner[2] = {Y, A};
        for (int i = 0; i < WS_N_INDICATORS; i++)
            write_share(w, b, w->area[i], 4, inner, (size_t)i * Y * A, Y * A);
    }
    b->any = false;
    return w->h.rc;
}

/* Puts run (point, rep) into block b, writing the block held first when the run belongs to
 * a later one. */
static int block_put(struct ws_h5_sweep *w, runblock *b, int point, int rep, const double *pl)
{
    if (!b->pts) return 0;
    long long key = (long long)(point / b->pts) * b->n_rb + rep / b->reps;
    if (key != b->key) {
        if (flush_block(w, b)) return w->h.rc;
        size_t n = (size_t)b->pts * (size_t)b->reps * b->width;
        for (size_t k = 0; k < n; k++)
            b->buf[k] = NAN;
        b->key = key;
    }
    double *dst =
        b->buf + ((size_t)(point % b->pts) * (size_t)b->reps + (size_t)(rep % b->reps)) * b->width;
    if (b == &w->tb) {
        memcpy(dst, pl, w->tot_len * sizeof *pl);
        memcpy(dst + w->tot_len, pl + w->spend_at, w->spend_len * sizeof *pl);
    } else {
        memcpy(dst, pl + w->areas_at, w->area_len * sizeof *pl);
    }
    b->any = true;
    return 0;
}

int ws_h5_sweep_put(ws_h5_sweep *w, int point, int rep, const double *payload, ws_error *e)
{
    if (!w || !payload)
        return ws_error_set(e, WS_ERUNTIME, NULL, 0, NULL,
                            "internal error: no sweep file or no payload to store");
    if (w->h.rc) return report(w, e);
    const ws_sweep_shape *sh = &w->sh;
    if (point < 0 || point >= sh->n_points || rep < 0 || rep >= sh->n_rep)
        return ws_error_set(e, WS_EINPUT, w->h.path, 0, NULL,
                            "cannot store run (point %d, replication %d): the sweep has %d points "
                            "x %d replications",
                            point, rep, sh->n_points, sh->n_rep);
    long long run = (long long)point * sh->n_rep + rep;
    if (run <= w->last_run)
        return ws_error_set(e, WS_EINPUT, w->h.path, 0, NULL,
                            "cannot store run %lld (point %d, replication %d): runs must come in "
                            "increasing order, and run %lld is stored already",
                            run, point, rep, w->last_run);
    ws__h5_quiet quiet;
    ws__h5_quiet_begin(&quiet);
    if (!block_put(w, &w->tb, point, rep, payload) && !block_put(w, &w->ab, point, rep, payload)) {
        w->done[run] = 1;
        w->last_run = run;
    }
    ws__h5_quiet_end(&quiet);
    return report(w, e);
}

/* Reads the totals of points [p0, p0 + np) of indicator i (np * R * Y values) into buf. */
static int read_totals(struct ws_h5_sweep *w, int i, size_t p0, size_t np, double *buf)
{
    ws__h5w *h = &w->h;
    size_t R = (size_t)w->sh.n_rep, Y = (size_t)w->sh.n_year;
    hsize_t start[3] = {p0, 0, 0}, count[3] = {np, R, Y}, n = np * R * Y;
    hid_t fsp = H5Dget_space(w->tot[i]), msp = H5Screate_simple(1, &n, NULL);
    if (fsp < 0 || msp < 0 ||
        H5Sselect_hyperslab(fsp, H5S_SELECT_SET, start, NULL, count, NULL) < 0 ||
        H5Dread(w->tot[i], H5T_NATIVE_DOUBLE, msp, fsp, H5P_DEFAULT, buf) < 0)
        ws__h5w_fail(h, WS_EIO, w->tot[i], "reading the totals back");
    ws__h5w_drop(h, &msp);
    ws__h5w_drop(h, &fsp);
    return h->rc;
}

/* Writes rows [p0, p0 + np) of the [point, year] summary dataset `name` of indicator i. */
static int write_stat(struct ws_h5_sweep *w, int i, const char *name, size_t p0, size_t np,
                      const double *v)
{
    ws__h5w *h = &w->h;
    char path[256];
    snprintf(path, sizeof path, "summary/%s/%s", ws_indicators[i].name, name);
    hsize_t start[2] = {p0, 0}, count[2] = {np, (hsize_t)w->sh.n_year}, n = np * count[1];
    hid_t d = H5Dopen2(w->file, path, H5P_DEFAULT);
    if (d < 0) return ws__h5w_fail(h, WS_ERUNTIME, w->file, "opening '%s'", path);
    hid_t fsp = H5Dget_space(d), msp = H5Screate_simple(1, &n, NULL);
    if (fsp < 0 || msp < 0 ||
        H5Sselect_hyperslab(fsp, H5S_SELECT_SET, start, NULL, count, NULL) < 0 ||
        H5Dwrite(d, H5T_NATIVE_DOUBLE, msp, fsp, H5P_DEFAULT, v) < 0)
        ws__h5w_fail(h, WS_EIO, d, "writing the summary");
    ws__h5w_drop(h, &msp);
    ws__h5w_drop(h, &fsp);
    ws__h5w_drop(h, &d);
    return h->rc;
}

/* /summary: per indicator, point block by point block, the bands over the replications of the
 * totals, and (with a reference point) of the per-replication differences to it. */
static int write_summary(struct ws_h5_sweep *w)
{
    ws__h5w *h = &w->h;
    size_t P = (size_t)w->sh.n_points, R = (size_t)w->sh.n_rep, Y = (size_t)w->sh.n_year;
    size_t sp = (size_t)w->sp, n_st = N_STAT * (w->ref >= 0 ? 2 : 1);
    double *buf = malloc(sp * R * Y * sizeof *buf), *ref = malloc(R * Y * sizeof *ref);
    double *work = malloc(R * sizeof *work), *x = malloc(R * sizeof *x);
    double *st = malloc(n_st * sp * Y * sizeof *st);
    if (!buf || !ref || !work || !x || !st)
        ws__h5w_fail_msg(h, WS_ENOMEM, "out of memory for the summary");
    for (int i = 0; i < WS_N_INDICATORS && !h->rc; i++) {
        if (w->ref >= 0 && read_totals(w, i, (size_t)w->ref, 1, ref)) break;
        for (size_t p0 = 0; p0 < P && !h->rc; p0 += sp) {
            size_t np = P - p0 < sp ? P - p0 : sp;
            if (read_totals(w, i, p0, np, buf)) break;
            for (size_t pp = 0; pp < np; pp++)
                for (size_t y = 0; y < Y; y++)
                    for (size_t k0 = 0; k0 < n_st; k0 += N_STAT) {
                        double band[N_STAT];
                        for (size_t r = 0; r < R; r++)
                            x[r] = buf[(pp * R + r) * Y + y] - (k0 ? ref[r * Y + y] : 0);
                        ws_summary_band(x, (int)R, work, band);
                        for (int k = 0; k < N_STAT; k++)
                            st[((k0 + (size_t)k) * sp + pp) * Y + y] = band[k];
                    }
            for (size_t k = 0; k < n_st && !h->rc; k++) {
                char name[32];
                snprintf(name, sizeof name, "%s%s", k < N_STAT ? "" : "diff_",
                         ws__sweep_stat_names[k % N_STAT]);
                write_stat(w, i, name, p0, np, st + k * sp * Y);
            }
        }
    }
    free(buf);
    free(ref);
    free(work);
    free(x);
    free(st);
    return h->rc;
}

/* For a sweep file: WS_EINPUT naming the first run not stored, if any. */
static int check_complete(struct ws_h5_sweep *w)
{
    size_t n = (size_t)w->sh.n_points * (size_t)w->sh.n_rep, missing = 0, first = 0;
    for (size_t k = n; k-- > 0;)
        if (!w->done[k]) missing++, first = k;
    if (!missing) return 0;
    return ws__h5w_fail_msg(&w->h, WS_EINPUT,
                            "%zu of %zu runs were not stored (the first: point %zu, replication "
                            "%zu); a sweep file needs every run (a shard writes a part file)",
                            missing, n, first / (size_t)w->sh.n_rep, first % (size_t)w->sh.n_rep);
}

/* Flushes, closes and syncs the finished file. The final flush must not fail: in HDF5 1.10.8
 * a metadata flush that fails half-way leaves the cache's skip list enabled, and every later
 * flush or close of the file then fails too, so it could never be closed (and the process
 * would crash at exit). So the space the flush may need is reserved first (posix_fallocate,
 * which also fails beyond RLIMIT_FSIZE); when that fails, HDF5 has not failed yet and
 * discard() can still close the file. The reserve is trimmed after the close. */
static int close_file(struct ws_h5_sweep *w)
{
    ws__h5w *h = &w->h;
    void *handle = NULL;
    haddr_t eoa = 0;
    if (H5Fget_vfd_handle(w->file, H5P_DEFAULT, &handle) < 0 || !handle ||
        H5Fget_eoa(w->file, &eoa) < 0)
        return ws__h5w_fail(h, WS_ERUNTIME, -1, "getting the file's descriptor and size");
    int err = posix_fallocate(*(int *)handle, 0, (off_t)(eoa + FLUSH_RESERVE_BYTES));
    if (err && err != EOPNOTSUPP && err != ENOSYS && err != EINVAL) {
        errno = err;
        return ws__h5w_fail_os(h, WS_EIO, "reserving disk space to finish", h->tmp);
    }
    if (H5Fflush(w->file, H5F_SCOPE_GLOBAL) < 0)
        return ws__h5w_fail(h, WS_EIO, -1, "writing '%s'", h->tmp);
    if (H5Fget_eoa(w->file, &eoa) < 0)
        return ws__h5w_fail(h, WS_ERUNTIME, -1, "getting the file's size");
    herr_t st = H5Fclose(w->file);
    w->file = H5I_INVALID_HID; /* even when the close failed: touching it again would crash */
    if (st < 0) return ws__h5w_fail(h, WS_EIO, -1, "closing '%s'", h->tmp);
    struct stat sb;
    int fd = open(h->tmp, O_WRONLY | O_CLOEXEC);
    if (fd < 0) return ws__h5w_fail_os(h, WS_EIO, "reopening", h->tmp);
    if (fstat(fd, &sb) != 0 || (sb.st_size > (off_t)eoa && ftruncate(fd, (off_t)eoa) != 0))
        ws__h5w_fail_os(h, WS_EIO, "trimming", h->tmp);
    else if (fsync(fd) != 0 && errno != EINVAL && errno != ENOTSUP)
        ws__h5w_fail_os(h, WS_EIO, "syncing", h->tmp);
    if (close(fd) != 0) ws__h5w_fail_os(h, WS_EIO, "closing", h->tmp);
    return h->rc;
}

int ws_h5_sweep_finish(ws_h5_sweep *w, const char *finished, ws_error *e)
{
    if (!w)
        return ws_error_set(e, WS_ERUNTIME, NULL, 0, NULL,
                            "internal error: no sweep file to finish");
    ws__h5_quiet quiet;
    ws__h5_quiet_begin(&quiet);
    ws__h5w *h = &w->h;
    if (!h->rc && !flush_block(w, &w->tb) && !flush_block(w, &w->ab) &&
        (w->part || !check_complete(w))) {
        if (H5Dwrite(w->done_d, H5T_NATIVE_UCHAR, H5S_ALL, H5S_ALL, H5P_DEFAULT, w->done) < 0)
            ws__h5w_fail(h, WS_EIO, w->done_d, "writing the done flags");
        if (!w->part) write_summary(w);
        signed char complete = w->part ? 0 : 1;
        ws__h5w_attr_str(h, w->file, "finished", finished ? finished : "");
        ws__h5w_put_attr(h, w->file, "complete", H5T_STD_I8LE, H5T_NATIVE_SCHAR, 0, 1, &complete);
        ws__h5w_finish_scales(h);
        close_objects(w);
        if (!h->rc) close_file(w);
    }
    if (!h->rc && rename(h->tmp, h->path) != 0)
        ws__h5w_fail_os(h, WS_EIO, "renaming the temporary file to", h->path);
    if (h->rc) {
        discard(w);
    } else {
        w->created = false;
        ws__h5_sync_parent(h->path);
    }
    int rc = report(w, e);
    writer_free(w);
    ws__h5_quiet_end(&quiet);
    return rc;
}

void ws_h5_sweep_abort(ws_h5_sweep *w)
{
    if (!w) return;
    ws__h5_quiet quiet;
    ws__h5_quiet_begin(&quiet);
    discard(w);
    writer_free(w);
    ws__h5_quiet_end(&quiet);
}
