"""Declarations of the standard tables: budget B01–B11 and final account F01–F09.

Each :class:`TableSpec` states how a table is identified (title keywords, with 部门/单位 and
预算/决算 variants handled by matching on the distinctive part of the title), its value columns
in template order with the header texts that name them, which rows carry classification codes,
whether it is two-sided (收入 | 支出 side by side), the row identities that hold in every row,
and the preference used when the placement of numbers in a PDF-text row stays ambiguous.

Column keys are a contract (tests/expected/SCHEMA.md, docs/tables.md); never rename them.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from budgetlens.recognize.lazy_pattern import lazy


@dataclass(frozen=True, slots=True)
class ColumnSpec:
    """A value column. ``aliases`` are header texts (compacted, ASCII parentheses) naming the
    column's own cell; ``context``/``exclude`` are words that must / must not appear in the
    column's header path (its own cell plus the merged group cells above it)."""

    key: str
    aliases: tuple[str, ...]
    context: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TableSpec:
    id: str
    kind: str  # "budget" | "final"
    name: str  # canonical title without the 部门/单位 prefix
    title_keys: tuple[tuple[str, ...], ...]  # any group whose words all occur in the title
    title_not: tuple[str, ...] = ()
    columns: tuple[ColumnSpec, ...] = ()
    income_columns: tuple[ColumnSpec, ...] = ()  # two-sided tables: the income side
    code_kind: str | None = "function"  # "function" | "economic" | None
    two_sided: bool = False
    has_project: bool = False  # a 项目名称 column (budget table 7)
    identities: tuple[tuple[str, tuple[str, ...]], ...] = ()  # lhs = Σ rhs in every row
    prefer: tuple[str, ...] = ()  # value columns tried first when a placement stays ambiguous
    header_keys: tuple[str, ...] = ()  # header words that identify the table without a title
    # Value columns that, when the header names them, are the table's only value columns: the
    # block layout of final table 6 (科目编码 科目名称 决算数 per 人员经费/公用经费 block) names
    # 人员经费/公用经费 as block titles, not as columns.
    alone: tuple[str, ...] = ()
    # Columns some templates print besides the standard ones (``columns``, the set every writer
    # prints): matched when a header names them, in ``order`` (template order of all columns).
    variant_columns: tuple[ColumnSpec, ...] = ()
    order: tuple[str, ...] = ()
    # Another printed order of the value columns (PDF text places numbers in header order):
    # used when the header text names ``order_marker`` before any alias of the first column.
    alt_order: tuple[str, ...] = ()
    order_marker: str = ""

    @property
    def keys(self) -> list[str]:
        return [c.key for c in self.columns]

    @property
    def read_columns(self) -> tuple[ColumnSpec, ...]:
        """Standard and variant columns, in template order: what a header is matched against."""
        cols = self.columns + self.variant_columns
        if not self.order:
            return cols
        return tuple(sorted(cols, key=lambda c: self.order.index(c.key) if c.key in self.order else len(self.order)))


def _c(key: str, *aliases: str, context: tuple[str, ...] = (), exclude: tuple[str, ...] = ()) -> ColumnSpec:
    return ColumnSpec(key, tuple(aliases), context, exclude)


_AMOUNT = _c("amount", "预算数", "决算数", "金额", "合计", "本年预算数", "预算金额")

_TBE = ("total", ("basic", "project"))

# The items of the 三公 final table: (key part, words naming the item, words its header path must
# print, words excluding it). A context word ``a|b`` asks for either. The total is the 合计, or the
# 小计 printed straight under the “三公” group (not the vehicle's 小计).
_SANGONG_ITEMS: tuple[tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]], ...] = (
    ("total", ("合计", "小计"), ("合计|三公",), ("因公", "接待", "会议", "培训", "车", "运行", "购置")),
    ("overseas", ("因公出国",), ("因公出国",), ()),
    ("vehicle", ("小计",), ("小计",), ()),
    ("vehicle_purchase", ("购置费",), ("购置费",), ("小计",)),
    ("vehicle_operation", ("运行",), ("运行",), ("小计", "购置费")),
    ("reception", ("公务接待",), ("公务接待",), ()),
    ("meeting", ("会议费",), ("会议费",), ()),
    ("training", ("培训费",), ("培训费",), ()),
)


