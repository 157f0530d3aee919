/* test_intervention.c: the intervention engine — a policy that buys nothing changes nothing
 * (bit for bit), areas without a programme are untouched, capacity and budgets bind, effects
 * are applied at the stated size (measured on participants in test_fidelity.c), place
 * programmes move their indicators, and invalid policies are rejected with the intervention and key named; spillover of level programmes
 * reaches the other areas a year later (diffusion and displacement). */
#include "wt.h"
#include "wt_scenario.h"
#include "world.h"
#include "wijksim/model.h"

#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>


static int add_package(ws_scenario *s, const char *name, double rijk, double gemeente)
{
    ws_policy *p = &s->policy;
    ws_package *pk = &p->pk[p->n_packages];
    memset(pk, 0, sizeof *pk);
    snprintf(pk->name, sizeof pk->name, "%s", name);
    pk->budget_per_year[WS_PAY_RIJK] = rijk;
    pk->budget_per_year[WS_PAY_MUNICIPALITY] = gemeente;
    pk->start_year = 1990;
    pk->end_year = 2100;
    return p->n_packages++;
}

/* A job-coaching programme for unemployed 18-59. */
static ws_intervention *add_coaching(ws_scenario *s, const char *name, double places, double hr)
{
    ws_intervention *iv = add_iv(s, name, WS_IV_PERSON);
    iv->who.age_min = 18;
    iv->who.age_max = 59;
    iv->who.labour_mask = 1u << WS_LB_UNEMPLOYED;
    iv->places_per_year = places;
    iv->transition = WS_TX_JOB_FINDING;
    iv->effect.a = hr;
    iv->programme_months = 3;
    return iv;
}

static size_t n_values(const ws_results *r)
{
    return (size_t)WS_N_INDICATORS * r->n_rep * r->n_year * r->n_area;
}

static double sum_ind(const ws_results *r, int ind, int y0, int y1)
{
    double v = 0;
    for (int y = y0; y <= y1; y++)
        for (int a = 0; a < r->n_area; a++) v += *ws_results_at(r, ind, 0, y, a);
    return v;
}

static const char *g_three[] = {"vlaardingen_west", "delft_west", "breda_noord", NULL};

/* A policy with no money (and one that starts after the horizon) gives exactly the baseline. */
WT_CASE(zero_budget_equals_baseline)
{
    ws_scenario s;
    make_scenario(&s, g_three, 3, 2, 0.1);
    ws_results base;
    run(&s, &base);
    int pk = add_package(&s, "nothing", 0, 0);
    ws_intervention *iv = add_coaching(&s, "coaching", 2000, 1.5);
    iv->package = pk;
    iv->cost_per_participant = 3000;
    iv->priority = WS_PR_RISK;
    iv = add_iv(&s, "police", WS_IV_PLACE);
    iv->place_target = WS_PL_POLICE;
    iv->amount_per_year = 50;
    iv->cost_per_unit = 80000;
    iv->package = pk;
    iv = add_iv(&s, "renovation", WS_IV_PLACE);
    iv->place_target = WS_PL_RENOVATION;
    iv->amount_per_year = 500;
    iv->cost_per_unit = 50000;
    iv->package = pk;
    iv = add_iv(&s, "later", WS_IV_PERSON); /* free, but starts after the horizon */
    iv->places_per_year = 1000;
    iv->start_year = 2040;
    iv->effect.a = 2;
    ws_results opt;
    run(&s, &opt);
    WT_EQ_INT(opt.n_iv, 4);
    WT_CHECK(memcmp(base.data, opt.data, n_values(&base) * sizeof(double)) == 0);
    for (int y = 0; y < 3; y++)
        for (int a = 0; a < 3; a++)
            for (int k = 0; k < 4; k++) {
                WT_EQ_INT(*ws_results_iv_at(&opt, WS_IVO_PARTICIPANTS, 1, y, a, k), 0);
                for (int q = 0; q < WS_PAY_N; q++)
                    WT_EQ_INT(*ws_results_spend_at(&opt, 1, y, a, k, q), 0);
            }
    /* the unfunded coaching still sees its eligible persons wait */
    WT_CHECK(*ws_results_iv_at(&opt, WS_IVO_WAITING, 0, 1, 0, 0) > 0);
    ws_results_close(&base);
    ws_results_close(&opt);
    ws_scenario_close(&s);
}

