"""The code rules' doubts about the reading become parse warnings of the document, never findings."""

from __future__ import annotations

from budgetlens.check import check_documents
from budgetlens.check.classification import load, read_codes
from budgetlens.recognize.codes import split_code_prefix
from check.builder import disclosure


def _warnings(doc: dict, select: list[str] | None = None) -> list[str]:
    d, s = disclosure(doc)
    report = check_documents([d], select=select or ["codes"], sources=[s])
    return report.documents[0].warnings


def test_row_number_joined_before_codes_is_a_parse_warning() -> None:
    rows = [{"code": c, "name": n} for c, n in (("2130113", "住房公积金"), ("25302", "商品和服务支出"),
                                                  ("4430211", "差旅费"), ("6130299", "其他费用"))]
    w = _warnings({"tables": [{"id": "B06", "rows": rows}]})
    assert any("2130113 “住房公积金” reads as 21 + 30113" in x for x in w), w
    assert any("4 coded row(s) not judged" in x for x in w), w


def test_sentence_and_unit_rows_are_parse_warnings() -> None:
    rows = [{"code": "201", "name": "一般公共服务支出"}, {"code": "400", "name": "个系统效能评估，清理僵尸系统。"},
            {"code": "222", "name": "某市测绘局"}]
    w = _warnings({"unit": {"name": "某市测绘局"}, "tables": [{"id": "B04", "rows": rows}]})
    assert any("a sentence" in x and "the name of a unit" in x for x in w), w


def test_other_scheme_is_one_table_warning() -> None:
    rows = [{"code": c, "name": n} for c, n in (("30201", "办公费"), ("30202", "咨询费"), ("30203", "水费"),
                                                  ("30204", "电费"), ("30205", "邮电费"))]
    w = _warnings({"tables": [{"id": "B06", "rows": rows}]})
    assert any("another code scheme" in x for x in w), w


def test_uncertain_depth_is_a_parse_warning() -> None:
    rows = [{"code": "21011", "name": "行政事业单位医疗", "values": {"total": "5"}}, {"name": "事业单位医疗", "values": {"total": "5"}}]
    w = _warnings({"tables": [{"id": "B05", "columns": ["total"], "rows": rows}]})
    assert any("21011" in x and "depth not judged" in x for x in w), w


def test_no_code_warnings_when_no_code_rule_runs() -> None:
    rows = [{"code": "400", "name": "个系统效能评估，清理僵尸系统。"}]
    assert not [x for x in _warnings({"tables": [{"id": "B04", "rows": rows}]}, ["BL101"]) if x.startswith("codes")]


def test_local_subdivision_reading() -> None:
    data = load(2025)
    tc = read_codes([(1, "3010301", "公务员基础绩效奖"), (2, "3030203", "咨询费"), (3, "30101", "基本工资3,000.00")], data)
    assert (tc.rows[1].status, tc.rows[1].parent) == ("local", "30103")
    assert tc.rows[2].status == "doubt" and "30 + 30203" in (tc.rows[2].doubt or "")
    assert tc.rows[3].status == "known" and not tc.rows[3].compare and tc.rows[3].printed == "基本工资"


def test_figure_leading_a_sentence_is_no_code_prefix() -> None:
    assert split_code_prefix("400个全市信息化项目的立项、备案、验收工作，推广应用")[0] is None
    assert split_code_prefix("440万元。")[0] is None
    assert split_code_prefix("30310个人农业生产补贴") == ("30310", "个人农业生产补贴")
    assert split_code_prefix("201 03 一般公共服务支出") == ("20103", "一般公共服务支出")
