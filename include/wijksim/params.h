/* params.h: model parameters, declared once in params.def.
 *
 * Every parameter has a name, a type, a default, a plausible range, a unit, a source (or the
 * word "assumption"/"calibration") and a one-line doc. The struct, the defaults, validation,
 * Lua access (scenario key `params`), the HDF5 table /input/parameters and `wijksim params`
 * all come from the one list. Values are stored as double; WS_PT_INT values must be whole.
 */
#ifndef WIJKSIM_PARAMS_H
#define WIJKSIM_PARAMS_H

#include <stddef.h>
#include "wijksim/err.h"

enum ws_param_type { WS_PT_REAL, WS_PT_INT };

typedef struct ws_params {
#define WS_PARAM(name, type, def, lo, hi, unit, source, doc) double name;
#include "wijksim/params.def"
#undef WS_PARAM
} ws_params;

typedef struct ws_param_info {
    const char *name;
    int type;           /* enum ws_param_type */
    double def, min, max;
    const char *unit;
    const char *source;
    const char *doc;
    size_t offset;      /* offsetof(ws_params, name) */
} ws_param_info;

extern const ws_param_info ws_param_table[];
extern const int ws_n_params;

/* Fills p with every default. Can't fail. */
void ws_params_defaults(ws_params *p);

/* Index into ws_param_table of the parameter called name, or -1. */
int ws_params_find(const char *name);

/* Value of parameter idx (0 <= idx < ws_n_params). */
double ws_params_get(const ws_params *p, int idx);

/* Sets parameter `name` to v after checking it exists, lies in [min, max] and is whole for
 * WS_PT_INT. On failure returns WS_EINPUT, leaves p unchanged and fills e (key = name; the
 * caller adds file and line). */
int ws_params_set(ws_params *p, const char *name, double v, ws_error *e);

#endif
