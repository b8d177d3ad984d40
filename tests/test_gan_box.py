"""Tests of theorycheck.gaussians.gan_box: f and grad f of the two-Gaussian GAN over parameter boxes.

The reference is independent of the code under test: mpmath at 50 digits, the zeros of F located
on a float grid (with the critical points of F added, so that two close zeros are not missed) and
polished by mpmath.findroot, f = TV by mpmath.quad of F over the pieces where F > 0, grad f in
closed form at those zeros (a^_j sum_i [phi(r_i - m_j) - phi(l_i - m_j)]), checked once against
central differences of the quadrature. Seeds are fixed.
"""

from __future__ import annotations

import json
import math
import random
import subprocess
import sys
import time
from fractions import Fraction
from pathlib import Path

import mpmath
import numpy as np
import pytest

from theorycheck.enclose.interval import DomainError, Interval, NotEnclosed
from theorycheck.expr import Real
from theorycheck.gaussians import gan
from theorycheck.gaussians.gan_box import enclose, f_box, grad_f_box, hessian_box

mp = mpmath.mp
ROOT = Path(__file__).resolve().parents[1]


# -- the reference ------------------------------------------------------------------------------------


def _root(fn, a, b):
    """The root of fn in the bracket [a, b] where fn changes sign, at the working precision (50
    digits): mpmath.findroot (Illinois), accepted only when fn changes sign within 1e-45 of it,
    else bisection to 2^-180 of the bracket (slow but sure)."""
    try:
        z = mpmath.findroot(fn, (a, b), solver="illinois", verify=False)
        d = mpmath.mpf(10) ** -45 * max(1, abs(z))
        if min(a, b) <= z <= max(a, b) and (fn(z) == 0 or (fn(z - d) > 0) != (fn(z + d) > 0)):
            return z
    except (ValueError, ZeroDivisionError):
        pass
    fa = fn(a)
    for _ in range(180):
        m = (a + b) / 2
        fm = fn(m)
        if fm == 0:
            return m
        if (fm > 0) == (fa > 0):
            a, fa = m, fm
        else:
            b = m
    return (a + b) / 2


def reference(mu, mu_star, a_s, a_h=None, quad=False):
    """(f, df/dmu_1, df/dmu_2) at an exact point (floats or Fractions), 50 digits. The zeros of F:
    F' changes sign on a float grid -> critical points by mpmath.findroot; F is monotone between
    consecutive critical points and tends to 0 at +-inf monotonically beyond the outermost ones, so
    every zero lies between two consecutive critical points of opposite signs of F (findroot
    again). f by the closed form in ncdf, or by mpmath.quad (``quad``)."""
    a_h = a_s if a_h is None else a_h
    a_s, a_h = (Fraction(a) for a in (a_s, a_h))
    with mpmath.workdps(50):
        m1, m2, s1, s2 = (mpmath.mpf(Fraction(x).numerator) / Fraction(x).denominator for x in (*mu, *mu_star))
        A_s = mpmath.mpf(a_s.numerator) / a_s.denominator
        A_h = mpmath.mpf(a_h.numerator) / a_h.denominator
        w = [A_s, 1 - A_s, -A_h, -(1 - A_h)]
        c = [s1, s2, m1, m2]

        def F(x):
            return sum(wk * mpmath.npdf(x, ck) for wk, ck in zip(w, c))

        def dF(x):
            return sum(-wk * (x - ck) * mpmath.npdf(x, ck) for wk, ck in zip(w, c))

        wf, cf = [float(v) for v in w], [float(v) for v in c]
        xs = np.linspace(min(cf) - 12, max(cf) + 12, 48001)
        d = sum(-wk * (xs - ck) * np.exp(-(xs - ck) ** 2 / 2) for wk, ck in zip(wf, cf))
        crit = [_root(dF, mpmath.mpf(xs[i]), mpmath.mpf(xs[i + 1]))
                for i in np.nonzero(np.sign(d[1:]) * np.sign(d[:-1]) < 0)[0]]
        vals = [F(x) for x in crit]
        zeros = []
        for (x0, v0), (x1, v1) in zip(zip(crit, vals), zip(crit[1:], vals[1:])):
            if v0 * v1 < 0:
                zeros.append(_root(F, x0, x1))
        cuts = [-mpmath.inf] + zeros + [mpmath.inf]
        f = mpmath.mpf(0)
        g = [mpmath.mpf(0), mpmath.mpf(0)]
        for L, R in zip(cuts, cuts[1:]):
            if mpmath.isfinite(L) and mpmath.isfinite(R):
                probe = (L + R) / 2
            elif mpmath.isfinite(R):
                probe = R - 1
            elif mpmath.isfinite(L):
                probe = L + 1
            else:
                probe = mpmath.mpf(0)
            if F(probe) <= 0:
                continue
            if quad:
                f += mpmath.quad(F, [L, R])
            else:
                f += sum(wk * (mpmath.ncdf(R, ck) - mpmath.ncdf(L, ck)) for wk, ck in zip(w, c))
            for j, (a, m) in enumerate(((A_h, m1), (1 - A_h, m2))):
                g[j] += a * ((mpmath.npdf(R, m) if mpmath.isfinite(R) else 0) - (mpmath.npdf(L, m) if mpmath.isfinite(L) else 0))
        return f, g[0], g[1]


def _inside(iv: Interval, v) -> bool:
    return iv.lo <= v <= iv.hi


def _box(center, width):
    return Interval(center, center + width)


def _sample(iv: Interval, rng):
    lo, hi = iv.float_bounds()
    return min(max(lo + rng.random() * (hi - lo), lo), hi)


