"""The typed model shared by every stage."""

from budgetlens.model.disclosure import (
    Change,
    Column,
    Disclosure,
    FactOccurrence,
    Heading,
    Kind,
    ProjectListItem,
    Staff,
    Statement,
    Table,
    TableRow,
    TocEntry,
    Unit,
)
from budgetlens.model.performance import FundingRow, Indicator, Measure, PerformanceTable
from budgetlens.model.source import Block, Cell, Grid, Location, Paragraph, Source

__all__ = [
    "Block",
    "Cell",
    "Change",
    "Column",
    "Disclosure",
    "FactOccurrence",
    "FundingRow",
    "Grid",
    "Heading",
    "Indicator",
    "Kind",
    "Location",
    "Measure",
    "Paragraph",
    "PerformanceTable",
    "ProjectListItem",
    "Source",
    "Staff",
    "Statement",
    "Table",
    "TableRow",
    "TocEntry",
    "Unit",
]
