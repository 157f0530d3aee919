"""terms.py: the words and number formats of the report — domain headings, indicator labels and
directions from the results file's attributes, verdicts, and how numbers, money and bands are
written. Pure Python (no numpy or h5py), so it can be tested alone (tests/report_unit_test.py).

Labels and directions are not kept here: wijksim writes them from include/wijksim/indicators.def
into every results file (attributes `label` and `better` of each indicator; h5read.indicator_meta
reads them). A file written before those attributes existed gives label() the description and
direction() nothing, so its differences are called "higher"/"lower", never better or worse.

Number formats (all use U+2212 for minus and U+2013 for a missing value):
  num      significant digits: 0.0123, 1.50, 12.3; whole numbers with thousands separators from
           10**digits on (1,235; 999.95 rounds to 1,000); below 1e-4 or from 1e15 on scientific
           (1.20e−5); integers exactly (12,345); zero (also -0.0) as 0; '∞', '−∞'; '–' for None
           or NaN
  short    axis ticks: '1.5 mln', '250k', '2 bn', '0.35' (the scale chosen after rounding, so
           999,999 is '1 mln')
  signed   as num, '+' before positive values
  eur      'EUR 3.40 bn', 'EUR 45.6 mln', 'EUR 12,345' (the unit chosen after rounding)
"""
import math

# domain attribute -> heading, in the report's order
DOMAINS = [
    ("education", "School (onderwijs)"),
    ("work", "Work, income and debt (werk, inkomen en schulden)"),
    ("safety", "Safety and undermining (veiligheid en ondermijning)"),
    ("housing", "Housing (wonen)"),
    ("health", "Health (gezondheid)"),
    ("liveability", "Liveability (leefbaarheid)"),
    ("demography", "Population (bevolking)"),
]

# Shown with the headline indicators when present: one key indicator for the domains that have
# no headline (housing, liveability).
EXTRA_CHARTS = ["housing_quality_index", "liveability_score"]

# Evidence levels of the catalogue (include/wijksim/intervention.h) that earn a warning.
WEAK_EVIDENCE = ("weak", "none", "")

MINUS = "\u2212"
MISSING = "\u2013"
SCIENTIFIC_BELOW = 1e-4   # num writes smaller magnitudes in scientific notation ...
SCIENTIFIC_FROM = 1e15    # ... and these and larger ones too


def label(name, stored="", description=""):
    """The label of indicator name: its stored `label` attribute; for a file without one, its
    description with a capital first letter, else the name itself."""
    if stored:
        return stored
    if description:
        return description[0].upper() + description[1:]
    return name


def direction(better):
    """+1 when more is better, -1 when less is better, 0 when neither, from the stored `better`
    attribute (any integer-like value; its sign counts). None (no attribute: an older file) or
    anything that is not a whole number gives 0."""
    if better is None or isinstance(better, bool):
        return 0
    try:
        f = float(better)
    except (TypeError, ValueError):
        return 0
    if not math.isfinite(f) or f != int(f):
        return 0
    return (f > 0) - (f < 0)


def domain_title(domain):
    """Heading of a domain attribute value."""
    return dict(DOMAINS).get(domain, domain.capitalize() if domain else "Other")


def domain_rank(domain):
    """Sort key of a domain in the report's order."""
    names = [d for d, _ in DOMAINS]
    return names.index(domain) if domain in names else len(names)


def is_percent(units):
    """True when units are a percentage (differences are then percentage points)."""
    return units.strip().startswith("%")


def _missing(v):
    """True for None and NaN (of any real type)."""
    if v is None:
        return True
    try:
        return math.isnan(v)
    except TypeError:
        return False


def _is_integer(v):
    """True for Python and numpy integers (not bool, not floats that happen to be whole)."""
    return not isinstance(v, bool) and hasattr(v, "__index__")


