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
 * Every HDF5 id is held by exactly one local variable and released through ws__h5w_drop(), on the
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

enum { SC_REP, SC_YEAR, SC_AREA, SC_PAYER, SC_SUM_AREA }; /* fixed scale slots */

/* ---- the parts of the file --------------------------------------------------------------- */

static int write_root_attrs(ws__h5w *w, hid_t file, const ws_run_meta *m, int n_scen,
                            const ws_scenario *const *s, const char *cmp_name, const char *cmp_desc)
{
    static const ws_run_meta none = {{0}, {0}, {0}, {0}, {0}, 0};
    if (!m) m = &none;
    const ws_scenario *s0 = s[0];
    const char *ind[WS_N_INDICATORS];
    for (int i = 0; i < WS_N_INDICATORS; i++)
        ind[i] = ws_indicators[i].name;
    const char **names = malloc((size_t)n_scen * sizeof *names);
    if (!names) return ws__h5w_fail_msg(w, WS_ENOMEM, "out of memory for scenario names");
    for (int k = 0; k < n_scen; k++)
        names[k] = s[k]->name;

    ws__h5w_attr_str(w, file, "file_kind", n_scen > 1 ? "comparison" : "run");
    ws__h5w_attr_i32(w, file, "file_format_version", FILE_FORMAT_VERSION);
    ws__h5w_attr_field(w, file, "wijksim_version", m->version, sizeof m->version);
    ws__h5w_attr_field(w, file, "git_revision", m->git_revision, sizeof m->git_revision);
    ws__h5w_attr_field(w, file, "command_line", m->command_line, sizeof m->command_line);
    ws__h5w_attr_field(w, file, "created", m->created, sizeof m->created);
    ws__h5w_attr_field(w, file, "finished", m->finished, sizeof m->finished);
    ws__h5w_attr_i32(w, file, "threads", m->threads);
    ws__h5w_attr_i64(w, file, "seed", (long long)s0->seed);
    ws__h5w_attr_i32(w, file, "replications", s0->replications);
    ws__h5w_attr_i32(w, file, "start_year", s0->start_year);
    ws__h5w_attr_i32(w, file, "years", s0->years);
    ws__h5w_attr_f64(w, file, "scale", s0->scale);
    ws__h5w_attr_field(w, file, "scenario_name", s0->name, sizeof s0->name);
    ws__h5w_attr_field(w, file, "scenario_file", s0->path, sizeof s0->path);
    ws__h5w_attr_field(w, file, "scenario_sha256", s0->sha256, sizeof s0->sha256);
    ws__h5w_attr_field(w, file, "area_file", s0->areas.path, sizeof s0->areas.path);
    ws__h5w_attr_strs(w, file, "scenarios", names, (size_t)n_scen);
    ws__h5w_attr_field(w, file, "baseline", s0->name, sizeof s0->name);
    if (cmp_name) {
        ws__h5w_attr_str(w, file, "comparison_name", cmp_name);
        ws__h5w_attr_str(w, file, "comparison_description", cmp_desc ? cmp_desc : "");
    }
    ws__h5w_attr_strs(w, file, "indicators", ind, WS_N_INDICATORS);
    free(names);
    return w->rc;
}

/* The shared dimension scales, in their fixed slots: /replication, /year, /area (SC_REP,
 * SC_YEAR, SC_AREA), /payer (SC_PAYER) and /summary/area (SC_SUM_AREA: the areas and "all
 * areas"), the last inside the group summary. */
static int write_scales(ws__h5w *w, hid_t file, hid_t summary, const ws_scenario *s, hid_t dcpl)
{
    if (w->rc) return w->rc;
    size_t n_area = (size_t)s->n_areas;
    const char **names = malloc((n_area + 1) * sizeof *names);
    const char **ids = malloc((n_area + 1) * sizeof *ids);
    if (!names || !ids) {
        ws__h5w_fail_msg(w, WS_ENOMEM, "out of memory for the dimension scales");
        goto done;
    }
    for (size_t i = 0; i < n_area; i++) {
        names[i] = ws__h5w_txt(w, s->areas.area[s->area_sel[i]].name);
        ids[i] = s->areas.area[s->area_sel[i]].id;
    }
    if (ws__h5w_scales(w, file, s->replications, s->start_year, s->years, s->n_areas, names, ids,
                       dcpl) != SC_REP)
        goto done;
    names[n_area] = "all areas";
    ids[n_area] = "all";
    int k = ws__h5w_add_scale(
        w, ws__h5w_dataset_1d(w, summary, "area", w->str, n_area + 1, dcpl, w->str, names), "area",
        "the simulated areas (as /area) and, last, all areas together "
        "(population-weighted per replication; counts summed)");
    if (k >= 0) ws__h5w_attr_strs(w, ws__h5w_scale_id(w, k), "ids", ids, n_area + 1);
done:
    free(names);
    free(ids);
    return w->rc;
}

