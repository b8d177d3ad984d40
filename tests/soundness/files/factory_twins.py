"""Kind 10: claims made by a factory share one function name ("bound"). Each twin must get its
own verdict (also with --workers 2), and its own report page.

Truth: exp(x) <= 1 + c x on [0, 1] holds iff c >= e - 1 = 1.71828 (exp is convex: the chord
from (0, 1) to (1, e) lies above it); c = 2 true, c = 1.5 false at x = 1 (e > 2.5).
"""

from theorycheck import claim, exp


def make(c, expect):
    @claim(x=(0, 1), expect=expect)
    def bound(x):
        return exp(x) <= 1 + c * x

    return bound


true_twin = make(2, "proved")
false_twin = make(1.5, "refuted")
true_twin_again = make(3, "proved")


from _oracle_path import oracle  # noqa: E402  (tests/soundness/_oracle.py, found from files/)

ORACLES = {"false_twin": lambda x: oracle.le(oracle.exp(x), 1 + oracle.mpf("1.5") * x)}
WITNESSES = {"false_twin": {"x": "1"}}
