/* cli_sweep_tools.c: `wijksim merge` (part files of a sharded sweep -> one sweep file) and
 * `wijksim sensitivity` (Sobol indices from a saltelli sweep file).
 */
#include "cli.h"
#include "wijksim/h5_sweep.h"
#include "wijksim/results.h"
#include "wijksim/sweep_run.h"

#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void merge_usage(FILE *f)
{
    fputs("usage: wijksim merge PART.h5... -o FILE.h5\n"
          "\n"
          "Combines the part files of a sweep run as shards (wijksim sweep --shard I/N) into one\n"
          "sweep file, the same as running the sweep in one go. Every part must come from the\n"
          "same sweep file (same SHA-256 and design) and together they must hold every run\n"
          "exactly once.\n"
          "Exit status: 0 ok, 1 runtime failure, 2 bad usage or input.\n",
          f);
}

static int merge_fail(const ws_error *e, int rc)
{
    char msg[2048];
    fprintf(stderr, "wijksim merge: %s\n", ws_error_format(e, msg, sizeof msg));
    return ws_cli_exit_code(rc);
}

/* Checks that part k is from the same sweep as part 0, and marks its runs in owner. */
static int check_part(ws_h5_sweep_in *const *in, int k, const char *path, int *owner,
                      ws_error *e)
{
    const ws_sweep_meta *m0 = ws_h5_sweep_meta(in[0]), *m = ws_h5_sweep_meta(in[k]);
    const ws_sweep_shape *s0 = ws_h5_sweep_shape(in[0]), *s = ws_h5_sweep_shape(in[k]);
    if (!ws_h5_sweep_is_part(in[k]))
        return ws_error_set(e, WS_EINPUT, path, 0, NULL,
                            "not a part file (made by wijksim sweep --shard I/N)");
    if (strcmp(m0->sweep_sha256, m->sweep_sha256) ||
        ws_design_hash(ws_h5_sweep_design(in[0])) != ws_design_hash(ws_h5_sweep_design(in[k])) ||
        memcmp(s0, s, sizeof *s))
        return ws_error_set(e, WS_EINPUT, path, 0, NULL,
                            "this part comes from another sweep than the first part (its sweep "
                            "file, design or shape differ)");
    const unsigned char *done = ws_h5_sweep_done(in[k]);
    for (int r = 0; r < s->n_points * s->n_rep; r++) {
        if (!done[r]) continue;
        if (owner[r] >= 0)
            return ws_error_set(e, WS_EINPUT, path, 0, NULL,
                                "run %d (point %d, replication %d) is also in part #%d: give "
                                "each shard once",
                                r, r / s->n_rep, r % s->n_rep, owner[r] + 1);
        owner[r] = k;
    }
    return 0;
}

