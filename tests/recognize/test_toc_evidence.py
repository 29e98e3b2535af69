"""Absence needs positive evidence: the 目录 and the printed body of small documents written for
these tests (own unit and figures), read as a PDF page would give them (one block per printed line,
grids with their page and table index).

- A table listed in the 目录 whose title is printed in the body but whose grid the reader could not
  take is a parse warning, never a missing table (BL102) or a missing entry (BL104).
- A file that is only the text part, its tables published as an attachment (见附表), gets a parse
  warning and no finding.
- A table listed and printed nowhere is a finding.
- A table whose printed grid holds figures is not empty (BL105) even when the reader took none;
  one printed empty is explained by a note under it or by a sentence anywhere in the text.
"""

from __future__ import annotations

from budgetlens.check import check_documents
from budgetlens.model import Cell, Disclosure, Grid, Location, Paragraph, Source
from budgetlens.recognize import recognize
from budgetlens.recognize.toc import clean_entry, section_key

COVER = ["临川市河道管理处", "2025年度部门预算", "目录"]
TOC = [
    "一、部门概况........................2",
    "二、部门预算表......................3",
    "（一）收支总表......................3  （二）收入总表......................4",
    "（三）支出总表......................5",
]
BODY_HEAD = [
    "一、部门概况",
    "临川市河道管理处负责全市河道的日常养护。",
    "二、部门预算表",
]


def _source(pages: list[list[str | list[list[str]]]]) -> Source:
    """Pages of printed lines; a list of rows is a ruled grid."""
    blocks: list[Paragraph | Grid] = []
    for page_no, page in enumerate(pages, start=1):
        table = 0
        for item in page:
            if isinstance(item, str):
                blocks.append(Paragraph(text=item, location=Location(file="t.pdf", page=page_no)))
            else:
                loc = Location(file="t.pdf", page=page_no, table=table)
                rows = [[Cell(text=c, location=loc) for c in row] for row in item]
                blocks.append(Grid(rows=rows, location=loc, layout="pdf-ruled"))
                table += 1
    return Source(path="t.pdf", format="pdf", blocks=blocks, pages=len(pages))


def _check(source: Source, *rules: str) -> tuple[Disclosure, list[tuple[str, str]]]:
    doc = recognize(source)
    report = check_documents([doc], select=list(rules), sources=[source])
    return doc, [(f.rule, f.message) for f in report.findings if f.rule in rules]


SUMMARY = [["收入", "预算数", "支出", "预算数"], ["一、一般公共预算拨款收入", "520.00", "一、农林水支出", "520.00"],
           ["收入总计", "520.00", "支出总计", "520.00"]]
INCOME = [["科目编码", "科目名称", "合计", "一般公共预算拨款收入"], ["213", "农林水支出", "520.00", "520.00"],
          ["", "合计", "520.00", "520.00"]]


def test_toc_line_is_cleaned_of_leader_dots_and_page_number() -> None:
    assert clean_entry("（一）主要职能....................................2") == "（一）主要职能"
    assert clean_entry("七、关于一般公共预算“三公”经费支出表的说明23") == "七、关于一般公共预算“三公”经费支出表的说明"
    assert clean_entry("表1 收支总表") == "表1收支总表"  # a table's number is not a page number


def test_section_titles_match_by_meaning() -> None:
    names = ["临川市河道管理处"]
    assert section_key("一、单位主要职能", names) == section_key("临川市河道管理处（单位）主要职责", names)
    assert section_key("（一）收支预算情况的总体说明", names) == section_key("（一）收支预算情况的总体说明（详见表1-3）", names)
    assert section_key("一般公共预算基本支出情况说明", names) != section_key("一般公共预算当年拨款情况说明", names)


def test_two_entries_on_one_line_and_all_found() -> None:
    pages: list[list[str | list[list[str]]]] = [
        COVER + TOC,
        [*BODY_HEAD, "表1 收支总表", "单位：万元", SUMMARY],
        ["表2 收入总表", "单位：万元", INCOME],
        ["表3 支出总表", "单位：万元",
         [["科目编码", "科目名称", "合计", "基本支出", "项目支出"], ["213", "农林水支出", "520.00", "400.00", "120.00"],
          ["", "合计", "520.00", "400.00", "120.00"]]],
    ]
    doc, found = _check(_source(pages), "BL102", "BL104")
    assert [(e.title, e.present) for e in doc.toc] == [
        ("部门概况", True), ("部门预算表", True), ("收支总表", True), ("收入总表", True), ("支出总表", True)]
    assert found == []


def test_table_printed_but_not_read_is_a_parse_warning() -> None:
    # 表3's figures are printed as loose lines the reader cannot place in a grid
    pages: list[list[str | list[list[str]]]] = [
        COVER + TOC,
        [*BODY_HEAD, "表1 收支总表", "单位：万元", SUMMARY],
        ["表2 收入总表", "单位：万元", INCOME],
        ["表3 支出总表", "单位：万元", "农林水支出 520.00 400.00 120.00"],
    ]
    doc, found = _check(_source(pages), "BL102", "BL104")
    assert doc.table("B03") is None
    assert found == []
    assert any("B03" in w and "printed" in w for w in doc.warnings), doc.warnings


