#!/usr/bin/python3
"""sweep_ishigami.py: `wijksim sensitivity` on the Ishigami function, from a sweep file written
here with h5py in exactly the layout of include/wijksim/h5_sweep.h.

The Ishigami function f(x) = sin x1 + a sin^2 x2 + b x3^4 sin x1 (a = 7, b = 0.1) on
[-pi, pi]^3 has known Sobol indices (Ishigami & Homma 1990; Saltelli et al. 2010):
  V1 = (1 + b pi^4 / 5)^2 / 2,  V2 = a^2 / 8,  V13 = b^2 pi^8 (1/18 - 1/50),  V = V1 + V2 + V13
  S1 = V1/V = 0.3139, S2 = V2/V = 0.4424, S3 = 0,
  ST1 = (V1 + V13)/V = 0.5576, ST2 = 0.4424, ST3 = V13/V = 0.2437.
The file holds a saltelli design over x1, x2, x3 with N = 4096 base rows, built as sweep.h says
(for each base row j: A_j, B_j, then A_j with column i from B_j, block 2 + i), where A and B are
N x 3 pseudo-random uniform points from numpy's PCG64 with a fixed seed; one replication; and
f as the totals of indicator work_employment_rate in the single year. Every other indicator
holds NaN (the run datasets of all of this build's indicators are present, as in a real file).

usage: sweep_ishigami.py OUT.h5     (env WIJKSIM: the binary; WS_SRC_DIR: the source tree)
exit 0 when the estimates are within tolerance, 1 otherwise.
"""
import math
import os
import re
import subprocess
import sys

import h5py
import numpy as np

N = 4096          # base rows
K = 3             # factors
A_, B_ = 7.0, 0.1
SEED = 20240611
YEAR = 2026
INDICATOR = "work_employment_rate"


def ishigami(x):
    return np.sin(x[:, 0]) + A_ * np.sin(x[:, 1]) ** 2 + B_ * x[:, 2] ** 4 * np.sin(x[:, 0])


def analytic():
    v1 = 0.5 * (1 + B_ * math.pi ** 4 / 5) ** 2
    v2 = A_ ** 2 / 8
    v13 = B_ ** 2 * math.pi ** 8 * (1 / 18 - 1 / 50)
    v = v1 + v2 + v13
    return [v1 / v, v2 / v, 0.0], [(v1 + v13) / v, v2 / v, v13 / v]


def indicator_names(src):
    text = open(os.path.join(src, "include", "wijksim", "indicators.def")).read()
    return re.findall(r"^WS_INDICATOR\((\w+),", text, re.M)


def design():
    rng = np.random.default_rng(SEED)
    a = rng.uniform(-math.pi, math.pi, (N, K))
    b = rng.uniform(-math.pi, math.pi, (N, K))
    pts = np.empty((N, K + 2, K))
    pts[:, 0] = a
    pts[:, 1] = b
    for i in range(K):
        ab = a.copy()
        ab[:, i] = b[:, i]
        pts[:, 2 + i] = ab
    x = pts.reshape(N * (K + 2), K)
    block = np.tile(np.arange(K + 2, dtype=np.int32), N)
    base = np.repeat(np.arange(N, dtype=np.int32), K + 2)
    return x, block, base


def labelled(ds, labels, scales):
    for k, (label, scale) in enumerate(zip(labels, scales)):
        ds.dims[k].label = label
        ds.dims[k].attach_scale(scale)


