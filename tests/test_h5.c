/* test_h5.c: the HDF5 results file — write, read back with the HDF5 C API, atomicity, errors,
 * determinism, id leaks and the `info` description.
 *
 * The fixture is a hand-made scenario (4 areas in the area table, 3 simulated in the order
 * 2, 0, 3) with 3 replications and 4 years, and results filled with the known pattern
 * value = i*1e6 + r*1e4 + y*100 + a (+ 0.25 in the second scenario), exact in double.
 * Every case writes its own files under WS_BIN_DIR, so cases may run in parallel.
 */
#include "wijksim/h5.h"

#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <hdf5.h>
#include <hdf5_hl.h>

#include "wijksim/params.h"
#include "wt.h"
#include "wt_h5.h"

#define N_REP 3
#define N_YEAR 4
#define N_AREA 3
#define START_YEAR 2026

#define H5OK(x) WT_CHECK((x) >= 0)

/* Scenario source with non-ASCII text: must come back byte for byte. */
static char sample_source[] =
    "-- h5 test scenario: not run, only stored\n"
    "return wijksim.scenario {\n"
    "  name = \"baseline\", start_year = 2026, years = 4, replications = 3, seed = 2026,\n"
    "  areas = { \"delft_west\", \"leeuwarden_oost\", \"sudwest_oost\" },\n"
    "}\n"
    "-- S\xC3\xBA"
    "dwest-Frysl\xC3\xA2n, \xE2\x82\xAC 150 mln \xE2\x80\x93 caf\xC3\xA9\n";

typedef struct fixture {
    ws_area areas[4];
    int sel[N_AREA];
    ws_scenario s[2];
    ws_results r[2];
    ws_run_meta meta;
    const ws_scenario *sp[2];
    const ws_results *rp[2];
} fixture;

static double pattern(int i, int r, int y, int a, int k)
{
    return i * 1e6 + r * 1e4 + y * 100 + a + 0.25 * k;
}

#define N_IV 2

/* Intervention outputs (k < WS_IVO_N) and spend (k = WS_IVO_N + payer), exact in double. */
static double iv_pattern(int k, int r, int y, int a, int v)
{
    return k * 1e5 + r * 1e4 + y * 100 + a * 10 + v;
}

/* The option's policy: a person programme in a package and a place programme outside it. */
static void policy_init(ws_policy *p)
{
    memset(p, 0, sizeof *p);
    p->n_packages = 1;
    snprintf(p->pk[0].name, sizeof p->pk[0].name, "integrated");
    p->pk[0].budget_per_year[WS_PAY_RIJK] = 150e6;
    p->pk[0].budget_per_year[WS_PAY_MUNICIPALITY] = 50e6;
    p->pk[0].start_year = 2026;
    p->pk[0].end_year = 2035;
    p->n_interventions = N_IV;
    ws_intervention *iv = &p->iv[0];
    ws_intervention_defaults(iv);
    snprintf(iv->name, sizeof iv->name, "debt_counselling");
    snprintf(iv->type, sizeof iv->type, "debt_counselling");
    snprintf(iv->source, sizeof iv->source, "Koning 2014 \xE2\x80\x93 Regioplan 2011");
    iv->evidence = WS_EV_MODERATE;
    iv->kind = WS_IV_PERSON;
    iv->package = 0;
    iv->payer = WS_PAY_RIJK;
    iv->cofinance[WS_PAY_RIJK] = 0.7;
    iv->cofinance[WS_PAY_MUNICIPALITY] = 0.3;
    iv->start_year = 2026;
    iv->end_year = 2035;
    iv->places_per_year = 400;
    iv->cost_per_participant = 3500;
    iv->transition = WS_TX_DEBT_EXIT;
    iv->effect.kind = WS_DIST_LOGNORMAL;
    iv->effect.a = 1.5;
    iv->effect.b = 0.2;
    iv = &p->iv[1];
    ws_intervention_defaults(iv);
    snprintf(iv->name, sizeof iv->name, "hotspot_policing");
    snprintf(iv->type, sizeof iv->type, "hotspot_policing");
    iv->evidence = WS_EV_STRONG;
    iv->kind = WS_IV_PLACE;
    iv->package = -1;
    iv->payer = WS_PAY_OTHER;
    iv->place_target = WS_PL_POLICE;
    iv->amount_per_year = 4;
    iv->cost_per_unit = 90000;
}

static void fixture_init(fixture *f)
{
    memset(f, 0, sizeof *f);
    static const char *const ids[4] = {"leeuwarden_oost", "groningen_noord", "delft_west",
                                       "sudwest_oost"};
    static const char *const names[4] = {"Leeuwarden-Oost", "Groningen Noord", "Delft West",
                                         "S\xC3\xBA"
                                         "dwest-Frysl\xC3\xA2n Oost"};
    static const char *const gm[4] = {"GM0080", "GM0014", "GM0503", "GM1900"};
    for (int a = 0; a < 4; a++) {
        ws_area *ar = &f->areas[a];
        ar->index = a;
        ar->line = a + 2;
        snprintf(ar->id, sizeof ar->id, "%s", ids[a]);
        snprintf(ar->name, sizeof ar->name, "%s", names[a]);
        snprintf(ar->municipality, sizeof ar->municipality, "%s", names[a]);
        snprintf(ar->gm_code, sizeof ar->gm_code, "%s", gm[a]);
        ar->in_2020 = a < 2;
        ar->n_nbh = 1;
        ar->residents = 10000 + 1000 * a;
        ar->dwellings = 5000 + 100 * a;
    }
    f->sel[0] = 2;
    f->sel[1] = 0;
    f->sel[2] = 3;
    for (int k = 0; k < 2; k++) {
        ws_scenario *s = &f->s[k];
        snprintf(s->name, sizeof s->name, "%s", k ? "spread: 5 areas" : "baseline");
        snprintf(s->description, sizeof s->description, "%s",
                 k ? "integrated package, EUR 150 mln per year" : "no extra Rijksinzet");
        s->start_year = START_YEAR;
        s->years = N_YEAR;
        s->replications = N_REP;
        s->seed = 4000000000u; /* above INT32_MAX: must survive as a whole number */
        s->scale = 0.1;
        s->areas.n = 4;
        s->areas.area = f->areas;
        snprintf(s->areas.path, sizeof s->areas.path, "scenarios/areas/test.csv");
        s->n_areas = N_AREA;
        s->area_sel = f->sel;
        ws_params_defaults(&s->params);
        const ws_param_info *p0 = &ws_param_table[0];
        double v0 = p0->def != p0->max ? p0->max : p0->min; /* valid, not the default */
        WT_EQ_INT(ws_params_set(&s->params, p0->name, v0, NULL), 0);
        snprintf(s->path, sizeof s->path, "scenarios/test_h5.lua");
        s->source = sample_source;
        s->source_len = strlen(sample_source);
        snprintf(s->sha256, sizeof s->sha256, "%s",
                 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
        WT_EQ_INT(ws_results_init(&f->r[k], N_REP, N_YEAR, N_AREA, START_YEAR, NULL), 0);
        for (int i = 0; i < WS_N_INDICATORS; i++)
            for (int r = 0; r < N_REP; r++)
                for (int y = 0; y < N_YEAR; y++)
                    for (int a = 0; a < N_AREA; a++)
                        *ws_results_at(&f->r[k], i, r, y, a) = pattern(i, r, y, a, k);
        f->sp[k] = &f->s[k];
        f->rp[k] = &f->r[k];
    }
    policy_init(&f->s[1].policy);
    WT_EQ_INT(ws_results_iv_init(&f->r[1], N_IV, NULL), 0);
    for (int k = 0; k < WS_IVO_N; k++)
        for (int r = 0; r < N_REP; r++)
            for (int y = 0; y < N_YEAR; y++)
                for (int a = 0; a < N_AREA; a++)
                    for (int v = 0; v < N_IV; v++) {
                        *ws_results_iv_at(&f->r[1], k, r, y, a, v) = iv_pattern(k, r, y, a, v);
                        for (int p = 0; p < WS_PAY_N; p++)
                            *ws_results_spend_at(&f->r[1], r, y, a, v, p) =
                                iv_pattern(WS_IVO_N + p, r, y, a, v);
                    }
    ws_run_meta *m = &f->meta;
    snprintf(m->version, sizeof m->version, "0.1.0");
    snprintf(m->git_revision, sizeof m->git_revision, "abcdef123456-dirty");
    snprintf(m->command_line, sizeof m->command_line, "wijksim run scenarios/test_h5.lua -t 2");
    snprintf(m->created, sizeof m->created, "2026-01-02T03:04:05Z");
    snprintf(m->finished, sizeof m->finished, "2026-01-02T03:04:09Z");
    m->threads = 2;
}

static void fixture_close(fixture *f)
{
    ws_results_close(&f->r[0]);
    ws_results_close(&f->r[1]);
}

static void bin_path(char *buf, size_t n, const char *name)
{
    snprintf(buf, n, "%s/h5test_%s", WS_BIN_DIR, name);
}

static bool exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

static void write_text(const char *path, const char *text)
{
    FILE *fp = fopen(path, "wb");
    WT_CHECK(fp);
    WT_EQ_INT(fwrite(text, 1, strlen(text), fp), strlen(text));
    WT_EQ_INT(fclose(fp), 0);
}

static char *slurp(FILE *fp, size_t *len)
{
    WT_EQ_INT(fseek(fp, 0, SEEK_END), 0);
    long n = ftell(fp);
    WT_CHECK(n >= 0);
    rewind(fp);
    char *buf = malloc((size_t)n + 1);
    WT_CHECK(buf);
    WT_EQ_INT(fread(buf, 1, (size_t)n, fp), n);
    buf[n] = '\0';
    if (len) *len = (size_t)n;
    return buf;
}

static char *slurp_file(const char *path)
{
    FILE *fp = fopen(path, "rb");
    WT_CHECK(fp);
    char *t = slurp(fp, NULL);
    fclose(fp);
    return t;
}

static int write_fixture(const char *path, fixture *f, int n_scen, ws_error *e)
{
    return ws_h5_write_run(path, &f->meta, n_scen, f->sp, f->rp, e);
}

/* Initialises f, writes its first n_scen scenarios to the file name (in the build directory)
 * and opens that read-only. Returns the file (the caller closes it and f). */
static hid_t open_written(fixture *f, const char *name, int n_scen)
{
    fixture_init(f);
    char path[512];
    bin_path(path, sizeof path, name);
    ws_error e = {0};
    WT_EQ_INT(write_fixture(path, f, n_scen, &e), 0);
    hid_t file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    H5OK(file);
    return file;
}

/* Live HDF5 ids of one library id type. HDF5 1.10 has no public count for types, spaces and
 * property lists (H5Inmembers refuses library id types), so this probes every id number handed
 * out so far with H5Iis_valid. It relies on the 1.10 id encoding (type in the bits above 56,
 * a counter below) and returns -1 when a fresh id does not decode that way. */
static long live_ids(H5I_type_t type, hid_t fresh)
{
    H5OK(fresh);
    const int id_bits = 56;
    long n = -1;
    if ((fresh >> id_bits) == (hid_t)type) {
        n = 0;
        hid_t top = fresh & (((hid_t)1 << id_bits) - 1);
        for (hid_t k = 0; k < top; k++)
            if (H5Iis_valid(((hid_t)type << id_bits) | k) > 0) n++;
    }
    WT_CHECK(H5Iget_type(fresh) == type);
    H5OK(H5Idec_ref(fresh));
    return n;
}

/* Open ids in the process: objects (files, groups, datasets, named types, attributes) and
 * transient types, dataspaces and property lists. */
typedef struct id_counts {
    ssize_t objects;
    long types, spaces, plists;
} id_counts;

static id_counts count_ids(void)
{
    id_counts c;
    c.objects = H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_ALL);
    WT_CHECK(c.objects >= 0);
    c.types = live_ids(H5I_DATATYPE, H5Tcopy(H5T_NATIVE_INT));
    c.spaces = live_ids(H5I_DATASPACE, H5Screate(H5S_SCALAR));
    c.plists = live_ids(H5I_GENPROP_LST, H5Pcreate(H5P_FILE_ACCESS));
    if (c.types < 0 || c.spaces < 0 || c.plists < 0)
        printf("note: HDF5 id encoding unknown, only object ids are counted\n");
    return c;
}

