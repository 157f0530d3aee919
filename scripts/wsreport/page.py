"""page.py: the self-contained HTML page of a report document (assemble.build or sweep.build).

The page shows only what the document holds: every number in a table is a <span class="n"
data-v="..."> whose data-v is the exact value (repr of the float; "" for none, "inf"), so a test
can check the page against numbers.json. Charts are embedded as data: URIs (no file beside the
page is needed), and so are the style and script, package data files static/report.css and
static/report.js. Provenance is in a header that stays on screen and repeats on every printed
page. The script records chart visibility and page errors into <pre id="ws-selfcheck"> for the
browser test; the page works the same without it.
"""
import functools
import html
import importlib.resources
import json
import math

from . import terms


@functools.lru_cache(maxsize=None)
def static_text(name):
    """The text of package data file static/<name> (report.css, report.js), read with
    importlib.resources so it is found wherever the package is installed or run from."""
    return importlib.resources.files(__package__).joinpath("static", name).read_text(
        encoding="utf-8")


VERDICT_CLASS = {"better": "v-better", "ok": "v-better", "worse": "v-worse",
                 "not distinguishable from zero": "v-none", "no measurable effect": "v-none"}


def e(s):
    """HTML-escaped text of s."""
    return html.escape("" if s is None else str(s), quote=True)


