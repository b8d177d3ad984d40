"""theorycheck: decide lemmas about Gaussians, exp, erf and log with rigorous enclosures.

    from theorycheck import claim, exp

    @claim(x=(-5, 5))
    def exp_lies_above_its_tangent(x):
        return exp(x) >= 1 + x
"""

from .calc import Chain, calc, d
from .integral import integral
from .literals import exact
from .claims import Claim, ClaimDefinitionError, ClaimEvaluationError, Note, claim, note
from .enclose import BadNumber, DomainError, Interval, interval, working_precision
from .expr import (
    Phi,
    Relation,
    acos,
    all_of,
    implies,
    asin,
    atan,
    besseli0,
    besseli1,
    erf,
    erfc,
    exp,
    expm1,
    gamma,
    gammainc_lower,
    gammainc_upper,
    log,
    loggamma,
    log1p,
    max,
    min,
    ndtri,
    npdf,
    owens_t,
    pi,
    sqrt,
    tanh,
)

__version__ = "0.1.0"
