"""Canonical facts: every figure with a canonical meaning becomes a fact occurrence
``(key, value, scope, location, evidence)``; the resolved value per key prefers the tables, then
the text in document order. All occurrences are kept for the audit to compare."""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from budgetlens.model import Disclosure, FactOccurrence, Kind, Location, Statement, TableRow
from budgetlens.recognize.codes import FUNCTION_CLASSES
from budgetlens.recognize.lazy_pattern import LazyPattern, lazy
from budgetlens.recognize.segment import Segment


@dataclass(frozen=True, slots=True)
class TextRule:
    key: str
    scopes: tuple[str, ...]
    subject: LazyPattern
    field: str = "amount"  # amount | budget | count | completion_rate
    kinds: tuple[Kind, ...] = (Kind.BUDGET, Kind.FINAL)
    not_in: LazyPattern | None = None  # evidence that makes the statement about something else
    only_in: LazyPattern | None = None  # evidence the statement needs to be about this quantity
    units: tuple[str, ...] = ()  # for counts: the measure words it takes (any when empty)


def _r(pattern: str) -> LazyPattern:
    return lazy(pattern)


_BATCH = ("个", "批", "批次", "次")
_PEOPLE = ("人", "人次")
# a holding, not a purchase: the subject names no acquisition ("购置单位价值100万元以上的设备")
_HELD = r"(?!.*(?:购置|购买|采购|新增|新购))"
_VEHICLES = lazy(r"^(?:共有|现有|拥有|实有)?(?:车辆|公务用车)(?:总数)?$")
F = (Kind.FINAL,)
B = (Kind.BUDGET,)
# "公务接待费", "…支出", "…预算", "…决算", "…支出决算数"
_SG_TAIL = r"(?:财政拨款)?(?:支出)?(?:预算数?|决算数?|数)?"
_SANGONG = [
    # "一般公共预算财政拨款“三公”经费", "一般公共预算及政府性基金财政拨款“三公”经费"
    ("total", rf"^(?:一般公共预算)?(?:及政府性基金(?:预算)?)?(?:财政拨款)?(?:安排的)?三公经费{_SG_TAIL}$"),
    ("overseas", rf"^因公出国[(（]境[)）]费{_SG_TAIL}$"),
    ("vehicle", rf"^公务用车购置及运行(?:维护)?费{_SG_TAIL}(?:[(（]小计[)）])?$"),
    ("vehicle_purchase", rf"^公务用车购置费{_SG_TAIL}$"),
    ("vehicle_operation", rf"^公务用车运行(?:维护)?费{_SG_TAIL}$"),
    ("reception", rf"^公务接待费{_SG_TAIL}$"),
]

_SG_MT = _r(
    r"^(?:一般公共预算)?(?:财政拨款)?三公经费[、及和与]?(?:会议费|培训费)[、及和与]?(?:会议费|培训费)"
    r"(?:支出)?(?:合计|总计|总额|共计)?(?:预算数?|决算数?|数)?$"
)
_PROJECTS_COUNTED = _r(r"\d+\s*个(?:项目)?|项目(?:数)?(?:共|为|是)?\d+")
# "部门整体支出绩效自评得分95.6分", "综合得分…分": the unit's own score, not a project's
_UNIT_SCORE = _r(r"^(?:部门|单位)?(?:整体)?(?:支出)?(?:绩效)?(?:自评|评价)?(?:综合|总)?得分$")

