"""Seed 003 (lecture notes on GANs): the minimax objective and its optimal discriminator, the JS
divergence, the two directions of KL, vanishing generator gradients, the two toy two-sample
problems and the distance D_A.

What of the notes this file needs. The objective is printed as min over the generator theta, max
over the discriminator phi, of V = -1/2 E_data ln D(x) - 1/2 E_z ln(1 - D(G(z))), and the optimal
discriminator as D_opt = p_data/(p_data + p_model). The goal is to minimise
JS(P||Q) = KL(P||M)/2 + KL(Q||M)/2, M = (P + Q)/2; KL(p_data||p_model) "prefers to overgeneralize"
and KL(p_model||p_data) "focuses on one mode"; "one direction of KL is maximum likelihood". If the
discriminator gets ahead, the generator's gradients are close to 0; the alternative generator loss
J = -1/2 E_z ln D(G(z)) avoids this. Toy problem 1: Uniform{1..N} against Uniform{1..N/2}, O(1)
samples suffice; toy problem 2: Uniform{1..N} against Uniform(A), |A| = N/2 unknown, Omega(sqrt N)
samples are needed (until a point repeats). D_A(P1, P2) = sup over a in A of |P1(a) - P2(a)| for a
family A of sets, "a metric"; for intervals, uniform on the odd points and uniform on the even
points are close in D_A. The total variation corresponds to the ideal (binary) discriminator.

Pointwise claims use p = p_data(x) > 0, q = p_model(x) > 0 and D = D(x) in (0, 1) at one x; the
integrals are over Gaussian mixtures, enclosed with rigorous tail bounds (theorycheck.divergences).
"""

from fractions import Fraction

from theorycheck import Phi, all_of, claim, d, exact, exp, log, note
from theorycheck.divergences import Mixture, average, gaussian, integrate, jsd, kl, log_ratio_tail

SOURCE = "seed 003, 1.2"
PQ = dict(p=("0.1", 10), q=("0.1", 10))
PQD = dict(**PQ, D=("0.01", "0.99"))


# -- the objective V and the optimal discriminator (pointwise at one x) ---------------------------


def printed_v(p, q, D):
    """The integrand of the printed V at one x: -(1/2) p ln D - (1/2) q ln(1 - D)."""
    return -p * log(D) / 2 - q * log(1 - D) / 2


def d_opt(p, q):
    return p / (p + q)


@claim(**PQD, source=f"{SOURCE}, max over phi of V, attained at D_opt = p_data/(p_data + p_model), as printed",
       expect="refuted",
       reading="the discriminator maximises the printed V pointwise, with D_opt its maximiser: V(D) <= V(D_opt). "
               "The printed V is the discriminator's cross-entropy, which D_opt minimises; its sup over D is +inf")
def optimal_d_maximises_printed_v(p, q, D):
    return printed_v(p, q, D) <= printed_v(p, q, d_opt(p, q))


@claim(**PQ, source=f"{SOURCE}, D_opt, corrected", expect="proved",
       reading="D_opt is a stationary point of the printed V in D")
def printed_v_is_stationary_at_optimal_d(p, q):
    return d(printed_v, "D")(p, q, d_opt(p, q)) == 0


@claim(**PQD, source=f"{SOURCE}, D_opt, corrected", expect="proved",
       reading="the printed V is strictly convex in D (d^2V/dD^2 = p/(2 D^2) + q/(2 (1 - D)^2) > 0), so D_opt is "
               "its unique minimiser, i.e. the maximiser of -V = (E ln D + E ln(1 - D))/2, the usual GAN value: "
               "the discriminator minimises the printed V, and min over theta of max over phi of V has its "
               "signs reversed (max over theta of min over phi of V is the game meant)")
def printed_v_is_convex_in_d(p, q, D):
    return d(d(printed_v, "D"), "D")(p, q, D) > 0


@claim(**PQD, source=f"{SOURCE}, max over phi of V", expect="proved",
       reading="sup over D of the printed V is +inf: V(D) >= -(p/2) ln D, which grows without bound as D -> 0")
