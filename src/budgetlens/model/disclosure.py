"""The typed model of one disclosure: what the recognise stage produces."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING

from budgetlens.model.performance import PerformanceTable
from budgetlens.model.source import Location

if TYPE_CHECKING:  # the score stage depends on the model, not the other way round
    from budgetlens.score.select import DisclosureScore


class Kind(StrEnum):
    BUDGET = "budget"
    FINAL = "final"


@dataclass(slots=True)
class Heading:
    """A part or section heading. ``level`` 0 = 第X部分, 1 = 一、, 2 = （一）, 3 = 1. / 1、"""

    level: int
    marker: str
    title: str
    location: Location


@dataclass(slots=True)
class TocEntry:
    level: int
    title: str
    location: Location
    present: bool | None = None
    target: str | None = None  # table id or heading title it resolves to


@dataclass(slots=True)
class Staff:
    authorized: int | None = None  # 编制数
    actual: int | None = None  # 实有人数
    in_service: int | None = None  # 在职
    in_service_change: int | None = None  # signed: 增加 +, 减少 -
    retired: int | None = None  # 退休
    retired_change: int | None = None
    retired_cadre: int | None = None  # 离休
    retired_cadre_change: int | None = None
    location: Location | None = None
    evidence: str = ""


@dataclass(slots=True)
class Unit:
    name: str = ""
    level_word: str = ""  # 部门 / 单位
    functions: list[str] = field(default_factory=list)
    departments: list[str] = field(default_factory=list)
    department_count: int | None = None
    sub_units: list[str] = field(default_factory=list)
    sub_unit_count: int | None = None
    staff: Staff = field(default_factory=Staff)
    structure_location: Location | None = None  # the sentence giving departments / sub-units
    structure_evidence: str = ""


@dataclass(slots=True)
class Column:
    """A recognised table column. ``key`` is a stable meaning (see recognize/table_specs)."""

    key: str
    label: str


@dataclass(slots=True)
class TableRow:
    name: str
    values: dict[str, Decimal | None]
    location: Location
    code: str | None = None  # 功能分类 "2010350" / 经济分类 "30101"
    code_kind: str | None = None  # "function" | "economic"
    cells: dict[str, Location] = field(default_factory=dict)
    is_total: bool = False
    project: str | None = None  # project name column (budget table 7)
    side: str | None = None  # "income" | "expense" for two-sided summary tables
    raw: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Table:
    """A recognised standard table. ``id`` is B01–B11 (budget), F01–F09 (final), or None."""

    id: str | None
    title: str
    columns: list[Column]
    rows: list[TableRow]
    location: Location
    number: str | None = None  # "表1" as printed
    unit_of_amount: str = "万元"
    empty: bool = False
    empty_note: str | None = None  # the sentence explaining why it is empty
    warnings: list[str] = field(default_factory=list)
    # False when the reading fails the table's own identities on many rows (a misread table, see
    # recognize/table_verify.py): its sums are not checked.
    verified: bool = True


@dataclass(slots=True)
class Change:
    direction: str  # "increase" | "decrease" | "flat"
    amount: Decimal | None = None  # 增加/减少 Y 万元, unsigned as printed
    rate: Decimal | None = None  # 增长/下降 Z %, unsigned as printed
    rate_direction: str | None = None
    base: str = "上年"  # 上年 / 上年预算 / 上年决算
    prior: Decimal | None = None  # the base figure when printed ("比上年预算数510.00万元增加…")


@dataclass(slots=True)
class Statement:
    """One narrative statement about a quantity.

    ``scope`` names the base the statement speaks of (``document``, ``fiscal``, ``gpb``,
    ``gpb.basic``, ``sangong``, ``procurement``, ``assets``, ``performance`` …) so that rules
    never compare statements about different bases.
    """

    subject: str
    scope: str
    location: Location
    evidence: str
    key: str | None = None  # fact key, when the subject has a canonical meaning
    amount: Decimal | None = None
    unit: str = "万元"
    share: Decimal | None = None  # 占X%
    share_of: str | None = None  # what the share is of (parent subject)
    change: Change | None = None
    budget: Decimal | None = None  # 年初预算数 / 全年预算数 in 预决算 comparisons
    actual: Decimal | None = None  # 决算数
    diff_rate: Decimal | None = None  # 预决算差异率
    completion_rate: Decimal | None = None  # 完成预算的X% / 预算执行率X% (actual / budget, as printed)
    count: Decimal | None = None
    count_unit: str | None = None
    reason: str | None = None
    parts: list[Statement] = field(default_factory=list)
    code: str | None = None  # classification code when the subject names a 类/款/项
    # Set when ``amount`` is not printed in this statement but taken from the figure it speaks
    # of ("与上年相比，减少…" after "…支出564.71万元"): where that figure stands.
    amount_from: Location | None = None
    # a later sentence that judges this statement's 预算 and 决算 ("决算数大于预算数的主要原因…"), as printed
    followed_by: str | None = None


@dataclass(slots=True)
class FactOccurrence:
    key: str
    value: Decimal
    location: Location
    evidence: str
    origin: str  # "table" | "text" | "performance"
    scope: str = "document"
    unit: str = "万元"


@dataclass(slots=True)
class ProjectListItem:
    """A row of budget table 7 (一般公共预算项目支出情况表)."""

    name: str
    amount: Decimal | None
    code: str | None
    location: Location


@dataclass(slots=True)
class Disclosure:
    kind: Kind | None
    year: int | None
    unit: Unit
    title: str = ""
    toc: list[TocEntry] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    fact_occurrences: list[FactOccurrence] = field(default_factory=list)
    facts: dict[str, Decimal] = field(default_factory=dict)
    performance: list[PerformanceTable] = field(default_factory=list)
    project_list: list[ProjectListItem] = field(default_factory=list)
    source_path: str = ""
    source_format: str = ""
    layouts: list[str] = field(default_factory=list)
    is_template: bool = False
    scoring_profile: str | None = None  # the performance scoring profile behind computed_score
    scoring: DisclosureScore | None = None  # stated vs recomputed scores under that profile
    warnings: list[str] = field(default_factory=list)
    # The running text in reading order (headings included; table titles, notes and grids not),
    # so that a writer can print the narrative as it was published.
    paragraphs: list[str] = field(default_factory=list)

    def table(self, table_id: str) -> Table | None:
        return next((t for t in self.tables if t.id == table_id), None)
