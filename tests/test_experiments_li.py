"""Tests of the experiments ``li-thm31`` (Li et al. Theorem 3.1, tested) and ``li-lemma43`` (the
reconstructed Lemmas 4.3/4.4, certified at points), in quick mode, and of their helpers.

References independent of the experiment code: the vectorised dynamics of theorycheck.dynamics
(recorded trajectories and their TV), exact rational re-checks of the hypotheses, brute-force
sampling of segments, and fresh certified evaluations of the gradient.
"""

from __future__ import annotations

import csv
import math
from fractions import Fraction

import numpy as np
import pytest

from theorycheck import dynamics as dy
from theorycheck import experiments as ex
from theorycheck.cli import main


# -- li-thm31 -----------------------------------------------------------------------------------


def test_sep_pairs_satisfy_the_hypotheses():
    for C, gap in ((1.0, 0.1), (2.0, 0.05), (2.5, 0.025)):
        P = ex._sep_pairs(C, gap, 9)
        assert (np.abs(P) <= C).all()
        assert (P[:, 1] - P[:, 0] >= gap - 1e-12).all()
        assert np.isclose(P[:, 1] - P[:, 0], gap).sum() >= 9   # the boundary pairs are there
        R = ex._random_sep_pairs(np.random.default_rng(0), C, gap, 200)
        assert len(R) == 200 and (np.abs(R) <= C).all() and (R[:, 1] - R[:, 0] >= gap).all()


def test_tv_hit_task_matches_recorded_dynamics():
    rng = np.random.default_rng(3)
    ms = ex._random_sep_pairs(rng, 1.5, 0.05, 12)
    mu0 = ex._random_sep_pairs(rng, 1.5, 0.05, 12)
    delta = np.full(12, 0.05)
    mu0[0] = ms[0]   # already there: step 0
    T = 400
    hit, tv_end, _ = ex._tv_hit_task((ms, mu0, delta, 0.1, T))
    assert hit[0] == 0
    run = dy.optimal(dy.make_state(mu0, ms, 0.5), T, eta=0.1, record=True)
    w = np.full((12, 2), 0.5)
    a = np.full(12, 0.5)
    tvs = np.array([dy.tv(run.history[t], w, ms, a) for t in range(T + 1)])   # (T+1, N)
    for i in range(12):
        below = np.nonzero(tvs[:, i] <= 0.05)[0]
        expect = int(below[0]) if len(below) else -1
        assert hit[i] == expect
        if expect >= 0:
            assert tv_end[i] == pytest.approx(tvs[expect, i], abs=1e-12)


