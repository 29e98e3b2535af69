"""The package's YAML data files (scoring profiles, classification years), parsed once and kept
between processes as JSON in the cache folder (``cache_folder``), named by a hash of the file's
name and contents.

Importing PyYAML and parsing the files cost a ``check`` process ~30 ms; reading the JSON ~1 ms.
Only data that JSON gives back exactly (strings, numbers, booleans, null, lists, mappings with
string keys) is kept; anything else, and a cache folder that is missing, unreadable or unwritable,
only means parsing the YAML as before.
"""

from __future__ import annotations

import json
from typing import Any

from budgetlens.cache_folder import blake2b, usable_cache_dir, write_atomically

_FORMAT = "1"  # a new value when what is kept changes shape


def load_yaml(name: str, text: str) -> Any:
    """The YAML ``text`` of the data file ``name`` (``classification-2024``), through the cache."""
    folder = usable_cache_dir()
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
        write_atomically(path, kept, f"data-{name}-{'?' * 32}.json")
    return data


def parse_yaml(text: str) -> Any:
    """Safe loading, with libyaml when PyYAML has it (~8x faster)."""
    import yaml

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
