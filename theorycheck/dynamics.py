"""GAN dynamics of the Li et al. (2018) two-Gaussian model with mixture weights, vectorised over
many trajectories at once (numpy, float64).

Model (see :mod:`theorycheck.gaussians.discriminator`): target a* N(mu*_1, 1) + (1 - a*)
N(mu*_2, 1), generator a^ N(mu^_1, 1) + (1 - a^) N(mu^_2, 1), discriminator the indicator of
[l_1, r_1] u [l_2, r_2], L = 1 + sum_i int_{l_i}^{r_i} F, F = target density - generator density.
Gradients (closed forms, as in ``gaussians.L_grad``):

    dL/dl_i = -F(l_i),   dL/dr_i = F(r_i),
    dL/dmu^_j = a^_j sum_i [phi(r_i - mu^_j) - phi(l_i - mu^_j)]      (a^_1 = a^, a^_2 = 1 - a^)
    dL/da^ = sum_i [m_2(l_i, r_i) - m_1(l_i, r_i)],   m_j = Phi(r_i - mu^_j) - Phi(l_i - mu^_j)
    dL/dw_j = -sum_i m_j(l_i, r_i)   (two *independent* generator weights w_1, w_2: seed 000 eq. 17)

The generator minimises L, the discriminator maximises it. Updates (all gradients at step t):

* first order (simultaneous): mu <- mu - eta_g dL/dmu, l <- l + eta_d dL/dl, r <- r + eta_d dL/dr;
  with ``unroll = k > 0`` the discriminator first takes k steps alone (mu fixed), then the
  simultaneous step is taken (no differentiation through the unrolled steps: the paper's exact
  unrolling is not available). The intervals are not projected: l_i > r_i is allowed (L is then a
  signed integral), as in a plain gradient implementation.
* optimal discriminator: (l, r) = argmax L at mu^t (``gaussians.optimal_discriminator_float``: the
  Rolle recursion, which cannot structurally miss a zero), then mu <- mu - eta g with g, by
  ``mu_gradient``: ``"weighted"`` (default) g = dL/dmu^, the alpha-weighted gradient above (seed 000
  eq. 15); ``"unweighted"`` g_j = sum_i [phi(r_i - mu^_j) - phi(l_i - mu^_j)], the formula seed 000's
  Section 3.1 writes for grad_{mu_j} f_{mu*}, without the factor a^_j (the weighted step with a step
  eta / a^_j per component).
* learned alpha (``alpha_mode``): ``"known"`` (a^ = a* fixed), ``"plain"`` (a^ <- a^ - eta_a dL/da^,
  unconstrained), ``"clip"`` (the same, clipped to [0, 1]), ``"logit"`` (a^ = sigmoid(theta),
  theta <- theta - eta_a sigmoid'(theta) dL/da^), ``"free"`` (two independent weights w_1, w_2,
  each updated with dL/dw_j, the seed's parametrisation; the generator is then not a probability).

Classification of a run at its horizon (``classify``): converged (within ``tol``), slow (still
approaching: the least-squares slope of max_i |mu^_i - mu*_i| over the last window is negative),
or failing: diverged (a non-finite mean or one beyond ``bound``), stationary (no mean moved more than
``still`` over the window: a fixed point other than mu*) or stuck (moving, but the error does not
decrease over the window).

Success (``success``): both |mu^_i - mu*_{pi(i)}| < tol with pi the identity (components matched by
label, i.e. by weight: alpha weighs the first mean on both sides) or, when a^ = a* = 1/2 (the mixture
is symmetric in its labels), the best of the two matchings.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from scipy import special

from .gaussians import optimal_discriminator_float

__all__ = [
    "State", "Grads", "grads", "first_order", "optimal", "success", "max_error",
    "first_order_scalar", "optimal_scalar", "grads_scalar", "clopper_pearson", "tv", "classify",
    "MU_GRADIENTS", "CLASSES",
]

_C = 1.0 / math.sqrt(2.0 * math.pi)
ALPHA_MODES = ("known", "plain", "clip", "logit", "free")
MU_GRADIENTS = ("weighted", "unweighted")


# -- state and gradients ---------------------------------------------------------------------------


@dataclass
class State:
    """N trajectories: ``mu`` (N, 2), ``l``, ``r`` (N, 2), generator weights ``w`` (N, 2) (w_1 = a^,
    w_2 = 1 - a^ unless ``alpha_mode == "free"``), ``theta`` (N,) (logit mode), target ``mu_star``
    (N, 2), ``alpha_star`` (N,)."""

    mu: np.ndarray
    l: np.ndarray
    r: np.ndarray
    w: np.ndarray
    mu_star: np.ndarray
    alpha_star: np.ndarray
    theta: np.ndarray | None = None

    @property
    def alpha(self) -> np.ndarray:
        return self.w[:, 0]

    def copy(self) -> "State":
        return State(*(None if v is None else v.copy() for v in
                       (self.mu, self.l, self.r, self.w, self.mu_star, self.alpha_star, self.theta)))


@dataclass
class Grads:
    dl: np.ndarray      # (N, 2)
    dr: np.ndarray      # (N, 2)
    dmu: np.ndarray     # (N, 2)
    dalpha: np.ndarray | None = None   # (N,) constrained a^ (w_2 = 1 - a^)
    dw: np.ndarray | None = None       # (N, 2) independent weights


def _phi(x):
    return _C * np.exp(-0.5 * x * x)


def grads(mu, l, r, w, mu_star, alpha_star, need_alpha: bool = False, weighted_mu: bool = True) -> Grads:
    """All partial derivatives of L for N settings. ``mu``, ``l``, ``r``, ``w``, ``mu_star``: (N, 2);
    ``alpha_star``: (N,). Ends may be +-inf (an absent interval is (inf, inf)). With ``weighted_mu``
    False, ``dmu`` omits the factor w_j (seed 000 Section 3.1's formula; not a derivative of L)."""
    N = mu.shape[0]
    ends = np.concatenate([l, r], axis=1)                     # (N, 4): l1 l2 r1 r2
    means = np.concatenate([mu_star, mu], axis=1)             # (N, 4): mu*1 mu*2 mu^1 mu^2
    c = np.stack([alpha_star, 1.0 - alpha_star, -w[:, 0], -w[:, 1]], axis=1)  # (N, 4)
    with np.errstate(invalid="ignore"):
        D = ends[:, :, None] - means[:, None, :]              # (N, 4 ends, 4 means)
        P = D * D
        P *= -0.5
        np.exp(P, out=P)
    P *= _C
    P = np.nan_to_num(P, nan=0.0)                             # inf - inf never occurs; safety
    F = np.einsum("nej,nj->ne", P, c)                         # F at the ends
    dl = -F[:, :2]
    dr = F[:, 2:]
    gen = P[:, :, 2:]                                          # phi(end - mu^_j): (N, 4, 2)
    dmu = gen[:, 2] + gen[:, 3] - gen[:, 0] - gen[:, 1]
    if weighted_mu:
        dmu = w * dmu
    g = Grads(dl, dr, dmu)
    if need_alpha:
        with np.errstate(invalid="ignore"):
            Ph = special.ndtr(D[:, :, 2:])                     # Phi(end - mu^_j): (N, 4, 2)
        Ph = np.nan_to_num(Ph, nan=0.0)
        m = Ph[:, 2] + Ph[:, 3] - Ph[:, 0] - Ph[:, 1]          # (N, 2): mass of I under N(mu^_j, 1)
        g.dalpha = m[:, 1] - m[:, 0]
        g.dw = -m
    del N
    return g


def tv(mu, w, mu_star, alpha_star) -> np.ndarray:
    """Total variation distance between generator and target (float optimal discriminator)."""
    return optimal_discriminator_float(alpha_star, mu_star, w[:, 0], mu).tv


def _sigmoid(t):
    return special.expit(t)


def _weights_from_alpha(a):
    return np.stack([a, 1.0 - a], axis=1)


def make_state(mu0, mu_star, alpha_star, alpha0=None, l0=None, r0=None, alpha_mode="known") -> State:
    """A state for N trajectories; scalars / (2,) inputs broadcast. ``alpha0`` None: a^ = a*."""
    mu0 = np.atleast_2d(np.asarray(mu0, float))
    N = mu0.shape[0]
    if l0 is not None:
        N = max(N, np.atleast_2d(l0).shape[0])
    mu = np.array(np.broadcast_to(mu0, (N, 2)), float)
    ms = np.array(np.broadcast_to(np.asarray(mu_star, float), (N, 2)))
    a_s = np.array(np.broadcast_to(np.asarray(alpha_star, float), (N,)))
    if alpha_mode == "free" and alpha0 is not None and np.ndim(alpha0) >= 1 and np.shape(alpha0)[-1] == 2:
        w = np.array(np.broadcast_to(np.asarray(alpha0, float), (N, 2)))  # two independent weights
    else:
        a0 = a_s.copy() if alpha0 is None else np.array(np.broadcast_to(np.asarray(alpha0, float), (N,)))
        w = _weights_from_alpha(a0)
    l = np.zeros((N, 2)) if l0 is None else np.array(np.broadcast_to(np.asarray(l0, float), (N, 2)))
    r = np.zeros((N, 2)) if r0 is None else np.array(np.broadcast_to(np.asarray(r0, float), (N, 2)))
    theta = None
    if alpha_mode == "logit":
        with np.errstate(divide="ignore"):
            theta = np.log(w[:, 0]) - np.log1p(-w[:, 0])
    return State(mu, l, r, w, ms, a_s, theta)


def _alpha_step(s: State, g: Grads, eta_a: float, mode: str):
    if mode == "known":
        return
    if mode == "free":
        s.w = s.w - eta_a * g.dw
        return
    if mode == "logit":
        sg = _sigmoid(s.theta)
        s.theta = s.theta - eta_a * sg * (1.0 - sg) * g.dalpha
        a = _sigmoid(s.theta)
    else:
        a = s.w[:, 0] - eta_a * g.dalpha
        if mode == "clip":
            a = np.clip(a, 0.0, 1.0)
    s.w = _weights_from_alpha(a)


@dataclass
class Run:
    """Result of a run: the final ``state``, and (when recorded) ``history`` of mu (T+1, N, 2),
    ``alpha_history`` (T+1, N), ``hit`` (N,): first step at which max_i |mu^_i - mu*_i| < delta
    (-1: never), when ``delta`` was given."""

    state: State
    history: np.ndarray | None = None
    alpha_history: np.ndarray | None = None
    hit: np.ndarray | None = None
    extra: dict = field(default_factory=dict)


def max_error(mu, mu_star, symmetric=None):
    """max_i |mu^_i - mu*_i|, components matched by label; with ``symmetric`` (bool array or
    scalar) rows also allow the swapped matching (the better one counts)."""
    e = np.max(np.abs(mu - mu_star), axis=1)
    if symmetric is None:
        return e
    e2 = np.max(np.abs(mu[:, ::-1] - mu_star), axis=1)
    return np.where(symmetric, np.minimum(e, e2), e)


def success(state: State, tol: float = 0.1) -> np.ndarray:
    sym = (state.alpha_star == 0.5) & (state.w[:, 0] == 0.5) & (state.w[:, 1] == 0.5)
    return max_error(state.mu, state.mu_star, sym) < tol


CLASSES = ("converged", "slow", "stuck", "stationary", "diverged")


def error_slope(err: np.ndarray) -> np.ndarray:
    """Least-squares slope (per step) of each column of ``err`` (W + 1, N) against the step."""
    t = np.arange(err.shape[0], dtype=float)
    t -= t.mean()
    return (t @ (err - err.mean(axis=0))) / (t @ t)


def classify(window: np.ndarray, mu_star, tol: float = 0.1, bound: float = 10.0,
             still: float = 1e-9) -> np.ndarray:
    """Class of each trajectory at the end of ``window`` (W + 1, N, 2): its means over the last W
    steps (the horizon is the last row), components matched by label. In this order:

    * ``"diverged"``: a mean is not finite, or beyond ``bound`` in absolute value, at the horizon;
    * ``"converged"``: max_i |mu^_i - mu*_i| < ``tol`` at the horizon;
    * ``"slow"`` (still approaching): the least-squares slope of max_i |mu^_i - mu*_i| over the
      window is negative;
    * ``"stationary"``: no mean moved more than ``still`` from its value at the horizon during the
      window (a fixed point other than mu*: converged elsewhere);
    * ``"stuck"``: the means move but the error does not decrease over the window.
    """
    window = np.asarray(window, float)
    W1, N = window.shape[:2]
    ms = np.broadcast_to(np.asarray(mu_star, float), (N, 2))
    last = window[-1]
    with np.errstate(invalid="ignore", over="ignore"):
        err = np.max(np.abs(window - ms[None]), axis=2)                     # (W + 1, N)
        diverged = ~np.isfinite(last).all(axis=1) | (np.abs(last) > bound).any(axis=1)
        conv = err[-1] < tol
        slope = error_slope(np.nan_to_num(err, nan=np.inf, posinf=1e300)) if W1 > 1 else np.zeros(N)
        moved = np.max(np.abs(window - last[None]), axis=(0, 2))
    out = np.full(N, "stuck", dtype=object)
    out[moved <= still] = "stationary"
    out[slope < 0] = "slow"
    out[conv] = "converged"
    out[diverged] = "diverged"
    return out


def _start_records(s, steps, record, record_alpha, delta):
    """Trajectory and alpha histories (when asked) with step 0 filled in, and the hitting
    times of the delta box (-1: not yet; 0 for rows that start inside it)."""
    N = s.mu.shape[0]
    hist = np.empty((steps + 1, N, 2)) if record else None
    ahist = np.empty((steps + 1, N)) if record_alpha else None
    hit = np.full(N, -1) if delta is not None else None
    _record(hist, ahist, 0, s)
    if hit is not None:
        hit[max_error(s.mu, s.mu_star) < delta] = 0
    return hist, ahist, hit


def _record(hist, ahist, t, s):
    if hist is not None:
        hist[t] = s.mu
    if ahist is not None:
        ahist[t] = s.w[:, 0]


BLOCK = 2048  # trajectories per block in the known-alpha kernel (its buffers stay in cache)


def _known_alpha_block(E, M, C, steps, eta_g, eta_d, unroll):
    """The known-alpha first-order kernel on one block, in place. Layout (k, n), contiguous rows:
    ``E`` (4, n) ends l1 l2 r1 r2; ``M`` (4, n) means mu*1 mu*2 mu^1 mu^2; ``C`` (4, n) weights
    a*, 1 - a*, -w1, -w2. Same arithmetic as :func:`grads` (F summed over the means in order)."""
    n = E.shape[1]
    D = np.empty((4, 4, n))
    F = np.empty((4, n))
    tmp = np.empty((4, n))
    dmu = np.empty((2, n))
    w = -C[2:]
    for _ in range(steps):
        for k in range(unroll + 1):
            np.subtract(E[:, None, :], M[None, :, :], out=D)
            D *= D
            D *= -0.5
            np.exp(D, out=D)
            D *= _C
            np.multiply(D[:, 0], C[0], out=F)
            for j in range(1, 4):
                np.multiply(D[:, j], C[j], out=tmp)
                F += tmp
            if k == unroll:  # the generator step (gradient at step t, before l, r move)
                np.add(D[2, 2:], D[3, 2:], out=dmu)
                dmu -= D[0, 2:]
                dmu -= D[1, 2:]
                dmu *= w
                dmu *= eta_g
                M[2:] -= dmu
            F[:2] *= -eta_d
            F[2:] *= eta_d
            E += F


def _first_order_fast(s: State, steps, eta_g, eta_d, unroll, progress, progress_every):
    N = s.mu.shape[0]
    E = np.ascontiguousarray(np.concatenate([s.l, s.r], axis=1).T)
    M = np.ascontiguousarray(np.concatenate([s.mu_star, s.mu], axis=1).T)
    C = np.ascontiguousarray(np.stack([s.alpha_star, 1.0 - s.alpha_star, -s.w[:, 0], -s.w[:, 1]]))
    blocks = [slice(i, min(i + BLOCK, N)) for i in range(0, N, BLOCK)]
    for b_i, b in enumerate(blocks):
        e, m, c = (np.ascontiguousarray(a[:, b]) for a in (E, M, C))
        _known_alpha_block(e, m, c, steps, eta_g, eta_d, unroll)
        E[:, b], M[:, b] = e, m
        if progress is not None:
            progress(int(steps * (b_i + 1) / len(blocks)), steps)
    s.l, s.r = E[:2].T.copy(), E[2:].T.copy()
    s.mu = M[2:].T.copy()
    return Run(s)


def first_order(state: State, steps: int, eta_g=0.1, eta_d=0.1, eta_a=None, unroll: int = 0,
                alpha_mode: str = "known", record: bool = False, record_alpha: bool = False,
                delta: float | None = None, progress=None, progress_every: int = 100,
                fast: bool = True) -> Run:
    """First-order dynamics for all trajectories of ``state`` (copied), ``steps`` generator steps.
    ``progress(done_steps, steps)`` is called every ``progress_every`` steps. Known alpha without
    recording runs a cache-blocked kernel (``fast``; the same arithmetic, block by block)."""
    if alpha_mode not in ALPHA_MODES:
        raise ValueError(f"alpha_mode must be one of {ALPHA_MODES}")
    if fast and alpha_mode == "known" and not record and not record_alpha and delta is None:
        return _first_order_fast(state.copy(), steps, eta_g, eta_d, unroll, progress, progress_every)
    eta_a = eta_g if eta_a is None else eta_a
    s = state.copy()
    need_alpha = alpha_mode != "known"
    N = s.mu.shape[0]
    hist, ahist, hit = _start_records(s, steps, record, record_alpha, delta)
    for t in range(steps):
        for _ in range(unroll):
            g = grads(s.mu, s.l, s.r, s.w, s.mu_star, s.alpha_star)
            s.l = s.l + eta_d * g.dl
            s.r = s.r + eta_d * g.dr
        g = grads(s.mu, s.l, s.r, s.w, s.mu_star, s.alpha_star, need_alpha)
        s.mu = s.mu - eta_g * g.dmu
        s.l = s.l + eta_d * g.dl
        s.r = s.r + eta_d * g.dr
        _alpha_step(s, g, eta_a, alpha_mode)
        _record(hist, ahist, t + 1, s)
        if hit is not None:
            new = (hit < 0) & (max_error(s.mu, s.mu_star) < delta)
            hit[new] = t + 1
        if progress is not None and (t + 1) % progress_every == 0:
            progress(t + 1, steps)
    return Run(s, hist, ahist, hit)


def optimal(state: State, steps: int, eta=0.1, eta_a=None, alpha_mode: str = "known",
            record: bool = False, record_alpha: bool = False, delta: float | None = None,
            stop_at_delta: bool = False, progress=None, progress_every: int = 100,
            mu_gradient: str = "weighted") -> Run:
    """Optimal-discriminator dynamics. With ``stop_at_delta`` rows that reached ``delta`` are
    frozen (no further steps; only the hitting time is wanted) and the run ends when all have.
    ``mu_gradient``: ``"weighted"`` (dL/dmu^) or ``"unweighted"`` (seed 000 Section 3.1, no a^_j)."""
    if alpha_mode not in ALPHA_MODES:
        raise ValueError(f"alpha_mode must be one of {ALPHA_MODES}")
    if mu_gradient not in MU_GRADIENTS:
        raise ValueError(f"mu_gradient must be one of {MU_GRADIENTS}")
    weighted = mu_gradient == "weighted"
    eta_a = eta if eta_a is None else eta_a
    s = state.copy()
    need_alpha = alpha_mode != "known"
    N = s.mu.shape[0]
    hist, ahist, hit = _start_records(s, steps, record, record_alpha, delta)
    active = np.ones(N, bool)
    for t in range(steps):
        idx = np.nonzero(active)[0] if stop_at_delta else slice(None)
        d = optimal_discriminator_float(s.alpha_star[idx], s.mu_star[idx], s.w[idx, 0], s.mu[idx])
        g = grads(s.mu[idx], d.l, d.r, s.w[idx], s.mu_star[idx], s.alpha_star[idx], need_alpha, weighted)
        s.l[idx] = d.l
        s.r[idx] = d.r
        s.mu[idx] = s.mu[idx] - eta * g.dmu
        if need_alpha:
            sub = State(s.mu[idx], s.l[idx], s.r[idx], s.w[idx], s.mu_star[idx], s.alpha_star[idx],
                        None if s.theta is None else s.theta[idx])
            _alpha_step(sub, g, eta_a, alpha_mode)
            s.w[idx] = sub.w
            if s.theta is not None:
                s.theta[idx] = sub.theta
        _record(hist, ahist, t + 1, s)
        if hit is not None:
            new = (hit < 0) & (max_error(s.mu, s.mu_star) < delta)
            hit[new] = t + 1
            if stop_at_delta:
                active &= hit < 0
                if not active.any():
                    break
        if progress is not None and (t + 1) % progress_every == 0:
            progress(t + 1, steps)
    return Run(s, hist, ahist, hit)


# -- scalar references (one trajectory, plain Python: tests and the benchmark baseline) ------------


def grads_scalar(mu, l, r, w, mu_star, alpha_star):
    """(dl, dr, dmu) for one setting, in plain Python floats."""
    cs = (alpha_star, 1.0 - alpha_star, -w[0], -w[1])
    ms = (mu_star[0], mu_star[1], mu[0], mu[1])

    def phi(x, m):
        if math.isinf(x):
            return 0.0
        return _C * math.exp(-0.5 * (x - m) ** 2)

    def F(x):
        return sum(c * phi(x, m) for c, m in zip(cs, ms))

    dl = [-F(x) for x in l]
    dr = [F(x) for x in r]
    dmu = [w[j] * sum(phi(r[i], mu[j]) - phi(l[i], mu[j]) for i in range(len(l))) for j in range(2)]
    return dl, dr, dmu


def first_order_scalar(mu0, l0, r0, mu_star, alpha_star, steps, eta_g=0.1, eta_d=0.1, unroll=0):
    """The straightforward per-trajectory loop (known alpha): returns (mu, l, r) after ``steps``."""
    mu, l, r = list(mu0), list(l0), list(r0)
    w = (alpha_star, 1.0 - alpha_star)
    for _ in range(steps):
        for _ in range(unroll):
            dl, dr, _ = grads_scalar(mu, l, r, w, mu_star, alpha_star)
            l = [a + eta_d * b for a, b in zip(l, dl)]
            r = [a + eta_d * b for a, b in zip(r, dr)]
        dl, dr, dmu = grads_scalar(mu, l, r, w, mu_star, alpha_star)
        mu = [a - eta_g * b for a, b in zip(mu, dmu)]
        l = [a + eta_d * b for a, b in zip(l, dl)]
        r = [a + eta_d * b for a, b in zip(r, dr)]
    return mu, l, r


def optimal_scalar(mu0, mu_star, alpha_star, steps, eta=0.1, discriminator="brentq", delta=None):
    """Per-trajectory optimal-discriminator loop. ``discriminator``: ``"brentq"`` (the seed's
    bracket-and-brentq search, ``gaussians.baseline``) or ``"float"`` (the Rolle recursion, one
    setting per call). Returns (mu, hit) (hit: first step within ``delta``, -1 never, None)."""
    from .gaussians.baseline import seed_discriminator

    mu = list(mu0)
    w = (alpha_star, 1.0 - alpha_star)
    hit = None if delta is None else -1
    for t in range(steps):
        if discriminator == "brentq":
            pieces, _ = seed_discriminator(alpha_star, tuple(mu_star), alpha_star, tuple(mu))
        else:
            d = optimal_discriminator_float(alpha_star, mu_star, alpha_star, mu)
            pieces = d.intervals(0)
        l = [a for a, _ in pieces]
        r = [b for _, b in pieces]
        _, _, dmu = grads_scalar(mu, l, r, w, mu_star, alpha_star)
        mu = [a - eta * b for a, b in zip(mu, dmu)]
        if delta is not None and hit < 0 and max(abs(mu[0] - mu_star[0]), abs(mu[1] - mu_star[1])) < delta:
            hit = t + 1
    return mu, hit


# -- statistics ----------------------------------------------------------------------------------


def clopper_pearson(k: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """Exact two-sided Clopper-Pearson interval for a binomial proportion k / n."""
    from scipy.stats import beta

    if n == 0:
        return 0.0, 1.0
    a = 1.0 - confidence
    lo = 0.0 if k == 0 else float(beta.ppf(a / 2, k, n - k + 1))
    hi = 1.0 if k == n else float(beta.ppf(1 - a / 2, k + 1, n - k))
    return lo, hi
