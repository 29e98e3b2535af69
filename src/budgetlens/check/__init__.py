"""The check stage: rules over the model, findings collected into a Report."""

from budgetlens.check.api import check_files, list_rules, run_check
from budgetlens.check.engine import check, check_documents
from budgetlens.check.findings import Finding, FindingLocation, Report, Severity
from budgetlens.check.registry import Rule, all_rules, select_rules

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
