"""The recognise stage: Source -> Disclosure.

Each step is a function of the segments and the model built so far. A step that fails on an
unexpected document adds a warning naming itself and the others still run, so a partial model
always comes out. ``recognize(source, trace)`` records what every step produced for
``budgetlens parse --debug``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from budgetlens.i18n import Message, msg
from budgetlens.model import Disclosure, Paragraph, Source, Unit
from budgetlens.recognize.segment import Segment, segment

Step = Callable[[Disclosure, list[Segment]], Any]


@dataclass(slots=True)
class Trace:
    """What each stage produced, for inspection."""

    stages: list[tuple[str, Any]] = field(default_factory=list)

    def add(self, name: str, value: Any) -> None:
        self.stages.append((name, value))


def _steps() -> list[tuple[str, Step]]:
    from budgetlens.recognize.document import recognize_document
    from budgetlens.recognize.facts import resolve_facts
    from budgetlens.recognize.narrative import recognize_statements
    from budgetlens.recognize.performance import recognize_performance
    from budgetlens.recognize.profile import recognize_profile
    from budgetlens.recognize.tables import recognize_tables
    from budgetlens.recognize.toc import resolve_toc

    return [
        ("document", recognize_document),
        ("profile", recognize_profile),
        ("tables", recognize_tables),
        ("performance", recognize_performance),
        ("statements", recognize_statements),
        ("toc", resolve_toc),
        ("facts", resolve_facts),
    ]


def recognize(source: Source, trace: Trace | None = None) -> Disclosure:
    segments = segment(source)
    if trace is not None:
        trace.add("read", source)
        trace.add("segment", segments)
    doc = Disclosure(kind=None, year=None, unit=Unit(), source_path=source.path, source_format=source.format)
    doc.layouts = list(source.layouts)
    doc.warnings.extend(source.warnings)
    doc.paragraphs = [s.text for s in segments if isinstance(s, Paragraph)]
    for name, step in _steps():
        try:
            result = step(doc, segments)
        except Exception as exc:  # a bug in one step must not lose the rest of the model
            doc.warnings.append(Message("parse.step_failed", step=name, error=f"{type(exc).__name__}: {exc}"))
            result = None
        if trace is not None:
            trace.add(name, result)
    _completeness(doc, segments)
    _score(doc, trace)
    return doc


def _score(doc: Disclosure, trace: Trace | None) -> None:
    """Recompute the performance scores under the profile that fits (``computed_score`` is part
    of the parse contract); the check stage reuses the result."""
    from budgetlens.score import score_disclosure

    try:
        doc.scoring = score_disclosure(doc)
    except Exception as exc:  # scoring must not lose the parsed model
        doc.warnings.append(Message("parse.scoring_failed", error=f"{type(exc).__name__}: {exc}"))
        return
    doc.scoring_profile = doc.scoring.choice.profile.name
    if trace is not None:
        trace.add("score", doc.scoring)


NOT_A_DISCLOSURE = "the text does not look like a budget or final-account disclosure"


def looks_like_disclosure(doc: Disclosure) -> bool:
    return doc.kind is not None or bool(doc.tables or doc.performance or doc.facts)


def _completeness(doc: Disclosure, segments: list[Segment]) -> None:
    """Warnings that let a user trust a partial model: not a disclosure at all, or cut short."""
    if not looks_like_disclosure(doc):
        doc.warnings.append(Message("parse.not_a_disclosure"))
        return
    if doc.unit.name == "":
        doc.warnings.append(Message("parse.no_unit_name"))
    if doc.year is None:
        doc.warnings.append(Message("parse.no_year"))
    if segments:
        last = segments[-1]
        if isinstance(last, Paragraph):
            text = last.text.rstrip()
            if text and not text.endswith(("。", "；", ".", "）", ")", "日", "表", "事项", "说明", "解释")) and len(text) > 30:
                where = [msg("location.page", page=last.location.page)] if last.location.page is not None else []
                where += [msg("location.line", line=last.location.line)] if last.location.line is not None else []
                doc.warnings.append(Message("parse.truncated", where=where))
    missing = [e.title for e in doc.toc if e.present is False and e.level == 0]
    if missing:
        doc.warnings.append(Message("parse.toc_parts_missing", parts=missing))
