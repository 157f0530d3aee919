/* run.c: a run — the monthly step as an ordered list of phases, the yearly indicators, and
 * ws_run_replication / ws_run_scenario (include/wijksim/model.h).
 *
 * Parallelism: the areas of a replication are independent worlds with their own random
 * streams, so each simulated year is an OpenMP loop over areas (dynamic schedule, largest
 * first). Every number an area produces depends only on (seed, replication, area), never on
 * the thread that computed it: results are bit-identical for any thread count. The only link
 * between areas, the spillover of level programmes, is exchanged serially between years
 * (ws__iv_spillover) and acts during the next year; so does a yearly policy hook's split of
 * the package envelopes (ws_run_opts.year_hook, ws__iv_set_shares).
 */
#include "world.h"
#include "wijksim/model.h"

#include <math.h>
#include <omp.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

void ws__calibrate_dynamics(ws_world *w)
{
    /* Area mortality multiplier: the area's ratio to NL, net of its health mix (NL: 70 %
     * in good health). */
    /* Mortality: the NL age-band probabilities times the area's ratio; within a band the
     * multiplier divides out the mean sex and health ratio, so the band's mean holds. */
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
       AL_OLD, AL_YOUNG, AL_SIZE, AL_MOVE, AL_N };

static void measure_stocks(const ws_world *w, double v[AL_N])
{
    const ws_persons *p = &w->pers;
    const ws_households *H = &w->hh;
    double n1866 = 0, emp = 0, n18 = 0, good = 0, dist = 0, lone = 0, n1224 = 0, off = 0;
    double n1634 = 0, net = 0, n1824 = 0, nosk = 0, pop = 0, kids = 0, old = 0;
    for (size_t i = 0; i < p->n; i++) {
        if (!p->alive[i]) continue;
        int am = p->age_m[i];
        pop++;
        kids += am < 18 * 12;
        old += am >= 65 * 12;
        if (am >= 18 * 12 && am < WS_AOW_AGE_M) {
            n1866++;
            emp += p->labour[i] == WS_LB_EMPLOYED;
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
        if (am >= 16 * 12 && am < 35 * 12) {
            n1634++;
            net += p->network[i];
        }
        if (am >= 18 * 12 && am < 25 * 12) {
            n1824++;
            nosk += p->stage[i] == WS_ST_DONE && p->attain[i] < WS_AT_MID;
        }
    }
    double hh = 0, bij = 0, debt = 0;
    for (size_t h = 0; h < H->n; h++) {
        if (!H->alive[h]) continue;
        hh++;
        bij += H->bijstand[h];
        debt += H->debt[h];
    }
#define SHARE(a, b) ((b) > 0 ? (a) / (b) : 0)
    v[AL_EMP] = SHARE(emp, n1866);
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
#undef SHARE
}

/* The rate each stock is steered by, and the sign of its effect on the stock. */
static double *aligned_rate(ws_calib *c, int k, int *sign)
{
    *sign = 1;
    switch (k) {
    case AL_EMP: return &c->find_h;
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
    case AL_MOVE: return &c->move_h;
    /* earnings level of persons who move in (residents keep theirs): the young in-movers
     * that hold the 18-24 share earn little, and movers out earn more than movers in */
    default: *sign = -1; return &c->return_h;
    }
}

/* Burn-in: the analytic base rates balance the direct flows only; selective migration,
 * ageing and school-leaving also move the stocks. The burn-in simulates `months` months
 * (with its own random streams) while an integral controller steers one base rate per stock
 * back to its starting share, then returns the steered rates. The caller rebuilds the
 * starting world and runs it with these rates: the no-intervention baseline then holds the
 * area's starting figures, and any later difference is the interventions'. */
int ws__world_burn_in(ws_world *w, int months, double gain)
{
    double target[AL_N], cur[AL_N];
    measure_stocks(w, target);
    target[AL_MOVE] = w->area->moves_out_rate / 100;
    double moves_smooth = target[AL_MOVE];
    ws_rng keep = w->rng;
    w->rng.key.v[0] ^= 0x9E3779B9u; /* separate streams for the burn-in */
    for (int m = 0; m < months; m++) {
        int rc = ws__world_step(w);
        if (rc) return rc;
        measure_stocks(w, cur);
        moves_smooth += (cur[AL_MOVE] - moves_smooth) / 6; /* a flow: smooth over months */
        cur[AL_MOVE] = moves_smooth;
        for (int k = 0; k < AL_N; k++) {
            if (target[k] <= 0 || k == AL_OFF) continue;
            int sign;
            double *r = aligned_rate(&w->cal, k, &sign);
            double err = (target[k] - cur[k]) / target[k];
            /* age structure and household size move slowly: steer them gently */
            double g = (k == AL_OLD || k == AL_YOUNG || k == AL_KIDS || k == AL_SIZE) ? gain / 3
                                                                                    : gain;
            if (err > 0.5) err = 0.5;
            if (err < -0.5) err = -0.5;
            *r *= exp(sign * g * err);
        }
        /* Youth offending is held as the indicator the area data give: the share of 12-24
         * who offended in the year, not the synthesised stock of active offenders. The
         * synthesis derives that stock from a stationary chain without ageing, moves or
         * leaving home; in the running model the same stock gives about a fifth fewer
         * yearly offenders, so holding the stock let the indicator settle 0.8 points (and
         * crime with it) below the start. Measured once a year, so a larger step. */
        if (m % 12 == 11) {
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
                w->cal.off_on_h *= exp(4 * gain * err);
            }
        }
    }
    w->rng = keep;
    return 0;
}