def printed_v_is_unbounded_in_d(p, q, D):
    return printed_v(p, q, D) >= -p * log(D) / 2


# -- V at D_opt and the JS divergence (1)-(3), on Gaussian mixtures --------------------------------

MIX = dict(a1=(-2, 0), a2=(0, 2), b=(-1, 1))
JS = "seed 003, 1.2, eq. (1)-(3)"


def data_and_model(a1, a2, b):
    """p_data = (N(a1, 1) + N(a2, 1))/2 and p_model = N(b, 1)."""
    return Mixture([0.5, 0.5], [a1, a2], [1, 1]), gaussian(b, 1)


def js_integrand(p, q):
    """The integrand of JS at one x: (p ln(p/m) + q ln(q/m))/2, m = (p + q)/2."""
    m = (p + q) / 2
    return (p * log(p / m) + q * log(q / m)) / 2


@claim(**PQ, source=f"{SOURCE}, 'against a powerful discriminator ... the same as minimizing the divergence'",
       expect="proved",
       reading="V(D_opt) = log 2 - JS(p_data||p_model): pointwise V(D_opt) = (log 2/2)(p + q) - the JS integrand, "
               "and integrated over x with masses 1 (lemmas/seed004_f_divergences.py::value_at_optimal_discriminator "
               "and ::masses check the integrals, for V without the 1/2s and the sign). So minimising over theta the "
               "discriminator's best (smallest) V maximises JS; the game meant, max over theta of min over phi, "
               "minimises JS as in (1)")
def printed_v_at_optimal_d(p, q):
    return printed_v(p, q, d_opt(p, q)) == log(2) / 2 * (p + q) - js_integrand(p, q)


@claim(**MIX, source=f"{JS}, definition (2)-(3)", expect="proved",
       reading="(2)-(3) with the natural log, KL(P||M)/2 + KL(Q||M)/2, M = (P + Q)/2, equals the one integral "
               "of (p ln(p/M) + q ln(q/M))/2 that jsd encloses (the JS used in the claims here)")
def js_is_the_average_of_two_kl_to_the_midpoint(a1, a2, b):
    P, Q = data_and_model(a1, a2, b)
    M = average(P, Q)
    return jsd(P, Q) == kl(P, M) / 2 + kl(Q, M) / 2


@claim(**MIX, source=f"{JS}, (2) is symmetric", expect="proved", reading="JS(P||Q) = JS(Q||P)")
def js_is_symmetric(a1, a2, b):
    P, Q = data_and_model(a1, a2, b)
    return jsd(P, Q) == jsd(Q, P)


# -- the two directions of KL, and maximum likelihood --------------------------------------------

KLDIR = "seed 003, 1.2, 'Two versions of KL'"


def two_modes(a):
    """p_data = (N(-a, 1) + N(a, 1))/2: two modes for a > 1."""
    return Mixture([0.5, 0.5], [-a, a], [1, 1])


@claim(source=f"{KLDIR}: KL(p_data||p_model) prefers to overgeneralize", expect="proved",
       reading="p_data with modes at -3 and 3; among Gaussian models the moment-matched N(0, 10), which covers "
               "both modes, has far smaller KL(p_data||model) than N(3, 1), which fits one mode exactly "
               "(about 0.46 against 8.3)")
def forward_kl_prefers_covering_both_modes():
    p = two_modes(3)
    return kl(p, gaussian(0, 10**0.5)) < kl(p, gaussian(3, 1))


@claim(source=f"{KLDIR}: KL(p_model||p_data) focuses on one mode", expect="proved",
       reading="modes at -3 and 3 (well separated): N(3, 1) on one mode has KL(model||p_data) below 3/4 (about "
               "0.69), and the moment-matched N(0, 10) above 3/4 (reverse_kl_of_the_covering_fit): the one-mode "
               "fit is preferred")
def reverse_kl_of_the_one_mode_fit():
    return kl(gaussian(3, 1), two_modes(3)) < 0.75


