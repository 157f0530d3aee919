/* h5_summary.c: the board table of a results file (`wijksim summary FILE`; see h5.h).
 *
 * Every number comes from the file's /summary as written (summary.h): nothing is recomputed,
 * so the table, the CSV and the board report (scripts/wsreport) agree. The verdict words
 * ("ok", "worse", "not distinguishable from zero") come from the cost-effectiveness table's
 * `distinguishable`, which sim/base/summary.c derived with indicators.def's `better`. Reading
 * goes through h5_common's reader (ws__h5r_*); the table is built in memory and written only
 * when complete, so a failure prints nothing but the error. Text numbers use %.4g (money %.3g),
 * the CSV %.17g (exact). HDF5 error printing is off during the call and restored after.
 */
#include "wijksim/h5.h"
#include "h5_common.h"

#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <hdf5.h>

/* ---- numbers ----------------------------------------------------------------------------- */

/* A number for the text table: "-" for NaN, "inf" or "-inf", else %.4g. Returns buf. */
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

/* As num with a sign: "+1.5", "-0.2"; zero as "0". Returns buf. */
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

/* EUR amounts: "EUR 1.1 bn", "EUR 8.4 mln" (%.3g), "EUR 45600" (whole euros, no separator);
 * as num when not finite. Returns buf. */
static const char *eur(char *buf, size_t n, double v)
{
    if (!isfinite(v)) return num(buf, n, v);
    double a = fabs(v);
    if (a >= 1e9)
        snprintf(buf, n, "EUR %.3g bn", v / 1e9);
    else if (a >= 1e6)
        snprintf(buf, n, "EUR %.3g mln", v / 1e6);
    else
        snprintf(buf, n, "EUR %.0f", v);
    return buf;
}

/* An amount per unit without the currency: "12,345", "1.23 mln", "inf", "-". Returns buf. */
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

/* CSV text: quoted, inner quotes doubled. */
static void csv_str(FILE *o, const char *s)
{
    fputc('"', o);
    for (; *s; s++) {
        if (*s == '"') fputc('"', o);
        fputc(*s, o);
    }
    fputc('"', o);
}

/* ---- what the table reads ---------------------------------------------------------------- */

/* A row of /summary/<option>/cost_effectiveness as read back. */
typedef struct ce_read {
    char *indicator;             /* owned (ws__h5_table_free) */
    double imp[3];               /* improvement: mean, p05, p95 (natural units) */
    double spend[2];             /* mean incremental EUR: rijk, total */
    double rijk[3], total[3];    /* EUR per unit: mean, p05, p95 */
    signed char distinguishable; /* 1 improvement, 0 band contains zero, -1 harm */
} ce_read;

static const ws__h5_col ce_cols[] = {
    {"indicator", offsetof(ce_read, indicator), WS__COL_STR},
    {"improvement_mean", offsetof(ce_read, imp[0]), WS__COL_F64},
    {"improvement_p05", offsetof(ce_read, imp[1]), WS__COL_F64},
    {"improvement_p95", offsetof(ce_read, imp[2]), WS__COL_F64},
    {"spend_rijk", offsetof(ce_read, spend[0]), WS__COL_F64},
    {"spend_total", offsetof(ce_read, spend[1]), WS__COL_F64},
    {"eur_per_unit_rijk_mean", offsetof(ce_read, rijk[0]), WS__COL_F64},
    {"eur_per_unit_rijk_p05", offsetof(ce_read, rijk[1]), WS__COL_F64},
    {"eur_per_unit_rijk_p95", offsetof(ce_read, rijk[2]), WS__COL_F64},
    {"eur_per_unit_total_mean", offsetof(ce_read, total[0]), WS__COL_F64},
    {"eur_per_unit_total_p05", offsetof(ce_read, total[1]), WS__COL_F64},
    {"eur_per_unit_total_p95", offsetof(ce_read, total[2]), WS__COL_F64},
    {"distinguishable", offsetof(ce_read, distinguishable), WS__COL_I8},
};
#define N_CE_COLS ((int)(sizeof ce_cols / sizeof ce_cols[0]))

/* The cost-effectiveness rows of option group link of /summary (absent: *n = 0). Free with
 * ce_free. Returns r->rc. */
static int read_ce(ws__h5r *r, hid_t sum, const char *link, ce_read **rows, size_t *n)
{
    char path[600];
    snprintf(path, sizeof path, "/summary/%s/cost_effectiveness", link);
    *rows = NULL;
    *n = 0;
    if (!ws__h5r_has(r, sum, path)) return r->rc;
    void *raw = NULL;
    ws__h5r_table(r, sum, path, ce_cols, N_CE_COLS, sizeof(ce_read), &raw, n);
    *rows = raw;
    return r->rc;
}

static void ce_free(ce_read *rows, size_t n)
{
    ws__h5_table_free(ce_cols, N_CE_COLS, sizeof *rows, rows, n);
}

/* The row of indicator ind among rows, or NULL. */
static const ce_read *ce_find(const ce_read *rows, size_t n, const char *ind)
{
    const ce_read *c = NULL;
    for (size_t k = 0; k < n; k++)
        if (strcmp(rows[k].indicator, ind) == 0) c = &rows[k];
    return c;
}

/* Everything the board table needs from the file. */
typedef struct board {
    size_t n_year, n_col; /* years; areas + 1 */
    long long *year;      /* calendar years (owned) */
    int col;              /* column shown */
    char area_label[300];
    int n_show, show[WS_MAX_YEARS]; /* year indices shown */
    char **scen;                    /* /summary link names, baseline first (owned) */
    char **scen_name;               /* their `name` attributes (owned) */
    size_t n_scen;
    char **head, **units; /* headline indicators and their natural units (owned) */
    size_t n_head, n_units;
} board;

static void board_free(board *b)
{
    free(b->year);
    ws__h5_free_texts(b->scen, b->n_scen);
    ws__h5_free_texts(b->scen_name, b->scen_name ? b->n_scen : 0);
    ws__h5_free_texts(b->head, b->n_head);
    ws__h5_free_texts(b->units, b->n_units);
}

/* /year into b. */
static int board_years(ws__h5r *r, hid_t file, board *b)
{
    long long n = ws__h5r_rows(r, file, "year");
    if (n < 0) return r->rc;
    if (n == 0)
        return ws__h5r_fail(r, WS_EINPUT, false,
                            "not a wijksim results file: /year holds no years");
    hsize_t want = (hsize_t)n;
    if (!(b->year = malloc((size_t)n * sizeof *b->year)))
        return ws__h5r_fail(r, WS_ENOMEM, false, "out of memory");
    b->n_year = (size_t)n;
    return ws__h5r_read_ds(r, file, "year", 1, &want, "years", H5T_NATIVE_LLONG, b->year);
}

/* /summary/area: the column of the option's area (NULL: "all areas", the last) and its label. */
static int board_area(ws__h5r *r, hid_t sum, const char *area, board *b)
{
    char **names = NULL, **ids = NULL;
    size_t n = 0, n_ids = 0;
    hid_t d = ws__h5r_open_obj(r, sum, "area", false, " in /summary");
    if (d >= 0 && !ws__h5r_texts(r, d, false, "/summary/area", &names, &n))
        ws__h5r_attr_texts(r, d, "ids", false, &ids, &n_ids);
    ws__h5r_drop(&d);
    if (!r->rc) {
        b->n_col = n;
        b->col = (int)n - 1;
        if (area) {
            b->col = -1;
            for (size_t k = 0; k + 1 < n_ids; k++)
                if (strcmp(ids[k], area) == 0) b->col = (int)k;
        }
        if (b->col >= 0) snprintf(b->area_label, sizeof b->area_label, "%s", names[b->col]);
        if (b->col < 0 || b->n_col < 2)
            ws__h5r_fail(r, WS_EINPUT, false, "area '%s' is not in this file (see wijksim info)",
                         area ? area : "");
    }
    ws__h5_free_texts(names, n);
    ws__h5_free_texts(ids, n_ids);
    return r->rc;
}

/* The scenario groups of /summary (the area scale is a dataset), baseline first, with their
 * names. */
