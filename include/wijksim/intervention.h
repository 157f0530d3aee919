/* intervention.h: interventions and packages as plain C data — what the model core executes.
 *
 * Scenario scripts (Lua) describe interventions; the loader turns them into these structs;
 * the core (sim/model/intervention.c) runs them inside the monthly step. Money becomes capacity,
 * capacity becomes participants, participants become effects, and every step can fall short:
 *
 *   budget (EUR/yr, by payer) --(cost per participant, fixed cost)--> places this month
 *   places --(eligibility, priority, take-up)--> new participants (others wait)
 *   participants --(completion, effect drawn once per replication)--> changed hazards
 *
 * Person programmes change a named transition of each participant (hazard ratio, odds ratio
 * or additive shift) while in the programme and for `effect_months` after leaving, then decay
 * with half-life `decay_months`. Place programmes change dwellings, neighbourhoods or
 * institutions of their areas (renovation, demolition and new build, police hours, community
 * work, school quality, service capacity, allocation rules).
 */
#ifndef WIJKSIM_INTERVENTION_H
#define WIJKSIM_INTERVENTION_H

#include <stdbool.h>
#include <stdint.h>

#include "wijksim/err.h"

#define WS_MAX_INTERVENTIONS 64
#define WS_MAX_PACKAGES 16

/* Transitions a person programme can change: one line each in transitions.def (names, effect
 * form, priority order, risk function). */
enum ws_transition {
#define WS_TRANSITION(id, lua, effect, rank, risk_fn, unit, doc) WS_TX_##id,
#include "wijksim/transitions.def"
#undef WS_TRANSITION
    WS_TX_N
};

/* How a transition's effect is given (transitions.def). */
enum ws_tx_effect {
    WS_TXE_RATIO, /* a hazard or probability: { hr = x } or { odds_ratio = x } */
    WS_TXE_SHIFT, /* a score: { shift = x } */
};

/* Priority "risk" order (transitions.def); the value is the sign of the sort key (ascending). */
enum ws_rank { WS_RANK_HIGH_FIRST = -1, WS_RANK_LOW_FIRST = 1 };

/* What a place programme changes: one line each in place_targets.def. */
enum ws_place_target {
#define WS_PLACE_DWELLINGS(id, lua, unit, doc) WS_PL_##id,
#define WS_PLACE_LEVEL(id, lua, form, field, negative, unit, doc) WS_PL_##id,
#include "wijksim/place_targets.def"
#undef WS_PLACE_DWELLINGS
#undef WS_PLACE_LEVEL
    WS_PL_N
};

/* How a place programme acts (place_targets.def). */
enum ws_place_form {
    WS_PLF_DWELLINGS, /* dwellings done per year (renovation, demolition and new build) */
    WS_PLF_CAPACITY,  /* a level added to an institution's capacity (scaled like persons) */
    WS_PLF_SHIFT,     /* a level added as an intensity (points, SD, logit) */
};

/* A transition's declaration (transitions.def). */
typedef struct ws_transition_info {
    const char *name;   /* Lua name */
    int effect;         /* enum ws_tx_effect */
    int rank;           /* enum ws_rank */
    const char *unit;   /* what the effect multiplies or shifts */
    const char *doc;    /* who makes it, and what priority "risk" ranks by */
} ws_transition_info;

/* A place target's declaration (place_targets.def). */
typedef struct ws_place_target_info {
    const char *name;   /* Lua name */
    int form;           /* enum ws_place_form */
    bool negative;      /* amount_per_year may be < 0 */
    const char *unit;   /* unit of amount_per_year */
    const char *doc;
} ws_place_target_info;

/* The declaration of transition t / place target t, or NULL if out of range. Static data. */
const ws_transition_info *ws_transition_get(int t);
const ws_place_target_info *ws_place_target_get(int t);

enum ws_iv_kind { WS_IV_PERSON, WS_IV_PLACE };
enum ws_effect_type { WS_EF_HAZARD_RATIO, WS_EF_ODDS_RATIO, WS_EF_SHIFT };
enum ws_priority { WS_PR_RISK, WS_PR_RANDOM, WS_PR_FIRST_COME };
enum ws_payer { WS_PAY_RIJK, WS_PAY_MUNICIPALITY, WS_PAY_CORPORATION, WS_PAY_OTHER, WS_PAY_N };
enum ws_dist_kind { WS_DIST_FIXED, WS_DIST_NORMAL, WS_DIST_LOGNORMAL, WS_DIST_UNIFORM };
enum ws_evidence { WS_EV_STRONG, WS_EV_MODERATE, WS_EV_WEAK, WS_EV_NONE };

/* Uncertainty of an effect, drawn once per (replication, intervention). FIXED: a. NORMAL:
 * mean a, SD b. LOGNORMAL: median a (> 0), SD of log b. UNIFORM: a..b. */
typedef struct ws_dist {
    int kind;
    double a, b;
} ws_dist;

/* Who is eligible. -1 means "any" for the tri-state fields; a zero mask means "any". */
typedef struct ws_selector {
    int age_min, age_max;  /* years, inclusive */
    int sex;               /* -1 any, else WS_SEX_* */
    uint32_t labour_mask;  /* bit (1 << ws_labour) */
    uint32_t stage_mask;   /* bit (1 << ws_stage) */
    uint32_t track_mask;   /* bit (1 << ws_track) */
    uint32_t tenure_mask;  /* bit (1 << ws_tenure) */
    int low_income, bijstand, debt, offender, network, distress, good_health, lonely;
    int no_qualification;  /* 1: attainment below basic qualification */
} ws_selector;

