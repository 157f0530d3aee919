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
#include "wijksim/intervention.h"

typedef enum ws_indicator_id {
#define WS_INDICATOR(name, domain, units, better, label, desc) WS_IND_##name,
#include "wijksim/indicators.def"
#undef WS_INDICATOR
    WS_N_INDICATORS
} ws_indicator_id;

typedef struct ws_indicator_info {
    const char *name, *domain, *units, *description;
    const char *label;  /* plain label with the Dutch policy term */
    int better;         /* +1 more is better, -1 less is better, 0 neither */
} ws_indicator_info;

extern const ws_indicator_info ws_indicators[WS_N_INDICATORS];

/* Per-intervention yearly outputs (ws_results_iv_at). Person programmes: new participants
 * (persons, or households for a household transition) in the year, participants still in the
 * programme in December, the waiting list in December, places offered in the year (capacity
 * within the budget), places planned (capacity x ramp-up, before the money), and offers turned
 * away because the person was in another programme on the same transition. Place programmes:
 * dwelling programmes (renovation, demolition_newbuild) give dwellings done, funded and
 * planned in participants, places and planned; level programmes (police FTE, points, SD,
 * starts per month, a share) give the year's mean level in participants, the planned mean
 * level in places and planned, and the December level in active; an allocation rule gives
 * the households it refused in turned_away. Counts are scaled up by 1/scale like the
 * indicators. */
enum ws_iv_output { WS_IVO_PARTICIPANTS, WS_IVO_ACTIVE, WS_IVO_WAITING, WS_IVO_PLACES,
                    WS_IVO_PLANNED, WS_IVO_TURNED_AWAY, WS_IVO_N };

typedef struct ws_results {
    int n_rep, n_year, n_area;
    int start_year;
    double *data; /* WS_N_INDICATORS * n_rep * n_year * n_area values, NaN until filled */
    /* interventions (ws_results_iv_init; 0 / NULL when the run has none) */
    int n_iv;
    double *iv;    /* WS_IVO_N * n_rep * n_year * n_area * n_iv values, NaN until filled */
    double *spend; /* n_rep * n_year * n_area * n_iv * WS_PAY_N values: EUR spent in the
                      year by each payer */
} ws_results;

/* Metadata of a run, stored with the results. Filled by the caller (CLI). */
typedef struct ws_run_meta {
    char version[32];
    char git_revision[64];
    char command_line[4096];
    char created[40];            /* ISO 8601 UTC start time */
    char finished[40];           /* ISO 8601 UTC end time */
    int threads;
} ws_run_meta;

/* Zeroes r and allocates the indicator array (filled with NaN). Returns 0, WS_EINPUT (a
 * dimension <= 0) or WS_ENOMEM, with r left empty on failure. */
int ws_results_init(ws_results *r, int n_rep, int n_year, int n_area, int start_year,
                    ws_error *e);

/* Adds the intervention arrays for n_iv interventions to an initialised r (filled with NaN),
 * replacing any it had. n_iv <= 0 does nothing. Returns 0 or WS_ENOMEM (r unchanged). */
int ws_results_iv_init(ws_results *r, int n_iv, ws_error *e);

/* Frees the arrays (indicators and interventions); r may be NULL or already closed. */
void ws_results_close(ws_results *r);

/* Pointer to value(i, rep, year, area). */
static inline double *ws_results_at(const ws_results *r, int i, int rep, int year, int area)
{
    return r->data + (((size_t)i * r->n_rep + rep) * r->n_year + year) * r->n_area + area;
}

/* Pointer to intervention output k (enum ws_iv_output) of (rep, year, area, intervention). */
static inline double *ws_results_iv_at(const ws_results *r, int k, int rep, int year, int area,
                                       int iv)
{
    return r->iv + ((((size_t)k * r->n_rep + rep) * r->n_year + year) * r->n_area + area) *
                       r->n_iv + iv;
}

/* Pointer to the spend (EUR) of payer in (rep, year, area, intervention). */
static inline double *ws_results_spend_at(const ws_results *r, int rep, int year, int area,
                                          int iv, int payer)
{
    size_t cell = (((size_t)rep * r->n_year + year) * r->n_area + area) * r->n_iv + iv;
    return r->spend + cell * WS_PAY_N + payer;
}

/* Index of indicator `name`, or -1. */
int ws_indicator_find(const char *name);

#endif
