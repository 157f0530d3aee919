/* housing.c: dwelling quality, households moving out, and vacancies filled by local
 * home-leavers or by households from outside — the selective migration behind the escalator.
 *
 * Moving out is a monthly household hazard that rises with income above the neighbourhood
 * median, feeling unsafe, liveability below its start, overcrowding and a young head, and is
 * lower for owners. Vacancies are first offered to young adults from the area who left home,
 * then let to households from outside, synthesised with the area's composition tilted as the
 * burn-in and calibration set it (age, family share, the attainment of movers out) and with
 * the allocation shift of the dwelling's tenure (social rent by need). Incomes of movers out
 * and in are summed so the escalator effect shows as their gap.
 */
#include "world.h"

#include <math.h>

static double move_hr(const ws_world *w, int32_t h)
{
    const ws_params *P = w->p;
    const ws_households *H = &w->hh;
    int32_t d = H->dwelling[h];
    const ws_nbh *nb = &w->nbh[w->dw.nbh[d]];
    double r = 1;
    double rel = nb->median_income > 0 ? H->income[h] / nb->median_income : 1;
    if (rel > 1) r *= exp(w->cal.log_move_income * log2(rel));
    int32_t head = ws__household_head(w, h);
    if (w->pers.unsafe[head]) r *= P->move_hr_unsafe;
    int age = w->pers.age_m[head] / 12;
    if (age >= 20 && age < 35) r *= P->move_hr_young;
    if (w->dw.tenure[d] == WS_TEN_OWNER) r *= P->move_hr_owner;
    if (H->nmem[h] > w->dw.rooms[d] + 1) r *= P->move_hr_crowded;
    return r * nb->move_live_hr;
}

/* Removes household h and its members from the area (moved out). */
static void move_out(ws_world *w, int32_t h)
{
    ws_households *H = &w->hh;
    w->acc.moves_out++;
    w->acc.inc_out += H->income[h];
    w->nbh[w->dw.nbh[H->dwelling[h]]].moves_m++;
    for (int32_t j = 0; j < H->nmem[h]; j++) ws__person_free(w, w->members[H->first[h] + j]);
    H->nmem[h] = 0;
    ws__household_free(w, h);
}

/* Whether household h, with members mem[0..nm-1], has income from work (an employed member). */
static bool works(const ws_world *w, const int32_t *mem, int nm)
{
    for (int j = 0; j < nm; j++)
        if (w->pers.labour[mem[j]] == WS_LB_EMPLOYED) return true;
    return false;
}

/* Lets vacant dwelling d to a household from outside the area and returns its slot (-1: out of
 * memory). Where an allocation rule covers this social letting (a draw below the share
 * w->inst.alloc_share), applicants without income from work are refused with probability
 * alloc_refuse_p and the next applicant is drawn (draws keyed by the attempt), up to
 * alloc_tries applicants, the last of whom gets it; refusals count in acc.refused. */
static int32_t let_outside(ws_world *w, int32_t d)
{
    const ws_params *P = w->p;
    uint32_t m = (uint32_t)w->month;
    bool covered = w->iv && w->inst.alloc_share > 0 && w->dw.tenure[d] == WS_TEN_SOCIAL &&
                   ws_u01(&w->rng, (uint32_t)d, m, WS_RP_IV_ALLOC) < w->inst.alloc_share;
    int tries = covered ? (int)P->alloc_tries : 1;
    for (int a = 0;; a++) {
        int32_t mem[WS_MAX_MEMBERS];
        int nm = 0;
        /* the a-th applicant: synthesis draws keyed by the month with the attempt above it */
        int32_t h = ws__synth_household(w, d, m | ((uint32_t)a << 20), true, mem, &nm);
        if (h < 0 || a + 1 >= tries || works(w, mem, nm)) return h;
        double u[4];
        ws_u01x4(&w->rng, (uint32_t)d, m, WS_RP_IV_ALLOC, 1 + (uint32_t)a, u);
        if (u[0] >= P->alloc_refuse_p) return h;
        w->acc.refused++; /* refused: the household does not move in */
        for (int j = 0; j < nm; j++) ws__person_free(w, mem[j]);
        w->hh.nmem[h] = 0;
        ws__household_free(w, h);
    }
}

