"""The Li et al. (2018) two-Gaussian GAN: the loss L, its gradients, the optimal discriminator.

Model (seed 000, weighted extension of Li et al.): target G* = a* N(mu*_1, s^2) +
(1 - a*) N(mu*_2, s^2), generator G^ = a^ N(mu^_1, s^2) + (1 - a^) N(mu^_2, s^2) (s = 1 in the
paper; ``alpha`` always weighs the *first* listed mean), discriminator D = indicator of
I = [l_1, r_1] u [l_2, r_2], and

    L(mu^, l, r, a^) = E_{G*}[D] + E_{G^}[1 - D] = 1 + sum_i int_{l_i}^{r_i} F(x) dx,
    F = G* - G^ (densities).

Closed forms (Phi the standard normal CDF, phi its density, z = (x - m)/s):

    L             = 1 + sum_i sum_j c_j [Phi((r_i - m_j)/s) - Phi((l_i - m_j)/s)]
                    (c = (a*, 1 - a*, -a^, -(1 - a^)), m = (mu*_1, mu*_2, mu^_1, mu^_2))
    dL/dl_i       = -F(l_i)
    dL/dr_i       =  F(r_i)
    dL/dmu^_j     =  a^_j / s * sum_i [phi((r_i - mu^_j)/s) - phi((l_i - mu^_j)/s)]
                    (a^_1 = a^, a^_2 = 1 - a^)
    dL/da^        =  sum_i [ (Phi((r_i - mu^_2)/s) - Phi((l_i - mu^_2)/s))
                           - (Phi((r_i - mu^_1)/s) - Phi((l_i - mu^_1)/s)) ]
                    (the model's single weight parameter, a^_2 = 1 - a^)
    dL/da^_j      = -sum_i [Phi((r_i - mu^_j)/s) - Phi((l_i - mu^_j)/s)]
                    (if the two generator weights were free, independent parameters)

Against seed 000: its (9)-(13) and (15) agree with these (its (15) is the dL/dmu^_j above); its
(17) is dL/da^_j for *independent* weights, and misses the second term that the model's
constraint a^_2 = 1 - a^ adds (dL/da^ above); its summary's grad_mu f formula drops the factor
a^_j (1/2 in the Li et al. case). At the optimal discriminator dL/dl_i = dL/dr_i = 0 at finite
ends (F vanishes there), so grad f(mu) = dL/dmu^ at (l, r) = argmax (envelope theorem).

All functions here work on every kind (float, numpy arrays broadcasting over settings, mpmath,
rigorous Interval, sympy, Dual); ends may be the floats -inf / inf.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import NamedTuple

from ..enclose import kinds
from ..enclose.interval import Interval
from ._arbcombo import mass_ball
from .mixture import Mixture, exact_number
from .zeros import RealZeros

__all__ = ["L", "L_grad", "LGrad", "Discriminator", "optimal_discriminator", "F_density"]


# -- kind-generic pieces (float infinities handled exactly) -----------------------------------------


def _inf_side(x) -> int:
    if isinstance(x, float) and math.isinf(x):
        return 1 if x > 0 else -1
    return 0


def _Phi(x, m, s):
    side = _inf_side(x)
    if side:
        return 1 if side > 0 else 0
    u = x - m
    if not (isinstance(s, (int, float, Fraction)) and s == 1):
        u = u / s
    return kinds.apply("Phi", u)


def _phi(x, m, s):
    """Density of N(m, s^2) at x."""
    if _inf_side(x):
        return 0
    u = x - m
    unit = isinstance(s, (int, float, Fraction)) and s == 1
    if not unit:
        u = u / s
    v = kinds.apply("npdf", u)
    return v if unit else v / s


def _weights(alpha):
    return alpha, 1 - alpha


def _params(mu_hat, alpha_hat, mu_star, alpha_star):
    if alpha_star is None:
        alpha_star = alpha_hat
    a_h = _weights(alpha_hat)
    a_s = _weights(alpha_star)
    mh = tuple(mu_hat)
    ms = tuple(mu_star)
    if len(mh) != 2 or len(ms) != 2:
        raise ValueError("mu_hat and mu_star must each hold two means")
    return a_h, mh, a_s, ms


def F_density(x, mu_hat, alpha_hat, mu_star, alpha_star=None, sd=1):
    """F(x) = G*(x) - G^(x), the target density minus the generator's (any kind)."""
    a_h, mh, a_s, ms = _params(mu_hat, alpha_hat, mu_star, alpha_star)
    total = 0
    for a, m in zip(a_s, ms):
        total = total + a * _phi(x, m, sd)
    for a, m in zip(a_h, mh):
        total = total - a * _phi(x, m, sd)
    return total


