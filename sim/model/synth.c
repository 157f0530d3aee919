/* synth.c: the starting world of an area — dwellings, neighbourhoods, institutions and a
 * synthetic population whose marginals match the area data — and the in-mover generator.
 *
 * Method. Households are generated per occupied dwelling from the area's household-type
 * shares. On a pilot population (iterative proportional fitting) the number of children is
 * fitted to the share of 0-14, the extra adults of couples without children to the mean
 * household size (residents per occupied dwelling), and the age weights of adults to the
 * bands 15-24 .. 65+. Each attribute (attainment, health, language, work, bijstand, debt,
 * loneliness, distress, offending, unsafety) is then drawn from a logistic model whose
 * covariates make it correlate with the others as the evidence says, and whose intercept is
 * solved on this population so the area's share is met in expectation (language: its share
 * directly, no covariates); earnings are log-normal with a level (earn_factor) solved so the
 * low-income share holds, and income follows from earnings and benefits. The intercepts are
 * kept (w->cal.syn_*) and reused for households that move in later, with the in-mover tilts
 * and the allocation shift of the dwelling's tenure.
 * All draws are keyed by (dwelling, month, purpose, index): synthesis is deterministic and
 * independent of threads.
 */
#include "world.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SYN_MONTH 0xFFFFFFF0u /* month code of the initial synthesis */
#define MAX_MEMBERS WS_MAX_MEMBERS

/* Age limits (years) that are definitions, not model coefficients (those are in params.def).
 * age_band_lo: the area data's age bands 0-14, 15-24, 25-44, 45-64, 65+ (CBS); AGE_OLD its
 * oldest. AGE_ADULT: the age of majority, when the qualification duty (kwalificatieplicht)
 * ends. AGE_SCHOOL: primary school starts at 4. AGE_LEAVE: full-time compulsory schooling ends
 * at 16, from when a pupil is a student in the labour statistics and may leave school.
 * AGE_ATTAIN: attainment is drawn for adults 25+ (CBS measures it from 25); younger persons get
 * theirs from their education. AGE_YOUTH_END: youth offending is counted at 12-24, AGE_NET:
 * network members at 16-34 (indicators.def). AGE_SURVEY: feeling unsafe and victimisation
 * count residents 15+ (Veiligheidsmonitor). AGE_LONELY_OLD: the age band of lone_hr_75. */
#define AGE_N_BANDS 5
#define AGE_OLD 65
#define AGE_ADULT 18
#define AGE_SCHOOL 4
#define AGE_LEAVE 16
#define AGE_ATTAIN 25
#define AGE_YOUTH_END 25
#define AGE_SURVEY 15
#define AGE_NET 16
#define AGE_LONELY_OLD 75

/* Numerical and storage settings, not model numbers. */
#define NUM_MIN_SHARE 0.01      /* a household type or tenure below 1 % is not fitted on */
#define NUM_ACH_Q_MIN 0.05      /* a low-advice quantile this close to 0 gives no spread */
#define NUM_EARN_STEPS 18       /* bisection steps of the earnings level (2^-18 of its bracket) */
#define NUM_OFFEND_STEPS 50     /* bisection steps of the offending prevalence */
#define NUM_OFFEND_MAX 0.9      /* upper bracket of the offending prevalence */
#define NUM_NBH_SAMPLE 64       /* dwellings sampled per area to solve the social-rent offset */
#define NUM_PERSONS_RESERVE 1.3 /* first person capacity per resident (grows when needed) */
#define NUM_SLOTS_SLACK 64      /* extra person slots reserved */
#define NUM_HH_SLACK 16         /* extra household slots reserved beyond the dwellings */

static const int age_band_lo[AGE_N_BANDS] = {0, 15, 25, 45, 65};
enum { N_ADULT_BANDS = AGE_N_BANDS - 1, B_OLD = N_ADULT_BANDS - 1 }; /* bands from 15 */

/* The demographic skeleton of one household before attributes are drawn. */
typedef struct skel {
    int type;
    int n;
    int age_m[MAX_MEMBERS];
    int sex[MAX_MEMBERS];
    int adult[MAX_MEMBERS]; /* 1 = parent/partner/single, 0 = child of the household */
} skel;

/* Age band 0..4 (0-14, 15-24, 25-44, 45-64, 65+) of an age in years. */
static int age_band(int years)
{
    int b = AGE_N_BANDS - 1;
    while (b > 0 && years < age_band_lo[b])
        b--;
    return b;
}

/* Poisson draw by inversion from one uniform (small means only), truncated at kmax. */
static int poisson(double lambda, double u, int kmax)
{
    double p = exp(-lambda), c = p;
    int k = 0;
    while (u > c && k < kmax) {
        k++;
        p *= lambda / k;
        c += p;
    }
    return k;
}

/* Draws an adult age (years) from the band weights of 18-24, 25-44, 45-64 and 65+: uniform
 * inside the bands below 65; from 65 the ages follow the world's old_cdf (the stationary
 * survival of the area's mortality). */
static int adult_age(const ws_world *w, const double wband[N_ADULT_BANDS], double u1, double u2)
{
    double tot = wband[0] + wband[1] + wband[2] + wband[3], c = 0;
    int b = B_OLD;
    for (int k = 0; k < N_ADULT_BANDS; k++) {
        c += wband[k] / tot;
        if (u1 < c) {
            b = k;
            break;
        }
    }
    if (b == B_OLD) {
        int k = 0;
        while (k < WS_OLD_YEARS - 1 && u2 > w->old_cdf[k]) k++;
        return AGE_OLD + k;
    }
    int lo = b == 0 ? AGE_ADULT : age_band_lo[b + 1], hi = age_band_lo[b + 2];
    return lo + (int)(u2 * (hi - lo));
}

/* Ages inside the open 65+ band. The area data give only the 65+ share; the ages inside it
 * are taken from the life table the model itself applies (NL band mortality times the area's
 * mortality ratio, 2.5 times from 95), i.e. the density is the survival from 65. A steeper or
 * flatter profile is not an equilibrium of the mortality phase: with the earlier
 * exp(-(age - 65) / 9) profile the 65-79 density fell 11 %/yr against a mortality of about
 * 3 %/yr, so too few persons aged into 80+ to replace its deaths, the 80+ share fell by a
 * third in five years and the crude death rate with it (12.3 -> 9.8 per 1000). */
static void old_age_table(ws_world *w)
{
    double s = 1, cum = 0, mass[WS_OLD_YEARS];
    for (int k = 0; k < WS_OLD_YEARS; k++) {
        double q = ws__mort_q_age(w->p, AGE_OLD + k) * w->area->mortality_ratio;
        if (q > w->p->mort_q_max) q = w->p->mort_q_max;
        mass[k] = s * (1 - 0.5 * q); /* person-years lived in the year of age */
        cum += mass[k];
        s *= 1 - q;
    }
    double c = 0;
    for (int k = 0; k < WS_OLD_YEARS; k++) {
        c += mass[k] / cum;
        w->old_cdf[k] = c;
    }
    w->old_cdf[WS_OLD_YEARS - 1] = 1;
}

