"""Seed 004 (GANs from a mathematical perspective): eq. (2), D*, and the f-divergence table.

Convention of the seed's eq. (3): D_f(P||Q) = integral q f(p/q). Each row is checked
(a) pointwise in p = p(x) > 0, q = q(x) > 0 (the integrand q f(p/q) against the integrand of the
stated closed form; sympy), and where a row is false also on concrete Gaussian mixtures (the
integrals, enclosed with rigorous tail bounds, theorycheck.divergences);
(b) T* = f'(p/q) against the stated T*, pointwise (derivative steps).
"""

from theorycheck import Phi, all_of, claim, d, log, note, sqrt
from theorycheck.divergences import (GENERATORS, Mixture, average, chi2_tail, f_divergence, integrate, jsd, kl, mass_tail,
                                      mixture_sum)

SOURCE = "seed 004, f-divergence table"
PQ = dict(p=("0.01", 10), q=("0.01", 10))


def row(name, printed=True):
    return f"{SOURCE}, {name}: D_f {'as printed' if printed else 'corrected'}"


# -- (a) the closed forms, pointwise --------------------------------------------------------------


@claim(**PQ, source=row("Kullback-Leibler"), expect="proved", reading="q f(p/q) = p log(p/q), f = u log u")
def kl_closed_form(p, q):
    return q * GENERATORS["kl"](p / q) == p * log(p / q)


@claim(**PQ, source=row("Reverse KL"), expect="proved", reading="q f(p/q) = q log(q/p), f = -log u")
def reverse_kl_closed_form(p, q):
    return q * GENERATORS["reverse_kl"](p / q) == q * log(q / p)


@claim(**PQ, source=row("Pearson chi^2"), expect="refuted",
       reading="q f(p/q) with f = (u - 1)^2 is (p - q)^2/q, not the printed (q - p)^2/p (that is Neyman chi^2)")
def pearson_closed_form_as_printed(p, q):
    return q * GENERATORS["pearson"](p / q) == (q - p)**2 / p


@claim(**PQ, source=row("Pearson chi^2", printed=False), expect="proved",
       reading="q f(p/q) = (p - q)^2/q")
def pearson_closed_form_corrected(p, q):
    return q * GENERATORS["pearson"](p / q) == (p - q)**2 / q


@claim(**PQ, source=row("Squared Hellinger"), expect="proved",
       reading="q f(p/q) = (sqrt p - sqrt q)^2, f = (sqrt u - 1)^2")
def hellinger_closed_form(p, q):
    return q * GENERATORS["hellinger"](p / q) == (sqrt(p) - sqrt(q))**2


@claim(**PQ, source=row("Jensen-Shannon"), expect="refuted",
       reading="q f(p/q) with f = -(u + 1) log((1 + u)/2) + u log u is p log(2p/(p+q)) + q log(2q/(p+q)): "
               "twice the printed integrand (the 1/2 of the printed D_f)")
def js_closed_form_as_printed(p, q):
    return q * GENERATORS["js"](p / q) == (p * log(2 * p / (p + q)) + q * log(2 * q / (p + q))) / 2


@claim(**PQ, source=row("Jensen-Shannon", printed=False), expect="proved",
       reading="the printed f gives 2 JSD; D_f = JSD needs f/2")
def js_closed_form_corrected(p, q):
    return q * GENERATORS["js"](p / q) / 2 == (p * log(2 * p / (p + q)) + q * log(2 * q / (p + q))) / 2


@claim(**PQ, source=row("GAN"), expect="proved",
       reading="q f(p/q) = p log(2p/(p+q)) + q log(2q/(p+q)) - (p + q) log 2; integrated over two "
               "probability densities the last term is log 4, as printed")
def gan_closed_form(p, q):
    return q * GENERATORS["gan"](p / q) == p * log(2 * p / (p + q)) + q * log(2 * q / (p + q)) - (p + q) * log(2)


# -- (a) the false rows on Gaussian mixtures --------------------------------------------------------

MIX = dict(a1=(-2, 0), a2=(0, 2), b=(-1, 1))


def mixtures(a1, a2, b):
    """P = (N(a1, 1) + N(a2, 1))/2 and Q = N(b, 1): chi^2 is finite both ways (2 t^2 > s^2)."""
    return Mixture([0.5, 0.5], [a1, a2], [1, 1]), Mixture([1], [b], [1])


