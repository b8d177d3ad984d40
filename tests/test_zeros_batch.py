"""The certified zeros of many four-term combinations at once (zeros.real_zeros_22_batch, the
vectorised path that makes the li-lemma43 experiment fast) against the one-by-one certified path
(zeros.real_zeros, Arb) and against 60-digit mpmath signs; and the float discriminator with the
batched certified path against the same float discriminator with the one-by-one path only.

Rows: random settings, nearly matched means (a generator mean within 1e-6 .. 1e-16 of a target
mean: the case that needs the certified path, with zeros far out in a tail), the Lemma 4.4 witness
family (mu_i = mu*_i moved by eps), and settings next to a tangency (a double zero)."""

from __future__ import annotations

import mpmath
import numpy as np
import pytest

from theorycheck import experiments as ex
from theorycheck.gaussians import fast, optimal_discriminator_float
from theorycheck.gaussians import zeros as zmod
from theorycheck.gaussians.zeros import real_zeros, real_zeros_22_batch


def _rows(seed=0):
    """(W, M, s) rows: targets first (two positive weights), then the generator."""
    rng = np.random.default_rng(seed)
    W, M, S = [], [], []

    def add(ms, mu, a=0.5, b=0.5, s=1.0):
        W.append([a, 1 - a, -b, -(1 - b)])
        M.append([ms[0], ms[1], mu[0], mu[1]])
        S.append(s)

    for _ in range(40):                                     # random, some unequal weights and sds
        ms, mu = rng.uniform(-3, 3, 2), rng.uniform(-3, 3, 2)
        add(ms, mu, rng.uniform(0.1, 0.9), rng.uniform(0.1, 0.9), rng.choice([1.0, 0.7, 1.9]))
    for gap in (1e-6, 1e-9, 1.52e-10, 1e-13, 3e-16):          # nearly matched, both sides, both pairs
        for _ in range(8):
            ms = np.sort(rng.uniform(-3, 3, 2))
            i, o = rng.integers(2), rng.uniform(-3, 3)
            mu = [0.0, 0.0]
            mu[i] = ms[i] + rng.choice([-1, 1]) * gap * max(1.0, abs(ms[i]))
            mu[1 - i] = o
            add(ms, mu)
            add(ms, mu, 0.5, 0.3)                           # unequal weights: the far zero at ~1/gap
    for eps in (0.0339, 2.84e-7, 1.52e-10):                  # the Lemma 4.4 witness family
        for u in ex._DIRS:
            for ms, mu in (((-3.0, 3.0), (-3.0, 2.75)), ((-2.75, 2.75), (-2.75, 3.0)), ((-1.0, 1.0), (-1.0, 0.75))):
                mu2 = np.array(mu) + eps * (1 - 1e-6) * u
                add(ms, mu2)
    return np.array(W), np.array(M), np.array(S)


def _tangent_rows():
    """F = a N(-1.4) + 0.5 N(1.5) - 0.5 N(-0.1) - 0.3 N(0.4) around the a where two zeros meet."""
    def count(a):
        return real_zeros([a, 0.5, -0.5, -0.3], [-1.4, 1.5, -0.1, 0.4]).count_range[0]

    lo, hi = 0.0, 2.0
    c_lo = count(lo)
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        if count(mid) == c_lo:
            lo = mid
        else:
            hi = mid
    a = np.array([lo + k * 2.0 ** -45 for k in range(-4, 5)] + [hi])
    W = np.stack([a, np.full(a.size, 0.5), np.full(a.size, -0.5), np.full(a.size, -0.3)], axis=1)
    M = np.tile([-1.4, 1.5, -0.1, 0.4], (a.size, 1))
    return W, M, np.ones(a.size)


def _F_mp(w, m, s, x):
    with mpmath.workdps(60):
        x = mpmath.mpf(x)
        return sum(mpmath.mpf(wj) * mpmath.npdf(x, mpmath.mpf(mj), mpmath.mpf(s)) for wj, mj in zip(w, m))


def test_batch_agrees_with_one_by_one():
    W, M, S = _rows()
    z = real_zeros_22_batch(W, M, S)
    distinct = (np.diff(np.sort(M, axis=1), axis=1) > 0).all(axis=1)
    assert not z.ok[~distinct].any()            # equal means are left to real_zeros (it merges them)
    equal_w = distinct & (np.abs(W) == 0.5).all(axis=1)
    assert z.ok[equal_w].all()                  # the experiment's rows (alpha = 1/2) are all decided
    assert z.ok[distinct].mean() > 0.85         # unequal weights with a zero near 1/gap may fall back
    n_far = 0
    for i in range(len(W)):
        r = real_zeros(list(W[i]), list(M[i]), float(S[i]))
        if not z.ok[i]:
            continue
        lo, hi = r.count_range
        assert lo <= z.count[i] and (hi is None or z.count[i] <= hi)
        if r.count is None:
            continue
        assert z.count[i] == r.count
        assert z.sign_left[i] == r.signs[0] and z.sign_right[i] == r.signs[-1]
        for k, (a, b) in enumerate(r.intervals):
            # both isolate the same unique zero: the brackets meet
            assert z.lo[i, k] < z.hi[i, k] and z.lo[i, k] <= b and a <= z.hi[i, k]
            n_far += abs(a) > 10
        assert np.isnan(z.lo[i, r.count:]).all()
    assert n_far > 10   # far zeros (nearly matched pairs) were among them


