"""Proof certificates: what the prover did, written so that the kernel can check it.

The prover decides boxes of floats; a certificate states every decided box with exact
rational ends, the method that decided it and the data that method needs (format:
``theorycheck-certificate/1``, documented in :mod:`theorycheck.kernel`). Nothing here is
trusted: :func:`theorycheck.kernel.verify_certificate` re-derives every decision.

A float box holds the claim's exact box (its ends rounded outward, :func:`prove.domain_box`).
A leaf's end that sits on such a rounded end stands for the exact end (the prover evaluates
those boxes with the exact end too), and every leaf is clipped to the exact box: the leaves
then tile the exact box, and a leaf lying wholly outside it (between a rounded end and the
exact one) is dropped.
"""

from __future__ import annotations

import json
import math
import os
import sys
from fractions import Fraction
from pathlib import Path

import numpy as np

FORMAT = "theorycheck-certificate/1"
MAX_LEAVES = 200_000  # a larger proof is not written out (the file would be hundreds of MB)


class TooLarge(Exception):
    """The proof has more boxes than a certificate file should hold."""


def _q(x: Fraction) -> str:
    """The exact number as "p" or "p/q", whatever its size (a bound such as 10**5000 is past
    Python's default limit on int-to-text conversion, which is there against untrusted input)."""
    x = Fraction(x)
    old = sys.get_int_max_str_digits()
    try:
        sys.set_int_max_str_digits(0)
        return str(x)
    finally:
        sys.set_int_max_str_digits(old)


class ExactBoxes:
    """The exact rational box a float proof box stands for, clipped to the claim's box."""

    def __init__(self, claim, exact=None):
        """``exact``: the exact box proved, as (lo, hi) Fractions (default the claim's; a
        reduced box of :mod:`theorycheck.invariance`)."""
        from .search import float_down, float_up

        self.exact = exact if exact is not None else [(v.lo, v.hi) for v in claim.variables]
        self.box_lo = [float_down(lo) for lo, _ in self.exact]
        self.box_hi = [float_up(hi) for _, hi in self.exact]

    def _end(self, i, x: float) -> Fraction:
        lo, hi = self.exact[i]
        if x == self.box_lo[i]:
            return lo
        if x == self.box_hi[i]:
            return hi
        if not math.isfinite(x):
            return hi if x > 0 else lo
        return min(max(Fraction(float(x)), lo), hi)

    def box(self, lo, hi):
        """[(lo, hi)] Fractions, or None when the box holds no point of the claim's box."""
        out = []
        for i, (a, b) in enumerate(zip(lo, hi)):
            qa, qb = self._end(i, float(a)), self._end(i, float(b))
            if qa > qb:
                return None
            out.append((qa, qb))
        return out

    def point(self, xs, box):
        """A float point of a box (a centre, an anchor) as exact numbers inside ``box``."""
        out = []
        for i, x in enumerate(xs):
            q = self._end(i, float(x))
            out.append(min(max(q, box[i][0]), box[i][1]))
        return out


