/* test_mech_intervention.c: the intervention engine one mechanism at a time on tiny
 * hand-built worlds — places within the budget, the priority orders (risk, random, first come),
 * take-up, completion drawn at entry, the effect's weight over time and its use in a phase,
 * the waiting list, dwelling programmes on the worst dwellings, and level programmes setting
 * the institutions (ws_inst).
 *
 * A case sets up a one-area policy (wt_iv_start), runs the interventions phase for one month
 * (two where the case is about what carries over) and checks the entries, orders and levels
 * against the engine's keyed draws (WS_RP_IV_*) and the documented rules. See wt_world.h.
 */
#include "wt.h"
#include "wt_world.h"

#include <math.h>


/* n adults of 30 living alone in labour state s, in consecutive slots from the returned one. */
static int32_t people(wt_world *t, int n, int s)
{
    int32_t first = -1;
    for (int k = 0; k < n; k++) {
        int32_t i = wt_single(t, 0, WT_YM(30, 0), k % 2);
        t->w.pers.labour[i] = (uint8_t)s;
        if (first < 0) first = i;
    }
    return first;
}

/* A person programme for everyone in labour state s: places a year (0: budget only). */
static ws_intervention *programme(wt_world *t, int s, double places, int priority)
{
    ws_intervention *iv = wt_iv_add(t, WS_IV_PERSON);
    iv->who.labour_mask = 1u << s;
    iv->places_per_year = places;
    iv->priority = priority;
    return iv;
}

/* Length in months of programme k. */
static int ws_iv_len(const wt_world *t, int k)
{
    return t->s.policy.iv[k].programme_months;
}

/* Whether person i is in programme k (0-based) now. */
static bool in_prog(const wt_world *t, int32_t i, int k)
{
    return ws__iv_record_get(&t->w, i, k, NULL, NULL, NULL) == WS_REC_IN;
}

/* Persons in programme k (0-based) among n from first. */
static int in_programme(const wt_world *t, int32_t first, int n, int k)
{
    int c = 0;
    for (int j = 0; j < n; j++) c += in_prog(t, first + j, k);
    return c;
}

/* Months person i has waited for programme k (0 when not waiting). */
static int waited(const wt_world *t, int32_t i, int k)
{
    int m = 0;
    return ws__iv_record_get(&t->w, i, k, &m, NULL, NULL) == WS_REC_WAITING ? m : 0;
}

/* The yearly outputs of the interventions so far (ws__iv_record into fresh results). */
typedef struct outputs {
    ws_results r;
} outputs;

static void record(wt_world *t, outputs *o)
{
    ws_error e;
    WT_CHECK(ws_results_init(&o->r, 1, 1, 1, 2030, &e) == 0);
    WT_CHECK(ws_results_iv_init(&o->r, t->s.policy.n_interventions, &e) == 0);
    ws__iv_record(&t->w, &o->r, 0, 0, 0);
}

static double out_at(const outputs *o, int what, int k)
{
    return *ws_results_iv_at(&o->r, what, 0, 0, 0, k);
}

/* Places within the budget: each month the fixed cost is paid first, then as many places as
 * the capacity (places_per_year / 12, fractions carried) and the money left allow; the others
 * who want a place wait. When the money cannot pay the fixed cost, nothing is delivered and
 * what is left goes to overheads: spend never exceeds the envelope. */