/* An option funding one area leaves the others bit-identical to the baseline. */
WT_CASE(other_areas_bit_identical)
{
    ws_scenario s;
    make_scenario(&s, g_three, 3, 1, 0.1);
    ws_results base;
    run(&s, &base);
    int pk = add_package(&s, "delft", 2e6, 0);
    ws_intervention *iv = add_coaching(&s, "coaching", 2000, 1.5);
    iv->n_areas = 1;
    iv->area_index[0] = s.area_sel[1];
    iv->package = pk;
    iv->cost_per_participant = 2000;
    iv = add_iv(&s, "police", WS_IV_PLACE);
    iv->place_target = WS_PL_POLICE;
    iv->amount_per_year = 30;
    iv->n_areas = 1;
    iv->area_index[0] = s.area_sel[1];
    ws_results opt;
    run(&s, &opt);
    int differ = 0;
    for (int i = 0; i < WS_N_INDICATORS; i++)
        for (int y = 0; y < 3; y++)
            for (int a = 0; a < 3; a++) {
                double x = *ws_results_at(&base, i, 0, y, a), z = *ws_results_at(&opt, i, 0, y, a);
                if (a != 1 && memcmp(&x, &z, sizeof x) != 0)
                    WT_FAIL("%s year %d area %d: %.17g != %.17g", ws_indicators[i].name, y, a, x,
                            z);
                if (a == 1) differ += memcmp(&x, &z, sizeof x) != 0;
            }
    WT_CHECK(differ > 0);
    WT_CHECK(*ws_results_iv_at(&opt, WS_IVO_PARTICIPANTS, 0, 0, 1, 0) > 0);
    WT_EQ_INT(*ws_results_iv_at(&opt, WS_IVO_PARTICIPANTS, 0, 0, 0, 0), 0);
    ws_results_close(&base);
    ws_results_close(&opt);
    ws_scenario_close(&s);
}

/* Participants never exceed places; a waiting list forms when the eligible outnumber the
 * places, and none when the places are ample. */
WT_CASE(capacity_never_exceeded_and_waiting_lists)
{
    ws_scenario s;
    make_scenario(&s, g_three, 4, 1, 0.1);
    add_coaching(&s, "scarce", 300, 1.5)->priority = WS_PR_FIRST_COME;
    ws_results r;
    run(&s, &r);
    for (int y = 0; y < 4; y++)
        for (int a = 0; a < 3; a++) {
            double part = *ws_results_iv_at(&r, WS_IVO_PARTICIPANTS, 0, y, a, 0);
            double pl = *ws_results_iv_at(&r, WS_IVO_PLACES, 0, y, a, 0);
            double wait = *ws_results_iv_at(&r, WS_IVO_WAITING, 0, y, a, 0);
            printf("scarce year %d area %d: places %.0f participants %.0f waiting %.0f\n", y, a,
                   pl, part, wait);
            WT_CHECK(part <= pl + 1e-9);
            WT_CHECK(pl > 250 && pl <= 310);
            WT_CHECK(wait > 0);
        }
    ws_results_close(&r);
    s.policy.iv[0].places_per_year = 1e6;
    snprintf(s.policy.iv[0].name, sizeof s.policy.iv[0].name, "ample");
    run(&s, &r);
    for (int y = 0; y < 4; y++)
        for (int a = 0; a < 3; a++) {
            double part = *ws_results_iv_at(&r, WS_IVO_PARTICIPANTS, 0, y, a, 0);
            WT_CHECK(part <= *ws_results_iv_at(&r, WS_IVO_PLACES, 0, y, a, 0));
            WT_CHECK(part > 0);
            WT_EQ_INT(*ws_results_iv_at(&r, WS_IVO_WAITING, 0, y, a, 0), 0);
        }
    ws_results_close(&r);
    ws_scenario_close(&s);
}

/* A package's yearly spend (all areas, all payers) stays within its envelope, each payer
 * within its own, and money for half the places buys about half the participants. */
WT_CASE(spend_within_envelope)
{
    ws_scenario s;
    make_scenario(&s, g_three, 3, 1, 0.1);
    const double places = 600, cost = 4000;
    add_coaching(&s, "unlimited", places, 1.5);
    ws_results full;
    run(&s, &full);
    double start_full = 0;
    for (int a = 0; a < 3; a++)
        start_full += *ws_results_iv_at(&full, WS_IVO_PARTICIPANTS, 0, 1, a, 0);
    ws_results_close(&full);
    /* half the cost of the places of all areas, 60 % Rijk, 40 % municipality */
    double env = 0.5 * 3 * places * cost;
    int pk = add_package(&s, "half", 0.6 * env, 0.4 * env);
    ws_intervention *iv = &s.policy.iv[0];
    snprintf(iv->name, sizeof iv->name, "budgeted");
    iv->package = pk;
    iv->cost_per_participant = cost;
    iv->cofinance[WS_PAY_RIJK] = 0.6;
    iv->cofinance[WS_PAY_MUNICIPALITY] = 0.4;
    ws_results r;
    run(&s, &r);
    for (int y = 0; y < 3; y++) {
        double spend = 0, rijk = 0, part = 0;
        for (int a = 0; a < 3; a++) {
            for (int q = 0; q < WS_PAY_N; q++) spend += *ws_results_spend_at(&r, 0, y, a, 0, q);
            rijk += *ws_results_spend_at(&r, 0, y, a, 0, WS_PAY_RIJK);
            part += *ws_results_iv_at(&r, WS_IVO_PARTICIPANTS, 0, y, a, 0);
        }
        printf("year %d: spend %.0f of %.0f (Rijk %.0f of %.0f), participants %.0f "
               "(unlimited: %.0f)\n", y, spend, env, rijk, 0.6 * env, part, start_full);
        WT_CHECK(spend <= env * (1 + 1e-9));
        WT_CHECK(rijk <= 0.6 * env * (1 + 1e-9));
        WT_NEAR(spend, part * cost, 1e-6 * env);
        /* per area the money buys min(places, share / cost); the shares are by residents,
         * so the total is at most half and, for these three areas, not much less */
        if (y > 0) {
            WT_CHECK(part <= 0.5 * start_full * 1.05);
            WT_CHECK(part >= 0.40 * start_full);
        }
    }
    ws_results_close(&r);
    ws_scenario_close(&s);
}

