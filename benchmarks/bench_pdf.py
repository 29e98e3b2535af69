"""PDF reading speed: pages/second of read_pdf and its cost relative to bare pypdfium2 text
extraction of the same file, measured in the same run.

    python benchmarks/bench_pdf.py [FILE.pdf] [--repeat N]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium

from budgetlens.read.pdf import read_pdf

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "samples" / "上海市普陀区财政局2024年度部门决算.pdf"


def bare_text(path: Path) -> int:
    doc = pdfium.PdfDocument(str(path))
    chars = 0
    for page in doc:
        tp = page.get_textpage()
        chars += len(tp.get_text_range())
        tp.close()
        page.close()
    doc.close()
    return chars


def best_of(fn: Callable[[Path], object], path: Path, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn(path)
        best = min(best, time.perf_counter() - t)
    return best


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("pdf", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    pages = len(pdfium.PdfDocument(str(args.pdf)))
    bare = best_of(bare_text, args.pdf, args.repeat)
    full = best_of(read_pdf, args.pdf, args.repeat)
    print(f"file: {args.pdf.name} ({pages} pages), best of {args.repeat}")
    print(f"bare pypdfium2 text: {bare:.3f} s  ({pages / bare:.1f} pages/s)")
    print(f"read_pdf:            {full:.3f} s  ({pages / full:.1f} pages/s)")
    print(f"ratio read_pdf / bare: {full / bare:.1f}x")


if __name__ == "__main__":
    main()
