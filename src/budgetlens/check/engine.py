"""The check engine: run the selected rules over documents and collect one Report.

It never raises on a bad document: a rule that crashes becomes an internal-error finding (BL000)
naming the rule, and the other rules still run.
"""

from __future__ import annotations

import re
import traceback
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from budgetlens.check.context import DocContext
from budgetlens.check.findings import DocumentInfo, Finding, FindingLocation, Report, Severity
from budgetlens.check.registry import INTERNAL_ERROR, Rule, select_rules
from budgetlens.i18n import Message, msg, t
from budgetlens.model import Disclosure, Source


def _internal(rule: Rule, document: str, exc: BaseException) -> Finding:
    tb = traceback.extract_tb(exc.__traceback__)
    where = f"{tb[-1].name}:{tb[-1].lineno}" if tb else "?"
    return Finding(
        rule=INTERNAL_ERROR.code,
        severity=Severity.ERROR,
        message_id="BL000.crashed",
        params={"code": rule.code, "name": rule.name, "where": where, "error": f"{type(exc).__name__}: {exc}"},
        document=document,
        location=FindingLocation(),
        group=INTERNAL_ERROR.group,
        title=INTERNAL_ERROR.title,
    )


def unit_key(name: str) -> str:
    """A unit name reduced for matching documents of the same unit across years and kinds."""
    s = re.sub(r"\s+", "", name)
    s = re.sub(r"(20\d\d)年?度?", "", s)
    s = re.sub(r"[（(][^）)]*[）)]$", "", s)
    return s


def run_single(ctx: DocContext, rules: Sequence[Rule]) -> list[Finding]:
    """The single-document rules over one document."""
    findings: list[Finding] = []
    for r in rules:
        if r.cross or not r.applies_to(ctx.kind):
            continue
        ctx.rule = r
        try:
            findings.extend(r.func(ctx))
        except Exception as exc:  # a bug in one rule must not stop the others
            findings.append(_internal(r, ctx.name, exc))
        finally:
            ctx.rule = None
    return findings


def run_cross(contexts: Sequence[DocContext], rules: Sequence[Rule]) -> list[Finding]:
    """The cross-document rules over every group of two or more documents of the same unit."""
    findings: list[Finding] = []
    groups: dict[str, list[DocContext]] = defaultdict(list)
    for ctx in contexts:
        key = unit_key(ctx.disclosure.unit.name)
        if key:
            groups[key].append(ctx)
    for members in groups.values():
        if len(members) < 2:
            continue
        for r in rules:
            if not r.cross:
                continue
            for ctx in members:
                ctx.rule = r
            try:
                findings.extend(r.func(list(members)))
            except Exception as exc:
                findings.append(_internal(r, ", ".join(m.name for m in members), exc))
            finally:
                for ctx in members:
                    ctx.rule = None
    return findings


def run_rules(contexts: Sequence[DocContext], rules: Iterable[Rule]) -> list[Finding]:
    rules = list(rules)
    findings: list[Finding] = []
    for ctx in contexts:
        findings.extend(run_single(ctx, rules))
    return findings + run_cross(contexts, rules)


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen: set[tuple[object, ...]] = set()
    out = []
    for f in findings:
        key = (f.rule, f.document, f.identity(), f.location.file, f.location.page, f.location.line, f.location.table,
               f.location.row, f.location.column)
        if key in seen:
            continue
        seen.add(key)
        out.append(f)
    return out


def _rule_doubts(ctx: DocContext, rules: Sequence[Rule]) -> list[str]:
    """Parse warnings that only the rules can tell (the 科目 data show a code was misread), for the
    groups of rules that ran."""
    if not any(r.group == "codes" for r in rules):
        return []
    from budgetlens.check.rules.codes import reading_doubts

    try:
        return reading_doubts(ctx.disclosure)
    except Exception as exc:  # never lose the report over a warning
        return [f"codes: reading the codes failed ({type(exc).__name__}: {exc})"]


def _profile_used(ctx: DocContext, rules: Sequence[Rule]) -> tuple[str | None, str | None]:
    """(profile, reason) the document's performance scores were checked under; (None, None) when
    no scoring rule ran or the document has no self-evaluation table."""
    if not ctx.has_self_evaluation() or not any(r.uses_profile for r in rules):
        return None, None
    choice = ctx.scores().choice
    return choice.profile.name, choice.reason