/* Renovating the worst dwellings raises the housing quality index against the baseline. */
WT_CASE(place_renovation)
{
    ws_scenario s;
    make_scenario(&s, g_three, 3, 1, 0.1);
    ws_results base, opt;
    run(&s, &base);
    ws_intervention *iv = add_iv(&s, "renovation", WS_IV_PLACE);
    iv->place_target = WS_PL_RENOVATION;
    iv->amount_per_year = 800;
    run(&s, &opt);
    for (int a = 0; a < 3; a++) {
        double b = *ws_results_at(&base, WS_IND_housing_quality_index, 0, 2, a);
        double o = *ws_results_at(&opt, WS_IND_housing_quality_index, 0, 2, a);
        printf("area %d: quality %.2f -> %.2f, renovated %.0f\n", a, b, o,
               *ws_results_iv_at(&opt, WS_IVO_PARTICIPANTS, 0, 2, a, 0));
        WT_CHECK(o > b + 1);
    }
    ws_results_close(&base);
    ws_results_close(&opt);
    ws_scenario_close(&s);
}

/* Police programmes apply their stated effect: offences x effect for every effect_per FTE,
 * log-linearly. With common random numbers the registered offences of the funded areas fall by
 * that factor in the month the programme starts (before anything else has diverged), and the
 * whole-run crime rate falls by about as much: the mean over 6 replications of each one's ratio
 * (option / baseline, crime per 1000 summed over areas and years) is within 0.02 of the factor
 * (the feedbacks through disorder, cohesion and moving) plus 4 standard errors of that mean
 * (after month 1 the paired runs diverge, so one replication's ratio has sampling noise). */
WT_CASE(place_police)
{
    ws_scenario s;
    make_scenario(&s, g_three, 3, 6, 0.1);
    ws_results base, opt;
    run(&s, &base);
    ws_intervention *iv = add_iv(&s, "police", WS_IV_PLACE);
    iv->place_target = WS_PL_POLICE;
    iv->amount_per_year = 8;
    iv->effect.a = 0.9; /* offences x0.9 per 4 FTE: x0.81 at 8 FTE */
    iv->effect_per = 4;
    run(&s, &opt);
    double want = pow(0.9, 8.0 / 4);
    /* the first month: one area stepped directly, with and without the programme */
    int ai = s.area_sel[0];
    ws_world w0, w1;
    ws_error e;
    WT_EQ_INT(ws__world_init(&w0, &s.areas.area[ai], ai, &s.params, 0.1, 1, 0, &e), 0);
    WT_EQ_INT(ws__world_init(&w1, &s.areas.area[ai], ai, &s.params, 0.1, 1, 0, &e), 0);
    WT_EQ_INT(ws__iv_init(&w1, &s, 0, 0), 0);
    WT_EQ_INT(ws__world_step(&w0), 0);
    WT_EQ_INT(ws__world_step(&w1), 0);
    printf("offences in month 1: %.4f -> %.4f (x%.4f, want x%.4f); log factor %.5f\n",
           w0.acc.offences, w1.acc.offences, w1.acc.offences / w0.acc.offences, want,
           w1.inst.offence_lratio);
    WT_NEAR(w1.inst.offence_lratio, log(want), 1e-12);
    WT_NEAR(w1.acc.offences / w0.acc.offences, want, 1e-9);
    WT_NEAR(w1.inst.police_fte, w0.inst.police_fte, 0); /* FTE act through the effect only */
    ws__world_close(&w0);
    ws__world_close(&w1);
    /* the run: crime per 1000 over three years, all areas, per replication */
    double s1 = 0, s2 = 0;
    int R = base.n_rep;
    for (int k = 0; k < R; k++) {
        double b = 0, o = 0;
        for (int y = 0; y <= 2; y++)
            for (int a = 0; a < base.n_area; a++) {
                b += *ws_results_at(&base, WS_IND_safety_crime_per_1000, k, y, a);
                o += *ws_results_at(&opt, WS_IND_safety_crime_per_1000, k, y, a);
            }
        printf("replication %d: crime per 1000 (sum over areas and years) %.2f -> %.2f (x%.4f)\n",
               k, b, o, o / b);
        s1 += o / b;
        s2 += (o / b) * (o / b);
    }
    double mean = s1 / R, se = sqrt((s2 - R * mean * mean) / (R - 1) / R);
    printf("mean ratio x%.4f, se %.4f; want x%.4f\n", mean, se, want);
    WT_NEAR(mean, want, 0.02 + 4 * se);
    WT_NEAR(*ws_results_iv_at(&opt, WS_IVO_ACTIVE, 0, 2, 0, 0), 8, 1e-9);
    ws_results_close(&base);
    ws_results_close(&opt);
    ws_scenario_close(&s);
}

