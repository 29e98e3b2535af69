"""Placing the numbers of PDF-text rows into value columns so that the table's identities hold."""


from __future__ import annotations

import functools
import itertools
from decimal import Decimal

from budgetlens.i18n import Message, msg
from budgetlens.recognize import codes
from budgetlens.recognize.table_rows import _at_column, _Row, _tol, _Value
from budgetlens.recognize.table_specs import TableSpec

# ----------------------------------------------------------------------------- placement


def _candidates(row: _Row, spec: TableSpec, warnings: list[str]) -> list[tuple[int, ...]]:
    """The order-preserving placements of the row's numbers into its columns: those that satisfy
    the row identities first, each group by the spec's column preference (then leftmost)."""
    n = len(row.keys)
    k = len(row.numbers)
    if k == 0:
        return [()]
    if k > n:
        start = _window(row, spec)
        if start == k - n:
            warnings.append(Message("parse.table.too_many_numbers", line=row.location.line, numbers=k, columns=n))
        row.numbers = row.numbers[start:start + n]
        k = n
    if k == n:
        return [tuple(range(n))]
    ranked, patterns, joint, tests = _placement_plan(tuple(row.keys), k, spec.prefer, spec.identities)
    if not tests:
        return list(ranked)
    values = [num.value for num in row.numbers]
    # each identity is decided by which numbers land on its columns: decide every such pattern
    # once, then every combination of patterns (one per identity) that some placement has
    held = [[_signature_holds(sig, values, tol) for sig in sigs] for sigs, tol in tests]
    holds = [all(h[x] for h, x in zip(held, pattern, strict=True)) for pattern in patterns]
    ok: list[tuple[int, ...]] = []
    rest: list[tuple[int, ...]] = []
    for c, p in zip(ranked, joint, strict=True):
        (ok if holds[p] else rest).append(c)
    return ok + rest if ok else rest


def _window(row: _Row, spec: TableSpec) -> int:
    """Where the figures of a row printing more numbers than columns start: the last ones (row or
    column numbers lead a row), unless only an earlier run of them satisfies the table's identities
    (a column the table does not know, printed after its own, e.g. 机关运行经费 beside the 三公):
    then the run the identities single out, as an aligned grid leaves an unknown column unread
    (增减额 / 增减率 after this year's figures). The identities are those of the row's columns: of
    several of one total, the one whose parts are all printed (合计 = 基本支出 + 项目支出 where
    人员经费 and 公用经费 are not columns)."""
    n, k = len(row.keys), len(row.numbers)
    tests = _identity_checks(spec.identities, tuple(row.keys))

    def holds(start: int) -> bool:
        vals = {key: num.value for key, num in zip(row.keys, row.numbers[start:start + n], strict=True)}
        for lhs, parts, tol in tests:
            total = vals[lhs]
            if total is None or abs(total - sum((vals.get(r) or _ZERO for r in parts), _ZERO)) > tol:
                return False
        return True

    if not tests or holds(k - n):
        return k - n
    return next((s for s in range(k - n - 1, -1, -1) if holds(s)), k - n)


# which numbers (by index) land on each column an identity names: (lhs, (part, part, …))
_Signature = tuple[tuple[int, ...], tuple[tuple[int, ...], ...]]


@functools.lru_cache(maxsize=256)
def _placement_plan(
    keys: tuple[str, ...], k: int, prefer: tuple[str, ...], identities: tuple[tuple[str, tuple[str, ...]], ...]
) -> tuple[
    tuple[tuple[int, ...], ...],
    tuple[tuple[int, ...], ...],
    tuple[int, ...],
    tuple[tuple[tuple[_Signature, ...], Decimal], ...],
]:
    """What placing k numbers into the columns ``keys`` needs, whatever the numbers are: every
    placement in preference order (stable, so ties stay leftmost first); per identity, the distinct
    patterns of which numbers land on its columns (columns left empty add 0 and are left out),
    with its tolerance; the distinct combinations of one pattern per identity, and each
    placement's combination."""
    order = [prefer.index(key) if key in prefer else len(prefer) + i for i, key in enumerate(keys)]
    ranked = tuple(sorted(itertools.combinations(range(len(keys)), k), key=lambda c: sorted(order[i] for i in c)))
    checks = _identity_checks(identities, keys)
    tests: list[tuple[tuple[_Signature, ...], Decimal]] = []
    per_check: list[list[int]] = []
    for lhs, parts, tol in checks:
        index: dict[_Signature, int] = {}
        column: list[int] = []
        for c in ranked:
            # the numbers placed on a column name, in printed order (a later figure replaces an
            # earlier one on the same name, as a dict of placed values would)
            on = {key: tuple(j for j, pos in enumerate(c) if keys[pos] == key) for key in (lhs, *parts)}
            sig = (on[lhs], tuple(on[r] for r in parts if on[r]))
            column.append(index.setdefault(sig, len(index)))
        tests.append((tuple(index), tol))
        per_check.append(column)
    combos: dict[tuple[int, ...], int] = {}
    joint = tuple(combos.setdefault(p, len(combos)) for p in zip(*per_check, strict=True)) if per_check else ()
    return ranked, tuple(combos), joint, tuple(tests)