def _practice(ctx: DocContext, rules: Sequence[Rule]) -> str | None:
    """How the document prints its rates (round / truncate), when a narrative rule ran."""
    if not any(r.group == "narrative" for r in rules):
        return None
    from budgetlens.check.rules.narrative import describe_practice

    try:
        return describe_practice(ctx)
    except Exception:  # never lose the report over a note
        return None


def document_info(c: DocContext, rules: Sequence[Rule]) -> DocumentInfo:
    """What the report says of one checked document (its warnings, the profile it was scored under)."""
    try:
        profile, reason = _profile_used(c, rules)
    except Exception as exc:  # the scoring rule has reported the crash as BL000
        profile, reason = None, t("check.scoring_failed", error=type(exc).__name__)
    return DocumentInfo(
        document=c.name,
        path=c.disclosure.source_path,
        kind=c.kind,
        year=c.year,
        unit=c.disclosure.unit.name,
        warnings=list(c.disclosure.warnings) + _rule_doubts(c, rules),
        profile=profile,
        profile_reason=reason,
        practice=_practice(c, rules),
    )


def check_contexts(
    contexts: Sequence[DocContext],
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
) -> Report:
    rules = select_rules(select, ignore)
    findings = _dedupe(run_rules(contexts, rules))
    findings.sort(key=Finding.sort_key)
    docs = [document_info(c, rules) for c in contexts]
    used = sorted({d.profile for d in docs if d.profile})
    requested = next((c.requested_profile for c in contexts if c.requested_profile), None)
    return Report(documents=docs, findings=findings, rules_run=[r.code for r in rules],
                  profile=requested or (", ".join(used) if used else None))


# ---- one disclosure published as several files ---------------------------------------------------
#
# The explanation (情况说明) and its tables are often published as separate files: a PDF of text
# whose tables are "见附表", and a PDF or spreadsheet of the tables. Checked one by one, each would
# be a disclosure missing half of itself. Files of the same kind, year and unit where one part has
# narrative and no standard table and the other has standard (or performance) tables and next to no
# narrative are read as one disclosure: their blocks, each keeping its file in its location, are recognised
# together.

_FEW_STATEMENTS = 3  # a table file may carry a note or two read as statements


def _standard_tables(d: Disclosure) -> int:
    return sum(1 for t in d.tables if t.id and t.rows)


def _is_text_part(d: Disclosure) -> bool:
    return _standard_tables(d) == 0 and len(d.statements) > _FEW_STATEMENTS


def _is_table_part(d: Disclosure) -> bool:
    """Standard tables, or performance tables (绩效目标表 / 自评表 published apart), and next to no
    narrative."""
    return (_standard_tables(d) > 0 or bool(d.performance)) and len(d.statements) <= _FEW_STATEMENTS


def _identity(d: Disclosure) -> tuple[str | None, int | None, set[str]]:
    """(kind, year, unit keys) as recognised; a file of performance tables alone names its unit in
    the tables (实施单位, 主管部门, the unit-level table) and its kind by the tables' kind (目标表 of
    a budget, 自评表 of a final account)."""
    kind = d.kind.value if d.kind is not None else None
    year = d.year
    units = {unit_key(d.unit.name)} - {""}
    if d.performance and kind is None:
        kinds = {"budget" if p.table_kind == "target" else "final" for p in d.performance}
        kind = kinds.pop() if len(kinds) == 1 else None
    if d.performance and not units:
        for p in d.performance:
            names = [p.implementer, p.department] + ([p.name] if p.level == "unit" else [])
            units |= {unit_key(n) for n in names if n}
    return kind, year, units


def _same_disclosure(text: Disclosure, part: Disclosure) -> bool:
    """Same kind and year as recognised (the part's year may be unknown), and the same unit where
    both name one."""
    kind, year, units = _identity(part)
    if text.kind is None or text.kind.value != kind or text.year is None:
        return False
    if year is not None and year != text.year:
        return False
    if year is None and not units:
        return False  # nothing but the kind in common
    key = unit_key(text.unit.name)
    return not key or not units or key in units


