"""Hypothesis differential tests: the module under test must give the same results as rez.version."""
import os
import random

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

rez_version = pytest.importorskip("rez.version", reason="rez 3.4.0 is the reference")

SCALE = float(os.environ.get("PYRER_HYPOTHESIS_SCALE", "1"))


def budget(n):
    """Settings for a property run n times (times PYRER_HYPOTHESIS_SCALE), reproducibly."""
    return settings(max_examples=max(1, int(n * SCALE)), derandomize=True, deadline=None,
                    database=None, suppress_health_check=list(HealthCheck))


# --- comparing outcomes ----------------------------------------------------------------------

def desc(x):
    """A plain, implementation-independent description of a result."""
    if x is None or isinstance(x, (bool, int, str)):
        return x
    if isinstance(x, (list, tuple)):
        return type(x)(desc(i) for i in x)
    if isinstance(x, (set, frozenset)):
        return ("set", sorted(desc(i) for i in x))
    return (type(x).__name__, str(x))


class Probe:
    """Runs named operations on one module, recording each result or the exception raised."""

    FAIL = object()

    def __init__(self, mod):
        self.mod, self.out = mod, {}

    def __call__(self, name, fn, *args):
        try:
            value = fn(*args)
            self.out[name] = desc(value)  # str() can raise too
        except Exception as exc:  # noqa: BLE001 - any exception is an outcome to compare
            kind = "VersionError" if isinstance(exc, self.mod.VersionError) else type(exc).__name__
            self.out[name] = ("raises", kind)
            return Probe.FAIL
        return value


def check(rez, vmod, probe_fn, *inputs):
    """Run probe_fn on rez and on the module under test; every recorded outcome must match."""
    expected = probe_fn(Probe(rez), *inputs).out
    actual = probe_fn(Probe(vmod), *inputs).out
    diff = {k: (expected.get(k, "<not run>"), actual.get(k, "<not run>"))
            for k in list(expected) + [k for k in actual if k not in expected]
            if expected.get(k, "<not run>") != actual.get(k, "<not run>")}
    assert not diff, "input %r\n  op: (rez, module under test)\n  %s" % (
        inputs, "\n  ".join("%s: %r" % kv for kv in diff.items()))


# --- strategies ------------------------------------------------------------------------------

TOKEN_CHARS = "0123456789abcxyzABCXYZ_"
POOL_TOKENS = ["0", "1", "2", "3", "00", "01", "10", "1_", "_", "__", "a", "A", "Z", "z", "rc1",
               "alpha", "beta", "1a", "a1", "1A", "b2c", "2_3", "9"]
LONG_NUMBER = st.text("0123456789", min_size=12, max_size=40)
pool_token = st.sampled_from(POOL_TOKENS)
odd_token = st.one_of(pool_token, st.text(TOKEN_CHARS, min_size=1, max_size=8), LONG_NUMBER)


@st.composite
def version_strs(draw, token=odd_token, seps=st.sampled_from(".-"), min_tokens=0, max_tokens=4):
    toks = draw(st.lists(token, min_size=min_tokens, max_size=max_tokens))
    return "".join((draw(seps) if i else "") + t for i, t in enumerate(toks))


JUNK = st.text(".-+_ ,<>=|~!@#01aA\u00e9\t*", max_size=10)
ODD_SEPS = st.sampled_from(".-.-+ ,~/\u00e9*=")


@st.composite
def mutated(draw, base):
    """base with one character inserted, deleted or replaced."""
    s = draw(base)
    i = draw(st.integers(0, len(s)))
    c = draw(st.sampled_from(".-+_,<>=|~!01a "))
    how = draw(st.sampled_from(["insert", "delete", "replace"]))
    if how == "insert" or not s:
        return s[:i] + c + s[i:]
    i = min(i, len(s) - 1)
    return s[:i] + ("" if how == "delete" else c) + s[i + 1:]


any_version_strs = st.one_of(version_strs(), version_strs(seps=ODD_SEPS), JUNK,
                             mutated(version_strs(min_tokens=1)))

