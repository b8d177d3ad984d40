"""The kernel's own decision that an expression is exactly 0 (sympy, re-run by the kernel).

Every "exactly 0" a certificate relies on -- a symbolic identity lhs == rhs, a margin exactly 0 at
a point (``exact_zero``), a Taylor jet or series coefficient at an anchor (``zeros``), the margin
and its normal derivative on an ``along`` set -- is re-derived here: the kernel evaluates the
claim's body on sympy symbols (or exact rationals) itself (:func:`difference`, as :mod:`.ftc`
does), differentiates and substitutes itself, and asks :func:`is_zero`. sympy is imported only
when a certificate has such a step and the kernel's own Arb enclosure is not already the exact
point 0 (which needs no sympy at all: see :func:`arb_zero`).

:func:`is_zero` is a fixed sequence of rewritings, each sound under the stated premise (every one
is an identity of the expression's values wherever the expression is defined; the definedness of
the original expression on the box is the kernel's own tiling or enclosure, checked separately):

1. structural equality with 0;
2. the symbols carry only the signs the box shows exactly (``positive`` when lo > 0, ...), an
   integral's variable is a real dummy (it ranges over real limits); ``sympy.expand`` with its
   default hints, whose ``power_base`` and ``log`` hints rewrite (x y)^a and log(x y) only where
   sympy's assumptions show the premises (x, y > 0) -- **never** ``force=True``;
3. logarithms normalized: each log's argument put over one denominator (``together``,
   a rational-function identity), logs expanded without force (as in 2), hyperbolic and
   trigonometric functions rewritten with exp, expanded, then ``cancel`` (a rational-function
   identity where the denominators are nonzero);
4. with integrals (tried before 3, which is slower): integrals over the same range gathered into
   one (linearity; every integral converges: the body is defined on the box) with the integrand
   through 2 and 3; then the same with additivity over ranges (int_a^b + int_b^c = int_a^c); then
   the Gaussian closed forms the kernel derives itself (:mod:`.gauss`), reduced by 2 and 3; then
   integrands P(t) exp(c t + d) (P a polynomial) by their antiderivatives: the power rule, or
   integration by parts (:func:`_elementary_integrals`);
5. with abs, min, max: every combination of the signs of their arguments (a branch fixes
   abs(a) = s a, max(a, b) = a or b; arguments equal up to sign share one sign), each reduced by 2
   and 3: 0 on every branch, possible or not, is 0 (abs, min and max are continuous, so the
   branches agree where an argument is 0; at most :data:`MAX_BRANCHES` branches). sign, Heaviside
   and Piecewise are refused.

A derivative (a jet at an anchor, the normal derivative on an order-2 set) of a body with abs,
min or max is taken on the body's branch at the anchor (each argument's sign there shown nonzero
by sympy: the body is that branch on a neighbourhood) or, on a set, at the hull's midpoint (the
kernel's ``smooth_across`` has shown that no argument reaches 0 on the hull).

No ``simplify``, no ``integrate``: neither has a bound on its work. The cost is counted in work,
never in time: an expression of more than :data:`MAX_NODES` nodes, or whose expansion is
estimated (:func:`expansion_size`) at more than :data:`MAX_TERMS` terms, is refused (a :class:`Reject`
saying why), so the same certificate gets the same answer on every machine.
"""

from __future__ import annotations

from fractions import Fraction
from math import comb

from ._base import Reject, need

MAX_NODES = 20000  # nodes of an expression the kernel rewrites
MAX_TERMS = 20000  # estimated terms of its expansion
MAX_BRANCHES = 64  # sign combinations of the kinks (abs, min, max, sign)


# -- the claim on sympy ------------------------------------------------------------------------------

def symbols(claim, box):
    """One real sympy symbol per variable, with the signs the (exact rational) box shows."""
    import sympy

    out = []
    for v, (lo, hi) in zip(claim.variables, box):
        a = {"real": True}
        if lo > 0:
            a["positive"] = True
        elif lo >= 0:
            a["nonnegative"] = True
        elif hi < 0:
            a["negative"] = True
        elif hi <= 0:
            a["nonpositive"] = True
        out.append(sympy.Symbol(v.name, **a))
    return out


def rationals(point):
    import sympy

    return [sympy.Rational(Fraction(q).numerator, Fraction(q).denominator) for q in point]


