"""Header words to column keys, and the reading of aligned grids (one value per grid cell)."""


from __future__ import annotations

import functools
from collections.abc import Sequence

from budgetlens.i18n import Message, msg
from budgetlens.model import Cell, Column, Location
from budgetlens.recognize import codes
from budgetlens.recognize.lazy_pattern import lazy
from budgetlens.recognize.segment import compact, is_preamble, is_title
from budgetlens.recognize.table_rows import (
    _ROW_NUMBER_HEADS,
    _at_column,
    _has_cjk,
    _is_index_row,
    _is_number,
    _is_prose,
    _mark_groups,
    _Row,
    _Value,
    _value,
    is_total_name,
)
from budgetlens.recognize.table_specs import ColumnSpec, TableSpec, norm, norm_word, phase_total

_CJK = lazy(r"[\u4e00-\u9fff]")
_CODE_HEADS = ("类", "款", "项", "类款项", "类款")
# A header naming only an amount, no column of its own (预算数, 金额): it may be any. One naming a
# year (2025年预算数) is a block of that year, not a free column.
_GENERIC_AMOUNT = lazy(r"^(?:本年|全年|年初)?(?:预算|决算)?(?:数|金额|额)?$|^金额$")
_SUBTOTAL_WORDS = ("小计", "合计")
_YEAR = lazy(r"(20\d{2})年")
_CHANGE = lazy(r"增减|变化|变动|比上年|较上年")
# a year's figures named relatively: 上年预算数 / 上年度执行数 (not 上年结转, an income source)
_PRIOR_YEAR = lazy(r"(?<![比较])上年度?(?:预算|决算|执行|预计|实际|数)")
_THIS_YEAR = lazy(r"本年度?(?:预算|决算|数)")
_REMARK_HEADS = ("备注", "说明", "备注说明")  # a column of remarks holds no figures
_MERGED_CODES = lazy(r"(?<=[\u4e00-\u9fff）)])\s*(?=[2-5]\d{2}\s*[\u4e00-\u9fff])")
_DECIMAL_TOKEN = lazy(r"^[-−+]?(?:\d{1,3}(?:,\d{3})+|\d+)\.\d+$|^[-−+]?\d{1,3}(?:,\d{3})+$")



# ----------------------------------------------------------------------------- column mapping


def _has(context_word: str, text: str) -> bool:
    """Whether ``text`` prints a context word, or one of its alternatives (``合计|三公``)."""
    return any(norm_word(w) in text for w in context_word.split("|"))


def _other_groups(paths: list[tuple[str, str]]) -> list[bool]:
    """Columns outside the report year's group of a header printing groups of years: a group of
    an earlier year, or a change group beside the years (增减变化, 比上年增减: differences)."""
    years = [{int(y) for y in _YEAR.findall(path)} for _, path in paths]
    if not any(years):
        # the years named relatively (上年预算数 | 本年预算数 | 增减): last year before this one
        years = [{-1} if _PRIOR_YEAR.search(path) else {0} if _THIS_YEAR.search(path) else set()
                 for _, path in paths]
        if not any(0 in ys for ys in years):
            return [False] * len(paths)
    latest = max((y for ys in years for y in ys), default=None)
    if latest is None:
        return [False] * len(paths)
    return [max(ys) < latest if ys else bool(_CHANGE.search(path))
            for ys, (_, path) in zip(years, paths, strict=True)]


