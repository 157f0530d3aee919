#!/usr/bin/python3
"""report_unit_test.py: unit tests of the board report's words and numbers (scripts/wsreport):
terms.py's number formats (num, short, signed, eur, diff_text, band), its verdict rules
(contains_zero, verdict, direction, label) and h5read's reading of an indicator's label and
direction from a file's attributes.

Fixed inputs, exact expected strings, edge cases included: None and NaN, infinities, negative
zero, rounding across a power of ten (9.9996, 999.95), thresholds of the money units and of
scientific notation, tiny and huge values. Minus is U+2212 and a missing value U+2013, as on
the page.

    /usr/bin/python3 tests/report_unit_test.py [Class.test ...]

tests/report_unit.cmake registers each test method as its own ctest, report_unit.<Class>.<test>
(labels unit, report). Needs Debian's /usr/bin/python3 with python3-h5py and python3-numpy.
"""
import os
import sys
import tempfile
import unittest

SRC = os.environ.get("WS_SRC_DIR", os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(SRC, "scripts"))

import h5py  # noqa: E402
import numpy as np  # noqa: E402

from wsreport import h5read, terms  # noqa: E402

NAN = float("nan")
INF = float("inf")
M = "\u2212"   # minus sign
D = "\u2013"   # missing value


class Case(unittest.TestCase):
    """Checks f(*args) == want for each (args, want), naming the failing input."""

    def table(self, f, rows):
        for args, want in rows:
            with self.subTest(args=args):
                self.assertEqual(f(*args), want, "%s%r" % (f.__name__, tuple(args)))


class TestNum(Case):
    def test_missing_and_infinite(self):
        self.table(terms.num, [((None,), D), ((NAN,), D), ((np.float32("nan"),), D),
                               ((np.float64("nan"),), D), ((INF,), "∞"), ((-INF,), M + "∞")])

    def test_zero_and_negative_zero(self):
        self.table(terms.num, [((0.0,), "0"), ((-0.0,), "0"), ((0,), "0"),
                               ((np.float64(-0.0),), "0")])

    def test_integers_exact(self):
        self.table(terms.num, [((12345,), "12,345"), ((-7,), M + "7"),
                               ((np.int64(1234567),), "1,234,567"), ((np.int8(-3),), M + "3")])

    def test_significant_digits(self):
        self.table(terms.num, [((1.5,), "1.50"), ((0.0123,), "0.0123"), ((12.345,), "12.3"),
                               ((-12.345,), M + "12.3"), ((1.23456, 4), "1.235"),
                               ((0.5, 1), "0.5"), ((np.float32(2.5),), "2.50")])

    def test_rounding_across_a_power_of_ten(self):
        self.table(terms.num, [((9.9996,), "10.0"), ((0.99996,), "1.00"), ((99.95,), "100"),
                               ((999.4,), "999"), ((999.95,), "1,000"), ((-999.95,), M + "1,000"),
                               ((0.96, 1), "1"), ((9.6, 1), "10")])

    def test_large_values_whole_with_separators(self):
        self.table(terms.num, [((1234.56,), "1,235"), ((123456.7,), "123,457"),
                               ((123456789012345.0,), "123,456,789,012,345")])

    def test_tiny_and_huge_values_scientific(self):
        self.table(terms.num, [((1e-4,), "0.000100"), ((9.99e-5,), "9.99e" + M + "5"),
                               ((0.0000999996,), "0.000100"), ((0.0000123,), "1.23e" + M + "5"),
                               ((-1.5e-10,), M + "1.50e" + M + "10"),
                               ((5e-324,), "4.94e" + M + "324"), ((1e15,), "1.00e15"),
                               ((999999999999999.9,), "1.00e15"), ((-2.5e300,), M + "2.50e300")])


class TestShort(Case):
    def test_scales(self):
        self.table(terms.short, [((1.5e6,), "1.5 mln"), ((250000,), "250k"), ((2e9,), "2 bn"),
                                 ((0.35,), "0.35"), ((100,), "100"), ((1000,), "1k"),
                                 ((-1500,), M + "1.5k"), ((1e12,), "1,000 bn")])

    def test_scale_chosen_after_rounding(self):
        self.table(terms.short, [((999999,), "1 mln"), ((999.6,), "1k"), ((999.4,), "999"),
                                 ((999999999.0,), "1 bn")])

    def test_edges(self):
        self.table(terms.short, [((0,), "0"), ((-0.0,), "0"), ((INF,), "∞"), ((-INF,), M + "∞"),
                                 ((NAN,), D), ((None,), D), ((1.5e-5,), "1.5e" + M + "5"),
                                 ((1e-10,), "1e" + M + "10")])


