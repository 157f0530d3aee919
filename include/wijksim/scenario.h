/* scenario.h: a resolved scenario — what to simulate, as plain C data.
 *
 * Scenario scripts (Lua, see sim/lua/lua_scenario.c) are turned into this struct; the model core
 * reads only this struct and never sees Lua. Everything in it has been validated.
 */
#ifndef WIJKSIM_SCENARIO_H
#define WIJKSIM_SCENARIO_H

#include <stdint.h>
#include "wijksim/area.h"
#include "wijksim/err.h"
#include "wijksim/intervention.h"
#include "wijksim/params.h"

#define WS_MAX_YEARS 60
#define WS_MAX_REPLICATIONS 100000

typedef struct ws_scenario {
    char name[128];         /* scenario name (HDF5 group /scenarios/<name>) */
    char description[512];  /* free text, may be empty */
    int start_year;         /* first simulated calendar year, 1990..2100 */
    int years;              /* horizon in years, 1..WS_MAX_YEARS */
    int replications;       /* 1..WS_MAX_REPLICATIONS */
    uint32_t seed;          /* base seed of all random streams, 0..2^32-1 */
    double scale;           /* fraction of households simulated, (0, 1] */
    ws_area_table areas;    /* the whole area file (owned) */
    int n_areas;            /* areas simulated */
    int *area_sel;          /* n_areas indices into areas.area, in scenario order (owned) */
    ws_params params;       /* defaults overridden by the scenario's `params` table */
    ws_policy policy;       /* interventions and packages (none: the baseline) */
    char path[512];         /* scenario file as given */
    char *source;           /* exact bytes of the scenario file, NUL-terminated (owned) */
    size_t source_len;
    char sha256[65];        /* hex SHA-256 of source */
} ws_scenario;

/* Frees what a scenario owns (areas, area_sel, source); s may be NULL. */
void ws_scenario_close(ws_scenario *s);

/* A comparison: a baseline and options simulated with the same seed, replications, areas,
 * horizon and calibration (common random numbers), so differences are per replication pair.
 * A plain scenario file loads as a comparison with only the baseline (n == 1). */
typedef struct ws_comparison {
    char name[128];         /* comparison name (file attribute) */
    char description[512];
    int n;                  /* scenarios; scen[0] is the baseline, scen[1..n-1] the options */
    ws_scenario *scen;      /* owned; each owns its own copies (areas, source, policy) */
} ws_comparison;

/* Frees a comparison's scenarios; c may be NULL. */
void ws_comparison_close(ws_comparison *c);

#endif
