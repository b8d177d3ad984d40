"""Li et al. (2018), Lemma 4.4 with concrete constants (reconstructed, reports/MODEL.md).

Lemma 4.4 (reconstructed): for mu, mu' with ||mu - mu'|| <= eps, both and the segment between them
in B(C), Sep(delta) and outside the optimum region, mu* in B(C) and Sep(gamma):
||grad f(mu) - grad f(mu')|| <= K/2. Cells (C, delta), gamma = delta, alpha = 1/2, and K = K_cell
(theorycheck.gaussians.gan_constants.K_CELL, the Lemma 4.3 constants).

Route for R1 (outside Rect(delta): every |mu_i - mu*_j| >= delta). The mean-value inequality along
the segment: ||grad f(mu) - grad f(mu')|| <= sup ||Hess f|| ||mu - mu'||, valid where f is C^2 on
the segment (every zero of F simple). B(C) and Sep(delta) are convex, so the segment stays in
them; R1 is not convex, but every point of a segment of length eps lies within eps/2 of one of its
ends, so |mu_i - mu*_j| >= delta - eps/2 on it. A bound ||Hess f||_F <= L proved on the set with
|mu_i - mu*_j| >= NEAR = delta - delta/40 therefore gives eps = min(K / (2L), delta/20).
Translation invariance cuts one dimension: f and its derivatives depend on the differences of
the means only, so mu*_1 = 0 and the B(C) condition becomes spread <= 2C (gan_constants module
docstring); the claims range over (s2, m1, m2) = (mu*_2, mu_1, mu_2) with mu*_1 = 0.

R2 (outside opt(delta)): a generator mean may meet a target mean there, and grad f changes fast
near such points (reports/experiments/li-lemma43.md). The claims below refute Lemma 4.4 in R2 for
the eps shown, at the experiment's certified witness pairs, with the threshold K_cell / 2.
"""

from theorycheck import all_of, claim, exact, implies, sqrt
from theorycheck.gaussians.gan import box_margin, grad_f, opt_margin, sep_margin
from theorycheck.gaussians.gan_constants import hessian_norm, region_r1

SOURCE_44 = "Li et al. 2018, Lemma 4.4 (reconstructed, reports/MODEL.md)"


def norm(u, v):
    return sqrt(u * u + v * v)


# -- R1: a certified Hessian bound (hence eps = K / (2 L)) ---------------------------------------


@claim(statement=r"\mu \in R_1(C{=}1, \delta{=}0.2),\ \mu^* = (0, s_2) \implies \|\nabla^2 f(\mu)\|_F \le 6",
       s2=(1, "1.1"), m1=("0.3", "0.4"), m2=("1.4", "1.5"), source=SOURCE_44, expect="proved",
       reading="a sub-box of the R1 region of the cell C = 1, delta = 0.2, mu*_1 = 0 (translation): "
               "||Hess f||_F <= 6 on it (one piece of the cell's Hessian bound, not the whole cell)")
def lemma_4_4_r1_hessian_piece_C1_d02(s2, m1, m2):
    return implies(region_r1(m1, m2, s2, 1, "0.2", "0.195"), hessian_norm((m1, m2), (0, s2)) <= 6)


# For C >= 1.5 the Hessian route gives no eps: on the segment lam (2.1, -0.9, 1.2), lam in [0.9, 1]
# ((mu*_2, mu_1, mu_2) with mu*_1 = 0; spread 3 lam <= 2C = 3, every |mu_i - mu*_j| >= 0.81 lam > delta,
# mu_2 - mu_1 = 2.1 lam > delta: inside R1 of the cells C = 1.5 and 2) F has one certified zero at
# lam = 9/10 and three at lam = 1 (tests/test_gan_constants.py), so F has a multiple zero in between,
# where the Hessian of f does not exist and grows without bound nearby (1/|F'(z)|). The claim below
# certifies that it exceeds 1000 there.


