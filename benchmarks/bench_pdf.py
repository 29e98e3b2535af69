"""PDF speed: pages/second of reading (read_pdf) and of the full pipeline (read_pdf + recognize +
check_documents), and each one's cost relative to bare pypdfium2 text extraction of the same file
(open, text page, whole text of every page), all measured in the same run, best of N.

    python benchmarks/bench_pdf.py [FILE.pdf ...] [--repeat N] [--baseline OLD_SRC]

Without a file it times the Shanghai sample of the shared folder (``$BUDGETLENS_SHARED``, else
``../shared`` beside the repository; never committed).

With ``--baseline`` (a copy of an earlier ``src/`` directory) the reader module of that copy
(``budgetlens/read/pdf.py``, loaded under another name; the rest of the pipeline is the current
one) is timed too, alternating with the current reader round by round, so that both see the same
machine load.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

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


def load_reader(src: Path) -> ModuleType:
    """The PDF reader module of another source tree, under a name of its own."""
    spec = importlib.util.spec_from_file_location("baseline_pdf_reader", src / "budgetlens" / "read" / "pdf.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"no budgetlens/read/pdf.py under {src}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def bench(path: Path, repeat: int, baseline: ModuleType | None) -> None:
    pdf = pdfium.PdfDocument(str(path))
    pages = len(pdf)
    pdf.close()
    runs: dict[str, Callable[[Path], object]] = {"bare pypdfium2 text": bare_text}
    if baseline is not None:
        runs["read_pdf (baseline)"] = baseline.read_pdf
    runs["read_pdf"] = current.read_pdf
    if baseline is not None:
        runs["read + recognize + check (baseline)"] = full(baseline.read_pdf)
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
    ap.add_argument("--baseline", type=Path, help="an earlier copy of src/ whose PDF reader to time alongside")
    args = ap.parse_args()
    missing = [p for p in args.pdf if not p.is_file()]
    if missing:
        raise SystemExit(f"bench_pdf: {missing[0]} is absent (give PDF files, or set BUDGETLENS_SHARED)")
    baseline = load_reader(args.baseline) if args.baseline else None
    for path in args.pdf:
        bench(path, args.repeat, baseline)


if __name__ == "__main__":
    main()
