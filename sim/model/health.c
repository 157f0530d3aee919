/* health.c: self-rated physical health, psychological distress and loneliness of adults.
 *
 * Each is a two-state process with monthly onset and recovery. Onset hazards rise with age,
 * low income, debt, poor housing, joblessness, victimisation and loneliness (the cross-domain
 * links of DESIGN section 1); recovery from distress depends on the area's care capacity per
 * person in distress. Onset base rates are solved so the starting prevalences balance.
 */
#include "world.h"

#include <math.h>

/* Age factors per year of age (0..127), tabulated into w->age_tab by ws__health_tables when
 * the world is built. */
static double age_decline(const ws_world *w, int age)
{
    return pow(w->p->hlth_hr_age10, (age - 40) / 10.0);
}

static double hr_decline(const ws_world *w, int32_t i)
{
    const ws_params *P = w->p;
    const ws_persons *p = &w->pers;
    int32_t h = p->hh[i];
    int age = p->age_m[i] / 12;
    double r = w->age_tab[0][age > 127 ? 127 : age];
    if (w->hh.lowinc[h]) r *= P->hlth_hr_lowinc;
    if (w->hh.debt[h]) r *= P->hlth_hr_debt;
    if (w->dw.quality[w->hh.dwelling[h]] < P->dw_poor_below) r *= P->hlth_hr_poor_dwelling;
    if (p->distress[i]) r *= P->hlth_hr_distress;
    return r;
}

static double age_recover(const ws_world *w, int age)
{
    return ws__monthly(w->p->hlth_recover_p) * pow(w->p->hlth_recover_hr_age10, (age - 40) / 10.0);
}

static double p_recover(const ws_world *w, int32_t i)
{
    int age = w->pers.age_m[i] / 12;
    return w->age_tab[1][age > 127 ? 127 : age];
}

void ws__health_tables(ws_world *w)
{
    for (int a = 0; a < 128; a++) {
        w->age_tab[0][a] = age_decline(w, a);
        w->age_tab[1][a] = age_recover(w, a);
    }
}

static double hr_distress(const ws_world *w, int32_t i)
{
    const ws_params *P = w->p;
    const ws_persons *p = &w->pers;
    int32_t h = p->hh[i];
    double r = 1;
    if (w->hh.debt[h]) r *= P->dist_hr_debt;
    if (p->labour[i] == WS_LB_UNEMPLOYED || p->labour[i] == WS_LB_BIJSTAND) r *= P->dist_hr_jobless;
    if (p->victim_m[i] < 12) r *= P->dist_hr_victim;
    if (p->lonely[i]) r *= P->dist_hr_lonely;
    if (w->hh.lowinc[h]) r *= P->dist_hr_lowinc;
    return r;
}

static double hr_lonely(const ws_world *w, int32_t i)
{
    const ws_params *P = w->p;
    const ws_persons *p = &w->pers;
    const ws_nbh *nb = &w->nbh[w->dw.nbh[w->hh.dwelling[p->hh[i]]]];
    double r = 1;
    if (w->hh.nmem[p->hh[i]] == 1) r *= P->lone_hr_single;
    if (p->age_m[i] >= 75 * 12) r *= P->lone_hr_75;
    return r * nb->lone_coh_hr;
}

/* Risk functions (transitions.def): the onset hazard ratios. distress_onset also ranks
 * distress_recovery (its hazard is the same for everyone in distress). */
double ws__risk_health_decline(const ws_world *w, int32_t i)
{
    return hr_decline(w, i);
}

double ws__risk_distress_onset(const ws_world *w, int32_t i)
{
    return hr_distress(w, i);
}

double ws__risk_lonely_onset(const ws_world *w, int32_t i)
{
    return hr_lonely(w, i);
}

/* Care capacity per person in distress relative to the start, to the care elasticity. */
static double care_factor(const ws_world *w, long n_distress)
{
    if (w->cal.care0 <= 0 || n_distress <= 0) return 1;
    return pow(w->inst.care / (double)n_distress / w->cal.care0, w->p->care_elast);
}

void ws__phase_health(ws_world *w)
{
    ws_persons *p = &w->pers;
    const ws_calib *c = &w->cal;
    uint32_t m = (uint32_t)w->month;
    long nd = 0;
    for (size_t k = 0; k < p->n; k++) nd += p->alive[k] && p->distress[k];
    double dist_off = c->dist_off_h * care_factor(w, nd);
    for (size_t k = 0; k < p->n; k++) {
        int32_t i = (int32_t)k;
        if (!p->alive[i] || p->age_m[i] < 18 * 12) continue;
        double u[4];
        ws_u01x4(&w->rng, (uint32_t)i, m, WS_RP_HEALTH, 0, u);
        if (p->health[i])
            p->health[i] = !(u[0] < ws__iv_apply(w, i, WS_TX_HEALTH_DECLINE,
                                                  c->hlth_decl_h * hr_decline(w, i)));
        else
            p->health[i] = u[0] < p_recover(w, i);
        if (p->distress[i])
            p->distress[i] = !(u[1] < ws__iv_apply(w, i, WS_TX_DISTRESS_RECOVERY, dist_off));
        else
            p->distress[i] =
                u[1] < ws__iv_apply(w, i, WS_TX_DISTRESS_ONSET, c->dist_on_h * hr_distress(w, i));
        if (p->lonely[i])
            p->lonely[i] = !(u[2] < c->lone_off_h);
        else
            p->lonely[i] =
                u[2] < ws__iv_apply(w, i, WS_TX_LONELY_ONSET, c->lone_on_h * hr_lonely(w, i));
    }
}

void ws__calib_health(ws_world *w)
{
    const ws_persons *p = &w->pers;
    ws_calib *c = &w->cal;
    const ws_params *P = w->p;
    double s_decl = 0, s_rec = 0, s_don = 0, s_lon = 0;
    long n_dist = 0, n_lone = 0;
    for (size_t k = 0; k < p->n; k++) {
        int32_t i = (int32_t)k;
        if (!p->alive[i] || p->age_m[i] < 18 * 12) continue;
        if (p->health[i])
            s_decl += hr_decline(w, i);
        else
            s_rec += p_recover(w, i);
        if (p->distress[i])
            n_dist++;
        else
            s_don += hr_distress(w, i);
        if (p->lonely[i])
            n_lone++;
        else
            s_lon += hr_lonely(w, i);
    }
    c->hlth_decl_h = s_decl > 0 ? s_rec / s_decl : 0;
    c->dist_off_h = ws__monthly(P->dist_off_p);
    c->dist_on_h = s_don > 0 ? c->dist_off_h * n_dist / s_don : 0;
    c->lone_off_h = ws__monthly(P->lone_off_p);
    c->lone_on_h = s_lon > 0 ? c->lone_off_h * n_lone / s_lon : 0;
    c->care0 = n_dist ? w->inst.care / (double)n_dist : 0;
}
