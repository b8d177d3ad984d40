"""Divergences between finite Gaussian mixtures, as claim values.

    from theorycheck.divergences import Mixture, kl, jsd

    @claim(m=(-1, 1), expect="proved")
    def kl_of_shifted_gaussians(m):
        p, q = Mixture([1], [m], [1]), Mixture([1], [0], [1])
        return kl(p, q) == m**2 / 2

A :class:`Mixture` ``sum_i w_i N(m_i, s_i^2)`` holds weights, means and standard deviations that
may be claim values (or plain numbers), so every function here runs on every kind a claim body
runs on: floats (search: scipy quad), mpmath (mpmath.quad), sympy (unevaluated ``Integral``s that
the symbolic prover combines by linearity) and intervals (rigorous Taylor-model quadrature).

Every divergence is ``theorycheck.integral(integrand, -inf, inf, tail=...)`` with an analytic
tail bound ``tail(T) >= integral over |x| >= |T| of |integrand|`` (two-sided, hence at least the
one-sided tail :func:`theorycheck.integral` asks for at ``T`` and at ``-T``). The bounds hold for
every real ``T`` and every parameter value with positive weights and sds; they are derived here:

(M1) mixture tails. For N(m, s^2) and T >= 0, with ``Q(u) = Phi(-u)``:
     mass of ``x >= T``          = Q((T - m)/s),      of ``x <= -T`` = Q((T + m)/s);
     ``int_T^inf x^2 N(m, s^2)`` = (m^2 + s^2) Q(u) + s (T + m) npdf(u),  u = (T - m)/s
     (substitute x = m + s z: int_u^inf (m + s z)^2 npdf(z) dz = m^2 Q(u) + 2 m s npdf(u)
     + s^2 (u npdf(u) + Q(u)), and s u + 2 m = T + m); the lower tail is the same for -m.
     A mixture's tail is the weighted sum (:meth:`Mixture.tail_mass`, :meth:`Mixture.tail_moment2`).

(L)  log of a mixture. For p = sum_i w_i N(m_i, s_i^2), w_i > 0, every x:
     upper:  p(x) <= M := sum_i w_i / (s_i sqrt(2 pi))   (each density is at most its peak);
     lower:  p(x) >= w_k N(x; m_k, s_k^2) for any one k, and (x - m_k)^2 <= 2 x^2 + 2 m_k^2, so
             log p(x) >= c_k - (x^2 + m_k^2) / s_k^2,   c_k = log w_k - log s_k - log(2 pi)/2.
     Hence |log p(x)| <= max(log M, -log p(x)) <= A + B x^2 with
             A = |log M| + |m_k^2 / s_k^2 - c_k|,  B = 1 / s_k^2     (:meth:`Mixture.log_bound`).

(KL) |r log(a / b)| <= r (|log a| + |log b|) <= r (A_a + A_b + (B_a + B_b) x^2), integrated over
     |x| >= T with (M1): :func:`log_ratio_tail`. KL(p||q) uses r = a = p, b = q.

(JS) with pb = (p + q)/2: p log(p / pb) <= p log 2 (since p / pb <= 2) and
     p log(p / pb) >= p (1 - pb / p) = (p - q)/2 >= -q/2 (log y >= 1 - 1/y), so
     |p log(p/pb)| <= p log 2 + q/2, and the JSD integrand
     (p log(p/pb) + q log(q/pb))/2 is at most (log 2 + 1/2)(p + q)/2 <= p + q in absolute value.

(H)  (sqrt p - sqrt q)^2 <= p + q (drop the cross term -2 sqrt(pq) <= 0).

(X2) (p - q)^2 / q <= p^2 / q + q. Cauchy-Schwarz: p^2 <= (sum_i w_i)(sum_i w_i N_i^2); and
     q >= v_k N(x; n_k, t_k^2) for the chosen component k, so p^2/q <= (W / v_k) sum_i w_i N_i^2 / N_k.
     N(x; m, s^2)^2 / N(x; n, t^2) = K exp(-(x - mu)^2 / (2 sig^2)) with
     a = 1/s^2 - 1/(2 t^2) (must be > 0, i.e. 2 t^2 > s^2; otherwise this bound is infinite and
     the enclosure fails loudly), b = 2 m/s^2 - n/t^2, c = m^2/s^2 - n^2/(2 t^2),
     sig^2 = 1/(2a), mu = b/(2a), K = t / (s^2 sqrt(2 pi)) exp(b^2/(4a) - c); its mass over
     |x| >= T is K sig sqrt(2 pi) (Q((T - mu)/sig) + Q((T + mu)/sig)).

A general :func:`f_divergence` needs the caller's own tail bound (an arbitrary f has none we
can derive), except for the named generators of :data:`GENERATORS`.

Engineering notes (none of them touches a proof):

* search on numpy arrays: :func:`theorycheck.integral` refuses arrays, and the search's sweep
  would then fall back to one scipy ``quad`` per point (tens of seconds a claim); here arrays get
  a fixed-grid trapezoid rule (search only: every candidate is certified with intervals);
* floats: the line is cut where the tail bound is below 1e-13 (densities underflow further out);
* the rigorous enclosure of an integral is cached, keyed exactly on everything the integrand and
  the tail bound depend on (code and the file and line it was written at, closures, defaults,
  the globals they read, bound instances; see :func:`_key`) and on the working precision: a calc
  chain's body is evaluated once per step, at the same points. What has no exact key is not
  cached.
* outside a claim body (no kind to compute in), every divergence is a :class:`~theorycheck.expr.Lazy`
  (:func:`theorycheck.integral.lazy_quantity`): made in the kind it meets, a rigorous enclosure
  in proofs and certification, a float in search; never a float taken as exact.
* derivatives (duals) are refused with an explanation: the tail bound of an integrand is no bound
  of the tail of its derivative in a parameter.
"""

