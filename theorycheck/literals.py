"""Numeric literals in a claim body mean exactly what was typed.

Python turns ``1e-330`` into 0.0, ``1.36`` into the nearest binary double and folds
``1e-300 * 1e-300`` to 0.0 at compile time: by the time a claim body runs, the number the author
wrote is gone. So at ``@claim`` time we read the body's *source*, parse it with :mod:`ast` and
rewrite it:

- every float literal becomes an exact constant (:class:`~theorycheck.expr.Lazy` with its
  :class:`~fractions.Fraction` value) of the decimal as typed: ``1e-330`` is 10**-330, ``0.1``
  is 1/10;
- every maximal constant subexpression made only of numeric literals and ``+ - * / **`` (unary
  minus and plus too) is folded **exactly** in Fraction arithmetic into one exact constant:
  ``1/3`` is one third, ``0.1 + 0.2`` is 3/10, ``1e-300 * 1e-300`` is 10**-600;
- integer literals, and expressions of them that Python computes exactly (``+ - *`` and ``**``
  with a non-negative exponent), stay as written: ``x**2``, indices and ``range(3)`` keep
  working at full speed.

Why this is sound: the folding is exact rational arithmetic, so the constant the engines see is
the mathematical value of the expression as written; an engine then encloses that exact value
in its kind (an interval around it, a sympy Rational, the nearest double in the float search,
which decides nothing). What cannot be folded exactly (a fractional power such as ``2**0.5``,
a division by zero, ``//``, ``%``, an astronomically large power) is left as an operation on
the exact constants and evaluated at run time by the kinds, rigorously where it matters.

The rewritten function is compiled with the original globals, defaults and closure cells, so
it is the same function except for its literals; lambdas and nested defs inside the body are
rewritten too (they are part of the source). Where the source is not available (``exec``, a
REPL lambda, a C function) or does not match the code, the function is kept as is and its float
literals enter as their exact binary values, recorded (see :mod:`theorycheck.expr`).
"""

from __future__ import annotations

import ast
import inspect
import textwrap
import types
from decimal import Decimal, InvalidOperation
from fractions import Fraction

__all__ = ["rewrite_literals", "LiteralRewriteRefused", "exact"]

# the closure cell through which a rewritten body reaches its exact constants (never a user name)
_CELL = "_theorycheck_exact_literals_"
# the closure cell of :func:`_binary_float`, wrapped around the free names of arithmetic operands
_NUM = "_theorycheck_binary_float_"


def _binary_float(value):
    """An operand of arithmetic in a claim body read from a global or closure name: a Python float
    becomes its exact binary value (a :class:`~theorycheck.expr.Lazy`, recorded as every float from
    outside the literals is); anything else is returned as it is.

    Without it, Python computes ``3 * T`` (``T = 1/3`` at module level) in double precision before
    any engine sees it: 1.0 exactly, although the binary value of T times 3 is
    0.99999999999999994449 < 1. The claim ``3 * T * (x + 1) >= x + 1`` was proved (and the
    evidence listed no float taken as binary) while under the stated semantics it is false."""
    if isinstance(value, float):  # (numpy's float64 too)
        from .expr import Lazy

        return Lazy.number(value)
    return value

# folding guards: beyond these a constant power is left to run time (exactly as Python would)
_MAX_POW_EXPONENT = 100_000
_MAX_BITS = 1_000_000


class LiteralRewriteRefused(ValueError):
    """The body cannot be rewritten faithfully (e.g. a decorator other than @claim on it)."""


def _undefined_constant(text):
    """A constant of the body that is certainly undefined (``1/0``, ``0**-1``): it raises a
    domain error wherever it is made, so the claim is refuted at any point (undefined), never
    an error of the run."""
    from .enclose.interval import DomainError
    from .expr import Lazy

    def make(like):
        raise DomainError(f"{text} is undefined")

    return Lazy(make, text)


def exact(text):
    """An exact constant for use *outside* claim bodies (module constants, helpers):
    ``exact("0.3")`` is 3/10, ``exact("1/3")`` one third. A float typed outside the body is its
    binary double; write ``ALPHA = exact("0.3")`` when the decimal is meant."""
    from .enclose.exact import to_fraction
    from .expr import Lazy

    if isinstance(text, float):
        raise TypeError("exact() takes the decimal as a string (\"0.3\"), an int or a Fraction: a float "
                        "has already lost the decimal you typed")
    return Lazy.exact(to_fraction(text), str(text))


# -- folding ----------------------------------------------------------------------------------