@claim(**MIX, source=f"{SOURCE}, Pearson chi^2 on Gaussian mixtures", expect="refuted",
       reading="integral q f(p/q), f = (u - 1)^2, against the printed integral (q - p)^2/p")
def pearson_on_mixtures_as_printed(a1, a2, b):
    P, Q = mixtures(a1, a2, b)
    return f_divergence("pearson", P, Q) == integrate(lambda x: (Q(x) - P(x))**2 / P(x), chi2_tail(Q, P))


@claim(**MIX, source=f"{SOURCE}, Jensen-Shannon on Gaussian mixtures", expect="refuted",
       reading="integral q f(p/q) with the printed f against the printed D_f (= JSD)")
def js_on_mixtures_as_printed(a1, a2, b):
    P, Q = mixtures(a1, a2, b)
    return f_divergence("js", P, Q) == jsd(P, Q)


# -- (b) T* = f'(p/q) -------------------------------------------------------------------------------


def tstar(name):
    return d(GENERATORS[name], "u")


@claim(**PQ, source=f"{SOURCE}, Kullback-Leibler T*", expect="proved", reading="f'(u) = 1 + log u")
def kl_tstar(p, q):
    return tstar("kl")(p / q) == 1 + log(p / q)


@claim(**PQ, source=f"{SOURCE}, Reverse KL T*", expect="proved", reading="f'(u) = -1/u")
def reverse_kl_tstar(p, q):
    return tstar("reverse_kl")(p / q) == -q / p


@claim(**PQ, source=f"{SOURCE}, Pearson chi^2 T*", expect="proved", reading="f'(u) = 2(u - 1)")
def pearson_tstar(p, q):
    return tstar("pearson")(p / q) == 2 * (p / q - 1)


@claim(**PQ, source=f"{SOURCE}, Squared Hellinger T*", expect="proved", reading="f'(u) = (sqrt u - 1)/sqrt u")
def hellinger_tstar(p, q):
    return tstar("hellinger")(p / q) == (sqrt(p / q) - 1) * sqrt(q / p)


@claim(**PQ, source=f"{SOURCE}, Jensen-Shannon T*", expect="proved", reading="f'(u) = log(2u/(1 + u))")
def js_tstar(p, q):
    return tstar("js")(p / q) == log(2 * p / (p + q))


@claim(**PQ, source=f"{SOURCE}, GAN T*", expect="proved", reading="f'(u) = log(u/(1 + u))")
def gan_tstar(p, q):
    return tstar("gan")(p / q) == log(p / (p + q))


# -- eq. (1)-(2): the optimal discriminator and the value at it ------------------------------------

EQ2 = "seed 004, eq. (1)-(2)"


def pointwise_value(pr, pg, D):
    """The integrand of V(D, G) at one x: p_r log D + p_g log(1 - D)."""
    return pr * log(D) + pg * log(1 - D)


@claim(pr=("0.01", 10), pg=("0.01", 10), source=f"{EQ2}, D* = p_r/(p_r + p_g)", expect="proved",
       reading="the pointwise value is stationary in D at D*")
def optimal_discriminator_is_stationary(pr, pg):
    return d(pointwise_value, "D")(pr, pg, pr / (pr + pg)) == 0


@claim(pr=("0.01", 10), pg=("0.01", 10), source=f"{EQ2}, D* = p_r/(p_r + p_g)", expect="proved",
       reading="and a maximum: the second derivative -p_r/D^2 - p_g/(1 - D)^2 is negative")
def optimal_discriminator_is_a_maximum(pr, pg):
    return d(d(pointwise_value, "D"), "D")(pr, pg, pr / (pr + pg)) < 0


@claim(**MIX, source=f"{EQ2}, V(D*, G) = 2 JSD(P_r||P_g) - 2 log 2", expect="proved",
       reading="P_r, P_g Gaussian mixtures; V(D*) = 2 JSD - log 2 integral (p_r + p_g), and the masses are 1")
def value_at_optimal_discriminator(a1, a2, b):
    P, Q = mixtures(a1, a2, b)
    both = mixture_sum(P, Q)
    value = integrate(lambda x: P(x) * log(P(x) / (P(x) + Q(x))) + Q(x) * log(Q(x) / (P(x) + Q(x))),
                      mass_tail(P, Q, factor=2 + log(2)))
    return value == 2 * jsd(P, Q) - log(2) * integrate(both, mass_tail(both))


