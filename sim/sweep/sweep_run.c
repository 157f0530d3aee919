/* sweep_run.c: the worker pool that simulates a sweep's runs in one process (sweep_run.h).
 *
 * Each worker is a pthread with its own OpenMP team (threads_per_run threads) that takes a run
 * from the queue, makes the point's scenario (through the caller's function, under the pool's
 * scenario lock), finds the calibration of the point's parameters in a shared cache (computed
 * once per distinct (seed, parameters), by the first worker to need it, while the cache has
 * room; every point simulates the same areas, which lua_sweep.c checks, so seed and parameters
 * are the whole key), simulates the run into a one-slice results object and packs its
 * payload. Finished runs wait in a list for the owner thread, which takes them in whatever
 * order they finished; the owner decides where they go (journal, another MPI rank), so
 * completion order never affects the numbers.
 */
#include "wijksim/sweep_run.h"

#include <errno.h>
#include <omp.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "wijksim/model.h"

#define CAL_CACHE 64 /* calibrations kept (a parameter sweep makes one per point) */

typedef struct cal_entry {
    uint32_t seed;
    ws_params params;
    ws_calibration *cal; /* NULL while a worker computes it */
    bool failed;         /* that worker failed: the next user computes it again */
} cal_entry;

typedef struct done_item {
    int run, rc;
    double *payload;
    ws_error err;
} done_item;

struct ws_sweep_pool {
    ws_sweep_pool_opts o;
    pthread_mutex_t mu;          /* queue, done list, counters */
    pthread_cond_t work_cv;      /* a run was queued, or quitting */
    pthread_cond_t done_cv;      /* a run finished */
    int *queue;                  /* runs waiting, FIFO ring */
    int q_head, q_len, q_cap;
    done_item *done;
    int d_len, d_cap;
    int busy;
    bool quit;
    bool oom;                    /* a finished run was lost for want of memory */
    pthread_mutex_t scen_mu;     /* the scenario function (Lua) */
    pthread_mutex_t cal_mu;      /* the calibration cache */
    pthread_cond_t cal_cv;       /* a calibration was finished (or failed) */
    cal_entry cal[CAL_CACHE];
    int n_cal;
    double pm, run_s, cal_s;
    int n_calibrated;
    pthread_t *thr;
    int n_thr;
};

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* The calibration for s's seed and parameters, computed on first use. The burn-in runs outside
 * the lock, so workers that need other parameters (a parameter sweep) calibrate side by side;
 * a worker that needs one being computed waits for it instead of computing it twice. Cached
 * entries live until the pool is freed; when the cache is full the new calibration is the
 * caller's (*owned, freed after its run). */
static int get_cal(ws_sweep_pool *p, const ws_scenario *s, ws_calibration **out,
                   ws_calibration **owned, ws_error *e)
{
    *out = *owned = NULL;
    pthread_mutex_lock(&p->cal_mu);
    cal_entry *ce = NULL;
    for (;;) {
        ce = NULL;
        for (int k = 0; k < p->n_cal && !ce; k++)
            if (p->cal[k].seed == s->seed &&
                memcmp(&p->cal[k].params, &s->params, sizeof s->params) == 0)
                ce = &p->cal[k];
        if (!ce || ce->cal || ce->failed) break;
        pthread_cond_wait(&p->cal_cv, &p->cal_mu); /* another worker is computing it */
    }
    if (ce && ce->cal) {
        *out = ce->cal;
        pthread_mutex_unlock(&p->cal_mu);
        return 0;
    }
    if (!ce && p->n_cal < CAL_CACHE) { /* claim a slot: others wait for this worker */
        ce = &p->cal[p->n_cal++];
        ce->seed = s->seed;
        ce->params = s->params;
        ce->cal = NULL;
    }
    if (ce) ce->failed = false;
    pthread_mutex_unlock(&p->cal_mu);

    double t0 = now_s();
    ws_calibration *c = NULL;
    int rc = ws_calibrate(s, &c, e);
    pthread_mutex_lock(&p->cal_mu);
    if (!rc) {
        p->cal_s += now_s() - t0;
        p->n_calibrated++;
    }
    if (ce) {
        ce->cal = c;
        ce->failed = rc != 0;
        pthread_cond_broadcast(&p->cal_cv);
    }
    pthread_mutex_unlock(&p->cal_mu);
    *out = c;
    if (!ce) *owned = c;
    return rc;
}

/* Simulates run `run` into a new payload. The worker keeps the last point's scenario (runs of
 * one point come together) and a one-slice results object. */
typedef struct worker_state {
    int point;                   /* point of scen, -1 none */
    ws_scenario scen;
    ws_results res;
    bool res_ok;
} worker_state;

