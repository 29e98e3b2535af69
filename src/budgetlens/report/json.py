"""The JSON report: the contract of ``budgetlens check --format json``."""

from __future__ import annotations

import json as _json

from budgetlens.check.findings import Report


def render_json(report: Report) -> str:
    return _json.dumps(report.to_dict(), ensure_ascii=False, indent=2)
