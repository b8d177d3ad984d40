"""Nested forward-mode AD without perturbation confusion (issue 12, kind 2).

``d(fn, var)`` seeds a perturbation of its own, tagged, so it can run inside the prover's
gradient mode (one level of Duals), its Hessian mode (two levels) and its higher-derivative mode
(one level per order), and inside another ``d``. Every expected number here is independent of
the code under test: mpmath at 60 digits (``mpmath.diff`` on the plain mpmath function, so no
hand algebra is trusted), and closed forms derived by hand and checked against mpmath in the
test itself. The reported case: with x in [1/2, 3/4] and y in [1/4, 1/2], d/dt (t y) at t = x is
y; before tags, in gradient mode it came out as x + y (or y without its gradient), and the false
claim ``d(lambda t: t * y, "t")(x) <= 0.45`` was proved by the branch and bound.
"""

import time
from fractions import Fraction

import mpmath
import numpy as np
import pytest
import sympy

from theorycheck import claim, d, exp, integral, log, npdf, pi, sqrt, work
from theorycheck import max as tmax
from theorycheck.check import check
from theorycheck.claims import ClaimEvaluationError
from theorycheck.enclose.batch import IntervalArray
from theorycheck.enclose.dual import Dual, seed_variables
from theorycheck.enclose.interval import Interval
from theorycheck.expr import Real
from theorycheck.prove import AnchoredTaylor, BatchEvaluator, prove_leaf

# dyadic points (exact doubles), so floats, batches, exact intervals and mpmath agree on them
X0, Y0 = Fraction(5, 8), Fraction(3, 8)
BOX = {"x": ("0.5", "0.75"), "y": ("0.25", "0.5")}


def mp(q):
    return mpmath.mpf(q.numerator) / q.denominator


def encloses(enc, true, slack=0):
    """``enc`` (Interval, IntervalArray element pair, or float pair) holds the 60-digit ``true``."""
    if isinstance(enc, Interval):
        lo, hi = enc.lo, enc.hi
    else:
        lo, hi = enc
    return mpmath.mpf(lo) - slack <= true <= mpmath.mpf(hi) + slack


def width(enc):
    return float(enc.hi - enc.lo)


def t_times_y(t, y):
    return t * y


def f_rich(t, y):
    """t^2 y + exp(t y): d/dt = 2 t y + y exp(t y)."""
    return t * t * y + exp(t * y)


def f_rich_mp(t, y):
    return t * t * y + mpmath.exp(t * y)


def partial(f_mp, orders, x=X0, y=Y0):
    """A partial derivative of the plain mpmath function at (x, y), to 60 digits."""
    with mpmath.workdps(60):
        return mpmath.diff(f_mp, (mp(x), mp(y)), orders)


def pt(q):
    return Interval.point(q)


def _hessians(evaluator, lo, hi):
    """The (n, d, d, 2) Hessian array, whether enclose_hessian returns it alone or with the
    mask of boxes where the body is defined (the decorated evaluator of issue 12)."""
    out = evaluator.enclose_hessian(lo, hi)
    return out[0] if isinstance(out, tuple) else out


# -- the reported case, in every mode -----------------------------------------------------------


def test_reported_case_alone_on_intervals_over_the_box():
    x, y = Interval(0.5, 0.75), Interval(0.25, 0.5)
    got = d(lambda t: t * Real(y), "t")(Real(x)).raw
    # d/dt (t y) = y: exactly the box's y range (x + y would be [3/4, 5/4])
    assert isinstance(got, Interval)
    assert float(got.lo) == 0.25 and float(got.hi) == 0.5