from __future__ import annotations

import math

from .enclose.interval import Interval
from .expr import Phi, Real, log, npdf, pi, sqrt
from .integral import integral

__all__ = [
    "Mixture",
    "gaussian",
    "average",
    "mixture_sum",
    "kl",
    "jsd",
    "hellinger2",
    "chi2",
    "f_divergence",
    "log_ratio_tail",
    "mass_tail",
    "chi2_tail",
    "integrate",
    "GENERATORS",
]

INF = math.inf


def _abs(v):
    return abs(v)


class Mixture:
    """``sum_i w_i N(m_i, s_i^2)``; weights need not sum to 1 (but must be positive), sds > 0.

    ``lower_component``: the index k used for the lower bound (L) of the log density; by default
    the component with the largest sd when all sds are plain numbers (the smallest B), else 0.
    """

    def __init__(self, weights, means, sds, lower_component=None):
        if not (len(weights) == len(means) == len(sds)) or not weights:
            raise ValueError("a mixture needs as many weights, means and sds, at least one")
        self.weights = list(weights)
        self.means = list(means)
        self.sds = list(sds)
        if lower_component is None:
            lower_component = 0
            if all(isinstance(s, (int, float)) for s in self.sds):
                lower_component = max(range(len(self.sds)), key=lambda i: self.sds[i])
        self.k = lower_component

    def __len__(self):
        return len(self.weights)

    def components(self):
        return zip(self.weights, self.means, self.sds)

    def pdf(self, x):
        """The density at x: sum_i w_i npdf((x - m_i)/s_i)/s_i."""
        total = 0
        for w, m, s in self.components():
            total = total + w * npdf((x - m) / s) / s
        return total

    __call__ = pdf

    def log_pdf(self, x):
        """log p(x), written so that no density is formed and divided: with z_i = (x - m_i)/s_i,
        log p = log(w_0 / s_0) - log(2 pi)/2 - z_0^2/2 + log(1 + sum_{i>0} (w_i s_0)/(w_0 s_i)
        e^{(z_0^2 - z_i^2)/2}) (the same function as log(pdf(x)) for every real x; the sum is
        >= 1). Far from a component its density is e^{-z^2/2}, tiny, and a ball enclosing it
        over a cell is relatively wide: log(p/q) of two such balls loses everything, while the
        quadratic here stays exact (issue 12: KL between far-apart Gaussians was [+/- inf])."""
        w0, m0, s0 = self.weights[0], self.means[0], self.sds[0]
        z0 = (x - m0) / s0
        base = log(w0 / s0) - log(2 * pi) / 2 - z0 * z0 / 2
        if len(self) == 1:
            return base
        total = 1
        for w, m, s in list(self.components())[1:]:
            z = (x - m) / s
            total = total + (w * s0) / (w0 * s) * _exp((z0 * z0 - z * z) / 2)
        return base + log(total)

    def total_weight(self):
        total = 0
        for w in self.weights:
            total = total + w
        return total

    # -- tails (M1) ------------------------------------------------------------------------------

    def tail_mass(self, T):
        """Mass of |x| >= |T|: sum_i w_i (Q((|T| - m_i)/s_i) + Q((|T| + m_i)/s_i))."""
        T = _abs(T)
        total = 0
        for w, m, s in self.components():
            total = total + w * (Phi(-(T - m) / s) + Phi(-(T + m) / s))
        return total

    def tail_moment2(self, T):
        """integral over |x| >= |T| of x^2 p(x): (M1) for both tails of each component."""
        T = _abs(T)
        total = 0
        for w, m, s in self.components():
            for mm in (m, -m):  # the lower tail of N(m, s^2) is the upper tail of N(-m, s^2)
                u = (T - mm) / s
                total = total + w * ((mm**2 + s**2) * Phi(-u) + s * (T + mm) * npdf(u))
        return total

    # -- log bound (L) ---------------------------------------------------------------------------

    def log_bound(self):
        """(A, B) with |log p(x)| <= A + B x^2 for every real x; see (L) in the module docstring."""
        peak = 0
        for w, m, s in self.components():
            peak = peak + w / s
        peak = peak / sqrt(2 * pi)
        w, m, s = self.weights[self.k], self.means[self.k], self.sds[self.k]
        c = log(w) - log(s) - log(2 * pi) / 2
        A = _abs(log(peak)) + _abs(m**2 / s**2 - c)
        B = 1 / s**2
        return A, B