static int board_scenarios(ws__h5r *r, hid_t sum, board *b)
{
    if (ws__h5r_links(r, sum, "/summary", &b->scen, &b->n_scen)) return r->rc;
    size_t m = 0;
    for (size_t k = 0; k < b->n_scen; k++) {
        H5O_info_t oi;
#if H5_VERSION_GE(1, 12, 0)
        herr_t e = H5Oget_info_by_name3(sum, b->scen[k], &oi, H5O_INFO_BASIC, H5P_DEFAULT);
#else
        herr_t e = H5Oget_info_by_name2(sum, b->scen[k], &oi, H5O_INFO_BASIC, H5P_DEFAULT);
#endif
        if (e < 0) {
            ws__h5r_fail(r, WS_EIO, true, "cannot inspect /summary/%s", b->scen[k]);
            for (size_t j = k; j < b->n_scen; j++) /* the rest are not kept */
                free(b->scen[j]);
            b->n_scen = m;
            return r->rc;
        }
        if (oi.type == H5O_TYPE_GROUP)
            b->scen[m++] = b->scen[k];
        else
            free(b->scen[k]);
    }
    b->n_scen = m;
    if (!m) return ws__h5r_fail(r, WS_EINPUT, false, "the file's /summary holds no scenarios");
    if (!(b->scen_name = calloc(m, sizeof *b->scen_name)))
        return ws__h5r_fail(r, WS_ENOMEM, false, "out of memory");
    for (size_t k = 0; k < m && !r->rc; k++) {
        char name[600];
        hid_t g = ws__h5r_open_obj(r, sum, b->scen[k], true, " in /summary");
        if (g < 0) break;
        ws__h5r_attr_text(r, g, "name", false, name, sizeof name);
        ws__h5r_drop(&g);
        b->scen_name[k] = strdup(name[0] ? name : b->scen[k]);
        if (!b->scen_name[k]) ws__h5r_fail(r, WS_ENOMEM, false, "out of memory");
    }
    return r->rc;
}

/* Reads years, areas, scenarios and headlines, and resolves the options' years and area. */
static int board_read(ws__h5r *r, hid_t file, hid_t sum, const ws_h5_summary_opts *o, board *b)
{
    if (board_years(r, file, b) || board_area(r, sum, o->area, b)) return r->rc;
    if (o->n_years > 0) {
        for (int k = 0; k < o->n_years; k++) {
            int idx = -1;
            for (size_t y = 0; y < b->n_year; y++)
                if (b->year[y] == o->years[k]) idx = (int)y;
            if (idx < 0)
                return ws__h5r_fail(r, WS_EINPUT, false, "year %d is not in this file (%lld..%lld)",
                                    o->years[k], b->year[0], b->year[b->n_year - 1]);
            b->show[b->n_show++] = idx;
        }
    } else {
        static const int want[] = {4, 9}; /* years 5 and 10, when before the last */
        for (int k = 0; k < 2; k++)
            if ((size_t)want[k] < b->n_year - 1) b->show[b->n_show++] = want[k];
        b->show[b->n_show++] = (int)b->n_year - 1;
    }
    if (board_scenarios(r, sum, b) ||
        ws__h5r_attr_texts(r, sum, "headline_indicators", false, &b->head, &b->n_head) < 0 ||
        ws__h5r_attr_texts(r, sum, "headline_units", false, &b->units, &b->n_units) < 0)
        return r->rc;
    if (!b->head || !b->units || b->n_head != b->n_units)
        return ws__h5r_fail(r, WS_EINPUT, false,
                            "/summary lacks its headline_indicators and headline_units");
    return 0;
}

/* The float64 [year, area + 1] dataset /summary/<scen>/<ind>/<stat> into buf. */
static int read_grid(ws__h5r *r, hid_t sum, const board *b, const char *scen, const char *ind,
                     const char *stat, double *buf)
{
    char p[800];
    snprintf(p, sizeof p, "/summary/%s/%s/%s", scen, ind, stat);
    hsize_t want[2] = {b->n_year, b->n_col};
    return ws__h5r_read_ds(r, sum, p, 2, want, "years x areas + 1", H5T_NATIVE_DOUBLE, buf);
}

