"""Mutation test: alter single checkable figures of the seeds and see whether `check` notices.

Figures are chosen from the parsed model — fact occurrences that take part in an identity (restated,
a term of a declared identity, or related by a rule), statement amounts / shares / changes /
差异率, table cells, performance funding rows, weights, scores, 执行率, 完成率, 总分, and the
actual/target of scored quantitative indicators. Each mutation changes the figure beyond the
rounding of every identity it takes part in, by construction (see the table above ``ONE``): amounts
by max(1.00, 10 %), rates by max(1.00 pt, 10 %, 3× what their own inputs allow), scores beyond
(n+1) units of the table's score precision, weights and counts by 1 (exact numbers), ×10, digit swaps
only when they change the figure by as much, a 批次/团组/购置数 count to 0, an indicator's
actual/target moved so its ratio goes to 50 % (or 100 %). Separately, the one-cent group adds 0.01
to figures restated elsewhere with the same value (a = b, both printed: the only identity a cent
breaks). The text is parsed and checked again; a fact mutation whose changed print the model does
not read back as that fact is not counted (listed apart); the mutation is caught when an error or
warning finding appears that the unmutated document does not have (same rule, line and message).
Mutations are never chosen by whether `check` catches them.

The converse: changes that keep every identity true (a project table's 年初预算数 raised by the
same amount in its 年度资金总额 row and its 当年财政拨款 row, which nothing else restates; wording
changes that touch no figure) must produce no new finding at all.

Run with ``-s`` to see the per-kind catch rates and the misses.
"""

from __future__ import annotations

import random
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from functools import cache
from pathlib import Path

import pytest

from budgetlens.check import check_documents
from budgetlens.check.findings import Report, Severity
from budgetlens.check.identities import IDENTITIES, parse_identity
from budgetlens.figures import decimals_of, normalize
from budgetlens.model import Disclosure, FactOccurrence, Indicator, Location, PerformanceTable, Statement
from budgetlens.read.text import parse_text
from budgetlens.recognize import recognize

SEEDS = sorted((Path(__file__).parent / "data" / "seeds").glob("*.txt"))
# how many mutations to run per seed (deterministic sample); 001 parses slowest
PER_SEED = {"000": 60, "001": 35, "002": 50, "003": 70, "004": 60}
SAMPLE_SEED = 20240601
MIN_MUTATIONS = 200
CATCH_FLOOR = 1.0  # measured 100 % (273 counted, 2 not read back); the issue asks for ≥ 98 %
ONECENT_PER_SEED = 12
MIN_ONECENT = 30
ONECENT_FLOOR = 1.0  # measured 100 % (47 counted, 3 not read back)


@dataclass(frozen=True)
class Site:
    """One printed figure: the seed, the source lines to search, the value, what it is, and the
    smallest change that breaks an identity it takes part in beyond rounding (see ``sites``)."""

    seed: str
    lines: tuple[int, ...]
    value: Decimal
    kind: str  # statement.amount, indicator.score, fact.text, …
    label: str
    cls: str  # amount | rate | score | weight | count | zero_count | ratio_actual | ratio_target
    min_delta: Decimal = Decimal(0)  # |new − old| must be at least this (0: decided by the class)
    new_value: Decimal | None = None  # ratio_*: the value to print instead
    context: str = ""  # the sentence the figure was read from: the printed hit must lie in it


@dataclass(frozen=True)
class Mutation:
    site: Site
    op: str  # shift | x10 | swap | zero | ratio | cent
    line: int
    start: int
    end: int
    old: str
    new: str

    @property
    def kind(self) -> str:
        return f"{self.site.kind}/{self.op}"

    def describe(self) -> str:
        return f"{self.site.seed} line {self.line} {self.site.kind} “{self.site.label}”: {self.old} → {self.new} ({self.op})"


# ------------------------------------------------------------------------------------- parsing


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def parse(text: str, name: str) -> Disclosure:
    return recognize(parse_text(text, name))


def run_check(text: str, name: str) -> Report:
    source = parse_text(text, name)
    return check_documents([recognize(source)], sources=[source])


def _keys(report: Report, severities: tuple[Severity, ...]) -> set[tuple[str, int | None, str]]:
    return {(f.rule, f.location.line, f.message) for f in report.findings if f.severity in severities}