TEXT_RULES: list[TextRule] = [
    # final account, whole document
    TextRule("income.total", ("document",), _r(r"^收入总计$"), kinds=F),
    # "收入支出总计2995.39万元": one figure for both sides
    TextRule("income.total", ("document",), _r(r"^收(?:入)?支(?:出)?总计$"), kinds=F),
    TextRule("expense.total", ("document",), _r(r"^收(?:入)?支(?:出)?总计$"), kinds=F),
    TextRule("income.current", ("document",), _r(r"^本年收入(?:合计)?$"), kinds=F),
    TextRule("income.nonfiscal_balance_used", ("document",), _r(r"^使用非财政拨款结余"), kinds=F),
    TextRule("income.carryover_start", ("document",), _r(r"^年初结转和结余$"), kinds=F),
    TextRule("income.fiscal", ("document",), _r(r"^财政拨款收入$"), kinds=F),
    # the fiscal income by fund: "一般公共预算财政拨款收入…，政府性基金预算财政拨款收入…"
    TextRule("income.gpb", ("document",), _r(r"^一般公共预算(?:财政)?拨款收入$"), kinds=F),
    TextRule("income.gf", ("document",), _r(r"^政府性基金预算(?:财政)?拨款收入$"), kinds=F),
    TextRule("income.soe", ("document",), _r(r"^国有资本经营预算(?:财政)?拨款收入$"), kinds=F),
    TextRule("income.other", ("document",), _r(r"^其他收入$"), kinds=F),
    TextRule("expense.total", ("document",), _r(r"^支出总计$"), kinds=F),
    TextRule("expense.current", ("document",), _r(r"^本年支出(?:合计)?$"), kinds=F),
    TextRule("expense.carryover_end", ("document",), _r(r"^年末结转和结余$"), kinds=F),
    TextRule("expense.basic", ("document",), _r(r"^基本支出$"), kinds=F),
    TextRule("expense.project", ("document",), _r(r"^项目支出$"), kinds=F),
    TextRule("income.superior_subsidy", ("document",), _r(r"^上级补助收入$"), kinds=F),
    TextRule("income.business", ("document",), _r(r"^事业收入$"), kinds=F),
    TextRule("income.operating", ("document",), _r(r"^经营收入$"), kinds=F),
    TextRule("income.affiliated", ("document",), _r(r"^附属单位上缴收入$"), kinds=F),
    TextRule("expense.balance_distribution", ("document",), _r(r"^结余分配$"), kinds=F),
    TextRule("expense.remit_superior", ("document",), _r(r"^上缴上级支出$"), kinds=F),
    TextRule("expense.operating", ("document",), _r(r"^经营支出$"), kinds=F),
    TextRule("expense.subsidy_affiliated", ("document",), _r(r"^对附属单位补助支出$"), kinds=F),
    TextRule("fiscal.total", ("fiscal",), _r(r"^财政拨款收(?:入)?(?:支(?:出)?)?总计$"), kinds=F),
    TextRule("gpb.expense", ("gpb",), _r(r"^一般公共预算财政拨款支出$"), kinds=F),
    TextRule("gpb.initial_budget", ("gpb",), _r(r"^一般公共预算财政拨款支出$"), field="budget", kinds=F),
    TextRule("gpb.basic", ("gpb.basic",), _r(r"^一般公共预算财政拨款基本支出$"), kinds=F),
    TextRule("gpb.basic.personnel", ("gpb.basic",), _r(r"^人员经费$"), kinds=F),
    TextRule("gpb.basic.public", ("gpb.basic",), _r(r"^公用经费$"), kinds=F),
    # budget
    TextRule("budget.total", ("document",), _r(r"^(?:部门|单位)?收支(?:总)?预算(?:总额|总计)?$"), kinds=B),
    TextRule("budget.total", ("fiscal", "document"), _r(r"^(?:部门|单位)?(?:收入预算|支出预算)(?:总额|合计)?$"), kinds=B),
    # "财政拨款收支总预算", "财政拨款收入预算"
    TextRule("budget.fiscal", ("fiscal", "document"), _r(r"^财政拨款收支(?:总)?预算(?:总额)?$|^财政拨款(?:收入|支出)预算(?:总额)?$"), kinds=B),
    TextRule("budget.gpb", ("document",), _r(r"^一般公共预算$"), kinds=B),
    # "一般公共预算拨款收入", "一般公共预算当年拨款", "一般公共预算财政拨款"
    TextRule("budget.gpb", ("gpb", "fiscal", "document"), _r(r"^一般公共预算(?:当年)?(?:财政)?拨款(?:收入)?(?:合计)?$"), kinds=B),
    TextRule("budget.basic", ("document", "gpb"), _r(r"^基本支出$"), kinds=B),
    TextRule("budget.project", ("document", "gpb"), _r(r"^项目支出$"), kinds=B),
    # 一般公共预算基本支出 (table 6's total) is the department's 基本支出 (table 3's) only when it has no
    # other funds: a quantity of its own
    TextRule("budget.gpb.basic", ("gpb.basic",), _r(r"^一般公共预算(?:财政拨款)?基本支出$"), kinds=B),
    TextRule("budget.basic.personnel", ("gpb.basic",), _r(r"^人员经费$"), kinds=B),
    TextRule("budget.basic.public", ("gpb.basic",), _r(r"^公用经费$"), kinds=B),
    # 三公: the document's own year; a final account's 全年预算数 under sangong.budget.*
    *[TextRule(f"sangong.{k}", ("sangong",), _r(p)) for k, p in _SANGONG],
    *[TextRule(f"sangong.budget.{k}", ("sangong",), _r(p), field="budget", kinds=F) for k, p in _SANGONG],
    *[TextRule(f"sangong.{k}", ("sangong",), _r(p), field="budget", kinds=B) for k, p in _SANGONG],
    TextRule("sangong.vehicles_held", ("sangong",), _r(r"公务用车保有量$"), field="count"),
    TextRule("sangong.vehicles_purchased", ("sangong",), _r(r"公务用车购置(?:数(?:量)?)?$"), field="count", units=("辆",)),
    TextRule("sangong.reception_batches", ("sangong",), _r(r"(?:国内)?公务接待(?:批次|批数)?$"), field="count", units=_BATCH),
    TextRule("sangong.reception_people", ("sangong",), _r(r"(?:国内)?公务接待(?:批次|批数|人数|人次)?$"), field="count", units=_PEOPLE),
    TextRule("sangong.overseas_groups", ("sangong",), _r(r"因公出国[(（]境[)）](?:团组(?:数)?|批次)$"), field="count", units=_BATCH),
    TextRule("sangong.overseas_people", ("sangong",), _r(r"因公出国[(（]境[)）](?:团组(?:数)?|批次|人数|人次)?$"), field="count", units=_PEOPLE),
    # "完成预算的98.20%", "预算执行率为90.00%": the rate printed beside a 预决算 comparison
    TextRule("gpb.execution_rate", ("gpb",), _r(r"^一般公共预算财政拨款支出$"), field="completion_rate", kinds=F),
    TextRule("sangong.execution_rate", ("sangong",), _r(_SANGONG[0][1]), field="completion_rate", kinds=F),
    # "“三公”经费及会议费、培训费支出合计…": the three together, never the 三公 total
    TextRule("sangong_meeting_training.total", ("sangong", "admin_cost", "document"), _SG_MT),
    TextRule("sangong_meeting_training.budget", ("sangong", "admin_cost", "document"), _SG_MT, field="budget", kinds=F),
    TextRule("sangong_meeting_training.total", ("sangong", "admin_cost", "document"), _SG_MT, field="budget", kinds=B),
    # 会议费 and 培训费, disclosed beside 三公 (and in its table in several regions)
    TextRule("meeting.total", ("sangong", "admin_cost", "document"), _r(rf"^会议费{_SG_TAIL}$")),
    TextRule("meeting.budget", ("sangong", "admin_cost", "document"), _r(rf"^会议费{_SG_TAIL}$"), field="budget", kinds=F),
    TextRule("meeting.total", ("sangong", "admin_cost", "document"), _r(rf"^会议费{_SG_TAIL}$"), field="budget", kinds=B),
    TextRule("training.total", ("sangong", "admin_cost", "document"), _r(rf"^培训费{_SG_TAIL}$")),
    TextRule("training.budget", ("sangong", "admin_cost", "document"), _r(rf"^培训费{_SG_TAIL}$"), field="budget", kinds=F),
    TextRule("training.total", ("sangong", "admin_cost", "document"), _r(rf"^培训费{_SG_TAIL}$"), field="budget", kinds=B),
    # 机关运行经费: the document's own year (actual in a final account, budget in a budget)
    TextRule("admin_cost.total", ("admin_cost",), _r(rf"^(?:行政参公单位)?机关运行经费{_SG_TAIL}$")),
    TextRule("admin_cost.budget", ("admin_cost",), _r(rf"^(?:行政参公单位)?机关运行经费{_SG_TAIL}$"), field="budget", kinds=F),
    TextRule("admin_cost.total", ("admin_cost",), _r(rf"^(?:行政参公单位)?机关运行经费{_SG_TAIL}$"), field="budget", kinds=B),
    # 预算绩效 summary: "预算绩效评价项目5个，全年预算数221.15万元，全年执行数221.15万元"
    TextRule("performance.project_count", ("performance",), _r(r"(?:绩效评价|绩效自评|评价)项目(?:数)?$"), field="count"),
    # "组织对12个项目支出开展绩效自评，共涉及资金863.40万元"
    TextRule("performance.project_count", ("performance",), _r(r"^项目(?:支出)?(?:开展|进行)?(?:了)?绩效自评$"), field="count"),
    TextRule("performance.unit_self_score", ("performance",), _UNIT_SCORE, field="count", units=("分",)),
    TextRule("performance.evaluated_funds", ("performance",), _r(r"^涉及(?:项目)?(?:资金|金额)(?:总额)?$")),
    TextRule("performance.project_annual_budget", ("performance",), _r(r"(?:绩效评价|绩效自评|评价)项目(?:数)?$"), field="budget"),
    # The summary over the evaluated projects counts them ("…项目5个，全年预算数…"); "X项目绩效自评
    # 综述：全年预算数…" is one project's own figure, a quantity of its own.
    TextRule("performance.project_annual_budget", ("performance",), _r(r"^全年预算数$"), only_in=_PROJECTS_COUNTED),
    TextRule("performance.project_executed", ("performance",), _r(r"^全年执行数$"), only_in=_PROJECTS_COUNTED),
    # 政府采购
    # "政府采购支出总额", "政府采购金额（以合同签订为准）"
    TextRule("procurement.total", ("procurement",), _r(r"^政府采购(?:支出总额|支出|预算|预算总额|合同总额|(?:合同)?金额(?:[(（][^)）]*[)）])?)$")),
    # "政府采购货物支出", "货物类采购", "货物采购预算"
    TextRule("procurement.goods", ("procurement",), _r(r"^(?:政府采购)?货物类?(?:采购)?(?:支出|金额|预算)?$")),
    TextRule("procurement.works", ("procurement",), _r(r"^(?:政府采购)?工程类?(?:采购)?(?:支出|金额|预算)?$")),
    TextRule("procurement.services", ("procurement",), _r(r"^(?:政府采购)?服务类?(?:采购)?(?:支出|金额|预算)?$")),
    # A budget's SME figure is the amount set aside ("面向中小企业预留…预算金额"); a final account's is
    # the amount awarded ("授予中小企业合同金额"), and what it set aside is a fact of its own.
    TextRule("procurement.sme", ("procurement",), _r(r"中小企业"), kinds=B),
    TextRule("procurement.small_micro", ("procurement",), _r(r"小微企业"), kinds=B),
    TextRule("procurement.sme", ("procurement",), _r(r"^(?!.*预留).*中小企业"), kinds=F),
    TextRule("procurement.small_micro", ("procurement",), _r(r"^(?!.*预留).*小微企业"), kinds=F),
    TextRule("procurement.sme_reserved", ("procurement",), _r(r"中小企业预留|预留.*中小企业")),
    TextRule("procurement.small_micro_reserved", ("procurement",), _r(r"小微企业预留|预留.*小微企业")),
    # 国有资产
    TextRule("assets.vehicles", ("assets",), _VEHICLES, field="count"),
    TextRule("assets.building_area", ("assets",), _r(r"^(?:办公)?房屋(?:建筑)?(?:面积)?$"), field="count", units=("平方米",)),
    # "单位价值50万元以上通用设备2台（套），单位价值100万元以上专用设备1台（套）"
    TextRule("assets.general_equipment_50", ("assets",), _r(rf"^{_HELD}.*(?:单价|单位价值)50万元.*通用设备$"), field="count", not_in=_r(r"(?:安排|计划|拟)购置")),
    TextRule("assets.special_equipment_100", ("assets",), _r(rf"^{_HELD}.*(?:单价|单位价值)100万元.*专用设备$"), field="count", not_in=_r(r"(?:安排|计划|拟)购置")),
    # Held equipment, not the purchases a budget plans ("安排购置…大型设备0台", "预算安排中，购置
    # 单位价值100万元以上的设备21台（套）") or a year's purchases ("当年购置…设备5台").
    TextRule(
        "assets.large_equipment",
        ("assets",),
        _r(rf"^{_HELD}.*(?:单价|单位价值)100万元.*(?:设备|大型设备)"),
        field="count",
        not_in=_r(r"(?:安排|计划|拟)购置"),
    ),
]