def test_reported_case_in_gradient_mode_is_y_with_gradient_0_1():
    for order in ("xy", "yx"):  # the confusion depended on the slot order of the variables
        if order == "xy":
            x, y = seed_variables([Interval(0.5, 0.75), Interval(0.25, 0.5)])
            ix, iy = 0, 1
        else:
            y, x = seed_variables([Interval(0.25, 0.5), Interval(0.5, 0.75)])
            ix, iy = 1, 0
        got = d(lambda t: t * Real(y), "t")(Real(x)).raw
        assert isinstance(got, Dual) and got.tag == x.tag
        assert float(got.val.lo) == 0.25 and float(got.val.hi) == 0.5
        gx, gy = got.grad[ix], got.grad[iy]
        assert (gx == 0 if isinstance(gx, int) else float(gx.lo) == float(gx.hi) == 0)
        assert (gy == 1 if isinstance(gy, int) else float(gy.lo) == float(gy.hi) == 1)


@claim(x=BOX["x"], y=BOX["y"])
def reported_false_bound(x, y):
    return d(lambda t: t * y, "t")(x) <= 0.45  # false: y reaches 1/2


@claim(x=BOX["x"], y=BOX["y"])
def reported_false_bound_below(x, y):
    return d(lambda t: t * y, "t")(x) >= 0.6  # false: y <= 1/2


@claim(x=BOX["x"], y=BOX["y"])
def reported_true_bound(x, y):
    return d(lambda t: t * y, "t")(x) <= 0.5  # true: y <= 1/2


def test_reported_case_in_the_prover_batch_gradient_and_hessian():
    lo = np.array([[0.5, 0.25], [0.625, 0.375], [0.7, 0.26]])
    hi = np.array([[0.75, 0.5], [0.625, 0.375], [0.71, 0.27]])
    ev = BatchEvaluator(reported_true_bound, 0)
    dlo, dhi, ok, glo, ghi, gok = ev.enclose_with_gradient(lo, hi)
    assert ok.all() and gok.all()
    # margin 0.5 - y: value [0.5 - y_hi, 0.5 - y_lo], gradient (0, -1) exactly
    assert np.all(dlo <= 0.5 - hi[:, 1]) and np.all(dhi >= 0.5 - lo[:, 1])
    assert np.all(dhi - dlo <= (hi[:, 1] - lo[:, 1]) + 1e-12)
    assert np.all(glo[:, 0] == 0) and np.all(ghi[:, 0] == 0)
    assert np.all(glo[:, 1] == -1) and np.all(ghi[:, 1] == -1)
    H, hok = ev.enclose_hessian(lo, hi)
    assert hok.all() and np.all(H == 0)


def test_reported_case_in_floats_and_on_sympy_symbols():
    got = d(lambda t: t * Real(0.375), "t")(Real(0.625)).raw
    assert got == 0.375
    x, y = sympy.symbols("x y", real=True)
    got = d(lambda t: t * Real(y), "t")(Real(x)).raw
    assert sympy.simplify(got - y) == 0
    # gradient mode on exact rationals (the prover's exact jets)
    sx, sy = seed_variables([sympy.Rational(5, 8), sympy.Rational(3, 8)])
    got = d(lambda t: t * Real(sy), "t")(Real(sx)).raw
    assert got.val == sympy.Rational(3, 8) and tuple(got.grad) == (0, 1)


def test_false_bound_is_not_proved_by_the_branch_and_bound():
    # this exact call returned 'proved' before tags (wrong gradient, monotonicity on a face)
    r = prove_leaf(reported_false_bound, 0, work.clock() + 20)  # 20 work units
    assert r.status == "failing_box"
    assert r.failing_point[1] > 0.45  # fails only where y > 0.45


def test_end_to_end_verdicts_on_the_reported_case():
    assert check(reported_false_bound, budget=20).verdict == "refuted"
    assert check(reported_false_bound_below, budget=20).verdict == "refuted"
    assert check(reported_true_bound, budget=20).verdict == "proved"


# -- a richer body: t^2 y + exp(t y), its derivative and the derivative's gradient / Hessian -------


