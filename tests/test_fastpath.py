"""The fast path (theorycheck/fastpath.py): a first interval pass decides easy claims before
any search or sympy, with the ordinary certificate; whatever it does not decide is decided
exactly as without it. Truth of every claim is settled in its comment."""

from __future__ import annotations

import textwrap
from fractions import Fraction

import numpy as np
import pytest

import theorycheck.check as check_module
import theorycheck.decide as decide_module
import theorycheck.fastpath as fastpath
import theorycheck.prove as prove_module
from theorycheck import certificates, claim, exp, log, sqrt, tanh
from theorycheck.kernel import verify_certificate
from theorycheck.loader import load_file
from theorycheck.search import SearchResult


def fast_only(monkeypatch):
    """The normal pipeline switched off: only the fast path can decide (else: undecided)."""
    monkeypatch.setattr(check_module, "search", lambda *a, **k: SearchResult())
    monkeypatch.setattr(check_module, "prove_leaf", lambda *a, **k: prove_module.ProofResult(status="undecided"))


LEMMAS = textwrap.dedent('''
    from theorycheck import claim, exp, log, sqrt

    @claim(x=(-2, 2))
    def easy_exp_sum(x):
        # true: exp(x) + exp(-x) >= 2 > 0.2
        return exp(x) + exp(-x) - 0.2 >= 0

    @claim(x=(0, 5), y=("0.1", 2))
    def easy_two_d(x, y):
        # true: log(2 + x) >= log 2 > 0.69 > 0.5, and y * x >= 0
        return log(2 + x) + y * x >= 0.5

    @claim(x=(-5, 5))
    def exp_quadratic_all_reals(x):
        # false at x = -1: e^-1 = 0.3678... < 1 - 1 + 1/2
        return exp(x) >= 1 + x + x**2 / 2

    @claim(x=(-1, 1))
    def sqrt_nonnegative(x):
        # false: sqrt is undefined at x < 0
        return sqrt(x) >= 0
''')


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    root = tmp_path_factory.mktemp("fast")
    (root / "lemmas").mkdir()
    lemma = root / "lemmas" / "easy.py"
    lemma.write_text(LEMMAS)
    out = {}
    for c in load_file(lemma):
        v = check_module.check(c, budget=10)
        out[c.name] = (c, v, certificates.write(c, v, root / "lemmas" / "certificates"))
    return out


@pytest.mark.parametrize("name,verdict", [("easy_exp_sum", "proved"), ("easy_two_d", "proved"),
                                          ("exp_quadratic_all_reals", "refuted"), ("sqrt_nonnegative", "refuted")])
def test_the_fast_path_decides_and_the_kernel_accepts_it(made, name, verdict):
    c, v, path = made[name]
    assert v.verdict == verdict
    assert any(m.startswith("fast path") for m in v.evidence["methods"]), v.evidence["methods"]
    assert "search" not in v.evidence  # decided before the search
    result = verify_certificate(path)
    assert result.valid, result.message
    assert result.verdict == verdict


def test_a_fast_refutation_is_a_certified_exact_point(made):
    c, v, _ = made["exp_quadratic_all_reals"]
    x = Fraction(v.counterexample["x"])
    assert -5 <= x <= 5 and x < 0
    lo_gap, hi_gap = (Fraction(s) for s in v.gap)
    assert hi_gap < 0  # the certified gap is on the wrong side
    c, v, _ = made["sqrt_nonnegative"]
    assert v.undefined and Fraction(v.counterexample["x"]) < 0


def test_the_fast_path_alone_decides_easy_claims(monkeypatch, made):
    fast_only(monkeypatch)
    for name, verdict in (("easy_exp_sum", "proved"), ("exp_quadratic_all_reals", "refuted")):
        c, _, _ = made[name]
        assert check_module.check(c, budget=5).verdict == verdict


@claim(x=(-1, 1))
def exp_above_tangent(x):
    # true, touching at x = 0: no plain interval bisection decides it
    return exp(x) >= 1 + x


@claim(x=(0, 3))
def tanh_below_x(x):
    # true, touching at 0
    return tanh(x) <= x


@claim(x=(-1, 1))
def exp_tangent_minus_a_hair(x):
    # false at x = 0 by 2^-30 only: 1 < 1 + 2^-30
    return exp(x) >= 1 + x + 2**-30


