"""Errors a user meets speak the user's language: Chinese by default, English with ``--lang en``.

The command line's mistake paths (the ones the CLI tests try: a missing or unreadable file, a
folder with nothing to read, an unknown rule, profile or language, click's own usage errors, an
output that cannot be written …) print one Chinese error with no English sentence; with ``--lang
en`` the same error in English. The readers' input errors, the performance-table parse warnings and
the corpus report in both languages."""

from __future__ import annotations

import pickle
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from budgetlens.cli import app
from budgetlens.errors import InputError
from budgetlens.i18n import Message, localized, use_lang
from budgetlens.model import Location, PerformanceTable
from budgetlens.read import read_source

SEEDS = Path(__file__).resolve().parent / "data" / "seeds"
SEED = SEEDS / "000_b61820042bea01b0.txt"
runner = CliRunner()
_HAN = re.compile(r"[\u4e00-\u9fff]")
# words that may stand in Chinese text: the program, its commands and options, formats, encodings
_ALLOWED = re.compile(
    r"(?:budgetlens|root)(?: (?:parse|check|score|render|rules|corpus|library))?(?: (?:list|show|findings))?|--?[a-z][a-z-]*|\b(?:OPTIONS|COMMAND|ARGS)\b"
    r"|PDF|DOCX|XLSX|HTML|UTF-\d+|GB18030|NUL|CRC|zip|Word|Excel|PowerPoint|OpenDocument|LibreOffice|OCR|MB"
)


def english_sentences(text: str, *names: str) -> list[str]:
    """Runs of two or more English words in ``text`` once file names and the allowed words are taken out."""
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(name, " ")
    text = re.sub(r"'[^'\n]*'|(?:/[^\s：（）'\"]+)+", " ", text)  # quoted values and names, paths
    text = _ALLOWED.sub(" ", re.sub(r"[│╭╮╰╯─]", " ", text))
    return re.findall(r"[A-Za-z]{2,}(?:[ ,:;.'()]+[A-Za-z]{2,})+", text)


def _files(tmp: Path) -> dict[str, Path]:
    binary = tmp / "binary.txt"
    binary.write_bytes(bytes(range(256)) * 4)
    poem = tmp / "poem.txt"
    poem.write_text("床前明月光，疑是地上霜。\n举头望明月，低头思故乡。\n", encoding="utf-8")
    empty_dir = tmp / "empty"
    empty_dir.mkdir()
    bundle = tmp / "bundle"
    bundle.mkdir()
    _zip(bundle / "a.zip", {"../../escape.txt": b"x", "/abs.txt": b"x"})
    return {"binary": binary, "poem": poem, "empty_dir": empty_dir, "missing": tmp / "missing.txt", "bundle": bundle}


# (arguments, a fragment of the English error); {name} is a file of _files
CASES: list[tuple[list[str], str]] = [
    (["parse", "{missing}"], "no such file"),
    (["parse", "{binary}"], "binary file, not text"),
    (["parse", "{poem}", "-f", "json"], "does not look like a budget or final-account disclosure"),
    (["check", "{missing}"], "no such file"),
    (["check", "{empty_dir}"], "no PDF, DOCX, XLSX, HTML or text file found"),
    (["check", str(SEED), "{binary}", "--format", "json"], "binary file, not text"),
    (["check", str(SEED), "--select", "nonsense"], "unknown rule or group: nonsense"),
    (["check", str(SEED), "{bundle}"], "member refused (zip-slip): its name is an absolute path"),
    (["rules", "--lang", "fr"], "is not one of"),
    (["score", str(SEED), "--profile", "nowhere"], "nowhere"),
    (["render", "{missing}", "--to", "html", "-o", "{empty_dir}/x.html"], "no such file"),
    (["render", str(SEED), "--to", "html", "-o", "{empty_dir}/no/x.html"], "cannot write output"),
    (["corpus", "{missing}"], "missing.txt"),
    (["corpus", str(SEED), "--jobs", "0"], "jobs"),
    (["parse"], "Missing argument"),
    (["parse", str(SEED), "--format", "bogus"], "is not one of"),
    (["parse", str(SEED), "--bogus"], "No such option"),
    (["bogus"], "No such command"),
    (["parse", str(SEED), "extra"], "unexpected extra argument"),
    (["parse", str(SEED), "--format"], "requires an argument"),
    (["corpus", "{empty_dir}", "--jobs", "many"], "valid integer"),
    (["render", str(SEED), "-o", "{empty_dir}/x.html"], "Missing option"),
    (["library", "list", "--db", "bogus"], "not a database URL"),
    (["library", "compare", str(SEED)], "compare needs two or more documents"),
    (["library", "review", "abcdef", "--verdict", "dismissed"], "needs a note"),
    (["library", "show", "42"], "no such document in the library"),
    (["library", "export", "{empty_dir}/no/x.xlsx"], "no such folder"),
]


