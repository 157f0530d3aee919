/* cli_mpi.h: the MPI transport of `wijksim sweep` (sim/cli/cli_mpi.c, the only file that includes
 * mpi.h; built when CMake finds MPI, WS_HAVE_MPI).
 *
 * Protocol (rank 0 coordinates and writes; every rank, rank 0 included, simulates):
 *   worker -> 0   REQUEST            "give me a run" (one per idle worker thread)
 *   0 -> worker   ASSIGN run         a run index, or -1: no runs left
 *   worker -> 0   RESULT run+payload the finished run's payload (doubles; [0] is the run)
 *   worker -> 0   FAILED text        a run failed; rank 0 stops handing out runs
 *   worker -> 0   BYE                the worker has nothing in flight and stops
 * Runs are handed out one at a time as workers ask, so a slow run never holds up the others.
 * Only the thread that initialised MPI calls these functions (MPI_THREAD_FUNNELED). Receives
 * never block (a probe comes first); the sends are plain MPI_Send, which may wait for the
 * receiving rank (in practice only for the large RESULT messages).
 */
#ifndef WS_CLI_MPI_H
#define WS_CLI_MPI_H

#include <stdbool.h>
#include <stddef.h>

/* Whether this process was started by an MPI launcher (mpirun/srun: environment variables). */
bool ws_mpi_launched(void);

/* Initialises MPI (when built with it). Returns 0 with rank and size set, or -1 with a message
 * in msg (built without MPI, or MPI_Init_thread failed). */
int ws_mpi_start(int *rank, int *size, char *msg, size_t n);

/* Finalises MPI. */
void ws_mpi_end(void);

enum { WS_MPI_NONE, WS_MPI_REQUEST, WS_MPI_RESULT, WS_MPI_FAILED, WS_MPI_BYE };

/* Rank 0: receives one waiting message, if any. Returns its kind (WS_MPI_NONE when none) with
 * the sender in *src; RESULT fills *run and payload (len doubles); FAILED fills text. Returns -1
 * when a RESULT has the wrong length (a rank running another build or sweep) or memory for the
 * message runs out. Without MPI: always WS_MPI_NONE. */
int ws_mpi_poll0(int *src, int *run, double *payload, size_t len, char *text, size_t tn);

/* Rank 0: answers a REQUEST from dst with run (-1: none left). */
void ws_mpi_assign(int dst, int run);

/* Workers: asks rank 0 for a run; polls for an answer (returns 1 with *run, which may be -1,
 * or 0 when none has come); sends a finished run, a failure or BYE. */
void ws_mpi_request(void);
int ws_mpi_poll_assign(int *run);
void ws_mpi_send_result(int run, const double *payload, size_t len);
void ws_mpi_send_failed(const char *text);
void ws_mpi_bye(void);

#endif
