"""Downloads of a document's report: its findings (with their review) as JSON, CSV, XLSX and a
self-contained HTML page, and an annotated copy of a PDF source (pypdf, BSD): a red box at each
place a finding's figure is printed and a note with the finding's message.

Everything is built from the library (the document's stored original, its findings and reviews);
nothing from the request names a file.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from budgetlens.serialize import jsonable
from budgetlens.web.pageimage import find_boxes, marks_of
from budgetlens.web.texts import Texts

FORMATS = {"json": "application/json", "csv": "text/csv; charset=utf-8",
           "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
           "html": "text/html; charset=utf-8"}
COLUMNS = ("rule", "severity", "group", "title", "message", "page", "table", "row", "column", "line", "expected",
           "actual", "evidence", "fingerprint", "review", "review_note", "reviewer")
HERE = Path(__file__).resolve().parent
NOTE_SIZE = 18.0  # the side of a note's icon, in points


def flat(f: dict[str, Any]) -> dict[str, Any]:
    """A finding as one row of a table."""
    loc = f.get("location") or {}
    review = f.get("review") or {}
    return {"rule": f["rule"], "severity": f["severity"], "group": f.get("group") or "", "title": f.get("title") or "",
            "message": f["message"], "page": loc.get("page"), "table": loc.get("table"), "row": loc.get("row"),
            "column": loc.get("column"), "line": loc.get("line"), "expected": f.get("expected"),
            "actual": f.get("actual"), "evidence": f.get("evidence") or "", "fingerprint": f["fingerprint"],
            "review": review.get("verdict"), "review_note": review.get("note"), "reviewer": review.get("reviewer")}


def _public(doc: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in doc.items() if k not in ("stored_path",)}


def report(doc: dict[str, Any], findings: list[dict[str, Any]], fmt: str, T: Texts) -> bytes:
    """The report of one document in ``fmt`` (json, csv, xlsx or html)."""
    if fmt == "json":
        body = {"document": _public(doc), "findings": findings}
        return json.dumps(jsonable(body), ensure_ascii=False, indent=2).encode()
    rows = [flat(f) for f in findings]
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\r\n")
        w.writeheader()
        for r in rows:
            w.writerow({k: _cell(v) for k, v in r.items()})
        return ("\ufeff" + buf.getvalue()).encode()  # the BOM: spreadsheet programs then read it as UTF-8
    if fmt == "xlsx":
        return _xlsx(doc, rows, T)
    if fmt == "html":
        from budgetlens.web.app import amount

        env = Environment(loader=FileSystemLoader(str(HERE / "templates")), autoescape=select_autoescape(["html"]))
        env.filters["amount"] = amount
        return env.get_template("report.html").render(doc=doc, findings=findings, T=T).encode()
    raise ValueError(fmt)


def _cell(v: Any) -> Any:
    if v is None:
        return ""
    if isinstance(v, Decimal):
        return format(v, "f")
    return v


def _xlsx(doc: dict[str, Any], rows: list[dict[str, Any]], T: Texts) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = T.findings[:31]
    ws.append(list(COLUMNS))
    for r in rows:
        ws.append([_cell(r[c]) if not isinstance(r[c], Decimal) else r[c] for c in COLUMNS])
    head = PatternFill("solid", fgColor="EEF1F5")
    for c in ws[1]:
        c.font = Font(bold=True)
        c.fill = head
    widths = {"message": 70, "evidence": 50, "title": 24, "row": 20, "fingerprint": 18, "review_note": 30}
    for i, name in enumerate(COLUMNS, start=1):
        ws.column_dimensions[ws.cell(1, i).column_letter].width = widths.get(name, 10)
    for row in ws.iter_rows(min_row=2):
        for c in row:
            c.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    facts = wb.create_sheet(T.facts[:31])
    facts.append([T.fact_key, T.fact_value])
    for k, v in (doc.get("facts") or {}).items():
        facts.append([k, v])
    facts.column_dimensions["A"].width = 36
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def annotated_pdf(pdf: Path, findings: list[dict[str, Any]], T: Texts) -> bytes:
    """A copy of the PDF with a box at each place a finding's figure is printed on the page it cites,
    and a note (the finding's rule and message) beside it; a finding whose figure is not found on
    its page gets its note in the page's top left corner."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.annotations import Rectangle, Text

    writer = PdfWriter(clone_from=PdfReader(str(pdf)))
    count = len(writer.pages)
    corner: dict[int, int] = {}
    for f in findings:
        page = (f.get("location") or {}).get("page")
        if not isinstance(page, int) or not 1 <= page <= count:
            continue
        box = writer.pages[page - 1].mediabox
        left, top, right = float(box.left), float(box.top), float(box.right)
        severity = T.get(f["severity"], f["severity"])
        note = f"{f['rule']}（{severity}）{f.get('title') or ''}\n{f['message']}"
        places = find_boxes(pdf, page, marks_of(f.get("actual"), f.get("expected")))
        for x0, y_top, x1, y_bottom in places:
            rect = (left + x0 - 2, top - y_bottom - 2, left + x1 + 2, top - y_top + 2)
            square = Rectangle(rect=rect, border_color="dc0000")
            writer.add_annotation(page - 1, _with_contents(square, note))
        if places:
            y_top = places[0][1]  # the note in the right margin, level with the first box
            anchor = (right - NOTE_SIZE - 6, top - y_top - NOTE_SIZE + 4)
        else:
            n = corner.get(page, 0)
            corner[page] = n + 1
            anchor = (left + 6 + n * (NOTE_SIZE + 4), top - NOTE_SIZE - 6)
        icon = Text(rect=(anchor[0], anchor[1], anchor[0] + NOTE_SIZE, anchor[1] + NOTE_SIZE), text=note, open=False)
        writer.add_annotation(page - 1, icon)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _with_contents(annotation: Any, text: str) -> Any:
    from pypdf.generic import NameObject, TextStringObject

    annotation[NameObject("/Contents")] = TextStringObject(text)
    return annotation
