"""The parser against the expected results written by reading each seed (tests/expected/*.yaml).

Every section of every seed must match figure for figure, except where a floor below is recorded:
those sections are not complete yet, and the floor (the count measured when it was recorded) keeps
them from getting worse. Run ``python scripts/seed_report.py`` for the mismatches.
"""

from __future__ import annotations

from functools import cache

import pytest

from budgetlens.read import read_source
from budgetlens.recognize import recognize
from expectations import SEEDS_DIR, Tally, compare, document_path, expected_files, load_expected

# (seed, section) -> minimum matched checks, for sections that do not match completely yet.
FLOORS: dict[tuple[str, str], int] = {}


@cache
def _results(name: str) -> dict[str, Tally]:
    exp = load_expected(name)
    doc = recognize(read_source(document_path(exp)))
    return compare(exp, doc)


def label(name: str) -> str:
    """Seeds are named by their three-digit prefix, samples by their file stem."""
    return name[:3] if name[:3].isdigit() else name.removesuffix(".yaml")


CASES = [(name, section) for name in expected_files() for section in _results(name)]


@pytest.mark.parametrize(("name", "section"), CASES, ids=[f"{label(n)}-{s}" for n, s in CASES])
def test_seed_section(name: str, section: str) -> None:
    t = _results(name)[section]
    floor = FLOORS.get((label(name), section))
    summary = f"{label(name)} {section}: {t.matched}/{t.checks} checks, {t.figures_matched}/{t.figures} figures"
    print(summary)
    if floor is None:
        assert t.matched == t.checks, summary + "\n" + "\n".join(t.mismatches[:20])
    else:
        assert t.matched >= floor, summary + f" (floor {floor})\n" + "\n".join(t.mismatches[:20])


def test_every_seed_has_an_expected_file() -> None:
    seeds = sorted(p.stem for p in SEEDS_DIR.glob("*.txt"))
    assert seeds == sorted(n.removesuffix(".yaml") for n in expected_files() if "path" not in load_expected(n))


def test_every_sample_expectation_names_an_existing_file() -> None:
    samples = [load_expected(n) for n in expected_files() if "path" in load_expected(n)]
    assert samples, "the Shanghai sample has an expected file"
    for exp in samples:
        assert document_path(exp).is_file(), exp["path"]
