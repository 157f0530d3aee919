"""h5read.py: reads a wijksim comparison or run file for the report (layout: include/wijksim/h5.h).

Every number in the report's tables of means, differences and cost per unit comes from /summary,
exactly as `wijksim summary` reads it, so that the two agree; nothing here recomputes a statistic.
Participants, waiting lists and spend per intervention, which /summary does not hold, come from
/scenarios/<name>/interventions (means over replications, sums over areas: see numbers.py).

A missing file, a file that is not HDF5 or not a wijksim file, or one that lacks a part the report
needs raises ReportError with a one-line message; the caller adds the file name. Reads only.
"""
import math
import os
from dataclasses import dataclass

import h5py
import numpy as np

from . import terms


class ReportError(Exception):
    """Bad input (a missing or wrong file, an unknown area, year or indicator): the message is one
    line without the file name; the command line prints "report: FILE: message" and exits 2."""


def text(v):
    """A stored string (bytes, str, numpy scalar, 0-d or 1-element array) as str; None as ""."""
    if v is None:
        return ""
    if isinstance(v, np.ndarray):
        if v.size != 1:
            return ", ".join(strings(v))
        v = v.reshape(-1)[0]
    if isinstance(v, (bytes, np.bytes_)):
        return bytes(v).decode("utf-8", "replace")
    return str(v)


def strings(v):
    """A stored list of strings (array of bytes or str, or one string) as a list of str."""
    if v is None:
        return []
    if isinstance(v, (str, bytes, np.bytes_)):
        return [text(v)]
    return [text(x) for x in np.asarray(v).reshape(-1)]


def need(loc, name, what=None):
    """loc[name], or ReportError naming the missing object (what, or name) when absent."""
    try:
        return loc[name]
    except (KeyError, ValueError):
        raise ReportError("not a complete wijksim file: '%s' is missing" % (what or name)) from None


def attr(obj, name, default=None):
    """Attribute name of obj, or default when absent."""
    return obj.attrs[name] if name in obj.attrs else default


def merged_attrs(f, paths):
    """{name: value} of the attributes of the objects at paths in f that exist; where several
    hold a name, the first path's value counts."""
    out = {}
    for p in paths:
        if p in f:
            for k, v in f[p].attrs.items():
                out.setdefault(k, v)
    return out


def indicator_meta(name, attrs):
    """What the report needs to know of indicator name, from its stored attributes (a mapping
    such as h5py's .attrs, or merged_attrs): {"label", "units", "domain", "description",
    "direction"}. wijksim writes label and better from include/wijksim/indicators.def; a file
    written before they existed gives the description as label and direction 0 (terms.label,
    terms.direction), and a file without domain the name's first word."""
    description = text(attrs.get("description"))
    return {"label": terms.label(name, text(attrs.get("label")), description),
            "units": text(attrs.get("units")),
            "domain": text(attrs.get("domain")) or name.split("_")[0],
            "description": description,
            "direction": terms.direction(attrs.get("better"))}


def open_file(path):
    """Opens path read-only and returns (h5py.File, file_kind). Raises ReportError when the file
    is missing, a directory, unreadable, not HDF5, or has no file_kind root attribute (not a
    wijksim file). The caller closes the file."""
    if not os.path.exists(path):
        raise ReportError("no such file")
    if os.path.isdir(path):
        raise ReportError("is a directory, not a results file")
    if not os.access(path, os.R_OK):
        raise ReportError("cannot read the file (permission denied)")
    try:
        ok = h5py.is_hdf5(path)
    except OSError as e:
        raise ReportError("cannot read the file: %s" % e) from None
    if not ok:
        raise ReportError("not an HDF5 file, so not a wijksim results file")
    try:
        f = h5py.File(path, "r", locking=False)
    except (OSError, TypeError):
        try:
            f = h5py.File(path, "r")
        except OSError as e:
            raise ReportError("cannot open the HDF5 file: %s" % e) from None
    kind = text(attr(f, "file_kind"))
    if not kind:
        f.close()
        raise ReportError("not a wijksim results file: the root attribute file_kind is missing")
    return f, kind


@dataclass
class Provenance:
    """Where a results file came from; shown on every page and in every chart."""
    file: str            # the results file as given
    kind: str            # file_kind
    version: str         # wijksim_version
    git_revision: str
    seed: str
    input_file: str      # scenario_file or sweep_file
    input_hash: str      # SHA-256 of that file (scenario_sha256 or sweep_sha256)
    created: str         # when the run started (UTC, as stored)
    finished: str
    command_line: str
    replications: str
    scale: str

    def short(self):
        """One line for chart footers."""
        return "wijksim %s (git %s) · seed %s · input sha256 %s… · run %s · %s" % (
            self.version, self.git_revision, self.seed, self.input_hash[:12], self.created,
            os.path.basename(self.file))


