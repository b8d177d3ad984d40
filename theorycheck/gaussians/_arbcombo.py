"""Rigorous evaluation of a signed Gaussian combination with Arb balls (python-flint).

A combination is ``C(x) = sum_j a_j exp(-v_j (x - m_j)^2)`` with exact rational ``a_j``, ``m_j``
and ``v_j = 1 / (2 s_j^2)``: a signed sum of Gaussian densities with every positive factor that
does not change the sign of ``C`` dropped (``1/sqrt(2 pi)``, and ``1/s`` when all terms share ``s``).
Every value below is an Arb ball that provably contains the exact value (Arb's guarantee; the core
tests it against 100-digit mpmath values). Precision only changes how tight a ball is, never
whether it is correct. Points are exact dyadic numbers (zero-radius balls): floats, or midpoints
made exactly from floats.
"""

from __future__ import annotations

import math
from fractions import Fraction

import flint
from flint import arb, fmpq

from ..enclose.exact import is_float  # noqa: F401 - where zeros.py and others import it from
from ..enclose.interval import working_precision

#: precisions tried, in order, before a sign is declared undecidable
PRECS = (64, 128, 256, 512, 1024, 2048)


def arb_of(q: Fraction) -> arb:
    """The rational ``q`` as an Arb ball: exact (zero radius) when ``q`` is dyadic (floats, sums
    and products of floats), else a ball at the current precision around it."""
    n, d = q.numerator, q.denominator
    if d & (d - 1) == 0:
        if -(2**53) < n < 2**53 and d < 2**1000:
            return arb(float(q))  # exactly representable as a double
        with working_precision(max(abs(n).bit_length() + 2, flint.ctx.prec)):
            v = arb(fmpq(n, d))
        return v
    return arb(fmpq(n, d))


def frac_of(x: arb) -> Fraction:
    """Exact rational value of an exact (zero-radius) ball."""
    man, exp = x.man_exp()
    man, exp = int(man), int(exp)
    return Fraction(man * 2**exp) if exp >= 0 else Fraction(man, 2 ** (-exp))


def float_down(q: Fraction) -> float:
    """Largest float <= q."""
    f = float(q)
    if Fraction(f) > q:
        f = math.nextafter(f, -math.inf)
    return f


def float_up(q: Fraction) -> float:
    """Smallest float >= q."""
    f = float(q)
    if Fraction(f) < q:
        f = math.nextafter(f, math.inf)
    return f


def ball_sign(b: arb) -> int:
    """+1 / -1 when the ball is certainly positive / negative, 0 when it contains 0."""
    if b > 0:
        return 1
    if b < 0:
        return -1
    return 0


