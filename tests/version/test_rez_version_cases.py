"""Every case of rez 3.4.0's tests/test_version.py, as data tables run against the module under test."""
import itertools

import pytest

# --- data tables (taken from rez's test_version.py) ---------------------------------------

# random 8-char tokens / versions, frozen as data (rez draws them at random), plus hand-made ones
RANDOM_TOKENS = ["fBy8nWCu", "EB4C0WRu", "gzecJuyR", "zupET9eE", "9TXxoL0G", "N4aMZB2j",
                 "N1QThuCK", "WUoJOWrp", "KPAsZX8U", "n628vdgZ", "HrNESjqw", "RoAmyBqB",
                 "1", "01", "1_", "_", "a", "A", "a1", "1a", "alpha", "alpha3", "007", "7"]
RANDOM_VERSIONS = ["VlHWX1Sh", "GIaITkZy.VAA6JFdE.RAhi74uS.Eu5mP4qV", "1irNqT72",
                   "DM2oJBlz.UXhwf2j0.46Cy2Ycq.iDg9I2Tl", "nZ8VToot.TxoFTCHz", "",
                   "YPwhrEKJ.fXjrgxjz.l0OqBk1o.DBE83EEl", "mHWmCJhL.v1B3ZH1Z.ngEtjBCk",
                   "1", "1.0", "1.0.0", "1-0", "01.2", "1_.2", "2.alpha1"]

TOKEN_LT = [("3", "4"), ("01", "1"), ("beta", "1"), ("alpha3", "alpha4"), ("alpha", "alpha3"),
            ("gamma33", "33gamma")]

VERSION_EQ = [("", ""), ("1", "1"), ("1.2", "1-2"), ("1.2-3", "1-2.3")]

VERSION_ASCENDING = ["", "0.0.0", "1", "2", "2.alpha1", "2.alpha2", "2.beta", "2.0", "2.0.8.8",
                     "2.1", "2.1.0"]

RANGE_EQ = [
    # simple cases
    ("", ""), ("1", "1"), ("1.0.0", "1.0.0"), ("3+<3_", "3"), ("_+<__", "_"),
    ("1.2+<=2.0", "1.2..2.0"), ("10+,<20", "10+<20"), ("1+<1.0", "1+<1.0"), (">=2", "2+"),
    (">=1.21.1,<1.23", ">=1.21.1<1.23"), (">1.21.1,<1.23", ">1.21.1<1.23"),
    (">1.21.1<1.23", ">1.21.1<1.23"), (">1.21.1,<=1.23", ">1.21.1<=1.23"),
    # reverse (pip-style) order
    ("<1.23,>=1.21.1", ">=1.21.1<1.23"), ("<1.23,>1.21.1", ">1.21.1<1.23"),
    # optimised cases
    ("3|3", "3"), ("3|1", "1|3"), ("5|3|1", "1|3|5"), ("1|1_", "1+<1__"),
    ("1|1_|1__", "1+,<1___"), ("|", ""), ("||", "||||||||"), ("1|1_+", "1+"), ("<1|1", "<1_"),
    ("1+<3|3+<5", "1+<5"), (">4<6|1+<3", "1+<3|>4,<6"), ("4+<6|1+<3|", ""), ("4|2+", "2+"),
    ("3|<5", "<5"), ("<3|>3", ">3|<3"), ("3+|<3", ""), ("3+|<4", ""), ("2+<=6|3+<5", "2..6"),
    ("3+,<5|2+<=6", "2+<=6"), ("2|2+", "2+"), ("2|2.1+", "2+"), ("2|<2.1", "<2_"),
    ("3..3", "==3"), (">=3,<=3", "==3"),
    # odd (but valid) cases
    (">", ">"), ("+", ""), (">=", ""), ("<=", "=="), ("..", "=="), ("+<=", "=="),
    # built from from_version in rez's test: str(2+ & <=4)
    ("2..4", "2..4"),
]

