"""Li, Madry, Peebles, Schmidt (ICML 2018): Theorem 3.1 and the gradient Lemmas 4.3 and 4.4, as
far as the seed documents recover them (the paper is not available to us; the model and the
reconstruction are on the model page, reports/MODEL.md). The two refuted claims refute Lemma 4.3
*as reconstructed without a separation hypothesis*, not the paper, which very likely has one.

f(mu) = TV(G_mu, G_mu*), G_mu = N(mu_1, 1)/2 + N(mu_2, 1)/2. Lemma 4.3 (reconstructed from how seed
000's Lemma 2 uses it): for mu, mu* in B(C), mu* in Sep(gamma) and mu outside the optimum region,
||grad f(mu)|| >= K with K = Omega(1) (delta e^{-C^2}/C)^{O(1)}. The excluded region has two
readings: outside Rect(delta) and outside opt(delta). Without mu in Sep(delta) both fail: collapsed
generators mu = (t, t) are stationary points of f. grad f is continuous away from mu = mu* (it is
the integral over {F > 0} of d/dmu F), so a sign change of its first component along the collapsed
segment means a zero in between, and no K > 0 can hold. The claims check that consequence at
certified points.

The paper's statement very likely excludes these points: Theorem 3.1 starts from a separated
generator (|mu_1 - mu_2| >= delta), Lemma 4.4 assumes mu in Sep(delta), and the collapsed diagonal
is invariant under the dynamics (with equal weights both components of the gradient are equal
there), so a convergence proof never needs the bound on it. What the refutations do show is that
seed 000's Lemma 2, which excludes only the empty Rect(0), is false as written
(seed000_weighted_lemmas.py), and that the separation hypothesis is necessary.
"""

from theorycheck import claim, exact, max, min, note
from theorycheck.gaussians.gan import box_margin, grad_f, opt_margin, rect_margin

SOURCE = ("Li et al. 2018, Lemma 4.3, our reconstruction without a separation hypothesis (the paper's statement "
          "is not available; it very likely assumes mu in Sep(delta), which excludes this counterexample)")
MU_STAR = (-1, 1)  # in B(1) and Sep(1)
DELTA = exact("0.1")  # the decimal 1/10 (a float 0.1 here, outside the body, would be its binary double)
COLLAPSED = dict(ta=(-1, 0), tb=(0, 1))
SETTING = ("C = 1, gamma = 1, delta = 0.1, mu* = (-1, 1); mu = (t, t) for t in [ta, tb], a segment inside B(1) "
           "that avoids the excluded region when both ends do (the region meets the diagonal near t = -1 and t = 1 "
           "only); the lemma implies grad f has no zero on it, so d f/d mu_1 keeps its sign")


def keeps_its_sign_outside(region_margin, ta, tb):
    """d f/d mu_1 at (ta, ta) and (tb, tb) have the same sign, unless an end is in the excluded region."""
    same_sign = grad_f((ta, ta), MU_STAR)[0] * grad_f((tb, tb), MU_STAR)[0]
    inside = max(region_margin((ta, ta), MU_STAR, DELTA), region_margin((tb, tb), MU_STAR, DELTA))
    return max(same_sign, inside) > 0


@claim(**COLLAPSED, source=SOURCE, expect="refuted",
       reading=f"excluded region Rect(delta) = {{mu : |mu_i - mu*_j| < delta for some i, j}}; {SETTING}")
def lemma_4_3_outside_rect_delta(ta, tb):
    return keeps_its_sign_outside(rect_margin, ta, tb)


@claim(**COLLAPSED, source=SOURCE, expect="refuted",
       reading=f"excluded region opt(delta) = {{mu : |mu_i - mu*_i| < delta for all i}}; {SETTING}")
def lemma_4_3_outside_opt_delta(ta, tb):
    return keeps_its_sign_outside(opt_margin, ta, tb)


EXPERIMENT = (("experiment li-lemma43: certified gradient bounds for concrete C, gamma, delta",
               "reports/experiments/li-lemma43.md"),)

lemma_4_3_with_separated_generator = note(
    "lemma_4_3_with_separated_generator",
    source="Li et al. 2018, Lemma 4.3 (reconstructed), with mu in Sep(delta) (the hypothesis of Lemma 4.4)",
    status="tested",
    why="With mu in Sep(delta) the collapsed counterexamples are excluded. Its K is Omega(1) (delta e^{-C^2}/C)^{O(1)} "
        "with unknown constants, so the general statement stays tested: the experiment gives, for concrete C, gamma, "
        "delta, the smallest ||grad f|| found over the region, certified at an exact point (an upper bound K_hi on "
        "the infimum), and fits the exponent of the (delta e^{-C^2}/C)^p shape. For concrete cells (C, delta) the "
        "bound ||grad f|| > K_hi / 2 over the whole region is stated in three variables in li2018_lemma43_proved.py; "
        "proved there for the whole cells (C, delta) = (1, 0.2) and (1.5, 0.2) (reading R2, which contains R1) and for "
        "C = 1, delta = 0.1 on the configurations with mu_1 <= mu*_1 - delta and on those with mu_1 >= mu*_1 + delta and mu*_2 - mu*_1 >= 0.8 (the report gives the progress of the rest).",
    see=EXPERIMENT + (("proved cells: lemmas/li2018_lemma43_proved.py", "reports/gan_constants/lemma43.md"),))

lemma_4_4 = note(
    "lemma_4_4", source="Li et al. 2018, Lemma 4.4 (reconstructed): ||grad f(mu) - grad f(mu')|| <= K/2 on short "
    "segments avoiding opt(delta), inside Sep(delta) and B(C)", status="tested",
    why="The segment length and K are only given up to Omega(1)(...)^{O(1)}; the experiment reports certified lower "
        "bounds on the supremum of the gradient change for concrete segment lengths and compares them with K/2. With "
        "the concrete K_cell of Lemma 4.3 (li2018_lemma44_thm31_proved.py): in R2 (outside opt(delta)) the eps of "
        "li-lemma43's witness pairs is refuted for all six cells (certified); in R1 the route is a certified Hessian "
        "bound (eps = K / (2L)), proved on a piece of the C = 1 cell only, and for C >= 1.5 F has a double zero inside "
        "R1 (certified zero counts 1 and 3 at two points of one segment), where the Hessian is unbounded.",
    see=EXPERIMENT + (("Lemma 4.4 with concrete constants (claims)", "lemmas/li2018_lemma44_thm31_proved.py"),
                      ("eps tables and costs", "reports/gan_constants/lemma44_thm31.md")))

theorem_3_1 = note(
    "theorem_3_1", source="Li et al. 2018, Theorem 3.1 (optimal-discriminator dynamics reach d_TV <= delta in "
    "T = poly(1/delta, e^{C^2}) steps)", status="tested",
    why="An empirical statement about trajectories with unspecified polynomials: the experiment runs the dynamics "
        "from grids of starts and targets satisfying the hypotheses, and reports successes (Clopper-Pearson 95%) "
        "and the steps to reach d_TV <= delta. Its descent step (f drops by eta K^2/2 per step when ||grad f|| >= K "
        "and the gradient moves by <= K/2 along the step) is proved (theorem_3_1_descent_step); an explicit T needs "
        "the Lemma 4.4 eps of a whole cell and the premises listed in the report (iterates stay in the region).",
    see=(("experiment li-thm31", "reports/experiments/li-thm31.md"),
         ("the descent step and T (claims, report)", "reports/gan_constants/lemma44_thm31.md"),
         ("experiment li-fig2 (Li et al. Fig. 2a)", "reports/experiments/li-fig2.md")))
