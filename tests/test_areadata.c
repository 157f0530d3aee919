/* test_areadata.c: the area-data reader (sim/base/areadata.c) and the shipped NPLV 2022 area file.
 *
 * Shipped-file cases check the real CBS totals and that resident-weighted means of the derived
 * columns land within stated bands of the NPLV-level figures in scenarios/areas/SOURCES.md.
 * Bad-input cases each write one small CSV into a fresh mkdtemp directory and check the code,
 * the line, the key and that the table is left empty. Random inputs use fixed seeds.
 */
#include "wt.h"
#include "wijksim/area.h"

#include <stdint.h>
#include <unistd.h>

#define SHIPPED WS_SRC_DIR "/scenarios/areas/nplv2022.csv"

/* Helpers: temporary files, generated CSVs, expected errors. */

typedef struct tmpdir {
    char dir[256];
    char path[320];
} tmpdir;

static void tmp_open(tmpdir *d)
{
    snprintf(d->dir, sizeof d->dir, "/tmp/wijksim_areadata_XXXXXX");
    if (!mkdtemp(d->dir)) WT_FAIL("mkdtemp failed");
    snprintf(d->path, sizeof d->path, "%s/areas.csv", d->dir);
}

static void tmp_close(tmpdir *d)
{
    remove(d->path);
    rmdir(d->dir);
}

static void write_bytes(const char *path, const char *text, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f) WT_FAIL("cannot write %s", path);
    if (n && fwrite(text, 1, n, f) != n) WT_FAIL("short write to %s", path);
    fclose(f);
}

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) WT_FAIL("cannot read %s", path);
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    if (!buf) WT_FAIL("out of memory");
    size_t got;
    while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            cap *= 2;
            buf = realloc(buf, cap);
            if (!buf) WT_FAIL("out of memory");
        }
    }
    fclose(f);
    *len = n;
    return buf;
}

/* Loads path into a table pre-filled with garbage, so "left empty" is really tested. */
static int load_dirty(const char *path, ws_area_table *t, ws_error *e)
{
    memset(t, 0xAB, sizeof *t);
    ws_error_clear(e);
    return ws_area_table_load(path, t, e);
}

static void check_empty(const ws_area_table *t)
{
    WT_EQ_INT(t->n, 0);
    WT_CHECK(t->area == NULL);
}

/* Loads text and asserts a WS_EINPUT naming this file, line and key, with msg containing
 * want_msg (if given), and an empty table. */
static void expect_bad(const char *text, size_t len, int line, const char *key,
                       const char *want_msg)
{
    tmpdir d;
    tmp_open(&d);
    write_bytes(d.path, text, len);
    ws_area_table t;
    ws_error e;
    int rc = load_dirty(d.path, &t, &e);
    char buf[1400];
    printf("expected error: %s\n", ws_error_format(&e, buf, sizeof buf));
    WT_EQ_INT(rc, WS_EINPUT);
    WT_EQ_INT(e.code, WS_EINPUT);
    WT_EQ_STR(e.file, d.path);
    WT_EQ_INT(e.line, line);
    WT_EQ_STR(e.key, key);
    if (want_msg && !strstr(e.msg, want_msg))
        WT_FAIL("message \"%s\" lacks \"%s\"", e.msg, want_msg);
    check_empty(&t);
    ws_area_table_close(&t);
    tmp_close(&d);
}

static void expect_bad_str(const char *text, int line, const char *key, const char *want_msg)
{
    expect_bad(text, strlen(text), line, key, want_msg);
}

/* A valid value for a column of a generated file. */
static const char *default_value(const char *col, int row, char *buf, size_t n)
{
    static const struct {
        const char *col, *val;
    } fixed[] = {
        {"area_name", "Area"},      {"municipality", "Gemeente"}, {"gm_code", "GM0001"},
        {"in_2020_programme", "1"}, {"residents", "1000"},        {"dwellings", "500"},
        {"land_ha", "100"},         {"age_0_15", "18"},           {"age_15_25", "13"},
        {"age_25_45", "30"},        {"age_45_65", "24"},          {"age_65p", "15"},
        {"hh_one_person", "47"},    {"hh_single_parent", "12"},   {"hh_couple_children", "20"},
        {"tenure_social", "58"},    {"tenure_private", "17"},     {"achievement_z", "-0.3"},
        {"cohesion", "5.6"},        {"mortality_ratio", "1.7"},   {"crime_per_1000", "90"},
    };
    if (strcmp(col, "area_id") == 0) {
        snprintf(buf, n, "area_%d", row);
        return buf;
    }
    if (strcmp(col, "wijk_codes") == 0) {
        snprintf(buf, n, "WK99%04d WK98%04d", row, row);
        return buf;
    }
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        if (strcmp(col, fixed[i].col) == 0) return fixed[i].val;
    for (int i = 0; i < ws_area_n_fields; i++) {
        if (strcmp(col, ws_area_fields[i].name) != 0) continue;
        if (ws_area_fields[i].kind == WS_AF_SHARE) return "10";
        snprintf(buf, n, "%g", 0.5 * (ws_area_fields[i].min + ws_area_fields[i].max));
        return buf;
    }
    return "x";
}

