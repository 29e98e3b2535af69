"""The 科目 data per year: every year file loads, every entry says its source, observed entries are
marked so, and a code is judged by the data of the document's own year."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from budgetlens.check import check_documents, classification
from budgetlens.check.classification import available_years, for_year, load, read_codes
from check.builder import disclosure

STATUSES = {"published", "observed", "nearest"}


@pytest.mark.parametrize("year", available_years())
def test_every_year_loads_and_every_entry_says_its_source(year: int) -> None:
    c = load(year)
    assert c.year == year
    assert c.function and c.economic
    for code in (*c.function, *c.economic):
        assert c.status_of(code) in STATUSES, code
        source = c.source_of(code)
        assert source, f"{year} {code}: no source"
        if c.status_of(code) == "observed":
            assert source.startswith("observed in: "), source


def test_the_corpus_years_have_their_own_file() -> None:
    years = available_years()
    for year in range(2019, 2027):
        assert year in years
        _, exact = for_year(year)
        assert exact


def test_observed_entries_are_marked_and_never_judge_a_name() -> None:
    found = [(y, code) for y in available_years() for code in (*load(y).function, *load(y).economic)
             if load(y).status_of(code) == "observed"]
    assert found, "no observed entry in the data"
    year, code = found[0]
    c = load(year)
    assert not c.comparable(code)
    kind = "function" if code.startswith("2") else "economic"
    reading = read_codes([(1, code, c.name(code, kind) + "（另称）"), (2, "201", "一般公共服务支出"),
                          (3, "301", "工资福利支出")], c)
    assert reading.rows[1].status == "known" and not reading.rows[1].compare


# ---- year semantics on data of our own ---------------------------------------------------------

@pytest.fixture
def own_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    (tmp_path / "2030.yaml").write_text(
        "year: 2030\nsource: 科目 of 2030 (test)\n"
        "function:\n  '201': 一般公共服务支出\n  '20101': 人大事务\n  '2010101': 行政运行\n"
        "  '2010108': 代表工作\n"
        "economic:\n  '301': 工资福利支出\n  '30101': 基本工资\n", encoding="utf-8")
    (tmp_path / "2031.yaml").write_text(
        "year: 2031\nextends: 2030\nsource: 科目 of 2031 (test)\n"
        "changes:\n  remove:\n    function: ['2010108']\n  add:\n    function: {'2010109': 代表履职}\n"
        "observed:\n  documents: {D1: 某县人大常委会办公室2031年部门预算}\n"
        "  function:\n    '2010150': {name: 事业运行, source: [D1]}\n", encoding="utf-8")
    (tmp_path / "2029.yaml").write_text(
        "year: 2029\nfallback: 2030\nsource: none reached (test)\n"
        "observed:\n  documents: {D2: 某县人大常委会办公室2029年部门预算}\n"
        "  function:\n    '2010107': {name: 人大代表履职能力提升, source: [D2]}\n", encoding="utf-8")
    monkeypatch.setattr(classification, "DATA_DIR", tmp_path)
    classification.load.cache_clear()
    classification._names.cache_clear()
    yield tmp_path
    classification.load.cache_clear()
    classification._names.cache_clear()


def _unknown(year: int, code: str, name: str) -> list[str]:
    doc, source = disclosure({"year": year, "kind": "budget", "tables": [{"id": "B05", "columns": ["total"], "rows": [
        {"code": "201", "name": "一般公共服务支出", "values": {"total": "5.00"}},
        {"code": "20101", "name": "人大事务", "values": {"total": "5.00"}},
        {"code": "2010101", "name": "行政运行", "values": {"total": "3.00"}},
        {"code": code, "name": name, "values": {"total": "2.00"}}]}]})
    report = check_documents([doc], select=["BL901"], sources=[source])
    return [f.actual for f in report.findings if f.rule == "BL901"]


def test_a_code_is_judged_by_the_documents_year(own_data: Path) -> None:
    # 2010108 is valid in 2030 and removed in 2031; 2010109 is new in 2031
    assert _unknown(2030, "2010108", "代表工作") == []
    assert _unknown(2031, "2010108", "代表工作") == ["2010108"]
    assert _unknown(2031, "2010109", "代表履职") == []
    assert _unknown(2030, "2010109", "代表履职") == ["2010109"]


def test_observed_and_fallback_entries(own_data: Path) -> None:
    c31 = load(2031)
    assert c31.status_of("2010150") == "observed"
    assert c31.source_of("2010150") == "observed in: 某县人大常委会办公室2031年部门预算"
    assert c31.status_of("2010109") == "published" and c31.source_of("2010109") == "科目 of 2031 (test)"
    assert c31.source_of("2010101") == "科目 of 2030 (test)"  # carried over from the year it extends
    c29 = load(2029)
    assert c29.status_of("2010107") == "observed"
    assert c29.status_of("2010101") == "nearest" and "2030" in (c29.source_of("2010101") or "")
    assert _unknown(2029, "2010107", "人大代表履职能力提升") == []
    assert _unknown(2030, "2010107", "人大代表履职能力提升") == ["2010107"]


def test_an_observed_entry_needs_its_source(own_data: Path) -> None:
    (own_data / "2032.yaml").write_text(
        "year: 2032\nextends: 2031\nsource: x\nobserved:\n  function:\n    '2010160': {name: 无出处}\n",
        encoding="utf-8")
    with pytest.raises(ValueError, match="source"):
        load(2032)


def test_real_data_a_code_observed_in_a_later_year_only() -> None:
    """A code the 2026 documents print (observed) that the 2024 data do not hold: no info for a
    2026 document, info for a 2024 one."""
    c26, c24 = load(2026), load(2024)
    later = sorted(k for k in c26.function if c26.status_of(k) == "observed" and k not in c24.function
                   and len(k) == 7 and k[:5] in c24.function and k[:3] in c24.function)
    assert later
    code = later[0]
    doc = {"kind": "budget", "tables": [{"id": "B05", "columns": ["total"], "rows": [
        {"code": code[:3], "name": c26.function[code[:3]], "values": {"total": "2.00"}},
        {"code": code[:5], "name": c26.function[code[:5]], "values": {"total": "2.00"}},
        {"code": code, "name": c26.function[code], "values": {"total": "2.00"}}]}]}
    for year, expected in ((2026, []), (2024, [code])):
        built, source = disclosure({**doc, "year": year})
        report = check_documents([built], select=["BL901"], sources=[source])
        assert [f.actual for f in report.findings] == expected, year