/* Generates the household skeleton for dwelling d. Every draw is keyed by (d, month):
 * WS_RP_SYNTH_HH blocks 0-2 (type and adults), 3-8 (children), 22 (extra adults). */
static void gen_skeleton(const ws_world *w, uint32_t d, uint32_t month, bool in_mover, skel *s)
{
    const ws_area *a = w->area;
    const ws_params *P = w->p;
    double u[4], v[4], x[4];
    ws_u01x4(&w->rng, d, month, WS_RP_SYNTH_HH, 0, u);
    ws_u01x4(&w->rng, d, month, WS_RP_SYNTH_HH, 1, v);
    ws_u01x4(&w->rng, d, month, WS_RP_SYNTH_HH, 2, x);
    double p1 = a->hh_one_person / 100, p2 = a->hh_single_parent / 100,
           p3 = a->hh_couple_children / 100;
    if (in_mover && w->cal.inmove_family != 1) { /* reweight family types among in-movers */
        double f = w->cal.inmove_family, tot = p1 + (p2 + p3) * f + (1 - p1 - p2 - p3);
        p1 /= tot;
        p2 *= f / tot;
        p3 *= f / tot;
    }
    int type = u[0] < p1 ? WS_HT_SINGLE
               : u[0] < p1 + p2 ? WS_HT_SINGLE_PARENT
               : u[0] < p1 + p2 + p3 ? WS_HT_COUPLE_KIDS
                                      : WS_HT_COUPLE;
    memset(s, 0, sizeof *s);
    s->type = type;
    double wb[4];
    for (int k = 0; k < N_ADULT_BANDS; k++)
        wb[k] = w->cal.syn_adult_w[k];
    if (in_mover) { /* movers are young: tilt the adult ages by inmove_young per band */
        double t = w->cal.inmove_young;
        wb[0] *= t * t * w->cal.inmove_ya;
        wb[1] *= t;
        wb[2] /= t;
        wb[3] /= t * t;
    }
    if (type == WS_HT_SINGLE || type == WS_HT_COUPLE) {
        /* singles and couples without children: one adult age from the fitted band
         * weights */
        int age = adult_age(w, wb, u[1], u[2]);
        s->age_m[0] = age * 12 + (int)(u[3] * 12);
        s->sex[0] = v[0] < (age >= P->syn_old_female_age ? P->syn_old_female_share : 0.5)
                        ? WS_SEX_FEMALE
                        : WS_SEX_MALE;
        s->adult[0] = 1;
        s->n = 1;
        if (type == WS_HT_COUPLE) {
            int age2 = age + (int)((v[1] - 0.5) * P->syn_partner_age_spread);
            if (age2 < AGE_ADULT) age2 = AGE_ADULT;
            s->age_m[1] = age2 * 12 + (int)(v[2] * 12);
            s->sex[1] = 1 - s->sex[0];
            s->adult[1] = 1;
            s->n = 2;
            /* other multi-person households: adult children or housemates aged
             * syn_extra_age_min .. + syn_extra_age_span - 1 (18-29; age from x[2 + k]; sex and
             * month of birth from their own block) */
            double pe = w->cal.syn_extra, y[4];
            if (x[0] < pe) ws_u01x4(&w->rng, d, month, WS_RP_SYNTH_HH, 22, y);
            for (int k = 0; k < 2 && x[k] < pe - k; k++) {
                s->age_m[s->n] =
                    ((int)P->syn_extra_age_min + (int)(x[2 + k] * P->syn_extra_age_span)) * 12 +
                    (int)(y[2 + k] * 12);
                s->sex[s->n] = y[k] < 0.5 ? WS_SEX_MALE : WS_SEX_FEMALE;
                s->adult[s->n] = 0;
                s->n++;
            }
        }
        return;
    }
    /* families: children first (oldest child age), then parent ages from it */
    int kids = 1 + poisson(w->cal.syn_kids_lambda, u[1], (int)P->syn_kids_extra_max);
    if (kids > MAX_MEMBERS - 2) kids = MAX_MEMBERS - 2;
    /* oldest child's age: mostly a minor; some adult children still at home */
    int oldest =
        (int)(u[2] * AGE_ADULT / (in_mover && w->cal.inmove_young > 1 ? w->cal.inmove_young : 1));
    if (u[3] < w->cal.syn_adult_kid) oldest = AGE_ADULT + (int)(v[0] * P->syn_adult_kid_span);
    int parents = type == WS_HT_COUPLE_KIDS ? 2 : 1;
    int mother_age = oldest + (int)P->syn_mother_age_min + (int)(v[1] * P->syn_mother_age_span);
    for (int k = 0; k < parents; k++) {
        int age = mother_age +
                  (k == 1 ? (int)((v[2] - P->syn_father_below) * P->syn_father_age_span) : 0);
        s->age_m[s->n] = age * 12 + (int)(x[k] * 12);
        s->sex[s->n] = k == 0 ? (type == WS_HT_SINGLE_PARENT && v[3] > P->syn_single_mother_share
                                     ? WS_SEX_MALE
                                     : WS_SEX_FEMALE)
                              : WS_SEX_MALE;
        s->adult[s->n] = 1;
        s->n++;
    }
    int age = oldest;
    for (int k = 0; k < kids; k++) {
        double c[4];
        ws_u01x4(&w->rng, d, month, WS_RP_SYNTH_HH, 3 + (uint32_t)k, c);
        s->age_m[s->n] = age * 12 + (int)(c[0] * 12);
        s->sex[s->n] = c[1] < 0.5 ? WS_SEX_MALE : WS_SEX_FEMALE;
        s->adult[s->n] = 0;
        s->n++;
        age -= 1 + (int)(c[2] * P->syn_child_gap_span);
        if (age < 0) break;
    }
}

/* Fits on a pilot of syn_fit_pilot skeletons (syn_fit_rounds rounds): the number of children
 * to the share of 0-14,
 * the extra adults of couples without children to the mean household size, and the adult age
 * weights to the bands 15-24 .. 65+. */
