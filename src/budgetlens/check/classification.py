"""政府收支分类科目 data: function classification (类/款/项) and 部门预算支出经济分类 per year.

Files live in ``budgetlens/data/classification/<year>.yaml``. A file may ``extends`` an earlier
year and then list ``add``/``remove``/``rename`` changes. The data are deliberately incomplete:
they hold the codes their authors are sure of, so a code absent from the data is reported at most
as info, never as an error.

Every entry says where it comes from (``Classification.source_of``) and how far it can be trusted
(``Classification.status_of``):

- ``published``: from the published 科目 text the file names in its ``source``;
- ``observed``: printed, with this name, beside this code in the official disclosures of that year
  that the entry names (section ``observed`` of a year file). An observed code is valid for its
  year, but its name is the documents' wording, so printed names are not judged against it;
- ``nearest``: a year with no published list of its own names a ``fallback`` year whose data stand in
  for the codes it does not hold itself; those codes are accepted but their names not judged.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from budgetlens.i18n import Message, msg
from budgetlens.patterns import lazy


@dataclass(slots=True)
class Classification:
    year: int
    source: str
    function: dict[str, str] = field(default_factory=dict)
    economic: dict[str, str] = field(default_factory=dict)
    complete_classes: set[str] = field(default_factory=set)  # 类 codes whose 款 list is complete
    status: dict[str, str] = field(default_factory=dict)  # code -> published | observed | nearest
    sources: dict[str, str] = field(default_factory=dict)  # code -> where the entry comes from

    def name(self, code: str, kind: str) -> str | None:
        table = self.economic if kind == "economic" else self.function
        return table.get(code)

    def status_of(self, code: str) -> str | None:
        """``published``, ``observed`` or ``nearest`` for a code in the data; None otherwise."""
        if code not in self.function and code not in self.economic:
            return None
        return self.status.get(code, "published")

    def source_of(self, code: str) -> str | None:
        """Where the entry for ``code`` comes from (None for a code not in the data)."""
        if self.status_of(code) is None:
            return None
        return self.sources.get(code, self.source)

    def comparable(self, code: str) -> bool:
        """Whether a printed name may be judged against this code's name: published entries only."""
        return self.status_of(code) == "published"


DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "classification"


def available_years() -> list[int]:
    years = []
    for entry in DATA_DIR.iterdir():
        m = re.fullmatch(r"(\d{4})\.yaml", entry.name)
        if m:
            years.append(int(m.group(1)))
    return sorted(years)


def _raw(year: int) -> dict[str, Any]:
    from budgetlens.score.yaml_cache import load_yaml  # kept between processes as JSON

    data = load_yaml(f"classification-{year}", (DATA_DIR / f"{year}.yaml").read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"classification {year}: not a mapping")
    return data


def _codes(section: Any) -> dict[str, str]:
    return {str(k): str(v) for k, v in (section or {}).items()}


def _observed(section: Any, documents: dict[str, str]) -> dict[str, tuple[str, str]]:
    """``code: {name, source: [document ids]}`` → code → (name, the documents named in full)."""
    out: dict[str, tuple[str, str]] = {}
    for code, entry in (section or {}).items():
        if not isinstance(entry, dict) or not entry.get("name") or not entry.get("source"):
            raise ValueError(f"observed code {code}: an entry needs a name and its source documents")
        refs = entry["source"] if isinstance(entry["source"], list) else [entry["source"]]
        named = "; ".join(documents.get(str(r), str(r)) for r in refs)
        out[str(code)] = (str(entry["name"]), f"observed in: {named}")
    return out


