/* test_sweep_run.c: the sweep loader (lua_sweep.h), the worker pool and the journal
 * (sweep_run.h) — the demo sweep's design and scenarios; parameter factors, list designs,
 * constraints and random designs from Lua; payloads identical for 1 and 2 workers and in any
 * completion order; the journal keeps runs across reopening, cuts a torn tail and refuses
 * another sweep's journal. */
#include "wt.h"
#include "wijksim/lua_sweep.h"
#include "wijksim/sweep_run.h"

#include <fcntl.h>
#include <gsl/gsl_errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DEMO WS_SRC_DIR "/scenarios/sweep_demo.lua"
#define DATA WS_SRC_DIR "/tests/data/sweep/"

static ws_lua_sweep *load(const char *path)
{
    ws_lua_sweep *sw = NULL;
    ws_error e;
    char buf[2048];
    gsl_set_error_handler_off();
    if (ws_lua_sweep_load(path, &sw, &e)) WT_FAIL("%s: %s", path, ws_error_format(&e, buf, sizeof buf));
    return sw;
}

WT_CASE(demo_design_and_scenarios)
{
    ws_lua_sweep *sw = load(DEMO);
    const ws_design *d = ws_lua_sweep_design(sw);
    const ws_sweep_def *def = ws_lua_sweep_def(sw);
    WT_EQ_INT(d->kind, WS_DESIGN_GRID);
    WT_EQ_INT(d->n_points, 9);
    WT_EQ_INT(def->replications, 3);
    WT_EQ_INT(def->seed, 2026);
    WT_CHECK(def->store_areas);
    WT_EQ_INT(def->reference, 0); /* reference = both budgets 0: point 0 */
    /* first factor slowest: point 5 = debt 1.5e6, jobs 3e6 */
    WT_NEAR(d->x[5 * 2 + 0], 1.5e6, 0);
    WT_NEAR(d->x[5 * 2 + 1], 3e6, 0);
    ws_scenario s0, s5;
    ws_error e;
    char buf[2048];
    if (ws_lua_sweep_scenario(sw, 0, NULL, &s0, &e)) WT_FAIL("%s", ws_error_format(&e, buf, sizeof buf));
    if (ws_lua_sweep_scenario(sw, 5, &s0, &s5, &e)) WT_FAIL("%s", ws_error_format(&e, buf, sizeof buf));
    WT_EQ_INT(s0.policy.n_packages, 0); /* both budgets 0: the baseline */
    WT_EQ_INT(s5.policy.n_packages, 2);
    WT_NEAR(s5.policy.pk[0].budget_per_year[WS_PAY_RIJK], 1.5e6, 0);
    WT_NEAR(s5.policy.pk[1].budget_per_year[WS_PAY_RIJK], 3e6, 0);
    WT_EQ_INT(s5.seed, 2026);
    WT_EQ_INT(s5.replications, 3);
    WT_EQ_INT(s5.n_areas, 4);
    WT_EQ_INT(s5.years, 10);
    WT_EQ_STR(s5.sha256, def->sha256);
    WT_CHECK(s5.source_len == def->source_len && memcmp(s5.source, def->source, s5.source_len) == 0);
    ws_scenario_close(&s0);
    ws_scenario_close(&s5);
    ws_lua_sweep_close(sw);
}

WT_CASE(param_list_constraint_random)
{
    const char *p = DATA "params_list.lua";
    ws_lua_sweep *sw = load(p);
    const ws_design *d = ws_lua_sweep_design(sw);
    WT_EQ_INT(d->n_points, 2); /* the constraint drops m = 1.5 */
    WT_NEAR(d->x[0], 1.1, 0);
    WT_NEAR(d->x[1], 1, 0); /* label 'b' is level 1 */
    WT_NEAR(d->x[2], 1.3, 0);
    ws_scenario s;
    ws_error e;
    char buf[2048];
    if (ws_lua_sweep_scenario(sw, 0, NULL, &s, &e)) WT_FAIL("%s", ws_error_format(&e, buf, sizeof buf));
    WT_NEAR(s.params.mort_hr_male, 1.1, 0);
    WT_EQ_STR(s.name, "xb");
    ws_scenario_close(&s);
    ws_lua_sweep_close(sw);

    /* random designs: reproducible for a seed, within the range */
    const char *r = DATA "random_param.lua";
    ws_lua_sweep *a = load(r), *b = load(r);
    const ws_design *da = ws_lua_sweep_design(a), *db = ws_lua_sweep_design(b);
    WT_EQ_INT(da->n_points, 50);
    WT_CHECK(memcmp(da->x, db->x, sizeof *da->x * 50) == 0);
    for (int i = 0; i < 50; i++) WT_CHECK(da->x[i] >= 1.0 && da->x[i] <= 1.6);
    ws_lua_sweep_close(a);
    ws_lua_sweep_close(b);
}