def _file_name(path: str) -> str:
    from pathlib import Path

    return Path(path).name or path


def merge_parts(
    disclosures: Sequence[Disclosure], sources: Sequence[Source | None],
) -> list[tuple[Disclosure, Source | None, list[str]]]:
    """Group the files that are parts of one disclosure: (disclosure, source, part files), where
    the part files are empty for a disclosure read from one file. A table file whose unit is not
    named joins a text file only when exactly one text file fits it."""
    items = list(zip(disclosures, sources, strict=True))
    joined = _joins(items)
    used = {j for js in joined.values() for j in js}
    out: list[tuple[Disclosure, Source | None, list[str]]] = []
    for i, (d, s) in enumerate(items):
        if i in used:
            continue
        if not joined.get(i):
            out.append((d, s, []))
            continue
        parts = [items[k] for k in [i, *joined[i]]]
        out.append(_read_together(parts))
    return out


def _joins(items: Sequence[tuple[Disclosure, Source | None]]) -> dict[int, list[int]]:
    """For each text file (by index) the table files (indices) read together with it."""
    texts = [i for i, (d, s) in enumerate(items) if s is not None and _is_text_part(d)]
    joined: dict[int, list[int]] = {i: [] for i in texts}
    for j, (d, s) in enumerate(items):
        if s is None or j in texts or not _is_table_part(d):
            continue
        fits = [i for i in texts if _same_disclosure(items[i][0], d)]
        named = [i for i in fits if unit_key(items[i][0].unit.name) and _identity(d)[2]]
        choice = named if len(named) == 1 else (fits if len(fits) == 1 else [])
        if choice:
            joined[choice[0]].append(j)
    return joined


def _read_together(parts: list[tuple[Disclosure, Source | None]]) -> tuple[Disclosure, Source, list[str]]:
    from budgetlens.model import Source as SourceModel
    from budgetlens.recognize import recognize

    srcs = [s for _, s in parts if s is not None]
    combined = SourceModel(
        path=srcs[0].path,
        format="+".join(dict.fromkeys(s.format for s in srcs)),
        blocks=[b for s in srcs for b in s.blocks],
        layouts=list(dict.fromkeys(x for s in srcs for x in s.layouts)),
        warnings=[w for s in srcs for w in s.warnings],
        pages=None,
    )
    d = recognize(combined)
    names = [_file_name(s.path) for s in srcs]
    roles = ["check.part.explanation"] + [
        "check.part.tables" if _standard_tables(d) else "check.part.performance" for d, s in parts[1:] if s is not None]
    d.warnings.insert(0, Message("check.read_together", count=len(names),
                                 files=[msg("check.part", file=n, role=msg(r)) for n, r in zip(names, roles, strict=True)]))
    return d, combined, names


def check_documents(
    disclosures: Sequence[Disclosure],
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    sources: Sequence[Source | None] | None = None,
    profile: str | None = None,
    merge: bool = True,
) -> Report:
    """Check one or more disclosures; documents of the same unit are also checked against each other.

    Files that are parts of one disclosure (the explanation and its tables, see ``merge_parts``)
    are read and checked as one document, named after all its files; ``merge=False`` checks each
    file on its own.

    ``profile`` names the performance scoring profile (``budgetlens score --profile``); by default
    each document is scored under the profile that fits it. An unknown name raises
    ``UnknownProfileError`` (a ``ValueError``)."""
    if profile:
        from budgetlens.score import get_profile

        get_profile(profile)
    srcs: Sequence[Source | None] = sources if sources is not None else [None] * len(disclosures)
    groups = merge_parts(disclosures, srcs) if merge and len(disclosures) > 1 else [
        (d, s, []) for d, s in zip(disclosures, srcs, strict=True)]
    contexts = []
    for d, s, parts in groups:
        ctx = DocContext.of(d, s, profile=profile, name=" + ".join(parts) if parts else None)
        ctx.parts = parts
        contexts.append(ctx)
    # two files with the same base name are told apart by their full path
    names = [c.name for c in contexts]
    for c in contexts:
        if names.count(c.name) > 1 and c.disclosure.source_path:
            c.name = c.disclosure.source_path
    return check_contexts(contexts, select, ignore)


