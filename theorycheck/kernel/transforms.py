"""Squaring a square root away from a side of an inequality: the rules, used by the prover
(:mod:`theorycheck.transforms`) and re-applied by the kernel to check a ``transformed`` leaf.

A side of a part is a *root* when the body made it as ``k * sqrt(r)`` (or ``sqrt(r) * k``,
``sqrt(r) / k``) for an exact rational k > 0, with ``r`` a claim value: then the side is
``sqrt(k^2 r)``. The body is run once with its operations traced (``expr._TRACE``) to see this.
The decoration of a root (is the square root defined on the box?) is dropped from the body's,
and each rule shows it instead. For a part ``small <= big`` (``<`` when strict), at every point:

* ``sqrt-both``: small = sqrt(A), big = sqrt(B). Parts ``A <= B`` and ``A >= 0``: then sqrt(A)
  is defined, B >= A >= 0 so sqrt(B) is, and sqrt(A) <= sqrt(B) (sqrt is increasing; strictly,
  so A < B gives <).
* ``square-small``: big = sqrt(B), small = a (not a root). Part ``a^2 <= B``: then B >= 0,
  sqrt(B) is defined and sqrt(B) >= |a| >= a (> a when a^2 < B). Only a sufficient condition
  (a < 0 with a^2 > B is a true point of the part that it misses): a failure of the transformed
  part is never a counterexample of the claim.
* ``square-big``: small = sqrt(A), big = c (not a root). Parts ``A <= c^2``, ``c >= 0`` and
  ``A >= 0``: then sqrt(A) is defined and sqrt(A) <= sqrt(c^2) = c (< c when A < c^2).

* ``log``: small = a, big = b, any values. Part ``L(a) <= L(b)``, where L(v) is the log form of
  v that the tracer made (:meth:`Tracer.log_of`): ``x`` for ``exp(x)``, ``-x^2/2 - log(2 pi)/2``
  for ``npdf(x)``, ``loggamma(x)`` for ``gamma(x)``, ``L(r)/2`` for ``sqrt(r)``, ``L(u) + L(w)``
  for ``u * w``, ``L(u) - L(w)`` for ``u / w``, and ``log(v)`` for any other value (constants
  included). By induction on the form, wherever L(v) is defined, v > 0 and L(v) = log v:
  log(v) is defined only for v > 0; exp and npdf are > 0 everywhere; loggamma(x) is defined only
  for x > 0, where Gamma(x) > 0 and log Gamma(x) = loggamma(x); L(r) defined gives r > 0, so
  sqrt(r) > 0 and log sqrt(r) = log(r)/2; L(u), L(w) defined give u, w > 0, so u w > 0 and
  log(u w) = log u + log w (u / w likewise). A proof of the part (its decoration: both forms
  defined on the box) so shows a, b > 0 and log a <= log b, hence a <= b (< when <, log being
  strictly increasing).

A side ``|u|`` that a square rule squares is taken as ``u^2`` (the same number everywhere, and
smooth where u = 0). Under those rules, an abs whose derivative would be taken at its kink (the
derivatives along a set, which collect kinks: :mod:`.along`) is an :class:`Unusable` value instead
of a noted kink: the rule never reads it (its decoration is dropped with the side), and any other
use of it raises, so no derivative that the kink could spoil is ever taken.

*Expanded logs* (``expand``, alone or as ``RULE+expand``): the body runs with every ``log(v)`` it
takes replaced by the log form L(v) above (``log(p/q)`` as ``log p - log q``, ``log(exp(x))`` as
``x``). Where L(v) is defined it equals log v (and v > 0, so log v is defined): the body computes
the very same values wherever the transformed one is defined, so a proof of the transformed parts
(whose decoration includes every L(v)) is a proof of the part. This only tightens enclosures (the
derivatives of ``p log(p/q)`` along p = q are much narrower as ``p (log p - log q)``); a log of a
product of negative factors has no log form, and such a part is then simply not proved.

A *branch* of the body's absolute values (``signs``: +1 or -1 for each abs the body takes, in
the order it takes them) replaces |u_i| by s_i u_i and adds the parts ``s_i u_i >= 0``: where those
hold, the body with the branch taken computes the very values of the body itself (a box that
touches the kink u = 0 from one side is then smooth there). It comes with a rule, or alone
(rule None: the part itself).

Every other value the body computed keeps its decoration in each transformed part, so a proof
of the transformed parts on a box shows the body defined and the part true at every point of it.
Only the body's own square roots and absolute values are traced: those taken inside library code
that evaluates the body's functions on pieces of a domain (the cells of an integral) are left as
they are. While the body runs traced, a square root whose enclosure raises (its derivative at 0, where the
slope is infinite) is an :class:`Unusable` value: a rule never reads a root's value, and any
other use of it raises, so no proof can rest on it.
"""

