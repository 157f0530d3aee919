/* work.c: work, income, poverty and debt — labour-market transitions, household income,
 * the low-income and bijstand flags, and problematic debt.
 *
 * Labour states move by monthly hazards (employed <-> unemployed, unemployed -> bijstand when
 * the household has no earner, bijstand -> work or inactivity, inactivity -> job search, and
 * from work, unemployment, bijstand or inactivity to disability in poor health). Each hazard
 * is a base rate times hazard ratios of the person; the base rates are solved at the start
 * (ws__calib_work) so the starting stocks balance.
 * Income is rebuilt from earnings and benefits every month; debt onset follows low income,
 * joblessness and single parenthood, exit follows the debt service's capacity per case.
 */
#include "world.h"

#include <math.h>

double ws__earnings(const ws_world *w, int32_t i)
{
    const ws_params *P = w->p;
    const ws_persons *p = &w->pers;
    double m = p->attain[i] == WS_AT_HIGH  ? P->work_earn_high
               : p->attain[i] == WS_AT_MID ? P->work_earn_mid
                                           : P->work_earn_low;
    int age = p->age_m[i] / 12;
    double prof = age < 25   ? P->work_earn_age_u25
                  : age < 35 ? P->work_earn_age_25_34
                  : age < 55 ? P->work_earn_age_35_54
                             : 1.0;
    return m * prof * p->earn[i];
}

/* Benefits and earnings of one household -> income, lowinc, bijstand. */
void ws__income_one(ws_world *w, int32_t h, const int32_t *mem, int nm)
{
    const ws_params *P = w->p;
    const ws_persons *p = &w->pers;
    double inc = 0;
    int adults = 0, kids = 0, retired = 0, bij = 0, earners = 0, students = 0;
    for (int j = 0; j < nm; j++) {
        int32_t i = mem[j];
        if (p->age_m[i] < 18 * 12) {
            kids++;
            continue;
        }
        adults++;
        switch (p->labour[i]) {
        case WS_LB_EMPLOYED:
            inc += ws__earnings(w, i);
            earners++;
            break;
        case WS_LB_UNEMPLOYED: inc += P->ben_ww_repl * ws__earnings(w, i); break;
        case WS_LB_BIJSTAND: bij++; break;
        case WS_LB_DISABLED: inc += P->ben_disability; break;
        case WS_LB_STUDENT:
            inc += P->ben_student; /* student finance and side jobs */
            students++;
            break;
        case WS_LB_RETIRED: {
            retired++;
            double pen = P->ben_pension_mid * (p->attain[i] == WS_AT_HIGH  ? P->ben_pension_high
                                               : p->attain[i] == WS_AT_MID ? 1.0
                                                                           : P->ben_pension_low);
            inc += pen;
            break;
        }
        default: break;
        }
    }
    inc += retired == 1 ? P->ben_aow : retired * P->ben_aow_couple * P->ben_aow;
    if (bij) {
        double norm = adults >= 2 ? P->ben_bijstand_couple : P->ben_bijstand_single;
        if (inc < norm) inc = norm; /* bijstand tops up to the norm */
    }
    inc += P->ben_child * kids;
    /* housing and care allowances for low incomes, tapering off between the line and
     * (1 + ben_allowance_taper) x the line */
    double line = ws__poverty_line(P, adults > 0 ? adults : 1, kids);
    double top = 1 + P->ben_allowance_taper;
    if (inc < top * line)
        inc += P->ben_allowance *
               (inc < line ? 1.0 : (top * line - inc) / (P->ben_allowance_taper * line));
    w->hh.income[h] = (float)inc;
    w->hh.bijstand[h] = bij > 0;
    /* CBS leaves student households out of its low-income figures */
    w->hh.student[h] = adults > 0 && students == adults;
    w->hh.lowinc[h] = !w->hh.student[h] && inc < line;
    (void)earners;
}

void ws__household_income(ws_world *w)
{
    ws_households *H = &w->hh;
    for (size_t h = 0; h < H->n; h++)
        if (H->alive[h]) ws__income_one(w, (int32_t)h, w->members + H->first[h], H->nmem[h]);
}

/* Hazard ratios --------------------------------------------------------------------------- */

