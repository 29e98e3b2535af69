"""The check stage: rules over the model, findings collected into a Report.

The names below are imported on first use (PEP 562), so that a command using one part of the
stage — the rule list, say — does not import the others (the engine, the model, the readers).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from budgetlens.check.api import check_files, list_rules, run_check
    from budgetlens.check.engine import check, check_documents
    from budgetlens.check.findings import Finding, FindingLocation, Report, Severity
    from budgetlens.check.registry import Rule, all_rules, select_rules

_HOME = {
    "check_files": "api", "list_rules": "api", "run_check": "api",
    "check": "engine", "check_documents": "engine",
    "Finding": "findings", "FindingLocation": "findings", "Report": "findings", "Severity": "findings",
    "Rule": "registry", "all_rules": "registry", "select_rules": "registry",
}

__all__ = [
    "Finding",
    "FindingLocation",
    "Report",
    "Rule",
    "Severity",
    "all_rules",
    "check",
    "check_documents",
    "check_files",
    "list_rules",
    "run_check",
    "select_rules",
]


def __getattr__(name: str) -> Any:
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
