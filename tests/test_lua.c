/* test_lua.c: the Lua scenario loader — good scenarios, every kind of bad one, the sandbox and
 * its limits, and SHA-256. Bad scenarios live in tests/data/lua/, one file per case; the
 * expected line numbers below refer to those files. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "sha256.h"
#include "wt.h"
#include "wt_lua_file.h"
#include "wijksim/states.h"
#include "wijksim/lua_scenario.h"

#define DATA WS_SRC_DIR "/tests/data/lua/"

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Nothing owned and nothing half-filled is left behind on failure. */
static void check_empty(const ws_scenario *s)
{
    WT_CHECK(s->source == NULL);
    WT_EQ_INT(s->source_len, 0);
    WT_CHECK(s->area_sel == NULL);
    WT_EQ_INT(s->n_areas, 0);
    WT_CHECK(s->areas.area == NULL);
    WT_EQ_INT(s->areas.n, 0);
    WT_EQ_STR(s->name, "");
}

/* Loads tests/data/lua/<file>, expects failure with this code, line and key; the message must
 * contain `needle` (if given) and the key (if any). e.file must end with file_suffix, or equal
 * the scenario's path when file_suffix is NULL. */
static void expect_fail(const char *file, int code, int line, const char *key, const char *needle,
                        const char *file_suffix)
{
    char path[1024], buf[2048];
    snprintf(path, sizeof path, DATA "%s", file);
    ws_scenario s;
    memset(&s, 0xab, sizeof s); /* garbage in: the loader must clear it */
    ws_error e;
    int rc = ws_lua_load_scenario(path, &s, &e);
    fprintf(stderr, "%s -> %s\n", file, ws_error_format(&e, buf, sizeof buf));
    WT_EQ_INT(rc, code);
    WT_EQ_INT(e.code, code);
    WT_EQ_INT(e.line, line);
    WT_EQ_STR(e.key, key);
    if (needle && !strstr(e.msg, needle)) WT_FAIL("message lacks \"%s\": %s", needle, e.msg);
    /* Scenario keys are named in the message too (area-file columns only in e.key). */
    if (key[0] && !ends_with(e.file, ".csv") && !strstr(e.msg, key))
        WT_FAIL("message does not name key %s: %s", key, e.msg);
    if (file_suffix) {
        if (!ends_with(e.file, file_suffix)) WT_FAIL("e.file %s !~ *%s", e.file, file_suffix);
    } else {
        WT_EQ_STR(e.file, path);
    }
    check_empty(&s);
    ws_scenario_close(&s); /* safe on an empty scenario */
    ws_scenario_close(&s);
}

static void load_ok(const char *path, ws_scenario *s)
{
    ws_error e;
    char buf[2048];
    int rc = ws_lua_load_scenario(path, s, &e);
    if (rc) WT_FAIL("%s failed: %s", path, ws_error_format(&e, buf, sizeof buf));
}

/* ---- SHA-256 ---- */

