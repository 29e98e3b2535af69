"""A batch of documents checked as it is read.

``check_documents`` keeps every document's Source and model until the report is written, so a
batch's memory grows with its size. ``Batch`` runs each document's own rules as soon as it is
read and keeps of it only what the cross-document rules read (``cross_summary``), packed
(pickled and compressed, ~15 KB for a seed against ~1 MB of Source and model) once the batch
holds more than a few documents; the cross-document rules compare a unit's documents pair by
pair, a few unpacked at a time.
Of a file that may be part of a disclosure published in several files (``published_parts``) the
batch keeps the few facts that decide the joins and a way to read its source again (the file's
path; a source handed over without one is kept, packed past a few): when the batch is complete
and holds both text and table files, the parts that belong together are read and checked as one.
The report is the one ``check_documents`` gives for the same files.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from budgetlens.check.context import DocContext
from budgetlens.check.engine import dedupe, document_info, run_cross, run_single
from budgetlens.check.findings import DocumentInfo, Finding, Report
from budgetlens.check.published_parts import PartFacts, joins, read_together, unit_key
from budgetlens.check.registry import select_rules
from budgetlens.model import Disclosure, Source

_UNPACKED = 4  # documents whose summary is kept as objects, the rest packed
_UNPACKED_SOURCES = 4  # sources of possible parts kept as objects when they cannot be read again


def cross_summary(d: Disclosure) -> Disclosure:
    """The part of a disclosure the cross-document rules still read once its own rules have run:
    its identity (kind, year, unit, path), headings (a finding's section), facts and their
    occurrences, statements, performance tables and project list, warnings. Its tables, 目录,
    paragraphs and scores are left out."""
    return Disclosure(
        kind=d.kind, year=d.year, unit=d.unit, headings=d.headings, statements=d.statements,
        fact_occurrences=d.fact_occurrences, facts=d.facts, performance=d.performance,
        project_list=d.project_list, source_path=d.source_path, source_format=d.source_format,
        warnings=d.warnings,
    )


def _pack(obj: object) -> bytes:
    import pickle
    import zlib

    return zlib.compress(pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL), 1)


def _unpack(data: bytes) -> Any:
    import pickle
    import zlib

    return pickle.loads(zlib.decompress(data))


Reread = Callable[[], Source]


@dataclass(slots=True)
class _Checked:
    """A document checked on its own: its name, report entry and findings, and what the
    cross-document rules need of it (a summary, packed or not)."""

    name: str
    parts: list[str]
    unit: str  # unit_key of its unit name
    info: DocumentInfo
    findings: list[Finding]
    summary: Disclosure | bytes
    kind: str | None = None
    year: int | None = None
    part: PartFacts | None = None  # for a file that may be a part of a disclosure
    source: Source | bytes | Reread | None = None  # a possible part's source: kept, packed, or read again

    def context(self, profile: str | None) -> DocContext:
        d = self.summary if isinstance(self.summary, Disclosure) else _unpack(self.summary)
        assert isinstance(d, Disclosure)
        return DocContext(disclosure=d, name=self.name, requested_profile=profile, parts=self.parts)

    def read_source(self) -> Source | None:
        """The possible part's source; ``None`` when it can no longer be read (the file is gone)."""
        s = self.source
        if s is None or isinstance(s, Source):
            return s
        if isinstance(s, bytes):
            got = _unpack(s)
            assert isinstance(got, Source)
            return got
        try:
            return s()
        except Exception:  # read before, unreadable now: the file is checked on its own
            return None


_BLOCK = 4  # documents of one side of a comparison unpacked at a time


def _compared_pairs(members: list[_Checked], profile: str | None) -> Iterator[tuple[int, int, list[DocContext]]]:
    """(i, j, [context of i, context of j]) for every two documents (i < j, positions in
    ``members``) a cross-document rule compares (``cross_document.compared``), with a few
    documents unpacked at a time: the documents of one kind and year against those of another,
    a block of one side against the other side streamed."""
    from budgetlens.check.rules.cross_document import compared

    sides: dict[tuple[str | None, int | None], list[int]] = defaultdict(list)
    for i, c in enumerate(members):
        sides[(c.kind, c.year)].append(i)
    keys = list(sides)
    for m, a in enumerate(keys):
        for b in keys[m + 1:]:
            if not compared(*a, *b):
                continue
            for start in range(0, len(sides[a]), _BLOCK):
                block = {i: members[i].context(profile) for i in sides[a][start:start + _BLOCK]}
                for j in sides[b]:
                    other = members[j].context(profile)
                    for i, ctx in block.items():
                        yield (i, j, [ctx, other]) if i < j else (j, i, [other, ctx])


class Batch:
    """Documents checked one by one as they are read; ``report()`` once all are added.

    ``select``/``ignore`` are validated when the batch is made (``ValueError``), ``profile`` too
    (``UnknownProfileError``)."""

    def __init__(self, select: Iterable[str] | None = None, ignore: Iterable[str] | None = None,
                 profile: str | None = None, merge: bool = True) -> None:
        if profile:
            from budgetlens.score import get_profile

            get_profile(profile)
        self.rules = select_rules(select, ignore)
        self.profile = profile
        self.merge = merge
        self._checked: list[_Checked] = []  # in the order added
        self._sources = 0  # sources of possible parts kept (not to be read again)

    def __len__(self) -> int:
        return len(self._checked)

    def add(self, disclosure: Disclosure, source: Source | None = None, reread: Reread | None = None) -> None:
        """Check one document. ``reread`` reads its source again (the same ``Source``), when the
        document turns out to be a part of a disclosure published in several files; without it
        the source of a possible part is kept."""
        c = self._check(disclosure, source, [])
        if self.merge and source is not None:
            facts = PartFacts.of(disclosure)
            if facts.text or facts.table:
                c.part = facts
                if reread is not None:
                    c.source = reread
                else:
                    c.source = _pack(source) if self._sources >= _UNPACKED_SOURCES else source
                    self._sources += 1
        self._checked.append(c)

    def _check(self, d: Disclosure, s: Source | None, parts: list[str]) -> _Checked:
        ctx = DocContext.of(d, s, profile=self.profile, name=" + ".join(parts) if parts else None)
        ctx.parts = parts
        findings = run_single(ctx, self.rules)
        info = document_info(ctx, self.rules)
        summary = cross_summary(d)
        return _Checked(ctx.name, parts, unit_key(d.unit.name), info, findings,
                        _pack(summary) if len(self._checked) >= _UNPACKED else summary, ctx.kind, d.year)

    def _merged(self) -> list[_Checked]:
        """The documents in order, the files that are parts of one disclosure read as one."""
        checked, self._checked = self._checked, []
        held = [i for i, c in enumerate(checked) if c.part is not None]
        facts = [checked[i].part for i in held]
        if len(checked) < 2 or not any(f.text for f in facts if f) or not any(f.table for f in facts if f):
            return checked
        joined = joins(facts)
        used = {held[j] for js in joined.values() for j in js}
        merged = {}
        for i, js in joined.items():
            if not js:
                continue
            sources = [checked[held[k]].read_source() for k in [i, *js]]
            if any(s is None for s in sources):
                used -= {held[j] for j in js}
                continue
            standard = [bool(f.standard) for f in (facts[j] for j in js) if f]
            merged[held[i]] = self._check(*read_together([s for s in sources if s is not None], standard))
        return [merged.get(i, c) for i, c in enumerate(checked) if i not in used]

    def _cross(self, members: list[_Checked]) -> list[Finding]:
        """The cross-document rules over one unit's documents, as ``run_cross`` gives them, but
        pair by pair (``_compared_pairs``), so that a unit of many documents is never unpacked
        whole. A rule compares two documents a and b and reports on b, in the order of a, so its
        findings gathered pair by pair, ordered by the pair's positions, keep the order each
        document's findings have when it runs over the whole unit. A rule that is not one of
        ``cross_document``'s, or that crashes on a pair, runs over the whole unit as before."""
        from budgetlens.check.rules import cross_document

        rules = [r for r in self.rules if r.cross]
        paired = {r.code for r in rules if r.func.__module__ == cross_document.__name__}
        chunks: list[tuple[int, int, int, list[Finding]]] = []
        # a document's findings of one rule come in the order of the other document of each pair,
        # as over the whole unit, so a repeat is dropped as it comes: the first is the one kept
        seen: set[tuple[object, ...]] = set()
        for i, j, pair in _compared_pairs(members, self.profile):
            for k, r in enumerate(rules):
                if r.code not in paired:
                    continue
                for ctx in pair:
                    ctx.rule = r
                try:
                    found = dedupe(r.func(pair), seen)
                except Exception:
                    paired.discard(r.code)
                    continue
                finally:
                    for ctx in pair:
                        ctx.rule = None
                if found:
                    chunks.append((k, i, j, found))
        chunks.sort(key=lambda c: c[:3])
        findings = [f for k, _, _, found in chunks if rules[k].code in paired for f in found]
        whole = [r for r in rules if r.code not in paired]
        if whole:
            findings += run_cross([c.context(self.profile) for c in members], whole)
        return findings

    def report(self) -> Report:
        checked = self._merged()
        # two files with the same base name are told apart by their full path
        names = Counter(c.name for c in checked)
        for c in checked:
            path = c.info.path
            if names[c.name] > 1 and path:
                old, c.name = c.name, path
                c.info.document = path
                for f in c.findings:
                    if f.document == old:
                        f.document = path
        findings = [f for c in checked for f in c.findings]
        # the cross-document rules, one unit's documents at a time (in the order of their first)
        units: dict[str, list[_Checked]] = defaultdict(list)
        for c in checked:
            if c.unit:
                units[c.unit].append(c)
        for members in units.values():
            if len(members) > 1:
                findings += self._cross(members)
        findings = dedupe(findings)
        findings.sort(key=Finding.sort_key)
        docs = [c.info for c in checked]
        used = sorted({d.profile for d in docs if d.profile})
        return Report(documents=docs, findings=findings, rules_run=[r.code for r in self.rules],
                      profile=self.profile or (", ".join(used) if used else None))
