"""Load the claims of a Python file (lemma files are plain modules, imported by path)."""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import sys
from dataclasses import dataclass
from pathlib import Path

from .claims import BrokenClaim, Claim, Note, created_claims, deferred_definition_errors

_LOADED: dict = {}
_NOTES: dict = {}
_PROBLEMS: dict = {}


class LoadError(ValueError):
    """The path does not exist, is not a Python file, fails to import, or names no claim."""


@dataclass
class Problem:
    """A claim of a lemma file that cannot be checked: a malformed definition, or a claim made
    but unreachable (shadowed by a second ``def`` of the same name, kept only in a list). It is
    reported under ``name``, and the file's other claims are still checked."""

    name: str
    message: str
    line: int = 0
    path: str = ""
    expect: str | None = None


def load_file(path) -> list:
    """Every Claim defined at the top level of the file, in definition order, each named by the
    module-level name it is bound to (unique in the file). Claims that cannot be checked are
    left out and listed by :func:`load_problems`."""
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
    _forget_shadowing(p.parent)
    sys.modules[mod_name] = module
    sys.path.insert(0, str(p.parent))
    created_claims(mod_name, clear=True)
    try:
        with deferred_definition_errors():
            spec.loader.exec_module(module)
    except Exception as exc:
        del sys.modules[mod_name]
        created_claims(mod_name, clear=True)
        raise LoadError(f"{path}: importing it raised {type(exc).__name__}: {exc}") from exc
    finally:
        if sys.path and sys.path[0] == str(p.parent):
            sys.path.pop(0)
    claims, problems = _name_claims(module, mod_name, created_claims(mod_name, clear=True), str(path))
    notes = [v for v in vars(module).values() if isinstance(v, Note) and v.module == mod_name]
    for item in claims + notes:
        item.options["path"] = key
    for pr in problems:
        pr.path = key
    _LOADED[key] = claims
    _NOTES[key] = notes
    _PROBLEMS[key] = problems
    return claims


def _forget_shadowing(directory: Path) -> None:
    """Drop from ``sys.modules`` the user's modules that a lemma file in ``directory`` would import
    by a name its own directory defines (``shapes`` beside it) but that came from elsewhere (another
    lemma directory's ``shapes.py``, imported first): the import must find the file beside the
    lemma, as it does when the lemma is run alone. (Both lemma directories' helpers being named
    alike, the second lemma's claims were evaluated with the first's helper: a false claim proved.)"""
    for name, mod in list(sys.modules.items()):
        top = name.split(".")[0]
        f = getattr(mod, "__file__", None)
        if not f or name.startswith("theorycheck_claims_") or name == "__main__" or not (
                (directory / f"{top}.py").is_file() or (directory / top / "__init__.py").is_file()):
            continue
        try:
            where = Path(f).resolve()
        except (OSError, ValueError, RuntimeError):
            continue
        if directory not in where.parents and not any(r == where or r in where.parents for r in _not_users()):
            del sys.modules[name]


@functools.lru_cache(maxsize=1)
def _not_users() -> tuple:
    """The directories whose modules are not the user's: the Python installation's and the package's."""
    import site
    import sysconfig

    roots = {sysconfig.get_paths().get(k) for k in ("stdlib", "platstdlib", "purelib", "platlib")}
    roots |= {sys.prefix, sys.base_prefix, str(Path(__file__).resolve().parent)}
    for getter in (getattr(site, "getsitepackages", None), getattr(site, "getusersitepackages", None)):
        try:
            got = getter() if getter is not None else []
        except Exception:  # noqa: BLE001 - a virtual environment without them
            got = []
        roots.update([got] if isinstance(got, str) else got)
    return tuple(sorted({Path(r).resolve() for r in roots if r}))


def _line(obj) -> int:
    func = getattr(obj, "func", None)
    code = getattr(getattr(func, "__wrapped__", func), "__code__", None)  # the source's own def
    return code.co_firstlineno if code is not None else 0


