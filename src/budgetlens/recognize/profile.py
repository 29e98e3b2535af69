"""Unit profile: functions, internal departments, sub-units, staff."""

from __future__ import annotations

from budgetlens.model import Disclosure, Unit
from budgetlens.recognize.segment import Segment


def recognize_profile(doc: Disclosure, segments: list[Segment]) -> Unit:
    return doc.unit
