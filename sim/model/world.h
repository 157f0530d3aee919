/* world.h: the state of one simulated area — persons, households, dwellings, neighbourhoods,
 * institutions — as struct-of-arrays, and the monthly phases that advance it.
 *
 * Design: an area is simulated on its own by one thread (areas interact only through the
 * spillover and hook exchanges between years, run.c), with random streams keyed by its index
 * in the area file. Persons, households and dwellings live in struct-of-arrays indexed by
 * slot (person_fields.def, household_fields.def); a slot is free when alive[slot] == 0 and is
 * reused in a deterministic order (free lists are stacks pushed in the order of deaths and
 * moves, which are processed in slot order). Every phase runs serially in slot order, and
 * aggregates are sums in that fixed order, so an area's results depend only on (seed,
 * replication, area) — bit-identical for any thread count. Splitting one area's persons over
 * threads would need compute-then-commit; nothing does that today.
 *
 * Invariants (ws__world_check; after every phase in a WS_CHECK build, and in tests):
 *  - a live person's hh is a live household; a live household has >= 1 live member and a
 *    dwelling whose hh points back to it; a vacant dwelling has hh == -1;
 *  - hh_first/hh_members (rebuilt by ws__world_index) list exactly the live members.
 */
#ifndef WS_WORLD_H
#define WS_WORLD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rng.h"
#include "wijksim/area.h"
#include "wijksim/err.h"
#include "wijksim/params.h"
#include "wijksim/results.h"
#include "wijksim/scenario.h"
#include "wijksim/states.h"

/* Highest attainment. MID and HIGH are a basic qualification (startkwalificatie). Labour
 * status, education stage, track, tenure and sex are public (wijksim/states.h): scenarios name
 * them. */
enum ws_attain { WS_AT_NONE, WS_AT_LOW, WS_AT_MID, WS_AT_HIGH };

enum ws_hhtype { WS_HT_SINGLE, WS_HT_SINGLE_PARENT, WS_HT_COUPLE_KIDS, WS_HT_COUPLE };

/* Person flag bits (pers.flags). */
enum {
    WS_PF_LANGUAGE = 1 << 0,   /* limited command of Dutch */
    WS_PF_OFFENDED_Y = 1 << 1, /* committed an offence this year */
    WS_PF_VICTIM_Y = 1 << 2,   /* victimised this year */
    WS_PF_DROPPED_Y = 1 << 3,  /* left school without qualification this year */
    WS_PF_CHILD = 1 << 4,      /* a child of the household (not a parent or partner) */
    WS_PF_SEEKER = 1 << 5,     /* has left home and waits for a dwelling in the area */
};


/* The bit widths that limit states, transitions and interventions. */
_Static_assert(WS_PF_SEEKER < (1 << 8), "person flags must fit pers.flags (uint8_t)");
_Static_assert(WS_TX_N <= 32, "one bit per transition in ws_world.iv_txmask (uint32_t)");
_Static_assert(WS_MAX_INTERVENTIONS <= 255, "a programme record holds its intervention as uint8_t");
_Static_assert(WS_LB_N <= 32 && WS_ST_N <= 32 && WS_TR_N <= 32 && WS_TEN_N <= 32,
               "selector masks hold one bit per state (uint32_t)");
_Static_assert(WS_LB_N <= 256 && WS_ST_N <= 256 && WS_TR_N <= 256 && WS_TEN_N <= 256,
               "states are stored as uint8_t");
_Static_assert(WS_MAX_NBH <= 256, "dw.nbh is a uint8_t neighbourhood index");
_Static_assert(WS_MAX_REPLICATIONS <= 0xFFFFF && WS_MAX_AREAS <= 4096,
               "the random key packs a 20-bit replication and a 12-bit area (rng.h)");

#define WS_AOW_AGE_M (67 * 12)
#define WS_OLD_YEARS 41 /* ages 65..105 drawn at synthesis */