/* Errors: WS_EINPUT with file, line and key. */
static void expect_error(const char *file, int line, const char *key, bool at_point)
{
    char path[1024], buf[2048];
    snprintf(path, sizeof path, DATA "%s", file);
    ws_lua_sweep *sw = NULL;
    ws_error e;
    int rc = ws_lua_sweep_load(path, &sw, &e);
    if (!rc && at_point) { /* the error is in a point's scenario */
        const ws_design *d = ws_lua_sweep_design(sw);
        ws_scenario s0, s;
        rc = ws_lua_sweep_scenario(sw, 0, NULL, &s0, &e);
        for (int p = 1; !rc && p < d->n_points; p++) {
            rc = ws_lua_sweep_scenario(sw, p, &s0, &s, &e);
            if (!rc) ws_scenario_close(&s);
        }
        ws_scenario_close(&s0);
    }
    ws_lua_sweep_close(sw);
    fprintf(stderr, "%s\n", ws_error_format(&e, buf, sizeof buf));
    WT_EQ_INT(rc, WS_EINPUT);
    WT_CHECK(strstr(e.file, file) != NULL);
    WT_EQ_INT(e.line, line);
    WT_EQ_STR(e.key, key);
}

WT_CASE(bad_input_lines_and_keys)
{
    expect_error("bad_key.lua", 5, "replicatons", false);
    expect_error("bad_factor_key.lua", 7, "stpes", false);
    expect_error("bad_design.lua", 4, "design", false);
    expect_error("bad_constraint.lua", 8, "constraint", false);
    expect_error("bad_param_range.lua", 6, "mort_hr_male", true);
    expect_error("bad_point_scenario.lua", 11, "rijk_eur_per_year", true);
    expect_error("bad_frame.lua", 7, "years", true);
    expect_error("bad_reference.lua", 6, "reference", false);
}

/* The scenario maker for the pool. */
static int make_point(void *ud, int point, ws_scenario *s, ws_error *e)
{
    return ws_lua_sweep_scenario(ud, point, NULL, s, e);
}

/* Runs every run of the sweep through a pool of `workers`; returns the payloads (run order). */
static double *run_all(ws_lua_sweep *sw, const ws_sweep_shape *sh, int workers)
{
    size_t len = ws_sweep_payload_len(sh);
    int n = sh->n_points * sh->n_rep;
    double *all = malloc(sizeof *all * len * (size_t)n);
    WT_CHECK(all);
    ws_sweep_pool_opts o = {workers, 1, *sh, make_point, sw, NULL};
    ws_sweep_pool *p;
    ws_error e;
    char buf[2048];
    if (ws_sweep_pool_start(&p, &o, &e)) WT_FAIL("%s", ws_error_format(&e, buf, sizeof buf));
    for (int r = n - 1; r >= 0; r--) WT_EQ_INT(ws_sweep_pool_add(p, r, &e), 0); /* any order */
    for (int got = 0; got < n;) {
        int run;
        double *pl;
        int t = ws_sweep_pool_take(p, 100, &run, &pl, &e);
        if (t < 0) WT_FAIL("run %d: %s", run, ws_error_format(&e, buf, sizeof buf));
        if (t == 1) {
            memcpy(all + (size_t)run * len, pl, sizeof *pl * len);
            free(pl);
            got++;
        }
    }
    ws_sweep_pool_free(p);
    return all;
}