/* The units attribute of /summary/<scen>/<ind> into buf ("" when absent). */
static void indicator_units(ws__h5r *r, hid_t sum, const char *scen, const char *ind, char *buf,
                            size_t n)
{
    char p[700];
    snprintf(p, sizeof p, "/summary/%s/%s", scen, ind);
    buf[0] = '\0';
    if (!ws__h5r_has(r, sum, p)) return;
    hid_t g = H5Oopen(sum, p, H5P_DEFAULT);
    if (g < 0) return;
    ws__h5r_attr_text(r, g, "units", false, buf, n);
    ws__h5r_drop(&g);
}

/* ---- the tables -------------------------------------------------------------------------- */

/* The first columns of a CSV line: scenario s, headline h, units, shown year t, area. */
static void csv_key(FILE *o, const board *b, size_t s, size_t h, const char *units, int t)
{
    csv_str(o, b->scen_name[s]);
    fprintf(o, ",%s,", b->head[h]);
    csv_str(o, units);
    fprintf(o, ",%lld,", b->year[b->show[t]]);
    csv_str(o, b->area_label);
}

/* The plain run: the scenario's means with their 90 % bands. */
static int board_single(ws__h5r *r, hid_t sum, const board *b, bool csv, FILE *o)
{
    double *g[3];
    size_t cells = b->n_year * b->n_col;
    double *buf = malloc(3 * cells * sizeof *buf);
    if (!buf) return ws__h5r_fail(r, WS_ENOMEM, false, "out of memory");
    for (int k = 0; k < 3; k++)
        g[k] = buf + k * cells;
    static const char *const stat[3] = {"mean", "p05", "p95"};
    if (csv)
        fprintf(o, "scenario,indicator,units,year,area,mean,p05,p95\n");
    else
        fprintf(o,
                "scenario \"%s\" (no options): means over replications with 90 %% bands, "
                "%s\n\n  %-30s %-30s %6s %12s  %s\n",
                b->scen_name[0], b->area_label, "indicator", "units", "year", "mean", "[p05, p95]");
    for (size_t h = 0; h < b->n_head && !r->rc; h++) {
        char units[200];
        for (int k = 0; k < 3 && !r->rc; k++)
            read_grid(r, sum, b, b->scen[0], b->head[h], stat[k], g[k]);
        if (r->rc) break;
        indicator_units(r, sum, b->scen[0], b->head[h], units, sizeof units);
        for (int t = 0; t < b->n_show; t++) {
            size_t c = (size_t)b->show[t] * b->n_col + (size_t)b->col;
            if (csv) {
                csv_key(o, b, 0, h, units, t);
                for (int k = 0; k < 3; k++) {
                    fputc(',', o);
                    csv_num(o, g[k][c]);
                }
                fputc('\n', o);
            } else {
                char m[40], lo[40], hi[40];
                fprintf(o, "  %-30s %-30s %6lld %12s  [%s, %s]\n", t ? "" : b->head[h],
                        t ? "" : units, b->year[b->show[t]], num(m, sizeof m, g[0][c]),
                        num(lo, sizeof lo, g[1][c]), num(hi, sizeof hi, g[2][c]));
            }
        }
    }
    free(buf);
    return r->rc;
}

/* The status word of a cost-effectiveness row (c NULL: the headline has none). */
static const char *ce_status(const ce_read *c)
{
    return !c                         ? "n/a"
           : c->distinguishable == 1  ? "ok"
           : c->distinguishable == -1 ? "worse"
                                      : "not distinguishable from zero";
}

