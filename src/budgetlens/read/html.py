"""Reader for HTML pages: paragraphs and tables in document order.

``colspan``/``rowspan`` are expanded so that each cell sits in its true column (the spanned
positions are empty). A table that contains other tables is page layout, not data: its cells are
read as containers. Paragraphs are located by their source line.
"""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup, NavigableString, Tag

from budgetlens.errors import InputError
from budgetlens.i18n import Message
from budgetlens.model import Block, Cell, Grid, Location, Paragraph, Source
from budgetlens.read.common import join_lines

MAX_BYTES = 50 * 1024 * 1024
MAX_SPAN = 1000
_SKIP = {"script", "style", "noscript", "template", "head", "title", "meta", "link", "iframe", "svg", "button",
         "select", "option", "nav"}
_BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section", "article", "header",
          "footer", "main", "blockquote", "pre", "center", "dl", "dt", "dd", "table", "form", "body", "html",
          "caption", "figure", "figcaption", "aside", "address", "hr", "tr", "td", "th", "tbody", "thead", "tfoot"}


def read_html(path: Path) -> Source:
    name = str(path)
    data = path.read_bytes()
    if len(data) > MAX_BYTES:
        raise InputError(name, Message("read.html_too_large", size=len(data) // (1024 * 1024)))
    soup = BeautifulSoup(data, "html.parser")
    root = soup.body or soup
    reader = _Reader(name)
    reader.walk(root)
    reader.flush()
    if not reader.blocks:
        raise InputError(name, Message("read.html_no_text"))
    return Source(path=name, format="html", blocks=reader.blocks, layouts=["html"])


class _Reader:
    def __init__(self, name: str) -> None:
        self.name = name
        self.blocks: list[Block] = []
        self.parts: list[str] = []
        self.line: int | None = None
        self.tables = 0

    def flush(self) -> None:
        """End the current paragraph (inline text gathered since the last block boundary)."""
        text = join_lines(self.parts)
        if text.strip():
            self.blocks.append(Paragraph(text=text, location=Location(file=self.name, line=self.line), raw=text))
        self.parts = []
        self.line = None

    def walk(self, node: Tag) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                if type(child) is not NavigableString:
                    continue  # comments, CDATA, doctype
                s = str(child)
                if s.strip():
                    if self.line is None:
                        self.line = getattr(node, "sourceline", None)
                    self.parts.append(" ".join(s.split()))
                continue
            if not isinstance(child, Tag):
                continue
            tag = child.name.lower()
            if tag in _SKIP:
                continue
            if tag == "br":
                self.flush()
                continue
            if tag == "table":
                self.flush()
                if child.find("table") is not None:
                    self.walk(child)  # layout table
                else:
                    self.table(child)
                continue
            if tag in _BLOCK:
                self.flush()
                self.walk(child)
                self.flush()
            else:
                self.walk(child)

    def table(self, table: Tag) -> None:
        index = self.tables
        caption = table.find("caption")
        if caption is not None:
            text = join_lines([caption.get_text(" ")])
            if text:
                self.blocks.append(Paragraph(text=text, location=Location(file=self.name, line=caption.sourceline), raw=text))
        grid: dict[tuple[int, int], str] = {}
        taken: set[tuple[int, int]] = set()
        width = 0
        rows = [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]
        for ri, tr in enumerate(rows):
            ci = 0
            for td in tr.find_all(["td", "th"], recursive=False):
                while (ri, ci) in taken:
                    ci += 1
                colspan = _span(td.get("colspan"))
                rowspan = _span(td.get("rowspan"))
                grid[(ri, ci)] = join_lines(_cell_lines(td))
                for dr in range(rowspan):
                    for dc in range(colspan):
                        taken.add((ri + dr, ci + dc))
                ci += colspan
                width = max(width, ci)
        height = max((r for r, _ in taken), default=-1) + 1
        out: list[list[Cell]] = []
        for ri in range(height):
            out.append([
                Cell(grid.get((ri, ci), ""), Location(file=self.name, table=index, row=ri, column=ci,
                                                      line=rows[ri].sourceline if ri < len(rows) else None))
                for ci in range(width)
            ])
        while out and not any(c.text for c in out[-1]):
            out.pop()
        if not out:
            return
        self.blocks.append(Grid(rows=out, location=Location(file=self.name, table=index, line=table.sourceline),
                                layout="html"))
        self.tables += 1


def _span(value: object) -> int:
    try:
        n = int(str(value).strip()) if value is not None else 1
    except ValueError:
        return 1
    return min(max(n, 1), MAX_SPAN)


def _cell_lines(td: Tag) -> list[str]:
    """A cell's text; <br> and block children break lines, joined again as Chinese text."""
    for br in td.find_all("br"):
        br.replace_with("\n")
    return td.get_text("\n").split("\n")