WT_CASE(places_within_budget)
{
    WT_WORLD(t, 16, 1, 71);
    int pk = wt_package(t, 4500);
    ws_intervention *a = programme(t, WS_LB_UNEMPLOYED, 60, WS_PR_RANDOM);
    a->package = pk;
    a->cost_per_participant = 1000;
    a->fixed_cost_per_year = 12000; /* 1000 a month */
    programme(t, WS_LB_BIJSTAND, 30, WS_PR_RANDOM); /* free: capacity 2.5 a month */
    int32_t un = people(t, 10, WS_LB_UNEMPLOYED), bij = people(t, 5, WS_LB_BIJSTAND);
    wt_index(t);
    wt_iv_start(t);
    wt_run(t, WT_INTERVENTIONS); /* 4500: fixed 1000, then 3 of 5 places */
    WT_EQ_INT(in_programme(t, un, 10, 0), 3);
    WT_EQ_INT(in_programme(t, bij, 5, 1), 2); /* 2.5: two now, half a place carried */
    outputs o;
    record(t, &o);
    WT_DOUBLE(out_at(&o, WS_IVO_PARTICIPANTS, 0), 3);
    WT_DOUBLE(out_at(&o, WS_IVO_PLACES, 0), 3);
    WT_DOUBLE(out_at(&o, WS_IVO_WAITING, 0), 7);
    WT_DOUBLE(out_at(&o, WS_IVO_WAITING, 1), 3);
    WT_DOUBLE(*ws_results_spend_at(&o.r, 0, 0, 0, 0, WS_PAY_RIJK), 4000);
    ws_results_close(&o.r);
    w->month = 1;
    wt_run(t, WT_INTERVENTIONS); /* 500 left: not the fixed cost, no places */
    WT_EQ_INT(in_programme(t, un, 10, 0), 3);
    WT_EQ_INT(in_programme(t, bij, 5, 1), 5); /* 0.5 + 2.5: three more */
    record(t, &o);
    WT_DOUBLE(out_at(&o, WS_IVO_PLACES, 0), 0);
    WT_DOUBLE(*ws_results_spend_at(&o.r, 0, 0, 0, 0, WS_PAY_RIJK), 500); /* the envelope */
    ws_results_close(&o.r);
    wt_world_free(t);
}

/* Priority "risk": the transition's risk function ranks the willing — the lowest job-finding
 * ratio first for job finding (those who would stay out of work longest), the highest
 * job-loss ratio first for job loss. */
WT_CASE(priority_risk)
{
    WT_WORLD(t, 16, 1, 72);
    programme(t, WS_LB_UNEMPLOYED, 24, WS_PR_RISK)->transition = WS_TX_JOB_FINDING;
    programme(t, WS_LB_EMPLOYED, 24, WS_PR_RISK)->transition = WS_TX_JOB_LOSS;
    int32_t un = people(t, 6, WS_LB_UNEMPLOYED), em = people(t, 5, WS_LB_EMPLOYED);
    /* job finding: high 1.5, middle 1, low 0.65, low with limited Dutch 0.455, the same at 56
     * 0.2275, middle in poor health 0.6 */
    static const int at[6] = {WS_AT_HIGH, WS_AT_MID, WS_AT_LOW, WS_AT_LOW, WS_AT_LOW, WS_AT_MID};
    for (int j = 0; j < 6; j++) p->attain[un + j] = (uint8_t)at[j];
    p->flags[un + 3] |= WS_PF_LANGUAGE;
    p->flags[un + 4] |= WS_PF_LANGUAGE;
    p->age_m[un + 4] = WT_YM(56, 0);
    p->health[un + 5] = 0;
    /* job loss: middle 1, low 1.8, 22 years 2, low at 22 in poor health 5.4, poor health 1.5 */
    p->attain[em + 1] = p->attain[em + 3] = WS_AT_LOW;
    p->age_m[em + 2] = p->age_m[em + 3] = WT_YM(22, 0);
    p->health[em + 3] = p->health[em + 4] = 0;
    wt_index(t);
    wt_iv_start(t);
    wt_run(t, WT_INTERVENTIONS);
    for (int j = 0; j < 6; j++) WT_EQ_INT(in_prog(t, un + j, 0), j == 3 || j == 4);
    for (int j = 0; j < 5; j++) WT_EQ_INT(in_prog(t, em + j, 1), j == 2 || j == 3);
    wt_world_free(t);
}

/* Priority "random": the willing are ranked by a keyed uniform (WS_RP_IV_ORDER of the person,
 * month and programme), the lowest first. */
WT_CASE(priority_random)
{
    WT_WORLD(t, 16, 1, 73);
    programme(t, WS_LB_UNEMPLOYED, 36, WS_PR_RANDOM);
    int32_t un = people(t, 10, WS_LB_UNEMPLOYED);
    wt_index(t);
    wt_iv_start(t);
    w->month = 5;
    wt_run(t, WT_INTERVENTIONS);
    double key[10];
    for (int j = 0; j < 10; j++) key[j] = wt_u_block(t, un + j, 5, WS_RP_IV_ORDER, 0);
    for (int j = 0; j < 10; j++) {
        int before = 0; /* persons ranked before j */
        for (int k = 0; k < 10; k++) before += key[k] < key[j];
        WT_EQ_INT(in_prog(t, un + j, 0), before < 3);
    }
    wt_world_free(t);
}