def _check_box(mu_box, star, a_s, a_h, rng, points=3, grads=True):
    """f and grad f over the box contain the reference at the box's corners and random points."""
    f = f_box(mu_box, star, alpha_star=a_s, alpha_hat=a_h)
    g = grad_f_box(mu_box, star, alpha_star=a_s, alpha_hat=a_h) if grads else None
    corners = [(mu_box[0].float_bounds()[0], mu_box[1].float_bounds()[1])]
    samples = corners + [(_sample(mu_box[0], rng), _sample(mu_box[1], rng)) for _ in range(points)]
    for p in samples:
        ref = reference(p, star, Fraction(a_s), None if a_h is None else Fraction(a_h))
        assert _inside(f, ref[0]), (mu_box, p, f, ref[0])
        if grads:
            assert _inside(g[0], ref[1]) and _inside(g[1], ref[2]), (mu_box, p, g, ref[1:])
    return f, g


# -- containment ---------------------------------------------------------------------------------------


def test_reference_gradient_matches_central_differences_of_the_quadrature_and_the_closed_form():
    mu, star = (Fraction("-0.506158"), Fraction("1.26906")), (-1, 1)
    h = Fraction(1, 10**12)
    f0, g1, g2 = reference(mu, star, Fraction(1, 2), quad=True)
    fp = reference((mu[0] + h, mu[1]), star, Fraction(1, 2), quad=True)[0]
    fm = reference((mu[0] - h, mu[1]), star, Fraction(1, 2), quad=True)[0]
    with mpmath.workdps(50):
        assert abs((fp - fm) / (2 * mpmath.mpf(10) ** -12) - g1) < 1e-15
        assert abs(reference(mu, star, Fraction(1, 2))[0] - f0) < 1e-40  # the closed form used below
    assert abs(f0 - mpmath.mpf("0.108687")) < 1e-6  # reports/MODEL.md's table (weights 1/2)


@pytest.mark.parametrize("a_s,a_h", [("1/2", None), ("0.3", None), ("0.1", None), ("0.3", "0.45")],
                         ids=["known-1/2", "known-0.3", "known-0.1", "learned-0.3-0.45"])
def test_random_boxes_contain_the_mpmath_values(a_s, a_h):
    rng = random.Random(f"{a_s}/{a_h}")
    for _ in range(5):
        star = (round(rng.uniform(-2, 0), 3), round(rng.uniform(0.2, 2), 3))
        m1 = rng.uniform(-2.5, 1.5)
        m2 = m1 + rng.uniform(0.05, 3)
        w = 10 ** rng.uniform(-4, -1)
        mu_box = (_box(m1, w), _box(m2, w * rng.uniform(0.5, 2)))
        f, g = _check_box(mu_box, star, a_s, a_h, rng)
        assert f.defined and g[0].defined and g[1].defined


def test_target_means_and_alpha_may_be_boxes_too():
    rng = random.Random(5)
    star_box = (Interval("-1.01", "-0.99"), Interval("0.98", "1.0"))
    mu_box = (Interval("-0.3", "-0.29"), Interval("1.4", "1.42"))
    f = f_box(mu_box, star_box, alpha="0.3")
    g = grad_f_box(mu_box, star_box, alpha=Interval("0.29", "0.31"))
    for _ in range(4):
        star = (_sample(star_box[0], rng), _sample(star_box[1], rng))
        mu = (_sample(mu_box[0], rng), _sample(mu_box[1], rng))
        a = Fraction(_sample(Interval("0.29", "0.31"), rng))
        assert _inside(f, reference(mu, star, Fraction(3, 10))[0])
        r = reference(mu, star, a)
        assert _inside(g[0], r[1]) and _inside(g[1], r[2])
    assert g[0].defined and f.width() < 0.02


def _tangency():
    """mu* = (-1, 1), alpha = 0.3 (known), mu_2 = 1/2: the mu_1 where two zeros of F merge into a
    double zero (F = F' = 0), and that zero; by mpmath.findroot on the pair of equations."""
    a = mpmath.mpf(3) / 10

    def eqs(x, m1):
        F = a * mpmath.npdf(x, -1) + (1 - a) * mpmath.npdf(x, 1) - a * mpmath.npdf(x, m1) - (1 - a) * mpmath.npdf(x, 0.5)
        dF = mpmath.diff(lambda t: a * mpmath.npdf(t, -1) + (1 - a) * mpmath.npdf(t, 1) - a * mpmath.npdf(t, m1)
                         - (1 - a) * mpmath.npdf(t, 0.5), x)
        return F, dF

    with mpmath.workdps(30):
        best = None
        for x0 in np.linspace(-3, 0, 13):
            try:
                x, m1 = mpmath.findroot(eqs, (x0, -2.06))
            except (ValueError, ZeroDivisionError):
                continue
            if -2.2 < m1 < -1.9:
                best = (float(m1), float(x))
                break
    assert best is not None
    return best


def test_tangency_boxes_are_valid_and_shrink():
    """Boxes around a double zero of F (the discriminator gains or loses an interval there)."""
    m1c, _ = _tangency()
    rng = random.Random(7)
    widths = []
    for w in (1e-2, 1e-3, 1e-4):
        mu_box = (Interval(m1c - w / 3, m1c + 2 * w / 3), Interval.point("0.5"))
        f, g = _check_box(mu_box, (-1, 1), "0.3", None, rng, points=3)
        widths.append(float(g[0].width()))
        assert g[0].defined
    # near a tangency grad f itself varies like the square root of the distance: the widths
    # still fall, by about sqrt(10) per decade at least
    assert widths[1] < widths[0] / 2 and widths[2] < widths[1] / 2, widths


