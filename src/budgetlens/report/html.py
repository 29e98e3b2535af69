"""A self-contained HTML report (no external assets) a person can send to a colleague."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from budgetlens.check.findings import Finding, Report, Severity
from budgetlens.check.registry import group_label
from budgetlens.i18n import current_lang, format_decimal, t
from budgetlens.report.highlight import highlight_html

_TEMPLATES = Path(__file__).resolve().parent / "templates"


def _env() -> Environment:
    env = Environment(loader=FileSystemLoader(str(_TEMPLATES)), autoescape=select_autoescape(["j2", "html"]),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["highlight"] = lambda f: highlight_html(f.evidence, f.highlight)
    return env


def _num(v: Any) -> str:
    """A figure as the documents print it (1,535.81); text as it is."""
    return "" if v is None else format_decimal(v) if isinstance(v, Decimal) else str(v)


def render_html(report: Report) -> str:
    by_doc: dict[str, dict[str, dict[str, list[Finding]]]] = {}
    for d in report.documents:
        by_doc[d.document] = {s.value: defaultdict(list) for s in Severity}
    extra: list[Finding] = []
    for f in report.findings:
        if f.document in by_doc:
            by_doc[f.document][f.severity.value][f.group].append(f)
        else:
            extra.append(f)
    template = _env().get_template("report.html.j2")
    return template.render(
        report=report,
        summary=report.summary(),
        by_doc=by_doc,
        extra=extra,
        group_label=group_label,
        severity_label=lambda s: Severity(s).label(),
        t=t,
        html_lang="zh-CN" if current_lang() == "zh" else "en",
        severities=[s.value for s in Severity],
        num=_num,
    )
