"""Lemma 4.4 / Theorem 3.1 constants (theorycheck.gaussians.gan_constants, lemmas/li2018_lemma44_thm31_proved.py):
the tightened Hessian enclosure holds the float Hessian, the translation reduction, a certified
Hessian-bound piece re-verified by the kernel, and a too-large eps refuted at a certified pair."""

from fractions import Fraction
from pathlib import Path

import numpy as np

from theorycheck.enclose.interval import Interval, NotEnclosed
from theorycheck.gaussians.gan import certified_grad_f
from theorycheck.gaussians.gan_box import hessian_box
from theorycheck.gaussians.gan_constants import K_CELL, hessian_box_tight, hessian_float
from theorycheck.kernel import verify_certificate

ROOT = Path(__file__).resolve().parent.parent
CERTS = ROOT / "lemmas" / "certificates" / "li2018_lemma44_thm31_proved"


def _region_points(n, C=1.0, d=0.2, seed=0):
    """Random (s1, s2, m1, m2) with mu, mu* in B(C), both in Sep(d), mu outside Rect(d)."""
    rng = np.random.default_rng(seed)
    out = []
    while len(out) < n:
        s1, s2 = np.sort(rng.uniform(-C, C, 2))
        m1, m2 = np.sort(rng.uniform(-C, C, 2))
        if s2 - s1 > d and m2 - m1 > d and min(abs(m - s) for m in (m1, m2) for s in (s1, s2)) >= d:
            out.append((s1, s2, m1, m2))
    return out


def _contains(iv, x, slack=1e-9):
    return float(iv.lo) - slack <= x <= float(iv.hi) + slack


def test_tight_hessian_holds_the_float_hessian_on_random_boxes():
    rng = np.random.default_rng(1)
    checked = 0
    for s1, s2, m1, m2 in _region_points(12, seed=1):
        w = 0.02
        box_m = (Interval(m1, m1 + w), Interval(m2, m2 + w))
        box_s = (s1, Interval(s2, s2 + w))
        try:
            H = hessian_box_tight(box_m, box_s)
        except NotEnclosed:
            continue
        for _ in range(4):
            u = rng.uniform(0, w, 3)
            h11, h12, h22 = (float(v[0]) for v in hessian_float(m1 + u[0], m2 + u[1], s1, s2 + u[2]))
            assert _contains(H[0][0], h11) and _contains(H[0][1], h12) and _contains(H[1][1], h22)
        checked += 1
    assert checked >= 6


def test_tight_hessian_meets_gan_box_hessian_and_finite_differences():
    for s1, s2, m1, m2 in _region_points(5, seed=2):
        H = hessian_box_tight((m1, m2), (s1, s2))
        _, H0 = hessian_box((m1, m2), (s1, s2))
        for a, b in ((H[0][0], H0[0][0]), (H[0][1], H0[0][1]), (H[1][1], H0[1][1])):
            assert float(a.lo) <= float(b.hi) + 1e-12 and float(b.lo) <= float(a.hi) + 1e-12
        h = 1e-6  # central differences of the certified gradient: the Hessian to ~1e-6
        g_plus = [(float(v.lo) + float(v.hi)) / 2 for v in certified_grad_f(Fraction(m1) + Fraction(h), Fraction(m2), s1, s2, Fraction(1, 2), Fraction(1, 2))]
        g_minus = [(float(v.lo) + float(v.hi)) / 2 for v in certified_grad_f(Fraction(m1) - Fraction(h), Fraction(m2), s1, s2, Fraction(1, 2), Fraction(1, 2))]
        fd11, fd12 = ((p - q) / (2 * h) for p, q in zip(g_plus, g_minus))
        assert _contains(H[0][0], fd11, 1e-4) and _contains(H[0][1], fd12, 1e-4)


