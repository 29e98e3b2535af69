"""Errors of the command line itself (a missing argument, an unknown option, an invalid value …) in
the reader's language.

typer parses the command line and raises a usage error with an English sentence and, beside it, what
went wrong (the parameter, the option's name, the value's validation error). :func:`localized` makes
the same error again with the sentence from the catalogue (``data/i18n/cli_errors.yaml``), built
from those parts; the English keeps typer's own sentence. An error this module does not know keeps
typer's text. Either is shown with the usage line and the words around it in the same language
(:class:`ShownUsageError`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from typer._click import exceptions as click_exc

from budgetlens.i18n import current_lang, msg, t, use_lang

# typer's own sentences for the errors that carry no parts but the text (compiled when an error is
# met: re's cache keeps them)
_PLAIN: tuple[tuple[str, str], ...] = (
    (r"^No such command '(?P<name>.*)'\.$", "cli_error.no_such_command"),
    (r"^Missing command\.$", "cli_error.missing_command"),
    (r"^Got unexpected extra argument(?:\(s\)|s)? \((?P<args>.*)\)$", "cli_error.extra_arguments"),
    (r"^Option '(?P<name>.*)' requires an argument\.$", "cli_error.option_needs_value"),
    (r"^Option '(?P<name>.*)' requires (?P<count>\d+) arguments\.$", "cli_error.option_needs_values"),
    (r"^Option '(?P<name>.*)' does not take a value\.$", "cli_error.option_takes_no_value"),
    (r"^Argument '(?P<name>.*)' takes (?P<count>\d+) values\.$", "cli_error.argument_needs_values"),
)
# the reasons a value is refused: the checks of a path, a value not among the choices
_VALUE: tuple[tuple[str, str], ...] = (
    (r"^(?:Value error, )?(?P<value>'.*'|\".*\") is not one of (?P<choices>.*)\.$", "cli_error.value.not_a_choice"),
    (r"^(?P<kind>File|Directory|Path) (?P<path>'.*') does not exist\.$", "cli_error.value.no_such_path"),
    (r"^(?P<kind>File|Directory|Path) (?P<path>'.*') is a file\.$", "cli_error.value.is_a_file"),
    (r"^(?P<kind>File|Directory|Path) (?P<path>'.*') is a directory\.$", "cli_error.value.is_a_directory"),
    (r"^(?P<kind>File|Directory|Path) (?P<path>'.*') is not readable\.$", "cli_error.value.not_readable"),
    (r"^(?P<kind>File|Directory|Path) (?P<path>'.*') is not writable\.$", "cli_error.value.not_writable"),
)
# pydantic's error types for a value of the wrong kind (typer validates numbers with pydantic)
_KINDS = {"int_parsing": "integer", "int_type": "integer", "int_from_float": "integer", "float_parsing": "number",
          "float_type": "number", "decimal_parsing": "number", "bool_parsing": "boolean", "bool_type": "boolean"}


class ShownUsageError(click_exc.UsageError):
    """A usage error as the reader sees it: the usage line, where to find help and the error, in the
    language of the command line (click's own words in English)."""

    def __init__(self, message: str, ctx: Any, lang: str) -> None:
        super().__init__(message, ctx)
        self.lang = lang

    def show(self, file: Any = None) -> None:
        from typer._click._compat import get_text_stderr
        from typer._click.utils import echo

        file = file if file is not None else get_text_stderr()
        color = None
        if self.ctx is not None:
            hint = ""
            if self.ctx.command.get_help_option(self.ctx) is not None:
                hint = t("cli.help.try_help", self.lang, command=self.ctx.command_path,
                         option=self.ctx.help_option_names[0]) + "\n"
            color = self.ctx.color
            with use_lang(self.lang):
                usage = self.ctx.get_usage()
            echo(f"{usage}\n{hint}", file=file, color=color)
        echo(t("cli.help.error", self.lang, message=self.format_message()), file=file, color=color)


def localized(exc: Exception) -> Exception:
    """A usage error as :class:`ShownUsageError` in the current language (its text from the
    catalogue when this module can say it again, else typer's); any other ``exc`` as it is."""
    if not isinstance(exc, click_exc.UsageError):
        return exc
    if isinstance(exc, (click_exc.NoArgsIsHelpError, ShownUsageError)):  # the help, or already shown so
        return exc
    lang = current_lang()
    text = _text(exc) if lang != "en" else None
    again = ShownUsageError(text if text is not None else exc.format_message(), exc.ctx, lang)
    again.exit_code = exc.exit_code
    return again


def _text(exc: Any) -> str | None:
    if isinstance(exc, click_exc.MissingParameter):
        return _missing(exc)
    if isinstance(exc, click_exc.NoSuchOption):
        text = t("cli_error.no_such_option", name=exc.option_name)
        if exc.possibilities:
            text += t("cli_error.possible_options", options=sorted(exc.possibilities))
        return text
    if isinstance(exc, click_exc.BadParameter):
        reason = _reason(exc)
        hint = _hint(exc)
        if reason is None:
            return None
        return t("cli_error.invalid_value_for", hint=hint, reason=reason) if hint else t("cli_error.invalid_value", reason=reason)
    message = exc.message
    for pattern, msg_id in _PLAIN:
        m = re.match(pattern, message)
        if m:
            return t(msg_id, **m.groupdict())
    return None


def _hint(exc: Any) -> str | None:
    hint: Sequence[str] | str | None = exc.param_hint
    if hint is None and exc.param is not None:
        hint = exc.param.get_error_hint()
    if hint is not None and not isinstance(hint, str):
        hint = " / ".join(repr(x) for x in hint)
    return hint


def _missing(exc: Any) -> str | None:
    if exc.message:  # a text of the application's own
        return None
    kind = exc.param_type or (exc.param.param_type_name if exc.param is not None else "parameter")
    hint = _hint(exc)
    text = t(f"cli_error.missing.{kind}" if kind in ("argument", "option") else "cli_error.missing.parameter",
             hint=hint or "")
    desc = getattr(exc.param, "type_descriptor", None) if exc.param is not None else None
    if desc is not None and desc.is_choice and desc.choices:
        text += t("cli_error.choose_from", choices=[str(getattr(c, "value", c)) for c in desc.choices])
    return text


def _reason(exc: Any) -> str | None:
    """Why the value is refused, in the current language (None: a reason this module does not know)."""
    cause = exc.__cause__
    errors = getattr(cause, "errors", None)
    if callable(errors) and not isinstance(cause, click_exc.UsageError):
        first = (errors() or [{}])[0]
        kind = _KINDS.get(str(first.get("type", "")))
        if kind is not None:
            return t("cli_error.value.not_a_kind", value=repr(first.get("input")), kind=msg(f"cli_error.kind.{kind}"))
    for pattern, msg_id in _VALUE:
        m = re.match(pattern, exc.message)
        if m:
            params = m.groupdict()
            if "choices" in params:  # the values as typer lists them, joined as Chinese lists are
                params["choices"] = params["choices"].replace(", ", "、")
            if "kind" in params:
                params["kind"] = msg(f"cli_error.path.{params['kind'].lower()}")
            return t(msg_id, **params)
    return None
