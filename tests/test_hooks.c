/* test_hooks.c: yearly policy hooks — a hook that moves a package's envelope to one area moves
 * the spend and keeps it within the envelope; a hook that keeps the weights changes nothing (bit
 * for bit); a hook gives the same results for 1 and 2 threads; hook errors, bad returns and the
 * instruction limit are WS_EINPUT with the file, the line and key "hook". Scenario files in
 * tests/data/hooks/. */
#include "wt.h"
#include "wijksim/lua_hooks.h"
#include "wijksim/lua_scenario.h"
#include "wijksim/model.h"

#include <omp.h>
#include <stdio.h>
#include <string.h>

#define DATA WS_SRC_DIR "/tests/data/hooks/"

static void load(const char *path, ws_comparison *c, ws_lua_hooks **h)
{
    ws_error e;
    char buf[2048];
    if (ws_lua_load_run(path, c, &e)) WT_FAIL("%s: %s", path, ws_error_format(&e, buf, sizeof buf));
    if (ws_lua_hooks_open(path, c, h, &e))
        WT_FAIL("hooks of %s: %s", path, ws_error_format(&e, buf, sizeof buf));
}

/* Runs scenario k of c (with the hooks when h is non-NULL) into r; returns the status. */
static int run_k(const ws_comparison *c, ws_lua_hooks *h, int k, ws_results *r, ws_error *e)
{
    ws_run_opts o = {0};
    o.year_hook = h ? ws_lua_hooks_call : NULL;
    o.year_hook_ud = h;
    o.scenario_index = k;
    ws_error_clear(e);
    return ws_run_scenario(&c->scen[k], &o, r, NULL, e);
}

static void run_ok(const ws_comparison *c, ws_lua_hooks *h, int k, ws_results *r)
{
    ws_error e;
    char buf[2048];
    if (run_k(c, h, k, r, &e)) WT_FAIL("run: %s", ws_error_format(&e, buf, sizeof buf));
}

static bool same(const ws_results *a, const ws_results *b)
{
    size_t n = (size_t)WS_N_INDICATORS * a->n_rep * a->n_year * a->n_area;
    size_t cells = (size_t)a->n_rep * a->n_year * a->n_area * a->n_iv;
    return memcmp(a->data, b->data, n * sizeof(double)) == 0 &&
           memcmp(a->iv, b->iv, WS_IVO_N * cells * sizeof(double)) == 0 &&
           memcmp(a->spend, b->spend, WS_PAY_N * cells * sizeof(double)) == 0;
}

static double spend(const ws_results *r, int y, int a)
{
    double v = 0;
    for (int q = 0; q < WS_PAY_N; q++)
        v += *ws_results_spend_at(r, 0, y, a, 0, q);
    return v;
}

/* "move" puts the whole envelope on vlaardingen_west (slot 0) after the first year: delft_west
 * spends nothing from then on, vlaardingen_west more than in year 1, the total within the
 * envelope every year. */
WT_CASE(move_weight)
{
    ws_comparison c;
    ws_lua_hooks *h = NULL;
    load(DATA "move.lua", &c, &h);
    WT_CHECK(h != NULL);
    WT_EQ_INT(c.n, 3);
    ws_results base, mv;
    run_ok(&c, h, 0, &base);
    run_ok(&c, h, 2, &mv);
    const double env = 1.2e6;
    for (int y = 0; y < 3; y++) {
        double s0 = spend(&mv, y, 0), s1 = spend(&mv, y, 1);
        printf("year %d: vlaardingen_west %.0f delft_west %.0f (base %.0f %.0f) of %.0f\n", y, s0,
               s1, spend(&base, y, 0), spend(&base, y, 1), env);
        WT_CHECK(s0 + s1 <= env * (1 + 1e-9));
        if (y == 0) {
            WT_EQ_INT(s0 == spend(&base, y, 0), 1);
            WT_EQ_INT(s1 == spend(&base, y, 1), 1);
        } else {
            WT_EQ_INT(s1, 0);
            WT_CHECK(s0 > spend(&base, y, 0) * 1.2);
        }
    }
    ws_results_close(&base);
    ws_results_close(&mv);
    ws_lua_hooks_close(h);
    ws_comparison_close(&c);
}

