"""docs/library.md names only commands and options that exist."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from budgetlens.cli import app

DOC = Path(__file__).resolve().parents[2] / "docs" / "library.md"


def test_library_doc_commands_exist_with_their_options() -> None:
    text = DOC.read_text(encoding="utf-8")
    code = "\n".join(re.findall(r"```[a-z]*\n(.*?)```", text, flags=re.S))
    lines = re.findall(r"^(?:\$ )?budgetlens library (\w+)([^#\n]*)", code, flags=re.M)
    assert len({c for c, _ in lines}) == 8
    runner = CliRunner()
    for command, rest in lines:
        result = runner.invoke(app, ["library", command, "--help"])
        assert result.exit_code == 0, f"docs/library.md names `budgetlens library {command}`, which does not exist"
        for option in re.findall(r"(--[a-z][a-z-]*)", rest):
            assert option in result.stdout, f"docs/library.md: `budgetlens library {command}` has no option {option}"
