"""Standard tables (B01–B11, F01–F09) in the genre's printed form.

Column labels come from the table specs (the first alias of each column, the words every
template prints); columns that the templates print under a group cell (财政拨款（补助） over its
sources, 基本支出 over 人员经费 / 公用经费, 本年支出 over 合计 / 基本支出 / 项目支出, 预算数 /
决算数 over the 三公 items) get that group above them, so the header has the template's rows and
merges. 功能分类 codes are printed split into 类 / 款 / 项 columns and 经济分类 codes into 类 / 款, under
科目编码, as the templates print them; two-sided tables print 收入 and 支出 side by side.
"""

from __future__ import annotations

from decimal import Decimal

from budgetlens.model import Disclosure, Kind, Table, TableRow
from budgetlens.recognize.table_specs import BY_ID, ColumnSpec, TableSpec
from budgetlens.write.layout import GCell, GridBuilder, TableBlock

# Header paths (group cells above the column's own label) that differ from the plain label.
_PATHS: dict[str, dict[str, tuple[str, ...]]] = {
    "B02": {
        "fiscal_subtotal": ("财政拨款（补助）", "小计"),
        "gpb": ("财政拨款（补助）", "一般公共预算"),
        "gpb_transfer": ("财政拨款（补助）", "上级一般公共预算安排的转移支付"),
        "gf": ("财政拨款（补助）", "政府性基金预算"),
        "gf_transfer": ("财政拨款（补助）", "上级政府性基金安排的转移支付"),
        "soe": ("财政拨款（补助）", "国有资本经营预算"),
        "soe_transfer": ("财政拨款（补助）", "上级国有资本经营预算安排的转移支付"),
        "special_account": ("财政专户管理资金",),
        "fiscal_carryover": ("财政拨款结转",),
        "nonfiscal_carryover": ("非财政拨款结转结余",),
    },
    "B08": {"basic_personnel": ("基本支出", "人员经费"), "basic_public": ("基本支出", "公用经费")},
    "B09": {"basic_personnel": ("基本支出", "人员经费"), "basic_public": ("基本支出", "公用经费")},
    "B11": {
        "fiscal_total": ("财政拨款结转结余", "合计"),
        "fiscal_basic_personnel": ("财政拨款结转结余", "人员经费"),
        "fiscal_basic_public": ("财政拨款结转结余", "公用经费"),
        "fiscal_project": ("财政拨款结转结余", "项目支出"),
        "nonfiscal_total": ("非财政拨款结转结余", "合计"),
        "nonfiscal_basic_personnel": ("非财政拨款结转结余", "人员经费"),
        "nonfiscal_basic_public": ("非财政拨款结转结余", "公用经费"),
        "nonfiscal_project": ("非财政拨款结转结余", "项目支出"),
    },
    "F04": {
        "total": ("合计",),
        "gpb": ("一般公共预算财政拨款",),
        "gf": ("政府性基金预算财政拨款",),
        "soe": ("国有资本经营预算财政拨款",),
    },
    "F05": {"total": ("合计",)},
    "F07": {
        "expense_total": ("本年支出", "合计"),
        "expense_basic": ("本年支出", "基本支出"),
        "expense_project": ("本年支出", "项目支出"),
    },
    "F08": {
        "expense_total": ("本年支出", "合计"),
        "expense_basic": ("本年支出", "基本支出"),
        "expense_project": ("本年支出", "项目支出"),
    },
    "F09": {
        f"{phase}_{item}": (group, label)
        for phase, group in (("budget", "预算数"), ("actual", "决算数"))
        for item, label in (
            ("total", "合计"),
            ("overseas", "因公出国（境）费"),
            ("vehicle", "公务用车购置及运行费小计"),
            ("vehicle_purchase", "公务用车购置费"),
            ("vehicle_operation", "公务用车运行维护费"),
            ("reception", "公务接待费"),
        )
    },
}

_CODE_PARTS = {"function": ("类", "款", "项"), "economic": ("类", "款")}


def _label(spec: TableSpec, col: ColumnSpec, kind: str) -> str:
    if col.key == "amount":
        return "决算数" if kind == "final" else "预算数"
    return col.aliases[0] if col.aliases else col.key


def _path(spec: TableSpec, col: ColumnSpec) -> tuple[str, ...]:
    return _PATHS.get(spec.id, {}).get(col.key) or (_label(spec, col, spec.kind),)


def _columns(spec: TableSpec, table: Table) -> list[ColumnSpec]:
    """The spec's columns, plus any column the table carries that the spec does not name."""
    keys = {c.key for c in table.columns} | {k for r in table.rows for k in r.values}
    cols = [c for c in spec.columns]
    known = {c.key for c in cols}
    cols.extend(ColumnSpec(k, (k,)) for k in sorted(keys - known) if k != "amount" or not spec.two_sided)
    return cols


def _header(paths: list[tuple[str, ...]], lead: list[tuple[str, ...]], depth: int) -> list[list[GCell]]:
    """Header rows for columns given by their paths (lead columns first). A path shorter than the
    depth spans down; equal neighbouring group cells merge across."""
    allp = lead + paths
    rows: list[list[GCell]] = [[] for _ in range(depth)]
    for level in range(depth):
        c = 0
        while c < len(allp):
            p = allp[c]
            if level >= len(p):  # covered by the cell spanning down from above
                c += 1
                continue
            span = 1
            if level < len(p) - 1:
                while c + span < len(allp) and allp[c + span][: level + 1] == p[: level + 1] and len(allp[c + span]) > level + 1:
                    span += 1
            rowspan = depth - level if level == len(p) - 1 else 1
            rows[level].append(GCell(p[level], colspan=span, rowspan=rowspan, header=True))
            c += span
    return rows