/* Persons as struct-of-arrays: one array per field of person_fields.def, indexed by slot. */
typedef struct ws_persons {
    size_t n, cap;      /* slots in use (high-water mark) and allocated */
#define WS_PERSON_FIELD(name, ctype, reset, doc) ctype *name;
#include "person_fields.def"
#undef WS_PERSON_FIELD
    int32_t *free;      /* stack of free slots (cap entries) */
    size_t n_free;
} ws_persons;

/* Households as struct-of-arrays: one array per field of household_fields.def. */
typedef struct ws_households {
    size_t n, cap;
#define WS_HOUSEHOLD_FIELD(name, ctype, reset, doc) ctype *name;
#include "household_fields.def"
#undef WS_HOUSEHOLD_FIELD
    int32_t *free;      /* stack of free slots (cap entries) */
    size_t n_free;
} ws_households;

typedef struct ws_dwellings {
    size_t n;
    uint8_t *nbh;       /* neighbourhood index */
    uint8_t *tenure;    /* enum ws_tenure */
    uint8_t *rooms;
    float *quality;     /* 0..100 (100 new) */
    int32_t *hh;        /* household slot, -1 when vacant */
} ws_dwellings;

/* One neighbourhood (CBS wijk): aggregates recomputed every month, slow states kept. */
typedef struct ws_nbh {
    char code[12];
    /* slow states */
    double cohesion;        /* 0-10 score */
    double undermining;     /* 0-100 index */
    double crime;           /* registered offences per 1000 residents per year (smoothed) */
    double turnover;        /* households moving (out) per household per year (smoothed) */
    double disorder;        /* 0-1 physical and social disorder */
    double amenities;       /* Leefbaarometer amenities dimension (fixed) */
    /* starting values (the neighbourhood's own equilibrium anchors) */
    double cohesion0, undermining0, crime0, turnover0, disorder0, unsafe0, quality0, social0;
    double peer0;           /* starting share of offenders among 12-24 */
    double net0;            /* starting network share of 16-34 */
    double net_mf;          /* expected network members (persons at the simulated scale): the
                               mean field of this month's recruitment probabilities and of
                               exit; undermining follows it, not the few realised members */
    double lbm0;            /* starting Leefbaarometer score */
    double moves_m;         /* households that moved out this month */
    double move_live_hr;    /* moving-out ratio from liveability relative to the start */
    double lone_coh_hr;     /* loneliness-onset ratio from cohesion relative to the start */
    /* monthly aggregates */
    long residents, households, youth, offenders, adults15, unsafe_n, net16_34, network;
    double offences;        /* offences by resident offenders this month (crime adds those by
                               others) */
    double peer_share;      /* offenders among 12-24 */
    double unsafe_share;    /* feel unsafe among 15+ */
    double quality_mean;    /* mean dwelling quality */
    double social_share;    /* social rent share of dwellings */
    double median_income;   /* median household income (EUR/month) */
    double mean_achieve;    /* mean achievement of pupils 4-12 */
    double lbm[5];          /* Leefbaarometer dimensions: housing, environment, amenities,
                               cohesion, nuisance */
    double lbm_score;
    double police;          /* police FTE per 1000 residents */
} ws_nbh;

/* Institutions of an area and their capacities (per month unless stated). */
typedef struct ws_inst {
    double school_quality;  /* added value of schools, SD of achievement (0 = NL average) */
    double debt_service;    /* debt-counselling cases that can start per month */
    double care;            /* mental-health treatment starts per month */
    double police_fte;      /* police FTE */
    double renovations;     /* dwellings the corporation renovates per month at the start (set
                               by ws__calib_housing; the housing phase uses cal.renov_p) */
    double cohesion_shift;  /* shift of the cohesion target (points; community work) */
    double offence_lratio;  /* log of the factor on the area's registered offences (police
                               programmes, place_targets.def; 0: none) */
    double alloc_share;     /* share of social lettings to outside households the allocation
                               rule covers (0..1) */
} ws_inst;

