"""Findings keep their message as data: the catalogue id and its parameters, so that a finding is
shown in the language of whoever reads it (the rendered ``message`` stays, for findings stored
before and for messages that have no id).

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("findings") as batch:
        batch.add_column(sa.Column("message_id", sa.String(120), nullable=True))
        batch.add_column(sa.Column("params", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("findings") as batch:
        batch.drop_column("params")
        batch.drop_column("message_id")