def _mass(l, r, m, s):
    """Phi((r - m)/s) - Phi((l - m)/s)."""
    return _Phi(r, m, s) - _Phi(l, m, s)


def L(mu_hat, l, r, alpha_hat, mu_star, alpha_star=None, sd=1):
    """L(mu^, l, r, a^) = 1 + sum_i int_{l_i}^{r_i} (G* - G^), in closed form (any kind).

    ``l``, ``r``: sequences of the interval ends (two for the Li et al. discriminator; empty
    intervals may be given as (inf, inf)). ``alpha_star`` None: equal to ``alpha_hat``.
    """
    a_h, mh, a_s, ms = _params(mu_hat, alpha_hat, mu_star, alpha_star)
    total = 1
    for li, ri in zip(l, r):
        for a, m in zip(a_s, ms):
            total = total + a * _mass(li, ri, m, sd)
        for a, m in zip(a_h, mh):
            total = total - a * _mass(li, ri, m, sd)
    return total


class LGrad(NamedTuple):
    """Partial derivatives of L (see the module docstring for the formulas)."""

    l: tuple
    r: tuple
    mu_hat: tuple
    alpha_hat: object
    alpha_hat_weights: tuple


def L_grad(mu_hat, l, r, alpha_hat, mu_star, alpha_star=None, sd=1) -> LGrad:
    """All partial derivatives of :func:`L` in closed form (any kind, numpy-vectorised)."""
    a_h, mh, a_s, ms = _params(mu_hat, alpha_hat, mu_star, alpha_star)
    l = tuple(l)
    r = tuple(r)

    def F(x):
        return F_density(x, mh, alpha_hat, ms, alpha_star if alpha_star is not None else alpha_hat, sd)

    dl = tuple(-F(x) for x in l)
    dr = tuple(F(x) for x in r)
    dmu = []
    for a, m in zip(a_h, mh):
        acc = 0
        for li, ri in zip(l, r):
            acc = acc + (_phi(ri, m, sd) - _phi(li, m, sd))
        dmu.append(a * acc)
    masses = []
    for m in mh:
        acc = 0
        for li, ri in zip(l, r):
            acc = acc + _mass(li, ri, m, sd)
        masses.append(acc)
    dalpha = masses[1] - masses[0]
    return LGrad(dl, dr, tuple(dmu), dalpha, (-masses[0], -masses[1]))


# -- the optimal discriminator ------------------------------------------------------------------------


@dataclass(frozen=True)
class Discriminator:
    """The optimal discriminator I = {x : F(x) > 0}, F = target - generator.

    intervals     [(l1, r1), (l2, r2)] or fewer, floats, -inf / inf for half-lines; each finite
                  end is a float inside the certified isolating interval of a zero of F
    enclosures    the ends as rigorous Intervals (None for infinite ends); only when certified
    tv            total variation between the two mixtures (= f(mu) - 1 = max L - 1), a float
    tv_enclosure  rigorous Interval holding the exact TV (certified case), else None
    L_enclosure   rigorous Interval holding L at exactly the returned float intervals (always; a
                  certified lower bound on max L even when the zero set is not certified)
    certified     True when the intervals come from a certified zero set
    zeros         the RealZeros of F
    """

    intervals: list
    tv: float
    certified: bool
    zeros: RealZeros | None
    enclosures: list | None = None
    tv_enclosure: Interval | None = None
    L_enclosure: Interval | None = None

    @property
    def value(self) -> float:
        """f(mu) = max L = 1 + TV."""
        return 1.0 + self.tv

    @property
    def l(self):
        return [a for a, _ in self.intervals]

    @property
    def r(self):
        return [b for _, b in self.intervals]


