/* run.c: a run — ws_run_replication / ws_run_scenario (include/wijksim/model.h): the areas'
 * worlds built and calibrated, simulated year by year, recorded, and the yearly exchanges
 * between them. The month is in step.c, the indicators in indicators.c, the calibration in
 * calibrate.c.
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

/* Builds an area's starting world and applies the burned-in rate ratios. */
static int init_area(ws_world *w, const ws_scenario *s, const ws_calibration *cal, int a,
                     int rep, ws_error *e)
{
    int ai = s->area_sel[a];
    int rc = ws__world_init(w, &s->areas.area[ai], ai, &s->params, s->scale, s->seed,
                            (uint32_t)rep, e);
    if (rc) return rc;
    ws__calibration_apply(w, cal, a);
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
                ws__record_year(&worlds[a], out, slice, y, a);
            } else if (worlds[a].fault.code) {
                errs[a] = worlds[a].fault;
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
    long checks = 0;
    for (int a = 0; a < na; a++) {
        checks += worlds[a].checks;
        ws__world_close(&worlds[a]);
    }
    ws_budget_weights_close(&bw);
    free(worlds);
    free(rcs);
    free(errs);
    free(order);
    ws_calibration_free(own);
    if (st) {
        st->person_months += pm;
        st->checks += checks;
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