def test_table_listed_and_printed_nowhere_is_a_finding() -> None:
    pages: list[list[str | list[list[str]]]] = [
        COVER + TOC,
        [*BODY_HEAD, "表1 收支总表", "单位：万元", SUMMARY],
        ["表2 收入总表", "单位：万元", INCOME],
    ]
    _, found = _check(_source(pages), "BL102", "BL104")
    rules = sorted(r for r, _ in found)
    assert rules == ["BL102", "BL104"], found
    assert any("B03" in m for r, m in found if r == "BL102")


def test_text_part_with_attached_tables_is_a_parse_warning() -> None:
    pages: list[list[str | list[list[str]]]] = [
        COVER + TOC,
        [*BODY_HEAD, "部门预算表见附表。"],
    ]
    doc, found = _check(_source(pages), "BL102", "BL104")
    assert found == []
    assert any("attachment" in w for w in doc.warnings), doc.warnings


FUND_HEAD = [["科目编码", "科目名称", "合计", "基本支出", "项目支出"]]


def _fund_pages(grid_rows: list[list[str]], after: list[str], text: str) -> list[list[str | list[list[str]]]]:
    return [
        ["临川市河道管理处", "2025年度部门预算", "一、部门概况", text],
        ["表1 收支总表", "单位：万元", SUMMARY],
        ["表8 政府性基金预算支出情况表", "单位：万元", FUND_HEAD + grid_rows, *after],
    ]


def test_full_grid_is_not_an_empty_table() -> None:
    # figures printed in cells the reader may not place: decided on the printed grid
    rows = [["212", "城乡社区支出", "35.00", "", "35.00"], ["", "合计", "35.00", "", "35.00"]]
    source = _source(_fund_pages(rows, [], "临川市河道管理处负责全市河道养护。"))
    doc = recognize(source)
    fund = doc.table("B08")
    assert fund is not None and fund.location.table is not None
    fund.rows = []  # as if the reader had taken nothing from it
    report = check_documents([doc], select=["BL105"], sources=[source])
    assert [f.rule for f in report.findings] == []
    # without the printed grid to look at, the same model is an unexplained empty table
    report = check_documents([doc], select=["BL105"], sources=[None])
    assert [f.rule for f in report.findings] == ["BL105"]


def test_empty_grid_needs_an_explanation() -> None:
    empty = [["", "合计", "", "", ""]]
    _, found = _check(_source(_fund_pages(empty, [], "临川市河道管理处负责全市河道养护。")), "BL105")
    assert [r for r, _ in found] == ["BL105"]
    _, found = _check(_source(_fund_pages(empty, ["注：本表本年无发生额。"], "临川市河道管理处负责全市河道养护。")), "BL105")
    assert found == []
    _, found = _check(_source(_fund_pages(empty, [], "本部门2025年政府性基金拨款支出预算为0。")), "BL105")
    assert found == []


def test_section_listed_and_absent_is_a_finding() -> None:
    toc = [*TOC[:1], "二、机构设置情况........................2", "三、名词解释........................3"]
    pages: list[list[str | list[list[str]]]] = [
        COVER + toc,
        ["一、部门概况", "临川市河道管理处负责全市河道的日常养护。", "二、机构设置情况", "临川市河道管理处内设3个科室。"],
    ]
    doc, found = _check(_source(pages), "BL104")
    assert [(e.title, e.present) for e in doc.toc] == [("部门概况", True), ("机构设置情况", True), ("名词解释", False)]
    assert [r for r, _ in found] == ["BL104"]


def test_toc_without_its_heading_word_and_part_title_not_in_the_text() -> None:
    # the word 目录 and the body's part title are printed as graphics: neither is in the text
    toc = ["第一部分 2025年度部门预算情况说明", "一、部门情况说明", "二、收入预算情况说明", "三、支出预算情况说明",
           "四、名词解释", "五、其他情况说明"]
    pages: list[list[str | list[list[str]]]] = [
        ["临川市河道管理处", *toc],
        ["2025", "一、部门情况说明", "临川市河道管理处负责全市河道的日常养护。", "二、收入预算情况说明",
         "2025年收入预算520.00万元。", "三、支出预算情况说明", "2025年支出预算520.00万元。", "四、名词解释",
         "基本支出：指保障机构运转的支出。"],
    ]
    doc, found = _check(_source(pages), "BL104")
    assert [(e.title, e.present) for e in doc.toc] == [
        ("2025年度部门预算情况说明", None), ("部门情况说明", True), ("收入预算情况说明", True),
        ("支出预算情况说明", True), ("名词解释", True), ("其他情况说明", False)]
    assert [r for r, _ in found] == ["BL104"]  # only the section printed nowhere
    assert all(h.location.page == 2 for h in doc.headings)  # the 目录 lines are not headings
