"""Every shortcut of the prover states and checks its own premise; each test here pairs a claim
that the shortcut gets wrong without that check (the *mutation*: the check patched away) with the
right verdict when the check is in place.

The search is switched off in these tests (``prove_only``): a counterexample found by search
would hide a wrong proof. Truth of every claim is settled by hand in its comment.
"""

from __future__ import annotations

import random
from fractions import Fraction

import numpy as np
import pytest

import theorycheck.check as check_module
import theorycheck.decide as decide_module
import theorycheck.fastpath as fastpath_module
import theorycheck.prove as prove_module
from theorycheck import claim, log, pi, sqrt
from theorycheck.certify import exact_point_from_floats
from theorycheck.prove import ProofResult
from theorycheck.search import SearchResult


def prove_only(monkeypatch, c, budget=6.0):
    """check() with the adversarial search switched off, and the fast path too (its grid of
    points is a search of its own, and its plain bisection would refute a claim before the
    shortcut under test is reached; tests/test_fastpath.py has its mutations): only the prover
    (and certification of the points it hands over) can decide."""
    monkeypatch.setattr(check_module, "search", lambda *a, **k: SearchResult())
    monkeypatch.setattr(fastpath_module, "try_fast", lambda *a, **k: (None, 0.0))
    return check_module.check(c, budget=budget)


# -- identities are two inequalities ------------------------------------------------------------

@claim(x=(0, 1))
def big_plus_square_is_big(x):
    # false: at x = 1 the left side is 1e30 + 1 (exactly, literals are exact), the right 1e30
    return 1e30 + x**2 == 1e30


def test_identity_is_proved_as_two_halves(monkeypatch):
    v = prove_only(monkeypatch, big_plus_square_is_big)
    assert v.verdict == "refuted"
    assert Fraction(v.counterexample["x"]) > 0


def test_mutation_identity_through_the_face_rule_is_caught(monkeypatch):
    # mutant: the identity goes to branch and bound whole; monotonicity then reduces [0, 1] to the
    # face x = 0, where both sides are exactly equal, and "proves" the false identity
    monkeypatch.setattr(prove_module, "_refuse_identity", lambda leaf, definedness_only: None)
    monkeypatch.setattr(check_module, "_prove_halves",
                        lambda c, i, dl, w, t, say, confirm=None: prove_module.prove_leaf(c, i, dl, confirm=confirm))
    v = prove_only(monkeypatch, big_plus_square_is_big)
    assert v.verdict == "proved"  # the wrong verdict this premise exists to prevent


# -- derivative shortcuts need the body defined and differentiable on the box -------------------

@claim(x=(-1, 1))
def root_below_two(x):
    # false: sqrt(x) is undefined for x < 0 (where defined, sqrt(x) <= 1 < 2)
    return 2 - sqrt(x) >= 0


def test_monotonicity_needs_a_defined_box(monkeypatch):
    v = prove_only(monkeypatch, root_below_two)
    assert v.verdict == "refuted" and v.undefined


@claim(x=(-1, 1))
def log_undefined_at_irrational_points(x):
    # false: undefined at x = +-1/sqrt(2), where (x^2 - 1/2)^2 = 0; no decimal point is undefined,
    # so no box corner the prover tries is either (elsewhere the margin x + 2 >= 1 holds)
    return x + 2 + 0 * log((x * x - 0.5)**2) >= 0


def test_monotonicity_needs_a_defined_box_even_without_an_undefined_corner(monkeypatch):
    v = prove_only(monkeypatch, log_undefined_at_irrational_points)
    assert v.verdict == "undecided"  # no exact decimal counterexample exists; never proved


def test_mutation_monotonicity_without_definedness_is_caught(monkeypatch):
    # mutant: the derivative 1 + 0 * (...) = [1, 1] over [-1, 1] (an enclosure over the defined
    # part) sends the box to its lower face x = -1, where 1 + 2 >= 0 holds. (root_below_two is
    # refuted even by this mutant: its undefined corner x = -1 is tried before any derivative.)
    monkeypatch.setattr(prove_module, "_smooth", lambda dok, gok: np.ones_like(dok))
    v = prove_only(monkeypatch, log_undefined_at_irrational_points)
    assert v.verdict == "proved"


