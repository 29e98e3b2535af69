"""HTML disclosures: headings as h1–h4, paragraphs, tables with colspan/rowspan headers."""

from __future__ import annotations

from html import escape

from budgetlens.write.layout import Para, Plan, TableBlock, cell_text

_STYLE = """
body { font-family: "SimSun", "Songti SC", serif; max-width: 1100px; margin: 2em auto; line-height: 1.7; }
h1 { text-align: center; font-size: 1.6em; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; font-size: 0.85em; }
th, td { border: 1px solid #444; padding: 2px 6px; }
th { background: #f2f2f2; font-weight: normal; }
td.num { text-align: right; white-space: nowrap; }
p.table-title { text-align: center; font-weight: bold; margin-bottom: 0; }
p.preamble { margin: 0; font-size: 0.9em; }
"""


def _table(block: TableBlock) -> list[str]:
    out = []
    if block.number:
        out.append(f'<p class="table-title">{escape(block.number)}</p>')
    if block.title:
        out.append(f'<p class="table-title">{escape(block.title)}</p>')
    out.extend(f'<p class="preamble">{escape(line)}</p>' for line in block.preamble)
    out.append("<table>")
    for r, row in enumerate(block.rows):
        cells = []
        for cell in row:
            if cell is None:
                continue
            tag = "th" if cell.header or r < block.header_rows else "td"
            attrs = ""
            if cell.colspan > 1:
                attrs += f' colspan="{cell.colspan}"'
            if cell.rowspan > 1:
                attrs += f' rowspan="{cell.rowspan}"'
            if cell.places is not None:
                attrs += ' class="num"'
            cells.append(f"<{tag}{attrs}>{escape(cell_text(cell))}</{tag}>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table>")
    out.extend(f"<p>{escape(n)}</p>" for n in block.notes)
    return out


def render_html(plan: Plan) -> str:
    body: list[str] = []
    for block in plan.blocks:
        if isinstance(block, Para):
            if block.level is None:
                body.append(f"<p>{escape(block.text)}</p>")
            else:
                h = min(4, max(1, block.level + 2))
                body.append(f"<h{h}>{escape(block.text)}</h{h}>")
        else:
            body.extend(_table(block))
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(plan.title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )
