"""``@claim``: a plain Python function over named real variables becomes a decidable Claim.

    @claim(x=(-5, 5), source="folklore", expect="proved")
    def exp_lies_above_its_tangent(x):
        return exp(x) >= 1 + x

Each keyword names a variable of the function and its closed range ``(lo, hi)``; bounds are ints,
floats (their exact binary value) or exact decimal strings (``"0.1"`` is 1/10). The body returns a
:class:`~theorycheck.expr.Relation` (a comparison, or ``all_of`` of several).

The body's numeric literals mean what was typed: ``@claim`` reads the body's source and rewrites
it (:mod:`theorycheck.literals`) so that ``1e-330`` is 10**-330 and ``1/3`` one third, exactly.
"""

from __future__ import annotations

import contextlib
import contextvars
import inspect
import math
from dataclasses import dataclass, field
from fractions import Fraction

from .enclose.exact import BadNumber, to_fraction
from .expr import ClaimBodyError, Real, Relation

__all__ = ["claim", "Claim", "BrokenClaim", "ClaimDefinitionError", "ClaimEvaluationError", "collect_claims", "note", "Note"]

VERDICTS = ("proved", "refuted", "undecided")


class ClaimDefinitionError(ValueError):
    """The claim itself is malformed: bad ranges, unknown variables, a bad ``expect``."""


class ClaimEvaluationError(RuntimeError):
    """The claim's body raised or returned something other than a relation, at a given input."""

    def __init__(self, claim_name, inputs, message):
        self.claim_name = claim_name
        self.inputs = inputs
        super().__init__(f"claim {claim_name!r} at {inputs}: {message}")


@dataclass(frozen=True)
class Variable:
    """A real variable and its exact closed range. For a variable over an unbounded range,
    ``lo``/``hi`` are those of its bounded stand-in t and ``unbounded`` says what it stands for
    (theorycheck.unbounded)."""

    name: str
    lo: Fraction
    hi: Fraction
    unbounded: object = field(default=None, compare=False)

    @property
    def width(self) -> Fraction:
        return self.hi - self.lo


MAX_INTEGER_VALUES = 1000  # values of all integer parameters of one claim together (their product)


@dataclass(frozen=True)
class IntegerParameter:
    """A variable that takes each of finitely many integer values (``n=range(1, 50)``): the
    claim is one ordinary box claim per value, each decided on its own."""

    name: str
    values: tuple


