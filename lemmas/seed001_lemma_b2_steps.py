"""Seed 001's argument for Li et al. Lemma B.2, checked step by step.

TV(N(0, 1), N(Delta, 1)) = 2 Phi(Delta/2) - 1: the mass of N(0, 1) on the central interval
[-Delta/2, Delta/2]; the density is at most its peak 1/sqrt(2 pi), so the mass is at most
Delta / sqrt(2 pi) (sharp as Delta -> 0).
"""

from theorycheck import Phi, calc, claim, integral, note, npdf, pi, sqrt


@claim(delta=(0, 12), source="seed 001 (lecture notes on Li et al. 2018), Lemma B.2", expect="proved",
       reading="unit variances, means Delta >= 0 apart; TV in its closed form")
def b2_total_variation_step_by_step(delta):
    return (calc(2 * Phi(delta / 2) - 1)
            .eq(integral(lambda t: npdf(t), -delta / 2, delta / 2),
                "TV is the N(0, 1) mass of the central interval of length Delta")
            .le(delta * npdf(0), "the standard normal density is at most its peak npdf(0)")
            .eq(delta / sqrt(2 * pi), "npdf(0) = 1/sqrt(2 pi)"))


# -- Newly found on a second, line-by-line reading (reports/FINDINGS.md) ---------------------------
# The proof sketch of Theorem 3.1 sets delta' = D delta (delta << D << 1) and chooses k1 so that
# (e^{-c^2})^{k1} << delta'^2 / D, which it rewrites as "= (delta'/delta)".

SKETCH = "seed 001, Theorem 3.1, proof sketch"


@claim(D=("0.01", "0.5"), delta=("0.0001", "0.001"), source=f"{SKETCH}: '(delta'^2 / D) = (delta' / delta)', "
       "delta' = D delta", expect="refuted",
       reading="delta'^2 / D = D delta^2, while delta' / delta = D: equal only at delta = 1, not for delta << D << 1")
def deltaprime_squared_over_D(D, delta):
    deltaprime = D * delta
    return deltaprime**2 / D == deltaprime / delta


@claim(D=("0.01", "0.5"), delta=("0.0001", "0.001"), source=f"{SKETCH}, corrected", expect="proved",
       reading="delta'^2 / D = D delta^2 = delta' delta")
def deltaprime_squared_over_D_corrected(D, delta):
    deltaprime = D * delta
    return deltaprime**2 / D == deltaprime * delta


theorem_3_1_as_printed = note(
    "theorem_3_1_as_printed",
    source="seed 001, Thm 3.1: 'if we let eta = poly(1/delta, e^{-c^2}) and T = poly(1/delta, e^{-c^2}), then ... "
           "d_TV(G_mu*, G_mu^(T)) <= eta'", status="not checkable",
    why="Three slips in the statement (the dynamics are tested by the li-thm31 experiment, with the corrected "
        "statement): the step must be small, eta = 1/poly(C, e^{C^2}, 1/delta), as the notes' own last line 'choose "
        "n = 1/poly(c, c^2, 1/delta)' says (poly(1/delta, ...) grows as delta -> 0); e^{-c^2} <= 1 puts no growth in "
        "C into T, read T = poly(1/delta, e^{C^2}); the conclusion is d_TV <= delta, not <= eta (the step size). The "
        "sketch's chain 'eta = (e^{-c^2})^{k1} (1/delta)^{k2} ... => eta < delta'' is consistent only because k1 is "
        "chosen after delta ((e^{-c^2})^{k1} << delta'^2/D, and k2 = 1), which makes eta a positive power of delta, "
        "i.e. 1/poly as above. Typos in the same notes: 'F(x) = D_mu(x) - D_nu(x)' in Thm A-2 is G_mu - G_nu; "
        "'f o N(0, sigma^2)' in Thm A-1 is the convolution f * N(0, sigma^2); the discriminators need "
        "'l_1 <= r_1 <= l_2 <= r_2' ('l_2, r_2' is printed); Rect(delta) is {mu^ : |mu*_i - mu^_j| < delta for some "
        "i, j} (the printed |mu*_i - mu^_i| uses one index); 'w^ not in opt(delta')' is mu^; 'n' is eta.",
    see=(("experiment li-thm31", "reports/experiments/li-thm31.md"),))