def _signature_holds(sig: _Signature, values: list[Decimal | None], tol: Decimal) -> bool:
    """Whether lhs = Σ parts within ``tol`` when the numbers land as ``sig`` says (a column with no
    figure counts 0; leaving a 0 out of the sum does not change its value)."""
    lhs, parts = sig
    total = sum((_last_value(js, values) for js in parts), _ZERO)
    return not abs(_last_value(lhs, values) - total) > tol


def _last_value(js: tuple[int, ...], values: list[Decimal | None]) -> Decimal:
    out = _ZERO
    for j in js:
        v = values[j]
        if v is not None:
            out = v
    return out


_ZERO = Decimal(0)
_IdentityCheck = tuple[str, tuple[str, ...], Decimal]


@functools.cache
def _identity_checks(
    identities: tuple[tuple[str, tuple[str, ...]], ...], keys: tuple[str, ...]
) -> tuple[_IdentityCheck, ...]:
    """Row identities restricted to the columns ``keys``, each with its tolerance. Of several
    identities of the same total, one whose parts are all printed replaces those missing a part
    (合计 = 人员经费 + 公用经费 + 专项业务经费 where 基本支出 is not printed)."""
    present = set(keys)
    # a part not printed whose own parts are (财政拨款 小计 left out, its 一般公共预算 and 政府性基金
    # columns printed) is replaced by them
    sums = {lhs: rhs for lhs, rhs in identities}
    identities = tuple(
        (lhs, tuple(p for r in rhs for p in (
            sums[r] if r not in present and r in sums and any(x in present for x in sums[r]) else (r,))))
        for lhs, rhs in identities)
    whole = {lhs for lhs, rhs in identities if lhs in present and set(rhs) <= present}
    # where none is whole, the one (or ones) naming most of the printed columns: 合计 = 财政拨款 +
    # 事业收入 + 其他收入 + 上年结转 of a template breaking 单位资金 down, rather than the one by
    # 单位资金 of which only 财政拨款 is printed
    most: dict[str, int] = {}
    for lhs, rhs in identities:
        most[lhs] = max(most.get(lhs, 0), len(set(rhs) & present))
    out: list[_IdentityCheck] = []
    for lhs, rhs in identities:
        if lhs not in present or (lhs in whole and not set(rhs) <= present):
            continue
        if lhs not in whole and len(set(rhs) & present) < most[lhs]:
            continue
        parts = tuple(r for r in rhs if r in present)
        if parts:
            out.append((lhs, parts, _tol(len(parts))))
    return tuple(out)


def _placed_values(values: list[tuple[list[str], Decimal | None]], cand: tuple[int, ...]) -> dict[str, Decimal]:
    out: dict[str, Decimal] = {}
    for pos, (keys, value) in zip(cand, values, strict=True):
        if value is not None:
            out[keys[pos]] = value
    return out


def _identities_hold(checks: tuple[_IdentityCheck, ...], vals: dict[str, Decimal]) -> bool:
    for lhs, parts, tol in checks:
        total = sum((vals.get(r, _ZERO) for r in parts), _ZERO)
        if abs(vals.get(lhs, _ZERO) - total) > tol:
            return False
    return True


def _placed(row: _Row, cand: tuple[int, ...]) -> dict[str, Decimal]:
    out: dict[str, Decimal] = {}
    for pos, num in zip(cand, row.numbers, strict=True):
        if num.value is not None:
            out[row.keys[pos]] = num.value
    return out




