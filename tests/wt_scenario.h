/* wt_scenario.h: test helpers that build scenarios over the shipped area file without Lua
 * and run them (shared by the model and intervention tests). */
#ifndef WT_SCENARIO_H
#define WT_SCENARIO_H

#include "wt.h"
#include "wijksim/model.h"

#include <stdlib.h>
#include <string.h>

/* A scenario over the shipped area file (the Lua loader has its own tests). ids == NULL: every
 * area; otherwise a NULL-terminated list of area ids. Seed 2026, or the environment's WT_SEED:
 * the tests' tolerances are stated for 2026; another seed (a new calibration and new draws)
 * shows how a statistical case fares beyond it (README, "Calibration and baseline
 * stability"). */
static void make_scenario(ws_scenario *s, const char **ids, int years, int reps, double scale)
{
    memset(s, 0, sizeof *s);
    ws_error e;
    if (ws_area_table_load(WS_SRC_DIR "/scenarios/areas/nplv2022.csv", &s->areas, &e))
        WT_FAIL("area data: %s", e.msg);
    snprintf(s->name, sizeof s->name, "test");
    s->start_year = 2026;
    s->years = years;
    s->replications = reps;
    s->seed = getenv("WT_SEED") ? (uint32_t)atoi(getenv("WT_SEED")) : 2026;
    s->scale = scale;
    ws_params_defaults(&s->params);
    int n = 0;
    if (ids)
        while (ids[n]) n++;
    else
        n = s->areas.n;
    s->n_areas = n;
    s->area_sel = malloc((size_t)n * sizeof *s->area_sel);
    for (int a = 0; a < n; a++) {
        s->area_sel[a] = ids ? ws_area_table_find(&s->areas, ids[a]) : a;
        WT_CHECK(s->area_sel[a] >= 0);
    }
}

/* Adds an intervention with defaults and a name to s's policy; returns it for further
 * settings. */
static inline ws_intervention *add_iv(ws_scenario *s, const char *name, int kind)
{
    ws_policy *p = &s->policy;
    WT_CHECK(p->n_interventions < WS_MAX_INTERVENTIONS);
    ws_intervention *iv = &p->iv[p->n_interventions++];
    ws_intervention_defaults(iv);
    snprintf(iv->name, sizeof iv->name, "%s", name);
    iv->kind = kind;
    return iv;
}

/* Runs every replication of s into r (initialised here); fails the case on error. */
static inline void run(const ws_scenario *s, ws_results *r)
{
    ws_error e;
    ws_error_clear(&e);
    int rc = ws_run_scenario(s, NULL, r, NULL, &e);
    if (rc) WT_FAIL("run failed: %s", e.msg);
}

#endif
