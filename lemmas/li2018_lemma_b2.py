"""Li, Madry, Peebles, Schmidt (ICML 2018), Lemma B.2, via seed 001:
two unit-variance Gaussians whose means are Delta apart have total variation at most O(1) Delta.

Exactly, TV(N(a, 1), N(b, 1)) = 2 Phi(Delta/2) - 1 with Delta = |a - b|.
"""

from theorycheck import Phi, claim, pi, sqrt


def tv_of_unit_normals(delta):
    """Total variation between N(0, 1) and N(delta, 1), for delta >= 0."""
    return 2 * Phi(delta / 2) - 1


@claim(delta=(0, 12), source="Li et al. 2018, Lemma B.2 (O(1) form, constant 1/2)", expect="proved")
def tv_of_unit_normals_at_most_half_the_mean_gap(delta):
    return tv_of_unit_normals(delta) <= delta / 2


@claim(delta=(0, 12), expect="refuted",
       source="sharpness check, not a claim of the paper: Li et al. 2018, Lemma B.2 with the constant 1/3 (too small)",
       reading="constant 1/3 < 1/sqrt(2 pi): the O(1) cannot be 1/3")
def tv_of_unit_normals_at_most_a_third_of_the_mean_gap(delta):
    return tv_of_unit_normals(delta) <= delta / 3


@claim(delta=(0, 12), source="Li et al. 2018, Lemma B.2 (sharp constant, seed 001)", expect="proved",
       reading="TV = 2 Phi(Delta/2) - 1 <= Delta / sqrt(2 pi); equality to first order at Delta = 0")
def tv_of_unit_normals_at_most_gap_over_sqrt_2pi(delta):
    return tv_of_unit_normals(delta) <= delta / sqrt(2 * pi)
