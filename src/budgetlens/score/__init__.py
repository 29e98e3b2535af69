"""Performance scoring: recompute 绩效自评表 scores under a named profile (see docs/scoring.md)."""

from __future__ import annotations

from budgetlens.score.engine import (
    AGREE,
    DIFFER,
    NO_STATED,
    UNSCORED,
    ExecutionScore,
    IndicatorScore,
    TableScore,
    render_msg,
    score_execution,
    score_indicator,
    score_table,
)
from budgetlens.score.profile import (
    DEFAULT_PROFILE,
    Profile,
    UnknownProfileError,
    get_profile,
    load_profiles,
)
from budgetlens.score.select import DisclosureScore, ProfileChoice, choose_profile, score_disclosure

__all__ = [
    "AGREE",
    "DEFAULT_PROFILE",
    "DIFFER",
    "NO_STATED",
    "UNSCORED",
    "DisclosureScore",
    "ExecutionScore",
    "IndicatorScore",
    "Profile",
    "ProfileChoice",
    "TableScore",
    "UnknownProfileError",
    "choose_profile",
    "get_profile",
    "load_profiles",
    "render_msg",
    "score_disclosure",
    "score_execution",
    "score_indicator",
    "score_table",
]
