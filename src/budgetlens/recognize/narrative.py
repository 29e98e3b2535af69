"""Narrative statements: labelled amounts with their shares, year-on-year changes, 预决算 comparisons,
counts, listed parts ("其中：…") and the reasons given ("主要原因是…").

A paragraph is read as a stream of *mentions* (an amount in 万元, a percentage, a count with its
measure word). The words between the previous boundary and a mention say what it is: a new
subject ("本年收入"), a share ("占"), a change ("比上年增加", "增长"), a budget or actual figure
("年初预算数", "决算数"), a 预决算差异率. Every statement carries the scope of the section it
stands in, so that rules never compare figures about different bases.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from budgetlens.figures import NUMBER_PATTERN, to_decimal
from budgetlens.model import Change, Disclosure, Kind, Paragraph, Statement
from budgetlens.recognize.lazy_pattern import lazy
from budgetlens.recognize.segment import Segment, TableRegion, compact

_MENTION = lazy(
    rf"(?P<num>{NUMBER_PATTERN})\s*(?P<unit>亿元|万元|元|%|平方米|人次|批次|台（套）|台\(套\)|个|人|辆|台|套|次|项|家|件|批|分(?!别|类|项|析|配|局|队|中心|院|公司|行|摊|期|之|钟|管|解|成|布|属|级|部))"
)
_BOUNDARY = lazy(r"[，,；;。：:、]|其中|包括|主要用于|分别是|分别为")
_CHANGE_WORD = lazy(r"(增加|减少|增长|下降|上升|降低|持平|减|增)$")
# "比上年", "与上年度相比", "比2023年度" (the previous year named by number)
_COMPARE_BASE = lazy(r"(比|较|与|同)(上年度|上年|上一年|去年|年初|20\d{2}年度?)(预算数|决算数|执行数|预算|决算)?(相比|相较|同期)?")
_REASON = lazy(r"主要原因(?:是|为)?[：:]?(.+?)(?=。|$)")

_SCOPE_RULES: list[tuple[str, str]] = [
    ("三公", "sangong"),
    ("运行经费", "admin_cost"),
    ("公用经费支出情况", "admin_cost"),
    ("政府采购", "procurement"),
    ("国有资产", "assets"),
    ("绩效", "performance"),
    ("政府性基金", "gf"),
    ("国有资本经营", "soe"),
    ("上年结转结余", "carryover"),
    ("基本支出", "gpb.basic"),
    ("项目支出", "gpb.project"),
    ("一般公共预算", "gpb"),
    ("财政拨款", "fiscal"),
    ("机构设置", "profile"),
    ("人员情况", "profile"),
    ("职能", "profile"),
    ("名词解释", "glossary"),
]


def scope_of_heading(title: str) -> str:
    t = compact(title)
    for word, scope in _SCOPE_RULES:
        if word in t:
            return scope
    return "document"


@dataclass(slots=True)
class _Mention:
    value: Decimal
    unit: str
    label: str  # words since the previous boundary
    context: str  # words since the previous mention
    start: int
    end: int


_REASON_SPAN = lazy(r"主要原因(?:是|为)?[：:]?[^；;。]*")


def _mentions(text: str) -> list[_Mention]:
    out: list[_Mention] = []
    prev_end = 0
    reasons = [(r.start(), r.end()) for r in _REASON_SPAN.finditer(text)]
    for m in _MENTION.finditer(text):
        if any(a <= m.start() < b for a, b in reasons):
            continue  # figures inside a stated reason are not statements of their own
        value = to_decimal(m.group("num"))
        if value is None:
            continue
        if re.search(r"\d[.,]$", text[max(0, m.start() - 2) : m.start()]):
            # "1,541.50.00万元": the tail of a misprinted figure, not a figure
            continue
        before = text[prev_end : m.start()]
        after = text[m.end() : m.end() + 6]
        # A date is not a figure; "单价100万元（含）以上设备" states a threshold, not an amount.
        if m.group("unit") in ("个", "人", "次", "件") and after[:1] in ("月", "日"):
            continue
        if re.match(r"^(?:[（(]含[)）])?(?:以上|以下|及以上)", after):
            continue
        cut = 0
        for b in _BOUNDARY.finditer(before):
            # "、" separates listed figures ("基本支出…万元、项目支出…万元") but joins listed names
            # ("“三公”经费、会议费、培训费支出…"): it ends a label only right after a figure.
            if b.group() == "、" and before[: b.start()].strip(" ，,；;：:"):
                continue
            cut = b.end()
        label = before[cut:].strip()
        if not label and cut:
            # "预算安排规模：140.00万元": the label stands before the colon
            head = before[: cut - 1]
            prev_cut = 0
            for b in _BOUNDARY.finditer(head):
                prev_cut = b.end()
            label = head[prev_cut:].strip() if before[cut - 1 : cut] in ("：", ":") else ""
        if m.group("unit") not in _MONEY and m.group("unit") != "%" and _COUNT_LEAD.search(label):
            # "对12个项目支出开展绩效自评": the count's noun follows its measure word
            noun = re.match(r"[^，,；;。：:、（(]*", text[m.end():])
            if noun and noun.group():
                label = _COUNT_LEAD.sub("", label) + noun.group()
        out.append(_Mention(value, m.group("unit"), label, before, m.start(), m.end()))
        prev_end = m.end()
    return out


_MONEY = ("万元", "亿元", "元")
_COUNT_LEAD = lazy(r"(?:^|(?<=[\u4e00-\u9fff”]))(?:组织对|对|共有|共计|共|涉及|开展|安排|选取|完成)$")
# A figure list that applies to two subjects in turn: "收、支总计各是A、B万元", "收、支总计均为A万元",
# "收、支总计各减少A、B万元，各下降C%、D%".
# "收入、支出分别为A、B万元", "收入、支出预算分别为…": without a noun each side keeps the words printed.
_PAIR = lazy(r"收(?:入)?[、和及与]?支(?:出)?(?P<noun>决算总计|总计|合计|预算总额|预算|决算)?(?:数)?")
_EACH = lazy(
    rf"^[，,]?(?P<verb>各是|各为|分别是|分别为|均为|均是|都是|各|均|分别)(?P<word>增加|减少|增长|下降|上升|降低)?(?:为|是)?"
    rf"(?P<a>{NUMBER_PATTERN})(?:万元|元|%)?(?:[、和及与,，]\s?(?P<b>{NUMBER_PATTERN}))?(?P<unit>亿元|万元|元|%)"
)


def _distribute(text: str) -> str:
    for m in _PAIR.finditer(text):
        out = _distribute_at(text, m)
        if out is not None:
            return out
    return text


def _distribute_at(text: str, m: re.Match[str]) -> str | None:
    rest = text[m.end():]
    left: list[str] = []
    right: list[str] = []
    while True:
        e = _EACH.match(rest)
        if e is None:
            break
        word = e.group("word") or ""
        left.append(f"{word}{e.group('a')}{e.group('unit')}")
        right.append(f"{word}{e.group('b') or e.group('a')}{e.group('unit')}")
        rest = rest[e.end():]
    if not left:
        return None
    head = text[: m.start()]
    prefix = re.search(r"(?:(?:一般公共预算)?财政拨款)$", head)
    pre = prefix.group() if prefix else ""
    noun = (m.group("noun") or "").replace("决算总计", "总计")
    return f"{head}收入{noun}{'，'.join(left)}；{pre}支出{noun}{'，'.join(right)}{rest}"


_LEAD = lazy(r"^(?:\d+[.、]|[（(]?[一二三四五六七八九十]+[）)、])")
_YEAR_LEAD = lazy(r"^(?:20\d{2}年度?|截至20\d{2}年(?:12月31日|末|底)?)")
_VERB_TAIL = lazy(r"(?:为|是|共计|共|合计为|总额为|达到|约|均为|均是|各是|各为)$")
_OWNER_LEAD = lazy(r"^(?:的|本单位|本部门|我单位|我部门)(?=.{3})")
_HOLD_LEAD = lazy(r"^(?:共有|现有|拥有|共计|共)(?=.{2})")


def _subject(label: str, unit_name: str) -> str:
    s = compact(label)
    s = _LEAD.sub("", s)
    if unit_name:
        s = s.replace(unit_name, "")
    # "本部门2023年度机关运行经费…", "截至2023年底，本单位共有车辆…": leads in any order
    while True:
        t = _HOLD_LEAD.sub("", _OWNER_LEAD.sub("", _YEAR_LEAD.sub("", s.lstrip("，,"))))
        if t == s:
            break
        s = t
    s = _VERB_TAIL.sub("", s)
    return s.strip("“”\"' ")


_CODE_NAME = lazy(r"[(（](类|款|项)[)）]")


def _item_path(text: str) -> str | None:
    """"一般公共服务支出(类)政府办公厅（室）及相关机构事务(款)事业运行(项)" → the 项 name path."""
    if len(_CODE_NAME.findall(text)) == 0:
        return None
    m = re.match(r"^(?:\d+[.、])?\s*(.+?[(（](?:类|款|项)[)）])(?=[:：。]|\d|$)", text)
    return m.group(1) if m else None


# A half-width full stop after a figure or a word ends a sentence ("…34.5万元.支出总计…").
_HALF_STOP = lazy(r"(?<=[\u4e00-\u9fff%）)])\.(?=\s*(?:[\u4e00-\u9fff“（(]|$))")


def _split_sentences(text: str) -> list[str]:
    parts = re.split(r"(?<=。)", _HALF_STOP.sub("。", text))
    return [p for p in parts if p.strip()]


class _Builder:
    def __init__(self, doc: Disclosure, scope: str, para: Paragraph) -> None:
        self.doc = doc
        self.scope = scope
        self.para = para
        self.out: list[Statement] = []

    def new(self, subject: str, evidence: str) -> Statement:
        st = Statement(subject=subject, scope=self.scope, location=self.para.location, evidence=evidence)
        return st


# a page number printed inside a sentence that runs on over a page break ("其中业—5—务用车6辆")
_PAGE_MARK = lazy(r"(?:^|(?<=[\u4e00-\u9fff，、]))[—－–-]{1,2}\d{1,3}[—－–-]{1,2}(?=[\u4e00-\u9fff])")


def _read_sentence(sentence: str, scope: str, para: Paragraph, doc: Disclosure, para_item: str | None = None) -> list[Statement]:
    text = _distribute(_PAGE_MARK.sub("", compact(sentence)))
    mentions = _mentions(text)
    if not mentions:
        return []
    out: list[Statement] = []
    parent: Statement | None = None  # the statement whose parts follow "其中："
    outer: Statement | None = None  # the enclosing list's parent while a part lists parts of its own
    current: Statement | None = None
    prior: tuple[Statement, Decimal, str] | None = None  # "比上年预算数Y万元": the base figure of a change
    dangling = False  # a change after a list of parts: whose change it is cannot be told
    # "1、…（类）…（款）…（项）。主要用于…。年初预算为…": the item named by the paragraph's lead
    item = _item_path(text) or para_item
    for k, m in enumerate(mentions):
        label = m.label
        ctx = m.context
        subject = _subject(label, doc.unit.name)
        if m.unit == "%":
            target = current
            if target is None:
                continue
            if dangling and (_CHANGE_WORD.search(label) or re.search(r"(增长|下降|上升|降低)", label)):
                continue
            if "差异率" in label or "差异率" in ctx[-8:]:
                target.diff_rate = m.value
            elif _COMPLETION.search(label):
                target.completion_rate = m.value
            elif target.change is None and target.amount is not None and (prior_fig := _named_prior(label, out, target)):
                # "2023年预算执行数为711.34万元，2024年预算安排738.66万元，比2023年预算执行数增加3.84%": the
                # rate of the change from the base figure the sentence printed before
                word = re.search(r"(增加|减少|增长|下降|上升|降低)[了为]?$", label)
                assert word is not None
                target.change = Change(direction=_direction(word.group(1)), rate=m.value,
                                       rate_direction=_direction(word.group(1)), base=prior_fig[1], prior=prior_fig[0])
            elif label.startswith("占") or label.endswith("占") or "占" in label:
                target.share = m.value
                # An explicit base ("占政府采购支出总额的") wins over the statement listed above.
                share_base = re.search(r"占(.+?)的?$", label)
                if share_base and share_base.group(1):
                    target.share_of = share_base.group(1).rstrip("的")
                elif parent is not None and target is not parent:
                    target.share_of = parent.subject
            elif _CHANGE_WORD.search(label) or re.search(r"(增长|下降|上升|降低)", label):
                if _names_another(label, target, doc):
                    # "…下降1.9%，主要是政府性基金预算收入较上年执行数下降45.9%": another subject's rate
                    continue
                change = target.change or Change(direction=_direction(label))
                change.rate = m.value
                change.rate_direction = _direction(label)
                target.change = change
            continue
        if m.unit in _MONEY and _PRIOR_LABEL.match(compact(label)):
            # "收入预算590.00万元，比上年预算数510.00万元增加80.00万元": the base the change is
            # measured from, printed between the figure and its change. Without a figure before it
            # there is nothing to pair it with.
            if current is not None and current.amount is not None and not dangling:
                base = _COMPARE_BASE.search(compact(label))
                prior = (current, _to_wan(m.value, m.unit), (base.group(2) + (base.group(3) or "")) if base else "上年")
            continue
        if parent is not None and _closes_list(ctx, label):
            parent, outer = None, None
        elif outer is not None and re.search(r"[；;]", ctx):
            parent, outer = outer, None  # "；" ends a part's own list: back to the enclosing one
        if m.unit in _MONEY and _CHANGE_WORD.search(label) and _dangles(parent, current, subject):
            # "收入X万元，其中：A、B、C，较上年减少…，下降…%": the total's change or the last part's
            dangling = True
            continue
        if not _CHANGE_WORD.search(label) or len(_COMPARE_BASE.sub("", _CHANGE_WORD.sub("", subject))) > 1:
            dangling = False
        # "与2022年相比，收入总计减少…万元，…；支出总计减少…万元": a named subject's change, the
        # comparison base stated once for the sentence
        named = _NOT_SUBJECT.sub("", _COMPARE_BASE.sub("", re.sub(r"(增加|减少|增长|下降|上升|降低|持平)$", "", subject)))
        sentence_base = _COMPARE_BASE.search(ctx) or _COMPARE_BASE.search(text[: m.start])
        is_change = bool(_CHANGE_WORD.search(label)) and (
            _COMPARE_BASE.search(ctx) is not None
            or (current is not None and len(subject) <= 3)
            or (sentence_base is not None and len(named) >= 2)
        )
        if (
            is_change
            and sentence_base is not None
            and len(named) >= 2
            and (current is None or named != current.subject)
            and m.unit in _MONEY
        ):
            st = Statement(subject=named, scope=scope, location=para.location, evidence=text)
            st.change = Change(direction=_direction(label), amount=_to_wan(m.value, m.unit), base=sentence_base.group(2) + (sentence_base.group(3) or ""))
            if parent is not None and _lists(ctx):
                parent.parts.append(st)
            else:
                out.append(st)
            current = st
            continue
        if is_change and current is not None and m.unit in ("万元", "亿元", "元"):
            base = _COMPARE_BASE.search(ctx)
            current.change = Change(
                direction=_direction(label),
                amount=_to_wan(m.value, m.unit),
                base=(base.group(2) + (base.group(3) or "")) if base else "上年",
            )
            if prior is not None and prior[0] is current:
                current.change.prior = prior[1]
                current.change.base = prior[2]
            prior = None
            continue
        own = re.sub(r"(增加|减少|增长|下降|上升|降低|持平)$", "", subject)
        if is_change and own and len(own) > 3 and not _COMPARE_BASE.search(ctx) and m.unit in ("万元", "亿元", "元"):
            # "因公出国（境）费增加0.00万元": the change of a named part
            st = Statement(subject=own, scope=scope, location=para.location, evidence=text)
            st.change = Change(direction=_direction(label), amount=_to_wan(m.value, m.unit))
            if parent is not None:
                parent.parts.append(st)
            else:
                out.append(st)
            current = st
            continue
        if is_change and current is None and m.unit in ("万元", "亿元", "元"):
            # "收入支出总体与上年相比，减少1,535.81万元"
            head = _COMPARE_BASE.split(ctx)[0] if _COMPARE_BASE.search(ctx) else ctx
            st = Statement(subject=_subject(head, doc.unit.name) or scope, scope=scope, location=para.location, evidence=text)
            base = _COMPARE_BASE.search(ctx)
            st.change = Change(direction=_direction(label), amount=_to_wan(m.value, m.unit), base=(base.group(2) + (base.group(3) or "")) if base else "上年")
            out.append(st)
            current = st
            continue
        compares_actual = "决算" in text and doc.kind is not Kind.BUDGET
        if compares_actual and _BUDGET_WORD.search(subject) and m.unit in ("万元", "亿元", "元"):
            # "年初预算为2993.92万元，支出决算为2940.05万元" / "全年预算数…，决算数…"
            head = _BUDGET_WORD.sub("", subject)
            if head or current is None or (item and current.subject != item):
                st = Statement(subject=head or item or _scope_subject(scope), scope=scope, location=para.location, evidence=text)
                out.append(st)
                current = st
            if current is not None:
                current.budget = _to_wan(m.value, m.unit)
            continue
        if (
            _ACTUAL_WORD.search(subject)
            and current is not None
            and current.budget is not None
            and current.actual is None
            and m.unit in ("万元", "亿元", "元")
        ):
            current.actual = _to_wan(m.value, m.unit)
            if current.amount is None:
                current.amount = current.actual  # the document's own year: the actual figure
            continue
        if item and subject in ("预算数", "决算数", "支出决算数", "支出预算数", "预算", "决算") and m.unit in ("万元", "亿元", "元"):
            st = Statement(subject=item, scope=scope, location=para.location, evidence=text, amount=_to_wan(m.value, m.unit))
            out.append(st)
            current = st
            continue
        if m.unit in ("万元", "亿元", "元"):
            st = Statement(subject=subject or (item or ""), scope=scope, location=para.location, evidence=text)
            st.amount = m.value if m.unit == "万元" else _to_wan(m.value, m.unit)
            if item and (not subject or subject in ("支出决算数", "决算数", "预算数", "支出预算数", "支出")):
                st.subject = item
            if label.strip() == "" and not item and re.fullmatch(r"[\s，,、；;]*", ctx):
                # "…（509）100151.38万元，102374.45万元，其中：…": a figure with no name of its own
                # (the prior year's, another column's): nothing to say what it is
                continue
            lists = _lists(ctx)
            if lists:
                parent, outer = _open_list(ctx, current, parent, outer)
                if parent is not None and _other_year(label, doc):
                    # "…支出996.33万元，较上年增加…，其中：2021年度专项业务费…": the prior year's parts
                    parent, outer = None, None
            if parent is not None and not _part_of(parent, st.subject):
                parent, outer = None, None
            if parent is not None and (lists or k > 0) and st is not parent:
                parent.parts.append(st)
            else:
                out.append(st)
            current = st
            continue
        # counts: 人, 辆, 台（套）, 个, 批次, 人次
        if (
            current is not None
            and current.count is not None
            and m.unit in ("人", "人次")
            and current.count_unit not in ("人", "人次")
            and _PEOPLE.match(subject)
        ):
            # "国内公务接待18批次，132人次", "团组数0个，参加人数0人": the people of the count before
            subject = current.subject
        st = Statement(subject=subject, scope=scope, location=para.location, evidence=text, unit=m.unit)
        st.count = m.value
        st.count_unit = m.unit
        if parent is not None and _lists(ctx):
            parent.parts.append(st)
        else:
            out.append(st)
        current = st
    reason = _REASON.search(text)
    if reason and out:
        out[-1].reason = reason.group(1)
    return out


# "年初预算数", "全年预算", "支出预算" (but not "一般公共预算", "政府性基金预算": fund names)
_BUDGET_WORD = lazy(r"(?:年初预算数?|全年预算数?|调整预算数?|预算数|(?<!公共|基金|经营|采购)预算)$")
_ACTUAL_WORD = lazy(r"^(?:支出)?决算数?$|^(?:全年)?执行数$")


# "完成预算的98.20%", "完成年初预算的…%", "预算执行率为…%", "预算完成率…%"
_COMPLETION = lazy(r"完成(?:了)?(?:全年|年初|调整)?预算(?:数)?的?$|(?:预算)?(?:执行|完成)率(?:为|是|达到?)?$")
_NOT_SUBJECT = lazy(r"^(?:同比|相比|相较|分别|各|均)+|(?:相比|相较)$")
_PEOPLE = lazy(r"^(?:参加|出国|出访|接待|共)?(?:人数|人员|人次)?$")
# "比2025年年初预算数", "较上年预算", "比上年的", "与2024年决算数": a change's base, printed with its figure
_PRIOR_LABEL = lazy(
    r"^(?:比|较|与|同)(?:上年度?|上一年度?|去年|20\d{2}年度?)(?:年初|初|全年|同期)?"
    r"(?!.*(?:增加|减少|增长|下降|上升|降低|持平|多|少|高|低))[\u4e00-\u9fff]{0,10}?(?:预算数|决算数|执行数|预算|决算|数)?的?$"
)
# A new subject of the sentence: "；2022年本部门预算支出…", "；本单位…"
_NEW_SUBJECT = lazy(r"^(?:20\d{2}年度?)?(?:本部门|本单位|我部门|我单位|本级)")


def _closes_list(ctx: str, label: str) -> bool:
    """A "其中" list ends where the sentence moves on to a subject of its own after "；": the next
    total with its owner named ("；本部门当年预算支出…"), or anything after the reason for a change."""
    if not re.search(r"[；;]", ctx):
        return False
    return bool(_NEW_SUBJECT.match(compact(label))) or "原因" in ctx


def _open_list(
    ctx: str, current: Statement | None, parent: Statement | None, outer: Statement | None
) -> tuple[Statement | None, Statement | None]:
    """(parent, outer) once "其中" opens a list. The list is the parts of the figure it follows
    directly ("X万元，其中：…"); after "；" ("…C万元；其中一般公共预算…") it may be a part of the
    figure before or of the sentence's first total, so nothing is paired."""
    before = ctx[: ctx.rfind("其中")]
    if current is None or re.search(r"[；;。]", before):
        return None, None
    if parent is not None and current is not parent and current in parent.parts:
        return current, parent  # a part with parts of its own
    return current, None


