"""The library's tables as typed SQLAlchemy 2 models.

The schema itself is created and changed only by the Alembic migrations in
``budgetlens/library/migrations``; a test compares these models with the migrated database.
Amounts are stored as exact decimal text (``ExactDecimal``), never as binary floats.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator


class ExactDecimal(TypeDecorator[Decimal]):
    """A decimal stored as its exact text ("1234.50"), read back as ``Decimal``."""

    impl = String(64)
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return format(Decimal(value), "f")

    def process_result_value(self, value: str | None, dialect: Dialect) -> Decimal | None:
        return None if value is None else Decimal(value)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


class Unit(Base):
    """A budget unit: identity is the normalised name plus the region ('' when unknown)."""

    __tablename__ = "units"
    __table_args__ = (UniqueConstraint("key", "region", name="uq_units_key_region"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(400))
    region: Mapped[str] = mapped_column(String(200), default="")
    level_word: Mapped[str] = mapped_column(String(20), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    names: Mapped[list[UnitName]] = relationship(back_populates="unit", order_by="UnitName.id")


class UnitName(Base):
    """A name a unit was printed under."""

    __tablename__ = "unit_names"
    __table_args__ = (UniqueConstraint("unit_id", "name", name="uq_unit_names_unit_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    name: Mapped[str] = mapped_column(String(400))

    unit: Mapped[Unit] = relationship(back_populates="names")


class UnitProposal(Base):
    """A near match between two units, proposed for a person to decide; never merged by itself."""

    __tablename__ = "unit_proposals"
    __table_args__ = (UniqueConstraint("unit_id", "candidate_id", name="uq_unit_proposals_pair"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    score: Mapped[Decimal] = mapped_column(ExactDecimal())
    evidence: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="proposed")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Document(Base):
    """One file, by content: the original is kept under the data directory at ``stored_path``."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    path: Mapped[str] = mapped_column(Text)  # where it was first added from
    stored_path: Mapped[str] = mapped_column(Text)  # relative to the data directory
    size: Mapped[int] = mapped_column(Integer)
    format: Mapped[str | None] = mapped_column(String(20))
    pages: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20))  # ok | unreadable
    error: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str | None] = mapped_column(String(20))
    year: Mapped[int | None] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text, default="")
    unit_name: Mapped[str] = mapped_column(String(400), default="")
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    region: Mapped[str | None] = mapped_column(String(200))
    warnings: Mapped[list[Any]] = mapped_column(JSON, default=list)
    parser_version: Mapped[str] = mapped_column(String(80))
    rules_version: Mapped[str] = mapped_column(String(80))
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    checked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    unit: Mapped[Unit | None] = relationship()


class Fact(Base):
    __tablename__ = "facts"
    __table_args__ = (UniqueConstraint("document_id", "key", name="uq_facts_document_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    key: Mapped[str] = mapped_column(String(200), index=True)
    value: Mapped[Decimal] = mapped_column(ExactDecimal())
    scope: Mapped[str] = mapped_column(String(60), default="document")


class FactOccurrence(Base):
    __tablename__ = "fact_occurrences"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    key: Mapped[str] = mapped_column(String(200))
    value: Mapped[Decimal] = mapped_column(ExactDecimal())
    scope: Mapped[str] = mapped_column(String(60))
    origin: Mapped[str] = mapped_column(String(20))
    unit: Mapped[str] = mapped_column(String(20))
    evidence: Mapped[str] = mapped_column(Text, default="")
    location: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class DocTable(Base):
    """A recognised table of a document, its rows as JSON (the contract's shape)."""

    __tablename__ = "tables"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    table_id: Mapped[str | None] = mapped_column(String(10))
    number: Mapped[str | None] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(Text, default="")
    page: Mapped[int | None] = mapped_column(Integer)
    unit_of_amount: Mapped[str] = mapped_column(String(20), default="")
    columns: Mapped[list[Any]] = mapped_column(JSON, default=list)
    rows: Mapped[list[Any]] = mapped_column(JSON, default=list)
    warnings: Mapped[list[Any]] = mapped_column(JSON, default=list)


class Project(Base):
    """A project of a document (table 7 or a performance table) with its amount and scores."""

    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    name: Mapped[str] = mapped_column(Text)
    table_kind: Mapped[str | None] = mapped_column(String(40))
    amount: Mapped[Decimal | None] = mapped_column(ExactDecimal())
    stated_score: Mapped[Decimal | None] = mapped_column(ExactDecimal())
    computed_score: Mapped[Decimal | None] = mapped_column(ExactDecimal())


class FindingRow(Base):
    """A finding about a document; cross-document findings also name the other document."""

    __tablename__ = "findings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    other_document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"), index=True)
    rule: Mapped[str] = mapped_column(String(10), index=True)
    severity: Mapped[str] = mapped_column(String(10))
    grp: Mapped[str] = mapped_column(String(40), default="")
    title: Mapped[str] = mapped_column(Text, default="")
    message: Mapped[str] = mapped_column(Text)  # as rendered when checked (the language then current)
    message_id: Mapped[str | None] = mapped_column(String(120))  # the catalogue id, rendered when read
    params: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # its parameters (records.encode_params)
    location: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    expected: Mapped[str | None] = mapped_column(String(200))
    actual: Mapped[str | None] = mapped_column(String(200))
    evidence: Mapped[str] = mapped_column(Text, default="")
    fingerprint: Mapped[str] = mapped_column(String(64), index=True)


class Review(Base):
    """A person's verdict on a finding, kept by the finding's fingerprint across re-checks."""

    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64), index=True)
    verdict: Mapped[str] = mapped_column(String(20))  # confirmed | dismissed | fixed
    note: Mapped[str] = mapped_column(Text, default="")
    reviewer: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

