"""PDF text tables (cells separated by spaces, empty cells gone): header end, rows, sides."""


from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from decimal import Decimal

from budgetlens.i18n import Message
from budgetlens.model import Cell, Column, Location
from budgetlens.recognize import codes
from budgetlens.recognize.lazy_pattern import lazy
from budgetlens.recognize.segment import compact, is_preamble, is_title
from budgetlens.recognize.table_columns import (
    _dedupe,
    _detect_keys,
    _detect_printed,
    _explained,
    _row_is_data,
)
from budgetlens.recognize.table_placement import _candidates
from budgetlens.recognize.table_rows import (
    _has_cjk,
    _is_index_row,
    _is_number,
    _is_prose,
    _is_row_number,
    _mark_groups,
    _Row,
    _tol,
    _Value,
    _value,
    is_total_name,
)
from budgetlens.recognize.table_specs import TableSpec, is_phase_word, norm

_PROSE = lazy(r"[，。；]")
# a line opening with an item's number (一、 1． （1） (一)) or 其中： starts a row of its own
_ENUM_START = lazy(r"^(?:[一二三四五六七八九十]+、|\d+[、.．]|[(（](?:\d+|[一二三四五六七八九十]+)[)）]|其中[:：])")
_EXPENSE_LABEL = lazy(r"(?:支出|支)$|^支出|结余分配|年末|下年|支出总计|支出合计|用事业基金弥补|^结余")
_DECIMAL_TOKEN = lazy(r"^[-−+]?(?:\d{1,3}(?:,\d{3})+|\d+)\.\d+$|^[-−+]?\d{1,3}(?:,\d{3})+$")



# ----------------------------------------------------------------------------- unaligned grids


@dataclass(slots=True)
class _Tok:
    text: str
    location: Location


def _merge_tokens(cells: list[Cell]) -> list[_Tok]:
    """Join characters printed with spaces between them (``收 入 总 计``) into one token."""
    out: list[_Tok] = []
    run: list[Cell] = []

    def flush() -> None:
        if run:
            out.append(_Tok("".join(c.text for c in run), run[0].location))
            run.clear()

    for c in cells:
        t = c.text.strip()
        if not t:
            continue
        if len(t) == 1 and _has_cjk(t):
            run.append(c)
            continue
        flush()
        out.append(_Tok(t, c.location))
    flush()
    return out


def _unaligned_header_end(lines: list[list[_Tok]]) -> tuple[int, int | None]:
    """Index of the first body line, and the number of value columns an index row states."""
    for i, toks in enumerate(lines):
        texts = [t.text for t in toks]
        if _is_index_row(texts):
            ints = [x for x in texts if x.isdigit()]
            return i + 1, len(ints) or None
    for i, toks in enumerate(lines):
        texts = [t.text for t in toks]
        if _is_prose(texts) or _row_is_data(texts):
            return i, None
        if texts and is_total_name(texts[0]) and len(texts) > 1 and all(_is_number(x) for x in texts[1:]):
            return i, None
    return len(lines), None


