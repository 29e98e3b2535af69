"""Messages in two languages: Chinese (zh, the default) and English (en).

Every text a person reads is a message id with parameters, rendered when it is shown. The catalogue
is data: YAML files under ``budgetlens/data/i18n/``, one per rule module or area, each a mapping
``msg_id: {zh: "...", en: "..."}`` with ``{name}`` placeholders. All files are merged when the first
message is rendered; an id defined twice (in one file or across files) is an error.

Parameters are raw values and are formatted as the documents print them: a ``Decimal`` with
thousands separators and its own printed decimals (``1,535.81``), an ``int`` as it is (years, counts),
a list joined with ``、`` in Chinese and ``", "`` in English. The template carries the unit
(``{amount}万元``, ``{rate}%``). ``{key|fact}`` names a raw key through the catalogue's
``fact.<key>`` entry (an id ending in ``.*`` covers a family: ``fact.budget.function.*`` gets the
rest of the key as ``{rest}``); a value the catalogue does not name is shown as it is.
``{terms|terms}`` writes a list of terms that each carry their sign as one sum (a + b − c). A parameter may itself be a message (:func:`msg`), rendered in the
same language — a label such as a column's or a part's name.

The language: :func:`use_lang` / :func:`set_lang` for the current context, else the environment
variable ``BUDGETLENS_LANG``, else ``zh``.

The merged catalogue is kept between processes as JSON in the user's cache folder
(``$BUDGETLENS_CACHE_DIR``, empty for none; else ``$XDG_CACHE_HOME/budgetlens`` or
``~/.cache/budgetlens``), named by a hash of the files' names and contents: parsing the YAML costs a
command ~60 ms, reading the JSON ~1 ms. A missing, unreadable or unwritable cache only means parsing.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar, Token
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

from budgetlens.cache_folder import blake2b, usable_cache_dir, write_atomically

LANGS: tuple[str, ...] = ("zh", "en")
DEFAULT_LANG = "zh"
ENV_VAR = "BUDGETLENS_LANG"
CATALOGUE_DIR = Path(__file__).resolve().parent / "data" / "i18n"

_LANG: ContextVar[str | None] = ContextVar("budgetlens_lang", default=None)
_CATALOGUE: dict[str, dict[str, str]] | None = None
_ORIGIN: dict[str, str] = {}  # msg_id -> file it came from
# {name} or {name|kind}: a parameter, or a parameter named through the catalogue's ``<kind>.<value>``
# entries (``{key|fact}`` shows ``income.total`` as 收入总计, ``{column|column}`` ``total`` as 合计)
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)(?:\|([a-z_]+))?\}")


class CatalogueError(ValueError):
    """A catalogue file is malformed or defines an id twice."""


# ---- the language ------------------------------------------------------------------------------

def normalize_lang(lang: str | None) -> str | None:
    """``zh``, ``zh-CN``, ``zh_Hans`` → ``zh``; ``en``, ``en-US`` → ``en``; anything else → None."""
    if not lang:
        return None
    if lang in LANGS:  # as written: the usual case
        return lang
    base = re.split(r"[-_.;,\s]", lang.strip().lower(), maxsplit=1)[0]
    return base if base in LANGS else None


def current_lang() -> str:
    chosen = _LANG.get()
    if chosen:
        return chosen
    return normalize_lang(os.environ.get(ENV_VAR)) or DEFAULT_LANG


def set_lang(lang: str | None) -> str:
    """Set the language of the current context (None: back to the environment's default)."""
    if lang is None:
        _LANG.set(None)
        return current_lang()
    norm = normalize_lang(lang)
    if norm is None:
        raise ValueError(f"unknown language {lang!r}: use one of {', '.join(LANGS)}")
    _LANG.set(norm)
    return norm


def push_lang(lang: str | None) -> Token[str | None]:
    """Set the language (None: the environment's default) until :func:`pop_lang` with the token."""
    norm = normalize_lang(lang) if lang is not None else None
    if lang is not None and norm is None:
        raise ValueError(f"unknown language {lang!r}: use one of {', '.join(LANGS)}")
    return _LANG.set(norm)


def pop_lang(token: Token[str | None]) -> None:
    """Back to the language before :func:`push_lang`."""
    _LANG.reset(token)


@contextmanager
def use_lang(lang: str | None) -> Iterator[str]:
    """Render in ``lang`` inside the block (None keeps the current language)."""
    if lang is None:
        yield current_lang()
        return
    norm = normalize_lang(lang)
    if norm is None:
        raise ValueError(f"unknown language {lang!r}: use one of {', '.join(LANGS)}")
    token = _LANG.set(norm)
    try:
        yield norm
    finally:
        _LANG.reset(token)


# ---- the catalogue -----------------------------------------------------------------------------

def _yaml_loader() -> Any:
    """A YAML loader (libyaml's when PyYAML has it: the same safe constructors, ~8× faster) that
    refuses a key defined twice in one mapping. Imported only when a catalogue is parsed."""
    global _LOADER
    if _LOADER is None:
        import yaml

        base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        loader: Any = type("UniqueKeyLoader", (base,), {})

        def construct_mapping(loader: Any, node: Any, deep: bool = False) -> dict[Any, Any]:
            out: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = loader.construct_object(key_node, deep=deep)
                if key in out:
                    raise CatalogueError(f"{key!r} defined twice (line {key_node.start_mark.line + 1})")
                out[key] = loader.construct_object(value_node, deep=deep)
            return out

        loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)
        _LOADER = loader
    return _LOADER


