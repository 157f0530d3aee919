/* test_check.c: the world's consistency check (ws__world_check) and the checking build of the
 * core (ws_model_check, WS_CHECK): a comparison with every kind of intervention runs with the
 * check after every phase of every month, and each kind of corruption is caught and named. */
#include "wt.h"
#include "wt_scenario.h"
#include "world.h"
#include "wijksim/model.h"

#include <string.h>

static ws_intervention *add_person(ws_scenario *s, const char *name, int tx, double effect,
                                   int priority)
{
    ws_intervention *iv = add_iv(s, name, WS_IV_PERSON);
    iv->transition = tx;
    iv->effect_type =
        ws_transition_get(tx)->effect == WS_TXE_SHIFT ? WS_EF_SHIFT : WS_EF_HAZARD_RATIO;
    iv->effect.a = effect;
    iv->places_per_year = 300;
    iv->priority = priority;
    iv->programme_months = 6;
    iv->effect_months = 6;
    iv->decay_months = 6;
    iv->take_up = 0.8;
    iv->completion = 0.7;
    return iv;
}

static ws_intervention *add_place(ws_scenario *s, const char *name, int target, double amount)
{
    ws_intervention *iv = add_iv(s, name, WS_IV_PLACE);
    iv->place_target = target;
    iv->amount_per_year = amount;
    iv->cost_per_unit = 1000;
    return iv;
}

/* Every person transition, every place target (spillover on the level ones), demolition that
 * moves households out, in three areas. */
static void busy_policy(ws_scenario *s)
{
    for (int t = 0; t < WS_TX_N; t++) {
        char name[32];
        snprintf(name, sizeof name, "p_%s", ws_transition_name(t));
        bool shift = ws_transition_get(t)->effect == WS_TXE_SHIFT;
        add_person(s, name, t, shift ? 0.2 : (t % 2 ? 0.7 : 1.4),
                   t % 3 == 0   ? WS_PR_RISK
                   : t % 3 == 1 ? WS_PR_RANDOM
                                : WS_PR_FIRST_COME);
    }
    for (int t = 0; t < WS_PL_N; t++) {
        char name[32];
        snprintf(name, sizeof name, "l_%s", ws_place_target_name(t));
        const ws_place_target_info *pi = ws_place_target_get(t);
        double amount = pi->form == WS_PLF_DWELLINGS ? 200 : pi->form == WS_PLF_RULE ? 0.3 : 2;
        ws_intervention *iv = add_place(s, name, t, amount);
        if (pi->form != WS_PLF_DWELLINGS && pi->form != WS_PLF_RULE)
            iv->spillover = t % 2 ? 0.3 : -0.3;
        if (pi->form == WS_PLF_RATIO) iv->effect.a = 0.9;
    }
}

/* A comparison (baseline, busy option) on the checking core: it runs, the check ran after
 * every phase of every month in every area, and nothing was found. */
WT_CASE(comparison_checked_every_phase)
{
    const char *ids[] = {"vlaardingen_west", "delft_west", "heerlen_noord", NULL};
    ws_scenario base, opt;
    make_scenario(&base, ids, 2, 2, 0.05);
    make_scenario(&opt, ids, 2, 2, 0.05);
    base.params.burn_in_months = 12;
    opt.params.burn_in_months = 12;
    busy_policy(&opt);
    ws_error e;
    ws_error_clear(&e);
    WT_EQ_INT(ws_policy_check(&opt.policy, &opt, &e), 0);
    ws_results rb, ro;
    ws_run_stats sb = {0}, so = {0};
    if (ws_run_scenario(&base, NULL, &rb, &sb, &e)) WT_FAIL("baseline: %s", e.msg);
    if (ws_run_scenario(&opt, NULL, &ro, &so, &e)) WT_FAIL("option: %s", e.msg);
    /* 9 phases a month without a policy (demography, education, work, income, debt, health,
     * safety, housing, neighbourhood), 10 with one */
    long months = 2L * 12 * 3 * 2; /* years x 12 x areas x replications */
    printf("checks: baseline %ld, option %ld\n", sb.checks, so.checks);
    WT_EQ_INT(sb.checks, months * 9);
    WT_EQ_INT(so.checks, months * 10);
    /* the option did something: programmes started */
    double starts = 0;
    for (int k = 0; k < ro.n_iv; k++)
        starts += *ws_results_iv_at(&ro, WS_IVO_PARTICIPANTS, 0, 1, 0, k);
    WT_CHECK(starts > 0);
    ws_results_close(&rb);
    ws_results_close(&ro);
    ws_scenario_close(&base);
    ws_scenario_close(&opt);
}

/* A small starting world of one area (synthesised, calibrated analytically). */
static void small_world(ws_world *w, ws_params *p, ws_area_table *t)
{
    ws_error e;
    if (ws_area_table_load(WS_SRC_DIR "/scenarios/areas/nplv2022.csv", t, &e))
        WT_FAIL("area data: %s", e.msg);
    ws_params_defaults(p);
    int ai = ws_area_table_find(t, "delft_west");
    WT_CHECK(ai >= 0);
    if (ws__world_init(w, &t->area[ai], ai, p, 0.02, 5, 0, &e)) WT_FAIL("init: %s", e.msg);
    WT_EQ_INT(ws__world_check(w, &e), 0);
}

