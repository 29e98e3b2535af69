"""Generate docs/scoring.md from the profiles themselves: ``python -m budgetlens.score.docs > docs/scoring.md``.

A test compares the committed page with this output, so the page cannot drift from the data.
"""

from __future__ import annotations

import sys

from budgetlens.score.engine import fmt
from budgetlens.score.profile import ExecutionRule, Method, Profile, load_profiles

INTRO = """\
# Performance scoring

`budgetlens score FILE [--profile NAME] [--format text|json]` recomputes every score of every
绩效自评表 in a disclosure — each indicator, the 预算执行率 row and the table total — and shows the
stated score next to the recomputed one with the formula used. Exit code 1 means some stated score
or total differs from its recomputation.

*This page is generated from `src/budgetlens/data/scoring/*.yaml` by
`python -m budgetlens.score.docs > docs/scoring.md`; a test fails when it is stale.*

## How a stated score is compared

Published figures are rounded. A recomputed score is therefore an interval: the amounts behind an
执行率 are taken as ±0.005 万元, a decimal actual or target value (`=93.84万条`) as ± half its last
digit, integers (counts, set targets) as exact. Where a profile scores from the printed 完成率 the
printed rate is the input, exactly as the document used it (97 % → 7 × (97 % − 60 %) ÷ 40 % = 6.475,
printed 6.48), and whether that printed rate matches actual ÷ target is reported separately
(`rate_agrees`). A stated score agrees when its own rounding interval (at least ±0.005, since tables
print `10` and `8.9` for 10.00 and 8.90) meets the recomputed interval. A profile whose documents
cut rather than round a score says so (`rounding: down`).

Graded (qualitative) indicators have a band, not a point: a stated score inside the band agrees,
and counts at its stated value in the recomputed total; outside, the nearest band edge is used.
The total agrees when the stated total meets the sum of the recomputed intervals, or equals the
recomputed scores rounded as a table prints them. Independently of any profile, the report says
whether the stated total equals the sum of the stated scores (`sum_agrees`).

## Choosing a profile

Without `--profile`, the candidates are the profiles marked *automatic* plus each regional profile
whose region words occur in the unit name, the document title or a table's 项目名称 / 主管部门 /
实施单位. Every candidate recomputes the document's stated scores and the one under which most of
them agree — the unit's own practice — is used; ties go to a regional profile whose region matched,
then to `national`. The report names the profile, the reason and each candidate's agreement count.

## Reading an indicator

- Target and actual are read as a quantity (`>=90%`, `≥15 个`, `<=5 秒`, `不低于95%`, `30万元以内`),
  a date (`2024年12月1日前`; a month alone means its last day) or qualitative text (`达到预期指标`).
  Units that convert are converted (`779 毫秒` against `<=5 秒`; 元/万元/亿元).
- Direction: `≥`, `>` and `=` targets are higher-is-better, `≤` and `<` lower-is-better; a bare number
  is lower-is-better under a 成本指标 and higher-is-better elsewhere.
- Completion: actual ÷ target for higher-is-better; for lower-is-better 100 % when met and
  target ÷ actual when not — except where a profile counts money cost targets as spending
  (`cost_as_spending`), where it is actual ÷ target.
- Dates: met when the actual date is on or before the target date → full marks, else 0.
- Weight 0 scores 0; an indicator without weight or values is reported as unscored.
"""


def _ratio_formulas(m: Method | ExecutionRule, overshoot: str) -> list[str]:
    out: list[str] = []
    if isinstance(m, Method) and m.kind == "graded":
        return ["completion ≥ 100 % → full marks; below, the grade band that holds the completion "
                "rate (see grades); qualitative values by their grade words"]
    if isinstance(m, Method) and m.kind == "direct":
        return ["target met → full marks, otherwise 0; qualitative values: top grade → full marks, "
                "otherwise 0"]
    if overshoot == "deviation":
        out.append("completion r > 100 %: weight × max(0, 1 − (r − 100 %))")
    else:
        out.append("completion r ≥ 100 %: weight (no deduction)")
    if m.shortfall == "linear_floor":
        fl = fmt(m.floor)
        out.append(f"r < 100 %: weight × (r − {fl} %) ÷ {fmt(100 - m.floor)} %; r ≤ {fl} %: 0")
    else:
        out.append("r < 100 %: weight × r")
    return out