def difference(claim, part, values, where):
    """lhs - rhs of part ``part`` of the body evaluated on ``values`` (sympy symbols or rationals),
    made by the kernel itself; the margin big - small is +-(lhs - rhs), so it is 0 exactly where
    this is."""
    import sympy

    from theorycheck.expr import side_raw

    try:
        leaf = claim.evaluate(values).leaves()[part]
        like = values[0] if values else sympy.Integer(0)
        e = sympy.sympify(side_raw(leaf.lhs, like)) - sympy.sympify(side_raw(leaf.rhs, like))
    except Reject:
        raise
    except Exception as exc:  # noqa: BLE001 - no sympy form: the step cannot be re-derived
        raise Reject(f"{where}: the kernel cannot evaluate the body on sympy symbols to re-derive the step "
                     f"({type(exc).__name__}: {str(exc)[:200]})") from None
    need(isinstance(e, sympy.Basic), f"{where}: the body's sympy form is not an expression")
    return e


# -- the work it may take --------------------------------------------------------------------------

def nodes(e, cap=MAX_NODES + 1) -> int:
    """Nodes of the expression tree (counting stops past ``cap``)."""
    import sympy

    n = 0
    for _ in sympy.preorder_traversal(e):
        n += 1
        if n > cap:
            break
    return n


def expansion_size(e) -> int:
    """An upper estimate of the terms ``expand`` makes of ``e`` (and of each function argument,
    which it expands too): sums add, products multiply, a sum of t terms to the power k gives
    C(t + k - 1, k)."""
    import sympy

    def terms(x):
        if isinstance(x, sympy.Add):
            return sum(terms(a) for a in x.args)
        if isinstance(x, sympy.Mul):
            out = 1
            for a in x.args:
                out = min(out * terms(a), 10**12)
            return out
        if isinstance(x, sympy.Pow):
            b, k = x.args
            t = terms(b)
            if k.is_Integer and abs(int(k)) > 1 and t > 1:
                kk = abs(int(k))
                return comb(t + kk - 1, kk) if kk < 10**4 else 10**12
            return max(t, terms(k))
        if x.args:
            return max(1, sum(terms(a) for a in x.args))
        return 1

    return min(terms(e), 10**12)


def _afford(e, where, what):
    n = nodes(e)
    need(n <= MAX_NODES, f"{where}: {what} has more than {MAX_NODES} nodes: the kernel does not rewrite it")
    t = expansion_size(e)
    need(t <= MAX_TERMS, f"{where}: {what} would expand to about {t} terms (more than {MAX_TERMS}): "
         "the kernel does not rewrite it")


# -- the rewritings ------------------------------------------------------------------------------

def _real_dummies(e):
    """Each integral's variable as a real dummy (sound: it ranges over real limits)."""
    import sympy

    def one(x):
        lims, body = [], x.function
        for lim in x.limits:
            t = lim[0]
            u = sympy.Dummy(f"{t.name}_r", real=True)
            body = body.xreplace({t: u})
            lims.append((u, *lim[1:]))
        return sympy.Integral(body, *lims)

    return e.replace(lambda x: isinstance(x, sympy.Integral), one)


def _plain(e):
    import sympy

    return sympy.expand(e)


def _logs(e):
    """Log arguments over one denominator, logs expanded (without force), exp form, cancel."""
    import sympy

    e = e.replace(lambda x: isinstance(x, sympy.log), lambda x: sympy.log(sympy.together(x.args[0])))
    e = sympy.expand(sympy.expand_log(sympy.expand(e)))
    if e == 0:
        return e
    e = sympy.expand(sympy.expand_log(e.rewrite(sympy.exp)))
    if e == 0 or e.has(sympy.Integral):
        return e
    return sympy.cancel(e)


def _reduce(e, where):
    """Stages 2 and 3 on ``e``: True when one reaches 0."""
    if e == 0:
        return True
    _afford(e, where, "the expression")
    e2 = _plain(e)
    if e2 == 0:
        return True
    _afford(e2, where, "the expanded expression")
    return _logs(e2) == 0


def _linear(e):
    """``sum c_i int_a^b g_i`` -> ``int_a^b sum c_i g_i`` (c_i free of the integral's variable),
    the integrand through the kernel's own stages 2 and 3."""
    import sympy

    groups, rest = {}, sympy.Integer(0)
    for term in sympy.Add.make_args(sympy.expand(e)):
        ints = [f for f in sympy.Mul.make_args(term) if isinstance(f, sympy.Integral)]
        if len(ints) != 1 or len(ints[0].limits) != 1 or len(ints[0].limits[0]) != 3:
            rest += term
            continue
        t, a, b = ints[0].limits[0]
        coeff = sympy.Mul(*[f for f in sympy.Mul.make_args(term) if f is not ints[0]])
        if coeff.has(t):
            rest += term
            continue
        u = groups.setdefault((a, b), [sympy.Dummy("u", real=True), sympy.Integer(0)])
        u[1] += coeff * ints[0].function.xreplace({t: u[0]})
    out = _logs(sympy.expand(rest))
    for (a, b), (u, g) in groups.items():
        g = _logs(sympy.expand(g))
        if g != 0:
            out += sympy.Integral(g, (u, a, b))
    return out


