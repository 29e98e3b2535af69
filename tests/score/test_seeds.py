"""The seeds' own stated scores, recomputed. Under `xinjiang` every stated score is reproduced except
the documents' own inconsistencies, listed here with the reasoning (see docs/scoring.md)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from budgetlens.score import DIFFER, ExecutionScore, choose_profile, get_profile, score_table

from .seed_tables import seed_tables

# (seed prefix, table name, row name) → (stated, recomputed) of each score that differs under xinjiang.
XINJIANG_DIFFERENCES = {
    # 99.94 % execution scored 10.00; the 60–100 % line gives 9.985 (and 10 × 99.94 % gives 9.99)
    ("003", "昌吉州政资中心交易大厅家具采购/昌吉州公共资源交易信息化建设", "年度资金总额"): (D("10.00"), D("9.99")),
    # 257 of 360 days scored 3.5 of 5; proportional, as the same table scores 1271/1300 → 9.78, gives 3.57
    ("004", "2024 年度乌鲁木齐市政务云服务项目", "7*24小时运维保障服务响应"): (D("3.5"), D("3.57")),
}
# tables whose stated total differs under xinjiang (it inherits the 3.5 above)
XINJIANG_TOTAL_DIFFERENCES = {("004", "2024 年度乌鲁木齐市政务云服务项目")}
# printed 完成率 that do not match actual ÷ target
RATE_DIFFERENCES = {
    ("003", "快递费", "寄件关联业务数量"),  # 11 ÷ 10 printed as 111 %
    ("003", "机构运行补助（自有资金）", "办公费用成本"),  # 3.87 ÷ 13 = 29.77 % printed as 22 %
    ("003", "昌吉州政资中心交易大厅家具采购/昌吉州公共资源交易信息化建设", "公共资源交易信息化建设成本"),  # 99.99 % as 99 %
}

MEASURED = {  # profile → (stated scores reproduced, compared, totals reproduced, totals compared)
    "xinjiang": (233, 235, 21, 22),
    "national": (206, 235, 10, 22),
    "national-deviation": (190, 235, 7, 22),
}


def _run(profile_name: str) -> tuple[set[tuple[str, str, str]], set[tuple[str, str]], set[tuple[str, str, str]],
                                     tuple[int, int, int, int], dict[tuple[str, str, str], tuple[D, D]]]:
    profile = get_profile(profile_name)
    diffs: dict[tuple[str, str, str], tuple[D, D]] = {}
    totals: set[tuple[str, str]] = set()
    rates: set[tuple[str, str, str]] = set()
    agree = compared = t_agree = t_compared = 0
    for file, tables in seed_tables().items():
        for t in tables:
            r = score_table(t, profile)
            agree += r.agreeing
            compared += r.compared
            for item in r.items():
                row = item.label if isinstance(item, ExecutionScore) else item.indicator.name
                key = (file[:3], t.name, row)
                if item.status == DIFFER:
                    assert item.stated is not None and item.recomputed is not None
                    diffs[key] = (item.stated, item.recomputed)
                if item.rate_agrees is False:
                    rates.add(key)
            if r.total_status in ("agree", "differ"):
                t_compared += 1
                t_agree += r.total_status == "agree"
                if r.total_status == "differ":
                    totals.add((file[:3], t.name))
            assert r.sum_agrees is not False, f"{file} {t.name}: stated total ≠ Σ stated scores"
    return set(diffs), totals, rates, (agree, compared, t_agree, t_compared), diffs


def test_xinjiang_reproduces_the_seeds_except_their_inconsistencies() -> None:
    _keys, totals, rates, counts, diffs = _run("xinjiang")
    assert diffs == XINJIANG_DIFFERENCES
    assert totals == XINJIANG_TOTAL_DIFFERENCES
    assert rates == RATE_DIFFERENCES
    assert counts == MEASURED["xinjiang"]


@pytest.mark.parametrize("profile", ["national", "national-deviation"])
def test_other_profiles_measured(profile: str) -> None:
    assert _run(profile)[3] == MEASURED[profile]


def test_national_disagrees_where_the_seeds_deduct_overshoot() -> None:
    keys = _run("national")[0]
    assert ("000", "政府网站等保测评和运维经费", "州政府网站各类安全防护完成率") in keys  # 111 % → 4.45
    assert ("000", "昌吉州统一政务云密码服务支撑系统平台运行维护费", "系统开发维护数量") in keys  # 200 % → 0


def test_the_fitting_profile_is_chosen() -> None:
    for file, tables in seed_tables().items():
        choice = choose_profile(tables, unit_name=tables[0].name)
        assert choice.profile.name == "xinjiang", file
        assert "xinjiang" in choice.reason


def test_other_regions_default_to_national() -> None:
    tables = seed_tables()["004_33d4073ebed26414.txt"]
    for t in tables:
        t.name, t.department, t.implementer = "某项目", "上海市某局", "上海市某局"
    choice = choose_profile(tables, unit_name="上海市某局")
    assert choice.profile.name == "national"
