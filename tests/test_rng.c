/* test_rng.c: the RNG rule (sim/model/rng.h) holds — no random counter serves two decisions and
 * no uniform is rescaled to serve a second one.
 *
 * Two checks, each catching one kind of reuse:
 *  - trace_unique (counter reuse): links the traced core (ws_model_trace, WS_RNG_TRACE), in
 *    which every block draw reports its key, counter (id, month, purpose, index) and call site
 *    to ws__rng_trace below. It synthesises a small world, starts a policy with person
 *    programmes of every priority rule, take-up and completion below 1, and every place
 *    target (the allocation rule among them), and runs a year of months with every phase. It
 *    fails when
 *      (a) one counter is read by two call sites (two decisions on one number), anywhere in
 *          the run, naming purpose, id, month code and index and both sites; or
 *      (b) one call site reads one counter twice within one month of the running model (the
 *          same decision taken twice on one number, e.g. for a slot freed and reused within
 *          the month). Synthesis is exempt from (b): its fitting passes rebuild the same
 *          population from the same draws by design (synth.c). So is person_uniforms
 *          (synth.c), the one function whose block is read twice by design: its 16 words per
 *          person are split between assign_household and assign_second_round, each word one
 *          decision.
 *    A call site reading the same counter in different months (the take-up draw keyed by
 *    year) is one decision held, not a reuse. It also fails when a purpose the model's
 *    sources name was never drawn, so the run covers every kind of decision.
 *    It cannot see a uniform whose word is used for two decisions after the draw (value
 *    reuse): that is the next check's job for rescaling, and review's for the rest.
 *  - no_rescaled_reuse (value reuse by rescaling): scans the code (comments removed) of the
 *    .c and .h files in sim/model and fails on any fmod( call and on the pattern
 *    "* k - floor(" — the ways a draw u was turned into a "fresh" uniform fmod(u * k, 1) or
 *    u * k - floor(u * k) for a second decision. The model has no other use of either; a legitimate one would have to be
 *    written without them.
 */
#include "wt.h"
#include "wt_scenario.h"
#include "world.h"
#include "wijksim/model.h"

#include <ctype.h>
#include <dirent.h>
#include <stdint.h>
#include <string.h>

/* Purpose names in enum order (rng.h); the static assertion fails when one is appended there
 * and not here. */
static const char *const g_purpose[] = {
    "", "MORTALITY", "BIRTH", "BIRTH_SEX", "LEAVE_HOME", "LEAVE_AREA", "ACHIEVE", "DROPOUT",
    "SCHOOL_CONT", "LABOUR", "EARNINGS", "DEBT", "HEALTH", "DISTRESS", "LONELY", "OFFEND",
    "OFFENCE", "NETWORK", "VICTIM", "UNSAFE", "MOVE", "FILL", "QUALITY", "SYNTH_HH",
    "SYNTH_PERSON", "SYNTH_DWELLING", "NBH", "RETURN_SCHOOL", "IV_EFFECT", "IV_TAKEUP",
    "IV_ORDER", "IV_COMPLETE", "IV_ALLOC", "SEEK_GIVE_UP",
    "LEAVER_WORK"};
_Static_assert(sizeof g_purpose / sizeof g_purpose[0] == WS_RP_N, "a purpose lacks its name");
_Static_assert(WS_RP_LEAVE_AREA == 5 && WS_RP_IV_ALLOC == 32, "purposes renumbered");

/* ------------------------------------------------------------------------------------------
 * The trace: every counter read, with the call site that first read it and the month of the
 * last read. Tests only; one thread (the test steps one world). */

typedef struct site {
    const char *file, *func;
    int line;
} site;

typedef struct entry {
    uint32_t k[6]; /* key words 0, 1; id, month code, purpose, index */
    int site;      /* index in g_sites + 1 (0: empty slot) */
    int epoch;     /* the model month of the last read by that site (-1: synthesis) */
} entry;

/* One kind of violation: a pair of sites (rule a) or a site with itself (rule b), with the
 * first counter found and how many. */
typedef struct viol {
    int a, b;
    char rule;
    uint32_t k[6];
    int epoch;
    long n;
} viol;

static site g_sites[256];
static int g_n_sites;
static entry *g_tab;
static size_t g_cap, g_used;
static int g_epoch = -1;  /* set by the test before each step: -1 synthesis, else the month */
static long g_drawn[WS_RP_N];
static long g_reads;
static viol g_viol[64];
static int g_n_viol;
static const char *const g_twice_ok[] = {"person_uniforms"}; /* rule (b) exemption, see top */

