"""Gaussian moment rules: integrals of ``t^k exp(A t^2 + B t + C)`` (A < 0), and of sums of such
terms times constants, over finite, half-infinite or infinite ranges, in closed form (erf, exp).

The rules (proved here; the symbolic layer uses them in place of sympy's ``integrate``, which
takes minutes or gives up on KL between two Gaussians with four symbolic parameters):

With ``alpha = -A > 0``, ``mu = B / (2 alpha)``, ``sigma = 1 / sqrt(2 alpha) > 0`` and
``C' = C + B^2 / (4 alpha)``, completing the square gives ``A t^2 + B t + C = C' - (t - mu)^2 / (2
sigma^2)``; the substitution ``t = mu + sigma z`` (increasing) and the binomial theorem give

    int_a^b t^k e^{A t^2 + B t + C} dt
        = e^{C'} sigma sum_{j=0..k} binom(k, j) mu^{k-j} sigma^j [H_j(z)]_{(a-mu)/sigma}^{(b-mu)/sigma}

where H_j is an antiderivative of z^j e^{-z^2/2}:

    H_0(z) = sqrt(pi/2) erf(z / sqrt 2),   H_1(z) = -e^{-z^2/2},
    H_j(z) = -z^{j-1} e^{-z^2/2} + (j - 1) H_{j-2}(z)   (j >= 2).

Proof of the recursion: d/dz [-z^{j-1} e^{-z^2/2}] = -(j-1) z^{j-2} e^{-z^2/2} + z^j e^{-z^2/2}, and
(j-1) H_{j-2}' = (j-1) z^{j-2} e^{-z^2/2}; H_0' = sqrt(pi/2) (2/sqrt(pi)) e^{-z^2/2} / sqrt(2) =
e^{-z^2/2}. The integrand is continuous, so the fundamental theorem of calculus gives the
bracket. An infinite end: z^{j-1} e^{-z^2/2} -> 0 and erf(z/sqrt 2) -> +-1 as z -> +-inf, so H_j
has the limits H_j(+-inf) = (j-1) H_{j-2}(+-inf), H_1(+-inf) = 0, H_0(+-inf) = +-sqrt(pi/2) (the
improper integral converges absolutely since alpha > 0). Over the whole line the bracket is
sqrt(2 pi) E[Z^j] (0 for odd j, (j-1)!! for even j): the Gaussian moments.

Premise: ``alpha > 0`` must follow from sympy's assumptions on the claim's symbols (which come from
the box: positive where the range is > 0), else the rule is not applied. A term of the integrand
that is not of the form constant * t^k * exp(polynomial of degree <= 2 in t) leaves the integral as
it is. Linearity (splitting the integral of a sum into a sum of integrals) is sound here because
every term is continuous and, with alpha > 0, absolutely integrable over the range.
"""

from __future__ import annotations


def _term_parts(term, t):
    """(c, k, Q) with term = c t^k exp(Q), c free of t, Q a polynomial in t; None otherwise."""
    import sympy

    c, k, q = sympy.Integer(1), 0, sympy.Integer(0)
    for f in sympy.Mul.make_args(term):
        if not f.has(t):
            c = c * f
        elif f == t:
            k += 1
        elif isinstance(f, sympy.Pow) and f.base == t and f.exp.is_Integer and f.exp > 0:
            k += int(f.exp)
        elif isinstance(f, sympy.exp):
            q = q + f.args[0]
        elif isinstance(f, sympy.Pow) and f.base == sympy.E:
            q = q + f.exp
        else:
            return None
    return c, k, sympy.expand(q)


def _H(j, z):
    """H_j at z (z may be +-oo): the antiderivative of z^j e^{-z^2/2} of the module docstring."""
    import sympy

    if z in (sympy.oo, -sympy.oo):
        if j == 0:
            return sympy.sqrt(sympy.pi / 2) * (1 if z == sympy.oo else -1)
        if j == 1:
            return sympy.Integer(0)
        return (j - 1) * _H(j - 2, z)
    if j == 0:
        return sympy.sqrt(sympy.pi / 2) * sympy.erf(z / sympy.sqrt(2))
    if j == 1:
        return -sympy.exp(-z**2 / 2)
    return -z**(j - 1) * sympy.exp(-z**2 / 2) + (j - 1) * _H(j - 2, z)


def _end(a, mu, sigma):
    import sympy

    if a in (sympy.oo, -sympy.oo):
        return a
    return (a - mu) / sigma


def gaussian_term_integral(c, k, q, t, a, b):
    """int_a^b c t^k exp(q) dt in closed form, or None when q is not A t^2 + B t + C with A shown < 0."""
    import sympy

    try:
        poly = sympy.Poly(q, t)
    except sympy.PolynomialError:
        return None
    if poly.degree() > 2:
        return None
    coeffs = poly.all_coeffs()
    A, B, C = [sympy.Integer(0)] * (3 - len(coeffs)) + list(coeffs)
    alpha = sympy.cancel(-A)
    if alpha.is_positive is not True:
        return None
    mu = sympy.cancel(B / (2 * alpha))
    sigma = sympy.simplify(1 / sympy.sqrt(2 * alpha))
    if sigma.is_positive is not True:
        return None
    cprime = sympy.cancel(C + B**2 / (4 * alpha))
    za, zb = _end(a, mu, sigma), _end(b, mu, sigma)
    total = sympy.Integer(0)
    for j in range(k + 1):
        total += sympy.binomial(k, j) * mu**(k - j) * sigma**j * (_H(j, zb) - _H(j, za))
    return c * sympy.exp(cprime) * sigma * total


def gaussian_integrate(expr):
    """``expr`` with every single integral whose integrand (logs expanded, then expanded) is a sum
    of terms c t^k exp(A t^2 + B t + C), A < 0, replaced by its closed form; other integrals stay.
    (The logs are expanded with force: where the body is defined the arguments are positive, and
    a wrong branch could only add imaginary multiples of 2 pi i, never make a real nonzero
    difference 0.)"""
    import sympy

    def single(e):
        return isinstance(e, sympy.Integral) and len(e.limits) == 1 and len(e.limits[0]) == 3

    def rewrite(e):
        t, a, b = e.limits[0]
        body = sympy.expand(sympy.powsimp(sympy.expand(sympy.expand_log(e.function, force=True))))
        out = sympy.Integer(0)
        for term in sympy.Add.make_args(body):
            parts = _term_parts(term, t)
            if parts is None:
                return e
            closed = gaussian_term_integral(*parts, t, a, b)
            if closed is None:
                return e
            out += closed
        return out

    return expr.replace(single, rewrite)


def plainly_nonzero(expr, claim, syms) -> bool:
    """A number ``expr`` (no integrals) evaluates, with mpmath at 50 digits at the centre of the
    claim's box, to more than 1e-20 in absolute value: it is not identically 0 (a shortcut that
    only skips symbolic stages that cannot succeed; it decides no verdict)."""
    import sympy

    try:
        point = {s: sympy.Rational((v.lo + v.hi) / 2) for s, v in zip(syms, claim.variables)}
        value = sympy.N(expr.subs(point), 50)
        return bool(value.is_number and abs(complex(value)) > 1e-20)
    except Exception:  # noqa: BLE001 - not shown: no shortcut
        return False