@claim(statement=r"(\mu^*_2, \mu_1, \mu_2) = \lambda\,(2.1, -0.9, 1.2) \in R_1(C{=}1.5, \delta{=}0.2) \implies \|\nabla^2 f(\mu)\|_F \le 1000",
       lam=("0.98", 1), source=SOURCE_44, expect="refuted",
       reading="cell C = 1.5, delta = 0.2, reading R1, mu*_1 = 0: ||Hess f||_F <= 1000 at (mu*_2, mu_1, mu_2) = "
               "lam (2.1, -0.9, 1.2) (a segment inside the region); refuted near the multiple zero of F, so no "
               "Hessian bound L <= 1000 holds on the cell (eps = K / (2L) would need L larger still)")
def lemma_4_4_r1_hessian_unbounded_C15_d02(lam):
    s2, m1, m2 = 2.1 * lam, -0.9 * lam, 1.2 * lam
    return implies(region_r1(m1, m2, s2, 1.5, 0.2, 0.2), hessian_norm((m1, m2), (0, s2)) <= 1000)


# -- R2: the eps of the witness pairs is too large ----------------------------------------------
# Each claim: mu* and mu fixed (exact decimals from the li-lemma43 table), mu' = mu + t e (e a unit
# vector along one coordinate), t in [0, eps]. mu* is in B(C) and Sep(gamma) (by inspection: a
# constant), and every mu' there is in B(C), Sep(delta) and outside
# opt(delta) (the hypothesis, checked by implies); so is mu (t = 0), and the segment [mu, mu'] is
# a part of the same line. The lemma with this eps says the gradient changes by at most K/2.


def r2_segment(C, delta, K, mu_star, mu, e, t):
    mp = (mu[0] + t * e[0], mu[1] + t * e[1])
    g, h = grad_f(mu, mu_star), grad_f(mp, mu_star)
    region = all_of(box_margin(mp, C) >= 0, sep_margin(mp, delta) > 0, opt_margin(mp, mu_star, delta) <= 0)
    return implies(region, norm(g[0] - h[0], g[1] - h[1]) <= K / 2)


R2_READING = ("R2 = outside opt(delta); mu* = {}, mu = {}, mu' = mu + t {}; the certified witness pair of "
              "reports/experiments/li-lemma43.md (Lemma 4.4 table, eps = {}), threshold K_cell/2 = {}/2")


@claim(statement=r"\mu' = \mu + t e \in B(C) \cap \mathrm{Sep}(\delta) \setminus \mathrm{opt}(\delta) \implies \|\nabla f(\mu) - \nabla f(\mu')\| \le K_{\mathrm{cell}}/2",
       t=(0, "0.00115"), source=SOURCE_44, expect="refuted",
       reading=R2_READING.format("(-1, 1)", "(-1, 0.75)", "(1, 0)", "0.00115", "0.0169"))
def lemma_4_4_r2_eps_too_large_C1_d02(t):
    return r2_segment(1, exact("0.2"), exact("0.0169"), (-1, 1), (-1, exact("0.75")), (1, 0), t)


@claim(statement=r"\mu' = \mu + t e \in B(C) \cap \mathrm{Sep}(\delta) \setminus \mathrm{opt}(\delta) \implies \|\nabla f(\mu) - \nabla f(\mu')\| \le K_{\mathrm{cell}}/2",
       t=(0, "0.000288"), source=SOURCE_44, expect="refuted",
       reading=R2_READING.format("(-1, 1)", "(-1, 0.833333333333)", "(1, 0)", "0.000288", "0.00848"))
def lemma_4_4_r2_eps_too_large_C1_d01(t):
    return r2_segment(1, exact("0.1"), exact("0.00848"), (-1, 1), (-1, exact("0.833333333333")), (1, 0), t)


@claim(statement=r"\mu' = \mu + t e \in B(C) \cap \mathrm{Sep}(\delta) \setminus \mathrm{opt}(\delta) \implies \|\nabla f(\mu) - \nabla f(\mu')\| \le K_{\mathrm{cell}}/2",
       t=(0, "0.0000257"), source=SOURCE_44, expect="refuted",
       reading=R2_READING.format("(-1.5, 1.5)", "(-1.5, 1.25)", "(1, 0)", "0.0000257", "0.0147"))
def lemma_4_4_r2_eps_too_large_C15_d02(t):
    return r2_segment(exact("1.5"), exact("0.2"), exact("0.0147"), (exact("-1.5"), exact("1.5")),
                      (exact("-1.5"), exact("1.25")), (1, 0), t)


