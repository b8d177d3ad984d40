"""Kind 10: sundries -- a claim with no variables, gaussians.gan.F in a body, d() of an integral
with constant limits, KL between far-apart Gaussians, an integrand whose float evaluation is
NaN (inf * 0) in every cell.

Truth: by hand. e = 2.718281828459045235... ; pi = 3.141592653589793238...; with generator
means (0, 2) and target means (0, 1), equal weights 1/2: F(x) = (npdf(x - 1) - npdf(x - 2))/2,
>= 0 iff |x - 1| <= |x - 2| iff x <= 3/2; KL(N(m,1)||N(0,1)) = m^2/2 (800 at m = 40);
d/da int_0^1 a t^2 dt = 1/3; exp(1000 t) exp(-1000 t) = 1 so its integral over [0, 1] is 1.
"""

from _oracle import mp, neq0, eq, le, ge, lt, gt, all_
from _oracle import npdf as NPDF

from theorycheck import claim, d, exp, integral, npdf, pi
from theorycheck.divergences import gaussian, kl
from theorycheck.gaussians.gan import F

KIND = "10 sundries"
C = mp.mpf


@claim(expect="proved")
def no_variables_e_above_2():
    return exp(1) > 2


@claim(expect="refuted")
def no_variables_e_above_its_rounded_up_digits():
    # e = 2.71828182845904523536 < 2.7182818284590455
    return exp(1) > 2.7182818284590455


@claim(expect="refuted")
def no_variables_pi_below_its_digits():
    # pi = 3.14159265358979323846 > 3.141592653589793
    return pi < 3.141592653589793


@claim(x=(-3, "1.5"), expect="proved")
def gan_F_nonnegative_left_of_midpoint(x):
    return F(x, (0, 2), (0, 1)) >= 0


@claim(x=(-3, 2), expect="refuted")
def gan_F_nonnegative_past_midpoint(x):
    # negative for x > 3/2
    return F(x, (0, 2), (0, 1)) >= 0


@claim(x=(-3, 3), expect="proved")
def gan_F_closed_form(x):
    return F(x, (0, 2), (0, 1)) == (npdf(x - 1) - npdf(x - 2)) / 2


@claim(x=(0, 2), expect="proved")
def d_of_integral_constant_limits(x):
    return d(lambda a: integral(lambda t: a * t**2, 0, 1), "a")(x) == 1 / 3


@claim(x=(0, 2), expect="refuted")
def d_of_integral_constant_limits_below(x):
    # 1/3 > 0.33
    return d(lambda a: integral(lambda t: a * t**2, 0, 1), "a")(x) <= 0.33


@claim(m=(40, 40), expect="proved")
def kl_far_apart_upper(m):
    # KL = m^2/2 = 800
    return kl(gaussian(m, 1), gaussian(0, 1)) <= 800.5


@claim(m=(40, 40), expect="refuted")
def kl_far_apart_too_big(m):
    # 800 >= 801 is false
    return kl(gaussian(m, 1), gaussian(0, 1)) >= 801


@claim(x=(1, 2), expect="proved")
def nan_cells_integral_at_least(x):
    # the integrand is 1; floats compute inf * 0 = nan for t > 0.71
    return integral(lambda t: exp(1000 * t) * exp(-1000 * t), 0, 1) * x >= 0.99 * x


@claim(x=(1, 2), expect="refuted")
def nan_cells_integral_small(x):
    # 1 <= 1/2 is false
    return integral(lambda t: exp(1000 * t) * exp(-1000 * t), 0, 1) * x <= 0.5 * x


ORACLES = {
    "no_variables_e_above_its_rounded_up_digits": lambda: gt(mp.e, C("2.7182818284590455")),
    "no_variables_pi_below_its_digits": lambda: lt(mp.pi, C("3.141592653589793")),
    "gan_F_nonnegative_past_midpoint": lambda x: ge((NPDF(x - 1) - NPDF(x - 2)) / 2, 0),
    "d_of_integral_constant_limits_below": lambda x: le(C(1) / 3, C("0.33")),
    "kl_far_apart_too_big": lambda m: ge(m**2 / 2, 801),
    "nan_cells_integral_small": lambda x: le(x, x / 2),
}

WITNESSES = {
    "no_variables_e_above_its_rounded_up_digits": {},
    "no_variables_pi_below_its_digits": {},
    "gan_F_nonnegative_past_midpoint": {"x": "2"},
    "d_of_integral_constant_limits_below": {"x": "1"},
    "kl_far_apart_too_big": {"m": "40"},
    "nan_cells_integral_small": {"x": "1"},
}

ALLOWED_UNDECIDED = {}
