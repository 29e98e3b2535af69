"""The table of contents (目录): its entries, and whether each is present in the body.

A 目录 line is cleaned of its leader dots and page number ("（一）主要职能......2"), split when it
carries two entries, and joined with the next line when its title wraps ("…支出决" / "算情况说明").
An entry is matched to the body by meaning, not by exact words: the unit's name, the year, the level
word (部门/单位), "关于…的说明" and similar filler are set aside, and 职责/职能, 基本情况/概况 count as
the same. A listed table counts as present when it was read, or when its title is printed in the body
(then the reader failed, which is said as a parse warning); a group heading of the tables part
("2026年度单位预算表", "预算公开表") is present when the body prints tables.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Callable, Iterable, Iterator

from budgetlens.i18n import Message, msg
from budgetlens.model import Disclosure, Grid, Heading, Location, Paragraph, Source, TocEntry
from budgetlens.recognize.document import strip_field_codes
from budgetlens.recognize.lazy_pattern import LazyPattern, lazy
from budgetlens.recognize.segment import Segment, TableRegion, compact

_CN = "一二三四五六七八九十"
_MARKERS: list[tuple[int, LazyPattern]] = [
    (0, lazy(rf"^第[{_CN}]+部分[：:、.．]?")),
    (1, lazy(rf"^[{_CN}]+[、.．]")),
    (2, lazy(rf"^[（(][{_CN}]+[）)]")),
    # "1. 2026年预算单位收入预算总表", "（1）…", "表1 收支总表": tables listed under a part
    (3, lazy(r"^(?:\d{1,2}[、.．](?!\d+[万%])|[（(]\d{1,2}[）)]|(?:附|部门公开|单位公开)?表\d{1,2}(?:[-－—]\d{1,2})?[：:、.．]?)")),
]
_ANY_MARKER = lazy(
    rf"第[{_CN}]+部分|[{_CN}]+、|[（(][{_CN}]+[）)]"
)
# Leader dots or dashes and the page number after them: "......2", "……………", "···· 12", "— 3 —"
_LEADER = lazy(r"(?:[.．…·・⋯•_\-—－]\s*){2,}\s*(?:第?\d{1,3}页?)?\s*$")
# A page number glued to the title ("…支出表的说明23"): digits right after a CJK character or a
# closing bracket or quote; never the number of a table ("表1") or a year
_GLUED_PAGE = lazy(r"(?<=[\u4e00-\u9fff）)”\"])(?<!表)(?<!年)\d{1,3}$")
# A page footer or page number alone on a line: "2", "- 2 -", "— 2 —", "第2页", "II"
_PAGE_NO = lazy(r"^[-—－]?(?:第?\d{1,3}页?|[IVXivx]{1,4})[-—－]?$")
_SENTENCE = lazy(r"[。；;]$|[，,].{8,}")


def _split_entries(raw: str) -> list[str]:
    """One printed line may carry two entries: "主要职能....2 机构设置情况....3"."""
    text = strip_field_codes(raw)
    parts = re.split(
        rf"(?:(?:[.．…·・⋯•_]\s*){{2,}}\s*|\s+)\d{{1,3}}\s*(?=第[{_CN}]+部分|[{_CN}]+、|[（(][{_CN}]+[）)]|\S{{2,}}(?:[.．…·・⋯•_]\s*){{2,}})",
        text,
    )
    return [p for p in parts if p and p.strip()]


@functools.lru_cache(maxsize=4096)  # titles are cleaned again for every comparison (pure)
def clean_entry(text: str) -> str:
    """A 目录 line without field codes, spaces, leader dots and page number."""
    # a page number set apart by spaces or a tab ("三、2025年部门预算表  5")
    t = compact(re.sub(r"(?<=\S)\s+\d{1,3}\s*$", "", strip_field_codes(text)))
    t = re.sub(r"^[-•·*]+(?=\S)", "", t)  # list bullets of converted text
    t = _LEADER.sub("", t)
    t = _GLUED_PAGE.sub("", t)
    return t.strip("《》")


def _entry(text: str) -> tuple[int, str] | None:
    t = clean_entry(text)
    for level, pattern in _MARKERS:
        m = pattern.match(t)
        if m and len(t) > m.end():
            return level, t[m.end():].strip("《》 ")
    return None


def _has_leader(text: str) -> bool:
    return bool(_LEADER.search(compact(strip_field_codes(text))))


_TOC_WORD = lazy(r"^目\s*[录錄次]$")


def _toc_paragraphs(segments: list[Segment]) -> tuple[list[tuple[Paragraph, int, str]], int]:
    entries, end, _ = _toc(segments)
    return entries, end


def _toc(segments: list[Segment]) -> tuple[list[tuple[Paragraph, int, str]], int, int]:
    """The 目录 entries as (paragraph, level, title) and the index of the first body segment. A
    目录 whose heading word was lost (an image, a text box) is taken from the document's first lines
    when they are a run of entries that the body then repeats from the first one."""
    start = next(
        (i for i, s in enumerate(segments) if isinstance(s, Paragraph) and _TOC_WORD.match(compact(s.text))),
        None,
    )
    if start is not None:
        return _read_entries(segments, start)
    first = next((i for i, s in enumerate(segments[:12]) if isinstance(s, Paragraph) and _entry(s.text)), None)
    if first is None:
        return [], 0, -1
    entries, end, repeated = _read_entries(segments, first - 1)
    return (entries, end, repeated) if repeated >= 0 and len(entries) >= 5 else ([], 0, -1)


def _read_entries(segments: list[Segment], start: int) -> tuple[list[tuple[Paragraph, int, str]], int, int]:
    """The entries after ``segments[start]``, the index of the first body segment, and which entry
    (0 or 1) the body was seen to begin by repeating (-1: not seen)."""
    # (paragraph, level, title, index of the paragraph, the whole cleaned line)
    entries: list[tuple[Paragraph, int, str, int, str]] = []
    end = start + 1
    last_raw = ""
    repeated = -1
    lines: list[tuple[int, Paragraph]] = []
    for i in range(start + 1, len(segments)):
        seg = segments[i]
        if isinstance(seg, Paragraph):
            lines.append((i, seg))
        elif i == start + 1 or (lines and lines[-1][0] == i - 1 and not seg.title):
            # a 目录 laid out with tabs before the page numbers is read as a grid: its rows are lines
            lines.extend((i, row) for row in _grid_lines(seg))
        else:
            break
    for i, seg in lines:
        t = compact(strip_field_codes(seg.text))
        if not t or _PAGE_NO.match(t) or re.fullmatch(r"\d{4}", t):
            end = i + 1  # page furniture: a page number, a running year
            continue
        stop = False
        for piece in _split_entries(seg.text):
            parsed = _entry(piece)
            c = clean_entry(piece)
            prev = entries[-1] if entries else None
            if parsed is None and not (prev is not None and _continues(prev[0], last_raw, seg, c)) \
                    and _has_leader(piece) and c and not _SENTENCE.search(c):
                parsed = (1, c)  # an entry without a marker: "部门职责 ............ 2"
            if parsed is None:
                if prev is not None and _continues(prev[0], last_raw, seg, c):
                    whole = prev[4] + c
                    if len(entries) > 1 and whole == entries[0][4]:
                        # the body starts by repeating the first entry, wrapped over two lines
                        entries.pop()
                        return [e[:3] for e in entries], prev[3], 0
                    entries[-1] = (prev[0], prev[1], prev[2] + c, prev[3], whole)
                    last_raw = ""
                    continue
                stop = True
                break
            if len(c) > 80 or _SENTENCE.search(c):
                stop = True
                break
            again = next((k for k, e in enumerate(entries[:2]) if c == e[4] and (k == 0 or e[1] <= 1)), None)
            if again is not None:
                # the body starts by repeating the first entry (or the second, when the first, a
                # part title, is not printed as text in the body)
                stop, repeated = True, again
                break
            entries.append((seg, parsed[0], parsed[1], i, c))
            last_raw = "" if _has_leader(piece) else c  # a line ending in its page number is whole
        if stop:
            break
        end = i + 1
    return [e[:3] for e in entries], end, repeated


def _grid_lines(region: TableRegion) -> list[Paragraph]:
    """The rows of a grid as printed lines, cells apart by two spaces ("（一）主要职能  2")."""
    out: list[Paragraph] = []
    for row in region.grid.rows:
        cells = [c for c in row if c.text.strip()]
        if cells:
            out.append(Paragraph(text="  ".join(c.text.strip() for c in cells), location=cells[0].location))
    return out


def _continues(prev: Paragraph, prev_text: str, seg: Paragraph, text: str) -> bool:
    """The wrapped tail of the previous entry ("…支出决" / "算情况说明"): short, on the same page
    (or the next line of a text file), and the previous line was long and had no page number."""
    if not prev_text or len(prev_text) < 14 or not (0 < len(text) <= 12) or _SENTENCE.search(text):
        return False
    if _ANY_MARKER.match(text):
        return False
    a, b = prev.location, seg.location
    if a.page is not None or b.page is not None:
        return a.page == b.page
    if a.line is not None and b.line is not None:
        return 0 < b.line - a.line <= 3
    return False


# ---- matching entries to the body ------------------------------------------------------------

_YEAR = lazy(r"(?:20\d{2}|二[〇○零][一二三四五六七八九〇○零]{2})年度?")
_LEVEL_IN_BRACKETS = lazy(r"[（(](?:部门|单位|本级|汇总)[）)]")
_SEE_TABLE = lazy(r"[（(][^（）()]{0,12}(?:表|见)[^（）()]{0,12}[）)]")
# A note in brackets after a title, a sentence of its own (a template's instruction left in:
# "单位构成（仅有一个单位的部门，本部分内容为“机构设置”）"): not part of the title. A short
# qualifier ("（按经济分类）") is, and still tells two sections apart.
_NOTE = lazy(r"[（(][^（）()]*[，,；;][^（）()]*[）)]$")
_NOTED_HEADING = lazy(r"^([^（）()，,。]{2,30}?)[（(][^（）()]*[，,；;][^（）()]*[）)]")
_FILLER = lazy(r"本部门|本单位|部门|单位|市级|区级|关于|年度|预算|决算|的|情况|说明|[“”\"'‘’《》〈〉：:、，,。.．\s]")
_PUNCT = lazy(r"[“”\"'‘’《》〈〉：:、，,。.．\s]")
_SYNONYMS = (("职责", "职能"), ("基本概况", "概况"), ("内设机构", "机构设置"), ("机构情况", "机构设置"))


def _strip_marker(t: str) -> str:
    for _, pattern in _MARKERS:
        m = pattern.match(t)
        if m:
            return t[m.end():]
    return t


def section_key(text: str, names: Iterable[str] = (), light: bool = False) -> str:
    """What a section title means, without the words that vary between 目录 and body (``light``:
    without the name, year and punctuation only)."""
    return _section_key(text, tuple(sorted((n for n in names if n), key=len, reverse=True)), light)


@functools.lru_cache(maxsize=4096)  # the same lines and their starts are keyed for every 目录 entry (pure)
def _section_key(text: str, longest_first: tuple[str, ...], light: bool) -> str:
    t = _strip_marker(clean_entry(text))
    t = _SEE_TABLE.sub("", t)
    t = _NOTE.sub("", t)
    for name in longest_first:
        t = t.replace(name, "")
    t = _YEAR.sub("", t)
    t = t.replace("基本情况", "概况")
    t = _LEVEL_IN_BRACKETS.sub("", t)
    lighter = _PUNCT.sub("", t)
    if light:
        return lighter
    t = _FILLER.sub("", t)
    for a, b in _SYNONYMS:
        t = t.replace(a, b)
    # a title made only of those words ("部门情况说明") keeps them
    return t if len(t) >= 2 else lighter


def _same_section(entry: str, body: str) -> bool:
    """The same title: equal, one the other with a few words more at either end ("工作任务" /
    "年度工作任务"), or the same characters in another order (a spaced heading read out of order)."""
    if not entry or not body:
        return False
    if entry == body:
        return True
    short, long_ = sorted((entry, body), key=len)
    if len(short) >= 2 and (long_.startswith(short) or long_.endswith(short)) and len(long_) - len(short) <= 8:
        return True
    return len(entry) >= 4 and entry in body and len(body) - len(entry) <= 6


def _like_section(entry: str, body: str) -> bool:
    """Nearly the same title ("三公经费等经费预算" / "三公经费等预算")."""
    return len(entry) >= 4 and difflib.SequenceMatcher(None, entry, body).ratio() >= 0.85


# _same_section holds only between titles at most this many characters apart in length
_SAME_SECTION_SPAN = 8


def _by_length(keys: Iterable[str]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for k in keys:
        out.setdefault(len(k), []).append(k)
    return out


def _near_in_length(by_length: dict[int, list[str]], key: str) -> Iterator[str]:
    """The keys that may be the same section as ``key``: those near it in length."""
    for n in range(len(key) - _SAME_SECTION_SPAN, len(key) + _SAME_SECTION_SPAN + 1):
        yield from by_length.get(n, ())


def _present(key: str, keys: list[str], taken: set[str], light: str = "",
             light_keys: Callable[[], frozenset[str]] = frozenset, keys_by_length: dict[int, list[str]] | None = None) -> bool:
    """Whether a section is in the body: a body title of the same meaning, or one nearly the same
    that no other 目录 entry names exactly (two listed sections never share one heading by
    similarity: 一般公共预算支出 is not taken for 一般公共预算基本支出 when both are listed).
    ``light_keys`` gives the sorted characters of every short body line, made when first needed."""
    near = _near_in_length(keys_by_length, key) if keys_by_length is not None else keys
    if any(_same_section(key, k) for k in near) or any(_like_section(key, k) for k in keys if k not in taken):
        return True
    # a heading run into its first sentence ("X（单位）主要职能X是…下属事业单位")
    if len(key) >= 4 and any(k.startswith(key) for k in keys):
        return True
    # the same characters in another order: a spaced-out heading read out of order ("说明情其他况")
    return len(light) >= 4 and "".join(sorted(light)) in light_keys()


# Titles of tables: "表3 部门支出总表", "2026年预算单位收入预算总表", "一般公共预算支出情况表（按功能分类科目）"
_TABLE_PREFIX = lazy(r"^(?:(?:部门|单位)?公开)?(?:附)?表\s*[0-9一二三四五六七八九十]{1,3}(?:[-－—]\d{1,2})?[：:、.．]?")
_TABLE_END = lazy(r"表(?:[（(][^（）()]{1,20}[）)])?$")


@functools.lru_cache(maxsize=4096)  # a line is asked again by the toc and by the structure checks (pure)
def table_title(text: str) -> str | None:
    """The text as a table title, or None when it is not one (a sentence, a section heading)."""
    t = _strip_marker(clean_entry(text))
    t = _TABLE_PREFIX.sub("", t)
    # a title printed on one line with its preamble: "…收支预算总表编制单位：X单位：元"
    t = re.sub(r"(?:编制(?:单位|部门)|单位名称|部门名称|预算单位)[：:].*$", "", t)
    t = re.sub(r"[（(]?(?:金额)?单位[：:][^）)]*[）)]?$", "", t)
    if not (4 <= len(t) <= 60) or re.search(r"[。，,；;]", t) or not _TABLE_END.search(t):
        return None
    return t


def table_id_of(title: str, kind: str | None) -> str | None:
    """The standard id of a listed or printed table title, when the catalogue knows it."""
    t = table_title(title)
    return _identify(t, kind) if t else None


def _identify(title: str, kind: str | None) -> str | None:
    from budgetlens.recognize.table_specs import identify

    spec = identify(title, kind)
    return spec.id if spec else None


def printed_tables(lines: Iterable[tuple[str, Location]], kind: str | None) -> dict[str, Location]:
    """The standard tables whose title is printed in these lines (the first place of each)."""
    out: dict[str, Location] = {}
    for text, loc in lines:
        if "《" in text:
            continue  # a list of the tables by name (《收入决算表》) refers to them, it does not print them
        title = table_title(text)
        if title is None:
            continue
        table_id = _identify(title, kind)
        if table_id is not None:
            out.setdefault(table_id, loc)
    return out


# A heading over the tables part: "五、单位预算表", "第二部分 2026年度部门预算表", "2026年X局预算公开表",
# "部门综合预算公开报表", "附表": nothing left once the unit, the year and these words are set aside
_GROUP_WORDS = lazy(r"部门|单位|市级|区级|县级|综合|预算|决算|公开|信息|报表|附表|附件|表|[（）()]")


def _is_group(title: str, names: Iterable[str] = ()) -> bool:
    t = compact(title)
    for name in sorted((n for n in names if n), key=len, reverse=True):
        t = t.replace(name, "")
    return len(t) <= 40 and not _GROUP_WORDS.sub("", _YEAR.sub("", t))


def grid_titles(grid: Grid) -> list[tuple[str, Location]]:
    """A title printed inside the top of a grid (a row with one filled cell), as a line."""
    out: list[tuple[str, Location]] = []
    for row in grid.rows[:2]:
        filled = [c.text for c in row if c.text.strip()]
        if len(filled) == 1:
            out.append((filled[0], grid.location))
    return out


def source_lines(source: Source) -> list[tuple[str, Location]]:
    """The printed lines of a source: its paragraphs and the titles printed inside grids."""
    out: list[tuple[str, Location]] = []
    for block in source.blocks:
        if isinstance(block, Grid):
            out.extend(grid_titles(block))
        else:
            out.append((block.text, block.location))
    return out


def body_lines(segments: list[Segment]) -> list[tuple[str, Location]]:
    """The printed lines of the body: paragraphs, and the titles and preambles of tables."""
    out: list[tuple[str, Location]] = []
    for seg in segments:
        if isinstance(seg, TableRegion):
            if seg.number:
                out.append((f"{seg.number} {seg.title}", seg.location))
            if seg.title:
                out.append((seg.title, seg.location))
            out.extend((p, seg.location) for p in seg.preamble)
            out.extend((n.text, n.location) for n in seg.notes)
            out.extend(grid_titles(seg.grid))
        else:
            out.append((seg.text, seg.location))
    return out


def _names(doc: Disclosure) -> list[str]:
    names = [doc.unit.name]
    base = re.sub(r"[（(][^（）()]*[）)]$", "", doc.unit.name)
    if base != doc.unit.name:
        names.append(base)
    # "市交通运输局" for "杭州市交通运输局"
    m = re.match(r"^.{1,8}?[省市区县州盟旗](.+)$", base)
    if m and len(m.group(1)) >= 3:
        names.append("市" + m.group(1))
    return [n for n in names if n]


def _heading_key(text: str, names: list[str], light: bool) -> str:
    return section_key(text, names, light=light)


def _run_in(text: str, key: str, names: list[str], light: bool = False) -> str:
    """The heading at the start of a paragraph that runs on into its text (a text file joins an
    unmarked heading line with the sentence after it): the shortest start of ``text`` that means
    ``key``, with the filler words right after it (说明, 情况); ``text`` itself when none does."""
    if len(text) <= 40 or len(key) < 2:
        return text
    first = _shortest_start(text[:40], key)
    if first is None:
        return text
    for n in range(first, 41):
        if _heading_key(text[:n], names, light) == key:
            while True:
                tail = next((w for w in ("情况", "说明", "的") if text.startswith(w, n)), None)
                if tail is None:
                    break
                n += len(tail)
            # a sentence goes on with its figure ("…基本支出380.47万元"), a heading with new words
            return text if re.match(r"(?!20\d{2}年)[\d（(为是共合]", text[n:]) else text[:n]
    return text


# The only characters a section key may have that its text has not: those the synonyms put in
_PUT_IN = frozenset("概况" + "".join(b for _, b in _SYNONYMS))


def _shortest_start(text: str, key: str) -> int | None:
    """The length of the shortest start of ``text`` that can mean ``key`` (None: no start can). A
    key is its text with words taken out or replaced by words no longer (:func:`section_key`), so
    it is no longer than its text and has no character the text has not, but for :data:`_PUT_IN`."""
    n = max(2, len(key))
    for ch in set(key) - _PUT_IN:
        at = text.find(ch)
        if at < 0:
            return None
        n = max(n, at + 1)
    return n


def unmarked_headings(segments: list[Segment], names: list[str]) -> list[Heading]:
    """Body headings printed without a marker ("X（单位）主要职能", "名词解释", "2026年单位预算编制
    说明") that the 目录 lists with one ("一、单位主要职能"): each listed section is looked for, in
    order, among the short lines of the body, and takes the 目录 entry's level. A line is taken
    only when it means exactly the entry: by its words without the filler when four or more are
    left, else by all its words but the unit's name and the year ("收入决算情况说明" is never
    "2024年度收入")."""
    toc, body_start = _toc_paragraphs(segments)
    out: list[Heading] = []
    pos = body_start
    for _, level, title in toc:
        if table_title(title) is not None:
            continue
        key = section_key(title, names)
        light = len(key) < 4
        if light:
            key = section_key(title, names, light=True)
        for i in range(pos, len(segments)):
            seg = segments[i]
            if not isinstance(seg, Paragraph):
                continue
            whole = compact(seg.text)
            if any(p.match(whole) for _, p in _MARKERS[:3]):
                if _heading_key(whole, names, light) == key or _same_section(section_key(title, names),
                                                                             section_key(whole, names)):
                    pos = i + 1  # listed and printed with its marker: a heading already
                    break
                continue
            t = _run_in(whole, key, names, light)
            if len(t) > 40 or _SENTENCE.search(t) or t.endswith(("：", ":")):
                continue
            same = _heading_key(t, names, light) == key
            if same:
                out.append(Heading(level=level, marker="", title=t, location=seg.location))
                pos = i + 1
                break
    return out


def resolve_toc(doc: Disclosure, segments: list[Segment]) -> list[TocEntry]:
    toc, body_start, repeated = _toc(segments)
    kind = str(doc.kind) if doc.kind else None
    body = segments[body_start:] if toc else segments
    lines = body_lines(body)
    printed = printed_tables(lines, kind)
    read = {t.id for t in doc.tables if t.id}
    if toc:
        toc_lines = {p.location for p, _, _ in toc}
        doc.headings = [h for h in doc.headings if h.location not in toc_lines]
        names = _names(doc)
        keys = _body_keys(lines, names)
        table_keys = [section_key(t, names) for t in (table_title(text) for text, _ in lines if "《" not in text) if t]
        has_tables = bool(doc.tables) or any(isinstance(s, TableRegion) for s in body)
        entries: list[TocEntry] = []
        section_keys = [section_key(title, names) for _, _, title in toc]
        anagrams = functools.cache(lambda: frozenset("".join(sorted(section_key(text, names, light=True)))
                                                     for text, _ in lines if len(compact(text)) <= 40))
        entries_by_length = _by_length(section_keys)
        taken = {k for k in keys if any(_same_section(e, k) for e in _near_in_length(entries_by_length, k))}
        keys_by_length = _by_length(keys)
        for (para, level, title), key in zip(toc, section_keys, strict=True):
            entry = TocEntry(level=level, title=title, location=para.location)
            table = table_title(title)
            table_id = _identify(table, kind) if table else None
            if table_id is not None:
                entry.target = table_id
                # titles of different standard tables differ by a word (收入/支出, 基本), so a listed
                # table is matched by its standard id, never by similarity
                entry.present = table_id in read or table_id in printed
            elif table is not None and _is_group(table, names):
                entry.present = has_tables or _present(key, keys, taken, keys_by_length=keys_by_length)
            elif table is not None:
                # a table the catalogue does not know (政府采购预算明细表): its title printed as a title
                entry.present = any(_same_section(key, k) for k in table_keys)
            else:
                entry.present = _present(key, keys, taken, section_key(title, names, light=True), anagrams,
                                         keys_by_length)
            entries.append(entry)
        if repeated == 1 and entries and entries[0].present is False:
            # the body began at the second entry: the first (a part title) is printed, but not as
            # text the reader can see (a graphic); unknown, not missing
            entries[0].present = None
        doc.toc = entries
    _table_warnings(doc, printed, read, lines)
    return doc.toc


def _body_keys(lines: list[tuple[str, Location]], names: list[str]) -> list[str]:
    """The meaning of each heading-like body line (a long paragraph gives its first words: a
    heading run into its text, "（一）主要职责。贯彻执行…"), and of two short lines together (a
    heading printed over two lines)."""
    keys: list[str] = []
    prev = ""
    for text, _ in lines:
        t = compact(text)
        if len(t) > 60:
            noted = _NOTED_HEADING.match(t)  # a heading, its bracketed note, then its text
            t = noted.group(1) if noted else re.split(r"[。：:；;]", t, maxsplit=1)[0][:40]
        k = section_key(t, names)
        if k:
            keys.append(k)
        if prev and len(t) <= 30 and not _ANY_MARKER.match(t):
            joined = section_key(prev + t, names)
            if joined:
                keys.append(joined)
        prev = t if len(t) <= 30 and not _SENTENCE.search(t) else ""
    return keys


_ATTACHED = lazy(r"见附[表件]|附[表件][:：]|详见附")


def _table_warnings(doc: Disclosure, printed: dict[str, Location], read: set[str],
                    lines: list[tuple[str, Location]]) -> None:
    """Parse warnings about standard tables the reader could not take: printed but not read, or
    published as a separate attachment."""
    for table_id, loc in sorted(printed.items()):
        if table_id not in read:
            where = (msg("location.page", page=loc.page) if loc.page is not None
                     else msg("location.line", line=loc.line) if loc.line is not None else msg("place.elsewhere"))
            doc.warnings.append(Message("parse.table_not_read", table=table_id, where=where))
    if not read and not printed and any(_ATTACHED.search(text) for text, _ in lines):
        doc.warnings.append(Message("parse.tables_attached"))
