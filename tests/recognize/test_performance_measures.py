"""Target/actual values of performance indicators parsed into comparator + number + unit."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetlens.recognize.measures import comparator_word, is_unit_word, join_measure, parse_measure, tidy


@pytest.mark.parametrize(
    ("text", "normalised", "comparator", "value", "unit"),
    [
        (">=90%", ">=90%", ">=", "90", "%"),
        ("＜=2 小时", "<=2小时", "<=", "2", "小时"),
        ("≥15 个", ">=15个", ">=", "15", "个"),
        ("=1套", "=1套", "=", "1", "套"),
        ("1500台", "1500台", None, "1500", "台"),
        ("<=7万元", "<=7万元", "<=", "7", "万元"),
        ("=100.07分", "=100.07分", "=", "100.07", "分"),
        ("779 毫秒", "779毫秒", None, "779", "毫秒"),
        ("> =90%", ">=90%", ">=", "90", "%"),
        ("<=525 元/ 月", "<=525元/月", "<=", "525", "元/月"),
        (">=98", ">=98", ">=", "98", None),
        ("不低于95%", "不低于95%", ">=", "95", "%"),
        ("90%以上", "90%以上", ">=", "90", "%"),
        ("=0.0158万元", "=0.0158万元", "=", "0.0158", "万元"),
        (">=1400TB", ">=1400TB", ">=", "1400", "TB"),
    ],
)
def test_quantitative(text: str, normalised: str, comparator: str | None, value: str, unit: str | None) -> None:
    m = parse_measure(text)
    assert m is not None
    assert m.text == normalised
    assert m.comparator == comparator
    assert m.value == Decimal(value)
    assert m.unit == unit
    assert m.qualitative is None


@pytest.mark.parametrize(
    ("text", "date", "comparator"),
    [
        ("2024年12月31日", "2024-12-31", None),
        ("2024年12月1日前", "2024-12-01", "<="),
        ("=2024年12月10日", "2024-12-10", "="),
        ("2024年11月", "2024-11", None),
        ("12月底前", "--12", "<="),
    ],
)
def test_dates(text: str, date: str, comparator: str | None) -> None:
    m = parse_measure(text)
    assert m is not None
    assert m.date == date
    assert m.unit == "date"
    assert m.comparator == comparator
    assert m.value is None


@pytest.mark.parametrize("text", ["完全达到预期", "有效保障", "达到预期指标", "完全实现构建统一云平台，为数字政府建设夯实基础。"])
def test_qualitative(text: str) -> None:
    m = parse_measure(text)
    assert m is not None
    assert m.qualitative == text
    assert m.value is None


@pytest.mark.parametrize("text", ["", "-", "—", "/", "  "])
def test_blank(text: str) -> None:
    assert parse_measure(text) is None


def test_tidy_keeps_spaces_between_latin_words_only() -> None:
    assert tidy("最多跑一次 EMS 邮寄费用") == "最多跑一次EMS邮寄费用"
    assert tidy("IP v6 地址") == "IP v6地址"
    assert tidy("2024 年信息化运维项目") == "2024年信息化运维项目"


def test_comparator_column_words() -> None:
    assert comparator_word("≥") == ">="
    assert comparator_word("＜＝") == "<="
    assert comparator_word("=") == "="
    assert comparator_word("定性") == ""
    assert comparator_word("反向指标") == "<="
    assert comparator_word("不低于") == ">="
    assert comparator_word("个") is None
    assert comparator_word("提高") is None


def test_unit_column_words() -> None:
    assert is_unit_word("万元")
    assert is_unit_word("%")
    assert is_unit_word("元/人")
    assert not is_unit_word("≥")
    assert not is_unit_word("30")
    assert not is_unit_word("按完成比例赋分")


def test_join_measure_from_three_columns() -> None:
    m = parse_measure(join_measure("≥", "40", "个"))
    assert m is not None and (m.comparator, m.value, m.unit) == (">=", Decimal("40"), "个")
    # a value that prints its own comparator and unit keeps them
    m = parse_measure(join_measure("≤", "<=12月", "月"))
    assert m is not None and (m.comparator, m.value, m.unit) == ("<=", Decimal("12"), "月")
    # 定性: the words as printed, no comparator, no unit
    m = parse_measure(join_measure("定性", "明显提升", ""))
    assert m is not None and m.qualitative == "明显提升" and m.comparator is None
    assert join_measure("≥", "", "个") == ""
