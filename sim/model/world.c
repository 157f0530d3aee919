/* world.c: memory of a simulated area — slot arrays, free lists, the household index and the
 * invariant checker. No phase logic lives here; only two helpers the phases share (the poverty
 * line and the logit-intercept solver).
 *
 * Growth happens only in serial code (births, in-movers, home-leavers); arrays double, the new
 * part is zeroed, and a slot handed out gets the reset values of its field table. Free slots
 * are kept on a stack; ws__world_index pushes nothing, so the order in which slots are reused
 * depends only on the order of deaths and moves, which are processed serially in slot order.
 */
#include "world.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define AGE_ADULT_M (18 * 12)      /* age of majority (months): minors are counted in nkids */
#define CHECK_MAX_AGE_M (130 * 12) /* the consistency check's oldest possible person (months) */
#define CAP0_PERSONS 1024          /* first capacity of the person slot arrays */
#define CAP0_HOUSEHOLDS 512        /* first capacity of the household slot arrays */
#define MAX_SLOT_BYTES 40          /* budget of bytes per person and per household slot */

/* Grows an array of old_cap elements of size sz to cap elements, zeroing the new part.
 * 0, or -1 (out of memory; *arr unchanged). */
static int grow(void **arr, size_t sz, size_t old_cap, size_t cap)
{
    void *p = realloc(*arr, cap * sz);
    if (!p) return -1;
    memset((char *)p + old_cap * sz, 0, (cap - old_cap) * sz);
    *arr = p;
    return 0;
}

/* Bytes per person slot and per household slot of the field tables (the free-slot stacks add
 * 4 bytes each). The struct-of-arrays is meant to stay compact: a new field is a choice. */
enum {
    PERSON_BYTES = 0
#define WS_PERSON_FIELD(name, ctype, reset, doc) +(int)sizeof(ctype)
#include "person_fields.def"
#undef WS_PERSON_FIELD
    ,
    HOUSEHOLD_BYTES = 0
#define WS_HOUSEHOLD_FIELD(name, ctype, reset, doc) +(int)sizeof(ctype)
#include "household_fields.def"
#undef WS_HOUSEHOLD_FIELD
};
_Static_assert(PERSON_BYTES <= MAX_SLOT_BYTES, "person_fields.def: more than 40 bytes per person");
_Static_assert(HOUSEHOLD_BYTES <= MAX_SLOT_BYTES,
               "household_fields.def: more than 40 bytes per household");

static int persons_reserve(ws_world *w, size_t cap)
{
    ws_persons *p = &w->pers;
    if (cap <= p->cap) return 0;
    size_t nc = p->cap ? p->cap : CAP0_PERSONS;
    while (nc < cap) nc *= 2;
#define WS_PERSON_FIELD(name, ctype, reset, doc)                                                   \
    if (grow((void **)&p->name, sizeof *p->name, p->cap, nc)) return -1;
#include "person_fields.def"
#undef WS_PERSON_FIELD
    if (grow((void **)&p->free, sizeof *p->free, p->cap, nc)) return -1;
    if (grow((void **)&w->members, sizeof *w->members, w->members_cap, nc)) return -1;
    w->members_cap = nc;
    p->cap = nc;
    return 0;
}

static int households_reserve(ws_world *w, size_t cap)
{
    ws_households *h = &w->hh;
    if (cap <= h->cap) return 0;
    size_t nc = h->cap ? h->cap : CAP0_HOUSEHOLDS;
    while (nc < cap) nc *= 2;
#define WS_HOUSEHOLD_FIELD(name, ctype, reset, doc)                                                \
    if (grow((void **)&h->name, sizeof *h->name, h->cap, nc)) return -1;
#include "household_fields.def"
#undef WS_HOUSEHOLD_FIELD
    if (grow((void **)&h->free, sizeof *h->free, h->cap, nc)) return -1;
    if (grow((void **)&w->scratch, sizeof *w->scratch, w->scratch_cap, nc)) return -1;
    w->scratch_cap = nc;
    h->cap = nc;
    return 0;
}

int32_t ws__person_new(ws_world *w)
{
    ws_persons *p = &w->pers;
    int32_t i;
    if (p->n_free) {
        i = p->free[--p->n_free];
    } else {
        if (persons_reserve(w, p->n + 1)) return -1;
        i = (int32_t)p->n++;
    }
    /* Fresh slot: every field gets its reset value (person_fields.def). */
#define WS_PERSON_FIELD(name, ctype, reset, doc) p->name[i] = (ctype)(reset);
#include "person_fields.def"
#undef WS_PERSON_FIELD
    return i;
}

void ws__person_free(ws_world *w, int32_t i)
{
    ws_persons *p = &w->pers;
    p->alive[i] = 0;
    p->hh[i] = -1;
    p->free[p->n_free++] = i; /* capacity: free has pers.cap slots, never more frees than slots */
}

