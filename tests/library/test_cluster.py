"""Parsing on a real Dask LocalCluster (two worker processes); a worker killed mid-batch leaves
every document in the library exactly once, each with all its rows."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from budgetlens.library import open_library
from budgetlens.library.ingest import Events, Outcome, add
from budgetlens.library.models import Document, Fact, FactOccurrence, FindingRow
from library.seeds import SEEDS, copy_seed

distributed = pytest.importorskip("distributed", reason="Dask distributed is not installed (the `cluster` extra)")


def test_worker_killed_mid_batch(home: Path, tmp_path: Path) -> None:
    seeds = [SEEDS / "002_57e93c320c776aff.txt", SEEDS / "004_33d4073ebed26414.txt"]
    batch = tmp_path / "batch"
    files = [copy_seed(seed, batch, f"{i}_{seed.name}", "\n" * i) for i in range(2) for seed in seeds]
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  scheduler_port=0, host="127.0.0.1") as cluster, \
            distributed.Client(cluster) as client:
        pids = sorted(client.run(os.getpid).values())
        assert len(pids) == 2
        killed: list[int] = []

        class KillOne(Events):
            def done(self, outcome: Outcome) -> None:
                if not killed:  # the other documents are in flight on both workers now
                    os.kill(pids[0], signal.SIGKILL)
                    killed.append(pids[0])

        lib = open_library()
        summary = add(lib, [batch], cluster=cluster.scheduler_address, events=KillOne())
    assert killed and summary.stopped is None
    assert summary.count("added") == len(files), [(o.display, o.status, o.message) for o in summary.outcomes]
    with lib.session() as s:
        docs = s.scalars(select(Document)).all()
        assert sorted(d.path for d in docs) == sorted(str(f) for f in files)
        counts = {d.path: tuple(s.scalar(select(func.count()).select_from(m).where(m.document_id == d.id))
                                for m in (Fact, FactOccurrence, FindingRow)) for d in docs}
    for seed in seeds:
        same = {counts[str(f)] for f in files if f.name.endswith(seed.name)}
        assert len(same) == 1 and all(n > 0 for n in next(iter(same))[:2]), same
    again = add(lib, [batch], cluster=None, workers=1)
    assert again.count("already") == len(files)
    lib.close()


def test_unreachable_scheduler_is_one_line(home: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from budgetlens.cli import app

    f = copy_seed(SEEDS / "002_57e93c320c776aff.txt", tmp_path / "in")
    copy_seed(SEEDS / "003_0b52c0e090209c00.txt", tmp_path / "in")
    result = CliRunner().invoke(app, ["library", "add", str(f.parent), "--cluster", "tcp://127.0.0.1:1"],
                                env={"BUDGETLENS_HOME": str(home), "BUDGETLENS_CLUSTER_TIMEOUT": "1"})
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "cannot reach the Dask scheduler" in result.stderr
    lib = open_library()
    with lib.session() as s:
        assert s.scalar(select(func.count()).select_from(Document)) == 0
    lib.close()


def test_partners_are_parsed_on_the_cluster(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A document whose partner is already in the library: the partner is parsed again on the
    cluster, not by the writer, and the cross-document findings are written."""
    import budgetlens.library.ingest as ingest
    from library.seeds import BUDGET_SEED, FINAL_SEED

    lib = open_library()
    add(lib, [BUDGET_SEED], workers=1)
    in_writer: list[str] = []
    real = ingest.parse_stored

    def counted(stored: str, display: str) -> ingest.Parsed:
        in_writer.append(display)  # the cluster's workers are other processes: only the writer's calls land here
        return real(stored, display)

    monkeypatch.setattr(ingest, "parse_stored", counted)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  scheduler_port=0, host="127.0.0.1") as cluster:
        summary = add(lib, [FINAL_SEED, SEEDS / "002_57e93c320c776aff.txt"], cluster=cluster.scheduler_address)
    assert summary.count("added") == 2 and summary.stopped is None
    assert in_writer == []
    assert sum(o.cross_findings for o in summary.outcomes) > 0
    lib.close()
