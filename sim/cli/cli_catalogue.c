/* cli_catalogue.c: `wijksim catalogue` — the intervention catalogue as a table, one row per
 * intervention of a scenario that lists the entries (default scenarios/catalogue_all.lua, which
 * puts every entry of scenarios/catalogue.lua in one package).
 *
 * Design. The scenario is read with the public loader (ws_lua_load_scenario), so each row shows
 * what a scenario gets — defaults, overrides and the loader's conversions — and never what the
 * Lua text merely says. The domain of a row comes from the two tables below, keyed by the
 * transition or place target; rows are ordered by domain as the catalogue file groups them, and
 * by their order in the scenario within a domain. `--markdown` prints the table README.md shows
 * under its `<!-- catalogue: ... -->` line; tests/catalogue_cli_test.sh (readme_table) fails when
 * the two differ.
 */
#include "cli.h"

#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "wijksim/intervention.h"
#include "wijksim/lua_scenario.h"

#define DEFAULT_FILE "scenarios/catalogue_all.lua"

/* The five domains in the catalogue's order (README "The model"): money and debt count as work,
 * neighbourhood cohesion and the allocation rule as housing. */
static const char *const domains[] = {"education", "work", "safety", "housing", "health"};
enum { N_DOMAINS = sizeof domains / sizeof domains[0] };

/* Domain of each transition (transitions.def); NULL: none yet (shown as "-", sorted last). */
static const char *const tx_domain[WS_TX_N] = {
    [WS_TX_JOB_FINDING] = "work",      [WS_TX_JOB_LOSS] = "work",
    [WS_TX_BIJSTAND_EXIT] = "work",    [WS_TX_DEBT_EXIT] = "work",
    [WS_TX_DEBT_ONSET] = "work",       [WS_TX_DROPOUT] = "education",
    [WS_TX_ACHIEVEMENT] = "education", [WS_TX_OFFENDING_ONSET] = "safety",
    [WS_TX_DESISTANCE] = "safety",     [WS_TX_NETWORK_RECRUIT] = "safety",
    [WS_TX_DISTRESS_ONSET] = "health", [WS_TX_DISTRESS_RECOVERY] = "health",
    [WS_TX_HEALTH_DECLINE] = "health", [WS_TX_LONELY_ONSET] = "health",
};

/* Domain of each place target (place_targets.def) and the unit its cost_per_unit buys. */
static const struct {
    const char *domain, *unit;
} place_info[WS_PL_N] = {
    [WS_PL_RENOVATION] = {"housing", "dwelling"},
    [WS_PL_DEMOLITION_NEWBUILD] = {"housing", "dwelling"},
    [WS_PL_POLICE] = {"safety", "FTE"},
    [WS_PL_COHESION] = {"housing", "point"},
    [WS_PL_SCHOOL_QUALITY] = {"education", "SD"},
    [WS_PL_DEBT_SERVICE] = {"work", "start a month"},
    [WS_PL_CARE] = {"health", "start a month"},
    [WS_PL_ALLOCATION] = {"housing", "share"},
};

/* The Lua key of each effect form (enum ws_effect_type). */
static const char *const effect_key[] = {"hr", "odds_ratio", "shift"};

/* How a `who` condition that is true or false reads, and whether it is the household's (those
 * select the household's adults unless who.member says otherwise). */
static const struct {
    size_t offset;
    const char *yes, *no;
    bool household;
} flags[] = {
    {offsetof(ws_selector, low_income), "low income", "not low income", true},
    {offsetof(ws_selector, bijstand), "bijstand household", "no bijstand", true},
    {offsetof(ws_selector, debt), "in debt", "not in debt", true},
    {offsetof(ws_selector, offender), "offender", "not an offender", false},
    {offsetof(ws_selector, network), "in a network", "not in a network", false},
    {offsetof(ws_selector, distress), "in distress", "not in distress", false},
    {offsetof(ws_selector, good_health), "good health", "not in good health", false},
    {offsetof(ws_selector, lonely), "lonely", "not lonely", false},
    {offsetof(ws_selector, no_qualification), "no qualification", "qualified", false},
};

