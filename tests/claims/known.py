"""Claims whose truth is known, used to test the engines end to end.

True ones touch at points (where plain interval evaluation never decides) and along a line;
false ones fail by a tiny amount or only in a tiny region; identities are true, or false by 1e-12.
"""

from theorycheck import Phi, claim, erf, exp, log, npdf, sqrt, tanh

# -- true, touching ------------------------------------------------------------------------------


@claim(x=(-5, 5), expect="proved")
def exp_lies_above_its_tangent(x):
    return exp(x) >= 1 + x


@claim(x=(-1, 3), expect="proved")
def exp_above_tangent_asymmetric_box(x):
    # the touching point 0 is not a midpoint of any bisection of [-1, 3]
    return exp(x) >= 1 + x


@claim(x=("0.1", 10), expect="proved")
def log_lies_below_its_tangent_at_1(x):
    return log(x) <= x - 1


@claim(x=(-2, 2), y=(-3, 3), expect="proved")
def touching_along_the_line_x_equals_0(x, y):
    return (1 + y**2) * (exp(x) - 1 - x) >= 0


@claim(x=(0, 4), expect="proved")
def tanh_below_identity_on_positive_axis(x):
    return tanh(x) <= x


@claim(x=(-6, 6), expect="proved")
def gaussian_density_at_most_its_peak(x):
    return npdf(x) <= 0.3989422804014328


# -- false, barely ---------------------------------------------------------------------------------


@claim(x=(-1, 1), expect="refuted")
def exp_above_tangent_plus_1e_12(x):
    # fails only for |x| below about 1.4e-6, and by at most 1e-12
    return exp(x) >= 1 + x + 1e-12


@claim(x=(-5, 5), expect="refuted")
def narrow_spike_below_its_peak(x):
    # npdf peaks at 0.39894...; the claim fails only within about 2e-5 of x = 0.3
    return npdf((x - 0.3) * 10000) <= 0.3989


@claim(x=(0, 2), y=(0, 2), expect="refuted")
def erf_subadditive_strictly_fails_at_corner(x, y):
    # erf(x + y) < erf(x) + erf(y) holds for x, y > 0 but fails (equality) where x or y is 0
    return erf(x + y) < erf(x) + erf(y)


# -- identities ------------------------------------------------------------------------------------


@claim(x=(-3, 3), y=(-3, 3), expect="proved")
def exp_turns_sums_into_products(x, y):
    return exp(x + y) == exp(x) * exp(y)


@claim(x=(-8, 8), expect="proved")
def normal_cdf_is_symmetric(x):
    return Phi(x) + Phi(-x) == 1


@claim(x=(-1, 1), expect="refuted")
def identity_false_by_1e_12(x):
    return exp(x) * exp(-x) == 1 + 1e-12 * x**2


@claim(x=(1, 2), expect="refuted")
def sqrt_identity_false_by_1e_12(x):
    return sqrt(x) * sqrt(x) == x + 1e-12
