"""Every rule's failing cases (tests/check/cases) rendered in Chinese and English: every message id
and title is in the catalogue, no placeholder is left unfilled, and the Chinese has no English word
outside the allow-list (rule codes, table ids, code points, units, file names, proper names, and the
document's own words quoted as parameters)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from budgetlens.check.findings import Finding
from budgetlens.i18n import catalogue, has, use_lang
from check.test_rule_cases import ALL, _run

FAILING = [(code, name, case) for code, name, case in ALL if case.get("expect")]

# Latin words allowed in Chinese output: rule codes, table ids, code points, file names, the tool's
# and standards' names, units, and Roman numerals of indicator levels.
_ALLOWED = re.compile(
    r"BL\d{3}|(?<![A-Za-z])[BF]\d{2}(?!\d)|U\+[0-9A-F]{4,6}|[\w.+-]+\.(?:txt|pdf|docx|xlsx|html?|yaml)(?![A-Za-z])"
    r"|budgetlens|GB/T"
    r"|(?<![A-Za-z])(?:km|kg|m²|m2|m³|kWh|GB|TB|MB|Mbps|PPP|CPU|PDF|DOCX|XLSX|HTML|Excel|Word)(?![A-Za-z])",
)
_WORD = re.compile(r"[A-Za-z]{2,}")
_PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*(?:\|[a-z_]+)?\}")
_KIND = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\|[a-z_]+\}")


def _quoted(msg_id: str, params: dict[str, Any]) -> list[str]:
    """The document's own words among the parameters (shown as they are, not named by the catalogue)."""
    named = set(_KIND.findall(catalogue()[msg_id]["zh"])) if has(msg_id) else set()
    out: list[str] = []
    for name, value in params.items():
        if name in named:
            continue
        values = value if isinstance(value, (list, tuple)) else [value]
        for v in values:
            if isinstance(v, str):
                out.append(v)
            elif isinstance(v, dict) and isinstance(v.get("id"), str):
                out += _quoted(v["id"], dict(v.get("params") or {}))
    return out


def _english_words(f: Finding) -> list[str]:
    text = f.text("zh") + " " + f.title_text("zh")
    for q in sorted(_quoted(f.message_id, f.params), key=len, reverse=True):
        if q:
            text = text.replace(q, " ")
    text = _ALLOWED.sub(" ", text)
    return _WORD.findall(text)


def _nested_ids(params: dict[str, Any]) -> list[str]:
    ids: list[str] = []
    for value in params.values():
        for v in value if isinstance(value, (list, tuple)) else [value]:
            if isinstance(v, dict) and isinstance(v.get("id"), str):
                ids.append(v["id"])
                ids += _nested_ids(dict(v.get("params") or {}))
    return ids


@pytest.mark.parametrize(("code", "name", "case"), FAILING, ids=[f"{c}:{n}" for c, n, _ in FAILING])
def test_failing_case_renders_in_both_languages(code: str, name: str, case: dict[str, Any]) -> None:
    report = _run(code, case)
    found = [f for f in report.findings if f.rule == code]
    assert found, f"{code} {name}: the failing case gives no finding"
    for f in found:
        assert has(f.message_id), f"{code}: message id {f.message_id!r} has no catalogue entry"
        for nested in _nested_ids(f.params):
            assert has(nested), f"{code}: {f.message_id} uses {nested!r}, which has no catalogue entry"
        assert has(f"{code}.title") and has(f"{code}.basis"), f"{code}: no title or basis in the catalogue"
        for lang in ("zh", "en"):
            text = f.text(lang)
            assert text.strip(), f"{code}: empty {lang} message"
            assert not _PLACEHOLDER.search(text), f"{code} ({lang}): unfilled placeholder in {text!r}"
        words = _english_words(f)
        assert not words, f"{code}: English in the Chinese message {f.text('zh')!r}: {words}"


def test_json_differs_between_languages_only_in_rendered_text() -> None:
    code, _, case = next(c for c in FAILING if c[0] == "BL201")
    report = _run(code, case)
    with use_lang("zh"):
        zh = report.to_dict()
    with use_lang("en"):
        en = report.to_dict()
    assert zh["findings"] and zh != en

    def strip(d: dict[str, Any]) -> dict[str, Any]:
        return {**d, "findings": [{k: v for k, v in f.items() if k not in ("message", "title")} for f in d["findings"]]}

    assert strip(zh) == strip(en)
    assert all(f["message_id"] and isinstance(f["params"], dict) for f in zh["findings"])


def test_every_message_id_written_in_the_code_is_in_the_catalogue() -> None:
    """Ids no case reaches too: every string literal shaped like a message id in the checker."""
    from pathlib import Path

    import budgetlens

    root = Path(budgetlens.__file__).resolve().parent
    literal = re.compile(r"""["']((?:BL\d{3}|identity|codes\.note)\.[a-z_.]+)["']""")
    missing = []
    for path in sorted((root / "check").rglob("*.py")):
        for msg_id in literal.findall(path.read_text(encoding="utf-8")):
            if not has(msg_id):
                missing.append(f"{path.name}: {msg_id}")
    assert not missing, missing