UNDEFINED = object()  # the value of a constant subexpression that is certainly undefined (1/0)


class _Folded:
    """The exact value of a constant subexpression and whether Python would compute it exactly."""

    __slots__ = ("value", "python_exact")

    def __init__(self, value: Fraction, python_exact: bool):
        self.value = value
        self.python_exact = python_exact


def _float_text_value(text):
    """The exact value of a float literal's source text (``1e-330``, ``1_000.5``, ``.5``)."""
    if text is None:
        return None
    t = text.strip().replace("_", "")
    try:
        d = Decimal(t)
    except InvalidOperation:
        return None
    if not d.is_finite():
        return None
    return Fraction(d)


def _fold(node, source):
    """A :class:`_Folded` for a constant numeric subexpression, None for anything else."""
    if isinstance(node, ast.Constant):
        v = node.value
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            return None
        if isinstance(v, int):
            return _Folded(Fraction(v), True)
        text = ast.get_source_segment(source, node)
        q = _float_text_value(text)
        # the text must be the literal Python read (its double is the node's value): else we keep
        # Python's float, which then counts as a float from outside the literals (binary, recorded)
        if q is None or float(text.replace("_", "")) != v:
            return None
        return _Folded(q, False)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        a = _fold(node.operand, source)
        if a is None:
            return None
        if a.value is UNDEFINED:
            return a
        return _Folded(-a.value if isinstance(node.op, ast.USub) else a.value, a.python_exact)
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow)):
        a = _fold(node.left, source)
        if a is None:
            return None
        b = _fold(node.right, source)
        if b is None:
            return None
        both = a.python_exact and b.python_exact
        if a.value is UNDEFINED or b.value is UNDEFINED:
            return _Folded(UNDEFINED, False)
        if isinstance(node.op, ast.Add):
            return _Folded(a.value + b.value, both)
        if isinstance(node.op, ast.Sub):
            return _Folded(a.value - b.value, both)
        if isinstance(node.op, ast.Mult):
            return _Folded(a.value * b.value, both)
        if isinstance(node.op, ast.Div):
            if b.value == 0:
                return _Folded(UNDEFINED, False)  # a constant that is certainly undefined
            return _Folded(a.value / b.value, False)
        # Pow: exact only for an integer exponent of moderate size
        if b.value.denominator != 1:
            return None
        n = b.value.numerator
        if a.value == 0 and n < 0:
            return _Folded(UNDEFINED, False)  # 0 to a negative power: certainly undefined
        if abs(n) > _MAX_POW_EXPONENT:
            return None
        size = max(a.value.numerator.bit_length(), a.value.denominator.bit_length(), 1)
        if size * abs(n) > _MAX_BITS:
            return None
        return _Folded(a.value**n, both and n >= 0)
    return None


class _Rewriter(ast.NodeTransformer):
    def __init__(self, source, bound=frozenset()):
        self.source = source
        self.constants = []  # (Fraction, text)
        self.bound = bound  # names bound inside the body (parameters, locals): never floats from outside
        self.wrapped = 0  # free operands of arithmetic wrapped in _binary_float

    def _operand(self, node):
        """A global or closure name (or an attribute or item of one) as an operand of arithmetic:
        wrapped in :func:`_binary_float`, so that float arithmetic between such values and ints is
        done exactly (see there)."""
        root = node
        while isinstance(root, (ast.Attribute, ast.Subscript)):
            root = root.value
        if not (isinstance(root, ast.Name) and root.id not in self.bound and root.id != _CELL):
            return node
        self.wrapped += 1
        call = ast.Call(func=ast.Name(id=_NUM, ctx=ast.Load()), args=[node], keywords=[])
        return ast.copy_location(call, node)

    def visit_BinOp(self, node):
        node = self.generic_visit(node)
        if isinstance(node.op, (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow)):
            node.left, node.right = self._operand(node.left), self._operand(node.right)
        return node

    def visit_UnaryOp(self, node):  # -T * 3: the float under the sign is wrapped too
        node = self.generic_visit(node)
        if isinstance(node.op, (ast.USub, ast.UAdd)):
            node.operand = self._operand(node.operand)
        return node

    def _constant(self, node, value, text):
        self.constants.append((value, text))
        new = ast.Subscript(
            value=ast.Name(id=_CELL, ctx=ast.Load()),
            slice=ast.Constant(value=len(self.constants) - 1),
            ctx=ast.Load(),
        )
        return ast.copy_location(new, node)

    def visit_JoinedStr(self, node):  # f-strings: text, not mathematics
        return node

    def visit(self, node):
        if isinstance(node, ast.expr) and not isinstance(node, ast.JoinedStr):
            folded = _fold(node, self.source)
            if folded is not None:
                if folded.python_exact:
                    return node  # ints Python computes exactly: keep them as Python ints
                text = ast.get_source_segment(self.source, node) or str(folded.value)
                return self._constant(node, folded.value, " ".join(text.split()))
        return super().visit(node)


