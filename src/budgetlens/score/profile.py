"""Scoring profiles: the rules a self-evaluation table is recomputed under, kept as data.

Each profile is a YAML file in ``budgetlens/data/scoring/``. A profile may ``extends`` another; its
top-level keys replace the parent's, except ``methods``, which are merged method by method. The words
a person reads (``title``, ``description``, ``basis``, ``evidence``) are given in both languages
(``{zh: …, en: …}``; a plain string serves both) and read in the current language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

from budgetlens.i18n import LANGS, current_lang, t
from budgetlens.patterns import lazy
from budgetlens.score.yaml_cache import load_yaml

RATIO_SHORTFALLS = ("proportional", "linear_floor")
OVERSHOOTS = ("cap", "deviation")
METHOD_KINDS = ("ratio", "graded", "direct")
ROUNDINGS = ("half_up", "down")


class UnknownProfileError(ValueError):
    """``--profile`` names no shipped profile."""


@dataclass(frozen=True, slots=True)
class Method:
    """How one family of indicators (one 赋分规则) turns completion into a score."""

    name: str
    kind: str  # "ratio" | "graded" | "direct"
    shortfall: str = "proportional"  # below 100 %: "proportional" | "linear_floor"
    floor: Decimal = Decimal(60)  # percent at which linear_floor reaches 0
    overshoot: str = "cap"  # above 100 %: "cap" | "deviation"
    cost_as_spending: bool | None = None  # None: the profile's setting


@dataclass(frozen=True, slots=True)
class ExecutionRule:
    """How the 预算执行率 row is scored."""

    shortfall: str = "proportional"  # "proportional" | "linear_floor" (YAML key ``method``)
    floor: Decimal = Decimal(60)
    rounding: str = "half_up"  # how the document rounds the score: "half_up" | "down" (cut)


@dataclass(frozen=True, slots=True)
class Grade:
    """A qualitative grade: the words that name it and its band, in percent of the weight."""

    name: str
    words: tuple[str, ...]
    band: tuple[Decimal, Decimal]
    nominal: Decimal


@dataclass(frozen=True, slots=True)
class RuleMatch:
    """赋分规则 text containing any of ``words`` is scored by ``method``."""

    words: tuple[str, ...]
    method: str


Words = tuple[tuple[str, str], ...]  # ((lang, text), …): one text in each language


def _words(value: Any, default: str = "") -> Words:
    """``{zh: …, en: …}`` or one string for both, each text on one line."""
    if isinstance(value, dict):
        texts = {lang: _one_line(str(value.get(lang) or ""), chinese=lang == "zh") for lang in LANGS}
        missing = [lang for lang, text in texts.items() if not text]
        if missing:
            raise ValueError(f"scoring profile text {value!r} has no {', '.join(missing)}")
        return tuple(texts.items())
    text = _one_line(str(value if value is not None else default))
    return tuple((lang, text) for lang in LANGS)


_CJK_GAP = lazy(r"(?<=[\u3000-\u303f\uff00-\uffef]) |(?<=[\u4e00-\u9fff]) (?=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])")


def _one_line(text: str, chinese: bool = True) -> str:
    """Folded lines joined by a space; in Chinese text, none between two Chinese characters or after
    Chinese punctuation."""
    joined = " ".join(text.split())
    return _CJK_GAP.sub("", joined) if chinese else joined


def pick(words: Words, lang: str | None = None) -> str:
    """The text of ``words`` in ``lang`` (default: the current language)."""
    want = lang or current_lang()
    return next((text for code, text in words if code == want), words[0][1] if words else "")


@dataclass(frozen=True, slots=True)
class Profile:
    name: str
    title_words: Words
    description_words: Words
    basis_words: Words
    region_words: tuple[str, ...]
    auto: bool  # a candidate for every document, whatever its region
    use_stated_rate: bool  # score from the printed 完成率 when there is one
    cost_as_spending: bool  # "≤ x 万元" cost targets: completion = actual ÷ target
    execution_project: ExecutionRule
    execution_unit: ExecutionRule
    methods: dict[str, Method]
    rules: tuple[RuleMatch, ...]
    default_method: str
    grades: tuple[Grade, ...]
    evidence_words: tuple[Words, ...] = ()
    extends: str | None = None
    source: str = field(default="", compare=False)

    @property
    def title(self) -> str:
        return pick(self.title_words)

    @property
    def description(self) -> str:
        return pick(self.description_words)

    @property
    def basis(self) -> str:
        return pick(self.basis_words)

    @property
    def evidence(self) -> tuple[str, ...]:
        return tuple(pick(e) for e in self.evidence_words)

    def method_for_rule(self, rule: str | None) -> Method:
        """The method a row's 赋分规则 asks for; the default when there is none or it is unknown."""
        if rule:
            text = rule.strip()
            for match in self.rules:
                if any(w in text for w in match.words):
                    return self.methods[match.method]
        return self.methods[self.default_method]

    def execution(self, level: str) -> ExecutionRule:
        return self.execution_unit if level == "unit" else self.execution_project