@dataclass
class Claim:
    """An executable lemma: a body, its variables' box, where it comes from, what is believed.

    ``integers``: the integer parameters (:class:`IntegerParameter`), if any; ``params`` the
    body's parameter names in order. A claim with integer parameters is a family: it is decided
    per value (:meth:`instances`, :func:`check_family`)."""

    func: object
    variables: tuple
    source: str | None = None
    expect: str | None = None
    reading: str | None = None
    statement: str | None = None
    name: str = ""
    module: str = ""
    options: dict = field(default_factory=dict)
    integers: tuple = ()
    params: tuple = ()

    def __post_init__(self):
        self.name = self.name or self.func.__name__
        self.module = self.module or getattr(self.func, "__module__", "")
        self.__doc__ = self.func.__doc__
        self.__wrapped__ = self.func

    @property
    def names(self) -> tuple:
        return tuple(v.name for v in self.variables)

    @property
    def dimension(self) -> int:
        return len(self.variables)

    def describe_inputs(self, values) -> str:
        parts = []
        for v, x in zip(self.variables, values):
            parts.append(f"{v.name}={_short(x)}")
        return "{" + ", ".join(parts) + "}"

    def evaluate(self, values) -> Relation:
        """Run the body on raw values of one kind (one per variable) and return its Relation.

        Any exception from the body, and any result that is not a relation, becomes a
        :class:`ClaimEvaluationError` naming this claim and the input.
        """
        from .expr import _BODY_WATCH, _CURRENT_LIKE
        from .work import charge_evaluation

        if self.integers:
            return self._evaluate_family(values)
        charge_evaluation(values)  # the claim's budget counts work (theorycheck.work)
        token = _CURRENT_LIKE.set(values[0] if len(values) else _CURRENT_LIKE.get())
        watched = []
        watch_token = _BODY_WATCH.set(watched)
        try:
            try:
                result = self.func(*[Real(v) for v in values])
            finally:
                # a value that raised and that no implies(...) excused: the body raises it, as
                # it would have where it was made (expr._kept), also when something else failed
                # later because of it
                kept = _first_undefined(watched, result if "result" in locals() else None)
            if kept is not None:
                raise kept.exc
        except ClaimBodyError as exc:
            if kept is not None and exc is not kept.exc:
                exc = kept.exc
            if isinstance(exc, ClaimBodyError):
                raise ClaimEvaluationError(self.name, self.describe_inputs(values), str(exc)) from exc
            raise ClaimEvaluationError(
                self.name, self.describe_inputs(values), _body_error_message(self, exc)) from exc
        except Exception as exc:  # the body is user code: report, never swallow
            if kept is not None:
                exc = kept.exc
            raise ClaimEvaluationError(
                self.name, self.describe_inputs(values), _body_error_message(self, exc)
            ) from exc
        finally:
            _BODY_WATCH.reset(watch_token)
            _CURRENT_LIKE.reset(token)
        if isinstance(result, Relation):
            caps = [v for v in watched if v is not None] or None
            for leaf in result.leaves():
                leaf.decoration = caps
        if isinstance(result, bool) or type(result).__name__ == "bool_":
            raise ClaimEvaluationError(
                self.name,
                self.describe_inputs(values),
                f"the body returned the bool {result!r}; it must return a comparison of claim "
                "values (did a side not depend on any variable, or was it computed with math.* "
                "instead of theorycheck functions?)",
            )
        if not isinstance(result, Relation):
            raise ClaimEvaluationError(
                self.name,
                self.describe_inputs(values),
                f"the body returned {type(result).__name__}, not a relation (<=, <, >=, >, ==, all_of)",
            )
        return result

    def __call__(self, *args, **kwargs):
        return self.func(*args, **kwargs)

    def __repr__(self):
        box = ", ".join(f"{v.name}=[{v.lo}, {v.hi}]" for v in self.variables)
        ints = ", ".join(f"{p.name} in {_show_values(p.values)}" for p in self.integers)
        return f"<Claim {self.name}({', '.join(x for x in (box, ints) if x)})>"

    # -- integer parameters ----------------------------------------------------------------------
    def instances(self):
        """``[(assignment, Claim)]``: one ordinary claim per combination of the integer
        parameters' values (in the order given), named ``name[n=3]``; just ``[({}, self)]`` for
        a claim without integer parameters."""
        if not self.integers:
            return [({}, self)]
        import itertools

        out = []
        for combo in itertools.product(*(p.values for p in self.integers)):
            assignment = dict(zip((p.name for p in self.integers), combo))
            out.append((assignment, self.instance(**assignment)))
        return out

    def instance(self, **assignment) -> "Claim":
        """The ordinary claim at one value of every integer parameter."""
        names = [p.name for p in self.integers]
        if sorted(assignment) != sorted(names):
            raise ClaimDefinitionError(f"claim {self.name!r}: give a value for each of {names}, got {sorted(assignment)}")
        for p in self.integers:
            if assignment[p.name] not in p.values:
                raise ClaimDefinitionError(
                    f"claim {self.name!r}: {p.name}={assignment[p.name]!r} is not one of its values {_show_values(p.values)}")
        body, real_names, fixed = self.func, [v.name for v in self.variables], dict(assignment)

        def instance_body(*reals):
            return body(**dict(zip(real_names, reals)), **fixed)

        instance_body.__name__ = getattr(body, "__name__", "body")
        instance_body.__module__ = getattr(body, "__module__", None)
        instance_body.__theorycheck_body__ = body  # the code that runs (error messages name its line)
        instance_body.__doc__ = body.__doc__
        label = ", ".join(f"{k}={v}" for k, v in assignment.items())
        return Claim(func=instance_body, variables=self.variables, source=self.source, expect=self.expect,
                     reading=self.reading, statement=self.statement, name=f"{self.name}[{label}]",
                     module=self.module, options=dict(self.options, family=self.name, assignment=fixed))

    def _evaluate_family(self, values):
        """A family's body on values of one kind: only for display (sympy symbols; the integer
        parameters become integer symbols). Engines decide it per value (:meth:`instances`)."""
        from .enclose import kinds

        if values and all(kinds.kind_name(v) == "sympy" for v in values):
            import sympy

            fixed = {p.name: sympy.Symbol(p.name, integer=True) for p in self.integers}
            inst = Claim(func=lambda *r: self.func(**dict(zip(self.names, r)), **fixed), variables=self.variables,
                         name=self.name, module=self.module, options=self.options)
            return inst.evaluate(values)
        raise ClaimEvaluationError(
            self.name, self.describe_inputs(values),
            "a claim with integer parameters (" + ", ".join(p.name for p in self.integers) + ") is decided per "
            "value: use claim.instances() or claim.instance(n=...) (check() does)")