int ws__world_step(ws_world *w)
{
    /* Income is rebuilt once, after the labour market moved; births and in-movers (whose
     * income is computed when they arrive) wait for the next month's rebuild. */
    int rc = ws__phase_demography(w);
    if (rc) return rc;
    if (w->iv) { /* interventions: before the phases whose hazards they change */
        rc = ws__phase_interventions(w);
        if (rc) return rc;
    }
    ws__phase_education(w);
    ws__phase_work(w);
    ws__household_income(w);
    ws__phase_debt(w);
    ws__phase_health(w);
    ws__phase_safety(w);
    rc = ws__phase_housing(w);
    if (rc) return rc;
    ws__phase_neighbourhood(w);
    long persons = 0, households = 0;
    for (int k = 0; k < w->n_nbh; k++) {
        persons += w->nbh[k].residents;
        households += w->nbh[k].households;
    }
    w->acc.person_months += (double)persons;
    w->acc.hh_months += (double)households;
    w->month++;
    return 0;
}

/* Writes the December indicators of year y for area slot a, then resets the year. */
static void record_year(ws_world *w, ws_results *out, int rep, int y, int a)
{
    const ws_persons *p = &w->pers;
    const ws_households *H = &w->hh;
    double pop = 0, minors = 0, old = 0, n1824 = 0, sk1824 = 0, n1866 = 0, emp = 0, unemp = 0;
    double minors_poor = 0, n1224 = 0, offended = 0, n1634 = 0, net = 0, n15 = 0, unsafe = 0;
    double victims = 0, n18 = 0, good = 0, distress = 0, lonely = 0;
    for (size_t i = 0; i < p->n; i++) {
        if (!p->alive[i]) continue;
        int am = p->age_m[i];
        pop++;
        if (am < 18 * 12) {
            minors++;
            minors_poor += H->lowinc[p->hh[i]];
        }
        if (am >= 65 * 12) old++;
        if (am >= 18 * 12 && am < 25 * 12) {
            n1824++;
            sk1824 += p->attain[i] >= WS_AT_MID;
        }
        if (am >= 18 * 12 && am < WS_AOW_AGE_M) {
            n1866++;
            emp += p->labour[i] == WS_LB_EMPLOYED;
            unemp += p->labour[i] == WS_LB_UNEMPLOYED;
        }
        if (am >= 12 * 12 && am < 25 * 12) {
            n1224++;
            offended += (p->flags[i] & WS_PF_OFFENDED_Y) != 0;
        }
        if (am >= 16 * 12 && am < 35 * 12) {
            n1634++;
            net += p->network[i];
        }
        if (am >= 15 * 12) {
            n15++;
            unsafe += p->unsafe[i];
            victims += (p->flags[i] & WS_PF_VICTIM_Y) != 0;
        }
        if (am >= 18 * 12) {
            n18++;
            good += p->health[i];
            distress += p->distress[i];
            lonely += p->lonely[i];
        }
    }
    double hh = 0, bij = 0, low = 0, debt = 0, inc = 0, stud = 0;
    for (size_t h = 0; h < H->n; h++) {
        if (!H->alive[h]) continue;
        hh++;
        stud += H->student[h];
        bij += H->bijstand[h];
        low += H->lowinc[h];
        debt += H->debt[h];
        inc += H->income[h];
    }
    double q = 0, soc = 0, vac = 0;
    for (size_t d = 0; d < w->dw.n; d++) {
        q += w->dw.quality[d];
        soc += w->dw.tenure[d] == WS_TEN_SOCIAL;
        vac += w->dw.hh[d] < 0;
    }
    double ndw = (double)w->dw.n;
    double lbm[5] = {0}, coh = 0, und = 0, wsum = 0;
    for (int k = 0; k < w->n_nbh; k++) {
        const ws_nbh *nb = &w->nbh[k];
        double wt = (double)nb->households;
        for (int j = 0; j < 5; j++) lbm[j] += wt * nb->lbm[j];
        coh += wt * nb->cohesion;
        und += (double)nb->residents * nb->undermining;
        wsum += wt;
    }
    double score = 0;
    for (int j = 0; j < 5; j++) {
        lbm[j] = wsum > 0 ? lbm[j] / wsum : 0;
        score += lbm[j];
    }
    const ws_year_acc *acc = &w->acc;
    double mean_pop = acc->person_months / 12, mean_hh = acc->hh_months / 12;
#define PCT(a, b) ((b) > 0 ? 100.0 * (a) / (b) : NAN)
#define SET(name, v) *ws_results_at(out, WS_IND_##name, rep, y, a) = (v)
    SET(population, pop / w->scale);
    SET(households, hh / w->scale);
    SET(share_minors, PCT(minors, pop));
    SET(share_65plus, PCT(old, pop));
    SET(births_per_1000, mean_pop > 0 ? acc->births / mean_pop * 1000 : NAN);
    SET(edu_early_school_leaving, PCT(acc->dropouts, acc->pupil_months / 12));
    SET(edu_basic_qualification, PCT(sk1824, n1824));
    SET(edu_achievement, acc->ach_n > 0 ? acc->ach_sum / acc->ach_n : NAN);
    SET(edu_low_advice, PCT(acc->adv_low, acc->ach_n));
    SET(work_employment_rate, PCT(emp, n1866));
    SET(work_unemployment_rate, PCT(unemp, emp + unemp));
    SET(work_bijstand_households, PCT(bij, hh));
    SET(work_low_income_households, PCT(low, hh - stud)); /* CBS: without student households */
    SET(work_problem_debt_households, PCT(debt, hh));
    SET(work_child_poverty, PCT(minors_poor, minors));
    SET(work_mean_household_income, hh > 0 ? inc / hh : NAN);
    SET(safety_crime_per_1000, mean_pop > 0 ? acc->offences / mean_pop * 1000 : NAN);
    SET(safety_youth_offending, PCT(offended, n1224));
    SET(safety_network_members, PCT(net, n1634));
    SET(safety_undermining_index, pop > 0 ? und / pop : NAN);
    SET(safety_feel_unsafe, PCT(unsafe, n15));
    SET(safety_victimisation, PCT(victims, n15));
    SET(housing_quality_index, ndw > 0 ? q / ndw : NAN);
    SET(housing_social_rent_share, PCT(soc, ndw));
    SET(housing_moves_out_rate, PCT(acc->moves_out, mean_hh));
    SET(housing_moves_in_rate, PCT(acc->moves_in, mean_hh));
    SET(housing_income_gap_movers, acc->moves_out > 0 && acc->moves_in > 0
                                       ? acc->inc_out / acc->moves_out - acc->inc_in / acc->moves_in
                                       : NAN);
    SET(housing_vacancy_rate, PCT(vac, ndw));
    SET(health_good_selfrated, PCT(good, n18));
    SET(health_psych_distress, PCT(distress, n18));
    SET(health_lonely, PCT(lonely, n18));
    SET(health_mortality_per_1000, mean_pop > 0 ? acc->deaths / mean_pop * 1000 : NAN);
    SET(liveability_score, score);
    SET(liveability_class, (double)ws__lbm_class(score));
    SET(liveability_housing, lbm[0]);
    SET(liveability_environment, lbm[1]);
    SET(liveability_amenities, lbm[2]);
    SET(liveability_cohesion, lbm[3]);
    SET(liveability_nuisance, lbm[4]);
    SET(social_cohesion, wsum > 0 ? coh / wsum : NAN);
    /* denominators for costs per unit of improvement (scaled up like the counts) */
    SET(count_pupils_12_23, acc->pupil_months / 12 / w->scale);
    SET(count_18_66, n1866 / w->scale);
    SET(count_12_24, n1224 / w->scale);
    SET(count_minors, minors / w->scale);
    SET(count_18plus, n18 / w->scale);
#undef SET
#undef PCT
    ws__iv_record(w, out, rep, y, a);
    /* new year: clear yearly flags and counters */
    for (size_t i = 0; i < p->n; i++)
        w->pers.flags[i] &= (uint8_t)~(WS_PF_OFFENDED_Y | WS_PF_VICTIM_Y | WS_PF_DROPPED_Y);
    memset(&w->acc, 0, sizeof w->acc);
}

