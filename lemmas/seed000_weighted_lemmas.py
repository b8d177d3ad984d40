"""Seed 000 (weighted-mixture progress report), Section 3: the gradient of f, Lemmas 1-3.

Model (the report's eq. (1) and definitions): target alpha N(mu*_1, 1) + (1 - alpha) N(mu*_2, 1),
generator alpha N(mu_1, 1) + (1 - alpha) N(mu_2, 1) (known alpha; alpha weighs the first mean), f'
its TV objective; f is the Li et al. objective (weights 1/2). The definitions are ambiguous, so
each reading is its own claim: (a) is grad f' compared with grad f at the *same* discriminator or
each at its own optimal one; (b) does grad f carry the factor 1/2 of the Li et al. mixture (the
report's formula omits it, and omits alpha^_j). grad f and grad f' are evaluated with certified
optimal discriminators (theorycheck.gaussians.gan), so claims about them are refuted at certified
points, never proved over boxes; the reading-(a) claims are algebra over free gradient vectors.
"""

from theorycheck import all_of, calc, claim, exact, max, min, note, sqrt
from theorycheck.gaussians.gan import edge_density_sum, grad_f

SOURCE = "seed 000, Section 3.1"
MU_STAR = (-1, 1)
ALPHA = "0.3"


def norm(u, v):
    return sqrt(u**2 + v**2)


@claim(mu1=(-2, 2), mu2=(-2, 2), source=f"{SOURCE}, the formula for grad_{{mu_j}} f (Li et al., alpha = 1/2)",
       expect="refuted",
       reading="grad_{mu_j} f = (1/sqrt(2 pi)) sum_i (e^{-(r_i - mu_j)^2/2} - e^{-(l_i - mu_j)^2/2}) at the optimal "
               "discriminator, mu* = (-1, 1): under Li et al.'s normalisation (weights 1/2, f = TV, used here) twice the "
               "true derivative; under the report's own definitions (unit weights, f = 2 TV) it is exact (checked "
               "with mpmath, reports/MODEL.md). Corrected: the weight alpha^_j (here 1/2) "
               "multiplies the sum, which is eq. (15), proved in seed000_partial_derivatives (eq15_dL_dmu1), with "
               "the envelope theorem (eq. (10), (13): dL/dl_i = dL/dr_i = 0 at the zeros of F)")
def grad_f_formula_as_printed(mu1, mu2):
    return grad_f((mu1, mu2), MU_STAR)[0] == edge_density_sum(0, (mu1, mu2), MU_STAR)


# -- Lemma 1: m ||grad f|| <= ||grad f'|| <= M ||grad f||, m = min(alpha, 1 - alpha), M = max(...)

GRADIENTS = dict(alpha=(0, 1), g1=(0, 1), g2=(0, 1))
HALF = dict(alpha=(0, "1/2"), g1=(0, 1), g2=(0, 1))
SAME = ("same discriminator for f and f', grad f without the 1/2 (the report's formula): grad f = (g1, g2), "
        "grad f' = (alpha g1, (1 - alpha) g2), as in the report's proof. The norms do not see signs (g >= 0), "
        "and alpha <-> 1 - alpha with g1 <-> g2 gives alpha >= 1/2 (where m = 1 - alpha, M = alpha) and also "
        "covers alpha weighing the second mean")


@claim(**HALF, source="seed 000, Lemma 1, lower bound", expect="proved",
       reading=f"{SAME}; squared, for alpha <= 1/2 (m = alpha)")
def lemma1_same_discriminator_lower(alpha, g1, g2):
    return (calc(norm(alpha * g1, (1 - alpha) * g2) ** 2 - (alpha * norm(g1, g2)) ** 2)
            .eq((1 - 2 * alpha) * g2**2, "expand the squares")
            .ge(0, "1 - 2 alpha >= 0 for alpha <= 1/2"))


@claim(**HALF, source="seed 000, Lemma 1, upper bound (and Lemma 3, first step of its proof)", expect="proved",
       reading=f"{SAME}; squared, for alpha <= 1/2 (M = 1 - alpha). Lemma 3's first step is this bound applied to "
               "the difference of two gradients taken at the same discriminator")
def lemma1_same_discriminator_upper(alpha, g1, g2):
    return (calc(((1 - alpha) * norm(g1, g2)) ** 2 - norm(alpha * g1, (1 - alpha) * g2) ** 2)
            .eq((1 - 2 * alpha) * g1**2, "expand the squares")
            .ge(0, "1 - 2 alpha >= 0 for alpha <= 1/2"))