def mixture_sum(p: Mixture, q: Mixture) -> Mixture:
    """p + q as a (mass-2) mixture: components concatenated, weights kept."""
    return Mixture(p.weights + q.weights, p.means + q.means, p.sds + q.sds, lower_component=p.k)


def gaussian(m, s):
    """N(m, s^2) as a one-component mixture."""
    return Mixture([1], [m], [s])


def average(p: Mixture, q: Mixture) -> Mixture:
    """(p + q)/2 as a mixture (weights halved, components concatenated)."""
    return Mixture([w / 2 for w in p.weights] + [w / 2 for w in q.weights], p.means + q.means, p.sds + q.sds,
                   lower_component=p.k)


# -- tail bounds ------------------------------------------------------------------------------------


def mass_tail(*mixtures, factor=1):
    """T -> factor * sum of the masses of |x| >= |T| (for integrands bounded by factor * sum)."""

    def tail(T):
        total = 0
        for r in mixtures:
            total = total + r.tail_mass(T)
        return factor * total

    return tail


def log_ratio_tail(r: Mixture, a: Mixture, b: Mixture, factor=1):
    """T -> bound on integral over |x| >= |T| of |factor * r(x) log(a(x)/b(x))|, by (KL).

    ``factor`` may be negative (its absolute value is used)."""

    def tail(T):
        Aa, Ba = a.log_bound()
        Ab, Bb = b.log_bound()
        return _abs(factor) * ((Aa + Ab) * r.tail_mass(T) + (Ba + Bb) * r.tail_moment2(T))

    return tail


def sum_tails(*tails):
    """T -> the sum of the given tail bounds (|sum of integrands| <= sum of |integrands|)."""

    def tail(T):
        total = 0
        for t in tails:
            total = total + t(T)
        return total

    return tail


