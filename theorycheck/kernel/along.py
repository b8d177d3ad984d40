"""A margin that vanishes on an affine set through the box, decided across the set (issue 15).

The sets: a *diagonal* S = {x_i = s x_j} (s = 1 or -1, i != j) with normal n = e_i - s e_j, and a
*face* S = {x_i = c} with normal n = e_i. Every point x has its foot y = x - sigma n on S, with
sigma = (x_i - s x_j)/2 (diagonal) or x_i - c (face). On the segment from y to x,
phi(tau) = m(y + tau n), and Taylor's theorem with the Lagrange remainder gives, when
phi(0) = ... = phi^(k-1)(0) = 0 (the margin and its first k - 1 derivatives along n vanish on S),

    m(x) = sigma^k / k! * D_n^k m(xi)   for some xi on the segment.

So m >= 0 on a box B when (order 1) sign * sigma >= 0 on B and sign * D_n m >= 0 on the hull H of
B and its foot set, or (order 2) D_n^2 m >= 0 on H. H is a box, so it holds every segment. This is
the *derived claim* :class:`Along`: its part is ``sign * D_n^k m >= 0`` on H, decorated with every
lower derivative and the margin itself (so a proof of it shows m defined, and k times
differentiable along n, on H: a kink or a point where the body is undefined anywhere in H, also
outside B, leaves it unproved).

Premises and who checks them:

- (order 2) m continuously differentiable along n on all of H, not only piecewise:
  :func:`smooth_across` (one evaluation over H as one box);
- m = 0 and (order 2) D_n m = 0 identically on S: sympy on the body's expression with x_i
  replaced by s x_j (or c), re-run by the kernel itself (:func:`.exact.on_set`: its own sympy form
  of the body, its own derivative and fixed rewritings; a step the certificate lists), after
  :func:`cross_check`: intervals at exact points of S inside H, each holding 0;
- sigma keeps the sign ``sign`` on B (order 1): exact rational arithmetic on B;
- the derived claim on H: a tiling the kernel re-checks like any other, on :class:`Along`, which it
  builds itself from the claim, the set, the order and the sign.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from theorycheck.claims import ClaimEvaluationError
from theorycheck.enclose.dual import Dual
from theorycheck.expr import Relation, body_decorated, side_raw

KINDS = ("diagonal", "face")
ORDERS = (1, 2)


@dataclass(frozen=True)
class LineSet:
    kind: str  # "diagonal" | "face"
    i: int
    j: int = -1  # diagonal: the other coordinate
    s: int = 1  # diagonal: x_i = s x_j
    at: Fraction = Fraction(0)  # face: x_i = at

    def to_json(self) -> dict:
        if self.kind == "diagonal":
            return {"kind": "diagonal", "i": self.i, "j": self.j, "s": self.s}
        return {"kind": "face", "i": self.i, "at": _q(self.at)}

    @classmethod
    def from_json(cls, raw, n: int) -> "LineSet":
        if not isinstance(raw, dict) or raw.get("kind") not in KINDS:
            raise ValueError(f"a set must be {{'kind': 'diagonal'|'face', ...}}, got {raw!r}")
        i = raw.get("i")
        if not (type(i) is int and 0 <= i < n):
            raise ValueError(f"'i' must be a variable index 0..{n - 1}, got {i!r}")
        if raw["kind"] == "diagonal":
            j, s = raw.get("j"), raw.get("s")
            if not (type(j) is int and 0 <= j < n and j != i and type(s) is int and s in (-1, 1)):
                raise ValueError(f"a diagonal needs 'j' (an index other than i) and 's' (1 or -1), got {raw!r}")
            if set(raw) != {"kind", "i", "j", "s"}:
                raise ValueError(f"unexpected keys in {raw!r}")
            return cls("diagonal", i, j, s)
        at = raw.get("at")
        if not isinstance(at, str) or set(raw) != {"kind", "i", "at"}:
            raise ValueError(f"a face needs 'at' (an exact rational string), got {raw!r}")
        return cls("face", i, at=Fraction(at))

    def normal(self, n: int) -> list:
        v = [0] * n
        v[self.i] = 1
        if self.kind == "diagonal":
            v[self.j] = -self.s
        return v

    def sigma(self, box) -> tuple:
        """The exact range of sigma over the box ((lo, hi) Fractions per coordinate)."""
        if self.kind == "face":
            return box[self.i][0] - self.at, box[self.i][1] - self.at
        lo, hi = _affine(box, {self.i: Fraction(1), self.j: Fraction(-self.s)})
        return lo / 2, hi / 2

    def feet(self, box) -> list:
        """A box holding the foot y = x - sigma n of every x of the box."""
        out = [tuple(b) for b in box]
        if self.kind == "face":
            out[self.i] = (self.at, self.at)
            return out
        half = Fraction(1, 2)
        out[self.i] = _affine(box, {self.i: half, self.j: self.s * half})
        out[self.j] = _affine(box, {self.i: self.s * half, self.j: half})
        return out

    def hull(self, box) -> list:
        """The hull H of the box and its feet: it holds every segment from x to its foot."""
        return [(min(a[0], b[0]), max(a[1], b[1])) for a, b in zip(box, self.feet(box))]

    def on_set(self, point) -> list:
        """The point with x_i set so that it lies on S."""
        out = list(point)
        out[self.i] = self.at if self.kind == "face" else self.s * out[self.j]
        return out


@dataclass(frozen=True)
class Range:
    """A variable of a derived claim: its name and exact range (the hull's)."""

    name: str
    lo: Fraction
    hi: Fraction
    unbounded: object = None

    @property
    def width(self) -> Fraction:
        return self.hi - self.lo


def _affine(box, coeffs) -> tuple:
    lo = hi = Fraction(0)
    for k, c in coeffs.items():
        a, b = c * box[k][0], c * box[k][1]
        lo, hi = lo + min(a, b), hi + max(a, b)
    return lo, hi


def _q(x: Fraction) -> str:
    x = Fraction(x)
    return str(x.numerator) if x.denominator == 1 else f"{x.numerator}/{x.denominator}"


def _pick(rel, part, half):
    leaf = rel.leaves()[part]
    if half is None:
        if leaf.is_identity:
            raise ValueError("an identity is decided as its two halves")
        return leaf
    out = Relation(leaf.lhs, "<=" if half == "le" else ">=", leaf.rhs)
    out.decoration = leaf.decoration
    return out


def _bottom(v):
    while isinstance(v, Dual):
        v = v.val
    return v


def _comp(v, tag, grad: bool):
    if isinstance(v, Dual) and v.tag > tag:
        raise ValueError("the margin carries a perturbation that was not seeded here")
    if isinstance(v, Dual) and v.tag == tag:
        return v.grad[0] if grad else v.val
    return 0 if grad else v


def directional(claim, part, half, lineset, order, values):
    """[m, D_n m, ..., D_n^order m] of the part's margin on ``values`` (any kind), nested
    forward-mode perturbations along n of fresh tags (newer than any the values carry)."""
    n = lineset.normal(len(values))
    wrapped, tags = list(values), []
    for _ in range(order):
        first = Dual(wrapped[0], (n[0],))  # a fresh tag (newer than any the values carry), shared
        wrapped = [first] + [Dual(v, (c,), first.tag) for v, c in zip(wrapped[1:], n[1:])]
        tags.append(first.tag)
    leaf = _pick(claim.evaluate(wrapped), part, half)
    if getattr(leaf, "guarded", None) is not None:
        raise ValueError("a part of implies(...): its margin is not a plain difference")
    like = wrapped[0]
    m = body_decorated(leaf, side_raw(leaf.big, like) - side_raw(leaf.small, like))
    out = []
    for j in range(order + 1):
        v = m
        # j derivatives (outermost tags first), values for the rest
        for level, tag in enumerate(reversed(tags)):
            v = _comp(v, tag, level < j)
        out.append(v)
    return out


class Along:
    """The derived claim on the hull H: ``sign * D_n^order m >= 0``, defined only where m and its
    lower derivatives along n are (see the module docstring). It evaluates like a claim."""

    transformed = True  # no further rewriting of it (theorycheck.transforms)

    def __init__(self, claim, part, half, lineset, order, sign, hull):
        if order not in ORDERS or sign not in (-1, 1) or (order == 2 and sign != 1):
            raise ValueError(f"order must be 1 or 2 and sign 1 or -1 (1 for order 2), got {order}, {sign}")
        self.claim, self.part, self.half = claim, part, half
        self.lineset, self.order, self.sign = lineset, order, sign
        self.variables = [Range(v.name, Fraction(lo), Fraction(hi)) for v, (lo, hi) in zip(claim.variables, hull)]
        self.dimension = len(self.variables)
        self.name = getattr(claim, "name", "claim")
        self.options = {}
        self.along_depth = getattr(claim, "along_depth", 0) + 1
        self.integers = ()

    def describe_inputs(self, values):
        return self.claim.describe_inputs(values)

    def evaluate(self, values):
        from theorycheck.enclose.dual import _KINKS

        token = _KINKS.set({})
        try:
            comps = directional(self.claim, self.part, self.half, self.lineset, self.order, values)
            kinked = any(not (w is False or (hasattr(w, "any") and not w.any())) for w in _KINKS.get().values())
        except ClaimEvaluationError:
            raise
        except (ValueError, TypeError, IndexError, ArithmeticError) as exc:
            raise ClaimEvaluationError(self.name, "-", f"the derivative along the set: {exc}") from exc
        finally:
            _KINKS.reset(token)
        if kinked:
            # a derivative where abs/min/max may have its kink (its argument's enclosure reaches
            # 0, also at an end of the box): D_n^k m is not defined there, and what the arithmetic
            # gives (sign(0) = 0 at a point, a one-sided or Clarke hull on a box) makes the derived
            # margin jump, which the prover's monotone/mean-value/translation methods take for a
            # continuous one ((1 - x)^2 >= |x - 1|/10^30 on [0, 1] was proved through its
            # derivative's value 0 at the point x = 1, its limit there being -10^-30)
            raise ClaimEvaluationError(self.name, "-", "the derivative along the set where abs/min/max may have a kink")
        top = comps[-1]
        if isinstance(top, int) and top == 0:
            top = 0 * _bottom(comps[0])
        rel = Relation(top if self.sign == 1 else -top, ">=", 0)
        rel.decoration = [_bottom(c) for c in comps[:-1]]
        return rel


def smooth_across(claim, part, half, lineset, order, region):
    """None when the margin is shown continuously differentiable along n on the whole region
    (order 2 needs it: the Taylor form sigma^2/2 D_n^2 m(xi) holds only where D_n m has no jump on
    the segment), else why not. One evaluation with two nested perturbations over the region as
    one box: a kink of abs, min or max whose argument straddles 0 on it raises. A derived claim
    proved on boxes split exactly at a kink would not show this (|x| <= x on [-1, 1] has
    D^2 = 0 on [-1, 0] and on [0, 1], and it is 0 with its derivative at x = 1)."""
    from theorycheck.enclose.interval import Interval

    if order == 1:
        return None  # m continuous and Lipschitz on the region: the fundamental theorem of calculus
    values = [Interval.point(lo) if lo == hi else Interval(lo, hi) for lo, hi in region]
    try:
        directional(claim, part, half, lineset, 2, values)
    except Exception as exc:  # noqa: BLE001 - not shown
        while isinstance(exc, ClaimEvaluationError) and exc.__cause__ is not None:
            exc = exc.__cause__
        return f"the margin is not shown continuously differentiable along the set's normal on the region ({type(exc).__name__})"
    return None


# -- the vanishing on the set ----------------------------------------------------------------------

HASHED_POINTS = 8  # points of the set drawn from a hash of the claim and the leaf, besides the fixed ones


def _hashed_fractions(claim, part, half, lineset, order, region, count):
    """``count`` rows of numbers in [0, 1) (one per coordinate), drawn from SHA-256 of the claim's
    hash and everything the leaf says (set, order, region). A forger who picks the claim picks
    the points only through a cryptographic hash of it, so a margin made to vanish at chosen
    points of the set (and not on the whole set) is caught; the same certificate always gets the
    same points (no randomness: the same verdict on every machine)."""
    import hashlib

    from .hashing import claim_hash

    base = claim
    while not hasattr(base, "func") and hasattr(base, "claim"):  # a transformed claim (Squared): its claim's
        base = base.claim
    extra = repr((getattr(claim, "rule", None), getattr(claim, "signs", None))) if base is not claim else ""
    seed = "|".join([claim_hash(base), extra, str(part), str(half), repr(vars(lineset)) if hasattr(lineset, "__dict__")
                     else repr(lineset), str(order), repr([(str(a), str(b)) for a, b in region])])
    rows = []
    for k in range(count):
        digest = hashlib.sha256(f"{seed}|{k}".encode()).digest()
        rows.append([Fraction(int.from_bytes(digest[4 * i:4 * i + 4], "big"), 2**32) for i in range(len(region))])
    return rows


def cross_check(claim, part, half, lineset, order, region, points=5):
    """None when the margin (and, order 2, its derivative along n), enclosed with intervals at
    ``points`` exact points of S inside ``region``, holds 0 at each (and is defined there), else
    why not. The identity itself (0 on all of S) is sympy's, a trusted step the prover takes
    (:func:`theorycheck.along.vanishes_symbolically`) and the certificate lists; this is the
    kernel's own check that it is not a wrong one (a margin 1e-30 off 0 on the set fails here)."""
    from theorycheck.enclose.dual import _KINKS
    from theorycheck.enclose.interval import Interval, working_precision

    seen = 0
    rows = [[Fraction(k, points - 1)] * len(region) for k in range(points)]
    rows += _hashed_fractions(claim, part, half, lineset, order, region, HASHED_POINTS)
    for ts in rows:
        pt = lineset.on_set([lo + t * (hi - lo) for t, (lo, hi) in zip(ts, region)])
        if lineset.kind == "diagonal" and not region[lineset.i][0] <= pt[lineset.i] <= region[lineset.i][1]:
            # x_j = s x_i instead: the point of S over the same x_i
            pt = [lo + t * (hi - lo) for t, (lo, hi) in zip(ts, region)]
            pt[lineset.j] = lineset.s * pt[lineset.i]
        if not all(lo <= x <= hi for x, (lo, hi) in zip(pt, region)):
            continue
        seen += 1
        token = _KINKS.set({})
        try:
            with working_precision(240):
                comps = directional(claim, part, half, lineset, order - 1, [Interval.point(x) for x in pt])
            kinked = bool(_KINKS.get())
        finally:
            _KINKS.reset(token)
        if kinked:
            # a derivative (order 2's D_n m, or any value of a derived claim, which is a
            # derivative) taken where abs/min/max may have its kink: its value there is a
            # convention (sign(0) = 0, sympy's too, or a Clarke hull), not the one-sided limit the
            # Taylor form on the region uses (|x - 1| on [0, 1] is 1 - x, whose derivative at
            # x = 1 is -1, not 0): (1 - x)^2 >= |x - 1|/10^30 on [0, 1] was proved so
            return (f"a derivative along {lineset.normal(len(pt))} is taken at the point {[_q(x) for x in pt]} "
                    f"of the set, where abs/min/max may have a kink: no value on the set")
        for j in range(order):
            c = comps[j]
            c = Interval.point(c) if isinstance(c, (int, Fraction)) else c
            if not (isinstance(c, Interval) and c.defined and c.contains(0)):
                return f"derivative {j} along {lineset.normal(len(pt))} at the point {[_q(x) for x in pt]} of the set is {c!r}, not 0"
    return None if seen else "no point of the set lies in the region"



def single_point(lineset, region):
    """The one point of S inside the region when every coordinate S leaves free is flat there
    (a face {x_0 = c} in one variable: the point c), else None."""
    free = [k for k in range(len(region)) if k != lineset.i]
    if any(region[k][0] != region[k][1] for k in free):
        return None
    pt = lineset.on_set([lo for lo, _ in region])
    return pt if region[lineset.i][0] <= pt[lineset.i] <= region[lineset.i][1] else None


def exact_at_single_point(claim, part, half, lineset, order, region) -> bool:
    """True when S meets the region in one point only and there the kernel's own enclosures of the
    margin (and, order 2, of its derivative along n) are exactly the point 0, defined, with no kink
    of abs/min/max in reach: the vanishing on the set is then shown by Arb alone (no sympy)."""
    from theorycheck.enclose.dual import _KINKS
    from theorycheck.enclose.interval import Interval, working_precision

    from .exact import arb_zero

    pt = single_point(lineset, region)
    if pt is None:
        return False
    token = _KINKS.set({})
    try:
        with working_precision(240):
            comps = directional(claim, part, half, lineset, order - 1, [Interval.point(x) for x in pt])
        if _KINKS.get():
            return False
    except Exception:  # noqa: BLE001 - not shown
        return False
    finally:
        _KINKS.reset(token)
    return all(arb_zero(_bottom(c)) for c in comps[:order])
