"""Li et al. (2018) statements that are not available here (Lemma 4.2, Lemma C.6), and a template
for typing one in from the paper in five minutes.

The model's objects are ready in theorycheck.gaussians.gan (read its docstring):
    F(x, mu, mu_star)            target density - generator density (every kind: boxes too)
    f(mu, mu_star)               TV(G_mu, G_mu*) = max_{l, r} L - 1 (points only)
    grad_f(mu, mu_star)          (df/dmu_1, df/dmu_2) at the optimal discriminator (points only)
    edge_density_sum(j, ...)     sum_i npdf(r_i - mu_j) - npdf(l_i - mu_j) over the optimal intervals
    optimal_intervals(mu, ...)   the certified discriminator: zeros of F, intervals, TV enclosure
    rect_margin, opt_margin, sep_margin, box_margin
                                 Rect(delta), opt(delta), Sep(gamma), B(C) as margins (> 0 inside)
Every block takes alpha= (weight of the first mean; alpha_star=, alpha_hat= for the two sides).

Recipe: copy the worked example below, rename it, put the paper's words in `source` and your
reading of any ambiguous definition in `reading` (one claim per reading), write the hypotheses as
margins (an implication "mu in S => P >= Q" is max(P - Q, -margin_of_S) >= 0), set `expect`, then
run `theorycheck check lemmas/<your file>.py`. A claim with f or grad_f can be refuted at a
certified point; it cannot be proved over a box (it stays undecided, with that reason). Delete the
`note(...)` of the statement you typed in.
"""

from theorycheck import claim, exact, max, min, note, sqrt
from theorycheck.gaussians.gan import box_margin, grad_f, opt_margin, sep_margin

TEMPLATE = (("the template: this file's worked example", "lemmas/li2018_statement_template.py"),
            ("the model's building blocks", "theorycheck/gaussians/gan.py"),
            ("the model page: what is known of the paper", "reports/MODEL.md"))

lemma_4_2 = note(
    "lemma_4_2", source="Li et al. 2018, Lemma 4.2", status="statement needed",
    why="Not available to us (the paper is not in the project; see reports/MODEL.md): seed 000 only says it "
        "could not be proved ('Unable to prove Li et al. Lemma 4.2'). Nothing is invented in its place.",
    next_step="type the statement in from the paper with the building blocks (see this file's docstring); about "
              "five minutes.",
    see=TEMPLATE)

lemma_c_6 = note(
    "lemma_c_6", source="Li et al. 2018, Lemma C.6", status="statement needed",
    why="Not available to us (the paper is not in the project; see reports/MODEL.md): seed 000 asks 'Is Li et "
        "al. Lemma C.6 correct?' without stating it. Nothing is invented in its place.",
    next_step="type the statement in from the paper with the building blocks (see this file's docstring).",
    see=TEMPLATE)


# -- worked example -----------------------------------------------------------------------------------
# Lemma 4.3 with mu in Sep(delta) and a guessed constant, K = delta/4 at C = 1: "is the Omega(1) in
# K = Omega(1) (delta e^{-C^2}/C)^{O(1)} perhaps 1/4 with exponent 1 in delta?"
# Caution when copying: the body evaluates grad_f on the whole box, also outside the region, and
# grad_f is undefined at mu = mu* (inside opt(delta), so outside the region). The certified
# counterexample on the report page is that undefined point, not a nearly collapsed generator; the
# guess K = delta/4 is shown too big inside the region by the li-lemma43 experiment (a certified
# ||grad f|| of 0.0169762 < 0.025 at C = 1, delta = 0.1).

MU_STAR = (-1, 1)
C, DELTA = 1, exact("0.1")  # 1/10 exactly: a float outside the body would be its binary double


@claim(mu1=(-1, 1), mu2=(-1, 1), source="worked example (not a statement of the paper): Lemma 4.3 with mu in "
       "Sep(delta) and the guess K = delta/4", expect="refuted",
       reading="C = 1, gamma = 1, delta = 0.1, mu* = (-1, 1); region: mu in B(1) and Sep(delta), outside "
               "opt(delta). The guess is too big: nearly collapsed generators have ||grad f|| of about 0.17 delta "
               "(see the li-lemma43 experiment for the measured shape)")
def worked_example_lemma_4_3_with_a_guessed_constant(mu1, mu2):
    mu = (mu1, mu2)
    in_region = min(box_margin(mu, C), sep_margin(mu, DELTA), -opt_margin(mu, MU_STAR, DELTA))
    g1, g2 = grad_f(mu, MU_STAR)
    return max(sqrt(g1**2 + g2**2) - DELTA / 4, -in_region) >= 0