/* Priority "first come": the longest on the waiting list first, ties in slot order; the
 * others' waiting months count up. */
WT_CASE(priority_first_come)
{
    WT_WORLD(t, 16, 1, 74);
    programme(t, WS_LB_UNEMPLOYED, 36, WS_PR_FIRST_COME);
    int32_t un = people(t, 7, WS_LB_UNEMPLOYED);
    static const uint8_t wait[7] = {3, 0, 7, 7, 1, 0, 2};
    wt_index(t);
    wt_iv_start(t);
    for (int j = 0; j < 7; j++)
        if (wait[j]) WT_EQ_INT(ws__iv_record_set(w, un + j, 0, WS_REC_WAITING, wait[j], false), 0);
    wt_run(t, WT_INTERVENTIONS);
    for (int j = 0; j < 7; j++) {
        bool in = wait[j] == 7 || wait[j] == 3;
        WT_EQ_INT(in_prog(t, un + j, 0), in);
        WT_EQ_INT(waited(t, un + j, 0), in ? 0 : wait[j] + 1);
    }
    wt_world_free(t);
}

/* Take-up: an eligible person takes a place only with a keyed draw (WS_RP_IV_TAKEUP of the
 * person, calendar year and programme) below take_up; who refuses does not wait either. */
WT_CASE(take_up)
{
    WT_WORLD(t, 48, 1, 75);
    programme(t, WS_LB_UNEMPLOYED, 1200, WS_PR_RANDOM)->take_up = 0.5;
    int32_t un = people(t, 40, WS_LB_UNEMPLOYED);
    wt_index(t);
    wt_iv_start(t);
    w->month = 14; /* the second year */
    wt_run(t, WT_INTERVENTIONS);
    wt_tally take = WT_TALLY("take-up");
    for (int j = 0; j < 40; j++) {
        int32_t i = un + j;
        WT_IFF(&take, i, in_prog(t, i, 0), wt_u_block(t, i, 1, WS_RP_IV_TAKEUP, 0), 0.5);
        if (!in_prog(t, i, 0)) WT_EQ_INT(p->prog[i], -1); /* no record: not waiting either */
    }
    WT_BOTH(take);
    wt_world_free(t);
}

/* Completion is drawn at entry: a participant completes (and so keeps the effect) with a keyed
 * draw (WS_RP_IV_COMPLETE of the person, month and programme) below the completion share. */
WT_CASE(completion_at_entry)
{
    WT_WORLD(t, 48, 1, 76);
    programme(t, WS_LB_UNEMPLOYED, 0, WS_PR_RANDOM)->completion = 0.4; /* no places limit */
    int32_t un = people(t, 40, WS_LB_UNEMPLOYED);
    wt_index(t);
    wt_iv_start(t);
    w->month = 3;
    wt_run(t, WT_INTERVENTIONS);
    wt_tally done = WT_TALLY("completion");
    for (int j = 0; j < 40; j++) {
        int32_t i = un + j;
        int months = -1;
        bool completer = false;
        WT_EQ_INT(ws__iv_record_get(w, i, 0, &months, &completer, NULL), WS_REC_IN);
        WT_EQ_INT(months, 0);
        WT_IFF(&done, i, completer, wt_u_block(t, i, 3, WS_RP_IV_COMPLETE, 0), 0.4);
    }
    WT_BOTH(done);
    wt_world_free(t);
}

/* A participant of programme k, `months` months in (before this month's advance), completing
 * or not, placed by hand once the policy is set up (wt_iv_start): see place(). */
typedef struct placed {
    int k, months;
    bool completer;
} placed;

static int32_t participant(wt_world *t)
{
    return wt_single(t, 0, WT_YM(30, 0), WS_SEX_FEMALE);
}

static void place(wt_world *t, int32_t i, placed pl)
{
    WT_EQ_INT(ws__iv_record_set(&t->w, i, pl.k, pl.months < ws_iv_len(t, pl.k) ? WS_REC_IN
                                                                                : WS_REC_AFTER,
                                pl.months, pl.completer),
              0);
}

