"""Kind 9: values cached on the code of a function must not be reused for a closure with other
captured values (f_divergence of c (u - 1)^2 for c = 2 is not the one for c = 1).

Truth: for p = N(m, 1), q = N(0, 1), D_f with f(u) = c (u - 1)^2 is c chi^2(p||q) = c (e^{m^2} - 1)
(chi^2 between unit Gaussians, by hand: int p^2/q = e^{m^2}); at m = 1: c 1.718281828...
int_0^1 k t dt = k/2. Decided claim after claim in one process by the file-level case, in this
order: a cache that keys on code (and not on everything the code reads) gives c = 1's value to
c = 2.
"""

from _oracle import mp, neq0, eq, le, ge, lt, gt, all_

from theorycheck import claim, exp, integral
from theorycheck.divergences import chi2_tail, f_divergence, gaussian

KIND = "9 caches"
BUDGET = 6  # a rigorous f-divergence over the real line takes about 2.5 s: twice the suite's budget
C = mp.mpf


def _pearson_times(c):
    def f(u):
        return c * (u - 1)**2
    return f


def _tail_times(c, p, q):
    base = chi2_tail(p, q)
    return lambda T: c * base(T)


def _D(c, m):
    p, q = gaussian(m, 1), gaussian(0, 1)
    return f_divergence(_pearson_times(c), p, q, tail=_tail_times(c, p, q))


@claim(m=(1, 1), expect="proved")
def pearson_c1_at_most(m):
    # e - 1 = 1.71828 <= 1.75
    return _D(1, m) <= 1.75


@claim(m=(1, 1), expect="proved")
def pearson_c2_at_least(m):
    # 2 (e - 1) = 3.43656 >= 3.4
    return _D(2, m) >= 3.4


@claim(m=(1, 1), expect="refuted")
def pearson_c2_at_most_c1_value(m):
    # 3.43656 <= 1.75 is false
    return _D(2, m) <= 1.75


@claim(m=(1, 1), expect="refuted")
def pearson_c3_at_most_c2_value(m):
    # 3 (e - 1) = 5.15485 > 3.44
    return _D(3, m) <= 3.44


# a generator reading a parameter from module state, set by the body before each use: Python's
# semantics is plain (the value at the call), but a cache keyed on code and closures alone
# cannot tell the calls apart
_STATE = {"c": 1}


def _gen_from_state(u):
    return _STATE["c"] * (u - 1)**2


def _D_state(c, m):
    _STATE["c"] = c
    p, q = gaussian(m, 1), gaussian(0, 1)
    base = chi2_tail(p, q)
    return f_divergence(_gen_from_state, p, q, tail=lambda T: _STATE["c"] * base(T))


@claim(m=(1, 1), expect="proved")
def state_c1_at_most(m):
    # e - 1 = 1.71828 <= 1.75
    return _D_state(1, m) <= 1.75


@claim(m=(1, 1), expect="refuted")
def state_c2_at_most_c1_value(m):
    # 2 (e - 1) = 3.43656 <= 1.75 is false
    return _D_state(2, m) <= 1.75


@claim(m=(1, 1), expect="proved")
def state_c2_at_least(m):
    return _D_state(2, m) >= 3.4


def _linear(k):
    return lambda t: k * t


@claim(x=(1, 2), expect="proved")
def closure_integral_k1(x):
    # int_0^1 t dt = 1/2
    return integral(_linear(1), 0, 1) * x <= 0.5001 * x


@claim(x=(1, 2), expect="refuted")
def closure_integral_k2(x):
    # int_0^1 2 t dt = 1 > 1/2
    return integral(_linear(2), 0, 1) * x <= 0.5 * x


@claim(x=(0, 1), expect="proved")
def loop_closures_in_body(x):
    # each integrand binds its own k through the factory: 1/2 + 1 + 3/2 = 3
    total = 0
    for k in (1, 2, 3):
        total = total + integral(_linear(k), 0, 1)
    return total + x <= 3.001 + x


@claim(x=(0, 1), expect="refuted")
def loop_closures_in_body_off(x):
    total = 0
    for k in (1, 2, 3):
        total = total + integral(_linear(k), 0, 1)
    return total + x <= 2.9 + x


ORACLES = {
    "state_c2_at_most_c1_value": lambda m: le(2 * (mp.e**(m**2) - 1), C("1.75")),
    "pearson_c2_at_most_c1_value": lambda m: le(2 * (mp.e**(m**2) - 1), C("1.75")),
    "pearson_c3_at_most_c2_value": lambda m: le(3 * (mp.e**(m**2) - 1), C("3.44")),
    "closure_integral_k2": lambda x: le(x, x / 2),
    "loop_closures_in_body_off": lambda x: le(3 + x, C("2.9") + x),
}

WITNESSES = {
    "state_c2_at_most_c1_value": {"m": "1"},
    "pearson_c2_at_most_c1_value": {"m": "1"},
    "pearson_c3_at_most_c2_value": {"m": "1"},
    "closure_integral_k2": {"x": "1"},
    "loop_closures_in_body_off": {"x": "0"},
}

ALLOWED_UNDECIDED = {}