def test_a_hair_violation_at_the_centre_is_found_on_the_grid(monkeypatch):
    fast_only(monkeypatch)
    v = check_module.check(exp_tangent_minus_a_hair, budget=5)
    assert v.verdict == "refuted" and Fraction(v.counterexample["x"]) == 0


@pytest.mark.parametrize("c", [exp_above_tangent, tanh_below_x])
def test_undecided_by_the_fast_path_means_decided_as_before(monkeypatch, c):
    # the fast path runs on a meter of its own: without it, the same verdict and evidence
    # (but the work units, which count the fast path's work too)
    with_fast = check_module.check(c, budget=3)
    assert with_fast.verdict == "proved"
    assert not any(m.startswith("fast path") for m in with_fast.evidence["methods"])
    monkeypatch.setattr(fastpath, "try_fast", lambda *a, **k: (None, 0.0))
    without = check_module.check(c, budget=3)
    a, b = dict(with_fast.evidence), dict(without.evidence)
    units_with, units_without = a.pop("work_units"), b.pop("work_units")
    assert a == b
    assert with_fast.proof == without.proof
    assert units_with > units_without  # the fast path's work is counted


def test_the_fast_path_needs_definedness(monkeypatch, made):
    c, _, _ = made["sqrt_nonnegative"]
    fast_only(monkeypatch)
    monkeypatch.setattr(fastpath, "_refute_on_grid", lambda *a, **k: None)
    assert check_module.check(c, budget=5).verdict == "refuted"


def test_mutation_fast_path_without_definedness_is_caught(monkeypatch, made):
    # mutant: decorations ignored; the enclosure [0, 1] of sqrt over [-1, 1] (its defined part)
    # then proves the false claim in the fast path's first enclosure
    c, _, _ = made["sqrt_nonnegative"]
    fast_only(monkeypatch)
    monkeypatch.setattr(fastpath, "_refute_on_grid", lambda *a, **k: None)
    for module in (decide_module, prove_module):
        monkeypatch.setattr(module, "is_defined", lambda value: True)
        monkeypatch.setattr(module, "defined_mask", lambda value, n: np.ones(n, dtype=bool))
    assert check_module.check(c, budget=5).verdict == "proved"  # the wrong verdict the check prevents


@claim(x=("0.001", 3), y=("0.5", 2))
def log_below_its_cubic_taylor(x, y):
    # true (alternating series), but undecided within a small budget: the budget cuts the search
    return log(1 + x * y) <= x * y - (x * y) ** 2 / 2 + (x * y) ** 3 / 3


def _evidence(v):
    out = dict(v.evidence)
    out.pop("work_units")
    return out


def test_an_undecided_claim_keeps_its_evidence(monkeypatch):
    c = log_below_its_cubic_taylor
    with_fast = check_module.check(c, budget=0.3)
    assert with_fast.verdict == "undecided"
    monkeypatch.setattr(fastpath, "try_fast", lambda *a, **k: (None, 0.0))
    assert _evidence(check_module.check(c, budget=0.3)) == _evidence(with_fast)


def test_mutation_fast_path_on_the_claim_meter_is_caught(monkeypatch):
    # mutant: the fast path charges the claim's own meter. Its work then comes out of the
    # search's share: at a small budget the search stops earlier, and the evidence of a claim
    # the fast path did not decide changes (what the meter of its own prevents)
    import contextlib

    from theorycheck import work

    @contextlib.contextmanager
    def shared(units):
        yield work.current()

    c = log_below_its_cubic_taylor
    right = _evidence(check_module.check(c, budget=0.3))
    monkeypatch.setattr(fastpath, "own_meter", shared)
    wrong = _evidence(check_module.check(c, budget=0.3))
    assert wrong["search"]["evaluations"] < right["search"]["evaluations"]


