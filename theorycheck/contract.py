"""Contractors (HC4-revise) on the expression tree of a claim's margin (issue 15).

The body is traced once on :class:`Node` values (a kind of its own: every operation of the
body makes a node), giving the tree of one part's margin ``big - small``. HC4-revise
(Benhamou et al. 1999; codac's ``CtcInverse``, ibex's ``HC4Revise``) then shrinks a box to a
sub-box holding every point of it where the margin lies in a target interval:

* forward: every node's enclosure over the box, bottom up (scalar Arb :class:`Interval`);
* backward: the root is intersected with the target, and each node's enclosure is narrowed
  top down by the inverse images of its operation (``x + y in z`` gives ``x in z - y``;
  ``exp(x) in z`` gives ``x in log(z ∩ (0, inf))``; ``sqrt(x) in z`` gives
  ``x in (z ∩ [0, inf))^2``; ...), each computed with outward-rounded Arb intervals, so the
  narrowed enclosures still hold every such point. An operation without an inverse here
  (erfc, npdf, Phi, ...) narrows nothing below it (sound, merely weaker). Where a node becomes
  empty, no point of the box has its margin in the target.

What it is used for (theorycheck/fastpath.py), such that a wrong inverse can never make a
wrong verdict:

* **counterexamples**: the box is contracted onto {margin < 0} (the points that may violate
  the part) and searched there; a candidate point is certified at an exact point like any
  other (:func:`theorycheck.certify.certify`), so a contractor that cut too much only loses a
  counterexample, never makes one;
* **splitting**: the slabs a contraction onto {margin <= 0} cuts away from a box are checked
  by ordinary interval evaluation before they count as proved (the certificate's ``interval``
  leaves, which the kernel re-evaluates); the contractor only says where to cut.

Points where the body is undefined are not in the contracted set (the tree knows no domain
errors as violations), which is why a contraction never proves anything by itself.
"""

from __future__ import annotations

from fractions import Fraction

from .enclose.interval import DomainError, EmptyInterval, Interval

INF = float("inf")
ROUNDS = 3  # HC4-revise passes per contraction (a pass that shrinks nothing stops earlier)
NONNEG = Interval(0, INF)


class Untraceable(Exception):
    """The body uses something the tree does not know (a function without a node here)."""


class Node:
    """A value of the traced body: an operation and its operands."""

    __slots__ = ("op", "args", "value", "k")

    def __init__(self, op, args=(), value=None):
        self.op = op
        self.args = args
        self.value = value  # a constant's Interval; a variable's index; a power's exponent
        self.k = None

    # -- construction from the body --------------------------------------------------------
    @staticmethod
    def _lift(other):
        if isinstance(other, Node):
            return other
        if isinstance(other, Interval):
            return Node("const", (), other)
        if isinstance(other, (int, Fraction)) and not isinstance(other, bool):
            return Node("const", (), Interval.point(other))
        raise Untraceable(f"a value of type {type(other).__name__} in the body")

    @classmethod
    def point_like(cls, like, value):
        return cls._lift(Fraction(value))

    @classmethod
    def const_pi(cls, like):
        return Node("const", (), Interval.pi())

    def __add__(self, o):
        return Node("add", (self, Node._lift(o)))

    def __radd__(self, o):
        return Node("add", (Node._lift(o), self))

    def __sub__(self, o):
        return Node("sub", (self, Node._lift(o)))

    def __rsub__(self, o):
        return Node("sub", (Node._lift(o), self))

    def __mul__(self, o):
        return Node("mul", (self, Node._lift(o)))

    def __rmul__(self, o):
        return Node("mul", (Node._lift(o), self))

    def __truediv__(self, o):
        return Node("div", (self, Node._lift(o)))

    def __rtruediv__(self, o):
        return Node("div", (Node._lift(o), self))

    def __neg__(self):
        return Node("neg", (self,))

    def __pos__(self):
        return self

    def __pow__(self, n):
        if isinstance(n, int) and not isinstance(n, bool) and n >= 0:
            return Node("pow", (self,), n)
        raise Untraceable(f"a power {n!r} (only natural exponents are traced)")

    def __rpow__(self, base):
        raise Untraceable("a power with a variable exponent")

    def __abs__(self):
        return Node("abs", (self,))

    def exp(self):
        return Node("exp", (self,))

    def log(self):
        return Node("log", (self,))

    def sqrt(self):
        return Node("sqrt", (self,))

    def expm1(self):
        return Node("expm1", (self,))

    def log1p(self):
        return Node("log1p", (self,))

    def tanh(self):
        return Node("tanh", (self,))

    def erf(self):
        return Node("erf", (self,))

    def erfc(self):
        return Node("erfc", (self,))

    def Phi(self):
        return Node("Phi", (self,))

    def npdf(self):
        return Node("npdf", (self,))

    def atan(self):
        return Node("atan", (self,))


