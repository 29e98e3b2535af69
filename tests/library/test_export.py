"""Exports re-read and checked against the library: CSV, XLSX and JSON."""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from budgetlens.cli import app
from budgetlens.library import open_library
from budgetlens.library.export import COLUMNS, records
from budgetlens.read import read_source
from budgetlens.recognize import recognize
from library.seeds import BUDGET_SEED, FINAL_SEED

runner = CliRunner()


@pytest.fixture
def filled(home: Path) -> dict[str, list[dict[str, object]]]:
    result = runner.invoke(app, ["library", "add", str(FINAL_SEED), str(BUDGET_SEED), "--workers", "1"])
    assert result.exit_code == 0, result.output
    findings = json.loads(runner.invoke(app, ["library", "findings", "--format", "json"]).stdout)
    result = runner.invoke(app, ["library", "review", findings[0]["fingerprint"], "--verdict", "confirmed"])
    assert result.exit_code == 0, result.output
    lib = open_library()
    try:
        return records(lib)
    finally:
        lib.close()


def _facts_by_document() -> dict[str, dict[str, Decimal]]:
    return {str(p): recognize(read_source(p)).facts for p in (FINAL_SEED, BUDGET_SEED)}


def test_csv(filled: dict[str, list[dict[str, object]]], tmp_path: Path) -> None:
    out = tmp_path / "csv"
    result = runner.invoke(app, ["library", "export", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{k}.csv" for k in COLUMNS)
    for kind, cols in COLUMNS.items():
        with (out / f"{kind}.csv").open(encoding="utf-8-sig", newline="") as f:
            rows = list(csv.DictReader(f))
        assert list(rows[0]) == cols if rows else True
        assert len(rows) == len(filled[kind]) > 0
    with (out / "facts.csv").open(encoding="utf-8-sig", newline="") as f:
        got: dict[str, dict[str, Decimal]] = {}
        for row in csv.DictReader(f):
            got.setdefault(row["path"], {})[row["key"]] = Decimal(row["value"])
    assert got == _facts_by_document()
    with (out / "findings.csv").open(encoding="utf-8-sig", newline="") as f:
        reviewed = [r for r in csv.DictReader(f) if r["review"]]
    assert [r["review"] for r in reviewed] == ["confirmed"]


def test_xlsx(filled: dict[str, list[dict[str, object]]], tmp_path: Path) -> None:
    out = tmp_path / "library.xlsx"
    result = runner.invoke(app, ["library", "export", str(out)])
    assert result.exit_code == 0, result.output
    wb = load_workbook(out)
    assert wb.sheetnames == list(COLUMNS)
    for kind, cols in COLUMNS.items():
        ws = wb[kind]
        assert [c.value for c in ws[1]] == cols
        assert ws.freeze_panes == "A2"
        assert all(c.font.bold for c in ws[1])
        assert ws.max_row - 1 == len(filled[kind])
        for i in range(1, len(cols) + 1):
            assert ws.column_dimensions[ws.cell(1, i).column_letter].width >= 6
    facts = wb["facts"]
    header = [c.value for c in facts[1]]
    got: dict[str, dict[str, Decimal]] = {}
    for row in facts.iter_rows(min_row=2):
        rec = dict(zip(header, row, strict=True))
        assert rec["value"].number_format == "#,##0.00"
        got.setdefault(rec["path"].value, {})[rec["key"].value] = Decimal(str(rec["value"].value))
    assert got == _facts_by_document()
    unit_col = header.index("unit") + 1
    assert facts.column_dimensions[facts.cell(1, unit_col).column_letter].width > 30  # CJK names counted wide


def test_json(filled: dict[str, list[dict[str, object]]], tmp_path: Path) -> None:
    out = tmp_path / "library.json"
    result = runner.invoke(app, ["library", "export", str(out), "--to", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"), parse_float=Decimal)
    assert list(data) == list(COLUMNS)
    for kind, cols in COLUMNS.items():
        assert len(data[kind]) == len(filled[kind])
        assert all(list(r) == cols for r in data[kind])
    got: dict[str, dict[str, Decimal]] = {}
    for r in data["facts"]:
        got.setdefault(r["path"], {})[r["key"]] = Decimal(r["value"])
    assert got == _facts_by_document()
    assert [r["verdict"] for r in data["reviews"]] == ["confirmed"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".library")]  # no temporary left


def test_fiscal_data_package(filled: dict[str, list[dict[str, object]]], tmp_path: Path) -> None:
    frictionless = pytest.importorskip("frictionless", reason="frictionless is not installed")
    out = tmp_path / "fdp"
    result = runner.invoke(app, ["library", "export", str(out), "--to", "fdp"])
    assert result.exit_code == 0, result.output
    report = frictionless.validate(str(out / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note"])
    package = frictionless.Package(str(out / "datapackage.json"))
    fields = {f.name: f for f in package.get_resource("facts").schema.fields}
    assert fields["value"].to_dict()["columnType"] == "value"
    assert fields["fiscal_year"].to_dict()["columnType"] == "date:fiscal-year"
    with (out / "facts.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    want = _facts_by_document()
    money = {(r["path"], r["key"]) for r in filled["facts"] if r["measure"] == "万元"}
    assert len(rows) == len(money) > 20
    ids = {r["id"]: r["path"] for r in filled["documents"]}
    for row in rows:
        path = ids[int(row["document_id"])]
        printed = want[path][row["fact"]]
        assert Decimal(row["value_as_printed"]) == printed and row["printed_unit"] == "万元"
        assert Decimal(row["value"]) == printed * 10000 and row["currency"] == "CNY"
        assert row["phase"] == ("approved" if path == str(BUDGET_SEED) else "executed")
        assert row["fiscal_year"] == "2024"
    assert {r["fact"] for r in rows} >= {"budget.total"}
