"""The library's tests run on SQLite and, when BUDGETLENS_TEST_PG_URL names a PostgreSQL server
(scripts/start-postgres.sh starts one), on PostgreSQL too: each test gets a database of its own."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from library.seeds import PG_ENV


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    h = tmp_path / "home"
    monkeypatch.setenv("BUDGETLENS_HOME", str(h))
    monkeypatch.setenv("BUDGETLENS_LOCK_TIMEOUT", "1")
    monkeypatch.setenv("BUDGETLENS_LANG", "en")  # the tests read the English texts (test_i18n: the Chinese)
    return h


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, home: Path) -> Iterator[str | None]:
    """None (the default SQLite file in the data directory) or the URL of a fresh PostgreSQL
    database, dropped afterwards."""
    if request.param == "sqlite":
        yield None
        return
    server = os.environ.get(PG_ENV)
    if not server:
        pytest.skip(f"{PG_ENV} is not set: no PostgreSQL server to test against "
                    "(scripts/start-postgres.sh starts one; scripts/test.sh does so when it can)")
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"bl_test_{uuid.uuid4().hex[:12]}"
    from sqlalchemy.exc import OperationalError

    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as c:
            c.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as exc:
        admin.dispose()
        pytest.skip(f"{PG_ENV} names a PostgreSQL server that cannot be used: {str(exc.orig).strip().splitlines()[0]}")
    url = make_url(server).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
