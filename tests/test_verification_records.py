"""Verification records (theorycheck/records.py): the kernel's acceptance of a certificate, kept
so that a repeat run of unchanged inputs need not re-check it.

A record is used on a second run (the kernel is not called), and never when anything the
verification depends on changed: the certificate's bytes, the claim's hash, the lemma file, the
kernel's sources, a library's version. A forged, damaged or foreign record is no hit; a failed
verification writes none; ``--reverify`` (and ``THEORYCHECK_REVERIFY=1``) and the CLI without
``--use-records`` always run the kernel. tests/conftest.py turns records off for every other test;
here they are on, in a tmp directory.

The claims are settled by hand: exp(x) > 0 everywhere (one interval leaf on [0, 1] shows it:
exp([0, 1]) = [1, e]); x >= 0 is false on [-1, 1] at x = -1; 2 exp(x) > 1 on [0, 1] (exp >= 1).
"""

from __future__ import annotations

import json
import threading

import pytest

from theorycheck import records
from theorycheck.cli import main as cli_main
from theorycheck.kernel import claim_hash
from theorycheck.loader import load_file

pytest_plugins = ["pytester"]

LEMMA = '''from theorycheck import claim, exp

@claim(x=(0, 1))
def exp_positive(x):
    return exp(x) > 0

@claim(x=(-1, 1))
def nonneg(x):
    return x >= 0
'''

PROOF = [{"part": 0, "by": "tiling", "tiling": [{"box": [["0", "1"]], "by": "interval"}]}]
COUNTEREXAMPLE = {"point": {"x": "-1"}, "part": 0, "violation": "relation", "precision": 53, "exact_zero": False}


def write_cert(tmp_path, name, *, parts=None, indent=1, where=("certs", "small"), file="../../lemmas/small.py"):
    lemma = tmp_path / "lemmas" / "small.py"
    c = next(c for c in load_file(lemma) if c.name == name)
    cert = {"format": "theorycheck-certificate/1",
            "claim": {"file": file, "name": name, "hash": claim_hash(c)},
            "box": [[v.name, str(v.lo), str(v.hi)] for v in c.variables],
            "verdict": "proved" if name == "exp_positive" else "refuted",
            "trust": "Arb + kernel", "symbolic_steps": []}
    if name == "exp_positive":
        cert["parts"] = PROOF if parts is None else parts
    else:
        cert["counterexample"] = COUNTEREXAMPLE
    out = tmp_path.joinpath(*where) / f"{name}.cert.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(cert, indent=indent))
    return out


def plugin_project(pytester, lemma_text):
    """A lemma file with its committed certificates (where the plugin looks: lemmas/certificates/)."""
    (pytester.path / "lemmas").mkdir()
    (pytester.path / "lemmas" / "small.py").write_text(lemma_text)
    names = [c.name for c in load_file(pytester.path / "lemmas" / "small.py")]
    for name in names:
        write_cert(pytester.path, name, where=("lemmas", "certificates", "small"), file="../../small.py")
    return names


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A lemma file, records on (in tmp_path/records), and a counter of the kernel's runs."""
    (tmp_path / "lemmas").mkdir()
    (tmp_path / "lemmas" / "small.py").write_text(LEMMA)
    monkeypatch.setenv(records.RECORDS_ENV, str(tmp_path / "records"))
    monkeypatch.delenv(records.REVERIFY_ENV, raising=False)
    calls = []
    real = records.kernel_verify

    def counting(path):
        calls.append(str(path))
        return real(path)

    monkeypatch.setattr(records, "kernel_verify", counting)
    return tmp_path, calls


def record_files(tmp_path):
    return sorted(p for p in (tmp_path / "records").rglob("*") if p.is_file())


@pytest.mark.parametrize("name", ["exp_positive", "nonneg"])
def test_the_second_run_uses_the_record_and_says_so(project, name):
    tmp_path, calls = project
    cert = write_cert(tmp_path, name)
    first = records.verify(cert)
    assert first.result.valid and not first.reused and first.written and len(calls) == 1
    assert "verified by the kernel now" in first.how
    assert [p.name for p in record_files(tmp_path)] == [f"{first.key}.json"]
    second = records.verify(cert)
    assert len(calls) == 1, "the kernel ran again although nothing changed"
    assert second.reused and second.key == first.key and second.result.valid
    assert (second.result.verdict, second.result.trust, second.result.message, second.result.leaves) == \
        (first.result.verdict, first.result.trust, first.result.message, first.result.leaves)
    assert second.how.startswith(f"verified earlier: record {first.key[:16]}") and "not re-checked now" in second.how
    # use_records=False (--reverify) runs the kernel and refreshes the record
    third = records.verify(cert, use_records=False)
    assert len(calls) == 2 and not third.reused and third.written