# -- a decided box must be decorated defined ------------------------------------------------------

@claim(x=(-1, 1))
def sqrt_is_nonnegative_on_minus_one_one(x):
    # false: sqrt(x) is undefined for x < 0
    return sqrt(x) >= 0


def test_holds_needs_definedness(monkeypatch):
    v = prove_only(monkeypatch, sqrt_is_nonnegative_on_minus_one_one)
    assert v.verdict == "refuted"
    assert v.undefined and Fraction(v.counterexample["x"]) < 0


def test_mutation_holds_without_definedness_is_caught(monkeypatch):
    # mutant: decorations ignored; the enclosure [0, 1] of sqrt over [-1, 1] (its defined part)
    # then proves the claim
    always = lambda value, n=None: True if n is None else np.ones(n, dtype=bool)  # noqa: E731
    for module in (decide_module, prove_module):
        monkeypatch.setattr(module, "is_defined", lambda value: True)
        monkeypatch.setattr(module, "defined_mask", lambda value, n: np.ones(n, dtype=bool))
    del always
    v = prove_only(monkeypatch, sqrt_is_nonnegative_on_minus_one_one)
    assert v.verdict == "proved"


# -- a symbolic identity needs both sides defined on the box ---------------------------------------

@claim(x=(-1, 1))
def x_over_x_is_one(x):
    # false: undefined at x = 0 (sympy simplifies x/x to 1 without asking)
    return x / x == 1


@claim(x=(-1, 2))
def exp_of_log_is_identity(x):
    # false: log x is undefined for x <= 0
    from theorycheck import exp

    return exp(log(x)) == x


@pytest.mark.parametrize("c", [x_over_x_is_one, exp_of_log_is_identity], ids=lambda c: c.name)
def test_symbolic_identity_needs_definedness(monkeypatch, c):
    v = check_module.check(c, budget=6)
    assert v.verdict == "refuted"
    assert v.undefined


@pytest.mark.parametrize("c", [x_over_x_is_one, exp_of_log_is_identity], ids=lambda c: c.name)
def test_mutation_symbolic_without_definedness_is_caught(monkeypatch, c):
    monkeypatch.setattr(check_module, "_defined_on_box",
                        lambda *a, **k: ProofResult(status="proved"))
    v = prove_only(monkeypatch, c)
    assert v.verdict == "proved"


@claim(x=(1, 2))
def square_of_sum(x):
    # true: the binomial formula, defined everywhere
    return (x + 1) ** 2 == x**2 + 2 * x + 1


def test_true_identity_still_proved_symbolically():
    v = check_module.check(square_of_sum, budget=6)
    assert v.verdict == "proved"
    assert "symbolic" in v.evidence["methods"][0]


# -- certified points are exact and inside the box --------------------------------------------------

@claim(x=("0", "15/7"))
def strict_bound_touching_at_an_end_that_is_no_double(x):
    # true: 7x - 1e-45 < 15 <=> x < 15/7 + 1e-45/7, and x <= 15/7
    return 7 * x - 1e-45 < 15


def test_no_counterexample_just_outside_the_box():
    v = check_module.check(strict_bound_touching_at_an_end_that_is_no_double, budget=6)
    assert v.verdict != "refuted"


def test_exact_points_lie_inside_the_box():
    rng = random.Random(7)
    for _ in range(300):
        a = Fraction(rng.randint(-10**6, 10**6), rng.randint(1, 10**6))
        b = a + Fraction(rng.randint(0, 10**6), rng.randint(1, 10**9))

        @claim(x=(str(a), str(b)))
        def box(x):
            return x >= 0

        for x in (float(a), float(b), np.nextafter(float(a), -np.inf), np.nextafter(float(b), np.inf),
                  float("inf"), float("-inf"), (float(a) + float(b)) / 2):
            text = exact_point_from_floats(box, [x])["x"]
            q = Fraction(text)
            assert a <= q <= b, (a, b, x, text)


def test_a_point_outside_the_box_is_refused():
    from theorycheck.certify import check_point

    @claim(x=("0", "15/7"))
    def c(x):
        return x <= 15 / 7 * pi / pi

    with pytest.raises(ValueError, match="not inside"):
        check_point(c, {"x": "2.2"})