static double hr_loss(const ws_world *w, int32_t i)
{
    const ws_params *P = w->p;
    const ws_persons *p = &w->pers;
    double r = 1;
    if (p->attain[i] <= WS_AT_LOW) r *= P->work_loss_hr_low;
    if (p->age_m[i] < 25 * 12) r *= P->work_loss_hr_young;
    if (!p->health[i]) r *= P->work_loss_hr_health;
    if (w->hh.nkids[p->hh[i]] > 0) r *= w->cal.loss_par; /* the burn-in's parents' ratio */
    return r;
}

double ws__x_employ_parent(const ws_world *w, int32_t h)
{
    const ws_households *H = &w->hh;
    if (H->nkids[h] <= 0) return 0;
    if (H->type[h] == WS_HT_SINGLE_PARENT)
        return w->p->syn_emp_single_parent + w->cal.syn_emp_kids;
    return H->type[h] == WS_HT_COUPLE_KIDS ? w->cal.syn_emp_kids : 0;
}

/* Job-finding hazard ratio (also used for bijstand outflow to work). The parents' shift of the
 * synthesis (ws__x_employ_parent) enters as a ratio exp(shift): with job loss unchanged, a
 * ratio r on finding moves the odds of work of the unemployed at the balance by r. That alone
 * did not keep the gap between parents and others the synthesis drew (most parents without
 * work are inactive, and who becomes or stays a parent changes it): the burn-in's parents'
 * ratio on job loss and re-activation holds it (calibrate.c, AL_KEMP). */
double ws__hr_find(const ws_world *w, int32_t i)
{
    const ws_params *P = w->p;
    const ws_persons *p = &w->pers;
    double r = 1;
    if (p->attain[i] <= WS_AT_LOW) r *= P->work_find_hr_low;
    if (p->attain[i] == WS_AT_HIGH) r *= P->work_find_hr_high;
    if (p->flags[i] & WS_PF_LANGUAGE) r *= P->work_find_hr_language;
    if (p->age_m[i] >= 55 * 12) r *= P->work_find_hr_55;
    if (!p->health[i]) r *= P->work_find_hr_health;
    if (p->distress[i]) r *= P->work_find_hr_distress;
    double par = ws__x_employ_parent(w, p->hh[i]);
    if (par != 0) r *= exp(par);
    return r * w->dur_tab[p->lab_m[i] > 60 ? 60 : p->lab_m[i]];
}

static bool in_labour_age(const ws_world *w, int32_t i)
{
    const ws_persons *p = &w->pers;
    return p->age_m[i] >= 18 * 12 && p->age_m[i] < WS_AOW_AGE_M && p->stage[i] == WS_ST_DONE;
}

bool ws__hh_no_income(const ws_world *w, int32_t h)
{
    const int32_t *mem = w->members + w->hh.first[h];
    int adults = 0;
    for (int32_t j = 0; j < w->hh.nmem[h]; j++) {
        int32_t i = mem[j];
        if (w->pers.age_m[i] < 18 * 12) continue;
        adults++;
        if (w->pers.labour[i] != WS_LB_INACTIVE) return false;
    }
    return adults > 0;
}

/* Marks households with an employed member in w->scratch (1/0). */
static void mark_earners(ws_world *w)
{
    ws_households *H = &w->hh;
    for (size_t h = 0; h < H->n; h++) w->scratch[h] = 0;
    for (size_t i = 0; i < w->pers.n; i++)
        if (w->pers.alive[i] && w->pers.labour[i] == WS_LB_EMPLOYED) w->scratch[w->pers.hh[i]] = 1;
}