static void fit_skeletons(ws_world *w, size_t n_occupied_target, double persons_target)
{
    const ws_area *a = w->area;
    const ws_params *P = w->p;
    double target[5] = {a->age_0_15, a->age_15_25, a->age_25_45, a->age_45_65, a->age_65p};
    double tsum = target[0] + target[1] + target[2] + target[3] + target[4];
    for (int b = 0; b < AGE_N_BANDS; b++)
        target[b] /= tsum;
    double size_target = persons_target / (double)n_occupied_target;
    ws_calib *c = &w->cal;
    c->syn_kids_lambda = P->syn_fit_kids_start;
    c->syn_adult_kid = P->syn_adult_kid;
    c->syn_extra = P->syn_fit_extra_start;
    c->syn_adult_w[0] = P->syn_fit_w18_start;
    c->syn_adult_w[1] = P->syn_fit_w25_start;
    c->syn_adult_w[2] = P->syn_fit_w45_start;
    c->syn_adult_w[3] = P->syn_fit_w65_start;
    const uint32_t pilot = (uint32_t)P->syn_fit_pilot;
    for (int it = 0; it < (int)P->syn_fit_rounds; it++) {
        double cnt[5] = {0}, persons = 0;
        skel s;
        for (uint32_t k = 0; k < pilot; k++) {
            gen_skeleton(w, 0x7F000000u + k, SYN_MONTH - 1, false, &s);
            persons += s.n;
            for (int j = 0; j < s.n; j++) cnt[age_band(s.age_m[j] / 12)] += 1;
        }
        /* children 0-14 through the number of children per family */
        double fam = (a->hh_single_parent + a->hh_couple_children) / 100.0;
        double couples = 1 - fam - a->hh_one_person / 100.0;
        if (fam > NUM_MIN_SHARE) {
            double share = cnt[0] / persons;
            double r = share > 0 ? target[0] / share : 2;
            c->syn_kids_lambda *= pow(r, P->syn_fit_step);
            if (c->syn_kids_lambda < P->syn_kids_lambda_min)
                c->syn_kids_lambda = P->syn_kids_lambda_min;
            if (c->syn_kids_lambda > P->syn_kids_lambda_max)
                c->syn_kids_lambda = P->syn_kids_lambda_max;
        }
        /* household size through extra adults in multi-person households */
        if (couples > NUM_MIN_SHARE) {
            double mean = persons / pilot;
            c->syn_extra += (size_target - mean) / couples;
            if (c->syn_extra < 0) c->syn_extra = 0;
            if (c->syn_extra > 2) c->syn_extra = 2;
        }
        /* adult bands 15-24 .. 65+ through the weights of singles' and couples' ages */
        for (int b = 1; b < AGE_N_BANDS; b++) {
            double share = cnt[b] / persons;
            double r = share > 0 ? target[b] / share : 2;
            if (r > 2) r = 2;
            if (r < 0.5) r = 0.5;
            c->syn_adult_w[b - 1] *= pow(r, P->syn_fit_step);
        }
    }
}

/* ------------------------------------------------------------------------------------------
 * Attributes. Each covariate function gives the logit shift of one person or household;
 * draws use the person's own keyed uniforms so in-movers follow the same process. */

/* Per-person uniforms for synthesis: 20 per person, keyed by (dwelling, month, member):
 * WS_RP_SYNTH_PERSON blocks member * 4 .. member * 4 + 3 (words 0-15) and
 * 4 * MAX_MEMBERS + member (words 16-19). Each word serves one decision (enum below). */
typedef struct pu {
    double u[20];
} pu;

static void person_uniforms(const ws_world *w, uint32_t d, uint32_t month, int member, pu *r)
{
    for (int k = 0; k < 4; k++)
        ws_u01x4(&w->rng, d, month, WS_RP_SYNTH_PERSON, (uint32_t)(member * 4 + k), r->u + 4 * k);
    ws_u01x4(&w->rng, d, month, WS_RP_SYNTH_PERSON, (uint32_t)(4 * MAX_MEMBERS + member),
             r->u + 16);
}

/* U_GO_ON: hbo/wo after a basic qualification; U_INACTIVE: disabled or unemployed among the
 * jobless; U_VICTIM_M: months since a victimisation; word 19 is unused. */
enum { U_ATTAIN, U_HEALTH, U_LANG, U_EMP, U_UNEMP, U_EARN1, U_EARN2, U_ACH1, U_ACH2, U_SCHOOL,
       U_LONELY, U_DISTRESS, U_OFFEND, U_UNSAFE, U_VICTIM, U_NET, U_GO_ON, U_INACTIVE,
       U_VICTIM_M };

static double x_attain_low(const ws_world *w, int32_t i, int tenure)
{
    const ws_persons *p = &w->pers;
    const ws_params *P = w->p;
    double x = tenure == WS_TEN_OWNER    ? P->syn_low_owner
               : tenure == WS_TEN_SOCIAL ? P->syn_low_social
                                         : 0;
    if (p->age_m[i] >= AGE_OLD * 12) x += P->syn_low_65;
    if (p->flags[i] & WS_PF_LANGUAGE) x += P->syn_low_language;
    return x;
}

static double x_attain_high(const ws_world *w, int32_t i, int tenure)
{
    const ws_persons *p = &w->pers;
    const ws_params *P = w->p;
    double x = tenure == WS_TEN_OWNER    ? P->syn_high_owner
               : tenure == WS_TEN_SOCIAL ? P->syn_high_social
                                         : P->syn_high_private;
    if (p->age_m[i] >= AGE_OLD * 12) x += P->syn_high_65;
    if (p->age_m[i] < P->syn_high_young_age * 12) x += P->syn_high_young;
    if (p->flags[i] & WS_PF_LANGUAGE) x += P->syn_high_language;
    return x;
}

static double x_health(const ws_world *w, int32_t i)
{
    const ws_persons *p = &w->pers;
    const ws_params *P = w->p;
    double age = p->age_m[i] / 12.0;
    double x = P->syn_health_age * (age - P->syn_health_age_ref);
    if (p->attain[i] == WS_AT_LOW) x += P->syn_health_low;
    if (p->attain[i] == WS_AT_HIGH) x += P->syn_health_high;
    return x;
}

static double x_employ(const ws_world *w, int32_t i)
{
    const ws_persons *p = &w->pers;
    const ws_params *P = w->p;
    double age = p->age_m[i] / 12.0, x = 0;
    if (p->attain[i] <= WS_AT_LOW) x += P->syn_emp_low;
    if (p->attain[i] == WS_AT_HIGH) x += P->syn_emp_high;
    if (age < P->syn_emp_young_age) x += P->syn_emp_young;
    if (age >= P->syn_emp_old_age) x += P->syn_emp_old;
    if (!p->health[i]) x += P->syn_emp_health;
    if (p->flags[i] & WS_PF_LANGUAGE) x += P->syn_emp_language;
    /* parents (the labour flows carry the same shift as a job-finding ratio, work.c) */
    return x + ws__x_employ_parent(w, w->pers.hh[i]);
}

/* ------------------------------------------------------------------------------------------ */

/* Places the persons of a skeleton into a new household in dwelling d; demographic fields
 * and education only (the rest is drawn by assign_*). Returns the household or -1. */
static int32_t place_household(ws_world *w, int32_t d, const skel *s, int32_t *mem)
{
    int32_t h = ws__household_new(w);
    if (h < 0) return -1;
    w->hh.type[h] = (uint8_t)s->type;
    w->hh.dwelling[h] = d;
    w->dw.hh[d] = h;
    for (int j = 0; j < s->n; j++) {
        int32_t i = ws__person_new(w);
        if (i < 0) return -1;
        w->pers.hh[i] = h;
        w->pers.age_m[i] = (uint16_t)s->age_m[j];
        w->pers.sex[i] = (uint8_t)s->sex[j];
        if (!s->adult[j]) w->pers.flags[i] |= WS_PF_CHILD;
        mem[j] = i;
    }
    w->hh.nmem[h] = s->n;
    return h;
}

/* Mean parental attainment score (0 low .. 2 high) of household h's adults 25+, or 1. */
static double parent_score(const ws_world *w, const int32_t *mem, int nm)
{
    double s = 0;
    int n = 0;
    for (int j = 0; j < nm; j++) {
        int32_t i = mem[j];
        if (w->pers.age_m[i] >= AGE_ATTAIN * 12 && w->pers.attain[i] != WS_AT_NONE) {
            s += w->pers.attain[i] == WS_AT_HIGH ? 2 : w->pers.attain[i] == WS_AT_MID ? 1 : 0;
            n++;
        }
    }
    return n ? s / n : 1.0;
}

