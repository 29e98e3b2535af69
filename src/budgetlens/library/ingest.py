"""Adding documents to the library, and re-checking them.

Each file is hashed and its original stored content-addressed; a hash already in the library is
not parsed again ("already in the library"). Parsing and the per-document check run in worker
processes; every database write happens in this process, one transaction per document (the document,
its unit, facts, tables, projects, findings, and the cross-document findings with the documents of
the same unit already in the library), so a kill at any moment leaves each document wholly in or
not in. A file that cannot be read is recorded with its message; one bad file never stops a batch.
"""

from __future__ import annotations

import os
import time
import zipfile
from collections import OrderedDict
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import and_, delete, or_, select
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from budgetlens.check.findings import Finding
from budgetlens.errors import os_reason
from budgetlens.i18n import Message, as_param, msg
from budgetlens.library.collect import Item, Limits, Problem, collect
from budgetlens.library.models import (
    DocTable,
    Document,
    Fact,
    FactOccurrence,
    FindingRow,
    Project,
    Unit,
    UnitName,
    UnitProposal,
    utcnow,
)
from budgetlens.library.records import content_rows, context_name, finding_row
from budgetlens.library.store import Library, LibraryError, describe_db_error, store_bytes, store_file
from budgetlens.library.versions import parser_version, rules_version
from budgetlens.model import Disclosure

NEAR_MATCH = 85.0  # rapidfuzz ratio (0–100) from which another unit's name is proposed as the same
CACHE_SIZE = 32  # parsed documents kept for cross-document checks within a batch


# ---------------------------------------------------------------------------------------------
# the work of a worker process


@dataclass
class Parsed:
    """What a worker returns for one stored file."""

    disclosure: Disclosure | None = None
    findings: list[Finding] = field(default_factory=list)
    format: str | None = None
    pages: int | None = None
    error: str | None = None
    seconds: float = 0.0


def parse_stored(stored: str, display: str) -> Parsed:
    """Read, recognise and check one stored original. Never raises: a failure is ``error``."""
    from budgetlens.check.engine import check_documents
    from budgetlens.errors import InputError
    from budgetlens.read import read_source
    from budgetlens.recognize import looks_like_disclosure, recognize

    start = time.perf_counter()
    try:
        source = read_source(stored)
        doc = recognize(source)
        if not looks_like_disclosure(doc):
            return Parsed(format=source.format, pages=source.pages, error=Message("cli.not_a_disclosure", file=display),
                          seconds=time.perf_counter() - start)
        doc.source_path = display  # findings and locations name the file as the user gave it
        report = check_documents([doc], sources=[source])
    except InputError as exc:
        return Parsed(error=exc.as_message(path=display), seconds=time.perf_counter() - start)
    except Exception as exc:  # a bug in reading one file must not stop the batch
        return Parsed(error=Message("input.crashed", file=display, error=f"{type(exc).__name__}: {exc}"),
                      seconds=time.perf_counter() - start)
    return Parsed(disclosure=doc, findings=[name_file(f, {stored: display}) for f in report.findings],
                  format=source.format, pages=source.pages, seconds=time.perf_counter() - start)


def name_file(f: Finding, names: dict[str, str]) -> Finding:
    """The finding with the stored originals' paths in its text (its message's parameters, a
    message given as text, its evidence) replaced by the paths the user gave."""
    for stored, display in names.items():
        f.replace_in_text(stored, display)
        f.evidence = f.evidence.replace(stored, display)
    return f


def _parse_job(args: tuple[str, str]) -> Parsed:
    return parse_stored(*args)


# ---------------------------------------------------------------------------------------------
# the batch


@dataclass
class Entry:
    """A file stored and waiting for its parse."""

    item: Item
    sha: str
    relative: str
    size: int


@dataclass
class Outcome:
    display: str
    status: str  # added | already | unreadable | refused | rechecked
    message: str = ""
    document_id: int | None = None
    findings: int = 0
    cross_findings: int = 0
    kind: str | None = None
    year: int | None = None
    unit: str = ""

    def to_dict(self) -> dict[str, object]:
        return {"path": self.display, "status": self.status, "message": self.message,
                "document": self.document_id, "findings": self.findings,
                "cross_document_findings": self.cross_findings, "kind": self.kind, "year": self.year,
                "unit": self.unit}


