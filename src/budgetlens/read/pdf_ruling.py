"""Ruled-table geometry for the PDF reader: ruling lines → merged edges → intersections → cells →
tables → rows.

The same computation as pdfplumber's table finder (``merge_edges``, ``edges_to_intersections``,
``cells_to_tables`` and ``Table.rows`` of pdfplumber 0.11, MIT licence), step for step and with the
same floating-point operations in the same order, so the cells come out identical. It lives here
because importing ``pdfplumber.table`` loads pdfplumber and pdfminer, which cost a command-line
process more time than reading a short PDF; ``tests/test_speed_pdf.py`` compares every step with
pdfplumber's own on real pages.

Edges are dicts with ``x0``, ``x1``, ``top``, ``bottom``, ``width``, ``height`` and
``orientation`` (``"h"``/``"v"``), as the reader makes them.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from operator import itemgetter
from typing import Any

Edge = dict[str, Any]
BBox = tuple[float, float, float, float]
Point = tuple[float, float]
Intersections = dict[Point, dict[str, list[Edge]]]


def _cluster(objs: list[Edge], attr: str, tolerance: float) -> list[list[Edge]]:
    """pdfplumber's ``cluster_objects``: the distinct values sorted and chained into clusters
    (a value within ``tolerance`` of the one before joins its cluster); the objects in cluster
    order, each cluster in the objects' own order."""
    values = sorted(set(map(itemgetter(attr), objs)))
    cluster_of: dict[float, int] = {}
    index = -1
    last: float | None = None
    for value in values:
        if tolerance == 0 or last is None or not value <= last + tolerance:
            index += 1
        cluster_of[value] = index
        last = value
    clusters: list[list[Edge]] = [[] for _ in range(index + 1)]
    for obj in objs:  # as a stable sort by cluster would order them
        clusters[cluster_of[obj[attr]]].append(obj)
    return clusters


def _move(obj: Edge, axis: str, value: float) -> Edge:
    """pdfplumber's ``move_object``."""
    if axis == "h":
        return {**obj, "x0": obj["x0"] + value, "x1": obj["x1"] + value}
    moved = {**obj, "top": obj["top"] + value, "bottom": obj["bottom"] + value}
    if "doctop" in obj:
        moved["doctop"] = obj["doctop"] + value
    if "y0" in obj:
        moved["y0"] = obj["y0"] - value
        moved["y1"] = obj["y1"] - value
    return moved


def _snap(objs: list[Edge], attr: str, tolerance: float) -> list[Edge]:
    """pdfplumber's ``snap_objects``: each cluster moved to its values' average."""
    axis = "h" if attr in ("x0", "x1") else "v"
    out: list[Edge] = []
    for cluster in _cluster(objs, attr, tolerance):
        avg = sum(map(itemgetter(attr), cluster)) / len(cluster)
        out.extend(_move(obj, axis, avg - obj[attr]) for obj in cluster)
    return out


def _resize(obj: Edge, key: str, value: float) -> Edge:
    """pdfplumber's ``resize_object`` for the two keys a join extends (``x1``, ``bottom``)."""
    if key == "x1":
        return {**obj, "x1": value, "width": value - obj["x0"]}
    if key != "bottom":
        raise ValueError(f"cannot extend an edge by {key}")
    diff = value - obj["bottom"]
    resized = {**obj, "bottom": value, "height": obj["height"] + diff}
    if "y0" in obj:
        resized["y0"] = obj["y0"] - diff
    return resized


def _join(edges: Iterable[Edge], orientation: str, tolerance: float) -> list[Edge]:
    """pdfplumber's ``join_edge_group``: edges on one line joined where they meet or nearly."""
    min_prop, max_prop = ("x0", "x1") if orientation == "h" else ("top", "bottom")
    ordered = sorted(edges, key=itemgetter(min_prop))
    joined = [ordered[0]]
    for e in ordered[1:]:
        last = joined[-1]
        if e[min_prop] <= last[max_prop] + tolerance:
            if e[max_prop] > last[max_prop]:
                joined[-1] = _resize(last, max_prop, e[max_prop])
        else:
            joined.append(e)
    return joined


def merge_edges(edges: list[Edge], snap_x_tolerance: float, snap_y_tolerance: float,
                join_x_tolerance: float, join_y_tolerance: float) -> list[Edge]:
    """pdfplumber's ``merge_edges``: snap nearly collinear edges together, then join the pieces
    of each line."""
    if snap_x_tolerance > 0 or snap_y_tolerance > 0:
        edges = (_snap([e for e in edges if e["orientation"] == "v"], "x0", snap_x_tolerance)
                 + _snap([e for e in edges if e["orientation"] == "h"], "top", snap_y_tolerance))

    # each edge keyed once by its line, ("h", top) or ("v", x0); the stable sort of the pairs by
    # key orders them as sorting the edges by key would
    keyed = sorted([(("h", e["top"]) if e["orientation"] == "h" else ("v", e["x0"]), e) for e in edges], key=_FIRST)
    out: list[Edge] = []
    for key, items in itertools.groupby(keyed, key=_FIRST):
        out.extend(_join(map(_SECOND, items), key[0], join_x_tolerance if key[0] == "h" else join_y_tolerance))
    return out


_FIRST = itemgetter(0)
_SECOND = itemgetter(1)