RANGE_AND = [("3", "3", "3"), ("1", "==1", "==1"), ("", "==1", "==1"), ("3", "4", None),
             ("<3", "5+", None), ("4+<6", "6+<8", None), ("2+", "<=4", "2..4"),
             ("1", "1.0", "1.0"), ("4..6", "6+<8", "==6")]

RANGE_INVERSE = [("3+", "<3"), ("<=3", ">3"), ("3.5", "<3.5|3.5_+")]

INVALID_RANGE = ["4+<2", ">3<3", ">3<=3", "3+<3"]

INVALID_SYNTAX = ["<", "><", ">3>4", "<3<4", "<4>3", ",<4", "4+,", "1>=", "+1", "4<", "1+<2<3"]

# (range, method, expected)
RANGE_LOGIC = [("", "is_any", True), ("2+<4", "bounded", True), ("2+", "lower_bounded", True),
               ("2+", "upper_bounded", False), ("2+", "bounded", False),
               ("<2", "upper_bounded", True), ("<2", "lower_bounded", False),
               ("<2", "bounded", False)]

FROM_VERSION = [("3", "eq", "==3"), ("3", "gt", ">3"), ("3", "gte", "3+"), ("3", "lt", "<3"),
                ("3", "lte", "<=3")]

FROM_VERSIONS = [(["3", "6.0", "4"], "==3|==4|==6.0")]

VERSION_IN_RANGE = [("3", "3+", True), ("5", "3..5", True), ("5_", "3..5", False),
                    ("3.0.0", "3+", True), ("3.0.0", "3.1+", False),
                    ("3", "<1|5|6|8|7|3|60+", True), ("3", "<1|5|6|8|7|==3|60+", True)]

RANGE_IN_RANGE = [("2.1+<4", "<4", True), ("2.1..4", "<4", False), ("3", "3", True),
                  ("==3", "3", True), ("3.5+<3_", "3", True), ("3", "4+<6", False),
                  ("3+<10", "4+<6", False)]

ITER_NUMBERS = [2, 3, 5, 10, 11, 13, 14]
ITER_ENTRIES = [("", 7), ("0+", 7), ("5+", 5), ("6+", 4), ("50+", 0), (">5", 4), ("5", 1),
                ("6", 0), ("<5", 2), ("<6", 3), ("<50", 7), ("<=5", 3), ("<1", 0),
                ("2|9+", 5), ("3+<6|12+<13.5", 3), ("<1|20+", 0), (">0<20", 7)]

REQLIST_EQ = [
    (["foo"], ["foo"]),
    (["foo", "bah"], ["foo", "bah"]),
    (["bah", "foo"], ["bah", "foo"]),
    (["foo-4+", "foo-4.5"], ["foo-4.5"]),
    (["bah-2.4", "foo", "bah-2.4.1+"], ["bah-2.4.1+<2.4_", "foo"]),
    (["foo-2+", "!foo-4+"], ["foo-2+<4"]),
    (["!bah-1", "!bah-3"], ["!bah-1|3"]),
    (["!bah-5", "foo-2.3", "!bah-5.6+"], ["!bah-5+", "foo-2.3"]),
    (["~bah-4", "foo", "bah<4.2"], ["bah-4+<4.2", "foo"]),
    (["~bah", "!foo", "bah<4.2"], ["bah<4.2", "!foo"]),
    (["~bah-3+", "~bah-5"], ["~bah-5"]),
]

REQLIST_CONFLICT = [
    (["foo-1", "foo-2"], "foo-1", "foo-2"),
    (["foo-2", "foo-1"], "foo-2", "foo-1"),
    (["foo", "~bah-5+", "bah-2"], "~bah-5+", "bah-2"),
    (["foo", "~bah-5+", "bah-7..12", "bah-2"], "bah-7..12", "bah-2"),
]


# --- helpers ---------------------------------------------------------------------------------

def _check_strict_weak_ordering(vmod, a, b, reverse=True):
    assert a == a and b == b
    eq, ne, lt, le, gt, ge = a == b, a != b, a < b, a <= b, a > b, a >= b
    assert eq != ne
    if eq:
        assert not lt and not gt and le and ge
    else:
        assert lt != gt and le != ge and lt == le and gt == ge
    if reverse:
        _check_strict_weak_ordering(vmod, vmod.reverse_sort_key(a), vmod.reverse_sort_key(b),
                                    reverse=False)