def test_rich_body_closed_form_agrees_with_mpmath():
    # g(x, y) = d/dt (t^2 y + exp(t y)) at t = x = 2 x y + y exp(x y), checked by hand and here
    with mpmath.workdps(60):
        x, y = mp(X0), mp(Y0)
        assert abs(partial(f_rich_mp, (1, 0)) - (2 * x * y + y * mpmath.exp(x * y))) < mpmath.mpf(10) ** -50
        # dg/dx = 2 y + y^2 exp(x y); dg/dy = 2 x + exp(x y) + x y exp(x y)
        assert abs(partial(f_rich_mp, (2, 0)) - (2 * y + y**2 * mpmath.exp(x * y))) < mpmath.mpf(10) ** -50
        assert abs(partial(f_rich_mp, (1, 1)) - (2 * x + (1 + x * y) * mpmath.exp(x * y))) < mpmath.mpf(10) ** -50


def _rich_g(x, y):
    return d(lambda t: f_rich(t, y), "t")(x)


def test_rich_body_alone_in_floats_on_intervals_and_on_sympy():
    true = partial(f_rich_mp, (1, 0))
    got = _rich_g(Real(pt(X0)), Real(pt(Y0))).raw
    assert encloses(got, true) and width(got) < 1e-14
    assert abs(_rich_g(Real(0.625), Real(0.375)).raw - float(true)) < 1e-14
    x, y = sympy.symbols("x y", positive=True)
    got = _rich_g(Real(x), Real(y)).raw
    assert sympy.simplify(got - (2 * x * y + y * sympy.exp(x * y))) == 0


def test_rich_body_in_gradient_mode_scalar_and_batch():
    g, gx, gy = (partial(f_rich_mp, o) for o in ((1, 0), (2, 0), (1, 1)))
    sx, sy = seed_variables([pt(X0), pt(Y0)])
    got = _rich_g(Real(sx), Real(sy)).raw
    assert encloses(got.val, g) and encloses(got.grad[0], gx) and encloses(got.grad[1], gy)
    assert max(width(got.val), width(got.grad[0]), width(got.grad[1])) < 1e-13

    @claim(x=BOX["x"], y=BOX["y"])
    def rich(x, y):
        return _rich_g(x, y) >= 0

    p = np.array([[float(X0), float(Y0)]])
    dlo, dhi, _, glo, ghi, _ = BatchEvaluator(rich, 0).enclose_with_gradient(p, p)
    assert encloses((dlo[0], dhi[0]), g) and encloses((glo[0, 0], ghi[0, 0]), gx) and encloses((glo[0, 1], ghi[0, 1]), gy)
    assert ghi[0, 0] - glo[0, 0] < 1e-12 and ghi[0, 1] - glo[0, 1] < 1e-12


def test_rich_body_in_hessian_mode_three_levels_of_duals():
    """The prover's Hessian (outer and inner tags) around d's own tag: second derivatives of
    g = f_t are third derivatives of f, from mpmath.diff."""

    @claim(x=BOX["x"], y=BOX["y"])
    def rich(x, y):
        return _rich_g(x, y) >= 0

    p = np.array([[float(X0), float(Y0)]])
    H = BatchEvaluator(rich, 0).enclose_hessian(p, p)[0][0]
    want = {(0, 0): (3, 0), (0, 1): (2, 1), (1, 0): (2, 1), (1, 1): (1, 2)}
    for (i, j), orders in want.items():
        true = partial(f_rich_mp, orders)
        assert encloses(H[i, j], true), (i, j, H[i, j], true)
        assert H[i, j, 1] - H[i, j, 0] < 1e-12
    # the scalar path (AnchoredTaylor) agrees
    Hs = AnchoredTaylor(rich, 0)._hessian([float(X0), float(Y0)], [float(X0), float(Y0)])
    for (i, j), orders in want.items():
        assert encloses(Hs[i][j], partial(f_rich_mp, orders))


