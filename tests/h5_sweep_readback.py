#!/usr/bin/python3
"""h5_sweep_readback.py: reads the sample sweep files written by test_h5_sweep (case write_sample)
with h5py and numpy, as an analyst would, and checks the layout of include/wijksim/h5_sweep.h:

  - labelled dimensions: every run, summary and design dataset has dims[k].label set and the
    matching dimension scale (/point, /replication, /year, /area, /payer, /design/factor)
    attached, so h5py and xarray see named, coordinated dimensions;
  - shapes agree with the root attributes; the design table and values; done flags;
  - every indicator's totals, areas and /summary group carry the metadata of indicators.def
    (units, description, domain, label, better as int8 -1/0/+1), the same on all three;
  - /summary/<indicator>/{mean,p05,p50,p95} equal numpy's recomputation from /runs/totals over
    the replications (finite values only; quantiles with numpy's 'linear' method, the same rule
    as GSL's quantile_from_sorted_data);
  - run datasets are chunked by whole points' replications, shuffled and deflated, fill NaN;
  - a part file: file_kind sweep_part, no /summary, NaN where done is 0.

usage: h5_sweep_readback.py SWEEP.h5 PART.h5     (exit 0 when all checks pass, 1 otherwise)
"""
import sys

import h5py
import numpy as np

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def text(v):
    return v.decode() if isinstance(v, bytes) else str(v)


def check_dims(f, path, labels):
    """dims[k] of f[path] is labelled labels[k] and has the scale of that name attached."""
    ds = f[path]
    check(ds.ndim == len(labels), f"{path}: rank {ds.ndim}, expected {len(labels)}")
    scale_of = {"point": "/point", "replication": "/replication", "year": "/year",
                "area": "/area", "payer": "/payer", "factor": "/design/factor"}
    for k, label in enumerate(labels):
        dim = ds.dims[k]
        check(dim.label == label, f"{path}: dims[{k}].label is {dim.label!r}, expected {label!r}")
        check(len(dim) == 1, f"{path}: dims[{k}] has {len(dim)} scales attached, expected 1")
        if len(dim) == 1:
            scale = dim[0]
            check(scale.name == scale_of[label],
                  f"{path}: dims[{k}] scale is {scale.name}, expected {scale_of[label]}")
            check(scale.shape[0] == ds.shape[k],
                  f"{path}: dims[{k}] scale has {scale.shape[0]} values for {ds.shape[k]}")
            check(h5py.h5ds.is_scale(scale.id), f"{scale.name} is not a dimension scale")


def check_chunks(f, path, n_rep):
    ds = f[path]
    check(ds.chunks is not None, f"{path}: not chunked")
    if ds.chunks is None:
        return
    check(ds.compression == "gzip", f"{path}: compression {ds.compression}, expected gzip")
    check(ds.shuffle, f"{path}: no shuffle filter")
    check(np.isnan(ds.fillvalue), f"{path}: fill value {ds.fillvalue}, expected NaN")
    # a chunk holds whole points with all their replications (or, for large per-area arrays,
    # one point and a slice of its replications) and all years (and areas, payers)
    c = ds.chunks
    check(c[1] == n_rep or c[0] == 1, f"{path}: chunk {c} splits points")
    check(c[2:] == ds.shape[2:], f"{path}: chunk {c} splits years/areas of shape {ds.shape}")


