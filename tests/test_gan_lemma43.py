"""Lemma 4.3 of Li et al. with mu in Sep(delta) (lemmas/li2018_lemma43_proved.py): the reduction to three
variables (theorycheck/gaussians/gan_regions.py), the derivative of grad f in the target's means that
the prover's mean-value steps use (gan_box.hessian_box(target=True)), a small proved cell with its
certificate verified by the kernel, and a refutation just above the experiment's upper bound K_hi.

The reference for the reduction is the independent mpmath computation of tests/test_gan_box.py
(zeros of F by root finding at 50 digits, grad f in closed form at them)."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import mpmath
import pytest

from .test_gan_box import reference
from theorycheck.enclose.interval import Interval
from theorycheck.gaussians.gan import certified_grad_f
from theorycheck.gaussians.gan_box import hessian_box
from theorycheck.gaussians.gan_regions import K_CELL, K_HI, lemma43_ranges, reduced, reflected, unreduced

ROOT = Path(__file__).resolve().parents[1]
HALF = Fraction(1, 2)


def _config(rng, C):
    """A random configuration of B(C): ordered pairs mu, mu* of exact decimals in [-C, C]."""
    q = lambda: Fraction(rng.randint(-1000 * C, 1000 * C), 1000)  # noqa: E731
    mu, star = sorted((q(), q())), sorted((q(), q()))
    return tuple(mu), tuple(star)


def test_translation_to_the_reduced_variables_keeps_grad_f():
    """grad f at a configuration equals grad f at its translate ((t, t + d), (0, D)) (mpmath, 50
    digits, independent of the code under test), and the reduced point keeps the spread <= 2C."""
    rng = random.Random(43)
    for _ in range(6):
        mu, star = _config(rng, 2)
        if mu == star:
            continue
        D, t, d = reduced(mu, star)
        m2, s2 = unreduced(D, t, d)
        assert max(D, t + d) - min(0, t) <= 4  # the spread of a B(2) configuration
        _, g1, g2 = reference(mu, star, HALF)
        _, h1, h2 = reference(m2, s2, HALF)
        assert abs(g1 - h1) < 1e-30 and abs(g2 - h2) < 1e-30, (mu, star, (g1, g2), (h1, h2))
        # and the certified enclosure at the reduced point holds the reference
        e = certified_grad_f(*m2, *s2, HALF, HALF)
        assert e[0].lo <= g1 <= e[0].hi and e[1].lo <= g2 <= e[1].hi


def test_reflection_maps_grad_f_to_minus_its_swap():
    """At (D, t, d) and at its reflection (D, D - t - d, d): grad f = (g1, g2) and (-g2, -g1); the gap
    of the second pair becomes the gap of the first (what lets the R2 claims take |t| >= delta)."""
    rng = random.Random(7)
    for _ in range(5):
        mu, star = _config(rng, 2)
        if mu == star:
            continue
        D, t, d = reduced(mu, star)
        D2, t2, d2 = reflected(D, t, d)
        assert (D2, d2) == (D, d) and t2 == -(t + d - D)
        _, g1, g2 = reference(*unreduced(D, t, d), HALF)
        _, h1, h2 = reference(*unreduced(D2, t2, d2), HALF)
        assert abs(h1 + g2) < 1e-30 and abs(h2 + g1) < 1e-30, ((D, t, d), (g1, g2), (h1, h2))


def test_derivative_of_grad_f_in_the_target_means():
    """hessian_box(target=True): d grad f / d mu* over a small box holds the central differences of
    the mpmath reference at its centre, and the four derivatives of each component sum to ~0
    (translation invariance)."""
    c = (Fraction(9, 10), Fraction(11, 10), Fraction(0), Fraction(19, 10))
    w = Fraction(1, 10**4)
    box = [Interval(x - w, x + w) for x in c]
    g, H, J = hessian_box((box[0], box[1]), (box[2], box[3]), target=True)
    h = Fraction(1, 10**8)
    for k in (0, 1):
        up, down = list(c), list(c)
        up[2 + k] += h
        down[2 + k] -= h
        ru, rd = reference(up[:2], up[2:], HALF), reference(down[:2], down[2:], HALF)
        for j in (0, 1):
            fd = (ru[1 + j] - rd[1 + j]) / (2 * mpmath.mpf(h.numerator) / h.denominator)
            assert J[j][k].lo - 1e-9 <= fd <= J[j][k].hi + 1e-9, (j, k, J[j][k], fd)
    for j in (0, 1):
        total = H[j][0] + H[j][1] + J[j][0] + J[j][1]
        assert total.lo <= 0 <= total.hi and total.hi - total.lo < 0.05


def _floor_3_digits(x: Fraction) -> Fraction:
    e = 0
    while x * Fraction(10) ** e < 100:
        e += 1
    return Fraction(int(x * Fraction(10) ** e), 10**e)


def test_constants_are_half_the_upper_bounds_rounded_down():
    for cell, k in K_CELL.items():
        assert Fraction(k) == _floor_3_digits(Fraction(K_HI[cell]) / 2), cell
    assert lemma43_ranges("1", "0.2") == {"D": ("0.2", "2"), "r": ("0.2", "2"), "d": ("0.2", "2")}


SMALL = '''
from theorycheck import claim
from theorycheck.gaussians.gan_regions import lemma43_body


@claim(D=("1.96", "2"), r=("0.6", "0.64"), d=("0.5", "0.54"), expect="proved")
def small_cell(D, r, d):
    return lemma43_body(D, r, d, 1, 0.2, 0.0169, "R1")


@claim(D=("1.99", "2"), r=("0.895", "0.905"), d=("0.2", "0.21"), expect="refuted")
def just_above_k_hi(D, r, d):
    return lemma43_body(D, r, d, 1, 0.2, 0.0338707 * 1.01, "R2")
'''


def _cli(*args, timeout=600):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "theorycheck.cli", *args], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=timeout)


def test_a_small_cell_is_proved_and_k_hi_times_1_01_is_refuted(tmp_path):
    """A box of the (C, delta) = (1, 0.2) R1 claim is proved by the generic prover (both signs of
    mu_1 - mu*_1) and its certificate verifies; K = 1.01 K_hi is refuted near the experiment's
    minimiser mu* = (-1, 1), mu = (-0.1, 0.1) (D = 2, t = 0.9, d = 0.2)."""
    lemma = tmp_path / "lemma43_small.py"
    lemma.write_text(SMALL)
    certs = tmp_path / "certs"
    run = _cli("check", str(lemma), "--certificates", str(certs), "--budget", "12", "--quiet", "--json")
    verdicts = {v["claim"]: v for v in json.loads(run.stdout)}
    assert run.returncode == 0, run.stdout + run.stderr
    assert verdicts["small_cell"]["verdict"] == "proved"
    assert verdicts["just_above_k_hi"]["verdict"] == "refuted"
    cx = {k: Fraction(v) for k, v in verdicts["just_above_k_hi"]["counterexample"].items()}
    assert abs(cx["D"] - 2) <= Fraction(1, 100) and abs(cx["d"] - Fraction(2, 10)) <= Fraction(1, 100)
    ver = _cli("verify", str(certs))
    assert ver.returncode == 0 and ver.stdout.count("valid ") == 2, ver.stdout + ver.stderr


def test_the_spread_parametrisation_is_onto_the_cell():
    """gan_regions.spread_point maps the box of spread_ranges onto exactly the configurations of the
    cell with mu_1 above (sign +1) or below (sign -1) mu*_1 by delta or more: every image point has
    D >= gamma, d >= delta, |t| >= delta, the sign asked for and spread <= 2C; every such
    configuration (random exact points, the box's corners included) has a preimage in the box. And
    the claim's body at a point equals ||grad f||^2 - K^2 > 0 with the mpmath reference's grad f."""
    from theorycheck.gaussians.gan_regions import spread_point, spread_ranges

    rng = random.Random(7)
    for C, delta in ((1, Fraction(1, 5)), (Fraction(3, 2), Fraction(1, 10)), (2, Fraction(1, 5))):
        for sign in (1, -1):
            box = {k: (Fraction(a), Fraction(b)) for k, (a, b) in spread_ranges(str(C), str(delta), sign=sign).items()}
            (Dl, Dh), (ul, uh), (sl, sh) = box.values()
            assert (sl, sh) == (0, 1)
            pts = [(a, b, c) for a in (Dl, Dh) for b in (ul, uh) for c in (sl, sh)]
            pts += [tuple(lo + (hi - lo) * Fraction(rng.randint(0, 1000), 1000) for lo, hi in box.values())
                    for _ in range(200)]
            for D, u, s in pts:  # into the cell
                D2, t, d = spread_point(D, u, s, C, delta, sign)
                assert D2 == D >= delta and d >= delta and sign * t >= delta
                assert max(D, t + d) - min(0, t) <= 2 * C
            for _ in range(300):  # onto it: a random configuration of the cell has its preimage
                D = delta + (2 * C - delta) * Fraction(rng.randint(0, 1000), 1000)
                r = delta + (2 * C - delta) * Fraction(rng.randint(0, 1000), 1000)
                d = delta + (2 * C - delta) * Fraction(rng.randint(0, 1000), 1000)
                t = sign * r
                if max(D, t + d) - min(0, t) > 2 * C:
                    continue
                if sign == 1:
                    u, span = r, 2 * C - delta - r
                    s = Fraction(0) if span == 0 else (d - delta) / span
                else:
                    u, span = d, 2 * C - delta - D
                    s = Fraction(0) if span == 0 else (r - delta) / span
                assert Dl <= D <= Dh and ul <= u <= uh and 0 <= s <= 1, (C, delta, sign, D, t, d)
                assert spread_point(D, u, s, C, delta, sign) == (D, t, d)
    # the body at a point, against the reference: (D, r, s) = (2, 0.9, 0) is the experiment's minimiser
    from theorycheck import claim as make_claim
    from theorycheck.gaussians.gan_regions import lemma43_spread

    c = make_claim(D=(Fraction(1, 5), 2), r=(Fraction(1, 5), Fraction(9, 5)), s=(0, 1))(
        lambda D, r, s: lemma43_spread(D, r, s, 1, Fraction(1, 5), Fraction(169, 10000), 1))
    for D, r, s in ((2, Fraction(9, 10), 0), (1, 1, Fraction(1, 2)), (Fraction(1, 2), Fraction(3, 10), 1)):
        _, t, d = spread_point(D, r, s, 1, Fraction(1, 5), 1)
        _, g1, g2 = reference((t, t + d), (0, D), HALF)
        rel = c.evaluate([Interval.point(D), Interval.point(r), Interval.point(s)])
        got = rel.lhs.raw  # the Interval enclosing ||grad f||^2 at the exact point
        norm2 = g1 * g1 + g2 * g2
        assert got.lo <= norm2 <= got.hi, (D, r, s, got, norm2)
        assert norm2 > (mpmath.mpf(169) / 10000) ** 2 and got.lo > (mpmath.mpf(169) / 10000) ** 2  # the claim holds there


VALLEY = '''
from theorycheck import claim
from theorycheck.gaussians.gan_regions import lemma43_spread, lemma43_spread_diff


@claim(D=("0.78", "0.8"), r=("0.28", "0.3"), s=("0", "0.01"), expect="proved")
def valley_diff(D, r, s):
    return lemma43_spread_diff(D, r, s, 1, 0.2, 0.0169, 1)


@claim(D=("0.78", "0.8"), r=("0.28", "0.3"), s=("0", "0.01"), expect="proved")
def valley_plain(D, r, s):
    return lemma43_spread(D, r, s, 1, 0.2, 0.0169, 1)
'''


def test_the_valley_is_proved_with_g1_minus_g2_and_not_without_it(tmp_path):
    """A box of the (1, 0.2) cell on its valley (mu symmetric in the target, d = delta: the cell's
    infimum, ||grad f|| about 2K all along it) is proved through lemma43_spread_diff (its
    certificate verified by the kernel) and stays undecided with the same budget through
    lemma43_spread alone (g_1, g_2 vary about 7 times the box width there; g_1 - g_2 hardly). The
    box is twice as wide as first: on [0.79, 0.8] x [0.29, 0.3] x [0, 0.005] lemma43_spread is proved
    too since gan_box shrinks stalled zero enclosures (issue 16).
    And the two bodies agree at points: (g_1 - g_2)^2 / 2 <= ||grad f||^2 (mpmath)."""
    lemma = tmp_path / "valley.py"
    lemma.write_text(VALLEY)
    certs = tmp_path / "certs"
    run = _cli("check", str(lemma), "--certificates", str(certs), "--budget", "6", "--quiet", "--json")
    verdicts = {v["claim"]: v["verdict"] for v in json.loads(run.stdout)}
    assert verdicts == {"valley_diff": "proved", "valley_plain": "undecided"}, run.stdout + run.stderr
    ver = _cli("verify", str(certs))
    assert ver.returncode == 0 and ver.stdout.count("valid ") == 1, ver.stdout + ver.stderr
    rng = random.Random(5)
    for _ in range(5):
        D = Fraction(rng.randint(780, 800), 1000)
        r = Fraction(rng.randint(280, 300), 1000)
        d = Fraction(1, 5) + Fraction(rng.randint(0, 10), 1000) * (Fraction(9, 5) - r)
        _, g1, g2 = reference((r, r + d), (0, D), HALF)
        assert (g1 - g2) ** 2 / 2 <= g1 ** 2 + g2 ** 2
        assert (g1 - g2) ** 2 / 2 > mpmath.mpf("0.0169") ** 2  # the valley is decided by the difference


def test_the_claims_of_the_infimum_side_cover_their_cells_boxes():
    """Each claim of lemmas/li2018_lemma43_proved.py on the side mu_1 >= mu*_1 + delta has the box of
    spread_ranges for its cell (C, delta) and the constant K_CELL of that cell in its reading, except
    that a claim on part of the side (the (1, 0.1) one: targets at least 0.8 apart) raises only D's
    lower end, to the value its reading states (reports/gan_constants/lemma43.md lists the rest)."""
    import importlib.util
    import re

    from theorycheck.gaussians.gan_regions import spread_ranges

    spec = importlib.util.spec_from_file_location("li2018_lemma43_proved_t", ROOT / "lemmas" / "li2018_lemma43_proved.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    cells = {"c1_delta02": ("1", "0.2"), "c15_delta02": ("1.5", "0.2"), "c1_delta01": ("1", "0.1")}
    seen = set()
    for name in dir(module):
        if not (name.startswith("lemma_4_3_") and "_above" in name):
            continue
        c = getattr(module, name)
        c = getattr(c, "claim", c)
        cell = next(v for k, v in cells.items() if f"_{k}_" in name)
        C, delta = cell
        assert f"K = {K_CELL[cell]};" in c.reading, name
        want = {k: (Fraction(a), Fraction(b)) for k, (a, b) in spread_ranges(C, delta, sign=1).items()}
        got = {v.name: (v.lo, v.hi) for v in c.variables}
        part = re.search(r"and mu\*_2 - mu\*_1 >= ([0-9.]+)", c.reading)
        if part:
            assert Fraction(part.group(1)) > want["D"][0]
            want["D"] = (Fraction(part.group(1)), want["D"][1])
        assert got == want, (name, got, want)
        seen.add((cell, bool(part)))
    assert seen == {(("1", "0.2"), False), (("1.5", "0.2"), False), (("1", "0.1"), True)}