static int site_of(const char *file, int line, const char *func)
{
    for (int s = 0; s < g_n_sites; s++)
        if (g_sites[s].line == line && strcmp(g_sites[s].file, file) == 0) return s;
    if (g_n_sites == (int)(sizeof g_sites / sizeof g_sites[0])) WT_FAIL("too many draw sites");
    g_sites[g_n_sites] = (site){file, func, line};
    return g_n_sites++;
}

static uint64_t hash6(const uint32_t k[6])
{
    uint64_t h = 0x9E3779B97F4A7C15u;
    for (int j = 0; j < 6; j++) {
        h ^= k[j];
        h *= 0xBF58476D1CE4E5B9u;
        h ^= h >> 29;
    }
    return h;
}

static void grow(void)
{
    size_t old = g_cap;
    entry *t = g_tab;
    g_cap = g_cap ? 2 * g_cap : (size_t)1 << 20;
    g_tab = calloc(g_cap, sizeof *g_tab);
    WT_CHECK(g_tab != NULL);
    g_used = 0;
    for (size_t j = 0; j < old; j++) {
        if (!t[j].site) continue;
        size_t at = hash6(t[j].k) & (g_cap - 1);
        while (g_tab[at].site) at = (at + 1) & (g_cap - 1);
        g_tab[at] = t[j];
        g_used++;
    }
    free(t);
}

static void note(char rule, int a, int b, const uint32_t k[6])
{
    for (int v = 0; v < g_n_viol; v++)
        if (g_viol[v].rule == rule && g_viol[v].a == a && g_viol[v].b == b) {
            g_viol[v].n++;
            return;
        }
    if (g_n_viol == (int)(sizeof g_viol / sizeof g_viol[0])) return;
    viol *v = &g_viol[g_n_viol++];
    *v = (viol){a, b, rule, {0}, g_epoch, 1};
    memcpy(v->k, k, sizeof v->k);
}

static bool twice_ok(int s)
{
    for (size_t j = 0; j < sizeof g_twice_ok / sizeof g_twice_ok[0]; j++)
        if (strcmp(g_sites[s].func, g_twice_ok[j]) == 0) return true;
    return false;
}

void ws__rng_trace(const ws_rng *r, uint32_t id, uint32_t month, uint32_t purpose, uint32_t idx,
                   const char *file, int line, const char *func)
{
    if (!g_tab) return; /* not recording */
    g_reads++;
    if (purpose < WS_RP_N) g_drawn[purpose]++;
    int s = site_of(file, line, func);
    uint32_t k[6] = {r->key.v[0], r->key.v[1], id, month, purpose, idx};
    if (2 * (g_used + 1) > g_cap) grow();
    size_t at = hash6(k) & (g_cap - 1);
    while (g_tab[at].site && memcmp(g_tab[at].k, k, sizeof k) != 0) at = (at + 1) & (g_cap - 1);
    entry *e = &g_tab[at];
    if (!e->site) {
        memcpy(e->k, k, sizeof k);
        e->site = s + 1;
        e->epoch = g_epoch;
        g_used++;
        return;
    }
    if (e->site != s + 1) {
        int a = e->site - 1 < s ? e->site - 1 : s, b = e->site - 1 < s ? s : e->site - 1;
        note('a', a, b, k);
    } else if (g_epoch >= 0 && e->epoch == g_epoch && !twice_ok(s)) {
        note('b', s, s, k);
    }
    e->epoch = g_epoch;
}

static const char *base(const char *path)
{
    const char *b = strrchr(path, '/');
    return b ? b + 1 : path;
}

static const char *purpose_name(uint32_t p)
{
    return p < WS_RP_N ? g_purpose[p] : "?";
}

/* Prints every violation; returns how many kinds there were. */
static int report(void)
{
    for (int j = 0; j < g_n_viol; j++) {
        const viol *v = &g_viol[j];
        const site *a = &g_sites[v->a], *b = &g_sites[v->b];
        char when[32];
        if (v->epoch < 0)
            snprintf(when, sizeof when, "synthesis");
        else
            snprintf(when, sizeof when, "model month %d", v->epoch);
        if (v->rule == 'a')
            fprintf(stderr,
                    "REUSE (two decisions): purpose %s, id %u, month %u, index %u (%s) read by "
                    "%s:%d (%s) and %s:%d (%s); %ld such reads\n",
                    purpose_name(v->k[4]), v->k[2], v->k[3], v->k[5], when, base(a->file),
                    a->line, a->func, base(b->file), b->line, b->func, v->n);
        else
            fprintf(stderr,
                    "REUSE (twice in a month): purpose %s, id %u, month %u, index %u (%s) read "
                    "twice by %s:%d (%s); %ld such reads\n",
                    purpose_name(v->k[4]), v->k[2], v->k[3], v->k[5], when, base(a->file),
                    a->line, a->func, v->n);
    }
    return g_n_viol;
}