/* Area-specific base rates solved at synthesis so the starting state is an equilibrium. */
typedef struct ws_calib {
    double earn_factor;     /* multiplies NL earnings so the low-income share matches (solved
                               at synthesis; newborns and in-movers draw their earnings with
                               it; the burn-in does not steer it) */
    double achieve_mu;      /* intercept of the achievement target */
    double achieve_sd;      /* within-area SD of achievement */
    double drop_h;          /* monthly dropout hazard intercept */
    double return_h;        /* monthly return to education of early leavers 18-22 */
    double loss_h, find_h, bij_in_h, bij_out_h, inact_h, react_h, dis_h;
    double debt_on_h, debt_off_h;
    double hlth_decl_h, hlth_rec_h, dist_on_h, dist_off_h, lone_on_h, lone_off_h;
    double off_on_h, off_desist_h, net_rec_h, net_exit_h;
    double unsafe_a;        /* logit intercept of feeling unsafe */
    double victim_k;        /* unused: nothing sets or reads it (victimisation is
                               ws__victim_p) */
    double ext_crime;       /* offences per 1000 residents per year not by resident offenders */
    double offence_rate;    /* offences counted per registered offence event of an active
                               offender (an event happens with probability off_reg_p a month) */
    double move_h;          /* monthly move-out hazard intercept per household */
    double mort_mult[6];    /* mortality multiplier per age band (0,1-14,15-44,45-64,65-79,80+) */
    double fert_mult;       /* fertility multiplier (burn-in: holds the share of minors) */
    double inmove_young;    /* age tilt of in-movers (burn-in: holds the share of 65+) */
    double inmove_ya;       /* weight of the 18-24 band among in-moving adults (burn-in: holds
                               the share of 18-24, which leaving home drains) */
    double inmove_family;   /* weight of family households among in-movers (burn-in: holds
                               the mean household size) */
    double leave_mult;      /* multiplier of leaving the parental home (burn-in: holds the
                               share of adult children living with their parents, which the
                               synthesis fits to the area's household size) */
    double react_noinc;     /* ratio of re-activation (react_h) for inactive adults of a
                               household with no income at all (burn-in: holds the share of
                               such households; ws__hh_no_income) */
    double loss_par;        /* for adults of a household with minors: ratio of job loss
                               (loss_h), and its inverse of re-activation (react_h) (burn-in:
                               holds the share of them in work, whose shift the synthesis
                               fits to child poverty; calibrate.c, AL_KEMP) */
    double inmove_low, inmove_high; /* logit shifts of in-movers' attainment: movers in bring
                                       the attainment mix of movers out (so migration does not
                                       drain education; the escalator acts through work and
                                       income on arrival) */
    double debt_serv0, care0, police0; /* starting capacity/demand ratios */
    double renov_p;         /* monthly renovation probability of a poor dwelling */
    double net_loss_h;      /* monthly loss of expected network members besides leaving the
                               network (ageing out at net_age_end, moves, deaths): balances the
                               mean field at the start under the month's recruitment rate */
    double net_bal_rec, net_bal_exit, net_bal_mf; /* ws__net_mf_balance's sums at the start:
                               expected recruitment and exit a month, and expected members */
    double drop_sd_noise;   /* SD of monthly achievement noise */
    double lbm_target;      /* starting Leefbaarometer score of the area */
    double log_move_income; /* log of move_hr_income */
    double log_drop_sd;     /* log of edu_drop_hr_per_sd */
    /* synthesis logit intercepts (solved on the starting population, reused for in-movers) */
    double syn_low, syn_high;      /* attainment of 25+: P(low), P(high) */
    double syn_health, syn_lang, syn_emp, syn_bij, syn_unemp, syn_debt, syn_lonely;
    double syn_emp_kids;           /* employment logit shift of parents */
    double syn_distress, syn_offend, syn_unsafe, syn_net;
    double syn_kids_lambda;        /* extra children beyond the first (Poisson mean) */
    double syn_adult_kid;          /* families whose oldest child is an adult (18-30) */
    double syn_extra;              /* extra adults 18-29 per couple without children (0..2) */
    double syn_adult_w[4];         /* weights of adult age bands 18-24, 25-44, 45-64, 65+ */
    double syn_nosk;               /* share of 18-24 who left school without qualification */
} ws_calib;

