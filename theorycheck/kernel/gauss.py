"""The kernel's check of a symbolic part proved by the Gaussian moment rules (``"gauss": true``).

The kernel makes lhs - rhs on sympy symbols itself (assumptions from the box), replaces each single
integral whose integrand (logs expanded where sympy's assumptions show them positive, never forced,
then expanded) is a sum of terms ``c t^k e^{Q(t)}``, c free
of t, Q = -alpha t^2 + beta t + gamma with alpha shown > 0 by sympy's assumptions, by a closed form
it derives on its own, and wants the result to reduce to exactly 0 by its own rewritings (:func:`.exact.is_zero`).

Its own derivation (by parts in t, not the prover's substitution): with E = e^{Q},
E' = (-2 alpha t + beta) E, so t^k E = (t^{k-1} (beta E - E'))/(2 alpha) and an antiderivative F_k
of t^k E satisfies

    F_k = (-t^{k-1} E + (k - 1) F_{k-2} + beta F_{k-1}) / (2 alpha)    (k >= 1, F_{-1} = 0),
    F_0 = e^{gamma + beta^2/(4 alpha)} sqrt(pi / (4 alpha)) erf(sqrt(alpha) (t - beta/(2 alpha))).

(d/dt of the first line: (-(k-1) t^{k-2} E - t^{k-1} E' + (k-1) t^{k-2} E + beta t^{k-1} E)/(2 alpha)
= t^{k-1} (beta E - E')/(2 alpha) = t^k E.) At an infinite end t^j E -> 0 and erf -> +-1.
"""

from __future__ import annotations

from ._base import need


def _antiderivative(k, t, alpha, beta, gamma, end=None):
    """F_k at ``end`` (a number, an expression, or +-oo; None: as a function of t)."""
    import sympy

    inf = end in (sympy.oo, -sympy.oo)
    at = t if end is None else end

    def E():
        return sympy.exp(-alpha * at**2 + beta * at + gamma)

    def F(j):
        if j < 0:
            return sympy.Integer(0)
        if j == 0:
            scale = sympy.exp(gamma + beta**2 / (4 * alpha)) * sympy.sqrt(sympy.pi / (4 * alpha))
            if inf:
                return scale * (1 if end == sympy.oo else -1)
            return scale * sympy.erf(sympy.sqrt(alpha) * (at - beta / (2 * alpha)))
        edge = sympy.Integer(0) if inf else -(at**(j - 1)) * E()  # t^(j-1) E -> 0 at an infinite end
        return (edge + (j - 1) * F(j - 2) + beta * F(j - 1)) / (2 * alpha)

    return F(k)


def _closed(e):
    import sympy

    t, a, b = e.limits[0]
    # logs expanded only where sympy's assumptions show their arguments positive (no force: log(s^2) is
    # not 2 log(s) for s < 0), powers combined without force (x^a y^a -> (x y)^a is not made)
    body = sympy.expand(sympy.powsimp(sympy.expand(sympy.expand_log(e.function))))
    out = sympy.Integer(0)
    for term in sympy.Add.make_args(body):
        c, k, q = sympy.Integer(1), 0, sympy.Integer(0)
        for f in sympy.Mul.make_args(term):
            if not f.has(t):
                c *= f
            elif f == t:
                k += 1
            elif isinstance(f, sympy.Pow) and f.base == t and f.exp.is_Integer and f.exp > 0:
                k += int(f.exp)
            elif isinstance(f, sympy.exp):
                q += f.args[0]
            else:
                return e
        try:
            poly = sympy.Poly(sympy.expand(q), t)
        except sympy.PolynomialError:
            return e
        if poly.degree() > 2:
            return e
        A, B, C = [sympy.Integer(0)] * (3 - len(poly.all_coeffs())) + list(poly.all_coeffs())
        alpha = sympy.cancel(-A)
        if alpha.is_positive is not True:
            return e
        out += c * (_antiderivative(k, t, alpha, B, C, b) - _antiderivative(k, t, alpha, B, C, a))
    return out


def check_gauss(claim, part: int, symbols, where: str) -> None:
    """Raise Reject unless lhs - rhs, its integrals in the kernel's closed forms, expands to 0."""
    import sympy

    from theorycheck.expr import side_raw

    leaf = claim.evaluate(symbols).leaves()[part]
    need(leaf.op == "==", f"{where}: the part is not an identity")
    like = symbols[0] if symbols else sympy.Integer(0)
    expr = sympy.sympify(side_raw(leaf.lhs, like)) - sympy.sympify(side_raw(leaf.rhs, like))
    closed = expr.replace(lambda e: isinstance(e, sympy.Integral) and len(e.limits) == 1 and len(e.limits[0]) == 3,
                          _closed)
    from .exact import is_zero

    ok = sympy.expand(closed) == 0 or is_zero(closed, where) is None
    need(ok, f"{where}: lhs - rhs with the kernel's closed forms of the Gaussian integrals does not reduce to 0")
