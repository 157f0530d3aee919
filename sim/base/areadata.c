/* areadata.c: reads and validates an area data file (CSV) into a ws_area_table.
 *
 * Design: the whole file is read into one heap buffer (area files are small, but a notes column
 * can make single lines arbitrarily long, so there is no line buffer to overflow). A small CSV
 * scanner then splits the buffer into records in place: unquoting only ever shrinks a field, so
 * the unquoted text is written back over the raw text and NUL-terminated, and each field is a
 * pointer into the buffer. Quoted fields may hold commas, "" escapes and line breaks; CRLF, a
 * UTF-8 byte-order mark and blank lines are tolerated. Columns are found by header name (never by
 * position); the numeric columns and their kinds and ranges come from area_fields.def, so adding
 * a field there is enough for the reader to require and check it.
 *
 * Invariants: rows are parsed into a private array and only handed to the caller's table when
 * the whole file has passed, so a failed load leaves the table zeroed and owns nothing. Numbers
 * are parsed in the "C" locale whatever the process locale is. Every error names the file, the
 * 1-based line where the offending record starts and the column.
 */
#include "wijksim/area.h"

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const ws_area_field_info ws_area_fields[] = {
#define WS_AREA_FIELD(name, kind, lo, hi, unit, doc)                                               \
    {#name, kind, lo, hi, unit, doc, offsetof(ws_area, name)},
#include "wijksim/area_fields.def"
#undef WS_AREA_FIELD
};

const int ws_area_n_fields = (int)(sizeof ws_area_fields / sizeof ws_area_fields[0]);

/* Largest file accepted: the 20-area file is ~5 kB; this only stops a wrong path (a results
 * file, a disk image) from being slurped into memory. */
#define MAX_FILE_BYTES ((size_t)64 << 20)

/* Tolerance on the sum of the five age shares (percentage points). */
#define AGE_SUM_TOL 2.0

/* The text columns every area file must have, in the order they are looked up. */
enum { COL_ID, COL_NAME, COL_MUNI, COL_GM, COL_WIJK, COL_IN2020, N_TEXT_COLS };
static const char *const text_cols[N_TEXT_COLS] = {
    "area_id", "area_name", "municipality", "gm_code", "wijk_codes", "in_2020_programme",
};

/* Scanner state over the in-memory file. fields points into buf. */
typedef struct csv_scan {
    char *p, *end; /* read position and end of data (buf has one spare byte for a NUL) */
    int line;      /* physical line of p, 1-based */
    char **field;  /* fields of the current record */
    int n_field, cap_field;
} csv_scan;

/* Everything one load needs; released by load_free whether or not the load succeeded. */
typedef struct load_ctx {
    const char *path;
    ws_error *e;
    char *buf;
    csv_scan s;
    int *col;     /* header index of text column i (0..N_TEXT_COLS-1), then numeric field j */
    int n_header; /* fields in the header */
    ws_area *rows;
    int n_rows, cap_rows;
} load_ctx;

static int fail(load_ctx *c, int code, int line, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static int fail(load_ctx *c, int code, int line, const char *key, const char *fmt, ...)
{
    char msg[sizeof c->e->msg];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    /* values quoted from a damaged file may hold control bytes: keep messages printable */
    for (char *m = msg; *m; m++)
        if ((unsigned char)*m < 0x20 || *m == 0x7F) *m = '?';
    return ws_error_set(c->e, code, c->path, line, key, "%s", msg);
}

/* Reads the file into c->buf (NUL-terminated, length in *len). WS_EIO when it cannot be opened
 * or read, WS_EINPUT when it is too large, WS_ENOMEM when memory runs out. */
static int read_file(load_ctx *c, size_t *len)
{
    FILE *f = fopen(c->path, "rb");
    if (!f) {
        int err = errno;
        return fail(c, WS_EIO, 0, NULL, "cannot open the area file: %s", strerror(err));
    }
    size_t cap = 16384, n = 0;
    char *buf = malloc(cap);
    if (!buf) {
        fclose(f);
        return fail(c, WS_ENOMEM, 0, NULL, "cannot allocate %zu bytes to read the file", cap);
    }
    for (;;) {
        if (cap - n < 2) {
            if (cap >= MAX_FILE_BYTES + 2) {
                free(buf);
                fclose(f);
                return fail(c, WS_EINPUT, 0, NULL,
                            "file is larger than %zu MiB; an area file is a few kB of CSV",
                            MAX_FILE_BYTES >> 20);
            }
            size_t ncap = cap * 2 > MAX_FILE_BYTES + 2 ? MAX_FILE_BYTES + 2 : cap * 2;
            char *nb = realloc(buf, ncap);
            if (!nb) {
                free(buf);
                fclose(f);
                return fail(c, WS_ENOMEM, 0, NULL, "cannot allocate %zu bytes to read the file",
                            ncap);
            }
            buf = nb;
            cap = ncap;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0) break;
    }
    int bad = ferror(f);
    int err = errno;
    fclose(f);
    if (bad) {
        free(buf);
        return fail(c, WS_EIO, 0, NULL, "cannot read the area file: %s", strerror(err));
    }
    buf[n] = '\0';
    c->buf = buf;
    *len = n;
    return 0;
}

static int push_field(load_ctx *c, char *f)
{
    csv_scan *s = &c->s;
    if (s->n_field == s->cap_field) {
        int ncap = s->cap_field ? s->cap_field * 2 : 64;
        char **nf = realloc(s->field, (size_t)ncap * sizeof *nf);
        if (!nf) return fail(c, WS_ENOMEM, s->line, NULL, "cannot allocate a field list");
        s->field = nf;
        s->cap_field = ncap;
    }
    s->field[s->n_field++] = f;
    return 0;
}

/* Scans the next record into c->s.field. Returns 1 when a record was read (its first line in
 * *rec_line), 0 at the end of the data, or a negative code with c->e filled. */
static int next_record(load_ctx *c, int *rec_line)
{
    csv_scan *s = &c->s;
    s->n_field = 0;
    if (s->p >= s->end) return 0;
    *rec_line = s->line;
    for (;;) {
        char *start = s->p, *w = s->p, *q = s->p;
        while (q < s->end && (*q == ' ' || *q == '\t'))
            q++;
        if (q < s->end && *q == '"') {
            int open_line = s->line;
            s->p = q + 1;
            for (;;) {
                if (s->p >= s->end)
                    return fail(c, WS_EINPUT, open_line, NULL,
                                "quoted field opened on line %d is never closed (the file ends "
                                "inside quotes)",
                                open_line);
                char ch = *s->p;
                if (ch == '"') {
                    if (s->p + 1 < s->end && s->p[1] == '"') {
                        *w++ = '"';
                        s->p += 2;
                        continue;
                    }
                    s->p++;
                    break;
                }
                if (ch == '\0')
                    return fail(c, WS_EINPUT, s->line, NULL,
                                "file contains a NUL byte: not a text (CSV) file");
                if (ch == '\n' || (ch == '\r' && (s->p + 1 >= s->end || s->p[1] != '\n')))
                    s->line++;
                *w++ = ch;
                s->p++;
            }
            while (s->p < s->end && (*s->p == ' ' || *s->p == '\t'))
                s->p++;
            if (s->p < s->end && *s->p != ',' && *s->p != '\n' && *s->p != '\r')
                return fail(c, WS_EINPUT, s->line, NULL,
                            "unexpected text after a closing quote: a quoted field must end at a "
                            "comma or line end (write \"\" for a quote inside quotes)");
        } else {
            while (s->p < s->end && *s->p != ',' && *s->p != '\n' && *s->p != '\r') {
                if (*s->p == '\0')
                    return fail(c, WS_EINPUT, s->line, NULL,
                                "file contains a NUL byte: not a text (CSV) file");
                s->p++;
            }
            w = s->p;
        }
        int term = s->p < s->end ? *s->p : -1; /* read before *w may overwrite it */
        *w = '\0';
        int rc = push_field(c, start);
        if (rc) return rc;
        if (term == ',') {
            s->p++;
            continue;
        }
        if (term == '\r') {
            s->p++;
            if (s->p < s->end && *s->p == '\n') s->p++;
            s->line++;
        } else if (term == '\n') {
            s->p++;
            s->line++;
        }
        return 1;
    }
}

static bool is_space(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n' || ch == '\v' || ch == '\f';
}

/* Trims ASCII white space in place; returns the start of the trimmed text. */
static char *trim(char *f)
{
    while (is_space(*f))
        f++;
    size_t n = strlen(f);
    while (n > 0 && is_space(f[n - 1]))
        f[--n] = '\0';
    return f;
}

static bool is_blank_record(const csv_scan *s)
{
    if (s->n_field != 1) return false;
    for (const char *f = s->field[0]; *f; f++)
        if (!is_space(*f)) return false;
    return true;
}

/* True when f is well-formed UTF-8 (no overlongs, surrogates or code points past U+10FFFF). */
static bool valid_utf8(const char *f)
{
    const unsigned char *u = (const unsigned char *)f;
    while (*u) {
        unsigned char b = *u;
        int n;
        uint32_t cp;
        if (b < 0x80) {
            u++;
            continue;
        } else if ((b & 0xE0) == 0xC0) {
            n = 1;
            cp = b & 0x1F;
        } else if ((b & 0xF0) == 0xE0) {
            n = 2;
            cp = b & 0x0F;
        } else if ((b & 0xF8) == 0xF0) {
            n = 3;
            cp = b & 0x07;
        } else {
            return false;
        }
        for (int i = 1; i <= n; i++) {
            if ((u[i] & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (u[i] & 0x3F);
        }
        if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
            cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        u += n + 1;
    }
    return true;
}

/* Copies a text column into dst (size n): must be non-empty, valid UTF-8 and fit. */
static int copy_text(load_ctx *c, int line, const char *key, const char *val, char *dst, size_t n)
{
    size_t len = strlen(val);
    if (len == 0) return fail(c, WS_EINPUT, line, key, "value is empty; a text is required");
    if (!valid_utf8(val))
        return fail(c, WS_EINPUT, line, key, "value is not valid UTF-8 (save the file as UTF-8)");
    if (len >= n)
        return fail(c, WS_EINPUT, line, key,
                    "value '%.40s...' is %zu bytes long; at most %zu are allowed", val, len, n - 1);
    memcpy(dst, val, len + 1);
    return 0;
}

/* Strict decimal number syntax: [+-] digits [. digits] [e [+-] digits], at least one mantissa
 * digit. Rejects what strtod would also take: hex floats, inf, nan, a decimal comma. */
static bool number_syntax(const char *f)
{
    const char *p = f;
    if (*p == '+' || *p == '-') p++;
    int digits = 0;
    while (*p >= '0' && *p <= '9')
        p++, digits++;
    if (*p == '.') {
        p++;
        while (*p >= '0' && *p <= '9')
            p++, digits++;
    }
    if (!digits) return false;
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-') p++;
        if (!(*p >= '0' && *p <= '9')) return false;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    return *p == '\0';
}

/* Parses one numeric cell of field fi into *out, checking kind and range. */
static int parse_number(load_ctx *c, locale_t cloc, int line, int fi, const char *val, double *out)
{
    const ws_area_field_info *fd = &ws_area_fields[fi];
    if (!*val) return fail(c, WS_EINPUT, line, fd->name, "value is empty; a number is required");
    if (!number_syntax(val))
        return fail(c, WS_EINPUT, line, fd->name, "'%.60s' is not a number%s", val,
                    strchr(val, ',') ? " (use a point as the decimal separator)" : "");
    locale_t old = uselocale(cloc);
    char *endp;
    errno = 0;
    double v = strtod(val, &endp);
    int err = errno;
    uselocale(old);
    if (*endp != '\0' || !isfinite(v) || (err == ERANGE && fabs(v) > 1.0))
        return fail(c, WS_EINPUT, line, fd->name, "'%.60s' is not a usable number", val);
    if (fd->kind == WS_AF_SHARE) {
        if (v < 0)
            return fail(c, WS_EINPUT, line, fd->name,
                        "share %s is below 0 %%; shares are percentages 0 to 100 (%s)", val,
                        fd->unit);
        if (v > 100)
            return fail(c, WS_EINPUT, line, fd->name,
                        "share %s is above 100 %%; shares are percentages 0 to 100 (%s)", val,
                        fd->unit);
    } else if (fd->kind == WS_AF_COUNT && v < 0) {
        return fail(c, WS_EINPUT, line, fd->name, "count %s is negative; a count is 0 or more",
                    val);
    }
    if (v < fd->min || v > fd->max)
        return fail(c, WS_EINPUT, line, fd->name,
                    "value %s is outside the allowed range %g to %g (%s)", val, fd->min, fd->max,
                    fd->unit);
    *out = v;
    return 0;
}

static bool valid_id(const char *id)
{
    if (!*id) return false;
    for (const char *p = id; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_')) return false;
    return true;
}

/* Splits wijk_codes (space-separated) into a->nbh_code. */
static int parse_wijk_codes(load_ctx *c, int line, char *val, ws_area *a)
{
    const char *key = text_cols[COL_WIJK];
    a->n_nbh = 0;
    char *p = val;
    for (;;) {
        while (is_space(*p))
            p++;
        if (!*p) break;
        char *tok = p;
        while (*p && !is_space(*p))
            p++;
        size_t len = (size_t)(p - tok);
        if (a->n_nbh == WS_MAX_NBH)
            return fail(c, WS_EINPUT, line, key,
                        "more than %d wijk codes; an area may have at most %d neighbourhoods",
                        WS_MAX_NBH, WS_MAX_NBH);
        if (len >= sizeof a->nbh_code[0])
            return fail(
                c, WS_EINPUT, line, key,
                "wijk code '%.*s' is %zu characters long; at most %zu are allowed (e.g. WK059910)",
                (int)(len > 40 ? 40 : len), tok, len, sizeof a->nbh_code[0] - 1);
        for (size_t i = 0; i < len; i++) {
            char ch = tok[i];
            if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')))
                return fail(c, WS_EINPUT, line, key,
                            "wijk code '%.*s' may hold only letters and digits (e.g. WK059910)",
                            (int)len, tok);
        }
        memcpy(a->nbh_code[a->n_nbh], tok, len);
        a->nbh_code[a->n_nbh][len] = '\0';
        for (int k = 0; k < a->n_nbh; k++)
            if (strcmp(a->nbh_code[k], a->nbh_code[a->n_nbh]) == 0)
                return fail(c, WS_EINPUT, line, key, "wijk code %s is listed twice",
                            a->nbh_code[k]);
        a->n_nbh++;
    }
    if (a->n_nbh == 0)
        return fail(c, WS_EINPUT, line, key,
                    "no wijk codes; list at least one CBS wijk code (space-separated, e.g. "
                    "\"WK059910 WK059912\")");
    return 0;
}

/* Checks that the shares of one group add up as the file format requires. */
static int check_sums(load_ctx *c, const ws_area *a)
{
    double age = a->age_0_15 + a->age_15_25 + a->age_25_45 + a->age_45_65 + a->age_65p;
    if (fabs(age - 100.0) > AGE_SUM_TOL)
        return fail(c, WS_EINPUT, a->line, "age_0_15+age_15_25+age_25_45+age_45_65+age_65p",
                    "age shares sum to %.1f %%; they must sum to 100 %% (within %.0f)", age,
                    AGE_SUM_TOL);
    double hh = a->hh_one_person + a->hh_single_parent + a->hh_couple_children;
    if (hh > 100.0 + 1e-9)
        return fail(c, WS_EINPUT, a->line, "hh_one_person+hh_single_parent+hh_couple_children",
                    "household type shares sum to %.1f %%; at most 100 %% (couples without "
                    "children are the rest)",
                    hh);
    double ten = a->tenure_social + a->tenure_private;
    if (ten > 100.0 + 1e-9)
        return fail(c, WS_EINPUT, a->line, "tenure_social+tenure_private",
                    "tenure shares sum to %.1f %%; at most 100 %% (owner-occupied are the rest)",
                    ten);
    return 0;
}

/* Maps every required column to its header position. */
static int read_header(load_ctx *c, int line)
{
    csv_scan *s = &c->s;
    int n_need = N_TEXT_COLS + ws_area_n_fields;
    c->col = malloc((size_t)n_need * sizeof *c->col);
    if (!c->col) return fail(c, WS_ENOMEM, line, NULL, "cannot allocate the column map");
    c->n_header = s->n_field;
    for (int h = 0; h < s->n_field; h++)
        s->field[h] = trim(s->field[h]);
    for (int i = 0; i < n_need; i++) {
        const char *name = i < N_TEXT_COLS ? text_cols[i] : ws_area_fields[i - N_TEXT_COLS].name;
        c->col[i] = -1;
        for (int h = 0; h < s->n_field; h++) {
            if (strcmp(s->field[h], name) != 0) continue;
            if (c->col[i] >= 0)
                return fail(c, WS_EINPUT, line, name,
                            "column appears twice in the header (columns %d and %d)", c->col[i] + 1,
                            h + 1);
            c->col[i] = h;
        }
        if (c->col[i] < 0)
            return fail(c, WS_EINPUT, line, name,
                        "required column is missing from the header (the header must name area_id, "
                        "area_name, municipality, gm_code, wijk_codes, in_2020_programme and every "
                        "field of area_fields.def)");
    }
    return 0;
}

/* Parses the current record (a data row starting on line) into a new element of c->rows. */
static int read_row(load_ctx *c, locale_t cloc, int line)
{
    csv_scan *s = &c->s;
    if (s->n_field < c->n_header)
        return fail(c, WS_EINPUT, line, NULL,
                    "row has %d fields but the header has %d (a missing comma, or a line break "
                    "outside quotes?)",
                    s->n_field, c->n_header);
    for (int h = c->n_header; h < s->n_field; h++)
        if (*trim(s->field[h]))
            return fail(
                c, WS_EINPUT, line, NULL,
                "row has %d fields but the header has %d (an unquoted comma inside a value?)",
                s->n_field, c->n_header);
    if (c->n_rows == WS_MAX_AREAS)
        return fail(c, WS_EINPUT, line, NULL, "more than %d areas in one file", WS_MAX_AREAS);
    if (c->n_rows == c->cap_rows) {
        int ncap = c->cap_rows ? c->cap_rows * 2 : 32;
        if (ncap > WS_MAX_AREAS) ncap = WS_MAX_AREAS;
        ws_area *nr = realloc(c->rows, (size_t)ncap * sizeof *nr);
        if (!nr) return fail(c, WS_ENOMEM, line, NULL, "cannot allocate %d area rows", ncap);
        c->rows = nr;
        c->cap_rows = ncap;
    }
    ws_area *a = &c->rows[c->n_rows];
    memset(a, 0, sizeof *a);
    a->index = c->n_rows;
    a->line = line;
    char *txt[N_TEXT_COLS];
    for (int i = 0; i < N_TEXT_COLS; i++)
        txt[i] = trim(s->field[c->col[i]]);

    const char *id = txt[COL_ID];
    if (!valid_id(id))
        return fail(
            c, WS_EINPUT, line, text_cols[COL_ID],
            "area_id '%.60s' must be lower-case letters, digits and underscores ([a-z0-9_]+)", id);
    int rc = copy_text(c, line, text_cols[COL_ID], id, a->id, sizeof a->id);
    if (!rc) rc = copy_text(c, line, text_cols[COL_NAME], txt[COL_NAME], a->name, sizeof a->name);
    if (!rc)
        rc = copy_text(c, line, text_cols[COL_MUNI], txt[COL_MUNI], a->municipality,
                       sizeof a->municipality);
    if (!rc) rc = copy_text(c, line, text_cols[COL_GM], txt[COL_GM], a->gm_code, sizeof a->gm_code);
    if (rc) return rc;
    for (int k = 0; k < c->n_rows; k++)
        if (strcmp(c->rows[k].id, a->id) == 0)
            return fail(c, WS_EINPUT, line, text_cols[COL_ID],
                        "area_id '%s' is already used on line %d; ids must be unique", a->id,
                        c->rows[k].line);
    if ((rc = parse_wijk_codes(c, line, txt[COL_WIJK], a))) return rc;
    const char *in2020 = txt[COL_IN2020];
    if (strcmp(in2020, "0") != 0 && strcmp(in2020, "1") != 0)
        return fail(c, WS_EINPUT, line, text_cols[COL_IN2020],
                    "'%.60s' is not 0 or 1 (1 = one of the 16 areas of the 2020 programme)",
                    in2020);
    a->in_2020 = in2020[0] == '1';

    for (int fi = 0; fi < ws_area_n_fields; fi++) {
        double *slot = (double *)((char *)a + ws_area_fields[fi].offset);
        rc = parse_number(c, cloc, line, fi, trim(s->field[c->col[N_TEXT_COLS + fi]]), slot);
        if (rc) return rc;
    }
    if ((rc = check_sums(c, a))) return rc;
    c->n_rows++;
    return 0;
}

/* A neighbourhood belongs to one area only: a code in two rows would be counted twice. */
static int check_codes_unique(load_ctx *c)
{
    for (int i = 1; i < c->n_rows; i++)
        for (int k = 0; k < c->rows[i].n_nbh; k++)
            for (int j = 0; j < i; j++)
                for (int m = 0; m < c->rows[j].n_nbh; m++)
                    if (strcmp(c->rows[i].nbh_code[k], c->rows[j].nbh_code[m]) == 0)
                        return fail(c, WS_EINPUT, c->rows[i].line, text_cols[COL_WIJK],
                                    "wijk code %s is already part of area '%s' (line %d); a "
                                    "neighbourhood can belong to one area only",
                                    c->rows[i].nbh_code[k], c->rows[j].id, c->rows[j].line);
    return 0;
}

static void load_free(load_ctx *c)
{
    free(c->buf);
    free(c->s.field);
    free(c->col);
    free(c->rows);
}

static int load(load_ctx *c, locale_t cloc)
{
    size_t len = 0;
    int rc = read_file(c, &len);
    if (rc) return rc;
    c->s.p = c->buf;
    c->s.end = c->buf + len;
    c->s.line = 1;
    if (len >= 3 && memcmp(c->buf, "\xEF\xBB\xBF", 3) == 0) c->s.p += 3;

    int line = 0, header_line = 0;
    while ((rc = next_record(c, &line)) == 1) {
        if (is_blank_record(&c->s)) continue;
        if (!header_line) {
            header_line = line;
            if ((rc = read_header(c, line))) return rc;
        } else if ((rc = read_row(c, cloc, line))) {
            return rc;
        }
    }
    if (rc < 0) return rc;
    if (!header_line)
        return fail(c, WS_EINPUT, 0, NULL,
                    "file is empty; expected a header line and one line per area");
    if (c->n_rows == 0)
        return fail(c, WS_EINPUT, header_line, NULL, "file has a header but no area rows");
    return check_codes_unique(c);
}

/* Contract in area.h. Allocates only t->area (freed by ws_area_table_close); on any failure t
 * is zeroed and owns nothing. Thread-safe for distinct t: no global state (the C locale for
 * strtod is installed per thread with uselocale and restored). */
int ws_area_table_load(const char *path, ws_area_table *t, ws_error *e)
{
    if (!t) return ws_error_set(e, WS_EINPUT, path, 0, NULL, "no table to load into");
    memset(t, 0, sizeof *t);
    if (!path || !*path) return ws_error_set(e, WS_EINPUT, NULL, 0, NULL, "no area file given");
    load_ctx c = {.path = path, .e = e};
    locale_t cloc = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    if (cloc == (locale_t)0)
        return ws_error_set(e, WS_ENOMEM, path, 0, NULL,
                            "cannot create the C locale for number parsing");
    int rc = load(&c, cloc);
    freelocale(cloc);
    if (rc == 0) {
        /* Hand over exactly n rows; shrinking can't lose data, so a failed realloc is fine. */
        ws_area *rows = realloc(c.rows, (size_t)c.n_rows * sizeof *rows);
        t->area = rows ? rows : c.rows;
        t->n = c.n_rows;
        snprintf(t->path, sizeof t->path, "%s", path);
        c.rows = NULL;
    }
    load_free(&c);
    return rc;
}

/* Frees t->area and zeroes t; NULL and an already closed table are no-ops. Can't fail. */
void ws_area_table_close(ws_area_table *t)
{
    if (!t) return;
    free(t->area);
    memset(t, 0, sizeof *t);
}

/* Linear search by area_id (a file has at most WS_MAX_AREAS rows); -1 when absent or t or id is
 * NULL. Read-only, so safe to call from several threads. */
int ws_area_table_find(const ws_area_table *t, const char *id)
{
    if (!t || !id) return -1;
    for (int i = 0; i < t->n; i++)
        if (strcmp(t->area[i].id, id) == 0) return i;
    return -1;
}
