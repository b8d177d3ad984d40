"""theorycheck.divergences: enclosures against 40-digit mpmath quadrature, closed forms, and the
analytic tail bounds against the tails themselves."""

import functools

import mpmath
import numpy as np
import pytest

from theorycheck.divergences import (
    Mixture,
    average,
    chi2,
    chi2_tail,
    f_divergence,
    hellinger2,
    jsd,
    kl,
    log_ratio_tail,
    mass_tail,
)
from theorycheck.enclose.interval import Interval
from theorycheck.expr import Real
from theorycheck.integral import _kind

DPS = 45


def iv_mixture(ws, ms, ss):
    return Mixture([Real(Interval.point(str(w))) for w in ws], [Real(Interval.point(str(m))) for m in ms],
                   [Real(Interval.point(str(s))) for s in ss])


def mp_density(ws, ms, ss):
    ws, ms, ss = ([mpmath.mpf(str(v)) for v in vs] for vs in (ws, ms, ss))

    def f(x):
        return mpmath.fsum(w * mpmath.npdf(x, m, s) for w, m, s in zip(ws, ms, ss))

    return f


def mp_quad(g, a=-mpmath.inf, b=mpmath.inf):
    with mpmath.workdps(DPS):
        return mpmath.quad(g, [a, -4, 0, 4, b] if a == -mpmath.inf else [a, b])


def enclosure(fn):
    with _kind(Interval.point(0)):
        out = fn()
    raw = out.raw if isinstance(out, Real) else out
    assert isinstance(raw, Interval)
    return raw


def contains(iv: Interval, value) -> bool:
    return mpmath.mpf(iv.lo) <= value <= mpmath.mpf(iv.hi)


# mixtures (weights, means, sds); pairs chosen so that chi^2 is finite (2 t^2 > s^2)
P1 = ([0.5, 0.5], [-1, 1.5], [1, 0.8])
P2 = ([0.3, 0.7], [0.25, -0.5], [1.2, 1])
P3 = ([1], [0.5], [1.2])
PAIRS = [(P1, P2), (P2, P3), (P3, P1)]


def mp_integrands(p, q):
    pb = lambda x: (p(x) + q(x)) / 2  # noqa: E731
    return {
        "kl": lambda x: p(x) * mpmath.log(p(x) / q(x)),
        "jsd": lambda x: (p(x) * mpmath.log(p(x) / pb(x)) + q(x) * mpmath.log(q(x) / pb(x))) / 2,
        "hellinger2": lambda x: (mpmath.sqrt(p(x)) - mpmath.sqrt(q(x)))**2,
        "chi2": lambda x: (p(x) - q(x))**2 / q(x),
    }


FUNCS = {"kl": kl, "jsd": jsd, "hellinger2": hellinger2, "chi2": chi2}


@functools.lru_cache(maxsize=None)
def reference(pair: int, name: str):
    """The 45-digit quadrature of divergence ``name`` between the mixtures of PAIRS[pair] (kept:
    two tests compare against the same values, and each costs seconds)."""
    a, b = PAIRS[pair]
    with mpmath.workdps(DPS):
        return mp_quad(mp_integrands(mp_density(*a), mp_density(*b))[name])


@pytest.mark.parametrize("pair", range(len(PAIRS)))
def test_enclosures_contain_40_digit_values(pair):
    a, b = PAIRS[pair]
    p, q = iv_mixture(*a), iv_mixture(*b)
    with mpmath.workdps(DPS):
        for name, fn in FUNCS.items():
            iv = enclosure(lambda: fn(p, q))
            exact = reference(pair, name)
            assert contains(iv, exact), (name, iv, exact)
            assert float(iv.hi) - float(iv.lo) < 1e-9, (name, iv)


@pytest.mark.parametrize("m1,s1,m2,s2", [(0, 1, 0, 1), (1, 1, 0, 1), (-0.5, 0.7, 1, 1.3), (2, 1.5, -1, 0.9)])
def test_kl_between_gaussians_closed_form(m1, s1, m2, s2):
    p, q = iv_mixture([1], [m1], [s1]), iv_mixture([1], [m2], [s2])
    iv = enclosure(lambda: kl(p, q))
    with mpmath.workdps(DPS):
        m1_, s1_, m2_, s2_ = (mpmath.mpf(str(v)) for v in (m1, s1, m2, s2))
        closed = mpmath.log(s2_ / s1_) + (s1_**2 + (m1_ - m2_)**2) / (2 * s2_**2) - mpmath.mpf(1) / 2
    assert contains(iv, closed), (iv, closed)


def test_named_generators_match_the_divergences():
    assert PAIRS[0] == (P1, P2)
    p, q = iv_mixture(*P1), iv_mixture(*P2)
    with mpmath.workdps(DPS):
        for name, ref in (("kl", "kl"), ("pearson", "chi2"), ("hellinger", "hellinger2")):
            iv = enclosure(lambda: f_divergence(name, p, q))
            assert contains(iv, reference(0, ref)), name
        # the JS generator gives twice the JSD (seed 004's table)
        iv = enclosure(lambda: f_divergence("js", p, q))
        assert contains(iv, 2 * reference(0, "jsd"))


