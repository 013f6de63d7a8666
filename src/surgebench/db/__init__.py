"""Persistence: declarative base, engine, unit of work. ORM classes live in ``db.orm``."""
