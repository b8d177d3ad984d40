"""Certificates of claims with integer parameters: one proof per value, or the value and the
point of the counterexample; the kernel checks each value as the ordinary claim at that value.

Truth by hand: x^n <= x on [0, 1] for every n >= 1 (0 <= x <= 1, so x^n = x x^(n-1) <= x);
x^n <= 8 on [0, 2] holds for n <= 3 and fails first at n = 4, x = 2 (16 > 8); exp(2x) = exp(x)^n
holds exactly for n = 2 only.
"""

from __future__ import annotations

import copy
import json
import textwrap

import pytest

from theorycheck import certificates
from theorycheck.check import check
from theorycheck.kernel import verify_certificate
from theorycheck.loader import load_file

LEMMAS = textwrap.dedent('''
    from theorycheck import claim, exp

    @claim(n=range(1, 5), x=(0, 1))
    def power_below_identity(n, x):
        return x**n <= x

    @claim(n=range(1, 7), x=(0, 2))
    def power_below_eight(n, x):
        return x**n <= 8

    @claim(n=[2], x=(0, 1))
    def square_identity(n, x):
        return exp(2 * x) == exp(x) ** n
''')


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    root = tmp_path_factory.mktemp("family")
    (root / "lemmas").mkdir()
    (root / "lemmas" / "fam.py").write_text(LEMMAS)
    out = {}
    for c in load_file(root / "lemmas" / "fam.py"):
        v = check(c, budget=20)
        path = certificates.write(c, v, root / "lemmas" / "certificates")
        out[c.name] = (v, path)
    return root, out


@pytest.mark.parametrize("name,verdict", [("power_below_identity", "proved"), ("power_below_eight", "refuted"),
                                          ("square_identity", "proved")])
def test_the_kernel_accepts_a_familys_certificate(made, name, verdict):
    _, out = made
    v, path = out[name]
    assert v.verdict == verdict and path is not None
    r = verify_certificate(path)
    assert r.valid and r.verdict == verdict, r.message
    doc = json.loads(path.read_text())
    if verdict == "proved":
        assert [e["assignment"] for e in doc["values"]] == [{"n": k} for k in doc["integers"]["n"]]
    else:
        assert doc["assignment"] == {"n": 4} and v.counterexample["n"] == "4"


def _rewritten(path, doc, tmp_path):
    target = tmp_path / "lemmas" / "certificates" / path.parent.name / path.name
    target.parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / "lemmas" / "fam.py").write_text((path.parent.parent.parent / "fam.py").read_text())
    target.write_text(certificates.dumps(doc))
    return verify_certificate(target)


def test_a_missing_value_is_caught(made, tmp_path):
    _, out = made
    path = out["power_below_identity"][1]
    doc = json.loads(path.read_text())
    doc["values"] = doc["values"][:-1]
    r = _rewritten(path, doc, tmp_path)
    assert not r.valid and "values" in r.message


def test_proofs_out_of_order_are_caught(made, tmp_path):
    # the proof of n = 1 (x <= x, an identity-like margin 0) does not prove n = 2
    _, out = made
    path = out["power_below_identity"][1]
    doc = json.loads(path.read_text())
    doc["values"][0], doc["values"][1] = doc["values"][1], doc["values"][0]
    r = _rewritten(path, doc, tmp_path)
    assert not r.valid and "order" in r.message


def test_one_values_proof_given_for_another_is_caught(made, tmp_path):
    _, out = made
    path = out["power_below_identity"][1]
    doc = json.loads(path.read_text())
    doc["values"][3] = dict(copy.deepcopy(doc["values"][0]), assignment={"n": 4})
    r = _rewritten(path, doc, tmp_path)
    assert not r.valid


def test_a_changed_range_of_values_is_caught(made, tmp_path):
    _, out = made
    path = out["power_below_identity"][1]
    doc = json.loads(path.read_text())
    doc["integers"] = {"n": [1, 2, 3]}
    doc["values"] = doc["values"][:3]
    r = _rewritten(path, doc, tmp_path)
    assert not r.valid and "integer parameters" in r.message


def test_a_counterexample_at_another_value_is_caught(made, tmp_path):
    # x = 2 violates x^n <= 8 at n = 4 but not at n = 3
    _, out = made
    path = out["power_below_eight"][1]
    doc = json.loads(path.read_text())
    doc["assignment"] = {"n": 3}
    r = _rewritten(path, doc, tmp_path)
    assert not r.valid


def test_a_value_outside_the_family_is_caught(made, tmp_path):
    _, out = made
    path = out["power_below_eight"][1]
    doc = json.loads(path.read_text())
    doc["assignment"] = {"n": 9}
    r = _rewritten(path, doc, tmp_path)
    assert not r.valid and "not a value" in r.message


def test_an_unlisted_symbolic_step_is_caught(made, tmp_path):
    _, out = made
    path = out["square_identity"][1]
    doc = json.loads(path.read_text())
    assert doc["values"][0]["symbolic_steps"], "the identity is proved symbolically"
    doc["values"][0]["symbolic_steps"] = []
    r = _rewritten(path, doc, tmp_path)
    assert not r.valid and "symbolic_steps" in r.message