/* The allocation rule at its stated scope: in the share of social lettings it covers, a
 * newcomer without income from work is refused with probability alloc_refuse_p and the next
 * applicant is drawn. Refusals are counted (turned_away); covering every letting with a sure
 * refusal raises the employment of newcomers to social dwellings, and with it the area's. */
WT_CASE(place_allocation)
{
    ws_scenario s;
    make_scenario(&s, NULL, 5, 1, 0.1);
    ws_results base, opt;
    run(&s, &base);
    ws_intervention *iv = add_iv(&s, "allocation", WS_IV_PLACE);
    iv->place_target = WS_PL_ALLOCATION;
    iv->amount_per_year = 1; /* every social letting */
    s.params.alloc_refuse_p = 1;
    run(&s, &opt);
    double refused = 0, in = 0;
    for (int y = 0; y < 5; y++)
        for (int a = 0; a < opt.n_area; a++) {
            refused += *ws_results_iv_at(&opt, WS_IVO_TURNED_AWAY, 0, y, a, 0);
            in += *ws_results_at(&opt, WS_IND_housing_moves_in_rate, 0, y, a) / 100 *
                  *ws_results_at(&opt, WS_IND_households, 0, y, a);
        }
    double b = sum_ind(&base, WS_IND_work_employment_rate, 2, 4);
    double o = sum_ind(&opt, WS_IND_work_employment_rate, 2, 4);
    printf("refused %.0f households against %.0f moving in; employment rate (sum over areas, "
           "years 3-5): %.2f -> %.2f\n", refused, in, b, o);
    WT_CHECK(refused > 0.05 * in);
    WT_CHECK(o > b + 0.3 * 20 * 3);
    /* a rule covering nothing refuses nobody and changes nothing */
    iv->amount_per_year = 0.000001;
    ws_results none;
    run(&s, &none);
    WT_EQ_INT(*ws_results_iv_at(&none, WS_IVO_TURNED_AWAY, 0, 4, 0, 0), 0);
    ws_results_close(&base);
    ws_results_close(&opt);
    ws_results_close(&none);
    ws_scenario_close(&s);
}