@dataclass
class Summary:
    outcomes: list[Outcome] = field(default_factory=list)
    proposals: list[str] = field(default_factory=list)
    seconds: float = 0.0
    stopped: str | None = None  # why the batch stopped early (a database error), if it did

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def findings(self) -> int:
        return sum(o.findings + o.cross_findings for o in self.outcomes)

    def to_dict(self) -> dict[str, object]:
        statuses = ("added", "rechecked", "already", "unreadable", "refused")
        return {"counts": {s: self.count(s) for s in statuses}, "findings": self.findings,
                "seconds": round(self.seconds, 3), "stopped": self.stopped,
                "near_matches": self.proposals, "files": [o.to_dict() for o in self.outcomes]}


class Events:
    """Progress callbacks (the CLI draws a progress bar from them)."""

    def total(self, n: int) -> None:
        """The number of files the batch will go through."""

    def done(self, outcome: Outcome) -> None:
        """One file finished."""


def default_workers() -> int:
    """One worker per core this process may run on (a container or `taskset` may allow fewer
    than the machine has)."""
    try:
        usable = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # no affinity on this platform
        usable = os.cpu_count() or 1
    return max(1, usable)


def add(library: Library, paths: list[Path], workers: int | None = None, region: str | None = None,
        events: Events | None = None, limits: Limits | None = None, cluster: str | None = None) -> Summary:
    """Add files, folders and zip archives to the library (see the module's docstring)."""
    items, problems = collect(paths, limits)
    return add_items(library, items, problems, workers, region, events, cluster)


def add_items(library: Library, items: list[Item], problems: list[Problem], workers: int | None = None,
              region: str | None = None, events: Events | None = None, cluster: str | None = None) -> Summary:
    """Add what ``collect`` found, each under its item's ``display`` name (an upload is stored under
    the name its sender gave, not the path of the file holding it)."""
    events = events or Events()
    start = time.perf_counter()
    summary = Summary()
    events.total(len(items) + len(problems))
    for p in problems:
        _finish(summary, events, Outcome(p.display, "refused", p.message))
    batch = _Batch(library, summary, events, region)
    try:
        pending: list[Entry] = []
        seen: dict[str, str] = {}
        for item in items:
            stored = _store(library, item)
            if isinstance(stored, Problem):
                _finish(summary, events, Outcome(item.display, "refused", stored.message))
                continue
            known = batch.existing(stored.sha)
            if known is not None:
                where = f" (as {known})" if known != item.display else ""
                _finish(summary, events, Outcome(item.display, "already", f"{item.display}: already in the library{where}"))
                continue
            if stored.sha in seen:
                _finish(summary, events, Outcome(item.display, "already",
                                                 f"{item.display}: the same content as {seen[stored.sha]}, added in this batch"))
                continue
            seen[stored.sha] = item.display
            pending.append(stored)
        jobs = [(str(library.stored(e.relative)), e.item.display) for e in pending]
        batch.ahead = Lookahead(batch, [e.sha for e in pending], [region] * len(pending))
        for entry, parsed in zip(pending, _run(jobs, workers, cluster, batch.ahead), strict=False):
            batch.write_new(entry, parsed)
    except (_Stop, LibraryError) as stop:
        summary.stopped = stop.message
    summary.seconds = time.perf_counter() - start
    return summary


