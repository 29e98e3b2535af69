from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

# Test modules shared by several tests (expectations, layout_variants) live beside the tests.
sys.path.insert(0, str(Path(__file__).parent))

ROOT = Path(__file__).resolve().parents[1]

# Documents in the shared samples folder: read by the tests, never committed.
SHANGHAI_SAMPLE = "上海市普陀区财政局2024年度部门决算.pdf"  # a published final account, 25 pages
TEMPLATE_SAMPLE = "部门决算模板.pdf"  # the national final-account template, 23 pages


def seed_texts() -> list[str]:
    """Every line of the seeds, and each tab-separated cell of it: real texts for equivalence tests."""
    out: list[str] = []
    for path in sorted((ROOT / "tests" / "data" / "seeds").glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            out.append(line)
            out.extend(line.split("\t"))
    return out


def shared_dir() -> Path:
    """The shared documents folder: ``$BUDGETLENS_SHARED`` when set, else ``../shared`` beside the
    repository (the same rule as scripts/demo.sh)."""
    env = os.environ.get("BUDGETLENS_SHARED")
    return Path(env) if env else ROOT.parent / "shared"


def shared_sample(name: str) -> Path:
    """``<shared>/samples/<name>``; the calling test is skipped when that file is absent."""
    path = shared_dir() / "samples" / name
    if not path.is_file():
        where = os.environ.get("BUDGETLENS_SHARED") or "../shared"
        pytest.skip(
            f"{where}/samples/{name} is absent: shared sample documents are not part of the repository "
            "(put them in ../shared/samples or set BUDGETLENS_SHARED to the folder holding samples/)"
        )
    return path
