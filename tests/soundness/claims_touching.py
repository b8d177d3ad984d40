"""Invented kinds (issue 15): claims whose sides touch at isolated points, which the prover finds
itself where its boxes stop shrinking and closes with the Taylor form anchored there (margin
exactly 0, gradient exactly 0, Hessian positive definite over the box); and claims made to fool
that argument if one of its premises were not checked.

Truth: by hand. Motzkin's polynomial x^4y^2 + x^2y^4 - 3x^2y^2 + 1 >= 0 is AM-GM on x^4y^2,
x^2y^4, 1 (equality at (+-1, +-1)); u^2 + uv + v^2 = (u + v/2)^2 + 3v^2/4 >= 0 (equality at
u = v = 0); (xy - 1)^2 + (x - y)^2 >= 0 (sum of squares, equality at (1, 1) and (-1, -1)). The
fooling claims are false at the witnesses given below (oracles at 80 digits).
"""

from _oracle import div, ge, gt, mp

from theorycheck import claim

KIND = "invented: touching points found by the prover (anchored Taylor, positive definite Hessian)"
C = mp.mpf


@claim(x=(-2, 2), y=(-2, 2), expect="proved")
def motzkin_on_a_square(x, y):
    # four touching points (+-1, +-1)
    return x**4 * y**2 + x**2 * y**4 - 3 * x**2 * y**2 + 1 >= 0


@claim(x=(-1, 1), y=(-1, 1), expect="proved")
def tilted_quadratic_form_off_centre(x, y):
    # (x - 1/2)^2 + (x - 1/2)(y + 3/4) + (y + 3/4)^2 >= 0: one touching point (1/2, -3/4)
    return (x - 0.5)**2 + (x - 0.5) * (y + 0.75) + (y + 0.75)**2 >= 0


@claim(x=(-2, 2), y=(-2, 2), expect="proved")
def two_touching_points_on_the_diagonal(x, y):
    # (xy - 1)^2 + (x - y)^2 >= 0: touching at (1, 1) and (-1, -1)
    return (x * y - 1)**2 + (x - y)**2 >= 0


@claim(x=(-1, 1), y=(-1, 1), expect="refuted")
def bowl_with_a_tiny_tilt(x, y):
    # margin 0 at (0, 0), Hessian 2 I positive definite, but the gradient (1e-12, 0) is not 0:
    # at x = -5e-13 the margin is 2.5e-25 - 5e-25 < 0
    return x**2 + y**2 + 1e-12 * x >= 0


@claim(x=(-1, 1), y=(-1, 1), expect="refuted")
def saddle_touching_zero(x, y):
    # margin and gradient 0 at (0, 0), Hessian diag(2, -2e-8) indefinite: at (0, 5e-5) the
    # margin is 6.25e-18 - 2.5e-17 < 0
    return x**2 + y**4 - 1e-8 * y**2 >= 0


@claim(x=(-2, 2), y=(-2, 2), expect="refuted")
def motzkin_lowered_by_1e_15(x, y):
    # the touching points become counterexamples: -1e-15 at (1, 1)
    return x**4 * y**2 + x**2 * y**4 - 3 * x**2 * y**2 + 1 - 1e-15 >= 0


@claim(x=(-2, 2), y=(-2, 2), expect="refuted")
def motzkin_strictly(x, y):
    # 0 > 0 is false at the touching points
    return x**4 * y**2 + x**2 * y**4 - 3 * x**2 * y**2 + 1 > 0


# -- polynomial and rational parts (z3 decides them where intervals do not; a trusted step) ---------


@claim(x=(0, 2), y=(0, 2), z=(0, 2), expect="proved")
def schur_t1_on_a_cube(x, y, z):
    # Schur, t = 1: equality on the whole diagonal x = y = z (no isolated touching point)
    return x * (x - y) * (x - z) + y * (y - x) * (y - z) + z * (z - x) * (z - y) >= 0


@claim(x=(-1, 1), expect="refuted")
def x_over_x_at_least_one(x):
    # x/x = 1 wherever it is defined, but undefined at x = 0 (sympy would cancel it to 1)
    return x / x >= 1


@claim(x=(0, 2), expect="refuted")
def cancelled_pole(x):
    # (x^2 - 1)/(x - 1) = x + 1 >= 1 on [0, 2] except at x = 1, where it is undefined
    return (x**2 - 1) / (x - 1) >= 1


@claim(x=(-1, 1), y=(-1, 1), expect="refuted")
def polynomial_below_zero_by_1e_30(x, y):
    # (x - y)^2 - 1e-30 < 0 on the diagonal: false only within 1e-15 of it
    return (x - y)**2 - 1e-30 >= 0


def _motzkin(x, y):
    return x**4 * y**2 + x**2 * y**4 - 3 * x**2 * y**2 + 1


ORACLES = {
    "bowl_with_a_tiny_tilt": lambda x, y: ge(x**2 + y**2 + C("1e-12") * x, 0),
    "saddle_touching_zero": lambda x, y: ge(x**2 + y**4 - C("1e-8") * y**2, 0),
    "motzkin_lowered_by_1e_15": lambda x, y: ge(_motzkin(x, y) - C("1e-15"), 0),
    "motzkin_strictly": lambda x, y: gt(_motzkin(x, y), 0),
    "x_over_x_at_least_one": lambda x: ge(div(x, x), 1),
    "cancelled_pole": lambda x: ge(div(x**2 - 1, x - 1), 1),
    "polynomial_below_zero_by_1e_30": lambda x, y: ge((x - y)**2 - C("1e-30"), 0),
}

WITNESSES = {
    "bowl_with_a_tiny_tilt": {"x": "-5e-13", "y": "0"},
    "saddle_touching_zero": {"x": "0", "y": "5e-5"},
    "motzkin_lowered_by_1e_15": {"x": "1", "y": "1"},
    "motzkin_strictly": {"x": "1", "y": "1"},
    "x_over_x_at_least_one": {"x": "0"},
    "cancelled_pole": {"x": "1"},
    "polynomial_below_zero_by_1e_30": {"x": "0", "y": "0"},
}

# the tiny tilt's counterexamples lie within 1e-12 of the origin, the saddle's within 1e-4 of
# the y axis near 0: a budget of 3 units may not reach them (undecided is not wrong)
ALLOWED_UNDECIDED = {
    "bowl_with_a_tiny_tilt": "counterexamples only within 1e-12 of the origin",
    "saddle_touching_zero": "counterexamples only in a thin region near (0, 0)",
}
