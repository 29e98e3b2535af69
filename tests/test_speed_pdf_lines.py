"""A printed line's segments and text (``pdf_lines``, with comparisons spelt out) against their
definitions written plainly, on random runs of characters and on the format PDFs' lines."""

from __future__ import annotations

import itertools
import random
from pathlib import Path

import pytest

from budgetlens.read import pdf_lines, pdf_page
from budgetlens.read.pdf_chars import Char

FORMATS = sorted((Path(__file__).parent / "data" / "formats").glob("*.pdf"))


def _reference_text(chars: list[Char], cell: bool = False) -> str:
    out: list[str] = []
    for i, ch in enumerate(chars):
        if i:
            prev = chars[i - 1]
            gap = ch.x0 - prev.x1
            ascii_pair = prev.text.isascii() and ch.text.isascii()
            spaced = ch.space_before and gap > -0.2 * ch.size
            if (ascii_pair and (gap > 0.2 * ch.size or spaced)) or (not cell and (gap > 0.6 * ch.size or spaced)):
                out.append(" ")
        out.append(ch.text)
    return "".join(out)


def _reference_segments(line: list[Char]) -> list[list[Char]]:
    segs: list[list[Char]] = [[line[0]]]
    for prev, ch in itertools.pairwise(line):
        if ch.x0 - prev.x1 > 1.6 * max(prev.size, ch.size):
            segs.append([ch])
        else:
            segs[-1].append(ch)
    return segs


def _random_run(rng: random.Random) -> list[Char]:
    x = rng.uniform(0, 100)
    run: list[Char] = []
    for _ in range(rng.randint(1, 30)):
        size = rng.choice([5.0, 9.0, 10.5, 12.0])
        x += rng.choice([-0.5 * size, -0.1, 0.0, 0.1 * size, 0.25 * size, 0.7 * size, 2.0 * size, 3.0 * size])
        width = size * rng.choice([0.5, 1.0])
        run.append(Char(rng.choice("收入a1.%（ "), x, 10.0, x + width, 10.0 + size, size, rng.random() < 0.3))
        x += width
    return run


def test_text_and_segments_equal_their_definitions_on_random_runs() -> None:
    rng = random.Random(3)
    for _ in range(2000):
        run = _random_run(rng)
        for cell in (False, True):
            assert pdf_lines.segment_text(run, cell) == _reference_text(run, cell)
        assert pdf_lines._split_segments(run) == _reference_segments(run)
    assert pdf_lines.segment_text([]) == ""


@pytest.mark.parametrize("path", FORMATS, ids=lambda p: p.name)
def test_text_and_segments_equal_their_definitions_on_format_pdfs(path: Path) -> None:
    lines = 0
    for page in pdf_page.load_pages(path, path.name):
        for line in pdf_lines.group_lines(page.chars):
            lines += 1
            for cell in (False, True):
                assert pdf_lines.segment_text(line, cell) == _reference_text(line, cell)
            assert pdf_lines._split_segments(line) == _reference_segments(line)
    assert lines
