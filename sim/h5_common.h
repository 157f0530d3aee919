/* h5_common.h: helpers shared by the HDF5 writer and reader (internal; includes hdf5.h). */
#ifndef WS_H5_COMMON_H
#define WS_H5_COMMON_H

#include <hdf5.h>
#include <stdbool.h>

/* Closes an HDF5 id of any kind (file, group, dataset, attribute, datatype, dataspace,
 * property list; anything else loses one reference). Returns the close call's status. */
herr_t ws__h5_close_any(hid_t id);

/* The innermost message of HDF5's default error stack, on one line. */
typedef struct ws__h5_stack_msg {
    char desc[512];
    bool got; /* false when the stack held no message */
} ws__h5_stack_msg;

/* Fills m with the innermost (most specific) message of the current HDF5 error stack, newlines
 * replaced by spaces. Can't fail. */
void ws__h5_innermost_error(ws__h5_stack_msg *m);

#endif
