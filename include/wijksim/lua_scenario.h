/* lua_scenario.h: loading a scenario script (Lua 5.4, sandboxed) into a ws_scenario.
 *
 * The scenario language (see README "Writing a scenario"):
 *
 *   return wijksim.scenario {
 *     name = "baseline",              -- string, required
 *     description = "...",            -- string, optional
 *     start_year = 2026,              -- integer 1990..2100, default 2026
 *     years = 20,                     -- integer 1..60, default 20
 *     replications = 10,              -- integer 1..100000, default 10
 *     seed = 2026,                    -- integer 0..4294967295, default 1
 *     scale = 1.0,                    -- number in (0, 1], default 1
 *     area_data = "areas/nplv2022.csv", -- path relative to the scenario file's folder
 *     areas = "all",                  -- "all", "nplv2020", or a list of area ids
 *     params = { name = value, ... }, -- overrides of model parameters (wijksim params)
 *   }
 *
 * `wijksim.areas(selector)` returns the list of area ids for "all"/"nplv2020" so scripts can
 * filter it. The sandbox opens only base (without load, loadfile, dofile, require of files
 * outside the scenario folder, collectgarbage, print is allowed to stderr), string, table,
 * math and utf8; no io, os, debug or package; text chunks only (no bytecode); memory is capped
 * and an instruction-count hook stops runaway scripts.
 */
#ifndef WIJKSIM_LUA_SCENARIO_H
#define WIJKSIM_LUA_SCENARIO_H

#include "wijksim/err.h"
#include "wijksim/scenario.h"

/* Runs the script at path and fills s (caller-owned; on success free with
 * ws_scenario_close). Every error — Lua syntax or runtime error, unknown key, wrong type,
 * value out of range, unknown area or parameter, unreadable or invalid area file — returns
 * WS_EINPUT (WS_EIO for an unreadable scenario file) with file, line and key in e, and leaves
 * s empty. */
int ws_lua_load_scenario(const char *path, ws_scenario *s, ws_error *e);

#endif