int ws_cli_merge(int argc, char **argv, const char *command_line)
{
    const char *out = NULL;
    const char **parts = calloc((size_t)argc, sizeof *parts);
    int n = 0;
    if (!parts) return WS_EXIT_RUNTIME;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            merge_usage(stdout);
            free(parts);
            return WS_EXIT_OK;
        } else if (!strcmp(argv[i], "-o") || !strcmp(argv[i], "--output")) {
            out = i + 1 < argc ? argv[++i] : NULL;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "wijksim merge: unknown option '%s'\n", argv[i]);
            free(parts);
            return WS_EXIT_USAGE;
        } else {
            parts[n++] = argv[i];
        }
    }
    if (!out || n == 0) {
        merge_usage(stderr);
        free(parts);
        return WS_EXIT_USAGE;
    }
    ws_error e;
    ws_error_clear(&e);
    ws_h5_sweep_in **in = calloc((size_t)n, sizeof *in);
    int rc = in ? 0 : ws_error_set(&e, WS_ENOMEM, NULL, 0, NULL, "out of memory");
    int *owner = NULL;
    for (int k = 0; k < n && !rc; k++) {
        rc = ws_h5_sweep_open(parts[k], &in[k], &e);
        if (!rc && k == 0) {
            const ws_sweep_shape *s = ws_h5_sweep_shape(in[0]);
            owner = malloc(sizeof *owner * (size_t)(s->n_points * s->n_rep));
            if (!owner) rc = ws_error_set(&e, WS_ENOMEM, NULL, 0, NULL, "out of memory");
            for (int r = 0; !rc && r < s->n_points * s->n_rep; r++) owner[r] = -1;
        }
        if (!rc) rc = check_part(in, k, parts[k], owner, &e);
    }
    const ws_sweep_shape *sh = rc ? NULL : ws_h5_sweep_shape(in[0]);
    int missing = 0, first = -1;
    for (int r = 0; sh && r < sh->n_points * sh->n_rep; r++)
        if (owner[r] < 0 && missing++ == 0) first = r;
    if (!rc && missing)
        rc = ws_error_set(&e, WS_EINPUT, parts[0], 0, NULL,
                          "the parts hold %d of %d runs: %d are missing (the first is run %d: "
                          "point %d, replication %d); give every shard's part file",
                          sh->n_points * sh->n_rep - missing, sh->n_points * sh->n_rep, missing,
                          first, first / sh->n_rep, first % sh->n_rep);
    ws_h5_sweep *w = NULL;
    if (!rc) {
        ws_sweep_meta m = *ws_h5_sweep_meta(in[0]);
        ws_cli_meta_start(&m.run, command_line, omp_get_max_threads());
        snprintf(m.split, sizeof m.split, "merge of %d part%s", n, n > 1 ? "s" : "");
        rc = ws_h5_sweep_create(&w, out, &m, ws_h5_sweep_design(in[0]), sh, NULL, parts[0],
                                false, &e);
    }
    double *buf = rc ? NULL : malloc(sizeof *buf * ws_sweep_payload_len(sh));
    if (!rc && !buf) rc = ws_error_set(&e, WS_ENOMEM, NULL, 0, NULL, "out of memory");
    for (int r = 0; !rc && r < sh->n_points * sh->n_rep; r++) {
        rc = ws_h5_sweep_get(in[owner[r]], r / sh->n_rep, r % sh->n_rep, buf, &e);
        if (!rc) rc = ws_h5_sweep_put(w, r / sh->n_rep, r % sh->n_rep, buf, &e);
    }
    if (w && !rc) {
        char finished[40];
        ws_cli_iso_now(finished, sizeof finished);
        rc = ws_h5_sweep_finish(w, finished, &e);
    } else {
        ws_h5_sweep_abort(w);
    }
    free(buf);
    free(owner);
    for (int k = 0; in && k < n; k++) ws_h5_sweep_close(in[k]);
    free(in);
    free(parts);
    if (rc) return merge_fail(&e, rc);
    fprintf(stderr, "wrote %s (%d parts)\n", out, n);
    return WS_EXIT_OK;
}

/* ---- sensitivity ------------------------------------------------------------------------ */

static void sens_usage(FILE *f)
{
    fputs("usage: wijksim sensitivity FILE.h5 --indicator NAME --year Y [--boot B]\n"
          "                           [--level L] [--csv]\n"
          "\n"
          "First-order (S1) and total (ST) Sobol indices of one indicator (all areas together,\n"
          "mean over each point's replications) in one year, from a sweep with design =\n"
          "\"saltelli\": S1 is the share of the output's variance due to a factor alone, ST the\n"
          "share it has a hand in (with interactions). Intervals: percentile bootstrap over the\n"
          "base rows.\n"
          "  --indicator NAME   an indicator (wijksim info FILE lists them)\n"
          "  --year Y           a calendar year of the sweep\n"
          "  --boot B           bootstrap resamples (default 2000)\n"
          "  --level L          interval level, 0 < L < 1 (default 0.95)\n"
          "  --csv              factor,param,S1,S1_lo,S1_hi,ST,ST_lo,ST_hi with a header line\n"
          "Exit status: 0 ok, 1 runtime failure, 2 bad usage or input.\n",
          f);
}

