"""The GAN building blocks for claim bodies (theorycheck/gaussians/gan.py): grad f at points in
floats and with certified enclosures, the sets as margins, refusal over boxes, and index notes."""

import math

import numpy as np
import pytest

from theorycheck import ClaimDefinitionError, claim, note, sqrt
from theorycheck.check import check
from theorycheck.enclose.interval import Interval
from theorycheck.expr import Real
from theorycheck.gaussians.gan import (PointOnlyError, box_margin, edge_density_sum, f, grad_f, opt_margin,
                                       rect_margin, sep_margin)

MU_STAR = (-1, 1)


def point(x):
    return Real(Interval.point(x))


@pytest.mark.parametrize("alpha", ["1/2", "0.3"])
@pytest.mark.parametrize("mu", [("0.2", "0.7"), ("-1.5", "0.25"), ("0.9", "1.7")])
def test_certified_gradient_contains_the_float_one_and_matches_finite_differences(alpha, mu):
    exact = grad_f((point(mu[0]), point(mu[1])), MU_STAR, alpha=alpha)
    floats = grad_f((float(mu[0]), float(mu[1])), MU_STAR, alpha=alpha)
    h = 1e-6
    for j in (0, 1):
        enc = exact[j].raw
        lo, hi = enc.float_bounds()
        assert hi - lo < 1e-12
        assert lo - 1e-13 <= float(floats[j]) <= hi + 1e-13  # plain numbers give a Lazy: its float is the float path
        up = [float(m) for m in mu]
        down = list(up)
        up[j] += h
        down[j] -= h
        fd = (float(f(tuple(up), MU_STAR, alpha=alpha)) - float(f(tuple(down), MU_STAR, alpha=alpha))) / (2 * h)
        assert abs(fd - float(floats[j])) < 1e-6


def test_gradient_is_the_weight_times_the_edge_density_sum():
    mu = (point("0.2"), point("0.7"))
    for alpha, weights in (("1/2", (0.5, 0.5)), ("0.3", (0.3, 0.7))):
        g = grad_f(mu, MU_STAR, alpha=alpha)
        for j in (0, 1):
            s = edge_density_sum(j, mu, MU_STAR, alpha=alpha).raw
            lo, hi = (g[j].raw - weights[j] * s).float_bounds()
            assert lo <= 0 <= hi and hi - lo < 1e-12


def test_collapsed_symmetric_generator_is_stationary():
    g = grad_f((point(0), point(0)), MU_STAR)
    for comp in g:
        assert comp.raw.contains_zero()


def test_vectorised_gradient_equals_pointwise_and_marks_mu_equal_target():
    a = np.array([0.2, -1.0, -0.3])
    b = np.array([0.7, 1.0, 0.4])
    g1, g2 = grad_f((Real(a), Real(b)), MU_STAR)
    for i in range(3):
        if (a[i], b[i]) == MU_STAR:
            assert math.isnan(g1.raw[i]) and math.isnan(g2.raw[i])
            continue
        s1, s2 = grad_f((float(a[i]), float(b[i])), MU_STAR)
        assert g1.raw[i] == pytest.approx(float(s1), abs=1e-14) and g2.raw[i] == pytest.approx(float(s2), abs=1e-14)


def test_boxes_are_enclosed_and_mu_equal_target_is_refused():
    # over a box grad_f is enclosed (theorycheck.gaussians.gan_box; tests/test_gan_box.py): the
    # enclosure holds the certified values at the box's corners
    box = grad_f((Real(Interval("0.1", "0.2")), point(0)), MU_STAR)
    for t in ("0.1", "0.2"):
        at = grad_f((point(t), point(0)), MU_STAR)
        assert all(b.raw.contains(a.raw) and b.raw.defined for a, b in zip(at, box))
    with pytest.raises(PointOnlyError, match="points only"):
        edge_density_sum(0, (Real(Interval("0.1", "0.2")), point(0)), MU_STAR)
    from theorycheck.enclose.interval import DomainError

    with pytest.raises(DomainError, match="not differentiable"):
        grad_f((point(-1), point(1)), MU_STAR)


def test_margins_are_positive_exactly_inside():
    mu_star = (-1, 1)
    assert rect_margin((-0.95, 3), mu_star, 0.1) > 0 and rect_margin((-0.85, 0.85), mu_star, 0.1) < 0
    assert opt_margin((-0.95, 1.05), mu_star, 0.1) > 0 and opt_margin((-0.95, 0), mu_star, 0.1) < 0
    assert sep_margin((0, 0.2), 0.1) > 0 and sep_margin((0, 0.05), 0.1) < 0
    assert box_margin((0.5, -1), 1) == 0 and box_margin((0.5, -1.1), 1) < 0


def test_a_true_claim_with_grad_f_is_proved_over_its_box():
    @claim(t=("0.2", "0.8"))
    def gradient_is_bounded(t):
        g1, g2 = grad_f((t, t + 1), MU_STAR)
        return sqrt(g1**2 + g2**2) <= 1

    v = check(gradient_is_bounded, budget=10)
    assert v.verdict == "proved"


def test_note_refuses_bad_declarations():
    with pytest.raises(ClaimDefinitionError, match="status"):
        note("x", source="s", status="proved", why="w")
    with pytest.raises(ClaimDefinitionError, match="identifier"):
        note("not a name", source="s", status="tested", why="w")
    with pytest.raises(ClaimDefinitionError, match="why"):
        note("x", source="s", status="tested", why=" ")
    with pytest.raises(ClaimDefinitionError, match="pair"):
        note("x", source="s", status="tested", why="w", see=("just text",))