static int simulate(ws_sweep_pool *p, worker_state *w, int run, double **payload, ws_error *e)
{
    const ws_sweep_shape *sh = &p->o.shape;
    int point = run / sh->n_rep, rep = run % sh->n_rep;
    int rc = 0;
    if (w->point != point) {
        ws_scenario_close(&w->scen);
        w->point = -1;
        pthread_mutex_lock(&p->scen_mu);
        rc = p->o.scenario(p->o.scenario_ud, point, &w->scen, e);
        pthread_mutex_unlock(&p->scen_mu);
        if (rc) return rc;
        w->point = point;
    }
    int n_iv = w->scen.policy.n_interventions;
    if (!w->res_ok || w->res.n_iv != n_iv) {
        ws_results_close(&w->res);
        w->res_ok = false;
        rc = ws_results_init(&w->res, 1, sh->n_year, sh->n_area, sh->start_year, e);
        if (!rc) rc = ws_results_iv_init(&w->res, n_iv, e);
        if (rc) return rc;
        w->res_ok = true;
    }
    ws_calibration *cal, *owned;
    rc = get_cal(p, &w->scen, &cal, &owned, e);
    if (rc) return rc;
    ws_run_opts ro = {NULL, NULL, (volatile const int *)p->o.stop, NULL, NULL, 0};
    ws_run_stats st = {0};
    rc = ws_run_replication_slice(&w->scen, cal, rep, 0, &ro, &w->res, &st, e);
    ws_calibration_free(owned);
    if (rc) return rc;
    *payload = malloc(sizeof **payload * ws_sweep_payload_len(sh));
    if (!*payload) return ws_error_set(e, WS_ENOMEM, NULL, 0, NULL, "out of memory");
    ws_sweep_pack(sh, &w->res, 0, *payload);
    pthread_mutex_lock(&p->mu);
    p->pm += st.person_months;
    p->run_s += st.seconds;
    pthread_mutex_unlock(&p->mu);
    return 0;
}

/* Appends a finished run to the done list (mu held). Returns false when out of memory. */
static bool push_done(ws_sweep_pool *p, const done_item *it)
{
    if (p->d_len == p->d_cap) {
        int cap = p->d_cap ? p->d_cap * 2 : 16;
        done_item *nd = realloc(p->done, sizeof *nd * (size_t)cap);
        if (!nd) return false;
        p->done = nd;
        p->d_cap = cap;
    }
    p->done[p->d_len++] = *it;
    return true;
}

static void *worker_main(void *arg)
{
    ws_sweep_pool *p = arg;
    omp_set_num_threads(p->o.threads_per_run);
    worker_state w = {.point = -1};
    for (;;) {
        pthread_mutex_lock(&p->mu);
        while (!p->quit && p->q_len == 0) pthread_cond_wait(&p->work_cv, &p->mu);
        if (p->quit) {
            pthread_mutex_unlock(&p->mu);
            break;
        }
        int run = p->queue[p->q_head];
        p->q_head = (p->q_head + 1) % p->q_cap;
        p->q_len--;
        p->busy++;
        pthread_mutex_unlock(&p->mu);

        done_item it = {run, 0, NULL, {0}};
        it.rc = simulate(p, &w, run, &it.payload, &it.err);

        pthread_mutex_lock(&p->mu);
        p->busy--;
        if (!push_done(p, &it)) {
            free(it.payload);
            p->oom = true; /* reported by the next take */
        }
        pthread_cond_broadcast(&p->done_cv);
        pthread_mutex_unlock(&p->mu);
    }
    ws_scenario_close(&w.scen);
    ws_results_close(&w.res);
    return NULL;
}

int ws_sweep_pool_start(ws_sweep_pool **out, const ws_sweep_pool_opts *o, ws_error *e)
{
    *out = NULL;
    if (o->workers < 1 || o->threads_per_run < 1 || !o->scenario || o->shape.n_rep < 1)
        return ws_error_set(e, WS_EINPUT, NULL, 0, NULL,
                            "a sweep pool needs >= 1 worker, >= 1 thread per run, a scenario "
                            "function and >= 1 replication");
    ws_sweep_pool *p = calloc(1, sizeof *p);
    if (!p) return ws_error_set(e, WS_ENOMEM, NULL, 0, NULL, "out of memory");
    p->o = *o;
    p->thr = calloc((size_t)o->workers, sizeof *p->thr);
    p->q_cap = 64;
    p->queue = malloc(sizeof *p->queue * (size_t)p->q_cap);
    if (!p->thr || !p->queue) {
        free(p->thr);
        free(p->queue);
        free(p);
        return ws_error_set(e, WS_ENOMEM, NULL, 0, NULL, "out of memory");
    }
    pthread_mutex_init(&p->mu, NULL);
    pthread_mutex_init(&p->scen_mu, NULL);
    pthread_mutex_init(&p->cal_mu, NULL);
    pthread_cond_init(&p->cal_cv, NULL);
    pthread_cond_init(&p->work_cv, NULL);
    pthread_cond_init(&p->done_cv, NULL);
    for (int k = 0; k < o->workers; k++) {
        int err = pthread_create(&p->thr[k], NULL, worker_main, p);
        if (err) {
            ws_sweep_pool_free(p);
            return ws_error_set(e, WS_ERUNTIME, NULL, 0, NULL,
                                "cannot start sweep worker thread %d: %s", k, strerror(err));
        }
        p->n_thr++;
    }
    *out = p;
    return 0;
}