/* Track from achievement at 12, with the national advice thresholds. */
static int track_of(const ws_world *w, double z)
{
    double lo = gsl_cdf_ugaussian_Pinv(w->p->edu_adv_low_nl / 100);
    double hi = gsl_cdf_ugaussian_Qinv(w->p->edu_adv_high_nl / 100);
    return z < lo ? WS_TR_LOW : z > hi ? WS_TR_HIGH : WS_TR_MID;
}

/* Education of a person under 25 given achievement: stage, track, attainment, labour. */
static void assign_young_education(ws_world *w, int32_t i, const pu *r)
{
    ws_persons *p = &w->pers;
    int age = p->age_m[i] / 12;
    if (age < AGE_SCHOOL) {
        p->stage[i] = WS_ST_NONE;
        return;
    }
    if (age < 12) {
        p->stage[i] = WS_ST_PRIMARY;
        return;
    }
    p->track[i] = (uint8_t)track_of(w, p->achieve[i]);
    p->labour[i] = age >= AGE_LEAVE ? WS_LB_STUDENT : WS_LB_CHILD;
    double ramp0 = w->p->syn_nosk_ramp_age; /* early leaving rises from here to 18 */
    if (age >= AGE_LEAVE &&
        r->u[U_SCHOOL] <
            w->cal.syn_nosk * (age >= AGE_ADULT ? 1.0 : (age - ramp0) / (AGE_ADULT - ramp0))) {
        p->stage[i] = WS_ST_DONE; /* early school leaver */
        p->attain[i] = WS_AT_LOW;
        p->labour[i] = age >= AGE_ADULT ? WS_LB_UNEMPLOYED : WS_LB_CHILD;
        return;
    }
    if (age < AGE_ADULT) {
        p->stage[i] = WS_ST_SECONDARY;
        return;
    }
    /* 18-24 with a basic qualification: in hbo/wo or done */
    p->attain[i] = WS_AT_MID;
    double go_on = p->track[i] == WS_TR_HIGH  ? w->p->edu_post_high_p
                   : p->track[i] == WS_TR_MID ? w->p->edu_post_mid_p
                                              : 0.0;
    int end = p->track[i] == WS_TR_HIGH ? (int)w->p->edu_wo_end_age : (int)w->p->edu_hbo_end_age;
    if (r->u[U_GO_ON] < go_on) {
        if (age < end) {
            p->stage[i] = WS_ST_POST;
            p->labour[i] = WS_LB_STUDENT;
            return;
        }
        p->attain[i] = WS_AT_HIGH;
    }
    p->stage[i] = WS_ST_DONE;
    p->labour[i] = WS_LB_UNEMPLOYED; /* labour decided with the adults */
}

/* Logit covariates of bijstand for a household without an earner (head: first member). */
static double bij_x(const ws_world *w, const int32_t *mem, int nm)
{
    double x = 0;
    (void)nm;
    if (w->pers.flags[mem[0]] & WS_PF_LANGUAGE) x += w->p->syn_bij_language;
    if (w->pers.attain[mem[0]] <= WS_AT_LOW) x += w->p->syn_bij_low;
    return x;
}

/* Draws one household's person attributes with the calibrated intercepts. in_mover applies
 * the in-movers' attainment shifts (inmove_low, inmove_high) and the allocation shift of the
 * dwelling's tenure (added to the employment logit, subtracted from the bijstand logit). */
static void assign_household(ws_world *w, int32_t h, const int32_t *mem, int nm,
                             uint32_t month, bool in_mover)
{
    ws_persons *p = &w->pers;
    ws_households *H = &w->hh;
    const ws_params *P = w->p;
    const ws_calib *c = &w->cal;
    int32_t d = H->dwelling[h];
    int tenure = w->dw.tenure[d];
    double emp_shift = 0;
    if (in_mover) {
        if (tenure == WS_TEN_SOCIAL) emp_shift = P->inmove_social_shift;
        if (tenure == WS_TEN_OWNER) emp_shift = P->inmove_owner_shift;
    }
    pu r[MAX_MEMBERS];
    for (int j = 0; j < nm; j++) person_uniforms(w, (uint32_t)d, month, j, &r[j]);
    /* language, attainment, health of adults */
    for (int j = 0; j < nm; j++) {
        int32_t i = mem[j];
        int age = p->age_m[i] / 12;
        if (age >= AGE_ADULT && r[j].u[U_LANG] < ws__logistic(c->syn_lang))
            p->flags[i] |= WS_PF_LANGUAGE;
        if (age >= AGE_ATTAIN) {
            double ul = r[j].u[U_ATTAIN];
            double sl = in_mover ? c->inmove_low : 0, sh = in_mover ? c->inmove_high : 0;
            double pl = ws__logistic(c->syn_low + sl + x_attain_low(w, i, tenure));
            double ph = ws__logistic(c->syn_high + sh + x_attain_high(w, i, tenure));
            if (pl + ph > 1) ph = 1 - pl;
            p->attain[i] = ul < pl ? WS_AT_LOW : ul > 1 - ph ? WS_AT_HIGH : WS_AT_MID;
            p->stage[i] = WS_ST_DONE;
        }
        if (age >= AGE_ADULT)
            p->health[i] = r[j].u[U_HEALTH] < ws__logistic(c->syn_health + x_health(w, i));
    }
    /* children and young adults: achievement and education */
    double ps = parent_score(w, mem, nm);
    for (int j = 0; j < nm; j++) {
        int32_t i = mem[j];
        if (p->age_m[i] >= AGE_ATTAIN * 12) continue;
        double mu = c->achieve_mu + P->edu_beta_parent * (ps - 1.0);
        p->achieve[i] = (float)(mu + c->achieve_sd * ws_normal(r[j].u[U_ACH1], r[j].u[U_ACH2]));
        assign_young_education(w, i, &r[j]);
    }
    /* work of 18-66 not in education; retirement */
    int employed = 0, adults_wa = 0;
    for (int j = 0; j < nm; j++) {
        int32_t i = mem[j];
        int am = p->age_m[i];
        p->earn[i] = (float)(exp(P->work_earn_sd * ws_normal(r[j].u[U_EARN1], r[j].u[U_EARN2])) *
                             c->earn_factor);
        if (am >= WS_AOW_AGE_M) {
            p->labour[i] = WS_LB_RETIRED;
            continue;
        }
        if (am < AGE_ADULT * 12 || p->labour[i] == WS_LB_STUDENT) continue;
        adults_wa++;
        double pe = ws__logistic(c->syn_emp + emp_shift + x_employ(w, i));
        if (r[j].u[U_EMP] < pe) {
            p->labour[i] = WS_LB_EMPLOYED;
            employed++;
        } else {
            p->labour[i] = WS_LB_INACTIVE; /* refined below */
        }
        p->lab_m[i] = (uint16_t)(r[j].u[U_UNEMP] * P->syn_lab_months_max);
    }
    /* bijstand: households without an earner, at household level */
    double ub, vb[4];
    ws_u01x4(&w->rng, (uint32_t)d, month, WS_RP_SYNTH_HH, 20, vb);
    ub = vb[0];
    bool bij = false;
    if (adults_wa > 0 && employed == 0) {
        bij = ub < ws__logistic(c->syn_bij + bij_x(w, mem, nm) - emp_shift);
    }
    bool head_set = false;
    for (int j = 0; j < nm; j++) {
        int32_t i = mem[j];
        if (p->labour[i] != WS_LB_INACTIVE) continue;
        if (bij && !head_set) {
            p->labour[i] = WS_LB_BIJSTAND;
            head_set = true;
        } else if (!bij) {
            /* in poor health syn_disabled_share are disabled; the rest seek work with the
             * probability solved so the area's starting unemployment holds
             * (ws__unemp_target), else they stay inactive; v is uniform again given not
             * disabled */
            double u = r[j].u[U_INACTIVE];
            double dis = P->syn_disabled_share;
            if (!p->health[i] && u < dis)
                p->labour[i] = WS_LB_DISABLED;
            else if ((p->health[i] ? u : (u - dis) / (1 - dis)) < ws__logistic(c->syn_unemp))
                p->labour[i] = WS_LB_UNEMPLOYED;
        }
    }
    for (int j = 0; j < nm; j++) {
        int32_t i = mem[j];
        if (p->labour[i] == WS_LB_UNEMPLOYED && p->age_m[i] < AGE_ADULT * 12)
            p->labour[i] = WS_LB_CHILD;
    }
}