void ws__phase_work(ws_world *w)
{
    ws_persons *p = &w->pers;
    const ws_calib *c = &w->cal;
    const ws_params *P = w->p;
    mark_earners(w);
    uint32_t m = (uint32_t)w->month;
    for (size_t k = 0; k < p->n; k++) {
        int32_t i = (int32_t)k;
        if (!p->alive[i] || !in_labour_age(w, i)) continue;
        double u = ws_u01(&w->rng, (uint32_t)i, m, WS_RP_LABOUR);
        uint8_t s = p->labour[i], ns = s;
        double dis = p->health[i] ? 0 : c->dis_h;
        switch (s) {
        case WS_LB_EMPLOYED: {
            double pl = ws__iv_apply(w, i, WS_TX_JOB_LOSS, c->loss_h * hr_loss(w, i));
            if (u < pl) ns = WS_LB_UNEMPLOYED;
            else if (u < pl + dis) ns = WS_LB_DISABLED;
            break;
        }
        case WS_LB_UNEMPLOYED: {
            double pf =
                ws__hprob(ws__iv_apply(w, i, WS_TX_JOB_FINDING, c->find_h * ws__hr_find(w, i)));
            double pb = w->scratch[p->hh[i]] ? 0 : c->bij_in_h;
            if (u < pf) ns = WS_LB_EMPLOYED;
            else if (u < pf + pb) ns = WS_LB_BIJSTAND;
            else if (u < pf + pb + dis) ns = WS_LB_DISABLED;
            break;
        }
        case WS_LB_BIJSTAND: {
            double hw = c->bij_out_h * P->work_bij_work_share * ws__hr_find(w, i);
            hw = ws__iv_apply(w, i, WS_TX_BIJSTAND_EXIT, ws__iv_apply(w, i, WS_TX_JOB_FINDING, hw));
            double pw = ws__hprob(hw);
            double pi = ws__iv_apply(w, i, WS_TX_BIJSTAND_EXIT,
                                     c->bij_out_h * (1 - P->work_bij_work_share));
            if (u < pw) ns = WS_LB_EMPLOYED;
            else if (u < pw + pi) ns = WS_LB_INACTIVE;
            else if (u < pw + pi + dis) ns = WS_LB_DISABLED;
            break;
        }
        case WS_LB_INACTIVE: {
            double pr = c->react_h;
            if (c->react_noinc != 1 && ws__hh_no_income(w, p->hh[i])) pr *= c->react_noinc;
            if (w->hh.nkids[p->hh[i]] > 0) pr /= c->loss_par; /* parents: as hr_loss */
            if (pr > 1) pr = 1;
            if (u < pr) ns = WS_LB_UNEMPLOYED;
            else if (u < pr + dis) ns = WS_LB_DISABLED;
            break;
        }
        default: break;
        }
        if (ns != s) {
            p->labour[i] = ns;
            p->lab_m[i] = 0;
        } else if (p->lab_m[i] < 65535) {
            p->lab_m[i]++;
        }
    }
}

/* Debt ------------------------------------------------------------------------------------ */

static double hr_debt(const ws_world *w, int32_t h)
{
    const ws_params *P = w->p;
    double r = 1;
    if (w->hh.lowinc[h]) r *= P->debt_hr_lowinc;
    if (!w->scratch[h]) r *= P->debt_hr_joblessness;
    if (w->hh.type[h] == WS_HT_SINGLE_PARENT) r *= P->debt_hr_single_parent;
    return r;
}

/* Risk functions (transitions.def) ------------------------------------------------------- */

/* job_finding, bijstand_exit: the job-finding hazard ratio (lowest first). */
double ws__risk_job_finding(const ws_world *w, int32_t i)
{
    return ws__hr_find(w, i);
}

/* job_loss: the job-loss hazard ratio. */
double ws__risk_job_loss(const ws_world *w, int32_t i)
{
    return hr_loss(w, i);
}

/* debt_onset, debt_exit: the debt-onset hazard ratio of person i's household, as hr_debt with
 * the earner looked up in the household index instead of the phase's scratch marks. */
double ws__risk_debt_onset(const ws_world *w, int32_t i)
{
    const ws_params *P = w->p;
    int32_t hh = w->pers.hh[i];
    bool earner = false;
    for (int32_t j = 0; j < w->hh.nmem[hh]; j++)
        earner |= w->pers.labour[w->members[w->hh.first[hh] + j]] == WS_LB_EMPLOYED;
    double r = 1;
    if (w->hh.lowinc[hh]) r *= P->debt_hr_lowinc;
    if (!earner) r *= P->debt_hr_joblessness;
    if (w->hh.type[hh] == WS_HT_SINGLE_PARENT) r *= P->debt_hr_single_parent;
    return r;
}

/* Debt-service capacity per household in debt, relative to the start. */
static double debt_service_factor(const ws_world *w, long in_debt)
{
    if (w->cal.debt_serv0 <= 0 || in_debt <= 0) return 1;
    double r = w->inst.debt_service / (double)in_debt / w->cal.debt_serv0;
    return pow(r, w->p->debt_service_elast);
}

