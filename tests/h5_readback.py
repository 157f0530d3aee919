#!/usr/bin/python3
"""h5_readback.py: checks a wijksim results file with h5py, the way a reader without wijksim sees it.

usage: /usr/bin/python3 h5_readback.py RESULTS.h5 SCENARIO_FILE

Checks: the root attributes exist with the right Python/numpy types (strings come back as str);
/input/scenario.lua holds SCENARIO_FILE byte for byte; /input/parameters and /input/areas have rows
and the expected columns; /year, /replication and /area are consistent dimension scales; every
/scenarios/<name>/indicators/<indicator> is float64 [replication, year, area] with attributes
units, description, domain, label (str) and better (int8 -1/0/+1), dimension scales attached with
labels ['replication', 'year', 'area'], and no NaN. When present: /scenarios/<name>/interventions
(participants, active, waiting, places [replication, year, area, intervention], spend [..., payer]
with their scales, the definitions table), /payer, and /summary (the area scale with "all areas",
indicator groups with the same metadata attributes, [year, area + 1] statistics per scenario and
indicator, diff_* for options only, p05 <= p50 <= p95, and the cost_effectiveness tables).
file_kind is "run" for one scenario and "comparison" for several, with `baseline` naming the first.
Prints one summary line and exits 0 when all holds; prints every failure and exits 1 otherwise (2
for usage errors or an unreadable file).
"""
import sys

import h5py
import numpy as np

STRING_ATTRS = ["file_kind", "wijksim_version", "git_revision", "command_line", "created",
                "finished", "scenario_name", "scenario_sha256"]
INT_ATTRS = ["threads", "seed", "replications", "start_year", "years"]
FLOAT_ATTRS = ["scale"]
DIMS = ["replication", "year", "area"]
PARAM_FIELDS = ["name", "value", "default", "min", "max", "unit", "source"]
AREA_FIELDS = ["id", "name", "municipality", "gm_code", "in_2020_programme", "residents",
               "dwellings"]


def as_bytes(v):
    """The bytes of a stored string value (h5py gives bytes or str depending on the API)."""
    if isinstance(v, bytes):
        return v
    if isinstance(v, str):
        return v.encode("utf-8", "surrogateescape")
    if isinstance(v, np.ndarray):
        return v.tobytes()
    raise TypeError("not a string value: %r" % type(v))


def first_difference(a, b):
    n = min(len(a), len(b))
    for i in range(n):
        if a[i] != b[i]:
            return i
    return n


class Checker:
    def __init__(self):
        self.errors = []

    def check(self, cond, msg):
        if not cond:
            self.errors.append(msg)
        return cond


def check_root(c, f):
    a = f.attrs
    for k in STRING_ATTRS:
        if c.check(k in a, "root attribute %s is missing" % k):
            c.check(isinstance(a[k], str), "root attribute %s is %s, expected str"
                    % (k, type(a[k]).__name__))
    for k in INT_ATTRS:
        if c.check(k in a, "root attribute %s is missing" % k):
            c.check(isinstance(a[k], np.integer), "root attribute %s is %s, expected an integer"
                    % (k, type(a[k]).__name__))
    for k in FLOAT_ATTRS:
        if c.check(k in a, "root attribute %s is missing" % k):
            c.check(isinstance(a[k], np.floating), "root attribute %s is %s, expected a float"
                    % (k, type(a[k]).__name__))
    if "file_kind" in a and "scenarios" in a:
        want = "comparison" if len(a["scenarios"]) > 1 else "run"
        c.check(a["file_kind"] == want, "file_kind is %r, expected %r for %d scenarios"
                % (a["file_kind"], want, len(a["scenarios"])))
    if "baseline" in a and "scenarios" in a:
        c.check(a["baseline"] == a["scenarios"][0], "baseline %r is not the first scenario %r"
                % (a["baseline"], a["scenarios"][0]))
    if "seed" in a:
        c.check(0 <= int(a["seed"]) < 2**32, "seed %r is outside 0..2^32-1" % a["seed"])
    if c.check("indicators" in a, "root attribute indicators is missing"):
        ind = a["indicators"]
        c.check(len(ind) > 0 and all(isinstance(x, str) for x in ind),
                "root attribute indicators must be a non-empty list of str")