@functools.lru_cache(maxsize=32)
def load(year: int) -> Classification:
    data = _raw(year)
    source = str(data.get("source", ""))
    if "extends" in data:
        base = load(int(data["extends"]))
        c = Classification(year=year, source=source, function=dict(base.function),
                           economic=dict(base.economic), complete_classes=set(base.complete_classes),
                           status=dict(base.status), sources=dict(base.sources))
        for code in {*base.function, *base.economic}:
            c.sources.setdefault(code, base.source)
    else:
        c = Classification(year=year, source=source)
    changes = data.get("changes", {}) or {}
    for kind in ("function", "economic"):
        target: dict[str, str] = getattr(c, kind)
        own = {**_codes(data.get(kind)), **_codes((changes.get("add", {}) or {}).get(kind)),
               **_codes((changes.get("rename", {}) or {}).get(kind))}
        for code in (changes.get("remove", {}) or {}).get(kind, []) or []:
            target.pop(str(code), None)
            c.status.pop(str(code), None)
            c.sources.pop(str(code), None)
        for code, name in own.items():
            target[code] = name
            c.status[code] = "published"
            c.sources[code] = source
    observed = data.get("observed") or {}
    documents = {str(k): str(v) for k, v in (observed.get("documents") or {}).items()}
    for kind in ("function", "economic"):
        target = getattr(c, kind)
        for code, (name, where) in _observed(observed.get(kind), documents).items():
            if code_kind(code) != kind:
                raise ValueError(f"classification {year}: observed {kind} code {code} is not of that scheme")
            if c.status_of(code) == "published":
                continue  # the published 科目 name stands
            target[code] = name
            c.status[code] = "observed"
            c.sources[code] = where
    if "fallback" in data:
        # no published list for this year: the nearest year's data stand in for the codes not held here
        near = load(int(data["fallback"]))
        for kind in ("function", "economic"):
            target = getattr(c, kind)
            for code, name in getattr(near, kind).items():
                if code not in target:
                    target[code] = name
                    c.status[code] = "nearest"
                    c.sources[code] = f"{near.year} data (no published list for {year}): {near.source_of(code)}"
    c.complete_classes.update(str(x) for x in data.get("complete_classes", []) or [])
    return c


def for_year(year: int | None) -> tuple[Classification | None, bool]:
    """The data for ``year``, or for the nearest earlier (else later) year; the flag says whether
    the year itself is covered."""
    years = available_years()
    if not years:
        return None, False
    if year in years:
        return load(year), True
    if year is None:
        return load(years[-1]), False
    earlier = [y for y in years if y < year]
    return load(earlier[-1] if earlier else years[0]), False


_BRACKETS = str.maketrans({"（": "(", "）": ")", "【": "(", "】": ")", "〔": "(", "〕": ")"})


@functools.lru_cache(maxsize=4096)  # a table's names recur in many rows and documents (pure)
def normalize_name(name: str) -> str:
    s = name.translate(_BRACKETS)
    s = re.sub(r"\s+", "", s)
    s = re.sub(r"\((类|款|项)\)$", "", s)
    s = re.sub(r"^(其中[:：]?)", "", s)
    s = s.replace("“", "").replace("”", "").replace('"', "")
    return s


def names_match(printed: str, official: str) -> bool:
    a, b = normalize_name(printed), normalize_name(official)
    if not a:
        return True
    if a == b:
        return True
    # printed names are often truncated in narrow columns, or drop the bracketed part
    a2, b2 = re.sub(r"\([^)]*\)", "", a), re.sub(r"\([^)]*\)", "", b)
    return a2 == b2 or (len(a) >= 4 and b.startswith(a))


# ---- reading the codes of a table against the data ---------------------------------------------
#
# A code rule makes a claim about the document only when the code and the name beside it were read
# from a code column and a name column. Tables read from PDF text sometimes carry a row number, a
# unit code or a figure joined to the code, a figure or a second code joined to the name, or a line
# of a sentence taken for a coded row; and some templates use a code scheme of their own. Those are
# doubts about the reading (parse warnings), never findings.

_SENTENCE = lazy(r"[，,。；;！？!?]")  # item names carry no sentence punctuation
# a figure's unit right after the number: "440万元。" read as code 440 and name "万元。"
_AFTER_FIGURE = lazy(r"^(?:万元|亿元|元|%|％)")
# an organisation named with its place (西安市交通运输局, 中共某县委宣传部): 科目 names such as 综合医院 or
# 广播电视学校 end the same way but never begin with a place
_PLACE_ORG = lazy(r"^(?:中共)?[\u4e00-\u9fff]{1,10}?(?:省|市|县|区|州|盟|旗)[\u4e00-\u9fff（）()]*"
                        r"(?:局|厅|委员会|办公室|人民政府|委|部|院|中心|站|队|处|所|署|办|会|校)$")