# -- the tail bounds --------------------------------------------------------------------------------


def mp_tail(g, T):
    # an inequality with room to spare: 25 digits are plenty
    with mpmath.workdps(25):
        return mpmath.quad(lambda x: abs(g(x)), [T, T + 4, mpmath.inf]) + mpmath.quad(
            lambda x: abs(g(x)), [-mpmath.inf, -T - 4, -T])


def bound_at(tail, T):
    with _kind(Interval.point(0)):
        out = tail(Real(Interval.point(T)))
    raw = out.raw if isinstance(out, Real) else out
    return raw if isinstance(raw, Interval) else Interval.point(raw)


@pytest.mark.parametrize("T", [0, 1, 3, 6, -6, 10])
@pytest.mark.parametrize("m,s", [(0, 1), (1.5, 0.5), (-2, 2)])
def test_gaussian_second_moment_tail(m, s, T):
    """(m^2 + s^2) Q(u) + s (T + m) npdf(u), u = (T - m)/s, both tails, against quadrature."""
    g = iv_mixture([1], [m], [s])
    with _kind(Interval.point(0)):
        moment = g.tail_moment2(Real(Interval.point(T))).raw
        mass = g.tail_mass(Real(Interval.point(T))).raw
    with mpmath.workdps(DPS):
        m_, s_ = mpmath.mpf(str(m)), mpmath.mpf(str(s))
        t = abs(T)

        PTS = [0] + [mpmath.mpf(2) ** -k for k in range(10, -1, -1)] + [2, 4, 8, 16, mpmath.inf]

        def tail_quad(h):
            # x = t + s y (upper tail) and x = -t - s y (lower tail): smooth integrands decaying
            # from y = 0, which the quadrature resolves (a plain [t, inf] misses far-out peaks)
            up = mpmath.quad(lambda y: h(t + s_ * y) * mpmath.npdf(t + s_ * y, m_, s_) * s_, PTS)
            down = mpmath.quad(lambda y: h(-t - s_ * y) * mpmath.npdf(-t - s_ * y, m_, s_) * s_,
                               PTS)
            return up + down

        exact2 = tail_quad(lambda x: x**2)
        exact0 = tail_quad(lambda x: 1)
    for iv, exact in ((moment, exact2), (mass, exact0)):
        if exact > 1e-30:
            assert contains(iv, exact), (iv, exact)
        else:  # far tails (1e-63): mpmath's quadrature itself is only good to ~1e-12 relative there
            mid = (mpmath.mpf(iv.lo) + mpmath.mpf(iv.hi)) / 2
            assert abs(mid / exact - 1) < 1e-9, (iv, exact)


@pytest.mark.parametrize("mix", [P1, P2, P3])
def test_log_bound_holds(mix):
    p = iv_mixture(*mix)
    with _kind(Interval.point(0)):
        A, B = p.log_bound()
    A, B = mpmath.mpf(A.raw.hi), mpmath.mpf(B.raw.hi)
    f = mp_density(*mix)
    with mpmath.workdps(DPS):
        for x in np.linspace(-30, 30, 121):
            x = mpmath.mpf(float(x))
            assert abs(mpmath.log(f(x))) <= A + B * x**2


@pytest.mark.parametrize("T", [1, 3, 8])
@pytest.mark.parametrize("pair", range(len(PAIRS)))
def test_tail_bounds_exceed_the_tails(pair, T):
    a, b = PAIRS[pair]
    p, q = iv_mixture(*a), iv_mixture(*b)
    pb = average(p, q)
    mp = mp_integrands(mp_density(*a), mp_density(*b))
    tails = {
        "kl": log_ratio_tail(p, p, q),
        "jsd": mass_tail(p, q),
        "hellinger2": mass_tail(p, q),
        "chi2": chi2_tail(p, q),
    }
    for name, tail in tails.items():
        bound = bound_at(tail, T)
        exact = mp_tail(mp[name], T)
        assert mpmath.mpf(bound.lo) >= exact, (name, T, bound, exact)
    # a log ratio against a mixture that is not the weight (as in seed 002's proof steps)
    pmp, qmp = mp_density(*a), mp_density(*b)
    pbmp = lambda x: (pmp(x) + qmp(x)) / 2  # noqa: E731
    bound = bound_at(log_ratio_tail(q, pb, p), T)
    assert mpmath.mpf(bound.lo) >= mp_tail(lambda x: qmp(x) * mpmath.log(pbmp(x) / pmp(x)), T)


def test_chi2_tail_refuses_an_infinite_divergence():
    """chi^2(P||Q) is infinite when 2 t^2 <= s^2: the bound must fail, never return a number."""
    p, q = iv_mixture([1], [0], [2]), iv_mixture([1], [0], [1])
    with pytest.raises(Exception):
        bound_at(chi2_tail(p, q), 4)