/* Every invalid field gives WS_EINPUT naming the intervention and the key. */
WT_CASE(policy_check_rejects)
{
    ws_scenario s;
    make_scenario(&s, g_three, 1, 1, 0.1);
    int pk = add_package(&s, "pk", 1e6, 0);
    ws_intervention good;
    ws_intervention_defaults(&good);
    snprintf(good.name, sizeof good.name, "coach");
    good.places_per_year = 100;
    good.effect.a = 1.3;
    s.policy.iv[0] = good;
    s.policy.n_interventions = 1;
    ws_error e;
    WT_EQ_INT(ws_policy_check(&s.policy, &s, &e), 0);
    typedef struct bad {
        const char *key;
        ws_intervention iv;
    } bad;
    bad b[32];
    int nb = 0;
#define BAD_CASE(k, stmt)                                                                          \
    do {                                                                                           \
        b[nb].key = k;                                                                             \
        b[nb].iv = good;                                                                           \
        ws_intervention *iv = &b[nb].iv;                                                           \
        stmt;                                                                                      \
        nb++;                                                                                      \
    } while (0)
    BAD_CASE("cost_per_participant", iv->cost_per_participant = -1);
    BAD_CASE("start_year", (iv->start_year = 2030, iv->end_year = 2028));
    BAD_CASE("take_up", iv->take_up = 1.2);
    BAD_CASE("take_up", iv->take_up = -0.1);
    BAD_CASE("completion", iv->completion = 2);
    BAD_CASE("effect", iv->effect.a = 0);
    BAD_CASE("effect", iv->effect.a = -0.5);
    BAD_CASE("effect", (iv->effect_type = WS_EF_SHIFT, iv->effect.a = 0.2));
    BAD_CASE("transition", iv->transition = WS_TX_N);
    BAD_CASE("places_per_year", iv->places_per_year = 0);
    BAD_CASE("places_per_year", iv->places_per_year = -5);
    BAD_CASE("spillover", iv->spillover = 0.1); /* a person programme */
    BAD_CASE("spillover", (iv->kind = WS_IV_PLACE, iv->place_target = WS_PL_RENOVATION,
                           iv->amount_per_year = 10, iv->spillover = 0.2));
    BAD_CASE("spillover", (iv->kind = WS_IV_PLACE, iv->place_target = WS_PL_DEMOLITION_NEWBUILD,
                           iv->amount_per_year = 10, iv->spillover = -0.2));
    BAD_CASE("spillover", (iv->kind = WS_IV_PLACE, iv->place_target = WS_PL_POLICE,
                           iv->amount_per_year = 10, iv->spillover = 1.5));
    BAD_CASE("payer", (iv->package = pk, iv->payer = WS_PAY_CORPORATION));
    BAD_CASE("cofinance", (iv->cofinance[0] = 0.5, iv->cofinance[1] = 0.2));
    BAD_CASE("package", iv->package = 5);
    BAD_CASE("areas", (iv->n_areas = 1, iv->area_index[0] = 19));
    BAD_CASE("who", (iv->who.age_min = 30, iv->who.age_max = 20));
    BAD_CASE("programme_months", iv->programme_months = 0);
    BAD_CASE("decay_months", iv->decay_months = -1);
    BAD_CASE("priority", iv->priority = 7);
    BAD_CASE("fixed_cost_per_year", iv->fixed_cost_per_year = -100);
    BAD_CASE("cost_per_unit", (iv->kind = WS_IV_PLACE, iv->cost_per_unit = -3));
    BAD_CASE("amount_per_year", (iv->kind = WS_IV_PLACE, iv->amount_per_year = -3));
    BAD_CASE("name", iv->name[0] = 0);
    for (int k = 0; k < nb; k++) {
        s.policy.iv[0] = b[k].iv;
        ws_error_clear(&e);
        int rc = ws_policy_check(&s.policy, &s, &e);
        if (rc != WS_EINPUT) WT_FAIL("case %d (%s): accepted", k, b[k].key);
        WT_EQ_STR(e.key, b[k].key);
        if (b[k].iv.name[0] && !strstr(e.msg, "'coach'"))
            WT_FAIL("case %d (%s): message does not name the intervention: %s", k, b[k].key,
                    e.msg);
    }
    /* a package with a negative budget, and a duplicate name */
    s.policy.iv[0] = good;
    s.policy.pk[pk].budget_per_year[WS_PAY_OTHER] = -1;
    WT_EQ_INT(ws_policy_check(&s.policy, &s, &e), WS_EINPUT);
    WT_EQ_STR(e.key, "budget_per_year");
    WT_CHECK(strstr(e.msg, "'pk'") != NULL);
    s.policy.pk[pk].budget_per_year[WS_PAY_OTHER] = 0;
    s.policy.iv[1] = good;
    s.policy.n_interventions = 2;
    WT_EQ_INT(ws_policy_check(&s.policy, &s, &e), WS_EINPUT);
    WT_EQ_STR(e.key, "name");
    /* and the run refuses it */
    ws_results r;
    WT_EQ_INT(ws_run_scenario(&s, NULL, &r, NULL, &e), WS_EINPUT);
    ws_results_close(&r);
    ws_scenario_close(&s);
}

/* With a policy (person and place programmes, a shared budget) results are bit-identical
 * for 1 and 2 threads, interventions outputs included. */
WT_CASE(threads_bit_identical_with_policy)
{
    ws_scenario s;
    make_scenario(&s, g_three, 3, 1, 0.1);
    int pk = add_package(&s, "pk", 2e6, 1e6);
    ws_intervention *iv = add_coaching(&s, "coaching", 600, 1.4);
    iv->package = pk;
    iv->cost_per_participant = 3000;
    iv->cofinance[WS_PAY_RIJK] = 0.5;
    iv->cofinance[WS_PAY_MUNICIPALITY] = 0.5;
    iv->priority = WS_PR_RISK;
    iv->take_up = 0.7;
    iv->completion = 0.8;
    iv->effect.kind = WS_DIST_LOGNORMAL;
    iv->effect.b = 0.2;
    iv->effect_months = 6;
    iv->decay_months = 6;
    iv = add_iv(&s, "demolition", WS_IV_PLACE);
    iv->place_target = WS_PL_DEMOLITION_NEWBUILD;
    iv->amount_per_year = 100;
    iv = add_iv(&s, "cohesion", WS_IV_PLACE);
    iv->place_target = WS_PL_COHESION;
    iv->amount_per_year = 0.5;
    ws_results r1, r2;
    omp_set_num_threads(1);
    run(&s, &r1);
    omp_set_num_threads(2);
    run(&s, &r2);
    WT_CHECK(memcmp(r1.data, r2.data, n_values(&r1) * sizeof(double)) == 0);
    size_t cells = (size_t)r1.n_rep * r1.n_year * r1.n_area * r1.n_iv;
    WT_CHECK(memcmp(r1.iv, r2.iv, WS_IVO_N * cells * sizeof(double)) == 0);
    WT_CHECK(memcmp(r1.spend, r2.spend, WS_PAY_N * cells * sizeof(double)) == 0);
    WT_CHECK(*ws_results_iv_at(&r1, WS_IVO_PARTICIPANTS, 0, 1, 0, 1) > 0); /* rebuilt */
    ws_results_close(&r1);
    ws_results_close(&r2);
    ws_scenario_close(&s);
}