def _check_ordered(items):
    for i, a in enumerate(items):
        for b in items[i + 1:]:
            assert a < b and a <= b and a != b
            assert b > a and b >= a and b != a


# --- Version ---------------------------------------------------------------------------------

def test_as_tuple(vmod):
    assert vmod.Version("1.2.12").as_tuple() == ("1", "2", "12")


@pytest.mark.parametrize("a,b", list(itertools.product(RANDOM_TOKENS, repeat=2)))
def test_token_strict_weak_ordering(vmod, a, b):
    make = vmod.AlphanumericVersionToken
    _check_strict_weak_ordering(vmod, make(a), make(b))


@pytest.mark.parametrize("a,b", list(itertools.product(RANDOM_VERSIONS, repeat=2)))
def test_version_strict_weak_ordering(vmod, a, b):
    _check_strict_weak_ordering(vmod, vmod.Version(a), vmod.Version(b))


@pytest.mark.parametrize("a,b", TOKEN_LT)
def test_token_less_than(vmod, a, b):
    assert vmod.AlphanumericVersionToken(a) < vmod.AlphanumericVersionToken(b)
    assert vmod.Version(a) < vmod.Version(b)


@pytest.mark.parametrize("a,b", VERSION_EQ)
def test_version_equal(vmod, a, b):
    assert vmod.Version(a) == vmod.Version(b)


def test_version_ascending(vmod):
    _check_ordered([vmod.Version(x) for x in VERSION_ASCENDING])


def test_version_set_behaviour(vmod):
    a, b, c, d = (vmod.Version(x) for x in ("1.0", "1.0", "1.0alpha", "2.0.0"))
    assert {a} - {a} == set()
    assert {a} - {b} == set()
    assert {a, a} - {a} == set()
    assert {b, c, d} - {a} == {c, d}
    assert {b, c} | {c, d} == {b, c, d}
    assert {b, c} & {c, d} == {c}


# --- VersionRange ----------------------------------------------------------------------------

@pytest.mark.parametrize("a,b", RANGE_EQ)
def test_range_equal(vmod, a, b):
    R = vmod.VersionRange
    a_range, b_range = R(a), R(b)
    assert a_range == b_range
    assert a_range.issuperset(a_range) and a_range.issuperset(b_range)
    assert R(str(a_range)) == a_range and R(str(b_range)) == a_range
    assert hash(a_range) == hash(b_range)

    a_ = a.replace(".", "-").replace("--", "..")
    assert R(a_) == a_range and hash(R(a_)) == hash(a_range)

    ranges = [R(x) for x in a.split("|")]
    assert ranges[0].union(ranges[1:]) == a_range

    assert a_range | b_range == a_range
    assert a_range - b_range is None
    assert b_range - a_range is None
    assert R() & a_range == a_range
    assert b_range.span() & a_range == a_range

    a_inv = a_range.inverse()
    assert a_inv == ~b_range
    if a_inv:
        assert ~a_inv == a_range
        assert a_range | a_inv == R()
        assert a_range & a_inv is None

    a_ranges = a_range.split()
    assert a_ranges[0].union(a_ranges[1:]) == b_range


@pytest.mark.parametrize("a,b,c", RANGE_AND)
def test_range_and(vmod, a, b, c):
    R = vmod.VersionRange
    a_range, b_range = R(a), R(b)
    c_range = None if c is None else R(c)
    assert (a_range & b_range) == c_range
    assert (b_range & a_range) == c_range
    parts = [x for x in (a_range & b_range, a_range - b_range, b_range - a_range) if x]
    assert parts[0].union(parts[1:]) == (a_range | b_range)


@pytest.mark.parametrize("a,b", RANGE_INVERSE)
def test_range_inverse(vmod, a, b):
    R = vmod.VersionRange
    a_range, b_range = R(a), R(b)
    assert ~a_range == b_range
    assert ~b_range == a_range
    assert a_range | b_range == R()
    assert a_range & b_range is None


