#!/usr/bin/python3
"""report_test.py: tests of the programme-board report (scripts/report), one case per call:

    /usr/bin/python3 tests/report_test.py CASE WORKDIR

Needs WIJKSIM (the binary) and WS_SRC_DIR (the source tree) in the environment (tests/report.cmake
registers every case as its own ctest). WORKDIR holds the fixture files, shared between cases:
  fixture            runs wijksim on a small comparison (2 areas, 12 years, 3 replications, one
                     option with weak-evidence interventions) and a single-scenario run
  comparison_html    writes the report of the comparison (with one area section) and checks its
                     folder, sections, provenance, warnings, charts, that every number on the
                     page is in numbers.json, and that labels and directions are the file's
  agrees_with_summary        numbers.json vs `wijksim summary --csv` (all areas and one area)
  agrees_with_summary_years  the same with --years, on a fresh report that replaces an old one
  run_file           the report of a single-scenario run file, and its means vs summary --csv
  module             `python3 -m wsreport` from scripts/ and with PYTHONPATH: the report, the
                     help text and one-line errors as scripts/report
  module_same_numbers        scripts/report and -m wsreport write identical numbers.json and
                     report.html (SOURCE_DATE_EPOCH fixed) for a comparison, a run and a sweep
  browser            the comparison report in headless Chromium: no errors, every chart loaded
                     and visible; screenshots into WORKDIR/screenshots/ (the build tree)
  h5py_dimension_labels      dimension labels and attached scales of the datasets, with h5py
  readme_python, readme_r    the README section's Python (h5py, xarray) and R (hdf5r) code
  sweep_synthetic    a sweep file written here from include/wijksim/h5_sweep.h (without label and
                     better, as an older wijksim wrote), reported and opened in Chromium
  sweep_real         `wijksim sweep scenarios/sweep_demo.lua`, then its report
  bad_*              bad input: one line naming the file, exit 2, nothing left behind
Exit status 0 pass, 1 fail, 77 skipped (a tool the case needs is not installed).
"""
import csv
import html
import io
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile

SRC = os.environ.get("WS_SRC_DIR", os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WIJKSIM = os.environ.get("WIJKSIM", os.path.join(SRC, "build", "wijksim"))
REPORT = os.path.join(SRC, "scripts", "report")
PY = "/usr/bin/python3"
SKIP = 77

FIXTURE_LUA = """\
-- report tests: a small comparison (written by tests/report_test.py fixture)
local cat = require "catalogue"
return wijksim.comparison {
  name = "report test", description = "small comparison for the report tests",
  start_year = 2026, years = 12, replications = 3, seed = 11, scale = 0.02,
  areas = { "rotterdam_zuid", "utrecht_overvecht" },
  baseline = wijksim.scenario { name = "no extra Rijksinzet" },
  options = {
    wijksim.scenario { name = "werk en schulden", description = "debt counselling and job coaching",
      packages = { wijksim.package { name = "werk", rijk_eur_per_year = 6e6,
        municipality_eur_per_year = 2e6,
        interventions = { cat.debt_counselling { places_per_year = 400, payer = "rijk" },
                          cat.job_coaching { places_per_year = 300 } } } } },
    wijksim.scenario { name = "veilig", description = "youth mentoring, community policing, vve",
      packages = { wijksim.package { name = "veilig", rijk_eur_per_year = 4e6,
        interventions = { cat.youth_mentoring { places_per_year = 300 },
                          cat.community_policing {}, cat.vve { places_per_year = 200 } } } } },
  },
}
"""

RUN_LUA = """\
-- report tests: one scenario (written by tests/report_test.py fixture)
return wijksim.scenario {
  name = "alleen basis", start_year = 2026, years = 6, replications = 2, seed = 5, scale = 0.02,
  areas = { "delft_west" },
}
"""


class Fail(Exception):
    """A failed check."""


def check(cond, msg):
    """Raises Fail(msg) unless cond."""
    if not cond:
        raise Fail(msg)


def run(cmd, **kw):
    """Runs cmd (a list), returns CompletedProcess with text output."""
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def report(args, ok=True):
    """Runs scripts/report with args; when ok, fails unless it exits 0."""
    r = run([PY, REPORT] + args)
    if ok:
        check(r.returncode == 0, "report %s: exit %d: %s" % (" ".join(args), r.returncode,
                                                          r.stderr.strip()))
    return r


class Work:
    """Paths in WORKDIR."""

    def __init__(self, root):
        self.root = root
        self.cmp = os.path.join(root, "cmp.h5")
        self.run = os.path.join(root, "run.h5")
        self.rep = os.path.join(root, "cmp_report")
        self.area = "rotterdam_zuid"

    def numbers(self, folder=None):
        with open(os.path.join(folder or self.rep, "numbers.json"), encoding="utf-8") as fh:
            return json.load(fh)

    def html(self, folder=None):
        with open(os.path.join(folder or self.rep, "report.html"), encoding="utf-8") as fh:
            return fh.read()


# ---- fixture ----------------------------------------------------------------------------------

def case_fixture(w):
    """Writes the scenarios (with a copy of the catalogue and the area file beside them, as
    `require` and area_data look there) and runs wijksim on them."""
    scen = os.path.join(w.root, "scen")
    shutil.rmtree(scen, ignore_errors=True)
    for out in (w.cmp, w.run):
        if os.path.exists(out):
            os.remove(out)
    os.makedirs(os.path.join(scen, "areas"))
    shutil.copy(os.path.join(SRC, "scenarios", "catalogue.lua"), scen)
    shutil.copy(os.path.join(SRC, "scenarios", "areas", "nplv2022.csv"),
                os.path.join(scen, "areas"))
    for name, text in (("cmp.lua", FIXTURE_LUA), ("run.lua", RUN_LUA)):
        with open(os.path.join(scen, name), "w") as fh:
            fh.write(text)
    for lua, out in (("cmp.lua", w.cmp), ("run.lua", w.run)):
        r = run([WIJKSIM, "run", os.path.join(scen, lua), "-o", out, "--quiet"])
        check(r.returncode == 0, "wijksim run %s: exit %d: %s" % (lua, r.returncode, r.stderr))
        check(os.path.exists(out), "%s not written" % out)


# ---- the comparison report --------------------------------------------------------------------

def numbers_in(obj, out=None):
    """The data-v texts (see wsreport/page.py dv) of every number in a JSON value."""
    out = set() if out is None else out
    if isinstance(obj, dict):
        for v in obj.values():
            numbers_in(v, out)
    elif isinstance(obj, list):
        for v in obj:
            numbers_in(v, out)
    elif isinstance(obj, bool):
        pass
    elif isinstance(obj, float):
        out.add(repr(obj))
    elif isinstance(obj, int):
        out.add(str(obj))
    elif obj in ("inf", "-inf"):
        out.add(obj)
    return out


def check_folder(folder, sections):
    """Checks a report folder: report.html, numbers.json and a valid PNG per listed chart,
    embedded in the page; the given section ids; no external resources; provenance in the header
    and the print footer; every number on the page in numbers.json. Returns (html, numbers)."""
    for f in ("report.html", "numbers.json"):
        check(os.path.isfile(os.path.join(folder, f)), "%s missing in %s" % (f, folder))
    with open(os.path.join(folder, "report.html"), encoding="utf-8") as fh:
        page = fh.read()
    with open(os.path.join(folder, "numbers.json"), encoding="utf-8") as fh:
        nums = json.load(fh)
    check(nums["charts"], "no charts listed")
    for c in nums["charts"]:
        path = os.path.join(folder, "charts", c["file"])
        with open(path, "rb") as fh:
            check(fh.read(8) == b"\x89PNG\r\n\x1a\n", "%s is not a PNG" % path)
        check(re.search(r'<img class="chart" id="%s" src="data:image/png;base64,' %
                        re.escape(c["id"]), page), "chart %s not embedded" % c["id"])
        for k in ("title", "alt"):
            check(c[k], "chart %s has no %s" % (c["id"], k))
    pngs = sorted(os.listdir(os.path.join(folder, "charts")))
    check(pngs == sorted(c["file"] for c in nums["charts"]), "charts folder != charts listed")
    for s in sections:
        check('id="%s"' % s in page, "section %s missing" % s)
    check(not re.search(r'(src|href)="(https?:|//|file:)', page), "page loads external resources")
    p = nums["provenance"]
    for k in ("version", "git_revision", "seed", "input_hash", "created"):
        check(p[k], "provenance %s empty" % k)
    for part in ("header", "footer"):
        m = re.search(r'<%s class="prov[^"]*">(.*?)</%s>' % (part, part), page, re.S)
        check(m, "no provenance %s" % part)
        for k in ("version", "git_revision", "seed", "input_hash", "created"):
            check(str(p[k]) in m.group(1), "provenance %s not in the %s" % (k, part))
    known = numbers_in(nums)
    shown = re.findall(r'<span class="n" data-v="([^"]*)">', page)
    check(shown, "no numbers on the page")
    stray = [v for v in shown if v and v not in known]
    check(not stray, "numbers on the page not in numbers.json: %s" % stray[:5])
    return page, nums


def case_comparison_html(w):
    shutil.rmtree(w.rep, ignore_errors=True)
    report([w.cmp, "-o", w.rep, "--area", w.area, "--quiet"])
    page, nums = check_folder(w.rep, ["summary", "warnings", "domains", "cost", "escalator",
                                      "interventions", "area-" + w.area, "method"])
    check(nums["kind"] == "comparison", "kind")
    check(nums["option_names"] == ["werk en schulden", "veilig"], "options")
    # one fan chart per charted indicator, all areas and the area; escalator; interventions
    sections = [c["section"] for c in nums["charts"]]
    n_ind = len(nums["chart_indicators"])
    check(set(nums["headlines"]) <= set(nums["chart_indicators"]), "a headline is not charted")
    check(sections.count("all") == n_ind and sections.count("area-" + w.area) == n_ind,
          "fan charts per indicator")
    check("escalator-all" in sections and "escalator-" + w.area in sections, "escalator charts")
    check(sections.count("interventions") == 2, "one interventions chart per option")
    # the Dutch area names as stored
    check("Rotterdam-Zuid" in page and "Rotterdam-Zuid" in nums["area_names"], "area names")
    # warnings: weak evidence from the catalogue (vve and community policing are "weak")
    weak = {x["intervention"] for x in nums["warnings"]["weak_evidence"]}
    check({"vve", "community_policing"} <= weak, "weak-evidence warnings: %s" % weak)
    check("Weak evidence" in page, "weak evidence not on the page")
    check("not distinguishable from zero" in page, "no 'not distinguishable from zero'")
    # escalator: movers' income gap for every scenario, all areas and the area
    esc = nums["escalator"]
    check({r["scenario"] for r in esc} == {"no extra Rijksinzet", "werk en schulden", "veilig"},
          "escalator scenarios")
    check({r["area"] for r in esc} == {"all areas", "Rotterdam-Zuid"}, "escalator areas")
    # participants, waiting lists, spend per intervention
    iv = {(r["scenario"], r["intervention"]) for r in nums["interventions"]}
    check(("werk en schulden", "debt_counselling") in iv and ("veilig", "vve") in iv,
          "intervention rows: %s" % iv)
    check(all(r["spend_total_eur"] is not None for r in nums["interventions"]), "spend")
    # labels and directions are the file's attributes (written from indicators.def)
    import h5py
    with h5py.File(w.cmp, "r") as f:
        base = f["summary"][f.attrs["baseline"]]
        for ind, info in nums["indicators"].items():
            a = base[ind].attrs
            check(info["label"] == a["label"] and info["direction"] == int(a["better"]),
                  "%s: label %r, direction %r; the file says %r, %r"
                  % (ind, info["label"], info["direction"], a["label"], a["better"]))
    for ind in nums["chart_indicators"]:
        check(html.escape(nums["indicators"][ind]["label"]) in page,
              "label of %s not on the page" % ind)
    verdicts = {(r["indicator"], r["verdict"]) for r in nums["differences"]}
    check(("safety_crime_per_1000", "higher") not in verdicts and
          ("safety_crime_per_1000", "lower") not in verdicts, "crime has a direction")


def summary_csv(w, path, *args):
    """Rows of `wijksim summary PATH --csv ARGS` as dicts."""
    r = run([WIJKSIM, "summary", path, "--csv"] + list(args))
    check(r.returncode == 0, "wijksim summary: exit %d: %s" % (r.returncode, r.stderr))
    return list(csv.DictReader(io.StringIO(r.stdout)))


def same(csv_text, value):
    """True when a CSV cell (%.17g, empty for NaN, inf) equals a numbers.json value exactly."""
    if csv_text == "":
        return value is None
    if value is None:
        return False
    if csv_text in ("inf", "-inf"):
        return value == csv_text or (isinstance(value, float) and math.isinf(value))
    if isinstance(value, str):
        return csv_text == value
    return float(csv_text) == float(value)


def compare_comparison(nums, rows, area):
    """Every number `wijksim summary --csv` shows for area equals the report's, and the report's
    table rows of the headline indicators in that area are exactly the summary's rows."""
    diff = {(r["option"], r["indicator"], r["year"], r["area"]): r for r in nums["differences"]}
    ce = {(r["option"], r["indicator"]): r for r in nums["cost_effectiveness"]}
    check(rows, "summary printed no rows")
    seen = set()
    for row in rows:
        key = (row["option"], row["indicator"], int(row["year"]), row["area"])
        check(row["area"] == area, "summary area %s" % row["area"])
        check(key in diff, "report lacks %s" % (key,))
        seen.add(key)
        d, c = diff[key], ce[(row["option"], row["indicator"])]
        check(row["units"] == d["units"], "units of %s" % (key,))
        for col, v in row.items():
            if col in ("option", "indicator", "units", "year", "area"):
                continue
            mine = d[col] if col in d else c[col]
            if col in ("ce_unit", "ce_status"):
                check(v == mine, "%s %s: summary %r, report %r" % (key, col, v, mine))
            else:
                check(same(v, mine), "%s %s: summary %r, report %r" % (key, col, v, mine))
    heads = set(nums["headlines"])
    extra = [k for k, r in diff.items() if k[1] in heads and k[3] == area and k not in seen]
    check(not extra, "report rows the summary does not show: %s" % extra[:3])
    return len(rows)


def case_agrees_with_summary(w):
    nums = w.numbers()
    n = compare_comparison(nums, summary_csv(w, w.cmp), "all areas")
    n += compare_comparison(nums, summary_csv(w, w.cmp, "--area", w.area), "Rotterdam-Zuid")
    print("%d summary rows agree" % n)


def case_agrees_with_summary_years(w):
    """A fresh report with --years written over an existing report folder (replaced whole)."""
    parent = os.path.join(w.root, "years")
    shutil.rmtree(parent, ignore_errors=True)
    os.makedirs(parent)
    out = os.path.join(parent, "report")
    report([w.cmp, "-o", out, "--quiet"])
    with open(os.path.join(out, "stale.txt"), "w") as fh:
        fh.write("from the previous report\n")
    report([w.cmp, "-o", out, "--years", "2027,2031", "--quiet"])
    check(not os.path.exists(os.path.join(out, "stale.txt")), "old report not replaced")
    nums = w.numbers(out)
    check(nums["years"] == [2027, 2031], "years %s" % nums["years"])
    n = compare_comparison(nums, summary_csv(w, w.cmp, "--years", "2027,2031"), "all areas")
    check(os.listdir(parent) == ["report"], "left behind: %s" % os.listdir(parent))
    print("%d summary rows agree" % n)


def case_run_file(w):
    out = os.path.join(w.root, "run_report")
    shutil.rmtree(out, ignore_errors=True)
    report([w.run, "-o", out, "--quiet"])
    page, nums = check_folder(out, ["summary", "domains", "escalator", "method"])
    check(nums["kind"] == "run" and not nums["option_names"], "a run file has no options")
    means = {(r["scenario"], r["indicator"], r["year"], r["area"]): r for r in nums["means"]}
    rows = summary_csv(w, w.run)
    for row in rows:
        key = (row["scenario"], row["indicator"], int(row["year"]), row["area"])
        check(key in means, "report lacks %s" % (key,))
        for col in ("mean", "p05", "p95"):
            check(same(row[col], means[key][col]), "%s %s" % (key, col))
    print("%d summary rows agree" % len(rows))


# ---- python3 -m wsreport -----------------------------------------------------------------------

def module(args, cwd=None, env=None):
    """Runs `/usr/bin/python3 -m wsreport ARGS` (from scripts/ unless cwd and env say
    otherwise); returns the CompletedProcess."""
    return run([PY, "-m", "wsreport"] + args, cwd=cwd or os.path.join(SRC, "scripts"),
               env=env)


def case_module(w):
    """The package runs as `python3 -m wsreport` from scripts/ and, with PYTHONPATH, from
    anywhere: the same report folder, help text and one-line errors as scripts/report."""
    out = os.path.join(w.root, "module_report")
    shutil.rmtree(out, ignore_errors=True)
    r = module([w.cmp, "-o", out, "--quiet"])
    check(r.returncode == 0 and r.stdout == "", "-m wsreport from scripts/: exit %d: %s"
          % (r.returncode, r.stderr.strip()))
    check_folder(out, ["summary", "warnings", "domains", "cost", "escalator", "method"])
    env = dict(os.environ, PYTHONPATH=os.path.join(SRC, "scripts"))
    r = module([w.run, "-o", os.path.join(w.root, "module_run_report")], cwd=w.root, env=env)
    check(r.returncode == 0, "PYTHONPATH=scripts -m wsreport: exit %d: %s"
          % (r.returncode, r.stderr.strip()))
    check(r.stdout.strip() == os.path.join(w.root, "module_run_report", "report.html"),
          "it prints the page's path: %r" % r.stdout)
    h1, h2 = module(["--help"]), report(["--help"])
    check(h1.returncode == 0 and h1.stdout == h2.stdout, "--help differs from scripts/report")
    missing = os.path.join(w.root, "no_such_file.h5")
    for r in (module([missing, "-o", os.path.join(w.root, "nothing")]),
              module([w.cmp, "--years", "x"])):
        err = r.stderr.strip()
        check(r.returncode == 2 and len(err.splitlines()) == 1 and err.startswith("report: "),
              "bad input: exit %d: %s" % (r.returncode, err))
    check(not os.path.exists(os.path.join(w.root, "nothing")), "a failed run left a folder")


def case_module_same_numbers(w):
    """scripts/report and `python3 -m wsreport` write the same numbers.json and report.html for
    the same file (SOURCE_DATE_EPOCH fixes the one thing that differs, the time written): a
    comparison with an area section, a run, and a sweep."""
    sweep = os.path.join(w.root, "module_sweep.h5")
    write_sweep(sweep)
    env = dict(os.environ, SOURCE_DATE_EPOCH="1767225600")
    for name, args in (("cmp", [w.cmp, "--area", w.area]), ("run", [w.run]),
                       ("sweep", [sweep, "--years", "2028,2031"])):
        a = os.path.join(w.root, "same_script_" + name)
        b = os.path.join(w.root, "same_module_" + name)
        for d in (a, b):
            shutil.rmtree(d, ignore_errors=True)
        r1 = run([PY, REPORT] + args + ["-o", a, "--quiet"], env=env)
        r2 = module(args + ["-o", b, "--quiet"], env=env)
        check(r1.returncode == 0 and r2.returncode == 0, "%s: exits %d, %d: %s %s" % (
            name, r1.returncode, r2.returncode, r1.stderr.strip(), r2.stderr.strip()))
        for f in ("numbers.json", "report.html"):
            with open(os.path.join(a, f), "rb") as fa, open(os.path.join(b, f), "rb") as fb:
                check(fa.read() == fb.read(), "%s: %s differs between scripts/report and "
                      "-m wsreport" % (name, f))
        check(w.numbers(a)["generated"] == "2026-01-01T00:00:00Z", "SOURCE_DATE_EPOCH ignored")
        print("%s: numbers.json and report.html identical" % name)


# ---- the browser ------------------------------------------------------------------------------

def chromium():
    """The chromium executable, or None."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def browse(page, screenshots=()):
    """Opens page (a file) in headless Chromium; returns the self-check record the page writes
    into <pre id="ws-selfcheck">, and saves screenshots [(path, width, height)]."""
    exe = chromium()
    url = "file://" + os.path.abspath(page)
    with tempfile.TemporaryDirectory() as profile:
        base = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--hide-scrollbars", "--user-data-dir=" + profile, "--virtual-time-budget=10000"]
        r = run(base + ["--window-size=1400,1000", "--dump-dom", url], timeout=120)
        check(r.returncode == 0, "chromium --dump-dom: exit %d: %s" % (r.returncode,
                                                                        r.stderr[-500:]))
        m = re.search(r'<pre id="ws-selfcheck"[^>]*>(.*?)</pre>', r.stdout, re.S)
        check(m and m.group(1).strip(), "the page's self-check did not run")
        check('data-selfcheck="done"' in r.stdout, "self-check not finished")
        for path, wd, ht in screenshots:
            if os.path.exists(path):
                os.remove(path)
            s = run(base + ["--window-size=%d,%d" % (wd, ht), "--screenshot=" + path, url],
                    timeout=120)
            check(s.returncode == 0 and os.path.getsize(path) > 20000,
                  "screenshot %s not written: %s" % (path, s.stderr[-300:]))
    return json.loads(html.unescape(m.group(1)))


def check_browser(folder, shots):
    """Every chart of numbers.json is loaded, has its natural size and is visible; no errors."""
    with open(os.path.join(folder, "numbers.json"), encoding="utf-8") as fh:
        nums = json.load(fh)
    rec = browse(os.path.join(folder, "report.html"), shots)
    check(rec["errors"] == [], "page errors: %s" % rec["errors"])
    got = {c["id"]: c for c in rec["charts"]}
    for c in nums["charts"]:
        g = got.get(c["id"])
        check(g, "chart %s not on the page" % c["id"])
        check(g["complete"] and g["naturalWidth"] == c["width"] and
              g["naturalHeight"] == c["height"], "chart %s not loaded: %s" % (c["id"], g))
        check(g["visible"] and g["width"] > 300, "chart %s not visible: %s" % (c["id"], g))
    print("%d charts loaded and visible" % len(nums["charts"]))


def case_browser(w):
    if not chromium():
        raise Fail("chromium is not installed (Debian package chromium; scripts/setup.sh)")
    res = os.path.join(w.root, "screenshots")
    os.makedirs(res, exist_ok=True)
    check_browser(w.rep, [(os.path.join(res, "report_comparison_summary.png"), 1400, 1400),
                          (os.path.join(res, "report_comparison_long.png"), 1400, 5000)])


# ---- reading the files with other tools -------------------------------------------------------

def case_h5py_dimension_labels(w):
    import h5py
    with h5py.File(w.cmp, "r") as f:
        scen = [s.decode() if isinstance(s, bytes) else s for s in f.attrs["scenarios"]]
        n = 0
        for name in scen:
            g = f["scenarios"][name]
            for ind, ds in g["indicators"].items():
                n += check_dims(ds, [("replication", "/replication"), ("year", "/year"),
                                     ("area", "/area")])
            if "interventions" in g:
                iv = g["interventions"]
                dims = [("replication", "/replication"), ("year", "/year"), ("area", "/area"),
                        ("intervention", iv["intervention"].name)]
                for k in ("participants", "active", "waiting", "places"):
                    n += check_dims(iv[k], dims)
                n += check_dims(iv["spend"], dims + [("payer", "/payer")])
            for ind in ("work_employment_rate", "safety_crime_per_1000"):
                ds = f["summary"][name][ind]["mean"]
                n += check_dims(ds, [("year", "/year"), ("area", "/summary/area")])
        area = [a.decode() if isinstance(a, bytes) else a for a in f["area"][()]]
        check("Rotterdam-Zuid" in area, "area names %s" % area)
    print("%d datasets have labelled dimensions with scales" % n)


def check_dims(ds, want):
    """ds's dimensions are labelled want[k][0] with exactly the scale want[k][1] attached, of
    the dimension's length. Returns 1."""
    check(len(ds.dims) == len(want), "%s has %d dimensions" % (ds.name, len(ds.dims)))
    for k, (label, scale) in enumerate(want):
        d = ds.dims[k]
        check(d.label == label, "%s dim %d label %r, want %r" % (ds.name, k, d.label, label))
        scales = d.values()
        check(len(scales) == 1 and scales[0].name == scale,
              "%s dim %d scales %s, want %s" % (ds.name, k, [s.name for s in scales], scale))
        check(scales[0].shape == (ds.shape[k],), "%s dim %d scale length" % (ds.name, k))
    return 1


def readme_blocks(lang):
    """The ```lang code blocks of the README section on the report and reading results files:
    from README.md once merged there (under the heading MARKER), else from
    scripts/README_report_section.md."""
    marker = "## The board report and your own tools"
    text = ""
    readme = os.path.join(SRC, "README.md")
    with open(readme, encoding="utf-8") as fh:
        text = fh.read()
    if marker in text:
        text = text[text.index(marker):]
        nxt = re.search(r"\n## ", text[len(marker):])
        text = text[:len(marker) + nxt.start()] if nxt else text
    else:
        with open(os.path.join(SRC, "scripts", "README_report_section.md"), encoding="utf-8") as fh:
            text = fh.read()
    blocks = re.findall(r"```%s\n(.*?)```" % lang, text, re.S)
    check(blocks, "no ```%s blocks in the README section" % lang)
    return blocks


def case_readme_python(w):
    """Runs each Python block of the README section on the fixture file (the blocks open
    results/rijksinzet.h5; the test substitutes its own comparison); a block that sets
    engine = "h5netcdf" runs again with "netcdf4", as the README says both work."""
    engine = 'engine = "h5netcdf"'
    for k, code in enumerate(readme_blocks("python")):
        code = code.replace("results/rijksinzet.h5", w.cmp)
        variants = [code] + ([code.replace(engine, 'engine = "netcdf4"')] if engine in code
                             else [])
        for v in variants:
            r = run([PY, "-c", v], cwd=w.root, timeout=120)
            check(r.returncode == 0, "README python block %d failed:\n%s\n%s"
                  % (k + 1, v, r.stderr[-2000:]))
        print("python block %d: %d variant(s) ran" % (k + 1, len(variants)))


def case_readme_r(w):
    if not shutil.which("Rscript"):
        print("skipped: Rscript is not installed (Debian package r-cran-hdf5r)")
        sys.exit(SKIP)
    if run(["Rscript", "-e", "library(hdf5r)"]).returncode != 0:
        print("skipped: the R package hdf5r is not installed (Debian package r-cran-hdf5r)")
        sys.exit(SKIP)
    for k, code in enumerate(readme_blocks("r")):
        code = code.replace("results/rijksinzet.h5", w.cmp)
        r = run(["Rscript", "-e", code], cwd=w.root, timeout=120)
        check(r.returncode == 0, "README R block %d failed:\n%s\n%s" % (k + 1, code,
                                                                        r.stderr[-2000:]))


# ---- sweeps -----------------------------------------------------------------------------------

def write_sweep(path, kind="sweep", complete=1):
    """Writes a small sweep file by the layout of include/wijksim/h5_sweep.h: a 3 x 2 grid (a
    budget range and labelled levels), 3 replications, 6 years, totals only, with /summary's
    headline_indicators (the first nine indicators below, as sim/base/summary.c lists them);
    file_kind kind and attribute complete as given."""
    import h5py
    import numpy as np
    rng = np.random.default_rng(7)
    years = np.arange(2026, 2032, dtype=np.int32)
    budgets, labels = [0.0, 1e7, 2e7], ["random", "risk"]
    values = np.array([[b, l] for b in budgets for l in range(len(labels))], dtype=float)
    P, R, Y = len(values), 3, len(years)
    inds = {"edu_early_school_leaving": ("education", "% of pupils 12-23 per year", 4.0, -0.02),
            "work_employment_rate": ("work", "% of residents 18-66", 58.0, 0.05),
            "work_bijstand_households": ("work", "% of households", 11.0, -0.03),
            "work_problem_debt_households": ("work", "% of households", 14.0, -0.08),
            "work_child_poverty": ("work", "% of minors", 25.0, -0.02),
            "safety_crime_per_1000": ("safety", "per 1000 residents per year", 85.0, -0.1),
            "safety_youth_offending": ("safety", "% of residents 12-24 per year", 3.5, -0.01),
            "health_psych_distress": ("health", "% of residents 18+", 16.0, -0.02),
            "health_good_selfrated": ("health", "% of residents 18+", 61.0, 0.01),
            "population": ("demography", "persons", 1e5, 0.0)}
    str_t = h5py.string_dtype("utf-8")
    with h5py.File(path, "w") as f:
        for k, v in {"file_kind": kind, "wijksim_version": "0.0.0-test",
                     "git_revision": "abcdef0", "command_line": "report_test.py",
                     "created": "2026-01-01T00:00:00Z", "finished": "2026-01-01T00:01:00Z",
                     "sweep_name": "synthetic sweep", "sweep_description": "written by the test",
                     "sweep_file": "synthetic.lua", "sweep_sha256": "0" * 64, "design": "grid",
                     "store": "totals", "split": "threads"}.items():
            f.attrs.create(k, v, dtype=str_t)
        for k, v in {"points": P, "replications": R, "runs": P * R, "start_year": 2026,
                     "years": Y, "threads": 2, "processes": 1}.items():
            f.attrs[k] = np.int32(v)
        f.attrs["seed"] = np.int64(3)
        f.attrs["complete"] = np.int8(complete)
        f.attrs.create("indicators", list(inds), dtype=str_t)
        f["year"] = years
        f["point"] = np.arange(P, dtype=np.int32)
        f["replication"] = np.arange(R, dtype=np.int32)
        f.create_dataset("payer", data=["rijk", "municipality", "corporation", "other"],
                         dtype=str_t)
        f.create_dataset("area", data=["Delft West"], dtype=str_t)
        f.create_dataset("design/factor", data=["budget", "priority"], dtype=str_t)
        f["design/values"] = values
        ft = np.dtype([("name", str_t), ("param", str_t), ("kind", str_t), ("min", "f8"),
                       ("max", "f8"), ("steps", "i4"), ("dist", str_t), ("integer", "i1"),
                       ("levels", str_t), ("labelled", "i1")])
        f.create_dataset("design/factors", data=np.array(
            [("budget", "", "range", 0.0, 2e7, 3, "uniform", 0, "", 0),
             ("priority", "", "levels", math.nan, math.nan, 0, "uniform", 0, "random,risk", 1)],
            dtype=ft))
        f["runs/done"] = np.ones((P, R), dtype=np.int8)
        spend = np.zeros((P, R, Y, 4))
        spend[:, :, :, 0] = values[:, 0][:, None, None]
        f["runs/spend"] = spend
        for ind, (dom, units, level, slope) in inds.items():
            effect = slope * values[:, 0] / 1e7 * (1 + 0.5 * values[:, 1])
            tot = (level + effect[:, None, None] * np.arange(Y)[None, None, :]
                   + rng.normal(0, 0.05 * max(abs(level), 1) / 10, (P, R, Y)))
            d = f.create_dataset("runs/totals/" + ind, data=tot)
            for k, v in (("units", units), ("description", ind), ("domain", dom)):
                d.attrs.create(k, v, dtype=str_t)
            if "summary" not in f:
                f.create_group("summary").attrs.create(
                    "headline_indicators", [i for i in inds if i != "population"], dtype=str_t)
            g = f.create_group("summary/" + ind)
            g.attrs.create("units", units, dtype=str_t)
            g.attrs.create("description", ind.replace("_", " "), dtype=str_t)
            g["mean"] = tot.mean(axis=1)
            for name, q in (("p05", 5), ("p50", 50), ("p95", 95)):
                g[name] = np.percentile(tot, q, axis=1)


def check_sweep_report(out, n_factors):
    page, nums = check_folder(out, ["summary", "warnings", "indicators", "design", "method"])
    check(nums["kind"] == "sweep", "kind")
    check(len(nums["design"]["factors"]) == n_factors, "factors")
    per = 2 if nums.get("reference") is not None else 1  # means, and differences to it
    check(len(nums["charts"]) == per * len(nums["headlines"]),
          "%d chart(s) per headline indicator" % per)
    check(len(nums["design_points"]) == nums["design"]["points"], "design points")
    return page, nums


def case_sweep_synthetic(w):
    path = os.path.join(w.root, "sweep_synthetic.h5")
    os.makedirs(w.root, exist_ok=True)
    write_sweep(path)
    out = os.path.join(w.root, "sweep_synthetic_report")
    shutil.rmtree(out, ignore_errors=True)
    report([path, "-o", out, "--quiet"])
    page, nums = check_sweep_report(out, 2)
    check(len(nums["headlines"]) == 9, "the headline list: %s" % nums["headlines"])
    check(nums["design_points"][1]["labels"]["priority"] == "risk", "level labels")
    # written without label and better (as by an older wijksim): the description as label
    # and no direction
    info = nums["indicators"]["work_employment_rate"]
    check(info["label"] == "Work employment rate" and info["direction"] == 0,
          "fallback for a file without label and better: %s" % info)
    check(nums["years"] == [2030, 2031], "default years %s" % nums["years"])
    # point means come from /summary unchanged
    import h5py
    with h5py.File(path, "r") as f:
        mean = f["summary/work_employment_rate/mean"][()]
    for r in nums["point_means"]:
        if r["indicator"] == "work_employment_rate":
            check(r["mean"] == float(mean[r["point"], r["year"] - 2026]), "point mean %s" % r)
    if chromium():
        shots = os.path.join(w.root, "screenshots")
        os.makedirs(shots, exist_ok=True)
        check_browser(out, [(os.path.join(shots, "report_sweep_synthetic.png"),
                             1400, 2200)])
    r = report([path, "-o", os.path.join(w.root, "sweep_area"), "--area", "delft_west"], ok=False)
    check(r.returncode == 2 and "--area" in r.stderr, "a sweep with --area must be refused")


def case_sweep_real(w):
    """Needs `wijksim sweep` (being written): fails until it exists."""
    path = os.path.join(w.root, "sweep_demo.h5")
    os.makedirs(w.root, exist_ok=True)
    r = run([WIJKSIM, "sweep", os.path.join(SRC, "scenarios", "sweep_demo.lua"), "-o", path],
            timeout=900)
    check(r.returncode == 0, "wijksim sweep: exit %d: %s" % (r.returncode, r.stderr[-1000:]))
    out = os.path.join(w.root, "sweep_demo_report")
    shutil.rmtree(out, ignore_errors=True)
    report([path, "-o", out, "--quiet"])
    page, nums = check_sweep_report(out, 2)
    # the demo names point 0 (both budgets 0) as reference: the page shows every point's paired
    # difference to it, equal to the file's /summary diff_* (and 0 for point 0 itself)
    check(nums["reference"] == 0, "reference point %s" % nums["reference"])
    check("Compared with point 0" in page, "no comparison with the reference point")
    import h5py
    with h5py.File(path, "r") as f:
        years = [int(y) for y in f["year"][()]]
        for r in nums["point_means"]:
            g = f["summary/" + r["indicator"]]
            y = years.index(r["year"])
            for k in ("diff_mean", "diff_p05", "diff_p95"):
                check(r[k] == float(g[k][r["point"], y]), "%s %s point %d" % (
                    r["indicator"], k, r["point"]))
            if r["point"] == 0:
                check(r["diff_mean"] == 0, "the reference's difference to itself")


# ---- bad input --------------------------------------------------------------------------------

def bad_dir(w, case):
    """A fresh empty folder for a bad-input case (cases may run in parallel)."""
    d = os.path.join(w.root, "bad", case)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    return d


def expect_bad(w, case, args, path, words):
    """scripts/report ARGS exits 2 with one line on stderr naming path and each of words, and
    leaves neither its output folder nor a temporary folder behind."""
    parent = bad_dir(w, case)
    out = os.path.join(parent, "report")
    r = report(args + ["-o", out], ok=False)
    err = r.stderr.strip()
    print(err)
    check(r.returncode == 2, "exit %d, want 2" % r.returncode)
    check(len(err.splitlines()) == 1, "want one line of error, got:\n%s" % err)
    check(path in err, "the message does not name %s" % path)
    for word in words:
        check(word in err, "the message does not say '%s'" % word)
    check(os.listdir(parent) == [], "left behind: %s" % os.listdir(parent))


def case_bad_missing_file(w):
    path = os.path.join(w.root, "no_such_file.h5")
    expect_bad(w, "missing_file", [path], path, ["no such file"])


def case_bad_not_hdf5(w):
    path = os.path.join(bad_dir(w, "not_hdf5_input"), "text.h5")
    with open(path, "w") as fh:
        fh.write("this is not an HDF5 file\n")
    expect_bad(w, "not_hdf5", [path], path, ["not an HDF5 file"])


def case_bad_not_wijksim(w):
    import h5py
    path = os.path.join(bad_dir(w, "not_wijksim_input"), "other.h5")
    with h5py.File(path, "w") as f:
        f["x"] = [1, 2, 3]
    expect_bad(w, "not_wijksim", [path], path, ["not a wijksim results file", "file_kind"])


def case_bad_sweep_part(w):
    path = os.path.join(bad_dir(w, "sweep_part_input"), "part.h5")
    write_sweep(path, kind="sweep_part", complete=0)
    expect_bad(w, "sweep_part", [path], path, ["sweep_part", "merge"])


def case_bad_sweep_incomplete(w):
    path = os.path.join(bad_dir(w, "sweep_incomplete_input"), "unfinished.h5")
    write_sweep(path, complete=0)
    expect_bad(w, "sweep_incomplete", [path], path, ["not complete"])


def case_bad_unknown_area(w):
    expect_bad(w, "unknown_area", [w.cmp, "--area", "atlantis_noord"], w.cmp, ["atlantis_noord"])


def case_bad_unknown_year(w):
    expect_bad(w, "unknown_year", [w.cmp, "--years", "2030,2099"], w.cmp, ["2099"])


def case_bad_output_not_report(w):
    """An existing folder that is not a report is refused and left as it was."""
    out = os.path.join(bad_dir(w, "output_not_report"), "not_a_report")
    os.makedirs(out)
    keep = os.path.join(out, "precious.txt")
    with open(keep, "w") as fh:
        fh.write("keep me\n")
    r = report([w.cmp, "-o", out], ok=False)
    err = r.stderr.strip()
    print(err)
    check(r.returncode == 2 and len(err.splitlines()) == 1 and out in err, "refusal: %s" % err)
    check(os.listdir(out) == ["precious.txt"], "the folder was changed")


def main(argv):
    if len(argv) != 3 or "case_" + argv[1] not in globals():
        cases = sorted(k[5:] for k in globals() if k.startswith("case_"))
        print("usage: report_test.py CASE WORKDIR\ncases: " + " ".join(cases), file=sys.stderr)
        return 2
    w = Work(os.path.abspath(argv[2]))
    try:
        globals()["case_" + argv[1]](w)
    except Fail as err:
        print("FAIL: %s" % err, file=sys.stderr)
        return 1
    print("PASS: %s" % argv[1])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