@pytest.mark.parametrize("case", ["collapsed", "runaway", "m1-at-target"])
def test_shape_changes(case):
    """mu_1 = mu_2 (collapsed generator), mu_1 crossing mu*_1 with mu_2 elsewhere (a zero of F
    runs off to -infinity), a generator mean equal to a target mean."""
    rng = random.Random(case)
    for w in (1e-2, 1e-3):
        if case == "collapsed":
            mu_box = (_box(0.3 - w / 2, w), _box(0.3 - w / 2, w))
        elif case == "runaway":
            mu_box = (_box(-1 - w / 2, w), Interval.point("1.5"))
        else:
            mu_box = (Interval.point(-1), _box(0.4, w))
        f, g = _check_box(mu_box, (-1, 1), "1/2", None, rng)
        assert g[0].defined and g[1].defined


def test_mu_equal_target_makes_the_gradient_undefined_not_garbage():
    rng = random.Random(3)
    for w in (1e-1, 1e-3):
        mu_box = (_box(-1 - w / 3, w), _box(1 - w / 2, w))  # holds mu = mu* = (-1, 1)
        f = f_box(mu_box, (-1, 1))
        g = grad_f_box(mu_box, (-1, 1))
        assert f.defined and f.lo <= 0 <= f.hi and f.width() <= 0.5 * w  # f = TV = 0 at mu*
        assert not g[0].defined and not g[1].defined
        for _ in range(3):  # grad f exists at every other point of the box: it is enclosed there
            p = (_sample(mu_box[0], rng), _sample(mu_box[1], rng))
            r = reference(p, (-1, 1), Fraction(1, 2))
            assert _inside(f, r[0]) and _inside(g[0], r[1]) and _inside(g[1], r[2])
    # at the point itself: a domain error through gan.grad_f, TV = 0 exactly
    with pytest.raises(DomainError):
        gan.grad_f((Real(Interval.point(-1)), Real(Interval.point(1))), (-1, 1))
    assert f_box((-1, 1), (-1, 1)) == Interval.point(0)
    # weighted: the generator equals the target only with the same weight
    g = grad_f_box((_box(-1 - 1e-3, 2e-3), _box(1 - 1e-3, 2e-3)), (-1, 1), alpha_star="0.3", alpha_hat="0.4")
    assert g[0].defined


def test_both_ways_contain_the_truth_and_auto_is_the_tighter():
    mu_box = (_box(-0.5, 1e-3), _box(1.2, 1e-3))
    rng = random.Random(11)
    p = (_sample(mu_box[0], rng), _sample(mu_box[1], rng))
    r = reference(p, (-1, 1), Fraction(1, 2))
    out = {}
    for method in ("cells", "newton", "auto"):
        e = enclose(mu_box, (-1, 1), quantities=("f", "m1", "m2"), method=method)
        vals = [e.interval(n) for n in ("f", "m1", "m2")]
        assert all(_inside(v, x) for v, x in zip(vals, r))
        out[method] = [float(v.width()) for v in vals]
    assert out["newton"][1] < out["cells"][1] and out["newton"][2] < out["cells"][2]
    # auto takes Way 2 where a zero is simple (and Way 1's bound where that is tighter): never
    # much wider than either alone
    assert all(a <= 1.05 * min(b, c) for a, b, c in zip(out["auto"], out["cells"], out["newton"])), out
    with pytest.raises(NotEnclosed):  # Way 2 alone refuses where a zero is not simple
        enclose((_box(-1.0005, 1e-3), _box(1 - 5e-4, 1e-3)), (-1, 1), method="newton")


# -- shrink rate and time ------------------------------------------------------------------------------


def shrink_table(center=(-0.5, 1.2), star=(-1, 1), alpha="1/2", widths=(1e-1, 1e-2, 1e-3, 1e-4)):
    rows = []
    for w in widths:
        mu_box = (_box(center[0], w), _box(center[1], w))
        f = f_box(mu_box, star, alpha)
        g = grad_f_box(mu_box, star, alpha)
        rows.append((w, float(f.width()), float(g[0].width()), float(g[1].width())))
    return rows


@pytest.mark.parametrize("center,alpha", [((-0.5, 1.2), "1/2"), ((0.2, 0.9), "0.3"), ((-2.0, 0.4), "0.3")])
def test_width_falls_linearly_with_the_box(center, alpha):
    rows = shrink_table(center, alpha=alpha)
    for w, *ws in rows:
        print(f"box {w:.0e}: widths f {ws[0]:.3e}  df/dmu1 {ws[1]:.3e}  df/dmu2 {ws[2]:.3e}")
    for k in range(3):
        # the log-log slope over three decades, and each decade once it is in its linear regime
        slope = math.log(rows[0][k + 1] / rows[-1][k + 1]) / math.log(rows[0][0] / rows[-1][0])
        assert slope > 0.85, (k, rows)
        assert rows[-1][k + 1] < rows[-2][k + 1] / 7, (k, rows)
        assert rows[-1][k + 1] < 5 * rows[-1][0], (k, rows)  # width <= 5 x box width at 1e-4


def test_one_enclosure_takes_milliseconds():
    rng = random.Random(2)
    boxes = []
    for _ in range(20):
        m1 = rng.uniform(-2, 1)
        boxes.append((_box(m1, 1e-2), _box(m1 + rng.uniform(0.3, 2), 1e-2)))
    start = time.perf_counter()
    for b in boxes:
        grad_f_box(b, (-1, 1))
    per_grad = (time.perf_counter() - start) / len(boxes)
    start = time.perf_counter()
    for b in boxes:
        f_box(b, (-1, 1))
    per_f = (time.perf_counter() - start) / len(boxes)
    print(f"grad_f_box {per_grad * 1e3:.1f} ms, f_box {per_f * 1e3:.1f} ms per box of width 1e-2")
    assert per_grad < 0.05 and per_f < 0.1  # generous: the machine is shared


