"""skills domain."""

route_handlers: list = []