static void usage(FILE *f)
{
    fprintf(f,
            "usage: wijksim catalogue [FILE.lua] [--markdown]\n"
            "\n"
            "Lists the interventions of a scenario, one row each: name, domain, who takes part,\n"
            "effect (with its 95 %% range), cost and evidence. FILE.lua defaults to\n"
            "%s (every catalogue entry with its defaults; run from the\n"
            "source tree). A comparison is refused: give a file that returns wijksim.scenario.\n"
            "  --markdown   a markdown table, as README.md shows it\n"
            "Exit status: 0 ok, 1 runtime failure, 2 bad usage or bad input.\n",
            DEFAULT_FILE);
}

/* A text being built in a fixed buffer; a part that does not fit is cut, never overrun. */
typedef struct {
    char *s;
    size_t n, len;
} text;

static void add(text *t, const char *fmt, ...)
{
    if (t->len + 1 >= t->n) return;
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(t->s + t->len, t->n - t->len, fmt, ap);
    va_end(ap);
    if (k > 0) t->len += (size_t)k < t->n - t->len ? (size_t)k : t->n - t->len - 1;
}

/* Starts a part of a list: "; " before every part but the first. */
static void part(text *t)
{
    if (t->len) add(t, "; ");
}

/* The names of mask bits of name list l, joined by "/". */
static void add_mask(text *t, int l, uint32_t mask)
{
    const ws_state_names *names = ws_name_list_get(l);
    if (!mask || !names) return;
    part(t);
    bool first = true;
    for (int v = 0; v < names->n; v++)
        if ((mask >> v) & 1u) {
            add(t, "%s%s", first ? "" : "/", names->lua[v] ? names->lua[v] : "?");
            first = false;
        }
}

/* EUR with thousands separators: "EUR 12,000", "EUR 4.5" for amounts below 1. */
static void add_eur(text *t, double v)
{
    char digits[32];
    if (v < 1 || v != (double)(long long)v) {
        add(t, "EUR %g", v);
        return;
    }
    snprintf(digits, sizeof digits, "%lld", (long long)v);
    add(t, "EUR ");
    size_t n = strlen(digits);
    for (size_t k = 0; k < n; k++)
        add(t, "%s%c", k && (n - k) % 3 == 0 ? "," : "", digits[k]);
}

static bool household_transition(const ws_intervention *v)
{
    const ws_transition_info *x = ws_transition_get(v->transition);
    return v->kind == WS_IV_PERSON && x && x->takes == WS_TXW_HOUSEHOLD;
}

/* Who takes part: the selector's conditions, and which household members. */
static void who_text(const ws_intervention *v, char *out, size_t n)
{
    text t = {out, n, 0};
    out[0] = '\0';
    if (v->kind == WS_IV_PLACE) {
        add(&t, "the area");
        return;
    }
    const ws_selector *w = &v->who;
    if (w->age_min > 0 || w->age_max < 120) {
        part(&t);
        if (w->age_max >= 120)
            add(&t, "age %d+", w->age_min);
        else
            add(&t, "age %d-%d", w->age_min, w->age_max);
    }
    if (w->sex >= 0) {
        const ws_state_names *s = ws_name_list_get(WS_NL_SEX);
        part(&t);
        add(&t, "%s", s && w->sex < s->n && s->lua[w->sex] ? s->lua[w->sex] : "?");
    }
    add_mask(&t, WS_NL_LABOUR, w->labour_mask);
    add_mask(&t, WS_NL_STAGE, w->stage_mask);
    add_mask(&t, WS_NL_TRACK, w->track_mask);
    add_mask(&t, WS_NL_TENURE, w->tenure_mask);
    bool household = false;
    for (size_t k = 0; k < sizeof flags / sizeof flags[0]; k++) {
        int val = *(const int *)((const char *)w + flags[k].offset);
        if (val < 0) continue;
        part(&t);
        add(&t, "%s", val ? flags[k].yes : flags[k].no);
        household |= flags[k].household;
    }
    if (!t.len) add(&t, "anyone");
    static const char *const members[] = {"any member", "adults", "head", "partner", "children"};
    if (household_transition(v))
        add(&t, " (household head)");
    else if (w->member > WS_MB_ANY && w->member <= WS_MB_CHILD)
        add(&t, " (%s)", members[w->member]);
    else if (w->member == WS_MB_AUTO && household)
        add(&t, " (adults)");
}