def _subject_key(subject: str) -> str:
    return re.sub(r"[“”\"'‘’「」]", "", subject)


def _walk(statements: list[Statement]) -> Iterator[Statement]:
    for st in statements:
        yield st
        yield from _walk(st.parts)


def _admin_cost_parts(statements: list[Statement]) -> set[int]:
    """The statements listed as parts of a 机关运行经费 figure (其中办公费…，会议费7.61万元，培训费…):
    items of the admin cost, not the department's own 会议费 or 培训费 totals."""
    out: set[int] = set()
    for st in _walk(statements):
        if st.scope == "admin_cost" and "机关运行经费" in _subject_key(st.subject):
            out.update(id(p) for p in _walk(st.parts))
    return out


@functools.cache
def _text_rules_by_scope() -> dict[str, tuple[TextRule, ...]]:
    """The text rules of each scope, in their order (a statement is tried only against its scope's)."""
    scopes = {scope for rule in TEXT_RULES for scope in rule.scopes}
    return {scope: tuple(rule for rule in TEXT_RULES if scope in rule.scopes) for scope in scopes}


def _text_rules_of(scope: str) -> tuple[TextRule, ...]:
    return _text_rules_by_scope().get(scope, ())


def _text_occurrences(doc: Disclosure) -> Iterator[FactOccurrence]:
    kind = doc.kind
    previous: Statement | None = None
    admin_parts = _admin_cost_parts(doc.statements)
    for st in _walk(doc.statements):
        subject = _subject_key(st.subject)
        for rule in _text_rules_of(st.scope):
            if kind not in rule.kinds or not rule.subject.search(subject):
                continue
            if id(st) in admin_parts and not rule.key.startswith("admin_cost."):
                continue  # an item of the 机关运行经费 breakdown
            if rule.not_in is not None and rule.not_in.search(st.evidence):
                continue
            if rule.only_in is not None and not rule.only_in.search(st.evidence):
                continue
            if rule.units and st.count_unit not in rule.units:
                continue
            value = getattr(st, rule.field)
            if value is None or (rule.field == "amount" and st.amount_from is not None):
                continue  # an amount taken from another sentence is not a second occurrence
            st.key = st.key or rule.key
            unit = st.unit if rule.field == "count" else "%" if rule.field == "completion_rate" else "万元"
            yield FactOccurrence(rule.key, value, st.location, st.evidence, "text", st.scope, unit)
        # "车辆1辆，价值28.96万元": the value right after the vehicle count
        if (
            st.scope == "assets"
            and subject == "价值"
            and st.amount is not None
            and previous is not None
            and _VEHICLES.search(_subject_key(previous.subject)) is not None
        ):
            yield FactOccurrence("assets.vehicles_value", st.amount, st.location, st.evidence, "text", st.scope)
        # "一般公共服务支出（类）500.80万元": the class totals of a budget
        code = _class_code(subject)
        if code and kind is Kind.BUDGET and st.amount is not None and st.scope in ("gpb", "fiscal"):
            yield FactOccurrence(f"budget.function.{code}", st.amount, st.location, st.evidence, "text", st.scope)
        previous = st


