/* test_h5_sweep.c: the HDF5 sweep file — write run by run, read back, part files and merge,
 * errors (order, missing runs, bad files, a full disk), id leaks, `info`, and the size per run.
 *
 * Designs are built by hand (malloc'd, freed by ws_design_free) and payloads filled directly
 * with the known pattern value = point * 1e6 + rep * 1e3 + k (k the payload index), exact in
 * double. Every case writes its own files under WS_BIN_DIR ("h5sweep_*"), so cases may run in
 * parallel; the case write_sample leaves the files h5_sweep_readback.py reads.
 */
#include "wijksim/h5_sweep.h"

#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <hdf5.h>

#include "wijksim/h5.h"
#include "wijksim/params.h"
#include "wijksim/summary.h"
#include "wt.h"
#include "wt_h5.h"

#define MAX_AREAS 100

#define HDF5_OK(x) WT_CHECK((x) >= 0)

static const char sweep_source[] = "-- sweep test: stored, not run\n"
                                   "return wijksim.sweep { name = \"t\", design = \"grid\" }\n"
                                   "-- Fryslân, € 5 mln\n";

/* Everything a sweep file is written from. */
typedef struct fix {
    ws_area areas[MAX_AREAS];
    int sel[MAX_AREAS];
    ws_scenario s0;
    ws_sweep_meta meta;
    ws_design d;
    ws_sweep_shape sh;
    double *pl; /* one payload */
    size_t len; /* its length */
} fix;

static char *dupe(const char *s)
{
    char *c = strdup(s);
    WT_CHECK(c);
    return c;
}

/* A grid over a range factor (steps values) and a labelled factor with awkward labels. */
static void design_grid(ws_design *d, int steps)
{
    memset(d, 0, sizeof *d);
    d->kind = WS_DESIGN_GRID;
    d->n_factors = 2;
    d->factor = calloc(2, sizeof *d->factor);
    WT_CHECK(d->factor);
    ws_factor *f = &d->factor[0];
    snprintf(f->name, sizeof f->name, "density");
    snprintf(f->param, sizeof f->param, "%s", ws_param_table[0].name);
    f->min = 0.5;
    f->max = 2;
    f->steps = steps;
    f = &d->factor[1];
    snprintf(f->name, sizeof f->name, "package");
    f->n_levels = 3;
    f->levels = malloc(3 * sizeof *f->levels);
    f->labels = malloc(3 * sizeof *f->labels);
    WT_CHECK(f->levels && f->labels);
    static const char *const lab[3] = {"none", "basic, plus", "full\\wide"};
    for (int k = 0; k < 3; k++) {
        f->levels[k] = k;
        f->labels[k] = dupe(lab[k]);
    }
    d->n_points = steps * 3;
    d->x = malloc((size_t)d->n_points * 2 * sizeof *d->x);
    WT_CHECK(d->x);
    for (int p = 0; p < d->n_points; p++) {
        d->x[2 * p] = 0.5 + 1.5 * (p / 3) / (steps - 1);
        d->x[2 * p + 1] = p % 3;
    }
}

/* A saltelli design over k range factors with n base rows (values: any numbers). */
static void design_saltelli(ws_design *d, int k, int n)
{
    memset(d, 0, sizeof *d);
    d->kind = WS_DESIGN_SALTELLI;
    d->n_factors = k;
    d->factor = calloc((size_t)k, sizeof *d->factor);
    d->n_base = n;
    d->n_points = n * (k + 2);
    d->x = malloc((size_t)d->n_points * (size_t)k * sizeof *d->x);
    d->block = malloc((size_t)d->n_points * sizeof *d->block);
    d->base = malloc((size_t)d->n_points * sizeof *d->base);
    WT_CHECK(d->factor && d->x && d->block && d->base);
    for (int i = 0; i < k; i++) {
        snprintf(d->factor[i].name, sizeof d->factor[i].name, "x%d", i + 1);
        d->factor[i].min = -1;
        d->factor[i].max = 10;
        d->factor[i].dist = i ? WS_FDIST_LOGUNIFORM : d->factor[i].dist;
        d->factor[i].integer = i == 2;
    }
    for (int p = 0; p < d->n_points; p++) {
        d->block[p] = p % (k + 2);
        d->base[p] = p / (k + 2);
        for (int i = 0; i < k; i++)
            d->x[(size_t)p * k + i] = p * 0.25 + i;
    }
}

/* Scenario of design point 0 over n_area of the fixture's areas (in reverse order), the meta
 * and the shape; the design is set by the caller. */
static void fix_init(fix *f, int n_rep, int n_year, int n_area, bool store_areas)
{
    memset(f, 0, sizeof *f);
    WT_CHECK(n_area <= MAX_AREAS);
    for (int a = 0; a < MAX_AREAS; a++) {
        ws_area *ar = &f->areas[a];
        ar->index = a;
        snprintf(ar->id, sizeof ar->id, "area_%03d", a);
        snprintf(ar->name, sizeof ar->name, "Wijk %d%s", a,
                 a == 1 ? " S\xC3\xBA"
                          "dwest"
                        : "");
        snprintf(ar->municipality, sizeof ar->municipality, "Gemeente %d", a / 4);
        snprintf(ar->gm_code, sizeof ar->gm_code, "GM%04d", a);
        ar->residents = 1000 + a;
        ar->dwellings = 500 + a;
    }
    for (int a = 0; a < n_area; a++)
        f->sel[a] = n_area - 1 - a;
    ws_scenario *s = &f->s0;
    snprintf(s->name, sizeof s->name, "point 0");
    s->start_year = 2026;
    s->years = n_year;
    s->replications = n_rep;
    s->seed = 7;
    s->scale = 0.1;
    s->areas.n = MAX_AREAS;
    s->areas.area = f->areas;
    snprintf(s->areas.path, sizeof s->areas.path, "areas.csv");
    s->n_areas = n_area;
    s->area_sel = f->sel;
    ws_params_defaults(&s->params);
    ws_sweep_meta *m = &f->meta;
    snprintf(m->run.version, sizeof m->run.version, "0.1.0");
    snprintf(m->run.git_revision, sizeof m->run.git_revision, "abc123");
    snprintf(m->run.command_line, sizeof m->run.command_line, "wijksim sweep t.lua");
    snprintf(m->run.created, sizeof m->run.created, "2026-01-01T00:00:00Z");
    m->run.threads = 2;
    snprintf(m->name, sizeof m->name, "test sweep");
    snprintf(m->description, sizeof m->description, "densities and packages");
    snprintf(m->sweep_file, sizeof m->sweep_file, "sweeps/t.lua");
    snprintf(m->sweep_sha256, sizeof m->sweep_sha256, "%064d", 0);
    m->source = sweep_source;
    m->source_len = strlen(sweep_source);
    m->seed = 4000000000u;
    m->processes = 1;
    snprintf(m->split, sizeof m->split, "threads");
    f->sh = (ws_sweep_shape){0, n_rep, n_year, n_area, 2026, store_areas};
}

