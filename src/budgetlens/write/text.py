"""Plain-text disclosures in the two layouts of extracted text that the reader takes apart:

* ``cells`` — running text one paragraph per line; a table's title and preamble lines, then one
  tab-indented cell per line, rows separated by a blank line (merged positions print as empty
  cells), the table ended by two blank lines;
* ``tabs`` — running text one paragraph per line; a table's title and preamble lines, then one
  row per line with cells separated by tabs.
"""

from __future__ import annotations

from budgetlens.write.layout import GCell, Para, Plan, TableBlock, cell_text


def _clean(text: str) -> str:
    return " ".join(text.replace("\t", " ").split())


def _row_texts(row: list[GCell | None], mark_blank: bool) -> list[str]:
    out = []
    for cell in row:
        t = _clean(cell_text(cell))
        if not t and mark_blank and cell is not None and cell.places is not None:
            t = "-"
        out.append(t)
    return out


def _head_lines(block: TableBlock) -> list[str]:
    lines = []
    if block.number:
        lines.append(block.number)
    if block.title:
        lines.append(block.title)
    lines.extend(block.preamble)
    return lines


def render_text(plan: Plan, layout: str) -> str:
    if layout not in ("cells", "tabs"):
        raise ValueError(f"unknown text layout {layout!r}")
    lines: list[str] = []
    for block in plan.blocks:
        if isinstance(block, Para):
            text = _clean(block.text)
            if text:
                lines.append(text)
            continue
        if lines and lines[-1] != "":
            lines.append("")
        lines.extend(_head_lines(block))
        if layout == "cells":
            lines.append("")
            for row in block.rows:
                lines.extend("\t" + t for t in _row_texts(row, False))
                lines.append("")
            lines.append("")
        else:
            for row in block.rows:
                texts = _row_texts(row, False)
                # A row whose first cell is empty and holds only text under text reads as the
                # wrapped tail of the row above; a dash in its blank figure cells says it is not.
                if not texts[0]:
                    texts = _row_texts(row, True)
                lines.append("\t".join(texts))
            lines.append("")
        lines.extend(_clean(n) for n in block.notes)
        if block.notes:
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
