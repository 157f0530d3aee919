"""sweep.py: reads a wijksim sweep file (layout: include/wijksim/h5_sweep.h) and builds its report
document: the design (factors and points) and, per headline indicator, the design points' means
with 90 % bands against the varied factors.

Point means and bands come from /summary/<indicator>/{mean,p05,p50,p95} [point, year] unchanged;
the spend per point (mean over replications of /runs/spend summed over years and payers) is the
only number computed here. Part files and unfinished sweeps are refused (ReportError).
"""
import math
from dataclasses import asdict

import numpy as np

from . import charts, terms
from .assemble import generated, slug
from .h5read import (ReportError, attr, finite, indicator_meta, merged_attrs, need, pick_years,
                     read_provenance, strings, table_rows, text)

# Colour points by another factor only when it has at most this many values.
MAX_GROUPS = 6


class SweepFile:
    """An open sweep file. Attributes: prov, title, description, design_kind, years, points
    (n_points), replications, factors (rows of /design/factors, with "labels" added: a list of
    level labels or None), values (float [point, factor]), headlines. Construction checks the
    layout and raises ReportError; the caller owns and closes f."""

    def __init__(self, f, path, kind):
        if kind == "sweep_part":
            raise ReportError("this is one part of a sharded sweep (file_kind 'sweep_part'); "
                              "merge the parts (wijksim merge PARTS -o FILE) and report on "
                              "the merged file")
        if kind != "sweep":
            raise ReportError("unsupported file: file_kind is '%s'" % kind)
        if int(attr(f, "complete", 0)) != 1:
            raise ReportError("the sweep is not complete (attribute complete is not 1); finish "
                              "or resume it first")
        self.f = f
        self.prov = read_provenance(f, path, kind)
        self.title = text(attr(f, "sweep_name")) or "sweep"
        self.description = text(attr(f, "sweep_description"))
        self.design_kind = text(attr(f, "design"))
        self.years = [int(y) for y in need(f, "year", "/year")[()]]
        if not self.years:
            raise ReportError("not a wijksim sweep file: /year holds no years")
        self.values = np.atleast_2d(np.asarray(need(f, "design/values", "/design/values")[()],
                                               dtype=float))
        self.points = self.values.shape[0]
        self.replications = int(attr(f, "replications", 0))
        names = strings(need(f, "design/factor", "/design/factor")[()])
        rows = table_rows(need(f, "design/factors", "/design/factors"))
        by_name = {r.get("name", ""): r for r in rows}
        self.factors = []
        for k, name in enumerate(names):
            r = dict(by_name.get(name, {"name": name}))
            r["labels"] = level_labels(r)
            r["level_texts"] = r["labels"] or [terms.num(float(x), 4)
                                               for x in split_levels(r.get("levels", ""))]
            self.factors.append(r)
        if self.values.shape[1] != len(self.factors):
            raise ReportError("/design/values is not [point, factor]")
        self.sum = need(f, "summary", "/summary")
        heads = strings(attr(self.sum, "headline_indicators"))
        self.headlines = [h for h in heads if h in self.sum]
        if not self.headlines:
            raise ReportError("/summary holds none of the headline indicators")
        # a reference point: /summary also holds the paired differences diff_* to it
        ref = int(attr(f, "reference_point", -1))
        self.reference = ref if 0 <= ref < self.points and all(
            "diff_mean" in self.sum[h] for h in self.headlines) else None

    def stat(self, indicator, name):
        """/summary/<indicator>/<name> as float [point, year]."""
        path = "%s/%s" % (indicator, name)
        a = np.asarray(need(self.sum, path, "/summary/" + path)[()], dtype=float)
        if a.shape != (self.points, len(self.years)):
            raise ReportError("summary dataset '/summary/%s' is not [point, year]" % path)
        return a

    def indicator_meta(self, indicator):
        """h5read.indicator_meta of an indicator, from the attributes of its /summary group
        and, for any it lacks, of /summary/<indicator>/mean and /runs/totals/<indicator>."""
        return indicator_meta(indicator, merged_attrs(self.f, [
            "summary/%s" % indicator, "summary/%s/mean" % indicator,
            "runs/totals/%s" % indicator]))

    def spend(self):
        """Per point the mean over replications of the spend over all years: (total, Rijk) in
        EUR, or None when /runs/spend is absent."""
        if "runs/spend" not in self.f:
            return None
        s = np.asarray(self.f["runs/spend"][()], dtype=float)   # [point, rep, year, payer]
        payers = strings(self.f["payer"][()]) if "payer" in self.f else []
        per_rep = s.sum(axis=2)                                   # [point, rep, payer]
        total = np.nanmean(per_rep.sum(axis=2), axis=1)
        rijk = np.nanmean(per_rep[:, :, payers.index("rijk")], axis=1) if "rijk" in payers \
            else np.full(self.points, math.nan)
        return total, rijk


