"""Findings and the report: one serialisation for the CLI JSON, the API, DB rows and the tests."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from budgetlens.i18n import localized, msg, t, t_or


def jsonable(value: Any) -> Any:
    """The model's JSON form of a value, imported on first use (it imports the model; listing the
    rules needs :class:`Severity` only)."""
    from budgetlens.serialize import jsonable as convert

    return convert(value)


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]

    def label(self, lang: str | None = None) -> str:
        """The severity's name in the language (错误 / error)."""
        return t(f"severity.{self.value}", lang)


@dataclass(slots=True)
class FindingLocation:
    """Where a finding points: the section heading, table id, row name, column key, page, line."""

    section: str | None = None
    table: str | None = None
    row: str | None = None
    column: str | None = None
    page: int | None = None
    line: int | None = None
    file: str | None = None  # set only for a disclosure read from several files: which one

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "section": self.section,
            "table": self.table,
            "row": self.row,
            "column": self.column,
            "page": self.page,
            "line": self.line,
        }
        if self.file:
            out["file"] = self.file
        return out

    def describe(self, lang: str | None = None) -> str:
        """Where, as a reader says it: 第3页、表B03、“X”行、合计列 / p.3, B03, row “X”, col total."""
        parts: list[str] = []
        if self.file:
            parts.append(self.file)
        if self.page is not None:
            parts.append(t("location.page", lang, page=self.page))
        if self.line is not None:
            parts.append(t("location.line", lang, line=self.line))
        if self.table:
            parts.append(t("location.table", lang, table=self.table))
        if self.row:
            parts.append(t("location.row", lang, row=self.row))
        if self.column:
            parts.append(t("location.column", lang, column=column_label(self.column, lang)))
        if self.section and not self.table:
            parts.append(t("location.section", lang, section=self.section))
        return t("location.separator", lang).join(parts)

    def where(self, elsewhere: str) -> dict[str, Any]:
        """Where another statement or table is, as a message for a finding's parameters (第3页第12行 /
        p.3, line 12); the message ``elsewhere`` when the location has neither page nor line."""
        if self.page is not None and self.line is not None:
            return msg("location.page_line", page=self.page, line=self.line)
        if self.page is not None:
            return msg("location.page", page=self.page)
        if self.line is not None:
            return msg("location.line", line=self.line)
        return msg(elsewhere)


def column_label(key: str, lang: str | None = None) -> str:
    """A column key (``total``, ``basic``) by the name the tables print (合计, 基本支出); an unknown key as it is."""
    return t_or(f"column.{key}", key, lang)


@dataclass(slots=True)
class Finding:
    """One claim about a document. Its sentence is a message id with parameters (see
    ``budgetlens.i18n``), rendered in the current language when it is read (``message``)."""

    rule: str
    severity: Severity
    message_id: str
    document: str
    location: FindingLocation = field(default_factory=FindingLocation)
    expected: Decimal | str | None = None
    actual: Decimal | str | None = None
    evidence: str = ""
    highlight: list[str] = field(default_factory=list)  # figures to highlight inside the evidence
    group: str = ""
    title: str = ""  # the rule's title as registered (used when the catalogue has no ``<code>.title``)
    params: dict[str, Any] = field(default_factory=dict)
    message_override: str | None = field(default=None, repr=False, compare=False)

    @property
    def message(self) -> str:
        """The sentence in the current language."""
        return self.text()

    @message.setter
    def message(self, value: str) -> None:
        self.message_override = value

    def text(self, lang: str | None = None) -> str:
        if self.message_override is not None:
            return self.message_override
        return t(self.message_id, lang, **self.params)

    def replace_in_text(self, old: str, new: str) -> None:
        """Replace ``old`` by ``new`` in the sentence's words, in every language: in the parameters
        (strings, lists and nested messages), or in a fixed sentence."""
        if self.message_override is not None:
            self.message_override = self.message_override.replace(old, new)
        self.params = {k: _replaced(v, old, new) for k, v in self.params.items()}

    def title_text(self, lang: str | None = None) -> str:
        return t_or(f"{self.rule}.title", self.title, lang)

    def params_dict(self) -> dict[str, Any]:
        return {str(k): jsonable(v) for k, v in self.params.items()}

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.text(),
            "document": self.document,
            "location": self.location.to_dict(),
            "expected": jsonable(self.expected),
            "actual": jsonable(self.actual),
            "evidence": self.evidence,
            "highlight": list(self.highlight),
            "group": self.group,
            "title": self.title_text(),
            "message_id": self.message_id,
            "params": self.params_dict(),
        }

    def identity(self) -> str:
        """The message as data (id and parameters), the same in every language."""
        return self.message_id + "|" + repr(sorted(self.params_dict().items()))

    def sort_key(self) -> tuple[Any, ...]:
        loc = self.location
        return (self.document, self.severity.rank, loc.page or 0, loc.line or 0, self.rule, self.identity())


def _replaced(value: Any, old: str, new: str) -> Any:
    if isinstance(value, str):
        return value.replace(old, new)
    if isinstance(value, list):
        return [_replaced(v, old, new) for v in value]
    if isinstance(value, tuple):
        return tuple(_replaced(v, old, new) for v in value)
    if isinstance(value, dict):
        return {k: _replaced(v, old, new) for k, v in value.items()}
    return value


@dataclass(slots=True)
class DocumentInfo:
    document: str
    path: str
    kind: str | None
    year: int | None
    unit: str
    warnings: list[str] = field(default_factory=list)
    profile: str | None = None  # the scoring profile its performance scores were checked under
    profile_reason: str | None = None  # why that profile (requested, region word, agreement counts)
    practice: str | None = None  # how its rates are printed (round, truncate, per group): see BL501

    def to_dict(self) -> dict[str, Any]:
        return {
            "document": self.document,
            "path": self.path,
            "kind": self.kind,
            "year": self.year,
            "unit": self.unit,
            "warnings": [localized(w) for w in self.warnings],
            "profile": self.profile,
            "profile_reason": self.profile_reason,
            "practice": self.practice,
        }


@dataclass(slots=True)
class Report:
    documents: list[DocumentInfo]
    findings: list[Finding]
    rules_run: list[str] = field(default_factory=list)
    profile: str | None = None

    @property
    def has_errors(self) -> bool:
        return any(f.severity is Severity.ERROR for f in self.findings)

    def summary(self) -> dict[str, Any]:
        by_sev = Counter(f.severity.value for f in self.findings)
        return {
            "documents": len(self.documents),
            "findings": len(self.findings),
            "by_severity": {s.value: by_sev.get(s.value, 0) for s in Severity},
            "by_group": dict(sorted(Counter(f.group for f in self.findings).items())),
            "by_rule": dict(sorted(Counter(f.rule for f in self.findings).items())),
            "by_document": dict(sorted(Counter(f.document for f in self.findings).items())),
            "rules_run": len(self.rules_run),
            "profile": self.profile,
            "profiles": {d.document: d.profile for d in self.documents if d.profile},
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": [d.to_dict() for d in self.documents],
            "findings": [f.to_dict() for f in self.findings],
            "summary": self.summary(),
        }

    def rows(self) -> list[dict[str, Any]]:
        """Flat rows (one per finding) for storage in a database table."""
        out = []
        for f in self.findings:
            d = f.to_dict()
            loc = d.pop("location")
            d.pop("highlight")
            d.pop("message_id")
            d.pop("params")
            d.update({f"location_{k}": v for k, v in loc.items()})
            out.append(d)
        return out