def check_sweep(fn):
    f = h5py.File(fn, "r")
    a = f.attrs
    check(text(a["file_kind"]) == "sweep", f"file_kind {a['file_kind']!r}")
    check(int(a["file_format_version"]) == 1, "file_format_version")
    check(int(a["complete"]) == 1, "complete")
    P, R, Y = int(a["points"]), int(a["replications"]), int(a["years"])
    check(int(a["runs"]) == P * R, "runs = points x replications")
    check(text(a["store"]) == "areas", "store")
    A = f["area"].shape[0]
    years = f["year"][:]
    check(list(years) == list(range(int(a["start_year"]), int(a["start_year"]) + Y)), "/year")
    check(list(f["point"][:]) == list(range(P)), "/point")
    check(list(f["replication"][:]) == list(range(R)), "/replication")
    ids = [text(x) for x in f["area"].attrs["ids"]]
    check(len(ids) == A and len(set(ids)) == A, "/area ids")
    check([text(x) for x in f["payer"][:]] == ["rijk", "municipality", "corporation", "other"],
          "/payer")
    inds = [text(x) for x in a["indicators"]]
    check(len(inds) >= 40, f"{len(inds)} indicators listed")
    check(sorted(inds) == sorted(f["runs/totals"].keys()), "/runs/totals holds the indicators")

    # /input
    src = f["input/sweep.lua"]
    check(text(src.attrs["encoding"]) == "utf-8", "sweep.lua encoding")
    check(len(text(src[()]).encode()) == int(src.attrs["bytes"]), "sweep.lua bytes")
    check(f["input/areas"].shape == (A,), "/input/areas rows")
    check([text(x) for x in f["input/areas"]["id"]] == ids, "/input/areas ids = /area ids")

    # design
    K = f["design/factor"].shape[0]
    check(f["design/values"].shape == (P, K), "design values shape")
    check_dims(f, "design/values", ["point", "factor"])
    table = f["design/factors"][:]
    names = [text(x) for x in table["name"]]
    check(names == [text(x) for x in f["design/factor"][:]], "factor table names")
    for col in ("param", "kind", "min", "max", "steps", "dist", "integer", "levels",
                "labelled"):
        check(col in table.dtype.names, f"factor table column {col}")
    kinds = [text(x) for x in table["kind"]]
    check(kinds == ["range", "levels"], f"factor kinds {kinds}")
    check(text(table["levels"][1]) == "none,basic\\, plus,full\\\\wide", "escaped labels")
    vals = f["design/values"][:]
    check(np.all(vals[:, 1] == np.arange(P) % 3), "labelled factor values are label numbers")
    check(text(a["design"]) == "grid" and "block" not in f["design"], "grid has no blocks")

    # runs
    done = f["runs/done"][:]
    check(done.shape == (P, R) and done.dtype == np.int8, "done shape and type")
    check(bool(np.all(done == 1)), "every run done")
    check_dims(f, "runs/done", ["point", "replication"])
    for ind in inds:
        t = f["runs/totals/" + ind]
        check(t.shape == (P, R, Y), f"totals/{ind} shape {t.shape}")
        check_dims(f, "runs/totals/" + ind, ["point", "replication", "year"])
        check_chunks(f, "runs/totals/" + ind, R)
        ar = f["runs/areas/" + ind]
        check_metadata([t, ar, f["summary/" + ind]])
        check(ar.shape == (P, R, Y, A), f"areas/{ind} shape {ar.shape}")
        check_dims(f, "runs/areas/" + ind, ["point", "replication", "year", "area"])
        check_chunks(f, "runs/areas/" + ind, R)
    check_dims(f, "runs/spend", ["point", "replication", "year", "payer"])
    check_chunks(f, "runs/spend", R)

    # summaries against numpy
    n_nan = 0
    for ind in inds:
        tot = f["runs/totals/" + ind][:]
        n_nan += int(np.isnan(tot).sum())
        x = np.where(np.isfinite(tot), tot, np.nan)
        want = {"mean": np.nanmean(x, axis=1),
                "p05": np.nanquantile(x, 0.05, axis=1, method="linear"),
                "p50": np.nanquantile(x, 0.50, axis=1, method="linear"),
                "p95": np.nanquantile(x, 0.95, axis=1, method="linear")}
        for stat, w in want.items():
            path = f"summary/{ind}/{stat}"
            got = f[path][:]
            check(got.shape == (P, Y), f"{path} shape")
            check_dims(f, path, ["point", "year"])
            check(np.allclose(got, w, rtol=1e-12, atol=1e-9),
                  f"{path} differs from numpy: max diff {np.nanmax(np.abs(got - w))}")
    check(n_nan == 1, f"the sample holds one NaN run value (found {n_nan})")
    print(f"{fn}: {P} points x {R} replications x {Y} years x {A} areas, {len(inds)} indicators, "
          f"{K} factors")


def check_metadata(objs):
    """Each of objs (an indicator's totals, areas and /summary group) has indicators.def's
    metadata: strings units, description, domain, label; better an int8 in -1, 0, +1; the same
    values on all of them."""
    first = objs[0]
    for o in objs:
        for att in ("units", "description", "domain", "label"):
            v = o.attrs.get(att)
            check(isinstance(v, str) and v, f"{o.name} attribute {att} is {v!r}")
        b = o.attrs.get("better")
        check(isinstance(b, np.integer) and b.dtype.itemsize == 1 and int(b) in (-1, 0, 1),
              f"{o.name} attribute better is {b!r}")
        for att in ("label", "better", "domain", "units"):
            check(o.attrs.get(att) == first.attrs.get(att),
                  f"{o.name} and {first.name} differ in {att}")


def check_part(fn):
    f = h5py.File(fn, "r")
    check(text(f.attrs["file_kind"]) == "sweep_part", "part file_kind")
    check(int(f.attrs["complete"]) == 0, "part complete = 0")
    check("summary" not in f, "a part file has no /summary")
    done = f["runs/done"][:]
    P, R = done.shape
    runs = np.arange(P * R).reshape(P, R)
    check(np.array_equal(done == 1, runs % 2 == 0), "part done flags: the even runs")
    tot = f["runs/totals/population"][:]
    check(bool(np.all(np.isnan(tot[done == 0]))), "runs not done hold NaN")
    check(bool(np.all(np.isfinite(tot[done == 1]))), "runs done hold values")
    check(text(f.attrs["design"]) == "saltelli", "part design")
    block, base = f["design/block"][:], f["design/base"][:]
    K = f["design/factor"].shape[0]
    n_base = int(f["design/block"].attrs["n_base"])
    check(n_base * (K + 2) == P, "n_base x (k + 2) = points")
    check(np.array_equal(block, np.tile(np.arange(K + 2), n_base)), "saltelli blocks")
    check(np.array_equal(base, np.repeat(np.arange(n_base), K + 2)), "saltelli base rows")
    check_dims(f, "design/block", ["point"])
    check_dims(f, "design/base", ["point"])
    print(f"{fn}: part file, {int(done.sum())} of {P * R} runs")


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    check_sweep(sys.argv[1])
    check_part(sys.argv[2])
    if failures:
        print(f"{len(failures)} checks failed")
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