def check(disclosure: Disclosure, select: Iterable[str] | None = None, ignore: Iterable[str] | None = None,
          profile: str | None = None) -> Report:
    return check_documents([disclosure], select, ignore, profile=profile)


# ---- a batch checked as it is read ---------------------------------------------------------------
#
# ``check_documents`` keeps every document's Source and model until the report is written, so a
# batch's memory grows with its size. ``Batch`` runs each document's own rules as soon as it is
# read and keeps of it only what the cross-document rules read (``cross_summary``), packed
# (pickled and compressed, ~15 KB for a seed against ~1 MB of Source and model) once the batch
# holds more than a few documents (packing costs CPU: 2–4 ms a summary, 10–20 ms a whole file);
# the cross-document rules unpack one unit's documents at a time. A file that may be part of a
# disclosure published in several files (``merge_parts``) is checked alone at once too, and also
# kept whole (packed likewise): when the batch is complete and holds both text and table files,
# they are unpacked and the parts that belong together are read and checked as one. The report
# is the one ``check_documents`` gives for the same files.

_UNPACKED = 16  # documents whose summary is kept as objects, the rest packed
_UNPACKED_WHOLE = 4  # possible parts kept whole as objects (each holds its Source), the rest packed


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
    whole: tuple[Disclosure, Source] | bytes | None = None  # for a file that may be a part (packed or not)
    text_part: bool = False
    table_part: bool = False

    def context(self, profile: str | None) -> DocContext:
        d = self.summary if isinstance(self.summary, Disclosure) else _unpack(self.summary)
        assert isinstance(d, Disclosure)
        return DocContext(disclosure=d, name=self.name, requested_profile=profile, parts=self.parts)


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
        self._wholes = 0  # possible parts kept

    def __len__(self) -> int:
        return len(self._checked)

    def add(self, disclosure: Disclosure, source: Source | None = None) -> None:
        c = self._check(disclosure, source, [])
        if self.merge and source is not None:
            c.text_part, c.table_part = _is_text_part(disclosure), _is_table_part(disclosure)
            if c.text_part or c.table_part:
                whole = (disclosure, source)
                c.whole = _pack(whole) if self._wholes >= _UNPACKED_WHOLE else whole
                self._wholes += 1
        self._checked.append(c)

    def _check(self, d: Disclosure, s: Source | None, parts: list[str]) -> _Checked:
        ctx = DocContext.of(d, s, profile=self.profile, name=" + ".join(parts) if parts else None)
        ctx.parts = parts
        findings = run_single(ctx, self.rules)
        info = document_info(ctx, self.rules)
        summary = cross_summary(d)
        return _Checked(ctx.name, parts, unit_key(d.unit.name), info, findings,
                        _pack(summary) if len(self._checked) >= _UNPACKED else summary)

    def _merged(self) -> list[_Checked]:
        """The documents in order, the files that are parts of one disclosure read as one."""
        checked, self._checked = self._checked, []
        held = [i for i, c in enumerate(checked) if c.whole is not None]
        if len(checked) < 2 or not any(checked[i].text_part for i in held) or not any(
                checked[i].table_part for i in held):
            return checked
        items: list[tuple[Disclosure, Source | None]] = []
        for i in held:
            whole = checked[i].whole
            assert whole is not None
            items.append(whole if isinstance(whole, tuple) else _unpack(whole))
        joined = _joins(items)
        used = {held[j] for js in joined.values() for j in js}
        merged = {}
        for i, js in joined.items():
            if js:
                merged[held[i]] = self._check(*_read_together([items[k] for k in [i, *js]]))
        return [merged.get(i, c) for i, c in enumerate(checked) if i not in used]

    def report(self) -> Report:
        checked = self._merged()
        # two files with the same base name are told apart by their full path
        names = [c.name for c in checked]
        for c in checked:
            path = c.info.path
            if names.count(c.name) > 1 and path:
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
                findings += run_cross([c.context(self.profile) for c in members], self.rules)
        findings = _dedupe(findings)
        findings.sort(key=Finding.sort_key)
        docs = [c.info for c in checked]
        used = sorted({d.profile for d in docs if d.profile})
        return Report(documents=docs, findings=findings, rules_run=[r.code for r in self.rules],
                      profile=self.profile or (", ".join(used) if used else None))