def recheck(library: Library, workers: int | None = None, everything: bool = False,
            events: Events | None = None, cluster: str | None = None) -> Summary:
    """Re-parse and re-check documents whose parser or rule-set version is not the current one
    (``everything``: all documents). Reviews stay: they follow the findings' fingerprints."""
    events = events or Events()
    start = time.perf_counter()
    summary = Summary()
    with library.session() as s:
        query = select(Document.id, Document.stored_path, Document.path, Document.sha256,
                       Document.region).order_by(Document.id)
        if not everything:
            query = query.where(or_(Document.parser_version != parser_version(),
                                    Document.rules_version != rules_version()))
        rows = s.execute(query).all()
    about = {i: (sha, region) for i, _, _, sha, region in rows}
    todo: list[tuple[int, str, str]] = [(i, st, p) for i, st, p, _, _ in rows]
    events.total(len(todo))
    batch = _Batch(library, summary, events, None)
    present = []
    for doc_id, stored, path in todo:  # an original gone from the data directory leaves its record as it is
        if library.stored(stored).is_file():
            present.append((doc_id, stored, path))
        else:
            _finish(summary, events, Outcome(path, "refused", Message("ingest.original_missing", path=path,
                                                                      stored=str(library.stored(stored))),
                                             document_id=doc_id))
    todo = present
    jobs = [(str(library.stored(stored)), path) for _, stored, path in todo]
    batch.ahead = Lookahead(batch, [about[i][0] for i, _, _ in todo], [about[i][1] for i, _, _ in todo])
    try:
        for (doc_id, _, path), parsed in zip(todo, _run(jobs, workers, cluster, batch.ahead), strict=False):
            batch.rewrite(doc_id, path, parsed)
    except (_Stop, LibraryError) as stop:
        summary.stopped = stop.message
    summary.seconds = time.perf_counter() - start
    return summary


def _finish(summary: Summary, events: Events, outcome: Outcome) -> None:
    summary.outcomes.append(outcome)
    events.done(outcome)


def _pause_in_transaction() -> None:
    """A testing aid: $BUDGETLENS_LIBRARY_TXN_DELAY seconds spent inside each document's
    transaction, so that a test can kill the process while a document is half-written."""
    delay = os.environ.get("BUDGETLENS_LIBRARY_TXN_DELAY")
    if delay:
        time.sleep(float(delay))


class _Stop(Exception):
    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


def _store(library: Library, item: Item) -> Entry | Problem:
    """Copy the file (or zip member) into the content-addressed store."""
    try:
        if item.member is None:
            before = item.path.stat()
            sha, relative, size = store_file(library, item.path, item.suffix)
            after = item.path.stat()
            if (before.st_size, before.st_mtime_ns) != (after.st_size, after.st_mtime_ns) or size != after.st_size:
                return Problem(item.display, Message("ingest.changed", path=item.display))
        else:
            with zipfile.ZipFile(item.path) as zf:
                data = zf.read(item.member)
            sha, relative, size = store_bytes(library, data, item.suffix)
    except FileNotFoundError:
        return Problem(item.display, Message("ingest.vanished", path=item.display))
    except IsADirectoryError:
        return Problem(item.display, Message("ingest.is_directory", path=item.display))
    except (OSError, zipfile.BadZipFile, RuntimeError) as exc:
        reason = (as_param(os_reason(exc)) if isinstance(exc, OSError) and exc.errno
                  else msg("read.zip_corrupt", detail=str(exc)) if isinstance(exc, zipfile.BadZipFile) else str(exc))
        return Problem(item.display, Message("input.cannot_read", file=item.display, reason=reason))
    return Entry(item, sha, relative, size)


