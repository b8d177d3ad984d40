"""Gaussian mixtures, certified: all real zeros of signed combinations, the optimal
discriminator of the Li et al. (2018) two-Gaussian GAN, total variation, the loss L and its
gradients; plus a vectorised float path for the dynamics.

    from theorycheck.gaussians import real_zeros, optimal_discriminator

    z = real_zeros(weights=[1, 1, -1.2], means=[-1, 1, 0], sds=None)   # sds None: all 1
    z.count, z.intervals          # certified count (None: cannot decide), isolating float pairs

    d = optimal_discriminator(alpha_star=0.25, mu_star=(0.074, 2.633),
                              alpha_hat=0.25, mu_hat=(-2.814, 1.301))
    d.intervals, d.tv, d.certified

What is here:

* :class:`Mixture` (``mixture``): sum_j w_j N(m_j, s_j^2) with exact parameters; density, CDF,
  mass of unions of intervals on floats, numpy arrays, mpmath, rigorous Intervals, sympy, Duals.
* :func:`real_zeros` (``zeros``): certified isolation of every real zero of a signed combination
  (Rolle recursion for a common sd, Taylor-form subdivision with an analytic tail bound for
  general sds); tangencies give ``count=None`` with certified ``count_range``, never a wrong count.
* :func:`optimal_discriminator` (``discriminator``): {F > 0} for F = target - generator, as at
  most two intervals, with a rigorous TV enclosure; :func:`L`, :func:`L_grad`, :func:`F_density`
  in closed form over every kind.
* :func:`real_zeros_float`, :func:`optimal_discriminator_float` (``fast``): the same mathematics
  in floats, vectorised over many settings.
* ``baseline``: the seed authors' brentq search, for tests and benchmarks only.

Numbers from outside a claim body (issue 12, kind 8). The functions of this package are
*raw-kind* functions: they compute in the kind of their arguments, so on floats they return
floats (scipy/numpy accuracy, not enclosures), on exact point Intervals rigorous enclosures. A
float result used inside a claim would be taken as an exact number, so do not carry one into a
claim: call the function inside the body (it then runs on the body's kind), or use the claim
blocks of :mod:`theorycheck.gaussians.gan`, which on plain numbers return a
:class:`~theorycheck.expr.Lazy` made in the kind it meets (``F``, ``f``, ``grad_f``,
``edge_density_sum``). ``Discriminator.tv`` is a float estimate; ``tv_enclosure`` is the
rigorous value.

This sits above the core (it imports :mod:`theorycheck.enclose`; the core never imports it).
"""

from .discriminator import Discriminator, F_density, L, LGrad, L_grad, optimal_discriminator
from .fast import FloatDiscriminators, FloatZeros, optimal_discriminator_float, real_zeros_float
from .mixture import Mixture, Term, cdf, density, mass, normalize_terms
from .zeros import RealZeros, real_zeros

__all__ = [
    "Discriminator",
    "F_density",
    "FloatDiscriminators",
    "FloatZeros",
    "L",
    "LGrad",
    "L_grad",
    "Mixture",
    "RealZeros",
    "Term",
    "cdf",
    "density",
    "mass",
    "normalize_terms",
    "optimal_discriminator",
    "optimal_discriminator_float",
    "real_zeros",
    "real_zeros_float",
]