WT_CASE(pool_identical_for_1_and_2_workers)
{
    ws_lua_sweep *sw = load(DATA "saltelli_inert.lua");
    const ws_design *d = ws_lua_sweep_design(sw);
    ws_scenario s0;
    ws_error e;
    WT_EQ_INT(ws_lua_sweep_scenario(sw, 0, NULL, &s0, &e), 0);
    ws_sweep_shape sh = {8, 1, s0.years, s0.n_areas, s0.start_year, true}; /* first 8 points */
    WT_CHECK(d->n_points >= 8);
    ws_scenario_close(&s0);
    size_t len = ws_sweep_payload_len(&sh);
    double *a = run_all(sw, &sh, 1), *b = run_all(sw, &sh, 2);
    WT_CHECK(memcmp(a, b, sizeof *a * len * 8) == 0);
    /* base row 1 (GSL's Sobol sequence starts at (1/2, ..., 1/2), so row 0 has A = B): point 4
     * (block A) and point 7 (A with late_budget from B) differ only in the inert factor, which
     * changes no indicator, bit for bit (spend differs only through the late package: 0 in the
     * horizon as well) */
    WT_EQ_INT(d->block[4], WS_BLOCK_A);
    WT_EQ_INT(d->block[7], WS_BLOCK_AB + 1);
    size_t ind = ws_sweep_payload_spend_at(&sh);
    WT_CHECK(memcmp(a + 4 * len, a + 7 * len, sizeof *a * len) == 0);
    /* point 4 vs 5 (B: another jobs budget): employment differs */
    WT_CHECK(memcmp(a + 4 * len, a + 5 * len, sizeof *a * ind) != 0);
    free(a);
    free(b);
    ws_lua_sweep_close(sw);
}

WT_CASE(journal_resume_torn_tail_and_guard)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/test_journal.journal", WS_BIN_DIR);
    unlink(path);
    ws_journal_head h = {"abc", 42, {3, 2, 2, 1, 2026, false}, 1, 1};
    ws_sweep_shape sh = h.shape;
    size_t len = ws_sweep_payload_len(&sh);
    double *pl = malloc(sizeof *pl * len), *back = malloc(sizeof *back * len);
    unsigned char done[6] = {0};
    ws_journal *j;
    ws_error e;
    WT_EQ_INT(ws_journal_open(&j, path, &h, false, done, &e), 0);
    for (int r = 0; r < 4; r++) {
        for (size_t k = 0; k < len; k++) pl[k] = r * 1000.0 + (double)k;
        WT_EQ_INT(ws_journal_append(j, r == 3 ? 5 : r, pl, &e), 0);
    }
    ws_journal_close(j, false);
    /* a second fresh sweep must not overwrite it */
    WT_EQ_INT(ws_journal_open(&j, path, &h, false, done, &e), WS_EINPUT);
    WT_CHECK(strstr(e.msg, "--resume"));
    /* tear the last record: a crash in the middle of a write */
    struct stat st;
    WT_EQ_INT(stat(path, &st), 0);
    WT_EQ_INT(truncate(path, st.st_size - 5), 0);
    memset(done, 0, sizeof done);
    WT_EQ_INT(ws_journal_open(&j, path, &h, true, done, &e), 0);
    WT_EQ_INT(ws_journal_count(j), 3);
    WT_CHECK(done[0] && done[1] && done[2] && !done[5]);
    WT_EQ_INT(ws_journal_read(j, 1, back, &e), 0);
    WT_NEAR(back[7], 1007.0, 0);
    WT_EQ_INT(ws_journal_read(j, 5, back, &e), WS_EINPUT);
    WT_EQ_INT(ws_journal_append(j, 5, pl, &e), 0); /* appended after the cut */
    ws_journal_close(j, false);
    memset(done, 0, sizeof done);
    WT_EQ_INT(ws_journal_open(&j, path, &h, true, done, &e), 0);
    WT_EQ_INT(ws_journal_count(j), 4);
    WT_EQ_INT(ws_journal_read(j, 5, back, &e), 0);
    WT_NEAR(back[len - 1], 3000.0 + (double)(len - 1), 0);
    ws_journal_close(j, false);
    /* another sweep (other hash) is refused */
    ws_journal_head other = h;
    other.design_hash = 43;
    WT_EQ_INT(ws_journal_open(&j, path, &other, true, done, &e), WS_EINPUT);
    WT_CHECK(strstr(e.msg, "another sweep"));
    WT_EQ_INT(ws_journal_open(&j, path, &h, true, done, &e), 0);
    ws_journal_close(j, true);
    WT_CHECK(access(path, F_OK) != 0);
    free(pl);
    free(back);
}

WT_MAIN(WT_REG(demo_design_and_scenarios), WT_REG(param_list_constraint_random),
        WT_REG(bad_input_lines_and_keys), WT_REG(pool_identical_for_1_and_2_workers),
        WT_REG(journal_resume_torn_tail_and_guard))
