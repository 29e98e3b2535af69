"""The data files are read with libyaml's parser for speed: every YAML file the package ships must
give exactly what PyYAML's pure-Python safe loader gives (the reference), and the catalogue loader
must still refuse a duplicated id."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import budgetlens
from budgetlens import i18n

DATA = Path(budgetlens.__file__).resolve().parent / "data"
FILES = sorted(DATA.rglob("*.yaml"))


def test_there_are_data_files() -> None:
    assert any(p.parent.name == "i18n" for p in FILES)
    assert any(p.parent.name == "classification" for p in FILES)


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(DATA)))
def test_fast_loader_equals_pure_python(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    reference = yaml.load(text, Loader=yaml.SafeLoader)
    fast = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    assert fast == reference
    assert repr(fast) == repr(reference)  # same types and key order too


def test_catalogue_loader_equals_pure_python() -> None:
    messages, _ = i18n.load_catalogue()
    reference: dict[str, object] = {}
    for path in sorted((DATA / "i18n").glob("*.yaml")):
        reference.update(yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader) or {})
    assert messages == {k: {lang: v[lang] for lang in i18n.LANGS} for k, v in reference.items()}


def test_catalogue_loader_refuses_a_duplicated_id(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("x.one: {zh: 甲, en: a}\nx.one: {zh: 乙, en: b}\n", encoding="utf-8")
    with pytest.raises(i18n.CatalogueError, match="defined twice"):
        i18n.load_catalogue(tmp_path)
