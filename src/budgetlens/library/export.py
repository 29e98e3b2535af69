"""Exporting the library: CSV (a folder, a file per kind of record), XLSX (a sheet per kind,
formatted for people), JSON (one file) and a Fiscal Data Package of the facts (a folder: a
Tabular Data Package whose fields carry the Fiscal Data Package budget taxonomy's column types).
Each is written under a temporary name and moved into place when complete, so a failed export
leaves nothing half-written.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import tempfile
import unicodedata
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select

from budgetlens.errors import os_reason
from budgetlens.i18n import Message, as_param, t_or
from budgetlens.library.models import (
    DocTable,
    Document,
    Fact,
    FactOccurrence,
    FindingRow,
    Project,
    Review,
    Unit,
    UnitName,
)
from budgetlens.library.queries import latest_reviews, stored_number
from budgetlens.library.records import finding_text
from budgetlens.library.store import Library, LibraryError

FORMATS = ("csv", "xlsx", "json", "fdp")
FOLDER_FORMATS = ("csv", "fdp")
WAN = Decimal(10000)  # 万元 → 元

# Every kind of record and its columns, in order. Columns named in DECIMAL hold exact amounts.
COLUMNS: dict[str, list[str]] = {
    "documents": ["id", "path", "sha256", "status", "error", "format", "pages", "kind", "year", "unit", "unit_id",
                  "region", "title", "parser_version", "rules_version", "added_at", "checked_at"],
    "units": ["id", "key", "region", "level", "names"],
    "facts": ["document_id", "path", "kind", "year", "unit", "key", "value", "measure", "scope"],
    "tables": ["document_id", "path", "table_id", "number", "title", "page", "unit_of_amount", "rows"],
    "projects": ["document_id", "path", "name", "table_kind", "amount", "stated_score", "computed_score"],
    "findings": ["document_id", "path", "other_document_id", "rule", "severity", "group", "title", "message",
                 "page", "table", "row", "column", "line", "expected", "actual", "evidence", "fingerprint",
                 "review", "review_note", "reviewer"],
    "reviews": ["fingerprint", "verdict", "note", "reviewer", "time"],
}
DECIMAL = {"value", "amount", "stated_score", "computed_score", "expected", "actual"}


def records(lib: Library) -> dict[str, list[dict[str, Any]]]:
    """Every record of the library by kind, amounts as ``Decimal``."""
    out: dict[str, list[dict[str, Any]]] = {k: [] for k in COLUMNS}
    with lib.session() as s:
        docs = {d.id: d for d in s.scalars(select(Document).order_by(Document.id))}
        for d in docs.values():
            out["documents"].append({"id": d.id, "path": d.path, "sha256": d.sha256, "status": d.status, "error": d.error,
                                     "format": d.format, "pages": d.pages, "kind": d.kind, "year": d.year,
                                     "unit": d.unit_name, "unit_id": d.unit_id, "region": d.region, "title": d.title,
                                     "parser_version": d.parser_version, "rules_version": d.rules_version,
                                     "added_at": d.added_at.isoformat(), "checked_at": d.checked_at.isoformat()})
        names: dict[int, list[str]] = {}
        for un in s.scalars(select(UnitName).order_by(UnitName.id)):
            names.setdefault(un.unit_id, []).append(un.name)
        for u in s.scalars(select(Unit).order_by(Unit.id)):
            out["units"].append({"id": u.id, "key": u.key, "region": u.region or None, "level": u.level_word,
                                 "names": " | ".join(names.get(u.id, []))})

        def about(doc_id: int) -> dict[str, Any]:
            d = docs[doc_id]
            return {"document_id": d.id, "path": d.path}

        units_of: dict[tuple[int, str], str] = {}
        for doc_id, key, unit in s.execute(select(FactOccurrence.document_id, FactOccurrence.key, FactOccurrence.unit)
                                           .order_by(FactOccurrence.id)):
            units_of.setdefault((doc_id, key), unit)
        for f in s.scalars(select(Fact).order_by(Fact.document_id, Fact.key)):
            d = docs[f.document_id]
            out["facts"].append({**about(d.id), "kind": d.kind, "year": d.year, "unit": d.unit_name, "key": f.key,
                                 "value": f.value, "scope": f.scope, "measure": units_of.get((d.id, f.key), ""),
                                 "unit_id": d.unit_id, "region": d.region})
        for t in s.scalars(select(DocTable).order_by(DocTable.document_id, DocTable.id)):
            out["tables"].append({**about(t.document_id), "table_id": t.table_id, "number": t.number, "title": t.title,
                                  "page": t.page, "unit_of_amount": t.unit_of_amount, "rows": len(t.rows or [])})
        for p in s.scalars(select(Project).order_by(Project.document_id, Project.id)):
            out["projects"].append({**about(p.document_id), "name": p.name, "table_kind": p.table_kind, "amount": p.amount,
                                    "stated_score": p.stated_score, "computed_score": p.computed_score})
        rows = s.scalars(select(FindingRow).order_by(FindingRow.document_id, FindingRow.id)).all()
        reviews = latest_reviews(s, sorted({r.fingerprint for r in rows}))
        for r in rows:
            loc = r.location or {}
            rv = reviews.get(r.fingerprint)
            out["findings"].append({**about(r.document_id), "other_document_id": r.other_document_id, "rule": r.rule,
                                    "severity": r.severity, "group": r.grp, "title": t_or(f"{r.rule}.title", r.title),
                                    "message": finding_text(r.message_id, r.params, r.message),
                                    "page": loc.get("page"), "table": loc.get("table"), "row": loc.get("row"),
                                    "column": loc.get("column"), "line": loc.get("line"),
                                    "expected": stored_number(r.expected), "actual": stored_number(r.actual), "evidence": r.evidence,
                                    "fingerprint": r.fingerprint, "review": rv.verdict if rv else None,
                                    "review_note": rv.note if rv else None, "reviewer": rv.reviewer if rv else None})
        for rv in s.scalars(select(Review).order_by(Review.id)):
            out["reviews"].append({"fingerprint": rv.fingerprint, "verdict": rv.verdict, "note": rv.note,
                                   "reviewer": rv.reviewer, "time": rv.created_at.isoformat()})
    return out



def export(lib: Library, target: Path, fmt: str | None = None) -> dict[str, int]:
    """Write the library to ``target``; return the number of records of each kind."""
    fmt = fmt or target.suffix.lower().lstrip(".") or "csv"
    if fmt not in FORMATS:
        raise LibraryError(Message("liberr.export_format", target=str(target), fmt=repr(fmt)))
    if not target.parent.is_dir():
        raise LibraryError(Message("liberr.no_such_folder", folder=str(target.parent)))
    data = records(lib)
    writer: Callable[[dict[str, list[dict[str, Any]]], Path], None] = {
        "csv": _write_csv, "xlsx": _write_xlsx, "json": _write_json, "fdp": _write_fdp}[fmt]
    try:
        if fmt in FOLDER_FORMATS:
            if target.exists() and not target.is_dir():
                raise LibraryError(Message("liberr.not_a_folder", target=str(target), fmt=fmt))
            tmp = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}."))
            try:
                writer(data, tmp)
                target.mkdir(exist_ok=True)
                for f in sorted(tmp.iterdir()):
                    os.replace(f, target / f.name)
            finally:
                shutil.rmtree(tmp, ignore_errors=True)
        else:
            fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=f".{fmt}")
            os.close(fd)
            try:
                writer(data, Path(name))
                os.replace(name, target)
            except BaseException:
                Path(name).unlink(missing_ok=True)
                raise
    except OSError as exc:
        raise LibraryError(Message("liberr.cannot_write", target=str(target), reason=as_param(os_reason(exc)) if exc.errno else str(exc))) from None
    return {k: len(v) for k, v in data.items()}


def _cell(v: Any) -> Any:
    if isinstance(v, Decimal):
        return format(v, "f")
    return "" if v is None else v


def _write_csv(data: dict[str, list[dict[str, Any]]], folder: Path) -> None:
    for kind, cols in COLUMNS.items():
        with (folder / f"{kind}.csv").open("w", encoding="utf-8-sig", newline="") as f:
            w = csv.writer(f)
            w.writerow(cols)
            for rec in data[kind]:
                w.writerow([_cell(rec.get(c)) for c in cols])


def _json_value(v: Any) -> Any:
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() and v.as_tuple().exponent == 0 else float(v)
    return v


def _write_json(data: dict[str, list[dict[str, Any]]], path: Path) -> None:
    plain = {k: [{c: _json_value(rec.get(c)) for c in COLUMNS[k]} for rec in v] for k, v in data.items()}
    path.write_text(json.dumps(plain, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def _width(v: Any) -> int:
    text = str(_cell(v))
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _write_xlsx(data: dict[str, list[dict[str, Any]]], path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    for sheet in list(wb.worksheets):  # the empty default sheet
        wb.remove(sheet)
    header_font = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    for kind, cols in COLUMNS.items():
        ws = wb.create_sheet(kind)
        ws.append(cols)
        for c in ws[1]:
            c.font = header_font
            c.fill = header_fill
            c.alignment = Alignment(vertical="center")
        widths = [_width(c) for c in cols]
        for rec in data[kind]:
            row = []
            for i, c in enumerate(cols):
                v = rec.get(c)
                widths[i] = max(widths[i], _width(v))
                row.append(v)
            ws.append(row)
        for i, c in enumerate(cols, start=1):
            letter = get_column_letter(i)
            ws.column_dimensions[letter].width = min(60, max(6, widths[i - 1] + 2))
            if c in DECIMAL:
                for cell in ws[letter][1:]:
                    if isinstance(cell.value, Decimal):
                        cell.number_format = "#,##0.00"
            elif c in ("id", "document_id", "other_document_id", "unit_id", "year", "pages", "page", "rows", "line"):
                for cell in ws[letter][1:]:
                    cell.number_format = "0"
        ws.freeze_panes = "A2"
        if data[kind]:
            ws.auto_filter.ref = ws.dimensions
    wb.save(path)


# The Fiscal Data Package of the facts: one row per amount fact in 万元 or 元 (counts, areas and
# scores are not fiscal amounts and are left out), the value in yuan (exact), the figure as printed.
FDP_FIELDS: list[dict[str, Any]] = [
    {"name": "document_id", "type": "integer", "description": "the document in the library"},
    {"name": "unit_code", "type": "integer", "columnType": "administrative-classification:generic:level1:code",
     "description": "the budget unit (department) in the library"},
    {"name": "unit", "type": "string", "columnType": "administrative-classification:generic:level1:label",
     "description": "the budget unit's name as printed (Chinese)"},
    {"name": "region", "type": "string", "description": "the region the unit belongs to, when known"},
    {"name": "fiscal_year", "type": "integer", "columnType": "date:fiscal-year"},
    {"name": "phase", "type": "string", "constraints": {"enum": ["approved", "executed"]},
     "description": "approved: a department budget disclosure (部门预算); executed: a final account (部门决算)"},
    {"name": "fact", "type": "string",
     "description": "what the amount is, as a budgetlens fact key (docs/facts in the project, e.g. budget.total, "
                    "budget.function.201 for functional classification 201)"},
    {"name": "scope", "type": "string", "description": "the base the figure belongs to (document, table, gpb, …)"},
    {"name": "value", "type": "number", "columnType": "value", "description": "the amount in yuan"},
    {"name": "currency", "type": "string", "columnType": "value-currency:code"},
    {"name": "value_as_printed", "type": "number", "description": "the amount as printed, in the printed unit"},
    {"name": "printed_unit", "type": "string", "description": "万元 (10,000 yuan) or 元"},
]


def _write_fdp(data: dict[str, list[dict[str, Any]]], folder: Path) -> None:
    names = [f["name"] for f in FDP_FIELDS]
    rows = 0
    with (folder / "facts.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(names)
        for rec in data["facts"]:
            measure = rec.get("measure") or ""
            if measure not in ("万元", "元") or rec.get("kind") not in ("budget", "final") or rec.get("year") is None:
                continue
            value: Decimal = rec["value"]
            yuan = value * WAN if measure == "万元" else value
            w.writerow([rec["document_id"], _cell(rec.get("unit_id")), rec.get("unit") or "", rec.get("region") or "",
                        rec["year"], "approved" if rec["kind"] == "budget" else "executed", rec["key"],
                        rec.get("scope") or "", format(yuan.normalize(), "f"), "CNY", format(value, "f"), measure])
            rows += 1
    descriptor = {
        "profile": "tabular-data-package",
        "name": "budgetlens-facts",
        "title": "Figures of Chinese department budget and final-account disclosures",
        "description": "Every amount fact budgetlens read from the documents in its library, one row per document "
                       "and fact, as a Fiscal Data Package (fields carry the budget taxonomy's columnType).",
        "countryCode": "CN",
        "created": _now(),
        "resources": [{
            "profile": "tabular-data-resource",
            "name": "facts",
            "path": "facts.csv",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": {"fields": FDP_FIELDS, "missingValues": [""]},
        }],
    }
    (folder / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n",
                                             encoding="utf-8")


def _now() -> str:
    from datetime import UTC, datetime

    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