def chi2_tail(p: Mixture, q: Mixture):
    """T -> bound on integral over |x| >= |T| of (p - q)^2 / q, by (X2); needs 2 t_k^2 > s_i^2."""

    def tail(T):
        T = _abs(T)
        v, n, t = q.weights[q.k], q.means[q.k], q.sds[q.k]
        W = p.total_weight()
        total = 0
        for w, m, s in p.components():
            a = 1 / s**2 - 1 / (2 * t**2)
            b = 2 * m / s**2 - n / t**2
            c = m**2 / s**2 - n**2 / (2 * t**2)
            _require_positive(a, "chi^2 tail: 2 t_k^2 > s_i^2 fails (the bound, maybe chi^2 itself, is infinite)")
            sig = sqrt(1 / (2 * a))
            mu = b / (2 * a)
            K = t / (s**2 * sqrt(2 * pi)) * _exp(b**2 / (4 * a) - c)
            total = total + w * K * sig * sqrt(2 * pi) * (Phi(-(T - mu) / sig) + Phi(-(T + mu) / sig))
        return W / v * total + q.tail_mass(T)

    return tail


def _require_positive(v, what):
    """Raise unless v is certainly > 0; a sympy value passes (the symbolic engine never
    evaluates a tail bound). On intervals the error is NotEnclosed, never DomainError: a tail
    bound that does not apply says nothing certain about the divergence itself (it may still be
    finite), so the box or point stays undecided."""
    from .enclose.interval import DomainError, NotEnclosed

    raw = _raw_of(v)
    while hasattr(raw, "val") and hasattr(raw, "grad"):  # a Dual: its value decides
        raw = raw.val
    lo = getattr(raw, "lo", None)
    if isinstance(raw, Interval):
        if not raw.lo > 0:
            raise NotEnclosed(what)
    elif lo is not None and not isinstance(raw, (int, float)):  # a batch or other interval kind
        import numpy as np

        if not np.all(np.asarray(lo, dtype=float) > 0):
            raise NotEnclosed(what)
    elif isinstance(raw, (int, float)) and not raw > 0:
        raise DomainError(what)
    else:
        try:
            import numpy as np

            if isinstance(raw, np.ndarray) and not np.all(raw > 0):
                raise DomainError(what)
        except ImportError:
            pass
        try:
            import mpmath

            if isinstance(raw, mpmath.mpf) and not raw > 0:
                raise DomainError(what)
        except ImportError:
            pass


def _exp(x):
    from .expr import exp

    return exp(x)


# -- divergences ------------------------------------------------------------------------------------


def integrate(fn, tail):
    """integral of fn over the real line, with the analytic two-sided tail bound ``tail``.

    On floats (the adversarial search, never a proof) the densities underflow far out, so the
    line is cut at the first T = 8, 16, ... where the tail bound is below 1e-13 (the neglected
    part is at most that); every other kind integrates over the whole line."""
    from .enclose import kinds
    from .expr import current_like

    like = current_like()
    if like is None:
        # outside a claim body (issue 12, kind 8): not scipy's float, which a claim would take
        # as exact, but a Lazy made in the kind it meets (a rigorous enclosure in proofs)
        from .integral import lazy_quantity

        return lazy_quantity(lambda: integrate(fn, tail), "divergence integral")
    from .integral import NOT_HERE, IntegralNotHere

    if NOT_HERE.get():  # (before the cache: a hit must not make a body with an integral look easy)
        raise IntegralNotHere()
    kn = kinds.kind_name(like)
    if kn in ("Interval", "mpf", "sympy"):
        key = _key((fn, tail, kn))
        if key is not None:
            import flint
            import mpmath

            key = (key, flint.ctx.prec, mpmath.mp.prec)
            from . import work

            meter = work.current().claim()
            hit = _CACHE.get(key)
            if hit is None:
                used = work.current().used
                value = integral(fn, -INF, INF, tail=tail)
                hit = [value, work.current().used - used, meter]
                if len(_CACHE) >= _CACHE_SIZE:
                    _CACHE.pop(next(iter(_CACHE)))
                _CACHE[key] = hit
            elif hit[2] is not meter:
                # computed for another claim: charged as if computed here, and from now on this
                # claim's own (its calc steps included), so that a claim's work count (and so its
                # verdict) does not depend on what the process computed before it
                work.charge(hit[1])
                hit[2] = meter
            return hit[0]
    if kn == "Dual":
        from .expr import ClaimBodyError

        raise ClaimBodyError(
            "divergences: no derivative of an integral over the whole line (the tail bound "
            "bounds the integrand, not its derivatives in the parameters)")
    if like is not None and kinds.kind_name(like) == "array":
        return Real(_array_search_integral(fn, tail))
    if like is not None and kinds.kind_name(like) == "float":
        T = 8.0
        while T < 1e4:
            try:
                b = float(_raw_of(tail(Real(T))))
            except (OverflowError, ValueError, ZeroDivisionError):
                b = math.inf
            if b < 1e-13:
                break
            T *= 2
        return integral(fn, -T, T)
    return integral(fn, -INF, INF, tail=tail)