/* After the design is set: the shape's points and a payload buffer. */
static void fix_ready(fix *f)
{
    f->sh.n_points = f->d.n_points;
    f->len = ws_sweep_payload_len(&f->sh);
    f->pl = malloc(f->len * sizeof *f->pl);
    WT_CHECK(f->pl);
}

static void fix_close(fix *f)
{
    ws_design_free(&f->d);
    free(f->pl);
}

/* A grid fixture (fix_init, design_grid, fix_ready) and the file names WS_BIN_DIR/h5sweep_<name>
 * into path (512 bytes) and, unless tmp is NULL, "<path>.tmp" into tmp (600 bytes). */
static void fix_grid(fix *f, int n_rep, int n_year, int n_area, bool store_areas, int steps,
                     const char *name, char *path, char *tmp)
{
    fix_init(f, n_rep, n_year, n_area, store_areas);
    design_grid(&f->d, steps);
    fix_ready(f);
    snprintf(path, 512, "%s/h5sweep_%s", WS_BIN_DIR, name);
    if (tmp) snprintf(tmp, 600, "%s.tmp", path);
}

static double pattern(int p, int r, size_t k)
{
    return p * 1e6 + r * 1e3 + (double)k;
}

static void fill(fix *f, int p, int r)
{
    for (size_t k = 0; k < f->len; k++)
        f->pl[k] = pattern(p, r, k);
}

static void bin_path(char *buf, size_t n, const char *name)
{
    snprintf(buf, n, "%s/h5sweep_%s", WS_BIN_DIR, name);
}

static bool exists(const char *path)
{
    return access(path, F_OK) == 0;
}

static void write_text(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    WT_CHECK(fp && fputs(text, fp) >= 0 && fclose(fp) == 0);
}

static long long file_bytes(const char *path)
{
    struct stat st;
    WT_EQ_INT(stat(path, &st), 0);
    return (long long)st.st_size;
}

/* The first line of the text file path is want (kept intact by a failed write). */
static void check_text(const char *path, const char *want)
{
    char buf[256] = "";
    FILE *fp = fopen(path, "r");
    if (!fp) WT_FAIL("%s: %s", path, strerror(errno));
    bool got = fgets(buf, sizeof buf, fp) != NULL;
    fclose(fp);
    WT_CHECK(got);
    WT_EQ_STR(buf, want);
}

static void show(const char *what, const ws_error *e)
{
    char buf[2048];
    printf("%s: %s\n", what, ws_error_format(e, buf, sizeof buf));
}

/* Writes the runs with keep(run) != 0 (all when keep is NULL) to path. */
static int write_sweep(fix *f, const char *path, bool part, bool (*keep)(long long), ws_error *e)
{
    ws_h5_sweep *w = NULL;
    int rc = ws_h5_sweep_create(&w, path, &f->meta, &f->d, &f->sh, &f->s0, NULL, part, e);
    if (rc) return rc;
    for (int p = 0; p < f->sh.n_points; p++)
        for (int r = 0; r < f->sh.n_rep; r++) {
            if (keep && !keep((long long)p * f->sh.n_rep + r)) continue;
            fill(f, p, r);
            rc = ws_h5_sweep_put(w, p, r, f->pl, e);
            if (rc) {
                ws_h5_sweep_abort(w);
                return rc;
            }
        }
    return ws_h5_sweep_finish(w, "2026-01-01T01:00:00Z", e);
}

/* fix_grid, then every run written to path as a sweep file. */
static void fix_written(fix *f, int n_rep, int n_year, int n_area, int steps, const char *name,
                        char *path)
{
    fix_grid(f, n_rep, n_year, n_area, false, steps, name, path, NULL);
    WT_EQ_INT(write_sweep(f, path, false, NULL, NULL), 0);
}

static bool even(long long run)
{
    return run % 2 == 0;
}

static bool odd(long long run)
{
    return run % 2 == 1;
}

/* Reads every run of path back and compares with the pattern (runs with keep(run) only). */
static void check_runs(fix *f, const char *path, bool (*keep)(long long))
{
    ws_h5_sweep_in *in = NULL;
    ws_error e = {0};
    int rc = ws_h5_sweep_open(path, &in, &e);
    if (rc) show("open", &e);
    WT_EQ_INT(rc, 0);
    const ws_sweep_shape *sh = ws_h5_sweep_shape(in);
    WT_EQ_INT(sh->n_points, f->sh.n_points);
    WT_EQ_INT(sh->n_rep, f->sh.n_rep);
    WT_EQ_INT(sh->n_year, f->sh.n_year);
    WT_EQ_INT(sh->n_area, f->sh.n_area);
    WT_EQ_INT(sh->start_year, f->sh.start_year);
    WT_EQ_INT(sh->store_areas, f->sh.store_areas);
    WT_EQ_INT(ws_sweep_payload_len(sh), f->len);
    double *got = malloc(f->len * sizeof *got);
    WT_CHECK(got);
    const unsigned char *done = ws_h5_sweep_done(in);
    for (int p = 0; p < sh->n_points; p++)
        for (int r = 0; r < sh->n_rep; r++) {
            long long run = (long long)p * sh->n_rep + r;
            bool want = !keep || keep(run);
            WT_EQ_INT(done[run], want);
            rc = ws_h5_sweep_get(in, p, r, got, &e);
            if (!want) {
                WT_EQ_INT(rc, WS_EINPUT);
                continue;
            }
            WT_EQ_INT(rc, 0);
            for (size_t k = 0; k < f->len; k++)
                if (got[k] != pattern(p, r, k))
                    WT_FAIL("%s: run (%d, %d) value %zu = %.17g, expected %.17g", path, p, r, k,
                            got[k], pattern(p, r, k));
        }
    free(got);
    ws_h5_sweep_close(in);
}

