"""Seeds and shared fixtures of the library's tests."""

from __future__ import annotations

import shutil
from pathlib import Path

SEEDS = Path(__file__).parent.parent / "data" / "seeds"
FINAL_SEED = SEEDS / "000_b61820042bea01b0.txt"  # final account 2024 of one unit
BUDGET_SEED = SEEDS / "001_c42624e4ee949ba4.txt"  # budget 2024 of the same unit
PG_ENV = "BUDGETLENS_TEST_PG_URL"


def copy_seed(seed: Path, folder: Path, name: str | None = None, extra: str = "") -> Path:
    """A copy of a seed (with ``extra`` appended, which changes its content hash, not its reading)."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / (name or seed.name)
    shutil.copyfile(seed, target)
    if extra:
        with target.open("a", encoding="utf-8") as f:
            f.write(extra)
    return target
