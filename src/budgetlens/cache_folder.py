"""The cache folder: what budgetlens keeps between processes instead of computing it again.

It holds the merged message catalogue (``i18n``), the parsed data files (``score.yaml_cache``)
and compiled regular expressions (``patterns``), each an exact copy of what a process would
compute, named by what it was computed from. ``$BUDGETLENS_CACHE_DIR`` names the folder (empty:
keep nothing), else it is the user's cache folder. A folder that is missing, unreadable or
unwritable, or no home folder at all, only means computing again.
"""

from __future__ import annotations

import os
from contextlib import suppress
from pathlib import Path

try:  # cache files are named by a digest of what they were made from
    from _blake2 import blake2b  # what hashlib gives, without importing OpenSSL's hashes (~3 ms)
except ImportError:  # pragma: no cover - an interpreter built without it
    from hashlib import blake2b

__all__ = ["CACHE_ENV_VAR", "blake2b", "cache_dir", "usable_cache_dir", "write_atomically"]

CACHE_ENV_VAR = "BUDGETLENS_CACHE_DIR"


def cache_dir() -> Path | None:
    """Where caches live: ``$BUDGETLENS_CACHE_DIR`` (empty: no cache), else the user's cache folder."""
    chosen = os.environ.get(CACHE_ENV_VAR)
    if chosen is not None:
        return Path(chosen) if chosen.strip() else None
    import platformdirs  # on first use: a command that keeps no cache does not import it

    return Path(platformdirs.user_cache_dir("budgetlens", appauthor=False))


def usable_cache_dir() -> Path | None:
    """:func:`cache_dir`, or None when there is no home folder to keep a cache in."""
    try:
        return cache_dir()
    except RuntimeError:  # Path.home() cannot tell
        return None


def write_atomically(path: Path, data: str | bytes, stale: str | None = None) -> None:
    """Write ``data`` (text as UTF-8) to ``path`` through a temporary file and a rename, so that a
    reader sees the old file or the whole new one; then remove the files beside it that match the
    glob ``stale`` (its older versions). Errors are ignored: a cache."""
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            tmp.write_text(data, encoding="utf-8")
        else:
            tmp.write_bytes(data)
        os.replace(tmp, path)
        for old in path.parent.glob(stale) if stale else ():
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        with suppress(OSError):
            tmp.unlink(missing_ok=True)
