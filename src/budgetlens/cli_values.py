"""Command-line values converted without pydantic where the conversion is plain.

typer converts every parameter's value (given or default) through a pydantic ``TypeAdapter`` built
on first use; importing pydantic and building the adapters cost each command ~60–100 ms before it
does anything. The values of this command line are choices, flags, strings, whole numbers and paths, which
typer's own helpers convert without pydantic (a choice by ``coerce_cli_choice``, a path by
``coerce_cli_path``): :func:`quicken` gives each parameter a conversion that does that and hands
anything else — every value it refuses, a number written otherwise than in plain digits — to
typer's adapter, so the result and every error message stay typer's own (tests/test_speed_cli_values.py
compares both on real and random values). When typer's internals are not the ones expected, the
parameters are left as they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

try:
    from typer._click.exceptions import BadParameter
    from typer._coercion import RuntimeParam, TypeDescriptor, build_runtime_param
    from typer._param_types import coerce_cli_choice, coerce_cli_path
except ImportError:  # pragma: no cover - another typer: its own conversion is used
    TYPER_INTERNALS = False
else:
    TYPER_INTERNALS = True

_PLAIN_INT = re.compile(r"-?(?:0|[1-9][0-9]{0,17})")


class _Refer(Exception):
    """The value is left to typer's adapter."""


def quick_value(annotation: Any, info: Any, value: Any, param: Any, ctx: Any) -> Any:
    """``value`` converted as typer's adapter converts it; :class:`_Refer` when that is not plain."""
    if info.parser is not None:
        raise _Refer
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        try:
            return coerce_cli_choice(value, choices=tuple(annotation), case_sensitive=info.case_sensitive, ctx=ctx)
        except ValueError:
            raise _Refer from None
    if annotation is bool:
        if type(value) is bool:
            return value
        raise _Refer
    if annotation is str:
        if type(value) is str:
            return value
        raise _Refer
    if annotation is int:
        if info.min is not None or info.max is not None or info.clamp:
            raise _Refer
        if type(value) is int:
            return value
        if type(value) is str and _PLAIN_INT.fullmatch(value):
            return int(value)
        raise _Refer
    if annotation is Path and info.path_type is None:
        if type(value) is str and value and "\0" not in value:
            path = Path(value)  # what pydantic makes of it; the checks are typer's
        elif isinstance(value, Path):
            path = value
        else:
            raise _Refer
        try:
            return coerce_cli_path(path, info, path_type=Path, param=param, ctx=ctx)
        except BadParameter:
            raise _Refer from None  # typer's message names the value as it was given
    origin = getattr(annotation, "__origin__", None)
    if origin is list and isinstance(value, (list, tuple)):
        (item,) = annotation.__args__
        return [quick_value(item, info, v, param, ctx) for v in value]
    raise _Refer


if TYPER_INTERNALS:

    @dataclass(frozen=True)
    class QuickParam(RuntimeParam):
        """A parameter's conversion: :func:`quick_value`, else typer's adapter (built when first needed)."""

        descriptor: TypeDescriptor
        built: list[Any] = field(default_factory=list)  # typer's own conversion, once made

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            try:
                return quick_value(self.annotation, self.parameter_info, value, param, ctx)
            except _Refer:
                return self.typer_param()._coerce_value(value, param=param, ctx=ctx)

        def typer_param(self) -> Any:
            if not self.built:
                self.built.append(build_runtime_param(self.descriptor))
            return self.built[0]


def quicken(param: Any) -> None:
    """Give a typer parameter the quick conversion (once; nothing for a parameter not typer's)."""
    if not TYPER_INTERNALS:
        return
    descriptor = getattr(param, "type_descriptor", None)
    if descriptor is None or descriptor.file_annotation is not None or getattr(param, "_runtime_param", 0) is not None:
        return
    param._runtime_param = QuickParam(parameter_info=descriptor.parameter_info, annotation=descriptor.annotation,
                                      descriptor=descriptor)
