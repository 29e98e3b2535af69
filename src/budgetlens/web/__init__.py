"""budgetlens in a browser: pages and an HTTP API over the library (docs/web.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastapi import FastAPI


def create_app(*args: Any, **kwargs: Any) -> FastAPI:
    """See ``budgetlens.web.app.create_app`` (imported here lazily: FastAPI loads only when used)."""
    from budgetlens.web.app import create_app as make

    return make(*args, **kwargs)


__all__ = ["create_app"]