# ------------------------------------------------------------------------------- site selection
#
# How big a change must be to break an identity beyond rounding, by construction. A figure printed
# with d decimals stands for ±½·10^-d; an n-term sum tolerates (n+1)·½·10^-d; a rate computed from
# printed inputs N/D tolerates about r·(½u/|N| + ½u/|D|). So:
#   amount  ±max(1.00, 10 %, 20 units of the last digit): beyond any sum of fewer than 39 terms
#   rate    ±max(1.00 pt, 10 %, 3 × the half-width its own inputs allow)
#   score   ±max(1.00, 10 %, (n+1) units of the table's score precision): beyond Σ scores = 总分
#   weight  ±1: weights are assigned, exact numbers (Σ weights = 100, or 90 + 10 in 绩效目标表)
#   count   ±1 (head counts, vehicles, project counts are exact); a count whose only identity is
#           “zero exactly when its amount is zero” (批次, 团组, 购置数) is set to 0
#   indicator actual/target: moved so that actual/target goes from ≥ 75 % to 50 % (or from below to
#           100 %), which changes the indicator's score under any scoring profile
# Mutations are chosen from these rules and the model only, never by whether `check` flags them.

ONE = Decimal(1)
TENTH = Decimal("0.1")
ZERO_IFF_COUNTS = ("sangong.vehicles_purchased", "sangong.reception_batches", "sangong.overseas_groups")
COUNT_KEYS = ("staff.", "sangong.vehicles", "assets.vehicles", "performance.project_count", "unit.")
# facts that take part in an identity even when stated once: the declared identities' terms, and the
# facts other rules relate (staff sums, vehicles held = vehicles among assets, counts vs amounts,
# 年初预算数 vs the unit table, the performance summary vs the tables)
IDENTITY_KEYS = frozenset(
    [parse_identity(i.expr).lhs for i in IDENTITIES] + [k for i in IDENTITIES for _, k, _ in parse_identity(i.expr).terms]
    + ["staff.actual", "staff.in_service", "staff.retired", "staff.retired_cadre", "unit.departments",
       "unit.sub_units", "sangong.vehicles_held", "assets.vehicles", *ZERO_IFF_COUNTS, "gpb.initial_budget",
       "performance.project_count", "performance.project_annual_budget", "performance.project_executed"])


def _fact_in_identity(key: str, occurrences: int) -> bool:
    return occurrences > 1 or key in IDENTITY_KEYS or key.startswith(("budget.function.", "expense.function."))


def _unit(value: Decimal) -> Decimal:
    return Decimal(1).scaleb(-decimals_of(value))


def _span(loc: Location | None) -> tuple[int, ...]:
    if loc is None or loc.line is None:
        return ()
    end = loc.line_end if loc.line_end is not None and loc.line_end >= loc.line else loc.line
    return tuple(range(loc.line, min(end, loc.line + 6) + 1))


def _walk(statements: list[Statement], parent: Statement | None = None) -> Iterator[tuple[Statement, Statement | None]]:
    for s in statements:
        yield s, parent
        yield from _walk(s.parts, s)


def _half_width(rate: Decimal, num: Decimal | None, den: Decimal | None, num_err: Decimal, den_err: Decimal) -> Decimal | None:
    """Approximate half-width of 100·N/D from the rounding of N and D; None when a base is zero."""
    if num is None or den is None or num == 0 or abs(den) <= 2 * den_err:
        return None  # the base's own interval reaches zero: the rate is undefined
    return abs(rate) * (num_err / abs(num) + den_err / abs(den))


def _rate_delta(rate: Decimal, hw: Decimal | None) -> Decimal:
    return max(ONE, TENTH * abs(rate), 3 * hw if hw is not None else Decimal(0))


def _fact_class(key: str) -> str:
    if key in ZERO_IFF_COUNTS:
        return "zero_count"
    if key.startswith(COUNT_KEYS) or key.endswith("_count"):
        return "count"
    return "amount"


def _statement_in_identity(s: Statement, parent: Statement | None) -> bool:
    """A statement amount takes part in an identity when it has a share, a change, a 预决算差异率, a
    canonical key or a classification code (restated by a table), listed parts, or a parent total."""
    return bool(s.share is not None or s.change is not None or s.diff_rate is not None or s.key or s.code
                or any(p.amount is not None for p in s.parts)
                or (parent is not None and parent.amount is not None and s.unit == parent.unit))


