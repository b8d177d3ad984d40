"""The seed authors' optimal discriminator (seed 000, "Implementation Discoveries"), kept only as
a baseline for tests and benchmarks. Do not use it: it can miss zeros.

Their procedure: brentq on every bracket between consecutive sorted means mu^_1, mu^_2, mu*_1,
mu*_2, and on [min - 1, min] and [max, max + 1], wherever F changes sign at the bracket's ends.
Two zeros in one bracket (no sign change at its ends) or a zero farther than 1 from the extreme
means are missed. The discriminator is then read off the zeros found: the sign of F is evaluated
inside each piece between consecutive zeros, and the positive pieces are the intervals.
"""

from __future__ import annotations

import math

from scipy import optimize, special

__all__ = ["seed_zeros", "seed_discriminator"]

_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)


def _F(x, ws, ms):
    return sum(w * _INV_SQRT_2PI * math.exp(-0.5 * (x - m) ** 2) for w, m in zip(ws, ms))


def _terms(alpha_star, mu_star, alpha_hat, mu_hat):
    ws = [alpha_star, 1.0 - alpha_star, -alpha_hat, -(1.0 - alpha_hat)]
    ms = [mu_star[0], mu_star[1], mu_hat[0], mu_hat[1]]
    return ws, ms


def seed_zeros(alpha_star, mu_star, alpha_hat, mu_hat, pad: float = 1.0):
    """Zeros found by the seed's bracket-and-brentq search (sorted); ``pad`` is the distance
    searched beyond the extreme means (1 in the seed)."""
    ws, ms = _terms(alpha_star, mu_star, alpha_hat, mu_hat)
    pts = sorted(ms)
    pts = [pts[0] - pad] + pts + [pts[-1] + pad]
    zeros = []
    for a, b in zip(pts[:-1], pts[1:]):
        if a == b:
            continue
        fa, fb = _F(a, ws, ms), _F(b, ws, ms)
        if fa * fb < 0:
            zeros.append(optimize.brentq(_F, a, b, args=(ws, ms)))
    return sorted(zeros)


def seed_discriminator(alpha_star, mu_star, alpha_hat, mu_hat, pad: float = 1.0):
    """(intervals, L value) of the discriminator the seed's zeros give."""
    ws, ms = _terms(alpha_star, mu_star, alpha_hat, mu_hat)
    zeros = seed_zeros(alpha_star, mu_star, alpha_hat, mu_hat, pad)
    cuts = [-math.inf] + zeros + [math.inf]
    pieces = []
    for a, b in zip(cuts[:-1], cuts[1:]):
        if math.isinf(a) and math.isinf(b):
            probe = 0.5 * (min(ms) + max(ms))
        elif math.isinf(a):
            probe = b - 1.0
        elif math.isinf(b):
            probe = a + 1.0
        else:
            probe = 0.5 * (a + b)
        if _F(probe, ws, ms) > 0:
            if pieces and pieces[-1][1] == a:
                pieces[-1] = (pieces[-1][0], b)
            else:
                pieces.append((a, b))
    value = 1.0
    for a, b in pieces:
        for w, m in zip(ws, ms):
            value += w * (special.ndtr(b - m) - special.ndtr(a - m))
    return pieces, value