def test_a_changed_certificate_byte_is_a_miss(project):
    tmp_path, calls = project
    cert = write_cert(tmp_path, "exp_positive")
    key = records.verify(cert).key
    cert.write_bytes(cert.read_bytes() + b" ")  # still the same JSON: only the bytes differ
    again = records.verify(cert)
    assert len(calls) == 2 and not again.reused and again.key != key and again.result.valid
    assert len(record_files(tmp_path)) == 2


def test_a_changed_claim_is_a_miss(project):
    tmp_path, calls = project
    cert = write_cert(tmp_path, "exp_positive")
    records.verify(cert)
    # the body edited (still true): a new claim hash; the certificate made for it again
    lemma = tmp_path / "lemmas" / "small.py"
    lemma.write_text(LEMMA.replace("return exp(x) > 0", "return 2 * exp(x) > 1"))
    cert = write_cert(tmp_path, "exp_positive")
    again = records.verify(cert)
    assert len(calls) == 2 and not again.reused and again.result.valid


def test_a_changed_claim_hash_alone_is_a_miss(project, monkeypatch):
    """The claim's hash as the kernel computes it is an input of its own (simulated: as after an
    edit of a helper module, which changes neither the certificate nor the lemma file's bytes)."""
    tmp_path, calls = project
    cert = write_cert(tmp_path, "exp_positive")
    first = records.verify(cert)
    real = records.kernel_claim_hash
    monkeypatch.setattr(records, "kernel_claim_hash", lambda c: real(c) + "-edited-helper")
    again = records.verify(cert)
    assert len(calls) == 2 and not again.reused and again.key != first.key and again.result.valid


def test_an_edit_of_the_lemma_file_the_claim_hash_does_not_see_is_a_miss(project):
    tmp_path, calls = project
    cert = write_cert(tmp_path, "exp_positive")
    first, before = records.verify(cert), records.inputs(cert)
    (tmp_path / "lemmas" / "small.py").write_text(LEMMA + "\n# a comment at the end\n")
    now = records.inputs(cert)
    assert now["claim"] == before["claim"] and now["lemma_file"] != before["lemma_file"]
    again = records.verify(cert)
    assert len(calls) == 2 and not again.reused and again.result.valid and again.key != first.key


def test_a_changed_kernel_source_is_a_miss(project, monkeypatch):
    tmp_path, calls = project
    real = records.kernel_files()
    copy = tmp_path / "leaves_copy.py"
    copy.write_bytes((records._PACKAGE / "kernel" / "leaves.py").read_bytes())
    monkeypatch.setattr(records, "kernel_files", lambda: tuple(f for f in real if f.name != "leaves.py") + (copy,))
    records._code_files.cache_clear()
    records._code_digest.cache_clear()
    try:
        cert = write_cert(tmp_path, "exp_positive")
        first = records.verify(cert)
        assert records.verify(cert).reused and len(calls) == 1
        copy.write_bytes(copy.read_bytes() + b"\n# one byte more\n")
        records._code_digest.cache_clear()  # (in a process the code first hashed is the code that runs)
        again = records.verify(cert)
        assert len(calls) == 2 and not again.reused and again.key != first.key
    finally:
        records._code_files.cache_clear()
        records._code_digest.cache_clear()


def test_the_kernel_sources_cover_the_kernel_and_what_it_imports():
    names = {f.relative_to(records._PACKAGE.parent).as_posix() for f in records.kernel_files()}
    kernel = {f"theorycheck/kernel/{f.name}" for f in (records._PACKAGE / "kernel").glob("*.py")}
    assert kernel <= names
    # the function layer the kernel imports (tests/test_kernel.py's allow-list), and the packages run on import
    for m in ("enclose/interval", "enclose/dual", "enclose/series", "expr", "claims", "integral", "loader",
              "__init__", "enclose/__init__"):
        assert f"theorycheck/{m}.py" in names, m
    # and what those import, inside functions too (claims.py imports check.py lazily)
    assert "theorycheck/check.py" in names and "theorycheck/enclose/kinds.py" in names
    # not the plugin, the CLI, nor the records themselves
    assert not {"theorycheck/pytest_plugin.py", "theorycheck/cli.py", "theorycheck/records.py"} & names


