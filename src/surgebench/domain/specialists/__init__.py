"""Specialists: the bench recruiters keep (list, filter, open, edit, offboard)."""
