"""Seed 000 (weighted-mixture progress report), Lemma 2 redone for f' itself (without Lemma 1).

Model: target alpha N(mu*_1, 1) + (1 - alpha) N(mu*_2, 1), generator alpha N(mu_1, 1) + (1 - alpha)
N(mu_2, 1) (known alpha, alpha weighs the first mean), f' = TV(target, generator) at its own
optimal discriminator (the weights of each mixture sum to 1: seed 000's f' is this TV; its G_mu
with unit weights would double it, reports/MODEL.md). Lemma 2 as corrected: for mu, mu* in B(C),
mu* in Sep(gamma), mu in Sep(delta) and outside Rect(delta) (reading R1),
||grad f'(mu)|| >= K'. Translation invariance (gan_constants module docstring) fixes mu*_1 = 0.

What is proved here is one piece of a cell (a sub-box of the region), not the whole cell: the
whole-cell proofs are measured in reports/gan_constants/lemma44_thm31.md.
"""

from theorycheck import claim, implies, sqrt
from theorycheck.gaussians.gan import grad_f
from theorycheck.gaussians.gan_constants import region_r1


def norm(u, v):
    return sqrt(u * u + v * v)


@claim(statement=r"\mu \in R_1(C{=}1, \delta{=}0.2),\ \mu^* = (0, s_2) \implies \|\nabla f'_{\alpha = 0.3}(\mu)\| \ge 0.0126",
       s2=(1, "1.1"), m1=("0.3", "0.4"), m2=("0.5", "0.6"), expect="proved",
       source="seed 000, Lemma 2 (corrected: a lower bound for f' itself, mu in Sep(delta))",
       reading="alpha = 0.3, C = 1, gamma = delta = 0.2, reading R1, mu*_1 = 0; a sub-box of the region that "
               "meets the Sep(delta) boundary (m2 - m1 = 0.2): ||grad f'|| >= 0.0126 there (half the float "
               "minimum 0.0253 of the cell, rounded down)")
def lemma2_weighted_piece_a03_C1_d02(s2, m1, m2):
    return implies(region_r1(m1, m2, s2, 1, "0.2", "0.2"),
                   norm(*grad_f((m1, m2), (0, s2), alpha=0.3)) >= 0.0126)
