"""Outcomes: what the lab measured of each engagement, the quality estimate they roll into, and the
program's quality gate."""