/* One CSV line of option s, headline h at cell x of the grids (base, opt, dm, d05, d95). */
static void option_csv_line(FILE *o, const board *b, size_t s, size_t h, int t, const char *units,
                            const double *const grid[5], size_t x, double spend_total,
                            double spend_rijk, const ce_read *c)
{
    csv_key(o, b, s, h, units, t);
    for (int k = 0; k < 5; k++) {
        fputc(',', o);
        csv_num(o, grid[k][x]);
    }
    fputc(',', o);
    csv_num(o, spend_total);
    fputc(',', o);
    csv_num(o, spend_rijk);
    fputc(',', o);
    csv_str(o, c ? b->units[h] : "");
    double cev[9] = {NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN};
    if (c) {
        const double t9[9] = {c->imp[0],   c->imp[1],  c->imp[2],  c->total[0], c->total[1],
                              c->total[2], c->rijk[0], c->rijk[1], c->rijk[2]};
        memcpy(cev, t9, sizeof cev);
    }
    for (int k = 0; k < 9; k++) {
        fputc(',', o);
        csv_num(o, cev[k]);
    }
    fprintf(o, ",%s\n", ce_status(c));
}

/* The text table's cost-per-unit block of one option. */
static void option_ce_text(FILE *o, const board *b, const ce_read *ce, size_t n_ce)
{
    fprintf(o,
            "\n  cost per unit over %lld-%lld, all areas: improvement in natural units "
            "with its 90%% band;\n  EUR per unit = mean spend / mean improvement, band "
            "from the per-replication ratios\n",
            b->year[0], b->year[b->n_year - 1]);
    fprintf(o, "  %-30s %-28s %-40s %-28s %s\n", "indicator", "improvement [90% band]", "unit",
            "EUR per unit, total", "EUR per unit, Rijk");
    for (size_t h = 0; h < b->n_head; h++) {
        const char *ind = b->head[h];
        const ce_read *c = ce_find(ce, n_ce, ind);
        if (!c) {
            fprintf(o,
                    "  %-30s n/a (its denominator count is not an indicator of this "
                    "file)\n",
                    ind);
            continue;
        }
        char i1[40], i2[40], i3[40], band[130];
        snprintf(band, sizeof band, "%s [%s, %s]", snum(i1, sizeof i1, c->imp[0]),
                 snum(i2, sizeof i2, c->imp[1]), snum(i3, sizeof i3, c->imp[2]));
        fprintf(o, "  %-30s %-28s %-40s ", ind, band, b->units[h]);
        if (c->distinguishable == 1) {
            char a1[40], a2[40], a3[40], t1[130];
            snprintf(t1, sizeof t1, "%s [%s, %s]", per_unit(a1, sizeof a1, c->total[0]),
                     per_unit(a2, sizeof a2, c->total[1]), per_unit(a3, sizeof a3, c->total[2]));
            fprintf(o, "%-28s %s [%s, %s]\n", t1, per_unit(a1, sizeof a1, c->rijk[0]),
                    per_unit(a2, sizeof a2, c->rijk[1]), per_unit(a3, sizeof a3, c->rijk[2]));
        } else if (c->distinguishable == -1) {
            fprintf(o, "worse than the baseline (no cost per unit)\n");
        } else {
            fprintf(o, "not distinguishable from zero\n");
        }
    }
}

