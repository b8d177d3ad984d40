"""``claim_hash``: what a certificate was made for.

sha256 over (sorted, so that the order of discovery does not matter):
- the body's source text (as typed, decorator line included);
- the source of every function and class the body reaches by global name, transitively (through
  the names its code objects use, nested lambdas and defs included, through closure cells, and
  through ``module.attribute`` for modules), when it is defined in the lemma file, in the
  ``theorycheck`` package, or in a module of the lemma file's own directory (a helper module
  beside the lemma: the spec names only the first two; including it is the sound choice);
- the repr of each module-level constant or closure value it reads (numbers, strings, Fractions,
  exact constants such as ``exact("0.3")``, tuples/lists/dicts/sets of those); any other object
  is named by its type only (a repr with an address would change from run to run). Globals that
  code of the ``theorycheck`` package reads enter instead by the source of their module: there
  they are caches and lazily made tables (state, which must not change the hash), and their
  definitions are in that source;
- the claim's box (variable names and exact ends).
A function without source (made by ``exec``) enters by its marshalled code. Names of lemma modules
(which embed an absolute path) never enter, so a certificate survives moving the checkout.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import marshal
import sys
import types
from fractions import Fraction
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parents[1]
_CONSTANTS = (type(None), bool, int, float, complex, Fraction, str, bytes)
_PACKAGE_SOURCES: dict = {}  # id -> (object, source) for the theorycheck package (fixed in a process)


def claim_hash(claim) -> str:
    """``"sha256:<hex>"`` of the claim's body, what it reaches, and its box (see module doc)."""
    lemma = claim.options.get("path") or _file_of(claim.func)
    walk = _Walk(Path(lemma).resolve() if lemma else None)
    func = claim.func
    walk.items.add("body\n" + _source(func))
    walk.seen.add(id(func))
    walk.function_parts(func, "body")
    box = ", ".join(f"{v.name}=[{v.lo}, {v.hi}]" for v in claim.variables)
    walk.items.add(f"box {box}")
    digest = hashlib.sha256("theorycheck-claim-hash/1\n".encode())
    for item in sorted(walk.items):
        digest.update(item.encode("utf-8", "backslashreplace") + b"\n\x00")
    return "sha256:" + digest.hexdigest()


def _file_of(obj):
    try:
        return inspect.getsourcefile(obj) or inspect.getfile(obj)
    except (TypeError, OSError):
        return None


def _source(obj, cache=False) -> str:
    if cache and id(obj) in _PACKAGE_SOURCES:
        return _PACKAGE_SOURCES[id(obj)][1]
    text = _read_source(obj)
    if cache:
        _PACKAGE_SOURCES[id(obj)] = (obj, text)  # the object is kept, so its id is never reused
    return text


@functools.lru_cache(maxsize=None)
def _resolved(filename: str) -> Path:
    return Path(filename).resolve()


def _read_source(obj) -> str:
    try:
        return inspect.getsource(obj)
    except (OSError, TypeError):
        code = getattr(obj, "__code__", None)
        return "code " + marshal.dumps(code).hex() if code is not None else "no source"


def _module_name(name) -> str:
    return "lemma" if (name or "").startswith("theorycheck_claims_") else (name or "?")


def _constant(value, depth=0):
    if isinstance(value, _CONSTANTS):
        return repr(value)
    if type(value).__name__ == "Lazy" and type(value).__module__ == "theorycheck.expr":
        return f"exact constant {value.text} = {value.value}"
    if depth > 5:
        return None
    if isinstance(value, (tuple, list, set, frozenset)):
        inner = [_constant(v, depth + 1) for v in value]
        if None in inner:
            return None
        inner = sorted(inner) if isinstance(value, (set, frozenset)) else inner
        return f"{type(value).__name__}({', '.join(inner)})"
    if isinstance(value, dict):
        inner = [(_constant(k, depth + 1), _constant(v, depth + 1)) for k, v in value.items()]
        if any(None in kv for kv in inner):
            return None
        return "dict(" + ", ".join(f"{k}: {v}" for k, v in inner) + ")"
    return None


class _Walk:
    def __init__(self, lemma: Path | None):
        self.lemma = lemma
        self.items: set = set()
        self.seen: set = set()

    def in_scope(self, obj) -> bool:
        f = _file_of(obj)
        if not f:
            return False
        p = _resolved(f)
        return p == self.lemma or _PACKAGE in p.parents or (self.lemma is not None and p.parent == self.lemma.parent)

    def in_package(self, obj) -> bool:
        f = _file_of(obj)
        return bool(f) and _PACKAGE in _resolved(f).parents

    def function_parts(self, func, label):
        """Closure values and global names of a function (already listed itself)."""
        cells = func.__closure__ or ()
        for name, cell in zip(func.__code__.co_freevars, cells):
            try:
                value = cell.cell_contents
            except ValueError:
                continue
            self.value(f"{label} cell {name}", value, ())
        self.code(func.__code__, func.__globals__, label)

    def code(self, code, globs, label):
        package = _module_name(globs.get("__name__")).split(".")[0] == "theorycheck"
        names, stack = set(), [code]
        while stack:
            c = stack.pop()
            names.update(c.co_names)
            stack.extend(k for k in c.co_consts if isinstance(k, types.CodeType))
        for name in sorted(names):
            if name == "__name__":
                self.items.add(f"{label} module name {_module_name(globs.get(name))}")
            elif name in globs:
                value = globs[name]
                if package and not isinstance(value, (types.FunctionType, type, types.ModuleType)):
                    # the package's module globals may be caches or lazily made (state, not
                    # definition): its constants enter through the source of their module
                    module = sys.modules.get(globs.get("__name__"))
                    if module is not None:
                        self.items.add(f"module {module.__name__}\n" + _source(module, cache=True))
                else:
                    self.value(f"{label} global {name}", value, names)

    def value(self, label, value, names):
        if isinstance(value, (staticmethod, classmethod)):
            value = value.__func__
        if isinstance(value, types.ModuleType):
            if self.in_scope(value):
                for name in sorted(names):
                    attr = getattr(value, name, None)
                    if attr is not None and not isinstance(attr, types.ModuleType):
                        self.value(f"{_module_name(value.__name__)}.{name}", attr, ())
            return
        if isinstance(value, (types.FunctionType, type)):
            name = f"{_module_name(value.__module__)}.{value.__qualname__}"
            if not self.in_scope(value):
                self.items.add(f"external {name}")
                return
            if id(value) in self.seen:
                return
            self.seen.add(id(value))
            self.items.add(f"{'function' if isinstance(value, types.FunctionType) else 'class'} {name}\n"
                           + _source(value, cache=self.in_package(value)))
            if isinstance(value, types.FunctionType):
                self.function_parts(value, name)
            else:
                for attr in vars(value).values():
                    for f in (attr, getattr(attr, "fget", None), getattr(attr, "fset", None),
                              getattr(attr, "__func__", None)):
                        if isinstance(f, types.FunctionType) and id(f) not in self.seen:
                            self.seen.add(id(f))
                            self.function_parts(f, name)
            return
        text = _constant(value)
        if text is None:
            text = f"object of type {type(value).__module__}.{type(value).__qualname__}"
        self.items.add(f"constant {label} = {text}")
