"""A pattern compiled on first use answers as the compiled pattern does, whichever method is called
first, and the recognise modules compile no pattern when they are imported."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from budgetlens.recognize.lazy_pattern import LazyPattern, lazy

_PATTERN = r"(?P<num>\d+(?:\.\d+)?)(万元|元)|[（(]([一二三四五六七八九十]+)[）)]"
_TEXTS = ["", "合计120.5万元，其中（一）基本支出80元", "（三）项目支出 3元 4万元 5", "无数字"]


def _calls(p: re.Pattern[str] | LazyPattern, text: str) -> dict[str, object]:
    def spans(m: re.Match[str] | None) -> object:
        return None if m is None else (m.span(), m.groups())

    return {
        "match": spans(p.match(text)),
        "match_pos": spans(p.match(text, 2)),
        "fullmatch": spans(p.fullmatch(text)),
        "search": spans(p.search(text)),
        "search_range": spans(p.search(text, 1, 9)),
        "sub": p.sub("#", text),
        "sub_fn": p.sub(lambda m: m.group(0)[::-1], text, count=1),
        "subn": p.subn("#", text),
        "split": p.split(text),
        "split_max": p.split(text, maxsplit=1),
        "findall": p.findall(text),
        "finditer": [m.span() for m in p.finditer(text)],
    }


@pytest.mark.parametrize("first", ["match", "fullmatch", "search", "sub", "subn", "split", "findall", "finditer"])
def test_lazy_pattern_answers_as_compiled(first: str) -> None:
    compiled = re.compile(_PATTERN)
    p = lazy(_PATTERN)
    # the first call, by any method, compiles it
    args: tuple[object, ...] = ("#", _TEXTS[1]) if first in ("sub", "subn") else (_TEXTS[1],)
    first_answer = getattr(p, first)(*args)
    expected = getattr(compiled, first)(*args)
    if first == "finditer":
        assert [m.span() for m in first_answer] == [m.span() for m in expected]
    elif first in ("match", "fullmatch", "search"):
        assert (first_answer and first_answer.span()) == (expected and expected.span())
    else:
        assert first_answer == expected
    for text in _TEXTS:
        assert _calls(p, text) == _calls(compiled, text), text
    assert p.pattern == _PATTERN


def test_flags_are_kept() -> None:
    assert lazy(r"abc", re.IGNORECASE).search("xABCx") is not None
    assert lazy(r"abc").search("xABCx") is None


def test_importing_recognition_compiles_no_pattern() -> None:
    code = (
        "import re, sys\n"
        "seen = []\n"
        "plain = re._compile\n"
        "def counting(pattern, flags):\n"
        "    frame = sys._getframe(1)\n"
        "    while frame.f_globals.get('__name__', '').startswith('re'):\n"
        "        frame = frame.f_back\n"
        "    if frame.f_globals.get('__name__', '').startswith('budgetlens.recognize'):\n"
        "        seen.append(pattern)\n"
        "    return plain(pattern, flags)\n"
        "re._compile = counting\n"
        "import budgetlens.recognize as r\n"
        "r._steps()\n"
        "print(len(seen))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "0", out.stdout
