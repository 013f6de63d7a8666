"""Plain multi-row INSERTs for bulk writes (imports, approvals): what repositories use when a write has
thousands of rows."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import JSON, Table
from sqlalchemy.orm import Session

from surgebench.db.base import Base


def table_of(model: type[Base]) -> Table:
    """The mapped class's table (SQLAlchemy declares ``__table__`` as any ``FromClause``)."""
    return cast(Table, model.__table__)


def insert_plain(db: Session, model: type[Base], columns: Sequence[str], rows: list[list[Any]]) -> None:
    """Insert ``rows`` (values in ``columns`` order; converted in place) into the model's table in one
    driver-level executemany: each column's own bind conversion (dates, UTC timestamps, JSON) is applied
    column by column, skipping SQLAlchemy's per-row parameter handling, which would otherwise take most
    of a large import's time."""
    if not rows:
        return
    table = table_of(model)
    dialect = db.get_bind().dialect
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    placeholders = []
    for index, column in enumerate(columns):
        column_type = table.c[column].type
        convert = column_type.bind_processor(dialect)
        placeholder = mark
        if convert is None and isinstance(column_type, JSON):  # psycopg: SQLAlchemy leaves JSON to a cast
            convert, placeholder = json.dumps, f"CAST({mark} AS JSON)"
        placeholders.append(placeholder)
        if convert is not None:
            for row in rows:
                row[index] = convert(row[index])
    sql = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join(placeholders)})"
    db.connection().exec_driver_sql(sql, [tuple(row) for row in rows])
