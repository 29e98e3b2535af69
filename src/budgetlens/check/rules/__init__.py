"""Importing this package registers every rule."""

from budgetlens.check import identities
from budgetlens.check.rules import (
    codes,
    cross_document,
    cross_tables,
    narrative,
    narrative_comparisons,
    parts,
    performance,
    performance_scores,
    project_codes,
    sangong,
    structure,
    table_text,
    tables,
    template,
    wording,
)

__all__ = [
    "codes",
    "cross_document",
    "cross_tables",
    "identities",
    "narrative",
    "narrative_comparisons",
    "parts",
    "performance",
    "performance_scores",
    "project_codes",
    "sangong",
    "structure",
    "table_text",
    "tables",
    "template",
    "wording",
]
