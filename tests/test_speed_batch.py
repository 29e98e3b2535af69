"""A batch is checked as it is read (issue 11: memory flat as a batch grows).

``check_files`` runs each document's own rules as soon as it is read and keeps of it only what the
cross-document rules read (``batch.Batch``). Its report must be the one of the route that keeps
every document whole until the end (``check_documents`` over all the models), on a batch with
cross-document findings, a disclosure published as two files and two files of the same name.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from budgetlens.check import batch as batch_module
from budgetlens.check import registry
from budgetlens.check.api import check_files, load
from budgetlens.check.batch import Batch
from budgetlens.check.context import DocContext
from budgetlens.check.engine import check_documents
from budgetlens.check.findings import Finding
from budgetlens.check.registry import get_rule
from budgetlens.model import Disclosure, Source
from budgetlens.report import render

SEEDS = Path(__file__).resolve().parent / "data" / "seeds"
BUDGET = SEEDS / "001_c42624e4ee949ba4.txt"  # 2024 budget, tables in 第二部分 (lines 24–749)
FINAL = SEEDS / "000_b61820042bea01b0.txt"  # the same unit's 2024 final account


def _batch(tmp: Path) -> list[Path]:
    """The seeds; the budget and final a year later with a changed total (year-on-year and
    budget-final pairs of one unit); the budget split into its text and its tables (one disclosure
    in two files); the final account again under the same name in another folder."""
    paths = sorted(SEEDS.glob("*.txt"))
    budget, final = BUDGET.read_text(encoding="utf-8"), FINAL.read_text(encoding="utf-8")
    later = tmp / "later"
    later.mkdir()
    for src, text in ((BUDGET, budget), (FINAL, final)):
        p = later / src.name.replace(".txt", "_2025.txt")
        p.write_text(text.replace("2024", "2025").replace("2023", "2024"), encoding="utf-8")
        paths.append(p)
    lines = budget.splitlines(keepends=True)
    parts = tmp / "parts"
    parts.mkdir()
    (parts / "budget_text.txt").write_text("".join(lines[:23] + lines[749:]).replace("2024", "2026"), encoding="utf-8")
    (parts / "budget_tables.txt").write_text("".join(lines[23:749]).replace("2024", "2026"), encoding="utf-8")
    paths += [parts / "budget_text.txt", parts / "budget_tables.txt"]
    twin = tmp / "twin"
    twin.mkdir()
    (twin / FINAL.name).write_text(final, encoding="utf-8")
    paths.append(twin / FINAL.name)
    return paths


def _whole(paths: list[Path], select: list[str] | None = None, merge: bool = True) -> str:
    loaded = [load(str(p)) for p in paths]
    return render(check_documents([d for d, _ in loaded], select=select, sources=[s for _, s in loaded], merge=merge),
                  "json")


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return _batch(tmp_path_factory.mktemp("batch"))


def test_checked_as_read_gives_the_report_of_the_whole_batch(batch: list[Path]) -> None:
    out, _, problems = check_files([str(p) for p in batch], fmt="json")
    assert not problems
    assert out == _whole(batch)
    data = json.loads(out)
    rules = {f["rule"] for f in data["findings"]}
    assert rules & {"BL801", "BL802", "BL803", "BL804", "BL805", "BL806"}, "no cross-document finding to compare"
    names = [d["document"] for d in data["documents"]]
    assert "budget_text.txt + budget_tables.txt" in names
    assert sum(FINAL.name in n and "/" in n for n in names) == 2  # the twins, by their paths


def test_selected_rules_and_profile(batch: list[Path]) -> None:
    out, _, _ = check_files([str(p) for p in batch], select=["cross_document", "BL2"], fmt="json")
    assert out == _whole(batch, select=["cross_document", "BL2"])


def test_packed_summaries_give_the_same_report(batch: list[Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """Past a few documents the summaries are kept packed: every one packed, the same report."""
    monkeypatch.setattr(batch_module, "_UNPACKED", 0)
    out, _, _ = check_files([str(p) for p in batch], fmt="json")
    assert out == _whole(batch)


@pytest.mark.parametrize("kept", [0, 100])
def test_sources_handed_over_without_a_reader_give_the_same_report(batch: list[Path], kept: int,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """A caller that cannot read a source again hands it over: it is kept, packed past a few."""
    monkeypatch.setattr(batch_module, "_UNPACKED_SOURCES", kept)
    b = Batch()
    for p in batch:
        b.add(*load(str(p)))
    assert any(isinstance(c.source, bytes if kept == 0 else Source) for c in b._checked)
    assert render(b.report(), "json") == _whole(batch)


def test_a_checked_document_keeps_no_source_nor_tables() -> None:
    d, s = load(str(BUDGET))
    assert d.tables and isinstance(s, Source)
    b = Batch()
    b.add(d, s, lambda: s)
    kept = b._checked[0]
    assert kept.part is None and kept.source is None  # not a possible part of a disclosure
    assert isinstance(kept.summary, Disclosure)
    assert not kept.summary.tables and kept.summary.statements == d.statements
    ctx = kept.context(None)
    assert ctx.source is None and ctx.disclosure is kept.summary


def test_a_possible_part_keeps_a_reader_not_its_source(batch: list[Path]) -> None:
    d, s = load(str(batch[-2]))  # budget_tables.txt
    reads: list[Source] = []

    def reread() -> Source:
        reads.append(load(str(batch[-2]))[1])
        return reads[-1]

    b = Batch()
    b.add(d, s, reread)
    kept = b._checked[0]
    assert kept.part is not None and kept.part.table and not kept.part.text and kept.part.standard
    assert kept.source is reread and not reads  # nothing read again until a join needs it
    assert repr(kept.read_source()) == repr(s)


def test_a_part_that_cannot_be_read_again_is_checked_on_its_own(batch: list[Path]) -> None:
    def gone() -> Source:
        raise FileNotFoundError("removed")

    b = Batch()
    for p in batch:
        b.add(*load(str(p)), gone)
    assert render(b.report(), "json") == _whole(batch, merge=False)


@pytest.fixture(scope="module")
def many_of_one_unit(batch: list[Path], tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The batch with three more copies of the unit's budget and final account, each in a folder
    of its own: a unit of many documents, compared pair by pair."""
    tmp = tmp_path_factory.mktemp("copies")
    paths = list(batch)
    for i in range(3):
        folder = tmp / f"copy{i}"
        folder.mkdir()
        for src in (BUDGET, FINAL):
            p = folder / src.name.replace(".txt", f"_{i}.txt")
            p.write_bytes(src.read_bytes())
            paths.append(p)
    return paths[::-1]


@pytest.mark.parametrize("block", [1, 2, 100])
def test_a_unit_of_many_documents_compared_pair_by_pair(many_of_one_unit: list[Path], block: int,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batch_module, "_BLOCK", block)
    out, _, _ = check_files([str(p) for p in many_of_one_unit], fmt="json")
    assert out == _whole(many_of_one_unit)


@pytest.mark.parametrize("always", [True, False])
def test_a_cross_rule_crashing_on_a_pair_runs_over_the_whole_unit(many_of_one_unit: list[Path], always: bool,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Crashing on every call, it is one BL000 naming the unit's documents, as over the whole
    unit; crashing on pairs only, its findings are those of the whole unit."""
    rule = get_rule("BL804")
    assert rule is not None
    original = rule.func

    def crashing(ctxs: list[DocContext]) -> Iterator[Finding]:
        if always or len(ctxs) == 2:
            raise RuntimeError("boom")
        yield from original(ctxs)

    crashing.__module__ = original.__module__
    monkeypatch.setitem(registry._RULES, "BL804", dataclasses.replace(rule, func=crashing))
    out, _, _ = check_files([str(p) for p in many_of_one_unit], fmt="json")
    assert out == _whole(many_of_one_unit)
    assert ("BL000" in out) == always