static void check_same_ids(id_counts a, id_counts b)
{
    WT_EQ_INT(b.objects, a.objects);
    WT_EQ_INT(b.types, a.types);
    WT_EQ_INT(b.spaces, a.spaces);
    WT_EQ_INT(b.plists, a.plists);
}

static void check_attr_string(hid_t obj, const char *name, const char *want)
{
    char *v = wt_h5_attr_string(obj, name);
    WT_EQ_STR(v, want);
    free(v);
}

/* Scalar integer attribute; checks the class and the stored size. */
static long long attr_int(hid_t obj, const char *name, size_t size)
{
    hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
    if (a < 0) WT_FAIL("attribute '%s' missing", name);
    hid_t ft = H5Aget_type(a);
    WT_EQ_INT(H5Tget_class(ft), H5T_INTEGER);
    WT_EQ_INT(H5Tget_size(ft), size);
    long long v = 0;
    H5OK(H5Aread(a, H5T_NATIVE_LLONG, &v));
    H5OK(H5Tclose(ft));
    H5OK(H5Aclose(a));
    return v;
}

/* 1-D string attribute or dataset element list (variable length). Caller frees each and v. */
static char **read_strings(hid_t obj, bool is_attr, size_t *n)
{
    hid_t sp = is_attr ? H5Aget_space(obj) : H5Dget_space(obj);
    H5OK(sp);
    hssize_t np = H5Sget_simple_extent_npoints(sp);
    WT_CHECK(np > 0);
    char **raw = calloc((size_t)np, sizeof *raw), **out = calloc((size_t)np, sizeof *out);
    WT_CHECK(raw && out);
    hid_t mt = wt_h5_vlstr();
    H5OK(is_attr ? H5Aread(obj, mt, raw) : H5Dread(obj, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, raw));
    for (hssize_t k = 0; k < np; k++)
        out[k] = strdup(raw[k]);
    H5OK(H5Dvlen_reclaim(mt, sp, H5P_DEFAULT, raw));
    free(raw);
    H5OK(H5Tclose(mt));
    H5OK(H5Sclose(sp));
    *n = (size_t)np;
    return out;
}

static void free_strings(char **v, size_t n)
{
    for (size_t k = 0; k < n; k++)
        free(v[k]);
    free(v);
}

static void indicator_path(char *buf, size_t n, const char *scen, int i)
{
    snprintf(buf, n, "/scenarios/%s/indicators/%s", scen, ws_indicators[i].name);
}

/* Reads every indicator of scenario k (stored as group `scen`) and compares exactly. */
static void check_values(hid_t file, const char *scen, int k, double offset)
{
    double buf[N_REP * N_YEAR * N_AREA];
    for (int i = 0; i < WS_N_INDICATORS; i++) {
        char p[256];
        indicator_path(p, sizeof p, scen, i);
        hid_t d = H5Dopen2(file, p, H5P_DEFAULT);
        if (d < 0) WT_FAIL("dataset %s missing", p);
        hid_t t = H5Dget_type(d), sp = H5Dget_space(d);
        WT_CHECK(H5Tequal(t, H5T_IEEE_F64LE) > 0);
        hsize_t dims[3];
        WT_EQ_INT(H5Sget_simple_extent_ndims(sp), 3);
        H5OK(H5Sget_simple_extent_dims(sp, dims, NULL));
        WT_EQ_INT(dims[0], N_REP);
        WT_EQ_INT(dims[1], N_YEAR);
        WT_EQ_INT(dims[2], N_AREA);
        H5OK(H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf));
        for (int r = 0; r < N_REP; r++)
            for (int y = 0; y < N_YEAR; y++)
                for (int a = 0; a < N_AREA; a++) {
                    double got = buf[(r * N_YEAR + y) * N_AREA + a];
                    double want = pattern(i, r, y, a, k) + offset;
                    if (got != want)
                        WT_FAIL("%s[%d,%d,%d] = %.17g, expected %.17g", p, r, y, a, got, want);
                }
        H5OK(H5Sclose(sp));
        H5OK(H5Tclose(t));
        H5OK(H5Dclose(d));
    }
}