/* The effect's weight over time: full in the programme (non-completers leave after half of
 * it, (months + 1) / 2, with nothing); completers keep the full effect effect_months after
 * the programme, then it halves every decay_months, and the record is cleared after
 * iv_clear_halflives half-lives. A hazard ratio multiplies the hazard by ratio^weight, an odds
 * ratio the odds; a shift is delivered as a gain (ws__iv_shift) rising linearly over the
 * programme to the shift, then held and halving like a ratio's weight. Other transitions and
 * other persons are left alone. */
WT_CASE(effect_weight)
{
    WT_WORLD(t, 32, 1, 77);
    ws_intervention *hr = programme(t, WS_LB_UNEMPLOYED, 12, WS_PR_RANDOM);
    hr->who.age_min = 119; /* nobody new: only the participants placed below */
    hr->effect.a = 2;
    hr->programme_months = 6;
    hr->effect_months = 4;
    hr->decay_months = 3;
    ws_intervention *sh = programme(t, WS_LB_UNEMPLOYED, 12, WS_PR_RANDOM);
    *sh = *hr;
    sh->transition = WS_TX_ACHIEVEMENT;
    sh->effect_type = WS_EF_SHIFT;
    sh->effect.a = 0.5;
    ws_intervention *odds = programme(t, WS_LB_UNEMPLOYED, 12, WS_PR_RANDOM);
    *odds = *hr;
    odds->transition = WS_TX_DROPOUT;
    odds->effect_type = WS_EF_ODDS_RATIO;
    odds->effect.a = 0.5;
    odds->decay_months = 2;
    /* months in before the advance, completion, and the weight after it (-1: cleared; for the
     * shift, the gain's share now) */
    static const struct { int k, m, done; double wt; } c[] = {
        {0, 0, 1, 1}, {0, 1, 0, 1}, {0, 2, 0, -1}, {0, 5, 1, 1}, {0, 9, 1, 1},
        {0, 11, 1, 0.629960524947437}, /* 2^(-2/3) */
        {0, 15, 1, 0.25}, {0, 29, 1, 0.009843133202303695}, /* 2^(-20/3) */
        {0, 30, 1, -1},   {1, 2, 1, 0.5}, {2, 11, 1, 0.5}, {1, 11, 1, 0.629960524947437},
        {1, 1, 0, 1.0 / 3}};
    enum { NC = sizeof c / sizeof c[0] };
    int32_t x[NC];
    for (int j = 0; j < NC; j++) x[j] = participant(t);
    int32_t other = wt_single(t, 0, WT_YM(30, 0), WS_SEX_MALE);
    wt_index(t);
    wt_iv_start(t);
    for (int j = 0; j < NC; j++) place(t, x[j], (placed){c[j].k, c[j].m, c[j].done});
    wt_run(t, WT_INTERVENTIONS);
    const int tx[3] = {WS_TX_JOB_FINDING, WS_TX_ACHIEVEMENT, WS_TX_DROPOUT};
    for (int j = 0; j < NC; j++) {
        int32_t i = x[j];
        int k = c[j].k;
        int state = ws__iv_record_get(w, i, k, NULL, NULL, NULL);
        WT_EQ_INT(state == WS_REC_NONE, c[j].wt < 0);
        double wt = c[j].wt < 0 ? 0 : c[j].wt, h = 0.2;
        if (k == 1) { /* the shift: the gain now and next month, the hazard untouched */
            double now, next;
            ws__iv_shift(w, i, WS_TX_ACHIEVEMENT, &now, &next);
            WT_DOUBLE(now, 0.5 * wt);
            WT_CHECK(c[j].done ? next >= now * 0.5 : next == 0);
            WT_DOUBLE(ws__iv_apply(w, i, WS_TX_ACHIEVEMENT, h), h);
            continue;
        }
        double expect = h * pow(2, wt);
        if (k == 2) {
            double o = h / (1 - h) * pow(0.5, wt);
            expect = o / (1 + o);
        }
        WT_DOUBLE(ws__iv_apply(w, i, tx[k], h), expect);
        WT_DOUBLE(ws__iv_apply(w, i, WS_TX_JOB_LOSS, h), h); /* not its transition */
    }
    WT_DOUBLE(ws__iv_apply(w, other, WS_TX_JOB_FINDING, 0.2), 0.2);
    WT_CHECK(!(w->iv_txmask & (1u << WS_TX_JOB_LOSS)));
    wt_world_free(t);
}

