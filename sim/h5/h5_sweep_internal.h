/* h5_sweep_internal.h: what the sweep file's writer (h5_sweep.c) and reader (h5_sweep_read.c)
 * share: format constants and the reader's state (internal to ws_h5).
 */
#ifndef WS_H5_SWEEP_INTERNAL_H
#define WS_H5_SWEEP_INTERNAL_H

#include <stdbool.h>
#include <hdf5.h>

#include "wijksim/h5_sweep.h"
#include "h5_common.h"

#define SWEEP_FORMAT_VERSION 1              /* bump when the layout changes incompatibly */
#define CHUNK_TARGET_BYTES (128 * 1024)     /* run and summary chunks aimed at */
#define AREA_CHUNK_MAX (512 * 1024)         /* one point's per-area replications, at most */
#define READ_CACHE_BYTES (AREA_CHUNK_MAX + CHUNK_TARGET_BYTES) /* per run dataset, reading */
#define SUMMARY_READ_MAX (16 * 1024 * 1024) /* totals read back at once for the summary */
#define N_STAT 4                              /* mean, p05, p50, p95 (ws_summary_band order) */

/* Names of the summary statistics, in ws_summary_band order. */
extern const char *const ws__sweep_stat_names[N_STAT];

static inline size_t clamp_sz(size_t v, size_t lo, size_t hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* A row of /design/factors, written and read (strings: variable-length UTF-8). */
typedef struct factor_row {
    const char *name, *param, *kind;
    double min, max;
    int steps;
    const char *dist;
    signed char integer;
    const char *levels;
    signed char labelled;
} factor_row;

/* Its columns: one table for the writer and the reader (each file that includes this header
 * has its own copy of this small constant, so neither depends on the other). */
static const ws__h5_col ws__sweep_factor_cols[] = {
    {"name", offsetof(factor_row, name), WS__COL_STR},
    {"param", offsetof(factor_row, param), WS__COL_STR},
    {"kind", offsetof(factor_row, kind), WS__COL_STR},
    {"min", offsetof(factor_row, min), WS__COL_F64},
    {"max", offsetof(factor_row, max), WS__COL_F64},
    {"steps", offsetof(factor_row, steps), WS__COL_I32},
    {"dist", offsetof(factor_row, dist), WS__COL_STR},
    {"integer", offsetof(factor_row, integer), WS__COL_I8},
    {"levels", offsetof(factor_row, levels), WS__COL_STR},
    {"labelled", offsetof(factor_row, labelled), WS__COL_I8},
};
#define WS__SWEEP_N_FACTOR_COLS                                                                    \
    ((int)(sizeof ws__sweep_factor_cols / sizeof ws__sweep_factor_cols[0]))

/* ---- reader state ------------------------------------------------------------------------ */

struct ws_h5_sweep_in {
    char *path; /* the file (owned copy) */
    hid_t file;
    bool part;          /* file_kind "sweep_part" */
    ws_sweep_meta meta; /* meta.source points at source */
    char *source;       /* /input/sweep.lua's bytes, NUL-terminated (owned) */
    ws_design d;        /* arrays malloc'd: freed by ws_design_free */
    ws_sweep_shape sh;
    unsigned char *done;         /* n_points * n_rep flags */
    char **area_name, **area_id; /* n_area each (owned) */
    /* run datasets of this build's indicators (H5I_INVALID_HID: not in the file) */
    hid_t tot[WS_N_INDICATORS], area[WS_N_INDICATORS], spend;
    int n_missing; /* this build's indicators the file lacks */
};

#endif