def _bound_names(node) -> frozenset:
    """Every name bound anywhere in the body (parameters of it and of its lambdas and nested defs,
    assigned names, loop and comprehension targets): an over-approximation of its local names."""
    out = set()
    for n in ast.walk(node):
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            a = n.args
            out.update(x.arg for x in (*a.posonlyargs, *a.args, *a.kwonlyargs, a.vararg, a.kwarg) if x is not None)
            if not isinstance(n, ast.Lambda):
                out.add(n.name)
        elif isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load):
            out.add(n.id)
        elif isinstance(n, (ast.Global, ast.Nonlocal)):
            out.update(n.names)
        elif isinstance(n, ast.alias):
            out.add((n.asname or n.name).split(".")[0])
        elif isinstance(n, ast.ExceptHandler) and n.name:
            out.add(n.name)
    return frozenset(out)


# -- finding the body's source -------------------------------------------------------------------


def _source_of(func):
    """(source, parsed tree, line offset) of ``func``'s definition; None when there is no source,
    ``(None, None, None)`` when it does not parse."""
    try:
        lines, start = inspect.getsourcelines(func)
    except (OSError, TypeError):
        return None
    offset = max(start, 1) - 1
    raw = "".join(lines)
    source = textwrap.dedent(raw)
    try:
        return source, ast.parse(source), offset
    except SyntaxError:
        pass
    if raw[:1].isspace():
        # an indented def whose multi-line strings defeat dedent: parse it inside a block
        source = "if 1:\n" + raw
        try:
            return source, ast.parse(source), offset - 1
        except SyntaxError:
            pass
    return None, None, None


def _params(args: ast.arguments):
    return [a.arg for a in (*args.posonlyargs, *args.args)]


def _find_definition(tree, func):
    code = func.__code__
    wanted = list(code.co_varnames[: code.co_argcount])
    if func.__name__ == "<lambda>":
        found = [n for n in ast.walk(tree) if isinstance(n, ast.Lambda) and _params(n.args) == wanted]
        return found[0] if len(found) == 1 else None
    body = tree.body
    if len(body) == 1 and isinstance(body[0], ast.If):  # the block _source_of wrapped it in
        body = body[0].body
    for node in body:
        if isinstance(node, ast.FunctionDef) and node.name == code.co_name and _params(node.args) == wanted:
            return node
    return None


def _is_claim_decorator(expr, globals_):
    """Whether a decorator expression is ``@claim(...)`` (or ``@claim``): its callee, a name or a
    dotted name (evaluated without calling anything), is theorycheck's ``claim``."""
    from .claims import claim

    target = expr.func if isinstance(expr, ast.Call) else expr
    path = []
    while isinstance(target, ast.Attribute):
        path.append(target.attr)
        target = target.value
    if not isinstance(target, ast.Name):
        return False
    value = globals_.get(target.id, getattr(__import__("builtins"), target.id, None))
    for attr in reversed(path):
        value = getattr(value, attr, None)
    if value is None:  # not resolvable here (a local alias): judge by the name
        return (path[0] if path else target.id) == "claim"
    return value is claim