def _sangong_columns(
    items: tuple[tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]], ...],
    phases: tuple[tuple[str, str], ...] = (("budget", "预算数"), ("actual", "决算数")),
) -> tuple[ColumnSpec, ...]:
    """预算数 and 决算数 columns of each item: named by the phase word under the item, or by the
    item under the phase word; a 决算数 column also by the item alone. The 预算数 is the 全年预算数;
    a template printing the 年初预算数 beside it has an ``initial`` column per item."""
    exclude = {"budget": ("决算数", "年初"), "initial": ("决算数", "全年"), "actual": ("预算数",)}
    return tuple(
        _c(f"{phase}_{item}", label, *words,
           context=ctx + ((label,) if phase != "actual" else ()),
           exclude=exc + exclude[phase])
        for item, words, ctx, exc in items
        for phase, label in phases
    )

SPECS: tuple[TableSpec, ...] = (
    # ---------------------------------------------------------------- budget tables
    TableSpec(
        "B01", "budget", "收支总体情况表",
        title_keys=(("收支总体情况表",), ("收支总表",), ("收支预算总表",), ("收支总体情况",)),
        # a 政府性基金收支表 is the income and expense of one fund, not the department's
        title_not=("财政拨款", "决算", "一般公共预算", "政府性基金", "国有资本经营"),
        columns=(_AMOUNT,), income_columns=(_AMOUNT,), two_sided=True,
    ),
    TableSpec(
        "B02", "budget", "收入总体情况表",
        title_keys=(("收入总体情况表",), ("收入预算总表",), ("收入总表",), ("收入预算表",), ("收入预算情况表",)),
        title_not=("决算", "收支"),
        columns=(
            _c("total", "总计", "合计", exclude=("财政拨款", "小计")),
            _c("fiscal_subtotal", "财政拨款(补助)小计", "财政拨款小计", "小计", "财政拨款合计"),
            _c("gpb", "一般公共预算", "一般公共预算拨款", exclude=("上级", "转移")),
            _c("gpb_transfer", "上级一般公共预算安排的转移支付", "上级一般公共预算安排转移支付",
               "一般公共预算安排的转移支付"),
            _c("gf", "政府性基金预算", "政府性基金", exclude=("上级", "转移")),
            _c("gf_transfer", "上级政府性基金安排的转移支付", "上级政府性基金安排转移支付",
               "上级政府性基金预算安排的转移支付"),
            _c("soe", "国有资本经营预算", "国有资本经营", exclude=("上级", "转移")),
            _c("soe_transfer", "上级国有资本经营预算安排的转移支付", "上级国有资本经营预算安排转移支付"),
            _c("special_account", "财政专户(教育收费)", "财政专户管理资金", "财政专户核拨", "财政专户"),
            _c("unit_funds", "单位资金"),
            _c("fiscal_carryover", "财政拨款结转", "财政拨款结转结余", exclude=("非财政",)),
            _c("nonfiscal_carryover", "非财政拨款结转结余", "非财政拨款结转", "非财政拨款结余"),
        ),
        # older templates break 单位资金 down by source (事业收入, 经营收入, 其他收入)
        variant_columns=(
            _c("business", "事业收入"),
            _c("operating", "经营收入"),
            _c("superior_subsidy", "上级补助收入"),
            _c("affiliated", "附属单位上缴收入"),
            _c("other", "其他收入"),
            # one 上年结转 column, not split into 财政拨款 and 非财政拨款 carryover
            _c("carryover", "上年结转结余", "上年结转", "上年结余", exclude=("财政",)),
        ),
        identities=(
            ("total", ("fiscal_subtotal", "special_account", "unit_funds", "fiscal_carryover", "nonfiscal_carryover")),
            ("total", ("fiscal_subtotal", "special_account", "business", "operating", "superior_subsidy", "affiliated",
                       "other", "carryover")),
            ("fiscal_subtotal", ("gpb", "gpb_transfer", "gf", "gf_transfer", "soe", "soe_transfer")),
        ),
        prefer=("gpb",),
    ),
    TableSpec(
        "B03", "budget", "支出总体情况表",
        title_keys=(("支出总体情况表",), ("支出预算总表",), ("支出总表",), ("支出预算表",), ("支出预算情况表",),
                    ("支出功能分类",)),
        title_not=("决算", "收支", "一般公共", "基金", "国有资本", "三公", "项目支出", "基本支出", "财政拨款", "经济分类",
                   "经济科目"),
        columns=(
            _c("total", "合计", "总计"),
            _c("basic", "基本支出"),
            _c("project", "项目支出"),
        ),
        identities=(_TBE,),
        prefer=("basic",),
    ),
    TableSpec(
        "B04", "budget", "财政拨款收支预算总体情况表",
        title_keys=(("财政拨款收支",),),
        title_not=("决算",),
        columns=(
            _c("total", "合计", "小计", "总计"),
            _c("gpb", "一般公共预算", exclude=("上级",)),
            _c("gf", "政府性基金预算", "政府性基金"),
            _c("soe", "国有资本经营预算", "国有资本经营"),
        ),
        income_columns=(_AMOUNT,), two_sided=True,
        identities=(("total", ("gpb", "gf", "soe")),),
        prefer=("gpb",),
    ),
    TableSpec(
        "B05", "budget", "一般公共预算支出情况表",
        title_keys=(("一般公共预算支出",), ("一般公共预算", "支出")),
        # by 功能分类: a table by 经济分类 is another table
        title_not=("基本支出", "项目支出", "决算", "三公", "收入", "收支", "经济分类", "经济科目"),
        columns=(_c("total", "合计", "总计"), _c("basic", "基本支出"), _c("project", "项目支出", "专项业务经费支出", "专项业务经费")),
        # 基本支出 printed as its 人员经费 and 公用经费 (beside 专项业务经费)
        variant_columns=(_c("personnel", "人员经费"), _c("public", "公用经费")),
        order=("total", "basic", "personnel", "public", "project"),
        identities=(_TBE, ("total", ("personnel", "public", "project")), ("basic", ("personnel", "public"))),
        prefer=("basic",),
    ),
    TableSpec(
        "B06", "budget", "一般公共预算基本支出情况表",
        title_keys=(("一般公共预算基本支出",), ("一般公共预算", "基本支出"), ("基本支出经济分类",)),
        # by 经济分类: a table by 功能分类 is another table
        title_not=("决算", "项目支出", "功能分类", "功能科目"),
        columns=(_c("total", "合计", "总计"), _c("personnel", "人员经费"), _c("public", "公用经费")),
        # a fourth amount column beside 人员经费 and 公用经费 (专项业务经费 / 项目支出)
        variant_columns=(_c("project", "专项业务经费支出", "专项业务经费", "项目支出"),),
        code_kind="economic",
        identities=(("total", ("personnel", "public", "project")),),
        prefer=("personnel",),
    ),
    TableSpec(
        "B07", "budget", "一般公共预算项目支出情况表",
        title_keys=(("一般公共预算项目支出",), ("一般公共预算", "项目支出"), ("项目支出",)),
        title_not=("决算", "绩效", "基本支出"),
        columns=(
            _c("total", "项目支出合计", "合计", "总计"),
            _c("wages", "工资福利支出", "工资福利"),
            _c("goods_services", "商品和服务支出", "商品服务支出"),
            _c("household", "对个人和家庭的补助"),
            _c("debt_interest", "债务利息及费用支出", "债务利息支出"),
            _c("capital_infra", "资本性支出(基本建设)"),
            _c("capital", "资本性支出", exclude=("基本建设",)),
            _c("enterprise_infra", "对企业补助(基本建设)"),
            _c("enterprise", "对企业补助", exclude=("基本建设",)),
            _c("social_security_fund", "对社会保障基金补助"),
            _c("other", "其他支出"),
        ),
        # project lists that break the amount down by funding source instead
        variant_columns=(
            _c("gpb", "一般公共预算", exclude=("上级", "转移")),
            _c("gf", "政府性基金预算", "政府性基金", exclude=("上级", "转移")),
            _c("soe", "国有资本经营预算", "国有资本经营", exclude=("上级", "转移")),
        ),
        has_project=True,
        identities=(("total", ("wages", "goods_services", "household", "debt_interest", "capital_infra",
                               "capital", "enterprise_infra", "enterprise", "social_security_fund", "other")),
                    ("total", ("gpb", "gf", "soe"))),
        # Project spending is overwhelmingly 商品和服务支出, then capital outlay: the genre's prior.
        prefer=("goods_services", "capital", "wages", "household"),
        header_keys=("项目名称",),
    ),
    TableSpec(
        "B08", "budget", "政府性基金预算支出情况表",
        title_keys=(("政府性基金预算支出",), ("政府性基金", "支出")), title_not=("决算", "财政拨款收入", "收支", "三公"),
        columns=(
            _c("total", "合计", "总计"),
            _c("basic_personnel", "人员经费"),
            _c("basic_public", "公用经费"),
            _c("project", "项目支出"),
        ),
        # the national template of 2019– prints 基本支出 as one column (合计 | 基本支出 | 项目支出)
        variant_columns=(_c("basic", "基本支出", exclude=("人员", "公用")),),
        order=("total", "basic", "basic_personnel", "basic_public", "project"),
        identities=(("total", ("basic_personnel", "basic_public", "project")), _TBE,
                    ("basic", ("basic_personnel", "basic_public"))),
        prefer=("project",),
    ),
    TableSpec(
        "B09", "budget", "国有资本经营预算支出情况表",
        title_keys=(("国有资本经营预算支出",), ("国有资本经营", "支出")), title_not=("决算", "财政拨款收入", "收支", "三公"),
        columns=(
            _c("total", "合计", "总计"),
            _c("basic_personnel", "人员经费"),
            _c("basic_public", "公用经费"),
            _c("project", "项目支出"),
        ),
        # the national template of 2019– prints 基本支出 as one column (合计 | 基本支出 | 项目支出)
        variant_columns=(_c("basic", "基本支出", exclude=("人员", "公用")),),
        order=("total", "basic", "basic_personnel", "basic_public", "project"),
        identities=(("total", ("basic_personnel", "basic_public", "project")), _TBE,
                    ("basic", ("basic_personnel", "basic_public"))),
        prefer=("project",),
    ),
    TableSpec(
        "B10", "budget", "财政拨款“三公”经费支出情况表",
        title_keys=(("三公", "支出情况"), ("三公", "预算"), ("三公",)), title_not=("决算",),
        columns=(
            _c("total", "合计", "总计", "小计", "预算数", "本年预算数", "预算金额"),
            _c("gpb", "一般公共预算安排数", "一般公共预算"),
            _c("gf", "政府性基金预算", "政府性基金"),
            _c("soe", "国有资本经营预算", "国有资本经营"),
        ),
        # Printed across (the items as columns, one row per unit), the 三公 part has its own 小计
        # under the 三公 group; a 合计 beside 会议费 and 培训费 columns adds those up as well.
        variant_columns=(
            _c("sangong", "小计", "合计", context=("三公",), exclude=("公务用车", "车辆", "会议", "培训")),
            _c("overseas", "因公出国(境)费", "因公出国(境)", "因公出国"),
            _c("vehicle", "公务用车购置及运行维护费", "公务用车购置及运行费", "小计", "合计",
               context=("公务用车",)),
            _c("vehicle_purchase", "公务用车购置费", "公务用车购置", "购置费", "购置", context=("公务用车",)),
            _c("vehicle_operation", "公务用车运行维护费", "公务用车运行费", "运行维护费", "运行费",
               context=("公务用车",)),
            _c("reception", "公务接待费", "公务接待"),
            _c("meeting", "会议费"),
            _c("training", "培训费"),
        ),
        code_kind=None,
        identities=(("total", ("gpb", "gf", "soe")),
                    ("sangong", ("overseas", "vehicle", "reception")),
                    ("vehicle", ("vehicle_purchase", "vehicle_operation"))),
        prefer=("gpb",),
    ),
    TableSpec(
        "B11", "budget", "上年结转结余情况明细表",
        title_keys=(("上年结转结余",), ("结转结余情况",)), title_not=("决算",),
        columns=(
            _c("total", "总计"),
            _c("fiscal_total", "合计", "小计", context=("财政拨款",), exclude=("非财政",)),
            _c("fiscal_basic_personnel", "人员经费", context=("财政拨款",), exclude=("非财政",)),
            _c("fiscal_basic_public", "公用经费", context=("财政拨款",), exclude=("非财政",)),
            _c("fiscal_project", "项目支出", context=("财政拨款",), exclude=("非财政",)),
            _c("nonfiscal_total", "合计", "小计", context=("非财政",)),
            _c("nonfiscal_basic_personnel", "人员经费", context=("非财政",)),
            _c("nonfiscal_basic_public", "公用经费", context=("非财政",)),
            _c("nonfiscal_project", "项目支出", context=("非财政",)),
        ),
        code_kind=None,
        identities=(
            ("total", ("fiscal_total", "nonfiscal_total")),
            ("fiscal_total", ("fiscal_basic_personnel", "fiscal_basic_public", "fiscal_project")),
            ("nonfiscal_total", ("nonfiscal_basic_personnel", "nonfiscal_basic_public", "nonfiscal_project")),
        ),
    ),
    # ---------------------------------------------------------------- final-account tables
    TableSpec(
        "F01", "final", "收入支出决算总表",
        title_keys=(("收入支出决算总表",), ("收支决算总表",), ("收入支出决算",), ("决算", "收支总表"), ("收支总表",)),
        title_not=("财政拨款", "一般公共预算", "政府性基金", "国有资本经营"),
        columns=(_AMOUNT,), income_columns=(_AMOUNT,), two_sided=True, code_kind=None,
    ),
    TableSpec(
        "F02", "final", "收入决算表",
        title_keys=(("收入决算表",), ("收入决算",), ("决算", "收入总表"), ("收入总表",)), title_not=("支出",),
        columns=(
            _c("total", "本年收入合计", "合计", "总计"),
            _c("fiscal", "财政拨款收入", "财政拨款", "小计", context=("财政拨款",)),
            _c("superior_subsidy", "上级补助收入"),
            _c("business", "事业收入"),
            _c("operating", "经营收入"),
            _c("affiliated", "附属单位上缴收入"),
            _c("other", "其他收入"),
        ),
        # 财政拨款收入 broken down by fund where a template prints it
        variant_columns=(
            _c("fiscal_gpb", "一般公共预算财政拨款", "一般公共预算", context=("财政拨款",)),
            _c("fiscal_gf", "政府性基金预算财政拨款", "政府性基金预算", "政府性基金", context=("财政拨款",)),
            _c("fiscal_soe", "国有资本经营预算财政拨款", "国有资本经营预算", "国有资本经营", context=("财政拨款",)),
        ),
        order=("total", "fiscal", "fiscal_gpb", "fiscal_gf", "fiscal_soe", "superior_subsidy", "business",
               "operating", "affiliated", "other"),
        identities=(("total", ("fiscal", "superior_subsidy", "business", "operating", "affiliated", "other")),
                    ("fiscal", ("fiscal_gpb", "fiscal_gf", "fiscal_soe"))),
        prefer=("fiscal",),
    ),
    TableSpec(
        "F03", "final", "支出决算表",
        title_keys=(("支出决算表",), ("支出决算",), ("决算", "支出总表"), ("支出总表",)),
        title_not=("收入", "一般公共", "三公", "基金", "国有资本", "财政拨款", "明细"),
        columns=(
            _c("total", "本年支出合计", "合计", "总计"),
            _c("basic", "基本支出", "小计", context=("基本支出",)),
            _c("project", "项目支出"),
            _c("superior_remit", "上缴上级支出"),
            _c("operating", "经营支出"),
            _c("affiliated_subsidy", "对附属单位补助支出"),
        ),
        # 基本支出 printed with its 小计 / 人员经费 / 公用经费
        variant_columns=(_c("personnel", "人员经费"), _c("public", "公用经费")),
        order=("total", "basic", "personnel", "public", "project", "superior_remit", "operating", "affiliated_subsidy"),
        identities=(("total", ("basic", "project", "superior_remit", "operating", "affiliated_subsidy")),
                    ("basic", ("personnel", "public"))),
        prefer=("basic",),
    ),
    TableSpec(
        "F04", "final", "财政拨款收入支出决算总表",
        title_keys=(("财政拨款收入支出决算总表",), ("财政拨款收支决算总表",), ("财政拨款收入支出决算",),
                    ("决算", "财政拨款收支总表"), ("财政拨款收支总表",)),
        title_not=("一般公共", "政府性基金", "国有资本"),
        columns=(
            _c("total", "合计", "小计"),
            _c("gpb", "一般公共预算财政拨款", "一般公共预算"),
            _c("gf", "政府性基金预算财政拨款", "政府性基金预算", "政府性基金"),
            _c("soe", "国有资本经营预算财政拨款", "国有资本经营预算", "国有资本经营"),
        ),
        income_columns=(_AMOUNT,), two_sided=True, code_kind=None,
        identities=(("total", ("gpb", "gf", "soe")),),
        prefer=("gpb",),
    ),
    TableSpec(
        "F05", "final", "一般公共预算财政拨款支出决算表",
        # some templates leave out 财政拨款 (一般公共预算支出决算表)
        title_keys=(("一般公共预算财政拨款支出决算",), ("一般公共预算财政拨款", "支出决算"), ("一般公共预算", "支出决算")),
        title_not=("基本支出", "项目支出", "三公"),
        columns=(_c("total", "合计", "本年支出合计", "总计", "小计", "决算数"),
                 _c("basic", "基本支出", "小计", context=("基本支出",)), _c("project", "项目支出")),
        # 一般公共预算财政拨款收入支出决算表 (2019 templates) adds the carry-overs and 本年收入;
        # other templates print the 年初预算数 and 全年预算数 beside the 决算数 (the table's total)
        variant_columns=(
            _c("carryover_start", "年初结转和结余", "年初结转结余"),
            _c("income", "本年收入"),
            _c("carryover_end", "年末结转和结余", "年末结转结余"),
            _c("initial_budget", "年初预算数", "年初预算"),
            _c("annual_budget", "全年预算数", "全年预算", "调整后预算数", "调整预算数"),
            # 基本支出 printed with its 小计 / 人员经费 / 公用经费
            _c("personnel", "人员经费"),
            _c("public", "公用经费"),
        ),
        order=("carryover_start", "income", "initial_budget", "annual_budget", "total", "basic", "personnel",
               "public", "project", "carryover_end"),
        identities=(_TBE, ("basic", ("personnel", "public"))),
        prefer=("basic",),
    ),
    TableSpec(
        "F06", "final", "一般公共预算财政拨款基本支出决算表",
        title_keys=(("一般公共预算财政拨款基本支出决算",), ("一般公共预算", "基本支出决算")),
        columns=(_c("amount", "决算数", "金额"),),
        # the column layout (经济分类 rows × 合计 / 人员经费 / 公用经费), as budget table 6
        variant_columns=(
            _c("total", "合计", "总计", "小计"),
            _c("personnel", "人员经费"),
            _c("public", "公用经费"),
        ),
        code_kind="economic",
        identities=(("total", ("personnel", "public")),),
        prefer=("personnel",),
        alone=("amount",),
    ),
    TableSpec(
        "F07", "final", "政府性基金预算财政拨款收入支出决算表",
        title_keys=(("政府性基金预算财政拨款",), ("政府性基金", "决算")),
        columns=(
            _c("carryover_start", "年初结转和结余", "年初结转结余"),
            _c("income", "本年收入"),
            _c("expense_total", "合计", "小计", context=("本年支出",)),
            _c("expense_basic", "基本支出"),
            _c("expense_project", "项目支出"),
            _c("carryover_end", "年末结转和结余", "年末结转结余"),
        ),
        identities=(("expense_total", ("expense_basic", "expense_project")),),
        # fund spending is project spending nearly always (as budget tables 8 and 9)
        prefer=("expense_project",),
    ),
    TableSpec(
        "F08", "final", "国有资本经营预算财政拨款收入支出决算表",
        title_keys=(("国有资本经营预算财政拨款",), ("国有资本经营", "决算")),
        columns=(
            _c("carryover_start", "年初结转和结余", "年初结转结余"),
            _c("income", "本年收入"),
            _c("expense_total", "合计", "小计", context=("本年支出",)),
            _c("expense_basic", "基本支出"),
            _c("expense_project", "项目支出"),
            _c("carryover_end", "年末结转和结余", "年末结转结余"),
        ),
        identities=(("expense_total", ("expense_basic", "expense_project")),),
        # fund spending is project spending nearly always (as budget tables 8 and 9)
        prefer=("expense_project",),
    ),
    TableSpec(
        "F09", "final", "财政拨款“三公”经费支出决算表",
        title_keys=(("三公", "决算"), ("三公",)),
        # Each item (合计, 因公出国（境）费, 公务用车购置及运行费 小计/购置费/运行费, 公务接待费, and
        # in some templates 会议费, 培训费) has a 预算数 and a 决算数 column: items on top with the
        # two phases under each, or the 预算数 and 决算数 blocks on top with the items under each.
        # A table printing the items alone holds the actual figures.
        columns=_sangong_columns(_SANGONG_ITEMS[:6]),
        variant_columns=_sangong_columns(_SANGONG_ITEMS[6:]) + _sangong_columns(_SANGONG_ITEMS, (("initial", "年初预算数"),)),
        order=tuple(f"{phase}_{item}" for item, *_ in _SANGONG_ITEMS for phase in ("initial", "budget", "actual")),
        code_kind=None,
        identities=tuple((f"{phase}_vehicle", (f"{phase}_vehicle_purchase", f"{phase}_vehicle_operation"))
                         for phase in ("budget", "actual")),
        # few units buy a car in a given year: the vehicle figure is mostly 运行维护费
        prefer=("budget_vehicle_operation", "actual_vehicle_operation"),
        alt_order=tuple(f"{phase}_{item}" for phase in ("initial", "budget", "actual") for item, *_ in _SANGONG_ITEMS),
        order_marker="预算数",
    ),
)

