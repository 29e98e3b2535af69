"""Table of contents."""

from __future__ import annotations

from budgetlens.model import Disclosure, TocEntry
from budgetlens.recognize.segment import Segment


def resolve_toc(doc: Disclosure, segments: list[Segment]) -> list[TocEntry]:
    return doc.toc
