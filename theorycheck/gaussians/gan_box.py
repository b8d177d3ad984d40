"""f and grad f of the two-Gaussian GAN over parameter *boxes*, with rigorous Arb enclosures.

    from theorycheck.gaussians.gan_box import f_box, grad_f_box
    f_box((m1, m2), (s1, s2), alpha)          # Interval holding TV(target, generator) on the box
    grad_f_box((m1, m2), (s1, s2), alpha)     # (df/dmu_1, df/dmu_2): two Intervals
    hessian_box((m1, m2), (s1, s2), alpha)    # grad f and its derivative in mu (simple zeros only)

alpha None is 1/2 (Li et al.); alpha_star / alpha_hat set the two mixtures' weights apart.

Every argument is an :class:`~theorycheck.enclose.interval.Interval` (a box side), or an exact
number (int, Fraction, decimal string, float taken as its exact binary value). The model is the
one of :mod:`theorycheck.gaussians.gan` (reports/MODEL.md): target a* N(s_1, 1) + (1 - a*) N(s_2, 1),
generator a^ N(m_1, 1) + (1 - a^) N(m_2, 1) (``alpha_hat`` None: the known-alpha case a^ = a*, one
and the same number, also when it ranges over a box), F = target - generator (densities), and

    f(p)      = integral over the line of max(F(x; p), 0) dx  = TV(target, generator)
                (the model's f = max L minus the constant 1; the weights of each mixture sum to 1)
    df/dm_j   = integral over {F > 0} of dF/dm_j = a^_j sum_i [phi(r_i - m_j) - phi(l_i - m_j)]
                (a^_1 = a^, a^_2 = 1 - a^; {F > 0} = union of the (l_i, r_i)).

Why the gradient formula holds (the envelope theorem, in the form used here). max(., 0) is
1-Lipschitz, so the difference quotients (max(F(x; p + t e), 0) - max(F(x; p), 0)) / t are bounded
by sup |dF/dp_i| over a neighbourhood, which is integrable (a Gaussian envelope), and converge to
1{F > 0} dF/dp_i at every x where F(x; p) != 0. When F(.; p) is not identically 0 it is a non-zero
combination of Gaussian densities, whose zeros are isolated (at most 3 of them, seed 001's Theorem
A.2), a null set; dominated convergence then gives df/dp_i = integral over {F > 0} of dF/dp_i, and
the same domination makes it continuous in p. So f is C^1 wherever the generator differs from
the target. Where they are equal (F = 0 identically: mu = mu* with a^ = a*, both means equal to
both target means, ...) f has its minimum 0 and a kink (the one-sided derivative in a direction h is
integral max(dF.h, 0) > 0 for h and -h), so grad f is undefined there.

Two ways to enclose these integrals over a box P of parameters, both rigorous, combined cell by
cell (:func:`enclose`):

Way 1, cells (needs no zeros). [XL, XR] is cut into cells [a, b] of exact doubles; beyond it the
tails are bounded analytically (below). Signs are decided on H = F / phi(x - c0) (c0 a fixed number
between the means; H has the sign and the zeros of F, and its terms vary little across a cell even
in the tails), each pair (target mean, generator mean) evaluated as a difference with a mean-value
form in the parameter (:class:`_Model`). On each cell the enclosure of H over P x [a, b] (natural
form intersected with the centred form H(mid; P) + H'([a, b]; P) ([a, b] - mid)), the enclosures
of H at the cell's ends over P, and of H' over P x [a, b] decide the sign of F on the whole
P x [a, b] when they can (H' of one sign makes H monotone, so two ends of one sign give that sign):
- F > 0 there: the set {F > 0} contains the cell for every p in P, so the cell contributes the
  integral of the integrand over it; consecutive such cells (and the pieces below) are merged
  into stretches [L, R] and integrated in closed form (Phi, phi of Arb balls), so their ball
  widths do not add up cell by cell;
- F < 0 there: the cell contributes nothing;
- uncertain: {F > 0} within the cell is unknown and depends on p. Whatever subset S of the cell
  it is, the integral of an integrand g over S lies between the integral of min(g, 0) and the
  integral of max(g, 0) over the cell (S drops only positive parts, or only negative ones, at
  worst). g is not of one sign (dF/dm_j = a^_j (m_j - x) phi(x - m_j) changes sign at m_j), so
  both parts are needed; they are bounded term by term (min(sum t_k, 0) >= sum min(t_k, 0)),
  and by (b - a) times the hull of 0 and the enclosure of g over the cell. For f itself the
  integrand is max(F, 0): its integral over the cell is >= max(0, integral of F) and <= the
  target's mass on the cell and <= (b - a) max(F, 0) over the cell.
Uncertain cells are bisected while that can still help (the cell is wider than the box
resolution, its possible contribution is not negligible, and F's sign is known somewhere in it).
Tails: left of XL (below every mean) dF/dc = w (x - c) phi(x - c) has the sign of -w, and
integrals over any subset of (-inf, XL] lie between 0 and w [-phi(XL - c)]; max(F, 0) <= target
density, so f's tail lies in [0, target mass beyond XL]. Symmetrically on the right.

Way 2, zeros (where they are simple). A run of uncertain cells [A, B] with F of certain opposite
signs at A and B and F' != 0 on P x [A, B] holds exactly one zero z(p) for every p in P (F is
strictly monotone there and changes sign). A parametric interval Newton step
N(X) = x0 - F(x0; P) / F'(X; P), intersected with X, encloses z(p) for every p in P (mean-value
theorem: z = x0 - F(x0; p) / F'(xi; p) for a xi in X), and is iterated while it contracts: the
enclosure Z of the zero has a width of order |box| / |F'|. Where it stalls on a wide X (F' small
or varying much over X: close targets), X is shrunk by signs of F at points of X and by Newton
steps on quarters of X, each keeping z(p) for every p (:func:`_shrink`), and Newton restarts.
The cell then splits at Z: its side
where F > 0 joins the neighbouring stretch, whose end is the ball Z, and the closed forms are
evaluated at Z (for the mass, with a mean-value form in the end point: d/dR of the integral of F
is F(R), which is ~0 on Z). The width of a Way 2 enclosure falls linearly with the box width; Way 1
needs cells as small as the box near each zero. Where both apply on a cell both are computed: Way 2
joins the stretch (its ball widths do not add up), or, when Way 1's bound for the cell is the
tighter, the cell is taken alone as the intersection of both (each is an enclosure). F and H are
evaluated in the same way, and the Newton step may equally run on H (same zeros, H' != 0 there).

Where neither applies (a double zero of F, a zero running off to infinity, the generator near
the target), the cells stay uncertain and Way 1's bounds hold: the enclosure is still valid, its
width then reflects how much f and grad f really vary there (near a tangency grad f changes like
the square root of the parameter distance).

f itself is further enclosed by the value at the box's centre plus a Lipschitz bound of TV, by
the mean-value form with the enclosed gradient (where grad f exists on the whole box) and by
[0, TV to the generator moved onto the target] (:func:`f_box`): linear widths near mu = mu* too.

Derivatives (:func:`hessian_box`): where every zero of F is simple and certified on the whole box
and both tails have a certified sign (:func:`_tail_sign`), the zero set has a fixed structure
over P and the Hessian of f in mu has a closed form over the box (:func:`_hessian`); the claim
blocks of :mod:`theorycheck.gaussians.gan` use it for the prover's derivatives of grad f.

Definedness. f is defined everywhere (TV of two densities). grad f needs F != 0 identically at
every point of the box: that is certified by any cell where F has a certain sign on all of P x
cell, or by a certified zero. Without it the gradient enclosures are decorated not-defined (they
still enclose grad f at every point of the box where it exists: the formulas above hold there).
"""