def split_levels(levels):
    """The comma-separated items of a levels string; a backslash escapes the next character."""
    items, cur, esc = [], [], False
    for ch in levels or "":
        if esc:
            cur.append(ch)
            esc = False
        elif ch == "\\":
            esc = True
        elif ch == ",":
            items.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    if cur or items:
        items.append("".join(cur))
    return items


def level_labels(row):
    """The level labels of a /design/factors row when its levels are names (column labelled
    = 1; without that column: when not every level is a number), else None."""
    items = split_levels(row.get("levels", ""))
    if not items:
        return None
    if "labelled" in row:
        return items if row["labelled"] else None
    try:
        [float(t) for t in items]
        return None
    except ValueError:
        return items


def factor_value_text(factor, v):
    """A design value as shown: the level label, or the number."""
    labels = factor["labels"]
    if labels and not math.isnan(v) and 0 <= int(round(v)) < len(labels):
        return labels[int(round(v))]
    return terms.num(v, 4)


def groups_for(sf):
    """For each factor, another factor with at most MAX_GROUPS values to colour its points by:
    {factor: (group index per point, group labels, other factor's name)}."""
    out = {}
    for i, fi in enumerate(sf.factors):
        for j, fj in enumerate(sf.factors):
            if j == i:
                continue
            vals = sorted(set(sf.values[:, j].tolist()))
            if 1 < len(vals) <= MAX_GROUPS and len(vals) < sf.points:
                idx = [vals.index(v) for v in sf.values[:, j].tolist()]
                out[fi["name"]] = (idx, [factor_value_text(fj, v) for v in vals], fj["name"])
                break
    return out


def question(sf):
    names = ", ".join(f["name"] for f in sf.factors)
    return ("How do the headline outcomes over %d-%d change as %s vary — and which of these "
            "choices matter more than chance?" % (sf.years[0], sf.years[-1], names))


def headline_answer(sf, ind, y, direction):
    """Lowest and highest point mean of an indicator in year index y, and whether their 90 %
    bands are apart; with a reference point, the points whose paired difference to it has a
    90 % band without zero, with their verdict (direction: the indicator's, terms.verdict)."""
    mean, lo, hi = (sf.stat(ind, k)[:, y] for k in ("mean", "p05", "p95"))
    if not np.isfinite(mean).any():
        return None
    a, b = int(np.nanargmin(mean)), int(np.nanargmax(mean))
    apart = bool(hi[a] < lo[b])
    ans = {"indicator": ind, "year": sf.years[y], "low_point": a, "low_mean": finite(mean[a]),
           "high_point": b, "high_mean": finite(mean[b]), "apart": apart}
    if sf.reference is not None:
        # points whose paired difference to the reference has a 90 % band without zero
        dm, dlo, dhi = (sf.stat(ind, k)[:, y] for k in ("diff_mean", "diff_p05", "diff_p95"))
        ans["differ"] = [{"point": p, "diff_mean": finite(dm[p]), "diff_p05": finite(dlo[p]),
                          "diff_p95": finite(dhi[p]),
                          "verdict": terms.verdict(direction, float(dlo[p]), float(dhi[p]))}
                         for p in range(sf.points)
                         if p != sf.reference and not terms.contains_zero(dlo[p], dhi[p])]
    return ans


