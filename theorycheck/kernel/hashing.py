"""``claim_hash``: which claim a certificate was made for.

sha256 over a sorted set of items (so the order of discovery does not matter):
- the body's source text (decorator line included) and the claim's box (names, exact ends);
- the source of every function and class the body reaches by global name, transitively (names of
  its code objects, nested lambdas and defs included; closure cells; ``module.attribute``) that is
  defined in the lemma file, in the ``theorycheck`` package, or in a module beside the lemma file
  (a helper module: the spec names the first two; including it is the sound choice);
- what lemma code reads that is not a definition: an immutable constant (number, string,
  Fraction, exact constant such as ``exact("0.3")``, tuple of those) by its repr; anything else
  (a dict, a list, an object) by the source of the top-level statements of its module that name
  it (``_STATE = {"c": 1}``; ``P = gaussian(0, 1)``): its value may be state that evaluating the
  body changes, which must not change the hash. Likewise the top-level statements naming the claim
  (``low = above(0.3)`` for a claim made by a factory). Globals read by code of the package enter by
  the source of their module: there they are caches and lazily made tables, defined in that source.
A function without source (made by ``exec``) enters by its marshalled code. Lemma module names
(which embed an absolute path) never enter: a certificate survives moving the checkout.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import inspect
import linecache
import marshal
import sys
import types
from fractions import Fraction
from pathlib import Path

from ._base import any_size

_PACKAGE = Path(__file__).resolve().parents[1]
_DEFINITIONS = (types.FunctionType, type, types.ModuleType)
_IMMUTABLE = (type(None), bool, int, float, complex, str, bytes, Fraction)
_PACKAGE_SOURCES: dict = {}  # id -> (object, source): the package's code is fixed in a process


def claim_hash(claim) -> str:
    """``"sha256:<hex>"`` of the claim's body, what it reaches, and its box (see the module doc)."""
    with any_size():
        return _claim_hash(claim)


def _claim_hash(claim) -> str:
    lemma = claim.options.get("path") or _file_of(claim.func)
    walk = _Walk(_resolved(lemma) if lemma else None)
    walk.items.add("body\n" + _source(claim.func))
    walk.seen.add(id(claim.func))
    walk.function(claim.func, "body")
    walk.items.add("bound as\n" + _statements(claim.func.__globals__, claim.name))
    walk.items.add("box " + ", ".join(f"{v.name}=[{v.lo}, {v.hi}]" for v in claim.variables))
    digest = hashlib.sha256(b"theorycheck-claim-hash/1\n")
    for item in sorted(walk.items):
        digest.update(item.encode("utf-8", "backslashreplace") + b"\n\x00")
    return "sha256:" + digest.hexdigest()


@functools.lru_cache(maxsize=1)
def _installation() -> tuple:
    """The directories of the Python installation: the standard library and site-packages (code
    there is a dependency, named in the hash by its module and name, not by its source)."""
    import site
    import sysconfig

    roots = {sysconfig.get_paths().get(k) for k in ("stdlib", "platstdlib", "purelib", "platlib")}
    for getter in (getattr(site, "getsitepackages", None), getattr(site, "getusersitepackages", None)):
        try:
            got = getter() if getter is not None else []
        except Exception:  # noqa: BLE001 - a virtual environment without them
            got = []
        roots.update([got] if isinstance(got, str) else got)
    return tuple(sorted({Path(r).resolve() for r in roots if r}))


def _file_of(obj):
    try:
        return inspect.getsourcefile(obj) or inspect.getfile(obj)
    except (TypeError, OSError):
        return None


@functools.lru_cache(maxsize=None)
def _resolved(filename: str) -> Path:
    return Path(filename).resolve()


def _in_package(obj) -> bool:
    f = _file_of(obj)
    return bool(f) and _PACKAGE in _resolved(f).parents


def _source(obj) -> str:
    cache = _in_package(obj)
    if cache and id(obj) in _PACKAGE_SOURCES:
        return _PACKAGE_SOURCES[id(obj)][1]
    try:
        text = inspect.getsource(obj)
    except (OSError, TypeError):
        code = getattr(obj, "__code__", None)
        text = "code " + marshal.dumps(code).hex() if code is not None else "no source"
    if cache:
        _PACKAGE_SOURCES[id(obj)] = (obj, text)  # the object is kept alive: its id is never reused
    return text


@functools.lru_cache(maxsize=64)
def _tree(source: str):
    return ast.parse(source)


def _statements(globs, name) -> str:
    """The source of the top-level statements of a (lemma-side) module that name ``name``."""
    source = "".join(linecache.getlines(globs["__file__"], globs)) if globs.get("__file__") else ""
    try:
        tree = _tree(source)
    except SyntaxError:
        return "no source"
    found = [ast.get_source_segment(source, stmt) or "" for stmt in tree.body
             if not isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
             and any((isinstance(n, ast.Name) and n.id == name) or (isinstance(n, ast.alias) and (n.asname or n.name) == name)
                     for n in ast.walk(stmt))]
    return "\n".join(found)


def _immutable(value) -> bool:
    if isinstance(value, (tuple, frozenset)):
        return all(_immutable(v) for v in value)
    return isinstance(value, _IMMUTABLE) or (type(value).__name__ == "Lazy" and type(value).__module__ == "theorycheck.expr")