/* Creation properties of the indicator datasets: chunks of whole replications, shuffle +
 * deflate when available, NaN fill, no timestamps. Returns the list or H5I_INVALID_HID. */
static hid_t indicator_dcpl(ws__h5w *w, const ws_scenario *s)
{
    size_t per_rep = (size_t)s->years * (size_t)s->n_areas * sizeof(double);
    size_t k = CHUNK_TARGET_BYTES / per_rep;
    if (k < 1) k = 1;
    if (k > (size_t)s->replications) k = (size_t)s->replications;
    hsize_t chunk[3] = {(hsize_t)k, (hsize_t)s->years, (hsize_t)s->n_areas};
    return ws__h5w_chunk_dcpl(w, 3, chunk, true);
}

/* Creation properties of an n-D float64 dataset (rank <= 8): chunks of whole first-index
 * slices, about CHUNK_TARGET_BYTES each, shuffle + deflate when available, NaN fill, no
 * timestamps. Returns the list or H5I_INVALID_HID (failure recorded). */
static hid_t chunked_dcpl(ws__h5w *w, int rank, const hsize_t *dims)
{
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
    return ws__h5w_chunk_dcpl(w, rank, chunk, true);
}

/* Creates the float64 dataset name [dims] in loc from buf (contiguous, C order), with units
 * and description, and attaches the scales slot[0..rank-1] labelled label[]. */
static int write_array(ws__h5w *w, hid_t loc, const char *name, int rank, const hsize_t *dims,
                       const double *buf, bool chunked, hid_t plain, const int *slot,
                       const char *const *label, const char *units, const char *desc)
{
    if (w->rc) return w->rc;
    hid_t dcpl = chunked ? chunked_dcpl(w, rank, dims) : H5I_INVALID_HID;
    hid_t d = ws__h5w_f64(w, loc, name, rank, dims, chunked ? dcpl : plain, H5P_DEFAULT, buf, slot,
                          label, units, desc);
    ws__h5w_drop(w, &d);
    ws__h5w_drop(w, &dcpl);
    return w->rc;
}

/* The name of value k of name list l (intervention.h), "?" when out of range. */
static const char *name_of(int l, int k)
{
    const ws_state_names *t = ws_name_list_get(l);
    return t && k >= 0 && k < t->n && t->lua[k] ? t->lua[k] : "?";
}

/* /scenarios/<g>/interventions/definitions: one row per intervention of the policy — the label
 * columns (name, type, kind, target, evidence, source, payer, share_<payer>, package), then the
 * value columns of every key of intervention_fields.def with an `h5` stem, in its order. */