def test_d_inside_the_higher_derivative_mode():
    """g(x) = d/dt exp(t x) at t = x = x exp(x^2) (closes over the claim variable), and the
    prover's one-variable Taylor derivatives of g (one Dual level per order)."""

    @claim(x=("0.5", "0.75"))
    def one_var(x):
        return d(lambda t: exp(t * x), "t")(x) >= 0

    def g_mp(x):
        return x * mpmath.exp(x * x)

    got = AnchoredTaylor(one_var, 0)._derivatives_1d(pt(X0), 3)
    with mpmath.workdps(60):
        for j in range(4):
            true = mpmath.diff(g_mp, mp(X0), j)
            assert encloses(got[j], true), (j, got[j], true)
            assert width(got[j]) < 1e-12
        # hand check of the chain: g' = (1 + 2 x^2) exp(x^2)
        x = mp(X0)
        assert abs(mpmath.diff(g_mp, x, 1) - (1 + 2 * x * x) * mpmath.exp(x * x)) < mpmath.mpf(10) ** -50


def test_rich_claims_end_to_end():
    # g = 2xy + y exp(xy) is increasing in x and y on the box: its least value is at
    # (1/2, 1/4): 1/4 + exp(1/8)/4 = 0.53331... (mpmath below)
    with mpmath.workdps(60):
        least = mpmath.mpf(1) / 4 + mpmath.exp(mpmath.mpf(1) / 8) / 4
    assert 0.533 < least < 0.5334

    @claim(x=BOX["x"], y=BOX["y"])
    def rich_true(x, y):
        return _rich_g(x, y) >= 0.533

    @claim(x=BOX["x"], y=BOX["y"])
    def rich_false(x, y):
        return _rich_g(x, y) >= 0.534

    assert check(rich_true, budget=20).verdict == "proved"
    assert check(rich_false, budget=20).verdict == "refuted"


# -- mixed partials and nesting of d -------------------------------------------------------------


def f_mixed(x, y):
    return exp(x * y) + x**3 * log(y)


def f_mixed_mp(x, y):
    return mpmath.exp(x * y) + x**3 * mpmath.log(y)


def test_mixed_partials_agree_in_every_mode():
    true = partial(f_mixed_mp, (1, 1))
    with mpmath.workdps(60):  # by hand: f_xy = (1 + x y) exp(x y) + 3 x^2 / y
        x, y = mp(X0), mp(Y0)
        assert abs(true - ((1 + x * y) * mpmath.exp(x * y) + 3 * x * x / y)) < mpmath.mpf(10) ** -50
    dxy = d(d(f_mixed, "x"), "y")
    dyx = d(d(f_mixed, "y"), "x")
    for fn in (dxy, dyx):
        got = fn(Real(pt(X0)), Real(pt(Y0))).raw
        assert encloses(got, true) and width(got) < 1e-13
        assert abs(fn(Real(0.625), Real(0.375)).raw - float(true)) < 1e-13
        # in gradient mode, the value is the same and the gradient is (f_xxy, f_xyy)
        sx, sy = seed_variables([pt(X0), pt(Y0)])
        got = fn(Real(sx), Real(sy)).raw
        assert encloses(got.val, true)
        assert encloses(got.grad[0], partial(f_mixed_mp, (2, 1)))
        assert encloses(got.grad[1], partial(f_mixed_mp, (1, 2)))
    xs, ys = sympy.symbols("x y", positive=True)
    a = dxy(Real(xs), Real(ys)).raw
    b = dyx(Real(xs), Real(ys)).raw
    assert sympy.simplify(a - b) == 0
    assert sympy.simplify(a - ((1 + xs * ys) * sympy.exp(xs * ys) + 3 * xs**2 / ys)) == 0


def test_mixed_partial_in_hessian_mode_four_levels_of_duals():
    """The prover's two tags around the two of d(d(f, "x"), "y"): the Hessian of f_xy is made of
    the fourth derivatives f_xxxy, f_xxyy, f_xyyy (mpmath.diff)."""

    @claim(x=BOX["x"], y=BOX["y"])
    def mixed(x, y):
        return d(d(f_mixed, "x"), "y")(x, y) >= 0

    p = np.array([[float(X0), float(Y0)]])
    H = _hessians(BatchEvaluator(mixed, 0), p, p)[0]
    want = {(0, 0): (3, 1), (0, 1): (2, 2), (1, 0): (2, 2), (1, 1): (1, 3)}
    for (i, j), orders in want.items():
        true = partial(f_mixed_mp, orders)
        assert encloses(H[i, j], true), (i, j, H[i, j], true)
        assert H[i, j, 1] - H[i, j, 0] < 1e-10


