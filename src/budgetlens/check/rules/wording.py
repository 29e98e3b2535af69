"""Wording: placeholders, 部门/单位 mixed, comma decimals, rates without %, duplicated punctuation,
a wrong year, a misspelt unit name."""

from __future__ import annotations

import re
from collections.abc import Iterator

from budgetlens.check.context import DocContext
from budgetlens.check.findings import Finding, Severity
from budgetlens.check.registry import rule
from budgetlens.patterns import lazy

_PLACEHOLDER = lazy(r"(?<![A-Za-z])[XxＸｘ]{2,}(?![A-Za-z])|×{2,}|[*＊]{3,}|某某|[（(]\s*[）)]|【\s*】")


@rule("BL951", "placeholder", "Template placeholder left in the text",
      severity="error", group="wording", basis="A published disclosure carries no template placeholders (XX, ××, 某某)")
def placeholder(ctx: DocContext) -> Iterator[Finding]:
    """XX, ××, 某某, ***, empty brackets: template text never filled in."""
    for text, loc in ctx.text_lines():
        for m in _PLACEHOLDER.finditer(text):
            yield ctx.finding("BL951.placeholder", {"text": m.group(0)}, location=ctx.loc(loc),
                              evidence=text, highlight=[m.group(0)], actual=m.group(0))


# "部门预算" / "单位决算"; not "部门预算单位构成" (the units a department's budget covers: a term of the
# 单位 template too)
_TITLE_WORD = lazy(r"(部门|单位)(预算|决算)(?!单位)")


@rule("BL952", "bumen-danwei-mixed", "部门 and 单位 mixed in titles and part headings",
      severity="warning", group="wording",
      basis="公开格式: a 部门 (with subordinate units) publishes 部门预决算, a single unit 单位预决算, consistently")
def bumen_danwei_mixed(ctx: DocContext) -> Iterator[Finding]:
    """The document title and its part/section headings must use the same word (部门预算 vs 单位预算,
    部门决算 vs 单位决算)."""
    d = ctx.disclosure
    title_m = _TITLE_WORD.search(d.title or "")
    if not title_m:
        return
    word = title_m.group(1)
    for h in d.headings:
        for m in _TITLE_WORD.finditer(h.title):
            if m.group(1) != word:
                yield ctx.finding("BL952.mixed", {"title_word": title_m.group(0), "heading": h.title,
                                                               "heading_word": m.group(0)},
                                  location=ctx.loc(h.location), evidence=h.title, highlight=[m.group(0)])


_COMMA_DECIMAL = lazy(r"(?<![\d,.])\d{1,3},\d{1,2}(?![\d,])")


@rule("BL953", "comma-decimal", "A number written with a comma as decimal point",
      severity="warning", group="wording", basis="GB/T 15835 出版物上数字用法: the decimal sign is a point")
def comma_decimal(ctx: DocContext) -> Iterator[Finding]:
    """“6,5万元” — a comma followed by one or two digits is a decimal point typed as a comma (a
    thousands separator is followed by three)."""
    for text, loc in ctx.text_lines():
        for m in _COMMA_DECIMAL.finditer(text):
            yield ctx.finding("BL953.comma_decimal", {"text": m.group(0)}, location=ctx.loc(loc),
                              evidence=text, highlight=[m.group(0)], actual=m.group(0))


_RATE_NO_PCT = lazy(r"(增长|下降|占比?|差异率为?|执行率为?|完成率为?)\s*((?>-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+(?:\.\d+)?))"
                          r"(?=\s*(?:[，。；、,;）)]|$))")


@rule("BL954", "rate-without-percent", "A rate or share written without %",
      severity="warning", group="wording", basis="GB/T 15835: a percentage carries its % sign")
def rate_without_percent(ctx: DocContext) -> Iterator[Finding]:
    """“增长12.5，”, “占35.2。” — a rate or share whose % sign is missing."""
    for text, loc in ctx.text_lines():
        for m in _RATE_NO_PCT.finditer(text):
            yield ctx.finding("BL954.no_percent", {"text": m.group(0)}, location=ctx.loc(loc), evidence=text,
                              highlight=[m.group(0)], actual=m.group(2))


_DUP_PUNCT = lazy(r"([，。；：、！？,;])\1+|[，,][。；]|[。；][，,]")


@rule("BL955", "duplicated-punctuation", "Duplicated punctuation",
      severity="info", group="wording", basis="GB/T 15834 标点符号用法")
def duplicated_punctuation(ctx: DocContext) -> Iterator[Finding]:
    """“。。”, “，，”, “，。” and the like."""
    for text, loc in ctx.text_lines():
        for m in _DUP_PUNCT.finditer(text):
            yield ctx.finding("BL955.duplicated", {"text": m.group(0)}, location=ctx.loc(loc), evidence=text,
                              highlight=[m.group(0)])