def _amount(value: Decimal | None) -> GCell:
    return GCell(value=value, places=2)


def _code_cells(code: str | None, kind: str | None) -> list[GCell]:
    parts = _CODE_PARTS.get(kind or "", ())
    out = [GCell() for _ in parts]
    if code and code.isdigit() and parts:
        pieces = [code[:3], code[3:5], code[5:7]][: len(parts)]
        for k, piece in enumerate(pieces):
            out[k] = GCell(piece)
    return out


def standard_block(doc: Disclosure, table: Table) -> TableBlock:
    spec = BY_ID.get(table.id or "")
    kind = doc.kind.value if isinstance(doc.kind, Kind) else (spec.kind if spec else "budget")
    title = table.title or (spec.name if spec else "")
    preamble = []
    if doc.unit.name:
        preamble.append(f"编制单位：{doc.unit.name}")
    preamble.append(f"单位：{table.unit_of_amount or '万元'}")
    number = f"表{table.number}" if table.number else None
    notes = [table.empty_note] if table.empty_note else []
    if spec is None:
        return _generic(table, title, number, preamble, notes)
    if spec.two_sided:
        rows, header_rows = _two_sided(spec, table, kind)
    else:
        rows, header_rows = _one_sided(spec, table)
    # The note of an empty table is printed as the table's last row, across its width.
    width = max((len(r) for r in rows), default=1)
    for note in notes:
        rows.append([GCell(note, colspan=width)] + [None] * (width - 1))
    return TableBlock(title=title, number=number, preamble=preamble, rows=rows, header_rows=header_rows)


def _one_sided(spec: TableSpec, table: Table) -> tuple[list[list[GCell | None]], int]:
    cols = _columns(spec, table)
    code_kind = spec.code_kind or next((r.code_kind for r in table.rows if r.code_kind), None)
    parts = _CODE_PARTS.get(code_kind or "", ())
    lead: list[tuple[str, ...]] = [("科目编码", p) for p in parts]
    lead.append(("科目名称",) if parts else ("项目",))
    if spec.has_project:
        lead.append(("项目名称",))
    paths = [_path(spec, c) for c in cols]
    depth = max(len(p) for p in lead + paths)
    grid = GridBuilder(len(lead) + len(paths))
    for hrow in _header(paths, lead, depth):
        grid.add_row(hrow)
    for row in table.rows:
        cells = _code_cells(row.code, code_kind) if parts else []
        cells.append(GCell(row.name))
        if spec.has_project:
            cells.append(GCell(row.project or ""))
        cells.extend(_amount(row.values.get(c.key)) for c in cols)
        grid.add_row(cells)
    return grid.finish(), depth


def _side_name(row: TableRow) -> str:
    return f"{row.code} {row.name}" if row.code else row.name


def _two_sided(spec: TableSpec, table: Table, kind: str) -> tuple[list[list[GCell | None]], int]:
    income_cols = list(spec.income_columns)
    expense_cols = list(spec.columns)
    income = [r for r in table.rows if r.side == "income"]
    expense = [r for r in table.rows if r.side != "income"]
    iw, ew = 1 + len(income_cols), 1 + len(expense_cols)
    grid = GridBuilder(iw + ew)
    grid.add_row([GCell("收入", colspan=iw, header=True), GCell("支出", colspan=ew, header=True)])
    grid.add_row(
        [GCell("项目", header=True)]
        + [GCell(_label(spec, c, kind), header=True) for c in income_cols]
        + [GCell("项目", header=True)]
        + [GCell(_path(spec, c)[-1] if c.key != "amount" else _label(spec, c, kind), header=True) for c in expense_cols]
    )
    for k in range(max(len(income), len(expense))):
        cells: list[GCell] = []
        if k < len(income):
            r = income[k]
            cells.append(GCell(_side_name(r)))
            cells.extend(_amount(r.values.get(c.key)) for c in income_cols)
        else:
            cells.extend([GCell()] + [GCell(places=2) for _ in income_cols])
        if k < len(expense):
            r = expense[k]
            cells.append(GCell(_side_name(r)))
            cells.extend(_amount(r.values.get(c.key)) for c in expense_cols)
        else:
            cells.extend([GCell()] + [GCell(places=2) for _ in expense_cols])
        grid.add_row(cells)
    return grid.finish(), 2


def _generic(table: Table, title: str, number: str | None, preamble: list[str], notes: list[str]) -> TableBlock:
    """A table without a standard spec: its own columns, labels as recognised."""
    cols = table.columns
    grid = GridBuilder(2 + len(cols))
    grid.add_row([GCell("编码", header=True), GCell("项目", header=True)] + [GCell(c.label or c.key, header=True) for c in cols])
    for row in table.rows:
        grid.add_row([GCell(row.code or ""), GCell(row.name)] + [_amount(row.values.get(c.key)) for c in cols])
    return TableBlock(title=title, number=number, preamble=preamble, rows=grid.finish(), header_rows=1, notes=notes)