def check_input(c, f, scenario_file):
    if not c.check("input" in f, "group /input is missing"):
        return 0, 0
    with open(scenario_file, "rb") as fp:
        want = fp.read()
    n_bytes = 0
    if c.check("scenario.lua" in f["input"], "/input/scenario.lua is missing"):
        ds = f["input/scenario.lua"]
        if ds.shape == ():
            got = as_bytes(ds[()])
        else:
            c.check(ds.dtype == np.uint8 and ds.ndim == 1,
                    "/input/scenario.lua is neither a scalar string nor 1-D uint8")
            got = ds[()].tobytes()
        n_bytes = len(got)
        if got != want:
            i = first_difference(got, want)
            c.errors.append("/input/scenario.lua differs from %s: %d vs %d bytes, first "
                            "difference at byte %d (%r vs %r)"
                            % (scenario_file, len(got), len(want), i, got[i:i + 20],
                               want[i:i + 20]))
        if "bytes" in ds.attrs:
            c.check(int(ds.attrs["bytes"]) == len(want), "/input/scenario.lua attribute bytes "
                    "is %d, the file has %d" % (int(ds.attrs["bytes"]), len(want)))
    n_params = 0
    if c.check("parameters" in f["input"], "/input/parameters is missing"):
        p = f["input/parameters"]
        names = p.dtype.names or ()
        for k in PARAM_FIELDS:
            c.check(k in names, "/input/parameters has no column %s" % k)
        n_params = p.shape[0] if p.ndim == 1 else 0
        c.check(n_params > 0, "/input/parameters has no rows")
        if all(k in names for k in ("value", "min", "max")) and n_params:
            rows = p[()]
            for k in ("value", "default", "min", "max"):
                c.check(rows.dtype[k] == np.float64, "/input/parameters column %s is %s, "
                        "expected float64" % (k, rows.dtype[k]))
            bad = np.flatnonzero((rows["value"] < rows["min"]) | (rows["value"] > rows["max"]))
            for i in bad[:5]:
                c.errors.append("/input/parameters: %s = %r is outside [%r, %r]"
                                % (as_bytes(rows["name"][i]).decode(), rows["value"][i],
                                   rows["min"][i], rows["max"][i]))
    if c.check("areas" in f["input"], "/input/areas is missing"):
        a = f["input/areas"]
        names = a.dtype.names or ()
        for k in AREA_FIELDS:
            c.check(k in names, "/input/areas has no column %s" % k)
        if "area" in f:
            c.check(a.shape == f["area"].shape, "/input/areas has %s rows, /area has %s"
                    % (a.shape, f["area"].shape))
    return n_bytes, n_params


def check_dims(c, f):
    """Returns the expected indicator shape (replications, years, areas) or None."""
    for d in DIMS:
        if not c.check(d in f and isinstance(f[d], h5py.Dataset),
                       "dimension scale /%s is missing" % d):
            return None
        ds = f[d]
        c.check(ds.ndim == 1 and ds.shape[0] > 0, "/%s must be 1-D and non-empty" % d)
        c.check(ds.attrs.get("CLASS") in (b"DIMENSION_SCALE", "DIMENSION_SCALE"),
                "/%s is not a dimension scale" % d)
    year = f["year"][()]
    rep = f["replication"][()]
    c.check(np.issubdtype(year.dtype, np.integer), "/year is %s, expected integers" % year.dtype)
    c.check(bool(np.all(np.diff(year) == 1)), "/year values are not consecutive: %s" % year)
    c.check(np.array_equal(rep, np.arange(len(rep))), "/replication is not 0..n-1")
    a = f.attrs
    if "start_year" in a and len(year):
        c.check(int(year[0]) == int(a["start_year"]), "/year starts at %d, start_year is %d"
                % (year[0], a["start_year"]))
    if "years" in a:
        c.check(len(year) == int(a["years"]), "/year has %d values, years is %d"
                % (len(year), a["years"]))
    if "replications" in a:
        c.check(len(rep) == int(a["replications"]), "/replication has %d values, "
                "replications is %d" % (len(rep), a["replications"]))
    area = f["area"].asstr()[()]
    c.check(all(isinstance(x, str) and x for x in area), "/area must hold non-empty strings")
    if c.check("ids" in f["area"].attrs, "/area has no attribute ids"):
        c.check(len(f["area"].attrs["ids"]) == len(area), "/area attribute ids has %d values "
                "for %d areas" % (len(f["area"].attrs["ids"]), len(area)))
    return (len(rep), len(year), len(area))