typedef struct cell {
    int row;         /* 0-based data row */
    const char *col; /* column name */
    const char *val; /* raw CSV text written instead of the default */
} cell;

/* Builds a valid area CSV with n_rows rows, except for the cells in ov and without drop_col.
 * Data row r is on line r + 2. Returns a malloc'd string. */
static char *build_csv(int n_rows, const cell *ov, int n_ov, const char *drop_col)
{
    static const char *text[] = {"area_id",    "area_name",         "municipality",      "gm_code",
                                 "wijk_codes", "in_2020_programme", "mapping_confidence"};
    int n_text = (int)(sizeof text / sizeof text[0]);
    int n_col = n_text + ws_area_n_fields;
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    if (!f) WT_FAIL("open_memstream failed");
    for (int r = -1; r < n_rows; r++) {
        int first = 1;
        for (int c = 0; c < n_col; c++) {
            const char *col = c < n_text ? text[c] : ws_area_fields[c - n_text].name;
            if (drop_col && strcmp(col, drop_col) == 0) continue;
            char buf[64];
            const char *val = col;
            if (r >= 0) {
                val = strcmp(col, "mapping_confidence") == 0
                          ? "high"
                          : default_value(col, r, buf, sizeof buf);
                for (int k = 0; k < n_ov; k++)
                    if (ov[k].row == r && strcmp(ov[k].col, col) == 0) val = ov[k].val;
            }
            fprintf(f, "%s%s", first ? "" : ",", val);
            first = 0;
        }
        fputc('\n', f);
    }
    fclose(f);
    return out;
}

/* A generated two-row file with one cell replaced must fail on row `row` (line row + 2). */
static void expect_bad_cell(int row, const char *col, const char *val, const char *key,
                            const char *want_msg)
{
    cell ov = {row, col, val};
    char *csv = build_csv(2, &ov, 1, NULL);
    expect_bad_str(csv, row + 2, key, want_msg);
    free(csv);
}

static double weighted_mean(const ws_area_table *t, const char *field, const char *weight)
{
    int fi = -1, wi = -1;
    for (int i = 0; i < ws_area_n_fields; i++) {
        if (strcmp(ws_area_fields[i].name, field) == 0) fi = i;
        if (strcmp(ws_area_fields[i].name, weight) == 0) wi = i;
    }
    if (fi < 0 || wi < 0) WT_FAIL("unknown field %s or %s", field, weight);
    double sw = 0, s = 0;
    for (int a = 0; a < t->n; a++) {
        const char *row = (const char *)&t->area[a];
        double w = *(const double *)(row + ws_area_fields[wi].offset);
        s += w * *(const double *)(row + ws_area_fields[fi].offset);
        sw += w;
    }
    return s / sw;
}

static void load_shipped(ws_area_table *t)
{
    ws_error e;
    int rc = load_dirty(SHIPPED, t, &e);
    if (rc) {
        char buf[1400];
        WT_FAIL("loading %s: %s", SHIPPED, ws_error_format(&e, buf, sizeof buf));
    }
}

/* xorshift64*: a fixed-seed byte source for the garbage cases. */
static uint64_t rnd(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 2685821657736338717ULL;
}

/* The shipped file. */

WT_CASE(shipped_loads)
{
    ws_area_table t;
    load_shipped(&t);
    WT_CHECK(t.n > 0);
    WT_EQ_STR(t.path, SHIPPED);
    ws_area_table_close(&t);
    check_empty(&t);
}

WT_CASE(shipped_twenty_areas)
{
    static const char *order[20] = {"leeuwarden_oost",    "groningen_noord",
                                    "arnhem_oost",        "heerlen_noord",
                                    "breda_noord",        "eindhoven_woensel_zuid",
                                    "tilburg_noordwest",  "schiedam_nieuwland_oost",
                                    "rotterdam_zuid",     "den_haag_zuidwest",
                                    "amsterdam_zuidoost", "amsterdam_nieuw_west",
                                    "zaandam_oost",       "lelystad_oost",
                                    "utrecht_overvecht",  "nieuwegein_centrale_as",
                                    "vlaardingen_west",   "delft_west",
                                    "dordrecht_west",     "roosendaal_stad"};
    ws_area_table t;
    load_shipped(&t);
    WT_EQ_INT(t.n, 20);
    for (int i = 0; i < 20; i++) {
        WT_EQ_STR(t.area[i].id, order[i]);
        WT_EQ_INT(t.area[i].index, i);
        WT_EQ_INT(t.area[i].line, i + 2);
        WT_EQ_INT(ws_area_table_find(&t, order[i]), i);
        WT_CHECK(t.area[i].n_nbh >= 1);
        WT_CHECK(strncmp(t.area[i].gm_code, "GM", 2) == 0);
    }
    ws_area_table_close(&t);
}