/* Counts over the current year, turned into indicators in December. */
typedef struct ws_year_acc {
    double births, deaths, dropouts, pupil_months, offences, moves_out, moves_in;
    double inc_out, inc_in, hh_months, person_months;
    double ach_sum, ach_n, adv_low;   /* pupils turning 12: achievement and low advice */
    double refused;                   /* households an allocation rule refused */
} ws_year_acc;

typedef struct ws_world {
    const ws_area *area;
    const ws_params *p;
    int area_index;         /* index in the area file: keys the random streams */
    double scale;           /* fraction of households simulated */
    ws_rng rng;
    int month;              /* months simulated so far (0 at start) */
    ws_persons pers;
    ws_households hh;
    ws_dwellings dw;
    int n_nbh;
    ws_nbh nbh[WS_MAX_NBH];
    ws_inst inst;
    ws_calib cal;
    /* The burned-in rate schedule this world follows (ws__calibration_apply; NULL: the
     * analytic rates throughout): its row calib_area, and the analytic rates it scales. */
    const struct ws_calibration *calib;
    int calib_area;
    ws_calib cal0;
    ws_year_acc acc;
    int32_t *members;       /* person slots grouped by household (size pers.cap) */
    size_t members_cap;
    float *scratch;         /* per-household scratch (size hh.cap) */
    double acc_moves_month; /* households that moved out in the last month */
    double age_tab[2][128]; /* health: decline ratio and recovery probability by age */
    double dur_tab[61];     /* job finding: duration factor by months out of work */
    double old_cdf[WS_OLD_YEARS]; /* synthesis: cumulative age distribution of adults 65+ by
                                     year of age (65, 66, ...): the stationary survival of the
                                     area's own mortality (see synth.c) */
    size_t scratch_cap;
    /* interventions (sim/model/intervention.c); NULL / 0 without a policy (and in calibration) */
    struct ws_iv_state *iv; /* runtime state of the policy in this area (owned) */
    void (*iv_free)(struct ws_world *w); /* frees iv (set with it; the world calls it on close,
                                            so world.c needs nothing of intervention.c) */
    int (*iv_check)(const struct ws_world *w, ws_error *e); /* checks the programme records
                                            (set with iv; called by ws__world_check) */
    int n_iv;               /* interventions of the policy (pers.prog is 0..n_iv) */
    uint32_t iv_txmask;     /* bit (1 << transition) of person programmes active here */
    long checks;            /* consistency checks run (WS_CHECK builds; see ws__world_check) */
    ws_error fault;         /* what stopped a step other than memory (a failed check) */
} ws_world;

/* Allocation and synthesis (world.c, synth.c) --------------------------------------------- */

/* Builds the starting world for area a at the given scale and replication key: dwellings,
 * neighbourhoods, institutions, households and persons whose marginals match the area data
 * (ws__world_synthesise, synth.c), then solves the base rates (w->cal; ws__calibrate_dynamics,
 * calibrate.c). w is caller-owned and zeroed by this call. Returns 0, WS_ENOMEM or WS_EINPUT
 * (area too small for the scale). On failure w is closed. */
int ws__world_init(ws_world *w, const ws_area *a, int area_index, const ws_params *p,
                   double scale, uint32_t seed, uint32_t rep, ws_error *e);

/* The synthesis part of ws__world_init: the starting world with the synthesis intercepts in
 * w->cal but no base rates yet. Same contract otherwise. */
int ws__world_synthesise(ws_world *w, const ws_area *a, int area_index, const ws_params *p,
                         double scale, uint32_t seed, uint32_t rep, ws_error *e);

