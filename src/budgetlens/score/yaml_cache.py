"""The package's YAML data files (scoring profiles, classification years), parsed once and kept
between processes as JSON in the cache folder (``i18n.cache_dir``), named by a hash of the file's
name and contents.

Importing PyYAML and parsing the files cost a ``check`` process ~30 ms; reading the JSON ~1 ms.
Only data that JSON gives back exactly (strings, numbers, booleans, null, lists, mappings with
string keys) is kept; anything else, and a cache folder that is missing, unreadable or unwritable,
only means parsing the YAML as before.
"""

from __future__ import annotations

import json
import os
from contextlib import suppress
from hashlib import blake2b
from pathlib import Path
from typing import Any

_FORMAT = "1"  # a new value when what is kept changes shape


def load_yaml(name: str, text: str) -> Any:
    """The YAML ``text`` of the data file ``name`` (``classification-2024``), through the cache."""
    folder = _folder()
    if folder is None:
        return parse_yaml(text)
    digest = blake2b(f"{_FORMAT}\0{name}\0".encode(), digest_size=16)
    digest.update(text.encode("utf-8"))
    path = folder / f"data-{name}-{digest.hexdigest()}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass  # absent, being replaced, or not ours: parse
    data = parse_yaml(text)
    try:
        kept = json.dumps(data, ensure_ascii=False)
    except (TypeError, ValueError):  # a date, a non-string key: not kept
        return data
    if json.loads(kept) == data:
        _write_atomically(path, kept, f"data-{name}-{'?' * 32}.json")
    return data


def parse_yaml(text: str) -> Any:
    """Safe loading, with libyaml when PyYAML has it (~8x faster)."""
    import yaml

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _folder() -> Path | None:
    from budgetlens.i18n import cache_dir

    try:
        return cache_dir()
    except RuntimeError:  # no home folder to keep it in
        return None


def _write_atomically(path: Path, text: str, older: str) -> None:
    """Write through a temporary file and a rename (a reader sees the old file or the whole new
    one); the file's older versions beside it are removed. Errors are ignored: a cache."""
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
        for old in path.parent.glob(older):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        with suppress(OSError):
            tmp.unlink(missing_ok=True)
