"""The command line speaks Chinese by default and English on request; the JSON of the two
languages differs only in the rendered text fields."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from budgetlens.cli import app

SEED = Path(__file__).resolve().parent / "data" / "seeds" / "000_b61820042bea01b0.txt"
runner = CliRunner()
_HAN = re.compile(r"[\u4e00-\u9fff]")

# fields rendered in the reader's language; everything else (ids, params, figures, locations) is data
RENDERED = {"message", "title", "profile_reason", "warnings"}


def _differences(a: Any, b: Any, path: str = "") -> list[str]:
    if isinstance(a, dict) and isinstance(b, dict):
        if set(a) != set(b):
            return [f"{path}: keys {sorted(set(a) ^ set(b))}"]
        return [d for k in a for d in _differences(a[k], b[k], f"{path}.{k}")]
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return [f"{path}: {len(a)} vs {len(b)} items"]
        return [d for i, (x, y) in enumerate(zip(a, b, strict=True)) for d in _differences(x, y, f"{path}[{i}]")]
    return [] if a == b else [path]


def test_check_prints_chinese_by_default_and_english_on_request(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BUDGETLENS_LANG", raising=False)
    zh = runner.invoke(app, ["check", str(SEED)])
    en = runner.invoke(app, ["check", str(SEED), "--lang", "en"])
    assert zh.exit_code == en.exit_code
    assert "份文件，发现问题" in zh.stdout and "findings in" not in zh.stdout
    assert "findings in 1 document(s)" in en.stdout and "份文件，发现问题" not in en.stdout
    # the environment sets the default; --lang wins over it
    env_en = runner.invoke(app, ["check", str(SEED)], env={"BUDGETLENS_LANG": "en"})
    assert env_en.stdout == en.stdout
    back = runner.invoke(app, ["check", str(SEED), "--lang", "zh"], env={"BUDGETLENS_LANG": "en"})
    assert back.stdout == zh.stdout


def test_json_of_both_languages_differs_only_in_rendered_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BUDGETLENS_LANG", raising=False)
    zh = json.loads(runner.invoke(app, ["check", str(SEED), "-f", "json"]).stdout)
    en = json.loads(runner.invoke(app, ["check", str(SEED), "-f", "json", "--lang", "en"]).stdout)
    assert zh["findings"], "the seed should give findings to compare"
    diffs = _differences(zh, en)
    assert diffs, "the two languages render the same text"
    assert all(re.sub(r"\[\d+\]$", "", d.rsplit(".", 1)[-1]) in RENDERED for d in diffs), diffs
    assert "本文件中没有标准表格" in zh["documents"][0]["warnings"][0]  # a parse warning in the reader's language
    assert "no standard table is in this file" in en["documents"][0]["warnings"][0]
    for f_zh, f_en in zip(zh["findings"], en["findings"], strict=True):
        assert f_zh["message_id"] == f_en["message_id"] and f_zh["params"] == f_en["params"]
        assert _HAN.search(f_zh["message"])
        for key in ("rule", "severity", "document", "location", "expected", "actual", "evidence", "group"):
            assert key in f_zh  # the contract's keys stay


def test_help_in_both_languages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BUDGETLENS_LANG", raising=False)
    zh = runner.invoke(app, ["check", "--help"])
    en = runner.invoke(app, ["check", "--help", "--lang", "en"])
    assert zh.exit_code == en.exit_code == 0
    assert "审核文件中每一个可核对的数据" in zh.stdout and "--lang" in zh.stdout
    assert "Audit every checkable figure" in en.stdout and "审核" not in en.stdout
    rules_en = runner.invoke(app, ["rules", "--lang=en"])
    assert "Two tables' total rows disagree" in rules_en.stdout
    assert "两张表的合计数不一致" in runner.invoke(app, ["rules"]).stdout


def test_unknown_language_is_refused() -> None:
    result = runner.invoke(app, ["rules", "--lang", "fr"])
    assert result.exit_code == 2


def test_parse_summary_in_both_languages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BUDGETLENS_LANG", raising=False)
    zh = runner.invoke(app, ["parse", str(SEED)])
    en = runner.invoke(app, ["parse", str(SEED), "--lang", "en"])
    assert zh.exit_code == en.exit_code == 0
    assert "年决算" in zh.stdout.splitlines()[0] and "绩效表：" in zh.stdout and "[绩效自评表/项目]" in zh.stdout
    assert "final account (决算)" in en.stdout.splitlines()[0] and "performance tables:" in en.stdout
    assert "performance tables:" not in zh.stdout


def test_a_command_leaves_the_callers_language_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    from budgetlens.i18n import current_lang

    monkeypatch.delenv("BUDGETLENS_LANG", raising=False)
    runner.invoke(app, ["rules", "--lang", "en"])
    assert current_lang() == "zh"
    runner.invoke(app, ["rules", "--lang", "nonsense"])
    assert current_lang() == "zh"


def test_every_command_and_option_has_chinese_help() -> None:
    """A command or parameter added with English help only fails here: add cli.<command>.<parameter>
    (zh; en left empty, the code's help is the English) to data/i18n/cli.yaml."""
    import typer

    from budgetlens.i18n import has, t

    missing: list[str] = []
    _walked: list[str] = []

    def walk(cmd: Any, path: tuple[str, ...]) -> None:
        key = ".".join(("cli", *path))
        _walked.append(key)
        if (cmd.help or "").strip() and not (has(f"{key}.help") and t(f"{key}.help", "zh").strip()):
            missing.append(f"{key}.help")
        for p in cmd.params:
            if (p.help or "").strip() and p.name != "lang" and not (has(f"{key}.{p.name}") and t(f"{key}.{p.name}", "zh").strip()):
                missing.append(f"{key}.{p.name}")
        if hasattr(cmd, "list_commands"):  # a group, with the groups it makes when first used
            ctx = cmd.make_context(cmd.name or "budgetlens", ["--help"], resilient_parsing=True)
            for name in cmd.list_commands(ctx):
                walk(cmd.get_command(ctx, name), (*path, name))

    walk(typer.main.get_command(app), ())
    assert not missing, f"no Chinese help for {missing}"
    assert any(m.startswith("cli.library.") for m in _walked), "the library's commands were not looked at"
