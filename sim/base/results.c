/* results.c: indicator metadata (from indicators.def) and the results arrays. */
#include "wijksim/results.h"
#include "wijksim/intervention.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const ws_indicator_info ws_indicators[WS_N_INDICATORS] = {
#define WS_INDICATOR(name, domain, units, better, label, desc) {#name, #domain, units, desc, label, better},
#include "wijksim/indicators.def"
#undef WS_INDICATOR
};

int ws_results_init(ws_results *r, int n_rep, int n_year, int n_area, int start_year,
                    ws_error *e)
{
    memset(r, 0, sizeof *r);
    size_t n = (size_t)WS_N_INDICATORS * (size_t)n_rep * (size_t)n_year * (size_t)n_area;
    if (n_rep <= 0 || n_year <= 0 || n_area <= 0)
        return ws_error_set(e, WS_EINPUT, NULL, 0, NULL, "empty results shape %d x %d x %d",
                            n_rep, n_year, n_area);
    double *d = malloc(n * sizeof *d);
    if (!d)
        return ws_error_set(e, WS_ENOMEM, NULL, 0, NULL,
                            "cannot allocate %zu indicator values", n);
    for (size_t i = 0; i < n; i++) d[i] = NAN;
    r->n_rep = n_rep;
    r->n_year = n_year;
    r->n_area = n_area;
    r->start_year = start_year;
    r->data = d;
    return 0;
}

int ws_results_iv_init(ws_results *r, int n_iv, ws_error *e)
{
    if (n_iv <= 0) return 0;
    size_t cells = (size_t)r->n_rep * (size_t)r->n_year * (size_t)r->n_area * (size_t)n_iv;
    double *iv = malloc((size_t)WS_IVO_N * cells * sizeof *iv);
    double *sp = malloc((size_t)WS_PAY_N * cells * sizeof *sp);
    if (!iv || !sp) {
        free(iv);
        free(sp);
        return ws_error_set(e, WS_ENOMEM, NULL, 0, NULL,
                            "cannot allocate outputs of %d interventions", n_iv);
    }
    for (size_t i = 0; i < (size_t)WS_IVO_N * cells; i++) iv[i] = NAN;
    for (size_t i = 0; i < (size_t)WS_PAY_N * cells; i++) sp[i] = NAN;
    free(r->iv);
    free(r->spend);
    r->iv = iv;
    r->spend = sp;
    r->n_iv = n_iv;
    return 0;
}

void ws_results_close(ws_results *r)
{
    if (!r) return;
    free(r->data);
    free(r->iv);
    free(r->spend);
    r->data = NULL;
    r->iv = NULL;
    r->spend = NULL;
    r->n_iv = 0;
}

int ws_indicator_find(const char *name)
{
    for (int i = 0; i < WS_N_INDICATORS; i++)
        if (strcmp(ws_indicators[i].name, name) == 0) return i;
    return -1;
}