def _read_unaligned(
    grid_rows: list[list[Cell]], spec: TableSpec, known: dict[str, str], warnings: list[str]
) -> tuple[list[_Row], list[Column], list[str]]:
    lines = [_merge_tokens(r) for r in grid_rows]
    lines = [ln for ln in lines if ln]
    start, n_index = _unaligned_header_end(lines)
    header_text = norm("".join(t.text for ln in lines[:start] if not _is_preamble_line(ln)
                               for t in ln if not _is_index_row([t.text])))
    prose: list[str] = []
    # Body lines: drop repeated preamble/header blocks after page breaks, collect prose notes.
    body: list[list[_Tok]] = []
    skipping = False
    pending_prose: list[str] = []
    for ln in lines[start:]:
        texts = [t.text for t in ln]
        if pending_prose:
            pending_prose.append("".join(texts))
            if "。" in "".join(texts) or not _PROSE.search("".join(pending_prose)):
                prose.append("".join(pending_prose))
                pending_prose = []
            continue
        if _is_prose(texts) and not _row_is_data([t for t in texts if not _DECIMAL_TOKEN.match(t)] or texts):
            joined = "".join(texts)
            if "。" in joined:
                prose.append(joined)
            else:
                pending_prose = [joined]
            continue
        if all(is_preamble(t) or is_title(t) for t in texts):
            skipping = True
            continue
        if skipping:
            if _is_index_row(texts):
                skipping = False
                continue
            if _row_is_data(texts):
                skipping = False
            else:
                continue
        body.append(ln)
    if pending_prose:
        prose.append("".join(pending_prose))
    # Which value columns the header names.
    columns: list[Column] = []
    income_keys = [c.key for c in spec.income_columns]
    detected = _detect_keys(header_text, spec.read_columns)
    # Index rows of two-sided tables count the income side's columns too.
    n_expense = n_index - len(income_keys) if n_index and spec.two_sided else n_index
    if any(k in spec.alone for k in detected):
        detected = [k for k in detected if k in spec.alone]
    if n_expense is None and detected and _explained(header_text, spec.read_columns):
        keys = detected
    elif n_expense is None and not detected and any(w in header_text for w in _AMOUNT_WORDS):
        # the header names only an amount (预算数): the table's first column; a 预算数 and a
        # 决算数 of a table keyed by phase (the 三公 items as rows): the two phases' totals
        keys = _phase_totals(header_text, spec) or spec.keys[:1]
    else:
        keys = _choose_keys(detected, spec, n_expense, warnings)
    if spec.alt_order and _alt_order_applies(header_text, spec):
        keys = [k for k in spec.alt_order if k in keys]
    heads = [ln for ln in lines[:start] if not _is_preamble_line(ln) and not _is_index_row([t.text for t in ln])]
    if len(heads) == 1 and not spec.two_sided and sorted(keys) == sorted(detected):
        # a header of one line prints its columns in their order (上年结转 before the 拨款 columns)
        keys = _detect_printed(header_text, spec.read_columns)
    for k in income_keys if spec.two_sided else []:
        columns.append(Column(key=k, label=k))
    columns.extend(Column(key=k, label=k) for k in keys)
    numbered = "行次" in header_text
    if numbered:
        body = [_drop_row_numbers(ln) for ln in body]
    if "序号" in header_text:
        # the bare integer leading each line is the row's number in a 序号 column
        body = [ln[1:] if len(ln) > 1 and _is_row_number(ln[0].text) else ln for ln in body]
    if spec.two_sided:
        # an amount word printed more than twice: the expense side is printed in parallel blocks
        # (by 功能分类, by 经济分类 …), each a breakdown of the same total; read the first
        groups, own = _year_groups(header_text)
        parallel = len(keys) == 1 and sum(header_text.count(w) for w in _AMOUNT_WORDS) > 2 and own is None
        rows = _two_sided_rows(body, spec, income_keys, keys, parallel, groups if own is not None else 1)
    else:
        n_blocks = max(header_text.count("科目名称"), header_text.count("科目编码"), 1) if not spec.has_project else 1
        rows = []
        for block in _split_blocks(body, n_blocks):
            rows.extend(_one_sided_rows(block, spec, keys, known, "类款项" in header_text))
        group = _group_heading(header_text, spec, keys, rows)
        if group is not None:
            columns = [c for c in columns if c.key != group]
            for r in rows:
                r.keys = [k for k in r.keys if k != group]
    _mark_groups(rows, spec)
    groups, own = _year_groups(header_text)
    for r in rows:
        if own is not None and r.keys and len(r.numbers) == groups * len(r.keys):
            # one block of figures per group of years (2024年 | 2025年 | 增减变化): the report year's
            r.numbers = r.numbers[own * len(r.keys):(own + 1) * len(r.keys)]
        r.candidates = _candidates(r, spec, warnings)
    return rows, _dedupe(columns), prose


_GROUP_WORD = lazy(r"比上年|较上年|(20\d{2})年|(上年|本年)度?(?:预算|决算|执行|数)|增减|变化|变动")


