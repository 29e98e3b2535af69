"""`budgetlens parse`: the JSON contract, text summary, debug view, exit codes and errors."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from budgetlens.cli import app

SEEDS = Path(__file__).parent / "data" / "seeds"
runner = CliRunner()


def test_parse_json_contract() -> None:
    result = runner.invoke(app, ["parse", str(SEEDS / "003_0b52c0e090209c00.txt"), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["kind"] == "final"
    assert data["year"] == 2024
    assert data["unit"]["name"] == "昌吉回族自治州政务服务和公共资源交易中心"
    assert data["facts"]["income.total"] == 1677.6
    assert isinstance(data["projects"], list)
    for project in data["projects"]:
        for key in ("name", "amount", "initial_budget", "annual_budget", "executed", "stated_score", "computed_score", "indicators"):
            assert key in project
    occurrence = data["fact_occurrences"][0]
    assert {"key", "value", "location", "evidence", "origin"} <= set(occurrence)
    assert occurrence["location"]["line"] >= 1


def test_parse_text_summary_and_debug() -> None:
    result = runner.invoke(app, ["parse", str(SEEDS / "000_b61820042bea01b0.txt")])
    assert result.exit_code == 0
    assert "昌吉回族自治州人民政府电子政务办公室 — 2024年决算" in result.stdout
    assert "income.total = 579.00" in result.stdout
    debug = runner.invoke(app, ["parse", str(SEEDS / "000_b61820042bea01b0.txt"), "--debug"])
    assert debug.exit_code == 0
    assert "== read: text" in debug.stdout and "== segment" in debug.stdout and "== facts" in debug.stdout


def test_parse_missing_file_is_exit_2_with_one_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["parse", str(tmp_path / "missing.txt"), "--lang", "en"])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [f"budgetlens: error: {tmp_path / 'missing.txt'}: no such file"]
    zh = runner.invoke(app, ["parse", str(tmp_path / "missing.txt")])  # Chinese by default
    assert zh.exit_code == 2
    assert zh.stderr.strip().splitlines() == [f"budgetlens：错误：{tmp_path / 'missing.txt'}：文件不存在"]


def test_parse_binary_file_is_exit_2(tmp_path: Path) -> None:
    f = tmp_path / "x.txt"
    f.write_bytes(bytes(range(256)) * 4)
    result = runner.invoke(app, ["parse", str(f)])
    assert result.exit_code == 2
    assert "binary" in result.stderr
    assert "Traceback" not in result.output


def test_output_file_written_atomically(tmp_path: Path) -> None:
    out = tmp_path / "d.json"
    result = runner.invoke(app, ["parse", str(SEEDS / "002_57e93c320c776aff.txt"), "-f", "json", "-o", str(out)])
    assert result.exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["kind"] == "budget"
    assert not list(tmp_path.glob("*.tmp"))


def test_not_a_disclosure_is_exit_2(tmp_path: Path) -> None:
    f = tmp_path / "poem.txt"
    f.write_text("床前明月光，疑是地上霜。\n举头望明月，低头思故乡。\n", encoding="utf-8")
    result = runner.invoke(app, ["parse", str(f), "-f", "json", "--lang", "en"])
    assert result.exit_code == 2
    assert "does not look like a budget or final-account disclosure" in result.stderr
    zh = runner.invoke(app, ["parse", str(f), "-f", "json"])
    assert zh.exit_code == 2 and "该文本不像预算或决算公开文件" in zh.stderr


def test_truncated_disclosure_gives_partial_model_with_warning(tmp_path: Path) -> None:
    text = (SEEDS / "000_b61820042bea01b0.txt").read_text(encoding="utf-8")
    cut = text.index("主要原因是：本年减少政府网站改版") + 30
    f = tmp_path / "cut.txt"
    f.write_text(text[:cut], encoding="utf-8")
    result = runner.invoke(app, ["parse", str(f), "-f", "json", "--lang", "en"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["facts"]["income.total"] == 579.0
    assert any("truncated" in w for w in data["warnings"])