def tiling(claim, result, exact_box=None) -> list:
    """The leaves of a proved ProofResult (or of the pieces it was merged from) as JSON;
    ``exact_box``: the exact box the result proves (default the claim's)."""
    if result.pieces is not None:
        n = _boxes(result)  # the pieces of a split proof together (theorycheck.distribute)
        if n > MAX_LEAVES:
            raise TooLarge(f"{n} boxes (at most {MAX_LEAVES} are written)")
        out = []
        for r in result.pieces:
            out.extend(tiling(claim, r, exact_box))
        return out
    exact = ExactBoxes(claim, exact_box)
    if getattr(result, "transform", None) is not None:  # theorycheck.transforms
        tr = result.transform
        own = tr["exact_box"] if tr["exact_box"] is not None else exact.exact
        return [{"box": [[_q(a), _q(b)] for a, b in own], "by": "transformed", "rule": tr["rule"],
                 "signs": None if tr["signs"] is None else list(tr["signs"]),
                 "parts": [tiling(tr["claim"], r, own) for r in tr["results"]]}]
    if getattr(result, "exact", None) is not None:  # (issue 15) z3's decision on the whole box
        return [{"box": [[_q(a), _q(b)] for a, b in exact.exact], **result.exact}]
    if getattr(result, "along", None) is not None:  # (issue 15) theorycheck.along, on the whole box
        a = result.along
        own = a["exact_box"] if a["exact_box"] is not None else exact.exact
        return [_along_leaf(own, a["set"], a["order"], a["sign"],
                            tiling(a["claim"], a["result"], [(v.lo, v.hi) for v in a["claim"].variables]))]
    if getattr(result, "along_split", None) is not None:  # (issue 15) both sides, abs by branches
        a = result.along_split
        own = a["exact_box"] if a["exact_box"] is not None else exact.exact
        halves = [{"sign": h["sign"], "signs": list(h["signs"]),
                   "parts": [tiling(d, r, [(v.lo, v.hi) for v in d.variables]) for d, r in h["results"]]}
                  for h in a["halves"]]
        return [{"box": [[_q(x), _q(y)] for x, y in own], "by": "along-split", "set": a["set"].to_json(),
                 "halves": halves}]
    if result.translation is not None:
        t = result.translation["how"]
        return [{"box": [[_q(a), _q(b)] for a, b in exact.exact], "by": "translation",
                 "direction": list(t.direction), "fixed": t.fixed, "at": _q(t.at),
                 "reduced": tiling(claim, result.translation["result"], t.reduced)}]
    n = sum(len(rec[0]) for rec in result.leaves)
    if n > MAX_LEAVES:
        raise TooLarge(f"{n} boxes (at most {MAX_LEAVES} are written)")
    by_group: dict = {}
    for owners, lo, hi, method, data in result.leaves:
        for j in range(len(owners)):
            box = exact.box(lo[j], hi[j])
            if box is None:
                continue
            leaf = {"box": [[_q(a), _q(b)] for a, b in box], "by": method}
            if "centre" in data:
                leaf["centre"] = [_q(c) for c in exact.point(data["centre"][j], box)]
            if method == "taylor":
                leaf["anchor"] = [_q(Fraction(float(t))) for t in data["anchor"][j]]
                leaf["order"] = int(data["taylor"][j]["order"])
                leaf["zeros"] = list(data["taylor"][j]["zeros"])
                if data["taylor"][j].get("psd"):  # the Hessian over the hull is positive definite
                    leaf["psd"] = True
            if method == "series":  # (issue 15) theorycheck.high_order
                leaf["anchor"] = [_q(Fraction(float(t))) for t in data["anchor"][j]]
                leaf["order"] = int(data["series"][j]["order"])
                leaf["zeros"] = list(data["series"][j]["zeros"])
            if method == "along":  # (issue 15) the derived claim enclosed over the box's own hull
                ls, order, sign, centre = data["along"][j]
                hull = ls.hull(box)
                sub = {"box": [[_q(a), _q(b)] for a, b in hull], "by": "interval"}
                if centre is not None:  # any point of the hull is a centre: clamped into the exact one
                    sub["by"] = "mean-value"
                    sub["centre"] = [_q(min(max(Fraction(float(c)), a), b)) for c, (a, b) in zip(centre, hull)]
                leaf = _along_leaf(box, ls, order, sign, [sub])
            if method == "point" and bool(data.get("exact_zero", np.zeros(1))[j]):
                leaf["exact_zero"] = True
            by_group.setdefault(int(owners[j]), []).append(leaf)
    children: dict = {}
    for h, (parent, _, _, _) in enumerate(result.groups):
        if parent is not None:
            children.setdefault(parent, []).append(h)

    def leaves_of(g):
        out = list(by_group.get(g, []))
        for h in children.get(g, []):
            _, lo, hi, faces = result.groups[h]
            box = exact.box(lo, hi)
            if box is None:
                continue
            out.append({"box": [[_q(a), _q(b)] for a, b in box], "by": "monotone",
                        "faces": [[k, side] for k, side in faces], "face": leaves_of(h)})
        return out

    return leaves_of(0)


def _along_leaf(box, ls, order, sign, derivative) -> dict:
    return {"box": [[_q(a), _q(b)] for a, b in box], "by": "along", "set": ls.to_json(), "order": int(order),
            "sign": int(sign), "derivative": derivative}


def _boxes(result) -> int:
    """The decided boxes of a ProofResult and of the pieces it was merged from."""
    if result.pieces is not None:
        return sum(_boxes(r) for r in result.pieces)
    return sum(len(rec[0]) for rec in result.leaves)


def all_leaves(entry):
    """Every leaf of a part's entry, the leaves tiling a monotone leaf's face included."""
    stack = [leaf for key in ("tiling", "le", "ge", "defined") for leaf in entry.get(key, [])]
    while stack:
        leaf = stack.pop()
        yield leaf
        if leaf.get("by") == "monotone":
            stack.extend(leaf["face"])
        if leaf.get("by") == "translation":
            stack.extend(leaf["reduced"])
        if leaf.get("by") == "transformed":
            for part in leaf["parts"]:
                stack.extend(part)
        if leaf.get("by") == "along":
            stack.extend(leaf["derivative"])
        if leaf.get("by") == "along-split":
            for h in leaf["halves"]:
                for part in h["parts"]:
                    stack.extend(part)


def uses_sympy(entry, claim=None) -> bool:
    """Does a part's proof take a sympy step (an exact zero at a point, derivatives shown to vanish
    at a Taylor anchor, the vanishing on an along set)? With ``claim``: as the kernel finds it
    (:func:`theorycheck.kernel.sympy_needed`: an exact zero that the kernel's own enclosure shows
    as the point 0 needs no sympy), so that the certificate states the kernel's trust."""
    if not any(leaf.get("exact_zero") or leaf.get("zeros") or leaf.get("by") in ("along", "along-split")
               for leaf in all_leaves(entry)):
        return False
    if claim is None:
        return True
    from .kernel import sympy_needed

    return sympy_needed(claim, entry)


