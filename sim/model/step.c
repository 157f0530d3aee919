/* step.c: one month of an area — the phases in their order, each followed by the world's
 * consistency check in a checking build.
 *
 * The order matters and is the model's: demography first (ageing, deaths, births, home-leavers;
 * the household index is rebuilt), then the interventions (places taken up this month act on
 * this month's hazards and institutions), education, work, household income (rebuilt once,
 * after the labour market moved), debt, health, safety, housing (moves and vacancies; the
 * index is rebuilt) and the neighbourhood aggregates the next month's hazards read. Every
 * phase runs serially in slot order. Called by the runs (run.c) and the burn-in (calibrate.c).
 */
#include "world.h"

/* After a phase: in a checking build (WS_CHECK), the world's consistency check; a violation
 * stops the step with WS_ERUNTIME and the phase named in w->fault. */
static int checked(ws_world *w, const char *phase)
{
    if (!WS_WORLD_CHECKING) return 0;
    w->checks++;
    ws_error e;
    ws_error_clear(&e);
    int rc = ws__world_check(w, &e);
    if (rc)
        ws_error_set(&w->fault, rc, NULL, 0, NULL, "consistency check after the %s phase of "
                     "month %d in area '%s': %s", phase, w->month, w->area->id, e.msg);
    return rc;
}

int ws__world_step(ws_world *w)
{
    /* Income is rebuilt once a month, after the labour market moved (ws__household_income);
     * the phases before it see last month's incomes. In-movers get theirs on arrival; a
     * household a home-leaver forms in the housing phase has income 0 (and the parents keep
     * the leaver's share) until next month's rebuild. */
    if (w->calib) ws__calibration_month(w);
    int rc = ws__phase_demography(w);
    if (!rc) rc = checked(w, "demography");
    if (!rc && w->iv) { /* interventions: before the phases whose hazards they change */
        rc = ws__phase_interventions(w);
        if (!rc) rc = checked(w, "interventions");
    }
    if (rc) return rc;
    ws__phase_education(w);
    if ((rc = checked(w, "education"))) return rc;
    ws__phase_work(w);
    if ((rc = checked(w, "work"))) return rc;
    ws__household_income(w);
    if ((rc = checked(w, "household income"))) return rc;
    ws__phase_debt(w);
    if ((rc = checked(w, "debt"))) return rc;
    ws__phase_health(w);
    if ((rc = checked(w, "health"))) return rc;
    ws__phase_safety(w);
    if ((rc = checked(w, "safety"))) return rc;
    rc = ws__phase_housing(w);
    if (!rc) rc = checked(w, "housing");
    if (rc) return rc;
    ws__phase_neighbourhood(w);
    if ((rc = checked(w, "neighbourhood"))) return rc;
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