_LOADER: Any = None


def _catalogue_files(directory: Path) -> list[tuple[str, str]]:
    """(name, text) of every ``*.yaml`` file of ``directory``, by name."""
    names = sorted(n for n in os.listdir(directory) if n.endswith(".yaml"))
    return [(n, (directory / n).read_text(encoding="utf-8")) for n in names]


def load_catalogue(directory: Path = CATALOGUE_DIR) -> tuple[dict[str, dict[str, str]], dict[str, str]]:
    """Read and merge every ``*.yaml`` file of ``directory``: (messages, origin file of each id)."""
    return _parse_catalogue(_catalogue_files(directory))


def _parse_catalogue(files: list[tuple[str, str]]) -> tuple[dict[str, dict[str, str]], dict[str, str]]:
    import yaml

    loader = _yaml_loader()
    messages: dict[str, dict[str, str]] = {}
    origin: dict[str, str] = {}
    for name, text in files:
        try:
            data = yaml.load(text, Loader=loader) or {}
        except (yaml.YAMLError, CatalogueError) as exc:
            raise CatalogueError(f"{name}: {exc}") from exc
        if not isinstance(data, dict):
            raise CatalogueError(f"{name}: not a mapping of message ids")
        for msg_id, entry in data.items():
            if not isinstance(msg_id, str) or not isinstance(entry, dict):
                raise CatalogueError(f"{name}: {msg_id!r} is not an id with a mapping of languages")
            if msg_id in messages:
                raise CatalogueError(f"message id {msg_id!r} defined in both {origin[msg_id]} and {name}")
            texts: dict[str, str] = {}
            for lang in LANGS:
                value = entry.get(lang)
                if not isinstance(value, str):
                    raise CatalogueError(f"{name}: {msg_id!r} has no {lang} text")
                texts[lang] = value
            extra = set(entry) - set(LANGS)
            if extra:
                raise CatalogueError(f"{name}: {msg_id!r} has unknown languages {sorted(extra)}")
            messages[msg_id] = texts
            origin[msg_id] = name
    return messages, origin


# ---- the catalogue kept between processes ------------------------------------------------------

_CACHE_FORMAT = "1"  # a new value when the cached JSON's shape changes


