"""One proof split into pieces (issue 16): the same verdict, evidence and certificate whether the
pieces run in this process, in a pool of 2 processes or on a Dask LocalCluster of 2 worker
processes; the certificate is checked by the kernel, a piece removed from it is rejected, and an
interrupted run writes no certificate.

The claims' truth, settled by hand:
- ``tilted_bowl`` on [-1, 1]^2: lhs - rhs = (exp(x) - 1 - x) + exp(x) y^2 - x y / 2 + 3/10
  >= e^-1 y^2 - |y| / 2 + 3/10 (exp(x) >= 1 + x, exp(x) >= e^-1, |x| <= 1), whose least value,
  at |y| = e / 4, is 3/10 - e / 16 > 0.13: true.
- ``dent``: min(|x - 0.83| + |y - 0.71| + |z - 0.3|, 0.02) >= 0.006 fails exactly on the
  L1 ball of radius 0.006 around (0.83, 0.71, 0.3), a region (volume 3e-7) that the float search
  of this budget and seed does not hit, and flat outside radius 0.02 (no slope to follow);
  with split=3 on [0, 1]^3 that ball lies in piece 6 of 0..7 (x > 1/2, y > 1/2, z < 1/2), so
  piece 7 comes after the failing piece and must not count.
"""

from __future__ import annotations

import json
import textwrap
from fractions import Fraction

import numpy as np
import pytest

from theorycheck import certificates, distribute
from theorycheck.check import check
from theorycheck.claims import ClaimDefinitionError, claim
from theorycheck.kernel import verify_certificate
from theorycheck.loader import load_file

BUDGET = 20.0
pytest_plugins = ["pytester"]

LEMMAS = textwrap.dedent('''
    from theorycheck import claim, exp
    from theorycheck import min as tmin

    @claim(x=(-1, 1), y=(-1, 1), split=3, expect="proved")
    def tilted_bowl(x, y):
        return exp(x) * (1 + y * y) >= 1 + x + x * y * 0.5 - 0.3

    @claim(x=(0, 1), y=(0, 1), z=(0, 1), split=3, expect="refuted")
    def dent(x, y, z):
        return tmin(abs(x - 0.83) + abs(y - 0.71) + abs(z - 0.3), 0.02) >= 0.006
''')


@pytest.fixture(autouse=True)
def no_piece_cache(monkeypatch):
    """Every test here decides without the resume cache unless it asks for one (distribute.resuming):
    a piece cached by one test must not stand in for the executor another test is about."""
    monkeypatch.setenv(distribute.RESUME_ENV, "off")


@pytest.fixture(scope="module")
def lemma_file(tmp_path_factory):
    d = tmp_path_factory.mktemp("split")
    p = d / "split_lemmas.py"
    p.write_text(LEMMAS)
    return p


def _claim(path, name):
    return {c.name: c for c in load_file(str(path))}[name]


def _decide(path, name, executor):
    c = _claim(path, name)
    messages = []
    with distribute.using(executor):
        v = check(c, budget=BUDGET, seed=0, progress=messages.append)
    j = v.to_json()
    j.pop("seconds")
    text = certificates.dumps(certificates.build(c, v, path.parent / "certs" / path.stem))
    return v, json.dumps(j, sort_keys=True), text, messages


_RUNS: dict = {}


def _run(path, name, how, cluster_client=None):
    """Each (claim, executor) decided once for the whole module."""
    key = (name, how)
    if key not in _RUNS:
        if how == "in process":
            ex = distribute.InProcess()
        elif how == "pool":
            ex = distribute.ProcessPool(2)
        else:
            ex = distribute.DaskCluster(client=cluster_client)
        try:
            _RUNS[key] = _decide(path, name, ex)
        finally:
            ex.close()
    return _RUNS[key]


@pytest.fixture(scope="module")
def cluster_client():
    pytest.importorskip("distributed", reason="dask.distributed is not installed (pip install -e '.[dev]' or "
                                              "'.[cluster]'); the cluster executor cannot be tested")
    from distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None)
    client = Client(cluster)
    yield client
    client.close()
    cluster.close()


