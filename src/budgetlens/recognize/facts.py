"""Facts."""

from __future__ import annotations

from decimal import Decimal

from budgetlens.model import Disclosure
from budgetlens.recognize.segment import Segment


def resolve_facts(doc: Disclosure, segments: list[Segment]) -> dict[str, Decimal]:
    return doc.facts
