"""The message catalogue kept between processes: the same messages as parsing the YAML, and never a
stale or broken copy."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from budgetlens import cache_folder, i18n


def _catalogue_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "i18n"
    shutil.copytree(i18n.CATALOGUE_DIR, folder)
    return folder


def _cached(folder: Path) -> list[Path]:
    return sorted(folder.glob("i18n-*.json"))


def test_cached_catalogue_equals_the_parsed_yaml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cache_folder.CACHE_ENV_VAR, str(tmp_path / "cache"))
    reference = i18n.load_catalogue()
    first = i18n.cached_catalogue()  # parsed, then written
    assert len(_cached(tmp_path / "cache")) == 1
    second = i18n.cached_catalogue()  # read back
    assert first == second == reference
    assert list(second[0]) == list(reference[0])  # the same order of ids too


def test_a_changed_file_is_parsed_again_and_the_old_copy_removed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cache_folder.CACHE_ENV_VAR, str(tmp_path / "cache"))
    folder = _catalogue_copy(tmp_path)
    before = i18n.cached_catalogue(folder)
    with (folder / "common.yaml").open("a", encoding="utf-8") as f:
        f.write("\ntest.cache_added: {zh: 新增, en: added}\n")
    after = i18n.cached_catalogue(folder)
    assert "test.cache_added" not in before[0]
    assert after[0]["test.cache_added"] == {"zh": "新增", "en": "added"}
    assert after == i18n.load_catalogue(folder)
    assert len(_cached(tmp_path / "cache")) == 1


def test_a_broken_cache_file_is_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cache_folder.CACHE_ENV_VAR, str(tmp_path / "cache"))
    folder = _catalogue_copy(tmp_path)
    i18n.cached_catalogue(folder)
    (path,) = _cached(tmp_path / "cache")
    for broken in ('{"messages": {"x": ', '{"messages": {}, "origin": {"x": "a.yaml"}}', "[1, 2]"):
        path.write_text(broken, encoding="utf-8")
        assert i18n.cached_catalogue(folder) == i18n.load_catalogue(folder)
        assert json.loads(path.read_text(encoding="utf-8"))["messages"]


def test_no_cache_folder_or_an_unwritable_one_only_means_parsing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    reference = i18n.load_catalogue()
    monkeypatch.setenv(cache_folder.CACHE_ENV_VAR, "")
    assert cache_folder.cache_dir() is None
    assert i18n.cached_catalogue() == reference
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(cache_folder.CACHE_ENV_VAR, str(blocked / "cache"))
    assert i18n.cached_catalogue() == reference
    assert os.listdir(tmp_path) == ["file"]


def test_a_malformed_catalogue_is_refused_with_or_without_a_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cache_folder.CACHE_ENV_VAR, str(tmp_path / "cache"))
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "a.yaml").write_text("x.one: {zh: 甲, en: a}\nx.one: {zh: 乙, en: b}\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(i18n.CatalogueError, match="defined twice"):
            i18n.cached_catalogue(folder)
    assert not (tmp_path / "cache").exists() or not _cached(tmp_path / "cache")


def test_the_default_folder_follows_the_platform_rules(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(cache_folder.CACHE_ENV_VAR, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    folder = cache_folder.cache_dir()
    assert folder is not None and folder.name == "budgetlens"


def test_no_home_folder_only_means_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.delenv(cache_folder.CACHE_ENV_VAR, raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setattr(Path, "home", staticmethod(no_home))
    assert i18n.cached_catalogue() == i18n.load_catalogue()
