"""Help drawn as plain text in the reader's language.

typer draws help in rich panels, and importing rich and markdown-it for them cost ``--help`` ~80 ms;
the command line uses click's plain layout instead (``rich_markup_mode=None``), with

- :class:`WideFormatter`: lines wrapped by their width on a terminal — a Chinese character takes two
  columns, and a line may break between two of them, but not before a closing mark (，。）…) nor
  after an opening one (（“…);
- :func:`install_words`: the words typer writes through gettext (Options, Commands, default: …,
  required, Aborted!) from the catalogue (``cli.help.*``), in the language current when written.
"""

from __future__ import annotations

import re
from typing import Any

from typer._click.core import Context
from typer._click.formatting import HelpFormatter

from budgetlens.i18n import t

# characters two columns wide on a terminal (East Asian Wide and Fullwidth): Hangul Jamo, CJK marks,
# kana, ideographs, Yi, Hangul, compatibility ideographs, vertical and small forms, fullwidth forms
_WIDE_RANGES = ((0x1100, 0x115F), (0x2E80, 0x303E), (0x3041, 0x33FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF),
                (0xA000, 0xA4CF), (0xAC00, 0xD7A3), (0xF900, 0xFAFF), (0xFE30, 0xFE4F), (0xFF00, 0xFF60),
                (0xFFE0, 0xFFE6), (0x20000, 0x3FFFD))
_CLOSING = frozenset("，。、；：！？）」』】〉》”’")
_OPENING = frozenset("（「『【〈《“‘")


# typer's gettext words -> catalogue ids
_WORDS = {
    "Arguments": "cli.help.arguments",
    "Options": "cli.help.options",
    "Commands": "cli.help.commands",
    "required": "cli.help.required",
    "default: {default}": "cli.help.default",
    "env var: {var}": "cli.help.env_var",
    "(dynamic)": "cli.help.dynamic",
    "Aborted!": "cli.help.aborted",
}


def is_wide(char: str) -> bool:
    code = ord(char)
    return code >= 0x1100 and any(low <= code <= high for low, high in _WIDE_RANGES)


def width(text: str) -> int:
    """Columns ``text`` takes on a terminal."""
    return len(text) + sum(1 for c in text if is_wide(c))


def units(text: str) -> list[str]:
    """``text`` cut where a line may break: spaces; a run of narrow characters (a word, an option, a
    path) or one wide character, each with the opening marks before it and the closing marks after it."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        j = i
        if text[i].isspace():
            while j < n and text[j].isspace():
                j += 1
        else:
            while j < n and text[j] in _OPENING:
                j += 1
            if j < n and not text[j].isspace() and text[j] not in _CLOSING:
                if is_wide(text[j]):
                    j += 1
                else:
                    while j < n and not (text[j].isspace() or is_wide(text[j]) or text[j] in _OPENING
                                         or text[j] in _CLOSING):
                        j += 1
            while j < n and text[j] in _CLOSING:
                j += 1
        out.append(text[i:j])
        i = j
    return out


def wrap(text: str, columns: int, first: str = "", rest: str = "") -> list[str]:
    """One paragraph in lines of at most ``columns`` (a word longer than a line stays whole), the
    first line starting with ``first``, the others with ``rest``."""
    lines: list[str] = []
    line, used, empty, space = first, width(first), True, False
    for unit in units(text):
        if unit.isspace():
            space = True
            continue
        need = width(unit) + (1 if space and not empty else 0)
        if not empty and used + need > columns:
            lines.append(line)
            line, used, empty = rest, width(rest), True
            need = width(unit)
        line += (" " if space and not empty else "") + unit
        used += need
        empty, space = False, False
    lines.append(line)
    return lines


def _paragraphs(text: str) -> list[str]:
    """Paragraphs (split at empty lines), each one line: lines joined by a space, or by nothing
    between two wide characters."""
    out = []
    for block in re.split(r"\n\s*\n", text.strip()):
        joined = ""
        for line in block.splitlines():
            line = line.strip()
            if joined and line:
                joined += "" if is_wide(joined[-1]) and is_wide(line[0]) else " "
            joined += line
        if joined:
            out.append(joined)
    return out


def fill(text: str, columns: int, first: str = "", rest: str = "") -> str:
    """:func:`wrap` for each paragraph, an empty line between them."""
    return "\n\n".join("\n".join(wrap(p, columns, first, rest)) for p in _paragraphs(text))


class WideFormatter(HelpFormatter):
    """click's help layout, wrapped by terminal width (see the module's text)."""

    def write_heading(self, heading: str) -> None:
        colon = ":" if heading.isascii() else "："
        self.write(f"{'':>{self.current_indent}}{heading}{colon}\n")

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        self.write(fill(text, self.width, indent, indent))
        self.write("\n")

    def write_dl(self, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
        rows = list(rows)
        first_col = min(max((width(first) for first, _ in rows), default=0), col_max) + col_spacing
        indent = " " * self.current_indent
        for first, second in rows:
            self.write(f"{indent}{first}")
            if not second:
                self.write("\n")
                continue
            if width(first) <= first_col - col_spacing:
                self.write(" " * (first_col - width(first)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            lines = fill(second, max(self.width - first_col - 2, 10)).splitlines() or [""]
            self.write(f"{lines[0]}\n")
            for line in lines[1:]:
                self.write(f"{'':>{first_col + self.current_indent}}{line}\n" if line else "\n")


def _gettext(message: str) -> str:
    msg_id = _WORDS.get(message)
    return t(msg_id) if msg_id is not None else message


def install_words() -> None:
    """typer's gettext words from the catalogue (once per process)."""
    import typer.core

    vars(typer.core)["_"] = _gettext


class WideContext(Context):
    """A command's context drawing its help with :class:`WideFormatter`."""

    formatter_class = WideFormatter