BY_ID: dict[str, TableSpec] = {s.id: s for s in SPECS}

# A header cell naming one phase only, of a table keyed by phase (the 三公 final table printed with
# the items as rows: 项目 | 年初预算数 | 全年预算数 | 决算数)
_PHASE_TOTALS = (
    ("initial_total", lazy(r"^年初预算数?$")),
    ("budget_total", lazy(r"^(?:全年|调整后)?预算数?$")),
    ("actual_total", lazy(r"^决算数?$")),
)


def is_phase_word(text: str) -> bool:
    """A header word naming a phase alone (预算数, 年初预算数, 全年预算数, 决算数)."""
    t = norm(text)
    return any(pattern.match(t) for _, pattern in _PHASE_TOTALS)


def phase_total(header: str, spec: TableSpec) -> str | None:
    """The total column of the phase a header cell names alone, where the spec keys its columns
    by phase (``budget_total``, ``actual_total``, ``initial_total``); else None."""
    t = norm(header)
    keys = {c.key for c in spec.read_columns}
    return next((key for key, pattern in _PHASE_TOTALS if key in keys and pattern.match(t)), None)

_PARENS = str.maketrans({"（": "(", "）": ")", "“": '"', "”": '"', "〔": "(", "〕": ")"})


def norm(text: str) -> str:
    """Compact a title or header text: no whitespace, ASCII parentheses and quotes."""
    return "".join(text.split()).translate(_PARENS)


