"""SDR Desk: a workstation for Sales Development Reps."""

__version__ = "0.1.0"
