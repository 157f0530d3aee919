/* lua_hooks.h: yearly policy hooks written in Lua — a scenario's `hook` function, called by
 * the run between years through the core's plain-C callback (model.h, ws_year_hook_fn).
 *
 * In a scenario (also one inside a comparison):
 *
 *   hook = function(year, areas)
 *     -- year: the calendar year just simulated
 *     -- areas[id]: that replication's indicators of the year (every name of
 *     --   include/wijksim/indicators.def) and budget_weight = { [package] = weight }
 *     return { [package] = { [area_id] = weight, ... } }   -- or nothing: keep the weights
 *   end
 *
 * Weights are relative (non-negative, finite) and split that package's yearly envelope over its
 * areas from the next year on; areas not listed keep theirs; the defaults are the residents.
 * The hook runs on aggregates only, serially, in the same sandbox as the loader (limits reset
 * for each call: instructions; memory keeps the same cap).
 */
#ifndef WIJKSIM_LUA_HOOKS_H
#define WIJKSIM_LUA_HOOKS_H

#include "wijksim/err.h"
#include "wijksim/model.h"
#include "wijksim/scenario.h"

typedef struct ws_lua_hooks ws_lua_hooks;

/* Runs the scenario file at path again (it must have loaded into c with ws_lua_load_run) and
 * keeps the `hook` function of each of c's scenarios. On success *out is the handle, or NULL
 * when no scenario has a hook; free with ws_lua_hooks_close. c must outlive the handle.
 * Returns 0, or WS_EINPUT / WS_EIO / WS_ENOMEM / WS_ERUNTIME with e filled (*out NULL). */
int ws_lua_hooks_open(const char *path, const ws_comparison *c, ws_lua_hooks **out, ws_error *e);

/* ws_year_hook_fn for ud = a ws_lua_hooks handle: calls scenario scenario_index's hook (if it
 * has one) with the year and the indicators of (rep, year_index) in r and the weights in w, and
 * applies the weights it returns to w. Errors — a Lua runtime error, the instruction or memory
 * limit, a return that is not nil or a table, an unknown package or area (or an area outside
 * the package), a weight that is negative, non-finite or not a number — return WS_EINPUT with
 * the scenario file, the line (of the error, else of the hook's definition) and key "hook" in
 * e (WS_ENOMEM when out of memory); w may then be partly changed. Not thread-safe. */
int ws_lua_hooks_call(void *ud, int scenario_index, int rep, int year_index, const ws_results *r,
                      ws_budget_weights *w, ws_error *e);

/* Closes the Lua state and frees the handle; NULL is a no-op. */
void ws_lua_hooks_close(ws_lua_hooks *h);

#endif
