"""Fixtures of the web tests: an application over a fresh library in a temporary data directory."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from budgetlens.web import create_app

from .helpers import MakeClient


@pytest.fixture
def make_client(tmp_path: Path) -> Iterator[MakeClient]:
    made: list[tuple[TestClient, FastAPI]] = []

    def make(token: str | None = None, max_upload: int | None = None) -> TestClient:
        app = create_app(token=token, home=tmp_path / "home", max_upload=max_upload)
        client = TestClient(app, raise_server_exceptions=False)
        made.append((client, app))
        return client

    yield make
    for c, app in made:
        c.close()
        app.state.settings.library.close()


@pytest.fixture
def client(make_client: MakeClient) -> TestClient:
    return make_client()