@claim(source=f"{KLDIR}: KL(p_model||p_data) focuses on one mode", expect="proved",
       reading="modes at -3 and 3: the moment-matched N(0, 10) has KL(model||p_data) above 3/4 (about 0.94); "
               "two claims rather than one comparison, to keep each integral within the time budget")
def reverse_kl_of_the_covering_fit():
    return kl(gaussian(0, 10**0.5), two_modes(3)) > 0.75


@claim(source=f"{KLDIR}: KL(p_model||p_data) focuses on one mode", expect="refuted",
       reading="for every two-mode p_data: at modes -2 and 2 (p_data is bimodal for a > 1) the one-mode fit "
               "N(2, 1) has larger KL(model||p_data) than the moment-matched N(0, 5) (about 0.63 against 0.25); "
               "numerically the best Gaussian in reverse KL is centred, about N(0, 2.05^2), up to a of about "
               "2.6, and the two fits compared here cross at a of about 2.70")
def reverse_kl_prefers_one_mode_for_every_two_mode_target():
    p = two_modes(2)
    return kl(gaussian(2, 1), p) < kl(gaussian(0, 5**0.5), p)


@claim(theta=(-1, 1), s=("0.5", 2), source="seed 003, 1.2, 'One direction of KL is maximum likelihood'",
       expect="proved",
       reading="KL(p_data||p_theta) = integral p_data ln p_data - E_data ln p_theta, p_theta = N(theta, s^2), "
               "p_data = (N(-1, 1) + N(1, 1))/2: the first term does not depend on theta, so minimising this KL "
               "over the model is maximising the expected log-likelihood (the other direction, "
               "KL(p_theta||p_data), is not)")
def forward_kl_is_maximum_likelihood(theta, s):
    p, model = two_modes(1), gaussian(theta, s)
    return kl(p, model) == (integrate(lambda x: p(x) * log(p(x)), log_ratio_tail(p, p, p))
                            - integrate(lambda x: p(x) * log(model(x)), log_ratio_tail(p, model, model)))


# -- vanishing generator gradients and the alternative loss (1.3.1) -------------------------------
# The discriminator's output on a generated point is D = sigmoid(a), a its logit. Per sample, the
# generator's loss in the game is (1/2) ln(1 - D) (it maximises the discriminator's cross-entropy,
# the printed V), the alternative is J = -(1/2) ln D. By the chain rule the gradient in theta is
# dloss/da times da/dtheta, the same second factor for both losses, so the claims compare dloss/da.

VG = "seed 003, 1.3.1"
AHEAD = dict(a=(-12, -6))  # the discriminator is ahead: D(G(z)) = sigmoid(a) <= sigmoid(-6), about 0.0025


def sigmoid(a):
    return 1 / (1 + exp(-a))


def minimax_loss(a):
    return log(1 - sigmoid(a)) / 2


def alternative_loss(a):
    return -log(sigmoid(a)) / 2


@claim(a=(-12, 12), source=f"{VG}, the generator's gradient in the game", expect="proved",
       reading="d/da (1/2) ln(1 - sigmoid(a)) = -sigmoid(a)/2 = -D/2")
def minimax_gradient_is_half_d(a):
    return d(minimax_loss, "a")(a) == -sigmoid(a) / 2


@claim(**AHEAD, source=f"{VG}, 'if the discriminator gets ahead ... the gradients of generator are close to 0'",
       expect="proved",
       reading="D = sigmoid(a) with logit a <= -6 (D <= 0.0025): |d loss/da| = D/2 <= 0.00125")
def minimax_gradient_vanishes_when_the_discriminator_is_ahead(a):
    return abs(d(minimax_loss, "a")(a)) <= 0.00125


@claim(D=("1e-6", "0.0025"), source=f"{VG}, 'the gradients of generator are close to 0'", expect="refuted",
       reading="the gradient with respect to the discriminator's output D itself (no sigmoid between): "
               "d/dD (1/2) ln(1 - D) = -1/(2 (1 - D)), about -1/2, not close to 0; the gradient vanishes "
               "through the sigmoid's saturation (the reading above), not through the loss")