WT_CASE(shipped_cbs_totals)
{
    /* Bron: CBS, Kerncijfers wijken en buurten 2024 (85984NED), summed over the wijk codes. */
    ws_area_table t;
    load_shipped(&t);
    double res = 0, dw = 0, land = 0;
    for (int i = 0; i < t.n; i++) {
        res += t.area[i].residents;
        dw += t.area[i].dwellings;
        land += t.area[i].land_ha;
    }
    WT_NEAR(res, 1161140, 0);
    WT_NEAR(dw, 554356, 0);
    WT_NEAR(land, 26601, 0);
    int rz = ws_area_table_find(&t, "rotterdam_zuid");
    WT_CHECK(rz >= 0);
    WT_NEAR(t.area[rz].residents, 212635, 0);
    WT_NEAR(t.area[rz].dwellings, 100995, 0);
    ws_area_table_close(&t);
}

WT_CASE(shipped_rotterdam_zuid)
{
    ws_area_table t;
    load_shipped(&t);
    int rz = ws_area_table_find(&t, "rotterdam_zuid");
    WT_CHECK(rz >= 0);
    const ws_area *a = &t.area[rz];
    WT_EQ_STR(a->name, "Rotterdam-Zuid");
    WT_EQ_STR(a->municipality, "Rotterdam");
    WT_EQ_STR(a->gm_code, "GM0599");
    WT_CHECK(a->in_2020);
    WT_EQ_INT(a->n_nbh, 3); /* Feijenoord, IJsselmonde, Charlois */
    WT_EQ_STR(a->nbh_code[0], "WK059910");
    WT_EQ_STR(a->nbh_code[1], "WK059912");
    WT_EQ_STR(a->nbh_code[2], "WK059915");
    WT_NEAR(a->early_school_leaving, 3.6, 1e-9); /* NPRZ 2016/17 */
    WT_NEAR(a->feel_unsafe, 34, 1e-9);           /* Rotterdam wijkprofiel */
    WT_NEAR(a->achievement_z, -0.40, 1e-9);      /* Cito 530.8 vs 534.8, SD ~10 */
    int n2020 = 0;
    for (int i = 0; i < t.n; i++)
        n2020 += t.area[i].in_2020;
    WT_EQ_INT(n2020, 16);
    static const char *later[] = {"vlaardingen_west", "delft_west", "dordrecht_west",
                                  "roosendaal_stad"};
    for (int k = 0; k < 4; k++) {
        int i = ws_area_table_find(&t, later[k]);
        WT_CHECK(i >= 0);
        WT_CHECK(!t.area[i].in_2020);
    }
    WT_EQ_INT(t.area[ws_area_table_find(&t, "amsterdam_zuidoost")].n_nbh, 12);
    WT_EQ_INT(t.area[ws_area_table_find(&t, "amsterdam_nieuw_west")].n_nbh, 15);
    WT_EQ_INT(t.area[ws_area_table_find(&t, "heerlen_noord")].n_nbh, 14);
    ws_area_table_close(&t);
}