class TestSigned(Case):
    def test_signs(self):
        self.table(terms.signed, [((1.5,), "+1.50"), ((-1.5,), M + "1.50"), ((3,), "+3"),
                                  ((2e-5,), "+2.00e" + M + "5"), ((999.95,), "+1,000"),
                                  ((0.006033, 4), "+0.006033")])

    def test_zero_has_no_sign(self):
        self.table(terms.signed, [((0.0,), "0"), ((-0.0,), "0"), ((0,), "0")])

    def test_missing_and_infinite(self):
        self.table(terms.signed, [((None,), D), ((NAN,), D), ((INF,), "+∞"), ((-INF,), M + "∞")])


class TestEur(Case):
    def test_units(self):
        self.table(terms.eur, [((3.4e9,), "EUR 3.40 bn"), ((45.6e6,), "EUR 45.6 mln"),
                               ((2e6,), "EUR 2 mln"), ((-2.5e6,), "EUR " + M + "2.5 mln"),
                               ((12345,), "EUR 12,345"), ((12345.6,), "EUR 12,346"),
                               ((-12345,), "EUR " + M + "12,345"), ((1.5e12,), "EUR 1,500.00 bn")])

    def test_unit_chosen_after_rounding(self):
        self.table(terms.eur, [((999999.4,), "EUR 999,999"), ((999999.6,), "EUR 1 mln"),
                               ((999.4e6,), "EUR 999 mln"), ((999.96e6,), "EUR 1.00 bn")])

    def test_zero_and_negative_zero(self):
        self.table(terms.eur, [((0,), "EUR 0"), ((-0.0,), "EUR 0"), ((-0.4,), "EUR 0")])

    def test_missing_and_infinite(self):
        self.table(terms.eur, [((None,), D), ((NAN,), D), ((INF,), "EUR ∞"),
                               ((-INF,), "EUR " + M + "∞")])


class TestDiffText(Case):
    def test_percentage_points(self):
        self.table(terms.diff_text, [((-0.71, "% of households"), M + "0.710 pp"),
                                     ((INF, "% x"), "+∞ pp"), ((-0.0, " % of minors"), "0 pp")])

    def test_other_units(self):
        self.table(terms.diff_text, [((1.2, "index 0-100"), "+1.20 index 0-100"),
                                     ((0.0, "persons"), "0 persons"), ((2.0, ""), "+2.00"),
                                     ((-1234.5678, "EUR per month"), M + "1,235 EUR per month")])

    def test_missing(self):
        self.table(terms.diff_text, [((None, "%"), D), ((NAN, "persons"), D)])


class TestBand(Case):
    def test_bands(self):
        self.table(terms.band, [((-1.716, -1.422), "[%s1.72, %s1.42]" % (M, M)),
                                ((0, 0.0163), "[0, +0.0163]"),
                                ((-0.0, 2e-5), "[0, +2.00e%s5]" % M),
                                ((-INF, INF), "[%s∞, +∞]" % M),
                                ((-0.1053, -0.007086, 4), "[%s0.1053, %s0.007086]" % (M, M))])

    def test_missing_bounds(self):
        self.table(terms.band, [((None, 1.0), "[%s, +1.00]" % D), ((-2, None), "[%s2, %s]" % (M, D)),
                                ((NAN, NAN), "[%s, %s]" % (D, D))])


class TestContainsZero(Case):
    def test_bands_with_zero(self):
        self.table(terms.contains_zero, [((-1, 1), True), ((0, 1), True), ((-1, 0), True),
                                         ((-0.0, 1), True), ((0.0, 0.0), True),
                                         ((-INF, INF), True)])

    def test_bands_without_zero(self):
        self.table(terms.contains_zero, [((0.1, 1), False), ((-1, -0.1), False),
                                         ((5e-324, 1), False), ((-INF, -1), False),
                                         ((1, INF), False)])

    def test_undefined_bands_count_as_zero(self):
        self.table(terms.contains_zero, [((None, 1), True), ((1, None), True), ((NAN, 1), True),
                                         ((1, NAN), True), ((np.float32("nan"), 1), True)])