_rng = random.Random(7)
# a fixed pool of versions, so that generated ranges often share bounds
POOL_VERSIONS = POOL_TOKENS + ["1.0", "1.0.0", "1-0", "2.0", "1.0rc1", "1.0.rc1", "01.2", "2.alpha1"]
POOL_VERSIONS += [_rng.choice(POOL_TOKENS[:12]) + _rng.choice(".-") + _rng.choice(POOL_TOKENS)
                  for _ in range(24)]
POOL_VERSIONS += [".".join(_rng.choice(POOL_TOKENS[:8]) for _ in range(3)) for _ in range(12)]


@st.composite
def range_versions(draw):
    if draw(st.integers(0, 4)):
        return draw(st.sampled_from(POOL_VERSIONS))
    return draw(version_strs(min_tokens=1, max_tokens=3))


range_version = range_versions()

# every two-ended and one-ended form of the grammar (rez-versions.md 2.2), with a <= b
FORMS = ["{a}", "=={a}", "{a}..{b}", "..{b}", "{a}+", ">{a}", ">={a}", "<{b}", "<={b}",
         "{a}+<{b}", "{a}+<={b}", "{a}<{b}", "{a}<={b}", "{a},<{b}", "{a},<={b}", "{a}+,<{b}",
         "{a}+,<={b}", ">{a}<{b}", ">{a}<={b}", ">={a}<{b}", ">={a}<={b}", ">{a},<{b}",
         ">={a},<={b}", "+<{b}", "+<={b}", "<{b},>={a}", "<{b},>{a}", "<={b},>{a}",
         "<={b},>={a}", "{b},>{a}", "{b}+,>{a}", "{b},>={a}", "<{b},<{a}", "<={b},<{a}",
         "{b}+,<{a}", "<{b},>=", "<={b},>", "{b},>"]
BARE = ["", "==", "..", ">", ">=", "+", "<=", "+<="]


def _sorted_pair(a, b):
    return sorted([a, b], key=rez_version.Version)


@st.composite
def range_parts(draw):
    if draw(st.integers(0, 9)) == 0:
        return draw(st.sampled_from(BARE))
    a, b = _sorted_pair(draw(range_version), draw(range_version))
    return draw(st.sampled_from(FORMS)).format(a=a, b=b)


@st.composite
def grammar_parts(draw):
    """Free combinations of the grammar's pieces, valid or not."""
    pre = draw(st.sampled_from(["", "", ">", ">=", "<", "<=", "==", "+", "=", "..", ","]))
    mid = (draw(st.sampled_from(["", "+"])) + draw(st.sampled_from(["", ","]))
           + draw(st.sampled_from(["", "<", "<=", ">", ">=", "..", "==", "+"])))
    post = draw(st.sampled_from(["", "", "+", ","]))
    v1, v2 = draw(st.one_of(st.just(""), range_version)), draw(st.one_of(st.just(""), range_version))
    return pre + v1 + mid + v2 + post


def _join(parts):
    return st.lists(parts, min_size=1, max_size=3).map("|".join)


valid_range_strs = _join(range_parts())
any_range_strs = st.one_of(valid_range_strs, _join(grammar_parts()), _join(st.one_of(
    range_parts(), grammar_parts())), mutated(valid_range_strs), JUNK)

NAMES = ["foo", "bah", "foo", "bah", ".foo", "foo_bar", "python2.7", "", "Foo", "a b", "foo.bar"]
name_strs = st.one_of(st.sampled_from(NAMES), st.text("abf_.0 ", max_size=5))
OPS = ["==", "<", "<=", ">", ">=", "=", ">==", "<<"]


@st.composite
def requirement_strs(draw, names=name_strs, max_kind=6):
    prefix = draw(st.sampled_from(["", "", "!", "~"]))
    name = draw(names)
    kind = draw(st.integers(0, max_kind))
    if kind == 0:
        tail = ""
    elif kind <= 3:
        tail = draw(st.sampled_from("-@#-")) + draw(valid_range_strs)
    elif kind == 4:
        tail = draw(st.sampled_from(OPS)) + draw(st.one_of(st.just(""), range_version))
    elif kind == 5:
        tail = draw(st.sampled_from("-@#")) + draw(any_range_strs)
    else:
        tail = draw(JUNK)
    return prefix + name + tail


