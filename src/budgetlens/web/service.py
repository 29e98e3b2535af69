"""What pages and API share: ingesting an upload, a document with everything it holds, page images.

Everything goes through the library's public functions; documents are named by their id only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import HTTPException
from fastapi.responses import Response
from sqlalchemy import select

from budgetlens.library import LibraryError
from budgetlens.library.collect import Item, Problem, collect
from budgetlens.library.ingest import add_items
from budgetlens.library.models import DocTable, Document, FindingRow
from budgetlens.library.queries import list_findings, show_document
from budgetlens.web.app import Settings
from budgetlens.web.pageimage import PDFIUM, find_boxes, marks_of, render_png
from budgetlens.web.texts import Texts
from budgetlens.web.uploads import Body, Received

SEVERITIES = ("error", "warning", "info")


class NotFound(Exception):
    pass


def ingest(settings: Settings, body: Body) -> list[dict[str, Any]]:
    """Add the uploaded files to the library, each under its client's name; one outcome per file
    (per member for a zip archive)."""
    out: list[dict[str, Any]] = []
    try:
        for rec in body.files:
            out.extend(ingest_one(settings, rec, region_of(body)))
    finally:
        body.cleanup()
    return out


def region_of(body: Body) -> str | None:
    """The region the uploaded documents are of (the form field ``region``; part of a unit's identity)."""
    text = " ".join(body.fields.get("region", "").split())[:100]
    return text or None


def ingest_one(settings: Settings, rec: Received, region: str | None = None) -> list[dict[str, Any]]:
    """One uploaded file (a zip archive: each of its members) added to the library, read and checked."""
    if rec.path is None:
        return [{"path": rec.name, "status": "refused", "message": f"{rec.name}: {rec.problem}",
                 "document": None, "findings": 0, "sha256": rec.sha256 or None}]
    out: list[dict[str, Any]] = []
    stored = str(rec.path)
    items, problems = collect([rec.path])
    named = [Item(i.display.replace(stored, rec.name, 1), i.path, i.member) for i in items]
    named_problems = [Problem(p.display.replace(stored, rec.name, 1), p.message.replace(stored, rec.name))
                      for p in problems]
    with settings.lock, PDFIUM:  # reading a PDF uses pdfium, which page images use from other threads
        summary = add_items(settings.library, named, named_problems, workers=1, region=region)
    for o in summary.outcomes:
        d = o.to_dict()
        d["message"] = str(d["message"]).replace(stored, rec.name)
        d["sha256"] = rec.sha256
        if d["status"] == "already" and d["document"] is None and named and not named[0].member:
            d["document"] = _document_with(settings, rec.sha256)
        if d["status"] == "already" and d["document"] is not None:
            _unreadable_before(settings, d)
        out.append(d)
    if summary.stopped:
        raise LibraryError(summary.stopped)
    return out


def _unreadable_before(settings: Settings, outcome: dict[str, Any]) -> None:
    """A file already in the library that could not be read then: say why again (``unreadable``)."""
    with settings.library.session() as s:
        doc = s.get(Document, outcome["document"])
        if doc is not None and doc.status != "ok":
            outcome["unreadable"] = True
            outcome["message"] = f"{outcome['message']}; {doc.error or ''}".strip("; ")


def _document_with(settings: Settings, sha256: str) -> int | None:
    with settings.library.session() as s:
        return s.scalars(select(Document.id).where(Document.sha256 == sha256)).first()


def get_document(settings: Settings, doc_id: int) -> dict[str, Any]:
    try:
        return show_document(settings.library, str(doc_id))
    except LibraryError:
        raise NotFound(doc_id) from None


def findings_of(settings: Settings, doc_id: int) -> list[dict[str, Any]]:
    try:
        return list_findings(settings.library, str(doc_id))
    except LibraryError:
        raise NotFound(doc_id) from None


def full_tables(settings: Settings, doc_id: int) -> list[dict[str, Any]]:
    """Every recognised table with its columns and rows (the contract's shapes)."""
    with settings.library.session() as s:
        if s.get(Document, doc_id) is None:
            raise NotFound(doc_id)
        return [{"id": t.table_id, "number": t.number, "title": t.title, "page": t.page,
                 "unit_of_amount": t.unit_of_amount, "columns": list(t.columns or []), "rows": list(t.rows or []),
                 "warnings": list(t.warnings or [])}
                for t in s.scalars(select(DocTable).where(DocTable.document_id == doc_id).order_by(DocTable.id))]


def standard_tables(kind: str | None, found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The standard tables of the document's kind, each with whether it was found and where."""
    from budgetlens.recognize.table_specs import SPECS

    pages: dict[str, Any] = {}
    for t in found:
        if t.get("id"):
            pages.setdefault(t["id"], t.get("page"))
    return [{"id": s.id, "name": s.name, "found": s.id in pages, "page": pages.get(s.id)}
            for s in SPECS if kind is None or s.kind == kind]


def finding_by_fingerprint(settings: Settings, doc_id: int, fingerprint: str) -> dict[str, Any]:
    for f in findings_of(settings, doc_id):
        if f["fingerprint"] == fingerprint:
            return f
    raise NotFound(fingerprint)


CONTEXT_BEFORE, CONTEXT_AFTER = 3, 6  # a cited line may start a row laid out one cell per line


def text_context(settings: Settings, doc_id: int, line: int) -> list[tuple[int, str]]:
    """The lines around line ``line`` (1-based) of a text source, numbered; for a Word or HTML
    source the paragraphs around paragraph ``line`` (the number its reader gives each one);
    [] for other formats."""
    from budgetlens.errors import InputError
    from budgetlens.read.text import decode

    with settings.library.session() as s:
        doc = s.get(Document, doc_id)
        if doc is None or doc.format not in ("text", "docx", "html"):
            return []
        original = settings.library.stored(doc.stored_path)  # from the database, never from the request
        fmt = doc.format
    try:
        if fmt == "text":
            numbered = list(enumerate(decode(original.read_bytes(), original.name).splitlines(), start=1))
        else:
            numbered = _paragraphs(original)
    except (OSError, InputError):
        return []
    first, last = line - CONTEXT_BEFORE, line + CONTEXT_AFTER
    return [(n, text.replace("\t", "    ")) for n, text in numbered if first <= n <= last]


def _paragraphs(original: Path) -> list[tuple[int, str]]:
    """The numbered paragraphs of a Word or HTML source, as its reader numbers them."""
    from budgetlens.model.source import Paragraph
    from budgetlens.read import read_source

    source = read_source(str(original))
    return [(b.location.line, b.text) for b in source.blocks
            if isinstance(b, Paragraph) and b.location.line is not None]


CELLS_AROUND = 3  # rows shown before and after the cited row of a table


def table_context(settings: Settings, doc_id: int, location: dict[str, Any]) -> dict[str, Any] | None:
    """The rows around the row a finding cites in the table it cites (as recognised and stored):
    the columns, the rows with their source place (sheet and cell, table and row, or page), the
    cited row's index and the cited column's key; None when the finding cites no table row."""
    table_id, row_name = location.get("table"), location.get("row")
    if not table_id or not row_name:
        return None
    with settings.library.session() as s:
        tables = s.scalars(select(DocTable).where(DocTable.document_id == doc_id, DocTable.table_id == table_id)
                           .order_by(DocTable.id)).all()
        for t in tables:
            rows = list(t.rows or [])
            at = next((i for i, r in enumerate(rows) if r.get("name") == row_name), None)
            if at is None:
                continue
            first, last = max(0, at - CELLS_AROUND), min(len(rows), at + CELLS_AROUND + 1)
            return {"id": t.table_id, "title": t.title, "page": t.page, "unit_of_amount": t.unit_of_amount,
                    "columns": list(t.columns or []), "cited": at - first, "column": location.get("column"),
                    "rows": [{**r, "place": _place(r.get("location") or {})} for r in rows[first:last]]}
    return None


def _place(loc: dict[str, Any]) -> str:
    """Where a row is printed in its source: sheet and cell, Word table and row, or page."""
    if loc.get("sheet"):
        return f"{loc['sheet']}!{loc.get('cell') or ''}".rstrip("!")
    if loc.get("page"):
        return f"p.{loc['page']}"
    if loc.get("table") is not None and loc.get("row") is not None:
        return f"#{loc['table'] + 1}:{loc['row'] + 1}"
    if loc.get("line"):
        return f"L{loc['line']}"
    return ""


def page_png(settings: Settings, doc_id: int, page: int, fingerprint: str | None) -> bytes:
    """The PNG of a page of a PDF document, with the figures of one of its findings boxed."""
    with settings.library.session() as s:
        doc = s.get(Document, doc_id)
        if doc is None or doc.format != "pdf" or not doc.pages or not 1 <= page <= doc.pages:
            raise NotFound(doc_id)
        pdf: Path = settings.library.stored(doc.stored_path)  # from the database, never from the request
        row = None
        if fingerprint:
            row = s.scalars(select(FindingRow).where(FindingRow.fingerprint == fingerprint,
                                                     FindingRow.document_id == doc_id)).first()
    if not pdf.is_file():
        raise NotFound(doc_id)
    boxes = []
    if row is not None:
        boxes = find_boxes(pdf, page, marks_of(row.actual, row.expected))
    return render_png(pdf, page, boxes)


def report_response(settings: Settings, doc_id: int, fmt: str, T: Texts) -> Response:
    """The report of a document as a download (json, csv, xlsx or html)."""
    from budgetlens.web.downloads import FORMATS, report

    if fmt not in FORMATS:
        raise HTTPException(404, f"{fmt}: no such report format (json, csv, xlsx or html)")
    try:
        doc = get_document(settings, doc_id)
        findings = [f for f in findings_of(settings, doc_id) if f["document_id"] == doc_id]
    except NotFound:
        raise HTTPException(404, f"{doc_id}: no such document") from None
    body = report(doc, findings, fmt, T)
    return Response(body, media_type=FORMATS[fmt], headers={
        "Content-Disposition": f'attachment; filename="budgetlens-report-{doc_id}.{fmt}"'})


def annotated_response(settings: Settings, doc_id: int, T: Texts) -> Response:
    """A copy of a PDF source with a box and a note at each finding."""
    from budgetlens.web.downloads import annotated_pdf

    with settings.library.session() as s:
        doc = s.get(Document, doc_id)
        if doc is None or doc.format != "pdf":
            raise HTTPException(404, f"{doc_id}: no such PDF document")
        pdf: Path = settings.library.stored(doc.stored_path)  # from the database, never from the request
    if not pdf.is_file():
        raise HTTPException(404, f"{doc_id}: the stored original is missing")
    findings = [f for f in findings_of(settings, doc_id) if f["document_id"] == doc_id]
    body = annotated_pdf(pdf, findings, T)
    return Response(body, media_type="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="budgetlens-annotated-{doc_id}.pdf"'})


_READINGS: dict[str, dict[str, Any]] = {}
_READINGS_KEEP = 8


def reading_of(settings: Settings, doc_id: int) -> dict[str, Any] | None:
    """What was read, beyond what the library keeps: the parts (第X部分 headings), the document's
    目录 with whether each entry was found and as what, and the performance tables recomputed
    (``budgetlens score --format json``: the scoring profile assumed and why, each table's stated
    and recomputed scores, each formula and the rounding). The stored original is read again (kept
    for the last few documents asked); None for an unreadable document."""
    from budgetlens.read import read_source
    from budgetlens.recognize import recognize
    from budgetlens.score.render import to_dict

    with settings.library.session() as s:
        doc = s.get(Document, doc_id)
        if doc is None:
            raise NotFound(doc_id)
        if doc.status != "ok":
            return None
        key = f"{doc.sha256}:{doc.parser_version}"  # a re-check by a newer reader reads it again
        stored, name = settings.library.stored(doc.stored_path), doc.path.rsplit("/", 1)[-1]
    if key in _READINGS:
        return _READINGS[key]
    with PDFIUM:
        source = read_source(str(stored))
    d = recognize(source)
    result = {
        "parts": [{"marker": h.marker, "title": h.title, "page": h.location.page, "line": h.location.line}
                  for h in d.headings if h.level == 0],
        "toc": [{"level": e.level, "title": e.title, "present": e.present, "target": e.target,
                 "page": e.location.page} for e in d.toc],
        "performance": to_dict(d.scoring, name) if d.scoring is not None and d.scoring.tables else None,
    }
    if len(_READINGS) >= _READINGS_KEEP:
        _READINGS.pop(next(iter(_READINGS)))
    _READINGS[key] = result
    return result


def performance_of(settings: Settings, doc_id: int) -> dict[str, Any] | None:
    """The performance tables recomputed (see ``reading_of``); None without one."""
    reading = reading_of(settings, doc_id)
    return reading["performance"] if reading else None