WT_CASE(write_values)
{
    fixture f;
    hid_t file = open_written(&f, "values.h5", 2);
    check_values(file, "baseline", 0, 0);
    check_values(file, "spread: 5 areas", 1, 0);

    /* storage: chunked by whole replications, shuffle + deflate, no timestamps */
    char p[256];
    indicator_path(p, sizeof p, "baseline", WS_IND_population);
    hid_t d = H5Dopen2(file, p, H5P_DEFAULT);
    hid_t dcpl = H5Dget_create_plist(d);
    WT_EQ_INT(H5Pget_layout(dcpl), H5D_CHUNKED);
    hsize_t chunk[3];
    WT_EQ_INT(H5Pget_chunk(dcpl, 3, chunk), 3);
    WT_CHECK(chunk[0] >= 1 && chunk[0] <= N_REP);
    WT_EQ_INT(chunk[1], N_YEAR);
    WT_EQ_INT(chunk[2], N_AREA);
    if (H5Zfilter_avail(H5Z_FILTER_DEFLATE) > 0) {
        WT_EQ_INT(H5Pget_nfilters(dcpl), 2);
        unsigned flags, cd[4];
        size_t ncd = 4;
        WT_EQ_INT(H5Pget_filter2(dcpl, 0, &flags, &ncd, cd, 0, NULL, NULL), H5Z_FILTER_SHUFFLE);
        ncd = 4;
        WT_EQ_INT(H5Pget_filter2(dcpl, 1, &flags, &ncd, cd, 0, NULL, NULL), H5Z_FILTER_DEFLATE);
        WT_EQ_INT(cd[0], 4);
    }
    check_attr_string(d, "units", ws_indicators[WS_IND_population].units);
    check_attr_string(d, "description", ws_indicators[WS_IND_population].description);
    check_attr_string(d, "domain", "demography");
    H5OK(H5Pclose(dcpl));
    H5OK(H5Dclose(d));

    hid_t g = H5Gopen2(file, "/scenarios/spread: 5 areas", H5P_DEFAULT);
    H5OK(g);
    check_attr_string(g, "description", "integrated package, EUR 150 mln per year");
    check_attr_string(g, "name", "spread: 5 areas");
    H5OK(H5Gclose(g));
    H5OK(H5Fclose(file));
    fixture_close(&f);
}

/* Every indicator's dataset and /summary group carry indicators.def's domain, label and
 * better (int8), beside units and description, in the baseline and in an option. */
WT_CASE(indicator_metadata)
{
    fixture f;
    hid_t file = open_written(&f, "metadata.h5", 2);
    static const char *const scen[2] = {"baseline", "spread: 5 areas"};
    for (int s = 0; s < 2; s++)
        for (int i = 0; i < WS_N_INDICATORS; i++) {
            char p[2][300];
            indicator_path(p[0], sizeof p[0], scen[s], i);
            snprintf(p[1], sizeof p[1], "/summary/%s/%s", scen[s], ws_indicators[i].name);
            for (int k = 0; k < 2; k++) {
                hid_t o = H5Oopen(file, p[k], H5P_DEFAULT);
                if (o < 0) WT_FAIL("%s missing", p[k]);
                check_attr_string(o, "units", ws_indicators[i].units);
                check_attr_string(o, "description", ws_indicators[i].description);
                check_attr_string(o, "domain", ws_indicators[i].domain);
                check_attr_string(o, "label", ws_indicators[i].label);
                WT_EQ_INT(attr_int(o, "better", 1), ws_indicators[i].better);
                H5OK(H5Oclose(o));
            }
        }
    /* the directions of indicators.def, as stored */
    hid_t d = H5Oopen(file, "/summary/baseline/safety_crime_per_1000", H5P_DEFAULT);
    H5OK(d);
    WT_EQ_INT(attr_int(d, "better", 1), -1);
    H5OK(H5Oclose(d));
    d = H5Oopen(file, "/summary/baseline/work_employment_rate", H5P_DEFAULT);
    H5OK(d);
    WT_EQ_INT(attr_int(d, "better", 1), 1);
    check_attr_string(d, "label", "Employment 18-66 (arbeidsparticipatie)");
    H5OK(H5Oclose(d));
    H5OK(H5Fclose(file));
    fixture_close(&f);
}

WT_CASE(root_attributes)
{
    fixture f;
    fixture_init(&f);
    char path[512];
    bin_path(path, sizeof path, "attrs.h5");
    WT_EQ_INT(write_fixture(path, &f, 2, NULL), 0);
    hid_t file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    H5OK(file);
    check_attr_string(file, "file_kind", "comparison");
    check_attr_string(file, "baseline", "baseline");
    check_attr_string(file, "wijksim_version", "0.1.0");
    check_attr_string(file, "git_revision", "abcdef123456-dirty");
    check_attr_string(file, "command_line", "wijksim run scenarios/test_h5.lua -t 2");
    check_attr_string(file, "created", "2026-01-02T03:04:05Z");
    check_attr_string(file, "finished", "2026-01-02T03:04:09Z");
    check_attr_string(file, "scenario_name", "baseline");
    check_attr_string(file, "scenario_sha256", f.s[0].sha256);
    check_attr_string(file, "scenario_file", "scenarios/test_h5.lua");
    check_attr_string(file, "area_file", "scenarios/areas/test.csv");
    WT_EQ_INT(attr_int(file, "threads", 4), 2);
    WT_EQ_INT(attr_int(file, "seed", 8), 4000000000LL);
    WT_EQ_INT(attr_int(file, "replications", 4), N_REP);
    WT_EQ_INT(attr_int(file, "start_year", 4), START_YEAR);
    WT_EQ_INT(attr_int(file, "years", 4), N_YEAR);
    WT_EQ_INT(attr_int(file, "file_format_version", 4), 1);
    double scale = 0;
    hid_t a = H5Aopen(file, "scale", H5P_DEFAULT);
    hid_t t = H5Aget_type(a);
    WT_CHECK(H5Tequal(t, H5T_IEEE_F64LE) > 0);
    H5OK(H5Aread(a, H5T_NATIVE_DOUBLE, &scale));
    WT_CHECK(scale == 0.1);
    H5OK(H5Tclose(t));
    H5OK(H5Aclose(a));

    a = H5Aopen(file, "indicators", H5P_DEFAULT);
    H5OK(a);
    size_t n;
    char **names = read_strings(a, true, &n);
    WT_EQ_INT(n, WS_N_INDICATORS);
    for (int i = 0; i < WS_N_INDICATORS; i++)
        WT_EQ_STR(names[i], ws_indicators[i].name);
    free_strings(names, n);
    H5OK(H5Aclose(a));
    a = H5Aopen(file, "scenarios", H5P_DEFAULT);
    names = read_strings(a, true, &n);
    WT_EQ_INT(n, 2);
    WT_EQ_STR(names[0], "baseline");
    WT_EQ_STR(names[1], "spread: 5 areas");
    free_strings(names, n);
    H5OK(H5Aclose(a));
    H5OK(H5Fclose(file));
    fixture_close(&f);
}

typedef struct param_read {
    char *name;
    double value, def;
    char *unit;
} param_read;

typedef struct area_read {
    char *id, *name;
    signed char in_2020;
    double residents;
    int file_index;
} area_read;

