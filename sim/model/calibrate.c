/* calibrate.c: base rates that hold the starting figures — the analytic balance of every
 * transition at the start, and the burn-in that steers the rates selective migration, ageing
 * and school-leaving would otherwise pull away (include/wijksim/model.h, ws_calibrate).
 *
 * Design. ws__calibrate_dynamics solves each phase's base rates so the starting stocks are an
 * equilibrium of the direct flows (each phase file's ws__calib_* does its own). The burn-in then
 * simulates a separate world of the area (its own random streams, replication key 0xFFFFF, a
 * scale with at least burn_in_min_dwellings, or the whole area when it has fewer) for
 * burn_in_months while an integral controller moves one base rate per stock (enum AL_*; youth
 * offending once a year, on the yearly indicator) back towards its starting share. A
 * calibration keeps, per area, the schedule of the steered rates: for every month of the
 * burn-in, the ratio of each rate the burn-in used in that month to its analytic value (and
 * the shift of the achievement intercept). A run's world follows the same schedule from its
 * month 0 (ws__calibration_apply, ws__calibration_month). It starts from a synthesis as the
 * burn-in's did, so it meets the rates the controller found for each stage of the move from
 * the synthesised start towards the model's own balance; a single set of end-of-burn-in rates
 * applied from month 0 instead met the synthesised start with rates tuned for a burned-in
 * world, and the stocks drifted for decades (household size, the share of 65+, who is in
 * work). Every steered rate stays within burn_in_ratio_max of its analytic value
 * (clamp_ratio); the schedule a run follows is smoothed over burn_in_smooth_months
 * (sched_smooth), and after the burn-in's end a run keeps the mean of its last
 * burn_in_tail_months (sched_tail_mean), so a run meets the controller's level, not its
 * sampling noise. The calibration depends on the scenario's seed, parameters and areas only
 * (not on --scale, the replication or the policy), so every replication and every option of a
 * comparison share it.
 * Thread-safety: ws_calibrate runs the areas' burn-ins in an OpenMP loop; each writes only its
 * own row. A calibration is read-only afterwards.
 */
#include "world.h"
#include "wijksim/model.h"

#include <math.h>
#include <stdlib.h>

void ws__calibrate_dynamics(ws_world *w)
{
    /* Mortality: the NL age-band probabilities times the area's ratio to NL; within a band the
     * multiplier divides out the mean sex and health ratio of the area's residents, so the
     * band's mean holds. */
    double rel[6] = {0}, cnt[6] = {0};
    for (size_t i = 0; i < w->pers.n; i++) {
        if (!w->pers.alive[i]) continue;
        int b = ws__mort_band(w->pers.age_m[i] / 12);
        rel[b] += ws__mort_rel(w, (int32_t)i);
        cnt[b]++;
    }
    for (int b = 0; b < 6; b++)
        w->cal.mort_mult[b] = w->area->mortality_ratio / (cnt[b] > 0 ? rel[b] / cnt[b] : 1.0);
    w->cal.fert_mult = 1;
    w->cal.inmove_young = 1;
    w->cal.inmove_ya = 1;
    w->cal.inmove_family = 1;
    w->cal.react_noinc = 1;
    w->cal.loss_par = 1;
    w->cal.leave_mult = 1;
    ws__calib_nbh_pre(w);
    ws__household_income(w);
    ws__calib_education(w);
    ws__calib_work(w);
    ws__calib_health(w);
    ws__calib_safety(w);
    ws__calib_neighbourhood(w);
    ws__calib_housing(w);
}

/* Stocks held steady by the burn-in (shares of their populations). */
enum { AL_EMP, AL_BIJ, AL_DEBT, AL_HEALTH, AL_DIST, AL_LONE, AL_OFF, AL_NET, AL_NOSK, AL_KIDS,
       AL_OLD, AL_YOUNG, AL_SIZE, AL_MOVE, AL_ESL, AL_UNEMP, AL_NOINC, AL_HOME, AL_KEMP, AL_N };