from __future__ import annotations

import operator
from fractions import Fraction

from theorycheck.claims import ClaimEvaluationError
from theorycheck.enclose.dual import Dual
from theorycheck.expr import _BODY_WATCH, _TRACE, Lazy, Relation

BASE_RULES = ("sqrt-both", "square-small", "square-big", "log")
# ``expand``: the body's logs expanded (below), alone or with a square-root rule
RULES = BASE_RULES + ("expand",) + tuple(f"{r}+expand" for r in BASE_RULES[:3])


def split_rule(rule):
    """(base rule or None, whether the body's logs are expanded) of a rule name."""
    if rule == "expand":
        return None, True
    if isinstance(rule, str) and rule.endswith("+expand"):
        return rule[: -len("+expand")], True
    return rule, False


def _inner(raw):
    while isinstance(raw, Dual):
        raw = raw.val
    return raw


def _positive_rational(c):
    """The exact value of a constant operand when it is a rational > 0, else None."""
    if isinstance(c, bool):
        return None
    if isinstance(c, (int, Fraction)):
        q = Fraction(c)
    elif isinstance(c, Lazy) and c.value is not None:
        q = Fraction(c.value)
    else:
        return None
    return q if q > 0 else None


class Unusable:
    """A square root the tracer could not enclose (see the module docstring): products and
    quotients of it are Unusable too (a scaled root); anything else done with it raises."""

    defined = False

    def _refuse(self, *args):
        raise ValueError("a square root that could not be enclosed here is used beyond a side it squares away")

    def _scaled(self, other):
        return Unusable()

    __mul__ = __rmul__ = __truediv__ = _scaled
    __add__ = __radd__ = __sub__ = __rsub__ = __rtruediv__ = __pow__ = __rpow__ = _refuse
    __neg__ = __abs__ = __float__ = __lt__ = __le__ = __gt__ = __ge__ = __bool__ = _refuse


class Root:
    """A side k * sqrt(radicand): its radicand (a claim value), k, and the raw values that carry
    the decoration of the square root and of each scaling (dropped: the rule shows them)."""

    __slots__ = ("value", "radicand", "factor", "raws")

    def __init__(self, value, radicand, factor, raws):
        self.value, self.radicand, self.factor, self.raws = value, radicand, factor, raws

    def square(self):
        """k^2 * radicand (made with the tracing off)."""
        if self.factor == 1:
            return self.radicand
        return self.radicand * (self.factor * self.factor)


