#!/usr/bin/python3
"""decompose.py: a comparison's options against its baseline, one year, one area, as a table.

Made for scenarios/nprz_parts.lua (a package split into its interventions, each alone against
the same baseline with the same seed), but it reads any comparison file:

    /usr/bin/python3 scripts/decompose.py results/nprz_parts.h5 [--year 2035] [--area ID]
                                          [--indicators a,b,...] [--markdown]

For each option and indicator: the mean over replications of (option - baseline) in that year,
with a 90 % band from the paired differences (Student t with R - 1 degrees of freedom; the
replications share their random numbers, so pairing removes most of the noise they have in
common). A band from fewer than 10 replications is marked "(few replications)". Spend is the
option's total spend of all payers from the first year up to and including the year, in EUR m.
Indicators are the file's own (per area; an area's value already has its own denominator), so
the table needs one area: --area picks it when the file has several.
"""
import argparse
import math
import sys

import h5py
import numpy as np

DEFAULT = ["work_employment_rate", "work_bijstand_households", "edu_achievement",
           "edu_early_school_leaving", "safety_crime_per_1000", "housing_quality_index"]

# two-sided 90 % Student t quantiles by degrees of freedom (1..30); beyond, the normal 1.645
T90 = [6.314, 2.920, 2.353, 2.132, 2.015, 1.943, 1.895, 1.860, 1.833, 1.812, 1.796, 1.782,
       1.771, 1.761, 1.753, 1.746, 1.740, 1.734, 1.729, 1.725, 1.721, 1.717, 1.714, 1.711,
       1.708, 1.706, 1.703, 1.701, 1.699, 1.697]
FEW = 10


def t90(df):
    return T90[df - 1] if df <= len(T90) else 1.645


def text(v):
    return v.decode() if isinstance(v, bytes) else str(v)


def fmt(x):
    if not math.isfinite(x):
        return "n/a"
    a = abs(x)
    if a >= 100:
        return f"{x:+.0f}"
    if a >= 1:
        return f"{x:+.2f}"
    return f"{x:+.3f}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("file")
    ap.add_argument("--year", type=int, help="calendar year (default: year 10 of the horizon)")
    ap.add_argument("--area", help="area id (needed when the file has several)")
    ap.add_argument("--indicators", help="comma-separated indicator names")
    ap.add_argument("--markdown", action="store_true", help="a markdown table")
    a = ap.parse_args()
    try:
        f = h5py.File(a.file, "r")
    except OSError as e:
        sys.exit(f"decompose.py: cannot open {a.file}: {e}")
    with f:
        if text(f.attrs.get("file_kind", "")) != "comparison":
            sys.exit(f"decompose.py: {a.file} is not a comparison file")
        start, years = int(f.attrs["start_year"]), int(f.attrs["years"])
        year = a.year if a.year is not None else start + 9
        if not start <= year < start + years:
            sys.exit(f"decompose.py: --year {year} is outside {start}..{start + years - 1}")
        y = year - start
        ids = [text(v) for v in f["input/areas"]["id"]]
        if a.area is None and len(ids) > 1:
            sys.exit(f"decompose.py: the file has {len(ids)} areas; choose one with --area "
                     f"({', '.join(ids)})")
        if a.area is not None and a.area not in ids:
            sys.exit(f"decompose.py: no area '{a.area}' in the file ({', '.join(ids)})")
        ai = ids.index(a.area) if a.area else 0
        names = a.indicators.split(",") if a.indicators else DEFAULT
        base = text(f.attrs["baseline"])
        scen = [text(s) for s in f.attrs["scenarios"]]
        for n in names:
            if f"scenarios/{base}/indicators/{n}" not in f:
                sys.exit(f"decompose.py: no indicator '{n}' in the file")
        units = {n: text(f[f"scenarios/{base}/indicators/{n}"].attrs.get("units", ""))
                 for n in names}
        r = len(f["replication"])
        rows = []
        for s in scen:
            if s == base:
                continue
            cells = []
            for n in names:
                d = (f[f"scenarios/{s}/indicators/{n}"][:, y, ai]
                     - f[f"scenarios/{base}/indicators/{n}"][:, y, ai])
                d = d[np.isfinite(d)]
                if len(d) == 0:
                    cells.append("n/a")
                    continue
                m = float(d.mean())
                if len(d) < 2:
                    cells.append(fmt(m))
                    continue
                h = t90(len(d) - 1) * float(d.std(ddof=1)) / math.sqrt(len(d))
                cells.append(f"{fmt(m)} [{fmt(m - h)}, {fmt(m + h)}]")
            spend = f[f"scenarios/{s}/interventions/spend"][:, : y + 1, ai].sum(axis=(1, 2))
            rows.append((s, f"{spend.mean() / 1e6:.1f}", cells))
        base_vals = [float(np.nanmean(f[f"scenarios/{base}/indicators/{n}"][:, y, ai]))
                     for n in names]
    head = ["option", f"spend {start}-{year} (EUR m)"] + [f"{n} ({units[n]})" for n in names]
    note = (f"{year}, area {ids[ai]}, option - '{base}', mean [90 % band] over {r} "
            f"replications" + (" (few replications)" if r < FEW else ""))
    if a.markdown:
        print(note + "\n")
        print("| " + " | ".join(head) + " |")
        print("|" + "---|" * len(head))
        print("| baseline level | | " + " | ".join(f"{v:.3g}" for v in base_vals) + " |")
        for s, sp, cells in rows:
            print(f"| {s} | {sp} | " + " | ".join(cells) + " |")
    else:
        print(note)
        print("\t".join(head))
        print("baseline level\t\t" + "\t".join(f"{v:.3g}" for v in base_vals))
        for s, sp, cells in rows:
            print(f"{s}\t{sp}\t" + "\t".join(cells))


if __name__ == "__main__":
    main()