def _ranges(e):
    """Each ``int_a^b c h(t) dt`` (c free of t) as ``c (P_h(b) - P_h(a))``, P_h uninterpreted: a sum
    of integrals that vanishes so vanishes by additivity over ranges (each integrand integrable)."""
    import sympy

    u, table = sympy.Dummy("v", real=True), {}

    def one(x):
        t, a, b = x.limits[0]
        g = x.function.xreplace({t: u})
        c = sympy.Mul(*[f for f in sympy.Mul.make_args(g) if not f.has(u)])
        h = sympy.Mul(*[f for f in sympy.Mul.make_args(g) if f.has(u)])
        P = table.setdefault(h, sympy.Function(f"_Q{len(table)}"))
        return c * (P(b) - P(a))

    return sympy.expand(e.replace(lambda x: isinstance(x, sympy.Integral) and len(x.limits) == 1
                                  and len(x.limits[0]) == 3, one))


MAX_DEGREE = 64  # of a polynomial integrand the kernel integrates term by term


def _elementary_integrals(e):
    """Each ``int_a^b P(t) exp(c t + d) dt`` with P a polynomial in t (coefficients free of t,
    degree at most :data:`MAX_DEGREE`), c and d free of t, c = 0 or c nonzero by sympy's
    assumptions, and finite ends free of t, by its antiderivative: the power rule term by term (c = 0),
    else exp(c t + d) sum_k (-1)^k P^(k)(t) / c^(k+1) (integration by parts, whose derivative is
    P exp(c t + d) exactly). The kernel's own formulas, not ``integrate``."""
    import sympy

    def split(x):
        """(P, c, d) for an integrand P(t) exp(c t + d), else None."""
        t = x.limits[0][0]
        poly, expo = [], sympy.Integer(0)
        for f in sympy.Mul.make_args(x.function):
            if isinstance(f, sympy.exp) and f.has(t):
                expo += f.args[0]
            else:
                poly.append(f)
        P = sympy.Mul(*poly)
        expo = sympy.expand(expo)
        if not (P.is_polynomial(t) and expo.is_polynomial(t) and sympy.degree(expo, t) <= 1):
            return None
        if P.has(t) and sympy.degree(P, t) > MAX_DEGREE:
            return None
        c, d = expo.coeff(t, 1), expo.coeff(t, 0)
        if c != 0 and c.is_zero is not False:
            return None
        return P, c, d

    def elementary(x):
        if not (isinstance(x, sympy.Integral) and len(x.limits) == 1 and len(x.limits[0]) == 3):
            return False
        t, a, b = x.limits[0]
        # finite ends only: sympy's values of the antiderivative at +-oo (0 * oo) are not limits
        return (not a.has(t) and not b.has(t) and a.is_finite is True and b.is_finite is True
                and split(x) is not None)

    def one(x):
        t, a, b = x.limits[0]
        P, c, d = split(x)
        if c == 0:
            poly = sympy.Poly(P, t)
            return sympy.exp(d) * sympy.Add(*[k * (b ** (n + 1) - a ** (n + 1)) / (n + 1) for (n,), k in poly.terms()])
        terms, dP, k = [], P, 0
        while dP != 0:
            terms.append((-1) ** k * dP / c ** (k + 1))
            dP, k = sympy.diff(dP, t), k + 1
        F = sympy.exp(c * t + d) * sympy.Add(*terms)
        return F.subs(t, b) - F.subs(t, a)

    return e.replace(elementary, one)


def _gauss(e):
    import sympy

    from .gauss import _closed

    return e.replace(lambda x: isinstance(x, sympy.Integral) and len(x.limits) == 1 and len(x.limits[0]) == 3,
                     _closed)


