/* spelling.c: one flagged literal per line, each in another spelling. */
#define RATE 0.35
double g(double x)
{
    x *= 2.0;
    x *= 1.5e1;
    x *= 25;
    x *= 0x10;
    x *= .25f;
    return x * 1.05;
}