# -- nested derivatives are tagged apart (perturbation confusion) --------------------------------

def _d_claims():
    from theorycheck import d

    @claim(x=("1/2", "3/4"), y=("1/4", "1/2"))
    def slope_in_t_at_most_three_tenths(x, y):
        # d/dt (t y) = y, which reaches 1/2 > 3/10: false
        return d(lambda t: t * y, "t")(x) <= 0.3

    @claim(x=("1/2", "3/4"), y=("1/4", "1/2"))
    def slope_of_t_squared_y_at_most_half(x, y):
        # d/dt (t^2 y) = 2 t y, which reaches 2 (3/4)(1/2) = 3/4 > 1/2: false
        return d(lambda t: t * t * y, "t")(x) <= 0.5

    return [slope_in_t_at_most_three_tenths, slope_of_t_squared_y_at_most_half]


@pytest.mark.parametrize("index", [0, 1])
def test_nested_derivatives_are_tagged(monkeypatch, index):
    v = prove_only(monkeypatch, _d_claims()[index])
    assert v.verdict == "refuted"


@pytest.mark.parametrize("index", [0, 1])
def test_mutation_untagged_duals_is_caught(monkeypatch, index):
    # mutant: Duals of different seedings combine component by component (no tags): inside the
    # prover's gradient mode, d() then differentiates in the prover's variables too
    from theorycheck.enclose.dual import Dual

    def untagged(self, other):
        return (self, other) if isinstance(other, Dual) else (self, self._lift(other))

    monkeypatch.setattr(Dual, "_align", untagged)
    v = prove_only(monkeypatch, _d_claims()[index])
    assert v.verdict == "proved"


# -- literals mean what was typed -------------------------------------------------------------------

def _npdf_claim():
    from theorycheck import npdf

    @claim(x=(0, 39))
    def npdf_above_1e_330(x):
        # false: npdf(39) = 2.1e-331 < 1e-330 (mpmath, 60 digits); Python reads 1e-330 as 0.0
        return npdf(x) >= 1e-330

    return npdf_above_1e_330


def test_literals_are_read_from_the_source():
    v = check_module.check(_npdf_claim(), budget=6)
    assert v.verdict == "refuted"


def test_mutation_literals_from_python_floats_is_caught(monkeypatch):
    # mutant: the body keeps the double Python built (1e-330 is 0.0): the false claim is proved
    import theorycheck.literals as literals_module

    monkeypatch.setattr(literals_module, "rewrite_literals", lambda f: (f, None))
    v = check_module.check(_npdf_claim(), budget=6)
    assert v.verdict == "proved"


# -- a Taylor form anchored at a touching point needs the margin smooth at the anchor ---------------

@claim(x=(-1, 1))
def kink_at_the_touching_point(x):
    # false: for u = x in (-2e-300, 0), 1e300 u^2 - |u| + u = 1e300 u^2 + 2u < 0 (u = -1e-300:
    # 1e-300 - 2e-300); the margin is 0 at the kink x = 0, where the search hands the prover a
    # touching point; the right branch's derivative there (0) does not hold on the left
    return 1e300 * x**2 - abs(x) + x >= 0


@claim(x=(-1, 1))
def kink_at_the_touching_point_true_twin(x):
    # true: 1e300 x^2 + |x| - x is 1e300 x^2 - 2x >= 0 for x < 0 and 1e300 x^2 >= 0 for x >= 0
    return 1e300 * x**2 + abs(x) - x >= 0


def test_taylor_anchor_on_a_kink_is_refused():
    v = check_module.check(kink_at_the_touching_point, budget=6)
    assert v.verdict != "proved"
    assert check_module.check(kink_at_the_touching_point_true_twin, budget=6).verdict == "proved"


