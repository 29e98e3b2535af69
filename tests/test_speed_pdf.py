"""The PDF reader's fast paths against their references.

``budgetlens.read.pdf_ruling`` copies pdfplumber's table geometry so that reading a PDF does not
load pdfplumber: every step (merged edges, intersections, cells, tables, rows, table box) must
equal pdfplumber's own on the ruling lines of real pages — the format PDFs of the seeds here, and
the samples and a spread of corpus documents of the shared folder when it is present (skipped with
a message when it is not). Random edge sets add the cases real pages may not show (edges that snap
together, overlapping pieces, touching and separate tables).
"""

from __future__ import annotations

import itertools
import os
import random
from pathlib import Path
from typing import Any

import pytest

from budgetlens.read import pdf, pdf_chars, pdf_lines, pdf_page, pdf_ruling, pdf_tables

plumber = pytest.importorskip("pdfplumber.table")

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("BUDGETLENS_SHARED") or ROOT.parent / "shared")
FORMATS = sorted((ROOT / "tests" / "data" / "formats").glob("*.pdf"))


def _shared_pdfs() -> list[Path]:
    samples = sorted((SHARED / "samples").glob("*.pdf"))
    corpus = sorted((SHARED / "corpus").glob("*.pdf"))
    return samples + corpus[::12]  # every twelfth: a spread of regions, years and templates


def _reference(edges: list[dict[str, Any]]) -> tuple[Any, ...]:
    merged = plumber.merge_edges(edges, snap_x_tolerance=3, snap_y_tolerance=3, join_x_tolerance=3,
                                 join_y_tolerance=3)
    merged = [e for e in merged if max(e["width"], e["height"]) >= 3]
    inter = plumber.edges_to_intersections(merged, 3, 3)
    cells = plumber.intersections_to_cells(inter)
    tables = plumber.cells_to_tables(cells)
    shaped = [([r.cells for r in plumber.Table(None, t).rows], plumber.Table(None, t).bbox) for t in tables]
    return merged, inter, cells, tables, shaped


def _ours(edges: list[dict[str, Any]]) -> tuple[Any, ...]:
    merged = pdf_ruling.merge_edges(edges, 3, 3, 3, 3)
    merged = [e for e in merged if max(e["width"], e["height"]) >= 3]
    inter = pdf_ruling.edges_to_intersections(merged, 3, 3)
    cells = pdf_ruling.intersections_to_cells(inter)
    tables = pdf_ruling.cells_to_tables(cells)
    shaped = [(pdf_ruling.table_rows(t), pdf_ruling.table_bbox(t)) for t in tables]
    return merged, inter, cells, tables, shaped


def _assert_same(edges: list[dict[str, Any]], where: str) -> None:
    ref, ours = _reference(edges), _ours(edges)
    for name, a, b in zip(("merged edges", "intersections", "cells", "tables", "rows"), ref, ours, strict=True):
        assert b == a, f"{where}: {name} differ"
    # same order of intersections too (the cells are built from it)
    assert list(ours[1]) == list(ref[1]), f"{where}: intersection order differs"


def _check_file(path: Path) -> int:
    pages = pdf_page.load_pages(path, str(path))
    tested = 0
    for page in pages:
        edges = [e for e in page.edges if max(e["width"], e["height"]) >= 3]
        if edges:
            _assert_same(edges, f"{path.name} p.{page.number}")
            tested += 1
    return tested


@pytest.mark.parametrize("path", FORMATS, ids=lambda p: p.name)
def test_ruling_equals_pdfplumber_on_format_pdfs(path: Path) -> None:
    _check_file(path)


def test_ruling_equals_pdfplumber_on_shared_pdfs() -> None:
    paths = _shared_pdfs()
    if not paths:
        pytest.skip(f"no shared PDFs under {SHARED} (samples/, corpus/)")
    assert sum(_check_file(p) for p in paths) > 0, "no ruled page met"