def _year_groups(header: str) -> tuple[int, int | None]:
    """A header printing the same columns in groups of years (``2024年 2025年 增减变化情况``):
    how many groups, and which one is the latest year's (None unless two groups or more)."""
    labels: list[str] = []
    for m in _GROUP_WORD.finditer(header):
        label = m.group(1) or m.group(2) or "change"
        if label not in labels:
            labels.append(label)
    years = [x for x in labels if x[0].isdigit()]
    if not years and "本年" in labels:
        years = ["本年"]  # the years named relatively: 上年预算数 | 本年预算数
    if len(labels) < 2 or not years:
        return len(labels), None
    return len(labels), labels.index(max(years))


_UNIT_LINE = lazy(r"^(?:单位名称|部门名称|编制单位|编制部门|预算单位|填报单位)[:：]")


def _group_heading(header: str, spec: TableSpec, keys: list[str], rows: list[_Row]) -> str | None:
    """A column word that heads its parts in PDF text (基本支出 over 人员经费 | 公用经费, with no
    小计 under it) names no column of its own: the key of a sum whose parts are all columns too,
    when no row prints a figure for every column and the header prints no 小计."""
    if "小计" in header or any(len(r.numbers) >= len(keys) for r in rows):
        return None
    sums = [lhs for lhs, rhs in spec.identities
            if lhs in keys and lhs != keys[0] and set(rhs) <= set(keys)]
    return sums[0] if len(sums) == 1 else None


def _is_preamble_line(line: list[_Tok]) -> bool:
    """A line naming the unit or the amount unit above the header (``单位名称：…  单位：元``)."""
    return bool(line) and all(is_preamble(t.text) or _UNIT_LINE.match(norm(t.text)) for t in line)


def _alt_order_applies(header: str, spec: TableSpec) -> bool:
    """Whether the header names ``spec.order_marker`` before any alias of the columns other than
    the words many columns share (预算数/决算数 name half the 三公 columns): the blocks on top."""
    counts: dict[str, int] = {}
    for cs in spec.read_columns:
        for a in set(cs.aliases):
            counts[norm(a)] = counts.get(norm(a), 0) + 1
    own = [a for a, n in counts.items() if n * 2 < len(spec.read_columns) and not is_phase_word(a)]
    at = header.find(norm(spec.order_marker))
    first = min((p for p in (header.find(a) for a in own) if p >= 0), default=-1)
    return at >= 0 and (first < 0 or at < first)


def _drop_row_numbers(line: list[_Tok]) -> list[_Tok]:
    """PDF text of a table with a 行次 column: the bare integer printed right after each label
    (a side's label in two-sided tables) is the row number, not a figure."""
    out: list[_Tok] = []
    for i, t in enumerate(line):
        if i and _is_row_number(t.text) and _has_cjk(line[i - 1].text) and not codes.is_class_token(t.text):
            continue
        out.append(t)
    return out


def _split_blocks(body: list[list[_Tok]], n_blocks: int) -> list[list[list[_Tok]]]:
    """PDF text of a table printed as blocks side by side (final table 6: 科目编码 科目名称 决算数
    for 人员经费, again for 公用经费): each line is cut where a code followed by a name, or a total
    label, starts after a name of the block before; the blocks' lines are read one block after
    the other, as the aligned reader does."""
    if n_blocks < 2:
        return [body]
    cut = [_cut_line(ln, n_blocks) for ln in body]
    if _described_pairs(cut):
        # One block whose rows print a second (code, name) pair before the figures (the
        # 政府经济科目 of each 部门经济科目): the row keeps its first code and name and the figures.
        return [[parts[0] + [t for p in parts[1:] for t in p[1:] if _is_number(t.text)] for parts in cut]]
    blocks: list[list[list[_Tok]]] = [[] for _ in range(n_blocks)]
    for parts in cut:
        for b, part in enumerate(parts):
            if part:
                blocks[b].append(part)
    return [b for b in blocks if b]


def _described_pairs(cut: list[list[list[_Tok]]]) -> bool:
    """Whether the lines cut into several parts are (code, name) pairs of one row rather than
    blocks side by side: the parts before the last print no figures of their own."""
    split = [parts for parts in cut if len(parts) > 1]
    bare = sum(1 for parts in split if not any(_is_number(t.text) for p in parts[:-1] for t in p[1:]))
    return bool(split) and bare * 2 > len(split)