/* The area's starting unemployment as a share of its labour force 18-66 (0..0.5): the NL rate
 * scaled by the area's share not in paid work relative to NL, to the power unemp_elast
 * (params.def, "Baseline balance"). The area file has no unemployment column; this is the
 * figure synthesis and the burn-in hold. Thread-safe; cannot fail. */
double ws__unemp_target(const ws_area *a, const ws_params *p);

/* Frees everything a world owns; w may be zeroed or already closed. */
void ws__world_close(ws_world *w);

/* Bytes held by the world's arrays. */
size_t ws__world_bytes(const ws_world *w);

/* Allocates n vacant dwellings (all zero, hh = -1). 0 or -1 (out of memory). */
int ws__world_alloc_dwellings(ws_world *w, size_t n);

/* Makes room for this many person and household slots. 0 or -1 (out of memory). */
int ws__world_reserve(ws_world *w, size_t persons, size_t households);

/* A free person / household slot (grows the arrays; every field gets its reset value of
 * person_fields.def / household_fields.def); -1 when out of memory. Growing may move the
 * arrays of w->pers and w->members (w->hh and w->scratch): re-read pointers taken before.
 * Serial only.
 * ws__person_free / ws__household_free mark the slot dead and push it on the free stack; the
 * household's dwelling becomes vacant. Neither updates the household index. */
int32_t ws__person_new(ws_world *w);
int32_t ws__household_new(ws_world *w);
void ws__person_free(ws_world *w, int32_t i);
void ws__household_free(ws_world *w, int32_t h);

/* The head of household h: its oldest member who is not a child of the household (ties: the
 * first in the member index), or its first member when all are children. Needs a fresh index. */
int32_t ws__household_head(const ws_world *w, int32_t h);

/* Rebuilds the household member index (first, nmem, nkids, members) from the persons' hh.
 * Serial; allocates nothing (members has pers.cap slots), so it always returns 0. */
int ws__world_index(ws_world *w);

/* Dissolves households left without an adult (their minors leave the area, to family
 * elsewhere) or without members; needs a fresh index and rebuilds it when anything changed.
 * Always returns 0 (the index rebuild allocates nothing). */
int ws__world_dissolve_orphans(ws_world *w);

/* Checks the invariants above and the state of every live slot: fields within their enums,
 * free-slot stacks that hold exactly the dead slots, every household with an adult, programme
 * records naming an intervention. Returns 0, WS_ERUNTIME with the first violation in e, or
 * WS_ENOMEM (scratch for the free-stack check). Does not change w; O(persons + households +
 * dwellings). */
int ws__world_check(const ws_world *w, ws_error *e);

/* Consistency checks after every phase: in a build with WS_CHECK (CMake option WS_CHECK, or
 * the ws_model_check library the tests use) ws__world_step checks the world after each phase
 * and stops with WS_ERUNTIME naming the phase; w->checks counts the checks run. Without it the
 * step runs no check. */
#ifdef WS_CHECK
#define WS_WORLD_CHECKING 1
#else
#define WS_WORLD_CHECKING 0
#endif

/* Most members a synthesised household has. */
#define WS_MAX_MEMBERS 8

/* Synthesis of one household in dwelling d, its draws keyed by (d, month) (the housing phase's
 * in-movers; the starting population is built in synth.c from the same steps). in_mover
 * applies the in-movers' tilts (age, family, attainment) and the employment shift of the
 * dwelling's tenure. Sets the household's income and member counts, not its place in the
 * member index (first/members: the next ws__world_index). When members is not NULL (room for
 * WS_MAX_MEMBERS) it receives the new persons' slots and *n_members their number. Returns the
 * household slot or -1 (out of memory). */
int32_t ws__synth_household(ws_world *w, int32_t d, uint32_t month, bool in_mover,
                            int32_t *members, int *n_members);

/* Income, low-income, bijstand and student flags of household h from its nm members mem. */
void ws__income_one(ws_world *w, int32_t h, const int32_t *mem, int nm);