int ws__phase_housing(ws_world *w)
{
    ws_households *H = &w->hh;
    const ws_params *P = w->p;
    const ws_calib *c = &w->cal;
    uint32_t m = (uint32_t)w->month;
    /* dwelling quality: monthly decay, renovation of poor dwellings */
    double decay = P->dw_decay / 12;
    for (size_t d = 0; d < w->dw.n; d++) {
        float q = w->dw.quality[d] - (float)decay;
        if (q < P->dw_poor_below &&
            ws_u01(&w->rng, (uint32_t)d, m, WS_RP_QUALITY) < c->renov_p)
            q = (float)P->dw_renov_quality;
        w->dw.quality[d] = q < 0 ? 0 : q;
    }
    /* moves out (decided on the state at the start of the phase, then carried out) */
    for (int k = 0; k < w->n_nbh; k++) w->nbh[k].moves_m = 0;
    size_t nh = H->n;
    for (size_t h = 0; h < nh; h++) {
        w->scratch[h] = 0;
        if (!H->alive[h]) continue;
        double p = ws__hprob(c->move_h * move_hr(w, (int32_t)h));
        w->scratch[h] = ws_u01(&w->rng, (uint32_t)h, m, WS_RP_MOVE) < p;
    }
    w->acc_moves_month = 0;
    for (size_t h = 0; h < nh; h++)
        if (w->scratch[h] != 0) {
            move_out(w, (int32_t)h);
            w->acc_moves_month++;
        }
    /* home-leavers waiting for a dwelling, in slot order; some give up and leave */
    ws_persons *p = &w->pers;
    size_t n_seek = 0;
    double give_up = 1.0 / P->leave_wait_months;
    for (size_t i = 0; i < p->n; i++) {
        if (!p->alive[i] || !(p->flags[i] & WS_PF_SEEKER)) continue;
        if (ws_u01(&w->rng, (uint32_t)i, m, WS_RP_SEEK_GIVE_UP) < give_up) {
            int32_t h = p->hh[i];
            ws__person_free(w, (int32_t)i);
            H->nmem[h]--;
            continue;
        }
        w->members[n_seek++] = (int32_t)i; /* members is rebuilt below: reuse as a queue */
    }
    size_t next_seek = 0;
    for (size_t d = 0; d < w->dw.n; d++) {
        if (w->dw.hh[d] != -1) continue;
        if (ws_u01(&w->rng, (uint32_t)d, m, WS_RP_FILL) >= P->vacancy_fill_p) continue;
        if (next_seek < n_seek) {
            int32_t i = w->members[next_seek++];
            int32_t h = ws__household_new(w);
            if (h < 0) return WS_ENOMEM;
            p = &w->pers;
            H->nmem[p->hh[i]]--;
            H->type[h] = WS_HT_SINGLE;
            H->dwelling[h] = (int32_t)d;
            H->nmem[h] = 1;
            w->dw.hh[d] = h;
            p->hh[i] = h;
            p->flags[i] &= (uint8_t)~(WS_PF_SEEKER | WS_PF_CHILD);
            continue;
        }
        int32_t h = let_outside(w, (int32_t)d);
        if (h < 0) return WS_ENOMEM;
        p = &w->pers;
        H->res_m[h] = 0;
        w->acc.moves_in++;
        w->acc.inc_in += H->income[h];
    }
    for (size_t h = 0; h < H->n; h++)
        if (H->alive[h] && H->res_m[h] < 65535) H->res_m[h]++;
    /* a home-leaver may have been the last adult of the parental household */
    return ws__world_index(w) || ws__world_dissolve_orphans(w) ? WS_ENOMEM : 0;
}

void ws__calib_housing(ws_world *w)
{
    const ws_households *H = &w->hh;
    const ws_params *P = w->p;
    ws_calib *c = &w->cal;
    double s = 0;
    long n = 0;
    for (size_t h = 0; h < H->n; h++) {
        if (!H->alive[h]) continue;
        s += move_hr(w, (int32_t)h);
        n++;
    }
    double target = ws__monthly(w->area->moves_out_rate / 100);
    c->move_h = s > 0 ? target * n / s : 0;
    /* attainment of movers out (weighted by their moving hazard) against residents 25+ */
    double wl = 0, whi = 0, wt = 0, nl = 0, nhi = 0, nt = 0;
    for (size_t h = 0; h < H->n; h++) {
        if (!H->alive[h]) continue;
        double mh = move_hr(w, (int32_t)h);
        for (int32_t j = 0; j < H->nmem[h]; j++) {
            int32_t i = w->members[H->first[h] + j];
            if (w->pers.age_m[i] < 25 * 12) continue;
            int lo = w->pers.attain[i] <= WS_AT_LOW, hi = w->pers.attain[i] == WS_AT_HIGH;
            wl += mh * lo;
            whi += mh * hi;
            wt += mh;
            nl += lo;
            nhi += hi;
            nt++;
        }
    }
    c->inmove_low = (wt > 0 && nt > 0) ? ws__logit(wl / wt) - ws__logit(nl / nt) : 0;
    c->inmove_high = (wt > 0 && nt > 0) ? ws__logit(whi / wt) - ws__logit(nhi / nt) : 0;
    /* renovation: the pace that offsets decay at the starting quality */
    double gain = 0;
    long poor = 0;
    for (size_t d = 0; d < w->dw.n; d++) {
        if (w->dw.quality[d] < P->dw_poor_below) {
            gain += P->dw_renov_quality - w->dw.quality[d];
            poor++;
        }
    }
    double need = P->dw_decay / 12 * (double)w->dw.n;
    c->renov_p = gain > 0 ? need / gain : 0;
    if (c->renov_p > 1) c->renov_p = 1;
    w->inst.renovations = c->renov_p * (double)poor;
}
