"""Documentation that cannot drift: docs/cli.md is generated from the commands, and every
`budgetlens …` line in the README names a real command with real options."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

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


def test_cli_doc_is_current() -> None:
    assert (ROOT / "docs" / "cli.md").read_text(encoding="utf-8") == _generator().render(), (
        "docs/cli.md is stale: run python scripts/gen_cli_doc.py"
    )


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