WT_CASE(input_tables)
{
    fixture f;
    fixture_init(&f);
    char path[512];
    bin_path(path, sizeof path, "input.h5");
    WT_EQ_INT(write_fixture(path, &f, 1, NULL), 0);
    hid_t file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    H5OK(file);

    /* the scenario source, byte for byte */
    hid_t d = H5Dopen2(file, "/input/scenario.lua", H5P_DEFAULT);
    H5OK(d);
    hid_t sp = H5Dget_space(d);
    WT_EQ_INT(H5Sget_simple_extent_type(sp), H5S_SCALAR);
    hid_t mt = wt_h5_vlstr();
    char *src = NULL;
    H5OK(H5Dread(d, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, &src));
    WT_EQ_INT(strlen(src), strlen(sample_source));
    WT_CHECK(memcmp(src, sample_source, strlen(sample_source)) == 0);
    H5OK(H5Dvlen_reclaim(mt, sp, H5P_DEFAULT, &src));
    WT_EQ_INT(attr_int(d, "bytes", 8), strlen(sample_source));
    check_attr_string(d, "encoding", "utf-8");
    check_attr_string(d, "sha256", f.s[0].sha256);
    H5OK(H5Sclose(sp));
    H5OK(H5Dclose(d));

    /* parameters: one row per ws_param_table entry, value from the scenario */
    d = H5Dopen2(file, "/input/parameters", H5P_DEFAULT);
    H5OK(d);
    sp = H5Dget_space(d);
    WT_EQ_INT(H5Sget_simple_extent_npoints(sp), ws_n_params);
    hid_t ct = H5Tcreate(H5T_COMPOUND, sizeof(param_read));
    H5OK(H5Tinsert(ct, "name", HOFFSET(param_read, name), mt));
    H5OK(H5Tinsert(ct, "value", HOFFSET(param_read, value), H5T_NATIVE_DOUBLE));
    H5OK(H5Tinsert(ct, "default", HOFFSET(param_read, def), H5T_NATIVE_DOUBLE));
    H5OK(H5Tinsert(ct, "unit", HOFFSET(param_read, unit), mt));
    param_read *pr = calloc((size_t)ws_n_params, sizeof *pr);
    H5OK(H5Dread(d, ct, H5S_ALL, H5S_ALL, H5P_DEFAULT, pr));
    for (int k = 0; k < ws_n_params; k++) {
        WT_EQ_STR(pr[k].name, ws_param_table[k].name);
        WT_CHECK(pr[k].value == ws_params_get(&f.s[0].params, k));
        WT_CHECK(pr[k].def == ws_param_table[k].def);
        WT_EQ_STR(pr[k].unit, ws_param_table[k].unit);
    }
    WT_CHECK(pr[0].value != pr[0].def); /* the fixture overrides parameter 0 */
    H5OK(H5Dvlen_reclaim(ct, sp, H5P_DEFAULT, pr));
    free(pr);
    H5OK(H5Tclose(ct));
    H5OK(H5Sclose(sp));
    H5OK(H5Dclose(d));

    /* areas in area_sel order */
    d = H5Dopen2(file, "/input/areas", H5P_DEFAULT);
    H5OK(d);
    sp = H5Dget_space(d);
    WT_EQ_INT(H5Sget_simple_extent_npoints(sp), N_AREA);
    ct = H5Tcreate(H5T_COMPOUND, sizeof(area_read));
    H5OK(H5Tinsert(ct, "id", HOFFSET(area_read, id), mt));
    H5OK(H5Tinsert(ct, "name", HOFFSET(area_read, name), mt));
    H5OK(H5Tinsert(ct, "in_2020_programme", HOFFSET(area_read, in_2020), H5T_NATIVE_SCHAR));
    H5OK(H5Tinsert(ct, "residents", HOFFSET(area_read, residents), H5T_NATIVE_DOUBLE));
    H5OK(H5Tinsert(ct, "file_index", HOFFSET(area_read, file_index), H5T_NATIVE_INT));
    area_read ar[N_AREA];
    H5OK(H5Dread(d, ct, H5S_ALL, H5S_ALL, H5P_DEFAULT, ar));
    for (int a = 0; a < N_AREA; a++) {
        const ws_area *want = &f.areas[f.sel[a]];
        WT_EQ_STR(ar[a].id, want->id);
        WT_EQ_STR(ar[a].name, want->name);
        WT_EQ_INT(ar[a].in_2020, want->in_2020 ? 1 : 0);
        WT_CHECK(ar[a].residents == want->residents);
        WT_EQ_INT(ar[a].file_index, f.sel[a]);
    }
    H5OK(H5Dvlen_reclaim(ct, sp, H5P_DEFAULT, ar));
    H5OK(H5Tclose(ct));
    H5OK(H5Sclose(sp));
    H5OK(H5Dclose(d));
    H5OK(H5Tclose(mt));
    H5OK(H5Fclose(file));
    fixture_close(&f);
}

WT_CASE(dimension_scales)
{
    fixture f;
    fixture_init(&f);
    char path[512];
    bin_path(path, sizeof path, "dims.h5");
    WT_EQ_INT(write_fixture(path, &f, 2, NULL), 0);
    hid_t file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    H5OK(file);
    static const char *const dim[3] = {"replication", "year", "area"};
    hid_t sc[3];
    for (int k = 0; k < 3; k++) {
        sc[k] = H5Dopen2(file, dim[k], H5P_DEFAULT);
        H5OK(sc[k]);
        WT_CHECK(H5DSis_scale(sc[k]) > 0);
        char name[64];
        WT_CHECK(H5DSget_scale_name(sc[k], name, sizeof name) > 0);
        WT_EQ_STR(name, dim[k]);
    }
    int ints[N_YEAR > N_REP ? N_YEAR : N_REP];
    H5OK(H5Dread(sc[0], H5T_NATIVE_INT, H5S_ALL, H5S_ALL, H5P_DEFAULT, ints));
    for (int r = 0; r < N_REP; r++)
        WT_EQ_INT(ints[r], r);
    H5OK(H5Dread(sc[1], H5T_NATIVE_INT, H5S_ALL, H5S_ALL, H5P_DEFAULT, ints));
    for (int y = 0; y < N_YEAR; y++)
        WT_EQ_INT(ints[y], START_YEAR + y);
    size_t n;
    char **names = read_strings(sc[2], false, &n);
    WT_EQ_INT(n, N_AREA);
    for (int a = 0; a < N_AREA; a++)
        WT_EQ_STR(names[a], f.areas[f.sel[a]].name);
    free_strings(names, n);
    hid_t ids = H5Aopen(sc[2], "ids", H5P_DEFAULT);
    H5OK(ids);
    names = read_strings(ids, true, &n);
    WT_EQ_INT(n, N_AREA);
    for (int a = 0; a < N_AREA; a++)
        WT_EQ_STR(names[a], f.areas[f.sel[a]].id);
    free_strings(names, n);
    H5OK(H5Aclose(ids));

    static const char *const scen[2] = {"baseline", "spread: 5 areas"};
    for (int s = 0; s < 2; s++)
        for (int i = 0; i < WS_N_INDICATORS; i++) {
            char p[256];
            indicator_path(p, sizeof p, scen[s], i);
            hid_t d = H5Dopen2(file, p, H5P_DEFAULT);
            H5OK(d);
            for (unsigned k = 0; k < 3; k++) {
                if (H5DSis_attached(d, sc[k], k) <= 0)
                    WT_FAIL("%s: scale %s not attached to dimension %u", p, dim[k], k);
                WT_EQ_INT(H5DSget_num_scales(d, k), 1);
                char label[64] = "";
                WT_CHECK(H5DSget_label(d, k, label, sizeof label) > 0);
                WT_EQ_STR(label, dim[k]);
            }
            H5OK(H5Dclose(d));
        }
    for (int k = 0; k < 3; k++)
        H5OK(H5Dclose(sc[k]));
    H5OK(H5Fclose(file));
    fixture_close(&f);
}

WT_CASE(tmp_removed)
{
    fixture f;
    fixture_init(&f);
    char path[512], tmp[600];
    bin_path(path, sizeof path, "tmpgone.h5");
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    unlink(path);
    WT_EQ_INT(write_fixture(path, &f, 1, NULL), 0);
    WT_CHECK(exists(path));
    WT_CHECK(!exists(tmp));
    WT_CHECK(H5Fis_hdf5(path) > 0);
    fixture_close(&f);
}

WT_CASE(missing_dir)
{
    fixture f;
    fixture_init(&f);
    char dir[512], path[600], tmp[700];
    bin_path(dir, sizeof dir, "no_such_dir");
    rmdir(dir);
    WT_CHECK(!exists(dir));
    snprintf(path, sizeof path, "%s/run.h5", dir);
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    id_counts before = count_ids();
    ws_error e = {0};
    WT_EQ_INT(write_fixture(path, &f, 2, &e), WS_EIO);
    WT_EQ_INT(e.code, WS_EIO);
    WT_EQ_STR(e.file, path);
    WT_CHECK(strstr(e.msg, "temporary file") != NULL);
    WT_CHECK(strstr(e.msg, tmp) != NULL);
    char buf[2048];
    printf("message: %s\n", ws_error_format(&e, buf, sizeof buf));
    WT_CHECK(!exists(path));
    WT_CHECK(!exists(tmp));
    WT_CHECK(!exists(dir));
    check_same_ids(before, count_ids());
    fixture_close(&f);
}

WT_CASE(replace_existing)
{
    fixture f;
    fixture_init(&f);
    char path[512], tmp[600];
    bin_path(path, sizeof path, "replace.h5");
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    write_text(path, "an old file that is not HDF5\n");
    WT_EQ_INT(write_fixture(path, &f, 1, NULL), 0);
    WT_CHECK(H5Fis_hdf5(path) > 0);
    WT_CHECK(!exists(tmp));
    /* a second write with other values replaces the first */
    for (size_t k = 0; k < (size_t)WS_N_INDICATORS * N_REP * N_YEAR * N_AREA; k++)
        f.r[0].data[k] += 1;
    WT_EQ_INT(write_fixture(path, &f, 1, NULL), 0);
    WT_CHECK(!exists(tmp));
    hid_t file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    H5OK(file);
    check_values(file, "baseline", 0, 1);
    H5OK(H5Fclose(file));
    fixture_close(&f);
}

