"""Property tests: the text pipeline never crashes, whatever it is given."""

from __future__ import annotations

import random
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budgetlens.read.text import parse_text
from budgetlens.recognize import recognize
from budgetlens.serialize import disclosure_to_dict

SEEDS = sorted((Path(__file__).parent / "data" / "seeds").glob("*.txt"))
SEED_TEXTS = [p.read_text(encoding="utf-8") for p in SEEDS]
ALPHABET = st.sampled_from(list("\t\n 0123456789.,%-—：:，。；（）()表元万年第一二三四五六七八九十部分、其中合计总计占增加减少增长下降>=<≤≥个人次"))


def _run(text: str) -> None:
    if not text.strip():
        return
    doc = recognize(parse_text(text, "<prop>"))
    disclosure_to_dict(doc)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=ALPHABET, max_size=400))
def test_arbitrary_text(text: str) -> None:
    _run(text)


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=0, max_value=len(SEEDS) - 1), st.floats(min_value=0.0, max_value=1.0))
def test_any_truncation_of_a_seed(index: int, fraction: float) -> None:
    text = SEED_TEXTS[index]
    _run(text[: int(len(text) * fraction)])


@settings(max_examples=25, deadline=None)
@given(st.integers(min_value=0, max_value=len(SEEDS) - 1), st.integers(min_value=0, max_value=2**32 - 1))
def test_shuffled_blocks(index: int, seed: int) -> None:
    blocks = SEED_TEXTS[index].split("\n\n")
    random.Random(seed).shuffle(blocks)
    _run("\n\n".join(blocks))