static void measure_stocks(const ws_world *w, double v[AL_N])
{
    const ws_persons *p = &w->pers;
    const ws_households *H = &w->hh;
    double n1866 = 0, emp = 0, n18 = 0, good = 0, dist = 0, lone = 0, n1224 = 0, off = 0;
    double n1634 = 0, net = 0, n1824 = 0, nosk = 0, pop = 0, kids = 0, old = 0;
    double unemp = 0, home = 0, n_par = 0, emp_par = 0;
    double n_oth = 0, emp_oth = 0;
    for (size_t i = 0; i < p->n; i++) {
        if (!p->alive[i]) continue;
        int am = p->age_m[i];
        pop++;
        home += am >= 18 * 12 && (p->flags[i] & WS_PF_CHILD);
        kids += am < 18 * 12;
        old += am >= 65 * 12;
        if (am >= 18 * 12 && am < WS_AOW_AGE_M) {
            n1866++;
            emp += p->labour[i] == WS_LB_EMPLOYED;
            unemp += p->labour[i] == WS_LB_UNEMPLOYED;
            if (H->nkids[p->hh[i]] > 0) {
                n_par++;
                emp_par += p->labour[i] == WS_LB_EMPLOYED;
            } else {
                n_oth++;
                emp_oth += p->labour[i] == WS_LB_EMPLOYED;
            }
        }
        if (am >= 18 * 12) {
            n18++;
            good += p->health[i];
            dist += p->distress[i];
            lone += p->lonely[i];
        }
        if (am >= 12 * 12 && am < 25 * 12) {
            n1224++;
            off += p->offender[i];
        }
        if (am >= w->p->net_age_min * 12 && am < w->p->net_age_end * 12) {
            n1634++;
            net += p->network[i];
        }
        if (am >= 18 * 12 && am < 25 * 12) {
            n1824++;
            nosk += p->stage[i] == WS_ST_DONE && p->attain[i] < WS_AT_MID;
        }
    }
    double hh = 0, bij = 0, debt = 0, noinc = 0;
    for (size_t h = 0; h < H->n; h++) {
        if (!H->alive[h]) continue;
        hh++;
        bij += H->bijstand[h];
        debt += H->debt[h];
        noinc += ws__hh_no_income(w, (int32_t)h);
    }
#define SHARE(a, b) ((b) > 0 ? (a) / (b) : 0)
    v[AL_EMP] = SHARE(emp_oth, n_oth);
    v[AL_BIJ] = SHARE(bij, hh);
    v[AL_DEBT] = SHARE(debt, hh);
    v[AL_HEALTH] = SHARE(good, n18);
    v[AL_DIST] = SHARE(dist, n18);
    v[AL_LONE] = SHARE(lone, n18);
    v[AL_OFF] = SHARE(off, n1224);
    v[AL_NET] = SHARE(net, n1634);
    v[AL_NOSK] = SHARE(nosk, n1824);
    v[AL_KIDS] = SHARE(kids, pop);
    v[AL_SIZE] = SHARE(pop, hh);
    v[AL_MOVE] = hh > 0 ? 12 * w->acc_moves_month / hh : 0; /* per year, as the indicator */
    v[AL_OLD] = SHARE(old, pop);
    v[AL_YOUNG] = SHARE(n1824, pop);
    v[AL_UNEMP] = SHARE(unemp, emp + unemp); /* of the labour force, as the indicator */
    v[AL_NOINC] = SHARE(noinc, hh);
    v[AL_HOME] = SHARE(home, pop);
    v[AL_KEMP] = SHARE(emp_par, n_par);
#undef SHARE
}