def trace(claim, leaf_index: int):
    """The tree of part ``leaf_index``'s margin (big - small), or None when the body cannot be
    traced (an untraced function, a branch on a value, a calc chain, an identity part)."""
    from .decide import leaf_enclosure
    from .expr import Relation

    try:
        variables = [Node("var", (), i) for i in range(claim.dimension)]
        relation = claim.evaluate(variables)
        if not isinstance(relation, Relation) or type(relation).__name__ == "Chain":
            return None
        leaf = relation.leaves()[leaf_index]
        if leaf.is_identity:
            return None
        root = leaf_enclosure(leaf, variables[0] if variables else Node("const", (), Interval.point(0)))
    except Exception:  # noqa: BLE001 -- whatever the tracing meets, there is simply no contractor
        return None
    return Node._lift(root) if isinstance(root, (Node, Interval, int, Fraction)) else None


def _order(root):
    """The nodes below ``root`` in an order where every operand comes before its user."""
    out, seen, stack = [], set(), [(root, False)]
    while stack:
        node, done = stack.pop()
        if done:
            node.k = len(out)
            out.append(node)
            continue
        if id(node) in seen:
            continue
        seen.add(id(node))
        stack.append((node, True))
        for a in node.args:
            if id(a) not in seen:
                stack.append((a, False))
    return out


def _meet(a, b):
    """a ∩ b (None: empty)."""
    if a is None or b is None:
        return None
    return a.intersection(b)


def _forward(node, v):
    a = [v[x.k] for x in node.args]
    op = node.op
    if op == "add":
        return a[0] + a[1]
    if op == "sub":
        return a[0] - a[1]
    if op == "mul":
        return a[0] * a[1] if node.args[0] is not node.args[1] else a[0] ** 2
    if op == "div":
        return a[0] / a[1]
    if op == "neg":
        return -a[0]
    if op == "pow":
        return a[0] ** node.value
    if op == "abs":
        return abs(a[0])
    return getattr(a[0], op)()


def _nth_root(z, n):
    """An enclosure of {t >= 0 : t^n in z}, or None when there is no such t."""
    z = _meet(z, NONNEG)
    if z is None:
        return None
    lo, hi = z.float_bounds()  # outward: [lo, hi] holds z
    q = Fraction(1, n)
    lo_end = Interval.point(0)._lo if lo <= 0 else Interval.point(Fraction(lo))._pow_rational(q)._lo
    hi_end = INF if hi == INF else Interval.point(Fraction(hi))._pow_rational(q)._hi
    return Interval(lo_end, hi_end, _trusted=True)


def _odd_root(z, n):
    """An enclosure of {t : t^n in z} for an odd n (t^n is increasing), or None."""
    lo, hi = z.float_bounds()
    pos = _nth_root(Interval(max(lo, 0.0), hi), n) if hi >= 0 else None
    neg = _nth_root(Interval(max(-hi, 0.0), -lo), n) if lo <= 0 else None
    if pos is None and neg is None:
        return None
    lo_end = (-neg)._lo if neg is not None else pos._lo
    hi_end = pos._hi if pos is not None else (-neg)._hi
    return Interval(lo_end, hi_end, _trusted=True)


def _symmetric(r):
    """[-r.hi, r.hi]: every t with |t| in r (r >= 0), as one interval."""
    return None if r is None else Interval(-r._hi, r._hi, _trusted=True)