# -- through gan.f / gan.grad_f and the prover ----------------------------------------------------------


def test_gan_blocks_dispatch_boxes_and_keep_points():
    box = (Real(Interval("-0.51", "-0.5")), Real(Interval("1.2", "1.21")))
    g = gan.grad_f(box, (-1, 1))
    direct = grad_f_box((Interval("-0.51", "-0.5"), Interval("1.2", "1.21")), (-1, 1))
    assert g[0].raw == direct[0] and g[1].raw == direct[1]
    assert gan.f(box, (-1, 1), alpha="0.3").raw == f_box((Interval("-0.51", "-0.5"), Interval("1.2", "1.21")),
                                                        (-1, 1), "0.3")
    # a point keeps the certified path (the discriminator's zeros), exactly as before
    pt = (Real(Interval.point("-0.5")), Real(Interval.point("1.2")))
    assert gan.grad_f(pt, (-1, 1))[0].raw == gan.certified_grad_f("-0.5", "1.2", -1, 1, "1/2", "1/2")[0]
    assert gan.grad_f(pt, (-1, 1))[0].raw.width() < 1e-12
    # derivatives (the prover's Duals): d f = grad f . d mu, d grad f = Hessian . d mu
    from theorycheck.enclose.dual import seed_variables

    duals = seed_variables([Interval("-0.51", "-0.5"), Interval("1.2", "1.21")])
    gd = gan.grad_f((Real(duals[0]), Real(duals[1])), (-1, 1))
    _, H = hessian_box((Interval("-0.51", "-0.5"), Interval("1.2", "1.21")), (-1, 1))
    assert gd[0].raw.val == direct[0] and gd[0].raw.grad == H[0] and gd[1].raw.grad == H[1]
    fd = gan.f((Real(duals[0]), Real(duals[1])), (-1, 1))
    assert fd.raw.grad == direct
    # a tangent in mu* (or alpha), or a nested derivative, is not enclosed: the prover bisects
    t = seed_variables([Interval("-0.51", "-0.5"), Interval("0.9", "1")])
    with pytest.raises(NotEnclosed):
        gan.grad_f((Real(t[0]), 1.2), (-1, Real(t[1])))
    nested = seed_variables(seed_variables([Interval("-0.51", "-0.5")]))
    with pytest.raises(NotEnclosed):
        gan.grad_f((Real(nested[0]), 1.2), (-1, 1))


@pytest.mark.parametrize("alpha", ["1/2", "0.3"])
def test_hessian_contains_central_differences_of_the_mpmath_gradient(alpha):
    rng = random.Random(alpha)
    for center in ((-0.5, 1.2), (0.2, 0.9), (-2.0, 0.4)):
        mu_box = (_box(center[0], 1e-3), _box(center[1], 1e-3))
        g, H = hessian_box(mu_box, (-1, 1), alpha)
        assert H[0][1] == H[1][0] and all(h.defined for row in H for h in row)
        p = [Fraction(_sample(mu_box[0], rng)), Fraction(_sample(mu_box[1], rng))]
        h = Fraction(1, 10**15)
        with mpmath.workdps(50):
            for k in (0, 1):
                up, down = list(p), list(p)
                up[k] += h
                down[k] -= h
                r_up = reference(up, (-1, 1), Fraction(alpha))
                r_dn = reference(down, (-1, 1), Fraction(alpha))
                for j in (0, 1):
                    fd = (r_up[1 + j] - r_dn[1 + j]) / (2 * mpmath.mpf(10) ** -15)
                    assert H[j][k].lo - 1e-20 <= fd <= H[j][k].hi + 1e-20, (center, j, k, H[j][k], fd)


def test_hessian_is_refused_where_the_zero_set_is_not_certified():
    m1c, _ = _tangency()
    with pytest.raises(NotEnclosed):  # a double zero inside the box
        hessian_box((Interval(m1c - 1e-4, m1c + 1e-4), Interval.point("0.5")), (-1, 1), "0.3")
    with pytest.raises(NotEnclosed):  # the generator equals the target inside the box
        hessian_box((_box(-1.001, 2e-3), _box(0.999, 2e-3)), (-1, 1))
    with pytest.raises(NotEnclosed):  # a zero running off to -infinity
        hessian_box((_box(-1.001, 2e-3), Interval.point("1.5")), (-1, 1))


@pytest.mark.parametrize("helps, cut", [(0, [0.5, 4.0]), (1, [1.0, 2.0])])
def test_prover_bisects_the_variable_whose_halves_enclose_best_when_no_derivative_is_known(helps, cut):
    # no derivative ranks the variables (infinite bounds on both): the prover encloses the margin
    # on the halves of each split and takes the split whose worse half has the best lower bound.
    # Here a margin enclosure that only narrowing variable `helps` tightens: the lower bound is
    # minus that variable's width
    from theorycheck.prove import _split_into

    def probe(lo, hi):
        w = hi[:, helps] - lo[:, helps]
        return -w, np.ones(len(lo)), np.ones(len(lo), dtype=bool)

    lo, hi = np.array([[0.0, 0.0]]), np.array([[1.0, 4.0]])
    inf = np.full((1, 2), np.inf)
    qlo, qhi, qd = [], [], []
    _split_into(qlo, qhi, qd, lo, hi, np.zeros(1), -inf, inf, np.array([1.0, 1.0]), [], probe=probe)
    assert qhi[0][0].tolist() == cut