int ws_cli_sensitivity(int argc, char **argv)
{
    const char *path = NULL, *ind = NULL;
    long long year = 0, boot = 2000;
    double level = 0.95;
    bool csv = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            sens_usage(stdout);
            return WS_EXIT_OK;
        } else if (!strcmp(a, "--csv")) {
            csv = true;
        } else if (!strcmp(a, "--indicator") && val) {
            ind = argv[++i];
        } else if (!strcmp(a, "--year") && val && !ws_cli_parse_long(val, 1900, 2200, &year)) {
            i++;
        } else if (!strcmp(a, "--boot") && val && !ws_cli_parse_long(val, 10, 1000000, &boot)) {
            i++;
        } else if (!strcmp(a, "--level") && val) {
            char *end;
            level = strtod(argv[++i], &end);
            if (*end || !(level > 0 && level < 1)) {
                fprintf(stderr, "wijksim sensitivity: --level needs 0 < L < 1, got '%s'\n", val);
                return WS_EXIT_USAGE;
            }
        } else if (a[0] == '-' || path) {
            fprintf(stderr, "wijksim sensitivity: bad argument '%s'%s\n", a,
                    val ? "" : " (missing its value?)");
            sens_usage(stderr);
            return WS_EXIT_USAGE;
        } else {
            path = a;
        }
    }
    if (!path || !ind || !year) {
        sens_usage(stderr);
        return WS_EXIT_USAGE;
    }
    ws_error e;
    ws_error_clear(&e);
    ws_h5_sweep_in *in = NULL;
    double *y = NULL;
    int rc = ws_h5_sweep_open(path, &in, &e);
    const ws_design *d = rc ? NULL : ws_h5_sweep_design(in);
    if (!rc && d->kind != WS_DESIGN_SALTELLI)
        rc = ws_error_set(&e, WS_EINPUT, path, 0, "design",
                          "Sobol indices need a sweep with design = \"saltelli\"; this one is "
                          "\"%s\"",
                          ws_design_kind_name(d->kind));
    if (!rc) rc = ws_h5_sweep_point_means(in, ind, (int)year, &y, &e);
    ws_sobol_index *ix = rc ? NULL : calloc((size_t)d->n_factors, sizeof *ix);
    if (!rc && !ix) rc = ws_error_set(&e, WS_ENOMEM, NULL, 0, NULL, "out of memory");
    double var = 0;
    if (!rc) rc = ws_sobol_indices(d, y, (int)boot, level, d->seed, ix, &var, &e);
    if (!rc) {
        const ws_sweep_shape *sh = ws_h5_sweep_shape(in);
        if (csv) {
            puts("factor,param,S1,S1_lo,S1_hi,ST,ST_lo,ST_hi");
            for (int j = 0; j < d->n_factors; j++)
                printf("%s,%s,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g\n", d->factor[j].name,
                       d->factor[j].param, ix[j].s1, ix[j].s1_lo, ix[j].s1_hi, ix[j].st,
                       ix[j].st_lo, ix[j].st_hi);
        } else {
            int k = ws_indicator_find(ind);
            printf("Sobol indices of %s (%s) in %lld, all areas, mean of %d replication%s per "
                   "point\n"
                   "saltelli design: %d base rows, %d factors, %d points; output variance %.6g; "
                   "%lld bootstrap resamples, %.0f %% intervals\n\n"
                   "%-24s %9s %21s %9s %21s\n",
                   ind, k >= 0 ? ws_indicators[k].units : "", year, sh->n_rep,
                   sh->n_rep > 1 ? "s" : "", d->n_base, d->n_factors, d->n_points, var, boot,
                   level * 100, "factor", "S1", "interval", "ST", "interval");
            for (int j = 0; j < d->n_factors; j++)
                printf("%-24s %9.4f [%8.4f, %8.4f] %9.4f [%8.4f, %8.4f]\n", d->factor[j].name,
                       ix[j].s1, ix[j].s1_lo, ix[j].s1_hi, ix[j].st, ix[j].st_lo, ix[j].st_hi);
            if (var == 0)
                puts("\nthe output does not vary over the design: the indices are undefined");
        }
    }
    free(ix);
    free(y);
    ws_h5_sweep_close(in);
    if (rc) {
        char msg[2048];
        fprintf(stderr, "wijksim sensitivity: %s\n", ws_error_format(&e, msg, sizeof msg));
    }
    return ws_cli_exit_code(rc);
}
