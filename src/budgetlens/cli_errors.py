"""Errors of the command line itself (a missing argument, an unknown option, an invalid value …) in
the reader's language.

typer parses the command line and raises a usage error with an English sentence and, beside it, what
went wrong (the parameter, the option's name, the value's validation error). :func:`localized` makes
the same error again with the sentence from the catalogue (``data/i18n/cli_errors.yaml``), built
from those parts; the English keeps typer's own sentence. An error this module does not know keeps
typer's text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from typer._click import exceptions as click_exc

from budgetlens.i18n import current_lang, msg, t

# typer's own sentences for the errors that carry no parts but the text
_PLAIN: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^No such command '(?P<name>.*)'\.$"), "cli_error.no_such_command"),
    (re.compile(r"^Missing command\.$"), "cli_error.missing_command"),
    (re.compile(r"^Got unexpected extra argument(?:\(s\)|s)? \((?P<args>.*)\)$"), "cli_error.extra_arguments"),
    (re.compile(r"^Option '(?P<name>.*)' requires an argument\.$"), "cli_error.option_needs_value"),
    (re.compile(r"^Option '(?P<name>.*)' requires (?P<count>\d+) arguments\.$"), "cli_error.option_needs_values"),
    (re.compile(r"^Option '(?P<name>.*)' does not take a value\.$"), "cli_error.option_takes_no_value"),
    (re.compile(r"^Argument '(?P<name>.*)' takes (?P<count>\d+) values\.$"), "cli_error.argument_needs_values"),
)
# the reasons a value is refused: the checks of a path, a value not among the choices
_VALUE: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^(?:Value error, )?(?P<value>'.*'|\".*\") is not one of (?P<choices>.*)\.$"), "cli_error.value.not_a_choice"),
    (re.compile(r"^(?P<kind>File|Directory|Path) (?P<path>'.*') does not exist\.$"), "cli_error.value.no_such_path"),
    (re.compile(r"^(?P<kind>File|Directory|Path) (?P<path>'.*') is a file\.$"), "cli_error.value.is_a_file"),
    (re.compile(r"^(?P<kind>File|Directory|Path) (?P<path>'.*') is a directory\.$"), "cli_error.value.is_a_directory"),
    (re.compile(r"^(?P<kind>File|Directory|Path) (?P<path>'.*') is not readable\.$"), "cli_error.value.not_readable"),
    (re.compile(r"^(?P<kind>File|Directory|Path) (?P<path>'.*') is not writable\.$"), "cli_error.value.not_writable"),
)
# pydantic's error types for a value of the wrong kind (typer validates numbers with pydantic)
_KINDS = {"int_parsing": "integer", "int_type": "integer", "int_from_float": "integer", "float_parsing": "number",
          "float_type": "number", "decimal_parsing": "number", "bool_parsing": "boolean", "bool_type": "boolean"}


def localized(exc: Exception) -> Exception:
    """``exc`` in the current language when it is a usage error this module can say again; else ``exc``."""
    if current_lang() == "en" or not isinstance(exc, click_exc.UsageError):
        return exc
    if isinstance(exc, click_exc.NoArgsIsHelpError):  # shows the help, not an error
        return exc
    text = _text(exc)
    if text is None:
        return exc
    again = click_exc.UsageError(text, exc.ctx)
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
        m = pattern.match(message)
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
        m = pattern.match(exc.message)
        if m:
            params = m.groupdict()
            if "choices" in params:  # the values as typer lists them, joined as Chinese lists are
                params["choices"] = params["choices"].replace(", ", "、")
            if "kind" in params:
                params["kind"] = msg(f"cli_error.path.{params['kind'].lower()}")
            return t(msg_id, **params)
    return None