def minimax_gradient_in_the_output_vanishes(D):
    return abs(d(lambda D: log(1 - D) / 2, "D")(D)) <= 0.00125


@claim(a=(-12, 12), source=f"{VG}, the alternative J = -(1/2) E_z ln D(G(z))", expect="proved",
       reading="d/da -(1/2) ln sigmoid(a) = -(1 - sigmoid(a))/2 = -(1 - D)/2")
def alternative_gradient_is_half_one_minus_d(a):
    return d(alternative_loss, "a")(a) == -(1 - sigmoid(a)) / 2


@claim(**AHEAD, source=f"{VG}, 'You tend not to have the vanishing gradient problem'", expect="proved",
       reading="where the game's gradient is below 0.00125 (D <= 0.0025), the alternative's is above 0.49")
def alternative_gradient_does_not_vanish(a):
    return abs(d(alternative_loss, "a")(a)) >= 0.49


@claim(a=(-12, 12), source=f"{VG}, the alternative replaces the game's generator loss", expect="proved",
       reading="both losses decrease in the logit everywhere: the same direction for the generator, only the "
               "size differs")
def both_losses_push_the_same_way(a):
    return all_of(d(minimax_loss, "a")(a) < 0, d(alternative_loss, "a")(a) < 0)



@claim(**PQ, source=f"{VG}, 'For other f divergences, the generator is also minimizing a different objective "
       "function'", expect="proved",
       reading="against D_opt the alternative loss is J = -(1/2) E_model ln D_opt = (KL(p_model||p_data) - "
               "KL(p_model||M) + log 2)/2, M = (p_data + p_model)/2: pointwise -(q/2) ln D_opt = (q ln(q/p) - "
               "q ln(q/m) + q log 2)/2, m = (p + q)/2, integrated with mass 1. A different objective from "
               "log 2 - JS, the game's value at D_opt (printed_v_at_optimal_d)")
def alternative_loss_at_optimal_d(p, q):
    m = (p + q) / 2
    return -q * log(d_opt(p, q)) / 2 == (q * log(q / p) - q * log(q / m) + q * log(2)) / 2

# -- the toy two-sample problems (1.4, Problem 1.1 with epsilon = 1/3) ----------------------------
# N is a real variable standing for an even integer: each formula below is the exact count for
# every even N (masses per point times numbers of points).

TOY = "seed 003, 1.4, Problem 1.1"


@claim(N=(2, 10**6), source=f"{TOY}, toy problems 1 and 2: the pairs are far apart", expect="proved",
       reading="TV(Uniform{1..N}, Uniform(A)) = (1/2) sum |P1 - P2| = (1/2)(N/2 (2/N - 1/N) + N/2 (1/N)) = 1/2 "
               "> 1/3 = epsilon, for A = {1..N/2} (toy 1) and for every A with |A| = N/2 (toy 2)")
def toy_pairs_are_half_apart_in_tv(N):
    tv = (N / 2 * (2 / N - 1 / N) + N / 2 * (1 / N)) / 2
    return tv == 1 / 2


@claim(N=(2, 10**6), source=f"{TOY}, toy problem 1: O(1) samples", expect="proved",
       reading="S1 ~ P1^m with P1 either P2 = Uniform{1..N/2} or Uniform{1..N} (then TV = 1/2 > 1/3); test: "
               "'different' iff a point of S1 lies in {N/2 + 1..N}. It is never wrong when P1 = P2, and wrong with "
               "probability ((N/2)/N)^m = 2^-m otherwise: m = 2 samples give error <= 1/4 < 1/3 for every N")
def toy1_two_samples_suffice(N):
    return ((N / 2) / N)**2 <= 1 / 3


def no_repeat_probability(n, u):
    """P(n draws from a uniform set of K = 1/u points are distinct) = prod_{i < n} (1 - i u)."""
    prob = 1
    for i in range(1, n):
        prob = prob * (1 - i * u)
    return prob