/* A failure after the temporary file was written (rename onto a non-empty directory): the
 * temporary file goes, the target stays as it was. */
WT_CASE(failed_rename)
{
    fixture f;
    fixture_init(&f);
    char path[512], tmp[600], inner[600];
    bin_path(path, sizeof path, "rename_target.h5");
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    snprintf(inner, sizeof inner, "%s/keep.txt", path);
    WT_CHECK(mkdir(path, 0755) == 0 || errno == EEXIST);
    write_text(inner, "keep me\n");
    id_counts before = count_ids();
    ws_error e = {0};
    WT_EQ_INT(write_fixture(path, &f, 2, &e), WS_EIO);
    WT_CHECK(strstr(e.msg, "renaming") != NULL);
    WT_CHECK(!exists(tmp));
    char *kept = slurp_file(inner);
    WT_EQ_STR(kept, "keep me\n");
    free(kept);
    check_same_ids(before, count_ids());
    unlink(inner);
    rmdir(path);
    fixture_close(&f);
}

/* The disk fills up in the middle of writing (a file size limit makes write() fail with
 * EFBIG): the error names the file, the temporary file goes, the old file stays. */
WT_CASE(disk_full)
{
    fixture f;
    fixture_init(&f);
    char path[512], tmp[600];
    bin_path(path, sizeof path, "disk_full.h5");
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    write_text(path, "old contents\n");
    id_counts before = count_ids();
    signal(SIGXFSZ, SIG_IGN);
    struct rlimit lim;
    WT_EQ_INT(getrlimit(RLIMIT_FSIZE, &lim), 0);
    struct rlimit small = {40000, lim.rlim_max};
    WT_EQ_INT(setrlimit(RLIMIT_FSIZE, &small), 0);
    ws_error e = {0};
    int rc = write_fixture(path, &f, 2, &e);
    WT_EQ_INT(setrlimit(RLIMIT_FSIZE, &lim), 0);
    char buf[2048];
    printf("disk full: %d %s\n", rc, ws_error_format(&e, buf, sizeof buf));
    WT_EQ_INT(rc, WS_EIO);
    WT_EQ_STR(e.file, path);
    WT_CHECK(!exists(tmp));
    char *kept = slurp_file(path);
    WT_EQ_STR(kept, "old contents\n");
    free(kept);
    check_same_ids(before, count_ids());
    /* the library is still usable afterwards */
    WT_EQ_INT(write_fixture(path, &f, 2, NULL), 0);
    WT_CHECK(H5Fis_hdf5(path) > 0);
    fixture_close(&f);
}

/* The temporary name is taken by a directory: nothing is written, nothing is removed. */
WT_CASE(tmp_blocked)
{
    fixture f;
    fixture_init(&f);
    char path[512], tmp[600];
    bin_path(path, sizeof path, "blocked.h5");
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    write_text(path, "old contents\n");
    WT_CHECK(mkdir(tmp, 0755) == 0 || errno == EEXIST);
    ws_error e = {0};
    WT_EQ_INT(write_fixture(path, &f, 1, &e), WS_EIO);
    char *kept = slurp_file(path);
    WT_EQ_STR(kept, "old contents\n");
    free(kept);
    struct stat st;
    WT_CHECK(stat(tmp, &st) == 0 && S_ISDIR(st.st_mode));
    rmdir(tmp);
    unlink(path);
    fixture_close(&f);
}

WT_CASE(bad_arguments)
{
    fixture f;
    fixture_init(&f);
    char path[512], tmp[600];
    bin_path(path, sizeof path, "bad_args.h5");
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    unlink(path);
    ws_error e = {0};
    /* results shape does not match the scenario */
    f.r[1].n_year = N_YEAR - 1;
    WT_EQ_INT(write_fixture(path, &f, 2, &e), WS_ERUNTIME);
    WT_CHECK(strstr(e.msg, "spread: 5 areas") != NULL);
    f.r[1].n_year = N_YEAR;
    /* two scenarios with one name */
    snprintf(f.s[1].name, sizeof f.s[1].name, "baseline");
    WT_EQ_INT(write_fixture(path, &f, 2, &e), WS_ERUNTIME);
    WT_CHECK(strstr(e.msg, "unique") != NULL);
    /* no scenarios, no path */
    WT_EQ_INT(ws_h5_write_run(path, &f.meta, 0, f.sp, f.rp, &e), WS_ERUNTIME);
    WT_EQ_INT(ws_h5_write_run(NULL, &f.meta, 1, f.sp, f.rp, &e), WS_EIO);
    WT_CHECK(!exists(path));
    WT_CHECK(!exists(tmp));
    /* no metadata is allowed: empty strings */
    WT_EQ_INT(ws_h5_write_run(path, NULL, 1, f.sp, f.rp, &e), 0);
    unlink(path);
    fixture_close(&f);
}

/* Names that are not valid link names or not UTF-8 are stored under a safe link name; the
 * attribute `name` keeps the original (repaired to UTF-8). */
WT_CASE(odd_names)
{
    fixture f;
    fixture_init(&f);
    char path[512];
    bin_path(path, sizeof path, "odd_names.h5");
    snprintf(f.s[0].name, sizeof f.s[0].name, "spread/concentrate");
    snprintf(f.s[1].name, sizeof f.s[1].name, "caf\xE9"); /* Latin-1, invalid UTF-8 */
    snprintf(f.areas[2].name, sizeof f.areas[2].name, "Delft \xE9 West");
    WT_EQ_INT(write_fixture(path, &f, 2, NULL), 0);
    hid_t file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    H5OK(file);
    hid_t g = H5Gopen2(file, "/scenarios/spread_concentrate", H5P_DEFAULT);
    H5OK(g);
    check_attr_string(g, "name", "spread/concentrate");
    H5OK(H5Gclose(g));
    g = H5Gopen2(file, "/scenarios/caf_", H5P_DEFAULT);
    H5OK(g);
    check_attr_string(g, "name", "caf\xEF\xBF\xBD");
    H5OK(H5Gclose(g));
    check_values(file, "spread_concentrate", 0, 0);
    hid_t d = H5Dopen2(file, "/area", H5P_DEFAULT);
    size_t n;
    char **names = read_strings(d, false, &n);
    WT_EQ_STR(names[0], "Delft \xEF\xBF\xBD West");
    free_strings(names, n);
    H5OK(H5Dclose(d));
    H5OK(H5Fclose(file));
    fixture_close(&f);
}

/* model.h allows results with more replications than the scenario: only the scenario's
 * replications are stored. */
WT_CASE(spare_replications)
{
    fixture f;
    fixture_init(&f);
    ws_results_close(&f.r[0]);
    WT_EQ_INT(ws_results_init(&f.r[0], N_REP + 2, N_YEAR, N_AREA, START_YEAR, NULL), 0);
    for (int i = 0; i < WS_N_INDICATORS; i++)
        for (int r = 0; r < N_REP + 2; r++)
            for (int y = 0; y < N_YEAR; y++)
                for (int a = 0; a < N_AREA; a++)
                    *ws_results_at(&f.r[0], i, r, y, a) = pattern(i, r, y, a, 0);
    char path[512];
    bin_path(path, sizeof path, "spare.h5");
    WT_EQ_INT(write_fixture(path, &f, 2, NULL), 0);
    hid_t file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    H5OK(file);
    check_values(file, "baseline", 0, 0);
    check_values(file, "spread: 5 areas", 1, 0);
    H5OK(H5Fclose(file));
    fixture_close(&f);
}

/* Sources that are not UTF-8 text still come back byte for byte: a Latin-1 source as an ASCII
 * (byte) string, a source with a NUL byte as 1-D uint8. */