@claim(**GRADIENTS, source="seed 000, Lemma 1", expect="refuted",
       reading="same discriminator, grad f with the 1/2 of the Li et al. mixture: grad f = (g1, g2)/2 while "
               "grad f' = (alpha g1, (1 - alpha) g2), which can be 2M ||grad f|| (at alpha = 1/2 the two gradients "
               "are equal), so the upper bound M ||grad f|| fails; corrected, with 2m and 2M, it is the inequality of "
               "reading (a), proved (lemma1_same_discriminator_lower, _upper)")
def lemma1_same_discriminator_with_half(alpha, g1, g2):
    m, M = min(alpha, 1 - alpha), max(alpha, 1 - alpha)
    weighted = norm(alpha * g1, (1 - alpha) * g2)
    return all_of(m * norm(g1 / 2, g2 / 2) <= weighted, weighted <= M * norm(g1 / 2, g2 / 2))


def lemma1_bounds_at_own_discriminators(mu1, mu2, weight_of_first_mean):
    """m ||grad f|| <= ||grad f'|| <= M ||grad f||, f for the 1/2-1/2 model, f' for the weighted one."""
    m, M = exact("0.3"), exact("0.7")  # min and max of alpha = 0.3 and 1 - alpha, for either pairing
    gf = norm(*grad_f((mu1, mu2), MU_STAR))
    gf_alpha = norm(*grad_f((mu1, mu2), MU_STAR, alpha=weight_of_first_mean))
    return all_of(m * gf <= gf_alpha, gf_alpha <= M * gf)


@claim(mu1=(-2, 2), mu2=(-2, 2), source="seed 000, Lemma 1", expect="refuted",
       reading=f"each function at its own optimal discriminator: f for the 1/2-1/2 target, f' for the alpha-weighted "
               f"one (alpha = {ALPHA}), mu* = (-1, 1); the report's proof compares gradients taken at different "
               "discriminators as if they were one. No constants repair it: at a collapsed symmetric point grad f = 0 while "
               "grad f' is not")
def lemma1_own_discriminators(mu1, mu2):
    return lemma1_bounds_at_own_discriminators(mu1, mu2, weight_of_first_mean=ALPHA)


@claim(mu1=(-2, 2), mu2=(-2, 2), source="seed 000, Lemma 1", expect="refuted",
       reading=f"each at its own optimal discriminator, with alpha = {ALPHA} weighing the *second* mean (the report "
               "pairs alpha with mu_1 in Lemma 1's proof but calls the weights alpha_j elsewhere): the same bounds, "
               "target and generator (1 - alpha) N(mu_1, 1) + alpha N(mu_2, 1)")
def lemma1_own_discriminators_alpha_on_second_mean(mu1, mu2):
    return lemma1_bounds_at_own_discriminators(mu1, mu2, weight_of_first_mean="0.7")


# -- Lemma 2: ||grad f'|| >= m K for mu not in Rect(0), mu, mu* in B(C), mu* in Sep(gamma) -----------
# Rect(0) is empty, so collapsed generators mu = (t, t) qualify. grad f' is continuous away from
# mu = mu* (it is the integral over {F > 0} of d/dmu F), and along t -> (t, t) its first component
# is alpha h(t) with h the edge-density sum; if h changes sign between ta and tb, it vanishes in
# between (intermediate values), so no K > 0 can bound ||grad f'|| from below.


@claim(ta=(-1, "0.6"), tb=("0.6", 1), source="seed 000, Lemma 2", expect="refuted",
       reading=f"alpha = {ALPHA}, C = 1, gamma = 1, mu* = (-1, 1) (in B(1) and Sep(1)); Lemma 2 implies that "
               "grad f' has no zero on the collapsed segment {(t, t)} (inside B(1), outside the empty Rect(0)), so "
               "its first component keeps its sign between any two points; a sign change refutes the lemma for "
               "every K > 0. Adding mu in Sep(delta), as Lemma 3 has, excludes this point but does not repair the "
               "proof: it rests on Lemma 1, which fails at each function's own discriminator, so f' needs a lower "
               "bound of its own (reports/FINDINGS.md, finding 1)")
def lemma2_no_stationary_point_on_collapsed_generators(ta, tb):
    first = grad_f((ta, ta), MU_STAR, alpha=ALPHA)[0] * grad_f((tb, tb), MU_STAR, alpha=ALPHA)[0]
    return first > 0


