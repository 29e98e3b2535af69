"""One project under many names: a budget's table 7 row, its 绩效目标表 and the final account's
绩效自评表 print the same project as …经费 / …项目经费 / …项目, with or without a year, the unit's
name, quotation marks or brackets; ``projects`` lists it once with every name."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

from budgetlens.check import check_documents
from budgetlens.check.api import load
from budgetlens.recognize.projects import Entry, group, name_key

SEEDS = Path(__file__).resolve().parent.parent / "data" / "seeds"
BUDGET = SEEDS / "001_c42624e4ee949ba4.txt"
FINAL = SEEDS / "000_b61820042bea01b0.txt"


def test_name_key_removes_the_variants() -> None:
    unit = "青禾县农业技术推广站"
    base = name_key("农机安全监理经费", unit)
    for variant in ("农机安全监理项目经费", "农机安全监理项目", "2025年农机安全监理专项资金",
                    "“农机安全监理”项目", "青禾县农业技术推广站农机安全监理经费", "（农机安全监理）资金"):
        assert name_key(variant, unit) == base, variant
    assert name_key("种子与肥料检测经费") == name_key("种子和肥料检测项目")
    assert name_key("种子检测经费") != name_key("肥料检测经费")


def test_suffix_alone_is_not_stripped_to_nothing() -> None:
    assert name_key("项目经费") == "项目"


def _names(projects: list) -> list[list[str]]:
    return [p.names for p in projects]


def test_list_row_and_target_table_are_one_project() -> None:
    got = group([Entry("农机安全监理项目经费", Decimal("12.00"), "target"),
                 Entry("农机安全监理经费", Decimal("12.00"), "list"),
                 Entry("种子检测经费", Decimal("3.00"), "list")])
    assert _names(got) == [["农机安全监理项目经费", "农机安全监理经费"], ["种子检测经费"]]


def test_two_rows_of_one_list_are_two_projects() -> None:
    got = group([Entry("种子检测经费", Decimal("3.00"), "list"), Entry("种子检测项目", Decimal("3.00"), "list")])
    assert len(got) == 2


def test_a_left_out_prefix_joins_only_when_the_amounts_agree() -> None:
    same = group([Entry("青禾县农田水利巡查经费", Decimal("8.50"), "list"),
                  Entry("农田水利巡查项目", Decimal("8.50"), "target")])
    assert len(same) == 1
    differ = group([Entry("青禾县农田水利巡查经费", Decimal("8.50"), "list"),
                    Entry("农田水利巡查项目", Decimal("9.00"), "target")])
    assert len(differ) == 2


def test_an_ambiguous_candidate_is_not_joined() -> None:
    got = group([Entry("农田巡查经费", Decimal("5"), "list"),
                 Entry("农田巡查项目", Decimal("5"), "target"),
                 Entry("农田巡查资金", Decimal("5"), "target")])
    assert len(got) == 3


def test_seed_budget_lists_each_of_its_four_projects_once() -> None:
    # 001's table 7 (lines 622–650) lists four projects, and it prints four project 绩效目标表s
    # (lines 1257–2125), two of them headed …项目经费 / …项目 where table 7 says …经费
    out = subprocess.run([str(Path(sys.executable).with_name("budgetlens")), "parse", str(BUDGET), "--format", "json"],
                         capture_output=True, text=True, check=True).stdout
    projects = json.loads(out)["projects"]
    assert len(projects) == 4
    names = [n for p in projects for n in p["names"]]
    assert "昌吉州政府网站和云平台运维经费" in names and "昌吉州政府网站和云平台运维项目经费" in names
    assert {p["amount"] for p in projects} == {60, 140, 20}


def _bl803(*paths: Path) -> list[str]:
    loaded = [load(str(p)) for p in paths]
    report = check_documents([d for d, _ in loaded], select=["BL803"], sources=[s for _, s in loaded])
    return [f.text("en") for f in report.findings]  # the English wording is asserted


def test_a_project_evaluated_under_another_name_is_not_missing(tmp_path: Path) -> None:
    final = tmp_path / "final.txt"
    final.write_text(FINAL.read_text(encoding="utf-8").replace(
        "昌吉州政府网站和云平台运维项目经费", "2024年“昌吉州政府网站与云平台运维”项目"), encoding="utf-8")
    messages = _bl803(BUDGET, final)
    assert not any("云平台运维" in m and ("no self-evaluation" in m or "not in the" in m) for m in messages)
    assert any("another name" in m and "云平台运维" in m for m in messages)


def test_seed_pair_reports_only_the_project_the_budget_does_not_plan() -> None:
    messages = _bl803(BUDGET, FINAL)
    assert len(messages) == 1 and "庭州英才" in messages[0]


def _rules(codes: list[str], *paths: Path) -> list[str]:
    loaded = [load(str(p)) for p in paths]
    report = check_documents([d for d, _ in loaded], select=codes, sources=[s for _, s in loaded])
    return [f"{f.rule} {f.message}" for f in report.findings]


def test_a_project_whose_initial_budget_differs_from_its_plan(tmp_path: Path) -> None:
    # 000 line 229: 政府网站等保测评和运维经费's 年度资金总额 年初预算数 20.00, the 20 万元 the budget
    # (001) planned; printed 25.00 it no longer restates the plan
    lines = FINAL.read_text(encoding="utf-8").split("\n")
    assert lines[227].strip() == "年度资金总额" and lines[228].strip() == "20.00"
    lines[228] = "\t25.00"
    final = tmp_path / "final.txt"
    final.write_text("\n".join(lines), encoding="utf-8")
    found = _rules(["BL806"], BUDGET, final)
    assert len(found) == 1 and "政府网站等保测评和运维经费" in found[0] and "25" in found[0]
    assert _rules(["BL806"], BUDGET, FINAL) == []


def test_one_name_under_two_implementers_is_two_projects() -> None:
    # a 部门 budget printing its units' 绩效目标表s: 办案差旅 of two units, and one table published twice
    got = group([Entry("办案差旅", Decimal("5.00"), "target", owner="青禾县司法局"),
                 Entry("办案差旅", Decimal("3.00"), "target", owner="青禾县公证处"),
                 Entry("法律顾问", Decimal("8.00"), "target", owner="青禾县司法局"),
                 Entry("法律顾问", Decimal("8.00"), "target", owner="青禾县司法局")])
    assert [len(p.entries) for p in got] == [1, 1, 2]
