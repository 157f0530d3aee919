/* sweep_journal.c: the append-only journal of finished sweep runs (sweep_run.h).
 *
 * Layout (native byte order; a journal is read back on the machine family that wrote it):
 *   header   "WSJOURN1" (8 bytes), then struct jhead (fixed-size fields)
 *   records  u32 magic REC_MAGIC, u32 zero, i64 run, payload (len doubles), u64 FNV-1a of the
 *            run and payload bytes
 * Invariant: every record before `end` is complete and checked; appends go to `end`.
 */
#include "wijksim/sweep_run.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAGIC "WSJOURN1"
#define REC_MAGIC 0x31525357u /* "WSR1" */

typedef struct jhead {
    char sha[65];
    char pad[7];
    uint64_t design_hash;
    int32_t n_points, n_rep, n_year, n_area, start_year, store_areas;
    int32_t shard_i, shard_n;
    uint64_t payload_len;
} jhead;

struct ws_journal {
    int fd;
    char path[1024];
    size_t len;          /* payload doubles */
    size_t rec;          /* record bytes */
    off_t end;           /* offset after the last good record */
    int n_runs;
    off_t *at;           /* record offset per run, -1 when absent */
    int count;
    unsigned char *buf;  /* one record */
};

static uint64_t fnv1a(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) {
        h ^= b[i];
        h *= 1099511628211ULL;
    }
    return h;
}

#define FNV_START 1469598103934665603ULL

uint64_t ws_design_hash(const ws_design *d)
{
    uint64_t h = FNV_START;
    int32_t dims[3] = {d->kind, d->n_factors, d->n_points};
    h = fnv1a(h, dims, sizeof dims);
    for (int j = 0; j < d->n_factors; j++) {
        h = fnv1a(h, d->factor[j].name, strlen(d->factor[j].name) + 1);
        h = fnv1a(h, d->factor[j].param, strlen(d->factor[j].param) + 1);
    }
    return fnv1a(h, d->x, sizeof *d->x * (size_t)d->n_points * (size_t)d->n_factors);
}

static void head_of(const ws_journal_head *h, jhead *j)
{
    memset(j, 0, sizeof *j);
    snprintf(j->sha, sizeof j->sha, "%s", h->sweep_sha256);
    j->design_hash = h->design_hash;
    j->n_points = h->shape.n_points;
    j->n_rep = h->shape.n_rep;
    j->n_year = h->shape.n_year;
    j->n_area = h->shape.n_area;
    j->start_year = h->shape.start_year;
    j->store_areas = h->shape.store_areas;
    j->shard_i = h->shard_i;
    j->shard_n = h->shard_n;
    j->payload_len = ws_sweep_payload_len(&h->shape);
}

/* What differs between the journal's header and the sweep's ("" when nothing). */
static const char *head_diff(const jhead *a, const jhead *b)
{
    if (strcmp(a->sha, b->sha)) return "the sweep file changed since (its SHA-256 differs)";
    if (a->design_hash != b->design_hash) return "the design differs";
    if (a->shard_i != b->shard_i || a->shard_n != b->shard_n) return "the --shard differs";
    if (memcmp(a, b, sizeof *a)) return "the shape of the runs differs";
    return "";
}

static int io_fail(ws_error *e, const char *path, const char *what)
{
    return ws_error_set(e, WS_EIO, path, 0, NULL, "cannot %s the journal: %s", what,
                        strerror(errno));
}

static int write_all(int fd, const void *p, size_t n)
{
    const char *c = p;
    while (n) {
        ssize_t w = write(fd, c, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return -1;
        c += w;
        n -= (size_t)w;
    }
    return 0;
}

static int read_at(int fd, void *p, size_t n, off_t off)
{
    char *c = p;
    while (n) {
        ssize_t r = pread(fd, c, n, off);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) return -1;
        c += r;
        n -= (size_t)r;
        off += r;
    }
    return 0;
}

/* Reads the good records after the header into j->at; truncates a torn or bad tail. */
static int scan(ws_journal *j, unsigned char *done, ws_error *e)
{
    struct stat st;
    if (fstat(j->fd, &st)) return io_fail(e, j->path, "inspect");
    off_t off = (off_t)(8 + sizeof(jhead));
    while (off + (off_t)j->rec <= st.st_size) {
        if (read_at(j->fd, j->buf, j->rec, off)) return io_fail(e, j->path, "read");
        uint32_t magic;
        int64_t run;
        uint64_t sum;
        memcpy(&magic, j->buf, 4);
        memcpy(&run, j->buf + 8, 8);
        memcpy(&sum, j->buf + j->rec - 8, 8);
        if (magic != REC_MAGIC || run < 0 || run >= j->n_runs ||
            fnv1a(FNV_START, j->buf + 8, j->rec - 16) != sum)
            break;
        if (j->at[run] < 0) {
            j->at[run] = off;
            j->count++;
            done[run] = 1;
        }
        off += (off_t)j->rec;
    }
    j->end = off;
    if (off < st.st_size && ftruncate(j->fd, off)) return io_fail(e, j->path, "truncate");
    return 0;
}

