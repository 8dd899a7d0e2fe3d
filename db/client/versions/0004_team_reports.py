"""team reports: the team's roster, stage milestones (sales acceptance) and activity indexes

The roster names the reps whose activity a team lead's cache holds (away, capacity, active).
Milestones record when a lead became MQL, SQL or an opportunity and who accepted it.
The activity indexes serve the team's funnel (each rep's count of one kind of touch over a
period is one range of ix_activities_funnel) and the activity log, newest first, filtered
without reading the table (covering indexes by time, and by rep and time); the partial index
finds corrections without a table scan.

Revision ID: 0004
Revises: 0003
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "team_members",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("team_id", sa.String(64), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column("away", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("capacity", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_team_members"),
    )
    op.create_table(
        "lead_milestones",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("lead_id", sa.String(36), nullable=False),
        sa.Column("stage", sa.String(32), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("rep_id", sa.String(64), nullable=True),
        sa.Column("accepted_by", sa.String(200), nullable=True),
        sa.Column("recorded_by", sa.String(64), nullable=True),
        sa.ForeignKeyConstraint(["lead_id"], ["leads.id"], name="fk_lead_milestones_lead_id_leads", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_lead_milestones"),
    )
    op.create_index("ix_lead_milestones_at", "lead_milestones", ["at", "stage"])
    op.create_index("ix_lead_milestones_lead", "lead_milestones", ["lead_id"])
    op.create_index(
        "ix_activities_time_cover", "activities", ["occurred_at", "author_id", "channel", "step", "outcome", "lead_id"]
    )
    op.create_index("ix_activities_author_time", "activities", ["author_id", "occurred_at", "channel", "step", "outcome"])
    op.create_index("ix_activities_funnel", "activities", ["author_id", "channel", "outcome", "step", "occurred_at"])
    op.create_index(
        "ix_activities_supersedes", "activities", ["supersedes_id"], sqlite_where=sa.text("supersedes_id IS NOT NULL")
    )


def downgrade() -> None:
    op.drop_index("ix_activities_supersedes", "activities")
    op.drop_index("ix_activities_funnel", "activities")
    op.drop_index("ix_activities_author_time", "activities")
    op.drop_index("ix_activities_time_cover", "activities")
    op.drop_index("ix_lead_milestones_lead", "lead_milestones")
    op.drop_index("ix_lead_milestones_at", "lead_milestones")
    op.drop_table("lead_milestones")
    op.drop_table("team_members")
