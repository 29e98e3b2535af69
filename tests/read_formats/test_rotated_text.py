"""A landscape table printed on a portrait page (the text drawn a quarter turn round, no /Rotate)
reads upright: the page is turned by the dominant angle of its characters."""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetlens.model import Grid, Paragraph
from budgetlens.read import read_source

canvas_mod = pytest.importorskip("reportlab.pdfgen.canvas")
pdfmetrics = pytest.importorskip("reportlab.pdfbase.pdfmetrics")
cidfonts = pytest.importorskip("reportlab.pdfbase.cidfonts")

ROWS = [["项目", "决算数"], ["本年收入合计", "1,535.81"], ["财政拨款收入", "1,500.00"], ["其他收入", "35.81"]]


def _make(path: Path, angle: int) -> None:
    pdfmetrics.registerFont(cidfonts.UnicodeCIDFont("STSong-Light"))
    c = canvas_mod.Canvas(str(path), pagesize=(595, 842))
    c.translate(*{90: (595, 0), 270: (0, 842), 0: (0, 0)}[angle])
    c.rotate(angle)
    # in the turned frame the page is 842 wide and 595 high (landscape)
    c.setFont("STSong-Light", 14)
    c.drawString(72, 520, "收入支出决算总表")
    c.setFont("STSong-Light", 10)
    c.drawString(72, 500, "单位：万元")
    x = [72, 272, 400]
    top = 490
    for r, row in enumerate(ROWS):
        y = top - 20 * r
        c.line(x[0], y, x[-1], y)
        for k, text in enumerate(row):
            c.drawString(x[k] + 4, y - 14, text)
    bottom = top - 20 * len(ROWS)
    c.line(x[0], bottom, x[-1], bottom)
    for xx in x:
        c.line(xx, top, xx, bottom)
    c.showPage()
    c.save()


@pytest.mark.parametrize("angle", [90, 270, 0])
def test_turned_text_reads_upright(tmp_path: Path, angle: int) -> None:
    path = tmp_path / f"turned{angle}.pdf"
    _make(path, angle)
    src = read_source(path)
    paras = [b.text for b in src.blocks if isinstance(b, Paragraph)]
    assert paras[:2] == ["收入支出决算总表", "单位：万元"]
    (grid,) = [b for b in src.blocks if isinstance(b, Grid)]
    assert grid.texts() == ROWS
    cell = grid.rows[1][1]
    assert cell.location.bbox is not None
    # located on the upright (landscape) page: wider than high
    x0, top, x1, bottom = cell.location.bbox
    assert 272 <= x0 < x1 <= 400 and bottom - top < 25
