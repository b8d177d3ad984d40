"""Seed 001, Theorems A-1 and A-2 (zero counts of Gaussian combinations) and (A) (the TV between
two-component mixtures is attained by a union of two intervals), via Li et al. (2018) Appendix A.

Thm A-2: a combination of k same-variance Gaussian densities that is not identically zero has
at most k - 1 real zeros; in particular F = G_mu* - G_mu^ (four terms, any weights) has at most 3.

The proof checked here is the classical one (Descartes' rule for exponential sums):
sum_i c_i npdf(x - m_i) = npdf(x) g(x) with g(x) = sum_i b_i e^{m_i x}, b_i = c_i e^{-m_i^2/2}
(same zeros); merge equal means, and by induction on the number k of distinct means: e^{-m_1 x}
g(x) has the zeros of g, and its derivative is a sum of k - 1 exponentials, so by Rolle's theorem
g has at most one zero more than a (k - 1)-term sum; one nonzero term b e^{mx} has none. The two
algebraic steps are proved by sympy below; Rolle's theorem and the induction are textbook and
not re-checked. The hypotheses matter: the seed's "at least two different means" is not enough,
and with different variances the count exceeds k - 1 (both refuted below).

(A) follows: TV(P, Q) = int (P - Q)^+ = P(A) - Q(A) for A = {F > 0}, no set does better, and with
at most 3 zeros A is a union of at most two intervals (a half-line counts as an interval). With
different variances A can have three pieces, and then no two intervals attain the TV.
"""

from theorycheck import claim, d, exact, exp, max, note, npdf

SOURCE = "seed 001, Thm A-2"


@claim(x=(-4, 4), m1=(-2, 2), m2=(-2, 2), m3=(-2, 2), m4=(-2, 2), c1=(-1, 1), c2=(-1, 1), c3=(-1, 1),
       c4=(-1, 1), source=f"{SOURCE}, proof step 1", expect="proved",
       reading="sum_i c_i npdf(x - m_i) = npdf(x) sum_i c_i e^{m_i x - m_i^2/2}: the same zeros as an "
               "exponential sum (k = 4, as for F)")
def factor_out_npdf(x, m1, m2, m3, m4, c1, c2, c3, c4):
    terms = ((c1, m1), (c2, m2), (c3, m3), (c4, m4))
    lhs = sum(c * npdf(x - m) for c, m in terms)
    return lhs == npdf(x) * sum(c * exp(m * x - m**2 / 2) for c, m in terms)


def shifted_exponential_sum(x, m1, m2, m3, m4, b1, b2, b3, b4):
    return exp(-m1 * x) * (b1 * exp(m1 * x) + b2 * exp(m2 * x) + b3 * exp(m3 * x) + b4 * exp(m4 * x))


@claim(x=(-4, 4), m1=(-2, 2), m2=(-2, 2), m3=(-2, 2), m4=(-2, 2), b1=(-1, 1), b2=(-1, 1), b3=(-1, 1),
       b4=(-1, 1), source=f"{SOURCE}, proof step 2 (the Rolle step)", expect="proved",
       reading="d/dx [e^{-m_1 x} sum_{i<=4} b_i e^{m_i x}] = sum_{i=2..4} b_i (m_i - m_1) e^{(m_i - m_1) x}: "
               "one term fewer, so by Rolle one zero fewer at most")
def rolle_step_drops_a_term(x, m1, m2, m3, m4, b1, b2, b3, b4):
    lhs = d(shifted_exponential_sum, "x")(x, m1, m2, m3, m4, b1, b2, b3, b4)
    return lhs == sum(b * (m - m1) * exp((m - m1) * x) for b, m in ((b2, m2), (b3, m3), (b4, m4)))


def li_F(x, mu1, mu2, nu1, nu2):
    """F = G_mu - G_nu of Li et al., weights 1/2."""
    return (npdf(x - mu1) + npdf(x - mu2)) / 2 - (npdf(x - nu1) + npdf(x - nu2)) / 2


@claim(x1=(-3, -2), x2=(-1, 0), x3=(0, 1), x4=(2, 3), source=f"{SOURCE} as stated ('at least two different "
       "means')", expect="refuted",
       reading="mu = (-1, 1), nu = (1, -1): two different means, yet F = 0 identically, so F has more than 3 "
               "zeros (4 distinct zeros shown). The right hypothesis: F not identically zero (the multisets of "
               "means, with weights, differ)")
def hypothesis_two_different_means_is_not_enough(x1, x2, x3, x4):
    values = [abs(li_F(x, -1, 1, 1, -1)) for x in (x1, x2, x3, x4)]
    return max(*values) > 0


def two_scales(x, s):
    """N(0, 1) - N(0, s^2): two Gaussians with the same mean and mass, different variances."""
    return npdf(x) - npdf(x / s) / s


@claim(x1=(-6, -2), x2=(-1, 1), x3=(2, 6), s=("1.5", 3),
       source=f"sharpness check of {SOURCE} (not a defect): its same-variance hypothesis is needed (k = 2)",
       expect="refuted",
       reading="at most k - 1 = 1 zero would allow at most one sign change; N(0,1) - N(0,s^2) changes sign "
               "twice (- + -), so it has 2 zeros")
def different_variances_k2_at_most_one_zero(x1, x2, x3, s):
    return max(two_scales(x1, s), -two_scales(x2, s), two_scales(x3, s)) >= 0