def _constraints(rows: list[_Row], spec: TableSpec) -> list[tuple[int, list[int]]]:
    """(parent row, child rows) pairs whose values must add up per column."""
    out: list[tuple[int, list[int]]] = []
    for side in {r.side for r in rows}:
        idx = [i for i, r in enumerate(rows) if r.side == side]
        coded = [i for i in idx if rows[i].code]
        if not coded:
            continue
        children: dict[int, list[int]] = {}
        for i in coded:
            r = rows[i]
            code = r.code or ""
            parent: int | None = None
            if r.project:
                parent = next((p for p in reversed(coded) if p < i and rows[p].code == code and not rows[p].project), None)
            if parent is None and len(code) > 3:
                pc = codes.parent_code(code)
                parent = next((p for p in reversed(coded) if p < i and rows[p].code == pc), None)
                if parent is None:
                    continue
            if parent is None:  # a 类 row: under the nearest unit subtotal, else the table total
                group = next((p for p in reversed(idx) if p < i and rows[p].is_group), None)
                parent = group if group is not None else -1
            children.setdefault(parent, []).append(i)
        totals = [i for i in idx if rows[i].is_total]
        total = _main_total(rows, totals)
        groups = [i for i in idx if rows[i].is_group]
        if total is not None:
            if groups:
                children[total] = groups + children.pop(-1, [])
            elif -1 in children:
                children[total] = children.pop(-1)
        children.pop(-1, None)
        out.extend((p, c) for p, c in children.items() if c)
    return out


def _main_total(rows: list[_Row], totals: list[int]) -> int | None:
    if len(totals) == 1:
        return totals[0]
    for i in totals:
        if "本年" in rows[i].name and "合计" in rows[i].name:
            return i
    plain = [i for i in totals if rows[i].name in ("合计", "总计", "支出总计")]
    return plain[0] if len(plain) == 1 else None


def _scale_of(rows: list[_Row]) -> int:
    """Decimal places needed to hold every number of the table as an integer."""
    places = 0
    for r in rows:
        for v in r.numbers:
            if v.value is not None:
                exp = v.value.as_tuple().exponent
                if isinstance(exp, int) and -exp > places:
                    places = -exp
    return places


def _as_int(value: Decimal, places: int) -> int:
    """``value`` × 10**places exactly (``places`` covers every decimal of ``value``)."""
    sign, digits, exp = value.as_tuple()
    assert isinstance(exp, int)
    n = int("".join(map(str, digits)) or "0") * 10 ** (exp + places)
    return -n if sign else n


_STEP_BUDGET = 200_000  # candidates tried before the placement search gives up


