"""Write the content of a text Source in each of the three text layouts.

Used by the layout-equivalence tests: the same disclosure rendered as cell-per-line, tab-separated
and PDF-like space-separated text must parse to the same model. Titles found by the segmenter are
written as their own lines before each table, as they are printed in real documents.
"""

from __future__ import annotations

from budgetlens.model import Grid, Paragraph, Source
from budgetlens.recognize.segment import TableRegion, segment

LAYOUTS = ("cells", "tabs", "spaces")


def _table_lines(region: TableRegion, layout: str) -> list[str]:
    head = [line for line in ([f"表{region.number}"] if region.number else []) + [region.title] + region.preamble if line]
    rows = region.grid.texts()
    if layout == "cells":
        out = ["\t" + line for line in head for _ in (0,)]
        out = [x for line in head for x in ("\t" + line, "")]
        for row in rows:
            out.extend("\t" + cell for cell in row)
            out.append("")
        out.append("")
        return out
    if layout == "tabs":
        return [*head, *("\t".join(row) for row in rows)]
    # spaces: empty cells vanish, one printed line per row
    return [*head, *(" ".join(cell for cell in row if cell) for row in rows if any(row))]


def render(source: Source, layout: str) -> str:
    if layout not in LAYOUTS:
        raise ValueError(layout)
    regions = [s for s in segment(source) if isinstance(s, TableRegion)]
    if layout != "spaces" and any(not r.grid.aligned for r in regions):
        # PDF-extracted text has no columns to re-emit: write the same content from its model
        # with the disclosure writer, which prints every table in its standard aligned form.
        from budgetlens.recognize import recognize
        from budgetlens.write import render as write

        return write(recognize(source), layout).decode("utf-8")
    lines: list[str] = []
    for seg in segment(source):
        if isinstance(seg, TableRegion):
            if not seg.grid.aligned and layout != "spaces":
                # an unaligned grid has no columns to write out; keep its printed lines
                lines.extend(" ".join(c for c in row if c) for row in seg.grid.texts())
            else:
                if layout != "tabs":
                    lines.append("")
                lines.extend(_table_lines(seg, layout))
            lines.extend(n.text for n in seg.notes)
            lines.append("")
        elif isinstance(seg, Paragraph):
            lines.append(seg.text)
        elif isinstance(seg, Grid):  # pragma: no cover - segment() never yields bare grids
            continue
    return "\n".join(lines) + "\n"