@claim(**MIX, source=f"{EQ2}, the masses", expect="proved",
       reading="integral p_r = integral p_g = 1, so log 2 integral (p_r + p_g) = 2 log 2")
def masses(a1, a2, b):
    P, Q = mixtures(a1, a2, b)
    return all_of(integrate(P, mass_tail(P)) == 1, integrate(Q, mass_tail(Q)) == 1)


# -- Theorem 1: disjoint supports give JSD = log 2 --------------------------------------------------

T1 = "seed 004, Theorem 1 (JSD of non-overlapping distributions is log 2)"


@claim(p=("0.01", 10), source=T1, expect="proved",
       reading="where q = 0 the JSD integrand is (p/2) log 2 (and symmetrically): over disjoint supports "
               "JSD = (log 2)/2 (mass of P) + (log 2)/2 (mass of Q) = log 2. Gaussians have full support, "
               "so this is the checkable pointwise content")
def js_integrand_off_the_other_support(p):
    return p * log(2 * p / (p + 0)) / 2 == p * log(2) / 2


@claim(**PQ, source=T1, expect="proved",
       reading="Gaussians never have disjoint supports: where both densities are positive the JSD "
               "integrand is strictly below (p + q)/2 log 2, so the JSD of Gaussians is strictly below log 2")
def js_integrand_below_its_disjoint_value(p, q):
    return (p * log(2 * p / (p + q)) + q * log(2 * q / (p + q))) / 2 < (p + q) / 2 * log(2)


# -- 'How weak': TV, JSD and KL (seed 004: delta -> 0 <=> JSD -> 0; KL -> 0 => JSD -> 0) -----------
# The integrands are homogeneous of degree 1 in (p, q) and symmetric, so each pointwise bound is
# checked at p = 1, q = t in (0, 1]; integrating it gives the bound between the divergences.

CHAIN = "seed 004, 'How weak': TV, JSD, KL"


def jsd_integrand(t):
    """JSD integrand at p = 1, q = t: (1/2) log(2/(1 + t)) + (1/2) t log(2t/(1 + t))."""
    return log(2 / (1 + t)) / 2 + t * log(2 * t / (1 + t)) / 2


@claim(t=("1e-12", 1), source=f"{CHAIN}: TV -> 0 => JSD -> 0", expect="proved",
       reading="pointwise JSD integrand <= (log 2 / 2) |p - q| (equality where q = 0); integrated: "
               "JSD(P||Q) <= log 2 * TV(P, Q)")
def jsd_at_most_log2_times_tv(t):
    return jsd_integrand(t) <= log(2) * (1 - t) / 2


@claim(t=("1e-12", 1), source=f"{CHAIN}: JSD -> 0 => TV -> 0", expect="proved",
       reading="pointwise JSD integrand >= (p - q)^2 / (5 (p + q)); integrated, with Cauchy-Schwarz "
               "(int |p - q|)^2 <= int (p - q)^2/(p + q) * int (p + q) = 2 int (p - q)^2/(p + q): JSD >= (2/5) TV^2. "
               "(With 1/4 in place of 1/5 the bound touches to fourth order at p = q, where this prover stops; "
               "Pinsker's inequality gives the sharper JSD >= TV^2/2)")
def jsd_at_least_two_fifths_tv_squared(t):
    return jsd_integrand(t) >= (1 - t) ** 2 / (5 * (1 + t))


chain_with_kl = note(
    "chain_with_kl", source=f"{CHAIN}: KL(P_g||P_r) -> 0 => JSD -> 0, KL the strongest", status="not checkable",
    why="A statement over all distributions, which follows from Pinsker's inequality TV <= sqrt(KL/2) (textbook, "
        "not re-checked; on N(0,1), N(Delta,1) it is TV = 2 Phi(Delta/2) - 1 <= Delta/2, proved as "
        "tv_of_unit_normals_at_most_half_the_mean_gap) and jsd_at_most_log2_times_tv: JSD <= log 2 sqrt(KL/2). "
        "The Wasserstein links need the metric structure and are not encoded.",
    see=(("Lemma B.2, O(1) form", "reports/li2018_lemma_b2/tv_of_unit_normals_at_most_half_the_mean_gap.md"),))


# -- Newly found on a second, line-by-line reading (reports/FINDINGS.md) ---------------------------
# Each claim below encodes one statement of the seed in its most reasonable reading; a typo or a
# missing hypothesis that no point can decide is a note with the exact text and the correction.

NEW = "seed 004"


