"""Reports of a check: JSON (the contract), terminal text (rich), self-contained HTML (Jinja2)."""

from __future__ import annotations

from budgetlens.check.findings import Report
from budgetlens.report.html import render_html
from budgetlens.report.json import render_json
from budgetlens.report.text import render_text

FORMATS = ("json", "text", "html")


def render(report: Report, fmt: str = "text", color: bool | None = None) -> str:
    if fmt == "json":
        return render_json(report)
    if fmt == "html":
        return render_html(report)
    if fmt == "text":
        return render_text(report, color=color)
    raise ValueError(f"unknown report format {fmt!r}; one of {', '.join(FORMATS)}")


__all__ = ["FORMATS", "render", "render_html", "render_json", "render_text"]
