"""Memoised pure functions give what the function itself gives: every line of the seeds and
every row name of their tables through the cache (twice, in two orders) against the undecorated
function."""

from __future__ import annotations

from budgetlens.check.classification import normalize_name
from budgetlens.recognize.toc import clean_entry
from conftest import seed_texts


def test_normalize_name_memo_equals_function() -> None:
    texts = seed_texts()
    assert len(texts) > 1000
    normalize_name.cache_clear()
    for text in [*texts, *reversed(texts)]:
        assert normalize_name(text) == normalize_name.__wrapped__(text), text


def test_clean_entry_memo_equals_function() -> None:
    texts = seed_texts()
    clean_entry.cache_clear()
    for text in [*texts, *reversed(texts)]:
        assert clean_entry(text) == clean_entry.__wrapped__(text), text
