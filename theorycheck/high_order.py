"""Taylor forms of high order in one variable, from Taylor series with Arb ball coefficients
(issue 15: "very tight contact" and "tight bounds after cancellation").

For a part whose margin m is analytic on the hull H of a box and a point p (the anchor),
Taylor's theorem with the Lagrange remainder gives, for every x of the box, d = x - p,

    m(x) = sum_{j < K} a_j d^j + r_K(xi) d^K,   a_j = m^(j)(p) / j!,  xi between p and x,

and the series kind (:mod:`theorycheck.enclose.series`) encloses both: evaluated on the exact
point p it gives balls around a_j, evaluated on the ball H its coefficient K holds r_K(xi) for
*every* xi of H. If the first k coefficients are exactly 0 (the sides agree to order k at p),

    m(x) = d^k * (a_k + a_(k+1) d + ... + a_(K-1) d^(K-1-k) + r_K(H) d^(K-k)),

and the bracket, evaluated in interval arithmetic (Horner) over the box, has the sign the
relation needs whenever a_k does and the box is small enough: the remainder term is multiplied
by d^(K-k), so a remainder enclosure widened by the dependency problem (each side of
``tanh(x) <= x(15 + x^2)/(15 + 6x^2)`` has its own 7th coefficient over H, and they only agree
to 6e-4 at 0) no longer decides anything. That is why K runs several orders past k.

Premises, each checked here (and again by the kernel, :meth:`theorycheck.kernel.leaves.Leaves.series`):

- m is K times differentiable on H: every coefficient of the series over the ball H is a finite
  ball (Arb gives non-finite coefficients on a ball reaching a pole, a branch point or the end of
  a domain; abs, min and max raise unless the sign of their argument is known, below).
- a coefficient counted as 0 is *exactly* 0: sympy reduces m^(j)(p) to 0 (a coefficient of
  1e-30 is not 0) and its ball contains 0; only bodies without kinks (abs, min, max) use zeros,
  since sympy differentiates ``Abs`` at its kink as sign(0) = 0.
- the contact order k is the first j whose coefficient is not shown 0 (at most
  :data:`MAX_CONTACT`); a coefficient a_k of the wrong sign, or one that may be 0, leaves the
  bracket's enclosure reaching the wrong side, and the box is not decided.
- abs(u), min(a, b), max(a, b) (:class:`theorycheck.enclose.series.Branches`): where the
  enclosure of u (a - b) over H shows a sign, the kink is that branch; otherwise each branch is
  proved on its own (at every x the body equals one of them), at most :data:`MAX_BRANCHES`.

Two uses (:mod:`theorycheck.prove`): anchored at a touching point (k found automatically), and
centred at the box's midpoint (k = 0) for boxes the mean-value and second-order forms leave,
where a tight bound follows a cancellation (``|erf(x) - (1 - p(x)^-16)| <= 3e-7``).
"""

from __future__ import annotations

from fractions import Fraction

from flint import arb, fmpq

from .decide import HOLDS, interval_status, leaf_enclosure
from .enclose.interval import Interval
from .enclose.series import Branches, Series, branches, new_tag, series_length

MAX_CONTACT = 12  # the contact order is looked for below this
EXTRA = 6  # coefficients at the anchor kept past the contact order
CENTRED = (4, 8, 12)  # orders of the centred form, tried in turn
MAX_BRANCHES = 8
MAX_SYMPY = 8  # anchors whose contact order sympy is asked for, per part
MAX_SYMPY_OPS = 400  # a derivative larger than this (sympy's count_ops) is not simplified further


def exact_ball(q) -> arb:
    """The exact number q (a float or a Fraction) as a ball of radius 0."""
    q = Fraction(q)
    return arb(fmpq(q.numerator, q.denominator))


def hull_ball(lo, hi, p=None) -> arb:
    """A ball holding [lo, hi] and p (exact numbers)."""
    a, b = Fraction(lo), Fraction(hi)
    if p is not None:
        a, b = min(a, Fraction(p)), max(b, Fraction(p))
    return exact_ball(a) if a == b else arb.union(exact_ball(a), exact_ball(b))


