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
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar, Token
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

import yaml

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

# libyaml's parser when PyYAML has it (the same safe constructors; the catalogue loads ~8× faster,
# which every command that renders a message pays once per process)
_SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _UniqueKeyLoader(_SafeLoader):
    """A YAML loader that refuses a key defined twice in one mapping."""


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    out: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in out:
            raise CatalogueError(f"{key!r} defined twice (line {key_node.start_mark.line + 1})")
        out[key] = loader.construct_object(value_node, deep=deep)
    return out


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_catalogue(directory: Path = CATALOGUE_DIR) -> tuple[dict[str, dict[str, str]], dict[str, str]]:
    """Read and merge every ``*.yaml`` file of ``directory``: (messages, origin file of each id)."""
    messages: dict[str, dict[str, str]] = {}
    origin: dict[str, str] = {}
    for path in sorted(directory.glob("*.yaml")):
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader) or {}
        except (yaml.YAMLError, CatalogueError) as exc:
            raise CatalogueError(f"{path.name}: {exc}") from exc
        if not isinstance(data, dict):
            raise CatalogueError(f"{path.name}: not a mapping of message ids")
        for msg_id, entry in data.items():
            if not isinstance(msg_id, str) or not isinstance(entry, dict):
                raise CatalogueError(f"{path.name}: {msg_id!r} is not an id with a mapping of languages")
            if msg_id in messages:
                raise CatalogueError(f"message id {msg_id!r} defined in both {origin[msg_id]} and {path.name}")
            texts: dict[str, str] = {}
            for lang in LANGS:
                text = entry.get(lang)
                if not isinstance(text, str):
                    raise CatalogueError(f"{path.name}: {msg_id!r} has no {lang} text")
                texts[lang] = text
            extra = set(entry) - set(LANGS)
            if extra:
                raise CatalogueError(f"{path.name}: {msg_id!r} has unknown languages {sorted(extra)}")
            messages[msg_id] = texts
            origin[msg_id] = path.name
    return messages, origin


def catalogue() -> dict[str, dict[str, str]]:
    """Every message, loaded once per process on first use."""
    global _CATALOGUE, _ORIGIN
    if _CATALOGUE is None:
        _CATALOGUE, _ORIGIN = load_catalogue()
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
    return render(template, chosen, params)


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
