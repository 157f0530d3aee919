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
 * give every decision its own purpose code.
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

/* Four independent 32-bit words for (id, month, purpose, idx). */
static inline philox4x32_ctr_t ws_rng_block(const ws_rng *r, uint32_t id, uint32_t month,
                                            uint32_t purpose, uint32_t idx)
{
    philox4x32_ctr_t c = {{id, month, purpose, idx}};
    return philox4x32(c, r->key);
}

/* Uniform on (0, 1) from a 32-bit word (never exactly 0 or 1). */
static inline double ws_u32_to_u01(uint32_t x)
{
    return ((double)x + 0.5) * (1.0 / 4294967296.0);
}

/* One uniform on (0, 1). */
static inline double ws_u01(const ws_rng *r, uint32_t id, uint32_t month, uint32_t purpose)
{
    return ws_u32_to_u01(ws_rng_block(r, id, month, purpose, 0).v[0]);
}

/* Four uniforms on (0, 1) for one decision that needs several. */
static inline void ws_u01x4(const ws_rng *r, uint32_t id, uint32_t month, uint32_t purpose,
                            uint32_t idx, double u[4])
{
    philox4x32_ctr_t b = ws_rng_block(r, id, month, purpose, idx);
    for (int i = 0; i < 4; i++) u[i] = ws_u32_to_u01(b.v[i]);
}

/* Standard normal from two uniforms (Box-Muller, first branch). */
static inline double ws_normal(double u1, double u2)
{
    return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}

#endif
