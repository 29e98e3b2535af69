"""The PDF reader's spelt-out tests against the regular expressions they replace, and its pause of
the cyclic garbage collector while it reads."""

from __future__ import annotations

import gc
import re
import threading
from pathlib import Path

import pytest

from budgetlens.errors import InputError
from budgetlens.read import pdf_tables
from budgetlens.read.pdf import read_pdf

CJK_PATTERN = re.compile(r"[\u4e00-\u9fff（）()]")


def test_is_cjk_equals_the_character_class_on_every_plane_zero_character() -> None:
    for code in range(0x10000):
        ch = chr(code)
        assert pdf_tables._is_cjk(ch) == bool(CJK_PATTERN.match(ch)), hex(code)
        assert pdf_tables._is_cjk(ch + "x") == bool(CJK_PATTERN.match(ch + "x")), hex(code)


def test_is_cjk_of_empty_and_longer_texts() -> None:
    for text in ["", "收入", "(一)", "）", "abc", "1收", " 收", "\u4dff", "\u9fff", "\ua000"]:
        assert pdf_tables._is_cjk(text) == bool(CJK_PATTERN.match(text)), text


def test_read_pdf_leaves_the_garbage_collector_as_it_found_it(tmp_path: Path) -> None:
    sample = sorted((Path(__file__).parent / "data" / "formats").glob("*.pdf"))[0]
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\nnot really a PDF")
    was = gc.isenabled()
    try:
        for enabled in (True, False):
            (gc.enable if enabled else gc.disable)()
            assert read_pdf(sample).blocks
            assert gc.isenabled() is enabled
            with pytest.raises(InputError):
                read_pdf(broken)
            assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_overlapping_reads_in_threads_leave_the_collector_on() -> None:
    """Two reads that overlap, the first ending first: the second found the collector paused by the
    first and must not leave it off when it ends."""
    from budgetlens.read.pdf import collector_paused

    was = gc.isenabled()
    gc.enable()
    try:
        first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()
        paused_while_both: list[bool] = []

        def first() -> None:
            with collector_paused():
                first_in.set()
                second_in.wait(5)
            first_out.set()

        def second() -> None:
            first_in.wait(5)
            with collector_paused():
                second_in.set()
                first_out.wait(5)
                paused_while_both.append(not gc.isenabled())

        threads = [threading.Thread(target=first), threading.Thread(target=second)]
        for th in threads:
            th.start()
        for th in threads:
            th.join(10)
        assert paused_while_both == [True]
        assert gc.isenabled()
    finally:
        (gc.enable if was else gc.disable)()
