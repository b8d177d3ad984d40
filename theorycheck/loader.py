"""Load the claims of a Python file (lemma files are plain modules, imported by path)."""

from __future__ import annotations

import hashlib
import importlib.util
import sys
from pathlib import Path

from .claims import Claim, Note

_LOADED: dict = {}
_NOTES: dict = {}


class LoadError(ValueError):
    """The path does not exist, is not a Python file, fails to import, or names no claim."""


def load_file(path) -> list:
    """Every Claim defined at the top level of the file, in definition order."""
    p = Path(path).resolve()
    if not p.exists():
        raise LoadError(f"{path}: no such file")
    if p.suffix != ".py":
        raise LoadError(f"{path}: not a Python file")
    key = str(p)
    if key in _LOADED:
        return _LOADED[key]
    mod_name = "theorycheck_claims_" + p.stem + "_" + hashlib.sha1(key.encode()).hexdigest()[:10]
    spec = importlib.util.spec_from_file_location(mod_name, p)
    module = importlib.util.module_from_spec(spec)
    sys.modules[mod_name] = module
    sys.path.insert(0, str(p.parent))
    try:
        spec.loader.exec_module(module)
    except Exception as exc:
        del sys.modules[mod_name]
        raise LoadError(f"{path}: importing it raised {type(exc).__name__}: {exc}") from exc
    finally:
        if sys.path and sys.path[0] == str(p.parent):
            sys.path.pop(0)
    claims = [v for v in vars(module).values() if isinstance(v, Claim) and v.module == mod_name]
    notes = [v for v in vars(module).values() if isinstance(v, Note) and v.module == mod_name]
    for item in claims + notes:
        item.options["path"] = key
    _LOADED[key] = claims
    _NOTES[key] = notes
    return claims


def load_notes(path) -> list:
    """The index entries without a claim (:func:`theorycheck.note`) of a lemma file, in order."""
    load_file(path)
    return _NOTES[str(Path(path).resolve())]


def claim_files(directory) -> list:
    """The lemma files below a directory (``*.py`` but ``__init__.py``/``conftest.py``), sorted."""
    skip = {"__init__.py", "conftest.py"}
    return sorted(p for p in Path(directory).rglob("*.py") if p.name not in skip)


def load_target(target: str) -> list:
    """``PATH``, ``PATH::NAME`` or a directory of lemma files -> the claims it names."""
    path, _, name = target.partition("::")
    if Path(path).is_dir() and not name:
        claims = []
        for f in claim_files(path):
            claims.extend(load_file(f))
        return claims
    claims = load_file(path)
    if name:
        picked = [c for c in claims if c.name == name]
        if not picked:
            known = ", ".join(c.name for c in claims) or "none"
            raise LoadError(f"{path}: no claim named {name!r} (claims here: {known})")
        return picked
    return claims