from __future__ import annotations

import heapq
import itertools
import math
from dataclasses import dataclass, field, replace
from fractions import Fraction

from flint import arb, ctx

from ..enclose.interval import Interval, NotEnclosed
from ._arbcombo import ball_sign

__all__ = ["f_box", "grad_f_box", "grad_difference_box", "hessian_box", "enclose", "BoxEnclosure"]

TAIL_FLOOR = 2.0**-60      # tails never looser than this (absolute)
MAX_CELLS = 300            # cells per box at most (uncertain ones beyond it stay uncertain)
NEWTON_STEPS = 12
SHRINK_EVALS = 24          # evaluations of H (or H, H') per zero at most to shrink a stalled Newton enclosure
SHRINK_PIECES = 4          # pieces of a stalled enclosure, one Newton step on each
CELL = 1.0                 # the first cut of [XL, XR]


# -- numbers ------------------------------------------------------------------------------------


def _ball(v) -> arb:
    """An Arb ball holding every value of ``v`` (an Interval box side or an exact number)."""
    if not isinstance(v, Interval):
        v = Interval.point(v)
    lo, hi = v._lo, v._hi
    if isinstance(lo, float) or isinstance(hi, float):
        raise NotEnclosed("f and grad f over a box with an infinite side are not enclosed")
    return lo if lo == hi else lo.union(hi)


def _hull(lo: arb, hi: arb) -> arb:
    """A ball holding [lo.lower(), hi.upper()]."""
    a, b = lo.lower(), hi.upper()
    return a.union(b)


def _pos(b: arb) -> arb:
    """An upper bound of max(b, 0) as an exact number (+inf for a ball that is not finite)."""
    if not b.is_finite():
        return arb.pos_inf()
    u = b.upper()
    return u if u > 0 else arb(0)


def _interval(b: arb, defined=True) -> Interval:
    if not b.is_finite():
        raise NotEnclosed("the enclosure is not finite (raise the precision or split the box)")
    return Interval(b.lower(), b.upper(), _defined=defined)


# -- the model ----------------------------------------------------------------------------------


class _Model:
    """F = sum_k w_k phi(x - c_k) over the parameter box: c = (s1, s2, m1, m2) as balls, w =
    (a*, 1 - a*, -a^, -(1 - a^)), evaluated grouped by pairs (target mean, generator mean):

        F = a* D_1 + (1 - a*) D_2 + (a* - a^)(phi(x - m1) - phi(x - m2)),
        D_j = phi(x - s_j) - phi(x - m_j)

    (the last term is absent with a tied weight, known alpha: one number a is not taken twice).
    Each D_j is the intersection of its natural enclosure and of the mean-value form in the
    parameter, (s_j - m_j) d/dc phi(x - c) at c in the hull of s_j and m_j: where a generator mean
    is near a target mean, D_j is small, and its enclosure is small too (natural interval
    arithmetic would see two nearly equal terms and not their difference). The same for F', and
    for H = F / phi(x - c0) and H' (below)."""

    def __init__(self, m, s, a_star, a_hat, tied):
        self.c = [s[0], s[1], m[0], m[1]]
        self.a_s, self.a_h, self.tied = a_star, a_hat, tied
        self.w = [a_star, 1 - a_star, -a_hat, -(1 - a_hat)]
        self.k = 1 / (2 * arb.pi()).sqrt()
        self.half = arb(0.5)
        self.pairs = []
        for i, j in ((0, 2), (1, 3)):
            delta = self.c[i] - self.c[j]
            if abs(delta).upper() < 1:
                self.pairs.append((i, j, delta, self.c[i].union(self.c[j])))
            else:
                self.pairs.append((i, j, None, None))

    def _combine(self, e, pair_diff):
        d = []
        for i, j, delta, hull in self.pairs:
            v = e[i] - e[j]
            if delta is not None:
                v = _meet(v, delta * pair_diff(hull))
            d.append(v)
        a = self.a_s
        out = a * d[0] + (1 - a) * d[1]
        if not self.tied:
            out += (a - self.a_h) * (e[2] - e[3])
        return out

    # F and F' (in x): g(c) = phi(x - c), d/dc g = (x - c) phi; g'(c) = -(x - c) phi, d/dc = (1 - (x - c)^2) phi
    def _phi(self, X, c):
        u = X - c  # never u ** 2: python-flint's ** gives nan for some balls around 0
        return (-(u * u) * self.half).exp() * self.k

    def F(self, x):
        def pd(hull):
            return (x - hull) * self._phi(x, hull)
        return self._combine([self._phi(x, c) for c in self.c], pd)

    def F_dF(self, X):
        """(F, F', |integrand| bound) over the ball X."""
        u = [X - c for c in self.c]
        e = [(-(ui * ui) * self.half).exp() * self.k for ui in u]
        de = [-ui * ei for ui, ei in zip(u, e)]  # d/dx phi(x - c)
        cache = {}

        def parts(hull):
            key = id(hull)
            if key not in cache:
                uh = X - hull
                cache[key] = (uh, self._phi(X, hull))
            return cache[key]

        def pd(hull):
            uh, ph = parts(hull)
            return uh * ph

        def pdd(hull):
            uh, ph = parts(hull)
            return (1 - uh * uh) * ph

        size = sum(((1 + abs(ui)) * ei for ui, ei in zip(u, e)), arb(0))
        return self._combine(e, pd), self._combine(de, pdd), size

    # H = F / phi(x - c0) for a fixed number c0 (the middle of the means): it has the sign and the
    # zeros of F, and its terms w_k exp(d_k (x - c0) - d_k^2 / 2), d_k = c_k - c0, vary over a cell
    # of width h by a factor exp(|d_k| h) at most, wherever the cell lies (F's terms vary by
    # exp(|x - c_k| h), which is large in the tails): its enclosures decide signs on wide cells.
    # g(c) = exp(d t - d^2/2) (t = x - c0, d = c - c0): d/dc g = (t - d) g; g' = d g: d/dc = (1 + d (t - d)) g.
    def set_c0(self, c0: float):
        self.c0 = arb(c0)
        self.d = [c - self.c0 for c in self.c]
        self.dd = [-(d * d) * self.half for d in self.d]

    def _E(self, t, c):
        d = c - self.c0
        return d, (d * t - d * d * self.half).exp()

    def H(self, x):
        t = x - self.c0

        def pd(hull):
            d, E = self._E(t, hull)
            return (t - d) * E
        return self._combine([(d * t + q).exp() for d, q in zip(self.d, self.dd)], pd)

    def H_dH(self, X):
        t = X - self.c0
        e = [(d * t + q).exp() for d, q in zip(self.d, self.dd)]
        cache = {}

        def parts(hull):
            key = id(hull)
            if key not in cache:
                cache[key] = self._E(t, hull)
            return cache[key]

        def pd(hull):
            d, E = parts(hull)
            return (t - d) * E

        def pdd(hull):
            d, E = parts(hull)
            return (1 + d * (t - d)) * E
        return self._combine(e, pd), self._combine([d * ei for d, ei in zip(self.d, e)], pdd)


