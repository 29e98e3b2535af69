"""The versions a document was parsed and checked with, to know what a re-check must redo."""

from __future__ import annotations

import hashlib
from functools import cache

from budgetlens import __version__


@cache
def parser_version() -> str:
    """The package version: the reading and recognising code ships with it."""
    return __version__


@cache
def rules_version() -> str:
    """The package version plus a short hash of the rule catalogue (every code and title), so that a
    rule added, removed or retitled makes stored findings older than the rules."""
    from budgetlens.check.registry import all_rules

    digest = hashlib.sha256()
    for r in sorted(all_rules(), key=lambda r: r.code):
        digest.update(f"{r.code}\t{r.title}\n".encode())
    return f"{__version__}+{digest.hexdigest()[:12]}"
