"""Ingest: idempotent by content, files/folders/zips, bad input recorded, cross-document checks when
the second document of a unit arrives, near matches proposed and never merged."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from budgetlens.check.engine import check_documents
from budgetlens.library import open_library
from budgetlens.library.collect import Limits
from budgetlens.library.ingest import Events, Outcome, add
from budgetlens.library.models import Document, Fact, FindingRow, Unit, UnitName, UnitProposal
from budgetlens.read import read_source
from budgetlens.recognize import recognize
from library.seeds import BUDGET_SEED, FINAL_SEED, SEEDS, copy_seed


def test_adding_twice_is_a_no_op_that_says_so(db_url: str | None, home: Path) -> None:
    lib = open_library(db_url)
    try:
        first = add(lib, [FINAL_SEED], workers=1)
        assert first.count("added") == 1
        with lib.session() as s:
            before = (s.scalar(select(func.count()).select_from(Document)),
                      s.scalar(select(func.count()).select_from(Fact)),
                      s.scalar(select(func.count()).select_from(FindingRow)))
        again = add(lib, [FINAL_SEED], workers=1)
        assert again.count("added") == 0 and again.count("already") == 1
        assert "already in the library" in again.outcomes[0].message
        with lib.session() as s:
            after = (s.scalar(select(func.count()).select_from(Document)),
                     s.scalar(select(func.count()).select_from(Fact)),
                     s.scalar(select(func.count()).select_from(FindingRow)))
        assert before == after and before[0] == 1 and before[1] > 10
    finally:
        lib.close()


def test_cross_document_findings_appear_when_the_second_document_arrives(db_url: str | None, home: Path) -> None:
    final = recognize(read_source(FINAL_SEED))
    budget = recognize(read_source(BUDGET_SEED))
    expected = check_documents([final, budget], select=["cross_document"]).findings
    assert expected, "the pair of seeds must give cross-document findings for this test to mean anything"
    lib = open_library(db_url)
    try:
        one = add(lib, [FINAL_SEED], workers=1)
        assert one.outcomes[0].cross_findings == 0
        with lib.session() as s:
            assert s.scalar(select(func.count()).select_from(FindingRow).where(FindingRow.other_document_id.is_not(None))) == 0
        two = add(lib, [BUDGET_SEED], workers=1)
        assert two.outcomes[0].cross_findings == len(expected)
        with lib.session() as s:
            docs = {d.path: d for d in s.scalars(select(Document))}
            assert docs[str(FINAL_SEED)].unit_id == docs[str(BUDGET_SEED)].unit_id is not None
            rows = s.execute(select(FindingRow.rule, FindingRow.message, FindingRow.document_id,
                                    FindingRow.other_document_id, FindingRow.fingerprint)
                             .where(FindingRow.other_document_id.is_not(None))).all()
        ids = {FINAL_SEED.name: docs[str(FINAL_SEED)].id, BUDGET_SEED.name: docs[str(BUDGET_SEED)].id}
        got = sorted((r.rule, r.message, r.document_id) for r in rows)
        want = sorted((f.rule, f.message, ids[f.document]) for f in expected)
        assert got == want
        assert all(r.other_document_id != r.document_id for r in rows)
        assert len({r.fingerprint for r in rows}) == len(rows)
    finally:
        lib.close()


def test_folders_zips_and_bad_input(home: Path, tmp_path: Path) -> None:
    src = tmp_path / "in"
    copy_seed(SEEDS / "002_57e93c320c776aff.txt", src / "a" / "b")
    (src / "a" / "empty.txt").write_text("")
    (src / "a" / "notes.pdf").write_text("not a PDF at all\n", encoding="utf-8")
    (src / "a" / "ignored.csv").write_text("x,y\n")
    os.symlink(src / "a", src / "a" / "b" / "loop")  # a folder link pointing back up
    os.symlink(src / "nowhere.txt", src / "a" / "dangling.txt")
    good = zipfile.ZipFile(src / "batch.zip", "w")
    good.write(SEEDS / "003_0b52c0e090209c00.txt", "docs/003.txt")
    good.writestr("../../escape.txt", "x")
    good.writestr("/etc/abs.txt", "x")
    good.close()
    with zipfile.ZipFile(tmp_path / "bomb.zip", "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("big.txt", b"0" * (3 * 1024 * 1024))
    lib = open_library()
    seen: list[Outcome] = []

    class Record(Events):
        def done(self, outcome: Outcome) -> None:
            seen.append(outcome)

    summary = add(lib, [src, tmp_path / "bomb.zip", tmp_path / "missing.pdf"], workers=1, events=Record(),
                  limits=Limits(max_zip_ratio=100))
    by = {o.display: o for o in summary.outcomes}
    assert seen == summary.outcomes
    assert summary.count("added") == 2  # the seed in the folder and the zip member
    assert by[f"{src / 'batch.zip'}!docs/003.txt"].status == "added"
    assert "zip-slip" in by[f"{src / 'batch.zip'}!../../escape.txt"].message
    assert "zip-slip" in by[f"{src / 'batch.zip'}!/etc/abs.txt"].message
    assert "zip bomb" in by[str(tmp_path / "bomb.zip")].message
    assert "symbolic link loop" in by[str(src / "a" / "b" / "loop")].message
    assert "broken symbolic link" in by[str(src / "a" / "dangling.txt")].message
    assert "no such file" in by[str(tmp_path / "missing.pdf")].message
    assert by[str(src / "a" / "empty.txt")].status == "unreadable"
    assert "empty" in by[str(src / "a" / "empty.txt")].message
    assert by[str(src / "a" / "notes.pdf")].status == "unreadable"
    assert not any("ignored.csv" in d for d in by)
    with lib.session() as s:
        statuses = dict(s.execute(select(Document.path, Document.status)).all())
        errors = dict(s.execute(select(Document.path, Document.error)).all())
    assert statuses[str(src / "a" / "notes.pdf")] == "unreadable"
    assert errors[str(src / "a" / "notes.pdf")] == by[str(src / "a" / "notes.pdf")].message
    assert statuses[f"{src / 'batch.zip'}!docs/003.txt"] == "ok"
    lib.close()


def test_workers_give_the_same_library_as_one_process(home: Path, tmp_path: Path) -> None:
    seeds = [SEEDS / "002_57e93c320c776aff.txt", SEEDS / "003_0b52c0e090209c00.txt", SEEDS / "004_33d4073ebed26414.txt"]

    def state(url: str) -> list[tuple[str, int, int]]:
        lib = open_library(url)
        with lib.session() as s:
            out = []
            for d in s.scalars(select(Document).order_by(Document.sha256)):
                out.append((d.sha256,
                            s.scalar(select(func.count()).select_from(Fact).where(Fact.document_id == d.id)) or 0,
                            s.scalar(select(func.count()).select_from(FindingRow).where(FindingRow.document_id == d.id)) or 0))
        lib.close()
        return out

    one, two = f"sqlite:///{tmp_path}/one.db", f"sqlite:///{tmp_path}/two.db"
    s1 = add(open_library(one), seeds, workers=1)
    s2 = add(open_library(two), seeds, workers=2)
    assert s1.count("added") == s2.count("added") == 3
    assert [o.display for o in s1.outcomes] == [o.display for o in s2.outcomes]
    assert state(one) == state(two)


def test_near_match_is_proposed_never_merged(db_url: str | None, home: Path, tmp_path: Path) -> None:
    text = FINAL_SEED.read_text(encoding="utf-8")
    name = "昌吉回族自治州人民政府电子政务办公室"
    assert name in text
    variant = tmp_path / "variant.txt"
    variant.write_text(text.replace(name, "昌吉回族自治州人民政府电子政务服务办公室"), encoding="utf-8")
    lib = open_library(db_url)
    try:
        add(lib, [FINAL_SEED], workers=1)
        summary = add(lib, [variant], workers=1)
        assert summary.count("added") == 1
        assert summary.proposals and "not merged" in summary.proposals[0]
        with lib.session() as s:
            units = s.scalars(select(Unit)).all()
            proposals = s.scalars(select(UnitProposal)).all()
            names = s.scalars(select(UnitName.name)).all()
        assert len(units) == 2
        assert len(proposals) == 1 and proposals[0].status == "proposed" and proposals[0].score >= 85
        assert name in proposals[0].evidence or name in names
    finally:
        lib.close()


def test_recheck_leaves_a_document_whose_original_is_gone(home: Path) -> None:
    from budgetlens.library.ingest import recheck

    lib = open_library()
    add(lib, [FINAL_SEED, BUDGET_SEED], workers=1)
    with lib.session() as s:
        doc = s.scalars(select(Document).where(Document.path == str(FINAL_SEED))).one()
        facts = s.scalar(select(func.count()).select_from(Fact).where(Fact.document_id == doc.id))
    lib.stored(doc.stored_path).unlink()
    summary = recheck(lib, workers=1, everything=True)
    by = {o.display: o for o in summary.outcomes}
    assert by[str(FINAL_SEED)].status == "refused" and "missing" in by[str(FINAL_SEED)].message
    assert by[str(BUDGET_SEED)].status == "rechecked"
    with lib.session() as s:
        again = s.get_one(Document, doc.id)
        assert again.status == "ok"
        assert s.scalar(select(func.count()).select_from(Fact).where(Fact.document_id == doc.id)) == facts
    lib.close()


def test_a_file_that_changes_or_vanishes_during_the_batch(home: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    import budgetlens.library.ingest as ingest
    from budgetlens.library.collect import Item, Problem
    from budgetlens.library.store import Library

    changing = copy_seed(SEEDS / "002_57e93c320c776aff.txt", tmp_path / "in")
    real_store = ingest.store_file

    def store_then_touch(library: Library, src: Path, suffix: str) -> tuple[str, str, int]:
        out = real_store(library, src, suffix)
        with src.open("a", encoding="utf-8") as f:  # someone saves the file again meanwhile
            f.write("\n")
        return out

    monkeypatch.setattr(ingest, "store_file", store_then_touch)
    lib = open_library()
    summary = add(lib, [changing], workers=1)
    assert summary.outcomes[0].status == "refused"
    assert "changed while it was being read" in summary.outcomes[0].message
    gone = ingest._store(lib, Item(str(tmp_path / "gone.pdf"), tmp_path / "gone.pdf"))
    assert isinstance(gone, Problem) and "vanished" in gone.message
    with lib.session() as s:
        assert s.scalar(select(func.count()).select_from(Document)) == 0
    lib.close()


def test_the_same_content_twice_in_one_batch_is_added_once(home: Path, tmp_path: Path) -> None:
    twin = copy_seed(FINAL_SEED, tmp_path / "twin", "renamed.txt")
    lib = open_library()
    summary = add(lib, [FINAL_SEED, twin], workers=1)
    assert [o.status for o in summary.outcomes] == ["already", "added"] or \
        [o.status for o in summary.outcomes] == ["added", "already"]
    dup = next(o for o in summary.outcomes if o.status == "already")
    assert "same content as" in dup.message
    with lib.session() as s:
        assert s.scalar(select(func.count()).select_from(Document)) == 1
    lib.close()
