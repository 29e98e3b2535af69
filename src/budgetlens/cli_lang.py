"""The command line in the reader's language: ``--lang zh|en`` on every command, help from the catalogue.

The root command group (:class:`LangGroup`) looks for ``--lang`` among all the arguments before
anything is parsed, sets the language (else ``BUDGETLENS_LANG``, else Chinese), gives every command
of the tree a ``--lang`` option, and replaces the help texts of commands and parameters with their
catalogue entries (``cli.<command>.help``, ``cli.<command>.<parameter>``; a nested command is
``cli.<group>.<command>...``). The English is the help written in the code (the catalogue leaves it
empty); a text with no catalogue entry keeps it in every language.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from enum import StrEnum
from typing import Annotated, Any, ClassVar

import typer
from typer.core import TyperCommand, TyperGroup

from budgetlens.cli_errors import localized
from budgetlens.cli_help import WideContext, install_words
from budgetlens.cli_values import quicken
from budgetlens.i18n import has, normalize_lang, pop_lang, push_lang, set_lang, t


class Lang(StrEnum):
    zh = "zh"
    en = "en"


def _apply(value: Lang | str | None) -> Lang | str | None:
    if value:
        set_lang(str(value))
    return value


_LANG_OPTION: Any = None


def lang_option() -> Any:
    """A fresh ``--lang`` option (a click parameter) that sets the language and is not passed on:
    a copy of the one typer makes (once per process) of a probe command."""
    global _LANG_OPTION
    if _LANG_OPTION is None:
        _LANG_OPTION = _probe_lang_option()
    return copy.copy(_LANG_OPTION)


def _probe_lang_option() -> Any:
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


def localize(cmd: Any, path: tuple[str, ...] = ()) -> None:
    """Help texts of ``cmd`` and everything under it in the current language, drawn by
    :class:`~budgetlens.cli_help.WideFormatter`; a ``--lang`` option on each."""
    key = ".".join(("cli", *path))
    text = _help(f"{key}.help")
    if text:
        cmd.help = text
        cmd.short_help = None
    cmd.context_class = WideContext
    if not any(p.name == "lang" for p in cmd.params):
        cmd.params.append(lang_option())
    for param in cmd.params:
        quicken(param)  # choices, strings, numbers and paths converted without pydantic
        name = param.name or ""
        text = t("cli.lang") if name == "lang" else _help(f"{key}.{name}")
        if text:
            param.help = text
    _localize_builtins(cmd)
    for name, sub in (getattr(cmd, "commands", None) or {}).items():
        localize(sub, (*path, name))
    if not path:
        install_words()


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
    """The root group: the language is settled, and the help localized, before the arguments are parsed.

    ``lazy`` names groups made when first used (name -> a function making the click group, and its
    help): the list of commands shows their help without making them."""

    lazy: ClassVar[dict[str, tuple[Callable[[], Any], str]]] = {}
    _listing = False

    def list_commands(self, ctx: Any) -> list[str]:
        names = super().list_commands(ctx)
        return names + [name for name in self.lazy if name not in names]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        cmd = super().get_command(ctx, cmd_name)
        if cmd is not None or cmd_name not in self.lazy:
            return cmd
        make, help_text = self.lazy[cmd_name]
        if self._listing:  # its line in the list of commands only
            return TyperCommand(name=cmd_name, help=_help(f"cli.{cmd_name}.help") or help_text)
        group = make()
        group.name, group.help = cmd_name, help_text
        self.add_command(group, cmd_name)
        localize(group, (cmd_name,))
        return group

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        self._listing = True
        try:
            super().format_commands(ctx, formatter)
        finally:
            self._listing = False

    def make_context(self, info_name: str | None, args: list[str], parent: Any = None, **extra: Any) -> Any:
        if extra.get("resilient_parsing"):  # a look at the commands (docs), not an invocation
            return super().make_context(info_name, args, parent=parent, **extra)
        token = push_lang(requested_lang(args))  # None: BUDGETLENS_LANG or the default
        try:
            localize(self)
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