def test_the_classic_confusion_example_is_one_not_two():
    """D(x -> x * D(y -> x + y)(1))(1) = 1 (Siskind and Pearlmutter): the inner derivative is
    1 whatever x is, so the outer function is x and its derivative 1. Confusing the two
    perturbations gives 2."""

    def outer(one):
        return d(lambda x: x * d(lambda y: x + y, "y")(one), "x")(one)

    got = outer(Real(Interval.point(1))).raw
    assert float(got.lo) == float(got.hi) == 1
    assert outer(Real(1.0)).raw == 1.0
    assert outer(Real(sympy.Integer(1))).raw == 1

    # the same with the inner derivative taken at the outer variable:
    # d/dx [d/dy (x y) at y = x] = d/dx x = 1 (confusion: d/dx x^2 = 2 x)
    def outer2(c):
        return d(lambda x: d(lambda y: x * y, "y")(x), "x")(c)

    got = outer2(Real(pt(Fraction(3)))).raw
    assert float(got.lo) == float(got.hi) == 1


def test_derivative_of_a_function_that_does_not_depend_on_the_variable():
    y = Real(pt(Y0))
    x = Real(pt(X0))
    for fn in (lambda t: y * y, lambda t: Real(pt(Y0)) * 3, lambda t: 3, lambda t: pi * 2):
        got = d(fn, "t")(x).raw
        assert float(got.lo) == float(got.hi) == 0
    # in gradient mode: a zero that carries the prover's tag, with gradient 0
    sx, sy = seed_variables([pt(X0), pt(Y0)])
    got = d(lambda t: Real(sy) * Real(sy), "t")(Real(sx)).raw
    assert isinstance(got, Dual) and got.tag == sx.tag
    assert float(got.val.lo) == float(got.val.hi) == 0
    assert all(g == 0 if isinstance(g, int) else float(g.lo) == float(g.hi) == 0 for g in got.grad)
    # d(lambda t: y * y, "t") depends on y only through y: zero, and zero gradient, on sympy too
    ys = sympy.Symbol("y")
    assert d(lambda t: Real(ys) ** 2, "t")(Real(sympy.Symbol("x"))).raw == 0


def test_d_of_an_integral_closing_over_a_claim_variable():
    """d/dt of the integral of npdf(s - t) over [0, y] at t = x is npdf(-x) - npdf(y - x)
    (Leibniz; the end y does not move with t), also in gradient mode, where the integral must
    differentiate in d's perturbation though its ends carry only the prover's."""
    with mpmath.workdps(60):
        x, y = mp(X0), mp(Y0)
        true = mpmath.npdf(-x) - mpmath.npdf(y - x)

    def g(xr, yr):
        return d(lambda t: integral(lambda s: npdf(s - t), 0, yr), "t")(xr)

    got = g(Real(pt(X0)), Real(pt(Y0))).raw
    assert encloses(got, true) and width(got) < 1e-10
    sx, sy = seed_variables([pt(X0), pt(Y0)])
    got = g(Real(sx), Real(sy)).raw
    assert encloses(got.val, true)
    with mpmath.workdps(60):  # d/dx = -npdf'(-x) ... by hand: npdf'(u) = -u npdf(u)
        gx = -x * mpmath.npdf(-x) - (y - x) * mpmath.npdf(y - x)
        gy = (y - x) * mpmath.npdf(y - x)
        assert abs(gx - mpmath.diff(lambda a: mpmath.npdf(-a) - mpmath.npdf(y - a), x)) < mpmath.mpf(10) ** -40
    assert encloses(got.grad[0], gx) and encloses(got.grad[1], gy)


