"""Reports of a check: JSON (the contract), terminal text (rich), self-contained HTML (Jinja2)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from budgetlens.check.findings import Report

if TYPE_CHECKING:
    from budgetlens.report.html import render_html
    from budgetlens.report.json import render_json
    from budgetlens.report.text import render_text

FORMATS = ("json", "text", "html")


def render(report: Report, fmt: str = "text", color: bool | None = None) -> str:
    # each writer is imported when its format is asked for: JSON needs neither rich nor Jinja2
    if fmt == "json":
        from budgetlens.report.json import render_json

        return render_json(report)
    if fmt == "html":
        from budgetlens.report.html import render_html

        return render_html(report)
    if fmt == "text":
        from budgetlens.report.text import render_text

        return render_text(report, color=color)
    raise ValueError(f"unknown report format {fmt!r}; one of {', '.join(FORMATS)}")


__all__ = ["FORMATS", "render", "render_html", "render_json", "render_text"]


def __getattr__(name: str) -> Any:
    if name in ("render_html", "render_json", "render_text"):
        import importlib

        return getattr(importlib.import_module(f"budgetlens.report.{name.removeprefix('render_')}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
