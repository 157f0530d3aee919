"""assemble.py: builds the report document of a comparison or run file — every number (from
numbers.py), every text the page needs, and the charts (written into a folder).

The document is a plain dict (see build); page.render turns it into HTML and cli writes it,
without the images, as numbers.json.
"""
import datetime
import os
import re
from dataclasses import asdict

from . import charts, numbers
from .h5read import ReportError


def slug(s):
    """A file-name-safe form of s (letters, digits, '_')."""
    return re.sub(r"[^A-Za-z0-9]+", "_", s).strip("_").lower() or "x"


def generated():
    """When the report is written, ISO 8601 UTC to the second: now, or the time in the
    environment variable SOURCE_DATE_EPOCH (seconds since 1970, the reproducible-builds
    convention; ignored when not a whole number) so that two runs can write identical files."""
    fixed = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    when = datetime.datetime.now(datetime.timezone.utc)
    if fixed.isdigit():
        when = datetime.datetime.fromtimestamp(int(fixed), datetime.timezone.utc)
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def indicator_info(rf, indicators):
    """{indicator: {label, units, domain, description, direction}} for the page, from the
    file's attributes (h5read.indicator_meta)."""
    return {ind: dict(rf.indicator_meta(ind)) for ind in indicators}


def question(rf):
    """The question the comparison answers, in one sentence."""
    n = len(rf.area_names)
    where = rf.area_names[0] if n == 1 else "%d areas" % n
    years = "%d-%d" % (rf.years[0], rf.years[-1])
    if not rf.options:
        return ("How do education, work and poverty, safety, housing and health develop in %s "
                "over %s under '%s'?" % (where, years, rf.baseline.name))
    return ("If we spend this money on these interventions in %s over %s — what happens to "
            "education, work and poverty, safety, housing and health compared with '%s', how "
            "sure are we, and what does each unit of improvement cost?"
            % (where, years, rf.baseline.name))


def fan_charts(rf, folder, indicators, info, col, tag):
    """The fan charts of indicators in /summary column col; tag distinguishes areas in ids."""
    out = []
    where = rf.column_label(col)
    years = rf.years
    for ind in indicators:
        base = (rf.baseline.name,) + tuple(rf.grid(rf.baseline, ind, k)[:, col]
                                           for k in ("p05", "p50", "p95"))
        opts = [(o.name,) + tuple(rf.grid(o, ind, k)[:, col] for k in
                                  ("p05", "p50", "p95", "diff_p05", "diff_p50", "diff_p95"))
                for o in rf.options]
        title = info[ind]["label"]
        c = charts.Chart(id="fan-%s-%s" % (tag, slug(ind)), file="fan_%s_%s.png" % (tag, slug(ind)),
                         title=title, key=ind,
                         alt="%s, %s: median and 90 %% band over %d-%d of %s"
                             % (title, where, years[0], years[-1],
                                ", ".join(s.name for s in rf.scenarios)))
        out.append(charts.fan_chart(folder, c, rf.prov, years, info[ind]["units"], base, opts,
                                    where))
    return out


def escalator_chart(rf, folder, col, tag):
    """The escalator chart of /summary column col, or None when the indicators are absent."""
    if not all(rf.has_indicator(i) for i in numbers.ESCALATOR):
        return None
    panels = []
    for ind in numbers.ESCALATOR:
        series = [(s.name,) + tuple(rf.grid(s, ind, k)[:, col] for k in ("p05", "p50", "p95"))
                  for s in rf.scenarios]
        panels.append((rf.indicator_attr(ind, "label"), rf.indicator_attr(ind, "units"), series))
    where = rf.column_label(col)
    c = charts.Chart(id="escalator-%s" % tag, file="escalator_%s.png" % tag, key="escalator",
                     title="Escalator check: who moves out and who moves in",
                     alt="income gap of movers out minus movers in, and moving rates, %s" % where)
    return charts.escalator_chart(folder, c, rf.prov, rf.years, panels, where)


def intervention_charts(rf, folder):
    """One chart per scenario with interventions."""
    out = []
    for k, opt in enumerate(rf.scenarios):
        iv = rf.interventions(opt)
        if iv is None:
            continue
        s = numbers.intervention_series(iv)
        counts = [numbers.counts_of(d) for d in iv.definitions]
        c = charts.Chart(id="interventions-%d" % k, file="interventions_%d.png" % k, key=opt.name,
                         title="Interventions of '%s': participants, waiting lists, spend "
                               "(all areas)" % opt.name,
                         alt="participants, waiting lists and spend per year of the "
                             "interventions of %s" % opt.name)
        out.append(charts.interventions_chart(folder, c, rf.prov, rf.years, iv.names, counts,
                                              s["participants"], s["waiting"], s["spend"],
                                              iv.payers))
    return out