/* The rate each stock is steered by, and the sign of its effect on the stock. */
static double *aligned_rate(ws_calib *c, int k, int *sign)
{
    *sign = 1;
    switch (k) {
    /* employment 18-66 outside households with minors (AL_KEMP holds those in them): job
     * loss, the rate with leverage (job finding reaches only the few unemployed) */
    case AL_EMP: *sign = -1; return &c->loss_h;
    case AL_BIJ: return &c->bij_in_h;
    case AL_DEBT: return &c->debt_on_h;
    case AL_HEALTH: *sign = -1; return &c->hlth_decl_h;
    case AL_DIST: return &c->dist_on_h;
    case AL_LONE: return &c->lone_on_h;
    case AL_OFF: return &c->off_on_h;
    case AL_NET: return &c->net_rec_h;
    case AL_KIDS: return &c->fert_mult;
    case AL_OLD: *sign = -1; return &c->inmove_young;
    /* Young adults leave the parental home (and mostly the area) at 18-34, so without
     * in-movers of that age the 18-24 share falls by a third in ten years, taking youth
     * offending and crime per resident with it. */
    case AL_YOUNG: return &c->inmove_ya;
    case AL_SIZE: return &c->inmove_family;
    /* households with no income at all (adults all inactive: bijstand's non-take-up): bijstand's
     * exits to inactivity and newly formed households (home-leavers, in-movers) feed them, while
     * re-activation, drawn on every inactive adult alike, drains mostly the partners of earners,
     * so without a rate of their own they grew from 7 to 11 % of households in twenty years
     * (Schiedam Nieuwland-Oost), taking low income with them */
    case AL_NOINC: *sign = -1; return &c->react_noinc;
    /* adult children living with their parents: the synthesis fits them to the area's
     * household size (residents per dwelling); at the national leaving rate their stock
     * emptied (Lelystad Oost: 17 % of residents, a quarter fewer in ten years) and the
     * population fell with it. Leaving home later where households are large is what a
     * tight local housing market does */
    case AL_HOME: *sign = -1; return &c->leave_mult;
    /* adults 18-66 of households with minors in work (the parents, and adult children
     * living with them): the synthesis gives them an employment shift fitted to the area's
     * child poverty (+0.3 to +1.5 logit), but those who become parents by a birth are in work
     * as often as other adults (Tilburg Noordwest: 50 % against 66 % of parents), and
     * families in work move out more often than families move in (72 % against 60 %), so
     * the parents' employment fell (Vlaardingen West 66 -> 59 % in twenty years) and child
     * poverty rose (Schiedam Nieuwland-Oost 23 -> 32 %). The ratio stands for the
     * selection into parenthood and the parents' attachment to work the model does not
     * draw: it divides their job loss and multiplies their re-activation (work.c; most
     * parents without work are inactive and reach job finding only through re-activation,
     * so job finding alone had no leverage). Employment outside these households is held
     * by job loss (AL_EMP), so one does not push the other. */
    case AL_KEMP: *sign = -1; return &c->loss_par;
    case AL_MOVE: return &c->move_h;
    /* unemployment of the labour force: re-activation of the inactive into job search (job
     * loss already holds employment) */
    case AL_UNEMP: return &c->react_h;
    /* early school leaving (a yearly flow, steered once a year): the dropout base hazard */
    case AL_ESL: return &c->drop_h;
    /* AL_NOSK, 18-24 without a basic qualification: the return to education of early
     * leavers (more returners, fewer without one) */
    default: *sign = -1; return &c->return_h;
    }
}

#define SCHED_W (AL_N + 1) /* a schedule row: the AL_N rate ratios, the achievement shift */

/* Writes w's steered rates as ratios to the analytic ones in base into row r. */
static void sched_record(ws_world *w, ws_calib *base, double *r)
{
    for (int k = 0; k < AL_N; k++) {
        int sign;
        double v = *aligned_rate(&w->cal, k, &sign), v0 = *aligned_rate(base, k, &sign);
        r[k] = v0 > 0 ? v / v0 : 1;
    }
    r[AL_N] = w->cal.achieve_mu - base->achieve_mu;
}

/* Keeps steered rate k within burn_in_ratio_max times its analytic value (either way): an
 * integrator without a bound winds up when two stocks want one flow in opposite directions
 * (households with no income want their adults re-activated into job search, unemployment
 * wants re-activation slowed: in a 240-month burn-in of Arnhem Oost the two ratios went to 45
 * and 0.04), and rates that far from their sources are not credible. At the bound the stock
 * is let go rather than the rate. */
static void clamp_ratio(ws_world *w, ws_calib *base, int k)
{
    int sign;
    double *r = aligned_rate(&w->cal, k, &sign);
    double r0 = *aligned_rate(base, k, &sign), b = w->p->burn_in_ratio_max;
    if (!(r0 > 0)) return;
    if (*r > r0 * b) *r = r0 * b;
    if (*r < r0 / b) *r = r0 / b;
}

/* Burn-in: the analytic base rates balance the direct flows only; selective migration,
 * ageing and school-leaving also move the stocks. The burn-in simulates `months` months
 * (with its own random streams) while an integral controller steers one base rate per stock
 * back to its starting share, and leaves the steered rates in w->cal (w's random key is
 * restored; its population is the burned-in one). The caller keeps their ratios to the
 * analytic rates and applies them to freshly built worlds: the no-intervention baseline then
 * holds the area's starting figures, and any later difference is the interventions'. */
