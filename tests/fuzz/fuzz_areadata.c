/* fuzz_areadata.c: libFuzzer harness for the area-data reader (ws_area_table_load).
 *
 * Each input is written to a temporary file and loaded. The reader must return 0, WS_EINPUT
 * or WS_EIO; on failure the table must be empty and the error must carry a message. Any other
 * outcome aborts (a finding). Built with libFuzzer when WS_FUZZ=ON (clang), and always with
 * replay_main.c as fuzz_areadata_replay, which replays tests/fuzz/corpus_areadata in ctest.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wijksim/area.h"
#include "wijksim/err.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void write_all(int fd, const uint8_t *data, size_t size)
{
    while (size > 0) {
        ssize_t w = write(fd, data, size);
        if (w <= 0) {
            perror("fuzz_areadata: write");
            abort();
        }
        data += w;
        size -= (size_t)w;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[] = "/tmp/ws_fuzz_areadata_XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) {
        perror("fuzz_areadata: mkstemp");
        abort();
    }
    write_all(fd, data, size);
    close(fd);

    ws_area_table t;
    memset(&t, 0xA5, sizeof t); /* the loader must initialise every field it promises */
    ws_error e;
    ws_error_clear(&e);
    int rc = ws_area_table_load(path, &t, &e);
    unlink(path);

    if (rc != 0 && rc != WS_EINPUT && rc != WS_EIO) {
        fprintf(stderr, "fuzz_areadata: unexpected return code %d\n", rc);
        abort();
    }
    if (rc == 0) {
        if (t.n < 1 || t.n > WS_MAX_AREAS || t.area == NULL) {
            fprintf(stderr, "fuzz_areadata: success with n = %d\n", t.n);
            abort();
        }
        ws_area_table_close(&t);
    } else {
        if (t.n != 0 || t.area != NULL) {
            fprintf(stderr, "fuzz_areadata: failure (%d) left a non-empty table\n", rc);
            abort();
        }
        if (e.msg[0] == '\0') {
            fprintf(stderr, "fuzz_areadata: failure (%d) without an error message\n", rc);
            abort();
        }
        ws_area_table_close(&t); /* closing an empty table must be harmless */
    }
    return 0;
}