def test_grid_holds_corners_and_centre():
    lo, hi = np.array([-1.0, 0.0]), np.array([1.0, 4.0])
    g = fastpath.grid(lo, hi)
    assert len(g) <= fastpath.GRID_POINTS
    rows = {tuple(r) for r in g}
    for corner in ((-1.0, 0.0), (-1.0, 4.0), (1.0, 0.0), (1.0, 4.0), (0.0, 2.0)):
        assert corner in rows
    assert np.all(g >= lo) and np.all(g <= hi)
    # ten variables: 3^10 points are too many, the centre alone is left
    g10 = fastpath.grid(np.zeros(10), np.ones(10))
    assert g10.shape == (1, 10) and np.all(g10 == 0.5)


@claim(x=(0, 1))
def identity_is_left_to_sympy(x):
    # true; an identity is not for the fast path
    return exp(2 * x) == exp(x) ** 2


def test_identities_and_unbounded_boxes_are_not_tried():
    fast, units = fastpath.try_fast(identity_is_left_to_sympy, 5.0)
    assert fast is None and units < 0.01  # one evaluation of the body on the box, no more

    @claim(x=(0, 10**400))
    def log_below(x):
        return log(1 + x) >= 0

    fast, units = fastpath.try_fast(log_below, 5.0)
    assert fast is None and units < 0.01


def test_a_fast_verdict_past_the_time_limit_is_undecided(monkeypatch, made):
    import time

    c, _, _ = made["exp_quadratic_all_reals"]
    real = time.monotonic
    calls = []

    def late_clock():
        calls.append(1)
        return real() + (0 if len(calls) < 3 else 10**6)

    monkeypatch.setattr(time, "monotonic", late_clock)
    v = check_module.check(c, budget=2.0)
    monkeypatch.undo()
    assert v.verdict == "undecided" and "time limit" in v.evidence["time_limit"]


def test_dyadic_toward_is_the_fraction_rounding():
    # the batch tables' directed conversion (integer comparisons) against the Fraction one,
    # on dyadics near doubles, huge and tiny ones, subnormal and overflowing ones
    import random

    from theorycheck.enclose import batch

    rng = random.Random(7)
    cases = [(1, 0), (-1, 0), (3, -1), (2**53 + 1, 0), (-(2**53 + 1), -60), (1, 1024), (-1, 1024),
             (1, -1075), (3, -1076), (-5, -1080), (2**200 + 1, 900), (1, -1200)]
    for _ in range(1000):
        man = rng.choice((1, -1)) * rng.getrandbits(rng.randint(1, 260))
        cases.append((man, rng.randint(-1200, 1000)))
    for man, exp in cases:
        q = Fraction(man) * Fraction(2) ** exp
        for d in (-1, 1):
            assert batch._dyadic_toward(man, exp, d) == batch._double_toward(q, d), (man, exp, d)


def test_interval_status_by_doubles_is_the_exact_one():
    # decide.interval_status tries the outward doubles of an enclosure first (no mpmath) and
    # falls back to the exact ends: the verdict must be the exact one, ends tiny, huge or 0
    import itertools
    import random

    from theorycheck.decide import _status_of, interval_status
    from theorycheck.enclose.interval import Interval

    class Leaf:
        def __init__(self, identity, strict):
            self.is_identity, self.strict = identity, strict

    ends = [Fraction(0), Fraction(1, 10**400), -Fraction(1, 10**400), Fraction(1), -Fraction(1), Fraction(10**400),
            -Fraction(10**400), Fraction(1, 3), -Fraction(1, 3), Fraction(5, 2**1080), -Fraction(5, 2**1080)]
    rng = random.Random(3)
    pairs = [tuple(sorted(p)) for p in itertools.product(ends, repeat=2)]
    pairs += [tuple(sorted((Fraction(rng.uniform(-2, 2)), Fraction(rng.uniform(-2, 2))))) for _ in range(50)]
    for (a, b), identity, strict, defined in itertools.product(pairs, (False, True), (False, True), (False, True)):
        leaf = Leaf(identity, strict and not identity)
        iv = Interval(a, b) if a != b else Interval.point(a)
        if not defined:
            iv = Interval(iv._lo, iv._hi, _trusted=True, _defined=False)
        assert interval_status(leaf, iv) == _status_of(leaf, defined, iv.lo, iv.hi), (a, b, identity, strict, defined)