def _match_columns(paths: list[tuple[str, str]], specs: Sequence[ColumnSpec],
                   fallback: set[str] | None = None) -> list[str | None]:
    """Map header paths ``(leaf, full path)`` of value columns to keys; best alias first. Columns
    no alias names take the unused ``fallback`` keys (all keys when None) in template order."""
    # A header printing groups of two years (2025年预算数 | 2026年预算数, 2019年 | 2020年 | 增减变化)
    # is read in the group of the latest year, the report's own: a column under an earlier year only
    # restates last year and takes no key.
    earlier = _other_groups(paths)
    scored: list[tuple[int, int, int, str]] = []
    for j, (leaf, path) in enumerate(paths):
        if earlier[j]:
            continue
        # a 小计 / 合计 cell that names no column itself is the subtotal of the group above it
        # (基本支出 › 小计): its group words name the column
        whole = leaf in _SUBTOTAL_WORDS and not any(norm_word(a) in leaf for cs in specs for a in cs.aliases)
        for si, cs in enumerate(specs):
            if not all(_has(w, path) for w in cs.context) or any(norm_word(w) in path for w in cs.exclude):
                continue
            best = 0
            for a in cs.aliases:
                na = norm_word(a)
                if na in (path if whole or not leaf else leaf):
                    best = max(best, len(na) * 2 + (1 if na == leaf else 0))
            if best:
                scored.append((-best, j, si, cs.key))
    scored.sort()
    out: list[str | None] = [None] * len(paths)
    used: set[str] = set()
    for _, j, _, key in scored:
        if out[j] is None and key not in used:
            out[j] = key
            used.add(key)
    # Unmatched columns take the unused keys in template order when that is unambiguous. A column
    # whose own header words name none of the free columns (上年结转, 其中：专项资金…, 上年实户
    # 资金余额, a second 合计 of another year) is none of them and stays unmapped.
    free = [cs.key for cs in specs if cs.key not in used and (fallback is None or cs.key in fallback)]
    free_words = {norm_word(a) for cs in specs if cs.key in free for a in cs.aliases}
    missing = [j for j, k in enumerate(out) if k is None and not earlier[j] and
               (not _CJK.search(paths[j][0]) or _GENERIC_AMOUNT.match(_YEAR.sub("", paths[j][0])) or
                any(w in paths[j][0] or paths[j][0] in w for w in free_words))]
    if missing and len(free) >= len(missing):
        for j in missing:
            before = [out[i] for i in range(j) if out[i]]
            order = [cs.key for cs in specs]
            lo = max((order.index(k) for k in before if k in order), default=-1)
            pick = next((k for k in free if order.index(k) > lo), None) or free[0]
            out[j] = pick
            free.remove(pick)
    return out


def _detect_keys(header: str, specs: Sequence[ColumnSpec]) -> list[str]:
    """Value columns named anywhere in a header text whose cells were broken over lines: each
    alias occurrence is claimed once, longest aliases first; result in template order."""
    return _detect(header, specs)[0]


# Header words that name no value column: the label columns, groupings and filler words.
_HEADER_FILLER = lazy(
    # the words of groups of years (2025年预算数 | 2026年预算数 | 增减额) group columns, as 本年 does
    r"比上年|较上年|上年|\d{4}年|增减额|增减率|增减|变动|变化|"
    r"功能分类|经济分类|政府预算|部门预算|支出|收入|科目|编码|名称|项目|类别|类|款|项|单位|金额|栏次|行次|本年|"
    r"预算数|决算数|预算|决算|其中|资金来源|拨款|财政|补助|情况|内容|经费|[:：()（）※*、\d]"
)


def _explained(header: str, specs: Sequence[ColumnSpec]) -> bool:
    """Whether the columns found in ``header`` account for all of its words (apart from label
    and grouping words): then they are the table's columns, however few of the spec's."""
    _keys, claimed = _detect(header, specs)
    rest = "".join(ch if not any(s <= i < e for s, e in claimed) else " " for i, ch in enumerate(header))
    return len(_CJK.findall(_HEADER_FILLER.sub("", rest))) <= 4


def _detect(header: str, specs: Sequence[ColumnSpec]) -> tuple[list[str], list[tuple[int, int]]]:
    found, claimed = _claim(header, specs)
    return [cs.key for si, cs in enumerate(specs) if si in found], claimed


def _detect_printed(header: str, specs: Sequence[ColumnSpec]) -> list[str]:
    """The value columns a one-line header names, in the order it prints them."""
    found, _claimed = _claim(header, specs)
    return [specs[si].key for si in sorted(found, key=lambda si: found[si])]