close_requirement_strs = requirement_strs(names=st.sampled_from(["foo", "foo", "bah"]))
VERSION_OPS = [None, "eq", "==", "gt", ">", "gte", ">=", "lt", "<", "lte", "<=", "bogus"]


# --- properties --------------------------------------------------------------------------------

def probe_version(p, s):
    V = p.mod.Version
    v = p("parse", V, s)
    if v is Probe.FAIL:
        return p
    p("str", str, v)
    p("bool", bool, v)
    p("len", len, v)
    p("as_tuple", v.as_tuple)
    p("tokens", lambda: [str(t) for t in v.tokens])
    for i in (-4, -1, 0, 1, 2, 3):
        p("getitem[%d]" % i, lambda: str(v[i]))
    p("getitem[1:]", lambda: [str(t) for t in v[1:]])
    for attr in ("major", "minor", "patch"):
        p(attr, lambda: str(getattr(v, attr)))
    p("next()", v.next)
    p("builtin next", next, v)
    p("next(next())", lambda: v.next().next() if v else None)
    p("next > v", lambda: v.next() > v if v else None)
    for n in (-1, 0, 1, 2, 5):
        p("trim(%d)" % n, v.trim, n)
    p("copy", lambda: (str(v.copy()), v.copy() == v))
    p("roundtrip", lambda: V(str(v)) == v)
    p("hash stable", lambda: hash(V(s)) == hash(v))
    return p


@budget(2500)
@given(s=any_version_strs)
def test_version_parse_and_accessors(rez, vmod, cases, s):
    cases["version"] += 1
    check(rez, vmod, probe_version, s)


def probe_version_pair(p, a, b):
    V, key = p.mod.Version, p.mod.reverse_sort_key
    va, vb = V(a), V(b)
    for name, op in (("==", "__eq__"), ("!=", "__ne__"), ("<", "__lt__"), ("<=", "__le__"),
                     (">", "__gt__"), (">=", "__ge__")):
        p(name, lambda: getattr(va, op)(vb))
        p("reverse_key " + name, lambda: getattr(key(va), op)(key(vb)))
    p("hash consistent", lambda: va != vb or hash(va) == hash(vb))
    p("next vs other", lambda: (va.next() < vb, va.next() == vb.next()) if va and vb else None)
    p("token <", lambda: (va[0] < vb[0], va[0] == vb[0], va[0] > vb[0]) if va and vb else None)
    vs = [va, vb, va.trim(1), vb.copy()]
    p("sorted", lambda: [str(x) for x in sorted(vs)])
    p("sorted reverse_key", lambda: [str(x) for x in sorted(vs, key=key)])
    p("set", lambda: len(set(vs)))
    return p


@budget(2500)
@given(a=version_strs(), b=version_strs())
def test_version_ordering(rez, vmod, cases, a, b):
    cases["version pair"] += 1
    check(rez, vmod, probe_version_pair, a, b)


def probe_token(p, a, b):
    T = p.mod.AlphanumericVersionToken
    ta, tb = p("parse a", T, a), p("parse b", T, b)
    if any(x is Probe.FAIL for x in (ta, tb)):
        return p
    p("str", lambda: (str(ta), str(tb)))
    p("cmp", lambda: (ta < tb, ta == tb, ta > tb, ta <= tb, ta >= tb, ta != tb))
    p("less_than", ta.less_than, tb)
    p("next", lambda: (str(ta.next()), ta.next() > ta, ta.next() < tb))
    return p


@budget(2000)
@given(a=st.one_of(odd_token, JUNK), b=odd_token)
def test_token(rez, vmod, cases, a, b):
    cases["token"] += 1
    check(rez, vmod, probe_token, a, b)


