"""DOCX, XLSX, HTML, office-zip and PDF edge cases, on fixtures built here or in tests/data/formats."""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from docx import Document
from openpyxl import Workbook

from budgetlens.errors import InputError
from budgetlens.i18n import use_lang
from budgetlens.model import Grid, Paragraph, Source
from budgetlens.read import read_source
from budgetlens.read.xlsx import format_number


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """These tests compare the readers' English wording (tests/test_i18n_errors.py has both languages)."""
    with use_lang("en"):
        yield

DATA = Path(__file__).resolve().parents[1] / "data"
SEEDS = sorted((DATA / "seeds").glob("*.txt"))
FORMATS = DATA / "formats"


def _figures(src: Source) -> Counter[str]:
    out: Counter[str] = Counter()
    for b in src.blocks:
        texts = [c.text for r in b.rows for c in r] if isinstance(b, Grid) else [b.text]
        for t in texts:
            out.update(m.replace(",", "") for m in re.findall(r"\d[\d,]*\.\d+", t))
    return out


@pytest.mark.parametrize("ext", [".docx", ".xlsx", ".html", ".pdf"])
@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem[:3])
def test_every_figure_survives_each_format(seed: Path, ext: str) -> None:
    variant = FORMATS / (seed.stem + ext)
    if not variant.exists():
        pytest.skip("variant not generated")
    base = _figures(read_source(seed))
    got = _figures(read_source(variant))
    assert base - got == Counter(), f"figures lost in {ext}"
    assert got - base == Counter(), f"figures invented in {ext}"


def test_tables_workbook_titles_from_sheet_names() -> None:
    src = read_source(FORMATS / "000_b61820042bea01b0.tables.xlsx")
    first, second = src.blocks[0], src.blocks[1]
    assert isinstance(first, Paragraph) and first.text == "单位整体支出绩效自评表" == first.location.sheet
    assert isinstance(second, Paragraph) and second.text == "（2024年度）"
    second = next(b for b in src.blocks if isinstance(b, Grid))
    assert isinstance(second, Grid) and second.rows[0][0].location.cell == "A2"
    assert second.rows[0][0].text == "单位名称"


def test_docx_merged_cells_once(tmp_path: Path) -> None:
    doc = Document()
    doc.add_paragraph("收入决算表")
    t = doc.add_table(rows=3, cols=3)
    t.cell(0, 0).merge(t.cell(0, 1)).text = "项目"
    t.cell(0, 2).merge(t.cell(1, 2)).text = "本年收入合计"
    t.cell(1, 0).text, t.cell(1, 1).text = "科目编码", "科目名称"
    t.cell(2, 0).text, t.cell(2, 1).text, t.cell(2, 2).text = "201", "一般公共服务支出", "12.50"
    path = tmp_path / "m.docx"
    doc.save(str(path))
    src = read_source(path)
    assert isinstance(src.blocks[0], Paragraph) and src.blocks[0].text == "收入决算表"
    grid = src.blocks[1]
    assert isinstance(grid, Grid)
    assert grid.texts() == [["项目", "", "本年收入合计"], ["科目编码", "科目名称", ""], ["201", "一般公共服务支出", "12.50"]]
    assert grid.rows[2][2].location.row == 2 and grid.rows[2][2].location.column == 2


