"""Audit: recording who changed what (``service.record``) and reading the log back (page and API)."""