/* ------------------------------------------------------------------------------------------
 * The world and the policy. */

static ws_intervention *person_iv(ws_scenario *s, int tx, int priority)
{
    char name[40];
    snprintf(name, sizeof name, "p_%s", ws_transition_name(tx));
    ws_intervention *iv = add_iv(s, name, WS_IV_PERSON);
    iv->transition = tx;
    bool shift = ws_transition_get(tx)->effect == WS_TXE_SHIFT;
    iv->effect_type = shift ? WS_EF_SHIFT : WS_EF_HAZARD_RATIO;
    iv->effect.a = shift ? 0.2 : 0.7;
    iv->places_per_year = 400;
    iv->priority = priority;
    iv->programme_months = 4;
    iv->effect_months = 6;
    iv->decay_months = 6;
    iv->take_up = 0.7;    /* < 1: the take-up draw */
    iv->completion = 0.6; /* < 1: the completion draw */
    return iv;
}

/* Every person transition (the three priority rules in turn, so random priority draws its
 * order) and every place target, the allocation rule covering most social lettings. */
static void policy(ws_scenario *s)
{
    static const int prio[3] = {WS_PR_RANDOM, WS_PR_RISK, WS_PR_FIRST_COME};
    for (int t = 0; t < WS_TX_N; t++) person_iv(s, t, prio[t % 3]);
    for (int t = 0; t < WS_PL_N; t++) {
        char name[40];
        snprintf(name, sizeof name, "l_%s", ws_place_target_name(t));
        ws_intervention *iv = add_iv(s, name, WS_IV_PLACE);
        iv->place_target = t;
        const ws_place_target_info *pi = ws_place_target_get(t);
        iv->amount_per_year = pi->form == WS_PLF_DWELLINGS ? 100 : pi->form == WS_PLF_RULE ? 0.8 : 2;
        iv->cost_per_unit = 1000;
        if (pi->form == WS_PLF_RATIO) iv->effect.a = 0.9;
    }
}

/* The model's source files (the .c and .h files in sim/model), sorted; returns their number. */
static int by_name(const void *a, const void *b)
{
    return strcmp(a, b);
}

static int model_files(char names[][64], int max)
{
    DIR *d = opendir(WS_SRC_DIR "/sim/model");
    if (!d) WT_FAIL("cannot list %s/sim/model", WS_SRC_DIR);
    int n = 0;
    for (struct dirent *de; (de = readdir(d));) {
        size_t l = strlen(de->d_name);
        if (l < 3 || l >= 64 || de->d_name[l - 2] != '.' ||
            (de->d_name[l - 1] != 'c' && de->d_name[l - 1] != 'h'))
            continue;
        if (n == max) WT_FAIL("more than %d model sources", max);
        snprintf(names[n++], 64, "%s", de->d_name);
    }
    closedir(d);
    qsort(names, (size_t)n, 64, by_name);
    return n;
}

static char g_files[64][64];
static int g_n_files;

/* Purposes named in the model's sources (sim/model, but rng.h): each must be drawn by the run. */
static bool named_in_sources(const char *name)
{
    if (!g_n_files) g_n_files = model_files(g_files, 64);
    char want[64];
    snprintf(want, sizeof want, "WS_RP_%s", name);
    size_t wl = strlen(want);
    for (int f = 0; f < g_n_files; f++) {
        if (strcmp(g_files[f], "rng.h") == 0) continue; /* the enum itself */
        char path[512];
        snprintf(path, sizeof path, "%s/sim/model/%s", WS_SRC_DIR, g_files[f]);
        FILE *fp = fopen(path, "r");
        if (!fp) WT_FAIL("cannot read %s", path);
        char line[1024];
        bool hit = false;
        while (!hit && fgets(line, sizeof line, fp))
            for (char *at = strstr(line, want); at && !hit; at = strstr(at + 1, want))
                hit = !(isalnum((unsigned char)at[wl]) || at[wl] == '_');
        fclose(fp);
        if (hit) return true;
    }
    return false;
}

/* Synthesis, the policy's start and twelve months of one small area, traced: no counter read
 * by two decisions, none twice in a month by one, and every purpose the model names drawn. */
