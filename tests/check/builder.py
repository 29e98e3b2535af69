"""Build small Disclosure objects from the compact YAML used by the rule cases."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from budgetlens.model import (
    Change,
    Column,
    Disclosure,
    FactOccurrence,
    FundingRow,
    Heading,
    Indicator,
    Kind,
    Location,
    Measure,
    Paragraph,
    PerformanceTable,
    ProjectListItem,
    Source,
    Staff,
    Statement,
    Table,
    TableRow,
    TocEntry,
    Unit,
)


def dec(v: Any) -> Decimal | None:
    if v is None:
        return None
    return Decimal(str(v))


def measure(text: str | None) -> Measure | None:
    if text is None:
        return None
    m = re.fullmatch(r"\s*(>=|<=|=|>|<)?\s*(-?\d+(?:\.\d+)?)\s*(.*)", text)
    if not m:
        return Measure(text=text, qualitative=text)
    return Measure(text=text, comparator=m.group(1), value=Decimal(m.group(2)), unit=m.group(3) or None)


def _loc(d: dict[str, Any]) -> Location:
    return Location(line=d.get("line"), page=d.get("page"), table=d.get("table_index"))


def statement(d: dict[str, Any]) -> Statement:
    ch = d.get("change")
    change = None
    if ch:
        change = Change(direction=ch["direction"], amount=dec(ch.get("amount")), rate=dec(ch.get("rate")),
                        rate_direction=ch.get("rate_direction"), base=ch.get("base", "上年"),
                        prior=dec(ch.get("prior")))
    return Statement(
        subject=d.get("subject", ""), scope=d.get("scope", "document"), location=_loc(d),
        evidence=d.get("evidence", d.get("subject", "")), key=d.get("key"), amount=dec(d.get("amount")),
        share=dec(d.get("share")), share_of=d.get("share_of"), change=change, budget=dec(d.get("budget")),
        actual=dec(d.get("actual")), diff_rate=dec(d.get("diff_rate")), code=d.get("code"),
        unit=d.get("unit", "万元"), parts=[statement(p) for p in d.get("parts", [])],
        completion_rate=dec(d.get("completion_rate")),
    )


def table(d: dict[str, Any]) -> Table:
    rows = []
    for i, r in enumerate(d.get("rows", [])):
        rows.append(TableRow(
            name=r.get("name", ""), values={k: dec(v) for k, v in (r.get("values") or {}).items()},
            location=Location(line=r.get("line", i + 1)), code=str(r["code"]) if r.get("code") is not None else None,
            code_kind=r.get("code_kind"), is_total=bool(r.get("is_total", False)), side=r.get("side"),
            raw=[str(x) for x in r.get("raw", [])], project=r.get("project"),
        ))
    return Table(id=d.get("id"), title=d.get("title", d.get("id") or ""),
                 columns=[Column(key=c, label=c) if isinstance(c, str) else Column(key=c["key"], label=c.get("label", c["key"]))
                          for c in d.get("columns", [])], rows=rows,
                 location=Location(line=d.get("line")), empty=bool(d.get("empty", False)),
                 empty_note=d.get("empty_note"))


def performance(d: dict[str, Any]) -> PerformanceTable:
    funding = [FundingRow(label=f["label"], location=Location(line=f.get("line")),
                          initial_budget=dec(f.get("initial_budget")), annual_budget=dec(f.get("annual_budget")),
                          executed=dec(f.get("executed")), weight=dec(f.get("weight")),
                          execution_rate=dec(f.get("execution_rate")), score=dec(f.get("score")))
               for f in d.get("funding", [])]
    inds = [Indicator(level1=i.get("level1", ""), level2=i.get("level2", ""), name=i["name"],
                      location=Location(line=i.get("line")), weight=dec(i.get("weight")),
                      target=measure(i.get("target")), actual=measure(i.get("actual")),
                      completion_rate=dec(i.get("completion_rate")), stated_score=dec(i.get("score")),
                      rule=i.get("rule"), deviation=i.get("deviation"))
            for i in d.get("indicators", [])]
    return PerformanceTable(table_kind=d.get("table_kind", "self_evaluation"), level=d.get("level", "project"),
                            title=d.get("title", d.get("name", "")), location=Location(line=d.get("line")),
                            name=d.get("name", ""), funding=funding, indicators=inds,
                            stated_total=dec(d.get("stated_total")), total_weight=dec(d.get("total_weight")),
                            amount=dec(d.get("amount")), amount_fiscal=dec(d.get("amount_fiscal")),
                            amount_other=dec(d.get("amount_other")), unsure=list(d.get("unsure", [])), implementer=d.get("implementer"),
                            amount_from_tasks=bool(d.get("amount_from_tasks", False)), goal=d.get("goal"),
                            outcome=d.get("outcome"))


def disclosure(d: dict[str, Any], path: str = "case.txt") -> tuple[Disclosure, Source | None]:
    u = d.get("unit") or {}
    st = u.get("staff") or {}
    unit = Unit(name=u.get("name", "测试单位办公室"), level_word=u.get("level_word", ""), departments=list(u.get("departments", [])),
                department_count=u.get("department_count"), sub_units=list(u.get("sub_units", [])),
                sub_unit_count=u.get("sub_unit_count"), structure_evidence=u.get("structure_evidence", ""),
                staff=Staff(**{k: v for k, v in st.items() if k != "line"}, location=Location(line=st.get("line"))))
    kind = d.get("kind", "final")
    doc = Disclosure(kind=Kind(kind) if kind else None, year=d.get("year", 2024), unit=unit,
                     title=d.get("title", ""), source_path=d.get("path", path))
    for key, value in (d.get("facts") or {}).items():
        doc.facts[key] = Decimal(str(value))
        doc.fact_occurrences.append(FactOccurrence(key=key, value=Decimal(str(value)), location=Location(),
                                                   evidence=f"{key} {value}", origin="text"))
    for o in d.get("occurrences", []):
        doc.fact_occurrences.append(FactOccurrence(
            key=o["key"], value=Decimal(str(o["value"])), location=Location(line=o.get("line"), table=o.get("table_index")),
            evidence=o.get("evidence", ""), origin=o.get("origin", "text"), scope=o.get("scope", "document"),
            unit=o.get("unit", "万元")))
        doc.facts.setdefault(o["key"], Decimal(str(o["value"])))
    doc.statements = [statement(s) for s in d.get("statements", [])]
    doc.tables = [table(t) for t in d.get("tables", [])]
    doc.performance = [performance(p) for p in d.get("performance", [])]
    doc.project_list = [ProjectListItem(name=p["name"], amount=dec(p.get("amount")), code=p.get("code"),
                                        location=Location(line=p.get("line"))) for p in d.get("project_list", [])]
    doc.headings = [Heading(level=h[0], marker="", title=h[1], location=Location(line=h[2] if len(h) > 2 else None))
                    for h in d.get("headings", [])]
    doc.toc = [TocEntry(level=e.get("level", 1), title=e["title"], location=Location(line=e.get("line")),
                        present=e.get("present")) for e in d.get("toc", [])]
    source = None
    if "lines" in d:
        source = Source(path=doc.source_path, format="text",
                        blocks=[Paragraph(text=t, location=Location(line=i + 1)) for i, t in enumerate(d["lines"])])
    if source is not None and "pages" in d:  # a PDF of d["pages"] pages, d["blank_pages"] printing nothing
        source.format, source.pages, source.blank_pages = "pdf", d["pages"], list(d.get("blank_pages", []))
    return doc, source