def build(sf, folder, years=None, areas=(), extra=()):
    """The document of a sweep file with its charts written into folder. years: calendar years
    for the tables (None: as `wijksim summary`; charts use the last). areas must be empty (a
    sweep's /summary is for all areas only). Raises ReportError otherwise or for an unknown
    year or indicator."""
    if areas:
        raise ReportError("a sweep file summarises all areas together; --area is not available")
    for ind in extra:
        if ind not in sf.sum:
            raise ReportError("indicator '%s' is not in this file's /summary" % ind)
    year_idx = pick_years(sf.years, years)
    inds = list(sf.headlines) + [i for i in extra if i not in sf.headlines]
    info = {}
    for i in inds:
        m = sf.indicator_meta(i)
        info[i] = {"label": m["label"], "units": m["units"], "direction": m["direction"]}
    spend = sf.spend()
    points = []
    for p in range(sf.points):
        row = {"point": p,
               "values": {f["name"]: finite(sf.values[p, k]) for k, f in enumerate(sf.factors)},
               "labels": {f["name"]: factor_value_text(f, sf.values[p, k])
                          for k, f in enumerate(sf.factors)}}
        if spend is not None:
            row["spend_total_eur"] = finite(spend[0][p])
            row["spend_rijk_eur"] = finite(spend[1][p])
        points.append(row)
    means = []
    stats = ("mean", "p05", "p50", "p95") + (("diff_mean", "diff_p05", "diff_p50", "diff_p95")
                                             if sf.reference is not None else ())
    for ind in inds:
        st = {k: sf.stat(ind, k) for k in stats}
        for y in year_idx:
            for p in range(sf.points):
                means.append({"indicator": ind, "units": info[ind]["units"], "year": sf.years[y],
                              "point": p, **{k: finite(st[k][p, y]) for k in st}})
    doc = {
        "kind": "sweep", "title": sf.title, "description": sf.description,
        "question": question(sf), "provenance": asdict(sf.prov),
        "generated": generated(),
        "horizon": [sf.years[0], sf.years[-1]], "years": [sf.years[y] for y in year_idx],
        "design": {"kind": sf.design_kind, "points": sf.points, "replications": sf.replications,
                   "factors": [{k: v for k, v in f.items()} for f in sf.factors]},
        "design_points": points, "headlines": inds, "indicators": info, "point_means": means,
        "reference": sf.reference,
        "answers": [a for a in (headline_answer(sf, i, year_idx[-1], info[i]["direction"])
                                for i in inds) if a],
        "warnings": {"run": []}, "charts": [],
    }
    if sf.replications and sf.replications < 10:
        doc["warnings"]["run"].append(
            "Only %d replications per point: the 90 %% bands are rough estimates."
            % sf.replications)
    y = year_idx[-1]
    groups = groups_for(sf)
    for ind in inds:
        st = {k: sf.stat(ind, k)[:, y] for k in ("mean", "p05", "p95")}
        panels = [(f["name"], sf.values[:, k].tolist(), f["labels"], st["mean"].tolist(),
                   st["p05"].tolist(), st["p95"].tolist()) for k, f in enumerate(sf.factors)]
        c = charts.Chart(id="sweep-%s" % slug(ind), file="sweep_%s.png" % slug(ind),
                         title=info[ind]["label"], key=ind,
                         alt="%s in %d: mean and 90 %% band of each design point against %s"
                             % (info[ind]["label"], sf.years[y],
                                ", ".join(f["name"] for f in sf.factors)))
        ch = charts.sweep_chart(folder, c, sf.prov, info[ind]["units"], sf.years[y], panels,
                                groups)
        doc["charts"].append(dict(asdict(ch), section="sweep"))
        if sf.reference is None:
            continue
        d = {k: sf.stat(ind, k)[:, y] for k in ("diff_mean", "diff_p05", "diff_p95")}
        panels = [(f["name"], sf.values[:, k].tolist(), f["labels"], d["diff_mean"].tolist(),
                   d["diff_p05"].tolist(), d["diff_p95"].tolist())
                  for k, f in enumerate(sf.factors)]
        c = charts.Chart(id="sweepdiff-%s" % slug(ind), file="sweepdiff_%s.png" % slug(ind),
                         title="%s: difference to point %d" % (info[ind]["label"], sf.reference),
                         key=ind,
                         alt="%s in %d: each design point's difference to the reference point, "
                             "paired per replication, mean and 90 %% band"
                             % (info[ind]["label"], sf.years[y]))
        ch = charts.sweep_chart(folder, c, sf.prov, "difference, " + info[ind]["units"],
                                sf.years[y], panels, groups)
        doc["charts"].append(dict(asdict(ch), section="sweepdiff"))
    return doc