SUPPORTED = ("+ - * / ** abs, and theorycheck's exp, expm1, log, log1p, sqrt, erf, erfc, tanh, Phi, npdf, "
             "gamma, loggamma, ndtri, atan, asin, acos, besseli0, besseli1, gammainc_lower, gammainc_upper, "
             "owens_t, min, max, pi, integral, d")

# what to write instead of a function of math / numpy / scipy.special (the name after the last dot)
_INSTEAD = {"exp": "exp", "expm1": "expm1", "log": "log", "log1p": "log1p", "sqrt": "sqrt", "erf": "erf",
            "erfc": "erfc", "tanh": "tanh", "ndtr": "Phi", "gamma": "gamma", "lgamma": "loggamma",
            "gammaln": "loggamma", "loggamma": "loggamma", "ndtri": "ndtri", "atan": "atan", "arctan": "atan",
            "asin": "asin", "arcsin": "asin", "acos": "acos", "arccos": "acos", "i0": "besseli0",
            "i1": "besseli1", "gammainc": "gammainc_lower", "gammaincc": "gammainc_upper",
            "owens_t": "owens_t", "pi": "pi", "fabs": "abs", "abs": "abs", "minimum": "min", "maximum": "max"}


def _first_undefined(watched, result):
    """The first value the body kept instead of raising (expr._kept) that no ``implies`` excused,
    among the watched values and the sides of the relation returned; else None."""
    from .enclose.guard import Undefined
    from .expr import _innermost

    for v in watched:
        if isinstance(v, Undefined):
            return v
    if isinstance(result, Relation):
        for leaf in result.leaves():
            for side in (leaf.lhs, leaf.rhs):
                if isinstance(side, Real) and isinstance(_innermost(side.raw), Undefined):
                    return _innermost(side.raw)
    return None


def _body_error_message(claim, exc) -> str:
    """What went wrong in the body, in the user's terms, with the line of the body that raised.

    A claim value converted to a Python float (``float() of a ... value``) means the body called
    a function theorycheck does not provide (``math.gamma``, ``math.exp``, numpy, ...) on a claim
    value: those see a float in the search but cannot run on intervals, so nothing could be
    proved or certified with them."""
    text = f"the body raised {type(exc).__name__}: {exc}"
    where = _body_line(claim, exc)
    if isinstance(exc, TypeError) and str(exc).startswith("float() of a"):
        text = ("the body passed a claim value to a function theorycheck does not support (math.*, numpy, "
                f"scipy, ...: they need a Python float{', in ' + where if where else ''}); a claim body may use "
                f"only {SUPPORTED}")
        import re

        called = re.findall(r"\b((?:math|np|numpy|scipy|special|sp|mpmath)(?:\.\w+)*\.(\w+))\s*\(", where)
        hints = [f"{full} -> theorycheck's {_INSTEAD[last]}" for full, last in called if last in _INSTEAD]
        if hints:
            text += "; use instead: " + ", ".join(dict.fromkeys(hints))
        return text
    return text + (f" (in {where})" if where else "")


def _body_line(claim, exc) -> str:
    """``line N: `source``` of the innermost frame of the claim's body in the traceback, or ''."""
    import linecache

    code = getattr(getattr(claim.func, "__theorycheck_body__", claim.func), "__code__", None)
    tb, found = exc.__traceback__, None
    while tb is not None:
        if tb.tb_frame.f_code is code:
            found = tb.tb_lineno
        tb = tb.tb_next
    # a value kept instead of raising (expr._kept) knows the frames it was made in, innermost first
    for frame_code, lineno in getattr(exc, "__theorycheck_frames__", ()):
        if frame_code is code:
            found = lineno
            break
    if found is None:
        return ""
    line = linecache.getline(code.co_filename, found).strip()
    return f"line {found}: `{line}`" if line else f"line {found}"