int ws__world_burn_in(ws_world *w, int months, double gain, double *sched)
{
    ws_calib base = w->cal;
    if (sched) sched_record(w, &base, sched);
    double target[AL_N], cur[AL_N];
    measure_stocks(w, target);
    target[AL_MOVE] = w->area->moves_out_rate / 100;
    target[AL_UNEMP] = ws__unemp_target(w->area, w->p);
    double moves_smooth = target[AL_MOVE];
    ws_rng keep = w->rng;
    ws_year_acc last = w->acc; /* the flows counted up to the last yearly steering */
    w->rng.key.v[0] ^= 0x9E3779B9u; /* separate streams for the burn-in */
    for (int m = 0; m < months; m++) {
        int rc = ws__world_step(w);
        if (rc) return rc;
        measure_stocks(w, cur);
        /* a flow: smooth over months */
        moves_smooth += (cur[AL_MOVE] - moves_smooth) / w->p->burn_in_move_smooth;
        cur[AL_MOVE] = moves_smooth;
        for (int k = 0; k < AL_N; k++) {
            if (target[k] <= 0 || k == AL_OFF || k == AL_ESL) continue; /* yearly, below */
            int sign;
            double *r = aligned_rate(&w->cal, k, &sign);
            /* relative error of the stock, or of its complement for the shares in work,
             * whose rates act through the adults without work (a third to a half of them;
             * relative to those in work the parents' controller lagged five years behind) */
            bool compl = k == AL_KEMP || k == AL_EMP;
            double err = compl ? (target[k] - cur[k]) / (1 - target[k])
                               : (target[k] - cur[k]) / target[k];
            /* age structure and household size move slowly: steer them gently */
            double g = (k == AL_OLD || k == AL_YOUNG || k == AL_KIDS || k == AL_SIZE)
                           ? gain / w->p->burn_in_slow_div
                           : gain;
            if (err > 0.5) err = 0.5;
            if (err < -0.5) err = -0.5;
            *r *= exp(sign * g * err);
            clamp_ratio(w, &base, k);
        }
        /* Youth offending is held as the indicator the area data give: the share of 12-24
         * who offended in the year, not the synthesised stock of active offenders. The
         * synthesis derives that stock from a stationary chain without ageing, moves or
         * leaving home; in the running model the same stock gives about a fifth fewer
         * yearly offenders, so holding the stock let the indicator settle 0.8 points (and
         * crime with it) below the start. Measured once a year, so a larger step. */
        if (m % 12 == 11) {
            /* early school leaving of the year and the achievement of pupils turning 12, held
             * at the area's figures: the selection at the school advice and the drift through
             * secondary school move them away from the analytic balance */
            double drop_y = w->acc.dropouts - last.dropouts;
            double pupils_y = (w->acc.pupil_months - last.pupil_months) / 12;
            double t_esl = w->area->early_school_leaving / 100;
            if (pupils_y > 0 && t_esl > 0) {
                double err = (t_esl - drop_y / pupils_y) / t_esl;
                if (err > 0.5) err = 0.5;
                if (err < -0.5) err = -0.5;
                w->cal.drop_h *= exp(w->p->burn_in_yearly_gain * gain * err);
                clamp_ratio(w, &base, AL_ESL);
            }
            double n12 = w->acc.ach_n - last.ach_n;
            if (n12 > 0) {
                double d = w->area->achievement_z - (w->acc.ach_sum - last.ach_sum) / n12;
                if (d > 0.5) d = 0.5;
                if (d < -0.5) d = -0.5;
                w->cal.achieve_mu += w->p->burn_in_yearly_gain * gain * d;
            }
            last = w->acc;
            double n1224 = 0, offended = 0;
            for (size_t i = 0; i < w->pers.n; i++) {
                if (!w->pers.alive[i]) continue;
                int am = w->pers.age_m[i];
                if (am >= 12 * 12 && am < 25 * 12) {
                    n1224++;
                    offended += (w->pers.flags[i] & WS_PF_OFFENDED_Y) != 0;
                }
                w->pers.flags[i] &= (uint8_t)~(WS_PF_OFFENDED_Y | WS_PF_VICTIM_Y | WS_PF_DROPPED_Y);
            }
            double t = w->area->youth_suspects / 100;
            if (n1224 > 0 && t > 0) {
                double err = (t - offended / n1224) / t;
                if (err > 0.5) err = 0.5;
                if (err < -0.5) err = -0.5;
                w->cal.off_on_h *= exp(w->p->burn_in_yearly_gain * gain * err);
                clamp_ratio(w, &base, AL_OFF);
            }
        }
        if (sched) sched_record(w, &base, sched + (size_t)(m + 1) * SCHED_W); /* month m + 1 */
    }
    w->rng = keep;
    return 0;
}

