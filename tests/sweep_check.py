#!/usr/bin/python3
"""sweep_check.py: reads a sweep file of scenarios/sweep_demo.lua with h5py and checks what a
user relies on: it is complete, its design is the 3 x 3 grid the script declares (first factor
slowest), every run is stored, the run arrays have labelled dimensions, and each summary equals
the statistic recomputed with numpy from the stored runs.

usage: /usr/bin/python3 sweep_check.py FILE.h5 SWEEP.lua     (exit 0 ok, 1 failed)
"""
import sys

import h5py
import numpy as np


def check(path, script):
    f = h5py.File(path, "r")
    a = f.attrs
    assert a["file_kind"] in (b"sweep", "sweep"), a["file_kind"]
    assert int(a["complete"]) == 1
    assert a["design"] in (b"grid", "grid")
    src = f["input/sweep.lua"][()]
    src = src if isinstance(src, bytes) else src.encode()
    assert src == open(script, "rb").read(), "stored source differs from the script"
    names = [n.decode() if isinstance(n, bytes) else n for n in f["design/factor"][()]]
    assert names == ["debt_budget", "jobs_budget"], names
    x = f["design/values"][()]
    levels = [0, 1.5e6, 3e6]
    want = np.array([[d, j] for d in levels for j in levels])
    assert np.array_equal(x, want), x
    done = f["runs/done"][()]
    assert done.shape == (9, 3) and done.all(), done
    t = f["runs/totals/work_employment_rate"]
    assert t.shape == (9, 3, 10), t.shape
    assert [d.label for d in t.dims] == ["point", "replication", "year"], [d.label for d in t.dims]
    years = t.dims[2][0][()]
    assert list(years) == list(range(2026, 2036)), years
    ar = f["runs/areas/work_employment_rate"]
    assert ar.shape == (9, 3, 10, 4) and ar.dims[3].label == "area"
    area_names = [n.decode() if isinstance(n, bytes) else n for n in ar.dims[3][0][()]]
    assert "Delft West" in area_names, area_names
    assert t.compression is not None and t.chunks is not None, "run arrays not chunked/compressed"
    assert np.isfinite(t[()]).all()
    for stat, fn in (("mean", lambda v: v.mean(axis=1)),
                     ("p05", lambda v: np.quantile(v, 0.05, axis=1)),
                     ("p50", lambda v: np.quantile(v, 0.50, axis=1)),
                     ("p95", lambda v: np.quantile(v, 0.95, axis=1))):
        got = f["summary/work_employment_rate/" + stat][()]
        exp = fn(t[()])
        assert np.allclose(got, exp, rtol=1e-12, atol=1e-12), (stat, got - exp)
    # differences to the reference point (both budgets 0), per replication pair
    assert int(a["reference_point"]) == 0
    debt = f["runs/totals/work_problem_debt_households"][()]
    d = debt - debt[0][None, :, :]
    for stat, fn in (("diff_mean", lambda v: v.mean(axis=1)),
                     ("diff_p05", lambda v: np.quantile(v, 0.05, axis=1)),
                     ("diff_p95", lambda v: np.quantile(v, 0.95, axis=1))):
        got = f["summary/work_problem_debt_households/" + stat][()]
        assert np.allclose(got, fn(d), rtol=1e-12, atol=1e-12), (stat, got - fn(d))
    assert (f["summary/work_problem_debt_households/diff_mean"][0] == 0).all()
    # common random numbers: paired bands are narrower than the points' own bands. With 3
    # replications one band (a 5-95 % quantile range of 3 values) is itself noisy, so the
    # check pools the 8 points that differ from the reference over the 10 years
    s = f["summary/work_problem_debt_households"]
    paired = (s["diff_p95"][1:, :] - s["diff_p05"][1:, :]).mean()
    alone = (s["p95"][1:, :] - s["p05"][1:, :]).mean()
    print("problem debt 2035, debt 3m vs none: %+.3f pp; mean band width over points and years: "
          "paired %.3f vs %.3f unpaired" % (s["diff_mean"][6, -1], paired, alone))
    assert paired < alone, (paired, alone)
    # the paired difference the design is for: more job coaching, more employment, same noise
    base, most = t[0].mean(axis=0), t[2].mean(axis=0)  # jobs 0 vs jobs 3m, debt 0
    print("employment 2035: no budget %.3f %%, jobs 3m %.3f %% (diff %+.3f pp)"
          % (base[-1], most[-1], most[-1] - base[-1]))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(check(sys.argv[1], sys.argv[2]))
    except AssertionError as ex:
        print("sweep_check: %s: %r" % (sys.argv[1], ex), file=sys.stderr)
        sys.exit(1)
