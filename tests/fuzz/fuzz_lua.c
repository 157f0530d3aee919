/* fuzz_lua.c: libFuzzer harness for the Lua scenario loader (ws_lua_load_run).
 *
 * Once per process a fresh temporary directory is made holding a copy of the shipped area
 * file as areas/nplv2022.csv (copied from WS_SRC_DIR/scenarios/areas/nplv2022.csv), so
 * inputs can say area_data = "areas/nplv2022.csv". Each input is written there as scen.lua
 * and loaded; the scenario file is removed afterwards. The loader must return 0, WS_EINPUT,
 * WS_EIO or WS_ENOMEM (the sandbox caps memory); on failure the comparison must be empty and
 * the error must carry a message; on success ws_comparison_close frees it. Anything else
 * aborts (a finding). Built with libFuzzer when WS_FUZZ=ON (clang), and always with
 * replay_main.c as fuzz_lua_replay, which replays tests/fuzz/corpus_lua in ctest.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wijksim/err.h"
#include "wijksim/lua_scenario.h"
#include "wijksim/scenario.h"

#ifndef WS_SRC_DIR
#error "WS_SRC_DIR must be defined (the source tree, for scenarios/areas/nplv2022.csv)"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char g_dir[] = "/tmp/ws_fuzz_lua_XXXXXX";
static char g_areas_dir[sizeof g_dir + 16];
static char g_csv[sizeof g_dir + 32];
static char g_scen[sizeof g_dir + 16];
static int g_ready;

static void cleanup(void)
{
    unlink(g_scen);
    unlink(g_csv);
    rmdir(g_areas_dir);
    rmdir(g_dir);
}

static void copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb");
    if (!in) {
        perror(from);
        abort();
    }
    FILE *out = fopen(to, "wb");
    if (!out) {
        perror(to);
        abort();
    }
    char buf[8192];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0) {
        if (fwrite(buf, 1, n, out) != n) {
            perror(to);
            abort();
        }
    }
    if (ferror(in) || fclose(out) != 0) {
        perror(to);
        abort();
    }
    fclose(in);
}

static void setup_once(void)
{
    if (g_ready)
        return;
    if (!mkdtemp(g_dir)) {
        perror("fuzz_lua: mkdtemp");
        abort();
    }
    snprintf(g_areas_dir, sizeof g_areas_dir, "%s/areas", g_dir);
    snprintf(g_csv, sizeof g_csv, "%s/areas/nplv2022.csv", g_dir);
    snprintf(g_scen, sizeof g_scen, "%s/scen.lua", g_dir);
    if (mkdir(g_areas_dir, 0700) != 0) {
        perror(g_areas_dir);
        abort();
    }
    copy_file(WS_SRC_DIR "/scenarios/areas/nplv2022.csv", g_csv);
    atexit(cleanup);
    g_ready = 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    setup_once();

    FILE *f = fopen(g_scen, "wb");
    if (!f) {
        perror(g_scen);
        abort();
    }
    if ((size > 0 && fwrite(data, 1, size, f) != size) || fclose(f) != 0) {
        perror(g_scen);
        abort();
    }

    ws_comparison c;
    memset(&c, 0, sizeof c);
    ws_error e;
    ws_error_clear(&e);
    int rc = ws_lua_load_run(g_scen, &c, &e);
    unlink(g_scen);

    if (rc != 0 && rc != WS_EINPUT && rc != WS_EIO && rc != WS_ENOMEM) {
        fprintf(stderr, "fuzz_lua: unexpected return code %d\n", rc);
        abort();
    }
    if (rc == 0) {
        if (c.n < 1 || c.scen == NULL) {
            fprintf(stderr, "fuzz_lua: success with n = %d\n", c.n);
            abort();
        }
        ws_comparison_close(&c);
    } else {
        if (c.n != 0 || c.scen != NULL) {
            fprintf(stderr, "fuzz_lua: failure (%d) left n = %d\n", rc, c.n);
            abort();
        }
        if (e.msg[0] == '\0') {
            fprintf(stderr, "fuzz_lua: failure (%d) without an error message\n", rc);
            abort();
        }
    }
    return 0;
}
