/* bare.c: a phase with one bare coefficient (line 7); params_scan.py must name it. */
#include "world.h"

double onset(const ws_world *w, double x)
{
    double r = w->p->off_hr_male * x; /* 0.35 in a comment is not code */
    return r * 0.35;
}
