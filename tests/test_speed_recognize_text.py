"""Cheaper ways of recognising text give what the plain ways give: whitespace removed by splitting
as by the regular expression, memoised section keys and table identification as the functions
themselves, and the pruned search for a heading run into its text as the full search."""

from __future__ import annotations

import random
import re
import sys

from budgetlens.recognize.facts import TEXT_RULES, _text_rules_of
from budgetlens.recognize.segment import compact
from budgetlens.recognize.table_specs import SPECS, identify, norm, norm_word
from budgetlens.recognize.toc import (
    _by_length,
    _near_in_length,
    _present,
    _run_in,
    _same_section,
    _section_key,
    section_key,
    table_title,
)
from conftest import seed_texts

_WHITESPACE = re.compile(r"\s+")


def test_compact_removes_what_the_expression_removes() -> None:
    every_char = [chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF]
    for start in range(0, len(every_char), 4096):
        chunk = "a".join(every_char[start:start + 4096])
        assert compact(chunk) == _WHITESPACE.sub("", chunk)
    for line in seed_texts():
        assert compact(line) == _WHITESPACE.sub("", line), line


def test_norm_equals_expression_then_translation() -> None:
    for line in seed_texts():
        assert norm(line) == _WHITESPACE.sub("", line).translate(str.maketrans({
            "（": "(", "）": ")", "“": '"', "”": '"', "〔": "(", "〕": ")"})), line


def test_identify_memo_equals_function() -> None:
    identify.cache_clear()
    titles = sorted({line for line in seed_texts() if "表" in line})
    assert len(titles) > 50
    for line in [*titles, *reversed(titles)]:
        for kind in (None, "budget", "final"):
            assert identify(line, kind) == identify.__wrapped__(line, kind), line


def test_section_key_memo_equals_function() -> None:
    names = ("上海市普陀区财政局", "财政局")
    _section_key.cache_clear()
    for line in [*seed_texts(), *reversed(seed_texts())]:
        for light in (False, True):
            assert section_key(line, names, light) == _section_key.__wrapped__(line, names, light), line


def _run_in_reference(text: str, key: str, names: list[str], light: bool) -> str:
    """The search before pruning: every start of 2 to 40 characters, shortest first."""
    if len(text) <= 40 or len(key) < 2:
        return text
    for n in range(2, 41):
        if section_key(text[:n], names, light) == key:
            while True:
                tail = next((w for w in ("情况", "说明", "的") if text.startswith(w, n)), None)
                if tail is None:
                    break
                n += len(tail)
            return text if re.match(r"(?!20\d{2}年)[\d（(为是共合]", text[n:]) else text[:n]
    return text


def test_run_in_equals_full_search() -> None:
    names = ["上海市普陀区财政局", "普陀区财政局", "市财政局"]
    lines = [compact(line) for line in seed_texts()]
    long_lines = [t for t in lines if len(t) > 40]
    # keys of real headings, and of the starts of real paragraphs (each is found at some length)
    keys = {section_key(t, names, light) for t in lines if 2 <= len(t) <= 40 for light in (False, True)}
    keys |= {section_key(t[:n], names, light) for t in long_lines[:200] for n in (3, 6, 9, 14, 20, 30)
             for light in (False, True)}
    keys = {k for k in keys if len(k) >= 2}
    # headings whose key has words the synonyms put in (职责 → 职能), run into their text
    synonym_heads = ["主要职责", "（一）部门职责", "基本情况", "一、内设机构", "机构情况", "部门基本概况"]
    synonym_keys = sorted({section_key(h, names, light) for h in synonym_heads for light in (False, True)})
    rng = random.Random(11)
    texts = rng.sample(long_lines, min(80, len(long_lines)))
    texts += [h + "。" + t for h in synonym_heads for t in long_lines[:5]]
    texts += ["".join(rng.choice("一、（）主要职责能概况基本情况机构设置内部门说明的年度2024本单位，。")
                      for _ in range(rng.randint(41, 60))) for _ in range(80)]
    checked = found = 0
    for text in texts:
        for key in [*synonym_keys, *rng.sample(sorted(keys), min(30, len(keys)))]:
            for light in (False, True):
                fast, slow = _run_in(text, key, names, light), _run_in_reference(text, key, names, light)
                assert fast == slow, (text, key, light)
                checked += 1
                found += fast != text
    assert checked > 5000 and found > 0


def test_sections_near_in_length_equal_all_sections() -> None:
    names = ["上海市普陀区财政局"]
    lines = [compact(line) for line in seed_texts() if 2 <= len(compact(line)) <= 60]
    keys = [section_key(t, names) for t in lines]
    rng = random.Random(7)
    entries = rng.sample(keys, 60) + [k[1:] for k in rng.sample(keys, 30)] + [k + "情况" for k in rng.sample(keys, 30)]
    entries = [e for e in entries if e]
    taken = {k for k in keys if any(_same_section(e, k) for e in entries)}
    assert taken == {k for k in keys if any(_same_section(e, k) for e in _near_in_length(_by_length(entries), k))}
    by_length = _by_length(keys)
    for entry in entries:
        assert _present(entry, keys, taken) == _present(entry, keys, taken, keys_by_length=by_length), entry
        assert any(_same_section(entry, k) for k in keys) == any(
            _same_section(entry, k) for k in _near_in_length(by_length, entry)), entry


def test_text_rules_by_scope_are_the_rules_naming_it_in_order() -> None:
    scopes = {scope for rule in TEXT_RULES for scope in rule.scopes} | {"document", "no_such_scope"}
    assert len(scopes) > 5
    for scope in scopes:
        assert _text_rules_of(scope) == tuple(rule for rule in TEXT_RULES if scope in rule.scopes), scope


def test_norm_word_memo_equals_norm() -> None:
    words = [w for spec in SPECS for cs in (*spec.columns, *spec.income_columns, *spec.variant_columns)
             for w in (*cs.aliases, *cs.exclude, *cs.context)]
    words += [w for spec in SPECS for w in (*spec.title_not, *(x for g in spec.title_keys for x in g))]
    norm_word.cache_clear()
    for word in [*words, *seed_texts()[:300], " 合 计 ", "（一）“三公”"]:
        assert norm_word(word) == norm(word), word


def test_table_title_memo_equals_function() -> None:
    table_title.cache_clear()
    for line in [*seed_texts(), *reversed(seed_texts())]:
        assert table_title(line) == table_title.__wrapped__(line), line
