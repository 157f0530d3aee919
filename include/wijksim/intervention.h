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
#include <stddef.h>
#include <stdint.h>

#include "wijksim/err.h"
#include "wijksim/states.h"

#define WS_MAX_INTERVENTIONS 64
#define WS_MAX_PACKAGES 16

/* Transitions a person programme can change: one line each in transitions.def (names, effect
 * form, priority order, risk function). */
enum ws_transition {
#define WS_TRANSITION(id, lua, effect, takes, rank, risk_fn, unit, doc) WS_TX_##id,
#include "wijksim/transitions.def"
#undef WS_TRANSITION
    WS_TX_N
};

/* Who takes part in a programme on a transition (transitions.def). */
enum ws_tx_takes {
    WS_TXW_PERSON,    /* a person: one place and one record per participant */
    WS_TXW_HOUSEHOLD, /* the household, through its head: one place per household */
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
    WS_PLF_SHIFT,     /* a level added as an intensity (points, SD) */
    WS_PLF_RATIO,     /* the effect multiplies a rate, log-linearly per effect_per units */
    WS_PLF_RULE,      /* a share of decisions a rule covers (0..1) */
};

/* A transition's declaration (transitions.def). */
typedef struct ws_transition_info {
    const char *name;   /* Lua name */
    int effect;         /* enum ws_tx_effect */
    int takes;          /* enum ws_tx_takes */
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

/* Which members of a selected household take part (who.member). */
enum ws_member {
    WS_MB_AUTO = -1, /* adults when a household condition (low_income, bijstand, debt) is
                        set, else anyone */
    WS_MB_ANY,       /* anyone the other conditions select */
    WS_MB_ADULT,     /* members aged 18 or more */
    WS_MB_HEAD,      /* the household's head: its oldest member who is not a child of it */
    WS_MB_PARTNER,   /* another adult who is not a child of the household */
    WS_MB_CHILD,     /* a child of the household (any age) */
};

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
    int member;            /* enum ws_member: which members of a household take part */
} ws_selector;

