"""One disclosure published as several files (the explanation and its tables) is checked as one.

The parts are made from the seeds: the text of a seed without its tables, and its tables alone
(as text, or written as a spreadsheet), each in a file of its own.
"""

from __future__ import annotations

import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from budgetlens.check import check_documents
from budgetlens.check.api import check_files, load
from budgetlens.check.findings import Report
from budgetlens.i18n import use_lang

SEEDS = Path(__file__).resolve().parent.parent / "data" / "seeds"
BUDGET = SEEDS / "001_c42624e4ee949ba4.txt"  # 2024 budget, tables in 第二部分 (lines 24–749)
FINAL_TEXT = SEEDS / "000_b61820042bea01b0.txt"  # the same unit's 2024 final account, tables “见附表”
CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"


def _split(tmp: Path, replace: tuple[str, str] | None = None) -> tuple[Path, Path]:
    """The seed's text part (概况 and 情况说明) and its tables part, as two files."""
    lines = BUDGET.read_text(encoding="utf-8").splitlines(keepends=True)
    text, tables = tmp / "budget_text.txt", tmp / "budget_tables.txt"
    text.write_text("".join(lines[:23] + lines[749:]), encoding="utf-8")
    body = "".join(lines[23:749])
    if replace:
        body = body.replace(*replace)
    tables.write_text(body, encoding="utf-8")
    return text, tables


def _check(*paths: Path, select: list[str] | None = None) -> Report:
    loaded = [load(str(p)) for p in paths]
    return check_documents([d for d, _ in loaded], select=select, sources=[s for _, s in loaded])


def _counts(report: Report) -> Counter[tuple[str, str]]:
    return Counter((f.rule, f.severity.value) for f in report.findings)


def test_parts_are_one_disclosure_with_the_findings_of_the_whole(tmp_path: Path) -> None:
    text, tables = _split(tmp_path)
    alone = _check(text, tables)
    assert len(alone.documents) == 1
    doc = alone.documents[0]
    assert doc.document == "budget_text.txt + budget_tables.txt"
    assert (doc.kind, doc.year) == ("budget", 2024)
    assert "one disclosure read from 2 files" in doc.warnings[0]  # the stored text is the English
    assert "budget_tables.txt (tables)" in doc.warnings[0]
    shown = doc.to_dict()["warnings"][0]  # the report's, in the reader's language
    assert "以下2个文件作为一份公开文件读取" in shown and "budget_tables.txt（表格）" in shown
    with use_lang("en"):
        assert doc.to_dict()["warnings"][0] == doc.warnings[0]
    assert _counts(alone) == _counts(_check(BUDGET))
    # each finding names the file it points into; table findings the tables file
    assert all(f.location.file in ("budget_text.txt", "budget_tables.txt") for f in alone.findings if f.location.line)
    assert all(f.location.file == "budget_tables.txt" for f in alone.findings if f.location.table)
    assert all("file" in f.to_dict()["location"] for f in alone.findings if f.location.line)


def test_each_part_alone_is_half_a_disclosure(tmp_path: Path) -> None:
    text, tables = _split(tmp_path)
    separate = check_documents([load(str(p))[0] for p in (text, tables)], sources=[load(str(p))[1] for p in (text, tables)],
                               merge=False)
    assert len(separate.documents) == 2
    assert _counts(separate) != _counts(_check(BUDGET))  # tables missing from one, narrative from the other
    assert all("file" not in f.to_dict()["location"] for f in separate.findings)


def test_parts_in_either_order_and_through_the_cli_entry(tmp_path: Path) -> None:
    text, tables = _split(tmp_path)
    out, _code, problems = check_files([str(tables), str(text)], fmt="json")
    assert not problems
    assert '"document": "budget_text.txt + budget_tables.txt"' in out


def test_tables_part_as_a_spreadsheet(tmp_path: Path) -> None:
    from budgetlens.write import render

    text, tables = _split(tmp_path)
    xlsx = tmp_path / "budget_tables.xlsx"
    xlsx.write_bytes(render(load(str(tables))[0], "xlsx"))
    report = _check(text, xlsx)
    assert [d.document for d in report.documents] == ["budget_text.txt + budget_tables.xlsx"]
    assert {f.rule for f in report.findings if f.location.table} <= {f.rule for f in _check(BUDGET).findings}
    assert not [f for f in report.findings if f.rule in ("BL101", "BL102", "BL103")]


