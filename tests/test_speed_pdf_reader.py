"""The PDF reader's spelt-out tests against the regular expressions they replace."""

from __future__ import annotations

import re

from budgetlens.read import pdf_tables

CJK_PATTERN = re.compile(r"[\u4e00-\u9fff（）()]")


def test_is_cjk_equals_the_character_class_on_every_plane_zero_character() -> None:
    for code in range(0x10000):
        ch = chr(code)
        assert pdf_tables._is_cjk(ch) == bool(CJK_PATTERN.match(ch)), hex(code)
        assert pdf_tables._is_cjk(ch + "x") == bool(CJK_PATTERN.match(ch + "x")), hex(code)


def test_is_cjk_of_empty_and_longer_texts() -> None:
    for text in ["", "收入", "(一)", "）", "abc", "1收", " 收", "\u4dff", "\u9fff", "\ua000"]:
        assert pdf_tables._is_cjk(text) == bool(CJK_PATTERN.match(text)), text
