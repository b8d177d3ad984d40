"""What every reach corpus file (corpus.py, heldout.py, heldout_unbounded.py) records beside its
claims: an :class:`Entry` per claim, registered by the decorator that :func:`registry` makes for the
file's own ``ENTRIES``. The corpus files are loaded by theorycheck's loader, which puts their
directory on ``sys.path``, so they import this module by its plain name."""

from __future__ import annotations

import mpmath as mp


class Entry:
    """What the corpus says about one claim, beside the claim itself."""

    def __init__(self, claim, category, reason, oracle, witness, cut):
        self.claim = claim
        self.name = claim.name
        self.category = category
        self.reason = reason
        self.oracle = oracle
        self.witness = witness
        self.cut = cut

    @property
    def citation(self):
        return self.claim.source

    @property
    def truth(self) -> bool:
        return self.claim.expect == "proved"


def registry(entries: dict):
    """The ``fact`` decorator of one corpus file, recording into ``entries``."""

    def fact(category, reason, oracle, witness=None, cut=None):
        """Record a claim's metadata; goes *above* ``@claim`` (it receives the Claim)."""

        def register(c):
            if c.expect not in ("proved", "refuted"):
                raise ValueError(f"{c.name}: the corpus needs expect='proved' or 'refuted'")
            if (c.expect == "refuted") != (witness is not None):
                raise ValueError(f"{c.name}: a false claim needs a witness, a true one none")
            if c.name in entries:
                raise ValueError(f"{c.name}: twice in the corpus")
            entries[c.name] = Entry(c, category, reason, oracle, witness, cut)
            return c

        return register

    return fact


def mQ(x):
    """The Gaussian tail 1 - Phi(x) in mpmath (the oracles' twin of Q)."""
    return mp.erfc(x / mp.sqrt(2)) / 2
