"""numbers.py: every number the report shows, as plain rows (dicts of str, int and float).

The page (page.py) renders only these rows, and numbers.json holds them, so a test can compare
them with `wijksim summary --csv`. Rows built from /summary copy its values unchanged (NaN becomes
None); nothing is recomputed from the per-replication data except the per-intervention
participants, waiting lists and spend, which /summary does not hold.

Row kinds (column names follow `wijksim summary --csv` where the two overlap):
  differences         option, indicator, units, year, area, baseline_mean, option_mean,
                      diff_mean, diff_p05, diff_p50, diff_p95, verdict
  means               (run files) scenario, indicator, units, year, area, mean, p05, p50, p95
  cost_effectiveness  option, indicator, ce_unit, n_pairs, improvement_mean/_p05/_p95,
                      spend_total_eur, spend_rijk_eur, eur_per_unit_total/_p05/_p95,
                      eur_per_unit_rijk/_p05/_p95, ce_status
  escalator           scenario, year, area, gap_mean/_p05/_p95, moves_out_mean, moves_in_mean,
                      gap_diff_mean/_p05/_p95 (options)
  interventions       scenario, intervention, package, kind, target, evidence, source, payer,
                      counts ("persons", "dwellings" or "level"), per_year_mean, total,
                      waiting_last, waiting_max, spend_total_eur, spend_rijk_eur
"""
import math

import numpy as np

from . import terms
from .h5read import finite

CE_STATUS = {1: "ok", 0: "not distinguishable from zero", -1: "worse"}
ESCALATOR = ("housing_income_gap_movers", "housing_moves_out_rate", "housing_moves_in_rate")
DWELLING_TARGETS = ("renovation", "demolition_newbuild")


def chart_indicators(rf, extra=()):
    """The indicators charted and tabled: the headline indicators, then EXTRA_CHARTS and extra
    (in order, without duplicates, only those /summary holds), sorted by domain."""
    want = list(rf.headlines) + list(terms.EXTRA_CHARTS) + list(extra)
    seen, out = set(), []
    for ind in want:
        if ind not in seen and rf.has_indicator(ind):
            seen.add(ind)
            out.append(ind)
    return sorted(out, key=lambda i: (terms.domain_rank(rf.indicator_attr(i, "domain")),
                                      out.index(i)))


def differences(rf, indicators, year_idx, col):
    """Difference-to-baseline rows for every option, indicator and year index, in /summary column
    col (the same cells `wijksim summary` prints)."""
    rows = []
    area = rf.column_label(col)
    for opt in rf.options:
        for ind in indicators:
            units = rf.indicator_attr(ind, "units")
            g = {k: rf.grid(opt, ind, k) for k in
                 ("mean", "diff_mean", "diff_p05", "diff_p50", "diff_p95")}
            base = rf.grid(rf.baseline, ind, "mean")
            for y in year_idx:
                lo, hi = g["diff_p05"][y, col], g["diff_p95"][y, col]
                rows.append({
                    "option": opt.name, "indicator": ind, "units": units,
                    "year": rf.years[y], "area": area,
                    "baseline_mean": finite(base[y, col]), "option_mean": finite(g["mean"][y, col]),
                    "diff_mean": finite(g["diff_mean"][y, col]), "diff_p05": finite(lo),
                    "diff_p50": finite(g["diff_p50"][y, col]), "diff_p95": finite(hi),
                    "verdict": terms.verdict(rf.indicator_attr(ind, "direction"), float(lo),
                                             float(hi)),
                })
    return rows


def means(rf, indicators, year_idx, col):
    """Rows of means with 90 % bands of every scenario (for run files without options)."""
    rows = []
    for scen in rf.scenarios:
        for ind in indicators:
            units = rf.indicator_attr(ind, "units")
            g = {k: rf.grid(scen, ind, k) for k in ("mean", "p05", "p50", "p95")}
            for y in year_idx:
                rows.append({"scenario": scen.name, "indicator": ind, "units": units,
                             "year": rf.years[y], "area": rf.column_label(col),
                             **{k: finite(g[k][y, col]) for k in g}})
    return rows


def cost_effectiveness(rf):
    """Cost-per-unit rows of every option and headline indicator, from
    /summary/<option>/cost_effectiveness; a headline without a row gets ce_status "n/a". The
    spend columns are the option's spend over the baseline (the first row's, as `wijksim
    summary`; None when the table is empty)."""
    rows = []
    for opt in rf.options:
        ce = {r["indicator"]: r for r in rf.ce_rows(opt)}
        first = next(iter(ce.values()), None)
        spend_total = finite(first["spend_total"]) if first else None
        spend_rijk = finite(first["spend_rijk"]) if first else None
        for ind, unit in zip(rf.headlines, rf.headline_units):
            r = ce.get(ind)
            row = {"option": opt.name, "indicator": ind, "ce_unit": unit if r else "",
                   "spend_total_eur": spend_total, "spend_rijk_eur": spend_rijk,
                   "ce_status": CE_STATUS.get(r["distinguishable"], "?") if r else "n/a"}
            keys = [("n_pairs", "n_pairs"), ("improvement_mean", "improvement_mean"),
                    ("improvement_p05", "improvement_p05"), ("improvement_p95", "improvement_p95"),
                    ("eur_per_unit_total", "eur_per_unit_total_mean"),
                    ("eur_per_unit_total_p05", "eur_per_unit_total_p05"),
                    ("eur_per_unit_total_p95", "eur_per_unit_total_p95"),
                    ("eur_per_unit_rijk", "eur_per_unit_rijk_mean"),
                    ("eur_per_unit_rijk_p05", "eur_per_unit_rijk_p05"),
                    ("eur_per_unit_rijk_p95", "eur_per_unit_rijk_p95")]
            for out, src in keys:
                row[out] = (r[src] if out == "n_pairs" else finite(r[src])) if r else None
            rows.append(row)
    return rows