def _backward(node, v):
    """Narrow the operands' enclosures from the node's own (v[node.k]); False when one becomes
    empty (no point of the box has the node in its enclosure)."""
    z = v[node.k]
    args = node.args
    op = node.op
    news = []
    if op == "add":
        x, y = v[args[0].k], v[args[1].k]
        news = [(args[0], z - y), (args[1], z - x)]
    elif op == "sub":
        x, y = v[args[0].k], v[args[1].k]
        news = [(args[0], z + y), (args[1], x - z)]
    elif op == "mul":
        x, y = v[args[0].k], v[args[1].k]
        if args[0] is args[1]:  # x * x = x^2 >= 0
            news = [(args[0], _symmetric(_nth_root(z, 2)))]
        else:
            if not y.contains_zero():
                news.append((args[0], z / y))
            if not x.contains_zero():
                news.append((args[1], z / x))
    elif op == "div":
        x, y = v[args[0].k], v[args[1].k]
        news = [(args[0], z * y)]
        if not z.contains_zero():
            news.append((args[1], x / z))
    elif op == "neg":
        news = [(args[0], -z)]
    elif op == "pow":
        n = node.value
        if n == 0:
            return True
        news = [(args[0], _odd_root(z, n) if n % 2 else _symmetric(_nth_root(z, n)))]
    elif op == "abs":
        news = [(args[0], _symmetric(_meet(z, NONNEG)))]
    elif op == "exp":  # exp(t) > 0: t in log(z), and nothing when z has no positive point
        try:
            news = [(args[0], z.log())]
        except DomainError:
            return False
    elif op == "expm1":  # expm1(t) > -1
        try:
            news = [(args[0], z.log1p())]
        except DomainError:
            return False
    elif op == "log":
        news = [(args[0], z.exp())]
    elif op == "log1p":
        news = [(args[0], z.expm1())]
    elif op == "sqrt":  # sqrt(t) = s >= 0 gives t = s^2 <= (z.hi)^2, and t >= 0
        r = _meet(z, NONNEG)
        news = [(args[0], None if r is None else Interval(Interval.point(0)._lo, (r * r)._hi, _trusted=True))]
    # tanh, erf, erfc, Phi, npdf, atan: no inverse here (nothing narrowed below them)
    for child, image in news:
        if image is None:  # no value of the operand gives the node a value in z
            return False
        if child.op == "const":
            if _meet(v[child.k], image) is None:
                return False
            continue
        m = _meet(v[child.k], image)
        if m is None:
            return False
        v[child.k] = m
    return True


class Contractor:
    """HC4-revise for one part of a claim: :meth:`contract` narrows a box to the points where
    the traced margin may lie in a target interval."""

    def __init__(self, root, dimension):
        self.root = root
        self.dimension = dimension
        self.nodes = _order(root)
        self.vars = {}
        for node in self.nodes:
            if node.op == "var":
                self.vars[node.value] = node

    @classmethod
    def of(cls, claim, leaf_index: int):
        root = trace(claim, leaf_index)
        return None if root is None else cls(root, claim.dimension)

    def contract(self, box, target):
        """``box``: one Interval per variable; ``target``: an Interval the margin must reach.
        The narrowed box (a list of Intervals inside ``box``), or None when no point of the
        box where the traced margin is defined has it in ``target``."""
        box = list(box)
        for _ in range(ROUNDS):
            v = [None] * len(self.nodes)
            try:
                for node in self.nodes:
                    if node.op == "var":
                        v[node.k] = box[node.value]
                    elif node.op == "const":
                        v[node.k] = node.value
                    else:
                        v[node.k] = _forward(node, v)
            except (DomainError, EmptyInterval):
                return None  # an operation with no point of its domain in the box
            except ArithmeticError:
                return box
            root = _meet(v[self.root.k], target)
            if root is None:
                return None
            v[self.root.k] = root
            try:
                for node in reversed(self.nodes):
                    if node.args and not _backward(node, v):
                        return None
            except (ArithmeticError, EmptyInterval, ValueError):
                return box  # an inverse that cannot be enclosed here: no contraction
            new = [v[self.vars[i].k] if i in self.vars else box[i] for i in range(len(box))]
            if all(a == b for a, b in zip(new, box)):
                return new
            box = new
        return box
