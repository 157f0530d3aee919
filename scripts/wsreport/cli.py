"""cli.py: the command line of scripts/report and `python3 -m wsreport` — options, checks and
atomic output.

Output is a folder (default: beside the results file, "<name>_report"):
  report.html    the self-contained page (charts embedded)
  charts/*.png   the charts as separate files (for slides)
  numbers.json   every number the page shows (see numbers.py)
It is built in a temporary folder beside it and renamed into place when complete, so a failure
never leaves a partial report; an existing report folder is replaced only then. A folder that
exists but is not a report is never touched.

Exit status: 0 ok, 1 runtime failure (cannot write), 2 bad usage or bad input (a missing file,
not a wijksim file, an unknown area, year or indicator), 130 interrupted. Errors are one line:
"report: FILE: problem".
"""
import argparse
import base64
import os
import shutil
import sys
import tempfile

from . import assemble, numbers, page, sweep
from .h5read import ReportError, ResultsFile, open_file

USAGE_EPILOG = """\
Examples:
  scripts/report results/rijksinzet.h5
  scripts/report results/rijksinzet.h5 -o results/board --years 2030,2045 --area rotterdam_zuid
  scripts/report results/sweep.h5 --years 2035

The folder holds report.html (open it in a browser; it needs no other file), charts/*.png and
numbers.json. Exit status: 0 ok, 1 cannot write, 2 bad usage or bad input.
"""

MARKER = "numbers.json"   # a folder holding it (and report.html) is a report we may replace


class Usage(Exception):
    """A usage error: printed as one line, exit 2."""


class Parser(argparse.ArgumentParser):
    """argparse with one-line errors raised as Usage instead of printed usage and exit."""

    def error(self, message):
        raise Usage(message)


def parser():
    p = Parser(prog="report", description="Turns a wijksim results file (comparison, run or "
               "sweep) into an HTML report with charts for a programme board.",
               epilog=USAGE_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("file", metavar="FILE.h5", help="results file written by wijksim")
    p.add_argument("-o", "--output", metavar="DIR",
                   help="output folder (default: FILE without .h5, plus _report)")
    p.add_argument("--years", metavar="Y1,Y2,...", type=int_list,
                   help="calendar years of the tables (default: years 5 and 10 of the horizon "
                        "and its last year, as wijksim summary)")
    p.add_argument("--area", metavar="ID[,ID...]", action="append", default=[],
                   help="add a section per area (area ids as in wijksim info; 'all' = every area); "
                        "may be repeated")
    p.add_argument("--indicators", metavar="NAME[,NAME...]", type=name_list, default=[],
                   help="chart and table these indicators too (names as in wijksim info)")
    p.add_argument("--quiet", action="store_true", help="print nothing on success")
    return p


def int_list(s):
    """'2030,2035' -> [2030, 2035]; raises argparse.ArgumentTypeError otherwise."""
    try:
        out = [int(x) for x in s.split(",") if x.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError("'%s' is not a comma-separated list of years" % s)
    if not out:
        raise argparse.ArgumentTypeError("no years given")
    return out


def name_list(s):
    return [x.strip() for x in s.split(",") if x.strip()]


def default_output(path):
    base = path[:-3] if path.endswith(".h5") else path
    return base + "_report"


def areas_wanted(args, rf):
    """The area ids asked for with --area ('all' expands to every area of the file)."""
    out = []
    for item in args.area:
        for a in name_list(item):
            if a == "all":
                out += [x for x in getattr(rf, "area_ids", []) if x not in out]
            elif a not in out:
                out.append(a)
    return out


def data_uris(folder, charts):
    """{chart file: data URI} of the PNGs in folder."""
    out = {}
    for c in charts:
        with open(os.path.join(folder, c["file"]), "rb") as fh:
            out[c["file"]] = "data:image/png;base64," + base64.b64encode(fh.read()).decode()
    return out


def check_output(out):
    """Raises ReportError when out exists and is not a report folder (never overwritten)."""
    if os.path.lexists(out):
        if not os.path.isdir(out) or os.path.islink(out):
            raise ReportError("output '%s' exists and is not a report folder" % out)
        if not os.path.exists(os.path.join(out, MARKER)):
            raise ReportError("output folder '%s' exists and is not a report (no %s); choose "
                              "another -o" % (out, MARKER))


def write_report(f, kind, args, out):
    """Builds the report of the open file f into a temporary folder and renames it to out.
    Returns the path of report.html. On any failure the temporary folder is removed."""
    parent = os.path.dirname(os.path.abspath(out))
    os.makedirs(parent, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="." + os.path.basename(out) + ".tmp-", dir=parent)
    try:
        folder = os.path.join(tmp, "charts")
        os.mkdir(folder)
        if kind in ("sweep", "sweep_part"):
            src = sweep.SweepFile(f, args.file, kind)
            doc = sweep.build(src, folder, args.years, areas_wanted(args, src), args.indicators)
            render = page.render_sweep
        else:
            src = ResultsFile(f, args.file, kind)
            doc = assemble.build(src, folder, args.years, areas_wanted(args, src),
                                 args.indicators)
            render = page.render
        with open(os.path.join(tmp, "report.html"), "w", encoding="utf-8") as fh:
            fh.write(render(doc, data_uris(folder, doc["charts"])))
        with open(os.path.join(tmp, MARKER), "w", encoding="utf-8") as fh:
            fh.write(page.dump(numbers.jsonable(doc)))
        os.chmod(tmp, 0o755)
        replace_folder(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return os.path.join(out, "report.html")


def replace_folder(new, out):
    """Renames folder new to out; an existing out (a report) is moved aside first and removed
    after."""
    old = None
    if os.path.exists(out):
        old = tempfile.mkdtemp(prefix="." + os.path.basename(out) + ".old-",
                               dir=os.path.dirname(os.path.abspath(out)))
        os.rmdir(old)
        os.rename(out, old)
    try:
        os.rename(new, out)
    except OSError:
        if old:
            os.rename(old, out)
        raise
    if old:
        shutil.rmtree(old, ignore_errors=True)


def main(argv=None):
    """Runs the command line; returns the exit status."""
    args = None
    try:
        args = parser().parse_args(argv)
    except Usage as err:
        print("report: %s (see report --help)" % err, file=sys.stderr)
        return 2
    out = args.output or default_output(args.file)
    try:
        check_output(out)
    except ReportError as err:
        print("report: %s" % err, file=sys.stderr)
        return 2
    f = None
    try:
        f, kind = open_file(args.file)
        path = write_report(f, kind, args, out)
    except ReportError as err:
        print("report: %s: %s" % (args.file, err), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("report: interrupted; nothing written", file=sys.stderr)
        return 130
    except OSError as err:
        print("report: %s: cannot read the file or write %s: %s" % (args.file, out, err),
              file=sys.stderr)
        return 1
    finally:
        if f is not None:
            f.close()
    if not args.quiet:
        print(path)
    return 0
