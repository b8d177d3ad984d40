"""Seed 000 (weighted-mixture progress report), Section 2: its empirical statements, decided by
the experiments (`theorycheck experiment NAME`, reports under reports/experiments/) with the
verdict *tested*: trials, failures and a Clopper-Pearson interval, never *proved*.
"""

from theorycheck import note

SOURCE = "seed 000, Section 2"


def experiment(name, what):
    return ((f"experiment {name}: {what}", f"reports/experiments/{name}.md"),)


fig1_optimal_dynamics_always_converge = note(
    "fig1_optimal_dynamics_always_converge", source=f"{SOURCE}, Figure 1: 'even with a large skew in alpha dynamics "
    "under the optimal discriminator always converge'", status="tested",
    why="Depends on the generator update (alpha = 0.01, step 0.1, the same 245 off-diagonal starts in [-1, 1]^2, "
        "horizon 30,000 steps, tolerance 0.1). With the gradient of L (weighted by a^_j, eq. 15): 210 converge, 18 "
        "are still approaching at the horizon (all arrive by step 74,604) and 17 are stuck, still at mu^_1 = 1.464 "
        "after 150,000 steps (Clopper-Pearson 95% [0.041, 0.109]). With the formula of Section 3.1 (no a^_j): all "
        "245 converge, within 606 steps.",
    see=experiment("mixture-fig1", "optimal dynamics with alpha = 0.01, both updates"))

fig2_rate_inverse_to_alpha_one_minus_alpha = note(
    "fig2_rate_inverse_to_alpha_one_minus_alpha", source=f"{SOURCE}, Figure 2: 'speed of convergence inversely "
    "proportional to alpha(1 - alpha)'", status="tested",
    why="Fits the steps to reach 0.1 (R^2 0.99, exponent 1.08) but not to reach 0.01, the tolerance the report used "
        "(R^2 0.52); 16 of 360 grid starts do not reach 0.01 within 20,000 steps.",
    see=experiment("mixture-fig2", "steps to delta against alpha"))

fig3_first_order_and_uneven_weights = note(
    "fig3_first_order_and_uneven_weights", source=f"{SOURCE}, Figure 3: first-order dynamics for alpha in "
    "GeomSpace(0.01, 0.5, 10); 'slightly uneven weighting gives higher success probability'", status="tested",
    why="First-order dynamics fail in most runs at every alpha (failure probability 0.81 to 0.99 per alpha, 5,500 "
        "runs each); the success probabilities per alpha and the asymmetry the report describes are in the report.",
    see=experiment("mixture-fig3", "first-order dynamics against alpha"))

fig4_learned_alpha_diverges = note(
    "fig4_learned_alpha_diverges", source=f"{SOURCE}, Figure 4: learned alpha under first-order dynamics diverges",
    status="tested",
    why="Reproduced: with free or plain updates alpha^_1 leaves [0, 1] in 100 and 89 of 100 runs; clipping or a "
        "logit parametrisation (the report's proposed fix) keep it inside in all 100.",
    see=experiment("mixture-fig4", "learned alpha"))