_AS_OF = lazy(r"截[至止](\d{4})年(?:12|十二)月(?:31|三十一)日")
_TOTAL_YEAR = lazy(r"(?<![比较])(\d{4})年度?(?:部门|单位)?(?:收入总计|支出总计|财政拨款收入总计|财政拨款支出总计|一般公共预算财政拨款支出|"
                         r"政府采购支出总额|财政拨款“三公”经费支出|收支总预算|收入预算|支出预算)\s*(?:为|是|共计|合计)?\s*[\d,]+(?:\.\d+)?\s*万?元")
_TITLE_YEAR = lazy(r"(\d{4})\s*年")
# a section heading naming a year and the document's own kind of figure (“二、2025年“三公”经费预算情况说明”)
_SECTION_YEAR = lazy(r"^[^，。；]*?((?:19|20)\d{2})\s*年度?([^，。；\d]{0,24}?)(预算|决算)")
# a heading about another year on purpose: a comparison, last year's execution
_COMPARED = lazy(r"比|较|与|对比|上年|执行|完成|评价|自评|同期|以来|[-—~～至到]\s*(?:19|20)\d{2}")


@rule("BL956", "wrong-year", "A year other than the report year where the report year is meant",
      severity="error", group="wording",
      basis="A final account for year Y reports as of Y-12-31; a budget for Y reports assets as of Y−1-12-31")
def wrong_year(ctx: DocContext) -> Iterator[Finding]:
    """The title's year, “截至YYYY年12月31日” (Y for a final account; Y−1 or Y for a budget), and
    “YYYY年收入总计/支出预算…” sentences that state this year's totals."""
    year = ctx.year
    if year is None:
        return
    allowed_as_of = {year} if ctx.kind == "final" else {year - 1, year}
    for text, loc in ctx.text_lines():
        for m in _AS_OF.finditer(text):
            y = int(m.group(1))
            if y not in allowed_as_of:
                yield ctx.finding("BL956.as_of", {"text": m.group(0), "year": year, "kind": ctx.kind or "unknown",
                                                 "expected_year": max(allowed_as_of)}, location=ctx.loc(loc),
                                  evidence=text, highlight=[m.group(0)], expected=str(max(allowed_as_of)), actual=str(y))
        for m in _TOTAL_YEAR.finditer(text):
            y = int(m.group(1))
            if y != year:
                yield ctx.finding("BL956.total_year", {"text": m.group(0), "stated": y, "year": year},
                                  location=ctx.loc(loc), evidence=text, highlight=[m.group(1)], expected=str(year), actual=str(y))
    own_word = {"budget": "预算", "final": "决算"}.get(ctx.kind or "")
    for h in ctx.disclosure.headings:
        for m in _TITLE_YEAR.finditer(h.title):
            y = int(m.group(1))
            if h.level == 0 and y != year and _TITLE_WORD.search(h.title):
                yield ctx.finding("BL956.title_year", {"heading": h.title, "stated": y, "year": year}, location=ctx.loc(h.location),
                                  evidence=h.title, highlight=[m.group(1)], expected=str(year), actual=str(y))
        sm = _SECTION_YEAR.search(h.title)
        if (h.level >= 1 and sm is not None and own_word is not None and sm.group(3) == own_word
                and len(h.title) <= 30 and not re.search(r"[，,。；]", h.title)
                and int(sm.group(1)) != year and not _COMPARED.search(h.title)):
            y = int(sm.group(1))
            yield ctx.finding("BL956.section_year", {"heading": h.title, "stated": y, "year": year,
                                                      "kind": ctx.kind or "unknown"}, location=ctx.loc(h.location),
                              evidence=h.title, highlight=[sm.group(1)], expected=str(year), actual=str(y))


_QUALIFIER = lazy(r"[（(][^（）()]*[）)]")


def typo_of(candidate: str, name: str) -> bool:
    """Whether ``candidate`` is ``name`` misspelt: one character replaced, or two neighbours swapped.
    A shorter form (监管局 for 监督管理局), a longer name (…外事办公室 beside …办公室), another word
    (经济委员会, a second name the unit carries), or another scope in brackets (（本级）/（汇总）) is
    a different name, not a misspelling."""
    a, b = _QUALIFIER.sub("", candidate), _QUALIFIER.sub("", name)
    if a == b or len(a) != len(b):
        return False
    diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    if len(diff) == 1:
        return True
    return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]


@rule("BL957", "unit-name-variant", "The unit's name written differently",
      severity="warning", group="wording", basis="A disclosure names its own unit consistently")
def unit_name_variant(ctx: DocContext) -> Iterator[Finding]:
    """A name differing from the document's own unit name by a typo (one character replaced, two
    swapped), in the text or in a unit-level performance table."""
    name = ctx.disclosure.unit.name
    if len(name) < 6:
        return
    head, tail = name[:3], name[-1]
    pattern = re.compile(re.escape(head) + r"[^，。；：、,;:\s]{" + str(len(name) - 4) + "}" + re.escape(tail))
    seen: set[str] = set()
    for text, loc in ctx.text_lines():
        for m in pattern.finditer(text):
            cand = m.group(0)
            if cand == name or cand in seen:
                continue
            if typo_of(cand, name):
                seen.add(cand)
                yield ctx.finding("BL957.variant", {"text": cand, "name": name}, location=ctx.loc(loc),
                                  evidence=text, highlight=[cand], expected=name, actual=cand)
    for p in ctx.disclosure.performance:
        if p.level == "unit" and p.name and typo_of(p.name, name):
            yield ctx.finding("BL957.performance_table", {"text": p.name, "name": name},
                              location=ctx.loc(p.location), evidence=p.title, expected=name, actual=p.name,
                              severity=Severity.WARNING)