_CACHE: dict = {}
_CACHE_SIZE = 512


class _Uncacheable(Exception):
    pass


def _key(obj):
    """An exact, hashable description of everything an integrand's value depends on, or None
    (then there is no cache) when some part has no exact key.

    A calc chain's body is evaluated once per step, so the same rigorous enclosure is asked for
    again and again at the same exact parameters: it is computed once (keyed also on the working
    precision, so a precision raise recomputes). Issue 12 (kind 9): the key once held a
    function's code only, so a bound method of another instance, a function reading a global
    that changed (``c * (u - 1)**2`` for c = 1, then c = 2) and an identically written function
    of another file all reused one value. Now a function's key holds its code *and where it was
    written* (file, first line, qualified name), its defaults, every value it closes over, and
    the value of every global name its code (and the code nested in it) reads; a bound method's
    key holds its instance; values are keyed exactly (numbers, exact interval ends, mixtures) or
    by identity (modules, classes, builtins: program structure), and anything else makes the
    integrand uncacheable."""
    try:
        return _key_of(obj, 0)
    except _Uncacheable:
        return None


def _global_names(code):
    names = set(code.co_names)
    for c in code.co_consts:
        if hasattr(c, "co_names"):
            names |= _global_names(c)
    return names


def _key_of(obj, depth, active=()):
    import builtins
    import contextvars
    import inspect
    import types
    from fractions import Fraction

    from .enclose.interval import Interval
    from .expr import Lazy

    if depth > 12:
        raise _Uncacheable
    if obj is None or isinstance(obj, (bool, int, str, Fraction)):
        return (type(obj).__name__, obj)
    if isinstance(obj, float):
        return ("float", obj)
    if isinstance(obj, Real):
        return ("Real", _key_of(obj.raw, depth + 1, active))
    if isinstance(obj, Interval):
        return ("Interval", obj.lo_fraction, obj.hi_fraction)
    if isinstance(obj, Mixture):
        return ("Mixture", obj.k) + tuple(_key_of(v, depth + 1, active) for v in obj.weights + obj.means + obj.sds)
    if isinstance(obj, (list, tuple)):
        return ("seq", type(obj).__name__) + tuple(_key_of(v, depth + 1, active) for v in obj)
    if isinstance(obj, Lazy):
        # a Lazy's text determines its value only for the constants pi and plain numbers (a
        # lazy quantity such as a module-level integral is named, not described, by its text)
        text = getattr(obj, "text", None)
        if text == "pi":
            return ("Lazy", text)
        try:
            return ("Lazy", Fraction(text))
        except (TypeError, ValueError):
            raise _Uncacheable from None
    if isinstance(obj, contextvars.ContextVar):
        # a function reading a context variable (expr's trace of a body's operations) sees its
        # value in this context: keyed by identity and that value (unset: a sentinel)
        try:
            value = obj.get()
        except LookupError:
            return ("contextvar", obj, "unset")
        return ("contextvar", obj, _key_of(value, depth + 1, active))
    if isinstance(obj, types.ModuleType):
        return ("module", obj.__name__)
    if isinstance(obj, type):
        return ("class", obj)  # hashed and compared by identity
    if inspect.ismethod(obj):
        return ("method", _key_of(obj.__self__, depth + 1, active), _key_of(obj.__func__, depth + 1, active))
    if isinstance(obj, dict):  # its content now (a later change makes another key)
        return ("dict",) + tuple((_key_of(k, depth + 1, active), _key_of(v, depth + 1, active))
                                 for k, v in obj.items())
    if isinstance(obj, types.FunctionType):
        code = obj.__code__
        if id(obj) in active:
            # a function reached again through the globals of the functions it calls (two helpers
            # calling each other): its whole key is being made further out; here, where it is
            return ("fn again", code, code.co_filename, code.co_firstlineno, obj.__qualname__)
        active = active + (id(obj),)
        cells = obj.__closure__ or ()
        try:
            contents = [c.cell_contents for c in cells]
        except ValueError:  # an empty cell
            raise _Uncacheable from None
        glob = obj.__globals__
        reads = []
        for name in sorted(_global_names(code)):
            if name in glob:
                value = glob[name]
                if value is obj:
                    reads.append((name, "self"))
                else:
                    reads.append((name, _key_of(value, depth + 1, active)))
            elif hasattr(builtins, name):
                reads.append((name, "builtin"))
            # else: an attribute name (x.name), read off a value keyed elsewhere
        return ("fn", code, code.co_filename, code.co_firstlineno, obj.__qualname__, obj.__module__,
                _key_of(obj.__defaults__ or (), depth + 1, active),
                _key_of(obj.__kwdefaults__ and tuple(sorted(obj.__kwdefaults__.items())), depth + 1, active)) + tuple(
            _key_of(v, depth + 1, active) for v in contents) + tuple(reads)
    if isinstance(obj, (types.BuiltinFunctionType, types.BuiltinMethodType)) and getattr(obj, "__self__", None) in (None, builtins):
        return ("builtin", obj)
    try:
        import mpmath

        if isinstance(obj, mpmath.mpf):
            return ("mpf", obj)
    except ImportError:
        pass
    try:
        import sympy

        if isinstance(obj, sympy.Basic):  # exact, hashable (a symbol carries its assumptions)
            return ("sympy", obj)
    except ImportError:
        pass
    raise _Uncacheable