/* Second-round attributes that need household income: debt, loneliness, distress, offending,
 * networks, unsafety, victimisation. */
static double x_debt(const ws_world *w, int32_t h, const int32_t *mem, int nm)
{
    const ws_households *H = &w->hh;
    double x = 0;
    if (H->lowinc[h]) x += log(w->p->debt_hr_lowinc);
    bool earner = false;
    for (int j = 0; j < nm; j++)
        if (w->pers.labour[mem[j]] == WS_LB_EMPLOYED) earner = true;
    if (!earner) x += log(w->p->debt_hr_joblessness);
    if (H->type[h] == WS_HT_SINGLE_PARENT) x += log(w->p->debt_hr_single_parent);
    return x;
}

static double x_lonely(const ws_world *w, int32_t i)
{
    double x = 0;
    if (w->hh.nmem[w->pers.hh[i]] == 1) x += log(w->p->lone_hr_single);
    if (w->pers.age_m[i] >= AGE_LONELY_OLD * 12) x += log(w->p->lone_hr_75);
    return x;
}

static bool jobless(const ws_world *w, int32_t i)
{
    uint8_t l = w->pers.labour[i];
    return l == WS_LB_UNEMPLOYED || l == WS_LB_BIJSTAND;
}

static double x_distress(const ws_world *w, int32_t i)
{
    const ws_params *P = w->p;
    int32_t h = w->pers.hh[i];
    double x = 0;
    if (w->hh.debt[h]) x += log(P->dist_hr_debt);
    if (jobless(w, i)) x += log(P->dist_hr_jobless);
    if (w->hh.lowinc[h]) x += log(P->dist_hr_lowinc);
    if (w->pers.lonely[i]) x += log(P->dist_hr_lonely);
    return x;
}

static double x_unsafe(const ws_world *w, int32_t i)
{
    const ws_persons *p = &w->pers;
    double x = 0;
    if (p->sex[i] == WS_SEX_FEMALE) x += w->p->unsafe_beta_female;
    if (p->age_m[i] >= AGE_OLD * 12) x += w->p->unsafe_beta_65;
    if (p->victim_m[i] < 12) x += log(w->p->unsafe_or_victim);
    return x;
}

static void assign_second_round(ws_world *w, int32_t h, const int32_t *mem, int nm,
                                uint32_t month)
{
    ws_persons *p = &w->pers;
    ws_households *H = &w->hh;
    const ws_params *P = w->p;
    const ws_calib *c = &w->cal;
    int32_t d = H->dwelling[h];
    double vb[4];
    ws_u01x4(&w->rng, (uint32_t)d, month, WS_RP_SYNTH_HH, 21, vb);
    H->debt[h] = vb[0] < ws__logistic(c->syn_debt + x_debt(w, h, mem, nm));
    double crime = w->nbh[w->dw.nbh[d]].crime;
    for (int j = 0; j < nm; j++) {
        int32_t i = mem[j];
        pu r;
        person_uniforms(w, (uint32_t)d, month, j, &r);
        int age = p->age_m[i] / 12;
        if (age >= AGE_SURVEY && r.u[U_VICTIM] < ws__victim_p(w, crime))
            p->victim_m[i] = (uint8_t)(r.u[U_VICTIM_M] * 12);
        if (age >= AGE_ADULT) {
            p->lonely[i] = r.u[U_LONELY] < ws__logistic(c->syn_lonely + x_lonely(w, i));
            p->distress[i] = r.u[U_DISTRESS] < ws__logistic(c->syn_distress + x_distress(w, i));
        }
        if (age >= 12 && age < P->off_max_age) {
            /* off_desist_age (25) to off_max_age (30): no onset after off_onset_max_age (25)
             * and desistance off_desist_hr_adult (2) times faster (safety.c), so the share still
             * offending is what survives of the spells running at 25: a factor
             * (1 - 2 / spell)^(months past 25), about 0.15 on average over 25-29. (A flat 0.5
             * made three times too many; they desisted within a year and took a sixth of the
             * resident offences, on which offence_rate was calibrated, with them.) */
            p->offender[i] =
                r.u[U_OFFEND] < ws__logistic(c->syn_offend + ws__x_offend_start(w, i));
            if (p->offender[i] && age >= AGE_NET && r.u[U_NET] < ws__logistic(c->syn_net))
                p->network[i] = 1;
        }
        if (age >= AGE_SURVEY)
            p->unsafe[i] = r.u[U_UNSAFE] < ws__logistic(c->syn_unsafe + x_unsafe(w, i));
    }
}

int32_t ws__synth_household(ws_world *w, int32_t d, uint32_t month, bool in_mover,
                            int32_t *members, int *n_members)
{
    skel s;
    int32_t local[MAX_MEMBERS], *mem = members ? members : local;
    gen_skeleton(w, (uint32_t)d, month, in_mover, &s);
    int32_t h = place_household(w, d, &s, mem);
    if (h < 0) return -1;
    int kids = 0;
    for (int j = 0; j < s.n; j++)
        kids += w->pers.age_m[mem[j]] < AGE_ADULT * 12;
    w->hh.nkids[h] = kids;
    assign_household(w, h, mem, s.n, month, in_mover);
    ws__income_one(w, h, mem, s.n);
    assign_second_round(w, h, mem, s.n, month);
    if (n_members) *n_members = s.n;
    return h;
}

/* ------------------------------------------------------------------------------------------
 * Calibration of the synthesis intercepts on the starting population. */

/* Collects covariates of the selected persons and solves the intercept for target. */
typedef double (*xfun)(const ws_world *, int32_t);