def _run(jobs: list[tuple[str, str]], workers: int | None, cluster: str | None = None,
         ahead: Lookahead | None = None) -> Iterator[Parsed]:
    """Parse the jobs, yielding results in order: on a Dask cluster when one is named, else in
    worker processes when workers > 1, else here. With ``ahead``, the partners of each document
    parsed are asked of the same workers as soon as it is back (see ``Lookahead``)."""
    if cluster:
        from budgetlens.library.cluster import run_on_cluster

        yield from run_on_cluster(jobs, cluster, ahead)
        return
    n = workers or default_workers()
    if n <= 1 or len(jobs) <= 1:
        for job in jobs:
            yield _parse_job(job)
        return
    window = 2 * n  # results held at most: memory stays bounded for any batch size
    with ProcessPoolExecutor(max_workers=n, initializer=_watch_parent, initargs=(os.getpid(),)) as pool:
        futures: OrderedDict[int, Future[Parsed]] = OrderedDict()
        nxt = 0

        def submit(stored: str, display: str) -> Future[Parsed]:
            return pool.submit(_parse_job, (stored, display))

        try:
            for i in range(len(jobs)):
                while nxt < len(jobs) and len(futures) < window:
                    futures[nxt] = pool.submit(_parse_job, jobs[nxt])
                    nxt += 1
                fut = futures.pop(i)
                while not fut.done():
                    wait([fut, *futures.values()], return_when=FIRST_COMPLETED)
                    if ahead:
                        ahead.look({k: f for k, f in futures.items() if f.done()}, submit)
                try:
                    result = fut.result()
                except Exception as exc:  # a worker that died (killed, out of memory)
                    result = Parsed(error=f"{jobs[i][1]}: the worker reading it failed: {type(exc).__name__}: {exc}")
                if ahead:
                    ahead.look({i: result, **{k: f for k, f in futures.items() if f.done()}}, submit)
                yield result
        finally:
            for f in futures.values():
                f.cancel()
            if ahead:
                ahead.cancel()


def _partner_of(kind: str, year: int) -> Any:
    """The documents a document of this kind and year is checked against (its unit's): the other
    kind of the same year, the same kind of the year before or after."""
    return or_(and_(Document.year == year, Document.kind != kind),
               and_(Document.kind == kind, Document.year.in_([year - 1, year + 1])))


def _watch_parent(parent: int) -> None:
    """In a worker process: exit when the parent is gone (killed with SIGKILL, it cannot stop its
    workers, which would otherwise wait for work forever)."""
    import threading

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="budgetlens-parent-watch", daemon=True).start()


class Lookahead:
    """The partners of documents parsed but not yet written, parsed by the workers meanwhile.

    A document is checked against the documents of its unit already in the library (its other kind
    of the same year, its kind of the year before or after). A partner the writer has not parsed
    lately would otherwise be parsed again in the writer, one process for the whole batch; here,
    as soon as a document comes back from a worker, its partners are looked up (a read, between
    the writer's transactions) and sent to the workers, and the writer takes their results when it
    writes the document."""

    def __init__(self, batch: _Batch, shas: list[str], regions: list[str | None]) -> None:
        self.batch = batch
        self.shas = shas  # the batch's documents, by job index
        self.regions = regions  # and the region each is of
        self.seen: set[int] = set()
        self.asked: dict[str, Any] = {}  # partner's hash → its parse in flight (a future)

    def look(self, done: dict[int, Any], submit: Any) -> None:
        """Ask the workers for the partners of the documents (job index → result or finished
        future) not looked at yet."""
        for i, result in done.items():
            if i in self.seen:
                continue
            self.seen.add(i)
            try:
                parsed = result.result() if hasattr(result, "result") else result
            except Exception:  # the writer reports it when it gets there
                continue
            for sha, stored, display in self.batch.partners_to_parse(parsed, self.shas[i], self.regions[i]):
                if sha not in self.asked:
                    self.asked[sha] = submit(stored, display)

    def take(self, sha: str) -> Disclosure | None:
        """A partner's parsed document if the workers were asked for it (waiting for it)."""
        fut = self.asked.pop(sha, None)
        if fut is None:
            return None
        try:
            parsed: Parsed = fut.result()
        except Exception:  # the writer parses it itself
            return None
        return parsed.disclosure

    def cancel(self) -> None:
        for fut in self.asked.values():
            fut.cancel()
        self.asked.clear()


