"""A library of disclosures: a database of documents, their facts, tables, projects and findings,
with people's reviews of the findings kept across re-checks (docs/library.md)."""

from budgetlens.library.store import Library, LibraryError, data_dir, open_library

__all__ = ["Library", "LibraryError", "data_dir", "open_library"]
