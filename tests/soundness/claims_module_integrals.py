"""Kind 8 (integrals): a number computed OUTSIDE a claim body, by theorycheck's own integral(),
then used inside. It must mean the integral, not a double that scipy returned: a spike's mass
that scipy misses (0.0) must not prove a false bound, and a double just off the truth must not
refute a true one. (Refusing to compute integral() outside a body, with a clear error, is sound
too: the harness accepts a load error of this file that says so.)

Truth: the spike is the density of N(1/2, 1e-12) (sd 1e-6), whose mass on [0, 1] is
erf(5e5/sqrt 2) = 1 - 1e-(5e10) (by hand); int_0^1 exp(-t^2) dt = sqrt(pi)/2 erf(1) = 0.7468241328...
"""

from _oracle import mp, neq0, eq, le, ge, lt, gt, all_

from theorycheck import claim, erf, exp, integral, npdf, pi, sqrt

KIND = "8 module-level numbers"
C = mp.mpf

SPIKE_MASS = integral(lambda t: 1e6 * npdf((t - 0.5) * 1e6), 0, 1)
GAUSS_01 = integral(lambda t: exp(-t**2), 0, 1)


@claim(x=(1, 2), expect="refuted")
def spike_mass_below_half(x):
    # the mass is 1 > 1/2
    return SPIKE_MASS * x <= 0.5 * x


@claim(x=(1, 2), expect="proved")
def spike_mass_above_0999(x):
    return SPIKE_MASS * x >= 0.999 * x


@claim(x=(1, 2), expect="proved")
def gauss_01_is_its_closed_form(x):
    return GAUSS_01 * x == sqrt(pi) / 2 * erf(1) * x


@claim(x=(1, 2), expect="proved")
def gauss_01_at_most_closed_form_plus_1e_17(x):
    # scipy's double is 7.4e-17 above the truth: taken as exact, this true bound is refuted
    return GAUSS_01 * x <= (sqrt(pi) / 2 * erf(1) + 1e-17) * x


@claim(x=(1, 2), expect="proved")
def gauss_01_at_least_closed_form_minus_1e_17(x):
    return GAUSS_01 * x >= (sqrt(pi) / 2 * erf(1) - 1e-17) * x


@claim(x=(1, 2), expect="refuted")
def gauss_01_strictly_below_closed_form(x):
    # equality, so strict < fails everywhere
    return GAUSS_01 * x < sqrt(pi) / 2 * erf(1) * x


ORACLES = {
    "spike_mass_below_half": lambda x: le(x * mp.erf(C(5e5) / mp.sqrt(2)), C("0.5") * x),
    "gauss_01_strictly_below_closed_form": lambda x: lt(x, x),  # the two sides are equal
}

WITNESSES = {
    "spike_mass_below_half": {"x": "1"},
    "gauss_01_strictly_below_closed_form": {"x": "1"},
}

ALLOWED_UNDECIDED = {
    "gauss_01_strictly_below_closed_form": "false only by the exact equality of two irrational numbers: "
                                           "enclosures cannot certify it (sympy could)",
}
