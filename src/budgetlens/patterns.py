"""The package's regular expressions: compiled on first use, and kept compiled between processes.

Compiling a pattern with a large character class (``[\\u4e00-\\u9fff]``) costs about a millisecond,
as the compiler's charset optimiser walks the range code point by code point; a cold command
compiles a few hundred patterns. :func:`compile_pattern` keeps what ``re._compiler.compile`` computes for a
pattern (final flags, code list, group count, group index both ways) in the cache folder
(:mod:`budgetlens.cache_folder`), and later processes rebuild the pattern from it with
``_sre.compile``, the call ``re._compiler.compile`` ends with.

Safety: the file is named by the interpreter (``sys.version``, ``_sre.MAGIC``, ``_sre.CODESIZE``,
the Unicode database, this format), its payload carries a digest of itself, and every entry carries
its pattern and flags. ``_sre.compile`` validates the code it is given. Any failure (missing
internals, a damaged or truncated file, an unwritable folder) means ``re.compile``. New entries
are written once per process, at exit, merged with what the file holds, through a temporary file
and a rename; the file holds at most :data:`MAX_ENTRIES` entries.
"""

from __future__ import annotations

import _thread
import atexit
import re
import sys
from array import array
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from budgetlens.cache_folder import blake2b

FORMAT = 1
# the versions whose re._compiler.compile ends as compute() + rebuild() do; others use re.compile
MIRRORED_VERSIONS = frozenset({(3, 11), (3, 12), (3, 13)})
MAX_ENTRIES = 4096
_DIGEST_SIZE = 16

# pattern, flags -> (final flags, code, groups - 1, groupindex, indexgroup): _sre.compile's arguments,
# the code as the bytes of an array of code words (marshal reads bytes ~10x faster than a list of ints)
Entry = tuple[int, bytes, int, dict[str, int], tuple[str | None, ...]]

_lock = _thread.allocate_lock()
_loaded: dict[tuple[str, int], Entry] | None = None
_new: dict[tuple[str, int], Entry] = {}
_compiled: dict[tuple[str, int], re.Pattern[str]] = {}
_exit_registered = False
_ready = False


def interpreter_key() -> str:
    """What the cache file is named by: another interpreter or format never reads it."""
    import _sre
    import unicodedata

    text = f"{FORMAT}\0{sys.version}\0{sys.implementation.name}\0{_sre.MAGIC}\0{_sre.CODESIZE}\0{unicodedata.unidata_version}"
    return blake2b(text.encode(), digest_size=12).hexdigest()


def cache_file() -> Path | None:
    """The cache file of this interpreter, or None when there is no cache folder (or the
    interpreter's compiler is not one this module mirrors)."""
    from budgetlens.cache_folder import usable_cache_dir

    if sys.implementation.name != "cpython" or sys.version_info[:2] not in MIRRORED_VERSIONS:
        return None
    folder = usable_cache_dir()
    return None if folder is None else folder / f"patterns-{interpreter_key()}.marshal"


def compute(pattern: str, flags: int = 0) -> Entry:
    """What ``re._compiler.compile`` passes to ``_sre.compile`` for ``pattern``, ``flags``."""
    import importlib

    _compiler: Any = importlib.import_module("re._compiler")
    _parser: Any = importlib.import_module("re._parser")
    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    words = array(_code_type(), code).tobytes()
    return int(flags | parsed.state.flags), words, parsed.state.groups - 1, groupindex, tuple(indexgroup)


def _code_type() -> str:
    """The array type of ``_sre``'s code words."""
    import _sre

    for typecode in "IL":
        if array(typecode).itemsize == _sre.CODESIZE:
            return typecode
    raise TypeError(f"no array type of {_sre.CODESIZE} bytes")


def code_list(entry: Entry) -> list[int]:
    """The entry's code as the list ``_sre.compile`` takes."""
    return array(_code_type(), entry[1]).tolist()


def rebuild(pattern: str, entry: Entry) -> re.Pattern[str]:
    """The compiled pattern from its entry (``_sre.compile`` validates the code)."""
    import _sre

    final_flags, _, groups, groupindex, indexgroup = entry
    compiled: re.Pattern[str] = _sre.compile(pattern, final_flags, code_list(entry), groups, groupindex, indexgroup)
    return compiled


