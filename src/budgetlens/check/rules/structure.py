"""Structure and completeness: required tables and sections, contents, empty tables."""

from __future__ import annotations

import re
from collections.abc import Iterator

from budgetlens.check.context import DocContext
from budgetlens.check.findings import Finding, Severity
from budgetlens.check.registry import rule
from budgetlens.check.standard import REQUIRED_SECTIONS, REQUIRED_TABLES, TABLE_SHORT, TABLE_TITLES
from budgetlens.figures import parse_number
from budgetlens.model import Grid, Location, Table
from budgetlens.patterns import lazy
from budgetlens.recognize.segment import compact
from budgetlens.recognize.toc import printed_tables, source_lines, table_id_of, table_title

BASIS_FORMAT = "财政部部门预算/决算公开格式 (财预〔2016〕143号 and yearly templates)"
_ATTACHED = lazy(r"见附[表件]|附[表件][:：]|详见附")


@rule("BL101", "kind-year-known", "Document kind and year could not be determined",
      severity="warning", group="structure", basis="A disclosure names its year and whether it is a 预算 or 决算")
def kind_year_known(ctx: DocContext) -> Iterator[Finding]:
    """The title should say which year and whether it is a budget or a final account; without them
    the rules that depend on the kind or the year cannot run."""
    missing = [w for w, v in (("kind", ctx.disclosure.kind), ("year", ctx.disclosure.year)) if v is None]
    if missing:
        which: dict[tuple[str, ...], str] = {("kind",): "BL101.unknown_kind", ("year",): "BL101.unknown_year"}
        yield ctx.finding(which.get(tuple(missing), "BL101.unknown_kind_and_year"), {},
                          evidence=ctx.disclosure.title)


@rule("BL102", "required-tables", "A required standard table is missing",
      severity="error", group="structure", basis=BASIS_FORMAT)
def required_tables(ctx: DocContext) -> Iterator[Finding]:
    """Every standard table of the kind must be published, even when empty (then marked 空表).

    Absence needs positive evidence: a table whose title is printed in the body, or whose content
    another printed table carries (“政府性基金收支总表”), was published and only not read (a parse
    warning says so); a table the document neither lists in its 目录 nor prints may simply not be
    part of its region's template. A table listed in the document's own 目录 and printed nowhere is
    missing; one the text calls empty (空表) but that is not printed is noted (info). When no table
    is in the file and the text refers to attached tables (见附表), only the text part was given:
    a parse warning, not a finding."""
    kind = ctx.kind
    if kind not in REQUIRED_TABLES:
        return
    present = {t.id for t in ctx.disclosure.tables if t.id}
    missing = [t for t in REQUIRED_TABLES[kind] if t not in present]
    if not missing:
        return
    toc_lines = {e.location for e in ctx.disclosure.toc}
    printed_lines = source_lines(ctx.source) if ctx.source is not None else list(ctx.text_lines())
    lines = [(text, loc) for text, loc in printed_lines if loc not in toc_lines or loc == Location()]
    printed = printed_tables(lines, kind)
    if not present and not printed and any(_ATTACHED.search(text) for text, _ in lines):
        return  # the tables are a separate attachment: the reader's parse warning says so
    titles = [t for t in (table_title(text) for text, _ in lines if "《" not in text) if t]
    listed = {e.target or table_id_of(e.title, kind) for e in ctx.disclosure.toc}
    said_empty: list[str] = []
    real: list[str] = []
    for tid in missing:
        short = TABLE_SHORT.get(tid)
        if tid in printed or (short and any(short in t for t in titles)):
            continue  # printed (or carried by another printed table) but not read
        if short and any(short in text and "空表" in text for text, _ in lines):
            said_empty.append(tid)
        elif tid in listed:
            real.append(tid)
    for tid in said_empty:
        yield ctx.finding("BL102.said_empty", {"table_id": tid, "table": TABLE_TITLES[tid]},
                          location=ctx.loc(table=tid), severity=Severity.INFO)
    if real:
        yield ctx.finding("BL102.missing", {"count": len(real), "table_ids": real,
                                            "tables": [TABLE_TITLES[t] for t in real]})


# A topic the template may cover by two sections (收入预算 and 支出预算 explained apart)
_BOTH: dict[str, tuple[str, str]] = {
    "收支预算总体情况": ("收入预算", "支出预算"),
    "收入支出决算总体情况": ("收入决算", "支出决算"),
}
# Topics a disclosure may publish as tables only (绩效目标表, 政府采购预算明细表, “三公”经费支出表…):
# not looked for in a file that holds no table (its tables were published apart)
_TABLE_TOPICS = {"收支预算总体情况", "收入支出决算总体情况", "“三公”经费", "政府采购", "预算绩效", "机关运行经费"}