def options_table(rf, ce_rows):
    """Per option: name, description, packages (budgets per payer and year) and its spend over
    the baseline over the horizon (from /summary's cost-effectiveness table)."""
    spend = numbers.option_spend(ce_rows)
    out = []
    for s in rf.scenarios:
        total, rijk = spend.get(s.name, (None, None))
        out.append({"name": s.name, "role": s.role, "description": s.description,
                    "packages": rf.packages(s), "spend_total_eur": total, "spend_rijk_eur": rijk})
    return out


def warnings(rf, iv_rows, ce_rows, diff_rows):
    """The warnings: weak evidence (catalogue), differences not distinguishable from zero, and
    thin runs (few replications, small scale)."""
    w = {"weak_evidence": numbers.weak_evidence(iv_rows),
         "undistinguishable": numbers.undistinguishable(ce_rows, diff_rows), "run": []}
    reps = int(rf.prov.replications or 0)
    if reps and reps < 10:
        w["run"].append("Only %d replications: the 90 %% bands are rough estimates; run more "
                        "replications (--replications) before deciding." % reps)
    try:
        scale = float(rf.prov.scale)
    except ValueError:
        scale = 1.0
    if scale < 0.1:
        w["run"].append("Only %.3g %% of households were simulated (--scale %s): small areas "
                        "have few agents and wide bands." % (100 * scale, rf.prov.scale))
    return w


def build(rf, folder, years=None, areas=(), extra=()):
    """The document of a comparison or run file rf with its charts written into folder.
    years: calendar years for the tables (None: as `wijksim summary`); areas: area ids for
    per-area sections; extra: more indicators to chart. Raises h5read.ReportError for an unknown
    year, area or indicator."""
    year_idx = rf.year_indices(years)
    cols = [rf.column(a) for a in areas]
    for ind in extra:
        if not rf.has_indicator(ind):
            raise ReportError("indicator '%s' is not in this file (see wijksim info)" % ind)
    inds = numbers.chart_indicators(rf, extra)
    all_col = rf.column(None)
    named = inds + list(rf.headlines) + list(numbers.ESCALATOR)
    info = indicator_info(rf, [i for k, i in enumerate(named)
                               if i not in named[:k] and rf.has_indicator(i)])
    doc = {
        "kind": rf.kind, "title": rf.title, "description": rf.description,
        "question": question(rf), "provenance": asdict(rf.prov),
        "generated": generated(),
        "horizon": [rf.years[0], rf.years[-1]], "years": [rf.years[y] for y in year_idx],
        "baseline": rf.baseline.name, "option_names": [o.name for o in rf.options],
        "all_areas": rf.all_label, "area_names": rf.area_names,
        "sections_areas": [{"id": a, "name": rf.column_label(c)} for a, c in zip(areas, cols)],
        "indicators": info, "chart_indicators": inds,
        "headlines": list(rf.headlines), "headline_units": dict(zip(rf.headlines,
                                                                    rf.headline_units)),
        "charts": [],
    }
    ce = numbers.cost_effectiveness(rf)
    doc["cost_effectiveness"] = ce
    doc["options"] = options_table(rf, ce)
    if rf.options:
        diff = numbers.differences(rf, inds, year_idx, all_col)
        for c in cols:
            diff += numbers.differences(rf, inds, year_idx, c)
        doc["differences"] = diff
    else:
        doc["means"] = numbers.means(rf, inds, year_idx, all_col)
        for c in cols:
            doc["means"] += numbers.means(rf, inds, year_idx, c)
        diff = []
    esc = numbers.escalator(rf, year_idx, all_col)
    for c in cols:
        esc += numbers.escalator(rf, year_idx, c)
    doc["escalator"] = esc
    doc["interventions"] = numbers.interventions(rf)
    doc["warnings"] = warnings(rf, doc["interventions"], ce,
                               [r for r in diff if r["area"] == rf.all_label])

    def add(section, chart_list):
        for ch in chart_list:
            if ch is not None:
                doc["charts"].append(dict(asdict(ch), section=section))

    add("all", fan_charts(rf, folder, inds, info, all_col, "all"))
    add("escalator-all", [escalator_chart(rf, folder, all_col, "all")])
    add("interventions", intervention_charts(rf, folder))
    for a, c in zip(areas, cols):
        add("area-" + a, fan_charts(rf, folder, inds, info, c, slug(a)))
        add("escalator-" + a, [escalator_chart(rf, folder, c, slug(a))])
    return doc