int32_t ws__household_new(ws_world *w)
{
    ws_households *h = &w->hh;
    int32_t i;
    if (h->n_free) {
        i = h->free[--h->n_free];
    } else {
        if (households_reserve(w, h->n + 1)) return -1;
        i = (int32_t)h->n++;
    }
    /* fresh slot: every field gets its reset value (household_fields.def) */
#define WS_HOUSEHOLD_FIELD(name, ctype, reset, doc) h->name[i] = (ctype)(reset);
#include "household_fields.def"
#undef WS_HOUSEHOLD_FIELD
    return i;
}

void ws__household_free(ws_world *w, int32_t hi)
{
    ws_households *h = &w->hh;
    if (h->dwelling[hi] >= 0) w->dw.hh[h->dwelling[hi]] = -1;
    h->alive[hi] = 0;
    h->dwelling[hi] = -1;
    h->free[h->n_free++] = hi;
}

int32_t ws__household_head(const ws_world *w, int32_t h)
{
    const ws_households *H = &w->hh;
    int32_t best = -1;
    for (int32_t j = 0; j < H->nmem[h]; j++) {
        int32_t i = w->members[H->first[h] + j];
        if (!(w->pers.flags[i] & WS_PF_CHILD) &&
            (best < 0 || w->pers.age_m[i] > w->pers.age_m[best]))
            best = i;
    }
    return best >= 0 ? best : w->members[H->first[h]];
}

int ws__world_index(ws_world *w)
{
    ws_persons *p = &w->pers;
    ws_households *h = &w->hh;
    for (size_t k = 0; k < h->n; k++) {
        h->nmem[k] = 0;
        h->nkids[k] = 0;
    }
    for (size_t i = 0; i < p->n; i++) {
        if (!p->alive[i]) continue;
        int32_t k = p->hh[i];
        h->nmem[k]++;
        if (p->age_m[i] < AGE_ADULT_M) h->nkids[k]++;
    }
    int32_t off = 0;
    for (size_t k = 0; k < h->n; k++) {
        h->first[k] = off;
        off += h->nmem[k];
    }
    /* Fill in slot order using nmem as a running cursor, then restore it. */
    for (size_t k = 0; k < h->n; k++) h->nmem[k] = 0;
    for (size_t i = 0; i < p->n; i++) {
        if (!p->alive[i]) continue;
        int32_t k = p->hh[i];
        w->members[h->first[k] + h->nmem[k]++] = (int32_t)i;
    }
    return 0;
}

int ws__world_dissolve_orphans(ws_world *w)
{
    ws_households *H = &w->hh;
    bool changed = false;
    for (size_t h = 0; h < H->n; h++) {
        if (!H->alive[h] || H->nmem[h] - H->nkids[h] > 0) continue;
        for (int32_t j = 0; j < H->nmem[h]; j++) ws__person_free(w, w->members[H->first[h] + j]);
        H->nmem[h] = H->nkids[h] = 0;
        ws__household_free(w, (int32_t)h);
        changed = true;
    }
    return changed ? ws__world_index(w) : 0;
}

#define FAULT(...) ws_error_set(e, WS_ERUNTIME, NULL, 0, NULL, __VA_ARGS__)

/* Free stack of n_free slots out of n: every entry a dead slot below n, none twice (mark is
 * scratch of n bytes, zero on entry and on return). */
static int check_free(const int32_t *stack, size_t n_free, const uint8_t *alive, size_t n,
                      uint8_t *mark, const char *what, ws_error *e)
{
    int rc = 0;
    for (size_t k = 0; k < n_free && !rc; k++) {
        int32_t i = stack[k];
        if (i < 0 || (size_t)i >= n || alive[i] || mark[i])
            rc = FAULT("free %s slot %d is %s", what, (int)i,
                       i < 0 || (size_t)i >= n ? "out of range" : alive[i] ? "alive" : "listed twice");
        else
            mark[i] = 1;
    }
    for (size_t k = 0; k < n_free; k++)
        if (stack[k] >= 0 && (size_t)stack[k] < n) mark[stack[k]] = 0;
    return rc;
}

