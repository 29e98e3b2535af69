"""Issue 11: every speed aim as a ratio, measured side by side in one run.

    python benchmarks/bench_issue11.py [--repeat N] [--docs N] [--skip-memory] [--src DIR]

``--src`` runs another copy of the package's ``src/`` folder (for instance ``git archive`` of an
earlier commit) instead of the installed one, for a before/after pair run one after the other.

Each measure times budgetlens and its reference alternately, round by round (best of N), so that
both see the same machine load; absolute times on a shared machine are noise, the ratios are what
to compare. Whole processes are timed where a user waits for one. Time is the process's CPU time
(user + system; every process here is single-threaded, so on an idle machine it is what the user
waits for) unless ``--clock wall``: on a machine loaded by others, wall time mostly measures the
others.

1. one PDF, cold, whole process: ``budgetlens check SAMPLE.pdf`` against a ``python -c`` process
   that opens the same file with pypdfium2 and extracts every page's text (aim ≤ 2×);
2. many PDFs in one call, per document: ``budgetlens check`` over ``--docs`` corpus PDFs against
   one process extracting the same files (aim ≤ 3×);
3. text, per document in one call: ``check_files`` over forty text documents (the seeds, eight
   copies each under their own names) in a process that has imported budgetlens, and the same as a
   whole ``budgetlens check`` process, against one regular-expression pass over the same texts
   (aim ≤ 25×);
4. ``budgetlens --help`` and ``budgetlens rules`` against ``python -c "import pypdfium2"``
   (aim ≤ 2×);
5. peak memory (maximum resident set of the process) of ``budgetlens check`` over 100 text
   documents against 10 (aim ≤ 1.2×).

budgetlens keeps its message catalogue, compiled patterns and data files between processes (a cache
folder of this run's own here): measures 1 and 4 also show the first command after an install,
which has no cache yet.

The PDFs come from the shared folder (``$BUDGETLENS_SHARED``, else ``../shared`` beside the
repository; never committed); measures that need an absent file are skipped with a message.
"""

from __future__ import annotations

import argparse
import atexit
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("BUDGETLENS_SHARED") or ROOT.parent / "shared")
SAMPLE = SHARED / "samples" / "上海市普陀区财政局2024年度部门决算.pdf"
CORPUS = SHARED / "corpus"
SEEDS = sorted((ROOT / "tests" / "data" / "seeds").glob("*.txt"))
PY = sys.executable
CLI = [str(Path(PY).parent / "budgetlens")] if (Path(PY).parent / "budgetlens").exists() else [PY, "-m", "budgetlens.cli"]
ONE_PASS = re.compile(r"\d+(?:\.\d+)?")
# Child processes run as an installed program does: with bytecode cached (pip compiles it on
# install), here in a folder of this run's own so that the working tree is left as it is.
PYCACHE = tempfile.mkdtemp(prefix="bench-issue11-pycache-")
atexit.register(shutil.rmtree, PYCACHE, True)
# budgetlens keeps its message catalogue, compiled patterns and data files between processes (its
# cache folder); this run keeps them in a folder of its own, filled by the warming run of each measure, as an installed program has it
# after its first command; an empty BUDGETLENS_CACHE_DIR runs a command as the first one after an
# install does.
CACHE = tempfile.mkdtemp(prefix="bench-issue11-cache-")
atexit.register(shutil.rmtree, CACHE, True)
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"} | {
    "PYTHONPYCACHEPREFIX": PYCACHE, "BUDGETLENS_CACHE_DIR": CACHE}

BARE = """
import sys
import pypdfium2 as pdfium
for name in sys.argv[1:]:
    doc = pdfium.PdfDocument(name)
    for page in doc:
        tp = page.get_textpage()
        tp.get_text_range()
        tp.close()
        page.close()
    doc.close()
"""


CLOCK = "cpu"