@claim(statement=r"\mu' = \mu + t e \in B(C) \cap \mathrm{Sep}(\delta) \setminus \mathrm{opt}(\delta) \implies \|\nabla f(\mu) - \nabla f(\mu')\| \le K_{\mathrm{cell}}/2",
       t=(0, "0.00000327"), source=SOURCE_44, expect="refuted",
       reading=R2_READING.format("(-1.5, 1.5)", "(-1.375, 1.5)", "(0, -1)", "0.00000327", "0.00742"))
def lemma_4_4_r2_eps_too_large_C15_d01(t):
    return r2_segment(exact("1.5"), exact("0.1"), exact("0.00742"), (exact("-1.5"), exact("1.5")),
                      (exact("-1.375"), exact("1.5")), (0, -1), t)


@claim(statement=r"\mu' = \mu + t e \in B(C) \cap \mathrm{Sep}(\delta) \setminus \mathrm{opt}(\delta) \implies \|\nabla f(\mu) - \nabla f(\mu')\| \le K_{\mathrm{cell}}/2",
       t=(0, "0.00000471"), source=SOURCE_44, expect="refuted",
       reading=R2_READING.format("(-2, 2)", "(-1.666666666667, 2)", "(0, -1)", "0.00000471", "0.00837"))
def lemma_4_4_r2_eps_too_large_C2_d02(t):
    return r2_segment(2, exact("0.2"), exact("0.00837"), (-2, 2), (exact("-1.666666666667"), 2), (0, -1), t)


@claim(statement=r"\mu' = \mu + t e \in B(C) \cap \mathrm{Sep}(\delta) \setminus \mathrm{opt}(\delta) \implies \|\nabla f(\mu) - \nabla f(\mu')\| \le K_{\mathrm{cell}}/2",
       t=(0, "0.00000061"), source=SOURCE_44, expect="refuted",
       reading=R2_READING.format("(-2, 2)", "(-1.833333333333, 2)", "(0, -1)", "0.00000061", "0.00423"))
def lemma_4_4_r2_eps_too_large_C2_d01(t):
    return r2_segment(2, exact("0.1"), exact("0.00423"), (-2, 2), (exact("-1.833333333333"), 2), (0, -1), t)


# -- Theorem 3.1: the per-step descent inequality, from Lemmas 4.3 and 4.4 ------------------------
# One step mu' = mu - eta g, g = grad f(mu), with eta ||g|| <= eta G <= eps (G = G_BOUND bounds
# ||grad f|| everywhere, gan_constants). f is C^1 along the segment (grad f exists wherever the
# generator differs from the target), so
#   f(mu') - f(mu) = -eta integral_0^1 grad f(mu - s eta g) . g ds
#                  = -eta ||g||^2 - eta integral_0^1 (grad f(mu - s eta g) - g) . g ds
#                  <= -eta (||g||^2 - ||g|| b),   b = sup_s ||grad f(mu - s eta g) - g|| <= K/2
# (Lemma 4.4, the segment of length <= eps in the region), and ||g|| >= K (Lemma 4.3). With
# ||g|| = r K (r >= 1) and b = q K (q <= 1/2): ||g||^2 - ||g|| b = K^2 (r^2 - r q) >= K^2 / 2, the
# claim below. So each step lowers f by at least eta K^2 / 2, and as 0 <= f = TV <= 1, at most
# T = 2 / (eta K^2) = 2 G / (eps K^2) steps stay in the region (eta = eps / G).


@claim(r=(1, 1000), q=(0, "1/2"), source="Li et al. 2018, Theorem 3.1 (the descent step of its proof, "
       "reconstructed)", expect="proved",
       reading="r = ||grad f(mu)|| / K >= 1 (Lemma 4.3), q = (gradient change along the step) / K <= 1/2 "
               "(Lemma 4.4): the decrease ||g||^2 - ||g|| b is at least K^2/2, i.e. r^2 - r q >= 1/2")
def theorem_3_1_descent_step(r, q):
    return r * r - r * q >= exact("1/2")
