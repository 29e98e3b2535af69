"""A batch killed with SIGKILL while a document is being written, then run again: every document
is in the library exactly once, each with all its rows, and nothing half-written remains."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select

from budgetlens.library import open_library
from budgetlens.library.models import DocTable, Document, Fact, FactOccurrence, FindingRow, Project
from budgetlens.library.store import LibraryError
from library.seeds import SEEDS, copy_seed

SCRIPT = """
import sys
from pathlib import Path
from budgetlens.library import open_library
from budgetlens.library.ingest import add
url = sys.argv[2] if len(sys.argv) > 2 else None
add(open_library(url), [Path(sys.argv[1])], workers=2)
"""


SCRIPT_SUMMARY = SCRIPT.replace("add(open_library(url), [Path(sys.argv[1])], workers=2)",
                                "s = add(open_library(url), [Path(sys.argv[1])], workers=2)\n"
                                "print(s.count('already'), s.count('added'))")


def _children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (Linux /proc)."""
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _rows(url: str | None) -> dict[str, tuple[int, ...]]:
    lib = open_library(url)
    try:
        with lib.session() as s:
            out = {}
            for d in s.scalars(select(Document)):
                counts = tuple(s.scalar(select(func.count()).select_from(m).where(m.document_id == d.id)) or 0
                               for m in (Fact, FactOccurrence, DocTable, Project, FindingRow))
                assert d.path not in out, f"{d.path} twice"
                out[d.path] = counts
        return out
    finally:
        lib.close()


def test_kill_mid_batch_then_rerun(db_url: str | None, home: Path, tmp_path: Path) -> None:
    batch = tmp_path / "batch"
    seeds = [SEEDS / "002_57e93c320c776aff.txt", SEEDS / "003_0b52c0e090209c00.txt"]
    files = [copy_seed(seed, batch, f"{i}_{seed.name}", "\n" * i) for i in range(2) for seed in seeds]
    open_library(db_url).close()  # migrations done before the clock starts
    env = {**os.environ, "BUDGETLENS_LIBRARY_TXN_DELAY": "2"}
    args = [sys.executable, "-c", SCRIPT, str(batch)] + ([db_url] if db_url else [])
    proc = subprocess.Popen(args, env=env, cwd=Path(__file__).parent.parent)
    try:
        deadline = time.monotonic() + 40
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                if len(_rows(db_url)) >= 1:
                    break
            except LibraryError:  # SQLite: the batch holds the write lock at that moment
                pass
            time.sleep(0.1)
        assert proc.poll() is None, "the batch ended before it could be killed"
        # the next document is parsed in well under a second and then held 2 s in its transaction
        time.sleep(1.0)
        workers = _children(proc.pid)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    # its worker processes notice and exit instead of waiting for work forever
    assert len(workers) >= 2
    deadline = time.monotonic() + 10
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(_alive(w) for w in workers)
    killed = _rows(db_url)
    assert 1 <= len(killed) < len(files)
    # rerun: the rest is added, nothing twice
    # (in a fresh process, like the killed one: both read the documents with the same code)
    done = subprocess.run([*args[:2], SCRIPT_SUMMARY, *args[3:]], cwd=Path(__file__).parent.parent, timeout=120,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [str(len(killed)), str(len(files) - len(killed))]
    after = _rows(db_url)
    assert sorted(after) == sorted(str(f) for f in files)
    for path, counts in killed.items():
        assert after[path] == counts
    # copies of one seed hold exactly the same rows: none was cut short by the kill
    for seed in seeds:
        same = {after[str(f)] for f in files if f.name.endswith(seed.name)}
        assert len(same) == 1, same
        assert all(n > 0 for n in next(iter(same))[:2]), same  # facts and their occurrences
