"""Vocabulary of performance tables: column headers, indicator levels, and how well a piece of
text fits each column (used to realign shifted rows and to cut PDF token streams into cells).

Nothing here is specific to one document: the words are those of the national and provincial
templates (财预〔2020〕10号 and its 部门整体 variants) and their common wordings.
"""

from __future__ import annotations

import re
from functools import lru_cache

from budgetlens.recognize.lazy_pattern import LazyPattern, lazy
from budgetlens.recognize.measures import (
    compact_value,
    comparator_word,
    has_comparator,
    is_blank,
    is_unit_word,
    shared_measure,
)

NEG = -1000.0  # "cannot be"

# Header label -> field key. Order matters: the first rule that matches wins.
_HEADER_RULES: tuple[tuple[str, str], ...] = (
    # the comparator and the unit of a target printed in columns of their own (指标性质 ≥/≤/=/定性,
    # 度量单位): read with the value column (see :func:`measures.join_measure`)
    ("comparator", r"指标性质|指标方向|^比较符|^运算符|^符号$|^性质$"),
    ("unit", r"度量单位|计量单位|^单位$|^指标单位$"),
    ("deviation", r"偏差|改进措施|原因分析|未完成原因"),
    ("core", r"是否核心|核心指标"),  # 是 / 否: a core indicator of a 整体绩效目标表
    ("basis", r"依据|设定|设置"),
    ("prior_year", r"上年|上一年|去年|历史值"),
    ("rule", r"赋分|评分规则|计分|评分标准"),
    ("evidence", r"佐证|证明材料|证明资料"),
    ("completion_rate", r"完成率|完成比例|完成程度"),
    ("level1", r"^一级"),
    ("level2", r"^二级"),
    ("name", r"^三级|指标名称|^指标内容|^绩效指标$"),
    ("actual", r"实际|业绩|完成值|完成情况|实现值|完成数"),
    ("stated_score", r"得分|评分$"),
    ("weight", r"权重|分值|^分数$"),
    ("target", r"指标值|目标值|预期|年度指标|计划值|指标目标"),
)
_HEADER_PATTERNS: tuple[tuple[str, LazyPattern], ...] = tuple((key, lazy(p)) for key, p in _HEADER_RULES)

# Compact header labels as printed, for cutting a header broken over many PDF lines.
HEADER_WORDS: tuple[str, ...] = (
    "一级指标", "二级指标", "三级指标", "指标名称", "指标内容", "指标值", "目标值", "年度指标值", "预期指标值",
    "全年指标值", "年度目标值", "全年目标值", "预期目标值", "实际完成值", "实际完成指标值", "业绩值",
    "全年实际值", "实际值", "完成值", "实际完成情况", "完成率", "得分", "指标得分", "分值", "权重", "分值权重",
    "指标分值权重", "指标权重", "指标分值", "指标值设定依据", "指标值设置依据", "指标设定依据",
    "指标设置依据", "设定依据", "上年完成情况", "上年完成值", "上年实际完成值", "上年指标值", "赋分规则",
    "指标赋分规则", "评分规则", "评分标准", "佐证资料", "佐证材料", "偏差原因分析及改进措施", "偏差原因分析",
    "偏差原因", "改进措施", "未完成原因分析", "是否核心", "指标性质", "指标方向", "度量单位", "计量单位", "指标单位",
)
# Row-group labels printed in a merged first column, never a field of their own.
GROUP_LABELS: tuple[str, ...] = ("年度绩效指标完成情况", "年度绩效指标", "绩效指标", "年度指标", "绩效目标完成情况")
_GROUP_WEIGHT = lazy(r"[（(]\d+(?:\.\d+)?分?[)）]$")


def is_group_label(text: str) -> bool:
    """A row-group label, also with the points of its block printed after it (绩效指标（90分）)."""
    return _GROUP_WEIGHT.sub("", compact_value(text)) in GROUP_LABELS


def header_key(label: str) -> str | None:
    t = compact_value(label)
    if not t or is_group_label(t):
        return None
    for key, pattern in _HEADER_PATTERNS:
        if pattern.search(t):
            return key
    return None


