"""Human-readable views of a parsed disclosure: the summary of ``parse --format text`` and the
stage-by-stage dump of ``parse --debug``."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from budgetlens.i18n import localized, named, t
from budgetlens.model import Disclosure, Grid, Paragraph, Source
from budgetlens.recognize import Trace
from budgetlens.recognize.segment import TableRegion


def _fmt(value: Decimal | None) -> str:
    return "-" if value is None else f"{value}"


def render_summary(doc: Disclosure) -> str:
    """The summary of ``parse --format text``, in the reader's language (``budgetlens.i18n``)."""
    kind = t(f"summary.kind.{doc.kind}") if doc.kind is not None else t("summary.kind.unknown")
    lines = [
        t("summary.title", unit=doc.unit.name or t("summary.unit_not_found"), year=doc.year or "?", kind=kind),
        t("summary.source", path=doc.source_path, format=doc.source_format, layouts=", ".join(doc.layouts) or "-"),
    ]
    if doc.is_template:
        lines.append(t("summary.template"))
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
        lines.append(t("summary.staff", staff=staff))
    if u.department_count is not None or u.departments:
        lines.append(t("summary.departments", count=u.department_count, names="、".join(u.departments)))
    if u.sub_unit_count is not None:
        lines.append(t("summary.sub_units", count=u.sub_unit_count))
    lines.append("")
    lines.append(t("summary.headings", count=len(doc.headings)))
    for h in doc.headings:
        if h.level <= 1:
            lines.append(f"  {'  ' * h.level}{h.marker}{h.title}")
    if doc.toc:
        missing = [e.title for e in doc.toc if e.present is False]
        lines.append(t("summary.contents", count=len(doc.toc), missing=len(missing)))
        lines.extend(t("summary.contents_missing", title=title) for title in missing)
    lines.append("")
    lines.append(t("summary.tables", count=len(doc.tables)))
    for tb in doc.tables:
        if tb.empty:
            state = t("summary.table_empty_note", note=tb.empty_note[:40]) if tb.empty_note else t("summary.table_empty")
        else:
            state = t("summary.table_rows", count=len(tb.rows))
        lines.append(f"  {tb.id or '??'} {tb.title}: {state}")
    if doc.project_list:
        lines.append(t("summary.project_list", count=len(doc.project_list)))
        lines.extend(f"  {p.name}: {_fmt(p.amount)}" for p in doc.project_list)
    lines.append("")
    lines.append(t("summary.performance", count=len(doc.performance)))
    for p in doc.performance:
        total = t("summary.stated", score=_fmt(p.stated_total)) if p.stated_total is not None else ""
        computed = t("summary.recomputed", score=_fmt(p.computed_score)) if p.computed_score is not None else ""
        what = "/".join((named("perf_kind", p.table_kind), named("perf_level", p.level)))
        lines.append(f"  [{what}] {p.name}: "
                     + t("summary.indicators", count=len(p.indicators)) + total + computed)
    lines.append("")
    lines.append(t("summary.statements", count=len(doc.statements)))
    lines.append(t("summary.facts", count=len(doc.facts)))
    for key, value in sorted(doc.facts.items()):
        lines.append(f"  {key} = {value}")
    if doc.warnings:
        lines.append("")
        lines.append(t("summary.warnings", count=len(doc.warnings)))
        lines.extend(f"  {localized(w)}" for w in doc.warnings)
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
