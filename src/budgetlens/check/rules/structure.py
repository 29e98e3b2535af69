"""Structure and completeness: required tables and sections, contents, empty tables."""

from __future__ import annotations

import re
from collections.abc import Iterator

from budgetlens.check.context import DocContext
from budgetlens.check.findings import Finding, Severity
from budgetlens.check.registry import rule
from budgetlens.check.standard import REQUIRED_SECTIONS, REQUIRED_TABLES, TABLE_SHORT, TABLE_TITLES

BASIS_FORMAT = "财政部部门预算/决算公开格式 (财预〔2016〕143号 and yearly templates)"
_ATTACHED = re.compile(r"见附[表件]|附[表件][:：]|详见附")


@rule("BL101", "kind-year-known", "Document kind and year could not be determined",
      severity="warning", group="structure", basis="A disclosure names its year and whether it is a 预算 or 决算")
def kind_year_known(ctx: DocContext) -> Iterator[Finding]:
    """The title should say which year and whether it is a budget or a final account; without them
    the rules that depend on the kind or the year cannot run."""
    missing = [w for w, v in (("kind", ctx.disclosure.kind), ("year", ctx.disclosure.year)) if v is None]
    if missing:
        yield ctx.finding(f"could not determine the document's {' and '.join(missing)}; kind- and year-specific rules were skipped",
                          evidence=ctx.disclosure.title)


@rule("BL102", "required-tables", "A required standard table is missing",
      severity="error", group="structure", basis=BASIS_FORMAT)
def required_tables(ctx: DocContext) -> Iterator[Finding]:
    """Every standard table of the kind must be published, even when empty (then marked 空表)."""
    kind = ctx.kind
    if kind not in REQUIRED_TABLES:
        return
    present = {t.id for t in ctx.disclosure.tables if t.id}
    missing = [t for t in REQUIRED_TABLES[kind] if t not in present]
    if not missing:
        return
    lines = list(ctx.text_lines())
    said_empty = []
    for tid in missing:
        short = TABLE_SHORT.get(tid)
        if short and any(short in text and "空表" in text for text, _ in lines):
            said_empty.append(tid)
    real = [t for t in missing if t not in said_empty]
    attached = any(_ATTACHED.search(text) for text, _ in lines)
    if attached and len(present) == 0:
        # the tables are published as an attachment: one finding for all of them, empty ones included
        names = "、".join(f"{t} {TABLE_TITLES[t]}" for t in real)
        empty = "、".join(f"{t} {TABLE_TITLES[t]}" for t in said_empty)
        listed = "; ".join(x for x in (names, f"said to be empty (空表): {empty}" if empty else "") if x)
        yield ctx.finding(f"no standard table is in this file; the text refers to attached tables (见附表), which must be published with it: {listed}",
                          severity=Severity.WARNING)
        return
    for tid in said_empty:
        yield ctx.finding(f"{tid} {TABLE_TITLES[tid]}: the text says it is empty (空表) but the table itself is not published",
                          location=ctx.loc(table=tid), severity=Severity.INFO)
    if real:
        names = "、".join(f"{t} {TABLE_TITLES[t]}" for t in real)
        yield ctx.finding(f"{len(real)} required table(s) missing: {names}")


@rule("BL103", "required-sections", "A required section of the explanation is missing",
      severity="warning", group="structure", basis=BASIS_FORMAT)
def required_sections(ctx: DocContext) -> Iterator[Finding]:
    """The explanation part must cover each required topic (职能, 机构, 收支, 三公, 机关运行经费,
    政府采购, 国有资产, 绩效, 名词解释). A topic counts as present when a heading or any sentence names it."""
    kind = ctx.kind
    if kind not in REQUIRED_SECTIONS or not ctx.disclosure.headings:
        return
    texts = [h.title for h in ctx.disclosure.headings] + [t for t, _ in ctx.text_lines()]
    blob = "\n".join(texts)
    for label, alternatives in REQUIRED_SECTIONS[kind]:
        if not any(a in blob for a in alternatives):
            yield ctx.finding(f"no section or statement about {label}")


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
            yield ctx.finding(f"“{entry.title}” is listed in the contents but not found in the document",
                              location=ctx.loc(entry.location), evidence=entry.title)


@rule("BL105", "empty-table-unexplained", "Empty table without an explanation",
      severity="warning", group="structure", basis="公开格式: an empty table is published with a note saying why it is empty")
def empty_table_unexplained(ctx: DocContext) -> Iterator[Finding]:
    """A table published empty must be explained (“本单位无…，此表为空表”), in the table or the text."""
    lines = None
    for t in ctx.disclosure.tables:
        has_values = any(v is not None and v != 0 for r in t.rows for v in r.values.values())
        if not (t.empty or (not t.rows) or not has_values) or t.empty_note:
            continue
        if lines is None:
            lines = [text for text, _ in ctx.text_lines()]
        short = TABLE_SHORT.get(t.id or "", t.title[:6])
        if any("空表" in text and (short in text or t.title[:8] in text) for text in lines):
            continue
        if any(("无" in text or "没有" in text) and short in text for text in lines):
            continue
        yield ctx.finding(f"{t.id or ''} {t.title} is empty and no sentence explains why",
                          location=ctx.loc(table=t), evidence=t.title)