def margin_coefficients(claim, leaf_index, half, ball, n, chooser_args=None):
    """(coefficients a_0 .. a_(n-1) of the part's margin as a series around ``ball``, the
    :class:`Branches` used). Raises when the body has no series there."""
    from .integral import NOT_HERE
    from .prove import pick_leaf

    tag = new_tag()
    ch = Branches(tag, **(chooser_args or {}))
    # no integral in series arithmetic: its rigorous enclosure on series costs minutes and runs
    # past the claim's work deadline (seed 001's TV step spent 18 units of a 5-unit budget here);
    # IntegralNotHere marks the body as one without a series (SeriesTaylor.unsupported)
    token = NOT_HERE.set(True)
    try:
        with series_length(n), branches(ch):
            x = Series.variable(ball, n, tag)
            m = leaf_enclosure(pick_leaf(claim.evaluate([x]), leaf_index, half), x)
            if isinstance(m, Series):
                if m.tags != (tag,):
                    raise ValueError("the margin is a series in another variable")
                out = [m.coefficient(j) for j in range(n)]
            else:  # a margin that does not depend on x
                out = [Series.point_like(x, m).coefficient(0)] + [arb(0)] * (n - 1)
    finally:
        NOT_HERE.reset(token)
    if ch.replay is not None and len(ch.taken) != len(ch.replay):
        raise ValueError("the replayed body took fewer kinks than recorded")
    return out, ch


def taylor_bound(point, top, k, dx) -> Interval:
    """d^k (a_k + a_(k+1) d + ... + top d^(K-k)) over the interval ``dx`` (point: a_0 .. a_(K-1)
    as balls, top: r_K), by Horner in outward-rounded interval arithmetic."""
    acc = Interval._from_ball(top)
    for a in reversed(point[k:]):
        acc = Interval._from_ball(a) + dx * acc
    return acc if k == 0 else dx**k * acc