/* The effect reaches the phases: a participant's job-finding hazard (work phase) and the
 * debt-exit hazard of a participant's household (debt phase) are multiplied by the effect.
 * The month puts each participant's draw, and a non-participant's, between the probability
 * without and with the effect: only the participants move. */
WT_CASE(effect_reaches_phases)
{
    WT_WORLD(t, 16, 1, 78);
    ws_intervention *job = programme(t, WS_LB_UNEMPLOYED, 12, WS_PR_RANDOM);
    job->who.age_min = 119;
    job->effect.a = 3;
    ws_intervention *debt = programme(t, WS_LB_UNEMPLOYED, 12, WS_PR_RANDOM);
    *debt = *job;
    debt->transition = WS_TX_DEBT_EXIT;
    int32_t a = participant(t), b = wt_single(t, 0, WT_YM(30, 0), WS_SEX_FEMALE);
    int32_t c = participant(t), d = wt_single(t, 0, WT_YM(30, 0), WS_SEX_FEMALE);
    p->labour[a] = p->labour[b] = WS_LB_UNEMPLOYED;
    w->hh.debt[p->hh[c]] = w->hh.debt[p->hh[d]] = 1;
    wt_person(t, p->hh[c], WT_YM(35, 0), WS_SEX_MALE); /* the household's first member is c */
    w->cal.find_h = 0.2;
    w->cal.debt_off_h = 0.1;
    wt_index(t);
    wt_iv_start(t);
    place(t, a, (placed){0, 2, true});
    place(t, c, (placed){1, 2, true}); /* c heads its household: the debt effect is the household's */
    double f0 = 1 - exp(-0.2), f1 = 1 - exp(-0.2 * 3);
    const wt_window win[4] = {{a, WS_RP_LABOUR, 0, f0, f1}, {b, WS_RP_LABOUR, 0, f0, f1},
                              {p->hh[c], WS_RP_DEBT, 0, 0.1, 0.3},
                              {p->hh[d], WS_RP_DEBT, 0, 0.1, 0.3}};
    wt_pick_month_in(t, win, 4);
    wt_run(t, WT_WORK);
    WT_EQ_INT(p->labour[a], WS_LB_EMPLOYED);
    WT_EQ_INT(p->labour[b], WS_LB_UNEMPLOYED);
    wt_run(t, WT_DEBT);
    WT_EQ_INT(w->hh.debt[p->hh[c]], 0);
    WT_EQ_INT(w->hh.debt[p->hh[d]], 1);
    wt_world_free(t);
}

/* The waiting list: the willing who get no place wait, their months counting up while they
 * stay eligible and willing (back to 0 otherwise); first come is served first the next
 * month; the list's length is an output. */
WT_CASE(waiting_list)
{
    WT_WORLD(t, 8, 1, 79);
    programme(t, WS_LB_UNEMPLOYED, 12, WS_PR_FIRST_COME);
    int32_t un = people(t, 4, WS_LB_UNEMPLOYED), gone = people(t, 1, WS_LB_EMPLOYED);
    wt_index(t);
    wt_iv_start(t);
    WT_EQ_INT(ws__iv_record_set(w, un, 0, WS_REC_WAITING, 2, false), 0);
    WT_EQ_INT(ws__iv_record_set(w, gone, 0, WS_REC_WAITING, 5, false), 0); /* now at work */
    wt_run(t, WT_INTERVENTIONS);
    static const int m0[4] = {0, 1, 1, 1}, m1[4] = {0, 0, 2, 2};
    for (int j = 0; j < 4; j++) WT_EQ_INT(waited(t, un + j, 0), m0[j]);
    WT_EQ_INT(waited(t, gone, 0), 0); /* off the list */
    outputs o;
    record(t, &o);
    WT_DOUBLE(out_at(&o, WS_IVO_WAITING, 0), 3);
    ws_results_close(&o.r);
    w->month = 1;
    wt_run(t, WT_INTERVENTIONS);
    for (int j = 0; j < 4; j++) {
        WT_EQ_INT(waited(t, un + j, 0), m1[j]);
        WT_EQ_INT(in_prog(t, un + j, 0), j < 2); /* ties: slot order */
    }
    record(t, &o);
    WT_DOUBLE(out_at(&o, WS_IVO_WAITING, 0), 2);
    WT_DOUBLE(out_at(&o, WS_IVO_PARTICIPANTS, 0), 1);
    WT_DOUBLE(out_at(&o, WS_IVO_ACTIVE, 0), 2);
    ws_results_close(&o.r);
    wt_world_free(t);
}