def test_inverse_of_any_is_none(vmod):
    assert ~vmod.VersionRange() is None


@pytest.mark.parametrize("s", INVALID_RANGE + INVALID_SYNTAX)
def test_range_invalid(vmod, s):
    with pytest.raises(vmod.VersionError):
        vmod.VersionRange(s)


@pytest.mark.parametrize("s,method,expected", RANGE_LOGIC)
def test_range_logic(vmod, s, method, expected):
    assert getattr(vmod.VersionRange(s), method)() is expected


@pytest.mark.parametrize("v,op,expected", FROM_VERSION)
def test_range_from_version(vmod, v, op, expected):
    assert vmod.VersionRange.from_version(vmod.Version(v), op) == vmod.VersionRange(expected)


def test_range_from_version_intersection(vmod):
    R, V = vmod.VersionRange, vmod.Version
    both = R.from_version(V("2"), "gte") & R.from_version(V("4"), "lte")
    assert both == R("2..4") and str(both) == "2..4"


@pytest.mark.parametrize("versions,expected", FROM_VERSIONS)
def test_range_from_versions(vmod, versions, expected):
    got = vmod.VersionRange.from_versions([vmod.Version(x) for x in versions])
    assert got == vmod.VersionRange(expected)


def test_range_set_behaviour(vmod):
    a, b, c, d, e = (vmod.VersionRange(x) for x in ("1+<=2.5", "1..2.5", ">=5", ">6.1.0", "3.2"))
    assert {a} - {a} == set()
    assert {a} - {b} == set()
    assert {a, a} - {a} == set()
    assert {b, c, d, e} - {a} == {c, d, e}
    assert {b, c, e} | {c, d} == {b, c, d, e}
    assert {b, c} & {c, d} == {c}


# --- containment -----------------------------------------------------------------------------

@pytest.mark.parametrize("v,r,expected", VERSION_IN_RANGE)
def test_version_in_range(vmod, v, r, expected):
    assert (vmod.Version(v) in vmod.VersionRange(r)) is expected


@pytest.mark.parametrize("r1,r2,expected", RANGE_IN_RANGE)
def test_range_in_range(vmod, r1, r2, expected):
    assert (vmod.VersionRange(r1) in vmod.VersionRange(r2)) is expected


@pytest.mark.parametrize("r,count", ITER_ENTRIES)
def test_iter_intersect_test(vmod, r, count):
    versions = [vmod.Version(str(x)) for x in ITER_NUMBERS]
    composite = vmod.VersionRange.from_versions(versions)
    range_ = vmod.VersionRange(r)

    matches = set(x for x in versions if x in range_)
    assert len(matches) == count
    assert set(v for ok, v in range_.iter_intersect_test(versions) if ok) == matches
    rev = list(reversed(versions))
    assert set(v for ok, v in range_.iter_intersect_test(rev, descending=True) if ok) == matches

    assert composite.intersects(range_) == (count != 0)
    both = composite & range_
    assert set([] if both is None else both.to_versions()) == matches
    assert range_.issuperset(composite) == (count == 7)
    if count:
        assert composite.issuperset(both)


# --- RequirementList -------------------------------------------------------------------------

@pytest.mark.parametrize("reqs,expected", REQLIST_EQ)
def test_requirement_list_merge(vmod, reqs, expected):
    reqlist = vmod.RequirementList([vmod.Requirement(x) for x in reqs])
    exp = [vmod.Requirement(x) for x in expected]
    assert reqlist.requirements == exp
    assert reqlist.names == set(x.name for x in exp if not x.conflict)
    assert reqlist.conflict_names == set(x.name for x in exp if x.conflict)


@pytest.mark.parametrize("reqs,a,b", REQLIST_CONFLICT)
def test_requirement_list_conflict(vmod, reqs, a, b):
    reqlist = vmod.RequirementList([vmod.Requirement(x) for x in reqs])
    assert reqlist.conflict == (vmod.Requirement(a), vmod.Requirement(b))