# -- integrands -----------------------------------------------------------------------------------
# An integrand is a list of terms (kind, coef, c): "mass" coef phi(x - c), "slope" coef (x - c)
# phi(x - c) (the derivative of phi(x - c) in c). Each quantity q = integral over {F > 0} of its
# integrand.


def _integrands(model: _Model, params):
    s1, s2, m1, m2 = model.c
    a_s, a_h = model.a_s, model.a_h
    out = {}
    for name in params:
        if name == "f":
            terms = [("mass", w, c) for w, c in zip(model.w, model.c)]
        elif name in ("s1", "s2", "m1", "m2"):
            k = ("s1", "s2", "m1", "m2").index(name)
            terms = [("slope", model.w[k], model.c[k])]
        elif name == "m1-m2":  # df/dmu_1 - df/dmu_2: one integral over {F > 0} of dF/dm_1 - dF/dm_2
            terms = [("slope", model.w[2], model.c[2]), ("slope", -model.w[3], model.c[3])]
        elif name == "a_star" or (name == "alpha" and not model.tied):
            terms = [("mass", arb(1), s1), ("mass", arb(-1), s2)]
        elif name == "a_hat":
            terms = [("mass", arb(-1), m1), ("mass", arb(1), m2)]
        elif name == "alpha":  # tied: d/da of a (phi_s1 - phi_m1) + (1 - a)(phi_s2 - phi_m2)
            terms = [("mass", arb(1), s1), ("mass", arb(-1), s2), ("mass", arb(-1), m1), ("mass", arb(1), m2)]
        else:
            raise ValueError(name)
        out[name] = terms
    return out


def _Phi(x):
    return (-x / arb(2).sqrt()).erfc() / 2


def _npdf(x):
    return (-(x * x) / 2).exp() / (2 * arb.pi()).sqrt()


def _antiderivative(terms, x):
    """Sum over terms of the antiderivative at x: mass -> coef Phi(x - c), slope -> -coef phi(x - c)."""
    total = arb(0)
    for kind, coef, c in terms:
        total += coef * (_Phi(x - c) if kind == "mass" else -_npdf(x - c))
    return total


def _integrand_at(terms, x):
    total = arb(0)
    for kind, coef, c in terms:
        p = _npdf(x - c)
        total += coef * (p if kind == "mass" else (x - c) * p)
    return total


def _stretch(terms, L, R, L_zero, R_zero, model, is_f):
    """Integral of the terms over [L, R] (ends exact points or zero enclosures of F)."""
    val = _antiderivative(terms, R) - _antiderivative(terms, L)
    if L_zero or R_zero:
        # mean-value form in a zero end Z (a ball): the antiderivative A at Z lies in
        # A(z0) + A'(Z) (Z - z0), z0 the ball's midpoint (mean-value theorem, for each p); A' is
        # the integrand: for f, d/dR int_L^R F = F(R), which is ~0 on the enclosure; for the
        # other quantities the integrand over Z, once, instead of the antiderivative's terms
        # each over Z (issue 16: for the difference "m1-m2" of two nearby means the terms nearly
        # cancel, and the zero may move much over the box)
        mv = arb(0)
        for end, zero, sgn in ((R, R_zero, 1), (L, L_zero, -1)):
            if zero:
                z0 = end.mid()
                slope = model.F(end) if is_f else _integrand_at(terms, end)
                mv += sgn * (_antiderivative(terms, z0) + slope * (end - z0))
            else:
                mv += sgn * _antiderivative(terms, end)
        val = _meet(val, mv)
    return val


def _unknown_subset(terms, a, b, model, Fx, is_f):
    """Enclosure of the integral of the terms over an unknown subset S of [a, b] (see the module
    docstring): term by term between the integrals of their negative and positive parts, and
    (b - a) times the hull of 0 and the integrand's enclosure over the cell."""
    A, B, X = arb(a), arb(b), arb(a).union(arb(b))
    h = B - A
    if is_f:
        # integrand max(F, 0): >= max(0, int F), <= target mass, <= h max(F, 0)
        full = _antiderivative(terms, B) - _antiderivative(terms, A)
        target = sum((coef * (_Phi(B - c) - _Phi(A - c)) for kind, coef, c in terms[:2]), arb(0))
        lo = full.lower()
        lo = lo if lo > 0 else arb(0)
        hi = min_arb(_pos(target), _pos(h * Fx))
        return _hull(lo, hi)
    lo, hi = arb(0), arb(0)
    for kind, coef, c in terms:
        if kind == "mass":
            part = _hull(arb(0), _Phi(B - c) - _Phi(A - c))  # phi > 0
        else:
            # (x - c) phi(x - c): positive part J+ and negative part J- on the cell, all c
            if A >= c.upper():
                jp, jm = _npdf(A - c) - _npdf(B - c), arb(0)
            elif B <= c.lower():
                jp, jm = arb(0), _npdf(B - c) - _npdf(A - c)
            else:
                top = 1 / (2 * arb.pi()).sqrt()
                jp, jm = top - _npdf(B - c), top - _npdf(A - c)
            part = _hull(-_pos(jm), _pos(jp))
        t = coef * part
        lo += t.lower()
        hi += t.upper()
    termwise = _hull(lo, hi)
    g = _integrand_at(terms, X)
    crude = _hull(h * (g.lower() if g.lower() < 0 else arb(0)), h * _pos(g))
    return _meet(termwise, crude)


def min_arb(x, y):
    return x if x <= y else y


def _meet(x: arb, y: arb) -> arb:
    """The intersection of two enclosures of one quantity (one that is not finite says nothing)."""
    if not y.is_finite():
        return x
    if not x.is_finite():
        return y
    try:
        return x.intersection(y)
    except (ValueError, ZeroDivisionError):  # disjoint: cannot happen for true enclosures
        raise AssertionError("two enclosures of one quantity are disjoint") from None