def _class_code(subject: str) -> str | None:
    name = re.sub(r"[(（]类[)）]$", "", subject)
    if "（款）" in name or "(款)" in name or "(项)" in name or "（项）" in name:
        return None
    return FUNCTION_CLASSES.get(name)


@dataclass(frozen=True, slots=True)
class TableRule:
    key: str
    table: str
    row: LazyPattern
    column: str
    side: str | None = None  # two-sided tables: "总计" on the income or the expense side
    # a 三公 table printed across (the items as columns): read only when its 合计 row adds up
    across: bool = False


# In table 10 the 三公 total is the 合计 row; its other rows carry the component names.
_T_SANGONG = [("total", r"^(?:合计|总计)$"), *[(k, p) for k, p in _SANGONG if k != "total"]]

_ACROSS_ROW = _r(r"^(?:合计|总计)?$|^(?:20\d{2}年)?(?:本年|年初)?预算(?:数)?$")

TABLE_RULES: list[TableRule] = [
    TableRule("budget.total", "B01", _r(r"^(?:收入总计|收入合计)$"), "amount"),
    TableRule("budget.total", "B03", _r(r"^(?:总计|合计)$"), "total"),
    TableRule("budget.expense.current", "B01", _r(r"^本年支出合计$"), "amount", side="expense"),
    TableRule("budget.basic", "B03", _r(r"^(?:总计|合计)$"), "basic"),
    TableRule("budget.project", "B03", _r(r"^(?:总计|合计)$"), "project"),
    TableRule("budget.gpb", "B05", _r(r"^(?:总计|合计)$"), "total"),
    TableRule("budget.fiscal", "B04", _r(r"^(?:收入总计|收入合计)$"), "amount"),
    TableRule("budget.fiscal", "B04", _r(r"^(?:总计|合计)$"), "amount", side="income"),
    TableRule("budget.fiscal", "B04", _r(r"^(?:支出总计|支出合计)$"), "total"),
    TableRule("budget.gpb.basic", "B06", _r(r"^(?:总计|合计)$"), "total"),
    TableRule("budget.basic.personnel", "B06", _r(r"^(?:总计|合计)$"), "personnel"),
    TableRule("budget.basic.public", "B06", _r(r"^(?:总计|合计)$"), "public"),
    # Table 7 lists the 一般公共预算 projects only: its total is the general budget's 项目支出 (B05),
    # which equals the whole 项目支出 (B03) only where no other fund pays for projects.
    TableRule("budget.gpb.project", "B05", _r(r"^(?:总计|合计)$"), "project"),
    TableRule("budget.gpb.project", "B07", _r(r"^(?:总计|合计)$"), "total"),
    # Table 10 printed across (the items as columns): the department's row (合计, or the one row
    # of figures, unnamed or named by its phase) gives the 三公 小计 and items. Its 合计 column may
    # add 会议费 and 培训费 too: the 三公 figure is the 小计 under the 三公 group (``_sangong_of``).
    *[TableRule(f"sangong.{k}", "B10", _ACROSS_ROW, "sangong" if k == "total" else k, across=True)
      for k, _ in _SANGONG],
    *[TableRule(f"{k}.total", "B10", _ACROSS_ROW, k, across=True) for k in ("meeting", "training")],
    *[TableRule(f"sangong.{k}", "B10", _r(p), "total") for k, p in _T_SANGONG],
    # final-account tables
    TableRule("income.total", "F01", _r(r"^收入总计$"), "amount"),
    TableRule("income.total", "F01", _r(r"^总计$"), "amount", side="income"),
    TableRule("expense.total", "F01", _r(r"^总计$"), "amount", side="expense"),
    TableRule("fiscal.total", "F04", _r(r"^(?:收入)?总计$"), "amount", side="income"),
    # Table 三公 of a final account: one data row of 预算数/决算数 pairs.
    *[TableRule(f"sangong.{k}", "F09", _r(r""), f"actual_{k}") for k, _ in _SANGONG],
    *[TableRule(f"sangong.budget.{k}", "F09", _r(r""), f"budget_{k}") for k, _ in _SANGONG],
    # ... or printed down (the items as rows, 预算数 / 决算数 as columns): each item's row
    *[TableRule(f"sangong.{k}", "F09", _r(p), "actual_total") for k, p in _SANGONG if k != "total"],
    *[TableRule(f"sangong.budget.{k}", "F09", _r(p), "budget_total") for k, p in _SANGONG if k != "total"],
    TableRule("income.current", "F01", _r(r"^本年收入合计$"), "amount"),
    TableRule("income.fiscal", "F01", _r(r"^(?:一、)?财政拨款收入$"), "amount"),
    TableRule("income.nonfiscal_balance_used", "F01", _r(r"^使用非财政拨款结余"), "amount"),
    TableRule("income.carryover_start", "F01", _r(r"^年初结转和结余$"), "amount"),
    TableRule("expense.total", "F01", _r(r"^支出总计$"), "amount"),
    TableRule("expense.current", "F01", _r(r"^本年支出合计$"), "amount"),
    TableRule("expense.carryover_end", "F01", _r(r"^年末结转和结余$"), "amount"),
    TableRule("expense.balance_distribution", "F01", _r(r"^结余分配$"), "amount"),
    TableRule("expense.basic", "F03", _r(r"^(?:合计|总计)$"), "basic"),
    TableRule("expense.project", "F03", _r(r"^(?:合计|总计)$"), "project"),
    TableRule("gpb.expense", "F05", _r(r"^(?:合计|总计)$"), "total"),
    TableRule("gpb.basic", "F05", _r(r"^(?:合计|总计)$"), "basic"),
]


