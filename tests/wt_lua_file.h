/* wt_lua_file.h: test helper for generated scenario files — a fresh temporary folder holding a
 * copy of the three-area file tests/data/lua/areas3.csv, where a test writes scenario text
 * (area_data = "areas3.csv") and loads it (shared by test_lua.c and test_fields.c). */
#ifndef WT_LUA_FILE_H
#define WT_LUA_FILE_H

#include "wt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct wt_dir {
    char path[64];  /* the folder */
    char scen[128]; /* its scenario file, rewritten by wt_dir_write */
    char csv[128];  /* the copy of areas3.csv */
} wt_dir;

/* Makes the folder and copies the area file into it; fails the case on error. */
static void wt_dir_make(wt_dir *d)
{
    snprintf(d->path, sizeof d->path, "/tmp/wt_lua_XXXXXX");
    if (!mkdtemp(d->path)) WT_FAIL("mkdtemp failed");
    snprintf(d->scen, sizeof d->scen, "%s/scen.lua", d->path);
    snprintf(d->csv, sizeof d->csv, "%s/areas3.csv", d->path);
    FILE *in = fopen(WS_SRC_DIR "/tests/data/lua/areas3.csv", "rb"), *out = fopen(d->csv, "wb");
    WT_CHECK(in != NULL && out != NULL);
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0) WT_CHECK(fwrite(buf, 1, n, out) == n);
    fclose(in);
    WT_CHECK(fclose(out) == 0);
}

/* Writes text as the folder's scenario file (d->scen). */
static void wt_dir_write(const wt_dir *d, const char *text)
{
    FILE *f = fopen(d->scen, "wb");
    WT_CHECK(f != NULL);
    WT_CHECK(fputs(text, f) >= 0);
    WT_CHECK(fclose(f) == 0);
}

/* Removes the folder and what the helpers put in it. */
static void wt_dir_remove(const wt_dir *d)
{
    unlink(d->scen);
    unlink(d->csv);
    rmdir(d->path);
}

#endif
