"""The dashboard: findings by rule and by unit across the library, the lowest self-evaluation
scores, and the documents whose findings are not all reviewed yet."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import select

from budgetlens.library import Library
from budgetlens.library.models import Document, FindingRow, Project
from budgetlens.library.queries import latest_reviews

LOWEST = 20


def dashboard(lib: Library) -> dict[str, Any]:
    with lib.session() as s:
        docs = {d.id: d for d in s.scalars(select(Document).order_by(Document.id))}
        rows = s.execute(select(FindingRow.document_id, FindingRow.rule, FindingRow.severity, FindingRow.title,
                                FindingRow.fingerprint)).all()
        reviews = latest_reviews(s, sorted({r.fingerprint for r in rows}))
        scored = s.execute(select(Project.document_id, Project.name, Project.stated_score, Project.computed_score)
                           .where(Project.stated_score.is_not(None)).order_by(Project.id)).all()
    # the amounts are stored as exact decimal text: ordered here, as numbers
    scored = sorted(scored, key=lambda p: p.stated_score)[:LOWEST]

    by_rule: dict[str, dict[str, Any]] = {}
    by_unit: dict[tuple[Any, str], dict[str, Any]] = {}
    open_by_doc: dict[int, int] = defaultdict(int)
    all_by_doc: dict[int, int] = defaultdict(int)
    for doc_id, rule, severity, title, fp in rows:
        r = by_rule.setdefault(rule, {"rule": rule, "title": title, "error": 0, "warning": 0, "info": 0,
                                      "total": 0, "unreviewed": 0, "documents": set()})
        d = docs[doc_id]
        key = (d.unit_id if d.unit_id is not None else f"doc-{d.id}", d.unit_name)
        u = by_unit.setdefault(key, {"unit": d.unit_name, "region": d.region, "error": 0, "warning": 0, "info": 0,
                                     "total": 0, "unreviewed": 0, "documents": set()})
        for bucket in (r, u):
            bucket[severity] = bucket.get(severity, 0) + 1
            bucket["total"] += 1
            bucket["documents"].add(doc_id)
            if fp not in reviews:
                bucket["unreviewed"] += 1
        all_by_doc[doc_id] += 1
        if fp not in reviews:
            open_by_doc[doc_id] += 1

    def done(buckets: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{**b, "documents": sorted(b["documents"])} for b in buckets]

    rules = sorted(by_rule.values(), key=lambda b: (-b["error"], -b["warning"], -b["total"], b["rule"]))
    units = sorted(by_unit.values(), key=lambda b: (-b["error"], -b["warning"], -b["total"], b["unit"]))
    lowest = [{"document_id": doc_id, "unit": docs[doc_id].unit_name, "year": docs[doc_id].year,
               "kind": docs[doc_id].kind, "project": name, "stated_score": stated, "computed_score": computed}
              for doc_id, name, stated, computed in scored]
    pending = [{"document_id": d.id, "unit": d.unit_name, "year": d.year, "kind": d.kind,
                "document": d.path.rsplit("/", 1)[-1], "unreviewed": open_by_doc[d.id], "findings": all_by_doc[d.id]}
               for d in docs.values() if open_by_doc.get(d.id)]
    pending.sort(key=lambda p: (-open_by_doc[int(str(p["document_id"]))], int(str(p["document_id"]))))
    return {"by_rule": done(rules), "by_unit": done(units), "lowest_scores": lowest, "not_reviewed": pending,
            "documents": len(docs)}