_CENT = Decimal("0.02")  # the rounding of a few printed figures in 万元


def _sangong_of(row: TableRow) -> Decimal | None:
    """The 三公 figure of a row printed across: the 小计 under the 三公 group, else the 合计 of a
    table printing no 会议费 or 培训费 beside the items (that 合计 is the 三公 alone)."""
    v = row.values
    if v.get("sangong") is not None:
        return v["sangong"]
    return v.get("total") if v.get("meeting") is None and v.get("training") is None else None


def _adds_up_across(row: TableRow) -> bool:
    """The 合计 row of a 三公 table printed across, as read, is the 三公 小计 of its items
    (出国 + 车辆 + 接待) and the vehicle figure of its parts where they are printed: the columns
    were placed right. A header read otherwise (its words stacked one character a line) is not
    relied on."""
    v = row.values
    parts = [v.get("overseas"), v.get("vehicle"), v.get("reception")]
    total = _sangong_of(row)
    if total is None or any(x is None for x in parts) or abs(total - sum(x for x in parts if x is not None)) > _CENT:
        return False
    purchase, operation, vehicle = v.get("vehicle_purchase"), v.get("vehicle_operation"), v.get("vehicle")
    return purchase is None or operation is None or vehicle is None or abs(vehicle - purchase - operation) <= _CENT


