"""The rule registry: every rule is data (code, title, severity, group, kinds, basis) plus a function.

Document rules take a :class:`~budgetlens.check.context.DocContext` and yield findings; cross-document
rules take the list of contexts of one unit. Rules are registered by importing the modules in
``budgetlens.check.rules``.

Listing the rules needs none of that: :func:`rule_catalogue` gives every rule's data from
``rule_catalogue.py``, written from the registered rules by ``scripts/gen_rule_catalogue.py`` (a test
fails when it is stale), and :func:`list_rules` lists them without importing a rule module.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from budgetlens.check.findings import Finding, Severity
from budgetlens.i18n import t, t_or

if TYPE_CHECKING:
    from budgetlens.check.context import DocContext

GROUPS: dict[str, str] = {
    "internal": "Internal errors of the checker itself",
    "structure": "Structure and completeness: required parts, sections and tables",
    "tables": "Within tables: row and column sums, code hierarchy",
    "cross_tables": "Across tables: totals every table restates",
    "table_text": "Table ↔ text: figures the text restates",
    "narrative": "Narrative self-consistency: identities, shares, changes, comparison words",
    "sangong": "三公经费: sums, budget vs actual, vehicles",
    "performance": "预算绩效: weights, scores, execution, funding",
    "cross_document": "Across documents of one unit: budget ↔ final, year ↔ year",
    "codes": "Classification codes (政府收支分类科目)",
    "wording": "Wording: placeholders, typos, wrong years and names",
}



def group_label(name: str, lang: str | None = None) -> str:
    """A group's description in the language (``group.<name>`` in the catalogue)."""
    return t_or(f"group.{name}", GROUPS.get(name, name), lang)


ALL_KINDS = frozenset({"budget", "final"})

DocRuleFunc = Callable[["DocContext"], Iterable[Finding]]
CrossRuleFunc = Callable[[list["DocContext"]], Iterable[Finding]]


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    name: str
    title: str
    severity: Severity
    group: str
    basis: str
    kinds: frozenset[str] = ALL_KINDS
    func: Any = field(default=None, compare=False, repr=False)
    cross: bool = False
    doc: str = ""  # longer explanation (first paragraph of the function docstring)
    uses_profile: bool = False  # recomputes performance scores under a scoring profile

    def applies_to(self, kind: str | None) -> bool:
        # a document whose kind could not be recognised is checked by every rule that can run on it
        return kind is None or kind in self.kinds

    def title_text(self, lang: str | None = None) -> str:
        """The title in the language (``<code>.title`` in the rule module's catalogue)."""
        return t_or(f"{self.code}.title", self.title, lang)

    def basis_text(self, lang: str | None = None) -> str:
        """The basis in the language (``<code>.basis``)."""
        return t_or(f"{self.code}.basis", self.basis, lang)

    def description_text(self, lang: str | None = None) -> str:
        """The longer explanation (``<code>.description``; else, or where that is empty in the
        language, the function's docstring)."""
        return t_or(f"{self.code}.description", self.doc, lang) or self.doc

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "title": self.title_text(),
            "severity": self.severity.value,
            "group": self.group,
            "kinds": sorted(self.kinds),
            "basis": self.basis_text(),
            "cross_document": self.cross,
            "description": self.description_text(),
        }


_RULES: dict[str, Rule] = {}


def register(rule: Rule) -> Rule:
    if rule.code in _RULES and _RULES[rule.code].func is not rule.func:
        raise ValueError(f"duplicate rule code {rule.code}")
    if rule.group not in GROUPS:
        raise ValueError(f"rule {rule.code}: unknown group {rule.group}")
    _RULES[rule.code] = rule
    return rule


def _doc_of(func: Callable[..., Any]) -> str:
    text = (func.__doc__ or "").strip()
    return " ".join(text.split("\n\n")[0].split())


def rule(
    code: str,
    name: str,
    title: str,
    *,
    severity: str,
    group: str,
    basis: str,
    kinds: Iterable[str] = ALL_KINDS,
    cross: bool = False,
    uses_profile: bool = False,
) -> Callable[[Callable[..., Iterable[Finding]]], Callable[..., Iterable[Finding]]]:
    """Decorator registering a rule function."""

    def deco(func: Callable[..., Iterable[Finding]]) -> Callable[..., Iterable[Finding]]:
        register(
            Rule(
                code=code,
                name=name,
                title=title,
                severity=Severity(severity),
                group=group,
                basis=basis,
                kinds=frozenset(kinds),
                func=func,
                cross=cross,
                doc=_doc_of(func),
                uses_profile=uses_profile,
            )
        )
        return func

    return deco


