"""Performance tables: 绩效目标表 (targets, before the year) and 绩效自评表 (self-evaluation)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from budgetlens.model.source import Location


@dataclass(slots=True)
class Measure:
    """A target or actual value: comparator + number + unit, or qualitative text."""

    text: str
    comparator: str | None = None  # ">=", "<=", "=", ">", "<" or None
    value: Decimal | None = None
    unit: str | None = None
    qualitative: str | None = None
    date: str | None = None  # ISO date ("2024-12-31", "2024-11") when the value is a deadline


@dataclass(slots=True)
class Indicator:
    level1: str
    level2: str
    name: str
    location: Location
    weight: Decimal | None = None
    target: Measure | None = None
    actual: Measure | None = None
    completion_rate: Decimal | None = None  # percent as printed (111 for "111%")
    stated_score: Decimal | None = None
    basis: str | None = None  # 指标值设定依据
    prior_year: str | None = None  # 上年完成情况 / 上年完成值
    rule: str | None = None  # 赋分规则
    evidence: str | None = None  # 佐证资料
    deviation: str | None = None  # 偏差原因分析及改进措施
    computed_score: Decimal | None = None


@dataclass(slots=True)
class FundingRow:
    """One funding row: 年度资金总额 / 当年财政拨款 / 其他资金 (or 上级/本级 for unit tables)."""

    label: str
    location: Location
    initial_budget: Decimal | None = None  # 年初预算数
    annual_budget: Decimal | None = None  # 全年预算数
    executed: Decimal | None = None  # 全年执行数
    weight: Decimal | None = None  # 分值
    execution_rate: Decimal | None = None  # 执行率 (percent)
    score: Decimal | None = None  # 得分


@dataclass(slots=True)
class PerformanceTable:
    """One 绩效目标表 or 绩效自评表, for the whole unit or for one project."""

    table_kind: str  # "target" | "self_evaluation"
    level: str  # "unit" | "project"
    title: str
    location: Location
    name: str = ""  # project name, or the unit name for unit-level tables
    department: str | None = None  # 主管部门
    implementer: str | None = None  # 实施单位 / 预算单位
    contact: str | None = None
    phone: str | None = None  # 联系电话
    amount: Decimal | None = None  # 年度预算总额 of a target table
    amount_fiscal: Decimal | None = None  # of which 财政拨款
    amount_other: Decimal | None = None
    amount_from_tasks: bool = False  # the amounts are the 年度主要任务 block's (合计 row or task sums)
    funding: list[FundingRow] = field(default_factory=list)
    goal: str | None = None  # 年度总体目标 / 预期目标
    outcome: str | None = None  # 实际完成情况
    indicators: list[Indicator] = field(default_factory=list)
    stated_total: Decimal | None = None  # 总分
    grade: str | None = None  # 自评等级 printed with the 总分 (优 / 良 / 中 / 差)
    total_weight: Decimal | None = None
    computed_score: Decimal | None = None
    warnings: list[str] = field(default_factory=list)
    # parts the reader could not place with confidence ("weights", "funding"): rules do not
    # check them, and the reason is among the warnings
    unsure: list[str] = field(default_factory=list)

    @property
    def total_funding(self) -> FundingRow | None:
        """The row for all funds: 年度资金总额 / 合计, else the first row."""
        for row in self.funding:
            label = row.label.replace(" ", "")
            if "总额" in label or label in ("合计", "总计", "小计"):
                return row
        return self.funding[0] if self.funding else None