def spends_less_than_total(doc: Disclosure) -> bool:
    """The summary table (B01) prints, on its expense side, money beyond the year's spending
    (结转下年, 未安排支出的资金): its 本年支出合计 differs from its 支出总计. The 支出总表 (B03) then
    adds up to 本年支出合计, not to the budget's total."""
    b01 = doc.table("B01")
    if b01 is None:
        return False
    by_name = {re.sub(r"\s+", "", r.name): r.values.get("amount") for r in b01.rows if r.side == "expense"}
    current, total = by_name.get("本年支出合计"), by_name.get("支出总计")
    return current is not None and total is not None and current != total


def _table_occurrences(doc: Disclosure) -> Iterator[FactOccurrence]:
    b03_is_current = spends_less_than_total(doc)
    for table in doc.tables:
        for rule in TABLE_RULES:
            if table.id != rule.table:
                continue
            if b03_is_current and rule.table == "B03" and rule.key == "budget.total":
                rule = dataclasses.replace(rule, key="budget.expense.current")
            for row in table.rows:
                name = _subject_key(re.sub(r"\s+", "", row.name))
                name = re.sub(r"^[一二三四五六七八九十]+、|^\d+[.、]|^[（(]\d+[）)]|^其中[：:]", "", name)
                if not rule.row.search(name) or (rule.side is not None and row.side != rule.side):
                    continue
                across_total = rule.across and rule.column == "sangong"
                value = _sangong_of(row) if across_total else row.values.get(rule.column)
                if value is None or (rule.across and not _adds_up_across(row)):
                    continue
                evidence = f"{table.title} / {row.name} / {rule.column}"
                loc = row.cells.get(rule.column) or (row.cells.get("total") if across_total else None) or row.location
                yield FactOccurrence(rule.key, value, loc, evidence, "table", "table")
                break
        if table.id in ("B01", "B04"):
            for row in table.rows:
                if row.side == "expense" and row.code and len(row.code) == 3 and table.id == "B01":
                    value = row.values.get("amount")
                    if value is not None:
                        yield FactOccurrence(f"budget.function.{row.code}", value, row.location, f"{table.title} / {row.name}", "table", "table")


