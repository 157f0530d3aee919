/* lua_scenario.h: loading a scenario script (Lua 5.4, sandboxed) into a ws_scenario.
 *
 * The scenario language (see README "Writing a scenario"; scenarios/catalogue.lua for the
 * shipped interventions):
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
 * A script may instead return a comparison: scenarios that share every run-level key
 * (start_year, years, replications, seed, scale, area_data, areas, params), so they run on the
 * same random numbers:
 *
 *   return wijksim.comparison {
 *     name = "...", description = "...",        -- as for a scenario
 *     start_year, years, replications, seed, scale, area_data, areas, params,  -- as above
 *     baseline = wijksim.scenario { name = "..." },            -- required
 *     options = { wijksim.scenario { name = "...", packages = { ... } }, ... },  -- 1..64
 *   }
 *
 * Any scenario may also set `hook = function(year, areas) ... end`, a yearly policy hook
 * (include/wijksim/lua_hooks.h); the loader checks that it is a function and otherwise ignores it
 * (a ws_scenario holds no Lua).
 *
 * A scenario inside a comparison takes only name, description, packages, interventions and hook;
 * a run-level key there is an error. Names of the baseline and options must differ.
 *
 * Policy (any scenario): packages = { wijksim.package { ... }, ... } (at most 16) and
 * interventions = { <intervention>, ... } (outside packages; at most 64 in all).
 *
 *   wijksim.package { name = "...", rijk_eur_per_year = ..., interventions = { ... }, ... }
 *   wijksim.intervention { name = "...", transition = "..." | place_target = "...", ... }
 *
 *   Their keys — type, default, bounds and which programmes take them — are the lines of
 *   include/wijksim/intervention_fields.def (`wijksim interventions` lists them, README
 *   "Interventions" shows them). The loader converts each value to its C type (names to enum
 *   values, area ids to rows) and knows the shape of a table: unknown keys, a key of the other
 *   kind of programme, a required key (transition, place_target; a package's budget and
 *   interventions), an effect with one form and an uncertainty with the keys of its
 *   distribution (whose min..max must contain the effect). Every rule on the values is
 *   ws_policy_check_at's (intervention.h), run after each table is read; its message is kept
 *   and the file and line of the key it names are added. The kind defaults to place when only
 *   place_target is given; name to type; cofinance to the payer's whole cost, and payer to the
 *   largest cofinance share; the effect to no change in the form the transition takes.
 *
 * `wijksim.intervention_type(defaults)` returns a catalogue constructor: `f { overrides }`
 * returns a new intervention table, a deep copy of the defaults with the override keys
 * replacing theirs (a nested table such as `who` is replaced whole). Unknown keys in the
 * defaults or in the overrides are errors at once, at the line where they are written.
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
 * value out of range, unknown area or parameter, unreadable or invalid area file, a file that
 * returns a wijksim.comparison (use ws_lua_load_run) — returns
 * WS_EINPUT (WS_EIO for an unreadable scenario file) with file, line and key in e, and leaves
 * s empty. */
int ws_lua_load_scenario(const char *path, ws_scenario *s, ws_error *e);

/* Runs the script at path, which returns a scenario (c->n = 1) or a comparison (baseline in
 * c->scen[0], then the options), and fills c (caller-owned; on success free with
 * ws_comparison_close). Every scenario is complete and owns its copies: area table, area_sel,
 * source bytes (with path and sha256 of the file given), params and policy. Errors as for
 * ws_lua_load_scenario; on failure c is left empty. */
int ws_lua_load_run(const char *path, ws_comparison *c, ws_error *e);

#endif