/* World invariants hold every month while households move out for demolition and persons
 * enter and leave programmes. */
WT_CASE(world_invariants_with_policy)
{
    ws_scenario s;
    make_scenario(&s, g_three, 2, 1, 0.2);
    ws_intervention *iv = add_coaching(&s, "coaching", 600, 1.4);
    iv->completion = 0.5;
    iv = add_iv(&s, "demolition", WS_IV_PLACE);
    iv->place_target = WS_PL_DEMOLITION_NEWBUILD;
    iv->amount_per_year = 300;
    int ai = s.area_sel[2];
    ws_world w;
    ws_error e;
    WT_EQ_INT(ws__world_init(&w, &s.areas.area[ai], ai, &s.params, s.scale, s.seed, 0, &e), 0);
    WT_EQ_INT(ws__iv_init(&w, &s, 2, 0), 0);
    long social0 = 0, social1 = 0;
    for (size_t d = 0; d < w.dw.n; d++) social0 += w.dw.tenure[d] == WS_TEN_SOCIAL;
    for (int m = 0; m < 24; m++) {
        WT_EQ_INT(ws__world_step(&w), 0);
        if (ws__world_check(&w, &e)) WT_FAIL("after month %d: %s", m + 1, e.msg);
    }
    for (size_t d = 0; d < w.dw.n; d++) social1 += w.dw.tenure[d] == WS_TEN_SOCIAL;
    printf("social dwellings %ld -> %ld\n", social0, social1);
    WT_EQ_INT(social0 - social1, 2 * 300 * 0.2);
    ws__world_close(&w);
    ws_scenario_close(&s);
}

/* Police in area 1 only, with the given spillover: offences x0.8 per 100 FTE. */
static void add_police_in_one(ws_scenario *s, double fte, double spill)
{
    ws_intervention *iv = add_iv(s, "police", WS_IV_PLACE);
    iv->place_target = WS_PL_POLICE;
    iv->amount_per_year = fte;
    iv->effect.a = 0.8;
    iv->effect_per = 100;
    iv->n_areas = 1;
    iv->area_index[0] = s->area_sel[1];
    iv->spillover = spill;
}

/* The log factor on offences of each of the three areas in month 13 (the first month after the
 * first exchange), with the policy of s: worlds stepped directly. */
static void police_after_one_year(const ws_scenario *s, double lr[3])
{
    ws_world w[3];
    ws_error e;
    for (int a = 0; a < 3; a++) {
        int ai = s->area_sel[a];
        WT_EQ_INT(ws__world_init(&w[a], &s->areas.area[ai], ai, &s->params, s->scale, s->seed,
                                 0, &e), 0);
        WT_EQ_INT(ws__iv_init(&w[a], s, a, 0), 0);
        for (int m = 0; m < 12; m++) WT_EQ_INT(ws__world_step(&w[a]), 0);
        ws__iv_record(&w[a], NULL, 0, 0, a);
    }
    ws__iv_spillover(w, 3, s);
    for (int a = 0; a < 3; a++) {
        WT_EQ_INT(ws__world_step(&w[a]), 0);
        lr[a] = w[a].inst.offence_lratio;
        ws__world_close(&w[a]);
    }
}

/* Spillover of police in one area: its effect is an intensity (the log factor on offences), so
 * every other area gets spillover x the funded area's log factor x min(1, residents of the
 * funded area / residents of the others) from the second year on; diffusion lowers their
 * crime, displacement raises it; the first year is untouched (the one-year lag) and spillover
 * 0 leaves the unfunded areas bit-identical to the baseline. */