static void check_design(const ws_design *a, const ws_design *b)
{
    WT_EQ_INT(a->kind, b->kind);
    WT_EQ_INT(a->n_factors, b->n_factors);
    WT_EQ_INT(a->n_points, b->n_points);
    WT_EQ_INT(a->n_base, b->n_base);
    for (int k = 0; k < a->n_factors; k++) {
        const ws_factor *x = &a->factor[k], *y = &b->factor[k];
        WT_EQ_STR(x->name, y->name);
        WT_EQ_STR(x->param, y->param);
        WT_EQ_INT(x->n_levels, y->n_levels);
        WT_EQ_INT(x->labels != NULL, y->labels != NULL);
        for (int j = 0; j < x->n_levels; j++) {
            WT_CHECK(x->levels[j] == y->levels[j]);
            if (x->labels) WT_EQ_STR(x->labels[j], y->labels[j]);
        }
        if (!x->n_levels) {
            WT_CHECK(x->min == y->min && x->max == y->max);
            WT_EQ_INT(x->steps, y->steps);
            WT_EQ_INT(x->dist, y->dist);
        }
        WT_EQ_INT(x->integer, y->integer);
    }
    for (size_t k = 0; k < (size_t)a->n_points * a->n_factors; k++)
        WT_CHECK(a->x[k] == b->x[k]);
    WT_EQ_INT(a->block != NULL, b->block != NULL);
    for (int p = 0; a->block && p < a->n_points; p++) {
        WT_EQ_INT(a->block[p], b->block[p]);
        WT_EQ_INT(a->base[p], b->base[p]);
    }
}

/* Objects HDF5 still holds open in this process: files, groups, datasets, attributes. */
static ssize_t open_objects(void)
{
    ssize_t n = H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_ALL);
    WT_CHECK(n >= 0);
    return n;
}

/* The end of a case: nothing of HDF5 is left open; the fixture is freed. */
static void fix_done(fix *f)
{
    WT_EQ_INT(open_objects(), 0);
    fix_close(f);
}

WT_CASE(roundtrip_totals)
{
    fix f;
    char path[512];
    fix_grid(&f, 3, 4, 3, false, 5, "totals.h5", path, NULL);
    ws_error e = {0};
    int rc = write_sweep(&f, path, false, NULL, &e);
    if (rc) show("write", &e);
    WT_EQ_INT(rc, 0);
    check_runs(&f, path, NULL);
    ws_h5_sweep_in *in = NULL;
    WT_EQ_INT(ws_h5_sweep_open(path, &in, &e), 0);
    WT_CHECK(!ws_h5_sweep_is_part(in));
    check_design(&f.d, ws_h5_sweep_design(in));
    const ws_sweep_meta *m = ws_h5_sweep_meta(in);
    WT_EQ_STR(m->name, f.meta.name);
    WT_EQ_STR(m->description, f.meta.description);
    WT_EQ_STR(m->sweep_file, f.meta.sweep_file);
    WT_EQ_STR(m->split, f.meta.split);
    WT_EQ_STR(m->run.finished, "2026-01-01T01:00:00Z");
    WT_EQ_STR(m->run.command_line, f.meta.run.command_line);
    WT_EQ_INT(m->seed, f.meta.seed);
    WT_EQ_INT(m->run.threads, 2);
    WT_EQ_INT(m->source_len, strlen(sweep_source));
    WT_CHECK(memcmp(m->source, sweep_source, m->source_len) == 0);
    /* point means: the mean over replications of the pattern */
    double *y = NULL;
    int ind = WS_IND_work_employment_rate;
    WT_EQ_INT(ws_h5_sweep_point_means(in, ws_indicators[ind].name, 2028, &y, &e), 0);
    for (int p = 0; p < f.sh.n_points; p++)
        WT_NEAR(y[p], pattern(p, 1, (size_t)ind * 4 + 2), 1e-6);
    free(y);
    WT_EQ_INT(ws_h5_sweep_point_means(in, "no_such_indicator", 2028, &y, &e), WS_EINPUT);
    WT_CHECK(strstr(e.msg, "no_such_indicator") != NULL);
    WT_EQ_INT(ws_h5_sweep_point_means(in, "population", 2030, &y, &e), WS_EINPUT);
    WT_CHECK(strstr(e.msg, "2030") != NULL && strstr(e.msg, "2026..2029") != NULL);
    WT_CHECK(y == NULL);
    ws_h5_sweep_close(in);
    char tmp[600];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    WT_CHECK(!exists(tmp));
    fix_done(&f);
}

/* Per-area arrays, once with several points per chunk and once with one point's replications
 * split over chunks (over AREA_CHUNK_MAX bytes per point). */
WT_CASE(roundtrip_areas)
{
    static const int shapes[2][4] = {{3, 4, 5, 5}, {17, 40, 100, 2}}; /* rep, year, area, steps */
    for (int s = 0; s < 2; s++) {
        fix f;
        char path[512];
        fix_grid(&f, shapes[s][0], shapes[s][1], shapes[s][2], true, shapes[s][3],
                 s ? "areas_split.h5" : "areas.h5", path, NULL);
        ws_error e = {0};
        int rc = write_sweep(&f, path, false, NULL, &e);
        if (rc) show("write", &e);
        WT_EQ_INT(rc, 0);
        check_runs(&f, path, NULL);
        fix_close(&f);
    }
    WT_EQ_INT(open_objects(), 0);
}

