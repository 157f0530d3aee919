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
 *   wijksim.package {
 *     name = "...",                             -- required, unique in the scenario
 *     rijk_eur_per_year, municipality_eur_per_year, corporation_eur_per_year,
 *     other_eur_per_year,                       -- EUR/yr, all areas together, >= 0, sum > 0
 *     start_year, end_year,                     -- default 1990..2100 (the whole run)
 *     interventions = { ... },                  -- required, non-empty
 *   }
 *
 *   wijksim.intervention {                      -- fields of ws_intervention (intervention.h)
 *     name (default: type; unique in the scenario), type, source, cost_source (appended to
 *     source as " | cost: ..."), evidence = "strong"|"moderate"|"weak"|"none" (default none),
 *     kind = "person"|"place" (default: place if place_target is given, else person),
 *     areas = { ids } | "all" (default all the scenario's; each must be simulated),
 *     payer = "rijk"|"municipality"|"corporation"|"other" (default rijk),
 *     cofinance = { payer = share, ... } (shares 0..1 summing to 1; default all to payer;
 *       without payer, payer = the largest share),
 *     start_year, end_year (1990..2100, start <= end; default the package's or 1990..2100;
 *       inside a package they must lie within its years), ramp_up_years (0..30),
 *     fixed_cost_per_year (EUR per area, >= 0),
 *     effect = { hr = x } | { odds_ratio = x } (0 < x <= 100) | { shift = x } (-10..10),
 *       (achievement takes only shift, every other transition only hr/odds_ratio; default
 *       hr = 1, achievement shift = 0),
 *     uncertainty = "none" | { dist = "fixed" } | { dist = "normal", sd = } (ratios: mean - 3 sd
 *       > 0) | { dist = "lognormal", sd_log = } (0..3; median = effect, positive only) |
 *       { dist = "uniform", min =, max = } (must contain the effect),
 *     -- person programmes:
 *     who = { age = {lo, hi}, sex = "male"|"female", labour = {names}, stage = {names},
 *             track = {names}, tenure = {names}, low_income, bijstand, debt, offender, network,
 *             distress, good_health, lonely, no_qualification = true|false },
 *     priority = "risk"|"random"|"first_come" (default random), places_per_year (per area,
 *     >= 0), cost_per_participant (EUR >= 0), take_up, completion (0 < x <= 1, default 1),
 *     programme_months (1..120, default 12), transition (required), effect_months,
 *     decay_months (0..600, default 0),
 *     -- place programmes:
 *     place_target (required), amount_per_year (per area, >= 0), cost_per_unit (EUR >= 0),
 *     spillover (-1..1, default 0; non-zero only for level targets, not renovation or
 *       demolition_newbuild: share of the level passed to the other areas the next year),
 *   }
 *   A key of the other kind is an error. A person programme outside a package needs
 *   places_per_year > 0; inside a package without places_per_year it needs
 *   cost_per_participant > 0 (the budget sets capacity); likewise amount_per_year /
 *   cost_per_unit for place programmes.
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