class SeriesTaylor:
    """The forms of the module docstring for one part (or half) of a one-variable claim."""

    def __init__(self, claim, leaf_index, half=None, deadline=None):
        self.claim, self.leaf_index, self.half, self.deadline = claim, leaf_index, half, deadline
        self.unsupported = False  # the body has no series (gammainc, owens_t, ...): stop trying
        self._contact: dict = {}  # anchor -> (k, coefficients at p) or None
        self.tried = self.decided = self.sympy_calls = 0
        self.anchors: list = []  # ends found to be touching points (contact order > 0)

    def _coefficients(self, ball, n, **kw):
        from .integral import IntegralNotHere

        try:
            return margin_coefficients(self.claim, self.leaf_index, self.half, ball, n, kw or None)
        except Exception as exc:  # noqa: BLE001 - no series here (undefined, ...): no conclusion
            while exc is not None:
                if isinstance(exc, (TypeError, IntegralNotHere)):  # a function (or an integral) without a series: never any
                    self.unsupported = True
                exc = exc.__cause__
            return None, None

    def contact(self, p):
        """(k, [a_0 .. a_(k+EXTRA-1)] at p) with a_j exactly 0 for j < k (sympy), or None."""
        key = Fraction(p)
        if key not in self._contact:
            self._contact[key] = self._find_contact(key)
        return self._contact[key]

    def _find_contact(self, p):
        n = MAX_CONTACT + EXTRA
        coeffs, ch = self._coefficients(exact_ball(p), n)
        if coeffs is None or not all(c.is_finite() for c in coeffs):
            return None
        if ch.taken:  # a kink in the body: no exact zeros (sympy's Abs' at 0 is sign(0) = 0)
            return 0, coeffs[:EXTRA]
        k = 0
        zeros = None
        while k < MAX_CONTACT and coeffs[k].contains(0):
            if zeros is None:
                if self.sympy_calls >= MAX_SYMPY:
                    break  # (a bound on the work: each anchor costs a symbolic check)
                self.sympy_calls += 1
                zeros = self._sympy_zeros(p, MAX_CONTACT)
            if k >= len(zeros) or not zeros[k]:
                break
            coeffs[k] = arb(0)
            k += 1
        return k, coeffs[: k + EXTRA]

    def _sympy_zeros(self, p, count):
        """[m^(j)(p) == 0 exactly, j = 0, 1, ...] as far as sympy shows it (stops at the first
        coefficient it does not show to be 0)."""
        out = []
        try:
            import sympy

            from . import work
            from .prove import pick_leaf
            from .symbolic import _time_limit, current_deadline, is_zero, symbols_for

            cap = 5.0 if self.deadline is None else min(5.0, self.deadline - work.clock())
            if cap <= 0:
                return out
            with _time_limit(cap, deadline=current_deadline()) as budget:
                (x,) = symbols_for(self.claim)
                leaf = pick_leaf(self.claim.evaluate([x]), self.leaf_index, self.half)
                e = sympy.sympify(leaf_enclosure(leaf, x))
                if e.has(sympy.Abs, sympy.Min, sympy.Max, sympy.sign, sympy.Heaviside, sympy.Piecewise):
                    return out
                at = sympy.Rational(p.numerator, p.denominator)
                for _ in range(count):
                    # every sympy step is charged before it runs (its cost grows with the size of
                    # the expression, and derivatives swell): the claim's work, not the wall
                    # clock, stops it (tanh(x) - 1 + 2/(e^{2x} + 1) differentiated ran for minutes)
                    if not budget.afford("substitution", e):
                        break
                    v = e.subs(x, at)
                    if not is_zero(v, budget):
                        break
                    out.append(True)
                    if not budget.afford("derivative", e):
                        break
                    e = sympy.diff(e, x)
        except Exception:  # noqa: BLE001 - sympy gave up: nothing more is shown 0
            pass
        return out

    def _branches(self, hull, n):
        """[(coefficients over the hull, kinks taken)] for every branch of the body on the
        hull, or None (too many branches, or one without a finite series)."""
        out, scripts = [], [[]]
        while scripts:
            script = scripts.pop()
            coeffs, ch = self._coefficients(hull, n, script=script)
            if coeffs is None or not all(c.is_finite() for c in coeffs):
                return None
            opened = len(ch.open)
            for j in range(len(script), opened):  # the other side of each open kink not scripted
                scripts.append(script + [1] * (j - len(script)) + [-1])
            out.append((coeffs, ch.taken))
            if len(out) + len(scripts) > MAX_BRANCHES:
                return None
        return out

    def _holds(self, lo, hi, p, leaf, k, point0, orders):
        hull = hull_ball(lo, hi, p)
        top = max(orders)
        pieces = self._branches(hull, top + 1)
        if pieces is None:
            return None
        dx = Interval(lo, hi) - Interval.point(Fraction(p))
        at_p = []
        for over, taken in pieces:
            if taken:  # this branch's own coefficients at p (its kinks as on the hull)
                point, _ = self._coefficients(exact_ball(p), top, replay=taken)
                if point is None or any(not c.is_finite() for c in point):
                    return None
            else:
                point = point0
            if point is None or len(point) < top:
                return None
            at_p.append(point)
        for K in orders:
            ok = True
            for (over, _), point in zip(pieces, at_p):
                point = [arb(0)] * k + list(point[k:K])  # (the zeros: exactly 0, shown by contact())
                if interval_status(leaf, taylor_bound(point, over[K], k, dx)) != HOLDS:
                    ok = False
                    break
            if ok:
                return {"order": K, "zeros": list(range(k)), "branches": len(pieces)}
        return None

    def anchored(self, lo, hi, p, leaf):
        """None, or how a Taylor form at the anchor p decided the box [lo, hi] (floats)."""
        if self.unsupported:
            return None
        self.tried += 1
        c = self.contact(p)
        if c is None:
            return None
        k, point = c
        if k == 0:
            return None  # the margin at p is not shown 0: no touching point (the centred form is better)
        how = self._holds(lo, hi, p, leaf, k, point, range(k + 2, k + EXTRA + 1, 2))
        if how:
            self.decided += 1
        return how

    def at_ends(self, lo, hi, leaf):
        """None, or (end, how) when the box's own end is a touching point: the margin's ball at
        the end holds 0, the contact order there is found, and the form anchored there decides
        the box; then also at the two such points found before nearest the box. (A touching point at the
        end of the domain stays an end of the boxes bisection makes next to it; the search's
        float candidates may miss it.)"""
        near = sorted((a for a in self.anchors if a not in (lo, hi)), key=lambda a: max(lo - a, a - hi))
        for e in [lo, hi] + near[:2]:
            c = self.contact(e) if not self.unsupported else None
            if c is not None and c[0] > 0:
                if e not in self.anchors:
                    self.anchors.append(e)  # (then tried on the boxes near it too)
                how = self.anchored(lo, hi, e, leaf)
                if how:
                    return e, how
        return None

    def centred(self, lo, hi, leaf):
        """None, or (centre, how) when the centred form of order CENTRED decided the box."""
        if self.unsupported or not lo < hi:
            return None
        c = lo / 2 + hi / 2
        if not lo <= c <= hi:
            return None
        point, ch = self._coefficients(exact_ball(c), max(CENTRED))
        if point is None or not all(x.is_finite() for x in point):
            return None
        if ch.taken:
            point = None  # each branch gets its own coefficients at the centre
        how = self._holds(lo, hi, c, leaf, 0, point, CENTRED)
        return None if how is None else (c, how)


# -- several variables: the centred form ------------------------------------------------------------------


def multi_indices(n_vars, degree):
    """Every multi-index of ``n_vars`` entries summing to ``degree``."""
    if n_vars == 1:
        return [(degree,)]
    return [(i,) + rest for i in range(degree + 1) for rest in multi_indices(n_vars - 1, degree - i)]