WT_CASE(saltelli_design)
{
    fix f;
    fix_init(&f, 2, 3, 2, false);
    design_saltelli(&f.d, 3, 7);
    fix_ready(&f);
    char path[512];
    bin_path(path, sizeof path, "saltelli.h5");
    ws_error e = {0};
    WT_EQ_INT(write_sweep(&f, path, false, NULL, &e), 0);
    ws_h5_sweep_in *in = NULL;
    WT_EQ_INT(ws_h5_sweep_open(path, &in, &e), 0);
    check_design(&f.d, ws_h5_sweep_design(in));
    WT_EQ_INT(ws_h5_sweep_design(in)->factor[1].dist, WS_FDIST_LOGUNIFORM);
    ws_h5_sweep_close(in);
    check_runs(&f, path, NULL);
    fix_close(&f);
}

/* The summary datasets hold ws_summary_band of the totals over the replications. */
WT_CASE(summary_values)
{
    fix f;
    char path[512];
    fix_written(&f, 5, 3, 2, 2, "summary.h5", path);
    hid_t file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    HDF5_OK(file);
    static const char *const stat[4] = {"mean", "p05", "p50", "p95"};
    int P = f.sh.n_points, R = f.sh.n_rep, Y = f.sh.n_year;
    double *got = malloc((size_t)P * Y * sizeof *got), x[5], work[5], band[4];
    WT_CHECK(got);
    for (int i = 0; i < WS_N_INDICATORS; i += 11)
        for (int k = 0; k < 4; k++) {
            char p[256];
            snprintf(p, sizeof p, "/summary/%s/%s", ws_indicators[i].name, stat[k]);
            hid_t d = H5Dopen2(file, p, H5P_DEFAULT);
            HDF5_OK(d);
            HDF5_OK(H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, got));
            HDF5_OK(H5Dclose(d));
            for (int pt = 0; pt < P; pt++)
                for (int y = 0; y < Y; y++) {
                    for (int r = 0; r < R; r++)
                        x[r] = pattern(pt, r, (size_t)i * Y + y);
                    ws_summary_band(x, R, work, band);
                    if (got[pt * Y + y] != band[k])
                        WT_FAIL("%s[%d, %d] = %.17g, expected %.17g", p, pt, y, got[pt * Y + y],
                                band[k]);
                }
        }
    free(got);
    HDF5_OK(H5Fclose(file));
    fix_close(&f);
}

/* Every indicator's run datasets (totals and areas) and /summary group carry indicators.def's
 * units, description, domain, label and better (int8). */
WT_CASE(indicator_metadata)
{
    fix f;
    char path[512];
    fix_grid(&f, 2, 3, 2, true, 2, "metadata.h5", path, NULL);
    WT_EQ_INT(write_sweep(&f, path, false, NULL, NULL), 0);
    hid_t file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    HDF5_OK(file);
    static const char *const where[3] = {"/runs/totals/%s", "/runs/areas/%s", "/summary/%s"};
    for (int i = 0; i < WS_N_INDICATORS; i++)
        for (int k = 0; k < 3; k++) {
            char p[256];
            snprintf(p, sizeof p, where[k], ws_indicators[i].name);
            hid_t o = H5Oopen(file, p, H5P_DEFAULT);
            HDF5_OK(o);
            const char *want[4][2] = {{"units", ws_indicators[i].units},
                                      {"description", ws_indicators[i].description},
                                      {"domain", ws_indicators[i].domain},
                                      {"label", ws_indicators[i].label}};
            for (int j = 0; j < 4; j++) {
                char *v = wt_h5_attr_string(o, want[j][0]);
                if (strcmp(v, want[j][1]) != 0)
                    WT_FAIL("%s: %s is '%s', expected '%s'", p, want[j][0], v, want[j][1]);
                free(v);
            }
            hid_t a = H5Aopen(o, "better", H5P_DEFAULT), t = H5Aget_type(a);
            HDF5_OK(t);
            WT_EQ_INT(H5Tget_class(t), H5T_INTEGER);
            WT_EQ_INT(H5Tget_size(t), 1);
            int better = 9;
            HDF5_OK(H5Aread(a, H5T_NATIVE_INT, &better));
            WT_EQ_INT(better, ws_indicators[i].better);
            HDF5_OK(H5Tclose(t));
            HDF5_OK(H5Aclose(a));
            HDF5_OK(H5Oclose(o));
        }
    HDF5_OK(H5Fclose(file));
    fix_done(&f);
}

/* A part file holds only its runs (NaN elsewhere) and cannot give point means. */
WT_CASE(part_file)
{
    fix f;
    char path[512];
    fix_grid(&f, 3, 4, 3, true, 3, "part.h5", path, NULL);
    WT_EQ_INT(write_sweep(&f, path, true, even, NULL), 0);
    check_runs(&f, path, even);
    ws_error e = {0};
    ws_h5_sweep_in *in = NULL;
    WT_EQ_INT(ws_h5_sweep_open(path, &in, &e), 0);
    WT_CHECK(ws_h5_sweep_is_part(in));
    double *y = NULL;
    WT_EQ_INT(ws_h5_sweep_point_means(in, "population", 2026, &y, &e), WS_EINPUT);
    WT_CHECK(strstr(e.msg, "part file") != NULL);
    WT_EQ_STR(e.file, path);
    WT_EQ_INT(ws_h5_sweep_get(in, 0, 1, f.pl, &e), WS_EINPUT);
    WT_CHECK(strstr(e.msg, "not stored") != NULL);
    WT_EQ_INT(ws_h5_sweep_get(in, 99, 0, f.pl, &e), WS_EINPUT);
    ws_h5_sweep_close(in);
    fix_close(&f);
}