@functools.lru_cache(maxsize=2048)
def norm_word(word: str) -> str:
    """:func:`norm` of a word of the specs (an alias, a context or title word): a few hundred
    words, each asked for again with every header cell and title."""
    return norm(word)


_FUND_NAMES = lazy(r"一般公共预算|政府性基金预算|国有资本经营预算|预算绩效")


def _phase_of(title: str) -> str | None:
    """"final" for a title with 决算, "budget" for one that says 预算 outside the fund names
    (一般公共预算… is a fund in both kinds of document), None when it says neither."""
    if "决算" in title:
        return "final"
    return "budget" if "预算" in _FUND_NAMES.sub("", title) else None


# Titles of tables that are no standard table whatever else they name: 政府采购预算(明细)表 lists
# purchases, not spending by 科目; a 机关运行经费 table (without the 三公 it is printed with in
# some templates) is one figure by 经济分类.
_OTHER_TABLE = lazy(r"政府采购|^(?!.*三公).*机关运行经费")


def title_match(title: str, spec: TableSpec) -> int:
    """How much of ``title`` the spec's best title keyword group covers (0: none matches)."""
    t = norm(title)
    if any(norm_word(w) in t for w in spec.title_not):
        return 0
    return max((sum(len(w) for w in g) for g in spec.title_keys if all(norm_word(w) in t for w in g)), default=0)


