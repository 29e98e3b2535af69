"""Ruled PDF tables: a name that runs on over its cell's right border stays in its cell; header
text printed inside a grid's area does not cut the table from its next piece."""

from __future__ import annotations

from budgetlens.model import Cell, Grid, Location, Paragraph
from budgetlens.read.pdf import _Char, _mark_continuations, _return_overflow


def _line(text: str, x: float, y: float = 100.0, size: float = 10.0, gap: float = 0.0) -> list[_Char]:
    out = []
    for ch in text:
        out.append(_Char(ch, x, y, x + size, y + size, size))
        x += size + gap
    return out


def test_name_running_over_the_border_returns_to_its_cell() -> None:
    name = _line("机关事业单位职业年金缴费支出", 100.0)  # 14 characters, the cell ends after 10
    figure = _line("43608.96", 260.0, size=5.0)
    cells = {(0, 1): name[:10], (0, 2): name[10:] + figure}
    _return_overflow(cells, {(0, 1): (98.0, 90.0, 200.0, 120.0), (0, 2): (200.0, 90.0, 300.0, 120.0)})
    assert "".join(c.text for c in cells[(0, 1)]) == "机关事业单位职业年金缴费支出"
    assert "".join(c.text for c in sorted(cells[(0, 2)], key=lambda c: c.x0)) == "43608.96"


def test_text_of_its_own_after_a_gap_stays() -> None:
    left = _line("办公费", 100.0)
    right = _line("办公经费", 160.0)  # starts 30 points after the name: a cell of its own
    cells = {(0, 1): left, (0, 2): right}
    _return_overflow(cells, {(0, 1): (98.0, 90.0, 160.0, 120.0), (0, 2): (160.0, 90.0, 300.0, 120.0)})
    assert "".join(c.text for c in cells[(0, 2)]) == "办公经费"
    assert "".join(c.text for c in cells[(0, 1)]) == "办公费"


def test_header_words_of_the_next_cell_stay_when_the_text_does_not_reach_the_border() -> None:
    """Two header cells printed close together (公用经费支出|专项业务经费支出): the right cell's words
    begin after a gap, not at the left text's own advance, so they are its own."""
    left = _line("公用经费支出", 100.0)  # fills its cell up to the border at 161
    right = _line("专项业务经费支出", 162.7)  # the next cell's words, a small gap after the border
    cells = {(0, 4): left, (0, 5): right}
    _return_overflow(cells, {(0, 4): (90.0, 90.0, 161.0, 120.0), (0, 5): (161.0, 90.0, 260.0, 120.0)})
    assert "".join(c.text for c in cells[(0, 5)]) == "专项业务经费支出"


def test_other_rows_are_not_touched() -> None:
    left = _line("培训费", 100.0, y=100.0)
    right = _line("会议", 130.0, y=120.0)  # right after the name, but on another line
    cells = {(0, 1): left, (0, 2): right}
    _return_overflow(cells, {(0, 1): (98.0, 90.0, 130.0, 140.0), (0, 2): (130.0, 90.0, 300.0, 140.0)})
    assert "".join(c.text for c in cells[(0, 2)]) == "会议"


def _grid(page: int, bbox: tuple[float, float, float, float], width: int = 3) -> Grid:
    loc = Location(page=page, bbox=bbox)
    return Grid(rows=[[Cell(str(j), loc) for j in range(width)]], location=loc, aligned=True)


def test_header_text_inside_the_grid_area_does_not_cut_the_table() -> None:
    """A header cell without ruling (收入预算 over 合计 / 财政拨款收入) comes out as a paragraph
    after the grid; printed within the grid's area, it does not stand between the grid and its
    piece on the next page."""
    first = _grid(8, (40.0, 100.0, 560.0, 780.0))
    inside = Paragraph("收入预算", Location(page=8, bbox=(300.0, 104.0, 360.0, 116.0)))
    nxt = _grid(9, (40.0, 60.0, 560.0, 300.0))
    _mark_continuations([first, inside, nxt])
    assert nxt.continues
    outside = Paragraph("说明：本表为收入预算。", Location(page=8, bbox=(40.0, 790.0, 300.0, 802.0)))
    nxt2 = _grid(9, (40.0, 60.0, 560.0, 300.0))
    _mark_continuations([_grid(8, (40.0, 100.0, 560.0, 780.0)), outside, nxt2])
    assert not nxt2.continues


def test_grid_opening_with_a_title_row_starts_a_table() -> None:
    """The next page's grid has the previous grid's width but opens with its own title row."""
    first = _grid(11, (40.0, 100.0, 560.0, 780.0))
    loc = Location(page=12, bbox=(40.0, 60.0, 560.0, 300.0))
    titled = Grid(rows=[[Cell("财政拨款收支预算总表编制单位：某中心单位：元", loc), Cell("", loc), Cell("", loc)]],
                  location=loc, aligned=True)
    _mark_continuations([first, titled])
    assert not titled.continues