def check_indicator_attrs(c, obj):
    """obj (an indicator's dataset or /summary group) has the metadata of indicators.def: the
    strings units, description, domain and label, and better, a 1-byte integer in -1, 0, +1."""
    p = obj.name
    for k in ("units", "description", "domain", "label"):
        if c.check(k in obj.attrs, "%s has no attribute %s" % (p, k)):
            c.check(isinstance(obj.attrs[k], str) and obj.attrs[k], "%s attribute %s is not a "
                    "non-empty str" % (p, k))
    if c.check("better" in obj.attrs, "%s has no attribute better" % p):
        b = obj.attrs["better"]
        c.check(isinstance(b, np.integer) and b.dtype.itemsize == 1 and int(b) in (-1, 0, 1),
                "%s attribute better is %r, expected an int8 in -1, 0, 1" % (p, b))


def check_indicator(c, ds, shape):
    p = ds.name
    c.check(ds.dtype == np.float64, "%s is %s, expected float64" % (p, ds.dtype))
    if not c.check(ds.ndim == 3, "%s has %d dimensions, expected 3" % (p, ds.ndim)):
        return
    if shape is not None:
        c.check(ds.shape == shape, "%s has shape %s, expected %s" % (p, ds.shape, shape))
    check_indicator_attrs(c, ds)
    labels = [ds.dims[i].label for i in range(3)]
    c.check(labels == DIMS, "%s dimension labels are %s, expected %s" % (p, labels, DIMS))
    for i, d in enumerate(DIMS):
        if c.check(len(ds.dims[i]) == 1, "%s dimension %d has %d scales attached, expected 1"
                   % (p, i, len(ds.dims[i]))):
            c.check(ds.dims[i][0].name == "/" + d, "%s dimension %d is attached to %s, "
                    "expected /%s" % (p, i, ds.dims[i][0].name, d))
    v = ds[()]
    nan = np.isnan(v)
    if nan.any():
        first = tuple(int(x) for x in np.argwhere(nan)[0])
        c.errors.append("%s has %d NaN values, first at [replication, year, area] = %s"
                        % (p, int(nan.sum()), first))


IV_OUTPUTS = ["participants", "active", "waiting", "places"]
IV_DEF_FIELDS = ["name", "type", "kind", "target", "evidence", "source", "payer", "share_rijk",
                 "package", "start_year", "end_year", "cost_per_participant", "places_per_year",
                 "cost_per_unit", "amount_per_year", "effect"]
STATS = ["mean", "p05", "p50", "p95"]
DIFFS = ["diff_mean", "diff_p05", "diff_p50", "diff_p95"]
CE_FIELDS = ["indicator", "unit", "n_pairs", "improvement_mean", "improvement_p05",
             "improvement_p95", "spend_rijk", "spend_total", "eur_per_unit_rijk_mean",
             "eur_per_unit_rijk_p05", "eur_per_unit_rijk_p95", "eur_per_unit_total_mean",
             "eur_per_unit_total_p05", "eur_per_unit_total_p95", "distinguishable"]


def check_scales(c, ds, want):
    """want: list of (label, scale path)."""
    p = ds.name
    labels = [ds.dims[i].label for i in range(ds.ndim)]
    c.check(labels == [w[0] for w in want], "%s dimension labels are %s, expected %s"
            % (p, labels, [w[0] for w in want]))
    for i, (_, sp) in enumerate(want):
        if c.check(len(ds.dims[i]) == 1, "%s dimension %d has %d scales attached, expected 1"
                   % (p, i, len(ds.dims[i]))):
            c.check(ds.dims[i][0].name == sp, "%s dimension %d is attached to %s, expected %s"
                    % (p, i, ds.dims[i][0].name, sp))