WT_CASE(shipped_nplv_means)
{
    /* Resident-weighted 20-area means against the NPLV-level figures (scenarios/areas/
     * SOURCES.md). Bands are the stated source ranges or, for point values, the point +- the
     * rounding a per-area estimate can carry; they were set before the per-area values. */
    static const struct {
        const char *field;
        double lo, hi;
        const char *basis;
    } band[] = {
        {"age_65p", 13, 17, "~15 % (estimate; NL 20.2)"},
        {"hh_one_person", 44, 50, "45-50 % (estimate; NL 39.9)"},
        {"hh_single_parent", 10, 14, "~12 % (estimate; NL 7.4)"},
        {"tenure_social", 50, 65, "50-65 % (estimate; DESIGN 60, NL 28.5)"},
        {"dwelling_poor", 26, 34, "~30 % damp/mould G4 regions (WoON 2024)"},
        {"edu_low", 35, 45, "krachtwijken >40 vs NL >30 (2006); NL 26"},
        {"achievement_z", -0.45, -0.25, "Cito Zuid 530.8 vs 534.8 -> -0.4"},
        {"school_advice_low", 26, 36, "NL 20.4, 2nd income quintile 26.1"},
        {"early_school_leaving", 3.2, 4.0, "G4 3.5 (2023/24), Zuid 3.6"},
        {"employment_rate", 56, 58, "NL 64 - 7 pp (NPLV letter 2025)"},
        {"bijstand_hh", 10, 14, "12 vs 4 % (3x NL)"},
        {"low_income_hh", 12, 15, "2 x NL 6.3 % (2021)"},
        {"problem_debt_hh", 12, 17, "~2 x NL 7.6 % (2020, estimate)"},
        {"child_poverty", 18, 26, "CBS line; NPRZ focus wijken 30 (municipal def.)"},
        {"crime_per_1000", 80, 100, "90 vs 45 per 1000"},
        {"youth_suspects", 3.0, 4.5, "~2.2 x NL ~1.7 %"},
        {"undermining", 33, 45, "big-city police teams 33-44.6 (NL 24.3)"},
        {"feel_unsafe", 25, 34, ">25 in five host municipalities, Rotterdam 34 (NL 15)"},
        {"cohesion", 5.3, 5.9, "very strongly urban 5.8 (NL 6.4)"},
        {"good_health", 55, 65, "Rijnmond 66.3, Zuid-Limburg 64.9, strained ~50 (NL 70)"},
        {"psych_distress", 13, 18, "low education 2.5 x NL 10"},
        {"lonely", 13, 17, "Amsterdam 14.6 (NL 11)"},
        {"mortality_ratio", 1.5, 1.9, "1.5-1.9 (7 years shorter life)"},
        {"moves_out_rate", 6, 8, "6-8 % of households (NL mobility 9.7 % of persons)"},
        {"lbm_weak", 52, 58, "55 % of dwellings (NPLV letter 2025; NL 11)"},
    };
    ws_area_table t;
    load_shipped(&t);
    for (size_t i = 0; i < sizeof band / sizeof band[0]; i++) {
        double m = weighted_mean(&t, band[i].field, "residents");
        printf("%-22s %8.3f  band [%g, %g]  %s\n", band[i].field, m, band[i].lo, band[i].hi,
               band[i].basis);
        if (!(m >= band[i].lo && m <= band[i].hi))
            WT_FAIL("%s: resident-weighted mean %.3f outside [%g, %g] (%s)", band[i].field, m,
                    band[i].lo, band[i].hi, band[i].basis);
    }
    /* Leefbaarometer 55 % is a share of dwellings: check that weighting as well. */
    double lbm = weighted_mean(&t, "lbm_weak", "dwellings");
    WT_CHECK(lbm >= 52 && lbm <= 58);
    ws_area_table_close(&t);
}

WT_CASE(shipped_consistency)
{
    ws_area_table t;
    load_shipped(&t);
    for (int i = 0; i < t.n; i++) {
        const ws_area *a = &t.area[i];
        if (!(a->child_poverty > a->low_income_hh && a->low_income_hh > a->bijstand_hh))
            WT_FAIL("%s: expected child_poverty > low_income_hh > bijstand_hh", a->id);
        WT_CHECK(a->edu_low + a->edu_high < 100);
        WT_CHECK(a->employment_rate < 64); /* every area below the NL share working */
        WT_CHECK(a->feel_unsafe > 15);     /* and above NL on unsafety */
        WT_CHECK(a->residents > a->dwellings);
        WT_CHECK(a->achievement_z < 0);
    }
    /* the five municipalities named >25 % feel-unsafe */
    static const char *unsafe[] = {"heerlen_noord", "rotterdam_zuid", "roosendaal_stad",
                                   "vlaardingen_west", "schiedam_nieuwland_oost"};
    for (int k = 0; k < 5; k++)
        WT_CHECK(t.area[ws_area_table_find(&t, unsafe[k])].feel_unsafe > 25);
    ws_area_table_close(&t);
}

/* The field table and the small API. */

WT_CASE(field_table)
{
    WT_EQ_INT(ws_area_n_fields, 37);
    for (int i = 0; i < ws_area_n_fields; i++) {
        const ws_area_field_info *f = &ws_area_fields[i];
        WT_CHECK(f->name && *f->name && f->unit && f->doc);
        WT_CHECK(f->kind == WS_AF_COUNT || f->kind == WS_AF_SHARE || f->kind == WS_AF_REAL);
        WT_CHECK(f->min < f->max);
        WT_CHECK(f->offset + sizeof(double) <= sizeof(ws_area));
        if (f->kind == WS_AF_SHARE) WT_CHECK(f->min == 0 && f->max == 100);
        for (int j = 0; j < i; j++) {
            WT_CHECK(strcmp(ws_area_fields[j].name, f->name) != 0);
            WT_CHECK(ws_area_fields[j].offset != f->offset);
        }
    }
    WT_EQ_INT(ws_area_fields[0].offset, offsetof(ws_area, residents));
}

WT_CASE(find_and_close)
{
    ws_area_table t;
    load_shipped(&t);
    WT_EQ_INT(ws_area_table_find(&t, "nowhere"), -1);
    WT_EQ_INT(ws_area_table_find(&t, NULL), -1);
    WT_EQ_INT(ws_area_table_find(NULL, "rotterdam_zuid"), -1);
    WT_EQ_INT(ws_area_table_find(&t, "Rotterdam_Zuid"), -1);
    ws_area_table_close(&t);
    ws_area_table_close(&t); /* closing twice is harmless */
    ws_area_table_close(NULL);
    WT_EQ_INT(ws_area_table_find(&t, "rotterdam_zuid"), -1);
    ws_error e;
    WT_EQ_INT(ws_area_table_load(SHIPPED, NULL, &e), WS_EINPUT);
    WT_EQ_INT(load_dirty(NULL, &t, &e), WS_EINPUT);
    check_empty(&t);
    WT_EQ_INT(ws_area_table_load(SHIPPED, &t, NULL), 0); /* e is optional */
    ws_area_table_close(&t);
}

