"""Command-line values converted without pydantic (cli_values.py) come out as typer's own conversion
makes them: the same value of the same type, or the same error with the same message."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Annotated, Any

import pytest
import typer
from typer import _click
from typer._coercion import build_runtime_param

from budgetlens.cli import app
from budgetlens.cli_lang import localize
from budgetlens.cli_values import QuickParam, quicken


def _params() -> list[tuple[Any, Any]]:
    root: Any = typer.main.get_command(app)
    localize(root)
    found: list[tuple[Any, Any]] = []

    def walk(cmd: Any) -> None:
        for param in [*cmd.params, cmd.get_help_option(_click.Context(cmd))]:
            if param is not None and getattr(param, "type_descriptor", None) is not None:
                found.append((cmd, param))
        for sub in (getattr(cmd, "commands", None) or {}).values():
            walk(sub)

    walk(root)
    return found


PARAMS = _params()


def _values(param: Any, tmp: Path, rng: random.Random) -> list[Any]:
    singles: list[Any] = ["", "x", "abc", "中文", "-", "0", "12", "-3", "007", "1_000", " 5", "+4", "5.0", "many",
                          "99999999999999999999", "a//b", "./a", "dir/", "~/x", str(tmp / "file.txt"), str(tmp),
                          str(tmp / "missing.txt"), f"{tmp}/", f"{tmp}/file.txt/", f"{tmp}//file.txt", f"{tmp}/./dir/",
                          "a\0b", Path("x"), tmp / "file.txt", 0, 7, True, False, None]
    desc = param.type_descriptor
    if desc.choices:
        for choice in desc.choices:
            singles += [choice, choice.value, choice.value.upper(), f" {choice.value}"]
    alphabet = "0123456789abcz-_/. 中TXJSON"
    singles += ["".join(rng.choices(alphabet, k=rng.randint(0, 8))) for _ in range(40)]
    if param.multiple or param.nargs == -1:
        return [(), *[tuple(rng.sample(singles, k=rng.randint(1, 3))) for _ in range(60)], *[(v,) for v in singles]]
    return singles


def _outcome(runtime: Any, value: Any, param: Any, ctx: Any) -> tuple[str, str]:
    try:
        result = runtime.coerce(value, param=param, ctx=ctx)
    except Exception as exc:
        return ("error", f"{type(exc).__name__}: {exc}")
    return ("value", f"{type(result).__name__}: {result!r}")


@pytest.mark.parametrize(("cmd", "param"), PARAMS, ids=[f"{c.name}.{p.name}" for c, p in PARAMS])
def test_quick_conversion_equals_typers(cmd: Any, param: Any, tmp_path: Path) -> None:
    (tmp_path / "file.txt").write_text("x", encoding="utf-8")
    ctx = _click.Context(cmd)
    quick = QuickParam(parameter_info=param.type_descriptor.parameter_info, annotation=param.type_descriptor.annotation,
                       descriptor=param.type_descriptor)
    full = build_runtime_param(param.type_descriptor)
    rng = random.Random(f"{cmd.name}.{param.name}")
    for value in _values(param, tmp_path, rng):
        assert _outcome(quick, value, param, ctx) == _outcome(full, value, param, ctx), value


def test_every_parameter_of_the_command_line_gets_the_quick_conversion() -> None:
    assert PARAMS
    for _, param in PARAMS:
        quicken(param)
        assert isinstance(param._runtime_param, QuickParam), param.name


def test_the_quick_conversion_refers_what_it_does_not_know() -> None:  # the comparison can fail
    cmd, param = next((c, p) for c, p in PARAMS if p.type_descriptor.annotation is int)
    quick = QuickParam(parameter_info=param.type_descriptor.parameter_info, annotation=int,
                       descriptor=param.type_descriptor)
    ctx = _click.Context(cmd)
    assert quick.coerce("12", param=param, ctx=ctx) == 12 and not quick.built  # plain: no adapter made
    assert quick.coerce("1_000", param=param, ctx=ctx) == 1000 and quick.built  # pydantic's reading
    with pytest.raises(_click.exceptions.BadParameter):
        quick.coerce("many", param=param, ctx=ctx)


def _constrained_params() -> list[tuple[Any, Any]]:
    """Paths with typer's checks (none of this command line's use them yet), each compared too."""
    probe = typer.Typer()

    @probe.command()
    def constrained(
        a: Annotated[Path, typer.Argument(exists=True, dir_okay=False)],
        b: Annotated[Path | None, typer.Option(exists=True, file_okay=False)] = None,
        c: Annotated[Path | None, typer.Option(readable=True, writable=True, exists=True)] = None,
        d: Annotated[Path | None, typer.Option(allow_dash=True, resolve_path=True)] = None,
        n: Annotated[int | None, typer.Option(min=1, max=9)] = None,
    ) -> None:
        """Probe."""

    cmd: Any = typer.main.get_command(probe)
    return [(cmd, p) for p in cmd.params]


@pytest.mark.parametrize(("cmd", "param"), _constrained_params(), ids=lambda x: getattr(x, "name", None) or "cmd")
def test_quick_conversion_equals_typers_under_typers_checks(cmd: Any, param: Any, tmp_path: Path) -> None:
    test_quick_conversion_equals_typers(cmd, param, tmp_path)
