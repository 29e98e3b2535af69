"""Choosing a profile counts agreements without building the scores in full, from readings shared by
the candidates. These check that the count is the full scoring's, table by table and profile by
profile, and that the shared readings do not outlive the document they were made for."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from budgetlens.model.performance import PerformanceTable
from budgetlens.read.text import parse_text
from budgetlens.recognize import recognize
from budgetlens.score import load_profiles, score_disclosure, score_table
from budgetlens.score.engine import IndicatorInputs, ScoringInputs, count_agreements

from .seed_tables import seed_tables

SEEDS = sorted((Path(__file__).resolve().parents[1] / "data" / "seeds").glob("*.txt"))


def _recognised_tables() -> list[PerformanceTable]:
    tables: list[PerformanceTable] = []
    for path in SEEDS:
        doc = recognize(parse_text(path.read_text(encoding="utf-8"), str(path)))
        tables.extend(t for t in doc.performance if t.table_kind == "self_evaluation")
    return tables


@pytest.mark.parametrize("source", ["transcribed", "recognised"])
def test_counts_equal_full_scoring_under_every_profile(source: str) -> None:
    if source == "transcribed":
        tables = [t for ts in seed_tables().values() for t in ts]
    else:
        tables = _recognised_tables()
    assert tables
    compared = 0
    for profile in load_profiles().values():
        shared = ScoringInputs()
        for table in tables:
            full = score_table(table, profile, apply=False)  # its own, fresh readings
            assert count_agreements(table, profile, shared) == (full.agreeing, full.compared), (profile.name, table.name)
            # and the full scoring from the shared readings is the same as from fresh ones
            again = score_table(table, profile, apply=False, inputs=shared)
            assert [(i.status, i.low, i.high, i.recomputed, i.formula) for i in again.items()] == [
                (i.status, i.low, i.high, i.recomputed, i.formula) for i in full.items()
            ]
            compared += full.compared
    assert compared > 0


def _alive(kind: type) -> int:
    gc.collect()
    return sum(1 for o in gc.get_objects() if isinstance(o, kind))


def test_shared_readings_live_for_one_document() -> None:
    path = next(p for p in SEEDS if p.name.startswith("000"))
    text = path.read_text(encoding="utf-8")
    score_disclosure(recognize(parse_text(text, str(path))))  # warm whatever is loaded once
    before = (_alive(PerformanceTable), _alive(ScoringInputs), _alive(IndicatorInputs))
    for _ in range(3):
        doc = recognize(parse_text(text, str(path)))
        result = score_disclosure(doc)
        assert result.tables and result.choice.fits
        del doc, result
    # the readings were made for one scoring and went with it: nothing kept across documents
    # holds the tables or their readings
    assert (_alive(PerformanceTable), _alive(ScoringInputs), _alive(IndicatorInputs)) == before
