"""Each scoring formula on small inline examples, under each shipped profile."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from budgetlens.i18n import use_lang
from budgetlens.model.performance import FundingRow, Indicator, Measure, PerformanceTable
from budgetlens.model.source import Location
from budgetlens.score import AGREE, DIFFER, UNSCORED, get_profile, score_indicator, score_table
from budgetlens.score.engine import agrees, score_execution
from budgetlens.score.measure import DateValue, Qualitative, Quantity, parse_text
from budgetlens.score.profile import UnknownProfileError

HERE = Location(file="inline", line=1)


def ind(target: str, actual: str, weight: str = "10", score: str | None = None, rate: str | None = None,
        rule: str | None = None, level1: str = "产出指标", level2: str = "数量指标") -> Indicator:
    return Indicator(
        level1=level1, level2=level2, name="指标", location=HERE, weight=D(weight),
        target=Measure(text=target), actual=Measure(text=actual),
        completion_rate=None if rate is None else D(rate),
        stated_score=None if score is None else D(score), rule=rule,
    )


NATIONAL = get_profile("national")
DEVIATION = get_profile("national-deviation")
XINJIANG = get_profile("xinjiang")


# --------------------------------------------------------------------------- reading values


@pytest.mark.parametrize(
    ("text", "comparator", "value", "unit"),
    [
        (">=90%", ">=", "90", "%"),
        ("≥15 个", ">=", "15", "个"),
        ("<=5 秒", "<=", "5", "秒"),
        ("=1,535.81万元", "=", "1535.81", "万元"),
        ("不低于95%", ">=", "95", "%"),
        ("30万元以内", "<=", "30", "万元"),
        ("1500台", None, "1500", "台"),
        (">=4次/月", ">=", "4", "次/月"),
    ],
)
def test_quantities_are_read(text: str, comparator: str | None, value: str, unit: str) -> None:
    q = parse_text(text)
    assert isinstance(q, Quantity)
    assert (q.comparator, q.value, q.unit) == (comparator, D(value), unit)


def test_dates_and_qualitative_text_are_read() -> None:
    d = parse_text("2024年12月1日前")
    assert isinstance(d, DateValue) and d.day.isoformat() == "2024-12-01"
    month = parse_text("2024年11月")
    assert isinstance(month, DateValue) and month.day.isoformat() == "2024-11-30"
    q = parse_text("达到预期指标")
    assert isinstance(q, Qualitative) and q.text == "达到预期指标"


# --------------------------------------------------------------------------- national


def test_national_met_target_gets_full_marks_and_overshoot_is_capped() -> None:
    s = score_indicator(ind(">=90%", "=100%", "5", score="5"), NATIONAL)
    assert s.recomputed == D(5) and s.status == AGREE
    assert s.computed_rate is not None and s.computed_rate.quantize(D("0.01")) == D("111.11")


def test_national_shortfall_is_proportional() -> None:
    s = score_indicator(ind(">=1300台", "=1271台", score="9.78"), NATIONAL)
    assert s.recomputed == D("9.78") and s.status == AGREE
    assert "1271台 ÷ 1300台" in s.formula and "= 9.78" in s.formula


def test_national_lower_is_better_met_and_missed() -> None:
    met = score_indicator(ind("<=10%", "=0%", score="10", level2="质量指标"), NATIONAL)
    assert met.recomputed == D(10) and met.status == AGREE
    missed = score_indicator(ind("<=2小时", "=4小时", level2="时效指标"), NATIONAL)
    assert missed.recomputed == D(5)  # target ÷ actual = 50 %


def test_units_are_converted_before_comparing() -> None:
    s = score_indicator(ind("<=5 秒", "779 毫秒", score="10", level2="时效指标"), NATIONAL)
    assert s.recomputed == D(10) and s.status == AGREE


def test_cost_underspend_is_met_nationally() -> None:
    s = score_indicator(ind("<=13万元", "=3.87万元", "1", level1="成本指标", level2="经济成本指标"), NATIONAL)
    assert s.recomputed == D(1)


def test_one_cent_error_is_a_difference_and_rounding_is_not() -> None:
    assert score_indicator(ind(">=1300台", "=1271台", score="9.77"), NATIONAL).status == DIFFER
    assert score_indicator(ind(">=1300台", "=1271台", score="9.78"), NATIONAL).status == AGREE
    assert agrees(D("4.45"), D("4.445"), D("4.445"))
    assert not agrees(D("4.45"), D("4.4444"), D("4.4444"))


def test_qualitative_grades_in_bands() -> None:
    full = score_indicator(ind("提高", "达到预期指标", "30", score="30"), NATIONAL)
    assert full.status == AGREE and full.grade == "达成年度指标"
    basic = score_indicator(ind("完全实现", "基本达到预期效果", "30", score="21"), NATIONAL)
    assert basic.status == AGREE and basic.grade == "部分达成年度指标并具有一定效果"
    assert (basic.low, basic.high) == (D(18), D(24))
    too_high = score_indicator(ind("完全实现", "基本达到预期效果", "30", score="30"), NATIONAL)
    assert too_high.status == DIFFER and too_high.recomputed == D(24)
    missed = score_indicator(ind("提高", "未达到预期", "30", score="25"), NATIONAL)
    assert missed.status == DIFFER


def test_dates_are_met_or_late() -> None:
    met = score_indicator(ind("2024年12月31日", "=2024年12月10日", score="10", rule="直接赋分"), NATIONAL)
    assert met.recomputed == D(10) and met.status == AGREE
    late = score_indicator(ind("2024年12月1日前", "2025年1月5日", score="10"), NATIONAL)
    assert late.recomputed == D(0) and late.status == DIFFER


def test_zero_weight_and_missing_values() -> None:
    assert score_indicator(ind(">=95%", "=100%", "0", score="0"), NATIONAL).status == AGREE
    empty = Indicator(level1="产出指标", level2="数量指标", name="x", location=HERE, weight=D(5))
    assert score_indicator(empty, NATIONAL).status == UNSCORED


# --------------------------------------------------------------------------- deviation


def test_national_deviation_deducts_overshoot() -> None:
    s = score_indicator(ind(">=250个", "=258个"), DEVIATION)
    assert s.recomputed == D("9.68")  # 10 × (1 − 3.2 %)
    assert "10 × (1 − (103.2% − 100%))" in s.formula


# --------------------------------------------------------------------------- xinjiang


def test_xinjiang_overshoot_deduction_from_printed_rate() -> None:
    s = score_indicator(ind(">=90%", "=100%", "5", score="4.45", rate="111", rule="按照完成比例赋分"), XINJIANG)
    assert s.status == AGREE and s.recomputed == D("4.45")
    assert s.formula == "5 × (1 − (111% − 100%)) = 4.45"
    twice = score_indicator(ind("=1套", "=2套", score="0", rate="200", rule="按照完成比例赋分"), XINJIANG)
    assert twice.status == AGREE and twice.recomputed == D(0)


def test_xinjiang_shortfall_falls_linearly_from_100_to_60_percent() -> None:
    s = score_indicator(ind("=39人", "=38人", "7", score="6.48", rate="97", rule="按照完成比例赋分"), XINJIANG)
    assert s.status == AGREE and s.formula == "7 × (97% − 60%) ÷ 40% = 6.48"
    low = score_indicator(ind(">=285万条", "=93.84万条", "7", score="0", rate="33", rule="按照完成比例赋分"), XINJIANG)
    assert low.status == AGREE and low.recomputed == D(0)
    # the national reading of the same row differs
    assert score_indicator(ind("=39人", "=38人", "7", score="6.48", rate="97"), NATIONAL).status == DIFFER


def test_xinjiang_counts_cost_targets_as_spending() -> None:
    row = ind("<=6.50万元", "=5.84万元", "1", score="0.75", rate="90", rule="按照完成比例赋分",
              level1="成本指标", level2="经济成本指标")
    s = score_indicator(row, XINJIANG)
    assert s.status == AGREE and s.rate_agrees is True
    assert score_indicator(row, NATIONAL).status == DIFFER


def test_xinjiang_graded_and_satisfaction_rules_do_not_deduct() -> None:
    graded = score_indicator(ind(">=90%", "=100%", score="10", rate="111", rule="按评判等级赋分"), XINJIANG)
    assert graded.status == AGREE and graded.method == "graded"
    sat = score_indicator(ind(">=90%", "=100%", score="10", rate="111.11", rule="满意度赋分"), XINJIANG)
    assert sat.status == AGREE and sat.method == "satisfaction"
    partial = score_indicator(ind(">=90%", "=70%", "7", score="4.2", rate="78", rule="按评判等级赋分"), XINJIANG)
    assert partial.status == AGREE and (partial.low, partial.high) == (D("4.2"), D("5.6"))


def test_xinjiang_rows_without_a_rule_are_scored_nationally() -> None:
    s = score_indicator(ind(">=1350台", "=1502台", score="10"), XINJIANG)
    assert s.method == "unstated" and s.status == AGREE


def test_printed_rate_is_checked_against_the_figures() -> None:
    s = score_indicator(ind(">=10个", "=11个", score="8.9", rate="111", rule="按照完成比例赋分"), XINJIANG)
    assert s.status == AGREE and s.rate_agrees is False
    ok = score_indicator(ind(">=90%", "=100%", score="8.9", rate="111", rule="按照完成比例赋分"), XINJIANG)
    assert ok.rate_agrees is True


# --------------------------------------------------------------------------- execution and totals


def table(level: str, annual: str, executed: str, rate: str, score: str, *indicators: Indicator,
          total: str | None = None) -> PerformanceTable:
    t = PerformanceTable(table_kind="self_evaluation", level=level, title="项目支出绩效自评表", location=HERE,
                         name="项目", stated_total=None if total is None else D(total))
    t.funding.append(FundingRow(label="年度资金总额", location=HERE, annual_budget=D(annual), executed=D(executed),
                                weight=D(10), execution_rate=D(rate), score=D(score)))
    t.indicators.extend(indicators)
    return t


def test_execution_proportional_nationally() -> None:
    e = score_execution(table("unit", "579.00", "564.71", "97.53", "9.75"), NATIONAL)
    assert e is not None and e.recomputed == D("9.75") and e.status == AGREE
    with use_lang("en"):
        assert e.formula == "564.71 ÷ 579 = 97.53%; 10 × min(97.53%, 100%) = 9.75"
    with use_lang("zh"):
        assert e.formula == "564.71 ÷ 579 = 97.53%；10 × min(97.53%, 100%) = 9.75"


def test_execution_xinjiang_project_linear_and_unit_cut() -> None:
    e = score_execution(table("project", "260.00", "185.34", "71.28", "2.82"), XINJIANG)
    assert e is not None and e.status == AGREE and e.recomputed == D("2.82")
    nat = score_execution(table("project", "260.00", "185.34", "71.28", "2.82"), NATIONAL)
    assert nat is not None and nat.status == DIFFER and nat.recomputed == D("7.13")


def test_unit_execution_uses_the_total_row_and_cuts() -> None:
    t = PerformanceTable(table_kind="self_evaluation", level="unit", title="单位整体支出绩效自评表", location=HERE)
    t.funding = [
        FundingRow(label="上级资金", location=HERE, annual_budget=D(0), executed=D(0), weight=D(10),
                   execution_rate=D("95.18"), score=D("9.51")),
        FundingRow(label="本级资金", location=HERE, annual_budget=D("1675.38"), executed=D("1590.48")),
        FundingRow(label="合计", location=HERE, annual_budget=D("1762.50"), executed=D("1677.60")),
    ]
    xj = score_execution(t, XINJIANG)
    assert xj is not None and xj.status == AGREE and xj.recomputed == D("9.51")
    nat = score_execution(t, NATIONAL)
    assert nat is not None and nat.status == DIFFER and nat.recomputed == D("9.52")


def test_table_total_and_computed_scores_are_set() -> None:
    rows = [ind(">=90%", "=100%", "45", score="40.05", rate="111", rule="按照完成比例赋分"),
            ind("提高", "达到预期指标", "45", score="45", rule="按评判等级赋分")]
    t = table("project", "12.00", "12.00", "100.00", "10.00", *rows, total="95.05")
    result = score_table(t, XINJIANG)
    assert result.total_status == AGREE and result.sum_agrees is True
    assert t.computed_score == D("95.05") and rows[0].computed_score == D("40.05")
    assert result.weight_sum == D(100)
    wrong = table("project", "12.00", "12.00", "100.00", "10.00", *rows, total="96.05")
    result = score_table(wrong, XINJIANG)
    assert result.total_status == DIFFER and result.sum_agrees is False


def test_target_tables_are_not_scored() -> None:
    t = PerformanceTable(table_kind="target", level="project", title="项目支出绩效目标表", location=HERE)
    assert score_table(t, NATIONAL).items() == []


def test_unknown_profile() -> None:
    with pytest.raises(UnknownProfileError):
        get_profile("nowhere")


def test_formulas_and_notes_speak_both_languages() -> None:
    """A formula is kept as a message and read in the reader's language: the words change, the
    computation does not."""
    ind = Indicator(level1="产出指标", level2="数量指标", name="培训人次", weight=D(10),
                    target=Measure(text=">=10人次", value=D(10), unit="人次", comparator=">="),
                    actual=Measure(text="12人次", value=D(12), unit="人次"), stated_score=D(10),
                    location=Location())
    s = score_indicator(ind, get_profile("national"))
    with use_lang("zh"):
        zh = s.formula
    with use_lang("en"):
        en = s.formula
    assert "12人次 ÷ 10人次 = 120%" in zh and "12人次 ÷ 10人次 = 120%" in en
    assert "得满分10" in zh and "full marks" not in zh
    assert "full marks 10" in en
    unscored = score_indicator(Indicator(level1="产出指标", level2="数量指标", name="x", weight=None,
                                         location=Location()), get_profile("national"))
    with use_lang("zh"):
        assert unscored.formula == "未填权重（分值）"
    with use_lang("en"):
        assert unscored.formula == "no weight"