def test_a_changed_library_version_is_a_miss(project, monkeypatch):
    tmp_path, calls = project
    cert = write_cert(tmp_path, "exp_positive")
    records.verify(cert)
    versions = dict(records.library_versions())
    assert {"python", "python-flint", "sympy", "mpmath", "z3-solver"} <= set(versions)
    for lib in ("python-flint", "sympy", "mpmath", "z3-solver", "python"):
        changed = dict(versions, **{lib: "0.0.0-other"})
        monkeypatch.setattr(records, "library_versions", lambda changed=changed: changed)
        again = records.verify(cert)
        assert not again.reused, lib
    assert len(calls) == 6


def test_forged_damaged_or_foreign_records_are_no_hit(project):
    tmp_path, calls = project
    a = records.verify(write_cert(tmp_path, "exp_positive"))
    b = records.verify(write_cert(tmp_path, "nonneg"))
    pa, pb = records.record_path(tmp_path / "records", a.key), records.record_path(tmp_path / "records", b.key)
    good = pa.read_text()
    n = len(calls)

    def attempt(text, why):
        nonlocal n
        pa.write_text(text)
        again = records.verify(tmp_path / "certs" / "small" / "exp_positive.cert.json")
        n += 1
        assert len(calls) == n and not again.reused and why in again.note, (why, again.note)
        assert again.written and json.loads(pa.read_text())["key"] == a.key  # replaced by a good record

    attempt(good[: len(good) // 2], "unreadable")  # truncated
    attempt("", "unreadable")
    doc = json.loads(good)
    doc["result"]["leaves"] = 10**6  # content changed, checksum left
    attempt(json.dumps(doc), "checksum")
    doc["checksum"] = records._checksum(doc)  # ... and the checksum made again: still the same inputs, so
    pa.write_text(json.dumps(doc))  # this is the one forgery a local cache cannot tell (see the module doc)
    assert records.verify(tmp_path / "certs" / "small" / "exp_positive.cert.json").reused
    n = len(calls)
    doc = json.loads(good)
    doc["result"]["valid"] = False
    doc["checksum"] = records._checksum(doc)
    attempt(json.dumps(doc), "no valid result")
    doc = json.loads(good)
    doc["result"]["verdict"] = "refuted"
    doc["checksum"] = records._checksum(doc)
    attempt(json.dumps(doc), "no valid result")
    attempt(pb.read_text(), "other inputs")  # the record of another certificate at this key's path
    doc = json.loads(good)
    doc["inputs"]["certificate"] = "sha256:" + "1" * 64  # inputs that do not hash to the key
    doc["checksum"] = records._checksum(doc)
    attempt(json.dumps(doc), "other inputs")
    doc = json.loads(pb.read_text())
    doc["key"] = a.key  # another record relabelled with this key
    doc["checksum"] = records._checksum(doc)
    attempt(json.dumps(doc), "other inputs")
    attempt(json.dumps(dict(json.loads(good), format="other/1")), "another format")


def test_a_failed_verification_writes_no_record(project):
    tmp_path, calls = project
    bad = [{"part": 0, "by": "tiling", "tiling": [{"box": [["0", "1/2"]], "by": "interval"}]}]  # a gap
    cert = write_cert(tmp_path, "exp_positive", parts=bad)
    for _ in range(2):
        out = records.verify(cert)
        assert not out.result.valid and not out.written and not out.reused
    assert len(calls) == 2 and record_files(tmp_path) == []
    # a certificate whose lemma file is gone: no key, the kernel says why, nothing written
    (tmp_path / "lemmas" / "small.py").unlink()
    out = records.verify(cert)
    assert out.key is None and not out.result.valid and "does not exist" in out.result.message
    assert record_files(tmp_path) == []


def test_records_off_reads_and_writes_nothing(project, monkeypatch):
    tmp_path, calls = project
    cert = write_cert(tmp_path, "exp_positive")
    monkeypatch.setenv(records.RECORDS_ENV, "off")
    for _ in range(2):
        assert records.verify(cert).key is None
    assert len(calls) == 2 and not (tmp_path / "records").exists()


def test_records_default_to_the_project_of_the_certificate(tmp_path, monkeypatch):
    monkeypatch.delenv(records.RECORDS_ENV, raising=False)
    (tmp_path / "proj" / "lemmas" / "certificates" / "a").mkdir(parents=True)
    (tmp_path / "proj" / "pyproject.toml").write_text("")
    cert = tmp_path / "proj" / "lemmas" / "certificates" / "a" / "c.cert.json"
    assert records.records_dir(cert) == (tmp_path / "proj" / ".theorycheck" / "records").resolve()


def test_concurrent_writers_leave_one_whole_record(project):
    """Two pytest-xdist workers may write the same record: each writes a temporary file and
    renames it, so a reader sees a whole record (or none) and no temporary file is left."""
    tmp_path, calls = project
    cert = write_cert(tmp_path, "exp_positive")
    first = records.verify(cert)
    found = records.inputs(cert)
    errors = []

    def writer():
        for _ in range(30):
            if not records.write(tmp_path / "records", first.key, found, first.result):
                errors.append("not written")

    def reader():
        for _ in range(60):
            got = records.read(tmp_path / "records", first.key, found)
            if not isinstance(got, dict):
                errors.append(got)

    threads = [threading.Thread(target=f) for f in (writer, writer, reader)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert [p.name for p in record_files(tmp_path)] == [f"{first.key}.json"]


def test_cli_verify_rechecks_unless_told_to_use_records(project, capsys):
    tmp_path, calls = project
    write_cert(tmp_path, "exp_positive")
    write_cert(tmp_path, "nonneg")
    certs = str(tmp_path / "certs")
    assert cli_main(["verify", "--use-records", certs]) == 0
    assert len(calls) == 2 and len(record_files(tmp_path)) == 2
    out = capsys.readouterr().out
    assert out.count("verified by the kernel now") == 2
    assert cli_main(["verify", "--use-records", certs]) == 0
    assert len(calls) == 2
    captured = capsys.readouterr()
    assert captured.out.count("[verified earlier: record ") == 2 and "not re-checked now" in captured.out
    assert "2 of 2 certificate(s) verified earlier" in captured.err
    assert cli_main(["verify", "--use-records", "--json", certs]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["reused"] for r in rows] == [True, True] and all(len(r["record"]) == 64 for r in rows)
    # without --use-records: the kernel itself, every time (the kernel's own command line)
    import theorycheck.kernel as kernel

    real, runs = kernel.verify_certificate, []
    kernel.verify_certificate = lambda p: runs.append(p) or real(p)
    try:
        assert cli_main(["verify", certs]) == 0
    finally:
        kernel.verify_certificate = real
    assert len(runs) == 2 and "verified earlier" not in capsys.readouterr().out


# -- the pytest plugin ----------------------------------------------------------------------------


def test_plugin_uses_records_says_so_and_reverify_ignores_them(pytester, monkeypatch):
    monkeypatch.setenv(records.RECORDS_ENV, str(pytester.path / "records"))
    monkeypatch.delenv(records.REVERIFY_ENV, raising=False)
    calls = []
    real = records.kernel_verify
    monkeypatch.setattr(records, "kernel_verify", lambda p: calls.append(p) or real(p))
    plugin_project(pytester, LEMMA.replace("@claim(x=(-1, 1))", '@claim(x=(-1, 1), expect="refuted")'))
    # --no-reports: the committed certificates alone decide (no report to agree with, no plots)
    # (hypothesis's plugin off: in-process runs would import it afresh each time, seconds each)
    run = lambda *a: pytester.runpytest("lemmas", "-p", "no:cacheprovider", "-p", "no:hypothesispytest",  # noqa: E731
                                        "--no-reports", *a)

    result = run("-v")  # the committed certificates, verified by the kernel: records written
    result.assert_outcomes(passed=2)
    assert len(calls) == 2 and len(list((pytester.path / "records").rglob("*.json"))) == 2
    result.stdout.fnmatch_lines(["*committed certificates: 2 verified by the kernel now"])
    assert "verified earlier" not in result.stdout.str()
    before = {p: p.read_bytes() for p in pytester.path.rglob("*") if p.is_file() and "records" not in p.parts}

    xml = pytester.path.parent / "out.xml"
    result = run("-v", f"--junitxml={xml}")  # the records: the kernel does not run, and every place says so
    result.assert_outcomes(passed=2)
    assert len(calls) == 2
    result.stdout.fnmatch_lines([
        "*::exp_positive PROVED (verified earlier)*",
        "*::nonneg REFUTED (as expected) (verified earlier)*",
        "*certificates verified earlier, not re-checked now*",
        "VERIFIED EARLIER lemmas/small.py::exp_positive - record * not re-checked now; trust Arb + kernel",
        "*committed certificates: 0 verified by the kernel now, 2 verified earlier*not re-checked in this run*",
    ])
    assert xml.read_text().count('name="theorycheck_record"') == 2  # junit XML carries it too
    after = {p: p.read_bytes() for p in pytester.path.rglob("*") if p.is_file() and "records" not in p.parts}
    assert after == before  # nothing but records written

    run("--reverify").assert_outcomes(passed=2)
    assert len(calls) == 4
    monkeypatch.setenv(records.REVERIFY_ENV, "1")
    result = run()
    result.assert_outcomes(passed=2)
    assert len(calls) == 6
    result.stdout.fnmatch_lines(["*committed certificates: 2 verified by the kernel now (--reverify)"])


def test_plugin_with_records_off_runs_the_kernel(pytester, monkeypatch):
    """What tests/conftest.py sets for the whole suite: the plugin re-checks every time."""
    monkeypatch.setenv(records.RECORDS_ENV, "off")
    calls = []
    real = records.kernel_verify
    monkeypatch.setattr(records, "kernel_verify", lambda p: calls.append(p) or real(p))
    plugin_project(pytester, LEMMA.split("@claim(x=(-1, 1))")[0])
    for _ in range(2):
        pytester.runpytest("lemmas", "-p", "no:cacheprovider", "-p", "no:hypothesispytest",
                           "--no-reports").assert_outcomes(passed=1)
    assert len(calls) == 2 and not list(pytester.path.rglob("records"))


# -- files the verification read: data and helper modules the claim's hash does not see ----------------

DATA_LEMMA = '''import json, pathlib
from theorycheck import claim, exp
from shapes import GENERATORS

C = json.loads((pathlib.Path(__file__).parent / "c.json").read_text())  # a dict: hashed by this line only

@claim(x=(0, 1))
def exp_above_data(x):
    return exp(x) > C["c"]

@claim(x=(0, 1))
def exp_above_helper(x):
    return GENERATORS["f"](x) > 0

@claim(x=(0, 1))
def exp_above_lazy(x):
    return exp(x) > json.loads((pathlib.Path(__file__).parent / "lazy.json").read_text())["c"]
'''

SHAPES = '''from theorycheck import exp
K = 1
GENERATORS = {"f": lambda x: K * exp(x)}  # a dict of functions: its K is not in the claim's hash
'''


@pytest.fixture
def data_project(project):
    tmp_path, calls = project
    lemmas = tmp_path / "lemmas"
    (lemmas / "c.json").write_text('{"c": 0.5}')
    (lemmas / "lazy.json").write_text('{"c": 0.5}')
    (lemmas / "shapes.py").write_text(SHAPES)
    (lemmas / "data.py").write_text(DATA_LEMMA)
    return tmp_path, calls


def _data_cert(tmp_path, name):
    import sys

    sys.modules.pop("shapes", None)  # the helper module as it is now
    c = next(c for c in load_file(tmp_path / "lemmas" / "data.py") if c.name == name)
    cert = {"format": "theorycheck-certificate/1",
            "claim": {"file": "../../lemmas/data.py", "name": name, "hash": claim_hash(c)},
            "box": [["x", "0", "1"]], "verdict": "proved", "trust": "Arb + kernel", "symbolic_steps": [],
            "parts": PROOF}
    out = tmp_path / "certs" / "data" / f"{name}.cert.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(cert, indent=1))
    return out


@pytest.mark.parametrize("name,edit", [
    ("exp_above_data", ("c.json", '{"c": 2}')),  # read when the lemma file is executed
    ("exp_above_lazy", ("lazy.json", '{"c": 2}')),  # read while the kernel evaluates the body
    ("exp_above_helper", ("shapes.py", SHAPES.replace("K = 1", "K = -1"))),  # a helper module's constant
])
def test_a_changed_file_the_claim_hash_does_not_see_is_a_miss(data_project, name, edit):
    """Each claim is true as written (exp > 1/2, K exp > 0 on [0, 1]) and false after the edit
    (exp(0) = 1 < 2; -exp < 0), while the certificate, the lemma file and the claim's hash stay
    the same: a record of the first verification must not be taken for the second."""
    tmp_path, calls = data_project
    cert = _data_cert(tmp_path, name)
    first = records.verify(cert)
    assert first.result.valid and first.written and len(calls) == 1
    assert records.verify(cert).reused and len(calls) == 1  # unchanged: the record is used
    (tmp_path / "lemmas" / edit[0]).write_text(edit[1])
    import sys

    sys.modules.pop("shapes", None)
    from theorycheck import kernel

    kernel._LOADED_BYTES.clear()
    records._LEMMA_READS.clear()
    assert _data_cert(tmp_path, name).read_bytes() == cert.read_bytes()  # the same certificate ...
    again = records.verify(cert)
    assert len(calls) == 2 and not again.reused, "a record was used although a file it read changed"
    assert not again.result.valid  # ... which the kernel now refuses: the claim became false


def test_files_of_the_installation_and_of_the_package_are_not_listed(data_project):
    tmp_path, calls = data_project
    cert = _data_cert(tmp_path, "exp_above_data")
    first = records.verify(cert)
    doc = json.loads(records.record_path(tmp_path / "records", first.key).read_text())
    listed = set(doc["reads"])
    lemmas = (tmp_path / "lemmas").resolve()
    assert str(lemmas / "c.json") in listed and str(lemmas / "shapes.py") in listed
    assert all(not p.endswith(".pyc") and "/theorycheck/" not in p and not p.startswith("/proc") for p in listed)


# -- inputs outside the key (adversarial review, session 23) --------------------------------------------
# Each case below was a stale hit before: a record written while the claim was true was used after an
# input the key did not see changed so that the claim became false (the kernel, run now, refuses the
# certificate). Each is a "fresh process": the user's modules forgotten, the loader's caches dropped,
# and the lemma file loaded first (as the plugin's collection does, before any record is looked up).


def _fresh_process(*roots):
    """Forget what a later process would not have: the user's modules below ``roots`` and the
    loader's, the kernel's and the records' caches; then the lemma is loaded afresh."""
    import sys
    from pathlib import Path

    from theorycheck import kernel, loader

    for name, mod in list(sys.modules.items()):
        f = getattr(mod, "__file__", None)
        if f and any(Path(r).resolve() in Path(f).resolve().parents for r in roots):
            del sys.modules[name]
    for cache in (loader._LOADED, loader._NOTES, loader._PROBLEMS, kernel._LOADED_BYTES, records._LEMMA_READS):
        cache.clear()


def _cert_for(tmp_path, lemma_name, name, where="certs"):
    c = next(c for c in load_file(tmp_path / "lemmas" / lemma_name) if c.name == name)
    cert = {"format": "theorycheck-certificate/1",
            "claim": {"file": f"../../lemmas/{lemma_name}", "name": name, "hash": claim_hash(c)},
            "box": [["x", "0", "1"]], "verdict": "proved", "trust": "Arb + kernel", "symbolic_steps": [],
            "parts": PROOF}
    out = tmp_path / where / lemma_name[:-3] / f"{name}.cert.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(cert, indent=1))
    return out


def _stale(tmp_path, calls, lemma_name, name, edit, roots=(), before_verify=None):
    """Verify (a record is written), check that an unchanged second run uses it, apply ``edit``
    (which makes the claim false), and verify again in a 'fresh process': it must not be a hit."""
    roots = (tmp_path, *roots)
    _fresh_process(*roots)
    cert = _cert_for(tmp_path, lemma_name, name)
    first = records.verify(cert)
    assert first.result.valid and first.written and len(calls) == 1, first.result.message
    _fresh_process(*roots)
    load_file(tmp_path / "lemmas" / lemma_name)
    assert records.verify(cert).reused and len(calls) == 1  # unchanged: the record is used
    edit()
    _fresh_process(*roots)
    assert _cert_for(tmp_path, lemma_name, name).read_bytes() == cert.read_bytes()  # the same certificate
    if before_verify is not None:
        before_verify()
    again = records.verify(cert)
    assert len(calls) == 2 and not again.reused, "a record was used although an input of the claim changed"
    assert not again.result.valid  # the kernel now refuses it: the claim became false
    return cert


def test_data_read_by_a_helper_imported_before_the_capture_is_listed(project):
    """The helper module reads its data when it is imported, which happens when the lemma file is
    collected, before the records' audit hook looks: the open() was never seen."""
    tmp_path, calls = project
    lemmas = tmp_path / "lemmas"
    (lemmas / "t.json").write_text('{"c": 0.5}')
    (lemmas / "tables.py").write_text('import json, pathlib\n'
                                      'T = json.loads((pathlib.Path(__file__).parent / "t.json").read_text())\n')
    (lemmas / "early.py").write_text('from theorycheck import claim, exp\nfrom tables import T\n\n'
                                     '@claim(x=(0, 1))\ndef above_table(x):\n    return exp(x) > T["c"]\n')
    _stale(tmp_path, calls, "early.py", "above_table", lambda: (lemmas / "t.json").write_text('{"c": 2}'))


def test_a_helper_module_outside_the_lemma_directory_is_listed(project, monkeypatch):
    """A module on PYTHONPATH (not below the lemma's directory, not in site-packages) whose dict is
    made by a function the claim does not reach: the claim's hash sees the line ``TABLE = make()``
    only, and the module's file was not listed."""
    tmp_path, calls = project
    ext = tmp_path / "ext"
    ext.mkdir()
    (ext / "extconsts.py").write_text('def make():\n    return {"c": 0.5}\n\nTABLE = make()\n')
    monkeypatch.syspath_prepend(str(ext))
    (tmp_path / "lemmas" / "outside.py").write_text(
        'from theorycheck import claim, exp\nfrom extconsts import TABLE\n\n'
        '@claim(x=(0, 1))\ndef above_ext(x):\n    return exp(x) > TABLE["c"]\n')
    _stale(tmp_path, calls, "outside.py", "above_ext",
           lambda: (ext / "extconsts.py").write_text('def make():\n    return {"c": 2}\n\nTABLE = make()\n'))


def test_an_environment_variable_the_body_reads_is_recorded(project, monkeypatch):
    """The body reads os.environ when it is evaluated: not in the claim's hash (``os`` is the
    standard library), not a file."""
    tmp_path, calls = project
    monkeypatch.setenv("TC_ADV_BOUND", "0.5")
    (tmp_path / "lemmas" / "env.py").write_text(
        'import os\nfrom theorycheck import claim, exp\n\n'
        '@claim(x=(0, 1))\ndef above_env(x):\n    return exp(x) > float(os.environ.get("TC_ADV_BOUND", "0"))\n')
    _stale(tmp_path, calls, "env.py", "above_env", lambda: monkeypatch.setenv("TC_ADV_BOUND", "2"))


def test_an_environment_variable_read_through_getenv_at_import_into_a_dict(project, monkeypatch):
    tmp_path, calls = project
    monkeypatch.setenv("TC_ADV_BOUND2", "0.5")
    (tmp_path / "lemmas" / "env2.py").write_text(
        'import os\nfrom theorycheck import claim, exp\n\nB = {"c": float(os.getenv("TC_ADV_BOUND2", "0"))}\n\n'
        '@claim(x=(0, 1))\ndef above_env2(x):\n    return exp(x) > B["c"]\n')
    _stale(tmp_path, calls, "env2.py", "above_env2", lambda: monkeypatch.setenv("TC_ADV_BOUND2", "2"))


def test_a_file_opened_by_a_relative_path_depends_on_the_current_directory(project, monkeypatch):
    tmp_path, calls = project
    for d, c in (("here", "0.5"), ("there", "2")):
        (tmp_path / d).mkdir()
        (tmp_path / d / "rel.json").write_text('{"c": %s}' % c)
    monkeypatch.chdir(tmp_path / "here")
    (tmp_path / "lemmas" / "rel.py").write_text(
        'import json\nfrom theorycheck import claim, exp\n\n'
        '@claim(x=(0, 1))\ndef above_rel(x):\n    return exp(x) > json.load(open("rel.json"))["c"]\n')
    _stale(tmp_path, calls, "rel.py", "above_rel", lambda: monkeypatch.chdir(tmp_path / "there"))


def test_a_records_directory_shared_by_two_checkouts(data_project):
    """THEORYCHECK_RECORDS_DIR shared by two copies of a project: the same certificate, lemma file
    and claim hash, but the second copy's data file makes the claim false; the record of the first
    listed the first copy's files (unchanged), and was used for the second."""
    import shutil

    tmp_path, calls = data_project
    cert = _data_cert(tmp_path, "exp_above_data")
    assert records.verify(cert).written and len(calls) == 1
    other = tmp_path / "copy"
    other.mkdir()
    shutil.copytree(tmp_path / "lemmas", other / "lemmas")
    shutil.copytree(tmp_path / "certs", other / "certs")
    (other / "lemmas" / "c.json").write_text('{"c": 2}')
    _fresh_process(tmp_path)
    again = records.verify(other / "certs" / "data" / "exp_above_data.cert.json")
    assert len(calls) == 2 and not again.reused
    assert not again.result.valid


def test_a_third_party_distribution_the_lemma_imports_is_keyed_by_its_version(project, monkeypatch):
    """A function of an installed package other than the libraries of ``versions`` enters the
    claim's hash by its name only: an upgrade that changed what it computes left the key as it
    was. The versions of the distributions the lemma (and its helpers) import are key inputs."""
    from importlib.metadata import version

    tmp_path, calls = project
    (tmp_path / "lemmas" / "third.py").write_text(
        'import hypothesis\nfrom theorycheck import claim, exp\n\n'
        '@claim(x=(0, 1))\ndef above_third(x):\n    return exp(x) > 0\n')
    _fresh_process(tmp_path)
    cert = _cert_for(tmp_path, "third.py", "above_third")
    found = records.inputs(cert)
    assert found["imports"] == {"hypothesis": version("hypothesis")}
    assert records.verify(cert).written and records.verify(cert).reused and len(calls) == 1
    monkeypatch.setattr(records, "_distribution_version", lambda d: "0-upgraded")
    again = records.verify(cert)
    assert not again.reused and len(calls) == 2


def test_a_verification_that_runs_another_program_writes_no_record(project):
    """Another program's output (here: a subprocess that prints the bound) is no file a record
    can list: such a verification is not recorded, and the next run re-checks it."""
    tmp_path, calls = project
    (tmp_path / "lemmas" / "proc.py").write_text(
        'import subprocess, sys\nfrom theorycheck import claim, exp\n\n'
        'B = {"c": float(subprocess.run([sys.executable, "-c", "print(0.5)"], capture_output=True, text=True).stdout)}\n\n'
        '@claim(x=(0, 1))\ndef above_proc(x):\n    return exp(x) > B["c"]\n')
    _fresh_process(tmp_path)
    cert = _cert_for(tmp_path, "proc.py", "above_proc")
    first = records.verify(cert)
    assert first.result.valid and not first.written and "subprocess.Popen" in first.note
    assert not records.verify(cert).reused and len(calls) == 2 and not record_files(tmp_path)


def test_a_data_file_reached_through_a_symbolic_link_that_is_pointed_elsewhere(project):
    """The lemma opens lemmas/current.json, a symbolic link to v1.json; pointed at v2.json, whose
    bound makes the claim false, the record listed v1.json (the link resolved), unchanged: a hit."""
    tmp_path, calls = project
    lemmas = tmp_path / "lemmas"
    (lemmas / "v1.json").write_text('{"c": 0.5}')
    (lemmas / "v2.json").write_text('{"c": 2}')
    (lemmas / "current.json").symlink_to("v1.json")
    (lemmas / "linked.py").write_text(
        'import json, pathlib\nfrom theorycheck import claim, exp\n\n'
        'C = json.loads((pathlib.Path(__file__).parent / "current.json").read_text())\n\n'
        '@claim(x=(0, 1))\ndef above_linked(x):\n    return exp(x) > C["c"]\n')

    def repoint():
        (lemmas / "current.json").unlink()
        (lemmas / "current.json").symlink_to("v2.json")

    _stale(tmp_path, calls, "linked.py", "above_linked", repoint)


def test_a_certificate_rewritten_while_the_kernel_runs_is_not_recorded(project, monkeypatch):
    """The key is of the bytes read before the kernel ran; bytes changed meanwhile (another process
    writing the certificate) may be what the kernel accepted: no record of the first key then."""
    tmp_path, calls = project
    cert = write_cert(tmp_path, "exp_positive")
    real = records.kernel_verify

    def rewriting(path):
        res = real(path)
        write_cert(tmp_path, "exp_positive", indent=2)  # the same proof, other bytes
        return res

    monkeypatch.setattr(records, "kernel_verify", rewriting)
    first = records.verify(cert)
    assert first.result.valid and not first.written and "changed while the kernel ran" in first.note
    assert not record_files(tmp_path)