def option_spend(ce_rows):
    """{option: (spend_total_eur, spend_rijk_eur)} from cost-effectiveness rows."""
    return {r["option"]: (r["spend_total_eur"], r["spend_rijk_eur"]) for r in ce_rows}


def escalator(rf, year_idx, col):
    """Escalator-check rows: per scenario and year the movers' income gap (out minus in) with its
    band, the moving-out and moving-in rates, and for options the gap's difference to the
    baseline. [] when the file lacks the indicators."""
    if not all(rf.has_indicator(i) for i in ESCALATOR):
        return []
    gap, out_rate, in_rate = ESCALATOR
    rows = []
    for scen in rf.scenarios:
        for y in year_idx:
            row = {"scenario": scen.name, "year": rf.years[y], "area": rf.column_label(col),
                   "gap_units": rf.indicator_attr(gap, "units")}
            for k in ("mean", "p05", "p95"):
                row["gap_" + k] = finite(rf.grid(scen, gap, k)[y, col])
            row["moves_out_mean"] = finite(rf.grid(scen, out_rate, "mean")[y, col])
            row["moves_in_mean"] = finite(rf.grid(scen, in_rate, "mean")[y, col])
            if scen.role == "option":
                for k in ("diff_mean", "diff_p05", "diff_p95"):
                    row["gap_" + k] = finite(rf.grid(scen, gap, k)[y, col])
            rows.append(row)
    return rows


def counts_of(defn):
    """What an intervention's participants count: "persons", "dwellings" or "level"."""
    if defn.get("kind", "person") == "person":
        return "persons"
    return "dwellings" if defn.get("target") in DWELLING_TARGETS else "level"


def intervention_series(iv):
    """Per-year series of one scenario's interventions, all areas, mean over replications:
    {"participants": [year, iv], "waiting": [year, iv], "spend": [year, payer] (EUR)}."""
    return {"participants": iv.participants.sum(axis=2).mean(axis=0),
            "waiting": iv.waiting.sum(axis=2).mean(axis=0),
            "spend": iv.spend.sum(axis=(2, 3)).mean(axis=0)}


def interventions(rf):
    """One row per scenario (the baseline too, when it has any) and intervention: participants
    (per year while it ran and in total for persons and dwellings; mean level for level
    programmes), the waiting list in December of the last year and its maximum, and spend over
    the horizon (all payers, and Rijk)."""
    rows = []
    for scen in rf.scenarios:
        iv = rf.interventions(scen)
        if iv is None:
            continue
        s = intervention_series(iv)
        spend = iv.spend.sum(axis=(1, 2)).mean(axis=0)          # [iv, payer]
        rijk = iv.payers.index("rijk") if "rijk" in iv.payers else None
        for k, name in enumerate(iv.names):
            d = iv.definitions[k] if k < len(iv.definitions) else {}
            counts = counts_of(d)
            p = s["participants"][:, k]
            running = p[p > 0]
            rows.append({
                "scenario": scen.name, "intervention": name, "package": d.get("package", ""),
                "kind": d.get("kind", ""), "target": d.get("target", ""),
                "evidence": d.get("evidence", ""), "source": d.get("source", ""),
                "payer": d.get("payer", ""), "counts": counts,
                "per_year_mean": finite(running.mean()) if running.size else 0.0,
                "total": finite(p.sum()) if counts != "level" else None,
                "waiting_last": finite(s["waiting"][-1, k]),
                "waiting_max": finite(s["waiting"][:, k].max()),
                "spend_total_eur": finite(spend[k].sum()),
                "spend_rijk_eur": finite(spend[k, rijk]) if rijk is not None else None,
            })
    return rows


def weak_evidence(iv_rows):
    """Warnings for interventions whose evidence is weak or none: one dict per intervention
    name with the scenarios it is in, its evidence level and source."""
    by_name = {}
    for r in iv_rows:
        if r["evidence"] in terms.WEAK_EVIDENCE:
            w = by_name.setdefault(r["intervention"], {"intervention": r["intervention"],
                                                       "evidence": r["evidence"] or "none",
                                                       "source": r["source"], "scenarios": []})
            if r["scenario"] not in w["scenarios"]:
                w["scenarios"].append(r["scenario"])
    return list(by_name.values())


def undistinguishable(ce_rows, diff_rows):
    """Per option the headline indicators whose horizon improvement is not distinguishable from
    zero (cost-effectiveness) and the difference cells whose 90 % band contains zero."""
    out = {}
    for r in ce_rows:
        o = out.setdefault(r["option"], {"option": r["option"], "ce": [], "cells": 0, "of": 0})
        if r["ce_status"] == "not distinguishable from zero":
            o["ce"].append(r["indicator"])
    for r in diff_rows:
        o = out.setdefault(r["option"], {"option": r["option"], "ce": [], "cells": 0, "of": 0})
        o["of"] += 1
        if r["verdict"] == "not distinguishable from zero":
            o["cells"] += 1
    return list(out.values())


def jsonable(obj):
    """obj with NaN as None and infinities as the strings "inf"/"-inf" (valid JSON)."""
    if isinstance(obj, dict):
        return {k: jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [jsonable(v) for v in obj]
    if isinstance(obj, (np.floating, float)):
        v = float(obj)
        if math.isnan(v):
            return None
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        return v
    if isinstance(obj, np.integer):
        return int(obj)
    return obj
