"""A library of disclosures: a database of documents, their facts, tables, projects and findings,
with people's reviews of the findings kept across re-checks (docs/library.md).

The names below are imported on first use, so that ``budgetlens check`` (which uses only
``budgetlens.library.collect`` to walk folders and archives) does not load the database stack."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from budgetlens.library.store import Library, LibraryError, data_dir, open_library

__all__ = ["Library", "LibraryError", "data_dir", "open_library"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from budgetlens.library import store

        return getattr(store, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