def write_file(path, names, x, block, base, y):
    P = x.shape[0]
    vstr = h5py.string_dtype()
    src = "-- Ishigami test sweep (written by tests/sweep_ishigami.py; not run)\n"
    with h5py.File(path + ".tmp", "w", libver=("earliest", "v108")) as f:
        at = f.attrs
        for k, v in [("file_kind", "sweep"), ("wijksim_version", "test"),
                     ("git_revision", "none"), ("command_line", "tests/sweep_ishigami.py"),
                     ("created", "2026-01-01T00:00:00Z"), ("finished", "2026-01-01T00:00:01Z"),
                     ("split", "threads"), ("sweep_name", "ishigami"),
                     ("sweep_description", "Ishigami function, a = 7, b = 0.1"),
                     ("sweep_file", "ishigami.lua"), ("sweep_sha256", "0" * 64),
                     ("design", "saltelli"), ("store", "totals")]:
            at[k] = v
        for k, v in [("file_format_version", 1), ("threads", 1), ("processes", 1),
                     ("points", P), ("replications", 1), ("runs", P), ("start_year", YEAR),
                     ("years", 1)]:
            at.create(k, v, dtype=np.int32)
        at.create("seed", SEED, dtype=np.int64)
        at.create("indicators", names, dtype=vstr)
        at.create("complete", 1, dtype=np.int8)

        inp = f.create_group("input")
        s = inp.create_dataset("sweep.lua", data=src, dtype=vstr)
        s.attrs["path"] = "ishigami.lua"
        s.attrs.create("bytes", len(src.encode()), dtype=np.int64)
        s.attrs["sha256"] = "0" * 64
        s.attrs["encoding"] = "utf-8"
        par_t = np.dtype([("name", vstr), ("value", "<f8"), ("default", "<f8"), ("min", "<f8"),
                          ("max", "<f8"), ("type", vstr), ("unit", vstr), ("source", vstr),
                          ("doc", vstr)])
        inp.create_dataset("parameters", shape=(0,), dtype=par_t)
        area_t = np.dtype([("id", vstr), ("name", vstr), ("municipality", vstr),
                           ("gm_code", vstr), ("file_index", "<i4"),
                           ("in_2020_programme", "i1"), ("residents", "<f8"),
                           ("dwellings", "<f8")])
        inp.create_dataset("areas", data=np.array(
            [("ishigami", "Ishigami", "-", "GM0000", 0, 0, 1.0, 1.0)], dtype=area_t))

        sc = {}
        for name, data in [("point", np.arange(P, dtype=np.int32)),
                           ("replication", np.zeros(1, np.int32)),
                           ("year", np.array([YEAR], np.int32))]:
            sc[name] = f.create_dataset(name, data=data)
        sc["area"] = f.create_dataset("area", data=["Ishigami"], dtype=vstr)
        sc["area"].attrs.create("ids", ["ishigami"], dtype=vstr)
        sc["payer"] = f.create_dataset("payer", data=["rijk", "municipality", "corporation",
                                                      "other"], dtype=vstr)
        d = f.create_group("design")
        d.attrs["kind"] = "saltelli"
        d.attrs.create("seed", SEED, dtype=np.int64)
        d.attrs.create("n_factors", K, dtype=np.int32)
        d.attrs.create("n_points", P, dtype=np.int32)
        sc["factor"] = d.create_dataset("factor", data=["x1", "x2", "x3"], dtype=vstr)
        for name, ds in sc.items():
            ds.make_scale(name)
        vals = d.create_dataset("values", data=x)
        labelled(vals, ["point", "factor"], [sc["point"], sc["factor"]])
        fac_t = np.dtype([("name", vstr), ("param", vstr), ("kind", vstr), ("min", "<f8"),
                          ("max", "<f8"), ("steps", "<i4"), ("dist", vstr), ("integer", "i1"),
                          ("levels", vstr), ("labelled", "i1")])
        d.create_dataset("factors", data=np.array(
            [(f"x{i + 1}", "", "range", -math.pi, math.pi, 0, "uniform", 0, "", 0)
             for i in range(K)], dtype=fac_t))
        for name, data in [("block", block), ("base", base)]:
            ds = d.create_dataset(name, data=data)
            ds.attrs.create("n_base", N, dtype=np.int32)
            labelled(ds, ["point"], [sc["point"]])

        runs = f.create_group("runs")
        done = runs.create_dataset("done", data=np.ones((P, 1), np.int8))
        labelled(done, ["point", "replication"], [sc["point"], sc["replication"]])
        tg = runs.create_group("totals")
        sg = f.create_group("summary")
        kw = dict(compression="gzip", compression_opts=4, shuffle=True, fillvalue=np.nan)
        for name in names:
            v = y if name == INDICATOR else np.full(P, np.nan)
            t = tg.create_dataset(name, data=v.reshape(P, 1, 1), chunks=(min(P, 16384), 1, 1),
                                  **kw)
            labelled(t, ["point", "replication", "year"],
                     [sc["point"], sc["replication"], sc["year"]])
            g = sg.create_group(name)
            for stat in ("mean", "p05", "p50", "p95"):  # one replication: all equal
                ds = g.create_dataset(stat, data=v.reshape(P, 1))
                labelled(ds, ["point", "year"], [sc["point"], sc["year"]])
        sp = runs.create_dataset("spend", data=np.zeros((P, 1, 1, 4)),
                                 chunks=(min(P, 16384), 1, 1, 4), **kw)
        labelled(sp, ["point", "replication", "year", "payer"],
                 [sc["point"], sc["replication"], sc["year"], sc["payer"]])
    os.replace(path + ".tmp", path)


