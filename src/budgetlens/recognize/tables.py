"""Standard tables (budget B01–B11, final F01–F09): placeholder until the table recogniser lands."""

from __future__ import annotations

from budgetlens.model import Disclosure, Table
from budgetlens.recognize.segment import Segment


def recognize_tables(doc: Disclosure, segments: list[Segment]) -> list[Table]:
    return doc.tables