static int check_persons(const ws_world *w, ws_error *e)
{
    const ws_persons *p = &w->pers;
    const ws_households *h = &w->hh;
    size_t alive = 0;
    for (size_t i = 0; i < p->n; i++) {
        if (!p->alive[i]) continue;
        alive++;
        int32_t k = p->hh[i];
        if (k < 0 || (size_t)k >= h->n || !h->alive[k])
            return FAULT("person %zu lives in dead household %d", i, (int)k);
        if (p->sex[i] >= WS_SEX_N || p->stage[i] >= WS_ST_N || p->attain[i] > WS_AT_HIGH ||
            p->track[i] >= WS_TR_N || p->labour[i] >= WS_LB_N)
            return FAULT("person %zu has a state out of range (sex %d, stage %d, attainment %d, "
                         "track %d, labour %d)", i, p->sex[i], p->stage[i], p->attain[i],
                         p->track[i], p->labour[i]);
        if (p->age_m[i] > CHECK_MAX_AGE_M)
            return FAULT("person %zu is %d months old", i, p->age_m[i]);
        if (p->labour[i] == WS_LB_RETIRED && p->age_m[i] < WS_AOW_AGE_M)
            return FAULT("person %zu is retired at %d months, before the AOW age", i,
                         p->age_m[i]);
        if (!isfinite(p->achieve[i]) || !isfinite(p->earn[i]) || p->earn[i] < 0)
            return FAULT("person %zu has achievement %g and earnings multiplier %g", i,
                         p->achieve[i], p->earn[i]);
        if (p->prog[i] < -1 || (p->prog[i] >= 0 && !w->iv))
            return FAULT("person %zu has programme record %d without a policy", i,
                         (int)p->prog[i]);
    }
    if (alive + p->n_free != p->n)
        return FAULT("%zu persons alive and %zu free slots, but %zu slots in use", alive, p->n_free,
                     p->n);
    return 0;
}

static int check_households(const ws_world *w, ws_error *e)
{
    const ws_persons *p = &w->pers;
    const ws_households *h = &w->hh;
    size_t listed = 0, alive = 0, live_members = p->n - p->n_free;
    for (size_t k = 0; k < h->n; k++) {
        if (!h->alive[k]) continue;
        alive++;
        if (h->nmem[k] < 1) return FAULT("household %zu is empty", k);
        int32_t d = h->dwelling[k];
        if (d < 0 || (size_t)d >= w->dw.n || w->dw.hh[d] != (int32_t)k)
            return FAULT("household %zu and dwelling %d do not point at each other", k, (int)d);
        if (h->first[k] < 0 || (size_t)h->first[k] + (size_t)h->nmem[k] > p->n)
            return FAULT("member index of household %zu runs out of the members array", k);
        int32_t kids = 0, adults = 0;
        for (int32_t j = 0; j < h->nmem[k]; j++) {
            int32_t i = w->members[h->first[k] + j];
            if (i < 0 || (size_t)i >= p->n || !p->alive[i] || p->hh[i] != (int32_t)k)
                return FAULT("member index of household %zu is stale", k);
            if (p->age_m[i] < AGE_ADULT_M)
                kids++;
            else
                adults++;
        }
        if (kids != h->nkids[k]) return FAULT("household %zu counts %d minors, has %d", k,
                                              h->nkids[k], kids);
        if (adults == 0) return FAULT("household %zu has no adult", k);
        listed += (size_t)h->nmem[k];
    }
    if (listed != live_members)
        return FAULT("member index lists %zu persons, %zu are alive", listed, live_members);
    if (alive + h->n_free != h->n)
        return FAULT("%zu households alive and %zu free slots, but %zu slots in use", alive,
                     h->n_free, h->n);
    return 0;
}

static int check_dwellings(const ws_world *w, ws_error *e)
{
    const ws_households *h = &w->hh;
    for (size_t d = 0; d < w->dw.n; d++) {
        int32_t k = w->dw.hh[d];
        if (k >= 0 && ((size_t)k >= h->n || !h->alive[k] || h->dwelling[k] != (int32_t)d))
            return FAULT("dwelling %zu points at household %d that lives elsewhere", d, (int)k);
        if (k < -1) return FAULT("dwelling %zu points at household %d", d, (int)k);
        if (w->dw.nbh[d] >= w->n_nbh || w->dw.tenure[d] >= WS_TEN_N)
            return FAULT("dwelling %zu has neighbourhood %d of %d and tenure %d", d,
                         w->dw.nbh[d], w->n_nbh, w->dw.tenure[d]);
        if (!(w->dw.quality[d] >= 0 && w->dw.quality[d] <= 100))
            return FAULT("dwelling %zu has quality %g (0..100)", d, w->dw.quality[d]);
    }
    return 0;
}

int ws__world_check(const ws_world *w, ws_error *e)
{
    const ws_persons *p = &w->pers;
    const ws_households *h = &w->hh;
    int rc = check_persons(w, e);
    if (!rc) rc = check_households(w, e);
    if (!rc) rc = check_dwellings(w, e);
    if (!rc && w->iv_check) rc = w->iv_check(w, e);
    if (rc) return rc;
    size_t n = p->n > h->n ? p->n : h->n;
    uint8_t *mark = calloc(n ? n : 1, 1);
    if (!mark) return ws_error_set(e, WS_ENOMEM, NULL, 0, NULL, "out of memory for the check");
    rc = check_free(p->free, p->n_free, p->alive, p->n, mark, "person", e);
    if (!rc) rc = check_free(h->free, h->n_free, h->alive, h->n, mark, "household", e);
    free(mark);
    return rc;
}