def read_provenance(f, path, kind):
    """The Provenance of an open file (missing attributes become "")."""
    hash_ = attr(f, "scenario_sha256", attr(f, "sweep_sha256"))
    input_file = attr(f, "scenario_file", attr(f, "sweep_file"))
    return Provenance(file=path, kind=kind, version=text(attr(f, "wijksim_version")),
                      git_revision=text(attr(f, "git_revision")), seed=text(attr(f, "seed")),
                      input_file=text(input_file), input_hash=text(hash_),
                      created=text(attr(f, "created")), finished=text(attr(f, "finished")),
                      command_line=text(attr(f, "command_line")),
                      replications=text(attr(f, "replications")), scale=text(attr(f, "scale")))


@dataclass
class Scenario:
    """One scenario of a comparison or run file."""
    name: str            # its name (the `name` attribute)
    summary: str         # link name under /summary
    group: str           # link name under /scenarios ("" when absent)
    description: str
    role: str            # "baseline" or "option"


@dataclass
class Interventions:
    """What a scenario's interventions did: arrays as stored, definitions as dicts of str/number."""
    names: list          # intervention names (dimension order)
    definitions: list    # one dict per intervention (columns of the definitions table)
    participants: np.ndarray   # [replication, year, area, intervention]
    waiting: np.ndarray        # [replication, year, area, intervention], persons in December
    spend: np.ndarray          # [replication, year, area, intervention, payer], EUR
    payers: list         # payer names (dimension order)
    units: dict          # dataset name -> units attribute


def table_rows(ds):
    """The rows of a compound dataset as a list of dicts (strings decoded, numbers as float/int)."""
    out = []
    data = ds[()]
    for row in np.atleast_1d(data):
        d = {}
        for name in data.dtype.names:
            v = row[name]
            if isinstance(v, (bytes, str, np.bytes_)) or data.dtype[name].kind in "OSU":
                d[name] = text(v)
            elif data.dtype[name].kind in "iu":
                d[name] = int(v)
            else:
                d[name] = float(v)
        out.append(d)
    return out