WT_CASE(csv_dialect)
{
    /* Quotes with commas and "" escapes, CRLF, a BOM, blank lines, UTF-8, a long notes field
     * with a line break inside quotes, an extra column, spaces around values, trailing empty
     * fields: all accepted. */
    char *base = build_csv(3, NULL, 0, NULL);
    size_t cap = strlen(base) * 2 + 8192;
    char *csv = malloc(cap);
    WT_CHECK(csv);
    size_t n = 0;
    memcpy(csv, "\xEF\xBB\xBF", 3);
    n = 3;
    int line = 0;
    char *save = NULL;
    for (char *ln = strtok_r(base, "\n", &save); ln; ln = strtok_r(NULL, "\n", &save), line++) {
        if (line == 0) {
            n += (size_t)snprintf(csv + n, cap - n, "%s,notes\r\n", ln);
            continue;
        }
        /* replace the area_name of each row; rows 0 and 1 get quotes, row 2 is plain; row 1
         * gets a 1,500-byte notes field with 15 line breaks inside its quotes */
        char *comma = strchr(ln, ',');
        char *rest = strchr(comma + 1, ',');
        const char *names[] = {"\"Den Haag, Zuidwest \"\"Moerwijk\"\"\"",
                               " \"Fryslân – Ljouwert\" ", "  Plain  "};
        n += (size_t)snprintf(csv + n, cap - n, "%.*s,%s%s,", (int)(comma - ln), ln,
                              names[line - 1], rest);
        if (line == 2) {
            csv[n++] = '"';
            for (int k = 0; k < 1500; k++)
                csv[n++] = k % 100 == 99 ? '\n' : 'n';
            csv[n++] = '"';
            n += (size_t)snprintf(csv + n, cap - n, ",,\r\n"); /* trailing empty fields */
        } else {
            n += (size_t)snprintf(csv + n, cap - n, "x\r\n\r\n");
        }
    }
    n += (size_t)snprintf(csv + n, cap - n, "\r\n  \n\n");
    tmpdir d;
    tmp_open(&d);
    write_bytes(d.path, csv, n);
    ws_area_table t;
    ws_error e;
    int rc = load_dirty(d.path, &t, &e);
    char buf[1400];
    if (rc) WT_FAIL("%s", ws_error_format(&e, buf, sizeof buf));
    WT_EQ_INT(t.n, 3);
    WT_EQ_STR(t.area[0].name, "Den Haag, Zuidwest \"Moerwijk\"");
    WT_EQ_STR(t.area[1].name, "Fryslân – Ljouwert");
    WT_EQ_STR(t.area[2].name, "Plain");
    WT_EQ_INT(t.area[0].line, 2);
    WT_EQ_INT(t.area[1].line, 4);      /* a blank line after row 0 */
    WT_EQ_INT(t.area[2].line, 4 + 16); /* row 1 spans 16 lines (15 breaks inside quotes) */
    WT_EQ_INT(t.area[1].n_nbh, 2);
    WT_EQ_STR(t.area[1].nbh_code[1], "WK980001");
    WT_NEAR(t.area[2].achievement_z, -0.3, 1e-12);
    ws_area_table_close(&t);
    tmp_close(&d);
    free(csv);
    free(base);
}

WT_CASE(numbers_and_limits_accepted)
{
    /* Exponents, explicit signs, the bounds themselves and age sums within +-2 are fine. */
    cell ov[] = {
        {0, "residents", "1.5e3"}, {0, "achievement_z", "+2"},  {0, "lbm_weak", "100"},
        {0, "age_65p", "17"},      {1, "age_65p", "13.0"},      {1, "crime_per_1000", "0"},
        {1, "area_id", "z_9"},     {1, "tenure_private", "42"},
    };
    char *csv = build_csv(2, ov, (int)(sizeof ov / sizeof ov[0]), NULL);
    tmpdir d;
    tmp_open(&d);
    write_bytes(d.path, csv, strlen(csv));
    ws_area_table t;
    ws_error e;
    char buf[1400];
    if (load_dirty(d.path, &t, &e)) WT_FAIL("%s", ws_error_format(&e, buf, sizeof buf));
    WT_NEAR(t.area[0].residents, 1500, 0);
    WT_NEAR(t.area[0].achievement_z, 2, 0);
    WT_EQ_INT(ws_area_table_find(&t, "z_9"), 1);
    ws_area_table_close(&t);
    tmp_close(&d);
    free(csv);
}

/* One case per kind of bad input. */

