"""terms.py: the words and number formats of the report — plain labels of indicators and domains
in Dutch-policy terms, which way is better, and how numbers, money and bands are written.

The file stores indicator names, units and descriptions; which direction counts as better is not
stored (sim/base/summary.c's headline table holds it for the headline indicators), so DIRECTION below
states it for every indicator of include/wijksim/indicators.def. An indicator missing here gets
its file description as label and no direction (its differences are called "higher"/"lower").
"""
import math

# indicator -> (plain label with the Dutch policy term, +1 more is better / -1 less is better)
INDICATORS = {
    "population": ("Residents (inwoners)", 0),
    "households": ("Households (huishoudens)", 0),
    "edu_early_school_leaving": ("Early school leaving (voortijdig schoolverlaten)", -1),
    "edu_basic_qualification": ("Young adults with a basic qualification (startkwalificatie)", +1),
    "edu_achievement": ("School achievement at age 12 (leerprestaties)", +1),
    "edu_low_advice": ("Low school advice, vmbo basis/kader (schooladvies)", -1),
    "work_employment_rate": ("Employment 18-66 (arbeidsparticipatie)", +1),
    "work_unemployment_rate": ("Unemployment (werkloosheid)", -1),
    "work_bijstand_households": ("Households on social assistance (bijstand)", -1),
    "work_low_income_households": ("Low-income households (laag inkomen)", -1),
    "work_problem_debt_households": ("Households with problematic debt (problematische schulden)",
                                     -1),
    "work_child_poverty": ("Children growing up in poverty (kinderarmoede)", -1),
    "work_mean_household_income": ("Mean household income (besteedbaar inkomen)", +1),
    "safety_crime_per_1000": ("Registered crime (geregistreerde criminaliteit)", -1),
    "safety_youth_offending": ("Young people who offend (jeugdcriminaliteit)", -1),
    "safety_network_members": ("Young adults in criminal networks (ondermijning)", -1),
    "safety_undermining_index": ("Undermining index (ondermijning)", -1),
    "safety_feel_unsafe": ("Feeling unsafe (onveiligheidsgevoel)", -1),
    "safety_victimisation": ("Victims of crime (slachtofferschap)", -1),
    "housing_quality_index": ("Dwelling quality (woningkwaliteit)", +1),
    "housing_social_rent_share": ("Social rent share (sociale huur)", 0),
    "housing_moves_out_rate": ("Households moving out (vertrekkers)", 0),
    "housing_moves_in_rate": ("Households moving in (vestigers)", 0),
    "housing_income_gap_movers": ("Income of movers out minus movers in (roltrapeffect)", -1),
    "housing_vacancy_rate": ("Vacant dwellings (leegstand)", -1),
    "health_good_selfrated": ("Good self-rated health (ervaren gezondheid)", +1),
    "health_psych_distress": ("Psychological distress (psychische klachten)", -1),
    "health_lonely": ("Severe loneliness (eenzaamheid)", -1),
    "health_mortality_per_1000": ("Mortality (sterfte)", -1),
    "liveability_score": ("Liveability, Leefbaarometer score (leefbaarheid)", +1),
    "liveability_class": ("Liveability class 1-9 (Leefbaarometer)", +1),
    "social_cohesion": ("Social cohesion (sociale samenhang)", +1),
}

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

# Headline indicators of a file whose /summary does not list them (sweep files, h5_sweep.h):
# the list of sim/base/summary.c, in its order.
# Evidence levels of the catalogue (include/wijksim/intervention.h) that earn a warning.
WEAK_EVIDENCE = ("weak", "none", "")


def label(indicator, description=""):
    """Plain label of an indicator (its description, capitalised, when not in INDICATORS)."""
    if indicator in INDICATORS:
        return INDICATORS[indicator][0]
    if description:
        return description[0].upper() + description[1:]
    return indicator


def direction(indicator):
    """+1 when more is better, -1 when less is better, 0 when neither (or unknown)."""
    return INDICATORS.get(indicator, ("", 0))[1]


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


def num(v, digits=3):
    """A number for a table: '–' for None/NaN, '∞' for infinity, else `digits` significant
    digits with thousands separators for large values and a minus sign (U+2212)."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "–"
    if isinstance(v, int):
        return ("−" if v < 0 else "") + "{:,}".format(abs(v))
    if math.isinf(v):
        return "∞" if v > 0 else "−∞"
    a = abs(v)
    if a >= 10 ** digits:
        s = "{:,.0f}".format(a)
    elif a == 0:
        s = "0"
    else:
        decimals = max(0, digits - 1 - int(math.floor(math.log10(a))))
        s = "{:,.{}f}".format(a, decimals)
    return ("−" if v < 0 and s.strip("0.,") else "") + s


def short(v):
    """A compact number for axis ticks: '1.5 mln', '250k', '2 bn', '0.35'."""
    for scale, suffix in ((1e9, " bn"), (1e6, " mln"), (1e3, "k"), (0, "")):
        if abs(v) >= scale:
            s = num(v / scale if scale else v, 3)
            return (s.rstrip("0").rstrip(".") if "." in s else s) + suffix
    return num(v, 3)


def signed(v, digits=3):
    """As num, with '+' before positive values."""
    s = num(v, digits)
    return "+" + s if v is not None and not math.isnan(v) and v > 0 and s != "0" else s


def eur(v):
    """Money: 'EUR 3.40 bn', 'EUR 45.6 mln', 'EUR 12,345'; '–' for None/NaN."""
    if v is None or math.isnan(v):
        return "–"
    if math.isinf(v):
        return "EUR ∞"
    a = abs(v)
    sign = "−" if v < 0 else ""
    if a >= 1e9:
        return "EUR %s%.2f bn" % (sign, a / 1e9)
    if a >= 1e6:
        return "EUR %s%.3g mln" % (sign, a / 1e6)
    return "EUR " + sign + "{:,.0f}".format(a)


def diff_text(v, units, digits=3):
    """A difference with its unit: '−0.71 pp' for percentages, else '+1.2 index 0-100'."""
    if is_percent(units):
        return signed(v, digits) + " pp"
    return signed(v, digits) + (" " + units if units else "")


def band(lo, hi, digits=3):
    """A 90 % band '[lo, hi]' with signs."""
    return "[%s, %s]" % (signed(lo, digits), signed(hi, digits))


def contains_zero(lo, hi):
    """True when the band [lo, hi] contains zero or is undefined."""
    if lo is None or hi is None or math.isnan(lo) or math.isnan(hi):
        return True
    return lo <= 0 <= hi


def verdict(indicator, lo, hi):
    """'better', 'worse' or 'not distinguishable from zero' for a difference band; 'higher' or
    'lower' when the indicator has no better direction."""
    if contains_zero(lo, hi):
        return "not distinguishable from zero"
    d = direction(indicator)
    up = lo > 0
    if d == 0:
        return "higher" if up else "lower"
    return "better" if (up and d > 0) or (not up and d < 0) else "worse"
