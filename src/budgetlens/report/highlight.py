"""Mark the figures a finding is about inside its evidence sentence."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from markupsafe import Markup, escape


def _variants(mark: str) -> list[str]:
    out = {mark}
    core = mark.rstrip("%")
    try:
        d = Decimal(core)
    except InvalidOperation:
        return sorted(out, key=len, reverse=True)
    if abs(d) >= 1000:
        grouped = f"{d:,f}"
        out.add(grouped + ("%" if mark.endswith("%") else ""))
    return sorted(out, key=len, reverse=True)


def spans(evidence: str, marks: list[str]) -> list[tuple[int, int]]:
    """Character ranges of each mark (as a whole number, not inside a longer one)."""
    found: list[tuple[int, int]] = []
    for mark in marks:
        for v in _variants(mark):
            pat = re.escape(v)
            if re.match(r"[-\d]", v):
                pat = r"(?<![\d.,])" + pat + (r"(?![\d])" if not v.endswith("%") else "")
            for m in re.finditer(pat, evidence):
                if not any(a < m.end() and m.start() < b for a, b in found):
                    found.append((m.start(), m.end()))
    return sorted(found)


def highlight_html(evidence: str, marks: list[str]) -> Markup:
    out = Markup("")
    pos = 0
    for a, b in spans(evidence, marks):
        out += escape(evidence[pos:a]) + Markup("<mark>") + escape(evidence[a:b]) + Markup("</mark>")
        pos = b
    return out + escape(evidence[pos:])