/* A ratio or shift with its uncertainty: "hr 1.14 (95% 1.04 to 1.25)", "shift 0 to 0.1
 * (uniform)", "hr 1.2 (fixed)". */
static void add_effect(text *t, const ws_intervention *v)
{
    const char *key =
        v->effect_type >= 0 && v->effect_type <= WS_EF_SHIFT ? effect_key[v->effect_type] : "?";
    const ws_dist *d = &v->effect;
    double lo = d->a, hi = d->a;
    switch (d->kind) {
    case WS_DIST_UNIFORM:
        add(t, "%s %g to %g (uniform)", key, d->a, d->b);
        return;
    case WS_DIST_NORMAL:
        lo = d->a - 1.96 * d->b, hi = d->a + 1.96 * d->b;
        break;
    case WS_DIST_LOGNORMAL:
        lo = d->a * exp(-1.96 * d->b), hi = d->a * exp(1.96 * d->b);
        break;
    default:
        add(t, "%s %g (fixed)", key, d->a);
        return;
    }
    add(t, "%s %g (95%% %.2f to %.2f)", key, d->a, lo, hi);
}

/* What the programme does: a person programme's effect, a place programme's level. */
static void effect_text(const ws_intervention *v, char *out, size_t n)
{
    text t = {out, n, 0};
    out[0] = '\0';
    if (v->kind == WS_IV_PERSON) {
        add_effect(&t, v);
        if (v->effect_by_risk != 0) add(&t, "; by risk %g", v->effect_by_risk);
        return;
    }
    const ws_place_target_info *x = ws_place_target_get(v->place_target);
    const char *unit = x ? x->unit : "?";
    if (x && x->form == WS_PLF_RATIO) {
        add_effect(&t, v);
        add(&t, " per %g %s; %g %s", v->effect_per, place_info[v->place_target].unit,
            v->amount_per_year, unit);
    } else {
        add(&t, "%g %s", v->amount_per_year, unit);
    }
    if (v->spillover != 0) add(&t, "; spillover %g", v->spillover);
}

/* The variable cost (per participant, household or unit) and the fixed cost. */
static void cost_text(const ws_intervention *v, char *out, size_t n)
{
    text t = {out, n, 0};
    out[0] = '\0';
    bool person = v->kind == WS_IV_PERSON;
    double var = person ? v->cost_per_participant : v->cost_per_unit;
    if (var > 0) {
        add_eur(&t, var);
        add(&t, " per %s",
            person ? (household_transition(v) ? "household" : "participant")
                   : place_info[v->place_target].unit);
    }
    if (v->fixed_cost_per_year > 0) {
        part(&t);
        add_eur(&t, v->fixed_cost_per_year);
        add(&t, " a year per area (fixed)");
    }
    if (!t.len) add(&t, "none");
}

static const char *domain_of(const ws_intervention *v)
{
    const char *d = NULL;
    if (v->kind == WS_IV_PLACE && v->place_target >= 0 && v->place_target < WS_PL_N)
        d = place_info[v->place_target].domain;
    else if (v->kind == WS_IV_PERSON && v->transition >= 0 && v->transition < WS_TX_N)
        d = tx_domain[v->transition];
    return d ? d : "-";
}

static int domain_rank(const char *d)
{
    for (int k = 0; k < N_DOMAINS; k++)
        if (!strcmp(d, domains[k])) return k;
    return N_DOMAINS;
}

enum { COL_NAME, COL_DOMAIN, COL_WHO, COL_EFFECT, COL_COST, COL_EVIDENCE, N_COLS };
static const char *const headers[N_COLS] = {"name", "domain", "who", "effect", "cost", "evidence"};

typedef struct {
    char cell[N_COLS][256];
} row;

/* Writes s as a markdown cell: '|' escaped. */
static void md_cell(const char *s)
{
    for (const char *p = s; *p; p++) {
        if (*p == '|') fputc('\\', stdout);
        fputc(*p, stdout);
    }
}

