"""Tests of the seed-000 Figure 1 experiment (``theorycheck experiment mixture-fig1``): the resumable
runner and the page on a tiny run (sizes patched down; the full run takes minutes)."""

from __future__ import annotations

import csv

import numpy as np
import pytest

from theorycheck import dynamics as dy
from theorycheck import experiments as ex


def test_resumable_run_equals_the_plain_run_and_resumes_after_an_interruption(tmp_path):
    mu0 = np.array([[-1.0, 0.5], [0.3, 0.8], [0.6, 0.9]])
    ref = dy.optimal(dy.make_state(mu0, ex.MU_STAR, 0.01), 120, eta=0.1, delta=0.1, mu_gradient="unweighted")
    ck = tmp_path / "ck.npz"
    mu, hit, hist = ex.resumable_optimal(mu0, 0.01, 120, mu_gradient="unweighted", window=20, chunk=25,
                                         checkpoint=ck, key="a")
    assert np.array_equal(mu, ref.state.mu) and np.array_equal(hit, ref.hit)
    assert hist.shape == (21, 3, 2) and np.array_equal(hist[-1], mu)

    class Stop(ex.Progress):
        def advance(self, n=1):
            super().advance(n)
            if self.done >= 50:
                raise KeyboardInterrupt

    ck2 = tmp_path / "ck2.npz"
    with pytest.raises(KeyboardInterrupt):
        ex.resumable_optimal(mu0, 0.01, 120, mu_gradient="unweighted", window=20, chunk=25, checkpoint=ck2,
                             key="a", progress=Stop())
    with np.load(ck2) as d:
        assert int(d["t"]) == 50
    seen = ex.Progress()
    mu2, hit2, _ = ex.resumable_optimal(mu0, 0.01, 120, mu_gradient="unweighted", window=20, chunk=25,
                                        checkpoint=ck2, key="a", progress=seen)
    assert np.array_equal(mu2, mu) and np.array_equal(hit2, hit)
    assert seen.done == 120                                    # 50 resumed + 50 run + the window of 20
    # another key (other parameters) does not resume from that file
    mu3, _, _ = ex.resumable_optimal(mu0, 0.01, 120, mu_gradient="weighted", window=20, chunk=25,
                                     checkpoint=ck2, key="b")
    assert np.array_equal(mu3, dy.optimal(dy.make_state(mu0, ex.MU_STAR, 0.01), 120, eta=0.1).state.mu)


def test_frozen_rows_stop_once_within_tolerance():
    mu0 = np.array([[-1.0, 0.5], [-0.45, 0.5]])     # the second starts inside the tolerance
    mu, hit, _ = ex.resumable_optimal(mu0, 0.01, 300, mu_gradient="unweighted", freeze=True, chunk=100)
    assert hit[1] == 0 and np.array_equal(mu[1], mu0[1])
    assert 0 < hit[0] <= 300


def test_mixture_fig1_tiny_run_page_matches_its_csv(tmp_path, monkeypatch):
    monkeypatch.setitem(ex.FIG1_SIZES, "quick", (3, 6, 300, 50, 600))
    summary = ex.mixture_fig1(tmp_path, quick=True, seed=1)
    md = (tmp_path / "mixture-fig1.md").read_text()
    rows = list(csv.DictReader(open(tmp_path / "mixture-fig1.csv")))
    assert len(rows) == 6 + 6
    assert not (tmp_path / ".mixture-fig1.partial").exists()
    assert "Code version: " in md and "T = 300" in md and "Section 3.1" in md
    for dyn in dy.MU_GRADIENTS:
        off = [r for r in rows if r["mu1_0"] != r["mu2_0"]]
        counts = {c: sum(r[f"{dyn}_class_at_T"] == c for r in off) for c in dy.CLASSES}
        line = next(ln for ln in md.splitlines() if ln.startswith(f"| `{dyn}` | {len(off)} |"))
        cells = [c.strip() for c in line.split("|")[1:-1]]
        assert [int(c) for c in cells[2:7]] == [counts[c] for c in dy.CLASSES]
        for r in rows:
            cls, err = r[f"{dyn}_class_at_T"], float(r[f"{dyn}_final_max_error"])
            assert (cls == "converged") == (err < 0.1)
            if cls == "converged":
                assert r[f"{dyn}_first_step_within_0.1"] != ""
            if cls == "slow":
                assert float(r[f"{dyn}_error_slope_last_50"]) < 0
            late = r[f"{dyn}_first_step_within_0.1_by_600"]
            assert (late == "") == (cls == "converged")
            if late == "not run: collapsed":
                assert dyn == "unweighted" and r[f"{dyn}_final_mu1"] == r[f"{dyn}_final_mu2"]
            elif late not in ("", "never"):
                assert 300 < int(late) <= 600
    # every claim row is empirical (tested), never proved or certified
    claims = [ln for ln in md.splitlines() if ln.startswith("| `")and "**" in ln]
    assert claims and all("**tested**" in ln for ln in claims)
    assert "weighted:" in summary and "unweighted:" in summary
