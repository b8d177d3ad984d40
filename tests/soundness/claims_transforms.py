"""Invented kind: transformed parts (theorycheck.transforms, issue 15) -- a square root squared away
from a side, absolute values taken by their branches. Each false claim here is one that a rule
without its premise would prove: a negative side below a root, a radicand negative somewhere, a
negative or reciprocal factor taken for a root, a root the body computes but cannot have, a
strict relation at an exact tie, a branch of abs on the wrong side of its kink.

Truth: by hand, in each comment (x^2 <= x^2 + 1 and the like are algebra; the erf and Phi ones are
Polya's, Chu's and Bretagnolle-Huber's inequalities, checked with mpmath at 50 digits in
tests/test_transforms.py).
"""

from _oracle import all_, ge, le, lt
from _oracle import Phi as P, exp as E, sqrt as S, div

from theorycheck import Phi, claim, erf, exp, pi, sqrt  # noqa: F401

KIND = "invented: square roots squared away, abs by branches"
# the search takes its share first, and the touching points need Taylor forms of order 2 to 4 on
# the transformed parts: about 6 work units for Polya's and Bretagnolle-Huber's claims
BUDGET = 8


@claim(x=(0, 2), expect="proved")
def polya_erf_below_root(x):
    # Polya 1949; equality at 0 only, squared margin 8 (pi - 3)/(3 pi^2) x^4 + O(x^6)
    return erf(x) <= sqrt(1 - exp(-4 * x**2 / pi))


@claim(x=(0, 2), expect="proved")
def chu_erf_above_root(x):
    # Chu 1955; equality at 0 only, squared margin (4/pi - 1) x^2 + O(x^4)
    return erf(x) >= sqrt(1 - exp(-x**2))


@claim(x=(0, 1), expect="proved")
def root_below_root_of_more(x):
    # x <= x + x^2; equality at 0
    return sqrt(x) <= sqrt(x + x**2)


@claim(x=(-1, 1), expect="proved")
def below_root_strictly(x):
    # x^2 < x^2 + 1 gives sqrt(x^2 + 1) > |x| >= x
    return x < sqrt(x * x + 1)


@claim(x=(-3, 3), expect="proved")
def bretagnolle_huber_one_variable(x):
    # V(N(x, 1), N(0, 1)) <= sqrt(1 - exp(-KL)); equality at 0, where |x| has its kink
    return 2 * Phi(abs(x) / 2) - 1 <= sqrt(1 - exp(-x**2 / 2))


@claim(x=(0, 1), expect="refuted")
def below_root_strictly_at_a_tie(x):
    # false everywhere: sqrt(x^2) = x (x >= 0), the strict relation fails at every point
    return x < sqrt(x * x)


@claim(x=(1, 2), expect="refuted")
def root_below_a_negative_side(x):
    # false: sqrt(x^2/4) = x/2 > 0 > -x (x^2/4 <= x^2 holds: only c >= 0 catches it)
    return sqrt(x * x / 4) <= -x


@claim(x=(0, 1), expect="refuted")
def root_undefined_below_one(x):
    # false: sqrt(x - 1) is undefined for x < 1 (x - 1 <= 4 holds: only A >= 0 catches it)
    return sqrt(x - 1) <= 2


@claim(x=(0, 1), expect="refuted")
def roots_undefined_below_one(x):
    # false: sqrt(x - 1) is undefined for x < 1 (x - 1 <= x + 5 holds)
    return sqrt(x - 1) <= sqrt(x + 5)


@claim(x=(0, 1), expect="refuted")
def below_a_negative_root(x):
    # false: -sqrt(x + 4) < 0 <= x (x^2 <= x + 4 holds: -1 is no positive factor)
    return x <= -1 * sqrt(x + 4)


@claim(x=(0, 1), expect="refuted")
def below_a_reciprocal_root(x):
    # false at x = 1: 1 > 1/sqrt(2) (x^2 <= x + 1 holds: 1/sqrt(r) is no root)
    return x <= 1 / sqrt(x + 1)


@claim(x=(0, 1), expect="refuted")
def an_unused_root_undefined_everywhere(x):
    # false: sqrt(x - 2) is undefined on the whole box, although never used
    s = sqrt(x - 2)
    return x <= sqrt(x * x + 1)


@claim(x=(-1, 1), expect="refuted")
def abs_below_its_argument(x):
    # false for x < 0: |x| = -x > x (the branch |x| = x holds only where x >= 0)
    return abs(x) <= x


@claim(x=(-3, 3), expect="refuted")
def tv_below_a_root_too_small(x):
    # false near 0: V = |x| phi(0)/1 + ... = 0.3989 |x| > sqrt(1 - exp(-x^2/8)) = 0.3536 |x| (at x = 1/2:
    # 0.1974 > 0.1754; the squared margin is (1/8 - 1/(2 pi)) x^2 < 0)
    return 2 * Phi(abs(x) / 2) - 1 <= sqrt(1 - exp(-x**2 / 8))


ORACLES = {
    "below_root_strictly_at_a_tie": lambda x: lt(x, S(x * x)),
    "root_below_a_negative_side": lambda x: le(S(x * x / 4), -x),
    "root_undefined_below_one": lambda x: le(S(x - 1), 2),
    "roots_undefined_below_one": lambda x: le(S(x - 1), S(x + 5)),
    "below_a_negative_root": lambda x: le(x, -S(x + 4)),
    "below_a_reciprocal_root": lambda x: le(x, div(1, S(x + 1))),
    "an_unused_root_undefined_everywhere": lambda x: all_(ge(S(x - 2), 0), le(x, S(x * x + 1))),
    "abs_below_its_argument": lambda x: le(abs(x), x),
    "tv_below_a_root_too_small": lambda x: le(2 * P(abs(x) / 2) - 1, S(1 - E(-x**2 / 8))),
}

WITNESSES = {
    "below_root_strictly_at_a_tie": {"x": "0.5"},
    "root_below_a_negative_side": {"x": "1"},
    "root_undefined_below_one": {"x": "0"},
    "roots_undefined_below_one": {"x": "0.5"},
    "below_a_negative_root": {"x": "0"},
    "below_a_reciprocal_root": {"x": "1"},
    "an_unused_root_undefined_everywhere": {"x": "0.5"},
    "abs_below_its_argument": {"x": "-0.5"},
    "tv_below_a_root_too_small": {"x": "0.5"},
}

ALLOWED_UNDECIDED = {}
