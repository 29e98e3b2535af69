"""The JSON report written one list item at a time is ``json.dumps(..., indent=2)`` of the whole."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from budgetlens.check.api import load
from budgetlens.check.engine import check_documents
from budgetlens.check.findings import Report
from budgetlens.report.json import dumps_by_item, render_json

SEEDS = sorted((Path(__file__).resolve().parent / "data" / "seeds").glob("*.txt"))


def _whole(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def test_reports_of_the_seeds() -> None:
    loaded = [load(str(p)) for p in SEEDS]
    report = check_documents([d for d, _ in loaded], sources=[s for _, s in loaded])
    assert report.findings and report.documents
    assert render_json(report) == _whole(report.to_dict())
    empty = Report(documents=[], findings=[])
    assert render_json(empty) == _whole(empty.to_dict())


def _value(rng: random.Random, depth: int) -> Any:
    words = ["", "合计", "a\nb", 'quote " and \\ back', "tab\there", "😀", "p.3"]
    kind = rng.randrange(8 if depth < 3 else 5)
    if kind == 0:
        return rng.choice(words)
    if kind == 1:
        return rng.randint(-5, 10**6)
    if kind == 2:
        return rng.random() * 100
    if kind == 3:
        return rng.choice([None, True, False])
    if kind == 4:
        return rng.choice(words) + str(rng.randint(0, 9))
    if kind in (5, 6):
        return [_value(rng, depth + 1) for _ in range(rng.randrange(4))]
    return {rng.choice(words) + str(k): _value(rng, depth + 1) for k in range(rng.randrange(4))}


def test_random_data() -> None:
    rng = random.Random(11)
    for _ in range(500):
        data = {f"k{i}\n": _value(rng, 0) for i in range(rng.randrange(5))}
        assert dumps_by_item(data) == _whole(data)