def _tails(terms, XL, XR, model, is_f):
    """Integrals over the unknown subsets of (-inf, XL] and [XR, inf) of {F > 0}."""
    if is_f:
        hi = arb(0)
        for kind, coef, c in terms[:2]:
            hi += coef * (_Phi(XL - c) + _Phi(c - XR))
        return _hull(arb(0), _pos(hi))
    lo, hi = arb(0), arb(0)
    for kind, coef, c in terms:
        if kind == "mass":
            part = _hull(arb(0), _Phi(XL - c) + _Phi(c - XR))
        else:
            # (x - c) phi(x - c) <= 0 left of XL <= c, >= 0 right of XR >= c
            part = _hull(-_pos(_npdf(XL - c)), _pos(_npdf(XR - c)))
        t = coef * part
        lo += t.lower()
        hi += t.upper()
    return _hull(lo, hi)


# -- the cells --------------------------------------------------------------------------------------


@dataclass
class _Cell:
    a: float
    b: float
    kind: object  # 1, -1, "Z" (one simple zero), "U" (uncertain)
    sa: int
    sb: int
    enc: arb = None  # F over P x cell
    zero: arb = None  # Z: the enclosure of the zero
    zero0: arb = None  # Z: the enclosure of the first Newton run (before any shrink; :func:`_newton`)


@dataclass
class BoxEnclosure:
    """What :func:`enclose` found: the quantities (Arb balls), whether grad f is defined on the
    whole box (F is not identically 0 anywhere on it), and how the line was cut."""

    values: dict
    defined: bool
    cells: list = field(default_factory=list)
    zeros: int = 0
    uncertain: int = 0
    model: object = None
    XL: float = 0.0
    XR: float = 0.0

    def interval(self, name, defined=True) -> Interval:
        return _interval(self.values[name], defined)


class _Classifier:
    def __init__(self, model, hmin, tol, newton):
        self.model, self.hmin, self.tol, self.newton = model, hmin, tol, newton
        self._F = {}
        self.cells = []
        self.count = 0

    def F_at(self, x: float) -> arb:
        v = self._F.get(x)
        if v is None:
            v = self._F[x] = self.model.H(arb(x))
        return v

    def run(self, XL: float, XR: float):
        """Classify the cells of [XL, XR] (first cut CELL wide); uncertain cells worth it are
        bisected, the largest possible contribution first, until MAX_CELLS."""
        heap, leaves, order = [], [], itertools.count()

        def push(a, b):
            cell, prio = self._classify(a, b)
            if prio is None:
                leaves.append(cell)
            else:
                heapq.heappush(heap, (-prio, next(order), cell))

        # the first cut: cells of CELL, or of a power of 2 giving at most 64 cells when the means
        # are spread wide (the boundaries stay exact doubles)
        step = CELL
        while (XR - XL) / step > 64:
            step *= 2
        x = XL
        while x < XR:
            push(x, min(x + step, XR))
            x += step
        while heap:
            _, _, cell = heapq.heappop(heap)
            if self.count >= MAX_CELLS:
                leaves.append(cell)
                continue
            mid = cell.a + (cell.b - cell.a) / 2
            push(cell.a, mid)
            push(mid, cell.b)
        leaves.sort(key=lambda c: c.a)
        self.cells = leaves

    def _classify(self, a, b):
        self.count += 1
        Fa, Fb = self.F_at(a), self.F_at(b)
        sa, sb = ball_sign(Fa), ball_sign(Fb)
        X = arb(a).union(arb(b))
        mid = a + (b - a) / 2
        Fx, dF = self.model.H_dH(X)
        if a < mid < b:
            Fm = self.F_at(mid)
            cen = Fm + dF * (X - arb(mid))
            enc = _meet(Fx, cen)
            sm = ball_sign(Fm)
        else:
            enc, sm = Fx, 0
        mono = not dF.contains(0)
        if mono and sa == sb != 0:
            kind = sa
        elif enc > 0:
            kind = 1
        elif enc < 0:
            kind = -1
        elif mono and sa * sb < 0 and self.newton:
            kind = "Z"
        else:
            kind = "U"
        cell = _Cell(a, b, kind, sa, sb)
        if kind != "U" or not (a < mid < b):
            return cell, None
        h = b - a
        _, _, size = self.model.F_dF(X)
        prio = float((size * h).upper())
        worth = h > self.hmin and (sa or sb or sm or h > 0.5) and prio > self.tol
        return cell, (prio if worth else None)


def _merge_runs(clf: _Classifier, cells):
    """Runs of uncertain cells with ends of certain opposite signs on which F is monotone: one
    simple zero (Way 2); a run on which F is monotone with ends of one sign: that sign."""
    out, i = [], 0
    model = clf.model
    while i < len(cells):
        c = cells[i]
        if c.kind != "U":
            out.append(c)
            i += 1
            continue
        j = i
        while j + 1 < len(cells) and cells[j + 1].kind == "U":
            j += 1
        A, B = c.a, cells[j].b
        sa, sb = ball_sign(clf.F_at(A)), ball_sign(clf.F_at(B))
        merged = None
        if sa and sb and clf.newton:
            _, dF = model.H_dH(arb(A).union(arb(B)))
            if not dF.contains(0):
                merged = _Cell(A, B, "Z" if sa != sb else sa, sa, sb)
        if merged is not None:
            out.append(merged)
        else:
            out.extend(cells[i:j + 1])
        i = j + 1
    return out


def _newton_steps(model, X) -> arb:
    """Parametric interval Newton steps from X while they contract X by 1/8 or more (at most
    NEWTON_STEPS): each keeps every zero of H(., p) in X, for every p of the box (module docstring).
    Returns X and the enclosure of H' of the last step."""
    dF = None
    for _ in range(NEWTON_STEPS):
        _, dF = model.H_dH(X)
        x0 = X.mid()
        N = x0 - model.H(x0) / dF
        try:
            Y = X.intersection(N)
        except ValueError:  # empty: no zero for any p -- impossible after the sign change
            raise AssertionError("interval Newton lost the zero") from None
        if not (Y.rad() < X.rad() * 0.875):
            return Y, dF
        X = Y
    return X, dF


def _min_pt(*xs):
    """The least of exact points (exact comparisons decide)."""
    return _fold(xs, lambda x, y: x <= y)


def _max_pt(*xs):
    return _fold(xs, lambda x, y: x >= y)


def _fold(xs, first):
    out = None
    for x in xs:
        assert x.is_exact()
        if out is None or not first(out, x):
            out = x
    return out


