"""Narrative statements."""

from __future__ import annotations

from budgetlens.model import Disclosure, Statement
from budgetlens.recognize.segment import Segment


def recognize_statements(doc: Disclosure, segments: list[Segment]) -> list[Statement]:
    return doc.statements
