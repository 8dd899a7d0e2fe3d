"""The application façade: every use case of the workstation, for the GUI, the CLI and scripts."""

from sdr_desk.desk.changes import NOTHING, Applied, Change, Changes
from sdr_desk.desk.desk import Desk, default_practice_copy

__all__ = ["NOTHING", "Applied", "Change", "Changes", "Desk", "default_practice_copy"]