# -- the rule ---------------------------------------------------------------------------------------


def test_pieces_follow_a_fixed_rule_and_tile_the_box():
    boxes = distribute.piece_boxes(np.array([0.0, 5.0, -1.0]), np.array([1.0, 5.0, 1.0]), 3)
    # the flat middle variable is never cut; levels cut x, z, x
    assert [(list(lo), list(hi)) for lo, hi in boxes] == [
        ([0.0, 5.0, -1.0], [0.25, 5.0, 0.0]), ([0.25, 5.0, -1.0], [0.5, 5.0, 0.0]),
        ([0.0, 5.0, 0.0], [0.25, 5.0, 1.0]), ([0.25, 5.0, 0.0], [0.5, 5.0, 1.0]),
        ([0.5, 5.0, -1.0], [0.75, 5.0, 0.0]), ([0.75, 5.0, -1.0], [1.0, 5.0, 0.0]),
        ([0.5, 5.0, 0.0], [0.75, 5.0, 1.0]), ([0.75, 5.0, 0.0], [1.0, 5.0, 1.0])]
    # an infinite end is cut at a finite double; a range with no double inside stays whole
    inf = distribute.piece_boxes(np.array([0.0]), np.array([np.inf]), 2)
    assert len(inf) == 4 and all(np.isfinite(hi[0]) for _, hi in inf[:-1]) and inf[-1][1][0] == np.inf
    tiny = distribute.piece_boxes(np.array([1.0]), np.array([np.nextafter(1.0, 2.0)]), 3)
    assert len(tiny) == 1


def test_split_option_is_validated():
    for bad in (-1, "2", 2.0, True, distribute.MAX_SPLIT + 1):
        with pytest.raises(ClaimDefinitionError, match="split must be an int"):
            claim(x=(0, 1), split=bad)(lambda x: x >= 0)
    c = claim(x=(0, 1), split=2)(lambda x: x >= 0)
    assert distribute.split_depth(c) == 2
    assert "split" not in claim(x=(0, 1))(lambda x: x >= 0).options


# -- the same proof wherever the pieces run ----------------------------------------------------------


def test_split_proof_is_the_same_in_process_and_in_two_workers(lemma_file, tmp_path):
    v1, j1, cert1, msg1 = _run(lemma_file, "tilted_bowl", "in process")
    v2, j2, cert2, msg2 = _run(lemma_file, "tilted_bowl", "pool")
    assert v1.verdict == "proved" and v2.verdict == "proved"
    assert j1 == j2  # verdict and evidence (work units, boxes, methods), byte for byte
    assert cert1 == cert2
    assert any("pieces done 8/8" in m for m in msg1) and any("2 worker processes" in m for m in msg2)
    # the kernel accepts it, and its tiling has leaves in every one of the 8 pieces
    out = tmp_path / "certs" / "split_lemmas" / "tilted_bowl.cert.json"
    out.parent.mkdir(parents=True)
    out.write_text(cert1.replace('"file": "../../split_lemmas.py"', f'"file": "{_rel(lemma_file, out.parent)}"'))
    result = verify_certificate(out)
    assert result.valid, result.message
    doc = json.loads(out.read_text())
    boxes = distribute.piece_boxes(np.array([-1.0, -1.0]), np.array([1.0, 1.0]), 3)
    for lo, hi in boxes:
        assert any(_inside(leaf["box"], lo, hi) for leaf in doc["parts"][0]["tiling"])


def test_a_violation_in_a_late_piece_is_refuted_identically(lemma_file):
    (v1, j1, c1, _), (v2, j2, c2, _) = (_run(lemma_file, "dent", how) for how in ("in process", "pool"))
    assert v1.verdict == "refuted"
    assert v1.evidence["methods"] == ["branch and bound + certify"]  # the pieces found it, not the search
    x, y, z = (Fraction(v1.counterexample[k]) for k in "xyz")
    assert abs(x - Fraction("0.83")) + abs(y - Fraction("0.71")) + abs(z - Fraction("0.3")) < Fraction("0.006")
    assert x > Fraction(1, 2) and y > Fraction(1, 2) and z < Fraction(1, 2)  # piece 6
    assert j1 == j2 and c1 == c2
    assert json.loads(c1)["verdict"] == "refuted"