/* The first live person slot with the given age test (adult or minor). */
static int32_t find_person(const ws_world *w, bool adult)
{
    for (size_t i = 0; i < w->pers.n; i++)
        if (w->pers.alive[i] && (w->pers.age_m[i] >= 18 * 12) == adult) return (int32_t)i;
    WT_FAIL("no %s in the world", adult ? "adult" : "minor");
    return -1;
}

/* Expects the check to fail with a message containing `part`. */
#define EXPECT_FAULT(w, part)                                                                      \
    do {                                                                                           \
        ws_error e_;                                                                               \
        ws_error_clear(&e_);                                                                       \
        WT_EQ_INT(ws__world_check(w, &e_), WS_ERUNTIME);                                           \
        printf("caught: %s\n", e_.msg);                                                            \
        if (!strstr(e_.msg, part)) WT_FAIL("message \"%s\" lacks \"%s\"", e_.msg, part);           \
    } while (0)

/* Each kind of corruption is caught, named, and the world is whole again once it is undone. */
WT_CASE(check_catches_corruption)
{
    ws_world w;
    ws_params p;
    ws_area_table t;
    small_world(&w, &p, &t);
    ws_error e;
    int32_t i = find_person(&w, true), kid = find_person(&w, false);
    int32_t h = w.pers.hh[i];

    uint8_t keep8 = w.pers.labour[i];
    w.pers.labour[i] = WS_LB_N;
    EXPECT_FAULT(&w, "state out of range");
    w.pers.labour[i] = keep8;

    uint16_t age = w.pers.age_m[i];
    w.pers.labour[i] = WS_LB_RETIRED;
    w.pers.age_m[i] = 30 * 12;
    EXPECT_FAULT(&w, "before the AOW age");
    w.pers.labour[i] = keep8;
    w.pers.age_m[i] = age;

    int32_t keep = w.pers.hh[i];
    w.pers.hh[i] = (int32_t)w.hh.n + 5;
    EXPECT_FAULT(&w, "dead household");
    w.pers.hh[i] = keep;

    w.hh.nkids[h]++;
    EXPECT_FAULT(&w, "minors");
    w.hh.nkids[h]--;

    int32_t d = w.hh.dwelling[h];
    w.dw.hh[d] = -1;
    EXPECT_FAULT(&w, "do not point at each other");
    w.dw.hh[d] = h;

    float q = w.dw.quality[d];
    w.dw.quality[d] = 140;
    EXPECT_FAULT(&w, "quality");
    w.dw.quality[d] = q;

    /* a minor left alone: its household has no adult (its adults made 17 for the check) */
    int32_t kh = w.pers.hh[kid], changed[64];
    uint16_t ages[64];
    int na = 0;
    for (int32_t j = 0; j < w.hh.nmem[kh] && na < 64; j++) {
        int32_t m = w.members[w.hh.first[kh] + j];
        if (w.pers.age_m[m] < 18 * 12) continue;
        changed[na] = m;
        ages[na++] = w.pers.age_m[m];
        w.pers.age_m[m] = 17 * 12;
    }
    WT_CHECK(na > 0);
    w.hh.nkids[kh] += na;
    EXPECT_FAULT(&w, "has no adult");
    for (int k = 0; k < na; k++)
        w.pers.age_m[changed[k]] = ages[k];
    w.hh.nkids[kh] -= na;

    /* a live slot on the free stack */
    WT_CHECK(w.pers.n_free < w.pers.cap);
    w.pers.free[w.pers.n_free++] = i;
    w.pers.n++; /* keep the slot count consistent so the stack itself is what is wrong */
    EXPECT_FAULT(&w, "alive");
    w.pers.n--;
    w.pers.n_free--;

    WT_EQ_INT(ws__world_check(&w, &e), 0);
    ws__world_close(&w);
    ws_area_table_close(&t);
}

/* A corrupt world stops the step in the checking core, with the phase and month named. */
WT_CASE(step_stops_at_the_phase)
{
    ws_world w;
    ws_params p;
    ws_area_table t;
    small_world(&w, &p, &t);
    int32_t i = find_person(&w, true);
    w.pers.track[i] = WS_TR_N + 3; /* nothing in a month repairs a track */
    WT_EQ_INT(ws__world_step(&w), WS_ERUNTIME);
    printf("fault: %s\n", w.fault.msg);
    WT_CHECK(strstr(w.fault.msg, "after the demography phase of month 0") != NULL);
    WT_CHECK(strstr(w.fault.msg, "delft_west") != NULL);
    WT_EQ_INT(w.checks, 1);
    ws__world_close(&w);
    ws_area_table_close(&t);
}

WT_MAIN(WT_REG(comparison_checked_every_phase), WT_REG(check_catches_corruption),
        WT_REG(step_stops_at_the_phase))