void ws__phase_debt(ws_world *w)
{
    ws_households *H = &w->hh;
    mark_earners(w);
    long in_debt = 0;
    for (size_t h = 0; h < H->n; h++) in_debt += H->alive[h] && H->debt[h];
    double off = w->cal.debt_off_h * debt_service_factor(w, in_debt);
    uint32_t m = (uint32_t)w->month;
    for (size_t h = 0; h < H->n; h++) {
        if (!H->alive[h]) continue;
        double u = ws_u01(&w->rng, (uint32_t)h, m, WS_RP_DEBT);
        if (H->debt[h])
            H->debt[h] = !(u < ws__iv_apply_hh(w, (int32_t)h, WS_TX_DEBT_EXIT, off));
        else
            H->debt[h] = u < ws__iv_apply_hh(w, (int32_t)h, WS_TX_DEBT_ONSET,
                                             w->cal.debt_on_h * hr_debt(w, (int32_t)h));
    }
}

/* Calibration ----------------------------------------------------------------------------- */

void ws__calib_work(ws_world *w)
{
    const ws_params *P = w->p;
    const ws_persons *p = &w->pers;
    ws_calib *c = &w->cal;
    double sum_loss = 0, sum_find_u = 0, sum_find_b = 0;
    long nU = 0, nU_noearn = 0, nB = 0, nI = 0, nD66 = 0, n_poor = 0;
    mark_earners(w);
    for (size_t k = 0; k < p->n; k++) {
        int32_t i = (int32_t)k;
        if (!p->alive[i] || !in_labour_age(w, i)) continue;
        switch (p->labour[i]) {
        case WS_LB_EMPLOYED: sum_loss += hr_loss(w, i); break;
        case WS_LB_UNEMPLOYED:
            nU++;
            sum_find_u += ws__hr_find(w, i);
            if (!w->scratch[p->hh[i]]) nU_noearn++;
            break;
        case WS_LB_BIJSTAND:
            nB++;
            sum_find_b += ws__hr_find(w, i);
            break;
        case WS_LB_INACTIVE: nI++; break;
        case WS_LB_DISABLED:
            if (p->age_m[i] >= WS_AOW_AGE_M - 12) nD66++;
            break;
        default: break;
        }
        if (!p->health[i] && p->labour[i] != WS_LB_DISABLED) n_poor++;
    }
    c->loss_h = P->work_loss_p;
    c->bij_out_h = P->work_bij_out_p;
    /* bijstand inflow balances its outflow */
    c->bij_in_h = nU_noearn ? c->bij_out_h * (double)nB / (double)nU_noearn : 0;
    if (c->bij_in_h > P->work_bij_in_max) c->bij_in_h = P->work_bij_in_max;
    /* inactivity: re-activation balances the inflow from bijstand */
    c->react_h = nI ? c->bij_out_h * (1 - P->work_bij_work_share) * nB / (double)nI : 0;
    /* disability inflow replaces those reaching pension age, spread over everyone in the
     * labour ages in poor health who is not disabled (as the phase applies it) */
    c->dis_h = n_poor ? (double)nD66 / 12.0 / (double)n_poor : 0;
    /* job finding balances job loss net of bijstand outflow to work */
    double out_e = c->loss_h * sum_loss;
    double in_b = c->bij_out_h * P->work_bij_work_share * sum_find_b;
    double need = out_e - in_b;
    double floor_need = P->work_find_need_min * out_e;
    if (need < floor_need) need = floor_need;
    c->find_h = sum_find_u > 0 ? need / sum_find_u : P->work_find_default;
    if (c->find_h > 0.5) c->find_h = 0.5;
    /* debt: onset balances exit at the starting capacity */
    ws_households *H = &w->hh;
    double sum_on = 0;
    long nd = 0;
    for (size_t h = 0; h < H->n; h++) {
        if (!H->alive[h]) continue;
        if (H->debt[h])
            nd++;
        else
            sum_on += hr_debt(w, (int32_t)h);
    }
    c->debt_off_h = ws__monthly(P->debt_off_p);
    c->debt_on_h = sum_on > 0 ? c->debt_off_h * (double)nd / sum_on : 0;
    c->debt_serv0 = nd ? w->inst.debt_service / (double)nd : 0;
}
