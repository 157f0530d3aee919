/* results.h: indicator arrays of a run — what the model fills and the HDF5 writer stores.
 *
 * Layout: value(i, r, y, a) = data[((i * n_rep + r) * n_year + y) * n_area + a] for indicator
 * i (ws_indicator_id order), replication r, year y (start_year + y) and area a (scenario
 * order). Each replication writes only its own slice, so replications may fill one results
 * object from different threads.
 */
#ifndef WIJKSIM_RESULTS_H
#define WIJKSIM_RESULTS_H

#include <stddef.h>
#include "wijksim/err.h"

typedef enum ws_indicator_id {
#define WS_INDICATOR(name, domain, units, desc) WS_IND_##name,
#include "wijksim/indicators.def"
#undef WS_INDICATOR
    WS_N_INDICATORS
} ws_indicator_id;

typedef struct ws_indicator_info {
    const char *name, *domain, *units, *description;
} ws_indicator_info;

extern const ws_indicator_info ws_indicators[WS_N_INDICATORS];

typedef struct ws_results {
    int n_rep, n_year, n_area;
    int start_year;
    double *data; /* WS_N_INDICATORS * n_rep * n_year * n_area values, NaN until filled */
} ws_results;

/* Allocates the arrays (filled with NaN). Returns 0 or WS_ENOMEM (r left empty). */
int ws_results_init(ws_results *r, int n_rep, int n_year, int n_area, int start_year,
                    ws_error *e);

/* Frees the arrays; r may be NULL or already closed. */
void ws_results_close(ws_results *r);

/* Pointer to value(i, rep, year, area). */
static inline double *ws_results_at(const ws_results *r, int i, int rep, int year, int area)
{
    return r->data + (((size_t)i * r->n_rep + rep) * r->n_year + year) * r->n_area + area;
}

/* Index of indicator `name`, or -1. */
int ws_indicator_find(const char *name);

#endif
