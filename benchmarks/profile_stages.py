"""Where a cold ``budgetlens check`` spends its time, stage by stage, in fresh processes.

    python benchmarks/profile_stages.py [--repeat N] [FILE ...]

For each file (default: the Shanghai sample PDF from the shared folder and the first seed), a new
Python process imports and runs the stages a ``budgetlens check FILE`` runs, in the same order, and
reports the CPU time of each: the command line (``budgetlens.cli``), the reader's and the
pipeline's imports, reading, recognising, checking, rendering the text report; then each stage
again in the same process, which leaves out what a stage does once per process (patterns compiled
and data loaded on first use). Best of N per stage (each stage's best, so the sum is a lower bound
of one run). Beside them: Python's own start and
``import pypdfium2``, the floor every process pays. The figures explain the gap between a check
and a bare extraction (benchmarks/bench_issue11.py measure 1) that docs/benchmarks.md records.
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("BUDGETLENS_SHARED") or ROOT.parent / "shared")
# children run as an installed program does, with bytecode cached (here in a folder of this run's own)
PYCACHE = tempfile.mkdtemp(prefix="profile-stages-pycache-")
atexit.register(shutil.rmtree, PYCACHE, True)
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"} | {"PYTHONPYCACHEPREFIX": PYCACHE}
DEFAULT = [SHARED / "samples" / "上海市普陀区财政局2024年度部门决算.pdf",
           *sorted((ROOT / "tests" / "data" / "seeds").glob("*.txt"))[:1]]

CHILD = r"""
import json, sys, time
clock = time.process_time
out = {}
if sys.argv[1].lower().endswith(".pdf"):  # the reader imports it for a PDF only
    t = clock()
    import pypdfium2
    out["import pypdfium2"] = clock() - t
t = clock()
import budgetlens.cli
out["import budgetlens.cli"] = clock() - t
t = clock()
from pathlib import Path
from budgetlens.read import read_source
from budgetlens.recognize import recognize
from budgetlens.check.engine import check_documents
out["import reader, recognizer, checker"] = clock() - t
t = clock()
source = read_source(Path(sys.argv[1]))
out["read"] = clock() - t
t = clock()
doc = recognize(source)
out["recognize"] = clock() - t
t = clock()
report = check_documents([doc], None, None, [source])
out["check (rules imported on first use included)"] = clock() - t
t = clock()
from budgetlens.report import render
render(report, "text")
out["render the text report"] = clock() - t
# the same again in this process: what is left is the work itself, the difference was first use
# (patterns compiled, data loaded and memoised on first use)
for stage, step in (("read", lambda: read_source(Path(sys.argv[1]))), ("recognize", lambda: recognize(source)),
                    ("check", lambda: check_documents([doc], None, None, [source])),
                    ("render", lambda: render(report, "text"))):
    t = clock()
    step()
    out[f"again: {stage}"] = clock() - t
print(json.dumps(out))
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("files", nargs="*", type=Path)
    args = ap.parse_args()
    for f in args.files or DEFAULT[-1:]:  # write the bytecode and the catalogue cache
        subprocess.run([sys.executable, "-c", CHILD, str(f)], capture_output=True, env=ENV, check=True)
    start = min(_process_seconds([sys.executable, "-c", "pass"]) for _ in range(args.repeat))
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}; CPU time, best of {args.repeat}")
    print(f"  {'python start (python -c pass)':46s} {start * 1000:7.1f} ms")
    for f in args.files or DEFAULT:
        if not f.is_file():
            print(f"{f}: absent, skipped")
            continue
        best: dict[str, float] = {}
        for _ in range(args.repeat):
            res = subprocess.run([sys.executable, "-c", CHILD, str(f)], capture_output=True, text=True, env=ENV, check=True)
            for stage, secs in json.loads(res.stdout).items():
                best[stage] = min(best.get(stage, secs), secs)
        print(f"{f.name}")
        for stage, secs in best.items():
            print(f"  {stage:46s} {secs * 1000:7.1f} ms")
        first = {k: v for k, v in best.items() if not k.startswith("again")}
        print(f"  {'sum of the cold run':46s} {sum(first.values()) * 1000:7.1f} ms")


def _process_seconds(cmd: list[str]) -> float:
    proc = subprocess.Popen(cmd, env=ENV)
    _, _, usage = os.wait4(proc.pid, 0)
    return usage.ru_utime + usage.ru_stime


if __name__ == "__main__":
    main()