class Tracer:
    """Told of the operations of one run of the body: records the roots."""

    def __init__(self, signs=None, expand=False, square_abs=False):
        self.expand = expand  # the body's logs taken as their log forms (module docstring)
        self.square_abs = square_abs  # a square rule: an abs at its kink is Unusable (module docstring)
        self.roots = {}  # id(value) -> Root (the Root keeps the value alive: ids stay unique)
        self.signs = signs  # None: abs as it is; else the branch of each abs the body takes, in order
        self.args = []  # the argument of each abs the body took, in order
        self.made = {}  # id(value) -> (value, name or operator, operands...): the log forms' graph

    def function(self, name, x, make):
        if _BODY_WATCH.get() is None:
            return make()  # inside library code that evaluates the body's functions (integral cells)
        if name == "abs":
            self.args.append(x)
            if self.signs is None:
                out = self._abs(x, make)
                self.made[id(out)] = (out, "abs", x)
                return out
            k = len(self.args) - 1
            if k >= len(self.signs):
                raise ValueError(f"the body takes more than the {len(self.signs)} absolute value(s) the branch names")
            return x if self.signs[k] > 0 else -x
        if name == "log" and self.expand:
            token = _TRACE.set(None)
            try:
                return self.log_of(x)
            finally:
                _TRACE.reset(token)
        if name != "sqrt":
            out = make()
            self.made[id(out)] = (out, name, x)
            return out
        try:
            out = make()
        except (ArithmeticError, ValueError, ZeroDivisionError):
            out = type(x)(Unusable())
        self.roots[id(out)] = Root(out, x, Fraction(1), (_inner(out.raw),))
        self.made[id(out)] = (out, name, x)
        return out

    def _abs(self, x, make):
        """|x|; under a square rule, where its derivative is taken at its kink (noted as a kink
        where someone collects them, or refused: the derivatives along a set), an Unusable value
        instead: a rule squares it as x^2 without reading it, and any other use raises."""
        from theorycheck.enclose.dual import _KINKS
        from theorycheck.enclose.interval import NotEnclosed

        if not self.square_abs:
            return make()
        outer = _KINKS.get()
        token = _KINKS.set({})
        try:
            out = make()
            kinks = _KINKS.get()
        except NotEnclosed:  # a nested derivative at the kink: no value
            return type(x)(Unusable())
        finally:
            _KINKS.reset(token)
        if outer is None:
            return out
        if any(not (w is False or (hasattr(w, "any") and not w.any())) for w in kinks.values()):
            return type(x)(Unusable())
        outer.update({k: w for k, w in kinks.items() if k not in outer})
        return out

    def binary(self, op, out, left, right):
        self.made[id(out)] = (out, op, left, right)
        if op not in (operator.mul, operator.truediv):
            return
        for mine, other in ((left, right), (right, left)):
            root = self.roots.get(id(mine))
            if root is None or root.value is not mine:
                continue
            if op is operator.truediv and mine is not left:
                return  # k / sqrt(r) is no root
            k = _positive_rational(other)
            if k is not None:
                factor = root.factor * k if op is operator.mul else root.factor / k
                self.roots[id(out)] = Root(out, root.radicand, factor, root.raws + (_inner(out.raw),))
            return

    def made_of(self, value):
        """(name or operator, operands...) of a value the body made, or None."""
        entry = self.made.get(id(value))
        return entry[1:] if entry is not None and entry[0] is value else None

    def log_of(self, value):
        """The log form L(value) (module docstring, rule ``log``), made with the tracing off."""
        from theorycheck.expr import log, loggamma, pi

        how = self.made_of(value)
        if how is not None:
            kind, *args = how
            if kind == "exp":
                return args[0]
            if kind == "npdf":
                return -(args[0] ** 2) / 2 - log(2 * pi) / 2
            if kind == "gamma":
                return loggamma(args[0])
            if kind == "sqrt":
                return self.log_of(args[0]) / 2
            if kind is operator.mul:
                return self.log_of(args[0]) + self.log_of(args[1])
            if kind is operator.truediv:
                return self.log_of(args[0]) - self.log_of(args[1])
        return log(value)

    def squared(self, value):
        """(value ** 2, the raws it drops from the decoration): u ** 2 when value is |u| (the same
        number; smooth where u = 0), whose own value (perhaps Unusable) is then not read."""
        how = self.made_of(value)
        if how is not None and how[0] == "abs":
            return how[1] ** 2, (_inner(value.raw),)
        return value ** 2, ()

    def root_of(self, side):
        root = self.roots.get(id(side))
        return root if root is not None and root.value is side else None


def traced(evaluate, values, signs=None, expand=False, square_abs=False):
    """(relation, tracer): the body run on ``values`` with its operations traced (and with the
    branches ``signs`` of its absolute values taken, when given; its logs expanded when
    ``expand``)."""
    tracer = Tracer(signs, expand, square_abs)
    token = _TRACE.set(tracer)
    try:
        rel = evaluate(values)
    finally:
        _TRACE.reset(token)
    if signs is not None and len(tracer.args) != len(signs):
        raise ValueError(f"the body takes {len(tracer.args)} absolute value(s), the branch names {len(signs)}")
    return rel, tracer


def rule_of(leaf, tracer):
    """The rule that applies to the part ``leaf`` (an inequality), or None."""
    if leaf.op not in ("<=", "<", ">=", ">"):
        return None
    rs, rb = tracer.root_of(leaf.small), tracer.root_of(leaf.big)
    if rb is not None:
        return "sqrt-both" if rs is not None else "square-small"
    return "square-big" if rs is not None else None


def ops_of(rule, strict, signs=None):
    """The relations of the transformed parts, in order: the rule's (the part itself when the
    rule is None), then one per branch of abs (``u >= 0`` for +1, ``u <= 0`` for -1)."""
    rule = split_rule(rule)[0]
    op = "<" if strict else "<="
    out = {"sqrt-both": [op, ">="], "square-small": [op], "square-big": [op, ">=", ">="], "log": [op],
           None: [op]}[rule]
    return out + [">=" if s > 0 else "<=" for s in (signs or ())]


def _part(lhs, op, rhs, caps):
    out = Relation(lhs, op, rhs)
    out.decoration = list(caps) or None
    return out