def rewrite_literals(func):
    """``(function, how)``: ``func`` with its literals exact (see the module docstring), or
    ``func`` itself when it has no usable source; ``how`` says which (for the evidence).

    Raises :class:`LiteralRewriteRefused` for a def carrying decorators other than ``@claim``:
    rewriting would drop them, keeping the original would keep the binary literals."""
    if not isinstance(func, types.FunctionType):
        return func, "no Python source (the function is not a plain Python function): floats are their binary values"
    if getattr(func, "_theorycheck_exact_literals_", False):
        return func, "source read: literals exact as typed"
    if hasattr(func, "__wrapped__"):
        raise LiteralRewriteRefused(
            f"the body {func.__name__!r} is wrapped by a decorator applied before @claim; theorycheck rewrites the "
            "body's source so that its literals are exact and cannot keep the wrapper: apply it inside the body or "
            "to a helper it calls")
    found = _source_of(func)
    if found is None:
        return func, "no source available: float literals are their binary values"
    source, tree, offset = found
    if tree is None:
        return func, "the source could not be parsed: float literals are their binary values"
    node = _find_definition(tree, func)
    if node is None:
        return func, "the source does not match the function: float literals are their binary values"
    if isinstance(node, ast.FunctionDef):
        # decorators above @claim apply to the Claim and are untouched; those below it (applied
        # before @claim saw the function) would be dropped by the rewrite
        marks = [_is_claim_decorator(d, func.__globals__) for d in node.decorator_list]
        others = node.decorator_list[marks.index(True) + 1:] if True in marks else node.decorator_list
        if others:
            names = ", ".join(ast.get_source_segment(source, d) or "?" for d in others)
            raise LiteralRewriteRefused(
                f"the body {func.__name__!r} has decorators other than @claim ({names}); theorycheck rewrites the "
                "body's source so that its literals are exact and cannot keep them: apply them inside the body or "
                "to a helper it calls")
        node.decorator_list = []
        node.returns = None
        for a in (*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs, node.args.vararg, node.args.kwarg):
            if a is not None:
                a.annotation = None
        # the original's defaults are kept (they were evaluated when the def ran)
        node.args.defaults = []
        node.args.kw_defaults = [None] * len(node.args.kwonlyargs)
    else:
        node.args.defaults = []
        node.args.kw_defaults = [None] * len(node.args.kwonlyargs)

    rewriter = _Rewriter(source, _bound_names(node))
    node = rewriter.visit(node)
    if not rewriter.constants and not rewriter.wrapped:
        return func, "source read: no literal needed rewriting"

    code = func.__code__
    freevars = list(code.co_freevars)
    inner_name = "_theorycheck_body_"
    if isinstance(node, ast.Lambda):
        inner = [ast.Assign(targets=[ast.Name(id=inner_name, ctx=ast.Store())], value=node)]
    else:
        inner = [node]
        inner_name = node.name
    outer = ast.FunctionDef(
        name="_theorycheck_outer_",
        args=ast.arguments(posonlyargs=[], args=[ast.arg(arg=n) for n in (*freevars, _CELL, _NUM)], vararg=None,
                           kwonlyargs=[], kw_defaults=[], kwarg=None, defaults=[]),
        body=[*inner, ast.Return(value=ast.Name(id=inner_name, ctx=ast.Load()))],
        decorator_list=[],
        returns=None,
        type_comment=None,
    )
    if "type_params" in ast.FunctionDef._fields:  # Python 3.12+
        outer.type_params = []
    module = ast.Module(body=[outer], type_ignores=[])
    ast.fix_missing_locations(module)
    ast.increment_lineno(module, offset)
    try:
        compiled = compile(module, code.co_filename, "exec", dont_inherit=True)
    except (SyntaxError, ValueError, TypeError):
        return func, "the rewritten source did not compile: float literals are their binary values"
    outer_code = next(c for c in compiled.co_consts if isinstance(c, types.CodeType))
    new_code = next(c for c in outer_code.co_consts if isinstance(c, types.CodeType) and c.co_name == code.co_name)
    # the rewritten code must be the same function: same parameters, no new free variables
    if (new_code.co_argcount, new_code.co_posonlyargcount, new_code.co_kwonlyargcount, new_code.co_flags & 0x0C) != (
        code.co_argcount, code.co_posonlyargcount, code.co_kwonlyargcount, code.co_flags & 0x0C
    ) or new_code.co_varnames[: code.co_argcount] != code.co_varnames[: code.co_argcount]:
        return func, "the source does not match the function: float literals are their binary values"
    cells = dict(zip(freevars, func.__closure__ or ()))
    from .expr import Lazy

    cells[_CELL] = types.CellType(tuple(_undefined_constant(t) if v is UNDEFINED else Lazy.exact(v, t)
                                        for v, t in rewriter.constants))
    cells[_NUM] = types.CellType(_binary_float)
    if not set(new_code.co_freevars) <= set(cells):
        return func, "the source does not match the function: float literals are their binary values"
    closure = tuple(cells[n] for n in new_code.co_freevars) or None
    new = types.FunctionType(new_code, func.__globals__, func.__name__, func.__defaults__, closure)
    new.__kwdefaults__ = func.__kwdefaults__
    new.__qualname__ = func.__qualname__
    new.__doc__ = func.__doc__
    new.__module__ = func.__module__
    new.__annotations__ = dict(getattr(func, "__annotations__", {}) or {})
    new.__dict__.update(func.__dict__)
    new.__wrapped__ = func
    new._theorycheck_exact_literals_ = True
    return new, "source read: literals exact as typed"