def _dec(value: Any) -> Decimal:
    return Decimal(str(value))


def _method(name: str, raw: dict[str, Any]) -> Method:
    kind = str(raw.get("kind", "ratio"))
    shortfall = str(raw.get("shortfall", "proportional"))
    overshoot = str(raw.get("overshoot", "cap"))
    if kind not in METHOD_KINDS or shortfall not in RATIO_SHORTFALLS or overshoot not in OVERSHOOTS:
        raise ValueError(f"scoring method {name!r}: unknown kind, shortfall or overshoot")
    cas = raw.get("cost_as_spending")
    return Method(
        name=name,
        kind=kind,
        shortfall=shortfall,
        floor=_dec(raw.get("floor", 60)),
        overshoot=overshoot,
        cost_as_spending=None if cas is None else bool(cas),
    )


def _execution(raw: dict[str, Any]) -> ExecutionRule:
    rule = ExecutionRule(
        shortfall=str(raw.get("method", "proportional")),
        floor=_dec(raw.get("floor", 60)),
        rounding=str(raw.get("rounding", "half_up")),
    )
    if rule.shortfall not in RATIO_SHORTFALLS or rule.rounding not in ROUNDINGS:
        raise ValueError(f"execution rule {raw!r}: unknown method or rounding")
    return rule


def _build(raw: dict[str, Any], source: str) -> Profile:
    methods = {name: _method(name, m) for name, m in raw["methods"].items()}
    rules = tuple(RuleMatch(tuple(r["words"]), str(r["method"])) for r in raw.get("rules", []))
    default = str(raw["default_method"])
    for ref in [default, *(r.method for r in rules)]:
        if ref not in methods:
            raise ValueError(f"profile {raw['name']}: method {ref!r} is not defined")
    grades = tuple(
        Grade(
            name=str(g["name"]),
            words=tuple(g["words"]),
            band=(_dec(g["band"][0]), _dec(g["band"][1])),
            nominal=_dec(g["nominal"]),
        )
        for g in raw["grades"]
    )
    execution = raw.get("execution", {})
    return Profile(
        name=str(raw["name"]),
        title_words=_words(raw.get("title"), str(raw["name"])),
        description_words=_words(raw.get("description")),
        basis_words=_words(raw.get("basis")),
        region_words=tuple(raw.get("region_words") or ()),
        auto=bool(raw.get("auto", False)),
        use_stated_rate=bool(raw.get("use_stated_rate", False)),
        cost_as_spending=bool(raw.get("cost_as_spending", False)),
        execution_project=_execution(execution.get("project", {})),
        execution_unit=_execution(execution.get("unit", {})),
        methods=methods,
        rules=rules,
        default_method=default,
        grades=grades,
        evidence_words=tuple(_words(e) for e in raw.get("evidence", []) or []),
        extends=raw.get("extends"),
        source=source,
    )


def _raw_profiles() -> dict[str, tuple[dict[str, Any], str]]:
    out: dict[str, tuple[dict[str, Any], str]] = {}
    folder = resources.files("budgetlens") / "data" / "scoring"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith((".yaml", ".yml")):
            raw = load_yaml(f"scoring-{entry.name.rsplit('.', 1)[0]}", entry.read_text(encoding="utf-8"))
            out[str(raw["name"])] = (raw, f"data/scoring/{entry.name}")
    return out


def _resolve(name: str, raws: dict[str, tuple[dict[str, Any], str]], seen: tuple[str, ...] = ()) -> dict[str, Any]:
    if name in seen:
        raise ValueError(f"scoring profiles extend each other in a cycle: {' → '.join((*seen, name))}")
    raw, _ = raws[name]
    parent_name = raw.get("extends")
    if not parent_name:
        return dict(raw)
    parent = _resolve(str(parent_name), raws, (*seen, name))
    merged = {k: v for k, v in parent.items() if k not in ("evidence",)}
    for key, value in raw.items():
        if key == "methods":
            merged["methods"] = {**parent.get("methods", {}), **value}
        else:
            merged[key] = value
    return merged


@cache
def load_profiles() -> dict[str, Profile]:
    """Every shipped profile by name, ``national`` first."""
    raws = _raw_profiles()
    profiles = {name: _build(_resolve(name, raws), raws[name][1]) for name in raws}
    order = sorted(profiles, key=lambda n: (n != "national", n))
    return {n: profiles[n] for n in order}


def get_profile(name: str) -> Profile:
    profiles = load_profiles()
    if name not in profiles:
        raise UnknownProfileError(t("score.error.unknown_profile", profile=name, known=list(profiles)))
    return profiles[name]


DEFAULT_PROFILE = "national"