class ArbCombo:
    """``C(x) = sum_j a_j exp(-v_j (x - m_j)^2)``, ``v_j = 1/(2 s_j^2)``, all parameters exact.

    ``coeffs``, ``means`` and ``sds`` are Fractions. Internally the combination is divided by the
    positive function ``exp(-v0 (x - c0)^2)`` of a reference (the widest sd's ``v0``, ``c0`` the
    middle of those terms' means): each term becomes ``a_j exp(P_j(x))`` with the exact quadratic
    ``P_j(x) = alpha_j x^2 + beta_j x + gamma_j``, ``alpha_j = v0 - v_j <= 0`` (0 for the widest
    terms, so a common-sd combination becomes a sum of exponentials). Same zeros, same signs, but
    no tiny numbers in the tails and exponents that vary slowly, so enclosures over boxes far out
    stay tight. The same object evaluates in floats (estimates only, never used to decide
    anything) and in Arb balls (every decision).
    """

    def __init__(self, coeffs, means, sds):
        self.coeffs = [Fraction(c) for c in coeffs]
        self.means = [Fraction(m) for m in means]
        self.sds = [Fraction(s) for s in sds]
        if not self.coeffs or any(c == 0 for c in self.coeffs):
            raise ValueError("ArbCombo needs nonzero coefficients")
        self.n = len(self.coeffs)
        self._cache: dict[int, list] = {}
        self._tails = None
        vs = [1 / (2 * s * s) for s in self.sds]
        v0 = min(vs)
        wide = [m for m, v in zip(self.means, vs) if v == v0]
        c0 = (min(wide) + max(wide)) / 2
        # P_j(x) = -v_j (x - m_j)^2 + v0 (x - c0)^2, exactly
        self.quad = [(v0 - v, 2 * (v * m - v0 * c0), v0 * c0 * c0 - v * m * m) for v, m in zip(vs, self.means)]
        # float data for estimates (log|a| from exact ints: no underflow)
        self.f_sign = [1 if c > 0 else -1 for c in self.coeffs]
        self.f_logabs = [math.log(abs(c.numerator)) - math.log(c.denominator) for c in self.coeffs]
        self.f_quad = [(float(a), float(b), float(g)) for a, b, g in self.quad]

    # -- Arb constants, cached per precision ---------------------------------------------------
    def _consts(self):
        p = flint.ctx.prec
        c = self._cache.get(p)
        if c is None:
            c = [(arb_of(a), arb_of(al), arb_of(be), arb_of(ga)) for a, (al, be, ga) in zip(self.coeffs, self.quad)]
            self._cache[p] = c
        return c

    # -- point values ------------------------------------------------------------------------
    def value(self, x: arb) -> arb:
        """Ball around C(x) (up to the positive reference factor) at the current precision."""
        total = arb(0)
        for a, al, be, ga in self._consts():
            total += a * ((al * x + be) * x + ga).exp()
        return total

    def sign(self, x: arb, precs=PRECS) -> int:
        """Certified sign of C at the exact point x (0: undecided up to the largest precision,
        e.g. because C(x) = 0 exactly)."""
        for p in precs:
            with working_precision(p):
                s = ball_sign(self.value(x))
            if s:
                return s
        return 0

    def derivs_at(self, x: arb):
        """Balls around (C, C', C'') of the normalised C at the exact point x."""
        f0 = arb(0)
        f1 = arb(0)
        f2 = arb(0)
        for a, al, be, ga in self._consts():
            d = 2 * al * x + be
            t = a * ((al * x + be) * x + ga).exp()
            f0 += t
            f1 += d * t
            f2 += (2 * al + d * d) * t
        return f0, f1, f2

    def taylor(self, lo: Fraction, hi: Fraction):
        """Enclosures of C, C' and C'' (normalised) over the whole interval [lo, hi].

        With c the midpoint, r = (hi - lo)/2, T = [-r, r] and T2 = [-r^2, r^2] (balls; T2 holds
        every t^2 with t in T), by Taylor's theorem with Lagrange remainder (xi in the box):
          C(c + t)   = C(c)   + C'(c) t  + C''(xi) t^2/2    lies in  C(c)  + C'(c) T  + C2b T2/2
          C'(c + t)  = C'(c)  + C''(c) t + C'''(xi) t^2/2   lies in  C'(c) + C''(c) T + C3b T2/2
          C''(c + t) = C''(c) + C'''(xi) t                  lies in  C''(c) + C3b T
        where C2b, C3b enclose C'' and C''' over the box. A term is u = a exp(P), P quadratic
        with P'' = 2 alpha: u' = P' u, u'' = (2 alpha + P'^2) u, u''' = (6 alpha P' + P'^3) u.
        Over the box P(c + t) = P(c) + P'(c) t + alpha t^2 lies in P(c) + P'(c) T + alpha T2,
        P'(c + t) = P'(c) + 2 alpha t in P'(c) + 2 alpha T, and P'(c + t)^2 in
        P'(c)^2 + 4 alpha P'(c) T + 4 alpha^2 T2. Returns the balls (F, F', F'', C(c)).
        """
        c = arb_of((lo + hi) / 2)
        r = arb_of((hi - lo) / 2)
        T = arb(0, r)
        T2 = arb(0, (r * r).upper())
        f0 = arb(0)
        f1 = arb(0)
        f2 = arb(0)
        f2b = arb(0)
        f3b = arb(0)
        for a, al, be, ga in self._consts():
            d = 2 * al * c + be
            p = (al * c + be) * c + ga
            t = a * p.exp()
            f0 += t
            f1 += d * t
            f2 += (2 * al + d * d) * t
            tb = a * (p + d * T + al * T2).exp()
            D = d + 2 * al * T
            D2 = d * d + 4 * al * d * T + 4 * al * al * T2
            f2b += (2 * al + D2) * tb
            f3b += (6 * al * D + D * D2) * tb
        F = f0 + f1 * T + f2b * T2 / 2
        Dn = f1 + f2 * T + f3b * T2 / 2
        S = f2 + f3b * T
        return F, Dn, S, f0

    # -- float estimates (never used to decide) ---------------------------------------------
    def h(self, x: float):
        """(h, h') with h = log(positive part) - log(negative part) of C at x: same sign and zeros
        as C, but nearly linear between features, so Newton on it converges fast."""
        lp = []
        ln = []
        for s, la, (al, be, ga) in zip(self.f_sign, self.f_logabs, self.f_quad):
            e = la + (al * x + be) * x + ga
            d = 2.0 * al * x + be
            (lp if s > 0 else ln).append((e, d))
        if not lp or not ln:
            return (math.inf if lp else -math.inf), 0.0
        return _lse(lp) - _lse(ln), _dlse(lp) - _dlse(ln)

    # -- analytic tail bound -------------------------------------------------------------------
    def tail_bounds(self):
        """(XL, XR) floats with C(x) != 0 and sign(C(x)) = sign of the dominant term for every
        x <= XL and every x >= XR; None when C has a single term (no zero at all).

        Right tail: the dominant term D has the smallest v (widest sd), largest mean among those.
        Term j over D: |t_j / t_D| = |a_j / a_D| exp(q(x)), q(x) = -A x^2 + B x + K with
        A = v_j - v_D >= 0, B = 2 (v_j m_j - v_D m_D), K = v_D m_D^2 - v_j m_j^2. If every
        |t_j/t_D| < 1/(n-1) then |sum_{j != D} t_j| < |t_D| and C has the sign of a_D. With
        T_j = log(|a_D| / ((n-1) |a_j|)): for A > 0, q(x) < T_j for all x above the larger root
        (B + sqrt(B^2 + 4 A (K - T_j))) / (2A) (for all x when the discriminant is negative); for
        A = 0 (same sd, so m_j < m_D and B < 0), for all x > (T_j - K)/B. XR is the largest of
        these upper bounds (Arb), pushed up by a relative 2^-20 for strictness. The left tail is
        the right tail of x -> C(-x).
        """
        if self.n == 1:
            return None
        if self._tails is None:
            with working_precision(128):
                right = self._right_tail(self.means)
                left = self._right_tail([-m for m in self.means])
            self._tails = (-left, right)
        return self._tails

    def _right_tail(self, means):
        n = self.n
        # dominant: widest sd, then largest mean
        D = max(range(n), key=lambda j: (self.sds[j], means[j]))
        vs = [1 / (2 * arb_of(s) ** 2) for s in self.sds]
        aD = abs(arb_of(self.coeffs[D]))
        vD = vs[D]
        mD = arb_of(means[D])
        best = None
        for j in range(n):
            if j == D:
                continue
            aj = abs(arb_of(self.coeffs[j]))
            vj = vs[j]
            mj = arb_of(means[j])
            Tj = (aD / ((n - 1) * aj)).log()
            B = 2 * (vj * mj - vD * mD)
            K = vD * mD * mD - vj * mj * mj
            if self.sds[j] == self.sds[D]:
                x = ((Tj - K) / B).upper()
            else:
                A = vj - vD
                disc = B * B + 4 * A * (K - Tj)
                dup = disc.upper()
                if dup < 0:
                    continue
                x = ((B + dup.sqrt()) / (2 * A)).upper()
            if best is None or x > best:
                best = x
        if best is None:
            best = arb_of(max(means))
        if not best.is_finite():
            raise ArithmeticError("tail bound: no finite enclosure (report this input)")
        q = frac_of(best)
        q = q + abs(q) * Fraction(1, 2**20) + Fraction(1, 2**20)
        return float_up(q)