def _score_delta(value: Decimal, scores: list[Decimal]) -> Decimal:
    places = max((decimals_of(v) for v in scores), default=0)
    unit = Decimal(1).scaleb(-places)
    return max(ONE, TENTH * abs(value), (len(scores) + 1) * unit)


def _ratio_sites(seed: str, p: PerformanceTable, ind: Indicator) -> Iterator[Site]:
    t, a = ind.target, ind.actual
    if (p.table_kind != "self_evaluation" or t is None or a is None or t.value is None or a.value is None
            or t.value <= 0 or a.value < 0 or (t.unit or "") != (a.unit or "") or ind.stated_score is None
            or not ind.weight or t.comparator not in (">=", ">", "=", None, "<=", "<")):
        return
    span = _span(ind.location)
    lower_better = t.comparator in ("<=", "<")
    ratio = (t.value / a.value if a.value else Decimal(0)) if lower_better else a.value / t.value
    new_ratio = Decimal("0.5") if ratio >= Decimal("0.75") else ONE
    places = decimals_of(a.value)
    if lower_better:
        new_actual = (t.value / new_ratio).quantize(Decimal(1).scaleb(-places))
        new_target = (a.value * new_ratio).quantize(Decimal(1).scaleb(-decimals_of(t.value)))
    else:
        new_actual = (t.value * new_ratio).quantize(Decimal(1).scaleb(-places))
        new_target = (a.value / new_ratio).quantize(Decimal(1).scaleb(-decimals_of(t.value)))
    label = f"{p.name} {ind.name}"
    if new_actual != a.value:
        yield Site(seed, span, a.value, "indicator.actual", label, "ratio_actual", new_value=new_actual)
    if new_target != t.value and new_target > 0:
        yield Site(seed, span, t.value, "indicator.target", label, "ratio_target", new_value=new_target)


def sites(seed: str, doc: Disclosure) -> Iterator[Site]:
    counts = Counter(o.key for o in doc.fact_occurrences)
    for o in doc.fact_occurrences:
        if _fact_in_identity(o.key, counts[o.key]):
            yield Site(seed, _span(o.location), o.value, f"fact.{o.origin}", o.key, _fact_class(o.key),
                       context=o.evidence if o.origin == "text" else "")
    for s, parent in _walk(doc.statements):
        span = _span(s.location)
        ev = s.evidence
        u = _unit(s.amount) if s.amount is not None else Decimal("0.01")
        if s.amount is not None and _statement_in_identity(s, parent):
            yield Site(seed, span, s.amount, "statement.amount", s.subject, "amount", context=ev)
        if s.share is not None and s.amount is not None:
            hw = _half_width(s.share, s.amount, s.amount, u / 2, u / 2)
            yield Site(seed, span, s.share, "statement.share", s.subject, "rate", _rate_delta(s.share, hw), context=ev)
        actual = s.actual if s.actual is not None else s.amount
        if s.budget is not None and s.diff_rate is not None and actual is not None:
            hw = _half_width(s.diff_rate, actual - s.budget, s.budget, u, u / 2)
            if hw is not None:
                yield Site(seed, span, s.budget, "statement.budget", s.subject, "amount", context=ev)
                yield Site(seed, span, s.diff_rate, "statement.diff_rate", s.subject, "rate",
                           _rate_delta(s.diff_rate, hw), context=ev)
        c = s.change
        if c is not None and c.amount is not None and c.rate is not None and s.amount and c.direction in ("increase", "decrease"):
            # the rate identity c / (amount ∓ c); with amount 0 any decrease is 100 %, so amount ≠ 0
            prior = s.amount - c.amount if c.direction == "increase" else s.amount + c.amount
            hw = _half_width(c.rate, c.amount, prior, u / 2, u)
            if hw is not None:  # a rate against a zero base is BL508's, not an identity
                yield Site(seed, span, c.amount, "statement.change_amount", s.subject, "amount", context=ev)
                yield Site(seed, span, c.rate, "statement.change_rate", s.subject, "rate", _rate_delta(c.rate, hw),
                           context=ev)
    for t in doc.tables:
        for row in t.rows:
            for key, v in row.values.items():
                if v is not None:
                    loc = row.cells.get(key, row.location)
                    yield Site(seed, _span(loc), v, "table.cell", f"{t.id} {row.name} {key}", "amount")
    for p in doc.performance:
        scores = [i.stated_score for i in p.indicators if i.stated_score is not None]
        scores += [f.score for f in p.funding if f.score is not None]
        total = p.total_funding
        for f in p.funding:
            for attr in ("initial_budget", "annual_budget", "executed"):
                v = getattr(f, attr)
                if v is not None:
                    yield Site(seed, _span(f.location), v, f"funding.{attr}", f"{p.name} {f.label}", "amount")
            if f.weight is not None:
                yield Site(seed, _span(f.location), f.weight, "funding.weight", f"{p.name} {f.label}", "weight")
            if f.score is not None:
                yield Site(seed, _span(f.location), f.score, "funding.score", f"{p.name} {f.label}", "score",
                           _score_delta(f.score, scores))
            if f.execution_rate is not None:
                row = f if f.executed is not None and f.annual_budget else total
                hw = _half_width(f.execution_rate, row.executed, row.annual_budget, Decimal("0.005"), Decimal("0.005")) \
                    if row is not None else None
                yield Site(seed, _span(f.location), f.execution_rate, "funding.execution_rate", f"{p.name} {f.label}",
                           "rate", _rate_delta(f.execution_rate, hw))
        for ind in p.indicators:
            span = _span(ind.location)
            label = f"{p.name} {ind.name}"
            if ind.weight is not None:
                yield Site(seed, span, ind.weight, "indicator.weight", label, "weight")
            if ind.stated_score is not None:
                yield Site(seed, span, ind.stated_score, "indicator.score", label, "score", _score_delta(ind.stated_score, scores))
            if ind.completion_rate is not None and ind.target and ind.actual and ind.target.value and ind.actual.value:
                hw = _half_width(ind.completion_rate, ind.actual.value, ind.target.value,
                                 _unit(ind.actual.value) / 2, _unit(ind.target.value) / 2)
                yield Site(seed, span, ind.completion_rate, "indicator.completion_rate", label, "rate",
                           _rate_delta(ind.completion_rate, hw))
            yield from _ratio_sites(seed, p, ind)
        if p.stated_total is not None and p.table_kind == "self_evaluation":
            yield Site(seed, _span(p.location), p.stated_total, "performance.total", p.name, "score",
                       _score_delta(p.stated_total, scores))


