/* wt_h5.h: HDF5 helpers shared by the HDF5 test files (test_h5.c, test_h5_sweep.c); include
 * after wt.h. Failures end the test case through WT_CHECK / WT_FAIL.
 */
#ifndef WT_H5_H
#define WT_H5_H

#include <hdf5.h>
#include <stdlib.h>
#include <string.h>

/* A variable-length UTF-8 string type (the caller closes it). */
static inline hid_t wt_h5_vlstr(void)
{
    hid_t t = H5Tcopy(H5T_C_S1);
    WT_CHECK(t >= 0);
    WT_CHECK(H5Tset_size(t, H5T_VARIABLE) >= 0);
    WT_CHECK(H5Tset_cset(t, H5T_CSET_UTF8) >= 0);
    return t;
}

/* Scalar attribute name of obj as a malloc'd string (the caller frees it); checks that it is
 * stored as a variable-length UTF-8 string, as wijksim writes every text attribute. */
static inline char *wt_h5_attr_string(hid_t obj, const char *name)
{
    hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
    if (a < 0) WT_FAIL("attribute '%s' missing", name);
    hid_t ft = H5Aget_type(a);
    WT_CHECK(ft >= 0);
    WT_EQ_INT(H5Tget_class(ft), H5T_STRING);
    WT_CHECK(H5Tis_variable_str(ft) > 0);
    WT_EQ_INT(H5Tget_cset(ft), H5T_CSET_UTF8);
    hid_t mt = wt_h5_vlstr();
    char *v = NULL;
    WT_CHECK(H5Aread(a, mt, &v) >= 0);
    char *copy = strdup(v ? v : "");
    WT_CHECK(copy != NULL);
    WT_CHECK(H5free_memory(v) >= 0);
    WT_CHECK(H5Tclose(mt) >= 0);
    WT_CHECK(H5Tclose(ft) >= 0);
    WT_CHECK(H5Aclose(a) >= 0);
    return copy;
}

#endif
