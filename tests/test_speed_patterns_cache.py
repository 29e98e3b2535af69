"""Patterns kept compiled between processes (budgetlens.patterns) are the patterns ``re`` compiles:
the same code, flags and groups, the same matches; a damaged, truncated, foreign or unwritable
cache, or none, falls back to ``re.compile``; a process writes its new entries and the next reads
them; the check and score modules compile no pattern at import."""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import re
import subprocess
import sys
from array import array
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from budgetlens import patterns
from budgetlens.patterns import LazyPattern

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "tests" / "data" / "seeds").glob("*.txt"))
_COMPILER: Any = importlib.import_module("re._compiler")
_PARSER: Any = importlib.import_module("re._parser")


def _lazy_in(value: object, depth: int = 0) -> Iterator[LazyPattern]:
    if isinstance(value, LazyPattern):
        yield value
    elif depth < 2 and isinstance(value, dict):
        for item in value.values():
            yield from _lazy_in(item, depth + 1)
    elif depth < 2 and isinstance(value, list | tuple):
        for item in value:
            yield from _lazy_in(item, depth + 1)


def _package_patterns() -> list[tuple[str, int]]:
    found: dict[tuple[str, int], None] = {}
    names = ["budgetlens.figures"]
    for package in ("budgetlens.read", "budgetlens.recognize", "budgetlens.check", "budgetlens.score"):
        module = importlib.import_module(package)
        names += [package] + [info.name for info in pkgutil.walk_packages(module.__path__, package + ".")]
        for name in names:
            for value in list(vars(importlib.import_module(name)).values()):
                for lazy in _lazy_in(value):
                    found[lazy.pattern, int(lazy.flags)] = None
    return list(found)


