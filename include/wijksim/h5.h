/* h5.h: the HDF5 run file — writing results and describing a file (sim/h5_*.c).
 *
 * File layout (all written by ws_h5_write_run):
 *   /                         attributes file_kind = "run", file_format_version, wijksim_version,
 *                             git_revision, command_line, created, finished, scenario_name,
 *                             scenario_file, scenario_sha256, area_file (strings); threads,
 *                             replications, start_year, years (int32); seed (int64); scale
 *                             (double); scenarios, indicators (string lists)
 *   /input/scenario.lua       the exact scenario source: a scalar UTF-8 string (attribute
 *                             encoding "utf-8"), raw bytes ("bytes") or uint8 ("uint8") when
 *                             the source is not valid UTF-8 or holds NUL; attributes path,
 *                             bytes, sha256
 *   /input/parameters         compound table (name, value, default, min, max, type, unit,
 *                             source, doc)
 *   /input/areas              compound table of the simulated areas (id, name, municipality,
 *                             gm_code, file_index, in_2020_programme, residents, dwellings)
 *   /year, /area, /replication  dimension scales (int32 years, strings with area names,
 *                             int32 replication numbers); /area has attribute `ids`
 *   /scenarios/<name>/indicators/<indicator>  float64 [replication, year, area] with
 *                             attributes units, description, domain; dims attached
 * The file is built in memory, written to "<path>.tmp", synced, and renamed to path only when
 * complete (HDF5 1.10 cannot report a failed final flush of a file on disk cleanly).
 */
#ifndef WIJKSIM_H5_H
#define WIJKSIM_H5_H

#include <stdio.h>
#include "wijksim/err.h"
#include "wijksim/model.h"
#include "wijksim/results.h"
#include "wijksim/scenario.h"

/* Writes a results file for n_scen scenarios that share years, areas and replications
 * (s[0] provides /input and the dimensions). Creates parent-less path atomically: on any
 * failure the temporary file is removed and path is untouched. Returns 0, WS_EIO, WS_ENOMEM
 * or WS_ERUNTIME with e filled. Not thread-safe (HDF5 is built without thread-safety). */
int ws_h5_write_run(const char *path, const ws_run_meta *m, int n_scen,
                    const ws_scenario *const *s, const ws_results *const *r, ws_error *e);

/* Prints a human-readable description of a results file to out: root attributes, dimensions,
 * scenarios, indicators with units and shape, and for each indicator the replication-mean of
 * the first and last year over all areas. Returns 0, or WS_EIO / WS_EINPUT (not a wijksim
 * file) with e filled. */
int ws_h5_info(const char *path, FILE *out, ws_error *e);

#endif
