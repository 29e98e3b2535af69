"""Fixtures of the web tests: an application over a fresh library in a temporary data directory."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI

from budgetlens.library import open_library
from budgetlens.web import create_app

from .support import MakeClient, TestClient


@pytest.fixture(scope="session")
def migrated_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory whose database has been created and migrated once for all the tests."""
    home = tmp_path_factory.mktemp("web-template") / "home"
    open_library(home=home).close()
    return home


@pytest.fixture
def make_client(tmp_path: Path, migrated_home: Path) -> Iterator[MakeClient]:
    made: list[tuple[TestClient, FastAPI]] = []
    home = tmp_path / "home"
    shutil.copytree(migrated_home, home)

    def make(token: str | None = None, max_upload: int | None = None) -> TestClient:
        app = create_app(token=token, home=home, max_upload=max_upload)
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