class _Batch:
    """Writes in the parent process, one transaction per document."""

    def __init__(self, library: Library, summary: Summary, events: Events, region: str | None) -> None:
        self.library = library
        self.summary = summary
        self.events = events
        self.region = region
        self.cache: OrderedDict[str, Disclosure] = OrderedDict()
        self.ahead: Lookahead | None = None
        self.parsed_here = 0  # partners the writer had to parse itself

    def partners_to_parse(self, parsed: Parsed, own_sha: str, region: str | None) -> list[tuple[str, str, str]]:
        """(hash, stored original, name) of the documents in the library that the cross-document
        check of this parsed document (of this region) will need and the writer does not hold."""
        from budgetlens.check.engine import unit_key

        d = parsed.disclosure
        if d is None or d.kind is None or d.year is None:
            return []
        key = unit_key(d.unit.name)
        if not key:
            return []
        try:
            with self.library.session() as s:
                unit_id = s.scalars(select(Unit.id).where(Unit.key == key, Unit.region == (region or ""))).first()
                if unit_id is None:
                    return []
                rows = s.execute(select(Document.sha256, Document.stored_path, Document.path).where(
                    Document.unit_id == unit_id, Document.status == "ok", Document.sha256 != own_sha,
                    _partner_of(d.kind.value, d.year))).all()
        except DBAPIError:  # the writer meets it again and says so
            return []
        return [(sha, str(self.library.stored(stored)), path) for sha, stored, path in rows if sha not in self.cache]

    def existing(self, sha: str) -> str | None:
        try:
            with self.library.session() as s:
                return s.scalars(select(Document.path).where(Document.sha256 == sha)).first()
        except DBAPIError as exc:
            raise _Stop(describe_db_error(exc, self.library.url)) from None

    def write_new(self, entry: Entry, parsed: Parsed) -> None:
        display = entry.item.display
        try:
            with self.library.transaction() as s:
                doc = Document(sha256=entry.sha, path=display, stored_path=entry.relative, size=entry.size,
                               region=self.region, warnings=[], added_at=utcnow())
                s.add(doc)
                outcome = self._fill(s, doc, parsed, display)
                _pause_in_transaction()
        except IntegrityError:  # added meanwhile by another process
            outcome = Outcome(display, "already", f"{display}: already in the library")
        except DBAPIError as exc:
            raise _Stop(describe_db_error(exc, self.library.url)) from None
        if outcome.status != "already":
            outcome.status = "added" if parsed.error is None else "unreadable"
        _finish(self.summary, self.events, outcome)

    def rewrite(self, doc_id: int, display: str, parsed: Parsed) -> None:
        try:
            with self.library.transaction() as s:
                doc = s.get_one(Document, doc_id)
                for model in (Fact, FactOccurrence, DocTable, Project):
                    s.execute(delete(model).where(model.document_id == doc_id))
                s.execute(delete(FindingRow).where(or_(FindingRow.document_id == doc_id,
                                                       FindingRow.other_document_id == doc_id)))
                outcome = self._fill(s, doc, parsed, display)
        except DBAPIError as exc:
            raise _Stop(describe_db_error(exc, self.library.url)) from None
        outcome.status = "rechecked" if parsed.error is None else "unreadable"
        _finish(self.summary, self.events, outcome)

    def _fill(self, s: Session, doc: Document, parsed: Parsed, display: str) -> Outcome:
        d = parsed.disclosure
        doc.format = parsed.format
        doc.pages = parsed.pages
        doc.parser_version = parser_version()
        doc.rules_version = rules_version()
        doc.checked_at = utcnow()
        if d is None:
            doc.status, doc.error = "unreadable", str(parsed.error) if parsed.error else parsed.error  # the English
            doc.kind, doc.year, doc.title, doc.unit_name, doc.unit_id, doc.warnings = None, None, "", "", None, []
            s.flush()
            return Outcome(display, "unreadable", parsed.error or "", document_id=doc.id)
        doc.status, doc.error = "ok", None
        doc.kind = d.kind.value if d.kind else None
        doc.year = d.year
        doc.title = d.title
        doc.unit_name = d.unit.name
        doc.warnings = list(d.warnings)
        unit = self._unit(s, d, doc.region)
        doc.unit_id = unit.id if unit else None
        s.flush()
        s.add_all(content_rows(doc.id, d, display))
        s.add_all(finding_row(doc.id, doc.sha256, f) for f in parsed.findings)
        self._remember(doc.sha256, d)
        cross = self._cross(s, doc, d) if unit else 0
        s.flush()
        return Outcome(display, "added", document_id=doc.id, findings=len(parsed.findings), cross_findings=cross,
                       kind=doc.kind, year=doc.year, unit=doc.unit_name)

    def _remember(self, sha: str, d: Disclosure) -> None:
        self.cache[sha] = d
        self.cache.move_to_end(sha)
        while len(self.cache) > CACHE_SIZE:
            self.cache.popitem(last=False)

    def _disclosure(self, doc: Document) -> Disclosure | None:
        d = self.cache.get(doc.sha256)
        if d is None and self.ahead is not None:
            d = self.ahead.take(doc.sha256)
        if d is None:
            self.parsed_here += 1
            d = parse_stored(str(self.library.stored(doc.stored_path)), doc.path).disclosure
        if d is not None:
            self._remember(doc.sha256, d)
        return d

    def _unit(self, s: Session, d: Disclosure, region: str | None) -> Unit | None:
        from budgetlens.check.engine import unit_key

        key = unit_key(d.unit.name)
        if not key:
            return None
        region = region or ""
        unit = s.scalars(select(Unit).where(Unit.key == key, Unit.region == region)).first()
        if unit is None:
            unit = Unit(key=key, region=region, level_word=d.unit.level_word)
            s.add(unit)
            s.flush()
            self._propose(s, unit)
        if not s.scalars(select(UnitName.id).where(UnitName.unit_id == unit.id, UnitName.name == d.unit.name)).first():
            s.add(UnitName(unit_id=unit.id, name=d.unit.name))
        return unit

    def _propose(self, s: Session, unit: Unit) -> None:
        """Near matches of a new unit among the others of its region (or of no known region)."""
        from rapidfuzz import fuzz, process

        query = select(Unit).where(Unit.id != unit.id)
        if unit.region:
            query = query.where(or_(Unit.region == unit.region, Unit.region == ""))
        others = {u.id: u for u in s.scalars(query)}
        if not others:
            return
        keys = {uid: u.key for uid, u in others.items()}
        from budgetlens.i18n import t

        for _, score, uid in process.extract(unit.key, keys, scorer=fuzz.ratio, score_cutoff=NEAR_MATCH, limit=5):
            other = others[uid]
            evidence = t("library.near_match.evidence", a=unit.key, b=other.key, score=Decimal(f"{score:.1f}"),
                         a_region=unit.region or t("library.region.unknown"),
                         b_region=other.region or t("library.region.unknown"))
            s.add(UnitProposal(unit_id=unit.id, candidate_id=uid, score=Decimal(f"{score:.1f}"), evidence=evidence))
            self.summary.proposals.append(t("library.batch.near_match", evidence=evidence, unit=unit.id, other=uid))

    def _cross(self, s: Session, doc: Document, d: Disclosure) -> int:
        """Cross-document rules between this document and each partner already in the library:
        the same unit's other kind of the same year, or its same kind of the year before or after."""
        from budgetlens.check.engine import check_documents

        if doc.kind is None or doc.year is None:
            return 0
        partners = s.scalars(select(Document).where(
            Document.unit_id == doc.unit_id, Document.id != doc.id, Document.status == "ok",
            _partner_of(doc.kind, doc.year)).order_by(Document.id)).all()
        written = 0
        for other in partners:
            od = self._disclosure(other)
            if od is None:
                continue
            s.execute(delete(FindingRow).where(or_(
                and_(FindingRow.document_id == doc.id, FindingRow.other_document_id == other.id),
                and_(FindingRow.document_id == other.id, FindingRow.other_document_id == doc.id))))
            report = check_documents([od, d], select=["cross_document"])
            by_name = {context_name(d): (doc, other), context_name(od): (other, doc),
                       d.source_path: (doc, other), od.source_path: (other, doc)}
            names = {str(self.library.stored(x.stored_path)): x.path for x in (doc, other)}
            for f in report.findings:
                name_file(f, names)
                this, that = by_name.get(f.document, (doc, other))
                s.add(finding_row(this.id, this.sha256, f, (that.id, that.sha256)))
                written += 1
        return written