@rule("BL103", "required-sections", "A required section of the explanation is missing",
      severity="warning", group="structure", basis=BASIS_FORMAT)
def required_sections(ctx: DocContext) -> Iterator[Finding]:
    """The explanation part must cover each required topic (职能, 机构, 收支, 三公, 机关运行经费,
    政府采购, 国有资产, 绩效, 名词解释). A topic counts as present when a heading or any sentence names
    it (收支 also when income and expense are explained in two sections). In a file without any
    table, the topics a template may publish as tables are not looked for."""
    kind = ctx.kind
    if kind not in REQUIRED_SECTIONS or not ctx.disclosure.headings:
        return
    lines = list(ctx.text_lines())
    texts = [h.title for h in ctx.disclosure.headings] + [t for t, _ in lines]
    blob = "\n".join(texts)
    no_tables = not ctx.disclosure.tables and not printed_tables(lines, kind)
    for label, alternatives in REQUIRED_SECTIONS[kind]:
        if any(a in blob for a in alternatives):
            continue
        pair = _BOTH.get(label)
        if pair and all(w in blob for w in pair):
            continue
        if no_tables and label in _TABLE_TOPICS:
            continue
        yield ctx.finding("BL103.missing", {"topic": label})


@rule("BL104", "toc-entry-missing", "Listed in the contents but missing from the body",
      severity="error", group="structure", basis=BASIS_FORMAT)
def toc_entry_missing(ctx: DocContext) -> Iterator[Finding]:
    """Every entry of the table of contents (目录) must be found in the document."""
    no_tables = not ctx.disclosure.tables
    attached = no_tables and any(_ATTACHED.search(text) for text, _ in ctx.text_lines())
    for entry in ctx.disclosure.toc:
        if entry.present is False:
            if attached and ((entry.target or "")[:1] in ("B", "F") or entry.title.endswith("表")):
                continue  # tables published as an attachment: BL102 reports them once
            yield ctx.finding("BL104.not_found", {"entry": entry.title},
                              location=ctx.loc(entry.location), evidence=entry.title)


# What each table is about: a sentence explaining its emptiness names one of these (all the words
# of one group); a fund said to be zero explains the tables of its parts too (一般公共预算拨款支出
# 预算为0: no 基本支出 of it either)
_SUBJECT: dict[str, tuple[tuple[str, ...], ...]] = {
    "B01": (("收支",),), "B02": (("收入",),), "B03": (("支出",),), "B04": (("财政拨款",),),
    "B05": (("一般公共预算",),), "B06": (("基本支出",), ("一般公共预算",)),
    "B07": (("项目支出",), ("一般公共预算",)),
    "B08": (("政府性基金",),), "B09": (("国有资本经营",),), "B10": (("三公",),), "B11": (("结转",), ("结余",)),
    "F01": (("收入", "支出"),), "F02": (("收入",),), "F03": (("支出",),), "F04": (("财政拨款",),),
    "F05": (("一般公共预算",),), "F06": (("基本支出",), ("一般公共预算",)), "F07": (("政府性基金",),),
    "F08": (("国有资本经营",),), "F09": (("三公",),),
}
# "此表为空", "本表无数据", "本单位无政府性基金预算", "未安排", "不涉及", "预算为0", "0.00万元"
_EMPTY_WORDS = lazy(
    r"空表|无数据|没有数据|为空|无(?!偿|锡)|没有|未安排|未编制|不涉及|为0(?![.\d])|为零|为0\.0+(?!\d)|(?<![\d.,])0(?:\.0+)?万?元"
)
_TITLE_NOISE = lazy(r"20\d{2}年度?|部门|单位|预算|决算|情况|总体|[“”\"（）()]")


def _subjects(table: Table) -> tuple[tuple[str, ...], ...]:
    if table.id in _SUBJECT:
        return _SUBJECT[table.id]
    core = _TITLE_NOISE.sub("", compact(table.title))
    return ((core[:6],),) if core else ()