/* Burned-in base rates of every area of a scenario: per area, the ratio of each steered
 * rate to its analytic value (see ws__world_burn_in). */
struct ws_calibration {
    int n_areas;
    int months;   /* burn-in length: rows 0..months per area (row 0: all ratios 1) */
    double *sched; /* [area][month 0..months][SCHED_W] */
};

void ws_calibration_free(ws_calibration *c)
{
    if (!c) return;
    free(c->sched);
    free(c);
}

static double *sched_row(const ws_calibration *c, int a, int t)
{
    return c->sched + ((size_t)a * (size_t)(c->months + 1) + (size_t)t) * SCHED_W;
}

/* The rates a run keeps after the burn-in's end (row `months` of sched, months + 1 rows): the
 * mean over the burn-in's last `tail` months (geometric for the rate ratios, arithmetic for the
 * achievement shift), not the last month's. The yearly steering acts on flows counted in the
 * burn-in world (with 3000 dwellings about 35 young offenders a year), so each year's step
 * carries sampling noise into the rate; the last month's ratio was such a
 * draw (Dordrecht West's offending onset 0.58 after 0.66-0.87 in the four years before; Schiedam
 * Nieuwland-Oost's dropout 1.45 after 0.80-1.09), and a run kept it for every later year, so the
 * area drifted in every replication alike. Averaging the controller's tail (Polyak-Ruppert)
 * keeps its level and divides that noise by about the square root of the years averaged. */
static void sched_tail_mean(double *sched, int months, int tail)
{
    if (tail > months) tail = months;
    if (tail <= 1) return;
    double mean[SCHED_W] = {0};
    for (int t = months - tail + 1; t <= months; t++) {
        const double *r = sched + (size_t)t * SCHED_W;
        for (int k = 0; k < AL_N; k++) mean[k] += log(r[k] > 0 ? r[k] : 1) / tail;
        mean[AL_N] += r[AL_N] / tail;
    }
    double *last = sched + (size_t)months * SCHED_W;
    for (int k = 0; k < AL_N; k++) last[k] = exp(mean[k]);
    last[AL_N] = mean[AL_N];
}

/* Smooths every column of the schedule (rows 0..months) with a centred moving mean over
 * +-half months of the burn-in (geometric for rate ratios), so a run meets the controller's
 * level, not the sampling noise each step chased: the yearly steps act on a few dozen
 * offenders, pupils and school leavers a year (Delft West's achievement shift went 0.29, 0.33,
 * 0.16, -0.09 in successive years; a run met +0.33 and its pupils came out 0.40 SD above the
 * input), and the monthly ones swing too (Lelystad Oost's distress onset 0.84 -> 1.16 in two
 * years). The window is symmetric and shrinks towards month 0 (month 0 keeps its ratio 1), so
 * no later rate leaks into the start; towards the end it is cut at row `months`. */
static void sched_smooth(double *sched, int months, int half)
{
    if (half <= 0 || months <= 1) return;
    double *raw = malloc((size_t)(months + 1) * sizeof *raw);
    if (!raw) return; /* the schedule stays unsmoothed: valid, only noisier */
    for (int k = 0; k <= AL_N; k++) {
        bool ratio = k < AL_N;
        for (int t = 0; t <= months; t++) {
            double v = sched[(size_t)t * SCHED_W + (size_t)k];
            raw[t] = ratio ? log(v > 0 ? v : 1) : v;
        }
        for (int t = 0; t <= months; t++) {
            int h = t < half ? t : half;
            int lo = t - h, hi = t + h > months ? months : t + h;
            double sum = 0;
            for (int u = lo; u <= hi; u++) sum += raw[u];
            double m = sum / (hi - lo + 1);
            sched[(size_t)t * SCHED_W + (size_t)k] = ratio ? exp(m) : m;
        }
    }
    free(raw);
}

/* Burn-in of one area on its own world (replication key 0xFFFFF, a scale with at least
 * burn_in_min_dwellings or the whole area), leaving the schedule of rate ratios in sched
 * (months + 1 rows; a single row of ratios 1 when burn_in_months is 0). Returns 0 or the code
 * of ws__world_init / ws__world_burn_in with e filled. */
