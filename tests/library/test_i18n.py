"""`budgetlens library …` for people in Chinese (the default language) and English; compare of one
unit's two years."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from budgetlens.cli import app
from budgetlens.i18n import catalogue
from library.seeds import BUDGET_SEED, FINAL_SEED, copy_seed

runner = CliRunner()


def run(*args: str, code: int = 0) -> Any:
    result = runner.invoke(app, ["library", *args])
    assert result.exit_code == code, (result.output, result.exception)
    return result


def no_ids(text: str) -> None:
    """Every message rendered: no catalogue id left in the output."""
    assert not re.search(r"library\.[a-z_]+\.[a-z_]+", text), text


def test_chinese_for_people(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BUDGETLENS_LANG", "zh")
    added = run("add", str(FINAL_SEED), str(BUDGET_SEED), "--workers", "1").stdout
    no_ids(added)
    assert added.startswith("新增2份，已在文库中0份，无法读取0份，拒收0份；发现问题")
    listed = run("list").stdout
    no_ids(listed)
    assert "决算" in listed and "预算" in listed and "警告" in listed and "编号" in listed
    shown = run("show", str(BUDGET_SEED)).stdout
    no_ids(shown)
    assert "基本支出" in shown and "入库时间" in shown and "印制过的名称" in shown
    compared = run("compare", str(BUDGET_SEED), str(FINAL_SEED)).stdout
    no_ids(compared)
    assert "同一单位同一年度的预算与决算" in compared and "变动率%" in compared
    findings = json.loads(run("findings", "--format", "json").stdout)
    fp = findings[0]["fingerprint"]
    reviewed = run("review", fp, "--verdict", "confirmed", "--reviewer", "张三").stdout
    assert reviewed.strip() == f"{fp[:12]}：张三复核为“属实”"
    table = run("findings").stdout
    no_ids(table)
    assert "属实" in table and "问题说明" in table


def test_english_for_people(home: Path) -> None:  # BUDGETLENS_LANG=en from the fixture
    added = run("add", str(FINAL_SEED), str(BUDGET_SEED), "--workers", "1").stdout
    assert added.startswith("added 2, already in the library 0, unreadable 0, refused 0 — ")
    compared = run("compare", str(BUDGET_SEED), str(FINAL_SEED)).stdout
    no_ids(compared)
    assert "budget ↔ final of one unit and year" in compared and "budget.basic" in compared


def test_the_catalogue_has_both_languages_for_every_library_message() -> None:
    ids = [k for k in catalogue() if k.startswith("library.")]
    assert len(ids) > 50
    for k in ids:
        zh, en = catalogue()[k]["zh"], catalogue()[k]["en"]
        assert sorted(re.findall(r"\{(\w+)\}", zh)) == sorted(re.findall(r"\{(\w+)\}", en)), k


def test_compare_year_to_year(home: Path, tmp_path: Path) -> None:
    text = BUDGET_SEED.read_text(encoding="utf-8")
    later = copy_seed(BUDGET_SEED, tmp_path / "later", "budget_2025.txt")
    later.write_text(text.replace("2024", "2025").replace("604.13", "650.00"), encoding="utf-8")
    run("add", str(BUDGET_SEED), str(later), "--workers", "1")
    c = json.loads(run("compare", str(BUDGET_SEED), str(later), "--format", "json").stdout, parse_float=Decimal)
    assert [d["year"] for d in c["documents"]] == [2024, 2025]
    assert c["relation"] == "year ↔ year of one unit"
    row = next(r for r in c["rows"] if r["key"] == "budget.total")
    assert [Decimal(str(v)) for v in row["values"]] == [Decimal("604.13"), Decimal("650.00")]
    assert Decimal(str(row["differences"][0])) == Decimal("45.87")
    assert Decimal(str(row["rates"][0])) == Decimal("7.59")  # 45.87 / 604.13 = 7.593 %


def test_findings_are_shown_in_the_readers_language(db_url: str | None, home: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from budgetlens.check.engine import check_documents
    from budgetlens.i18n import use_lang
    from budgetlens.read import read_source
    from budgetlens.recognize import recognize

    db = ["--db", db_url] if db_url else []
    run("add", str(FINAL_SEED), "--workers", "1", *db)  # checked and stored in English
    report = check_documents([recognize(read_source(FINAL_SEED))])
    assert report.findings
    for lang in ("zh", "en"):
        monkeypatch.setenv("BUDGETLENS_LANG", lang)
        stored = json.loads(run("findings", "--format", "json", *db).stdout)
        with use_lang(lang):
            want = sorted((f.rule, f.message, f.title_text()) for f in report.findings)
        assert sorted((f["rule"], f["message"], f["title"]) for f in stored) == want
        assert all(f["message_id"] and f["message_id"].startswith(f["rule"]) for f in stored)
