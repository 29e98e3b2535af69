"""A batch that meets a full database stops cleanly and can be continued; the progress bar and the
summary of `library add`; the default number of workers."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, select, text
from typer.testing import CliRunner

from budgetlens.cli import app
from budgetlens.library import open_library
from budgetlens.library.ingest import add, default_workers
from budgetlens.library.models import DocTable, Document, Fact, FactOccurrence, FindingRow
from library.seeds import SEEDS, copy_seed

runner = CliRunner()


def _batch(folder: Path, n: int) -> list[Path]:
    """n documents of distinct content (a seed with a line appended)."""
    seeds = sorted(SEEDS.glob("*.txt"))
    return [copy_seed(seeds[i % len(seeds)], folder, f"doc{i:02d}.txt", extra=f"\n附注{i}\n") for i in range(n)]


def _complete(lib: Any) -> dict[str, tuple[int, int, int, int]]:
    with lib.session() as s:
        out = {}
        for d in s.scalars(select(Document)):
            out[d.path] = tuple(s.scalar(select(func.count()).select_from(m).where(m.document_id == d.id)) or 0
                                for m in (Fact, FactOccurrence, DocTable, FindingRow))
        return out


def test_a_full_database_stops_the_batch_cleanly_and_it_continues(home: Path, tmp_path: Path) -> None:
    files = _batch(tmp_path / "in", 5)
    lib = open_library()
    with lib.session() as s:
        pages = s.scalar(text("PRAGMA page_count"))

    def small(dbapi_connection: Any, record: Any) -> None:  # room for about one document more
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages + 40}")

    event.listen(lib.engine, "connect", small)
    lib.engine.dispose()
    summary = add(lib, files, workers=1)
    assert summary.stopped and "the database is full" in summary.stopped
    assert "nothing of the current document was written" in summary.stopped
    written = [o for o in summary.outcomes if o.status == "added"]
    assert 0 < len(written) < len(files)
    event.remove(lib.engine, "connect", small)
    lib.engine.dispose()
    partial = _complete(lib)
    assert sorted(partial) == sorted(o.display for o in written)
    lib.close()

    lib = open_library()  # room again: the same batch continues where it stopped
    again = add(lib, files, workers=1)
    assert again.stopped is None
    assert again.count("already") == len(written) and again.count("added") == len(files) - len(written)
    full = _complete(lib)
    assert sorted(full) == sorted(map(str, files))
    assert all(full[p] == partial[p] for p in partial)  # what was in is as it was
    assert all(c[0] > 10 and c[1] > 10 for c in full.values()), full  # each with its facts
    lib.close()


def test_the_cli_says_a_full_database_in_one_line(home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import budgetlens.library.store as store

    files = _batch(tmp_path / "in", 2)
    open_library().close()
    real = store._sqlite_pragmas

    def tight(dbapi_connection: Any, record: Any) -> None:
        real(dbapi_connection, record)
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    monkeypatch.setattr(store, "_sqlite_pragmas", tight)
    result = runner.invoke(app, ["library", "add", *map(str, files), "--workers", "1"])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "the database is full" in result.stderr
    monkeypatch.setattr(store, "_sqlite_pragmas", real)
    lib = open_library()
    assert _complete(lib) == {}
    lib.close()


def test_progress_bar_and_summary(home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = _batch(tmp_path / "in", 3)
    (tmp_path / "in" / "broken.pdf").write_bytes(b"%PDF-1.4 broken")
    quiet = runner.invoke(app, ["library", "add", str(tmp_path / "in"), "--workers", "1"])
    assert quiet.exit_code == 2
    assert "budgetlens: error" not in quiet.stderr and "findings" not in quiet.stderr  # no bar off a terminal
    head = quiet.stdout.splitlines()[0]
    found = re.search(r"(\d+)\D+(\d+)\D+(\d+)\D+(\d+)\D+(\d+)\D+\((\d+)\D+(\d+(?:\.\d+)?)", head)
    assert found, head
    added, already, unreadable, refused, findings = (int(found.group(i)) for i in range(1, 6))
    assert (added, already, unreadable, refused) == (3, 0, 1, 0)
    lib = open_library()
    with lib.session() as s:
        assert findings == s.scalar(select(func.count()).select_from(FindingRow))
    lib.close()
    assert "broken.pdf" in quiet.stdout  # the unreadable file is listed at the end

    monkeypatch.setenv("TTY_COMPATIBLE", "1")  # rich draws as on a terminal
    monkeypatch.setenv("COLUMNS", "200")
    more = _batch(tmp_path / "more", 5)[3:]
    drawn = runner.invoke(app, ["library", "add", *map(str, [*files, *more]), "--workers", "1"])
    assert drawn.exit_code == 0, drawn.output
    bar = drawn.stderr
    assert "5/5" in bar and "ETA" in bar
    shown = [int(n) for n in re.findall(r"(?:findings|问题)\s*(\d+)", bar)]
    assert shown and shown == sorted(shown)  # findings so far, growing


def test_workers_default_to_the_cores_this_process_may_use(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("os.sched_getaffinity", lambda pid: {0, 1, 2}, raising=False)
    monkeypatch.setattr("os.cpu_count", lambda: 64)
    assert default_workers() == 3  # a container allowed 3 of the machine's 64
    monkeypatch.delattr("os.sched_getaffinity", raising=False)
    assert default_workers() == 64
    monkeypatch.setattr("os.cpu_count", lambda: None)
    assert default_workers() == 1


def parsed_in_writer(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The documents the library parses from here on in this (the writer's) process, not a worker."""
    import os

    import budgetlens.library.ingest as ingest

    parent, real = os.getpid(), ingest.parse_stored
    in_writer: list[str] = []

    def counted(stored: str, display: str) -> Any:
        if os.getpid() == parent:
            in_writer.append(display)
        return real(stored, display)

    monkeypatch.setattr(ingest, "parse_stored", counted)
    return in_writer


