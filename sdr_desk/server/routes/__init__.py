"""HTTP routes of the central server, one module per area, all under /api/v1."""