/* Without a hook, and with a hook that keeps the weights, results equal a run without any
 * hook machinery bit for bit. */
WT_CASE(no_hook_bit_identical)
{
    ws_comparison c;
    ws_lua_hooks *h = NULL;
    load(DATA "move.lua", &c, &h);
    ws_results plain, with_opts, keep;
    run_ok(&c, NULL, 0, &plain);
    run_ok(&c, h, 0, &with_opts); /* the baseline has no hook */
    WT_CHECK(same(&plain, &with_opts));
    run_ok(&c, h, 1, &keep); /* "keep": same policy, hook returns nothing */
    WT_CHECK(same(&plain, &keep));
    ws_results_close(&plain);
    ws_results_close(&with_opts);
    ws_results_close(&keep);
    ws_lua_hooks_close(h);
    ws_comparison_close(&c);
}

WT_CASE(threads_identical)
{
    ws_comparison c;
    ws_lua_hooks *h = NULL;
    load(DATA "move.lua", &c, &h);
    ws_results r1, r2;
    omp_set_num_threads(1);
    run_ok(&c, h, 2, &r1);
    omp_set_num_threads(2);
    run_ok(&c, h, 2, &r2);
    WT_CHECK(same(&r1, &r2));
    ws_results_close(&r1);
    ws_results_close(&r2);
    ws_lua_hooks_close(h);
    ws_comparison_close(&c);
}

/* Runs scenario k of file and expects WS_EINPUT at line with key "hook" and needle. */
static void expect_hook_error(const char *file, int k, int line, const char *needle)
{
    char path[1024], buf[2048];
    snprintf(path, sizeof path, DATA "%s", file);
    ws_comparison c;
    ws_lua_hooks *h = NULL;
    load(path, &c, &h);
    WT_CHECK(h != NULL);
    ws_results r;
    ws_error e;
    int rc = run_k(&c, h, k, &r, &e);
    fprintf(stderr, "%s -> %s\n", file, ws_error_format(&e, buf, sizeof buf));
    WT_EQ_INT(rc, WS_EINPUT);
    WT_EQ_STR(e.file, path);
    WT_EQ_INT(e.line, line);
    WT_EQ_STR(e.key, "hook");
    if (!strstr(e.msg, needle)) WT_FAIL("message lacks \"%s\": %s", needle, e.msg);
    ws_results_close(&r);
    ws_lua_hooks_close(h);
    ws_comparison_close(&c);
}

WT_CASE(runtime_error)
{
    expect_hook_error("error.lua", 0, 9, "no data for 2027");
}

WT_CASE(bad_return)
{
    expect_hook_error("bad_return.lua", 0, 7, "returned a number");
}

WT_CASE(bad_weights)
{
    expect_hook_error("bad_weight.lua", 1, 8, "unknown package 'nope'");
    expect_hook_error("bad_weight.lua", 2, 8, "unknown area 'atlantis'");
    expect_hook_error("bad_weight.lua", 3, 8, "finite number >= 0");
}

WT_CASE(instruction_limit)
{
    expect_hook_error("loop.lua", 0, 8, "instruction limit");
}

/* The loader accepts `hook` only as a function. */
WT_CASE(not_a_function)
{
    ws_comparison c;
    ws_error e;
    int rc = ws_lua_load_run(DATA "not_function.lua", &c, &e);
    WT_EQ_INT(rc, WS_EINPUT);
    WT_EQ_INT(e.line, 6);
    WT_EQ_STR(e.key, "hook");
}

WT_MAIN(WT_REG(move_weight), WT_REG(no_hook_bit_identical), WT_REG(threads_identical),
        WT_REG(runtime_error), WT_REG(bad_return), WT_REG(bad_weights), WT_REG(instruction_limit),
        WT_REG(not_a_function))