# -- powers, kinks and mixing of kinds -----------------------------------------------------------


@pytest.mark.parametrize(
    "name, body, body_mp",
    [
        ("t**3 y", lambda t, y: t**3 * y, lambda t, y: t**3 * y),
        ("t**0.5 y (Fraction exponent)", lambda t, y: t**0.5 * y, lambda t, y: mpmath.sqrt(t) * y),
        ("t**1.5 + y", lambda t, y: t**1.5 + y, lambda t, y: t ** mpmath.mpf(1.5) + y),
        ("t**pi y (Lazy exponent)", lambda t, y: t**pi * y, lambda t, y: t**mpmath.pi * y),
        ("t**y (Real exponent)", lambda t, y: t**y, lambda t, y: t**y),
        ("2**(t y) (Real power of a number)", lambda t, y: 2 ** (t * y), lambda t, y: mpmath.mpf(2) ** (t * y)),
        ("sqrt(t + y) / (1 + t)", lambda t, y: sqrt(t + y) / (1 + t), lambda t, y: mpmath.sqrt(t + y) / (1 + t)),
        ("log(t) - 1/t * y", lambda t, y: log(t) - 1 / t * y, lambda t, y: mpmath.log(t) - y / t),
    ],
)
def test_powers_and_functions_in_gradient_mode(name, body, body_mp):
    g, gx, gy = (partial(body_mp, o) for o in ((1, 0), (2, 0), (1, 1)))
    sx, sy = seed_variables([pt(X0), pt(Y0)])
    got = d(lambda t: body(t, Real(sy)), "t")(Real(sx)).raw
    assert encloses(got.val, g) and width(got.val) < 1e-12
    gxs = got.grad[0] if not isinstance(got.grad[0], int) else Interval.point(got.grad[0])
    gys = got.grad[1] if not isinstance(got.grad[1], int) else Interval.point(got.grad[1])
    assert encloses(gxs, gx) and encloses(gys, gy)
    assert abs(d(lambda t: body(t, Real(0.375)), "t")(Real(0.625)).raw - float(g)) < 1e-12


def test_abs_outside_nesting_still_gives_the_clarke_hull():
    (x,) = seed_variables([Interval(-1, 2)])
    got = abs(Real(x)).raw
    assert float(got.grad[0].lo) == -1 and float(got.grad[0].hi) == 1
    # a batch element where the argument is exactly 0 on the whole set (a point on the kink, as
    # at a Taylor anchor): a segment leaving it may follow either branch, so Clarke's hull [-1, 1];
    # where it is certainly positive, 1
    (xb,) = seed_variables([IntervalArray(np.array([0.0, 1.0]), np.array([0.0, 2.0]))])
    got = abs(Real(xb)).raw
    assert got.grad[0].lo[0] == -1 and got.grad[0].hi[0] == 1
    assert got.grad[0].lo[1] == 1 and got.grad[0].hi[1] == 1


def test_abs_min_max_under_d_where_the_side_is_certain():
    # x in [0.5, 0.75] > y in [0.25, 0.5]... touching at 0.5: x >= y on the whole box
    sx, sy = seed_variables([Interval(0.5, 0.75), Interval(0.25, 0.5)])
    x, y = Real(sx), Real(sy)
    got = d(lambda t: abs(t - y) * t, "t")(x).raw  # = (t - y) t: d/dt = 2 t - y at t = x
    assert float(got.val.lo) == 0.5 and float(got.val.hi) == 1.25
    assert float(got.grad[0].lo) == float(got.grad[0].hi) == 2
    assert float(got.grad[1].lo) == float(got.grad[1].hi) == -1
    got = d(lambda t: tmax(t, y) * t, "t")(x).raw  # = t^2: 2 x, gradient (2, 0)
    assert float(got.grad[0].lo) == 2 and got.grad[1] == 0