LEMMA = '''
from theorycheck import claim, sqrt
from theorycheck.gaussians.gan import f, grad_f, rect_margin, sep_margin

MU_STAR = (-0.5, 0.5)


@claim(mu1=("-0.1", "0"), mu2=("0.9", "1"), expect="proved",
       source="Li et al. Lemma 4.3, one cell: C = 1, delta = 0.2, mu* = (-0.5, 0.5) (a box of Sep(0.2), outside Rect(0.2))")
def gradient_norm_is_large(mu1, mu2):
    g1, g2 = grad_f((mu1, mu2), MU_STAR)
    return sqrt(g1**2 + g2**2) >= 0.241


@claim(mu1=("-0.1", "0"), mu2=("0.9", "1"), expect="proved",
       source="the weighted f' of seed 000 (alpha = 0.3) on the same box; its minimum is 0.1436253 at (-0.1, 0.9)")
def weighted_tv_is_large(mu1, mu2):
    return f((mu1, mu2), MU_STAR, alpha="0.3") >= 0.1436


@claim(mu1=("-0.1", "0"), mu2=("0.9", "1"), expect="proved")
def box_is_in_sep_outside_rect(mu1, mu2):
    return (sep_margin((mu1, mu2), 0.2) > 0) & (rect_margin((mu1, mu2), MU_STAR, 0.2) < 0)
'''


def test_a_gradient_lemma_cell_is_proved_and_its_certificate_verified(tmp_path):
    """||grad f|| >= K on a box of Sep(delta) outside Rect(delta) (K = 0.241; the minimum over the
    box is 0.24143 at its corner (-0.1, 1)): the prover bisects the box, each leaf needs the box
    enclosures of grad f and of its derivative (the Hessian: mean-value and monotone leaves); the
    kernel re-checks every leaf."""
    lemma = tmp_path / "sep_cell.py"
    lemma.write_text(LEMMA)
    certs = tmp_path / "certs"
    env = {"PYTHONPATH": str(ROOT)}
    run = subprocess.run([sys.executable, "-m", "theorycheck.cli", "check", str(lemma), "--certificates", str(certs),
                          "--budget", "120", "--quiet", "--json"], capture_output=True, text=True, cwd=ROOT,
                         env={**__import__("os").environ, **env}, timeout=900)
    assert run.returncode == 0, run.stdout + run.stderr
    verdicts = {v["claim"]: v for v in json.loads(run.stdout)}
    assert verdicts["gradient_norm_is_large"]["verdict"] == "proved"
    assert verdicts["gradient_norm_is_large"]["evidence"]["parts"][0]["decided_by"]["mean-value"] > 0
    assert verdicts["weighted_tv_is_large"]["verdict"] == "proved"  # by monotonicity: d f = grad f . d mu
    ver = subprocess.run([sys.executable, "-m", "theorycheck.cli", "verify", str(certs)], capture_output=True,
                         text=True, cwd=ROOT, env={**__import__("os").environ, **env}, timeout=900)
    assert ver.returncode == 0 and ver.stdout.count("valid ") == 3, ver.stdout + ver.stderr


def test_absurd_boxes_stay_finite_and_fast():
    """Means spread over [-1e6, 1e6]: the first cut adapts (at most 64 cells), and the a-priori
    bounds (TV in [0, 1], |df/dmu_j| <= a^_j phi(0)) keep the enclosures finite."""
    box = (Interval(-10**6, 10**6), Interval(-10**6, 10**6))
    start = time.perf_counter()
    f, g = f_box(box, (-1, 1)), grad_f_box(box, (-1, 1))
    assert time.perf_counter() - start < 5
    assert f.lo >= 0 and f.hi <= 1
    assert all(-0.2 < x.lo and x.hi < 0.2 and not x.defined for x in g)  # the box holds mu = mu*


# -- the memos (issue 16, per-box cost) ----------------------------------------------------------------


def test_memo_hands_out_what_a_fresh_computation_gives_and_keys_exactly():
    """gan_box._enclose is memoised on the exact balls (and precision): a hit is bit for bit the
    fresh result; a box differing in one ulp, another quantity list or another precision is a
    different entry; the spread lemma's boxes (near mu_2 = mu*_2, a zero running off) contain the
    mpmath gradient whether they came from the memo or not."""
    from flint import ctx

    from theorycheck.gaussians import gan_box as gb

    rng = random.Random(16)
    boxes = []
    for _ in range(4):
        D = rng.uniform(0.7, 1.1)
        r = rng.uniform(0.2, 0.5)
        m2 = D - rng.uniform(-0.05, 0.05)  # mu_2 near mu*_2 (the tangency / runaway zero)
        w = 10 ** rng.uniform(-3, -1.5)
        boxes.append(((_box(r, w), _box(m2, w)), (Interval.point(0), _box(D, w / 2))))
    for mu_box, star in boxes:
        gb._MEMO.clear()
        fresh = grad_f_box(mu_box, star)
        n = len(gb._MEMO)
        again = grad_f_box(mu_box, star)
        assert len(gb._MEMO) == n  # a hit, no new entry
        assert [(v.lo, v.hi) for v in again] == [(v.lo, v.hi) for v in fresh]
        gb._MEMO.clear()
        assert [(v.lo, v.hi) for v in grad_f_box(mu_box, star)] == [(v.lo, v.hi) for v in fresh]
        for p in [(_sample(mu_box[0], rng), _sample(mu_box[1], rng)) for _ in range(2)]:
            s = (0, _sample(star[1], rng))
            ref = reference(p, s, Fraction(1, 2))
            assert _inside(fresh[0], ref[1]) and _inside(fresh[1], ref[2]), (mu_box, p, s, fresh, ref)
    # one ulp wider is another key; so are other quantities and another precision
    mu_box, star = boxes[0]
    lo, hi = mu_box[0].float_bounds()
    wider = (Interval(lo, math.nextafter(hi, math.inf)), mu_box[1])
    gb._MEMO.clear()
    grad_f_box(mu_box, star)
    grad_f_box(wider, star)
    enclose(mu_box, star, quantities=("f", "m1", "m2"))
    assert len(gb._MEMO) == 3
    old = ctx.prec
    try:
        ctx.prec = 2 * old
        grad_f_box(mu_box, star)
    finally:
        ctx.prec = old
    assert len(gb._MEMO) == 4


