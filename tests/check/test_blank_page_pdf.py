"""The PDF reader names the pages that print nothing (Source.blank_pages), which BL965 reports: a page
with only a page number is blank; a page with text, a drawn line or a table is not."""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetlens.check import check_documents
from budgetlens.check.api import load
from budgetlens.read import read_source

canvas_mod = pytest.importorskip("reportlab.pdfgen.canvas")
pdfmetrics = pytest.importorskip("reportlab.pdfbase.pdfmetrics")
cidfonts = pytest.importorskip("reportlab.pdfbase.cidfonts")


def _make(path: Path) -> None:
    pdfmetrics.registerFont(cidfonts.UnicodeCIDFont("STSong-Light"))
    c = canvas_mod.Canvas(str(path), pagesize=(595, 842))
    pages = [
        ["青溪县档案馆2026年单位预算", "一、收入预算情况", "2026年收入预算5.60万元，比上年减少0.40万元。"],
        [],  # blank but for its page number
        ["二、支出预算情况", "2026年支出预算5.60万元，比上年减少0.40万元。"],
        None,  # a drawn frame only: not judged blank
        ["三、其他说明", "本单位无政府采购预算。"],
    ]
    for n, lines in enumerate(pages, start=1):
        c.setFont("STSong-Light", 12)
        if lines is None:
            c.rect(100, 200, 300, 300)
        for i, text in enumerate(lines or []):
            c.drawString(72, 760 - 24 * i, text)
        c.setFont("STSong-Light", 9)
        c.drawCentredString(297, 40, f"-{n}-")
        c.showPage()
    c.save()


def test_blank_page_is_named_and_reported(tmp_path: Path) -> None:
    pdf = tmp_path / "blank.pdf"
    _make(pdf)
    src = read_source(pdf)
    assert src.pages == 5
    assert src.blank_pages == [2]
    d, s = load(str(pdf))
    found = [f for f in check_documents([d], sources=[s]).findings if f.rule == "BL965"]
    assert [f.location.page for f in found] == [2]