def test_batch_bracket_signs_with_mpmath():
    W, M, S = _rows(1)
    z = real_zeros_22_batch(W, M, S)
    checked = 0
    for i in np.nonzero(z.ok)[0]:
        for k in range(z.count[i]):
            s_lo = z.sign_left[i] * (-1) ** k
            f_lo = _F_mp(W[i], M[i], S[i], z.lo[i, k])
            f_hi = _F_mp(W[i], M[i], S[i], z.hi[i, k])
            assert mpmath.sign(f_lo) == s_lo and mpmath.sign(f_hi) == -s_lo, (i, k)
            checked += 1
    assert checked > 200


def test_batch_never_miscounts_near_a_tangency():
    W, M, S = _tangent_rows()
    z = real_zeros_22_batch(W, M, S)
    for i in range(len(W)):
        r = real_zeros(list(W[i]), list(M[i]), float(S[i]))
        if z.ok[i]:
            lo, hi = r.count_range
            assert lo <= z.count[i] and (hi is None or z.count[i] <= hi)
            if r.count is not None:
                assert z.count[i] == r.count
    assert len(set(z.count[z.ok])) == 2 or not z.ok.all()   # both sides of the tangency (or undecided)


def test_batch_rejects_what_it_does_not_handle():
    W = np.array([[0.5, 0.5, -0.5, -0.5], [0.5, 0.5, 0.5, -1.5], [0.5, 0.5, -0.5, -0.5]])
    M = np.array([[0.0, 1.0, 0.0, 2.0], [0.0, 1.0, 2.0, 3.0], [0.0, 1.0, np.nan, 2.0]])
    assert not real_zeros_22_batch(W, M, 1.0).ok.any()   # equal means, 3 + 1 signs, NaN


def _disc(ms, mu, one_by_one, monkeypatch):
    with monkeypatch.context() as mp:
        if one_by_one:   # the batch decides nothing: every row through real_zeros
            def none(W, M, s):
                n = len(W)
                return zmod.BatchZeros(np.zeros(n, bool), np.zeros(n, int), np.zeros(n), np.zeros(n),
                                       np.full((n, 3), np.nan), np.full((n, 3), np.nan))
            mp.setattr(zmod, "real_zeros_22_batch", none)
        return optimal_discriminator_float(0.5, ms, 0.5, mu)


def test_float_discriminators_batched_and_one_by_one_agree(monkeypatch):
    # more rows than one chunk, so that the matched rows of several chunks are certified together
    W, M, S = _rows(2)
    rng = np.random.default_rng(3)
    k = np.nonzero((W[:, 0] == 0.5) & (W[:, 2] == -0.5) & (S == 1.0))[0]
    ms = np.concatenate([M[k, :2], rng.uniform(-2, 2, (fast._CHUNK + 500, 2))])
    mu = np.concatenate([M[k, 2:], rng.uniform(-2, 2, (fast._CHUNK + 500, 2))])
    a = _disc(ms, mu, False, monkeypatch)
    b = _disc(ms, mu, True, monkeypatch)
    assert fast._matched_rows([np.full(len(ms), .5)] * 2 + [np.full(len(ms), -.5)] * 2,
                              [ms[:, 0], ms[:, 1], mu[:, 0], mu[:, 1]], np.ones(len(ms))).sum() > 50
    assert (a.count == b.count).all() and (a.near_tangent == b.near_tangent).all()
    same = np.isnan(a.zeros) == np.isnan(b.zeros)
    assert same.all()
    f = ~np.isnan(a.zeros)
    # the same zeros, up to the few ulps in which the float refinement can land differently
    assert np.allclose(a.zeros[f], b.zeros[f], rtol=1e-12, atol=1e-13)
    assert np.allclose(a.tv, b.tv, rtol=1e-12, atol=1e-15)


def test_gn2_rows_is_gn2_row_by_row():
    rng = np.random.default_rng(4)
    Z = np.concatenate([rng.uniform(-2, 2, (6, 4)), [[-1.0, 1.0, -1.0 + 1e-10, 0.5]]])
    assert ex._gn2_rows(Z) == [ex._gn2(z) for z in Z]


def test_discriminators_without_tv_are_the_same_intervals():
    rng = np.random.default_rng(5)
    ms = np.concatenate([rng.uniform(-2, 2, (fast._CHUNK + 300, 2)), [[-1.0, 1.0]]])
    mu = np.concatenate([rng.uniform(-2, 2, (fast._CHUNK + 300, 2)), [[-1.0 + 1e-10, 0.5]]])
    a = optimal_discriminator_float(0.5, ms, 0.5, mu)
    b = optimal_discriminator_float(0.5, ms, 0.5, mu, need_tv=False)
    for f in ("l", "r", "zeros", "count", "near_tangent"):
        x, y = getattr(a, f), getattr(b, f)
        assert ((x == y) | (np.isnan(x) & np.isnan(y))).all(), f
    assert np.isnan(b.tv).all() and np.isfinite(a.tv).all()
