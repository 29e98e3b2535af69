"""The residue of writing from a template: an announcement with nothing after it, both words of a
template's alternative printed, unbalanced brackets and quotation marks, characters garbled by a
broken font, a page with no text."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from budgetlens.check.context import DocContext
from budgetlens.check.findings import Finding
from budgetlens.check.registry import rule
from budgetlens.model import Location
from budgetlens.patterns import lazy

# A reason announced (“主要原因是：”) and directly followed by the end of its sentence. A reason so
# introduced is given in the sentence itself; a list or table announced with 如下 / 具体如下 / 分别是 may
# follow in the next paragraph or table, so those are not judged.
_ANNOUNCE_EMPTY = lazy(r"((?:主要)?原因(?:是|为|在于|主要是))\s*[：:]?\s*[。；;]")


@rule("BL961", "announcement-without-content", "A sentence announces a reason and stops",
      severity="error", group="wording",
      basis="A template's “主要原因是：” is there to be filled in; printed empty it says nothing")
def announcement_without_content(ctx: DocContext) -> Iterator[Finding]:
    """“主要原因是：。”, “原因为；” — the announcement is followed at once by the end of its sentence,
    the reason it announces was never written. (A list announced with 如下 may follow in the next
    paragraph or table and is not judged.)"""
    for text, loc in ctx.text_lines():
        for m in _ANNOUNCE_EMPTY.finditer(text):
            yield ctx.finding("BL961.empty_reason", {"text": m.group(0)}, location=ctx.loc(loc), evidence=text,
                              highlight=[m.group(0)], actual=m.group(0))


# Both words of a template's alternative: the unit speaking of itself as “本部门（单位）”, a figure
# judged by “增加（减少）” at once. “部门（单位）” alone is the generic term of the 名词解释 (“三公”经费指
# 部门（单位）使用财政拨款…) and of the finance bureau's functions: not a residue.
_LEVEL_ALT = lazy(r"(?:本|我)(?:部门[（(/／]单位[）)]?|单位[（(/／]部门[）)]?)")
_DIRECTION_ALT = lazy(r"(增加|增长|上升|提高|减少|下降|降低)[（(](增加|增长|上升|提高|减少|下降|降低)[）)]\s*"
                            r"(?=-?\d|[零一二三四五六七八九十百]|了)")
_UP = {"增加", "增长", "上升", "提高"}


@rule("BL962", "template-alternative", "Both words of a template's alternative printed",
      severity="error", group="wording",
      basis="A template offers “部门（单位）”, “增加（减少）” for the author to choose one; a disclosure states one")
def template_alternative(ctx: DocContext) -> Iterator[Finding]:
    """“本部门（单位）”, “比上年增加（减少）12.00万元” — the author left both words of the template's
    choice in a sentence about the document's own unit or figures."""
    for text, loc in ctx.text_lines():
        for m in _LEVEL_ALT.finditer(text):
            yield ctx.finding("BL962.both_names", {"text": m.group(0)},
                              location=ctx.loc(loc), evidence=text, highlight=[m.group(0)], actual=m.group(0))
        for m in _DIRECTION_ALT.finditer(text):
            if (m.group(1) in _UP) != (m.group(2) in _UP):
                yield ctx.finding("BL962.both_directions", {"text": m.group(0).strip()},
                                  location=ctx.loc(loc), evidence=text, highlight=[m.group(0).strip()],
                                  actual=m.group(0).strip())


_PAIRS = {"（": "）", "(": "）", "“": "”", "《": "》", "【": "】", "〔": "〕"}
_CLOSERS = {"）": "（", "”": "“", "》": "《", "】": "【", "〕": "〔"}
# “1）”, “(2)”, “a)”: a list marker opens no bracket; “一）” likewise
_LIST_MARKER = lazy(r"(?:^|(?<=[\s。；：:，,、]))[\dA-Za-z一二三四五六七八九十]{1,3}[）)]")


def _unbalanced(sentence: str, whole: bool = True) -> str | None:
    """The first bracket or quotation mark of ``sentence`` left unmatched, else None. When the text
    is not ``whole`` (it begins after a cut: something may be open before it), a closing mark with no
    opening one is not judged."""
    s = _LIST_MARKER.sub(lambda m: m.group(0)[:-1] + " ", sentence.replace(")", "）"))
    stack: list[str] = []
    for ch in s:
        if ch in _PAIRS:
            stack.append("（" if ch == "(" else ch)
        elif ch in _CLOSERS:
            if not stack:
                if whole:
                    return ch
                continue
            if stack[-1] != _CLOSERS[ch]:
                return ch
            stack.pop()
    return stack[0] if stack else None


@rule("BL963", "unbalanced-brackets", "A bracket or quotation mark opened and never closed (or the reverse)",
      severity="warning", group="wording", basis="GB/T 15834 标点符号用法: brackets and quotation marks come in pairs")
