"""Human-readable views of a parsed disclosure: the summary of ``parse --format text`` and the
stage-by-stage dump of ``parse --debug``."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from budgetlens.model import Disclosure, Grid, Paragraph, Source
from budgetlens.recognize import Trace
from budgetlens.recognize.segment import TableRegion


def _fmt(value: Decimal | None) -> str:
    return "-" if value is None else f"{value}"


def render_summary(doc: Disclosure) -> str:
    kind = {"budget": "budget (预算)", "final": "final account (决算)"}.get(str(doc.kind), "unknown kind")
    lines = [
        f"{doc.unit.name or '(unit not found)'} — {doc.year or '?'} {kind}",
        f"source: {doc.source_path} [{doc.source_format}; layouts: {', '.join(doc.layouts) or '-'}]",
    ]
    if doc.is_template:
        lines.append("this document is a template (placeholders, not figures)")
    u = doc.unit
    s = u.staff
    staff = [
        f"{label} {value}"
        for label, value in (
            ("编制", s.authorized),
            ("实有", s.actual),
            ("在职", s.in_service),
            ("退休", s.retired),
            ("离休", s.retired_cadre),
        )
        if value is not None
    ]
    if staff:
        lines.append("staff: " + ", ".join(staff))
    if u.department_count is not None or u.departments:
        lines.append(f"departments ({u.department_count}): {'、'.join(u.departments)}")
    if u.sub_unit_count is not None:
        lines.append(f"sub-units: {u.sub_unit_count}")
    lines.append("")
    lines.append(f"headings: {len(doc.headings)}")
    for h in doc.headings:
        if h.level <= 1:
            lines.append(f"  {'  ' * h.level}{h.marker}{h.title}")
    if doc.toc:
        missing = [e.title for e in doc.toc if e.present is False]
        lines.append(f"contents: {len(doc.toc)} entries, {len(missing)} not present in the body")
        lines.extend(f"  missing: {t}" for t in missing)
    lines.append("")
    lines.append(f"tables: {len(doc.tables)}")
    for t in doc.tables:
        state = "empty" + (f" ({t.empty_note[:40]}…)" if t.empty_note else "") if t.empty else f"{len(t.rows)} rows"
        lines.append(f"  {t.id or '??'} {t.title}: {state}")
    if doc.project_list:
        lines.append(f"project list (table 7): {len(doc.project_list)}")
        lines.extend(f"  {p.name}: {_fmt(p.amount)}" for p in doc.project_list)
    lines.append("")
    lines.append(f"performance tables: {len(doc.performance)}")
    for p in doc.performance:
        total = f"stated {_fmt(p.stated_total)}" if p.stated_total is not None else ""
        computed = f", recomputed {_fmt(p.computed_score)}" if p.computed_score is not None else ""
        lines.append(f"  [{p.table_kind}/{p.level}] {p.name}: {len(p.indicators)} indicators {total}{computed}")
    lines.append("")
    lines.append(f"statements: {len(doc.statements)}")
    lines.append(f"facts: {len(doc.facts)}")
    for key, value in sorted(doc.facts.items()):
        lines.append(f"  {key} = {value}")
    if doc.warnings:
        lines.append("")
        lines.append(f"warnings: {len(doc.warnings)}")
        lines.extend(f"  {w}" for w in doc.warnings)
    return "\n".join(lines)


def _block_lines(source: Source) -> list[str]:
    out = [f"== read: {source.format}, layouts {source.layouts}, {len(source.blocks)} blocks"]
    for b in source.blocks:
        where = b.location.describe()
        if isinstance(b, Paragraph):
            out.append(f"  P [{where}] {b.text[:100]}")
        elif isinstance(b, Grid):
            out.append(f"  G [{where}] {b.layout} aligned={b.aligned} rows={len(b.rows)}")
            for row in b.rows[:60]:
                out.append("      | " + " | ".join(c.text[:24] for c in row))
    return out


def _describe(value: Any) -> list[str]:
    if isinstance(value, list):
        out = [f"  {len(value)} items"]
        for item in value[:200]:
            if isinstance(item, TableRegion):
                out.append(f"  TABLE no={item.number} title={item.title} preamble={item.preamble} rows={len(item.grid.rows)}")
            elif isinstance(item, Paragraph):
                out.append(f"  PARA [{item.location.describe()}] {item.text[:90]}")
            else:
                out.append(f"  {str(item)[:160]}")
        return out
    return [f"  {str(value)[:400]}"]


def render_debug(trace: Trace) -> str:
    lines: list[str] = []
    for name, value in trace.stages:
        if isinstance(value, Source):
            lines.extend(_block_lines(value))
            continue
        lines.append(f"== {name}")
        lines.extend(_describe(value))
    return "\n".join(lines)