# Indicator levels. Level-1 words of the project template and of the 部门/单位整体 templates;
# level-2 words of both. A word in both sets (满意度指标, 成本指标) is decided by position.
LEVEL1_WORDS = frozenset(
    {
        "产出指标", "效益指标", "满意度指标", "成本指标", "履职效能", "管理效率", "社会效应", "社会效益",
        "投入", "过程", "产出", "效益", "满意度", "投入指标", "过程指标", "运行成本", "预算执行", "履职效果",
        "能力建设", "可持续发展能力",
    }
)
LEVEL2_WORDS = frozenset(
    {
        "数量指标", "质量指标", "时效指标", "成本指标", "经济成本指标", "社会成本指标", "生态环境成本指标",
        "经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标", "服务对象满意度指标", "满意度指标",
        "预算执行", "预算管理", "资产管理", "财务管理", "业务管理", "人员管理", "重点工作", "履职效果",
        "社会效益", "经济效益", "生态效益", "服务对象满意度", "社会公众满意度", "可持续影响", "预算执行率",
        "基础管理", "绩效管理", "监督管理",
    }
)
_LEVEL_GENERIC = lazy(r"^[\u4e00-\u9fff]{2,8}指标$")
# A level name followed by the points it weighs, as some templates print it: 产出指标（50分）,
# 效益指标(30分), 满意度指标（权重10）. The weight is the indicators' own; the level is its name.
_LEVEL_WEIGHT = lazy(r"^([\u4e00-\u9fff]{2,12})[（(](?:权重|分值)?[:：]?\d+(?:\.\d+)?(?:分|%)?[)）]$")


def level_name(text: str) -> str:
    """A level cell's name without the weight printed after it (产出指标（50分） → 产出指标)."""
    m = _LEVEL_WEIGHT.match(text)
    return m.group(1) if m else text

_BASIS_STANDARD = lazy(r"标准$")
_BASIS_WORDS = lazy(r"依据|计划|方案|文件|规定|办法|通知|要求|规划|意见|政策|预算|合同|三定|职责|测算|历史|行业|法")
_RULE = lazy(r"赋分|计分|评分|得分|扣分")
_EVIDENCE = lazy(r"资料|凭证|材料|文件|记录|报告|证明|照片|台账|合同|发票|截图|清单|表单|档案")
_EVIDENCE_STRONG = lazy(r"资料|凭证|材料|台账|截图|佐证")
# Pieces that end a vocabulary cell broken over lines; a name never starts with them.
FRAGMENT_TAILS = frozenset({"指标", "标", "度指标", "凭证", "资料", "材料", "分", "赋分", "标准", "依据", "据"})
_QUALITATIVE_STEMS = lazy(
    r"提高|提升|有效|保障|优化|达到|完成|良好|显著|明显|逐步|持续|稳定|正常|改善|增强|降低|减少|增加|规范|"
    r"合格|满意|达标|实现|促进|推动|加强|是|否|好|高|中|低|优|差|及时|准确|安全"
)
_NUMBER_ONLY = lazy(r"^\d+(?:\.\d+)?分?$")
_PERCENT = lazy(r"^-?\d+(?:\.\d+)?%$")
_QUANTITY = lazy(r"率|数|量|度")
_PLAIN_NUMBER = lazy(r"^\d+(?:\.\d+)?$")
_PERIOD = lazy(r"(?:\d{1,4}[年月日号]|[-—~～至到]|底|末|前|内|以前|之前|全年|年度|上半年|下半年|第?[一二三四1-4]季度)+")
_PLACEHOLDER = {"新增", "无", "-", "—", "/", "——", "－", "无上年", "首次", "新设"}


_LEVEL_TIE = 0.1  # a word of both sets fits level 1 a little better

# The highest score :func:`fit` (and :func:`level_fit` for the level columns) gives a cell of each
# column; the stream cutter skips scoring a cell that could not improve on its best path even at
# this score. Keep in step with the functions below (a test checks it on the seeds).
FIT_MAX: dict[str, float] = {
    "level1": 4.0 + _LEVEL_TIE, "level2": 4.0 + _LEVEL_TIE, "name": 2.0, "target": 4.0, "actual": 4.0,
    "prior_year": 4.0, "weight": 3.0, "stated_score": 3.0, "completion_rate": 3.0, "basis": 4.0, "rule": 4.0,
    "evidence": 4.0, "deviation": 0.5, "comparator": 4.0, "unit": 3.0, "core": 3.0,
}