_CLAUSE_SPLIT = lazy(r"[。；;！？]")
_SUBJECT_YEAR = lazy(r"(?<![比较与同至到和及、\d])((?:19|20)\d{2})\s*年(?!\s*\d{1,2}\s*月)")
_BASE_YEAR = lazy(r"[比较]\s*((?:19|20)\d{2})\s*年([^，,。；;]{0,16}?)(增加|减少|增长|下降|上升|降低|持平|基本持平)")
_POINT_IN_YEAR = lazy(r"\s*(?:度\s*)?(?:初|底|末|中|上半年|下半年|前|后|同期|第|[一二三四]季度|\d)")
# the base names another measure of the same year: a final account against that year's budget,
# a budget against that year's execution
_OTHER_MEASURE = {"final": lazy(r"预算|年初|调整"), "budget": lazy(r"执行|决算|实际|调整")}


@rule("BL958", "year-compared-with-itself", "A year compared with itself",
      severity="error", group="wording",
      basis="A change is stated against another year (上年); “2025年…比2025年减少” names one of them wrongly")
def year_compared_with_itself(ctx: DocContext) -> Iterator[Finding]:
    """A sentence whose subject is year Y's figure and which compares it “比Y年” with the same
    measure of the same year (“2025年“三公”经费预算13.85万元，比2025年减少5.45万元” in a 2026
    budget): the subject's year or the base's is not the one meant. A final account against that
    year's budget (比2024年年初预算), a budget against that year's execution, is not this."""
    other = _OTHER_MEASURE.get(ctx.kind or "")
    for text, loc in ctx.text_lines():
        for clause in _CLAUSE_SPLIT.split(text):
            subj = _SUBJECT_YEAR.search(clause)
            if subj is None:
                continue
            for m in _BASE_YEAR.finditer(clause, subj.end()):
                if m.group(1) != subj.group(1):
                    continue
                if _POINT_IN_YEAR.match(m.group(2)) or _POINT_IN_YEAR.match(clause[subj.end():]):
                    continue  # 年末 against 年初, one quarter against another: two points of one year
                if other is not None and other.search(m.group(2)):
                    continue
                if ctx.kind is None and re.search(r"预算|决算|执行|年初|调整|实际", m.group(2)):
                    continue
                y = int(subj.group(1))
                expected = str(ctx.year) if ctx.year is not None and ctx.year != y else None
                yield ctx.finding("BL958.with_report_year" if expected else "BL958.same_year",
                                  {"subject": subj.group(0), "compared": m.group(0), "stated": y,
                                   "year": ctx.year if expected else None},
                                  location=ctx.loc(loc), evidence=clause.strip(),
                                  highlight=[subj.group(0), m.group(0)], expected=expected, actual=str(y))
                break


_SELF_BUMEN = lazy(r"(?:本|我)部门(?![（(/／]单位)")
# the functions (主要职能/职责) are quoted from the department's 三定 text, which speaks of the 部门
_FUNCTIONS_HEAD = lazy(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．])?\s*(?:主要|部门|单位)?(?:职能|职责)"
                             r"(?:和|与|及)?[^，。；]{0,8}$")
_PART_HEAD = lazy(r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、)")


@rule("BL959", "self-called-bumen-in-unit-disclosure", "A 单位 disclosure calls its unit 本部门",
      severity="warning", group="wording",
      basis="公开格式: a single unit publishes 单位预决算 and speaks of itself as 本单位; 本部门 is the 部门 template's word")
def self_called_bumen(ctx: DocContext) -> Iterator[Finding]:
    """In a disclosure whose title says 单位预算/单位决算, the unit speaking of itself as 本部门/我部门
    — the 部门 template's phrase left in. 部门 naming another body (主管部门, 各部门, 部门预算 as a
    term) is not this, nor are the functions (主要职能) quoted from the department's 三定 text; 本单位 in
    a 部门 disclosure is not judged, the 部门 is a budget unit too."""
    d = ctx.disclosure
    title_m = _TITLE_WORD.search(d.title or "")
    if d.unit.level_word != "单位" or title_m is None or title_m.group(1) != "单位":
        return
    in_functions = False
    for text, loc in ctx.text_lines():
        t = text.strip()
        if _FUNCTIONS_HEAD.match(t):
            in_functions = True
        elif _PART_HEAD.match(t):
            in_functions = False
        if in_functions:
            continue
        for m in _SELF_BUMEN.finditer(text):
            yield ctx.finding("BL959.bumen", {"text": m.group(0), "title_word": title_m.group(0)}, location=ctx.loc(loc),
                              evidence=text, highlight=[m.group(0)], expected="本单位", actual=m.group(0))