def _profile_occurrences(doc: Disclosure) -> Iterator[FactOccurrence]:
    staff = doc.unit.staff
    loc = staff.location
    if loc is not None:
        for key, value in (
            ("staff.authorized", staff.authorized),
            ("staff.actual", staff.actual),
            ("staff.in_service", staff.in_service),
            ("staff.retired", staff.retired),
            ("staff.retired_cadre", staff.retired_cadre),
        ):
            if value is not None:
                yield FactOccurrence(key, Decimal(value), loc, staff.evidence, "text", "profile", "人")
    where = doc.unit.structure_location or loc or _nowhere(doc)
    evidence = doc.unit.structure_evidence
    if doc.unit.department_count is not None:
        yield FactOccurrence("unit.departments", Decimal(doc.unit.department_count), where, evidence, "text", "profile", "个")
    if doc.unit.sub_unit_count is not None:
        yield FactOccurrence("unit.sub_units", Decimal(doc.unit.sub_unit_count), where, evidence, "text", "profile", "个")


def _nowhere(doc: Disclosure) -> Location:
    return Location(file=doc.source_path)


def resolve_facts(doc: Disclosure, segments: list[Segment]) -> dict[str, Decimal]:
    occurrences = [*_table_occurrences(doc), *_text_occurrences(doc), *_profile_occurrences(doc)]
    doc.fact_occurrences = occurrences
    facts: dict[str, Decimal] = {}
    for occ in occurrences:  # tables first, then text in document order
        facts.setdefault(occ.key, occ.value)
    doc.facts = facts
    return facts