def test_li_thm31_quick_outputs_and_worker_independence(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    s1 = ex.li_thm31(a, quick=True, seed=0, workers=1)
    ex.li_thm31(b, quick=True, seed=0, workers=2)
    assert (a / "li-thm31.csv").read_text() == (b / "li-thm31.csv").read_text()
    assert (a / "li-thm31.png").stat().st_size > 0
    md = (a / "li-thm31.md").read_text()
    assert "**tested**" in md and "quick (CI-sized) run" in md and "theorycheck experiment li-thm31 --quick" in md
    assert ex.CLAIM_HEAD in md
    rows = list(csv.DictReader((a / "li-thm31.csv").open()))
    assert {r["kind"] for r in rows} == {"grid", "saddle", "random"}
    for r in rows:
        assert 0 <= int(r["failures"]) <= int(r["trials"])
        if r["max_steps_to_delta"]:
            assert int(r["max_steps_to_delta"]) <= int(r["T"])
    assert "failures" in s1


def test_li_thm31_depends_on_the_seed_only_through_random_rows(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    ex.li_thm31(a, quick=True, seed=0, workers=1)
    ex.li_thm31(b, quick=True, seed=1, workers=1)
    ra = [r for r in csv.DictReader((a / "li-thm31.csv").open()) if r["kind"] != "random"]
    rb = [r for r in csv.DictReader((b / "li-thm31.csv").open()) if r["kind"] != "random"]
    assert ra == rb


# -- li-lemma43 helpers ---------------------------------------------------------------------------


def test_certified_gradient_is_zero_at_the_collapsed_symmetric_point():
    g = ex._cert_grad((Fraction(-1), Fraction(1)), (Fraction(0), Fraction(0)))
    n = ex._norm(*g)
    assert n.contains(0) and float(n.hi) < 1e-14


def test_certified_gradient_encloses_the_float_gradient():
    rng = np.random.default_rng(5)
    for _ in range(5):
        ms = [ex._q(v) for v in np.sort(rng.uniform(-2, 2, 2))]
        mu = [ex._q(v) for v in np.sort(rng.uniform(-2, 2, 2))]
        g = ex._cert_grad(ms, mu)
        gf, bad = ex._grad_rows((np.array([[float(v) for v in ms]]), np.array([[float(v) for v in mu]])))
        assert not bad[0]
        for k in range(2):
            lo, hi = g[k].float_bounds()
            assert lo - 1e-12 <= gf[0, k] <= hi + 1e-12
            assert hi - lo < 1e-12


def test_segment_distance_float_and_exact_agree_with_sampling():
    rng = np.random.default_rng(7)
    ms = rng.uniform(-1, 1, (40, 2))
    a = rng.uniform(-1, 1, (40, 2))
    b = a + rng.uniform(-0.5, 0.5, (40, 2))
    d = ex._seg_supdist(ms, a, b)
    t = np.linspace(0, 1, 20001)
    for i in range(40):
        pts = a[i] + t[:, None] * (b[i] - a[i])
        brute = np.abs(pts - ms[i]).max(axis=1).min()
        assert d[i] <= brute + 1e-12 and brute - d[i] < 1e-4
        q = [Fraction(float(v)) for v in (*ms[i], *a[i], *b[i])]
        assert float(ex._seg_supdist_exact(q[:2], q[2:4], q[4:])) == pytest.approx(d[i], abs=1e-12)


def test_region_mask_float_and_exact_agree():
    rng = np.random.default_rng(9)
    ms = np.round(np.sort(rng.uniform(-1.2, 1.2, (300, 2)), axis=1), 3)
    mu = np.round(np.sort(rng.uniform(-1.2, 1.2, (300, 2)), axis=1), 3)
    for reading, sep in ex._VARIANTS:
        m = ex._region_mask(ms, mu, 1.0, 0.1, 0.1, reading, sep)
        for i in range(300):
            q = [ex._q(v) for v in (*ms[i], *mu[i])]
            assert m[i] == ex._region_exact(q[:2], q[2:], 1.0, 0.1, 0.1, reading, sep)


def test_distinct_top_prefix_agrees_with_the_full_sort():
    # the argpartition prefix must pick exactly what the walk along np.argsort picks, ties included
    rng = np.random.default_rng(11)
    n = 60_000
    for trial in range(16):
        Z = rng.uniform(-1, 1, (n, 4)) if trial % 2 else np.round(rng.uniform(-1, 1, (n, 4)), 1)
        v = rng.uniform(0, 1, n)
        if trial % 3 == 0:
            v = np.round(v, 3)                               # many ties
        if trial % 5 == 0:
            v[rng.uniform(0, 1, n) < 0.9995] = np.inf        # few finite values
        if trial % 4 == 0:
            v[rng.integers(0, n, 50)] = 0.0
        for k, sign in ((2, 1.0), (3, -1.0)):
            vv = v if sign > 0 else np.where(np.isfinite(v), v, -np.inf)
            assert ex._distinct_top(vv, Z, k, sign) == ex._walk(np.argsort(sign * vv), vv, Z, k, 0.25)[0]


def test_grid_regions_are_region_mask():
    P = ex._lemma_pairs(1.5, 15, (0.2, 0.05))
    ms, mu = np.repeat(P, len(P), axis=0), np.tile(P, (len(P), 1))
    R = ex._GridRegions(ms, mu, 1.5)
    for delta in (0.2, 0.05):
        for reading, sep in ex._VARIANTS:
            assert (R.mask(delta, delta, reading, sep) == ex._region_mask(ms, mu, 1.5, delta, delta, reading, sep)).all()


def test_gradient_jumps_near_a_matched_component():
    # the Lemma 4.4 witness family: mu_2 = mu*_2 exactly, then moved down by 1e-5; certified both ends
    ms = (Fraction(-2), Fraction(2))
    g0 = ex._cert_grad(ms, (Fraction("-1.8333"), Fraction(2)))
    g1 = ex._cert_grad(ms, (Fraction("-1.8333"), Fraction(2) - Fraction(1, 10 ** 5)))
    jump = ex._norm(g1[0] - g0[0], g1[1] - g0[1])
    assert float(jump.lo) > 0.1


# -- li-lemma43 -----------------------------------------------------------------------------------


def test_li_lemma43_quick(tmp_path):
    assert ex.li_lemma43(tmp_path, quick=True, workers=1)
    md = (tmp_path / "li-lemma43.md").read_text()
    assert "upper** bound on the infimum" in md and "not** a certified lower bound" in md
    assert "quick (CI-sized) run" in md
    rows = list(csv.DictReader((tmp_path / "li-lemma43.csv").open()))
    r43 = [r for r in rows if r["lemma"] == "4.3"]
    r44 = [r for r in rows if r["lemma"] == "4.4"]
    assert len(r43) == 2 * 2 * 4 and len(r44) == 2 * 2 * 2
    for r in r43:
        assert r["certified_hi"], r
        C, delta = float(r["C"]), float(r["delta"])
        z = [Fraction(r[k]) for k in ("mu_star1", "mu_star2", "mu1", "mu2")]
        reading, sep = r["variant"][:2], "Sep" in r["variant"]
        assert ex._region_exact(z[:2], z[2:], C, delta, delta, reading, sep)
        if sep:
            assert float(r["certified_lo"]) > 0          # positive with the separation of mu
        else:
            assert float(r["certified_hi"]) < 1e-10      # the collapsed stationary points
    checked = 0
    for r in r44:
        if not r["certified_lo"]:
            continue
        C, delta, eps = float(r["C"]), float(r["delta"]), Fraction(r["eps"])
        ms = [Fraction(r["mu_star1"]), Fraction(r["mu_star2"])]
        a = [Fraction(r["mu1"]), Fraction(r["mu2"])]
        b = [Fraction(r["mu1_prime"]), Fraction(r["mu2_prime"])]
        assert (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2 <= eps ** 2
        for p in (a, b):
            assert ex._region_exact(ms, p, C, delta, delta, "R2", True)
        assert ex._seg_supdist_exact(ms, a, b) >= Fraction(repr(delta))
        if checked < 2:   # an independent certified evaluation of the witness
            g, g2 = ex._cert_grad(ms, a), ex._cert_grad(ms, b)
            d = ex._norm(g2[0] - g[0], g2[1] - g[1])
            assert float(d.lo) >= float(r["certified_lo"]) * (1 - 1e-9)
            checked += 1
    assert checked


def test_new_experiments_are_registered(tmp_path):
    for name in ("li-thm31", "li-lemma43"):
        assert name in ex.NAMES and name in ex.EXPERIMENTS
    rc = main(["experiment", "li-thm31", "--quick", "--out", str(tmp_path), "--workers", "1", "--quiet"])
    assert rc == 0
    assert "li-thm31" in (tmp_path / "README.md").read_text()
