"""Regular expressions compiled on first use instead of at import (kept in :mod:`budgetlens.patterns`,
which the check and score modules use too; this name stays for the recognise modules)."""

from __future__ import annotations

from budgetlens.patterns import LazyPattern, lazy

__all__ = ["LazyPattern", "lazy"]