WT_CASE(trace_unique)
{
    const char *ids[] = {"vlaardingen_west", NULL};
    ws_scenario s;
    make_scenario(&s, ids, 1, 1, 0.15);
    policy(&s);
    ws_error e;
    ws_error_clear(&e);
    if (ws_policy_check(&s.policy, &s, &e)) WT_FAIL("policy: %s", e.msg);
    grow(); /* start recording */
    ws_world w;
    int ai = s.area_sel[0];
    g_epoch = -1;
    if (ws__world_init(&w, &s.areas.area[ai], ai, &s.params, s.scale, s.seed, 0, &e))
        WT_FAIL("init: %s", e.msg);
    WT_EQ_INT(ws__iv_init(&w, &s, 0, 0), 0);
    long persons = (long)w.pers.n;
    for (int m = 0; m < 12; m++) {
        g_epoch = m;
        int rc = ws__world_step(&w);
        if (rc) WT_FAIL("month %d: %s", m, w.fault.code ? w.fault.msg : "out of memory");
    }
    printf("%ld persons at the start, %ld block draws, %zu distinct counters, %d call sites\n",
           persons, g_reads, g_used, g_n_sites);
    int missing = 0;
    for (int p = 1; p < WS_RP_N; p++) {
        bool named = named_in_sources(g_purpose[p]);
        printf("  %-15s %10ld draws%s\n", g_purpose[p], g_drawn[p],
               named ? "" : " (not named in sim/model: unused)");
        if (named && g_drawn[p] == 0) {
            fprintf(stderr, "purpose %s is drawn by the model but not by this run\n",
                    g_purpose[p]);
            missing++;
        }
    }
    fflush(stdout);
    int bad = report();
    ws__world_close(&w);
    ws_scenario_close(&s);
    free(g_tab);
    g_tab = NULL;
    WT_EQ_INT(missing, 0);
    WT_EQ_INT(bad, 0);
}

/* ------------------------------------------------------------------------------------------
 * Value reuse by rescaling: a source scan. */

/* Reads path into a string with comments blanked (string literals kept: the model's contain
 * no comment markers). Caller frees. */
static char *code_of(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) WT_FAIL("cannot read %s", path);
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    WT_CHECK(s != NULL);
    WT_EQ_INT(fread(s, 1, (size_t)n, fp), n);
    fclose(fp);
    s[n] = 0;
    for (long j = 0; j < n; j++) {
        if (s[j] == '/' && s[j + 1] == '*') {
            long k = j + 2;
            while (k < n && !(s[k] == '*' && s[k + 1] == '/')) k++;
            for (long x = j; x < k + 2 && x < n; x++)
                if (s[x] != '\n') s[x] = ' ';
            j = k + 1;
        } else if (s[j] == '/' && s[j + 1] == '/') {
            while (j < n && s[j] != '\n') s[j++] = ' ';
        }
    }
    return s;
}

static int line_at(const char *s, const char *at)
{
    int line = 1;
    for (const char *c = s; c < at; c++) line += *c == '\n';
    return line;
}

/* Whether at points at "* <number> - floor(" (spaces optional). */
static bool scaled_minus_floor(const char *at)
{
    if (*at++ != '*') return false;
    while (*at == ' ') at++;
    if (!isdigit((unsigned char)*at)) return false;
    while (isdigit((unsigned char)*at) || *at == '.') at++;
    while (*at == ' ') at++;
    if (*at++ != '-') return false;
    while (*at == ' ') at++;
    return strncmp(at, "floor(", 6) == 0;
}

WT_CASE(no_rescaled_reuse)
{
    if (!g_n_files) g_n_files = model_files(g_files, 64);
    int found = 0;
    for (int f = 0; f < g_n_files; f++) {
        char path[512];
        snprintf(path, sizeof path, "%s/sim/model/%s", WS_SRC_DIR, g_files[f]);
        char *s = code_of(path);
        for (char *c = s; *c; c++) {
            bool fm = strncmp(c, "fmod(", 5) == 0 && (c == s || !(isalnum((unsigned char)c[-1]) ||
                                                                c[-1] == '_'));
            if (fm || scaled_minus_floor(c)) {
                fprintf(stderr, "sim/model/%s:%d: a draw rescaled for a second decision (%s)\n",
                        g_files[f], line_at(s, c), fm ? "fmod(u * k, 1)" : "u * k - floor(u * k)");
                found++;
            }
        }
        free(s);
    }
    WT_EQ_INT(found, 0);
}

WT_MAIN(WT_REG(trace_unique), WT_REG(no_rescaled_reuse))
