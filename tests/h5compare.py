#!/usr/bin/python3
"""h5compare.py: compares the result datasets of two wijksim results files bit for bit.

usage: /usr/bin/python3 h5compare.py A.h5 B.h5

Compares every dataset under /scenarios (runs and comparisons) or /design, /runs and /summary
(sweeps), and the dimension scales /year, /area, /replication, /point and /payer:
the same names, the same shape and dtype and the same bytes (so NaN equals NaN only with the same
bits, and -0.0 differs from 0.0). Attributes are not compared: created, finished, command_line
and threads legitimately differ between runs. Used by the thread-determinism test. Exits 0 when
everything is identical, 1 when anything differs (each differing dataset is reported with its
first differing index), 2 for usage errors or unreadable files.
"""
import sys

import h5py
import numpy as np

DIMS = ["/year", "/area", "/replication", "/point", "/payer"]
# Groups whose datasets are results: a run or comparison's /scenarios; a sweep's design, runs and
# summaries (its /input, attributes and provenance may differ with how the sweep was split).
GROUPS = ["scenarios", "design", "runs"]


def dataset_names(f):
    names = [d for d in DIMS if d in f and isinstance(f[d], h5py.Dataset)]
    groups = GROUPS + (["summary"] if f.attrs.get("file_kind") in (b"sweep", "sweep") else [])
    for g in groups:
        if g in f:
            found = []
            f[g].visititems(
                lambda n, o: found.append("/%s/%s" % (g, n)) if isinstance(o, h5py.Dataset) else None)
            names += sorted(found)
    return names


def fmt_index(flat, shape):
    if not shape:
        return "[]"
    return "[%s]" % ", ".join(str(int(i)) for i in np.unravel_index(flat, shape))


def compare(name, da, db):
    """None when identical, else a sentence describing the first difference."""
    if da.dtype != db.dtype:
        return "%s: dtype %s vs %s" % (name, da.dtype, db.dtype)
    if da.shape != db.shape:
        return "%s: shape %s vs %s" % (name, da.shape, db.shape)
    a, b = da[()], db[()]
    if da.dtype.names and any(da.dtype[k].kind == "O" for k in da.dtype.names):
        # compound rows with variable-length strings: compare the values, not the pointers
        fa, fb = np.asarray(a).reshape(-1).tolist(), np.asarray(b).reshape(-1).tolist()
        for k in range(len(fa)):
            if fa[k] != fb[k] and not (str(fa[k]) == str(fb[k]) and "nan" in str(fa[k])):
                return "%s: differs at %s: %r vs %r" % (name, fmt_index(k, da.shape), fa[k], fb[k])
        return None
    if da.dtype.kind == "O":  # variable-length strings: compare the values
        fa = np.asarray(a, dtype=object).reshape(-1)
        fb = np.asarray(b, dtype=object).reshape(-1)
        for k in range(len(fa)):
            if fa[k] != fb[k]:
                return "%s: differs at %s: %r vs %r" % (name, fmt_index(k, da.shape), fa[k], fb[k])
        return None
    a = np.ascontiguousarray(a)
    b = np.ascontiguousarray(b)
    if a.tobytes() == b.tobytes():
        return None
    size = max(a.dtype.itemsize, 1)
    ua = np.frombuffer(a.tobytes(), dtype=np.uint8).reshape(-1, size)
    ub = np.frombuffer(b.tobytes(), dtype=np.uint8).reshape(-1, size)
    diff = np.flatnonzero(np.any(ua != ub, axis=1))
    k = int(diff[0])
    va, vb = a.reshape(-1)[k], b.reshape(-1)[k]
    return "%s: %d of %d elements differ, first at %s: %r vs %r" % (
        name, len(diff), a.size, fmt_index(k, da.shape), va, vb)


def main(argv):
    if len(argv) != 3:
        print("usage: h5compare.py A.h5 B.h5", file=sys.stderr)
        return 2
    try:
        fa = h5py.File(argv[1], "r")
        fb = h5py.File(argv[2], "r")
    except OSError as ex:
        print("h5compare: cannot open: %s" % ex, file=sys.stderr)
        return 2
    problems = []
    with fa, fb:
        na, nb = dataset_names(fa), dataset_names(fb)
        for n in sorted(set(na) - set(nb)):
            problems.append("%s: only in %s" % (n, argv[1]))
        for n in sorted(set(nb) - set(na)):
            problems.append("%s: only in %s" % (n, argv[2]))
        common = [n for n in na if n in set(nb)]
        if not common:
            problems.append("no result datasets to compare")
        for n in common:
            p = compare(n, fa[n], fb[n])
            if p:
                problems.append(p)
    if problems:
        print("h5compare: %s and %s differ:" % (argv[1], argv[2]), file=sys.stderr)
        for p in problems:
            print("  " + p, file=sys.stderr)
        return 1
    print("h5compare: identical: %d datasets in %s and %s" % (len(common), argv[1], argv[2]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