def _cut_line(ln: list[_Tok], n_blocks: int) -> list[list[_Tok]]:
    """One line of a table printed as blocks side by side, cut where each block starts: a code
    followed by a name, or a total label, after a name of the block before."""
    parts: list[list[_Tok]] = [[]]
    for i, t in enumerate(ln):
        cur = parts[-1]
        starts = (
            len(parts) < n_blocks and any(_has_cjk(x.text) for x in cur) and (
                (bool(codes.join_parts([t.text]) or codes.split_code_prefix(t.text)[0])
                 and i + 1 < len(ln) and _has_cjk(ln[i + 1].text) and not _has_cjk(t.text))
                or (is_total_name(t.text) and _has_cjk(t.text))
                or bool(codes.split_code_prefix(t.text)[0] and _has_cjk(codes.split_code_prefix(t.text)[1]))
            )
        )
        if starts:
            parts.append([t])
        else:
            cur.append(t)
    return parts


_PHASE_WORDS = (("initial_total", lazy("年初预算数")), ("budget_total", lazy("(?<!年初)预算数")),
                ("actual_total", lazy("决算数")))


def _phase_totals(header: str, spec: TableSpec) -> list[str]:
    """The total columns of the phases the header names (年初预算数, 预算数 or 全年预算数, 决算数),
    in printed order, for a table whose columns are keyed by phase; [] when it names one phase or
    the table has none."""
    known = {c.key for c in spec.read_columns}
    at = {key: m.start() for key, word in _PHASE_WORDS if key in known and (m := word.search(header))}
    if "budget_total" not in at or "actual_total" not in at:
        return []
    return sorted(at, key=lambda key: at[key])


def _choose_keys(detected: list[str], spec: TableSpec, n: int | None, warnings: list[str]) -> list[str]:
    full = spec.keys
    if n is None:
        return detected if len(detected) >= max(1, len(full) - 2) else full
    if len(detected) == n:
        return detected
    if len(full) == n:
        return full
    if len(detected) > n:
        warnings.append(Message("parse.table.header_more_columns", detected=len(detected), n=n))
        return detected[:n]
    warnings.append(Message("parse.table.header_fewer_columns", detected=len(detected), n=n))
    extra = [k for k in full if k not in detected]
    return [k for k in full if k in detected or k in extra[: n - len(detected)]]


def _split_line(toks: list[_Tok]) -> tuple[str | None, list[str], list[_Tok], list[_Tok]]:
    """Classify one printed line: leading code parts, text tokens and trailing numbers."""
    i = 0
    parts: list[str] = []
    if toks and codes.is_class_token(toks[0].text):
        parts.append(toks[0].text)
        i = 1
        while i < len(toks) and len(parts) < 3:
            t = toks[i].text.strip()
            if not codes.is_part_token(t):
                # a 款/项 printed without its leading zero (``301 2 津贴补贴``)
                if not (len(t) == 1 and t.isdigit() and i + 1 < len(toks) and _has_cjk(toks[i + 1].text)):
                    break
                t = "0" + t
            parts.append(t)
            i += 1
    elif toks and len(toks) > 1 and codes.join_parts([toks[0].text]) and _has_cjk(toks[1].text):
        parts.append(toks[0].text)  # a code printed joined (2130201) before its name
        i = 1
    elif toks:
        c, rest = codes.split_code_prefix(toks[0].text)
        if c and rest and _has_cjk(rest):
            parts.append(c)
            toks = [_Tok(rest, toks[0].location), *toks[1:]]
    code = codes.join_parts(parts) if parts else None
    rest_toks = toks[i:]
    # Trailing numbers; numbers before a text token belong to the text (a year inside a name).
    j = len(rest_toks)
    while j > 0 and _is_number(rest_toks[j - 1].text):
        j -= 1
    texts = rest_toks[:j]
    nums = rest_toks[j:]
    return code, parts, texts, nums


