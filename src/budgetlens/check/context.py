"""What a rule sees of one document, with functions to locate and emit findings."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from budgetlens.check.findings import Finding, FindingLocation, Severity
from budgetlens.check.registry import Rule
from budgetlens.model import Disclosure, FactOccurrence, Location, Paragraph, Source, Table, TableRow

if TYPE_CHECKING:
    from budgetlens.score import DisclosureScore

T = TypeVar("T")


@dataclass
class DocContext:
    disclosure: Disclosure
    name: str  # the document label used in findings (file name)
    source: Source | None = None
    rule: Rule | None = None
    requested_profile: str | None = None  # --profile; None = the profile that fits the document
    parts: list[str] = field(default_factory=list)  # the files of a disclosure read from several
    _scores: DisclosureScore | None = None
    _heading_lines: list[int] = field(default_factory=list)
    _heading_titles: list[str] = field(default_factory=list)
    _shared: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        heads = sorted(
            (h.location.line, h.title) for h in self.disclosure.headings if h.location.line is not None
        )
        self._heading_lines = [h[0] for h in heads]
        self._heading_titles = [h[1] for h in heads]

    @staticmethod
    def of(disclosure: Disclosure, source: Source | None = None, name: str | None = None,
           profile: str | None = None) -> DocContext:
        label = name or (Path(disclosure.source_path).name if disclosure.source_path else "") or (
            disclosure.unit.name or "document"
        )
        return DocContext(disclosure=disclosure, name=label, source=source, requested_profile=profile)

    def has_self_evaluation(self) -> bool:
        return any(p.table_kind == "self_evaluation" for p in self.disclosure.performance)

    def scores(self) -> DisclosureScore:
        """The document's performance scores under the requested profile or the one that fits,
        computed once. Raises ``UnknownProfileError`` for an unknown requested profile."""
        if self._scores is None:
            from budgetlens.score import score_disclosure

            done = self.disclosure.scoring
            wanted = self.requested_profile
            if done is not None and (wanted is None or wanted == done.choice.profile.name):
                self._scores = done  # scored when the document was parsed
            else:
                self._scores = score_disclosure(self.disclosure, wanted)
        return self._scores

    def shared(self, key: str, compute: Callable[[DocContext], T]) -> T:
        """What ``compute`` derives from the document, computed once for the rules that all ask
        for it (``key`` names it). The value is shared: a rule must not change it."""
        if key not in self._shared:
            self._shared[key] = compute(self)
        value: T = self._shared[key]
        return value

    # ---- model access -------------------------------------------------------------------------
    @property
    def kind(self) -> str | None:
        return self.disclosure.kind.value if self.disclosure.kind is not None else None

    @property
    def year(self) -> int | None:
        return self.disclosure.year

    def fact(self, key: str) -> Decimal | None:
        return self.disclosure.facts.get(key)

    def occurrences(self, key: str) -> list[FactOccurrence]:
        return [o for o in self.disclosure.fact_occurrences if o.key == key]

    def table(self, *ids: str) -> Table | None:
        for table_id in ids:
            t = self.disclosure.table(table_id)
            if t is not None:
                return t
        return None

    def text_lines(self) -> Iterable[tuple[str, Location]]:
        """Every line of running text: from the source when available, else what the model kept."""
        if self.source is not None:
            for block in self.source.blocks:
                if isinstance(block, Paragraph):
                    yield block.text, block.location
            return
        d = self.disclosure
        if d.title:
            yield d.title, Location()
        for h in d.headings:
            yield h.title, h.location
        for s in d.statements:
            yield s.evidence, s.location

    # ---- locations ----------------------------------------------------------------------------
    def section_of(self, loc: Location | None) -> str | None:
        if loc is None or loc.line is None or not self._heading_lines:
            return None
        if self.parts:  # several files: line numbers count within each file
            before = [(h.location.line, h.title) for h in self.disclosure.headings
                      if h.location.file == loc.file and h.location.line is not None and h.location.line <= loc.line]
            return max(before)[1] if before else None
        i = bisect.bisect_right(self._heading_lines, loc.line) - 1
        return self._heading_titles[i] if i >= 0 else None

    def loc(
        self,
        loc: Location | None = None,
        *,
        table: Table | str | None = None,
        row: TableRow | str | None = None,
        column: str | None = None,
    ) -> FindingLocation:
        if loc is None and isinstance(row, TableRow):
            loc = row.cells.get(column or "", row.location) if column else row.location
        if loc is None and isinstance(table, Table):
            loc = table.location
        table_label = (table.id or table.title) if isinstance(table, Table) else table
        row_label = row.name if isinstance(row, TableRow) else row
        return FindingLocation(
            section=self.section_of(loc),
            table=table_label,
            row=row_label,
            column=column,
            page=loc.page if loc else None,
            line=loc.line if loc else None,
            file=Path(loc.file).name if self.parts and loc and loc.file else None,
        )

    def occurrence_loc(self, occ: FactOccurrence) -> FindingLocation:
        return self.loc(occ.location)

    # ---- names in messages --------------------------------------------------------------------
    def table_name(self, table: Table | str | None) -> str:
        """A table by the name the template gives it (部门支出总体情况表), else its printed title or id."""
        return table_name(table)

    def table_at(self, loc: Location | None) -> Table | None:
        """The recognised table printed at ``loc`` (a table occurrence's location)."""
        if loc is None or loc.table is None:
            return None
        return next((t for t in self.disclosure.tables if t.location.table == loc.table
                     and t.location.page == loc.page and t.location.file == loc.file), None)

    def place(self, loc: Location | None, unknown: str = "place.elsewhere") -> dict[str, Any]:
        """Where a figure stands (its table and page), as a message parameter; ``unknown`` names
        the message used when neither is known."""
        t = self.table_at(loc)
        return place(t.id or t.title if t is not None else None, loc.page if loc is not None else None, unknown)

    # ---- emitting -----------------------------------------------------------------------------
    def finding(
        self,
        message_id: str,
        params: Mapping[str, Any] | None = None,
        *,
        location: FindingLocation | None = None,
        expected: Decimal | str | None = None,
        actual: Decimal | str | None = None,
        evidence: str = "",
        highlight: Iterable[str | Decimal | None] = (),
        severity: Severity | str | None = None,
    ) -> Finding:
        """A finding of the running rule: ``message_id`` (``<rule code>.<slug>``, see
        ``budgetlens.i18n``) with its raw parameters (figures, names), never a finished sentence."""
        assert self.rule is not None, "finding() called outside a rule"
        sev = Severity(severity) if severity is not None else self.rule.severity
        marks = [str(h) for h in highlight if h is not None and str(h) != ""]
        if actual is not None and not marks and isinstance(actual, Decimal):
            marks.append(_printed(actual))
        return Finding(
            rule=self.rule.code,
            severity=sev,
            message_id=message_id,
            params=dict(params or {}),
            document=self.name,
            location=location or FindingLocation(),
            expected=expected,
            actual=actual,
            evidence=evidence,
            highlight=marks,
            group=self.rule.group,
            title=self.rule.title,
        )


def _printed(value: Decimal) -> str:
    """A figure as it is likely printed (thousands separators are matched separately)."""
    return f"{value:f}"


def table_name(table: Table | str | None) -> str:
    """A table by the name the template gives it (部门支出总体情况表), else its printed title or id."""
    from budgetlens.check.standard import TABLE_TITLES

    if table is None:
        return ""
    if isinstance(table, str):
        return TABLE_TITLES.get(table, table)
    if table.id and table.id in TABLE_TITLES:
        return TABLE_TITLES[table.id]
    return " ".join(table.title.split()) or (table.id or "")


def place(table_id: str | None, page: int | None, unknown: str = "place.elsewhere") -> dict[str, Any]:
    """A message parameter naming a location: table and page, either, or neither (``unknown``)."""
    from budgetlens.i18n import msg

    table = table_name(table_id) if table_id else None
    if table and page is not None:
        return msg("place.table_page", table=table, page=page)
    if table:
        return msg("place.table", table=table)
    if page is not None:
        return msg("place.page", page=page)
    return msg(unknown)