def _content_key(files: list[tuple[str, str]]) -> str:
    digest = blake2b(_CACHE_FORMAT.encode(), digest_size=16)
    for name, text in files:
        data = text.encode("utf-8")
        digest.update(f"\0{name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def cached_catalogue(directory: Path = CATALOGUE_DIR) -> tuple[dict[str, dict[str, str]], dict[str, str]]:
    """:func:`load_catalogue`, through the cache: the JSON of the same files' contents when there
    is one, else the YAML parsed and the JSON written for the next process."""
    files = _catalogue_files(directory)
    folder = usable_cache_dir()
    if folder is None:
        return _parse_catalogue(files)
    path = folder / f"i18n-{_content_key(files)}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        messages, origin_ = data["messages"], data["origin"]
        if isinstance(messages, dict) and isinstance(origin_, dict) and messages.keys() == origin_.keys():
            return messages, origin_
    except (OSError, ValueError, KeyError, TypeError):
        pass  # absent, being replaced, or not ours: parse
    messages, origin_ = _parse_catalogue(files)
    write_atomically(path, json.dumps({"messages": messages, "origin": origin_}, ensure_ascii=False), "i18n-*.json")
    return messages, origin_


def catalogue() -> dict[str, dict[str, str]]:
    """Every message, loaded once per process on first use."""
    global _CATALOGUE, _ORIGIN
    if _CATALOGUE is None:
        _CATALOGUE, _ORIGIN = cached_catalogue()
    return _CATALOGUE


def origin(msg_id: str) -> str | None:
    """The catalogue file that defines ``msg_id``."""
    catalogue()
    return _ORIGIN.get(msg_id)


def has(msg_id: str) -> bool:
    return msg_id in catalogue()


def placeholders(template: str) -> set[str]:
    return {m.group(1) for m in _PLACEHOLDER.finditer(template)}


def named(kind: str, value: Any, lang: str | None = None) -> str:
    """``value`` (a key, a column key, a code) by its name in the catalogue's ``<kind>.<value>``;
    a family ``<kind>.<prefix>.*`` names a key that starts with its prefix; else the value itself."""
    chosen = normalize_lang(lang) if lang else current_lang()
    chosen = chosen or DEFAULT_LANG
    if isinstance(value, (list, tuple)):
        return ("、" if chosen == "zh" else ", ").join(named(kind, v, chosen) for v in value)
    text = str(value)
    cat = catalogue()
    if f"{kind}.{text}" in cat:
        return t(f"{kind}.{text}", chosen)
    parts = text.split(".")
    for i in range(len(parts) - 1, 0, -1):
        family = f"{kind}.{'.'.join(parts[:i])}.*"
        if family in cat:
            return t(family, chosen, rest=".".join(parts[i:]))
    return format_value(value, chosen)


# ---- rendering ---------------------------------------------------------------------------------

def msg(msg_id: str, **params: Any) -> dict[str, Any]:
    """A message as a parameter of another message (rendered in the same language)."""
    return {"id": msg_id, "params": params} if params else {"id": msg_id}


def _is_msg(value: Any) -> bool:
    return isinstance(value, Mapping) and isinstance(value.get("id"), str) and set(value) <= {"id", "params"}


def format_decimal(value: Decimal) -> str:
    """As a document prints it: thousands separators, its own decimals (1,535.81; 0.10; -3)."""
    if not value.is_finite():
        return str(value)
    if value == 0:
        value = abs(value)  # no “-0.00”
    return format(value, ",f")


def format_value(value: Any, lang: str) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return t("common.yes" if value else "common.no", lang) if has("common.yes") else str(value)
    if isinstance(value, Decimal):
        return format_decimal(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return format_decimal(Decimal(repr(value)))
    if isinstance(value, Enum):
        return format_value(value.value, lang)
    if _is_msg(value):
        return t(value["id"], lang, **dict(value.get("params") or {}))
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value) if isinstance(value, (set, frozenset)) else list(value)
        return ("、" if lang == "zh" else ", ").join(format_value(v, lang) for v in items)
    return str(value)


def render(template: str, lang: str, params: Mapping[str, Any]) -> str:
    """Fill ``{name}`` placeholders; a placeholder without a parameter is left as it is written."""

    def fill(m: re.Match[str]) -> str:
        name, kind = m.group(1), m.group(2)
        if name not in params:
            return m.group(0)
        if kind == "terms":  # the terms of a sum, each carrying its sign: “a + b − c”
            return "".join(format_value(v, lang) for v in params[name]).strip().removeprefix("+ ").strip()
        return named(kind, params[name], lang) if kind else format_value(params[name], lang)

    return _PLACEHOLDER.sub(fill, template)


def t(msg_id: str, lang: str | None = None, **params: Any) -> str:
    """The message ``msg_id`` in ``lang`` (default: the current language) with its parameters.

    An id with no catalogue entry renders as itself (parameters filled where it has placeholders)."""
    chosen = normalize_lang(lang) if lang else current_lang()
    if chosen is None:
        raise ValueError(f"unknown language {lang!r}: use one of {', '.join(LANGS)}")
    entry = catalogue().get(msg_id)
    template = entry[chosen] if entry is not None else msg_id
    return render(template, chosen, params) if "{" in template else template


class Message(str):
    """A text that keeps its message id: the string itself is the English (what code, logs and
    stored records compare), :meth:`render` gives it in the reader's language. For texts made
    where the reader's language is not known yet — a parse warning is made once, shown later."""

    msg_id: str
    params: dict[str, Any]

    def __new__(cls, msg_id: str, **params: Any) -> Message:
        obj = super().__new__(cls, t(msg_id, "en", **params))
        obj.msg_id = msg_id
        obj.params = params
        return obj

    def render(self, lang: str | None = None) -> str:
        return t(self.msg_id, lang, **self.params)

    def __reduce__(self) -> tuple[Any, ...]:  # pickled by id and parameters (worker processes)
        return (_message, (self.msg_id, self.params))


def _message(msg_id: str, params: dict[str, Any]) -> Message:
    return Message(msg_id, **params)


def as_param(text: str) -> Any:
    """A text as a parameter of another message: a :class:`Message` by its id, so it is rendered
    in the same language; any other text as it is."""
    return msg(text.msg_id, **text.params) if isinstance(text, Message) else text


def localized(text: str, lang: str | None = None) -> str:
    """``text`` in the reader's language when it is a :class:`Message`, else as it is."""
    return text.render(lang) if isinstance(text, Message) else text


def t_or(msg_id: str, fallback: str, lang: str | None = None, **params: Any) -> str:
    """``t(msg_id)`` when the catalogue has it, else ``fallback``."""
    return t(msg_id, lang, **params) if has(msg_id) else fallback


def reset_catalogue() -> None:
    """Forget the loaded catalogue (tests that add files)."""
    global _CATALOGUE, _ORIGIN
    _CATALOGUE, _ORIGIN = None, {}