def onecent_sites(seed: str, doc: Disclosure) -> Iterator[Site]:
    """Figures restated elsewhere with the same value and the same precision (a = b, both printed):
    a one-cent change exceeds the identity's tolerance (two figures at ±0.005 meet only within
    0.01, and intervals that only touch do not meet). Restated means the same key on the same base
    (same scope), or a table figure and a text figure of the same key."""
    by_key: dict[str, list[FactOccurrence]] = defaultdict(list)
    for o in doc.fact_occurrences:
        by_key[o.key].append(o)
    for key, occs in by_key.items():
        if _fact_class(key) != "amount":
            continue
        for o in occs:
            if decimals_of(o.value) < 2:
                continue
            if any(x is not o and x.value == o.value and decimals_of(x.value) >= decimals_of(o.value)
                   and x.location.line != o.location.line
                   and (x.scope == o.scope or {x.origin, o.origin} == {"table", "text"}) for x in occs):
                yield Site(seed, _span(o.location), o.value, f"fact.{o.origin}", key, "cent", _unit(o.value))


def printed_forms(value: Decimal) -> list[str]:
    plain = f"{value:f}"
    forms = [plain]
    if abs(value) >= 1000:
        forms.append(f"{value:,f}")
    return forms


def _token(printed: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\d.,])" + re.escape(printed) + r"(?![\d]|[.,]\d)")


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", normalize(text))


def _in_context(context: str, text: str, start: int, end: int) -> bool:
    """Whether the hit, with a few characters around it, is part of the sentence the model read the
    figure from (so “增加4人” is not taken for “下设4个科室”)."""
    if not context:
        return True
    return _squash(text[max(0, start - 3):end + 3]) in _squash(context)


def locate(site: Site, lines: list[str]) -> tuple[int, int, int, str] | None:
    """(line, start, end, printed) of the site's figure when it is printed exactly once in its span
    (and, for the total of a performance table, on a 总分 line)."""
    hits: list[tuple[int, int, int, str]] = []
    for n in site.lines:
        if not 1 <= n <= len(lines):
            continue
        text = lines[n - 1]
        if site.kind == "performance.total" and "总分" not in text:
            continue
        for form in printed_forms(site.value):
            hits.extend((n, m.start(), m.end(), form) for m in _token(form).finditer(text)
                        if _in_context(site.context, text, m.start(), m.end()))
    return hits[0] if len(hits) == 1 else None


