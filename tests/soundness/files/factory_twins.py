"""Kind 10: claims made by a factory share one function name ("bound"). Each twin must get its
own verdict (also with --workers 2), and its own report page.

Truth: exp(x) <= 1 + c x on [0, 1] holds iff c >= e - 1 = 1.71828 (exp is convex: the chord
from (0, 1) to (1, e) lies above it); c = 2 true, c = 1.5 false at x = 1 (e > 2.5). The spike
twins: npdf <= 1/sqrt(2 pi) = 0.3989422804 everywhere, with equality only at x = 0.3.
"""

from theorycheck import claim, exp, npdf


def make(c, expect):
    @claim(x=(0, 1), expect=expect)
    def bound(x):
        return exp(x) <= 1 + c * x

    return bound


true_twin = make(2, "proved")
false_twin = make(1.5, "refuted")
true_twin_again = make(3, "proved")


def make_spike(h, expect):
    # npdf peaks at 1/sqrt(2 pi) = 0.398942...; the spike is 1e-6 wide, so search misses it and
    # branch and bound (in worker processes with --workers 2) has to find it
    @claim(x=(-5, 5), expect=expect)
    def bound(x):
        return npdf((x - 0.3) * 1000000) <= h

    return bound


spike_true_twin = make_spike(0.399, "proved")     # 0.398942 <= 0.399
spike_false_twin = make_spike(0.3989, "refuted")  # fails within ~2e-8 of x = 0.3


from _oracle_path import oracle  # noqa: E402  (tests/soundness/_oracle.py, found from files/)

ORACLES = {
    "false_twin": lambda x: oracle.le(oracle.exp(x), 1 + oracle.mpf("1.5") * x),
    "spike_false_twin": lambda x: oracle.le(oracle.npdf((x - oracle.mpf("0.3")) * 1000000), oracle.mpf("0.3989")),
}
WITNESSES = {"false_twin": {"x": "1"}, "spike_false_twin": {"x": "0.3"}}