def _names_another(label: str, target: Statement, doc: Disclosure) -> bool:
    """A rate whose words name a subject of their own, not the statement before it."""
    own = re.sub(r"(?:增加|减少|增长|下降|上升|降低|持平|增|减)(?:了|的)?(?:比例|比率|率|幅度|幅)?(?:了|为|是|达|达到|约)*$", "",
                 _subject(label, doc.unit.name))
    own = _NOT_SUBJECT.sub("", _COMPARE_BASE.sub("", own))
    own = re.sub(r"^(?:主要是|主要原因是|其中|即|是)", "", own)
    return len(own) >= 2 and own not in target.subject


def _lists(ctx: str) -> bool:
    """"其中" opens a list, unless it stands in a parenthetical note closed before the figure
    ("…30.00万元（其中…不予公开），政府性基金预算拨款0万元")."""
    at = ctx.rfind("其中")
    if at < 0:
        return False
    after = ctx[at:]
    return not (re.search(r"[（(][^）)]*$", ctx[:at]) and re.search(r"[）)]", after))


def _other_year(label: str, doc: Disclosure) -> bool:
    year = re.match(r"^(20\d{2})年", compact(label))
    return bool(year and doc.year is not None and int(year.group(1)) != doc.year)


# 会议费 and 培训费 are disclosed beside the 三公经费, never as parts of them
_BESIDE_SANGONG = lazy(r"^(?:会议费|培训费)")


