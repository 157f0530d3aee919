/* h5_common.h: helpers shared by the HDF5 writers and readers (internal; includes hdf5.h).
 *
 * The writer helpers (ws__h5w_*) work on a ws__h5w, the reader helpers (ws__h5r_*) on a
 * ws__h5r: in both the first failure wins and is recorded in ->e, and every helper does
 * nothing once ->rc is set, so a caller can chain calls and check once. Every HDF5 id a helper
 * creates is released on all paths.
 */
#ifndef WS_H5_COMMON_H
#define WS_H5_COMMON_H

#include <hdf5.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "wijksim/err.h"
#include "wijksim/params.h"
#include "wijksim/scenario.h"

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

/* Records in e: "<prefix><what><suffix>[ at <obj's name>] (HDF5: <innermost message>)", where
 * what is fmt formatted with ap, obj >= 0 names the object involved and the HDF5 part is left
 * out when the stack is empty. Call right after the failing HDF5 call. Returns code. */
int ws__h5_fail_v(ws_error *e, int code, const char *file, const char *prefix, const char *suffix,
                  hid_t obj, const char *fmt, va_list ap);

/* HDF5's automatic error printing, switched off for the duration of a public call. */
typedef struct ws__h5_quiet {
    H5E_auto2_t fn;
    void *data;
    bool restore; /* fn and data were read and are put back by ws__h5_quiet_end */
} ws__h5_quiet;

/* Switches the printing off and clears the error stack (so no earlier failure shows up in our
 * messages); ws__h5_quiet_end restores the previous handler. Can't fail. */
void ws__h5_quiet_begin(ws__h5_quiet *q);
void ws__h5_quiet_end(const ws__h5_quiet *q);

/* Length of the valid UTF-8 sequence starting at s (n bytes available), or 0 if invalid; and
 * whether the n bytes at s are all valid UTF-8. */
size_t ws__h5_utf8_seq(const unsigned char *s, size_t n);
bool ws__h5_utf8_valid(const char *s, size_t n);

/* Syncs the directory holding path, so a rename into it is durable; failures are ignored (not
 * every file system can sync a directory). */
void ws__h5_sync_parent(const char *path);

/* Text built in memory (a description, a table) and written out only when complete, so that
 * a failure prints nothing but the error. */
typedef struct ws__h5_text {
    FILE *mem; /* the stream to print to (NULL when it could not be opened) */
    char *buf; /* its bytes (owned) */
    size_t len;
} ws__h5_text;

/* Opens t->mem. Returns 0, or WS_ENOMEM with e filled (file: path; what: "the table"). */
int ws__h5_text_open(ws__h5_text *t, ws_error *e, const char *path, const char *what);

/* Closes t->mem and, when rc is 0, writes the text to out (flushed). Frees t whatever rc is.
 * Returns rc when it is not 0, else 0 or WS_ENOMEM / WS_EIO (cannot write) with e filled. */
int ws__h5_text_emit(ws__h5_text *t, int rc, FILE *out, ws_error *e, const char *path,
                     const char *what);

/* ---- writers ----------------------------------------------------------------------------- */

typedef struct ws__h5_scale ws__h5_scale;

/* State shared by the writers; the caller zeroes it, sets path, what and e, and str to
 * H5I_INVALID_HID (or a string type it made), and after use frees it with ws__h5w_release. */
typedef struct ws__h5w {
    const char *path; /* final file name (never NULL) */
    const char *what; /* "results file", "sweep file": messages say "cannot write <what>: " */
    char tmp[4096];   /* "<path>.tmp" */
    ws_error *e;      /* may be NULL */
    int rc;           /* first failure, 0 while all is well */
    hid_t str;        /* variable-length UTF-8 string type (owned) */
    char **fixed;     /* repaired copies of invalid UTF-8 strings (owned) */
    size_t n_fixed, cap_fixed;
    ws__h5_scale *sc; /* dimension scales in slots 0..n_sc-1 (owned) */
    size_t n_sc, cap_sc;
} ws__h5w;

