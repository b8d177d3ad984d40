"""The exact SMT-LIB query of a polynomial (or rational) part of a claim: the body run on exact
polynomials with rational coefficients, no simplification of any kind.

A body that only adds, subtracts, multiplies, divides and takes integer powers of its variables
and exact literals is a rational function; anything else (exp, sqrt, abs, min, pi, a float that
is not a literal of the body...) makes the trace raise :class:`NotPolynomial`. Each value is kept
as numerator/denominator polynomials, never cancelled, and every division records the polynomial
that must not vanish for it to be defined (the numerator of the divisor: its denominator is a
product of polynomials recorded before). Values the body computes but does not use are traced
too (their divisions count: ``t = 1 / x`` unused is still undefined at x = 0).

The query asks for a point of the box where the part fails: a recorded polynomial is 0 (the
body is undefined there) or the margin P/Q is on the wrong side (Q > 0 and P < 0, or Q < 0 and
P > 0; <= / >= for a strict part). ``unsat`` means the part holds, and is defined, on the whole
closed box. The text is canonical (monomials sorted), so the kernel re-derives it from the claim
and compares it with the certificate's byte for byte.

Standard library only (the kernel's rule); the prover (:mod:`theorycheck.polynomial`) uses it too.
"""

from __future__ import annotations

from fractions import Fraction

MAX_TERMS = 2000  # monomials per polynomial, at most (else: not a query worth sending)
MAX_PRODUCT = 100_000  # monomial pairs in one product, at most


class NotPolynomial(TypeError):
    """The body is not a rational function of its variables with exact coefficients."""


def _add(p, q, sign=1):
    out = dict(p)
    for m, c in q.items():
        v = out.get(m, 0) + sign * c
        if v:
            out[m] = v
        else:
            out.pop(m, None)
    return out


def _mul(p, q):
    if len(p) * len(q) > MAX_PRODUCT:  # (bounded work: the trace is not metered)
        raise NotPolynomial(f"a product of {len(p)} by {len(q)} monomials")
    out = {}
    for m1, c1 in p.items():
        for m2, c2 in q.items():
            m = tuple(a + b for a, b in zip(m1, m2))
            v = out.get(m, 0) + c1 * c2
            if v:
                out[m] = v
            else:
                out.pop(m)
    if len(out) > MAX_TERMS:
        raise NotPolynomial(f"more than {MAX_TERMS} monomials")
    return out


class Trace:
    def __init__(self, n):
        self.n = n
        self.nonzero = []  # polynomials that must not vanish (divisions)

    def const(self, value):
        # only exact numbers: a float or a ball here is a computed value (an integral's estimate,
        # say), which taken as an exact rational would let z3 decide a claim about a rounded number
        if isinstance(value, bool) or not isinstance(value, (int, Fraction)):
            raise NotPolynomial(f"a {type(value).__name__} constant is no exact rational")
        q = Fraction(value)
        return Poly({(0,) * self.n: q} if q else {}, {(0,) * self.n: Fraction(1)}, self)


class Poly:
    """num / den, exact, with the trace the divisions are recorded in (a raw kind of claim values)."""

    __slots__ = ("num", "den", "trace")

    def __init__(self, num, den, trace):
        self.num, self.den, self.trace = num, den, trace

    @staticmethod
    def point_like(like, value):
        return like.trace.const(value)

    def _other(self, o):
        if isinstance(o, Poly):
            return o
        if isinstance(o, (int, Fraction)) and not isinstance(o, bool):
            return self.trace.const(o)
        raise NotPolynomial(f"a {type(o).__name__} is no exact rational")

    def __add__(self, o):
        o = self._other(o)
        if self.den == o.den:
            return Poly(_add(self.num, o.num), self.den, self.trace)
        return Poly(_add(_mul(self.num, o.den), _mul(o.num, self.den)), _mul(self.den, o.den), self.trace)

    __radd__ = __add__

    def __neg__(self):
        return Poly({m: -c for m, c in self.num.items()}, self.den, self.trace)

    def __sub__(self, o):
        return self + (-self._other(o))

    def __rsub__(self, o):
        return self._other(o) + (-self)

    def __mul__(self, o):
        o = self._other(o)
        return Poly(_mul(self.num, o.num), _mul(self.den, o.den), self.trace)

    __rmul__ = __mul__

    def __truediv__(self, o):
        o = self._other(o)
        self.trace.nonzero.append(o.num)
        return Poly(_mul(self.num, o.den), _mul(self.den, o.num), self.trace)

    def __rtruediv__(self, o):
        return self._other(o) / self

    def __pow__(self, n):
        if isinstance(n, Fraction) and n.denominator == 1:
            n = int(n)
        if type(n) is not int:
            raise NotPolynomial(f"a power with the exponent {n!r} (not an integer)")
        if abs(n) > 64:
            raise NotPolynomial(f"the power {n} is too high")
        out = self.trace.const(1)
        for _ in range(abs(n)):
            out = out * self
        return self.trace.const(1) / out if n < 0 else out

    def __getattr__(self, name):  # exp, log, sqrt, ...: no such method here
        raise AttributeError(name)


def _num(q: Fraction) -> str:
    a = abs(q)
    text = str(a.numerator) if a.denominator == 1 else f"(/ {a.numerator} {a.denominator})"
    return f"(- {text})" if q < 0 else text