#undef FAULT

size_t ws__world_bytes(const ws_world *w)
{
    size_t b = 0;
    const ws_persons *p = &w->pers;
    const ws_households *h = &w->hh;
    b += p->cap * (PERSON_BYTES + sizeof *p->free) + h->cap * (HOUSEHOLD_BYTES + sizeof *h->free);
    b += w->members_cap * sizeof *w->members + w->scratch_cap * sizeof *w->scratch;
    b += w->dw.n * (sizeof *w->dw.nbh + sizeof *w->dw.tenure + sizeof *w->dw.rooms +
                    sizeof *w->dw.quality + sizeof *w->dw.hh);
    return b + sizeof *w;
}

int ws__world_alloc_dwellings(ws_world *w, size_t n)
{
    ws_dwellings *d = &w->dw;
    d->n = n;
    d->nbh = calloc(n ? n : 1, sizeof *d->nbh);
    d->tenure = calloc(n ? n : 1, sizeof *d->tenure);
    d->rooms = calloc(n ? n : 1, sizeof *d->rooms);
    d->quality = calloc(n ? n : 1, sizeof *d->quality);
    d->hh = malloc((n ? n : 1) * sizeof *d->hh);
    if (!d->nbh || !d->tenure || !d->rooms || !d->quality || !d->hh) return -1;
    for (size_t i = 0; i < n; i++) d->hh[i] = -1;
    return 0;
}

int ws__world_reserve(ws_world *w, size_t persons, size_t households)
{
    if (persons_reserve(w, persons)) return -1;
    if (households_reserve(w, households)) return -1;
    return 0;
}

void ws__world_close(ws_world *w)
{
    if (!w) return;
    ws_persons *p = &w->pers;
    ws_households *h = &w->hh;
#define WS_PERSON_FIELD(name, ctype, reset, doc) free(p->name);
#include "person_fields.def"
#undef WS_PERSON_FIELD
#define WS_HOUSEHOLD_FIELD(name, ctype, reset, doc) free(h->name);
#include "household_fields.def"
#undef WS_HOUSEHOLD_FIELD
    free(p->free);
    free(h->free);
    free(w->dw.nbh);
    free(w->dw.tenure);
    free(w->dw.rooms);
    free(w->dw.quality);
    free(w->dw.hh);
    free(w->members);
    free(w->scratch);
    if (w->iv_free) w->iv_free(w);
    memset(w, 0, sizeof *w);
}

double ws__poverty_line(const ws_params *p, int adults, int kids)
{
    double eq = 1.0 + (adults > 1 ? p->pov_eq_adult * (adults - 1) : 0) + p->pov_eq_child * kids;
    return p->pov_line_single * eq;
}

/* Numerical settings of the intercept solver, not model numbers: a target within SOLVE_EDGE
 * of 0 or 1 gives the intercept -/+SOLVE_CLAMP; Newton works inside -/+SOLVE_BRACKET, stops
 * when the mean misses the target by less than SOLVE_FTOL or the step is below SOLVE_XTOL,
 * and bisects when the slope is below SOLVE_MIN_SLOPE. */
#define SOLVE_EDGE 1e-9
#define SOLVE_CLAMP 30
#define SOLVE_BRACKET 40
#define SOLVE_FTOL 1e-10
#define SOLVE_XTOL 1e-12
#define SOLVE_MIN_SLOPE 1e-12

double ws__solve_logit_intercept(const double *x, size_t n, double target)
{
    if (n == 0) return ws__logit(target);
    if (target <= SOLVE_EDGE) return -SOLVE_CLAMP;
    if (target >= 1 - SOLVE_EDGE) return SOLVE_CLAMP;
    /* Newton on f(c) = mean(logistic(c + x)) - target, which is increasing and convex-concave;
     * start at the logit of the target and fall back to bisection steps when a step leaves
     * the bracket. */
    double lo = -SOLVE_BRACKET, hi = SOLVE_BRACKET, c = ws__logit(target);
    for (int it = 0; it < 100; it++) {
        double f = 0, d = 0;
        for (size_t i = 0; i < n; i++) {
            double p = ws__logistic(c + (x ? x[i] : 0));
            f += p;
            d += p * (1 - p);
        }
        f = f / (double)n - target;
        d /= (double)n;
        if (f < 0)
            lo = c;
        else
            hi = c;
        if (fabs(f) < SOLVE_FTOL) break;
        double nc = d > SOLVE_MIN_SLOPE ? c - f / d : 0.5 * (lo + hi);
        if (!(nc > lo && nc < hi)) nc = 0.5 * (lo + hi);
        if (fabs(nc - c) < SOLVE_XTOL) break;
        c = nc;
    }
    return c;
}