@functools.cache
def _title_words() -> tuple[tuple[TableSpec, tuple[str, ...], tuple[tuple[tuple[str, ...], int], ...]], ...]:
    """Every spec's title words normalised once: (spec, words it must not have, (word group, the
    group's weight: its words' length))."""
    return tuple(
        (spec, tuple(norm(w) for w in spec.title_not),
         tuple((tuple(norm(w) for w in group), sum(len(w) for w in group)) for group in spec.title_keys))
        for spec in SPECS
    )


@functools.lru_cache(maxsize=4096)  # titles are identified again by the toc and the checks (pure)
def identify(title: str, kind: str | None = None) -> TableSpec | None:
    """The spec whose title keywords occur in ``title``; the longest match wins. Titles with 决算
    are final-account tables, titles with 预算 (outside the fund names) budget tables; a title
    that says neither ("“三公”经费支出表") belongs to the document's ``kind`` (budget when
    unknown). A 绩效 table is never a standard table."""
    t = norm(title)
    if not t or "绩效" in t or "。" in t or "，" in t or len(t) > 80:
        return None  # a sentence (a heading that explains a term) names no table
    if _OTHER_TABLE.search(t) or ("功能" in t and "经济" in t):
        return None  # a table of its own kind: 政府采购, 机关运行经费, both classifications at once
    want = _phase_of(t) or kind or "budget"
    best: tuple[int, TableSpec] | None = None
    for spec, title_not, title_keys in _title_words():
        if any(w in t for w in title_not):
            continue
        for group, weight in title_keys:
            if all(w in t for w in group):
                score = weight + (100 if spec.kind == want else 0)
                if kind and spec.kind == kind:
                    score += 1
                if best is None or score > best[0]:
                    best = (score, spec)
    return best[1] if best else None