static int write_iv_table(ws__h5w *w, hid_t ig, const ws_policy *pol, hid_t plain)
{
    if (w->rc) return w->rc;
    /* a row is one 8-byte slot per column; the file type is packed by ws__h5w_table */
    typedef union slot {
        const char *s;
        double d;
        int32_t i;
    } slot;
    enum { N_LABEL = 8 + WS_PAY_N, MAX_COLS = N_LABEL + 2 * WS_IVF_N };
    ws__h5_col cols[MAX_COLS];
    char names[MAX_COLS][48]; /* column names made here */
    int n_cols = 0;
#define COL(nm, kind)                                                                              \
    do {                                                                                           \
        snprintf(names[n_cols], sizeof names[n_cols], "%s", nm);                                   \
        cols[n_cols] = (ws__h5_col){names[n_cols], (size_t)n_cols * sizeof(slot), kind};           \
        n_cols++;                                                                                  \
    } while (0)
    static const char *const label[] = {"name", "type", "kind", "target", "evidence", "source",
                                        "payer"};
    for (size_t c = 0; c < sizeof label / sizeof label[0]; c++) COL(label[c], WS__COL_STR);
    for (int p = 0; p < WS_PAY_N; p++) {
        char nm[48];
        snprintf(nm, sizeof nm, "share_%s", ws_payer_name(p));
        COL(nm, WS__COL_F64);
    }
    COL("package", WS__COL_STR);
    for (int f = 0; f < WS_IVF_N; f++) {
        const ws_field *fd = ws_iv_field_get(f);
        char nm[48];
        if (!fd->h5[0]) continue;
        switch (fd->type) {
        case WS_FT_NUMBER: COL(fd->h5, WS__COL_F64); break;
        case WS_FT_INTEGER:
        case WS_FT_AREAS: COL(fd->h5, WS__COL_I32); break;
        case WS_FT_EFFECT: /* the form, then the value (a uniform's min) */
            snprintf(nm, sizeof nm, "%s_type", fd->h5);
            COL(nm, WS__COL_STR);
            COL(fd->h5, WS__COL_F64);
            break;
        case WS_FT_DIST: /* the distribution, then its second parameter */
            snprintf(nm, sizeof nm, "%s_dist", fd->h5);
            COL(nm, WS__COL_STR);
            snprintf(nm, sizeof nm, "%s_b", fd->h5);
            COL(nm, WS__COL_F64);
            break;
        default: break;
        }
    }
#undef COL
    size_t n = (size_t)pol->n_interventions;
    slot *rows = calloc((n ? n : 1) * (size_t)n_cols, sizeof *rows);
    if (!rows) return ws__h5w_fail_msg(w, WS_ENOMEM, "out of memory for the intervention table");
    char(*nm)[4][1030] = calloc(n ? n : 1, sizeof *nm); /* bounded copies of the char fields */
    if (!nm) {
        free(rows);
        return ws__h5w_fail_msg(w, WS_ENOMEM, "out of memory for the intervention table");
    }
    for (size_t k = 0; k < n; k++) {
        const ws_intervention *iv = &pol->iv[k];
        slot *r = &rows[k * (size_t)n_cols];
        snprintf(nm[k][0], sizeof nm[k][0], "%.*s", (int)sizeof iv->name, iv->name);
        snprintf(nm[k][1], sizeof nm[k][1], "%.*s", (int)sizeof iv->type, iv->type);
        snprintf(nm[k][2], sizeof nm[k][2], "%.*s", (int)sizeof iv->source, iv->source);
        nm[k][3][0] = '\0';
        if (iv->package >= 0 && iv->package < pol->n_packages)
            snprintf(nm[k][3], sizeof nm[k][3], "%.*s", (int)sizeof pol->pk[0].name,
                     pol->pk[iv->package].name);
        const char *target = iv->kind == WS_IV_PLACE ? ws_place_target_name(iv->place_target)
                                                     : ws_transition_name(iv->transition);
        const char *payer = ws_payer_name(iv->payer);
        int c = 0;
        r[c++].s = ws__h5w_txt(w, nm[k][0]);
        r[c++].s = ws__h5w_txt(w, nm[k][1]);
        r[c++].s = name_of(WS_NL_KIND, iv->kind);
        r[c++].s = target ? target : "?";
        r[c++].s = name_of(WS_NL_EVIDENCE, iv->evidence);
        r[c++].s = ws__h5w_txt(w, nm[k][2]);
        r[c++].s = payer ? payer : "?";
        for (int p = 0; p < WS_PAY_N; p++)
            r[c++].d = ws_intervention_share(iv, p);
        r[c++].s = ws__h5w_txt(w, nm[k][3]);
        for (int f = 0; f < WS_IVF_N; f++) {
            const ws_field *fd = ws_iv_field_get(f);
            const char *at = (const char *)iv + fd->offset;
            if (!fd->h5[0]) continue;
            switch (fd->type) {
            case WS_FT_NUMBER: r[c++].d = *(const double *)at; break;
            case WS_FT_INTEGER:
            case WS_FT_AREAS: r[c++].i = *(const int *)at; break;
            case WS_FT_EFFECT:
                r[c++].s = name_of(WS_NL_EFFECT, iv->effect_type);
                r[c++].d = iv->effect.a;
                break;
            case WS_FT_DIST:
                r[c++].s = name_of(WS_NL_DIST, iv->effect.kind);
                r[c++].d = iv->effect.b;
                break;
            default: break;
            }
        }
    }
    hid_t d = ws__h5w_table(w, ig, "definitions", cols, n_cols, (size_t)n_cols * sizeof(slot),
                            rows, n, plain);
    if (d >= 0) {
        ws__h5w_attr_str(
            w, d, "description",
            "the scenario's interventions in the order of the intervention dimension: "
            "kind person (target: a transition) or place (target: what it changes); "
            "payer and cost shares; capacities and costs per area per year (EUR); "
            "n_areas 0 means every simulated area; effect (hazard or odds ratio, or "
            "shift) with its uncertainty (effect_dist, effect_b: SD, SD of log or max)");
    }
    ws__h5w_drop(w, &d);
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
static int write_pk_table(ws__h5w *w, hid_t g, const ws_policy *pol, hid_t plain)
{
    if (w->rc || pol->n_packages <= 0) return w->rc;
    static const ws__h5_col cols[] = {
        {"name", offsetof(pk_row, name), WS__COL_STR},
        {"budget_rijk", offsetof(pk_row, budget[WS_PAY_RIJK]), WS__COL_F64},
        {"budget_municipality", offsetof(pk_row, budget[WS_PAY_MUNICIPALITY]), WS__COL_F64},
        {"budget_corporation", offsetof(pk_row, budget[WS_PAY_CORPORATION]), WS__COL_F64},
        {"budget_other", offsetof(pk_row, budget[WS_PAY_OTHER]), WS__COL_F64},
        {"start_year", offsetof(pk_row, start_year), WS__COL_I32},
        {"end_year", offsetof(pk_row, end_year), WS__COL_I32},
    };
    pk_row rows[WS_MAX_PACKAGES];
    char names[WS_MAX_PACKAGES][80];
    int n = pol->n_packages < WS_MAX_PACKAGES ? pol->n_packages : WS_MAX_PACKAGES;
    for (int k = 0; k < n; k++) {
        const ws_package *pk = &pol->pk[k];
        snprintf(names[k], sizeof names[k], "%.*s", (int)sizeof pk->name, pk->name);
        rows[k].name = ws__h5w_txt(w, names[k]);
        for (int p = 0; p < WS_PAY_N; p++)
            rows[k].budget[p] = pk->budget_per_year[p];
        rows[k].start_year = pk->start_year;
        rows[k].end_year = pk->end_year;
    }
    hid_t d = ws__h5w_table(w, g, "packages", cols, (int)(sizeof cols / sizeof cols[0]),
                            sizeof *rows, rows, (size_t)n, plain);
    if (d >= 0)
        ws__h5w_attr_str(
            w, d, "description",
            "packages: budget envelope per payer in EUR per year for all areas together");
    ws__h5w_drop(w, &d);
    return w->rc;
}

/* /scenarios/<g>/interventions: the intervention scale, the yearly outputs and spend, and the
 * definitions table. Nothing when the scenario has no interventions. */
static int write_interventions(ws__h5w *w, hid_t g, const ws_scenario *s, const ws_results *r,
                               hid_t plain)
{
    const ws_policy *pol = &s->policy;
    if (w->rc || pol->n_interventions <= 0) return w->rc;
    hid_t ig = ws__h5w_group(w, g, "interventions", true);
    if (ig < 0) return w->rc;
    int n_iv = pol->n_interventions;
    const char **names = malloc((size_t)n_iv * sizeof *names);
    char(*buf)[80] = malloc((size_t)n_iv * sizeof *buf);
    if (!names || !buf) {
        ws__h5w_fail_msg(w, WS_ENOMEM, "out of memory for intervention names");
        goto done;
    }
    for (int k = 0; k < n_iv; k++) {
        snprintf(buf[k], sizeof buf[k], "%.*s", (int)sizeof pol->iv[k].name, pol->iv[k].name);
        names[k] = ws__h5w_txt(w, buf[k]);
    }
    int slot = ws__h5w_add_scale(
        w, ws__h5w_dataset_1d(w, ig, "intervention", w->str, (hsize_t)n_iv, plain, w->str, names),
        "intervention", "the scenario's interventions (rows of definitions)");
    if (slot < 0) goto done;
    hsize_t dims[5] = {(hsize_t)s->replications, (hsize_t)s->years, (hsize_t)s->n_areas,
                       (hsize_t)n_iv, WS_PAY_N};
    int slots[5] = {SC_REP, SC_YEAR, SC_AREA, slot, SC_PAYER};
    static const char *const label[5] = {"replication", "year", "area", "intervention", "payer"};
    static const char *const out_name[WS_IVO_N] = {"participants", "active",  "waiting",
                                                   "places",       "planned", "turned_away"};
    static const char *const out_units[WS_IVO_N] = {
        "persons (households) per year; dwellings, or mean level, for place programmes",
        "persons (households) in December; level in December for place programmes",
        "persons (households) in December",
        "places per year; dwellings, or mean planned level, for place programmes",
        "places per year; dwellings, or mean planned level, for place programmes",
        "offers per year; households per year for an allocation rule"};
    static const char *const out_desc[WS_IVO_N] = {
        "new participants in the year (households for a household transition such as debt); "
        "place programmes: dwellings done, or the year's mean level (FTE, points, SD, starts "
        "per month, share)",
        "participants still in the programme in December; level programmes: December level",
        "waiting list in December (eligible, willing persons who were not offered a place)",
        "places funded in the year: capacity within the money; dwelling programmes: dwellings "
        "funded; level programmes: the planned mean level",
        "places planned in the year: capacity x ramp-up before the money (compare with places "
        "for a budget shortfall)",
        "offers of a place turned away because the person was in another programme on the same "
        "transition; an allocation rule: households it refused"};
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
    ws__h5w_drop(w, &ig);
    return w->rc;
}

/* /scenarios/<gname>: description, one dataset per indicator with scales attached, the
 * interventions and the packages. */
static int write_scenario(ws__h5w *w, hid_t scen_root, const char *gname, const ws_scenario *s,
                          const ws_results *r, hid_t dcpl, hid_t plain)
{
    if (w->rc) return w->rc;
    hid_t g = ws__h5w_group(w, scen_root, gname, false), ig = H5I_INVALID_HID;
    hid_t sp = H5I_INVALID_HID, d = H5I_INVALID_HID;
    if (g < 0) goto done;
    ws__h5w_attr_field(w, g, "name", s->name, sizeof s->name);
    ws__h5w_attr_field(w, g, "description", s->description, sizeof s->description);
    ig = ws__h5w_group(w, g, "indicators", true);
    if (w->rc) goto done;
    hsize_t dims[3] = {(hsize_t)s->replications, (hsize_t)s->years, (hsize_t)s->n_areas};
    sp = H5Screate_simple(3, dims, NULL);
    if (sp < 0) {
        ws__h5w_fail(w, WS_ERUNTIME, g, "creating the indicator dataspace");
        goto done;
    }
    static const int slots[3] = {SC_REP, SC_YEAR, SC_AREA};
    static const char *const label[3] = {"replication", "year", "area"};
    for (int i = 0; i < WS_N_INDICATORS && !w->rc; i++) {
        const ws_indicator_info *info = &ws_indicators[i];
        /* The first s->replications replications of indicator i are contiguous in r. */
        d = ws__h5w_dataset(w, ig, info->name, H5T_IEEE_F64LE, sp, dcpl, H5T_NATIVE_DOUBLE,
                            ws_results_at(r, i, 0, 0, 0));
        if (d < 0) break;
        ws__h5w_attr_str(w, d, "units", info->units);
        ws__h5w_attr_str(w, d, "description", info->description);
        ws__h5w_indicator_attrs(w, d, i);
        ws__h5w_attach(w, d, 3, slots, label);
        ws__h5w_drop(w, &d);
    }
    ws__h5w_drop(w, &ig);
    write_interventions(w, g, s, r, plain);
    write_pk_table(w, g, &s->policy, plain);
done:
    ws__h5w_drop(w, &d);
    ws__h5w_drop(w, &sp);
    ws__h5w_drop(w, &ig);
    ws__h5w_drop(w, &g);
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
static int write_ce(ws__h5w *w, hid_t g, const ws_summary *m, int sc, hid_t plain)
{
    if (w->rc || m->n_ce[sc] <= 0) return w->rc;
    static const ws__h5_col cols[] = {
        {"indicator", offsetof(ce_out, indicator), WS__COL_STR},
        {"unit", offsetof(ce_out, unit), WS__COL_STR},
        {"n_pairs", offsetof(ce_out, n_pairs), WS__COL_I32},
        {"improvement_mean", offsetof(ce_out, imp_mean), WS__COL_F64},
        {"improvement_p05", offsetof(ce_out, imp_p05), WS__COL_F64},
        {"improvement_p95", offsetof(ce_out, imp_p95), WS__COL_F64},
        {"spend_rijk", offsetof(ce_out, spend_rijk), WS__COL_F64},
        {"spend_total", offsetof(ce_out, spend_total), WS__COL_F64},
        {"eur_per_unit_rijk_mean", offsetof(ce_out, rijk_mean), WS__COL_F64},
        {"eur_per_unit_rijk_p05", offsetof(ce_out, rijk_p05), WS__COL_F64},
        {"eur_per_unit_rijk_p95", offsetof(ce_out, rijk_p95), WS__COL_F64},
        {"eur_per_unit_total_mean", offsetof(ce_out, total_mean), WS__COL_F64},
        {"eur_per_unit_total_p05", offsetof(ce_out, total_p05), WS__COL_F64},
        {"eur_per_unit_total_p95", offsetof(ce_out, total_p95), WS__COL_F64},
        {"distinguishable", offsetof(ce_out, distinguishable), WS__COL_I8},
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
    hid_t d = ws__h5w_table(w, g, "cost_effectiveness", cols, (int)(sizeof cols / sizeof cols[0]),
                            sizeof *rows, rows, (size_t)n, plain);
    if (d >= 0)
        ws__h5w_attr_str(
            w, d, "description",
            "cost per natural unit of improvement over the whole horizon, all areas, "
            "against the baseline (see include/wijksim/summary.h): improvement = direction "
            "x (units in the option - units in the baseline) per replication pair, units = "
            "sum over years and areas of rate x denominator / divisor; spend = incremental "
            "EUR (option - baseline), mean over replications; eur_per_unit_*_mean = mean "
            "spend / mean improvement, p05/p95 from the per-replication ratios; "
            "distinguishable 1: the improvement's 90 % band excludes zero (better), 0: it "
            "contains zero (no EUR per unit, NaN), -1: the option is worse");
    ws__h5w_drop(w, &d);
    return w->rc;
}

/* /summary/<gname>: per indicator a group with the statistics as [year, area + 1], then the
 * cost-effectiveness table of an option. */
static int write_summary_scenario(ws__h5w *w, hid_t sum, const char *gname, const ws_scenario *s,
                                  const ws_summary *m, int sc, hid_t plain)
{
    if (w->rc) return w->rc;
    hid_t g = ws__h5w_group(w, sum, gname, true), ig = H5I_INVALID_HID;
    if (g < 0) return w->rc;
    ws__h5w_attr_field(w, g, "name", s->name, sizeof s->name);
    ws__h5w_attr_str(w, g, "role", sc == 0 ? "baseline" : "option");
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
        ig = ws__h5w_group(w, g, info->name, true);
        if (ig < 0) break;
        ws__h5w_attr_str(w, ig, "units", info->units);
        ws__h5w_attr_str(w, ig, "description", info->description);
        ws__h5w_indicator_attrs(w, ig, i);
        for (int k = 0; k < n_stat && !w->rc; k++)
            write_array(w, ig, ws_sum_stat_name(k), 2, dims, ws_summary_at(m, sc, i, k, 0, 0),
                        false, plain, slots, label, info->units, stat_desc[k]);
        ws__h5w_drop(w, &ig);
    }
    if (sc > 0) write_ce(w, g, m, sc, plain);
    ws__h5w_drop(w, &ig);
    ws__h5w_drop(w, &g);
    return w->rc;
}

/* /summary: attributes, then every scenario's summaries (the area scale is written earlier by
 * write_scales). */
static int write_summary(ws__h5w *w, hid_t sum, int n_scen, const ws_scenario *const *s,
                         char (*gname)[GROUP_NAME_MAX], const ws_summary *m, hid_t plain)
{
    if (w->rc) return w->rc;
    ws__h5w_attr_str(
        w, sum, "description",
        "summaries over replications: per scenario and indicator the statistics mean, p05, "
        "p50, p95 (and for options diff_mean .. diff_p95 of the per-replication difference "
        "to the baseline) as [year, area], the last area column being all areas; "
        "quantiles by linear interpolation between order statistics (GSL)");
    ws__h5w_attr_field(w, sum, "baseline", s[0]->name, sizeof s[0]->name);
    ws__h5w_headline_attrs(w, sum);
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
        size_t k = ws__h5_utf8_seq(u + i, n - i);
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

static int check_args(ws__h5w *w, int n_scen, const ws_scenario *const *s,
                      const ws_results *const *r, char (*gname)[GROUP_NAME_MAX])
{
    if (n_scen < 1 || !s || !r)
        return ws__h5w_fail_msg(w, WS_ERUNTIME, "internal error: no scenarios to write");
    for (int k = 0; k < n_scen; k++)
        if (!s[k] || !r[k] || !r[k]->data)
            return ws__h5w_fail_msg(w, WS_ERUNTIME, "internal error: scenario %d has no results",
                                    k);
    const ws_scenario *s0 = s[0];
    if (s0->years < 1 || s0->replications < 1 || s0->n_areas < 1 || !s0->area_sel ||
        !s0->areas.area)
        return ws__h5w_fail_msg(
            w, WS_ERUNTIME,
            "internal error: scenario '%.128s' has an empty shape (%d replications, "
            "%d years, %d areas)",
            s0->name, s0->replications, s0->years, s0->n_areas);
    for (int a = 0; a < s0->n_areas; a++)
        if (s0->area_sel[a] < 0 || s0->area_sel[a] >= s0->areas.n)
            return ws__h5w_fail_msg(w, WS_ERUNTIME,
                                    "internal error: area %d of scenario '%.128s' is "
                                    "outside the area table",
                                    a, s0->name);
    for (int k = 0; k < n_scen; k++) {
        const ws_scenario *sk = s[k];
        const ws_results *rk = r[k];
        if (sk->years != s0->years || sk->start_year != s0->start_year ||
            sk->replications != s0->replications || sk->n_areas != s0->n_areas)
            return ws__h5w_fail_msg(w, WS_ERUNTIME,
                                    "internal error: scenario '%.128s' does not share years, "
                                    "replications and areas with scenario '%.128s'",
                                    sk->name, s0->name);
        for (int a = 0; a < s0->n_areas; a++) {
            int ak = sk->area_sel ? sk->area_sel[a] : -1;
            if (ak < 0 || ak >= sk->areas.n || !sk->areas.area ||
                strcmp(sk->areas.area[ak].id, s0->areas.area[s0->area_sel[a]].id) != 0)
                return ws__h5w_fail_msg(
                    w, WS_ERUNTIME,
                    "internal error: scenario '%.128s' simulates other areas than "
                    "scenario '%.128s' (area %d differs)",
                    sk->name, s0->name, a);
        }
        if (rk->n_year != s0->years || rk->n_area != s0->n_areas || rk->n_rep < s0->replications ||
            rk->start_year != s0->start_year)
            return ws__h5w_fail_msg(
                w, WS_ERUNTIME,
                "internal error: results of scenario '%.128s' have shape %d x %d x "
                "%d from %d, expected %d x %d x %d from %d",
                sk->name, rk->n_rep, rk->n_year, rk->n_area, rk->start_year, s0->replications,
                s0->years, s0->n_areas, s0->start_year);
        int n_iv = sk->policy.n_interventions;
        if (n_iv < 0 || n_iv > WS_MAX_INTERVENTIONS ||
            (n_iv > 0 && (rk->n_iv != n_iv || !rk->iv || !rk->spend)))
            return ws__h5w_fail_msg(
                w, WS_ERUNTIME,
                "internal error: scenario '%.128s' has %d interventions but its "
                "results hold outputs for %d",
                sk->name, n_iv, rk->iv && rk->spend ? rk->n_iv : 0);
        group_name(sk->name, gname[k]);
        for (int j = 0; j < k; j++)
            if (strcmp(gname[j], gname[k]) == 0)
                return ws__h5w_fail_msg(w, WS_ERUNTIME,
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
static unsigned char *build_image(ws__h5w *w, const ws_run_meta *m, int n_scen,
                                  const ws_scenario *const *s, const ws_results *const *r,
                                  char (*gname)[GROUP_NAME_MAX], const char *cmp_name,
                                  const char *cmp_desc, size_t *size)
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
        ws__h5w_fail(w, WS_ERUNTIME, -1, "setting file access properties");
        goto done;
    }
    file = H5Fcreate(w->tmp, H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
    if (file < 0) {
        ws__h5w_fail(w, WS_ERUNTIME, -1, "creating the file in memory");
        goto done;
    }
    plain = H5Pcreate(H5P_DATASET_CREATE);
    if (plain < 0 || H5Pset_obj_track_times(plain, 0) < 0) {
        ws__h5w_fail(w, WS_ERUNTIME, -1, "creating dataset properties");
        goto done;
    }
    /* A scale's REFERENCE_LIST outgrows 64 KiB beyond ~4000 attached datasets; tracking
     * attribute order gives the scales version-2 object headers, which store such large
     * attributes densely. */
    scale_dcpl = H5Pcopy(plain);
    if (scale_dcpl < 0 || H5Pset_attr_creation_order(scale_dcpl, H5P_CRT_ORDER_TRACKED) < 0) {
        ws__h5w_fail(w, WS_ERUNTIME, -1, "creating dimension scale properties");
        goto done;
    }
    if (write_root_attrs(w, file, m, n_scen, s, cmp_name, cmp_desc)) goto done;
    input = ws__h5w_group(w, file, "input", false);
    ws__h5w_source(w, input, "scenario.lua", s[0]->source, s[0]->source_len, s[0]->path,
                   sizeof s[0]->path, s[0]->sha256, sizeof s[0]->sha256, plain);
    ws__h5w_params(w, input, &s[0]->params, plain);
    ws__h5w_areas(w, input, s[0], plain);
    sum = ws__h5w_group(w, file, "summary", true);
    write_scales(w, file, sum, s[0], scale_dcpl);
    ind = indicator_dcpl(w, s[0]);
    scen_root = ws__h5w_group(w, file, "scenarios", true);
    for (int k = 0; k < n_scen && !w->rc; k++)
        write_scenario(w, scen_root, gname[k], s[k], r[k], ind, plain);
    write_summary(w, sum, n_scen, s, gname, &summ, plain);
    ws__h5w_finish_scales(w);

    ws__h5w_drop(w, &ind);
    ws__h5w_drop(w, &scen_root);
    ws__h5w_drop(w, &sum);
    ws__h5w_drop(w, &scale_dcpl);
    ws__h5w_drop(w, &plain);
    ws__h5w_drop(w, &input);
    if (w->rc) goto done;
    if (H5Fflush(file, H5F_SCOPE_GLOBAL) < 0) {
        ws__h5w_fail(w, WS_ERUNTIME, -1, "flushing the file in memory");
        goto done;
    }
    ssize_t n = H5Fget_file_image(file, NULL, 0);
    if (n <= 0) {
        ws__h5w_fail(w, WS_ERUNTIME, -1, "sizing the file image");
        goto done;
    }
    image = malloc((size_t)n);
    if (!image) {
        ws__h5w_fail_msg(w, WS_ENOMEM, "out of memory for a file image of %zd bytes", n);
        goto done;
    }
    if (H5Fget_file_image(file, image, (size_t)n) != n) {
        ws__h5w_fail(w, WS_ERUNTIME, -1, "copying the file image");
        goto done;
    }
    *size = (size_t)n;
done:
    ws__h5w_finish_scales(w); /* releases the scales after a failure */
    ws_summary_close(&summ);
    ws__h5w_drop(w, &ind);
    ws__h5w_drop(w, &scen_root);
    ws__h5w_drop(w, &sum);
    ws__h5w_drop(w, &scale_dcpl);
    ws__h5w_drop(w, &plain);
    ws__h5w_drop(w, &input);
    ws__h5w_drop(w, &file); /* frees the in-memory file: no disk I/O, so nothing to fail here */
    ws__h5w_drop(w, &fapl);
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
    ws__h5w w = {
        .path = path ? path : "(null)", .what = "results file", .e = e, .str = H5I_INVALID_HID};
    ws__h5_quiet quiet;
    ws__h5_quiet_begin(&quiet);

    int fd = -1;
    bool created = false; /* the temporary file exists and is ours to remove */
    unsigned char *image = NULL;
    size_t size = 0;
    char(*gname)[GROUP_NAME_MAX] = NULL;

    if (!path || !path[0]) {
        ws__h5w_fail_msg(&w, WS_EIO, "no file name given");
        goto done;
    }
    if (n_scen >= 1 && !(gname = calloc((size_t)n_scen, sizeof *gname))) {
        ws__h5w_fail_msg(&w, WS_ENOMEM, "out of memory");
        goto done;
    }
    if (check_args(&w, n_scen, s, r, gname)) goto done;
    if ((size_t)snprintf(w.tmp, sizeof w.tmp, "%s.tmp", path) >= sizeof w.tmp) {
        ws__h5w_fail_msg(&w, WS_EIO, "the file name is too long");
        goto done;
    }
    /* Create the temporary file first, so a bad directory fails before any work is done. */
    fd = open(w.tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0) {
        ws__h5w_fail_os(&w, WS_EIO, "creating temporary file", w.tmp);
        goto done;
    }
    created = true;

    if (ws__h5w_string_type(&w)) goto done;
    image = build_image(&w, m, n_scen, s, r, gname, cmp_name, cmp_desc, &size);
    ws__h5w_drop(&w, &w.str);
    if (!image) goto done;

    if (write_all(fd, image, size) != 0) {
        ws__h5w_fail_os(&w, WS_EIO, "writing", w.tmp);
        goto done;
    }
    free(image);
    image = NULL;
    if (fsync(fd) != 0 && errno != EINVAL && errno != ENOTSUP) {
        ws__h5w_fail_os(&w, WS_EIO, "syncing", w.tmp);
        goto done;
    }
    int st = close(fd); /* network file systems may report write errors only here */
    fd = -1;
    if (st != 0) {
        ws__h5w_fail_os(&w, WS_EIO, "closing", w.tmp);
        goto done;
    }
    if (rename(w.tmp, path) != 0) {
        ws__h5w_fail_os(&w, WS_EIO, "renaming the temporary file to", path);
        goto done;
    }
    created = false;
    ws__h5_sync_parent(path);

done:
    if (fd >= 0) close(fd);
    if (w.rc && created) unlink(w.tmp);
    ws__h5w_drop(&w, &w.str);
    ws__h5w_release(&w);
    free(image);
    free(gname);
    ws__h5_quiet_end(&quiet);
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