def _parse_printed(printed: str) -> tuple[Decimal, int, bool]:
    body = printed.replace(",", "")
    return Decimal(body), (len(body.split(".")[1]) if "." in body else 0), "," in printed


def render(value: Decimal, decimals: int, commas: bool) -> str:
    q = value.quantize(Decimal(1).scaleb(-decimals)) if decimals else value.quantize(ONE)
    return f"{q:,f}" if commas else f"{q:f}"


def _swaps(printed: str) -> Iterator[Decimal]:
    """Values with two adjacent different digits swapped, from the last digit leftwards."""
    negative = printed.startswith("-")
    body = printed.lstrip("-").replace(",", "")
    decimals = len(body.split(".")[1]) if "." in body else 0
    digits = body.replace(".", "")
    for i in range(len(digits) - 2, -1, -1):
        if digits[i] != digits[i + 1]:
            swapped = digits[:i] + digits[i + 1] + digits[i] + digits[i + 2:]
            if swapped[0] == "0" and len(digits) - decimals > 1:
                continue  # would print a leading zero
            value = Decimal(swapped).scaleb(-decimals)
            yield -value if negative else value


def mutate(printed: str, op: str, site: Site) -> str | None:
    """The mutated print of ``printed`` under ``op``, or None when the op does not apply to the site
    or would change the figure by less than the site's minimum (see the table above)."""
    value, decimals, commas = _parse_printed(printed)
    unit = Decimal(1).scaleb(-decimals)
    cls = site.cls
    if cls in ("ratio_actual", "ratio_target"):
        return render(site.new_value, decimals, commas) if op == "ratio" and site.new_value is not None else None
    if cls == "zero_count":
        return "0" if op == "zero" and value != 0 else None
    if cls == "cent":
        return render(value + unit, decimals, commas) if op == "cent" else None
    if cls in ("count", "weight"):
        need = ONE
    elif cls == "amount":
        need = max(ONE, TENTH * abs(value), 20 * unit)
    else:  # rate, score
        need = max(ONE, site.min_delta)
    need = max(need, site.min_delta)
    if op == "shift":
        step = (need / unit).to_integral_value(rounding=ROUND_CEILING) * unit
        return render(value + step, decimals, commas)
    if op == "x10":
        new = value * 10
    elif op == "swap":  # the rightmost swap that changes the figure by enough
        new = next((v for v in _swaps(printed) if abs(v - value) >= need), value)
    else:
        return None
    if new == value or abs(new - value) < need:
        return None
    return render(new, decimals, commas)


OPS = ("shift", "x10", "swap", "zero", "ratio")


@cache
def baseline(path: Path) -> tuple[str, Disclosure, frozenset[tuple[str, int | None, str]], frozenset[tuple[str, int | None, str]]]:
    text = _text(path)
    report = run_check(text, str(path))
    return (text, parse(text, str(path)),
            frozenset(_keys(report, (Severity.ERROR, Severity.WARNING))),
            frozenset(_keys(report, tuple(Severity))))


def _mutations(path: Path, site_list: Iterator[Site], ops: tuple[str, ...]) -> list[Mutation]:
    text, _, _, _ = baseline(path)
    lines = text.split("\n")
    out: dict[tuple[int, int, str], Mutation] = {}
    for site in site_list:
        if site.value == 0 and site.cls != "ratio_actual":
            continue  # a printed 0.00 is rarely unique on its line
        where = locate(site, lines)
        if where is None:
            continue
        line, start, end, printed = where
        for op in ops:
            new = mutate(printed, op, site)
            if new is None or new == printed:
                continue
            out.setdefault((line, start, op), Mutation(site, op, line, start, end, printed, new))
    return [out[k] for k in sorted(out)]


def all_mutations(path: Path) -> list[Mutation]:
    _, doc, _, _ = baseline(path)
    return _mutations(path, sites(path.name[:3], doc), OPS)


def onecent_mutations(path: Path) -> list[Mutation]:
    _, doc, _, _ = baseline(path)
    return _mutations(path, onecent_sites(path.name[:3], doc), ("cent",))