def unbalanced_brackets(ctx: DocContext) -> Iterator[Finding]:
    """Judged over the whole sentences of one paragraph, to its last 。！？: from its start when it
    begins a paragraph (it is numbered, or the paragraph before ended a sentence or was a heading),
    else from the end of its first sentence, and then a closing mark whose opening one may lie
    before the cut is not judged. A bracket may span sentences; a piece the reader may have cut at
    a line, block or page edge is never judged."""
    prev_ended = False
    for text, loc in ctx.text_lines():
        ends = [m.end() for m in _END.finditer(text)]
        stripped = text.rstrip()
        ended = bool(stripped) and stripped[-1] in "。！？"
        if ends:
            whole = prev_ended or _HEADING.match(text) is not None
            region = text[0 if whole else ends[0]:ends[-1]]
            bad = _unbalanced(region, whole) if region.strip() else None
            if bad is not None:
                yield ctx.finding("BL963.unpaired", {"mark": bad}, location=ctx.loc(loc),
                                  evidence=region.strip(), highlight=[bad], actual=bad)
        prev_ended = ended or _is_heading(stripped)


_END = lazy(r"[。！？]")


def _is_heading(text: str) -> bool:
    """A short numbered line with no clause punctuation: a heading, not the first line of a
    numbered paragraph that goes on."""
    return len(text) <= 20 and _HEADING.match(text) is not None and not re.search(r"[，,。；;]", text)


# a heading (一、 （一） 1. 第一部分): what follows it begins a paragraph, and a paragraph so numbered
# begins one itself
_HEADING = lazy(r"^\s*(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．](?!\d))")


# mojibake: UTF-8 read as GBK (锟斤拷 is U+FFFD so read; 锛 and 銆 are what ， and 。、 become) or
# as Latin-1 (Ã©, â€œ); 锛/銆 are real but rare characters, so only when they come in numbers
_MOJIBAKE = lazy(r"锟斤拷|烫烫烫|屯屯屯|Ã[\u0080-\u00bf]|â€[\u0080-\u00bf\u0153\u0161\u017e\u02dc\u2122\u201c\u201d\u02c6]")
_GBK_PUNCT = lazy(r"[锛銆]")


def _garbled(ch: str) -> bool:
    return ch == "\ufffd" or unicodedata.category(ch) == "Co" or 0x2E80 <= ord(ch) <= 0x2FDF


# the characters ``_garbled`` names, found in one pass (the private-use planes are category Co)
_GARBLED = lazy("[\ufffd\u2e80-\u2fdf\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd]")


@rule("BL964", "garbled-characters", "Characters garbled by a broken font",
      severity="warning", group="wording",
      basis="A published PDF's text layer carries the characters printed; private-use code points, U+FFFD and "
            "stray radicals make it unreadable to search, copy and screen readers")
def garbled_characters(ctx: DocContext) -> Iterator[Finding]:
    """Private-use characters (Unicode Co), the replacement character U+FFFD, or CJK radicals
    (U+2E80–U+2FDF) standing for characters: the font maps its glyphs to no or wrong code points;
    or text decoded in the wrong encoding (锟斤拷, 锛…銆… in numbers, Ã©/â€œ). One finding per page (or
    per text line without pages)."""
    seen: set[int | None] = set()
    for text, loc in ctx.text_lines():
        bad = _GARBLED.findall(text)
        if not bad:
            mojibake = _MOJIBAKE.findall(text)
            gbk = _GBK_PUNCT.findall(text)
            if mojibake or len(gbk) >= 3:
                key = loc.page if loc.page is not None else loc.line
                if key not in seen:
                    seen.add(key)
                    shown = (mojibake or gbk)[0]
                    yield ctx.finding("BL964.mojibake", {"text": shown},
                                      location=ctx.loc(loc), evidence=text, highlight=[shown], actual=shown)
            continue
        key = loc.page if loc.page is not None else loc.line
        if key in seen:
            continue
        seen.add(key)
        points = sorted({f"U+{ord(c):04X}" for c in bad})
        codes = ", ".join(points)
        yield ctx.finding("BL964.garbled", {"count": len(bad), "codes": points}, location=ctx.loc(loc),
                          evidence=text, highlight=bad[:1], actual=codes)


@rule("BL965", "blank-page", "A PDF page with nothing printed on it",
      severity="info", group="wording",
      basis="A published disclosure has no empty pages between its parts")
def blank_page(ctx: DocContext) -> Iterator[Finding]:
    """A page of a PDF on which nothing is printed but a page number or running head: no text, no
    table, no image, no drawn line. A page left blank on purpose (after a cover, for two-sided
    printing) is honest practice, so this is information, not a claim of a defect."""
    src = ctx.source
    if src is None or not src.pages:
        return
    for p in src.blank_pages:
        yield ctx.finding("BL965.blank_page", {"page": p, "pages": src.pages}, location=ctx.loc(Location(page=p)))