WT_CASE(bad_missing_column)
{
    char *csv = build_csv(2, NULL, 0, "lbm_weak");
    expect_bad_str(csv, 1, "lbm_weak", "missing");
    free(csv);
    csv = build_csv(2, NULL, 0, "wijk_codes");
    expect_bad_str(csv, 1, "wijk_codes", "missing");
    free(csv);
}

WT_CASE(bad_duplicate_column)
{
    char *base = build_csv(1, NULL, 0, NULL);
    char *nl = strchr(base, '\n');
    char *nl2 = strchr(nl + 1, '\n');
    char csv[8192];
    snprintf(csv, sizeof csv, "%.*s,cohesion%.*s,5.5\n", (int)(nl - base), base, (int)(nl2 - nl),
             nl);
    expect_bad_str(csv, 1, "cohesion", "twice");
    free(base);
}

WT_CASE(bad_empty_file)
{
    expect_bad("", 0, 0, "", "empty");
    expect_bad_str("\n\r\n   \n", 0, "", "empty");
}

WT_CASE(bad_header_only)
{
    char *csv = build_csv(0, NULL, 0, NULL);
    expect_bad_str(csv, 1, "", "no area rows");
    free(csv);
}

WT_CASE(bad_too_few_fields)
{
    char *csv = build_csv(3, NULL, 0, NULL);
    char *row2 = strchr(strchr(csv, '\n') + 1, '\n') + 1; /* line 3 */
    char *eol = strchr(row2, '\n'), *p = eol;
    while (*--p != ',')
        continue; /* drop the last field of line 3 */
    memmove(p, eol, strlen(eol) + 1);
    expect_bad_str(csv, 3, "", "fields but the header has");
    free(csv);
}

WT_CASE(bad_too_many_fields)
{
    /* an unquoted comma inside a name shifts every column */
    expect_bad_cell(1, "area_name", "Den Haag, Zuidwest", "", "unquoted comma");
}

WT_CASE(bad_not_numeric)
{
    expect_bad_cell(0, "crime_per_1000", "veel", "crime_per_1000", "'veel' is not a number");
    expect_bad_cell(1, "cohesion", "\"5,6\"", "cohesion", "decimal separator");
    expect_bad_cell(0, "lonely", "", "lonely", "empty");
    expect_bad_cell(0, "lonely", "nan", "lonely", "'nan' is not a number");
    expect_bad_cell(0, "residents", "inf", "residents", "'inf' is not a number");
    expect_bad_cell(0, "residents", "0x10", "residents", "'0x10' is not a number");
    expect_bad_cell(0, "residents", "12 000", "residents", "not a number");
    expect_bad_cell(0, "residents", "1e999", "residents", "not a usable number");
}

WT_CASE(bad_negative_count)
{
    expect_bad_cell(1, "dwellings", "-5", "dwellings", "count -5 is negative");
}

WT_CASE(bad_count_above_max)
{
    expect_bad_cell(0, "residents", "3e7", "residents", "outside the allowed range");
}

WT_CASE(bad_real_out_of_range)
{
    expect_bad_cell(0, "achievement_z", "-2.5", "achievement_z", "outside the allowed range");
    expect_bad_cell(1, "mortality_ratio", "0.2", "mortality_ratio", "outside the allowed range");
    expect_bad_cell(1, "cohesion", "11", "cohesion", "outside the allowed range");
}

WT_CASE(bad_share_above_100)
{
    expect_bad_cell(1, "lbm_weak", "112.0", "lbm_weak", "share 112.0 is above 100 %");
}

WT_CASE(bad_share_below_0)
{
    expect_bad_cell(0, "feel_unsafe", "-1", "feel_unsafe", "share -1 is below 0 %");
}

WT_CASE(bad_duplicate_id)
{
    cell ov = {2, "area_id", "area_0"};
    char *csv = build_csv(3, &ov, 1, NULL);
    expect_bad_str(csv, 4, "area_id", "already used on line 2");
    free(csv);
}

WT_CASE(bad_id_pattern)
{
    expect_bad_cell(0, "area_id", "Rotterdam-Zuid", "area_id", "[a-z0-9_]+");
    expect_bad_cell(1, "area_id", "", "area_id", "[a-z0-9_]+");
    expect_bad_cell(1, "area_id", "\"caf\xC3\xA9\"", "area_id", "[a-z0-9_]+");
}

WT_CASE(bad_wijk_codes_empty)
{
    expect_bad_cell(1, "wijk_codes", "\"  \"", "wijk_codes", "no wijk codes");
}

WT_CASE(bad_wijk_codes_too_many)
{
    char many[WS_MAX_NBH * 10 + 64];
    size_t n = 0;
    for (int i = 0; i <= WS_MAX_NBH; i++)
        n += (size_t)snprintf(many + n, sizeof many - n, "%sWK05%04d", i ? " " : "", i);
    expect_bad_cell(0, "wijk_codes", many, "wijk_codes", "more than 32");
    /* exactly WS_MAX_NBH is fine */
    many[strlen(many) - 9] = '\0';
    cell ov = {0, "wijk_codes", many};
    char *csv = build_csv(1, &ov, 1, NULL);
    tmpdir d;
    tmp_open(&d);
    write_bytes(d.path, csv, strlen(csv));
    ws_area_table t;
    ws_error e;
    WT_EQ_INT(load_dirty(d.path, &t, &e), 0);
    WT_EQ_INT(t.area[0].n_nbh, WS_MAX_NBH);
    ws_area_table_close(&t);
    tmp_close(&d);
    free(csv);
}

WT_CASE(bad_wijk_code_too_long)
{
    expect_bad_cell(1, "wijk_codes", "WK059910 WK0599100001", "wijk_codes", "12 characters");
    expect_bad_cell(1, "wijk_codes", "WK05-9910", "wijk_codes", "letters and digits");
}

WT_CASE(bad_wijk_code_repeated)
{
    expect_bad_cell(0, "wijk_codes", "WK059910 WK059910", "wijk_codes", "listed twice");
    expect_bad_cell(1, "wijk_codes", "WK990000", "wijk_codes", "already part of area 'area_0'");
}

WT_CASE(bad_in_2020)
{
    expect_bad_cell(1, "in_2020_programme", "yes", "in_2020_programme", "not 0 or 1");
    expect_bad_cell(0, "in_2020_programme", "2", "in_2020_programme", "not 0 or 1");
}

WT_CASE(bad_age_sum)
{
    const char *key = "age_0_15+age_15_25+age_25_45+age_45_65+age_65p";
    expect_bad_cell(1, "age_0_15", "30", key, "sum to 112.0 %");
    expect_bad_cell(0, "age_65p", "12.9", key, "sum to 97.9 %");
}

WT_CASE(bad_household_sum)
{
    expect_bad_cell(1, "hh_one_person", "70", "hh_one_person+hh_single_parent+hh_couple_children",
                    "sum to 102.0 %");
}

WT_CASE(bad_tenure_sum)
{
    expect_bad_cell(0, "tenure_social", "90", "tenure_social+tenure_private", "sum to 107.0 %");
}

WT_CASE(bad_text_columns)
{
    expect_bad_cell(0, "area_name", "", "area_name", "empty");
    expect_bad_cell(1, "municipality", "\"G\xE9meente\"", "municipality", "UTF-8");
    char longname[200];
    memset(longname, 'a', sizeof longname - 1);
    longname[sizeof longname - 1] = '\0';
    expect_bad_cell(1, "area_name", longname, "area_name", "at most 95");
}

WT_CASE(bad_unterminated_quote)
{
    /* a file that ends in the middle of a quoted field: the error points at the opening */
    char *csv = build_csv(2, NULL, 0, NULL);
    size_t n = strlen(csv);
    char *bad = malloc(n + 64);
    WT_CHECK(bad);
    memcpy(bad, csv, n);
    n += (size_t)snprintf(bad + n, 64, "area_9,\"Half a name\nand more");
    expect_bad(bad, n, 4, "", "never closed");
    free(bad);
    free(csv);
}

WT_CASE(bad_text_after_quote)
{
    expect_bad_cell(1, "area_name", "\"Zuid\"west", "", "after a closing quote");
}

WT_CASE(bad_nul_byte)
{
    char *csv = build_csv(2, NULL, 0, NULL);
    size_t n = strlen(csv);
    char *row1 = strchr(csv, '\n') + 1;
    row1[3] = '\0';
    expect_bad(csv, n, 2, "", "NUL byte");
    free(csv);
}

WT_CASE(bad_too_many_areas)
{
    char *csv = build_csv(WS_MAX_AREAS + 1, NULL, 0, NULL);
    expect_bad_str(csv, WS_MAX_AREAS + 2, "", "more than 256 areas");
    free(csv);
}

WT_CASE(bad_huge_input)
{
    /* an endless stream (a wrong path) is cut off at the size limit, not read into memory */
    ws_area_table t;
    ws_error e;
    int rc = load_dirty("/dev/zero", &t, &e);
    WT_EQ_INT(rc, WS_EINPUT);
    WT_CHECK(strstr(e.msg, "larger than"));
    check_empty(&t);
}

WT_CASE(bad_garbage_bytes)
{
    /* Random bytes (fixed seed): always a clean WS_EINPUT with an empty table. */
    uint64_t s = 0x9E3779B97F4A7C15ULL;
    tmpdir d;
    tmp_open(&d);
    char *buf = malloc(8192);
    WT_CHECK(buf);
    for (int it = 0; it < 300; it++) {
        size_t n = 1 + rnd(&s) % 8192;
        int textish = it % 2; /* half: only CSV-ish characters, to get past the NUL check */
        static const char alpha[] = "ab,\"\n\r 0123.-e_";
        for (size_t i = 0; i < n; i++) {
            uint64_t r = rnd(&s);
            buf[i] = textish ? alpha[r % (sizeof alpha - 1)] : (char)(r >> 56);
        }
        write_bytes(d.path, buf, n);
        ws_area_table t;
        ws_error e;
        int rc = load_dirty(d.path, &t, &e);
        WT_EQ_INT(rc, WS_EINPUT);
        WT_EQ_INT(e.code, WS_EINPUT);
        WT_CHECK(e.msg[0] != '\0');
        WT_CHECK(e.line >= 0 && e.line <= (int)n + 1);
        check_empty(&t);
    }
    free(buf);
    tmp_close(&d);
}

