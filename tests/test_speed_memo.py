"""Memoised pure functions give what the function itself gives: every line of the seeds and
every row name of their tables through the cache (twice, in two orders) against the undecorated
function."""

from __future__ import annotations

from pathlib import Path

from budgetlens.check.classification import normalize_name
from budgetlens.recognize.toc import clean_entry

SEEDS = sorted((Path(__file__).resolve().parent / "data" / "seeds").glob("*.txt"))


def _texts() -> list[str]:
    out: list[str] = []
    for path in SEEDS:
        for line in path.read_text(encoding="utf-8").splitlines():
            out.append(line)
            out.extend(line.split("\t"))
    return out


def test_normalize_name_memo_equals_function() -> None:
    texts = _texts()
    assert len(texts) > 1000
    normalize_name.cache_clear()
    for text in [*texts, *reversed(texts)]:
        assert normalize_name(text) == normalize_name.__wrapped__(text), text


def test_clean_entry_memo_equals_function() -> None:
    texts = _texts()
    clean_entry.cache_clear()
    for text in [*texts, *reversed(texts)]:
        assert clean_entry(text) == clean_entry.__wrapped__(text), text