@claim(pr=("0.01", 10), pg=("0.01", 10), source=f"{NEW}, GAN slide: 'Discriminator D ... discriminate the probability "
       "of a data comes from P_g'", expect="refuted",
       reading="D(x) read as the probability that x comes from P_g (equal priors): p_g/(p_r + p_g). Eq. (1) is not "
               "stationary in D there wherever p_r != p_g; its maximiser is D* = p_r/(p_r + p_g), the probability "
               "of coming from P_r, as the slide's next line says (optimal_discriminator_is_stationary)")
def discriminator_as_probability_of_generated(pr, pg):
    return d(pointwise_value, "D")(pr, pg, pg / (pr + pg)) == 0


def unit_normals(m):
    return Mixture([1], [0], [1]), Mixture([1], [m], [1])


@claim(m=("0.5", 2), source=f"{NEW}, 'How weak': JSD(P_r||P_g) = KL(P_r||M) + KL(P_g||M), M = (P_r + P_g)/2, "
       "in eq. (2)", expect="refuted",
       reading="P_r = N(0, 1), P_g = N(m, 1): eq. (2), V(D*) = 2 JSD - 2 log 2, with the JSD of the 'How weak' "
               "list (no 1/2 before the two KL terms); eq. (2) holds with the 1/2 (value_at_optimal_discriminator)")
def eq2_with_the_jsd_of_how_weak(m):
    P, Q = unit_normals(m)
    M = average(P, Q)
    value = integrate(lambda x: P(x) * log(P(x) / (P(x) + Q(x))) + Q(x) * log(Q(x) / (P(x) + Q(x))),
                      mass_tail(P, Q, factor=2 + log(2)))
    return value == 2 * (kl(P, M) + kl(Q, M)) - 2 * log(2)


@claim(source=f"{NEW}, eq. (3): 'f: R_+ -> R is convex, lower-semicontinuous, with f(1) = 0', and the table's "
       "GAN row f(u) = u log u - (u + 1) log(u + 1)", expect="refuted",
       reading="the GAN generator at u = 1 is -2 log 2, not 0: D_f(P||P) = -log 4, so the GAN row is not an "
               "f-divergence in the sense defined two lines before the table (its closed form, with the - log(4), "
               "is right: gan_closed_form)")
def gan_generator_vanishes_at_one():
    u = 1
    return u * log(u) - (u + 1) * log(u + 1) == 0


@claim(source=f"{NEW}, the table's GAN row, corrected", expect="proved",
       reading="f(u) + (u + 1) log 2 vanishes at u = 1 and integrates to the same D_f plus log 4, i.e. 2 JSD")
def gan_generator_shifted_vanishes_at_one():
    u = 1
    return u * log(u) - (u + 1) * log(u + 1) + (u + 1) * log(2) == 0


# IPM with F = {||f||_inf <= 1} for P_r = N(0, 1), P_g = N(0, s^2), s > 1. The densities cross at +-z,
# z = s sqrt(2 log s / (s^2 - 1)), and p_r > p_g exactly on (-z, z) (by hand). Hence
#   the seed's TV, delta = sup_A |P_r(A) - P_g(A)|, is attained at A = (-z, z): 2 Phi(z) - 2 Phi(z/s);
#   f = 1 on (-z, z) and -1 outside is in F and gives (P_r - P_g)(A) - (P_r - P_g)(A^c) = 2 delta;
#   the Kolmogorov distance sup_t |Phi(t) - Phi(t/s)| is attained where its derivative p_r - p_g vanishes,
#   t = +-z: Phi(z) - Phi(z/s) = delta/2.
IPM = dict(s=("1.5", "2.5"))


def crossing(s):
    return s * sqrt(2 * log(s) / (s**2 - 1))


@claim(**IPM, source=f"{NEW}, Conclusion: 'TV distance ...: F = {{f: ||f||_inf <= 1}}' in eq. (18)", expect="refuted",
       reading="TV as the seed defines it ('How weak': delta = sup_A |P_r(A) - P_g(A)|), P_r = N(0, 1), "
               "P_g = N(0, s^2): gamma_F = delta would need gamma_F <= delta, but f = +-1 (the sign of p_r - p_g) "
               "is in F and gives 2 delta; F = {||f||_inf <= 1} gives integral |p_r - p_g| = 2 delta "
               "(F = {0 <= f <= 1} gives delta)")
def sup_norm_ipm_is_the_tv_of_how_weak(s):
    z = crossing(s)
    delta = 2 * Phi(z) - 2 * Phi(z / s)
    return 2 * delta <= delta


