"""The engine: crashes become BL000, select/ignore, the JSON contract, reports, exit codes."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from budgetlens.check import check_documents, run_check, select_rules
from budgetlens.check.findings import Severity
from budgetlens.check.registry import _RULES, Rule
from budgetlens.i18n import use_lang
from budgetlens.report import render
from check.builder import disclosure


def _doc(**kw):
    return disclosure(kw)


def test_a_crashing_rule_becomes_an_internal_error_and_others_still_run(monkeypatch) -> None:
    def boom(ctx):
        raise RuntimeError("kaput")

    select_rules()  # load the catalogue
    original = _RULES["BL522"]
    monkeypatch.setitem(_RULES, "BL522", Rule(**{**{f: getattr(original, f) for f in original.__slots__}, "func": boom}))
    d, s = _doc(facts={"income.total": "1.00", "expense.total": "2.00", "procurement.total": "5.00",
                       "procurement.sme": "6.00"})
    report = check_documents([d], select=["BL522", "BL531"], sources=[s])
    rules = sorted(f.rule for f in report.findings)
    assert rules == ["BL000", "BL531"]
    internal = next(f for f in report.findings if f.rule == "BL000")
    assert "BL522" in internal.message and "kaput" in internal.message
    assert internal.severity is Severity.ERROR


def test_select_and_ignore_by_code_prefix_group_and_name() -> None:
    assert {r.code for r in select_rules(["BL52"])} >= {"BL520", "BL521"}
    assert all(r.group == "sangong" for r in select_rules(["sangong"]))
    assert [r.code for r in select_rules(["share"])] == ["BL501"]
    assert "BL501" not in {r.code for r in select_rules(None, ["narrative"])}
    assert {r.code for r in select_rules(["narrative"], ["BL501"])} & {"BL501"} == set()
    with pytest.raises(ValueError):
        select_rules(["nonsense"])


def test_json_contract() -> None:
    d, s = _doc(facts={"income.total": "579.00", "expense.total": "579.10"})
    report = check_documents([d], select=["BL522"], sources=[s])
    data = json.loads(render(report, "json"))
    assert set(data) == {"documents", "findings", "summary"}
    f = data["findings"][0]
    for key in ("rule", "severity", "message", "document", "location", "expected", "actual", "evidence"):
        assert key in f
    assert set(f["location"]) == {"section", "table", "row", "column", "page", "line"}
    assert f["expected"] == 579.1 and f["actual"] == 579.0
    assert data["summary"]["by_severity"]["error"] == 1


def test_bad_document_never_raises() -> None:
    d, _ = _doc(kind=None, year=None)
    d.statements = []
    d.tables = []
    report = check_documents([d])
    assert not [f for f in report.findings if f.rule == "BL000"]


def test_html_is_self_contained_and_highlights_the_figure() -> None:
    d, s = _doc(statements=[{"subject": "基本支出", "amount": "343.56", "share": "60.48", "share_of": "本年支出合计",
                              "evidence": "基本支出343.56万元，占60.48%；"}], facts={"expense.current": "564.71"})
    report = check_documents([d], select=["BL501"], sources=[s])
    html = render(report, "html")
    assert "<mark>60.48%</mark>" in html
    assert "<link" not in html and "<script src" not in html
    text = render(report, "text")
    assert "BL501" in text and "错误1个" in text  # Chinese by default
    with use_lang("en"):
        assert "1 errors" in render(report, "text")
        assert "1 errors" not in text and "<h1>budgetlens check report</h1>" in render(report, "html")
    assert "<h1>budgetlens检查报告</h1>" in html and 'lang="zh-CN"' in html


def test_run_check_exit_codes(tmp_path) -> None:
    out, code = run_check([str(tmp_path / "missing.txt")])
    assert code == 2 and "missing.txt" in out
    clean = tmp_path / "clean.txt"
    clean.write_text("某单位2024年度部门决算\n第一部分 单位概况\n", encoding="utf-8")
    out, code = run_check([str(clean)], fmt="json", select=["BL522"])
    assert code == 0 and json.loads(out)["findings"] == []
    out, code = run_check([str(clean)], select=["nonsense"])
    assert code == 2


def test_cross_document_rules_only_pair_the_same_unit() -> None:
    a, _ = disclosure({"kind": "budget", "year": 2024, "unit": {"name": "甲局"}, "facts": {"budget.gpb": "1.00"}}, "a.txt")
    b, _ = disclosure({"kind": "final", "year": 2024, "unit": {"name": "甲局"}, "facts": {"gpb.initial_budget": "2.00"}}, "b.txt")
    c, _ = disclosure({"kind": "final", "year": 2024, "unit": {"name": "乙局"}, "facts": {"gpb.initial_budget": "3.00"}}, "c.txt")
    report = check_documents([a, b, c], select=["BL801"])
    assert [(f.document, f.actual) for f in report.findings] == [("b.txt", Decimal("2.00"))]


def test_a_batch_goes_on_past_an_unreadable_file(tmp_path) -> None:
    from typer.testing import CliRunner

    from budgetlens.cli import app

    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01binary")
    good = Path(__file__).resolve().parents[1] / "data" / "seeds" / "000_b61820042bea01b0.txt"
    result = CliRunner().invoke(app, ["check", str(good), str(bad), "--format", "json", "--lang", "en"])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"budgetlens: error: {bad}: binary file, not text (contains NUL bytes)"
    report = json.loads(result.stdout)
    assert [d["document"] for d in report["documents"]] == [good.name]