def test_xlsx_merges_numbers_blank_row_split(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws["A1"] = "财政拨款“三公”经费支出决算表"
    ws.merge_cells("A1:C1")
    ws["C2"] = "单位：万元"
    ws.append(["项目", "预算数", "决算数"])
    ws.append(["合计", 1535.8, 12])
    ws["B4"].number_format = "#,##0.00"
    ws["C4"].number_format = "0.00"
    ws["B6"] = "表2"  # after a blank row: a second table
    ws.append(["a", 0.5, "=1"])
    ws["B7"].number_format = "0.0%"
    ws["C7"].data_type = "s"
    path = tmp_path / "t.xlsx"
    wb.save(str(path))
    src = read_source(path)
    kinds = [type(b).__name__ for b in src.blocks]
    assert kinds == ["Paragraph", "Paragraph", "Grid", "Paragraph", "Grid"]
    grid = src.blocks[2]
    assert isinstance(grid, Grid)
    assert grid.texts() == [["项目", "预算数", "决算数"], ["合计", "1,535.80", "12.00"]]
    assert grid.rows[1][1].location.cell == "B4" and grid.rows[1][1].location.sheet == "Sheet1"
    last = src.blocks[4]
    assert isinstance(last, Grid) and last.texts() == [["a", "50.0%", "=1"]]


def test_format_number() -> None:
    assert format_number(1535.805, "#,##0.00") == "1,535.81"
    assert format_number(-6.5, "0.00") == "-6.50"
    assert format_number(-6.5, "#,##0.00;(#,##0.00)") == "(6.50)"
    assert format_number(3.0, "General") == "3"
    assert format_number(0.1 + 0.2, "General") == "0.30000000000000004"


def test_html_spans_expand(tmp_path: Path) -> None:
    path = tmp_path / "p.html"
    path.write_text(
        "<html><body><h2>收入支出决算总表</h2><p>单位：万元<br>说明</p>"
        "<table><tr><th colspan=2>收入</th><th rowspan=2>合计</th></tr>"
        "<tr><td>项目</td><td>决算数</td></tr><tr><td>本年收入</td><td>1,535.81</td><td>9</td></tr></table>"
        "<script>var x=1;</script></body></html>",
        encoding="utf-8",
    )
    src = read_source(path)
    assert [b.text for b in src.blocks if isinstance(b, Paragraph)] == ["收入支出决算总表", "单位：万元", "说明"]
    grid = next(b for b in src.blocks if isinstance(b, Grid))
    assert grid.texts() == [["收入", "", "合计"], ["项目", "决算数", ""], ["本年收入", "1,535.81", "9"]]


# ---------------------------------------------------------------- bad input


def test_pdf_named_docx_is_read_as_pdf(tmp_path: Path) -> None:
    path = tmp_path / "x.docx"
    path.write_bytes((FORMATS / "004_33d4073ebed26414.pdf").read_bytes())
    assert read_source(path).format == "pdf"


def test_docx_reader_says_what_it_found(tmp_path: Path) -> None:
    from budgetlens.read.docx import read_docx
    from budgetlens.read.xlsx import read_xlsx

    pdf = tmp_path / "x.docx"
    pdf.write_bytes(b"%PDF-1.4\n...")
    with pytest.raises(InputError, match=r"not a Word \.docx file: the content is a PDF file"):
        read_docx(pdf)
    with pytest.raises(InputError, match="zip holds a Word document"):
        read_xlsx(FORMATS / "000_b61820042bea01b0.docx")


def test_xlsx_saved_as_bin_is_sniffed(tmp_path: Path) -> None:
    path = tmp_path / "tables.bin"
    path.write_bytes((FORMATS / "000_b61820042bea01b0.tables.xlsx").read_bytes())
    assert read_source(path).format == "xlsx"


def test_zip_bomb_refused_before_decompression(tmp_path: Path) -> None:
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", b"\0" * (30 * 1024 * 1024))
    with pytest.raises(InputError, match="zip bomb"):
        read_source(path)


def test_plain_zip_and_corrupt_zip(tmp_path: Path) -> None:
    path = tmp_path / "a.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("readme.txt", "hello")
    with pytest.raises(InputError, match="neither a Word"):
        read_source(path)
    broken = tmp_path / "b.xlsx"
    broken.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    with pytest.raises(InputError, match="corrupt zip"):
        read_source(broken)


def test_corrupt_and_encrypted_pdf(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.7\n" + b"garbage" * 100)
    with pytest.raises(InputError, match="corrupt"):
        read_source(bad)
    src = pdfium.PdfDocument(str(FORMATS / "004_33d4073ebed26414.pdf"))
    # pdfium cannot write encryption; an encrypted trailer from a tiny hand-made file instead
    src.close()
    enc = tmp_path / "enc.pdf"
    enc.write_bytes(_ENCRYPTED_PDF)
    with pytest.raises(InputError, match=r"encrypted|corrupt"):
        read_source(enc)


def test_scanned_pdf_detected(tmp_path: Path) -> None:
    from PIL import Image

    img = tmp_path / "scan.png"
    Image.new("RGB", (200, 280), "white").save(img)
    pdf = tmp_path / "scan.pdf"
    Image.open(img).save(pdf, "PDF", resolution=72)
    with pytest.raises(InputError, match="scanned"):
        read_source(pdf)


def test_rotated_page_is_read(tmp_path: Path) -> None:
    """/Rotate is applied to coordinates: a page turned by 90 degrees still yields its text."""
    doc = pdfium.PdfDocument(str(FORMATS / "004_33d4073ebed26414.pdf"))
    doc[0].set_rotation(90)
    path = tmp_path / "rot.pdf"
    doc.save(str(path))
    doc.close()
    rotated = read_source(path)
    assert rotated.pages is not None and rotated.pages > 1
    first = [b for b in rotated.blocks if b.location.page == 1]
    assert first and all(
        b.location.bbox is None or b.location.bbox[2] <= 612.5 for b in first if isinstance(b, Paragraph)
    )


_ENCRYPTED_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"3 0 obj<</Filter/Standard/V 2/R 3/Length 128/P -3904/O(0123456789012345678901234567890a)"
    b"/U(0123456789012345678901234567890b)>>endobj\n"
    b"trailer<</Root 1 0 R/Encrypt 3 0 R/ID[<00112233445566778899aabbccddeeff><00112233445566778899aabbccddeeff>]>>\n%%EOF\n"
)
