"""Engagements: the continuity record of who worked which cycle, in which role, from when to when —
read per cycle and per person, corrected by audited edits (never deleted), and brought in from years of
past cycles by the history import."""
