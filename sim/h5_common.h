/* h5_common.h: helpers shared by the HDF5 writer and reader (internal; includes hdf5.h). */
#ifndef WS_H5_COMMON_H
#define WS_H5_COMMON_H

#include <hdf5.h>

/* Closes an HDF5 id of any kind (file, group, dataset, attribute, datatype, dataspace,
 * property list; anything else loses one reference). Returns the close call's status. */
herr_t ws__h5_close_any(hid_t id);

#endif