def probe_range(p, s):
    R, V = p.mod.VersionRange, p.mod.Version
    lenient = p("parse lenient", lambda: R(s, invalid_bound_error=False))
    if lenient is not Probe.FAIL:
        p("lenient ops", lambda: (~lenient, V("1") in lenient, V("3") in lenient))
    r = p("parse", R, s)
    if r is Probe.FAIL:
        return p
    p("str", str, r)
    p("len", len, r)
    p("flags", lambda: (r.is_any(), r.lower_bounded(), r.upper_bounded(), r.bounded()))
    p("roundtrip", lambda: (R(str(r)) == r, str(R(str(r)))))
    p("split", r.split)
    p("span", r.span)
    p("~", lambda: ~r)
    p("inverse", r.inverse)
    p("~~", lambda: ~~r if not r.is_any() else None)
    p("to_versions", r.to_versions)
    p("hash stable", lambda: hash(R(s)) == hash(r))
    p("self ops", lambda: (r == r, r & r, r | r, r - r, r in r, r.intersects(r), r < r))
    return p


@budget(2500)
@given(s=any_range_strs)
def test_range_parse_and_unary(rez, vmod, cases, s):
    cases["range"] += 1
    check(rez, vmod, probe_range, s)


def probe_range_pair(p, a, b):
    R = p.mod.VersionRange
    ra, rb = p("parse a", R, a), p("parse b", R, b)
    if any(x is Probe.FAIL for x in (ra, rb)):
        return p
    p("&", lambda: ra & rb)
    p("|", lambda: ra | rb)
    p("+", lambda: ra + rb)
    p("-", lambda: ra - rb)
    p("b - a", lambda: rb - ra)
    p("==, <", lambda: (ra == rb, ra != rb, ra < rb, rb < ra))
    p("hash consistent", lambda: ra != rb or hash(ra) == hash(rb))
    p("issuperset", lambda: (ra.issuperset(rb), rb.issuperset(ra), ra in rb, rb in ra))
    p("issubset", lambda: (ra.issubset(rb), rb.issubset(ra)))
    p("intersects", lambda: (ra.intersects(rb), rb.intersects(ra)))
    p("union list", ra.union, [rb, ra.span()])
    p("intersection list", ra.intersection, [rb, rb.span()])
    p("(a|b) - (a&b)", lambda: (ra | rb) - (ra & rb) if ra.intersects(rb) else None)
    return p


@budget(2500)
@given(a=valid_range_strs, b=st.one_of(valid_range_strs, any_range_strs))
def test_range_algebra(rez, vmod, cases, a, b):
    cases["range pair"] += 1
    check(rez, vmod, probe_range_pair, a, b)


def probe_range_versions(p, s, vstrs, flags):
    R, V = p.mod.VersionRange, p.mod.Version
    r = R(s)
    vs = [V(x) for x in vstrs]
    for i, v in enumerate(vs):
        p("in %d" % i, lambda: (v in r, r.contains_version(v)))
    for op in VERSION_OPS:
        p("from_version %s" % op, R.from_version, vs[0], op)
    p("as_span", R.as_span, vs[0], vs[-1], *flags)
    p("as_span open", lambda: (R.as_span(None, vs[0]), R.as_span(vs[0], None)))
    fv = p("from_versions", R.from_versions, vs)
    p("from_versions ops", lambda: (fv & r, fv.intersects(r), r.issuperset(fv), fv | r))
    asc = sorted(set(vs))
    desc_ = list(reversed(asc))
    p("iter asc", lambda: list(r.iter_intersect_test(asc)))
    p("iter desc", lambda: list(r.iter_intersect_test(desc_, descending=True)))
    p("iter_intersecting", lambda: list(r.iter_intersecting(asc)))
    p("iter_non_intersecting", lambda: list(r.iter_non_intersecting(desc_, descending=True)))
    p("iter key", lambda: list(r.iter_intersect_test([(x,) for x in asc], key=lambda t: t[0])))
    return p


@budget(2000)
@given(s=valid_range_strs, vstrs=st.lists(version_strs(token=pool_token), min_size=1,
                                          max_size=6), flags=st.tuples(st.booleans(), st.booleans()))
def test_range_versions(rez, vmod, cases, s, vstrs, flags):
    try:
        rez_version.VersionRange(s)
    except rez_version.VersionError:
        s = ""  # invalid bounds are covered by the parse test; keep the case useful
    cases["range/versions"] += 1
    check(rez, vmod, probe_range_versions, s, vstrs, flags)