def edges_to_intersections(edges: list[Edge], x_tolerance: float = 1, y_tolerance: float = 1) -> Intersections:
    """pdfplumber's ``edges_to_intersections``: the points where a vertical and a horizontal edge
    cross (within the tolerances), with the edges through each."""
    intersections: Intersections = {}
    v_edges = sorted((e for e in edges if e["orientation"] == "v"), key=itemgetter("x0", "top"))
    h_edges = sorted((e for e in edges if e["orientation"] == "h"), key=itemgetter("top", "x0"))
    for v in v_edges:
        vx, vtop, vbottom = v["x0"], v["top"], v["bottom"]
        for h in h_edges:
            htop = h["top"]
            if vtop <= htop + y_tolerance and vbottom >= htop - y_tolerance \
                    and vx >= h["x0"] - x_tolerance and vx <= h["x1"] + x_tolerance:
                point = (vx, htop)
                at = intersections.get(point)
                if at is None:
                    at = intersections[point] = {"v": [], "h": []}
                at["v"].append(v)
                at["h"].append(h)
    return intersections


def intersections_to_cells(intersections: dict[tuple[float, float], dict[str, list[dict[str, Any]]]]) -> list[BBox]:
    """pdfplumber's ``intersections_to_cells`` (the same cells in the same order), with each
    point's edges and its neighbours below and to the right looked up once instead of per pair.

    Two points connect when they share an edge: points one above the other (same x, different y)
    by a vertical edge, points side by side by a horizontal one, which is the only test
    pdfplumber's ``edge_connects`` can pass for such a pair."""

    v_of = {p: frozenset(map(_BOX, e["v"])) for p, e in intersections.items()}
    h_of = {p: frozenset(map(_BOX, e["h"])) for p, e in intersections.items()}
    points = sorted(intersections)
    column: dict[float, list[tuple[float, float]]] = {}  # same x, in sorted order (y ascending)
    row: dict[float, list[tuple[float, float]]] = {}  # same y, in sorted order (x ascending)
    place: dict[tuple[float, float], tuple[int, int]] = {}  # a point's index in its column and row
    for pt in points:
        col = column.setdefault(pt[0], [])
        line = row.setdefault(pt[1], [])
        place[pt] = (len(col), len(line))
        col.append(pt)
        line.append(pt)
    cells: list[BBox] = []
    for pt in points[:-1]:
        at_column, at_row = place[pt]
        down = v_of[pt]
        across = h_of[pt]
        col = column[pt[0]]
        line = row[pt[1]]
        # the points to the right that pt connects to, found as far as they are asked for (the
        # first one usually closes the cell)
        right: list[tuple[float, float]] = []
        scanned = at_row + 1  # the next point of the row to test
        for below_at in range(at_column + 1, len(col)):
            below_pt = col[below_at]
            if down.isdisjoint(v_of[below_pt]):
                continue
            below_h = h_of[below_pt]
            found = None
            k = 0
            while True:
                if k < len(right):
                    right_pt = right[k]
                elif scanned < len(line):
                    q = line[scanned]
                    scanned += 1
                    if across.isdisjoint(h_of[q]):
                        continue
                    right.append(q)
                    right_pt = q
                else:
                    break
                k += 1
                corner = (right_pt[0], below_pt[1])
                corner_v = v_of.get(corner)
                if corner_v is not None and not corner_v.isdisjoint(v_of[right_pt]) and not h_of[corner].isdisjoint(below_h):
                    found = (pt[0], pt[1], corner[0], corner[1])
                    break
            if found is not None:
                cells.append(found)
                break
    return cells


_BOX = itemgetter("x0", "top", "x1", "bottom")


def cells_to_tables(cells: list[BBox]) -> list[list[BBox]]:
    """pdfplumber's ``cells_to_tables``: cells grouped into tables by shared corners, the tables
    top to bottom then left to right, single cells dropped."""

    def corners(bbox: BBox) -> tuple[Point, Point, Point, Point]:
        x0, top, x1, bottom = bbox
        return ((x0, top), (x0, bottom), (x1, top), (x1, bottom))

    remaining = list(cells)
    current_corners: set[Point] = set()
    current: list[BBox] = []
    tables: list[list[BBox]] = []
    while remaining:
        before = len(current)
        kept: list[BBox] = []
        for cell in remaining:  # one pass in order; a cell joins if it touches the group so far
            cell_corners = corners(cell)
            if not current or any(c in current_corners for c in cell_corners):
                current_corners.update(cell_corners)
                current.append(cell)
            else:
                kept.append(cell)
        remaining = kept
        if len(current) == before:
            tables.append(list(current))
            current_corners.clear()
            current.clear()
    if current:
        tables.append(list(current))
    tables.sort(key=lambda t: min((c[1], c[0]) for c in t))
    return [t for t in tables if len(t) > 1]


def table_rows(cells: list[BBox]) -> list[list[BBox | None]]:
    """pdfplumber's ``Table(page, cells).rows`` as lists of cell boxes: one row per distinct top,
    one slot per distinct left edge of the table (None where the row has no cell there)."""
    xs = sorted(set(map(itemgetter(0), cells)))
    rows: list[list[BBox | None]] = []
    for _, row_cells in itertools.groupby(sorted(cells, key=itemgetter(1, 0)), itemgetter(1)):
        by_x = {cell[0]: cell for cell in row_cells}
        rows.append([by_x.get(x) for x in xs])
    return rows


def table_bbox(cells: list[BBox]) -> BBox:
    """pdfplumber's ``Table.bbox``."""
    return (min(map(itemgetter(0), cells)), min(map(itemgetter(1), cells)),
            max(map(itemgetter(2), cells)), max(map(itemgetter(3), cells)))