def _stratified(muts: list[Mutation], quota: int, rng: random.Random) -> list[Mutation]:
    # every kind of site and op gets its share before the rest is filled at random
    by_kind: dict[str, list[Mutation]] = defaultdict(list)
    for m in muts:
        by_kind[m.kind].append(m)
    for group in by_kind.values():
        rng.shuffle(group)
    picked: list[Mutation] = []
    while len(picked) < quota and any(by_kind.values()):
        for kind in sorted(by_kind):
            if by_kind[kind] and len(picked) < quota:
                picked.append(by_kind[kind].pop())
    return picked


def sample(path: Path) -> list[Mutation]:
    rng = random.Random(f"{SAMPLE_SEED}-{path.name}")
    return _stratified(all_mutations(path), PER_SEED.get(path.name[:3], 40), rng)


def sample_onecent(path: Path) -> list[Mutation]:
    rng = random.Random(f"{SAMPLE_SEED}-cent-{path.name}")
    return _stratified(onecent_mutations(path), ONECENT_PER_SEED, rng)


def apply(text: str, m: Mutation) -> str:
    lines = text.split("\n")
    line = lines[m.line - 1]
    assert line[m.start:m.end] == m.old
    lines[m.line - 1] = line[:m.start] + m.new + line[m.end:]
    return "\n".join(lines)


def caught(path: Path, m: Mutation) -> list[str] | None:
    """New error/warning findings (rule@line) of the mutated text; None when the mutation did not
    reach the figure it was meant for: a fact whose changed print the model does not read back as
    that fact (the model located it on a line where the same digits mean something else)."""
    text, _, base, _ = baseline(path)
    source = parse_text(apply(text, m), str(path))
    doc = recognize(source)
    if m.site.kind.startswith("fact."):
        new_value = Decimal(m.new.replace(",", ""))
        if not any(o.key == m.site.label and o.value == new_value for o in doc.fact_occurrences):
            return None
    report = check_documents([doc], sources=[source])
    new = _keys(report, (Severity.ERROR, Severity.WARNING)) - base
    return sorted(f"{r}@{ln}" for r, ln, _ in new)


# ----------------------------------------------------------------------------------------- tests


def _run_group(name: str, groups: list[tuple[Path, list[Mutation]]]) -> tuple[int, int]:
    total = hit = 0
    per_kind: Counter[str] = Counter()
    per_kind_hit: Counter[str] = Counter()
    per_seed: Counter[str] = Counter()
    misses: list[str] = []
    unread: list[str] = []
    for path, muts in groups:
        for m in muts:
            found = caught(path, m)
            if found is None:
                unread.append(m.describe())
                continue
            total += 1
            per_kind[m.kind] += 1
            per_seed[path.name[:3]] += 1
            if found:
                hit += 1
                per_kind_hit[m.kind] += 1
            else:
                misses.append(m.describe())
    rate = hit / total if total else 0.0
    print(f"\n{name}: {total} mutations ({', '.join(f'{k}: {v}' for k, v in sorted(per_seed.items()))}); "
          f"caught {hit} = {rate:.1%}")
    for kind in sorted(per_kind):
        print(f"  {kind:34} {per_kind_hit[kind]:3}/{per_kind[kind]:<3} {per_kind_hit[kind] / per_kind[kind]:6.1%}")
    if misses:
        print("misses:")
        for line in misses:
            print("  " + line)
    if unread:
        print("not counted (the model does not read the changed print back as that fact):")
        for line in unread:
            print("  " + line)
    return total, hit


def test_mutations_are_caught() -> None:
    """Changes beyond rounding (shift, ×10, digit swap, a count to zero, an indicator's ratio moved)."""
    total, hit = _run_group("beyond-rounding mutations", [(p, sample(p)) for p in SEEDS])
    assert total >= MIN_MUTATIONS
    assert hit / total >= CATCH_FLOOR, f"catch rate {hit / total:.1%} fell below {CATCH_FLOOR:.0%}"


def test_onecent_mutations_are_caught() -> None:
    """One cent added to a figure restated elsewhere with the same value (a = b, both printed)."""
    total, hit = _run_group("one-cent mutations (restated figures)", [(p, sample_onecent(p)) for p in SEEDS])
    assert total >= MIN_ONECENT
    assert hit / total >= ONECENT_FLOOR, f"one-cent catch rate {hit / total:.1%} fell below {ONECENT_FLOOR:.0%}"