def _name(module) -> str:
    return "lemma" if (module or "").startswith("theorycheck_claims_") else (module or "?")


def _constant(value) -> str:
    """An immutable constant's text, the same in every process (a frozenset's elements sorted)."""
    if isinstance(value, (tuple, frozenset)):
        inner = [_constant(v) for v in value]
        return f"{type(value).__name__}({', '.join(sorted(inner) if isinstance(value, frozenset) else inner)})"
    if type(value).__name__ == "Lazy":
        return f"exact constant {value.text} = {value.value}"
    return repr(value)


class _Walk:
    def __init__(self, lemma: Path | None):
        self.lemma, self.items, self.seen = lemma, set(), set()

    def owner(self, obj) -> str:
        """Where a definition lives, whatever name its module was imported under: the package
        module, "lemma", or the file name of a module beside the lemma."""
        if _in_package(obj):
            return obj.__module__
        path = _resolved(_file_of(obj))
        return "lemma" if path == self.lemma else path.name

    def in_scope(self, obj) -> bool:
        """Is ``obj``'s source part of what the certificate is about? The package, and every module
        of the user's own: not only one beside the lemma file but one in a package below it or
        anywhere outside the Python installation (its standard library and site-packages). Before,
        a helper in a sub-package (``lemmas/helpers/shape.py``) entered by its name only: edited so
        that the claim became false, it left the hash as it was, and the old certificate of a
        symbolic identity (whose sympy step the kernel trusts) still verified."""
        f = _file_of(obj)
        p = _resolved(f) if f else None
        if p is None:
            return False
        if f.startswith("<") and f.endswith(">"):  # made by exec (dataclass methods): no file, as before
            return p.parent == getattr(self.lemma, "parent", None)
        if _PACKAGE in p.parents or (self.lemma is not None and p.parent == self.lemma.parent):
            return True
        return not any(root == p or root in p.parents for root in _installation())

    def function(self, func, label):
        """A function's closure values and the globals its code names (the function is listed)."""
        for name, cell in zip(func.__code__.co_freevars, func.__closure__ or ()):
            try:
                self.value(f"{label} cell {name}", cell.cell_contents, (), None, name)
            except ValueError:  # an empty cell
                pass
        made_from = _file_of(func) or "<>"
        if not _in_package(func) and not made_from.startswith("<"):
            # (the methods exec makes for a dataclass take their defaults from the class source)
            # default values were computed when the def ran (``def h(x, c=C)``): they are values the
            # code uses but does not name, so neither its source nor its globals show them (an
            # edited ``C = ...`` left the hash unchanged and an old certificate verified)
            for i, v in enumerate(func.__defaults__ or ()):
                self.value(f"{label} default {i}", v, (), None, f"default {i}")
            for k, v in sorted((func.__kwdefaults__ or {}).items()):
                self.value(f"{label} default {k}", v, (), None, k)
        names, stack = set(), [func.__code__]
        while stack:
            c = stack.pop()
            names.update(c.co_names)
            stack.extend(k for k in c.co_consts if isinstance(k, types.CodeType))
        for name in sorted(names):
            if name == "__name__":
                module = _name(func.__globals__.get(name))
                self.items.add(f"{label} reads its module name {module if module.startswith('theorycheck') else ''}")
            elif name in func.__globals__:
                self.value(f"{label} global {name}", func.__globals__[name], names, func.__globals__, name)

    def value(self, label, value, names, globs, name):
        """One value reached, read as the global ``name`` of the module whose globals are ``globs``
        (None for a closure cell)."""
        value = value.__func__ if isinstance(value, (staticmethod, classmethod)) else value
        module = _name((globs or {}).get("__name__"))
        if not isinstance(value, _DEFINITIONS) and module.split(".")[0] == "theorycheck":
            found = sys.modules.get(module)  # package state: the source of its module instead
            self.items.add(f"module {module}\n" + (_source(found) if found else "?"))
        elif isinstance(value, types.ModuleType):
            if self.in_scope(value):
                for attr in sorted(n for n in names if hasattr(value, n)):
                    if not isinstance(getattr(value, attr), types.ModuleType):
                        self.value(f"{_name(value.__name__)}.{attr}", getattr(value, attr), (), vars(value), attr)
        elif isinstance(value, (types.FunctionType, type)) and not self.in_scope(value):
            self.items.add(f"external {value.__module__}.{value.__qualname__}")
        elif isinstance(value, (types.FunctionType, type)) and id(value) not in self.seen:
            self.seen.add(id(value))
            name, kind = f"{self.owner(value)}.{value.__qualname__}", "class" if isinstance(value, type) else "function"
            self.items.add(f"{kind} {name}\n{_source(value)}")
            methods = [value] if kind == "function" else [
                f for a in vars(value).values() for f in (a, getattr(a, "fget", None), getattr(a, "fset", None),
                                                         getattr(a, "__func__", None))
                if isinstance(f, types.FunctionType)]
            for f in methods:
                self.function(f, name)
        elif _immutable(value):
            self.items.add(f"constant {label} = {_constant(value)}")
        elif not isinstance(value, (types.FunctionType, type)):  # state: where the module makes it
            where = _statements(globs, name) if globs is not None else "a closure value"
            self.items.add(f"state {label}: {type(value).__qualname__}\n{where}")