def probe_requirement(p, s, vo):
    Req, VO = p.mod.Requirement, p.mod.VersionedObject
    obj = p("versioned object", VO, vo)
    if obj is not Probe.FAIL:
        p("versioned object parts", lambda: (obj.name, str(obj.version), str(VO(str(obj)))))
        p("versioned object eq/hash", lambda: (obj == VO(vo), hash(obj) == hash(VO(vo))))
    p("parse lenient", lambda: Req(s, invalid_bound_error=False))
    r = p("parse", Req, s)
    if r is Probe.FAIL:
        return p
    p("str", str, r)
    p("fields", lambda: (r.name, r.conflict, r.weak, r.safe_str()))
    p("range", lambda: None if r.range is None else str(r.range))
    p("roundtrip", lambda: (Req(str(r)) == r, str(Req(str(r)))))
    p("hash stable", lambda: hash(Req(s)) == hash(r))
    p("self", lambda: (r == r, r.conflicts_with(r), r.merged(r)))
    p("construct", lambda: Req.construct(r.name, r.range))
    if obj is not Probe.FAIL:
        p("conflicts_with object", r.conflicts_with, obj)
        p("conflicts_with renamed", lambda: r.conflicts_with(VO.construct(r.name, obj.version)))
    return p


@budget(2500)
@given(s=requirement_strs(), vo=st.one_of(name_strs.map(lambda n: n + "-") .flatmap(
    lambda n: version_strs(token=pool_token).map(lambda v: n + v)), any_version_strs))
def test_requirement(rez, vmod, cases, s, vo):
    cases["requirement"] += 1
    check(rez, vmod, probe_requirement, s, vo)


def probe_requirement_pair(p, a, b):
    Req = p.mod.Requirement
    ra, rb = p("parse a", Req, a), p("parse b", Req, b)
    if any(x is Probe.FAIL for x in (ra, rb)):
        return p
    p("==", lambda: (ra == rb, ra != rb))
    p("hash consistent", lambda: str(ra) != str(rb) or hash(ra) == hash(rb))
    p("conflicts_with", lambda: (ra.conflicts_with(rb), rb.conflicts_with(ra)))
    for name, (x, y) in (("a.merged(b)", (ra, rb)), ("b.merged(a)", (rb, ra))):
        m = p(name, x.merged, y)
        if m is not None and m is not Probe.FAIL:
            p(name + " fields", lambda: (m.name, m.conflict, m.weak,
                                         None if m.range is None else str(m.range)))
    return p


@budget(2500)
@given(a=close_requirement_strs, b=close_requirement_strs)
def test_requirement_pair(rez, vmod, cases, a, b):
    cases["requirement pair"] += 1
    check(rez, vmod, probe_requirement_pair, a, b)


def probe_requirement_list(p, strs):
    Req, RL = p.mod.Requirement, p.mod.RequirementList
    reqs = [Req(x) for x in strs]
    rl = p("parse", RL, reqs)
    if rl is Probe.FAIL:
        return p
    p("str", str, rl)
    p("conflict", lambda: rl.conflict)
    p("requirements", lambda: rl.requirements)
    p("names", lambda: (rl.names, rl.conflict_names))
    p("get", lambda: [rl.get(n) for n in ("foo", "bah", "eek", "nope")])
    p("iter", lambda: list(rl))
    p("==", lambda: rl == RL([Req(x) for x in strs]))
    return p


@budget(2000)
@given(strs=st.lists(requirement_strs(names=st.sampled_from(["foo", "bah", "eek"]), max_kind=4),
                     min_size=1, max_size=5))
def test_requirement_list(rez, vmod, cases, strs):
    strs = [s for s in strs if _parses(rez_version.Requirement, s)] or ["foo"]
    cases["requirement list"] += 1
    check(rez, vmod, probe_requirement_list, strs)


def _parses(cls, s):
    try:
        cls(s)
    except rez_version.VersionError:
        return False
    return True
