"""The message catalogue and its renderer (budgetlens.i18n)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from budgetlens import i18n
from budgetlens.i18n import CatalogueError, current_lang, load_catalogue, msg, set_lang, t, use_lang


def test_default_language_is_chinese_and_env_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BUDGETLENS_LANG", raising=False)
    assert current_lang() == "zh"
    monkeypatch.setenv("BUDGETLENS_LANG", "en_US.UTF-8")
    assert current_lang() == "en"
    monkeypatch.setenv("BUDGETLENS_LANG", "fr")
    assert current_lang() == "zh"  # an unknown language falls back to the default


def test_use_lang_is_scoped_and_set_lang_validates(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BUDGETLENS_LANG", raising=False)
    with use_lang("en"):
        assert current_lang() == "en"
        with use_lang("zh-CN"):
            assert current_lang() == "zh"
        assert current_lang() == "en"
    assert current_lang() == "zh"
    with pytest.raises(ValueError):
        set_lang("de")
    with pytest.raises(ValueError), use_lang("xx"):
        pass


def test_figures_are_formatted_as_documents_print_them() -> None:
    assert i18n.format_value(Decimal("1535.81"), "zh") == "1,535.81"
    assert i18n.format_value(Decimal("0.10"), "zh") == "0.10"  # its own decimals
    assert i18n.format_value(Decimal("-1234567"), "en") == "-1,234,567"
    assert i18n.format_value(Decimal("-0.00"), "en") == "0.00"
    assert i18n.format_value(2024, "zh") == "2024"  # an int (a year, a count) has no separators
    assert i18n.format_value(["甲", "乙"], "zh") == "甲、乙"
    assert i18n.format_value(["a", "b"], "en") == "a, b"
    assert i18n.format_value([Decimal("1000"), Decimal("2.5")], "zh") == "1,000、2.5"


def test_render_fills_placeholders_and_nested_messages() -> None:
    assert t("severity.error", "zh") == "错误"
    assert t("severity.error", "en") == "error"
    assert t("location.page", "zh", page=3) == "第3页"
    # a message as a parameter is rendered in the same language
    assert i18n.render("{x}列", "zh", {"x": msg("column.total")}) == "合计列"
    assert i18n.render("col {x}", "en", {"x": msg("column.total")}) == "col total"
    # a placeholder without a parameter stays visible (a test catches it)
    assert i18n.render("{a}{b}", "zh", {"a": 1}) == "1{b}"


def test_unknown_id_renders_as_itself() -> None:
    assert t("no.such.message", "zh") == "no.such.message"


def test_duplicate_ids_are_refused(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("x.one: {zh: 一, en: one}\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("x.one: {zh: 壹, en: one}\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"x\.one"):
        load_catalogue(tmp_path)
    (tmp_path / "b.yaml").write_text("x.two: {zh: 二, en: two}\nx.two: {zh: 贰, en: two}\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match="twice"):
        load_catalogue(tmp_path)


def test_an_entry_needs_both_languages(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("x.one: {zh: 一}\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match="no en text"):
        load_catalogue(tmp_path)


def test_the_shipped_catalogue_loads_with_both_languages() -> None:
    cat = i18n.catalogue()
    assert "severity.error" in cat and "location.page" in cat
    assert all(isinstance(entry["zh"], str) and isinstance(entry["en"], str) for entry in cat.values())


def test_a_finding_renames_a_path_in_its_parameters_in_every_language() -> None:
    from budgetlens.check.findings import Finding, Severity

    f = Finding(rule="BL801", severity=Severity.WARNING, message_id="BL801.initial_budget", document="d",
                params={"value": Decimal("2.00"), "year": 2024, "budget_doc": "/srv/x1/b.pdf",
                        "budget": Decimal("1.00"), "diff": Decimal("1.00")})
    f.replace_in_text("/srv/x1/b.pdf", "a.zip!b.pdf")
    assert "a.zip!b.pdf" in f.text("zh") and "a.zip!b.pdf" in f.text("en")
    assert f.message_id == "BL801.initial_budget" and f.message_override is None


def test_location_in_both_languages() -> None:
    from budgetlens.check.findings import FindingLocation

    loc = FindingLocation(table="B03", row="住房改革支出", column="total", page=3)
    assert loc.describe("zh") == "第3页、表B03、“住房改革支出”行、合计列"
    assert loc.describe("en") == "p.3, B03, row “住房改革支出”, col total"
    assert FindingLocation(section="三公经费", line=12).describe("zh") == "第12行、“三公经费”部分"
    assert FindingLocation(column="basic_personnel").describe("zh") == "人员经费列"
    assert FindingLocation(column="no_such_key").describe("zh") == "no_such_key列"


def test_severity_and_group_names() -> None:
    from budgetlens.check.findings import Severity
    from budgetlens.check.registry import GROUPS, group_label

    assert [s.label("zh") for s in Severity] == ["错误", "警告", "提示"]
    assert [s.label("en") for s in Severity] == ["error", "warning", "info"]
    for g in GROUPS:
        assert group_label(g, "zh") != group_label(g, "en"), g


def test_a_message_is_its_english_text_and_renders_in_any_language() -> None:
    import pickle

    from budgetlens.i18n import Message, localized

    w = Message("parse.table_not_read", table="B03", where=msg("location.page", page=5))
    assert w == "table B03: its title is printed (p.5) but the table was not read"  # what code compares
    assert "printed" in w and isinstance(w, str)
    assert localized(w, "zh") == "表B03：标题已印出（第5页），但未能读取该表"
    assert localized("plain text", "zh") == "plain text"
    back = pickle.loads(pickle.dumps(w))
    assert isinstance(back, Message) and back == w and localized(back, "zh") == localized(w, "zh")
