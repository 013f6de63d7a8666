"""The staffing solver: a pure function from a surge problem to a plan (no web, no database)."""