SEARCH_NODES = 1601


def _array_search_integral(fn, tail):
    """Search only (numpy arrays of parameter points, never a proof): the trapezoid rule on a
    fixed grid of [-T, T], all points at once. For these integrands (smooth, Gaussian tails) the
    trapezoid rule on the line converges geometrically, far below what the search needs; every
    candidate it proposes is re-checked with the rigorous enclosure before any verdict.

    Why not theorycheck.integral: it is scalar on floats, and the search's vectorised sweep
    would fall back to thousands of scipy quad calls (tens of seconds a claim)."""
    import numpy as np

    T = 8.0
    while T < 1e3:
        with np.errstate(all="ignore"):
            b = np.asarray(_raw_of(tail(Real(np.float64(T)))), dtype=float)
        if np.all(np.isfinite(b)) and np.max(b) < 1e-10:
            break
        T *= 2
    xs = np.linspace(-T, T, SEARCH_NODES)
    h = xs[1] - xs[0]
    grid = xs.reshape((-1,) + (1,))
    from . import work

    work.charge(work.ARRAY_QUADRATURE_NODE * SEARCH_NODES * max(1, _points_of_search()))
    with np.errstate(all="ignore"):
        vals = np.asarray(_raw_of(fn(Real(grid))), dtype=float)
        # far out the densities underflow to 0 and 0 log 0 gives nan: those terms are 0
        vals = np.where(np.isnan(vals), 0.0, vals)
    w = np.full(xs.shape, h)
    w[0] = w[-1] = h / 2
    return np.tensordot(w, vals, axes=(0, 0))


def _points_of_search() -> int:
    """How many parameter points the running array evaluation covers (for its work count)."""
    from .expr import current_like

    like = current_like()
    return int(getattr(like, "size", 1) or 1)


def _raw_of(v):
    return v.raw if isinstance(v, Real) else v