def _one_sided_rows(body: list[list[_Tok]], spec: TableSpec, keys: list[str], known: dict[str, str],
                    three_levels: bool = False) -> list[_Row]:
    rows: list[_Row] = []
    frags: list[list[str]] = []  # text fragments per line of the current row
    width = max((len(compact(t.text)) for ln in body for t in ln if _has_cjk(t.text)), default=0)
    cur: _Row | None = None

    def close() -> None:
        nonlocal cur, frags
        if cur is not None:
            _assign_texts(cur, frags, spec, known)
            rows.append(cur)
        cur = None
        frags = []

    last_class: str | None = None
    kuan: list[Decimal] = []  # the last 款's total and the sum of its 项 read so far
    last_kuan: str | None = None
    for ln in body:
        code, _parts, texts, nums = _split_line(ln)
        first = _value(nums[0].text) if nums else None
        if code is None and last_class and len(texts) > 1 and codes.is_part_token(texts[0].text) \
                and _has_cjk(texts[1].text):
            # a 款 printed by its own two digits under its 类 (``03 政府办公厅…`` after ``201``);
            # under 类 | 款 | 项 columns (PDF text drops the empty ones) a 项 of the last 款 while
            # the 项 read so far fall short of the 款's total
            if three_levels and last_kuan and len(kuan) == 2 and kuan[1] < kuan[0] - _tol(1):
                code = codes.join_parts([last_kuan, texts[0].text])
                kuan[1] += first or Decimal(0)
            else:
                code = codes.join_parts([last_class, texts[0].text])
            texts = texts[1:]
        if code is not None:
            last_class = code[:3]
            if len(code) == 3:
                last_kuan = None
            elif len(code) == 5:
                last_kuan, kuan = code, ([first, Decimal(0)] if first is not None else [])
        text_vals = [t.text for t in texts]
        starts_new = (
            code is not None
            or cur is None
            or bool(cur.numbers)
            or (text_vals and is_total_name(text_vals[0]))
            or (cur.code is None and not cur.numbers and not frags and not text_vals)
        )
        if cur is not None and not cur.numbers and code is None and text_vals and not is_total_name(text_vals[0]):
            starts_new = _starts_row_without_code(cur, frags, text_vals, width, known)
        if starts_new:
            close()
            cur = _Row(side=None, code=code, name="", project=None, location=ln[0].location,
                       raw=[t.text for t in ln], keys=list(keys))
        else:
            assert cur is not None
            cur.raw.extend(t.text for t in ln)
            cur.location = dataclasses.replace(cur.location, line_end=ln[-1].location.line)
        if text_vals:
            frags.append(text_vals)
        for t in nums:
            cur.numbers.append(_Value(_value(t.text), t.location))
    close()
    return rows


def _starts_row_without_code(cur: _Row, frags: list[list[str]], texts: list[str], width: int,
                             known: dict[str, str]) -> bool:
    """A text-only line after a row that has no numbers yet: a wrapped continuation, or a new
    row (a codeless row such as 因公出国（境）费 that printed no figures)?"""
    if cur.code is not None:
        return False  # coded rows always get their numbers, or the next code starts a row
    if not frags:
        return False
    first = frags[0][0]
    last = frags[-1][-1]
    name = compact("".join(f[0] for f in frags))
    if _ENUM_START.match(texts[0]) or texts[0].startswith(("其中", "其他")):
        return True
    if any(n.startswith(name) and n != name for n in known.values()):
        return False
    # A wrapped cell fills its column: its lines but the last are as wide as the widest text
    # printed in that column; a shorter line ended its cell.
    if len(frags) > 1 and len(compact(last)) < len(compact(first)):
        return True
    return len(compact(last)) < width - 1