WT_CASE(odd_sources)
{
    fixture f;
    fixture_init(&f);
    char path[512];
    bin_path(path, sizeof path, "odd_sources.h5");
    char latin1[] = "-- caf\xE9\nreturn {}\n";
    f.s[0].source = latin1;
    f.s[0].source_len = strlen(latin1);
    WT_EQ_INT(write_fixture(path, &f, 1, NULL), 0);
    hid_t file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    hid_t d = H5Dopen2(file, "/input/scenario.lua", H5P_DEFAULT);
    H5OK(d);
    hid_t ft = H5Dget_type(d);
    WT_EQ_INT(H5Tget_cset(ft), H5T_CSET_ASCII);
    char *src = NULL;
    H5OK(H5Dread(d, ft, H5S_ALL, H5S_ALL, H5P_DEFAULT, &src));
    WT_EQ_STR(src, latin1);
    H5OK(H5free_memory(src));
    check_attr_string(d, "encoding", "bytes");
    H5OK(H5Tclose(ft));
    H5OK(H5Dclose(d));
    H5OK(H5Fclose(file));

    char with_nul[] = "return {}\0-- after a NUL\n";
    size_t n = sizeof with_nul - 1;
    f.s[0].source = with_nul;
    f.s[0].source_len = n;
    WT_EQ_INT(write_fixture(path, &f, 1, NULL), 0);
    file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    d = H5Dopen2(file, "/input/scenario.lua", H5P_DEFAULT);
    H5OK(d);
    ft = H5Dget_type(d);
    WT_CHECK(H5Tequal(ft, H5T_STD_U8LE) > 0);
    hid_t sp = H5Dget_space(d);
    WT_EQ_INT(H5Sget_simple_extent_npoints(sp), n);
    unsigned char got[sizeof with_nul];
    H5OK(H5Dread(d, H5T_NATIVE_UCHAR, H5S_ALL, H5S_ALL, H5P_DEFAULT, got));
    WT_CHECK(memcmp(got, with_nul, n) == 0);
    check_attr_string(d, "encoding", "uint8");
    WT_EQ_INT(attr_int(d, "bytes", 8), n);
    H5OK(H5Sclose(sp));
    H5OK(H5Tclose(ft));
    H5OK(H5Dclose(d));
    H5OK(H5Fclose(file));
    fixture_close(&f);
}

/* Raw (filtered) bytes of every chunk of dataset p in two files must be identical. */
static void check_same_chunks(hid_t fa, hid_t fb, const char *p)
{
    hid_t da = H5Dopen2(fa, p, H5P_DEFAULT), db = H5Dopen2(fb, p, H5P_DEFAULT);
    H5OK(da);
    H5OK(db);
    hid_t pa = H5Dget_create_plist(da);
    hsize_t chunk[3];
    WT_EQ_INT(H5Pget_chunk(pa, 3, chunk), 3);
    for (hsize_t r0 = 0; r0 < N_REP; r0 += chunk[0]) {
        hsize_t off[3] = {r0, 0, 0}, sa = 0, sb = 0;
        H5OK(H5Dget_chunk_storage_size(da, off, &sa));
        H5OK(H5Dget_chunk_storage_size(db, off, &sb));
        WT_EQ_INT(sa, sb);
        WT_CHECK(sa > 0);
        char *ba = malloc(sa), *bb = malloc(sb);
        uint32_t ma = 0, mb = 0;
        H5OK(H5Dread_chunk(da, H5P_DEFAULT, off, &ma, ba));
        H5OK(H5Dread_chunk(db, H5P_DEFAULT, off, &mb, bb));
        WT_EQ_INT(ma, mb);
        if (memcmp(ba, bb, sa) != 0)
            WT_FAIL("%s: chunk at replication %llu differs", p, (unsigned long long)r0);
        free(ba);
        free(bb);
    }
    H5OK(H5Pclose(pa));
    H5OK(H5Dclose(da));
    H5OK(H5Dclose(db));
}

WT_CASE(deterministic)
{
    fixture f;
    fixture_init(&f);
    char pa[512], pb[512];
    bin_path(pa, sizeof pa, "det_a.h5");
    bin_path(pb, sizeof pb, "det_b.h5");
    WT_EQ_INT(write_fixture(pa, &f, 2, NULL), 0);
    /* the same inputs a second later: the whole file is the same, byte for byte (no object
     * timestamps anywhere) */
    sleep(1);
    WT_EQ_INT(write_fixture(pb, &f, 2, NULL), 0);
    char *ta = NULL, *tb = NULL;
    size_t na = 0, nb = 0;
    FILE *fp = fopen(pa, "rb");
    WT_CHECK(fp);
    ta = slurp(fp, &na);
    fclose(fp);
    fp = fopen(pb, "rb");
    WT_CHECK(fp);
    tb = slurp(fp, &nb);
    fclose(fp);
    WT_EQ_INT(na, nb);
    WT_CHECK(memcmp(ta, tb, na) == 0);
    free(ta);
    free(tb);
    /* other metadata (start time, command line, threads): the same dataset bytes */
    snprintf(f.meta.created, sizeof f.meta.created, "2030-12-31T23:59:59Z");
    snprintf(f.meta.command_line, sizeof f.meta.command_line, "wijksim run -t 7");
    f.meta.threads = 7;
    WT_EQ_INT(write_fixture(pb, &f, 2, NULL), 0);
    hid_t fa = H5Fopen(pa, H5F_ACC_RDONLY, H5P_DEFAULT),
          fb = H5Fopen(pb, H5F_ACC_RDONLY, H5P_DEFAULT);
    H5OK(fa);
    H5OK(fb);
    static const char *const scen[2] = {"baseline", "spread: 5 areas"};
    for (int s = 0; s < 2; s++)
        for (int i = 0; i < WS_N_INDICATORS; i++) {
            char p[256];
            indicator_path(p, sizeof p, scen[s], i);
            check_same_chunks(fa, fb, p);
        }
    static const char *const dim[2] = {"/replication", "/year"};
    for (int k = 0; k < 2; k++) {
        int a[8] = {0}, b[8] = {0};
        hid_t d = H5Dopen2(fa, dim[k], H5P_DEFAULT);
        H5OK(H5Dread(d, H5T_NATIVE_INT, H5S_ALL, H5S_ALL, H5P_DEFAULT, a));
        H5OK(H5Dclose(d));
        d = H5Dopen2(fb, dim[k], H5P_DEFAULT);
        H5OK(H5Dread(d, H5T_NATIVE_INT, H5S_ALL, H5S_ALL, H5P_DEFAULT, b));
        H5OK(H5Dclose(d));
        WT_CHECK(memcmp(a, b, sizeof a) == 0);
    }
    H5OK(H5Fclose(fa));
    H5OK(H5Fclose(fb));
    fixture_close(&f);
}

WT_CASE(no_leaks)
{
    fixture f;
    fixture_init(&f);
    char path[512], bad[600];
    bin_path(path, sizeof path, "leaks.h5");
    bin_path(bad, sizeof bad, "no_such_dir_2/x.h5");
    FILE *sink = tmpfile();
    WT_CHECK(sink);
    /* warm up: the library registers some ids lazily on first use */
    WT_EQ_INT(write_fixture(path, &f, 2, NULL), 0);
    WT_EQ_INT(ws_h5_info(path, sink, NULL), 0);
    id_counts before = count_ids();
    WT_EQ_INT(before.objects, 0);
    for (int k = 0; k < 3; k++) {
        WT_EQ_INT(write_fixture(path, &f, 2, NULL), 0);
        WT_EQ_INT(write_fixture(bad, &f, 2, NULL), WS_EIO);
        WT_EQ_INT(ws_h5_info(path, sink, NULL), 0);
        WT_EQ_INT(ws_h5_info(bad, sink, NULL), WS_EIO);
        WT_EQ_INT(ws_h5_info(WS_SRC_DIR "/tests/test_h5.c", sink, NULL), WS_EIO);
    }
    check_same_ids(before, count_ids());
    WT_EQ_INT(H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_ALL), 0);
    fclose(sink);
    fixture_close(&f);
}

WT_CASE(info_prints)
{
    fixture f;
    fixture_init(&f);
    char path[512];
    bin_path(path, sizeof path, "info.h5");
    WT_EQ_INT(write_fixture(path, &f, 2, NULL), 0);
    FILE *out = tmpfile();
    WT_CHECK(out);
    ws_error e = {0};
    WT_EQ_INT(ws_h5_info(path, out, &e), 0);
    char *text = slurp(out, NULL);
    fclose(out);
    fputs(text, stdout);
    for (int i = 0; i < WS_N_INDICATORS; i++)
        if (!strstr(text, ws_indicators[i].name))
            WT_FAIL("indicator %s not in the description", ws_indicators[i].name);
    static const char *const want[] = {
        "file_kind",           "run",        "baseline",           "spread: 5 areas",
        "no extra Rijksinzet", "mean 2026",  "mean 2029",          "replication",
        "Delft West",          "4000000000", "abcdef123456-dirty", "3x4x3"};
    for (size_t k = 0; k < sizeof want / sizeof want[0]; k++)
        if (!strstr(text, want[k])) WT_FAIL("'%s' not in the description", want[k]);
    /* population: mean over r (0..2) and a (0..2) of r*1e4 + y*100 + a, first and last year */
    const char *line = strstr(text, "\n  population ");
    WT_CHECK(line);
    const char *eol = strchr(line + 1, '\n');
    char row[512];
    snprintf(row, sizeof row, "%.*s", (int)(eol - line - 1), line + 1);
    WT_CHECK(strstr(row, " 10001") != NULL);
    WT_CHECK(strstr(row, " 10301") != NULL);
    free(text);
    fixture_close(&f);
}