WT_CASE(spillover_diffusion_and_displacement)
{
    const double fte = 300, scale = 0.1;
    ws_scenario s0, sp, sm, sb;
    make_scenario(&sb, g_three, 4, 1, scale);
    make_scenario(&s0, g_three, 4, 1, scale);
    make_scenario(&sp, g_three, 4, 1, scale);
    make_scenario(&sm, g_three, 4, 1, scale);
    add_police_in_one(&s0, fte, 0);
    add_police_in_one(&sp, fte, 1);
    add_police_in_one(&sm, fte, -1);
    /* the log factor: exactly the stated share, either way */
    double f0[3], fp[3], fm[3];
    police_after_one_year(&s0, f0);
    police_after_one_year(&sp, fp);
    police_after_one_year(&sm, fm);
    double res[3];
    for (int a = 0; a < 3; a++) res[a] = s0.areas.area[s0.area_sel[a]].residents;
    double ratio = res[1] / (res[0] + res[2]), own = fte / 100 * log(0.8);
    for (int a = 0; a < 3; a += 2) {
        double want = own * (ratio < 1 ? ratio : 1); /* spillover 1 */
        printf("area %d log factor: spillover 0 %.4f, +1 %.4f (want %.4f), -1 %.4f\n", a, f0[a],
               fp[a], want, fm[a]);
        WT_NEAR(f0[a], 0, 0);
        WT_NEAR(fp[a], want, 1e-12);
        WT_NEAR(fm[a], -want, 1e-12);
    }
    WT_NEAR(fp[1], own, 1e-12); /* the funded area gets nothing back from itself */
    /* the run */
    ws_results base, r0, rp, rm;
    run(&sb, &base);
    run(&s0, &r0);
    run(&sp, &rp);
    run(&sm, &rm);
    for (int i = 0; i < WS_N_INDICATORS; i++)
        for (int y = 0; y < 4; y++)
            for (int a = 0; a < 3; a += 2) {
                double x = *ws_results_at(&base, i, 0, y, a);
                double z0 = *ws_results_at(&r0, i, 0, y, a);
                if (memcmp(&x, &z0, sizeof x) != 0)
                    WT_FAIL("spillover 0: %s year %d area %d: %.17g != %.17g",
                            ws_indicators[i].name, y, a, x, z0);
                if (y > 0) continue;
                double zp = *ws_results_at(&rp, i, 0, y, a), zm = *ws_results_at(&rm, i, 0, y, a);
                if (memcmp(&x, &zp, sizeof x) != 0 || memcmp(&x, &zm, sizeof x) != 0)
                    WT_FAIL("year 1 must not see spillover (lag): %s area %d",
                            ws_indicators[i].name, a);
            }
    double o0 = 0, op = 0, om = 0;
    for (int y = 1; y < 4; y++)
        for (int a = 0; a < 3; a += 2) {
            o0 += *ws_results_at(&r0, WS_IND_safety_crime_per_1000, 0, y, a);
            op += *ws_results_at(&rp, WS_IND_safety_crime_per_1000, 0, y, a);
            om += *ws_results_at(&rm, WS_IND_safety_crime_per_1000, 0, y, a);
        }
    printf("crime per 1000 in the unfunded areas (sum, years 2-4): displacement %.2f, none "
           "%.2f, diffusion %.2f\n", om, o0, op);
    WT_CHECK(op < o0);
    WT_CHECK(om > o0);
    /* the funded area's own level output is its own programme only */
    WT_NEAR(*ws_results_iv_at(&rp, WS_IVO_ACTIVE, 0, 3, 1, 0), fte, 1e-9);
    WT_EQ_INT(*ws_results_iv_at(&rp, WS_IVO_ACTIVE, 0, 3, 0, 0), 0);
    ws_results_close(&base);
    ws_results_close(&r0);
    ws_results_close(&rp);
    ws_results_close(&rm);
    ws_scenario_close(&sb);
    ws_scenario_close(&s0);
    ws_scenario_close(&sp);
    ws_scenario_close(&sm);
}

/* Shifts spill as intensities: every other area gets the same cohesion shift, spillover x
 * level x min(1, residents of the source / residents of the others). */
WT_CASE(spillover_shift_equal_per_area)
{
    ws_scenario s;
    make_scenario(&s, g_three, 2, 1, 0.1);
    ws_intervention *iv = add_iv(&s, "cohesion", WS_IV_PLACE);
    iv->place_target = WS_PL_COHESION;
    iv->amount_per_year = 2;
    iv->n_areas = 1;
    iv->area_index[0] = s.area_sel[1];
    iv->spillover = 0.5;
    ws_world w[3];
    ws_error e;
    for (int a = 0; a < 3; a++) {
        int ai = s.area_sel[a];
        WT_EQ_INT(ws__world_init(&w[a], &s.areas.area[ai], ai, &s.params, s.scale, s.seed, 0,
                                 &e), 0);
        WT_EQ_INT(ws__iv_init(&w[a], &s, a, 0), 0);
        for (int m = 0; m < 12; m++) WT_EQ_INT(ws__world_step(&w[a]), 0);
        ws__iv_record(&w[a], NULL, 0, 0, a);
    }
    ws__iv_spillover(w, 3, &s);
    double r0 = s.areas.area[s.area_sel[0]].residents, r1 = s.areas.area[s.area_sel[1]].residents;
    double r2 = s.areas.area[s.area_sel[2]].residents, ratio = r1 / (r0 + r2);
    double want = 0.5 * 2 * (ratio < 1 ? ratio : 1);
    for (int a = 0; a < 3; a++) WT_EQ_INT(ws__world_step(&w[a]), 0);
    printf("cohesion shift: funded %.4f, others %.4f %.4f (want %.4f)\n", w[1].inst.cohesion_shift,
           w[0].inst.cohesion_shift, w[2].inst.cohesion_shift, want);
    WT_NEAR(w[1].inst.cohesion_shift, 2, 1e-12);
    WT_NEAR(w[0].inst.cohesion_shift, want, 1e-12);
    WT_NEAR(w[2].inst.cohesion_shift, want, 1e-12);
    for (int a = 0; a < 3; a++) ws__world_close(&w[a]);
    ws_scenario_close(&s);
}

/* With spillover (diffusion of police, displacement of cohesion) results are bit-identical
 * for 1 and 2 threads. */
