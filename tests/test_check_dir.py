"""`budgetlens check DIR|ZIP …`: folders searched recursively and zip archives opened safely, each
file read on its own, one bad file never stopping the others, progress on a terminal only."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from budgetlens.cli import app

SEEDS = Path(__file__).parent / "data" / "seeds"
FINAL = SEEDS / "000_b61820042bea01b0.txt"
BUDGET = SEEDS / "001_c42624e4ee949ba4.txt"
OTHER = SEEDS / "002_57e93c320c776aff.txt"

runner = CliRunner()


def check(*args: str, code: int) -> Any:
    result = runner.invoke(app, ["check", "--lang", "en", *args])  # the English messages are asserted
    assert result.exit_code == code, (result.stdout, result.stderr, result.exception)
    return result


def as_json(*args: str, code: int) -> tuple[dict[str, Any], list[str]]:
    result = check(*args, "--format", "json", code=code)
    return json.loads(result.stdout), result.stderr.splitlines()


def shape(report: dict[str, Any], paths: dict[Path, Path] | None = None) -> list[tuple[str, str, str, str]]:
    """The findings, with the files' paths in their text replaced by the originals' (``paths``)."""
    def named(text: str) -> str:
        for copy, original in (paths or {}).items():
            text = text.replace(str(copy), str(original))
        return text

    return sorted((f["document"], f["rule"], named(f["message"]), named(f["evidence"])) for f in report["findings"])


def test_a_folder_is_the_files_in_it(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "a" / "b").mkdir(parents=True)
    shutil.copyfile(FINAL, folder / "a" / FINAL.name)
    shutil.copyfile(BUDGET, folder / "a" / "b" / BUDGET.name)
    (folder / "a" / "notes.csv").write_text("x,y\n")  # not a disclosure format: not looked at
    direct, _ = as_json(str(FINAL), str(BUDGET), code=0)
    walked, problems = as_json(str(folder), code=0)
    assert problems == []
    assert sorted(d["path"] for d in walked["documents"]) == sorted([str(folder / "a" / FINAL.name),
                                                                     str(folder / "a" / "b" / BUDGET.name)])
    copies = {folder / "a" / FINAL.name: FINAL, folder / "a" / "b" / BUDGET.name: BUDGET}
    assert shape(walked, copies) == shape(direct)  # the pair is checked against each other as when named
    assert any(f["rule"].startswith("BL8") for f in walked["findings"])


def test_a_zip_archive_is_read_member_by_member(tmp_path: Path) -> None:
    archive = tmp_path / "batch.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(OTHER, f"2024/{OTHER.name}")
        zf.writestr("../../escape.txt", OTHER.read_text(encoding="utf-8"))  # zip-slip
        zf.writestr("/etc/absolute.txt", "x")
        link = zipfile.ZipInfo("link.txt")
        link.external_attr = 0o120777 << 16
        zf.writestr(link, "/etc/passwd")
    direct, _ = as_json(str(OTHER), code=1)
    report, problems = as_json(str(archive), code=2)
    member = f"{archive}!2024/{OTHER.name}"
    assert [d["path"] for d in report["documents"]] == [member]
    assert shape(report, {Path(member): OTHER}) == shape(direct)
    assert "budgetlens-member-" not in json.dumps(report, ensure_ascii=False)  # no temporary path shown
    assert len(problems) == 3
    assert any("escape.txt: member refused (zip-slip)" in p and "climbing out" in p for p in problems)
    assert any("absolute.txt: member refused (zip-slip)" in p and "absolute path" in p for p in problems)
    assert any("link.txt: member refused: it is a symbolic link" in p for p in problems)
    assert not (tmp_path.parent / "escape.txt").exists()


def test_member_names_written_in_gbk_are_read_as_written(tmp_path: Path) -> None:
    """Archives made on Chinese Windows name their members in GBK without the UTF-8 flag."""
    name = "2024年部门预算.txt"
    gbk = name.encode("gbk")
    placeholder = "x" * (len(gbk) - 4) + ".txt"
    archive = tmp_path / "windows.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(OTHER, placeholder)
    data = archive.read_bytes()
    assert data.count(placeholder.encode()) == 2  # the local header and the central directory
    archive.write_bytes(data.replace(placeholder.encode(), gbk))
    with zipfile.ZipFile(archive) as zf:
        assert zf.namelist() != [name]  # Python alone reads it as code page 437
    report, problems = as_json(str(archive), code=1)
    assert problems == []
    assert [d["path"] for d in report["documents"]] == [f"{archive}!{name}"]
    assert {f["document"] for f in report["findings"]} == {f"windows.zip!{name}"}  # its file name


def test_a_zip_bomb_is_refused_whole_and_the_rest_is_checked(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("big.txt", b"0" * (8 * 1024 * 1024))  # 8 MiB of one byte: a ratio of about 1000
        zf.write(OTHER, OTHER.name)
    report, problems = as_json(str(bomb), str(FINAL), code=2)
    assert [d["path"] for d in report["documents"]] == [str(FINAL)]
    assert len(problems) == 1 and "refused as a zip bomb" in problems[0] and "big.txt" in problems[0]


def test_one_bad_file_never_stops_the_run(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copyfile(OTHER, folder / OTHER.name)
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\n" + os.urandom(2000))
    (folder / "empty.docx").write_bytes(b"")
    (folder / "readme.txt").write_text("这是一个说明文件。\n", encoding="utf-8")
    (folder / "bad.zip").write_bytes(b"PK\x03\x04 not really a zip")
    os.symlink(folder, folder / "loop")
    report, problems = as_json(str(folder), code=2)
    assert [d["path"] for d in report["documents"]] == [str(folder / OTHER.name)]
    by_file = {p.split(": ")[2].split("/")[-1]: p for p in problems}
    assert set(by_file) == {"bad.zip", "broken.pdf", "empty.docx", "loop", "readme.txt"}, problems
    assert "not a readable zip archive" in by_file["bad.zip"]
    assert "symbolic link loop" in by_file["loop"]
    assert "does not look like a budget or final-account disclosure" in by_file["readme.txt"]
    assert "empty" in by_file["empty.docx"]
    assert all(p.startswith("budgetlens: error: ") for p in problems)


def test_a_crash_on_one_file_is_a_line_and_the_others_are_checked(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import budgetlens.recognize as recognize_module

    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copyfile(OTHER, folder / OTHER.name)
    shutil.copyfile(FINAL, folder / "crashes.txt")
    real = recognize_module.recognize

    def fragile(source: Any, *args: Any, **kwargs: Any) -> Any:
        if source.path.endswith("crashes.txt"):
            raise RuntimeError("a bug met on this file")
        return real(source, *args, **kwargs)

    monkeypatch.setattr(recognize_module, "recognize", fragile)
    report, problems = as_json(str(folder), code=2)
    assert [d["path"] for d in report["documents"]] == [str(folder / OTHER.name)]
    assert problems == [f"budgetlens: error: {folder / 'crashes.txt'}: budgetlens failed on it: "
                        "RuntimeError: a bug met on this file"]


def test_a_file_reached_twice_is_read_once(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    copy = folder / OTHER.name
    shutil.copyfile(OTHER, copy)
    os.symlink(copy, folder / "link.txt")  # the same file under another name
    direct, _ = as_json(str(copy), code=1)
    twice, problems = as_json(str(folder), str(copy), code=1)
    assert problems == [] and len(twice["documents"]) == 1
    assert shape(twice) == shape(direct)  # not checked against itself


def test_named_files_behave_as_before(tmp_path: Path) -> None:
    missing = check(str(tmp_path / "nope.pdf"), code=2)
    assert missing.stderr.strip() == f"budgetlens: error: {tmp_path / 'nope.pdf'}: no such file"
    plain = tmp_path / "plain.txt"
    plain.write_text("hello\n")
    named = check(str(plain), code=0)  # a file named by the user is checked whatever it looks like
    assert "BL101" in named.stdout
    empty = tmp_path / "empty"
    empty.mkdir()
    nothing = check(str(empty), code=2)
    assert "no PDF, DOCX, XLSX, HTML or text file found" in nothing.stderr


def test_progress_on_a_terminal_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copyfile(OTHER, folder / OTHER.name)
    quiet = check(str(folder), "--format", "json", code=1)
    assert quiet.stderr == ""
    monkeypatch.setenv("TTY_COMPATIBLE", "1")  # rich draws as on a terminal
    monkeypatch.setenv("COLUMNS", "200")
    drawn = check(str(folder), "--format", "json", code=1)
    assert "reading" in drawn.stderr and "1/1" in drawn.stderr
    assert json.loads(drawn.stdout)["documents"]  # the report itself is untouched


def test_check_does_not_load_the_database_stack() -> None:
    code = ("import sys; import budgetlens.library.inputs, budgetlens.library.collect; "
            "print('sqlalchemy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