def _part_of(parent: Statement, subject: str) -> bool:
    return not ("三公" in parent.subject and _BESIDE_SANGONG.match(subject))


def _dangles(parent: Statement | None, current: Statement | None, subject: str) -> bool:
    """An unnamed change right after a list of two or more parts none of which had a change of its
    own: it may be the last part's or the total's."""
    own = _COMPARE_BASE.sub("", _CHANGE_WORD.sub("", subject))
    if parent is None or current is None or len(own) > 1 or current not in parent.parts:
        return False
    parts = parent.parts
    return len(parts) >= 2 and all(p.change is None for p in parts)


def _scope_subject(scope: str) -> str:
    return {"gpb": "一般公共预算财政拨款支出", "fiscal": "财政拨款", "sangong": "三公经费"}.get(scope, scope)


def _to_wan(value: Decimal, unit: str) -> Decimal:
    if unit == "亿元":
        return value * 10000
    if unit == "元":
        return value / 10000
    return value


def _direction(word: str) -> str:
    if re.search(r"(减少|下降|降低|减)$", word):
        return "decrease"
    if "持平" in word:
        return "flat"
    return "increase"


def recognize_statements(doc: Disclosure, segments: list[Segment]) -> list[Statement]:
    statements: list[Statement] = []
    section: list[Statement] = []
    heading_changed = False
    scope = "document"
    # Keyed by the whole location: PDF paragraphs have a page and a box but no line number.
    toc_lines = {e.location for e in doc.toc}
    heading_lines = {h.location: h for h in doc.headings}
    for seg in segments:
        if isinstance(seg, TableRegion):
            continue
        if seg.location in toc_lines:
            continue
        heading = heading_lines.get(seg.location)
        if heading is not None:
            if heading.level <= 2:
                scope = _refine(scope_of_heading(heading.title), heading.level, scope)
                heading_changed = True
            continue
        if scope in ("glossary", "profile"):
            continue
        para_item = _item_path(compact(seg.text))
        if heading_changed:
            section = []
            heading_changed = False
        paragraph: list[Statement] = []
        last: list[Statement] = []  # the previous sentence's statements
        for sentence in _split_sentences(seg.text):
            read = _read_sentence(sentence, _sentence_scope(scope, sentence, doc), seg, doc, para_item)
            for st in read:
                _anchor_change(st, paragraph, section, last)
            _note_judgement(sentence, read, section + paragraph)
            paragraph.extend(read)
            last = read
            statements.extend(read)
        section.extend(paragraph)
    doc.statements = statements
    return statements


