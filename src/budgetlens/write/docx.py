"""Word disclosures (python-docx): headings, paragraphs, real tables with merged cells."""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table as DocxTable

from budgetlens.write.layout import Para, Plan, TableBlock, cell_text


def _east_asian(document: DocxDocument, name: str) -> None:
    """The font for CJK text of the Normal style (Word ignores the Latin font name for it)."""
    rpr = document.styles["Normal"].element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _repeat_header(table: DocxTable, rows: int) -> None:
    for r in range(min(rows, len(table.rows))):
        tr_pr = table.rows[r]._tr.get_or_add_trPr()
        el = OxmlElement("w:tblHeader")
        el.set(qn("w:val"), "true")
        tr_pr.append(el)


def _table(document: DocxDocument, block: TableBlock) -> None:
    add_paragraph = document.add_paragraph
    if block.title:
        document.add_page_break()  # each table starts on its own page, as the templates print them
    for line in [t for t in (block.number, block.title) if t]:
        p = add_paragraph(line)
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for run in p.runs:
            run.bold = True
    for line in block.preamble:
        add_paragraph(line)
    height, width = len(block.rows), block.width
    if not height or not width:
        return
    table = document.add_table(rows=height, cols=width)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for r, row in enumerate(block.rows):
        for c, cell in enumerate(row):
            if cell is None:
                continue
            target = table.cell(r, c)
            if cell.rowspan > 1 or cell.colspan > 1:
                target = target.merge(table.cell(r + cell.rowspan - 1, c + cell.colspan - 1))
            text = cell_text(cell)
            para = target.paragraphs[0]
            para.text = text
            if cell.places is not None:
                para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            elif cell.header or r < block.header_rows:
                para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _repeat_header(table, block.header_rows)
    for note in block.notes:
        add_paragraph(note)


def render_docx(plan: Plan) -> bytes:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for margin in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, margin, Cm(1.5))
    normal = document.styles["Normal"]
    normal.font.size = Pt(9)
    normal.font.name = "SimSun"
    _east_asian(document, "SimSun")
    for block in plan.blocks:
        if isinstance(block, Para):
            if block.level is None:
                document.add_paragraph(block.text)
            else:
                document.add_heading(block.text, level=min(4, max(0, block.level + 1)))
        else:
            _table(document, block)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()