/* Two part files (even and odd runs) merged into a sweep file with /input copied from one. */
WT_CASE(merge)
{
    fix f;
    char pa[512], pb[512], out[512];
    fix_grid(&f, 3, 4, 3, true, 3, "merge_a.h5", pa, NULL);
    bin_path(pb, sizeof pb, "merge_b.h5");
    bin_path(out, sizeof out, "merged.h5");
    ws_error e = {0};
    WT_EQ_INT(write_sweep(&f, pa, true, even, &e), 0);
    WT_EQ_INT(write_sweep(&f, pb, true, odd, &e), 0);
    ws_h5_sweep_in *a = NULL, *b = NULL;
    WT_EQ_INT(ws_h5_sweep_open(pa, &a, &e), 0);
    WT_EQ_INT(ws_h5_sweep_open(pb, &b, &e), 0);
    ws_sweep_meta m = *ws_h5_sweep_meta(a);
    snprintf(m.split, sizeof m.split, "merge of 2 parts");
    ws_h5_sweep *w = NULL;
    int rc = ws_h5_sweep_create(&w, out, &m, ws_h5_sweep_design(a), ws_h5_sweep_shape(a), NULL, pa,
                                false, &e);
    if (rc) show("merge create", &e);
    WT_EQ_INT(rc, 0);
    const ws_sweep_shape *sh = ws_h5_sweep_shape(a);
    for (int p = 0; p < sh->n_points; p++)
        for (int r = 0; r < sh->n_rep; r++) {
            long long run = (long long)p * sh->n_rep + r;
            ws_h5_sweep_in *from = ws_h5_sweep_done(a)[run] ? a : b;
            WT_EQ_INT(ws_h5_sweep_get(from, p, r, f.pl, &e), 0);
            WT_EQ_INT(ws_h5_sweep_put(w, p, r, f.pl, &e), 0);
        }
    rc = ws_h5_sweep_finish(w, "later", &e);
    if (rc) show("merge finish", &e);
    WT_EQ_INT(rc, 0);
    ws_h5_sweep_close(a);
    ws_h5_sweep_close(b);
    check_runs(&f, out, NULL);
    ws_h5_sweep_in *in = NULL;
    WT_EQ_INT(ws_h5_sweep_open(out, &in, &e), 0);
    WT_EQ_STR(ws_h5_sweep_meta(in)->split, "merge of 2 parts");
    WT_EQ_INT(ws_h5_sweep_meta(in)->source_len, strlen(sweep_source));
    WT_CHECK(memcmp(ws_h5_sweep_meta(in)->source, sweep_source, strlen(sweep_source)) == 0);
    check_design(&f.d, ws_h5_sweep_design(in));
    ws_h5_sweep_close(in);
    /* the area labels came along: same /area as a part file */
    hid_t fo = H5Fopen(out, H5F_ACC_RDONLY, H5P_DEFAULT),
          fa = H5Fopen(pa, H5F_ACC_RDONLY, H5P_DEFAULT);
    HDF5_OK(fo);
    HDF5_OK(fa);
    HDF5_OK(H5Oexists_by_name(fo, "input/parameters", H5P_DEFAULT));
    hid_t t = H5Tcopy(H5T_C_S1);
    HDF5_OK(H5Tset_size(t, H5T_VARIABLE));
    char *na[3], *nb[3];
    hid_t da = H5Dopen2(fa, "area", H5P_DEFAULT), db = H5Dopen2(fo, "area", H5P_DEFAULT);
    HDF5_OK(H5Dread(da, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, na));
    HDF5_OK(H5Dread(db, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, nb));
    for (int k = 0; k < 3; k++) {
        WT_EQ_STR(na[k], nb[k]);
        H5free_memory(na[k]);
        H5free_memory(nb[k]);
    }
    HDF5_OK(H5Dclose(da));
    HDF5_OK(H5Dclose(db));
    HDF5_OK(H5Tclose(t));
    HDF5_OK(H5Fclose(fo));
    HDF5_OK(H5Fclose(fa));
    /* a merge from a part of another shape is refused */
    ws_sweep_shape other = f.sh;
    other.n_rep = 2;
    ws_design d2;
    design_grid(&d2, 3);
    WT_EQ_INT(ws_h5_sweep_create(&w, out, &m, &d2, &other, NULL, pa, false, &e), WS_EINPUT);
    WT_CHECK(strstr(e.msg, "merge expects") != NULL);
    WT_CHECK(w == NULL);
    ws_design_free(&d2);
    fix_done(&f);
}

/* A sweep file (not a part) needs every run: finish says which is missing, nothing stays. */
WT_CASE(incomplete_sweep)
{
    fix f;
    char path[512], tmp[600];
    fix_grid(&f, 2, 3, 2, false, 2, "incomplete.h5", path, tmp);
    unlink(path);
    ws_error e = {0};
    WT_EQ_INT(write_sweep(&f, path, false, odd, &e), WS_EINPUT);
    show("incomplete", &e);
    WT_EQ_STR(e.file, path);
    WT_CHECK(strstr(e.msg, "6 of 12 runs") != NULL);
    WT_CHECK(strstr(e.msg, "point 0, replication 0") != NULL);
    WT_CHECK(!exists(path) && !exists(tmp));
    fix_done(&f);
}

static bool order_kept(long long run)
{
    return run == 3 || run == 6;
}

/* Runs out of order or out of range are refused without spoiling the writer. */
WT_CASE(put_order)
{
    fix f;
    char path[512], tmp[600];
    fix_grid(&f, 2, 3, 2, false, 2, "order.h5", path, tmp);
    ws_error e = {0};
    ws_h5_sweep *w = NULL;
    WT_EQ_INT(ws_h5_sweep_create(&w, path, &f.meta, &f.d, &f.sh, &f.s0, NULL, true, &e), 0);
    WT_CHECK(exists(tmp));
    fill(&f, 1, 1);
    WT_EQ_INT(ws_h5_sweep_put(w, 1, 1, f.pl, &e), 0);
    WT_EQ_INT(ws_h5_sweep_put(w, 1, 0, f.pl, &e), WS_EINPUT);
    WT_CHECK(strstr(e.msg, "increasing order") != NULL);
    WT_EQ_INT(ws_h5_sweep_put(w, 1, 1, f.pl, &e), WS_EINPUT);
    WT_EQ_INT(ws_h5_sweep_put(w, 6, 0, f.pl, &e), WS_EINPUT);
    WT_CHECK(strstr(e.msg, "6 points x 2 replications") != NULL);
    WT_EQ_INT(ws_h5_sweep_put(w, 2, 2, f.pl, &e), WS_EINPUT);
    fill(&f, 3, 0);
    WT_EQ_INT(ws_h5_sweep_put(w, 3, 0, f.pl, &e), 0);
    WT_EQ_INT(ws_h5_sweep_finish(w, "", &e), 0);
    check_runs(&f, path, order_kept);
    fix_close(&f);
}