typedef struct ws_intervention {
    char name[64];          /* unique within the scenario; HDF5 dimension label */
    char type[48];          /* catalogue type (e.g. "debt_counselling"), informative */
    char source[256];       /* evidence behind the default effect */
    int evidence;           /* enum ws_evidence: shown as a warning when weak or none */
    int kind;               /* enum ws_iv_kind */
    int n_areas;            /* 0: every area of the scenario */
    int area_index[64];     /* indices into the scenario's area table (file rows) */
    int package;            /* index of its package, -1 when none */
    int payer;              /* enum ws_payer paying the variable cost */
    double cofinance[WS_PAY_N]; /* share of cost per payer (sums to 1); all zero (the
                                   default): everything paid by `payer` */
    int start_year, end_year;   /* calendar years, inclusive */
    double ramp_up_years;   /* linear ramp of capacity from start (0: full at once) */
    /* person programmes */
    ws_selector who;
    int priority;           /* enum ws_priority */
    double places_per_year; /* capacity: new participants per year per area (0: budget only) */
    double cost_per_participant; /* EUR */
    double fixed_cost_per_year;  /* EUR per area */
    double take_up;         /* share of offered places accepted, 0..1 */
    double completion;      /* share of participants who complete (effect only if so) */
    int programme_months;   /* length of participation */
    int transition;         /* enum ws_transition */
    int effect_type;        /* enum ws_effect_type */
    ws_dist effect;         /* HR/OR (multiplicative) or shift (additive) */
    double effect_months;   /* full effect lasts this long after completion */
    double decay_months;    /* then halves every decay_months (0: stops at once) */
    /* place programmes */
    int place_target;       /* enum ws_place_target */
    double amount_per_year; /* units per year per area (dwellings, FTE, points, ...) */
    double cost_per_unit;   /* EUR per unit */
    double spillover;       /* level programmes only, -1..1: share of the year's level passed
                               to the other areas of the scenario (split by residents) in the
                               next year; > 0 diffusion of benefits, < 0 displacement (floored
                               at half the starting capacity); 0 none (sim/model/intervention.c) */
} ws_intervention;

/* A package: interventions under a yearly budget envelope. When the envelope is spent,
 * capacity drops for the rest of the year (spend never exceeds the envelope). */
typedef struct ws_package {
    char name[64];
    double budget_per_year[WS_PAY_N]; /* EUR per year, all areas together, by payer */
    int start_year, end_year;
} ws_package;

/* Interventions and packages of one scenario (owned by ws_scenario). */
typedef struct ws_policy {
    int n_interventions;
    ws_intervention iv[WS_MAX_INTERVENTIONS];
    int n_packages;
    ws_package pk[WS_MAX_PACKAGES];
} ws_policy;

/* Name of a transition / place target / payer ("job_finding", ...), or NULL if out of range. */
const char *ws_transition_name(int t);
const char *ws_place_target_name(int t);
const char *ws_payer_name(int p);

/* Index of the transition / place target / payer called name, or -1. */
int ws_transition_find(const char *name);
int ws_place_target_find(const char *name);
int ws_payer_find(const char *name);

/* Fills iv with defaults: selector "any", priority random, take-up 1, completion 1, payer
 * Rijk, ramp 0, years 1990..2100, effect fixed 1 (HR), no spillover. */
void ws_intervention_defaults(ws_intervention *iv);

struct ws_scenario;

/* Whether iv runs in scenario slot a (0 <= a < s->n_areas): no area list means every area. */
bool ws_intervention_runs_in(const ws_intervention *iv, const struct ws_scenario *s, int a);

/* Effective cost share of payer p for iv: cofinance[p], or 1 for iv->payer when every
 * cofinance share is zero. */
double ws_intervention_share(const ws_intervention *iv, int p);

/* Checks a policy against its scenario (areas, years): every value in range, names unique,
 * packages and areas known, person programmes with places or a budget, effects of the type
 * their transition takes (hazard or odds ratio > 0; shift only for "achievement"), cost
 * shares summing to 1, spillover in -1..1 and 0 unless a level place programme (not a
 * person programme, renovation or demolition_newbuild). Returns 0, or WS_EINPUT with the
 * intervention (or package) name and the key in e. Can't fail otherwise; thread-safe. */
int ws_policy_check(const ws_policy *p, const struct ws_scenario *s, ws_error *e);

/* Relative weights for splitting each package's yearly envelope over its areas (yearly policy
 * hooks, model.h). weight[p * n_areas + a] is the weight of scenario slot a in package p; the
 * area's share is its weight over the sum of the weights of the package's areas (in[] == 1).
 * Defaults: the residents of the area file (the split without a hook). Weights are >= 0 and
 * finite; in[] == 0 slots stay 0. */
typedef struct ws_budget_weights {
    int n_packages, n_areas;
    double *weight;         /* n_packages * n_areas relative weights (owned) */
    unsigned char *in;      /* n_packages * n_areas: 1 where package p runs in slot a (owned) */
} ws_budget_weights;

/* Fills w with the default weights of scenario s (residents; 0 outside a package's areas).
 * On success w owns its arrays (free with ws_budget_weights_close). Returns 0 or WS_ENOMEM
 * (w left empty). Thread-safe. */
int ws_budget_weights_init(ws_budget_weights *w, const struct ws_scenario *s, ws_error *e);

/* Frees w's arrays; w may be NULL or already closed. */
void ws_budget_weights_close(ws_budget_weights *w);

#endif