def test_abs_under_d_where_the_argument_may_vanish_has_no_second_derivative():
    # NotEnclosed: no enclosure there, and no claim that anything is undefined (the engines
    # leave such a box undecided)
    from theorycheck.enclose.interval import NotEnclosed

    sx, sy = seed_variables([Interval(0.25, 0.75), Interval(0.25, 0.5)])
    with pytest.raises(NotEnclosed):
        d(lambda t: abs(t - Real(sy)), "t")(Real(sx))
    with pytest.raises(NotEnclosed):
        d(lambda t: tmax(t, Real(sy)), "t")(Real(sx))


@claim(x=(0, 1), y=("0.25", "0.75"))
def max_times_t(x, y):
    return d(lambda t: tmax(t, y) * t, "t")(x) >= 0


def test_max_under_d_on_a_batch_with_both_sides_picked():
    # per box: x > y gives t^2 -> 2x, gradient (2, 0); x < y gives y t -> y, gradient (0, 1)
    lo = np.array([[0.8, 0.3], [0.1, 0.5], [0.9, 0.7]])
    hi = np.array([[0.9, 0.4], [0.2, 0.6], [0.95, 0.75]])
    dlo, dhi, _, glo, ghi, _ = BatchEvaluator(max_times_t, 0).enclose_with_gradient(lo, hi)
    assert list(glo[:, 0]) == [2, 0, 2] and list(ghi[:, 0]) == [2, 0, 2]
    assert list(glo[:, 1]) == [0, 1, 0] and list(ghi[:, 1]) == [0, 1, 0]
    assert dlo[0] <= 1.6 and dhi[0] >= 1.8 and dlo[1] <= 0.5 and dhi[1] >= 0.6
    # a box where both may be picked: no derivative there, the batch says so (the prover copes)
    lo2 = np.vstack([lo, [[0.4, 0.3]]])
    hi2 = np.vstack([hi, [[0.6, 0.5]]])
    with pytest.raises(ClaimEvaluationError, match="nested derivatives"):
        BatchEvaluator(max_times_t, 0)._enclose_batch(lo2, hi2, gradient=True)
    # on the diagonal x = y, max(t, y) t has no derivative in t (left y, right 2y): the body is
    # undefined there, so the claim is false; no certificate of a missing derivative exists, so
    # it must not be proved (undecided is the honest answer)
    assert check(max_times_t, budget=20).verdict != "proved"


def test_operations_mix_duals_with_other_kinds():
    sx, sy = seed_variables([pt(X0), pt(Y0)])
    inner = Dual(sx, (1,))  # a newer tag over the prover's
    assert inner.tag > sx.tag
    for other in (2, Fraction(1, 3), Interval.point(Fraction(1, 3)), sy):
        r = inner * other
        assert r.tag == inner.tag
        assert isinstance(r.val, Dual) and r.val.tag == sx.tag
    r = np.float64(2.0) * Dual(1.0, (1.0,))
    assert isinstance(r, Dual) and r.grad == (2.0,)
    with pytest.raises(ValueError):
        Dual(inner, (1,), tag=sx.tag)  # an older tag cannot hold a newer one


def test_d_on_float_arrays_of_the_search():
    """The vectorised search evaluates bodies on float arrays: numpy must defer to Dual (an
    array times a Dual was an object array, and d() then read a derivative of 0)."""
    xs, ys = np.array([0.5, 0.6, 0.7]), np.array([0.3, 0.8, 0.2])
    x, y = Real(xs), Real(ys)
    got = d(lambda t: y * t + exp(t) * y, "t")(x).raw  # y + exp(x) y
    assert np.allclose(got, ys + np.exp(xs) * ys, rtol=1e-15)
    got = d(lambda t: tmax(t, y) * t, "t")(x).raw  # 2x where x > y, else y
    assert list(got) == [1.0, 0.8, 1.4]
    got = d(lambda t: d(lambda s: s * t * y, "s")(t), "t")(x).raw  # d/dt (t y) = y, not 2 t y
    assert np.array_equal(got, ys)
