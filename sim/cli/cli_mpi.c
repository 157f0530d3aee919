/* cli_mpi.c: the MPI transport of `wijksim sweep` (protocol in cli_mpi.h).
 *
 * Without MPI (WS_HAVE_MPI undefined) only ws_mpi_launched works and ws_mpi_start reports that
 * this build cannot take part in an MPI job, so `mpirun -np 4 wijksim sweep` never makes four
 * processes each write the whole sweep.
 */
#include "cli_mpi.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool ws_mpi_launched(void)
{
    static const char *const vars[] = {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_SIZE",
                                       "PMI_RANK", "MPI_LOCALNRANKS", NULL};
    for (const char *const *v = vars; *v; v++)
        if (getenv(*v)) return true;
    return false;
}

#ifndef WS_HAVE_MPI

int ws_mpi_start(int *rank, int *size, char *msg, size_t n)
{
    *rank = 0;
    *size = 1;
    snprintf(msg, n,
             "this wijksim was built without MPI, so it cannot share a sweep between MPI ranks; "
             "install Open MPI (libopenmpi-dev) and rebuild, or split the sweep with --shard");
    return -1;
}

void ws_mpi_end(void) {}
int ws_mpi_poll0(int *src, int *run, double *payload, size_t len, char *text, size_t tn)
{
    (void)src, (void)run, (void)payload, (void)len, (void)text, (void)tn;
    return WS_MPI_NONE;
}
void ws_mpi_assign(int dst, int run) { (void)dst, (void)run; }
void ws_mpi_request(void) {}
int ws_mpi_poll_assign(int *run)
{
    *run = -1;
    return 1;
}
void ws_mpi_send_result(int run, const double *payload, size_t len)
{
    (void)run, (void)payload, (void)len;
}
void ws_mpi_send_failed(const char *text) { (void)text; }
void ws_mpi_bye(void) {}

#else

#include <mpi.h>

enum { TAG_REQUEST = 1, TAG_ASSIGN, TAG_RESULT, TAG_FAILED, TAG_BYE };

int ws_mpi_start(int *rank, int *size, char *msg, size_t n)
{
    int provided = 0;
    if (MPI_Init_thread(NULL, NULL, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS) {
        snprintf(msg, n, "MPI_Init_thread failed");
        return -1;
    }
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    MPI_Comm_rank(MPI_COMM_WORLD, rank);
    MPI_Comm_size(MPI_COMM_WORLD, size);
    if (provided < MPI_THREAD_FUNNELED) {
        snprintf(msg, n, "the MPI library does not support threads (MPI_THREAD_FUNNELED)");
        MPI_Finalize();
        return -1;
    }
    return 0;
}

void ws_mpi_end(void)
{
    MPI_Finalize();
}

int ws_mpi_poll0(int *src, int *run, double *payload, size_t len, char *text, size_t tn)
{
    int flag = 0;
    MPI_Status st;
    MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &st);
    if (!flag) return WS_MPI_NONE;
    *src = st.MPI_SOURCE;
    int count = 0;
    switch (st.MPI_TAG) {
    case TAG_REQUEST:
    case TAG_BYE: {
        int dummy;
        MPI_Recv(&dummy, 1, MPI_INT, st.MPI_SOURCE, st.MPI_TAG, MPI_COMM_WORLD,
                 MPI_STATUS_IGNORE);
        return st.MPI_TAG == TAG_REQUEST ? WS_MPI_REQUEST : WS_MPI_BYE;
    }
    case TAG_RESULT: {
        MPI_Get_count(&st, MPI_DOUBLE, &count);
        double *buf = malloc(sizeof *buf * (size_t)(count > 0 ? count : 1));
        if (!buf) return -1;
        MPI_Recv(buf, count, MPI_DOUBLE, st.MPI_SOURCE, TAG_RESULT, MPI_COMM_WORLD,
                 MPI_STATUS_IGNORE);
        int ok = (size_t)count == len + 1;
        if (ok) {
            *run = (int)buf[0];
            memcpy(payload, buf + 1, sizeof *payload * len);
        }
        free(buf);
        return ok ? WS_MPI_RESULT : -1;
    }
    default: { /* TAG_FAILED */
        MPI_Get_count(&st, MPI_CHAR, &count);
        char *buf = malloc((size_t)count + 1);
        if (!buf) return -1;
        MPI_Recv(buf, count, MPI_CHAR, st.MPI_SOURCE, st.MPI_TAG, MPI_COMM_WORLD,
                 MPI_STATUS_IGNORE);
        buf[count] = '\0';
        snprintf(text, tn, "%s", buf);
        free(buf);
        return WS_MPI_FAILED;
    }
    }
}

void ws_mpi_assign(int dst, int run)
{
    MPI_Send(&run, 1, MPI_INT, dst, TAG_ASSIGN, MPI_COMM_WORLD);
}

void ws_mpi_request(void)
{
    int dummy = 0;
    MPI_Send(&dummy, 1, MPI_INT, 0, TAG_REQUEST, MPI_COMM_WORLD);
}

int ws_mpi_poll_assign(int *run)
{
    int flag = 0;
    MPI_Iprobe(0, TAG_ASSIGN, MPI_COMM_WORLD, &flag, MPI_STATUS_IGNORE);
    if (!flag) return 0;
    MPI_Recv(run, 1, MPI_INT, 0, TAG_ASSIGN, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    return 1;
}

void ws_mpi_send_result(int run, const double *payload, size_t len)
{
    double *buf = malloc(sizeof *buf * (len + 1));
    if (!buf) {
        ws_mpi_send_failed("out of memory sending a result");
        return;
    }
    buf[0] = (double)run;
    memcpy(buf + 1, payload, sizeof *payload * len);
    MPI_Send(buf, (int)(len + 1), MPI_DOUBLE, 0, TAG_RESULT, MPI_COMM_WORLD);
    free(buf);
}

void ws_mpi_send_failed(const char *text)
{
    MPI_Send(text, (int)strlen(text), MPI_CHAR, 0, TAG_FAILED, MPI_COMM_WORLD);
}

void ws_mpi_bye(void)
{
    int dummy = 0;
    MPI_Send(&dummy, 1, MPI_INT, 0, TAG_BYE, MPI_COMM_WORLD);
}

#endif