def estimates(y, block):
    """The estimators of sweep.h / sim/sweep/sobol.c from the point values, with standard errors.

    Tolerance derivation. Each index is a ratio of means over the N independent base rows j:
      S1_i = mean_j g_ij / V,  g_ij = (f(B_j) - m) (f(AB^i_j) - f(A_j))    (Saltelli 2010;
                               centred on m, the mean of the 2N values f(A), f(B), as sim/sweep/sobol.c
                               does: same expectation, no dependence on an additive constant)
      ST_i = mean_j h_ij / V,  h_ij = (f(A_j) - f(AB^i_j))^2 / 2            (Jansen 1999)
      V    = mean_j v_j,       v_j = ((f(A_j) - m)^2 + (f(B_j) - m)^2) / 2  (divisor 2N)
    By the delta method the standard error of S = mean(g) / mean(v) is
      SE(S) = sd_j(g_ij - S v_j) / (V sqrt(N)),
    estimated here from the very sample in the file (the estimate m of the mean adds O(1/N)).
    An estimate passes when |estimate - analytic| <= 4 SE + 6e-5: four standard errors leave a
    chance of 6e-5 per index (normal tails; about 4e-4 for all six) of failing a correct
    implementation, and 6e-5 covers the 4-decimal printing (5e-5) and the analytic values'
    own rounding. With N = 4096 the SEs come out near 0.01-0.02, so the check has teeth: an
    estimator off by the usual mistakes (wrong divisor 2N vs N, A and B swapped, blocks
    misread) misses by far more.
    """
    fa, fb = y[block == 0], y[block == 1]
    m = np.concatenate([fa, fb]).mean()
    v = ((fa - m) ** 2 + (fb - m) ** 2) / 2
    V = v.mean()
    s1, st, se1, set_ = [], [], [], []
    for i in range(K):
        fab = y[block == 2 + i]
        g = (fb - m) * (fab - fa)
        h = (fa - fab) ** 2 / 2
        s1.append(g.mean() / V)
        st.append(h.mean() / V)
        se1.append(np.std(g - s1[-1] * v, ddof=1) / (V * math.sqrt(N)))
        set_.append(np.std(h - st[-1] * v, ddof=1) / (V * math.sqrt(N)))
    return s1, st, se1, set_


NUM = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|[-+]?nan|[-+]?inf"


def parse(out, factors):
    """Factor lines: a factor name and six numbers (S1 lo hi ST lo hi); brackets, commas and
    other lines (headers, notes) are ignored."""
    rows = {}
    for line in out.splitlines():
        fields = line.replace(",", " ").replace("[", " ").replace("]", " ").split()
        if not fields or fields[0] not in factors:
            continue
        nums = re.findall(NUM, " ".join(fields[1:]), re.I)
        if len(nums) >= 6:
            rows[fields[0]] = [float(v) for v in nums[-6:]]
    return rows


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    path = sys.argv[1]
    src = os.environ.get("WS_SRC_DIR",
                         os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    exe = os.environ.get("WIJKSIM")
    if not exe:
        print("WIJKSIM is not set (the wijksim binary)")
        return 2
    s1_true, st_true = analytic()
    for got, want in zip(s1_true + st_true, [0.3139, 0.4424, 0, 0.5576, 0.4424, 0.2437]):
        assert abs(got - want) < 5e-5, (got, want)
    names = indicator_names(src)
    assert INDICATOR in names
    x, block, base = design()
    y = ishigami(x)
    write_file(path, names, x, block, base, y)
    s1, st, se1, set_ = estimates(y, block)

    cmd = [exe, "sensitivity", path, "--indicator", INDICATOR, "--year", str(YEAR)]
    p = subprocess.run(cmd, capture_output=True, text=True)
    print("$", " ".join(cmd))
    print(p.stdout, end="")
    print(p.stderr, end="", file=sys.stderr)
    if p.returncode != 0:
        print(f"wijksim sensitivity failed (exit {p.returncode})")
        return 1
    factors = ["x1", "x2", "x3"]
    rows = parse(p.stdout, factors)
    bad = 0
    for i, name in enumerate(factors):
        if name not in rows:
            print(f"FAIL: no line for factor {name}")
            bad += 1
            continue
        e1, lo1, hi1, et, lot, hit = rows[name]
        for what, est, lo, hi, true, mine, se in [("S1", e1, lo1, hi1, s1_true[i], s1[i], se1[i]),
                                                  ("ST", et, lot, hit, st_true[i], st[i],
                                                   set_[i])]:
            tol = 4 * se + 6e-5
            ok_true = abs(est - true) <= tol
            ok_formula = abs(est - mine) <= 6e-5  # the same estimator, printed with 4 decimals
            ok_interval = lo - 6e-5 <= est <= hi + 6e-5
            print(f"{name} {what}: {est:.4f} [{lo:.4f}, {hi:.4f}]  analytic {true:.4f}  "
                  f"tolerance {tol:.4f} (SE {se:.4f})  numpy {mine:.4f}  "
                  f"{'ok' if ok_true and ok_formula and ok_interval else 'FAIL'}")
            if not ok_true:
                print(f"FAIL: {name} {what} = {est} is {abs(est - true):.4f} from {true:.4f}")
            if not ok_formula:
                print(f"FAIL: {name} {what} = {est}, the estimator (sobol.c) gives {mine:.6f}")
            if not ok_interval:
                print(f"FAIL: {name} {what} = {est} outside its interval [{lo}, {hi}]")
            bad += (not ok_true) + (not ok_formula) + (not ok_interval)
    print("all estimates within tolerance" if not bad else f"{bad} checks failed")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
