"""Performance tables: placeholder until the performance recogniser lands."""

from __future__ import annotations

from budgetlens.model import Disclosure, PerformanceTable
from budgetlens.recognize.segment import Segment


def recognize_performance(doc: Disclosure, segments: list[Segment]) -> list[PerformanceTable]:
    return doc.performance