WT_CASE(sha256_fips)
{
    char h[65];
    ws_sha256_hex("abc", 3, h);
    WT_EQ_STR(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *m448 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    ws_sha256_hex(m448, strlen(m448), h);
    WT_EQ_STR(h, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    ws_sha256_hex(NULL, 0, h);
    WT_EQ_STR(h, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    static char million[1000000];
    memset(million, 'a', sizeof million);
    ws_sha256_hex(million, sizeof million, h);
    WT_EQ_STR(h, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    /* Lengths around the padding boundary (55, 56, 63, 64 bytes) against known digests. */
    ws_sha256_hex(million, 55, h);
    WT_EQ_STR(h, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
    ws_sha256_hex(million, 56, h);
    WT_EQ_STR(h, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
    ws_sha256_hex(million, 63, h);
    WT_EQ_STR(h, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34");
    ws_sha256_hex(million, 64, h);
    WT_EQ_STR(h, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
}

/* ---- Good scenarios ---- */

/* The shipped baseline: 20 areas, its values, and the source hash equals sha256sum's. */
WT_CASE(baseline_shipped)
{
    const char *path = WS_SRC_DIR "/scenarios/baseline.lua";
    ws_scenario s;
    load_ok(path, &s);
    WT_EQ_STR(s.name, "baseline");
    WT_EQ_INT(s.start_year, 2026);
    WT_EQ_INT(s.years, 20);
    WT_EQ_INT(s.replications, 4);
    WT_EQ_INT(s.seed, 2026);
    WT_NEAR(s.scale, 1.0, 0.0);
    WT_EQ_INT(s.areas.n, 20);
    WT_EQ_INT(s.n_areas, 20);
    for (int i = 0; i < s.n_areas; i++)
        WT_EQ_INT(s.area_sel[i], i);
    WT_EQ_STR(s.path, path);
    WT_CHECK(ends_with(s.areas.path, "scenarios/areas/nplv2022.csv"));
    for (int i = 0; i < ws_n_params; i++)
        WT_NEAR(ws_params_get(&s.params, i), ws_param_table[i].def, 0.0);

    FILE *f = fopen(path, "rb");
    WT_CHECK(f != NULL);
    static char bytes[1 << 16];
    size_t n = fread(bytes, 1, sizeof bytes, f);
    fclose(f);
    WT_EQ_INT(s.source_len, n);
    WT_CHECK(memcmp(s.source, bytes, n) == 0);
    WT_EQ_INT(s.source[n], '\0');

    char cmd[1200], out[200] = "";
    snprintf(cmd, sizeof cmd, "sha256sum '%s'", path);
    FILE *p = popen(cmd, "r");
    WT_CHECK(p != NULL);
    WT_CHECK(fgets(out, sizeof out, p) != NULL);
    pclose(p);
    out[64] = '\0';
    WT_EQ_STR(s.sha256, out);
    ws_scenario_close(&s);
    ws_scenario_close(&s);
}

WT_CASE(baseline_quick_shipped)
{
    ws_scenario s;
    load_ok(WS_SRC_DIR "/scenarios/baseline_quick.lua", &s);
    WT_NEAR(s.scale, 0.05, 0.0);
    WT_EQ_INT(s.replications, 2);
    WT_EQ_INT(s.years, 10);
    WT_EQ_INT(s.start_year, 2026);
    WT_EQ_INT(s.seed, 2026);
    WT_EQ_INT(s.n_areas, 20);
    ws_scenario_close(&s);
}

WT_CASE(defaults)
{
    ws_scenario s;
    load_ok(DATA "good_defaults.lua", &s);
    WT_EQ_STR(s.name, "defaults");
    WT_EQ_STR(s.description, "");
    WT_EQ_INT(s.start_year, 2026);
    WT_EQ_INT(s.years, 20);
    WT_EQ_INT(s.replications, 10);
    WT_EQ_INT(s.seed, 1);
    WT_NEAR(s.scale, 1.0, 0.0);
    WT_EQ_INT(s.areas.n, 3);
    WT_EQ_INT(s.n_areas, 3);
    WT_EQ_INT(s.area_sel[2], 2);
    char h[65];
    ws_sha256_hex(s.source, s.source_len, h);
    WT_EQ_STR(s.sha256, h);
    ws_scenario_close(&s);
}

/* Every key set, areas from a module (require) in a chosen order, a parameter override. */
WT_CASE(all_keys)
{
    ws_scenario s;
    load_ok(DATA "good_full.lua", &s);
    WT_EQ_STR(s.name, "Full (all keys) v1.0, test-case_2");
    WT_EQ_STR(s.description, "every key set; areas from a module, in a chosen order");
    WT_EQ_INT(s.start_year, 2030);
    WT_EQ_INT(s.years, 60);
    WT_EQ_INT(s.replications, 100000);
    WT_EQ_INT(s.seed, 4294967295u);
    WT_NEAR(s.scale, 0.5, 0.0);
    WT_EQ_INT(s.n_areas, 2);
    WT_EQ_STR(s.areas.area[s.area_sel[0]].id, "centrum");
    WT_EQ_STR(s.areas.area[s.area_sel[1]].id, "noord_oost");
    WT_NEAR(s.params.mort_hr_poor_health, 2.5, 0.0);
    ws_scenario_close(&s);
}

/* areas = "nplv2020" on the shipped area file (reached with "..") gives the 16 areas of 2020. */
WT_CASE(nplv2020)
{
    ws_scenario s;
    load_ok(DATA "nplv2020_shipped.lua", &s);
    WT_EQ_INT(s.areas.n, 20);
    WT_EQ_INT(s.n_areas, 16);
    for (int i = 0; i < s.n_areas; i++)
        WT_CHECK(s.areas.area[s.area_sel[i]].in_2020);
    WT_NEAR(s.params.mort_hr_poor_health, 1.25, 0.0);
    ws_scenario_close(&s);
}

/* wijksim.areas, wijksim.area_table and wijksim.param_defaults, used from a script. */
WT_CASE(helpers)
{
    ws_scenario s;
    load_ok(DATA "area_table.lua", &s);
    WT_EQ_INT(s.n_areas, 1);
    WT_EQ_STR(s.areas.area[s.area_sel[0]].id, "centrum");
    ws_scenario_close(&s);
}

/* ---- Bad values ---- */

WT_CASE(unknown_key)
{
    expect_fail("unknown_key.lua", WS_EINPUT, 4, "yeers", "did you mean 'years'?", NULL);
}

/* Of two unknown keys the one written first is reported, whatever the hash order. */
WT_CASE(unknown_key_first_in_source)
{
    expect_fail("two_unknown_keys.lua", WS_EINPUT, 4, "zzz_second", "unknown key", NULL);
}

WT_CASE(wrong_type)
{
    expect_fail("wrong_type.lua", WS_EINPUT, 5, "years", "must be a whole number from 1 to 60, not a string", NULL);
}

WT_CASE(years_zero)
{
    expect_fail("years_zero.lua", WS_EINPUT, 4, "years", "from 1 to 60", NULL);
}

WT_CASE(scale_too_high)
{
    expect_fail("scale_high.lua", WS_EINPUT, 5, "scale", "at most 1", NULL);
}

WT_CASE(seed_negative)
{
    expect_fail("seed_negative.lua", WS_EINPUT, 4, "seed", "from 0 to 4294967295", NULL);
}

WT_CASE(year_not_whole)
{
    expect_fail("year_fraction.lua", WS_EINPUT, 4, "start_year", "whole number", NULL);
}

WT_CASE(bad_name)
{
    expect_fail("bad_name.lua", WS_EINPUT, 4, "name", "HDF5 group", NULL);
}

WT_CASE(missing_name)
{
    expect_fail("missing_name.lua", WS_EINPUT, 2, "name", "required", NULL);
}

/* A table built in steps: the line of `s.years = 0` is found outside the constructor. */
WT_CASE(key_outside_constructor)
{
    expect_fail("built_table.lua", WS_EINPUT, 3, "years", "from 1 to 60", NULL);
}

WT_CASE(unknown_area)
{
    expect_fail("unknown_area.lua", WS_EINPUT, 6, "areas", "'zuid_wset'", NULL);
}

WT_CASE(unknown_area_suggests)
{
    expect_fail("unknown_area.lua", WS_EINPUT, 6, "areas", "did you mean 'zuid_west'?", NULL);
}

WT_CASE(duplicate_area)
{
    expect_fail("duplicate_area.lua", WS_EINPUT, 7, "areas", "'centrum' is listed twice", NULL);
}

WT_CASE(empty_areas)
{
    expect_fail("empty_areas.lua", WS_EINPUT, 4, "areas", "empty list", NULL);
}

WT_CASE(unknown_param)
{
    expect_fail("unknown_param.lua", WS_EINPUT, 5, "params.mort_hr_poor_healt",
                "did you mean 'mort_hr_poor_health'?", NULL);
}

WT_CASE(param_out_of_range)
{
    expect_fail("param_range.lua", WS_EINPUT, 5, "params.mort_hr_poor_health", "out of range",
                NULL);
}

/* ---- Lua errors and what the script returns ---- */

WT_CASE(syntax_error)
{
    /* The missing comma is at the end of line 3; Lua notices at `years` on line 4. */
    expect_fail("syntax_error.lua", WS_EINPUT, 4, "", "syntax error: '}' expected", NULL);
}

WT_CASE(runtime_error)
{
    expect_fail("runtime_error.lua", WS_EINPUT, 3, "",
                "attempt to call a nil value (global 'nothing')", NULL);
    /* The chunk name prefix is stripped from the message. */
    ws_scenario s;
    ws_error e;
    ws_lua_load_scenario(DATA "runtime_error.lua", &s, &e);
    WT_CHECK(strncmp(e.msg, "attempt", 7) == 0);
}

WT_CASE(error_object_not_string)
{
    expect_fail("error_table.lua", WS_EINPUT, 3, "", "error object is a table value", NULL);
}

WT_CASE(error_in_module)
{
    expect_fail("module_error.lua", WS_EINPUT, 2, "", "global 'undefined_function'",
                "/tests/data/lua/lib/broken.lua");
}

WT_CASE(returns_nothing)
{
    expect_fail("returns_nothing.lua", WS_EINPUT, 2, "", "returned nothing", NULL);
}

WT_CASE(returns_number)
{
    expect_fail("returns_number.lua", WS_EINPUT, 3, "", "returned 42", NULL);
}

WT_CASE(returns_plain_table)
{
    expect_fail("plain_table.lua", WS_EINPUT, 2, "", "wijksim.scenario", NULL);
}

/* ---- Sandbox ---- */

WT_CASE(no_io)
{
    expect_fail("sandbox_io.lua", WS_EINPUT, 2, "", "nil value (global 'io')", NULL);
}

WT_CASE(no_os)
{
    expect_fail("sandbox_os.lua", WS_EINPUT, 2, "", "nil value (global 'os')", NULL);
}

WT_CASE(no_debug)
{
    expect_fail("sandbox_debug.lua", WS_EINPUT, 2, "", "nil value (global 'debug')", NULL);
}

WT_CASE(no_package)
{
    expect_fail("sandbox_package.lua", WS_EINPUT, 2, "", "nil value (global 'package')", NULL);
}

WT_CASE(no_load)
{
    expect_fail("sandbox_load.lua", WS_EINPUT, 2, "", "nil value (global 'load')", NULL);
}

WT_CASE(no_loadfile)
{
    expect_fail("sandbox_loadfile.lua", WS_EINPUT, 2, "", "nil value (global 'loadfile')", NULL);
}

WT_CASE(no_dofile)
{
    expect_fail("sandbox_dofile.lua", WS_EINPUT, 2, "", "nil value (global 'dofile')", NULL);
}

WT_CASE(no_collectgarbage)
{
    expect_fail("sandbox_collectgarbage.lua", WS_EINPUT, 2, "",
                "nil value (global 'collectgarbage')", NULL);
}

WT_CASE(no_string_dump)
{
    expect_fail("sandbox_string_dump.lua", WS_EINPUT, 2, "", "nil value (field 'dump')", NULL);
}

/* Finalizers run with hooks off, so they would escape the limits: __gc is refused. */
WT_CASE(no_gc_metamethod)
{
    expect_fail("gc_blocked.lua", WS_EINPUT, 2, "", "__gc", NULL);
}

/* A real luac5.4 output file (binary chunk) is refused before Lua sees it. */
WT_CASE(bytecode_rejected)
{
    FILE *f = fopen(DATA "bytecode.lua", "rb");
    WT_CHECK(f != NULL);
    WT_EQ_INT(fgetc(f), 0x1b);
    fclose(f);
    expect_fail("bytecode.lua", WS_EINPUT, 0, "", "precompiled", NULL);
}

WT_CASE(instruction_limit)
{
    expect_fail("infinite_loop.lua", WS_EINPUT, 3, "", "instruction limit", NULL);
}

/* The script's own pcall cannot swallow a limit error. */
WT_CASE(instruction_limit_in_pcall)
{
    expect_fail("limit_in_pcall.lua", WS_EINPUT, 3, "", "instruction limit", NULL);
}

WT_CASE(memory_limit)
{
    expect_fail("memory_bomb.lua", WS_EINPUT, 4, "", "memory limit", NULL);
}

WT_CASE(memory_limit_in_pcall)
{
    expect_fail("memory_in_pcall.lua", WS_EINPUT, 4, "", "memory limit", NULL);
}

/* A single request past the cap fails inside Lua's allocator; the line is still found. */
WT_CASE(memory_limit_one_block)
{
    expect_fail("memory_one_huge_block.lua", WS_EINPUT, 3, "", "memory limit", NULL);
}

/* xpcall's handler would run inside the hook (hooks off) if it were a message handler. */
WT_CASE(xpcall_handler_limited)
{
    expect_fail("xpcall_handler_loops.lua", WS_EINPUT, 2, "", "instruction limit", NULL);
}

/* pcall/xpcall behave as in Lua otherwise; math.random repeats from run to run. */
WT_CASE(pcall_semantics_and_random)
{
    ws_scenario s, t;
    load_ok(DATA "xpcall_semantics.lua", &s);
    load_ok(DATA "xpcall_semantics.lua", &t);
    WT_EQ_STR(s.name, t.name);
    ws_scenario_close(&s);
    ws_scenario_close(&t);
}

WT_CASE(stack_overflow)
{
    expect_fail("stack_overflow.lua", WS_EINPUT, 2, "", "stack overflow", NULL);
}

/* A scenario made inside a module: the error names the module file and line. */
WT_CASE(scenario_from_module)
{
    expect_fail("scenario_from_module.lua", WS_EINPUT, 6, "years", "from 1 to 60",
                "/tests/data/lua/lib/make.lua");
}

WT_CASE(require_parent)
{
    expect_fail("require_parent.lua", WS_EINPUT, 2, "", "require '../x': not allowed", NULL);
}

WT_CASE(require_absolute)
{
    expect_fail("require_absolute.lua", WS_EINPUT, 2, "", "not allowed", NULL);
}

WT_CASE(require_cycle)
{
    expect_fail("require_cycle.lua", WS_EINPUT, 2, "", "circular require",
                "/tests/data/lua/lib/cycle_b.lua");
}

/* ---- Files ---- */

WT_CASE(scenario_unreadable)
{
    expect_fail("no_such_scenario.lua", WS_EIO, 0, "", "cannot read scenario file", NULL);
    expect_fail("lib", WS_EIO, 0, "", "cannot read scenario file", NULL); /* a directory */
}

WT_CASE(missing_area_file)
{
    expect_fail("missing_area_file.lua", WS_EINPUT, 4, "area_data", "no_such_areas.csv", NULL);
}

/* An invalid area file: the error is the area reader's, naming the area file, row and column. */
WT_CASE(bad_area_value)
{
    expect_fail("bad_area_value.lua", WS_EINPUT, 3, "residents",
                "'area_data' at bad_area_value.lua:4", "/tests/data/lua/areas3_bad.csv");
}

WT_CASE(bad_area_value_via_helper)
{
    expect_fail("areas_call_bad_file.lua", WS_EINPUT, 3, "residents", "areas_call_bad_file.lua:2",
                "/tests/data/lua/areas3_bad.csv");
}

WT_CASE(areas_bad_selector)
{
    expect_fail("areas_bad_selector.lua", WS_EINPUT, 2, "", "wijksim.areas: the selector", NULL);
}

WT_CASE(null_arguments)
{
    ws_error e;
    WT_EQ_INT(ws_lua_load_scenario(NULL, NULL, &e), WS_EINPUT);
    ws_scenario s;
    WT_EQ_INT(ws_lua_load_scenario(NULL, &s, &e), WS_EINPUT);
    check_empty(&s);
    WT_EQ_INT(ws_lua_load_scenario(DATA "no_such_scenario.lua", &s, NULL), WS_EIO);
}

/* ---- Interventions, packages, catalogue, comparisons ---- */

/* Like expect_fail, through ws_lua_load_run (comparisons); c must be left empty. */
static void expect_fail_run(const char *file, int line, const char *key, const char *needle,
                            const char *file_suffix)
{
    char path[1024], buf[2048];
    snprintf(path, sizeof path, DATA "%s", file);
    ws_comparison c;
    memset(&c, 0xab, sizeof c);
    ws_error e;
    int rc = ws_lua_load_run(path, &c, &e);
    fprintf(stderr, "%s -> %s\n", file, ws_error_format(&e, buf, sizeof buf));
    WT_EQ_INT(rc, WS_EINPUT);
    WT_EQ_INT(e.line, line);
    WT_EQ_STR(e.key, key);
    if (needle && !strstr(e.msg, needle)) WT_FAIL("message lacks \"%s\": %s", needle, e.msg);
    if (key[0] && !strstr(e.msg, key)) WT_FAIL("message does not name key %s: %s", key, e.msg);
    if (file_suffix) {
        if (!ends_with(e.file, file_suffix)) WT_FAIL("e.file %s !~ *%s", e.file, file_suffix);
    } else {
        WT_EQ_STR(e.file, path);
    }
    WT_EQ_INT(c.n, 0);
    WT_CHECK(c.scen == NULL);
    ws_comparison_close(&c);
}

static void load_run_ok(const char *path, ws_comparison *c)
{
    ws_error e;
    char buf[2048];
    int rc = ws_lua_load_run(path, c, &e);
    if (rc) WT_FAIL("%s failed: %s", path, ws_error_format(&e, buf, sizeof buf));
}

static const ws_intervention *find_iv(const ws_scenario *s, const char *name)
{
    for (int i = 0; i < s->policy.n_interventions; i++)
        if (strcmp(s->policy.iv[i].name, name) == 0) return &s->policy.iv[i];
    WT_FAIL("no intervention '%s' in scenario '%s'", name, s->name);
    return NULL;
}

/* Every intervention key, and the names of world.h's enums as the loader maps them. */
WT_CASE(iv_all_keys)
{
    ws_scenario s;
    load_ok(DATA "iv_all_keys.lua", &s);
    WT_EQ_INT(s.policy.n_interventions, 2);
    WT_EQ_INT(s.policy.n_packages, 0);
    const ws_intervention *v = &s.policy.iv[0];
    WT_EQ_STR(v->name, "all keys");
    WT_EQ_STR(v->type, "test_type");
    WT_EQ_STR(v->source, "a source | cost: estimate");
    WT_EQ_INT(v->evidence, WS_EV_WEAK);
    WT_EQ_INT(v->kind, WS_IV_PERSON);
    WT_EQ_INT(v->n_areas, 2);
    WT_EQ_STR(s.areas.area[v->area_index[0]].id, "zuid_west");
    WT_EQ_STR(s.areas.area[v->area_index[1]].id, "centrum");
    WT_EQ_INT(v->package, -1);
    WT_EQ_INT(v->payer, WS_PAY_MUNICIPALITY); /* largest cofinance share */
    WT_NEAR(v->cofinance[WS_PAY_RIJK], 0.25, 0);
    WT_NEAR(v->cofinance[WS_PAY_MUNICIPALITY], 0.75, 0);
    WT_EQ_INT(v->start_year, 2027);
    WT_EQ_INT(v->end_year, 2040);
    WT_NEAR(v->ramp_up_years, 2.5, 0);
    WT_EQ_INT(v->who.age_min, 16);
    WT_EQ_INT(v->who.age_max, 27);
    WT_EQ_INT(v->who.sex, WS_SEX_FEMALE);
    WT_EQ_INT(v->who.labour_mask, (1u << WS_LB_BIJSTAND) | (1u << WS_LB_RETIRED));
    WT_EQ_INT(v->who.stage_mask, 1u << WS_ST_DONE);
    WT_EQ_INT(v->who.track_mask, (1u << WS_TR_HIGH) | (1u << WS_TR_LOW));
    WT_EQ_INT(v->who.tenure_mask, 1u << WS_TEN_OWNER);
    WT_EQ_INT(v->who.low_income, 1);
    WT_EQ_INT(v->who.debt, 0);
    WT_EQ_INT(v->who.network, 0);
    WT_EQ_INT(v->who.good_health, 0);
    WT_EQ_INT(v->who.no_qualification, 1);
    WT_EQ_INT(v->who.member, WS_MB_PARTNER);
    WT_NEAR(v->effect_by_risk, 0.5, 0);
    WT_EQ_INT(v->priority, WS_PR_RISK);
    WT_NEAR(v->places_per_year, 12.5, 0);
    WT_NEAR(v->cost_per_participant, 3000, 0);
    WT_NEAR(v->fixed_cost_per_year, 1e5, 0);
    WT_NEAR(v->take_up, 0.6, 0);
    WT_NEAR(v->completion, 0.8, 0);
    WT_EQ_INT(v->programme_months, 9);
    WT_EQ_INT(v->transition, WS_TX_DESISTANCE);
    WT_EQ_INT(v->effect_type, WS_EF_ODDS_RATIO);
    WT_EQ_INT(v->effect.kind, WS_DIST_UNIFORM);
    WT_NEAR(v->effect.a, 1.1, 0);
    WT_NEAR(v->effect.b, 1.8, 0);
    WT_NEAR(v->effect_months, 24, 0);
    WT_NEAR(v->decay_months, 6, 0);
    const ws_intervention *p = &s.policy.iv[1];
    WT_EQ_INT(p->kind, WS_IV_PLACE); /* from place_target */
    WT_EQ_INT(p->place_target, WS_PL_POLICE);
    WT_EQ_INT(p->payer, WS_PAY_CORPORATION);
    WT_NEAR(p->cofinance[WS_PAY_CORPORATION], 1, 0);
    WT_NEAR(p->spillover, -0.2, 0);
    WT_EQ_INT(p->effect_type, WS_EF_HAZARD_RATIO);
    WT_EQ_INT(p->effect.kind, WS_DIST_NORMAL);
    WT_NEAR(p->effect.a, 0.9, 0);
    WT_NEAR(p->effect_per, 4, 0);
    WT_NEAR(p->effect.b, 0.1, 0);
    WT_EQ_INT(p->evidence, WS_EV_NONE); /* default: no evidence claimed */
    WT_EQ_INT(p->start_year, 1990);
    WT_EQ_INT(p->end_year, 2100);
    WT_EQ_INT(p->n_areas, 0);
    ws_scenario_close(&s);
}

/* The loader copies no numbers: every selectable state of states.h, every transition and every
 * place target, written by its name, loads as the value the core's tables give that name. */
WT_CASE(names_from_core)
{
    wt_dir d;
    wt_dir_make(&d);
    char text[800];
    ws_comparison c;
    ws_error e;
    char buf[2048];
#define LOAD_ONE(...)                                                                              \
    do {                                                                                           \
        snprintf(text, sizeof text,                                                                \
                 "return wijksim.scenario { name = \"n\", area_data = \"areas3.csv\",\n"          \
                 "  interventions = { wijksim.intervention { name = \"t\", " __VA_ARGS__);        \
        wt_dir_write(&d, text);                                                                    \
        if (ws_lua_load_run(d.scen, &c, &e))                                                       \
            WT_FAIL("%s: %s", text, ws_error_format(&e, buf, sizeof buf));                         \
    } while (0)
    static const int lists[] = {WS_SL_LABOUR, WS_SL_STAGE, WS_SL_TRACK, WS_SL_TENURE, WS_SL_SEX};
    for (size_t l = 0; l < sizeof lists / sizeof lists[0]; l++) {
        const ws_state_names *t = ws_state_list_names(lists[l]);
        for (int v = 0; v < t->n; v++) {
            if (!t->lua[v]) continue; /* not selectable (a track before 12) */
            LOAD_ONE("transition = \"job_finding\", places_per_year = 1,\n"
                     "  who = { %s = \"%s\" } } } }\n", t->what, t->lua[v]);
            const ws_selector *w = &c.scen[0].policy.iv[0].who;
            WT_EQ_INT(ws_state_find(lists[l], t->lua[v]), v);
            uint32_t got = lists[l] == WS_SL_LABOUR ? w->labour_mask
                           : lists[l] == WS_SL_STAGE ? w->stage_mask
                           : lists[l] == WS_SL_TRACK ? w->track_mask
                           : lists[l] == WS_SL_TENURE ? w->tenure_mask
                                                      : (uint32_t)(1u << w->sex);
            WT_EQ_INT(got, 1u << v);
            ws_comparison_close(&c);
        }
    }
    for (int t = 0; t < WS_TX_N; t++) {
        LOAD_ONE("transition = \"%s\", places_per_year = 1 } } }\n", ws_transition_name(t));
        WT_EQ_INT(c.scen[0].policy.iv[0].transition, t);
        WT_EQ_INT(ws_transition_find(ws_transition_name(t)), t);
        /* no effect written: no change, in the form the transition takes */
        bool shift = ws_transition_get(t)->effect == WS_TXE_SHIFT;
        WT_EQ_INT(c.scen[0].policy.iv[0].effect_type, shift ? WS_EF_SHIFT : WS_EF_HAZARD_RATIO);
        WT_NEAR(c.scen[0].policy.iv[0].effect.a, shift ? 0 : 1, 0);
        ws_comparison_close(&c);
    }
    for (int t = 0; t < WS_PL_N; t++) {
        LOAD_ONE("place_target = \"%s\", amount_per_year = 1 } } }\n", ws_place_target_name(t));
        WT_EQ_INT(c.scen[0].policy.iv[0].kind, WS_IV_PLACE);
        WT_EQ_INT(c.scen[0].policy.iv[0].place_target, t);
        ws_comparison_close(&c);
    }
    for (int p = 0; p < WS_PAY_N; p++) {
        LOAD_ONE("transition = \"job_finding\", places_per_year = 1, payer = \"%s\" } } }\n",
                 ws_payer_name(p));
        WT_EQ_INT(c.scen[0].policy.iv[0].payer, p);
        WT_NEAR(c.scen[0].policy.iv[0].cofinance[p], 1, 0);
        ws_comparison_close(&c);
    }
#undef LOAD_ONE
    wt_dir_remove(&d);
}

WT_CASE(iv_take_up)
{
    expect_fail("iv_take_up.lua", WS_EINPUT, 8, "take_up",
                "intervention 'coach': 'take_up' must be a number from 0 to 1, not 1.5", NULL);
}
WT_CASE(iv_negative_cost)
{
    expect_fail("iv_negative_cost.lua", WS_EINPUT, 7, "cost_per_participant", "not -5", NULL);
}
WT_CASE(iv_hr_zero)
{
    expect_fail("iv_hr_zero.lua", WS_EINPUT, 8, "effect.hr", "greater than 0", NULL);
}
WT_CASE(iv_start_after_end)
{
    expect_fail("iv_start_after_end.lua", WS_EINPUT, 7, "start_year", "after 'end_year'", NULL);
}
WT_CASE(iv_unknown_transition)
{
    expect_fail("iv_unknown_transition.lua", WS_EINPUT, 7, "transition",
                "did you mean \"job_finding\"?", NULL);
}
/* Spillover moves levels between areas; a dwelling programme cannot have one. */
WT_CASE(iv_spillover_dwelling)
{
    expect_fail("iv_spillover_dwelling.lua", WS_EINPUT, 7, "spillover", "renovation", NULL);
}

WT_CASE(iv_unknown_place_target)
{
    expect_fail("iv_unknown_place_target.lua", WS_EINPUT, 7, "place_target",
                "did you mean \"renovation\"?", NULL);
}
WT_CASE(iv_unknown_payer)
{
    expect_fail("iv_unknown_payer.lua", WS_EINPUT, 7, "payer", "\"municipality\"", NULL);
}
WT_CASE(iv_unknown_labour)
{
    expect_fail("iv_unknown_labour.lua", WS_EINPUT, 10, "who.labour", "\"werkloos\"", NULL);
}
WT_CASE(iv_unknown_area)
{
    expect_fail("iv_unknown_area.lua", WS_EINPUT, 7, "areas", "did you mean 'zuid_west'?", NULL);
}
WT_CASE(iv_no_places)
{
    expect_fail("iv_no_places.lua", WS_EINPUT, 5, "places_per_year", "outside a package", NULL);
}
WT_CASE(iv_unknown_key)
{
    expect_fail("iv_unknown_key.lua", WS_EINPUT, 7, "efect", "did you mean 'effect'?", NULL);
}
WT_CASE(iv_person_key_on_place)
{
    expect_fail("iv_person_key_on_place.lua", WS_EINPUT, 7, "take_up", "person-programme key",
                NULL);
}
WT_CASE(iv_uncertainty_wrong_key)
{
    expect_fail("iv_uncertainty_sd.lua", WS_EINPUT, 8, "uncertainty.sd_log", "does not go", NULL);
}
WT_CASE(iv_cofinance_sum)
{
    expect_fail("iv_cofinance_sum.lua", WS_EINPUT, 7, "cofinance", "add up to 1", NULL);
}
WT_CASE(iv_achievement_needs_shift)
{
    expect_fail("iv_achievement_hr.lua", WS_EINPUT, 7, "effect", "shift", NULL);
}
WT_CASE(iv_who_age)
{
    expect_fail("iv_who_age.lua", WS_EINPUT, 7, "who.age", "min <= max", NULL);
}
WT_CASE(iv_lognormal_shift)
{
    expect_fail("iv_lognormal_shift.lua", WS_EINPUT, 8, "uncertainty.dist", "positive effect",
                NULL);
}
WT_CASE(iv_who_unknown_key)
{
    expect_fail("iv_who_unknown_key.lua", WS_EINPUT, 8, "who.bijstnd", "did you mean 'bijstand'?",
                NULL);
}
WT_CASE(iv_who_not_bool)
{
    expect_fail("iv_who_not_bool.lua", WS_EINPUT, 7, "who.debt", "true or false", NULL);
}
WT_CASE(iv_duplicate_name)
{
    expect_fail("iv_duplicate_name.lua", WS_EINPUT, 6, "name", "used by two interventions", NULL);
}
WT_CASE(pkg_no_budget)
{
    expect_fail("pkg_no_budget.lua", WS_EINPUT, 5, "rijk_eur_per_year", "needs a budget", NULL);
}
WT_CASE(pkg_unknown_key)
{
    expect_fail("pkg_unknown_key.lua", WS_EINPUT, 7, "rijk_eur_per_yaer",
                "did you mean 'rijk_eur_per_year'?", NULL);
}
WT_CASE(pkg_plain_table)
{
    expect_fail("pkg_plain_table.lua", WS_EINPUT, 4, "packages", "wijksim.package", NULL);
}
WT_CASE(pkg_budget_needs_cost)
{
    expect_fail("pkg_budget_no_cost.lua", WS_EINPUT, 8, "cost_per_participant", "must be > 0",
                NULL);
}
WT_CASE(pkg_years_outside)
{
    expect_fail("pkg_years_outside.lua", WS_EINPUT, 9, "end_year", "outside the years", NULL);
}

/* Catalogue constructors: defaults copied, overrides replace them, each call its own table. */
WT_CASE(catalogue_override)
{
    ws_scenario s;
    load_ok(DATA "cat_override.lua", &s);
    WT_EQ_INT(s.policy.n_packages, 1);
    WT_EQ_INT(s.policy.n_interventions, 2);
    const ws_intervention *a = find_iv(&s, "coach"), *b = find_iv(&s, "coach2");
    WT_EQ_STR(a->type, "coach");
    WT_NEAR(a->places_per_year, 800, 0);
    WT_NEAR(a->take_up, 0.6, 0);
    WT_EQ_INT(a->package, 0);
    WT_EQ_INT(a->n_areas, 0);
    WT_EQ_INT(a->who.labour_mask, (1u << WS_LB_UNEMPLOYED) | (1u << WS_LB_BIJSTAND));
    WT_EQ_INT(a->effect.kind, WS_DIST_LOGNORMAL);
    WT_NEAR(a->effect.a, 1.14, 0);
    WT_EQ_INT(a->evidence, WS_EV_MODERATE);
    WT_NEAR(b->places_per_year, 0, 0); /* budget-driven */
    WT_NEAR(b->take_up, 0.9, 0);
    WT_EQ_INT(b->n_areas, 1);
    WT_NEAR(s.policy.pk[0].budget_per_year[WS_PAY_RIJK], 1e6, 0);
    ws_scenario_close(&s);
}
/* An unknown key in an override is reported at the override's line, in the scenario file. */
WT_CASE(catalogue_override_unknown_key)
{
    expect_fail("cat_override_unknown.lua", WS_EINPUT, 7, "plces",
                "unknown key 'plces' in the overrides", NULL);
}
/* A bad override value points at the override; a bad default at the catalogue. */
WT_CASE(catalogue_override_range)
{
    expect_fail("cat_override_range.lua", WS_EINPUT, 7, "take_up", "not 2", NULL);
}
WT_CASE(catalogue_default_wrong_kind)
{
    expect_fail("cat_default_range.lua", WS_EINPUT, 12, "take_up", "person-programme key",
                "lib/cat.lua");
}
WT_CASE(catalogue_defaults_unknown_key)
{
    expect_fail("cat_defaults_unknown.lua", WS_EINPUT, 4, "take_upp", "did you mean 'take_up'",
                "lib/cat_bad.lua");
}

/* Run-level keys live on the comparison and every scenario inherits them; each owns copies. */
WT_CASE(comparison_inherits)
{
    ws_comparison c;
    load_run_ok(DATA "comp_good.lua", &c);
    WT_EQ_STR(c.name, "cmp");
    WT_EQ_STR(c.description, "a comparison");
    WT_EQ_INT(c.n, 3);
    WT_EQ_STR(c.scen[0].name, "base");
    WT_EQ_STR(c.scen[1].name, "opt A");
    WT_EQ_STR(c.scen[1].description, "A");
    WT_EQ_STR(c.scen[2].name, "opt B");
    for (int i = 0; i < c.n; i++) {
        const ws_scenario *s = &c.scen[i];
        WT_EQ_INT(s->start_year, 2030);
        WT_EQ_INT(s->years, 5);
        WT_EQ_INT(s->replications, 3);
        WT_EQ_INT(s->seed, 7);
        WT_NEAR(s->scale, 0.5, 0);
        WT_NEAR(s->params.mort_hr_poor_health, 2.0, 0);
        WT_EQ_INT(s->areas.n, 3);
        WT_EQ_INT(s->n_areas, 2);
        WT_EQ_STR(s->areas.area[s->area_sel[0]].id, "centrum");
        WT_CHECK(ends_with(s->path, "comp_good.lua"));
        WT_CHECK(s->source != NULL && s->source_len > 0 && s->source[s->source_len] == '\0');
        char h[65];
        ws_sha256_hex(s->source, s->source_len, h);
        WT_EQ_STR(s->sha256, h);
        if (i > 0) { /* own copies */
            WT_CHECK(s->areas.area != c.scen[0].areas.area);
            WT_CHECK(s->area_sel != c.scen[0].area_sel);
            WT_CHECK(s->source != c.scen[0].source);
        }
    }
    WT_EQ_INT(c.scen[0].policy.n_interventions, 0);
    WT_EQ_INT(c.scen[1].policy.n_interventions, 1);
    WT_EQ_INT(c.scen[1].policy.iv[0].package, -1);
    WT_EQ_INT(c.scen[2].policy.n_packages, 1);
    WT_NEAR(c.scen[2].policy.pk[0].budget_per_year[WS_PAY_MUNICIPALITY], 2e6, 0);
    WT_NEAR(c.scen[2].policy.pk[0].budget_per_year[WS_PAY_OTHER], 1e6, 0);
    WT_EQ_INT(c.scen[2].policy.iv[0].transition, WS_TX_DEBT_EXIT);
    ws_comparison_close(&c);
    ws_comparison_close(&c);
}
WT_CASE(comparison_run_key_in_option)
{
    expect_fail_run("comp_run_key.lua", 9, "years", "fixes", NULL);
}
WT_CASE(comparison_duplicate_option)
{
    expect_fail_run("comp_dup_option.lua", 9, "name", "used twice", NULL);
}
WT_CASE(comparison_option_named_as_baseline)
{
    expect_fail_run("comp_option_as_baseline.lua", 8, "name", "the baseline has it", NULL);
}
WT_CASE(comparison_no_options)
{
    expect_fail_run("comp_no_options.lua", 7, "options", "non-empty list", NULL);
}
WT_CASE(comparison_unknown_key)
{
    expect_fail_run("comp_unknown_key.lua", 7, "optoins", "did you mean 'options'?", NULL);
}
WT_CASE(comparison_area_not_simulated)
{
    expect_fail_run("comp_area_not_simulated.lua", 10, "areas", "not simulated", NULL);
}
/* The single-scenario entry point refuses a comparison and says what to use. */
WT_CASE(comparison_to_load_scenario)
{
    expect_fail("comp_good.lua", WS_EINPUT, 2, "", "comparison-aware", NULL);
}
/* A plain scenario through ws_lua_load_run: n = 1, same content as ws_lua_load_scenario. */
WT_CASE(load_run_plain_scenario)
{
    ws_comparison c;
    load_run_ok(WS_SRC_DIR "/scenarios/baseline.lua", &c);
    WT_EQ_INT(c.n, 1);
    WT_EQ_STR(c.name, "baseline");
    WT_EQ_STR(c.scen[0].name, "baseline");
    WT_EQ_INT(c.scen[0].n_areas, 20);
    WT_EQ_INT(c.scen[0].policy.n_interventions, 0);
    WT_CHECK(c.scen[0].source != NULL);
    ws_comparison_close(&c);
    ws_error e;
    WT_EQ_INT(ws_lua_load_run(NULL, &c, &e), WS_EINPUT);
    WT_EQ_INT(ws_lua_load_run(DATA "no_such.lua", &c, NULL), WS_EIO);
    WT_EQ_INT(c.n, 0);
}

/* Sum of package budgets by payer over a scenario. */
static void budgets(const ws_scenario *s, double out[WS_PAY_N])
{
    for (int p = 0; p < WS_PAY_N; p++) {
        out[p] = 0;
        for (int k = 0; k < s->policy.n_packages; k++)
            out[p] += s->policy.pk[k].budget_per_year[p];
    }
}

/* The shipped catalogue: at least 14 entries over all five domains, each sourced. */
WT_CASE(catalogue_shipped)
{
    ws_comparison c;
    load_run_ok(WS_SRC_DIR "/scenarios/catalogue_all.lua", &c);
    WT_EQ_INT(c.n, 1);
    const ws_scenario *s = &c.scen[0];
    WT_EQ_INT(s->policy.n_interventions, 19);
    bool school = false, work = false, safety = false, housing = false, health = false;
    for (int i = 0; i < s->policy.n_interventions; i++) {
        const ws_intervention *v = &s->policy.iv[i];
        WT_CHECK(strlen(v->source) > 20);
        WT_CHECK(strstr(v->source, "cost: ") != NULL);
        WT_EQ_STR(v->name, v->type);
        if (v->kind == WS_IV_PERSON) {
            int t = v->transition;
            school |= t == WS_TX_ACHIEVEMENT;
            work |= t == WS_TX_JOB_FINDING || t == WS_TX_DEBT_EXIT;
            safety |= t == WS_TX_OFFENDING_ONSET || t == WS_TX_DESISTANCE;
            health |= t == WS_TX_HEALTH_DECLINE || t == WS_TX_DISTRESS_RECOVERY;
            WT_CHECK(v->cost_per_participant > 0);
        } else {
            safety |= v->place_target == WS_PL_POLICE;
            housing |= v->place_target == WS_PL_RENOVATION;
        }
        /* Weak or null evidence: small default effects. */
        if (v->evidence >= WS_EV_WEAK && v->effect.kind != WS_DIST_UNIFORM) {
            if (v->effect_type == WS_EF_SHIFT)
                WT_CHECK(fabs(v->effect.a) <= 0.05);
            else
                WT_CHECK(fabs(v->effect.a - 1) <= 0.1);
        }
    }
    WT_CHECK(school && work && safety && housing && health);
    const ws_intervention *j = find_iv(s, "job_coaching");
    WT_EQ_INT(j->transition, WS_TX_JOB_FINDING);
    WT_EQ_INT(j->effect.kind, WS_DIST_LOGNORMAL);
    WT_NEAR(j->effect.a, 1.14, 1e-12);
    WT_EQ_INT(find_iv(s, "undermining_enforcement")->evidence, WS_EV_NONE);
    WT_EQ_INT(find_iv(s, "hotspot_policing")->place_target, WS_PL_POLICE);
    WT_CHECK(find_iv(s, "hotspot_policing")->spillover > 0);
    WT_NEAR(find_iv(s, "demolition_newbuild")->cost_per_unit, 200000, 0);
    ws_comparison_close(&c);
}

WT_CASE(rijksinzet_shipped)
{
    ws_comparison c;
    load_run_ok(WS_SRC_DIR "/scenarios/rijksinzet.lua", &c);
    WT_EQ_INT(c.n, 5);
    static const char *const names[] = {"no extra Rijksinzet", "spread", "concentrate_5",
                                        "nprz_style", "safety_only"};
    static const int n_iv[] = {0, 8, 8, 10, 5}, n_pk[] = {0, 1, 1, 4, 1};
    static const double rijk[] = {0, 150e6, 150e6, 75e6, 82e6};
    static const double mun[] = {0, 50e6, 50e6, 60e6, 0};
    static const double corp[] = {0, 100e6, 100e6, 90e6, 0};
    for (int i = 0; i < c.n; i++) {
        const ws_scenario *s = &c.scen[i];
        WT_EQ_STR(s->name, names[i]);
        WT_EQ_INT(s->n_areas, 20);
        WT_EQ_INT(s->years, 20);
        WT_EQ_INT(s->start_year, 2026);
        WT_NEAR(s->scale, 0.1, 0);
        WT_EQ_INT(s->policy.n_interventions, n_iv[i]);
        WT_EQ_INT(s->policy.n_packages, n_pk[i]);
        double b[WS_PAY_N];
        budgets(s, b);
        WT_NEAR(b[WS_PAY_RIJK], rijk[i], 1);
        WT_NEAR(b[WS_PAY_MUNICIPALITY], mun[i], 1);
        WT_NEAR(b[WS_PAY_CORPORATION], corp[i], 1);
    }
    /* concentrate_5: the same interventions limited to 5 areas, capacities x4. */
    const ws_intervention *a = find_iv(&c.scen[1], "debt_counselling");
    const ws_intervention *b = find_iv(&c.scen[2], "debt_counselling");
    WT_EQ_INT(a->n_areas, 0);
    WT_EQ_INT(b->n_areas, 5);
    WT_NEAR(b->places_per_year, 4 * a->places_per_year, 0);
    WT_EQ_INT(a->transition, WS_TX_DEBT_EXIT);
    WT_EQ_INT(find_iv(&c.scen[4], "cbt_youth")->transition, WS_TX_DESISTANCE);
    ws_comparison_close(&c);
}

WT_CASE(nprz_shipped)
{
    ws_comparison c;
    load_run_ok(WS_SRC_DIR "/scenarios/nprz.lua", &c);
    WT_EQ_INT(c.n, 2);
    WT_EQ_INT(c.scen[0].n_areas, 1);
    WT_EQ_STR(c.scen[1].areas.area[c.scen[1].area_sel[0]].id, "rotterdam_zuid");
    WT_EQ_INT(c.scen[1].policy.n_packages, 4);
    WT_EQ_INT(c.scen[1].policy.n_interventions, 12);
    double b[WS_PAY_N];
    budgets(&c.scen[1], b);
    WT_NEAR(b[WS_PAY_RIJK], 26e6, 1); /* 130 m over five years */
    WT_NEAR(b[WS_PAY_MUNICIPALITY], 22e6, 1);
    WT_NEAR(b[WS_PAY_CORPORATION], 60e6, 1);
    static const char *const pk[] = {"school", "werk", "wonen", "veilig"};
    for (int k = 0; k < 4; k++)
        WT_EQ_STR(c.scen[1].policy.pk[k].name, pk[k]);
    ws_comparison_close(&c);
}

WT_MAIN(WT_REG(sha256_fips), WT_REG(baseline_shipped), WT_REG(baseline_quick_shipped),
        WT_REG(defaults), WT_REG(all_keys), WT_REG(nplv2020), WT_REG(helpers), WT_REG(unknown_key),
        WT_REG(unknown_key_first_in_source), WT_REG(wrong_type), WT_REG(years_zero),
        WT_REG(scale_too_high), WT_REG(seed_negative), WT_REG(year_not_whole), WT_REG(bad_name),
        WT_REG(missing_name), WT_REG(key_outside_constructor), WT_REG(unknown_area),
        WT_REG(unknown_area_suggests), WT_REG(duplicate_area), WT_REG(empty_areas),
        WT_REG(unknown_param), WT_REG(param_out_of_range), WT_REG(syntax_error),
        WT_REG(runtime_error), WT_REG(error_object_not_string), WT_REG(error_in_module),
        WT_REG(returns_nothing), WT_REG(returns_number), WT_REG(returns_plain_table), WT_REG(no_io),
        WT_REG(no_os), WT_REG(no_debug), WT_REG(no_package), WT_REG(no_load), WT_REG(no_loadfile),
        WT_REG(no_dofile), WT_REG(no_collectgarbage), WT_REG(no_string_dump),
        WT_REG(no_gc_metamethod), WT_REG(bytecode_rejected), WT_REG(instruction_limit),
        WT_REG(instruction_limit_in_pcall), WT_REG(memory_limit), WT_REG(memory_limit_in_pcall),
        WT_REG(memory_limit_one_block), WT_REG(xpcall_handler_limited),
        WT_REG(pcall_semantics_and_random), WT_REG(stack_overflow), WT_REG(scenario_from_module),
        WT_REG(require_parent), WT_REG(require_absolute), WT_REG(require_cycle),
        WT_REG(scenario_unreadable), WT_REG(missing_area_file), WT_REG(bad_area_value),
        WT_REG(bad_area_value_via_helper), WT_REG(areas_bad_selector), WT_REG(null_arguments),
        WT_REG(iv_all_keys), WT_REG(names_from_core), WT_REG(iv_take_up), WT_REG(iv_negative_cost),
        WT_REG(iv_hr_zero), WT_REG(iv_start_after_end), WT_REG(iv_unknown_transition),
        WT_REG(iv_unknown_place_target), WT_REG(iv_spillover_dwelling), WT_REG(iv_unknown_payer),
        WT_REG(iv_unknown_labour),
        WT_REG(iv_unknown_area), WT_REG(iv_no_places), WT_REG(iv_unknown_key),
        WT_REG(iv_person_key_on_place), WT_REG(iv_uncertainty_wrong_key), WT_REG(iv_cofinance_sum),
        WT_REG(iv_achievement_needs_shift), WT_REG(iv_who_age), WT_REG(iv_lognormal_shift),
        WT_REG(iv_who_unknown_key), WT_REG(iv_who_not_bool), WT_REG(iv_duplicate_name),
        WT_REG(pkg_no_budget), WT_REG(pkg_unknown_key), WT_REG(pkg_plain_table),
        WT_REG(pkg_budget_needs_cost), WT_REG(pkg_years_outside), WT_REG(catalogue_override),
        WT_REG(catalogue_override_unknown_key), WT_REG(catalogue_override_range),
        WT_REG(catalogue_default_wrong_kind), WT_REG(catalogue_defaults_unknown_key),
        WT_REG(comparison_inherits), WT_REG(comparison_run_key_in_option),
        WT_REG(comparison_duplicate_option), WT_REG(comparison_option_named_as_baseline),
        WT_REG(comparison_no_options), WT_REG(comparison_unknown_key),
        WT_REG(comparison_area_not_simulated), WT_REG(comparison_to_load_scenario),
        WT_REG(load_run_plain_scenario), WT_REG(catalogue_shipped), WT_REG(rijksinzet_shipped),
        WT_REG(nprz_shipped))