def _random_edges(rng: random.Random) -> list[dict[str, Any]]:
    edges: list[dict[str, Any]] = []
    for _ in range(rng.randint(1, 4)):  # a few grids, some touching, some apart
        x0, y0 = rng.choice([0, 50, 100.5, 300]), rng.choice([0, 40, 200.25])
        xs = sorted({x0 + sum(rng.choice([20, 35.5, 60]) for _ in range(k)) for k in range(rng.randint(2, 6))})
        ys = sorted({y0 + sum(rng.choice([12, 18.75, 25]) for _ in range(k)) for k in range(rng.randint(2, 8))})
        for y in ys:  # horizontal rules, sometimes in pieces, nudged within the snap tolerance
            cuts = sorted(rng.sample(xs, k=min(len(xs), rng.randint(2, 3))))
            for a, b in itertools.pairwise(cuts):
                yy = y + rng.choice([0, 0, 0.4, -1.2, 2.9])
                edges.append({"x0": a, "x1": b + rng.choice([0, 1.5, -0.5]), "top": yy, "bottom": yy,
                              "width": b - a, "height": 0.0, "orientation": "h", "object_type": "line"})
        for x in xs:
            if rng.random() < 0.15:
                continue  # a missing rule
            xx = x + rng.choice([0, 0, 0.3, -2.5])
            edges.append({"x0": xx, "x1": xx, "top": ys[0], "bottom": ys[-1], "width": 0.0,
                          "height": ys[-1] - ys[0], "orientation": "v", "object_type": "line"})
    rng.shuffle(edges)
    return edges


def test_ruling_equals_pdfplumber_on_random_grids() -> None:
    rng = random.Random(11)
    for case in range(300):
        _assert_same(_random_edges(rng), f"random case {case}")


def _with_pdfplumber(monkeypatch: pytest.MonkeyPatch) -> None:
    """The reader as it was: pdfplumber's own table geometry in place of pdf_ruling's."""
    monkeypatch.setattr(pdf_tables, "merge_edges", plumber.merge_edges)
    monkeypatch.setattr(pdf_tables, "edges_to_intersections", plumber.edges_to_intersections)
    monkeypatch.setattr(pdf_tables, "cells_to_tables", plumber.cells_to_tables)
    monkeypatch.setattr(pdf_tables, "table_rows", lambda cells: [r.cells for r in plumber.Table(None, cells).rows])
    monkeypatch.setattr(pdf_tables, "table_bbox", lambda cells: plumber.Table(None, cells).bbox)


@pytest.mark.parametrize("path", [*FORMATS[:2], *sorted((SHARED / "samples").glob("*.pdf"))], ids=lambda p: p.name)
def test_reader_output_equals_reader_on_pdfplumber(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = pdf.read_pdf(path)
    with monkeypatch.context() as m:
        _with_pdfplumber(m)
        reference = pdf.read_pdf(path)
    assert fast.blocks, f"{path.name}: nothing read"
    assert repr(fast) == repr(reference)


def _group_lines_reference(chars: list[Any]) -> list[list[Any]]:
    """The reader's line grouping as it was before it was tuned (one band tuple per line)."""
    lines: list[list[Any]] = []
    bands: list[tuple[float, float, float]] = []  # (top, bottom, size)
    for ch in sorted(chars, key=lambda c: (c.cy, c.x0)):
        if bands:
            top, bottom, size = bands[-1]
            centre = (top + bottom) / 2
            if abs(ch.cy - centre) <= 0.45 * min(size, ch.size) + 0.5:
                lines[-1].append(ch)
                bands[-1] = (min(top, ch.top), max(bottom, ch.bottom), max(size, ch.size))
                continue
        lines.append([ch])
        bands.append((ch.top, ch.bottom, ch.size))
    for ln in lines:
        ln.sort(key=lambda c: c.x0)
    return lines


def _same_lines(chars: list[Any], where: str) -> None:
    fast = [[id(c) for c in ln] for ln in pdf_lines.group_lines(chars)]
    reference = [[id(c) for c in ln] for ln in _group_lines_reference(chars)]
    assert fast == reference, where


def test_group_lines_equals_reference_on_pages_and_cells() -> None:
    paths = [*FORMATS, *sorted((SHARED / "samples").glob("*.pdf"))]
    for path in paths:
        for page in pdf_page.load_pages(path, str(path)):
            _same_lines(page.chars, f"{path.name} p.{page.number}")
            for size in (1, 2, 3, 5, 8, 13):  # cell-sized runs, as the table reader passes them
                for k in range(0, len(page.chars), size):
                    _same_lines(page.chars[k:k + size], f"{path.name} p.{page.number} chars {k}+{size}")


def test_group_lines_equals_reference_on_random_characters() -> None:
    rng = random.Random(4)
    for case in range(500):
        chars = []
        for _ in range(rng.randint(0, 40)):
            size = rng.choice([6.0, 9.0, 10.5, 12.0, 12.0, 16.0])
            top = rng.choice([10.0, 10.4, 11.0, 14.5, 22.0, 22.3]) + rng.choice([0, 0, 0.25, -3.1])
            x0 = rng.uniform(0, 200)
            chars.append(pdf_chars.Char("字", x0, top, x0 + size, top + size * rng.choice([1, 0.9, 1.2]), size))
        _same_lines(chars, f"random case {case}")