/* Creates w->str (variable-length UTF-8 strings). Returns w->rc. */
int ws__h5w_string_type(ws__h5w *w);

/* Frees what w owns (the string type, repaired strings, scale lists; scales still open are
 * closed). Can't fail; w->rc keeps its value. */
void ws__h5w_release(ws__h5w *w);

/* Records the first failure: what failed (printf-style), at which object (obj >= 0 names it)
 * and the innermost HDF5 message. Must be called right after the failing HDF5 call, before any
 * other API call clears the error stack. Returns w->rc. */
int ws__h5w_fail(ws__h5w *w, int code, hid_t obj, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Records the first failure of an operating-system call (errno describes it). */
int ws__h5w_fail_os(ws__h5w *w, int code, const char *what, const char *file);

/* Records the first failure that is not a library call (bad arguments, memory). */
int ws__h5w_fail_msg(ws__h5w *w, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Closes *id whatever kind of id it is and sets it to H5I_INVALID_HID; a failed close is
 * recorded (it can be the first sign of a failed write). Does nothing for an invalid id. */
void ws__h5w_drop(ws__h5w *w, hid_t *id);

/* s as valid UTF-8: s itself, or a repaired copy owned by w (invalid bytes become U+FFFD).
 * NULL becomes "". On allocation failure records WS_ENOMEM and returns "?". */
const char *ws__h5w_txt(ws__h5w *w, const char *s);

/* Writes attribute name on obj: scalar when rank is 0, else 1-D of n elements. */
int ws__h5w_put_attr(ws__h5w *w, hid_t obj, const char *name, hid_t ftype, hid_t mtype, int rank,
                     hsize_t n, const void *buf);

/* Typed attributes: a string (repaired to UTF-8), a bounded copy of a fixed-size char field
 * that may lack its terminator, a list of strings, int32, int64 and float64 scalars. */
int ws__h5w_attr_str(ws__h5w *w, hid_t obj, const char *name, const char *value);
int ws__h5w_attr_field(ws__h5w *w, hid_t obj, const char *name, const char *field, size_t cap);
int ws__h5w_attr_strs(ws__h5w *w, hid_t obj, const char *name, const char *const *values, size_t n);

/* Writes the attributes headline_indicators and headline_units (ws_summary_headline order) on
 * obj: what `wijksim summary` and the board report show first. */
int ws__h5w_headline_attrs(ws__h5w *w, hid_t obj);
/* Writes indicator i's metadata from indicators.def on obj (a dataset or group of that
 * indicator), beside the units and description its writer puts there: domain and label
 * (strings) and better (int8: +1 more is better, -1 less is better, 0 neither), so a reader
 * needs no copy of indicators.def. Returns w->rc. */
int ws__h5w_indicator_attrs(ws__h5w *w, hid_t obj, int i);
int ws__h5w_attr_i32(ws__h5w *w, hid_t obj, const char *name, int value);
int ws__h5w_attr_i64(ws__h5w *w, hid_t obj, const char *name, long long value);
int ws__h5w_attr_f64(ws__h5w *w, hid_t obj, const char *name, double value);

/* Creates group name in loc with no timestamps and, when ordered, tracked creation order.
 * Returns the group id or H5I_INVALID_HID (failure recorded). */
hid_t ws__h5w_group(ws__h5w *w, hid_t loc, const char *name, bool ordered);

/* Creates dataset name (type ftype, space sp, creation properties dcpl) and writes buf of
 * memory type mtype into it (buf NULL: nothing is written, the fill value stands). Returns the
 * open dataset or H5I_INVALID_HID. */
hid_t ws__h5w_dataset(ws__h5w *w, hid_t loc, const char *name, hid_t ftype, hid_t sp, hid_t dcpl,
                      hid_t mtype, const void *buf);

/* As ws__h5w_dataset for a 1-D dataset of n elements. */
hid_t ws__h5w_dataset_1d(ws__h5w *w, hid_t loc, const char *name, hid_t ftype, hsize_t n,
                         hid_t dcpl, hid_t mtype, const void *buf);

/* A column of a compound table: its name, offset in the row struct and kind. */
enum ws__col_kind { WS__COL_STR, WS__COL_F64, WS__COL_I8, WS__COL_I32 };
typedef struct ws__h5_col {
    const char *name;
    size_t off;
    int kind;
} ws__h5_col;

/* The memory type of rows (row_size bytes each) with the columns cols: strings as str (a
 * variable-length string type: const char * in the row), numbers as native types. Returns the
 * type (the caller closes it) or H5I_INVALID_HID. */
hid_t ws__h5_row_type(const ws__h5_col *cols, int n_cols, size_t row_size, hid_t str);

/* Writes rows (row_size bytes each, string columns as const char *) as a 1-D compound dataset
 * with little-endian, packed file types. Returns the open dataset or H5I_INVALID_HID. */
hid_t ws__h5w_table(ws__h5w *w, hid_t loc, const char *name, const ws__h5_col *cols, int n_cols,
                    size_t row_size, const void *rows, size_t n_rows, hid_t dcpl);

/* Creation properties of a chunked dataset (chunk: rank extents): shuffle + deflate level 4
 * when the filters are available, no timestamps, and for a float64 dataset (nan_fill) the fill
 * value NaN (else the default, 0). Returns the list or H5I_INVALID_HID (failure recorded). */
hid_t ws__h5w_chunk_dcpl(ws__h5w *w, int rank, const hsize_t *chunk, bool nan_fill);

/* Creates the float64 dataset name [dims] in loc (creation properties dcpl, access properties
 * dapl), writes buf (NULL: nothing, the fill value stands), the attributes units and
 * description, and attaches the scales slot[0..rank-1] labelled label[] (ws__h5w_attach).
 * Returns the open dataset, or H5I_INVALID_HID (failure recorded, nothing left open). */
hid_t ws__h5w_f64(ws__h5w *w, hid_t loc, const char *name, int rank, const hsize_t *dims,
                  hid_t dcpl, hid_t dapl, const double *buf, const int *slot,
                  const char *const *label, const char *units, const char *desc);

/* Dimension scales. The dataset side (DIMENSION_LIST, labels) is written by ws__h5w_attach,
 * each scale's REFERENCE_LIST once by ws__h5w_finish_scales at the end: H5DSattach_scale
 * rewrites the whole list on every call, which is quadratic with thousands of datasets. */

/* Makes dataset d (ownership passes to w, also on failure) the dimension scale called name
 * with a description. Returns its slot, or -1 with the failure recorded. */
int ws__h5w_add_scale(ws__h5w *w, hid_t d, const char *name, const char *doc);

/* The open dataset of scale slot k (owned by w). */
hid_t ws__h5w_scale_id(const ws__h5w *w, int k);

/* Attaches scales slot[0..rank-1] (rank <= 8) to the dimensions of dataset d and labels them. */
int ws__h5w_attach(ws__h5w *w, hid_t d, int rank, const int *slot, const char *const *label);

/* Writes the REFERENCE_LIST of every scale (when all went well) and releases the scales. */
int ws__h5w_finish_scales(ws__h5w *w);

/* The shared dimension scales /replication (int32 0..n_rep-1), /year (int32 calendar years),
 * /area (the names, attribute ids) and /payer in loc, in consecutive slots. Returns the slot of
 * /replication (then year, area and payer follow), or -1 with the failure recorded. */
int ws__h5w_scales(ws__h5w *w, hid_t loc, int n_rep, int start_year, int n_year, int n_area,
                   const char *const *names, const char *const *ids, hid_t dcpl);

/* <name> in group input: the exact source bytes as a scalar UTF-8 string ("utf-8"), a
 * byte string ("bytes") when not valid UTF-8, or uint8 ("uint8") when it holds a NUL; with
 * attributes path, bytes, sha256 and encoding. path and sha256 are fixed-size fields. */
int ws__h5w_source(ws__h5w *w, hid_t input, const char *name, const char *src, size_t len,
                   const char *path, size_t path_cap, const char *sha256, size_t sha_cap,
                   hid_t dcpl);

/* input/parameters: every model parameter with its value in p, default, range, unit, source. */
int ws__h5w_params(ws__h5w *w, hid_t input, const ws_params *p, hid_t dcpl);

/* input/areas: the simulated areas of s in their order, with the area file's columns. */
int ws__h5w_areas(ws__h5w *w, hid_t input, const ws_scenario *s, hid_t dcpl);

/* ---- readers ----------------------------------------------------------------------------- */

/* State of a reader: the first failure wins (the helpers do nothing once rc is set). */
typedef struct ws__h5r {
    const char *path; /* the file read (never NULL) */
    const char *kind; /* what it should be, for messages: "sweep file" */
    ws_error *e;      /* may be NULL */
    int rc;           /* first failure, 0 while all is well */
} ws__h5r;

/* Records the first failure in r->e (file = r->path). h5: an HDF5 call failed (its innermost
 * message is added); else the file's content is wrong, and the message says what. Returns
 * r->rc. */
int ws__h5r_fail(ws__h5r *r, int code, bool h5, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Closes *id (a read-only object: a failed close loses nothing and is ignored) and sets it to
 * H5I_INVALID_HID; nothing for an invalid id. */
void ws__h5r_drop(hid_t *id);

/* Frees n malloc'd strings and the array; v may be NULL. */
void ws__h5_free_texts(char **v, size_t n);

/* The strings of attribute (is_attr) or dataset obj, variable- or fixed-length, as malloc'd
 * copies in a malloc'd array (*out, *n; free with ws__h5_free_texts). what names obj in
 * messages. Not text is WS_EINPUT. Returns r->rc. */
int ws__h5r_texts(ws__h5r *r, hid_t obj, bool is_attr, const char *what, char ***out, size_t *n);

/* Opens attribute name of obj. Returns the id; H5I_INVALID_HID when it is absent (WS_EINPUT
 * when need) or on failure. */
hid_t ws__h5r_attr_open(ws__h5r *r, hid_t obj, const char *name, bool need);

/* A scalar number attribute read as memory type mt into v, a text attribute's strings, and a
 * one-string attribute into buf (cap bytes, cut; "" when absent). The first two return 1 when
 * read, 0 when absent and not needed, or the failure; attr_text returns r->rc. */
int ws__h5r_attr_num(ws__h5r *r, hid_t obj, const char *name, bool need, hid_t mt, void *v);
int ws__h5r_attr_texts(ws__h5r *r, hid_t obj, const char *name, bool need, char ***v, size_t *n);
int ws__h5r_attr_text(ws__h5r *r, hid_t obj, const char *name, bool need, char *buf, size_t cap);

/* Opens dataset path (relative to loc) with access properties dapl; missing is WS_EINPUT.
 * Returns the id or H5I_INVALID_HID. */
hid_t ws__h5r_open_ds(ws__h5r *r, hid_t loc, const char *path, hid_t dapl);

/* Checks that dataset d (at path) has the n dimensions want; legend names them in the message
 * ("points x years"). Returns r->rc. */
int ws__h5r_check_dims(ws__h5r *r, hid_t d, const char *path, int n, const hsize_t *want,
                       const char *legend);

/* Reads all of dataset path, which must have the n dimensions want, as memory type mt. */
int ws__h5r_read_ds(ws__h5r *r, hid_t loc, const char *path, int n, const hsize_t *want,
                    const char *legend, hid_t mt, void *buf);

/* Number of elements of dataset path, or -1 (failure recorded). */
long long ws__h5r_rows(ws__h5r *r, hid_t loc, const char *path);

/* Opens r->path read-only without file locking, after checking that it exists, is not a
 * directory, is readable and is an HDF5 file (WS_EIO otherwise, the message saying which).
 * Returns the file id or H5I_INVALID_HID. */
hid_t ws__h5r_open_file(ws__h5r *r);

/* The elements of an attribute or dataset of any of the classes a description prints. */
typedef struct ws__h5_value {
    H5T_class_t cls; /* H5T_STRING, H5T_INTEGER, H5T_FLOAT, or another class (left unread) */
    size_t n;        /* number of elements */
    char **s;        /* n strings when cls is H5T_STRING (owned) */
    long long *i;    /* n integers when cls is H5T_INTEGER (owned) */
    double *f;       /* n floats when cls is H5T_FLOAT (owned) */
} ws__h5_value;

/* Frees what v owns and zeroes it; a zeroed v is fine. Can't fail. */
void ws__h5_value_free(ws__h5_value *v);

/* Every element of attribute (is_attr) or dataset obj into v (zeroed first): strings as
 * ws__h5r_texts reads them, integers as long long, floats as double; another class only sets
 * v->cls and v->n. what names obj in messages. On failure v is left empty. Returns r->rc. */
int ws__h5r_value(ws__h5r *r, hid_t obj, bool is_attr, const char *what, ws__h5_value *v);

/* Attribute name of obj into v (as ws__h5r_value). Returns 1 when read, 0 when absent (v
 * empty), or the failure. */
int ws__h5r_attr_value(ws__h5r *r, hid_t obj, const char *name, ws__h5_value *v);

/* Whether loc has a link called name (a path relative to loc, or absolute). A missing group on
 * the way reads as false; a failed lookup is recorded (WS_EIO) and reads as false. False once
 * r->rc is set. */
bool ws__h5r_has(ws__h5r *r, hid_t loc, const char *name);

/* The names of the links in group g, in creation order when g tracks it, else by name, as
 * malloc'd copies in a malloc'd array (*names, *n; free with ws__h5_free_texts). what names g
 * in messages. Returns r->rc (on failure *names is NULL, *n 0). */
int ws__h5r_links(ws__h5r *r, hid_t g, const char *what, char ***names, size_t *n);

/* Opens object name of loc, which must be a group (want_group) or a dataset; a missing object
 * or one of the other kind is WS_EINPUT ("not a wijksim <r->kind>: group 'input' is missing",
 * where appended, e.g. " in /summary"). Returns the id (the caller closes it) or
 * H5I_INVALID_HID. */
hid_t ws__h5r_open_obj(ws__h5r *r, hid_t loc, const char *name, bool want_group, const char *where);

/* Reads dataset path (relative to loc), a 1-D compound table, into *rows: a malloc'd array of
 * *n rows of row_size bytes laid out as cols (matched by name, so the file may hold more
 * columns; a column the file lacks fails as a damaged file, WS_EINPUT). String
 * columns become malloc'd copies ("" for an empty string); free everything with
 * ws__h5_table_free. Returns r->rc; on failure *rows is NULL and *n 0. */
int ws__h5r_table(ws__h5r *r, hid_t loc, const char *path, const ws__h5_col *cols, int n_cols,
                  size_t row_size, void **rows, size_t *n);

/* Frees n rows read by ws__h5r_table (their strings and the array); rows may be NULL. */
void ws__h5_table_free(const ws__h5_col *cols, int n_cols, size_t row_size, void *rows, size_t n);

/* Checks that file is a run or comparison file: the root attribute file_kind is "run" or
 * "comparison" (missing or another kind is WS_EINPUT), and the groups /input and /scenarios
 * and the datasets /year, /area and /replication exist. Returns r->rc. */
int ws__h5r_check_run_file(ws__h5r *r, hid_t file);

#endif