def test_partners_are_parsed_by_the_workers_not_the_writer(db_url: str | None, home: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """A document whose partner was added in an earlier batch: the partner is parsed again by a
    worker, not by the writer, and the cross-document findings are the same."""

    from budgetlens.check.engine import check_documents
    from budgetlens.read import read_source
    from budgetlens.recognize import recognize
    from library.seeds import BUDGET_SEED, FINAL_SEED

    expected = check_documents([recognize(read_source(p)) for p in (FINAL_SEED, BUDGET_SEED)],
                               select=["cross_document"]).findings
    assert expected
    lib = open_library(db_url)
    try:
        add(lib, [BUDGET_SEED], workers=1)
        in_writer = parsed_in_writer(monkeypatch)
        second = add(lib, [FINAL_SEED, SEEDS / "002_57e93c320c776aff.txt"], workers=2)
        assert second.count("added") == 2 and second.stopped is None
        assert in_writer == []  # the budget was parsed again by a worker
        assert sum(o.cross_findings for o in second.outcomes) == len(expected)
        with lib.session() as s:
            cross = s.scalar(select(func.count()).select_from(FindingRow).where(FindingRow.other_document_id.is_not(None)))
        assert cross == len(expected)
    finally:
        lib.close()


def test_a_recheck_parses_partners_on_the_workers_too(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:

    from sqlalchemy import update

    from budgetlens.library.ingest import recheck
    from library.seeds import BUDGET_SEED, FINAL_SEED

    lib = open_library()
    try:
        first = add(lib, [FINAL_SEED, BUDGET_SEED], workers=1)
        cross = sum(o.cross_findings for o in first.outcomes)
        assert cross > 0
        with lib.transaction() as s:
            s.execute(update(Document).values(rules_version="0.0.0+old"))
        in_writer = parsed_in_writer(monkeypatch)
        again = recheck(lib, workers=2)
        assert again.count("rechecked") == 2 and again.stopped is None
        assert in_writer == []
        with lib.session() as s:
            assert s.scalar(select(func.count()).select_from(FindingRow)
                            .where(FindingRow.other_document_id.is_not(None))) == cross
    finally:
        lib.close()