def _short(x) -> str:
    try:
        from .enclose.interval import Interval

        if isinstance(x, Interval):
            return str(x)
    except ImportError:  # pragma: no cover
        pass
    lo = getattr(x, "lo", None)
    if lo is not None and getattr(lo, "shape", None) is not None:
        return f"<batch of {lo.size} intervals>"
    return repr(x) if not isinstance(x, Fraction) else str(x)


def _show_values(values) -> str:
    vals = list(values)
    if len(vals) > 2 and vals == list(range(vals[0], vals[-1] + 1)):
        return f"{vals[0]}..{vals[-1]}"
    return "[" + ", ".join(map(str, vals)) + "]"


def _is_integer_spec(spec) -> bool:
    """A ``range`` or a list (not a tuple: ``(lo, hi)`` is a real range) is an integer parameter."""
    return isinstance(spec, (range, list))


def _parse_integers(claim_name, var, spec) -> IntegerParameter:
    where = f"claim {claim_name!r}: integer parameter {var!r}"
    if isinstance(spec, range):
        if len(spec) > MAX_INTEGER_VALUES:
            raise ClaimDefinitionError(
                f"{where} has {len(spec)} values ({spec!r}); at most {MAX_INTEGER_VALUES} are checked (each value "
                "is a claim of its own): split it, or make it a real variable (lo, hi) if the body allows")
        values = tuple(spec)
    else:
        bad = [x for x in spec if isinstance(x, bool) or not isinstance(x, int)]
        if bad:
            raise ClaimDefinitionError(
                f"{where}: a list of values must hold ints only, got {bad[0]!r} ({type(bad[0]).__name__}); a real "
                "variable is a tuple (lo, hi)")
        if len(spec) == 2:
            raise ClaimDefinitionError(
                f"{where}: the list {spec!r} is ambiguous; write range({spec[0]}, {spec[1] + 1}) for an integer parameter "
                f"(or list three values or more), or a tuple ({spec[0]}, {spec[1]}) for a real interval")
        if len(spec) > MAX_INTEGER_VALUES:
            raise ClaimDefinitionError(f"{where} has {len(spec)} values; at most {MAX_INTEGER_VALUES} are checked")
        values = tuple(int(x) for x in spec)
        if len(set(values)) != len(values):
            raise ClaimDefinitionError(f"{where}: the value(s) {sorted({x for x in values if values.count(x) > 1})} are listed twice")
    if not values:
        raise ClaimDefinitionError(f"{where}: {spec!r} holds no value (an empty range checks nothing)")
    return IntegerParameter(var, values)


def _parse_range(claim_name, var, spec) -> Variable:
    if isinstance(spec, (str, bytes)) or not hasattr(spec, "__len__"):
        raise ClaimDefinitionError(
            f"claim {claim_name!r}: variable {var!r} needs a range (lo, hi), got {spec!r}"
        )
    if len(spec) != 2:
        raise ClaimDefinitionError(
            f"claim {claim_name!r}: variable {var!r} needs a range (lo, hi) of two bounds, got {spec!r}"
            + (" (an empty range)" if len(spec) == 0 else "")
        )
    lo_s, hi_s = spec
    from .unbounded import infinite_bound

    if infinite_bound(lo_s) == 1 or infinite_bound(hi_s) == -1:
        raise ClaimDefinitionError(
            f"claim {claim_name!r}: variable {var!r} has the range ({lo_s!r}, {hi_s!r}), which holds no real "
            "number (a lower end of +inf or an upper end of -inf)")
    if infinite_bound(lo_s) or infinite_bound(hi_s):
        return _unbounded_variable(claim_name, var, lo_s, hi_s)
    bounds = []
    for which, b in (("lower", lo_s), ("upper", hi_s)):
        try:
            bounds.append(to_fraction(b))
        except BadNumber as exc:
            raise ClaimDefinitionError(
                f"claim {claim_name!r}: variable {var!r} has a bad {which} bound {b!r}: {exc}"
            ) from None
    lo, hi = bounds
    if lo > hi:
        raise ClaimDefinitionError(
            f"claim {claim_name!r}: variable {var!r} has a reversed (empty) range ({lo_s!r}, {hi_s!r}): lo > hi"
        )
    return Variable(var, lo, hi)


