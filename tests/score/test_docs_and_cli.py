"""docs/scoring.md (Chinese) and docs/scoring.en.md (English) are generated from the profiles and must
not be stale; the CLI and renderers work in both languages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from budgetlens.i18n import use_lang
from budgetlens.score import choose_profile, load_profiles, score_table
from budgetlens.score.docs import render_markdown
from budgetlens.score.render import render_text, to_dict
from budgetlens.score.select import DisclosureScore

from .seed_tables import seed_tables

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "tests" / "data" / "seeds"


@pytest.mark.parametrize(("lang", "page"), [("zh", "scoring.md"), ("en", "scoring.en.md")])
def test_docs_page_is_generated_from_the_profiles(lang: str, page: str) -> None:
    text = (ROOT / "docs" / page).read_text(encoding="utf-8")
    option = "" if lang == "zh" else " --lang en"
    assert text == render_markdown(lang), f"regenerate: python -m budgetlens.score.docs{option} > docs/{page}"
    for name, profile in load_profiles().items():
        with use_lang(lang):
            assert f"## `{name}` — {profile.title}" in text
            assert profile.description in text
    assert "{" not in text.replace("{zh", "").replace("{en", ""), "a placeholder left unfilled"


def test_chinese_page_speaks_chinese() -> None:
    zh, en = render_markdown("zh"), render_markdown("en")
    assert "如何比对自评得分" in zh and "How a stated score is compared" not in zh
    assert "full marks" not in zh and "weight ×" not in zh
    assert "How a stated score is compared" in en and "如何比对自评得分" not in en


def test_profiles_load_and_extend() -> None:
    profiles = load_profiles()
    assert next(iter(profiles)) == "national"
    assert profiles["national-deviation"].methods["proportional"].overshoot == "deviation"
    assert profiles["national-deviation"].methods["graded"].kind == "graded"  # inherited
    assert profiles["xinjiang"].execution_unit.rounding == "down"


def _result() -> DisclosureScore:
    tables = seed_tables()["000_b61820042bea01b0.txt"]
    choice = choose_profile(tables, unit_name=tables[0].name)
    return DisclosureScore(choice, [score_table(t, choice.profile) for t in tables])


def test_text_and_json_rendering() -> None:
    result = _result()
    with use_lang("en"):
        text = render_text(result, "000.txt")
    assert "profile xinjiang" in text and "5 × (1 − (111% − 100%)) = 4.45" in text
    with use_lang("zh"):
        text = render_text(result, "000.txt")
    assert "评分方案 xinjiang" in text and "5 × (1 − (111% − 100%)) = 4.45" in text
    assert "chosen because" not in text and "stated scores agree" not in text
    data = to_dict(result, "000.txt")
    json.dumps(data, ensure_ascii=False)
    assert data["profile"]["name"] == "xinjiang"
    assert data["summary"]["scores_agreeing"] == data["summary"]["scores_compared"] == 57
    row = data["tables"][1]["indicators"][3]
    assert (row["stated"], row["recomputed"], row["status"]) == (4.45, 4.45, "agree")


def _recognises_scores() -> bool:
    try:
        from budgetlens.read import read_source
        from budgetlens.recognize import recognize
    except ImportError:
        return False
    doc = recognize(read_source(SEEDS / "000_b61820042bea01b0.txt"))
    return any(i.stated_score is not None for t in doc.performance for i in t.indicators)


@pytest.mark.skipif(not _recognises_scores(), reason="recogniser does not yet read 绩效自评表 scores")
def test_cli_score_on_the_seeds() -> None:
    from budgetlens.cli import app

    runner = CliRunner()
    out = runner.invoke(app, ["score", str(SEEDS / "000_b61820042bea01b0.txt"), "--format", "json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert data["profile"]["name"] == "xinjiang"
    assert data["summary"]["scores_agreeing"] == data["summary"]["scores_compared"] == 57
    # under national the overshoot deductions are differences → exit 1
    out = runner.invoke(app, ["score", str(SEEDS / "000_b61820042bea01b0.txt"), "--profile", "national"])
    assert out.exit_code == 1
    assert "✗" in out.stdout
    out = runner.invoke(app, ["score", str(SEEDS / "000_b61820042bea01b0.txt"), "--profile", "nowhere"])
    assert out.exit_code == 2
    # Chinese by default, English with --lang en; the JSON differs only in its rendered words
    zh = runner.invoke(app, ["score", str(SEEDS / "000_b61820042bea01b0.txt")])
    en = runner.invoke(app, ["score", str(SEEDS / "000_b61820042bea01b0.txt"), "--lang", "en"])
    assert "评分方案 xinjiang" in zh.stdout and "选用理由" in zh.stdout and "chosen because" not in zh.stdout
    assert "profile xinjiang" in en.stdout and "chosen because" in en.stdout
    zh_json = json.loads(runner.invoke(app, ["score", str(SEEDS / "000_b61820042bea01b0.txt"), "-f", "json"]).stdout)
    en_json = json.loads(runner.invoke(app, ["score", str(SEEDS / "000_b61820042bea01b0.txt"), "-f", "json",
                                             "--lang", "en"]).stdout)
    assert zh_json["summary"] == en_json["summary"]
    assert zh_json["profile"]["reason"] != en_json["profile"]["reason"]
    rows = [(r["stated"], r["recomputed"], r["status"], r["method"]) for t in zh_json["tables"] for r in t["indicators"]]
    assert rows == [(r["stated"], r["recomputed"], r["status"], r["method"])
                    for t in en_json["tables"] for r in t["indicators"]]


@pytest.mark.skipif(not _recognises_scores(), reason="recogniser does not yet read 绩效自评表 scores")
@pytest.mark.parametrize(("seed", "agreeing", "compared"), [
    ("000_b61820042bea01b0.txt", 57, 57),
    ("003_0b52c0e090209c00.txt", 125, 126),
    ("004_33d4073ebed26414.txt", 51, 52),
])
def test_recognised_seed_tables_score_as_transcribed(seed: str, agreeing: int, compared: int) -> None:
    from budgetlens.read import read_source
    from budgetlens.recognize import recognize
    from budgetlens.score import score_disclosure

    result = score_disclosure(recognize(read_source(SEEDS / seed)))
    assert result.profile.name == "xinjiang"
    assert (sum(t.agreeing for t in result.tables), sum(t.compared for t in result.tables)) == (agreeing, compared)