class ResultsFile:
    """An open comparison ("comparison") or single-scenario ("run") file.

    Attributes: prov (Provenance), kind, title, description, years (list of int), area_ids and
    area_names (the simulated areas as stored in /summary/area, Dutch display names), all_label
    (the last /summary/area entry, "all areas"), scenarios (Scenario list, baseline first),
    headlines and headline_units (from /summary's attributes). Construction checks the layout
    and raises ReportError; the object does not own f (the caller closes it)."""

    def __init__(self, f, path, kind):
        if kind not in ("run", "comparison"):
            raise ReportError("unsupported file: file_kind is '%s'" % kind)
        self.f = f
        self.kind = kind
        self.prov = read_provenance(f, path, kind)
        for name in ("input", "scenarios", "year", "area", "replication"):
            need(f, name, "/" + name)
        if "summary" not in f:
            raise ReportError("the file has no /summary (written by an older wijksim?)")
        self.sum = f["summary"]
        self.years = [int(y) for y in need(f, "year", "/year")[()]]
        if not self.years:
            raise ReportError("not a wijksim results file: /year holds no years")
        area = need(self.sum, "area", "/summary/area")
        names = strings(area[()])
        ids = strings(attr(area, "ids", []))
        if len(names) < 2 or len(ids) != len(names):
            raise ReportError("/summary/area is not the areas followed by 'all areas'")
        self.area_names, self.all_label = names[:-1], names[-1]
        self.area_ids = ids[:-1]
        self.title = text(attr(f, "comparison_name")) or text(attr(f, "scenario_name"))
        self.description = text(attr(f, "comparison_description"))
        self.scenarios = self._scenarios()
        self.headlines = strings(attr(self.sum, "headline_indicators"))
        self.headline_units = strings(attr(self.sum, "headline_units"))
        if not self.headlines or len(self.headlines) != len(self.headline_units):
            raise ReportError("/summary lacks its headline_indicators and headline_units")
        self._grids = {}
        self._meta = {}

    def _scenarios(self):
        """The scenarios in the file's order (root attribute `scenarios`, baseline first)."""
        by_name = {}
        for link, obj in self.sum.items():
            if isinstance(obj, h5py.Group):
                by_name[text(attr(obj, "name", link))] = (link, text(attr(obj, "role")))
        groups = {}
        for link, obj in need(self.f, "scenarios", "/scenarios").items():
            groups[text(attr(obj, "name", link))] = (link, text(attr(obj, "description")))
        order = strings(attr(self.f, "scenarios")) or list(by_name)
        base = text(attr(self.sum, "baseline"))
        if base in order:
            order = [base] + [n for n in order if n != base]
        out = []
        for k, name in enumerate(order):
            if name not in by_name:
                raise ReportError("scenario '%s' has no /summary group" % name)
            link, role = by_name[name]
            group, desc = groups.get(name, ("", ""))
            out.append(Scenario(name=name, summary=link, group=group, description=desc,
                                role=role or ("baseline" if k == 0 else "option")))
        if not out:
            raise ReportError("the file's /summary holds no scenarios")
        return out

    @property
    def baseline(self):
        """The baseline Scenario (the first)."""
        return self.scenarios[0]

    @property
    def options(self):
        """The option Scenarios (all but the first; empty for a run file)."""
        return self.scenarios[1:]

    def has_indicator(self, indicator):
        """True when /summary holds indicator for the baseline."""
        return indicator in self.sum[self.baseline.summary]

    def grid(self, scen, indicator, stat):
        """/summary/<scen>/<indicator>/<stat> as float64 [year, area + 1] (cached)."""
        key = (scen.summary, indicator, stat)
        if key not in self._grids:
            path = "%s/%s/%s" % (scen.summary, indicator, stat)
            g = np.asarray(need(self.sum, path, "/summary/" + path)[()], dtype=float)
            if g.shape != (len(self.years), len(self.area_names) + 1):
                raise ReportError("summary dataset '/summary/%s' is not [year, area + 1]" % path)
            self._grids[key] = g
        return self._grids[key]

    def indicator_meta(self, indicator):
        """indicator_meta of an indicator, from the attributes of its baseline /summary group
        and, for any it lacks, of the baseline's /scenarios dataset (cached)."""
        if indicator not in self._meta:
            paths = ["summary/%s/%s" % (self.baseline.summary, indicator)]
            if self.baseline.group:
                paths.append("scenarios/%s/indicators/%s" % (self.baseline.group, indicator))
            self._meta[indicator] = indicator_meta(indicator, merged_attrs(self.f, paths))
        return self._meta[indicator]

    def indicator_attr(self, indicator, name):
        """One entry of indicator_meta (label, direction, units, description, domain)."""
        return self.indicator_meta(indicator)[name]

    def ce_rows(self, scen):
        """The rows of /summary/<option>/cost_effectiveness (dicts; [] when absent)."""
        g = self.sum[scen.summary]
        return table_rows(g["cost_effectiveness"]) if "cost_effectiveness" in g else []

    def column(self, area_id):
        """The /summary column of an area id ("all" or None: the all-areas column). Raises
        ReportError for an id not in the file."""
        if area_id in (None, "all"):
            return len(self.area_names)
        if area_id not in self.area_ids:
            raise ReportError("area '%s' is not in this file (its areas: %s)"
                              % (area_id, ", ".join(self.area_ids)))
        return self.area_ids.index(area_id)

    def column_label(self, col):
        """Display name of a /summary column."""
        return self.all_label if col == len(self.area_names) else self.area_names[col]

    def year_indices(self, years):
        """Indices of calendar years; None or []: years 5 and 10 of the horizon (when before its
        last year) and the last year, as `wijksim summary`. Raises ReportError for a year not in
        the file."""
        return pick_years(self.years, years)

    def packages(self, scen):
        """The rows of /scenarios/<scen>/packages ([] when absent)."""
        path = "scenarios/%s/packages" % scen.group
        return table_rows(self.f[path]) if scen.group and path in self.f else []

    def interventions(self, scen):
        """The Interventions of a scenario, or None when it has none."""
        path = "scenarios/%s/interventions" % scen.group
        if not scen.group or path not in self.f:
            return None
        g = self.f[path]
        arrays = {k: np.asarray(need(g, k, "/" + path + "/" + k)[()], dtype=float)
                  for k in ("participants", "waiting", "spend")}
        payers = strings(self.f["payer"][()]) if "payer" in self.f else []
        return Interventions(names=strings(need(g, "intervention")[()]),
                             definitions=table_rows(need(g, "definitions")),
                             payers=payers,
                             units={k: text(attr(g[k], "units")) for k in arrays},
                             **arrays)


def pick_years(years, wanted):
    """Indices into years of the calendar years wanted (None or []: indices 4 and 9 when before
    the last, then the last, as `wijksim summary`). Raises ReportError for a year not in years."""
    if wanted:
        out = []
        for y in wanted:
            if y not in years:
                raise ReportError("year %d is not in this file (%d..%d)" % (y, years[0], years[-1]))
            out.append(years.index(y))
        return out
    out = [k for k in (4, 9) if k < len(years) - 1]
    return out + [len(years) - 1]


def finite(v):
    """v as a float, or None when it is NaN (infinities stay, as float)."""
    v = float(v)
    return None if math.isnan(v) else v
