#!/usr/bin/python3
"""baseline_table.py: the per-area baseline table (issue #10 item 8) from a results file.

For every area and headline indicator: the input the area file states, then the value at the
end of years 1, 10 and 20 (mean over replications; with more than one replication also the
standard error of that mean). Markdown on stdout.

  /usr/bin/python3 scripts/baseline_table.py RESULTS.h5 [--areas scenarios/areas/nplv2022.csv]
      [--scenario baseline] [--years 1,10,20] [--title TEXT]

Reads the first scenario of the file unless --scenario is given. The area file defaults to
the one next to this script's repository (scenarios/areas/nplv2022.csv); the results file's
own input/areas table gives the area ids it was run on.
"""
import argparse
import csv
import math
import os
import sys

import h5py
import numpy as np

# indicator, area-file column giving its starting value (None: no input; the table shows "-"),
# and how to print it
HEADLINE = [
    ("population", "residents", "{:.0f}"),
    ("households", None, "{:.0f}"),
    ("share_minors", None, "{:.1f}"),
    ("share_65plus", "age_65p", "{:.1f}"),
    ("edu_early_school_leaving", "early_school_leaving", "{:.2f}"),
    ("edu_achievement", "achievement_z", "{:+.3f}"),
    ("edu_low_advice", "school_advice_low", "{:.1f}"),
    ("edu_basic_qualification", None, "{:.1f}"),
    ("work_employment_rate", "employment_rate", "{:.1f}"),
    ("work_unemployment_rate", "=unemp", "{:.1f}"),
    ("work_bijstand_households", "bijstand_hh", "{:.1f}"),
    ("work_low_income_households", "low_income_hh", "{:.1f}"),
    ("work_child_poverty", "child_poverty", "{:.1f}"),
    ("work_problem_debt_households", "problem_debt_hh", "{:.1f}"),
    ("work_mean_household_income", None, "{:.0f}"),
    ("safety_crime_per_1000", "crime_per_1000", "{:.1f}"),
    ("safety_youth_offending", "youth_suspects", "{:.2f}"),
    ("safety_network_members", None, "{:.2f}"),
    ("safety_undermining_index", "undermining", "{:.1f}"),
    ("safety_feel_unsafe", "feel_unsafe", "{:.1f}"),
    ("safety_victimisation", None, "{:.1f}"),
    ("health_good_selfrated", "good_health", "{:.1f}"),
    ("health_psych_distress", "psych_distress", "{:.1f}"),
    ("health_lonely", "lonely", "{:.1f}"),
    ("health_mortality_per_1000", None, "{:.2f}"),
    ("housing_social_rent_share", "tenure_social", "{:.1f}"),
    ("housing_moves_out_rate", "moves_out_rate", "{:.1f}"),
    ("housing_moves_in_rate", None, "{:.1f}"),
    ("housing_quality_index", None, "{:.1f}"),
    ("housing_vacancy_rate", None, "{:.1f}"),
    ("social_cohesion", "cohesion", "{:.2f}"),
    ("liveability_score", None, "{:+.3f}"),
]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("results")
    ap.add_argument("--areas", default=os.path.join(here, "..", "scenarios", "areas", "nplv2022.csv"))
    ap.add_argument("--scenario")
    ap.add_argument("--years", default="1,10,20", help="years to show, 1 = end of the first year")
    ap.add_argument("--title")
    a = ap.parse_args()

    with open(a.areas, newline="") as fh:
        rows = {r["area_id"]: r for r in csv.DictReader(fh)}
    f = h5py.File(a.results, "r")
    scen = a.scenario or sorted(f["scenarios"].keys())[0]
    ind = f["scenarios"][scen]["indicators"]
    ids = [x.decode() if isinstance(x, bytes) else x for x in f["input/areas"]["id"]]
    names = [x.decode() if isinstance(x, bytes) else x for x in f["input/areas"]["name"]]
    pop = ind["population"]
    n_rep, n_year, n_area = pop.shape
    years = [int(y) for y in a.years.split(",") if int(y) <= n_year]
    scale = f.attrs.get("scale", None)
    params = {}
    if "input/parameters" in f:
        for row in f["input/parameters"]:
            name = row["name"].decode() if isinstance(row["name"], bytes) else row["name"]
            params[name] = float(row["value"])
    unemp = {k: params[k] for k in ("unemp_nl", "unemp_nl_nonemp", "unemp_elast")
             if k in params}
    if len(unemp) < 3:
        unemp = None

    out = []
    title = a.title or "Baseline per area: %s" % os.path.basename(a.results)
    out.append("# " + title)
    out.append("")
    out.append("Scenario `%s`, %d replication(s), %d years%s. Columns: the area file's input, then"
               " the value at the end of year %s (mean over replications%s). '-': the area file"
               " states no input for it; unemployment's input is the figure the model derives"
               " from the employment rate." % (
                   scen, n_rep, n_year, "" if scale is None else ", scale %s" % scale,
                   ", ".join(str(y) for y in years),
                   "; ± the standard error of that mean" if n_rep > 1 else ""))
    out.append("")
    head = "| area | indicator | input | " + " | ".join("y%d" % y for y in years) + " |"
    out.append(head)
    out.append("|" + "---|" * (3 + len(years)))
    for k, aid in enumerate(ids):
        r = rows.get(aid)
        for name, col, fmt in HEADLINE:
            if name not in ind:
                continue
            v = ind[name][:, :, k]
            inp = "-"
            if col == "=unemp" and r is not None and unemp:
                # no column: the figure the model derives from the employment rate
                # (ws__unemp_target in sim/model/synth.c)
                u = unemp["unemp_nl"] * ((100 - float(r["employment_rate"])) /
                                         unemp["unemp_nl_nonemp"]) ** unemp["unemp_elast"]
                inp = fmt.format(min(u, 50.0))
            elif col and col[0] != "=" and r is not None and r.get(col, "") != "":
                inp = fmt.format(float(r[col]))
            cells = []
            for y in years:
                x = v[:, y - 1]
                x = x[np.isfinite(x)]
                if x.size == 0:
                    cells.append("nan")
                    continue
                s = fmt.format(x.mean())
                if x.size > 1:
                    s += " ± " + fmt.format(x.std(ddof=1) / math.sqrt(x.size)).lstrip("+")
                cells.append(s)
            out.append("| %s | %s | %s | %s |" % (names[k], name, inp, " | ".join(cells)))
    print("\n".join(out))


if __name__ == "__main__":
    sys.exit(main())