def margin_coefficients_nd(claim, leaf_index, half, balls, n, chooser_args=None):
    """({alpha: a_alpha} for |alpha| < n, the :class:`Branches` used): the Taylor coefficients of
    the part's margin around the balls (one per variable), each holding (1/alpha!) d^alpha m at
    every point of the product of the balls."""
    from .integral import NOT_HERE
    from .prove import pick_leaf

    tags = tuple(new_tag() for _ in balls)  # increasing, as Series wants
    ch = Branches(tags, **(chooser_args or {}))
    token = NOT_HERE.set(True)  # no integral in series arithmetic (see margin_coefficients)
    try:
        return _nd(claim, leaf_index, half, balls, n, ch, tags, pick_leaf)
    finally:
        NOT_HERE.reset(token)


def _nd(claim, leaf_index, half, balls, n, ch, tags, pick_leaf):
    with series_length(n), branches(ch):
        xs = [Series.variable(b, n, t) for b, t in zip(balls, tags)]
        m = leaf_enclosure(pick_leaf(claim.evaluate(xs), leaf_index, half), xs[0])
        if not isinstance(m, Series):
            m = Series.point_like(xs[0], m)
        if not set(m.tags) <= set(tags):
            raise ValueError("the margin is a series in another variable")
        m = m._with(tags, (n,) * len(tags))
        out = {}
        for total in range(n):
            for alpha in multi_indices(len(tags), total):
                node = m.data
                for i in alpha[:-1]:
                    node = node[i]
                if alpha[-1] >= node.prec:
                    raise ValueError("a coefficient is not known")
                cs = node.coeffs()
                out[alpha] = cs[alpha[-1]] if alpha[-1] < len(cs) else arb(0)
    if ch.replay is not None and len(ch.taken) != len(ch.replay):
        raise ValueError("the replayed body took fewer kinks than recorded")
    return out, ch


def taylor_bound_nd(point, over, order, dxs) -> Interval:
    """sum_{|alpha| < order} point[alpha] d^alpha + sum_{|alpha| = order} over[alpha] d^alpha over
    the box of offsets ``dxs`` (Intervals), in outward-rounded interval arithmetic; even powers
    of an offset are enclosed as such (d^2 >= 0)."""
    acc = Interval.point(0)
    powers = [[Interval.point(1)] + [dx**j for j in range(1, order + 1)] for dx in dxs]
    for total in range(order + 1):
        src = point if total < order else over
        for alpha in multi_indices(len(dxs), total):
            term = Interval._from_ball(src[alpha])
            for dx_pow, j in zip(powers, alpha):
                if j:
                    term = term * dx_pow[j]
            acc = acc + term
    return acc


class SeriesTaylorND:
    """The centred form of order K in several variables (multivariate Taylor with the Lagrange
    remainder on the segment from the centre, which stays in the box): coefficients of total
    degree < K at the exact centre, those of degree K over the box; kinks by branches as in one
    variable; no exact zeros."""

    ORDERS = (3, 5)

    def __init__(self, claim, leaf_index, half=None, deadline=None):
        self.claim, self.leaf_index, self.half = claim, leaf_index, half
        self.unsupported = False

    def _coefficients(self, balls, n, **kw):
        try:
            return margin_coefficients_nd(self.claim, self.leaf_index, self.half, balls, n, kw or None)
        except Exception as exc:  # noqa: BLE001 - no series here: no conclusion
            while exc is not None:
                if isinstance(exc, TypeError):
                    self.unsupported = True
                exc = exc.__cause__
            return None, None

    def centred(self, lo, hi, leaf):
        """None, or (centre, how) when the centred form decided the box (float rows lo, hi)."""
        if self.unsupported:
            return None
        centre = [a / 2 + b / 2 for a, b in zip(lo, hi)]
        if not all(a <= c <= b for a, c, b in zip(lo, centre, hi)):
            return None
        top = max(self.ORDERS)
        balls = [hull_ball(a, b) for a, b in zip(lo, hi)]
        at = [exact_ball(c) for c in centre]
        pieces, scripts = [], [[]]
        while scripts:
            script = scripts.pop()
            over, ch = self._coefficients(balls, top + 1, script=script)
            if over is None or not all(v.is_finite() for v in over.values()):
                return None
            scripts.extend(script + [1] * (j - len(script)) + [-1] for j in range(len(script), len(ch.open)))
            point, _ = self._coefficients(at, top, replay=ch.taken)
            if point is None or not all(v.is_finite() for v in point.values()):
                return None
            pieces.append((point, over))
            if len(pieces) + len(scripts) > MAX_BRANCHES:
                return None
        dxs = [Interval(a, b) - Interval.point(Fraction(c)) for a, b, c in zip(lo, hi, centre)]
        for K in self.ORDERS:
            if all(interval_status(leaf, taylor_bound_nd(point, over, K, dxs)) == HOLDS for point, over in pieces):
                return centre, {"order": K, "zeros": [], "branches": len(pieces)}
        return None