/* Logit covariates of offending onset for person i (safety.c; synthesis draws the starting
 * offenders with them). */
double ws__x_offend(const ws_world *w, int32_t i);

/* ws__x_offend plus, from off_desist_age, the log of the share of spells running at that age
 * that survive to person i's age (desistance off_desist_hr_adult times faster): the logit
 * covariates of being an offender at the start (synthesis draws with them, the network's mean
 * field expects with them; safety.c). */
double ws__x_offend_start(const ws_world *w, int32_t i);

/* Annual victimisation probability of a resident 15+ at neighbourhood crime level crime
 * (safety.c; also used by synthesis). */
double ws__victim_p(const ws_world *w, double crime);

/* Per-module calibration, called by ws__calibrate_dynamics in this order. */
void ws__calib_nbh_pre(ws_world *w);
void ws__calib_education(ws_world *w);
void ws__calib_work(ws_world *w);
void ws__calib_health(ws_world *w);
void ws__calib_safety(ws_world *w);
void ws__calib_housing(ws_world *w);
void ws__calib_neighbourhood(ws_world *w);
/* Seeds each neighbourhood's expected network members and balances their mean field at the
 * current base rates (safety.c). */
void ws__net_mf_balance(ws_world *w);

/* Monthly net earnings of person i when employed: NL level by attainment x age profile x the
 * person's multiplier (EUR). */
double ws__earnings(const ws_world *w, int32_t i);

/* Fills the health age tables w->age_tab (called at world init, after parameters are set;
 * the job-finding duration table dur_tab is filled by ws__world_init itself). */
void ws__health_tables(ws_world *w);

/* Job-finding hazard ratio of person i (work.c; reused by interventions). */
double ws__hr_find(const ws_world *w, int32_t i);
/* The logit shift of employment of the adults of household h for its children: single parents
 * (syn_emp_single_parent) and the calibrated parents' shift (cal.syn_emp_kids, fitted so child
 * poverty matches), for a household of a family type with members under 18; 0 otherwise. The
 * synthesis adds it to the employment logit, the labour flows apply exp() of it to job finding. */
double ws__x_employ_parent(const ws_world *w, int32_t h);
/* Whether household h has an adult and no income at all: no member employed, unemployed (WW),
 * on bijstand, disabled, retired or a student (the members index must be current). */
bool ws__hh_no_income(const ws_world *w, int32_t h);

/* Runs `months` months of burn-in with separate random streams, steering the calibrated
 * base rates back to the starting stocks (see calibrate.c). Returns 0 or ws__world_step's
 * code (WS_ENOMEM; in a WS_CHECK build also WS_ERUNTIME with w->fault filled). */
int ws__world_burn_in(ws_world *w, int months, double gain, double *sched);

/* Solves the base rates of every transition so the starting state is an equilibrium. */
void ws__calibrate_dynamics(ws_world *w);

/* Puts w (freshly built, month 0, analytic rates) on the burned-in rate schedule of scenario
 * slot a (calibrate.c): from then on ws__world_step sets the steered rates of each month to
 * the analytic ones times that month's burn-in ratios. cal NULL does nothing. cal must outlive
 * the world's steps. */
struct ws_calibration;
void ws__calibration_apply(ws_world *w, const struct ws_calibration *cal, int a);
/* Sets w's steered rates for month w->month from its schedule (called by ws__world_step). */
void ws__calibration_month(ws_world *w);

/* Writes the indicators of year y for area slot a into slice rep of out (and the interventions'
 * yearly outputs), then clears the yearly flags and counters (indicators.c). Serial per world. */
void ws__record_year(ws_world *w, ws_results *out, int rep, int y, int a);

/* Recomputes income, low-income, bijstand and student flags of every live household
 * (serial, slot order; needs a fresh household index). */
void ws__household_income(ws_world *w);