def _claim(header: str, specs: Sequence[ColumnSpec]) -> tuple[dict[int, int], list[tuple[int, int]]]:
    """Each column named in ``header`` with where its alias is printed, and the claimed spans."""
    claimed: list[tuple[int, int]] = []
    found: dict[int, int] = {}
    # longest aliases first; of equal ones, the column the template lists first
    items = sorted(
        ((-len(norm_word(a)), si, norm_word(a)) for si, cs in enumerate(specs) for a in cs.aliases)
    )
    for _, si, alias in items:
        if si in found or not all(_has(w, header) for w in specs[si].context):
            continue  # a column whose context words the header never prints is not there
        start = 0
        while True:
            pos = header.find(alias, start)
            if pos < 0:
                break
            end = pos + len(alias)
            if not any(pos < e and s < end for s, e in claimed):
                claimed.append((pos, end))
                found[si] = pos
                break
            start = pos + 1
    return found, claimed


# ----------------------------------------------------------------------------- aligned grids


_NUMBERED = lazy(r"^[一二三四五六七八九十]+、\S")


def _numbered_label(texts: list[str]) -> bool:
    """A row led by a numbered label (``一、一般公共预算财政拨款``): a body row even without figures,
    as in a blank template or an all-empty page of a two-sided table."""
    first = next((t.strip() for t in texts if t.strip()), "")
    return bool(_NUMBERED.match(norm(first)))


def _row_is_data(texts: list[str]) -> bool:
    return _cells_are_data(tuple(t.strip() for t in texts if t.strip()))


@functools.lru_cache(maxsize=8192)  # a row is asked again by the split-column joiner, the header finder and the reader (pure)
def _cells_are_data(cells: tuple[str, ...]) -> bool:
    """A body row by its filled cells: a decimal figure, a leading 类 code, or a total label with
    figures only."""
    if not cells:
        return False
    if any(_DECIMAL_TOKEN.match(c.replace(" ", "")) for c in cells):
        return True
    first = cells[0]
    code, rest = codes.split_code_prefix(first)
    if code and len(code) >= 3 and (rest or len(cells) > 1) and codes.is_class_token(code[:3]):
        return True
    return is_total_name(first) and all(_is_number(c) for c in cells[1:])


def _is_code_column(vals: list[str]) -> bool:
    """A column of codes: some value is a code or code part, and every other value is a code
    head (类/款/项) or a total label merged across the code columns. A name or a figure settles
    it at once, so a column of figures is not tested value by value."""
    any_code = False
    for v in vals:
        if codes.join_parts([v]) or codes.is_part_token(v):
            any_code = True
        elif v not in _CODE_HEADS and not is_total_name(v):
            return False
    return any_code