# -- the other kinds ----------------------------------------------------------------------------------


def test_float_and_mpmath_kinds_agree():
    from theorycheck import claim

    @claim(m=(-1, 1))
    def c(m):
        p = Mixture([0.5, 0.5], [m, 1], [1, 0.8])
        q = Mixture([1], [0], [1.2])
        return kl(p, q) + jsd(p, q) + hellinger2(p, q) + chi2(p, q) >= 0

    ref = None
    with mpmath.workdps(30):
        ref = c.evaluate([mpmath.mpf("0.3")]).leaves()[0].lhs.raw
    f = c.evaluate([0.3]).leaves()[0].lhs.raw
    arr = c.evaluate([np.array([0.3, -0.7])]).leaves()[0].lhs.raw
    assert abs(f - float(ref)) < 1e-9
    assert abs(arr[0] - float(ref)) < 1e-8


# -- the cache of rigorous integral enclosures (a calc chain evaluates its body once per step) -----

def _public_functions():
    import types

    import theorycheck
    from theorycheck import expr

    return [(name, getattr(theorycheck, name)) for name in dir(theorycheck)
            if isinstance(getattr(theorycheck, name), types.FunctionType)
            and getattr(getattr(theorycheck, name), "__module__", "") == expr.__name__]


@pytest.mark.parametrize("name,fn", _public_functions())
def test_integrands_made_of_the_languages_functions_are_cached(name, fn):
    # a function of the language reading a module-level context variable (expr's trace of a
    # body's square roots and quotients) made every integrand using it uncacheable: each step of
    # seed 002's chain then recomputed ten rigorous integrals and ran out of its budget share
    from theorycheck.divergences import _key

    assert _key(lambda t: fn(t)) is not None, name


def test_a_context_variables_value_is_part_of_the_key():
    import contextvars

    from theorycheck.divergences import _key

    scale = contextvars.ContextVar("scale")

    def integrand(t):
        return scale.get() * t

    unset = _key(integrand)
    token = scale.set(1)
    one = _key(integrand)
    scale.reset(token)
    token = scale.set(2)
    two = _key(integrand)
    scale.reset(token)
    assert None not in (unset, one, two) and len({unset, one, two}) == 3


def test_a_chain_step_reuses_the_integrals_of_the_chains_body():
    from theorycheck import work
    from theorycheck.check import sub_claim
    from theorycheck.loader import load_file
    from theorycheck.prove import leaf_structure

    src = ("from theorycheck import claim, calc\n"
           "from theorycheck.divergences import kl, gaussian\n"
           "@claim(m=(0, 1))\n"
           "def c(m):\n"
           "    return calc(kl(gaussian(0, 1), gaussian(m, 1))).eq(m * m / 2, 'closed form')"
           ".eq(m ** 2 / 2, 'square')\n")
    import pathlib
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        path = pathlib.Path(d) / "chain_cache_claims.py"
        path.write_text(src)
        (c,) = load_file(path)
        with work.metered(100.0) as meter:
            leaf_structure(c)
            first = meter.used
            assert first > 0.05  # the integral was computed (and charged) here
            with work.metered(10.0) as step_meter:
                leaf_structure(sub_claim(c, ("step", 0)))
            assert step_meter.used < 0.05 * first


class _interval_body:
    """Evaluation as in a claim body on Intervals (what the prover and leaf_structure do)."""

    def __enter__(self):
        from theorycheck.expr import _CURRENT_LIKE

        self.token = _CURRENT_LIKE.set(Interval.point(0))

    def __exit__(self, *exc):
        from theorycheck.expr import _CURRENT_LIKE

        _CURRENT_LIKE.reset(self.token)


def test_the_fast_path_meets_no_integral_even_a_cached_one():
    # a cache hit must not make a body with an integral look easy, nor take the cached
    # enclosure's charge away from the claim it belongs to
    from theorycheck import work
    from theorycheck.divergences import gaussian
    from theorycheck.expr import Real
    from theorycheck.fastpath import own_meter
    from theorycheck.integral import NOT_HERE, IntegralNotHere

    with work.metered(100.0) as claim_meter:
        with _interval_body():
            value = kl(gaussian(0, 1), gaussian(Real(Interval.point("0.5")), 1))
            used = claim_meter.used
            token = NOT_HERE.set(True)
            try:
                with own_meter(5.0), pytest.raises(IntegralNotHere):
                    kl(gaussian(0, 1), gaussian(Real(Interval.point("0.5")), 1))
            finally:
                NOT_HERE.reset(token)
            again = kl(gaussian(0, 1), gaussian(Real(Interval.point("0.5")), 1))
            assert used > 0.05 and claim_meter.used - used < 0.01
            assert again.raw.lo_fraction == value.raw.lo_fraction and again.raw.hi_fraction == value.raw.hi_fraction
