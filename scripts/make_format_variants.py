"""Generate DOCX, XLSX, HTML and PDF versions of the seed documents from their text-reader Source.

    python scripts/make_format_variants.py [--out tests/data/formats] [--no-pdf] [seed.txt ...]

For each seed: ``<stem>.docx`` (paragraphs and tables in order), ``<stem>.xlsx`` (one sheet, the
document in order: paragraphs as single-cell rows, tables separated by blank rows, figures as
numbers with a ``#,##0.00``-style format), ``<stem>.tables.xlsx`` (one sheet per table, named after
its title, no title row: the common published workbook), ``<stem>.html`` and ``<stem>.pdf`` (the
DOCX converted by LibreOffice headless, ``soffice`` from Debian's libreoffice-writer-nogui).
Unaligned grids (PDF-text layout) are written as lines of text, as the PDF showed them.
"""

from __future__ import annotations

import argparse
import html
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.shared import Pt
from openpyxl import Workbook

from budgetlens.figures import decimals_of, parse_number
from budgetlens.model import Grid, Paragraph, Source
from budgetlens.read.text import read_text

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Item:
    text: str = ""
    rows: list[list[str]] | None = None


def items_of(src: Source) -> list[Item]:
    """The Source as paragraphs and aligned tables; unaligned grids become lines of text."""
    out: list[Item] = []
    for b in src.blocks:
        if isinstance(b, Paragraph):
            out.append(Item(text=b.text))
        elif isinstance(b, Grid):
            if b.aligned:
                width = max((len(r) for r in b.rows), default=0)
                if width:
                    out.append(Item(rows=[[c.text for c in r] + [""] * (width - len(r)) for r in b.rows]))
            else:
                out.extend(Item(text=" ".join(c.text for c in r)) for r in b.rows)
    return out


def write_docx(items: list[Item], path: Path) -> None:
    doc = Document()
    sec = doc.sections[0]
    widest = max((len(it.rows[0]) for it in items if it.rows), default=0)
    if widest > 6:
        sec.orientation = WD_ORIENT.LANDSCAPE
        sec.page_width, sec.page_height = sec.page_height, sec.page_width
    doc.styles["Normal"].font.size = Pt(9)
    previous_table = False
    for it in items:
        if it.rows is None:
            doc.add_paragraph(it.text)
            previous_table = False
            continue
        if previous_table:
            # Word keeps an empty paragraph between two tables; without it they join into one
            doc.add_paragraph("")
        previous_table = True
        table = doc.add_table(rows=len(it.rows), cols=len(it.rows[0]))
        table.style = "Table Grid"
        for r, row in enumerate(it.rows):
            _keep_row_on_one_page(table.rows[r])
            cells = table.rows[r].cells
            for c, text in enumerate(row):
                cells[c].text = text
    doc.save(str(path))


def _keep_row_on_one_page(row: Any) -> None:
    """A row is never broken across a page (``w:cantSplit``), as in spreadsheet-made PDFs: a row split
    by the page break would reach the PDF as two half rows, a different document from the seed."""
    props = row._tr.get_or_add_trPr()
    props.append(OxmlElement("w:cantSplit"))


def _put(ws: Any, row: int, col: int, text: str) -> None:
    """Write a figure as a number with a format that prints it as it was printed."""
    cell = ws.cell(row=row, column=col)
    n = parse_number(text)
    if n is not None and not re.fullmatch(r"0\d+", text.strip()):
        places = decimals_of(n)
        cell.value = float(n) if places else int(n)
        body = "#,##0" if "," in text else "0"
        cell.number_format = body + ("." + "0" * places if places else "")
    else:
        cell.value = text
        if text.startswith("="):
            cell.data_type = "s"  # a comparison such as "=48.11万元", not a formula


def write_xlsx(items: list[Item], path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    r = 1
    for it in items:
        if it.rows is None:
            ws.cell(row=r, column=1).value = it.text
            r += 1
            continue
        r += 1 if r > 1 else 0
        for row in it.rows:
            for c, text in enumerate(row, start=1):
                if text:
                    _put(ws, r, c, text)
            r += 1
        r += 1
    wb.save(str(path))


def write_tables_xlsx(items: list[Item], path: Path) -> bool:
    wb = Workbook()
    wb.remove(wb.active)
    title = ""
    used: set[str] = set()
    for it in items:
        if it.rows is None:
            if it.text.strip().endswith("表") and len(it.text) <= 40:
                title = it.text.strip()
            continue
        rows = it.rows
        if len([t for t in rows[0] if t]) == 1 and rows[0][0].endswith("表"):
            title, rows = rows[0][0], rows[1:]
        base = re.sub(r"[\[\]:*?/\\]", "", title or f"表{len(used) + 1}")[:31]
        name, copy = base, 1
        while name in used:  # as Excel names a copied sheet: "名称 (2)"
            copy += 1
            suffix = f" ({copy})"
            name = base[: 31 - len(suffix)] + suffix
        used.add(name)
        ws = wb.create_sheet(name)
        for r, row in enumerate(rows, start=1):
            for c, text in enumerate(row, start=1):
                if text:
                    _put(ws, r, c, text)
        title = ""
    if not used:
        return False
    wb.save(str(path))
    return True


def write_html(items: list[Item], path: Path, title: str) -> None:
    out = ["<!DOCTYPE html>", '<html><head><meta charset="utf-8"><title>', html.escape(title), "</title></head><body>"]
    for it in items:
        if it.rows is None:
            out.append(f"<p>{html.escape(it.text)}</p>")
            continue
        out.append('<table border="1">')
        for row in it.rows:
            out.append("<tr>" + "".join(f"<td>{html.escape(t)}</td>" for t in row) + "</tr>")
        out.append("</table>")
    out.append("</body></html>")
    path.write_text("\n".join(out), encoding="utf-8")


def write_pdf(docx: Path, out_dir: Path) -> Path | None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        print("soffice not found: install libreoffice-writer-nogui (scripts/install-system-deps.sh)", file=sys.stderr)
        return None
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
             "--outdir", str(out_dir), str(docx)],
            check=True, capture_output=True, timeout=300,
        )
    pdf = out_dir / (docx.stem + ".pdf")
    return pdf if pdf.exists() else None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("seeds", nargs="*", type=Path)
    ap.add_argument("--out", type=Path, default=ROOT / "tests" / "data" / "formats")
    ap.add_argument("--no-pdf", action="store_true")
    args = ap.parse_args(argv)
    seeds = args.seeds or sorted((ROOT / "tests" / "data" / "seeds").glob("*.txt"))
    args.out.mkdir(parents=True, exist_ok=True)
    for seed in seeds:
        items = items_of(read_text(seed))
        stem = seed.stem
        write_docx(items, args.out / f"{stem}.docx")
        write_xlsx(items, args.out / f"{stem}.xlsx")
        write_tables_xlsx(items, args.out / f"{stem}.tables.xlsx")
        write_html(items, args.out / f"{stem}.html", stem)
        made = [".docx", ".xlsx", ".tables.xlsx", ".html"]
        if not args.no_pdf and write_pdf(args.out / f"{stem}.docx", args.out):
            made.append(".pdf")
        print(f"{stem}: {' '.join(made)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