def _read_aligned(
    grid_rows: list[list[Cell]], spec: TableSpec, warnings: list[str], continuation: bool = False
) -> tuple[list[_Row], list[Column], list[str]]:
    width = max((len(r) for r in grid_rows), default=0)
    texts = [[(r[j].text if j < len(r) else "") for j in range(width)] for r in grid_rows]
    prose: list[str] = []
    header: list[list[str]] = []
    body: list[int] = []
    # A piece continued after a page break starts with body rows unless it repeats the header.
    first = next((r for r in texts if any(t.strip() for t in r)), [])
    in_body = continuation and not _looks_like_header(first, spec)
    for i, row in enumerate(texts):
        filled = [t for t in row if t.strip()]
        if not filled:
            continue
        if _is_prose(filled) and len(filled) <= 2:
            prose.append("".join(filled))
            continue
        if _is_index_row(filled):
            in_body = True
            continue
        if not in_body and not _row_is_data(row) and not _numbered_label(row):
            if len(filled) == 1 and (is_preamble(filled[0]) or is_title(filled[0])):
                continue
            header.append(row)
            continue
        if in_body and (all(is_preamble(t) or is_title(t) for t in filled)):
            continue  # a repeated title/preamble after a page break
        if in_body and not _row_is_data(row) and _looks_like_header(row, spec):
            continue  # header rows repeated after a page break
        in_body = True
        body.append(i)
    # Column roles from the body.
    label_cols: list[int] = []
    code_like: list[int] = []
    for j in range(width):
        vals = [texts[i][j].strip() for i in body if texts[i][j].strip()]
        if not vals:
            continue
        if _is_code_column(vals):
            code_like.append(j)  # total labels merged across the code columns are no names
            continue
        cjk = sum(1 for v in vals if _has_cjk(v) and v not in _CODE_HEADS)
        if cjk * 2 >= len(vals) and cjk:
            label_cols.append(j)
    # Header paths with group cells carried to the right over the columns they span.
    paths = _header_paths(header, width)
    head_codes = {j for j in range(width) if paths[j][0] in _CODE_HEADS}
    code_like = sorted(set(code_like) | head_codes)
    label_cols = [j for j in label_cols if j not in head_codes]
    if not label_cols:
        # No text in the body (an empty table): the name column is the one headed 名称/项目.
        label_cols = [j for j in range(width) if j not in code_like and
                      ("名称" in paths[j][1] or paths[j][0] in ("项目", "项目名称"))][:1]
        if not label_cols and any(_has_cjk(texts[i][0]) for i in body):
            label_cols = [0]
    sides: list[tuple[str | None, int, int, Sequence[ColumnSpec]]] = []
    if spec.two_sided and label_cols:
        # The expense side starts at the first label or code column after the income labels.
        split = next((j for j in sorted(set(label_cols + code_like)) if j > label_cols[0]), width)
        sides = [("income", 0, split, spec.income_columns), ("expense", split, width, spec.read_columns)]
    elif len(label_cols) > 1 and not spec.has_project and not spec.two_sided and \
            _blocks_have_figures(_block_starts(label_cols, code_like), label_cols, code_like, texts, body, width):
        # Blocks of (code, name, figures) printed side by side (final table 6): one block each.
        starts = _block_starts(label_cols, code_like)
        sides = [(None, lo, hi, spec.read_columns) for lo, hi in zip(starts, [*starts[1:], width], strict=True)]
    else:
        # One block. Further (code, name) pairs before the figures — the 政府经济科目 code and
        # name printed beside the 部门经济科目 of each row — describe the row and are neither its
        # name nor figures: the row is named by the first name column, the figures follow the last.
        sides = [(None, 0, width, spec.read_columns)]
    columns: list[Column] = []
    side_layout: list[tuple[str | None, list[int], int | None, int | None, dict[int, str]]] = []
    for side, lo, hi, cspecs in sides:
        labels = [j for j in label_cols if lo <= j < hi]
        name_col = labels[0] if labels else None
        project_col = labels[1] if spec.has_project and len(labels) > 1 else None
        last_label = max(labels) if labels else lo - 1
        code_cols = [j for j in range(lo, name_col if name_col is not None else lo) if j in code_like or
                     any(w in paths[j][1] for w in ("类", "款", "项", "编码"))]
        later = [j for j in labels if name_col is not None and j > name_col and j != project_col]
        if later and any(j not in code_like and any(_value(texts[i][j]) is not None for i in body)
                         for j in range(name_col + 1 if name_col is not None else lo, later[0])):
            # Further (name, figures) blocks after the first on this side: parallel breakdowns of
            # the same total (支出 by 功能分类, by 部门经济分类, by 政府经济分类 in a 收支总表);
            # the side is read from its first block.
            hi = later[0]
            last_label = max([j for j in labels if j < hi])
        value_cols = [j for j in range(last_label + 1, hi) if j not in code_cols and
                      paths[j][0] not in _ROW_NUMBER_HEADS and paths[j][0] not in _REMARK_HEADS]
        # Drop trailing columns that are empty in header and body alike.
        value_cols = [j for j in value_cols if paths[j][1] or any(texts[i][j].strip() for i in body)]
        standard = {cs.key for cs in (spec.income_columns if side == "income" else spec.columns)}
        keys = _match_columns([paths[j] for j in value_cols], cspecs, standard)
        phased = [phase_total(paths[j][1], spec) for j in value_cols]
        if len(phased) > 1 and all(phased) and len(set(phased)) == len(phased):
            keys = phased  # 项目 | 预算数 | 决算数 of a table keyed by phase: the phases' totals
        mapping = {j: k for j, k in zip(value_cols, keys, strict=True) if k}
        # a column of an earlier year's block (2025年预算数 beside 2026年 columns) or of a change
        # block beside them is known: not read
        other = _other_groups([paths[j] for j in value_cols])
        counted = [j for j, o in zip(value_cols, other, strict=True) if not o]
        if len(counted) > len(cspecs):
            warnings.append(Message("parse.table.more_value_columns", counted=len(counted), known=len(cspecs),
                                    side=msg(f"side.{side}" if side else "parse.table.side.none"),
                                    side_key=side or "-"))
        for j in value_cols:
            if j in mapping:
                columns.append(Column(key=mapping[j], label=paths[j][0] or paths[j][1]))
        side_layout.append((side, code_cols, name_col, project_col, mapping))
    per_block: list[list[_Row]] = [[] for _ in side_layout]
    last_class: dict[int, str] = {}  # the code of the last coded row, per block
    # each block's keys: the standard columns, and the variant columns its side prints
    block_keys = [_row_keys(spec, side, mapping) for side, _, _, _, mapping in side_layout]
    for i in body:
        cells = grid_rows[i]
        row_texts = texts[i]
        for block, (side, code_cols, name_col, project_col, mapping) in enumerate(side_layout):
            rows = per_block[block]
            row_keys = list(block_keys[block])
            name_text = row_texts[name_col].strip() if name_col is not None else ""
            if not name_text:
                # A total label printed in the merged code cells (``合计`` spanning 类/款/项).
                name_text = next((row_texts[j].strip() for j in code_cols if _has_cjk(row_texts[j])
                                  and row_texts[j].strip() not in _CODE_HEADS), "")
            if not name_text and name_col is not None and project_col is None:
                # or in a cell of the columns beside the name (政府经济科目名称) before the figures
                first_value = min(mapping, default=len(row_texts))
                name_text = next((row_texts[j].strip() for j in range(name_col + 1, first_value)
                                  if is_total_name(row_texts[j])), "")
            pieces = _MERGED_CODES.split(name_text) if name_text else []
            code = codes.join_parts(_code_parts([row_texts[j] for j in code_cols])) if code_cols else None
            if code is None and code_cols:
                code = _relative_code([row_texts[j] for j in code_cols], last_class.get(block))
            if code is not None and len(code) >= 3:
                last_class[block] = code
            if name_text:
                c2, rest = codes.split_code_prefix(name_text)
                if c2 and (rest or not code) and code is None:
                    code, name_text = c2, rest
            project = compact(row_texts[project_col]) if project_col is not None and row_texts[project_col].strip() else None
            fixed: dict[str, _Value] = {}
            for j, key in mapping.items():
                if j < len(cells):
                    v = _value(row_texts[j])
                    fixed[key] = _Value(v, _at_column(cells[j].location, j))
            if not name_text and not code and not project and all(v.value is None for v in fixed.values()):
                continue
            if not name_text and project and spec.has_project and is_total_name(project):
                name_text, project = project, None
            loc = cells[0].location if cells else Location()
            if len(pieces) > 1 and code is not None:
                # Several "code name" cells run together (lines joined by a reader as one wrapped
                # cell): one row each; the figures stay with the first.
                name_text = codes.split_code_prefix(pieces[0])[1]
                warnings.append(Message("parse.table.coded_rows_in_one_cell", line=loc.line, count=len(pieces)))
            rows.append(_Row(side=side, code=code, name=compact(name_text), project=project, location=loc,
                             raw=[t for t in row_texts if t.strip()], keys=row_keys, fixed=fixed))
            for piece in pieces[1:]:
                c3, rest3 = codes.split_code_prefix(piece)
                rows.append(_Row(side=side, code=c3, name=compact(rest3), project=None, location=loc,
                                 raw=[piece], keys=row_keys, fixed={}))
    rows = [r for block_rows in per_block for r in block_rows]
    _mark_groups(rows, spec)
    return rows, _dedupe(columns), prose


