"""Reading the library: documents, findings with their reviews, comparisons of facts, reviews.

Everything returns plain dicts in the shapes of the JSON contract (a finding as ``Finding.to_dict``
plus its fingerprint and review; facts as ``{key: value}``); amounts stay ``Decimal`` until the
caller serialises them.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from budgetlens.i18n import Message, t_or
from budgetlens.library.models import (
    DocTable,
    Document,
    Fact,
    FindingRow,
    Project,
    Review,
    Unit,
    UnitName,
    UnitProposal,
    utcnow,
)
from budgetlens.library.records import decode_params, finding_text
from budgetlens.library.store import Library, LibraryError
from budgetlens.serialize import jsonable

VERDICTS = ("confirmed", "dismissed", "fixed")
RATE_PLACES = Decimal("0.01")


def find_document(s: Session, ref: str) -> Document:
    """A document by id, by the start of its SHA-256 (6+ hex digits), or by the path it was added from."""
    ref = ref.strip()
    if ref.isdigit():
        doc = s.get(Document, int(ref))
        if doc is not None:
            return doc
    if len(ref) >= 6 and all(c in "0123456789abcdef" for c in ref.lower()):
        found = s.scalars(select(Document).where(Document.sha256.startswith(ref.lower())).limit(2)).all()
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise LibraryError(Message("liberr.ambiguous_hash", ref=ref))
    by_path = s.scalars(select(Document).where(Document.path == ref).limit(1)).first()
    if by_path is not None:
        return by_path
    raise LibraryError(Message("liberr.no_such_document", ref=ref))


def document_dict(d: Document, findings: dict[str, int] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": d.id,
        "document": d.path.rsplit("/", 1)[-1],
        "path": d.path,
        "sha256": d.sha256,
        "status": d.status,
        "error": d.error,
        "format": d.format,
        "pages": d.pages,
        "kind": d.kind,
        "year": d.year,
        "unit": d.unit_name,
        "unit_id": d.unit_id,
        "region": d.region,
        "title": d.title,
        "warnings": list(d.warnings or []),
        "parser_version": d.parser_version,
        "rules_version": d.rules_version,
        "added_at": d.added_at.isoformat(),
        "checked_at": d.checked_at.isoformat(),
        "stored_path": d.stored_path,
    }
    if findings is not None:
        out["findings"] = findings
    return out


def _severity_counts(s: Session, doc_ids: list[int]) -> dict[int, dict[str, int]]:
    out: dict[int, dict[str, int]] = {i: {"error": 0, "warning": 0, "info": 0} for i in doc_ids}
    rows = s.execute(select(FindingRow.document_id, FindingRow.severity, func.count())
                     .where(FindingRow.document_id.in_(doc_ids))
                     .group_by(FindingRow.document_id, FindingRow.severity)).all()
    for doc_id, severity, n in rows:
        out[doc_id][severity] = n
    return out


def list_documents(lib: Library, kind: str | None = None, year: int | None = None, unit: str | None = None,
                   status: str | None = None) -> list[dict[str, Any]]:
    with lib.session() as s:
        q = select(Document).order_by(Document.id)
        if kind:
            q = q.where(Document.kind == kind)
        if year:
            q = q.where(Document.year == year)
        if unit:
            q = q.where(Document.unit_name.contains(unit))
        if status:
            q = q.where(Document.status == status)
        docs = s.scalars(q).all()
        counts = _severity_counts(s, [d.id for d in docs])
        return [document_dict(d, counts[d.id]) for d in docs]


def facts_of(s: Session, doc_id: int) -> dict[str, Decimal]:
    return {k: v for k, v in s.execute(select(Fact.key, Fact.value).where(Fact.document_id == doc_id).order_by(Fact.key)).all()}


def show_document(lib: Library, ref: str) -> dict[str, Any]:
    with lib.session() as s:
        d = find_document(s, ref)
        out = document_dict(d, _severity_counts(s, [d.id])[d.id])
        out["facts"] = facts_of(s, d.id)
        out["tables"] = [{"id": t.table_id, "number": t.number, "title": t.title, "page": t.page, "rows": len(t.rows or [])}
                         for t in s.scalars(select(DocTable).where(DocTable.document_id == d.id).order_by(DocTable.id))]
        out["projects"] = [{"name": p.name, "table_kind": p.table_kind, "amount": p.amount, "stated_score": p.stated_score,
                            "computed_score": p.computed_score}
                           for p in s.scalars(select(Project).where(Project.document_id == d.id).order_by(Project.id))]
        unit: dict[str, Any] | None = None
        if d.unit_id is not None:
            u = s.get_one(Unit, d.unit_id)
            names = s.scalars(select(UnitName.name).where(UnitName.unit_id == u.id).order_by(UnitName.id)).all()
            proposals = s.scalars(select(UnitProposal).where(or_(UnitProposal.unit_id == u.id,
                                                                  UnitProposal.candidate_id == u.id))).all()
            others = s.scalars(select(Document.id).where(Document.unit_id == u.id, Document.id != d.id)
                               .order_by(Document.id)).all()
            unit = {"id": u.id, "key": u.key, "region": u.region or None, "level": u.level_word, "names": list(names),
                    "documents": list(others),
                    "near_matches": [{"unit": p.candidate_id if p.unit_id == u.id else p.unit_id,
                                      "score": p.score, "evidence": p.evidence, "status": p.status} for p in proposals]}
        out["unit_record"] = unit
        return out


def latest_reviews(s: Session, fingerprints: list[str]) -> dict[str, Review]:
    out: dict[str, Review] = {}
    for i in range(0, len(fingerprints), 500):
        chunk = fingerprints[i:i + 500]
        for r in s.scalars(select(Review).where(Review.fingerprint.in_(chunk)).order_by(Review.created_at, Review.id)):
            out[r.fingerprint] = r
    return out


def review_dict(r: Review | None) -> dict[str, Any] | None:
    if r is None:
        return None
    return {"verdict": r.verdict, "note": r.note, "reviewer": r.reviewer, "time": r.created_at.isoformat()}


def finding_dict(f: FindingRow, doc: Document, other: Document | None, review: Review | None) -> dict[str, Any]:
    return {
        "rule": f.rule,
        "severity": f.severity,
        "message": finding_text(f.message_id, f.params, f.message),
        "message_id": f.message_id,
        "params": jsonable(decode_params(f.params)) if f.params is not None else None,
        "document": doc.path.rsplit("/", 1)[-1],
        "location": dict(f.location or {}),
        "expected": stored_number(f.expected),
        "actual": stored_number(f.actual),
        "evidence": f.evidence,
        "group": f.grp,
        "title": t_or(f"{f.rule}.title", f.title),
        "document_id": doc.id,
        "path": doc.path,
        "other_document_id": other.id if other else None,
        "other_path": other.path if other else None,
        "fingerprint": f.fingerprint,
        "review": review_dict(review),
    }


def stored_number(text: str | None) -> Decimal | str | None:
    """A figure stored as exact decimal text, back as a Decimal (or the text when it is none)."""
    if text is None:
        return None
    try:
        return Decimal(text)
    except ArithmeticError:
        return text


def list_findings(lib: Library, ref: str | None = None, rule: str | None = None, severity: str | None = None,
                  review: str | None = None) -> list[dict[str, Any]]:
    """Findings, newest documents last; ``review``: a verdict, or ``unreviewed``."""
    with lib.session() as s:
        q = select(FindingRow).order_by(FindingRow.document_id, FindingRow.id)
        if ref:
            d = find_document(s, ref)
            q = q.where(or_(FindingRow.document_id == d.id, FindingRow.other_document_id == d.id))
        if rule:
            q = q.where(FindingRow.rule.startswith(rule.upper()))
        if severity:
            q = q.where(FindingRow.severity == severity)
        rows = s.scalars(q).all()
        docs = {d.id: d for d in s.scalars(select(Document).where(Document.id.in_(
            {r.document_id for r in rows} | {r.other_document_id for r in rows if r.other_document_id})))}
        reviews = latest_reviews(s, sorted({r.fingerprint for r in rows}))
        out = []
        for r in rows:
            rv = reviews.get(r.fingerprint)
            if review == "unreviewed" and rv is not None:
                continue
            if review and review != "unreviewed" and (rv is None or rv.verdict != review):
                continue
            out.append(finding_dict(r, docs[r.document_id], docs.get(r.other_document_id or -1), rv))
        return out


def add_review(lib: Library, fingerprint: str, verdict: str, note: str = "", reviewer: str = "") -> dict[str, Any]:
    if verdict not in VERDICTS:
        raise LibraryError(Message("liberr.not_a_verdict", verdict=verdict))
    if verdict == "dismissed" and not note.strip():
        raise LibraryError(Message("liberr.dismiss_needs_note"))
    prefix = fingerprint.strip().lower()
    if len(prefix) < 6:
        raise LibraryError(Message("liberr.fingerprint_short", fingerprint=fingerprint))
    with lib.transaction() as s:
        found = sorted(set(s.scalars(select(FindingRow.fingerprint).where(FindingRow.fingerprint.startswith(prefix)))))
        if not found:
            raise LibraryError(Message("liberr.no_such_fingerprint", fingerprint=fingerprint))
        if len(found) > 1:
            raise LibraryError(Message("liberr.ambiguous_fingerprint", fingerprint=fingerprint, count=len(found)))
        r = Review(fingerprint=found[0], verdict=verdict, note=note, reviewer=reviewer, created_at=utcnow())
        s.add(r)
        s.flush()
        return {"fingerprint": found[0], **(review_dict(r) or {})}


def rate(base: Decimal | None, value: Decimal | None) -> Decimal | None:
    """(value − base) / base in percent, to 0.01; None without both figures or with a zero base."""
    if base is None or value is None or base == 0:
        return None
    return ((value - base) / base * 100).quantize(RATE_PLACES)


# A budget's planned figure and the final account's figure of the same scope: their keys differ
# (a budget states 预算数, a final account 决算数), so budget ↔ final of one unit-year also lines
# them up as pairs, with 决算数 − 预算数, the 预决算差异率 and the 执行率.
PLAN_EXECUTION: tuple[tuple[str, str], ...] = (
    ("budget.total", "expense.total"),
    ("budget.expense.current", "expense.current"),
    ("budget.fiscal", "income.fiscal"),
    ("budget.gpb", "gpb.expense"),
    ("budget.gpb.basic", "gpb.basic"),
    ("budget.basic.personnel", "gpb.basic.personnel"),
    ("budget.basic.public", "gpb.basic.public"),
    ("budget.gpb.project", "gpb.project"),
    ("budget.basic", "expense.basic"),
    ("budget.project", "expense.project"),
)


def plan_execution(budget: dict[str, Decimal], final: dict[str, Decimal]) -> list[dict[str, Any]]:
    """The pairs of :data:`PLAN_EXECUTION` (and each function class both print) with both figures."""
    pairs = list(PLAN_EXECUTION)
    classes = sorted(k.removeprefix("budget.function.") for k in budget if k.startswith("budget.function."))
    pairs += [(f"budget.function.{c}", f"expense.function.{c}") for c in classes]
    out = []
    for plan_key, final_key in pairs:
        planned, spent = budget.get(plan_key), final.get(final_key)
        if planned is None or spent is None:
            continue
        execution = None if planned == 0 else (spent / planned * 100).quantize(RATE_PLACES)
        out.append({"plan_key": plan_key, "final_key": final_key, "plan": planned, "final": spent,
                    "difference": spent - planned, "rate": rate(planned, spent), "execution": execution})
    return out


def compare(lib: Library, refs: list[str], differing_only: bool = False) -> dict[str, Any]:
    """The facts of two or more documents side by side: each value, its difference from the first
    document's and the rate of that difference."""
    if len(refs) < 2:
        raise LibraryError(Message("liberr.compare_needs_two"))
    with lib.session() as s:
        docs = [find_document(s, r) for r in refs]
        if len({d.id for d in docs}) < len(docs):
            raise LibraryError(Message("liberr.same_document_twice"))
        facts = [facts_of(s, d.id) for d in docs]
        counts = _severity_counts(s, [d.id for d in docs])
        keys = sorted(set().union(*facts))
        rows = []
        for key in keys:
            values = [f.get(key) for f in facts]
            base = values[0]
            diffs = [None if base is None or v is None else v - base for v in values[1:]]
            rates = [rate(base, v) for v in values[1:]]
            if differing_only and all(d == 0 for d in diffs if d is not None) and None not in values:
                continue
            rows.append({"key": key, "values": values, "differences": diffs, "rates": rates})
        relation = _relation(docs)
        out: dict[str, Any] = {"documents": [document_dict(d, counts[d.id]) for d in docs], "relation": relation,
                               "rows": rows, "summary": dict(Counter(_state(r) for r in rows))}
        kinds = [d.kind or "" for d in docs]
        if len(docs) == 2 and sorted(kinds) == ["budget", "final"] and relation.startswith("budget"):
            by_kind = dict(zip(kinds, facts, strict=True))
            out["plan_execution"] = plan_execution(by_kind["budget"], by_kind["final"])
        return out


def _state(row: dict[str, Any]) -> str:
    if any(v is None for v in row["values"]):
        return "missing in some"
    return "same" if all(d == 0 for d in row["differences"]) else "different"


def _relation(docs: list[Document]) -> str:
    """What is being compared, in words: budget ↔ final of a unit-year, year ↔ year, unit ↔ unit."""
    units = {d.unit_id for d in docs}
    years = {d.year for d in docs}
    kinds = {d.kind for d in docs}
    if len(units) == 1 and len(years) == 1 and len(kinds) > 1:
        return "budget ↔ final of one unit and year"
    if len(units) == 1 and len(years) > 1:
        return "year ↔ year of one unit"
    if len(units) > 1:
        return "unit ↔ unit"
    return "documents"
