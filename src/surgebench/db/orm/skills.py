"""The skills taxonomy (e.g. ``coding.python``, ``medicine.cardiology``, ``lang.hi``)."""

from __future__ import annotations

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from surgebench.db.base import Base


class Skill(Base):
    __tablename__ = "skills"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    area: Mapped[str] = mapped_column(String(64), index=True)
    """Grouping shown to recruiters: coding, math, medicine, law, languages, …"""
    description: Mapped[str] = mapped_column(Text, default="")
