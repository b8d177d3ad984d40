"""Derivations with known broken and sound steps."""

from theorycheck import Phi, calc, claim, d, exp, log, npdf, sqrt


@claim(x=(0, 1), source="a textbook bound", expect="proved")
def exp_is_below_a_line_on_the_unit_interval(x):
    return (calc(exp(x))
            .le(1 + x + x**2 / 2 * exp(x), "Taylor with Lagrange remainder, xi <= x")
            .le(1 + x + 1.36 * x**2, "exp(x) <= e < 2.72 on [0, 1]")
            .le(1 + 2.36 * x, "x**2 <= x on [0, 1]"))


@claim(x=(0, 1), expect="refuted")
def one_false_step_among_true_ones(x):
    return (calc(exp(x))
            .le(1 + x + x**2 / 2 * exp(x), "Taylor")
            .le(1 + x + x**2, "false: exp(x)/2 <= 1 fails for x > log 2")
            .le(1 + 2 * x, "x**2 <= x on [0, 1]"))


@claim(x=(0, 1), expect="refuted")
def true_conclusion_through_a_false_step(x):
    # exp(x) <= 1 + 2x holds on [0, 1], but the middle step 1 + x**2/3... is false
    return (calc(exp(x))
            .le(1 + x + x**2 / 3, "false: the x**2 coefficient must be at least 1/2")
            .le(1 + 2 * x, "x**2/3 <= x"))


@claim(x=(1, 2), expect="proved")
def strict_step_inside_a_non_strict_chain(x):
    return (calc(log(x))
            .le(x - 1, "log lies below its tangent at 1")
            .lt(x, "x - 1 < x")
            .le(x**2, "x <= x**2 for x >= 1"))


def cdf_mass(m, l, r):
    return Phi(r - m) - Phi(l - m)


@claim(m=(-2, 2), l=(-4, 0), r=(0, 4), expect="proved")
def derivative_of_mass_in_r(m, l, r):
    return d(cdf_mass, "r")(m, l, r) == npdf(r - m)


@claim(m=(-2, 2), l=(-4, 0), r=(0, 4), expect="proved")
def derivative_of_mass_in_m(m, l, r):
    return d(cdf_mass, "m")(m, l, r) == npdf(l - m) - npdf(r - m)


@claim(m=(-2, 2), l=(-4, 0), r=(0, 4), expect="refuted")
def derivative_of_mass_in_m_with_a_sign_slip(m, l, r):
    return d(cdf_mass, "m")(m, l, r) == npdf(r - m) - npdf(l - m)


@claim(x=("0.5", 3), expect="proved")
def second_derivative_of_the_log(x):
    def f(x):
        return log(x)

    return d(d(f, "x"), "x")(x) == -1 / x**2