/* Burned-in base rates of every area of a scenario: per area, the ratio of each steered
 * rate to its analytic value (see ws__world_burn_in). */
struct ws_calibration {
    int n_areas;
    double (*ratio)[AL_N];
};

void ws_calibration_free(ws_calibration *c)
{
    if (!c) return;
    free(c->ratio);
    free(c);
}

/* Burn-in of one area on its own world (replication key 0xFFFFF, a scale with at least 3000
 * dwellings), leaving the rate ratios in ratio. */
static int calibrate_area(const ws_scenario *s, int a, double ratio[AL_N], ws_error *e)
{
    const ws_params *p = &s->params;
    int ai = s->area_sel[a];
    const ws_area *area = &s->areas.area[ai];
    double scale = p->burn_in_scale;
    if (area->dwellings * scale < 3000) scale = 3000 / (area->dwellings > 0 ? area->dwellings : 1);
    if (scale > 1) scale = 1;
    for (int k = 0; k < AL_N; k++) ratio[k] = 1;
    int months = (int)p->burn_in_months;
    if (months <= 0) return 0;
    ws_world w;
    int rc = ws__world_init(&w, area, ai, p, scale, s->seed, 0xFFFFFu, e);
    if (rc) return rc;
    ws_calib analytic = w.cal;
    rc = ws__world_burn_in(&w, months, p->burn_in_gain);
    if (!rc) {
        for (int k = 0; k < AL_N; k++) {
            int sign;
            double v = *aligned_rate(&w.cal, k, &sign);
            double v0 = *aligned_rate(&analytic, k, &sign);
            ratio[k] = v0 > 0 ? v / v0 : 1;
        }
    } else {
        ws_error_set(e, rc, NULL, 0, NULL, "out of memory in the burn-in of area '%s'", area->id);
    }
    ws__world_close(&w);
    return rc;
}

