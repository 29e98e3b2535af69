"""The PDF reader's removal of overprinted duplicate characters finds exactly the twins that
testing every neighbouring 2-point grid square finds."""

from __future__ import annotations

import random

from budgetlens.read.pdf import _Char, _dedupe


def _reference(chars: list[_Char]) -> list[_Char]:
    """Keep a character unless a kept one with the same text sits in the same or a neighbouring
    2-point square and within 0.3 of its size both ways."""
    kept: dict[tuple[str, int, int], list[_Char]] = {}
    out: list[_Char] = []
    for ch in chars:
        gx, gy = int(ch.cx // 2), int(ch.cy // 2)
        tol = 0.3 * ch.size
        twin = any(
            abs(o.cx - ch.cx) <= tol and abs(o.cy - ch.cy) <= tol
            for dx in (-1, 0, 1)
            for dy in (-1, 0, 1)
            for o in kept.get((ch.text, gx + dx, gy + dy), [])
        )
        if not twin:
            kept.setdefault((ch.text, gx, gy), []).append(ch)
            out.append(ch)
    return out


def test_dedupe_matches_reference_on_random_overprints() -> None:
    rng = random.Random(7)
    dropped = 0
    for _ in range(200):
        chars: list[_Char] = []
        for _ in range(200):
            if chars and rng.random() < 0.3:  # overprint an earlier glyph a little way off
                o = chars[rng.randrange(len(chars))]
                dx, dy = rng.uniform(-4, 4), rng.uniform(-4, 4)
                chars.append(_Char(o.text, o.x0 + dx, o.top + dy, o.x1 + dx, o.bottom + dy, o.size))
                continue
            x, y = rng.uniform(-30, 120), rng.uniform(-30, 120)
            chars.append(_Char(rng.choice("收入0"), x, y, x + rng.uniform(0, 12), y + rng.uniform(0, 12),
                               rng.uniform(0.5, 30)))
        got = _dedupe(chars)
        assert [id(c) for c in got] == [id(c) for c in _reference(chars)]
        dropped += len(chars) - len(got)
    assert dropped > 1000  # the overprints were there to find


def test_faux_bold_twin_dropped_and_distant_repeat_kept() -> None:
    a = _Char("收", 100.0, 200.0, 110.0, 210.0, 10.0)
    twin = _Char("收", 100.4, 200.2, 110.4, 210.2, 10.0)
    far = _Char("收", 130.0, 200.0, 140.0, 210.0, 10.0)
    assert _dedupe([a, twin, far]) == [a, far]