def level_fit(text: str, level: int) -> float:
    t = level_name(compact_value(text))
    if not t:
        return NEG
    mine, other = (LEVEL1_WORDS, LEVEL2_WORDS) if level == 1 else (LEVEL2_WORDS, LEVEL1_WORDS)
    if t not in mine and t not in other and len(t) >= 2 and t + "指标" in mine | other:
        t += "指标"  # a level name printed without its 指标 (经济成本, 社会效益, 服务对象满意度)
    if t in mine:
        return 4.0 + (_LEVEL_TIE if level == 1 and t in other else 0.0)
    if t in other:
        return 1.0
    if _LEVEL_GENERIC.match(t):
        return 2.0
    return NEG


def is_level_word(text: str) -> bool:
    t = level_name(compact_value(text))
    return t in LEVEL1_WORDS or t in LEVEL2_WORDS or bool(_LEVEL_GENERIC.match(t)) or (
        len(t) >= 2 and (t + "指标" in LEVEL1_WORDS or t + "指标" in LEVEL2_WORDS)
    )


def _is_known_other(t: str) -> bool:
    """Text that belongs to a vocabulary column (standards, rules, evidence, levels)."""
    return bool(_RULE.search(t)) or t in LEVEL1_WORDS or t in LEVEL2_WORDS or (
        bool(_BASIS_STANDARD.search(t)) and len(t) <= 8
    ) or (bool(_EVIDENCE_STRONG.search(t)) and len(t) <= 12 and not _QUANTITY.search(t))


@lru_cache(maxsize=65536)
def fit(key: str, text: str) -> float:
    """How well ``text`` fits column ``key`` (higher is better; NEG when it cannot)."""
    t = compact_value(text)
    if key in ("level1", "level2"):
        return 0.0 if not t else level_fit(t, 1 if key == "level1" else 2)
    if not t:
        return 0.0
    if key == "name":
        if _NUMBER_ONLY.match(t) or _PERCENT.match(t) or has_comparator(t) or len(t) < 2:
            return NEG
        if _is_known_other(t):
            return -3.0
        return 2.0
    if key in ("target", "actual", "prior_year"):
        if key == "prior_year" and t in _PLACEHOLDER:
            return 3.0
        if is_blank(t):
            return 1.0
        if _RULE.search(t) or (_BASIS_STANDARD.search(t) and len(t) <= 8):
            return NEG
        if _PERIOD.fullmatch(t) and re.search(r"\d", t):
            return 3.0  # a date or period (1月1日-12月31日, 2026年3月-6月, 2025年全年)
        m = shared_measure(t)
        if m is None:
            return 1.0
        if m.qualitative is None:
            return 4.0 if m.comparator else 3.0
        if t in LEVEL1_WORDS or t in LEVEL2_WORDS:
            return NEG
        if len(t) <= 6 and _QUALITATIVE_STEMS.search(t):
            return 2.0
        if len(t) <= 12 and _QUALITATIVE_STEMS.search(t):
            return 1.0
        return 0.5 if len(t) <= 8 else 0.0
    if key in ("weight", "stated_score"):
        if _NUMBER_ONLY.match(t):
            return 3.0
        return 0.5 if is_blank(t) else NEG
    if key == "completion_rate":
        if _PERCENT.match(t):
            return 3.0
        if _PLAIN_NUMBER.match(t):
            return 1.0
        return 0.5 if is_blank(t) else NEG
    if key == "basis":
        if has_comparator(t) or _NUMBER_ONLY.match(t) or _RULE.search(t):
            return NEG
        if _BASIS_STANDARD.search(t):
            return 4.0
        return 2.0 if _BASIS_WORDS.search(t) else 0.0
    if key == "rule":
        return 4.0 if _RULE.search(t) else (0.5 if is_blank(t) else NEG)
    if key == "evidence":
        if _EVIDENCE.search(t) and not has_comparator(t):
            return 4.0
        return 0.5 if is_blank(t) else -1.5
    if key == "comparator":
        return 4.0 if comparator_word(t) is not None else (0.5 if is_blank(t) else NEG)
    if key == "unit":
        return 3.0 if is_unit_word(t) else (0.5 if is_blank(t) else NEG)
    if key == "core":
        return 3.0 if t in ("是", "否") else (0.5 if is_blank(t) else NEG)
    if key == "deviation":
        if has_comparator(t) or _NUMBER_ONLY.match(t):
            return -2.0
        return 0.5
    return 0.0