def _unbounded_variable(claim_name, var, lo_s, hi_s):
    """A variable over an unbounded range: its bounded stand-in t (theorycheck.unbounded)."""
    from .unbounded import Unbounded, infinite_bound

    ends = []
    for which, b in (("lower", lo_s), ("upper", hi_s)):
        if infinite_bound(b):
            ends.append(None)
            continue
        try:
            ends.append(to_fraction(b))
        except BadNumber as exc:
            raise ClaimDefinitionError(
                f"claim {claim_name!r}: variable {var!r} has a bad {which} bound {b!r}: {exc}") from None
    spec = Unbounded(var, ends[0], ends[1])
    lo, hi = spec.t_range
    return Variable(var, lo, hi, unbounded=spec)


def claim(func=None, *, source=None, expect=None, reading=None, statement=None, split=None, budget=None,
          **ranges):
    """Turn a function into a :class:`Claim`; see the module docstring. ``split=k``: prove it as
    up to 2**k pieces of its box, which ``--workers N`` or ``--cluster`` run in parallel
    (:mod:`theorycheck.distribute`). ``budget=UNITS``: the work units this claim is decided with,
    in place of the run's (``--budget``, ``--theorycheck-budget``), so a long proof in a lemma file
    is re-proved as it was made (``pytest lemmas/ --reprove``) while the other claims keep theirs."""

    def wrap(f):
        name = f.__name__
        if expect not in (None, "proved", "refuted"):
            raise ClaimDefinitionError(
                f"claim {name!r}: expect must be 'proved', 'refuted' or omitted, got {expect!r}"
            )
        if split is not None:
            from .distribute import MAX_SPLIT

            if isinstance(split, bool) or not isinstance(split, int) or not 0 <= split <= MAX_SPLIT:
                raise ClaimDefinitionError(f"claim {name!r}: split must be an int from 0 to {MAX_SPLIT}, got {split!r}")
        if budget is not None and (isinstance(budget, bool) or not isinstance(budget, (int, float))
                                   or not math.isfinite(budget) or not budget > 0):
            raise ClaimDefinitionError(f"claim {name!r}: budget must be a positive finite number of work units, "
                                       f"got {budget!r}")
        params = list(inspect.signature(f).parameters)
        unknown = [v for v in ranges if v not in params]
        if unknown:
            raise ClaimDefinitionError(
                f"claim {name!r}: unknown variable(s) {unknown}; the function's parameters are {params}"
            )
        missing = [p for p in params if p not in ranges]
        if missing:
            raise ClaimDefinitionError(f"claim {name!r}: parameter(s) {missing} have no range")
        variables = tuple(_parse_range(name, p, ranges[p]) for p in params if not _is_integer_spec(ranges[p]))
        integers = tuple(_parse_integers(name, p, ranges[p]) for p in params if _is_integer_spec(ranges[p]))
        if integers:
            total = 1
            for p in integers:
                total *= len(p.values)
            if total > MAX_INTEGER_VALUES:
                raise ClaimDefinitionError(
                    f"claim {name!r}: its integer parameters have {total} combinations of values; at most "
                    f"{MAX_INTEGER_VALUES} are checked (each is a claim of its own)")
        from .literals import LiteralRewriteRefused, rewrite_literals

        try:
            body, literals = rewrite_literals(f)
        except LiteralRewriteRefused as exc:
            raise ClaimDefinitionError(f"claim {name!r}: {exc}") from None
        options = {"literals": literals, **({"split": split} if split else {}),
                   **({"budget": float(budget)} if budget is not None else {})}
        unbounded = tuple(v.unbounded.key() for v in variables if getattr(v, "unbounded", None) is not None)
        if unbounded:
            if integers:
                raise ClaimDefinitionError(
                    f"claim {name!r}: integer parameters and unbounded variables in one claim are not supported yet")
            from .unbounded import wrap

            body = wrap(body, tuple(v.name for v in variables), unbounded)
            options["unbounded"] = unbounded
        return Claim(
            func=body,
            options=options,
            variables=variables,
            source=source,
            expect=expect,
            reading=reading,
            statement=statement,
            integers=integers,
            params=tuple(params),
        )

    if func is not None:
        if ranges or not callable(func):
            raise ClaimDefinitionError("use @claim(x=(lo, hi), ...) with keyword ranges")
        return _registered(_raise(ClaimDefinitionError(
            f"claim {func.__name__!r}: @claim needs the variables' ranges, e.g. @claim(x=(0, 1)) "
            "(a claim without variables: @claim())")))(func)
    return _registered(wrap)


