"""The JSON report: the contract of ``budgetlens check --format json``."""

from __future__ import annotations

import json as _json
from collections.abc import Iterable
from typing import Any

from budgetlens.check.findings import Report

_INDENT = "  "


def render_json(report: Report) -> str:
    return dumps_by_item(report.to_dict())


def dumps_by_item(data: dict[str, Any]) -> str:
    """``json.dumps(data, ensure_ascii=False, indent=2)``, written one list item at a time (one
    document, one finding): the encoder's pieces of a whole batch's report at once took more
    memory than the report itself."""
    members = [f"{_INDENT}{_dumps(key, 1)}: {_array(value, 1) if isinstance(value, list) else _dumps(value, 1)}"
               for key, value in data.items()]
    return "{\n" + ",\n".join(members) + "\n}" if members else "{}"


def _dumps(value: Any, depth: int) -> str:
    """A value as ``json.dumps(..., indent=2)`` writes it at ``depth`` (a string's newlines are
    escaped, so every newline is the layout's)."""
    return _json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + _INDENT * depth)


def _array(items: Iterable[Any], depth: int) -> str:
    inner = _INDENT * (depth + 1)
    parts = [inner + _dumps(item, depth + 1) for item in items]
    return "[\n" + ",\n".join(parts) + "\n" + _INDENT * depth + "]" if parts else "[]"