static int calibrate_area(const ws_scenario *s, int a, double *sched, ws_error *e)
{
    const ws_params *p = &s->params;
    int ai = s->area_sel[a];
    const ws_area *area = &s->areas.area[ai];
    double scale = p->burn_in_scale;
    if (area->dwellings * scale < p->burn_in_min_dwellings)
        scale = p->burn_in_min_dwellings / (area->dwellings > 0 ? area->dwellings : 1);
    if (scale > 1) scale = 1;
    for (int k = 0; k < AL_N; k++) sched[k] = 1;
    sched[AL_N] = 0;
    int months = (int)p->burn_in_months;
    if (months <= 0) return 0;
    ws_world w;
    int rc = ws__world_init(&w, area, ai, p, scale, s->seed, 0xFFFFFu, e);
    if (rc) return rc;
    rc = ws__world_burn_in(&w, months, p->burn_in_gain, sched);
    if (!rc) { /* row `months` (the rates after the end) first, from the raw rows */
        sched_tail_mean(sched, months, (int)p->burn_in_tail_months);
        sched_smooth(sched, months - 1, (int)p->burn_in_smooth_months / 2);
    } else {
        if (w.fault.code) {
            if (e) *e = w.fault;
        } else
            ws_error_set(e, rc, NULL, 0, NULL, "out of memory in the burn-in of area '%s'",
                         area->id);
    }
    ws__world_close(&w);
    return rc;
}

int ws_calibrate(const ws_scenario *s, ws_calibration **out, ws_error *e)
{
    *out = NULL;
    int months = s->params.burn_in_months > 0 ? (int)s->params.burn_in_months : 0;
    ws_calibration *c = calloc(1, sizeof *c);
    if (c) {
        c->months = months;
        c->sched = malloc((size_t)s->n_areas * (size_t)(months + 1) * SCHED_W * sizeof *c->sched);
    }
    if (!c || !c->sched) {
        ws_calibration_free(c);
        return ws_error_set(e, WS_ENOMEM, NULL, 0, NULL, "out of memory for the calibration");
    }
    c->n_areas = s->n_areas;
    int n = s->n_areas, rc = 0;
    int *rcs = calloc((size_t)n, sizeof *rcs);
    ws_error *errs = calloc((size_t)n, sizeof *errs);
    if (!rcs || !errs) {
        free(rcs);
        free(errs);
        ws_calibration_free(c);
        return ws_error_set(e, WS_ENOMEM, NULL, 0, NULL, "out of memory for the calibration");
    }
#pragma omp parallel for schedule(dynamic, 1)
    for (int a = 0; a < n; a++) rcs[a] = calibrate_area(s, a, sched_row(c, a, 0), &errs[a]);
    for (int a = 0; a < n && !rc; a++)
        if (rcs[a]) {
            rc = rcs[a];
            if (e) *e = errs[a];
        }
    free(rcs);
    free(errs);
    if (rc) {
        ws_calibration_free(c);
        return rc;
    }
    *out = c;
    return 0;
}

int ws__world_init(ws_world *w, const ws_area *a, int area_index, const ws_params *p,
                   double scale, uint32_t seed, uint32_t rep, ws_error *e)
{
    int rc = ws__world_synthesise(w, a, area_index, p, scale, seed, rep, e);
    if (!rc) ws__calibrate_dynamics(w);
    return rc;
}

void ws__calibration_apply(ws_world *w, const ws_calibration *cal, int a)
{
    if (!cal) return;
    w->calib = cal;
    w->calib_area = a;
    w->cal0 = w->cal;
    ws__calibration_month(w);
}

void ws__calibration_month(ws_world *w)
{
    const ws_calibration *cal = w->calib;
    int t = w->month < cal->months ? w->month : cal->months;
    const double *r = sched_row(cal, w->calib_area, t);
    for (int k = 0; k < AL_N; k++) {
        int sign;
        *aligned_rate(&w->cal, k, &sign) = *aligned_rate(&w->cal0, k, &sign) * r[k];
    }
    w->cal.achieve_mu = w->cal0.achieve_mu + r[AL_N];
    /* the mean field's other losses, so it is stationary at the start under this month's
     * recruitment rate (ws__net_mf_balance's sums, linear in the rate) */
    const ws_calib *c0 = &w->cal0;
    if (c0->net_bal_mf > 0 && c0->net_rec_h > 0)
        w->cal.net_loss_h =
            (c0->net_bal_rec * w->cal.net_rec_h / c0->net_rec_h - c0->net_bal_exit) /
            c0->net_bal_mf;
}