_TAIL_FIGURE = lazy(r"(?:[\d,，]+(?:\.\d+)?%?)$")
_TAIL_CODE = lazy(r"(?<!\d)([2-5]\d{2}(?:\d{2}){0,2})(\D*)$")
_HAN = lazy(r"[\u4e00-\u9fff]")
_ENDS_AS_NAME = lazy(r"[\u4e00-\u9fff)）]$")

Status = str  # "known" | "local" | "unknown" | "malformed" | "doubt"


@dataclass(slots=True)
class CodeReading:
    """What the data say of one coded row, and how far its reading can be trusted."""

    code: str
    kind: str | None  # "function" | "economic" | None (no scheme fits)
    status: Status
    printed: str  # the printed name, a figure or code read into its end removed
    official: str | None = None  # the code's 科目 name (known codes)
    parent: str | None = None  # for a local subdivision: the 科目 code it subdivides
    doubt: str | None = None  # why the reading is in doubt (a parse warning)
    compare: bool = True  # whether the printed name can be compared with the 科目 name


@dataclass(slots=True)
class TableCodes:
    """The coded rows of one table, as read against the data."""

    rows: dict[int, CodeReading] = field(default_factory=dict)  # id(TableRow) -> reading
    warnings: list[str] = field(default_factory=list)
    sound: bool = False  # the code column reads as codes of the scheme (most codes known)


def _reverse(c: Classification) -> dict[str, set[str]]:
    """Published names only: an observed or stand-in name is not a 科目 name to judge a row by."""
    out: dict[str, set[str]] = {}
    for table in (c.function, c.economic):
        for code, name in table.items():
            if c.comparable(code):
                out.setdefault(normalize_name(name), set()).add(code)
    return out


@functools.lru_cache(maxsize=16)
def _names(year: int) -> dict[str, set[str]]:
    return _reverse(load(year))


def codes_named(data: Classification, printed: str) -> set[str]:
    """The codes whose 科目 name is ``printed`` (brackets, markers and spacing aside)."""
    return _names(data.year).get(normalize_name(printed), set())


def code_kind(code: str) -> str | None:
    """The scheme a code's digits belong to: 2xx function, 3xx/5xx economic."""
    if not code.isdigit() or len(code) < 3:
        return None
    return {"2": "function", "3": "economic", "5": "economic"}.get(code[0])


def well_formed(code: str) -> bool:
    """3/5/7-digit function codes (类/款/项), 3/5-digit economic codes (类/款), and 7-digit local
    subdivisions of an economic 款."""
    kind = code_kind(code)
    return kind is not None and len(code) in (3, 5, 7)


def _strip_glued(printed: str) -> tuple[str, str | None]:
    """A printed name with a figure or a code (and its name) read into its end: (name, what was
    removed) — ``"行政运行6,077.49"`` → ``("行政运行", "6,077.49")``."""
    s = re.sub(r"\s+", "", printed)
    m = _TAIL_CODE.search(s)
    if m and m.start() > 0 and _HAN.search(s[: m.start()]):
        return s[: m.start()], s[m.start():]
    m2 = _TAIL_FIGURE.search(s)
    if m2 and m2.start() > 0 and re.search(r"\d", m2.group(0)) and _ENDS_AS_NAME.search(s[: m2.start()]):
        return s[: m2.start()], m2.group(0)
    return printed, None


def _not_an_item(name: str, unit_names: set[str]) -> str | None:
    """Why a printed 'name' cannot be the name of a classification item (None when it can)."""
    s = re.sub(r"\s+", "", name)
    if not s:
        return None
    if _AFTER_FIGURE.match(s):
        return "codes.why.after_figure"  # message ids (data/i18n/rules_codes.yaml)
    if _SENTENCE.search(s) or len(s) > 40:
        return "codes.why.sentence"
    if s in unit_names or any(len(u) >= 4 and u in s for u in unit_names) or _PLACE_ORG.match(s):
        return "codes.why.unit_name"
    return None