def test_tables_of_another_unit_are_not_joined(tmp_path: Path) -> None:
    text, tables = _split(tmp_path, ("昌吉回族自治州人民政府电子政务办公室", "某县农业农村局"))
    assert len(_check(text, tables).documents) == 2


def test_tables_of_another_year_are_not_joined(tmp_path: Path) -> None:
    text, tables = _split(tmp_path, ("2024", "2023"))
    assert len(_check(text, tables).documents) == 2


def test_two_whole_documents_are_not_joined(tmp_path: Path) -> None:
    copy = tmp_path / "copy.txt"
    copy.write_text(BUDGET.read_text(encoding="utf-8"), encoding="utf-8")
    assert len(_check(BUDGET, copy).documents) == 2


def test_cross_document_rules_see_the_joined_budget(tmp_path: Path) -> None:
    text, tables = _split(tmp_path)
    cross = ["cross_document"]
    joined = _check(text, tables, FINAL_TEXT, select=cross)
    whole = _check(BUDGET, FINAL_TEXT, select=cross)
    assert len(joined.documents) == 2  # the budget (two files) and the final account
    assert _counts(joined) == _counts(whole)
    assert [f.message for f in joined.findings] == [f.message for f in whole.findings]


@pytest.mark.skipif(not (CORPUS / "139.pdf").exists(), reason="corpus absent")
def test_corpus_department_and_unit_budgets_stay_two() -> None:
    """A 部门预算 and the 单位预算 of the same office and year each have narrative and tables."""
    report = _check(CORPUS / "139.pdf", CORPUS / "140.pdf", select=["BL901"])
    assert len(report.documents) == 2


@pytest.mark.skipif(not (CORPUS / "049.pdf").exists(), reason="corpus absent")
def test_corpus_text_parts_of_two_units_stay_two() -> None:
    report = _check(CORPUS / "049.pdf", CORPUS / "050.pdf", select=["BL901"])
    assert len(report.documents) == 2


def test_performance_tables_published_apart(tmp_path: Path) -> None:
    """The final account's text and its self-evaluation tables (lines 71–1291) in two files."""
    lines = FINAL_TEXT.read_text(encoding="utf-8").splitlines(keepends=True)
    text, perf = tmp_path / "final_text.txt", tmp_path / "final_selfeval.txt"
    text.write_text("".join(lines[:70] + lines[1291:]), encoding="utf-8")
    perf.write_text("".join(lines[70:1291]), encoding="utf-8")
    report = _check(text, perf)
    assert [d.document for d in report.documents] == ["final_text.txt + final_selfeval.txt"]
    assert "final_selfeval.txt (performance tables)" in report.documents[0].warnings[0]
    assert "final_selfeval.txt（绩效表）" in report.documents[0].to_dict()["warnings"][0]
    assert _counts(report) == _counts(_check(FINAL_TEXT))


@pytest.mark.skipif(not (CORPUS / "001.pdf").exists() or not shutil.which("pdfseparate") or not shutil.which("pdfunite"),
                    reason="corpus or poppler tools absent")
def test_corpus_budget_split_into_a_text_pdf_and_a_tables_pdf(tmp_path: Path) -> None:
    """001.pdf cut into its text pages (1–6, 21) and its table pages (7–20): the two PDFs read as one
    disclosure give the findings of the whole."""
    subprocess.run(["pdfseparate", str(CORPUS / "001.pdf"), str(tmp_path / "p%02d.pdf")], check=True)
    pages = [tmp_path / f"p{i:02d}.pdf" for i in range(1, 22)]
    text, tables = tmp_path / "text.pdf", tmp_path / "tables.pdf"
    subprocess.run(["pdfunite", *map(str, pages[:6] + pages[20:]), str(text)], check=True)
    subprocess.run(["pdfunite", *map(str, pages[6:20]), str(tables)], check=True)
    joined = _check(text, tables)
    assert [d.document for d in joined.documents] == ["text.pdf + tables.pdf"]
    assert _counts(joined) == _counts(_check(CORPUS / "001.pdf"))
    assert {f.location.file for f in joined.findings if f.location.table} <= {"tables.pdf"}