def kl(p: Mixture, q: Mixture):
    """KL(p||q) = integral p log(p/q); tail by (KL)."""
    def integrand(x):
        if _rigorous(x):  # the same function, enclosed without dividing tiny densities
            return p(x) * (p.log_pdf(x) - q.log_pdf(x))
        return p(x) * log(p(x) / q(x))  # the form the symbolic engine matches (and floats use)

    return integrate(integrand, log_ratio_tail(p, p, q))


def _rigorous(x) -> bool:
    from .enclose import kinds

    return kinds.kind_name(_raw_of(x)) in ("Interval", "Series", "IntervalArray")


def jsd(p: Mixture, q: Mixture):
    """JSD(p||q) = (KL(p||pb) + KL(q||pb))/2, pb = (p + q)/2, as one integral; tail by (JS)."""

    pb = average(p, q)  # the same expression as in kl(p, average(p, q)): sympy matches them at once

    def integrand(x):
        px, qx, bx = p(x), q(x), pb(x)
        return (px * log(px / bx) + qx * log(qx / bx)) / 2

    return integrate(integrand, mass_tail(p, q))


def hellinger2(p: Mixture, q: Mixture):
    """Squared Hellinger distance integral (sqrt p - sqrt q)^2 (no factor 1/2); tail by (H)."""
    return integrate(lambda x: (sqrt(p(x)) - sqrt(q(x)))**2, mass_tail(p, q))


def chi2(p: Mixture, q: Mixture):
    """Pearson chi^2(P||Q) = integral (p - q)^2 / q; tail by (X2)."""
    return integrate(lambda x: (p(x) - q(x))**2 / q(x), chi2_tail(p, q))


# generator f(u) and the tail bound of integral q f(p/q) for the named f-divergences
def _f_kl(u):
    return u * log(u)


def _f_reverse_kl(u):
    return -log(u)


def _f_pearson(u):
    return (u - 1)**2


def _f_hellinger(u):
    return (sqrt(u) - 1)**2


def _f_js(u):
    return -(u + 1) * log((1 + u) / 2) + u * log(u)


def _f_gan(u):
    return u * log(u) - (u + 1) * log(u + 1)


def _tail_for(name, p, q):
    if name == "kl":  # q f(p/q) = p log(p/q)
        return log_ratio_tail(p, p, q)
    if name == "reverse_kl":  # q f(p/q) = q log(q/p)
        return log_ratio_tail(q, q, p)
    if name == "pearson":  # (p - q)^2/q
        return chi2_tail(p, q)
    if name == "hellinger":  # (sqrt p - sqrt q)^2
        return mass_tail(p, q)
    if name == "js":  # q f(p/q) = p log(2p/(p+q)) + q log(2q/(p+q)) = 2 x (JS integrand)
        return mass_tail(p, q, factor=2)
    if name == "gan":  # p log(p/(p+q)) + q log(q/(p+q)) = (JS-type integrand x 2) - (p+q) log 2
        return sum_tails(mass_tail(p, q, factor=2), mass_tail(p, q, factor=log(2)))
    raise KeyError(name)


#: name -> generator f (convention D_f(P||Q) = integral q f(p/q))
GENERATORS = {
    "kl": _f_kl,
    "reverse_kl": _f_reverse_kl,
    "pearson": _f_pearson,
    "hellinger": _f_hellinger,
    "js": _f_js,
    "gan": _f_gan,
}


def f_divergence(f, p: Mixture, q: Mixture, tail=None):
    """D_f(P||Q) = integral q f(p/q).

    ``f`` is a name of :data:`GENERATORS` (its tail bound is derived above) or a function of u;
    a function needs ``tail``: T -> bound of the integral of |q f(p/q)| over |x| >= |T|."""
    if isinstance(f, str):
        name = f
        f = GENERATORS[name]
        if tail is None:
            tail = _tail_for(name, p, q)
    if tail is None:
        raise ValueError("f_divergence with a custom f needs tail=: an analytic bound of its tail")
    return integrate(lambda x: q(x) * f(p(x) / q(x)), tail)