WT_CASE(bad_truncated_and_mutated)
{
    /* The shipped file cut at every 13th byte, and with random bytes overwritten: either it
     * still loads (cut at a line end) or a clean WS_EINPUT; never another code or a crash. */
    size_t len;
    char *orig = read_all(SHIPPED, &len);
    char *buf = malloc(len + 1);
    WT_CHECK(buf);
    tmpdir d;
    tmp_open(&d);
    int n_ok = 0, n_bad = 0;
    for (size_t cut = 0; cut < len; cut += 13) {
        write_bytes(d.path, orig, cut);
        ws_area_table t;
        ws_error e;
        int rc = load_dirty(d.path, &t, &e);
        if (rc == 0) {
            WT_CHECK(t.n >= 1 && t.n < 20);
            n_ok++;
        } else {
            WT_EQ_INT(rc, WS_EINPUT);
            check_empty(&t);
            n_bad++;
        }
        ws_area_table_close(&t);
    }
    uint64_t s = 20220701;
    static const char nasty[] = ",\"\n\r\0-x9.";
    for (int it = 0; it < 400; it++) {
        memcpy(buf, orig, len);
        int k = 1 + (int)(rnd(&s) % 4);
        for (int j = 0; j < k; j++)
            buf[rnd(&s) % len] = nasty[rnd(&s) % (sizeof nasty - 1)];
        write_bytes(d.path, buf, len);
        ws_area_table t;
        ws_error e;
        int rc = load_dirty(d.path, &t, &e);
        if (rc == 0) {
            WT_CHECK(t.n >= 1 && t.n <= 20);
            n_ok++;
        } else {
            WT_EQ_INT(rc, WS_EINPUT);
            check_empty(&t);
            n_bad++;
        }
        ws_area_table_close(&t);
    }
    printf("truncated/mutated: %d loaded, %d rejected\n", n_ok, n_bad);
    WT_CHECK(n_bad > 0);
    tmp_close(&d);
    free(buf);
    free(orig);
}

WT_CASE(missing_file)
{
    ws_area_table t;
    ws_error e;
    int rc = load_dirty("/nonexistent/wijksim/areas.csv", &t, &e);
    WT_EQ_INT(rc, WS_EIO);
    WT_EQ_INT(e.code, WS_EIO);
    WT_EQ_STR(e.file, "/nonexistent/wijksim/areas.csv");
    check_empty(&t);
    tmpdir d;
    tmp_open(&d);
    rc = load_dirty(d.dir, &t, &e); /* a directory cannot be read as a file */
    WT_EQ_INT(rc, WS_EIO);
    check_empty(&t);
    tmp_close(&d);
}

WT_MAIN(WT_REG(shipped_loads), WT_REG(shipped_twenty_areas), WT_REG(shipped_cbs_totals),
        WT_REG(shipped_rotterdam_zuid), WT_REG(shipped_nplv_means), WT_REG(shipped_consistency),
        WT_REG(field_table), WT_REG(find_and_close), WT_REG(csv_dialect),
        WT_REG(numbers_and_limits_accepted), WT_REG(bad_missing_column),
        WT_REG(bad_duplicate_column), WT_REG(bad_empty_file), WT_REG(bad_header_only),
        WT_REG(bad_too_few_fields), WT_REG(bad_too_many_fields), WT_REG(bad_not_numeric),
        WT_REG(bad_negative_count), WT_REG(bad_count_above_max), WT_REG(bad_real_out_of_range),
        WT_REG(bad_share_above_100), WT_REG(bad_share_below_0), WT_REG(bad_duplicate_id),
        WT_REG(bad_id_pattern), WT_REG(bad_wijk_codes_empty), WT_REG(bad_wijk_codes_too_many),
        WT_REG(bad_wijk_code_too_long), WT_REG(bad_wijk_code_repeated), WT_REG(bad_in_2020),
        WT_REG(bad_age_sum), WT_REG(bad_household_sum), WT_REG(bad_tenure_sum),
        WT_REG(bad_text_columns), WT_REG(bad_unterminated_quote), WT_REG(bad_text_after_quote),
        WT_REG(bad_nul_byte), WT_REG(bad_too_many_areas), WT_REG(bad_huge_input),
        WT_REG(bad_garbage_bytes), WT_REG(bad_truncated_and_mutated), WT_REG(missing_file))