def kept_decoration(leaf, dropped):
    """The body's decoration without the roots' own (``dropped``: the rule shows those). A
    square root that could not be enclosed and is no side of the part has no enclosure at all:
    nothing can be shown then (its decoration is no Interval, which a margin would not see)."""
    caps = [c for c in (leaf.decoration or ()) if not any(c is r for r in dropped)]
    if any(isinstance(c, Unusable) for c in caps):
        raise ValueError("a square root of the body that is no side of this part could not be enclosed")
    return caps


def apply(leaf, tracer, rule):
    """The transformed relation of ``leaf`` under ``rule`` (see the module docstring), followed by
    the parts that the tracer's branches of abs need; raises ValueError when the rule does not
    apply to the part."""
    rule = split_rule(rule)[0]
    if rule not in (None, "log") and rule_of(leaf, tracer) != rule:
        raise ValueError(f"the rule {rule!r} does not apply to this part (it is {rule_of(leaf, tracer)!r} here)")
    rs, rb = (tracer.root_of(leaf.small), tracer.root_of(leaf.big)) if rule not in (None, "log") else (None, None)
    dropped = [r for root in (rs, rb) if root is not None for r in root.raws]
    if rule == "square-small":
        dropped += list(tracer.squared(leaf.small)[1])
    elif rule == "square-big":
        dropped += list(tracer.squared(leaf.big)[1])
    caps = kept_decoration(leaf, dropped)
    ops = ops_of(rule, leaf.strict, tracer.signs)
    token = _TRACE.set(None)
    try:
        if rule is None:
            sides = [(leaf.small, leaf.big)]
        elif rule == "log":
            sides = [(tracer.log_of(leaf.small), tracer.log_of(leaf.big))]
        elif rule == "sqrt-both":
            sides = [(rs.square(), rb.square()), (rs.square(), 0)]
        elif rule == "square-small":
            sides = [(tracer.squared(leaf.small)[0], rb.square())]
        else:
            sides = [(rs.square(), tracer.squared(leaf.big)[0]), (leaf.big, 0), (rs.square(), 0)]
    except ArithmeticError as exc:  # a log form certainly undefined on the values (log of v <= 0)
        raise ValueError(f"the {rule} rule's form is not defined here: {exc}") from exc
    finally:
        _TRACE.reset(token)
    sides += [(u, 0) for u in tracer.args] if tracer.signs is not None else []
    parts = [_part(lhs, op, rhs, caps) for (lhs, rhs), op in zip(sides, ops)]
    return parts[0] if len(parts) == 1 else Relation(None, "and", None, parts=parts)


class Squared:
    """The claim whose relation is part ``part`` (``half`` of an identity part) of ``claim``
    transformed by ``rule`` (None: kept as it is) with the branches ``signs`` of its absolute
    values taken (None: abs kept as it is): it evaluates like a claim, on every kind the prover
    uses."""

    transformed = True

    def __init__(self, claim, part, half, rule, signs=None):
        if rule not in RULES + (None,) or (rule is None and not signs):
            raise ValueError(f"unknown rule {rule!r} (None only with branches of abs)")
        if signs is not None and not all(type(s) is int and s in (-1, 1) for s in signs):
            raise ValueError(f"signs must be -1 or 1, got {signs!r}")
        self.claim, self.part, self.half, self.rule = claim, part, half, rule
        self.signs = None if signs is None else tuple(signs)
        self.variables = claim.variables
        self.dimension = len(claim.variables)
        self.name = claim.name
        self.options = getattr(claim, "options", {})

    def describe_inputs(self, values):
        return self.claim.describe_inputs(values)

    def evaluate(self, values):
        try:
            base, expand = split_rule(self.rule)
            rel, tracer = traced(self.claim.evaluate, values, self.signs, expand,
                                 base in ("square-small", "square-big"))
        except ValueError as exc:
            raise ClaimEvaluationError(self.claim.name, "-", str(exc)) from exc
        leaf = rel.leaves()[self.part]
        if self.half is not None:
            if leaf.op != "==" or self.half not in ("le", "ge"):
                raise ClaimEvaluationError(self.claim.name, "-", f"part {self.part + 1} has no half {self.half!r}")
            half = Relation(leaf.lhs, "<=" if self.half == "le" else ">=", leaf.rhs)
            half.decoration = leaf.decoration
            leaf = half
        try:
            return apply(leaf, tracer, self.rule)
        except ValueError as exc:
            raise ClaimEvaluationError(self.claim.name, "-", str(exc)) from exc