def test_the_same_proof_and_refutation_on_a_dask_cluster(lemma_file, cluster_client):
    for name, verdict in (("tilted_bowl", "proved"), ("dent", "refuted")):
        _, j1, cert1, _ = _run(lemma_file, name, "in process")
        v3, j3, cert3, msg3 = _run(lemma_file, name, "cluster", cluster_client)
        assert v3.verdict == verdict
        assert j3 == j1 and cert3 == cert1
        assert any("Dask cluster" in m for m in msg3)


def test_removing_a_piece_from_the_certificate_is_rejected(lemma_file, tmp_path):
    _, _, cert, _ = _run(lemma_file, "tilted_bowl", "in process")
    out = tmp_path / "certs" / "split_lemmas" / "tilted_bowl.cert.json"
    out.parent.mkdir(parents=True)
    good = cert.replace('"file": "../../split_lemmas.py"', f'"file": "{_rel(lemma_file, out.parent)}"')
    doc = json.loads(good)
    lo, hi = distribute.piece_boxes(np.array([-1.0, -1.0]), np.array([1.0, 1.0]), 3)[5]
    tiling = doc["parts"][0]["tiling"]
    kept = [leaf for leaf in tiling if not _inside(leaf["box"], lo, hi)]
    assert 0 < len(kept) < len(tiling)
    doc["parts"][0]["tiling"] = kept
    out.write_text(certificates.dumps(doc))
    result = verify_certificate(out)
    assert not result.valid and "gap" in result.message


def test_pytest_plugin_runs_the_pieces_in_workers(lemma_file, tmp_path, pytester):
    """``pytest FILE --theorycheck-workers 2`` writes the same certificate as a proof in one process."""
    _, _, cert1, _ = _run(lemma_file, "tilted_bowl", "in process")
    certs = tmp_path / "certs"
    result = pytester.runpytest_inprocess(str(lemma_file), "-k", "tilted_bowl", "-p", "no:cacheprovider",
                                          "--no-reports", "--theorycheck-workers", "2", "--theorycheck-certificates",
                                          str(certs), "--theorycheck-budget", str(BUDGET))
    result.assert_outcomes(passed=1)
    written = (certs / "split_lemmas" / "tilted_bowl.cert.json").read_text()
    assert written.replace(f'"file": "{_rel(lemma_file, certs / "split_lemmas")}"',
                           '"file": "../../split_lemmas.py"') == cert1
    bad = pytester.runpytest_inprocess(str(lemma_file), "--theorycheck-workers", "0")
    assert bad.ret == pytest.ExitCode.USAGE_ERROR


