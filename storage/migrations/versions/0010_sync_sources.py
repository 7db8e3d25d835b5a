"""sync sources (Modern.Gov and later kinds): sync_source, source_response (conditional GET),
external_person, document; external ids on meeting and agenda_item; board.autopublish

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 18:19:02.648972
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import storage.types

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sync_source",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("board_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("base_url", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("committee_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("committee_title", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
        sa.Column("interval_minutes", sa.Integer(), nullable=False),
        sa.Column("created_at_utc", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("next_sync_at_utc", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("lease_until_utc", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("lease_owner", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("last_attempt_at_utc", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_success_at_utc", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_result", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("failing_since_utc", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("failure", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["board_id"],
            ["board.id"],
            name=op.f("fk_sync_source_board_id_board"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_source")),
        sa.UniqueConstraint(
            "board_id",
            "kind",
            "base_url",
            "committee_id",
            name=op.f("uq_sync_source_board_id_kind_base_url_committee_id"),
        ),
    )
    with op.batch_alter_table("sync_source", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sync_source_board_id"), ["board_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_sync_source_next_sync_at_utc"), ["next_sync_at_utc"], unique=False
        )

    op.create_table(
        "external_person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("external_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("missing_lists", sa.Integer(), nullable=False, server_default="0"),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_external_person_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["sync_source.id"],
            name=op.f("fk_external_person_source_id_sync_source"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_external_person")),
        sa.UniqueConstraint(
            "source_id", "external_id", name=op.f("uq_external_person_source_id_external_id")
        ),
    )
    with op.batch_alter_table("external_person", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_external_person_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "source_response",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("url", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column("etag", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
        sa.Column("last_modified", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.Column("fetched_at_utc", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["sync_source.id"],
            name=op.f("fk_source_response_source_id_sync_source"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_source_response")),
        sa.UniqueConstraint("source_id", "url", name=op.f("uq_source_response_source_id_url")),
    )
    op.create_table(
        "document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=True),
        sa.Column("external_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("url", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column("published_on", sa.Date(), nullable=True),
        sa.Column("restricted", sa.Boolean(), nullable=False),
        sa.Column("created_at_utc", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("withdrawn_at_utc", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["agenda_item.id"],
            name=op.f("fk_document_item_id_agenda_item"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
            name=op.f("fk_document_meeting_id_meeting"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document")),
        sa.UniqueConstraint(
            "meeting_id", "external_id", name=op.f("uq_document_meeting_id_external_id")
        ),
    )
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_document_item_id"), ["item_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_document_meeting_id"), ["meeting_id"], unique=False)

    with op.batch_alter_table("agenda_item", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("external_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True)
        )

    with op.batch_alter_table("board", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("autopublish", sa.Boolean(), nullable=False, server_default=sa.false())
        )

    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("external_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True)
        )
        batch_op.add_column(
            sa.Column(
                "site_agenda_published", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
        batch_op.add_column(
            sa.Column(
                "site_minutes_published", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
        batch_op.add_column(
            sa.Column("site_missing", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.create_index(batch_op.f("ix_meeting_source_id"), ["source_id"], unique=False)
        batch_op.create_unique_constraint(
            batch_op.f("uq_meeting_source_id_external_id"), ["source_id", "external_id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_meeting_source_id_sync_source"),
            "sync_source",
            ["source_id"],
            ["id"],
            ondelete="SET NULL",
        )

    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("external_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.drop_column("external_id")

    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_meeting_source_id_sync_source"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("uq_meeting_source_id_external_id"), type_="unique")
        batch_op.drop_index(batch_op.f("ix_meeting_source_id"))
        batch_op.drop_column("site_missing")
        batch_op.drop_column("site_minutes_published")
        batch_op.drop_column("site_agenda_published")
        batch_op.drop_column("external_id")
        batch_op.drop_column("source_id")

    with op.batch_alter_table("board", schema=None) as batch_op:
        batch_op.drop_column("autopublish")

    with op.batch_alter_table("agenda_item", schema=None) as batch_op:
        batch_op.drop_column("external_id")

    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_meeting_id"))
        batch_op.drop_index(batch_op.f("ix_document_item_id"))

    op.drop_table("document")
    op.drop_table("source_response")
    with op.batch_alter_table("external_person", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_external_person_person_id"))

    op.drop_table("external_person")
    with op.batch_alter_table("sync_source", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sync_source_next_sync_at_utc"))
        batch_op.drop_index(batch_op.f("ix_sync_source_board_id"))

    op.drop_table("sync_source")
