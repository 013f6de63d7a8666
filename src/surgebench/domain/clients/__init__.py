"""Client organisations: the tenants whose programs the vendor staffs."""

from surgebench.domain.clients import controllers

route_handlers: list = [*controllers.route_handlers]
