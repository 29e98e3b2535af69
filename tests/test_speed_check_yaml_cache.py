"""The scoring profiles and classification years are kept between processes as JSON: what the
cache gives is what parsing the YAML gives (the same values, types and key order), and a cache
that is absent, damaged or cannot be written only means parsing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from budgetlens.check import classification
from budgetlens.score import profile, yaml_cache
from budgetlens.score.yaml_cache import load_yaml, parse_yaml

DATA = Path(yaml_cache.__file__).resolve().parent.parent / "data"
FILES = sorted((DATA / "classification").glob("*.yaml")) + sorted((DATA / "scoring").glob("*.yaml"))


def _typed(value: Any) -> Any:
    """The value with every type spelt out (1, 1.0 and True are equal, but not the same data)."""
    if isinstance(value, dict):
        return ("dict", [(_typed(k), _typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [_typed(v) for v in value])
    return (type(value).__name__, value)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("BUDGETLENS_CACHE_DIR", str(tmp_path))
    return tmp_path


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_every_shipped_file_is_kept_and_read_back_as_parsed(path: Path, cache: Path) -> None:
    text = path.read_text(encoding="utf-8")
    name = f"test-{path.parent.name}-{path.stem}"
    parsed = parse_yaml(text)
    assert _typed(load_yaml(name, text)) == _typed(parsed)
    assert len(list(cache.glob(f"data-{name}-*.json"))) == 1
    assert _typed(load_yaml(name, text)) == _typed(parsed)  # from the JSON now


def test_the_cache_is_read_and_not_the_yaml(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    load_yaml("x", "a: [1, 2.5, true, null]\n")

    def no_parsing(text: str) -> Any:
        raise AssertionError("parsed again")

    monkeypatch.setattr(yaml_cache, "parse_yaml", no_parsing)
    assert load_yaml("x", "a: [1, 2.5, true, null]\n") == {"a": [1, 2.5, True, None]}


def test_changed_contents_replace_the_kept_file(cache: Path) -> None:
    assert load_yaml("x", "a: 1\n") == {"a": 1}
    assert load_yaml("x", "a: 2\n") == {"a": 2}
    assert len(list(cache.glob("data-x-*.json"))) == 1
    load_yaml("x-y", "b: 1\n")  # a name beginning like another leaves the other's file alone
    assert len(list(cache.glob("data-x-*.json"))) == 2


def test_a_damaged_file_a_foreign_type_and_no_folder_only_mean_parsing(cache: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    load_yaml("x", "a: 1\n")
    (kept,) = cache.glob("data-x-*.json")
    kept.write_text("{not json", encoding="utf-8")
    assert load_yaml("x", "a: 1\n") == {"a": 1}
    assert _typed(load_yaml("keys", "1: one\n2020-01-02: day\n")) == _typed({1: "one", parse_yaml("2020-01-02"): "day"})
    assert not list(cache.glob("data-keys-*.json"))  # JSON would not give them back
    monkeypatch.setenv("BUDGETLENS_CACHE_DIR", "")
    assert load_yaml("y", "b: 2\n") == {"b": 2}
    assert not list(cache.glob("data-y-*.json"))
    blocked = cache / "file"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv("BUDGETLENS_CACHE_DIR", str(blocked / "below"))
    assert load_yaml("z", "c: 3\n") == {"c": 3}


def test_profiles_and_classification_load_through_the_cache(cache: Path) -> None:
    profile.load_profiles.cache_clear()
    classification.load.cache_clear()
    try:
        first = (repr(profile.load_profiles()), repr(classification.load(2024)))
        profile.load_profiles.cache_clear()
        classification.load.cache_clear()
        assert (repr(profile.load_profiles()), repr(classification.load(2024))) == first
        assert list(cache.glob("data-scoring-national-*.json")) and list(cache.glob("data-classification-2024-*.json"))
    finally:
        profile.load_profiles.cache_clear()
        classification.load.cache_clear()
