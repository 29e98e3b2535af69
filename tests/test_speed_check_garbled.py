"""BL964 finds garbled characters with one pattern: it names every code point ``_garbled`` names."""

from __future__ import annotations

from budgetlens.check.rules.template import _GARBLED, _garbled


def test_the_pattern_is_the_definition_on_every_code_point() -> None:
    for cp in range(0x110000):
        ch = chr(cp)
        assert (_GARBLED.fullmatch(ch) is not None) == _garbled(ch), f"U+{cp:04X}"


def test_a_line_gives_the_same_characters_in_order() -> None:
    line = "预算\ue000收入\ufffd合计⺀\U000f0001 ⿕end\U0010fffd"
    assert _GARBLED.findall(line) == [ch for ch in line if _garbled(ch)]
