"""The check engine: run the selected rules over documents and collect one Report.

It never raises on a bad document: a rule that crashes becomes an internal-error finding (BL000)
naming the rule, and the other rules still run.
"""

from __future__ import annotations

import traceback
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from budgetlens.check.context import DocContext
from budgetlens.check.findings import DocumentInfo, Finding, FindingLocation, Report, Severity
from budgetlens.check.published_parts import merge_parts, unit_key
from budgetlens.check.registry import INTERNAL_ERROR, Rule, select_rules
from budgetlens.i18n import t
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


def same_finding(f: Finding) -> tuple[object, ...]:
    """What makes two findings one: the same rule, document, message and place."""
    return (f.rule, f.document, f.identity(), f.location.file, f.location.page, f.location.line, f.location.table,
            f.location.row, f.location.column)


def dedupe(findings: Iterable[Finding], seen: set[tuple[object, ...]] | None = None) -> list[Finding]:
    """The findings without repeats, each first one kept; ``seen`` holds the ones kept before."""
    seen = set() if seen is None else seen
    out = []
    for f in findings:
        key = same_finding(f)
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
    findings = dedupe(run_rules(contexts, rules))
    findings.sort(key=Finding.sort_key)
    docs = [document_info(c, rules) for c in contexts]
    used = sorted({d.profile for d in docs if d.profile})
    requested = next((c.requested_profile for c in contexts if c.requested_profile), None)
    return Report(documents=docs, findings=findings, rules_run=[r.code for r in rules],
                  profile=requested or (", ".join(used) if used else None))


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
    names = Counter(c.name for c in contexts)
    for c in contexts:
        if names[c.name] > 1 and c.disclosure.source_path:
            c.name = c.disclosure.source_path
    return check_contexts(contexts, select, ignore)


def check(disclosure: Disclosure, select: Iterable[str] | None = None, ignore: Iterable[str] | None = None,
          profile: str | None = None) -> Report:
    return check_documents([disclosure], select, ignore, profile=profile)
