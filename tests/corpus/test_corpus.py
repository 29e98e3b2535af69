"""The real published disclosures of ../shared/corpus, read and checked as a user would.

Every error and warning budgetlens reports on them must have been judged by reading the printed
page: ``verdicts/*.yaml`` hold the judged ones (``real`` with the reasoning and the page, or
``false`` with the reading cause still open), ``unjudged.yaml`` the ones not yet read. A finding in
none of them fails the suite: a change to reading or rules that raises something new on a real
document has to be looked at. A ``real`` verdict whose finding is gone fails too: a real defect of
a published document is no longer found. ``python scripts/corpus_refresh.py`` rewrites
``unjudged.yaml`` after a change that removed findings.

``outputs.tsv`` holds the digest of every corpus document's, seed's and sample's ``parse`` and
``check`` JSON: a change meant to keep output (speed, refactoring) must leave every one as it was;
a change to reading or rules rewrites it with ``scripts/corpus_refresh.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from budgetlens.corpus import DocumentRecord, Key, entry_key, finding_key, load_entries, load_verdicts, survey
from conftest import shared_dir

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
CORPUS = shared_dir() / "corpus"

def verdicts() -> dict[Key, dict[str, Any]]:
    return load_verdicts(HERE / "verdicts")


def unjudged() -> set[Key]:
    p = HERE / "unjudged.yaml"
    return {entry_key(e) for e in load_entries(p)} if p.exists() else set()


@pytest.fixture(scope="module")
def records() -> Iterator[list[DocumentRecord]]:
    if not CORPUS.is_dir():
        pytest.skip(f"{CORPUS} is absent: the corpus of real disclosures is read from ../shared/corpus")
    yield survey([CORPUS], jobs=2)


def reported(records: list[DocumentRecord]) -> list[dict[str, Any]]:
    return [f for r in records for f in r.findings if f["severity"] in ("error", "warning")]


@pytest.fixture(scope="module")
def others() -> list[DocumentRecord]:
    seeds = sorted((REPO / "tests" / "data" / "seeds").glob("*.txt"))
    samples = sorted((shared_dir() / "samples").glob("*.pdf"))
    return survey([*seeds, *samples], jobs=1)


def held_outputs() -> dict[str, str]:
    lines = (HERE / "outputs.tsv").read_text(encoding="utf-8").splitlines()
    return dict(line.split("\t") for line in lines if line and not line.startswith("#"))


def changed_outputs(records: list[DocumentRecord]) -> list[str]:
    held = held_outputs()
    return [f"{key}: {held.get(key, 'not held')} -> {r.output or r.problem}"
            for r in records if held.get(key := f"{Path(r.path).parent.name}/{r.file}") != r.output]


def test_corpus_outputs_are_unchanged(records: list[DocumentRecord]) -> None:
    changed = changed_outputs(records)
    assert not changed, (f"{len(changed)} corpus document(s) now parse or check to other output; a change meant "
                         "to keep output must not, one to reading or rules runs scripts/corpus_refresh.py:\n"
                         + "\n".join(changed[:20]))


def test_seed_and_sample_outputs_are_unchanged(others: list[DocumentRecord]) -> None:
    assert len(others) >= 5
    changed = changed_outputs(others)
    assert not changed, "outputs changed (scripts/corpus_refresh.py after a change to reading or rules):\n" + "\n".join(changed)


def test_every_document_is_read_without_crash(records: list[DocumentRecord]) -> None:
    assert len(records) >= 100
    failed = [f"{r.file}: {r.problem}" for r in records if r.problem]
    internal = [f"{r.file}: {f['message']}" for r in records for f in r.findings if f["rule"] == "BL000"]
    assert not failed and not internal, "\n".join(failed + internal)


def test_every_finding_is_judged(records: list[DocumentRecord]) -> None:
    known = set(verdicts()) | unjudged()
    new = sorted({finding_key(f): f for f in reported(records) if finding_key(f) not in known}.items(), key=lambda kv: str(kv[0]))
    assert not new, f"{len(new)} finding(s) on real documents nobody has judged:\n" + "\n".join(
        f"{k[0]} p.{k[2]} {k[1]} {f['severity']}: {f['message']}" for k, f in new[:40]
    )


def test_real_defects_are_still_found(records: list[DocumentRecord]) -> None:
    present = {finding_key(f) for f in reported(records)}
    lost = [e for k, e in verdicts().items() if e["verdict"] == "real" and k not in present]
    assert not lost, "real defects no longer reported:\n" + "\n".join(
        f"{e['document']} p.{e.get('page')} {e['rule']} ({e['source']}): {e['reasoning']}" for e in lost
    )


def test_no_stale_entries(records: list[DocumentRecord]) -> None:
    present = {finding_key(f) for f in reported(records)}
    stale = sorted(k for k in unjudged() if k not in present)
    stale += sorted(k for k, e in verdicts().items() if e["verdict"] == "false" and k not in present)
    assert not stale, (
        f"{len(stale)} judged or listed finding(s) are no longer reported; remove them "
        "(python scripts/corpus_refresh.py rewrites unjudged.yaml):\n" + "\n".join(map(str, stale[:40]))
    )
