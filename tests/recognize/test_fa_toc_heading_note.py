"""A body heading that carries a bracketed note after its title (a template's instruction left in,
or a remark: ``二、部门决算单位构成（仅有一个单位的部门，本部分内容为“机构设置”）``) is the section
the 目录 lists without the note; a short qualifier in brackets still tells two sections apart."""

from __future__ import annotations

from budgetlens.check import check_documents
from budgetlens.read.text import parse_text
from budgetlens.recognize import recognize
from budgetlens.recognize.toc import section_key

DOC = """云溪县档案局2024年度部门决算
目录
第一部分 部门概况
一、主要职能
二、部门决算单位构成
第二部分 其他说明
一、名词解释
第一部分 部门概况
一、主要职能
云溪县档案局负责全县档案的收集和保管工作。
二、部门决算单位构成（仅有一个单位的部门，本部分内容为“机构设置”）
纳入本部门2024年度部门决算编制范围的单位为云溪县档案局本级。
第二部分 其他说明
一、名词解释
财政拨款收入：指本年度从本级财政部门取得的财政拨款。
"""


def test_heading_with_a_bracketed_note_is_the_listed_section() -> None:
    source = parse_text(DOC, "fa_toc_note.txt")
    doc = recognize(source)
    entries = {e.title: e.present for e in doc.toc}
    assert entries.get("部门决算单位构成") is True, entries
    report = check_documents([doc], select=["BL104"], sources=[source])
    assert not report.findings, [f.message for f in report.findings]


def test_a_short_qualifier_still_tells_sections_apart() -> None:
    assert section_key("一般公共预算支出（按功能分类）") != section_key("一般公共预算支出（按经济分类）")
    assert section_key("二、部门决算单位构成（仅有一个单位的部门，本部分内容为“机构设置”）") == section_key("二、部门决算单位构成")
