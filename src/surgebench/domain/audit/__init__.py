"""Audit: recording who changed what (``service.record``) and reading the log back (page and API)."""

from surgebench.domain.audit import controllers, pages

route_handlers: list = [*controllers.route_handlers, *pages.route_handlers]