class TestVerdict(Case):
    ND = "not distinguishable from zero"

    def test_less_is_better(self):
        self.table(terms.verdict, [((-1, -2, -1), "better"), ((-1, 1, 2), "worse"),
                                   ((-1, 5e-324, 1), "worse")])

    def test_more_is_better(self):
        self.table(terms.verdict, [((1, 1, 2), "better"), ((1, -2, -1), "worse"),
                                   ((1, 0.1, INF), "better")])

    def test_no_direction(self):
        self.table(terms.verdict, [((0, 1, 2), "higher"), ((0, -2, -1), "lower")])

    def test_band_with_zero(self):
        self.table(terms.verdict, [((1, -1, 1), self.ND), ((-1, 0, 1), self.ND),
                                   ((1, -1, -0.0), self.ND), ((-1, NAN, 1), self.ND),
                                   ((0, None, None), self.ND)])


class TestDirection(Case):
    def test_stored_values(self):
        self.table(terms.direction, [((1,), 1), ((-1,), -1), ((0,), 0), ((np.int8(-1),), -1),
                                     ((np.int32(1),), 1), ((np.array(-1, dtype=np.int8),), -1),
                                     ((2,), 1), ((-5,), -1), ((1.0,), 1)])

    def test_absent_or_unusable(self):
        self.table(terms.direction, [((None,), 0), (("x",), 0), ((True,), 0), ((0.5,), 0),
                                     ((NAN,), 0), ((INF,), 0), ((b"\x01",), 0)])


class TestLabel(Case):
    def test_stored_label_first(self):
        self.table(terms.label, [(("x", "Unemployment (werkloosheid)", "unemployed"),
                                  "Unemployment (werkloosheid)")])

    def test_older_files_fall_back(self):
        self.table(terms.label, [(("count_minors", "", "residents aged 0-17"),
                                  "Residents aged 0-17"), (("count_minors", "", ""),
                                                           "count_minors")])

    def test_no_hand_kept_copy(self):
        self.assertFalse(hasattr(terms, "INDICATORS"), "terms.py keeps a table of indicators")


class TestIndicatorMeta(unittest.TestCase):
    """h5read.indicator_meta on attributes as h5py reads them from a file."""

    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.TemporaryDirectory()
        path = os.path.join(cls.dir.name, "attrs.h5")
        s = h5py.string_dtype("utf-8")
        with h5py.File(path, "w") as f:
            d = f.create_dataset("new", data=[1.0])
            for k, v in (("units", "% of labour force 18-66"), ("domain", "work"),
                         ("description", "unemployed job seekers among the labour force"),
                         ("label", "Unemployment (werkloosheid)")):
                d.attrs.create(k, v, dtype=s)
            d.attrs["better"] = np.int8(-1)
            d = f.create_dataset("int32", data=[1.0])
            d.attrs["better"] = np.int32(1)
            d.attrs["label"] = np.bytes_(b"Employment 18-66 (arbeidsparticipatie)")  # fixed length
            d = f.create_dataset("old", data=[1.0])
            d.attrs.create("description", "households receiving bijstand", dtype=s)
            d.attrs.create("units", "% of households", dtype=s)
            g = f.create_group("summary")
            g.attrs.create("label", "from the group", dtype=s)
        cls.f = h5py.File(path, "r")

    @classmethod
    def tearDownClass(cls):
        cls.f.close()
        cls.dir.cleanup()

    def test_label_and_direction_from_attributes(self):
        m = h5read.indicator_meta("work_unemployment_rate", self.f["new"].attrs)
        self.assertEqual(m, {"label": "Unemployment (werkloosheid)",
                             "units": "% of labour force 18-66", "domain": "work",
                             "description": "unemployed job seekers among the labour force",
                             "direction": -1})
        self.assertEqual(terms.verdict(m["direction"], -0.5, -0.1), "better")

    def test_int32_and_fixed_length_strings(self):
        m = h5read.indicator_meta("work_employment_rate", self.f["int32"].attrs)
        self.assertEqual((m["label"], m["direction"], m["domain"]),
                         ("Employment 18-66 (arbeidsparticipatie)", 1, "work"))

    def test_file_without_label_and_better(self):
        m = h5read.indicator_meta("work_bijstand_households", self.f["old"].attrs)
        self.assertEqual((m["label"], m["direction"], m["domain"]),
                         ("Households receiving bijstand", 0, "work"))
        self.assertEqual(terms.verdict(m["direction"], -0.5, -0.1), "lower")

    def test_merged_attributes_first_path_wins(self):
        a = h5read.merged_attrs(self.f, ["summary", "missing", "new"])
        m = h5read.indicator_meta("work_unemployment_rate", a)
        self.assertEqual((m["label"], m["direction"], m["units"]),
                         ("from the group", -1, "% of labour force 18-66"))


if __name__ == "__main__":
    unittest.main(verbosity=2)
