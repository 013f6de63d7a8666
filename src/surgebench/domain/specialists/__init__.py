"""Specialists: the bench recruiters keep."""

route_handlers: list = []
