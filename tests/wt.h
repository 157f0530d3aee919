/* wt.h: the tiny test harness — one executable per topic, one ctest per case.
 *
 * A test file defines cases with WT_CASE(name) { ... } and ends with
 *   WT_MAIN(WT_REG(name1), WT_REG(name2), ...)
 * tests/CMakeLists.txt finds every WT_CASE in the file and registers "<topic>.<case>" as its
 * own ctest, run as `test_<topic> <case>`. Checks print both values and the place, then fail
 * the case (exit status 1). Without an argument the executable runs every case.
 */
#ifndef WT_H
#define WT_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct wt_entry {
    const char *name;
    void (*fn)(void);
} wt_entry;

#define WT_CASE(name) static void wt_case_##name(void)
#define WT_REG(name) {#name, wt_case_##name}

#define WT_FAIL(...)                                                                               \
    do {                                                                                           \
        fprintf(stderr, "%s:%d: ", __FILE__, __LINE__);                                            \
        fprintf(stderr, __VA_ARGS__);                                                              \
        fputc('\n', stderr);                                                                       \
        exit(1);                                                                                   \
    } while (0)

#define WT_CHECK(cond)                                                                             \
    do {                                                                                           \
        if (!(cond)) WT_FAIL("check failed: %s", #cond);                                           \
    } while (0)

#define WT_EQ_INT(a, b)                                                                            \
    do {                                                                                           \
        long long a_ = (long long)(a), b_ = (long long)(b);                                        \
        if (a_ != b_) WT_FAIL("%s == %s failed: %lld != %lld", #a, #b, a_, b_);                    \
    } while (0)

#define WT_EQ_STR(a, b)                                                                            \
    do {                                                                                           \
        const char *a_ = (a), *b_ = (b);                                                           \
        if (!a_ || !b_ || strcmp(a_, b_) != 0)                                                     \
            WT_FAIL("%s == %s failed: \"%s\" != \"%s\"", #a, #b, a_ ? a_ : "(null)",               \
                    b_ ? b_ : "(null)");                                                           \
    } while (0)

#define WT_NEAR(a, b, tol)                                                                         \
    do {                                                                                           \
        double a_ = (a), b_ = (b), t_ = (tol);                                                     \
        if (!(fabs(a_ - b_) <= t_))                                                                \
            WT_FAIL("|%s - %s| <= %s failed: %.6g vs %.6g (diff %.3g, tol %.3g)", #a, #b, #tol,    \
                    a_, b_, a_ - b_, t_);                                                          \
    } while (0)

#define WT_MAIN(...)                                                                               \
    int main(int argc, char **argv)                                                                \
    {                                                                                              \
        static const wt_entry wt_all[] = {__VA_ARGS__};                                            \
        int n_ = (int)(sizeof wt_all / sizeof wt_all[0]);                                          \
        int ran_ = 0;                                                                              \
        for (int i_ = 0; i_ < n_; i_++) {                                                          \
            if (argc > 1 && strcmp(argv[1], wt_all[i_].name) != 0) continue;                       \
            wt_all[i_].fn();                                                                       \
            ran_++;                                                                                \
            if (argc <= 1) printf("ok %s\n", wt_all[i_].name);                                     \
        }                                                                                          \
        if (!ran_) {                                                                               \
            fprintf(stderr, "no test case named %s\n", argc > 1 ? argv[1] : "(any)");              \
            return 1;                                                                              \
        }                                                                                          \
        return 0;                                                                                  \
    }

#endif