WT_CASE(info_not_hdf5)
{
    char path[512];
    bin_path(path, sizeof path, "not_hdf5.h5");
    write_text(path, "this is text, not HDF5\n");
    FILE *out = tmpfile();
    ws_error e = {0};
    WT_EQ_INT(ws_h5_info(path, out, &e), WS_EIO);
    WT_EQ_STR(e.file, path);
    WT_CHECK(strstr(e.msg, "not an HDF5 file") != NULL);
    bin_path(path, sizeof path, "does_not_exist.h5");
    unlink(path);
    WT_EQ_INT(ws_h5_info(path, out, &e), WS_EIO);
    WT_CHECK(strstr(e.msg, "No such file") != NULL);
    WT_EQ_INT(ws_h5_info(WS_BIN_DIR, out, &e), WS_EIO);
    /* a truncated results file */
    fixture f;
    fixture_init(&f);
    char whole[512];
    bin_path(whole, sizeof whole, "to_truncate.h5");
    WT_EQ_INT(write_fixture(whole, &f, 1, NULL), 0);
    WT_EQ_INT(truncate(whole, 4000), 0);
    WT_EQ_INT(ws_h5_info(whole, out, &e), WS_EIO);
    char buf[2048];
    printf("truncated: %s\n", ws_error_format(&e, buf, sizeof buf));
    WT_EQ_INT(ftell(out), 0); /* nothing printed on failure */
    fclose(out);
    WT_EQ_INT(H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_ALL), 0);
    fixture_close(&f);
}

static void make_plain_h5(const char *path, bool with_kind)
{
    hid_t file = H5Fcreate(path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    H5OK(file);
    hid_t g = H5Gcreate2(file, "something", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    H5OK(g);
    H5OK(H5Gclose(g));
    if (with_kind) {
        hid_t t = wt_h5_vlstr(), sp = H5Screate(H5S_SCALAR);
        hid_t a = H5Acreate2(file, "file_kind", t, sp, H5P_DEFAULT, H5P_DEFAULT);
        const char *v = "run";
        H5OK(H5Awrite(a, t, &v));
        H5OK(H5Aclose(a));
        H5OK(H5Sclose(sp));
        H5OK(H5Tclose(t));
    }
    H5OK(H5Fclose(file));
}

WT_CASE(info_not_wijksim)
{
    char path[512];
    FILE *out = tmpfile();
    ws_error e = {0};
    bin_path(path, sizeof path, "plain.h5");
    make_plain_h5(path, false);
    WT_EQ_INT(ws_h5_info(path, out, &e), WS_EINPUT);
    WT_CHECK(strstr(e.msg, "file_kind") != NULL);
    bin_path(path, sizeof path, "kind_only.h5");
    make_plain_h5(path, true);
    WT_EQ_INT(ws_h5_info(path, out, &e), WS_EINPUT);
    WT_CHECK(strstr(e.msg, "missing") != NULL);
    char buf[2048];
    printf("kind only: %s\n", ws_error_format(&e, buf, sizeof buf));
    /* a results file whose scenario lost its indicators group */
    fixture f;
    fixture_init(&f);
    bin_path(path, sizeof path, "no_indicators.h5");
    WT_EQ_INT(write_fixture(path, &f, 1, NULL), 0);
    hid_t file = H5Fopen(path, H5F_ACC_RDWR, H5P_DEFAULT);
    H5OK(file);
    H5OK(H5Ldelete(file, "/scenarios/baseline/indicators", H5P_DEFAULT));
    H5OK(H5Fclose(file));
    WT_EQ_INT(ws_h5_info(path, out, &e), WS_EINPUT);
    WT_CHECK(strstr(e.msg, "indicators") != NULL);
    printf("no indicators: %s\n", ws_error_format(&e, buf, sizeof buf));
    WT_EQ_INT(ftell(out), 0);
    fclose(out);
    fixture_close(&f);
}

/* Reads the float64 dataset p of n values into buf (shape checked by the caller's n). */
static void read_doubles(hid_t file, const char *p, double *buf, size_t n)
{
    hid_t d = H5Dopen2(file, p, H5P_DEFAULT);
    if (d < 0) WT_FAIL("dataset %s missing", p);
    hid_t sp = H5Dget_space(d);
    WT_EQ_INT(H5Sget_simple_extent_npoints(sp), n);
    H5OK(H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf));
    H5OK(H5Sclose(sp));
    H5OK(H5Dclose(d));
}

/* A comparison with interventions: the intervention outputs, spend, the payer and
 * intervention scales, the definitions and package tables, and the summaries come back. */
WT_CASE(interventions_roundtrip)
{
    fixture f;
    fixture_init(&f);
    char path[512];
    bin_path(path, sizeof path, "iv.h5");
    ws_error e = {0};
    WT_EQ_INT(write_fixture(path, &f, 2, &e), 0);
    hid_t file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    H5OK(file);
    const char *g = "/scenarios/spread: 5 areas/interventions";
    char p[300];
    double buf[N_REP * N_YEAR * N_AREA * N_IV * WS_PAY_N];
    static const char *const outs[WS_IVO_N] = {"participants", "active",  "waiting",
                                               "places",       "planned", "turned_away"};
    for (int k = 0; k < WS_IVO_N; k++) {
        snprintf(p, sizeof p, "%s/%s", g, outs[k]);
        read_doubles(file, p, buf, N_REP * N_YEAR * N_AREA * N_IV);
        for (int r = 0; r < N_REP; r++)
            for (int y = 0; y < N_YEAR; y++)
                for (int a = 0; a < N_AREA; a++)
                    for (int v = 0; v < N_IV; v++)
                        WT_NEAR(buf[((r * N_YEAR + y) * N_AREA + a) * N_IV + v],
                                iv_pattern(k, r, y, a, v), 0);
    }
    snprintf(p, sizeof p, "%s/spend", g);
    read_doubles(file, p, buf, N_REP * N_YEAR * N_AREA * N_IV * WS_PAY_N);
    WT_NEAR(buf[((((2 * N_YEAR + 3) * N_AREA + 1) * N_IV + 1) * WS_PAY_N) + 3],
            iv_pattern(WS_IVO_N + 3, 2, 3, 1, 1), 0);
    /* dimension scales of spend: replication, year, area, intervention, payer */
    hid_t d = H5Dopen2(file, p, H5P_DEFAULT);
    H5OK(d);
    static const char *const lab[5] = {"replication", "year", "area", "intervention", "payer"};
    for (unsigned k = 0; k < 5; k++) {
        char label[64] = "";
        WT_CHECK(H5DSget_label(d, k, label, sizeof label) > 0);
        WT_EQ_STR(label, lab[k]);
        WT_EQ_INT(H5DSget_num_scales(d, k), 1);
    }
    hid_t sc = H5Dopen2(file, "/payer", H5P_DEFAULT);
    H5OK(sc);
    WT_CHECK(H5DSis_attached(d, sc, 4) > 0);
    size_t n;
    char **names = read_strings(sc, false, &n);
    WT_EQ_INT(n, WS_PAY_N);
    WT_EQ_STR(names[0], "rijk");
    WT_EQ_STR(names[3], "other");
    free_strings(names, n);
    H5OK(H5Dclose(sc));
    snprintf(p, sizeof p, "%s/intervention", g);
    sc = H5Dopen2(file, p, H5P_DEFAULT);
    H5OK(sc);
    WT_CHECK(H5DSis_attached(d, sc, 3) > 0);
    names = read_strings(sc, false, &n);
    WT_EQ_INT(n, N_IV);
    WT_EQ_STR(names[0], "debt_counselling");
    WT_EQ_STR(names[1], "hotspot_policing");
    free_strings(names, n);
    H5OK(H5Dclose(sc));
    H5OK(H5Dclose(d));
    /* the definitions table: read name, kind, target, payer and one number by name */
    typedef struct {
        char *name, *kind, *target, *payer, *package;
        double share_rijk, places;
        int end_year;
    } def_read;
    hid_t st = wt_h5_vlstr(), mt = H5Tcreate(H5T_COMPOUND, sizeof(def_read));
    H5OK(H5Tinsert(mt, "name", HOFFSET(def_read, name), st));
    H5OK(H5Tinsert(mt, "kind", HOFFSET(def_read, kind), st));
    H5OK(H5Tinsert(mt, "target", HOFFSET(def_read, target), st));
    H5OK(H5Tinsert(mt, "payer", HOFFSET(def_read, payer), st));
    H5OK(H5Tinsert(mt, "package", HOFFSET(def_read, package), st));
    H5OK(H5Tinsert(mt, "share_rijk", HOFFSET(def_read, share_rijk), H5T_NATIVE_DOUBLE));
    H5OK(H5Tinsert(mt, "places_per_year", HOFFSET(def_read, places), H5T_NATIVE_DOUBLE));
    H5OK(H5Tinsert(mt, "end_year", HOFFSET(def_read, end_year), H5T_NATIVE_INT));
    snprintf(p, sizeof p, "%s/definitions", g);
    d = H5Dopen2(file, p, H5P_DEFAULT);
    H5OK(d);
    def_read rows[N_IV];
    H5OK(H5Dread(d, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, rows));
    WT_EQ_STR(rows[0].name, "debt_counselling");
    WT_EQ_STR(rows[0].kind, "person");
    WT_EQ_STR(rows[0].target, "debt_exit");
    WT_EQ_STR(rows[0].payer, "rijk");
    WT_EQ_STR(rows[0].package, "integrated");
    WT_NEAR(rows[0].share_rijk, 0.7, 0);
    WT_NEAR(rows[0].places, 400, 0);
    WT_EQ_INT(rows[0].end_year, 2035);
    WT_EQ_STR(rows[1].kind, "place");
    WT_EQ_STR(rows[1].target, "police");
    WT_EQ_STR(rows[1].payer, "other");
    WT_EQ_STR(rows[1].package, "");
    WT_NEAR(rows[1].share_rijk, 0, 0);
    hid_t sp = H5Dget_space(d);
    H5OK(H5Dvlen_reclaim(mt, sp, H5P_DEFAULT, rows));
    H5OK(H5Sclose(sp));
    H5OK(H5Dclose(d));
    H5OK(H5Tclose(mt));
    H5OK(H5Tclose(st));
    WT_CHECK(H5Lexists(file, "/scenarios/spread: 5 areas/packages", H5P_DEFAULT) > 0);
    WT_CHECK(H5Lexists(file, "/scenarios/baseline/interventions", H5P_DEFAULT) == 0);
    /* summaries: mean over r = 0..2 of pattern = i*1e6 + 1e4 + y*100 + a (+ 0.25 option) */
    double grid[N_YEAR * (N_AREA + 1)];
    read_doubles(file, "/summary/baseline/work_employment_rate/mean", grid, N_YEAR * (N_AREA + 1));
    for (int y = 0; y < N_YEAR; y++)
        for (int a = 0; a < N_AREA; a++)
            WT_NEAR(grid[y * (N_AREA + 1) + a],
                    WS_IND_work_employment_rate * 1e6 + 1e4 + y * 100 + a, 1e-6);
    read_doubles(file, "/summary/spread: 5 areas/work_employment_rate/diff_p95", grid,
                 N_YEAR * (N_AREA + 1));
    for (int k = 0; k < N_YEAR * (N_AREA + 1); k++)
        WT_NEAR(grid[k], 0.25, 1e-6);
    WT_CHECK(H5Lexists(file, "/summary/baseline/population/diff_mean", H5P_DEFAULT) == 0);
    WT_CHECK(H5Lexists(file, "/summary/spread: 5 areas/cost_effectiveness", H5P_DEFAULT) > 0);
    d = H5Dopen2(file, "/summary/spread: 5 areas/population/p50", H5P_DEFAULT);
    H5OK(d);
    sc = H5Dopen2(file, "/summary/area", H5P_DEFAULT);
    H5OK(sc);
    WT_CHECK(H5DSis_attached(d, sc, 1) > 0);
    names = read_strings(sc, false, &n);
    WT_EQ_INT(n, N_AREA + 1);
    WT_EQ_STR(names[N_AREA], "all areas");
    free_strings(names, n);
    H5OK(H5Dclose(sc));
    H5OK(H5Dclose(d));
    H5OK(H5Fclose(file));
    /* the board table prints the option and every headline */
    FILE *out = tmpfile();
    WT_EQ_INT(ws_h5_summary(path, NULL, out, &e), 0);
    char *text = slurp(out, NULL);
    fclose(out);
    fputs(text, stdout);
    WT_CHECK(strstr(text, "option \"spread: 5 areas\" vs baseline \"baseline\"") != NULL);
    WT_CHECK(strstr(text, "work_problem_debt_households") != NULL);
    free(text);
    /* a year or area not in the file is bad input */
    ws_h5_summary_opts o = {0};
    o.n_years = 1;
    o.years[0] = 1999;
    out = tmpfile();
    WT_EQ_INT(ws_h5_summary(path, &o, out, &e), WS_EINPUT);
    WT_CHECK(strstr(e.msg, "1999") != NULL);
    o.n_years = 0;
    o.area = "atlantis";
    WT_EQ_INT(ws_h5_summary(path, &o, out, &e), WS_EINPUT);
    WT_CHECK(strstr(e.msg, "atlantis") != NULL);
    o.area = "sudwest_oost";
    WT_EQ_INT(ws_h5_summary(path, &o, out, &e), 0);
    WT_CHECK(ftell(out) > 0);
    fclose(out);
    WT_EQ_INT(H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_ALL), 0);
    fixture_close(&f);
}