typedef struct ws_intervention {
    char name[64];          /* unique within the scenario; HDF5 dimension label */
    char type[48];          /* catalogue type (e.g. "debt_counselling"), informative */
    char source[1024];      /* evidence behind the default effect (and " | cost: ...") */
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
    double effect_by_risk;  /* effect modification: log effect x (mean eligible risk / own
                               risk)^effect_by_risk at entry (0: proportional) */
    double effect_months;   /* full effect lasts this long after completion */
    double decay_months;    /* then halves every decay_months (0: stops at once) */
    /* place programmes */
    int place_target;       /* enum ws_place_target */
    double amount_per_year; /* units per year per area (dwellings, FTE, points, ...) */
    double cost_per_unit;   /* EUR per unit */
    double effect_per;      /* ratio targets: the level (units of amount) the effect holds for */
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

/* ---- The keys of interventions and packages (intervention_fields.def) ---------------------- */

/* What a key takes (intervention_fields.def `type`): the Lua value and the C member. */
enum ws_field_type {
    WS_FT_NUMBER,  /* a number (double) */
    WS_FT_INTEGER, /* a whole number (int) */
    WS_FT_STRING,  /* text (char array, NUL-terminated) */
    WS_FT_ENUM,    /* one name of its name list (int; -1 "any" when that is the default) */
    WS_FT_YESNO,   /* true or false, absent: either (int -1, 0, 1) */
    WS_FT_NAMES,   /* a list of names of its name list (uint32_t mask, bit = state) */
    WS_FT_AGES,    /* { min, max }: whole years (ws_selector age_min, age_max) */
    WS_FT_SHARES,  /* { payer = share, ... } (double per payer) */
    WS_FT_AREAS,   /* a list of area ids or "all" (n_areas, area_index) */
    WS_FT_EFFECT,  /* { <key> = x }, one of its dotted keys (effect_type and effect.a) */
    WS_FT_DIST,    /* "none" or { dist = ..., <its keys> } (effect.kind, a, b) */
    WS_FT_TABLE,   /* a table of its dotted keys */
    WS_FT_LIST,    /* a list of tables (a package's interventions) */
    WS_FT_N
};

/* Flags of a key (intervention_fields.def `flags`). */
enum {
    WS_FF_LO_OPEN = 1u,   /* the lower bound itself is refused */
    WS_FF_HI_OPEN = 2u,   /* the upper bound itself is refused */
    WS_FF_SIGNED = 4u,    /* below 0 only for a place target whose `negative` is set
                             (place_targets.def); for the others the lower bound is 0 */
    WS_FF_AS_EFFECT = 8u, /* the bounds of the effect's own key (effect.hr, ...) */
    WS_FF_REQUIRED = 16u, /* a programme of its kind must write it */
    WS_FF_COST_NOTE = 32u /* text appended to the member as " | cost: <text>" */
};

/* Which programmes take a key. */
enum ws_field_prog { WS_FP_BOTH, WS_FP_PERSON, WS_FP_PLACE, WS_FP_PACKAGE };

/* The effect form or distribution a nested number belongs to. */
enum ws_field_when {
    WS_FW_ALWAYS,
    WS_FW_HR,        /* effect = { hr = x } */
    WS_FW_ODDS,      /* effect = { odds_ratio = x } */
    WS_FW_SHIFT,     /* effect = { shift = x } */
    WS_FW_NORMAL,    /* uncertainty.dist = "normal" */
    WS_FW_LOGNORMAL, /* uncertainty.dist = "lognormal" */
    WS_FW_UNIFORM    /* uncertainty.dist = "uniform" */
};

/* Name lists of enumerated keys: the intervention enums above, the core's transitions, place
 * targets and payers, and the person states of states.h. */
enum ws_name_list {
    WS_NL_NONE = -1,
    WS_NL_EVIDENCE,     /* enum ws_evidence */
    WS_NL_KIND,         /* enum ws_iv_kind */
    WS_NL_PRIORITY,     /* enum ws_priority */
    WS_NL_EFFECT,       /* enum ws_effect_type */
    WS_NL_DIST,         /* enum ws_dist_kind */
    WS_NL_PAYER,        /* enum ws_payer */
    WS_NL_TRANSITION,   /* enum ws_transition */
    WS_NL_PLACE_TARGET, /* enum ws_place_target */
    WS_NL_MEMBER,       /* enum ws_member */
    WS_NL_SEX,          /* states.h lists */
    WS_NL_LABOUR,
    WS_NL_STAGE,
    WS_NL_TRACK,
    WS_NL_TENURE,
    WS_NL_N
};

/* The names of list l (enum ws_name_list): what (the key taking them), n, lua[v] (NULL: not
 * selectable) and doc[v]. NULL when l is out of range. Static data. */
const ws_state_names *ws_name_list_get(int l);

/* The value of list l called name, or -1. */
int ws_name_list_find(int l, const char *name);

/* Writes the selectable names of list l as "\"a\", \"b\" or \"c\"" into out (size n). */
void ws_name_list_text(int l, char *out, size_t n);

/* One key (a line of intervention_fields.def). */
typedef struct ws_field {
    const char *key;     /* as written in a scenario, dotted when nested ("who.age") */
    int type;            /* enum ws_field_type */
    int names;           /* enum ws_name_list, WS_NL_NONE when none */
    size_t offset, size; /* of the member in ws_intervention (ws_package: package keys) */
    double def;          /* default; NAN: none of its own */
    double lo, hi;       /* bounds of a number, whole number, age range or share */
    unsigned flags;      /* WS_FF_* */
    int prog;            /* enum ws_field_prog */
    int when;            /* enum ws_field_when */
    const char *member;  /* the member as written in the .def ("who.age_min") */
    const char *h5;      /* stem of its value column(s) in the definitions table, "" none */
    const char *unit;    /* unit of a number, "" none */
    const char *doc;     /* one line */
} ws_field;

/* Intervention keys WS_IVF_<ID> and package keys WS_PKF_<ID>, in intervention_fields.def order. */
enum ws_iv_field {
#define WS_IV_FIELD(id, key, type, member, names, def, lo, hi, flags, prog, when, h5, unit, doc)   \
    WS_IVF_##id,
#define WS_PK_FIELD(id, key, type, member, def, lo, hi, unit, doc)
#define WS_PK_LIST(id, key, doc)
#include "wijksim/intervention_fields.def"
#undef WS_IV_FIELD
#undef WS_PK_FIELD
#undef WS_PK_LIST
    WS_IVF_N
};
enum ws_pk_field {
#define WS_IV_FIELD(id, key, type, member, names, def, lo, hi, flags, prog, when, h5, unit, doc)
#define WS_PK_FIELD(id, key, type, member, def, lo, hi, unit, doc) WS_PKF_##id,
#define WS_PK_LIST(id, key, doc) WS_PKF_##id,
#include "wijksim/intervention_fields.def"
#undef WS_IV_FIELD
#undef WS_PK_FIELD
#undef WS_PK_LIST
    WS_PKF_N
};

/* Intervention key f (0 <= f < WS_IVF_N) / package key f (< WS_PKF_N), or NULL. Static data. */
const ws_field *ws_iv_field_get(int f);
const ws_field *ws_pk_field_get(int f);

/* Index of the intervention / package key written `key` (dotted when nested), or -1. */
int ws_iv_field_find(const char *key);
int ws_pk_field_find(const char *key);

/* Name of a key type ("number", "whole number", ...), "?" when out of range. */
const char *ws_field_type_name(int type);

/* Whether key f applies to iv: its programme kind, and for a nested number its effect form or
 * distribution (`when`). Package keys always apply. */
bool ws_field_applies(const ws_field *f, const ws_intervention *iv);

/* The bounds of number key f for iv: lo, hi and WS_FF_LO_OPEN / WS_FF_HI_OPEN in *open, after
 * the sign rule (WS_FF_SIGNED: the lower bound is 0 unless iv's place target is `negative`)
 * and the effect's bounds (WS_FF_AS_EFFECT). iv may be NULL (package keys; no rule applied). */
void ws_field_bounds(const ws_field *f, const ws_intervention *iv, double *lo, double *hi,
                     unsigned *open);

/* Writes what a number in lo..hi accepts into out (size n): "a number from 0 to 1", "a number
 * greater than 0 and at most 100", "a whole number from 1 to 120" (whole), ... — the words of
 * every range message of ws_policy_check and of the Lua loader. */
void ws_range_text(bool whole, double lo, double hi, unsigned open, char *out, size_t n);

/* Writes what key f accepts for iv (iv may be NULL) into out (size n), as the messages say it:
 * ws_range_text of its bounds (with " for '<target>'" under the sign rule), a string, true or
 * false, the names of its list, ... */
void ws_field_expect(const ws_field *f, const ws_intervention *iv, char *out, size_t n);

/* Writes a number as the messages show it: "%.15g", "nan" for NaN. */
void ws_number_text(double v, char *out, size_t n);

/* Whether s is a valid name of an intervention or package: 1-63 characters of letters, digits,
 * spaces inside and _ . , + ( ) -, not only dots (it labels HDF5 tables). */
bool ws_label_ok(const char *s);

/* Name of a transition / place target / payer ("job_finding", ...), or NULL if out of range. */
const char *ws_transition_name(int t);
const char *ws_place_target_name(int t);
const char *ws_payer_name(int p);

/* Index of the transition / place target / payer called name, or -1. */
int ws_transition_find(const char *name);
int ws_place_target_find(const char *name);
int ws_payer_find(const char *name);

/* Fills iv with the defaults of intervention_fields.def (selector "any", priority random,
 * take-up 1, completion 1, payer Rijk, ramp 0, years 1990..2100, effect fixed hr = 1, no
 * spillover, no cost shares) and no package (-1). Can't fail. */
void ws_intervention_defaults(ws_intervention *iv);

/* Fills pk with the defaults of intervention_fields.def: no name, no budget, years 1990..2100.
 * Can't fail. */
void ws_package_defaults(ws_package *pk);

struct ws_scenario;

/* Whether iv runs in scenario slot a (0 <= a < s->n_areas): no area list means every area. */
bool ws_intervention_runs_in(const ws_intervention *iv, const struct ws_scenario *s, int a);

/* Effective cost share of payer p for iv: cofinance[p], or 1 for iv->payer when every
 * cofinance share is zero. */
double ws_intervention_share(const ws_intervention *iv, int p);

/* Where ws_policy_check_at found the problem, in the terms of a scenario script: which table
 * and which key, so the Lua loader can point at the line where the key is written. */
typedef struct ws_policy_fault {
    int iv;           /* index of the intervention, -1 when the problem is not an intervention's */
    int pk;           /* index of the package (its own keys), -1 otherwise */
    char key[128];    /* the key as written ("take_up", "who.age", "cofinance.rijk",
                         "rijk_eur_per_year"), "" for the policy as a whole */
    char alt[64];     /* the other key of a rule on two keys (start_year > end_year: end_year),
                         to point at when `key` is not written; "" none */
    char literal[64]; /* an entry of the key's list to point at (an area id), "" none */
    int nth;          /* ... its occurrence in the list (2: the repeat of a duplicate) */
} ws_policy_fault;

/* Checks a policy against its scenario s (areas, years; s may be NULL: areas unchecked) — the
 * one place the rules on interventions and packages live. In order: counts; per package its
 * name, every bound of intervention_fields.def, start_year <= end_year; per intervention its
 * name (non-empty, characters, unique), its enumerated values, package and area count, every
 * bound of intervention_fields.def that applies to its kind, effect form and distribution
 * (amount_per_year below 0 only for a place target whose `negative` is set), then the rules
 * across keys: areas simulated and listed once, cost shares summing to 1 (or all 0),
 * start_year <= end_year and within its package's years, spillover only on a level target,
 * a payer with a share has a budget in its package, the effect form its transition takes, an
 * uncertain ratio staying > 0, a uniform min below its max, and capacity that is not
 * unbounded (places or amount > 0 outside a package; with a budget and no places or amount,
 * a cost per participant or unit > 0). Returns 0, or WS_EINPUT with e->msg one line starting
 * "intervention 'name': " or "package 'name': " (or "#k" without a name) and e->key the
 * ws_intervention or ws_package member (the key up to its '.'; budget_per_year for the
 * package budgets); when fault is non-NULL it says where in scenario terms. Can't fail
 * otherwise; thread-safe. */
int ws_policy_check_at(const ws_policy *p, const struct ws_scenario *s, ws_policy_fault *fault,
                       ws_error *e);

/* ws_policy_check_at without the fault. */
int ws_policy_check(const ws_policy *p, const struct ws_scenario *s, ws_error *e);

/* The split of package k's yearly envelope over the scenario's areas in calendar year y
 * (weight[a] for scenario slot a, relative; 0 outside the package's areas): each area's planned
 * spend of the package that year (fixed costs, places or amounts x ramp-up x cost, all payers),
 * so every area is funded the same share of its plan; when nothing is planned anywhere (budget-
 * only programmes), the areas' residents (area file). Returns the sum of the weights. Can't
 * fail; thread-safe. */
double ws_policy_split(const ws_policy *p, const struct ws_scenario *s, int k, int y,
                       double *weight);

/* A budget shortfall (ws_policy_shortfalls): in years first_year..last_year payer `payer`'s
 * share of package `package`'s envelope pays only `funded` (0..1, the lowest of those years)
 * of what the package's interventions plan to spend from that payer in area slot worst_area
 * (the area where it falls shortest); the model then delivers fewer places or units. */
typedef struct ws_shortfall {
    int package, payer;
    int first_year, last_year;
    double funded;
    int worst_area;
} ws_shortfall;

struct ws_scenario;

/* Finds the budget shortfalls of policy p over the years of scenario s, with the envelopes
 * split over the areas as the run splits them without a hook (ws_policy_split): per package,
 * payer, year and area, the planned spend (fixed costs, places x ramp-up x cost per
 * participant, amounts x ramp-up x cost per unit, each times the payer's share) against the
 * area's share of the payer's budget; consecutive short years of a package and payer are one
 * shortfall. Writes at most max into out and returns how many there are. Can't fail;
 * thread-safe. */
int ws_policy_shortfalls(const ws_policy *p, const struct ws_scenario *s, ws_shortfall *out,
                         int max);

/* Writes one line about shortfall f of scenario s into out (size n): the package, payer,
 * years, share funded, worst area and the interventions that plan to spend that payer's money. */
void ws_shortfall_text(const ws_shortfall *f, const struct ws_scenario *s, char *out, size_t n);

/* Relative weights for splitting each package's yearly envelope over its areas (yearly policy
 * hooks, model.h). weight[p * n_areas + a] is the weight of scenario slot a in package p; the
 * area's share is its weight over the sum of the weights of the package's areas (in[] == 1).
 * Defaults: the split of the first year (ws_policy_split: planned spend, or residents when
 * nothing is planned). Weights are >= 0 and finite; in[] == 0 slots stay 0. */
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
