"""The library's first schema: units, documents, facts, tables, projects, findings, reviews.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "units",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("key", sa.String(400), nullable=False),
        sa.Column("region", sa.String(200), nullable=False),
        sa.Column("level_word", sa.String(20), nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.UniqueConstraint("key", "region", name="uq_units_key_region"),
    )
    op.create_table(
        "unit_names",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("unit_id", sa.Integer(), sa.ForeignKey("units.id"), nullable=False),
        sa.Column("name", sa.String(400), nullable=False),
        sa.UniqueConstraint("unit_id", "name", name="uq_unit_names_unit_name"),
    )
    op.create_index("ix_unit_names_unit_id", "unit_names", ["unit_id"])
    op.create_table(
        "unit_proposals",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("unit_id", sa.Integer(), sa.ForeignKey("units.id"), nullable=False),
        sa.Column("candidate_id", sa.Integer(), sa.ForeignKey("units.id"), nullable=False),
        sa.Column("score", sa.String(64), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.UniqueConstraint("unit_id", "candidate_id", name="uq_unit_proposals_pair"),
    )
    op.create_index("ix_unit_proposals_unit_id", "unit_proposals", ["unit_id"])
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("stored_path", sa.Text(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("format", sa.String(20), nullable=True),
        sa.Column("pages", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("kind", sa.String(20), nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("unit_name", sa.String(400), nullable=False),
        sa.Column("unit_id", sa.Integer(), sa.ForeignKey("units.id"), nullable=True),
        sa.Column("region", sa.String(200), nullable=True),
        sa.Column("warnings", sa.JSON(), nullable=False),
        sa.Column("parser_version", sa.String(80), nullable=False),
        sa.Column("rules_version", sa.String(80), nullable=False),
        sa.Column("added_at", _TS, nullable=False),
        sa.Column("checked_at", _TS, nullable=False),
    )
    op.create_index("ix_documents_unit_id", "documents", ["unit_id"])
    op.create_table(
        "facts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("document_id", sa.Integer(), sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("value", sa.String(64), nullable=False),
        sa.Column("scope", sa.String(60), nullable=False),
        sa.UniqueConstraint("document_id", "key", name="uq_facts_document_key"),
    )
    op.create_index("ix_facts_document_id", "facts", ["document_id"])
    op.create_index("ix_facts_key", "facts", ["key"])
    op.create_table(
        "fact_occurrences",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("document_id", sa.Integer(), sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("value", sa.String(64), nullable=False),
        sa.Column("scope", sa.String(60), nullable=False),
        sa.Column("origin", sa.String(20), nullable=False),
        sa.Column("unit", sa.String(20), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("location", sa.JSON(), nullable=False),
    )
    op.create_index("ix_fact_occurrences_document_id", "fact_occurrences", ["document_id"])
    op.create_table(
        "tables",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("document_id", sa.Integer(), sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("table_id", sa.String(10), nullable=True),
        sa.Column("number", sa.String(40), nullable=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("page", sa.Integer(), nullable=True),
        sa.Column("unit_of_amount", sa.String(20), nullable=False),
        sa.Column("columns", sa.JSON(), nullable=False),
        sa.Column("rows", sa.JSON(), nullable=False),
        sa.Column("warnings", sa.JSON(), nullable=False),
    )
    op.create_index("ix_tables_document_id", "tables", ["document_id"])
    op.create_table(
        "projects",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("document_id", sa.Integer(), sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("table_kind", sa.String(40), nullable=True),
        sa.Column("amount", sa.String(64), nullable=True),
        sa.Column("stated_score", sa.String(64), nullable=True),
        sa.Column("computed_score", sa.String(64), nullable=True),
    )
    op.create_index("ix_projects_document_id", "projects", ["document_id"])
    op.create_table(
        "findings",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("document_id", sa.Integer(), sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("other_document_id", sa.Integer(), sa.ForeignKey("documents.id"), nullable=True),
        sa.Column("rule", sa.String(10), nullable=False),
        sa.Column("severity", sa.String(10), nullable=False),
        sa.Column("grp", sa.String(40), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("location", sa.JSON(), nullable=False),
        sa.Column("expected", sa.String(200), nullable=True),
        sa.Column("actual", sa.String(200), nullable=True),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
    )
    op.create_index("ix_findings_document_id", "findings", ["document_id"])
    op.create_index("ix_findings_other_document_id", "findings", ["other_document_id"])
    op.create_index("ix_findings_rule", "findings", ["rule"])
    op.create_index("ix_findings_fingerprint", "findings", ["fingerprint"])
    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("verdict", sa.String(20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("reviewer", sa.String(200), nullable=False),
        sa.Column("created_at", _TS, nullable=False),
    )
    op.create_index("ix_reviews_fingerprint", "reviews", ["fingerprint"])


def downgrade() -> None:
    for table in ("reviews", "findings", "projects", "tables", "fact_occurrences", "facts", "documents",
                  "unit_proposals", "unit_names", "units"):
        op.drop_table(table)