def _shrink(model, lo: arb, hi: arb, sa: int, budget: int):
    """Shrink [lo, hi] (exact end points inside the cell [a, b] of :func:`_newton`, holding the zero
    z(p) for every p of the box P): (lo', hi', evaluations of H or H' used).

    Premise (from the caller): for every p in P, H(., p) is strictly monotone on [a, b] (H' has a
    certain sign on P x [a, b]) with H(a; p) of the certain sign sa and H(b; p) of -sa, so its one
    zero z(p) in [a, b] has x < z(p) exactly where H(x; p) has the sign sa, and x > z(p) where it
    has -sa (x in [a, b]). Why each step keeps z(p) for every p:
    - the midpoint m (exact): H(m; P) of the sign sa for every p puts m below every z(p): lo = m;
      of the sign -sa, above every z(p): hi = m;
    - uncertain at m (the zeros of different p may lie on both sides): [lo, hi] is cut into
      SHRINK_PIECES pieces [l_k, r_k] (consecutive ones share their exact end, the first starts
      at lo, the last ends at hi: they cover [lo, hi]). A z(p) in a piece X_k is in X_k and in
      N_k = x0 - H(x0; P) / H'(X_k; P) (mean-value theorem, as for Newton: xi between z(p) and x0
      is in X_k), so in [max(l_k, lower N_k), min(r_k, upper N_k)]; a piece where that is empty
      holds no z(p) for any p and is dropped; where H'(X_k; P) contains 0 the piece is kept whole.
      The hull of what is kept holds every z(p). This shrinks [lo, hi] from both sides: the
      pieces near the ends, where H has a certain sign over P, are dropped or cut by the step.
    A fixed number of evaluations (1, or 1 + 2 SHRINK_PIECES), never time."""
    used = 0

    def sign(q):
        nonlocal used
        used += 1
        return ball_sign(model.H(q))

    m = ((lo + hi) * 0.5).mid()
    if budget <= 0 or not (lo < m < hi):
        return lo, hi, used
    s = sign(m)
    if s == sa:
        return m, hi, used
    if s == -sa:
        return lo, m, used
    # uncertain: [lo, hi] cut into SHRINK_PIECES pieces, one Newton step on each
    width = (hi - lo) * (1.0 / SHRINK_PIECES)
    keep = []
    for k in range(SHRINK_PIECES):
        pl = lo if k == 0 else (lo + width * k).mid()
        pr = hi if k == SHRINK_PIECES - 1 else (lo + width * (k + 1)).mid()
        if not pl < pr:
            return lo, hi, used
        Xk = pl.union(pr)
        _, dF = model.H_dH(Xk)
        x0 = Xk.mid()
        used += 2
        if dF.contains(0):
            keep.append((pl, pr))
            continue
        try:
            Y = Xk.intersection(x0 - model.H(x0) / dF)
        except ValueError:  # no zero of any p in this piece
            continue
        l, r = _max_pt(pl, Y.lower()), _min_pt(pr, Y.upper())
        if l <= r:  # else Y only meets Xk's rounding margin: no zero of any p in [pl, pr]
            keep.append((l, r))
    if not keep:
        raise AssertionError("interval Newton lost the zero")
    return _min_pt(*(k[0] for k in keep)), _max_pt(*(k[1] for k in keep)), used


def _newton(model, a, b, sa=None) -> tuple:
    """Enclosure of the unique zero of F(., p) in [a, b], for every p in the box.

    Premise (established by the caller, :class:`_Classifier` / :func:`_merge_runs`): H' has a
    certain sign on the box times [a, b], and H(a; P), H(b; P) certain opposite signs (sa the first;
    None: evaluated here). Interval Newton steps (:func:`_newton_steps`) run while they contract by
    1/8 or more; where they stall (H' varies much over a wide enclosure, or H(x0; P) is wide), the
    enclosure [lo, hi] is shrunk by signs of H at exact points (:func:`_shrink`, which says why
    each step keeps z(p) for every p) and Newton restarts on it, until a shrink gains less than 1/8
    or SHRINK_EVALS evaluations of H are spent (a count). The result is the intersection of
    enclosures of z(p), each valid for every p of the box: an enclosure for every p. Returned with
    the enclosure of the first Newton run (before any shrink), itself one."""
    A, B = arb(a), arb(b)
    if sa is None:
        sa = ball_sign(model.H(A))
    lo, hi = A, B
    X = A.union(B)
    budget = SHRINK_EVALS
    first = None
    while True:
        X, dF = _newton_steps(model, X)
        if first is None:
            first = X
        if X.lower() > lo:
            lo = X.lower()
        if X.upper() < hi:
            hi = X.upper()
        if budget <= 0 or sa == 0 or dF.rad() * 2 <= abs(dF.mid()):
            break  # H' known to 50% over X: the stall is H(x0; P)'s own width, shrinking gains little
        lo2, hi2, used = _shrink(model, lo, hi, sa, budget)
        budget -= used
        if not (hi2 - lo2).upper() < ((hi - lo) * 0.875).lower():
            break  # gained less than 1/8: X as it is (the shrunk [lo2, hi2] would hardly narrow it)
        lo, hi = lo2, hi2
        X = X.intersection(lo.union(hi))
    return X, first


# -- the enclosure ----------------------------------------------------------------------------------


def _params(mu, mu_star, alpha, alpha_star, alpha_hat):
    """Balls of the box; alpha (None: 1/2, Li et al.) weighs the first mean of both mixtures, unless
    alpha_star (target) / alpha_hat (generator; None: the target's, one and the same number) say
    otherwise."""
    if alpha is None:
        alpha = Fraction(1, 2)
    a_s = alpha if alpha_star is None else alpha_star
    tied = alpha_hat is None
    a_h = a_s if tied else alpha_hat
    m = [_ball(v) for v in mu]
    s = [_ball(v) for v in mu_star]
    A_s = _ball(a_s)
    A_h = A_s if tied else _ball(a_h)
    return m, s, A_s, A_h, tied


def enclose(mu, mu_star, alpha=None, alpha_star=None, alpha_hat=None, *, quantities=("f", "m1", "m2"),
            method="auto") -> BoxEnclosure:
    """Enclosures over the box of the integrals over {F > 0} named in ``quantities``: "f" (TV),
    "m1", "m2", "s1", "s2" (df/dmu_j, df/dmu*_k), "a_star", "a_hat" (df/da*, df/da^, the weights
    free) or "alpha" (df/dalpha, alpha_hat None: the one weight of both mixtures).

    ``method``: "cells" (Way 1 only: no zeros, uncertain cells refined down to the box width),
    "newton" (Way 2: every zero simple and enclosed, else NotEnclosed), "auto" (per cell whichever
    applies, intersected where both do). See the module docstring for why each is an enclosure."""
    if method not in ("auto", "cells", "newton"):
        raise ValueError(f"method must be auto, cells or newton, got {method!r}")
    return _enclose(*_params(mu, mu_star, alpha, alpha_star, alpha_hat), quantities, method)


def _box_width(m, s, A_s, A_h) -> float:
    return max(float(2 * b.rad()) for b in (*m, *s, A_s, A_h))


# Memo of :func:`_enclose` (issue 16, per-box cost). _enclose is a pure function of its
# arguments: the same balls (exactly: midpoint and radius), the same weights, the same tied flag,
# quantities, method and width give the same BoxEnclosure, bit for bit, wherever and whenever it is
# computed (at the same working precision, part of the key). So a result may be handed out again; nothing in it depends on what was computed before,
# and no verdict, work charge (the meter is charged by the claim's evaluations, never here) or
# certificate can depend on whether it was a hit. The prover asks for one box several times: the
# body's value and then its derivatives (hessian_box) over the same box, a half enclosed by the
# split probe and then again as a box of the next round, the centre's value and its derivatives.
# Callers never mutate a BoxEnclosure's values; the cells' cached enclosures (_Cell.enc) are
# themselves deterministic. Bounded (least recently used out first).
_MEMO: "dict" = {}
MEMO_SIZE = 4096


