"""Choose the profile that fits a document, and score a whole disclosure.

Candidates are every profile marked ``auto`` (the national ones) plus every regional profile whose
region words occur in the unit name, the title or the tables' 主管部门 / 实施单位 / 项目名称. Each
candidate recomputes the document's stated scores; the one under which most of them agree is the
unit's own practice and is chosen. Ties go to a regional profile whose region matched, then to
``national``. ``--profile`` overrides the choice.

Choosing only counts agreements (no formulas or totals); what the candidates share — the parsed
targets and actual values, the stated scores' intervals, the execution figures — is read once per
document (:class:`ScoringInputs`), and only the chosen profile's scores are built in full.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from budgetlens.i18n import msg
from budgetlens.model import Disclosure
from budgetlens.model.performance import PerformanceTable
from budgetlens.score.engine import Msg, ScoringInputs, TableScore, count_agreements, render_msg, score_table
from budgetlens.score.profile import DEFAULT_PROFILE, Profile, get_profile, load_profiles


@dataclass(slots=True)
class Fit:
    profile: str
    agreeing: int
    compared: int
    region_match: str | None = None  # the region word found, if any


@dataclass(slots=True)
class ProfileChoice:
    profile: Profile
    reason_msg: Msg  # why this profile, as a message (see budgetlens.i18n)
    fits: list[Fit] = field(default_factory=list)

    @property
    def reason(self) -> str:
        """Why this profile, in the current language."""
        return render_msg(self.reason_msg)


@dataclass(slots=True)
class DisclosureScore:
    choice: ProfileChoice
    tables: list[TableScore]

    @property
    def profile(self) -> Profile:
        return self.choice.profile


def _region_word(profile: Profile, texts: Sequence[str]) -> str | None:
    for word in profile.region_words:
        if any(word in t for t in texts):
            return word
    return None


def _fit(profile: Profile, tables: Sequence[PerformanceTable], inputs: ScoringInputs) -> tuple[int, int]:
    agreeing = compared = 0
    for table in tables:
        a, c = count_agreements(table, profile, inputs)
        agreeing += a
        compared += c
    return agreeing, compared


def choose_profile(
    tables: Sequence[PerformanceTable],
    *,
    unit_name: str = "",
    title: str = "",
    requested: str | None = None,
    inputs: ScoringInputs | None = None,
) -> ProfileChoice:
    """The profile to score ``tables`` under, with the reason in one sentence. ``inputs`` carries
    what was read from ``tables`` over to scoring them under the chosen profile."""
    if requested:
        return ProfileChoice(get_profile(requested), msg("score.reason.requested", profile=requested))
    texts = [unit_name, title]
    for t in tables:
        texts.extend(x for x in (t.name, t.department, t.implementer) if x)
    if inputs is None:
        inputs = ScoringInputs()
    evaluations = [t for t in tables if t.table_kind == "self_evaluation"]
    fits: list[Fit] = []
    for profile in load_profiles().values():
        region = _region_word(profile, texts)
        if not profile.auto and region is None:
            continue
        agreeing, compared = _fit(profile, evaluations, inputs)
        fits.append(Fit(profile.name, agreeing, compared, region))
    best = max(
        fits,
        key=lambda f: (f.agreeing, f.region_match is not None, f.profile == DEFAULT_PROFILE),
    )
    chosen = get_profile(best.profile)
    counts = [msg("score.reason.count", profile=f.profile, agreeing=f.agreeing, compared=f.compared) for f in fits]
    if best.compared == 0:
        why = (msg("score.reason.region_word", word=best.region_match) if best.region_match
               else msg("score.reason.default"))
        reason = msg("score.reason.no_scores", why=why)
    elif best.region_match:
        reason = msg("score.reason.region_and_most_agree", word=best.region_match, counts=counts)
    else:
        reason = msg("score.reason.most_agree", counts=counts)
    return ProfileChoice(chosen, reason, fits)


def score_disclosure(doc: Disclosure, profile: str | None = None) -> DisclosureScore:
    """Score every self-evaluation table of ``doc`` under ``profile`` or the one that fits."""
    tables = [t for t in doc.performance if t.table_kind == "self_evaluation"]
    inputs = ScoringInputs()  # this document's only: dropped when scoring returns
    choice = choose_profile(tables, unit_name=doc.unit.name, title=doc.title, requested=profile, inputs=inputs)
    return DisclosureScore(choice, [score_table(t, choice.profile, inputs=inputs) for t in tables])
