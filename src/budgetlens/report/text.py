"""The terminal report: grouped by document and severity, coloured, with counts."""

from __future__ import annotations

import io

from rich.console import Console
from rich.text import Text

from budgetlens.check.findings import Report, Severity
from budgetlens.i18n import t
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


def _label(sev: Severity) -> str:
    """The severity's name, padded to one width in the language (错误 / error  )."""
    label = sev.label()
    return label if not label.isascii() else f"{label:<7}"


def render_text(report: Report, color: bool | None = None, width: int = 110) -> str:
    buf = io.StringIO()
    console = Console(file=buf, force_terminal=bool(color), no_color=not color, width=width, highlight=False,
                      emoji=False)
    summary = report.summary()
    for doc in report.documents:
        mine = [f for f in report.findings if f.document == doc.document]
        head = Text(f"{doc.document}", style="bold")
        kind = t(f"kind.{doc.kind}") if doc.kind else "?"
        head.append(f"  {doc.unit or '?'} · {doc.year or '?'} · {kind}", style="dim")
        console.print(head)
        if doc.profile:
            line = Text("  " + t("report.scoring_profile") + " ", style="dim")
            line.append(doc.profile, style="bold")
            if doc.profile_reason:
                line.append(t("report.reason", reason=doc.profile_reason), style="dim")
            console.print(line)
        if not mine:
            console.print(Text("  " + t("report.no_findings"), style="green"))
        for sev in Severity:
            group = [f for f in mine if f.severity is sev]
            for f in group:
                line = Text("  ")
                line.append(f"{f.rule} {_label(sev)}", style=STYLE[sev])
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
        console.print(Text(f"  {f.rule} {_label(f.severity)} ", style=STYLE[f.severity]) + Text(f"{f.document}: {f.message}"))
    sev = summary["by_severity"]
    tail = Text(t("report.total", findings=summary["findings"], documents=summary["documents"]))
    tail.append(t("report.errors", n=sev["error"]), style=STYLE[Severity.ERROR])
    tail.append(t("report.and"))
    tail.append(t("report.warnings", n=sev["warning"]), style=STYLE[Severity.WARNING])
    tail.append(t("report.and"))
    tail.append(t("report.infos", n=sev["info"]), style=STYLE[Severity.INFO])
    if summary["profile"]:
        tail.append(t("report.rules_run_profile", rules=summary["rules_run"], profile=summary["profile"]))
    else:
        tail.append(t("report.rules_run", rules=summary["rules_run"]))
    console.print(tail)
    return buf.getvalue()