def test_mutation_one_sided_derivative_at_the_anchor_is_caught(monkeypatch):
    # mutant: at a point on the kink |v| takes the right branch's derivative (sign 1), and the
    # anchor's derivatives are read with one level of nesting only (no kink check at the anchor)
    import theorycheck.enclose.dual as dual_module
    from theorycheck.enclose.interval import Interval

    plain = dual_module._sign_hull

    def one_sided(v):
        if isinstance(v, Interval) and v.lo == 0 and v.hi == 0:
            return 1
        return plain(v)

    monkeypatch.setattr(dual_module, "_sign_hull", one_sided)
    original = prove_module.AnchoredTaylor._exact_derivs_1d

    def shallow(self, p, order):
        real = self._derivatives_1d
        self._derivatives_1d = lambda x, k: real(x, min(k, order - 1)) + [Interval(0, 0)] * max(0, k - order + 1)
        try:
            return original(self, p, order)
        finally:
            del self._derivatives_1d

    monkeypatch.setattr(prove_module.AnchoredTaylor, "_exact_derivs_1d", shallow)
    # (the series forms of theorycheck/high_order.py switched off: in one variable they come first
    # and, refusing the kink themselves, would leave the mutated nested-dual form unused)
    import theorycheck.high_order as high_order_module

    series_init = high_order_module.SeriesTaylor.__init__

    def no_series(self, *args, **kwargs):
        series_init(self, *args, **kwargs)
        self.unsupported = True

    monkeypatch.setattr(high_order_module.SeriesTaylor, "__init__", no_series)
    # (with the search: it is what finds the touching point x = 0 for the anchor)
    v = check_module.check(kink_at_the_touching_point, budget=6)
    assert v.verdict == "proved"


# -- translation invariance: constant along a direction on the hull, exactly ---------------------

import theorycheck.invariance as invariance_module  # noqa: E402
from theorycheck import max as tc_max, npdf  # noqa: E402


@claim(a=(0.25, 1.25), b=(0.25, 1.25))
def constant_along_the_diagonal_only_inside_the_box(a, b):
    # false at (1/4, 5/4): -1 + 0.6 < 0. On the box (b <= 5/4) the max term is 0 and the margin
    # a - b + 0.6 is constant along (1, 1); carried to a = 3/4 the points (3/4, b - a + 3/4) reach
    # b = 7/4, where the max term keeps the margin >= 0.05: the reduced claim is true
    return a - b + 0.6 + 10 * tc_max(0, b - 1.3) >= 0


@claim(x=(-3, 3), mu=(-3, 3))
def peak_plus_a_tiny_drift(x, mu):
    # false at x = mu = 3 by 3e-12: constant along (1, 1) to 12 digits, not exactly
    return npdf(x - mu) + 1e-12 * x <= 1 / sqrt(2 * pi)


@claim(x=(-3, 3), mu=(-3, 3))
def peak_of_a_gaussian(x, mu):
    # true: npdf(d) <= npdf(0), equality on the whole diagonal x = mu
    return npdf(x - mu) <= 1 / sqrt(2 * pi)


def test_translation_reduces_a_claim_that_depends_on_a_difference(monkeypatch):
    v = prove_only(monkeypatch, peak_of_a_gaussian)
    assert v.verdict == "proved"
    assert v.proof["parts"][0]["tiling"][0]["by"] == "translation"


def test_translation_needs_constancy_on_the_hull_not_only_on_the_box(monkeypatch):
    assert prove_only(monkeypatch, constant_along_the_diagonal_only_inside_the_box).verdict != "proved"


def test_mutation_translation_checked_on_the_box_only_is_caught(monkeypatch):
    monkeypatch.setattr(invariance_module, "hull", lambda a, b: [tuple(x) for x in a])
    monkeypatch.setattr(invariance_module, "_float_constant", lambda *a: True)
    assert prove_only(monkeypatch, constant_along_the_diagonal_only_inside_the_box).verdict == "proved"


def test_translation_needs_an_exactly_zero_derivative(monkeypatch):
    monkeypatch.setattr(invariance_module, "_float_constant", lambda *a: True)
    assert prove_only(monkeypatch, peak_plus_a_tiny_drift).verdict != "proved"


def test_mutation_translation_trusting_the_float_pass_is_caught(monkeypatch):
    monkeypatch.setattr(invariance_module, "constant_along", lambda *a: True)
    assert prove_only(monkeypatch, peak_plus_a_tiny_drift).verdict == "proved"
