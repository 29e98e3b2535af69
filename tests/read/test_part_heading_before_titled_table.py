"""A part heading that names the tables (第三部分 2024年度部门决算表) above a table that prints its
own title: the heading is a paragraph, the table is read under its own title (PDF text layout).
A section heading that is itself the title (一、支出决算表) still titles the table below it."""

from __future__ import annotations

import pytest

from budgetlens.read.text import parse_text
from budgetlens.recognize import recognize

BODY = """青石镇文化站2024年度部门决算
第二部分 2024年度部门决算情况说明
一、支出决算情况说明
2024年度本年支出合计88.00万元，其中：基本支出60.00万元，项目支出28.00万元。
{heading}
{title}
编制单位：青石镇文化站 单位：万元
项目 本年支出合计 基本支出 项目支出 上缴上级支出 经营支出 对附属单位补助支出
科目编码 科目名称
合计 88.00 60.00 28.00 0.00 0.00 0.00
207 文化旅游体育与传媒支出 88.00 60.00 28.00 0.00 0.00 0.00
20701 文化和旅游 88.00 60.00 28.00 0.00 0.00 0.00
2070101 行政运行 60.00 60.00 0.00 0.00 0.00 0.00
2070109 群众文化 28.00 0.00 28.00 0.00 0.00 0.00
"""


@pytest.mark.parametrize(
    ("heading", "title"),
    [
        ("第三部分 2024年度部门决算表", "支出决算表"),
        ("第三部分 2024年度部门决算表", "一、支出决算表"),
        ("第三部分 部门决算公开表", "表3 支出决算表"),
        ("", "支出决算表"),
        ("", "三、支出决算表"),
    ],
)
def test_the_table_is_read_under_its_own_title(heading: str, title: str) -> None:
    doc = recognize(parse_text(BODY.format(heading=heading, title=title)))
    assert [t.id for t in doc.tables] == ["F03"]
    table = doc.tables[0]
    assert "支出决算表" in table.title
    assert "部分" not in table.title
    assert len(table.rows) == 5
