/* sha256.h: SHA-256 (FIPS 180-4) of a byte buffer, as lowercase hex.
 *
 * Used to fingerprint scenario sources so every results file names the exact script that made
 * it. Small and self-contained; not meant for secrets (no constant-time guarantees needed).
 */
#ifndef WS_SHA256_H
#define WS_SHA256_H

#include <stddef.h>

/* Writes the SHA-256 of the n bytes at data as 64 lowercase hex digits plus a NUL into out.
 * data may be NULL when n is 0. Can't fail; thread-safe (no shared state). */
void ws_sha256_hex(const void *data, size_t n, char out[65]);

#endif
