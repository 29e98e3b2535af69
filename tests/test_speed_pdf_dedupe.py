"""Faux-bold de-duplication (``pdf_chars.dedupe``, which files kept characters in blocks of the
2-point grid) against its definition checked pair by pair: a character is dropped when a kept one
with the same text lies in the same or a neighbouring grid square and within 0.3 of its size both
ways."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from budgetlens.read import pdf_page
from budgetlens.read.pdf_chars import Char, dedupe

FORMATS = sorted((Path(__file__).parent / "data" / "formats").glob("*.pdf"))


def _reference(chars: list[Char]) -> list[Char]:
    kept: list[Char] = []
    for ch in chars:
        gx, gy, tol = int(ch.cx // 2), int(ch.cy // 2), 0.3 * ch.size
        if not any(
            k.text == ch.text and abs(int(k.cx // 2) - gx) <= 1 and abs(int(k.cy // 2) - gy) <= 1
            and abs(k.cx - ch.cx) <= tol and abs(k.cy - ch.cy) <= tol
            for k in kept
        ):
            kept.append(ch)
    return kept


def _random_chars(rng: random.Random, n: int) -> list[Char]:
    chars: list[Char] = []
    for _ in range(n):
        if chars and rng.random() < 0.4:  # drawn again near an earlier one, as faux bold is
            base = rng.choice(chars)
            x, y, text = base.x0 + rng.uniform(-3, 3), base.top + rng.uniform(-3, 3), base.text
        else:
            x, y, text = rng.uniform(-40, 200), rng.uniform(-40, 200), rng.choice("收入0１.")
        size = rng.choice([0.5, 1.0, 6.0, 9.0, 12.0])
        chars.append(Char(text, x, y, x + size * rng.uniform(0.3, 1.0), y + size, size))
    return chars


def test_dedupe_equals_its_definition_on_random_pages() -> None:
    rng = random.Random(11)
    for _ in range(300):
        chars = _random_chars(rng, rng.randint(0, 120))
        assert dedupe(chars) == _reference(chars)


def test_dedupe_equals_its_definition_on_grid_borders() -> None:
    # centres on and about the borders of grid squares and of the blocks they are filed in
    points = [b + d for b in range(-66, 70, 2) for d in (-0.01, 0.0, 0.01, 0.3, 1.0)]
    rng = random.Random(5)
    for _ in range(50):
        chars = []
        for _ in range(80):
            cx, cy = rng.choice(points), rng.choice(points)
            chars.append(Char("0", cx - 1, cy - 1, cx + 1, cy + 1, rng.choice([2.0, 5.0, 10.0])))
        assert dedupe(chars) == _reference(chars)


@pytest.mark.parametrize("path", FORMATS, ids=lambda p: p.name)
def test_dedupe_equals_its_definition_on_format_pdfs(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pages: list[list[Char]] = []

    def recording(chars: list[Char]) -> list[Char]:
        pages.append(chars)
        return dedupe(chars)

    monkeypatch.setattr(pdf_page, "dedupe", recording)
    pdf_page.load_pages(path, path.name)
    assert pages
    for chars in pages:
        assert dedupe(chars) == _reference(chars)
