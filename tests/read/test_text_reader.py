"""The text reader: layouts per region, wrapped lines, normalisation, encodings, bad input."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from budgetlens.errors import InputError
from budgetlens.i18n import use_lang
from budgetlens.model import Grid, Paragraph
from budgetlens.read import read_source
from budgetlens.read.text import parse_text


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """These tests compare the readers' English wording (tests/test_i18n_errors.py has both languages)."""
    with use_lang("en"):
        yield


def grids(text: str) -> list[Grid]:
    return [b for b in parse_text(text).blocks if isinstance(b, Grid)]


def paras(text: str) -> list[str]:
    return [b.text for b in parse_text(text).blocks if isinstance(b, Paragraph)]


def test_cells_layout_rows_split_on_blank_lines_and_title_rows() -> None:
    text = "说明。\n\n\n\t项目支出绩效自评表\n\n\t(2024年度)\n\n\t项目名称\n\t某项目\n\n\t\n\t其他资金\n\t0.00\n\n\n\t项目支出绩效自评表\n\n\t项目名称\n\t另一个\n"
    gs = grids(text)
    assert [len(g.rows) for g in gs] == [4, 2]
    assert gs[0].layout == "cells"
    assert gs[0].texts()[3] == ["", "其他资金", "0.00"]
    assert gs[0].rows[2][1].location.line == 9


def test_cells_layout_cell_with_stray_tabs_is_one_cell() -> None:
    text = "\t目标\n\t完成情况\n\n\t\n\t前半，\t后半。\n"
    (g,) = grids(text)
    assert g.texts() == [["目标", "完成情况"], ["", "前半，后半。"]]


def test_tabs_layout_merges_wrapped_continuation_lines() -> None:
    text = (
        "\t一级指标\t二级指标\t三级指标\t指标值\t分值\n"
        "\t产出指标\t数量指标\t一体化服\t<=5 秒\t10\n"
        "\t\t\t务平台响应时间\t\t\n"
        "合计\t\t\t\t100\n"
    )
    (g,) = grids(text)
    assert g.layout == "tabs"
    assert g.texts()[1][3] == "一体化服务平台响应时间"
    assert g.texts()[2][0] == "合计"


def test_tabs_layout_does_not_merge_label_rows() -> None:
    text = "内容\t合计\t资金来源\t\t\n\t\t一般公共预算\t政府性基金\t国有资本经营预算\n合计\t\t\t\t\n因公出国（境）费\t\t\t\t\n"
    (g,) = grids(text)
    assert [r[0] for r in g.texts()] == ["内容", "", "合计", "因公出国（境）费"]


def test_spaces_layout_table_found_by_title_and_read_unaligned() -> None:
    text = (
        "第二部分 预算公开表\n表 3\n部门支出总体情况表\n编制部门：某单位 单位：万元\n"
        "总计 604.13 364.13 240.00\n201 一般公共服务支出 500.80 260.80 240.00\n"
        "第三部分 情况说明\n收支总预算 604.13 万元。\n"
    )
    (g,) = grids(text)
    assert not g.aligned
    assert g.texts()[-1] == ["201", "一般公共服务支出", "500.80", "260.80", "240.00"]
    assert paras(text)[-1] == "收支总预算 604.13 万元。"


def test_wrapped_sentence_joined_and_heading_kept() -> None:
    text = "一、 主要职能\n负责全州政府系统有关电子\n政务的组织工作。\n二、 机构设置及人员情况\n"
    assert paras(text) == ["一、 主要职能", "负责全州政府系统有关电子政务的组织工作。", "二、 机构设置及人员情况"]


def test_wrapped_heading_joined_once() -> None:
    text = "一、 关于某某单位 2024 年收支预算情况的总体情况和有关\n说明\n按照全口径预算的原则，所有收入纳入管理。\n"
    assert paras(text)[0].endswith("有关说明")
    assert paras(text)[1].startswith("按照")


def test_label_lines_stay_apart() -> None:
    text = "预算安排规模：140.00 万元\n项目承担单位：某单位\n"
    assert paras(text) == ["预算安排规模：140.00 万元", "项目承担单位：某单位"]


def test_markup_widths_and_radicals_normalised() -> None:
    (p,) = paras("- **人员经费 480.31 万元**，部⻔<p>预算１２％</p>。\n")
    assert p == "人员经费 480.31 万元，部门 预算12% 。"


def test_gb18030_file_is_decoded(tmp_path: Path) -> None:
    f = tmp_path / "gbk.txt"
    f.write_bytes("第一部分 单位概况\n本年收入564.87万元。\n".encode("gb18030"))
    src = read_source(f)
    assert any("本年收入" in b.text for b in src.blocks if isinstance(b, Paragraph))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"\x00\x01\x02binary\x00", "binary"),
        (b"   \n\n  \n", "no text"),
    ],
)
def test_bad_input_gets_a_clear_error(tmp_path: Path, content: bytes, message: str) -> None:
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    with pytest.raises(InputError) as exc:
        read_source(f)
    assert message in exc.value.message
    assert str(f) in exc.value.message


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_source(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="directory"):
        read_source(tmp_path)