def test_translation_reduction_at_random_points():
    """The Hessian and grad f at (mu, mu*) equal those at (mu - mu*_1, mu* - mu*_1): the claims fix
    mu*_1 = 0. Certified enclosures at both points must overlap (they hold one number)."""
    for s1, s2, m1, m2 in _region_points(6, seed=3):
        q = [Fraction(v).limit_denominator(10**6) for v in (s1, s2, m1, m2)]
        a = hessian_box_tight((q[2], q[3]), (q[0], q[1]))
        b = hessian_box_tight((q[2] - q[0], q[3] - q[0]), (0, q[1] - q[0]))
        for x, y in ((a[0][0], b[0][0]), (a[0][1], b[0][1]), (a[1][1], b[1][1])):
            assert float(x.lo) <= float(y.hi) and float(y.lo) <= float(x.hi)
        ga = certified_grad_f(q[2], q[3], q[0], q[1], Fraction(1, 2), Fraction(1, 2))
        gb = certified_grad_f(q[2] - q[0], q[3] - q[0], 0, q[1] - q[0], Fraction(1, 2), Fraction(1, 2))
        for x, y in zip(ga, gb):
            assert float(x.lo) <= float(y.hi) and float(y.lo) <= float(x.hi)
        # and the float Hessian moves with them (not a constant: it differs at another point)
        moved = hessian_float(m1 + 0.3, m2, s1, s2)[0][0]
        assert abs(moved - hessian_float(m1, m2, s1, s2)[0][0]) > 1e-6


def test_hessian_piece_certificate_is_verified_by_the_kernel():
    path = CERTS / "lemma_4_4_r1_hessian_piece_C1_d02.cert.json"
    result = verify_certificate(path)
    assert result.valid, result.message
    assert result.verdict == "proved"


def test_too_large_eps_refuted_at_the_certified_witness_pair():
    """C = 1, delta = 0.2 in R2: mu* = (-1, 1), mu = (-1, 0.75), mu' = (-0.99885, 0.75) (distance
    0.00115, li-lemma43's pair): the gradient changes by more than K_cell / 2, certified."""
    mu_s = (Fraction(-1), Fraction(1))
    g = certified_grad_f(Fraction(-1), Fraction(3, 4), *mu_s, Fraction(1, 2), Fraction(1, 2))
    h = certified_grad_f(Fraction("-0.99885"), Fraction(3, 4), *mu_s, Fraction(1, 2), Fraction(1, 2))
    change = ((g[0] - h[0]) ** 2 + (g[1] - h[1]) ** 2).sqrt()
    half_k = Fraction(K_CELL[(1, "0.2")]) / 2
    assert float(change.lo) > float(half_k)
    # and the claim's own certificate (the kernel re-evaluates the counterexample)
    result = verify_certificate(CERTS / "lemma_4_4_r2_eps_too_large_C1_d02.cert.json")
    assert result.valid, result.message
    assert result.verdict == "refuted"


def test_zero_count_changes_inside_r1_of_the_c15_cell():
    """lam (mu*_2, mu_1, mu_2) = lam (2.1, -0.9, 1.2), mu*_1 = 0, lies in R1 + Sep of the cell C = 1.5,
    delta = 0.2 for lam in [0.9, 1]; F has one certified zero at lam = 9/10 and three at lam = 1, so a
    multiple zero in between (where the Hessian route to Lemma 4.4's eps fails)."""
    from theorycheck.gaussians.gan import optimal_intervals

    counts = []
    for lam in (Fraction(9, 10), Fraction(1)):
        s2, m1, m2 = (lam * Fraction(v) for v in ("2.1", "-0.9", "1.2"))
        assert max(s2, m2) - min(0, m1) <= 3 and m2 - m1 > Fraction(1, 5)
        assert min(abs(m1), abs(m2), abs(m1 - s2), abs(m2 - s2)) >= Fraction(1, 5)
        d = optimal_intervals((m1, m2), (0, s2))
        assert d.certified
        counts.append(len(d.zeros.zeros))
    assert counts == [1, 3]