static double solve_persons(const ws_world *w, bool (*sel)(const ws_world *, int32_t),
                            xfun xf, double target)
{
    size_t n = 0;
    double *x = malloc(w->pers.n * sizeof *x);
    if (!x) return ws__logit(target);
    for (size_t i = 0; i < w->pers.n; i++)
        if (w->pers.alive[i] && sel(w, (int32_t)i)) x[n++] = xf ? xf(w, (int32_t)i) : 0;
    double c = ws__solve_logit_intercept(x, n, target);
    free(x);
    return c;
}

static bool sel_adult(const ws_world *w, int32_t i)
{
    return w->pers.age_m[i] >= AGE_ADULT * 12;
}
static bool sel_25(const ws_world *w, int32_t i)
{
    return w->pers.age_m[i] >= AGE_ATTAIN * 12;
}
static bool sel_15(const ws_world *w, int32_t i)
{
    return w->pers.age_m[i] >= AGE_SURVEY * 12;
}
static bool sel_18_66(const ws_world *w, int32_t i)
{
    return w->pers.age_m[i] >= AGE_ADULT * 12 && w->pers.age_m[i] < WS_AOW_AGE_M;
}
static bool sel_youth(const ws_world *w, int32_t i)
{
    return w->pers.age_m[i] >= 12 * 12 && w->pers.age_m[i] < AGE_YOUTH_END * 12;
}

static double xl_low(const ws_world *w, int32_t i)
{
    return x_attain_low(w, i, w->dw.tenure[w->hh.dwelling[w->pers.hh[i]]]);
}
static double xl_high(const ws_world *w, int32_t i)
{
    return x_attain_high(w, i, w->dw.tenure[w->hh.dwelling[w->pers.hh[i]]]);
}
static double xl_emp(const ws_world *w, int32_t i)
{
    return x_employ(w, i);
}
static double xl_offend(const ws_world *w, int32_t i)
{
    return ws__x_offend(w, i);
}

/* Share of 12-24 who offend at least once in a year, for a stationary two-state chain with
 * prevalence pi, desistance d per month and offence probability q per active month. */
static double annual_offending(double pi, double d, double q)
{
    double on = pi >= 1 ? 1 : d * pi / (1 - pi); /* onset that keeps pi stationary */
    double a = pi, i = 1 - pi, off = 0;          /* not-yet-offended mass by state */
    for (int m = 0; m < 12; m++) {
        double a_stay = a * (1 - q);
        off += a * q;
        double na = a_stay * (1 - d) + i * on;
        double ni = i * (1 - on) + a_stay * d;
        a = na;
        i = ni;
    }
    return off;
}