def _solve(rows: list[_Row], spec: TableSpec, warnings: list[str]) -> None:
    """Choose one placement per unaligned row so that every hierarchy identity holds.

    Depth-first over the rows in printed order, each row's candidates in preference order; the
    first two complete solutions are kept (two mean the identities leave the placement open).
    A constraint (parent, children) is checked in full when its last row is placed, and, when no
    figure is negative, as a running bound (children may not exceed the parent) whenever a child
    after the parent is placed. Figures are exact integers in the table's smallest unit and every
    constraint keeps its running column sums, so a step costs a few additions per constraint.
    """
    if not any(r.fixed is None for r in rows):
        return
    cons = _constraints(rows, spec)
    nonneg = all((v.value or 0) >= 0 for r in rows for v in r.numbers)
    for r in rows:
        if not r.candidates:
            r.candidates = [()] if not r.numbers else [tuple(range(len(r.numbers)))]
    places = _scale_of(rows)
    ints = [[None if v.value is None else _as_int(v.value, places) for v in r.numbers] for r in rows]
    scale = Decimal(10) ** places
    # Per constraint: the parent's columns, the tolerance in table units, running child sums.
    con_keys = [rows[p].keys for p, _ in cons]
    con_tol = [int(_tol(len(ch)) * scale) for _, ch in cons]  # |difference| is an integer: floor
    con_sum = [[0] * len(keys) for keys in con_keys]
    con_parent: list[list[int]] = [[0] * len(keys) for keys in con_keys]
    child_of: list[list[int]] = [[] for _ in rows]
    parent_of: list[list[int]] = [[] for _ in rows]
    by_last: list[list[int]] = [[] for _ in rows]
    partial: list[list[int]] = [[] for _ in rows]
    for q, (p, ch) in enumerate(cons):
        parent_of[p].append(q)
        by_last[max([p, *ch])].append(q)
        for c in ch:
            child_of[c].append(q)
            if c > p and nonneg:  # without the sign bound a partial check never fails
                partial[c].append(q)
    # Placed figures of (row, candidate) over a constraint's columns, computed when first tried;
    # each of the row's positions feeds the constraint columns of the same key.
    vectors: dict[tuple[int, int, int], list[int]] = {}
    targets: dict[tuple[int, int], list[list[int]]] = {}

    def vector(i: int, ci: int, q: int) -> list[int]:
        key = (i, ci, q)
        vec = vectors.get(key)
        if vec is None:
            cols = targets.get((i, q))
            if cols is None:
                qkeys = con_keys[q]
                cols = targets[i, q] = [[k for k, name in enumerate(qkeys) if name == own] for own in rows[i].keys]
            vec = [0] * len(con_keys[q])
            for pos, v in zip(rows[i].candidates[ci], ints[i], strict=True):
                if v is not None:
                    for k in cols[pos]:
                        vec[k] = v
            vectors[key] = vec
        return vec

    # Which candidates fit, as bit masks over the row's candidate list: for each (row, number,
    # position) the candidates that put that number there, and per position the candidates that
    # leave it without a figure. A constraint column takes the row's figure from the one position
    # of the same name (a row with repeated column names is tested candidate by candidate).
    full = [(1 << len(r.candidates)) - 1 for r in rows]
    masks_of: dict[int, tuple[list[list[int]], list[int]]] = {}

    def masks(i: int) -> tuple[list[list[int]], list[int]]:
        """Row i's (number → position → candidates, position → candidates without a figure)."""
        hit = masks_of.get(i)
        if hit is None:
            r = rows[i]
            at = [[0] * len(r.keys) for _ in r.numbers]
            for ci, cand in enumerate(r.candidates):
                bit = 1 << ci
                for j, pos in enumerate(cand):
                    at[j][pos] |= bit
            filled = [0] * len(r.keys)
            for j, v in enumerate(ints[i]):
                if v is not None:
                    for pos, m in enumerate(at[j]):
                        filled[pos] |= m
            hit = masks_of[i] = (at, [full[i] & ~m for m in filled])
        return hit

    own_pos: dict[tuple[int, int], list[int | None] | None] = {}

    def positions(i: int, q: int) -> list[int | None] | None:
        """Per column of constraint q, row i's position of the same name (None: no such column);
        None when a name occurs twice among the row's columns."""
        key = (i, q)
        if key not in own_pos:
            own = rows[i].keys
            found: list[int | None] = []
            unique = True
            for name in con_keys[q]:
                hits = [pos for pos, k in enumerate(own) if k == name]
                unique = unique and len(hits) < 2
                found.append(hits[0] if hits else None)
            own_pos[key] = found if unique else None
        return own_pos[key]

    def fitting(i: int, limits: list[tuple[int, list[int], list[int] | None]]) -> int:
        """The mask of row i's candidates whose placed figures are within ``limits``."""
        mask = full[i]
        figs = ints[i]
        at, empty_at = masks(i)
        for q, upper, lower in limits:
            cols = positions(i, q)
            if cols is None:
                for ci in range(len(rows[i].candidates)):
                    vec = vector(i, ci, q)
                    if lower is None:
                        fits = all(v <= hi for v, hi in zip(vec, upper, strict=True))
                    else:
                        fits = all(lo <= v <= hi for v, lo, hi in zip(vec, lower, upper, strict=True))
                    if not fits:
                        mask &= ~(1 << ci)
                if not mask:
                    return 0
                continue
            for k, pos in enumerate(cols):
                hi = upper[k]
                lo = None if lower is None else lower[k]
                zero_fits = hi >= 0 and (lo is None or lo <= 0)
                if pos is None:  # the row has no such column: it puts 0 there
                    if not zero_fits:
                        return 0
                    continue
                allowed = empty_at[pos] if zero_fits else 0
                for j, v in enumerate(figs):
                    if v is not None and v <= hi and (lo is None or lo <= v):
                        allowed |= at[j][pos]
                mask &= allowed
                if not mask:
                    return 0
        return mask

    choice: list[tuple[int, ...] | None] = [None] * len(rows)
    solutions: list[list[tuple[int, ...]]] = []
    budget = [_STEP_BUDGET]
    # What placing row i must satisfy, as bounds on its own placed figures per constraint column:
    # (constraint, row is its parent, bounds are two-sided).
    checks: list[list[tuple[int, bool, bool]]] = [
        [(q, cons[q][0] == i, True) for q in by_last[i]] + [(q, False, False) for q in partial[i] if q not in by_last[i]]
        for i in range(len(rows))
    ]

    def bounds(i: int) -> list[tuple[int, list[int], list[int] | None]]:
        """(constraint, upper, lower) bounds on row i's figures given the rows placed before it."""
        out: list[tuple[int, list[int], list[int] | None]] = []
        for q, is_parent, exact in checks[i]:
            tol = con_tol[q]
            if is_parent:  # |v - Σ children| <= tol
                out.append((q, [s + tol for s in con_sum[q]], [s - tol for s in con_sum[q]]))
                continue
            room = [pv - s for pv, s in zip(con_parent[q], con_sum[q], strict=True)]
            out.append((q, [r + tol for r in room], [r - tol for r in room] if exact else None))
        return out

    # Rows with one candidate and nothing to check always take it at one step each: a run of
    # them is passed in one go, adding what the whole run adds to each constraint's sums.
    runs = [0] * (len(rows) + 1)
    for i in range(len(rows) - 1, -1, -1):
        if len(rows[i].candidates) == 1 and not checks[i]:
            runs[i] = runs[i + 1] + 1
    run_added: dict[int, list[tuple[int, list[int]]]] = {}
    run_parent: dict[int, list[tuple[int, list[int]]]] = {}

    def through(i: int) -> None:
        """search(i) for a run of single-candidate rows without checks starting at row i."""
        m = runs[i]
        if i not in run_added:
            added: dict[int, list[int]] = {}
            parents: dict[int, list[int]] = {}
            for j in range(i, i + m):
                for q in parent_of[j]:
                    parents[q] = vector(j, 0, q)
                for q in child_of[j]:
                    vec = vector(j, 0, q)
                    acc = added.setdefault(q, [0] * len(vec))
                    for k, v in enumerate(vec):
                        acc[k] += v
            run_added[i] = list(added.items())
            run_parent[i] = list(parents.items())
        for j in range(i, i + m):
            choice[j] = rows[j].candidates[0]
        for q, vec in run_parent[i]:
            con_parent[q] = vec
        for q, vec in run_added[i]:
            sums = con_sum[q]
            for k, v in enumerate(vec):
                sums[k] += v
        budget[0] = max(budget[0] - m, 0)  # one step per row; search(i + m) stops at once at 0
        search(i + m)
        for q, vec in run_added[i]:
            sums = con_sum[q]
            for k, v in enumerate(vec):
                sums[k] -= v
        for j in range(i, i + m):
            choice[j] = None

    def search(i: int) -> None:
        """Every candidate tried costs one step of the budget, fitting or not. Only the fitting
        ones are visited; the ones skipped between them are charged as if tried one by one (the
        search stops where the budget runs out, as it would have, and no skipped candidate could
        have added a solution)."""
        if len(solutions) >= 2 or budget[0] <= 0:
            return
        if i == len(rows):
            solutions.append([c or () for c in choice])
            return
        if runs[i]:
            through(i)
            return
        cands = rows[i].candidates
        mask = fitting(i, bounds(i)) if checks[i] else full[i]
        last = -1
        while mask:
            low = mask & -mask
            mask ^= low
            ci = low.bit_length() - 1
            skipped = ci - last - 1
            last = ci
            if budget[0] <= skipped:  # the budget ran out on a candidate that does not fit
                budget[0] = 0
                break
            budget[0] -= skipped + 1
            choice[i] = cands[ci]
            for q in parent_of[i]:
                con_parent[q] = vector(i, ci, q)
            added = [(con_sum[q], vector(i, ci, q)) for q in child_of[i]]
            for sums, vec in added:
                for k, v in enumerate(vec):
                    sums[k] += v
            search(i + 1)
            for sums, vec in added:
                for k, v in enumerate(vec):
                    sums[k] -= v
            if len(solutions) >= 2 or budget[0] <= 0:
                break
        else:
            budget[0] = max(budget[0] - (len(cands) - 1 - last), 0)
        choice[i] = None

    search(0)
    if solutions:
        best = solutions[0]
        if len(solutions) > 1:
            differing = [rows[i] for i in range(len(rows)) if solutions[0][i] != solutions[1][i]]
            if differing:
                warnings.append(Message(
                    "parse.table.placement_open",
                    rows=[msg("parse.row_at_line", line=r.location.line, name=r.name or r.code)
                          for r in differing[:5]],
                    more=" …" if len(differing) > 5 else "",
                    table=spec.id,
                    prefer=list(spec.prefer) if spec.prefer else msg("parse.leftmost_columns")))
    else:
        best = [r.candidates[0] for r in rows]
        ambiguous = [r for r in rows if len(r.candidates) > 1]
        if ambiguous:
            warnings.append(Message("parse.table.no_placement", rows=len(ambiguous)))
    for r, cand in zip(rows, best, strict=True):
        if r.fixed is not None:
            continue
        fixed: dict[str, _Value] = {}
        for pos, num in zip(cand, r.numbers, strict=False):
            loc = _at_column(num.location, pos) if num.location is not None else None
            fixed[r.keys[pos]] = _Value(num.value, loc)
        r.fixed = fixed