# -- Lemma 3 ------------------------------------------------------------------------------------------


lemma3_conclusion = note(
    "lemma3_conclusion", source="seed 000, Lemma 3 (||grad f'(mu) - grad f'(mu')|| <= (M/2) K <= (M/2m) ||f'(mu)||)",
    status="not checkable",
    why="K is only given as Omega(1) (delta e^{-C^2}/C)^{O(1)}, so the bound has no concrete value to check. Its "
        "proof uses the first step (lemma1_same_discriminator_upper, proved in reading (a)), Li et al. Lemma 4.4 for K/2, and "
        "Lemma 2 for mK <= ||grad f'(mu)||; as printed the last term is ||f'(mu)||, the objective, where the "
        "gradient is meant. Lemma 2 as stated is refuted (collapsed generators); mu in Sep(delta) (a hypothesis "
        "Lemma 3 has) excludes those, but Lemmas 2 and 3 still rest on Lemma 1, which fails at each function's own "
        "discriminator: they need Li et al.'s Lemmas 4.3 and 4.4 redone for f' (reports/FINDINGS.md, finding 1). "
        "Numbers for f with mu in Sep(delta) are in the li-lemma43 experiment (tested). Lemma 2 for f' itself "
        "(alpha = 0.3, C = 1, delta = 0.2, reading R1) is proved on a piece of its region only "
        "(seed000_weighted_proved.py), with float minima per alpha and cell in the report.",
    see=(("experiment li-lemma43 (certified gradient bounds for concrete C, gamma, delta)",
          "reports/experiments/li-lemma43.md"),
         ("Lemma 2 for f' (claims)", "lemmas/seed000_weighted_proved.py"),
         ("float minima of ||grad f'|| per alpha and cell", "reports/gan_constants/lemma44_thm31.md")))


# -- Newly found on a second, line-by-line reading (reports/FINDINGS.md) ---------------------------

weighted_generator_definition = note(
    "weighted_generator_definition",
    source="seed 000, Section 3.1: 'G_mu(x) = (1/sqrt(2 pi)) e^{-(x - mu)^2/2}', 'G'_{mu,alpha}(x) = alpha G_mu(x)'",
    status="not checkable",
    why="A definition that contradicts its use. As printed, G_mu is one Gaussian of a scalar mu (mu is in R^2), and "
        "G' = alpha G_mu makes L' = alpha L, f' = alpha f and grad f' = alpha grad f in both coordinates, so Lemma 1 "
        "would hold with m = M = alpha; the proof of Lemma 1 instead weights the first coordinate by alpha and the "
        "second by 1 - alpha, as eq. (1) and eq. (6) do. Correction: G_mu(x) = phi(x - mu_1) + phi(x - mu_2) (or with "
        "weights 1/2, MODEL.md), G'_{mu,alpha}(x) = alpha phi(x - mu_1) + (1 - alpha) phi(x - mu_2), phi the standard "
        "normal density. The claims of this file use the corrected definition.",
    see=(("the model page", "reports/MODEL.md"),))

typos_and_wording = note(
    "typos_and_wording", source="seed 000, typos, wording and a missing hypothesis (no statement to check)",
    status="not checkable",
    why="Lemma 3: 'K = Omega(1)(delta exp^{-C^2/C})^{O(1)}' is (delta e^{-C^2}/C) as in Lemma 2, '(Mm/2m)K' is (M/2)K, "
        "'L(mu, mu') cap opt(delta) = phi' is the empty set. Section 2: 'we only succeed on initializations of alpha' "
        "(alpha is known there) means initializations of mu^; Figure 2's 'initialization mu* = (-0.5, 0.5)' is the "
        "target, not an initialization; 'speed of convergence ... inversely proportional to alpha(1 - alpha)' means the "
        "number of iterations (the speed is proportional). Section 5, 'the loss function has at most 3 zeros': it is F "
        "of eq. (2), the density difference, whose zeros give the optimal discriminator, and F has at most 3 zeros only "
        "when it is not identically 0 (F = 0 when alpha^ = alpha* and mu^ = mu*); there may be 1, 2 (a tangency) or 3. "
        "Eq. (4) -> (5): int_I = sum_i int_{l_i}^{r_i} needs disjoint intervals (l_1 <= r_1 <= l_2 <= r_2, as seed 001 "
        "has); the claims' boxes keep them disjoint.")
