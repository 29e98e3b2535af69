"""The self-evaluation tables of seeds 000, 003 and 004, transcribed cell by cell (data/seed_tables.yaml)
into the model, so that scoring can be tested independently of the recogniser."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from budgetlens.model.performance import FundingRow, Indicator, Measure, PerformanceTable
from budgetlens.model.source import Location

DATA = Path(__file__).parent / "data" / "seed_tables.yaml"


def _dec(value: Any) -> Decimal | None:
    if value is None or str(value).strip() in ("", "-", "—"):
        return None
    return Decimal(str(value).replace(",", ""))


def _table(file: str, raw: dict[str, Any]) -> PerformanceTable:
    table = PerformanceTable(
        table_kind="self_evaluation",
        level=raw["level"],
        title=raw["title"],
        location=Location(file=file, line=raw["line"]),
        name=raw.get("name", ""),
        department=raw.get("department"),
        implementer=raw.get("implementer"),
        stated_total=_dec(raw.get("stated_total")),
        total_weight=_dec(raw.get("total_weight")),
    )
    for f in raw["funding"]:
        table.funding.append(
            FundingRow(
                label=f["label"],
                location=Location(file=file, line=f["line"]),
                initial_budget=_dec(f["initial"]),
                annual_budget=_dec(f["annual"]),
                executed=_dec(f["executed"]),
                weight=_dec(f["weight"]),
                execution_rate=_dec(f["rate"]),
                score=_dec(f["score"]),
            )
        )
    for i in raw["indicators"]:
        table.indicators.append(
            Indicator(
                level1=i["level1"],
                level2=i["level2"],
                name=i["name"],
                location=Location(file=file, line=i["line"]),
                weight=_dec(i["weight"]),
                target=Measure(text=i["target"]),
                actual=Measure(text=i["actual"]),
                completion_rate=_dec(i.get("rate")),
                stated_score=_dec(i["score"]),
                rule=i.get("rule"),
            )
        )
    return table


def seed_tables() -> dict[str, list[PerformanceTable]]:
    """File name → its self-evaluation tables, freshly built (tests may mutate them)."""
    raw = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    return {file: [_table(file, t) for t in tables] for file, tables in raw.items()}