INTERNAL_ERROR = Rule(
    code="BL000",
    name="internal-error",
    title="A rule crashed; its checks did not run",
    severity=Severity.ERROR,
    group="internal",
    basis="Checker robustness: one failing rule never stops the others",
)


def all_rules() -> list[Rule]:
    importlib.import_module("budgetlens.check.rules")  # importing the package registers the rules
    return sorted(_RULES.values(), key=lambda r: r.code)


def get_rule(code: str) -> Rule | None:
    all_rules()
    return _RULES.get(code)


def select_rules(select: Iterable[str] | None = None, ignore: Iterable[str] | None = None,
                 rules: list[Rule] | None = None) -> list[Rule]:
    """Filter the catalogue (``rules``, else every registered rule) by codes, code prefixes
    (``BL5``), group names or rule names."""
    if rules is None:
        rules = all_rules()

    def matches(r: Rule, token: str) -> bool:
        t = token.strip()
        if not t:
            return False
        return r.code == t.upper() or r.group == t or r.name == t or (t.upper().startswith("BL") and r.code.startswith(t.upper()))

    sel = [t for s in (select or []) for t in s.split(",") if t.strip()]
    ign = [t for s in (ignore or []) for t in s.split(",") if t.strip()]
    unknown = [t for t in [*sel, *ign] if not any(matches(r, t) for r in rules)]
    if unknown:
        raise ValueError(t("check.unknown_rules", rules=unknown))
    if sel:
        rules = [r for r in rules if any(matches(r, t) for t in sel)]
    if ign:
        rules = [r for r in rules if not any(matches(r, t) for t in ign)]
    return rules


# ---- the catalogue as data ---------------------------------------------------------------------

_FIELDS = ("code", "name", "title", "severity", "group", "basis", "kinds", "cross", "doc", "uses_profile")


def rule_catalogue() -> list[Rule]:
    """Every registered rule's data, by code, without importing a rule module (``func`` is None)."""
    from budgetlens.check.rule_catalogue import RULES

    return [Rule(**{**entry, "severity": Severity(entry["severity"]), "kinds": frozenset(entry["kinds"])})
            for entry in RULES]


def catalogue_source(rules: list[Rule] | None = None) -> str:
    """The text of ``rule_catalogue.py`` for ``rules`` (default: every registered rule)."""
    lines = [
        '"""Every rule\'s data, for listing the rules without importing them (see registry.rule_catalogue).',
        "",
        "Generated by scripts/gen_rule_catalogue.py from the registered rules; do not edit.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "from typing import Any",
        "",
        "RULES: tuple[dict[str, Any], ...] = (",
    ]
    for r in rules if rules is not None else all_rules():
        values = {name: getattr(r, name) for name in _FIELDS}
        values["severity"] = r.severity.value
        values["kinds"] = tuple(sorted(r.kinds))
        lines.append("    {")
        lines += [f"        {name!r}: {value!r}," for name, value in values.items()]
        lines.append("    },")
    lines.append(")")
    return "\n".join(lines) + "\n"


def list_rules(fmt: str = "text", select: Iterable[str] | None = None) -> str:
    """The rule catalogue as text (a table) or JSON."""
    catalogue = rule_catalogue()
    return render_rule_list(select_rules(select, rules=catalogue) if select else catalogue, fmt)


def render_rule_list(rules: list[Rule], fmt: str = "text") -> str:
    """Rules as ``budgetlens rules`` lists them: a table by group, or JSON."""
    if fmt == "json":
        return json.dumps([r.to_dict() for r in rules], ensure_ascii=False, indent=2)
    lines = []
    for group in GROUPS:
        members = [r for r in rules if r.group == group]
        if not members:
            continue
        lines.append(f"{group} — {group_label(group)}")
        for r in members:  # in the reader's language (see budgetlens.i18n)
            kinds = "/".join(t(f"kind.{k}") for k in sorted(r.kinds)) if len(r.kinds) < 2 else t("rules.all_kinds")
            sev = r.severity.label()
            lines.append(f"  {r.code}  {sev:<7}  {kinds:<6}  {r.title_text()}" if sev.isascii()
                         else f"  {r.code}  {sev}  {kinds:<4}  {r.title_text()}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
