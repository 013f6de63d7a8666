"""Imports and exports of the bench as CSV. Imports run as ``specialist_import`` jobs."""