static void print_rows(const row *rows, int n, bool markdown)
{
    if (markdown) {
        for (int c = 0; c < N_COLS; c++)
            printf("| %s ", headers[c]);
        puts("|");
        for (int c = 0; c < N_COLS; c++)
            fputs("|---", stdout);
        puts("|");
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < N_COLS; c++) {
                fputs(c == COL_NAME ? "| `" : "| ", stdout);
                md_cell(rows[r].cell[c]);
                fputs(c == COL_NAME ? "` " : " ", stdout);
            }
            puts("|");
        }
        return;
    }
    int width[N_COLS];
    for (int c = 0; c < N_COLS; c++) {
        width[c] = (int)strlen(headers[c]);
        for (int r = 0; r < n; r++) {
            int len = (int)strlen(rows[r].cell[c]);
            if (len > width[c]) width[c] = len;
        }
    }
    for (int c = 0; c < N_COLS; c++)
        printf("%-*s%s", c + 1 < N_COLS ? width[c] : 0, headers[c], c + 1 < N_COLS ? "  " : "\n");
    for (int r = 0; r < n; r++)
        for (int c = 0; c < N_COLS; c++)
            printf("%-*s%s", c + 1 < N_COLS ? width[c] : 0, rows[r].cell[c],
                   c + 1 < N_COLS ? "  " : "\n");
}

int ws_cli_catalogue(int argc, char **argv)
{
    const char *path = NULL;
    bool markdown = false, defaulted = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage(stdout);
            return WS_EXIT_OK;
        } else if (!strcmp(a, "--markdown")) {
            markdown = true;
        } else if (a[0] == '-' && a[1]) {
            return ws_cli_bad_usage("catalogue", "unknown option '%s'", a);
        } else if (path) {
            return ws_cli_bad_usage("catalogue", "one scenario file, not also '%s'", a);
        } else {
            path = a;
        }
    }
    if (!path) path = DEFAULT_FILE, defaulted = true;

    ws_scenario s;
    ws_error err;
    ws_error_clear(&err);
    int rc = ws_lua_load_scenario(path, &s, &err);
    if (rc) {
        char msg[2048];
        fprintf(stderr, "wijksim catalogue: %s\n", ws_error_format(&err, msg, sizeof msg));
        if (defaulted && rc == WS_EIO)
            fprintf(stderr, "wijksim catalogue: the default file is relative to the source tree; "
                            "run there or give FILE.lua\n");
        return ws_cli_exit_code(rc);
    }
    static row rows[WS_MAX_INTERVENTIONS];
    int order[WS_MAX_INTERVENTIONS], n = s.policy.n_interventions;
    for (int i = 0; i < n; i++) { /* insertion sort by domain: stable, scenario order within */
        const ws_intervention *v = &s.policy.iv[i];
        int k = i, rank = domain_rank(domain_of(v));
        while (k > 0 && domain_rank(domain_of(&s.policy.iv[order[k - 1]])) > rank) {
            order[k] = order[k - 1];
            k--;
        }
        order[k] = i;
    }
    const ws_state_names *ev = ws_name_list_get(WS_NL_EVIDENCE);
    for (int r = 0; r < n; r++) {
        const ws_intervention *v = &s.policy.iv[order[r]];
        row *w = &rows[r];
        snprintf(w->cell[COL_NAME], sizeof w->cell[COL_NAME], "%s", v->name);
        snprintf(w->cell[COL_DOMAIN], sizeof w->cell[COL_DOMAIN], "%s", domain_of(v));
        who_text(v, w->cell[COL_WHO], sizeof w->cell[COL_WHO]);
        effect_text(v, w->cell[COL_EFFECT], sizeof w->cell[COL_EFFECT]);
        cost_text(v, w->cell[COL_COST], sizeof w->cell[COL_COST]);
        snprintf(w->cell[COL_EVIDENCE], sizeof w->cell[COL_EVIDENCE], "%s",
                 ev && v->evidence >= 0 && v->evidence < ev->n ? ev->lua[v->evidence] : "?");
    }
    print_rows(rows, n, markdown);
    ws_scenario_close(&s);
    return WS_EXIT_OK;
}