def _profile_section(p: Profile) -> str:
    lines = [f"## `{p.name}` — {p.title}", ""]
    if p.extends:
        lines += [f"Extends `{p.extends}`.", ""]
    lines += [p.description, "", f"- Basis: {p.basis}" if p.basis else "- Basis: —"]
    lines.append(f"- Automatic candidate for every document: {'yes' if p.auto else 'no'}")
    if p.region_words:
        lines.append(f"- Region words: {'、'.join(p.region_words)}")
    lines.append(f"- Scores from the printed 完成率 when there is one: {'yes' if p.use_stated_rate else 'no'}")
    lines.append(f"- Money cost targets (成本指标 “≤ x 万元”) count actual ÷ target: "
                 f"{'yes' if p.cost_as_spending else 'no'}")
    lines += ["", "**预算执行率** (the 分值 of the row, usually 10; 执行率 = 全年执行数 ÷ 全年预算数):", ""]
    for level, rule in (("project", p.execution_project), ("unit (整体支出)", p.execution_unit)):
        if rule.shortfall == "linear_floor":
            f = (f"weight × (r − {fmt(rule.floor)} %) ÷ {fmt(100 - rule.floor)} %, capped at the weight, "
                 f"0 at or below {fmt(rule.floor)} %")
        else:
            f = "weight × min(r, 100 %)"
        rounding = "cut to 0.01" if rule.rounding == "down" else "rounded to 0.01"
        lines.append(f"- {level}: {f}; {rounding}")
    lines += ["", "**Methods** (chosen by the row's 赋分规则):", "", "| method | formula |", "|---|---|"]
    for m in p.methods.values():
        formulas = "<br>".join(_ratio_formulas(m, m.overshoot))
        if m.cost_as_spending is not None:
            formulas += f"<br>money cost targets as spending: {'yes' if m.cost_as_spending else 'no'}"
        lines.append(f"| `{m.name}` | {formulas} |")
    lines += ["", "| 赋分规则 containing | method |", "|---|---|"]
    for r in p.rules:
        lines.append(f"| {'、'.join(r.words)} | `{r.method}` |")
    lines.append(f"| (none, or none of these) | `{p.default_method}` |")
    lines += ["", "**Grades** (qualitative values, tried in this order):", "",
              "| grade | words | band of the weight | nominal |", "|---|---|---|---|"]
    for g in p.grades:
        lines.append(f"| {g.name} | {'、'.join(g.words)} | {fmt(g.band[0])}–{fmt(g.band[1])} % | "
                     f"{fmt(g.nominal)} % |")
    if p.evidence:
        lines += ["", "**Evidence** (published tables this profile reproduces):", ""]
        lines += [f"- {e}" for e in p.evidence]
    lines.append("")
    return "\n".join(lines)


SEED_FINDINGS = """\
## What the seed documents do, and where they contradict themselves

Measured on the three seed final accounts with self-evaluation tables (235 stated scores: indicators
and 预算执行率 rows; 24 tables, 22 of them with a stated total):

| profile | stated scores reproduced | totals reproduced |
|---|---|---|
| `xinjiang` | 233 / 235 | 21 / 22 |
| `national` | 206 / 235 | 10 / 22 |
| `national-deviation` | 190 / 235 | 7 / 22 |

The differences that remain under `xinjiang` and the figures that contradict each other:

- 003, 家具采购/信息化建设: 执行率 99.94 % (1,011.23 ÷ 1,011.87) scored 10.00; the document's own
  rule gives 9.99 (and so would 10 × 99.94 %).
- 003, 整体支出: 执行率 95.18 % scored 9.51 — the score is cut, not rounded (9.518); 000's 97.53 % →
  9.75 is consistent with both.
- 004, 2024 年度乌鲁木齐市政务云服务项目: 257 of 360 days scored 3.5 of 5; proportional scoring (which
  the same table uses for 1271 of 1300 → 9.78) gives 3.57; the total 84.28 inherits the difference.
- 003, 快递费: 11 of 10 printed as 111 % (it is 110 %) and scored 8.9 instead of 9.0.
- 003, 机构运行补助: 办公费用成本 3.87 of 13 万元 printed as 22 % (it is 29.77 %); both score 0.
- 003, 公共资源交易信息化建设成本: 956.95 of 957 万元 printed as 99 % (it is 99.99 %) and scored
  12.67 of 13.
- 003 scores overshoot differently by 赋分规则: 按照完成比例赋分 deducts (111.11 % → 8.89), 按评判等级赋分
  and 满意度赋分 do not (111.11 % → full marks), within one table; 004 has no 赋分规则 column and never
  deducts; 000 deducts throughout.
- 003 counts under-spent cost targets against the unit (≤13 万元, 3.87 spent → 0), 000's cost targets
  are all met exactly, so their practice cannot be told apart.
- 004, 乌鲁木齐市政务云服务项目: 完全达到预期 scored 24 of 30 (80 %), at the lower edge of the top band.
"""


def render_markdown() -> str:
    sections = [INTRO]
    sections += [_profile_section(p) for p in load_profiles().values()]
    sections.append(SEED_FINDINGS)
    return "\n".join(sections)


def main() -> None:
    sys.stdout.write(render_markdown())


if __name__ == "__main__":
    main()