/* A dwelling programme for target (renovation, demolition_newbuild), amount_per_year
 * dwellings a year and free, over dwellings of quality q (one per dwelling of the world). */
static void dwelling_programme(wt_world *t, int target, double amount, const float *q)
{
    ws_intervention *iv = wt_iv_add(t, WS_IV_PLACE);
    iv->place_target = target;
    iv->amount_per_year = amount;
    for (size_t d = 0; d < t->w.dw.n; d++) t->w.dw.quality[d] = q[d];
}

/* Renovation works through the worst dwellings: each month as many as the capacity allows
 * (amount_per_year / 12), lowest quality first (ties in slot order), among those below the
 * renovated quality, which they get. */
WT_CASE(dwelling_renovation)
{
    WT_WORLD(t, 10, 1, 80);
    static const float q[10] = {50, 20, 84.9f, 85, 20, 10.5f, 90, 10.9f, 60, 70};
    dwelling_programme(t, WS_PL_RENOVATION, 36, q);
    wt_single(t, 1, WT_YM(40, 0), WS_SEX_MALE); /* occupied or not, alike */
    wt_index(t);
    wt_iv_start(t);
    static const int order[3][3] = {{5, 7, 1}, {4, 0, 8}, {9, 2, -1}}; /* by month */
    float r = (float)P->dw_renov_quality;
    for (int m = 0; m < 3; m++) {
        w->month = m;
        wt_run(t, WT_INTERVENTIONS);
        for (int j = 0; j < 3; j++)
            if (order[m][j] >= 0) WT_CHECK(w->dw.quality[order[m][j]] == r);
        int done = 0;
        for (int d = 0; d < 10; d++) done += w->dw.quality[d] != q[d];
        WT_EQ_INT(done, m == 0 ? 3 : m == 1 ? 6 : 8); /* not 85 itself: not below */
    }
    WT_CHECK(w->dw.quality[3] == 85 && w->dw.quality[6] == 90);
    outputs o;
    record(t, &o);
    WT_DOUBLE(out_at(&o, WS_IVO_PARTICIPANTS, 0), 8); /* 3 + 3 + 2: none at 85 or above */
    ws_results_close(&o.r);
    wt_world_free(t);
}

/* Demolition and new build: the worst social dwellings (any quality, ties in slot order) are
 * demolished, their households move out of the area, and they are rebuilt at quality 95 for
 * sale and private rent, alternately (sale first). */
WT_CASE(demolition_newbuild)
{
    WT_WORLD(t, 6, 1, 81);
    static const float q[6] = {30, 25, 60, 10, 5, 28};
    static const int ten[6] = {WS_TEN_SOCIAL, WS_TEN_SOCIAL, WS_TEN_SOCIAL, WS_TEN_PRIVATE,
                               WS_TEN_OWNER, WS_TEN_SOCIAL};
    for (int d = 0; d < 6; d++) w->dw.tenure[d] = (uint8_t)ten[d];
    dwelling_programme(t, WS_PL_DEMOLITION_NEWBUILD, 24, q);
    int32_t out = wt_single(t, 5, WT_YM(40, 0), WS_SEX_FEMALE); /* in dwelling 5 */
    wt_person(t, p->hh[out], WT_YM(8, 0), WS_SEX_MALE);
    w->hh.income[p->hh[out]] = 1700;
    int32_t stay = wt_single(t, 0, WT_YM(50, 0), WS_SEX_MALE); /* in dwelling 0 */
    wt_index(t);
    wt_iv_start(t);
    wt_run(t, WT_INTERVENTIONS);
    WT_EQ_INT(w->dw.tenure[1], WS_TEN_OWNER); /* the worst social one first: for sale */
    WT_EQ_INT(w->dw.tenure[5], WS_TEN_PRIVATE);
    WT_CHECK(w->dw.quality[1] == 95 && w->dw.quality[5] == 95);
    WT_EQ_INT(w->dw.hh[5], -1);
    WT_CHECK(!p->alive[out] && p->alive[stay]);
    WT_EQ_INT(w->acc.moves_out, 1);
    WT_DOUBLE(w->acc.inc_out, 1700);
    for (int d = 0; d < 6; d++)
        if (d != 1 && d != 5) WT_CHECK(w->dw.quality[d] == q[d] && w->dw.tenure[d] == ten[d]);
    wt_world_free(t);
}

