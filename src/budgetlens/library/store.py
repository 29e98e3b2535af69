"""Opening the library: where its data lives, the database engine, migrations, stored originals.

The data directory is ``$BUDGETLENS_HOME``, else the platform's user data directory
(platformdirs). It holds ``library.sqlite3`` (the default database) and ``files/ab/cdef….ext``, the
original of every document, content-addressed by its SHA-256. Any SQLAlchemy URL can be given
instead of the default database (PostgreSQL: ``postgresql+psycopg://user@host:port/db``).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from budgetlens.errors import os_reason
from budgetlens.i18n import Message, as_param

DB_FILE = "library.sqlite3"
FILES_DIR = "files"
CHUNK = 1 << 20


class LibraryError(Exception):
    """A problem the user must solve (bad URL, locked or unreachable database): one line."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


def data_dir() -> Path:
    home = os.environ.get("BUDGETLENS_HOME")
    if home:
        return Path(home).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("budgetlens", appauthor=False))


def default_url(home: Path) -> str:
    return f"sqlite:///{home / DB_FILE}"


def describe_db_error(exc: BaseException, url: str) -> Message:
    """One line for a database error: locked, full, unreachable, or the driver's first line."""
    text = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    low = text.lower()
    where = safe_url(url)
    if "locked" in low:
        return Message("liberr.locked", where=where, text=text)
    if "disk is full" in low or "no space" in low or "disk full" in low:
        return Message("liberr.full", where=where, text=text)
    return Message("liberr.db_error", where=where, text=text)


def safe_url(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


@dataclass
class Library:
    """An open library: its engine, its data directory and the sessions to use it."""

    engine: Engine
    home: Path
    url: str

    def __post_init__(self) -> None:
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def files(self) -> Path:
        return self.home / FILES_DIR

    def session(self) -> Session:
        return self._sessions()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back on any exception."""
        with self._sessions() as s, s.begin():
            yield s

    def stored(self, relative: str) -> Path:
        return self.home / relative

    def close(self) -> None:
        self.engine.dispose()


def open_library(url: str | None = None, home: Path | None = None, lock_timeout: float | None = None) -> Library:
    """Open (creating when needed) the library and bring its schema to the latest migration."""
    home = home or data_dir()
    if lock_timeout is None:
        lock_timeout = float(os.environ.get("BUDGETLENS_LOCK_TIMEOUT", "30"))
    if url is None:
        try:
            home.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise LibraryError(Message("liberr.data_dir", home=str(home), reason=as_param(os_reason(exc)))) from None
        url = default_url(home)
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise LibraryError(Message("liberr.not_a_url", url=url)) from None
    kwargs: dict[str, Any] = {}
    if parsed.get_backend_name() == "sqlite":
        db = parsed.database
        if db and db != ":memory:" and not Path(db).parent.is_dir():
            raise LibraryError(Message("liberr.no_db_folder", db=db))
        kwargs["connect_args"] = {"timeout": lock_timeout}
    try:
        engine = create_engine(url, **kwargs)
    except (ArgumentError, ImportError) as exc:
        raise LibraryError(Message("liberr.cannot_use_db", url=safe_url(url), error=str(exc))) from None
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    library = Library(engine=engine, home=home, url=url)
    try:
        migrate(library)
    except (OperationalError, DBAPIError) as exc:
        engine.dispose()
        raise LibraryError(describe_db_error(exc, url)) from None
    return library


def _sqlite_pragmas(dbapi_connection: Any, record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def migrate(library: Library) -> None:
    """``alembic upgrade head`` on the library's database, with the migrations shipped here."""
    from alembic import command
    from alembic.config import Config

    with resources.as_file(resources.files("budgetlens.library") / "migrations") as where:
        cfg = Config()
        cfg.set_main_option("script_location", str(where))
        with library.engine.begin() as connection:
            if _at_head(connection, where):
                return
            cfg.attributes["connection"] = connection
            command.upgrade(cfg, "head")


def _at_head(connection: Any, where: Path) -> bool:
    """True when the database is already at the newest revision (skips loading Alembic's scripts)."""
    if not inspect(connection).has_table("alembic_version"):
        return False
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    heads = set(ScriptDirectory(str(where)).get_heads())
    return set(MigrationContext.configure(connection).get_current_heads()) == heads


def store_file(library: Library, src: Path, suffix: str) -> tuple[str, str, int]:
    """Copy ``src`` into the content-addressed store; return (sha256, relative path, size).

    The bytes stored are exactly the bytes hashed (copied once, hashed while copying), and the file
    appears under its final name only when complete (written to a temporary name, then renamed)."""
    library.files.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    fd, tmp_name = tempfile.mkstemp(dir=library.files, prefix=".incoming-")
    try:
        with os.fdopen(fd, "wb") as out, src.open("rb") as inp:
            while chunk := inp.read(CHUNK):
                digest.update(chunk)
                out.write(chunk)
                size += len(chunk)
        sha = digest.hexdigest()
        relative = _relative(sha, suffix)
        target = library.home / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            os.unlink(tmp_name)
        else:
            os.replace(tmp_name, target)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return sha, relative, size


def store_bytes(library: Library, data: bytes, suffix: str) -> tuple[str, str, int]:
    """Store bytes (a zip member) like ``store_file``."""
    sha = hashlib.sha256(data).hexdigest()
    relative = _relative(sha, suffix)
    target = library.home / relative
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(tmp_name, target)
        except BaseException:
            Path(tmp_name).unlink(missing_ok=True)
            raise
    return sha, relative, len(data)


def _relative(sha: str, suffix: str) -> str:
    return f"{FILES_DIR}/{sha[:2]}/{sha[2:]}{suffix.lower()}"