WT_CASE(threads_bit_identical_with_spillover)
{
    ws_scenario s;
    make_scenario(&s, g_three, 3, 2, 0.1);
    add_police_in_one(&s, 100, 0.4);
    ws_intervention *iv = add_iv(&s, "cohesion", WS_IV_PLACE);
    iv->place_target = WS_PL_COHESION;
    iv->amount_per_year = 1;
    iv->n_areas = 1;
    iv->area_index[0] = s.area_sel[2];
    iv->spillover = -0.3;
    ws_results r1, r2;
    omp_set_num_threads(1);
    run(&s, &r1);
    omp_set_num_threads(2);
    run(&s, &r2);
    WT_CHECK(memcmp(r1.data, r2.data, n_values(&r1) * sizeof(double)) == 0);
    size_t cells = (size_t)r1.n_rep * r1.n_year * r1.n_area * r1.n_iv;
    WT_CHECK(memcmp(r1.iv, r2.iv, WS_IVO_N * cells * sizeof(double)) == 0);
    WT_CHECK(memcmp(r1.spend, r2.spend, WS_PAY_N * cells * sizeof(double)) == 0);
    ws_results_close(&r1);
    ws_results_close(&r2);
    ws_scenario_close(&s);
}

/* A package's envelope is split over its areas by what its interventions plan there, so every
 * area is funded the same share of its plan (equal places per area: equal money, whatever the
 * residents); with nothing planned (budget-only programmes) by residents. The run spends it so. */
WT_CASE(budget_split_follows_plan)
{
    ws_scenario s;
    make_scenario(&s, g_three, 1, 1, 0.1);
    int pk = add_package(&s, "pk", 3e6, 0);
    ws_intervention *iv = add_coaching(&s, "coaching", 200, 1.2);
    iv->package = pk;
    iv->cost_per_participant = 10000; /* 2 m planned per area, 6 m in all: half funded */
    double wt[3], res[3], total = ws_policy_split(&s.policy, &s, pk, 2026, wt);
    for (int a = 0; a < 3; a++) res[a] = s.areas.area[s.area_sel[a]].residents;
    printf("split by plan: %.0f %.0f %.0f (residents %.0f %.0f %.0f)\n", wt[0], wt[1], wt[2],
           res[0], res[1], res[2]);
    WT_NEAR(total, 6e6, 1e-6);
    for (int a = 0; a < 3; a++) WT_NEAR(wt[a], 2e6, 1e-6);
    ws_shortfall sf[4];
    WT_EQ_INT(ws_policy_shortfalls(&s.policy, &s, sf, 4), 1);
    WT_NEAR(sf[0].funded, 0.5, 1e-12);
    WT_EQ_INT(sf[0].payer, WS_PAY_RIJK);
    WT_EQ_INT(sf[0].first_year, 2026);
    ws_results r;
    run(&s, &r);
    for (int a = 0; a < 3; a++)
        WT_NEAR(*ws_results_spend_at(&r, 0, 0, a, 0, WS_PAY_RIJK), 1e6, 1e6 * 0.01);
    ws_results_close(&r);
    /* budget only: by residents */
    iv->places_per_year = 0;
    total = ws_policy_split(&s.policy, &s, pk, 2026, wt);
    WT_NEAR(total, res[0] + res[1] + res[2], 1e-6);
    for (int a = 0; a < 3; a++) WT_NEAR(wt[a], res[a], 1e-6);
    WT_EQ_INT(ws_policy_shortfalls(&s.policy, &s, sf, 4), 0);
    ws_scenario_close(&s);
}

/* Name tables round-trip. */
WT_CASE(names)
{
    for (int t = 0; t < WS_TX_N; t++) WT_EQ_INT(ws_transition_find(ws_transition_name(t)), t);
    for (int t = 0; t < WS_PL_N; t++) WT_EQ_INT(ws_place_target_find(ws_place_target_name(t)), t);
    for (int t = 0; t < WS_PAY_N; t++) WT_EQ_INT(ws_payer_find(ws_payer_name(t)), t);
    WT_EQ_STR(ws_transition_name(WS_TX_NETWORK_RECRUIT), "network_recruitment");
    WT_EQ_INT(ws_transition_find("no_such"), -1);
    WT_CHECK(ws_transition_name(WS_TX_N) == NULL);
}

WT_MAIN(WT_REG(zero_budget_equals_baseline), WT_REG(other_areas_bit_identical),
        WT_REG(capacity_never_exceeded_and_waiting_lists), WT_REG(spend_within_envelope),
        WT_REG(place_renovation), WT_REG(place_police),
        WT_REG(place_allocation), WT_REG(policy_check_rejects),
        WT_REG(threads_bit_identical_with_policy), WT_REG(world_invariants_with_policy),
        WT_REG(spillover_diffusion_and_displacement), WT_REG(spillover_shift_equal_per_area),
        WT_REG(threads_bit_identical_with_spillover), WT_REG(budget_split_follows_plan),
        WT_REG(names))