def _ball_key(b: arb):
    """An exact key of a ball: its midpoint and radius as (mantissa, exponent) pairs."""
    mid, rad = b.mid(), b.rad()
    return (tuple(int(x) for x in mid.man_exp()) if mid != 0 else 0,
            tuple(int(x) for x in rad.man_exp()) if rad != 0 else 0)


def _enclose(m, s, A_s, A_h, tied, quantities, method, width=None) -> BoxEnclosure:
    key = (tuple(_ball_key(b) for b in (*m, *s, A_s, A_h)), tied, tuple(quantities), method, width, ctx.prec)
    hit = _MEMO.pop(key, None)
    if hit is None:
        hit = _enclose_new(m, s, A_s, A_h, tied, quantities, method, width)
        if len(_MEMO) >= MEMO_SIZE:
            del _MEMO[next(iter(_MEMO))]
    _MEMO[key] = hit  # (re)inserted last: the dict's order is the order of use
    return hit


def _enclose_new(m, s, A_s, A_h, tied, quantities, method, width=None) -> BoxEnclosure:
    model = _Model(m, s, A_s, A_h, tied)
    if width is None:
        width = _box_width(m, s, A_s, A_h)
    # the resolution of the cells: the box's own width (the enclosures cannot be tighter than
    # what f varies over the box); never finer than a relative 2^-40 of the scale
    tol = min(max(width * 2.0**-9, TAIL_FLOOR), 2.0**-6)
    hmin = max(width / 8, 2.0**-40)
    # tails: beyond T standard deviations from every mean the bounds are below tol
    T = math.sqrt(2 * math.log(1 / (tol * math.sqrt(2 * math.pi)))) + 0.5
    lo_c = min(float(b.lower()) for b in model.c)
    hi_c = max(float(b.upper()) for b in model.c)
    XL, XR = math.floor(lo_c - T), math.ceil(hi_c + T)
    model.set_c0(float(round((lo_c + hi_c) / 2)))
    clf = _Classifier(model, hmin, tol, newton=method != "cells")
    clf.run(float(XL), float(XR))
    cells = _merge_runs(clf, clf.cells) if method != "cells" else clf.cells
    n_zero = 0
    for c in cells:
        if c.kind == "Z":
            c.zero, c.zero0 = _newton(model, c.a, c.b, c.sa)
            n_zero += 1
    n_unc = sum(1 for c in cells if c.kind == "U")
    if method == "newton" and n_unc:
        raise NotEnclosed(f"the zeros of F are not all simple and isolated over this box ({n_unc} uncertain cells)")
    defined = any(c.kind != "U" for c in cells)
    values = {name: _meet(_total(terms, cells, model, float(XL), float(XR), name == "f"), _a_priori(terms, name == "f"))
              for name, terms in _integrands(model, quantities).items()}
    if any(c.kind == "Z" and c.zero is not c.zero0 for c in cells):
        # a shrunk zero (issue 16): _total chooses per zero cell between joining it to its stretch
        # and taking it alone by comparing widths, so a narrower zero may change a choice and, rarely,
        # widen a total; the totals with the first Newton runs' zeros are enclosures too: intersect
        first = [replace(c, zero=c.zero0) if c.kind == "Z" else c for c in cells]
        values = {name: _meet(values[name], _total(terms, first, model, float(XL), float(XR), name == "f"))
                  for name, terms in _integrands(model, quantities).items()}
    return BoxEnclosure(values, defined, cells, n_zero, n_unc, model, float(XL), float(XR))


def _a_priori(terms, is_f) -> arb:
    """Bounds that hold whatever {F > 0} is: f = TV in [0, 1]; the integral of (x - c) phi(x - c) over
    any set lies in [-phi(0), phi(0)], of phi(x - c) in [0, 1] (they keep absurd boxes finite)."""
    if is_f:
        return arb(0).union(arb(1))
    top = 1 / (2 * arb.pi()).sqrt()
    total = arb(0)
    for kind, coef, c in terms:
        total += coef * ((-top).union(top) if kind == "slope" else arb(0).union(arb(1)))
    return total


def _identically_zero(m, s, A_s, A_h) -> bool:
    """F = 0 identically at this exact point (balls of radius 0): the terms with equal means,
    merged exactly, all have weight 0."""
    def q(b):
        man, exp = b.mid().man_exp()
        man, exp = int(man), int(exp)
        return Fraction(man * 2**exp) if exp >= 0 else Fraction(man, 2**-exp)

    a_s, a_h = q(A_s), q(A_h)
    weights = {}
    for w, c in ((a_s, s[0]), (1 - a_s, s[1]), (-a_h, m[0]), (-(1 - a_h), m[1])):
        key = q(c)
        weights[key] = weights.get(key, 0) + w
    return all(v == 0 for v in weights.values())


def _tv_lipschitz(m, s, A_s, A_h) -> arb:
    """L with |f(p) - f(p0)| <= L for p in the box, p0 its centre: TV(T, G) moves by at most
    TV(T, T0) + TV(G, G0) (triangle inequality), and for a mixture a N(m_1) + (1 - a) N(m_2)
    TV(G, G0) <= a tv(m_1, m_1') + (1 - a) tv(m_2, m_2') + |a - a'| (change the means, then the
    weight), tv(x, y) = 2 Phi(|x - y| / 2) - 1 <= |x - y| / sqrt(2 pi)."""
    k = 1 / (2 * arb.pi()).sqrt()
    total = arb(0)
    for A, (c1, c2) in ((A_s, s), (A_h, m)):
        a_up = A.upper()
        total += a_up * c1.rad() * k + (1 - A.lower()) * c2.rad() * k + A.rad()
    return total.upper()


def _total(terms, cells, model, XL, XR, is_f) -> arb:
    """Sum of the contributions of the tails, the stretches where F > 0 (closed forms) and the
    uncertain cells (Way 1 bounds); a zero cell is split at its zero (Way 2), or, when Way 1's
    bound for it is the tighter, taken alone as the intersection of both."""
    total = _tails(terms, arb(XL), arb(XR), model, is_f)
    start = None  # (end, is_zero) of the open stretch of F > 0

    def close(at, at_zero=False):
        nonlocal total, start
        if start is not None:
            total += _stretch(terms, start[0], at, start[1], at_zero, model, is_f)
        start = None

    def cell_bound(c):
        if c.enc is None:
            X, mid = arb(c.a).union(arb(c.b)), arb(c.a + (c.b - c.a) / 2)
            Fx, dF, _ = model.F_dF(X)
            c.enc = _meet(Fx, model.F(mid) + dF * (X - mid))  # natural and centred forms
        return _unknown_subset(terms, c.a, c.b, model, c.enc, is_f)

    for c in cells:
        if c.kind == 1:
            if start is None:
                start = (arb(c.a), False)
        elif c.kind == -1:
            close(arb(c.a))
        elif c.kind == "U":
            close(arb(c.a))
            total += cell_bound(c)
        elif c.sa < 0 < c.sb:  # a simple zero, F rising: the cell's part of {F > 0} is [z, b]
            close(arb(c.a))
            way1, way2 = cell_bound(c), _stretch(terms, c.zero, arb(c.b), True, False, model, is_f)
            if way1.rad() < way2.rad():
                total += _meet(way1, way2)
                start = (arb(c.b), False)
            else:
                start = (c.zero, True)
        else:  # F falling: [a, z]
            way1 = cell_bound(c)
            way2 = _stretch(terms, arb(c.a), c.zero, False, True, model, is_f)
            if way1.rad() < way2.rad():
                close(arb(c.a))
                total += _meet(way1, way2)
            else:
                if start is None:
                    start = (arb(c.a), False)
                close(c.zero, True)
    close(arb(XR))
    return total