def _row_keys(spec: TableSpec, side: str | None, mapping: dict[int, str]) -> list[str]:
    cspecs = spec.income_columns if side == "income" else spec.read_columns
    mapped = set(mapping.values())
    standard = {cs.key for cs in (spec.income_columns if side == "income" else spec.columns)}
    return [cs.key for cs in cspecs if cs.key in standard or cs.key in mapped]


def _code_parts(cells: list[str]) -> list[str]:
    """The 类/款/项 cells of a row, a 款 or 项 printed without its leading zero (``301 | 2``, the
    cell formatted as a number) given it back (``02``)."""
    out: list[str] = []
    for t in cells:
        t = t.strip()
        out.append("0" + t if out and out[-1] and len(t) == 1 and t.isdigit() else t)
    return out


def _relative_code(cells: list[str], last_code: str | None) -> str | None:
    """A 款 printed by its own two digits (``10`` under ``201 一般公共服务支出``, the 类 code
    not repeated): the 款 of the 类 printed last; a part printed alone in the third (项) of
    three code columns is the 项 of the 款 printed last."""
    parts = [c.strip() for c in cells if c.strip()]
    if last_code is None or len(parts) != 1 or not codes.is_part_token(parts[0]):
        return None
    at = next(k for k, c in enumerate(cells) if c.strip())
    if at == 2 and len(cells) >= 3:
        return codes.join_parts([last_code[:5], parts[0]]) if len(last_code) >= 5 else None
    return codes.join_parts([last_code[:3], parts[0]])