WT_CASE(abort_removes)
{
    fix f;
    char path[512], tmp[600];
    fix_grid(&f, 2, 3, 2, true, 4, "aborted.h5", path, tmp);
    write_text(path, "old contents\n");
    ws_h5_sweep *w = NULL;
    WT_EQ_INT(ws_h5_sweep_create(&w, path, &f.meta, &f.d, &f.sh, &f.s0, NULL, false, NULL), 0);
    for (int p = 0; p < 3; p++) {
        fill(&f, p, 0);
        WT_EQ_INT(ws_h5_sweep_put(w, p, 0, f.pl, NULL), 0);
    }
    ws_h5_sweep_abort(w);
    ws_h5_sweep_abort(NULL);
    WT_CHECK(!exists(tmp));
    check_text(path, "old contents\n");
    fix_done(&f);
}

/* A directory that does not exist: nothing to create the temporary file in. */
WT_CASE(missing_dir)
{
    fix f;
    char path[512];
    fix_grid(&f, 1, 2, 1, false, 2, "no_such_dir/s.h5", path, NULL);
    ws_error e = {0};
    ws_h5_sweep *w = (ws_h5_sweep *)&e; /* must be reset to NULL */
    WT_EQ_INT(ws_h5_sweep_create(&w, path, &f.meta, &f.d, &f.sh, &f.s0, NULL, false, &e), WS_EIO);
    show("missing dir", &e);
    WT_CHECK(w == NULL);
    WT_EQ_STR(e.file, path);
    WT_CHECK(strstr(e.msg, "temporary file") != NULL && strstr(e.msg, ".tmp") != NULL);
    fix_done(&f);
}

/* A file size limit makes writes fail (EFBIG) at creation, while putting runs or at finish:
 * the error names the file, the temporary file goes, the old file stays, the process does not
 * crash (HDF5 1.10 would on a failed close) and the library stays usable. */
WT_CASE(disk_full)
{
    fix f;
    char path[512], tmp[600];
    fix_grid(&f, 4, 20, 20, true, 10, "full.h5", path, tmp);
    signal(SIGXFSZ, SIG_IGN);
    struct rlimit lim;
    WT_EQ_INT(getrlimit(RLIMIT_FSIZE, &lim), 0);
    WT_EQ_INT(write_sweep(&f, path, false, NULL, NULL), 0);
    rlim_t full = (rlim_t)file_bytes(path);
    /* during creation, while putting runs, while writing the summary, at the last flush */
    rlim_t limits[] = {2000, full / 8, full / 2, full - full / 20, full - 1};
    int failed_at[3] = {0, 0, 0}; /* create, put, finish */
    for (size_t k = 0; k < sizeof limits / sizeof limits[0]; k++) {
        write_text(path, "old contents\n");
        ws_error e = {0};
        ws_h5_sweep *w = NULL;
        struct rlimit small = {limits[k], lim.rlim_max};
        WT_EQ_INT(setrlimit(RLIMIT_FSIZE, &small), 0);
        int stage = 0,
            rc = ws_h5_sweep_create(&w, path, &f.meta, &f.d, &f.sh, &f.s0, NULL, false, &e);
        for (int p = 0; !rc && p < f.sh.n_points; p++)
            for (int r = 0; !rc && r < f.sh.n_rep; r++) {
                fill(&f, p, r);
                stage = 1;
                if ((rc = ws_h5_sweep_put(w, p, r, f.pl, &e))) ws_h5_sweep_abort(w);
            }
        if (!rc) {
            stage = 2;
            rc = ws_h5_sweep_finish(w, "", &e);
        }
        WT_EQ_INT(setrlimit(RLIMIT_FSIZE, &lim), 0);
        printf("limit %lu: stage %d rc %d\n", (unsigned long)limits[k], stage, rc);
        if (rc) show("  error", &e);
        WT_CHECK(!exists(tmp));
        WT_EQ_INT(open_objects(), 0);
        if (!rc) continue;
        WT_EQ_INT(rc, WS_EIO);
        WT_EQ_STR(e.file, path);
        failed_at[stage]++;
        check_text(path, "old contents\n");
    }
    WT_CHECK(failed_at[1] > 0 && failed_at[2] > 0);
    /* still usable */
    WT_EQ_INT(write_sweep(&f, path, false, NULL, NULL), 0);
    check_runs(&f, path, NULL);
    fix_close(&f);
}

