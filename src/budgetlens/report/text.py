"""The terminal report: grouped by document and severity, coloured, with counts."""

from __future__ import annotations

import io

from rich.console import Console
from rich.text import Text

from budgetlens.check.findings import Report, Severity
from budgetlens.report.highlight import spans

STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def _evidence(evidence: str, marks: list[str], limit: int = 160) -> Text:
    text = Text(evidence)
    for a, b in spans(evidence, marks):
        text.stylize("bold reverse", a, b)
    if len(evidence) > limit:
        first = spans(evidence, marks)
        start = max(0, first[0][0] - limit // 2) if first else 0
        text = text[start:start + limit]
        if start > 0:
            text = Text("…") + text
        text.append("…")
    return text


def render_text(report: Report, color: bool | None = None, width: int = 110) -> str:
    buf = io.StringIO()
    console = Console(file=buf, force_terminal=bool(color), no_color=not color, width=width, highlight=False,
                      emoji=False)
    summary = report.summary()
    for doc in report.documents:
        mine = [f for f in report.findings if f.document == doc.document]
        head = Text(f"{doc.document}", style="bold")
        head.append(f"  {doc.unit or '?'} · {doc.year or '?'} · {doc.kind or '?'}", style="dim")
        console.print(head)
        if doc.profile:
            line = Text("  scoring profile ", style="dim")
            line.append(doc.profile, style="bold")
            if doc.profile_reason:
                line.append(f" ({doc.profile_reason})", style="dim")
            console.print(line)
        if not mine:
            console.print(Text("  no findings", style="green"))
        for sev in Severity:
            group = [f for f in mine if f.severity is sev]
            for f in group:
                line = Text("  ")
                line.append(f"{f.rule} {sev.value:<7}", style=STYLE[sev])
                where = f.location.describe()
                if where:
                    line.append(f" [{where}]", style="dim")
                line.append(f" {f.message}")
                console.print(line)
                if f.evidence:
                    ev = Text("      “", style="dim") + _evidence(f.evidence, f.highlight) + Text("”", style="dim")
                    console.print(ev)
        console.print()
    others = [f for f in report.findings if f.document not in {d.document for d in report.documents}]
    for f in others:
        console.print(Text(f"  {f.rule} {f.severity.value:<7} ", style=STYLE[f.severity]) + Text(f"{f.document}: {f.message}"))
    sev = summary["by_severity"]
    tail = Text(f"{summary['findings']} findings in {summary['documents']} document(s): ")
    tail.append(f"{sev['error']} errors", style=STYLE[Severity.ERROR])
    tail.append(", ")
    tail.append(f"{sev['warning']} warnings", style=STYLE[Severity.WARNING])
    tail.append(", ")
    tail.append(f"{sev['info']} info", style=STYLE[Severity.INFO])
    tail.append(f"  ({summary['rules_run']} rules")
    if summary["profile"]:
        tail.append(f"; scoring profile {summary['profile']}")
    tail.append(")")
    console.print(tail)
    return buf.getvalue()