def _branches(e, where):
    """The expression on each sign combination of its kinks' arguments: abs(a) = s a,
    max(a, b) = a (s = 1, a - b >= 0) or b, min likewise; arguments equal up to a nonzero rational
    factor share their sign. Both choices agree where the argument is 0 (abs, min and max are continuous), so a
    0 on every combination is a 0 everywhere. sign and Heaviside (not continuous) are refused."""
    import sympy

    need(not e.has(sympy.Piecewise, sympy.sign, sympy.Heaviside),
         f"{where}: Piecewise, sign and Heaviside are not rewritten by the kernel")
    kinks = sorted(e.atoms(sympy.Abs, sympy.Max, sympy.Min), key=sympy.default_sort_key)
    keys, chosen = [], []
    for k in kinks:
        if isinstance(k, sympy.Abs):
            a = k.args[0]
        else:
            need(len(k.args) == 2, f"{where}: min/max of more than two arguments is not rewritten by the kernel")
            a = k.args[0] - k.args[1]
        a = sympy.expand(a).as_content_primitive()[1]  # a positive rational factor changes no sign
        flip = a.could_extract_minus_sign()
        a = -a if flip else a
        if a not in keys:
            keys.append(a)
        chosen.append((k, keys.index(a), -1 if flip else 1))
    need(2 ** len(keys) <= MAX_BRANCHES, f"{where}: more than {MAX_BRANCHES} sign branches of abs/min/max")
    out = []
    for mask in range(2 ** len(keys)):
        rep = {}
        for k, i, f in chosen:
            s = (1 if (mask >> i) & 1 else -1) * f  # the sign of k's own argument on this branch
            if isinstance(k, sympy.Abs):
                rep[k] = s * k.args[0]
            elif isinstance(k, sympy.Max):
                rep[k] = k.args[0] if s > 0 else k.args[1]
            else:
                rep[k] = k.args[1] if s > 0 else k.args[0]
        out.append(e.xreplace(rep))
    return out


def is_zero(e, where) -> str | None:
    """None when the kernel's fixed rewritings reduce ``e`` to exactly 0, else why not (a
    :class:`Reject` when it refuses the work)."""
    import sympy

    if not isinstance(e, sympy.Basic):
        return None if e == 0 else f"it is {e}"
    if e == 0:
        return None
    _afford(e, where, "the expression")
    e = _real_dummies(e)
    kinked = e.has(sympy.Abs, sympy.Max, sympy.Min, sympy.sign, sympy.Heaviside, sympy.Piecewise)
    if not kinked:
        if e.has(sympy.Integral):  # the cheap integral stages first (linearity is far cheaper than cancel)
            if _plain(e) == 0:
                return None
            lin = _linear(e)
            if lin == 0 or _ranges(lin) == 0:
                return None
            closed = _gauss(e)
            if closed is not e and _reduce(closed, where):
                return None
            elementary = _elementary_integrals(e)
            if elementary is not e and not elementary.has(sympy.Integral) and _reduce(elementary, where):
                return None
        return None if _reduce(e, where) else "the kernel's rewritings do not reduce it to 0"
    if e.has(sympy.Integral):
        return "an integral of a body with abs/min/max is not rewritten by the kernel"
    for b in _branches(e, where):
        if not _reduce(b, where):
            return "the kernel's rewritings do not reduce it to 0 on every branch of its abs/min/max"
    return None


# -- the four kinds of steps -------------------------------------------------------------------------

def identity(claim, part, box, where):
    """A symbolic part: lhs - rhs on the box's symbols is exactly 0 (else Reject)."""
    e = difference(claim, part, symbols(claim, box), where)
    why = is_zero(e, where)
    need(why is None, f"{where}: the kernel could not re-derive the symbolic identity lhs - rhs == 0: {why}")


def at_point(claim, part, point, where):
    """lhs - rhs is exactly 0 at the exact rational point (an exact_zero point or counterexample)."""
    e = difference(claim, part, rationals(point), where)
    why = is_zero(e, where)
    need(why is None, f"{where}: the kernel could not re-derive that the two sides are exactly equal at the point: {why}")