def _identity_keeping_mutations(path: Path) -> Iterator[tuple[str, str]]:
    """(description, mutated text): a project table's 年初预算数 raised by 1.00 in 年度资金总额 and in
    其中：当年财政拨款 (the only rows that carry it; nothing else restates a project's 年初预算数)."""
    text, doc, _, _ = baseline(path)
    lines = text.split("\n")
    seed = path.name[:3]
    names = Counter(p.name for p in doc.performance)
    for p in doc.performance:
        if p.level != "project" or p.table_kind != "self_evaluation" or names[p.name] > 1:
            continue  # a table printed twice restates its figures in the copy
        total = p.total_funding
        part = next((f for f in p.funding if "当年财政拨款" in f.label), None)
        if total is None or part is None or total.initial_budget is None or part.initial_budget is None:
            continue
        if any(f is not total and f is not part and f.initial_budget not in (None, Decimal(0)) for f in p.funding):
            continue
        a = locate(Site(seed, _span(total.location), total.initial_budget, "funding.initial_budget", "", "amount"), lines)
        b = locate(Site(seed, _span(part.location), part.initial_budget, "funding.initial_budget", "", "amount"), lines)
        if a is None or b is None or a[0] == b[0]:
            continue
        new_lines = list(lines)
        for line, start, end, printed in (a, b):
            raised = Decimal(printed.replace(",", "")) + 1
            new = f"{raised:,f}" if "," in printed else f"{raised:f}"
            new_lines[line - 1] = new_lines[line - 1][:start] + new + new_lines[line - 1][end:]
        yield f"{seed} {p.name}: 年初预算数 +1.00 at lines {a[0]}, {b[0]}", "\n".join(new_lines)


def _wording_mutations(path: Path) -> Iterator[tuple[str, str]]:
    """Text-only changes that touch no figure, no keyword the rules read, no heading."""
    text, _, _, _ = baseline(path)
    for old, new in (("主要原因是", "主要原因为"), ("厉行节约", "勤俭节约"), ("下一步改进措施", "下一步措施")):
        if old in text:
            yield f"{path.name[:3]} “{old}” → “{new}”", text.replace(old, new)


def test_identity_keeping_changes_produce_no_findings() -> None:
    cases: list[tuple[Path, str, str]] = []
    for path in SEEDS:
        cases.extend((path, d, t) for d, t in _identity_keeping_mutations(path))
        cases.extend((path, d, t) for d, t in _wording_mutations(path))
    assert len(cases) >= 5, [d for _, d, _ in cases]
    noisy = []
    for path, desc, text in cases:
        _, _, _, base = baseline(path)
        new = _keys(run_check(text, str(path)), tuple(Severity)) - base
        if new:
            noisy.append(f"{desc}: {sorted(new)}")
    print(f"\nidentity-keeping changes: {len(cases)}, with new findings: {len(noisy)}")
    assert not noisy, noisy


def _site(cls: str, value: str, min_delta: str = "0") -> Site:
    return Site("x", (1,), Decimal(value), "k", "l", cls, Decimal(min_delta))


@pytest.mark.parametrize("printed,op,cls,min_delta,expected", [
    ("564.71", "shift", "amount", "0", "621.19"),  # +10 % (56.48) beats +1.00
    ("4.12", "shift", "amount", "0", "5.12"),  # +1.00
    ("20", "shift", "amount", "0", "40"),  # integer amounts: 20 units of the last digit
    ("1,535.81", "x10", "amount", "0", "15,358.10"),
    ("99.97", "swap", "amount", "0", None),  # 99.79 changes it by 0.18 only
    ("45", "swap", "amount", "0", None),  # 54: 9 < 20 units
    ("77.28", "shift", "rate", "7.73", "85.01"),
    ("84.91", "swap", "rate", "8.5", "48.91"),  # 84.19, 89.41: under 8.5 pt; the next swap
    ("10", "shift", "weight", "0", "11"),
    ("30", "shift", "count", "0", "31"),
    ("1", "zero", "zero_count", "0", "0"),
    ("604.13", "cent", "cent", "0.01", "604.14"),
    ("-6.53", "swap", "rate", "1", None),  # -6.35, -5.63: under 1.00 pt
])
def test_mutate(printed: str, op: str, cls: str, min_delta: str, expected: str | None) -> None:
    got = mutate(printed, op, _site(cls, printed.replace(",", ""), min_delta))
    assert got == (None if expected is None else expected)