int ws_calibrate(const ws_scenario *s, ws_calibration **out, ws_error *e)
{
    *out = NULL;
    ws_calibration *c = calloc(1, sizeof *c);
    if (c) c->ratio = calloc((size_t)s->n_areas, sizeof *c->ratio);
    if (!c || !c->ratio) {
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
    for (int a = 0; a < n; a++) rcs[a] = calibrate_area(s, a, c->ratio[a], &errs[a]);
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

/* Builds an area's starting world and applies the burned-in rate ratios. */
static int init_area(ws_world *w, const ws_scenario *s, const ws_calibration *cal, int a,
                     int rep, ws_error *e)
{
    int ai = s->area_sel[a];
    int rc = ws__world_init(w, &s->areas.area[ai], ai, &s->params, s->scale, s->seed,
                            (uint32_t)rep, e);
    if (rc) return rc;
    for (int k = 0; cal && k < AL_N; k++) {
        int sign;
        *aligned_rate(&w->cal, k, &sign) *= cal->ratio[a][k];
    }
    /* the policy comes last: calibration never sees it */
    rc = ws__iv_init(w, s, a, (uint32_t)rep);
    if (rc) {
        ws__world_close(w);
        return ws_error_set(e, rc, NULL, 0, NULL, "out of memory for the interventions");
    }
    return 0;
}

static long live_persons(const ws_world *w)
{
    long n = 0;
    for (int k = 0; k < w->n_nbh; k++) n += w->nbh[k].residents;
    return n;
}

/* Checks the weights a year hook left: the core does not trust its callback. */
static int check_weights(const ws_budget_weights *w, const ws_scenario *s, ws_error *e)
{
    for (int p = 0; p < w->n_packages; p++)
        for (int a = 0; a < w->n_areas; a++) {
            size_t i = (size_t)p * (size_t)w->n_areas + (size_t)a;
            double v = w->weight[i];
            if (!isfinite(v) || v < 0 || (!w->in[i] && v != 0))
                return ws_error_set(e, WS_EINPUT, s->path, 0, "hook",
                                    "budget weight %g of package '%s' in area '%s' is not "
                                    "allowed: weights are finite, >= 0 and only for the "
                                    "package's areas",
                                    v, s->policy.pk[p].name,
                                    s->areas.area[s->area_sel[a]].id);
        }
    return 0;
}

int ws_run_replication(const ws_scenario *s, const ws_calibration *cal, int rep,
                       const ws_run_opts *o, ws_results *out, ws_run_stats *st, ws_error *e)
{
    return ws_run_replication_slice(s, cal, rep, rep, o, out, st, e);
}

int ws_run_replication_slice(const ws_scenario *s, const ws_calibration *cal, int rep, int slice,
                             const ws_run_opts *o, ws_results *out, ws_run_stats *st,
                             ws_error *e)
{
    if (slice < 0 || slice >= out->n_rep || out->n_year < s->years || out->n_area != s->n_areas)
        return ws_error_set(e, WS_EINPUT, NULL, 0, NULL,
                            "results of %d replications, %d years and %d areas cannot hold slice "
                            "%d of a run of %d years and %d areas",
                            out->n_rep, out->n_year, out->n_area, slice, s->years, s->n_areas);
    int na = s->n_areas;
    double t0 = omp_get_wtime();
    int prc = ws_policy_check(&s->policy, s, e);
    if (prc) return prc;
    if (out->n_iv != 0 && out->n_iv != s->policy.n_interventions)
        return ws_error_set(e, WS_EINPUT, NULL, 0, NULL,
                            "results hold %d interventions, the scenario has %d", out->n_iv,
                            s->policy.n_interventions);
    ws_calibration *own = NULL;
    if (!cal) {
        int rc = ws_calibrate(s, &own, e);
        if (rc) return rc;
        cal = own;
    }
    bool hook = o && o->year_hook;
    ws_budget_weights bw = {0};
    if (hook) {
        int rc = ws_budget_weights_init(&bw, s, e);
        if (rc) {
            ws_calibration_free(own);
            return rc;
        }
    }
    ws_world *worlds = calloc((size_t)na, sizeof *worlds);
    int *rcs = calloc((size_t)na, sizeof *rcs);
    ws_error *errs = calloc((size_t)na, sizeof *errs);
    int *order = malloc((size_t)na * sizeof *order);
    if (!worlds || !rcs || !errs || !order) {
        free(worlds);
        free(rcs);
        free(errs);
        free(order);
        ws_calibration_free(own);
        ws_budget_weights_close(&bw);
        return ws_error_set(e, WS_ENOMEM, NULL, 0, NULL, "out of memory for %d areas", na);
    }
    /* largest areas first, so the dynamic schedule balances */
    for (int a = 0; a < na; a++) order[a] = a;
    for (int a = 1; a < na; a++)
        for (int b = a; b > 0; b--) {
            double rb = s->areas.area[s->area_sel[order[b]]].residents;
            double ra = s->areas.area[s->area_sel[order[b - 1]]].residents;
            if (rb <= ra) break;
            int t = order[b];
            order[b] = order[b - 1];
            order[b - 1] = t;
        }
    int rc = 0;
#pragma omp parallel for schedule(dynamic, 1)
    for (int j = 0; j < na; j++) {
        int a = order[j];
        rcs[a] = init_area(&worlds[a], s, cal, a, rep, &errs[a]);
    }
    for (int a = 0; a < na && !rc; a++)
        if (rcs[a]) {
            rc = rcs[a];
            if (e) *e = errs[a];
        }
    double pm = 0;
    size_t peak = 0;
    long peak_p = 0;
    for (int y = 0; y < s->years && !rc; y++) {
        if (o && o->stop && *o->stop) {
            rc = ws_error_set(e, WS_EINTERRUPTED, NULL, 0, NULL, "interrupted");
            break;
        }
#pragma omp parallel for schedule(dynamic, 1)
        for (int j = 0; j < na; j++) {
            int a = order[j];
            for (int mth = 0; mth < 12 && !rcs[a]; mth++) rcs[a] = ws__world_step(&worlds[a]);
            if (!rcs[a]) {
                record_year(&worlds[a], out, slice, y, a);
            } else {
                ws_error_set(&errs[a], rcs[a], NULL, 0, NULL, "out of memory in area '%s'",
                             worlds[a].area->id);
            }
        }
        size_t bytes = 0;
        long persons = 0;
        for (int a = 0; a < na; a++) {
            if (rcs[a] && !rc) {
                rc = rcs[a];
                if (e) *e = errs[a];
            }
            bytes += ws__world_bytes(&worlds[a]);
            long np = live_persons(&worlds[a]);
            persons += np;
            pm += 12.0 * (double)np;
        }
        /* spillover: this year's levels reach the other areas next year (one-year lag),
         * exchanged here, serially, so areas stay independent inside a year */
        if (!rc) ws__iv_spillover(worlds, na, s);
        /* yearly policy hook: serially, on this year's figures; new weights act next year */
        if (!rc && hook) {
            rc = o->year_hook(o->year_hook_ud, o->scenario_index, slice, y, out, &bw, e);
            if (!rc) rc = check_weights(&bw, s, e);
            if (!rc) ws__iv_set_shares(worlds, na, &bw);
        }
        if (bytes > peak) peak = bytes;
        if (persons > peak_p) peak_p = persons;
        if (o && o->progress && !rc)
            o->progress(o->progress_ud, rep, y, s->years, pm, omp_get_wtime() - t0);
    }
    for (int a = 0; a < na; a++) ws__world_close(&worlds[a]);
    ws_budget_weights_close(&bw);
    free(worlds);
    free(rcs);
    free(errs);
    free(order);
    ws_calibration_free(own);
    if (st) {
        st->person_months += pm;
        st->seconds += omp_get_wtime() - t0;
        if (peak > st->peak_state_bytes) st->peak_state_bytes = peak;
        if (peak_p > st->peak_persons) st->peak_persons = peak_p;
    }
    return rc;
}

int ws_run_scenario(const ws_scenario *s, const ws_run_opts *o, ws_results *out,
                    ws_run_stats *st, ws_error *e)
{
    int rc = ws_results_init(out, s->replications, s->years, s->n_areas, s->start_year, e);
    if (!rc) rc = ws_results_iv_init(out, s->policy.n_interventions, e);
    if (rc) {
        ws_results_close(out);
        return rc;
    }
    ws_calibration *cal = NULL;
    double t0 = omp_get_wtime();
    rc = ws_calibrate(s, &cal, e);
    if (st) st->calib_seconds += omp_get_wtime() - t0;
    for (int r = 0; r < s->replications && !rc; r++)
        rc = ws_run_replication(s, cal, r, o, out, st, e);
    ws_calibration_free(cal);
    return rc;
}
