/* area.h: the area data table — one row per programme area, read from a CSV file.
 *
 * An area file (scenarios/areas/nplv2022.csv) has one header line and one line per area. Text
 * columns: area_id, area_name, municipality, gm_code, wijk_codes (space-separated CBS wijk
 * codes, one neighbourhood each), in_2020_programme (0/1). Numeric columns: every field of
 * area_fields.def. Fields are comma-separated; a field may be double-quoted ("" inside quotes
 * is a quote). Extra columns are ignored.
 */
#ifndef WIJKSIM_AREA_H
#define WIJKSIM_AREA_H

#include <stdbool.h>
#include "wijksim/err.h"

#define WS_MAX_NBH 32     /* neighbourhoods (wijken) per area */
#define WS_MAX_AREAS 256  /* areas per file */

enum ws_area_field_kind { WS_AF_COUNT, WS_AF_SHARE, WS_AF_REAL };

typedef struct ws_area {
    int index;               /* row order in the file (0-based): stable, keys random streams */
    int line;                /* line of this row in the file (1-based) */
    char id[48];             /* area_id, e.g. "rotterdam_zuid" */
    char name[96];           /* area_name as displayed, e.g. "Rotterdam-Zuid" */
    char municipality[64];
    char gm_code[12];        /* CBS municipality code, e.g. "GM0599" */
    bool in_2020;            /* one of the 16 areas of the 2020 programme */
    int n_nbh;               /* neighbourhoods (>= 1) */
    char nbh_code[WS_MAX_NBH][12]; /* CBS wijk codes, e.g. "WK059910" */
#define WS_AREA_FIELD(name, kind, lo, hi, unit, doc) double name;
#include "wijksim/area_fields.def"
#undef WS_AREA_FIELD
} ws_area;

typedef struct ws_area_table {
    int n;              /* number of areas */
    ws_area *area;      /* n rows, owned */
    char path[512];     /* file read */
} ws_area_table;

/* Describes one numeric column of area_fields.def. */
typedef struct ws_area_field_info {
    const char *name;
    int kind;           /* enum ws_area_field_kind */
    double min, max;
    const char *unit;
    const char *doc;
    size_t offset;      /* offsetof(ws_area, name) */
} ws_area_field_info;

extern const ws_area_field_info ws_area_fields[];
extern const int ws_area_n_fields;

/* Reads and validates an area file into t (caller-owned struct; on success the caller must
 * call ws_area_table_close). Rejects, with file, line (0 when none) and column in e and
 * WS_EINPUT: a missing or repeated column, a non-numeric or out-of-range value (negative count,
 * share above 100), a bad area_id or text, a duplicate area_id, a wijk code given twice or in
 * two areas, an empty file, more than WS_MAX_AREAS rows, a file over 64 MiB, age shares not
 * summing to 100 +- 2, household or tenure shares over 100. WS_EIO when the file cannot be
 * read, WS_ENOMEM when memory runs out. On failure t is left empty (nothing to close).
 * Thread-safe for distinct t. */
int ws_area_table_load(const char *path, ws_area_table *t, ws_error *e);

/* Frees what ws_area_table_load allocated; t may be NULL or already closed. */
void ws_area_table_close(ws_area_table *t);

/* Index of the area with this id, or -1. */
int ws_area_table_find(const ws_area_table *t, const char *id);

#endif