NARROW = exact("0.3")  # the sd 3/10 exactly (a float 0.3 here, outside a body, would be its binary double)


def narrow_wide_vs_li(x):
    """P - Q, P = N(0, 0.3^2)/2 + N(0, 5^2)/2 (different variances), Q = N(-2,1)/2 + N(2,1)/2."""
    p = npdf(x / NARROW) / NARROW / 2 + npdf(x / 5) / 5 / 2
    return p - (npdf(x + 2) + npdf(x - 2)) / 2


@claim(x1=(-10, -5), x2=(-3, -1), x3=("-0.5", "0.5"), x4=(1, 3), x5=(5, 10),
       source=f"sharpness check of {SOURCE} and (A) (not a defect): their same-variance hypothesis is needed "
              "(k = 4, two two-component mixtures)",
       expect="refuted",
       reading="at most 3 zeros would allow at most 3 sign changes, and (A) needs {P > Q} to be at most two "
               "intervals; with P = N(0,0.3^2)/2 + N(0,5^2)/2 and Q = N(-2,1)/2 + N(2,1)/2, P - Q has the pattern "
               "+ - + - +: 4 zeros, and {P > Q} has three pieces separated by sets where P < Q, so every union of "
               "two intervals misses TV(P, Q) by a positive amount")
def different_variances_k4_three_positive_pieces(x1, x2, x3, x4, x5):
    return max(-narrow_wide_vs_li(x1), narrow_wide_vs_li(x2), -narrow_wide_vs_li(x3), narrow_wide_vs_li(x4),
               -narrow_wide_vs_li(x5)) >= 0


TV_SOURCE = "seed 001, (A): d_TV(G_mu, G_nu) = max over two disjoint intervals"


@claim(p=(0, 1), q=(0, 1), source=f"{TV_SOURCE}, step 1", expect="proved",
       reading="pointwise |p - q|/2 = (p - q)^+ - (p - q)/2; integrated (int (P - Q) = 0): TV = int (P - Q)^+ "
               "= P(A) - Q(A), A = {P > Q}")
def tv_is_the_mass_of_the_positive_part(p, q):
    return abs(p - q) / 2 == max(p - q, 0) - (p - q) / 2


@claim(F=(-1, 1), t=(0, 1), source=f"{TV_SOURCE}, step 2", expect="proved",
       reading="pointwise F t <= F^+ for a discriminator value t in [0, 1], F = P - Q: no discriminator (any set, "
               "or soft) beats A = {F > 0}")
def no_discriminator_beats_the_positive_set(F, t):
    return F * t <= max(F, 0)


tv_two_intervals_same_variance = note(
    "tv_two_intervals_same_variance", source=f"{TV_SOURCE}, step 3 (unit variances, any weights)",
    status="not checkable",
    why="A statement over all parameters that rests on Thm A-2 (k = 4: at most 3 zeros, so at most 3 sign changes, "
        "so {F > 0} is at most two intervals: the sign pattern +-+- or -+-+ gives two pieces). Steps 1 and 2 are "
        "proved above, the zero bound by the exponential-sum proof above (thm_a2_all_k); for any concrete pair "
        "theorycheck.gaussians.optimal_discriminator returns the two intervals with certified ends and a rigorous "
        "TV enclosure. With different variances (A) fails: different_variances_k4_three_positive_pieces.",
    see=(("the certified optimal discriminator", "theorycheck/gaussians/discriminator.py"),))

thm_a2_all_k = note(
    "thm_a2_all_k", source=f"{SOURCE}, general k (and the alpha-weighted F of seed 000: 'at most 3 zeros even "
    "with alpha != 1/2')", status="not checkable",
    why="A statement over every k and every weight vector is not a finite claim. Its proof is: the factorisation "
        "(factor_out_npdf, proved for k = 4, the same algebra for any k), the Rolle step (rolle_step_drops_a_term, "
        "proved for k = 4) and Rolle's theorem with induction on the number of distinct means (textbook, not "
        "re-checked). Weights enter only as the coefficients b_i, so alpha != 1/2 changes nothing: the "
        "alpha-weighted F has at most 3 zeros. theorycheck.gaussians.real_zeros counts zeros of any concrete "
        "combination with a certificate (tests/test_gaussians.py checks it against this bound).",
    see=(("the certified zero counter", "theorycheck/gaussians/zeros.py"),))

thm_a1 = note(
    "thm_a1", source="seed 001, Thm A-1 (convolution with N(0, sigma^2) does not add zeros)", status="not checkable",
    why="It quantifies over all analytic functions with at most n zeros, which no finite claim expresses. As "
        "written it also needs a reading: f must grow slower than e^{x^2/(2 sigma^2)} for the convolution to exist "
        "(f = e^{x^2} is analytic, has no zeros, and f * N(0, sigma^2) diverges for sigma^2 >= 1/2), and 'zeros' "
        "should be counted with multiplicity or as sign changes (the variation-diminishing property of the Gaussian "
        "kernel). Its only use here, Thm A-2, is checked through the exponential-sum proof above instead.",
    next_step="to check an instance, write f and its convolution in closed form (e.g. a polynomial, whose "
              "convolution with N(0, sigma^2) is again a polynomial) and count sign changes with a claim like "
              "different_variances_k2_at_most_one_zero.")