def compile_pattern(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, through the cache between processes."""
    flags = int(flags)
    key = (pattern, flags)
    done = _compiled.get(key)
    if done is not None:
        return done
    compiled = _through_cache(pattern, flags)
    _compiled[key] = compiled
    return compiled


def _through_cache(pattern: str, flags: int) -> re.Pattern[str]:
    store = _store()
    if store is None or flags & re.DEBUG:
        return re.compile(pattern, flags)
    entry = store.get((pattern, flags))
    if entry is not None:
        try:
            return rebuild(pattern, entry)
        except (RuntimeError, TypeError, ValueError, ImportError):
            store.pop((pattern, flags), None)
    try:
        entry = compute(pattern, flags)
        compiled = rebuild(pattern, entry)
    except re.error:
        raise
    except Exception:  # the internals differ from what this module knows: the public way
        return re.compile(pattern, flags)
    _remember((pattern, flags), entry)
    return compiled


def _store() -> dict[tuple[str, int], Entry] | None:
    global _loaded, _ready
    if not _ready:
        with _lock:
            if not _ready:
                path = cache_file()
                _loaded = None if path is None else read_entries(path)
                _ready = True
    return _loaded


def forget() -> None:
    """Forget what this process loaded and compiled (the cache folder is read again on next use)."""
    global _loaded, _ready
    with _lock:
        _loaded, _ready = None, False
        _compiled.clear()
        _new.clear()


def read_entries(path: Path) -> dict[tuple[str, int], Entry]:
    """The entries a cache file holds; an absent, damaged or foreign file holds none."""
    import marshal

    try:
        data = path.read_bytes()
        digest, payload = data[:_DIGEST_SIZE], data[_DIGEST_SIZE:]
        if blake2b(payload, digest_size=_DIGEST_SIZE).digest() != digest:
            return {}
        key, rows = marshal.loads(payload)
        if key != interpreter_key() or not isinstance(rows, list):
            return {}
        entries: dict[tuple[str, int], Entry] = {}
        for pattern, flags, final_flags, code, groups, groupindex, indexgroup in rows:
            if (
                isinstance(pattern, str)
                and type(flags) is int
                and type(final_flags) is int
                and isinstance(code, bytes)
                and type(groups) is int
                and isinstance(groupindex, dict)
                and isinstance(indexgroup, tuple)
            ):
                entries[pattern, flags] = (final_flags, code, groups, groupindex, indexgroup)
        return entries
    except (OSError, ValueError, TypeError, EOFError):
        return {}


def write_entries(path: Path, entries: dict[tuple[str, int], Entry]) -> None:
    """Write ``entries`` merged with what ``path`` holds now, through a temporary file and a
    rename; this process's entries are kept first when there are more than :data:`MAX_ENTRIES`.
    Errors are ignored: a cache."""
    import marshal

    from budgetlens.cache_folder import write_atomically

    merged = dict(entries)
    for key, entry in read_entries(path).items():
        if len(merged) >= MAX_ENTRIES:
            break
        merged.setdefault(key, entry)
    rows = [(pattern, flags, *entry) for (pattern, flags), entry in list(merged.items())[:MAX_ENTRIES]]
    try:
        payload = marshal.dumps((interpreter_key(), rows))
    except ValueError:  # a value marshal cannot write: nothing kept
        return
    write_atomically(path, blake2b(payload, digest_size=_DIGEST_SIZE).digest() + payload)


def _remember(key: tuple[str, int], entry: Entry) -> None:
    global _exit_registered
    _new[key] = entry
    if _loaded is not None:
        _loaded[key] = entry
    if not _exit_registered:
        _exit_registered = True
        atexit.register(flush)


def flush() -> None:
    """Write the entries this process computed (done at exit)."""
    if not _new:
        return
    path = cache_file()
    if path is not None:
        write_entries(path, dict(_new))
    _new.clear()


_METHODS = ("match", "fullmatch", "search", "sub", "subn", "split", "findall", "finditer")


class LazyPattern:
    """``compile_pattern(pattern, flags)``, done when first used.

    From then on the compiled pattern's methods are the object's own attributes (they come before
    the class's methods), so a call costs what it costs on a compiled pattern."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags

    def compiled(self) -> re.Pattern[str]:
        compiled = compile_pattern(self.pattern, self.flags)
        vars(self).update((name, getattr(compiled, name)) for name in _METHODS)
        return compiled

    def match(self, string: str, pos: int = 0, endpos: int = 2**63 - 1) -> re.Match[str] | None:
        return self.compiled().match(string, pos, endpos)

    def fullmatch(self, string: str, pos: int = 0, endpos: int = 2**63 - 1) -> re.Match[str] | None:
        return self.compiled().fullmatch(string, pos, endpos)

    def search(self, string: str, pos: int = 0, endpos: int = 2**63 - 1) -> re.Match[str] | None:
        return self.compiled().search(string, pos, endpos)

    def sub(self, repl: Any, string: str, count: int = 0) -> str:
        return self.compiled().sub(repl, string, count)

    def subn(self, repl: Any, string: str, count: int = 0) -> tuple[str, int]:
        return self.compiled().subn(repl, string, count)

    def split(self, string: str, maxsplit: int = 0) -> list[Any]:
        return self.compiled().split(string, maxsplit)

    def findall(self, string: str, pos: int = 0, endpos: int = 2**63 - 1) -> list[Any]:
        return self.compiled().findall(string, pos, endpos)

    def finditer(self, string: str, pos: int = 0, endpos: int = 2**63 - 1) -> Iterator[re.Match[str]]:
        return self.compiled().finditer(string, pos, endpos)

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern!r})"


def lazy(pattern: str, flags: int = 0) -> LazyPattern:
    """A pattern compiled on first use, through the cache."""
    return LazyPattern(pattern, flags)