/* The comparison: per option and headline the values at the chosen years and the CE. */
static int board_options(ws__h5r *r, hid_t sum, const board *b, bool csv, FILE *o)
{
    size_t cells = b->n_year * b->n_col;
    double *buf = malloc(5 * cells * sizeof *buf);
    if (!buf) return ws__h5r_fail(r, WS_ENOMEM, false, "out of memory");
    double *grid[5]; /* baseline mean, option mean, diff_mean, diff_p05, diff_p95 */
    for (int k = 0; k < 5; k++)
        grid[k] = buf + (size_t)k * cells;
    if (csv)
        fprintf(o, "option,indicator,units,year,area,baseline_mean,option_mean,diff_mean,diff_p05,"
                   "diff_p95,spend_total_eur,spend_rijk_eur,ce_unit,improvement_mean,"
                   "improvement_p05,improvement_p95,eur_per_unit_total,eur_per_unit_total_p05,"
                   "eur_per_unit_total_p95,eur_per_unit_rijk,eur_per_unit_rijk_p05,"
                   "eur_per_unit_rijk_p95,ce_status\n");
    for (size_t s = 1; s < b->n_scen && !r->rc; s++) {
        ce_read *ce = NULL;
        size_t n_ce = 0;
        if (read_ce(r, sum, b->scen[s], &ce, &n_ce)) break;
        double spend_total = n_ce ? ce[0].spend[1] : NAN, spend_rijk = n_ce ? ce[0].spend[0] : NAN;
        if (!csv) {
            char e1[40], e2[40];
            fprintf(o,
                    "%soption \"%s\" vs baseline \"%s\" (%s; difference = option - baseline, "
                    "per replication pair)\n",
                    s > 1 ? "\n" : "", b->scen_name[s], b->scen_name[0], b->area_label);
            fprintf(o, "  spend %lld-%lld over the baseline: total %s, Rijk %s\n\n", b->year[0],
                    b->year[b->n_year - 1], eur(e1, sizeof e1, spend_total),
                    eur(e2, sizeof e2, spend_rijk));
            fprintf(o, "  %-30s %-30s %6s %12s %12s  %s\n", "indicator", "units", "year",
                    "baseline", "option", "difference [90% band]");
        }
        for (size_t h = 0; h < b->n_head && !r->rc; h++) {
            const char *ind = b->head[h];
            static const char *const stat[5] = {"mean", "mean", "diff_mean", "diff_p05",
                                                "diff_p95"};
            for (int k = 0; k < 5 && !r->rc; k++)
                read_grid(r, sum, b, b->scen[k ? s : 0], ind, stat[k], grid[k]);
            if (r->rc) break;
            char units[200];
            indicator_units(r, sum, b->scen[s], ind, units, sizeof units);
            const ce_read *c = ce_find(ce, n_ce, ind);
            for (int t = 0; t < b->n_show; t++) {
                size_t x = (size_t)b->show[t] * b->n_col + (size_t)b->col;
                if (csv) {
                    option_csv_line(o, b, s, h, t, units, (const double *const *)grid, x,
                                    spend_total, spend_rijk, c);
                } else {
                    char v1[40], v2[40], v3[40], v4[40], v5[40];
                    fprintf(o, "  %-30s %-30s %6lld %12s %12s  %s [%s, %s]\n", t ? "" : ind,
                            t ? "" : units, b->year[b->show[t]], num(v1, sizeof v1, grid[0][x]),
                            num(v2, sizeof v2, grid[1][x]), snum(v3, sizeof v3, grid[2][x]),
                            snum(v4, sizeof v4, grid[3][x]), snum(v5, sizeof v5, grid[4][x]));
                }
            }
        }
        if (!csv && !r->rc) option_ce_text(o, b, ce, n_ce);
        ce_free(ce, n_ce);
    }
    free(buf);
    return r->rc;
}

int ws_h5_summary(const char *path, const ws_h5_summary_opts *o, FILE *out, ws_error *e)
{
    ws__h5r r = {.path = path ? path : "(null)", .kind = "results file", .e = e};
    static const ws_h5_summary_opts none = {0};
    if (!o) o = &none;
    ws__h5_quiet quiet;
    ws__h5_quiet_begin(&quiet);
    hid_t sum = H5I_INVALID_HID;
    ws__h5_text t = {0};
    board b;
    memset(&b, 0, sizeof b);

    hid_t file = ws__h5r_open_file(&r);
    if (file < 0 || ws__h5r_check_run_file(&r, file)) goto done;
    if (!ws__h5r_has(&r, file, "summary")) {
        ws__h5r_fail(&r, WS_EINPUT, false,
                     "the file has no /summary (written by an older wijksim?)");
        goto done;
    }
    sum = ws__h5r_open_obj(&r, file, "summary", true, "");
    if (sum < 0 || board_read(&r, file, sum, o, &b) ||
        (r.rc = ws__h5_text_open(&t, e, r.path, "the table")))
        goto done;
    if (b.n_scen == 1)
        board_single(&r, sum, &b, o->csv, t.mem);
    else
        board_options(&r, sum, &b, o->csv, t.mem);
done:
    r.rc = ws__h5_text_emit(&t, r.rc, out, e, r.path, "the table");
    board_free(&b);
    ws__h5r_drop(&sum);
    ws__h5r_drop(&file);
    ws__h5_quiet_end(&quiet);
    return r.rc;
}