def _lse(pairs):
    mx = max(e for e, _ in pairs)
    return mx + math.log(sum(math.exp(e - mx) for e, _ in pairs))


def _dlse(pairs):
    mx = max(e for e, _ in pairs)
    w = [math.exp(e - mx) for e, _ in pairs]
    return sum(wi * d for wi, (_, d) in zip(w, pairs)) / sum(w)


def mass_ball(coeffs, means, sds, pieces, prec: int = 128) -> arb:
    """Ball holding sum over pieces (a, b) of sum_j c_j [Phi((b - m_j)/s_j) - Phi((a - m_j)/s_j)].

    Each end is None (for -inf on the left / +inf on the right: Phi = 0 / 1), a float, or a pair
    (lo, hi) of floats meaning an unknown point of [lo, hi]: the ball then holds the value for
    every such point (Arb's erfc encloses its image over a ball). Phi(u) = erfc(-u/sqrt 2)/2.
    """
    with working_precision(prec):
        r2 = arb(2).sqrt()
        consts = [(arb_of(Fraction(c)), arb_of(Fraction(m)), arb_of(Fraction(s))) for c, m, s in zip(coeffs, means, sds)]

        def end(e):
            if isinstance(e, tuple):
                return arb(e[0]).union(arb(e[1]))
            return arb(e)

        total = arb(0)
        for a, b in pieces:
            xa = None if a is None else end(a)
            xb = None if b is None else end(b)
            for c, m, s in consts:
                hi = arb(1) if xb is None else (-((xb - m) / s) / r2).erfc() / 2
                lo = arb(0) if xa is None else (-((xa - m) / s) / r2).erfc() / 2
                total += c * (hi - lo)
        return total