/* Results without the outputs of the scenario's interventions are refused. */
WT_CASE(interventions_missing)
{
    fixture f;
    fixture_init(&f);
    char path[512];
    bin_path(path, sizeof path, "iv_missing.h5");
    unlink(path);
    f.s[0].policy = f.s[1].policy; /* the baseline claims interventions its results lack */
    ws_error e = {0};
    WT_EQ_INT(write_fixture(path, &f, 2, &e), WS_ERUNTIME);
    WT_CHECK(strstr(e.msg, "interventions") != NULL);
    WT_CHECK(!exists(path));
    fixture_close(&f);
}

/* Writes the sample files the script tests read (h5.cmake: fixture h5_sample):
 * h5_sample.h5 with its source h5_sample.lua, h5_sample_again.h5 (the same data written
 * again) and h5_sample_changed.h5 (one value differs). */
WT_CASE(write_sample)
{
    fixture f;
    fixture_init(&f);
    write_text(WS_BIN_DIR "/h5_sample.lua", sample_source);
    WT_EQ_INT(write_fixture(WS_BIN_DIR "/h5_sample.h5", &f, 2, NULL), 0);
    snprintf(f.meta.created, sizeof f.meta.created, "2026-01-02T03:05:00Z");
    WT_EQ_INT(write_fixture(WS_BIN_DIR "/h5_sample_again.h5", &f, 2, NULL), 0);
    double *v = ws_results_at(&f.r[1], WS_IND_safety_feel_unsafe, 2, 1, 0);
    *v = nextafter(*v, INFINITY); /* one ulp */
    WT_EQ_INT(write_fixture(WS_BIN_DIR "/h5_sample_changed.h5", &f, 2, NULL), 0);
    fixture_close(&f);
}

WT_MAIN(WT_REG(write_values), WT_REG(indicator_metadata), WT_REG(root_attributes),
        WT_REG(input_tables), WT_REG(dimension_scales), WT_REG(tmp_removed), WT_REG(missing_dir),
        WT_REG(replace_existing), WT_REG(failed_rename), WT_REG(disk_full), WT_REG(tmp_blocked),
        WT_REG(bad_arguments), WT_REG(odd_names), WT_REG(spare_replications), WT_REG(odd_sources),
        WT_REG(deterministic), WT_REG(no_leaks), WT_REG(info_prints), WT_REG(info_not_hdf5),
        WT_REG(info_not_wijksim), WT_REG(interventions_roundtrip), WT_REG(interventions_missing),
        WT_REG(write_sample))
