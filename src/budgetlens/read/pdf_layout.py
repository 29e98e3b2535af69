"""A PDF's pages laid out as one Source: ruled tables and the text around them in reading order,
paragraphs continued across page breaks, and grids that continue a table of the page before."""

from __future__ import annotations

import itertools

from budgetlens.errors import InputError
from budgetlens.i18n import Message
from budgetlens.model import Block, Grid, Paragraph, Source
from budgetlens.patterns import lazy
from budgetlens.read.pdf_lines import Line, drop_page_furniture, page_lines
from budgetlens.read.pdf_page import Page
from budgetlens.read.pdf_paragraphs import (
    ParaBuilder,
    Style,
    body_left,
    text_blocks,
    text_margins,
    uses_indent,
)
from budgetlens.read.pdf_tables import TableOut, find_tables


def build_source(pages: list[Page], name: str) -> Source:
    total_chars = sum(len(p.chars) for p in pages)
    with_images = sum(1 for p in pages if p.images)
    if total_chars == 0:
        if with_images:
            raise InputError(
                name, Message("read.pdf_scanned", pages=len(pages), images=with_images),
            )
        raise InputError(name, Message("read.pdf_no_text", pages=len(pages)))
    warnings: list[str] = []
    blocks: list[Block] = []
    table_no = 0
    pending: ParaBuilder | None = None
    laid_out: list[tuple[Page, list[TableOut], list[Line]]] = []
    blank: list[int] = []
    for page in pages:
        if len(page.chars) < 5 and page.images:
            warnings.append(Message("parse.scanned_page", page=page.number))
        tables, free = find_tables(page, name, table_no)
        table_no += len(tables)
        laid_out.append((page, tables, drop_page_furniture(page_lines(free, page), page)))
        if not tables and not laid_out[-1][2] and not page.images and not page.edges:
            blank.append(page.number)
    # Whether paragraphs are marked by first-line indentation is a property of the document.
    indents = any(uses_indent(lines, body_left(lines)) for _, _, lines in laid_out if lines)
    # So is the usual gap between lines of running text (single or double spacing).
    gaps = sorted(
        b.top - a.bottom
        for _, _, lines in laid_out
        for a, b in itertools.pairwise(lines)
        if len(a.segments) == 1 and len(b.segments) == 1 and 0 <= b.top - a.bottom < 3 * a.size
    )
    leading = gaps[len(gaps) // 2] if gaps else 0.0
    margins = text_margins([(page, lines, bool(tables)) for page, tables, lines in laid_out])
    for page, tables, lines in laid_out:
        style = Style(indents, leading, margins.get(page.number))
        items: list[tuple[float, Block | Line]] = [(t.bbox[1], t.grid) for t in tables]
        items.extend((ln.top, ln) for ln in lines)
        items.sort(key=lambda it: it[0])
        run: list[Line] = []
        for _, item in items:
            if isinstance(item, Line):
                run.append(item)
                continue
            pending = _emit_text(run, page, name, style, pending, blocks)
            run = []
            if pending is not None:
                blocks.append(pending.paragraph(name))
                pending = None
            blocks.append(item)
        pending = _emit_text(run, page, name, style, pending, blocks)
        if pending is not None and not pending.open_at_page_end():
            blocks.append(pending.paragraph(name))
            pending = None
    if pending is not None:
        blocks.append(pending.paragraph(name))
    mark_continuations(blocks)
    layouts = ["pdf"]
    return Source(path=name, format="pdf", blocks=blocks, layouts=layouts, warnings=warnings, pages=len(pages),
                  blank_pages=blank)


def _emit_text(
    run: list[Line], page: Page, name: str, style: Style, pending: ParaBuilder | None,
    blocks: list[Block],
) -> ParaBuilder | None:
    """Append the paragraphs and grids of a run of printed lines; return the paragraph still open
    (it may continue on the next page or after a table)."""
    if not run:
        return pending
    for blk in text_blocks(run, page, name, style):
        if isinstance(blk, ParaBuilder):
            if pending is not None and pending.joins(blk):
                pending.extend(blk)
                continue
            if pending is not None:
                blocks.append(pending.paragraph(name))
            pending = blk
        else:
            if pending is not None:
                blocks.append(pending.paragraph(name))
                pending = None
            blocks.append(blk)
    return pending


# ---------------------------------------------------------------- tables across pages

_CONTINUED = lazy(r"^\s*[（(]?续(?:表|上表)?[）)]?\s*")


def mark_continuations(blocks: list[Block]) -> None:
    """Mark a grid that continues the previous grid on an earlier page: it is the first thing on
    its page (or follows only a 续表 line) and has the same number of columns, or it repeats the
    previous grid's header row."""
    prev_grid: Grid | None = None
    between: list[Paragraph] = []
    for blk in blocks:
        if isinstance(blk, Paragraph):
            if not _inside(blk, prev_grid):  # header text of the grid outside its ruled cells
                between.append(blk)
            continue
        if prev_grid is not None and blk.aligned and prev_grid.aligned:
            page, prev_page = blk.location.page or 0, prev_grid.location.page or 0
            width = len(blk.rows[0]) if blk.rows else 0
            prev_width = len(prev_grid.rows[0]) if prev_grid.rows else 0
            on_new_page = page == prev_page + 1
            only_cont = all(_CONTINUED.match(p.text) and len(p.text) < 40 for p in between)
            repeats_header = bool(blk.rows and prev_grid.rows) and [c.text for c in blk.rows[0]] == [
                c.text for c in prev_grid.rows[0]
            ]
            if on_new_page and width == prev_width and not _opens_with_title(blk) and (
                not between or only_cont or (repeats_header and all(p.location.page == page for p in between) and not any(
                    p.text.endswith("表") for p in between
                ))
            ):
                blk.continues = True
        prev_grid = blk
        between = []


def _inside(par: Paragraph, grid: Grid | None) -> bool:
    """Whether a paragraph is printed within a grid's area (a header cell without ruling of its
    own, 收入预算 over 合计 / 财政拨款收入): part of the grid, not text between two grids."""
    if grid is None or par.location.page != grid.location.page:
        return False
    a, b = par.location.bbox, grid.location.bbox
    if a is None or b is None:
        return False
    return a[0] >= b[0] - 2 and a[2] <= b[2] + 2 and a[1] >= b[1] - 2 and a[3] <= b[3] + 2


_TITLE_ROW = lazy(r"表(?:[（(][^（）()]{1,40}[）)])?$|表\s*(?:编制|单位[：:]|金额单位)|^(?:编制(?:单位|部门)|单位名称)[：:]")


def _opens_with_title(grid: Grid) -> bool:
    """A grid whose first row is one cell holding a table title (or the 编制单位 line): the start
    of a table of its own, never the rest of the grid before."""
    first = next((r for r in grid.rows if any(c.text.strip() for c in r)), [])
    filled = [c.text.strip() for c in first if c.text.strip()]
    return len(filled) == 1 and bool(_TITLE_ROW.search(filled[0]))