@claim(**IPM, source=f"{NEW}, Conclusion: '... or Kolmogorov distance: F = {{f: ||f||_inf <= 1}}' in eq. (18)",
       expect="refuted",
       reading="P_r = N(0, 1), P_g = N(0, s^2): the Kolmogorov distance sup_t |Phi(t) - Phi(t/s)| = "
               "Phi(z) - Phi(z/s) (at the crossing t = z) against gamma_F >= 2 delta = 4 (Phi(z) - Phi(z/s)); "
               "the Kolmogorov distance is the IPM of F = {1_(-inf, t]: t real}, at most delta in any reading of TV")
def kolmogorov_is_the_sup_norm_ipm(s):
    z = crossing(s)
    return Phi(z) - Phi(z / s) >= 2 * (2 * Phi(z) - 2 * Phi(z / s))


@claim(c=("0.01", "0.99"), source=f"{NEW}, Info. Theory, last line: 'min I(X, Z) => min_g max_Psi pi E_P_r log q(1|x) "
       "+ (1 - pi) E_P_g (1 - log q(1|x))'", expect="refuted",
       reading="the P_g term at q(1|x) = c against the one of eq. (17), log q(0|x) = log(1 - c)")
def mutual_information_last_line(c):
    return 1 - log(c) == log(1 - c)


jsd_to_zero_does_not_give_w_to_zero = note(
    "jsd_to_zero_does_not_give_w_to_zero",
    source=f"{NEW}, 'How weak': 'KL(P_g||P_r) -> 0 => JSD(P_r||P_g) -> 0 => W(P_r||P_g) -> 0'; 'Why it is weak': "
           "'W(P_r||P_g) -> 0 means P_g convergence in distribution to P_r'", status="not checkable",
    why="Missing hypothesis: a bounded (compact) space, as in the Wasserstein GAN paper. On R both fail (by hand): "
        "P_n = (1 - 1/n) N(0, 1) + (1/n) N(n^2, 1) differs from P_r = N(0, 1) by (1/n)(N(n^2, 1) - N(0, 1)), so "
        "TV(P_n, P_r) <= 1/n and JSD(P_n, P_r) <= (log 2)/n -> 0 (jsd_at_most_log2_times_tv, proved), and P_n -> P_r "
        "in distribution; but W_1(P_n, P_r) >= E_{P_n}[x] - E_{P_r}[x] = n (f(x) = x is 1-Lipschitz). On R, "
        "W_1 -> 0 is convergence in distribution plus convergence of the first absolute moments. Correction: 'on a "
        "compact metric space, KL -> 0 => JSD -> 0 <=> TV -> 0 => W -> 0 <=> convergence in distribution'.",
    see=(("jsd_at_most_log2_times_tv", "reports/seed004_f_divergences/jsd_at_most_log2_times_tv.md"),))

w_regularity_hypotheses = note(
    "w_regularity_hypotheses",
    source=f"{NEW}, Wasserstein distance, property 2: 'if g_theta is local Lipschitz, then W(P_r||P_g_theta) is "
           "continuous almost everywhere, differentiable almost everywhere'", status="not checkable",
    why="A statement about all generators, not checkable at a point. As printed it drops a hypothesis and weakens "
        "the conclusion of the Wasserstein GAN paper's Theorem 1 (by hand): there, g locally Lipschitz with "
        "E_z[L(theta, z)] < inf for its local Lipschitz constants L(theta, z) gives W continuous everywhere and "
        "differentiable almost everywhere.")

typos_and_wording = note(
    "typos_and_wording", source=f"{NEW}, typos and wording slips (no statement to check)", status="not checkable",
    why="(13): 'Phi(x_j)' in the second sum must be Phi(y_j) over the M generated samples y_j ~ P_g (as printed both "
        "sums run over data points). (16): 'KL[p(z|x) || q(y|x)]' must be KL[p(z|x) || q(z|x)] (then (16) is right: "
        "I = H(Z) - H(Z|X)). 'Generator G_theta hopes to inference the value of pi, try to independent with Z': the "
        "generator wants X independent of Z, so that Z cannot be inferred from X. (18): 'F is a set which contains "
        "all real valued, bounded measurable functions' must read 'F is a class of real-valued bounded measurable "
        "functions' (with every bounded measurable f, gamma_F is infinite whenever P_r != P_g).")
