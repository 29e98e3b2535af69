"""Benchmark: parse speed and memory on the seeds, measured side by side in one run.

Every parse is timed cold (the stages' memos emptied first). Reports documents/second, peak
memory of one parse (tracemalloc), and the ratio of a full parse
(read + recognise) to one regular-expression pass over the same text — the cheapest thing that
touches every character — and, when the check stage is installed, the ratio of check time to
parse time. Absolute times on a shared machine are noise; the ratios are what to compare.

    python benchmarks/bench_parse.py [--repeat N]
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import re
import statistics
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from budgetlens.model import Disclosure
from budgetlens.read.text import parse_text
from budgetlens.recognize import recognize

SEEDS = sorted((Path(__file__).resolve().parent.parent / "tests" / "data" / "seeds").glob("*.txt"))
ONE_PASS = re.compile(r"\d+(?:\.\d+)?")


def clear_caches() -> None:
    """Empty every memo in the recognise and score stages, so each timed run is a first parse
    (memos keyed by cell text would otherwise make repeated parses of one text look faster)."""
    import budgetlens.recognize
    import budgetlens.score

    for package in (budgetlens.recognize, budgetlens.score):
        for info in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
            module = importlib.import_module(info.name)
            for value in vars(module).values():
                clear = getattr(value, "cache_clear", None)
                if callable(clear) and getattr(value, "__module__", None) == module.__name__:
                    clear()


def best_of(fn: Callable[[], object], repeat: int, cold: bool = False) -> float:
    times = []
    for _ in range(repeat):
        if cold:
            clear_caches()
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=15)
    args = ap.parse_args()
    check_documents: Callable[[list[Disclosure]], object] | None
    try:
        from budgetlens.check import check_documents
    except ImportError:
        check_documents = None

    print(f"{'seed':28} {'KB':>6} {'parse ms':>9} {'regex ms':>9} {'parse/regex':>12} {'check/parse':>12} {'peak MB':>8}")
    ratios: list[float] = []
    check_ratios: list[float] = []
    total_parse = 0.0
    for path in SEEDS:
        text = path.read_text(encoding="utf-8")
        parse = best_of(lambda text=text, name=str(path): recognize(parse_text(text, name)), args.repeat, cold=True)
        regex = best_of(lambda text=text: ONE_PASS.findall(text), args.repeat * 4)
        total_parse += parse
        ratios.append(parse / regex)
        check_ratio = float("nan")
        if check_documents is not None:
            doc = recognize(parse_text(text, str(path)))
            check = best_of(lambda run=check_documents, doc=doc: run([doc]), args.repeat)
            check_ratio = check / parse
            check_ratios.append(check_ratio)
        tracemalloc.start()
        recognize(parse_text(text, str(path)))
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(
            f"{path.name:28} {len(text.encode()) / 1024:6.0f} {parse * 1000:9.2f} {regex * 1000:9.3f} "
            f"{parse / regex:12.1f} {check_ratio:12.2f} {peak / 2**20:8.1f}"
        )
    print(f"documents/second (best of {args.repeat}): {len(SEEDS) / total_parse:.1f}")
    print(f"parse / one regex pass: median {statistics.median(ratios):.1f}x, max {max(ratios):.1f}x")
    if check_ratios:
        print(f"check / parse: median {statistics.median(check_ratios):.2f}, max {max(check_ratios):.2f}")


if __name__ == "__main__":
    main()
