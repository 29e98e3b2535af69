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
from budgetlens.web.pageimage import find_boxes, marks_of, render_png
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
    with settings.lock:
        summary = add_items(settings.library, named, named_problems, workers=1, region=region)
    for o in summary.outcomes:
        d = o.to_dict()
        d["message"] = str(d["message"]).replace(stored, rec.name)
        d["sha256"] = rec.sha256
        if d["status"] == "already" and d["document"] is None and named and not named[0].member:
            d["document"] = _document_with(settings, rec.sha256)
        out.append(d)
    if summary.stopped:
        raise LibraryError(summary.stopped)
    return out


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
    """The lines around line ``line`` (1-based) of a text source, numbered; [] for other formats."""
    from budgetlens.errors import InputError
    from budgetlens.read.text import decode

    with settings.library.session() as s:
        doc = s.get(Document, doc_id)
        if doc is None or doc.format != "text":
            return []
        original = settings.library.stored(doc.stored_path)  # from the database, never from the request
    try:
        lines = decode(original.read_bytes(), original.name).splitlines()
    except (OSError, InputError):
        return []
    first = max(1, line - CONTEXT_BEFORE)
    last = min(len(lines), line + CONTEXT_AFTER)
    return [(n, lines[n - 1].replace("\t", "    ")) for n in range(first, last + 1)]


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