def check_interventions(c, g, shape):
    """Returns the number of interventions checked."""
    if "interventions" not in g:
        return 0
    ig = g["interventions"]
    if not c.check("intervention" in ig, "%s has no intervention scale" % ig.name):
        return 0
    names = ig["intervention"].asstr()[()]
    n = len(names)
    c.check(n > 0, "%s/intervention is empty" % ig.name)
    iv_scale = ig["intervention"].name
    dims = [("replication", "/replication"), ("year", "/year"), ("area", "/area"),
            ("intervention", iv_scale)]
    for k in IV_OUTPUTS + ["spend"]:
        if not c.check(k in ig, "%s has no dataset %s" % (ig.name, k)):
            continue
        ds = ig[k]
        want = tuple(shape) + (n,) if shape else None
        if k == "spend":
            want = want + (4,) if want else None
        c.check(ds.dtype == np.float64, "%s is %s, expected float64" % (ds.name, ds.dtype))
        if want:
            c.check(ds.shape == want, "%s has shape %s, expected %s" % (ds.name, ds.shape, want))
        check_scales(c, ds, dims + ([("payer", "/payer")] if k == "spend" else []))
        for a in ("units", "description"):
            c.check(a in ds.attrs, "%s has no attribute %s" % (ds.name, a))
        v = ds[()]
        c.check(not np.isnan(v).any(), "%s has NaN values" % ds.name)
        if k == "spend":
            c.check(bool((v >= 0).all()), "%s has negative spend" % ds.name)
    if c.check("definitions" in ig, "%s has no definitions table" % ig.name):
        t = ig["definitions"]
        fields = t.dtype.names or ()
        for k in IV_DEF_FIELDS:
            c.check(k in fields, "%s has no column %s" % (t.name, k))
        c.check(t.shape == (n,), "%s has %s rows for %d interventions" % (t.name, t.shape, n))
        if "name" in fields and t.shape == (n,):
            got = [as_bytes(x).decode() for x in t["name"]]
            c.check(got == list(names), "%s names %s differ from the scale %s"
                    % (t.name, got, list(names)))
    return n