def _branch_at(e, ref, where):
    """``e`` with each abs/min/max replaced by its branch at the exact point ``ref`` ({symbol:
    rational}): the argument's sign there, which must be nonzero. Where the arguments keep these
    signs (a neighbourhood of ref; for an along set, the whole hull, which the kernel's
    smooth_across shows free of kinks), e equals the returned expression, and so do their
    derivatives."""
    import sympy

    need(not e.has(sympy.Piecewise, sympy.sign, sympy.Heaviside),
         f"{where}: Piecewise, sign and Heaviside are not rewritten by the kernel")
    rep = {}
    for k in sorted(e.atoms(sympy.Abs, sympy.Max, sympy.Min), key=sympy.default_sort_key):
        if not isinstance(k, sympy.Abs):
            need(len(k.args) == 2, f"{where}: min/max of more than two arguments is not rewritten by the kernel")
        a = k.args[0] if isinstance(k, sympy.Abs) else k.args[0] - k.args[1]
        v = a.xreplace(ref)
        need(v.free_symbols == set() and (v.is_positive or v.is_negative),
             f"{where}: the sign of the abs/min/max argument {a} at the point is not shown nonzero")
        s = 1 if v.is_positive else -1
        if isinstance(k, sympy.Abs):
            rep[k] = s * k.args[0]
        elif isinstance(k, sympy.Max):
            rep[k] = k.args[0] if s > 0 else k.args[1]
        else:
            rep[k] = k.args[1] if s > 0 else k.args[0]
    out = e.xreplace(rep)
    need(not out.has(sympy.Abs, sympy.Max, sympy.Min), f"{where}: nested abs/min/max are not rewritten by the kernel")
    return out


def derivative_at(claim, part, point, orders, where):
    """d^orders (lhs - rhs) at the exact rational point is exactly 0 (a Taylor jet / series
    coefficient said to be 0). ``orders``: how often to differentiate in each variable."""
    import sympy

    n = len(claim.variables)
    # signs only where they hold on a neighbourhood of the point (a derivative is local)
    syms = symbols(claim, [(q, q) if q != 0 else (Fraction(-1), Fraction(1)) for q in map(Fraction, point)])
    need(len(syms) == n, f"{where}: the point must give every variable")
    e = difference(claim, part, syms, where)
    _afford(e, where, "the expression")
    if any(orders) and e.has(sympy.Abs, sympy.Max, sympy.Min, sympy.sign, sympy.Heaviside, sympy.Piecewise):
        e = _branch_at(e, dict(zip(syms, rationals(point))), where)  # the body near the point
    for s, k in zip(syms, orders):
        for _ in range(k):
            e = sympy.diff(e, s)
            _afford(e, where, "the derivative")
    e = e.xreplace(dict(zip(syms, rationals(point))))
    why = is_zero(e, where)
    need(why is None, f"{where}: the kernel could not re-derive that the derivative {tuple(orders)} of the margin at "
         f"the point is exactly 0: {why}")


def on_set(claim, part, lineset, order, region, where):
    """The margin (and, order 2, its derivative along the set's normal) is exactly 0 on the set:
    x_i replaced by s x_j (or c) in the kernel's sympy form of lhs - rhs."""
    import sympy

    syms = symbols(claim, region)
    e = difference(claim, part, syms, where)
    need(not e.has(sympy.Integral, sympy.Derivative, sympy.Subs),
         f"{where}: the margin's sympy form holds an integral or a derivative: the vanishing on the set is not re-derived")
    n = lineset.normal(len(syms))
    target = syms[lineset.i]
    repl = sympy.Rational(lineset.at.numerator, lineset.at.denominator) if lineset.kind == "face" \
        else lineset.s * syms[lineset.j]
    if order > 1 and e.has(sympy.Abs, sympy.Max, sympy.Min, sympy.sign, sympy.Heaviside, sympy.Piecewise):
        # order 2: smooth_across (checked before) shows no kink argument reaches 0 on the hull,
        # so the body there is its branch at any point of the hull
        mid = [(lo + hi) / 2 for lo, hi in region]
        e = _branch_at(e, dict(zip(syms, rationals(mid))), where)
    for j in range(order):
        if j:
            e = sum((c * sympy.diff(e, x) for c, x in zip(n, syms) if c), sympy.Integer(0))
            _afford(e, where, "the derivative along the normal")
        why = is_zero(e.xreplace({target: repl}), where)
        need(why is None, f"{where}: the kernel could not re-derive that derivative {j} of the margin along {n} "
             f"is exactly 0 on the set: {why}")


# -- exact Arb zeros: no sympy ---------------------------------------------------------------------

def arb_zero(x) -> bool:
    """The kernel's own enclosure is exactly the point 0 (defined): an exact zero with no sympy."""
    from theorycheck.enclose.interval import Interval

    if isinstance(x, (int, Fraction)) and not isinstance(x, bool):
        return x == 0
    if isinstance(x, Interval):
        return bool(x.defined and x.lo == 0 and x.hi == 0)
    try:  # an arb ball (series coefficients)
        return bool(x.is_exact() and x == 0)
    except Exception:  # noqa: BLE001
        return False
