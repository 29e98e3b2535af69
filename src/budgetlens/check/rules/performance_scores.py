"""预算绩效: stated scores against their recomputation under a scoring profile (BL713).

Every 绩效自评表 is rescored with ``budgetlens.score`` under the profile that fits the document (or
``check --profile``); a stated score is reported when no documented practice gives it.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from functools import cache, partial
from typing import Any

from budgetlens.check.context import DocContext
from budgetlens.check.findings import Finding
from budgetlens.check.registry import rule
from budgetlens.check.rules.performance import ZERO, _label, _sure
from budgetlens.figures import decimals_of
from budgetlens.i18n import has, msg
from budgetlens.model import PerformanceTable
from budgetlens.score import AGREE, DIFFER, render_msg
from budgetlens.score.engine import IndicatorScore, TableScore, score_table, table_practices
from budgetlens.score.measure import DateValue
from budgetlens.score.measure import parse_measure as parse_scored
from budgetlens.score.profile import Profile, get_profile


def _score_places(p: PerformanceTable) -> int:
    """The decimals the table scores to: the most printed with a score (indicator scores, 预算执行率
    score, 总分), or none when every score is a whole number and some are printed so (9.00 beside 2
    and 98: whole points, some printed with decimals)."""
    scores = [v for v in [i.stated_score for i in p.indicators] + [f.score for f in p.funding] + [p.stated_total]
              if v is not None]
    if scores and all(v == v.to_integral_value() for v in scores) and any(decimals_of(v) == 0 for v in scores):
        return 0
    return max((decimals_of(v) for v in scores), default=2)


def _printed_as(values: list[Decimal | None], stated: Decimal, places: int) -> bool:
    """The recomputed score (any of ``values``: its point and the ends of its interval before
    rounding), rounded or cut to the decimals the table scores to, is the stated one: a table
    scoring in whole points (or tenths) throughout rounds or cuts every score so."""
    if places >= 2:
        return False
    q = Decimal(1).scaleb(-places)
    return any(stated in (v.quantize(q, rounding="ROUND_HALF_UP"), v.quantize(q, rounding="ROUND_DOWN"))
               for v in values if v is not None)


def _judgment(sc: IndicatorScore) -> bool:
    """A score the rules leave to the evaluator: a worded (qualitative) result graded into a band
    other than the one its words suggest, and a deadline missed (no documented rule scores a late
    date; only a date met and marked down is a miscount)."""
    if sc.basis == "graded" and sc.stated is not None and sc.indicator.weight is not None:
        return ZERO <= sc.stated <= sc.indicator.weight
    return isinstance(parse_scored(sc.indicator.target), DateValue) and sc.recomputed is not None \
        and sc.indicator.weight is not None and sc.recomputed < sc.indicator.weight


def _explained_deduction(sc: IndicatorScore) -> bool:
    """A target met (full marks recomputed) but scored lower, with a reason in the row's 偏差原因
    分析 column: the evaluator's documented judgment, not a miscount."""
    w = sc.indicator.weight
    return (sc.stated is not None and sc.recomputed is not None and w is not None and sc.recomputed == w
            and sc.stated < w and bool(sc.indicator.deviation))


def _profile_evidence(profile: str, formula: dict[str, Any] | None) -> str:
    """The evidence of a recomputed score: the profile and its formula, figures and signs as a formula
    prints them (the words in the current language)."""
    return f"{profile}: {render_msg(formula)}"


def _title(profile: str) -> dict[str, Any]:
    """A profile's title as a message parameter, in the reader's language."""
    words = dict(get_profile(profile).title_words)
    return msg("performance.profile_title", zh=words.get("zh", profile), en=words.get("en", profile))


def _method(name: str) -> dict[str, Any] | str:
    return msg(f"score.method.{name}") if has(f"score.method.{name}") else name


def _alternatives(ts: TableScore, others: list[Profile], practices_of: Profile | None) -> list[TableScore]:
    """The table scored under the other documented profiles, and under the practice variants of
    ``practices_of`` (the profile it was scored under; none when one was asked for)."""
    return [score_table(ts.table, prof, apply=False) for prof in others] + (
        table_practices(ts.table, practices_of, ts) if practices_of is not None else [])


@rule("BL713", "profile-scores", "A stated score differs from its recomputation under the scoring profile",
      severity="warning", group="performance", uses_profile=True,
      basis="财预〔2020〕10号 第十二条 and the unit's own scoring practice, as a named profile (docs/scoring.md)")