def test_certified_point_memo_charges_the_meter_as_a_fresh_computation():
    """certified_grad_f at a point: a memo hit gives the same Intervals and charges the work meter
    exactly what a fresh computation charges (no work count may depend on what ran before)."""
    from theorycheck import work

    pt = (Fraction("0.31"), Fraction("0.83"), 0, Fraction("0.9"), Fraction(1, 2), Fraction(1, 2))
    gan._POINT_MEMO.clear()
    with work.metered(100, None) as m1:
        fresh = gan.certified_grad_f(*pt)
    with work.metered(100, None) as m2:
        hit = gan.certified_grad_f(*pt)
    assert m1.used == m2.used > 0
    assert [(v.lo, v.hi) for v in hit] == [(v.lo, v.hi) for v in fresh]
    ref = reference(pt[:2], pt[2:4], Fraction(1, 2))
    assert _inside(fresh[0], ref[1]) and _inside(fresh[1], ref[2])


def test_zero_enclosures_hold_the_mpmath_zeros_in_the_lemma43_valley():
    """Way 2's zero enclosures (parametric interval Newton) contain the zero of F at random points
    of the box (mpmath, 50 digits, the zero bracketed in its cell), on boxes of the Lemma 4.3
    valley (generator means delta apart, symmetric in the target: the zeros move fast with the
    parameters), and on boxes this small most are narrower than half their cell."""
    from theorycheck.gaussians import gan_box as gb

    rng = random.Random(43)
    narrowed = 0
    for k in range(6):
        w = [0.005, 0.002, 0.001][k % 3]
        D = rng.uniform(0.5, 1.8)
        r = (D - 0.2) / 2 + rng.uniform(-0.02, 0.02)
        s = rng.uniform(0, 0.01)
        Db, rb, sb = Interval(D, D + w), Interval(r, r + w), Interval(s, s + w)
        d = Fraction(1, 5) + sb * (2 - Fraction(1, 5) - rb)
        mu_box, star = (rb, rb + d), (Interval.point(0), Db)
        gb._MEMO.clear()
        e = enclose(mu_box, star, quantities=("m1", "m2"))
        for c in e.cells:
            if c.kind != "Z":
                continue
            lo, hi = float(c.zero.lower()), float(c.zero.upper())
            narrowed += (hi - lo) < (c.b - c.a) / 2
            for _ in range(3):
                p = [_sample(v, rng) for v in (mu_box[0], mu_box[1], star[1])]
                with mpmath.workdps(50):
                    m1, m2, s2 = (mpmath.mpf(x) for x in p)

                    def F(x):
                        return (mpmath.npdf(x, 0) + mpmath.npdf(x, s2) - mpmath.npdf(x, m1) - mpmath.npdf(x, m2)) / 2
                    z = _root(F, mpmath.mpf(c.a), mpmath.mpf(c.b))
                assert lo <= z <= hi, (mu_box, star, c.a, c.b, lo, hi, z)
    assert narrowed >= 3


def test_grad_difference_box_contains_the_mpmath_difference_and_is_tighter_in_the_valley():
    """gan_box.grad_difference_box (df/dmu_1 - df/dmu_2 as one integral over {F > 0}) contains the
    mpmath g_1 - g_2 at random points of random boxes: general boxes (weights 1/2 and 0.3), boxes
    where mu_2 meets mu*_2 (a zero of F runs off to infinity), a tangency (a double zero); and in
    the Lemma 4.3 valley (generator means delta apart, symmetric in the target) it is several
    times narrower than the difference of the two components' enclosures."""
    from theorycheck.gaussians.gan_box import grad_difference_box

    rng = random.Random(1643)
    cases = []
    for _ in range(4):  # general
        star = (round(rng.uniform(-2, 0), 3), round(rng.uniform(0.2, 2), 3))
        m1 = rng.uniform(-2.5, 1.5)
        w = 10 ** rng.uniform(-4, -1.5)
        cases.append(((_box(m1, w), _box(m1 + rng.uniform(0.05, 3), w)), star, rng.choice(["1/2", "0.3"])))
    for _ in range(3):  # mu_2 at mu*_2: the runaway zero
        D = rng.uniform(0.6, 1.5)
        w = 10 ** rng.uniform(-3, -1.5)
        cases.append(((_box(rng.uniform(0.2, 0.5), w), Interval(D - w / 2, D + w / 2)), (0, D), "1/2"))
    m1c, _ = _tangency()
    cases.append(((Interval(m1c - 1e-3 / 3, m1c + 2e-3 / 3), Interval.point("0.5")), (-1, 1), "0.3"))
    for mu_box, star, a in cases:
        u = grad_difference_box(mu_box, star, alpha_star=a)
        for _ in range(3):
            p = (_sample(mu_box[0], rng), _sample(mu_box[1], rng))
            ref = reference(p, star, Fraction(a))
            assert _inside(u, ref[1] - ref[2]), (mu_box, star, a, p, u, ref[1] - ref[2])
    ratios = []
    for _ in range(4):  # the valley, as lemma43_spread_diff's boxes are: d = 1/5 + s (9/5 - r)
        D = rng.uniform(0.5, 1.8)
        r = (D - 0.2) / 2 + rng.uniform(-0.01, 0.01)
        w = 0.004
        Db, rb, sb = Interval(D, D + w), Interval(r, r + w), Interval(0, w)
        mu_box = (rb, rb + Fraction(1, 5) + sb * (Fraction(9, 5) - rb))
        star = (Interval.point(0), Db)
        u = grad_difference_box(mu_box, star)
        g = grad_f_box(mu_box, star)
        for _ in range(3):
            p = (_sample(mu_box[0], rng), _sample(mu_box[1], rng))
            s2 = _sample(Db, rng)
            ref = reference(p, (0, s2), HALF_)
            assert _inside(u, ref[1] - ref[2]), (mu_box, p, s2, u)
        ratios.append(float((g[0] - g[1]).width()) / float(u.width()))
    assert min(ratios) > 2, ratios