@claim(u=(0, "1/40"), source=f"{TOY}, toy problem 2: 'we need Omega(sqrt N) to see repetitions'", expect="proved",
       reading="n = 20 draws from a set of K = 1/u >= 40 points repeat with probability at most n(n - 1)/(2K) "
               "(union bound); from Uniform(A), K = N/2, that is n(n - 1)/N, so n <= sqrt(N)/3 draws see a "
               "repetition with probability below 1/9")
def toy2_repeats_are_rare_below_sqrt_n(u):
    n = 20
    return 1 - no_repeat_probability(n, u) <= n * (n - 1) / 2 * u


@claim(u=(0, "1/40"), source=f"{TOY}, toy problem 2: O(sqrt N) draws do see repetitions", expect="proved",
       reading="n = 20 draws from K = 1/u points are all distinct with probability at most exp(-n(n - 1)/(2K)) "
               "(1 - x <= e^-x): about sqrt(K) draws suffice to see a repetition, so the Omega(sqrt N) is tight "
               "for seeing one")
def toy2_repeats_appear_near_sqrt_n(u):
    n = 20
    return no_repeat_probability(n, u) <= exp(-n * (n - 1) / 2 * u)


@claim(N=(9, 10**12), source=f"{TOY}, toy problem 2: n = Omega(sqrt N)", expect="proved",
       reading="with n = sqrt(N)/3 draws, the sample's law under Uniform{1..N} and under Uniform(A), A a uniformly "
               "random N/2-set, are within TV P1(repeat) + P2(repeat) <= n(n - 1)/(2N) + n(n - 1)/N <= 1/6 (without "
               "a repetition both are uniform over sequences of distinct points; the union bound is "
               "toy2_repeats_are_rare_below_sqrt_n); every test then errs with probability >= (1 - 1/6)/2 = 5/12 "
               "> 1/3 on one side")
def toy2_fewer_than_sqrt_n_samples_cannot_decide(N):
    n = N**(1 / 2) / 3
    tv_of_samples = n * (n - 1) / (2 * N) + n * (n - 1) / N
    return (1 - tv_of_samples) / 2 >= 5 / 12


toy_problems_symmetry = note(
    "toy_problems_symmetry", source=f"{TOY}, 'I will show this is too hard for any distance'; 'The key difference "
    "between these 2 cases: is the problem symmetric?'", status="not checkable",
    why="Remarks without a statement: the hardness 'for any distance' is not stated beyond toy problem 2 (encoded "
        "above with TV), and 'symmetric' is not defined.")


# -- the distance D_A(P1, P2) = sup over a in A of |P1(a) - P2(a)| (1.4) ---------------------------

DA = "seed 003, 1.4, D_A"


def normal_mass(m, lo, hi):
    """N(m, 1)([lo, hi])."""
    return Phi(hi - m) - Phi(lo - m)


@claim(t=(0, 6), delta=("0.25", 2), source=f"{DA}, for A = the symmetric intervals [-t, t]", expect="proved",
       reading="P1 = N(delta, 1) and P2 = N(-delta, 1) give every [-t, t] the same mass, so D_A(P1, P2) = 0 "
               "although P1 != P2 (TV = 2 Phi(delta) - 1 > 0)")
def d_a_vanishes_between_distinct_gaussians(t, delta):
    return normal_mass(delta, -t, t) == normal_mass(-delta, -t, t)


@claim(delta=("0.25", 2), source=f"{DA}, 'This is a metric'", expect="refuted",
       reading="for every family A, here the symmetric intervals: D_A(P1, P2) = 0 would force P1 = P2, i.e. "
               "TV(N(delta, 1), N(-delta, 1)) = 2 Phi(delta) - 1 = 0; D_A = 0 holds for this pair "
               "(d_a_vanishes_between_distinct_gaussians), so D_A is only a pseudometric unless A separates "
               "distributions (symmetry and the triangle inequality hold for every A)")
def d_a_is_a_metric(delta):
    return 2 * Phi(delta) - 1 == 0


