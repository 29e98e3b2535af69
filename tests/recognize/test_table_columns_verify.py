"""A table is verified against its own identities once read: isolated failures stay findings, a
reading that fails them on many rows (a shifted column) is marked unverified with a parse warning
and the table rules leave it alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetlens.check import check
from budgetlens.model import Table
from budgetlens.read import read_source
from budgetlens.recognize import recognize

HEAD = ["柏溪县档案服务中心2025年部门预算", "一般公共预算支出情况表", "单位名称：柏溪县档案服务中心\t单位：万元",
        "科目编码\t科目名称\t合计\t基本支出\t项目支出"]
# (code, name, total, basic, project): every identity holds
ROWS = [
    ("", "合计", "186.40", "120.30", "66.10"),
    ("201", "一般公共服务支出", "150.40", "100.30", "50.10"),
    ("20126", "档案事务", "150.40", "100.30", "50.10"),
    ("2012601", "行政运行", "100.30", "100.30", ""),
    ("2012604", "档案馆", "50.10", "", "50.10"),
    ("208", "社会保障和就业支出", "20.00", "20.00", ""),
    ("20805", "行政事业单位养老支出", "20.00", "20.00", ""),
    ("2080505", "机关事业单位基本养老保险缴费支出", "20.00", "20.00", ""),
    ("221", "住房保障支出", "16.00", "", "16.00"),
    ("22102", "住房改革支出", "16.00", "", "16.00"),
    ("2210201", "住房公积金", "16.00", "", "16.00"),
]


def _read(tmp_path: Path, rows: list[tuple[str, ...]]) -> tuple[Table, list[str], list[str]]:
    text = "\n".join(HEAD + ["\t".join(r) for r in rows]) + "\n"
    path = tmp_path / "table.tabs.txt"
    path.write_text(text, encoding="utf-8")
    doc = recognize(read_source(path))
    table = doc.table("B05")
    assert table is not None
    rules = [f.rule for f in check(doc, select=["BL201", "BL202", "BL203"]).findings]
    return table, rules, doc.warnings


def test_consistent_table_is_verified(tmp_path: Path) -> None:
    table, rules, _ = _read(tmp_path, ROWS)
    assert table.verified
    assert rules == []


def test_isolated_one_cent_defect_is_still_a_finding(tmp_path: Path) -> None:
    rows = list(ROWS)
    rows[3] = ("2012601", "行政运行", "100.31", "100.30", "")  # one cent off in one row
    table, rules, warnings = _read(tmp_path, rows)
    assert table.verified
    assert not [w for w in warnings if "unverified" in w]
    assert rules == ["BL201"]  # 合计 ≠ 基本支出 + 项目支出 on that row


@pytest.mark.parametrize("shift", [1, 2])
def test_shifted_column_gives_a_parse_warning_and_no_finding(tmp_path: Path, shift: int) -> None:
    # the 项目支出 figures read one or two rows too low (a column shifted by a misreading)
    project = [r[4] for r in ROWS]
    project = project[:1] + [""] * shift + project[1:-shift]
    rows = [(*r[:4], p) for r, p in zip(ROWS, project, strict=True)]
    table, rules, warnings = _read(tmp_path, rows)
    assert not table.verified
    assert any("B05 read as unverified" in w for w in warnings)
    assert rules == []


def test_misprinted_subtotal_stays_a_finding(tmp_path: Path) -> None:
    rows = list(ROWS)
    rows[2] = ("20126", "档案事务", "150.50", "100.30", "50.10")  # one 款 total misprinted
    table, rules, _ = _read(tmp_path, rows)
    assert table.verified
    assert sorted(set(rules)) == ["BL201", "BL202"]


def test_economic_codes_broken_down_to_seven_digits(tmp_path: Path) -> None:
    """3010201 规范性津补贴 under 30102 津贴补贴: a child of its 款, not a top-level row."""
    text = "\n".join([
        "柏溪县档案服务中心2025年部门预算", "一般公共预算基本支出情况表", "单位名称：柏溪县档案服务中心\t单位：万元",
        "科目编码\t科目名称\t合计\t人员经费\t公用经费",
        "\t合计\t90.00\t80.00\t10.00",
        "301\t工资福利支出\t80.00\t80.00\t",
        "30102\t津贴补贴\t80.00\t80.00\t",
        "3010201\t规范性津补贴\t70.00\t70.00\t",
        "3010202\t其他津补贴\t10.00\t10.00\t",
        "302\t商品和服务支出\t10.00\t\t10.00",
        "30201\t办公费\t10.00\t\t10.00",
    ]) + "\n"
    path = tmp_path / "economic.tabs.txt"
    path.write_text(text, encoding="utf-8")
    doc = recognize(read_source(path))
    table = doc.table("B06")
    assert table is not None and table.verified
    assert [f.rule for f in check(doc, select=["BL201", "BL202", "BL203"]).findings] == []
    bad = text.replace("3010202\t其他津补贴\t10.00\t10.00", "3010202\t其他津补贴\t11.00\t11.00")
    path.write_text(bad, encoding="utf-8")
    rules = [f.rule for f in check(recognize(read_source(path)), select=["BL202"]).findings]
    assert rules  # 30102 ≠ Σ its 7-digit rows


def test_row_printed_twice_counts_once(tmp_path: Path) -> None:
    """A 项 printed with its 款's code (21999 twice, same name and figures) is not summed twice."""
    rows = [*ROWS[:8], ("219", "援助其他地区支出", "6.00", "", "6.00"), ("21999", "其他支出", "6.00", "", "6.00"),
            ("21999", "其他支出", "6.00", "", "6.00")]
    rows[0] = ("", "合计", "176.40", "120.30", "56.10")
    rows = [r for r in rows if r[0] not in ("221", "22102", "2210201")]
    table, rules, _ = _read(tmp_path, rows)
    assert table.verified
    assert rules == []


def test_small_table_failing_on_every_row_is_unverified(tmp_path: Path) -> None:
    rows = [("", "合计", "150.40", "100.30", "60.10"), ("201", "一般公共服务支出", "150.40", "110.30", "50.10")]
    table, rules, warnings = _read(tmp_path, rows)
    assert not table.verified
    assert any("B05 read as unverified: 2 of 2" in w for w in warnings)
    assert rules == []
