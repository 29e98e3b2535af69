"""The two sample PDFs of the shared folder (../shared/samples), checked against blocks verified by
eye on the rendered pages; skipped when the shared folder is absent."""

from __future__ import annotations

import pytest

from budgetlens.model import Grid, Paragraph, Source
from budgetlens.read import read_source
from conftest import SHANGHAI_SAMPLE, TEMPLATE_SAMPLE, shared_sample


@pytest.fixture(scope="module")
def shanghai() -> Source:
    return read_source(shared_sample(SHANGHAI_SAMPLE))


def _grids(src: Source, page: int) -> list[Grid]:
    return [b for b in src.blocks if isinstance(b, Grid) and b.location.page == page]


def _paras(src: Source, page: int) -> list[str]:
    return [b.text for b in src.blocks if isinstance(b, Paragraph) and b.location.page == page]


def _row(grid: Grid, first: str) -> list[str]:
    for r in grid.rows:
        if r and r[0].text == first:
            return [c.text for c in r]
    raise AssertionError(f"no row {first!r}")


def test_shanghai_pages_and_titles(shanghai: Source) -> None:
    assert shanghai.format == "pdf" and shanghai.pages == 25
    assert "收入决算表" in _paras(shanghai, 8)
    assert "单位：万元" in _paras(shanghai, 8)
    assert "财政拨款“三公”经费支出决算表" in _paras(shanghai, 18)
    assert _paras(shanghai, 4)[0] == "第一部分 上海市普陀区财政局概况"


def test_shanghai_total_table(shanghai: Source) -> None:
    (grid,) = _grids(shanghai, 6)
    assert grid.aligned and len(grid.rows[0]) == 4
    assert _row(grid, "一、一般公共预算财政拨款收入") == ["一、一般公共预算财政拨款收入", "2,940.05", "一、一般公共服务支出", "2,106.66"]
    assert _row(grid, "本年收入合计") == ["本年收入合计", "2,946.25", "本年支出合计", "2,940.05"]
    cell = grid.rows[2][1]
    assert cell.location.page == 6 and cell.location.bbox is not None
    # the table runs on to page 7 without a title: marked as a continuation
    (cont,) = _grids(shanghai, 7)
    assert cont.continues
    assert _row(cont, "总计") == ["总计", "2,995.39", "总计", "2,995.39"]
    assert _row(cont, "年初结转和结余")[1] == "49.14"


def test_shanghai_landscape_income_table_with_codes(shanghai: Source) -> None:
    (grid,) = _grids(shanghai, 8)
    assert len(grid.rows[0]) == 11
    # multi-line header cells joined; 类/款/项 in separate columns
    assert grid.rows[0][4].text == "本年收入合计"
    assert grid.rows[0][9].text == "附属单位上缴收入"
    assert _row(grid, "201")[:7] == ["201", "", "", "一般公共服务支出", "2,112.86", "2,106.66", ""]
    # a wrapped name inside one cell
    rows = [[c.text for c in r] for r in grid.rows]
    assert ["208", "05", "05", "机关事业单位基本养老保险缴费支出", "160.75", "160.75"] in [r[:6] for r in rows]
    (cont,) = _grids(shanghai, 9)
    assert cont.continues and [c.text for c in cont.rows[-1]][:5] == ["221", "02", "03", "购房补贴", "258.50"]


def test_shanghai_empty_ruled_page_and_sangong(shanghai: Source) -> None:
    assert _grids(shanghai, 14) == []  # only an empty ruled row was carried over to page 14
    (grid,) = _grids(shanghai, 18)
    assert grid.rows[-1][0].text == "0.95"
    assert [c.text for c in grid.rows[-2]][:2] == ["预算数", "决算数"]
    assert not grid.continues


def test_shanghai_narrative_joined(shanghai: Source) -> None:
    paras = _paras(shanghai, 21)
    # a centred title wrapped over two lines (no space between 第三部分 and the name in this PDF)
    assert "第三部分上海市普陀区财政局2024年度部门决算情况说明" in paras
    assert (
        "本年收入合计2946.25万元，其中：财政拨款收入2940.05万元，占99.79%；其他收入6.2万元，占0.21%；" in paras
    )
    text = "".join(paras)
    assert "一般公共服务支出（类）2106.66万元，占71.73%" in text
    # a sentence running across the page break is one paragraph, located at its first page
    p = next(b for b in shanghai.blocks if isinstance(b, Paragraph) and b.text.startswith("一般公共预算财政拨款支出年初预算为2993.92万元"))
    assert p.location.page == 21


def test_template_reads_as_template() -> None:
    src = read_source(shared_sample(TEMPLATE_SAMPLE))
    assert src.pages == 23
    text = "\n".join(b.text for b in src.blocks if isinstance(b, Paragraph))
    assert "上海市XX局2024年度收入支出总计XXX万元。与2023年度相比，收入支出总计增加（减少）XXX万元" in text
    grids = [b for b in src.blocks if isinstance(b, Grid)]
    assert len(grids) >= 10
    first = next(g for g in grids if g.location.page == 5)
    assert [c.text for c in first.rows[1]] == ["项目", "决算数", "项目", "决算数"]