@claim(t=(-5, 5), source=f"{DA}, 'looks like total variation distance'; 1.2, 'TV ... the ideal discriminator "
       "(binary)'", expect="proved",
       reading="A = the half-lines (t, inf), P1 = N(1, 1), P2 = N(0, 1): every a gives P1(a) - P2(a) <= "
               "2 Phi(1/2) - 1 = TV(P1, P2), with equality at t = 1/2, the set {p1 > p2} of the ideal binary "
               "discriminator: D_A <= TV always (TV is the sup over all sets), here with equality")
def d_a_of_half_lines_is_tv(t):
    return (1 - Phi(t - 1)) - (1 - Phi(t)) <= 2 * Phi(0.5) - 1


def odd_even_d_a(k):
    """D_A for A = the intervals of {1..2k}, P1 uniform on the k odd points, P2 on the k even ones:
    max over s <= t of |#odd - #even in [s, t]| / k, exactly (a Fraction)."""
    best = 0
    for s in range(1, 2 * k + 1):
        for t in range(s, 2 * k + 1):
            odd = sum(1 for x in range(s, t + 1) if x % 2)
            best = max(best, abs(odd - (t - s + 1 - odd)))
    return Fraction(best, k)


def odd_even_tv(k):
    """TV = (1/2) sum over {1..2k} of |P1(x) - P2(x)|, exactly."""
    return sum(abs(Fraction(x % 2, k) - Fraction(1 - x % 2, k)) for x in range(1, 2 * k + 1)) / 2


@claim(source=f"{DA}, 'P1 uniform over odd points, P2 uniform over even points ... very similar' for intervals",
       expect="proved",
       reading="on {1..2k}, k = 5, 10, 20 (exact counts): D_A = 1/k (no interval holds two more odd than even "
               "points or the reverse) while TV = 1 (disjoint supports): D_A can be small where TV is maximal")
def odd_and_even_points_are_close_for_intervals():
    return all_of(*(exact(odd_even_d_a(k)) == exact(Fraction(1, k)) for k in (5, 10, 20)),
                  *(exact(odd_even_tv(k)) == 1 for k in (5, 10, 20)))


vc_deviation_bound = note(
    "vc_deviation_bound", source=f"{DA}, 'if A has some finite VC-dimension then P[|D_A(S1, S2) - D_A(P1, P2)| > "
    "epsilon] < O(md/(lm epsilon^2))'", status="not checkable",
    why="As printed the bound is garbled: read as md/(l m epsilon^2) the sample size m cancels, read as "
        "md/(ln(m) epsilon^2) it grows with m; either way it does not shrink with m and gives no sample "
        "complexity. The intended statement is a uniform-convergence bound of VC theory (a growth function "
        "times exp(-c m epsilon^2), i.e. m = O((d + log(1/delta))/epsilon^2) samples for accuracy epsilon with "
        "probability 1 - delta), over all distributions and families of VC dimension d: a probability over "
        "samples, which no claim over a box expresses. Checking it needs the intended bound and a concrete "
        "family (say half-lines, d = 1, where the DKW inequality gives 2 exp(-2 m epsilon^2) per sample).")

function_classes = note(
    "function_classes", source=f"{DA}, 'generalize from sets to functions': sup over f in A of |E_P1 f - E_P2 f|; "
    "'Converse: if there is a distance with finite sample size guarantee, does it have this form?'",
    status="not checkable",
    why="A definition (sets are the indicator functions, so D_A is the special case) and an open question; "
        "nothing to decide.")

training_remarks = note(
    "training_remarks", source="seed 003, 1.2 and 1.3.2: 'This isn't a convex problem, so you can't switch min "
    "and max'; mode collapse, unrolled GANs, bags of samples",
    status="not checkable",
    why="Remarks about training neural networks. The inner problem is convex in the discriminator's output D "
        "(printed_v_is_convex_in_d); the non-convexity is in the networks' parameters phi and theta, which no "
        "claim here models. Mode collapse and its remedies are descriptions of training runs without a model "
        "or a number to reproduce; an experiment would need the networks and data they refer to.")
