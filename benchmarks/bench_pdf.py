"""PDF speed: pages/second of reading (read_pdf) and of the full pipeline (read_pdf + recognize +
check_documents), and each one's cost relative to bare pypdfium2 text extraction of the same file
(open, text page, whole text of every page), all measured in the same run, best of N.

    python benchmarks/bench_pdf.py [FILE.pdf ...] [--repeat N]

Without a file it times the Shanghai sample of the shared folder (``$BUDGETLENS_SHARED``, else
``../shared`` beside the repository; never committed).

To time an earlier version, run the script with ``PYTHONPATH`` set to a copy of that version's
``src/`` (``git archive``), right after or before the current one: each run measures bare
extraction too, so the ratios of the two runs compare.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium

from budgetlens.check import check_documents
from budgetlens.model import Source
from budgetlens.read import pdf as current
from budgetlens.recognize import recognize

SHARED = Path(os.environ.get("BUDGETLENS_SHARED") or Path(__file__).resolve().parents[2] / "shared")
DEFAULT = SHARED / "samples" / "上海市普陀区财政局2024年度部门决算.pdf"


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


def full(read: Callable[[Path], Source]) -> Callable[[Path], int]:
    def run(path: Path) -> int:
        doc = recognize(read(path))
        return len(check_documents([doc]).findings)

    return run


def bench(path: Path, repeat: int) -> None:
    pdf = pdfium.PdfDocument(str(path))
    pages = len(pdf)
    pdf.close()
    runs: dict[str, Callable[[Path], object]] = {"bare pypdfium2 text": bare_text}
    runs["read_pdf"] = current.read_pdf
    runs["read + recognize + check"] = full(current.read_pdf)
    for fn in runs.values():
        fn(path)  # warm up imports and data files
    best = dict.fromkeys(runs, float("inf"))
    for _ in range(repeat):  # round by round, so that every variant sees the same load
        for name, fn in runs.items():
            t = time.perf_counter()
            fn(path)
            best[name] = min(best[name], time.perf_counter() - t)
    bare = best["bare pypdfium2 text"]
    print(f"file: {path.name} ({pages} pages), best of {repeat}")
    for name, secs in best.items():
        ratio = "" if secs is bare else f"  {secs / bare:4.1f}x bare"
        print(f"{name + ':':38s} {secs:.3f} s  ({pages / secs:6.1f} pages/s){ratio}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("pdf", nargs="*", type=Path, default=[DEFAULT])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    missing = [p for p in args.pdf if not p.is_file()]
    if missing:
        raise SystemExit(f"bench_pdf: {missing[0]} is absent (give PDF files, or set BUDGETLENS_SHARED)")
    for path in args.pdf:
        bench(path, args.repeat)


if __name__ == "__main__":
    main()