/* Monthly phases, in the order ws__world_step runs them ---------------------------------- */
int ws__phase_demography(ws_world *w);   /* ageing, deaths, births, leaving home */
int ws__phase_interventions(ws_world *w); /* budgets, places, allocation (intervention.c) */
void ws__phase_education(ws_world *w);   /* achievement, advice, dropout, completion */
void ws__phase_work(ws_world *w);        /* labour-market transitions (earnings stay fixed) */
void ws__phase_debt(ws_world *w);        /* problematic debt onset and exit */
void ws__phase_health(ws_world *w);      /* physical health, distress, loneliness */
void ws__phase_safety(ws_world *w);      /* offending, networks, victimisation, unsafety */
int ws__phase_housing(ws_world *w);      /* dwelling quality, moves out, vacancies filled */
void ws__phase_neighbourhood(ws_world *w); /* aggregates, cohesion, liveability */

/* Runs one month: all phases in order, then month++. Returns 0, WS_ENOMEM, or (WS_CHECK
 * builds) the consistency check's code with w->fault naming the phase; month is then not
 * advanced. */
int ws__world_step(ws_world *w);

/* Mortality age band (0, 1-14, 15-44, 45-64, 65-79, 80+) and relative risk in the band. */
int ws__mort_band(int age);
double ws__mort_rel(const ws_world *w, int32_t i);

/* Annual NL mortality probability at a year of age (band value, 2.5 times from 95). */
double ws__mort_q_age(const ws_params *P, int age);

/* Leefbaarometer class 1-9 of a score (deviation from NL). */
int ws__lbm_class(double score);

/* Interventions (intervention.c) --------------------------------------------------------- */

/* Sets up the policy of scenario s in world w, the area in scenario slot a of replication
 * rep: which interventions run here, their effects (drawn once
 * per (seed, rep, intervention), the same in every area), this area's share of each package
 * envelope. Does nothing when the policy is empty. Call after the calibrated rates are set.
 * Returns 0 or WS_ENOMEM. The state is freed by ws__world_close. */
int ws__iv_init(ws_world *w, const ws_scenario *s, int a, uint32_t rep);

/* Writes the intervention outputs of year y for area slot a (when out has them) and resets
 * the yearly counters. */
void ws__iv_record(ws_world *w, ws_results *out, int rep, int y, int a);

/* Spillover between the areas of one replication, serially between years: sets each world's
 * level received from the other areas' level programmes (spillover != 0), computed from
 * their mean levels of the year just recorded, to act during the next year (one-year lag; see
 * intervention.c). worlds[0..na-1] are the scenario's areas in scenario order, every one
 * after ws__iv_record of the same year. Does nothing when no programme spills over. Can't
 * fail; not thread-safe (writes every world). */
void ws__iv_spillover(ws_world *worlds, int na, const ws_scenario *s);

/* Sets every world's share of each package envelope from the relative weights bw (over the
 * package's areas, bw->in), to act from the next month 0 (the next year's envelopes).
 * worlds[0..na-1] are the scenario's areas in scenario order; bw was made for the same
 * scenario (bw->n_areas == na) with valid weights (>= 0, finite). A package whose weights sum
 * to 0 gets no money anywhere. Can't fail; not thread-safe (writes every world). */
void ws__iv_set_shares(ws_world *worlds, int na, const ws_budget_weights *bw);

/* Frees the intervention state of w (NULL-safe). */
void ws__iv_free(ws_world *w);

/* Programme record states (ws__iv_record_get). */
enum { WS_REC_NONE, WS_REC_WAITING, WS_REC_IN, WS_REC_AFTER };

/* Person i's record of intervention k: its state (WS_REC_*), and when it has one its months
 * (waiting months, or months since the start), whether it will complete and its effect
 * modifier (any pointer may be NULL). For tests and reports; thread-safe (reads only). */
int ws__iv_record_get(const ws_world *w, int32_t i, int k, int *months, bool *completer,
                      double *mod);

/* Gives person i a record of intervention k in `state` (WS_REC_WAITING, _IN or _AFTER) with
 * these months and completion, replacing any record it had of k (tests build states by hand
 * with it). Returns 0, WS_ENOMEM, or WS_EINPUT without a policy or for a bad k or state. */
