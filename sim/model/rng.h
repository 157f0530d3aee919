/* rng.h: counter-based random numbers (Philox4x32-10) — no global state, no streams to carry.
 *
 * A draw is a pure function of key = (seed, replication, area) and counter = (entity slot,
 * month, purpose, index). Any thread may draw any number at any time and get the same value,
 * so results do not depend on the number of threads or on the order of evaluation.
 * Common random numbers: the entity id is a slot (person, household or dwelling), not a
 * person's identity. A baseline and an option draw exactly the same numbers for as long as
 * their worlds have not diverged (an area no option touches stays bit-identical); once an
 * intervention changes who dies, is born or moves, slots are freed and reused in a different
 * order and the same slot may hold different persons in the two runs, so later draws are
 * paired by slot, not by person. Never reuse a (id, month, purpose, index) for two decisions:
 * give every decision its own purpose code; and never use one uniform for two decisions (no
 * rescaling such as fmod(u * k, 1)): draw another word or block instead.
 *
 * Tracing (tests only): built with WS_RNG_TRACE defined, every draw calls
 * ws__rng_trace(key, counter, call site) before it is made, and the test that links the traced
 * build defines that function (tests/test_rng.c checks that no counter serves two decisions).
 * ws_rng_block, ws_u01 and ws_u01x4 are then macros that pass the caller's file, line and
 * function; without WS_RNG_TRACE the same macros expand to the plain inline functions.
 */
#ifndef WS_RNG_H
#define WS_RNG_H

#include <math.h>
#include <stdint.h>

#include <Random123/philox.h>

/* Purposes: one per kind of decision. Append only (changing the order changes all results). */
enum ws_purpose {
    WS_RP_MORTALITY = 1,
    WS_RP_BIRTH,
    WS_RP_BIRTH_SEX,
    WS_RP_LEAVE_HOME,
    WS_RP_LEAVE_AREA,
    WS_RP_ACHIEVE,
    WS_RP_DROPOUT,
    WS_RP_SCHOOL_CONT,
    WS_RP_LABOUR,
    WS_RP_EARNINGS,
    WS_RP_DEBT,
    WS_RP_HEALTH,
    WS_RP_DISTRESS,
    WS_RP_LONELY,
    WS_RP_OFFEND,
    WS_RP_OFFENCE,
    WS_RP_NETWORK,
    WS_RP_VICTIM,
    WS_RP_UNSAFE,
    WS_RP_MOVE,
    WS_RP_FILL,
    WS_RP_QUALITY,
    WS_RP_SYNTH_HH,     /* synthesis of a household (initial or in-mover) */
    WS_RP_SYNTH_PERSON, /* synthesis of a person's attributes */
    WS_RP_SYNTH_DWELLING,
    WS_RP_NBH,
    WS_RP_RETURN_SCHOOL,
    WS_RP_IV_EFFECT,    /* interventions: effect drawn once per (replication, intervention) */
    WS_RP_IV_TAKEUP,    /* interventions: would the eligible person take up a place */
    WS_RP_IV_ORDER,     /* interventions: random priority order */
    WS_RP_IV_COMPLETE,  /* interventions: completion drawn at entry */
    WS_RP_IV_ALLOC,     /* allocation rule: is a letting covered (index 0), is the a-th applicant
                           refused (index 1 + a) */
    WS_RP_SEEK_GIVE_UP, /* a home-leaver waiting for a dwelling gives up and leaves the area
                           (its own draw: LEAVE_AREA decided, the same month, that they stay) */
    WS_RP_LEAVER_WORK,  /* a pupil leaving secondary with a qualification starts in work (its
                           own draw: ACHIEVE words 0 and 1 moved achievement this month) */
    WS_RP_N             /* one past the last purpose: append new ones above this line */
};

typedef struct ws_rng {
    philox4x32_key_t key;
} ws_rng;

/* Key for (seed, replication, area index in the area file). */
static inline ws_rng ws_rng_make(uint32_t seed, uint32_t rep, uint32_t area)
{
    ws_rng r;
    r.key.v[0] = seed;
    r.key.v[1] = (rep & 0xFFFFFu) | (area << 20);
    return r;
}

#ifdef WS_RNG_TRACE
/* Called once per block drawn (a ws_u01x4 or ws_u01 is one block), from the call site
 * file:line in function func. Defined by the test that links the traced build, not here. */
void ws__rng_trace(const ws_rng *r, uint32_t id, uint32_t month, uint32_t purpose, uint32_t idx,
                   const char *file, int line, const char *func);
#define WS__RNG_SITE_PARAMS , const char *site_file, int site_line, const char *site_func
#define WS__RNG_SITE_PASS , site_file, site_line, site_func
#define WS__RNG_SITE_HERE , __FILE__, __LINE__, __func__
#define WS__RNG_TRACE_CALL(r, id, month, purpose, idx)                                             \
    ws__rng_trace(r, id, month, purpose, idx, site_file, site_line, site_func)
#else
#define WS__RNG_SITE_PARAMS
#define WS__RNG_SITE_PASS
#define WS__RNG_SITE_HERE
#define WS__RNG_TRACE_CALL(r, id, month, purpose, idx) ((void)0)
#endif

/* Four independent 32-bit words for (id, month, purpose, idx): ws_rng_block(r, id, month,
 * purpose, idx). */
static inline philox4x32_ctr_t ws__rng_block(const ws_rng *r, uint32_t id, uint32_t month,
                                             uint32_t purpose, uint32_t idx WS__RNG_SITE_PARAMS)
{
    WS__RNG_TRACE_CALL(r, id, month, purpose, idx);
    philox4x32_ctr_t c = {{id, month, purpose, idx}};
    return philox4x32(c, r->key);
}
#define ws_rng_block(r, id, month, purpose, idx)                                                   \
    ws__rng_block((r), (id), (month), (purpose), (idx) WS__RNG_SITE_HERE)

/* Uniform on (0, 1) from a 32-bit word (never exactly 0 or 1). */
static inline double ws_u32_to_u01(uint32_t x)
{
    return ((double)x + 0.5) * (1.0 / 4294967296.0);
}

/* One uniform on (0, 1): ws_u01(r, id, month, purpose), word 0 of block (.., purpose, 0). */
static inline double ws__u01(const ws_rng *r, uint32_t id, uint32_t month,
                             uint32_t purpose WS__RNG_SITE_PARAMS)
{
    return ws_u32_to_u01(ws__rng_block(r, id, month, purpose, 0 WS__RNG_SITE_PASS).v[0]);
}
#define ws_u01(r, id, month, purpose) ws__u01((r), (id), (month), (purpose) WS__RNG_SITE_HERE)

/* Four uniforms on (0, 1) for one decision that needs several, or for several decisions that
 * each take their own word: ws_u01x4(r, id, month, purpose, idx, u). */
static inline void ws__u01x4(const ws_rng *r, uint32_t id, uint32_t month, uint32_t purpose,
                             uint32_t idx, double u[4] WS__RNG_SITE_PARAMS)
{
    philox4x32_ctr_t b = ws__rng_block(r, id, month, purpose, idx WS__RNG_SITE_PASS);
    for (int i = 0; i < 4; i++) u[i] = ws_u32_to_u01(b.v[i]);
}
#define ws_u01x4(r, id, month, purpose, idx, u)                                                    \
    ws__u01x4((r), (id), (month), (purpose), (idx), (u) WS__RNG_SITE_HERE)

/* Standard normal from two uniforms (Box-Muller, first branch). */
static inline double ws_normal(double u1, double u2)
{
    return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}

#endif