# -- the API ------------------------------------------------------------------------------------------


def f_box(mu, mu_star, alpha=None, alpha_star=None, alpha_hat=None, *, method="auto") -> Interval:
    """An Interval holding f(mu) = TV(target, generator) for every point of the box (defined:
    f is defined everywhere). The intersection of rigorous enclosures:

    - the cells over the whole box (module docstring);
    - f(p0) at the box's centre p0 plus grad f over the box times (P - p0) (mean-value theorem;
      only where grad f exists on the whole box, so that f is C^1 on the segment);
    - f(p0) +- L, L the Lipschitz bound of TV (:func:`_tv_lipschitz`), valid everywhere;
    - [0, TV(G, G with its means and weight moved to the target's)], which is at most
      a^ |m_1 - s_1| / sqrt(2 pi) + (1 - a^) |m_2 - s_2| / sqrt(2 pi) + |a^ - a*| (triangle
      inequality: f = TV(T, G) <= TV(T, T) + TV(T, G) moved ...); it is what keeps the width
      linear near mu = mu*, where the cells cannot decide any sign."""
    if method not in ("auto", "cells", "newton"):
        raise ValueError(f"method must be auto, cells or newton, got {method!r}")
    m, s, A_s, A_h, tied = _params(mu, mu_star, alpha, alpha_star, alpha_hat)
    width = _box_width(m, s, A_s, A_h)
    if width == 0 and _identically_zero(m, s, A_s, A_h):
        return Interval.point(0)
    k = 1 / (2 * arb.pi()).sqrt()
    near = (A_h * abs(m[0] - s[0]) + (1 - A_h) * abs(m[1] - s[1])) * k + abs(A_h - A_s)
    v = arb(0).union(arb(1).min(_pos(near)) if _pos(near) < 1 else arb(1))  # 0 <= TV <= 1
    names = ["f"]
    if width > 0 and method != "newton":
        boxed = [(n, b) for n, b in (("m1", m[0]), ("m2", m[1]), ("s1", s[0]), ("s2", s[1])) if b.rad() > 0]
        if tied:
            boxed += [("alpha", A_s)] if A_s.rad() > 0 else []
        else:
            boxed += [(n, b) for n, b in (("a_star", A_s), ("a_hat", A_h)) if b.rad() > 0]
        names += [n for n, _ in boxed]
    e = _enclose(m, s, A_s, A_h, tied, tuple(names), method)
    v = _meet(v, e.values["f"])
    if width > 0 and method != "newton":
        mids = [b.mid() for b in m], [b.mid() for b in s], A_s.mid(), A_h.mid()
        if _identically_zero(*mids):
            f0 = arb(0)
        else:
            f0 = _enclose(*mids[:2], mids[2], A_s.mid() if tied else mids[3], tied, ("f",), method,
                          width=width).values["f"]
        L = _tv_lipschitz(m, s, A_s, A_h)
        v = _meet(v, f0 + (-L).union(L))
        if e.defined:
            mv = f0
            for n, b in boxed:
                mv += e.values[n] * (b - b.mid())
            v = _meet(v, mv)
    return _interval(v).intersection(Interval(0, 1))  # exact ends: a ball's [0, 1] is wider


def _tail_sign(model: _Model, X: float, side: int) -> int:
    """The certified sign of F on (-inf, X] (side -1) or [X, inf) (side +1); 0 when not certified.

    Terms with the same exact mean are merged (weights added). Let c_j be the outermost mean on
    that side, strictly beyond every other over the box. F = phi(x - c_j) (w_j + sum_k w_k r_k(x)),
    r_k(x) = phi(x - c_k) / phi(x - c_j) = exp((c_k - c_j)(x - (c_k + c_j) / 2)), which grows
    towards X on that side (monotone in x, the sign of c_k - c_j fixed). So |w_j| > sum |w_k| r_k(X)
    makes F of w_j's sign on the whole half-line (no zero there)."""
    merged = []
    for w, c in zip(model.w, model.c):
        for t in merged:
            if c.rad() == 0 and t[1].rad() == 0 and c == t[1]:
                t[0] = t[0] + w
                break
        else:
            merged.append([w, c])
    merged = [(w, c) for w, c in merged if not (w.rad() == 0 and w == 0)]
    if not merged:
        return 0
    key = (lambda t: t[1].upper()) if side < 0 else (lambda t: -t[1].lower())
    merged.sort(key=key)
    wj, cj = merged[0]
    others = merged[1:]
    if any(not ((c > cj) if side < 0 else (c < cj)) for _, c in others):
        return 0
    x = arb(X)
    rest = sum((abs(w) * ((c - cj) * (x - (c + cj) / 2)).exp() for w, c in others), arb(0))
    if abs(wj) > rest:
        return ball_sign(wj)
    return 0