int ws__iv_record_set(ws_world *w, int32_t i, int k, int state, int months, bool completer);


/* Slow path of ws__iv_apply: person i has programme records (pers.prog >= 0). */
double ws__iv_apply_slow(const ws_world *w, int32_t i, int tx, double h);

/* Applies person i's programme effect on transition tx to h: a hazard (or the probability
 * compared with a uniform) times the hazard ratio (or through the odds ratio), with the
 * participant's effect modifier (effect_by_risk) — full while in the programme and
 * effect_months after completing it, then the log ratio halves every decay_months. At most one
 * programme per person acts on a transition. Returns h unchanged (bit for bit) when no
 * programme in the area targets tx (no per-person load) or the person has no record (one load).
 * Shift transitions (achievement) go through ws__iv_shift instead. Thread-safe (reads only). */
static inline double ws__iv_apply(const ws_world *w, int32_t i, int tx, double h)
{
    return (w->iv_txmask & (1u << tx)) && w->pers.prog[i] >= 0 ? ws__iv_apply_slow(w, i, tx, h)
                                                               : h;
}

/* A shift programme's gain of person i on score transition tx: *now the gain this month and
 * *next the gain next month (SD). The gain rises linearly to the effect over the programme (a
 * non-completer stops where they leave, then keeps nothing), holds effect_months and halves
 * every decay_months. The phase adds the gain to the score's target and next - now to the score
 * itself, so the score is exactly `gain` above where it would be without the programme (see
 * education.c). Both 0 without a programme on tx. Thread-safe (reads only). */
void ws__iv_shift(const ws_world *w, int32_t i, int tx, double *now, double *next);

/* Household version (debt): the effect of the first member (slot order) whose programme
 * targets tx; h unchanged when none does. Needs a fresh household index. */
double ws__iv_apply_hh_slow(const ws_world *w, int32_t hh, int tx, double h);
static inline double ws__iv_apply_hh(const ws_world *w, int32_t hh, int tx, double h)
{
    return (w->iv_txmask & (1u << tx)) ? ws__iv_apply_hh_slow(w, hh, tx, h) : h;
}

/* Risk functions of the transitions (transitions.def): the value priority "risk" ranks person
 * i by, defined by the phase that owns the transition from the hazards it uses. Read-only;
 * thread-safe. Those that look at the household need a fresh household index. */
#define WS_TRANSITION(id, lua, effect, takes, rank, risk_fn, unit, doc)                                  \
    double risk_fn(const ws_world *w, int32_t i);
#include "wijksim/transitions.def"
#undef WS_TRANSITION

/* Helpers shared by the phases ----------------------------------------------------------- */

static inline double ws__logistic(double x)
{
    return 1.0 / (1.0 + exp(-x));
}

static inline double ws__logit(double p)
{
    if (p < 1e-9) p = 1e-9;
    if (p > 1 - 1e-9) p = 1 - 1e-9;
    return log(p / (1 - p));
}

/* Monthly probability from an annual one: 1 - (1 - p)^(1/12). */
static inline double ws__monthly(double p_year)
{
    if (p_year <= 0) return 0;
    if (p_year >= 1) return 1;
    return 1.0 - pow(1.0 - p_year, 1.0 / 12.0);
}

/* Probability of an event in one month from a monthly hazard rate h (events per month). */
static inline double ws__hprob(double h)
{
    return h <= 0 ? 0 : 1.0 - exp(-h);
}

/* Poverty line for a household: NL low-income threshold times the equivalence factor. */
double ws__poverty_line(const ws_params *p, int adults, int kids);

/* Solves c so that the mean of logistic(c + x[i]) over n values equals target (Newton steps,
 * with bisection when a step leaves the bracket). Returns c (-30 / 30 for a target of 0 / 1).
 * x may be NULL (all zero). */
double ws__solve_logit_intercept(const double *x, size_t n, double target);

#endif
