"""Li, Madry, Peebles, Schmidt (ICML 2018), Lemma 4.3 with the generator separated (mu in Sep(delta)),
proved over whole regions with the constant fixed in advance (reports/gan_constants/lemma43.md; the
model and the readings of the excluded region R1, R2: reports/MODEL.md).

For all mu, mu* in B(C) = [-C, C]^2 with mu*_2 - mu*_1 >= gamma, mu_2 - mu_1 >= delta and mu outside
the excluded region: ||grad f(mu)|| > K_cell, where K_cell = K_hi / 2 rounded down to 3 digits and
K_hi is the experiment li-lemma43's certified upper bound of the infimum.

Each claim is in the three reduced variables D = mu*_2 - mu*_1, r = |mu_1 - mu*_1| and
d = mu_2 - mu_1 (the translation to mu*_1 = 0, and for R2 the reflection x -> -x, both exact
symmetries of f: theorycheck/gaussians/gan_regions.py says why they lose nothing, and
tests/test_gan_lemma43.py checks them); B(C) becomes "the four means span at most 2C", a
hypothesis of the body, or is built into the variables (d = delta + s (2C - delta - r),
gan_regions.spread_point). The whole cell is both signs of mu_1 - mu*_1. Proved so far (reading R2,
which contains R1): the whole cells (C, delta) = (1, 0.2) and (1.5, 0.2) (mu_1 below mu*_1, and the
side of the infimum, mu_1 above, with the second sufficient condition (g_1 - g_2)^2 / 2 > K^2 of
gan_regions.lemma43_spread_diff), and of (1, 0.1) the side mu_1 below mu*_1 and, of the side above,
the configurations with mu*_2 - mu*_1 >= 0.8 (a claim of its own: closer targets need much smaller
boxes on the valley, the report says why); the report (reports/gan_constants/lemma43.md) lists what
is not proved yet. The claims made with
split=k and budget= are long proofs: `theorycheck check lemmas/li2018_lemma43_proved.py::NAME
--workers 2 --certificates lemmas/certificates` re-proves one with its own budget (finished pieces
are kept in .theorycheck/ for a resume); the first claim needs `--budget 3000`.
"""

from theorycheck import claim
from theorycheck.gaussians.gan_regions import lemma43_one_sign, lemma43_spread_diff

SOURCE = ("Li et al. 2018, Lemma 4.3 (reconstructed, reports/MODEL.md) with mu in Sep(delta), the hypothesis "
          "of Lemma 4.4; K fixed as half the experiment's certified upper bound of the infimum")
R2 = "excluded region opt(delta): |mu_i - mu*_i| >= delta for some i; gamma = delta, alpha = 1/2"
VARS = ("D = mu*_2 - mu*_1, r = mu*_1 - mu_1, d = mu_2 - mu_1 (mu*_1 = 0 by translation; B(C) as "
        "max(D, mu_2) - min(0, mu_1) <= 2C, a hypothesis of the body)")


@claim(statement=r"\max\Big(\tfrac{1}{1024}\,\mathrm{violation}_{R2,\,B(1)}(D, -r, d),\ \|\nabla f(\mu)\|^2 - 0.0169^2\Big) > 0,\quad \mu^* = (0, D),\ \mu = (-r, -r + d)",
       D=("0.2", "2"), r=("0.2", "2"), d=("0.2", "2"), source=SOURCE, expect="proved",
       reading=f"C = 1, delta = 0.2, K = 0.0169; {R2}; the configurations with mu_1 <= mu*_1 - delta "
               f"(t = -r); {VARS}")
def lemma_4_3_c1_delta02_outside_opt_mu1_below(D, r, d):
    return lemma43_one_sign(D, -r, d, 1, 0.2, 0.0169, "R2")


@claim(statement=r"\max\Big(\tfrac{1}{1024}\,\mathrm{violation}_{R2,\,B(1.5)}(D, -r, d),\ \|\nabla f(\mu)\|^2 - 0.0147^2\Big) > 0,\quad \mu^* = (0, D),\ \mu = (-r, -r + d)",
       D=("0.2", "3"), r=("0.2", "3"), d=("0.2", "3"), source=SOURCE, expect="proved", split=4, budget=16000,
       reading=f"C = 1.5, delta = 0.2, K = 0.0147; {R2}; the configurations with mu_1 <= mu*_1 - delta "
               f"(t = -r); {VARS}")
