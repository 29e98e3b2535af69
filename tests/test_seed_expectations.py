"""The parser against the expected results written by reading each seed (tests/expected/*.yaml) and
the Shanghai sample (read from ../shared/samples; its cases are skipped when it is absent).

Every section of every seed must match figure for figure, except where a floor below is recorded:
those sections are not complete yet, and the floor (the count measured when it was recorded) keeps
them from getting worse. Run ``python scripts/seed_report.py`` for the mismatches.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from budgetlens.read import read_source
from budgetlens.recognize import recognize
from conftest import shared_dir, shared_sample
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


def _sections(name: str) -> list[str]:
    """The sections compared for one expected file; a single ``document`` case when it describes a
    shared sample that is absent (that case is then skipped, not a collection error)."""
    if not document_path(load_expected(name)).is_file():
        return ["document"]
    return list(_results(name))


CASES = [(name, section) for name in expected_files() for section in _sections(name)]


@pytest.mark.parametrize(("name", "section"), CASES, ids=[f"{label(n)}-{s}" for n, s in CASES])
def test_seed_section(name: str, section: str) -> None:
    exp = load_expected(name)
    if "path" in exp:
        shared_sample(Path(exp["path"]).name)  # skips when the sample is absent
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
    if not (shared_dir() / "samples").is_dir():
        shared_sample(Path(samples[0]["path"]).name)  # skips: the shared folder is absent
    for exp in samples:
        assert document_path(exp).is_file(), exp["path"]