def _explained(table: Table, lines: list[str]) -> bool:
    """A sentence anywhere (the text part, a note under the table, the 说明) that names the table's
    subject and says there is nothing in it."""
    subjects = _subjects(table)
    title = compact(table.title)
    for text in lines:
        for sentence in re.split(r"[。；;！!，,]", compact(text)):
            if "空表" in sentence and title[:8] in sentence:
                return True
            if any(all(w in sentence for w in group) for group in subjects) and _EMPTY_WORDS.search(sentence):
                return True
    return False


def _figure(text: str, column: int = 99) -> bool:
    """A printed amount other than zero; 3, 5 or 7 digits alone in one of the first columns are a
    科目 code (类 213, 款 21301, 项 2130101), a small number alone a row or column number."""
    value = parse_number(text)
    if value is None or value == 0:
        return False
    t = text.strip()
    if "." in t or "," in t:
        return True
    return not ((column < 3 and len(t) in (3, 5, 7)) or len(t) <= 2)


def _printed(table: Table, ctx: DocContext) -> tuple[bool | None, list[str]]:
    """The table as printed: whether its grid (at the table's place in the source, with the pieces
    continuing it) holds a figure other than zero — None when the source has no grid there — and
    the lines printed around it (between its title and the next table's title)."""
    if ctx.source is None or table.location.table is None:
        return None, []
    blocks = ctx.source.blocks
    start = next((i for i, b in enumerate(blocks) if isinstance(b, Grid) and b.location.page == table.location.page
                  and b.location.table == table.location.table), None)
    if start is None:
        return None, []
    around: list[str] = []
    for i in range(start - 1, max(start - 6, -1), -1):
        block = blocks[i]
        if isinstance(block, Grid):
            break
        around.append(block.text)
        if table_title(block.text):
            break
    figures = False
    for i in range(start, min(start + 12, len(blocks))):
        block = blocks[i]
        if isinstance(block, Grid):
            if i > start and not block.continues:
                break
            figures = figures or any(_figure(c.text, k) for row in block.rows for k, c in enumerate(row))
            if i == start and _is_catalogue(block):
                return None, []
        elif table_title(block.text):
            break
        else:
            around.append(block.text)
    return figures, around


def _is_catalogue(grid: Grid) -> bool:
    """A printed list of the tables (报表目录: 表1 | 收支总表 | 是否空表 | 理由), not a table of figures."""
    return sum(1 for row in grid.rows if any(table_title(c.text) for c in row)) >= 3


def _catalogue_rows(ctx: DocContext) -> list[str]:
    """The rows of printed lists of tables, whose 是否空表 / 理由 columns explain empty tables."""
    if ctx.source is None:
        return []
    return [" ".join(c.text for c in row) for b in ctx.source.blocks if isinstance(b, Grid) and _is_catalogue(b)
            for row in b.rows]


# "注：本表本年无发生额。", "此表无数据", "该表为空": a note that speaks of the table it stands by
_OWN_NOTE = lazy(r"(?:本|此|该)表[^。；]{0,20}(?:无|没有|为空|空表|未发生|不涉及|为0|为零)")


@rule("BL105", "empty-table-unexplained", "Empty table without an explanation",
      severity="warning", group="structure", basis="公开格式: an empty table is published with a note saying why it is empty")
def empty_table_unexplained(ctx: DocContext) -> Iterator[Finding]:
    """A table published empty must be explained (“本单位无…，此表为空表”), under the table or
    anywhere in the text. Emptiness is decided on the printed table: a table the reader took no
    figure from but whose printed grid holds figures is a reading failure (a parse warning), not
    an empty table."""
    lines: list[str] | None = None
    for t in ctx.disclosure.tables:
        has_values = any(v is not None and v != 0 for r in t.rows for v in r.values.values())
        if has_values or t.empty_note:
            continue
        if any(_figure(cell, k) for r in t.rows for k, cell in enumerate(r.raw)):
            continue  # figures printed in the rows, not placed in columns
        figures, around = _printed(t, ctx)
        if figures is None and ctx.source is not None and t.location.table is not None:
            continue  # no printed table of figures at that place (a list of the tables, say)
        if figures or any(_OWN_NOTE.search(compact(text)) for text in around):
            continue
        if lines is None:
            lines = [text for text, _ in ctx.text_lines()] + [n for n in (x.empty_note for x in ctx.disclosure.tables) if n]
            lines += _catalogue_rows(ctx)
        if _explained(t, lines):
            continue
        yield ctx.finding("BL105.unexplained", {"table_id": t.id or "", "table": " ".join(t.title.split())},
                          location=ctx.loc(table=t), evidence=t.title)