def _hessian(model: _Model, cells, XL, XR, target: bool = False, tight: bool = False):
    """d^2 f / dm_j dm_k over the box (a dict (j, k) -> ball, j <= k), or None when the zero set of F
    is not known exactly on the whole box (an uncertain cell, a half-line of uncertain sign, a zero
    where F' is not certainly nonzero). With ``target`` also d^2 f / dm_j ds_k (the derivative of
    grad_mu f in the target's means), under the keys ("s", j, k).

    With the zeros simple and their number fixed over the box, differentiating
    df/dm_j = integral over {F > 0} of g_j (g_j = dF/dm_j = a^_j (m_j - x) phi(x - m_j)) once more:
    the integral of d g_j / dm_k (= delta_jk a^_j ((x - m_j)^2 - 1) phi(x - m_j) ... times -1, whose
    integral over [L, R] is a^_j [(R - m_j) phi(R - m_j) - (L - m_j) phi(L - m_j)]), plus at each
    zero z the moving end: g_j(z) dz/dm_k with dz/dm_k = -g_k(z) / F'(z) (implicit functions); at a
    right end F' < 0, at a left end F' > 0 and the end enters with a minus sign, so each zero adds
    g_j(z) g_k(z) / |F'(z)|.

    In a target mean s_k the same argument holds with g_k replaced by h_k = dF/ds_k =
    a*_k (z - s_k) phi(z - s_k) (a*_1 = a*, a*_2 = 1 - a*), and the integrand g_j does not depend on
    s_k (it is a term of the generator's density), so only the moving ends count: each zero adds
    g_j(z) h_k(z) / |F'(z)|. (Check: F is a function of x - p for a common shift p of all four
    means, so the derivatives of grad_mu f in m_1, m_2, s_1, s_2 sum to 0: the interior term
    a_j [(R - m_j) phi(R - m_j) - ...] cancels the sum of the ends' terms; tests/test_gan_lemma43.py.)

    ``tight`` (gan_constants.hessian_box_tight) adds two tightenings, each an enclosure of the same
    numbers: each zero's Newton ball is cut to its cell [a, b] (the zero lies in the cell for every
    p: F has opposite certain signs at a and b and is monotone there), and |F'(z)| is also enclosed
    as |H'(z)| phi(z - c0), H = F / phi(x - c0) (F' = H' phi(. - c0) + H phi'(. - c0) and H(z) = 0),
    which stays away from 0 in the tails where the natural enclosure of F' over the ball holds 0."""
    if any(c.kind == "U" for c in cells):
        return None
    left, right = _tail_sign(model, XL, -1), _tail_sign(model, XR, 1)
    if not (left and right):
        return None
    # a stretch's ends: (ball, kind), kind "inf" (ball unused), "zero", "x" (an exact cell end)
    stretches, start = [], (None, "inf") if left > 0 else None
    for c in cells:
        if c.kind == 1:
            if start is None:  # cannot happen: a + cell after a - boundary would be a Z cell
                start = (arb(c.a), "x")
        elif c.kind == -1:
            if start is not None:
                stretches.append((start, (arb(c.a), "x")))
                start = None
        else:
            z = c.zero.intersection(arb(c.a).union(arb(c.b))) if tight else c.zero
            if c.sa < 0 < c.sb:
                if tight and start is not None:
                    return None  # a rising zero inside a stretch: inconsistent signs
                start = (z, "zero")
            else:
                if start is None:
                    start = (arb(c.a), "x")
                stretches.append((start, (z, "zero")))
                start = None
    if start is not None:
        if right <= 0:
            return None  # inconsistent signs: give up
        stretches.append((start, (None, "inf")))
    elif tight and right > 0:
        return None
    a = (model.a_h, 1 - model.a_h)
    m = model.c[2:]
    k = 1 / (2 * arb.pi()).sqrt()

    def uphi(x, mj):
        u = x - mj
        return u * (-(u * u) / 2).exp() * k

    H = {(0, 0): arb(0), (0, 1): arb(0), (1, 1): arb(0)}
    if target:
        a_s, s = (model.a_s, 1 - model.a_s), model.c[:2]
        H.update({("s", j, i): arb(0) for j in (0, 1) for i in (0, 1)})
    for (L, Lk), (R, Rk) in stretches:
        for j in (0, 1):
            part = arb(0)
            if Rk != "inf":
                part += uphi(R, m[j])
            if Lk != "inf":
                part -= uphi(L, m[j])
            H[(j, j)] += a[j] * part
        for z, kind in ((L, Lk), (R, Rk)):
            if kind != "zero":
                continue
            _, dF, _ = model.F_dF(z)
            d = abs(dF)
            if tight:
                _, dH = model.H_dH(z)
                v = z - model.c0
                d = abs(dH) * (-(v * v) / 2).exp() * k
                if not dF.contains(0):
                    d = d.intersection(abs(dF))
            if d.contains(0) or not (d > 0):
                return None
            g = [-a[j] * uphi(z, m[j]) for j in (0, 1)]  # a_j (m_j - z) phi(z - m_j)
            H[(0, 0)] += g[0] * g[0] / d
            H[(0, 1)] += g[0] * g[1] / d
            H[(1, 1)] += g[1] * g[1] / d
            if target:
                h = [a_s[i] * uphi(z, s[i]) for i in (0, 1)]  # dF/ds_i = a*_i (z - s_i) phi(z - s_i)
                for j in (0, 1):
                    for i in (0, 1):
                        H[("s", j, i)] += g[j] * h[i] / d
    return H


def hessian_box(mu, mu_star, alpha=None, alpha_star=None, alpha_hat=None, *, target=False):
    """(grad f, Hessian of f in mu) over the box: ((g1, g2), ((h11, h12), (h12, h22))) as Intervals,
    or NotEnclosed where the zero set of F is not certified simple on the whole box (see
    :func:`_hessian`). Decorated defined (grad f exists on the whole box when it does).

    With ``target`` a third item, the derivative of grad_mu f in the target's means:
    ((d g1/ds1, d g1/ds2), (d g2/ds1, d g2/ds2))."""
    m, s, A_s, A_h, tied = _params(mu, mu_star, alpha, alpha_star, alpha_hat)
    e = _enclose(m, s, A_s, A_h, tied, ("m1", "m2"), "auto")
    H = _hessian(e.model, e.cells, e.XL, e.XR, target=target) if e.defined else None
    if H is None:
        raise NotEnclosed("the Hessian of f needs every zero of F simple and certified on the whole box")
    g = (e.interval("m1"), e.interval("m2"))
    h = {key: _interval(v) for key, v in H.items()}
    hess = ((h[(0, 0)], h[(0, 1)]), (h[(0, 1)], h[(1, 1)]))
    if target:
        return g, hess, tuple(tuple(h[("s", j, i)] for i in (0, 1)) for j in (0, 1))
    return g, hess


def grad_difference_box(mu, mu_star, alpha=None, alpha_star=None, alpha_hat=None, *, method="auto") -> Interval:
    """df/dmu_1 - df/dmu_2 over the box (an Interval holding it at every point where grad f exists;
    decorated defined only when grad f exists on the whole box): the intersection of the
    enclosure of the difference as one integral over {F > 0} of dF/dm_1 - dF/dm_2 (quantity
    "m1-m2" of :func:`enclose`) and of the difference of the two enclosures. Where the generator's
    means are close, the integrands of the two nearly cancel, and so do their values at the ends
    of {F > 0}: the difference varies much less over a box than each component, wherever the zeros
    of F go (the Lemma 4.3 valley, generator means delta apart: lemmas/li2018_lemma43_proved.py)."""
    e = enclose(mu, mu_star, alpha, alpha_star, alpha_hat, quantities=("m1", "m2", "m1-m2"), method=method)
    v = _meet(e.values["m1-m2"], e.values["m1"] - e.values["m2"])
    return _interval(v, e.defined)


def grad_f_box(mu, mu_star, alpha=None, alpha_star=None, alpha_hat=None, *, method="auto") -> tuple:
    """(df/dmu_1, df/dmu_2) as Intervals holding grad f at every point of the box where it exists;
    decorated defined only when it exists on the whole box (the generator differs from the target
    everywhere on it)."""
    e = enclose(mu, mu_star, alpha, alpha_star, alpha_hat, quantities=("m1", "m2"), method=method)
    return e.interval("m1", e.defined), e.interval("m2", e.defined)