def _glued_prefix(code: str, printed: str, data: Classification) -> str | None:
    """The known code at the end of ``code`` whose 科目 name is the printed name, when ``code``
    itself is not that item: a row number or another column joined before the code."""
    for n in (5, 3):
        if len(code) <= n:
            continue
        tail = code[-n:]
        kind = code_kind(tail)
        official = data.name(tail, kind) if kind else None
        if official and names_match(printed, official):
            return tail
    return None


def read_codes(table_rows: list[tuple[int, str, str]], data: Classification,
               unit_names: set[str] | None = None) -> TableCodes:
    """Read the coded rows ``(row id, code, printed name)`` of one table against ``data``."""
    out = TableCodes()
    units = unit_names or set()
    glued: list[tuple[str, str, str]] = []
    for rid, code, printed in table_rows:
        kind = code_kind(code)
        name, removed = _strip_glued(printed)
        reading = CodeReading(code=code, kind=kind, status="unknown", printed=name)
        official = data.name(code, kind) if kind else None
        matches = bool(official and names_match(name, official))
        tail = None if matches else _glued_prefix(code, name, data)
        why = None if matches or codes_named(data, name) else _not_an_item(name, units)
        if matches:
            reading.status, reading.official = "known", official
            reading.compare = data.comparable(code)
        elif tail:
            reading.status, reading.compare = "doubt", False
            reading.doubt = Message("codes.doubt.glued", code=code, name=name, head=code[: -len(tail)], tail=tail,
                                    tail_name=data.name(tail, code_kind(tail) or "") or "")
            glued.append((code, tail, name))
        elif why:
            reading.status, reading.compare = "doubt", False
            reading.doubt = Message("codes.doubt.not_an_item", code=code, name=_short(name), why=msg(why))
        elif official is not None:
            reading.status, reading.official = "known", official
            reading.compare = data.comparable(code)
        elif kind == "economic" and len(code) == 7 and data.name(code[:5], kind):
            reading.status, reading.parent, reading.compare = "local", code[:5], False
        elif kind is None:
            # no expenditure scheme starts this way (2 function, 3 and 5 economic): not a code as read
            reading.status, reading.compare = "doubt", False
            reading.doubt = Message("codes.doubt.no_scheme", code=code, name=_short(name), digit=code[0])
        elif not well_formed(code):
            reading.status, reading.compare = "malformed", False
        if removed and reading.status in ("known", "local", "unknown"):
            reading.compare = False
            reading.doubt = Message("codes.doubt.read_into_name", code=code, name=_short(printed), removed=removed)
        out.rows[rid] = reading
    readings = list(out.rows.values())
    known = [r for r in readings if r.status in ("known", "local")]
    out.sound = len(known) >= 2 and len(known) * 2 >= len(readings) and len(glued) < 2
    if len(glued) >= 2:
        # one column joined to the code column: the table's other unexplained codes are no better
        for r in readings:
            if r.status in ("unknown", "malformed"):
                r.status, r.compare = "doubt", False
                r.doubt = r.doubt or Message("codes.doubt.joined_column", code=r.code, name=_short(r.printed))
    # names that systematically disagree with the data: another code scheme, or a misread column
    compared = [r for r in readings if r.status == "known" and r.compare]
    off = [r for r in compared if not names_match(r.printed, r.official or "")]
    if len(off) >= 3 and len(off) * 4 >= len(compared):
        for r in off:
            r.compare = False
        out.warnings.append(Message("codes.warning.other_scheme", off=len(off), compared=len(compared),
                                    data_year=data.year, code=off[0].code, printed=off[0].printed,
                                    official=off[0].official or ""))
    return out


def _short(s: str, n: int = 24) -> str:
    s = re.sub(r"\s+", "", s)
    return s if len(s) <= n else s[:n] + "…"


def year_note(year: int | None, data: Classification, exact: bool) -> str:
    """How the 科目 data year relates to the document's year, for messages ("" when it is the same)."""
    if exact:
        return ""
    if year is None:
        return f" (document year unknown; checked against {data.year})"
    if year > data.year:
        return f" (no data for {year}; checked against {data.year}, the latest available)"
    return f" (no data for {year}; checked against {data.year}, the earliest available)"
