/* cli_list.c: `wijksim interventions` — what interventions can change and the keys they take,
 * printed from the core's declarations: transitions.def, place_targets.def, states.h and
 * intervention_fields.def (through intervention.h and policy.c).
 *
 * Design. Nothing here is written twice: every name, bound, default and doc comes from the
 * tables, so the listing cannot drift from what the loader accepts. `--markdown` prints the key
 * tables of README.md's Interventions section; tests/fields_cli_test.sh (readme_keys) checks
 * that the README holds these rows (keys, types, defaults, ranges and programme kinds).
 */
#include "cli.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "wijksim/intervention.h"
#include "wijksim/states.h"

static void usage(FILE *f)
{
    fputs("usage: wijksim interventions [--markdown]\n"
          "\n"
          "Lists what interventions can change and the keys they take: the transitions of\n"
          "person programmes (with the order priority = \"risk\" serves), the place targets of\n"
          "place programmes, the states a `who` selector names, and every key of\n"
          "wijksim.intervention and wijksim.package with its type, default, range and meaning.\n"
          "  --markdown   only the key tables, as README.md shows them\n",
          f);
}

/* Writes names of list l joined by ", " into out (size n). */
static void names_joined(int l, char *out, size_t n)
{
    const ws_state_names *t = ws_name_list_get(l);
    size_t len = 0;
    out[0] = '\0';
    for (int v = 0; t && v < t->n && len < n; v++)
        if (t->lua[v]) len += (size_t)snprintf(out + len, n - len, "%s%s", len ? ", " : "", t->lua[v]);
}

/* The key inside table key `parent` whose `when` is `when`, or NULL. */
static const ws_field *child_when(const char *parent, int when)
{
    size_t n = strlen(parent);
    for (int f = 0; f < WS_IVF_N; f++) {
        const ws_field *c = ws_iv_field_get(f);
        if (strncmp(c->key, parent, n) == 0 && c->key[n] == '.' && c->when == when) return c;
    }
    return NULL;
}

/* The default of key f, as the tables show it. */
static void default_text(const ws_field *f, char *out, size_t n)
{
    const ws_state_names *t = ws_name_list_get(f->names);
    switch (f->type) {
    case WS_FT_NUMBER:
    case WS_FT_INTEGER:
        if (isnan(f->def))
            snprintf(out, n, "-");
        else
            snprintf(out, n, "%g", f->def);
        return;
    case WS_FT_STRING: snprintf(out, n, "\"\""); return;
    case WS_FT_ENUM:
        if (f->def < 0 || !t || (int)f->def >= t->n)
            snprintf(out, n, "any");
        else
            snprintf(out, n, "%s", t->lua[(int)f->def]);
        return;
    case WS_FT_YESNO: snprintf(out, n, "either"); return;
    case WS_FT_NAMES: snprintf(out, n, "any"); return;
    case WS_FT_AGES: snprintf(out, n, "any"); return;
    case WS_FT_SHARES: snprintf(out, n, "all to payer"); return;
    case WS_FT_AREAS: snprintf(out, n, "all"); return;
    case WS_FT_EFFECT: { /* the key of the default form, with its default */
        int when = f->def == WS_EF_ODDS_RATIO ? WS_FW_ODDS
                   : f->def == WS_EF_SHIFT    ? WS_FW_SHIFT
                                              : WS_FW_HR;
        const ws_field *c = child_when(f->key, when);
        if (c)
            snprintf(out, n, "{ %s = %g }", strrchr(c->key, '.') + 1, c->def);
        else
            snprintf(out, n, "-");
        return;
    }
    case WS_FT_DIST: snprintf(out, n, "none"); return;
    default: snprintf(out, n, "-"); return;
    }
}

/* The values key f takes, as the tables show them: "[0, 1]", "(0, 100]", names, ... */
static void range_text(const ws_field *f, char *out, size_t n)
{
    char names[600];
    switch (f->type) {
    case WS_FT_NUMBER:
    case WS_FT_INTEGER:
    case WS_FT_SHARES:
    case WS_FT_AGES: {
        if (f->flags & WS_FF_AS_EFFECT) {
            snprintf(out, n, "as the effect's key");
            return;
        }
        size_t len = (size_t)snprintf(out, n, "%s%g, %g%s", (f->flags & WS_FF_LO_OPEN) ? "(" : "[",
                                      f->lo, f->hi, (f->flags & WS_FF_HI_OPEN) ? ")" : "]");
        if ((f->flags & WS_FF_SIGNED) && len < n) {
            size_t k = 0;
            names[0] = '\0';
            for (int p = 0; p < WS_PL_N; p++) {
                const ws_place_target_info *t = ws_place_target_get(p);
                if (t->negative)
                    k += (size_t)snprintf(names + k, sizeof names - k, "%s%s", k ? ", " : "",
                                          t->name);
            }
            snprintf(out + len, n - len, "; below 0 only for %s", names);
        }
        return;
    }
    case WS_FT_ENUM:
    case WS_FT_NAMES:
        names_joined(f->names, out, n);
        return;
    case WS_FT_YESNO: snprintf(out, n, "true, false"); return;
    default: snprintf(out, n, "-"); return;
    }
}

