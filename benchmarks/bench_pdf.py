"""PDF speed: pages/second of reading (read_pdf) and of the full pipeline (read_pdf + recognize +
check_documents), and each one's cost relative to bare pypdfium2 text extraction of the same file
(open, text page, whole text of every page), all measured in the same run, best of N.

    python benchmarks/bench_pdf.py [FILE.pdf] [--repeat N]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium

from budgetlens.check import check_documents
from budgetlens.read.pdf import read_pdf
from budgetlens.recognize import recognize

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


def full(path: Path) -> int:
    doc = recognize(read_pdf(path))
    return len(check_documents([doc]).findings)


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
    pdf = pdfium.PdfDocument(str(args.pdf))
    pages = len(pdf)
    pdf.close()
    full(args.pdf)  # warm up imports and data files
    bare = best_of(bare_text, args.pdf, args.repeat)
    read = best_of(read_pdf, args.pdf, args.repeat)
    whole = best_of(full, args.pdf, args.repeat)
    print(f"file: {args.pdf.name} ({pages} pages), best of {args.repeat}")
    print(f"bare pypdfium2 text:        {bare:.3f} s  ({pages / bare:6.1f} pages/s)")
    print(f"read_pdf:                   {read:.3f} s  ({pages / read:6.1f} pages/s)  {read / bare:4.1f}x bare")
    print(f"read + recognize + check:   {whole:.3f} s  ({pages / whole:6.1f} pages/s)  {whole / bare:4.1f}x bare")


if __name__ == "__main__":
    main()
