"""The command line in the reader's language: ``--lang zh|en`` on every command, help from the catalogue.

The root command group (:class:`LangGroup`) looks for ``--lang`` among all the arguments before
anything is parsed, sets the language (else ``BUDGETLENS_LANG``, else Chinese), gives every command
of the tree a ``--lang`` option, and replaces the help texts of commands and parameters with their
catalogue entries (``cli.<command>.help``, ``cli.<command>.<parameter>``; a nested command is
``cli.<group>.<command>...``). The English is the help written in the code (the catalogue leaves it
empty); a text with no catalogue entry keeps it in every language.
"""

from __future__ import annotations

import importlib.abc
import importlib.util
import re
import sys
from enum import StrEnum
from types import ModuleType
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from budgetlens.cli_errors import localized
from budgetlens.cli_values import quicken
from budgetlens.i18n import current_lang, has, normalize_lang, pop_lang, push_lang, set_lang, t


class Lang(StrEnum):
    zh = "zh"
    en = "en"


def _apply(value: Lang | str | None) -> Lang | str | None:
    if value:
        set_lang(str(value))
    return value


def lang_option() -> Any:
    """A fresh ``--lang`` option (a click parameter) that sets the language and is not passed on."""
    probe = typer.Typer()

    @probe.command()
    def _probe(
        lang: Annotated[Lang | None, typer.Option("--lang", expose_value=False, is_eager=True, callback=_apply,
                                                  help="Language of the output: zh (default) or en; "
                                                       "or set BUDGETLENS_LANG.")] = None,
    ) -> None:
        """Probe."""

    cmd: Any = typer.main.get_command(probe)
    return next(p for p in cmd.params if p.name == "lang")


def requested_lang(args: list[str]) -> str | None:
    """The language ``--lang X`` / ``--lang=X`` asks for among ``args`` (None when not given)."""
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(args):
            return normalize_lang(args[i + 1])
        if arg.startswith("--lang="):
            return normalize_lang(arg.split("=", 1)[1])
    return None


_PANELS = {
    "ARGUMENTS_PANEL_TITLE": "cli.panel.arguments",
    "OPTIONS_PANEL_TITLE": "cli.panel.options",
    "COMMANDS_PANEL_TITLE": "cli.panel.commands",
    "ERRORS_PANEL_TITLE": "cli.panel.error",
    "REQUIRED_LONG_STRING": "cli.panel.required",
    "DEFAULT_STRING": "cli.panel.default",
    "RICH_HELP": "cli.panel.try_help",
    "ABORTED_TEXT": "cli.panel.aborted",
}


_BREAK_AFTER = re.compile(r"([，；。、：])(?=\S)")


def _terminal(text: str) -> str:
    """Chinese help for the terminal: a space after each full-width mark, where the help panels may
    wrap a line (they wrap at spaces only, and cut a longer run short)."""
    return _BREAK_AFTER.sub(r"\1 ", text)


def localize(cmd: Any, path: tuple[str, ...] = (), terminal: bool = False) -> None:
    """Help texts of ``cmd`` and everything under it in the current language; a ``--lang`` option on
    each. ``terminal``: laid out for the help panels of a terminal."""
    key = ".".join(("cli", *path))
    shown = _terminal if terminal and current_lang() == "zh" else (lambda x: x)
    text = _help(f"{key}.help")
    if text:
        cmd.help = shown(text)
        cmd.short_help = None
    if not any(p.name == "lang" for p in cmd.params):
        cmd.params.append(lang_option())
    for param in cmd.params:
        quicken(param)  # choices, strings, numbers and paths converted without pydantic
        name = param.name or ""
        text = t("cli.lang") if name == "lang" else _help(f"{key}.{name}")
        if text:
            param.help = shown(text)
    _localize_builtins(cmd)
    for name, sub in (getattr(cmd, "commands", None) or {}).items():
        localize(sub, (*path, name), terminal)
    if not path:
        _panel_titles()


def _set_titles(rich_utils: ModuleType) -> None:
    for attr, msg_id in _PANELS.items():
        if hasattr(rich_utils, attr):
            setattr(rich_utils, attr, t(msg_id))


class _TitlesOnImport(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Sets the panel titles when typer first imports ``typer.rich_utils`` (for help or an error
    panel): importing it (rich, markdown-it) costs every command ~80 ms that most never show."""

    NAME = "typer.rich_utils"

    def __init__(self) -> None:
        self.loader: Any = None

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> Any:
        if fullname != self.NAME:
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(fullname)
        if spec is None or spec.loader is None:
            return spec
        self.loader, spec.loader = spec.loader, self
        return spec

    def create_module(self, spec: Any) -> Any:
        return self.loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        self.loader.exec_module(module)
        _set_titles(module)  # in the language current when the panels are drawn


def _panel_titles() -> None:
    """The help and error panels' titles in the current language: now if typer's rich layer is
    loaded, else when it is."""
    loaded = sys.modules.get(_TitlesOnImport.NAME)
    if loaded is not None:
        _set_titles(loaded)
    elif not any(isinstance(f, _TitlesOnImport) for f in sys.meta_path):
        sys.meta_path.insert(0, _TitlesOnImport())


def _help(msg_id: str) -> str:
    """A help text from the catalogue; "" when it has none or leaves this language empty (the
    English of the code stays)."""
    return t(msg_id) if has(msg_id) else ""


def _localize_builtins(cmd: Any) -> None:
    """The words click itself prints: the help option's help and the “Usage:” prefix."""
    from typer import _click

    option = cmd.get_help_option(_click.Context(cmd))  # created once per command and kept
    if option is not None:
        option.help = t("cli.help_option")
        quicken(option)
    prefix = t("cli.usage")

    def format_usage(ctx: Any, formatter: Any) -> None:
        formatter.write_usage(ctx.command_path, " ".join(cmd.collect_usage_pieces(ctx)), prefix=prefix)

    cmd.format_usage = format_usage


class LangGroup(TyperGroup):
    """The root group: the language is settled, and the help localized, before the arguments are parsed."""

    def make_context(self, info_name: str | None, args: list[str], parent: Any = None, **extra: Any) -> Any:
        if extra.get("resilient_parsing"):  # a look at the commands (docs), not an invocation
            return super().make_context(info_name, args, parent=parent, **extra)
        token = push_lang(requested_lang(args))  # None: BUDGETLENS_LANG or the default
        try:
            localize(self, terminal=True)
            ctx = super().make_context(info_name, args, parent=parent, **extra)
        except Exception as exc:
            again = localized(exc)  # a usage error in the reader's language
            pop_lang(token)
            if again is not exc:
                raise again from None
            raise
        except BaseException:
            pop_lang(token)
            raise
        ctx.call_on_close(lambda: pop_lang(token))  # the caller's language again afterwards
        return ctx

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except Exception as exc:  # a command's arguments: a usage error in the reader's language
            again = localized(exc)
            if again is not exc:
                raise again from None
            raise
