"""Generate the scoring page from the profiles themselves, in Chinese (docs/scoring.md) and English
(docs/scoring.en.md): ``python -m budgetlens.score.docs [--lang en] > docs/scoring[.en].md``.

Its words are catalogue entries (data/i18n/scoring_docs.yaml), its figures and rules the profiles'
(data/scoring/*.yaml). A test compares the committed pages with this output, so they cannot drift.
"""

from __future__ import annotations

import sys

from budgetlens.i18n import t, use_lang
from budgetlens.score.engine import fmt
from budgetlens.score.profile import ExecutionRule, Method, Profile, load_profiles
from budgetlens.score.render import method_label

PAGES = {"zh": "docs/scoring.md", "en": "docs/scoring.en.md"}


def _yes(flag: bool) -> str:
    return t("common.yes" if flag else "common.no")

def _ratio_formulas(m: Method | ExecutionRule, overshoot: str) -> list[str]:
    out: list[str] = []
    if isinstance(m, Method) and m.kind == "graded":
        return [t("score.docs.method_graded")]
    if isinstance(m, Method) and m.kind == "direct":
        return [t("score.docs.method_direct")]
    if overshoot == "deviation":
        out.append(t("score.docs.over_deviation"))
    else:
        out.append(t("score.docs.over_cap"))
    if m.shortfall == "linear_floor":
        out.append(t("score.docs.short_linear_floor", floor=fmt(m.floor), span=fmt(100 - m.floor)))
    else:
        out.append(t("score.docs.short_proportional"))
    return out


def _profile_section(p: Profile) -> str:
    lines = [f"## `{p.name}` — {p.title}", ""]
    if p.extends:
        lines += [t("score.docs.extends", parent=p.extends), ""]
    lines += [p.description, "", t("score.docs.basis", basis=p.basis or "—")]
    lines.append(t("score.docs.auto", yes=_yes(p.auto)))
    if p.region_words:
        lines.append(t("score.docs.region_words", words=list(p.region_words)))
    lines.append(t("score.docs.use_stated_rate", yes=_yes(p.use_stated_rate)))
    lines.append(t("score.docs.cost_as_spending", yes=_yes(p.cost_as_spending)))
    lines += ["", t("score.docs.execution_head"), ""]
    for level, rule in (("project", p.execution_project), ("unit", p.execution_unit)):
        if rule.shortfall == "linear_floor":
            f = t("score.docs.execution_linear_floor", floor=fmt(rule.floor), span=fmt(100 - rule.floor))
        else:
            f = t("score.docs.execution_proportional")
        rounding = t("score.docs.rounding_down" if rule.rounding == "down" else "score.docs.rounding_half_up")
        lines.append(t("score.docs.execution_line", level=t(f"score.docs.level_{level}"), formula=f,
                       rounding=rounding))
    lines += ["", t("score.docs.methods_head"), "", t("score.docs.methods_columns"), "|---|---|"]
    for m in p.methods.values():
        formulas = "<br>".join(_ratio_formulas(m, m.overshoot))
        if m.cost_as_spending is not None:
            formulas += "<br>" + t("score.docs.method_cost_as_spending", yes=_yes(m.cost_as_spending))
        lines.append(f"| `{m.name}`{t('score.docs.method_name', label=method_label(m.name))} | {formulas} |")
    lines += ["", t("score.docs.rules_columns"), "|---|---|"]
    for r in p.rules:
        lines.append(f"| {'、'.join(r.words)} | `{r.method}` |")
    lines.append(f"| {t('score.docs.rules_none')} | `{p.default_method}` |")
    lines += ["", t("score.docs.grades_head"), "", t("score.docs.grades_columns"), "|---|---|---|---|"]
    for g in p.grades:
        lines.append(f"| {g.name} | {'、'.join(g.words)} | {fmt(g.band[0])}–{fmt(g.band[1])} % | "
                     f"{fmt(g.nominal)} % |")
    if p.evidence:
        lines += ["", t("score.docs.evidence_head"), ""]
        lines += [f"- {e}" for e in p.evidence]
    lines.append("")
    return "\n".join(lines)


def render_markdown(lang: str = "zh") -> str:
    """The scoring page in ``lang``."""
    with use_lang(lang):
        sections = [t("score.docs.intro", page=PAGES[lang], lang_option="" if lang == "zh" else " --lang en")]
        sections += [_profile_section(p) for p in load_profiles().values()]
        sections.append(t("score.docs.seed_findings"))
    return "\n".join(sections)


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    lang = args[args.index("--lang") + 1] if "--lang" in args else "zh"
    sys.stdout.write(render_markdown(lang))


if __name__ == "__main__":
    main()