@pytest.mark.parametrize(("args", "english"), CASES, ids=[" ".join(a) for a, _ in CASES])
def test_a_mistake_on_the_command_line_is_told_in_chinese_by_default(
        args: list[str], english: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BUDGETLENS_LANG", raising=False)
    monkeypatch.setenv("BUDGETLENS_HOME", str(tmp_path / "home"))  # the library's data directory
    files = _files(tmp_path)
    argv = [a.format(**files) for a in args]
    zh = runner.invoke(app, argv)
    assert zh.exit_code == 2, zh.output
    assert _HAN.search(zh.stderr), zh.stderr
    assert english_sentences(zh.stderr, str(tmp_path), str(SEED)) == [], zh.stderr
    assert "Traceback" not in zh.output
    en = runner.invoke(app, [argv[0], "--lang", "en", *argv[1:]] if "--lang" not in argv else argv)
    assert en.exit_code == 2, en.output
    if "--lang" not in argv:  # (an unknown language is refused before one is chosen)
        assert english in " ".join(en.stderr.split()), en.stderr
        assert not _HAN.search(en.stderr.replace(str(tmp_path), "")), en.stderr


def test_the_english_detector_finds_english() -> None:  # the test above can fail
    assert english_sentences("budgetlens：错误：x.txt：no such file", "x.txt") == ["no such file"]
    assert english_sentences("│ Missing argument 'file'. │") != []
    assert english_sentences("/srv/a b/x.txt：文件不存在；'zh', 'en'") == []
    assert english_sentences("budgetlens：错误：x.txt：文件不存在", "x.txt") == []


# ---- the readers' errors -----------------------------------------------------------------------

def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


READERS: dict[str, tuple[Callable[[Path], Path], str, str]] = {
    # name: (make the file, the English problem, the Chinese problem)
    "missing": (lambda d: d / "nope.pdf", "no such file", "文件不存在"),
    "directory": (lambda d: d, "is a directory, not a file", "这是文件夹，不是文件"),
    "empty": (lambda d: _write(d / "e.txt", b""), "the file is empty", "文件为空"),
    "binary": (lambda d: _write(d / "b.txt", b"\x00\x01binary\x00"), "binary file, not text (contains NUL bytes)",
               "这是二进制文件，不是文本（含NUL字节）"),
    "blank": (lambda d: _write(d / "w.txt", b"  \n\n"), "the file contains no text", "文件不含文字"),
    "legacy": (lambda d: _write(d / "old.doc", b"\xd0\xcf\x11\xe0" + b"\0" * 600),
               "legacy Word/Excel binary format (.doc/.xls) is not supported; save it as .docx/.xlsx",
               "不支持旧版Word/Excel二进制格式（.doc/.xls），请另存为.docx/.xlsx后再读取"),
    "plain zip": (lambda d: _zip(d / "a.zip", {"readme.txt": b"hello"}),
                  "a zip archive (1 members) that is neither a Word (.docx) nor an Excel (.xlsx) file",
                  "这是一个zip压缩包（含1个文件），既不是Word（.docx）文件，也不是Excel（.xlsx）文件"),
    "pptx": (lambda d: _zip(d / "s.zip", {"ppt/presentation.xml": b"<p/>"}),
             "a PowerPoint presentation (.pptx) is not a supported disclosure format",
             "PowerPoint演示文稿（.pptx）不是支持的公开文件格式"),
    "corrupt pdf": (lambda d: _write(d / "bad.pdf", b"%PDF-1.7\n" + b"garbage" * 100), "corrupt or unreadable PDF",
                    "PDF文件已损坏或无法读取"),
    "broken zip": (lambda d: _write(d / "b.xlsx", b"PK\x03\x04" + b"\x00" * 100), "corrupt zip container",
                   "zip压缩容器已损坏，无法打开"),
}


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("case", sorted(READERS))
def test_a_reader_error_is_one_line_in_either_language(case: str, tmp_path: Path) -> None:
    make, english, chinese = READERS[case]
    path = make(tmp_path)
    with pytest.raises(InputError) as caught:
        read_source(path)
    exc = caught.value
    assert exc.render("en").startswith(f"{path}: {english}")
    assert exc.render("zh").startswith(f"{path}：{chinese}")
    assert english_sentences(exc.render("zh"), str(path)) == []
    assert "\n" not in exc.render("zh") and "\n" not in exc.render("en")
    with use_lang("zh"):
        assert str(exc) == exc.message == exc.render("zh")
    with use_lang("en"):
        assert str(exc) == exc.message == exc.render("en")
    assert exc.args == (exc.render("en"),)  # what logs and stored records keep
    again = pickle.loads(pickle.dumps(exc))  # from a worker process
    assert again.render("zh") == exc.render("zh") and again.render("en") == exc.render("en")


def test_a_reader_error_says_where(tmp_path: Path) -> None:
    exc = InputError("a.pdf", Message("read.pdf_page_corrupt", detail="bad object"), Message("read.where.page", page=3))
    assert exc.render("en") == "a.pdf: corrupt PDF page (bad object) (page 3)"
    assert exc.render("zh") == "a.pdf：PDF页面已损坏（第3页）"
    member = exc.as_message(path="batch.zip!x.pdf")
    assert str(member) == "batch.zip!x.pdf: corrupt PDF page (bad object) (page 3)"
    assert localized(member, "zh") == "batch.zip!x.pdf：PDF页面已损坏（第3页）"


def test_an_os_error_is_named_in_the_readers_language(tmp_path: Path) -> None:
    from budgetlens.errors import os_reason

    reason = os_reason(PermissionError(13, "Permission denied"))
    assert reason.render("zh") == "没有读取权限" and str(reason) == "Permission denied"
    other = os_reason(OSError(28, "No space left on device"))
    assert str(other) == "No space left on device" and "ENOSPC" in other.render("zh")


# ---- parse warnings of the performance readers ---------------------------------------------------

def test_a_performance_part_left_unchecked_is_said_in_either_language() -> None:
    from budgetlens.recognize.performance import unsure

    table = PerformanceTable(table_kind="self_evaluation", level="project", title="项目支出绩效自评表",
                             location=Location(page=6, line=3))
    table.name = "某项目"
    unsure(table, "weights", Message("parse.perf.reason.row_without_name", where=[]))
    (warning,) = table.warnings
    assert " not checked: " in warning and "weights" in warning and "page 6, line 3" in warning  # the English
    zh = localized(warning, "zh")
    assert zh.startswith("绩效表“某项目”（第6页、第3行）：指标分值未核对")
    assert english_sentences(zh) == []


# ---- the corpus report -----------------------------------------------------------------------------

def test_the_corpus_report_in_either_language(tmp_path: Path) -> None:
    from budgetlens.corpus import render_markdown, render_text, survey

    (tmp_path / "e.txt").write_bytes(b"")
    (tmp_path / SEED.name).write_bytes(SEED.read_bytes())
    records = survey([tmp_path], jobs=1)
    zh, en = render_text(records, "zh"), render_text(records, "en")
    assert "e.txt：" in zh and "文件为空" in zh and "年决算" in zh and "收入总计" in zh
    assert "the file is empty" in en and "final 2024" in en and "income.total" in en
    assert english_sentences(zh, str(tmp_path), SEED.name) == []
    md = render_markdown(records, "zh")
    assert md.startswith("| 文件 | 类型 |") and "| 决算 |" in md
    assert render_markdown(records, "en").startswith("| file | kind |")
