"""Two-file cache case, file A (C = 1): the helper code is written identically in cache_b.py,
with C = 2. Truth: D_f with f = C (u - 1)^2 between N(1, 1) and N(0, 1) is C (e - 1)."""

from theorycheck import claim
from theorycheck.divergences import chi2_tail, f_divergence, gaussian

C = 1
BUDGET = 6  # a rigorous f-divergence takes about 2.5 s


def gen(u):
    return C * (u - 1)**2


def div(m):
    p, q = gaussian(m, 1), gaussian(0, 1)
    base = chi2_tail(p, q)
    return f_divergence(gen, p, q, tail=lambda T: C * base(T))


@claim(m=(1, 1), expect="proved")
def cached_value_at_most(m):
    # C (e - 1) = 1.71828 <= 1.75
    return div(m) <= 1.75


@claim(m=(1, 1), expect="refuted")
def cached_value_at_least(m):
    # 1.71828 >= 3.4 is false
    return div(m) >= 3.4


from _oracle_path import oracle  # noqa: E402  (tests/soundness/_oracle.py, found from files/)

ORACLES = {"cached_value_at_least": lambda m: oracle.ge(C * (oracle.exp(m**2) - 1), oracle.mpf("3.4"))}
WITNESSES = {"cached_value_at_least": {"m": "1"}}