def check_summary(c, f, shape, indicators):
    """Returns the number of summary datasets checked."""
    if "summary" not in f:
        return 0
    sg = f["summary"]
    n_ds = 0
    if not c.check("area" in sg, "/summary/area is missing") or shape is None:
        return 0
    sa = sg["area"]
    c.check(sa.attrs.get("CLASS") in (b"DIMENSION_SCALE", "DIMENSION_SCALE"),
            "/summary/area is not a dimension scale")
    areas = list(sa.asstr()[()])
    c.check(len(areas) == shape[2] + 1 and areas[-1] == "all areas",
            "/summary/area is %s, expected the %d areas and 'all areas'" % (areas, shape[2]))
    scen = list(f.attrs.get("scenarios", []))
    groups = [k for k in sg if isinstance(sg[k], h5py.Group)]
    c.check(len(groups) == len(scen), "/summary has %d scenario groups for %d scenarios"
            % (len(groups), len(scen)))
    for k, gname in enumerate(groups):
        g = sg[gname]
        option = k > 0
        for ind in indicators:
            if not c.check(ind in g, "%s lacks indicator %s" % (g.name, ind)):
                continue
            ig = g[ind]
            check_indicator_attrs(c, ig)
            if "scenarios" in f and ind in f["scenarios"].get(gname + "/indicators", {}):
                ds = f["scenarios/%s/indicators/%s" % (gname, ind)]
                for a in ("label", "better", "domain"):
                    c.check(a in ds.attrs and a in ig.attrs and ds.attrs[a] == ig.attrs[a],
                            "%s and %s differ in attribute %s" % (ig.name, ds.name, a))
            want = STATS + (DIFFS if option else [])
            c.check(sorted(ig.keys()) == sorted(want), "%s holds %s, expected %s"
                    % (ig.name, sorted(ig.keys()), sorted(want)))
            vals = {}
            for st in want:
                if st not in ig:
                    continue
                ds = ig[st]
                n_ds += 1
                c.check(ds.shape == (shape[1], shape[2] + 1), "%s has shape %s, expected %s"
                        % (ds.name, ds.shape, (shape[1], shape[2] + 1)))
                check_scales(c, ds, [("year", "/year"), ("area", "/summary/area")])
                vals[st] = ds[()]
            if all(s in vals for s in ("p05", "p50", "p95")):
                ok = np.isnan(vals["p50"]) | ((vals["p05"] <= vals["p50"] + 1e-9 * abs(vals["p50"]))
                                              & (vals["p50"] <= vals["p95"] + 1e-9 * abs(vals["p50"])))
                c.check(bool(ok.all()), "%s: p05 <= p50 <= p95 does not hold" % ig.name)
        if option and "cost_effectiveness" in g:
            t = g["cost_effectiveness"]
            fields = t.dtype.names or ()
            for col in CE_FIELDS:
                c.check(col in fields, "%s has no column %s" % (t.name, col))
            for row in t[()]:
                d = int(row["distinguishable"])
                c.check(d in (-1, 0, 1), "%s: distinguishable %d" % (t.name, d))
                if d == 1:
                    c.check(row["improvement_p05"] > 0 and np.isfinite(row["eur_per_unit_total_mean"]),
                            "%s: a distinguishable row without a positive band or a cost" % t.name)
                else:
                    c.check(np.isnan(row["eur_per_unit_total_mean"]),
                            "%s: a cost per unit on a row that is not distinguishable" % t.name)
        c.check(option or "cost_effectiveness" not in g, "the baseline has a cost_effectiveness "
                "table")
    return n_ds


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    path, scenario_file = argv[1], argv[2]
    c = Checker()
    try:
        f = h5py.File(path, "r")
    except OSError as ex:
        print("h5_readback: cannot open %s: %s" % (path, ex), file=sys.stderr)
        return 2
    n_scen = n_ind = n_bytes = n_params = n_iv = n_sum = 0
    with f:
        check_root(c, f)
        n_bytes, n_params = check_input(c, f, scenario_file)
        shape = check_dims(c, f)
        names = list(f.attrs.get("indicators", []))
        if c.check("scenarios" in f and len(f["scenarios"]) > 0, "/scenarios is missing or "
                   "empty"):
            for sname, g in f["scenarios"].items():
                n_scen += 1
                c.check("description" in g.attrs, "/scenarios/%s has no attribute description"
                        % sname)
                if not c.check("indicators" in g, "/scenarios/%s has no indicators group"
                               % sname):
                    continue
                ig = g["indicators"]
                missing = [n for n in names if n not in ig]
                c.check(not missing, "/scenarios/%s lacks indicators %s" % (sname, missing))
                for iname, ds in ig.items():
                    if c.check(isinstance(ds, h5py.Dataset), "%s is not a dataset" % ds.name):
                        n_ind += 1
                        check_indicator(c, ds, shape)
                n_iv += check_interventions(c, g, shape)
        if n_iv:
            if c.check("payer" in f, "/payer is missing"):
                c.check(list(f["payer"].asstr()[()]) == ["rijk", "municipality", "corporation",
                                                         "other"], "/payer labels are wrong")
        n_sum = check_summary(c, f, shape, names)
    if c.errors:
        for e in c.errors:
            print("h5_readback: %s: %s" % (path, e), file=sys.stderr)
        print("h5_readback: FAILED, %d problems in %s" % (len(c.errors), path), file=sys.stderr)
        return 1
    print("h5_readback: OK %s: %d scenarios, %d indicator datasets of shape %s "
          "[replication, year, area], %d interventions, %d summary datasets, %d parameters, "
          "scenario.lua %d bytes identical to %s"
          % (path, n_scen, n_ind, shape, n_iv, n_sum, n_params, n_bytes, scenario_file))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
