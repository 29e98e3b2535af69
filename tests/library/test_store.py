"""The store: migrations on open, the schema the models describe, content-addressed originals."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import inspect, select

from budgetlens.library import LibraryError, open_library
from budgetlens.library.models import Base, Fact
from budgetlens.library.store import store_file
from budgetlens.library.versions import parser_version, rules_version


def test_open_migrates_to_the_schema_of_the_models(db_url: str | None, home: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    lib = open_library(db_url)
    try:
        with lib.engine.connect() as c:
            diff = compare_metadata(MigrationContext.configure(c), Base.metadata)
            tables = set(inspect(c).get_table_names())
        assert diff == []
        assert {"documents", "units", "unit_names", "facts", "fact_occurrences", "tables", "projects",
                "findings", "reviews", "alembic_version"} <= tables
    finally:
        lib.close()
    if db_url is None:
        assert (home / "library.sqlite3").is_file()
    open_library(db_url).close()  # a second open finds the schema current


def test_exact_decimals_round_trip(db_url: str | None, home: Path) -> None:
    from budgetlens.library.models import Document

    lib = open_library(db_url)
    try:
        with lib.transaction() as s:
            d = Document(sha256="0" * 64, path="x", stored_path="files/00/0", size=1, status="ok",
                         parser_version=parser_version(), rules_version=rules_version(), format="text")
            s.add(d)
            s.flush()
            s.add(Fact(document_id=d.id, key="budget.total", value=Decimal("12345678901234.05"), scope="document"))
        with lib.session() as s:
            value = s.scalars(select(Fact.value)).one()
        assert value == Decimal("12345678901234.05") and str(value) == "12345678901234.05"
    finally:
        lib.close()


def test_files_are_stored_by_content(home: Path, tmp_path: Path) -> None:
    lib = open_library()
    src = tmp_path / "a.TXT"
    src.write_bytes("部门预算".encode())
    sha, relative, size = store_file(lib, src, src.suffix)
    assert sha == hashlib.sha256(src.read_bytes()).hexdigest()
    assert relative == f"files/{sha[:2]}/{sha[2:]}.txt"
    assert (home / relative).read_bytes() == src.read_bytes() and size == src.stat().st_size
    assert store_file(lib, src, src.suffix) == (sha, relative, size)
    assert not [p for p in (home / "files").rglob(".incoming-*")]
    lib.close()


def test_versions() -> None:
    from budgetlens import __version__

    assert parser_version() == __version__
    assert rules_version().startswith(__version__ + "+") and len(rules_version()) > len(__version__) + 8


def test_bad_urls_are_one_line_errors(home: Path, tmp_path: Path) -> None:
    with pytest.raises(LibraryError, match="not a database URL"):
        open_library("no such thing")
    with pytest.raises(LibraryError, match="folder for the database does not exist"):
        open_library(f"sqlite:///{tmp_path}/missing/dir/x.db")
    with pytest.raises(LibraryError) as err:
        open_library("postgresql+psycopg://nobody@127.0.0.1:1/none")
    assert "\n" not in err.value.message and "127.0.0.1:1" in err.value.message