/* Runs the whole synthesis: skeletons, first pass with provisional intercepts, solve, redo. */
static int synthesise_population(ws_world *w, ws_error *e)
{
    const ws_area *A = w->area;
    const ws_params *P = w->p;
    ws_calib *c = &w->cal;
    size_t occupied = 0;
    for (size_t d = 0; d < w->dw.n; d++) occupied += w->dw.hh[d] == -2;
    double persons_target = A->residents * w->scale;
    fit_skeletons(w, occupied, persons_target);

    /* provisional intercepts: straight logits of the targets */
    c->syn_lang = ws__logit(A->language_gap / 100);
    c->syn_low = ws__logit(A->edu_low / 100);
    c->syn_high = ws__logit(A->edu_high / 100);
    c->syn_health = ws__logit(A->good_health / 100);
    c->syn_emp = ws__logit(A->employment_rate / 100);
    c->syn_bij = 0;
    c->syn_unemp = ws__logit(P->syn_unemp_share); /* first guess; solved below */
    c->syn_debt = ws__logit(A->problem_debt_hh / 100);
    c->syn_lonely = ws__logit(A->lonely / 100);
    c->syn_distress = ws__logit(A->psych_distress / 100);
    c->syn_offend = ws__logit(P->syn_offend_start);
    c->syn_unsafe = ws__logit(A->feel_unsafe / 100);
    c->syn_net = ws__logit(P->syn_network_share);
    c->syn_nosk = A->no_startkwalificatie / 100;
    c->earn_factor = 1.0;
    c->inmove_young = 1.0;
    c->inmove_ya = 1.0;
    c->inmove_family = 1.0;
    c->react_noinc = 1.0;
    c->loss_par = 1.0;
    c->leave_mult = 1.0;
    /* achievement: mean and SD so that the area's mean and low-advice share hold */
    c->achieve_mu = A->achievement_z;
    double lo = gsl_cdf_ugaussian_Pinv(P->edu_adv_low_nl / 100);
    double q = gsl_cdf_ugaussian_Pinv(A->school_advice_low / 100);
    double sd = q < -NUM_ACH_Q_MIN ? (lo - A->achievement_z) / q : 1.0;
    c->achieve_sd = sd < P->syn_ach_sd_min   ? P->syn_ach_sd_min
                    : sd > P->syn_ach_sd_max ? P->syn_ach_sd_max
                                             : sd;

    /* syn_passes (8) passes: each builds a population with the current intercepts and solves them
     * again on it (a fixed-point iteration, since the attributes are covariates of each other); the
     * last rebuilds the population with the final intercepts (the same draws every pass).
     * Solving passes work on a systematic sample of at most ~syn_solve_sample (20000) dwellings
     * (intercepts are intensive quantities); the last pass builds every dwelling. */
    const int passes = (int)P->syn_passes;
    size_t stride = occupied / (size_t)P->syn_solve_sample + 1;
    for (int pass = 0; pass < passes; pass++) {
        bool last = pass == passes - 1;
        /* clear persons and households */
        w->pers.n = w->pers.n_free = 0;
        w->hh.n = w->hh.n_free = 0;
        for (size_t d = 0; d < w->dw.n; d++)
            if (w->dw.hh[d] != -1) w->dw.hh[d] = -2;
        for (size_t d = 0; d < w->dw.n; d++) {
            if (w->dw.hh[d] != -2 || (!last && d % stride != 0)) continue;
            skel s;
            int32_t mem[MAX_MEMBERS];
            gen_skeleton(w, (uint32_t)d, SYN_MONTH, false, &s);
            if (place_household(w, (int32_t)d, &s, mem) < 0)
                return ws_error_set(e, WS_ENOMEM, NULL, 0, NULL, "out of memory in synthesis");
        }
        if (ws__world_index(w))
            return ws_error_set(e, WS_ENOMEM, NULL, 0, NULL, "out of memory in synthesis");
#define MEM(h) (w->members + w->hh.first[h]), w->hh.nmem[h]
        for (size_t h = 0; h < w->hh.n; h++)
            assign_household(w, (int32_t)h, MEM(h), SYN_MONTH, false);
        ws__household_income(w);
        for (size_t h = 0; h < w->hh.n; h++) assign_second_round(w, (int32_t)h, MEM(h), SYN_MONTH);
        if (last) break;

        /* solve intercepts on this population */
        c->syn_low = solve_persons(w, sel_25, xl_low, A->edu_low / 100);
        c->syn_high = solve_persons(w, sel_25, xl_high, A->edu_high / 100);
        c->syn_health = solve_persons(w, sel_adult, x_health, A->good_health / 100);
        {
            /* parents' employment, so that child poverty matches */
            double minors = 0, poor = 0;
            for (size_t i = 0; i < w->pers.n; i++)
                if (w->pers.alive[i] && w->pers.age_m[i] < AGE_ADULT * 12) {
                    minors++;
                    poor += w->hh.lowinc[w->pers.hh[i]];
                }
            if (minors > 0 && poor > 0)
                c->syn_emp_kids -= P->syn_emp_kids_gain *
                                   (ws__logit(A->child_poverty / 100) - ws__logit(poor / minors));
            if (c->syn_emp_kids < -P->syn_emp_kids_max) c->syn_emp_kids = -P->syn_emp_kids_max;
            if (c->syn_emp_kids > P->syn_emp_kids_max) c->syn_emp_kids = P->syn_emp_kids_max;
        }
        {
            /* employment: target among 18-66 outside education */
            size_t n1866 = 0, nonstud = 0;
            for (size_t i = 0; i < w->pers.n; i++) {
                if (!w->pers.alive[i] || !sel_18_66(w, (int32_t)i)) continue;
                n1866++;
                if (w->pers.labour[i] != WS_LB_STUDENT) nonstud++;
            }
            double t = nonstud ? A->employment_rate / 100 * (double)n1866 / (double)nonstud : 0.5;
            if (t > P->syn_emp_target_max) t = P->syn_emp_target_max;
            size_t n = 0;
            double *x = malloc(w->pers.n * sizeof *x);
            if (!x) return ws_error_set(e, WS_ENOMEM, NULL, 0, NULL, "out of memory");
            for (size_t i = 0; i < w->pers.n; i++)
                if (w->pers.alive[i] && sel_18_66(w, (int32_t)i) &&
                    w->pers.labour[i] != WS_LB_STUDENT)
                    x[n++] = xl_emp(w, (int32_t)i);
            c->syn_emp = ws__solve_logit_intercept(x, n, t);
            free(x);
        }
        {
            /* bijstand: share of households, among those without an earner */
            size_t elig = 0;
            for (size_t h = 0; h < w->hh.n; h++) {
                int wa = 0, emp = 0;
                for (int32_t j = 0; j < w->hh.nmem[h]; j++) {
                    int32_t i = w->members[w->hh.first[h] + j];
                    if (sel_18_66(w, i) && w->pers.labour[i] != WS_LB_STUDENT) wa++;
                    if (w->pers.labour[i] == WS_LB_EMPLOYED) emp++;
                }
                if (wa && !emp) elig++;
            }
            double t = elig ? A->bijstand_hh / 100 * (double)w->hh.n / (double)elig : 0;
            if (t > P->syn_bij_target_max) t = P->syn_bij_target_max;
            double *x = malloc((elig ? elig : 1) * sizeof *x);
            if (!x) return ws_error_set(e, WS_ENOMEM, NULL, 0, NULL, "out of memory");
            size_t nx = 0;
            for (size_t h = 0; h < w->hh.n; h++) {
                int wa = 0, emp = 0;
                const int32_t *mem = w->members + w->hh.first[h];
                for (int32_t j = 0; j < w->hh.nmem[h]; j++) {
                    int32_t i = mem[j];
                    if (sel_18_66(w, i) && w->pers.labour[i] != WS_LB_STUDENT) wa++;
                    if (w->pers.labour[i] == WS_LB_EMPLOYED) emp++;
                }
                if (wa && !emp) x[nx++] = bij_x(w, mem, w->hh.nmem[h]);
            }
            c->syn_bij = ws__solve_logit_intercept(x, nx, t);
            free(x);
        }
        {
            /* job seekers among the non-employed outside bijstand, so unemployment (of the
             * labour force 18-66, as the indicator counts it) starts at the area's figure:
             * a logit step by the ratio of the target to the current count */
            double emp = 0, unemp = 0;
            for (size_t i = 0; i < w->pers.n; i++) {
                if (!w->pers.alive[i] || !sel_18_66(w, (int32_t)i)) continue;
                emp += w->pers.labour[i] == WS_LB_EMPLOYED;
                unemp += w->pers.labour[i] == WS_LB_UNEMPLOYED;
            }
            double ut = ws__unemp_target(A, P);
            double want = emp * ut / (1 - ut);
            if (unemp > 0 && want > 0) c->syn_unemp += log(want / unemp);
        }
        {
            /* earnings level so the low-income share of households holds (bisection) */
            double flo = P->syn_earn_factor_min, fhi = P->syn_earn_factor_max;
            for (int it = 0; it < NUM_EARN_STEPS; it++) {
                double f = 0.5 * (flo + fhi);
                double ratio = f / c->earn_factor;
                for (size_t i = 0; i < w->pers.n; i++) w->pers.earn[i] *= (float)ratio;
                c->earn_factor = f;
                ws__household_income(w);
                size_t low = 0, stud = 0;
                for (size_t h = 0; h < w->hh.n; h++) {
                    low += w->hh.lowinc[h];
                    stud += w->hh.student[h];
                }
                if ((double)low / (double)(w->hh.n - stud) > A->low_income_hh / 100)
                    flo = f;
                else
                    fhi = f;
            }
        }
        {
            size_t n = 0;
            double *x = malloc(w->hh.n * sizeof *x);
            if (!x) return ws_error_set(e, WS_ENOMEM, NULL, 0, NULL, "out of memory");
            for (size_t h = 0; h < w->hh.n; h++) x[n++] = x_debt(w, (int32_t)h, MEM(h));
            c->syn_debt = ws__solve_logit_intercept(x, n, A->problem_debt_hh / 100);
            free(x);
        }
        c->syn_lonely = solve_persons(w, sel_adult, x_lonely, A->lonely / 100);
        c->syn_distress = solve_persons(w, sel_adult, x_distress, A->psych_distress / 100);
        {
            /* offending prevalence so the yearly share of 12-24 who offend is met */
            double d = 1.0 / P->off_spell_months, target = A->youth_suspects / 100;
            double plo = 0, phi = NUM_OFFEND_MAX;
            for (int it = 0; it < NUM_OFFEND_STEPS; it++) {
                double pi = 0.5 * (plo + phi);
                if (annual_offending(pi, d, P->off_reg_p) < target)
                    plo = pi;
                else
                    phi = pi;
            }
            c->syn_offend = solve_persons(w, sel_youth, xl_offend, 0.5 * (plo + phi));
        }
        c->syn_unsafe = solve_persons(w, sel_15, x_unsafe, A->feel_unsafe / 100);
    }
    return 0;
}

double ws__unemp_target(const ws_area *a, const ws_params *p)
{
    double nonemp = 100 - a->employment_rate;
    if (nonemp < 1) nonemp = 1;
    double u = p->unemp_nl * pow(nonemp / p->unemp_nl_nonemp, p->unemp_elast) / 100;
    return u > 0.5 ? 0.5 : u;
}