def _scientific(a, digits):
    """a > 0 as 'm.mme±x' with digits significant digits and U+2212 in a negative exponent."""
    mant, exp = ("%.*e" % (digits - 1, a)).split("e")
    return "%se%s" % (mant, str(int(exp)).replace("-", MINUS))


def num(v, digits=3):
    """A number for a table (see the top of this file for the rules)."""
    if _missing(v):
        return MISSING
    if _is_integer(v):
        v = int(v)
        return (MINUS if v < 0 else "") + "{:,}".format(abs(v))
    v = float(v)
    if math.isinf(v):
        return "∞" if v > 0 else MINUS + "∞"
    if v == 0:
        return "0"
    a = abs(v)
    exp = int(("%.*e" % (digits - 1, a)).split("e")[1])   # of a rounded to digits places
    if exp < math.log10(SCIENTIFIC_BELOW) or exp >= math.log10(SCIENTIFIC_FROM):
        s = _scientific(a, digits)
    elif exp >= digits:
        s = "{:,.0f}".format(a)
    else:
        s = "{:,.{}f}".format(a, digits - 1 - exp)
    return (MINUS if v < 0 else "") + s


def _trim(s):
    """s without trailing zeros after its decimal point (in the mantissa of 1.50e−5 too)."""
    mant, e, exp = s.partition("e")
    if "." in mant:
        mant = mant.rstrip("0").rstrip(".")
    return mant + e + exp


def short(v):
    """A compact number for axis ticks (see the top of this file)."""
    if _missing(v) or math.isinf(float(v)):
        return num(v)
    a = float("%.2e" % abs(float(v)))   # the magnitude as shown, to pick the scale
    for scale, suffix in ((1e9, " bn"), (1e6, " mln"), (1e3, "k")):
        if a >= scale:
            return _trim(num(float(v) / scale, 3)) + suffix
    return _trim(num(float(v), 3))


def signed(v, digits=3):
    """As num, with '+' before positive values ('+∞' too); zero stays '0'."""
    s = num(v, digits)
    return "+" + s if not _missing(v) and v > 0 else s


def eur(v):
    """Money (see the top of this file); 'EUR ∞' / 'EUR −∞' for infinities, '–' for None/NaN."""
    if _missing(v):
        return MISSING
    v = float(v)
    sign = MINUS if v < 0 else ""
    if math.isinf(v):
        return "EUR " + sign + "∞"
    a = abs(v)
    if float("%.3g" % (a / 1e6)) >= 1000:
        return "EUR %s%s bn" % (sign, "{:,.2f}".format(a / 1e9))
    if float("%.0f" % a) >= 1e6:
        return "EUR %s%.3g mln" % (sign, a / 1e6)
    whole = "{:,.0f}".format(a)
    return "EUR " + (sign if whole != "0" else "") + whole


def diff_text(v, units, digits=3):
    """A difference with its unit: '−0.710 pp' for percentages (percentage points), else
    '+1.20 index 0-100'; '–' alone for None/NaN."""
    if _missing(v):
        return MISSING
    if is_percent(units):
        return signed(v, digits) + " pp"
    return signed(v, digits) + (" " + units if units else "")


def band(lo, hi, digits=3):
    """A 90 % band '[lo, hi]' with signs."""
    return "[%s, %s]" % (signed(lo, digits), signed(hi, digits))


def contains_zero(lo, hi):
    """True when the band [lo, hi] contains zero or is undefined (a bound None or NaN)."""
    if _missing(lo) or _missing(hi):
        return True
    return lo <= 0 <= hi


def verdict(direction_, lo, hi):
    """The verdict on a difference whose 90 % band is [lo, hi], for an indicator of direction
    direction_ (+1 more is better, -1 less is better, 0 neither): 'not distinguishable from
    zero' when the band contains zero; else 'better' or 'worse', or for direction 0 'higher'
    or 'lower'."""
    if contains_zero(lo, hi):
        return "not distinguishable from zero"
    up = lo > 0
    if direction_ == 0:
        return "higher" if up else "lower"
    return "better" if up == (direction_ > 0) else "worse"
