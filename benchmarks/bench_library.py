"""The library's speed and size: ``library add`` over a batch of real PDFs and over the seeds with 1
and 2 worker processes (documents/second, scaling efficiency), the peak memory of a worker, the
per-document cost against bare pypdfium2 text extraction of the same files, and the bytes the store
holds per document — all in one run, so that the ratios see the same machine load.

    python benchmarks/bench_library.py [--pdfs N] [--pg postgresql+psycopg://USER@HOST:PORT/postgres]

The PDFs are a fixed subset of the shared corpus (``$BUDGETLENS_SHARED/corpus``, else
``../shared/corpus`` beside the repository; never committed): N files evenly spaced in name order
(default 24). Each batch runs in a fresh child process with a fresh data directory (SQLite), so that
its peak memory is its own: with 1 worker the parse runs in the process that writes; with 2 the
workers are child processes and their peak is reported apart from the writer's. With ``--pg`` the
PDF batch is also added to a new PostgreSQL database on that server (dropped afterwards) to measure
its size per document there.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("BUDGETLENS_SHARED") or ROOT.parent / "shared")
SEEDS = ROOT / "tests" / "data" / "seeds"


def subset(n: int) -> list[Path]:
    pdfs = sorted((SHARED / "corpus").glob("*.pdf"))
    if not pdfs:
        raise SystemExit(f"bench_library: no PDF under {SHARED / 'corpus'} (set BUDGETLENS_SHARED)")
    step = max(1, len(pdfs) // n)
    return pdfs[::step][:n]


# ---- the child processes ------------------------------------------------------------------------

def child_costs(files: list[Path]) -> dict[str, Any]:
    """Per PDF, side by side: bare pypdfium2 text, and read + recognise + check (the worker's job)."""
    from bench_pdf import bare_text  # the same bare extraction as the PDF benchmark's

    from budgetlens.library.ingest import parse_stored

    parse_stored(str(files[0]), "warm-up")  # imports, data files
    bare = parse = bare_cpu = parse_cpu = 0.0
    pages = 0
    for f in files:  # file by file, so that both see the same load
        t, c = time.perf_counter(), time.process_time()
        bare_text(f)
        bare, bare_cpu = bare + time.perf_counter() - t, bare_cpu + time.process_time() - c
        t, c = time.perf_counter(), time.process_time()
        parsed = parse_stored(str(f), str(f))
        parse, parse_cpu = parse + time.perf_counter() - t, parse_cpu + time.process_time() - c
        pages += parsed.pages or 0
    return {"bare": bare, "parse": parse, "bare_cpu": bare_cpu, "parse_cpu": parse_cpu, "pages": pages,
            "documents": len(files)}


def child_add(files: list[Path], workers: int, db: str | None) -> dict[str, Any]:
    from sqlalchemy import func, select

    from budgetlens.library import open_library
    from budgetlens.library.ingest import add
    from budgetlens.library.models import Base

    home = Path(tempfile.mkdtemp(prefix="budgetlens-bench-"))
    lib = open_library(db, home=home)
    cpu0, writer0 = _cpu(), _cpu(children=False)
    t = time.perf_counter()
    summary = add(lib, files, workers=workers)
    seconds = time.perf_counter() - t
    cpu, writer_cpu = _cpu() - cpu0, _cpu(children=False) - writer0
    rows = {}
    with lib.session() as s:
        for table in Base.metadata.sorted_tables:
            rows[table.name] = s.scalar(select(func.count()).select_from(table))
        db_bytes = _db_bytes(lib, s)
    lib.close()
    files_bytes = sum(p.stat().st_size for p in (home / "files").rglob("*") if p.is_file())
    shutil.rmtree(home, ignore_errors=True)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    return {"seconds": seconds, "cpu": cpu, "writer_cpu": writer_cpu, "added": summary.count("added"), "unreadable": summary.count("unreadable"),
            "findings": summary.findings, "rows": rows, "db_bytes": db_bytes, "files_bytes": files_bytes,
            "input_bytes": sum(f.stat().st_size for f in files), "peak_writer": own, "peak_worker": kids}


def _cpu(children: bool = True) -> float:
    """CPU seconds of this process and (``children``) of its finished children, the worker processes."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + ((kids.ru_utime + kids.ru_stime) if children else 0.0)


def _db_bytes(lib: Any, s: Any) -> int:
    from sqlalchemy import text

    if lib.engine.dialect.name == "postgresql":  # the library's tables with their indexes and TOAST
        return int(s.scalar(text(
            "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relkind = 'r'")))
    return int(s.scalar(text("PRAGMA page_count")) * s.scalar(text("PRAGMA page_size")))


def child(argv: list[str]) -> None:
    mode, rest = argv[0], argv[1:]
    if mode == "costs":
        out = child_costs([Path(p) for p in rest])
    else:
        workers, db = int(rest[0]), (rest[1] or None)
        out = child_add([Path(p) for p in rest[2:]], workers, db)
    print(json.dumps(out))


def run_child(*args: str) -> dict[str, Any]:
    env = dict(os.environ, BUDGETLENS_LANG=os.environ.get("BUDGETLENS_LANG", "en"))
    done = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True, text=True, env=env)
    if done.returncode:
        raise SystemExit(f"bench_library: a batch failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


# ---- the run ------------------------------------------------------------------------------------

def pg_database(server: str) -> tuple[str, Any]:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"bl_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return make_url(server).set(database=name).render_as_string(hide_password=False), drop


def mb(n: float) -> str:
    return f"{n / 1024**2:.0f} MB"


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2:])
        return
    ap = argparse.ArgumentParser()
    ap.add_argument("--pdfs", type=int, default=24, help="how many corpus PDFs (evenly spaced) to add")
    ap.add_argument("--pg", help="a PostgreSQL server URL: also measure the store's size there")
    args = ap.parse_args()
    pdfs = subset(args.pdfs)
    seeds = sorted(SEEDS.glob("*.txt"))
    load = os.getloadavg()
    print(f"{len(pdfs)} corpus PDFs ({', '.join(p.name for p in pdfs)}) and {len(seeds)} seeds; "
          f"{os.cpu_count()} cores, load average {load[0]:.1f} at the start")

    costs = run_child("costs", *map(str, pdfs))
    n = costs["documents"]
    print(f"\nper PDF, in one process, file by file: bare pypdfium2 text {costs['bare'] / n * 1000:.0f} ms "
          f"({costs['bare_cpu'] / n * 1000:.0f} ms CPU), read + recognise + check {costs['parse'] / n * 1000:.0f} ms "
          f"({costs['parse_cpu'] / n * 1000:.0f} ms CPU): {costs['parse'] / costs['bare']:.1f}x bare "
          f"({costs['parse_cpu'] / costs['bare_cpu']:.1f}x in CPU); {costs['pages'] / n:.1f} pages a document")

    results: dict[tuple[str, int], dict[str, Any]] = {}
    for batch, files in (("PDFs", pdfs), ("seeds", seeds)):
        for workers in (1, 2):
            results[batch, workers] = run_child("add", str(workers), "", *map(str, files))
    print("\nbatch    workers  docs  seconds  docs/s  efficiency  cores used  CPU s/doc  writer CPU s/doc  peak writer  peak worker  findings")
    for (batch, workers), r in results.items():
        rate = r["added"] / r["seconds"]
        one = results[batch, 1]
        eff = rate / (workers * one["added"] / one["seconds"])
        worker_peak = "(in writer)" if workers == 1 else mb(r["peak_worker"])
        print(f"{batch:8s} {workers:7d} {r['added']:5d} {r['seconds']:8.1f} {rate:7.2f} {eff:10.0%}  "
              f"{r['cpu'] / r['seconds']:10.2f} {r['cpu'] / r['added']:10.2f} "
              f"{r['writer_cpu'] / r['added'] if workers > 1 else float('nan'):17.2f}  "
              f"{mb(r['peak_writer']):>11s}  {worker_peak:>11s}  {r['findings']:8d}")
    print("(efficiency: documents/second with N workers over N times that with 1; cores used: CPU seconds "
          "over wall seconds, what the machine's load left the batch; writer: the process that stores and "
          "writes, apart from the workers)")
    r1 = results["PDFs", 1]
    per_doc = r1["seconds"] / r1["added"]
    cpu_doc = r1["cpu"] / r1["added"]
    print(f"\nlibrary add, 1 worker, per PDF: {per_doc * 1000:.0f} ms = {per_doc / (costs['bare'] / n):.1f}x bare "
          f"pypdfium2 text; in CPU {cpu_doc * 1000:.0f} ms = {cpu_doc / (costs['bare_cpu'] / n):.1f}x bare, of which "
          f"read + recognise + check {costs['parse_cpu'] / n * 1000:.0f} ms and storing and writing "
          f"{max(cpu_doc - costs['parse_cpu'] / n, 0) * 1000:.0f} ms")

    sizes = [("SQLite", r1)]
    if args.pg:
        url, drop = pg_database(args.pg)
        try:
            sizes.append(("PostgreSQL", run_child("add", "1", url, *map(str, pdfs))))
        finally:
            drop()
    print("\nstore per PDF document (the batch above):")
    for name, r in sizes:
        d = r["added"]
        rows = ", ".join(f"{k} {v / d:.0f}" for k, v in sorted(r["rows"].items()) if v and k != "alembic_version")
        print(f"  {name}: database {r['db_bytes'] / d / 1024:.0f} KiB, originals {r['files_bytes'] / d / 1024:.0f} KiB "
              f"(input {r['input_bytes'] / d / 1024:.0f} KiB); rows per document: {rows}")
    load = os.getloadavg()
    print(f"\nload average {load[0]:.1f} at the end")


if __name__ == "__main__":
    main()