def _assign_texts(row: _Row, frags: list[list[str]], spec: TableSpec, known: dict[str, str]) -> None:
    if not spec.has_project:
        row.name = compact("".join(t for f in frags for t in f))
        return
    name_parts: list[str] = []
    project_parts: list[str] = []
    target = known.get(row.code or "")
    name_done = False
    for f in frags:
        if len(f) >= 2 and not name_done:
            name_parts.append(f[0])
            project_parts.extend(f[1:])
            continue
        for t in f:
            if name_done:
                project_parts.append(t)
                continue
            name_parts.append(t)
            joined = compact("".join(name_parts))
            if target is not None:
                name_done = joined == target or not target.startswith(joined)
            elif len(name_parts) > 1 and len(norm(t)) < len(norm(name_parts[0])):
                name_done = True
    if row.code is None or len(row.code) < 7:
        row.name = compact("".join(name_parts + project_parts))
        return
    if not project_parts and len(name_parts) > 1 and target is None:
        project_parts = name_parts[1:]
        name_parts = name_parts[:1]
    row.name = compact("".join(name_parts))
    row.project = compact("".join(project_parts)) or None


_AMOUNT_WORDS = ("预算数", "决算数", "金额")


def _first_block(toks: list[_Tok]) -> list[_Tok]:
    """The expense part of a line up to where the next parallel block's label starts."""
    out: list[_Tok] = []
    for t in toks:
        if _has_cjk(t.text) and any(_has_cjk(x.text) for x in out):
            break
        out.append(t)
    return out


def _two_sided_rows(body: list[list[_Tok]], spec: TableSpec, income_keys: list[str],
                    expense_keys: list[str], parallel: bool = False, groups: int = 1) -> list[_Row]:
    """Income and expense rows of a two-sided table; ``groups``: the blocks of figures each side
    prints per row (上年预算数 | 本年预算数), of which the caller keeps the report year's."""
    income: list[_Row] = []
    expense: list[_Row] = []
    for ln in body:
        toks = list(ln)
        # Income part: a leading label that is not an expense label, then at most as many
        # numbers as the income side has columns.
        inc: list[_Tok] = []
        k = 0
        if toks and not codes.is_class_token(toks[0].text) and _has_cjk(toks[0].text) and \
                not _is_expense_label(toks[0].text, bool(income)):
            inc.append(toks[0])
            k = 1
            while k < len(toks) and _has_cjk(toks[k].text) and not codes.is_class_token(toks[k].text) \
                    and not _is_expense_label(toks[k].text, True) and not _ENUM_START.match(toks[k].text):
                inc.append(toks[k])
                k += 1
            n = 0
            while k < len(toks) and n < len(income_keys) * groups and _is_number(toks[k].text) \
                    and not codes.is_class_token(toks[k].text):
                inc.append(toks[k])
                k += 1
                n += 1
        exp = toks[k:]
        if parallel:
            exp = _first_block(exp)
        if not inc and not exp:
            continue
        if inc:
            labels = [t for t in inc if _has_cjk(t.text)]
            nums = [t for t in inc if not _has_cjk(t.text)]
            if not nums and len(labels) == 1 and len(norm(labels[0].text)) <= 3 and income and not exp \
                    and not is_total_name(labels[0].text):
                income[-1].name += compact(labels[0].text)
                continue
            income.append(_Row(side="income", code=None, name=compact("".join(t.text for t in labels)), project=None,
                               location=inc[0].location, raw=[t.text for t in inc], keys=list(income_keys),
                               numbers=[_Value(_value(t.text), t.location) for t in nums]))
        if exp:
            code, _parts, texts, nums = _split_line(exp)
            name = compact("".join(t.text for t in texts))
            if code is None and not nums and expense and len(name) <= 3 and not is_total_name(name) \
                    and not _ENUM_START.match(name):
                expense[-1].name += name  # a wrapped expense label
                continue
            expense.append(_Row(side="expense", code=code, name=name, project=None, location=exp[0].location,
                                raw=[t.text for t in exp], keys=list(expense_keys),
                                numbers=[_Value(_value(t.text), t.location) for t in nums]))
    return income + expense


def _is_expense_label(text: str, income_seen: bool) -> bool:
    t = norm(text)
    if codes.split_code_prefix(t)[0]:
        return True
    if "收入" in t or "拨款" in t or "年初" in t or "上年" in t:
        return False
    return bool(_EXPENSE_LABEL.search(t))
