"""Numbers that know their error: rigorous intervals (scalar and batched), forward-mode
derivatives over any kind, and one set of functions dispatching on the kind."""

from .exact import BadNumber, to_fraction
from .interval import DomainError, EmptyInterval, Interval, interval, working_precision

__all__ = [
    "BadNumber",
    "DomainError",
    "EmptyInterval",
    "Interval",
    "interval",
    "to_fraction",
    "working_precision",
]