def _block_starts(label_cols: list[int], code_like: list[int]) -> list[int]:
    """Where each (code, name, figures) block starts: at a name column, or at the code columns
    right before it."""
    starts = [0]
    for lab in label_cols[1:]:
        b = lab
        while b - 1 in code_like and b - 1 > starts[-1]:
            b -= 1
        starts.append(b)
    return starts


def _blocks_have_figures(starts: list[int], label_cols: list[int], code_like: list[int], texts: list[list[str]],
                         body: list[int], width: int) -> bool:
    """Blocks side by side each print figures between their name column and the next block; a
    second name column straight after the first (a 政府经济科目 code and name beside the
    部门经济科目) starts no block."""
    for lo, hi in zip(starts, [*starts[1:], width], strict=True):
        names = [j for j in label_cols if lo <= j < hi]
        after = max(names) if names else lo - 1
        figures = [j for j in range(after + 1, hi) if j not in code_like and
                   any(_value(texts[i][j]) is not None for i in body)]
        if not figures:
            return False
    return True


def _dedupe(columns: list[Column]) -> list[Column]:
    seen: set[str] = set()
    out: list[Column] = []
    for c in columns:
        if c.key not in seen:
            seen.add(c.key)
            out.append(c)
    return out


def _looks_like_header(row: list[str], spec: TableSpec) -> bool:
    t = norm("".join(row))
    if any(w in t for w in ("科目编码", "科目名称", "类款项")) or t in ("类款项", "类款"):
        return True
    hits = sum(1 for c in spec.columns if any(norm_word(a) in t for a in c.aliases))
    return hits >= 2 and not any(_is_number(x) for x in row if x.strip())


def _header_paths(header: list[list[str]], width: int) -> list[tuple[str, str]]:
    grid = [[norm(r[j]) if j < len(r) else "" for j in range(width)] for r in header]
    carried = [row[:] for row in grid]
    for i, row in enumerate(grid):
        for j in range(width):
            if row[j]:
                k = j + 1
                while k < width and not row[k] and any(grid[x][k] for x in range(i + 1, len(grid))):
                    carried[i][k] = row[j]
                    k += 1
    out: list[tuple[str, str]] = []
    for j in range(width):
        own = [grid[i][j] for i in range(len(grid)) if grid[i][j]]
        path = "".join(carried[i][j] for i in range(len(grid)))
        out.append((own[-1] if own else "", path))
    return out