# -- claim identity: every claim made is registered by module, a bad definition can be deferred --
#
# A claim's name must be unique in its file: worker processes reload a claim by (file, name),
# reports and the index are keyed by it. The loader (theorycheck.loader) gives each claim the
# module-level name it is bound to, and uses this registry to find claims that were made while
# the module ran but are bound to no module-level name (shadowed by a second def of the same
# name, or kept only in a list): those are errors, never silently skipped.

_CREATED: dict = {}  # module name -> [Claim or BrokenClaim], in creation order
_DEFER = contextvars.ContextVar("theorycheck_defer_definition_errors", default=False)


@dataclass
class BrokenClaim:
    """A claim whose definition is malformed (bad range, unknown variable, bad ``expect``), made
    while a lemma file is loaded by :mod:`theorycheck.loader`: the error is kept, named by the
    claim, so that the file's other claims can still be checked (``PATH::OTHER``). Outside the
    loader a malformed definition raises :class:`ClaimDefinitionError` at once."""

    func: object
    error: str
    name: str = ""
    module: str = ""
    options: dict = field(default_factory=dict)

    def __post_init__(self):
        self.name = self.name or getattr(self.func, "__name__", "?")
        self.module = self.module or getattr(self.func, "__module__", "")

    def __call__(self, *args, **kwargs):
        raise ClaimDefinitionError(self.error)


@contextlib.contextmanager
def deferred_definition_errors():
    """Inside the block, ``@claim`` turns a malformed definition into a :class:`BrokenClaim`
    instead of raising (the loader's mode)."""
    token = _DEFER.set(True)
    try:
        yield
    finally:
        _DEFER.reset(token)


def _registered(wrap):
    """The decorator ``wrap`` with every claim it makes registered under its module (see
    :func:`created_claims`), and definition errors deferred inside the loader."""

    def register(f):
        try:
            made = wrap(f)
        except ClaimDefinitionError as exc:
            if not _DEFER.get():
                raise
            made = BrokenClaim(func=f, error=str(exc))
        _CREATED.setdefault(made.module, []).append(made)
        return made

    return register


def _raise(exc):
    """A decorator that raises ``exc`` (deferred by :func:`_registered` inside the loader)."""

    def wrap(f):
        raise exc

    return wrap


def created_claims(module_name: str, clear: bool = False) -> list:
    """The claims (and broken claims) made by ``@claim`` on functions of that module, in order."""
    return _CREATED.pop(module_name, []) if clear else list(_CREATED.get(module_name, []))


def collect_claims(namespace) -> list:
    """Every Claim defined in a module's namespace, in definition order."""
    return [v for v in vars(namespace).values() if isinstance(v, Claim)] if not isinstance(namespace, dict) else [
        v for v in namespace.values() if isinstance(v, Claim)
    ]


# -- items of a source that no claim decides -------------------------------------------------------

NOTE_STATUSES = {
    "statement needed": "the statement is not available here; nothing is invented in its place",
    "tested": "an empirical statement, decided by an experiment (verdict tested, never proved)",
    "not checkable": "no finite claim expresses it; what is checkable of it is encoded beside it",
}


@dataclass
class Note:
    """An item of a source that the index must list although no claim decides it: a statement
    that is not available (``"statement needed"``), an empirical statement decided by an
    experiment (``"tested"``), or a part no claim can express (``"not checkable"``).

    ``see`` links the reader onwards: ``(text, path relative to the project root)`` pairs, such
    as the experiment report or the template to fill in."""

    name: str
    source: str
    status: str
    why: str
    see: tuple = ()
    next_step: str | None = None
    module: str = ""
    options: dict = field(default_factory=dict)