/* Dwellings, neighbourhoods and institutions. */
static void build_places(ws_world *w)
{
    const ws_area *A = w->area;
    const ws_params *P = w->p;
    size_t n = w->dw.n;
    w->n_nbh = A->n_nbh > 0 ? A->n_nbh : 1;
    double soc = A->tenure_social / 100, priv = A->tenure_private / 100;
    /* poor-quality tilt by tenure, relative to social rent: private dw_poor_tilt_private,
     * owner dw_poor_tilt_owner */
    double own = 1 - soc - priv;
    double base_poor = A->dwelling_poor / 100 /
                       (soc * 1.0 + priv * P->dw_poor_tilt_private + own * P->dw_poor_tilt_owner);
    for (int k = 0; k < w->n_nbh; k++) {
        ws_nbh *nb = &w->nbh[k];
        memset(nb, 0, sizeof *nb);
        snprintf(nb->code, sizeof nb->code, "%s", A->n_nbh > 0 ? A->nbh_code[k] : "WK");
    }
    /* neighbourhood social-rent shares vary around the area's (logit SD syn_nbh_social_sd), with a
     * common offset solved so the dwelling-weighted mean is the area's share */
    double zk[WS_MAX_NBH], xk[WS_MAX_NBH * NUM_NBH_SAMPLE];
    size_t nx = 0;
    for (int k = 0; k < w->n_nbh; k++)
        zk[k] = P->syn_nbh_social_sd *
                ws_normal(ws_u01(&w->rng, (uint32_t)k, SYN_MONTH, WS_RP_NBH),
                          ws_u01(&w->rng, (uint32_t)k + 1000, SYN_MONTH, WS_RP_NBH));
    for (size_t d = 0; d < n; d += (n + NUM_NBH_SAMPLE - 1) / NUM_NBH_SAMPLE)
        xk[nx++] = zk[d * (size_t)w->n_nbh / n];
    double off = ws__solve_logit_intercept(xk, nx, soc);
    for (size_t d = 0; d < n; d++) {
        int k = (int)(d * (size_t)w->n_nbh / n);
        double ks = ws__logistic(off + zk[k]);
        double kp = priv * (1 - ks) / (1 - soc > NUM_MIN_SHARE ? 1 - soc : NUM_MIN_SHARE);
        double u[4];
        ws_u01x4(&w->rng, (uint32_t)d, SYN_MONTH, WS_RP_SYNTH_DWELLING, 0, u);
        int t = u[0] < ks ? WS_TEN_SOCIAL : u[0] < ks + kp ? WS_TEN_PRIVATE : WS_TEN_OWNER;
        w->dw.nbh[d] = (uint8_t)k;
        w->dw.tenure[d] = (uint8_t)t;
        w->dw.rooms[d] =
            (uint8_t)(t == WS_TEN_OWNER ? (int)P->dw_rooms_owner + (u[1] < P->dw_rooms_owner_more)
                      : t == WS_TEN_SOCIAL
                          ? (int)P->dw_rooms_social + (u[1] < P->dw_rooms_social_more)
                          : (int)P->dw_rooms_private + (u[1] < P->dw_rooms_private_more));
        double tilt = t == WS_TEN_PRIVATE  ? P->dw_poor_tilt_private
                      : t == WS_TEN_SOCIAL ? 1.0
                                           : P->dw_poor_tilt_owner;
        bool poor = u[2] < base_poor * tilt;
        double lo = poor ? P->dw_quality_min : P->dw_poor_below,
               hi = poor ? P->dw_poor_below : P->dw_quality_max;
        w->dw.quality[d] = (float)(lo + u[3] * (hi - lo));
        /* about dw_vacant_start (2 %) of dwellings are vacant at the start (their own block:
         * u[1] chose the rooms) */
        double v[4];
        ws_u01x4(&w->rng, (uint32_t)d, SYN_MONTH, WS_RP_SYNTH_DWELLING, 1, v);
        w->dw.hh[d] = v[0] < P->dw_vacant_start ? -1 : -2;
    }
    /* institutions: starting capacities scale with the area's population */
    double hh_k = A->dwellings * w->scale / 1000, pop_k = A->residents * w->scale / 1000;
    w->inst.school_quality = 0;
    w->inst.debt_service = P->inst_debt_per_1000hh * hh_k;
    w->inst.care = P->inst_care_per_1000 * pop_k * P->inst_adult_share;
    w->inst.police_fte = P->police_per_1000 * pop_k;
    w->inst.renovations = 0; /* set by calibration to balance decay */
}

/* Seeds neighbourhood slow states from the area data (each neighbourhood starts at the area
 * value; aggregates then differ by composition). */
static void seed_neighbourhoods(ws_world *w)
{
    const ws_area *A = w->area;
    for (int k = 0; k < w->n_nbh; k++) {
        ws_nbh *nb = &w->nbh[k];
        nb->cohesion = nb->cohesion0 = A->cohesion;
        nb->crime = nb->crime0 = A->crime_per_1000;
        nb->undermining = nb->undermining0 = A->undermining;
        nb->turnover = nb->turnover0 = A->moves_out_rate / 100;
    }
}



int ws__world_synthesise(ws_world *w, const ws_area *a, int area_index, const ws_params *p,
                          double scale, uint32_t seed, uint32_t rep, ws_error *e)
{
    memset(w, 0, sizeof *w);
    w->area = a;
    w->p = p;
    w->area_index = area_index;
    w->scale = scale;
    w->rng = ws_rng_make(seed, rep, (uint32_t)area_index);
    size_t n_dw = (size_t)llround(a->dwellings * scale);
    if (n_dw < (size_t)p->syn_min_dwellings) {
        ws__world_close(w);
        return ws_error_set(e, WS_EINPUT, NULL, 0, "scale",
                            "area '%s' has only %zu dwellings at scale %g; at least %g are "
                            "needed (raise --scale)",
                            a->id, n_dw, scale, p->syn_min_dwellings);
    }
    size_t est_persons = (size_t)(a->residents * scale * NUM_PERSONS_RESERVE) + NUM_SLOTS_SLACK;
    if (ws__world_alloc_dwellings(w, n_dw) ||
        ws__world_reserve(w, est_persons, n_dw + NUM_HH_SLACK)) {
        ws__world_close(w);
        return ws_error_set(e, WS_ENOMEM, NULL, 0, NULL, "out of memory for area '%s'", a->id);
    }
    ws__health_tables(w);
    old_age_table(w);
    w->cal.log_move_income = log(p->move_hr_income);
    w->cal.log_drop_sd = log(p->edu_drop_hr_per_sd);
    for (size_t k = 0; k < sizeof w->dur_tab / sizeof w->dur_tab[0]; k++) {
        double dur = pow(p->work_find_per_month_dur, k);
        w->dur_tab[k] = dur < p->work_find_dur_floor ? p->work_find_dur_floor : dur;
    }
    build_places(w);
    seed_neighbourhoods(w);
    int rc = synthesise_population(w, e);
    if (rc) {
        ws__world_close(w);
        return rc;
    }
    for (size_t d = 0; d < w->dw.n; d++)
        if (w->dw.hh[d] == -2) w->dw.hh[d] = -1;
    if (ws__world_index(w)) {
        ws__world_close(w);
        return ws_error_set(e, WS_ENOMEM, NULL, 0, NULL, "out of memory for area '%s'", a->id);
    }
    return 0;
}
