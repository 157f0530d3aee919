/* lua_sweep.h: loading a sweep script (Lua 5.4, the scenario sandbox) — its design, and the
 * scenario of each design point on demand (sim/lua/lua_sweep.c).
 *
 * The sweep language (README "Sweeps"):
 *
 *   return wijksim.sweep {
 *     name = "...", description = "...",   -- name required
 *     replications = 4,                    -- per design point, 1..10000 (default 10)
 *     seed = 2026,                         -- 0..4294967295 (default 1): every point's seed, and
 *                                          -- the seed of random designs and the bootstrap
 *     design = "grid",                     -- "grid" | "list" | "random" | "sobol" | "saltelli"
 *     n = 64,                              -- points (random, sobol) or base rows (saltelli)
 *     factors = {                          -- 1..20 factors, names unique
 *       { name = "debt_budget", values = { 0, 2e6, 4e6 } },             -- levels (numbers
 *                                                                        -- or strings)
 *       { name = "police_budget", min = 0, max = 6e6, steps = 4 },      -- a range (steps:
 *                                                                        -- grid only)
 *       { name = "job_hr", param = "job_finding_base", min = 0.01, max = 0.03,
 *         dist = "uniform" | "loguniform", integer = false },
 *     },
 *     points = { { debt_budget = 1e6, police_budget = 0 }, ... },       -- design = "list" only
 *     constraint = function(v) return v.debt_budget + v.police_budget <= 8e6 end, -- optional
 *     scenario = function(v) return wijksim.scenario { ... v.debt_budget ... } end,
 *     store = "areas" | "totals",          -- per-run arrays per area (default) or all-areas only
 *     reference = { debt_budget = 0, police_budget = 0 },  -- optional: a design point the
 *                                          -- summaries compare every point with, per replication
 *   }
 *
 * `scenario` is a function of the point's values v (v[factor name] = number, or the level's
 * string) returning wijksim.scenario { ... } (not a comparison), or a wijksim.scenario table used
 * for every point (then every factor must set a parameter). A factor with `param` also sets that
 * model parameter in every point's scenario (after the function; within the parameter's range).
 * The sweep's seed and replications replace the scenario's. Every point must simulate the same
 * start year, years and areas. Yearly hooks are not allowed in sweeps.
 */
#ifndef WIJKSIM_LUA_SWEEP_H
#define WIJKSIM_LUA_SWEEP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "wijksim/err.h"
#include "wijksim/scenario.h"
#include "wijksim/sweep.h"

#define WS_SWEEP_MAX_REPLICATIONS 10000

typedef struct ws_lua_sweep ws_lua_sweep;

/* What the sweep script says besides its design. */
typedef struct ws_sweep_def {
    char name[128], description[512];
    char path[512];           /* the file as given */
    char sha256[65];          /* of its bytes */
    const char *source;       /* its exact bytes (owned by the ws_lua_sweep) */
    size_t source_len;
    int replications;
    uint32_t seed;
    bool store_areas;
    int reference;            /* the point named by `reference`, -1 when none */
} ws_sweep_def;

/* Runs the sweep script at path in the sandbox, validates it (every key with file, line and key
 * in e), builds its design (ws_design_make, then the constraint) and keeps the Lua state to
 * make scenarios. Does not yet build any point's scenario. Returns 0 with *out set (free with
 * ws_lua_sweep_close), or WS_EINPUT / WS_EIO / WS_ENOMEM. */
int ws_lua_sweep_load(const char *path, ws_lua_sweep **out, ws_error *e);

const ws_sweep_def *ws_lua_sweep_def(const ws_lua_sweep *sw);
const ws_design *ws_lua_sweep_design(const ws_lua_sweep *sw);

/* Builds the scenario of design point `point` into s (caller-owned; close with
 * ws_scenario_close): calls the scenario function with the point's values, validates the result,
 * sets the parameter factors, the sweep's seed and replications, and checks that it simulates
 * the same start year, years and areas as point 0 (`ref`, NULL for point 0 itself). Errors name
 * the file, line and key, with the point's values. Not thread-safe: one call at a time per sw. */
int ws_lua_sweep_scenario(ws_lua_sweep *sw, int point, const ws_scenario *ref, ws_scenario *s,
                          ws_error *e);

/* Frees the sweep; sw may be NULL. */
void ws_lua_sweep_close(ws_lua_sweep *sw);

#endif
