"""Documentation that cannot drift: docs/cli.md is generated from the commands, and every
`budgetlens …` line in the README names a real command with real options."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from budgetlens.cli import app

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


def _generator() -> object:
    spec = importlib.util.spec_from_file_location("gen_cli_doc", ROOT / "scripts" / "gen_cli_doc.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(("lang", "name"), [("zh", "cli.md"), ("en", "cli.en.md")])
def test_cli_doc_is_current(lang: str, name: str) -> None:
    assert (ROOT / "docs" / name).read_text(encoding="utf-8") == _generator().render(lang), (
        f"docs/{name} is stale: run python scripts/gen_cli_doc.py"
    )


def test_cli_doc_speaks_its_language() -> None:
    zh = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    en = (ROOT / "docs" / "cli.en.md").read_text(encoding="utf-8")
    assert "审核文件中每一个可核对的数据" in zh and "Audit every checkable figure" not in zh
    assert "Audit every checkable figure" in en and "审核文件中每一个可核对的数据" not in en
    assert "`--lang`" in zh and "`--lang`" in en


def test_readme_commands_exist_with_their_options() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    code = "\n".join(re.findall(r"```[a-z]*\n(.*?)```", readme, flags=re.S))
    lines = re.findall(r"^budgetlens (\w+)([^#\n]*)", code, flags=re.M)
    assert lines, "the README shows no budgetlens command"
    for command, rest in lines:
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0, f"README names `budgetlens {command}`, which does not exist"
        for option in re.findall(r"(--[a-z][a-z-]*)", rest):
            assert option in result.stdout, f"README: `budgetlens {command}` has no option {option}"