int ws_sweep_pool_add(ws_sweep_pool *p, int run, ws_error *e)
{
    pthread_mutex_lock(&p->mu);
    if (p->q_len == p->q_cap) {
        int cap = p->q_cap * 2;
        int *nq = malloc(sizeof *nq * (size_t)cap);
        if (!nq) {
            pthread_mutex_unlock(&p->mu);
            return ws_error_set(e, WS_ENOMEM, NULL, 0, NULL, "out of memory");
        }
        for (int k = 0; k < p->q_len; k++) nq[k] = p->queue[(p->q_head + k) % p->q_cap];
        free(p->queue);
        p->queue = nq;
        p->q_head = 0;
        p->q_cap = cap;
    }
    p->queue[(p->q_head + p->q_len) % p->q_cap] = run;
    p->q_len++;
    pthread_cond_signal(&p->work_cv);
    pthread_mutex_unlock(&p->mu);
    return 0;
}

int ws_sweep_pool_queued(ws_sweep_pool *p)
{
    pthread_mutex_lock(&p->mu);
    int n = p->q_len;
    pthread_mutex_unlock(&p->mu);
    return n;
}

int ws_sweep_pool_busy(ws_sweep_pool *p)
{
    pthread_mutex_lock(&p->mu);
    int n = p->busy;
    pthread_mutex_unlock(&p->mu);
    return n;
}

int ws_sweep_pool_take(ws_sweep_pool *p, int wait_ms, int *run, double **payload, ws_error *e)
{
    *payload = NULL;
    pthread_mutex_lock(&p->mu);
    if (p->d_len == 0 && wait_ms > 0) {
        struct timespec t;
        clock_gettime(CLOCK_REALTIME, &t);
        t.tv_sec += wait_ms / 1000;
        t.tv_nsec += (long)(wait_ms % 1000) * 1000000L;
        if (t.tv_nsec >= 1000000000L) {
            t.tv_sec++;
            t.tv_nsec -= 1000000000L;
        }
        while (p->d_len == 0)
            if (pthread_cond_timedwait(&p->done_cv, &p->mu, &t) == ETIMEDOUT) break;
    }
    if (p->oom) {
        pthread_mutex_unlock(&p->mu);
        *run = -1;
        return ws_error_set(e, WS_ENOMEM, NULL, 0, NULL, "out of memory for a finished run");
    }
    if (p->d_len == 0) {
        pthread_mutex_unlock(&p->mu);
        return 0;
    }
    done_item it = p->done[0];
    memmove(p->done, p->done + 1, sizeof *p->done * (size_t)(p->d_len - 1));
    p->d_len--;
    pthread_mutex_unlock(&p->mu);
    *run = it.run;
    if (it.rc) {
        if (e) *e = it.err;
        free(it.payload);
        return it.rc;
    }
    *payload = it.payload;
    return 1;
}

int ws_sweep_pool_drop_queued(ws_sweep_pool *p)
{
    pthread_mutex_lock(&p->mu);
    int n = p->q_len;
    p->q_len = 0;
    pthread_mutex_unlock(&p->mu);
    return n;
}

void ws_sweep_pool_stats(ws_sweep_pool *p, double *person_months, double *run_seconds,
                         int *calibrations, double *calib_seconds)
{
    pthread_mutex_lock(&p->mu);
    *person_months = p->pm;
    *run_seconds = p->run_s;
    pthread_mutex_unlock(&p->mu);
    pthread_mutex_lock(&p->cal_mu);
    *calibrations = p->n_calibrated;
    *calib_seconds = p->cal_s;
    pthread_mutex_unlock(&p->cal_mu);
}

void ws_sweep_pool_free(ws_sweep_pool *p)
{
    if (!p) return;
    pthread_mutex_lock(&p->mu);
    p->quit = true;
    pthread_cond_broadcast(&p->work_cv);
    pthread_mutex_unlock(&p->mu);
    for (int k = 0; k < p->n_thr; k++) pthread_join(p->thr[k], NULL);
    for (int k = 0; k < p->d_len; k++) free(p->done[k].payload);
    for (int k = 0; k < p->n_cal; k++) ws_calibration_free(p->cal[k].cal);
    pthread_mutex_destroy(&p->mu);
    pthread_mutex_destroy(&p->scen_mu);
    pthread_mutex_destroy(&p->cal_mu);
    pthread_cond_destroy(&p->cal_cv);
    pthread_cond_destroy(&p->work_cv);
    pthread_cond_destroy(&p->done_cv);
    free(p->done);
    free(p->queue);
    free(p->thr);
    free(p);
}
