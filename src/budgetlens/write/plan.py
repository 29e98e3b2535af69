"""What a written disclosure says, in reading order: the plan every format prints.

The narrative is the running text the disclosure was read from (``Disclosure.paragraphs``), each
paragraph that is one of the document's headings marked with its level. A model built from
structured data, without source paragraphs, gets its title, its headings in order, and under each
heading the sentences its statements were read from. The standard tables follow in their national
order (表N, title, 编制单位, 单位：万元, header, rows, the note of an empty table), then the
performance tables.
"""

from __future__ import annotations

import re

from budgetlens.model import Disclosure, Heading, Kind, Location
from budgetlens.recognize.table_specs import SPECS
from budgetlens.write.layout import Block, GCell, GridBuilder, Para, Plan, TableBlock
from budgetlens.write.performance import performance_block
from budgetlens.write.standard import standard_block

_SPACE = re.compile(r"\s+")
_ORDER = {s.id: k for k, s in enumerate(SPECS)}


def _compact(text: str) -> str:
    return _SPACE.sub("", text)


def default_title(doc: Disclosure) -> str:
    word = doc.unit.level_word or "部门"
    kind = "决算" if doc.kind == Kind.FINAL else "预算"
    year = f"{doc.year}年度" if doc.year else ""
    return f"{doc.unit.name}{year}{word}{kind}"


def _title(doc: Disclosure) -> str:
    heading_texts = {_compact(h.marker + h.title) for h in doc.headings}
    if doc.title and _compact(doc.title) not in heading_texts:
        return doc.title
    return default_title(doc)


def build_plan(doc: Disclosure) -> Plan:
    title = _title(doc)
    blocks: list[Block] = []
    if doc.paragraphs:
        levels = {_compact(h.marker + h.title): h.level for h in doc.headings}
        first = _compact(doc.paragraphs[0])
        if first != _compact(title) and _compact(title) not in first:
            blocks.append(Para(title, level=-1))
        for k, text in enumerate(doc.paragraphs):
            c = _compact(text)
            level = levels.get(c)
            if k == 0 and level is None and _compact(title) in c:
                level = -1
            blocks.append(Para(text, level=level))
    else:
        blocks.append(Para(title, level=-1))
        blocks.extend(_narrative_from_statements(doc))
    _composition(doc, blocks)
    tables = sorted(doc.tables, key=lambda t: _ORDER.get(t.id or "", len(_ORDER)))
    blocks.extend(standard_block(doc, t) for t in tables)
    blocks.extend(performance_block(doc, p) for p in doc.performance)
    return Plan(title=title, blocks=blocks)


def _composition(doc: Disclosure, blocks: list[Block]) -> None:
    """Subordinate units that no sentence names are printed as the list of units the disclosure
    covers (序号 | 单位名称 | 备注), after the sentence that introduces it (…单位包括：)."""
    subs = doc.unit.sub_units
    text = "".join(doc.paragraphs)
    if not subs or all(s in text for s in subs):
        return
    g = GridBuilder(3)
    g.add_row([GCell("序号", header=True), GCell("单位名称", header=True), GCell("备注", header=True)])
    for k, name in enumerate(subs, start=1):
        g.add_row([GCell(str(k)), GCell(name), GCell()])
    table = TableBlock(title="", rows=g.finish(), header_rows=1, kind="list")
    at = next((k + 1 for k, b in enumerate(blocks) if isinstance(b, Para) and ("单位包括" in b.text or "单位构成" in b.text)),
              len(blocks))
    blocks.insert(at, table)


def _key(loc: Location) -> tuple[int, int, float]:
    top = loc.bbox[1] if loc.bbox else 0.0
    return (loc.page or 0, loc.line or 0, top)


def _narrative_from_statements(doc: Disclosure) -> list[Block]:
    """Headings in order, each followed by the sentences of the statements that stand under it."""
    heads: list[Heading] = sorted(doc.headings, key=lambda h: _key(h.location))
    sentences: list[tuple[tuple[int, int, float], str]] = []
    seen: set[str] = set()
    for s in doc.statements:
        if s.evidence and s.evidence not in seen:
            seen.add(s.evidence)
            sentences.append((_key(s.location), s.evidence))
    sentences.sort(key=lambda x: x[0])
    out: list[Block] = []
    i = 0
    for k, h in enumerate(heads):
        while i < len(sentences) and sentences[i][0] < _key(h.location):
            out.append(Para(sentences[i][1]))
            i += 1
        out.append(Para(f"{h.marker}{h.title}" if h.marker.endswith(("、", "）", ")")) else f"{h.marker} {h.title}",
                        level=h.level))
        if k == len(heads) - 1:
            break
    out.extend(Para(text) for _, text in sentences[i:])
    return out