HALF_ = Fraction(1, 2)


def test_grad_f_difference_block_dispatches_every_kind():
    """gan.grad_f_difference on claim values: floats and exact points are grad_f's g_1 - g_2; a box
    is the one-integral enclosure, inside the difference of grad_f's enclosures, holding mpmath's."""
    R = lambda *vs: tuple(Real(v) for v in vs)  # noqa: E731
    mu, star = R(0.31, 0.52), R(0.0, 0.83)
    g = gan.grad_f(mu, star)
    assert abs(gan.grad_f_difference(mu, star).raw - (g[0].raw - g[1].raw)) < 1e-12
    pt = R(Interval.point("0.31"), Interval.point("0.52")), R(Interval.point(0), Interval.point("0.83"))
    u = gan.grad_f_difference(*pt).raw
    gp = gan.grad_f(*pt)
    assert u.lo <= (gp[0].raw - gp[1].raw).hi and (gp[0].raw - gp[1].raw).lo <= u.hi
    box = R(Interval("0.31", "0.312"), Interval("0.52", "0.522")), R(Interval.point(0), Interval("0.83", "0.832"))
    ub = gan.grad_f_difference(*box).raw
    gb = gan.grad_f(*box)
    diff = gb[0].raw - gb[1].raw
    assert diff.lo <= ub.lo and ub.hi <= diff.hi and ub.width() < diff.width()
    ref = reference((Fraction("0.311"), Fraction("0.521")), (0, Fraction("0.831")), HALF_)
    assert _inside(ub, ref[1] - ref[2])


def _valley_box(D, r, t, w):
    """A box of the Lemma 4.3 cell (C, delta) = (1, 0.1) near the valley, as its claims' boxes are:
    mu_1 = r, mu_2 = r + 1/10 + t (19/10 - r), mu* = (0, D); each of r, t, D over [x, x + w]."""
    rb, tb, Db = Interval(r, r + w), Interval(t, t + w), Interval(D, D + w)
    return (rb, rb + Fraction(1, 10) + tb * (Fraction(19, 10) - rb)), (Interval.point(0), Db), (rb, tb, Db)


def _valley_point(sides, rng):
    """An exact point of the box's parameters (r, t, D) and the means it gives (Fractions)."""
    r, t, D = (Fraction(_sample(v, rng)) for v in sides)
    return (r, r + Fraction(1, 10) + t * (Fraction(19, 10) - r)), (0, D)


def _exact_mpf(x):
    """An exact arb (an end point) as an mpmath number, exactly."""
    if x == 0:
        return mpmath.mpf(0)
    man, exp = x.man_exp()
    with mpmath.workdps(60):
        return mpmath.ldexp(mpmath.mpf(int(man)), int(exp))


def _holds(ball, z) -> bool:
    return _exact_mpf(ball.lower()) <= z <= _exact_mpf(ball.upper())


def _zero_in(c, mu, star):
    with mpmath.workdps(50):
        m1, m2, s2 = (mpmath.mpf(x.numerator) / x.denominator for x in (Fraction(mu[0]), Fraction(mu[1]), Fraction(star[1])))

        def F(x):
            return (mpmath.npdf(x, 0) + mpmath.npdf(x, s2) - mpmath.npdf(x, m1) - mpmath.npdf(x, m2)) / 2
        return _root(F, mpmath.mpf(c.a), mpmath.mpf(c.b))


def test_stalled_newton_is_shrunk_where_the_targets_are_close():
    """Issue 16: targets 0.45 apart, generator means 0.1 apart (F' ~ 0.012 at its zeros). The zero
    in [1, 1.5] was enclosed with radius 0.224 (Newton stalled after its first step: H' over the
    whole cell is barely positive) and g_1 - g_2 in [-0.0057, 0.0543]; shrinking the stalled
    enclosure (signs at points, Newton on quarters) gives radius 0.029 and width 0.0017 (asserted
    with margin), and both still hold mpmath's values at random points of the box."""
    from theorycheck.gaussians import gan_box as gb

    D, w = 0.45, 0.000625
    mu_box, star, sides = _valley_box(D, (D - 0.1) / 2, 0, w)
    gb._MEMO.clear()
    e = enclose(mu_box, star, quantities=("m1", "m2", "m1-m2"))
    zs = {(c.a, c.b): c for c in e.cells if c.kind == "Z"}
    assert set(zs) == {(-1.0, -0.5), (1.0, 1.5)}, list(zs)
    assert float(zs[(1.0, 1.5)].zero.rad()) < 0.05 and float(zs[(-1.0, -0.5)].zero.rad()) < 0.025
    u = e.interval("m1-m2")
    assert float(u.width()) < 0.004, u
    rng = random.Random(16)
    for _ in range(4):
        mu, st = _valley_point(sides, rng)
        for c in zs.values():
            z = _zero_in(c, mu, st)
            assert _holds(c.zero, z), (c, mu, st, z)
        ref = reference(mu, st, HALF_)
        assert _inside(u, ref[1] - ref[2]), (mu, st, u, ref)
        assert _inside(e.interval("m1"), ref[1]) and _inside(e.interval("m2"), ref[2])


def test_shrunk_zero_enclosures_hold_the_mpmath_zeros_near_the_close_target_valley(monkeypatch):
    """Random boxes of cell (1, 0.1) with the targets 0.1 to 0.8 apart, near the valley: every zero
    enclosure holds mpmath's zero (50 digits) and m1, m2, m1-m2 hold mpmath's g_1, g_2, g_1 - g_2
    at random points of the box, on boxes where the shrink met a certain sign at the midpoint and
    on boxes where the sign there was uncertain (the two-sided shrink by Newton on quarters)."""
    from theorycheck.gaussians import gan_box as gb

    kinds = []
    real = gb._shrink

    def spy(model, lo, hi, sa, budget):
        out = real(model, lo, hi, sa, budget)
        kinds.append("uncertain" if out[2] > 1 else "certain" if out[2] == 1 else "none")
        return out

    monkeypatch.setattr(gb, "_shrink", spy)
    rng = random.Random(1610)
    for k in range(8):
        D = rng.uniform(0.1, 0.8)
        w = [0.0003125, 0.000625, 0.00125, 0.0025][k % 4]
        r = (D - 0.1) / 2 + rng.uniform(-0.03, 0.03)
        t = rng.uniform(0, 0.01)
        mu_box, star, sides = _valley_box(D, r, t, w)
        gb._MEMO.clear()
        e = enclose(mu_box, star, quantities=("m1", "m2", "m1-m2"))
        for _ in range(2):
            mu, st = _valley_point(sides, rng)
            for c in e.cells:
                if c.kind == "Z":
                    z = _zero_in(c, mu, st)
                    assert _holds(c.zero, z), (mu_box, star, c, mu, st, z)
            ref = reference(mu, st, HALF_)
            for name, v in (("m1", ref[1]), ("m2", ref[2]), ("m1-m2", ref[1] - ref[2])):
                assert _inside(e.interval(name), v), (mu_box, star, name, mu, st, e.interval(name), v)
    assert "uncertain" in kinds, kinds


def test_each_shrink_step_keeps_the_zero_of_every_point_of_the_box():
    """gan_box._shrink alone, iterated from a zero's whole cell [a, b] (not after Newton, so that
    the midpoint's sign is often certain): after each step the interval still holds mpmath's zero
    at random points of the box, on valley boxes and ordinary ones, through both branches (a
    certain sign at the midpoint: keep a half; uncertain: Newton on quarters), and it shrinks."""
    from flint import arb

    from theorycheck.gaussians import gan_box as gb

    rng = random.Random(1616)
    boxes = []
    for k in range(3):
        D = rng.uniform(0.1, 0.8)
        mu_box, star, sides = _valley_box(D, (D - 0.1) / 2 + rng.uniform(-0.02, 0.02), rng.uniform(0, 0.01), 0.000625 * 2 ** k)
        boxes.append((mu_box, star, lambda sides=sides: _valley_point(sides, rng)))
    for _ in range(3):
        s1, s2 = sorted(round(rng.uniform(-2, 2), 3) for _ in range(2))
        m1, m2 = sorted(rng.uniform(-2.5, 2.5) for _ in range(2))
        w = 10 ** rng.uniform(-4, -2)
        mu_box = (_box(m1, w), _box(m2, w))
        boxes.append((mu_box, (s1, s2), lambda mu_box=mu_box, st=(s1, s2): (
            tuple(Fraction(_sample(v, rng)) for v in mu_box), st)))
    kinds, shrunk = set(), 0
    for mu_box, star, point in boxes:
        gb._MEMO.clear()
        e = enclose(mu_box, star, quantities=("m1",))
        pts = [point() for _ in range(3)]
        for c in e.cells:
            if c.kind != "Z":
                continue
            zs = [_zero_general(c, mu, st) for mu, st in pts]
            lo, hi = arb(c.a), arb(c.b)
            for _ in range(6):
                lo2, hi2, used = gb._shrink(e.model, lo, hi, c.sa, 24)
                if used == 0:
                    break
                kinds.add("certain" if used == 1 else "uncertain")
                shrunk += (hi2 - lo2) < (hi - lo) * 0.875
                lo, hi = lo2, hi2
                for z in zs:
                    assert _exact_mpf(lo) <= z <= _exact_mpf(hi), (mu_box, star, c, lo, hi, z)
    assert kinds == {"certain", "uncertain"} and shrunk >= 10, (kinds, shrunk)


def _zero_general(c, mu, star):
    """The zero of F in the cell [a, b] for weights 1/2, targets ``star``, means ``mu``."""
    with mpmath.workdps(50):
        m1, m2, s1, s2 = (mpmath.mpf(Fraction(x).numerator) / Fraction(x).denominator for x in (*mu, *star))

        def F(x):
            return (mpmath.npdf(x, s1) + mpmath.npdf(x, s2) - mpmath.npdf(x, m1) - mpmath.npdf(x, m2)) / 2
        return _root(F, mpmath.mpf(c.a), mpmath.mpf(c.b))