def _mid_float(lo: float, hi: float) -> float:
    m = lo + (hi - lo) / 2
    return min(max(m, lo), hi)


def optimal_discriminator(alpha_star, mu_star, alpha_hat=None, mu_hat=None, *, sd=1,
                          certified: bool = True) -> Discriminator:
    """The union of at most two intervals maximising L for the given target and generator.

    ``alpha_star`` weighs ``mu_star[0]`` (and 1 - alpha_star ``mu_star[1]``), likewise
    ``alpha_hat`` (None: the known-alpha case, alpha_hat = alpha_star). Inputs are taken as the
    exact numbers given. With ``certified`` (default) the zeros of F come from
    :func:`real_zeros` and the TV gets a rigorous enclosure; when the zero set cannot be
    certified (a tangency), the float path answers and ``certified`` is False.
    """
    if mu_hat is None:
        raise TypeError("optimal_discriminator needs mu_hat (the generator's two means)")
    if alpha_hat is None:
        alpha_hat = alpha_star
    target = Mixture.two_component(alpha_star, mu_star, sd)
    generator = Mixture.two_component(alpha_hat, mu_hat, sd)
    F = target - generator
    if not certified:
        return _float_answer(alpha_star, mu_star, alpha_hat, mu_hat, sd, F, None)
    z = F.real_zeros()
    if z.identically_zero:
        zero = Interval.point(0)
        return Discriminator([], 0.0, True, z, [], zero, Interval.point(1))
    if z.count is None:
        return _float_answer(alpha_star, mu_star, alpha_hat, mu_hat, sd, F, z)
    cuts = [None] + [Interval(lo, hi) for lo, hi in z.intervals] + [None]
    reps = [-math.inf] + [_mid_float(lo, hi) for lo, hi in z.intervals] + [math.inf]
    intervals, encl = [], []
    for i, sgn in enumerate(z.signs):
        if sgn > 0:
            intervals.append((reps[i], reps[i + 1]))
            encl.append((cuts[i], cuts[i + 1]))
    if len(intervals) > 2:  # impossible for two-component mixtures with a common sd (Thm A-2)
        raise AssertionError(f"{len(intervals)} positive pieces: the zero set contradicts Thm A-2")
    pieces = [(None if math.isinf(a) else z.intervals[i - 1], None if math.isinf(b) else z.intervals[i])
              for i, (a, b) in zip([i for i, sg in enumerate(z.signs) if sg > 0], intervals)]
    tv_enc = _mass_enclosure(F, pieces)
    L_enc = 1 + _mass_enclosure(F, [(None if math.isinf(a) else a, None if math.isinf(b) else b) for a, b in intervals])
    lo, hi = tv_enc.float_bounds()
    tv = float((tv_enc.lo_fraction + tv_enc.hi_fraction) / 2)
    tv = min(max(tv, lo), hi)
    return Discriminator(intervals, tv, True, z, encl, tv_enc, L_enc)


def _mass_enclosure(F: Mixture, pieces) -> Interval:
    """Rigorous enclosure of the sum over pieces of int F. An end is None (infinite), a float,
    or a float pair (lo, hi) standing for an unknown point in it (a certified zero): the
    enclosure then holds the integral for every such end, in particular for the exact zero."""
    ball = mass_ball(F.weights, F.means, F.sds, pieces)
    return Interval(ball, ball)


def _float_answer(alpha_star, mu_star, alpha_hat, mu_hat, sd, F, z) -> Discriminator:
    from .fast import optimal_discriminator_float

    d = optimal_discriminator_float(float(exact_number(alpha_star)), [float(exact_number(m)) for m in mu_star],
                                    float(exact_number(alpha_hat)), [float(exact_number(m)) for m in mu_hat],
                                    float(exact_number(sd)))
    intervals = d.intervals(0)
    L_enc = 1 + _mass_enclosure(F, [(None if math.isinf(a) else a, None if math.isinf(b) else b) for a, b in intervals])
    return Discriminator(intervals, float(d.tv[0]), False, z, None, None, L_enc)