# "比2023年预算执行数增加", "较上年决算数下降": a rate's base named by its year and kind, then the word
_RATE_BASE = lazy(r"(?:比|较|与)(上年度?|上一年度?|20\d{2}年度?)(?:当年|全年|年初)?(预算执行数|执行数|决算数|预算数)"
                        r"(?:相比)?(?:增加|减少|增长|下降|上升|降低)[了为]?$")


def _named_prior(label: str, read: list[Statement], target: Statement) -> tuple[Decimal, str] | None:
    """(figure, base) of "比2023年预算执行数增加Z%" when the same sentence printed that year's figure of
    that kind before (“2023年当年预算执行数为711.34万元”) as the one statement so named; None otherwise."""
    m = _RATE_BASE.search(label)
    if m is None:
        return None
    kind = m.group(2)
    named = [st for st in read if st is not target and st.amount is not None and st.unit == target.unit
             and st.change is None and compact(st.subject).endswith(kind)]
    if len(named) != 1:
        return None
    amount = named[0].amount
    return (amount, m.group(1) + kind) if amount is not None else None


# a sentence comparing 决算 with 预算 ("决算数大于年初预算数的主要原因是…", "决算数较预算减少…")
_JUDGES = lazy(r"决算.{0,12}(?:大于|小于|等于|高于|低于|超过|超出|多于|少于|持平|相等|一致|增加|减少|增长|下降)|"
                     r"预算.{0,4}(?:大于|小于|高于|低于|超过|多于|少于)[^。]{0,4}决算")


