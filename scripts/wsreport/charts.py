"""charts.py: the report's PNG charts (matplotlib, headless Agg backend).

Every chart has a title, labelled axes with units, a legend, the Okabe-Ito colour-blind-safe
palette (with line styles as a second cue) and a footer with the file's provenance. Each function
writes one PNG and returns a Chart describing it; none keeps state between calls.
"""
import math
import os
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after choosing the backend)
from matplotlib.legend_handler import HandlerTuple  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from . import terms  # noqa: E402

# Okabe & Ito (2008), "Color Universal Design"
BLACK, ORANGE, SKY, GREEN = "#000000", "#E69F00", "#56B4E9", "#009E73"
YELLOW, BLUE, VERMILLION, PURPLE = "#F0E442", "#0072B2", "#D55E00", "#CC79A7"
SERIES = [ORANGE, BLUE, GREEN, VERMILLION, PURPLE, SKY, YELLOW, BLACK]
STYLES = ["-", "--", "-.", ":"]
BASE_BAND = "#BBBBBB"
DPI = 100

plt.rcParams.update({"font.family": "DejaVu Sans", "font.size": 9, "axes.titlesize": 10,
                     "figure.titlesize": 12, "legend.fontsize": 8, "axes.grid": True,
                     "grid.color": "#DDDDDD", "grid.linewidth": 0.6})


@dataclass
class Chart:
    """A written chart: id (unique in the report), file (name in the charts folder), title and
    alt text (what it shows, for screen readers), key (the indicator or scenario charted, to
    place it on the page), pixel size."""
    id: str
    file: str
    title: str
    alt: str
    key: str = ""
    width: int = 0
    height: int = 0