int ws_journal_open(ws_journal **out, const char *path, const ws_journal_head *h, bool resume,
                    unsigned char *done, ws_error *e)
{
    *out = NULL;
    ws_journal *j = calloc(1, sizeof *j);
    if (!j) return ws_error_set(e, WS_ENOMEM, path, 0, NULL, "out of memory");
    j->fd = -1;
    snprintf(j->path, sizeof j->path, "%s", path);
    j->len = ws_sweep_payload_len(&h->shape);
    j->rec = 16 + j->len * sizeof(double) + 8;
    j->n_runs = h->shape.n_points * h->shape.n_rep;
    j->at = malloc(sizeof *j->at * (size_t)(j->n_runs > 0 ? j->n_runs : 1));
    j->buf = malloc(j->rec);
    if (!j->at || !j->buf) {
        ws_journal_close(j, false);
        return ws_error_set(e, WS_ENOMEM, path, 0, NULL, "out of memory");
    }
    for (int r = 0; r < j->n_runs; r++) j->at[r] = -1;
    jhead want;
    head_of(h, &want);
    j->fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    bool made = j->fd >= 0; /* a new journal: removed again if it cannot be written */
    int rc = 0;
    if (made) {
        char magic[8];
        memcpy(magic, MAGIC, 8);
        if (write_all(j->fd, magic, 8) || write_all(j->fd, &want, sizeof want) || fsync(j->fd))
            rc = io_fail(e, path, "write");
        j->end = (off_t)(8 + sizeof want);
    } else if (errno != EEXIST) {
        rc = io_fail(e, path, "create");
    } else if (!resume) {
        rc = ws_error_set(e, WS_EINPUT, path, 0, NULL,
                          "an interrupted sweep left this journal of finished runs: add --resume "
                          "to finish that sweep, or delete the journal to start again");
    } else {
        j->fd = open(path, O_RDWR | O_CLOEXEC);
        char magic[8];
        jhead got;
        if (j->fd < 0) {
            rc = io_fail(e, path, "open");
        } else if (read_at(j->fd, magic, 8, 0) || memcmp(magic, MAGIC, 8) ||
                   read_at(j->fd, &got, sizeof got, 8)) {
            rc = ws_error_set(e, WS_EINPUT, path, 0, NULL,
                              "not a wijksim sweep journal (or its header is damaged); delete it "
                              "to start the sweep again");
        } else if (head_diff(&got, &want)[0]) {
            rc = ws_error_set(e, WS_EINPUT, path, 0, NULL,
                              "the journal belongs to another sweep: %s; delete it to start again",
                              head_diff(&got, &want));
        } else {
            rc = scan(j, done, e);
        }
    }
    if (rc) {
        ws_journal_close(j, made);
        return rc;
    }
    *out = j;
    return 0;
}

int ws_journal_append(ws_journal *j, int run, const double *payload, ws_error *e)
{
    if (run < 0 || run >= j->n_runs)
        return ws_error_set(e, WS_EINPUT, j->path, 0, NULL, "run %d is not in the sweep", run);
    if (j->at[run] >= 0) return 0;
    uint32_t magic = REC_MAGIC, zero = 0;
    int64_t r = run;
    memcpy(j->buf, &magic, 4);
    memcpy(j->buf + 4, &zero, 4);
    memcpy(j->buf + 8, &r, 8);
    memcpy(j->buf + 16, payload, j->len * sizeof(double));
    uint64_t sum = fnv1a(FNV_START, j->buf + 8, j->rec - 16);
    memcpy(j->buf + j->rec - 8, &sum, 8);
    if (lseek(j->fd, j->end, SEEK_SET) < 0 || write_all(j->fd, j->buf, j->rec) ||
        fdatasync(j->fd))
        return io_fail(e, j->path, "append to");
    j->at[run] = j->end;
    j->end += (off_t)j->rec;
    j->count++;
    return 0;
}

int ws_journal_read(ws_journal *j, int run, double *payload, ws_error *e)
{
    if (run < 0 || run >= j->n_runs || j->at[run] < 0)
        return ws_error_set(e, WS_EINPUT, j->path, 0, NULL, "run %d is not in the journal", run);
    if (read_at(j->fd, payload, j->len * sizeof(double), j->at[run] + 16))
        return io_fail(e, j->path, "read");
    return 0;
}

int ws_journal_count(const ws_journal *j)
{
    return j->count;
}

void ws_journal_close(ws_journal *j, bool remove)
{
    if (!j) return;
    if (j->fd >= 0) close(j->fd);
    if (remove) unlink(j->path);
    free(j->at);
    free(j->buf);
    free(j);
}