def _note_judgement(sentence: str, read: list[Statement], before: list[Statement]) -> None:
    """A sentence with no 预算 figure of its own that compares 决算 with 预算 speaks of the last
    statement before it (in its section) that printed both: it is kept on that statement
    (``followed_by``), so the comparison is judged against those figures wherever the sentence breaks."""
    text = compact(sentence)
    if any(st.budget is not None for st in read) or "预算" not in text or not _JUDGES.search(text):
        return
    target = next((st for st in reversed(before) if st.budget is not None), None)
    if target is not None and target.followed_by is None and (target.actual is not None or target.amount is not None):
        target.followed_by = text


def _anchor_change(st: Statement, paragraph: list[Statement], section: list[Statement], last: list[Statement]) -> None:
    """Give a change stated without its own figure the figure it is about, so its rate can be
    checked: "…支出564.71万元。与上年相比，减少1,535.98万元" (the one figure of the sentence just
    before), "收入支出总体与上年相比，减少…" (the section's 总计). After a sentence listing several
    figures ("…教育支出9.30万元，住房保障支出662.86万元。比上年增加…") it may be any of them or
    their total: it is given none."""
    if st.amount is not None or st.change is None or st.change.amount is None:
        return
    anchor: Statement | None = None
    if "总体" in st.subject or ("总" in st.subject and len(st.subject) <= 8):
        totals = [s for s in section + paragraph if s.amount is not None and s.subject.endswith("总计") and s.scope == st.scope]
        prefix = st.subject.split("总体")[0].replace("收入支出", "收入")
        anchor = next((s for s in totals if s.subject.startswith(prefix)), totals[0] if totals else None)
    elif st.subject in ("", st.scope, _scope_subject(st.scope)):
        figures = [s for s in _flat(last) if s.amount is not None]
        same = [s for s in figures if s.scope == st.scope and s.change is None]
        anchor = same[-1] if len(figures) == 1 and same else None
    else:
        # "…支出1,702.35万元。与上年相比，…支出减少88.65万元": the figure of the same subject just before
        named = [s for s in paragraph if s.amount is not None and s.scope == st.scope and s.change is None and s.subject == st.subject]
        anchor = named[-1] if named else None
    if anchor is not None:
        st.subject = anchor.subject
        st.amount = anchor.amount
        st.amount_from = anchor.location
        st.share = None


def _flat(statements: list[Statement]) -> list[Statement]:
    return [x for s in statements for x in (s, *_flat(s.parts))]


def _refine(new: str, level: int, old: str) -> str:
    # A sub-heading with no scope words of its own ("（一）…总体情况") keeps its parent's scope.
    if new == "document" and level == 2:
        return old
    return new


def _sentence_scope(scope: str, sentence: str, doc: Disclosure) -> str:
    """Narrow the section scope by the sentence's own words: "财政拨款“三公”经费" inside a section
    about something else, a budget document's "一般公共预算拨款" paragraph."""
    t = compact(sentence)
    if "三公" in t and scope not in ("sangong",):
        return "sangong"
    if doc.kind is Kind.BUDGET and scope == "document" and t.startswith("一般公共预算") and "拨款" not in t:
        return "document"
    return scope