static const char *prog_text(int prog)
{
    return prog == WS_FP_PERSON ? "person"
           : prog == WS_FP_PLACE ? "place"
           : prog == WS_FP_BOTH  ? "both"
                                 : "package";
}

/* Prints s as a markdown table cell: '|' escaped. */
static void cell(const char *s)
{
    for (; *s; s++) {
        if (*s == '|') putchar('\\');
        putchar(*s);
    }
}

/* One table of keys: markdown rows, or an indented listing. */
static void print_keys(const ws_field *(*get)(int), int n_keys, bool markdown)
{
    if (markdown) {
        puts("| key | type | default | range | for | meaning |");
        puts("|---|---|---|---|---|---|");
    }
    for (int k = 0; k < n_keys; k++) {
        const ws_field *f = get(k);
        char def[160], range[700];
        default_text(f, def, sizeof def);
        range_text(f, range, sizeof range);
        const char *type = ws_field_type_name(f->type), *unit = f->unit;
        if (markdown) {
            printf("| `%s` | %s | %s | %s | %s | ", f->key, type, def, range, prog_text(f->prog));
            cell(f->doc);
            printf("%s%s%s |\n", unit[0] ? " [" : "", unit, unit[0] ? "]" : "");
        } else
            printf("  %-24s %-13s %-7s default %s; %s%s%s\n      %s\n", f->key, type,
                   prog_text(f->prog), def, range, unit[0] ? "; " : "", unit, f->doc);
    }
}

int ws_cli_interventions(int argc, char **argv)
{
    bool markdown = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        bool help = !strcmp(a, "-h") || !strcmp(a, "--help");
        markdown |= !strcmp(a, "--markdown");
        if (help || strcmp(a, "--markdown") != 0) {
            if (!help) fprintf(stderr, "wijksim interventions: unknown argument '%s'\n", a);
            usage(help ? stdout : stderr);
            return help ? WS_EXIT_OK : WS_EXIT_USAGE;
        }
    }
    if (markdown) {
        print_keys(ws_iv_field_get, WS_IVF_N, true);
        puts("");
        print_keys(ws_pk_field_get, WS_PKF_N, true);
        return WS_EXIT_OK;
    }
    puts("Transitions (person programmes: transition = \"...\"; priority = \"risk\" serves in "
         "the order shown):");
    for (int t = 0; t < WS_TX_N; t++) {
        const ws_transition_info *x = ws_transition_get(t);
        printf("  %-20s %-26s %-14s %s\n      %s\n", x->name,
               x->effect == WS_TXE_SHIFT ? "effect { shift = x }" : "effect { hr | odds_ratio }",
               x->rank == WS_RANK_HIGH_FIRST ? "highest first" : "lowest first", x->unit, x->doc);
    }
    puts("\nPlace targets (place programmes: place_target = \"...\"):");
    for (int t = 0; t < WS_PL_N; t++) {
        const ws_place_target_info *x = ws_place_target_get(t);
        printf("  %-20s %-10s %-18s %s\n      %s\n", x->name,
               x->form == WS_PLF_DWELLINGS  ? "dwellings"
               : x->form == WS_PLF_CAPACITY ? "capacity"
                                            : "shift",
               x->negative ? "amount may be < 0" : "amount >= 0", x->unit, x->doc);
    }
    puts("\nSelector states (who = { labour = { ... }, ... }):");
    static const int lists[] = {WS_NL_LABOUR, WS_NL_STAGE, WS_NL_TRACK, WS_NL_TENURE, WS_NL_SEX};
    for (size_t l = 0; l < sizeof lists / sizeof lists[0]; l++) {
        const ws_state_names *t = ws_name_list_get(lists[l]);
        printf("  who.%s:\n", t->what);
        for (int v = 0; v < t->n; v++)
            if (t->lua[v]) printf("    %-14s %s\n", t->lua[v], t->doc[v]);
    }
    puts("\nKeys of wijksim.intervention (for: person or place programmes, or both):");
    print_keys(ws_iv_field_get, WS_IVF_N, false);
    puts("\nKeys of wijksim.package:");
    print_keys(ws_pk_field_get, WS_PKF_N, false);
    return WS_EXIT_OK;
}