def _name_claims(module, mod_name, created, shown_path):
    """(claims, problems) of a freshly executed module.

    A claim's name is the module-level name it is bound to when that differs from its
    function's ``__name__`` (claims made by a factory share one function name), else the
    function's name; bound under several names, the function's name wins, then the first
    binding. A claim made while the module ran (``created``) but bound to no module-level name
    is a problem naming it and, if one exists, the claim now holding its name."""
    bindings: dict = {}  # id(claim) -> (claim, [attribute names in binding order])
    for attr, v in vars(module).items():
        if isinstance(v, (Claim, BrokenClaim)) and v.module == mod_name:
            bindings.setdefault(id(v), (v, []))[1].append(attr)
    claims, problems = [], []
    for v, attrs in bindings.values():
        fname = getattr(v.func, "__name__", None)
        v.name = fname if fname in attrs else attrs[0]
        if isinstance(v, BrokenClaim):
            problems.append(Problem(v.name, f"{shown_path}: {v.error}", _line(v)))
        else:
            claims.append(v)
    for c in created:
        if id(c) in bindings or getattr(c, "module", None) != mod_name:
            continue
        fname = getattr(c.func, "__name__", "?")
        line = _line(c)
        holder = vars(module).get(fname)
        if isinstance(holder, (Claim, BrokenClaim)):
            msg = (f"{shown_path}: claim {fname!r} made at line {line} is unreachable: the module-level name "
                   f"{fname!r} now holds another claim, {holder.name!r} (line {_line(holder)}), e.g. a second "
                   "def of the same name; give each claim its own name")
        elif holder is not None:
            msg = (f"{shown_path}: claim {fname!r} made at line {line} is unreachable: the module-level name "
                   f"{fname!r} now holds a {type(holder).__name__}; give each claim its own name")
        else:
            msg = (f"{shown_path}: claim {fname!r} made at line {line} is bound to no module-level name "
                   "(kept only in a list or a dict?); bind each claim to a module-level name of its own, "
                   f"e.g. {fname}_a = claim(...)(...)")
        problems.append(Problem(fname, msg, line, expect=getattr(c, "expect", None)))
    problems.sort(key=lambda pr: pr.line)
    return claims, problems


def load_problems(path) -> list:
    """The claims of a lemma file that cannot be checked (:class:`Problem`), in line order."""
    load_file(path)
    return _PROBLEMS[str(Path(path).resolve())]


def load_notes(path) -> list:
    """The index entries without a claim (:func:`theorycheck.note`) of a lemma file, in order."""
    load_file(path)
    return _NOTES[str(Path(path).resolve())]


def claim_files(directory) -> list:
    """The lemma files below a directory (``*.py`` but ``__init__.py``/``conftest.py``), sorted."""
    skip = {"__init__.py", "conftest.py"}
    return sorted(p for p in Path(directory).rglob("*.py") if p.name not in skip)


def load_target(target: str) -> list:
    """``PATH``, ``PATH::NAME`` or a directory of lemma files -> the claims it names.

    ``PATH::NAME`` picks the claim of that unique name; it is an error (naming the problem) when
    NAME is a claim that cannot be checked, or the name a shadowed claim had. A whole file or
    directory gives its good claims; :func:`target_problems` lists the others."""
    path, _, name = target.partition("::")
    if Path(path).is_dir() and not name:
        claims = []
        for f in claim_files(path):
            claims.extend(load_file(f))
        return claims
    claims = load_file(path)
    if name:
        bad = [pr for pr in load_problems(path) if pr.name == name]
        if bad:
            raise LoadError(bad[0].message)
        picked = [c for c in claims if c.name == name]
        if not picked:
            known = ", ".join(c.name for c in claims) or "none"
            raise LoadError(f"{path}: no claim named {name!r} (claims here: {known})")
        return picked
    return claims


def target_problems(target: str) -> list:
    """The :class:`Problem` s of the files a whole-file or directory target names (none for
    ``PATH::NAME``: :func:`load_target` raises for a bad NAME)."""
    path, _, name = target.partition("::")
    if name:
        return []
    files = claim_files(path) if Path(path).is_dir() else [path]
    out = []
    for f in files:
        out.extend(load_problems(f))
    return out