/* Files that are not sweep files, or damaged ones: WS_EIO / WS_EINPUT naming the file. */
WT_CASE(open_errors)
{
    fix f;
    char path[512], text[512], run[512], bad[512];
    fix_grid(&f, 1, 2, 2, false, 2, "errors.h5", path, NULL);
    bin_path(text, sizeof text, "errors.txt");
    bin_path(run, sizeof run, "errors_run.h5");
    bin_path(bad, sizeof bad, "errors_bad.h5");
    write_text(text, "not hdf5\n");
    ws_error e = {0};
    ws_h5_sweep_in *in = (ws_h5_sweep_in *)&e;
    WT_EQ_INT(ws_h5_sweep_open(text, &in, &e), WS_EIO);
    WT_CHECK(in == NULL);
    WT_EQ_STR(e.file, text);
    WT_CHECK(strstr(e.msg, "not an HDF5 file") != NULL);
    WT_EQ_INT(ws_h5_sweep_open(WS_BIN_DIR "/h5sweep_nothing_here.h5", &in, &e), WS_EIO);
    WT_CHECK(strstr(e.msg, "No such file") != NULL);
    WT_EQ_INT(ws_h5_sweep_open(WS_BIN_DIR, &in, &e), WS_EIO);
    /* a run file */
    ws_results r;
    WT_EQ_INT(ws_results_init(&r, 1, 2, 2, 2026, NULL), 0);
    for (size_t k = 0; k < (size_t)WS_N_INDICATORS * 4; k++)
        r.data[k] = 1;
    f.s0.replications = 1;
    const ws_scenario *sp = &f.s0;
    const ws_results *rp = &r;
    WT_EQ_INT(ws_h5_write_run(run, &f.meta.run, 1, &sp, &rp, NULL), 0);
    ws_results_close(&r);
    WT_EQ_INT(ws_h5_sweep_open(run, &in, &e), WS_EINPUT);
    show("run file", &e);
    WT_EQ_STR(e.file, run);
    WT_CHECK(strstr(e.msg, "file_kind is 'run'") != NULL);
    /* damaged copies of a good file */
    WT_EQ_INT(write_sweep(&f, path, false, NULL, NULL), 0);
    static const struct {
        const char *attr[2];
        long long value[2];
        const char *says;
    } damage[] = {
        {{"file_format_version", NULL}, {2, 0}, "file_format_version is 2, this wijksim reads"},
        {{"points", "runs"}, {5, 5}, "'design/values' is 6 x 2, expected 5 x 2"},
        {{"years", NULL}, {3, 0}, "'year' is 2, expected 3"},
        {{"complete", NULL}, {0, 0}, "complete is 0"},
        {{"runs", NULL}, {7, 0}, "runs = 7"},
        {{"replications", NULL}, {2, 0}, "6 points x 2 replications"},
    };
    for (size_t k = 0; k < sizeof damage / sizeof damage[0]; k++) {
        char cmd[1200];
        snprintf(cmd, sizeof cmd, "cp '%s' '%s'", path, bad);
        WT_EQ_INT(system(cmd), 0);
        hid_t file = H5Fopen(bad, H5F_ACC_RDWR, H5P_DEFAULT);
        HDF5_OK(file);
        for (int j = 0; j < 2 && damage[k].attr[j]; j++) {
            hid_t a = H5Aopen(file, damage[k].attr[j], H5P_DEFAULT);
            HDF5_OK(a);
            HDF5_OK(H5Awrite(a, H5T_NATIVE_LLONG, &damage[k].value[j]));
            HDF5_OK(H5Aclose(a));
        }
        HDF5_OK(H5Fclose(file));
        WT_EQ_INT(ws_h5_sweep_open(bad, &in, &e), WS_EINPUT);
        show(damage[k].attr[0], &e);
        WT_EQ_STR(e.file, bad);
        if (!strstr(e.msg, damage[k].says))
            WT_FAIL("message for %s lacks \"%s\": %s", damage[k].attr[0], damage[k].says, e.msg);
    }
    fix_done(&f);
}

WT_CASE(info)
{
    fix f;
    char path[512];
    fix_written(&f, 2, 3, 2, 3, "info.h5", path);
    char *a = NULL, *b = NULL;
    size_t na = 0, nb = 0;
    FILE *fa = open_memstream(&a, &na), *fb = open_memstream(&b, &nb);
    WT_CHECK(fa && fb);
    ws_error e = {0};
    WT_EQ_INT(ws_h5_sweep_info(path, fa, &e), 0);
    WT_EQ_INT(ws_h5_info(path, fb, &e), 0); /* dispatches to the sweep description */
    fclose(fa);
    fclose(fb);
    printf("%s", a);
    WT_EQ_STR(a, b);
    static const char *const want[] = {
        "wijksim sweep file",
        "sweep_name           test sweep",
        "design: grid over 2 factors, 9 points",
        "levels none, basic, plus, full\\wide",
        "range [0.5, 2], 3 steps",
        "runs: 18 of 18 stored",
        "work_employment_rate",
        "9  0 .. 8",
    };
    for (size_t k = 0; k < sizeof want / sizeof want[0]; k++)
        if (!strstr(a, want[k])) WT_FAIL("info lacks \"%s\"", want[k]);
    free(a);
    free(b);
    WT_EQ_INT(ws_h5_sweep_info(WS_BIN_DIR "/h5sweep_none.h5", stdout, &e), WS_EIO);
    fix_done(&f);
}

/* A deterministic normal draw (xorshift64* and Box-Muller). */
static double gauss(uint64_t *s)
{
    double u[2];
    for (int k = 0; k < 2; k++) {
        *s ^= *s >> 12;
        *s ^= *s << 25;
        *s ^= *s >> 27;
        u[k] = ((*s * 2685821657736338717ull) >> 11) * 0x1.0p-53;
    }
    return sqrt(-2 * log(u[0] + 0x1.0p-60)) * cos(6.283185307179586 * u[1]);
}

/* Model-like outputs: rates with full-precision noise around an area level and a trend;
 * counts (units persons/households) whole numbers times 1/scale; spend in whole euros. Without
 * per-area arrays the totals get the noise of a mean (or sum) over the areas directly. */
static void fill_like_model(fix *f, int p, uint64_t *s)
{
    const ws_sweep_shape *sh = &f->sh;
    size_t Y = (size_t)sh->n_year, A = (size_t)sh->n_area;
    double *areas = f->pl + ws_sweep_payload_areas_at(sh), sq = sqrt((double)A);
    for (int i = 0; i < WS_N_INDICATORS; i++) {
        bool count = strcmp(ws_indicators[i].units, "persons") == 0 ||
                     strcmp(ws_indicators[i].units, "households") == 0;
        for (size_t y = 0; y < Y; y++) {
            double mean_level = 10 + i + 0.15 * (double)(A - 1) + 0.01 * p, tot = 0;
            for (size_t a = 0; sh->store_areas && a < A; a++) {
                double level = 10 + i + 0.3 * (double)a + 0.01 * p, v;
                if (count)
                    v = 10 * floor(500 * level + 20 * gauss(s));
                else
                    v = level * (1 + 0.002 * (double)y) + 0.3 * gauss(s);
                areas[((size_t)i * Y + y) * A + a] = v;
                tot += v;
            }
            if (!sh->store_areas)
                tot = count ? 10 * floor(500 * mean_level * (double)A + 20 * sq * gauss(s))
                            : (double)A *
                                  (mean_level * (1 + 0.002 * (double)y) + 0.3 / sq * gauss(s));
            f->pl[(size_t)i * Y + y] = count ? tot : tot / (double)A;
        }
    }
    double *spend = f->pl + ws_sweep_payload_spend_at(sh);
    for (size_t k = 0; k < Y * WS_PAY_N; k++)
        spend[k] = k % WS_PAY_N == 3 ? 0 : floor(1e6 * (1 + 0.1 * gauss(s)));
}

