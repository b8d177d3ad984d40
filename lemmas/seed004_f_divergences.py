"""Seed 004 (GANs from a mathematical perspective): eq. (2), D*, and the f-divergence table.

Convention of the seed's eq. (3): D_f(P||Q) = integral q f(p/q). Each row is checked
(a) pointwise in p = p(x) > 0, q = q(x) > 0 (the integrand q f(p/q) against the integrand of the
stated closed form; sympy), and where a row is false also on concrete Gaussian mixtures (the
integrals, enclosed with rigorous tail bounds, theorycheck.divergences);
(b) T* = f'(p/q) against the stated T*, pointwise (derivative steps).
"""

from theorycheck import all_of, claim, d, log, note, sqrt
from theorycheck.divergences import GENERATORS, Mixture, chi2_tail, f_divergence, integrate, jsd, mass_tail, mixture_sum

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