def uses_z3(parts) -> bool:
    """Does a proof take z3's answer on trust (an exact decision procedure's leaf)?"""
    return any(leaf.get("by") == "z3" for entry in parts for leaf in all_leaves(entry))


def part_proof(claim, index, leaf, pr, symbolic=None) -> dict:
    """The certificate entry of one proved part: a symbolic identity with its definedness
    tiling, an identity proved as two halves, or an inequality's tiling."""
    if symbolic is not None:
        return {"part": index, "by": "symbolic", "what": symbolic, "defined": tiling(claim, pr)}
    if pr.halves is not None:
        return {"part": index, "by": "halves", "le": tiling(claim, pr.halves["le"]),
                "ge": tiling(claim, pr.halves["ge"])}
    return {"part": index, "by": "tiling", "tiling": tiling(claim, pr)}


def counterexample(cert) -> dict:
    """The certificate entry of a certified violation (certify.Certificate)."""
    return {"point": dict(cert.point), "part": None if cert.leaf_index is None else cert.leaf_index - 1,
            "violation": "undefined" if cert.undefined is not None else "relation",
            "precision": int(cert.precision), "exact_zero": bool(getattr(cert, "exact_zero", False))}


def _versions() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for name in ("theorycheck", "python-flint", "sympy"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = None
    return out


def build(claim, verdict, cert_dir: Path) -> dict | None:
    """The certificate of a decided verdict (None for one that is not decided, or whose proof
    was not recorded)."""
    from .kernel import claim_hash

    proof = getattr(verdict, "proof", None)
    if verdict.verdict not in ("proved", "refuted") or proof is None:
        return None
    path = claim.options.get("path")
    if not path:
        return None
    family = getattr(claim, "integers", ())
    if family and verdict.verdict == "proved":
        symbolic = [dict(step, values=entry["assignment"]) for entry in proof["values"]
                    for step in entry.get("symbolic_steps", [])]
        z3 = any(uses_z3(entry["parts"]) for entry in proof["values"])
    else:
        symbolic = list(proof.get("symbolic_steps", []))
        z3 = verdict.verdict == "proved" and uses_z3(proof["parts"])
    doc = {
        "format": FORMAT,
        "claim": {"file": Path(os.path.relpath(path, cert_dir)).as_posix(), "name": claim.name,
                  "hash": claim_hash(claim)},
        "box": [[v.name, _q(v.lo), _q(v.hi)] for v in claim.variables],
        "verdict": verdict.verdict,
        "trust": ("Arb + kernel + sympy" if symbolic else "Arb + kernel") + (" + z3" if z3 else ""),
        "symbolic_steps": symbolic,
    }
    if family:
        # a claim with integer parameters: one proof per value (in the order of its values), or
        # the value and the point of its counterexample
        doc["integers"] = {p.name: list(p.values) for p in family}
        if verdict.verdict == "proved":
            doc["values"] = [{"assignment": e["assignment"], "parts": e["parts"],
                              "symbolic_steps": e.get("symbolic_steps", [])} for e in proof["values"]]
        else:
            doc["assignment"] = proof["assignment"]
            doc["counterexample"] = proof["counterexample"]
    elif verdict.verdict == "proved":
        doc["parts"] = proof["parts"]
    else:
        doc["counterexample"] = proof["counterexample"]
    doc["made_by"] = _versions()
    return doc


def dumps(doc) -> str:
    """JSON with one leaf per line: readable, and a changed box shows as one changed line."""

    def leaves(items, indent):
        pad = " " * indent
        return "[\n" + ",\n".join(pad + json.dumps(x, separators=(",", ":")) for x in items) + "\n" + pad[:-1] + "]"

    lines = ["{"]
    keys = list(doc)
    for n, key in enumerate(keys):
        value = doc[key]
        if key == "parts":
            parts = []
            for part in value:
                fields = []
                for k, v in part.items():
                    if k in ("tiling", "le", "ge", "defined"):
                        fields.append(f'   "{k}": ' + leaves(v, 4))
                    else:
                        fields.append(f'   "{k}": ' + json.dumps(v))
                parts.append("  {\n" + ",\n".join(fields) + "\n  }")
            text = "[\n" + ",\n".join(parts) + "\n ]"
        else:
            text = json.dumps(value)
        lines.append(f' "{key}": {text}' + ("," if n < len(keys) - 1 else ""))
    lines.append("}")
    return "\n".join(lines) + "\n"


def certificate_path(directory, claim) -> Path:
    """DIR/<lemma file stem>/<claim name>.cert.json"""
    stem = Path(claim.options.get("path") or claim.module).stem
    return Path(directory) / stem / f"{claim.name}.cert.json"


def write(claim, verdict, directory) -> Path | None:
    """Write the verdict's certificate under ``directory``; the path, or None when there is
    none. An unchanged certificate is not rewritten (the file keeps its bytes)."""
    target = certificate_path(directory, claim)
    doc = build(claim, verdict, target.parent.resolve())
    if doc is None:
        return None
    from .report import write_atomic

    write_atomic(target, dumps(doc))  # an unchanged certificate keeps its bytes
    return target