def run(cmd: Sequence[str], env: dict[str, str] | None = None) -> tuple[float, int]:
    """Seconds (CPU, user + system, or wall with ``--clock wall``) and peak resident kilobytes of
    one process (its own, from wait4)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(list(cmd), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env or ENV)
    _, status, usage = os.wait4(proc.pid, 0)
    secs = time.perf_counter() - t0 if CLOCK == "wall" else usage.ru_utime + usage.ru_stime
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"bench_issue11: {' '.join(cmd[:4])}… exited {proc.returncode}")
    return secs, usage.ru_maxrss


def side_by_side(commands: dict[str, Sequence[str]], repeat: int) -> dict[str, float]:
    """Best time of each command, run in turn round by round; a name ending in ``/no cache`` runs
    without the cache folder."""
    best = dict.fromkeys(commands, float("inf"))
    env = {name: ENV | {"BUDGETLENS_CACHE_DIR": ""} if name.endswith("/no cache") else ENV for name in commands}
    for name, cmd in commands.items():  # warm the file cache, write the bytecode and the cache folder
        run(cmd, env[name])
    for _ in range(repeat):
        for name, cmd in commands.items():
            best[name] = min(best[name], run(cmd, env[name])[0])
    return best


def best_in_process(fn: Callable[[], object], repeat: int) -> float:
    clock = time.perf_counter if CLOCK == "wall" else time.process_time
    best = float("inf")
    for _ in range(repeat):
        t0 = clock()
        fn()
        best = min(best, clock() - t0)
    return best


def line(name: str, secs: float, ref: float, aim: float, per: int = 1) -> None:
    ratio = secs / ref
    mark = "reached" if ratio <= aim else "NOT reached"
    print(f"  {name:44s} {secs / per * 1000:9.1f} ms  {ratio:6.2f}x  (aim <= {aim:g}x: {mark})")


def text_copies(folder: Path, copies: int) -> list[str]:
    paths = []
    for i in range(copies):
        for seed in SEEDS:
            p = folder / f"{seed.stem}_{i:03d}.txt"
            p.write_bytes(seed.read_bytes())
            paths.append(str(p))
    return paths


def use_src(src: Path) -> None:
    """Run budgetlens from another ``src/`` folder, in child processes and in this one."""
    global CLI
    src = src.resolve()
    if not (src / "budgetlens" / "cli.py").is_file():
        raise SystemExit(f"bench_issue11: no budgetlens/cli.py under {src}")
    ENV["PYTHONPATH"] = str(src)
    sys.path.insert(0, str(src))
    CLI = [PY, "-m", "budgetlens.cli"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--docs", type=int, default=12, help="corpus PDFs for the many-PDF measure")
    ap.add_argument("--skip-memory", action="store_true")
    ap.add_argument("--src", type=Path, help="a src/ folder to run instead of the installed package")
    ap.add_argument("--clock", choices=("cpu", "wall"), default="cpu",
                    help="cpu (default): user + system time, steadier on a loaded machine; wall: elapsed")
    args = ap.parse_args()
    global CLOCK
    CLOCK = args.clock
    if args.src:
        use_src(args.src)
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; best of {args.repeat}, "
          f"{'CPU (user + system)' if CLOCK == 'cpu' else 'wall'} time")

    print("1. one PDF, cold, whole process")
    if SAMPLE.is_file():
        check = [*CLI, "check", str(SAMPLE)]
        t = side_by_side({"bare": [PY, "-c", BARE, str(SAMPLE)], "check": check, "check/no cache": check}, args.repeat)
        print(f"  {'bare pypdfium2 extraction process':44s} {t['bare'] * 1000:9.1f} ms")
        line("budgetlens check SAMPLE.pdf", t["check"], t["bare"], 2)
        line("  the same, first run (no cache)", t["check/no cache"], t["bare"], 2)
    else:
        print(f"  skipped: {SAMPLE} is absent")

    print(f"2. {args.docs} PDFs in one call, per document")
    pdfs = sorted(CORPUS.glob("*.pdf"))
    if pdfs:
        step = max(1, len(pdfs) // args.docs)
        chosen = [str(p) for p in pdfs[::step][: args.docs]]
        t = side_by_side({"bare": [PY, "-c", BARE, *chosen], "check": [*CLI, "check", *chosen]}, args.repeat)
        print(f"  {'bare extraction, one process':44s} {t['bare'] / len(chosen) * 1000:9.1f} ms per document")
        line("budgetlens check (one call)", t["check"], t["bare"], 3, len(chosen))
    else:
        print(f"  skipped: no PDF in {CORPUS}")

    print("3. text, per document in one call (40 documents: the seeds, 8 copies each)")
    with tempfile.TemporaryDirectory() as tmp:
        paths = text_copies(Path(tmp), 8)
        texts = [Path(p).read_text(encoding="utf-8") for p in paths]
        regex = best_in_process(lambda: [ONE_PASS.findall(t) for t in texts], args.repeat * 5)
        from budgetlens.check.api import check_files

        check_files(paths[:5], fmt="json")  # imports and data files, as a long-lived caller has them
        inproc = best_in_process(lambda: check_files(paths, fmt="json"), args.repeat)
        proc = side_by_side({"check": [*CLI, "check", "--format", "json", *paths]}, args.repeat)["check"]
        print(f"  {'one regex pass (re.findall of numbers)':44s} {regex / len(paths) * 1000:9.3f} ms per document")
        line("check_files, in a warm process", inproc, regex, 25, len(paths))
        line("budgetlens check, whole process", proc, regex, 25, len(paths))

    print("4. start-up commands, whole process")
    t = side_by_side({"import": [PY, "-c", "import pypdfium2"], "help": [*CLI, "--help"], "rules": [*CLI, "rules"],
                      "help/no cache": [*CLI, "--help"], "rules/no cache": [*CLI, "rules"]}, args.repeat)
    label = 'python -c "import pypdfium2"'
    print(f"  {label:44s} {t['import'] * 1000:9.1f} ms")
    line("budgetlens --help", t["help"], t["import"], 2)
    line("budgetlens rules", t["rules"], t["import"], 2)
    line("  --help, first run (no cache)", t["help/no cache"], t["import"], 2)
    line("  rules, first run (no cache)", t["rules/no cache"], t["import"], 2)

    if args.skip_memory:
        return
    print("5. peak memory of one call: 100 text documents against 10")
    with tempfile.TemporaryDirectory() as tmp:
        paths = text_copies(Path(tmp), 20)
        peak10 = run([*CLI, "check", "--format", "json", *paths[:10]])[1]
        peak100 = run([*CLI, "check", "--format", "json", *paths])[1]
        ratio = peak100 / peak10
        mark = "reached" if ratio <= 1.2 else "NOT reached"
        print(f"  peak RSS 10 documents {peak10 / 1024:.1f} MB, 100 documents {peak100 / 1024:.1f} MB: "
              f"{ratio:.2f}x  (aim <= 1.2x: {mark})")
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