PATTERNS = _package_patterns()
LINES = [line for seed in SEEDS for line in seed.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A cache folder of the test's own; this process forgets what it had loaded before and after."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("BUDGETLENS_CACHE_DIR", str(folder))
    patterns.forget()
    yield folder
    patterns.forget()


def _answers(compiled: re.Pattern[str], lines: list[str]) -> list[object]:
    return [[(m.span(), m.groups()) for m in compiled.finditer(line)] for line in lines]


def _cache_file() -> Path:
    path = patterns.cache_file()
    assert path is not None
    return path


def test_the_package_defines_its_patterns_lazily() -> None:
    assert len(PATTERNS) > 250  # read, recognise, check and score together


def test_every_package_pattern_rebuilt_from_the_cache_equals_a_fresh_compile(cache: Path) -> None:
    entries = {key: patterns.compute(*key) for key in PATTERNS}
    patterns.write_entries(_cache_file(), entries)
    stored = patterns.read_entries(_cache_file())
    assert stored.keys() == entries.keys()
    sample = LINES[::7]
    for (pattern, flags), entry in stored.items():
        parsed = _PARSER.parse(pattern, flags)
        assert patterns.code_list(entry) == list(_COMPILER._code(parsed, flags)), pattern
        fresh = re.compile(pattern, flags)
        rebuilt = patterns.rebuild(pattern, entry)
        assert (rebuilt.pattern, rebuilt.flags, rebuilt.groups, rebuilt.groupindex) == (
            fresh.pattern, fresh.flags, fresh.groups, fresh.groupindex), pattern
        assert _answers(rebuilt, sample) == _answers(fresh, sample), pattern


def test_compile_pattern_answers_as_re_on_all_seed_lines(cache: Path) -> None:
    chosen = PATTERNS[::5]
    for pattern, flags in chosen:
        assert _answers(patterns.compile_pattern(pattern, flags), LINES) == _answers(re.compile(pattern, flags), LINES)


_PROBE = r"(?P<num>\d+(?:\.\d+)?)\s*(万元|元)|[\u4e00-\u9fff]{2,4}(?=支出)"
_TEXT = ["基本支出 120.5万元，项目支出80元", "无", "一般公共预算财政拨款支出 3元"]


def _probe_answers() -> list[object]:
    return _answers(patterns.compile_pattern(_PROBE), _TEXT)


def _write_probe_cache() -> bytes:
    patterns.write_entries(_cache_file(), {(_PROBE, 0): patterns.compute(_PROBE)})
    patterns.forget()
    return _cache_file().read_bytes()


def test_a_good_cache_is_read(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write_probe_cache()

    def no_compute(pattern: str, flags: int = 0) -> patterns.Entry:
        raise AssertionError("compiled although cached")

    monkeypatch.setattr(patterns, "compute", no_compute)
    assert _probe_answers() == _answers(re.compile(_PROBE), _TEXT)


@pytest.mark.parametrize("damage", ["flipped", "truncated", "empty", "foreign", "not-marshal", "bad-code", "bad-row"])
def test_a_damaged_or_foreign_cache_falls_back(cache: Path, damage: str) -> None:
    import marshal
    from hashlib import blake2b

    data = _write_probe_cache()

    def signed(payload: bytes) -> bytes:
        return blake2b(payload, digest_size=16).digest() + payload

    key, rows = marshal.loads(data[16:])
    if damage == "flipped":
        data = data[:40] + bytes([data[40] ^ 0xFF]) + data[41:]
    elif damage == "truncated":
        data = data[: len(data) // 2]
    elif damage == "empty":
        data = b""
    elif damage == "foreign":
        data = signed(marshal.dumps(("another-interpreter", rows)))
    elif damage == "not-marshal":
        data = signed(b"\xff\x00not marshal")
    elif damage == "bad-code":  # valid structure, code _sre's validation rejects
        pattern, flags, final_flags, code, groups, groupindex, indexgroup = rows[0]
        bad = array("I", [999]).tobytes() + code[4:]
        data = signed(marshal.dumps((key, [(pattern, flags, final_flags, bad, groups, groupindex, indexgroup)])))
    elif damage == "bad-row":
        data = signed(marshal.dumps((key, [("x", "not flags", 0, [], 0, {}, ())])))
    _cache_file().write_bytes(data)
    assert _probe_answers() == _answers(re.compile(_PROBE), _TEXT)
    assert patterns.compile_pattern(_PROBE).groupindex == {"num": 1}


def test_missing_internals_fall_back(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(pattern: str, flags: int = 0) -> patterns.Entry:
        raise AttributeError("_code")

    monkeypatch.setattr(patterns, "compute", missing)
    assert _probe_answers() == _answers(re.compile(_PROBE), _TEXT)


def test_an_unwritable_cache_folder_falls_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("BUDGETLENS_CACHE_DIR", str(blocker / "cache"))
    patterns.forget()
    try:
        assert _probe_answers() == _answers(re.compile(_PROBE), _TEXT)
        patterns.flush()  # writes nothing, raises nothing
        assert not (blocker / "cache").exists()
    finally:
        patterns.forget()


def test_no_cache_folder_works(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BUDGETLENS_CACHE_DIR", "")
    patterns.forget()
    try:
        assert patterns.cache_file() is None
        assert _probe_answers() == _answers(re.compile(_PROBE), _TEXT)
    finally:
        patterns.forget()


def test_an_interpreter_not_mirrored_uses_re_compile(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(patterns, "MIRRORED_VERSIONS", frozenset())
    assert patterns.cache_file() is None
    assert _probe_answers() == _answers(re.compile(_PROBE), _TEXT)
    patterns.flush()
    assert not cache.exists()


def test_the_file_is_bounded(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(patterns, "MAX_ENTRIES", 5)
    patterns.write_entries(_cache_file(), {(f"a{i}", 0): patterns.compute(f"a{i}") for i in range(4)})
    patterns.write_entries(_cache_file(), {(f"b{i}", 0): patterns.compute(f"b{i}") for i in range(3)})
    kept = patterns.read_entries(_cache_file())
    assert len(kept) == 5
    assert {("b0", 0), ("b1", 0), ("b2", 0)} <= kept.keys()  # the writer's own come first


_CHILD = r"""
import json, re, sys
from budgetlens import patterns
computed = []
plain = patterns.compute
def counting(pattern, flags=0):
    computed.append(pattern)
    return plain(pattern, flags)
patterns.compute = counting
from budgetlens.check.api import check_files
report, code, problems = check_files([sys.argv[1]], fmt="json")
print(json.dumps({"computed": len(computed), "report": report}))
"""


def _run_child(folder: Path) -> dict[str, Any]:
    env = {**os.environ, "BUDGETLENS_CACHE_DIR": str(folder)}
    out = subprocess.run([sys.executable, "-c", _CHILD, str(SEEDS[0])], capture_output=True, text=True, env=env, check=True)
    answer: dict[str, Any] = json.loads(out.stdout)
    return answer


def test_a_process_writes_its_entries_and_the_next_reads_them(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    first = _run_child(folder)
    files = list(folder.glob("patterns-*.marshal"))
    assert len(files) == 1
    assert first["computed"] > 100
    assert len(patterns.read_entries(files[0])) == first["computed"]
    second = _run_child(folder)
    assert second["computed"] == 0
    assert second["report"] == first["report"]


def test_importing_check_and_score_compiles_no_pattern() -> None:
    # identities checks its declarations at import, which needs its two patterns; nothing else
    code = (
        "import re, sys\n"
        "seen = []\n"
        "def caller():\n"
        "    frame = sys._getframe(2)\n"
        "    while frame.f_globals.get('__name__', '') in ('re', 'budgetlens.patterns'):\n"
        "        frame = frame.f_back\n"
        "    return frame.f_globals.get('__name__', '')\n"
        "plain = re._compile\n"
        "def counting(pattern, flags):\n"
        "    seen.append(caller())\n"
        "    return plain(pattern, flags)\n"
        "re._compile = counting\n"
        "from budgetlens import patterns\n"
        "cached = patterns.compile_pattern\n"
        "def counting_cached(pattern, flags=0):\n"
        "    seen.append(caller())\n"
        "    return cached(pattern, flags)\n"
        "patterns.compile_pattern = counting_cached\n"
        "import pkgutil, importlib\n"
        "for package in ('budgetlens.check', 'budgetlens.score'):\n"
        "    module = importlib.import_module(package)\n"
        "    for info in pkgutil.walk_packages(module.__path__, package + '.'):\n"
        "        importlib.import_module(info.name)\n"
        "print(sorted({name for name in seen if name.startswith(('budgetlens.check', 'budgetlens.score'))}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == str(["budgetlens.check.identities"]), out.stdout