def profile_scores(ctx: DocContext) -> Iterator[Finding]:
    """Every 绩效自评表 is rescored under the profile that fits the document — the regional practice
    under which most of its stated scores agree, else ``national`` — or the one given with
    ``check --profile``. Each indicator score and 预算执行率 score that cannot be its recomputation
    (intervals over the rounded inputs) is reported with the profile, the formula, and stated vs
    recomputed. A 总分 that differs from the recomputed total is reported too, unless it is not even
    the sum of the stated scores (BL703 reports that).

    A score is the document's own practice, and not reported, when another documented profile
    gives it (a 部门 document gathers the tables of many implementers, each scoring its own way;
    not when ``--profile`` names one), or when a met target is marked down for a reason the row
    gives in its 偏差原因分析 column, or when it grades a worded result or scores a missed deadline
    (the evaluator's judgment, no documented formula), or when it is the recomputation rounded or cut to the decimals the
    table prints its scores with (whole points, tenths). A 总分 is reported only beside a score
    reported above. A table whose rows the reader could not all place is not rescored."""
    if not ctx.has_self_evaluation():
        return
    result = ctx.scores()
    name = result.profile.name
    # the other documented practices a table may follow: a 部门 document gathers the tables of
    # many implementers, each scoring its own way (unless one profile was asked for)
    others = [] if ctx.requested_profile else [
        get_profile(f.profile) for f in result.choice.fits if f.profile != name]
    for ts in result.tables:
        p = ts.table
        if not _sure(p, "weights"):
            continue
        # worked out only for a table with a score to report: most tables have none
        alts = cache(partial(_alternatives, ts, others, None if ctx.requested_profile else result.profile))
        places = _score_places(p)
        reported = 0
        ex = ts.execution
        if ex is not None and ex.status == DIFFER and ex.stated is not None and ex.recomputed is not None \
                and not any(a.execution is not None and a.execution.status == AGREE for a in alts()) \
                and not _printed_as([ex.recomputed, ex.low, ex.high], ex.stated, places):
            row = next((f for f in p.funding if f.label == ex.label), None)
            reported += 1
            yield ctx.finding(
                "BL713.execution_score",
                {"table": _label(p), "stated": ex.stated, "profile": name, "profile_title": _title(name),
                 "formula": ex.formula_msg, "expected": ex.recomputed},
                location=ctx.loc(row.location if row else p.location, row=ex.label, column="score"),
                expected=ex.recomputed, actual=ex.stated, evidence=_profile_evidence(name, ex.formula_msg),
                highlight=[f"{ex.recomputed:f}"],
            )
        for k, sc in enumerate(ts.indicators):
            if sc.status != DIFFER or sc.stated is None or sc.recomputed is None:
                continue
            if any(k < len(a.indicators) and a.indicators[k].status == AGREE for a in alts()):
                continue  # another documented practice gives the stated score
            ind = sc.indicator
            if _explained_deduction(sc):
                continue  # a met target marked down, for a reason the row gives
            if _judgment(sc):
                continue  # the band a worded result falls in, or the cost of a missed date
            if _printed_as([sc.recomputed, sc.low, sc.high], sc.stated, places):
                continue  # the recomputation as the table prints its scores (to whole points, 0.1)
            reported += 1
            yield ctx.finding(
                "BL713.indicator_score",
                {"table": _label(p), "indicator": ind.name, "stated": sc.stated, "profile": name,
                 "profile_title": _title(name), "method": _method(sc.method), "formula": sc.formula_msg,
                 "expected": sc.recomputed},
                location=ctx.loc(ind.location, row=ind.name, column="score"),
                expected=sc.recomputed, actual=sc.stated, evidence=_profile_evidence(name, sc.formula_msg),
                highlight=[f"{sc.recomputed:f}"],
            )
        if reported and ts.total_status == DIFFER and ts.sum_agrees is not False \
                and ts.stated_total is not None and ts.recomputed_total is not None \
                and not any(a.total_status == AGREE for a in alts()):
            n = len(ts.differing)
            yield ctx.finding(
                "BL713.total" if n > 1 else "BL713.total_one" if n == 1 else "BL713.total_none",
                {"table": _label(p), "stated": ts.stated_total, "profile": name, "profile_title": _title(name),
                 "expected": ts.recomputed_total, "formula": ts.total_formula_msg, "differing": n},
                location=ctx.loc(p.location), expected=ts.recomputed_total, actual=ts.stated_total,
                evidence=_profile_evidence(name, ts.total_formula_msg), highlight=[f"{ts.recomputed_total:f}"],
            )
