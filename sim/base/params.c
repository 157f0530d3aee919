/* params.c: the parameter table built from params.def, defaults and checked assignment. */
#include "wijksim/params.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

const ws_param_info ws_param_table[] = {
#define WS_PARAM(name, type, def, lo, hi, unit, source, doc)                                      \
    {#name, type, def, lo, hi, unit, source, doc, offsetof(ws_params, name)},
#include "wijksim/params.def"
#undef WS_PARAM
};

const int ws_n_params = (int)(sizeof ws_param_table / sizeof ws_param_table[0]);

static double *slot(ws_params *p, int i)
{
    return (double *)((char *)p + ws_param_table[i].offset);
}

void ws_params_defaults(ws_params *p)
{
    for (int i = 0; i < ws_n_params; i++) *slot(p, i) = ws_param_table[i].def;
}

int ws_params_find(const char *name)
{
    for (int i = 0; i < ws_n_params; i++)
        if (strcmp(ws_param_table[i].name, name) == 0) return i;
    return -1;
}

double ws_params_get(const ws_params *p, int idx)
{
    return *(const double *)((const char *)p + ws_param_table[idx].offset);
}

int ws_params_set(ws_params *p, const char *name, double v, ws_error *e)
{
    int i = ws_params_find(name);
    if (i < 0)
        return ws_error_set(e, WS_EINPUT, NULL, 0, name,
                            "unknown model parameter (see `wijksim params` for the list)");
    const ws_param_info *pi = &ws_param_table[i];
    if (!isfinite(v) || v < pi->min || v > pi->max)
        return ws_error_set(e, WS_EINPUT, NULL, 0, name,
                            "value %g is out of range: allowed %g to %g (%s)", v, pi->min,
                            pi->max, pi->unit);
    if (pi->type == WS_PT_INT && v != floor(v))
        return ws_error_set(e, WS_EINPUT, NULL, 0, name, "value %g must be a whole number", v);
    *slot(p, i) = v;
    return 0;
}