def dv(v):
    """The data-v attribute text of a number: repr of the float, "" for None, "inf"/"-inf"."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    if isinstance(v, float) and math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return repr(float(v)) if isinstance(v, float) else str(v)


def n(v, text):
    """A number span: shown as text, exact value in data-v."""
    return '<span class="n" data-v="%s">%s</span>' % (e(dv(v)), e(text))


def num(v, digits=3):
    return n(v, terms.num(v, digits))


def signed(v, digits=3):
    return n(v, terms.signed(v, digits))


def money(v):
    return n(v, terms.eur(v))


def with_band(mean, lo, hi, fmt=signed):
    """'mean [lo, hi]' with each number a span."""
    return "%s [%s, %s]" % (fmt(mean), fmt(lo), fmt(hi))


def badge(verdict):
    """A verdict in words on a coloured label (the words carry the meaning, not the colour)."""
    return '<span class="verdict %s">%s</span>' % (VERDICT_CLASS.get(verdict, "v-other"),
                                                     e(verdict))


def table(head, rows, num_cols=()):
    """An HTML table; head is a list of column titles, rows lists of cell HTML (already
    escaped); columns whose index is in num_cols are right-aligned."""
    out = ["<table><thead><tr>"]
    out += ['<th%s>%s</th>' % (' class="num"' if k in num_cols else "", e(h))
            for k, h in enumerate(head)]
    out.append("</tr></thead><tbody>")
    for r in rows:
        out.append("<tr>" + "".join('<td%s>%s</td>' % (' class="num"' if k in num_cols else "", c)
                                    for k, c in enumerate(r)) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def figure(ch, images):
    """An embedded chart with its caption."""
    return ('<figure><img class="chart" id="%s" src="%s" alt="%s" width="%d" height="%d">'
            '<figcaption>%s</figcaption></figure>'
            % (e(ch["id"]), images[ch["file"]], e(ch["alt"]), ch["width"], ch["height"],
               e(ch["title"]) + " — file <code>charts/%s</code>" % e(ch["file"])))


def provenance_line(doc):
    """The provenance shown on every page."""
    p = doc["provenance"]
    what = "sweep" if p["kind"] in ("sweep", "sweep_part") else "scenario"
    return ("wijksim <b>%s</b> · git <code>%s</code> · seed <b>%s</b> · %s sha256 <code>%s</code>"
            " · run %s · report %s · file <code>%s</code>"
            % (e(p["version"]), e(p["git_revision"]), e(p["seed"]), what, e(p["input_hash"]),
               e(p["created"]), e(doc["generated"]), e(p["file"])))


def nan_if_none(v):
    """v, or NaN for None."""
    return math.nan if v is None else v


def css_string(s):
    """s as a CSS string literal."""
    return '"%s"' % "".join(c if c.isalnum() or c in " .,:;-_()/·" else "\\%x " % ord(c)
                            for c in s)


def print_margins(doc):
    """@page rules that print the provenance in the margin of every printed page."""
    p = doc["provenance"]
    what = "sweep" if p["kind"] in ("sweep", "sweep_part") else "scenario"
    top = "%s · wijksim %s · git %s · seed %s" % (doc["title"], p["version"], p["git_revision"],
                                                  p["seed"])
    bottom = "%s sha256 %s · run %s · report %s" % (what, p["input_hash"], p["created"],
                                                    doc["generated"])
    return ("@page { size: A4; margin: 16mm 10mm 16mm 10mm;"
            " @top-left { content: %s; font-size: 7pt; color: #444; }"
            " @bottom-left { content: %s; font-size: 6.5pt; color: #444; }"
            " @bottom-right { content: \"page \" counter(page) \" of \" counter(pages);"
            " font-size: 7pt; color: #444; } }" % (css_string(top), css_string(bottom)))


def page(doc, body):
    """The whole HTML document around body: provenance in a header that stays on screen, in
    the margins of every printed page, and in a footer at the end."""
    prov = provenance_line(doc)
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            "<title>%s — wijksim report</title><style>%s%s</style><script>%s</script></head>"
            "<body><header class=\"prov\">%s</header><main>%s</main>"
            "<footer class=\"prov-print\">%s</footer>"
            "<pre id=\"ws-selfcheck\" hidden></pre></body></html>\n"
            % (e(doc["title"]), static_text("report.css"), print_margins(doc),
               static_text("report.js"), prov, body, prov))


# ---- comparison and run files -----------------------------------------------------------------

def ind_label(doc, ind):
    return doc["indicators"][ind]["label"] if ind in doc["indicators"] else ind


def ind_units(doc, ind):
    return doc["indicators"][ind]["units"] if ind in doc["indicators"] else ""


def budget_text(packages, horizon):
    """Budgets per year of a scenario's packages, by payer, as HTML; package years are clipped
    to the horizon (a package without years runs throughout)."""
    if not packages:
        return "no packages"
    parts = []
    for p in packages:
        pay = [(k[len("budget_"):], v) for k, v in p.items() if k.startswith("budget_") and v]
        money_ = ", ".join("%s %s" % (e(k), money(v)) for k, v in pay) or "no envelope"
        y0 = max(int(p.get("start_year", horizon[0])), horizon[0])
        y1 = min(int(p.get("end_year", horizon[1])), horizon[1])
        parts.append("<b>%s</b> (%d-%d): %s a year" % (e(p.get("name")), y0, y1, money_))
    return "<br>".join(parts)


def ce_row(doc, option, ind):
    for r in doc["cost_effectiveness"]:
        if r["option"] == option and r["indicator"] == ind:
            return r
    return None


def diff_row(doc, option, ind, year, area):
    for r in doc.get("differences", []):
        if (r["option"], r["indicator"], r["year"], r["area"]) == (option, ind, year, area):
            return r
    return None


def overall(doc, option, ind):
    """The verdict of an option on a headline over the horizon: from the cost-effectiveness
    status, else from the difference in the last shown year (all areas)."""
    c = ce_row(doc, option, ind)
    if c and c["ce_status"] in ("ok", "worse", "not distinguishable from zero"):
        return {"ok": "better", "worse": "worse"}.get(c["ce_status"], "no measurable effect")
    d = diff_row(doc, option, ind, doc["years"][-1], doc["all_areas"])
    if d is None:
        return "n/a"
    return "no measurable effect" if d["verdict"] == "not distinguishable from zero" \
        else d["verdict"]


def answer_cell(doc, option, ind):
    """The HTML of one cell of the headline table: verdict, last-year difference with band,
    horizon improvement with band and cost per unit."""
    y = doc["years"][-1]
    h0, h1 = doc["horizon"]
    c = ce_row(doc, option, ind)
    horizon = " over %d-%d" % (h0, h1) if c and c["ce_status"] != "n/a" else " in %d" % y
    lines = [badge(overall(doc, option, ind)) + '<span class="small">%s</span>' % horizon]
    d = diff_row(doc, option, ind, y, doc["all_areas"])
    if d:
        unit = " pp" if terms.is_percent(d["units"]) else ""
        lines.append("in %d: %s%s [%s, %s]%s" % (
            y, signed(d["diff_mean"]), unit, signed(d["diff_p05"]), signed(d["diff_p95"]),
            "" if d["verdict"] == "not distinguishable from zero" else " (%s)" % e(d["verdict"])))
    if c and c["ce_status"] != "n/a":
        lines.append("%d-%d: %s [%s, %s] <i>%s</i>" % (h0, h1, signed(c["improvement_mean"]),
                                                     signed(c["improvement_p05"]),
                                                     signed(c["improvement_p95"]),
                                                     e(c["ce_unit"])))
        if c["ce_status"] == "ok":
            lines.append("%s per %s (Rijk: %s)" % (money(c["eur_per_unit_total"]), e(c["ce_unit"]),
                                                   money(c["eur_per_unit_rijk"])))
        else:
            lines.append('<span class="small">no cost per unit (%s)</span>' % e(c["ce_status"]))
    return '<div class="answer">%s</div>' % "<br>".join(lines)


def domain_sentences(doc):
    """Per domain one plain sentence: which options improve or worsen which headlines, and which
    headlines no option measurably changes."""
    out = []
    heads = doc["headlines"]
    for dom, title in terms.DOMAINS:
        inds = [i for i in heads if doc["indicators"].get(i, {}).get("domain") == dom]
        if not inds:
            continue
        parts, moved = [], set()
        for o in doc["option_names"]:
            better = [i for i in inds if overall(doc, o, i) == "better"]
            worse = [i for i in inds if overall(doc, o, i) == "worse"]
            moved.update(better + worse)
            bits = []
            if better:
                bits.append("does better on " + " and ".join(e(ind_label(doc, i).lower())
                                                             for i in better))
            if worse:
                bits.append("does worse on " + " and ".join(e(ind_label(doc, i).lower())
                                                            for i in worse))
            if bits:
                parts.append("<i>%s</i> %s" % (e(o), "; ".join(bits)))
        still = [i for i in inds if i not in moved]
        if still:
            parts.append("%s measurably changes %s" % ("no option" if parts or len(doc[
                "option_names"]) != 1 else "the option",
                " or ".join(e(ind_label(doc, i).lower()) for i in still)))
        out.append("<li><b>%s</b>: %s.</li>" % (e(title), "; ".join(parts)))
    return "<ul>%s</ul>" % "".join(out)


def summary_section(doc):
    """The one-screen summary: question, options and budget, answer per domain."""
    h0, h1 = doc["horizon"]
    s = ['<section id="summary"><h2>At a glance</h2>',
         '<p class="lead"><b>Question.</b> %s</p>' % e(doc["question"])]
    rows = []
    for o in doc["options"]:
        rows.append(["<b>%s</b>%s" % (e(o["name"]), " (baseline)" if o["role"] == "baseline"
                                      else ""), e(o["description"]), budget_text(o["packages"], doc["horizon"]),
                     money(o["spend_total_eur"]) if o["role"] != "baseline" else "–",
                     money(o["spend_rijk_eur"]) if o["role"] != "baseline" else "–"])
    s.append("<h3>Options and budget</h3>")
    s.append(table(["option", "what", "budget envelopes", "extra spend %d-%d, total" % (h0, h1),
                    "of which Rijk"], rows, num_cols=(3, 4)))
    if doc["option_names"]:
        s.append("<h3>Answer per domain</h3>" + domain_sentences(doc))
        head = ["domain / indicator"] + doc["option_names"]
        rows = []
        for dom, title in terms.DOMAINS:
            inds = [i for i in doc["headlines"] if doc["indicators"].get(i, {}).get("domain")
                    == dom]
            for k, i in enumerate(inds):
                rows.append(['%s<b>%s</b><br><span class="small">%s</span>'
                             % ("<i>%s</i><br>" % e(title) if k == 0 else "", e(ind_label(doc, i)),
                                e(ind_units(doc, i)))]
                            + [answer_cell(doc, o, i) for o in doc["option_names"]])
        s.append(table(head, rows))
        s.append('<p class="small">Differences are option minus baseline, per replication pair '
                 '(common random numbers), all areas together; [a, b] is the 90 %% band (5th to '
                 '95th percentile over the replication pairs); pp = percentage points. '
                 '"Better" and "worse" mean the band excludes zero; otherwise the difference is '
                 '<b>not distinguishable from zero</b>. The %d-%d line is the improvement over '
                 'the whole horizon in natural units, and the cost per unit is the extra spend '
                 'over the baseline divided by it.</p>' % (h0, h1))
    nw = count_warnings(doc)
    if nw:
        s.append('<p class="warn">%d warning%s: see <a href="#warnings">Warnings</a>.</p>'
                 % (nw, "" if nw == 1 else "s"))
    s.append("</section>")
    return "".join(s)


def count_warnings(doc):
    w = doc["warnings"]
    return (len(w["weak_evidence"]) + len(w["run"]) +
            sum(1 for u in w["undistinguishable"] if u["ce"] or u["cells"]))


def warnings_section(doc):
    w = doc["warnings"]
    s = ['<section id="warnings"><h2>Warnings</h2>']
    for t in w["run"]:
        s.append('<p class="warn">%s</p>' % e(t))
    for x in w["weak_evidence"]:
        s.append('<p class="warn"><b>Weak evidence:</b> the effect of <b>%s</b> (in %s) rests on '
                 '<b>%s</b> evidence. Source: %s</p>'
                 % (e(x["intervention"]), ", ".join("<i>%s</i>" % e(o) for o in x["scenarios"]),
                    e(x["evidence"]), e(x["source"])))
    for u in w["undistinguishable"]:
        if not (u["ce"] or u["cells"]):
            continue
        bits = []
        if u["ce"]:
            bits.append("over the whole horizon, the improvement in %s is <b>not distinguishable "
                        "from zero</b>" % ", ".join(e(ind_label(doc, i).lower()) for i in u["ce"]))
        if u["cells"]:
            bits.append("%d of the %d differences in the tables below (all areas) are not "
                        "distinguishable from zero" % (u["cells"], u["of"]))
        s.append('<p class="warn"><b>%s</b>: %s.</p>' % (e(u["option"]), "; ".join(bits)))
    if len(s) == 1:
        s.append("<p>None.</p>")
    s.append("</section>")
    return "".join(s)


def diff_table(doc, inds, area):
    rows = []
    for r in doc["differences"]:
        if r["indicator"] in inds and r["area"] == area:
            unit = " pp" if terms.is_percent(r["units"]) else ""
            rows.append([e(ind_label(doc, r["indicator"])), e(r["option"]), str(r["year"]),
                         num(r["baseline_mean"], 4), num(r["option_mean"], 4),
                         with_band(r["diff_mean"], r["diff_p05"], r["diff_p95"]) + unit,
                         badge(r["verdict"])])
    return table(["indicator", "option", "year", "baseline", "option", "difference [90 % band]",
                  ""], rows, num_cols=(2, 3, 4, 5))


def means_table(doc, inds, area):
    rows = []
    for r in doc["means"]:
        if r["indicator"] in inds and r["area"] == area:
            rows.append([e(ind_label(doc, r["indicator"])), e(r["units"]), str(r["year"]),
                         with_band(r["mean"], r["p05"], r["p95"], num)])
    return table(["indicator", "units", "year", "mean [90 % band]"], rows, num_cols=(2, 3))


def charts_of(doc, section):
    """{key: chart} of the charts of a section (key: the indicator or scenario charted)."""
    return {c["key"]: c for c in doc["charts"] if c["section"] == section}


def domain_sections(doc, images, area, section, heading="h3"):
    """Per domain (under heading tags) the fan charts of section and the difference (or means)
    table of area."""
    s = []
    by_key = charts_of(doc, section)
    for dom, title in terms.DOMAINS:
        inds = [i for i in doc["chart_indicators"] if doc["indicators"][i]["domain"] == dom]
        if not inds:
            continue
        s.append('<%s id="%s-%s">%s</%s>' % (heading, e(section), dom, e(title), heading))
        for i in inds:
            if i in by_key:
                s.append(figure(by_key[i], images))
        s.append(diff_table(doc, inds, area) if doc["option_names"] else
                 means_table(doc, inds, area))
    return "".join(s)


def ce_section(doc):
    h0, h1 = doc["horizon"]
    rows = []
    for r in doc["cost_effectiveness"]:
        if r["ce_status"] == "n/a":
            rows.append([e(r["option"]), e(ind_label(doc, r["indicator"])), "", "–", "–", "–",
                         "n/a (no denominator count in this file)"])
            continue
        ok = r["ce_status"] == "ok"
        rows.append([e(r["option"]), e(ind_label(doc, r["indicator"])), e(r["ce_unit"]),
                     with_band(r["improvement_mean"], r["improvement_p05"], r["improvement_p95"]),
                     with_band(r["eur_per_unit_total"], r["eur_per_unit_total_p05"],
                               r["eur_per_unit_total_p95"], num) if ok else "–",
                     with_band(r["eur_per_unit_rijk"], r["eur_per_unit_rijk_p05"],
                               r["eur_per_unit_rijk_p95"], num) if ok else "–",
                     badge({"ok": "better"}.get(r["ce_status"], r["ce_status"]))])
    return ('<section id="cost"><h2>Cost per unit of outcome</h2>'
            '<p>Over %d-%d, all areas. Improvement in natural units with its 90 %% band; EUR per '
            'unit = mean extra spend over the baseline / mean improvement, band from the '
            'per-replication ratios. A programme whose improvement cannot be told apart from '
            'zero has no cost per unit.</p>%s</section>'
            % (h0, h1, table(["option", "indicator", "unit", "improvement [90 % band]",
                              "EUR per unit, total [90 % band]", "EUR per unit, Rijk [90 % band]",
                              ""], rows, num_cols=(3, 4, 5))))


def escalator_text(doc, area):
    rows = [r for r in doc["escalator"] if r["area"] == area]
    if not rows:
        return "<p>This file has no movers' income indicators.</p>"
    last = [r for r in rows if r["year"] == doc["years"][-1]]
    b = last[0]
    s = ['<p>The escalator effect (<i>roltrapeffect</i>): households that do well move out and '
         'poorer households move in, so the area average can stay low while residents improve. '
         'In %d, under <i>%s</i>, households moving out had on average %s %s more than households '
         'moving in (90 %% band %s to %s); %s %% of households moved out and %s %% moved in.'
         % (b["year"], e(b["scenario"]), signed(b["gap_mean"], 3), e(b["gap_units"]),
            signed(b["gap_p05"]), signed(b["gap_p95"]), num(b["moves_out_mean"]),
            num(b["moves_in_mean"]))]
    for r in last[1:]:
        s.append(" With <i>%s</i> the gap differs by %s [%s, %s] (%s)."
                 % (e(r["scenario"]), signed(r["gap_diff_mean"]), signed(r["gap_diff_p05"]),
                    signed(r["gap_diff_p95"]),
                    e(terms.verdict(doc["indicators"]["housing_income_gap_movers"]["direction"],
                                    nan_if_none(r["gap_diff_p05"]),
                                    nan_if_none(r["gap_diff_p95"])))))
    s.append("</p>")
    trows = [[e(r["scenario"]), str(r["year"]), with_band(r["gap_mean"], r["gap_p05"], r["gap_p95"]),
              num(r["moves_out_mean"]), num(r["moves_in_mean"]),
              with_band(r["gap_diff_mean"], r["gap_diff_p05"], r["gap_diff_p95"])
              if "gap_diff_mean" in r else "–"] for r in rows]
    s.append(table(["scenario", "year", "income out − in, %s [90 %% band]" % b["gap_units"],
                    "moved out, % of households", "moved in, % of households",
                    "gap difference to baseline [90 % band]"], trows, num_cols=(1, 2, 3, 4, 5)))
    return "".join(s)


def escalator_section(doc, images):
    ch = charts_of(doc, "escalator-all")
    return ('<section id="escalator"><h2>Escalator check: incomes of movers in and out</h2>%s%s'
            '</section>' % (escalator_text(doc, doc["all_areas"]),
                            "".join(figure(c, images) for c in ch.values())))


def interventions_section(doc, images):
    h0, h1 = doc["horizon"]
    s = ['<section id="interventions"><h2>Participants, waiting lists and spend per '
         'intervention</h2><p>All areas, mean over replications. Participants: new starts per '
         'year (persons; dwellings for renovation and rebuilding); for level programmes (police '
         'FTE, cohesion points, school quality, service capacity) the mean level per year. '
         'Waiting list: eligible persons not offered a place, in December. Spend over %d-%d.</p>'
         % (h0, h1)]
    if not doc["interventions"]:
        s.append("<p>No scenario in this file has interventions.</p>")
    by_key = charts_of(doc, "interventions")
    for scen in [o["name"] for o in doc["options"]]:
        rows = [r for r in doc["interventions"] if r["scenario"] == scen]
        if not rows:
            continue
        s.append("<h3>%s</h3>" % e(scen))
        if scen in by_key:
            s.append(figure(by_key[scen], images))
        trows = []
        for r in rows:
            weak = r["evidence"] in terms.WEAK_EVIDENCE
            trows.append([e(r["intervention"]), e(r["package"]),
                          ('<b style="color:var(--worse)">%s ⚠</b>' if weak else "%s")
                          % e(r["evidence"] or "none"), e(r["payer"]), e(r["counts"]),
                          num(r["per_year_mean"]), num(r["total"]) if r["total"] is not None
                          else "–", num(r["waiting_last"]), num(r["waiting_max"]),
                          money(r["spend_total_eur"]), money(r["spend_rijk_eur"])])
        s.append(table(["intervention", "package", "evidence", "payer", "counts",
                        "per year (while running)", "total %d-%d" % (h0, h1),
                        "waiting Dec %d" % h1, "waiting, max", "spend, total", "spend, Rijk"],
                       trows, num_cols=(5, 6, 7, 8, 9, 10)))
    s.append("</section>")
    return "".join(s)


def area_sections(doc, images):
    s = []
    for a in doc["sections_areas"]:
        s.append('<section id="area-%s"><h2>Area: %s</h2>' % (e(a["id"]), e(a["name"])))
        s.append(domain_sections(doc, images, a["name"], "area-" + a["id"], heading="h4"))
        s.append("<h3>Escalator check, %s</h3>" % e(a["name"]))
        s.append(escalator_text(doc, a["name"]))
        s.extend(figure(c, images) for c in charts_of(doc, "escalator-" + a["id"]).values())
        s.append("</section>")
    return "".join(s)


def method_section(doc):
    p = doc["provenance"]
    rows = [[e(k), "<code>%s</code>" % e(v)] for k, v in [
        ("results file", p["file"]), ("file kind", p["kind"]), ("wijksim version", p["version"]),
        ("git revision", p["git_revision"]), ("seed", p["seed"]),
        ("replications", p["replications"]), ("scale (share of households)", p["scale"]),
        ("input file", p["input_file"]), ("input sha256", p["input_hash"]),
        ("run started", p["created"]), ("run finished", p["finished"]),
        ("command line", p["command_line"]), ("report written", doc["generated"])]]
    if doc["kind"] == "sweep":
        how = ('Point means and bands are read from the file\'s <code>/summary</code> (all '
               'areas together: the population-weighted mean of the areas, counts summed); the '
               'spend per point is the mean over its replications of <code>/runs/spend</code>.')
    else:
        how = ('Every number in the tables is read from the file\'s <code>/summary</code> — the '
               'same numbers <code>wijksim summary</code> prints — except participants, waiting '
               'lists and spend per intervention, which come from '
               '<code>/scenarios/&lt;name&gt;/interventions</code>. Charts show the median and '
               'the 90 % band (5th-95th percentile over replications) per year; a difference '
               'chart shows the same statistics of the per-replication difference to the '
               'baseline. "All areas" is the population-weighted mean of the areas (counts are '
               'summed).')
    return ('<section id="method"><h2>How to read this report, and where it comes from</h2>'
            '<p>%s All machine-readable numbers are in <code>numbers.json</code> beside this '
            'page.</p>%s</section>' % (how, table(["", ""], rows)))


def render(doc, images):
    """The HTML page of a comparison or run document; images maps chart file names to data:
    URIs."""
    toc = ['<a href="#summary">At a glance</a>', '<a href="#warnings">Warnings</a>',
           '<a href="#domains">Effects per domain</a>']
    if doc["option_names"]:
        toc.append('<a href="#cost">Cost per unit</a>')
    toc += ['<a href="#escalator">Escalator check</a>',
            '<a href="#interventions">Interventions</a>']
    toc += ['<a href="#area-%s">%s</a>' % (e(a["id"]), e(a["name"])) for a in doc["sections_areas"]]
    toc.append('<a href="#method">Method and provenance</a>')
    body = ["<h1>%s</h1>" % e(doc["title"])]
    if doc["description"]:
        body.append('<p class="lead">%s</p>' % e(doc["description"]))
    body.append('<nav class="toc">%s</nav>' % " ".join(toc))
    body.append(summary_section(doc))
    body.append(warnings_section(doc))
    body.append('<section id="domains"><h2>Effects per domain — %s</h2>'
                '<p>Per indicator a panel for each option against the baseline (median and 90 %% '
                'band) and, last, each option\'s difference to the baseline. Tables: the '
                'difference at %s.</p>%s</section>'
                % (e(doc["all_areas"]), ", ".join(str(y) for y in doc["years"]),
                   domain_sections(doc, images, doc["all_areas"], "all")))
    if doc["option_names"]:
        body.append(ce_section(doc))
    body.append(escalator_section(doc, images))
    body.append(interventions_section(doc, images))
    body.append(area_sections(doc, images))
    body.append(method_section(doc))
    return page(doc, "".join(body))


def dump(doc):
    """numbers.json text of a document (charts listed without image data)."""
    return json.dumps(doc, indent=1, ensure_ascii=False, allow_nan=False) + "\n"


# ---- sweep files ------------------------------------------------------------------------------

def point_text(doc, p):
    """'point 3 (a = 1, b = low)'."""
    labels = doc["design_points"][p]["labels"]
    return "point %d (%s)" % (p, ", ".join("%s = %s" % (e(k), e(v)) for k, v in labels.items()))


def factor_rows(doc):
    rows = []
    for f in doc["design"]["factors"]:
        if f.get("kind") == "levels" or (f.get("levels") and not f.get("steps")):
            values = "levels: %s" % "; ".join(e(x) for x in f["level_texts"])
        else:
            values = "%s to %s" % (num(f.get("min")), num(f.get("max")))
            if f.get("steps"):
                values += " in %s steps" % e(f["steps"])
            if f.get("dist"):
                values += " (%s)" % e(f["dist"])
        rows.append([e(f["name"]), e(f.get("param", "")) or "–", values,
                     "yes" if f.get("integer") else "no"])
    return table(["factor", "model parameter", "values", "whole numbers"], rows)


def sweep_summary(doc):
    d = doc["design"]
    s = ['<section id="summary"><h2>At a glance</h2>',
         '<p class="lead"><b>Question.</b> %s</p>' % e(doc["question"]),
         "<p>Design <b>%s</b>: %s points × %s replications.</p>"
         % (e(d["kind"]), num(d["points"]), num(d["replications"])), factor_rows(doc),
         "<h3>Answer per headline indicator</h3><ul>"]
    for a in doc["answers"]:
        ind = a["indicator"]
        units = doc["indicators"][ind]["units"]
        s.append("<li><b>%s</b> in %d: lowest %s %s at %s, highest %s at %s — %s.</li>"
                 % (e(doc["indicators"][ind]["label"]), a["year"], num(a["low_mean"]), e(units),
                    point_text(doc, a["low_point"]), num(a["high_mean"]),
                    point_text(doc, a["high_point"]),
                    "their 90 % bands are apart" if a["apart"] else
                    "their 90 % bands overlap: <b>not distinguishable</b> on these bands"))
    s.append("</ul>")
    ref = doc.get("reference")
    if ref is not None:
        s.append("<h3>Compared with %s</h3><ul>" % point_text(doc, ref))
        for a in doc["answers"]:
            ind = a["indicator"]
            units = doc["indicators"][ind]["units"]
            differ = a.get("differ", [])
            if differ:
                items = "; ".join("%s %s by %s [%s, %s] %s" % (
                    point_text(doc, d["point"]), e(d["verdict"]), signed(d["diff_mean"]),
                    signed(d["diff_p05"]), signed(d["diff_p95"]), e(units)) for d in differ)
                rest = doc["design"]["points"] - 1 - len(differ)
                s.append("<li><b>%s</b> in %d: %s%s.</li>" % (
                    e(doc["indicators"][ind]["label"]), a["year"], items,
                    "; the other %d points are not distinguishable from it" % rest
                    if rest else ""))
            else:
                s.append("<li><b>%s</b> in %d: no point is distinguishable from it.</li>"
                         % (e(doc["indicators"][ind]["label"]), a["year"]))
        s.append('</ul><p class="small">Differences are per replication pair (all points share '
                 'their random numbers), with their 90 % band; a point "differs" when that band '
                 'excludes zero.</p></section>')
    else:
        s.append('<p class="small">The bands are the spread over replications of each point. '
                 'All points share their random numbers, so a paired comparison of two points '
                 'can be sharper than overlapping bands suggest (name a <code>reference</code> '
                 'point in the sweep to get these differences).</p></section>')
    return "".join(s)


def sweep_indicator_sections(doc, images):
    by_key, diff_key = charts_of(doc, "sweep"), charts_of(doc, "sweepdiff")
    ref = doc.get("reference")
    s = ['<section id="indicators"><h2>Headline indicators against the varied factors</h2>'
         '<p>Each dot is one design point: the mean over its replications, with its 90 % band '
         '(5th-95th percentile over the replications) as a bar.</p>']
    factors = [f["name"] for f in doc["design"]["factors"]]
    for ind in doc["headlines"]:
        s.append('<h3 id="ind-%s">%s</h3>' % (e(ind), e(doc["indicators"][ind]["label"])))
        if ind in by_key:
            s.append(figure(by_key[ind], images))
        if ind in diff_key:
            s.append(figure(diff_key[ind], images))
        rows = []
        for p in doc["design_points"]:
            cells = [str(p["point"])] + [e(p["labels"][f]) for f in factors]
            for y in doc["years"]:
                r = next(r for r in doc["point_means"] if r["indicator"] == ind and
                         r["point"] == p["point"] and r["year"] == y)
                cells.append(with_band(r["mean"], r["p05"], r["p95"], num))
                if ref is not None:
                    cells.append(with_band(r["diff_mean"], r["diff_p05"], r["diff_p95"], signed))
            rows.append(cells)
        first_num = 1 + len(factors)
        units = doc["indicators"][ind]["units"]
        heads = []
        for y in doc["years"]:
            heads.append("%d mean [90 %% band], %s" % (y, units))
            if ref is not None:
                heads.append("%d difference to point %d [90 %% band]" % (y, ref))
        s.append(table(["point"] + factors + heads, rows,
                       num_cols=tuple(range(first_num, first_num + len(heads)))))
    s.append("</section>")
    return "".join(s)


def sweep_design_section(doc):
    factors = [f["name"] for f in doc["design"]["factors"]]
    has_spend = any("spend_total_eur" in p for p in doc["design_points"])
    rows = []
    for p in doc["design_points"]:
        r = [str(p["point"])] + [num(p["values"][f], 4) + (
            " (%s)" % e(p["labels"][f]) if p["labels"][f] != terms.num(p["values"][f], 4) else "")
            for f in factors]
        if has_spend:
            r += [money(p.get("spend_total_eur")), money(p.get("spend_rijk_eur"))]
        rows.append(r)
    h0, h1 = doc["horizon"]
    head = ["point"] + factors + (["spend %d-%d, total" % (h0, h1), "of which Rijk"]
                                  if has_spend else [])
    return ('<section id="design"><h2>Design</h2><p>The values of the varied factors at each '
            'point%s.</p>%s</section>'
            % (" and the mean spend over its replications" if has_spend else "",
               table(head, rows, num_cols=tuple(range(1, len(head))))))


def render_sweep(doc, images):
    """The HTML page of a sweep document; images maps chart file names to data: URIs."""
    body = ["<h1>%s</h1>" % e(doc["title"])]
    if doc["description"]:
        body.append('<p class="lead">%s</p>' % e(doc["description"]))
    body.append('<nav class="toc"><a href="#summary">At a glance</a> <a href="#warnings">'
                'Warnings</a> <a href="#indicators">Headline indicators</a> <a href="#design">'
                'Design</a> <a href="#method">Method and provenance</a></nav>')
    body.append(sweep_summary(doc))
    body.append('<section id="warnings"><h2>Warnings</h2>%s</section>'
                % ("".join('<p class="warn">%s</p>' % e(t) for t in doc["warnings"]["run"])
                   or "<p>None.</p>"))
    body.append(sweep_indicator_sections(doc, images))
    body.append(sweep_design_section(doc))
    body.append(method_section(doc))
    return page(doc, "".join(body))
