/* h5_common.c: helpers shared by the HDF5 writer and reader. */
#include "h5_common.h"

#include <stdio.h>

herr_t ws__h5_close_any(hid_t id)
{
    switch (H5Iget_type(id)) {
    case H5I_FILE: return H5Fclose(id);
    case H5I_GROUP: return H5Gclose(id);
    case H5I_DATASET: return H5Dclose(id);
    case H5I_ATTR: return H5Aclose(id);
    case H5I_DATATYPE: return H5Tclose(id);
    case H5I_DATASPACE: return H5Sclose(id);
    case H5I_GENPROP_LST: return H5Pclose(id);
    default: return H5Idec_ref(id) < 0 ? -1 : 0;
    }
}

static herr_t innermost_cb(unsigned n, const H5E_error2_t *err, void *ud)
{
    ws__h5_stack_msg *m = ud;
    (void)n;
    if (!m->got && err && err->desc && err->desc[0]) {
        snprintf(m->desc, sizeof m->desc, "%s", err->desc);
        for (char *c = m->desc; *c; c++)
            if (*c == '\n' || *c == '\r') *c = ' '; /* HDF5 puts newlines in some messages */
        m->got = true;
    }
    return 0;
}

void ws__h5_innermost_error(ws__h5_stack_msg *m)
{
    m->desc[0] = '\0';
    m->got = false;
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, innermost_cb, m);
}
