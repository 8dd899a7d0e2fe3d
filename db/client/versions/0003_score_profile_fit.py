"""leads: whether the stored score says the lead misses the ideal profile (queue's Target step)

Revision ID: 0003
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("leads") as batch:
        batch.add_column(sa.Column("misses_profile", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.create_index("ix_leads_score_rules", ["score_rules"])


def downgrade() -> None:
    with op.batch_alter_table("leads") as batch:
        batch.drop_index("ix_leads_score_rules")
        batch.drop_column("misses_profile")