/* Bytes stored (compressed) in the datasets below group path of file. */
static herr_t add_storage(hid_t loc, const char *name, const H5O_info_t *info, void *ud)
{
    if (info->type != H5O_TYPE_DATASET) return 0;
    hid_t d = H5Dopen2(loc, name, H5P_DEFAULT);
    HDF5_OK(d);
    *(long long *)ud += (long long)H5Dget_storage_size(d);
    HDF5_OK(H5Dclose(d));
    return 0;
}

static long long stored_bytes(hid_t file, const char *group)
{
    long long n = 0;
    hid_t g = H5Gopen2(file, group, H5P_DEFAULT);
    HDF5_OK(g);
    HDF5_OK(H5Ovisit(g, H5_INDEX_NAME, H5_ITER_NATIVE, add_storage, &n));
    HDF5_OK(H5Gclose(g));
    return n;
}

/* Bytes per run of sweeps of 20 areas and 20 years (45 indicators) with model-like values:
 * totals only (10,000 runs: 2,000 points x 5 replications; 2,000 points x 1) and with the
 * per-area arrays (1,000 runs). Prints the file size per run and what /runs and /summary take. */
WT_CASE(bytes_per_run)
{
    static const int cases[3][3] = {{0, 2000, 5}, {0, 2000, 1}, {1, 200, 5}}; /* areas, P, R */
    for (int c = 0; c < 3; c++) {
        fix f;
        int areas = cases[c][0], points = cases[c][1], reps = cases[c][2];
        fix_init(&f, reps, 20, 20, areas);
        design_saltelli(&f.d, 2, points / 4);
        fix_ready(&f);
        char path[512];
        bin_path(path, sizeof path, "size.h5");
        ws_h5_sweep *w = NULL;
        ws_error e = {0};
        WT_EQ_INT(ws_h5_sweep_create(&w, path, &f.meta, &f.d, &f.sh, &f.s0, NULL, false, &e), 0);
        uint64_t s = 88172645463325252ull;
        for (int p = 0; p < f.sh.n_points; p++)
            for (int r = 0; r < reps; r++) {
                fill_like_model(&f, p, &s);
                WT_EQ_INT(ws_h5_sweep_put(w, p, r, f.pl, &e), 0);
            }
        WT_EQ_INT(ws_h5_sweep_finish(w, "", &e), 0);
        double runs = (double)f.sh.n_points * reps, bytes = (double)file_bytes(path);
        hid_t file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
        HDF5_OK(file);
        double in_runs = (double)stored_bytes(file, "runs");
        double in_summary = (double)stored_bytes(file, "summary");
        HDF5_OK(H5Fclose(file));
        double raw = (double)f.len * 8;
        printf("%s, %d points x %d replications: %.0f bytes per run (file %.1f MB); /runs %.0f "
               "per run (raw payload %.0f, %.0f%%), /summary %.0f per run, rest %.0f per run\n",
               areas ? "with areas" : "totals only", points, reps, bytes / runs, bytes / 1e6,
               in_runs / runs, raw, 100 * in_runs / runs / raw, in_summary / runs,
               (bytes - in_runs - in_summary) / runs);
        /* compression works on the run data: less than the raw payload */
        WT_CHECK(in_runs / runs < raw);
        unlink(path);
        fix_close(&f);
    }
}

/* Leaves the files h5_sweep_readback.py checks: a sweep with per-area arrays and a NaN run
 * value (the summary leaves it out), and a saltelli part file. */
WT_CASE(write_sample)
{
    fix f;
    fix_init(&f, 4, 5, 3, true);
    design_grid(&f.d, 3);
    fix_ready(&f);
    char path[512];
    snprintf(path, sizeof path, "%s/h5_sweep_sample.h5", WS_BIN_DIR);
    ws_h5_sweep *w = NULL;
    ws_error e = {0};
    WT_EQ_INT(ws_h5_sweep_create(&w, path, &f.meta, &f.d, &f.sh, &f.s0, NULL, false, &e), 0);
    for (int p = 0; p < f.sh.n_points; p++)
        for (int r = 0; r < f.sh.n_rep; r++) {
            fill(&f, p, r);
            for (size_t k = 0; k < f.len; k++)
                f.pl[k] = f.pl[k] * 0.001 + ((p * 7 + r * 3 + (int)k) % 5) * 0.125;
            if (p == 1 && r == 2) f.pl[WS_IND_population * 5 + 1] = NAN;
            WT_EQ_INT(ws_h5_sweep_put(w, p, r, f.pl, &e), 0);
        }
    WT_EQ_INT(ws_h5_sweep_finish(w, "2026-01-01T02:00:00Z", &e), 0);
    fix_close(&f);
    fix_init(&f, 2, 3, 2, false);
    design_saltelli(&f.d, 3, 4);
    fix_ready(&f);
    snprintf(path, sizeof path, "%s/h5_sweep_sample_part.h5", WS_BIN_DIR);
    WT_EQ_INT(write_sweep(&f, path, true, even, &e), 0);
    fix_close(&f);
}

WT_MAIN(WT_REG(roundtrip_totals), WT_REG(roundtrip_areas), WT_REG(saltelli_design),
        WT_REG(indicator_metadata), WT_REG(summary_values), WT_REG(part_file), WT_REG(merge),
        WT_REG(incomplete_sweep), WT_REG(put_order), WT_REG(abort_removes), WT_REG(missing_dir),
        WT_REG(disk_full), WT_REG(open_errors), WT_REG(info), WT_REG(bytes_per_run),
        WT_REG(write_sample))
