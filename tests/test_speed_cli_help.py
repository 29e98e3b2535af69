"""Help drawn as plain text (cli_help.py): every line fits the terminal as wide characters count, no
line starts with a closing mark, and nothing of the help texts is lost, in either language."""

from __future__ import annotations

import random
import re
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from budgetlens.cli import app
from budgetlens.cli_help import fill, units, width, wrap
from budgetlens.i18n import t, use_lang

runner = CliRunner()
_CLOSING = "，。、；：！？）」』】〉》”’"


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("seed", range(30))
def test_wrapped_lines_fit_and_keep_every_character(seed: int) -> None:
    rng = random.Random(seed)
    pieces = ["预算", "决算", "，", "。", "（", "）", "“", "”", "BL501", "docs/rules.md", "a word", "two words",
              "公开文件", "、", "；", "--select", "2024年"]
    text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 80)))
    columns = rng.randint(12, 60)
    lines = wrap(text, columns, "  ", "    ")
    for line in lines:
        body = line.strip()
        assert width(line) <= columns or len(units(body)) == 1, (line, columns)  # one unit may be too wide
        assert not body[:1] or body[0] not in _CLOSING or line == lines[0], (line, lines)
        assert not body or body[-1] not in "（「『【〈《“‘" or line == lines[-1], (line, lines)
    assert _squeeze("".join(lines)) == _squeeze(text)


def test_a_chinese_paragraph_breaks_between_characters_not_at_spaces_only() -> None:
    text = "读取、理解和审核中国政府部门预算、决算公开文件，核对每一个可核对的数据。"
    lines = wrap(text, 20)
    assert len(lines) > 2 and all(width(line) <= 20 for line in lines)
    assert "".join(lines) == text
    assert fill("第一段\n接着\n\nsecond\nparagraph", 40) == "第一段接着\n\nsecond paragraph"


def _commands() -> list[tuple[str, ...]]:
    root: Any = typer.main.get_command(app)
    ctx = root.make_context("budgetlens", ["--help"], resilient_parsing=True)
    paths: list[tuple[str, ...]] = [()]
    for name in root.list_commands(ctx):
        paths.append((name,))
        sub = root.get_command(ctx, name)
        if hasattr(sub, "list_commands"):
            sub_ctx = sub.make_context(name, ["--help"], resilient_parsing=True)
            paths += [(name, n) for n in sub.list_commands(sub_ctx)]
    return paths


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("path", _commands(), ids=lambda p: " ".join(p) or "root")
def test_help_fits_the_terminal_and_shows_every_text(lang: str, path: tuple[str, ...],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BUDGETLENS_LANG", raising=False)
    result = runner.invoke(app, [*path, "--help", "--lang", lang], terminal_width=80)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert all(width(line) <= 80 for line in out.splitlines()), out
    with use_lang(lang):
        words = [t("cli.help.options"), t("cli.usage").strip()]
    for word in words:
        assert word in out
    assert lang == "en" or re.search(r"[\u4e00-\u9fff]", out), out
    key = ".".join(("cli", *path))
    with use_lang(lang):
        text = t(f"{key}.help") if path else ""
    if text:  # the command's own help, whole (the list of a group shortens its commands' texts)
        assert _squeeze(text.split("\n\n")[0]) in _squeeze(out)