def test_a_split_proof_too_large_for_a_certificate_has_none(lemma_file, monkeypatch):
    """The limit on a certificate's boxes counts the pieces together (each piece alone is small)."""
    v, _, _, _ = _run(lemma_file, "tilted_bowl", "in process")
    n = sum(1 for _ in certificates.all_leaves(v.proof["parts"][0]))
    monkeypatch.setattr(certificates, "MAX_LEAVES", n // 2)  # more than any one piece holds
    c = _claim(lemma_file, "tilted_bowl")
    with distribute.using(distribute.InProcess()):
        again = check(c, budget=BUDGET, seed=0)
    assert again.verdict == "proved" and again.proof is None


# -- interrupts --------------------------------------------------------------------------------------


def test_an_interrupted_split_proof_writes_no_certificate(lemma_file, tmp_path, monkeypatch, capsys):
    from theorycheck import cli

    real = distribute.run_piece

    def interrupted_at_piece_2(task, claim=None):
        if task.index == 2:
            raise KeyboardInterrupt
        return real(task, claim)

    monkeypatch.setattr(distribute, "run_piece", interrupted_at_piece_2)
    certs = tmp_path / "certs"
    status = cli.main(["check", f"{lemma_file}::tilted_bowl", "--certificates", str(certs), "--budget", str(BUDGET)])
    err = capsys.readouterr().err
    assert status == 130
    assert "interrupted; pieces done 2/8 (0, 1); no certificate was written" in err
    assert not certs.exists() or not any(certs.rglob("*"))


def test_an_interrupt_terminates_the_pieces_running_in_the_pool():
    """A running piece cannot be cancelled in a process pool, and the interpreter would wait for it
    at exit: abort() (called on an interrupt) terminates the pool's processes."""
    import time

    ex = distribute.ProcessPool(2)
    fut = ex.pool().submit(time.sleep, 120)
    processes = list(ex.pool()._processes.values())
    assert processes
    ex.abort()
    for proc in processes:
        proc.join(30)
        # is_alive() can stay True when the pool's own manager thread reaped the child first (its
        # waitpid races ours); what matters is that the process is gone: no longer running
        assert _gone(proc.pid, 30) or not proc.is_alive()
    assert fut.cancelled() or fut.done()


def _gone(pid, seconds):
    """The process ``pid`` has exited (absent, or a zombie) within ``seconds`` (Linux /proc)."""
    import os
    import time

    end = time.monotonic() + seconds
    while True:
        try:
            with open(f"/proc/{pid}/stat") as f:
                state = f.read().rsplit(")", 1)[1].split()[0]
        except FileNotFoundError:
            return True
        except OSError:
            return False
        if state in ("Z", "X"):
            return True
        if time.monotonic() > end:
            return False
        time.sleep(0.05)
        if not os.path.exists(f"/proc/{pid}"):
            return True


def test_a_cancelled_future_on_the_cluster_writes_no_certificate(lemma_file, tmp_path, monkeypatch, capsys,
                                                                 cluster_client):
    from theorycheck import cli

    class CancelsPiece3(distribute.DaskCluster):
        def submit(self, tasks):
            futures = super().submit(tasks)
            self.client().cancel([futures[3]])
            return futures

    monkeypatch.setattr(distribute, "executor_for", lambda workers=1, cluster=None: CancelsPiece3(client=cluster_client))
    certs = tmp_path / "certs"
    status = cli.main(["check", f"{lemma_file}::tilted_bowl", "--certificates", str(certs), "--budget", str(BUDGET)])
    err = capsys.readouterr().err
    assert status == 130
    assert "interrupted; pieces done" in err
    assert not certs.exists() or not any(certs.rglob("*"))
    # the client is still usable afterwards (the other futures were cancelled, not the client)
    assert cluster_client.submit(sum, [1, 2]).result() == 3


# -- resume: finished pieces kept across runs ---------------------------------------------------------


_REAL_RUN_PIECE = distribute.run_piece


def _counting(monkeypatch, fail_at=None):
    """run_piece, recording the pieces proved (not taken from the cache); Ctrl-C at piece ``fail_at``."""
    real = _REAL_RUN_PIECE
    ran = []

    def counted(task, claim=None):
        if task.index == fail_at:
            raise KeyboardInterrupt
        ran.append(task.index)
        return real(task, claim)

    monkeypatch.setattr(distribute, "run_piece", counted)
    return ran


def _resumed(path, name, cache, budget=BUDGET):
    c = _claim(path, name)
    messages = []
    with distribute.resuming(cache), distribute.using(distribute.InProcess()):
        v = check(c, budget=budget, seed=0, progress=messages.append)
    j = v.to_json()
    j.pop("seconds")
    text = certificates.dumps(certificates.build(c, v, path.parent / "certs" / path.stem))
    return v, json.dumps(j, sort_keys=True), text, messages


def _piece_files(cache, name):
    return sorted((cache / name).glob("*.json"), key=lambda p: int(p.name.split("-piece")[1].split("-")[0]))


def test_an_interrupted_split_proof_resumes_with_the_same_certificate(lemma_file, tmp_path, monkeypatch, capsys):
    """Ctrl-C at piece 5 keeps pieces 0-4; the next run proves only 5-7 and writes the certificate
    (and verdict JSON) of an uninterrupted run, which the kernel accepts."""
    from theorycheck import cli

    _, j_fresh, cert_fresh, _ = _run(lemma_file, "tilted_bowl", "in process")  # no cache
    cache = tmp_path / "pieces"
    monkeypatch.setenv(distribute.RESUME_ENV, str(cache))
    ran = _counting(monkeypatch, fail_at=5)
    certs = tmp_path / "certs"
    status = cli.main(["check", f"{lemma_file}::tilted_bowl", "--certificates", str(certs), "--budget", str(BUDGET)])
    err = capsys.readouterr().err
    assert status == 130 and ran == [0, 1, 2, 3, 4]
    assert f"pieces done 5/8 (0, 1, 2, 3, 4); no certificate was written for this claim; the finished pieces are kept in {cache}" in err
    assert len(_piece_files(cache, "tilted_bowl")) == 5 and not certs.exists()
    for f in _piece_files(cache, "tilted_bowl"):  # plain JSON with the piece's key: no code, no path
        doc = json.loads(f.read_text())
        assert doc["format"] == distribute.PIECE_FORMAT and doc["key"]["pieces"] == 8
        assert str(tmp_path) not in f.read_text()

    ran = _counting(monkeypatch)
    v, j, cert, messages = _resumed(lemma_file, "tilted_bowl", cache)
    assert ran == [5, 6, 7]
    assert any("5/8 pieces resumed" in m for m in messages) and any("pieces done 8/8" in m for m in messages)
    assert v.verdict == "proved" and j == j_fresh and cert == cert_fresh
    out = tmp_path / "certs" / "split_lemmas" / "tilted_bowl.cert.json"
    out.parent.mkdir(parents=True)
    out.write_text(cert.replace('"file": "../../split_lemmas.py"', f'"file": "{_rel(lemma_file, out.parent)}"'))
    result = verify_certificate(out)
    assert result.valid, result.message
    # a third run proves nothing again: every piece comes from the cache, checked by the kernel
    ran.clear()
    v3, j3, cert3, _ = _resumed(lemma_file, "tilted_bowl", cache)
    assert ran == [] and j3 == j_fresh and cert3 == cert_fresh


def test_a_tampered_piece_is_rejected_and_proved_again(lemma_file, tmp_path, monkeypatch, capsys):
    """A cached piece is never trusted: a tiling with a leaf removed (a gap), a file that is not
    JSON and a piece whose key was edited are each refused (said on stderr, file removed), the
    piece is proved again, and the certificate is the uninterrupted run's."""
    _, j_fresh, cert_fresh, _ = _run(lemma_file, "tilted_bowl", "in process")
    cache = tmp_path / "pieces"
    _resumed(lemma_file, "tilted_bowl", cache)
    files = _piece_files(cache, "tilted_bowl")
    assert len(files) == 8
    doc = json.loads(files[3].read_text())  # piece 3: drop its first decided box
    leaves = distribute._decode(doc["outcome"]["result"]["leaves"])
    owners, lo, hi, method, data = leaves[0]
    leaves[0] = (owners[1:], lo[1:], hi[1:], method, {k: v[1:] for k, v in data.items()})
    doc["outcome"]["result"]["leaves"] = distribute._encode(leaves)
    files[3].write_text(json.dumps(doc))
    files[5].write_text("{not json")
    doc6 = json.loads(files[6].read_text())
    doc6["key"]["units"] = float(99.0).hex()
    files[6].write_text(json.dumps(doc6))
    capsys.readouterr()
    ran = _counting(monkeypatch)
    v, j, cert, _ = _resumed(lemma_file, "tilted_bowl", cache)
    err = capsys.readouterr().err
    assert ran == [3, 5, 6]
    assert "cached piece 3 is not used: the kernel refuses it" in err and "gap" in err
    assert "cached piece 5 is not used: it does not read as a piece" in err
    assert "cached piece 6 is not used: its key is not this piece's" in err
    assert v.verdict == "proved" and j == j_fresh and cert == cert_fresh


def test_a_lying_piece_is_refused_by_the_kernel_and_the_claim_still_refuted(lemma_file, tmp_path, monkeypatch, capsys):
    """``dent`` fails only in piece 6. A forged cache file for piece 6 (piece 5's proof moved onto
    piece 6's box: it tiles that box, but its leaves do not hold near the dent) is refused by the
    kernel's leaf checks; piece 6 is proved again and refutes, as without a cache."""
    _, j_fresh, c_fresh, _ = _run(lemma_file, "dent", "in process")
    cache = tmp_path / "pieces"
    v0, j0, _, _ = _resumed(lemma_file, "dent", cache)
    assert v0.verdict == "refuted" and j0 == j_fresh
    files = {int(f.name.split("-piece")[1].split("-")[0]): f for f in _piece_files(cache, "dent")}
    assert 6 not in files and {0, 1, 2, 3, 4, 5} <= set(files)  # a failing piece is never kept
    boxes = distribute.piece_boxes(np.zeros(3), np.ones(3), 3)
    shift = boxes[6][0] - boxes[5][0]
    assert list(boxes[5][1] + shift) == list(boxes[6][1])
    doc = json.loads(files[5].read_text())
    r = doc["outcome"]["result"]
    leaves = [(o, lo + shift, hi + shift, m, {k: (v + shift if k == "centre" else v) for k, v in d.items()})
              for o, lo, hi, m, d in distribute._decode(r["leaves"])]
    groups = [(p, lo + shift, hi + shift, f) for p, lo, hi, f in distribute._decode(r["groups"])]
    r["leaves"], r["groups"] = distribute._encode(leaves), distribute._encode(groups)
    doc["key"]["index"] = 6
    doc["key"]["lo"] = [float(x).hex() for x in boxes[6][0]]
    doc["key"]["hi"] = [float(x).hex() for x in boxes[6][1]]
    forged = distribute.piece_file(cache, _claim(lemma_file, "dent"), doc["key"])
    forged.write_text(json.dumps(doc))
    capsys.readouterr()
    ran = _counting(monkeypatch)
    v, j, c, _ = _resumed(lemma_file, "dent", cache)
    err = capsys.readouterr().err
    assert "cached piece 6 is not used: the kernel refuses it" in err
    assert "does not show it" in err and "gap" not in err  # a leaf that fails, in a tiling without gaps
    assert 6 in ran and not forged.exists()
    assert v.verdict == "refuted" and j == j_fresh and c == c_fresh


def test_a_different_claim_budget_or_code_never_reuses_a_piece(lemma_file, tmp_path, monkeypatch):
    cache = tmp_path / "pieces"
    _resumed(lemma_file, "tilted_bowl", cache)
    ran = _counting(monkeypatch)
    _resumed(lemma_file, "tilted_bowl", cache, budget=BUDGET + 5)  # another share per piece
    assert ran == list(range(8))
    ran.clear()
    monkeypatch.setattr(distribute, "_CODE_VERSION", ["sha256:other code"])
    _resumed(lemma_file, "tilted_bowl", cache)
    assert ran == list(range(8))
    monkeypatch.undo()
    # the same claim with another constant (another hash), in a file of its own beside the first
    other = lemma_file.parent / "split_lemmas_other.py"
    other.write_text(LEMMAS.replace("- 0.3", "- 0.31"))
    ran = _counting(monkeypatch)
    v, _, _, _ = _resumed(other, "tilted_bowl", cache)
    assert v.verdict == "proved" and ran == list(range(8))
    # and the first claim, at the first budget, still finds all of its pieces
    ran.clear()
    _resumed(lemma_file, "tilted_bowl", cache)
    assert ran == []


def test_the_cache_directory_is_the_projects_and_can_be_switched_off(tmp_path, monkeypatch):
    proj = tmp_path / "proj"
    (proj / "lemmas" / "deep").mkdir(parents=True)
    (proj / "pyproject.toml").write_text("")
    f = proj / "lemmas" / "deep" / "lemmas_x.py"
    f.write_text(textwrap.dedent('''
        from theorycheck import claim

        @claim(x=(0, 1), split=1)
        def c(x):
            return x >= 0
    '''))
    c = _claim(f, "c")
    monkeypatch.delenv(distribute.RESUME_ENV)
    assert distribute.resume_dir(c) == (proj / ".theorycheck" / "pieces").resolve()
    monkeypatch.setenv(distribute.RESUME_ENV, "off")
    assert distribute.resume_dir(c) is None
    monkeypatch.setenv(distribute.RESUME_ENV, str(tmp_path / "elsewhere"))
    assert distribute.resume_dir(c) == tmp_path / "elsewhere"
    with distribute.resuming(False):
        assert distribute.resume_dir(c) is None


def test_piece_values_round_trip_exactly():
    value = {"a": np.array([[0.1, -np.inf], [np.nan, 5e-324]]), "b": (1, "lo"), "c": [True, None, 2 ** 70],
             "d": np.array([3, 4], dtype=np.int64), "e": np.array([True, False]), 7: {"order": 2, "zeros": [0]}}
    back = distribute._decode(json.loads(json.dumps(distribute._encode(value))))
    assert back.keys() == value.keys() and back["b"] == (1, "lo") and back["c"] == [True, None, 2 ** 70]
    assert back["a"].dtype == np.float64 and back["a"].tobytes() == value["a"].tobytes()
    assert back["d"].dtype == np.int64 and list(back["d"]) == [3, 4] and back["e"].dtype == np.bool_
    assert back[7] == {"order": 2, "zeros": [0]}
    for bad in ({"x": 1}, {"a": "complex128", "shape": [1], "items": []}, {"f": 1, "g": 2}):
        with pytest.raises((ValueError, KeyError, TypeError)):
            distribute._decode(bad)


# -- a claim's own budget -------------------------------------------------------------------------------


BUDGETED = textwrap.dedent('''
    from theorycheck import claim, exp

    @claim(x=(-1, 1), y=(-1, 1), budget=0.05)
    def starved(x, y):
        return exp(x) * (1 + y * y) >= 1 + x + x * y * 0.5 - 0.3

    @claim(x=(-1, 1), y=(-1, 1), budget=20)
    def fed(x, y):
        return exp(x) * (1 + y * y) >= 1 + x + x * y * 0.5 - 0.3
''')


def test_a_claims_own_budget_replaces_the_runs(tmp_path):
    """``@claim(budget=UNITS)``: the claim is decided with its own budget whatever the run's (the
    body is tilted_bowl's, true, and needs about 1 unit): 0.05 units leave it undecided under a run
    budget of 20, 20 units prove it under a run budget of 0.05."""
    path = tmp_path / "budgeted.py"
    path.write_text(BUDGETED)
    starved, fed = _claim(path, "starved"), _claim(path, "fed")
    assert starved.options["budget"] == 0.05 and fed.options["budget"] == 20.0
    v1 = check(starved, budget=20, seed=0)
    v2 = check(fed, budget=0.05, seed=0)
    assert v1.verdict == "undecided" and v1.budget == 0.05 and v1.evidence["work_units"] < 1
    assert v2.verdict == "proved" and v2.budget == 20.0
    for bad in (0, -1, "3", True, float("inf"), float("nan")):
        with pytest.raises(ClaimDefinitionError, match="budget must be a positive finite number"):
            claim(x=(0, 1), budget=bad)(lambda x: x >= 0)
    assert "budget" not in claim(x=(0, 1))(lambda x: x >= 0).options


# -- helpers -----------------------------------------------------------------------------------------


def _rel(path, start):
    import os

    return os.path.relpath(path, start).replace(os.sep, "/")


def _inside(box, lo, hi) -> bool:
    return all(Fraction(a) >= Fraction(float(l)) and Fraction(b) <= Fraction(float(h))
               for (a, b), l, h in zip(box, lo, hi))
