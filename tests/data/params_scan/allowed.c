/* allowed.c: literals the scan must pass, and one coefficient the allow-list names (line 20). */
#include "x9.h"
#define RATE_IN_COMMENT 1 /* 0.7 */

static const char *msg = "rate 3.5 per 1000";
static double table[37];

int f(int k, double x, const ws_params *fert_15_24)
{
    switch (k) {
    case 5: return 1;
    default: break;
    }
    char c = '7';
    double a = 1.0 * x + 0.50 * x + 1e0 * x + 12.0 * x + 100 * x + 1000.0 * x;
    double b = 0 * x + 0.0 * x + 2 * x - 1 * x + 12 * x;
    table[k % 37] = a + b + c;
    double u[4];
    ws_u01x4(u, 24);
    return (int)(x * 0.85) + (int)fert_15_24->v + msg[0];
}