def poly_text(p, names) -> str:
    terms = []
    for m in sorted(p):
        factors = [name for name, e in zip(names, m) for _ in range(e)]
        c = p[m]
        if not factors:
            terms.append(_num(c))
        elif c == 1:
            terms.append(factors[0] if len(factors) == 1 else f"(* {' '.join(factors)})")
        else:
            terms.append(f"(* {_num(c)} {' '.join(factors)})")
    if not terms:
        return "0"
    return terms[0] if len(terms) == 1 else f"(+ {' '.join(terms)})"


def _constant(p):
    """The value of a constant polynomial, else None."""
    if not p:
        return Fraction(0)
    if len(p) == 1 and not any(next(iter(p))):
        return next(iter(p.values()))
    return None


def query(margin: Poly, box, strict: bool) -> str:
    """The SMT-LIB (QF_NRA) query: is there a point of the closed ``box`` where the part is
    undefined (a recorded divisor vanishes) or its margin is on the wrong side?"""
    trace = margin.trace
    names = [f"x{k}" for k in range(trace.n)]
    lines = ["(set-logic QF_NRA)"]
    lines += [f"(declare-const {v} Real)" for v in names]
    for v, (lo, hi) in zip(names, box):
        lines.append(f"(assert (<= {_num(Fraction(lo))} {v}))")
        lines.append(f"(assert (<= {v} {_num(Fraction(hi))}))")
    bad = []
    for r in trace.nonzero:
        c = _constant(r)
        if c is None:
            bad.append(f"(= {poly_text(r, names)} 0)")
        elif c == 0:
            bad.append("true")  # a division by an exact 0
    bad = sorted(set(bad))
    P, Q = margin.num, margin.den
    lt, gt = ("<=", ">=") if strict else ("<", ">")
    q = _constant(Q)
    if q is not None and q != 0:  # (q == 0 is a division by 0, recorded above)
        bad.append(f"({lt if q > 0 else gt} {poly_text(P, names)} 0)")
    else:
        p_, q_ = poly_text(P, names), poly_text(Q, names)
        bad.append(f"(and (> {q_} 0) ({lt} {p_} 0))")
        bad.append(f"(and (< {q_} 0) ({gt} {p_} 0))")
    lines.append(f"(assert {bad[0]})" if len(bad) == 1 else f"(assert (or {' '.join(bad)}))")
    lines.append("(check-sat)")
    return "\n".join(lines) + "\n"


def trace_part(claim, relation_of, box=None) -> str:
    """The query of one part: ``relation_of(values)`` runs the body on the values and returns the
    part's relation (an inequality: a part of the body, or a half of an identity). Raises
    :class:`NotPolynomial` when the body is not a rational function with exact coefficients."""
    from theorycheck.expr import side_raw

    n = len(claim.variables)
    trace = Trace(n)
    values = [Poly({tuple(int(j == k) for j in range(n)): Fraction(1)}, {(0,) * n: Fraction(1)}, trace)
              for k in range(n)]
    try:
        leaf = relation_of(values)
    except NotPolynomial:
        raise
    except Exception as exc:  # noqa: BLE001 - any failure of the body on polynomials: not polynomial
        raise NotPolynomial(f"the body does not run on exact polynomials: {type(exc).__name__}: {exc}") from None
    if leaf.op not in ("<=", "<", ">=", ">"):
        raise NotPolynomial(f"the part is {leaf.op!r}, not an inequality")
    like = values[0] if values else trace.const(0)
    big, small = side_raw(leaf.big, like), side_raw(leaf.small, like)
    big, small = like._other(big), like._other(small)
    box = [(v.lo, v.hi) for v in claim.variables] if box is None else box
    return query(big - small, box, leaf.op in ("<", ">"))


_RLIMIT_SEEN = [0]  # z3's resource counter is process-wide: its reading after the last check


def run_z3(text: str, rlimit: int):
    """(answer, model, version, used): z3's answer to the query ("unsat", "sat", "unknown"), with
    a model as exact rationals (algebraic values approximated to 40 digits) when sat, and the
    resource units the check used. ImportError when z3-solver is not installed. Bounded by z3's
    resource limit (deterministic), not a clock."""
    import z3

    s = z3.SolverFor("QF_NRA")
    s.set("rlimit", int(rlimit))
    s.from_string(text)
    answer = s.check()
    stats = s.statistics()
    count = int(stats.get_key_value("rlimit count")) if "rlimit count" in stats.keys() else int(rlimit)
    used = count - _RLIMIT_SEEN[0] if count >= _RLIMIT_SEEN[0] else count
    _RLIMIT_SEEN[0] = count
    model = None
    if answer == z3.sat:
        m = s.model()
        byname = {d.name(): d for d in m.decls()}
        model = []
        for k in range(text.count("(declare-const ")):
            d = byname.get(f"x{k}")
            v = m[d] if d is not None else z3.RealVal(0)  # a variable the query does not constrain
            if z3.is_algebraic_value(v):
                v = v.approx(40)
            model.append(Fraction(v.numerator_as_long(), v.denominator_as_long()))
    return str(answer), model, z3.get_version_string(), min(max(used, 0), int(rlimit))
