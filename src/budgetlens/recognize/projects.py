"""Project identity: one project under the several names a unit prints it under.

A budget lists a project in table 7 as “…经费”, heads its 绩效目标表 “…项目经费”, and the final
account evaluates it as “…项目”; a leading year, the unit's own name, quotation marks, brackets and
和/与 come and go. ``name_key`` reduces a name to what stays; ``group`` joins the entries of one or
several documents into projects, in tiers of decreasing certainty:

1. the names are the same once spaces, quotation marks and brackets are dropped;
2. their keys are the same (the variants above removed);
3. one key contains the other (a region or unit prefix left out) AND the amounts agree.

A join is made only when it is the single candidate on both sides at its tier, and never between
two entries of the same source (two rows of one list are two projects unless printed alike).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from budgetlens.recognize.lazy_pattern import lazy

_MARKS = lazy(r"[\s“”\"'‘’「」『』《》〈〉()（）【】\[\]〔〕{}、，,·.。:：;；]")
_YEAR = lazy(r"^(?:19|20)\d{2}(?:\s*[-—~至]\s*(?:19|20)?\d{2,4})?年(?:度)?")
_SUFFIXES = ("经费", "项目", "资金", "专项")
_MIN_KEY = 2
_MIN_CONTAINED = 4


def plain(name: str) -> str:
    """The name without spaces, quotation marks and brackets (full-width forms folded)."""
    return _MARKS.sub("", unicodedata.normalize("NFKC", name or ""))


def name_key(name: str, unit_name: str = "") -> str:
    """What stays of a project name once the variants a unit prints it under are removed: a
    leading year, the unit's own name, quotation marks and brackets, 与/及 (read as 和) and the
    suffixes 经费 / 项目 / 资金 / 专项 in any combination."""
    key = plain(name).replace("与", "和").replace("及", "和")
    unit = plain(unit_name)
    for _ in range(3):
        before = key
        key = _YEAR.sub("", key)
        if unit and key.startswith(unit) and len(key) - len(unit) >= _MIN_KEY:
            key = key[len(unit):]
        if before == key:
            break
    changed = True
    while changed:
        changed = False
        for suffix in _SUFFIXES:
            if key.endswith(suffix) and len(key) - len(suffix) >= _MIN_KEY:
                key = key[: -len(suffix)]
                changed = True
    return key


@dataclass(slots=True)
class Entry:
    """One printing of a project: its name, its amount where printed, and where it comes from
    (``source``: "list", "target", "self_evaluation", or a document's name and kind)."""

    name: str
    amount: Decimal | None
    source: str
    ref: object = None
    amounts: tuple[Decimal, ...] = ()  # further amounts the printing states (年初预算数, 全年预算数)
    owner: str = ""  # the 实施单位 a performance table names: one name under two owners is two projects


@dataclass(slots=True)
class Project:
    entries: list[Entry] = field(default_factory=list)
    tier: int = 0  # the weakest tier that joined its entries (0: one printing only)

    @property
    def names(self) -> list[str]:
        out: list[str] = []
        for e in self.entries:
            if e.name and e.name not in out:
                out.append(e.name)
        return out

    @property
    def sources(self) -> set[str]:
        return {e.source for e in self.entries}

    def amounts(self) -> set[Decimal]:
        out: set[Decimal] = set()
        for e in self.entries:
            if e.amount is not None:
                out.add(e.amount)
            out.update(e.amounts)
        return out


def _tier(a: Project, b: Project, unit: str) -> int:
    """The tier at which a and b are one project, 0 when they are not."""
    pa, pb = {plain(n) for n in a.names}, {plain(n) for n in b.names}
    if pa & pb:
        return 1
    ka, kb = {name_key(n, unit) for n in a.names}, {name_key(n, unit) for n in b.names}
    if ka & kb:
        return 2
    if a.amounts() & b.amounts():
        for x in ka:
            for y in kb:
                short, long_ = (x, y) if len(x) <= len(y) else (y, x)
                if len(short) >= _MIN_CONTAINED and short in long_:
                    return 3
    return 0


def group(entries: Iterable[Entry], unit_name: str = "") -> list[Project]:
    """The projects the entries print, each once, in the order of their first printing."""
    projects: list[Project] = []
    for e in entries:
        same = next((p for p in projects if any(_printed_again(e, x) for x in p.entries)), None)
        if same is not None:
            same.entries.append(e)
        else:
            projects.append(Project([e]))
    return join(projects, unit_name)


def _printed_again(e: Entry, x: Entry) -> bool:
    """e is x printed again in the same source: rows of one list under one name (a project split
    over two codes), or a table published twice (same name, same 实施单位, same amount). A 部门
    document printing its subordinate units' tables often gives two units' projects one name:
    those stay two."""
    if e.source != x.source or plain(e.name) != plain(x.name) or e.owner != x.owner:
        return False
    return e.source.endswith("list") or e.amount == x.amount


def _disjoint(a: Project, b: Project) -> bool:
    return not (a.sources & b.sources)


def join(projects: list[Project], unit_name: str = "",
         may_join: Callable[[Project, Project], bool] = _disjoint) -> list[Project]:
    """Join the projects that are one, tier by tier, each join the single candidate on both sides
    at its tier; ``may_join`` says which two may be joined at all (by default those of disjoint
    sources). Returns the (shortened) list, in order."""
    projects = list(projects)
    for tier in (1, 2, 3):
        joined = True
        while joined:
            joined = False
            for a in projects:
                cands = [b for b in projects if b is not a and may_join(a, b) and _tier(a, b, unit_name) == tier]
                if len(cands) != 1:
                    continue
                b = cands[0]
                back = [c for c in projects if c is not b and may_join(b, c) and _tier(b, c, unit_name) == tier]
                if back != [a]:
                    continue
                first, second = (a, b) if projects.index(a) < projects.index(b) else (b, a)
                first.entries.extend(second.entries)
                first.tier = max(first.tier, tier)
                projects.remove(second)
                joined = True
                break
    return projects
