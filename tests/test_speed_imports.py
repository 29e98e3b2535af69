"""Start-up: a command imports only what it needs, and what is imported late still behaves.

Each case runs in a fresh interpreter (a module imported by another test would hide the point).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "tests" / "data" / "seeds" / "002_57e93c320c776aff.txt"
FORMAT_PDF = ROOT / "tests" / "data" / "formats" / "002_57e93c320c776aff.pdf"

RUN = """
import contextlib, io, json, sys
from budgetlens.cli import main
sys.argv = ["budgetlens", *json.loads(sys.argv[1])]
out = io.StringIO()
with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
    try:
        main()
    except SystemExit:
        pass
print(json.dumps({"modules": sorted(sys.modules), "out": out.getvalue()}))
"""


def _run(*args: str, cache: Path | None = None) -> tuple[set[str], str]:
    env = {k: v for k, v in os.environ.items() if k != "BUDGETLENS_LANG"}
    if cache is not None:
        env["BUDGETLENS_CACHE_DIR"] = str(cache)
    proc = subprocess.run([sys.executable, "-c", RUN, json.dumps(args)], capture_output=True, text=True,
                          env=env, check=True, timeout=120)
    data = json.loads(proc.stdout.strip().splitlines()[-1])
    return set(data["modules"]), data["out"]


def test_rules_loads_no_rule_module_report_writer_pdf_stack_or_help_panels() -> None:
    modules, out = _run("rules", "--lang", "en")
    assert "BL" in out
    for heavy in ("pdfplumber", "pdfminer", "jinja2", "sqlalchemy", "typer.rich_utils",
                  "budgetlens.check.rules", "budgetlens.check.engine", "budgetlens.model", "budgetlens.score"):
        assert heavy not in modules, heavy


def test_with_the_catalogue_cached_no_yaml_is_parsed(tmp_path: Path) -> None:
    first, out = _run("rules", cache=tmp_path)
    assert "yaml" in first and "BL101" in out  # parsed once, and kept
    again, out_again = _run("rules", cache=tmp_path)
    assert "yaml" not in again and out_again == out


def test_json_check_of_a_text_file_loads_no_html_writer_or_pdf_stack() -> None:
    modules, out = _run("check", str(SEED), "--format", "json")
    assert json.loads(out)["documents"]
    for heavy in ("jinja2", "pdfplumber", "pdfminer", "sqlalchemy", "typer.rich_utils", "pydantic", "budgetlens.library.cli"):
        assert heavy not in modules, heavy


def test_pdf_check_loads_no_pdfplumber() -> None:
    modules, out = _run("check", str(FORMAT_PDF), "--format", "json")
    assert json.loads(out)["documents"]
    assert "pdfplumber" not in modules and "pdfminer" not in modules


def _fresh(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "BUDGETLENS_LANG"}
    return subprocess.run([sys.executable, "-m", "budgetlens.cli", *args], capture_output=True, text=True,
                          env=env, timeout=120)


def test_help_and_errors_are_drawn_in_the_language_without_rich_or_pydantic() -> None:
    modules, zh = _run("--help")
    assert "选项：" in zh and "命令：" in zh and "用法：" in zh
    for heavy in ("rich", "markdown_it", "pydantic", "typer.rich_utils", "budgetlens.library.cli"):
        assert heavy not in modules, heavy
    en = _fresh("--help", "--lang", "en").stdout
    assert "Options:" in en and "Commands:" in en and "Usage:" in en
    err = _fresh("check", "--no-such-option")
    assert err.returncode == 2
    assert "错误：没有选项--no-such-option。" in err.stderr and "check --help'查看帮助。" in err.stderr
    err_en = _fresh("check", "--no-such-option", "--lang", "en")
    assert err_en.returncode == 2
    assert "Error: No such option: --no-such-option" in err_en.stderr and "check --help' for help." in err_en.stderr
