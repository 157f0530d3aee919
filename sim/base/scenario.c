/* scenario.c: releasing what a ws_scenario owns. */
#include "wijksim/scenario.h"

#include <stdlib.h>
#include <string.h>

void ws_scenario_close(ws_scenario *s)
{
    if (!s) return;
    ws_area_table_close(&s->areas);
    free(s->area_sel);
    free(s->source);
    s->area_sel = NULL;
    s->source = NULL;
    s->n_areas = 0;
    s->source_len = 0;
}

void ws_comparison_close(ws_comparison *c)
{
    if (!c) return;
    for (int i = 0; i < c->n; i++) ws_scenario_close(&c->scen[i]);
    free(c->scen);
    c->scen = NULL;
    c->n = 0;
}