def lemma_4_3_c15_delta02_outside_opt_mu1_below(D, r, d):
    return lemma43_one_sign(D, -r, d, 1.5, 0.2, 0.0147, "R2")



@claim(statement=r"\max\Big(\tfrac{1}{1024}\,\mathrm{violation}_{R2,\,B(1)}(D, -r, d),\ \|\nabla f(\mu)\|^2 - 0.00848^2\Big) > 0,\quad \mu^* = (0, D),\ \mu = (-r, -r + d)",
       D=("0.1", "2"), r=("0.1", "2"), d=("0.1", "2"), source=SOURCE, expect="proved", split=6, budget=128000,
       reading=f"C = 1, delta = 0.1, K = 0.00848; {R2}; the configurations with mu_1 <= mu*_1 - delta "
               f"(t = -r); {VARS}")
def lemma_4_3_c1_delta01_outside_opt_mu1_below(D, r, d):
    return lemma43_one_sign(D, -r, d, 1, 0.1, 0.00848, "R2")


SPREAD = ("D = mu*_2 - mu*_1, r = mu_1 - mu*_1, d = mu_2 - mu_1 = delta + s (2C - delta - r) (mu*_1 = 0 by "
          "translation; B(C) built into the variables: gan_regions.spread_point, onto the configurations)")


@claim(statement=r"\max\Big(\tfrac{1}{2}(g_1 - g_2)^2 - 0.0169^2,\ \|\nabla f(\mu)\|^2 - 0.0169^2\Big) > 0,\quad (g_1, g_2) = \nabla f(\mu),\ \mu^* = (0, D),\ \mu = (r, r + d),\ d = 0.2 + s\,(1.8 - r)",
       D=("0.2", "2"), r=("0.2", "1.8"), s=("0", "1"), source=SOURCE, expect="proved", split=8, budget=256000,
       reading=f"C = 1, delta = 0.2, K = 0.0169; {R2}; the configurations with mu_1 >= mu*_1 + delta "
               f"(the side of the infimum); {SPREAD}; (g_1 - g_2)^2 / 2 <= ||grad f||^2, so either term "
               f"positive gives ||grad f|| > K")
def lemma_4_3_c1_delta02_outside_opt_mu1_above(D, r, s):
    return lemma43_spread_diff(D, r, s, 1, 0.2, 0.0169, 1)


@claim(statement=r"\max\Big(\tfrac{1}{2}(g_1 - g_2)^2 - 0.0147^2,\ \|\nabla f(\mu)\|^2 - 0.0147^2\Big) > 0,\quad (g_1, g_2) = \nabla f(\mu),\ \mu^* = (0, D),\ \mu = (r, r + d),\ d = 0.2 + s\,(2.8 - r)",
       D=("0.2", "3"), r=("0.2", "2.8"), s=("0", "1"), source=SOURCE, expect="proved", split=8, budget=256000,
       reading=f"C = 1.5, delta = 0.2, K = 0.0147; {R2}; the configurations with mu_1 >= mu*_1 + delta "
               f"(the side of the infimum); {SPREAD}; (g_1 - g_2)^2 / 2 <= ||grad f||^2, so either term "
               f"positive gives ||grad f|| > K")
def lemma_4_3_c15_delta02_outside_opt_mu1_above(D, r, s):
    return lemma43_spread_diff(D, r, s, 1.5, 0.2, 0.0147, 1)


@claim(statement=r"\max\Big(\tfrac{1}{2}(g_1 - g_2)^2 - 0.00848^2,\ \|\nabla f(\mu)\|^2 - 0.00848^2\Big) > 0,\quad (g_1, g_2) = \nabla f(\mu),\ \mu^* = (0, D),\ \mu = (r, r + d),\ d = 0.1 + s\,(1.9 - r)",
       D=("0.8", "2"), r=("0.1", "1.9"), s=("0", "1"), source=SOURCE, expect="proved", split=8, budget=768000,
       reading=f"C = 1, delta = 0.1, K = 0.00848; {R2}; the configurations with mu_1 >= mu*_1 + delta "
               f"(the side of the infimum) and mu*_2 - mu*_1 >= 0.8 (the rest of this side, D in [0.1, 0.8], "
               f"is not proved yet); {SPREAD}; (g_1 - g_2)^2 / 2 <= ||grad f||^2, so either term "
               f"positive gives ||grad f|| > K")
def lemma_4_3_c1_delta01_outside_opt_mu1_above_targets_08_apart(D, r, s):
    return lemma43_spread_diff(D, r, s, 1, 0.1, 0.00848, 1)
