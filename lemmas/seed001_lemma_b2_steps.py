"""Seed 001's argument for Li et al. Lemma B.2, checked step by step.

TV(N(0, 1), N(Delta, 1)) = 2 Phi(Delta/2) - 1: the mass of N(0, 1) on the central interval
[-Delta/2, Delta/2]; the density is at most its peak 1/sqrt(2 pi), so the mass is at most
Delta / sqrt(2 pi) (sharp as Delta -> 0).
"""

from theorycheck import Phi, calc, claim, integral, npdf, pi, sqrt


@claim(delta=(0, 12), source="seed 001 (lecture notes on Li et al. 2018), Lemma B.2", expect="proved",
       reading="unit variances, means Delta >= 0 apart; TV in its closed form")
def b2_total_variation_step_by_step(delta):
    return (calc(2 * Phi(delta / 2) - 1)
            .eq(integral(lambda t: npdf(t), -delta / 2, delta / 2),
                "TV is the N(0, 1) mass of the central interval of length Delta")
            .le(delta * npdf(0), "the standard normal density is at most its peak npdf(0)")
            .eq(delta / sqrt(2 * pi), "npdf(0) = 1/sqrt(2 pi)"))