def style(k):
    """(colour, line style) of series k: the palette first, then line styles."""
    return SERIES[k % len(SERIES)], STYLES[(k // len(SERIES)) % len(STYLES)]


def _grid(n, ncols=3, w=4.3, h=3.2):
    """A figure with n panels in at most ncols columns; returns (fig, list of n axes)."""
    ncols = max(1, min(ncols, n))
    nrows = int(math.ceil(n / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(w * ncols, h * nrows + 1.0), squeeze=False)
    flat = [a for row in axes for a in row]
    for a in flat[n:]:
        a.set_visible(False)
    return fig, flat[:n]


def _save(fig, folder, chart, prov):
    """Adds the provenance footer, writes folder/chart.file, closes fig; returns chart with its
    pixel size."""
    fig.text(0.01, 0.005, prov.short(), fontsize=7, color="#555555", ha="left", va="bottom")
    fig.tight_layout(rect=(0, 0.03, 1, 0.95))
    path = os.path.join(folder, chart.file)
    fig.savefig(path, dpi=DPI, facecolor="white")
    plt.close(fig)
    chart.width, chart.height = png_size(path)
    return chart


def png_size(path):
    """(width, height) in pixels of a PNG file, from its IHDR chunk."""
    with open(path, "rb") as fh:
        head = fh.read(24)
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


def _fan(ax, years, lo, mid, hi, colour, ls, alpha, band_colour=None):
    """Draws a median line (colour, line style ls) and its band (band_colour or colour, with
    alpha); returns the legend handle (band patch, line)."""
    band_colour = band_colour or colour
    ax.fill_between(years, lo, hi, color=band_colour, alpha=alpha, linewidth=0, zorder=1)
    # the baseline's median (black) stays on top of the options' bands and lines
    (line,) = ax.plot(years, mid, color=colour, linestyle=ls, linewidth=1.8,
                      zorder=4 if colour == BLACK else 3)
    return (Patch(facecolor=band_colour, alpha=alpha), line)


def _legend(ax, handles, labels, loc="best"):
    ax.legend(handles, labels, handler_map={tuple: HandlerTuple(ndivide=None, pad=0)}, loc=loc,
              framealpha=0.85)


def _years_axis(ax, years):
    ax.set_xlabel("year")
    ax.set_xlim(years[0], years[-1])
    ax.xaxis.get_major_locator().set_params(integer=True)


def fan_chart(folder, chart, prov, years, units, base, options, where):
    """One indicator: a panel per option with the option's and the baseline's median and 90 %
    band over the years, then (when there are options) a panel of every option's difference to
    the baseline (median and 90 % band). base and each option are (name, p05, p50, p95) with
    option entries (name, p05, p50, p95, d05, d50, d95). For a run file, options is empty and
    the one panel shows base alone. where names the area(s). Returns the Chart."""
    n = max(1, len(options)) + (1 if options else 0)
    fig, axes = _grid(n)
    fig.suptitle("%s — %s" % (chart.title, where))
    bname, b05, b50, b95 = base
    lows, highs = [min(b05)], [max(b95)]
    for k, o in enumerate(options):
        ax = axes[k]
        c, ls = style(k)
        hb = _fan(ax, years, b05, b50, b95, BLACK, "--", 0.55, BASE_BAND)
        ho = _fan(ax, years, o[1], o[2], o[3], c, ls, 0.3)
        lows.append(min(o[1]))
        highs.append(max(o[3]))
        ax.set_title("%s vs %s" % (o[0], bname))
        ax.set_ylabel(units)
        _years_axis(ax, years)
        _legend(ax, [ho, hb], ["%s: median, 90 %% band" % o[0], "%s (baseline)" % bname])
    if not options:
        ax = axes[0]
        h = _fan(ax, years, b05, b50, b95, BLUE, "-", 0.3)
        ax.set_title(bname)
        ax.set_ylabel(units)
        _years_axis(ax, years)
        _legend(ax, [h], ["%s: median, 90 %% band" % bname])
    lo, hi = min(lows), max(highs)
    if math.isfinite(lo) and math.isfinite(hi):
        pad = 0.05 * (hi - lo) if hi > lo else max(abs(hi) * 0.05, 1e-9)
        for ax in axes[:max(1, len(options))]:
            ax.set_ylim(lo - pad, hi + pad)
    if options:
        ax = axes[-1]
        ax.axhline(0, color=BLACK, linewidth=0.9)
        handles = []
        for k, o in enumerate(options):
            c, ls = style(k)
            handles.append(_fan(ax, years, o[4], o[5], o[6], c, ls, 0.2))
        ax.set_title("difference to %s (median, 90 %% band)" % bname)
        ax.set_ylabel("difference, %s" % ("percentage points" if terms.is_percent(units)
                                           else units))
        _years_axis(ax, years)
        _legend(ax, handles, [o[0] for o in options])
    return _save(fig, folder, chart, prov)


def escalator_chart(folder, chart, prov, years, panels, where):
    """The escalator check: one panel per indicator (income gap of movers out minus in, moving
    out, moving in), each with every scenario's median and 90 % band. panels is a list of
    (title, units, [(scenario, p05, p50, p95), ...]), the baseline first."""
    fig, axes = _grid(len(panels))
    fig.suptitle("%s — %s" % (chart.title, where))
    for ax, (title, units, series) in zip(axes, panels):
        handles = []
        for k, (name, lo, mid, hi) in enumerate(series):
            if k == 0:
                handles.append(_fan(ax, years, lo, mid, hi, BLACK, "--", 0.45, BASE_BAND))
            else:
                c, ls = style(k - 1)
                handles.append(_fan(ax, years, lo, mid, hi, c, ls, 0.15))
        ax.set_title(title)
        ax.set_ylabel(units)
        _years_axis(ax, years)
        _legend(ax, handles, [s[0] + (" (baseline)" if k == 0 else "")
                              for k, s in enumerate(series)])
    return _save(fig, folder, chart, prov)


def interventions_chart(folder, chart, prov, years, names, counts, participants, waiting,
                        spend, payers):
    """One option's interventions, all areas, mean over replications: participants per year
    (persons and dwellings; level programmes are left out of this panel), the waiting list in
    December, and spend per year stacked by payer (EUR mln). participants and waiting are
    [year, intervention], spend [year, payer]."""
    fig, axes = _grid(3)
    fig.suptitle(chart.title)
    panels = [(axes[0], participants, "new participants per year", "persons (dwellings) per year",
               lambda k: counts[k] != "level"),
              (axes[1], waiting, "waiting list in December", "persons",
               lambda k: counts[k] == "persons")]
    for ax, data, title, units, keep in panels:
        shown = [k for k in range(len(names)) if keep(k)]
        for j, k in enumerate(shown):
            c, ls = style(j)
            ax.plot(years, data[:, k], color=c, linestyle=ls, linewidth=1.8, label=names[k])
        ax.set_title(title)
        ax.set_ylabel(units)
        _years_axis(ax, years)
        if shown:
            ax.legend(loc="best", framealpha=0.85)
        else:
            ax.text(0.5, 0.5, "no such programmes", ha="center", transform=ax.transAxes)
    ax = axes[2]
    colours = [style(k)[0] for k in range(len(payers))]
    ax.stackplot(years, *(spend[:, p] / 1e6 for p in range(len(payers))), labels=payers,
                 colors=colours, alpha=0.85)
    ax.set_title("spend per year by payer")
    ax.set_ylabel("EUR mln per year")
    _years_axis(ax, years)
    ax.legend(loc="upper left", framealpha=0.85)
    return _save(fig, folder, chart, prov)


def sweep_chart(folder, chart, prov, units, year, factors, groups):
    """One headline indicator of a sweep: a panel per factor with the design points' mean and
    90 % band (p05-p95 error bars) at one year against the factor's value. factors is a list of
    (name, x per point, tick labels or None, mean, p05, p95 per point); groups maps a factor
    name to (group index per point, group labels, grouping factor's name) to draw the points
    of each value of another factor as one coloured line, or is None."""
    fig, axes = _grid(len(factors), ncols=3, w=4.3, h=3.3)
    fig.suptitle("%s — %d" % (chart.title, year))
    for ax, (fname, x, ticks, mean, lo, hi) in zip(axes, factors):
        gidx, glabels, gname = groups.get(fname, (None, None, None)) if groups else \
            (None, None, None)
        sets = [(None, list(range(len(x))))] if gidx is None else \
            [(lab, [p for p in range(len(x)) if gidx[p] == g]) for g, lab in enumerate(glabels)]
        span = (max(x) - min(x)) or 1.0
        for j, (lab, pts) in enumerate(sets):
            pts = sorted(pts, key=lambda p: x[p])
            c, ls = style(j)
            # groups side by side (dodged by 1.5 % of the axis) so equal values stay visible
            dodge = (j - (len(sets) - 1) / 2) * 0.015 * span
            xs = [x[p] + dodge for p in pts]
            ys = [mean[p] for p in pts]
            err = [[mean[p] - lo[p] for p in pts], [hi[p] - mean[p] for p in pts]]
            ax.errorbar(xs, ys, yerr=err, color=c, linestyle=ls if gidx is not None else "none",
                        marker="o", markersize=4, capsize=3, linewidth=1.2,
                        label=lab if lab is not None else "point mean, 90 % band")
        if ticks:
            ax.set_xticks(range(len(ticks)))
            ax.set_xticklabels(ticks, rotation=20)
        else:
            distinct = sorted(set(x))
            if len(distinct) <= 8:
                ax.set_xticks(distinct)
            ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: terms.short(v)))
        ax.set_xlabel(fname)
        ax.set_ylabel(units)
        ax.set_title("against %s" % fname)
        ax.legend(loc="best", framealpha=0.85, title=gname)
    return _save(fig, folder, chart, prov)