def test_a_claim_of_many_parts_costs_the_fast_path_little():
    # 200 true parts, none proved by one enclosure of [-1, 1] (each touches at 0): the fast
    # path evaluates the body on the box and at three points, and leaves the rest to the
    # normal pipeline (its grid, paver and bisection would evaluate the body once per part)
    from theorycheck import all_of

    @claim(x=(-1, 1))
    def two_hundred_parts(x):
        return all_of(*[exp(x) + k * x**2 >= 1 + x for k in range(200)])

    fast, units = fastpath.try_fast(two_hundred_parts, 3.0)
    assert fast is None and units < 0.02


def test_a_claim_false_only_off_the_centre_and_corners_is_refuted_at_a_sub_box_centre():
    # t^2/10 < log E e^{tX} - pt for X ~ Bernoulli(p) near p = 1/4..1/2, t = 1..3 (Hoeffding's
    # lemma needs t^2/8); at the centre (1/2, 0) and at the corners the margin is >= 0
    # (mpmath: at (1/4, 5/4) the margin is -0.0134...)
    import mpmath

    from theorycheck import log

    @claim(p=(0, 1), t=(-5, 5))
    def hoeffding_with_a_tenth(p, t):
        return t**2 / 10 - log(1 - p + p * exp(t)) + p * t >= 0

    def margin(p, t):
        return t**2 / 10 - mpmath.log(1 - p + p * mpmath.exp(t)) + p * t

    mpmath.mp.dps = 30
    assert margin(mpmath.mpf(1) / 2, 0) >= 0
    assert all(margin(p, t) >= 0 for p in (0, 1) for t in (-5, 5))
    fast, _ = fastpath.try_fast(hoeffding_with_a_tenth, 20.0)
    assert fast is not None and fast.verdict == "refuted"
    point = {k: Fraction(v) for k, v in fast.cert.point.items()}
    assert margin(mpmath.mpf(point["p"].numerator) / point["p"].denominator,
                  mpmath.mpf(point["t"].numerator) / point["t"].denominator) < 0


def test_sub_box_centres_are_inside_and_in_a_fixed_order():
    import numpy as np

    lo, hi = np.array([0.0, -5.0]), np.array([1.0, 5.0])
    pts = fastpath._sub_box_centres(lo, hi, 40)
    assert len(pts) == 40  # 4 halves' centres, 16 quarters', then 20 of the 64 eighths'
    assert tuple(pts[4]) == (0.125, -3.75) and tuple(pts[20]) == (0.0625, -4.375)
    assert [tuple(p) for p in pts[:4]] == [(0.25, -2.5), (0.25, 2.5), (0.75, -2.5), (0.75, 2.5)]
    assert all((lo < p).all() and (p < hi).all() for p in pts)
    assert len(fastpath._sub_box_centres(np.zeros(3), np.ones(3), 40)) == 40


def test_an_exp_and_log_claim_needs_no_scipy_special():
    # importing scipy.special costs about a second; a claim of exp and log decided by the fast
    # path (a proof, and a refutation with its clearer point) must not pay for it
    import subprocess
    import sys

    code = ("import sys\n"
            "from theorycheck import claim, exp, log\n"
            "from theorycheck.check import check\n"
            "@claim(x=(-1, 1))\n"
            "def a(x): return exp(x) >= x\n"
            "@claim(p=('0', '1'), t=('-5', '5'))\n"
            "def b(p, t): return t**2/10 - log(1 - p + p*exp(t)) + p*t >= 0\n"
            "print(check(a).verdict, check(b).verdict, 'scipy.special' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert out.stdout.split() == ["proved", "refuted", "False"], out.stderr[-2000:]


def test_a_claim_false_only_at_a_grid_point_is_refuted_on_the_grid():
    # false only within ~1e-5 of x = 3/1024, a point of the 1025-point grid but no centre of the
    # first levels' sub-boxes (denominators up to 128) and no corner
    @claim(x=(0, 1))
    def spike_on_the_grid(x):
        return exp(-((x - 0.0029296875) ** 2) * 10**10) <= 0.5

    fast, _ = fastpath.try_fast(spike_on_the_grid, 20.0)
    assert fast is not None and fast.verdict == "refuted" and fast.how == "fast path: interval grid + certify"
    assert abs(Fraction(fast.cert.point["x"]) - Fraction(3, 1024)) < Fraction(1, 10**5)