def note(name, *, source, status, why, see=(), next_step=None) -> Note:
    """Declare an index entry without a claim; assign it to a module-level name equal to ``name``
    (``lemma_4_2 = note("lemma_4_2", ...)``) so the index can tell when it is gone."""
    import sys

    if not isinstance(name, str) or not name.isidentifier():
        raise ClaimDefinitionError(f"note {name!r}: the name must be a Python identifier")
    if status not in NOTE_STATUSES:
        raise ClaimDefinitionError(
            f"note {name!r}: status must be one of {sorted(NOTE_STATUSES)}, got {status!r}"
        )
    for what, text in (("source", source), ("why", why)):
        if not isinstance(text, str) or not text.strip():
            raise ClaimDefinitionError(f"note {name!r}: {what} must be a non-empty string")
    links = []
    for item in see:
        if not (isinstance(item, tuple) and len(item) == 2 and all(isinstance(x, str) for x in item)):
            raise ClaimDefinitionError(f"note {name!r}: each 'see' entry is a (text, path) pair, got {item!r}")
        links.append(item)
    module = sys._getframe(1).f_globals.get("__name__", "")
    return Note(name=name, source=source, status=status, why=why, see=tuple(links), next_step=next_step,
                module=module)


# -- deciding a claim with integer parameters ---------------------------------------------------------

def check_family(claim, budget: float = 20.0, seed: int = 0, **options):
    """Decide a claim with integer parameters value by value, each value an ordinary claim with
    the whole ``budget`` of its own (:func:`theorycheck.check.check`; a value's verdict does not
    depend on the others). The verdict is ``proved`` when every value is proved, ``refuted`` at
    the first value refuted (its counterexample names the value; later values are not checked),
    else ``undecided``. The evidence lists each value checked with its verdict."""
    import time

    from .check import Verdict, check

    start = time.monotonic()
    rows, first_refuted, units, proofs = [], None, 0.0, []
    for assignment, inst in claim.instances():
        try:
            v = check(inst, budget=budget, seed=seed, **options)
        except ClaimEvaluationError as exc:
            raise ClaimEvaluationError(claim.name, _show_assignment(assignment), str(exc)) from exc
        units += float(v.evidence.get("work_units", 0.0))
        proofs.append(getattr(v, "proof", None))
        row = {**assignment, "verdict": v.verdict}
        if v.verdict == "undecided":
            row["why"] = v.evidence.get("why") or (v.evidence.get("parts") or [{}])[0].get("next_step")
        rows.append(row)
        if v.verdict == "refuted":
            first_refuted = (assignment, v)
            break
    verdicts = [r["verdict"] for r in rows]
    evidence = {
        "integer_parameters": {p.name: _show_values(p.values) for p in claim.integers},
        "values": rows,
        "work_units": round(units, 3),
        "budget_per_value": budget,
    }
    common = dict(claim=claim.name, expected=claim.expect, source=claim.source, reading=claim.reading,
                  module=claim.options.get("path") or claim.module, seed=seed, budget=budget,
                  seconds=time.monotonic() - start)
    if first_refuted is not None:
        assignment, v = first_refuted
        evidence.update({k: val for k, val in v.evidence.items() if k not in evidence})
        evidence["refuted_at"] = assignment
        point = {k: str(val) for k, val in assignment.items()}
        point.update(v.counterexample or {})
        out = Verdict(verdict="refuted", counterexample=point, lhs=v.lhs, rhs=v.rhs, gap=v.gap,
                      relation=v.relation, undefined=v.undefined, evidence=evidence, **common)
        if proofs[-1] is not None:  # the certificate (theorycheck.certificates): the value and its point
            out.proof = dict(proofs[-1], assignment=dict(assignment))
        return out
    verdict = "proved" if all(x == "proved" for x in verdicts) else "undecided"
    if verdict == "undecided":
        evidence["undecided_values"] = [
            {k: val for k, val in r.items() if k not in ("verdict", "why")} for r in rows if r["verdict"] != "proved"]
    out = Verdict(verdict=verdict, evidence=evidence, **common)
    if verdict == "proved" and all(pr is not None for pr in proofs):
        # one proof per value, in the order of claim.instances() (the kernel re-checks each)
        out.proof = {"values": [dict(pr, assignment=dict(a)) for (a, _), pr in zip(claim.instances(), proofs)]}
    return out


def _show_assignment(assignment) -> str:
    return "{" + ", ".join(f"{k}={v}" for k, v in assignment.items()) + "}"