/* Level programmes: while running, the level (amount_per_year, ramped up, as far as the
 * package's money reaches) acts on its ws_inst field by its form — capacities (debt-service
 * and care starts) scaled like the persons, shifts (cohesion, school quality) as they are, a
 * ratio target (police) as level / effect_per x log(effect) on the log factor of offences, a
 * rule (allocation) as a share; a programme that has not started adds nothing. */
WT_CASE(level_programmes)
{
    WT_WORLD(t, 4, 1, 82);
    w->scale = 0.5;
    ws_inst *in = &w->inst;
    in->police_fte = 10;
    in->school_quality = 0.1;
    in->debt_service = 2;
    in->care = 3;
    int pk = wt_package(t, 60000); /* 30000 at scale 0.5: 3/5 of the police it would buy */
    static const struct { int target; double amount; } lv[7] = {
        {WS_PL_POLICE, 10}, {WS_PL_COHESION, 0.3}, {WS_PL_SCHOOL_QUALITY, 0.2},
        {WS_PL_DEBT_SERVICE, 4}, {WS_PL_CARE, 6}, {WS_PL_ALLOCATION, 0.25}, {WS_PL_CARE, 50}};
    for (int k = 0; k < 7; k++) {
        ws_intervention *iv = wt_iv_add(t, WS_IV_PLACE);
        iv->place_target = lv[k].target;
        iv->amount_per_year = lv[k].amount;
        if (k == 0) {
            iv->package = pk;
            iv->cost_per_unit = 120000; /* EUR per FTE a year: 50000 a month at scale 0.5 */
            iv->effect.a = 0.9; /* offences x0.9 per 4 FTE */
            iv->effect_per = 4;
        }
        if (k == 1) { /* starting now, ramped up over a year: 1/12 of it in the first month */
            iv->start_year = 2030;
            iv->ramp_up_years = 1;
        }
        if (k == 6) iv->start_year = 2031; /* not yet */
    }
    wt_single(t, 0, WT_YM(40, 0), WS_SEX_MALE);
    wt_index(t);
    wt_iv_start(t);
    wt_run(t, WT_INTERVENTIONS);
    WT_DOUBLE(in->police_fte, 10); /* police programmes act through their effect */
    WT_DOUBLE(in->offence_lratio, 10 * 30000.0 / 50000 / 4 * log(0.9));
    WT_DOUBLE(in->cohesion_shift, 0.3 / 12);
    WT_DOUBLE(in->school_quality, 0.1 + 0.2);
    WT_DOUBLE(in->debt_service, 2 + 4 * 0.5);
    WT_DOUBLE(in->care, 3 + 6 * 0.5);
    WT_DOUBLE(in->alloc_share, 0.25);
    outputs o;
    record(t, &o);
    WT_DOUBLE(*ws_results_spend_at(&o.r, 0, 0, 0, 0, WS_PAY_RIJK), 30000 / 0.5);
    WT_DOUBLE(out_at(&o, WS_IVO_ACTIVE, 0), 6); /* FTE, unscaled */
    ws_results_close(&o.r);
    wt_world_free(t);
}

WT_MAIN(WT_REG(places_within_budget), WT_REG(priority_risk), WT_REG(priority_random),
        WT_REG(priority_first_come), WT_REG(take_up), WT_REG(completion_at_entry),
        WT_REG(effect_weight), WT_REG(effect_reaches_phases), WT_REG(waiting_list),
        WT_REG(dwelling_renovation), WT_REG(demolition_newbuild), WT_REG(level_programmes))
